/* The navbar's notification bell (templates/includes/_notification_bell.html).
 *
 * After the page has loaded, the unread count comes from data-count-url (so no page pays a query for it); the
 * latest notifications load into the dropdown when it opens (data-latest-url, over HTMX). A websocket on
 * data-ws-path (org.consumers.NotificationConsumer) keeps the badge live: "notification.new" bumps it,
 * "notification.read" (read on another tab) asks the server again; a reconnect resyncs.
 */
(function () {
  "use strict";

  function init(bell) {
    const badge = bell.querySelector("[data-notification-count]");
    const spoken = bell.querySelector("[data-notification-count-text]");
    const menu = bell.querySelector(".notification-menu");
    const template = bell.querySelector("template[data-text-unread]");
    let unread = 0;

    function show(count) {
      unread = Math.max(0, count);
      badge.textContent = unread > 99 ? "99+" : String(unread);
      badge.hidden = unread === 0;
      const text = template ? template.innerHTML.trim() : "{count}";
      spoken.textContent = unread ? text.replace("{count}", String(unread)) : "";
      bell.dataset.unread = String(unread);
    }

    async function refresh() {
      try {
        const response = await fetch(bell.dataset.countUrl, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (response.ok) show((await response.json()).unread || 0);
      } catch (error) {
        /* offline for a moment: the next event or reconnect tries again */
      }
    }

    bell.addEventListener("show.bs.dropdown", () => {
      if (window.htmx) {
        htmx.ajax("GET", bell.dataset.latestUrl, { target: menu, swap: "innerHTML" });
      }
    });
    menu.addEventListener("htmx:afterSwap", () => {
      const state = menu.querySelector("[data-unread]");
      if (state) show(parseInt(state.dataset.unread, 10) || 0);
    });

    function connect() {
      window.PMIS.liveSocket(bell.dataset.wsPath, {
        onOpen: (reconnected) => {
          if (reconnected) refresh(); // missed events while away
          bell.dataset.liveState = "open";
        },
        onClose: () => (bell.dataset.liveState = "closed"),
        onEvent: (event) => {
          if (event.event === "notification.new") {
            show(unread + 1);
            bell.classList.add("app-bell-ring");
            window.setTimeout(() => bell.classList.remove("app-bell-ring"), 1500);
          } else if (event.event === "notification.read") {
            refresh();
          }
        },
      });
    }

    refresh();
    connect();
  }

  function start() {
    document.querySelectorAll("[data-notification-bell]").forEach(init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
