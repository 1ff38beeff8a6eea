// Shipboard's page-side platform layer, loaded before app.js. It covers what em++ 3.1.6's
// GLFW emulation does not: devicePixelRatio (canvas pixels = CSS size × ratio), clipboard,
// paste, and keys (GLFW listens on window and blocks Backspace/Tab for the whole page).
// The C++ side calls it through EM_JS shims (client/src/platform_web.cpp).
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const loading = document.getElementById('loading');
  let pasted = null;

  // Marks the e2e test and performance tools read (set from C++, see shell_first_data_frame).
  window.shipboard = { firstDataFrame: false, itemCount: 0, firstDataFrameMs: null,
                       appReadyMs: null, firstFrameMs: null, mainStartMs: null };

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
    if (document.activeElement !== canvas) return;
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (text) { pasted = text; e.preventDefault(); }
  });
  function takePastedText() { const t = pasted; pasted = null; return t; }

  // [SECTION] Keys and focus -------------------------------------------------------------
  // Registered before app.js, so this capture listener runs before GLFW's: keys aimed at
  // anything but the canvas never reach GLFW (which would preventDefault Backspace/Tab).
  function guardKeys(e) {
    if (document.activeElement !== canvas && e.target !== canvas) e.stopImmediatePropagation();
  }
  for (const type of ['keydown', 'keypress', 'keyup']) window.addEventListener(type, guardKeys, true);
  canvas.addEventListener('pointerdown', () => canvas.focus());

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
                               appReady, firstDataFrame, fatal };

  // [SECTION] Start the app --------------------------------------------------------------
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  window.Module = {
    canvas: canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => fatal(String(what)),
    preRun: [() => { window.shipboard.mainStartMs = performance.now(); }],
  };
  window.addEventListener('error', (e) => {
    if (String(e.filename || '').endsWith('/app.js')) fatal(e.message || 'script error');
  });
  const script = document.createElement('script');
  script.src = 'app.js';
  script.async = true;
  script.onerror = () => fatal('app.js failed to load');
  document.body.appendChild(script);
})();
