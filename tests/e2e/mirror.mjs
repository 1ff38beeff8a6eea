// The accessibility mirror reads what a sighted user reads (issue 12, part 3), in a real
// Chromium through Playwright's role queries, as a screen reader user would: the sales home's
// results and the board table are table > row > columnheader / cell with each cell's text
// (status, release, ETA, commitment, the customer answer, the stale mark); a PM's changes
// through the API reach the cells live, without a reload; the copy button names its item and
// opens a menu whose menuitems work by element.click() and by keyboard (arrows, Enter,
// Escape); element.focus() on a text box makes the Dear ImGui field active; axe-core finds no
// violation with the menu open. Usage: node mirror.mjs <shipboard-server> <build/wasm/web>
// (CTest browser_mirror)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, launch, openAs, startServer, until } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const artifacts = join(here, 'artifacts');
const AXE = join(here, 'node_modules', 'axe-core', 'axe.min.js');
const log = (m) => console.log(`[mirror] ${m}`);
const STATUS = { under_review: 'Under review', planned: 'Planned', in_progress: 'In progress',
                 beta: 'Beta', shipped: 'Shipped', declined: 'Declined' };
const COMMITMENT = { committed: 'Committed', tentative: 'Tentative', none: 'None' };
const WAIT = { timeout: 20_000 };

async function axe(page, label, report) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const v = result.violations.map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.length, help: x.help,
                                             targets: x.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  report[label] = v;
  log(`axe ${label}: ${v.length} violations${v.length ? ' ' + JSON.stringify(v) : ''}`);
  if (v.length) fail(`axe ${label}: ${JSON.stringify(v)}`);
}

// The texts of a row's cells as the accessibility tree names them (buttons by their names).
async function cellNames(row) {
  return row.locator(':scope > [role=cell], :scope > [role=columnheader]').evaluateAll((cells) => cells.map((c) =>
    [...c.querySelectorAll('*')].filter((e) => !e.children.length)
      .map((e) => e.getAttribute('aria-label') || e.textContent).join(' ')));
}

// PATCH an item as the PM through the API (If-Match from a fresh GET).
async function patchItem(pm, id, data) {
  const cur = await (await pm.context.request.get(`/api/v1/items/${id}`)).json();
  const r = await pm.context.request.patch(`/api/v1/items/${id}`, {
    data, headers: { 'If-Match': `"${cur.version}"`, 'X-CSRF-Token': pm.csrf } });
  if (r.status() !== 200) fail(`PATCH ${JSON.stringify(data)} -> ${r.status()}: ${await r.text()}`);
  return r.json();
}

async function main() {
  await mkdir(artifacts, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-mirror-'));
  const server = await startServer(serverBin, webDir, tmp);
  const browser = await launch();
  const report = {};
  try {
    const sales = await openAs(browser, server.base, 'lin.sales', { path: '/?lang=en#/search', bypassCSP: true });
    const page = sales.page;
    await sales.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    let s = await until(page, 'the sales home', (st) => st.view === 'search' && st.rendered.ready && st.results.length > 0);
    await page.evaluate(() => { window.__sameDocument = true; });  // gone if the page reloads
    const item = s.results.find((r) => r.id === 1);
    if (!item) fail('item 1 is not among the results');

    // 1. The results are a table: a header row of columnheaders, a row per result.
    const table = page.getByRole('table', { name: 'Search results' });
    await table.waitFor({ state: 'attached', ...WAIT });
    const headers = await table.getByRole('columnheader').allTextContents();
    const wantHeaders = ['Title', 'Status', 'Release', 'ETA', 'Commitment', 'Customer answer'];
    if (JSON.stringify(headers) !== JSON.stringify(wantHeaders)) fail(`columnheaders ${JSON.stringify(headers)}`);
    if (await table.getAttribute('aria-rowcount') !== String(s.results.length + 1)) {
      fail(`aria-rowcount ${await table.getAttribute('aria-rowcount')} for ${s.results.length} results`);
    }
    const title = page.getByRole('button', { name: item.title, exact: true });
    const row = table.getByRole('row').filter({ has: title });
    await row.waitFor({ state: 'attached', ...WAIT });
    const copyName = `Copy the customer answer for “${item.title}”`;
    const cells = await cellNames(row);
    log(`row of #1: ${JSON.stringify(cells)}`);
    const want = [STATUS[item.status], item.release, item.eta || '—', COMMITMENT[item.commitment]];
    for (let i = 0; i < want.length; ++i) {
      if (cells[i + 1] !== want[i]) fail(`cell ${i + 1} of #1 is '${cells[i + 1]}', expected '${want[i]}'`);
    }
    if (!cells[0].startsWith(item.title)) fail(`title cell '${cells[0]}'`);
    if (cells[5] !== `${copyName} ${item.customer_answer}`) fail(`answer cell '${cells[5]}'`);
    for (const name of want) await row.getByRole('cell', { name }).first().waitFor({ state: 'attached' });
    await row.getByRole('cell', { name: item.customer_answer }).waitFor({ state: 'attached' });
    report.row = cells;
    log('results: table > row > columnheader / cell, #1 reads status, release, ETA, commitment, answer');

    // The copy button sits where the canvas draws it (its outline lines up), inside the cell.
    const copy = page.getByRole('button', { name: copyName });
    if (await copy.getAttribute('aria-haspopup') !== 'menu') fail('the copy button does not say it opens a menu');
    const box = await copy.boundingBox();
    const mark = s.marks['copy:1'];
    if (!box || !mark || Math.abs(box.x - mark.x) > 1 || Math.abs(box.y - mark.y) > 1 ||
        Math.abs(box.width - mark.w) > 1 || Math.abs(box.height - mark.h) > 1) {
      fail(`copy button at ${JSON.stringify(box)}, drawn at ${JSON.stringify(mark)}`);
    }

    // 2. Live, no reload: a status change marks the answer stale; a new answer replaces it.
    const pm = await openAs(browser, server.base, 'chen.pm', { path: '/?lang=en#/board' });
    const next = item.status === 'in_progress' ? 'beta' : 'in_progress';
    await patchItem(pm, 1, { status: next });
    await row.getByRole('cell', { name: STATUS[next], exact: true }).waitFor({ state: 'attached', ...WAIT });
    const afterStatus = await (await pm.context.request.get('/api/v1/items/1')).json();
    if (afterStatus.answer_stale) {
      await row.getByRole('cell', { name: '(stale)' }).waitFor({ state: 'attached', ...WAIT });
      log('live: the status change reached its cell and the stale mark its answer cell');
    }
    const answer = `Live streaming enters beta in ${Date.now() % 1000} customers' regions first (mirror test).`;
    const t0 = Date.now();
    await patchItem(pm, 1, { customer_answer: answer });
    await page.getByRole('cell', { name: answer }).waitFor({ state: 'attached', ...WAIT });
    await page.getByText(answer, { exact: true }).waitFor({ state: 'attached', ...WAIT });
    report.liveAnswerMs = Date.now() - t0;
    if (!(await page.evaluate(() => window.__sameDocument === true))) fail('the page reloaded');
    const newCells = await cellNames(row);
    if (newCells[5] !== `${copyName} ${answer}`) fail(`answer cell after the change '${newCells[5]}'`);
    log(`live: the new customer answer is readable in its cell ${report.liveAnswerMs} ms after the PATCH, no reload`);

    // 3. The copy menu by element.click(): the keyboard moves into it, a menuitem copies.
    await copy.evaluate((el) => el.click());
    const menu = page.getByRole('menu', { name: 'Copy the answer for which customer?' });
    await menu.waitFor({ state: 'attached', ...WAIT });
    const items = menu.getByRole('menuitem');
    await until(page, 'the customers in the menu', (st) => st.copy.customers > 0);
    await page.waitForFunction(() => document.querySelectorAll('#a11y [role=menu] [role=menuitem]').length >= 2, null, WAIT);
    const names = await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    log(`menu: ${JSON.stringify(names)}`);
    await page.waitForFunction(() => document.activeElement && document.activeElement.getAttribute('role') === 'menuitem', null, WAIT);
    await axe(page, 'sales home with the copy menu open', report);
    const customers = await (await sales.context.request.get('/api/v1/customers?mine=1')).json();
    const first = customers.items[0];
    await menu.getByRole('menuitem', { name: first.name, exact: true }).evaluate((el) => el.click());
    s = await until(page, 'the told record', (st) => st.copy.told && st.copy.customer_id === first.id);
    if (s.copy.text !== answer) fail(`copied '${s.copy.text}'`);
    await menu.waitFor({ state: 'detached', ...WAIT });
    const told = await (await sales.context.request.get('/api/v1/told')).json();
    if (!told.items.some((t) => t.item_id === 1 && t.customer_id === first.id)) fail('no told record for the menuitem');
    log(`menuitem "${first.name}" by element.click(): answer copied, told recorded, menu closed`);

    // 4. The same by keyboard: Enter opens it, arrows move, Escape closes and gives focus back.
    await copy.focus();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'attached', ...WAIT });
    await page.waitForFunction(() => document.activeElement && document.activeElement.getAttribute('role') === 'menuitem', null, WAIT);
    const focused = () => page.evaluate(() => document.activeElement && document.activeElement.getAttribute('aria-label'));
    const firstFocused = await focused();
    await page.keyboard.press('ArrowDown');
    const secondFocused = await focused();
    if (!secondFocused || secondFocused === firstFocused) fail(`ArrowDown left focus on '${secondFocused}'`);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached', ...WAIT });
    await page.waitForFunction((n) => document.activeElement && document.activeElement.getAttribute('aria-label') === n, copyName, WAIT);
    log(`keyboard: Enter opened the menu on '${firstFocused}', ArrowDown moved to '${secondFocused}', Escape closed it, focus back on the copy button`);
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'attached', ...WAIT });
    await page.waitForFunction(() => document.activeElement && document.activeElement.getAttribute('role') === 'menuitem', null, WAIT);
    await page.keyboard.press('End');
    if (await focused() !== 'Copy without recording') fail(`End focused '${await focused()}'`);
    const toldBefore = told.items.length;
    await page.evaluate(() => navigator.clipboard.writeText('-'));
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached', ...WAIT });
    await page.waitForFunction(async (a) => (await navigator.clipboard.readText()) === a, answer, WAIT);
    const toldAfter = await (await sales.context.request.get('/api/v1/told')).json();
    if (toldAfter.items.length !== toldBefore) fail('"Copy without recording" recorded a told');
    await page.waitForFunction((n) => document.activeElement && document.activeElement.getAttribute('aria-label') === n, copyName, WAIT);
    log('keyboard: End + Enter copied without recording; focus back on the copy button');

    // 5. element.focus() on a text box makes the ImGui field active: what is typed lands there.
    const search = page.getByRole('textbox', { name: /^Search/ });
    await search.evaluate((el) => el.focus());
    await until(page, 'the search field active', (st) => st.text_input);
    await page.keyboard.type('SSO', { delay: 20 });
    s = await until(page, 'typed into the focused field', (st) => st.query === 'SSO');
    log(`focus() on the search text box: the field is active, typed '${s.query}' (${s.results.length} results)`);
    await page.keyboard.press('Escape');

    // 6. The board table: columnheaders (sortable ones hold a button, with aria-sort), cells.
    const boardPage = pm.page;
    await boardPage.bringToFront();  // a page behind another gets no animation frames
    await until(boardPage, 'the board', (st) => st.view === 'board' && st.rendered.ready);
    await boardPage.getByRole('button', { name: 'Table', exact: true }).evaluate((el) => el.click());
    await until(boardPage, 'the board table', (st) => !st.board.kanban);
    const items2 = boardPage.getByRole('table', { name: 'Items' });
    await items2.waitFor({ state: 'attached', ...WAIT });
    const boardHeaders = await items2.getByRole('columnheader').evaluateAll((els) => els.map((e) =>
      (e.querySelector('button') ? e.querySelector('button').getAttribute('aria-label') : e.textContent) +
      (e.getAttribute('aria-sort') ? `:${e.getAttribute('aria-sort')}` : '')));
    log(`board columnheaders: ${JSON.stringify(boardHeaders)}`);
    if (!boardHeaders.includes('Demand:descending')) fail('the Demand column should be sorted descending');
    const boardItem = await (await pm.context.request.get('/api/v1/items/1')).json();
    const boardRow = items2.getByRole('row').filter({ has: boardPage.getByRole('button', { name: boardItem.title, exact: true }) });
    await boardRow.waitFor({ state: 'attached', ...WAIT });
    const boardCells = await cellNames(boardRow);
    log(`board row of #1: ${JSON.stringify(boardCells)}`);
    if (boardCells[1] !== STATUS[boardItem.status]) fail(`board status cell '${boardCells[1]}'`);
    if (!boardCells[7].endsWith(answer)) fail(`board answer cell '${boardCells[7]}'`);
    await boardPage.getByRole('columnheader', { name: 'ETA' }).getByRole('button').evaluate((el) => el.click());
    await until(boardPage, 'sorted by ETA', (st) => st.board.query.includes('sort=eta'));
    await boardPage.waitForFunction(() => [...document.querySelectorAll('#a11y [role=columnheader]')]
      .some((e) => e.getAttribute('aria-sort') === 'ascending' && e.textContent === '' && e.querySelector('button[aria-label=ETA]')), null, WAIT);
    log('board table: sorting by the ETA header button through the mirror, aria-sort follows');

    for (const who of [sales, pm]) {
      if (who.problems.length) fail(`the page reported problems:\n  ${who.problems.join('\n  ')}`);
    }
    report.mirror_nodes = await page.evaluate(() => document.querySelectorAll('#a11y *').length);
    await writeFile(join(artifacts, 'mirror.json'), JSON.stringify(report, null, 2));
    log('PASS');
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`[mirror] FAIL: ${e.message}`); process.exit(1); });
