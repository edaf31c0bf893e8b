// Browser test of the administration screens and of navigation by role: アカウント管理 (list,
// add, edit, reset password, disable — new accounts wait for the director), アカウントの承認 (the
// director approves), 監査ログ (filter, next page), the login lockout and "waits for approval"
// messages, and a health worker kept out of the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, startServer } from '../lib/server.mjs';
import { OUT, launch, login, newPage, onFailureScreenshot, shot } from './browser.mjs';

const ADMIN = { login: 'kanri1', role: 'admin', name: '管理 一郎', password: 'kanri-pass-2024' };
const DIRECTOR = { login: 'chou1', role: 'director', name: '所長 和子', password: 'chou-pass-2024' };
const HEALTH = { login: 'hoken2', role: 'health', name: '保健 さくら', password: 'sakura-pass-2024' };
const CLERK = { login: 'jimu1', role: 'clerk', name: '事務 次郎', password: 'jimu-pass-2024' };

let server;
let browser;

before(async () => {
  server = await startServer({ users: [ADMIN, DIRECTOR, HEALTH, CLERK] });
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

test('login lockout shows the 15-minute message', async () => {
  const { page, context, problems } = await newPage(browser);
  await page.goto(server.url + '/');
  let last = '';
  for (let i = 0; i < 6; i++) {
    await page.getByLabel('ログインID').fill(CLERK.login);
    await page.getByLabel('パスワード').fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    last = await page.getByRole('alert').innerText(); // the area is emptied on submit, so this is the new answer
  }
  assert.match(last, /ログインの失敗が続いたため、しばらくロックされています。15分後にお試しください/);
  await page.screenshot({ path: join(OUT, '10-login-locked.png') });
  assert.deepEqual(await problems(), []);
  await context.close();
});

test('admin: accounts and audit log; director and health see what their role allows', async () => {
  const url = server.url;
  // Some reads by the health worker, enough for more than one page of audit log.
  const hc = new Client(url);
  assert.equal((await hc.login(HEALTH.login, HEALTH.password)).status, 200);
  const p = await hc.post('/api/v1/persons', { family_name: '田中', family_name_kana: 'タナカ', given_name: '陽太', given_name_kana: 'ヨウタ', birth_date: '2023-12-24' });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  for (let i = 0; i < 55; i++) assert.equal((await hc.get(`/api/v1/persons/${p.body.id}`)).status, 200);

  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'admin-flow', async () => {
  await login(page, url, ADMIN.login, ADMIN.password);

  // Admin lands on アカウント管理; navigation has no person search.
  await page.getByRole('heading', { name: 'アカウント管理' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'メインメニュー' });
  assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['アカウント管理', '監査ログ', '移行データ取込']);
  assert.match(await page.locator('header').innerText(), /システム管理/);
  const table = page.locator('table');
  for (const u of [ADMIN, DIRECTOR, HEALTH, CLERK]) assert.match(await table.innerText(), new RegExp(u.login));
  assert.match(await table.innerText(), /センター長/);
  assert.match(await table.innerText(), /保健師・助産師等/);
  await shot(page, '11-users');

  // Add an account: a short password is refused next to its field.
  await page.getByRole('link', { name: 'アカウントを追加' }).click();
  await page.getByRole('heading', { name: 'アカウントの追加' }).waitFor();
  await page.getByLabel('ログインID').fill('fukushi1');
  await page.getByLabel('氏名').fill('福祉 太郎');
  await page.getByLabel('役割').selectOption({ label: '児童福祉担当' });
  await page.getByLabel('初期パスワード').fill('short');
  await page.getByRole('button', { name: '追加する' }).click();
  const pw = page.getByLabel('初期パスワード');
  await page.locator('.field-error').waitFor();
  assert.equal(await pw.getAttribute('aria-invalid'), 'true');
  await pw.fill('fukushi-pass-2024');
  await page.getByRole('button', { name: '追加する' }).click();
  await page.getByRole('status').filter({ hasText: 'アカウントを追加しました。センター長の承認待ちです' }).waitFor();
  const row = page.locator('tr', { hasText: 'fukushi1' });
  assert.match(await row.innerText(), /児童福祉担当/);
  assert.match(await row.innerText(), /センター長の承認待ち/);
  assert.match(await page.locator('tr', { hasText: HEALTH.login }).innerText(), /有効/);

  // The same login again: the server's field error lands next to ログインID.
  await page.getByRole('link', { name: 'アカウントを追加' }).click();
  await page.getByLabel('ログインID').fill('fukushi1');
  await page.getByLabel('氏名').fill('福祉 二郎');
  await page.getByLabel('役割').selectOption('welfare');
  await page.getByLabel('初期パスワード').fill('fukushi-pass-2025');
  await page.getByRole('button', { name: '追加する' }).click();
  await page.getByRole('alert').waitFor();
  const loginInput = page.getByLabel('ログインID');
  assert.equal(await loginInput.getAttribute('aria-invalid'), 'true', 'the server names the login field');
  assert.ok(await loginInput.evaluate((el) => el === document.activeElement));
  await page.screenshot({ path: join(OUT, '12-user-duplicate.png') });
  await page.getByRole('link', { name: 'キャンセル' }).click();

  // Edit: role → 受付・事務; reset the password; then disable.
  await page.locator('tr', { hasText: 'fukushi1' }).getByRole('link', { name: /編集/ }).click();
  await page.getByRole('heading', { name: '福祉 太郎さんのアカウント' }).waitFor();
  await page.getByLabel('役割').selectOption({ label: '受付・事務' });
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
  assert.match(await page.locator('tr', { hasText: 'fukushi1' }).innerText(), /受付・事務/);

  await page.locator('tr', { hasText: 'fukushi1' }).getByRole('link', { name: /編集/ }).click();
  await page.locator('input[name="password"]').fill('new-fukushi-pass');
  await page.getByLabel('新しいパスワード（確認）').fill('new-fukushi-pass');
  await page.getByRole('button', { name: 'パスワードを再設定' }).click();
  await page.getByText('パスワードを再設定しました').waitFor();
  assert.match(await page.getByRole('status').filter({ hasText: 'パスワードを再設定しました' }).innerText(), /センター長の承認待ちです/);
  // The edit page says the account waits, and why.
  assert.match(await page.locator('.msg-warning').innerText(), /センター長の承認待ちです（新規作成）/);
  await shot(page, '13-user-edit');
  const fc = new Client(url);
  const waiting = await fc.login('fukushi1', 'new-fukushi-pass');
  assert.equal(waiting.status, 403, 'the new password is right but waits for the director');
  assert.equal(waiting.body.error.code, 'account_pending');

  await page.getByLabel('このアカウントを無効にする').check();
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
  assert.match(await page.locator('tr', { hasText: 'fukushi1' }).innerText(), /無効/);
  assert.equal((await new Client(url).login('fukushi1', 'new-fukushi-pass')).status, 401, 'a disabled account cannot log in');

  // Admin cannot open person pages.
  await page.goto(`${url}/#/persons`);
  await page.getByText('この画面を表示する権限がありません').waitFor();

  // Audit log: rows, next page, filter by person.
  await nav.getByRole('link', { name: '監査ログ' }).click();
  await page.getByRole('heading', { name: '監査ログ' }).waitFor();
  const audit = page.locator('table.audit');
  await audit.waitFor();
  assert.match(await audit.innerText(), /hoken2/);
  assert.match(await audit.innerText(), /閲覧/);
  await shot(page, '14-audit');
  await page.getByRole('link', { name: '次のページ' }).click();
  await page.getByText('2ページ目').waitFor();
  await audit.waitFor();
  assert.ok((await audit.locator('tbody tr').count()) > 0);
  // By person: the admin opens no person's page (whose 「閲覧記録」 links here), so types the id.
  await page.getByLabel('利用者ID').fill(p.body.id);
  await page.getByRole('button', { name: '絞り込む' }).click();
  await page.waitForURL(/person_id=/);
  await page.getByText('1ページ目').waitFor();
  await page.locator('table.audit').waitFor();
  const ids = await page.locator('table.audit tbody tr td:nth-child(5)').allInnerTexts();
  assert.ok(ids.length > 0 && ids.every((t) => t.includes(p.body.id)), 'only rows about that person');
  assert.equal(await page.getByRole('link', { name: '記録を開く' }).count(), 0, 'admin gets no link to case content');

  // One more account, left enabled: the director approves it below.
  const ac = new Client(url);
  assert.equal((await ac.login(ADMIN.login, ADMIN.password)).status, 200);
  assert.equal((await ac.post('/api/v1/users', { login: 'sato1', name: '佐藤 花', role: 'health', password: 'sato-pass-2024' })).status, 201);

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();

  // The new account's owner tries to log in: told it waits for the director.
  await page.getByLabel('ログインID').fill('sato1');
  await page.getByLabel('パスワード').fill('sato-pass-2024');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  assert.match(await page.getByRole('alert').innerText(), /センター長の承認待ちです/);

  // Director: lands on the alert board; person search, 通告・相談, the 母子保健 screens with the
  // risk table, アカウントの承認 and the audit log; may open the person from the log.
  await login(page, url, DIRECTOR.login, DIRECTOR.password);
  await page.getByRole('heading', { name: 'アラート', level: 1 }).waitFor();
  // The rarer screens are under 「その他」, so that the header keeps to one row.
  assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['アラート', '進行管理', '利用者検索', '通告・相談', '新規受付', '母子保健', 'ケース', '会議']);
  await nav.getByRole('button', { name: 'その他' }).click();
  assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['アラート', '進行管理', '利用者検索', '通告・相談', '新規受付', '母子保健', 'ケース', '会議', '進行管理台帳', '特定妊婦候補', '当番表', '統計', 'リスク表', 'アカウント承認', '監査ログ', '移行データ取込', '重複の確認']);
  assert.match(await page.locator('header').innerText(), /センター長/);

  // アカウントの承認: both waiting accounts are listed with their reason; approve sato1 by keyboard.
  await nav.getByRole('link', { name: 'アカウント承認' }).click();
  await page.getByRole('heading', { name: 'アカウントの承認' }).waitFor();
  const pending = page.locator('table');
  assert.match(await pending.locator('caption').innerText(), /承認待ちのアカウント（2件）/);
  assert.match(await pending.locator('tr', { hasText: 'sato1' }).innerText(), /保健師・助産師等[\s\S]*新規作成/);
  assert.match(await pending.locator('tr', { hasText: 'fukushi1' }).innerText(), /無効/);
  await shot(page, '15-approvals');
  await page.getByRole('button', { name: '佐藤 花（sato1）を保健師・助産師等として承認する' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: '佐藤 花さん（sato1）のアカウントを承認しました' }).waitFor();
  assert.match(await page.locator('table caption').innerText(), /（1件）/);
  assert.equal(await page.locator('tr', { hasText: 'sato1' }).count(), 0);
  assert.equal((await new Client(url).login('sato1', 'sato-pass-2024')).status, 200, 'approved: logs in');

  await page.goto(`${url}/#/audit?person_id=${encodeURIComponent(p.body.id)}`);
  await page.locator('table.audit').waitFor();
  await page.getByRole('link', { name: '記録を開く' }).first().click();
  await page.locator('h1#person-name').filter({ hasText: '田中 陽太' }).waitFor();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();

  // Health: the alert board, 通告・相談 and the 母子保健 screens, no risk table editor, no audit log.
  await login(page, url, HEALTH.login, HEALTH.password);
  assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['アラート', '進行管理', '利用者検索', '通告・相談', '新規受付', '母子保健', 'ケース', '会議']);
  await nav.getByRole('button', { name: 'その他' }).click();
  assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['アラート', '進行管理', '利用者検索', '通告・相談', '新規受付', '母子保健', 'ケース', '会議', '進行管理台帳', '特定妊婦候補', '当番表', '統計']);
  await page.goto(`${url}/#/audit`);
  await page.getByText('この画面を表示する権限がありません').waitFor();

  assert.deepEqual(await problems(), [], 'no script errors or CSP violations');
  });
  await context.close();
});
