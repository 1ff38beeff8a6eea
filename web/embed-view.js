// Runs inside a Shipboard embed page (/embed/...; loaded with CSP script-src 'self', so there
// is no inline script). Two jobs:
//  1. Tells the parent page (embed.js) how tall the content is, with postMessage to the
//     parent's origin only: the server-validated `parent` parameter (data-parent, one of
//     --embed-origins) or document.referrer's origin; never '*'.
//  2. Keeps the view live: an EventSource on /api/v1/events (?token= for embed tokens); when an
//     event names an item or release the page shows (main[data-watch]), it re-fetches this
//     page, swaps the <main> in and posts the new height.
(function () {
  'use strict';
  // The server writes the event names an embed listens to (the core's list) on <body>.
  var EVENT_TYPES = (document.body.getAttribute('data-event-types') || '').split(/\s+/).filter(Boolean);
  var params = new URLSearchParams(location.search);
  var token = params.get('token') || '';
  var root = document.documentElement;
  var watch = new Set();
  var lastHeight = -1;
  var refreshes = 0;

  function readWatch(main) {
    watch = new Set(((main && main.getAttribute('data-watch')) || '').split(/\s+/).filter(Boolean));
  }

  // The parent's origin: the referrer (the page that really framed us) when it is another
  // origin, else the server-checked data-parent (after navigating inside the iframe the
  // referrer is the board itself).
  function parentOrigin() {
    var declared = document.body.getAttribute('data-parent') || '';
    var ref = '';
    try { ref = document.referrer ? new URL(document.referrer).origin : ''; } catch (e) { ref = ''; }
    if (ref && ref !== location.origin && ref !== 'null') return ref;
    return declared || null;
  }

  function postHeight() {
    if (window.parent === window) return;
    var h = Math.ceil(root.getBoundingClientRect().height);
    if (h === lastHeight) return;
    var target = parentOrigin();
    if (!target) return;
    lastHeight = h;
    window.parent.postMessage({ type: 'shipboard:height', height: h }, target);
  }

  function refresh() {
    fetch(location.href, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('sb-embed');
        var current = document.getElementById('sb-embed');
        if (!fresh || !current) return;
        // Keep what the reader is typing in the search box.
        var typing = document.activeElement && current.contains(document.activeElement) &&
                     document.activeElement.name === 'q' ? document.activeElement.value : null;
        var node = document.importNode(fresh, true);
        current.replaceWith(node);
        if (typing !== null) {
          var input = node.querySelector('input[name=q]');
          if (input) { input.value = typing; input.focus(); }
        }
        readWatch(node);
        refreshes += 1;
        root.setAttribute('data-refreshes', String(refreshes));
        postHeight();
      })
      .catch(function () { /* the next event tries again */ });
  }

  var timer = null;
  function schedule() {
    if (timer) return;
    timer = setTimeout(function () { timer = null; refresh(); }, 150);
  }

  // Events as JSON text, from our own EventSource or from the frame that holds it.
  function onData(text) {
    var d;
    try { d = JSON.parse(text); } catch (err) { return; }
    if (!d || !d.entity) return;
    if (watch.has(d.entity + ':' + d.entity_id) || watch.has(d.entity + ':*')) schedule();
  }

  // EventSource retries by itself after a dropped connection, but not after an error answer
  // (a 429 when the server's stream budget is full): then a new one after 2, 4 … 60 s, jittered.
  var retryMs = 2000;
  function openStream(each) {
    var es = new EventSource('/api/v1/events' + (token ? '?token=' + encodeURIComponent(token) : ''));
    var handler = function (e) { each(e.data); };
    EVENT_TYPES.forEach(function (t) { es.addEventListener(t, handler); });
    es.onmessage = handler;
    es.onopen = function () { retryMs = 2000; root.setAttribute('data-live', '1'); };
    es.onerror = function () {
      if (es.readyState !== EventSource.CLOSED) return;
      root.setAttribute('data-live', '0');
      setTimeout(function () { openStream(each); }, retryMs * (0.75 + Math.random() / 2));
      retryMs = Math.min(retryMs * 2, 60000);
    };
  }

  // One stream per page and token: several embeds on a page would otherwise each hold one of
  // the browser's six HTTP/1.1 connections to the board (and one server thread). The frame
  // holding a Web Lock opens the EventSource and relays events on a BroadcastChannel; when it
  // goes away the lock passes on. Without those APIs (insecure contexts) each frame streams.
  function live() {
    if (!window.EventSource || watch.size === 0) return;
    var name = 'shipboard-events:' + (token || 'session');
    if (!(navigator.locks && window.BroadcastChannel)) { openStream(onData); return; }
    var channel = new BroadcastChannel(name);
    channel.onmessage = function (m) { onData(m.data); };
    root.setAttribute('data-live', 'shared');
    navigator.locks.request(name, function () {
      return new Promise(function () {  // held for the life of this frame
        openStream(function (text) { onData(text); channel.postMessage(text); });
      });
    });
  }

  function start() {
    readWatch(document.getElementById('sb-embed'));
    postHeight();
    if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.body);
    window.addEventListener('load', postHeight);
    live();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
