// Browser test of the alert board for people (issue 13, items 3 and 10): each safety row shows the
// urgency, the address to visit (「住所秘匿」 for a protected one) and, when its deadline is 12 hours
// or less away outside office hours, who is on call — first on the director's screen; overdue past
// 48 hours is counted in days (「3日超過」); the roster (当番表) is kept by keyboard with 和暦
// dates; the board does not overflow at 800 px; the header keeps to one row at 1280 px for every
// role; the wording rule and the 和暦 floor (1800-01-01 is not 明治-67年) are checked on their own
// modules; an empty 受付日 is named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Client, startServer } from '../lib/server.mjs';
import { checkListPrint, launch, login, newPage, onFailureScreenshot, shot } from './browser.mjs';

const USERS = {
  director: { login: 'center13', role: 'director', name: 'センター 長子', password: 'director-pass-13' },
  coordinator: { login: 'toukatsu13', role: 'coordinator', name: '統括 支援', password: 'coordinator-pass-13' },
  health: { login: 'hoken13', role: 'health', name: '保健 みどり', password: 'midori-pass-13' },
  welfare: { login: 'fukushi13', role: 'welfare', name: '福祉 あおい', password: 'aoi-pass-2013' },
  clerk: { login: 'uketsuke13', role: 'clerk', name: '受付 一郎', password: 'clerk-pass-13' },
  admin: { login: 'admin13', role: 'admin', name: '管理 太郎', password: 'admin-pass-13' },
};
const SHOTS = process.env.TSUNAGU_SHOTS || '/work/shots/alerts';

const HOUR = 3600e3;
const jst = (ms) => new Date(ms + 9 * HOUR).toISOString().slice(0, 19) + '+09:00';
const minuteNow = () => Math.floor(Date.now() / 60e3) * 60e3;

let server;
let browser;
const c = {};
const ids = {};
const reports = {};

async function created(r) {
  assert.ok(r.status === 201, JSON.stringify(r.body));
  return r.body;
}

async function snap(page, name) {
  await shot(page, name);
  try {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  } catch {
    // The extra copy is for the engineer's note; the test does not depend on it.
  }
}

// Loads one dependency-free module of web/src through TypeScript's transpiler.
async function webModule(file) {
  const ts = createRequire(import.meta.url)('typescript');
  const src = await readFile(new URL(`../../web/src/${file}`, import.meta.url), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
}

before(async () => {
  server = await startServer({ users: Object.values(USERS) });
  browser = await launch();
  for (const [role, u] of Object.entries(USERS)) {
    c[role] = new Client(server.url);
    const r = await c[role].login(u.login, u.password);
    assert.equal(r.status, 200, role);
    ids[role] = r.body.user.id;
  }
  const w = c.welfare;
  const child = (given, kana, fields = {}) =>
    w.post('/api/v1/persons', { family_name: '夜間', given_name: given, family_name_kana: 'ヤカン', given_name_kana: kana, birth_date: '2018-04-10', ...fields }).then(created);
  const late = await child('遅太', 'オソタ', { address: '川崎市中原区小杉町3-3' });
  const night = await child('夜子', 'ヨルコ', { address: '川崎市幸区南幸町1-1' });
  const hidden = await child('秘子', 'ヒメコ', { address: '秘密の住所 9-9' });
  await w.patch(`/api/v1/persons/${hidden.id}`, { address_protected: true }, { 'if-match': `"${hidden.version}"` });
  const report = (childId, receivedAt) =>
    w.post('/api/v1/reports', { kind: 'abuse_report', received_at: jst(receivedAt), child_ids: [childId], route: 'school', abuse_types: ['neglect'] }).then(created);
  // Two infants not yet visited: one due in 5 days (今後14日), one a month overdue (期限切れ).
  const bornMonthsBefore = (months, daysAhead) => {
    const d = new Date(Date.now() + 9 * HOUR + daysAhead * 24 * HOUR);
    d.setUTCDate(Math.min(d.getUTCDate(), 28));
    d.setUTCMonth(d.getUTCMonth() - months);
    return d.toISOString().slice(0, 10);
  };
  await child('近子', 'チカコ', { birth_date: bornMonthsBefore(4, 5), address: '川崎市高津区1-1' });
  await child('過子', 'スギコ', { birth_date: bornMonthsBefore(5, 0), address: '川崎市宮前区2-2' });
  reports.late = await report(late.id, minuteNow() - 5 * 24 * HOUR); // due 3 days ago
  reports.night = await report(night.id, minuteNow() - 37 * HOUR); // due in 11 hours
  reports.hidden = await report(hidden.id, minuteNow() - 2 * HOUR);
  await created(await w.post(`/api/v1/reports/${reports.night.id}/events`, { step: 'juri', urgency: 'aa' }));
  await created(
    await c.director.post('/api/v1/on_call', {
      user_id: ids.coordinator,
      starts_at: jst(minuteNow() + 6 * HOUR),
      ends_at: jst(minuteNow() + 20 * HOUR),
      contact: '当番携帯 090-1234-5678',
    }),
  );
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

test('wording: under 48 hours in hours, from 48 hours in whole days; 和暦 from 明治6年 only', async () => {
  const { dueClock, dueText } = await webModule('dueText.ts');
  const t0 = Date.parse('2026-12-04T10:00:00+09:00');
  const at = (hours) => dueText(dueClock(t0 + hours * HOUR, t0), 'board');
  assert.equal(at(5.5), 'あと 5時間');
  assert.equal(at(0.5), 'あと 30分');
  assert.equal(at(-3.2), '3時間超過');
  assert.equal(at(-47.9), '47時間超過');
  assert.equal(at(-48), '2日超過');
  assert.equal(at(-98), '4日超過'); // not 98時間超過
  assert.equal(at(60), 'あと 2日');
  assert.equal(dueText(dueClock(t0 - 100 * HOUR, t0), 'report'), '期限超過 4日');
  const { formatWareki, parseDateInput } = await webModule('wareki.ts');
  assert.equal(formatWareki('1800-01-01'), '1800年1月1日');
  assert.equal(formatWareki('1872-12-31'), '1872年12月31日');
  assert.equal(formatWareki('1873-01-01'), '明治6年1月1日');
  assert.equal(formatWareki('2026-12-04'), '令和8年12月4日');
  assert.equal(parseDateInput('明治5年1月1日'), null, '明治5年 was of the lunar calendar');
  assert.equal(parseDateInput('M6.1.1'), '1873-01-01');
});

for (const width of [1280, 800]) {
  test(`the director's board at ${width} px: on-call first, urgency, addresses, days overdue`, async () => {
    const { page, problems } = await newPage(browser, { viewport: { width, height: 900 } });
    await onFailureScreenshot(page, `oncall-board-${width}`, async () => {
      await login(page, server.url, USERS.director.login, USERS.director.password);
      await page.getByRole('heading', { name: 'アラート', level: 1 }).waitFor();
      const rows = page.locator('tr.safety-alert');
      await rows.first().waitFor();
      // What the person on call acts on comes first on the director's screen: the night row
      // (and the overdue one too when the test runs outside office hours) before the one due in
      // 46 hours.
      const order = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-report'), tr.classList.contains('needs-on-call')]));
      const firstPlain = order.findIndex(([, needs]) => !needs);
      assert.ok(order.slice(firstPlain).every(([, needs]) => !needs), JSON.stringify(order));
      assert.ok(order.findIndex(([id]) => id === reports.night.id) < firstPlain, JSON.stringify(order));
      assert.equal(order[order.length - 1][0], reports.hidden.id);
      const night = page.locator(`tr.safety-alert[data-report="${reports.night.id}"]`);
      assert.match(await night.locator('.countdown').innerText(), /^あと (10|11)時間$/);
      assert.match(await night.locator('.on-call').innerText(), /統括 支援/);
      assert.match(await night.locator('.on-call').innerText(), /当番携帯 090-1234-5678/);
      assert.match(await night.innerText(), /緊急度/);
      assert.match(await night.locator('td.address').innerText(), /川崎市幸区南幸町1-1/);
      const late = page.locator(`tr.safety-alert[data-report="${reports.late.id}"]`);
      assert.equal(await late.locator('.countdown').innerText(), '3日超過');
      assert.match(await late.locator('td.address').innerText(), /川崎市中原区小杉町3-3/);
      const hidden = page.locator(`tr.safety-alert[data-report="${reports.hidden.id}"]`);
      assert.equal((await hidden.locator('td.address').innerText()).trim(), '住所秘匿');
      assert.doesNotMatch(await page.locator('main').innerText(), /秘密の住所/);
      assert.match(await hidden.locator('.on-call').innerText(), /—/, 'far from its deadline: no on-call');
      // The other alerts: overdue and upcoming apart, each with its wording and address.
      const soon = page.locator('section[aria-labelledby="al-soon"] tr', { hasText: '夜間 近子' });
      assert.match(await soon.innerText(), /あと ([4-5]日|\d+時間)/);
      assert.match(await soon.innerText(), /川崎市高津区1-1/);
      const overdue = page.locator('section[aria-labelledby="al-late"] tr', { hasText: '夜間 過子' });
      assert.match(await overdue.locator('.due-in').innerText(), /^\d+日超過$/);
      assert.equal(await page.locator('section[aria-labelledby="al-soon"] tr', { hasText: '夜間 過子' }).count(), 0);
      // Nothing spills out of the page: wide tables scroll inside their wrapper.
      const { overflow, culprits } = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        culprits: [...document.querySelectorAll('body *')]
          .filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > document.documentElement.clientWidth)
          .map((e) => `${e.tagName}.${e.className}`),
      }));
      assert.ok(overflow <= 0, `page overflows by ${overflow}px at ${width}: ${culprits.join(', ')}`);
      await snap(page, `alerts-director-${width}`);
      assert.deepEqual(await problems(), []);
    });
    await page.context().close();
  });
}

test('the caseworker keeps the board order (overdue first) and sees who is on call on the night row', async () => {
  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'oncall-board-welfare', async () => {
    await login(page, server.url, USERS.welfare.login, USERS.welfare.password);
    const rows = page.locator('tr.safety-alert');
    await rows.first().waitFor();
    assert.equal(await rows.first().getAttribute('data-report'), reports.late.id);
    assert.match(await page.locator(`tr.safety-alert[data-report="${reports.night.id}"] .on-call`).innerText(), /統括 支援/);
    assert.deepEqual(await problems(), []);
  });
  await page.context().close();
});

test('the roster by keyboard: the coordinator adds an entry, it is listed in 和暦', async () => {
  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'oncall-roster', async () => {
    await login(page, server.url, USERS.coordinator.login, USERS.coordinator.password);
    await page.goto(`${server.url}/#/on-call`);
    await page.getByRole('heading', { name: '当番表', level: 1 }).waitFor();
    await page.getByLabel('当番の職員').focus();
    await page.keyboard.press('Tab');
    await page.getByLabel('当番の職員').selectOption({ label: '保健 みどり' });
    await page.getByLabel('連絡先（当番携帯など）').fill('内線 4567');
    await page.getByLabel('連絡先（当番携帯など）').press('Enter');
    await page.getByText('保健 みどりさんを当番に登録しました。').waitFor();
    const row = page.locator('.oncall-table tr', { hasText: '内線 4567' });
    await row.waitFor();
    assert.match(await row.innerText(), /令和\d+年\d+月\d+日（[日月火水木金土]）\d{1,2}:\d{2}/);
    // Printed: the list header with the period shown; no 訂正/取り消す column.
    await checkListPrint(page, { title: '当番表', user: USERS.coordinator.name, filter: /条件: 令和\d+年\d+月\d+日から令和\d+年\d+月\d+日まで/ });
    await page.emulateMedia({ media: 'print' });
    assert.doesNotMatch(await page.locator('main').innerText(), /訂正|取り消す/);
    await page.emulateMedia({ media: 'screen' });
    await snap(page, 'oncall-roster-1280');
    assert.deepEqual(await problems(), []);
  });
  await page.context().close();
});

test('the header keeps to one row at 1280 px for every role; 「その他」 opens and closes by keyboard', async () => {
  for (const [role, u] of Object.entries(USERS)) {
    const { page, problems } = await newPage(browser);
    await onFailureScreenshot(page, `header-${role}`, async () => {
      await login(page, server.url, u.login, u.password);
      const tops = await page.evaluate(() => {
        const inner = document.querySelector('.header-inner');
        const kids = [...inner.children, ...document.querySelectorAll('.app-nav > ul > li')];
        return kids.map((el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        });
      });
      // One row: no part of the header is taller than a line of it (nothing wraps inside).
      const parts = await page.evaluate(() =>
        ['.brand', '.app-nav', '.user-box'].map((q) => document.querySelector(q)?.getBoundingClientRect().height ?? 0),
      );
      for (const height of parts) assert.ok(height < 50, `${role}: a part of the header wraps (${parts})`);
      const spill = await page.evaluate(() => {
        const inner = document.querySelector('.header-inner');
        const right = Math.max(...[...inner.children].map((el) => el.getBoundingClientRect().right));
        return { right, width: document.documentElement.clientWidth, scroll: inner.scrollWidth - inner.clientWidth };
      });
      assert.ok(spill.right <= spill.width && spill.scroll <= 0, `${role}: the header spills (${JSON.stringify(spill)})`);
      const mid = (b) => (b.top + b.bottom) / 2;
      const first = mid(tops[0]);
      for (const b of tops) assert.ok(Math.abs(mid(b) - first) < 12, `${role}: the header wraps (${JSON.stringify(tops)})`);
      const more = page.getByRole('button', { name: 'その他' });
      if (await more.count()) {
        await more.focus();
        await page.keyboard.press('Enter');
        assert.equal(await more.getAttribute('aria-expanded'), 'true');
        await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '当番表' }).waitFor();
        if (role === 'director') await snap(page, 'header-director-menu-1280');
        await page.keyboard.press('Escape');
        assert.equal(await more.getAttribute('aria-expanded'), 'false');
        assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'その他');
      }
      assert.deepEqual(await problems(), []);
    });
    await page.context().close();
  }
});

test('an empty 受付日 on the intake says so', async () => {
  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'intake-empty-date', async () => {
    await login(page, server.url, USERS.welfare.login, USERS.welfare.password);
    await page.goto(`${server.url}/#/reports/new`);
    const date = page.locator('input[name="received_at_date"]');
    await date.waitFor();
    await date.fill('');
    await page.keyboard.press('Control+Enter');
    await page.getByText('受付日を入力してください').first().waitFor();
    assert.deepEqual(await problems(), []);
  });
  await page.context().close();
});
