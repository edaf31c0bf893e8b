// Sessions: login, cookie, throttling, logout, the 401 wall around /api/v1, CSRF, body strictness.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { stopClean } from './support.mjs';

const HEALTH = { login: 'hoken1', role: 'health', name: '保健 みどり', password: 'midori-pass-2024' };
const VICTIM = { login: 'victim', role: 'clerk', name: '受付 たろう', password: 'victim-pass-2024' };
const RACER = { login: 'racer', role: 'health', name: '並行 試験', password: 'racer-pass-2024' };
const BYSTANDER = { login: 'bystander', role: 'clerk', name: '受付 はなこ', password: 'bystander-pass-1' };

let server;
let client; // HEALTH, logged in once and reused

// A request with the session cookie of c but with exactly the headers given (no automatic CSRF).
async function raw(c, method, path, body, headers = {}) {
  const h = { ...headers };
  if (c?.cookie) h.cookie = c.cookie;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(server.url + path, {
    method,
    headers: h,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') || '').includes('application/json') && text ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, body: json };
}

before(async () => {
  server = await startServer({ users: [HEALTH, VICTIM, BYSTANDER, RACER], args: ['--rate-limit', '0'] });
  client = new Client(server.url);
  const r = await client.login(HEALTH.login, HEALTH.password);
  assert.equal(r.status, 200);
});

after(async () => {
  if (server) await stopClean(server);
});

test('login answers the user, a CSRF token and a strict session cookie', async () => {
  const c = new Client(server.url);
  const r = await c.login(HEALTH.login, HEALTH.password);
  assert.equal(r.status, 200);
  assert.equal(r.body.user.login, HEALTH.login);
  assert.equal(r.body.user.name, HEALTH.name);
  assert.equal(r.body.user.role, 'health');
  assert.equal(typeof r.body.user.id, 'string');
  assert.ok(r.body.user.id.length > 0);
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.ok(r.body.csrf_token.length >= 20);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^tsunagu_session=[A-Za-z0-9_-]{20,};/);
  const attrs = cookie.split(';').map((s) => s.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), cookie);
  assert.ok(attrs.includes('samesite=strict'), cookie);
  assert.ok(attrs.includes('path=/'), cookie);
  assert.ok(!attrs.includes('secure'), 'no Secure flag over plain HTTP');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  // The session works and gives back the same token.
  const me = await c.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.id, r.body.user.id);
  assert.equal(me.body.user.role, 'health');
  assert.equal(me.body.csrf_token, r.body.csrf_token);
  // Two logins are two sessions with different tokens.
  assert.notEqual(r.body.csrf_token, client.csrf);
});

test('Secure cookie behind a TLS proxy', async () => {
  const r = await raw(null, 'POST', '/api/v1/session', { login: HEALTH.login, password: HEALTH.password }, {
    'x-forwarded-proto': 'https',
  });
  assert.equal(r.status, 200);
  const attrs = r.headers.get('set-cookie').split(';').map((s) => s.trim().toLowerCase());
  assert.ok(attrs.includes('secure'));
});

test('wrong password and unknown login: the same 401', async () => {
  const wrong = await raw(null, 'POST', '/api/v1/session', { login: HEALTH.login, password: 'not-the-password' });
  const unknown = await raw(null, 'POST', '/api/v1/session', { login: 'nobody-here', password: 'not-the-password' });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.equal(wrong.body.error.code, 'unauthenticated');
  assert.deepEqual(wrong.body, unknown.body);
  assert.equal(wrong.headers.get('set-cookie'), null);
  assert.equal(unknown.headers.get('set-cookie'), null);
  // The message is Japanese.
  assert.match(wrong.body.error.message, /[\u3040-\u30ff\u4e00-\u9fff]/);
  // A failure does not log the existing session out.
  assert.equal((await client.get('/api/v1/session')).status, 200);
});

test('five failures lock the login (429) even with the right password; other logins unaffected', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await raw(null, 'POST', '/api/v1/session', { login: VICTIM.login, password: `wrong-${i}-password` });
    assert.equal(r.status, 401, `failure ${i + 1}`);
    assert.equal(r.body.error.code, 'unauthenticated');
  }
  const right = await raw(null, 'POST', '/api/v1/session', { login: VICTIM.login, password: VICTIM.password });
  assert.equal(right.status, 429);
  assert.equal(right.body.error.code, 'too_many_attempts');
  assert.equal(right.headers.get('set-cookie'), null);
  const wrong = await raw(null, 'POST', '/api/v1/session', { login: VICTIM.login, password: 'still-wrong-pass' });
  assert.equal(wrong.status, 429);
  assert.equal(wrong.body.error.code, 'too_many_attempts');
  // Another login is not locked.
  const other = new Client(server.url);
  const ok = await other.login(BYSTANDER.login, BYSTANDER.password);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.user.login, BYSTANDER.login);
});

test('concurrent guesses cannot pass the throttle: at most five are tried', async () => {
  const rs = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    raw(null, 'POST', '/api/v1/session', { login: RACER.login, password: `parallel-guess-${i}` })));
  const statuses = rs.map((r) => r.status);
  // Every answer is a refusal: 401 (tried), 429 (locked) or 503 (too many logins at once).
  assert.deepEqual([...new Set(statuses)].filter((s) => ![401, 429, 503].includes(s)), [], statuses.join());
  for (const r of rs.filter((r) => r.status === 503)) assert.equal(r.body.error.code, 'busy');
  let tried = statuses.filter((s) => s === 401).length;
  assert.ok(tried <= 5, statuses.join());
  // Guessing on, one at a time, the total tried is exactly five.
  for (let i = 0; i < 10; i++) {
    const r = await raw(null, 'POST', '/api/v1/session', { login: RACER.login, password: `serial-guess-${i}` });
    if (r.status === 401) tried++;
    else assert.equal(r.status, 429);
  }
  assert.equal(tried, 5);
  const right = await raw(null, 'POST', '/api/v1/session', { login: RACER.login, password: RACER.password });
  assert.equal(right.status, 429);
});

test('an unknown login is throttled the same way (no account enumeration)', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await raw(null, 'POST', '/api/v1/session', { login: 'ghost', password: 'whatever-pass' });
    assert.equal(r.status, 401);
  }
  const r = await raw(null, 'POST', '/api/v1/session', { login: 'ghost', password: 'whatever-pass' });
  assert.equal(r.status, 429);
  assert.equal(r.body.error.code, 'too_many_attempts');
});

test('GET /session 200, DELETE /session 204, then the old cookie is refused', async () => {
  const c = new Client(server.url);
  assert.equal((await c.login(BYSTANDER.login, BYSTANDER.password)).status, 200);
  const me = await c.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.login, BYSTANDER.login);
  const oldCookie = c.cookie;
  const del = await c.del('/api/v1/session');
  assert.equal(del.status, 204);
  const cleared = del.headers.get('set-cookie');
  assert.match(cleared, /^tsunagu_session=;/);
  assert.match(cleared, /Max-Age=0/i);
  assert.equal(c.cookie, null);
  // Without a cookie, and with the old cookie replayed: 401.
  const none = await c.get('/api/v1/session');
  assert.equal(none.status, 401);
  assert.equal(none.body.error.code, 'unauthenticated');
  const replay = await raw({ cookie: oldCookie }, 'GET', '/api/v1/session');
  assert.equal(replay.status, 401);
  assert.equal(replay.body.error.code, 'unauthenticated');
  const replayWrite = await raw({ cookie: oldCookie }, 'POST', '/api/v1/persons',
    { family_name: '山田', family_name_kana: 'ヤマダ' }, { 'x-csrf-token': me.body.csrf_token });
  assert.equal(replayWrite.status, 401);
});

const ENDPOINTS = [
  ['GET', '/api/v1/session'],
  ['DELETE', '/api/v1/session'],
  ['GET', '/api/v1/persons?q=test'],
  ['POST', '/api/v1/persons', { family_name: '山田', family_name_kana: 'ヤマダ' }],
  ['GET', '/api/v1/persons/abc'],
  ['PATCH', '/api/v1/persons/abc', { family_name: '山田' }],
  ['GET', '/api/v1/persons/abc/timeline'],
  ['POST', '/api/v1/households', { members: [] }],
  ['GET', '/api/v1/households/abc'],
  ['PATCH', '/api/v1/households/abc', { name: 'x' }],
  ['GET', '/api/v1/users'],
  ['POST', '/api/v1/users', { login: 'x', name: 'x', role: 'clerk', password: 'xxxxxxxxxxxx' }],
  ['PATCH', '/api/v1/users/abc', { name: 'x' }],
  ['GET', '/api/v1/audit'],
];

test('every /api/v1 endpoint without a session answers 401', async () => {
  for (const [method, path, body] of ENDPOINTS) {
    for (const cookie of [null, 'tsunagu_session=' + 'A'.repeat(43), 'tsunagu_session=garbage']) {
      const r = await raw(cookie ? { cookie } : null, method, path, body, { 'if-match': '"1"' });
      assert.equal(r.status, 401, `${method} ${path} with cookie ${cookie}`);
      assert.equal(r.body.error.code, 'unauthenticated', `${method} ${path}`);
    }
  }
  // Nothing was created by those attempts.
  const found = await client.get('/api/v1/persons?q=' + encodeURIComponent('ヤマダ'));
  assert.equal(found.status, 200);
  assert.deepEqual(found.body.items, []);
});

test('POST without or with a wrong X-CSRF-Token: 403 forbidden, nothing created', async () => {
  const body = { family_name: '森', family_name_kana: 'モリ', given_name: '一', given_name_kana: 'ハジメ' };
  for (const headers of [{}, { 'x-csrf-token': 'wrong-token' }, { 'x-csrf-token': '' },
    { 'x-csrf-token': client.csrf.slice(0, -1) + (client.csrf.endsWith('A') ? 'B' : 'A') }]) {
    const r = await raw(client, 'POST', '/api/v1/persons', body, headers);
    assert.equal(r.status, 403, JSON.stringify(headers));
    assert.equal(r.body.error.code, 'forbidden');
  }
  // Another session's token is not this session's token.
  const other = new Client(server.url);
  assert.equal((await other.login(HEALTH.login, HEALTH.password)).status, 200);
  const cross = await raw(client, 'POST', '/api/v1/persons', body, { 'x-csrf-token': other.csrf });
  assert.equal(cross.status, 403);
  const found = await client.get('/api/v1/persons?q=' + encodeURIComponent('モリハジメ'));
  assert.deepEqual(found.body.items, []);
  // With the token it works.
  const ok = await client.post('/api/v1/persons', body);
  assert.equal(ok.status, 201);
  const again = await client.get('/api/v1/persons?q=' + encodeURIComponent('モリハジメ'));
  assert.equal(again.body.items.length, 1);
});

test('PATCH without or with a wrong X-CSRF-Token: 403 forbidden, nothing changed', async () => {
  const created = await client.post('/api/v1/persons', { family_name: '川口', family_name_kana: 'カワグチ' });
  assert.equal(created.status, 201);
  const id = created.body.id;
  for (const headers of [{ 'if-match': '"1"' }, { 'if-match': '"1"', 'x-csrf-token': 'nope' }]) {
    const r = await raw(client, 'PATCH', `/api/v1/persons/${id}`, { family_name: '川上' }, headers);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'forbidden');
  }
  const now = await client.get(`/api/v1/persons/${id}`);
  assert.equal(now.body.family_name, '川口');
  assert.equal(now.body.version, 1);
});

test('DELETE /session without or with a wrong X-CSRF-Token: 403, still logged in', async () => {
  const c = new Client(server.url);
  assert.equal((await c.login(HEALTH.login, HEALTH.password)).status, 200);
  for (const headers of [{}, { 'x-csrf-token': 'nope' }]) {
    const r = await raw(c, 'DELETE', '/api/v1/session', undefined, headers);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'forbidden');
    assert.equal(r.headers.get('set-cookie'), null);
  }
  assert.equal((await c.get('/api/v1/session')).status, 200);
});

test('GET does not need the CSRF token', async () => {
  const r = await raw(client, 'GET', '/api/v1/session');
  assert.equal(r.status, 200);
});

test('login body: duplicated key is invalid_json', async () => {
  const r = await raw(null, 'POST', '/api/v1/session',
    `{"login":"${HEALTH.login}","login":"${HEALTH.login}","password":"${HEALTH.password}"}`);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid_json');
  assert.equal(r.headers.get('set-cookie'), null);
});

test('login body: not JSON, an array, a truncated object are invalid_json', async () => {
  for (const body of ['login=hoken1', '[]', `{"login":"${HEALTH.login}"`, '', 'null', '"x"']) {
    const r = await raw(null, 'POST', '/api/v1/session', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, 'invalid_json', JSON.stringify(body));
  }
});

test('login body: unknown field is invalid_field naming it; missing password is missing_field', async () => {
  const r = await raw(null, 'POST', '/api/v1/session',
    { login: HEALTH.login, password: HEALTH.password, remember_me: true });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid_field');
  assert.equal(r.body.error.field, 'remember_me');
  assert.equal(r.headers.get('set-cookie'), null);
  const m = await raw(null, 'POST', '/api/v1/session', { login: HEALTH.login });
  assert.equal(m.status, 400);
  assert.equal(m.body.error.code, 'missing_field');
  assert.equal(m.body.error.field, 'password');
  const t = await raw(null, 'POST', '/api/v1/session', { login: 42, password: 'x' });
  assert.equal(t.status, 400);
  assert.equal(t.body.error.code, 'invalid_field');
  assert.equal(t.body.error.field, 'login');
});
