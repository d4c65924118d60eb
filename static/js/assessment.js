/* Symptom check: small enhancements. Everything works without this file. */
(function () {
  "use strict";

  // The body map's follow-up questions ("If you marked …") appear only when the map needs
  // them. Without this script they are always on the page, and the server ignores answers
  // whose question does not apply.
  function followUps() {
    var map = document.querySelector(".pain-map");
    if (!map) return;
    var boxes = map.querySelectorAll('input[type="checkbox"]');
    function update() {
      var open = {};
      boxes.forEach(function (box) {
        if (box.checked && box.dataset.opens) open[box.dataset.opens] = true;
      });
      document.querySelectorAll(".conditional[data-when]").forEach(function (group) {
        group.hidden = !open[group.dataset.when];
      });
    }
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  }

  // Tapping a region of the drawing ticks or unticks its checkbox (the checkboxes stay the
  // control; the drawing is hidden from screen readers).
  function clickableMap() {
    document.querySelectorAll(".pain-map").forEach(function (map) {
      map.querySelectorAll(".bm-region[data-region]").forEach(function (shape) {
        shape.classList.add("bm-region--clickable");
        shape.addEventListener("click", function () {
          var box = map.querySelector('input[type="checkbox"][value="' + shape.dataset.region + '"]');
          if (!box) return;
          box.checked = !box.checked;
          box.dispatchEvent(new Event("change", { bubbles: true }));
        });
      });
    });
  }

  // A print button, shown only when there is script to run it.
  function printButton() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      var holder = button.closest("[hidden]");
      if (holder) holder.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function ready() { followUps(); clickableMap(); printButton(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
