// Browser-test harness: starts the real hallmonitor-emulator and hallmonitord on 127.0.0.1 with
// a throwaway config, makes a console user with hallmonitorctl, and drives Debian's Chromium
// headless through playwright-core. Bounded waits everywhere; every child process gets
// PDEATHSIG (via setpriv) and is killed on exit; the temp folder is removed.
//
// Error policy: anything unexpected throws; run() prints it, saves a screenshot and the logs'
// tails, and exits 1. Missing Chromium or playwright-core is a failure with the install command,
// never a silent skip.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const { sleep, waitFor, spawnChild, stopChild, tail } = require('./processes.js');
const { Emulator } = require('./emulator.js');

const CHROMIUM = '/usr/bin/chromium';
const INSTALL_HINT = 'Install the browser test dependencies with: scripts/install-deps --browser';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    const m = /^--([a-z-]+)$/.exec(argv[i]);
    if (!m || i + 1 >= argv.length) throw new Error(`bad argument: ${argv[i]}`);
    out[m[1]] = argv[i + 1];
    i += 1;
  }
  for (const k of ['daemon', 'ctl', 'emulator', 'source']) {
    if (!out[k]) throw new Error(`missing --${k}`);
    if (!fs.existsSync(out[k])) throw new Error(`--${k} ${out[k]} does not exist (build first: scripts/build)`);
  }
  out.artifacts = out.artifacts || path.join(os.tmpdir(), 'hm-browser-artifacts');
  fs.mkdirSync(out.artifacts, { recursive: true });
  return out;
}

// playwright-core from tests/browser/node_modules, and Debian's Chromium.
function loadPlaywright() {
  const problems = [];
  if (!fs.existsSync(CHROMIUM)) problems.push(`${CHROMIUM} is missing (Debian package chromium)`);
  let playwright = null;
  try {
    playwright = require(path.join(__dirname, 'node_modules', 'playwright-core'));
  } catch (e) {
    problems.push(`playwright-core is not installed in ${path.join(__dirname, 'node_modules')} (${e.code || e.message})`);
  }
  if (problems.length) throw new Error(`${problems.join('; ')}.\n${INSTALL_HINT}`);
  return playwright;
}

const PAGE = '448242228374517';

// A world: emulator with one Facebook page and a post, a config, the shipped filters, a
// moderator account, and hallmonitord. stop() ends it all.
// The tests approve and reject deletions: propose them (the default deletes nothing).
const PROPOSE_DELETIONS = `[school.policy.abuse]
delete = "propose"
[school.policy.spam]
delete = "propose"
[school.policy.commercial]
delete = "propose"
[school.policy.personal_data]
delete = "propose"
[school.policy.safeguarding]
delete = "propose"
`;
// The bearer token of [console] metrics_credential, as the admin's monitor sends it.
const METRICS_TOKEN = 'browser-test-metrics-token-42';
const METRICS_AUTH = { Authorization: `Bearer ${METRICS_TOKEN}` };
const SIGNPOSTING = 'A child in immediate danger: call 999. Out of hours: children\'s services on 0300 123 4567.';

class World {
  // options.defaultPolicy: the school's policy as shipped (deletes nothing); options.policy:
  // these [school.policy…] tables instead; otherwise every harmful category proposes a
  // deletion, for the tests that approve and reject them. options.console: more [console] keys.
  // options.secondFactor: keep the default [console] second_factor_roles (admin and safeguarding
  // must set up two-step sign-in); other worlds turn it off to test other things.
  static async start(args, name, options = {}) {
    const w = new World();
    w.args = args;
    w.name = name;
    w.dir = fs.mkdtempSync(path.join(os.tmpdir(), `hm-browser-${name}-`));
    w.emulator = await Emulator.start(args.emulator, w.dir);
    await w.emulator.request('POST', '/_emulator/accounts', {
      platform: 'facebook', account_id: PAGE, name: 'Joseph Hood', access_token: 'EAAB-test',
    });
    w.post = await w.emulator.addPost('facebook', PAGE, 'Sports day photos!');
    fs.mkdirSync(path.join(w.dir, 'credentials'), { mode: 0o700 });
    fs.writeFileSync(path.join(w.dir, 'credentials', 'jh-facebook'), '{"access_token":"EAAB-test"}', { mode: 0o600 });
    // /healthz names channels and reasons only to a caller with the metrics bearer token.
    fs.writeFileSync(path.join(w.dir, 'credentials', 'metrics-token'), METRICS_TOKEN, { mode: 0o600 });
    fs.cpSync(path.join(args.source, 'config', 'filters'), path.join(w.dir, 'filters'), { recursive: true });
    w.config = path.join(w.dir, 'hallmonitor.toml');
    fs.writeFileSync(w.config, `[daemon]
state_dir = "state"
listen = "127.0.0.1:0"
poll_interval = "1s"
credentials_dir = "credentials"
[filters]
dir = "filters"
[console]
metrics_credential = "metrics-token"
${options.secondFactor ? '' : 'second_factor_roles = []'}
${options.console || ''}
[[school]]
id = "joseph-hood"
name = "Joseph Hood Primary School"
${options.policy !== undefined ? options.policy : (options.defaultPolicy ? '' : PROPOSE_DELETIONS)}[school.safeguarding]
signposting = "${SIGNPOSTING}"
[[school.channel]]
id = "jh-facebook"
platform = "facebook"
account_id = "${PAGE}"
credential = "jh-facebook"
api_base = "${w.emulator.graphBase}"
ca_file = "${w.emulator.caFile}"
`);
    return w;
  }

  // hallmonitorctl with the world's config; throws with its output on a non-zero exit.
  ctl(...args) {
    const r = childProcess.spawnSync(this.args.ctl, args, { encoding: 'utf8', timeout: 30000 });
    if (r.status !== 0) {
      throw new Error(`hallmonitorctl ${args.join(' ')} exited ${r.status}${r.error ? ` (${r.error.message})` : ''}:\n${r.stdout}\n${r.stderr}`);
    }
    return r.stdout;
  }

  addUser(name, password, role, school) {
    const file = path.join(this.dir, `${name}.password`);
    fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
    this.ctl('user', 'add', '--config', this.config, name, '--role', role, ...(school ? ['--school', school] : []),
      '--password-file', file);
  }

  async startDaemon() {
    this.daemonLog = path.join(this.dir, 'daemon.log');
    this.daemon = spawnChild(this.args.daemon, ['--config', this.config], this.daemonLog);
    await waitFor('hallmonitord to get ready', 30000, () => {
      if (this.daemon.exitCode !== null) throw new Error(`hallmonitord exited ${this.daemon.exitCode}:\n${tail(this.daemonLog)}`);
      return fs.existsSync(this.daemonLog) && fs.readFileSync(this.daemonLog, 'utf8').includes('hallmonitord ready');
    }, 100);
    const m = /listening on http:\/\/(127\.0\.0\.1:\d+)/.exec(fs.readFileSync(this.daemonLog, 'utf8'));
    if (!m) throw new Error(`hallmonitord did not say where it listens:\n${tail(this.daemonLog)}`);
    this.base = `http://${m[1]}`;
  }

  // Waits until the emulator shows the comment hidden (the daemon acted on it).
  async hidden(id, ms = 20000) {
    await waitFor(`comment ${id} to be hidden on the emulator`, ms, async () => {
      const c = await this.emulator.comment(id);
      return c && c.hidden;
    });
  }

  async stop() {
    if (this.daemon) await stopChild(this.daemon);
    if (this.emulator) await stopChild(this.emulator.child);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// A plain HTTP request to the daemon (for headers); resolves {status, headers, body}.
function fetchRaw(url, options = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method || 'GET', headers: options.headers || {}, timeout: 10000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

// extraArgs: more Chromium switches (e.g. --host-resolver-rules to reach 127.0.0.1 by a name).
async function launchBrowser(playwright, extraArgs = []) {
  return playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', ...extraArgs],
    timeout: 60000,
  });
}

// Records what the page does that a strict CSP or a careless console would reveal.
function watchPage(page, base) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`request to another origin: ${url}`);
    }
    if (url.startsWith(`${base}/api/`) && r.method() !== 'GET') {
      const h = r.headers();
      const signingIn = r.method() === 'POST' && new URL(url).pathname === '/api/v1/session';
      if (!signingIn && !h['x-csrf-token']) problems.push(`${r.method()} ${url} without X-CSRF-Token`);
      if (!(h['content-type'] || '').startsWith('application/json')) problems.push(`${r.method()} ${url} without a JSON Content-Type`);
    }
  });
  return problems;
}

// A browser, a desktop-sized page on it (both kept in `state` for the failure screenshot and
// clean-up) and the list of problems watchPage records.
async function openPage(playwright, state, base) {
  const browser = await launchBrowser(playwright);
  state.browser = browser;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  state.page = page;
  return { browser, context, page, problems: watchPage(page, base) };
}

async function signIn(page, base, user, password) {
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login-form', { timeout: 15000 });
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#top:not([hidden])', { timeout: 15000 });
}

// Runs one test body with a deadline; prints PASS/FAIL; exits 0 or 1.
function run(name, body, deadlineMs = 240000) {
  let args;
  let playwright;
  try {
    args = parseArgs(process.argv.slice(2));
    fs.rmSync(path.join(args.artifacts, `${name}-failure.png`), { force: true }); // a stale one misleads
    playwright = loadPlaywright();
  } catch (e) {
    console.error(`FAIL ${name}: ${e.message}`);
    process.exit(1);
  }
  const state = { world: null, browser: null, page: null };
  const deadline = setTimeout(() => {
    console.error(`FAIL ${name}: did not finish within ${deadlineMs / 1000} s`);
    killAll('SIGKILL');
    process.exit(1);
  }, deadlineMs);
  (async () => {
    let failed = null;
    try {
      await body({ args, playwright, state, log: (s) => console.log(`  ${s}`) });
    } catch (e) {
      failed = e;
    }
    if (failed) {
      console.error(`FAIL ${name}: ${failed.stack || failed.message}`);
      if (state.page) {
        try {
          await state.page.screenshot({ path: path.join(args.artifacts, `${name}-failure.png`), fullPage: true, timeout: 10000 });
          console.error(`  screenshot: ${path.join(args.artifacts, `${name}-failure.png`)}`);
        } catch {
          // the page may be gone
        }
      }
      if (state.world) {
        console.error(`--- daemon log (tail)\n${tail(state.world.daemonLog)}\n--- emulator log (tail)\n${tail(state.world.emulator && state.world.emulator.log, 15)}`);
      }
    }
    try {
      if (state.browser) await state.browser.close();
    } catch {
      // ignore
    }
    try {
      if (state.world) await state.world.stop();
    } catch (e) {
      console.error(`cleanup: ${e.message}`);
    }
    clearTimeout(deadline);
    if (!failed) console.log(`PASS ${name}`);
    process.exit(failed ? 1 : 0);
  })();
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

module.exports = {
  SIGNPOSTING, METRICS_AUTH, World, Emulator, fetchRaw, launchBrowser, watchPage, openPage, signIn, run, check, waitFor, sleep, INSTALL_HINT,
};
