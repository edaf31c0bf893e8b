// Browser test of the 児童福祉 screens: a caseworker (児童福祉担当) lands on the alert board, takes a
// call about two siblings in the intake form by keyboard (both children new: registered inline),
// records the 受理会議 (urgency A) and an 調査, confirms one child (the other stays on the alert
// board with a countdown in hours), confirms the other (the alert goes). A clerk reads the report
// without step buttons and without the 調査 note; a step out of order shows the server's message;
// the child's record shows the reports and the mother's 母子保健 flags; the report prints on A4.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';
import { launch, login, newPage, onFailureScreenshot, printPdf, shot } from './browser.mjs';

const WELFARE = { login: 'fukushi3', role: 'welfare', name: '福祉 まこと', password: 'makoto-pass-2024' };
const CLERK = { login: 'jimu3', role: 'clerk', name: '事務 ひかる', password: 'hikaru-pass-2024' };
// Only through the API: the mother's 母子保健 records, for the flags on the child's page.
const NURSE = { login: 'hoken4', role: 'health', name: '保健 あおい', password: 'aoi-pass-2024' };

const SECRET = '父親から聞き取り。本人は否認している。';

let server;
let browser;
// Shared between the tests (they run in order).
let reportUrl = '';
let haruto = ''; // person ids
let yui = '';
let misaki = '';

before(async () => {
  server = await startServer({ users: [WELFARE, CLERK, NURSE] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

function jst(ms = Date.now()) {
  const t = new Date(ms + 9 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return { date: `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}`, time: `${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`, y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
// 令和 only (all the dates of this test are after 2019-05-01).
function reiwa(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const n = y - 2018;
  return `令和${n === 1 ? '元' : n}年${m}月${d}日`;
}
const active = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return '';
    const lab = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    return `${el.tagName.toLowerCase()}|${el.getAttribute('name') || ''}|${(lab?.textContent || el.textContent || '').trim()}`;
  });
async function tabTo(page, re, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const a = await active(page);
    if (re.test(a)) return a;
  }
  throw new Error(`Tab did not reach ${re} (last: ${await active(page)})`);
}
// The focus ring is visible (outline or box-shadow) on the focused element.
const focusVisible = (page) =>
  page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  });

// Registers a child (or guardian) inline in a picker slot, by keyboard: type the kana in the search,
// Enter (nobody found → focus on 新規登録), Enter, then the short form.
async function createInline(page, slot, { kana, family, given, birth, sex }) {
  await slot.locator('input[type="search"]').focus();
  await page.keyboard.type(kana);
  await slot.getByRole('status').filter({ hasText: '見つかりませんでした' }).waitFor();
  await page.keyboard.press('Enter');
  assert.match(await active(page), /\|\|新規登録$/, 'Enter with no result goes to 新規登録');
  await page.keyboard.press('Enter');
  const form = slot.locator('.picker-create');
  await form.waitFor();
  // The kana typed in the search is carried over (hiragana accepted); focus on the empty 氏.
  assert.equal(await form.getByLabel('氏（カナ）').inputValue(), kana.split(' ')[0]);
  assert.equal(await form.getByLabel('名（カナ）').inputValue(), kana.split(' ')[1] || '');
  assert.match(await active(page), /^input\|family_name\|/);
  await page.keyboard.type(family);
  await page.keyboard.press('Tab');
  assert.match(await active(page), /^input\|given_name\|/);
  await page.keyboard.type(given);
  if (birth) {
    await tabTo(page, /^input\|birth_date\|/);
    await page.keyboard.type(birth);
    assert.match(await form.locator('.date-preview').innerText(), new RegExp(`^(令和|平成)\\S+年\\d+月\\d+日（${birth}）$`));
  }
  if (sex) {
    await tabTo(page, /^select\|sex\|/);
    await form.getByLabel('性別').selectOption({ label: sex });
  }
  await page.keyboard.press('Enter'); // registers; does not submit the intake form
  await slot.locator('.picker-chosen').filter({ hasText: `${family} ${given}` }).waitFor();
  assert.match(await slot.locator('.picker-chosen').innerText(), /新規登録/);
}

test('caseworker: alert board, intake of two siblings, 受理会議, 現認 one by one, alert goes', async () => {
  const { page, context, problems } = await newPage(browser);
  const url = server.url;
  await onFailureScreenshot(page, 'welfare-flow', async () => {
    await login(page, url, WELFARE.login, WELFARE.password);

    // --- The alert board is the first screen; navigation for the role.
    await page.getByRole('heading', { name: 'アラート', level: 1 }).waitFor();
    assert.match(page.url(), /#\/alerts$/);
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['アラート', '進行管理', '利用者検索', '通告・相談', '新規受付', '母子保健', 'ケース', '会議']);
    await nav.getByRole('button', { name: 'その他' }).click();
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['アラート', '進行管理', '利用者検索', '通告・相談', '新規受付', '母子保健', 'ケース', '会議', '進行管理台帳', '特定妊婦候補', '当番表', '統計']);
    await page.keyboard.press('Escape');
    assert.match(await page.locator('main').innerText(), /現認（安全確認）を待っている通告はありません/);
    await shot(page, 'w01-alerts-empty');

    // --- The intake form: defaults (虐待通告, now to the minute in 和暦 and 24h, me).
    await nav.getByRole('link', { name: '新規受付' }).click();
    await page.getByRole('heading', { name: '虐待相談・通告受付票' }).waitFor();
    const now = jst();
    assert.match(await active(page), /^input\|kind\|虐待通告$/, 'focus starts on the kind');
    assert.equal(await page.getByLabel('虐待通告').isChecked(), true);
    assert.equal(await page.getByLabel('日付').inputValue(), now.date);
    const time = await page.getByLabel('時刻').inputValue();
    assert.match(time, /^\d{2}:\d{2}$/);
    const minutes = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    assert.ok(Math.abs(minutes(time) - minutes(now.time)) <= 1 || minutes(now.time) === 0, `${time} is now`);
    assert.match(await page.locator('.datetime-preview').innerText(), new RegExp(`${reiwa(now.date)}（.）\\s*${time}`));
    assert.match(await page.locator('main').innerText(), /福祉 まこと（ログイン中の職員）/);
    assert.equal(await page.locator('select[name="route"] option').count(), 18, 'the 17 routes and the placeholder');

    // Tab order: kind → 日付 → 時刻 → 経路 → 子ども 1 search.
    await page.keyboard.press('Tab');
    assert.match(await active(page), /^input\|received_at_date\|日付$/);
    assert.ok(await focusVisible(page), 'the focus ring is visible');
    await page.keyboard.press('Tab');
    assert.match(await active(page), /^input\|received_at_time\|時刻$/);
    await page.keyboard.press('Tab');
    assert.match(await active(page), /^select\|route\|/);
    // Saving with nothing chosen: the errors are shown at their fields, the first one focused.
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('select[name="route"]')?.getAttribute('aria-invalid') === 'true');
    assert.match(await active(page), /^select\|route\|/);
    assert.match(await page.locator('[data-field="abuse_types"]').innerText(), /虐待の種別を1つ以上選んでください/);
    assert.match(await page.locator('main').innerText(), /子どもを1人以上選んでください/);
    await shot(page, 'w02-intake-errors');
    await page.locator('select[name="route"]').selectOption({ label: '学校' });
    assert.equal(await page.locator('select[name="route"]').inputValue(), 'school');

    // Child 1: new to the center, registered inline (search in hiragana).
    const child1 = page.getByRole('group', { name: /^子ども 1( ?必須)?$/ });
    await createInline(page, child1, { kana: 'たなか はると', family: '田中', given: '陽翔', birth: '2019-06-10', sex: '男性' });
    assert.match(await child1.locator('.picker-chosen').innerText(), /タナカ ハルト/, 'the kana is stored in katakana');
    assert.match(await active(page), /子どもを追加/, 'then on to the next child');
    // Child 2: Enter adds the slot and focuses its search. First the same child again, by mistake.
    await page.keyboard.press('Enter');
    const child2 = page.getByRole('group', { name: /^子ども 2( ?必須)?$/ });
    await child2.waitFor();
    assert.match(await active(page), /^input\|\|氏名・カナで探す$/);
    await page.keyboard.type('たなか');
    await child2.getByRole('button', { name: '田中 陽翔さんを選ぶ' }).waitFor();
    await page.keyboard.press('Enter'); // the only result
    await child2.locator('.picker-chosen').filter({ hasText: '田中 陽翔' }).waitFor();

    // 内容: the type by keyboard (Space), the perpetrator, the summary, urgent.
    await page.getByLabel('身体的虐待').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.getByLabel('身体的虐待').isChecked(), true);
    await page.getByLabel('主たる虐待者').selectOption({ label: '実父' });
    await page.getByLabel('主訴（通告・相談の内容）').fill('担任より。兄の顔と腕にあざ。妹も「パパがこわい」と話している。');
    await page.getByLabel('緊急対応が必要').check();
    // Reporter: 匿名 disables the name and the contact.
    await page.getByLabel('匿名（氏名・連絡先を明かさない）').check();
    assert.equal(await page.getByLabel('通告者の氏名').isDisabled(), true);
    assert.equal(await page.getByLabel('通告者の連絡先').isDisabled(), true);
    await page.getByLabel('匿名（氏名・連絡先を明かさない）').uncheck();
    await page.getByLabel('通告者の氏名').fill('佐々木 恵');
    await page.getByLabel('子どもとの関係・立場').fill('担任');
    await page.getByLabel('通告者の連絡先').fill('042-000-1111（第二小学校）');
    await page.getByLabel('通告者の意向').fill('学校からの通告であることは伏せてほしい');

    // Save: the server refuses the same child twice, naming child_ids[1]: shown at 子ども 2.
    await page.getByRole('button', { name: '受け付ける（保存）' }).click();
    await child2.locator('.field-error').waitFor();
    assert.match(await child2.locator('.field-error').innerText(), /同じ子どもが二度指定されています/);
    assert.equal(await child2.getAttribute('aria-invalid'), 'true');
    assert.ok(await child2.evaluate((el) => el === document.activeElement), 'the slot named by the server has focus');
    await shot(page, 'w03-intake-server-error');
    await child2.getByRole('button', { name: '子ども 2を選び直す' }).click();
    await createInline(page, child2, { kana: 'たなか ゆい', family: '田中', given: '結衣', birth: '2022-01-20', sex: '女性' });
    assert.equal(await child2.locator('.field-error').count(), 0, 'the new choice clears the error');
    assert.equal(await child2.getAttribute('aria-invalid'), null);

    // A guardian, the same way, with the relation.
    const guardian = page.getByRole('group', { name: /^保護者 1( ?必須)?$/ });
    await createInline(page, guardian, { kana: 'たなか みさき', family: '田中', given: '美咲', birth: '1993-03-03', sex: '女性' });
    assert.match(await active(page), /^select\|guardians\[0\]\.relation\|/, 'then the relation');
    await page.getByLabel('保護者 1 の続柄').selectOption({ label: '実母' });
    assert.equal(await page.getByLabel('保護者 1 の続柄').inputValue(), '実母');
    await shot(page, 'w04-intake-filled');

    // An error the server names inside the reporter ("reporter.name") lands at that input.
    await page.route('**/api/v1/reports', (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid_field', message: '100文字以内で入力してください。', field: 'reporter.name' } }) }),
    );
    await page.getByRole('button', { name: '受け付ける（保存）' }).click();
    await page.waitForFunction(() => document.querySelector('input[name="reporter.name"]')?.getAttribute('aria-invalid') === 'true');
    assert.match(await active(page), /^input\|reporter\.name\|/);
    assert.match(await page.getByLabel('通告者の氏名').evaluate((el) => el.closest('.field').querySelector('.field-error')?.textContent || ''), /100文字以内/);
    await page.unroute('**/api/v1/reports');

    await page.getByRole('button', { name: '受け付ける（保存）' }).focus();
    await page.keyboard.press('Enter');

    // --- The intake is saved; the household of the three named is proposed (declined here:
    // family.test.mjs registers one).
    const proposal = page.getByTestId('household-proposal');
    await proposal.waitFor();
    assert.match(await proposal.innerText(), /田中 陽翔[\s\S]*田中 結衣[\s\S]*田中 美咲/);
    await proposal.getByRole('button', { name: '世帯は登録しない' }).click();

    // --- The report page.
    await page.locator('h1#report-title').filter({ hasText: '虐待通告' }).waitFor();
    reportUrl = page.url();
    assert.match(reportUrl, /#\/reports\/[A-Za-z0-9_-]+$/);
    const head = await page.locator('.report-head').innerText();
    assert.match(head, /田中 陽翔、田中 結衣/);
    assert.match(head, /受付/);
    assert.match(head, /緊急対応/);
    assert.match(head, new RegExp(`${reiwa(now.date)} ${time}`));
    assert.match(await page.locator('.flash').innerText(), /虐待通告を受け付けました/);
    const safety = page.locator('.safety-box');
    assert.match(await safety.innerText(), /現認期限まで あと 4[78]時間/);
    assert.match(await safety.innerText(), /未確認 2人/);
    const intake = await page.locator('section[aria-labelledby="intake-h"]').innerText();
    for (const t of ['学校', '身体的虐待', '実父', '佐々木 恵（担任）', '042-000-1111', '学校からの通告であることは伏せてほしい', '兄の顔と腕にあざ', '福祉 まこと']) assert.ok(intake.includes(t), t);
    const kids = page.locator('table.report-children tbody tr');
    assert.equal(await kids.count(), 2);
    for (let i = 0; i < 2; i++) assert.match(await kids.nth(i).innerText(), /未確認/);
    assert.match(await page.locator('section[aria-labelledby="guardians-h"]').innerText(), /実母\s+田中 美咲/);
    haruto = decodeURIComponent((await page.getByRole('link', { name: '田中 陽翔' }).getAttribute('href')).split('/').pop());
    yui = decodeURIComponent((await page.getByRole('link', { name: '田中 結衣' }).getAttribute('href')).split('/').pop());
    misaki = decodeURIComponent((await page.getByRole('link', { name: '田中 美咲' }).getAttribute('href')).split('/').pop());
    const steps = page.locator('.step-buttons button');
    assert.deepEqual(await steps.allInnerTexts(), ['受理会議']);
    assert.deepEqual(await page.locator('.report-steps .step-title').allInnerTexts(), ['受付']);
    await shot(page, 'w05-report-received');

    // --- 受理会議: urgency is required; A; attendees.
    await steps.filter({ hasText: '受理会議' }).click();
    const juri = page.locator('form[data-step="juri"]');
    await juri.waitFor();
    assert.match(await active(page), /^input\|at_date\|日付$/, 'the form opens with the focus in it');
    assert.equal(await juri.getByLabel('日付').inputValue(), jst().date);
    await juri.getByLabel('出席者').fill('福祉 まこと、統括 花子、保健 あおい');
    await juri.getByRole('button', { name: '受理会議を記録する' }).click();
    await juri.locator('.field-error').filter({ hasText: '緊急度を選んでください' }).waitFor();
    await juri.getByLabel('A（早期対応）').check();
    await juri.getByLabel('会議の記録（決定事項など）').fill('48時間以内に学校で兄妹に会う。');
    await shot(page, 'w06-juri-form');
    await juri.getByRole('button', { name: '受理会議を記録する' }).click();
    await page.locator('.flash').filter({ hasText: '受理会議を記録しました' }).waitFor();
    assert.match(await page.locator('.report-badges').innerText(), /受理会議/);
    assert.match(await page.locator('.report-badges').innerText(), /緊急度\s*A（早期対応）/);
    const juriItem = page.locator('.report-steps .step-item.step-juri');
    assert.match(await juriItem.innerText(), /福祉 まこと、統括 花子、保健 あおい/);
    assert.match(await juriItem.innerText(), /A（早期対応）/);
    assert.deepEqual(await steps.allInnerTexts(), ['調査', '現認（安全確認）', '送致（児童相談所）']);

    // --- 調査 with a note the clerk must not read.
    await steps.filter({ hasText: '調査' }).click();
    const inv = page.locator('form[data-step="investigation"]');
    await inv.getByLabel('調査の記録').fill(SECRET);
    assert.match(await inv.innerText(), /受付・事務の職員には表示されません/);
    await inv.getByRole('button', { name: '調査を記録する' }).click();
    await page.locator('.flash').filter({ hasText: '調査を記録しました' }).waitFor();
    assert.match(await page.locator('.report-steps .step-investigation').innerText(), new RegExp(SECRET));

    // --- 現認 of the brother only. Nobody is ticked at first; one line says whom it records.
    await steps.filter({ hasText: '現認（安全確認）' }).click();
    const seen = page.locator('form[data-step="safety_confirmed"]');
    await seen.waitFor();
    const boxes = seen.locator('input[type="checkbox"]');
    assert.equal(await boxes.count(), 2);
    assert.equal(await seen.getByLabel(/田中 陽翔/).isChecked(), false, 'nobody is ticked at first');
    assert.equal(await seen.getByLabel(/田中 結衣/).isChecked(), false);
    assert.equal(await seen.getByLabel('確認した職員').inputValue(), WELFARE.name);
    const whom = seen.locator('.seen-summary');
    assert.match(await whom.innerText(), /まだ誰も選ばれていません/);
    assert.match(await seen.innerText(), /Ctrl\+Enter でも記録できます。Enter だけでは記録しません。/);
    // The button with nobody ticked: a message, nothing sent.
    let stepPosts = 0;
    page.on('request', (q) => {
      if (q.method() === 'POST' && q.url().endsWith('/events')) stepPosts += 1;
    });
    await seen.getByRole('button', { name: '現認（安全確認）を記録する' }).click();
    await seen.locator('.field-error').filter({ hasText: '確認した子どもを1人以上選んでください' }).waitFor();
    // The brother ticked by keyboard: the line names him alone.
    await seen.getByLabel(/田中 陽翔/).focus();
    await page.keyboard.press('Space');
    assert.equal(await whom.innerText(), '田中 陽翔 を現認済みにします');
    // Enter in the time field, on the tick or in 確認した職員 records nothing.
    await seen.getByLabel('時刻').focus();
    await page.keyboard.press('Enter');
    await seen.getByLabel(/田中 陽翔/).focus();
    await page.keyboard.press('Enter');
    await seen.getByLabel('確認した職員').focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    assert.equal(stepPosts, 0, 'Enter never records a step');
    assert.equal(await seen.isVisible(), true, 'the form is still open');
    assert.deepEqual(await page.locator('.report-steps .step-title').allInnerTexts(), ['受付', '受理会議', '調査']);
    assert.equal(await seen.getByLabel(/田中 陽翔/).isChecked(), true);
    // Ctrl+Enter (here in the note) records it.
    await seen.getByLabel('確認時の子どもの様子').fill('学校で面談。左腕にあざ、本人は「転んだ」。');
    await shot(page, 'w07a-seen-form');
    await page.keyboard.press('Control+Enter');
    await page.locator('.flash').filter({ hasText: '現認（安全確認）を記録しました' }).waitFor();
    assert.equal(stepPosts, 1);
    assert.match(await kids.filter({ hasText: '田中 陽翔' }).innerText(), /確認済み/);
    assert.match(await kids.filter({ hasText: '田中 陽翔' }).innerText(), new RegExp(reiwa(jst().date)));
    assert.match(await kids.filter({ hasText: '田中 結衣' }).innerText(), /未確認/);
    assert.match(await safety.innerText(), /現認期限まで あと 4[78]時間/);
    assert.match(await safety.innerText(), /未確認 1人/);
    assert.match(await page.locator('.report-steps .step-safety_confirmed').innerText(), /確認した子ども\s+田中 陽翔/);
    assert.deepEqual(await steps.allInnerTexts(), ['調査', '現認（安全確認）', '送致（児童相談所）'], 'the sister can still be confirmed');
    await shot(page, 'w07-report-one-confirmed');

    // --- The alert board: the report stays, with the sister, 1 child, the hours left.
    await nav.getByRole('link', { name: 'アラート' }).click();
    const row = page.locator('tr.safety-alert');
    await row.waitFor();
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /田中 結衣/);
    assert.match(await row.locator('.unconfirmed').innerText(), /^1人$/);
    assert.match(await row.locator('.countdown').innerText(), /^あと 4[78]時間$/);
    assert.equal(await row.getByRole('link', { name: '田中 結衣さんの虐待通告を開く' }).getAttribute('href'), reportUrl.slice(reportUrl.indexOf('#')));
    await shot(page, 'w08-alerts-one-left');

    // --- The second 現認 from there: only the sister is offered; the alert goes.
    await row.getByRole('link', { name: /虐待通告を開く/ }).click();
    await page.locator('h1#report-title').waitFor();
    await steps.filter({ hasText: '現認（安全確認）' }).click();
    await seen.waitFor();
    assert.equal(await boxes.count(), 1);
    assert.match(await seen.innerText(), /田中 結衣/);
    assert.equal(await boxes.first().isChecked(), false, 'even the only child left is not ticked for you');
    await seen.getByLabel(/田中 結衣/).check();
    assert.equal(await whom.innerText(), '田中 結衣 を現認済みにします');
    await seen.getByRole('button', { name: '現認（安全確認）を記録する' }).click();
    await page.locator('.flash').filter({ hasText: '現認（安全確認）を記録しました' }).waitFor();
    assert.match(await page.locator('.safety-box').innerText(), /全員の現認（安全確認）が済んでいます/);
    assert.match(await page.locator('.report-badges').innerText(), /現認（安全確認）/);
    assert.deepEqual(await steps.allInnerTexts(), ['支援方針', '送致（児童相談所）']);
    await nav.getByRole('link', { name: 'アラート' }).click();
    await page.getByText('現認（安全確認）を待っている通告はありません。').waitFor();
    assert.equal(await page.locator('tr.safety-alert').count(), 0);
    await shot(page, 'w09-alerts-cleared');

    // --- 通告・相談: the open reports, with status and safety state.
    await nav.getByRole('link', { name: '通告・相談' }).click();
    await page.getByRole('heading', { name: '通告・相談', level: 1 }).waitFor();
    const listRow = page.locator('table.reports tbody tr');
    assert.equal(await listRow.count(), 1);
    assert.match(await listRow.innerText(), /田中 陽翔、田中 結衣/);
    assert.match(await listRow.innerText(), /現認（安全確認）/);
    assert.match(await listRow.innerText(), /確認済み/);
    await shot(page, 'w10-reports');

    // --- Print: A4, without navigation or buttons; 記録用 with the reporter, 会議用 without.
    await page.goto(reportUrl);
    await page.locator('h1#report-title').waitFor();
    await page.evaluate(() => {
      window.print = () => {}; // the dialog is the browser's; what matters is the page it prints
    });
    const printed = async (version, name) => {
      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('button', { name: `印刷（${version}）` }).click();
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('header.app-header').isVisible(), false);
      assert.equal(await page.locator('.step-buttons').isVisible(), false);
      assert.equal(await page.getByRole('button', { name: /^印刷/ }).first().isVisible(), false);
      assert.equal(await page.locator('.print-head').isVisible(), true);
      const text = await page.locator('article.page-report').innerText();
      await shot(page, name);
      // Printing to PDF fires afterprint, which puts the page back to the record version.
      await printPdf(page, name);
      return text;
    };
    const REPORTER_FACTS = ['佐々木 恵', '042-000-1111', '学校からの通告であることは伏せてほしい'];
    const record = await printed('記録用', 'w11-report-print');
    for (const t of REPORTER_FACTS) assert.ok(record.includes(t), `記録用: ${t}`);
    assert.match(record, /記録用/);
    assert.match(record, /経路\s+学校/);
    const meeting = await printed('会議用', 'w11b-report-print-meeting');
    for (const t of REPORTER_FACTS) assert.ok(!meeting.includes(t), `会議用 leaves out ${t}`);
    assert.match(meeting, /会議用（通告者・経路を除く）/);
    assert.match(meeting, /通告者\s+（会議用のため記載しません）/);
    assert.match(meeting, /経路\s+（会議用のため記載しません）/);
    assert.match(meeting, /兄の顔と腕にあざ/, 'the rest of the record is there');
    // On screen the record is whole again.
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    const screen = await page.locator('article.page-report').innerText();
    for (const t of REPORTER_FACTS) assert.ok(screen.includes(t), `screen: ${t}`);

    assert.deepEqual(await problems(), [], 'no script errors or CSP violations');
  });
  await context.close();
});

test('the countdown moves on by itself (every minute) on the board and the report', async () => {
  // A report of an hour ago, one child, through the API; the page's clock then runs an hour on.
  const wc = new Client(server.url);
  assert.equal((await wc.login(WELFARE.login, WELFARE.password)).status, 200);
  const kid = await wc.post('/api/v1/persons', { family_name: '高橋', family_name_kana: 'タカハシ', given_name: '蓮', given_name_kana: 'レン' });
  assert.equal(kid.status, 201);
  const at = new Date(Date.now() - 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const r = await wc.post('/api/v1/reports', { kind: 'abuse_report', received_at: at, route: 'neighbor', abuse_types: ['neglect'], child_ids: [kid.body.id] });
  assert.equal(r.status, 201, JSON.stringify(r.body));

  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'welfare-clock', async () => {
    await page.clock.install();
    await login(page, server.url, WELFARE.login, WELFARE.password);
    const row = page.locator('tr.safety-alert', { hasText: '高橋 蓮' });
    await row.waitFor();
    assert.match(await row.locator('.countdown').innerText(), /^あと 4[67]時間$/);
    const before = Number((await row.locator('.countdown').innerText()).match(/\d+/)[0]);
    await page.clock.fastForward('02:00:00');
    await page.waitForFunction((n) => document.querySelector('tr.safety-alert .countdown')?.textContent === `あと ${n}時間`, before - 2);
    // The report page counts down too, and turns red when the 48 hours are past.
    await page.goto(`${server.url}/#/reports/${r.body.id}`);
    await page.locator('.safety-box').waitFor();
    assert.match(await page.locator('.safety-box').innerText(), new RegExp(`現認期限まで あと ${before - 2}時間`));
    await page.clock.fastForward('49:00:00');
    await page.locator('.safety-box.is-overdue').waitFor();
    assert.match(await page.locator('.safety-box').innerText(), /期限超過 \d+時間/);
    await shot(page, 'w12-report-overdue');
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});

test('a step out of order shows the server message', async () => {
  const wc = new Client(server.url);
  assert.equal((await wc.login(WELFARE.login, WELFARE.password)).status, 200);
  const kid = await wc.post('/api/v1/persons', { family_name: '伊藤', family_name_kana: 'イトウ', given_name: '湊', given_name_kana: 'ミナト' });
  const r = await wc.post('/api/v1/reports', { kind: 'consultation', route: 'family', abuse_types: [], child_ids: [kid.body.id] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'welfare-409', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(`${server.url}/#/reports/${r.body.id}`);
    await page.locator('h1#report-title').filter({ hasText: '相談' }).waitFor();
    assert.equal(await page.locator('.safety-box').count(), 0, 'no 48-hour clock for a consultation');
    await page.locator('.step-buttons').getByRole('button', { name: '受理会議' }).click();
    const form = page.locator('form[data-step="juri"]');
    await form.getByLabel('C（助言・情報提供）').check();
    // Meanwhile a colleague records the 受理会議.
    assert.equal((await wc.post(`/api/v1/reports/${r.body.id}/events`, { step: 'juri', urgency: 'c' })).status, 201);
    await form.getByRole('button', { name: '受理会議を記録する' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /「受理会議」の後に「受理会議」は記録できません。/);
    await shot(page, 'w13-invalid-transition');
    await form.getByRole('button', { name: '最新の状態を読み込む' }).click();
    await page.locator('.step-buttons').getByRole('button', { name: '支援方針' }).waitFor();
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});

test('a 現認 recorded by mistake is taken back: marked 取り消し済み with the reason, the alert comes back', async () => {
  const wc = new Client(server.url);
  assert.equal((await wc.login(WELFARE.login, WELFARE.password)).status, 200);
  const kid = async (given, kana) => {
    const r = await wc.post('/api/v1/persons', { family_name: '佐々木', family_name_kana: 'ササキ', given_name: given, given_name_kana: kana });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  const sora = await kid('そら', 'ソラ');
  const himari = await kid('ひまり', 'ヒマリ');
  const r = await wc.post('/api/v1/reports', { kind: 'abuse_report', route: 'neighbor', abuse_types: ['neglect'], child_ids: [sora, himari] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  assert.equal((await wc.post(`/api/v1/reports/${id}/events`, { step: 'juri', urgency: 'a' })).status, 201);
  assert.equal((await wc.post(`/api/v1/reports/${id}/events`, { step: 'safety_confirmed', child_ids: [sora, himari] })).status, 201);

  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'welfare-correction', async () => {
    let posts = 0;
    page.on('request', (q) => {
      if (q.method() === 'POST' && q.url().endsWith('/events')) posts += 1;
    });
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(`${server.url}/#/reports/${id}`);
    await page.locator('h1#report-title').filter({ hasText: '佐々木 ひまり' }).waitFor();
    assert.match(await page.locator('.safety-box').innerText(), /全員の現認（安全確認）が済んでいます/);
    // Only the 現認 (the latest step) may be taken back.
    assert.equal(await page.locator('.report-steps .step-correct').count(), 1);
    const item = page.locator('.report-steps .step-safety_confirmed');
    const open = item.getByRole('button', { name: /現認（安全確認）（.+）の記録を取り消す$/ });
    await open.click();
    const form = item.locator('form.correction-form');
    await form.waitFor();
    assert.match(await form.innerText(), /記録は消えずに「取り消し済み」として残り/);
    const boxes = form.locator('input[type="checkbox"]');
    assert.equal(await boxes.count(), 2);
    assert.equal(await form.getByLabel('佐々木 ひまり').isChecked(), false, 'nobody is ticked at first');
    // Neither who nor why: messages, nothing sent.
    await form.getByRole('button', { name: '取り消しを記録する' }).click();
    await form.locator('.field-error').filter({ hasText: '現認を取り消す子どもを選んでください' }).waitFor();
    assert.match(await form.innerText(), /取り消す理由を入力してください/);
    await form.getByLabel('佐々木 ひまり').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter'); // on the tick: nothing
    await form.getByLabel('取り消す理由').fill('ひまりさんは祖母宅にいて会えていなかった');
    await page.waitForTimeout(200);
    assert.equal(posts, 0, 'Enter never records a correction');
    await shot(page, 'w16-correction-form');
    await page.keyboard.press('Control+Enter');
    await page.locator('.flash').filter({ hasText: '「現認（安全確認）」の記録を取り消しました。' }).waitFor();
    assert.equal(posts, 1);

    // The step stays, the younger struck through, with who, when and why.
    const kept = page.locator('.report-steps .step-safety_confirmed');
    assert.match(await kept.locator('.name-corrected').innerText(), /佐々木 ひまり\s*取り消し済み/);
    const line = await kept.locator('.step-correction').innerText();
    assert.match(line, /佐々木 ひまり の現認を取り消し/);
    assert.match(line, /（福祉 まこと）/);
    assert.match(line, /理由: ひまりさんは祖母宅にいて会えていなかった/);
    assert.equal(await page.locator('.report-steps .step-item').count(), 3, 'received, juri, the 現認: the correction is shown under it');
    // The younger is unseen again; the 48-hour clock is back; the status is juri again.
    assert.match(await page.locator('table.report-children tbody tr', { hasText: '佐々木 ひまり' }).innerText(), /未確認/);
    assert.match(await page.locator('table.report-children tbody tr', { hasText: '佐々木 そら' }).innerText(), /確認済み/);
    assert.match(await page.locator('.safety-box').innerText(), /未確認 1人/);
    assert.match(await page.locator('.report-badges').innerText(), /受理会議/);
    await shot(page, 'w17-corrected');
    // The elder's 現認 may still be taken back: the form names him alone; Escape closes it.
    await kept.getByRole('button', { name: /の記録を取り消す$/ }).click();
    assert.match(await kept.locator('.fix-whom').innerText(), /^佐々木 そら の現認を取り消します。$/);
    await page.keyboard.press('Escape');
    assert.equal(await kept.locator('form.correction-form').count(), 0);
    assert.match(await active(page), /取り消す$/, 'the focus goes back to the button');
    // The 現認 of the younger, later: offered alone, named in the line.
    await page.locator('.step-buttons').getByRole('button', { name: '現認（安全確認）' }).click();
    const seen = page.locator('form[data-step="safety_confirmed"]');
    assert.equal(await seen.locator('input[type="checkbox"]').count(), 1);
    await seen.getByLabel(/佐々木 ひまり/).check();
    assert.equal(await seen.locator('.seen-summary').innerText(), '佐々木 ひまり を現認済みにします');
    // The alert board shows her again meanwhile.
    await page.goto(`${server.url}/#/alerts`);
    await page.locator('tr.safety-alert', { hasText: '佐々木 ひまり' }).waitFor();
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});

test('a clerk reads the report without step buttons or the 調査 note', async () => {
  assert.ok(reportUrl, 'the first test made the report');
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'welfare-clerk', async () => {
    await login(page, server.url, CLERK.login, CLERK.password);
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['利用者検索', '通告・相談', '新規受付']);
    await page.locator('#person-q').waitFor(); // clerks start on 利用者検索
    await page.goto(reportUrl);
    await page.locator('h1#report-title').filter({ hasText: '田中 陽翔' }).waitFor();
    const text = await page.locator('main').innerText();
    assert.equal(await page.locator('.step-buttons').count(), 0, 'no step buttons');
    assert.equal(await page.getByRole('button', { name: '支援方針' }).count(), 0);
    assert.match(text, /閲覧のみです/);
    assert.match(await page.locator('.report-steps .step-investigation').innerText(), /（調査記録は閲覧権限がありません）/);
    assert.ok(!text.includes(SECRET), 'the 調査 note is not on the page');
    // Nor the reporter (児童虐待防止法 第7条): the clerk did not take this call.
    assert.match(text, /通告者\s+（通告者の情報は閲覧権限がありません）/);
    assert.ok(!text.includes('佐々木 恵') && !text.includes('042-000-1111'));
    // The other notes are there.
    assert.match(text, /48時間以内に学校で兄妹に会う。/);
    assert.match(text, /全員の現認（安全確認）が済んでいます/);
    await shot(page, 'w14-clerk-report');
    // The alert board is not for clerks.
    await page.goto(`${server.url}/#/alerts`);
    await page.getByRole('heading', { name: '表示できません' }).waitFor();
    // The child's record: the reports, but no 母子保健 flags of the mother.
    await page.goto(`${server.url}/#/persons/${encodeURIComponent(haruto)}`);
    const panel = page.locator('section.welfare-panel[data-loaded="true"]');
    await panel.waitFor();
    assert.match(await panel.innerText(), /虐待通告/);
    assert.equal(await panel.locator('.mother-flags').count(), 0);
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});

test("the child's record shows the reports and the mother's 母子保健 flags", async () => {
  assert.ok(haruto && yui && misaki);
  // The household (mother and the two children) and the mother's records, through the API.
  const wc = new Client(server.url);
  assert.equal((await wc.login(WELFARE.login, WELFARE.password)).status, 200);
  const hh = await wc.post('/api/v1/households', {
    name: '田中家',
    members: [
      { person_id: misaki, relation: 'mother' },
      { person_id: haruto, relation: 'child' },
      { person_id: yui, relation: 'child' },
    ],
  });
  assert.equal(hh.status, 201, JSON.stringify(hh.body));
  const nc = new Client(server.url);
  assert.equal((await nc.login(NURSE.login, NURSE.password)).status, 200);
  const today = jst().date;
  const preg = await nc.post('/api/v1/pregnancies', { mother_id: misaki, notified_on: '2021-06-01', weeks_at_notification: 10, answers: { dv: true, economic_hardship: true } });
  assert.equal(preg.status, 201, JSON.stringify(preg.body));
  const epds = await nc.post('/api/v1/screenings', { person_id: misaki, instrument: 'epds', administered_on: today, answers: [1, 1, 2, 1, 2, 2, 2, 2, 2, 2] });
  assert.equal(epds.status, 201, JSON.stringify(epds.body));

  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'welfare-person', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(`${server.url}/#/persons/${encodeURIComponent(yui)}`);
    await page.locator('h1#person-name').filter({ hasText: '田中 結衣' }).waitFor();
    const panel = page.locator('section.welfare-panel[data-loaded="true"]');
    await panel.waitFor();
    const reports = panel.locator('table.reports tbody tr');
    assert.equal(await reports.count(), 1);
    assert.match(await reports.innerText(), /虐待通告/);
    assert.match(await reports.innerText(), /現認（安全確認）/);
    const mother = panel.locator('.mother-flags');
    const m = await mother.innerText();
    assert.match(m, /田中 美咲/);
    assert.match(m, /令和3年6月1日届出/);
    assert.match(m, /リスク\s*中/);
    assert.match(m, /特定妊婦候補/);
    assert.match(m, /配偶者等からの暴力/);
    for (const f of epds.body.flags) assert.ok(m.includes(f.label), f.label);
    assert.match(m, new RegExp(`${reiwa(today)}・${epds.body.score}点`));
    assert.match(m, /要フォロー/);
    await shot(page, 'w15-child-record');
    // From the record to the report.
    await reports.getByRole('link', { name: /を開く$/ }).click();
    await page.locator('h1#report-title').waitFor();
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});
