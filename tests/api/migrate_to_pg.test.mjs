// tsunagu migrate-to-pg (docs/operations.md, "Moving a center from SQLite to PostgreSQL"): a
// center's SQLite database moved into an empty PostgreSQL database with every row and the audit
// chain intact, served from there with the same key; refused into a database that holds rows; a
// move that fails midway (a row PostgreSQL refuses) leaves the target empty.
// PostgreSQL only (the api_pg pass): the SQLite center is made here, whatever the run's store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BIN, Client, startServer } from '../lib/server.mjs';
import { cloneStore, onPg, openStore, removeStore, sql, sqlRows } from '../lib/store.mjs';
import { stopClean } from './support.mjs';
import { USERS } from './health_support.mjs';

const pgOnly = { skip: !onPg && 'PostgreSQL only' };
const SQLITE_MIGRATIONS = new URL('../../src/store/migrations/sqlite/', import.meta.url).pathname;

// Text that COPY's text format must escape (a backslash, tab, CR, LF), and text it must not touch.
const NOTES = '初回面接。\r\n実家とは疎遠\t(タブ)\\N は NULL ではない \\t \\\\ 終わり\n';

let src; // the SQLite center, stopped
let seen = {}; // what the API answered on SQLite
let clients = {}; // signed in on SQLite
let ids = {};
const stores = [];

function run(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 120000 });
  assert.doesNotMatch(r.stderr || '', /Sanitizer|runtime error:/, r.stderr);
  return r;
}

const migrate = (from, to, extra = []) => run(['migrate-to-pg', '--db', from.dbPath, '--pg', to.conninfo, ...extra]);

// A new, empty PostgreSQL database of the test cluster (as the test servers get).
function emptyPg() {
  const store = openStore(null, { kind: 'pg' });
  stores.push(store);
  return store;
}

// The tables of the SQLite schema, schema_migrations aside (each database has its own).
const tablesOf = (sqliteStore) =>
  sql(sqliteStore, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name").split('\n');

const countsOf = (store, tables) => Object.fromEntries(tables.map((t) => [t, Number(sql(store, `SELECT COUNT(*) FROM ${t}`))]));

// A table's rows in an order of their own (the key order of the two databases may differ).
const rowsOf = (store, table) =>
  sqlRows(store, `SELECT * FROM ${table}`)
    .map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]])))
    .sort();

function tipOf(output) {
  const m = output.match(/^audit tip: seq=(\d+) hash=([0-9a-f]{64})$/m);
  assert.ok(m, output);
  return m[0];
}

function verify(store, key) {
  const where = store.kind === 'pg' ? ['--pg', store.conninfo, '--audit-key', key] : ['--db', store.dbPath];
  const r = run(['audit', 'verify', ...where]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return tipOf(r.stdout);
}

async function getOk(client, path) {
  const r = await client.get(path);
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// What the center's users read: the same answers on SQLite and, after the move, on PostgreSQL.
async function readAll(c) {
  return {
    mother: await getOk(c.health, `/api/v1/persons/${ids.mother}`),
    child: await getOk(c.welfare, `/api/v1/persons/${ids.child}`),
    timeline: await getOk(c.welfare, `/api/v1/persons/${ids.child}/timeline?limit=500`),
    pregnancy: await getOk(c.health, `/api/v1/pregnancies/${ids.pregnancy}`),
    report: await getOk(c.welfare, `/api/v1/reports/${ids.report}`),
  };
}

before(async () => {
  if (!onPg) return;
  src = openStore(null, { kind: 'sqlite' });
  const server = await startServer({ store: src, users: [USERS.director, USERS.health, USERS.welfare], args: ['--rate-limit', '0'] });
  for (const role of ['director', 'health', 'welfare']) {
    clients[role] = new Client(server.url);
    assert.equal((await clients[role].login(USERS[role].login, USERS[role].password)).status, 200);
  }
  const c = clients;
  const person = async (fields) => {
    const r = await c.health.post('/api/v1/persons', { family_name: '移行', family_name_kana: 'イコウ', ...fields });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  ids.mother = await person({ given_name: '母子', given_name_kana: 'ハハコ', birth_date: '1994-04-04', address: '東京都 つなぐ市 1-2-3' });
  ids.child = await person({ given_name: '太郎', given_name_kana: 'タロウ', birth_date: '2021-05-05' });
  let r = await c.health.post('/api/v1/pregnancies', {
    mother_id: ids.mother, notified_on: '2025-06-01', weeks_at_notification: 12, due_date: '2025-12-20',
    answers: { no_support_person: true, dv: false }, notes: NOTES, child_ids: [ids.child],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  ids.pregnancy = r.body.id;
  const received = new Date(Math.floor(Date.now() / 60e3) * 60e3 - 2 * 3600e3 + 9 * 3600e3).toISOString().slice(0, 19) + '+09:00';
  r = await c.welfare.post('/api/v1/reports', {
    kind: 'abuse_report', received_at: received, child_ids: [ids.child], route: 'school',
    abuse_types: ['physical'], summary: '登校時に顔のあざ', guardians: [{ person_id: ids.mother, relation: '実母' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  ids.report = r.body.id;
  r = await c.welfare.post(`/api/v1/reports/${ids.report}/events`, { step: 'juri', urgency: 'a', note: NOTES });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await c.health.post('/api/v1/households', {
    name: '移行家', address: '東京都 つなぐ市 1-2-3',
    members: [{ person_id: ids.mother, relation: 'mother', from: '2020-04-01' }, { person_id: ids.child, relation: 'child' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await c.health.post('/api/v1/visits', { person_id: ids.child, kind: 'newborn_visit', on: '2021-06-01', status: 'done', staff: '助産師 田中', notes: NOTES });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await c.health.post('/api/v1/screenings', { person_id: ids.mother, instrument: 'epds', administered_on: '2025-06-15', answers: Array(10).fill(1) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // The CSV import's tables: an import, its record, a child born a month ago marked as history.
  const born = new Date(Date.now() - 30 * 86400e3).toISOString().slice(0, 10);
  r = await c.director.post('/api/v1/import/persons', `external_id,family_name,family_name_kana,birth_date\nimp1,移行,イコウ,${born}\n`, { 'content-type': 'text/csv' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // A child typed twice, then merged (migration 015): a pair, a merge and the rows it moved.
  const twin = await person({ given_name: '二重', given_name_kana: 'ニジュウ', birth_date: '2022-02-22' });
  const twin2 = await person({ given_name: '二重', given_name_kana: 'ニジュウ', birth_date: '2022-02-22' });
  r = await c.director.post('/api/v1/persons/merges', { survivor_id: twin, merged_id: twin2 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // The on-call roster (migration 013).
  const welfareId = (await c.welfare.get('/api/v1/session')).body.user.id;
  r = await c.director.post('/api/v1/on_call', { user_id: welfareId, starts_at: '2026-12-04T17:15:00+09:00', ends_at: '2026-12-07T08:30:00+09:00', contact: '当番携帯 090-0000-0000' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal((await c.director.get('/api/v1/alerts')).status, 200); // audit_shown
  assert.equal((await new Client(server.url).login(USERS.health.login, 'not-the-password')).status, 401); // login_failures
  seen = await readAll(c); // reads: audit rows too
  await stopClean(server, { keep: true });
  fillJointCase(src);
  seen.mother.address_protected = true; // marked by fillJointCase: the answer carries the mark
});

// A row in every table of the joint case (migration 010), written directly: the move copies
// tables, whoever wrote them.
function fillJointCase(store) {
  const dir = sql(store, "SELECT id FROM users WHERE role = 'director'");
  const hh = sql(store, 'SELECT id FROM households');
  sql(store, `
    INSERT INTO agencies (id, name, kind, created_at, updated_at) VALUES ('ag1', 'つなぐ小学校', 'school', 1, 1);
    UPDATE users SET agency_id = 'ag1' WHERE id = '${dir}';
    UPDATE persons SET address_protected = 1 WHERE id = '${ids.mother}';
    INSERT INTO conferences (id, kind, held_on, place, chair_id, minutes, created_by, created_at, updated_at)
      VALUES ('cf1', 'joint_case', '2025-07-01', '相談室', '${dir}', '${NOTES}', '${dir}', 2, 2);
    INSERT INTO cases (id, household_id, lead_id, opened_on, opened_from_type, opened_from_id, created_by, created_at, updated_at)
      VALUES ('cs1', '${hh}', '${dir}', '2025-06-20', 'pregnancy', '${ids.pregnancy}', '${dir}', 2, 2);
    INSERT INTO case_subjects (case_id, person_id, category, designated_by, designated_on, youtaikyo, registered_on, added_on)
      VALUES ('cs1', '${ids.mother}', 'tokutei_ninpu', 'cf1', '2025-07-01', 1, '2025-07-01', '2025-06-20');
    INSERT INTO case_agencies (case_id, agency_id) VALUES ('cs1', 'ag1');
    INSERT INTO conference_cases (conference_id, case_id, discussion) VALUES ('cf1', 'cs1', '${NOTES}');
    INSERT INTO conference_attendees (conference_id, position, name, agency, agency_id) VALUES ('cf1', 0, '校長', 'つなぐ小学校', 'ag1');
    INSERT INTO conference_decisions (conference_id, position, case_id, person_id, category, register, policy)
      VALUES ('cf1', 0, 'cs1', '${ids.mother}', 'tokutei_ninpu', 1, '週1回の訪問');
    INSERT INTO conference_actions (id, conference_id, position, what, owner_id, due_on, case_id)
      VALUES ('ac1', 'cf1', 0, '家庭訪問', '${dir}', '2025-07-15', 'cs1');
    INSERT INTO plans (id, case_id, plan_version, guardian_wishes, child_views, created_by, created_at, updated_at)
      VALUES ('pl1', 'cs1', 1, '${NOTES}', '「ママといたい」', '${dir}', 3, 3);
    INSERT INTO plan_subjects (plan_id, position, person_id) VALUES ('pl1', 0, '${ids.child}');
    INSERT INTO plan_services (plan_id, position, what, who, how_often, from_on, to_on)
      VALUES ('pl1', 0, '家庭訪問', '保健師', '月1回', '2025-07-01', '2025-12-31');
    INSERT INTO plan_contacts (plan_id, position, name, relation, phone) VALUES ('pl1', 0, '祖母', '祖母', '000-0000-0000');
    INSERT INTO partner_reports (id, case_id, agency_id, on_date, text, created_by, created_at)
      VALUES ('pr1', 'cs1', 'ag1', '2025-07-10', '欠席なし', '${dir}', 4);`);
}

after(() => {
  for (const s of stores) removeStore(s);
  if (src) removeStore(src);
});

let moved; // the PostgreSQL database the center was moved into
let tipAfterMove;

test('migrate-to-pg moves every row of every table and the audit chain, and checks both', pgOnly, () => {
  const tables = tablesOf(src);
  const counts = countsOf(src, tables);
  // The center made above has rows in every table but settings (the defaults are not stored).
  assert.deepEqual(tables.filter((t) => counts[t] === 0), ['settings'], JSON.stringify(counts));
  moved = emptyPg();
  const r = migrate(src, moved);
  assert.equal(r.status, 0, r.stdout + r.stderr);

  // It prints the rows moved per table, every table, and they are those of SQLite.
  const printed = Object.fromEntries([...r.stdout.matchAll(/^table (\w+): (\d+) rows$/gm)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(printed, counts);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  assert.match(r.stdout, new RegExp(`^moved ${total} rows in `, 'm'));
  assert.match(r.stdout, /^checked: every table has as many rows in PostgreSQL as in SQLite$/m);

  // Every table has as many rows on both sides, and the same rows: text with tabs, newlines, CRs
  // and backslashes as it was, NULLs still NULL.
  assert.deepEqual(countsOf(moved, tables), counts);
  for (const t of tables) assert.deepEqual(rowsOf(moved, t), rowsOf(src, t), t);
  assert.equal(sql(moved, "SELECT COUNT(*) FROM pregnancies WHERE notes LIKE '%' || chr(9) || '%' AND notes LIKE '%' || chr(13) || '%'"), '1');
  assert.equal(sql(moved, 'SELECT COUNT(*) FROM persons WHERE resident_id IS NULL'), String(counts.persons));

  // The chain verifies on PostgreSQL with the center's key, to the same tip as in SQLite; the
  // command printed that tip.
  const tip = verify(src);
  assert.equal(verify(moved, src.auditKey), tip);
  assert.equal(tipOf(r.stdout), tip);
  tipAfterMove = tip;
});

test('the moved database has the schema a new one gets (what the copy dropped is back)', pgOnly, () => {
  assert.ok(moved, 'moved by the test before');
  const fresh = emptyPg();
  verify(fresh, src.auditKey); // migrates it
  const schema = (store) => sql(store, `
    SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
    UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
    UNION ALL SELECT tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
    ORDER BY 1`);
  assert.match(schema(moved), /person_keys_person_id_fkey FOREIGN KEY \(person_id\) REFERENCES persons\(id\)/);
  assert.equal(schema(moved), schema(fresh));
});

test('PostgreSQL serves the moved center with the same key: the same answers, new writes, one chain', pgOnly, async () => {
  assert.ok(moved, 'moved by the test before');
  moved.auditKey = src.auditKey; // every PostgreSQL server is pointed at the SQLite center's key file
  const server = await startServer({ store: moved, args: ['--rate-limit', '0'] });
  try {
    // The sessions moved too: the users signed in on SQLite still are.
    const c = {};
    for (const [role, old] of Object.entries(clients)) {
      c[role] = new Client(server.url);
      c[role].cookie = old.cookie;
      c[role].csrf = old.csrf;
    }
    assert.deepEqual(await readAll(c), seen);

    // New keys the database assigns continue after the moved ones (events.seq, report_events.seq).
    const maxEvent = Number(sql(moved, 'SELECT MAX(seq) FROM events'));
    let r = await c.health.post('/api/v1/persons', { family_name: '新規', family_name_kana: 'シンキ' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.ok(Number(sql(moved, `SELECT MIN(seq) FROM events WHERE person_id = '${r.body.id}'`)) > maxEvent);
    const maxStep = Number(sql(moved, 'SELECT MAX(seq) FROM report_events'));
    r = await c.welfare.post(`/api/v1/reports/${ids.report}/events`, { step: 'investigation', note: '家庭訪問' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.events.map((e) => e.step), ['received', 'juri', 'investigation']);
    assert.ok(r.body.events.at(-1).seq > maxStep, JSON.stringify(r.body.events));
  } finally {
    await stopClean(server, { keep: true });
  }
  // The chain goes on from the moved tip, and verifies.
  const tip = verify(moved, src.auditKey);
  assert.notEqual(tip, tipAfterMove);
  assert.ok(Number(tip.match(/seq=(\d+)/)[1]) > Number(tipAfterMove.match(/seq=(\d+)/)[1]));
});

test('a second move into the same database is refused and changes nothing', pgOnly, () => {
  assert.ok(moved, 'moved by the test before');
  const tables = tablesOf(src);
  const before = countsOf(moved, tables);
  const tip = verify(moved, src.auditKey);
  const r = migrate(src, moved);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /migrate-to-pg: the target is not empty \(table agencies has rows\): nothing was written/);
  assert.doesNotMatch(r.stdout, /^table /m);
  assert.deepEqual(countsOf(moved, tables), before);
  assert.equal(verify(moved, src.auditKey), tip);
});

test('a move that fails midway leaves the target empty, and can be done again once the cause is fixed', pgOnly, () => {
  // A hand edit with the sqlite3 shell (foreign keys are off there unless turned on) left a
  // guardian who is no one: PostgreSQL refuses the row when it checks report_guardians, long
  // after users, persons, events, audit and reports were copied in the same transaction.
  const copy = cloneStore(src);
  stores.push(copy);
  sql(copy, `INSERT INTO report_guardians (report_id, position, person_id, relation) VALUES ('${ids.report}', 9, 'no-such-person', '実父')`);
  const target = emptyPg();
  const tables = tablesOf(copy);
  let r = migrate(copy, target, ['--audit-key', src.auditKey]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /migrate-to-pg: the copy of table report_guardians failed \(see the log above\); the target is left empty/);
  assert.match(r.stderr, /report_guardians_person_id_fkey/); // the log names the constraint, not the row
  assert.doesNotMatch(r.stderr, /no-such-person/);
  assert.match(r.stderr, /move: reports: 1 rows/); // it had got that far
  for (const [t, n] of Object.entries(countsOf(target, tables))) assert.equal(n, 0, t);

  sql(copy, "DELETE FROM report_guardians WHERE person_id = 'no-such-person'");
  r = migrate(copy, target, ['--audit-key', src.auditKey]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(countsOf(target, tables), countsOf(copy, tables));
});

test('a chain that does not verify with the key given is not moved', pgOnly, () => {
  const other = join(src.dir, 'other-key');
  writeFileSync(other, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  const target = emptyPg();
  let r = migrate(src, target, ['--audit-key', other]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /the SQLite audit chain is broken at row \d+ \(keyed with another key than the one given\); nothing was moved/);
  for (const [t, n] of Object.entries(countsOf(target, tablesOf(src)))) assert.equal(n, 0, t);

  // Without the key file beside the database (and none named), keyed rows cannot be checked.
  const copy = cloneStore(src);
  stores.push(copy);
  r = migrate(copy, target);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /the SQLite audit chain is keyed from row 1 on: give its key with --audit-key FILE/);
});

test('an SQLite file of an older build is migrated first, then moved', pgOnly, () => {
  const old = openStore(null, { kind: 'sqlite' });
  stores.push(old);
  const files = readdirSync(SQLITE_MIGRATIONS).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  const script = ['CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);'];
  for (const f of files.slice(0, -1)) {
    script.push('BEGIN;', readFileSync(join(SQLITE_MIGRATIONS, f), 'utf8'),
      `INSERT INTO schema_migrations VALUES (${parseInt(f, 10)}, '${f.replace(/\.sql$/, '')}', 1700000000);`, 'COMMIT;');
  }
  script.push("INSERT INTO users (id, login, name, role, password_hash, created_at, updated_at) VALUES ('u-old', 'old1', '旧 利用者', 'health', 'x', 1700000000, 1700000000);");
  sql(old, script.join('\n'));
  const latest = parseInt(files.at(-1), 10);

  const target = emptyPg();
  const r = migrate(old, target);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`store: applied migration ${files.at(-1).replace(/\.sql$/, '')}`));
  assert.equal(sql(old, 'SELECT MAX(version) FROM schema_migrations'), String(latest));
  assert.equal(sql(target, 'SELECT MAX(version) FROM schema_migrations'), String(latest));
  assert.equal(sql(target, "SELECT login || ' ' || status FROM users"), 'old1 active');
  assert.match(r.stdout, /^audit: 0 rows, chain intact/m);
});

test('migrate-to-pg names both databases, and an SQLite file that exists', pgOnly, () => {
  const target = emptyPg();
  assert.equal(run(['migrate-to-pg', '--pg', target.conninfo]).status, 2);
  assert.equal(run(['migrate-to-pg', '--db', src.dbPath]).status, 2);
  const r = run(['migrate-to-pg', '--db', join(src.dir, 'no-such.db'), '--pg', target.conninfo]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no database file/);
  assert.deepEqual(readdirSync(src.dir).filter((f) => f.startsWith('no-such')), []); // none made
});
