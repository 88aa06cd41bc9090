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

// An export being written by the task worker: its page looks again every few seconds.
(function () {
  "use strict";
  var waiting = document.querySelector("[data-refresh-seconds]");
  if (!waiting) { return; }
  var seconds = parseInt(waiting.getAttribute("data-refresh-seconds"), 10) || 3;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
