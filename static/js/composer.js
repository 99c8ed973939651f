// The composer's helpers: live preview, and similar topics while a title is typed.
// The page works without them: the Preview button sends the form and the server renders
// the same preview.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');

  function attachPreview(textarea) {
    var target = document.getElementById(textarea.getAttribute("data-preview-target"));
    var url = textarea.getAttribute("data-preview-url");
    var timer = null;
    var sent = 0;

    function render() {
      var ticket = ++sent;
      var body = new FormData();
      body.append("raw", textarea.value);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: token ? { "X-CSRFToken": token.content } : {}
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          // A slow answer must not overwrite a newer one.
          if (ticket === sent) { target.innerHTML = data.html || ""; }
        })
        .catch(function () { /* offline: keep the last preview */ });
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(render, 350);
    });
    if (textarea.value) { render(); }
  }

  function attachSimilar(input) {
    var box = document.getElementById(input.getAttribute("data-similar-target"));
    var list = box.querySelector("ul");
    var url = input.getAttribute("data-similar-url");
    var timer = null;
    var sent = 0;

    function item(topic) {
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

    function lookup() {
      var title = input.value.trim();
      var ticket = ++sent;
      if (title.length < 3) { box.hidden = true; return; }
      fetch(url + "?title=" + encodeURIComponent(title), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (ticket !== sent) { return; }
          list.replaceChildren.apply(list, data.topics.map(item));
          box.hidden = data.topics.length === 0;
        })
        .catch(function () { /* offline: keep what is shown */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 400);
    });
    if (input.value) { lookup(); }
  }

  document.querySelectorAll("textarea[data-preview-url]").forEach(attachPreview);
  document.querySelectorAll("input[data-similar-url]").forEach(attachSimilar);
})();
