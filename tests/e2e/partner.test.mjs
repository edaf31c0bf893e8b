// Browser test of a 要対協 partner: a school's account logs in, lands on its shared cases, opens
// the summary (the registered child, its own action; no notes, policy, address), adds a 状況報告
// (Enter alone does not send it; the button does), and the caseworker reads it on the case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { sql, sqlRows } from '../lib/store.mjs';
import { launch, login, newPage, onFailureScreenshot, shot } from './browser.mjs';

const WELFARE = { login: 'fukushi1', role: 'welfare', name: '福祉 ひかり', password: 'hikari-pass-2024' };
const COORD = { login: 'touka1', role: 'coordinator', name: '統括 さくら', password: 'sakura-pass-2024' };
const SCHOOL = { login: 'school1', role: 'partner', name: '西小 教頭', password: 'school-pass-2024' };
const POLICY = '母の交際相手について内部で検討中';
const ADDRESS = '東京都西東京市秘密町9-9';

let server;
let browser;
let caseId;
const staff = new Client('');

before(async () => {
  server = await startServer({ users: [WELFARE, COORD, SCHOOL], args: ['--rate-limit', '0'] });
  browser = await launch();
  staff.base = server.url;
  assert.equal((await staff.login(WELFARE.login, WELFARE.password)).status, 200);
  const coord = new Client(server.url);
  assert.equal((await coord.login(COORD.login, COORD.password)).status, 200);
  const ag = await coord.post('/api/v1/agencies', { name: '西小学校', kind: 'school' });
  assert.equal(ag.status, 201);
  const [welfareId, schoolId] = ['fukushi1', 'school1'].map((l) => sqlRows(server, `SELECT id FROM users WHERE login = '${l}'`)[0].id);
  sql(server, `UPDATE users SET agency_id = '${ag.body.id}' WHERE id = '${schoolId}'`);
  const person = async (given, kana, birth) =>
    (await staff.post('/api/v1/persons', { family_name: '青木', given_name: given, family_name_kana: 'アオキ', given_name_kana: kana, birth_date: birth, address: ADDRESS })).body;
  const child = await person('陽向', 'ヒナタ', '2016-07-07');
  const mother = await person('美咲', 'ミサキ', '1990-02-02');
  const h = await staff.post('/api/v1/households', { name: '青木家', members: [{ person_id: mother.id, relation: 'mother' }, { person_id: child.id, relation: 'child' }] });
  const k = await staff.post('/api/v1/cases', { household_id: h.body.id, subject_ids: [mother.id, child.id], lead_id: welfareId, agency_ids: [ag.body.id] });
  assert.equal(k.status, 201, JSON.stringify(k.body));
  caseId = k.body.id;
  // Registration is a conference decision; here the rows it writes.
  sql(server, `UPDATE case_subjects SET youtaikyo = 1, registered_on = '2025-04-01', category = 'youshien' WHERE case_id = '${caseId}' AND person_id = '${child.id}';
    UPDATE cases SET policy = '${POLICY}' WHERE id = '${caseId}';
    INSERT INTO conferences (id, kind, held_on, created_by, created_at, updated_at) VALUES ('cf-e2e', 'youtaikyo_kobetsu', '2025-04-01', '${welfareId}', 0, 0);
    INSERT INTO conference_actions (id, conference_id, position, what, owner_agency_id, due_on, case_id) VALUES ('act-e2e', 'cf-e2e', 0, '出欠を毎週連絡', '${ag.body.id}', '2025-05-01', '${caseId}');`);
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

test('partner: shared cases, the summary without notes, a 状況報告 the caseworker reads', async () => {
  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'partner', async () => {
    await login(page, server.url, SCHOOL.login, SCHOOL.password);
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    assert.equal(await nav.getByRole('link', { name: '共有ケース' }).count(), 1);
    assert.equal(await nav.getByRole('link', { name: '利用者検索' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: '進行管理' }).count(), 0);
    await page.getByRole('heading', { name: '共有ケース（要対協）' }).waitFor();
    assert.match(await page.locator('table.partner-cases').innerText(), /青木\s*陽向/);
    await page.getByRole('link', { name: '開く' }).click();
    await page.getByRole('heading', { name: '共有ケースの概要' }).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /陽向/);
    assert.match(text, /要支援児童/);
    assert.match(text, /出欠を毎週連絡/);
    for (const secret of [POLICY, ADDRESS, '美咲']) assert.ok(!text.includes(secret), secret);
    await shot(page, 'partner-case');

    // Enter in the date field does not send the form; the button does.
    await page.locator('form.partner-report-form textarea[name="text"]').fill('今週は4日登校。給食もよく食べている。');
    await page.locator('form.partner-report-form input[name="on"]').press('Enter');
    await page.waitForTimeout(300);
    assert.equal(Number(sql(server, 'SELECT COUNT(*) FROM partner_reports')), 0);
    await page.getByRole('button', { name: '状況報告を送信' }).click();
    await page.getByText('状況報告を送信しました。').waitFor();
    assert.match(await page.locator('ul.partner-reports').innerText(), /今週は4日登校/);
    assert.deepEqual(await problems(), []);
  });
  const r = await staff.get(`/api/v1/cases/${caseId}/partner_reports`);
  assert.deepEqual(r.body.items.map((i) => [i.text, i.agency.name]), [['今週は4日登校。給食もよく食べている。', '西小学校']]);
});

test('staff: the board lists the case, the ledger prints without an address', async () => {
  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'board', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '進行管理', exact: true }).click();
    await page.getByRole('heading', { name: '進行管理' }).waitFor();
    const row = page.locator(`tr[data-case="${caseId}"]`);
    assert.match(await row.innerText(), /青木家/);
    assert.match(await row.innerText(), /要対協/);
    await page.getByRole('link', { name: '要対協 進行管理台帳' }).click();
    await page.getByRole('heading', { name: '要対協 進行管理台帳' }).waitFor();
    const ledger = await page.locator('table.ledger').innerText();
    assert.match(ledger, /陽向/);
    assert.match(ledger, /今週は4日登校/);
    assert.ok(!ledger.includes(ADDRESS));
    await shot(page, 'ledger');
    assert.deepEqual(await problems(), []);
  });
});
