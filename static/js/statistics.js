/* 信访统计 charts: this year's and last year's bars side by side, drawn with the vendored ECharts
   from the page's data (json_script). Every bar opens the petition list of exactly the petitions
   it counts (series[s].links[i], built server-side with the same parameters as the tables). */
(function () {
  var holder = document.getElementById("statistics-data");
  if (!holder || !window.echarts) return;
  var data = JSON.parse(holder.textContent);
  var charts = [];

  document.querySelectorAll("[data-stat-chart]").forEach(function (el) {
    var spec = data[el.getAttribute("data-stat-chart")];
    if (!spec || !spec.labels.length) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    // Ready once drawn to the end: until its animation finishes a bar is still growing from the axis,
    // and a click at its final middle (a person quick to click, or a test) lands beside it.
    chart.on("finished", function () { el.setAttribute("data-ready", "true"); });
    chart.setOption({
      tooltip: { trigger: "axis", formatter: function (items) {
        return spec.labels[items[0].dataIndex] + "<br>" + items.map(function (i) {
          return i.seriesName + "：" + i.value + " 件";
        }).join("<br>") + "<br>点击柱形查看清单";
      } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: spec.labels,
        axisLabel: { interval: 0, rotate: spec.labels.length > 6 ? 30 : 0, width: 80, overflow: "truncate" },
      },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, cursor: "pointer", label: { show: spec.labels.length <= 12, position: "top",
          formatter: function (p) { return p.value ? String(p.value) : ""; } } };
      }),
    });
    chart.on("click", function (params) {
      var series = spec.series[params.seriesIndex];
      var url = series && series.links[params.dataIndex];
      if (url) window.location.assign(url);
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
