// The goal-map tree (templates/kpi_maps/goal_map.html): search by code or name, filter by colour, expand and
// collapse all. Without this script the tree is a nested list of <details> that a keyboard opens and closes.
(function () {
  "use strict";
  const tree = document.getElementById("goal-map");
  const tools = document.getElementById("goal-map-tools");
  if (!tree || !tools) return;
  tools.hidden = false;
  const search = document.getElementById("goal-search");
  const colours = Array.from(tools.querySelectorAll(".goal-colour"));
  const count = document.getElementById("goal-count");
  const rows = Array.from(tree.querySelectorAll("tr.goal-indicator"));

  function apply() {
    const text = (search.value || "").trim().toLowerCase();
    const wanted = new Set(colours.filter((box) => box.checked).map((box) => box.value));
    let shown = 0;
    rows.forEach((row) => {
      const visible = wanted.has(row.dataset.colour) && (!text || row.dataset.text.includes(text));
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    // A node stays when it or something below it shows an indicator; open the branches of the matches.
    const filtering = text || wanted.size < colours.length;
    tree.querySelectorAll("li.goal-node").forEach((node) => {
      const any = node.querySelector("tr.goal-indicator:not([hidden])") !== null;
      node.hidden = filtering && !any;
      if (filtering && any) node.querySelector(":scope > details").open = true;
    });
    count.textContent = count.dataset.text.replace("{shown}", shown).replace("{total}", rows.length);
  }

  function setAll(open) {
    tree.querySelectorAll("details").forEach((details) => { details.open = open; });
  }

  search.addEventListener("input", apply);
  colours.forEach((box) => box.addEventListener("change", apply));
  document.getElementById("goal-expand").addEventListener("click", () => setAll(true));
  document.getElementById("goal-collapse").addEventListener("click", () => setAll(false));
  apply();
})();
