/*
 * The detail page's latency chart (uPlot). 24 h: every check (failed ones as red points); 7 d and
 * 30 d: hourly P50/P95/P99. Data comes from /integrations/:slug/chart?window=…; while the 24 h
 * window is shown, each pushed result adds its point (older than 24 h ones fall off, so memory
 * stays flat on a page left open).
 */
(function () {
  'use strict';
  var host = document.getElementById('latency-chart');
  if (!host || !window.uPlot) return;
  var slug = host.getAttribute('data-slug');
  var plot = null;
  var data = null;
  var current = '24h';
  var request = 0;

  function color(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }
  function ms(u, values) {
    return values.map(function (v) { return v == null ? '' : v >= 1000 ? (v / 1000).toFixed(1) + ' s' : Math.round(v) + ' ms'; });
  }
  function axes() {
    var grid = { stroke: color('--border', '#ddd'), width: 1 };
    var text = color('--muted', '#666');
    return [
      { stroke: text, grid: grid, ticks: grid },
      { stroke: text, grid: grid, ticks: grid, values: ms, size: 60 },
    ];
  }
  function seriesFor(kind) {
    if (kind === 'raw') {
      return [
        {},
        { label: 'Latency', stroke: color('--up', '#1a7f37'), width: 1.5, spanGaps: false, value: function (u, v) { return v == null ? '—' : Math.round(v) + ' ms'; } },
        { label: 'Failed', stroke: color('--down', '#cf222e'), fill: color('--down', '#cf222e'), paths: function () { return null; }, points: { show: true, size: 7, fill: color('--down', '#cf222e') }, value: function (u, v) { return v == null ? '—' : Math.round(v) + ' ms'; } },
      ];
    }
    var fmt = function (u, v) { return v == null ? '—' : Math.round(v) + ' ms'; };
    return [
      {},
      { label: 'P50', stroke: color('--up', '#1a7f37'), width: 1.5, value: fmt, spanGaps: true },
      { label: 'P95', stroke: color('--degraded', '#9a6700'), width: 1.5, value: fmt, spanGaps: true },
      { label: 'P99', stroke: color('--down', '#cf222e'), width: 1.5, dash: [4, 3], value: fmt, spanGaps: true },
    ];
  }
  function columns(json) {
    return json.kind === 'raw' ? [json.t, json.latency, json.failed] : [json.t, json.p50, json.p95, json.p99];
  }
  function note(text) {
    if (plot) { plot.destroy(); plot = null; }
    host.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'chart-note muted';
    p.textContent = text;
    host.appendChild(p);
  }
  function draw(json) {
    data = columns(json);
    var hasPoints = data.slice(1).some(function (values) { return values.some(function (v) { return v != null; }); });
    if (!hasPoints) {
      note(json.kind === 'raw' ? 'No checks in the last 24 h yet.' : 'No data for this window yet.');
      return;
    }
    if (plot) plot.destroy();
    host.innerHTML = '';
    plot = new uPlot({
      width: Math.max(300, host.clientWidth),
      height: 260,
      series: seriesFor(json.kind),
      axes: axes(),
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(10, max * 1.1)]; } } },
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
    }, data, host);
  }
  function load(window) {
    current = window;
    var mine = ++request;
    var buttons = document.querySelectorAll('.seg[data-window]');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-window') === window));
    fetch('/integrations/' + encodeURIComponent(slug) + '/chart?window=' + encodeURIComponent(window), { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) { if (!response.ok) throw new Error('HTTP ' + response.status); return response.json(); })
      .then(function (json) { if (mine === request) draw(json); })
      .catch(function () { if (mine === request) note('Could not load the chart. Reload the page to try again.'); });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('.seg[data-window]');
    if (button) load(button.getAttribute('data-window'));
  });

  // A pushed result: add its point to the 24 h series.
  document.addEventListener('htmx:wsAfterMessage', function () {
    if (current !== '24h' || !data) return;
    var status = document.getElementById('detail-status');
    if (!status) return;
    var at = Number(status.getAttribute('data-latest-at')) / 1000;
    var latency = status.getAttribute('data-latest-latency');
    var t = data[0];
    if (!at || (t.length && at <= t[t.length - 1])) return;
    var failed = status.classList.contains('s-down');
    var value = latency == null ? null : Number(latency);
    t.push(at);
    data[1].push(failed ? null : value);
    data[2].push(failed ? (value || 0) : null);
    var cutoff = at - 86400;
    while (t.length && t[0] < cutoff) { t.shift(); data[1].shift(); data[2].shift(); }
    if (plot) plot.setData(data);
    else draw({ kind: 'raw', t: t, latency: data[1], failed: data[2] });
  });

  if (window.ResizeObserver) {
    new ResizeObserver(function () { if (plot) plot.setSize({ width: Math.max(300, host.clientWidth), height: 260 }); }).observe(host);
  }
  load('24h');
})();
