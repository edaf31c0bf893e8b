// Browser test of issue 13's family at intake, record prints and audit screen: the intake
// registers a child with address and 所属 on the spot and then proposes the household of the
// child and the guardian named (registered with one click after checking the relations); the
// guardian's page lists the report she is named in (no 「この子どもの通告…」 for an adult, the
// reporter nowhere); the director opens 「閲覧記録」 from her page and sees the audit screen
// filtered on her, staff and persons by name, then by staff member; the report prints with the
// 決裁欄 (担当・係長・課長) when asked; a blank EPDS prints with a line for the respondent and
// without the screen's hints. Screenshots at 1280 and 800 px go to /work/shots/family/ (or
// $SHOTS_DIR) and out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Client, startServer } from '../lib/server.mjs';
import { OUT, checkListPrint, launch, login, newPage, onFailureScreenshot, printPdf } from './browser.mjs';

const DIRECTOR = { login: 'chou5', role: 'director', name: '所長 和子', password: 'chou-pass-2024' };
const WELFARE = { login: 'fukushi5', role: 'welfare', name: '福祉 まもる', password: 'mamoru-pass-2024' };
const HEALTH = { login: 'hoken5', role: 'health', name: '保健 みのり', password: 'minori-pass-2024' };
const SHOTS = process.env.SHOTS_DIR || '/work/shots/family/';

let server;
let browser;
let api;
let mother;
let reportUrl;

async function snap(page, name) {
  await page.screenshot({ path: `${OUT}family-${name}.png`, fullPage: true });
  try {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
  } catch {
    // the shots folder is for the reviewer; out/ has them all the same
  }
}

// What the print shows: the page's text under print media (display: none leaves it out), after
// the PDF itself was made (printPdf: A4, a Japanese font).
async function printed(page, name) {
  await printPdf(page, name);
  const text = await page.locator('body').innerText();
  await page.screenshot({ path: `${OUT}${name}-print.png`, fullPage: true });
  return text;
}

before(async () => {
  server = await startServer({ users: [DIRECTOR, WELFARE, HEALTH] });
  browser = await launch();
  api = new Client(server.url);
  assert.equal((await api.login(WELFARE.login, WELFARE.password)).status, 200);
  const r = await api.post('/api/v1/persons', {
    family_name: '森',
    given_name: '陽子',
    family_name_kana: 'モリ',
    given_name_kana: 'ヨウコ',
    birth_date: '1990-02-02',
    sex: 'female',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  mother = r.body;
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

test('the intake registers the child with address and 所属, then proposes and creates the household', async () => {
  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'family-intake', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(`${server.url}/#/reports/new`);
    await page.getByRole('heading', { name: '虐待相談・通告受付票' }).waitFor();
    await page.locator('select[name="route"]').selectOption({ label: '学校' });

    // Child 1: new to the center, with the address and the school said on the phone.
    const child = page.getByRole('group', { name: /^子ども 1( ?必須)?$/ });
    await child.getByLabel('氏名・カナで探す').fill('もり はると');
    await child.getByRole('button', { name: '新規登録' }).click();
    const form = child.locator('.picker-create');
    await form.getByLabel('氏（漢字など）').fill('森');
    await form.getByLabel('名', { exact: true }).fill('陽翔');
    await form.getByLabel('生年月日').fill('2016-05-05');
    await form.getByLabel('住所').fill('東京都西東京市南町3-4-5');
    await form.getByLabel('所属（学校・保育所など）').fill('南小学校 4年');
    await form.getByRole('button', { name: '登録して選ぶ' }).click();
    await child.locator('.picker-chosen').filter({ hasText: '森 陽翔' }).waitFor();

    // The guardian, found by searching (↓ then Enter, as in every picker).
    const guardian = page.getByRole('group', { name: /^保護者 1( ?必須)?$/ });
    await guardian.getByLabel('氏名・カナで探す').fill('もりようこ');
    await guardian.getByText('1件の候補').waitFor();
    await guardian.getByLabel('氏名・カナで探す').press('ArrowDown');
    await page.keyboard.press('Enter');
    await guardian.locator('.picker-chosen').filter({ hasText: '森 陽子' }).waitFor();
    await page.getByLabel('保護者 1 の続柄').selectOption({ label: '実母' });
    await page.getByLabel('ネグレクト', { exact: false }).check();
    await page.getByLabel('主訴（通告・相談の内容）').fill('朝食をとらずに登校し、給食を何度もおかわりする。');
    await page.getByLabel('通告者の氏名').fill('担任 鈴木');
    await page.getByRole('button', { name: '受け付ける（保存）' }).click();

    // Saved; the household is proposed with the relations read from the intake.
    const proposal = page.getByTestId('household-proposal');
    await proposal.waitFor();
    assert.match(await page.locator('main').innerText(), /虐待通告を受け付けました/);
    const text = await proposal.innerText();
    assert.match(text, /森 陽翔/);
    assert.match(text, /森 陽子/);
    assert.equal(await proposal.getByLabel('森 陽翔の続柄').inputValue(), 'child');
    assert.equal(await proposal.getByLabel('森 陽子の続柄').inputValue(), 'mother');
    await snap(page, 'intake-household-proposal-1280');
    await page.setViewportSize({ width: 800, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the proposal fits 800px (${overflow})`);
    await snap(page, 'intake-household-proposal-800');
    await page.setViewportSize({ width: 1280, height: 900 });
    await proposal.getByRole('button', { name: 'この内容で世帯を登録する' }).click();
    await page.locator('h1#report-title').waitFor();
    reportUrl = page.url();
    assert.match(await page.locator('.flash').innerText(), /世帯「森家」を登録しました（2人）/);

    // The child: address and 所属 kept; one current household with both.
    const childId = (await api.get(`/api/v1/persons/${mother.id}`)).body.households[0];
    assert.ok(childId, 'the mother is in a household now');
    const hh = (await api.get(`/api/v1/households/${childId.household_id}`)).body;
    assert.equal(hh.name, '森家');
    const byName = Object.fromEntries(hh.members.map((m) => [m.person.given_name, m.relation]));
    assert.deepEqual(byName, { 陽翔: 'child', 陽子: 'mother' });
    const kid = hh.members.find((m) => m.person.given_name === '陽翔');
    const kidRecord = (await api.get(`/api/v1/persons/${kid.person_id}`)).body;
    assert.equal(kidRecord.affiliation, '南小学校 4年');
    assert.equal(kidRecord.address, '東京都西東京市南町3-4-5');
    assert.deepEqual(await problems(), []);
  });
});

test("the guardian's page lists the report she is named in; the child-only intake link is not there", async () => {
  for (const width of [1280, 800]) {
    const { page, problems } = await newPage(browser, { viewport: { width, height: 900 } });
    await onFailureScreenshot(page, `family-guardian-${width}`, async () => {
      await login(page, server.url, WELFARE.login, WELFARE.password);
      await page.goto(`${server.url}/#/persons/${mother.id}`);
      const part = page.getByRole('group', { name: /保護者として記載された通告・相談/ });
      await part.waitFor();
      assert.match(await part.innerText(), /1件/);
      assert.match(await part.innerText(), /虐待通告[\s\S]*ネグレクト/);
      assert.doesNotMatch(await page.locator('main').innerText(), /担任 鈴木/, 'never the reporter');
      assert.equal(await page.getByRole('link', { name: 'この子どもの通告・相談を受け付ける' }).count(), 0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page does not overflow at ${width}px (${overflow})`);
      await snap(page, `guardian-page-${width}`);
      // The child's page keeps the link.
      await page.getByRole('link', { name: '森 陽翔' }).first().click();
      await page.locator('h1#person-name').filter({ hasText: '森 陽翔' }).waitFor();
      await page.getByRole('link', { name: 'この子どもの通告・相談を受け付ける' }).waitFor();
      assert.match(await page.locator('dl.facts').first().innerText(), /所属\s+南小学校 4年/);
      assert.deepEqual(await problems(), []);
    });
    await page.context().close();
  }
});

test('the audit screen opened from a person’s page: filtered on her, names not ids, then by staff', async () => {
  for (const width of [1280, 800]) {
    const { page, problems } = await newPage(browser, { viewport: { width, height: 900 } });
    await onFailureScreenshot(page, `family-audit-${width}`, async () => {
      await login(page, server.url, DIRECTOR.login, DIRECTOR.password);
      await page.goto(`${server.url}/#/persons/${mother.id}`);
      await page.getByRole('link', { name: '閲覧記録' }).click();
      await page.getByRole('heading', { name: /森 陽子さんの閲覧記録/ }).waitFor();
      assert.match(page.url(), new RegExp(`#/audit\\?person_id=${mother.id}$`));
      const table = page.locator('table.audit');
      const rows = await table.locator('tbody tr').allInnerTexts();
      assert.ok(rows.length > 0);
      for (const r of rows) assert.match(r, /森 陽子/, 'every row is about her, by name');
      const all = rows.join('\n');
      assert.match(all, /福祉 まもる（fukushi5）/, 'staff by name');
      assert.match(all, /通告・相談/, 'object types in Japanese');
      assert.match(all, /作成|閲覧/);
      assert.doesNotMatch(all, new RegExp(mother.id), 'no ids where a name is known');
      await snap(page, `audit-person-${width}`);
      // Printed: the header names her as the filter; the 「記録を開く」 links are left off.
      await checkListPrint(page, { title: '監査ログ', user: DIRECTOR.name, filter: '条件: 利用者 森 陽子・新しい順' });

      // By staff member, within today.
      await page.getByLabel('職員').selectOption({ label: `${HEALTH.name}（${HEALTH.login}）` });
      await page.getByRole('button', { name: '絞り込む' }).click();
      await page.waitForURL(/user_id=/);
      await page.getByText('該当する記録はありません。').waitFor();
      await page.getByLabel('職員').selectOption({ label: `${WELFARE.name}（${WELFARE.login}）` });
      await page.getByLabel('期間（から）').fill('2000-01-01');
      await page.getByRole('button', { name: '絞り込む' }).click();
      await page.waitForURL(/from=2000-01-01/);
      await table.waitFor();
      for (const r of await table.locator('tbody tr').allInnerTexts()) assert.match(r, /福祉 まもる/);
      assert.deepEqual(await problems(), []);
    });
    await page.context().close();
  }
});

test('a record prints with the 決裁欄 when asked, and without it otherwise', async () => {
  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'family-print', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(reportUrl);
    await page.locator('h1#report-title').waitFor();
    assert.doesNotMatch(await printed(page, 'family-report-plain'), /係長/);
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel('決裁欄を印刷').check();
    const text = await printed(page, 'family-report-approval');
    assert.match(text, /決裁\s+担当\s+係長\s+課長/);
    assert.match(text, /森 陽翔/);
    assert.doesNotMatch(text, /決裁欄を印刷/, 'the checkbox is not printed');
    const box = await page.locator('.approval-stamps').boundingBox();
    assert.ok(box && box.width > 150 && box.height > 60, `stamp boxes big enough for a seal: ${JSON.stringify(box)}`);
    await snap(page, 'report-print-approval-1280');
    assert.deepEqual(await problems(), []);
  });
});

test('a blank questionnaire prints with a line for the respondent and no screen hints', async () => {
  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'family-questionnaire', async () => {
    await login(page, server.url, HEALTH.login, HEALTH.password);
    await page.goto(`${server.url}/#/health/screenings/new?instrument=epds`);
    await page.locator('.page-questionnaire').waitFor();
    const text = await printed(page, 'family-epds-blank');
    assert.match(text, /回答者\s+お名前/);
    assert.match(text, /記入日\s+令和\s+年\s+月\s+日/);
    assert.doesNotMatch(text, /↑↓|Tab キー|Ctrl\+Enter|氏名・カナで探す|すべて答えると|備考/);
    assert.match(text, /自分自身を傷つけるという考えが浮かんできた/, 'the ten items are printed');
    await snap(page, 'epds-blank-print-1280');
    assert.deepEqual(await problems(), []);
  });
});
