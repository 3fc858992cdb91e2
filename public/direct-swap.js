/*
 * Direct swaps for pages whose pushed fragments carry no htmx behaviour (the board, the embed
 * card): the same fragments and hx-swap-oob rules, applied here instead of by htmx's general swap
 * machinery. On a screen left running for days that keeps the per-message code small, so the JS
 * heap stays flat (e2e/board-memory.spec.ts). Signals `live:message` on <body> when done.
 */
(function () {
  'use strict';
  function swap(node) {
    var spec = node.getAttribute('hx-swap-oob') || 'true';
    node.removeAttribute('hx-swap-oob');
    var colon = spec.indexOf(':');
    var style = colon === -1 ? spec : spec.slice(0, colon);
    var target = colon === -1 ? (node.id ? document.getElementById(node.id) : null) : document.querySelector(spec.slice(colon + 1));
    if (!target) return;
    if (style === 'true' || style === 'outerHTML') target.replaceWith(node);
    else if (style === 'delete') target.remove();
    else if (style === 'innerHTML') target.replaceChildren.apply(target, Array.prototype.slice.call(node.childNodes));
    else if (style === 'beforeend') while (node.firstChild) target.appendChild(node.firstChild);
    else if (style === 'afterbegin') while (node.lastChild) target.insertBefore(node.lastChild, target.firstChild);
  }
  document.addEventListener('htmx:wsBeforeMessage', function (event) {
    event.preventDefault();
    var template = document.createElement('template');
    template.innerHTML = event.detail.message;
    var nodes = Array.prototype.slice.call(template.content.children);
    for (var i = 0; i < nodes.length; i++) swap(nodes[i]);
    document.body.dispatchEvent(new CustomEvent('live:message'));
  });
})();
