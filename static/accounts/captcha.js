// Captcha picture: a click loads a new picture (django-simple-captcha's refresh endpoint).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-captcha-refresh]");
    if (!button) { return; }
    event.preventDefault();
    fetch(button.getAttribute("data-captcha-refresh"), {
      headers: { "X-Requested-With": "XMLHttpRequest" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data) { return; }
      var group = button.closest(".captcha-group");
      var key = group.querySelector("input[type=hidden]");
      var answer = group.querySelector("input[type=text]");
      key.value = data.key;
      button.querySelector("img").src = data.image_url;
      answer.value = "";
      answer.focus();
    });
  });
})();
