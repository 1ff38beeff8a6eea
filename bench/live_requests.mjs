// What one PM change costs the other browsers, and how much of the sales home the mirror reads
// (issue 12): sales browsers on the home (search) view, the item page and the board; the PM
// changes the item's status through the API; we count the API requests each sales browser
// sends in the 3 s after it, and the nodes of the accessibility mirror (#a11y) on the home.
// Usage: node bench/live_requests.mjs SERVER_BIN WEB_DIR   (not part of `make test`)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const lib = await import(new URL('../tests/e2e/lib.mjs', import.meta.url));
const { startServer, launch, openAs, sleep, fail, until } = lib;

const [serverBin, webDir] = process.argv.slice(2);
if (!serverBin || !webDir) fail('usage: live_requests.mjs SERVER_BIN WEB_DIR');
const tmp = mkdtempSync(join(tmpdir(), 'sb-live-'));
const server = await startServer(serverBin, webDir, tmp);
const browser = await launch();
try {
  const home = await openAs(browser, server.base, 'lin.sales', { path: '/#/search' });
  const itemPage = await openAs(browser, server.base, 'lin.sales', { path: '/#/items/1' });
  const boardPage = await openAs(browser, server.base, 'lin.sales', { path: '/#/board' });
  const pm = await openAs(browser, server.base, 'chen.pm', { path: '/#/board' });
  await sleep(2500);  // let both settle (early requests, glyphs, team, follow state)
  const items = await (await home.context.request.get('/api/v1/items?limit=500')).json();
  const count = (items.items || items).length;
  const mirrorNodes = await home.page.evaluate(() => document.querySelectorAll('#a11y *').length);
  const mirrorTop = await home.page.evaluate(() => window.shipboard.a11y);

  const seen = { home: [], item: [], board: [] };
  home.page.on('request', (r) => { if (r.url().includes('/api/') && !r.url().includes('/api/v1/events')) seen.home.push(`${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`); });
  itemPage.page.on('request', (r) => { if (r.url().includes('/api/') && !r.url().includes('/api/v1/events')) seen.item.push(`${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`); });

  boardPage.page.on('request', (r) => { if (r.url().includes('/api/') && !r.url().includes('/api/v1/events')) seen.board.push(`${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`); });
  const cur = await (await pm.context.request.get('/api/v1/items/1')).json();
  const next = cur.status === 'in_progress' ? 'planned' : 'in_progress';
  const r = await pm.context.request.patch('/api/v1/items/1', {
    data: { status: next }, headers: { 'If-Match': `"${cur.version}"`, 'X-CSRF-Token': pm.csrf } });
  if (r.status() !== 200) fail(`PATCH -> ${r.status()}: ${await r.text()}`);
  await sleep(3000);
  const st = await lib.state(itemPage.page);
  console.log(JSON.stringify({
    demo_items: count, mirror_nodes_sales_home: mirrorNodes, mirror_widgets_sales_home: mirrorTop,
    status_change: `${cur.status} -> ${next}`,
    requests_home: seen.home.length, requests_item_page: seen.item.length, requests_board: seen.board.length,
    home: seen.home, item_page: seen.item, board: seen.board, live_events: st && st.live,
  }, null, 1));
} finally {
  await browser.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
