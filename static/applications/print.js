// Print view: the print button (no inline handlers under our CSP).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".js-print")) { window.print(); }
  });
})();
