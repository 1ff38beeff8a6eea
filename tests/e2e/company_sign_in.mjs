// Company sign-in (OpenID Connect) end to end in a real Chromium, as a person does it: the test
// provider (tests/oidc/provider.py, python3-authlib) on a loopback port, shipboard-server with
// --oidc-* pointing at it, the sign-in view's "Sign in with your company account" activated
// through the accessibility mirror, the provider's form filled in and submitted, and the board
// signed in as the new user (name and role from the ID token's claims, role from the groups via
// --oidc-role-map). Then a user in no mapped group: the browser ends on Shipboard's "Sign-in
// refused" page naming the groups, the way back leads to the sign-in view, and no user was made.
// Usage: node company_sign_in.mjs <shipboard-server> <build/wasm/web>  (CTest browser_company_sign_in)
// SHIPBOARD_SCREENSHOTS=DIR keeps the screenshots there (else they go with the temp dir).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PASSWORD, fail, freePort, launch, sleep, startServer, state, until, watchPage } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const serverBin = resolve(process.argv[2] || process.env.SHIPBOARD_SERVER || '');
const webDir = resolve(process.argv[3] || process.env.SHIPBOARD_WEB || '');
const PROVIDER = resolve(here, '..', 'oidc', 'provider.py');
const CLIENT = { client_id: 'shipboard', client_secret: 'e2e-oidc-secret' };
const MEI = { sub: 'u-77', username: 'mei.lin', name: '林美玲', email: 'mei.lin@example.com', groups: ['sales-team'] };
const REFUSED = { sub: 'u-78', username: 'kao.fin', name: '高會計', email: 'kao.fin@example.com', groups: ['finance'] };
const COMPANY_BUTTON = 'Sign in with your company account';
const log = (m) => console.log(`[company_sign_in] ${m}`);

// [SECTION] The test OpenID provider ----------------------------------------------------------
async function startProvider(tmp) {
  const portFile = join(tmp, 'oidc.port');
  const proc = spawn('/usr/bin/python3', [PROVIDER, '--port-file', portFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    await new Promise((r) => { if (proc.exitCode !== null) r(); else proc.once('exit', r); setTimeout(r, 3000); });
  };
  const deadline = Date.now() + 20_000;
  let port = 0;
  while (!port) {
    if (proc.exitCode !== null) fail(`the OpenID provider exited early:\n${output}`);
    port = Number((await readFile(portFile, 'utf8').catch(() => '')).trim()) || 0;
    if (!port && Date.now() > deadline) { await stop(); fail(`the OpenID provider wrote no port:\n${output}`); }
    if (!port) await sleep(50);
  }
  const issuer = `http://127.0.0.1:${port}`;
  const control = async (method, path, body) => {
    const r = await fetch(issuer + path, { method, headers: { 'Content-Type': 'application/json' },
                                           body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (r.status !== 200) fail(`provider ${method} ${path} -> ${r.status}: ${text}`);
    return JSON.parse(text);
  };
  return { issuer, control, stop, output: () => output };
}

// [SECTION] Steps -------------------------------------------------------------------------------
async function newPage(browser) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const problems = [];
  watchPage(page, problems);
  return { context, page, problems };
}

// The board's sign-in view with its options loaded, then the company button through the mirror:
// the page leaves for the provider's form.
async function startCompanySignIn(page, base, issuer, shot) {
  await page.goto(`${base}/`, { waitUntil: 'load' });
  const st = await until(page, 'the sign-in view with its options loaded',
                         (s) => s.screen === 'sign_in' && s.sign_in.options !== 'loading' && s.sign_in.options !== 'idle');
  if (st.sign_in.options !== 'loaded') fail(`GET /api/v1/session/options: options ${st.sign_in.options}`);
  if (st.sign_in.oidc !== true) fail(`the server did not offer company sign-in: ${JSON.stringify(st.sign_in)}`);
  const button = page.getByRole('button', { name: COMPANY_BUTTON, exact: true });
  await button.waitFor({ state: 'attached', timeout: 10_000 });
  if (shot) { await sleep(300); await page.screenshot({ path: shot }); }
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(`${issuer}/authorize?`), { timeout: 15_000 }),
    button.evaluate((el) => el.click()),  // the #a11y layer takes no pointer: as a screen reader activates
  ]);
  const url = new URL(page.url());
  for (const [k, v] of [['client_id', CLIENT.client_id], ['response_type', 'code'], ['code_challenge_method', 'S256']]) {
    if (url.searchParams.get(k) !== v) fail(`authorize URL has ${k}=${url.searchParams.get(k)}, want ${v}: ${url.href}`);
  }
  for (const k of ['state', 'nonce', 'code_challenge']) {
    if (!url.searchParams.get(k)) fail(`authorize URL lacks ${k}: ${url.href}`);
  }
}

// The provider's form, as a person fills it in; the browser follows the redirects back.
async function providerForm(page, base, username) {
  const input = page.locator('input[name="username"]');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(username);
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(base), { timeout: 15_000, waitUntil: 'load' }),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

async function main() {
  const tmp = await mkdtemp(join(tmpdir(), 'shipboard-oidc-e2e-'));
  const shots = process.env.SHIPBOARD_SCREENSHOTS ? resolve(process.env.SHIPBOARD_SCREENSHOTS) : tmp;
  await mkdir(shots, { recursive: true });
  let provider = null;
  let server = null;
  let browser = null;
  try {
    provider = await startProvider(tmp);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const redirect = `${base}/auth/oidc/callback`;
    await provider.control('POST', '/control/clients', { ...CLIENT, redirect_uris: [redirect] });
    for (const u of [MEI, REFUSED]) await provider.control('POST', '/control/users', u);
    await provider.control('POST', '/control/mode', { mode: 'ok' });
    log(`provider at ${provider.issuer}; client ${CLIENT.client_id} -> ${redirect}`);

    server = await startServer(serverBin, webDir, tmp, { port, args: [
      '--oidc-issuer', provider.issuer, '--oidc-client-id', CLIENT.client_id,
      '--oidc-client-secret', CLIENT.client_secret, '--oidc-redirect-url', redirect,
      '--oidc-role-map', 'pm=product-managers,sales=sales-team'] });
    log(`server at ${base}`);
    browser = await launch();

    // ---- 1. 林美玲 (group sales-team) signs in with her company account ----
    const mei = await newPage(browser);
    await startCompanySignIn(mei.page, base, provider.issuer, join(shots, 'company-sign-in-view.png'));
    log('"Sign in with your company account" (mirror button) went to the provider\'s form');
    await providerForm(mei.page, base, MEI.username);
    log(`provider form submitted as ${MEI.username}; back at ${mei.page.url()}`);
    const signed = await until(mei.page, 'signed in on the sales home view',
                               (s) => s.screen === 'signed_in' && s.view === 'search' && s.rendered.ready);
    if (signed.user !== MEI.username) fail(`signed in as ${JSON.stringify(signed.user)}, want ${MEI.username}`);
    const me = await mei.context.request.get(`${base}/api/v1/me`);
    if (me.status() !== 200) fail(`GET /api/v1/me -> ${me.status()}`);
    const meUser = (await me.json()).user;
    if (meUser.name !== MEI.name || meUser.role !== 'sales' || meUser.login !== MEI.username) {
      fail(`GET /api/v1/me: ${JSON.stringify(meUser)}, want ${MEI.username} ${MEI.name} sales`);
    }
    // What the mirror reads: who is signed in, by name, and the sales view's tabs (Customers, no
    // Queue, no Admin).
    await mei.page.locator('#a11y').getByText(`Signed in as ${MEI.name}`, { exact: false })
      .first().waitFor({ state: 'attached', timeout: 10_000 })
      .catch(() => fail(`the mirror does not read "Signed in as ${MEI.name}"`));
    await mei.page.getByRole('link', { name: 'Search', exact: true }).waitFor({ state: 'attached', timeout: 10_000 });
    const tabs = await mei.page.getByRole('link').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    if (!tabs.includes('Customers') || tabs.includes('Admin') || tabs.includes('Queue')) {
      fail(`the sales top bar should have Customers but not Queue or Admin; mirror links: ${JSON.stringify(tabs)}`);
    }
    await mei.page.getByRole('button', { name: 'Sign out', exact: true }).waitFor({ state: 'attached', timeout: 5_000 });
    await sleep(300);  // a settled frame for the picture
    await mei.page.screenshot({ path: join(shots, 'company-signed-in.png') });
    log(`signed in as ${meUser.login} "${meUser.name}", role ${meUser.role}, view ${signed.view}; `
        + `mirror tabs ${tabs.join(', ')}`);
    if (mei.problems.length) fail(`the page reported problems:\n  ${mei.problems.join('\n  ')}`);
    await mei.context.close();

    // ---- 2. A user in no group with a role (finance): refused, nothing created ----
    const kao = await newPage(browser);
    await startCompanySignIn(kao.page, base, provider.issuer);
    await providerForm(kao.page, base, REFUSED.username);
    const landed = new URL(kao.page.url());
    if (landed.pathname !== '/auth/oidc/callback') fail(`refused user landed on ${landed.href}, want /auth/oidc/callback`);
    const heading = (await kao.page.getByRole('heading', { level: 1 }).textContent({ timeout: 5_000 })) || '';
    if (!heading.includes('Sign-in refused')) fail(`the refusal page is headed ${JSON.stringify(heading)}`);
    const reason = (await kao.page.locator('#reason').textContent()) || '';
    if (!reason.includes('none of the groups') || !reason.includes('finance')) {
      fail(`the refusal should say "none of the groups" and name finance: ${JSON.stringify(reason)}`);
    }
    await kao.page.screenshot({ path: join(shots, 'company-refused.png') });
    log(`refused: "${heading}" — ${reason}`);
    const board = await kao.context.request.get(`${base}/api/v1/me`);
    if (board.status() !== 401) fail(`after the refusal GET /api/v1/me -> ${board.status()}, want 401`);
    await Promise.all([
      kao.page.waitForURL((u) => u.href === `${base}/`, { timeout: 10_000 }),
      kao.page.getByRole('link', { name: /Back to sign-in/ }).click(),
    ]);
    const back = await until(kao.page, 'the sign-in view again',
                             (s) => s.screen === 'sign_in' && s.sign_in.options === 'loaded' && s.sign_in.oidc === true);
    if (back.user !== null) fail(`after the way back a user is signed in: ${back.user}`);
    await kao.page.getByRole('button', { name: COMPANY_BUTTON, exact: true }).waitFor({ state: 'attached', timeout: 10_000 });
    log('"Back to sign-in" led to the sign-in view with the company button');
    if (kao.problems.length) fail(`the page reported problems:\n  ${kao.problems.join('\n  ')}`);
    await kao.context.close();

    // ---- 3. The board's users, as the demo admin: 林美玲 made once, the refused one not ----
    const admin = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                          body: JSON.stringify({ login: 'admin', password: PASSWORD }) });
    if (admin.status !== 200) fail(`admin sign-in -> ${admin.status}`);
    const cookie = admin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const list = await fetch(`${base}/api/v1/users?limit=500`, { headers: { Cookie: cookie } });
    if (list.status !== 200) fail(`GET /api/v1/users -> ${list.status}`);
    const users = (await list.json()).items;
    const meis = users.filter((u) => u.name === MEI.name);
    if (meis.length !== 1 || meis[0].login !== MEI.username || meis[0].role !== 'sales') {
      fail(`want one user ${MEI.name} (${MEI.username}, sales); found ${JSON.stringify(meis)}`);
    }
    const refused = users.filter((u) => u.name === REFUSED.name || String(u.login).startsWith('kao'));
    if (refused.length) fail(`the refused sign-in created a user: ${JSON.stringify(refused)}`);
    const stats = await provider.control('GET', '/control/stats');
    if (stats.tokens_issued !== 2) fail(`the provider issued ${stats.tokens_issued} tokens, want 2`);
    log(`users as admin: ${users.length}, ${MEI.name} once (sales), none for ${REFUSED.username}; provider ${JSON.stringify(stats)}`);
    if (process.env.SHIPBOARD_SCREENSHOTS) log(`screenshots in ${shots}`);
    log('PASS');
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    if (provider) await provider.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`[company_sign_in] FAIL: ${e.message}`); process.exit(1); });
