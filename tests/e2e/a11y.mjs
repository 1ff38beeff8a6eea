// The accessibility mirror in a real Chromium: widgets the canvas draws are found by role and
// name through the DOM mirror (page.getByRole), activated the ways assistive technology and
// keyboards do (element.click(), Enter on a focused element, Tab between them), and axe-core
// (node_modules/axe-core/axe.min.js) finds no violation on the main views, tables included.
// Usage: node a11y.mjs <shipboard-server> <build/wasm/web>  (CTest browser_a11y)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, launch, openAs, sleep, state, startServer, until } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const artifacts = join(here, 'artifacts');
const AXE = join(here, 'node_modules', 'axe-core', 'axe.min.js');
const log = (m) => console.log(`[a11y] ${m}`);

// axe-core on the whole page; any violation (of any impact) fails the test.
async function axe(page, label, report) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const v = result.violations.map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.length, help: x.help,
                                             targets: x.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  report[label] = v;
  log(`axe ${label}: ${v.length} violations (${v.map((x) => `${x.id}:${x.impact}`).join(', ') || 'none'})`);
  if (v.length) fail(`axe ${label}: violations ${JSON.stringify(v)}`);
}

async function main() {
  await mkdir(artifacts, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-a11y-'));
  const server = await startServer(serverBin, webDir, tmp);
  const browser = await launch();
  const report = {};
  try {
    const pm = await openAs(browser, server.base, 'chen.pm', { path: '/?lang=en#/board', bypassCSP: true });
    const page = pm.page;
    await until(page, 'board rendered', (s) => s.rendered.ready && s.a11y > 10);
    const mirrored = await page.evaluate(() => document.querySelectorAll('#a11y > *').length);
    log(`mirror has ${mirrored} elements on the board`);

    // By role and name: the top bar's links, the board's filters, headings.
    await page.getByRole('heading', { name: 'Items' }).waitFor({ state: 'attached' });
    const releases = page.getByRole('link', { name: 'Releases' });
    await releases.waitFor({ state: 'attached' });
    await releases.evaluate((el) => el.click());  // what a screen reader's "activate" does
    await until(page, 'releases view', (s) => s.view === 'releases' && s.rendered.ready);
    log('link "Releases" activated through the mirror');

    // Keyboard: focus a mirror element, Enter activates; Tab moves to the next one.
    const board = page.getByRole('link', { name: 'Board' });
    await board.focus();
    await page.keyboard.press('Enter');
    await until(page, 'board view by Enter', (s) => s.view === 'board' && s.rendered.ready);
    log('Enter on the focused "Board" link opened the board');
    await page.getByRole('link', { name: 'Search' }).focus();
    const before = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    await page.keyboard.press('Tab');
    const after = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    if (before === after || !after) fail(`Tab did not move through the mirror (${before} -> ${after})`);
    log(`Tab moved focus "${before}" -> "${after}"`);

    // A checkbox with its state: "My customers only" filters on the server (mine=1).
    const mine = page.getByRole('checkbox', { name: 'My customers only' });
    if ((await mine.getAttribute('aria-checked')) !== 'false') fail('checkbox should start unchecked');
    await mine.evaluate((el) => el.click());
    await until(page, 'mine=1', (s) => s.board.query.includes('mine=1'));
    await page.waitForFunction(() => {
      const el = [...document.querySelectorAll('#a11y [role=checkbox]')].find((e) => e.getAttribute('aria-label') === 'My customers only');
      return el && el.getAttribute('aria-checked') === 'true';
    }, null, { timeout: 10_000 });
    log('checkbox "My customers only" checked through the mirror; aria-checked follows');
    await mine.evaluate((el) => el.click());  // and back: the board table below lists every item
    await until(page, 'mine off', (s) => !s.board.query.includes('mine=1') && s.board.loaded);

    // A combobox reports aria-expanded; the language menu is one.
    const lang = page.getByRole('combobox', { name: 'Language' });
    if ((await lang.getAttribute('aria-expanded')) !== 'false') fail('language combobox should be collapsed');

    // A text box: activating it gives Dear ImGui's field the keyboard (the IME textarea).
    await page.evaluate(() => { location.hash = '#/search'; });
    await until(page, 'search', (s) => s.view === 'search' && s.rendered.ready);
    const box = page.getByRole('textbox', { name: /Search/ });
    await box.waitFor({ state: 'attached' });
    await box.evaluate((el) => el.click());
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime', null, { timeout: 10_000 });
    await page.keyboard.type('SSO', { delay: 30 });
    await until(page, 'typed query', (s) => s.query === 'SSO');
    log('search text box activated through the mirror and typed into');

    // axe-core on the main views.
    // The views with tables (search results, board kanban and table, releases, customers and a
    // customer's requests, the PM's queue, an item's fields and requests) are mirrored as
    // table > row > columnheader / cell: axe checks that ARIA too.
    for (const hash of ['#/search', '#/board', '#/releases', '#/releases/2', '#/customers', '#/insights',
                        '#/notifications', '#/queue', '#/items/1']) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await until(page, `${hash} rendered`, (s) => s.rendered.hash === hash && s.rendered.ready);
      await sleep(300);
      await axe(page, hash, report);
      if (hash === '#/board') {
        await page.getByRole('button', { name: 'Table', exact: true }).evaluate((el) => el.click());
        await until(page, 'the board table', (s) => !s.board.kanban);
        await page.getByRole('table', { name: 'Items' }).waitFor({ state: 'attached' });
        await sleep(300);
        await axe(page, '#/board (table)', report);
        await page.getByRole('button', { name: 'Columns', exact: true }).evaluate((el) => el.click());
        await until(page, 'the kanban again', (s) => s.board.kanban);
      }
      if (hash === '#/customers') {  // a customer's requests: another table
        const st = await state(page);
        const first = Object.keys(st.marks).find((k) => k.startsWith('customer_row:'));
        await page.getByRole('table', { name: 'Customers' }).getByRole('button').first().evaluate((el) => el.click());
        await until(page, 'a customer open', (s) => s.customers.open !== 0 && s.customers.requests >= 0);
        await sleep(500);
        await axe(page, `#/customers (${first} open)`, report);
      }
    }

    const admin = await openAs(browser, server.base, 'admin', { path: '/?lang=zh-Hant#/admin', bypassCSP: true });
    await until(admin.page, 'admin rendered', (s) => s.view === 'admin' && s.rendered.ready);
    await sleep(300);
    await admin.page.getByRole('link', { name: '管理' }).waitFor({ state: 'attached' });
    await axe(admin.page, '#/admin (zh-Hant)', report);
    // Admin through the mirror: an embed token, and the snippet to paste into an intranet page.
    const label = admin.page.getByRole('textbox', { name: /^用途/ }).first();
    await label.evaluate((el) => el.click());
    await admin.page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');
    await admin.page.keyboard.type('wiki', { delay: 30 });
    await admin.page.getByRole('button', { name: '建立內嵌權杖' }).evaluate((el) => el.click());
    const origin = new URL(server.base).origin;
    // A loaded machine (CI runs two browser suites at once) can take a while to answer.
    const st = await until(admin.page, 'embed snippet', (s) => s.admin.snippet !== '', 90_000);
    const want = new RegExp(`^<script src="${origin}/embed\\.js" async></script><div data-shipboard="items/\\d+" data-token="[^"]+"></div>$`);
    if (!want.test(st.admin.snippet)) fail(`unexpected snippet: ${st.admin.snippet}`);
    const tokens = await (await admin.context.request.get('/api/v1/embed-tokens')).json();
    if (!tokens.items.some((t) => t.label === 'wiki')) fail('the embed token was not created');
    report.snippet = st.admin.snippet.replace(/data-token="[^"]+"/, 'data-token="…"');
    log(`embed token created through the mirror; snippet ${report.snippet}`);
    for (const who of [pm, admin]) {
      if (who.problems.length) fail(`the page reported problems:\n  ${who.problems.join('\n  ')}`);
    }
    report.mirrored = mirrored;
    await writeFile(join(artifacts, 'a11y.json'), JSON.stringify(report, null, 2));
    log('PASS');
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`[a11y] FAIL: ${e.message}`); process.exit(1); });
