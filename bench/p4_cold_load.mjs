// P4: cold load of the browser client to its first frame with data, in Debian's headless
// Chromium (flags of tests/e2e/lib.mjs), cache off, against an anchor: a plain HTML page listing
// the same 50 items (GET /api/v1/items?limit=50 as the same user), written by this script into
// the server's --web directory and served by the same server's static file handler. Each load
// uses a fresh browser context (no cache, no service worker) with the cache also disabled over
// CDP; time is from navigation start to the client's first data frame
// (window.shipboard.firstDataFrameMs) or to the anchor's first contentful paint, bytes are the
// compressed bytes on the wire (CDP Network.loadingFinished encodedDataLength, summed).
// Also exports coldLoad() for P7 (bench/p7_scale.mjs), which adds browser memory.
// usage: node bench/p4_cold_load.mjs BASE WEB_DIR LOGIN PASSWORD [RUNS=5]   -> one JSON line
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, sleep } from '../tests/e2e/lib.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : NaN; };

// One cold load of BASE+path signed in as login. kind: 'client' waits for the first data frame,
// 'anchor' for the first contentful paint. Returns {ms, bytes, requests, resources, memory?}.
export async function coldLoad(browser, base, path, login, password, { kind = 'client', memory = false } = {}) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-TW', viewport: { width: 1366, height: 768 } });
  try {
    const r = await context.request.post('/api/v1/session', { data: { login, password } });
    if (r.status() !== 200) throw new Error(`sign-in ${login} -> ${r.status()}`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const urls = new Map(), done = [];
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => done.push({ url: urls.get(e.requestId), bytes: e.encodedDataLength }));
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(path, { waitUntil: 'commit' });
    let ms, breakdown;
    if (kind === 'client') {
      await page.waitForFunction(() => window.shipboard && (window.shipboard.firstDataFrame || window.shipboard.error),
                                 null, { timeout: 60_000, polling: 20 });
      const s = await page.evaluate(() => ({ ms: window.shipboard.firstDataFrameMs, error: window.shipboard.error,
                                             items: window.shipboard.itemCount }));
      if (s.error) throw new Error(`client stopped: ${s.error}`);
      ms = s.ms;
      // Where the time went: resource timings (start -> end) and the app's own marks.
      breakdown = await page.evaluate(() => {
        const r = (x) => Math.round(x);
        const out = {};
        for (const e of performance.getEntriesByType('resource')) {
          const u = new URL(e.name);
          out[u.pathname + (u.search ? '?' : '')] = `${r(e.startTime)}-${r(e.responseEnd)}`;
        }
        const nav = performance.getEntriesByType('navigation')[0];
        if (nav) out.document = `0-${r(nav.responseEnd)}`;
        const sb = window.shipboard;
        Object.assign(out, { main_start: r(sb.mainStartMs), app_ready: r(sb.appReadyMs),
                             first_data_frame: r(sb.firstDataFrameMs), glyphs: sb.glyphs, glyph_ms: r(sb.glyphMs || 0) });
        return out;
      });
    } else {
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0,
                                 null, { timeout: 60_000, polling: 20 });
      ms = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime);
    }
    await sleep(500);  // let requests that finish right after the frame be counted (favicon...)
    const out = { ms: +ms.toFixed(1), bytes: done.reduce((a, d) => a + d.bytes, 0), requests: done.length,
                  resources: done.map((d) => ({ path: new URL(d.url).pathname, bytes: d.bytes })) };
    if (memory) {
      await sleep(1000);
      await cdp.send('Performance.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      out.js_heap_used = m.JSHeapUsedSize;
      out.js_heap_total = m.JSHeapTotalSize;
      out.wasm_memory = await page.evaluate(() => (typeof wasmMemory !== 'undefined' ? wasmMemory.buffer.byteLength : null));
      out.client_items = await page.evaluate(() => window.shipboard.itemCount);
    }
    if (breakdown) out.breakdown = breakdown;
    if (errors.length) out.errors = errors.slice(0, 3);
    return out;
  } finally {
    await context.close();
  }
}

// The anchor page: the same 50 items as plain HTML (title, status, release, ETA, commitment,
// customer answer), no script, a few lines of inline CSS.
export async function writeAnchor(base, webDir, login, password) {
  const s = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                    body: JSON.stringify({ login, password }) });
  if (s.status !== 200) throw new Error(`sign-in ${s.status}`);
  const cookie = s.headers.get('set-cookie').split(';')[0];
  const get = async (p) => (await fetch(`${base}${p}`, { headers: { cookie } })).json();
  const [items, releases] = await Promise.all([get('/api/v1/items?limit=50'), get('/api/v1/releases?limit=500')]);
  const rel = new Map((releases.items || releases.releases || []).map((r) => [r.id, r.name]));
  const esc = (v) => String(v ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const rows = items.items.map((it) => `<tr><td>${it.id}</td><td>${esc(it.title)}</td><td>${esc(it.status)}</td>` +
    `<td>${esc(rel.get(it.release_id) || '')}</td><td>${esc(it.eta?.text ?? it.eta ?? '')}</td>` +
    `<td>${esc(it.commitment)}</td><td>${esc(it.customer_answer)}</td></tr>`).join('\n');
  const html = `<!doctype html>\n<html lang="zh-Hant"><head><meta charset="utf-8"><title>Shipboard items</title>\n` +
    `<style>body{font:14px system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}</style>\n` +
    `</head><body><h1>Items</h1><table><thead><tr><th>#</th><th>Title</th><th>Status</th><th>Release</th><th>ETA</th>` +
    `<th>Commitment</th><th>Customer answer</th></tr></thead><tbody>\n${rows}\n</tbody></table></body></html>\n`;
  writeFileSync(join(webDir, 'p4-anchor.html'), html);
  return items.items.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [base, webDir, login, password, runsArg] = process.argv.slice(2);
  const runs = Number(runsArg || 5);
  const listed = await writeAnchor(base, webDir, login, password);
  const browser = await launch();
  try {
    await coldLoad(browser, base, '/', login, password);  // warm the server and the OS page cache, not the browser
    const client = [], anchor = [];
    for (let i = 0; i < runs; i++) {  // alternate, so drifting load hits both alike
      client.push(await coldLoad(browser, base, '/', login, password));
      anchor.push(await coldLoad(browser, base, '/p4-anchor.html', login, password, { kind: 'anchor' }));
    }
    const c = median(client.map((x) => x.ms)), a = median(anchor.map((x) => x.ms));
    const mid = client.find((x) => x.ms === c);
    console.log(JSON.stringify({
      runs, anchor_items: listed,
      client_ms: c, anchor_ms: a, ratio: +(c / a).toFixed(2),
      client_ms_all: client.map((x) => x.ms), anchor_ms_all: anchor.map((x) => x.ms),
      client_bytes: median(client.map((x) => x.bytes)), anchor_bytes: median(anchor.map((x) => x.bytes)),
      client_requests: mid.requests, client_resources: mid.resources, client_breakdown: mid.breakdown,
      errors: client.flatMap((x) => x.errors || []).slice(0, 3),
    }));
  } finally {
    await browser.close();
  }
}
