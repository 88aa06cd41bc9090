// 单位所在地: province → city → county selects. Choosing one level loads the next from
// units:regions; levels that have no children stay empty (municipalities, some cities).
(function () {
  "use strict";
  var order = ["province", "city", "county"];

  function reset(select) {
    var placeholder = select.getAttribute("data-placeholder") || "";
    select.innerHTML = "";
    var option = document.createElement("option");
    option.value = "";
    option.textContent = placeholder;
    select.appendChild(option);
  }

  function fill(container, level, parentCode) {
    var select = container.querySelector("[data-region-level=" + level + "]");
    if (!select) { return; }
    for (var i = order.indexOf(level); i < order.length; i++) {
      var below = container.querySelector("[data-region-level=" + order[i] + "]");
      if (below) { reset(below); below.disabled = true; }
    }
    if (!parentCode) { return; }
    var url = container.getAttribute("data-children-url") + "?parent=" + encodeURIComponent(parentCode);
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.json() : { results: [] };
    }).then(function (data) {
      data.results.forEach(function (region) {
        var option = document.createElement("option");
        option.value = region.code;
        option.textContent = region.name;
        select.appendChild(option);
      });
      select.disabled = data.results.length === 0;
    });
  }

  document.querySelectorAll("[data-region-cascade]").forEach(function (container) {
    container.querySelectorAll("[data-region-level]").forEach(function (select) {
      if (select.options.length <= 1 && select.getAttribute("data-region-level") !== "province") {
        select.disabled = true;
      }
      select.addEventListener("change", function () {
        var level = select.getAttribute("data-region-level");
        var index = order.indexOf(level);
        if (index < order.length - 1) { fill(container, order[index + 1], select.value); }
      });
    });
  });
})();
