// Browser test of the サポートプラン: a caseworker writes a plan with the family's and the child's
// own words (services and contacts as rows; Enter alone does not save), the director approves it
// deliberately (the confirmation box first) after setting the plan review interval on the
// settings page, and the plan prints on A4 for the family: the words,
// 和暦 dates, the services, 受け取り確認 with the signature line and the center's name — and no
// ids, codes, status marks, staff names or buttons. The PDF and a PNG of the print media are
// saved in out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client, startServer } from '../lib/server.mjs';
import { openCase } from '../api/plan_support.mjs';
import { addMonths, todayJst } from '../api/health_support.mjs';
import { OUT, launch, login, newPage, onFailureScreenshot, printPdf, shot } from './browser.mjs';

const DIRECTOR = { login: 'chou2', role: 'director', name: '所長 和子', password: 'chou-pass-2024' };
const WELFARE = { login: 'fukushi2', role: 'welfare', name: '福祉 まもる', password: 'mamoru-pass-2024' };

const CHILD_WORDS = 'ママといっしょにいたい。ほいくえんはたのしい。';
const WISHES = '仕事を続けながら、夜はゆっくり眠りたい';

let server;
let browser;
let api;
let kase;
let mother;
let child;

before(async () => {
  server = await startServer({ users: [DIRECTOR, WELFARE] });
  browser = await launch();
  api = new Client(server.url);
  const r = await api.login(WELFARE.login, WELFARE.password);
  assert.equal(r.status, 200);
  const person = async (body) => {
    const p = await api.post('/api/v1/persons', body);
    assert.equal(p.status, 201, JSON.stringify(p.body));
    return p.body;
  };
  mother = await person({ family_name: '青木', given_name: 'ゆり', family_name_kana: 'アオキ', given_name_kana: 'ユリ', birth_date: '1994-06-01' });
  child = await person({ family_name: '青木', given_name: 'そうた', family_name_kana: 'アオキ', given_name_kana: 'ソウタ', birth_date: '2022-09-15' });
  kase = await openCase({ server, client: api, leadId: r.body.user.id }, [[mother.id, 'mother'], [child.id, 'child']], [mother.id, child.id]);
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

test('write, approve and print a サポートプラン for the family', async () => {
  const { page, context, problems } = await newPage(browser);
  let planUrl;
  await onFailureScreenshot(page, 'plan-write', async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(`${server.url}/#/cases/${kase.id}/plans/new`);
    await page.getByRole('heading', { name: 'サポートプランの作成' }).waitFor();
    // both subjects are targets by default
    assert.equal(await page.getByLabel('青木 ゆり').isChecked(), true);
    assert.equal(await page.getByLabel('青木 そうた').isChecked(), true);
    await page.getByLabel('保護者の意向（ご本人のことばで）').fill(WISHES);
    await page.getByLabel('子どもの意見（お子さん自身のことば）').fill(CHILD_WORDS);
    await page.getByLabel('現在の状況と課題').fill('夜間の授乳で眠れず、日中ひとりで抱えこんでいる。');
    await page.getByLabel('長期目標').fill('家族が安心して暮らせる');
    await page.getByLabel('短期目標').fill('週に2日は昼寝ができる');
    await page.getByRole('button', { name: '支援の行を追加' }).click();
    await page.getByLabel('1行目の内容').fill('家庭訪問');
    await page.getByLabel('1行目の担当（機関・職員）').fill('保健師');
    await page.getByLabel('1行目の頻度').fill('月2回');
    // Enter in a one-line field never saves the plan
    await page.getByLabel('1行目の頻度').press('Enter');
    await page.getByRole('button', { name: '支援の行を追加' }).click();
    await page.getByLabel('2行目の内容').fill('一時預かり');
    await page.getByLabel('2行目の担当（機関・職員）').fill('ひまわり保育園');
    await page.getByRole('button', { name: '連絡先の行を追加' }).click();
    await page.getByLabel('1行目の名前').fill('青木 はる');
    await page.getByLabel('1行目の関係').fill('祖母');
    await page.getByLabel('1行目の電話番号').fill('090-1234-5678');
    assert.match(page.url(), /plans\/new$/, 'still on the form after Enter');
    await shot(page, 'plan-form');
    await page.getByLabel('短期目標').press('Control+Enter');
    await page.getByText('サポートプラン第1版を下書きとして保存しました。').waitFor();
    planUrl = page.url();
    await page.locator('.plan-status-draft').first().waitFor();
    assert.equal(await page.getByRole('button', { name: '承認する' }).count(), 0, 'a caseworker has no approval');
  });
  await context.close();

  const d = await newPage(browser);
  await onFailureScreenshot(d.page, 'plan-approve', async () => {
    const p = d.page;
    await login(p, server.url, DIRECTOR.login, DIRECTOR.password);
    // the director sets the plan review interval: 6 months after approval
    await p.goto(`${server.url}/#/settings/risk-table`);
    await p.getByRole('heading', { name: 'ケース・プランの見直し間隔' }).waitFor();
    await p.getByLabel('サポートプランの見直し（承認から何か月後）').fill('6');
    await p.getByRole('button', { name: '見直し間隔を保存する' }).click();
    await p.getByText('見直し間隔を保存しました。').waitFor();
    await p.goto(planUrl);
    await p.getByRole('heading', { name: 'センター長の承認' }).waitFor();
    await shot(p, 'plan-approve');
    // Enter on the confirmation box does not approve; the button without the box asks for it
    await p.getByRole('button', { name: '承認する' }).click();
    await p.getByText('承認する前に内容を確認し、チェックを入れてください').waitFor();
    await p.getByLabel('この内容でサポートプランを承認します（承認した版は変更できません）').check();
    await p.getByLabel('この内容でサポートプランを承認します（承認した版は変更できません）').press('Enter');
    assert.equal(await p.locator('.plan-status-approved').count(), 0, 'Enter alone does not approve');
    await p.getByRole('button', { name: '承認する' }).click();
    await p.getByText('サポートプラン第1版を承認しました。').waitFor();
    await p.getByRole('button', { name: 'ご家族用に印刷' }).waitFor();

    const plan = (await api.get(`/api/v1/cases/${kase.id}/plans`)).body.items[0];
    assert.equal(plan.status, 'approved');
    assert.equal(plan.review_on, addMonths(todayJst(), 6), 'the review interval the director set');

    const pdf = await printPdf(p, 'plan-print');
    await p.screenshot({ path: `${OUT}plan-print.png`, fullPage: true });
    const text = execFileSync('pdftotext', ['-layout', `${OUT}plan-print.pdf`, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    for (const want of ['サポートプラン', '青木ゆりさん', '青木そうたさん', CHILD_WORDS, WISHES, '家庭訪問', '月2回', 'ひまわり保育園', '090-1234-5678', '受け取り確認', 'ご署名', '受け取った日', 'こども家庭センター', '令和']) {
      assert.ok(flat.includes(want.replace(/\s+/g, '')), `the paper says ${want}\n${text}`);
    }
    const [y, m, dd] = plan.review_on.split('-').map(Number);
    assert.ok(flat.includes(`令和${y - 2018}年${m}月${dd}日`), `the review date in 和暦\n${text}`);
    for (const never of [plan.id, kase.id, mother.id, child.id, 'approved', 'draft', '承認', '下書き', '第1版', DIRECTOR.name.replace(' ', ''), WELFARE.name.replace(' ', ''), '見直し記録', '印刷', 'tokutei', 'youshien', 'general']) {
      assert.ok(!flat.includes(never), `the paper does not say ${never}\n${text}`);
    }
    assert.ok(pdf.length > 1000);
    await p.emulateMedia({ media: 'screen' });
    assert.deepEqual(await d.problems(), []);
  });
  await d.context.close();
});
