// Choosing a unit anywhere: Tom Select over units:search, by name or pinyin initials.
(function () {
  "use strict";
  if (typeof window.TomSelect === "undefined") { return; }
  document.querySelectorAll("select[data-unit-search]").forEach(function (select) {
    var url = select.getAttribute("data-unit-search");
    new window.TomSelect(select, {
      valueField: "id",
      labelField: "name",
      searchField: [],
      maxOptions: 20,
      loadThrottle: 250,
      placeholder: select.getAttribute("data-placeholder") || "",
      shouldLoad: function (query) { return query.trim().length > 0; },
      // The server already filtered by name, initials and code: show what it sent.
      score: function () { return function () { return 1; }; },
      load: function (query, callback) {
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      render: {
        option: function (item, escape) {
          return "<div class=\"unit-option\">" + escape(item.name) +
            " <small>" + escape(item.uscc) + "</small></div>";
        },
        item: function (item, escape) { return "<div>" + escape(item.name) + "</div>"; },
        no_results: function () {
          return "<div class=\"no-results\">" + (select.getAttribute("data-no-results") || "—") + "</div>";
        }
      }
    });
  });
})();
