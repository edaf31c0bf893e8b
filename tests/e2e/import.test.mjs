// Browser test of the import screen (移行データ取込): the director opens it from the menu, picks a
// persons file with a bad row — Enter in the form imports nothing, Ctrl+Enter only asks, the
// confirmation step names the file and its size, 取り込む sends it, and the table names the row's
// line and column while nothing is imported (checked with SQL) —, then the corrected file (the
// counts), then a pregnancies file referring to those persons by external id; then 利用者検索
// opens one of them, whose page says 移行元. Screenshots in out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { sql } from '../lib/store.mjs';
import { launch, login, newPage, onFailureScreenshot, shot } from './browser.mjs';

const DIRECTOR = { login: 'chou7', role: 'director', name: '所長 みどり', password: 'midori-pass-2024' };

const HEADER = 'external_id,family_name,given_name,family_name_kana,given_name_kana,birth_date,sex,household_external_id,relation';
// Line 3 has a date outside its era (平成 ended on 2019-04-30).
const BAD = `${HEADER}\r\nimp-m1,移行,花子,イコウ,ハナコ,H2.4.1,女,hh1,mother\r\nimp-k1,移行,太郎,イコウ,タロウ,H31.5.1,男,hh1,child\r\n`;
const GOOD = BAD.replace('H31.5.1', 'R1.5.1');
const PREG =
  'external_id,mother_external_id,notified_on,weeks_at_notification,due_date,multiple,notified_after_birth,answers,answers_no\n' +
  'imp-g1,imp-m1,R1.6.10,10,,0,0,smoking,\n';

let server;
let browser;

before(async () => {
  server = await startServer({ users: [DIRECTOR], args: ['--rate-limit', '0'] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

const persons = () => Number(sql(server, "SELECT COUNT(*) FROM persons WHERE family_name = '移行'"));
const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

test('the director imports persons (a bad row first, then the fixed file) and their pregnancies', async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'import', async () => {
    await login(page, server.url, DIRECTOR.login, DIRECTOR.password);
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('button', { name: 'その他' }).click();
    await nav.getByRole('link', { name: '移行データ取込' }).click();
    await page.getByRole('heading', { name: '移行データの取込', level: 1 }).waitFor();

    const kind = page.getByLabel('種類');
    assert.equal(await kind.inputValue(), 'persons');
    assert.match(await page.locator('form').innerText(), /external_id（必須）/);
    assert.match(await page.locator('form').innerText(), /利用者 → 妊娠届・通告・訪問/);
    const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
    assert.equal(await page.getByLabel('アラートの対象とする日').inputValue(), today);
    assert.equal(await page.getByLabel('文字コード').inputValue(), '');

    // No file: the field says so, nothing is sent.
    await page.getByRole('button', { name: '取込', exact: true }).click();
    await page.getByText('取り込むファイルを選んでください').waitFor();

    await page.getByLabel('ファイル').setInputFiles(csv('persons_bad.csv', BAD));
    // Enter in a field neither imports nor asks for the confirmation.
    await page.getByLabel('アラートの対象とする日').press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await page.getByRole('button', { name: '取り込む' }).count(), 0);
    assert.equal(persons(), 0);

    // Ctrl+Enter is the 取込 button: it only asks.
    await page.getByLabel('アラートの対象とする日').press('Control+Enter');
    const confirm = page.locator('.confirm-step');
    await confirm.waitFor();
    assert.equal(persons(), 0);
    const kb = Math.ceil(Buffer.byteLength(BAD) / 1024);
    assert.match(await confirm.innerText(), new RegExp(`persons_bad\\.csv（${kb} KB）を取り込みます。すべての行が正しい場合だけ取り込まれます。`));
    // Escape takes the confirmation back.
    await page.keyboard.press('Escape');
    assert.equal(await confirm.count(), 0);
    await page.getByRole('button', { name: '取込', exact: true }).click();
    await page.getByRole('button', { name: '取り込む' }).click();

    const table = page.locator('table.import-errors');
    await table.waitFor();
    assert.match(await table.locator('caption').innerText(), /誤りのある行（1件）/);
    const row = table.locator('tbody tr');
    assert.equal(await row.count(), 1);
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[0], '3');
    assert.equal(cells[1], 'birth_date');
    assert.match(cells[2], /平成/);
    const focused = await page.evaluate(() => document.activeElement?.closest('.msg')?.textContent ?? '');
    assert.match(focused, /persons_bad\.csv は取り込みませんでした/);
    assert.equal(persons(), 0, 'all or nothing: the good row is not imported either');
    await shot(page, 'import-01-bad-row');

    // The fixed file, by keyboard: the confirmation's 取り込む is focused with Tab and pressed.
    await page.getByLabel('ファイル').setInputFiles(csv('persons.csv', GOOD));
    await page.getByRole('button', { name: '取込', exact: true }).focus();
    await page.keyboard.press('Enter');
    await confirm.waitFor();
    await page.getByRole('button', { name: '取り込む' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('取り込みました：利用者 2件（取込済のためスキップ 0件）').waitFor();
    assert.equal(await table.count(), 0);
    assert.equal(persons(), 2);
    await shot(page, 'import-02-persons');

    // The pregnancies file refers to the mother by her external id.
    await kind.selectOption('pregnancies');
    assert.match(await page.locator('form').innerText(), /mother_external_id（必須）/);
    await page.getByLabel('ファイル').setInputFiles(csv('pregnancies.csv', PREG));
    await page.getByRole('button', { name: '取込', exact: true }).click();
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.getByText('取り込みました：妊娠届 1件（取込済のためスキップ 0件）').waitFor();
    assert.equal(Number(sql(server, "SELECT COUNT(*) FROM import_records WHERE kind = 'pregnancies' AND external_id = 'imp-g1'")), 1);

    // The person's page says where she came from.
    await nav.getByRole('link', { name: '利用者検索' }).click();
    const q = page.getByLabel('氏名・カナで検索');
    await q.fill('いこう はなこ');
    const hit = page.locator('a.result', { hasText: '移行 花子' });
    await hit.waitFor();
    await hit.click();
    await page.locator('h1#person-name').filter({ hasText: '移行 花子' }).waitFor();
    const facts = await page.locator('dl.facts').innerText();
    assert.match(facts, /移行元/);
    assert.match(facts, /persons\.csv 2行目、番号 imp-m1/);
    await shot(page, 'import-03-person');
  });
  assert.deepEqual(await problems(), []);
  await context.close();
});
