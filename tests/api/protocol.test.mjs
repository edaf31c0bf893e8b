// Protocol edges: request framing that a proxy and this server could read differently, errors of
// the HTTP layer in the JSON format with the security headers, 405 with Allow, and answers that
// could not be built (500, never 200 with nothing, never a list with a row left out).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Client, startServer } from '../lib/server.mjs';
import { onPg, sql as sqlOn } from '../lib/store.mjs';
import { stopClean } from './support.mjs';

const ADMIN = { login: 'kanri', role: 'admin', name: '管理 一郎', password: 'kanri-pass-2024' };
const CLERK = { login: 'jimu', role: 'clerk', name: '事務 花子', password: 'jimu-pass-2024!' };
const WELFARE = { login: 'fukushi', role: 'welfare', name: '福祉 次郎', password: 'fukushi-pass-24' };

let server, admin, clerk, welfare;

before(async () => {
  server = await startServer({ users: [ADMIN, CLERK, WELFARE], args: ['--rate-limit', '0'] });
  admin = new Client(server.url);
  clerk = new Client(server.url);
  welfare = new Client(server.url);
  assert.equal((await welfare.login(WELFARE.login, WELFARE.password)).status, 200);
  assert.equal((await admin.login(ADMIN.login, ADMIN.password)).status, 200);
  assert.equal((await clerk.login(CLERK.login, CLERK.password)).status, 200);
});

after(async () => {
  if (server) await stopClean(server);
});

// Writes bytes on one connection and reads until the server closes it (or 5 s pass). Resolves to
// { responses: [{status, headers, body}], closed }.
function exchange(bytes) {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const chunks = [];
    let closed = false;
    const sock = net.connect({ host: u.hostname, port: Number(u.port) }, () => sock.write(bytes));
    const timer = setTimeout(() => sock.destroy(), 5000);
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', reject);
    sock.on('end', () => (closed = true));
    sock.on('close', () => {
      clearTimeout(timer);
      resolve({ responses: parseResponses(Buffer.concat(chunks)), closed });
    });
  });
}

function parseResponses(buf) {
  const out = [];
  while (buf.subarray(0, 7).toString() === 'HTTP/1.') {
    const end = buf.indexOf('\r\n\r\n');
    const lines = buf.subarray(0, end).toString('utf8').split('\r\n');
    const headers = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    const len = Number(headers['content-length'] || 0);
    const raw = buf.subarray(end + 4, end + 4 + len).toString('utf8');
    const body = (headers['content-type'] || '').includes('application/json') && raw ? JSON.parse(raw) : raw;
    out.push({ status: Number(lines[0].split(' ')[1]), headers, body });
    buf = buf.subarray(end + 4 + len);
  }
  return out;
}

function assertSecurityHeaders(h, what) {
  const get = (n) => (typeof h.get === 'function' ? h.get(n) : h[n]);
  assert.match(get('content-security-policy') || '', /frame-ancestors 'none'/, what);
  assert.equal(get('x-content-type-options'), 'nosniff', what);
  assert.equal(get('referrer-policy'), 'no-referrer', what);
  assert.equal(get('x-frame-options'), 'DENY', what);
}

const head = (lines) => lines.join('\r\n') + '\r\n\r\n';
const smuggled = 'GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n';

test('two different Content-Length headers: 400 naming the header, one answer, connection closed', async () => {
  const body = '{}' + smuggled;
  const r = await exchange(head(['POST /api/v1/session HTTP/1.1', 'Host: x', 'Content-Type: application/json',
    'Content-Length: 2', `Content-Length: ${body.length}`]) + body);
  assert.equal(r.responses.length, 1, JSON.stringify(r.responses.map((x) => x.status)));
  const [a] = r.responses;
  assert.equal(a.status, 400);
  assert.equal(a.body.error.code, 'invalid_field');
  assert.equal(a.body.error.field, 'Content-Length');
  assertSecurityHeaders(a.headers, 'duplicate Content-Length');
  assert.ok(r.closed, 'the connection is closed');
});

test('the same Content-Length twice is refused as well', async () => {
  const r = await exchange(head(['POST /api/v1/session HTTP/1.1', 'Host: x', 'Content-Type: application/json',
    'Content-Length: 2', 'content-length: 2']) + '{}' + smuggled);
  assert.deepEqual(r.responses.map((x) => x.status), [400]);
  assert.equal(r.responses[0].body.error.field, 'Content-Length');
});

test('Content-Length with Transfer-Encoding, or a transfer coding other than chunked: 400', async () => {
  const both = await exchange(head(['POST /api/v1/session HTTP/1.1', 'Host: x', 'Content-Type: application/json',
    'Content-Length: 4', 'Transfer-Encoding: chunked']) + '2\r\n{}\r\n0\r\n\r\n' + smuggled);
  assert.deepEqual(both.responses.map((x) => x.status), [400]);
  assert.equal(both.responses[0].body.error.field, 'Transfer-Encoding');
  const gzip = await exchange(head(['POST /api/v1/session HTTP/1.1', 'Host: x', 'Content-Type: application/json',
    'Transfer-Encoding: gzip']) + '{}');
  assert.deepEqual(gzip.responses.map((x) => x.status), [400]);
  assert.equal(gzip.responses[0].body.error.field, 'Transfer-Encoding');
  // A plain chunked body still works, and keep-alive serves the next request.
  const ok = await exchange(head(['POST /api/v1/session HTTP/1.1', 'Host: x', 'Content-Type: application/json',
    'Transfer-Encoding: chunked']) + '2\r\n{}\r\n0\r\n\r\n' + 'GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.deepEqual(ok.responses.map((x) => x.status), [400, 404]);
  assert.equal(ok.responses[0].body.error.code, 'missing_field');
});

test('405 carries Allow with the methods of the path; errors of the HTTP layer are JSON with the security headers', async () => {
  const me = await clerk.get('/api/v1/session');
  assert.equal(me.status, 200);
  const p = await clerk.post('/api/v1/persons', { family_name: '許可', family_name_kana: 'キョカ' });
  assert.equal(p.status, 201);
  const cases = [
    ['DELETE', `/api/v1/persons/${p.body.id}`, 'GET, PATCH'],
    ['PUT', '/api/v1/persons', 'GET, POST'],
    ['PATCH', '/api/v1/session', 'POST, GET, DELETE'],
    ['POST', '/api/v1/audit', 'GET'],
  ];
  for (const [method, path, allow] of cases) {
    const r = await clerk.req(method, path, method === 'DELETE' ? undefined : {});
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.equal(r.headers.get('allow'), allow, `${method} ${path}`);
    assert.equal(r.body.error.code, 'method_not_allowed');
    assertSecurityHeaders(r.headers, `${method} ${path}`);
  }
  // The static side: 405 with Allow, 404, both JSON.
  const post = await fetch(server.url + '/', { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  assert.match(post.headers.get('content-type'), /^application\/json/);
  assert.equal((await post.json()).error.code, 'method_not_allowed');
  assertSecurityHeaders(post.headers, 'static 405');
  const missing = await fetch(server.url + '/assets/no-such-file.js');
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('content-type'), /^application\/json/);
  assert.equal((await missing.json()).error.code, 'not_found');
  assertSecurityHeaders(missing.headers, 'static 404');
});

function sql(text) {
  sqlOn(server, text);
}

// The rows below hold bytes that are not UTF-8 (CAST(X'FF' AS TEXT)): SQLite stores them, a
// PostgreSQL database (UTF8) refuses them, so there such a row cannot exist.
const NO_BAD_UTF8 = onPg && 'PostgreSQL stores no text that is not UTF-8';

test('a person whose record cannot be shown answers 500, not 200 with nothing or with a field left out', { skip: NO_BAD_UTF8 }, async () => {
  const a = await clerk.post('/api/v1/persons', { family_name: '壊', family_name_kana: 'コワ', address: '東京都' });
  const b = await clerk.post('/api/v1/persons', { family_name: '壊', family_name_kana: 'コワレ' });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  // Bytes that are not UTF-8 (a damaged file, a bad import): the JSON of the field cannot be built.
  sql(`UPDATE persons SET address = CAST(X'E69DB1FF' AS TEXT) WHERE id = '${a.body.id}';
       UPDATE persons SET family_name = CAST(X'FF' AS TEXT) WHERE id = '${b.body.id}';`);
  for (const id of [a.body.id, b.body.id]) {
    const r = await clerk.get(`/api/v1/persons/${id}`);
    assert.equal(r.status, 500, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'internal');
  }
  // The others are still shown.
  const ok = await clerk.post('/api/v1/persons', { family_name: '無事', family_name_kana: 'ブジ' });
  assert.equal((await clerk.get(`/api/v1/persons/${ok.body.id}`)).status, 200);
});

test('a list with a row that cannot be shown answers 500 rather than leaving the row out', { skip: NO_BAD_UTF8 }, async () => {
  const before = await admin.get('/api/v1/users');
  assert.equal(before.status, 200);
  assert.deepEqual(before.body.items.map((u) => u.login).sort(), [CLERK.login, ADMIN.login, WELFARE.login].sort());
  sql(`UPDATE users SET name = CAST(X'FF' AS TEXT) WHERE login = '${CLERK.login}'`);
  const after = await admin.get('/api/v1/users');
  assert.equal(after.status, 500, JSON.stringify(after.body));
  assert.equal(after.body.error.code, 'internal');
  sql(`UPDATE users SET name = '${CLERK.name}' WHERE login = '${CLERK.login}'`);
  assert.equal((await admin.get('/api/v1/users')).status, 200);
});

// A child left off the board, a report or a search because its name could not be shown would be a
// child nobody goes to see: the answer fails instead.
test('a child who cannot be shown fails the board, the report, the search and the timeline rather than vanish from them', { skip: NO_BAD_UTF8 }, async () => {
  const older = await welfare.post('/api/v1/persons', { family_name: '欠落', given_name: '一郎', family_name_kana: 'ケツラク', given_name_kana: 'イチロウ', birth_date: '2018-05-01' });
  const younger = await welfare.post('/api/v1/persons', { family_name: '欠落', given_name: '二郎', family_name_kana: 'ケツラク', given_name_kana: 'ジロウ', birth_date: '2021-05-01' });
  const report = await welfare.post('/api/v1/reports', { kind: 'abuse_report', route: 'school', abuse_types: ['neglect'], child_ids: [older.body.id, younger.body.id] });
  assert.equal(report.status, 201);
  const shows = async () => ({
    board: (await welfare.get('/api/v1/alerts?kind=safety_confirmation')).status,
    report: (await welfare.get(`/api/v1/reports/${report.body.id}`)).status,
    reports: (await welfare.get('/api/v1/reports')).status,
    search: (await welfare.get('/api/v1/persons?q=' + encodeURIComponent('ケツラク'))).status,
    timeline: (await welfare.get(`/api/v1/persons/${older.body.id}/timeline`)).status,
  });
  assert.deepEqual(await shows(), { board: 200, report: 200, reports: 200, search: 200, timeline: 200 });
  sql(`UPDATE persons SET given_name = CAST(X'FF' AS TEXT) WHERE id = '${younger.body.id}';
       UPDATE events SET summary = CAST(X'FF' AS TEXT) WHERE person_id = '${older.body.id}';`);
  assert.deepEqual(await shows(), { board: 500, report: 500, reports: 500, search: 500, timeline: 500 });
  sql(`UPDATE persons SET given_name = '二郎' WHERE id = '${younger.body.id}';
       UPDATE events SET summary = '通告' WHERE person_id = '${older.body.id}';`);
  assert.deepEqual(await shows(), { board: 200, report: 200, reports: 200, search: 200, timeline: 200 });
});
