/*
 * Wall board: a clock, "updated N s ago", a banner after 10 s without the server, and a grid
 * sized so every tile fits the screen (no scrollbars) with type that scales with the tile.
 * Runs for days: nothing here accumulates (no per-update state, no retained nodes).
 */
(function () {
  'use strict';
  var body = document.body;
  var grid = document.getElementById('board-grid');
  var main = document.querySelector('.board-main');
  var clock = document.getElementById('clock');
  var updated = document.getElementById('updated');
  var banner = document.getElementById('conn-banner');
  var bannerDelayMs = 10000;
  var lostTimer = null;
  var lastUpdate = Number(updated && updated.getAttribute('data-updated-at')) || Date.now();
  var clientStart = Date.now();
  var serverOffset = (Number(body.getAttribute('data-server-now')) || clientStart) - clientStart;

  function pad(n) { return n < 10 ? '0' + n : String(n); }
  function tick() {
    var now = new Date(Date.now() + serverOffset);
    if (clock) clock.textContent = pad(now.getHours()) + ':' + pad(now.getMinutes());
    if (updated) {
      var seconds = Math.max(0, Math.round((Date.now() - lastUpdate) / 1000));
      var text = seconds < 5 ? 'updated just now' : seconds < 120 ? 'updated ' + seconds + ' s ago' : 'updated ' + Math.floor(seconds / 60) + ' min ago';
      if (updated.textContent !== text) updated.textContent = text;
    }
  }

  /* ---- connection banner ---- */
  function lost() {
    if (lostTimer) return;
    lostTimer = setTimeout(function () {
      banner.hidden = false;
      body.classList.add('is-offline');
    }, bannerDelayMs);
  }
  function back() {
    clearTimeout(lostTimer);
    lostTimer = null;
    banner.hidden = true;
    body.classList.remove('is-offline');
  }
  body.addEventListener('live:state', function (event) {
    if (event.detail.state === 'live') back();
    else lost();
  });
  body.addEventListener('live:message', function () {
    lastUpdate = Date.now();
    fit();
    tick();
  });
  document.addEventListener('htmx:wsOpen', function () { lastUpdate = Date.now(); });

  /* ---- fitting the grid ---- */
  var gap = 10;
  var aspect = 2.2; // preferred tile width : height
  var lastFit = '';
  function fit() {
    grid = document.getElementById('board-grid');
    if (!grid || !main) return;
    var count = grid.children.length;
    var width = main.clientWidth - 2 * gap;
    var height = main.clientHeight - 2 * gap;
    var key = count + 'x' + width + 'x' + height;
    if (key === lastFit || count === 0 || width <= 0 || height <= 0) return;
    lastFit = key;
    // Try every column count; keep the one whose tiles are biggest once shaped like `aspect`.
    var best = { cols: 1, rows: count, size: 0, tileH: 0 };
    for (var cols = 1; cols <= count; cols++) {
      var rows = Math.ceil(count / cols);
      var tileW = (width - gap * (cols - 1)) / cols;
      var tileH = (height - gap * (rows - 1)) / rows;
      if (tileW <= 0 || tileH <= 0) break;
      var size = Math.min(tileW / aspect, tileH);
      if (size > best.size) best = { cols: cols, rows: rows, size: size, tileH: tileH };
    }
    var bestW = (width - gap * (best.cols - 1)) / best.cols;
    // Type follows the tile: ~16 characters of a name fit across, and four lines fit down (a name
    // that wraps to two, the status, the latency or how long it has been so).
    var fontPx = Math.max(8, Math.min(best.tileH * 0.2, bestW / 12, 72));
    // Set on <main>, which is never swapped: a pushed full grid inherits the layout at once.
    main.style.setProperty('--cols', String(best.cols));
    main.style.setProperty('--tile-h', Math.floor(best.tileH) + 'px');
    main.style.setProperty('--fs', fontPx.toFixed(1) + 'px');
    main.setAttribute('data-density', best.tileH < 34 ? 'tiny' : best.tileH < 60 ? 'small' : 'normal');
  }

  // The header's height changes when the clock first renders or counts wrap: refit on any size change.
  if (window.ResizeObserver) new ResizeObserver(function () { fit(); }).observe(main);
  else window.addEventListener('resize', fit);
  fit();
  tick();
  setInterval(tick, 1000);
})();
