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

// The header's navigation (issue 14): on a phone the groups fold behind a menu button (shown only
// when this script runs, so without JavaScript the links stay visible); one group open at a time;
// Escape or a click elsewhere closes it.
(function () {
  "use strict";

  var nav = document.getElementById("mainnav");
  var toggle = document.querySelector(".navtoggle");
  if (!nav) {
    return;
  }
  document.documentElement.classList.add("js-nav");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      var current = nav.querySelector("details.navgroup[data-current]");
      if (open && current) {
        current.open = true;
      }
    });
  }
  var groups = nav.querySelectorAll("details.navgroup");
  var isPhone = window.matchMedia("(max-width: 640px)");

  function closeOthers(except) {
    groups.forEach(function (group) {
      if (group !== except) {
        group.open = false;
      }
    });
  }

  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open && !isPhone.matches) {
        closeOthers(group);
      }
    });
  });
  document.addEventListener("click", function (event) {
    if (!isPhone.matches && !nav.contains(event.target)) {
      closeOthers(null);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = nav.querySelector("details.navgroup[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();

// Wide tables scroll sideways inside their .tablewrap on a narrow screen: such a wrapper becomes a
// named region in the Tab order, so a keyboard user can scroll it too (axe
// scrollable-region-focusable). Checked again on resize and after htmx swaps in a table.
(function () {
  "use strict";

  var label = document.body.getAttribute("data-table-scroll-label") || "";

  function mark() {
    document.querySelectorAll(".tablewrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) {
          wrap.setAttribute("aria-label", label);
          wrap.dataset.scrollLabel = "1";
        }
      } else if (!scrolls && wrap.getAttribute("role") === "region" && wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        if (wrap.dataset.scrollLabel) {
          wrap.removeAttribute("aria-label");
          delete wrap.dataset.scrollLabel;
        }
      }
    });
  }

  mark();
  window.addEventListener("resize", mark);
  document.body.addEventListener("htmx:afterSwap", mark);
})();
