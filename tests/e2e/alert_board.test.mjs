// Browser test of the alert board (issue 8): a report's row names every child not yet seen; the
// nurse's worklist lists only what a nurse can open and act on (no 現認 rows without a link),
// the EPDS 自傷の考え first; the board reloads every minute only while the page is visible, and
// once at once when it becomes visible again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { checkListPrint, launch, login, newPage, onFailureScreenshot, shot } from './browser.mjs';

const WELFARE = { login: 'fukushi8', role: 'welfare', name: '福祉 さとし', password: 'satoshi-pass-2024' };
const NURSE = { login: 'hoken8', role: 'health', name: '保健 ゆかり', password: 'yukari-pass-2024' };

let server;
let browser;
let report; // the abuse report about three siblings, one of them seen
const kids = {};

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const dateJst = (days = 0) => new Date(Date.now() + 9 * HOUR + days * 86400e3).toISOString().slice(0, 10);

async function client(user) {
  const c = new Client(server.url);
  assert.equal((await c.login(user.login, user.password)).status, 200);
  return c;
}

async function created(r) {
  assert.ok(r.status === 201, JSON.stringify(r.body));
  return r.body;
}

before(async () => {
  server = await startServer({ users: [WELFARE, NURSE] });
  browser = await launch();
  const w = await client(WELFARE);
  const n = await client(NURSE);
  const kid = (given, kana) => n.post('/api/v1/persons', { family_name: '青木', given_name: given, family_name_kana: 'アオキ', given_name_kana: kana, birth_date: '2018-04-10' }).then(created);
  kids.taro = await kid('太郎', 'タロウ');
  kids.jiro = await kid('次郎', 'ジロウ');
  kids.hana = await kid('花', 'ハナ');
  report = await created(
    await w.post('/api/v1/reports', {
      kind: 'abuse_report',
      received_at: jst(Math.floor(Date.now() / 60e3) * 60e3 - 3 * HOUR),
      child_ids: [kids.taro.id, kids.jiro.id, kids.hana.id],
      route: 'school',
      abuse_types: ['neglect'],
    }),
  );
  await created(await w.post(`/api/v1/reports/${report.id}/events`, { step: 'juri', urgency: 'a' }));
  await created(await w.post(`/api/v1/reports/${report.id}/events`, { step: 'safety_confirmed', child_ids: [kids.jiro.id], seen_by: '福祉 さとし' }));
  // The nurse's work: an EPDS with item 10 answered (自傷の考え) and an infant not yet visited.
  const mother = await created(await n.post('/api/v1/persons', { family_name: '緑川', given_name: '梢', family_name_kana: 'ミドリカワ', given_name_kana: 'コズエ', birth_date: '1993-08-08' }));
  await created(await n.post('/api/v1/screenings', { person_id: mother.id, instrument: 'epds', administered_on: dateJst(), answers: [0, 0, 3, 0, 3, 3, 3, 3, 3, 2] }));
  await created(await n.post('/api/v1/persons', { family_name: '緑川', given_name: '蒼', family_name_kana: 'ミドリカワ', given_name_kana: 'アオ', birth_date: dateJst(-150) }));
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

test('the board names every child of a report not yet seen', async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'alert-board-children', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.getByRole('heading', { name: 'アラート', level: 1 }).waitFor();
    const row = page.locator(`tr.safety-alert[data-report="${report.id}"]`);
    await row.waitFor();
    const names = row.locator('.unconfirmed-children li a');
    assert.deepEqual(await names.allInnerTexts(), ['青木 太郎', '青木 花']);
    assert.deepEqual(await names.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [`#/persons/${kids.taro.id}`, `#/persons/${kids.hana.id}`]);
    assert.doesNotMatch(await row.innerText(), /次郎/, 'the child seen is not listed');
    assert.match(await row.locator('.unconfirmed').innerText(), /^2人$/);
    assert.equal(await row.getByRole('link', { name: '青木 太郎・青木 花さんの虐待通告を開く' }).count(), 1);
    await shot(page, 'ab01-board-children');
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});

test("the nurse's worklist lists only what a nurse opens and acts on, 自傷の考え first", async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'alert-board-worklist', async () => {
    await login(page, server.url, NURSE.login, NURSE.password);
    await page.goto(`${server.url}/#/health`);
    await page.getByRole('heading', { name: '母子保健 業務一覧' }).waitFor();
    const rows = page.locator('table.alerts tbody tr');
    await rows.first().waitFor();
    const kinds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['epds_self_harm', 'newborn_visit'], 'no 現認 row on the worklist');
    // Every row opens something.
    const links = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:last-child a')?.getAttribute('href') ?? null));
    assert.ok(links.every((l) => l && l.startsWith('#/')), JSON.stringify(links));
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(main, /青木|現認/);
    assert.match(await rows.first().innerText(), /EPDS 自傷の考え：翌日までに確認/);
    assert.match(await rows.first().innerText(), /緑川 梢/);
    assert.match(await page.locator('#wl-alerts').innerText(), /2件/);
    await checkListPrint(page, { title: '母子保健 業務一覧', user: NURSE.name, filter: '条件: 母子保健の期限のある対応（すべて）・今日（' });
    await shot(page, 'ab02-worklist');
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});

test('the board reloads every minute only while visible, and at once when visible again', async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'alert-board-visibility', async () => {
    await page.clock.install();
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.locator(`tr.safety-alert[data-report="${report.id}"]`).waitFor();
    let readings = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/alerts') readings++;
    });
    const reading = () => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/alerts');
    const setVisibility = (state) =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

    // Visible: one reading a minute.
    let next = reading();
    await page.clock.runFor(60_000);
    await next;
    assert.equal(readings, 1);

    // Hidden: none, however long.
    await setVisibility('hidden');
    await page.clock.runFor(5 * 60_000);
    await settle();
    assert.equal(readings, 1, 'no reading while the page is hidden');

    // Visible again: one reading at once, then once a minute from then on.
    next = reading();
    await setVisibility('visible');
    await next;
    assert.equal(readings, 2);
    await page.clock.runFor(30_000);
    await settle();
    assert.equal(readings, 2);
    next = reading();
    await page.clock.runFor(31_000);
    await next;
    assert.equal(readings, 3);
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});

test('the board prints with the list header; a protected address prints as 「住所秘匿」 only', async () => {
  const w = await client(WELFARE);
  const hidden = await created(await w.post('/api/v1/persons', { family_name: '秘匿', given_name: '二葉', family_name_kana: 'ヒトク', given_name_kana: 'フタバ', birth_date: '2018-06-06', address: '秘密の住所 9-9' }));
  const mark = await w.patch(`/api/v1/persons/${hidden.id}`, { address_protected: true }, { 'if-match': `"${hidden.version}"` });
  assert.equal(mark.status, 200, JSON.stringify(mark.body));
  const secret = await created(
    await w.post('/api/v1/reports', {
      kind: 'abuse_report',
      received_at: jst(Math.floor(Date.now() / 60e3) * 60e3 - 2 * HOUR),
      child_ids: [hidden.id],
      route: 'school',
      abuse_types: ['neglect'],
    }),
  );
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'alert-board-print', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    const row = page.locator(`tr.safety-alert[data-report="${secret.id}"]`);
    await row.waitFor();
    await checkListPrint(page, { title: 'アラート', user: WELFARE.name, filter: '条件: 現認（安全確認）を待つ虐待通告' });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await row.locator('td.address').innerText(), '住所秘匿');
    assert.doesNotMatch(await page.locator('body').innerText(), /秘密の住所/);
    assert.equal(await row.getByRole('link', { name: /通告を開く/ }).count(), 0, 'no link column on paper');
    await shot(page, 'ab04-board-print', { fullPage: false });
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await row.getByRole('link', { name: /通告を開く/ }).count(), 1);
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});
