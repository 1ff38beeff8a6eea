// P3: 1,000 connected event-stream clients, one PM change. Opens STREAMS signed-in
// GET /api/v1/events streams (a sales bearer token) from worker threads, PATCHes one item as a
// PM ROUNDS times, and measures each change's delivery latency to every stream (PATCH sent ->
// its `item.*` event (`item.answer_changed`) parsed on that stream), while 4 keep-alive clients
// call GET /api/v1/items?limit=50 every 100 ms each — every one of those, and every stream, must
// succeed. Also reports the server's threads, RSS and CPU while the streams sit idle.
// Prints one JSON line. Loopback only; the server must allow STREAMS + a few worker threads.
// usage: node bench/p3_events.mjs BASE ADMIN_PASSWORD [STREAMS=1000] [WORKERS=2] [ROUNDS=3] [SERVER_PID]
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const now = () => Number(process.hrtime.bigint()) / 1e6;  // CLOCK_MONOTONIC, shared by all threads

// [SECTION] worker: holds its share of the streams ---------------------------------------
if (!isMainThread) {
  const { base, token, count, first, itemId } = workerData;
  const url = new URL('/api/v1/events', base);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  let inflight = 0, next = 0, open = 0;
  const startConnect = now();
  const openOne = () => {
    const id = first + next++;
    inflight++;
    const t0 = now();
    const req = http.get({ host: url.hostname, port: url.port, path: url.pathname, agent,
                           headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } }, (res) => {
      inflight--;
      if (res.statusCode !== 200) {
        parentPort.postMessage({ kind: 'refused', id, status: res.statusCode });
        res.resume();
      } else {
        open++;
        parentPort.postMessage({ kind: 'open', id, connect_ms: now() - t0 });
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk) => {
          const at = now();
          buf += chunk;
          let end;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const msg = buf.slice(0, end);
            buf = buf.slice(end + 2);
            let ev = null, data = null, eid = null;
            for (const line of msg.split('\n')) {
              if (line.startsWith('event: ')) ev = line.slice(7);
              else if (line.startsWith('data: ')) data = line.slice(6);
              else if (line.startsWith('id: ')) eid = Number(line.slice(4));
            }
            if (!ev || !ev.startsWith('item.') || !data) continue;
            let d;
            try { d = JSON.parse(data); } catch { continue; }
            if (d.entity_id === itemId) parentPort.postMessage({ kind: 'event', id, event: eid, at });
          }
        });
        res.on('end', () => parentPort.postMessage({ kind: 'closed', id }));
      }
      pump();
    });
    req.on('error', (e) => { inflight--; parentPort.postMessage({ kind: 'refused', id, status: e.code || String(e) }); pump(); });
  };
  // At most 16 connects in flight per worker: cpp-httplib listens with a backlog of 5, and a
  // burst of 1,000 SYNs would be dropped and retried after 1 s (slow, but not refused).
  const pump = () => { while (inflight < 16 && next < count) openOne(); };
  pump();
  parentPort.on('message', (m) => {
    if (m === 'stats') parentPort.postMessage({ kind: 'stats', open, connect_total_ms: now() - startConnect });
    if (m === 'stop') process.exit(0);
  });
}

// [SECTION] main: tokens, background GETs, the changes -----------------------------------
else {
  const [base, adminPassword, streamsArg, workersArg, roundsArg, serverPid] = process.argv.slice(2);
  const streams = Number(streamsArg || 1000), workers = Number(workersArg || 2), rounds = Number(roundsArg || 3);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const proc = (key) => {
    if (!serverPid) return null;
    const m = readFileSync(`/proc/${serverPid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'));
    return m ? Number(m[1]) : null;
  };

  const signIn = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: adminPassword }) });
  if (signIn.status !== 200) throw new Error(`admin sign-in ${signIn.status}`);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await signIn.json();
  const makeToken = async (role) => {
    const r = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST', headers: { cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ label: `bench p3 ${role}`, role }) });
    if (r.status !== 201 && r.status !== 200) throw new Error(`token ${role}: ${r.status}`);
    return (await r.json()).token;
  };
  const pmToken = await makeToken('pm'), salesToken = await makeToken('sales');
  const list = await (await fetch(`${base}/api/v1/items?limit=1`, { headers: { Authorization: `Bearer ${salesToken}` } })).json();
  let itemId = list.items[0]?.id;
  if (!itemId) {  // an empty board: make the item to change
    const c = await fetch(`${base}/api/v1/items`, {
      method: 'POST', headers: { Authorization: `Bearer ${pmToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: '基準測試 P3' }) });
    itemId = (await c.json()).id;
  }

  // Background traffic: 4 keep-alive clients each calling the list endpoint every 100 ms
  // (about 40 requests/s, ordinary use) until the end; paused while idle CPU is measured.
  let getsOk = 0, getsFailed = 0, getsMaxMs = 0, running = true, paused = false;
  const failures = [];
  const background = Array.from({ length: 4 }, async () => {
    while (running) {
      await sleep(100);
      if (paused) continue;
      const t0 = now();
      try {
        const r = await fetch(`${base}/api/v1/items?limit=50`, { headers: { Authorization: `Bearer ${salesToken}` } });
        await r.arrayBuffer();
        if (r.status === 200) getsOk++; else { getsFailed++; failures.push(`GET ${r.status}`); }
      } catch (e) { getsFailed++; failures.push(`GET ${e.cause?.code || e.message}`); await sleep(50); }
      getsMaxMs = Math.max(getsMaxMs, now() - t0);
    }
  });

  // Streams, split over worker threads.
  let open = 0, refused = 0, closed = 0;
  const connectMs = [], arrivals = [];
  const threads = [];
  const per = Math.ceil(streams / workers);
  const t0Connect = now();
  for (let w = 0; w < workers; w++) {
    const count = Math.min(per, streams - w * per);
    if (count <= 0) break;
    const t = new Worker(new URL(import.meta.url), { workerData: { base, token: salesToken, count, first: w * per, itemId } });
    t.on('message', (m) => {
      if (m.kind === 'open') { open++; connectMs.push(m.connect_ms); }
      else if (m.kind === 'refused') { refused++; if (failures.length < 20) failures.push(`stream ${m.status}`); }
      else if (m.kind === 'closed') closed++;
      else if (m.kind === 'event') arrivals.push(m);
    });
    t.on('error', (e) => { console.error(`p3 worker: ${e.stack || e}`); });
    threads.push(t);
  }
  const connectDeadline = now() + 90_000;
  while (open + refused < streams && now() < connectDeadline) await sleep(50);
  const connectAllMs = now() - t0Connect;
  const threadsPeak = proc('Threads');
  // Server CPU while 1,000 streams sit idle (each polls the event table once a second).
  const cpuTicks = () => {
    if (!serverPid) return null;
    const f = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);  // utime + stime, in clock ticks (100 Hz)
  };
  paused = true;
  await sleep(500);
  const idle0 = cpuTicks(), idleT0 = now();
  await sleep(2000);
  const idleCpuPct = serverPid ? (cpuTicks() - idle0) / ((now() - idleT0) / 1000) : null;  // ticks/s = % of a core
  paused = false;

  // The PM changes, one at a time; each waits for every stream (or 10 s).
  const sent = [], patchMs = [], changeCpuMs = [];
  for (let r = 0; r < rounds; r++) {
    const g = await fetch(`${base}/api/v1/items/${itemId}`, { headers: { Authorization: `Bearer ${pmToken}` } });
    const etag = g.headers.get('etag');
    await g.arrayBuffer();
    const before = arrivals.length;
    const c0 = cpuTicks();
    const t0 = now();
    const p = await fetch(`${base}/api/v1/items/${itemId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${pmToken}`, 'If-Match': etag, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer_answer: `基準測試第 ${r + 1} 次更新：預計下一季提供。` }) });
    patchMs.push(now() - t0);
    if (p.status !== 200) throw new Error(`PATCH ${p.status}: ${await p.text()}`);
    await p.arrayBuffer();
    sent.push(t0);
    const deadline = now() + 10_000;
    while (arrivals.length - before < open && now() < deadline) await sleep(20);
    if (serverPid) changeCpuMs.push((cpuTicks() - c0) * 10);
    await sleep(300);
  }
  running = false;
  await Promise.all(background);
  const rssKb = proc('VmRSS');

  // Group arrivals by event id (ascending = the order of the changes).
  const byEvent = new Map();
  for (const a of arrivals) { if (!byEvent.has(a.event)) byEvent.set(a.event, []); byEvent.get(a.event).push(a); }
  const eventIds = [...byEvent.keys()].sort((a, b) => a - b);
  const lat = [], latAck = [], delivered = [];
  eventIds.forEach((e, i) => {
    const list = byEvent.get(e);
    delivered.push(new Set(list.map((a) => a.id)).size);
    const k = Math.min(i, sent.length - 1);
    for (const a of list) { lat.push(a.at - sent[k]); latAck.push(a.at - sent[k] - patchMs[k]); }
  });
  lat.sort((a, b) => a - b);
  latAck.sort((a, b) => a - b);
  connectMs.sort((a, b) => a - b);
  const pct = (xs, p) => xs.length ? xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(p / 100 * xs.length) - 1))] : NaN;
  const f = (x) => Number.isFinite(x) ? +x.toFixed(1) : null;
  for (const t of threads) t.postMessage('stop');
  console.log(JSON.stringify({
    streams, open, refused_streams: refused, closed_early: closed, connect_all_s: f(connectAllMs / 1000),
    connect_p99_ms: f(pct(connectMs, 99)), rounds, changes_seen: eventIds.length,
    delivered_min: delivered.length === rounds ? Math.min(...delivered) : 0, delivered,
    p50_ms: f(pct(lat, 50)), p99_ms: f(pct(lat, 99)), max_ms: f(lat[lat.length - 1]),
    after_ack_p50_ms: f(pct(latAck, 50)), after_ack_p99_ms: f(pct(latAck, 99)),
    patch_ms: patchMs.map(f), gets_ok: getsOk, gets_failed: getsFailed, gets_max_ms: f(getsMaxMs),
    server_threads: threadsPeak, server_idle_cpu_pct: idleCpuPct && f(idleCpuPct),
    server_cpu_ms_per_change: changeCpuMs, server_rss_mb: rssKb && f(rssKb / 1024), failures: failures.slice(0, 10),
  }));
  process.exit(0);
}
