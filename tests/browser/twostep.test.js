// Two-step sign-in as the shipped defaults have it: an admin's first sign-in leads only to
// setting up an authenticator app (the QR code drawn, the key shown, a code confirms it, ten
// recovery codes shown once); the next sign-in asks for a code, which works once; a recovery
// code works once; the IT admin's `hallmonitorctl user reset-second-factor` starts it over. The
// authenticator app is played by RFC 6238 computed here, from the key the page showed.
'use strict';

const crypto = require('node:crypto');
const { World, launchBrowser, watchPage, run, check, waitFor, sleep } = require('./harness.js');

const HEAD = { name: 'head', password: 'kettle orbit parsnip lantern' };

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const step = () => Math.floor(Date.now() / 1000 / 30);

function totp(secret, at = step()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(at));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[19] & 0x0f;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}

async function passwordStep(page, base) {
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login-form', { timeout: 15000 });
  await page.fill('#login-user', HEAD.name);
  await page.fill('#login-password', HEAD.password);
  await page.click('#login-submit');
}

async function signOut(page) {
  await page.click('#sign-out');
  await page.waitForSelector('#login-form', { timeout: 15000 });
}

run('browser_twostep', async ({ args, playwright, state, log }) => {
  const world = await World.start(args, 'twostep', { secondFactor: true });
  state.world = world;
  world.addUser(HEAD.name, HEAD.password, 'admin');
  await world.startDaemon();

  const browser = await launchBrowser(playwright);
  state.browser = browser;
  const page = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
  state.page = page;
  const problems = watchPage(page, world.base);

  // First sign-in: the password is enough to reach the set-up page, and nothing else.
  await passwordStep(page, world.base);
  await page.waitForSelector('main[data-view="Two-step sign-in"]', { timeout: 15000 });
  check(page.url().endsWith('#/two-step'), `the first sign-in lands on #/two-step (at ${page.url()})`);
  check((await page.textContent('#two-step-why')).includes('authenticator app'), 'the page says why');
  const refused = await page.evaluate(async () => (await fetch('/api/v1/items')).status);
  check(refused === 403, `the API refuses the queue until it is set up (got ${refused})`);
  await page.goto(`${world.base}/#/queue`);
  await page.waitForFunction(() => location.hash === '#/two-step', null, { timeout: 10000 });
  log('an admin without a second factor can only set one up');

  await page.click('#two-step-begin');
  await page.waitForSelector('svg.qr path', { timeout: 10000 });
  const modules = await page.evaluate(() => document.querySelector('svg.qr path').getAttribute('d').split('M').length - 1);
  check(modules > 100, `the QR code is drawn (${modules} dark modules)`);
  const secret = (await page.textContent('#two-step-secret')).trim();
  check(/^[A-Z2-7]{32}$/.test(secret), `the key is shown for typing in by hand (got "${secret}")`);
  await page.fill('#two-step-code', '000000' === totp(secret) ? '111111' : '000000');
  await page.click('#two-step-confirm');
  await page.waitForSelector('.error:not([hidden])', { timeout: 10000 });
  const confirmedStep = step();
  await page.fill('#two-step-code', totp(secret, confirmedStep));
  await page.click('#two-step-confirm');
  await page.waitForSelector('#recovery-codes', { timeout: 10000 });
  const codes = await page.$$eval('#recovery-codes code', (els) => els.map((e) => e.textContent));
  check(codes.length === 10 && codes.every((c) => /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/.test(c)), `ten recovery codes (got ${JSON.stringify(codes)})`);
  await page.click('#recovery-saved');
  await page.waitForSelector('main[data-view="Queue"]', { timeout: 15000 });
  log('set up with a wrong code refused, the right one accepted, ten recovery codes shown');

  // Next sign-in: the password, then a code. A code already used is refused, so wait for the
  // app's next one.
  await signOut(page);
  await passwordStep(page, world.base);
  await page.waitForSelector('#login-code-field:not([hidden])', { timeout: 10000 });
  check((await page.locator('#top').isHidden()), 'the password alone does not sign in');
  await waitFor('the authenticator app to show a new code', 35000, () => step() > confirmedStep, 500);
  await page.fill('#login-code', totp(secret));
  await page.click('#login-submit');
  await page.waitForSelector('#top:not([hidden])', { timeout: 15000 });
  await page.waitForSelector('main[data-view="Queue"]', { timeout: 15000 });
  log('the next sign-in asks for the code and accepts it');

  // A recovery code, once.
  await signOut(page);
  await passwordStep(page, world.base);
  await page.waitForSelector('#login-code-field:not([hidden])', { timeout: 10000 });
  await page.fill('#login-code', codes[0].toUpperCase());
  await page.click('#login-submit');
  await page.waitForSelector('#top:not([hidden])', { timeout: 15000 });
  await page.goto(`${world.base}/#/two-step`);
  await page.waitForSelector('#two-step-on', { timeout: 10000 });
  check((await page.textContent('#two-step-on')).includes('9 recovery codes left'), 'one recovery code used');
  await signOut(page);
  await passwordStep(page, world.base);
  await page.waitForSelector('#login-code-field:not([hidden])', { timeout: 10000 });
  await sleep(1100); // the throttle's first delay after a failure is 1 s; this is not one yet
  await page.fill('#login-code', codes[0]);
  await page.click('#login-submit');
  await waitFor('the used recovery code to be refused', 10000, async () =>
    (await page.textContent('#login-error')).includes('wrong or expired code'), 200);
  log('a recovery code signs in once');

  // Lost phone and codes: the IT admin resets it; the password leads to setting up again.
  const listed = world.ctl('user', 'list', '--config', world.config);
  check(/head\s+\S+\s+on\s/.test(listed), `user list shows two-step on:\n${listed}`);
  world.ctl('user', 'reset-second-factor', '--config', world.config, HEAD.name);
  await sleep(1100);
  await passwordStep(page, world.base);
  await page.waitForSelector('main[data-view="Two-step sign-in"]', { timeout: 15000 });
  log('after hallmonitorctl user reset-second-factor the admin sets it up again');
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
});
