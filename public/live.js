/*
 * Live pages (dashboard, detail, board, embed). htmx's ws extension owns the socket and swaps the
 * pushed fragments; this script only adds what htmx does not do:
 * - reconnects forever with capped, jittered backoff (also after a clean server shutdown);
 * - shows the connection state (data-conn on .conn, data-ws on <body>);
 * - keeps relative times ticking ("12 s ago") and countdowns counting, against the server clock;
 * - puts pushed rows in their worst-first place, drops duplicates, trims long history tables;
 * - gives keyboard focus back after the focused row was replaced.
 * It keeps no references to swapped-out nodes, so a page can run for days without growing.
 */
(function () {
  'use strict';
  var body = document.body;
  var clockOffset = 0; // server time minus client time, ms
  var unloading = false;
  var reconnectTimer = null;
  var reconnectAttempt = 0;
  var focusWanted = null;

  function syncClock(value) {
    var serverNow = Number(value);
    if (serverNow > 0) clockOffset = serverNow - Date.now();
  }
  syncClock(body.getAttribute('data-server-now'));

  /* ---- connection ---- */
  function backoff(attempt) {
    // 0.5-1 s, 1-2 s, 2-4 s … capped at 5-10 s: a wall screen must come back soon after the server does.
    var ceiling = Math.min(10000, 1000 * Math.pow(2, attempt));
    return ceiling / 2 + Math.random() * ceiling / 2;
  }
  if (window.htmx) htmx.config.wsReconnectDelay = backoff;

  function setState(state, text) {
    body.setAttribute('data-ws', state);
    var indicators = document.querySelectorAll('.conn');
    for (var i = 0; i < indicators.length; i++) {
      indicators[i].setAttribute('data-conn', state);
      var label = indicators[i].querySelector('.conn-text');
      if (label) label.textContent = text;
    }
    body.dispatchEvent(new CustomEvent('live:state', { detail: { state: state } }));
  }

  window.addEventListener('pagehide', function () { unloading = true; });
  document.addEventListener('htmx:wsOpen', function () {
    reconnectAttempt = 0;
    clearTimeout(reconnectTimer);
    setState('live', 'Live');
  });
  document.addEventListener('htmx:wsClose', function (event) {
    if (unloading) return;
    setState('reconnecting', 'Reconnecting…');
    var code = event.detail && event.detail.event ? event.detail.event.code : 1006;
    // The extension retries only abnormal closes; a server that shut down cleanly (1001) or any
    // other close must be retried too, or a wall screen would stay dark after a restart.
    if ([1006, 1011, 1012, 1013].indexOf(code) === -1 && event.detail && event.detail.socketWrapper) {
      var wrapper = event.detail.socketWrapper;
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(function () { wrapper.reconnect(); }, backoff(reconnectAttempt++));
    }
  });

  /* ---- ticking times ---- */
  function agoText(seconds) {
    if (seconds < 5) return 'just now';
    if (seconds < 60) return seconds + ' s ago';
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + ' min ago';
    var hours = Math.floor(minutes / 60);
    if (hours < 48) return hours + ' h ago';
    return Math.floor(hours / 24) + ' d ago';
  }
  function forText(seconds) {
    if (seconds < 60) return seconds + ' s';
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + ' min';
    var hours = Math.floor(minutes / 60);
    if (hours < 48) return hours + ' h';
    return Math.floor(hours / 24) + ' d';
  }
  function tick() {
    var now = Date.now() + clockOffset;
    var times = document.querySelectorAll('time[data-rel]');
    for (var i = 0; i < times.length; i++) {
      var at = Date.parse(times[i].getAttribute('datetime'));
      if (isNaN(at)) continue;
      var seconds = Math.max(0, Math.round((now - at) / 1000));
      var text = times[i].getAttribute('data-rel') === 'for' ? forText(seconds) : agoText(seconds);
      if (times[i].textContent !== text) times[i].textContent = text;
    }
    var countdowns = document.querySelectorAll('[data-countdown-until]');
    for (var j = 0; j < countdowns.length; j++) {
      var left = Math.ceil((Number(countdowns[j].getAttribute('data-countdown-until')) - now) / 1000);
      if (left <= 0) countdowns[j].remove();
      else countdowns[j].textContent = 'Next manual check in ' + left + ' s';
    }
  }
  setInterval(tick, 1000);

  /* ---- keeping pushed rows in place ---- */
  function groupKey(group) {
    var best = '9';
    var rows = group.querySelectorAll('[data-sort]');
    for (var i = 0; i < rows.length; i++) {
      var rank = rows[i].getAttribute('data-sort').charAt(0);
      if (rank < best) best = rank;
    }
    var name = group.getAttribute('data-group') || '\uffff';
    return best + ':' + name;
  }
  function keyOf(node, kind) {
    return kind === 'groups' ? groupKey(node) : node.getAttribute('data-sort') || '';
  }
  function dedupe(container) {
    // A row pushed while the page was being (re)rendered can arrive twice: keep the later one.
    var seen = {};
    var children = Array.prototype.slice.call(container.children);
    for (var i = 0; i < children.length; i++) {
      var id = children[i].id;
      if (!id) continue;
      if (seen[id]) seen[id].remove();
      seen[id] = children[i];
    }
  }
  function sortContainer(container) {
    var kind = container.getAttribute('data-sorted');
    if (kind !== 'groups') dedupe(container);
    var children = Array.prototype.slice.call(container.children);
    var keys = children.map(function (child) { return keyOf(child, kind); });
    var sorted = true;
    for (var i = 1; i < keys.length; i++) if (compare(keys[i - 1], keys[i]) > 0) { sorted = false; break; }
    if (sorted) return;
    var order = children.map(function (child, index) { return { node: child, key: keys[index] }; });
    order.sort(function (a, b) { return compare(a.key, b.key); });
    for (var j = 0; j < order.length; j++) container.appendChild(order[j].node);
  }
  function compare(a, b) {
    if (a.charAt(0) !== b.charAt(0)) return a.charAt(0) < b.charAt(0) ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function trim(container) {
    var max = Number(container.getAttribute('data-max-rows'));
    while (max > 0 && container.children.length > max) container.lastElementChild.remove();
  }

  document.addEventListener('htmx:oobBeforeSwap', function (event) {
    var target = event.detail && event.detail.target;
    var active = document.activeElement;
    if (target && target.id && active && active !== body && target.contains(active)) {
      focusWanted = { id: target.id, check: Boolean(active.closest('.check-now')) };
    }
  });
  function afterMessage() {
    var summary = document.getElementById('summary');
    if (summary) syncClock(summary.getAttribute('data-server-now'));
    var sorted = document.querySelectorAll('[data-sorted]');
    for (var i = sorted.length - 1; i >= 0; i--) sortContainer(sorted[i]); // rows before their groups
    var trimmed = document.querySelectorAll('[data-max-rows]');
    for (var j = 0; j < trimmed.length; j++) trim(trimmed[j]);
    if (focusWanted) {
      var replaced = document.getElementById(focusWanted.id);
      var target = replaced && ((focusWanted.check && replaced.querySelector('.btn-check:not([disabled])')) || replaced.querySelector('.c-name a') || replaced.querySelector('.check-now[tabindex]'));
      if (target) target.focus();
      focusWanted = null;
    }
    tick();
  }
  document.addEventListener('htmx:wsAfterMessage', afterMessage);
  body.addEventListener('live:message', afterMessage); // swapped by direct-swap.js
})();
