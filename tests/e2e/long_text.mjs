// Nothing typed or loaded is cut: a PM opens an item whose customer answer is 20,000 Chinese
// characters (the server's limit), changes only its status in the browser and saves; the API then
// returns the answer byte for byte, and the PATCH the client sent named only the status. The
// same for a release whose notes and FAQ are 20,000 characters each, where only the name changes.
// Usage: node long_text.mjs <shipboard-server> <web dir>
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clickMark, fail, launch, openAs, sleep, startServer, state, until } from './lib.mjs';

const [serverBin, webDir] = process.argv.slice(2);
const log = (m) => console.log(`[long_text] ${m}`);
const LIMIT = 20000;

// 20,000 code points of Traditional Chinese text (3 bytes each in UTF-8), with a few
// punctuation marks and no two neighbouring windows alike, so a cut anywhere shows.
function longChinese(seed) {
  const chars = '直播功能預計於下一版本上線客戶可在後台開啟錄影與回放並匯出報表，。';
  let out = '';
  for (let i = 0; out.length < LIMIT; ++i) out += chars[(i * 7 + seed + Math.floor(i / 31)) % chars.length];
  return out;
}

// The JSON bodies of the PATCHes the page sends to `path`.
function watchPatches(page, path) {
  const bodies = [];
  page.on('request', (r) => {
    if (r.method() === 'PATCH' && new URL(r.url()).pathname === path) bodies.push(JSON.parse(r.postData() || '{}'));
  });
  return bodies;
}

// Turns the mouse wheel over the page until the widget marked `name` is on screen. One notch per
// drawn frame (a 20,000-character answer makes frames slow under load, and notches sent faster
// only queue up), until a deadline rather than a count of notches.
async function scrollToMark(page, name, timeoutMs = 90_000) {
  const view = page.viewportSize();
  await page.mouse.move(view.width / 4, view.height / 2);  // inside the item's left column
  const deadline = Date.now() + timeoutMs;
  let notches = 0;
  let drawn = -1;
  let last = 0;
  while (Date.now() < deadline) {
    const s = await state(page);
    if (s.marks && s.marks[name]) return;
    if (s.frames.drawn !== drawn || Date.now() - last > 1000) {
      drawn = s.frames.drawn;
      last = Date.now();
      await page.mouse.wheel(0, 400);
      ++notches;
    }
    await sleep(100);
  }
  fail(`scrolled ${notches} notches in ${timeoutMs / 1000} s without reaching ${name}`);
}

async function apiPatch(ctx, csrf, path, data) {
  const now = await (await ctx.request.get(path)).json();
  const r = await ctx.request.patch(path, { data, headers: { 'If-Match': `"${now.version}"`, 'X-CSRF-Token': csrf } });
  if (r.status() !== 200) fail(`PATCH ${path} -> ${r.status()}: ${(await r.text()).slice(0, 300)}`);
  return r.json();
}

async function main() {
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-long-'));
  const server = await startServer(serverBin, webDir, tmp);
  const browser = await launch();
  try {
    const pm = await openAs(browser, server.base, 'chen.pm', { path: '/#/items/1' });
    const answer = longChinese(3);
    if ([...answer].length !== LIMIT) fail('the test text is not 20,000 code points');
    const set = await apiPatch(pm.context, pm.csrf, '/api/v1/items/1', { customer_answer: answer });
    if (set.customer_answer !== answer) fail('the server did not keep the 20,000-character answer');

    // The page loads the item with the long answer, the PM changes the status only and saves.
    await pm.page.reload({ waitUntil: 'load' });
    let st = await until(pm.page, 'the item page with the long answer', (s) =>
      s.view === 'item' && s.selected && s.selected.id === 1 && s.selected.version === set.version);
    const patches = watchPatches(pm.page, '/api/v1/items/1');
    const target = st.selected.status === 'beta' ? 'planned' : 'beta';
    // The long answer pushes the PM's form below the window: scroll to it, as a person would.
    await scrollToMark(pm.page, 'edit_status');
    await clickMark(pm.page, 'edit_status');
    await clickMark(pm.page, `status:${target}`);
    await scrollToMark(pm.page, 'save');
    await clickMark(pm.page, 'save');
    st = await until(pm.page, `status ${target} saved`, (s) => s.selected && s.selected.status === target);
    const item = await (await pm.context.request.get('/api/v1/items/1')).json();
    if (item.status !== target) fail(`the API has status ${item.status}, expected ${target}`);
    if (item.customer_answer !== answer) {
      fail(`the answer came back changed: ${[...item.customer_answer].length} code points, ` +
           `${Buffer.byteLength(item.customer_answer)} bytes (sent ${Buffer.byteLength(answer)})`);
    }
    if (patches.length !== 1 || JSON.stringify(Object.keys(patches[0])) !== '["status"]') {
      fail(`the client sent ${JSON.stringify(patches.map((b) => Object.keys(b)))}, expected one PATCH of ["status"]`);
    }
    log(`item: status ${target} saved from the browser; the 20,000-character answer (${Buffer.byteLength(answer)} bytes) is intact`);

    // A release with 20,000-character notes and FAQ: the PM renames it in the browser.
    const notes = longChinese(5);
    const faq = longChinese(11);
    const rel = await apiPatch(pm.context, pm.csrf, '/api/v1/releases/1', { notes, faq });
    await pm.page.evaluate(() => { location.hash = '#/releases/1'; });
    await until(pm.page, 'the release page', (s) => s.rendered.hash === '#/releases/1' && s.rendered.ready);
    const relPatches = watchPatches(pm.page, '/api/v1/releases/1');
    await clickMark(pm.page, 'release_edit');
    await until(pm.page, 'the release form', (s) => s.release_edit.id === 1);
    await clickMark(pm.page, 'release_name');
    await pm.page.keyboard.press('End');
    await pm.page.keyboard.type(' GA');
    await clickMark(pm.page, 'release_save');
    await until(pm.page, 'the release saved', (s) => s.release_edit.id === 0 && !s.release_edit.saving);
    const relNow = await (await pm.context.request.get('/api/v1/releases/1')).json();
    if (relNow.name !== `${rel.name} GA`) fail(`release name is '${relNow.name}', expected '${rel.name} GA'`);
    if (relNow.notes !== notes) fail(`the release notes came back changed (${[...relNow.notes].length} code points)`);
    if (relNow.faq !== faq) fail(`the release FAQ came back changed (${[...relNow.faq].length} code points)`);
    if (relPatches.length !== 1 || JSON.stringify(Object.keys(relPatches[0])) !== '["name"]') {
      fail(`the client sent ${JSON.stringify(relPatches.map((b) => Object.keys(b)))}, expected one PATCH of ["name"]`);
    }
    log('release: renamed from the browser; 20,000-character notes and FAQ intact');
    if (pm.problems.length) fail(`page problems:\n${pm.problems.join('\n')}`);
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().then(() => log('passed'), (e) => { console.error(`[long_text] FAILED: ${e.stack || e.message}`); process.exit(1); });
