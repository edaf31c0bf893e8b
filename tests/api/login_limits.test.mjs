// Logins per client address: failed attempts are limited (20 at once, then 5 a minute), successful
// ones are not, so a whole office behind one proxy address gets in at the start of the day.
// No test here depends on how fast the machine is: the refill that may happen while a test runs
// is measured and allowed for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, addUser, startServer } from '../lib/server.mjs';
import { openStore, sql } from '../lib/store.mjs';
import { requestFrom, stopClean } from './support.mjs';

const STAFF = 100;
const PASSWORD = 'office-pass-2024';
const BURST = 20;
const PER_MINUTE = 5;
const login = (i) => `staff${String(i).padStart(3, '0')}`;

let server;

before(async () => {
  // One account made by the command line, 99 more with the same password hash (hashing 100
  // passwords would only slow the test down).
  const store = openStore();
  addUser(store, { login: login(0), role: 'health', name: '職員 0', password: PASSWORD });
  const padded = "CASE WHEN i < 10 THEN '00' WHEN i < 100 THEN '0' ELSE '' END || i";
  sql(store, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${STAFF - 1})
    INSERT INTO users (id, login, name, role, password_hash, created_at, updated_at)
    SELECT 'staff-id-' || i, 'staff' || ${padded}, '職員 ' || i, 'health', password_hash,
           created_at, updated_at FROM n, users WHERE users.login = '${login(0)}'`);
  assert.equal(sql(store, 'SELECT COUNT(*) FROM users'), String(STAFF));
  server = await startServer({ store }); // the default limits
});

after(async () => {
  if (server) await stopClean(server);
});

test(`${STAFF} colleagues log in one after another from one address: all get in`, async () => {
  const statuses = [];
  for (let i = 0; i < STAFF; i++) statuses.push((await new Client(server.url).login(login(i), PASSWORD)).status);
  assert.deepEqual(statuses, Array(STAFF).fill(200));
});

test('failed logins from one address: a burst of 20, then 429 too_many_requests, even for the right password', async () => {
  // The successes above took nothing: the whole burst is there.
  const started = Date.now();
  let failures = 0;
  let refused = null;
  for (let i = 0; i < BURST + 20 && !refused; i++) {
    const r = await new Client(server.url).req('POST', '/api/v1/session', { login: `nobody${i}`, password: 'wrong-password' });
    if (r.status === 401) failures++;
    else refused = r;
  }
  const refill = Math.floor(((Date.now() - started) / 60000) * PER_MINUTE);
  assert.ok(refused, `no 429 after ${failures} failures`);
  assert.equal(refused.status, 429);
  assert.equal(refused.body.error.code, 'too_many_requests');
  assert.ok(failures >= BURST && failures <= BURST + refill, `${failures} failures before the 429 (refill ${refill})`);
  const right = await new Client(server.url).req('POST', '/api/v1/session', { login: login(1), password: PASSWORD });
  assert.equal(right.status, 429);
  assert.equal(right.body.error.code, 'too_many_requests');
  // Another address is not affected.
  const other = await requestFrom('127.0.0.2', server.url, {
    method: 'POST', path: '/api/v1/session', body: { login: login(1), password: PASSWORD },
  });
  assert.equal(other.status, 200);
});
