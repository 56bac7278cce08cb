// Irreversible steps ask first, with a summary (issue 13): a <form data-confirm="…"> (or a submit
// button with data-confirm) opens the page's <dialog id="confirm-dialog"> (templates/base.html, its
// buttons translated there) and is submitted only when the user confirms. Without JavaScript the
// form submits directly and the service still refuses what the rules forbid.
(function () {
  "use strict";

  function summary(event) {
    var submitter = event.submitter;
    if (submitter && submitter.dataset.confirm) {
      return submitter.dataset.confirm;
    }
    return event.target.dataset ? event.target.dataset.confirm : "";
  }

  // Capture phase on the document: runs before htmx's own listener on the form, so an htmx form
  // waits for the answer too.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var text = summary(event);
      var dialog = document.getElementById("confirm-dialog");
      if (!text || !dialog || typeof dialog.showModal !== "function") {
        return;
      }
      if (form.dataset.confirmed === "1") {
        delete form.dataset.confirmed;
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter || null;
      dialog.querySelector(".confirm-text").textContent = text;
      dialog.returnValue = "";
      dialog.addEventListener(
        "close",
        function () {
          if (dialog.returnValue !== "confirm") {
            return;
          }
          form.dataset.confirmed = "1";
          // The button's own name=value goes with the form as a hidden field: htmx forgets which
          // button was clicked once the focus moved to the dialog, and the button itself may have been
          // swapped out meanwhile (a preview replacing it); formaction is unused here.
          var carried = null;
          if (submitter && submitter.name) {
            carried = document.createElement("input");
            carried.type = "hidden";
            carried.name = submitter.name;
            carried.value = submitter.value;
            form.appendChild(carried);
          }
          form.requestSubmit();
          if (carried) {
            setTimeout(function () { carried.remove(); }, 0);
          }
        },
        { once: true }
      );
      dialog.showModal();
    },
    true
  );
})();
