/* Comment threads (templates/projects/_comments_thread.html).
 *
 * 1. A refused comment (400: empty, too long) is swapped in like a success, so the message shows in the form.
 * 2. Ctrl+Enter (Cmd+Enter) in a comment box sends it.
 * 3. @-mentions: typing "@" and a few letters in a textarea[data-mention-url] offers matching people; arrows
 *    move, Enter or Tab picks, Escape closes. The box is a combobox with a listbox, so screen readers follow.
 * Loaded by each thread fragment; the guard makes a second load a no-op.
 */
(function () {
  "use strict";
  if (window.pmisComments) return;
  window.pmisComments = true;

  document.addEventListener("htmx:beforeSwap", (event) => {
    const source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (event.detail.xhr.status === 400 && source && source.closest(".comments-thread")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // --- mentions ------------------------------------------------------------------------------------------
  // As projects.services.comments.MENTION_RE, with Unicode letters (a name may be typed in Cyrillic).
  const MENTION = /(^|[^\p{L}\p{N}_@.+\-/])@([\p{L}\p{N}_.+\-]*)$/u;
  let counter = 0;

  function mentionAt(textarea) {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const match = MENTION.exec(before);
    if (!match) return null;
    return { query: match[2], start: before.length - match[2].length - 1, end: textarea.selectionStart };
  }

  function listFor(textarea) {
    if (textarea.pmisMentionList) return textarea.pmisMentionList;
    counter += 1;
    const list = document.createElement("ul");
    list.id = "mention-list-" + counter;
    list.className = "list-group position-absolute shadow-sm small";
    list.style.zIndex = "1050";
    list.style.minWidth = "16rem";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("role", "combobox");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    textarea.setAttribute("aria-expanded", "false");
    list.addEventListener("mousedown", (event) => {
      const option = event.target.closest("[role=option]");
      if (!option) return;
      event.preventDefault(); // keep the focus in the box
      pick(textarea, option);
    });
    textarea.pmisMentionList = list;
    return list;
  }

  function close(textarea) {
    const list = textarea.pmisMentionList;
    if (!list) return;
    list.hidden = true;
    list.replaceChildren();
    textarea.setAttribute("aria-expanded", "false");
    textarea.removeAttribute("aria-activedescendant");
  }

  function options(list) {
    return Array.from(list.querySelectorAll("[role=option]"));
  }

  function activate(textarea, index) {
    const items = options(textarea.pmisMentionList);
    if (!items.length) return;
    const next = (index + items.length) % items.length;
    items.forEach((item, position) => {
      const active = position === next;
      item.classList.toggle("active", active);
      item.setAttribute("aria-selected", String(active));
    });
    textarea.setAttribute("aria-activedescendant", items[next].id);
  }

  function activeIndex(textarea) {
    return options(textarea.pmisMentionList).findIndex((item) => item.classList.contains("active"));
  }

  function pick(textarea, option) {
    const mention = mentionAt(textarea);
    if (!mention) return close(textarea);
    const text = "@" + option.dataset.username + " ";
    textarea.setRangeText(text, mention.start, mention.end, "end");
    close(textarea);
    textarea.focus();
  }

  async function suggest(textarea) {
    const mention = mentionAt(textarea);
    if (!mention || mention.query.length < 1) return close(textarea);
    const url = new URL(textarea.dataset.mentionUrl, window.location.href);
    url.searchParams.set("q", mention.query);
    let data;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return close(textarea);
      data = await response.json();
    } catch (error) {
      return close(textarea);
    }
    if (!mentionAt(textarea)) return close(textarea); // the caret moved on while we waited
    const list = listFor(textarea);
    list.replaceChildren();
    (data.results || []).forEach((person, index) => {
      const item = document.createElement("li");
      item.id = list.id + "-" + index;
      item.className = "list-group-item list-group-item-action py-1";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.username = person.username;
      const name = document.createElement("span");
      name.className = "fw-medium";
      name.textContent = person.name;
      const handle = document.createElement("span");
      handle.className = "text-muted ms-1";
      handle.textContent = "@" + person.username;
      item.append(name, handle);
      list.append(item);
    });
    if (!list.children.length) return close(textarea);
    list.hidden = false;
    textarea.setAttribute("aria-expanded", "true");
    activate(textarea, 0);
  }

  let timer = null;
  document.addEventListener("input", (event) => {
    const textarea = event.target;
    if (!(textarea instanceof HTMLTextAreaElement) || !textarea.dataset.mentionUrl) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => suggest(textarea), 150);
  });

  document.addEventListener("keydown", (event) => {
    const textarea = event.target;
    if (!(textarea instanceof HTMLTextAreaElement) || !textarea.dataset.mentionUrl) return;
    const list = textarea.pmisMentionList;
    const open = list && !list.hidden;
    if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      activate(textarea, activeIndex(textarea) + (event.key === "ArrowDown" ? 1 : -1));
    } else if (open && (event.key === "Enter" || event.key === "Tab") && !event.ctrlKey && !event.metaKey) {
      const items = options(list);
      const index = activeIndex(textarea);
      if (index >= 0) {
        event.preventDefault();
        pick(textarea, items[index]);
      }
    } else if (open && event.key === "Escape") {
      event.preventDefault();
      close(textarea);
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && textarea.form) {
      event.preventDefault();
      textarea.form.requestSubmit();
    }
  });

  document.addEventListener("focusout", (event) => {
    const textarea = event.target;
    if (textarea instanceof HTMLTextAreaElement && textarea.pmisMentionList) {
      window.setTimeout(() => close(textarea), 150);
    }
  });
})();
