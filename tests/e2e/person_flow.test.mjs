// Browser test of the daily path of a 保健師: log in, register a child (half-width kana), find
// her by hiragana, read her record (カナ, 和暦), edit it (and meet a version conflict), build a
// household, use the keyboard only, print, and log out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, startServer } from '../lib/server.mjs';
import { OUT, checkListPrint, launch, login, newPage, onFailureScreenshot, printPdf, shot } from './browser.mjs';

const USER = { login: 'hoken1', role: 'health', name: '保健 みどり', password: 'midori-pass-2024' };

let server;
let browser;

before(async () => {
  server = await startServer({ users: [USER] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    // A clean stop (under AddressSanitizer a leak or error makes the exit status non-zero).
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

test('person flow: login, create, search, record, household, keyboard, logout', async () => {
  const { page, context, problems } = await newPage(browser);
  const url = server.url;
  await onFailureScreenshot(page, 'person-flow', async () => {

  // --- Login screen: Japanese, labelled, a wrong password is refused with the fixed message.
  await page.goto(url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await page.screenshot({ path: join(OUT, '01-login.png') });
  await page.getByLabel('ログインID').fill(USER.login);
  await page.getByLabel('パスワード').fill('wrong-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /ログインIDまたはパスワードが違います/);
  await page.screenshot({ path: join(OUT, '01-login-error.png') });

  // --- Log in: header with name, role label, navigation for the role, search box focused.
  await page.getByLabel('パスワード').fill(USER.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  const header = page.locator('header.app-header');
  await header.waitFor();
  assert.match(await header.innerText(), /つなぐ/);
  assert.match(await header.innerText(), /こども家庭センター/);
  assert.match(await header.innerText(), /保健 みどり/);
  assert.match(await header.innerText(), /保健師・助産師等/);
  const nav = page.getByRole('navigation', { name: 'メインメニュー' });
  assert.equal(await nav.getByRole('link', { name: '利用者検索' }).count(), 1);
  assert.equal(await nav.getByRole('link', { name: 'アカウント管理' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: '監査ログ' }).count(), 0);
  await page.waitForFunction(() => document.activeElement?.id === 'person-q');
  await page.screenshot({ path: join(OUT, '02-search-empty.png') });

  // --- New person with half-width kana.
  await page.getByRole('link', { name: '新規登録' }).click();
  await page.getByRole('heading', { name: '利用者の新規登録' }).waitFor();
  await page.getByLabel('氏（漢字など）').fill('佐藤');
  await page.getByLabel('名', { exact: true }).fill('花子');
  await page.getByLabel('氏（カナ）').fill('ｻﾄｳ');
  await page.getByLabel('名（カナ）').fill('ﾊﾅｺ');
  // A date that does not exist is refused next to its input, which gets focus.
  const birth = page.getByLabel('生年月日');
  await birth.fill('2024-02-30');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.locator('.field-error').first().waitFor();
  assert.equal(await birth.getAttribute('aria-invalid'), 'true');
  assert.ok(await birth.evaluate((el) => el === document.activeElement), 'the invalid date input has focus');
  const describedBy = await birth.getAttribute('aria-describedby');
  const errId = await page.locator('.field-error').first().getAttribute('id');
  assert.ok(describedBy.split(' ').includes(errId), 'the error is in aria-describedby');
  await page.screenshot({ path: join(OUT, '03-form-error.png') });
  // 和暦 as typed: era boundaries and 元年; a date outside the era named is not read.
  const preview = page.locator('.date-preview').first();
  for (const [typed, shown] of [
    ['2019-05-01', '令和元年5月1日（2019-05-01）'],
    ['2019-04-30', '平成31年4月30日（2019-04-30）'],
    ['1989-01-08', '平成元年1月8日（1989-01-08）'],
    ['1989-01-07', '昭和64年1月7日（1989-01-07）'],
    ['R2.2.29', '令和2年2月29日（2020-02-29）'],
    ['平成31年5月1日', ''],
  ]) {
    await birth.fill(typed);
    assert.equal(await preview.innerText(), shown, typed);
  }
  await birth.fill('2024-04-01');
  assert.match(await preview.innerText(), /令和6年4月1日/);
  // A field the server refuses (kanji in the kana): its message lands next to that input.
  const kana = page.getByLabel('氏（カナ）');
  await kana.fill('佐藤');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.waitForFunction(() => document.querySelector('input[name="family_name_kana"]')?.getAttribute('aria-invalid') === 'true');
  assert.ok(await kana.evaluate((el) => el === document.activeElement), 'the field named by the server has focus');
  const kanaErr = await kana.evaluate((el) => el.closest('.field').querySelector('.field-error')?.textContent);
  assert.ok(kanaErr, 'the server message is shown next to the kana input');
  assert.ok((await kana.getAttribute('aria-describedby')).includes(await page.locator('.field-error').first().getAttribute('id')));
  assert.equal(await birth.getAttribute('aria-invalid'), null, 'the earlier error was cleared');
  await kana.fill('ｻﾄｳ');
  await page.getByLabel('女性').check();
  await page.getByLabel('住所').fill('西東京市南町5丁目6番13号');
  await page.getByLabel('電話番号').fill('042-000-0000');
  await shot(page, '03-form');
  await page.getByRole('button', { name: '登録する' }).click();

  // --- Her record: カナ normalised to full-width katakana, birth date in 和暦 and western, age, sex.
  const title = page.locator('h1#person-name');
  await title.waitFor();
  assert.equal((await title.innerText()).trim(), '佐藤 花子');
  assert.equal((await page.locator('#person-kana').innerText()).trim(), 'サトウ ハナコ');
  const facts = await page.locator('dl.facts').innerText();
  assert.match(facts, /令和6年4月1日/);
  assert.match(facts, /2024-04-01/);
  assert.match(facts, /\d+歳/);
  assert.match(facts, /女性/);
  assert.match(facts, /西東京市南町5丁目6番13号/);
  assert.match(await page.locator('.flash').innerText(), /登録しました/);
  const hanakoUrl = page.url();
  const hanakoId = decodeURIComponent(hanakoUrl.split('#/persons/')[1]);
  assert.ok(hanakoId, 'the page address carries the person id');

  // --- The same kana name and birth date again: flagged as a possible duplicate with a link.
  await page.goto(url + '/#/persons/new');
  await page.getByLabel('氏（漢字など）').fill('佐藤');
  await page.getByLabel('名', { exact: true }).fill('華子');
  await page.getByLabel('氏（カナ）').fill('さとう');
  await page.getByLabel('名（カナ）').fill('はなこ');
  await page.getByLabel('生年月日').fill('R6.4.1');
  await page.getByRole('button', { name: '登録する' }).click();
  await page.locator('h1#person-name').filter({ hasText: '佐藤 華子' }).waitFor();
  const dup = page.locator('.flash .msg-warning');
  await dup.waitFor();
  assert.match(await dup.innerText(), /同じカナ氏名・生年月日の記録があります（重複の可能性）/);
  assert.equal(await dup.getByRole('link', { name: '佐藤 花子' }).count(), 1);
  await page.screenshot({ path: join(OUT, '04-duplicate.png') });

  // Others for the household and the stale-search check, through the API.
  const api = new Client(url);
  assert.equal((await api.login(USER.login, USER.password)).status, 200);
  const mother = await api.post('/api/v1/persons', {
    family_name: '佐藤', given_name: '美咲', family_name_kana: 'サトウ', given_name_kana: 'ミサキ',
    birth_date: '1995-06-10', sex: 'female',
  });
  assert.equal(mother.status, 201, JSON.stringify(mother.body));
  const sasaki = await api.post('/api/v1/persons', {
    family_name: '佐々木', given_name: '一郎', family_name_kana: 'ササキ', given_name_kana: 'イチロウ',
    birth_date: '2019-04-30', sex: 'male',
  });
  assert.equal(sasaki.status, 201, JSON.stringify(sasaki.body));

  // --- Search by hiragana さとう from the navigation; open her from the list.
  await nav.getByRole('link', { name: '利用者検索' }).click();
  const q = page.getByLabel('氏名・カナで検索');
  await q.waitFor();
  await q.fill('さとう');
  const hanakoResult = page.locator('a.result', { hasText: '佐藤 花子' });
  await hanakoResult.waitFor();
  const text = await hanakoResult.innerText();
  assert.match(text, /サトウ ハナコ/);
  assert.match(text, /令和6年4月1日生/);
  assert.match(text, /女/);
  assert.equal(await page.locator('a.result', { hasText: '佐々木' }).count(), 0);
  await page.screenshot({ path: join(OUT, '05-search.png') });
  await hanakoResult.click();
  await page.locator('h1#person-name').filter({ hasText: '佐藤 花子' }).waitFor();
  assert.equal((await page.locator('#person-kana').innerText()).trim(), 'サトウ ハナコ');
  assert.match(await page.locator('dl.facts').innerText(), /令和6年4月1日/);
  await page.locator('#tl-h').waitFor(); // the timeline section is there

  // --- Edit, and a version conflict when someone else saved first.
  await page.getByRole('link', { name: '編集' }).click();
  await page.getByRole('heading', { name: '利用者の編集' }).waitFor();
  const other = await api.patch(`/api/v1/persons/${encodeURIComponent(hanakoId)}`, { phone: '042-111-1111' }, { 'if-match': '"1"' });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  await page.getByLabel('電話番号').fill('042-222-2222');
  await page.getByRole('button', { name: '保存する' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: '他の職員が先に更新しました。最新の内容を読み込み直してください' });
  await conflict.waitFor();
  await page.screenshot({ path: join(OUT, '06-conflict.png') });
  await page.getByRole('button', { name: '最新の内容を読み込む' }).click();
  await page.waitForFunction(() => document.querySelector('input[name="phone"]')?.value === '042-111-1111');
  await page.getByLabel('電話番号').fill('042-333-3333');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.locator('.flash').filter({ hasText: '保存しました' }).waitFor();
  assert.match(await page.locator('dl.facts').innerText(), /042-333-3333/);

  // --- Household: from her page, add the mother by searching, relations and dates.
  await page.getByRole('link', { name: '世帯を作成' }).click();
  await page.getByRole('heading', { name: '世帯の作成' }).waitFor();
  await page.getByLabel('世帯の呼び名').fill('佐藤家');
  await page.locator('select[name="members[0].relation"]').selectOption('child');
  await page.locator('input[name="members[0].from"]').fill('2024-04-01');
  // The household search works as every picker: Enter takes the only result.
  await page.getByLabel('氏名・カナで探す').fill('さとうみさき');
  await page.getByText('1件の候補').waitFor();
  await page.getByLabel('氏名・カナで探す').press('Enter');
  await page.locator('select[name="members[1].relation"]').selectOption('mother');
  await page.locator('input[name="members[1].from"]').fill('2024/4/1');
  await shot(page, '07-household-form');
  await page.getByRole('button', { name: '世帯を作成する' }).click();
  await page.locator('h1#person-name').filter({ hasText: '佐藤 花子' }).waitFor();
  const hh = page.locator('section.household').first();
  await hh.waitFor();
  const hhText = await hh.innerText();
  assert.match(hhText, /佐藤家/);
  assert.match(hhText, /この世帯での続柄: 子/);
  assert.match(hhText, /令和6年4月1日〜現在/);
  const motherLink = hh.getByRole('link', { name: '佐藤 美咲' });
  assert.equal(await motherLink.count(), 1);
  assert.match(await hh.locator('tr', { hasText: '佐藤 美咲' }).innerText(), /母/);

  // Edit the household (If-Match): the mother's membership gets an end date.
  await hh.getByRole('link', { name: '世帯を編集' }).click();
  await page.getByRole('heading', { name: '世帯の編集' }).waitFor();
  assert.equal(await page.locator('select[name="members[1].relation"]').inputValue(), 'mother');
  assert.equal(await page.locator('input[name="members[0].from"]').inputValue(), '2024-04-01');
  await page.locator('input[name="members[1].to"]').fill('2024-03-01');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.locator('.field-error').waitFor(); // ends before it starts: refused on the page
  await page.locator('input[name="members[1].to"]').fill('2030-03-31');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.locator('.flash').filter({ hasText: '世帯を保存しました' }).waitFor();
  assert.match(await page.locator('section.household').first().locator('tr', { hasText: '佐藤 美咲' }).innerText(), /令和6年4月1日〜令和12年3月31日/);

  // The record as printed on A4, and as seen on screen.
  await shot(page, 'person');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.app-header').isVisible(), false, 'no header in print');
  assert.equal(await page.getByRole('link', { name: '編集' }).isVisible(), false, 'no buttons in print');
  assert.equal(await page.locator('.print-foot').isVisible(), true);
  await shot(page, 'person-print');
  await printPdf(page, 'person');
  await page.emulateMedia({ media: 'screen' });

  // The mother's record links back to the child.
  await motherLink.click();
  await page.locator('h1#person-name').filter({ hasText: '佐藤 美咲' }).waitFor();
  assert.match(await page.locator('dl.facts').innerText(), /平成7年6月10日/);
  const mhh = page.locator('section.household').first();
  assert.match(await mhh.innerText(), /この世帯での続柄: 母/);
  assert.equal(await mhh.getByRole('link', { name: '佐藤 花子' }).count(), 1);

  // --- Keyboard only. Skip link first, then type, arrow down, Enter.
  await page.goto(url + '/#/persons');
  await page.waitForFunction(() => document.activeElement?.id === 'person-q');
  // The skip link is the first stop, just before the header's first link.
  await page.locator('a.brand').focus();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '本文へスキップ');
  assert.ok(await page.locator('.skip-link').evaluate((el) => el.getBoundingClientRect().top >= 0), 'visible when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // From main, Tab reaches 新規登録 and then the search box.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '新規登録');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'person-q');

  // A slow answer to an older query must not replace the newer one's results.
  let delayed = 0;
  await page.route('**/api/v1/persons?*', async (route) => {
    const u = new URL(route.request().url());
    if (u.searchParams.get('q') === 'さ') {
      delayed += 1;
      await new Promise((r) => setTimeout(r, 1200));
    }
    await route.continue().catch(() => {});
  });
  await page.keyboard.type('さ');
  await page.waitForTimeout(400); // the debounced request for "さ" is out
  await page.keyboard.type('とうは');
  await page.locator('a.result', { hasText: '佐藤 花子' }).waitFor();
  await page.waitForTimeout(1500); // past the slow answer for "さ"
  assert.ok(delayed >= 1, 'the request for さ was sent');
  const names = await page.locator('a.result .result-name').allInnerTexts();
  assert.ok(names.length >= 1 && names.every((n) => n.startsWith('佐藤')), `only さとうは results: ${names}`);
  assert.ok(!names.includes('佐々木 一郎'), 'the stale answer for さ was not shown');
  await page.unroute('**/api/v1/persons?*');

  await page.keyboard.press('ArrowDown');
  assert.match(await page.evaluate(() => document.activeElement?.className), /result/);
  await page.keyboard.press('Enter');
  await page.locator('h1#person-name').waitFor();
  assert.match(await page.locator('h1#person-name').innerText(), /佐藤/);

  // Tab from the box also reaches the results.
  await page.goto(url + '/#/persons?q=' + encodeURIComponent('ささき'));
  await page.locator('a.result', { hasText: '佐々木 一郎' }).waitFor();
  // The results print as a list: the header names the words searched for; no search box.
  await checkListPrint(page, { title: '利用者検索の結果', user: USER.name, filter: '条件: 氏名・カナ「ささき」' });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#person-q').isVisible(), false, 'the search box is not printed');
  assert.equal(await page.locator('a.result .result-name').first().evaluate((e) => getComputedStyle(e).whiteSpace), 'nowrap');
  await page.emulateMedia({ media: 'screen' });
  await page.getByLabel('氏名・カナで検索').focus();
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement?.textContent), /佐々木 一郎/);
  await page.keyboard.press('Enter');
  await page.locator('h1#person-name').filter({ hasText: '佐々木 一郎' }).waitFor();
  // 2019-04-30 is the last day of 平成.
  assert.match(await page.locator('dl.facts').innerText(), /平成31年4月30日/);

  // --- The session ends on the server side: the next request brings the login screen, and
  // logging in again returns to the page that was asked for.
  await context.clearCookies();
  await page.goto(`${url}/#/persons/${encodeURIComponent(hanakoId)}`);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  assert.match(await page.locator('main').innerText(), /有効期限が切れました/);
  assert.equal(await page.getByText('佐々木 一郎').count(), 0, 'the record is no longer on screen');
  await page.getByLabel('ログインID').fill(USER.login);
  await page.getByLabel('パスワード').fill(USER.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.locator('h1#person-name').filter({ hasText: '佐藤 花子' }).waitFor();

  // --- Log out: the login screen is back, and the record cannot be reached any more.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  assert.match(await page.locator('main').innerText(), /ログアウトしました/);
  assert.equal(await page.locator('header.app-header').count(), 0);
  assert.ok(!page.url().includes('/persons'), 'the last page is not left in the address bar');
  await page.goto(`${url}/#/persons/${encodeURIComponent(hanakoId)}`);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByText('佐藤 花子').count(), 0, 'no personal data after logout');

  assert.deepEqual(await problems(), [], 'no script errors or CSP violations');
  });
  await context.close();
});

// Issue 8, item 6: no silent truncation. A name of 101 characters (pasted, then typed on) stays
// whole in the field, the field says it is too long, the server's 400 is shown at the field, and
// nothing is saved. The same holds for a text area and in the 新規登録 of the person picker.
test('a 101-character name is not cut: the field says so, the server refuses it, nothing is saved', async () => {
  const { page, context, problems } = await newPage(browser);
  const url = server.url;
  await onFailureScreenshot(page, 'person-limit', async () => {
    await login(page, url, USER.login, USER.password);
    await page.getByRole('link', { name: '新規登録' }).click();
    await page.getByRole('heading', { name: '利用者の新規登録' }).waitFor();
    const fam = page.getByLabel('氏（漢字など）');
    const field = fam.locator('xpath=ancestor::div[contains(@class,"field")][1]');
    // No HTML maxlength anywhere on the form: the browser cuts nothing.
    assert.equal(await page.locator('form [maxlength]').count(), 0);
    const long = '長'.repeat(100) + '谷'; // 101 characters
    await fam.focus();
    await page.keyboard.insertText(long); // as a paste
    assert.equal(await fam.inputValue(), long, 'the pasted text is whole');
    const count = field.locator('.field-count');
    assert.equal(await count.innerText(), '100文字以内で入力してください（いま101文字、1文字多い）');
    assert.ok((await fam.getAttribute('aria-describedby')).split(' ').includes(await count.getAttribute('id')), 'announced with the field');
    assert.match(await field.getAttribute('class'), /is-over/);
    await page.keyboard.type('川'); // typing on is not blocked either
    assert.equal([...(await fam.inputValue())].length, 102);
    assert.match(await count.innerText(), /いま102文字、2文字多い/);
    await page.getByLabel('氏（カナ）').fill('ハセガワ');
    await page.getByRole('button', { name: '登録する' }).click();
    // The server's answer lands at the field; the form stays, and nobody was registered.
    await page.waitForFunction(() => document.querySelector('input[name="family_name"]')?.getAttribute('aria-invalid') === 'true');
    assert.match(await field.locator('.field-error').innerText(), /100文字以内/);
    assert.ok(await fam.evaluate((el) => el === document.activeElement), 'the field named by the server has focus');
    await page.getByRole('heading', { name: '利用者の新規登録' }).waitFor();
    await shot(page, '11-name-too-long');
    const api = new Client(url);
    assert.equal((await api.login(USER.login, USER.password)).status, 200);
    const found = await api.get(`/api/v1/persons?q=${encodeURIComponent('ハセガワ')}`);
    assert.deepEqual(found.body.items, [], 'nothing saved');
    // Back to 100 characters: the message goes, and the person is saved whole.
    await fam.fill('長'.repeat(100));
    assert.equal(await count.innerText(), '');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.locator('h1#person-name').waitFor();
    assert.equal(await page.locator('h1#person-name').innerText(), '長'.repeat(100));
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});
