/* The trend of an indicator (ECharts): the fact line, the plan line and a dotted forecast from the last fact to the
 * final plan's period. Data come from the page (json_script "kpi-trend-data"); the same figures are in the table
 * of periods, so the page says everything without this file. */
(function () {
  "use strict";

  function draw() {
    const element = document.getElementById("kpi-trend-chart");
    const source = document.getElementById("kpi-trend-data");
    if (!element || !source || typeof echarts === "undefined") return;
    const data = JSON.parse(source.textContent);
    if (!data.labels.length) return;
    const accent = getComputedStyle(document.documentElement).getPropertyValue("--pmis-accent").trim() || "#4f46e5";
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      legend: { top: 0, right: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", valueFormatter: (value) => (value === null || value === undefined ? "—" : value + " " + data.unit) },
      xAxis: { type: "category", data: data.labels, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", scale: true, axisLabel: { fontSize: 11 } },
      series: [
        { name: data.names.fact, type: "line", data: data.fact, connectNulls: true, symbolSize: 7,
          lineStyle: { width: 2.5, color: accent }, itemStyle: { color: accent } },
        { name: data.names.plan, type: "line", data: data.plan, connectNulls: true, symbol: "diamond", symbolSize: 7,
          lineStyle: { width: 1.5, color: "#6c757d" }, itemStyle: { color: "#6c757d" } },
        { name: data.names.forecast, type: "line", data: data.forecast, connectNulls: true, symbolSize: 5,
          lineStyle: { width: 1.5, type: "dotted", color: accent }, itemStyle: { color: accent } },
      ],
    });
    window.addEventListener("resize", () => chart.resize());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
