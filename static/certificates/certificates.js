// Certificates: captcha refresh, "choose all" in the office list, mailing fields shown only
// when mailing is chosen. No inline handlers (CSP).
(function () {
  "use strict";

  // A click on the captcha picture asks for a new one.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-captcha-refresh]");
    if (!button) { return; }
    event.preventDefault();
    fetch(button.getAttribute("data-captcha-refresh"), {
      headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin"
    }).then(function (response) { return response.json(); }).then(function (data) {
      var widget = button.closest(".captcha-widget");
      widget.querySelector("img").src = data.image_url;
      widget.querySelector("input[type=hidden]").value = data.key;
      var input = widget.querySelector("input[type=text]");
      input.value = "";
      input.focus();
    });
  });

  // A header checkbox marked data-check-all="name" ticks every checkbox of that name.
  document.addEventListener("change", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-check-all");
    if (!name) { return; }
    var form = event.target.form || document;
    form.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  // The address fields matter only for mailing.
  function showMailFields() {
    var fields = document.querySelector("[data-mail-fields]");
    var chosen = document.querySelector("input[data-delivery-method]:checked");
    if (fields) { fields.hidden = !chosen || chosen.value !== "mail"; }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[data-delivery-method]")) { showMailFields(); }
  });
  showMailFields();
})();
