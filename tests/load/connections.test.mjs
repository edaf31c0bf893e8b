// One client cannot lock everyone out (issue 8, item 13): 1,000 connections from 127.0.0.2 that
// send their request head a line every 2 s (faster than the head timeout, so only the cap per
// address stops them), while a normal client on 127.0.0.1 logs in, writes and reads. Its answers
// must come within a bound; the whole test is bounded and closes every socket it opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Client, startServer } from '../lib/server.mjs';
import { stopClean } from '../api/support.mjs';

const USER = { login: 'hoken', role: 'health', name: '保健 花子', password: 'hoken-pass-2024' };
const SLOW = 1000;
const PER_ADDRESS = 100; // the default of --connections-per-address
const THREADS = 8; // the default of --threads: admissions in flight may pass the cap by threads - 1
const ANSWER_WITHIN_MS = 3000;

// Opens a connection from 127.0.0.2 that never finishes its request head.
function slowClient(port, state) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
    const rec = { sock, closedAt: null, openedAt: null, timer: null };
    state.push(rec);
    sock.on('connect', () => {
      rec.openedAt = Date.now();
      sock.write('GET /api/v1/session HTTP/1.1\r\nHost: tsunagu\r\n');
      let n = 0;
      rec.timer = setInterval(() => sock.write(`X-Slow-${n++}: a\r\n`), 2000);
      resolve(rec);
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      rec.closedAt = Date.now();
      clearInterval(rec.timer);
      resolve(rec);
    });
  });
}

// Resolves to what fn() answers, or fails when that takes ANSWER_WITHIN_MS or longer.
async function answered(what, fn) {
  const started = Date.now();
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
  });
  try {
    const r = await Promise.race([fn(), late]);
    assert.ok(Date.now() - started < ANSWER_WITHIN_MS, `${what} took ${Date.now() - started} ms`);
    return r;
  } finally {
    clearTimeout(timer);
  }
}

test('1,000 slow connections from one address do not keep another client out', { timeout: 60000 }, async () => {
  const server = await startServer({ users: [USER] });
  const port = Number(new URL(server.url).port);
  const slow = [];
  try {
    await Promise.all(Array.from({ length: SLOW }, () => slowClient(port, slow)));
    // What is over the cap is closed at once; the rest stays open, dribbling.
    const settleBy = Date.now() + 10000;
    while (Date.now() < settleBy && slow.filter((r) => !r.closedAt).length > PER_ADDRESS + THREADS - 1) {
      await new Promise((res) => setTimeout(res, 100));
    }
    const held = slow.filter((r) => !r.closedAt).length;
    console.log(`# ${held} of ${SLOW} slow connections held, the rest refused`);
    assert.ok(held >= PER_ADDRESS && held <= PER_ADDRESS + THREADS - 1, `${held} slow connections held`);

    // The normal client, with a deadline on every answer (fetch would otherwise wait forever).
    const c = new Client(server.url);
    const login = await answered('login', () => c.login(USER.login, USER.password));
    assert.equal(login.status, 200);
    for (let i = 0; i < 5; i++) {
      const p = await answered('POST /persons', () => c.post('/api/v1/persons', { family_name: '接続', family_name_kana: 'セツゾク' }));
      assert.equal(p.status, 201);
      const got = await answered('GET /persons/{id}', () => c.get(`/api/v1/persons/${p.body.id}`));
      assert.equal(got.status, 200);
      assert.equal(got.body.family_name, '接続');
    }
    // The slow ones are still there: the cap, not a timeout, let the client in.
    assert.ok(slow.filter((r) => !r.closedAt).length >= PER_ADDRESS);
  } finally {
    for (const r of slow) {
      clearInterval(r.timer);
      r.sock.destroy();
    }
    await stopClean(server);
  }
});
