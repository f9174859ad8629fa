/* The sprint's burndown (ECharts): the work remaining at the end of each day of the week against the ideal line.
 * Data come from the page (json_script "burndown-data"); the same figures are in the table under the chart, so the
 * page says everything without this file. */
(function () {
  "use strict";

  function draw() {
    const element = document.getElementById("burndown-chart");
    const source = document.getElementById("burndown-data");
    if (!element || !source || typeof echarts === "undefined") return;
    const data = JSON.parse(source.textContent);
    const labels = element.dataset;
    const accent = getComputedStyle(document.documentElement).getPropertyValue("--pmis-accent").trim() || "#4f46e5";
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 36, right: 12, top: 28, bottom: 28 },
      legend: { top: 0, right: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", valueFormatter: (value) => (value === null || value === undefined ? "—" : value) },
      xAxis: {
        type: "category",
        boundaryGap: false,
        data: [labels.labelStart].concat(data.labels),
        axisLabel: { fontSize: 11 },
      },
      yAxis: { type: "value", min: 0, minInterval: data.unit === "tasks" ? 1 : 0.5, axisLabel: { fontSize: 11 } },
      series: [
        {
          name: labels.labelRemaining,
          type: "line",
          data: [data.start].concat(data.remaining),
          connectNulls: false,
          symbolSize: 6,
          lineStyle: { width: 2.5, color: accent },
          itemStyle: { color: accent },
          areaStyle: { color: accent, opacity: 0.08 },
        },
        {
          name: labels.labelIdeal,
          type: "line",
          data: [data.start].concat(data.ideal),
          symbol: "none",
          lineStyle: { type: "dashed", width: 1.5, color: "#9a9aab" },
          itemStyle: { color: "#9a9aab" },
        },
      ],
    });
    window.addEventListener("resize", () => chart.resize());
  }

  /** The task picker's search box: shown only with JavaScript, it hides the rows that do not match. */
  function filterList(input) {
    const list = document.getElementById(input.dataset.filterList);
    if (!list) return;
    input.hidden = false;
    input.addEventListener("input", () => {
      const words = input.value.trim().toLowerCase();
      for (const row of list.children) {
        row.hidden = words !== "" && !row.textContent.toLowerCase().includes(words);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    draw();
    document.querySelectorAll("[data-filter-list]").forEach(filterList);
  });
})();
