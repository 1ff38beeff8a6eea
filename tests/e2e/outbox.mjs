// The outbox in a real Chromium, as an admin and a salesperson use it, through the accessibility
// mirror: the admin adds a generic webhook channel pointing at a receiver this test runs on
// loopback (the server allows 127.0.0.1 with --outbound-allow), reads the secret shown once,
// sends a test and sees it delivered in the channel's deliveries (the receiver checks the
// signature with that secret), disables the channel, and gives 林志明 an email address in the
// users table; 林志明 opens "My email notifications" and chooses a daily digest for ETA changes.
// Each step is checked against the API as well. Screenshots go to artifacts/.
// Usage: node outbox.mjs <shipboard-server> <build/wasm/web>  (CTest browser_outbox)
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, launch, openAs, sleep, startServer, until } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const artifacts = process.env.SHIPBOARD_SCREENSHOTS || join(here, 'artifacts');
const log = (m) => console.log(`[outbox] ${m}`);

// A webhook receiver on loopback: every request kept with its headers and body, answered 200.
async function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, received, close: () => server.close() };
}

// Clicks the mirror's element with this role and name (as a screen reader's "activate" does).
async function activate(page, role, name) {
  const el = page.getByRole(role, { name, exact: true }).first();
  await el.waitFor({ state: 'attached', timeout: 15_000 });
  await el.evaluate((e) => e.click());
}

async function typeInto(page, role, name, text) {
  await activate(page, role, name);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');
  await page.keyboard.type(text, { delay: 20 });
}

async function eventually(what, ok, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await ok();
    if (v) return v;
    if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

async function main() {
  await mkdir(artifacts, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-outbox-'));
  const receiver = await startReceiver();
  const server = await startServer(serverBin, webDir, tmp, { args: ['--outbound-allow', '127.0.0.1/32'] });
  const browser = await launch();
  const problems = [];
  try {
    // ---- 1. The admin adds a channel; the secret is shown once ----
    const admin = await openAs(browser, server.base, 'admin', { path: '/?lang=en#/admin', locale: 'en-US' });
    await until(admin.page, 'admin rendered', (s) => s.view === 'admin' && s.rendered.ready);
    // The channels are below users and tokens: scroll there as a person does.
    await admin.page.mouse.move(683, 500);
    await admin.page.mouse.wheel(0, 2000);
    await typeInto(admin.page, 'textbox', 'Receiver URL (https://…)', receiver.url);
    await until(admin.page, 'URL typed', (s) => s.outbox.form_url === receiver.url);
    await activate(admin.page, 'button', 'Add channel');
    const added = await until(admin.page, 'channel listed, secret shown',
                              (s) => s.outbox.webhooks.length === 1 && s.outbox.secret_shown);
    const id = added.outbox.webhooks[0].id;
    await admin.page.mouse.wheel(0, 2000);  // the secret is under the form
    const secret = await eventually('secret in the mirror', () => admin.page.evaluate(() => {
      for (const el of document.querySelectorAll('[role=textbox]')) {
        const n = el.getAttribute('aria-label') || '';
        if (/^[A-Za-z0-9_-]{40,}$/.test(n)) return n;
      }
      return null;
    }));
    const api = async (path) => (await admin.context.request.get(path)).json();
    const listed = await api('/api/v1/webhooks');
    if (listed.items.length !== 1 || listed.items[0].url !== receiver.url || !listed.items[0].signed) {
      fail(`the API lists ${JSON.stringify(listed.items)}`);
    }
    if (JSON.stringify(listed).includes(secret)) fail('the secret came back in the list');
    log(`channel #${id} added through the mirror; secret shown once (${secret.length} characters)`);

    // ---- 2. Send test: delivered, signed with that secret, and the page shows it ----
    await activate(admin.page, 'button', `Send test #${id}`);
    const got = await eventually('the test message at the receiver', () => receiver.received.find(
      (r) => r.headers['x-shipboard-event'] === 'webhook.test'));
    const ts = got.headers['x-shipboard-timestamp'];
    const want = 'sha256=' + createHmac('sha256', secret).update(`${ts}.${got.body}`).digest('hex');
    if (got.headers['x-shipboard-signature'] !== want) {
      fail(`signature ${got.headers['x-shipboard-signature']} is not ${want}`);
    }
    const shown = await until(admin.page, 'delivery shown as delivered', (s) =>
      s.outbox.open === id && s.outbox.deliveries.some((d) => d.type === 'webhook.test' && d.state === 'delivered'),
      30_000);
    const table = admin.page.getByRole('table', { name: `Recent deliveries of channel #${id}` });
    await table.waitFor({ state: 'attached' });
    // The mirror is rebuilt after the frame that drew the new state: read it until it catches up.
    const readTable = async () => (await table.locator('[role=cell]').allTextContents()).join(' | ');
    const delivered = (t) => t.includes('Test message') && t.includes('Delivered') && t.includes('200');
    await eventually('the deliveries table to read Delivered', async () => delivered(await readTable()), 5_000)
      .catch(async () => fail(`the deliveries table reads: ${await readTable()}`));
    log(`test message delivered and verified (delivery ${got.headers['x-shipboard-delivery']}); ` +
        `the page polled until it showed ${shown.outbox.deliveries[0].state}`);
    await sleep(300);
    await admin.page.screenshot({ path: join(artifacts, 'outbox-admin-en.png'), fullPage: true });

    // ---- 3. Disable with If-Match; the API agrees ----
    await activate(admin.page, 'button', `Disable #${id}`);
    await until(admin.page, 'channel disabled', (s) => s.outbox.webhooks[0] && s.outbox.webhooks[0].active === false);
    const one = await api(`/api/v1/webhooks/${id}`);
    if (one.active !== false) fail(`the channel is still active: ${JSON.stringify(one)}`);
    log('channel disabled through the mirror');

    // ---- 4. 林志明's email in the users table ----
    await admin.page.mouse.wheel(0, -4000);  // back up to the users
    await typeInto(admin.page, 'textbox', 'Email lin.sales', 'zhiming.lin@example.test');
    await sleep(200);
    await activate(admin.page, 'button', 'Save lin.sales');
    await eventually('the email saved', async () => {
      const users = await api('/api/v1/users?limit=100');
      return users.items.some((u) => u.login === 'lin.sales' && u.email === 'zhiming.lin@example.test');
    });
    log('email set in the users table');

    // ---- 5. 林志明 chooses a daily digest for ETA changes (zh-Hant) ----
    const sales = await openAs(browser, server.base, 'lin.sales', { path: '/?lang=zh-Hant#/notifications' });
    await until(sales.page, 'notifications rendered', (s) => s.view === 'notifications' && s.rendered.ready);
    await activate(sales.page, 'button', '我的郵件通知');
    await sales.page.locator('.a11y-text', { hasText: '郵件寄到 zhiming.lin@example.test' }).first()
      .waitFor({ state: 'attached', timeout: 15_000 });
    await activate(sales.page, 'combobox', '寄送方式 日期變更');
    await activate(sales.page, 'button', '每日摘要');
    await until(sales.page, 'digest chosen', (s) => s.email_prefs.modes['item.eta_changed'] === 'digest');
    const prefs = await (await sales.context.request.get('/api/v1/me/notifications')).json();
    if (prefs.email['item.eta_changed'] !== 'digest') fail(`the server keeps ${JSON.stringify(prefs.email)}`);
    await sleep(300);
    await sales.page.screenshot({ path: join(artifacts, 'outbox-notifications-zh-Hant.png'), fullPage: true });
    log('daily digest for ETA changes chosen through the mirror');

    problems.push(...admin.problems, ...sales.problems);
    if (problems.length) fail(`page problems:\n${problems.join('\n')}`);
    log('PASS');
  } finally {
    await browser.close();
    await server.stop();
    receiver.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`[outbox] FAIL: ${e.stack || e.message}`);
  process.exit(1);
});
