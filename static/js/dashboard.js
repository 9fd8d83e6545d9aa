/* 工作台 charts: data from the page (json_script), drawn with the vendored ECharts.
   Every bar, point and slice opens the list it counts (spec.links[i], built server-side with the
   same filters as the number); the pie's labels fit their box and its legend wraps, never pages. */
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

  function clickable(chart, spec) {
    if (!spec.links) return;
    chart.on("click", function (params) {
      // a bar, point or slice; or a category's name under the bars
      var i = params.componentType === "xAxis" ? spec.labels.indexOf(params.value) : params.dataIndex;
      var url = spec.links[i];
      if (url) window.location.assign(url);
    });
  }

  function draw(el, option, spec) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    clickable(chart, spec);
    el.setAttribute("data-ready", "true");
    charts.push(chart);
    return chart;
  }

  function bar(el, spec, opts) {
    if (!spec || !spec.labels || !spec.labels.length) return empty(el, "暂无数据");
    opts = opts || {};
    var narrow = el.clientWidth < 480;
    draw(el, {
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var i = items[0].dataIndex, text = spec.labels[i] + "<br>" + items[0].seriesName + "：" + items[0].value + (opts.unit || "");
          if (spec.counts) text += "（已完成 " + spec.counts[i].done + " / 共 " + spec.counts[i].total + " 项）";
          return text + "<br>点击查看清单";
        },
      },
      grid: grid,
      xAxis: {
        type: "category",
        data: spec.labels,
        triggerEvent: true,
        // every department's name (truncated to fit); months as many as fit
        axisLabel: { interval: opts.line ? "auto" : 0, rotate: spec.labels.length > 5 || narrow ? 30 : 0, width: 80, overflow: "truncate" },
      },
      yAxis: { type: "value", max: opts.max, minInterval: 1, axisLabel: { formatter: opts.unit ? "{value}" + opts.unit : "{value}" } },
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: opts.line ? "line" : "bar",
          data: s.data,
          cursor: "pointer",
          symbolSize: opts.line ? 8 : undefined,
          label: { show: !opts.line || !narrow, position: "top", formatter: opts.unit ? "{c}" + opts.unit : "{c}" },
        };
      }),
    }, spec);
  }

  function pie(el, spec) {
    if (!spec || !spec.labels || !spec.labels.length) return empty(el, "暂无数据");
    var narrow = el.clientWidth < 300;
    var values = spec.series[0].data;
    var byName = {};
    spec.labels.forEach(function (l, i) { byName[l] = values[i]; });
    // A plain legend wraps onto as many lines as it needs: give it room below the pie.
    var perLine = Math.max(1, Math.floor(el.clientWidth / 120));
    var legendLines = Math.ceil(spec.labels.length / perLine);
    var pieHeight = narrow ? 240 : 280;
    el.style.height = pieHeight + legendLines * 22 + 16 + "px";
    draw(el, {
      tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）<br>点击查看清单" },
      legend: {
        type: "plain",
        bottom: 0,
        left: "center",
        itemWidth: 12,
        itemHeight: 10,
        textStyle: { fontSize: 12 },
        formatter: function (name) { return name + "（" + byName[name] + "）"; },
      },
      series: [{
        type: "pie",
        cursor: "pointer",
        radius: narrow ? ["25%", "50%"] : ["22%", "42%"],
        center: ["50%", pieHeight / 2 + "px"],
        avoidLabelOverlap: true,
        // On a phone the legend names each slice with its count; the labels would not fit beside it.
        // labels sit at the chart's edges, cut to the room left there: none runs out of the box
        label: { show: !narrow, formatter: "{b}：{c}", alignTo: "edge", edgeDistance: 6, width: 84, overflow: "truncate", fontSize: 12 },
        labelLine: { show: !narrow, length: 8, length2: 6 },
        labelLayout: { hideOverlap: true, moveOverlap: "shiftY" },
        data: spec.labels.map(function (l, i) { return { name: l, value: values[i] }; }),
      }],
    }, spec);
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var kind = el.getAttribute("data-chart");
    if (kind === "completion") bar(el, data.completion, { max: 100, unit: "%" });
    else if (kind === "overdue") bar(el, data.overdue);
    else if (kind === "months") bar(el, data.months, { line: true });
    else if (kind === "categories") pie(el, data.categories);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
