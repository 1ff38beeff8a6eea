// Search latency on a generated board (issue P6): 1-, 2-, 3+-character Chinese queries and
// English words against /api/v1/search, over keep-alive on loopback. Prints p50/p95/p99 per set.
// usage: node bench/search_latency.mjs BASE LOGIN PASSWORD [ROUNDS] [--json]
const [base, login, password, roundsArg, format] = process.argv.slice(2);
const rounds = Number(roundsArg || 20);
const sets = {
  'zh-1': ['播', '報', '权', '會', '字'],
  'zh-2': ['直播', '報表', '權限', '视频', '字幕'],
  'zh-3+': ['視頻會議', '单点登录', '行事曆同步', '自動字幕功能', '離線模式'],
  'en': ['live', 'excel', 'sso', 'dark mode', 'webhooks'],
};
const signIn = await fetch(`${base}/api/v1/session`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ login, password }),
});
if (signIn.status !== 200) throw new Error(`sign-in ${signIn.status}`);
const cookie = signIn.headers.get('set-cookie').split(';')[0];
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p / 100 * xs.length))];
const rows = [];
for (const [name, queries] of Object.entries(sets)) {
  const times = [];
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}&limit=20`, { headers: { cookie } });
      const body = await res.json();
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`search ${q}: ${res.status}`);
      hits += body.items.length;
    }
  }
  times.sort((a, b) => a - b);
  rows.push({ set: name, n: times.length, p50: pct(times, 50).toFixed(2), p95: pct(times, 95).toFixed(2),
              p99: pct(times, 99).toFixed(2), avg_hits: (hits / times.length).toFixed(1) });
}
if (format === '--json') console.log(JSON.stringify(rows)); else console.table(rows);
