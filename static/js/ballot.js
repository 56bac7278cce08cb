// The vote page (issue 13). Progressive enhancement only: without JavaScript the forms work as
// they are (and the service refuses what the rules forbid).
// - A ballot's confirmation names the choice: the form's data-confirm (read by app.js when the
//   form is sent) becomes the chosen radio button's.
// - The named-ballot grid: "fill the blank rows with" checks that choice in every row that has
//   none yet; nothing is saved until the office presses "Save the ballots".
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type === "radio" && input.dataset.confirm && input.form) {
      input.form.dataset.confirm = input.dataset.confirm;
    }
  });

  function fill(form, value) {
    var rows = form.querySelectorAll("tbody tr");
    Array.prototype.forEach.call(rows, function (row) {
      var radios = row.querySelectorAll("input[type=radio]");
      var chosen = Array.prototype.some.call(radios, function (radio) { return radio.checked; });
      if (chosen) {
        return;
      }
      Array.prototype.forEach.call(radios, function (radio) {
        if (radio.value === value) {
          radio.checked = true;
        }
      });
    });
  }

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-fill-buttons]"), function (bar) {
      bar.hidden = false;
      bar.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-fill]");
        if (button) {
          fill(bar.closest("form"), button.dataset.fill);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
