// Review pages: "select all" checkboxes of the queue's batch actions. No inline handlers (CSP).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var toggle = event.target;
    if (!toggle.matches || !toggle.matches("input[data-select-all]")) { return; }
    var form = toggle.form || document;
    var name = toggle.getAttribute("data-select-all");
    form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
      box.checked = toggle.checked;
    });
  });
})();
