// Shared by the maternal-and-child-health API tests (pregnancies, risk table, screenings, visits,
// alerts): Japan-time date arithmetic that mirrors src/domain/date.c, a server with one account
// per role, and the error-answer assertion.
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';

export const USERS = {
  director: { login: 'center1', role: 'director', name: 'センター 長子', password: 'director-pass-1' },
  coordinator: { login: 'toukatsu1', role: 'coordinator', name: '統括 支援', password: 'coordinator-pass-1' },
  health: { login: 'hoken1', role: 'health', name: '保健 みどり', password: 'midori-pass-2024' },
  welfare: { login: 'fukushi1', role: 'welfare', name: '福祉 あおい', password: 'welfare-pass-2024' },
  clerk: { login: 'uketsuke1', role: 'clerk', name: '受付 一郎', password: 'clerk-pass-2024' },
  partner: { login: 'kankei1', role: 'partner', name: '関係 機関', password: 'partner-pass-2024' },
  admin: { login: 'admin1', role: 'admin', name: '管理 太郎', password: 'admin-pass-2024' },
};

// Starts a server with the given roles and logs each in; resolves to { server, c: {role: Client}, ids }.
export async function startWithRoles(roles) {
  const server = await startServer({ users: roles.map((r) => USERS[r]), args: ['--rate-limit', '0'] });
  const c = {};
  const ids = {};
  for (const r of roles) {
    c[r] = new Client(server.url);
    const res = await c[r].login(USERS[r].login, USERS[r].password);
    assert.equal(res.status, 200, `login ${r}`);
    ids[r] = res.body.user.id;
  }
  return { server, c, ids };
}

// ---- dates (proleptic Gregorian, as date.c) ----

export const pad = (n, w = 2) => String(n).padStart(w, '0');
export const iso = ([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
export const parse = (s) => s.split('-').map(Number);
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

// Today in Japan, shifted by offsetDays, as 'YYYY-MM-DD'.
export function todayJst(offsetDays = 0) {
  const d = new Date(Date.now() + 9 * 3600e3 + offsetDays * 86400e3);
  return iso([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
}

export function addDays(date, days) {
  const [y, m, d] = parse(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * 86400e3);
  return iso([t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()]);
}

// date_add_months: the day is clamped to the length of the target month (Jan 31 + 1 → Feb 28/29).
export function addMonths(date, months) {
  const [y, m, d] = parse(date);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return iso([ny, nm, Math.min(d, daysIn(ny, nm))]);
}

// 00:00 Japan time of a date, as the API writes instants.
export const midnightJst = (date) => `${date}T00:00:00+09:00`;

// ---- assertions ----

// A 4xx error answer with code and field (field undefined: the answer must have none).
export function error(r, status, code, field) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code, JSON.stringify(r.body));
  if (field === undefined) assert.equal('field' in r.body.error, false, JSON.stringify(r.body));
  else assert.equal(r.body.error.field, field, JSON.stringify(r.body));
  assert.match(r.body.error.message, /[\u3040-\u30ff\u4e00-\u9fff]/, 'messages are Japanese');
}
export const invalid = (r, field) => error(r, 400, 'invalid_field', field);
export const missing = (r, field) => error(r, 400, 'missing_field', field);
export const forbidden = (r) => error(r, 403, 'forbidden');

export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/;

// Creates a person and returns it (201 required).
export async function person(client, fields) {
  const r = await client.post('/api/v1/persons', { family_name_kana: 'テスト', family_name: 'テスト', ...fields });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
