/* metaopt HTML report: draws the charts from the JSON in #report-data with ECharts (SVG, so
   they print sharp), then marks <body data-rendered="N"> for tools and tests. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  var palette = ['#2f6fde', '#e07b39', '#2a9d6f', '#9b59b6', '#c0392b', '#16a3b8', '#7f8c8d'];

  function make(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: 'svg' });
    option.animation = false;
    option.color = palette;
    chart.setOption(option);
    charts.push(chart);
  }

  function fmt(v) {
    if (v === null || v === undefined) { return '—'; }
    if (typeof v !== 'number') { return String(v); }
    if (Number.isInteger(v)) { return String(v); }
    var a = Math.abs(v);
    return (a >= 1e-4 && a < 1e6) ? String(Number(v.toPrecision(4))) : v.toExponential(3);
  }

  function history() {
    var done = data.trials.filter(function (t) { return t.value !== null; });
    var iterations = [];
    done.forEach(function (t) { if (iterations.indexOf(t.iteration) < 0) { iterations.push(t.iteration); } });
    var best = null;
    var bestLine = done.map(function (t, i) {
      if (best === null || (data.maximize ? t.value > best : t.value < best)) { best = t.value; }
      return [i + 1, best];
    });
    var series = iterations.map(function (it) {
      return {
        name: 'iteration ' + it, type: 'scatter', symbolSize: 9,
        data: done.map(function (t, i) { return t.iteration === it ? [i + 1, t.value, t.run] : null; })
          .filter(function (p) { return p !== null; })
      };
    });
    var boundaries = [];
    done.forEach(function (t, i) {
      if (i > 0 && done[i - 1].iteration !== t.iteration) {
        boundaries.push({ xAxis: i + 0.5, label: { formatter: 'iteration ' + t.iteration } });
      }
    });
    series.push({
      name: 'best so far', type: 'line', step: 'end', symbol: 'none', data: bestLine,
      lineStyle: { width: 2, color: '#1d2330' }, itemStyle: { color: '#1d2330' },
      markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#8a93a6' }, data: boundaries }
    });
    make('chart-history', {
      title: { text: 'Best so far over all trials', left: 8, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'item', formatter: function (p) {
        return (p.value[2] || p.seriesName) + '<br>' + data.metric + ' ' + fmt(p.value[1]); } },
      legend: { top: 4, right: 8 },
      grid: { left: 64, right: 24, top: 48, bottom: 48 },
      xAxis: { type: 'value', name: 'trial (in order of completion)', nameLocation: 'middle',
        nameGap: 28, minInterval: 1, min: 0.5, max: done.length + 0.5 },
      yAxis: { type: 'value', name: data.metric + (data.maximize ? ' ↑' : ' ↓'), scale: true },
      series: series
    });
  }

  function parallel() {
    var done = data.trials.filter(function (t) { return t.value !== null; });
    var axes = data.params.map(function (p, i) {
      var axis = { dim: i, name: p.name };
      if (p.kind === 'category') { axis.type = 'category'; axis.data = p.categories; }
      else if (p.kind === 'log') { axis.type = 'log'; axis.min = p.min; axis.max = p.max; }
      else { axis.type = 'value'; axis.min = p.min; axis.max = p.max; }
      if (p.kind !== 'category') { axis.axisLabel = { formatter: function (v) { return fmt(v); } }; }
      return axis;
    });
    axes.push({ dim: data.params.length, name: data.metric, type: 'value', scale: true });
    var values = done.map(function (t) { return t.value; });
    make('chart-parallel', {
      title: { text: 'Parameters → ' + data.metric, left: 8, textStyle: { fontSize: 14 } },
      parallelAxis: axes,
      parallel: { left: 48, right: 96, top: 64, bottom: 32 },
      visualMap: { type: 'continuous', dimension: data.params.length, right: 4, top: 'middle',
        min: Math.min.apply(null, values), max: Math.max.apply(null, values),
        inRange: { color: data.maximize ? ['#d4dbe8', '#2f6fde'] : ['#2f6fde', '#d4dbe8'] },
        text: ['high', 'low'], calculable: false },
      series: [{ type: 'parallel', lineStyle: { width: 1.5, opacity: 0.8 },
        data: done.map(function (t) {
          return data.params.map(function (p) {
            var v = t.config[p.name];
            return p.kind === 'category' ? String(v) : v;
          }).concat([t.value]);
        }) }]
    });
  }

  function importance() {
    var rows = data.importance.slice().reverse();
    make('chart-importance', {
      title: { text: 'Share of ' + data.metric + ' variance (fANOVA, main effects)', left: 8,
        textStyle: { fontSize: 14 } },
      grid: { left: 120, right: 48, top: 40, bottom: 24 },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map(function (r) { return r.name; }) },
      tooltip: { trigger: 'item', formatter: function (p) { return p.name + ': ' + p.value + '%'; } },
      series: [{ type: 'bar', data: rows.map(function (r) { return Math.round(r.share * 1000) / 10; }),
        label: { show: true, position: 'right', formatter: '{c}%' } }]
    });
  }

  function iterationNames() {
    var names = [];
    for (var i = 1; i <= data.iterationCount; i++) { names.push('iteration ' + i); }
    return names;
  }

  function spaces() {
    data.spaces.forEach(function (s, i) {
      var tried = data.trials.filter(function (t) { return typeof t.config[s.name] === 'number'; });
      make('chart-space-' + i, {
        title: { text: s.name + (s.log ? ' (log)' : ''), left: 8, textStyle: { fontSize: 13 } },
        grid: { left: 64, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: iterationNames() },
        yAxis: { type: s.log ? 'log' : 'value', scale: !s.log,
          axisLabel: { formatter: function (v) { return fmt(v); } } },
        tooltip: { trigger: 'item' },
        series: [{
          name: 'search range', type: 'custom',
          renderItem: function (params, api) {
            var low = api.coord([api.value(0), api.value(1)]);
            var high = api.coord([api.value(0), api.value(2)]);
            var width = api.size([1, 0])[0] * 0.5;
            return { type: 'rect', shape: { x: low[0] - width / 2, y: high[1], width: width,
              height: Math.max(2, low[1] - high[1]) }, style: { fill: 'rgba(47,111,222,0.18)',
              stroke: '#2f6fde' } };
          },
          encode: { x: 0, y: [1, 2] },
          data: s.ranges.map(function (r) { return [r.iteration - 1, r.min, r.max]; })
        }, {
          name: 'tried', type: 'scatter', symbolSize: 6, itemStyle: { color: '#e07b39' },
          data: tried.filter(function (t) { return t.iteration !== null; })
            .map(function (t) { return [t.iteration - 1, t.config[s.name]]; })
        }]
      });
    });
  }

  function spend() {
    var s = data.spend;
    var lines = s.budget === null ? [] : [{ yAxis: s.budget, label: { formatter: 'budget ' + s.budget + ' USD' } }];
    make('chart-spend', {
      title: { text: 'Spend against the budget (USD)', left: 8, textStyle: { fontSize: 14 } },
      grid: { left: 64, right: 32, top: 48, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: s.mode === 'time' ? { type: 'time' } : { type: 'category', data: s.points.map(function (p) { return p[0]; }) },
      yAxis: { type: 'value', min: 0, max: s.budget === null ? null : Math.max(s.budget, s.points.reduce(function (m, p) { return Math.max(m, p[1]); }, 0)) },
      series: [{ name: 'spent', type: 'line', step: s.mode === 'time' ? 'end' : false,
        data: s.mode === 'time' ? s.points : s.points.map(function (p) { return p[1]; }),
        markLine: { symbol: 'none', lineStyle: { color: '#b3261e', type: 'dashed' }, data: lines } }]
    });
  }

  [history, parallel, importance, spaces, spend].forEach(function (draw) { draw(); });
  window.addEventListener('beforeprint', function () {
    charts.forEach(function (c) { c.resize({ width: 680 }); });
  });
  window.addEventListener('afterprint', function () {
    charts.forEach(function (c) { c.resize(); });
  });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.setAttribute('data-rendered', String(charts.length));
})();
