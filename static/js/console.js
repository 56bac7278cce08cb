// The meeting console (issue 13): keep unsaved input in the stance grid when someone else
// changes the meeting. The console polls a small "changed since" fragment; when it changed and
// no grid holds unsaved input, the console reloads itself, otherwise it only shows the notice.
// The chair's row (M-D2) opens once every other editable row has a stance; the service decides.
(function () {
  "use strict";

  function dirtyGrid() {
    return document.querySelector("form[data-stance-grid][data-dirty]");
  }

  function chairRowFor(form) {
    var chair = form.querySelector("tr[data-chair][data-states]");
    if (!chair) return;
    var others = form.querySelectorAll("tr[data-states]:not([data-chair]) select");
    var all = Array.prototype.every.call(others, function (select) { return select.value !== ""; });
    if (all) {
      chair.querySelectorAll("select, input").forEach(function (field) { field.disabled = false; });
    }
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form[data-stance-grid]");
    if (form) {
      form.setAttribute("data-dirty", "");
      chairRowFor(form);
    }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-stance-grid]");
    if (form) {
      form.setAttribute("data-dirty", "");
      chairRowFor(form);
    }
  });
  // "Fill the blank rows with 同意": the office records the usual case in one click, then the
  // exceptions; the chair's row stays as it is (it opens when the others are in).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-fill-stance]");
    if (!button) return;
    var form = button.closest("form[data-stance-grid]");
    form.querySelectorAll("tr[data-states]:not([data-chair]) select").forEach(function (select) {
      if (select.value === "" && !select.disabled) select.value = button.dataset.fillStance;
    });
    form.setAttribute("data-dirty", "");
    chairRowFor(form);
  });
  document.querySelectorAll("[data-fill-stance-bar]").forEach(function (bar) { bar.hidden = false; });
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-fill-stance-bar]").forEach(function (bar) { bar.hidden = false; });
    var reload = document.querySelector("#console-sync [data-console-reload]");
    if (reload && !dirtyGrid()) {
      reload.click();
    }
  });
})();
