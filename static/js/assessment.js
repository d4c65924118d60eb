/* Symptom check: small enhancements. Everything works without this file. */
(function () {
  "use strict";

  // Hide "If your leg is affected" while "No, not in my legs" is chosen.
  function legDetails() {
    var group = document.getElementById("leg-details");
    if (!group) return;
    var radios = document.querySelectorAll('input[type="radio"][name$="-leg_side"]');
    function update() {
      var none = document.querySelector('input[type="radio"][name$="-leg_side"][value="none"]:checked');
      group.hidden = Boolean(none);
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  // A print button, shown only when there is script to run it.
  function printButton() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      var holder = button.closest("[hidden]");
      if (holder) holder.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function ready() { legDetails(); printButton(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
