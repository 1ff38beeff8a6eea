// P9: the outbox under load. 100 generic webhook channels point at a receiver this script runs
// on 127.0.0.1; 50 ETA changes (one per item, sent one after another as fast as the API
// answers) give 5,000 deliveries. Measured: deliveries per second (from the first change sent
// to the last delivery received) and the latency of each delivery from its change's answer
// (the commit) to the receiver, p50/p99/max. Then again with 10 more channels whose receiver
// accepts the connection and never answers: the 100 healthy ones must not slow down.
// The server must run with --outbound-allow 127.0.0.1/32. Prints one JSON line.
// usage: node bench/p9_outbox.mjs BASE ADMIN_PASSWORD [CHANNELS] [CHANGES] [DEAD]
import http from 'node:http';
import net from 'node:net';

const [base, adminPassword, channelsArg, changesArg, deadArg] = process.argv.slice(2);
const channels = Number(channelsArg || 100), changes = Number(changesArg || 50);
const dead = Number(deadArg || 10);

const arrivals = new Map();  // item title -> [ms since start] per delivery
let received = 0;
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const at = performance.now();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    try {
      const title = JSON.parse(body).message.item_title;
      if (!arrivals.has(title)) arrivals.set(title, []);
      arrivals.get(title).push(at);
      received++;
    } catch { /* not ours */ }
  });
});
receiver.keepAliveTimeout = 60000;
const held = [];  // sockets of the receiver that never answers
const silent = net.createServer((s) => { held.push(s); s.on('error', () => {}); });
const listen = (srv) => new Promise((r) => srv.listen(0, '127.0.0.1', () => r(srv.address().port)));
const port = await listen(receiver), deadPort = await listen(silent);

const signIn = await fetch(`${base}/api/v1/session`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ login: 'admin', password: adminPassword }) });
if (signIn.status !== 200) throw new Error(`admin sign-in ${signIn.status}`);
const cookie = signIn.headers.get('set-cookie').split(';')[0];
const { csrf_token: csrf } = await signIn.json();
const call = async (method, path, body, extra = {}) => {
  const r = await fetch(`${base}${path}`, {
    method, headers: { cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json', ...extra },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, etag: r.headers.get('etag'), body: text ? JSON.parse(text) : null };
};
const madeToken = await call('POST', '/api/v1/tokens', { label: 'bench p9', role: 'pm' });
if (madeToken.status !== 201) throw new Error(`token ${madeToken.status}`);
const pm = async (method, path, body, extra = {}) => {  // items are a PM's to change
  const r = await fetch(`${base}${path}`, {
    method, headers: { Authorization: `Bearer ${madeToken.body.token}`, 'Content-Type': 'application/json', ...extra },
    body: JSON.stringify(body) });
  return { status: r.status, etag: r.headers.get('etag'), body: await r.json() };
};
const addChannel = async (url) => {
  const r = await call('POST', '/api/v1/webhooks', { url, format: 'generic', events: ['item.eta_changed'] });
  if (r.status !== 201) throw new Error(`channel ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
};

const pct = (xs, p) => xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] : null;
const round1 = (x) => x === null ? null : Math.round(x * 10) / 10;

// One run: `changes` ETA changes on fresh items; waits for channels × changes deliveries.
async function run(label) {
  const items = [];
  for (let i = 0; i < changes; i++) {
    const r = await pm('POST', '/api/v1/items', { title: `P9 ${label} #${i}`, area: 'video' });
    if (r.status !== 201) throw new Error(`item ${r.status}`);
    items.push({ id: r.body.id, etag: r.etag, title: r.body.title });
  }
  arrivals.clear();
  received = 0;
  const acked = new Map();
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const r = await pm('PATCH', `/api/v1/items/${it.id}`, { eta: '2027-Q2' }, { 'If-Match': it.etag });
    if (r.status !== 200) throw new Error(`patch ${r.status} ${JSON.stringify(r.body)}`);
    acked.set(it.title, performance.now());
  }
  const changesMs = performance.now() - t0;
  const want = channels * changes;
  const until = performance.now() + 180000;
  while (received < want && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  const lat = [];
  let last = t0;
  for (const [title, list] of arrivals)
    for (const at of list) { lat.push(at - acked.get(title)); if (at > last) last = at; }
  lat.sort((a, b) => a - b);
  return {
    deliveries: received, expected: want, changes_ms: Math.round(changesMs),
    per_s: Math.round(received / ((last - t0) / 1000)),
    p50_ms: round1(pct(lat, 0.5)), p99_ms: round1(pct(lat, 0.99)), max_ms: round1(lat[lat.length - 1] ?? null),
  };
}

for (let c = 0; c < channels; c++) await addChannel(`http://127.0.0.1:${port}/h/${c}`);
const healthy = await run('healthy');
for (let c = 0; c < dead; c++) await addChannel(`http://127.0.0.1:${deadPort}/never/${c}`);
const withDead = await run('dead');
console.log(JSON.stringify({ channels, changes, dead, healthy, with_dead: withDead }));
for (const s of held) s.destroy();
receiver.close();
silent.close();
process.exit(0);
