// The composer's helpers: live preview, and similar topics while a title is typed.
// The page works without them: the Preview button sends the form and the server renders
// the same preview.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');

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

  document.querySelectorAll("textarea[data-preview-url]").forEach(attachPreview);
  document.querySelectorAll("input[data-similar-url]").forEach(attachSimilar);
})();
