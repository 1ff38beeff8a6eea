// Browser test of embedding (docs/embedding.md): the real shipboard-server with
// --embed-origins naming a loopback "intranet" origin, a tiny node http server on that origin
// serving tests/embed/fixture/*.html, and Debian's headless Chromium (playwright-core from
// tests/e2e/node_modules). Checks: the three views and the badge render; each iframe is sized
// to its content; a PM's status change shows up in the embed without a reload; a page on an
// origin outside the list cannot frame the board; and it measures load time and transferred
// bytes of a page with five embeds (printed as "[embed] five embeds: ...").
// Usage: node embed.mjs <shipboard-server> <build/wasm/web>
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { mkdtemp, readFile, rm, access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const PASSWORD = 'shipboard-demo';
const CHROMIUM_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
  '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function fail(message) { throw new Error(message); }
function log(message) { console.log(`[embed] ${message}`); }

async function freePort() {
  return new Promise((ok, bad) => {
    const srv = createServer();
    srv.once('error', bad);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
  });
}

async function until(what, fn, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn().catch((e) => { last = e; return null; });
    if (last) return last;
    if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// [SECTION] Servers -----------------------------------------------------------------------
async function startBoard(tmp, embedOrigin) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(serverBin, ['--listen', `127.0.0.1:${port}`, '--db', join(tmp, 't.db'),
                                 '--web', webDir, '--demo', '--embed-origins', embedOrigin],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) fail(`server exited early:\n${output}`);
    try { if ((await fetch(`${base}/healthz`)).status === 200) break; } catch { /* not yet */ }
    if (Date.now() > deadline) fail(`server did not start:\n${output}`);
    await sleep(100);
  }
  const stop = async () => {
    proc.kill('SIGTERM');
    await new Promise((r) => { if (proc.exitCode !== null) r(); else proc.once('exit', r); setTimeout(r, 3000); });
  };
  return { base, stop };
}

// The fixture pages with {{BOARD}} and {{TOKEN}} filled in, on 127.0.0.1:<port>.
async function startIntranet(port, vars) {
  const srv = createHttpServer(async (req, res) => {
    const name = new URL(req.url, 'http://x').pathname.replace(/^\//, '');
    if (!/^[a-z]+\.html$/.test(name)) { res.writeHead(404); res.end(); return; }
    try {
      let html = await readFile(join(here, 'fixture', name), 'utf8');
      for (const [k, v] of Object.entries(vars)) html = html.replaceAll(`{{${k}}}`, v);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((ok) => srv.listen(port, '127.0.0.1', ok));
  return { base: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => srv.close(r)) };
}

// A signed-in API caller (cookie + CSRF) over node's fetch.
async function signIn(base, login) {
  const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                    body: JSON.stringify({ login, password: PASSWORD }) });
  if (r.status !== 200) fail(`sign-in ${login}: ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  const call = async (method, path, body, extra = {}) => {
    const resp = await fetch(`${base}${path}`, {
      method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json', ...extra },
      body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: resp.status, etag: resp.headers.get('etag'), body: await resp.json().catch(() => null) };
  };
  return { call };
}

// [SECTION] Page helpers --------------------------------------------------------------------
// The embed frames of a page, keyed by the id of the div that holds each.
async function embedFrames(page) {
  const out = {};
  for (const handle of await page.$$('[data-shipboard] > iframe')) {
    const id = await handle.evaluate((f) => f.parentElement.id || f.parentElement.getAttribute('data-shipboard'));
    out[id] = { handle, frame: await handle.contentFrame() };
  }
  return out;
}

// |iframe height - its document's scrollHeight| and whether the document scrolls inside.
async function fit(entry) {
  const outer = await entry.handle.evaluate((f) => f.getBoundingClientRect().height);
  const inner = await entry.frame.evaluate(() => ({ scroll: document.documentElement.scrollHeight,
                                                     client: document.documentElement.clientHeight }));
  return { outer, scroll: inner.scroll, client: inner.client, ok: Math.abs(outer - inner.scroll) <= 2 && inner.scroll <= inner.client + 1 };
}

async function waitSized(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('[data-shipboard] > iframe[data-sized]').length >= n,
                             count, { timeout: 20_000, polling: 50 });
}

// [SECTION] Main ---------------------------------------------------------------------------
async function main() {
  await access(serverBin).catch(() => fail(`server binary not found: '${serverBin}'`));
  await access(join(webDir, 'embed.js')).catch(() => fail(`no embed.js in '${webDir}' (build the wasm preset's web_shell)`));
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-embed-'));
  const intranetPort = await freePort();
  const foreignPort = await freePort();
  const board = await startBoard(tmp, `http://127.0.0.1:${intranetPort}`);
  let intranet = null, foreign = null, browser = null;
  try {
    const admin = await signIn(board.base, 'admin');
    const pm = await signIn(board.base, 'chen.pm');
    const made = await admin.call('POST', '/api/v1/embed-tokens', { label: 'intranet', scope: 'board' });
    if (made.status !== 201) fail(`embed token: ${made.status}`);
    const vars = { BOARD: board.base, TOKEN: made.body.token };
    intranet = await startIntranet(intranetPort, vars);
    foreign = await startIntranet(foreignPort, vars);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

    // 1. Three views and a badge on the intranet page.
    const context = await browser.newContext({ locale: 'zh-TW', viewport: { width: 900, height: 800 } });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {  // judged here, by URL; the fixture server has no favicon
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await page.goto(`${intranet.base}/intranet.html`);
    await waitSized(page, 3);
    const frames = await embedFrames(page);
    for (const [id, text] of [['e-item', '直播功能'], ['e-item', '2027-Q1'], ['e-item', '暫定'],
                              ['e-release', '2027.1 春季版'], ['e-release', '企業單一登入'],
                              ['e-search', '直播功能']]) {
      const body = await frames[id].frame.evaluate(() => document.body.innerText);
      if (!body.includes(text)) fail(`${id} does not show "${text}":\n${body}`);
    }
    for (const [id, entry] of Object.entries(frames)) {
      const html = await entry.frame.content();
      for (const secret of ['CDN', '國泰', 'internal_note', 'value_at_stake'])
        if (html.includes(secret)) fail(`${id} shows internal text "${secret}"`);
    }
    const badge = await page.$eval('#badge', (img) => ({ w: img.naturalWidth, h: img.naturalHeight, done: img.complete }));
    if (!badge.done || badge.w < 100 || badge.h !== 20) fail(`badge not rendered: ${JSON.stringify(badge)}`);
    log(`three views and the badge render (badge ${badge.w}x${badge.h})`);

    // 2. Each iframe fits its content.
    await sleep(300);  // let the last ResizeObserver round settle
    for (const [id, entry] of Object.entries(frames)) {
      const f = await fit(entry);
      if (!f.ok) fail(`${id} does not fit its content: ${JSON.stringify(f)}`);
      log(`${id}: iframe ${f.outer}px, content ${f.scroll}px`);
    }

    // 3. A PM's status change appears without a reload (of the page or the iframe).
    await until('an open event stream', async () => {
      const states = await Promise.all(Object.values(frames).map((e) => e.frame.evaluate(() => document.documentElement.getAttribute('data-live'))));
      return states.includes('1');
    });
    await page.evaluate(() => { window.__noReload = 'page'; });
    await frames['e-item'].frame.evaluate(() => { window.__noReload = 'frame'; });
    const before = await frames['e-item'].handle.evaluate((f) => f.getBoundingClientRect().height);
    const item = await pm.call('GET', '/api/v1/items/1');
    const patched = await pm.call('PATCH', '/api/v1/items/1',
                                  { status: 'shipped', customer_answer: '直播功能已上線。\n到「會議」→「直播」開啟，需要管理員先在後台啟用。\n1080p、最多 5,000 位觀眾。' },
                                  { 'If-Match': item.etag });
    if (patched.status !== 200) fail(`PATCH: ${patched.status} ${JSON.stringify(patched.body)}`);
    const t0 = Date.now();
    await until('the status change in the item embed', () =>
      frames['e-item'].frame.evaluate(() => document.body.innerText.includes('已上線') && document.body.innerText.includes('1080p')));
    await until('the status change in the release embed', () =>
      frames['e-release'].frame.evaluate(() => document.body.innerText.includes('已上線')));
    const live = Date.now() - t0;
    if (await page.evaluate(() => window.__noReload) !== 'page') fail('the intranet page reloaded');
    if (await frames['e-item'].frame.evaluate(() => window.__noReload) !== 'frame') fail('the item iframe reloaded');
    await sleep(300);
    const after = await fit(frames['e-item']);
    if (!after.ok) fail(`after the change the item iframe does not fit: ${JSON.stringify(after)}`);
    log(`live update seen in ${live} ms without reload; item iframe ${before}px -> ${after.outer}px`);
    if (problems.length) fail(`problems on the intranet page:\n${problems.join('\n')}`);
    await context.close();

    // 4. An origin outside --embed-origins cannot frame the board.
    const fctx = await browser.newContext();
    const fpage = await fctx.newPage();
    const cspErrors = [];
    fpage.on('console', (m) => { if (/frame-ancestors|Refused to (display|frame)/i.test(m.text())) cspErrors.push(m.text()); });
    await fpage.goto(`${foreign.base}/foreign.html`);
    await sleep(2500);
    const boardFrames = fpage.frames().filter((f) => f !== fpage.mainFrame());
    for (const f of boardFrames) {
      const text = await f.evaluate(() => document.body ? document.body.innerText : '').catch(() => '');
      if (text.includes('直播功能')) fail(`a foreign origin framed the board (${f.url()})`);
    }
    const sized = await fpage.$$eval('iframe[data-sized]', (l) => l.length);
    if (sized !== 0) fail('an embed on a foreign origin reported its height');
    if (cspErrors.length === 0) fail('no frame-ancestors CSP error on the foreign page');
    log(`foreign origin blocked (${boardFrames.length} frames, ${cspErrors.length} CSP errors: ${cspErrors[0].slice(0, 90)}…)`);
    await fctx.close();

    // 5. Five embeds: load time and bytes, in a fresh context (cold cache).
    const mctx = await browser.newContext({ locale: 'zh-TW', viewport: { width: 900, height: 800 } });
    const mpage = await mctx.newPage();
    const responses = [];
    mpage.on('response', (r) => responses.push(r));
    const start = Date.now();
    await mpage.goto(`${intranet.base}/five.html`);
    await waitSized(mpage, 5);
    const mframes = await embedFrames(mpage);
    await Promise.all(Object.values(mframes).map((e) => e.frame.waitForLoadState('load')));
    const loadMs = Date.now() - start;
    let boardBytes = 0, boardBody = 0, pageBytes = 0, requests = 0;
    for (const r of responses) {
      const url = r.url();
      if (url.includes('/api/v1/events')) continue;  // streams never finish
      const s = await r.request().sizes().catch(() => null);
      if (!s) continue;
      const n = s.responseBodySize + s.responseHeadersSize;
      if (url.startsWith(board.base)) { boardBytes += n; boardBody += s.responseBodySize; requests += 1; } else pageBytes += n;
    }
    const perFrame = [];
    for (const [id, e] of Object.entries(mframes)) perFrame.push(`${id} ${(await fit(e)).outer}px`);
    log(`five embeds: ${loadMs} ms to all five sized and loaded; ${requests} board requests, ` +
        `${boardBytes} bytes transferred from the board (${boardBody} body), ${pageBytes} for the host page`);
    log(`five embeds sized: ${perFrame.join(', ')}`);
    await mctx.close();
    log('ok');
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (intranet) await intranet.stop();
    if (foreign) await foreign.stop();
    await board.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`[embed] FAIL: ${e.message}`); process.exit(1); });
