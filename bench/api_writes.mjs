// P2: acknowledged durable writes per second through the API: CLIENTS concurrent keep-alive
// clients POST /api/v1/items with a bearer token for SECONDS; prints 201s per second.
// usage: node bench/api_writes.mjs BASE TOKEN SECONDS CLIENTS
const [base, token, secondsArg, clientsArg] = process.argv.slice(2);
const seconds = Number(secondsArg || 10), clients = Number(clientsArg || 8);
const end = performance.now() + seconds * 1000;
let ok = 0, failed = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: clients }, async (_, c) => {
  for (let i = 0; performance.now() < end; i++) {
    const r = await fetch(`${base}/api/v1/items`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: `基準測試 c${c} #${i}` }),
    });
    await r.arrayBuffer();
    if (r.status === 201) ok++; else failed++;
  }
}));
const elapsed = (performance.now() - t0) / 1000;
if (failed) console.error(`${failed} writes failed`);
console.log((ok / elapsed).toFixed(1));
