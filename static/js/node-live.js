/* The live side of a hierarchy node's page.
 *
 * 1. Listens on ws/nodes/<kind>/<id>/ (pmis.core.consumers.NodeConsumer) and, when someone else changes the
 *    node or anything below it, shows a non-blocking "Changed by … — reload" banner. The page is never
 *    reloaded by itself: the reader may be in the middle of something. Own changes are ignored.
 * 2. Copy buttons: <button data-copy="PRJ-2026-00042"> puts the text on the clipboard.
 * The banner's texts come translated from the template (data-text-*), so this file holds no UI language.
 */
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
  }

  function showBanner(banner, event) {
    const name = event.actor_name || banner.dataset.textSomeone;
    let template = banner.dataset.textSelf;
    if (event.ref !== banner.dataset.ref) template = banner.dataset.textChild;
    else if (event.action === "deleted") template = banner.dataset.textDeleted;
    banner.querySelector("[data-live-message]").textContent = format(template, { name: name, code: event.code || "" });
    banner.hidden = false;
  }

  function connect(banner) {
    window.PMIS.liveSocket(banner.dataset.wsPath, {
      // lets tests (and curious readers) see the page is listening
      onOpen: () => (banner.dataset.liveState = "open"),
      onClose: () => (banner.dataset.liveState = "closed"),
      onEvent: (event) => {
        if (event.event !== "node.changed") return;
        if (event.actor !== null && String(event.actor) === banner.dataset.user) return;
        showBanner(banner, event);
      },
    });
  }

  function initCopy() {
    document.addEventListener("click", async (event) => {
      const button = event.target.closest("[data-copy]");
      if (!button || !navigator.clipboard) return;
      try {
        await navigator.clipboard.writeText(button.dataset.copy);
      } catch (error) {
        return;
      }
      const icon = button.querySelector(".bi");
      const title = button.getAttribute("title");
      if (icon) icon.className = "bi bi-check2";
      button.setAttribute("title", button.dataset.copiedLabel || title);
      window.setTimeout(() => {
        if (icon) icon.className = "bi bi-copy";
        button.setAttribute("title", title);
      }, 1500);
    });
  }

  function init() {
    initCopy();
    const banner = document.getElementById("node-live");
    if (!banner || !("WebSocket" in window)) return;
    banner.querySelector("[data-live-dismiss]").addEventListener("click", () => {
      banner.hidden = true;
    });
    connect(banner);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
