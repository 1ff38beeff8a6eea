// P7, one board size: server memory (RSS of the server process, after start and after the
// loads), browser memory (V8 JS heap over CDP Performance.getMetrics after a forced GC, and
// the size of the wasm Memory buffer) and the client's cold load time to its first data frame
// (bench/p4_cold_load.mjs coldLoad, cache off), plus the time of the client's list request
// (GET /api/v1/items?limit=500) alone. bench/run calls it once per size (1k, 10k, 100k items)
// and compares the per-item growth between sizes.
// usage: node bench/p7_scale.mjs BASE SERVER_PID LOGIN PASSWORD [RUNS=3]   -> one JSON line
import { readFileSync } from 'node:fs';
import { launch } from '../tests/e2e/lib.mjs';
import { coldLoad } from './p4_cold_load.mjs';

const [base, pid, login, password, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };
const status = (key) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'))[1]);
const mb = (bytes) => +(bytes / 1048576).toFixed(1);

const rssStart = status('VmRSS') * 1024;
const s = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                  body: JSON.stringify({ login, password }) });
if (s.status !== 200) throw new Error(`sign-in ${s.status}`);
const cookie = s.headers.get('set-cookie').split(';')[0];
const api = [];
for (let i = 0; i < 6; i++) {
  const t0 = performance.now();
  const r = await fetch(`${base}/api/v1/items?limit=500`, { headers: { cookie, 'Accept-Encoding': 'gzip' } });
  await r.arrayBuffer();
  if (i > 0) api.push(performance.now() - t0);  // the first one warms SQLite's page cache
}
const browser = await launch();
const loads = [];
try {
  for (let i = 0; i < runs; i++) loads.push(await coldLoad(browser, base, '/', login, password, { memory: true }));
} finally {
  await browser.close();
}
const last = loads[loads.length - 1];
console.log(JSON.stringify({
  server_rss_start_mb: mb(rssStart), server_rss_mb: mb(status('VmRSS') * 1024), server_rss_peak_mb: mb(status('VmHWM') * 1024),
  load_ms: median(loads.map((l) => l.ms)), load_ms_best: Math.min(...loads.map((l) => l.ms)),
  load_ms_all: loads.map((l) => l.ms), list_api_ms: +median(api).toFixed(1),
  js_heap_used_mb: mb(last.js_heap_used), js_heap_total_mb: mb(last.js_heap_total), wasm_mb: mb(last.wasm_memory || 0),
  browser_mb: mb(last.js_heap_used + (last.wasm_memory || 0)), client_items: last.client_items, bytes: last.bytes,
}));
