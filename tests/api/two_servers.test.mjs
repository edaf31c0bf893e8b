// Two servers on one PostgreSQL database (docs/operations.md: two servers behind nginx): what one
// server does, the other sees and respects. A session made on one works on the other and ends on
// both; an If-Match and a workflow step raced through both are won once; audit rows appended
// through both at once make one unbroken chain; login throttling counts the failures of both.
// PostgreSQL only: two processes cannot share an SQLite store (api_pg.two_servers runs it).
//
// The races are run two ways. Plainly (both requests sent at once, many rounds), and forced: a
// transaction of the test holds the row's lock, so that both requests have read the same version
// and wait at their UPDATE (seen in pg_stat_activity) before either can commit — the interleaving
// that only the guard in the UPDATE's WHERE (store.h) settles, every time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, Client, startServer } from '../lib/server.mjs';
import { onPg, sql, sqlRows, storeArgs } from '../lib/store.mjs';
import { requestFrom, stopClean } from './support.mjs';
import { USERS, addMonths, todayJst } from './health_support.mjs';

const skip = !onPg && 'PostgreSQL only: two servers share one database on PostgreSQL, never on SQLite';

const HEALTH2 = { login: 'hoken2', role: 'health', name: '保健 さくら', password: 'sakura-pass-2024' };
const WELFARE2 = { login: 'fukushi2', role: 'welfare', name: '福祉 ひかり', password: 'hikari-pass-2024' };
const THROTTLED = { login: 'throttled', role: 'clerk', name: '受付 しげる', password: 'shigeru-pass-2024' };
const BELOW = { login: 'below', role: 'clerk', name: '受付 みのる', password: 'minoru-pass-2024' };

let A, B; // the two servers, one database, one audit key
const on = {}; // on.A.health, on.B.welfare, …: a logged-in client per server and role

const PG_BIN = process.env.TSUNAGU_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';
const PSQL = existsSync(join(PG_BIN, 'psql')) ? join(PG_BIN, 'psql') : 'psql';
const ID = /^[A-Za-z0-9_-]+$/; // ids are URL-safe: checked before they go into SQL text
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function loggedIn(server, user) {
  const c = new Client(server.url);
  const r = await c.login(user.login, user.password);
  assert.equal(r.status, 200, `login ${user.login}: ${JSON.stringify(r.body)}`);
  c.userId = r.body.user.id;
  return c;
}

before(async () => {
  if (!onPg) return;
  const users = [USERS.health, USERS.welfare, USERS.director, HEALTH2, WELFARE2, THROTTLED, BELOW];
  // --rate-limit 0: no per-address limiter either (the login limiter goes with it), so that
  // what throttles a login below can only be the failures counted in the database.
  A = await startServer({ users, args: ['--rate-limit', '0'] });
  B = await startServer({ shareWith: A, args: ['--rate-limit', '0'] });
  assert.equal(B.store, A.store);
  for (const [name, server] of [['A', A], ['B', B]]) {
    on[name] = {
      health: await loggedIn(server, USERS.health),
      welfare: await loggedIn(server, name === 'A' ? USERS.welfare : WELFARE2),
      director: await loggedIn(server, USERS.director),
    };
  }
});

after(async () => {
  if (B) await stopClean(B);
  if (A) await stopClean(A); // the last one removes the database
});

// ---- PostgreSQL seen from the test ----

// psql without blocking the event loop (requests are in flight meanwhile): the rows' text.
function psqlAsync(text) {
  return new Promise((resolve, reject) => {
    const p = spawn(PSQL, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', A.store.conninfo], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`psql: ${err}`))));
    p.stdin.end(text);
  });
}

// A transaction of the test's own holding the lock an UPDATE of the row needs (FOR NO KEY UPDATE:
// the foreign-key checks of inserts that name the row still pass). release() commits it.
async function holdRow(table, id) {
  assert.match(id, ID);
  const p = spawn(PSQL, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', A.store.conninfo], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (err += d));
  const closed = new Promise((resolve) => p.on('close', resolve));
  p.stdin.write(`BEGIN; SELECT 1 FROM ${table} WHERE id = '${id}' FOR NO KEY UPDATE; SELECT 'held';\n`);
  for (let i = 0; i < 500 && !/held/.test(out); i++) await sleep(10);
  assert.match(out, /held/, `no lock on ${table} ${id}: ${err}`);
  return {
    async release() {
      p.stdin.end('COMMIT;\n');
      assert.equal(await closed, 0, err);
    },
  };
}

// Waits until n sessions wait for a lock in a statement starting with prefix; the number seen.
// Within 5 s: the servers' lock_timeout (10 s, pg.c) must not end the wait first.
async function waitersAt(prefix, n) {
  const q = `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
             AND wait_event_type = 'Lock' AND query LIKE '${prefix}%';`;
  let seen = 0;
  for (let i = 0; i < 250 && seen < n; i++) {
    seen = Number(await psqlAsync(q));
    if (seen < n) await sleep(20);
  }
  return seen;
}

const count = (query) => Number(sql(A, query));

// ---- 1. sessions ----

test('a session made on A works on B (reads, and writes with A\'s CSRF token); a logout on B ends it on A', { skip }, async () => {
  const onA = await loggedIn(A, HEALTH2);
  const onB = new Client(B.url);
  onB.cookie = onA.cookie;
  onB.csrf = onA.csrf;

  const me = await onB.get('/api/v1/session');
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.user.login, HEALTH2.login);

  const made = await onA.post('/api/v1/persons', { family_name: '跨', family_name_kana: 'マタギ' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const read = await onB.get(`/api/v1/persons/${made.body.id}`);
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.equal(read.body.family_name, '跨');

  // B checks the token (a wrong one is refused), and takes the one A gave.
  const forged = await onB.patch(`/api/v1/persons/${made.body.id}`, { given_name: '偽' }, { 'if-match': '"1"', 'x-csrf-token': 'x'.repeat(onA.csrf.length) });
  assert.equal(forged.status, 403, JSON.stringify(forged.body));
  const patched = await onB.patch(`/api/v1/persons/${made.body.id}`, { given_name: '一郎' }, { 'if-match': '"1"' });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.equal(patched.body.version, 2);
  assert.equal((await onA.get(`/api/v1/persons/${made.body.id}`)).body.given_name, '一郎');

  const out = await onB.del('/api/v1/session');
  assert.equal(out.status, 204, JSON.stringify(out.body));
  const gone = await onA.get('/api/v1/session');
  assert.equal(gone.status, 401, 'the session ended on B is ended on A');
  assert.equal((await onA.get(`/api/v1/persons/${made.body.id}`)).status, 401);
  // Recorded once, by the server that did it, in the one chain.
  assert.equal(count(`SELECT count(*) FROM audit WHERE action = 'logout' AND user_id = '${onA.userId}'`), 1);
});

// ---- 2. If-Match across servers ----

async function freshPerson(round) {
  const r = await on.A.health.post('/api/v1/persons', { family_name: '競合', family_name_kana: 'キョウゴウ', given_name: `${round}` });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.id, ID);
  return r.body;
}

// Both PATCHes with If-Match "1", a different value each: one 200 and one 409 version_conflict;
// the record is the winner's at version 2, with one update event and one update audit row.
async function checkPatchRace(p, [a, b]) {
  const results = { A: a, B: b };
  const statuses = [a.status, b.status].sort();
  assert.deepEqual(statuses, [200, 409], `${p.id}: ${a.status} ${a.body.error?.code ?? ''}, ${b.status} ${b.body.error?.code ?? ''}`);
  const winner = a.status === 200 ? 'A' : 'B';
  const loser = winner === 'A' ? 'B' : 'A';
  assert.equal(results[loser].body.error.code, 'version_conflict');
  assert.equal(results[winner].body.version, 2);
  const stored = sqlRows(A, `SELECT given_name, version,
      (SELECT count(*) FROM audit WHERE action = 'update' AND object_type = 'person' AND object_id = p.id) AS audited,
      (SELECT count(*) FROM events WHERE person_id = p.id AND kind = 'person_updated') AS events
    FROM persons p WHERE id = '${p.id}'`);
  assert.deepEqual(stored, [{ given_name: `${winner}側`, version: 2, audited: 1, events: 1 }]);
  return winner;
}

const patchFrom = (name, p) => on[name].health.patch(`/api/v1/persons/${p.id}`, { given_name: `${name}側` }, { 'if-match': '"1"' });

test('If-Match across servers: the same person PATCHed through A and B at once is changed once', { skip }, async () => {
  const winners = { A: 0, B: 0 };
  for (let round = 0; round < 20; round++) {
    const p = await freshPerson(round);
    winners[await checkPatchRace(p, await Promise.all([patchFrom('A', p), patchFrom('B', p)]))]++;
  }
  // Forced: both have read version 1 and wait at the UPDATE; only its WHERE can refuse one.
  for (let round = 0; round < 3; round++) {
    const p = await freshPerson(`forced${round}`);
    const lock = await holdRow('persons', p.id);
    const both = Promise.all([patchFrom('A', p), patchFrom('B', p)]);
    const waiting = await waitersAt('UPDATE persons', 2);
    await lock.release();
    assert.equal(waiting, 2, 'both PATCHes reached the UPDATE before either committed');
    winners[await checkPatchRace(p, await both)]++;
  }
  console.log(`If-Match races won: A ${winners.A}, B ${winners.B}`);
});

// ---- 3. the workflow ----

const STEP_BODY = { juri: { step: 'juri', urgency: 'a' }, referred: { step: 'referred' }, closed: { step: 'closed' } };

async function freshReport() {
  const child = await on.A.health.post('/api/v1/persons', { family_name: '工程', family_name_kana: 'コウテイ', birth_date: '2020-04-01' });
  assert.equal(child.status, 201, JSON.stringify(child.body));
  const received = new Date(Date.now() - 3600e3 + 9 * 3600e3).toISOString().slice(0, 19) + '+09:00';
  const r = await on.A.welfare.post('/api/v1/reports', {
    kind: 'abuse_report', received_at: received, child_ids: [child.body.id], route: 'school',
    abuse_types: ['physical'], summary: '二重記録の試験',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.id, ID);
  return r.body;
}

// One step sent through A and B at once (none of juri, referred, closed may follow itself): one
// 201, one 409 (version_conflict when both read the same state, invalid_transition when the loser
// read the winner's); one event of the step, one update audit row per child (one here), version + 1.
async function checkStepRace(rep, stepCode, [a, b]) {
  const statuses = [a.status, b.status].sort();
  assert.deepEqual(statuses, [201, 409], `${rep.id} ${stepCode}: ${a.status} ${a.body.error?.code ?? ''}, ${b.status} ${b.body.error?.code ?? ''}`);
  const [won, lost] = a.status === 201 ? [a, b] : [b, a];
  assert.ok(['version_conflict', 'invalid_transition'].includes(lost.body.error.code), JSON.stringify(lost.body));
  assert.equal(won.body.status, stepCode);
  assert.equal(won.body.version, rep.version + 1);
  const stored = sqlRows(A, `SELECT status, version,
      (SELECT count(*) FROM report_events e WHERE e.report_id = r.id AND e.step = '${stepCode}') AS steps,
      (SELECT count(*) FROM report_events e WHERE e.report_id = r.id) AS events,
      (SELECT count(*) FROM audit a WHERE a.object_type = 'report' AND a.object_id = r.id AND a.action = 'update') AS audited
    FROM reports r WHERE id = '${rep.id}'`);
  const stepsBefore = rep.events.length - 1; // the intake is not a step
  assert.deepEqual(stored, [{ status: stepCode, version: rep.version + 1, steps: 1, events: rep.events.length + 1, audited: stepsBefore + 1 }]);
  return { rep: won.body, code: lost.body.error.code };
}

const stepFrom = (name, rep, stepCode) => on[name].welfare.post(`/api/v1/reports/${rep.id}/events`, STEP_BODY[stepCode]);

test('the workflow never records two steps from one state: a step raced through A and B is recorded once', { skip }, async () => {
  const codes = {};
  for (let round = 0; round < 8; round++) {
    let rep = await freshReport();
    for (const s of ['juri', 'referred', 'closed']) {
      const r = await checkStepRace(rep, s, await Promise.all([stepFrom('A', rep, s), stepFrom('B', rep, s)]));
      rep = r.rep;
      codes[r.code] = (codes[r.code] || 0) + 1;
    }
  }
  // Forced: both have read "received" at the same version and wait at the report's UPDATE.
  for (let round = 0; round < 3; round++) {
    const rep = await freshReport();
    const lock = await holdRow('reports', rep.id);
    const both = Promise.all([stepFrom('A', rep, 'juri'), stepFrom('B', rep, 'juri')]);
    const waiting = await waitersAt('UPDATE reports', 2);
    await lock.release();
    assert.equal(waiting, 2, 'both steps reached the UPDATE before either committed');
    const r = await checkStepRace(rep, 'juri', await both);
    assert.equal(r.code, 'version_conflict', 'the loser read the same state: its UPDATE found the version moved on');
  }
  console.log(`step races: the loser answered ${JSON.stringify(codes)}`);
});

// ---- 4. one chain, appended through both ----

const KANA = 'アイウエオカキクケコ';
const kanaOf = (n) => [...String(n)].map((d) => KANA[d]).join('');

// One client's loop for ms (and until the clients made minCreates persons, on a busy machine):
// person creates, reads, searches and the alert board, in turn. Every answer must be a success;
// what each acknowledged answer audited is tallied.
async function workload(client, tag, ms, minCreates, known, tally) {
  const born = addMonths(todayJst(), -5); // an overdue newborn visit: each one is on the board
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end || tally.created.length < minCreates; i++) {
    const op = i % 5;
    if (op === 0 || op === 3) {
      const n = tally.next++;
      const r = await client.post('/api/v1/persons', { family_name: '並行', family_name_kana: `ヘイコウ${kanaOf(n)}`, birth_date: born, given_name: tag });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      known.push(r.body.id);
      tally.created.push(r.body.id);
      tally.search += r.body.possible_duplicates.length;
    } else if (op === 1 && known.length) {
      const id = known[Math.floor(Math.random() * known.length)];
      const r = await client.get(`/api/v1/persons/${id}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      tally.read++;
    } else if (op === 2) {
      const r = await client.get(`/api/v1/persons?q=${encodeURIComponent('並行')}&limit=10`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      tally.search += Math.max(1, r.body.items.length);
    } else if (op === 4) {
      const r = await client.get('/api/v1/alerts?limit=20');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      tally.shown.add(`${client.userId}|-`); // the reading itself
      for (const item of r.body.items)
        for (const person of item.children ?? [item.person]) tally.shown.add(`${client.userId}|${person.id}`);
    }
  }
}

test('appends through both at once make one chain: audit verify passes, no seq missing or twice, every acknowledged row there', { skip }, async () => {
  const CLIENTS = 8;
  const MS = 4000;
  // Two accounts, each signed in on both servers (an account's hourly board rows are one for both
  // servers); each session shared by half the clients of its server (signing in is slow by design).
  const clients = [];
  for (const [name, server] of [['A', A], ['B', B]]) {
    const sessions = [await loggedIn(server, USERS.health), await loggedIn(server, HEALTH2)];
    for (let i = 0; i < CLIENTS; i++) clients.push([name, Object.assign(new Client(server.url), sessions[i % 2], { base: server.url })]);
  }
  const seqBefore = count('SELECT count(*) FROM audit');
  const tally = { next: 0, created: [], read: 0, search: 0, shown: new Set() };
  const known = [];
  await Promise.all(clients.map(([name, c], i) => workload(c, `${name}${i}`, MS, 50, known, tally)));

  const rows = sqlRows(A, 'SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq, min(seq) AS first, max(seq) AS last FROM audit')[0];
  assert.deepEqual(rows, { n: rows.last, distinct_seq: rows.last, first: 1, last: rows.last }, 'seq 1..n, none missing, none twice');
  const since = `seq > ${seqBefore}`;
  const by = (where) => count(`SELECT count(*) FROM audit WHERE ${since} AND ${where}`);
  const creates = sqlRows(A, `SELECT object_id FROM audit WHERE ${since} AND action = 'create' AND object_type = 'person'`).map((r) => r.object_id);
  assert.deepEqual(creates.sort(), [...tally.created].sort(), 'one create row per acknowledged create');
  assert.equal(by(`action = 'read' AND object_type = 'person'`), tally.read);
  assert.equal(by(`action = 'search'`), tally.search);
  // The board: every person shown to an account audited, once per hour whichever server showed it.
  const board = sqlRows(A, `SELECT user_id, at / 3600 AS hour, COALESCE(person_id, '-') AS shown FROM audit WHERE ${since} AND object_type = 'alerts'`);
  const hourly = board.map((r) => `${r.user_id}|${r.hour}|${r.shown}`);
  assert.equal(new Set(hourly).size, hourly.length, 'no account saw one board item twice in an hour');
  assert.deepEqual(new Set(board.map((r) => `${r.user_id}|${r.shown}`)), tally.shown, 'the board rows are what was shown');
  const total = tally.created.length + tally.read + tally.search + board.length;
  assert.equal(rows.last - seqBefore, total, 'nothing else was appended, nothing acknowledged is missing');
  assert.ok(tally.read > 10, `a real load: ${tally.created.length} creates, ${tally.read} reads`);
  console.log(`load: ${tally.created.length} creates, ${tally.read} reads, ${tally.search} search rows, ${board.length} board rows; chain ${rows.last} rows`);

  const v = spawnSync(BIN, ['audit', 'verify', ...storeArgs(A)], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /intact/);
  const forks = count('SELECT count(*) FROM (SELECT prev_hash FROM audit GROUP BY prev_hash HAVING count(*) > 1) f');
  assert.equal(forks, 0, 'no two rows chained to one predecessor');
});

// ---- 5. throttling ----

const attempt = (server, from, user, password) =>
  requestFrom(from, server.url, { method: 'POST', path: '/api/v1/session', body: { login: user.login, password } });

// Wrong passwords alternating A, B, A, …, each from another address (no per-address count can
// add up to the threshold, and the per-address limiter is off).
async function failAlternating(user, n) {
  for (let i = 0; i < n; i++) {
    const r = await attempt(i % 2 ? B : A, `127.0.0.${10 + i}`, user, 'wrong-password');
    assert.equal(r.status, 401, `failure ${i + 1}: ${JSON.stringify(r.body)}`);
  }
}

test('login throttling counts the failures of both servers: five through A, B, A, B, A and the sixth attempt on B is 429', { skip }, async () => {
  // Four failures through both: the right password still opens the account (the threshold is 5).
  await failAlternating(BELOW, 4);
  const open = await attempt(B, '127.0.0.20', BELOW, BELOW.password);
  assert.equal(open.status, 200, JSON.stringify(open.body));

  await failAlternating(THROTTLED, 5);
  assert.equal(count(`SELECT count(*) FROM login_failures WHERE login = '${THROTTLED.login}'`), 5);
  const onB = await attempt(B, '127.0.0.21', THROTTLED, THROTTLED.password);
  assert.equal(onB.status, 429, JSON.stringify(onB.body));
  assert.equal(onB.body.error.code, 'too_many_attempts', 'the account\'s throttle, not a per-address limiter');
  assert.equal(onB.headers['set-cookie'], undefined, 'no session');
  const onA = await attempt(A, '127.0.0.22', THROTTLED, THROTTLED.password);
  assert.equal(onA.status, 429);
  assert.equal(onA.body.error.code, 'too_many_attempts');
  assert.equal(count(`SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.login = '${THROTTLED.login}'`), 0);
});
