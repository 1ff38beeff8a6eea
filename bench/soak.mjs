// Loopback soak (issue "Hardening"; NOT part of make test): starts shipboard-server --demo on
// 127.0.0.1, keeps many Server-Sent Event streams open on /api/v1/events while workers run
// mixed reads and writes for a set time, and records the server's RSS every second from
// /proc/<pid>/status. Passes with 0 errors and RSS flat after warm-up (growth from the end of
// warm-up to the end under --max-growth, default 20 %). Node built-ins only.
//
//   node bench/soak.mjs --server build/native/server/shipboard-server \
//        [--seconds 60] [--streams 200] [--workers 16] [--warmup 15] [--out soak.json]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []),
);
const serverBin = args.server ?? 'build/native/server/shipboard-server';
const seconds = Number(args.seconds ?? 60);
const streams = Number(args.streams ?? 200);
const workers = Number(args.workers ?? 16);
const warmup = Number(args.warmup ?? 15);
const maxGrowth = Number(args['max-growth'] ?? 0.2);

const dir = mkdtempSync(join(tmpdir(), 'shipboard-soak-'));
const server = spawn(serverBin, ['--demo', '--listen', '127.0.0.1:0', '--db', join(dir, 'soak.db'),
  '--port-file', join(dir, 'port')], { stdio: ['ignore', 'ignore', 'inherit'] });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let port = 0;
for (let i = 0; i < 600 && !port; i++) {
  if (existsSync(join(dir, 'port'))) port = Number(readFileSync(join(dir, 'port'), 'utf8')) || 0;
  if (!port) await sleep(50);
}
if (!port) throw new Error('server did not start');

const agent = new http.Agent({ keepAlive: true, maxSockets: workers * 2 });
function call(method, path, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, method, path, agent,
      headers: { ...headers, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}) } },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, json });
      });
      res.on('error', reject);
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function signIn(login) {
  const r = await call('POST', '/api/v1/session', { body: { login, password: 'shipboard-demo' } });
  if (r.status !== 200) throw new Error(`sign-in ${login}: ${r.status}`);
  const cookie = String(r.headers['set-cookie']).split(';')[0];
  return { cookie, csrf: r.json.csrf_token };
}
const auth = (s, change = false) => ({ Cookie: s.cookie, ...(change ? { 'X-CSRF-Token': s.csrf } : {}) });

const pm = await signIn('chen.pm');
const sales = await signIn('lin.sales');
const viewer = await signIn('zhao.viewer');
const customers = (await call('GET', '/api/v1/customers?mine=1', { headers: auth(sales) })).json.items;
const items = (await call('GET', '/api/v1/items?limit=500', { headers: auth(pm) })).json.items.filter((i) => !i.merged_into).map((i) => i.id);

// [SECTION] RSS sampling
function rssKiB() {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}
const rss = [];
const sampler = setInterval(() => rss.push(rssKiB()), 1000);

// [SECTION] event streams
let sseEvents = 0;
let sseOpen = 0;
const errors = [];
const streamReqs = [];
let stopping = false;
function openStream(session) {
  const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers: auth(session) }, (res) => {
    if (res.statusCode !== 200) {
      errors.push(`stream status ${res.statusCode}`);
      res.resume();
      return;
    }
    sseOpen++;
    res.setEncoding('utf8');
    res.on('data', (chunk) => { sseEvents += (chunk.match(/^id: /gm) || []).length; });
    res.on('end', () => { sseOpen--; if (!stopping) errors.push('stream ended early'); });
    res.on('error', (e) => { if (!stopping) errors.push(`stream error ${e.message}`); });
  });
  req.on('error', (e) => { if (!stopping) errors.push(`stream request error ${e.message}`); });
  streamReqs.push(req);
}
const sessions = [pm, sales, viewer];
for (let i = 0; i < streams; i++) openStream(sessions[i % sessions.length]);

// [SECTION] mixed reads and writes
const counts = {};
const latencies = [];
const deadline = Date.now() + seconds * 1000;
async function worker(n) {
  let i = 0;
  while (Date.now() < deadline) {
    i++;
    const item = items[(n * 7 + i) % items.length];
    const roll = (n * 31 + i * 17) % 100;
    let kind;
    let r;
    const t0 = performance.now();
    try {
      if (roll < 30) {
        kind = 'list'; r = await call('GET', '/api/v1/items?limit=50&sort=demand', { headers: auth(sales) });
      } else if (roll < 50) {
        kind = 'item'; r = await call('GET', `/api/v1/items/${item}`, { headers: auth(viewer) });
      } else if (roll < 65) {
        kind = 'search'; r = await call('GET', `/api/v1/search?q=${encodeURIComponent(['直播', 'live', '報表', 'export'][i % 4])}`, { headers: auth(sales) });
      } else if (roll < 75) {
        kind = 'questions'; r = await call('GET', '/api/v1/questions?state=open', { headers: auth(pm) });
      } else if (roll < 85) {
        kind = 'patch';
        const got = await call('GET', `/api/v1/items/${item}`, { headers: auth(pm) });
        r = await call('PATCH', `/api/v1/items/${item}`, { headers: { ...auth(pm, true), 'If-Match': got.headers.etag },
          body: { customer_answer: `soak ${n}-${i}` } });
        if (r.status === 412) r.status = 200; // another worker won the race: expected, not an error
      } else if (roll < 93) {
        kind = 'question';
        r = await call('POST', '/api/v1/questions', { headers: auth(sales, true), body: { item_id: item, body: `soak question ${n}-${i}` } });
      } else {
        kind = 'request';
        r = await call('POST', `/api/v1/items/${item}/requests`, { headers: auth(sales, true),
          body: { customer_id: customers[i % customers.length].id, importance: 'nice', value_at_stake: { amount: 100 + i, currency: 'CNY' } } });
      }
      if (r.status >= 300) errors.push(`${kind} → ${r.status}`);
    } catch (e) {
      errors.push(`${kind} → ${e.message}`);
    }
    latencies.push(performance.now() - t0);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
}
const started = Date.now();
await Promise.all(Array.from({ length: workers }, (_, n) => worker(n)));
const elapsed = (Date.now() - started) / 1000;
const openAtEnd = sseOpen;
stopping = true;
clearInterval(sampler);
for (const req of streamReqs) req.destroy();
agent.destroy();
server.kill('SIGTERM');
await sleep(300);
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
const afterWarmup = rss[Math.min(warmup, rss.length - 1)];
const end = rss[rss.length - 1];
const growth = (end - afterWarmup) / afterWarmup;
const requests = Object.values(counts).reduce((a, b) => a + b, 0);
const summary = {
  seconds: elapsed, streams, streams_open_at_end: openAtEnd, sse_events_received: sseEvents,
  workers, requests, requests_per_s: Math.round(requests / elapsed), by_kind: counts,
  latency_ms: { p50: +q(0.5).toFixed(1), p99: +q(0.99).toFixed(1), max: +q(1).toFixed(1) },
  errors: errors.length, first_errors: errors.slice(0, 10),
  rss_kib: { start: rss[0], after_warmup: afterWarmup, end, max: Math.max(...rss), growth_after_warmup: +growth.toFixed(3) },
  rss_series_kib: rss,
};
console.log(JSON.stringify(summary, null, 2));
if (args.out) writeFileSync(args.out, JSON.stringify(summary, null, 2));
const ok = errors.length === 0 && openAtEnd === streams && growth <= maxGrowth;
console.log(ok ? 'soak: OK' : 'soak: FAILED');
process.exit(ok ? 0 : 1);
