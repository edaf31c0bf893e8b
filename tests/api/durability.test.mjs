// Durability: killing the server with SIGKILL during writes loses no acknowledged write, and the
// audit chain stays intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, Client, startServer } from '../lib/server.mjs';
import { removeStore, sql, storeArgs } from '../lib/store.mjs';
import { stopClean } from './support.mjs';

const USER = { login: 'center1', role: 'director', name: 'センター 長子', password: 'director-pass-1' };
const TOTAL = 200;
const IN_FLIGHT = 12;
const KILL_AFTER = 80; // acknowledged creations before the kill

test('SIGKILL during writes loses no acknowledged write', async () => {
  const first = await startServer({ users: [USER], args: ['--rate-limit', '0'] });
  const dir = first.dir;
  let second;
  try {
    const c = new Client(first.url);
    assert.equal((await c.login(USER.login, USER.password)).status, 200);

    const acked = new Map(); // id -> given_name
    let next = 0;
    let errors = 0;
    let killed = null;
    const worker = async () => {
      while (next < TOTAL) {
        const i = next++;
        try {
          const r = await c.post('/api/v1/persons', {
            family_name: '耐久', given_name: `試験${i}`, family_name_kana: 'タイキュウ', given_name_kana: 'シケン',
            resident_id: `D-${i}`,
          });
          if (r.status === 201) {
            acked.set(r.body.id, `試験${i}`);
            if (acked.size >= KILL_AFTER && !killed) killed = first.kill();
          } else {
            errors++;
          }
        } catch {
          errors++; // the connection died with the server
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const exit = await killed;
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(acked.size >= KILL_AFTER, `${acked.size} acknowledged`);
    assert.ok(acked.size < TOTAL, 'the kill came while requests were still in flight');
    assert.ok(errors > 0, 'some requests were cut off');

    // The database survives as it was left; the chain is intact before any restart.
    const verify0 = spawnSync(BIN, ['audit', 'verify', ...storeArgs(first)], { encoding: 'utf8' });
    assert.equal(verify0.status, 0, verify0.stdout + verify0.stderr);

    second = await startServer({ dir, args: ['--rate-limit', '0'] });
    const c2 = new Client(second.url);
    assert.equal((await c2.login(USER.login, USER.password)).status, 200);
    const missing = [];
    const ids = [...acked.keys()];
    for (let k = 0; k < ids.length; k += 20) {
      await Promise.all(ids.slice(k, k + 20).map(async (id) => {
        const r = await c2.get(`/api/v1/persons/${id}`);
        if (r.status !== 200 || r.body.given_name !== acked.get(id)) missing.push([id, r.status]);
      }));
    }
    assert.deepEqual(missing, [], 'every acknowledged person is readable after the crash');
    // Search finds them too (the keys were written with the row).
    let found = 0;
    let cursor = null;
    do {
      const r = await c2.get('/api/v1/persons?q=' + encodeURIComponent('耐久') + '&limit=500' + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
      assert.equal(r.status, 200);
      found += r.body.items.filter((p) => acked.has(p.id)).length;
      cursor = r.body.next_cursor;
    } while (cursor);
    assert.equal(found, acked.size);
    // And a write after the restart works.
    const after = await c2.post('/api/v1/persons', { family_name: '再開', family_name_kana: 'サイカイ' });
    assert.equal(after.status, 201);
    await stopClean(second, { keep: true });

    // Every stored person, acknowledged or not, is whole: its creation is audited and on the timeline.
    const store = first.store;
    assert.equal(sql(store, "SELECT COUNT(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'create' AND a.object_type = 'person' AND a.object_id = p.id)"), '0');
    assert.equal(sql(store, "SELECT COUNT(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = 'person_created' AND e.person_id = p.id)"), '0');
    assert.equal(sql(store, 'SELECT COUNT(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM person_keys k WHERE k.person_id = p.id)'), '0');
    assert.ok(Number(sql(store, "SELECT COUNT(*) FROM persons WHERE family_name = '耐久'")) >= acked.size);

    const verify = spawnSync(BIN, ['audit', 'verify', ...storeArgs(store)], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /intact/);
  } finally {
    if (first.proc.exitCode === null && first.proc.signalCode === null) await first.kill();
    if (second && second.proc.exitCode === null && second.proc.signalCode === null) await second.stop({ keep: true });
    removeStore(first);
  }
});
