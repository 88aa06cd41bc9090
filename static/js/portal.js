// Title Portal: small behaviours shared by every page. No inline handlers (CSP).
(function () {
  "use strict";

  // Selects marked data-autosubmit submit their form on change (language and role switchers).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
  });

  // Buttons marked data-confirm ask before submitting (discard, withdraw, ...). With
  // data-confirm-count (a selector of the chosen checkboxes) "__COUNT__" in the question is the
  // number chosen, and data-confirm-none is said instead when nothing is chosen.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (!button) { return; }
    var question = button.getAttribute("data-confirm");
    var counted = button.getAttribute("data-confirm-count");
    if (counted) {
      var chosen = document.querySelectorAll(counted).length;
      if (chosen === 0 && button.hasAttribute("data-confirm-none")) {
        window.alert(button.getAttribute("data-confirm-none"));
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      question = question.replace("__COUNT__", String(chosen));
    }
    if (!window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Forms marked data-once disable their submit buttons after the first submit (double clicks).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-once")) {
      if (form.dataset.submitted === "1") { event.preventDefault(); return; }
      form.dataset.submitted = "1";
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
        b.setAttribute("aria-disabled", "true");
        b.classList.add("disabled");
      });
    }
  });
})();
