/* The project's Gantt view (Frappe Gantt, read-only): tasks from start to due date, milestones, arrows from a task
 * to the tasks it blocks; grouped by column or assignee, zoomed by day, week or month. Data come from the page
 * (json_script "gantt-data"); the page's table holds the same data, so nothing is lost without this file. */
(function () {
  "use strict";

  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  // Frappe Gantt writes names into the SVG as HTML: every text from the database is escaped first.
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

  function groupsOf(tasks, by, labels) {
    if (by === "none") return [{ key: "all", label: labels.labelTasks, tasks }];
    const groups = new Map();
    for (const task of tasks) {
      const key = by === "column" ? `c${task.column_position}-${task.column}` : `a${task.assignee_id || ""}`;
      if (!groups.has(key)) {
        const label = by === "column" ? task.column : task.assignee || labels.labelUnassigned;
        const order = by === "column" ? task.column_position : task.assignee_id ? 0 : 1;
        groups.set(key, { key, label, order, tasks: [] });
      }
      groups.get(key).tasks.push(task);
    }
    return Array.from(groups.values()).sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
  }

  function bars(data, by, labels) {
    const rows = [];
    if (data.milestones.length) {
      for (const milestone of data.milestones) {
        rows.push({
          id: milestone.id,
          name: `◆ ${escape(milestone.title)}`,
          start: milestone.due_on,
          end: milestone.due_on,
          progress: milestone.done ? 100 : 0,
          // Frappe Gantt adds custom_class with classList.add: one token, no spaces.
          custom_class: milestone.done ? "gantt-milestone-done" : "gantt-milestone",
          details: milestone.done ? labels.labelReached : "",
        });
      }
    }
    for (const group of groupsOf(data.tasks, by, labels)) {
      if (by !== "none") {
        const starts = group.tasks.map((task) => task.start).sort();
        const ends = group.tasks.map((task) => task.end).sort();
        rows.push({
          id: `group-${group.key}`.replace(/[^\w-]/g, "_"),
          name: escape(group.label),
          start: starts[0],
          end: ends[ends.length - 1],
          progress: 0,
          custom_class: "gantt-group",
        });
      }
      for (const task of group.tasks) {
        // One class token (classList.add refuses spaces): the column's kind, "-blocked" appended when blocked.
        const customClass = `gantt-kind-${task.column_kind}${task.blocked ? "-blocked" : ""}`;
        rows.push({
          id: task.id,
          name: `#${task.number} ${escape(task.title)}`,
          start: task.start,
          end: task.end,
          progress: task.progress,
          dependencies: task.dependencies.join(","),
          custom_class: customClass,
          details: [task.column, task.assignee, task.blocked ? labels.labelBlocked : ""].filter(Boolean).map(escape).join(" · "),
        });
      }
    }
    return rows;
  }

  function formatDay(value, lang) {
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric" }).format(value);
  }

  function init() {
    const host = document.getElementById("gantt-chart");
    const source = document.getElementById("gantt-data");
    if (!host || !source || typeof Gantt === "undefined") return;
    const data = JSON.parse(source.textContent);
    const labels = host.dataset;
    const lang = document.documentElement.lang || "ru";
    const controls = document.getElementById("gantt-controls");
    const groupSelect = document.getElementById("gantt-group");
    const zoomButtons = controls.querySelectorAll("[data-zoom]");
    let mode = "Week";
    let chart = null;

    function render() {
      host.replaceChildren();
      chart = new Gantt(host, bars(data, groupSelect.value, labels), {
        view_mode: mode,
        readonly: true,
        language: lang,
        today_button: false,
        view_mode_select: false,
        infinite_padding: false,
        bar_height: 22,
        padding: 14,
        lines: "both",
        scroll_to: "today",
        popup_on: "click",
        popup: ({ task, set_title, set_subtitle, set_details }) => {
          set_title(task.name);
          set_subtitle(task.details || "");
          const start = formatDay(task._start, lang);
          const end = formatDay(new Date(task._end.getTime() - 1), lang);
          set_details(start === end ? start : `${start} — ${end}`);
        },
      });
    }

    controls.hidden = false;
    groupSelect.addEventListener("change", render);
    zoomButtons.forEach((button) =>
      button.addEventListener("click", () => {
        mode = button.dataset.zoom;
        zoomButtons.forEach((other) => other.setAttribute("aria-pressed", String(other === button)));
        if (!chart) return;
        chart.change_view_mode(mode);
        chart.scroll_current();
      }),
    );
    render();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
