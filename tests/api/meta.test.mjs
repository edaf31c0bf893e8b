// GET /api/v1/meta: the code tables of src/domain (svc_meta_tables()) with their labels, and the
// caller's role and permissions. And the UI against it: web/src names only tables and
// permissions the server has, keeps no copy of a served table, and its Role and Section types
// list the served codes — so that C and the UI cannot disagree on a code or a label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Client, startServer } from '../lib/server.mjs';
import { stopClean } from './support.mjs';

const ROLES = ['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin'];
const USERS = ROLES.map((role) => ({ login: `${role}1`, role, name: `${role} 職員`, password: `${role}-password-1` }));

let server;
const meta = {}; // role -> the body of GET /meta

before(async () => {
  server = await startServer({ users: USERS, args: ['--rate-limit', '0'] });
  for (const u of USERS) {
    const c = new Client(server.url);
    assert.equal((await c.login(u.login, u.password)).status, 200, u.role);
    const r = await c.get('/api/v1/meta');
    assert.equal(r.status, 200, u.role);
    assert.match(r.headers.get('cache-control') || '', /no-store/);
    meta[u.role] = r.body;
  }
});

after(async () => {
  if (server) await stopClean(server);
});

// ---- the answer ----

test('needs a session', async () => {
  const r = await new Client(server.url).get('/api/v1/meta');
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'unauthenticated');
});

test('every table is a list of distinct codes with Japanese labels', () => {
  const { codes } = meta.health;
  assert.equal(typeof codes, 'object');
  for (const [name, list] of Object.entries(codes)) {
    assert.match(name, /^[a-z][a-z_]*$/, `table name ${name}`);
    assert.ok(Array.isArray(list) && list.length > 0, `${name} is empty`);
    for (const c of list) {
      assert.deepEqual(Object.keys(c).sort(), ['code', 'label'], name);
      assert.match(c.code, /^[a-z0-9_]+$/, `${name}: code ${c.code}`);
      assert.ok(typeof c.label === 'string' && c.label.length > 0, `${name}.${c.code} has no label`);
    }
    assert.equal(new Set(list.map((c) => c.code)).size, list.length, `${name} repeats a code`);
  }
  // The tables of the accounts and the audit log, in the order the screens list them.
  assert.deepEqual(codes.roles.map((c) => c.code), ROLES);
  assert.deepEqual(codes.sections, [
    { code: 'health', label: '母子保健' },
    { code: 'welfare', label: '児童福祉' },
    { code: 'common', label: '共通' },
    { code: 'case', label: 'ケース（合同）' },
  ]);
  assert.deepEqual(codes.pending_reasons.map((c) => c.code), ['created', 'role_changed', 'password_reset']);
  for (const action of ['read', 'create', 'update', 'login', 'login_failed', 'login_pending', 'logout', 'approve'])
    assert.ok(codes.audit_actions.some((c) => c.code === action), `audit action ${action}`);
  for (const type of ['person', 'household', 'user', 'report', 'report_reporter', 'audit'])
    assert.ok(codes.audit_object_types.some((c) => c.code === type), `audit object type ${type}`);
  // The one-character marks of the lists (女 / 男 / 不明) are the sexes' codes, in their order.
  assert.deepEqual(codes.sex_marks.map((c) => c.code), codes.sexes.map((c) => c.code));
  assert.deepEqual(codes.sex_marks.map((c) => c.label), ['女', '男', '不明']);
});

// The statistics screen labels each code of a table from /meta: every code the statistics
// answer is one of the table it is counted by, or one the statistics add (stats_extra_codes).
test('every code of the statistics has a served label', async () => {
  const { codes } = meta.director;
  const client = new Client(server.url);
  await client.login('director1', 'director-password-1');
  const groups = [
    ['reports', 'by_type', 'abuse_types'],
    ['reports', 'by_age_band', 'age_bands'],
    ['reports', 'by_route', 'report_routes'],
    ['reports', 'by_perpetrator', 'perpetrators'],
    ['pregnancies', 'by_band', 'notification_bands'],
    ['pregnancies', 'by_risk_level', 'risk_levels'],
  ];
  const extra = codes.stats_extra_codes.map((c) => c.code);
  assert.deepEqual(codes.stats_extra_codes, [
    { code: 'unknown', label: '不明' },
    { code: 'incomplete', label: '未確認の項目あり' },
  ]);
  assert.deepEqual(codes.age_bands.map((c) => c.label), ['0〜3歳未満', '3歳〜学齢前', '小学生', '中学生', '高校生・その他', '年齢不明']);
  for (const [name, key, table] of groups) {
    const r = await client.get(`/api/v1/stats/${name}?fy_from=2020&fy_to=2020`);
    assert.equal(r.status, 200, name);
    const answered = Object.keys(r.body.rows[0][key]);
    const served = codes[table].map((c) => c.code);
    assert.deepEqual(answered.slice(0, served.length), served, `${name}.${key}: the codes of ${table}, in order`);
    for (const code of answered.slice(served.length)) assert.ok(extra.includes(code), `${name}.${key}: ${code} has no label`);
  }
});

test('the tables are the same for every role; the role is the caller\'s', () => {
  for (const role of ROLES) {
    assert.deepEqual(meta[role].codes, meta.health.codes, role);
    const label = meta.health.codes.roles.find((c) => c.code === role).label;
    assert.deepEqual(meta[role].role, { code: role, label }, role);
  }
  assert.equal(meta.director.role.label, 'センター長');
});

test('the permissions are the caller\'s, as the route table applies them', () => {
  const holds = (role, perm) => meta[role].permissions.includes(perm);
  for (const role of ROLES) {
    const p = meta[role].permissions;
    assert.ok(Array.isArray(p) && p.every((x) => /^[a-z_]+$/.test(x)), role);
    assert.equal(new Set(p).size, p.length, `${role} repeats a permission`);
    assert.ok(!p.includes('none'), 'PERM_NONE is everyone\'s: not listed');
  }
  assert.ok(holds('admin', 'user_admin') && holds('admin', 'audit_read'));
  assert.ok(!holds('admin', 'person_read'), 'admin reads no case content');
  assert.ok(holds('director', 'user_approve') && holds('director', 'settings_write') && !holds('director', 'user_admin'));
  assert.ok(holds('health', 'health_write') && !holds('health', 'reporter_read') && !holds('health', 'audit_read'));
  assert.ok(holds('welfare', 'reporter_read') && holds('welfare', 'health_read') && !holds('welfare', 'health_write'));
  assert.ok(holds('clerk', 'reporter_read_own_intake') && !holds('clerk', 'reporter_read'));
  assert.deepEqual(meta.partner.permissions, ['case_partner_view', 'partner_report_write']);
});

test('a permission /meta gives is one the server enforces', async () => {
  // The admin is given audit_read and user_admin, not person_read: the API agrees.
  const admin = new Client(server.url);
  await admin.login('admin1', 'admin-password-1');
  assert.equal((await admin.get('/api/v1/audit?limit=1')).status, 200);
  assert.equal((await admin.get('/api/v1/users?limit=1')).status, 200);
  assert.equal((await admin.get('/api/v1/persons?q=ア')).status, 403);
  const partner = new Client(server.url);
  await partner.login('partner1', 'partner-password-1');
  assert.equal((await partner.get('/api/v1/persons?q=ア')).status, 403);
  assert.equal((await partner.get('/api/v1/audit?limit=1')).status, 403);
});

// ---- the UI against it (web/src, read as text) ----

const WEB_SRC = new URL('../../web/src/', import.meta.url);

function sources(dir = WEB_SRC) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const url = new URL(e.name + (e.isDirectory() ? '/' : ''), dir);
    if (e.isDirectory()) out.push(...sources(url));
    else if (e.name.endsWith('.ts')) out.push({ file: url.pathname.slice(WEB_SRC.pathname.length), text: readFileSync(url, 'utf8') });
  }
  return out;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('the UI names only served tables and codes', () => {
  const { codes } = meta.health;
  let calls = 0;
  for (const { file, text } of sources()) {
    for (const m of text.matchAll(/\b(?:label|codes|codeLabel)\(\s*'([a-z_]+)'(?:\s*,\s*'([^']*)')?/g)) {
      calls++;
      const [, table, code] = m;
      assert.ok(codes[table], `${file}: table '${table}' is not served by /meta`);
      if (code !== undefined) assert.ok(codes[table].some((c) => c.code === code), `${file}: '${table}' has no code '${code}'`);
    }
  }
  assert.ok(calls > 0, 'the UI reads no served table: the pattern above no longer matches its calls');
});

test('the UI asks only for permissions the server has', () => {
  const known = new Set(ROLES.flatMap((r) => meta[r].permissions));
  let asked = 0;
  for (const { file, text } of sources()) {
    for (const m of text.matchAll(/\b(?:may\(\s*|perm:\s*)'([a-z_]+)'/g)) {
      asked++;
      assert.ok(known.has(m[1]), `${file}: permission '${m[1]}' is held by no role`);
    }
  }
  assert.ok(asked > 0, 'the UI asks for no permission: the pattern above no longer matches');
});

// A copy is a file holding most of a served table as code: label pairs. (Two tables may share a
// pair or two — the timeline's kinds and the audit's object types both say report: 通告・相談 —
// without one being a copy of the other.)
test('no served table is kept by hand in web/src', () => {
  const copies = [];
  for (const [table, list] of Object.entries(meta.health.codes)) {
    for (const { file, text } of sources()) {
      const kept = list.filter(({ code, label }) => {
        // `code: 'label'`, `'code': 'label'` or `{ code: 'code', label: 'label' }`.
        const pair = new RegExp(`(^|[\\s{,])['"]?${escape(code)}['"]?\\s*:\\s*['"]${escape(label)}['"]`, 'm');
        const entry = new RegExp(`code:\\s*['"]${escape(code)}['"]\\s*,\\s*label:\\s*['"]${escape(label)}['"]`);
        return pair.test(text) || entry.test(text);
      });
      if (kept.length > list.length / 2) copies.push(`${file}: ${table} (${kept.map((c) => c.code).join(', ')})`);
    }
  }
  assert.deepEqual(copies, [], 'served by GET /api/v1/meta: use label(\'<table>\', code) instead of a copy');
});

// The UI's types are generated from docs/openapi.yaml (web/src/generated/api.d.ts): the yaml's
// enums of roles and of timeline sections must be the codes C serves.
test('the UI\'s Role and Section types are the served codes', () => {
  const generated = readFileSync(new URL('generated/api.d.ts', WEB_SRC), 'utf8');
  const union = (re, what) => {
    const m = generated.match(re);
    assert.ok(m, `generated/api.d.ts has no ${what}`);
    return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]).sort();
  };
  const served = (table) => meta.health.codes[table].map((c) => c.code).sort();
  assert.deepEqual(union(/\n\s*Role: ([^;]+);/, 'Role'), served('roles'));
  assert.deepEqual(union(/\n\s*section: ([^;]+);/, 'timeline section'), served('sections'));
});

// The import screen reads the kinds and their columns from /meta (interchange.md), the lists the
// reader itself checks a file's header against.
test('the import kinds and each kind\'s columns, required ones marked 必須', () => {
  const codes = meta.director.codes;
  assert.deepEqual(codes.import_kinds, [
    { code: 'persons', label: '利用者' },
    { code: 'pregnancies', label: '妊娠届' },
    { code: 'reports', label: '通告・相談' },
    { code: 'visits', label: '訪問・健診' },
  ]);
  const required = (kind) => codes[`import_columns_${kind}`].filter((c) => c.label === '必須').map((c) => c.code);
  assert.deepEqual(required('persons'), ['external_id', 'family_name', 'family_name_kana']);
  assert.deepEqual(required('pregnancies'), ['external_id', 'mother_external_id', 'notified_on', 'weeks_at_notification']);
  assert.deepEqual(required('reports'), ['external_id', 'kind', 'received_at', 'route', 'child_external_ids']);
  assert.deepEqual(required('visits'), ['external_id', 'person_external_id', 'kind', 'on']);
  assert.deepEqual(codes.import_columns_visits.map((c) => c.code), ['external_id', 'person_external_id', 'kind', 'on', 'checkup', 'attended', 'note']);
  for (const kind of codes.import_kinds) for (const c of codes[`import_columns_${kind.code}`]) assert.ok(['必須', '任意'].includes(c.label), c.code);
});
