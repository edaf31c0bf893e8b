// Connections: a cap per client address (the trusted proxy exempt), a cap for all that closes what
// is over it at once, and a short timeout while a request head is incomplete. The load version
// (1,000 slow connections) is tests/load/connections.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { stopClean } from './support.mjs';

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// Opens n connections from localAddress that send nothing; resolves once each is connected.
async function idle(server, localAddress, n) {
  const port = Number(new URL(server.url).port);
  const open = [];
  for (let i = 0; i < n; i++) {
    const rec = { closedAt: null };
    rec.sock = net.connect({ host: '127.0.0.1', port, localAddress });
    rec.sock.on('error', () => {});
    rec.sock.on('close', () => (rec.closedAt = Date.now()));
    await new Promise((res) => rec.sock.once('connect', res));
    open.push(rec);
  }
  return open;
}

const stillOpen = (recs) => recs.filter((r) => !r.closedAt).length;
const destroy = (recs) => recs.forEach((r) => r.sock.destroy());

// --threads 1: one thread accepts, so the caps are exact (with N threads an address may pass its
// cap by N - 1 when connections arrive at the same moment).
test('one address holds at most --connections-per-address; the trusted proxy is exempt', async () => {
  const server = await startServer({ args: ['--threads', '1', '--connections-per-address', '5', '--trusted-proxy', '127.0.0.2'] });
  const recs = [];
  try {
    const client = await idle(server, '127.0.0.3', 10);
    recs.push(...client);
    const proxy = await idle(server, '127.0.0.2', 10);
    recs.push(...proxy);
    await sleep(500);
    assert.equal(stillOpen(client), 5);
    assert.equal(stillOpen(proxy), 10);
    // A connection over the cap is closed without an answer, at once.
    for (const r of client.filter((x) => x.closedAt)) r.sock.destroy();
    // Another address is served meanwhile.
    assert.equal((await fetch(server.url + '/api/v1/session')).status, 401);
  } finally {
    destroy(recs);
    await stopClean(server);
  }
});

test('a full server closes a new connection at once instead of leaving it waiting', async () => {
  const server = await startServer({ args: ['--threads', '1', '--connections', '6'] });
  const recs = [];
  try {
    recs.push(...(await idle(server, '127.0.0.4', 6)));
    const started = Date.now();
    const [late] = await idle(server, '127.0.0.1', 1);
    recs.push(late);
    while (!late.closedAt && Date.now() - started < 5000) await sleep(20);
    assert.ok(late.closedAt, 'the connection over the limit is still open after 5 s');
    assert.ok(late.closedAt - started < 2000, `closed after ${late.closedAt - started} ms`);
    assert.equal(stillOpen(recs.slice(0, 6)), 6);
    // When one leaves, the next one gets in.
    recs[0].sock.destroy();
    await sleep(200);
    assert.equal((await fetch(server.url + '/api/v1/session')).status, 401);
  } finally {
    destroy(recs);
    await stopClean(server);
  }
});

test('a connection silent for 10 s before its request head is complete is closed, also between requests', async () => {
  const server = await startServer();
  const port = Number(new URL(server.url).port);
  const started = Date.now();
  const half = net.connect({ host: '127.0.0.1', port });
  const kept = net.connect({ host: '127.0.0.1', port });
  try {
    const closed = (sock) => new Promise((res) => sock.on('close', () => res(Date.now() - started)));
    const answered = new Promise((res) => kept.once('data', (d) => res(d.toString('latin1'))));
    half.on('error', () => {});
    kept.on('error', () => {});
    const halfClosed = closed(half);
    const keptClosed = closed(kept);
    half.write('GET /api/v1/session HTTP/1.1\r\nHost: tsunagu\r\n');
    kept.write('GET /api/v1/session HTTP/1.1\r\nHost: tsunagu\r\n\r\n');
    assert.match(await answered, /^HTTP\/1\.1 401/);
    let timer;
    const [a, b] = await Promise.race([
      Promise.all([halfClosed, keptClosed]),
      new Promise((res) => (timer = setTimeout(() => res([Infinity, Infinity]), 20000))),
    ]);
    clearTimeout(timer);
    for (const ms of [a, b]) assert.ok(ms >= 9000 && ms < 15000, `closed after ${ms} ms`);
  } finally {
    half.destroy();
    kept.destroy();
    await stopClean(server);
  }
});
