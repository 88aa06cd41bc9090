// Dashboard charts (Apache ECharts): each chart draws the numbers of the table beside it.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) { return; }
  var tables = JSON.parse(source.textContent);
  tables.forEach(function (table) {
    var node = document.querySelector('[data-chart="' + table.key + '"]');
    if (!node || !table.rows.length) { return; }
    node.style.height = "280px";
    var labels = table.rows.map(function (row) { return row[0]; });
    // The columns the chart draws are named by the figure (pass rates, times, …).
    var columns = table.drawn && table.drawn.length ? table.drawn : [1, 2];
    var series = columns.map(function (index) {
      return {
        name: table.columns[index],
        type: table.type === "line" ? "line" : "bar",
        showSymbol: table.rows.length <= 31,
        data: table.rows.map(function (row) { return row[index]; })
      };
    });
    var many = labels.length > 12;
    var chart = window.echarts.init(node);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 24, right: 16, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "category", data: labels, axisLabel: {
        interval: many ? "auto" : 0,
        rotate: labels.length > 4 ? 30 : 0,
        // Few long labels (what is overdue, on a phone): wrapped within their bar's width.
        width: labels.length > 4 ? undefined : Math.max(48, (node.clientWidth - 80) / labels.length - 8),
        overflow: labels.length > 4 ? "truncate" : "break"
      } },
      yAxis: { type: "value" },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
