// The cost of the audit chain's lock (docs/architecture.md): every write appends to the one chain
// and, on PostgreSQL, takes store_lock(STORE_LOCK_AUDIT_CHAIN) — pg_advisory_xact_lock, held until
// the transaction's COMMIT is durable — so the writes of every server are serialised from their
// audit append to the end of their commit. This measures persons created (POST /api/v1/persons:
// insert, event, audit row, durable commit) by concurrent writers for a while:
//
//   one server, one writer           the cost of one write alone (the floor of the latency)
//   one server, WRITERS writers      the server's default 8 threads
//   one server with 16 threads       as many database connections as two servers have
//   two servers, WRITERS/2 each      one database: the lock is what they share
//   pgbench, with and without it     the lock alone: the ceiling it puts on all servers together
//   SQLite, one server               the same on the embedded store (for comparison)
//
// and prints writes/s, the median and p95 latency, and what the database's sessions were doing
// meanwhile (sampled from pg_stat_activity: waiting for the advisory lock, flushing the WAL, or
// working) — what bounds the figures. Figures, not pass/fail; never part of the tests.
//
//   node bench/pg_writes.mjs
//
// Environment: BENCH_SECONDS (10: measured per scenario, after 1 s of warm-up), BENCH_WRITERS (16),
// TSUNAGU_BIN (build/tsunagu), PG_BIN (/usr/lib/postgresql/15/bin), BENCH_PG_FSYNC (on: the
// throwaway cluster made for the run flushes its WAL like a real one; off: as the test cluster,
// which measures everything but the disk), BENCH_SQLITE (1; 0 leaves SQLite out).
// The cluster is made with scripts/pg-test-cluster.sh in a temporary folder and removed at the end.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const WRITERS = Number(process.env.BENCH_WRITERS || 16);
const WARMUP_MS = 1000;
const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
const FSYNC = (process.env.BENCH_PG_FSYNC || 'on') !== 'off';
const WITH_SQLITE = process.env.BENCH_SQLITE !== '0';
const USER = { login: 'bench1', role: 'health', name: '計測 一子', password: 'bench-pass-2024' };

const work = mkdtempSync(join(tmpdir(), 'tsunagu-pg-writes.'));
const clusterDir = join(work, 'cluster-dir');
const conninfoFile = join(work, 'conninfo');

function cluster(step) {
  const r = spawnSync(join(ROOT, 'scripts/pg-test-cluster.sh'), [step, clusterDir], {
    encoding: 'utf8',
    env: { ...process.env, PG_BIN },
  });
  if (r.status !== 0) throw new Error(`pg-test-cluster ${step}: ${r.stderr}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const KANA = 'アイウエオカキクケコ';
const kanaOf = (n) => [...String(n)].map((d) => KANA[d]).join('');

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(lib) {
  const { startServer, Client } = lib.server;
  const { openStore, sql } = lib.store;

  async function loggedIn(url) {
    const c = new Client(url);
    const r = await c.login(USER.login, USER.password);
    if (r.status !== 200) throw new Error(`login: ${r.status}`);
    return c;
  }

  // One writer: creates persons until the deadline; latencies of the requests started after the
  // warm-up (ms), and every status that was not 201.
  async function writer(c, tag, end, out) {
    for (let n = 0; Date.now() < end(); n++) {
      const t0 = performance.now();
      const res = await c.post('/api/v1/persons', { family_name: '計測', family_name_kana: `ケイソク${tag}${kanaOf(n)}` });
      const ms = performance.now() - t0;
      if (res.status !== 201) out.failed.push(res.status);
      else if (Date.now() >= out.measureFrom) out.latencies.push(ms);
    }
  }

  // What the database's client sessions are doing, every 50 ms: waiting for the audit chain's
  // advisory lock, for the WAL (its flush at COMMIT), for something else, or running. One psql
  // kept open for it (a process per sample would weigh on the figures).
  async function sampler(store, until) {
    const counts = { advisory: 0, wal: 0, other: 0, active: 0, samples: 0 };
    if (store.kind !== 'pg') return counts;
    const WAL = "('WALSync', 'WALWrite', 'WALInsert', 'WALWriteLock', 'SyncRep')";
    const q = `SELECT COALESCE(sum((wait_event = 'advisory')::int), 0) || ' ' ||
      COALESCE(sum((wait_event IN ${WAL})::int), 0) || ' ' ||
      COALESCE(sum((wait_event <> 'advisory' AND wait_event NOT IN ${WAL})::int), 0) || ' ' ||
      COALESCE(sum((wait_event IS NULL)::int), 0)
      FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'
      AND state = 'active' AND pid <> pg_backend_pid();`.replace(/\s+/g, ' ');
    const psql = spawn(join(PG_BIN, 'psql'), ['-X', '-q', '-At', '-d', store.conninfo], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buffered = '';
    let waiting = null;
    psql.stdout.on('data', (d) => {
      buffered += d;
      const nl = buffered.indexOf('\n');
      if (nl >= 0 && waiting) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        waiting(line);
      }
    });
    while (Date.now() < until()) {
      const line = await new Promise((resolve) => {
        waiting = resolve;
        psql.stdin.write(q + '\n');
      });
      const [a, w, o, r] = line.split(' ').map(Number);
      counts.advisory += a;
      counts.wal += w;
      counts.other += o;
      counts.active += r;
      counts.samples++;
      await sleep(50);
    }
    psql.stdin.end();
    await new Promise((resolve) => psql.on('close', resolve));
    return counts;
  }

  // servers: how many; writers: in all, shared out between the servers.
  async function scenario(label, { kind, servers = 1, writers = WRITERS, args = [] }) {
    let store;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(work, 'sqlite-'));
      store = { kind: 'sqlite', dir, dbPath: join(dir, 'bench.db'), auditKey: join(dir, 'bench.db.audit-key'), running: 0 };
    } else {
      store = openStore();
    }
    const list = [await startServer({ store, users: [USER], args: ['--rate-limit', '0', ...args] })];
    try {
      for (let i = 1; i < servers; i++) list.push(await startServer({ shareWith: list[0], args: ['--rate-limit', '0', ...args] }));
      await measure(label, store, list, writers);
    } finally {
      for (const s of list.reverse()) await s.stop();
    }
  }

  async function measure(label, store, list, writers) {
    const servers = list.length;
    // One after the other: logins at once would count as failures until they succeed and
    // throttle the account (service/session.c), and their password hashing would weigh on the
    // measurement.
    const clients = [];
    for (let i = 0; i < writers; i++) clients.push(await loggedIn(list[i % servers].url));
    const out = { latencies: [], failed: [], measureFrom: Date.now() + WARMUP_MS };
    const deadline = out.measureFrom + SECONDS * 1000;
    const sampled = sleep(WARMUP_MS).then(() => sampler(store, () => deadline));
    await Promise.all(clients.map((c, i) => writer(c, kanaOf(i) + 'ン', () => deadline, out)));
    const activity = await sampled;
    const lat = out.latencies.sort((a, b) => a - b);
    const perSecond = lat.length / SECONDS;
    const line = [
      label.padEnd(50),
      `${perSecond.toFixed(0).padStart(6)} writes/s`,
      `median ${percentile(lat, 50).toFixed(1).padStart(6)} ms`,
      `p95 ${percentile(lat, 95).toFixed(1).padStart(6)} ms`,
      out.failed.length ? `FAILED ${out.failed.length} (${[...new Set(out.failed)].join(',')})` : '',
    ].join('  ');
    console.log(line);
    if (activity.samples) {
      const avg = (n) => (n / activity.samples).toFixed(1);
      console.log(`${''.padEnd(52)}sessions on average: ${avg(activity.advisory)} waiting for the audit lock, ` +
        `${avg(activity.wal)} for the WAL, ${avg(activity.other)} for other things, ${avg(activity.active)} running`);
    }
  }

  // The lock alone, without tsunagu: pgbench transactions shaped like a write (a row of the
  // record, then the chain's tip read and a row appended after it, then COMMIT), with the advisory
  // lock and without it. With it, COMMITs (and their WAL flush) happen one after the other; without
  // it, PostgreSQL flushes the WAL once for several commits. The ceiling the lock puts on every
  // server together.
  function pgbench(label, withLock, clients) {
    const db = openStore();
    sql(db, 'CREATE TABLE w (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v INTEGER);' +
      ' CREATE TABLE chain (seq BIGINT PRIMARY KEY, at BIGINT);' +
      ' CREATE SEQUENCE chain_free;');
    const script = join(db.dir, 'write.sql');
    writeFileSync(script, ['BEGIN;', 'INSERT INTO w (v) VALUES (1);',
      withLock ? 'SELECT pg_advisory_xact_lock(1953722983, 1);\nINSERT INTO chain SELECT COALESCE(max(seq), 0) + 1, 0 FROM chain;'
        : "INSERT INTO chain VALUES (nextval('chain_free'), 0);",
      'COMMIT;', ''].join('\n'));
    const r = spawnSync(join(PG_BIN, 'pgbench'), ['-n', '-f', script, '-c', String(clients), '-j', '2', '-T', '5', db.conninfo], { encoding: 'utf8' });
    lib.store.removeStore(db);
    if (r.status !== 0) throw new Error(`pgbench: ${r.stderr}`);
    const tps = r.stdout.match(/tps = ([0-9.]+)/);
    const latency = r.stdout.match(/latency average = ([0-9.]+) ms/);
    console.log(`${label.padEnd(50)}  ${Number(tps[1]).toFixed(0).padStart(6)} commits/s  average ${Number(latency[1]).toFixed(1).padStart(6)} ms`);
  }

  const storage = FSYNC ? 'PostgreSQL (fsync on)' : 'PostgreSQL (fsync off)';
  // The writers, the servers and PostgreSQL share this machine: its size and how busy it was
  // belong with the figures.
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`pg_writes: ${SECONDS} s per scenario after ${WARMUP_MS / 1000} s of warm-up; POST /api/v1/persons;` +
    ` ${cpus().length} CPUs, load average ${load()} at the start`);
  await scenario(`${storage}, 1 server, 1 writer`, { kind: 'pg', writers: 1 });
  await scenario(`${storage}, 1 server, ${WRITERS} writers`, { kind: 'pg' });
  await scenario(`${storage}, 1 server (16 threads), ${WRITERS} writers`, { kind: 'pg', args: ['--threads', '16'] });
  await scenario(`${storage}, 2 servers, ${WRITERS / 2} writers each`, { kind: 'pg', servers: 2 });
  pgbench(`pgbench, 1 client, with the lock`, true, 1);
  pgbench(`pgbench, ${WRITERS} clients, with the lock`, true, WRITERS);
  pgbench(`pgbench, ${WRITERS} clients, without it`, false, WRITERS);
  if (WITH_SQLITE) {
    await scenario('SQLite, 1 server, 1 writer', { kind: 'sqlite', writers: 1 });
    await scenario(`SQLite, 1 server, ${WRITERS} writers`, { kind: 'sqlite' });
  }
  console.log(`load average ${load()} at the end`);
}

try {
  cluster('start');
  const admin = readFileSync(conninfoFile, 'utf8').trim();
  if (FSYNC) {
    // The test cluster's settings trade durability for speed; a bench of commits wants them back.
    const r = spawnSync(join(PG_BIN, 'psql'), ['-X', '-q', '-d', admin], {
      input: 'ALTER SYSTEM SET fsync = on;\nALTER SYSTEM SET full_page_writes = on;\nSELECT pg_reload_conf();\n',
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  }
  process.env.TSUNAGU_TEST_STORE = 'pg';
  process.env.TSUNAGU_TEST_PG_FILE = conninfoFile;
  process.env.TSUNAGU_TEST_PG_BIN = PG_BIN;
  const server = await import('../tests/lib/server.mjs');
  const store = await import('../tests/lib/store.mjs');
  await main({ server, store });
} finally {
  cluster('stop');
  rmSync(work, { recursive: true, force: true });
}
