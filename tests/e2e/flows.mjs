// Browser flows: a salesperson and a PM in two Chromium contexts against a real server with a
// fresh demo board. Sales searches "直播" (typed through an input method: CDP imeSetComposition
// + insertText), copies the customer answer for a customer (clipboard + told log), the PM
// changes the item's status on the item page and sales sees it live; a stale If-Match edit
// shows the conflict and re-applies; back/forward, a deep link, Ctrl+K; the PM edits a release
// through a 412 and re-apply; idle frames counted.
// The page is read through window.shipboard.state() (no pixels, no accessibility mirror).
// Usage: node flows.mjs <shipboard-server> <build/wasm/web>  (or SHIPBOARD_SERVER / SHIPBOARD_WEB)
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { clickMark } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const artifacts = join(here, 'artifacts');
const PASSWORD = 'shipboard-demo';
const TIMEOUT_MS = 30_000;
const VIEWPORT = { width: 1366, height: 768 };
const CHROMIUM_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
  '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function fail(message) { throw new Error(message); }
function log(message) { console.log(`[flows] ${message}`); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    if (exited) fail(`server exited early (${JSON.stringify(exited)}):\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) fail(`server did not answer /healthz:\n${output}`);
    await sleep(100);
  }
  return { base, proc };
}

// [SECTION] Page helpers -----------------------------------------------------------------
function watchPage(page, problems, who) {
  page.on('pageerror', (e) => problems.push(`${who}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error' || m.text().startsWith('Failed to load resource')) return;
    problems.push(`${who}: console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 500 || (r.status() >= 400 && !path.startsWith('/api/'))) {
      problems.push(`${who}: HTTP ${r.status()} for ${path}`);
    }
  });
}

const state = (page) => page.evaluate(() => window.shipboard.state());

// Waits until `check(state)` is truthy; returns that state.
async function until(page, what, check, timeout = TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    last = await state(page).catch(() => null);
    if (last && check(last)) return last;
    if (Date.now() > deadline) {
      fail(`timed out waiting for ${what}; state: ${JSON.stringify(last && { ...last, marks: Object.keys(last.marks || {}) })}`);
    }
    await sleep(100);
  }
}

async function openAs(browser, base, login, path) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-TW', viewport: VIEWPORT });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const r = await context.request.post('/api/v1/session', { data: { login, password: PASSWORD } });
  if (r.status() !== 200) fail(`sign-in ${login} -> ${r.status()}`);
  const page = await context.newPage();
  await page.goto(path, { waitUntil: 'load' });
  await page.waitForFunction(() => window.shipboard && (window.shipboard.firstDataFrame || window.shipboard.error),
                             null, { timeout: TIMEOUT_MS, polling: 100 });
  const marks = await page.evaluate(() => ({ ...window.shipboard, state: undefined }));
  if (marks.error) fail(`client stopped: ${marks.error}`);
  return { context, page, marks, csrf: (await r.json()).csrf_token };
}

// [SECTION] Main -------------------------------------------------------------------------
async function main() {
  await access(serverBin).catch(() => fail(`server binary not found: '${serverBin}'`));
  await access(join(webDir, 'app.wasm')).catch(() => fail(`no app.wasm in '${webDir}'`));
  await mkdir(artifacts, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-flows-'));
  let server = null;
  let browser = null;
  const problems = [];
  const measured = {};
  try {
    server = await startServer(tmp);
    log(`server up at ${server.base}`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

    // 1. Sales lands on search (the role's home) and types 直播 through an input method.
    const sales = await openAs(browser, server.base, 'lin.sales', '/');
    watchPage(sales.page, problems, 'sales');
    measured.firstDataFrameMs = Math.round(sales.marks.firstDataFrameMs);
    let s = await until(sales.page, 'the search view', (st) => st.view === 'search');
    log(`sales: first data frame at ${measured.firstDataFrameMs} ms, view ${s.view}, ${s.results.length} items`);
    await clickMark(sales.page, 'search');
    const cdp = await sales.context.newCDPSession(sales.page);
    await cdp.send('Input.imeSetComposition', { text: 'zhi', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.imeSetComposition', { text: '直播', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '直播' });
    s = await until(sales.page, 'IME text in the search box', (st) => st.query === '直播');
    log('IME: 直播 composed into the search box');
    // Ordinary typing still works (no doubled characters), and Backspace.
    await sales.page.keyboard.type(' live', { delay: 30 });
    await until(sales.page, 'typed " live"', (st) => st.query === '直播 live');
    for (let i = 0; i < 5; ++i) await sales.page.keyboard.press('Backspace');
    s = await until(sales.page, 'results for 直播', (st) => st.query === '直播' &&
                    st.results.some((r) => r.id === 1));
    const live = s.results.find((r) => r.id === 1);
    log(`search 直播: ${s.results.length} results; #1 ${live.title} [${live.status}, ${live.eta}, ${live.commitment}]`);
    await sales.page.screenshot({ path: join(artifacts, 'flows-search.png') });

    // 2. Copy the answer for a customer: clipboard + told log.
    await clickMark(sales.page, 'copy:1');
    s = await until(sales.page, 'the customer picker', (st) =>
      Object.keys(st.marks).some((k) => k.startsWith('customer:') && k !== 'customer:0'));
    await sales.page.screenshot({ path: join(artifacts, 'flows-copy.png') });
    const customerMark = Object.keys(s.marks).find((k) => k.startsWith('customer:') && k !== 'customer:0');
    await clickMark(sales.page, customerMark);
    s = await until(sales.page, 'the told record', (st) => st.copy.told);
    const clip = await sales.page.evaluate(() => navigator.clipboard.readText());
    if (clip !== live.customer_answer) fail(`clipboard has '${clip}', expected the answer '${live.customer_answer}'`);
    const told = await (await sales.context.request.get('/api/v1/told')).json();
    if (!told.items || !told.items.some((t) => t.item_id === 1)) fail(`GET /told lacks item 1: ${JSON.stringify(told)}`);
    log(`copied for ${customerMark}: clipboard matches, told log has it`);

    // 3. A PM (second context) changes the status on the item page; sales sees it live.
    const pm = await openAs(browser, server.base, 'chen.pm', '/#/items/1');
    await pm.page.bringToFront();
    watchPage(pm.page, problems, 'pm');
    let p = await until(pm.page, 'the PM item page', (st) => st.view === 'item' && st.selected && st.selected.id === 1);
    const target = p.selected.status === 'beta' ? 'planned' : 'beta';
    await clickMark(pm.page, 'edit_status');
    await clickMark(pm.page, `status:${target}`);
    await clickMark(pm.page, 'save');
    p = await until(pm.page, `status ${target} saved`, (st) => st.selected && st.selected.status === target);
    await pm.page.screenshot({ path: join(artifacts, 'flows-pm-item.png') });
    const t0 = Date.now();
    s = await until(sales.page, 'the live status change', (st) =>
      st.results.some((r) => r.id === 1 && r.status === target));
    measured.liveLatencyMs = Date.now() - t0;
    log(`live: sales sees #1 ${target} without reload (${measured.liveLatencyMs} ms after the PM saw it; ${s.live.events} events)`);
    await sales.page.screenshot({ path: join(artifacts, 'flows-live.png') });

    // 4. Stale If-Match: the PM starts editing the answer, meanwhile someone else changes the
    // ETA (the live stream brings it in, the PM's form keeps its base); saving gets 412, the
    // page shows what changed, and re-applying puts the PM's edit on the current version.
    await clickMark(pm.page, 'edit_answer');
    await pm.page.keyboard.press('End');
    await pm.page.keyboard.type('OK');
    await until(pm.page, 'the PM edit in the form', (st) => st.selected.edit_answer.endsWith('OK'));
    const cur = await (await pm.context.request.get('/api/v1/items/1')).json();
    const other = await pm.context.request.patch('/api/v1/items/1', {
      data: { eta: '2027-06-30' },
      headers: { 'If-Match': `"${cur.version}"`, 'X-CSRF-Token': pm.csrf } });
    if (other.status() !== 200) fail(`side PATCH -> ${other.status()}: ${await other.text()}`);
    await until(pm.page, 'the other change, live', (st) => st.selected.eta === '2027-06-30');
    await clickMark(pm.page, 'save');
    p = await until(pm.page, 'the 412 conflict', (st) => st.selected.conflict);
    await pm.page.waitForTimeout(300);
    await pm.page.screenshot({ path: join(artifacts, 'flows-conflict.png') });
    await clickMark(pm.page, 'reapply');
    p = await until(pm.page, 're-applied', (st) => !st.selected.conflict && st.selected.customer_answer.endsWith('OK'));
    if (p.selected.eta !== '2027-06-30') fail(`the other edit was lost: eta ${p.selected.eta}`);
    log('412: conflict shown, the PM re-applied on the current version; both edits kept');

    // 5. Back/forward, deep link, Ctrl+K, title.
    await sales.page.bringToFront();  // a page behind another gets no animation frames
    await clickMark(sales.page, 'item:1');
    s = await until(sales.page, 'the item page', (st) => st.view === 'item' && st.selected && st.selected.id === 1);
    if (!(await sales.page.evaluate(() => location.hash)).startsWith('#/items/1')) fail('hash is not #/items/1');
    await sales.page.waitForTimeout(400);
    await sales.page.screenshot({ path: join(artifacts, 'flows-item.png') });
    await sales.page.goBack();
    await until(sales.page, 'back to search', (st) => st.view === 'search');
    await sales.page.goForward();
    await until(sales.page, 'forward to the item', (st) => st.view === 'item');
    const title = await sales.page.title();
    if (!title.includes('直播')) fail(`document.title '${title}' does not name the item`);
    await sales.page.keyboard.press('Control+K');
    await until(sales.page, 'Ctrl+K -> search', (st) => st.view === 'search');
    const deep = await sales.context.newPage();
    watchPage(deep, problems, 'deep');
    await deep.goto('/#/items/1', { waitUntil: 'load' });
    await until(deep, 'the deep-linked item', (st) => st.view === 'item' && st.selected && st.selected.id === 1);
    log(`routes: back/forward, deep link #/items/1, title '${title}', Ctrl+K OK`);
    await deep.close();

    // 6. The PM question queue shows open questions by priority.
    await pm.page.bringToFront();
    await clickMark(pm.page, 'nav:queue');
    p = await until(pm.page, 'the question queue', (st) => st.view === 'queue' && st.queue.questions > 0);
    await pm.page.waitForTimeout(300);
    await pm.page.screenshot({ path: join(artifacts, 'flows-queue.png') });
    log(`question queue: ${p.queue.questions} open questions`);

    // 6a. Triage: the demo's item 11 (企業微信會議通知, filed by sales) is listed as a possible
    // duplicate of item 6 (企业微信通知集成, Simplified); the PM merges it from the question queue and the
    // server moves its request over.
    p = await until(pm.page, 'the triage list', (st) => st.queue.triage.some((t) => t.id === 11));
    const dup = p.queue.triage.find((t) => t.id === 11);
    if (!dup.duplicates.includes(6)) fail(`item 11's possible duplicates are ${JSON.stringify(dup.duplicates)}, not [6]`);
    const before6 = await (await pm.context.request.get('/api/v1/items/6')).json();
    await clickMark(pm.page, 'merge:11');
    p = await until(pm.page, 'the merge dialog', (st) => st.merge.from === 11 && st.merge.into === 6);
    await pm.page.waitForTimeout(300);
    await pm.page.screenshot({ path: join(artifacts, 'flows-merge.png') });
    await clickMark(pm.page, 'merge_confirm');
    p = await until(pm.page, 'the merge done', (st) => st.merge.from === 0 && !st.queue.triage.some((t) => t.id === 11));
    const merged = await (await pm.context.request.get('/api/v1/items/11')).json();
    const after6 = await (await pm.context.request.get('/api/v1/items/6')).json();
    if (merged.merged_into !== 6) fail(`item 11 merged_into is ${merged.merged_into}, expected 6`);
    if (after6.request_count !== before6.request_count + 1) {
      fail(`item 6 has ${after6.request_count} requests after the merge, had ${before6.request_count}`);
    }
    log(`triage: 11 merged into its possible duplicate 6 (requests ${before6.request_count} -> ${after6.request_count})`);

    // 6b. The PM edits a release: the name gets " GA"; meanwhile someone else changes the FAQ
    // (If-Match through the API), so the save meets a 412, the panel shows the change, and
    // re-applying keeps both.
    await pm.page.evaluate(() => { location.hash = '#/releases/1'; });
    await until(pm.page, 'the release page', (st) => st.rendered.hash === '#/releases/1' && st.rendered.ready);
    await clickMark(pm.page, 'release_edit');
    await until(pm.page, 'the release form', (st) => st.release_edit.id === 1);
    await clickMark(pm.page, 'release_name');
    await pm.page.keyboard.press('End');
    await pm.page.keyboard.type(' GA');
    const rel = await (await pm.context.request.get('/api/v1/releases/1')).json();
    const side = await pm.context.request.patch('/api/v1/releases/1', {
      data: { faq: 'Q: 直播何時上線？ A: 見版本說明。' },
      headers: { 'If-Match': `"${rel.version}"`, 'X-CSRF-Token': pm.csrf } });
    if (side.status() !== 200) fail(`side release PATCH -> ${side.status()}: ${await side.text()}`);
    await clickMark(pm.page, 'release_save');
    await until(pm.page, 'the release 412 panel', (st) => st.release_edit.conflict);
    await pm.page.waitForTimeout(300);
    await pm.page.screenshot({ path: join(artifacts, 'flows-release-conflict.png') });
    await clickMark(pm.page, 'release_reapply');
    p = await until(pm.page, 'the release saved', (st) => st.release_edit.id === 0 && !st.release_edit.saving);
    const relNow = await (await pm.context.request.get('/api/v1/releases/1')).json();
    if (relNow.name !== `${rel.name} GA`) fail(`release name is '${relNow.name}', expected '${rel.name} GA'`);
    if (!relNow.faq.startsWith('Q: 直播何時上線')) fail(`the other release edit was lost: faq '${relNow.faq}'`);
    await pm.page.waitForTimeout(300);
    await pm.page.screenshot({ path: join(artifacts, 'flows-release-edit.png') });
    log(`release edit: '${relNow.name}' saved after a 412 and re-apply; the side FAQ edit kept`);

    // 6c. The PM creates a release from the releases page; the client opens it, the API has it.
    await pm.page.evaluate(() => { location.hash = '#/releases'; });
    await until(pm.page, 'the releases page', (st) => st.rendered.hash === '#/releases' && st.rendered.ready);
    await clickMark(pm.page, 'release_new');
    await clickMark(pm.page, 'release_name');
    await pm.page.keyboard.type('2027.3 冬季版');
    await clickMark(pm.page, 'release_planned');
    await pm.page.keyboard.type('2027-12-15');
    await clickMark(pm.page, 'release_save');
    p = await until(pm.page, 'the new release page', (st) => st.view === 'release' && st.rendered.ready);
    const made = (await (await pm.context.request.get('/api/v1/releases?limit=500')).json()).items
      .find((r) => r.name === '2027.3 冬季版');
    if (!made || made.planned_date !== '2027-12-15') fail(`the created release is ${JSON.stringify(made)}`);
    if (p.hash !== `#/releases/${made.id}`) fail(`after creating, the client shows ${p.hash}, not #/releases/${made.id}`);
    log(`release created from the client: #${made.id} '${made.name}' ${made.planned_date}`);

    // 7. Idle: no frames drawn while nothing happens.
    await sales.page.bringToFront();
    await sales.page.mouse.move(2, 2);
    await sales.page.waitForTimeout(1500);
    const f0 = (await state(sales.page)).frames;
    await sales.page.waitForTimeout(5000);
    const f1 = (await state(sales.page)).frames;
    measured.idleFramesIn5s = f1.drawn - f0.drawn;
    measured.skippedFramesIn5s = f1.idle - f0.idle;
    log(`idle: ${measured.idleFramesIn5s} frames drawn in 5 s (${measured.skippedFramesIn5s} animation frames skipped)`);
    if (measured.idleFramesIn5s > 10) fail(`drew ${measured.idleFramesIn5s} frames in 5 idle seconds`);

    if (problems.length) fail(`the pages reported problems:\n  ${problems.join('\n  ')}`);
    await writeFile(join(artifacts, 'flows.json'), JSON.stringify(measured, null, 2));
    log('PASS');
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      server.proc.kill('SIGTERM');
      await new Promise((r) => { if (server.proc.exitCode !== null) r(); else server.proc.once('exit', r); setTimeout(r, 3000); });
    }
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`[flows] FAIL: ${e.message}`); process.exit(1); });
