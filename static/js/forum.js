// Halaqa's one script. Every page works without it: the composer is a plain textarea whose
// Preview button asks the server, and every action is a link or a form. With it: live
// preview, similar topics, a formatting toolbar, drafts kept in the browser until the server
// has them, quoting, @mention suggestions, files uploaded as they are picked, dropped or
// pasted, and j/k to move through topics and posts.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  var DRAFT_PREFIX = "halaqa-draft:";
  var DRAFT_DAYS = 30;

  // --- Typing ------------------------------------------------------------------------------

  // Calls request() (a fetch giving JSON) once the field has been still for `delay` ms,
  // and hands the answer to show(), unless a newer request was sent meanwhile.
  // request() may return null to send nothing. Offline, what is shown stays.
  function whileTyping(field, delay, request, show) {
    var timer = null;
    var sent = 0;

    function run() {
      var ticket = ++sent;
      var pending = request();
      if (!pending) { return; }
      pending
        .then(function (response) { return response.json(); })
        .then(function (data) { if (ticket === sent) { show(data); } })
        .catch(function () {});
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, delay);
    });
    if (field.value) { run(); }
  }

  function attachPreview(textarea) {
    var target = document.getElementById(textarea.getAttribute("data-preview-target"));
    var url = textarea.getAttribute("data-preview-url");
    whileTyping(textarea, 350, function () {
      var body = new FormData();
      body.append("raw", textarea.value);
      return fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: token ? { "X-CSRFToken": token.content } : {}
      });
    }, function (data) { target.innerHTML = data.html || ""; });
  }

  function topicItem(topic) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = topic.url;
    link.target = "_blank";
    link.dir = "auto";
    link.textContent = topic.title;
    var where = document.createElement("span");
    where.className = "meta";
    [topic.community, topic.category].forEach(function (text, n) {
      var part = document.createElement("bdi");
      part.textContent = text;
      where.append(n ? " · " : "", part);
    });
    li.append(link, " ", where);
    return li;
  }

  function attachSimilar(input) {
    var box = document.getElementById(input.getAttribute("data-similar-target"));
    var list = box.querySelector("ul");
    var url = input.getAttribute("data-similar-url");
    whileTyping(input, 400, function () {
      var title = input.value.trim();
      if (title.length < 3) { box.hidden = true; return null; }
      return fetch(url + "?title=" + encodeURIComponent(title), { credentials: "same-origin" });
    }, function (data) {
      list.replaceChildren.apply(list, data.topics.map(topicItem));
      box.hidden = data.topics.length === 0;
    });
  }

  // --- Editing the text --------------------------------------------------------------------

  // Replaces the selection with `text` (keeping the browser's undo), then selects
  // [selectFrom, selectTo) of the inserted text.
  function replaceSelection(textarea, text, selectFrom, selectTo) {
    var start = textarea.selectionStart;
    textarea.focus();
    if (!document.execCommand("insertText", false, text)) {
      textarea.setRangeText(text, start, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    textarea.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function wrap(textarea, before, after) {
    var selected = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
    replaceSelection(textarea, before + selected + after, before.length, before.length + selected.length);
  }

  // Prefixes every line the selection touches; `prefix(n)` gives the n-th line's prefix.
  function prefixLines(textarea, prefix) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = value.indexOf("\n", Math.max(textarea.selectionEnd, start));
    if (end === -1) { end = value.length; }
    textarea.setSelectionRange(start, end);
    var lines = value.slice(start, end).split("\n").map(function (line, n) { return prefix(n) + line; });
    var text = lines.join("\n");
    replaceSelection(textarea, text, text.length, text.length);
  }

  var FORMATS = {
    bold: function (t) { wrap(t, "**", "**"); },
    italic: function (t) { wrap(t, "*", "*"); },
    heading: function (t) { prefixLines(t, function () { return "## "; }); },
    bullets: function (t) { prefixLines(t, function () { return "- "; }); },
    numbers: function (t) { prefixLines(t, function (n) { return (n + 1) + ". "; }); },
    quote: function (t) { prefixLines(t, function () { return "> "; }); },
    code: function (t) {
      var selected = t.value.slice(t.selectionStart, t.selectionEnd);
      if (selected.indexOf("\n") === -1) { wrap(t, "`", "`"); } else { wrap(t, "```\n", "\n```"); }
    },
    link: function (t) {
      var selected = t.value.slice(t.selectionStart, t.selectionEnd);
      var text = "[" + selected + "](https://)";
      // Select the address to type over it.
      replaceSelection(t, text, selected.length + 3, text.length - 1);
    }
  };

  function attachToolbar(textarea) {
    var toolbar = textarea.parentNode.querySelector(".composer-toolbar");
    if (!toolbar) { return; }
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-format]");
      if (button) { FORMATS[button.getAttribute("data-format")](textarea); }
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) { return; }
      var format = { KeyB: "bold", KeyI: "italic" }[event.code];
      if (format) { event.preventDefault(); FORMATS[format](textarea); }
    });
  }

  // --- Drafts ------------------------------------------------------------------------------

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  // Signing out (or out of every device) forgets every draft kept in this browser, so that a
  // shared computer keeps nobody's unsent words, and the page being left saves none again.
  var signingOut = false;

  function forgetDrafts(keep) {
    var store = storage();
    if (!store) { return; }
    var keys = [];
    for (var i = 0; i < store.length; i++) { keys.push(store.key(i)); }
    keys.forEach(function (key) {
      if (key && key.indexOf(DRAFT_PREFIX) === 0 && !(keep && keep(key))) { store.removeItem(key); }
    });
  }

  function attachSignOut(form) {
    form.addEventListener("submit", function () { signingOut = true; forgetDrafts(); });
  }

  // Draft keys end with the account's id (":42"): drafts of another account that used this
  // browser without signing out are dropped when this one opens a composer.
  function forgetOtherAccountsDrafts(key) {
    var account = key.slice(key.lastIndexOf(":"));
    forgetDrafts(function (other) { return other.slice(other.lastIndexOf(":")) === account; });
  }

  // Drafts the server has now saved (it names them after a successful post).
  function forgetSentDrafts() {
    var sent = document.querySelector('meta[name="sent-drafts"]');
    var store = storage();
    if (!sent || !store) { return; }
    sent.content.split(" ").forEach(function (key) { store.removeItem(DRAFT_PREFIX + key); });
  }

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.name !== "csrf_token" &&
        (field.tagName === "TEXTAREA" || field.tagName === "SELECT" ||
         ["text", "hidden", "search"].indexOf(field.type) !== -1);
    });
  }

  function attachDraft(textarea) {
    var store = storage();
    var form = textarea.form;
    var key = DRAFT_PREFIX + textarea.getAttribute("data-draft");
    var fields = draftFields(form);
    var notice = textarea.parentNode.querySelector(".draft-notice");
    var submitting = false;
    var timer = null;

    function save() {
      if (!store || signingOut) { return; }
      var values = {};
      fields.forEach(function (field) { values[field.name] = field.value; });
      try {
        if (textarea.value.trim()) {
          store.setItem(key, JSON.stringify({ saved: Date.now(), values: values }));
        } else {
          store.removeItem(key);
        }
      } catch (error) { /* Storage full or refused: the warning before leaving still holds. */ }
    }

    function restore() {
      var draft = null;
      try { draft = JSON.parse(store.getItem(key)); } catch (error) { return; }
      if (!draft || !draft.values || Date.now() - draft.saved > DRAFT_DAYS * 864e5) { return; }
      var differs = fields.some(function (field) {
        return field.name in draft.values && draft.values[field.name] !== field.value;
      });
      if (!differs) { return; }
      fields.forEach(function (field) {
        if (field.name in draft.values) { field.value = draft.values[field.name]; }
      });
      if (notice) { notice.hidden = false; }
    }

    if (store) { forgetOtherAccountsDrafts(key); restore(); }
    if (notice) {
      notice.querySelector("[data-discard-draft]").addEventListener("click", function () {
        fields.forEach(function (field) { field.value = field.defaultValue; });
        if (store) { store.removeItem(key); }
        notice.hidden = true;
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
        textarea.focus();
      });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 300);
    });
    form.addEventListener("submit", function () { submitting = true; save(); });
    window.addEventListener("pagehide", save);
    window.addEventListener("beforeunload", function (event) {
      if (!submitting && textarea.value.trim() && textarea.value !== textarea.defaultValue) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  // --- Quoting -----------------------------------------------------------------------------

  function attachQuote(button) {
    var reply = document.querySelector(".reply-box textarea");
    if (!reply) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var cooked = button.closest(".post").querySelector(".cooked");
      var selection = window.getSelection();
      var text = "";
      if (selection && !selection.isCollapsed &&
          cooked.contains(selection.anchorNode) && cooked.contains(selection.focusNode)) {
        text = selection.toString();
      }
      if (!text.trim()) { text = cooked.innerText; }
      var quoted = text.trim().split("\n").map(function (line) { return "> " + line; }).join("\n");
      var before = reply.value && !/\n\n$/.test(reply.value) ? (/\n$/.test(reply.value) ? "\n" : "\n\n") : "";
      var target = reply.form.elements.reply_to;
      if (target && !target.value) { target.value = button.getAttribute("data-post-number"); }
      reply.setSelectionRange(reply.value.length, reply.value.length);
      var block = before + button.getAttribute("data-attribution") + "\n" + quoted + "\n\n";
      replaceSelection(reply, block, block.length, block.length);
      reply.scrollIntoView({ block: "center" });
    });
  }

  // --- Mentions ----------------------------------------------------------------------------

  // While "@partial" sits just before the caret, suggest people: arrows move, Enter or Tab
  // picks, Escape closes. The list is an ARIA listbox the textarea controls, its current
  // option the textarea's active descendant (a textarea may not be a combobox).
  var MENTION_BEFORE_CARET = /(?:^|[^\p{L}\p{N}_@\/])@([\p{L}\p{N}_.\-]{1,30})$/u;

  function attachMentions(textarea) {
    var url = textarea.getAttribute("data-mention-url");
    var list = document.createElement("ul");
    var partial = null;
    var active = -1;
    list.id = textarea.id + "-mentions";
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    textarea.after(list);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function highlight(n) {
      var options = list.children;
      active = (n + options.length) % options.length;
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      textarea.setAttribute("aria-activedescendant", options[active].id);
    }

    function choose(username) {
      var caret = textarea.selectionStart;
      textarea.setSelectionRange(caret - partial.length, caret);
      replaceSelection(textarea, username + " ", username.length + 1, username.length + 1);
      close();
    }

    function option(user, n) {
      var li = document.createElement("li");
      var name = document.createElement("bdi");
      var handle = document.createElement("bdi");
      li.id = list.id + "-" + n;
      li.setAttribute("role", "option");
      name.textContent = user.name;
      handle.textContent = "@" + user.username;
      handle.className = "muted";
      li.append(name, " ", handle);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keep the caret in the textarea
        choose(user.username);
      });
      return li;
    }

    whileTyping(textarea, 150, function () {
      var match = MENTION_BEFORE_CARET.exec(textarea.value.slice(0, textarea.selectionStart));
      partial = match && match[1];
      if (!partial) { close(); return null; }
      return fetch(url + "?term=" + encodeURIComponent(partial), { credentials: "same-origin" });
    }, function (data) {
      list.replaceChildren.apply(list, data.users.map(option));
      if (!data.users.length) { close(); return; }
      list.hidden = false;
      highlight(0);
    });

    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(list.children[active].querySelector(".muted").textContent.slice(1));
      } else if (event.key === "Escape") {
        close();
      }
    });
    textarea.addEventListener("blur", close);
  }

  // --- Files -------------------------------------------------------------------------------

  // The composer's file field, with the script: each file picked, dropped on the text or pasted
  // is uploaded at once, with a progress bar; a placeholder marks where the caret was, and the
  // file's Markdown takes its place when the server has the file (or the reason it was refused
  // shows). The field is emptied after, so the form does not send the files again.
  function attachUploads(input) {
    var composer = input.closest(".composer");
    var textarea = composer.querySelector("textarea");
    var list = composer.querySelector(".upload-list");
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);

    function said(attribute, name) { return input.getAttribute(attribute).replace("{name}", name); }

    function swap(placeholder, text) {
      var at = textarea.value.indexOf(placeholder);
      if (at < 0) { if (text) { textarea.value += "\n" + text; } }
      else { textarea.value = textarea.value.slice(0, at) + text + textarea.value.slice(at + placeholder.length); }
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function fail(item, reason) {
      item.className = "error";
      item.setAttribute("role", "alert");
      item.replaceChildren(reason);
    }

    function upload(file) {
      var name = file.name || "image.png";
      var item = document.createElement("li");
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", name);
      item.append(name, " ", bar);
      list.append(item);
      if (file.size > maxBytes) { fail(item, said("data-too-large", name)); return; }
      var placeholder = "[" + said("data-uploading", name.replace(/[\[\]]/g, "")) + "]()";
      var inserted = (textarea.selectionStart > 0 ? "\n" : "") + placeholder + "\n";
      replaceSelection(textarea, inserted, inserted.length, inserted.length);
      var request = new XMLHttpRequest();
      request.open("POST", input.getAttribute("data-upload-url"));
      if (token) { request.setRequestHeader("X-CSRFToken", token.content); }
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
      });
      request.addEventListener("load", function () {
        var answer = null;
        try { answer = JSON.parse(request.responseText); } catch (ignored) { answer = null; }
        if (request.status === 201 && answer) {
          swap(placeholder, answer.markdown);
          item.remove();
        } else {
          swap(inserted, "");
          fail(item, (answer && answer.error) || said("data-failed", name));
        }
      });
      request.addEventListener("error", function () { swap(inserted, ""); fail(item, said("data-failed", name)); });
      var body = new FormData();
      body.append("file", file, name);
      request.send(body);
    }

    function uploadAll(files) { Array.prototype.forEach.call(files, upload); }

    input.addEventListener("change", function () {
      uploadAll(input.files);
      input.value = "";
    });
    textarea.addEventListener("paste", function (event) {
      var pasted = event.clipboardData && event.clipboardData.files;
      if (pasted && pasted.length) { event.preventDefault(); uploadAll(pasted); }
    });
    textarea.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
        textarea.classList.add("dropping");
      }
    });
    textarea.addEventListener("dragleave", function () { textarea.classList.remove("dropping"); });
    textarea.addEventListener("drop", function (event) {
      textarea.classList.remove("dropping");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        event.preventDefault();
        uploadAll(event.dataTransfer.files);
      }
    });
  }

  // --- Moving with the keyboard ------------------------------------------------------------

  // j and k (by key position, so they work on an Arabic keyboard too) move to the next and
  // previous topic in a list, or post in a topic.
  function attachKeyboardNavigation() {
    var items = Array.prototype.slice.call(document.querySelectorAll(".topic-row, .post"));
    if (!items.length) { return; }
    document.addEventListener("keydown", function (event) {
      var step = { KeyJ: 1, KeyK: -1 }[event.code];
      if (!step || event.ctrlKey || event.metaKey || event.altKey ||
          event.target.closest("input, textarea, select, [contenteditable]")) { return; }
      var current = items.findIndex(function (item) { return item.contains(document.activeElement); });
      var next = items[Math.min(Math.max(current + step, 0), items.length - 1)];
      var focusable = next.classList.contains("topic-row") ? next.querySelector(".topic-title") : next;
      event.preventDefault();
      focusable.focus();
      next.scrollIntoView({ block: "nearest" });
    });
  }

  forgetSentDrafts();
  document.querySelectorAll('form[action$="/logout"], form[action$="/sign-out-everywhere"]').forEach(attachSignOut);
  document.querySelectorAll("textarea[data-preview-url]").forEach(attachPreview);
  document.querySelectorAll("input[data-similar-url]").forEach(attachSimilar);
  document.querySelectorAll("textarea[data-draft]").forEach(function (textarea) {
    attachToolbar(textarea);
    attachDraft(textarea);
  });
  document.querySelectorAll("textarea[data-mention-url]").forEach(attachMentions);
  document.querySelectorAll(".quote-button").forEach(attachQuote);
  document.querySelectorAll("input[data-upload-url]").forEach(attachUploads);
  attachKeyboardNavigation();
})();
