// Shared helpers of the newer browser tests (views.mjs, a11y.mjs): a real shipboard-server on a
// free loopback port with a fresh --demo database, Debian's headless Chromium with the flags
// the toolchain notes require, sign-in through the API, and waiting on window.shipboard.state().
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const PASSWORD = 'shipboard-demo';
export const CHROMIUM_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
  '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export function fail(message) { throw new Error(message); }

export async function freePort() {
  return new Promise((ok, bad) => {
    const srv = createServer();
    srv.once('error', bad);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
  });
}

// Options (all optional): `port`, a loopback port chosen beforehand (freePort), for a test that
// must name the server's address in its own arguments (an OpenID Connect redirect URL); `args`,
// more command-line arguments after the usual ones.
export async function startServer(serverBin, webDir, tmp, { port: wanted, args = [] } = {}) {
  const port = wanted || await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(serverBin, ['--listen', `127.0.0.1:${port}`, '--db', join(tmp, 't.db'),
                                 '--web', webDir, '--demo', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  return { base, proc, stop };
}

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// Script errors, console errors and 5xx answers, collected for a final check.
export function watchPage(page, problems) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.url()}`); });
}

export const state = (page) => page.evaluate(() => window.shipboard.state && window.shipboard.state());

// Polls window.shipboard.state() until `ok(state)` holds.
export async function until(page, what, ok, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  for (;;) {
    last = await state(page).catch(() => null);
    if (last && ok(last)) return last;
    if (Date.now() > deadline) {
      const shown = JSON.stringify(last && { ...last, marks: Object.keys(last.marks || {}) }) || '';
      fail(`timed out waiting for ${what}; state: ${shown.slice(0, 4000)}${shown.length > 4000 ? ' …' : ''}`);
    }
    await sleep(100);
  }
}

// Clicks the widget the client marked `name` (window.shipboard.state().marks), once its
// rectangle has stopped moving, as a hand does: hover first, then press.
export async function clickMark(page, name) {
  let prev = null;
  for (;;) {
    const s = await until(page, `mark ${name}`, (st) => st.marks && st.marks[name]);
    const r = s.marks[name];
    if (prev && JSON.stringify(prev) === JSON.stringify(r)) break;
    prev = r;
    await sleep(120);
  }
  const x = prev.x + Math.min(prev.w / 2, 40);
  const y = prev.y + prev.h / 2;
  await page.mouse.move(x, y);
  await sleep(50);
  await page.mouse.click(x, y);
}

// A browser context signed in as `login` (cookie from POST /api/v1/session), with a page.
// bypassCSP: lets a test inject a script tag (axe-core) past the server's script-src 'self'.
export async function openAs(browser, base, login, { viewport, path = '/', locale = 'zh-TW', bypassCSP = false } = {}) {
  const context = await browser.newContext({ baseURL: base, locale, bypassCSP,
                                             viewport: viewport || { width: 1366, height: 768 } });
  const r = await context.request.post('/api/v1/session', { data: { login, password: PASSWORD } });
  if (r.status() !== 200) fail(`sign-in ${login} -> ${r.status()}`);
  const page = await context.newPage();
  const problems = [];
  watchPage(page, problems);
  await page.goto(path, { waitUntil: 'load' });
  await page.waitForFunction(() => window.shipboard && (window.shipboard.firstDataFrame || window.shipboard.error),
                             null, { timeout: 30_000, polling: 100 });
  const err = await page.evaluate(() => window.shipboard.error);
  if (err) fail(`client stopped: ${err}`);
  return { context, page, problems, csrf: (await r.json()).csrf_token };
}
