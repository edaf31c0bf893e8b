// Browser test of the joint case (issue 11): the coordinator (統括支援員) opens a case from a 特定妊婦
// candidate (the pregnancy seeded through the API) with the mother and her older child ticked;
// the case shows both as 一般 with no decision yet and no field to designate them. She holds a
// 合同ケース会議 from its generated agenda: the agenda prints as the meeting's list (no buttons,
// no form), Enter alone saves nothing, Ctrl+Enter asks for a confirmation that names each
// designation (「山田 花子さんを特定妊婦に指定します」), and the confirmed conference designates the
// mother 特定妊婦 and the child 要支援児童 (registered in the 要対協 ledger) with an action. The
// 会議録 prints on A4 and the action is marked done; the case then shows the designations
// 「会議で決定」 with the conference's link. A second family moves away: its case is closed as
// 転出 (a deliberate save with a confirmation) and the 情報提供書 prints without codes or address.
// The designated family's case then goes on: from the case page the coordinator writes a サポートプラン
// with the mother's and the child's own words, the director approves it (a deliberate save), it
// prints as a PDF for the family without staff-only notes, codes or the address, and a 要対協
// partner (an agency the case is shared with, its account made with `user add --agency`) sees the
// case's summary and none of the notes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Client, addUser, startServer } from '../lib/server.mjs';
import { OUT, launch, login, newPage, onFailureScreenshot, printPdf, shot } from './browser.mjs';

const COORD = { login: 'tokatsu1', role: 'coordinator', name: '統括 ゆかり', password: 'yukari-pass-2024' };
const NURSE = { login: 'hoken9', role: 'health', name: '保健 みどり', password: 'midori-pass-2024' };
const DIRECTOR = { login: 'chou9', role: 'director', name: '所長 はるみ', password: 'harumi-pass-2024' };
const PARTNER = { login: 'hoiku9', role: 'partner', name: '第二保育園 園長', password: 'hoiku-pass-2024' };
const WISHES = '赤ちゃんが生まれても、上の子との時間を大切にしたい';
const CHILD_WORDS = 'あかちゃんとあそびたい。ほいくえんにいきたい。';

let server;
let browser;
const ids = {};
// Which parts of the API this build has (the screens are written against api.md; a part that is
// not in this build yet is skipped, said so in the output).
const has = {};

function jstDate(ms = Date.now()) {
  const t = new Date(ms + 9 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}`;
}
function reiwa(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const n = y - 2018;
  return `令和${n === 1 ? '元' : n}年${m}月${d}日`;
}
// The text of a PDF (pdftotext), or null where the tool is missing.
function pdfText(name) {
  const r = spawnSync('pdftotext', ['-layout', `${OUT}${name}.pdf`, '-'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}
async function ok(pending, what) {
  const r = await pending;
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

before(async () => {
  server = await startServer({ users: [COORD, NURSE, DIRECTOR] });
  browser = await launch();
  // The family, seeded by a nurse: the mother (a 特定妊婦 candidate: DV) and her older child.
  const api = new Client(server.url);
  assert.equal((await api.login(NURSE.login, NURSE.password)).status, 200);
  has.cases = (await api.get('/api/v1/cases')).status !== 404;
  has.conferences = (await api.get('/api/v1/conferences')).status !== 404;
  const person = (b) => ok(api.post('/api/v1/persons', b), 'person');
  const mother = await person({ family_name: '山田', given_name: '花子', family_name_kana: 'ヤマダ', given_name_kana: 'ハナコ', birth_date: '1994-06-01', sex: 'female', address: '緑町1-2-3' });
  const child = await person({ family_name: '山田', given_name: '太郎', family_name_kana: 'ヤマダ', given_name_kana: 'タロウ', birth_date: '2021-09-10', sex: 'male' });
  await ok(api.post('/api/v1/households', { name: '山田家', members: [{ person_id: mother.id, relation: 'mother' }, { person_id: child.id, relation: 'child' }] }), 'household');
  const due = jstDate(Date.now() + 150 * 86400000);
  const preg = await ok(api.post('/api/v1/pregnancies', { mother_id: mother.id, notified_on: jstDate(), weeks_at_notification: 12, due_date: due, multiple: false, answers: { dv: true } }), 'pregnancy');
  assert.equal(preg.tokutei_ninpu_candidate, true);
  // A second family, moving away later.
  const m2 = await person({ family_name: '鈴木', given_name: '愛', family_name_kana: 'スズキ', given_name_kana: 'アイ', birth_date: '1990-01-05', sex: 'female', address: '秘密の住所9-9' });
  const c2 = await person({ family_name: '鈴木', given_name: '陽', family_name_kana: 'スズキ', given_name_kana: 'ヒナタ', birth_date: '2019-05-20', sex: 'male' });
  await ok(api.post('/api/v1/households', { name: '鈴木家', members: [{ person_id: m2.id, relation: 'mother' }, { person_id: c2.id, relation: 'child' }] }), 'household 2');
  // A third family: a consultation about the child, taken to 支援方針 through the API.
  const m3 = await person({ family_name: '佐藤', given_name: '恵', family_name_kana: 'サトウ', given_name_kana: 'メグミ', birth_date: '1992-03-03', sex: 'female' });
  const c3 = await person({ family_name: '佐藤', given_name: '結', family_name_kana: 'サトウ', given_name_kana: 'ユイ', birth_date: '2022-08-08', sex: 'female' });
  await ok(api.post('/api/v1/households', { name: '佐藤家', members: [{ person_id: m3.id, relation: 'mother' }, { person_id: c3.id, relation: 'child' }] }), 'household 3');
  const coord = new Client(server.url);
  assert.equal((await coord.login(COORD.login, COORD.password)).status, 200);
  const rep = await ok(coord.post('/api/v1/reports', { kind: 'consultation', child_ids: [c3.id], route: 'family', summary: '夜泣きが続き母が疲れている' }), 'report');
  await ok(coord.post(`/api/v1/reports/${encodeURIComponent(rep.id)}/events`, { step: 'juri', urgency: 'c' }), 'juri');
  await ok(coord.post(`/api/v1/reports/${encodeURIComponent(rep.id)}/events`, { step: 'policy', note: '在宅支援' }), 'policy');
  Object.assign(ids, { mother: mother.id, child: child.id, pregnancy: preg.id, m2: m2.id, c2: c2.id, c3: c3.id, report: rep.id });
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

test('coordinator: a case from a 特定妊婦 candidate, a 合同ケース会議 from its agenda designates mother and child', async (t) => {
  if (!has.cases || !has.conferences) return t.skip('the cases or conferences API is not in this build yet');
  const { page, context, problems } = await newPage(browser);
  const url = server.url;
  const today = jstDate();
  await onFailureScreenshot(page, 'joint-case-flow', async () => {
    await login(page, url, COORD.login, COORD.password);
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    for (const entry of ['ケース', '会議']) assert.ok((await nav.getByRole('link').allInnerTexts()).includes(entry), entry);

    // --- The candidate's pregnancy page offers to open a case.
    await page.goto(`${url}/#/health/pregnancies/${encodeURIComponent(ids.pregnancy)}`);
    await page.getByRole('link', { name: 'ケースを開く（特定妊婦候補）' }).click();
    await page.getByRole('heading', { name: '特定妊婦候補からケースを開く', level: 1 }).waitFor();
    const form = page.locator('form[aria-label="ケースを開く"]');
    // The mother and her child are ticked; the lead is me; no designation is offered here.
    assert.equal(await form.getByLabel(/^山田 花子/).isChecked(), true);
    assert.equal(await form.getByLabel(/^山田 太郎/).isChecked(), true);
    assert.equal(await form.getByLabel('主担当').locator('option:checked').innerText(), '統括 ゆかり（統括支援員）');
    assert.equal(await form.locator('select[name="category"], [data-field="category"]').count(), 0);
    await shot(page, 'j01-case-open-form');
    await form.getByRole('button', { name: 'ケースを開く' }).click();
    await page.getByRole('heading', { name: /^ケース\s山田 花子・山田 太郎$/, level: 1 }).waitFor();
    ids.case = decodeURIComponent(page.url().split('#/cases/')[1]);
    const subjects = page.locator('table.case-subjects');
    assert.match(await subjects.locator(`tr[data-person="${ids.mother}"]`).innerText(), /一般[\s\S]*会議での決定はまだありません/);
    assert.match(await page.locator('main').innerText(), /きっかけ\s+特定妊婦候補（妊娠届）/);
    await shot(page, 'j02-case-new');

    // --- A 合同ケース会議 from its generated agenda.
    await nav.getByRole('link', { name: '会議' }).click();
    await page.getByRole('heading', { name: '会議', level: 1 }).waitFor();
    await page.getByRole('link', { name: '会議を記録する' }).click();
    await page.getByLabel('会議の種類').selectOption({ label: '合同ケース会議' });
    assert.equal(await page.getByLabel('開催日').inputValue(), today);
    await page.getByRole('button', { name: '議題を作成' }).click();
    const line = page.locator(`li.agenda-line[data-case="${ids.case}"]`);
    await line.waitFor();
    assert.match(await line.locator('.agenda-title').innerText(), /山田 花子（一般）・山田 太郎（一般）/);
    assert.match(await line.locator('.agenda-reasons').innerText(), /特定妊婦候補（未決定）/);
    await shot(page, 'j03-agenda');

    // The meeting's list on paper: the lines and their reasons, no form and no buttons.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await line.locator('.line-form').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: '印刷（会議資料）' }).isVisible(), false);
    assert.equal(await line.locator('.agenda-title').isVisible(), true);
    await printPdf(page, 'j04-agenda');
    await page.emulateMedia({ media: 'screen' });
    const agendaText = pdfText('j04-agenda');
    if (agendaText !== null) {
      assert.match(agendaText, /合同ケース会議/);
      assert.match(agendaText, /山田 花子/);
      assert.doesNotMatch(agendaText, /緑町|議題を作成|会議の記録を保存/);
    }

    // The decisions typed against the same list.
    await line.getByLabel('協議の内容').fill('母の DV 被害の訴えあり。兄の保育所での様子も共有。');
    await line.getByLabel('山田 花子の区分').selectOption({ label: '特定妊婦' });
    await line.getByLabel('山田 太郎の区分').selectOption({ label: '要支援児童' });
    await line.getByLabel('山田 太郎の要対協登録').selectOption({ label: '要対協に登録する' });
    await line.getByLabel('支援方針').fill('妊婦健診の受診を保健師が同行で支える。');
    await line.getByRole('button', { name: '＋ 対応を追加' }).click();
    await line.getByLabel('対応すること').fill('保健師が家庭訪問');
    await line.getByLabel('期限').fill(jstDate(Date.now() + 14 * 86400000));
    await page.getByLabel('場所').fill('センター会議室');

    // Enter in a field saves nothing; Ctrl+Enter asks for the confirmation first.
    let posts = 0;
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/conferences' && (posts += 1));
    await page.getByLabel('場所').press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.confirm-step').count(), 0, 'Enter alone asks nothing');
    await page.getByLabel('場所').press('Control+Enter');
    const confirm = page.locator('.confirm-step');
    await confirm.waitFor();
    const said = await confirm.innerText();
    assert.match(said, /山田 花子さんを特定妊婦に指定します/);
    assert.match(said, /山田 太郎さんを要支援児童に指定します/);
    assert.match(said, /山田 太郎さんを要対協に登録します/);
    assert.equal(posts, 0, 'nothing saved before the confirmation');
    await shot(page, 'j05-confirm');
    await confirm.getByRole('button', { name: '記録を確定する' }).click();

    // --- The 会議録: decisions in words, the action, print on A4, mark the action done.
    await page.getByRole('heading', { name: new RegExp(`^会議録\\s合同ケース会議\\s${reiwa(today)}$`), level: 1 }).waitFor();
    assert.equal(posts, 1);
    const minutesText = await page.locator('main').innerText();
    assert.match(minutesText, /山田 花子さんを特定妊婦に指定/);
    assert.match(minutesText, /山田 太郎さんを要支援児童に指定/);
    assert.match(minutesText, /センター会議室/);
    ids.conference = decodeURIComponent(page.url().split('#/conferences/')[1]);
    await shot(page, 'j06-minutes');
    await printPdf(page, 'j07-minutes');
    await page.emulateMedia({ media: 'screen' });
    const minutesPdf = pdfText('j07-minutes');
    if (minutesPdf !== null) {
      assert.match(minutesPdf, /会議録/);
      assert.match(minutesPdf, /保健師が家庭訪問/);
      assert.doesNotMatch(minutesPdf, /完了にする|緑町/);
    }
    await page.getByRole('button', { name: '「保健師が家庭訪問」を完了にする' }).click();
    await page.getByRole('status').filter({ hasText: '「保健師が家庭訪問」を完了にしました。' }).waitFor();

    // --- The case now holds the designations, each 「会議で決定」 with the conference's link.
    await page.goto(`${url}/#/cases/${encodeURIComponent(ids.case)}`);
    const mRow = page.locator(`table.case-subjects tr[data-person="${ids.mother}"]`);
    await mRow.waitFor();
    assert.match(await mRow.innerText(), /特定妊婦[\s\S]*会議で決定/);
    assert.equal(await mRow.getByRole('link', { name: '会議録' }).getAttribute('href'), `#/conferences/${encodeURIComponent(ids.conference)}`);
    const cRow = page.locator(`table.case-subjects tr[data-person="${ids.child}"]`);
    assert.match(await cRow.innerText(), /要支援児童[\s\S]*会議で決定[\s\S]*登録/);
    await shot(page, 'j08-case-designated');
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test('coordinator: a family moving away — closing as 転出 (confirmed) and the 情報提供書', async (t) => {
  if (!has.cases) return t.skip('the cases API is not in this build yet');
  const { page, context, problems } = await newPage(browser);
  const url = server.url;
  const today = jstDate();
  await onFailureScreenshot(page, 'joint-case-close', async () => {
    await login(page, url, COORD.login, COORD.password);
    await page.goto(`${url}/#/cases/new?person=${encodeURIComponent(ids.c2)}`);
    const form = page.locator('form[aria-label="ケースを開く"]');
    await form.getByLabel(/^鈴木 愛/).check();
    await form.getByRole('button', { name: 'ケースを開く' }).click();
    await page.getByRole('heading', { name: /^ケース\s/, level: 1 }).waitFor();

    await page.getByRole('button', { name: '終結する' }).click();
    const close = page.locator('form.close-form');
    await close.getByLabel('転出', { exact: true }).check();
    await close.getByLabel('転出先の市区町村').fill('みどり市');
    await close.getByRole('button', { name: '終結する' }).click();
    const confirm = close.locator('.confirm-step');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /「転出」で終結します/);
    await confirm.getByRole('button', { name: '終結を確定する' }).click();
    await page.getByRole('status').filter({ hasText: '終結しました。' }).waitFor();
    assert.match(await page.locator('main').innerText(), /転出先\s+みどり市/);
    assert.equal(await page.getByRole('button', { name: '終結する' }).count(), 0, 'a closed case never reopens');

    await page.getByRole('link', { name: '情報提供書（印刷用）' }).click();
    await page.getByRole('heading', { name: '支援に関する情報提供書', level: 1 }).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /みどり市/);
    assert.match(text, new RegExp(reiwa(today)));
    assert.match(text, /鈴木 陽/);
    assert.doesNotMatch(text, /秘密の住所|moved|general|youshien/);
    await shot(page, 'j09-summary');
    await printPdf(page, 'j10-summary');
    const pdf = pdfText('j10-summary');
    if (pdf !== null) {
      assert.match(pdf, /情報提供書/);
      assert.doesNotMatch(pdf, /秘密の住所|印刷|ケースに戻る/);
    }
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test('coordinator: a case from a consultation at its 支援 step, the step linked to it; an agency shared by PATCH', async (t) => {
  if (!has.cases) return t.skip('the cases API is not in this build yet');
  const { page, context, problems } = await newPage(browser);
  const url = server.url;
  await onFailureScreenshot(page, 'joint-case-report', async () => {
    await login(page, url, COORD.login, COORD.password);
    // --- An agency of the 要対協, reached from the 会議 page.
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '会議' }).click();
    await page.getByRole('link', { name: '関係機関（要対協）' }).click();
    await page.getByRole('heading', { name: '関係機関（要対協）', level: 1 }).waitFor();
    await page.getByLabel('機関名').fill('第一保育園');
    await page.getByLabel('種別').selectOption({ label: '保育所' });
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('status').filter({ hasText: '第一保育園を登録しました。' }).waitFor();
    assert.match(await page.locator('table.agencies').innerText(), /第一保育園\s+保育所/);

    // --- The report's 支援 step: no open case yet — open one from the report.
    const reportUrl = `${url}/#/reports/${encodeURIComponent(ids.report)}`;
    await page.goto(reportUrl);
    await page.getByRole('button', { name: '支援', exact: true }).click();
    const stepForm = page.locator('form[data-step="support"]');
    assert.deepEqual(await stepForm.getByLabel('ケース').locator('option').allInnerTexts(), ['（ケースに結び付けない）']);
    await stepForm.getByRole('link', { name: 'この通告・相談から新しいケースを開く' }).click();
    await page.getByRole('heading', { name: '通告・相談からケースを開く', level: 1 }).waitFor();
    const form = page.locator('form[aria-label="ケースを開く"]');
    assert.equal(await form.getByLabel(/^佐藤 結/).isChecked(), true);
    assert.equal(await form.getByLabel(/^佐藤 恵/).isChecked(), false);
    await form.getByLabel('副担当').selectOption({ label: '保健 みどり（保健師・助産師等）' });
    await form.getByRole('button', { name: 'ケースを開く' }).click();
    await page.getByRole('heading', { name: /^ケース\s佐藤 結$/, level: 1 }).waitFor();
    const caseId = decodeURIComponent(page.url().split('#/cases/')[1]);
    assert.match(await page.locator('main').innerText(), /きっかけ\s+通告・相談/);
    assert.match(await page.locator('main').innerText(), /副担当\s+保健 みどり/);

    // Sharing with the agency and a next review: a PATCH with If-Match.
    await page.getByRole('button', { name: '担当・共有を変更' }).click();
    const edit = page.locator('form.case-edit');
    await edit.getByLabel(/^第一保育園/).check();
    await edit.getByRole('button', { name: '変更を保存' }).click();
    await page.getByRole('status').filter({ hasText: '変更を保存しました。' }).waitFor();
    assert.match(await page.locator('main').innerText(), /共有する関係機関\s+第一保育園/);
    // A stale form says so and changes nothing.
    await page.getByRole('button', { name: '担当・共有を変更' }).click();
    const api = new Client(url);
    assert.equal((await api.login(NURSE.login, NURSE.password)).status, 200);
    const now = (await api.get(`/api/v1/cases/${encodeURIComponent(caseId)}`)).body;
    assert.equal((await api.patch(`/api/v1/cases/${encodeURIComponent(caseId)}`, { deputy_id: null }, { 'if-match': `"${now.version}"` })).status, 200);
    const bumped = (await api.get(`/api/v1/cases/${encodeURIComponent(caseId)}`)).body.version;
    await page.locator('form.case-edit').getByRole('button', { name: '変更を保存' }).click();
    await page.locator('form.case-edit').getByRole('alert').filter({ hasText: 'ほかの職員がこのケースを先に変更しました' }).waitFor();
    assert.equal((await api.get(`/api/v1/cases/${encodeURIComponent(caseId)}`)).body.version, bumped);
    await shot(page, 'j11-case-stale');

    // --- Back at the report: the 支援 step picks the open case.
    await page.goto(reportUrl);
    await page.getByRole('button', { name: '支援', exact: true }).click();
    const select = page.locator('form[data-step="support"]').getByLabel('ケース');
    await page.waitForFunction(() => document.querySelectorAll('form[data-step="support"] select[name="case_id"] option').length === 2);
    assert.equal(await select.inputValue(), caseId);
    await page.locator('form[data-step="support"]').getByRole('button', { name: '支援を記録する' }).click();
    await page.getByRole('status').filter({ hasText: '支援を記録しました。' }).waitFor();
    assert.equal(await page.locator('li.step-support').getByRole('link', { name: 'ケースを開く' }).getAttribute('href'), `#/cases/${encodeURIComponent(caseId)}`);
    await shot(page, 'j12-report-support');
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test('the designated family: a サポートプラン from the case page, approved and printed; a partner sees the summary only', async (t) => {
  if (!ids.conference) return t.skip('the conference of the first test did not happen');
  const url = server.url;
  const caseUrl = `${url}/#/cases/${encodeURIComponent(ids.case)}`;
  let planUrl;

  // --- The coordinator writes the plan from the case page, in the family's own words.
  const w = await newPage(browser);
  await onFailureScreenshot(w.page, 'joint-case-plan', async () => {
    const page = w.page;
    await login(page, url, COORD.login, COORD.password);
    await page.goto(caseUrl);
    const plans = page.locator('section.plan-block');
    await plans.getByRole('heading', { name: 'サポートプラン', level: 2 }).waitFor();
    await plans.getByRole('link', { name: 'サポートプランを作成' }).click();
    await page.getByRole('heading', { name: 'サポートプランの作成' }).waitFor();
    assert.equal(await page.getByLabel('山田 花子').isChecked(), true);
    assert.equal(await page.getByLabel('山田 太郎').isChecked(), true);
    await page.getByLabel('保護者の意向（ご本人のことばで）').fill(WISHES);
    await page.getByLabel('子どもの意見（お子さん自身のことば）').fill(CHILD_WORDS);
    await page.getByLabel('現在の状況と課題').fill('出産を控え、上の子の送迎と妊婦健診の両立が難しい。');
    await page.getByLabel('長期目標').fill('家族みんなが安心して赤ちゃんを迎えられる');
    await page.getByLabel('短期目標').fill('妊婦健診を毎回受けられる');
    await page.getByRole('button', { name: '支援の行を追加' }).click();
    await page.getByLabel('1行目の内容').fill('妊婦健診への同行');
    await page.getByLabel('1行目の担当（機関・職員）').fill('保健師');
    await page.getByLabel('1行目の頻度').fill('健診のたび');
    // Enter in a one-line field never saves the plan; Ctrl+Enter does.
    await page.getByLabel('1行目の頻度').press('Enter');
    assert.match(page.url(), /plans\/new$/, 'still on the form after Enter');
    await page.getByLabel('短期目標').press('Control+Enter');
    await page.getByText('サポートプラン第1版を下書きとして保存しました。').waitFor();
    planUrl = page.url();
    assert.equal(await page.getByRole('button', { name: '承認する' }).count(), 0, 'only the director approves');

    // Back on the case page, the draft is listed.
    await page.goto(caseUrl);
    await page.locator('section.plan-block .plan-status-draft').first().waitFor();
    assert.equal(await page.locator('section.plan-block').getByRole('link', { name: '新しい版を作成' }).count(), 1);
    await shot(page, 'j13-case-plan-draft');
    assert.deepEqual(await w.problems(), []);
  });
  await w.context.close();

  // --- The director approves it deliberately; it prints for the family.
  const d = await newPage(browser);
  await onFailureScreenshot(d.page, 'joint-case-plan-approve', async () => {
    const page = d.page;
    await login(page, url, DIRECTOR.login, DIRECTOR.password);
    await page.goto(planUrl);
    await page.getByRole('heading', { name: 'センター長の承認' }).waitFor();
    const box = page.getByLabel('この内容でサポートプランを承認します（承認した版は変更できません）');
    await box.check();
    await box.press('Enter');
    assert.equal(await page.locator('.plan-status-approved').count(), 0, 'Enter alone does not approve');
    await page.getByRole('button', { name: '承認する' }).click();
    await page.getByText('サポートプラン第1版を承認しました。').waitFor();
    await page.getByRole('button', { name: 'ご家族用に印刷' }).waitFor();
    await printPdf(page, 'j14-plan');
    await page.emulateMedia({ media: 'screen' });
    const text = pdfText('j14-plan');
    if (text !== null) {
      const flat = text.replace(/\s+/g, '');
      for (const want of ['サポートプラン', '山田花子さん', '山田太郎さん', WISHES, CHILD_WORDS, '妊婦健診への同行', '受け取り確認', 'ご署名', '令和']) {
        assert.ok(flat.includes(want.replace(/\s+/g, '')), `the paper says ${want}\n${text}`);
      }
      // No staff-only notes (the conference's discussion, the case's policy), address, codes or names of staff.
      for (const never of ['DV', '被害の訴え', '同行で支える', '緑町', 'tokutei', 'youshien', 'approved', '承認', '統括ゆかり', '所長はるみ', ids.case]) {
        assert.ok(!flat.includes(never), `the paper does not say ${never}\n${text}`);
      }
    }
    // The case page lists the approved version.
    await page.goto(caseUrl);
    await page.locator('section.plan-block .plan-status-approved').first().waitFor();
    await shot(page, 'j15-case-plan-approved');
    assert.deepEqual(await d.problems(), []);
  });
  await d.context.close();

  // --- A partner agency: the case shared with it, its account made with --agency.
  const coord = new Client(url);
  assert.equal((await coord.login(COORD.login, COORD.password)).status, 200);
  const agency = await ok(coord.post('/api/v1/agencies', { name: '第二保育園', kind: 'nursery' }), 'agency');
  const kase = (await coord.get(`/api/v1/cases/${encodeURIComponent(ids.case)}`)).body;
  await ok(coord.patch(`/api/v1/cases/${encodeURIComponent(ids.case)}`, { agency_ids: [...kase.agency_ids, agency.id] }, { 'if-match': `"${kase.version}"` }), 'share');
  addUser(server, { ...PARTNER, agency: agency.id });

  const p = await newPage(browser);
  await onFailureScreenshot(p.page, 'joint-case-partner', async () => {
    const page = p.page;
    await login(page, url, PARTNER.login, PARTNER.password);
    await page.getByRole('heading', { name: '共有ケース（要対協）' }).waitFor();
    assert.match(await page.locator('table.partner-cases').innerText(), /山田\s*太郎/);
    await page.getByRole('link', { name: '開く' }).click();
    await page.getByRole('heading', { name: '共有ケースの概要' }).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /山田\s*太郎/);
    assert.match(text, /要支援児童/);
    for (const secret of ['DV', '被害の訴え', '同行で支える', '緑町', WISHES, CHILD_WORDS, '保健師が家庭訪問']) {
      assert.ok(!text.includes(secret), `the partner does not see ${secret}`);
    }
    await shot(page, 'j16-partner-summary');
    assert.deepEqual(await p.problems(), []);
  });
  await p.context.close();
});
