/* The curators' dashboard (templates/kpi_maps/dashboard.html): charts (ECharts) and live updates.
 *
 * The page embeds its data (json_script "kpi-dashboard-data"), so nothing is fetched on load. The socket
 * (PMIS.liveSocket) brings `kpi.scores` deltas — {period: [year, quarter], rows: [{id, plan, fact, achievement,
 * colour, rolled, rolled_colour, forecast, misses, deviation}]} — after someone enters or corrects a fact or a
 * plan: the rows of this page's period rewrite the table cells and their colour, the trend chart's point and the
 * card counts, without reload. After a reconnect the page refetches the dashboard's JSON once to catch up. */
(function () {
  "use strict";

  const COLOURS = { green: "#198754", amber: "#e0a800", red: "#dc3545", grey: "#adb5bd" };
  const PALETTE = ["#4f46e5", "#0ea5e9", "#198754", "#e0a800", "#dc3545", "#6b6b7b"];
  let root, data, labels, trendChart, heatChart, mixChart, selected, mixBy = "status";
  let numberFormat;

  function number(value) {
    return value === null || value === undefined ? "—" : numberFormat.format(Number(value));
  }
  function percent(value) {
    return value === null || value === undefined ? "—" : Math.round(Number(value) * 100) + " %";
  }
  function asNumber(value) {
    return value === null || value === undefined ? null : Number(value);
  }
  function samePeriod(period) {
    return Array.isArray(period) && period[0] === data.period.year && period[1] === data.period.quarter;
  }

  // --- charts ------------------------------------------------------------------------------------------------
  function trendOption(row) {
    const trend = row && row.trend ? row.trend : { labels: [], plan: [], fact: [], periods: [] };
    const fact = trend.fact.map(asNumber);
    const forecast = trend.labels.map(() => null);
    if (row && row.forecast !== null && row.forecast !== undefined && trend.labels.length) {
      let last = -1;
      fact.forEach((value, index) => { if (value !== null) last = index; });
      if (last >= 0 && last < trend.labels.length - 1) {
        forecast[last] = fact[last];
        forecast[trend.labels.length - 1] = asNumber(row.forecast);
      }
    }
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      legend: { top: 0, right: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", valueFormatter: number },
      xAxis: { type: "category", data: trend.labels, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", scale: true, axisLabel: { fontSize: 11 } },
      series: [
        {
          name: labels.labelPlan, type: "line", data: trend.plan.map(asNumber), symbol: "emptyCircle",
          lineStyle: { type: "dashed", width: 1.5, color: "#6b6b7b" }, itemStyle: { color: "#6b6b7b" },
        },
        {
          name: labels.labelFact, type: "line", data: fact, symbolSize: 8, connectNulls: false,
          lineStyle: { width: 2.5, color: PALETTE[0] },
          itemStyle: { color: (point) => COLOURS[pointColour(row, point.dataIndex)] || PALETTE[0] },
        },
        {
          name: labels.labelForecast, type: "line", data: forecast, connectNulls: true, symbol: "triangle",
          lineStyle: { type: "dotted", width: 1.5, color: COLOURS.red }, itemStyle: { color: COLOURS.red },
        },
      ],
    };
  }

  /** The colour of a trend point: the row's colour at the page's period, the accent elsewhere. */
  function pointColour(row, index) {
    const period = row.trend.periods[index];
    return period && period[0] === data.period.year && period[1] === data.period.quarter ? row.colour : null;
  }

  function drawTrend() {
    if (!trendChart) return;
    const row = data.knis.find((item) => item.id === selected);
    trendChart.setOption(trendOption(row), true);
    root.dataset.trendFacts = JSON.stringify(row && row.trend ? row.trend.fact : []);
    root.querySelectorAll("[data-trend-row]").forEach((tr) => {
      tr.classList.toggle("is-selected", Number(tr.dataset.kpiId) === selected);
    });
  }

  function drawHeat() {
    if (!heatChart) return;
    const heat = data.heat;
    const cells = [];
    heat.rows.forEach((row, y) => {
      row.cells.forEach((cell, x) => {
        cells.push([x, y, cell.mean === null ? "-" : Math.round(Number(cell.mean) * 1000) / 10, cell.scored, cell.indicators]);
      });
    });
    const green = Number(data.rules.green) * 100;
    const amber = Number(data.rules.amber) * 100;
    heatChart.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
      tooltip: {
        formatter: (item) => `${heat.rows[item.value[1]].program_name}<br>${heat.levels[item.value[0]].label}: ` +
          `${item.value[2] === "-" ? labels.labelNoData : item.value[2] + " %"} (${item.value[3]}/${item.value[4]} ${labels.labelIndicators})`,
      },
      xAxis: { type: "category", data: heat.levels.map((level) => level.label), axisLabel: { fontSize: 10, interval: 0, overflow: "break", width: 90 } },
      yAxis: { type: "category", data: heat.rows.map((row) => row.program_name), axisLabel: { fontSize: 11, width: 160, overflow: "truncate" } },
      visualMap: {
        type: "piecewise", dimension: 2, orient: "horizontal", left: "center", bottom: 0, itemWidth: 12, textStyle: { fontSize: 11 },
        pieces: [
          { gte: green, color: COLOURS.green, label: `≥ ${green} %` },
          { gte: amber, lt: green, color: COLOURS.amber, label: `${amber}–${green} %` },
          { lt: amber, color: COLOURS.red, label: `< ${amber} %` },
        ],
      },
      series: [{ type: "heatmap", data: cells, label: { show: true, fontSize: 11, formatter: (item) => (item.value[2] === "-" ? "" : item.value[2] + " %") } }],
    }, true);
  }

  function drawMix() {
    if (!mixChart) return;
    const names = data.labels[mixBy];
    const keys = Object.keys(names);
    mixChart.setOption({
      animation: false,
      color: PALETTE,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 12, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.programs.map((p) => p.name), axisLabel: { fontSize: 11, width: 160, overflow: "truncate" } },
      series: keys.map((key) => ({
        name: names[key], type: "bar", stack: "mix",
        data: data.programs.map((p) => p[mixBy + "_mix"][key] || 0),
      })),
    }, true);
  }

  // --- live --------------------------------------------------------------------------------------------------
  function setText(tr, field, text) {
    const cell = tr.querySelector(`[data-field="${field}"]`);
    if (cell) cell.textContent = text;
  }
  function setColour(tr, field, colour) {
    const dot = tr.querySelector(`[data-field="${field}"]`);
    if (!dot) return;
    dot.classList.remove("kpi-green", "kpi-amber", "kpi-red", "kpi-grey");
    dot.classList.add("kpi-" + (colour || "grey"));
    dot.title = colour || "grey";
  }

  function updateRow(tr, row) {
    const plan = row.plan === null ? "—" : number(row.plan) + (row.plan_high !== null && row.plan_high !== undefined ? "–" + number(row.plan_high) : "");
    setText(tr, "plan", plan);
    setText(tr, "fact", number(row.fact));
    setText(tr, "achievement", percent(row.achievement));
    setText(tr, "rolled", percent(row.rolled));
    setText(tr, "forecast", number(row.forecast));
    setColour(tr, "colour", row.colour);
    setColour(tr, "rolled_colour", row.rolled_colour);
    const misses = tr.querySelector('[data-field="misses"]');
    if (misses) misses.hidden = !row.misses;
    tr.dataset.colour = row.colour;
    tr.classList.remove("kpi-flash");
    void tr.offsetWidth; // restart the animation
    tr.classList.add("kpi-flash");
  }

  function updateTrend(item, row) {
    if (!item.trend) return;
    const trend = item.trend;
    let index = trend.periods.findIndex((period) => samePeriod(period));
    if (index < 0) {
      const key = data.period.year * 10 + data.period.quarter;
      index = trend.periods.findIndex((period) => period[0] * 10 + period[1] > key);
      if (index < 0) index = trend.periods.length;
      trend.periods.splice(index, 0, [data.period.year, data.period.quarter]);
      trend.labels.splice(index, 0, data.period.label);
      trend.plan.splice(index, 0, null);
      trend.plan_high.splice(index, 0, null);
      trend.fact.splice(index, 0, null);
    }
    trend.fact[index] = row.fact;
    trend.plan[index] = row.plan;
    trend.plan_high[index] = row.plan_high;
  }

  function recountCards() {
    const counts = { indicators: data.knis.length, green: 0, amber: 0, red: 0, grey: 0, misses: 0 };
    data.knis.forEach((row) => {
      counts[row.colour || "grey"] += 1;
      if (row.misses) counts.misses += 1;
    });
    Object.entries(counts).forEach(([key, value]) => {
      const card = root.querySelector(`[data-card="${key}"]`);
      if (card) card.textContent = String(value);
    });
  }

  function applyRows(rows) {
    rows.forEach((row) => {
      [data.knis, data.deviations].forEach((list) => {
        const item = list.find((entry) => entry.id === row.id);
        if (!item) return;
        Object.assign(item, row);
        if (list === data.knis) updateTrend(item, row);
      });
      root.querySelectorAll(`tr[data-kpi-id="${row.id}"]`).forEach((tr) => updateRow(tr, row));
    });
    recountCards();
    drawTrend();
  }

  function onEvent(event) {
    if (event.event !== "kpi.scores" || !samePeriod(event.period)) return;
    applyRows(event.rows || []);
    root.dataset.liveUpdates = String(Number(root.dataset.liveUpdates || 0) + 1);
  }

  async function resync() {
    try {
      const response = await fetch(root.dataset.apiUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const fresh = await response.json();
      data.heat = fresh.heat;
      data.programs = fresh.programs;
      // Keep the trend series of the page's indicators in step, then rewrite every row as a delta would.
      fresh.knis.forEach((row) => {
        const item = data.knis.find((entry) => entry.id === row.id);
        if (item) item.trend = row.trend;
      });
      applyRows(fresh.knis.concat(fresh.deviations));
      drawHeat();
      drawMix();
    } catch (error) {
      // The next reconnect tries again; the page keeps the figures it has.
    }
  }

  function liveState(state) {
    const badge = document.getElementById("kpi-live");
    if (!badge) return;
    badge.dataset.state = state;
    const text = badge.querySelector("[data-live-text]");
    if (text) text.textContent = state === "open" ? badge.dataset.textOpen : badge.dataset.textClosed;
    badge.classList.toggle("text-bg-success", state === "open");
    badge.classList.toggle("text-bg-light", state !== "open");
  }

  // --- start -------------------------------------------------------------------------------------------------
  function init() {
    root = document.getElementById("kpi-dashboard");
    const source = document.getElementById("kpi-dashboard-data");
    if (!root || !source) return;
    data = JSON.parse(source.textContent);
    labels = root.dataset;
    numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 2 });
    selected = data.knis.length ? data.knis[0].id : null;

    const periodSelect = document.querySelector("[data-period-select]");
    if (periodSelect) periodSelect.addEventListener("change", () => periodSelect.form.requestSubmit());
    const trendSelect = root.querySelector("[data-trend-select]");
    const choose = (id) => {
      selected = id;
      if (trendSelect) trendSelect.value = String(id);
      drawTrend();
    };
    if (trendSelect) trendSelect.addEventListener("change", () => choose(Number(trendSelect.value)));
    root.querySelectorAll("[data-trend-row]").forEach((tr) => {
      tr.addEventListener("click", () => choose(Number(tr.dataset.kpiId)));
      tr.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          choose(Number(tr.dataset.kpiId));
        }
      });
    });
    root.querySelectorAll("[data-mix]").forEach((input) => {
      input.addEventListener("change", () => {
        mixBy = input.value;
        drawMix();
      });
    });

    if (typeof echarts !== "undefined") {
      const make = (id) => {
        const element = document.getElementById(id);
        return element ? echarts.init(element, null, { renderer: "svg" }) : null;
      };
      trendChart = make("kpi-trend-chart");
      heatChart = make("kpi-heat-chart");
      mixChart = make("kpi-mix-chart");
      window.addEventListener("resize", () => [trendChart, heatChart, mixChart].forEach((chart) => chart && chart.resize()));
      window.PMIS_KPI_CHARTS = { trend: trendChart, heat: heatChart, mix: mixChart };
    }
    drawTrend();
    drawHeat();
    drawMix();

    if (window.PMIS && root.dataset.wsPath) {
      window.PMIS.liveSocket(root.dataset.wsPath, {
        onOpen: (reconnected) => {
          liveState("open");
          if (reconnected) resync();
        },
        onEvent,
        onClose: () => liveState("closed"),
      });
    }
  }

  document.addEventListener("DOMContentLoaded", init);
})();
