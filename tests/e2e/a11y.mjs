// The accessibility mirror in a real Chromium: widgets the canvas draws are found by role and
// name through the DOM mirror (page.getByRole), activated the ways assistive technology and
// keyboards do (element.click(), Enter on a focused element, Tab between them), and axe-core
// (node_modules/axe-core/axe.min.js) finds no critical violation on the main views.
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

// axe-core on the whole page; returns the violations (critical ones fail the test).
async function axe(page, label, report) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const v = result.violations.map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.length, help: x.help }));
  report[label] = v;
  const critical = v.filter((x) => x.impact === 'critical');
  log(`axe ${label}: ${v.length} violations (${v.map((x) => `${x.id}:${x.impact}`).join(', ') || 'none'})`);
  if (critical.length) fail(`axe ${label}: critical violations ${JSON.stringify(critical)}`);
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
    for (const hash of ['#/search', '#/board', '#/releases', '#/releases/2', '#/customers', '#/insights', '#/notifications']) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await until(page, `${hash} rendered`, (s) => s.rendered.hash === hash && s.rendered.ready);
      await sleep(300);
      await axe(page, hash, report);
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
    const st = await until(admin.page, 'embed snippet', (s) => s.admin.snippet !== '');
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
