// Browser test of the statistics screen (統計): abuse reports taken through the API with their
// received dates in FY2017–FY2022 (and a consultation, which counts nowhere); the director opens
// 統計 from the menu, picks 平成30年度〜令和4年度, sees a bar per year stacked by type with the
// year's total and the table with the same totals, downloads the CSV (BOM, the 平成30年度 row) —
// audited as an export — and prints it on A4 without the menu. Then the same range chosen with the
// keyboard alone. Then the council's exports (the register, the reports list) from their pages, in
// Shift_JIS too. Screenshots and the PDF in out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, startServer } from '../lib/server.mjs';
import { sql, sqlRows } from '../lib/store.mjs';
import { launch, login, newPage, onFailureScreenshot, printPdf, shot } from './browser.mjs';

const DIRECTOR = { login: 'chou5', role: 'director', name: '所長 はるか', password: 'haruka-pass-2024' };
const WELFARE = { login: 'fukushi5', role: 'welfare', name: '福祉 たけし', password: 'takeshi-pass-2024' };

const TYPES = ['physical', 'sexual', 'neglect', 'psychological'];
// Reports per fiscal year of the range, each of one type (so that the stack is the total), the
// types taken in turn; FY2017 is outside the range asked.
const PER_YEAR = { 2017: 2, 2018: 6, 2019: 3, 2020: 7, 2021: 8, 2022: 8 };
const YEARS = [
  [2018, '平成30年度', 'H30'],
  [2019, '令和元年度', 'R1'],
  [2020, '令和2年度', 'R2'],
  [2021, '令和3年度', 'R3'],
  [2022, '令和4年度', 'R4'],
];

// The hours from report to safety confirmation of the FY2018 reports (written with SQL: the use
// case dates a confirmation today): median by nearest rank 20, 90th percentile 70, 4 of 6 within 48.
const H30_HOURS = [2, 10, 20, 30, 50, 70];

let server;
let browser;
let directorId;

const pad = (n) => String(n).padStart(2, '0');

// The k-th report of a fiscal year: from May 1 on, a day apart (09:00 in Japan).
function receivedAt(fy, k) {
  const d = new Date(Date.UTC(fy, 4, 1 + k));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T09:00:00+09:00`;
}

function typesOf(fy) {
  const counts = Object.fromEntries(TYPES.map((t) => [t, 0]));
  for (let k = 0; k < PER_YEAR[fy]; k++) counts[TYPES[k % TYPES.length]]++;
  return counts;
}

async function takeReport(client, body) {
  const r = await client.post('/api/v1/reports', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

before(async () => {
  server = await startServer({ users: [DIRECTOR, WELFARE], args: ['--rate-limit', '0'] });
  browser = await launch();
  const welfare = new Client(server.url);
  assert.equal((await welfare.login(WELFARE.login, WELFARE.password)).status, 200);
  const child = await welfare.post('/api/v1/persons', {
    family_name: '統計',
    given_name: 'はな',
    family_name_kana: 'トウケイ',
    given_name_kana: 'ハナ',
    birth_date: '2012-06-01',
  });
  assert.equal(child.status, 201, JSON.stringify(child.body));
  for (const [fy, n] of Object.entries(PER_YEAR))
    for (let k = 0; k < n; k++)
      await takeReport(welfare, {
        kind: 'abuse_report',
        received_at: receivedAt(Number(fy), k),
        route: 'school',
        abuse_types: [TYPES[k % TYPES.length]],
        child_ids: [child.body.id],
      });
  await takeReport(welfare, {
    kind: 'consultation',
    received_at: receivedAt(2019, 20),
    route: 'family',
    abuse_types: ['neglect'],
    child_ids: [child.body.id],
  });
  const unix = (at) => Math.floor(Date.parse(at) / 1000);
  sql(
    server,
    H30_HOURS.map(
      (hours, k) =>
        `UPDATE report_children SET confirmed_at = ${unix(receivedAt(2018, k)) + hours * 3600}
          WHERE report_id = (SELECT id FROM reports WHERE kind = 'abuse_report' AND received_at = ${unix(receivedAt(2018, k))});`,
    ).join('\n'),
  );
  const director = new Client(server.url);
  directorId = (await director.login(DIRECTOR.login, DIRECTOR.password)).body.user.id;
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

const reports = (page) => page.locator('section[data-table="reports"]');

// The figures of the page: the bars' categories and totals, the table's header and total row.
async function assertRange(page) {
  const section = reports(page);
  const chart = section.getByRole('img', { name: '児童虐待の通告件数（年度別、虐待の種類で積み上げ）' });
  await chart.waitFor();
  assert.match(await chart.getAttribute('aria-describedby'), /chart-desc/);
  const bars = chart.locator('g.chart-bar');
  assert.equal(await bars.count(), YEARS.length, 'a bar for each year');
  for (const [i, [fy, , short]] of YEARS.entries()) {
    const bar = bars.nth(i);
    assert.equal(await bar.getAttribute('data-category'), short);
    assert.equal(await bar.locator('.chart-total').textContent(), String(PER_YEAR[fy]), `${short} total`);
    const stacked = Object.values(typesOf(fy)).filter((n) => n > 0).length;
    assert.equal(await bar.locator('rect').count(), stacked, `${short}: a segment per type named`);
  }
  const table = section.locator('table').first();
  assert.deepEqual(await table.locator('thead th').allTextContents(), ['年度', ...YEARS.map(([, label]) => label)]);
  const totals = table.locator('tbody tr', { has: page.getByRole('rowheader', { name: '通告件数' }) });
  assert.deepEqual(await totals.locator('td').allTextContents(), YEARS.map(([fy]) => String(PER_YEAR[fy])));
  const neglect = table.locator('tbody tr[data-code="neglect"]');
  assert.deepEqual(await neglect.locator('td').allTextContents(), YEARS.map(([fy]) => String(typesOf(fy).neglect)));
  // The lead times: FY2018's measured, the other years' none (—), and the 48 h line.
  const safety = page.locator('section[data-table="safety"]');
  const row = (name) => safety.locator('tbody tr', { has: page.getByRole('rowheader', { name }) }).locator('td');
  const none = ['—', '—', '—', '—'];
  assert.deepEqual(await row('安全確認済').allTextContents(), ['6', '0', '0', '0', '0']);
  assert.deepEqual(await row('48時間以内に確認').allTextContents(), ['4', '0', '0', '0', '0']);
  assert.deepEqual(await row('48時間以内の割合（確認済のうち）').allTextContents(), ['66.7%', ...none]);
  assert.deepEqual(await row('中央値（時間）').allTextContents(), ['20.0', ...none]);
  assert.deepEqual(await row('90パーセンタイル（時間）').allTextContents(), ['70.0', ...none]);
  const lead = safety.getByRole('img', { name: /安全確認までの時間/ });
  assert.equal(await lead.locator('g.chart-bar[data-category="H30"] rect.chart-median').count(), 1);
  assert.equal(await lead.locator('g.chart-bar[data-category="H30"] line.chart-p90').count(), 1);
  assert.equal(await lead.locator('g.chart-bar[data-category="R1"] rect').count(), 0);
  assert.equal(await lead.locator('.chart-line text').textContent(), '48時間');
  // Every table of the API has its section, each with a column per year.
  const sections = await page.locator('section[data-table]').evaluateAll((all) => all.map((s) => s.dataset.table));
  assert.deepEqual(sections, ['reports', 'safety', 'pregnancies', 'newborn_visits', 'checkups', 'companion_interviews', 'support_lead', 'designations', 'national_reports']);
  // The list of tables at the top moves focus to a table's heading.
  await page.getByRole('navigation', { name: '目次' }).getByRole('link', { name: '児童虐待相談の対応件数（子どもごと）' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'stats-national_reports');
  assert.match(page.url(), /#\/stats\?from=2018&to=2022$/, 'the range stays in the address');
  const national = page.locator('section[data-table="national_reports"] table').first();
  await national.getByRole('rowheader', { name: '対応件数（児童数）' }).waitFor();
  assert.equal(await national.locator('tbody tr').first().locator('td').count(), YEARS.length);
}

test('the director sees the chart and the table for H30–R4, downloads the CSV and prints it', async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'stats', async () => {
    await login(page, server.url, DIRECTOR.login, DIRECTOR.password);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('button', { name: 'その他' }).click();
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '統計' }).click();
    await page.getByRole('heading', { name: '統計', level: 1 }).waitFor();
    await reports(page).getByRole('img', { name: /児童虐待の通告件数/ }).waitFor();
    await page.getByLabel('開始年度').selectOption('2018');
    await page.getByLabel('終了年度').selectOption('2022');
    await page.getByRole('button', { name: '表示' }).click();
    await page.waitForURL(/#\/stats\?from=2018&to=2022$/);
    await page.locator('.page-stats .lead').getByText('平成30年度〜令和4年度（2018〜2022年度）').waitFor();
    await assertRange(page);
    await shot(page, 'stats');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '児童虐待の通告のCSVをダウンロード', exact: true }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^reports-\d{4}-\d{2}-\d{2}\.csv$/);
    const raw = readFileSync(await download.path());
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
    const lines = raw.subarray(3).toString('utf8').split('\r\n');
    assert.deepEqual(lines[0].split(',').slice(0, 6), ['年度', '件数', '身体的虐待', '性的虐待', '保護の怠慢・拒否（ネグレクト）', '心理的虐待']);
    const h30 = typesOf(2018);
    assert.deepEqual(lines[1].split(',').slice(0, 6), ['平成30年度', '6', ...TYPES.map((t) => String(h30[t]))]);
    assert.equal(lines.length, 1 + YEARS.length + 1, 'a header, a line per year, the last CRLF');
    const exports = sqlRows(server, `SELECT object_id FROM audit WHERE action = 'export' AND user_id = '${directorId}'`);
    assert.deepEqual(exports, [{ object_id: 'reports' }], 'the download is audited as an export');

    await printPdf(page, 'stats');
    assert.equal(await page.locator('.app-header').isVisible(), false, 'no menu on paper');
    assert.equal(await page.locator('.stats-range').isVisible(), false, 'no form on paper');
    assert.match(await page.locator('.print-head').textContent(), /^統計　平成30年度〜令和4年度（2018〜2022年度）　印刷日 令和\d+年\d+月\d+日$/);
    await shot(page, 'stats-print');
    await page.emulateMedia({ media: 'screen' });
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test('the range is chosen with the keyboard alone', async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'stats-keyboard', async () => {
    await login(page, server.url, DIRECTOR.login, DIRECTOR.password);
    await page.goto(`${server.url}/#/stats`);
    await reports(page).getByRole('img', { name: /児童虐待の通告件数/ }).waitFor();
    // The default: the last five completed fiscal years; the choices newest first.
    const from = page.getByLabel('開始年度');
    const to = page.getByLabel('終了年度');
    const current = Number(await from.locator('option').first().getAttribute('value'));
    assert.equal(await to.inputValue(), String(current - 1));
    assert.equal(await from.inputValue(), String(current - 5));
    assert.equal(await from.locator('option[value="2019"]').textContent(), '令和元年度 (2019)');
    assert.equal(await from.locator('option[value="2018"]').textContent(), '平成30年度 (2018)');
    assert.equal(await from.locator('option').last().textContent(), '平成元年度 (1989)');
    for (let i = 0; i < 40 && !(await from.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await from.evaluate((el) => el === document.activeElement), 'Tab reaches 開始年度');
    for (let fy = current - 5; fy > 2018; fy--) await page.keyboard.press('ArrowDown');
    assert.equal(await from.inputValue(), '2018');
    await page.keyboard.press('Tab');
    for (let fy = current - 1; fy > 2022; fy--) await page.keyboard.press('ArrowDown');
    assert.equal(await to.inputValue(), '2022');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/stats\?from=2018&to=2022$/);
    await assertRange(page);

    // A range the wrong way round is refused at the field, and nothing is asked of the server.
    await from.focus();
    await page.keyboard.press('Home');
    assert.equal(await from.inputValue(), String(current));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('開始年度は終了年度と同じか、それより前の年度を選んでください。').waitFor();
    assert.ok(await from.evaluate((el) => el === document.activeElement), 'the focus is back on 開始年度');
    assert.match(page.url(), /#\/stats\?from=2018&to=2022$/);

    // …and so is one written in the address.
    await page.goto(`${server.url}/#/stats?from=2022&to=2018`);
    await page.getByText('開始年度が終了年度より後になっています。').waitFor();
    assert.equal(await page.locator('section.stats-section').count(), 0);
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test("the director takes the council's register and reports list as CSV, in Shift_JIS too", async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'stats-exports', async () => {
    await login(page, server.url, DIRECTOR.login, DIRECTOR.password);
    const download = async (name) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
      return readFileSync(await d.path());
    };
    const menu = page.getByRole('navigation', { name: 'メインメニュー' });
    await menu.getByRole('link', { name: '利用者検索' }).click();
    const sjis = await download('名簿CSV（協議会用）（Shift_JIS）');
    assert.notDeepEqual([...sjis.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'no byte order mark in Shift_JIS');
    const text = new TextDecoder('shift_jis').decode(sjis);
    assert.match(text.split('\r\n')[0], /^ID,氏,名,氏（カナ）/);
    assert.equal(text.split('\r\n').length - 2, Number(sql(server, 'SELECT COUNT(*) FROM persons')), 'a line per person');

    await menu.getByRole('link', { name: '通告・相談' }).click();
    const utf8 = await download('通告・相談の一覧CSV（協議会用）');
    assert.deepEqual([...utf8.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
    assert.doesNotMatch(utf8.toString('utf8'), /通告者/, 'never who reported');
    const exports = sqlRows(server, `SELECT DISTINCT object_id FROM audit WHERE action = 'export' AND object_type = 'export' AND user_id = '${directorId}' ORDER BY object_id`);
    assert.deepEqual(exports, [{ object_id: 'persons' }, { object_id: 'reports' }]);
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});
