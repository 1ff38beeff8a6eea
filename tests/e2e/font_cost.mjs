// Measurement tool (not a CTest): what a cold load costs with the canvas font loader (the
// default: the browser draws glyphs, no font file) versus a Debian CJK font file loaded with
// `?font=<url>&fontno=<face>` (Dear ImGui's stb_truetype rasterises from it). For each mode,
// fresh browser contexts (empty HTTP cache) load /#/search in zh-Hant as lin.sales; reported:
// bytes transferred (all resources, from Resource Timing) and the first data frame time.
// Usage: node font_cost.mjs <shipboard-server> <web dir that also holds fonts/*> [runs]
//   FONT_COST_MBPS=20: throttle the page's network to 20 Mbit/s (CDP) instead of loopback
//   modes: canvas; each fonts/<file> in the web dir, as `?font=/fonts/<file>&fontno=3` (.ttc: TC)
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, startServer, PASSWORD, fail } from './lib.mjs';

const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const runs = Number(process.argv[4] || 3);
const mbps = Number(process.env.FONT_COST_MBPS || 0);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

async function coldLoad(browser, base, query) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-TW', viewport: { width: 1366, height: 768 } });
  const r = await context.request.post('/api/v1/session', { data: { login: 'lin.sales', password: PASSWORD } });
  if (r.status() !== 200) fail(`sign-in -> ${r.status()}`);
  const page = await context.newPage();
  if (mbps > 0) {  // a slower link than loopback: FONT_COST_MBPS down/up, 20 ms latency
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20,
      downloadThroughput: (mbps * 1e6) / 8, uploadThroughput: (mbps * 1e6) / 8 });
  }
  await page.goto(`/?lang=zh-Hant${query}#/search`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.shipboard && (window.shipboard.firstDataFrame || window.shipboard.error),
                             null, { timeout: 120_000, polling: 50 });
  const m = await page.evaluate(() => {
    const res = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'));
    let transfer = 0;
    let font = 0;
    for (const e of res) {
      transfer += e.transferSize || 0;
      if (/\/fonts\//.test(e.name)) font += e.transferSize || 0;
    }
    return { transfer, font, firstDataFrameMs: window.shipboard.firstDataFrameMs,
             firstFrameMs: window.shipboard.firstFrameMs, glyphs: window.shipboard.glyphs,
             error: window.shipboard.error || null };
  });
  await page.screenshot({ path: join('artifacts', `font-cost${query ? '-file' : '-canvas'}.png`) });
  await context.close();
  if (m.error) fail(`client stopped: ${m.error}`);
  return m;
}

const tmp = await mkdtemp(join(tmpdir(), 'shipboard-fontcost-'));
let server = null;
let browser = null;
try {
  server = await startServer(serverBin, webDir, tmp);
  browser = await launch();
  const fonts = await readdir(join(webDir, 'fonts')).catch(() => []);
  const modes = [['canvas', ''], ...fonts.map((f) => [f, `&font=/fonts/${f}&fontno=${f.endsWith('.ttc') ? 3 : 0}`])];
  for (const [name, query] of modes) {
    const all = [];
    for (let i = 0; i < runs; ++i) all.push(await coldLoad(browser, server.base, query));
    const row = { mode: name, runs,
                  transfer_bytes: median(all.map((m) => m.transfer)),
                  font_bytes: median(all.map((m) => m.font)),
                  first_data_frame_ms: Math.round(median(all.map((m) => m.firstDataFrameMs))),
                  first_frame_ms: Math.round(median(all.map((m) => m.firstFrameMs || 0))),
                  all_first_data_frame_ms: all.map((m) => Math.round(m.firstDataFrameMs)) };
    console.log(JSON.stringify(row));
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
  await rm(tmp, { recursive: true, force: true });
}
