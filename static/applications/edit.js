// Applicant editing pages: loss declaration dialog, sortable rows, rich-text work summary.
(function () {
  "use strict";

  // A server-rendered dialog that must be answered (遗失申明) opens on load.
  function showDialogs(root) {
    root.querySelectorAll(".modal[data-show-on-load]").forEach(function (element) {
      if (window.bootstrap) { window.bootstrap.Modal.getOrCreateInstance(element).show(); }
    });
  }

  // Work-history and other rows: drag to reorder; the order is saved at once.
  function initSortable(root) {
    if (!window.Sortable) { return; }
    root.querySelectorAll("#rows-body .js-sortable").forEach(function (tbody) {
      if (tbody.dataset.sortable === "1" || tbody.querySelectorAll("tr[data-id]").length < 2) { return; }
      tbody.dataset.sortable = "1";
      var body = tbody.closest("#rows-body");
      window.Sortable.create(tbody, {
        handle: ".drag-handle",
        animation: 150,
        onEnd: function () {
          var ids = Array.prototype.map.call(tbody.querySelectorAll("tr[data-id]"), function (row) {
            return row.getAttribute("data-id");
          });
          window.htmx.ajax("POST", body.getAttribute("data-order-url"), {
            source: body, target: "#rows-body", swap: "outerHTML", values: { ids: ids }
          });
        }
      });
    });
  }

  // Work summary: Quill toolbar over the textarea; the count follows what a reader sees.
  function initSummary() {
    var form = document.getElementById("summary-form");
    if (!form || !window.Quill) { return; }
    var source = form.querySelector(".summary-source");
    var holder = document.getElementById("summary-editor");
    var toolbar = document.getElementById("summary-toolbar");
    var max = parseInt(form.getAttribute("data-max"), 10) || 700;
    holder.hidden = false;
    toolbar.hidden = false;
    source.hidden = true;
    // The toolbar is the template's (labels in the page's language); Quill brings no locales.
    var quill = new window.Quill(holder, { theme: "snow", modules: { toolbar: { container: toolbar } } });
    quill.clipboard.dangerouslyPasteHTML(source.value || "");
    quill.root.setAttribute("aria-labelledby", "summary-label");
    quill.root.setAttribute("aria-describedby", "summary-count");
    var used = form.querySelector(".js-used");
    var left = form.querySelector(".js-left");
    function update() {
      var text = quill.getText().replace(/\s+/g, " ").trim();
      used.textContent = text.length;
      left.textContent = Math.max(0, max - text.length);
      source.value = quill.getText().trim() ? quill.root.innerHTML : "";
    }
    quill.on("text-change", function (delta, old, source) {
      update();
      if (source === "user") { form.dataset.changed = "1"; }  // asked about when leaving
    });
    form.addEventListener("submit", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    showDialogs(document);
    initSortable(document);
    initSummary();
  });
  document.addEventListener("htmx:afterSettle", function () { initSortable(document); });
})();

// 原职称 from one of the person's certificates: fill the fields this form has.
(function () {
  "use strict";
  var FIELDS = ["original_certificate_number", "original_qualification", "original_specialty",
    "approving_authority", "granted_on", "original_committee"];
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-use-certificate]");
    if (!button) { return; }
    var form = document.getElementById("section-form");
    if (!form) { return; }
    FIELDS.forEach(function (name) {
      var input = form.elements.namedItem(name);
      var value = button.getAttribute("data-" + name);
      if (input && value) {
        input.value = value;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    var first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  });
})();
