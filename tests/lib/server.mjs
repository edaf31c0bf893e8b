// Starts the real tsunagu binary on a spare port with a fresh database, for API and browser tests.
// The database is SQLite, or PostgreSQL under TSUNAGU_TEST_STORE=pg (tests/lib/store.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { openStore, removeStore, storeArgs } from './store.mjs';

export const BIN = process.env.TSUNAGU_BIN || new URL('../../build/tsunagu', import.meta.url).pathname;
export const WEB = process.env.TSUNAGU_WEB || new URL('../../web/dist', import.meta.url).pathname;

// Adds an account through the command line, as an operator would. target: a server, a store
// (tests/lib/store.mjs), or the path of an SQLite database. agency: a partner's agency id.
export function addUser(target, { login, role, name, password, agency = null }) {
  const where = typeof target === 'string' ? ['--db', target] : storeArgs(target);
  const of = agency ? ['--agency', agency] : [];
  const r = spawnSync(BIN, ['user', 'add', login, '--role', role, '--name', name, ...of, ...where], {
    input: password + '\n',
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`user add ${login} failed: ${r.error ?? r.stderr}`);
  return r;
}

// Starts a server; resolves to { url, store, dir, dbPath, proc, stderr(), stop(), kill() }
// (dbPath: SQLite only). users: [{login, role, name, password}] added before start.
// The store: a new one by default; the one in dir (a restart on what an earlier server left);
// store (from openStore); or shareWith: another server's, both running at once on one database
// (the same --pg and --audit-key).
export async function startServer({ users = [], dir = null, store = null, shareWith = null, args = [] } = {}) {
  store = shareWith ? shareWith.store : store || openStore(dir);
  for (const u of users) addUser(store, u);
  const proc = spawn(BIN, ['serve', ...storeArgs(store), '--listen', '127.0.0.1:0', '--web', WEB, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  store.running++;
  // 'close', not 'exit': the process has ended and everything it wrote to stderr has been read.
  const exited = new Promise((resolve) =>
    proc.on('close', (code, signal) => {
      store.running--;
      resolve({ code, signal });
    }));
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.]+:[0-9]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
  return {
    url,
    store,
    dir: store.dir,
    dbPath: store.dbPath,
    proc,
    stderr: () => err,
    // Graceful stop; resolves to the exit status. The store is removed unless keep, or another
    // server still runs on it (its stop removes it).
    async stop({ keep = false } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const status = await exited;
      if (!keep && store.running === 0) removeStore(store);
      return status;
    },
    async kill() {
      proc.kill('SIGKILL');
      return exited;
    },
  };
}

// A tiny client that keeps the session cookie and CSRF token like the browser does.
export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
  }
  async login(login, password, extra = {}) {
    let r = await this.req('POST', '/api/v1/session', { login, password, ...extra });
    // Many logins at the same moment are answered 503 busy: wait a little and try again.
    for (let i = 0; r.status === 503 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      r = await this.req('POST', '/api/v1/session', { login, password, ...extra });
    }
    if (r.status === 200) this.csrf = r.body.csrf_token;
    return r;
  }
  // Returns { status, headers, body } with body parsed as JSON when it is JSON.
  async req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h['cookie'] = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      h['content-type'] = h['content-type'] || 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = set.match(/tsunagu_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `tsunagu_session=${m[1]}` : null;
    }
    const text = await res.text();
    let parsed = text;
    if ((res.headers.get('content-type') || '').includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  }
  get(p, h) { return this.req('GET', p, undefined, h); }
  post(p, b, h) { return this.req('POST', p, b, h); }
  patch(p, b, h) { return this.req('PATCH', p, b, h); }
  del(p, h) { return this.req('DELETE', p, undefined, h); }
}
