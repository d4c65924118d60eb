/* Admin: give the autocomplete's search box the name of its field (select2 leaves it
   without a label). */
(function () {
  "use strict";

  function label(input) {
    if (input.hasAttribute("aria-label")) return;
    var row = input.closest(".form-row, .fieldBox, td");
    var text = row && row.querySelector("label");
    if (text) input.setAttribute("aria-label", text.textContent.replace(/:\s*$/, "").trim());
  }

  function labelAll() {
    document.querySelectorAll(".select2-search__field").forEach(label);
  }

  function ready() {
    labelAll();
    new MutationObserver(labelAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
