// Browser test of the working lists (issue 13, items 1, 2 and the list prints of 8): a caseworker
// opens 通告・相談 on 自分の担当 with the total of the filter, one-line rows (15–25 on a 1280×800
// screen), filters by urgency and sorts by 受付日時 with the keyboard (aria-sort; the filter and
// the order kept in the address through a reload and back); 「さらに表示」 leaves the focus on the
// first new row; the printed list has its header (when, who, which filter) and no 開く column;
// at 800 px the page does not overflow (the table scrolls inside its wrapper); the cases list opens
// on 自分の担当 too (lead or deputy); 担当者の変更 on a report's page. Screenshots at both widths go
// to out/ and, when it exists, /work/shots/owners/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, copyFileSync } from 'node:fs';
import { Client, startServer } from '../lib/server.mjs';
import { OUT, launch, login, newPage, onFailureScreenshot, printPdf, shot } from './browser.mjs';

const WELFARE = { login: 'fukushi8', role: 'welfare', name: '福祉 さくら', password: 'sakura-pass-2024' };
const WELFARE2 = { login: 'fukushi9', role: 'welfare', name: '福祉 たける', password: 'takeru-pass-2024' };
const COORD = { login: 'tokatsu8', role: 'coordinator', name: '統括 ひかり', password: 'hikari-pass-2024' };
const MINE = 56; // more than one page of 50
const URGENCIES = ['aa', 'a', 'b', 'c'];
const SHOTS = '/work/shots/owners/';

let server;
let browser;
const ids = {};
let someReport;

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';

async function created(r, status = 201) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

function keep(name) {
  if (existsSync(SHOTS)) copyFileSync(`${OUT}${name}.png`, `${SHOTS}${name}.png`);
}

before(async () => {
  server = await startServer({ users: [WELFARE, WELFARE2, COORD] });
  browser = await launch();
  const c = {};
  for (const [k, u] of Object.entries({ w: WELFARE, w2: WELFARE2, coord: COORD })) {
    c[k] = new Client(server.url);
    const res = await c[k].login(u.login, u.password);
    assert.equal(res.status, 200);
    ids[k] = res.body.user.id;
  }
  const kid = await created(
    await c.w.post('/api/v1/persons', { family_name: '一覧', given_name: '花子', family_name_kana: 'イチラン', given_name_kana: 'ハナコ', birth_date: '2019-05-05' }),
  );
  // MINE reports owned by the caseworker (lead), four by her colleague, two not yet assigned;
  // received an hour apart, the oldest first.
  const total = MINE + 6;
  for (let i = 0; i < total; i++) {
    const r = await created(
      await c.w.post('/api/v1/reports', {
        kind: 'abuse_report',
        received_at: jst(Date.now() - (total - i + 2) * HOUR),
        child_ids: [kid.id],
        route: i % 2 ? 'school' : 'neighbor',
        abuse_types: ['neglect'],
        summary: `一覧の通告 ${i}`,
      }),
    );
    if (i >= MINE + 4) continue;
    const lead = i < MINE ? ids.w : ids.w2;
    await created(await c.w.post(`/api/v1/reports/${r.id}/events`, { step: 'juri', urgency: URGENCIES[i % 4], lead_id: lead }));
    if (i === 0) someReport = r;
  }
  // Cases: the caseworker is deputy of one; the coordinator leads another.
  for (const [n, lead, deputy] of [
    ['一', ids.w2, ids.w],
    ['二', ids.coord, null],
  ]) {
    const m = await created(
      await c.w.post('/api/v1/persons', { family_name: `家族${n}`, given_name: '母', family_name_kana: 'カゾク', given_name_kana: 'ハハ', birth_date: '1990-01-01' }),
    );
    const h = await created(await c.w.post('/api/v1/households', { name: `家族${n}家`, members: [{ person_id: m.id, relation: 'mother' }] }));
    await created(await c.w.post('/api/v1/cases', { household_id: h.id, subject_ids: [m.id], lead_id: lead, ...(deputy ? { deputy_id: deputy } : {}) }));
  }
});

after(async () => {
  await browser?.close();
  if (server) await server.stop();
});

const rowsOf = (page) => page.locator('table.reports-worklist tbody tr');

test('1280 px: 自分の担当 with its total, filtered and sorted by keyboard, kept in the address; さらに表示; the list print', async () => {
  const { context, page, problems } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await onFailureScreenshot(page, 'worklists-1280', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(`${server.url}/#/reports`);
    await rowsOf(page).first().waitFor();
    assert.equal(await page.getByRole('link', { name: '自分の担当' }).getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('.search-status').textContent(), `${MINE}件（50件を表示）`);
    assert.equal(await rowsOf(page).count(), 50);
    // Only her own: the owner column names her on every row.
    const owners = await page.locator('table.reports-worklist tbody td.cell-owner').allTextContents();
    assert.ok(owners.every((o) => o === WELFARE.name), owners.join(','));
    // One line a row, 15–25 rows on the screen.
    const heights = await rowsOf(page).evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    assert.ok(Math.max(...heights) < 40, `row heights ${Math.max(...heights)}`);
    // At load, under the app's header (one row at 1280 px), the tabs and the filter: at least 15
    // rows; a screen of the list itself holds 15 to 25.
    const atLoad = await rowsOf(page).evaluateAll((rows) => rows.filter((r) => r.getBoundingClientRect().bottom <= innerHeight).length);
    assert.ok(atLoad >= 15, `${atLoad} rows on the screen at load`);
    await page.locator('table.reports-worklist thead').evaluate((t) => t.scrollIntoView({ block: 'start' }));
    const perScreen = await rowsOf(page).evaluateAll(
      (rows) => rows.filter((r) => r.getBoundingClientRect().top >= 0 && r.getBoundingClientRect().bottom <= innerHeight).length,
    );
    assert.ok(perScreen >= 15 && perScreen <= 25, `${perScreen} rows a screen`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'reports-1280', { fullPage: false });
    keep('reports-1280');

    // Filter: urgency A (the keyboard: choose, then the submit button).
    await page.getByLabel('緊急度', { exact: true }).selectOption('a');
    await page.getByRole('button', { name: '絞り込む' }).press('Enter');
    await page.waitForURL(/urgency=a/);
    await page.locator('.search-status', { hasText: `${MINE / 4}件` }).waitFor();
    assert.equal(await rowsOf(page).count(), MINE / 4);
    const urg = await page.locator('table.reports-worklist tbody .urgency').allTextContents();
    assert.ok(urg.every((u) => u.includes('A') && !u.includes('AA')), urg.join(','));

    // Sort by 受付日時, oldest first, with Enter on the column header.
    const th = page.locator('th:has(button[data-sort="received_at"])');
    assert.equal(await th.getAttribute('aria-sort'), 'descending');
    const firstBefore = await rowsOf(page).first().locator('time').getAttribute('datetime');
    await page.locator('button[data-sort="received_at"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/order=asc/);
    await page.locator('th[aria-sort="ascending"] button[data-sort="received_at"]').waitFor();
    const times = await page.locator('table.reports-worklist tbody time').evaluateAll((t) => t.map((x) => x.getAttribute('datetime')));
    assert.deepEqual(times, [...times].sort());
    assert.notEqual(times[0], firstBefore);

    // Reload and back restore the filter and the order.
    await page.reload();
    await page.locator('th[aria-sort="ascending"] button[data-sort="received_at"]').waitFor();
    assert.equal(await page.getByLabel('緊急度', { exact: true }).inputValue(), 'a');
    assert.equal(await rowsOf(page).count(), MINE / 4);
    await page.goBack();
    await page.locator('th[aria-sort="descending"] button[data-sort="received_at"]').waitFor();
    assert.equal(await page.getByLabel('緊急度', { exact: true }).inputValue(), 'a');

    // さらに表示: the focus goes to the first row just shown.
    await page.goto(`${server.url}/#/reports?scope=mine`);
    await page.locator('.search-status', { hasText: `${MINE}件（50件を表示）` }).waitFor();
    await page.getByRole('button', { name: /さらに表示/ }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.search-status', { hasText: new RegExp(`^${MINE}件$`) }).waitFor();
    assert.equal(await rowsOf(page).count(), MINE);
    const focusedRow = await page.evaluate(() => {
      const tr = document.activeElement?.closest('tr');
      return tr ? [...tr.parentElement.children].indexOf(tr) : -1;
    });
    assert.equal(focusedRow, 50);

    // The list print: the header (when, who, which filter), no 開く column, names on one line.
    await page.emulateMedia({ media: 'print' });
    const head = page.locator('.list-print-head');
    assert.ok(await head.isVisible());
    const headText = await head.textContent();
    assert.match(headText, /通告・相談の一覧/);
    assert.match(headText, /印刷日時: (令和|平成)\S+ \d\d:\d\d/);
    assert.match(headText, new RegExp(`印刷者: ${WELFARE.name}`));
    assert.match(headText, /条件: 自分の担当・対応中/);
    assert.equal(await page.locator('th.col-open, td.col-open').first().isVisible(), false);
    assert.equal(await page.getByRole('link', { name: /を開く$/ }).first().isVisible(), false);
    assert.ok(await page.locator('.print-foot', { hasText: '個人情報を含みます' }).isVisible());
    const nowrap = await page.locator('td.cell-names').first().evaluate((td) => getComputedStyle(td).whiteSpace);
    assert.equal(nowrap, 'nowrap');
    await shot(page, 'reports-print', { fullPage: false });
    keep('reports-print');
    await page.emulateMedia({ media: 'screen' });
    const pdf = await printPdf(page, 'reports-list');
    if (existsSync(SHOTS)) copyFileSync(`${OUT}reports-list.pdf`, `${SHOTS}reports-list.pdf`);
    assert.ok(pdf.length > 10000);
    await page.emulateMedia({ media: 'screen' });

    // 全件: the colleague's and the unassigned reports too; the owner filter 未定.
    await page.getByRole('link', { name: '全件' }).click();
    await page.locator('.search-status', { hasText: `${MINE + 6}件` }).waitFor();
    await page.getByLabel('担当', { exact: true }).selectOption('none');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.locator('.search-status', { hasText: /^2件$/ }).waitFor();
    assert.deepEqual(await page.locator('td.cell-owner').allTextContents(), ['未定', '未定']);
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test('800 px: no page overflow, the table scrolls inside; the cases list on 自分の担当', async () => {
  const { context, page, problems } = await newPage(browser, { viewport: { width: 800, height: 800 } });
  await onFailureScreenshot(page, 'worklists-800', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(`${server.url}/#/reports`);
    await rowsOf(page).first().waitFor();
    const widths = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      inner: innerWidth,
      wrapper: document.querySelector('.table-scroll').clientWidth,
      table: document.querySelector('.table-scroll table').scrollWidth,
    }));
    assert.ok(widths.doc <= widths.inner, JSON.stringify(widths));
    assert.ok(widths.wrapper <= widths.inner, JSON.stringify(widths));
    await shot(page, 'reports-800', { fullPage: false });
    keep('reports-800');

    await page.goto(`${server.url}/#/cases`);
    await page.locator('table.cases tbody tr').first().waitFor();
    assert.equal(await page.getByRole('link', { name: '自分の担当' }).getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('table.cases tbody tr').count(), 1, 'the case she is deputy of');
    assert.match(await page.locator('table.cases tbody td.cell-owner').textContent(), new RegExp(`${WELFARE2.name}／${WELFARE.name}`));
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
    await shot(page, 'cases-800', { fullPage: false });
    keep('cases-800');
    await page.getByRole('link', { name: '全件' }).click();
    await page.locator('.search-status', { hasText: '2件' }).waitFor();
    await page.locator('button[data-sort="lead"]').click();
    await page.locator('th[aria-sort="ascending"] button[data-sort="lead"]').waitFor();
    assert.match(page.url(), /sort=lead/);
    // The period of the start: from tomorrow lists none, and the order stays.
    const tomorrow = new Date(Date.now() + 9 * 3600e3 + 86400e3).toISOString().slice(0, 10);
    await page.getByLabel('開始日（から）').fill(tomorrow);
    await page.getByLabel('開始日（から）').press('Enter');
    await page.locator('.search-status', { hasText: '0件' }).waitFor();
    assert.ok(page.url().includes(`opened_from=${tomorrow}`), page.url());
    assert.match(page.url(), /sort=lead/);
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test('a report page: the owner shown and changed (担当者の変更)', async () => {
  const { context, page, problems } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await onFailureScreenshot(page, 'worklists-owner', async () => {
    await login(page, server.url, COORD.login, COORD.password);
    await page.goto(`${server.url}/#/reports/${someReport.id}`);
    await page.locator('.owner-text', { hasText: `主担当 ${WELFARE.name}` }).waitFor();
    await page.getByRole('button', { name: '担当者を変更' }).click();
    await page.getByLabel('主担当').selectOption(ids.w2);
    await page.getByLabel('副担当').selectOption(ids.w);
    await page.getByRole('button', { name: '変更する' }).click();
    await page.locator('.owner-text', { hasText: `主担当 ${WELFARE2.name}・副担当 ${WELFARE.name}` }).waitFor();
    await page.locator('.report-steps', { hasText: '担当者の変更' }).waitFor();
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test('the cases list: one page of 50 and the total from the answer; さらに表示 keeps the focus on the next row', async () => {
  const c = new Client(server.url);
  assert.equal((await c.login(COORD.login, COORD.password)).status, 200);
  const EXTRA = 50; // with the two of before(): 52 open cases, more than one page
  for (let i = 0; i < EXTRA; i++) {
    const m = await created(
      await c.post('/api/v1/persons', { family_name: `件数${i}`, given_name: '母', family_name_kana: 'ケンスウ', given_name_kana: 'ハハ', birth_date: '1991-02-02' }),
    );
    const h = await created(await c.post('/api/v1/households', { name: `件数${i}家`, members: [{ person_id: m.id, relation: 'mother' }] }));
    await created(await c.post('/api/v1/cases', { household_id: h.id, subject_ids: [m.id], lead_id: ids.coord }));
  }
  const { context, page, problems } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await onFailureScreenshot(page, 'worklists-cases-total', async () => {
    const reads = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/cases') reads.push(u.searchParams);
    });
    await login(page, server.url, COORD.login, COORD.password);
    await page.goto(`${server.url}/#/cases`);
    const rows = page.locator('table.cases tbody tr');
    await page.locator('.search-status', { hasText: `${EXTRA + 2}件（50件を表示）` }).waitFor();
    assert.equal(await rows.count(), 50);
    assert.equal(reads.length, 1, 'one page read, not every page');
    assert.equal(reads[0].get('limit'), '50');
    const more = page.getByRole('button', { name: 'さらに表示（残り2件）' });
    await more.focus();
    await page.keyboard.press('Enter');
    await page.locator('.search-status', { hasText: new RegExp(`^${EXTRA + 2}件$`) }).waitFor();
    assert.equal(await rows.count(), EXTRA + 2);
    assert.ok(reads[1]?.get('cursor'), 'the second page by its cursor');
    const focused = await page.evaluate(() => {
      const tr = document.activeElement?.closest('tr');
      return tr ? [...tr.parentElement.children].indexOf(tr) : -1;
    });
    assert.equal(focused, 50);
    assert.equal(await page.getByRole('button', { name: /さらに表示/ }).count(), 0);
    const caseIds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case')));
    assert.equal(new Set(caseIds).size, EXTRA + 2, 'no case twice');
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});
