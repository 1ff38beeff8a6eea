// Every view in each of the three languages: for zh-Hant, zh-Hans and en (?lang=), visits
// #/search, #/board (columns and table), #/items/1, #/queue, #/releases, #/releases/2,
// #/customers, #/insights, #/notifications and #/admin as the role that sees it, waits until
// window.shipboard.state().rendered says the view drew its data, and saves a screenshot per
// view per language in artifacts/views-<lang>-<view>.png. Then a 400 px wide window and the
// light theme. Usage: node views.mjs <shipboard-server> <build/wasm/web>
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, launch, openAs, sleep, startServer, state, until } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const artifacts = join(here, 'artifacts');
const LANGS = ['zh-Hant', 'zh-Hans', 'en'];
// hash, expected view name, file name
const VIEWS = [
  ['#/search', 'search', 'search'], ['#/board', 'board', 'board'], ['#/items/1', 'item', 'item'],
  ['#/queue', 'queue', 'queue'], ['#/releases', 'releases', 'releases'],
  ['#/releases/2', 'release', 'release'], ['#/customers', 'customers', 'customers'],
  ['#/insights', 'insights', 'insights'], ['#/notifications', 'notifications', 'notifications'],
  ['#/admin', 'admin', 'admin'],
];
const log = (m) => console.log(`[views] ${m}`);

async function show(page, hash, view) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  const s = await until(page, `${hash} rendered`, (st) => st.view === view && st.rendered.hash === hash && st.rendered.ready);
  await sleep(400);  // glyphs for new text, hover states settle
  return s;
}

async function main() {
  await mkdir(artifacts, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-views-'));
  const server = await startServer(serverBin, webDir, tmp);
  const browser = await launch();
  const timings = {};
  try {
    for (const lang of LANGS) {
      // An admin sees every view but the PM question queue; a PM sees the queue.
      const admin = await openAs(browser, server.base, 'admin', { path: `/?lang=${lang}#/search` });
      const pm = await openAs(browser, server.base, 'chen.pm', { path: `/?lang=${lang}#/board` });
      for (const [hash, view, file] of VIEWS) {
        const who = view === 'queue' ? pm : admin;
        await who.page.bringToFront();
        const t0 = Date.now();
        const s = await show(who.page, hash, view);
        timings[`${lang} ${file}`] = Date.now() - t0;
        if (s.lang !== lang) fail(`${hash}: language is ${s.lang}, expected ${lang}`);
        await who.page.screenshot({ path: join(artifacts, `views-${lang}-${file}.png`) });
        if (view === 'board') {  // the table as well
          const r = s.marks['board:table'];
          await who.page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
          await until(who.page, 'board table', (st) => st.board.kanban === false);
          await sleep(400);
          await who.page.screenshot({ path: join(artifacts, `views-${lang}-board-table.png`) });
          const k = (await state(who.page)).marks['board:kanban'];
          await who.page.mouse.click(k.x + k.w / 2, k.y + k.h / 2);
        }
        log(`${lang} ${hash}: rendered (${s.a11y} mirrored widgets) in ${timings[`${lang} ${file}`]} ms`);
      }
      for (const who of [admin, pm]) {
        if (who.problems.length) fail(`${lang}: the page reported problems:\n  ${who.problems.join('\n  ')}`);
        await who.context.close();
      }
    }
    // Notifications: a PM moves an ETA; lin.sales (whose customer asked) sees it unread, with
    // the count on the tab, and marks all read.
    const sales = await openAs(browser, server.base, 'lin.sales', { path: '/?lang=zh-Hant#/notifications' });
    const pmApi = await openAs(browser, server.base, 'chen.pm', { path: '/?lang=en#/board' });
    const item = await (await pmApi.context.request.get('/api/v1/items/2')).json();
    const patch = await pmApi.context.request.patch('/api/v1/items/2', {
      data: { eta: '2027-03-15' }, headers: { 'If-Match': `"${item.version}"`, 'X-CSRF-Token': pmApi.csrf } });
    if (patch.status() !== 200) fail(`PATCH item 2 -> ${patch.status()}`);
    await pmApi.context.close();
    await sales.page.bringToFront();
    let n = await until(sales.page, 'an unread notification', (st) => st.notifications.unread >= 1 && st.rendered.ready);
    await sleep(300);
    await sales.page.screenshot({ path: join(artifacts, 'views-notifications-unread.png') });
    const m = n.marks.mark_all_read;
    await sales.page.mouse.click(m.x + m.w / 2, m.y + m.h / 2);
    n = await until(sales.page, 'all read', (st) => st.notifications.unread === 0);
    log(`notifications: ${n.notifications.count} shown, marked all read`);
    await sales.context.close();

    // A 400 px wide window (the views menu instead of tabs) and the light theme.
    const narrow = await openAs(browser, server.base, 'chen.pm',
                                { path: '/?lang=zh-Hant#/board', viewport: { width: 400, height: 800 } });
    let s = await show(narrow.page, '#/board', 'board');
    if (!s.marks['nav:menu']) fail('400 px: expected the views menu');
    await narrow.page.screenshot({ path: join(artifacts, 'views-narrow-board.png') });
    for (const [hash, view, file] of [['#/releases/2', 'release', 'release'], ['#/releases', 'releases', 'releases'],
                                      ['#/customers', 'customers', 'customers'], ['#/insights', 'insights', 'insights'],
                                      ['#/queue', 'queue', 'queue']]) {
      await show(narrow.page, hash, view);
      await narrow.page.screenshot({ path: join(artifacts, `views-narrow-${file}.png`) });
    }
    const t = s.marks.theme;
    await narrow.page.mouse.click(t.x + t.w / 2, t.y + t.h / 2);
    s = await until(narrow.page, 'light theme', (st) => st.theme === 'light');
    const stored = await narrow.page.evaluate(() => localStorage.getItem('shipboard.theme'));
    if (stored !== 'light') fail(`theme not remembered: localStorage has ${stored}`);
    await sleep(400);
    await narrow.page.screenshot({ path: join(artifacts, 'views-narrow-light.png') });
    await narrow.page.reload({ waitUntil: 'load' });
    s = await until(narrow.page, 'theme after reload', (st) => st.screen === 'signed_in');
    if (s.theme !== 'light') fail('the light theme was not restored after a reload');
    await narrow.context.close();
    await writeFile(join(artifacts, 'views.json'), JSON.stringify({ timings }, null, 2));
    log('PASS');
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`[views] FAIL: ${e.message}`); process.exit(1); });
