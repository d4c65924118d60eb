/* Admin: show the body's reading grade (and what would be removed) while editing.
   Without this file, the "Check the reading grade" button does the same on the server. */
(function () {
  "use strict";

  function ready() {
    var box = document.getElementById("reading-grade");
    var body = document.getElementById("id_body");
    if (!box || !body) return;
    var result = document.getElementById("reading-grade-result");
    var problems = document.getElementById("reading-grade-problems");
    var token = document.querySelector('input[name="csrfmiddlewaretoken"]');
    var url = box.getAttribute("data-url");
    var timer = null;

    function show(data) {
      result.textContent = data.message;
      problems.textContent = "";
      (data.problems || []).forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        problems.appendChild(item);
      });
      problems.hidden = !(data.problems && data.problems.length);
    }

    function update() {
      var form = new FormData();
      form.append("body", body.value);
      fetch(url, {
        method: "POST",
        body: form,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data) show(data);
      }).catch(function () { /* the button still works */ });
    }

    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 600);
    });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
