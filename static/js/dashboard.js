/* 工作台 charts: data from the page (json_script), drawn with the vendored ECharts. */
(function () {
  var holder = document.getElementById("chart-data");
  if (!holder || !window.echarts) return;
  var data = JSON.parse(holder.textContent);
  var charts = [];
  var grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

  function empty(el, text) {
    el.innerHTML = '<p class="muted">' + text + "</p>";
    el.style.height = "auto";
  }

  function draw(el, option) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push(chart);
  }

  function bar(el, spec, opts) {
    if (!spec || !spec.labels || !spec.labels.length) return empty(el, "暂无数据");
    draw(el, {
      tooltip: { trigger: "axis" },
      legend: spec.series.length > 1 ? { top: 0 } : undefined,
      grid: grid,
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: spec.labels.length > 5 ? 30 : 0 } },
      yAxis: { type: "value", max: opts && opts.max, axisLabel: { formatter: (opts && opts.unit) ? "{value}" + opts.unit : "{value}" } },
      series: spec.series.map(function (s) {
        return { name: s.name, type: opts && opts.line ? "line" : "bar", data: s.data, stack: opts && opts.stack, label: { show: true, position: "top", formatter: (opts && opts.unit) ? "{c}" + opts.unit : "{c}" } };
      }),
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var kind = el.getAttribute("data-chart");
    if (kind === "completion") bar(el, data.completion, { max: 100, unit: "%" });
    else if (kind === "overdue") bar(el, data.overdue);
    else if (kind === "months") bar(el, data.months, { line: true });
    else if (kind === "categories") {
      var spec = data.categories;
      if (!spec || !spec.labels.length) return empty(el, "暂无数据");
      draw(el, {
        tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）" },
        legend: { type: "scroll", bottom: 0 },
        series: [{ type: "pie", radius: ["30%", "55%"], center: ["50%", "45%"], label: { formatter: "{b}：{c}", width: 90, overflow: "break" }, data: spec.labels.map(function (l, i) { return { name: l, value: spec.series[0].data[i] }; }) }],
      });
    }
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
