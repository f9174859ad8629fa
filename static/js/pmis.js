/* PMIS page behaviour: the hierarchy tree (lazy children over HTMX, keyboard moves) and small helpers.
 * Everything works without this file except expanding tree rows; links and forms are plain HTML. */
(function () {
  "use strict";

  // --- tree ------------------------------------------------------------------------------------------
  function childrenOf(toggle) {
    return document.getElementById(toggle.getAttribute("aria-controls"));
  }

  async function load(toggle, list) {
    toggle.classList.add("is-loading");
    toggle.setAttribute("aria-busy", "true");
    try {
      await htmx.ajax("GET", toggle.dataset.url, { target: list, swap: "innerHTML" });
      list.dataset.loaded = "1";
    } finally {
      toggle.classList.remove("is-loading");
      toggle.removeAttribute("aria-busy");
      toggle.pmisLoading = null;
    }
  }

  /** Open (true), close (false) or flip (undefined) one row; children are fetched on the first open. */
  async function setExpanded(toggle, expand) {
    const list = childrenOf(toggle);
    if (!list) return;
    if (expand === undefined) expand = toggle.getAttribute("aria-expanded") !== "true";
    if (expand && !list.dataset.loaded) {
      // A second click while the first request runs waits for it instead of fetching twice.
      toggle.pmisLoading = toggle.pmisLoading || load(toggle, list);
      await toggle.pmisLoading;
    }
    list.hidden = !expand;
    toggle.setAttribute("aria-expanded", String(expand));
  }

  function visibleRows(tree) {
    return Array.from(tree.querySelectorAll(".tree-row")).filter((row) => row.offsetParent !== null);
  }

  function focusRow(row) {
    if (!row) return;
    const link = row.querySelector(".tree-name");
    if (link) link.focus();
  }

  function parentRow(row) {
    const list = row.closest(".tree-item").parentElement.closest(".tree-item");
    return list ? list.querySelector(":scope > .tree-row") : null;
  }

  function onTreeKey(event) {
    const row = event.target.closest(".tree-row");
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return;
    const tree = event.currentTarget;
    const toggle = row.querySelector(".tree-toggle");
    const rows = visibleRows(tree);
    const index = rows.indexOf(row);
    switch (event.key) {
      case "ArrowDown":
        focusRow(rows[index + 1]);
        break;
      case "ArrowUp":
        focusRow(rows[index - 1]);
        break;
      case "Home":
        focusRow(rows[0]);
        break;
      case "End":
        focusRow(rows[rows.length - 1]);
        break;
      case "ArrowRight":
        if (toggle && toggle.getAttribute("aria-expanded") !== "true") setExpanded(toggle, true);
        else if (toggle) focusRow(visibleRows(tree)[index + 1]);
        break;
      case "ArrowLeft":
        if (toggle && toggle.getAttribute("aria-expanded") === "true") setExpanded(toggle, false);
        else focusRow(parentRow(row));
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  /** ?open=kind:id — expand the ancestors of a node one after another, then point at it. */
  async function openPath(tree) {
    const refs = (tree.dataset.open || "").split(" ").filter(Boolean);
    let target = null;
    for (const ref of refs) {
      const item = document.getElementById("tree-" + ref.replace(":", "-"));
      if (!item) break;
      target = item;
      const toggle = item.querySelector(":scope > .tree-row .tree-toggle");
      if (toggle && ref !== refs[refs.length - 1]) await setExpanded(toggle, true);
    }
    if (target) {
      const row = target.querySelector(":scope > .tree-row");
      row.classList.add("is-target");
      row.scrollIntoView({ block: "center" });
      focusRow(row);
    }
  }

  function initTree(tree) {
    tree.addEventListener("click", (event) => {
      const toggle = event.target.closest(".tree-toggle");
      if (toggle) setExpanded(toggle);
    });
    tree.addEventListener("keydown", onTreeKey);
    openPath(tree);
  }

  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-tree-collapse]")) return;
    document.querySelectorAll('[data-tree] .tree-toggle[aria-expanded="true"]').forEach((toggle) => {
      setExpanded(toggle, false);
    });
  });

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-tree]").forEach(initTree);
    // A workspace tab bar wider than the screen scrolls sideways: bring the current tab into view.
    document.querySelectorAll(".workspace-nav .nav").forEach((bar) => {
      const active = bar.querySelector(".nav-link.active");
      if (!active) return;
      const overflow = active.getBoundingClientRect().right - bar.getBoundingClientRect().right;
      if (overflow > 0) bar.scrollLeft += overflow + 16;
    });
  });

  // --- live sockets ------------------------------------------------------------------------------------

  /**
   * Listen on a PMIS websocket (`path`, e.g. "/ws/projects/3/board/") for as long as the page is open.
   * Reconnects with a growing delay (1 s … 30 s) after a drop; never after 4404 (the object is gone or hidden
   * from this reader, retrying would not change that) or when the page is left. Handlers:
   *   onOpen(reconnected) — the socket is open; `reconnected` is true after a drop (resync what was missed);
   *   onEvent(event)      — a parsed JSON message (malformed ones are ignored);
   *   onClose()           — the socket closed (a retry may follow).
   */
  function liveSocket(path, { onOpen = () => {}, onEvent = () => {}, onClose = () => {} } = {}) {
    if (!("WebSocket" in window)) return;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const url = scheme + "//" + window.location.host + path;
    let delay = 1000;
    let closedByPage = false;
    let everOpen = false;
    let socket = null;
    window.addEventListener("pagehide", () => {
      closedByPage = true;
      if (socket) socket.close();
    });
    function open() {
      socket = new WebSocket(url);
      socket.addEventListener("open", () => {
        delay = 1000;
        onOpen(everOpen);
        everOpen = true;
      });
      socket.addEventListener("message", (message) => {
        let event;
        try {
          event = JSON.parse(message.data);
        } catch (error) {
          return;
        }
        onEvent(event);
      });
      socket.addEventListener("close", (close) => {
        onClose();
        if (closedByPage || close.code === 4404) return;
        window.setTimeout(open, delay);
        delay = Math.min(delay * 2, 30000);
      });
    }
    open();
  }

  window.PMIS = { setExpanded, liveSocket };
})();
