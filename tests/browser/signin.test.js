// The sign-in page explains why signing in cannot work when it is opened over plain http from
// another machine (the browser drops the console's Secure cookie), and says nothing of the kind
// on a loopback address. Chromium reaches the daemon on 127.0.0.1 under the name
// console.school.test, as a colleague's browser would reach a console listening beyond loopback.
'use strict';

const { World, fetchRaw, launchBrowser, run, check } = require('./harness.js');

run('browser_signin', async ({ args, playwright, state, log }) => {
  // The admin lets the console answer to its name (DNS rebinding: other names get 421).
  const world = await World.start(args, 'signin', { console: 'allowed_hosts = ["console.school.test"]' });
  state.world = world;
  await world.startDaemon();
  const port = new URL(world.base).port;

  const browser = await launchBrowser(playwright, ['--host-resolver-rules=MAP console.school.test 127.0.0.1']);
  state.browser = browser;
  const page = await (await browser.newContext({ viewport: { width: 1000, height: 800 } })).newPage();
  state.page = page;

  await page.goto(`http://console.school.test:${port}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login-form', { timeout: 15000 });
  const hint = page.locator('#login-insecure');
  check((await hint.count()) === 1, 'the sign-in page warns when opened over http from another host');
  const text = await hint.textContent();
  check(text.includes('plain http') && text.includes('tls_cert'), `the warning says why and what to set (got "${text}")`);
  log('plain http from a non-loopback name: the sign-in page explains the dropped cookie');

  await page.goto(`${world.base}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login-form', { timeout: 15000 });
  check((await page.locator('#login-insecure').count()) === 0, 'no warning on 127.0.0.1');
  log('127.0.0.1: no warning');

  // A name the admin did not allow (a rebinding attacker's) is refused before any page.
  const other = await fetchRaw(`${world.base}/healthz`, { headers: { Host: `attacker.test:${port}` } });
  check(other.status === 421, `a request for another host name is answered 421 (got ${other.status})`);
});
