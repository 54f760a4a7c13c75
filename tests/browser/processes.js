// Child processes for the browser tests: each dies with this process (PDEATHSIG via setpriv)
// and is killed when it exits; bounded waits and stops; the tail of a log for error messages.
//
// Error policy: waitFor throws after its deadline with what it waited for; stopChild escalates
// to SIGKILL; tail never throws.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls fn until it returns a truthy value; throws after `ms` with `what`.
async function waitFor(what, ms, fn, every = 200) {
  const deadline = Date.now() + ms;
  let last = null;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    }
    await sleep(every);
  }
}

const children = new Set();

function killAll(signal = 'SIGKILL') {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}
process.on('exit', () => killAll('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    killAll('SIGKILL');
    process.exit(1);
  });
}

// Spawns a child that dies with this process (PDEATHSIG), stderr appended to logFile, stdout
// there too or, with pipeStdout, readable from child.stdout.
function spawnChild(file, args, logFile, pipeStdout = false) {
  const log = fs.openSync(logFile, 'a');
  const child = childProcess.spawn('setpriv', ['--pdeathsig', 'KILL', '--', file, ...args], {
    stdio: ['ignore', pipeStdout ? 'pipe' : log, log],
  });
  fs.closeSync(log);
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stopChild(child, ms = 10000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

module.exports = { sleep, waitFor, spawnChild, stopChild, tail };
