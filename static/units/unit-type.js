// Unit type → the licence it holds (seed 001): shown beside the type as it is chosen.
(function () {
  "use strict";
  document.querySelectorAll("select[data-licence-types]").forEach(function (select) {
    var types = JSON.parse(select.getAttribute("data-licence-types"));
    var output = document.querySelector("[data-licence-type-for='" + select.id + "']");
    if (!output) { return; }
    var empty = output.textContent;
    select.addEventListener("change", function () {
      output.textContent = types[select.value] || empty;
    });
  });
})();
