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

  // Buttons marked data-confirm ask before submitting (discard, withdraw, ...).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
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
