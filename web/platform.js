// Shipboard's page-side platform layer, loaded before app.js. It covers what em++ 3.1.6's
// GLFW emulation does not: devicePixelRatio (canvas pixels = CSS size × ratio), clipboard,
// paste, keys (GLFW listens on window and blocks Backspace/Tab for the whole page), input
// methods (a hidden textarea at the caret), hash routes, the live event stream and an
// activity counter so the app draws only when something happened. The C++ side calls it
// through EM_JS shims and is called back through exported functions (platform_web.cpp).
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const loading = document.getElementById('loading');
  let pasted = null;
  let activityCount = 0;
  function touch() { activityCount++; }
  function call(name, ...args) {  // an exported C++ function, once the module is running
    const M = window.Module;
    return M && M.calledRun && M['_' + name] ? M['_' + name](...args) : undefined;
  }
  function callWithString(name, text) {
    const M = window.Module;
    if (!M || !M.calledRun || !M['_' + name]) return;
    const len = M.lengthBytesUTF8(text) + 1;
    const ptr = M._malloc(len);
    M.stringToUTF8(text, ptr, len);
    M['_' + name](ptr);
    M._free(ptr);
  }

  // [SECTION] Early requests ---------------------------------------------------------------
  // The first requests the app makes (who am I, the board's item page and release names) are
  // sent now, while app.wasm downloads and compiles; the app still asks for them through its
  // one fetch path (platform_web.cpp), which takes the answer from here when method and path
  // match. Each is used once, within 20 s; any write (sign-in...) drops what is left unused.
  const early = new Map();  // path -> { promise of {status, text}, at }
  for (const path of ['/api/v1/me', '/api/v1/items?limit=500', '/api/v1/releases?limit=500']) {
    const promise = fetch(path, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then((r) => r.text().then((text) => ({ status: r.status, text })));
    promise.catch(() => {});  // a failure is delivered when (if) the app asks
    early.set(path, { promise, at: performance.now() });
  }
  function takeEarlyResponse(method, path) {
    if (method !== 'GET') { early.clear(); return null; }
    const e = early.get(path);
    if (!e) return null;
    early.delete(path);
    return performance.now() - e.at < 20000 ? e.promise : null;
  }

  // Marks the e2e test and performance tools read (set from C++, see shell_first_data_frame).
  window.shipboard = { firstDataFrame: false, itemCount: 0, firstDataFrameMs: null,
                       appReadyMs: null, firstFrameMs: null, mainStartMs: null,
                       // What the client shows (view, results, selected item, marks...), as an object.
                       state: () => {
                         const M = window.Module;
                         if (!M || !M.calledRun) return null;
                         return JSON.parse(M.UTF8ToString(M._shipboard_state_json()));
                       } };

  // [SECTION] Language -------------------------------------------------------------------
  function normaliseLanguage(tag) {
    const t = String(tag || '');
    if (/^zh-(Hant|TW|HK|MO)/i.test(t)) return 'zh-Hant';
    if (/^zh/i.test(t)) return 'zh-Hans';
    return 'en';
  }
  function preferredLanguage() {
    const fromUrl = new URLSearchParams(location.search).get('lang');
    if (fromUrl) return normaliseLanguage(fromUrl);
    const list = navigator.languages && navigator.languages.length ? navigator.languages
                                                                   : [navigator.language];
    return normaliseLanguage(list[0]);
  }
  const loadingText = { 'zh-Hant': '載入 Shipboard 中…', 'zh-Hans': '加载 Shipboard 中…',
                        'en': 'Loading Shipboard…' };
  document.getElementById('loading-text').textContent = loadingText[preferredLanguage()];

  // [SECTION] HiDPI ----------------------------------------------------------------------
  // The C++ side asks every frame and resizes the GLFW window when this changes.
  function canvasPixelSize() {
    const rect = canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    return { width: Math.max(1, Math.round(rect.width * ratio)),
             height: Math.max(1, Math.round(rect.height * ratio)), ratio: ratio };
  }

  // [SECTION] Clipboard ------------------------------------------------------------------
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
    } else {
      fallbackCopy(text);
    }
  }
  function fallbackCopy(text) {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    ta.remove();
    canvas.focus();
  }
  document.addEventListener('paste', (e) => {
    if (document.activeElement !== canvas && document.activeElement !== ime) return;
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (text) { pasted = text; e.preventDefault(); touch(); }
  });
  function takePastedText() { const t = pasted; pasted = null; return t; }

  // [SECTION] Input methods ---------------------------------------------------------------
  // While a Dear ImGui text field is active, the keyboard focus is on this textarea, placed
  // at the caret (Platform_SetImeDataFn -> imeSync), so an input method composes there and
  // shows its candidate window beside the caret. Finished text (compositionend, or an
  // ordinary `input`) goes to ImGui as characters; keydown/keyup still reach GLFW for
  // Backspace, arrows, Enter, Tab and shortcuts; keypress does not (no double characters).
  const ime = document.createElement('textarea');
  ime.id = 'ime';
  ime.setAttribute('autocomplete', 'off');
  ime.setAttribute('autocorrect', 'off');
  ime.setAttribute('autocapitalize', 'off');
  ime.setAttribute('spellcheck', 'false');
  ime.setAttribute('aria-hidden', 'true');
  ime.tabIndex = -1;
  document.getElementById('app').appendChild(ime);
  let imeWanted = false;
  let composing = false;
  function imeSync(want, x, y, h) {
    const ratio = window.devicePixelRatio || 1;
    ime.style.left = (x / ratio) + 'px';
    ime.style.top = (y / ratio) + 'px';
    ime.style.height = Math.max(12, h / ratio) + 'px';
    ime.style.fontSize = Math.max(10, (h / ratio) * 0.8) + 'px';
    imeWanted = want;
    if (want && document.activeElement !== ime) ime.focus({ preventScroll: true });
    if (!want && document.activeElement === ime && !composing) canvas.focus({ preventScroll: true });
  }
  function sendText(text) {
    if (text) callWithString('shipboard_ime_text', text);
    touch();
  }
  ime.addEventListener('compositionstart', () => { composing = true; ime.classList.add('composing'); touch(); });
  ime.addEventListener('compositionupdate', touch);
  ime.addEventListener('compositionend', (e) => {
    composing = false;
    ime.classList.remove('composing');
    sendText(e.data || '');
    ime.value = '';
  });
  ime.addEventListener('input', (e) => {
    if (e.isComposing || composing) return;             // compositionend brings the text
    if (e.inputType === 'insertText' || e.inputType === 'insertReplacementText') sendText(e.data || '');
    ime.value = '';                                      // line breaks etc. come as keys
  });
  ime.addEventListener('blur', () => { composing = false; ime.classList.remove('composing'); });

  // [SECTION] Keys and focus -------------------------------------------------------------
  // Registered before app.js, so this capture listener runs before GLFW's: keys aimed at
  // anything but the canvas (or the IME textarea) never reach GLFW (which would
  // preventDefault Backspace/Tab). Ctrl/Cmd+K focuses search; Ctrl/Cmd+V is left to the
  // browser's paste event (so ImGui does not also paste its stale copy).
  function guardKeys(e) {
    touch();
    if (e.target instanceof Element && e.target !== mirror && mirror.contains(e.target)) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();  // no native click as well
        if (e.type === 'keydown') activate(e.target);
      } else if (menuKey(e)) {
        e.preventDefault();
      }
      e.stopImmediatePropagation();  // Tab, arrows: the browser's (or the menu's); never GLFW's
      return;
    }
    const mod = e.ctrlKey || e.metaKey;
    const onApp = e.target === canvas || e.target === ime || document.activeElement === canvas;
    if (e.type === 'keydown' && mod && (e.key === 'k' || e.key === 'K') && onApp) {
      e.preventDefault();
      e.stopImmediatePropagation();
      call('shipboard_focus_search');
      return;
    }
    if (e.target === ime || document.activeElement === ime) {
      if (e.isComposing || e.keyCode === 229 || composing) { e.stopImmediatePropagation(); return; }
      if (e.type === 'keypress') { e.stopImmediatePropagation(); return; }
      if (mod && (e.key === 'v' || e.key === 'V')) { e.stopImmediatePropagation(); return; }
      return;  // keydown / keyup: to GLFW
    }
    if (document.activeElement !== canvas && e.target !== canvas) { e.stopImmediatePropagation(); return; }
    if (mod && (e.key === 'v' || e.key === 'V')) e.stopImmediatePropagation();
  }
  for (const type of ['keydown', 'keypress', 'keyup']) window.addEventListener(type, guardKeys, true);
  canvas.addEventListener('pointerdown', () => { touch(); canvas.focus({ preventScroll: true }); });
  canvas.addEventListener('pointerup', () => {
    touch();
    if (imeWanted) setTimeout(() => { if (imeWanted) ime.focus({ preventScroll: true }); }, 0);
  });
  for (const type of ['pointermove', 'wheel', 'focus', 'blur', 'pointerleave']) {
    canvas.addEventListener(type, touch, { passive: true });
  }
  window.addEventListener('resize', touch);
  document.addEventListener('visibilitychange', touch);

  // [SECTION] Routes -----------------------------------------------------------------------
  // The app sets location.hash; back/forward, links and typed URLs come back through here.
  window.addEventListener('hashchange', () => { touch(); callWithString('shipboard_hash_changed', location.hash); });

  // [SECTION] Live events ------------------------------------------------------------------
  // EventSource reconnects by itself (sending Last-Event-ID) while the server answers; when it
  // gives up (CLOSED), a new one resumes with ?last_event_id=. Each event's data goes to C++.
  // The event names come from C++ (the core's one list, shipboard::kAllEventTypes).
  let eventTypes = [];
  let source = null;
  let lastEventId = '';
  let retryTimer = null;
  let retryMs = 1000;
  function liveStatus(online) {
    window.shipboard.online = online;
    call('shipboard_live_status', online ? 1 : 0);
  }
  function onEvent(e) {
    if (e.lastEventId) lastEventId = e.lastEventId;
    callWithString('shipboard_live_event', e.data || '');
    touch();
  }
  function liveConnect(types) {
    if (typeof types === 'string') eventTypes = types.split(' ').filter(Boolean);
    if (source) return;
    const url = '/api/v1/events' + (lastEventId ? '?last_event_id=' + encodeURIComponent(lastEventId) : '');
    source = new EventSource(url, { withCredentials: true });
    source.onopen = () => { retryMs = 1000; liveStatus(true); };
    source.onmessage = onEvent;
    for (const t of eventTypes) source.addEventListener(t, onEvent);
    source.onerror = () => {
      liveStatus(false);
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        clearTimeout(retryTimer);
        retryTimer = setTimeout(liveConnect, retryMs);
        retryMs = Math.min(retryMs * 2, 30000);
      }
    };
  }
  function liveDisconnect() {
    clearTimeout(retryTimer);
    if (source) source.close();
    source = null;
    liveStatus(false);
  }
  function activity() { return activityCount; }

  // [SECTION] Accessibility mirror --------------------------------------------------------
  // C++ (a11y.cpp) sends, whenever it changes, the list of what the last frame drew:
  // {k: id, r: role, n: name, x, y, w, h (CSS px), p: index of the containing entry in the list,
  // c: checked, e: expanded, d: disabled, m: opens a menu, ri / rc: aria-rowindex / -rowcount,
  // ci / cc: aria-colindex / -colcount, s: aria-sort}. Each gets a transparent element at the same place inside #a11y, nested as the
  // list says (table > row > columnheader / cell > widgets and text; menu > menuitem), in
  // drawing order (so Tab follows the layout); a container is placed too and its children
  // relative to it. Activating a control (click, Enter, Space) clicks the widget's centre in
  // Dear ImGui; focusing a text box does as well (assistive technology focuses, then types).
  // A menu opened from the mirror takes the keyboard: arrows move, Escape closes it, and focus
  // goes back to what opened it. Text blocks, headings and containers are not focusable.
  const mirror = document.createElement('div');
  mirror.id = 'a11y';
  document.getElementById('app').appendChild(mirror);
  const mirrored = new Map();  // key -> element
  const TAGS = { button: 'button', link: 'button', tab: 'button', checkbox: 'button',
                 combobox: 'button', menuitem: 'button', textbox: 'div', heading: 'h2', text: 'p' };
  const CONTAINERS = new Set(['table', 'row', 'columnheader', 'cell', 'menu']);
  // The widget the mirror activated last; a menu it opens takes the keyboard (however many
  // frames a loaded machine takes to open it).
  let lastActivation = { key: '', at: -1e9, opensMenu: false };
  function activate(el) {
    const ratio = window.devicePixelRatio || 1;
    const x = (parseFloat(el.dataset.x) + parseFloat(el.dataset.w) / 2) * ratio;
    const y = (parseFloat(el.dataset.y) + parseFloat(el.dataset.h) / 2) * ratio;
    lastActivation = { key: el.dataset.key, at: performance.now(),
                       opensMenu: el.getAttribute('aria-haspopup') === 'menu' };
    touch();
    call('shipboard_a11y_activate', x, y);
  }
  // A text box focused (element.focus(), Tab): its field becomes active as by a click, and the
  // keyboard goes to the input-method textarea at once, so nothing typed meanwhile is lost.
  function focusTextbox(el) {
    activate(el);
    ime.focus({ preventScroll: true });
  }
  function a11yElement(role, key) {
    const el = document.createElement(CONTAINERS.has(role) ? 'div' : TAGS[role] || 'div');
    el.className = 'a11y-' + role;
    el.dataset.key = key;
    if (CONTAINERS.has(role)) { el.setAttribute('role', role); return el; }
    if (role === 'heading' || role === 'text') return el;
    if (el.tagName === 'BUTTON') el.type = 'button';
    else el.tabIndex = 0;
    if (!(role === 'button' && el.tagName === 'BUTTON')) el.setAttribute('role', role);
    el.addEventListener('click', (e) => {
      e.preventDefault();
      // A text box that focus() just activated is not clicked twice.
      if (role === 'textbox' && lastActivation.key === key && performance.now() - lastActivation.at < 500) return;
      activate(el);
    });
    el.addEventListener('focus', () => { touch(); if (role === 'textbox') focusTextbox(el); });
    return el;
  }
  // Arrows, Home, End and Escape on a menuitem; true when the key was the menu's.
  function menuKey(e) {
    const menu = e.target.closest('[role=menu]');
    if (!menu || e.type !== 'keydown') return false;
    const items = [...menu.querySelectorAll('[role=menuitem]')];
    const i = items.indexOf(e.target);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[e.key];
    if (to !== undefined && items.length) {
      items[(to + items.length) % items.length].focus({ preventScroll: true });
      return true;
    }
    if (e.key === 'Escape') {
      touch();
      call('shipboard_a11y_dismiss');
      return true;
    }
    return false;
  }
  function setAttr(el, name, value) {
    if (value === undefined || value === false) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== String(value)) {
      el.setAttribute(name, String(value));
    }
  }
  function a11ySync(json) {
    let list;
    try { list = JSON.parse(json); } catch (e) { return; }
    const active = document.activeElement;
    const activeMenu = active && active !== mirror && mirror.contains(active) ? active.closest('[role=menu]') : null;
    const seen = new Set();
    const els = new Array(list.length);
    const placed = new Map();  // parent element -> its child placed last
    const openedMenus = [];
    list.forEach((w, i) => {
      const key = w.k + ':' + w.r;
      seen.add(key);
      let el = mirrored.get(key);
      if (!el) {
        el = a11yElement(w.r, key);
        mirrored.set(key, el);
        if (w.r === 'menu') openedMenus.push(el);
      }
      els[i] = el;
      const parent = w.p !== undefined ? list[w.p] : null;
      const parentEl = parent ? els[w.p] : mirror;
      if (w.r === 'heading' || w.r === 'text') {
        if (el.textContent !== w.n) el.textContent = w.n;
      } else {
        setAttr(el, 'aria-label', w.n);  // tables and menus by name; rows and cells by content
      }
      setAttr(el, 'aria-checked', w.c === undefined ? undefined : String(w.c));
      setAttr(el, 'aria-expanded', w.e === undefined ? undefined : String(w.e));
      setAttr(el, 'aria-disabled', w.d ? 'true' : undefined);
      setAttr(el, 'aria-haspopup', w.m ? 'menu' : undefined);
      setAttr(el, 'aria-rowindex', w.ri);
      setAttr(el, 'aria-rowcount', w.rc);
      setAttr(el, 'aria-colindex', w.ci);
      setAttr(el, 'aria-colcount', w.cc);
      setAttr(el, 'aria-sort', w.s);
      el.dataset.x = w.x; el.dataset.y = w.y; el.dataset.w = w.w; el.dataset.h = w.h;
      el.style.left = (w.x - (parent ? parent.x : 0)) + 'px';
      el.style.top = (w.y - (parent ? parent.y : 0)) + 'px';
      el.style.width = w.w + 'px'; el.style.height = w.h + 'px';
      // Keep DOM order = drawing order without moving elements that are already in place
      // (moving a focused element would drop its focus).
      const previous = placed.get(parentEl);
      const want = previous ? previous.nextSibling : parentEl.firstChild;
      if (want !== el) parentEl.insertBefore(el, want);
      placed.set(parentEl, el);
    });
    let focusLost = false;
    for (const [key, el] of mirrored) {
      if (seen.has(key)) continue;
      if (active && el.contains(active)) focusLost = true;
      el.remove();
      mirrored.delete(key);
    }
    if (focusLost) {  // back to what opened the menu, else to the canvas
      const opener = activeMenu && mirrored.get(activeMenu.dataset.opener || '');
      if (opener) opener.focus({ preventScroll: true });
      else canvas.focus({ preventScroll: true });
    }
    // A menu that opened just after a mirror activation takes the keyboard, as soon as it
    // has a menuitem (its items may arrive frames later, e.g. customers still loading).
    if (openedMenus.length && (lastActivation.opensMenu || performance.now() - lastActivation.at < 2000)) {
      for (const menu of openedMenus) {
        menu.dataset.opener = lastActivation.key;
        menu.dataset.wantsFocus = '1';
      }
      lastActivation.opensMenu = false;
    }
    for (const menu of mirror.querySelectorAll('[role=menu][data-wants-focus]')) {
      const first = menu.querySelector('[role=menuitem]');
      if (!first) continue;
      delete menu.dataset.wantsFocus;
      if (!menu.contains(document.activeElement)) first.focus({ preventScroll: true });
    }
    window.shipboard.a11y = list.length;
  }

  // [SECTION] Shell hooks ----------------------------------------------------------------
  function appReady(firstFrameMs) {
    window.shipboard.appReadyMs = performance.now();
    window.shipboard.firstFrameMs = firstFrameMs;
    loading.classList.add('done');
    document.getElementById('app').setAttribute('aria-busy', 'false');
    canvas.focus();
  }
  function firstDataFrame(count, glyphs, glyphMs) {
    window.shipboard.itemCount = count;
    window.shipboard.glyphs = glyphs;
    window.shipboard.glyphMs = glyphMs;
    window.shipboard.firstDataFrameMs = performance.now();
    window.shipboard.firstDataFrame = true;
    performance.mark('shipboard-first-data-frame', { detail: { itemCount: count } });
  }
  function fatal(message) {
    const box = document.getElementById('fatal');
    box.textContent = 'Shipboard stopped: ' + message;
    box.hidden = false;
    window.shipboard.error = message;
  }

  window.shipboardPlatform = { preferredLanguage, canvasPixelSize, copyText, takePastedText,
                               appReady, firstDataFrame, fatal, imeSync, liveConnect,
                               liveDisconnect, activity, a11ySync, takeEarlyResponse };

  // [SECTION] Start the app --------------------------------------------------------------
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  window.Module = {
    canvas: canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => fatal(String(what)),
    preRun: [() => { window.shipboard.mainStartMs = performance.now(); }],
  };
  // app.wasm is compiled as soon as it arrives (in parallel with app.js), and instantiated
  // when app.js asks with its imports. A server without application/wasm streaming falls back
  // to compiling the bytes.
  const wasmModule = fetch('app.wasm', { credentials: 'same-origin' }).then((r) => {
    if (!r.ok) throw new Error('app.wasm: HTTP ' + r.status);
    return WebAssembly.compileStreaming ? WebAssembly.compileStreaming(r.clone()).catch(() => r.arrayBuffer().then((b) => WebAssembly.compile(b)))
                                        : r.arrayBuffer().then((b) => WebAssembly.compile(b));
  });
  wasmModule.catch(() => {});
  window.Module.instantiateWasm = (imports, receiveInstance) => {
    wasmModule.then((module) => WebAssembly.instantiate(module, imports)
      .then((instance) => receiveInstance(instance, module)))
      .catch((e) => fatal('app.wasm: ' + e));
    return {};
  };
  window.addEventListener('error', (e) => {
    if (String(e.filename || '').endsWith('/app.js')) fatal(e.message || 'script error');
  });
  const script = document.createElement('script');
  script.src = 'app.js';
  script.async = true;
  script.onerror = () => fatal('app.js failed to load');
  document.body.appendChild(script);
  // Creating the WebGL context takes 0.1–0.6 s under SwiftShader: done now, while app.js and
  // app.wasm download and compile, instead of in main(). em++'s GLFW later asks this canvas for
  // a webgl2 context and gets this one; the attributes are what GLFW's default hints ask for.
  try {
    canvas.getContext('webgl2', { antialias: false, depth: true, stencil: true, alpha: true });
  } catch (e) { /* the app reports it when it cannot get a context */ }
})();
