// Live preview for the composer. The page works without it: the Preview button sends
// the form and the server renders the same preview.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');

  function attach(textarea) {
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

  document.querySelectorAll("textarea[data-preview-url]").forEach(attach);
})();
