// "Request a new code" waits for the SMS cool-down: the button counts down, then works.
(function () {
  "use strict";
  document.querySelectorAll("[data-countdown]").forEach(function (button) {
    var seconds = parseInt(button.getAttribute("data-countdown"), 10) || 0;
    if (seconds <= 0) { return; }
    var label = button.textContent;
    var template = button.getAttribute("data-countdown-text") || "{n}";
    button.disabled = true;
    var tick = function () {
      if (seconds <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = template.replace("{n}", seconds);
      seconds -= 1;
      window.setTimeout(tick, 1000);
    };
    tick();
  });
})();
