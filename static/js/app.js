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
          if (submitter && submitter.form === form) {
            form.requestSubmit(submitter);
          } else {
            form.requestSubmit();
          }
        },
        { once: true }
      );
      dialog.showModal();
    },
    true
  );
})();
