// hallmonitor-emulator for the browser tests: started by the ready-line protocol of
// emulator/README.md ("Starting it: the ready line"), which the C++ launcher
// (emulator/launcher.hpp) follows too, and driven through its control API.
//
// Error policy: a start that fails (early exit, no or bad ready line within 20 s) throws with
// the end of the emulator's log; a control call that does not answer 200 throws.
'use strict';

const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');

const { spawnChild, tail } = require('./processes.js');

// The emulator's ready line, checked as emulator/ready_line.cpp checks it.
function parseReadyLine(line) {
  let ready = null;
  try {
    ready = JSON.parse(line);
  } catch {
    // reported below
  }
  if (!ready || !Number.isInteger(ready.port) || ready.port < 1 || ready.port > 65535 || typeof ready.ca_file !== 'string') {
    throw new Error(`not a ready line: ${line.slice(0, 200)}`);
  }
  return ready;
}

class Emulator {
  static async start(binary, dir) {
    const stateDir = path.join(dir, 'emulator');
    fs.mkdirSync(stateDir);
    const e = new Emulator();
    e.log = path.join(dir, 'emulator.log');
    e.child = spawnChild(binary, ['--listen', '127.0.0.1:0', '--state-dir', stateDir], e.log, true);
    const line = await new Promise((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`emulator did not print its ready line:\n${tail(e.log)}`)), 20000);
      e.child.stdout.on('data', (d) => {
        buf += d.toString('utf8');
        const nl = buf.indexOf('\n');
        if (nl >= 0) {
          clearTimeout(timer);
          resolve(buf.slice(0, nl));
        }
      });
      e.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`emulator exited (${code}) before it was ready:\n${tail(e.log)}`));
      });
    });
    const ready = parseReadyLine(line);
    e.port = ready.port;
    e.caFile = ready.ca_file;
    e.ca = fs.readFileSync(e.caFile);
    e.agent = new https.Agent({ ca: e.ca, keepAlive: false });
    return e;
  }

  get origin() { return `https://127.0.0.1:${this.port}`; }
  get graphBase() { return `${this.origin}/v25.0`; }

  // The control API (JSON over the emulator's TLS port).
  request(method, urlPath, body) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
      const req = https.request({
        host: '127.0.0.1', port: this.port, path: urlPath, method, agent: this.agent, timeout: 10000,
        headers: data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {},
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`emulator ${method} ${urlPath}: HTTP ${res.statusCode} ${text}`));
          try {
            resolve(JSON.parse(text));
          } catch (e) {
            reject(e);
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`emulator ${method} ${urlPath}: timed out`)));
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  async addPost(platform, account, text) {
    return (await this.request('POST', '/_emulator/posts', { platform, account_id: account, text })).id;
  }

  async addComment(platform, postId, text, author = '9001', authorName = `Parent ${author}`) {
    return (await this.request('POST', '/_emulator/comments', {
      platform, post_id: postId, author_id: author, author_name: authorName, text,
    })).id;
  }

  // A comment by id, wherever it sits (replies are nested under their parents).
  async comment(id) {
    const state = await this.request('GET', '/_emulator/state');
    const find = (list) => {
      for (const c of list || []) {
        if (c.id === id) return c;
        const r = find(c.replies);
        if (r) return r;
      }
      return null;
    };
    return find(state.comments);
  }
}

module.exports = { Emulator, parseReadyLine };
