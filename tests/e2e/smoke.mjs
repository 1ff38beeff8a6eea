// Browser smoke test: starts the real shipboard-server on a free loopback port with a fresh
// demo database, signs in as lin.sales, loads the client in Debian's headless Chromium and
// checks that the first data frame shows every item the API returns, on a canvas that is not
// blank. Then signs in through the form in a fresh context. Any failure exits non-zero.
// Usage: node smoke.mjs <shipboard-server> <build/wasm/web>  (or SHIPBOARD_SERVER / SHIPBOARD_WEB)
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const artifacts = join(here, 'artifacts');
const DEMO = { login: 'lin.sales', password: 'shipboard-demo' };
const BOOT_TIMEOUT_MS = 30_000;
const FRAME_TIMEOUT_MS = 30_000;
const CHROMIUM_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
  '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function fail(message) { throw new Error(message); }
function log(message) { console.log(`[smoke] ${message}`); }

async function freePort() {
  return new Promise((ok, bad) => {
    const srv = createServer();
    srv.once('error', bad);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
  });
}

// [SECTION] The server -------------------------------------------------------------------
async function startServer(tmp) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = ['--listen', `127.0.0.1:${port}`, '--db', join(tmp, 't.db'), '--web', webDir, '--demo'];
  const proc = spawn(serverBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    if (exited) fail(`server exited early (${JSON.stringify(exited)}):\n${output}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) fail(`server did not answer /healthz within ${BOOT_TIMEOUT_MS} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, proc, output: () => output };
}

// [SECTION] Page checks ------------------------------------------------------------------
// Problems that fail the test: script errors, console errors, requests that never got an
// answer, any 5xx, and a 4xx for anything but the API (a missing app.js, app.wasm, style...).
// A 4xx from /api/ is the client's to handle (401 from /me means "show the form").
function watchPage(page, problems) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (m.text().startsWith('Failed to load resource')) return;  // judged by status below
    problems.push(`console error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 500 || (r.status() >= 400 && !path.startsWith('/api/'))) {
      problems.push(`HTTP ${r.status()} for ${path}`);
    }
  });
}

async function waitForFirstDataFrame(page, problems) {
  try {
    await page.waitForFunction(() => window.shipboard && (window.shipboard.firstDataFrame ||
                                                          window.shipboard.error),
                               null, { timeout: FRAME_TIMEOUT_MS, polling: 100 });
  } catch (e) {
    fail(`no first data frame within ${FRAME_TIMEOUT_MS} ms; problems: ${problems.join('; ') || 'none'}`);
  }
  const state = await page.evaluate(() => ({ ...window.shipboard }));
  if (state.error) fail(`client stopped: ${state.error}`);
  return state;
}

// Distinct colours of the canvas as it was composited (decoded from a PNG screenshot in the page).
async function canvasColours(page) {
  const png = await page.locator('#canvas').screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return { distinct: seen.size, width: c.width, height: c.height };
  }, png.toString('base64'));
}

// [SECTION] Main -------------------------------------------------------------------------
async function main() {
  await access(serverBin).catch(() => fail(`server binary not found: '${serverBin}'`));
  await access(join(webDir, 'app.wasm')).catch(() => fail(`no app.wasm in web dir '${webDir}' (build the wasm preset)`));
  await access(join(webDir, 'index.html')).catch(() => fail(`no index.html in web dir '${webDir}'`));
  await mkdir(artifacts, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-e2e-'));
  let server = null;
  let context = null;
  try {
    server = await startServer(tmp);
    log(`server up at ${server.base}`);
    context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
      executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
      baseURL: server.base, locale: 'zh-TW', viewport: { width: 1280, height: 800 },
      deviceScaleFactor: Number(process.env.SHIPBOARD_E2E_DPR || 1),
    });

    // 1. Signed in through the API: the client skips the form and shows the items.
    const session = await context.request.post('/api/v1/session', { data: DEMO });
    if (session.status() !== 200) fail(`POST /api/v1/session -> ${session.status()}: ${await session.text()}`);
    const list = await context.request.get('/api/v1/items?limit=500');
    if (list.status() !== 200) fail(`GET /api/v1/items -> ${list.status()}`);
    const apiCount = (await list.json()).items.length;
    if (apiCount < 1) fail('the demo board has no items; the smoke test needs some');

    const problems = [];
    const page = await context.newPage();
    watchPage(page, problems);
    const t0 = Date.now();
    await page.goto('/', { waitUntil: 'load' });
    const state = await waitForFirstDataFrame(page, problems);
    log(`first data frame after ${Math.round(state.firstDataFrameMs)} ms (page clock), ` +
        `${Date.now() - t0} ms wall; items ${state.itemCount}/${apiCount}; ` +
        `app ready at ${Math.round(state.appReadyMs)} ms (first frame ${Math.round(state.firstFrameMs)} ms); ` +
        `glyphs ${state.glyphs} in ${Math.round(state.glyphMs)} ms`);
    if (state.itemCount !== apiCount) fail(`client shows ${state.itemCount} items, the API has ${apiCount}`);
    const marks = await page.evaluate(() => performance.getEntriesByName('shipboard-first-data-frame').length);
    if (marks !== 1) fail(`expected one performance mark 'shipboard-first-data-frame', found ${marks}`);
    await page.waitForTimeout(300);  // let a few more frames settle before the picture
    const colours = await canvasColours(page);
    log(`canvas ${colours.width}x${colours.height}, ${colours.distinct} distinct colours sampled`);
    if (colours.distinct < 2) fail('the canvas is blank (one colour)');
    await page.screenshot({ path: join(artifacts, 'smoke.png') });
    if (problems.length) fail(`the page reported problems:\n  ${problems.join('\n  ')}`);

    // 2. A fresh visitor sees the form, signs in with the keyboard, then sees the same items.
    await context.clearCookies();
    const page2 = await context.newPage();
    const problems2 = [];
    watchPage(page2, problems2);
    await page2.goto('/?lang=en', { waitUntil: 'load' });
    await page2.waitForFunction(() => window.shipboard && window.shipboard.appReadyMs !== null,
                                null, { timeout: FRAME_TIMEOUT_MS });
    // GET /me answers 401 and the form shows (on a loaded machine that can take a while);
    // keys typed before it would be lost.
    await page2.waitForFunction(() => { const s = window.shipboard.state(); return s && s.screen === 'sign_in'; },
                                null, { timeout: FRAME_TIMEOUT_MS });
    // The form puts the keyboard in the login field by itself, a few frames after it shows.
    await page2.waitForFunction(() => window.shipboard.state().text_input, null, { timeout: FRAME_TIMEOUT_MS });
    await page2.screenshot({ path: join(artifacts, 'sign-in.png') });
    await page2.locator('#canvas').focus();
    await page2.keyboard.type(DEMO.login, { delay: 20 });
    // The password follows the Tab at once: Dear ImGui moves the focus over two frames, and
    // what is typed meanwhile must still land in the password field (type_ahead.cpp).
    await page2.keyboard.press('Tab');
    await page2.keyboard.type(DEMO.password, { delay: 20 });
    await page2.keyboard.press('Enter');
    let state2;
    try {
      state2 = await waitForFirstDataFrame(page2, problems2);
    } catch (e) {
      await page2.screenshot({ path: join(artifacts, 'sign-in-failed.png') }).catch(() => {});
      const form = await page2.evaluate(() => JSON.stringify(window.shipboard.state().sign_in)).catch((x) => String(x));
      fail(`${e.message}; the form holds ${form} (typed '${DEMO.login}', ${DEMO.password.length} password characters)`);
    }
    if (state2.itemCount !== apiCount) fail(`after the form: ${state2.itemCount} items, API has ${apiCount}`);
    if (problems2.length) fail(`the sign-in page reported problems:\n  ${problems2.join('\n  ')}`);
    log(`sign-in form path OK (${state2.itemCount} items)`);
    await writeFile(join(artifacts, 'smoke.json'), JSON.stringify({ apiCount, state, colours }, null, 2));
    log('PASS');
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) {
      server.proc.kill('SIGTERM');
      await new Promise((r) => { if (server.proc.exitCode !== null) r(); else server.proc.once('exit', r); setTimeout(r, 3000); });
    }
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`[smoke] FAIL: ${e.message}`); process.exit(1); });
