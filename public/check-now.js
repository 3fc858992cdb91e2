/*
 * "Check now": the button posts with htmx and is swapped for the server's answer: the disabled
 * button with a spinner (202), or the button again with an inline note (429 "next manual check
 * in N s", 409, 503). The spinner stays until the result arrives over the WebSocket and replaces
 * the row. If an unrelated update (another check) replaces the row first, the spinner is put
 * back until a row lists our job in data-jobs. Never an alert, never a reload.
 */
(function () {
  'use strict';
  var pending = {}; // row id → { job, html, since }
  var giveUpMs = 130000; // longer than the longest check timeout (120 s)

  function requester(event) {
    var elt = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
    return elt && elt.classList && elt.classList.contains('btn-check') ? elt : null;
  }
  function note(wrapper, text) {
    if (!wrapper) return;
    var span = wrapper.querySelector('.inline-msg') || wrapper.appendChild(document.createElement('span'));
    span.className = 'inline-msg error';
    span.setAttribute('role', 'alert');
    span.textContent = text;
  }

  // Our fragments answer with 4xx/5xx too: swap them (htmx would not). Anything else (a JSON
  // error from a proxy or the access check) becomes a short inline message.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var button = requester(event);
    if (!button) return;
    var xhr = event.detail.xhr;
    event.detail.isError = false;
    event.detail.shouldSwap = (xhr.getResponseHeader('content-type') || '').indexOf('text/html') === 0 && xhr.responseText.indexOf('check-now') !== -1;
    if (event.detail.shouldSwap) return;
    var message = 'Could not start the check (HTTP ' + xhr.status + ')';
    try { message = JSON.parse(xhr.responseText).error.message || message; } catch (ignored) { /* not our JSON */ }
    note(button.closest('.check-now'), message);
  });
  document.addEventListener('htmx:sendError', function (event) {
    var button = requester(event);
    if (button) note(button.closest('.check-now'), 'Could not reach the server. Try again.');
  });

  // The swap replaces the focused button: keep keyboard focus where it was.
  var homes = new WeakMap();
  document.addEventListener('htmx:beforeRequest', function (event) {
    var button = requester(event);
    if (button) homes.set(button, button.closest('.check-now').parentElement);
  });
  document.addEventListener('htmx:afterSwap', function (event) {
    var button = requester(event);
    var home = button && homes.get(button);
    var wrapper = home && home.querySelector('.check-now');
    if (!wrapper) return;
    wrapper.setAttribute('data-since', String(Date.now()));
    var enabled = wrapper.querySelector('button:not([disabled])');
    if (enabled) return enabled.focus();
    wrapper.setAttribute('tabindex', '-1');
    wrapper.focus();
  });

  document.addEventListener('htmx:oobBeforeSwap', function (event) {
    var target = event.detail.target;
    var wrapper = target && target.id && target.querySelector ? target.querySelector('.check-now[data-pending-job]') : null;
    if (wrapper) pending[target.id] = { job: wrapper.getAttribute('data-pending-job'), html: wrapper.outerHTML, since: Number(wrapper.getAttribute('data-since')) || Date.now() };
  });
  document.addEventListener('htmx:wsAfterMessage', function () {
    Object.keys(pending).forEach(function (id) {
      var entry = pending[id];
      var row = document.getElementById(id);
      var current = row && row.querySelector('.check-now');
      if (!current || (row.getAttribute('data-jobs') || '').split(' ').indexOf(entry.job) !== -1 || Date.now() - entry.since > giveUpMs) {
        delete pending[id];
      } else if (!current.hasAttribute('data-pending-job')) {
        current.outerHTML = entry.html;
        htmx.process(row.querySelector('.check-now'));
      }
    });
  });

  // No result after the longest check timeout: give the button back, with a note.
  setInterval(function () {
    var waiting = document.querySelectorAll('.check-now[data-pending-job]');
    for (var i = 0; i < waiting.length; i++) {
      var since = Number(waiting[i].getAttribute('data-since'));
      if (!since || Date.now() - since < giveUpMs) continue;
      var button = waiting[i].querySelector('button');
      waiting[i].removeAttribute('data-pending-job');
      button.disabled = false;
      button.classList.remove('is-pending');
      button.textContent = 'Check now';
      note(waiting[i], 'No result yet; the check may still be running.');
    }
  }, 5000);
})();
