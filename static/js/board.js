/* The kanban board of a project (templates/projects/board.html).
 *
 * - Draws the columns and cards from the JSON the page embeds (#board-data) and keeps them as the state.
 * - Moves cards with SortableJS (mouse and touch) or the keyboard (Alt+arrows) through
 *   POST /api/v1/tasks/{id}/move/ with the card's version; a stale version (409) shows the server's card, a WIP
 *   refusal (400, code "wip_limit") asks for a reason to override, anything else puts the card back.
 * - Applies the board's websocket deltas (ws/projects/<pk>/board/) to the DOM; after a reconnect it reads the
 *   board once from the API to catch up. The person's own actions come back as events too and are skipped.
 * - Filters (assignee, label, mine, overdue, blocked, sprint, text) run in the page and live in the query string.
 * - The card dialog reads the task's detail, saves it with PATCH (409: the server's values plus the person's
 *   unsaved ones), lists and uploads attachments, deletes, and loads the task's comment thread over HTMX.
 * Every text shown comes translated from #board-texts: this file holds no UI language.
 */
(function () {
  "use strict";

  const root = document.getElementById("board");
  if (!root) return;

  const T = JSON.parse(document.getElementById("board-texts").textContent);
  const API = root.dataset.api;
  const ME = Number(root.dataset.user);
  const TODAY = root.dataset.today;
  const LANG = document.documentElement.lang || "ru";
  const columnsEl = document.getElementById("board-columns");

  const state = {
    project: null,
    may: { contribute: false, change: false },
    columns: new Map(), // id → column
    cards: new Map(), // id → card
    people: new Map(), // id → person
    labels: new Set(),
    sprint: null,
  };
  const columnEls = new Map(); // id → {section, list, count, title, add, form, input, sortable}
  const cardEls = new Map(); // id → element

  // --- small helpers -----------------------------------------------------------------------------------------

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
  }

  /** h("span", {class: "x", title: "…"}, "text", child…): an element built without parsing HTML. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "dataset") Object.assign(el.dataset, value);
      else el.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function icon(name) {
    return h("i", { class: "bi " + name, "aria-hidden": "true" });
  }

  function addDays(iso, days) {
    const date = new Date(iso + "T00:00:00Z");
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  }

  /** "21 дек." / "21 жел. 2027": the month names come translated from the page (T.months). */
  function formatDate(iso, withYear) {
    if (!iso) return "";
    const [year, month, day] = iso.split("-").map(Number);
    const text = day + " " + T.months[month - 1];
    return withYear ? text + " " + year : text;
  }

  function formatDateTime(iso) {
    if (!iso) return "";
    return new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  }

  function formatSize(bytes) {
    const units = T.sizeUnits;
    let value = Number(bytes) || 0;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return new Intl.NumberFormat(LANG, { maximumFractionDigits: unit ? 1 : 0 }).format(value) + " " + units[unit];
  }

  function formatHours(value) {
    return new Intl.NumberFormat(LANG, { maximumFractionDigits: 1 }).format(Number(value));
  }

  /** The first message of a DRF error body: {"detail": …} or {"field": ["…"]} or ["…"]. */
  function errorMessage(data) {
    if (!data) return "";
    if (typeof data === "string") return data;
    if (Array.isArray(data)) return data.map(errorMessage).join(" ");
    if (data.detail) return String(data.detail);
    for (const [key, value] of Object.entries(data)) {
      if (key === "code" || key === "current") continue;
      return errorMessage(value);
    }
    return "";
  }

  async function api(method, url, body) {
    const headers = { Accept: "application/json", "X-CSRFToken": root.dataset.csrf };
    let payload = body;
    if (body !== undefined && !(body instanceof FormData)) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    let data = null;
    if (response.status !== 204) {
      try {
        data = await response.json();
      } catch (error) {
        data = null;
      }
    }
    return { ok: response.ok, status: response.status, data };
  }

  const announcer = document.getElementById("board-announce");
  function announce(text) {
    // Clearing first makes screen readers repeat a message equal to the last one.
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 30);
  }

  function toast(text, kind) {
    const body = h("div", { class: "toast-body" }, text);
    const close = h("button", {
      type: "button",
      class: "btn-close me-2 m-auto" + (kind === "warning" ? "" : " btn-close-white"),
      "data-bs-dismiss": "toast",
      "aria-label": T.close,
    });
    const el = h(
      "div",
      {
        class: "toast align-items-center border-0 text-bg-" + (kind || "dark"),
        role: kind === "danger" ? "alert" : "status",
        "aria-live": kind === "danger" ? "assertive" : "polite",
        "aria-atomic": "true",
      },
      h("div", { class: "d-flex" }, body, close)
    );
    document.getElementById("board-toasts").append(el);
    el.addEventListener("hidden.bs.toast", () => el.remove());
    bootstrap.Toast.getOrCreateInstance(el, { delay: kind === "danger" ? 8000 : 4000 }).show();
  }

  function flash(el) {
    el.classList.remove("is-flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("is-flash");
    window.setTimeout(() => el.classList.remove("is-flash"), 1600);
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // --- the cards -------------------------------------------------------------------------------------------

  function columnOf(card) {
    return state.columns.get(card.column);
  }

  function isDone(card) {
    const column = columnOf(card);
    return Boolean(column && column.kind === "done");
  }

  function isOverdue(card) {
    return Boolean(card.due_on && card.due_on < TODAY && !isDone(card));
  }

  function isDueSoon(card) {
    return Boolean(card.due_on && !isOverdue(card) && !isDone(card) && card.due_on <= addDays(TODAY, 2));
  }

  function cardLabel(card) {
    const parts = [format(T.cardLabel, { number: card.number, title: card.title })];
    const person = state.people.get(card.assignee);
    if (person) parts.push(format(T.assignedTo, { name: person.name }));
    if (card.due_on) parts.push(format(T.due, { date: formatDate(card.due_on, true) }));
    if (isOverdue(card)) parts.push(T.overdue);
    else if (isDueSoon(card)) parts.push(T.dueSoon);
    if (card.priority !== "normal") parts.push(T.priorities[card.priority]);
    if (card.blocked) parts.push(T.blocked);
    if (card.blocked_by.length) parts.push(format(T.blockedBy, { count: card.blocked_by.length }));
    if (card.checklist_total) parts.push(format(T.checklist, { done: card.checklist_done, total: card.checklist_total }));
    if (card.estimate_hours !== null) parts.push(format(T.estimateLong, { hours: formatHours(card.estimate_hours) }));
    if (card.labels.length) parts.push(card.labels.join(", "));
    return parts.join(", ");
  }

  function renderCard(el, card) {
    el.className = "board-card prio-" + card.priority;
    el.classList.toggle("is-blocked", card.blocked);
    el.classList.toggle("is-done", isDone(card));
    el.classList.toggle("is-mine", card.assignee === ME);
    el.setAttribute("aria-label", cardLabel(card));

    const top = h("div", { class: "board-card-top" }, h("span", { class: "board-card-number" }, "#" + card.number));
    if (card.priority !== "normal") {
      top.append(
        h(
          "span",
          { class: "board-card-priority", title: T.priorities[card.priority] },
          icon(T.priorityIcons[card.priority] || "bi-dot")
        )
      );
    }
    if (state.sprint && card.sprint === state.sprint.id) {
      top.append(h("span", { class: "board-card-sprint", title: T.inSprint }, icon("bi-arrow-repeat")));
    }
    if (card.blocked) {
      top.append(h("span", { class: "badge board-card-blocked", title: T.blocked }, icon("bi-slash-circle"), " ", T.blocked));
    }

    const labels = card.labels.length
      ? h("div", { class: "board-card-labels" }, ...card.labels.map((label) => h("span", { class: "board-chip" }, label)))
      : null;

    const meta = h("div", { class: "board-card-meta" });
    if (card.due_on) {
      const due = h(
        "span",
        { class: "board-card-due", title: format(T.due, { date: formatDate(card.due_on, true) }) },
        icon("bi-calendar-event"),
        " ",
        formatDate(card.due_on, card.due_on.slice(0, 4) !== TODAY.slice(0, 4))
      );
      if (isOverdue(card)) due.classList.add("is-overdue");
      else if (isDueSoon(card)) due.classList.add("is-soon");
      meta.append(due);
    }
    if (card.checklist_total) {
      const complete = card.checklist_done === card.checklist_total;
      meta.append(
        h(
          "span",
          {
            class: "board-card-checklist" + (complete ? " is-complete" : ""),
            title: format(T.checklist, { done: card.checklist_done, total: card.checklist_total }),
          },
          icon("bi-check2-square"),
          " ",
          card.checklist_done + "/" + card.checklist_total
        )
      );
    }
    if (card.estimate_hours !== null && card.estimate_hours !== undefined) {
      meta.append(
        h(
          "span",
          { class: "board-card-estimate", title: format(T.estimateLong, { hours: formatHours(card.estimate_hours) }) },
          icon("bi-hourglass-split"),
          " ",
          format(T.estimate, { hours: formatHours(card.estimate_hours) })
        )
      );
    }
    if (card.blocked_by.length) {
      const blockers = card.blocked_by
        .map((id) => state.cards.get(id))
        .filter(Boolean)
        .map((other) => "#" + other.number + " " + other.title);
      meta.append(
        h(
          "span",
          {
            class: "board-card-deps",
            title: [format(T.blockedBy, { count: card.blocked_by.length }), ...blockers].join("\n"),
          },
          icon("bi-link-45deg"),
          " ",
          card.blocked_by.length
        )
      );
    }
    const person = state.people.get(card.assignee);
    meta.append(
      person
        ? h("span", { class: "board-avatar", title: person.name }, person.initials)
        : h("span", { class: "board-avatar is-empty", title: T.nobody }, icon("bi-person"))
    );

    el.replaceChildren(top, h("div", { class: "board-card-title" }, card.title), labels || "", meta);
  }

  function createCardEl(id) {
    const el = h("div", { class: "board-card", tabindex: "0", role: "button", dataset: { id: String(id) } });
    el.setAttribute("aria-describedby", "board-help");
    cardEls.set(id, el);
    return el;
  }

  function cardKey(id) {
    const card = state.cards.get(id);
    return card ? [Number(card.position), id] : [Infinity, id];
  }

  function before(a, b) {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }

  /** Put the card's element where its position says among the cards of its column. */
  function placeByPosition(el, card) {
    const column = columnEls.get(card.column);
    if (!column) {
      el.remove();
      return;
    }
    const key = [Number(card.position), card.id];
    let next = null;
    for (const sibling of column.list.children) {
      if (sibling === el || !sibling.dataset.id) continue;
      if (before(key, cardKey(Number(sibling.dataset.id)))) {
        next = sibling;
        break;
      }
    }
    if (el.parentElement !== column.list || el.nextElementSibling !== next) column.list.insertBefore(el, next);
  }

  function mergePeople(people) {
    for (const person of people || []) state.people.set(person.id, person);
  }

  const CARD_KEYS = [
    "id", "number", "title", "column", "position", "assignee", "due_on", "starts_on", "priority", "labels",
    "blocked", "estimate_hours", "checklist_done", "checklist_total", "blocked_by", "sprint", "version",
  ];

  /** A card from a card or a task's detail (which has the checklist items instead of the counts). */
  function asCard(data) {
    const card = {};
    for (const key of CARD_KEYS) card[key] = data[key];
    if (Array.isArray(data.checklist) && card.checklist_total === undefined) {
      card.checklist_total = data.checklist.length;
      card.checklist_done = data.checklist.filter((item) => item.done).length;
    }
    card.labels = card.labels || [];
    card.blocked_by = card.blocked_by || [];
    if (card.estimate_hours === undefined) card.estimate_hours = null;
    return card;
  }

  /** Add or refresh a card; `place` puts it where its column and position say (off for the own drag's result). */
  function upsertCard(data, options) {
    const opts = Object.assign({ place: true, flash: false }, options);
    const card = asCard(data);
    const old = state.cards.get(card.id);
    state.cards.set(card.id, card);
    for (const label of card.labels) state.labels.add(label);
    let el = cardEls.get(card.id);
    const isNew = !el;
    if (isNew) el = createCardEl(card.id);
    renderCard(el, card);
    if (isNew || (opts.place && (!old || old.column !== card.column || Number(old.position) !== Number(card.position)))) {
      const focused = document.activeElement === el;
      placeByPosition(el, card);
      if (focused) el.focus();
    }
    if (opts.flash) flash(el);
    applyFilters();
    return el;
  }

  function removeCard(id) {
    const el = cardEls.get(id);
    state.cards.delete(id);
    cardEls.delete(id);
    if (!el) return;
    const focused = document.activeElement === el;
    const neighbour = visibleNeighbour(el, 1) || visibleNeighbour(el, -1);
    el.classList.add("is-leaving");
    window.setTimeout(() => {
      el.remove();
      applyFilters();
    }, 250);
    if (focused && neighbour) neighbour.focus();
  }

  // --- the columns -----------------------------------------------------------------------------------------

  function orderedColumns() {
    return Array.from(state.columns.values()).sort((a, b) => a.position - b.position || a.id - b.id);
  }

  function buildColumn(column) {
    const titleId = "board-column-" + column.id;
    const title = h("h2", { class: "board-column-title", id: titleId });
    const count = h("span", { class: "board-column-count" });
    const list = h("div", {
      class: "board-cards",
      dataset: { columnId: String(column.id), empty: T.noCards },
      role: "group",
      "aria-labelledby": titleId,
    });
    const section = h(
      "section",
      { class: "board-column", dataset: { columnId: String(column.id) }, "aria-labelledby": titleId },
      h("header", { class: "board-column-header" }, title, count),
      list
    );
    const parts = { section, list, count, title };
    if (state.may.contribute) {
      const add = h("button", { type: "button", class: "btn btn-sm board-add" }, icon("bi-plus-lg"), " ", T.addTask);
      const input = h("textarea", {
        class: "form-control form-control-sm",
        rows: "2",
        maxlength: "300",
        placeholder: T.addTaskPlaceholder,
        "aria-label": T.addTaskPlaceholder,
      });
      const form = h("form", { class: "board-quick-add", hidden: true }, input);
      section.append(h("footer", { class: "board-column-footer" }, add, form));
      Object.assign(parts, { add, form, input });
      add.addEventListener("click", () => openQuickAdd(column.id));
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey) {
          event.preventDefault();
          quickAdd(column.id);
        } else if (event.key === "Escape") {
          event.preventDefault();
          event.stopPropagation();
          closeQuickAdd(column.id, true);
        }
      });
      input.addEventListener("blur", () => {
        if (!input.value.trim() && !input.dataset.busy) closeQuickAdd(column.id, false);
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        quickAdd(column.id);
      });
    }
    if (window.Sortable) {
      parts.sortable = Sortable.create(list, {
        group: "board",
        draggable: ".board-card",
        animation: 150,
        disabled: !state.may.contribute,
        ghostClass: "is-ghost",
        chosenClass: "is-chosen",
        dragClass: "is-dragging",
        forceFallback: false,
        onStart: (event) => {
          root.classList.add("is-dragging");
          dragOrigin = { list: event.from, next: event.item.nextElementSibling };
        },
        onEnd: (event) => {
          root.classList.remove("is-dragging");
          const origin = dragOrigin;
          dragOrigin = null;
          if (event.from === event.to && event.oldIndex === event.newIndex) return;
          commitMove(event.item, origin);
        },
      });
    }
    columnEls.set(column.id, parts);
    return parts;
  }

  function renderColumnHeader(column) {
    const parts = columnEls.get(column.id);
    parts.title.textContent = column.name;
    parts.section.dataset.kind = column.kind;
    parts.list.setAttribute("aria-label", format(T.column, { name: column.name }));
  }

  function upsertColumn(column) {
    state.columns.set(column.id, column);
    if (!columnEls.has(column.id)) buildColumn(column);
    renderColumnHeader(column);
    layoutColumns();
    // A column's kind decides whether its cards are done (no overdue marks).
    for (const card of state.cards.values()) if (card.column === column.id) renderCard(cardEls.get(card.id), card);
    applyFilters();
  }

  function removeColumn(id) {
    const parts = columnEls.get(id);
    state.columns.delete(id);
    columnEls.delete(id);
    if (!parts) return;
    if (parts.sortable) parts.sortable.destroy();
    parts.section.remove();
  }

  function layoutColumns() {
    const ordered = orderedColumns();
    ordered.forEach((column, index) => {
      const section = columnEls.get(column.id).section;
      if (columnsEl.children[index] !== section) columnsEl.insertBefore(section, columnsEl.children[index] || null);
    });
  }

  /** The server's whole order of a column after a renumbering. */
  function applyOrder(columnId, order, positions) {
    const parts = columnEls.get(columnId);
    if (!parts) return;
    order.forEach((id, index) => {
      const card = state.cards.get(id);
      if (!card) return;
      if (positions) card.position = positions[index];
      card.column = columnId;
      const el = cardEls.get(id);
      if (el && dragOrigin === null) parts.list.append(el);
    });
  }

  // --- filters ---------------------------------------------------------------------------------------------

  const filterForm = document.getElementById("board-filters");
  const FILTER_NAMES = ["q", "assignee", "label", "mine", "overdue", "blocked", "sprint"];
  const filters = {};

  function readFilters() {
    for (const name of FILTER_NAMES) {
      const field = filterForm.elements[name];
      filters[name] = field.type === "checkbox" ? field.checked : field.value.trim();
    }
  }

  function writeQuery() {
    const params = new URLSearchParams(window.location.search);
    for (const name of FILTER_NAMES) {
      const value = filters[name];
      if (value === true) params.set(name, "1");
      else if (value) params.set(name, value);
      else params.delete(name);
    }
    const query = params.toString();
    window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function filtersActive() {
    return FILTER_NAMES.some((name) => filters[name]);
  }

  function matches(card) {
    if (filters.assignee === "none" && card.assignee !== null) return false;
    if (filters.assignee && filters.assignee !== "none" && String(card.assignee) !== filters.assignee) return false;
    if (filters.label && !card.labels.includes(filters.label)) return false;
    if (filters.mine && card.assignee !== ME) return false;
    if (filters.overdue && !isOverdue(card)) return false;
    if (filters.blocked && !card.blocked) return false;
    if (filters.sprint && !(state.sprint && card.sprint === state.sprint.id)) return false;
    if (filters.q) {
      const person = state.people.get(card.assignee);
      const text = ["#" + card.number, card.title, card.labels.join(" "), person ? person.name : ""]
        .join(" ")
        .toLowerCase();
      if (!filters.q.toLowerCase().split(/\s+/).every((word) => text.includes(word))) return false;
    }
    return true;
  }

  /** Hide what the filters exclude and recount the columns (hidden cards do not count against the WIP). */
  function applyFilters() {
    let shown = 0;
    for (const [id, el] of cardEls) {
      const card = state.cards.get(id);
      const visible = card ? matches(card) : false;
      el.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const column of state.columns.values()) {
      const parts = columnEls.get(column.id);
      const count = parts.list.querySelectorAll(".board-card:not([hidden]):not(.is-leaving)").length;
      parts.list.classList.toggle("is-empty", count === 0);
      const limit = column.wip_limit;
      parts.count.textContent = limit ? count + "/" + limit : String(count);
      parts.count.title = limit ? format(T.wip, { count, limit }) : format(T.count, { count });
      parts.section.classList.toggle("is-at-limit", Boolean(limit) && count === limit);
      parts.section.classList.toggle("is-over-limit", Boolean(limit) && count > limit);
    }
    document.getElementById("board-clear").hidden = !filtersActive();
    document.getElementById("board-filter-count").textContent = filtersActive()
      ? format(T.shown, { shown, total: state.cards.size })
      : "";
  }

  function fillFilterChoices() {
    const assignee = filterForm.elements.assignee;
    const label = filterForm.elements.label;
    const keepAssignee = assignee.value || new URLSearchParams(window.location.search).get("assignee") || "";
    const keepLabel = label.value || new URLSearchParams(window.location.search).get("label") || "";
    Array.from(assignee.options).slice(2).forEach((option) => option.remove());
    for (const person of Array.from(state.people.values()).sort((a, b) => a.name.localeCompare(b.name, LANG))) {
      assignee.append(h("option", { value: String(person.id) }, person.name));
    }
    Array.from(label.options).slice(1).forEach((option) => option.remove());
    for (const name of Array.from(state.labels).sort((a, b) => a.localeCompare(b, LANG))) {
      label.append(h("option", { value: name }, name));
    }
    assignee.value = keepAssignee;
    label.value = keepLabel;
    const sprintToggle = filterForm.elements.sprint;
    sprintToggle.hidden = !state.sprint;
    filterForm.querySelector('label[for="board-sprint"]').hidden = !state.sprint;
    const goal = document.getElementById("board-sprint-goal");
    goal.hidden = !(state.sprint && state.sprint.goal);
    if (state.sprint) goal.querySelector("span").textContent = state.sprint.goal || "";
  }

  function initFilters() {
    const params = new URLSearchParams(window.location.search);
    for (const name of FILTER_NAMES) {
      const field = filterForm.elements[name];
      const value = params.get(name);
      if (field.type === "checkbox") field.checked = value === "1";
      else if (value !== null) field.value = value;
    }
    readFilters();
    const changed = () => {
      readFilters();
      writeQuery();
      applyFilters();
    };
    filterForm.addEventListener("input", changed);
    filterForm.addEventListener("change", changed);
    document.getElementById("board-clear").addEventListener("click", () => {
      filterForm.reset();
      for (const name of FILTER_NAMES) {
        const field = filterForm.elements[name];
        if (field.type === "checkbox") field.checked = false;
        else field.value = "";
      }
      changed();
    });
    filterForm.elements.q.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && filterForm.elements.q.value) {
        event.preventDefault();
        filterForm.elements.q.value = "";
        changed();
      }
    });
  }

  // --- moving ----------------------------------------------------------------------------------------------

  let dragOrigin = null;

  function visibleCards(list) {
    return Array.from(list.querySelectorAll(".board-card:not([hidden]):not(.is-leaving)"));
  }

  function visibleNeighbour(el, step) {
    let sibling = step > 0 ? el.nextElementSibling : el.previousElementSibling;
    while (sibling && (sibling.hidden || sibling.classList.contains("is-leaving"))) {
      sibling = step > 0 ? sibling.nextElementSibling : sibling.previousElementSibling;
    }
    return sibling;
  }

  function nextCard(el) {
    let sibling = el.nextElementSibling;
    while (sibling && !sibling.dataset.id) sibling = sibling.nextElementSibling;
    return sibling;
  }

  function revert(el, origin) {
    if (!origin || !origin.list.isConnected) return;
    const next = origin.next && origin.next.parentElement === origin.list ? origin.next : null;
    origin.list.insertBefore(el, next);
    applyFilters();
  }

  function announceMove(el, card) {
    const list = el.parentElement;
    const visible = visibleCards(list);
    const column = columnOf(card);
    announce(
      format(T.moved, {
        number: card.number,
        column: column ? column.name : "",
        position: visible.indexOf(el) + 1,
        count: visible.length,
      })
    );
  }

  /** Ask for a reason to go over a column's WIP limit; resolves to the reason or null when cancelled. */
  function askOverride(message) {
    const modalEl = document.getElementById("board-wip");
    const form = document.getElementById("board-wip-form");
    const reason = document.getElementById("board-wip-reason");
    const modal = bootstrap.Modal.getOrCreateInstance(modalEl);
    document.getElementById("board-wip-message").textContent = message;
    reason.value = "";
    const returnFocus = document.activeElement;
    return new Promise((resolve) => {
      let answer = null;
      const submit = (event) => {
        event.preventDefault();
        if (!reason.value.trim()) {
          reason.focus();
          return;
        }
        answer = reason.value.trim();
        modal.hide();
      };
      const shown = () => reason.focus();
      const hidden = () => {
        form.removeEventListener("submit", submit);
        modalEl.removeEventListener("shown.bs.modal", shown);
        modalEl.removeEventListener("hidden.bs.modal", hidden);
        if (returnFocus && returnFocus.isConnected) returnFocus.focus();
        resolve(answer);
      };
      form.addEventListener("submit", submit);
      modalEl.addEventListener("shown.bs.modal", shown);
      modalEl.addEventListener("hidden.bs.modal", hidden);
      modal.show();
    });
  }

  /** Send the move the DOM already shows (the card is where it was dropped); fix the DOM from the answer. */
  async function commitMove(el, origin, overrideReason) {
    const id = Number(el.dataset.id);
    const card = state.cards.get(id);
    if (!card || !el.parentElement) return;
    const columnId = Number(el.parentElement.dataset.columnId);
    const next = nextCard(el);
    const body = { column: columnId, before: next ? Number(next.dataset.id) : null, version: card.version };
    if (overrideReason) body.override_reason = overrideReason;
    applyFilters(); // the column counts show the card where it was dropped while the server decides
    el.classList.add("is-saving");
    el.dataset.saving = "1";
    let result;
    try {
      result = await api("POST", API + "tasks/" + id + "/move/", body);
    } catch (error) {
      result = null;
    } finally {
      el.classList.remove("is-saving");
      delete el.dataset.saving;
    }
    if (result === null) {
      revert(el, origin);
      toast(T.networkError, "danger");
      return;
    }
    if (result.ok) {
      upsertCard(result.data, { place: false });
      announceMove(el, state.cards.get(id));
      return;
    }
    if (result.status === 409 && result.data && result.data.current) {
      upsertCard(result.data.current, { place: true, flash: true });
      const current = state.cards.get(id);
      if (current) placeByPosition(el, current);
      applyFilters();
      toast(T.conflict, "warning");
      announce(T.conflict);
      return;
    }
    if (result.status === 400 && result.data && result.data.code === "wip_limit") {
      const reason = await askOverride(errorMessage(result.data.column || result.data));
      if (reason) {
        await commitMove(el, origin, reason);
        return;
      }
      revert(el, origin);
      const column = columnOf(card);
      announce(format(T.movedBack, { number: card.number, column: column ? column.name : "" }));
      return;
    }
    if (result.status === 404) {
      removeCard(id);
      toast(T.deletedElsewhere, "warning");
      return;
    }
    revert(el, origin);
    toast(format(T.error, { message: errorMessage(result.data) || result.status }), "danger");
  }

  /** Alt+arrows: the card goes up, down, or to the same row of the previous or next column. */
  function keyboardMove(el, key) {
    if (!state.may.contribute || el.dataset.saving) return;
    const list = el.parentElement;
    const origin = { list, next: el.nextElementSibling };
    if (key === "ArrowUp") {
      const previous = visibleNeighbour(el, -1);
      if (!previous) return;
      list.insertBefore(el, previous);
    } else if (key === "ArrowDown") {
      const following = visibleNeighbour(el, 1);
      if (!following) return;
      list.insertBefore(el, following.nextElementSibling);
    } else {
      const ordered = orderedColumns();
      const index = ordered.findIndex((column) => column.id === Number(list.dataset.columnId));
      const target = ordered[index + (key === "ArrowRight" ? 1 : -1)];
      if (!target) return;
      const row = visibleCards(list).indexOf(el);
      const targetList = columnEls.get(target.id).list;
      targetList.insertBefore(el, visibleCards(targetList)[row] || null);
    }
    el.focus();
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
    commitMove(el, origin);
  }

  /** Arrows without Alt: go from card to card (up and down a column, left and right across columns). */
  function keyboardFocus(el, key) {
    if (key === "ArrowUp" || key === "ArrowDown") {
      const target = visibleNeighbour(el, key === "ArrowDown" ? 1 : -1);
      if (target) target.focus();
      return;
    }
    const ordered = orderedColumns();
    const list = el.parentElement;
    const row = visibleCards(list).indexOf(el);
    let index = ordered.findIndex((column) => column.id === Number(list.dataset.columnId));
    const step = key === "ArrowRight" ? 1 : -1;
    for (index += step; index >= 0 && index < ordered.length; index += step) {
      const cards = visibleCards(columnEls.get(ordered[index].id).list);
      if (cards.length) {
        cards[Math.min(row, cards.length - 1)].focus();
        return;
      }
    }
  }

  function onCardKey(event) {
    const el = event.target.closest(".board-card");
    if (!el || event.target !== el) return;
    const arrows = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"];
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openDialog(Number(el.dataset.id));
    } else if (arrows.includes(event.key) && event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      keyboardMove(el, event.key);
    } else if (arrows.includes(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      keyboardFocus(el, event.key);
    }
  }

  // --- quick add -------------------------------------------------------------------------------------------

  function openQuickAdd(columnId) {
    const parts = columnEls.get(columnId);
    if (!parts || !parts.form) return;
    parts.add.hidden = true;
    parts.form.hidden = false;
    parts.input.focus();
    parts.section.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function closeQuickAdd(columnId, focusButton) {
    const parts = columnEls.get(columnId);
    if (!parts || !parts.form) return;
    parts.input.value = "";
    parts.form.hidden = true;
    parts.add.hidden = false;
    if (focusButton) parts.add.focus();
  }

  async function quickAdd(columnId, overrideReason) {
    const parts = columnEls.get(columnId);
    const title = parts.input.value.trim();
    if (!title) {
      closeQuickAdd(columnId, true);
      return;
    }
    const body = { project: state.project.id, title, column: columnId };
    if (overrideReason) body.override_reason = overrideReason;
    parts.input.dataset.busy = "1";
    parts.input.readOnly = true;
    let result;
    try {
      result = await api("POST", API + "tasks/", body);
    } catch (error) {
      result = null;
    } finally {
      parts.input.readOnly = false;
      delete parts.input.dataset.busy;
    }
    if (result && result.ok) {
      const el = upsertCard(result.data, { place: true, flash: true });
      const column = state.columns.get(columnId);
      announce(format(T.created, { number: result.data.number, column: column ? column.name : "" }));
      parts.input.value = "";
      parts.input.focus();
      el.scrollIntoView({ block: "nearest" });
      return;
    }
    if (result && result.status === 400 && result.data && result.data.code === "wip_limit") {
      const reason = await askOverride(errorMessage(result.data.column || result.data));
      if (reason) await quickAdd(columnId, reason);
      else parts.input.focus();
      return;
    }
    toast(result ? format(T.error, { message: errorMessage(result.data) || result.status }) : T.networkError, "danger");
    parts.input.focus();
  }

  // --- the card dialog -------------------------------------------------------------------------------------

  const dialogEl = document.getElementById("task-dialog");
  const form = document.getElementById("task-form");
  const dialog = {
    id: null,
    task: null, // the detail as last read or saved
    returnFocus: null,
    mine: null, // the person's unsaved values after a 409
  };
  const $ = (selector) => dialogEl.querySelector(selector);
  const EDITABLE = [
    "title", "description", "assignee", "starts_on", "due_on", "priority", "labels", "checklist", "blocked",
    "blocked_reason", "estimate_hours", "blocked_by",
  ];

  function fieldLabel(name) {
    const field = form.elements[name];
    if (name === "checklist") return $("legend").textContent.trim();
    const label = field && field.id ? form.querySelector('label[for="' + field.id + '"]') : null;
    return label ? label.textContent.trim() : name;
  }

  function checklistItem(item) {
    const template = document.getElementById("task-checklist-item");
    const li = template.content.firstElementChild.cloneNode(true);
    li.querySelector("[data-item-done]").checked = Boolean(item.done);
    li.querySelector("[data-item-text]").value = item.text;
    return li;
  }

  function readChecklist() {
    return Array.from($("[data-checklist]").children)
      .map((li) => ({
        text: li.querySelector("[data-item-text]").value.trim(),
        done: li.querySelector("[data-item-done]").checked,
      }))
      .filter((item) => item.text);
  }

  function updateChecklistProgress() {
    const items = readChecklist();
    const done = items.filter((item) => item.done).length;
    $("[data-checklist-progress]").textContent = items.length ? done + "/" + items.length : "";
    $("[data-checklist-bar]").style.width = items.length ? (100 * done) / items.length + "%" : "0";
    $(".task-checklist-bar").hidden = !items.length;
  }

  function fillPeople(selected) {
    const select = form.elements.assignee;
    Array.from(select.options).slice(1).forEach((option) => option.remove());
    const people = Array.from(state.people.values()).sort((a, b) => a.name.localeCompare(b.name, LANG));
    for (const person of people) select.append(h("option", { value: String(person.id) }, person.name));
    select.value = selected === null || selected === undefined ? "" : String(selected);
  }

  function fillBlockers(task) {
    const select = form.elements.blocked_by;
    const chosen = new Set((task.blocked_by || []).map(Number));
    select.replaceChildren();
    const others = Array.from(state.cards.values())
      .filter((card) => card.id !== task.id)
      .sort((a, b) => a.number - b.number);
    for (const card of others) {
      const option = h("option", { value: String(card.id) }, "#" + card.number + " " + card.title);
      option.selected = chosen.has(card.id);
      select.append(option);
    }
  }

  /** Put values into the editable fields: all of a detail, or only the keys given (the person's own changes). */
  function writeFields(values) {
    const elements = form.elements;
    const has = (name) => Object.prototype.hasOwnProperty.call(values, name);
    const text = (name) => {
      if (has(name)) elements[name].value = values[name] || "";
    };
    ["title", "description", "starts_on", "due_on", "blocked_reason"].forEach(text);
    if (has("assignee")) elements.assignee.value = values.assignee === null ? "" : String(values.assignee);
    if (has("priority")) elements.priority.value = values.priority || "normal";
    if (has("labels")) elements.labels.value = (values.labels || []).join(", ");
    if (has("blocked")) elements.blocked.checked = Boolean(values.blocked);
    if (has("estimate_hours")) {
      elements.estimate_hours.value = values.estimate_hours === null ? "" : Number(values.estimate_hours);
    }
    if (has("blocked_by")) {
      const chosen = new Set((values.blocked_by || []).map(Number));
      for (const option of elements.blocked_by.options) option.selected = chosen.has(Number(option.value));
    }
    if (has("checklist")) $("[data-checklist]").replaceChildren(...(values.checklist || []).map(checklistItem));
    updateChecklistProgress();
    updateBlocked();
    renderLabelSuggestions();
  }

  function readFields() {
    const elements = form.elements;
    const labels = [];
    for (const label of elements.labels.value.split(",")) {
      const clean = label.trim();
      if (clean && !labels.includes(clean)) labels.push(clean);
    }
    return {
      title: elements.title.value.trim(),
      description: elements.description.value,
      assignee: elements.assignee.value ? Number(elements.assignee.value) : null,
      starts_on: elements.starts_on.value || null,
      due_on: elements.due_on.value || null,
      priority: elements.priority.value,
      labels,
      checklist: readChecklist(),
      blocked: elements.blocked.checked,
      blocked_reason: elements.blocked.checked ? elements.blocked_reason.value.trim() : "",
      estimate_hours: elements.estimate_hours.value === "" ? null : elements.estimate_hours.value,
      blocked_by: Array.from(elements.blocked_by.selectedOptions).map((option) => Number(option.value)),
    };
  }

  function sameValue(name, a, b) {
    if (name === "estimate_hours") return (a === null ? null : Number(a)) === (b === null ? null : Number(b));
    if (name === "blocked_by") return JSON.stringify([...(a || [])].sort()) === JSON.stringify([...(b || [])].sort());
    if (name === "checklist") {
      const norm = (list) => JSON.stringify((list || []).map((item) => [item.text, Boolean(item.done)]));
      return norm(a) === norm(b);
    }
    if (name === "blocked_reason" || name === "description") return (a || "").trim() === (b || "").trim();
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  function describeValue(name, value) {
    if (value === null || value === undefined || value === "") return "—";
    if (name === "assignee") return (state.people.get(value) || { name: String(value) }).name;
    if (name === "priority") return T.priorities[value] || value;
    if (name === "labels") return value.join(", ") || "—";
    if (name === "blocked") return value ? "✓" : "—";
    if (name === "checklist") return value.map((item) => (item.done ? "☑ " : "☐ ") + item.text).join("\n") || "—";
    if (name === "blocked_by") {
      return value.map((id) => "#" + ((state.cards.get(id) || { number: id }).number)).join(", ") || "—";
    }
    if (name === "due_on" || name === "starts_on") return formatDate(value, true);
    return String(value);
  }

  function renderAttachments(attachments) {
    const list = $("[data-attachments]");
    list.replaceChildren(
      ...(attachments || []).map((file) =>
        h(
          "li",
          { class: "task-attachment", dataset: { id: String(file.id) } },
          icon("bi-file-earmark"),
          " ",
          h("a", { href: file.url, download: file.name }, file.name),
          " ",
          h("span", { class: "small text-muted" }, formatSize(file.size)),
          state.may.contribute
            ? h(
                "button",
                {
                  type: "button",
                  class: "btn btn-sm btn-link text-muted",
                  title: format(T.removeFile, { name: file.name }),
                  "aria-label": format(T.removeFile, { name: file.name }),
                  dataset: { removeAttachment: String(file.id) },
                },
                icon("bi-x-lg")
              )
            : null
        )
      )
    );
  }

  async function removeAttachment(aid) {
    if (!dialog.task) return;
    let result;
    try {
      result = await api("DELETE", API + "tasks/" + dialog.id + "/attachments/" + aid + "/");
    } catch (error) {
      result = { ok: false, status: 0, data: { detail: T.networkError } };
    }
    if (!result.ok && result.status !== 404) {
      showErrors(result.data || { detail: String(result.status) });
      return;
    }
    dialog.task.attachments = (dialog.task.attachments || []).filter((file) => file.id !== aid);
    renderAttachments(dialog.task.attachments);
  }

  function renderLabelSuggestions() {
    const wrap = $("[data-label-suggestions]");
    const current = new Set(readFields().labels);
    wrap.replaceChildren(
      ...Array.from(state.labels)
        .filter((label) => !current.has(label))
        .sort((a, b) => a.localeCompare(b, LANG))
        .slice(0, 12)
        .map((label) =>
          h("button", { type: "button", class: "board-chip is-suggestion", dataset: { label } }, "+ ", label)
        )
    );
    wrap.hidden = !state.may.contribute || !wrap.children.length;
  }

  function updateBlocked() {
    $("[data-blocked-reason-wrap]").hidden = !form.elements.blocked.checked;
  }

  function showErrors(data) {
    const box = $("[data-task-errors]");
    form.querySelectorAll(".is-invalid").forEach((field) => field.classList.remove("is-invalid"));
    if (!data) {
      box.hidden = true;
      return;
    }
    const lines = [];
    if (typeof data === "object" && !Array.isArray(data)) {
      for (const [name, value] of Object.entries(data)) {
        if (name === "code" || name === "current") continue;
        const message = errorMessage(value);
        if (name === "detail" || name === "non_field_errors") lines.push(message);
        else lines.push(fieldLabel(name) + ": " + message);
        const field = form.elements[name];
        if (field && field.classList) field.classList.add("is-invalid");
      }
    } else {
      lines.push(errorMessage(data));
    }
    box.replaceChildren(...lines.map((line) => h("div", {}, line)));
    box.hidden = !lines.length;
  }

  function clearDialogMessages() {
    showErrors(null);
    $("[data-task-conflict]").hidden = true;
    $("[data-task-notice]").hidden = true;
    dialog.mine = null;
  }

  function setReadOnly(readOnly) {
    for (const element of form.querySelectorAll(".modal-body input, .modal-body textarea, .modal-body select")) {
      element.disabled = readOnly;
    }
  }

  function fillDialog(task) {
    dialog.task = task;
    $("[data-task-number]").textContent = "#" + task.number;
    const column = state.columns.get(task.column);
    $("[data-task-column]").textContent = column ? column.name : "";
    fillPeople(task.assignee);
    fillBlockers(task);
    writeFields(task);
    renderAttachments(task.attachments);
    const facts = $("[data-task-facts]");
    const creator = state.people.get(task.created_by);
    facts.querySelector('[data-fact="created"]').textContent =
      formatDateTime(task.created_at) + (creator ? " · " + creator.name : "");
    facts.querySelector('[data-fact="updated"]').textContent = formatDateTime(task.updated_at);
    facts.querySelector('[data-fact="done"]').textContent = formatDateTime(task.done_at);
    facts.querySelector('[data-fact="done"]').hidden = !task.done_at;
    facts.querySelector("[data-fact-done-label]").hidden = !task.done_at;
    setReadOnly(!state.may.contribute);
  }

  function loadComments(id) {
    const slot = $("[data-task-comments]");
    slot.replaceChildren();
    const pattern = root.dataset.commentsUrl;
    if (!pattern || !window.htmx) return;
    const url = pattern.replace(/\/0\/(?=[^/]*$)/, "/" + id + "/");
    const thread = h(
      "div",
      { "hx-get": url, "hx-trigger": "load", "hx-swap": "innerHTML", class: "card comments-slot" },
      h("div", { class: "card-body text-muted small" }, T.loading)
    );
    slot.append(thread);
    htmx.process(thread);
  }

  function setTaskParam(id) {
    const params = new URLSearchParams(window.location.search);
    if (id) params.set("task", String(id));
    else params.delete("task");
    const query = params.toString();
    window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : ""));
  }

  async function openDialog(id) {
    dialog.id = id;
    dialog.task = null;
    dialog.returnFocus = cardEls.get(id) || document.activeElement;
    clearDialogMessages();
    $("[data-task-loading]").hidden = false;
    $("[data-task-body]").hidden = true;
    const card = state.cards.get(id);
    $("[data-task-number]").textContent = card ? "#" + card.number : "";
    $("[data-task-column]").textContent = "";
    for (const button of form.querySelectorAll("[data-task-save], [data-task-delete]")) button.disabled = true;
    bootstrap.Modal.getOrCreateInstance(dialogEl).show();
    setTaskParam(id);
    let result;
    try {
      result = await api("GET", API + "tasks/" + id + "/");
    } catch (error) {
      result = { ok: false, status: 0, data: { detail: T.networkError } };
    }
    if (dialog.id !== id) return;
    $("[data-task-loading]").hidden = true;
    if (!result.ok) {
      showErrors(result.data || { detail: String(result.status) });
      return;
    }
    if (result.data.project !== state.project.id) {
      showErrors({ detail: T.notOnBoard });
      return;
    }
    fillDialog(result.data);
    $("[data-task-body]").hidden = false;
    for (const button of form.querySelectorAll("[data-task-save], [data-task-delete]")) button.disabled = false;
    loadComments(id);
    if (state.may.contribute) form.elements.title.focus();
  }

  async function saveDialog() {
    if (!dialog.task || !state.may.contribute) return;
    const values = readFields();
    const payload = { version: dialog.task.version };
    for (const name of EDITABLE) {
      if (!sameValue(name, values[name], dialog.task[name])) payload[name] = values[name];
    }
    const saveButton = $("[data-task-save]");
    saveButton.disabled = true;
    let result;
    try {
      result = await api("PATCH", API + "tasks/" + dialog.id + "/", payload);
    } catch (error) {
      result = { ok: false, status: 0, data: { detail: T.networkError } };
    } finally {
      saveButton.disabled = false;
    }
    if (result.ok) {
      upsertCard(result.data, { place: true });
      toast(format(T.saved, { number: result.data.number }), "success");
      dialog.task = result.data;
      bootstrap.Modal.getInstance(dialogEl).hide();
      return;
    }
    if (result.status === 409 && result.data && result.data.current) {
      const mine = Object.assign({}, payload);
      delete mine.version;
      showConflict(mine, result.data.current, result.data.detail);
      return;
    }
    showErrors(result.data || { detail: String(result.status) });
  }

  /** 409: the form shows the saved task; the fields the person changed stay listed with a way to put them back
   * (only those: re-applying must not undo the other person's changes to the rest). */
  function showConflict(mine, current, detail) {
    upsertCard(current, { place: true, flash: true });
    fillDialog(current);
    showErrors(null);
    const changed = Object.keys(mine).filter((name) => !sameValue(name, mine[name], current[name]));
    dialog.mine = {};
    for (const name of changed) dialog.mine[name] = mine[name];
    const list = $("[data-task-conflict-list]");
    list.replaceChildren();
    for (const name of changed) {
      list.append(
        h("dt", {}, fieldLabel(name)),
        h("dd", {}, h("span", { class: "visually-hidden" }, T.yourValue + ": "), describeValue(name, mine[name]))
      );
    }
    $("[data-task-conflict-message]").textContent = (detail ? detail + " " : "") + T.conflictDialog;
    $("[data-task-reapply]").hidden = !changed.length;
    $("[data-task-conflict]").hidden = false;
    $("[data-task-conflict]").scrollIntoView({ block: "nearest" });
  }

  async function uploadAttachment() {
    const input = $("[data-attachment-file]");
    if (!input.files.length || !dialog.task) return;
    const button = $("[data-attachment-upload]");
    const body = new FormData();
    body.append("file", input.files[0]);
    button.disabled = true;
    let result;
    try {
      result = await api("POST", API + "tasks/" + dialog.id + "/attachments/", body);
    } catch (error) {
      result = { ok: false, status: 0, data: { detail: T.networkError } };
    } finally {
      button.disabled = false;
    }
    if (!result.ok) {
      showErrors(result.data || { detail: String(result.status) });
      return;
    }
    dialog.task.attachments = (dialog.task.attachments || []).concat([result.data]);
    renderAttachments(dialog.task.attachments);
    input.value = "";
    announce(format(T.uploaded, { name: result.data.name }));
  }

  async function deleteTask() {
    const id = dialog.id;
    const card = state.cards.get(id);
    let result;
    try {
      result = await api("DELETE", API + "tasks/" + id + "/");
    } catch (error) {
      result = { ok: false, status: 0, data: { detail: T.networkError } };
    }
    if (!result.ok && result.status !== 404) {
      showErrors(result.data || { detail: String(result.status) });
      return;
    }
    dialog.returnFocus = null;
    bootstrap.Modal.getInstance(dialogEl).hide();
    removeCard(id);
    if (card) {
      toast(format(T.deleted, { number: card.number }), "dark");
      announce(format(T.deleted, { number: card.number }));
    }
  }

  function initDialog() {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      saveDialog();
    });
    dialogEl.addEventListener("hidden.bs.modal", () => {
      const focusTo = dialog.returnFocus;
      dialog.id = null;
      dialog.task = null;
      $("[data-task-comments]").replaceChildren();
      setTaskParam(null);
      if (focusTo && focusTo.isConnected) focusTo.focus();
    });
    form.elements.blocked.addEventListener("change", updateBlocked);
    form.elements.labels.addEventListener("input", renderLabelSuggestions);
    $("[data-label-suggestions]").addEventListener("click", (event) => {
      const chip = event.target.closest("[data-label]");
      if (!chip) return;
      const labels = readFields().labels;
      labels.push(chip.dataset.label);
      form.elements.labels.value = labels.join(", ");
      renderLabelSuggestions();
    });
    $("[data-checklist]").addEventListener("change", updateChecklistProgress);
    $("[data-checklist]").addEventListener("click", (event) => {
      const remove = event.target.closest("[data-item-remove]");
      if (!remove) return;
      remove.closest("li").remove();
      updateChecklistProgress();
    });
    const newItem = $("[data-checklist-new]");
    const addItem = () => {
      const text = newItem.value.trim();
      if (!text) return;
      $("[data-checklist]").append(checklistItem({ text, done: false }));
      newItem.value = "";
      updateChecklistProgress();
      newItem.focus();
    };
    if (newItem) {
      newItem.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          addItem();
        }
      });
      $("[data-checklist-add]").addEventListener("click", addItem);
    }
    // Enter in a checklist item's text must not submit the whole dialog.
    $("[data-checklist]").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.matches("[data-item-text]")) event.preventDefault();
    });
    $("[data-task-reapply]").addEventListener("click", () => {
      if (!dialog.mine) return;
      writeFields(dialog.mine);
      $("[data-task-conflict]").hidden = true;
      form.elements.title.focus();
    });
    const upload = $("[data-attachment-upload]");
    if (upload) upload.addEventListener("click", uploadAttachment);
    $("[data-attachments]").addEventListener("click", (event) => {
      const button = event.target.closest("[data-remove-attachment]");
      if (button) removeAttachment(Number(button.dataset.removeAttachment));
    });
    const del = $("[data-task-delete]");
    if (del) {
      const confirm = $("[data-task-delete-confirm]");
      del.addEventListener("click", () => {
        del.hidden = true;
        confirm.hidden = false;
        $("[data-task-delete-no]").focus();
      });
      $("[data-task-delete-no]").addEventListener("click", () => {
        confirm.hidden = true;
        del.hidden = false;
        del.focus();
      });
      $("[data-task-delete-yes]").addEventListener("click", deleteTask);
      dialogEl.addEventListener("show.bs.modal", () => {
        confirm.hidden = true;
        del.hidden = false;
      });
    }
  }

  /** Another person changed or deleted the task open in the dialog. */
  function dialogHears(id, deleted) {
    if (dialog.id !== id || !dialog.task) return;
    const notice = $("[data-task-notice]");
    notice.textContent = deleted ? T.deletedElsewhere : T.changedElsewhere;
    notice.hidden = false;
    if (deleted) for (const button of form.querySelectorAll("[data-task-save], [data-task-delete]")) button.disabled = true;
  }

  // --- live ------------------------------------------------------------------------------------------------

  function fromMe(event) {
    const actor = event.actor && typeof event.actor === "object" ? event.actor.id : event.actor;
    return actor !== null && actor !== undefined && Number(actor) === ME;
  }

  function onEvent(event) {
    switch (event.event) {
      case "task.created":
      case "task.updated":
      case "task.moved": {
        mergePeople(event.people);
        if (fromMe(event) || !event.task) return;
        const el = cardEls.get(event.task.id);
        if (el && el.dataset.saving) return; // our own move of it is under way; its answer decides
        upsertCard(event.task, { place: true, flash: true });
        dialogHears(event.task.id, false);
        if (event.event === "task.created") fillFilterChoices();
        return;
      }
      case "task.deleted":
        if (fromMe(event)) return;
        dialogHears(event.id, true);
        removeCard(event.id);
        return;
      case "column.renumbered":
        applyOrder(event.column, event.order || [], event.positions);
        applyFilters();
        return;
      case "column.created":
      case "column.updated":
        if (event.column) upsertColumn(event.column);
        return;
      case "column.deleted":
        removeColumn(event.id);
        applyFilters();
        return;
      default:
    }
  }

  function setLive(open) {
    const el = document.getElementById("board-live-state");
    el.dataset.state = open ? "open" : "closed";
    root.dataset.liveState = open ? "open" : "closed"; // lets tests see the page is listening
    el.querySelector(".board-live-text").textContent = open ? T.live : T.offline;
  }

  async function resync() {
    let result;
    try {
      result = await api("GET", API + "projects/" + state.project.id + "/board/");
    } catch (error) {
      return;
    }
    if (!result.ok || !result.data) return;
    const focused = document.activeElement && document.activeElement.closest(".board-card");
    load(result.data);
    if (focused) {
      const el = cardEls.get(Number(focused.dataset.id));
      if (el) el.focus();
    }
    if (dialog.id && !state.cards.has(dialog.id)) dialogHears(dialog.id, true);
  }

  function connect() {
    window.PMIS.liveSocket(root.dataset.wsPath, {
      onOpen: (reconnected) => {
        setLive(true);
        if (reconnected) resync().then(() => announce(T.reconnected));
      },
      onClose: () => setLive(false),
      onEvent: onEvent,
    });
  }

  // --- start -----------------------------------------------------------------------------------------------

  /** (Re)build the whole board from the board's JSON (the page's, or the API's after a reconnect). */
  function load(data) {
    state.project = data.project;
    state.may = data.may || state.may;
    state.sprint = data.sprint;
    state.people = new Map();
    mergePeople(data.people);
    state.labels = new Set(data.labels || []);
    for (const parts of columnEls.values()) if (parts.sortable) parts.sortable.destroy();
    columnEls.clear();
    cardEls.clear();
    state.columns = new Map(data.columns.map((column) => [column.id, column]));
    state.cards = new Map();
    columnsEl.replaceChildren();
    for (const column of orderedColumns()) {
      const parts = buildColumn(column);
      renderColumnHeader(column);
      columnsEl.append(parts.section);
    }
    // The cards come by column and position: appending keeps that order without comparing.
    for (const raw of data.cards) {
      const card = asCard(raw);
      state.cards.set(card.id, card);
    }
    for (const card of state.cards.values()) {
      const el = createCardEl(card.id);
      renderCard(el, card);
      const parts = columnEls.get(card.column);
      if (parts) parts.list.append(el);
    }
    root.classList.toggle("is-readonly", !state.may.contribute);
    fillFilterChoices();
    applyFilters();
  }

  function init() {
    initFilters();
    initDialog();
    load(JSON.parse(document.getElementById("board-data").textContent));
    columnsEl.addEventListener("keydown", onCardKey);
    columnsEl.addEventListener("click", (event) => {
      const el = event.target.closest(".board-card");
      if (el && !root.classList.contains("is-dragging")) openDialog(Number(el.dataset.id));
    });
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (document.querySelector(".modal.show")) return;
      if (event.key === "/") {
        event.preventDefault();
        filterForm.elements.q.focus();
      } else if ((event.key === "n" || event.key === "т") && state.may.contribute) {
        const card = event.target.closest && event.target.closest(".board-card");
        const column = card ? Number(card.parentElement.dataset.columnId) : (orderedColumns().find((c) => c.kind === "todo") || orderedColumns()[0] || {}).id;
        if (column === undefined) return;
        event.preventDefault();
        openQuickAdd(column);
      }
    });
    const task = Number(new URLSearchParams(window.location.search).get("task"));
    if (task) openDialog(task);
    connect();
  }

  init();
})();
