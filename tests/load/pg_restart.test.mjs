// The database restarts under load (issue 10).
//
// 1. Two servers on one PostgreSQL database, clients writing (persons with unique names) and
// reading through both, while the test cluster is restarted twice: `pg_ctl restart -m fast` (an
// operator's restart), then a crash of the database server (`pg_ctl stop -m immediate`) that
// stays down for two seconds before it is started again. Asserted: every answer is 200/201 or 503
// (never 500, never 401 for a valid session, never a hang, never a refused connection: the
// tsunagu servers stay up); a login while the database is down answers 503 and counts no
// failure; after each restart both servers answer again within a few seconds without being
// restarted; every acknowledged write is in the database (through the API and by SQL); every
// person shown was audited; nothing is half-written; the chain verifies.
//
// 2. A database host that stops answering (a host gone during a failover, or hung): a proxy
// between a server and the cluster cuts the server's connections and then accepts new ones
// without ever answering, so that each attempt to connect waits the whole connect_timeout.
// Asserted: once the first attempts have timed out, the server's clients get their 503 at once
// (a thread of the server's own tries again, the connections do not wait on the host too); a
// thread that needs its first connection meanwhile leaves no half-opened one (PostgreSQL would
// wait 60 s for it, and a restart with it); the log says so once, not once per connection; the
// server answers 200 again soon after the host does.
//
// PostgreSQL only (ctest load_pg.pg_restart: the fixture pg, run alone — it restarts the cluster
// every api_pg test uses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { BIN, Client, addUser, startServer } from '../lib/server.mjs';
import { onPg, openStore, removeStore, sql, storeArgs } from '../lib/store.mjs';
import { requestFrom, stopClean } from '../api/support.mjs';

const USER = { login: 'hoken', role: 'health', name: '保健 花子', password: 'hoken-pass-2024' };
// Logs in only while the database is down: no failure may be counted against it.
const LATECOMER = { login: 'chikoku', role: 'health', name: '遅刻 太郎', password: 'chikoku-pass-2024' };
const WRITERS = 3; // per server
const READERS = 3; // per server
const ANSWER_WITHIN_MS = 15000; // a request still unanswered then is a hang
const BACK_WITHIN_MS = 5000; // both servers answer again this soon after the database is up
const DOWN_MS = 2000; // how long the crashed database stays down
// A restart of PostgreSQL takes a few seconds; one that took a minute waited for a connection that
// was opened and never spoke (the server gives it authentication_timeout, 60 s, to say who it is).
const RESTART_WITHIN_MS = 20000;
const FAMILY = '再起動';

const PG_BIN = process.env.TSUNAGU_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The test cluster of scripts/pg-test-cluster.sh: its folder is recorded in cluster-dir, beside
// the conninfo file; the port is the conninfo's.
function testCluster() {
  const conninfoFile = process.env.TSUNAGU_TEST_PG_FILE;
  const folder = readFileSync(process.env.TSUNAGU_TEST_PG_DIR_FILE || join(dirname(conninfoFile), 'cluster-dir'), 'utf8').trim();
  const port = readFileSync(conninfoFile, 'utf8').match(/port=(\d+)/)[1];
  return { data: join(folder, 'data'), log: join(folder, 'server.log'), port };
}

// pg_ctl as the cluster's owner (the postgres user when we are root), without blocking the event
// loop: the clients keep going meanwhile.
function pgCtl(cluster, args) {
  const cmd = join(PG_BIN, 'pg_ctl');
  const argv = ['-D', cluster.data, '-l', cluster.log, '-w', '-t', '60', ...args];
  const proc = process.getuid() === 0 ? spawn('runuser', ['-u', 'postgres', '--', cmd, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => proc.on('exit', (code) =>
    (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args.join(' ')}: exit ${code}: ${err}`)))));
}

// One request with a deadline; every answer is logged as { t, ms, what, server, status } (status
// 'hang' or 'network: …' when there was none).
function recorder(log) {
  return async (client, server, what, fn) => {
    const t = Date.now();
    let timer;
    const late = new Promise((resolve) => (timer = setTimeout(() => resolve({ status: 'hang' }), ANSWER_WITHIN_MS)));
    let r;
    try {
      r = await Promise.race([fn(client), late]);
    } catch (e) {
      r = { status: `network: ${e.cause?.code || e.message}` };
    } finally {
      clearTimeout(timer);
    }
    log.push({ t, ms: Date.now() - t, what, server, status: r.status });
    return r;
  };
}

// A client on server that uses the session of another client (sessions live in the database).
function sharing(session, server) {
  const c = new Client(server.url);
  c.cookie = session.cookie;
  c.csrf = session.csrf;
  return c;
}

let probes = 0;

// Polls until a read and a write through server both succeed (their answers recorded by call,
// the person written added to acked); resolves to how long that took.
async function backAgain(call, acked, session, server, someId) {
  const c = sharing(session, server);
  const from = Date.now();
  while (Date.now() - from < BACK_WITHIN_MS * 3) {
    const read = await call(c, 'probe', 'read', (cc) => cc.get(`/api/v1/persons/${someId}`));
    if (read.status === 200) {
      const given = `確認${probes++}`;
      const write = await call(c, 'probe', 'create', (cc) => cc.post('/api/v1/persons', {
        family_name: '確認', given_name: given, family_name_kana: 'カクニン', given_name_kana: 'カクニン',
      }));
      if (write.status === 201) {
        acked.set(write.body.id, given);
        return Date.now() - from;
      }
    }
    await sleep(100);
  }
  return Infinity;
}

test('PostgreSQL restarts and crashes under load: no acknowledged write lost, both servers recover', {
  skip: !onPg && 'PostgreSQL only',
  timeout: 120000,
}, async () => {
  const started = Date.now();
  const cluster = testCluster();
  const a = await startServer({ users: [USER, LATECOMER], args: ['--rate-limit', '0'] });
  const b = await startServer({ shareWith: a, args: ['--rate-limit', '0'] });
  const servers = { a, b };
  let dbUp = true;
  try {
    const sessionA = new Client(a.url);
    assert.equal((await sessionA.login(USER.login, USER.password)).status, 200);
    const sessionB = new Client(b.url);
    assert.equal((await sessionB.login(USER.login, USER.password)).status, 200);
    const me = (await sessionA.get('/api/v1/session')).body.user.id;

    const log = [];
    const call = recorder(log);
    const acked = new Map(); // id -> given_name, every write answered 201
    const shown = new Set(); // ids of persons a read answered 200 with
    let next = 0;
    let loading = true;

    const writer = async (client, name) => {
      while (loading) {
        const i = next++;
        const given = `利用者${i}`;
        const r = await call(client, name, 'create', (c) => c.post('/api/v1/persons', {
          family_name: FAMILY, given_name: given, family_name_kana: 'サイキドウ', given_name_kana: 'リヨウシャ',
        }));
        if (r.status === 201) acked.set(r.body.id, given);
        else await sleep(50); // 503: the database is away; try again shortly, as a person would
      }
    };
    const reader = async (client, name) => {
      for (let i = 0; loading; i++) {
        const ids = [...acked.keys()];
        if (ids.length === 0) {
          await sleep(20);
          continue;
        }
        if (i % 4 === 3) {
          const r = await call(client, name, 'search', (c) => c.get('/api/v1/persons?q=' + encodeURIComponent(FAMILY) + '&limit=20'));
          if (r.status === 200) for (const p of r.body.items) shown.add(p.id);
          else await sleep(50);
        } else {
          const id = ids[Math.floor(Math.random() * ids.length)];
          const r = await call(client, name, 'read', (c) => c.get(`/api/v1/persons/${id}`));
          if (r.status === 200) {
            assert.equal(r.body.given_name, acked.get(id));
            shown.add(id);
          } else {
            await sleep(50);
          }
        }
      }
    };
    // Writers on a server use the session made there, readers the one made on the other server.
    const load = Promise.all([
      ...Array.from({ length: WRITERS }, () => writer(sharing(sessionA, a), 'a')),
      ...Array.from({ length: WRITERS }, () => writer(sharing(sessionB, b), 'b')),
      ...Array.from({ length: READERS }, () => reader(sharing(sessionB, a), 'a')),
      ...Array.from({ length: READERS }, () => reader(sharing(sessionA, b), 'b')),
    ]);

    const recovery = {};
    const downFor = {}; // ms from the stop to PostgreSQL accepting connections again
    const waitBack = async (round) => {
      const someId = acked.keys().next().value;
      const [ta, tb] = await Promise.all([backAgain(call, acked, sessionA, a, someId), backAgain(call, acked, sessionB, b, someId)]);
      recovery[round] = { a: ta, b: tb };
    };
    const latecomerAnswers = [];
    try {
      await sleep(1500);
      const beforeFast = acked.size;
      assert.ok(beforeFast > 0, 'writes went through before the restart');

      // 1. An operator's restart: sessions are cut, the server stops and starts again.
      let from = Date.now();
      dbUp = false;
      await pgCtl(cluster, ['-m', 'fast', 'restart']);
      dbUp = true;
      downFor.fast = Date.now() - from;
      await waitBack('fast');
      await sleep(1000);

      // 2. A crash of the database server, down for a while.
      from = Date.now();
      dbUp = false;
      await pgCtl(cluster, ['-m', 'immediate', 'stop']);
      const downUntil = Date.now() + DOWN_MS;
      while (Date.now() < downUntil) {
        for (const server of [a, b]) {
          const late = new Client(server.url);
          latecomerAnswers.push((await late.req('POST', '/api/v1/session', { login: LATECOMER.login, password: LATECOMER.password })).status);
        }
        await sleep(200);
      }
      await pgCtl(cluster, ['-o', `-p ${cluster.port}`, 'start']);
      dbUp = true;
      downFor.immediate = Date.now() - from;
      await waitBack('immediate');
      await sleep(1000);
    } finally {
      loading = false;
      await load;
      if (!dbUp) await pgCtl(cluster, ['-o', `-p ${cluster.port}`, 'start']).catch(() => {});
    }

    // What the clients saw.
    const counts = {};
    for (const e of log) counts[`${e.what} ${e.status}`] = (counts[`${e.what} ${e.status}`] || 0) + 1;
    console.log(`# answers: ${JSON.stringify(counts)}; database down (ms): ${JSON.stringify(downFor)}; ` +
      `then both servers serving again after (ms): ${JSON.stringify(recovery)}`);
    const bad = log.filter((e) => ![200, 201, 503].includes(e.status));
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} answers other than 200/201/503`);
    assert.ok(log.some((e) => e.status === 503), 'the outage was seen (503)');
    assert.ok(downFor.fast < RESTART_WITHIN_MS, `the fast restart took ${downFor.fast} ms`);
    assert.ok(downFor.immediate < DOWN_MS + RESTART_WITHIN_MS, `the crash and start took ${downFor.immediate} ms`);
    for (const round of ['fast', 'immediate']) {
      for (const name of ['a', 'b']) {
        assert.ok(recovery[round][name] < BACK_WITHIN_MS, `server ${name} answered again ${recovery[round][name]} ms after the ${round} restart`);
      }
    }
    assert.ok(latecomerAnswers.length > 0);
    assert.deepEqual([...new Set(latecomerAnswers)], [503], 'a login while the database is down answers 503');

    // The servers were never restarted: the same processes, still serving.
    for (const [name, server] of Object.entries(servers)) {
      assert.equal(server.proc.exitCode, null, `server ${name} is still running`);
    }

    // Every acknowledged write is there: through the API (both servers) …
    const ids = [...acked.keys()];
    const missing = [];
    for (let k = 0; k < ids.length; k += 20) {
      await Promise.all(ids.slice(k, k + 20).map(async (id, j) => {
        const via = (k + j) % 2 ? sharing(sessionA, b) : sessionA;
        const r = await via.get(`/api/v1/persons/${id}`);
        if (r.status !== 200 || r.body.given_name !== acked.get(id)) missing.push([id, r.status]);
      }));
    }
    assert.deepEqual(missing, [], 'every acknowledged person is readable after the restarts');
    // … and by SQL.
    const stored = new Map(sql(a, 'SELECT id, given_name FROM persons')
      .split('\n').filter(Boolean).map((row) => row.split('|')));
    assert.deepEqual(ids.filter((id) => stored.get(id) !== acked.get(id)), [], 'every acknowledged person is stored');

    // The latecomer's logins counted nothing, and it logs in now.
    assert.equal(sql(a, `SELECT COUNT(*) FROM login_failures WHERE login = '${LATECOMER.login}'`), '0');
    const late = new Client(b.url);
    assert.equal((await late.login(LATECOMER.login, LATECOMER.password)).status, 200);

    await stopClean(b, { keep: true });
    await stopClean(a, { keep: true });

    // Every person shown was audited as read by the user it was shown to (the audit rows of a
    // held answer were durable before it was sent).
    const audited = new Set(sql(a, `SELECT DISTINCT person_id FROM audit WHERE user_id = '${me}' AND action = 'read' AND person_id IS NOT NULL`).split('\n'));
    assert.deepEqual([...shown].filter((id) => !audited.has(id)), [], 'every person shown is audited');

    // Nothing half-written: every stored person, acknowledged or not (a COMMIT lost with its
    // connection may have been applied), has its creation audited, its timeline event, its keys.
    assert.equal(sql(a, "SELECT COUNT(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'create' AND a.object_type = 'person' AND a.object_id = p.id)"), '0');
    assert.equal(sql(a, "SELECT COUNT(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = 'person_created' AND e.person_id = p.id)"), '0');
    assert.equal(sql(a, 'SELECT COUNT(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM person_keys k WHERE k.person_id = p.id)'), '0');

    const verify = spawnSync(BIN, ['audit', 'verify', ...storeArgs(a)], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /intact/);
    console.log(`# ${acked.size} acknowledged writes, ${shown.size} persons shown; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    if (!dbUp) await pgCtl(cluster, ['-o', `-p ${cluster.port}`, 'start']).catch(() => {});
    for (const server of [b, a]) {
      if (server.proc.exitCode === null && server.proc.signalCode === null) await server.stop({ keep: true });
    }
    removeStore(a);
  }
});

// A TCP proxy to the cluster that can go silent: its connections are cut, and new ones are
// accepted (the host is there) but never answered (it does not speak), until it speaks again.
// proxy.accepted: { at, spokeAt } of every connection, spokeAt when its client first sent bytes.
async function silentableProxy(port) {
  const sockets = new Set();
  const proxy = { silent: false, accepted: [] };
  const server = net.createServer((client) => {
    const seen = { at: Date.now(), spokeAt: null };
    proxy.accepted.push(seen);
    client.once('data', () => (seen.spokeAt = Date.now()));
    client.on('error', () => {});
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (proxy.silent) {
      client.resume(); // read and drop what it says
      return;
    }
    const db = net.connect(port, '127.0.0.1');
    db.on('error', () => client.destroy());
    sockets.add(db);
    db.on('close', () => {
      sockets.delete(db);
      client.destroy();
    });
    client.on('close', () => db.destroy());
    client.pipe(db);
    db.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const s of sockets) s.destroy();
  };
  proxy.port = server.address().port;
  proxy.goSilent = () => {
    proxy.silent = true;
    cutAll();
  };
  proxy.speak = () => {
    proxy.silent = false;
    cutAll(); // the attempts left waiting fail now, and are made again
  };
  proxy.close = () => {
    cutAll();
    return new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

const CONNECT_TIMEOUT_S = 2; // libpq's shortest
const SILENT_MS = 7000;
const CLIENTS = 4; // on keep-alive connections: most of the server's 16 threads stay unused
const NEWCOMERS = 24; // requests on connections of their own, to threads without a connection yet

test('a database host that stops answering: the clients get 503 at once, not one connect timeout each', {
  skip: !onPg && 'PostgreSQL only',
  timeout: 60000,
}, async () => {
  const cluster = testCluster();
  const proxy = await silentableProxy(Number(cluster.port));
  const direct = openStore();
  addUser(direct, USER);
  const viaProxy = { ...direct, conninfo: `${direct.conninfo.replace(/port=\d+/, `port=${proxy.port}`)} connect_timeout=${CONNECT_TIMEOUT_S}` };
  const server = await startServer({ store: viaProxy, args: ['--rate-limit', '0', '--threads', '16'] });
  try {
    const session = new Client(server.url);
    assert.equal((await session.login(USER.login, USER.password)).status, 200);
    const p = await session.post('/api/v1/persons', { family_name: '無応答', family_name_kana: 'ムオウトウ' });
    assert.equal(p.status, 201);

    const log = [];
    const call = recorder(log);
    let loading = true;
    const client = async (k) => {
      const c = sharing(session, server);
      while (loading) {
        const r = await call(c, k, 'read', (cc) => cc.get(`/api/v1/persons/${p.body.id}`));
        if (r.status !== 200) await sleep(50);
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
    let silentAt, spokeAt, back;
    const newcomers = [];
    try {
      await sleep(1000);
      silentAt = Date.now();
      proxy.goSilent();
      // Once the outage is known, requests on new connections: threads that open their database
      // connection now (it waits for the database: it must not be half-opened).
      await sleep((CONNECT_TIMEOUT_S + 1) * 1000);
      for (let i = 0; i < NEWCOMERS; i++) {
        newcomers.push((await requestFrom('127.0.0.1', server.url, { path: `/api/v1/persons/${p.body.id}`, headers: { cookie: session.cookie } })).status);
      }
      await sleep(Math.max(0, silentAt + SILENT_MS - Date.now()));
      spokeAt = Date.now();
      proxy.speak();
      back = await backAgain(call, new Map(), session, server, p.body.id);
      await sleep(500);
    } finally {
      loading = false;
      await load;
    }
    for (const e of log) e.done = e.t + e.ms;

    const bad = log.filter((e) => ![200, 201, 503].includes(e.status));
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} answers other than 200/201/503`);
    // The first attempts, when the host fell silent, each waited connect_timeout. After them,
    // the share of the clients' time spent waiting more than a second for an answer: one
    // connect timeout after another on every connection (about 4 in 5 of the time with a pause
    // of 0.5 s after each), or only on the one connection that tries.
    const from = silentAt + (CONNECT_TIMEOUT_S + 1) * 1000;
    const waited = log.filter((e) => e.ms > 1000 && e.done > from && e.t < spokeAt)
      .reduce((sum, e) => sum + Math.min(e.done, spokeAt) - Math.max(e.t, from), 0);
    const share = waited / (CLIENTS * (spokeAt - from));
    console.log(`# silent host: ${log.filter((e) => e.t >= silentAt && e.t < spokeAt).length} answers while silent; ` +
      `${(share * 100).toFixed(0)} % of the clients' time waiting after the first timeouts; 200 again ${back} ms after it spoke`);
    assert.ok(share < 0.2, `the clients waited ${(share * 100).toFixed(0)} % of the time`);
    assert.ok(back < BACK_WITHIN_MS, `answered again ${back} ms after the host did`);
    const stderr = server.stderr();
    const cannot = stderr.split('\n').filter((l) => l.includes('pg: cannot connect')).length;
    assert.ok(cannot >= 1 && cannot <= 2, `${cannot} "cannot connect" lines in the log:\n${stderr}`);
    assert.match(stderr, /pg: the database answers again/);
    // Every connection made to the database said who it was at once: none was left half-opened
    // (PostgreSQL would wait authentication_timeout, 60 s, for it, and a restart with it).
    assert.deepEqual([...new Set(newcomers)], [503]);
    const mute = proxy.accepted.filter((c) => c.at < spokeAt - 1000 && (c.spokeAt === null || c.spokeAt - c.at > 1000));
    assert.deepEqual(mute, [], `${mute.length} of ${proxy.accepted.length} connections to the database never spoke`);
  } finally {
    await stopClean(server);
    await proxy.close();
    removeStore(direct);
  }
});
