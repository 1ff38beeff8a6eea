// Shipboard embed loader, for intranet pages: <script src="https://BOARD/embed.js" async>
// turns every <div data-shipboard="items/42" data-token="..." data-lang="zh-Hant"></div>
// (views: items/ID, releases/ID, roadmap, search; optional data-q for search, data-title for
// the iframe's accessible name) into an iframe of BOARD/embed/<view>, and sizes each iframe
// to its content from the height the embed posts. Messages are accepted only from the
// board's origin and only from the iframe they size. Call Shipboard.scan() after adding
// embeds dynamically. docs/embedding.md has the snippets.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var BOARD = new URL(script.src, location.href).origin;
  var VIEW = /^(items\/[1-9][0-9]{0,14}|releases\/[1-9][0-9]{0,14}|roadmap|search)$/;
  var LANGS = { 'zh-Hant': 1, 'zh-Hans': 1, en: 1 };
  var MAX_HEIGHT = 4000;
  var frames = [];

  function mount(div) {
    if (div.getAttribute('data-shipboard-mounted')) return;
    var view = div.getAttribute('data-shipboard') || '';
    if (!VIEW.test(view)) {
      if (window.console) console.warn('shipboard embed: unknown view "' + view + '"');
      return;
    }
    var q = new URLSearchParams();
    var token = div.getAttribute('data-token');
    var lang = div.getAttribute('data-lang');
    if (token) q.set('token', token);
    if (lang && LANGS[lang]) q.set('lang', lang);
    if (view === 'search' && div.getAttribute('data-q')) q.set('q', div.getAttribute('data-q'));
    q.set('parent', location.origin);
    var frame = document.createElement('iframe');
    frame.src = BOARD + '/embed/' + view + '?' + q.toString();
    frame.title = div.getAttribute('data-title') || 'Shipboard: ' + view;
    frame.setAttribute('referrerpolicy', 'origin');
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups ' +
                                  'allow-popups-to-escape-sandbox');
    frame.style.cssText = 'display:block;width:100%;height:120px;border:0;overflow:hidden;';
    frame.setAttribute('scrolling', 'no');
    div.setAttribute('data-shipboard-mounted', '1');
    div.appendChild(frame);
    frames.push(frame);
  }

  function scan(rootNode) {
    var nodes = (rootNode || document).querySelectorAll('[data-shipboard]');
    for (var i = 0; i < nodes.length; i++) mount(nodes[i]);
  }

  window.addEventListener('message', function (e) {
    if (e.origin !== BOARD) return;
    var d = e.data;
    if (!d || d.type !== 'shipboard:height' || typeof d.height !== 'number') return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        var h = Math.max(0, Math.min(MAX_HEIGHT, Math.ceil(d.height)));
        frames[i].style.height = h + 'px';
        frames[i].setAttribute('data-sized', '1');
      }
    }
  });

  window.Shipboard = window.Shipboard || {};
  window.Shipboard.scan = scan;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { scan(); });
  else scan();
})();
