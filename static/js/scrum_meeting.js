/**
 * The live scrum meeting page (templates/scrum/meeting_detail.html).
 *
 * The meeting's socket (ws/scrum/meetings/<pk>/, scrum.live) says which part changed — header, agenda,
 * attendance or outcomes; the page re-fetches that part (?part=…) and swaps it in. A change of the header (the
 * meeting's status) refreshes every part; so does a reconnect, for whatever was missed. A part the person is
 * typing in is refreshed when they leave it; in the outcomes part only the list is swapped, never the form.
 * Forms post through HTMX and swap the page's root; a refused form (400) is swapped in too, with its message.
 */
(function () {
  "use strict";

  const PARTS = ["header", "agenda", "attendance", "outcomes"];
  const pending = new Set();

  function root() {
    return document.getElementById("meeting-root");
  }

  async function refresh(part) {
    const current = document.getElementById("meeting-" + part);
    const base = root();
    if (!current || !base) return;
    if (current.contains(document.activeElement) && document.activeElement !== document.body) {
      if (!pending.has(part)) {
        pending.add(part);
        current.addEventListener("focusout", function later() {
          window.setTimeout(() => {
            if (current.contains(document.activeElement)) return;
            current.removeEventListener("focusout", later);
            pending.delete(part);
            refresh(part);
          }, 0);
        });
      }
      return;
    }
    const response = await fetch(base.dataset.url + "?part=" + part, { headers: { "X-Requested-With": "fetch" } });
    if (!response.ok) return;
    const html = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = html.getElementById("meeting-" + part);
    if (!fresh) return;
    const target = document.getElementById("meeting-" + part);
    if (!target) return;
    if (part === "outcomes" && document.getElementById("outcome-form") && html.getElementById("outcome-form")) {
      document.getElementById("outcomes").replaceWith(html.getElementById("outcomes"));
    } else {
      target.replaceWith(fresh);
    }
    if (window.htmx) window.htmx.process(document.getElementById("meeting-" + part));
  }

  function refreshAll() {
    PARTS.forEach(refresh);
  }

  // A refused form answers 400 with the page and its message: show it rather than nothing.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // "Record an outcome" beside an item: choose that item in the outcome form.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-outcome-item]");
    if (!link) return;
    const select = document.querySelector("#outcome-form [name=item]");
    if (select) {
      select.value = link.dataset.outcomeItem;
      const text = document.querySelector("#outcome-form [name=text]");
      if (text) window.setTimeout(() => text.focus(), 0);
    }
  });

  const start = root();
  if (start && window.PMIS) {
    window.PMIS.liveSocket(start.dataset.wsPath, {
      onOpen: (reconnected) => {
        if (reconnected) refreshAll();
      },
      onEvent: (event) => {
        if (event.event !== "meeting.changed") return;
        if (event.part === "header") refreshAll();
        else if (PARTS.includes(event.part)) refresh(event.part);
      },
    });
  }
})();
