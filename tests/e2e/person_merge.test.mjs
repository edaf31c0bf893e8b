// Browser test of 記録の統合 (issue 13, item 6): a child typed twice by the nurses; both records
// say 重複の可能性 and link to each other; the coordinator opens 重複の確認 from the menu, compares
// the two side by side, keeps one and takes the other's given name; Enter on a choice merges
// nothing, 統合の確認へ only asks, 統合する merges; the survivor's timeline then shows the events
// of both records, and the merged record's old address says where it went. Another pair at
// 800 px fits without the page overflowing, and 別人 clears its mark. Screenshots in out/ and
// /work/shots/merge/ when that folder exists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { Client, startServer } from '../lib/server.mjs';
import { OUT, checkListPrint, launch, login, newPage, onFailureScreenshot, shot } from './browser.mjs';

const COORD = { login: 'toukatsu9', role: 'coordinator', name: '統括 さくら', password: 'sakura-pass-2024' };
const NURSE = { login: 'hoken9', role: 'health', name: '保健 みどり', password: 'midori-pass-2024' };
const SHOTS = '/work/shots/merge/';

let server;
let browser;
let nurse;

before(async () => {
  server = await startServer({ users: [COORD, NURSE], args: ['--rate-limit', '0'] });
  browser = await launch();
  nurse = new Client(server.url);
  assert.equal((await nurse.login(NURSE.login, NURSE.password)).status, 200);
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

function todayJst(offsetDays = 0) {
  return new Date(Date.now() + 9 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

async function snap(page, name) {
  await shot(page, name);
  if (existsSync(SHOTS)) copyFileSync(`${OUT}${name}.png`, `${SHOTS}${name}.png`);
}

async function child(fields) {
  const r = await nurse.post('/api/v1/persons', {
    family_name: '統合', family_name_kana: 'トウゴウ', birth_date: '2025-04-10', sex: 'female', ...fields,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function visit(id, offset) {
  const r = await nurse.post('/api/v1/visits', { person_id: id, kind: 'newborn_visit', on: todayJst(offset), status: 'done' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

const timelineCount = async (id) => (await nurse.get(`/api/v1/persons/${id}/timeline?limit=500`)).body.items.length;

test('the coordinator merges two records of one child; the survivor shows both timelines', async () => {
  const a = await child({ given_name: 'ひな', given_name_kana: 'ヒナ', address: '東京都港区芝1-1' });
  const b = await child({ given_name: '陽菜', given_name_kana: 'ヒナ', phone: '090-1111-2222' });
  await visit(a.id, -20);
  await visit(b.id, -10);
  const before = (await timelineCount(a.id)) + (await timelineCount(b.id));

  const { page, problems } = await newPage(browser);
  await onFailureScreenshot(page, 'person-merge', async () => {
    await login(page, server.url, COORD.login, COORD.password);
    // The mark on the record, with its link to the comparison.
    await page.goto(`${server.url}/#/persons/${a.id}`);
    const mark = page.locator('.duplicate-mark');
    await mark.waitFor();
    assert.match(await mark.innerText(), /重複の可能性/);
    assert.match(await mark.innerText(), /陽菜/);
    await snap(page, 'merge-01-person-mark-1280');

    // 重複の確認 from the menu (under 「その他」), then 比べる.
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('button', { name: 'その他' }).click();
    await nav.getByRole('link', { name: '重複の確認' }).click();
    await page.getByRole('heading', { name: '重複の確認' }).waitFor();
    assert.match(await page.locator('table caption').innerText(), /未確認の組 1件/);
    await snap(page, 'merge-02-duplicates-1280');
    // Printed: the list header and the privacy note; no 比べる column.
    await checkListPrint(page, { title: '重複の確認', user: COORD.name, filter: '条件: 未確認の重複の可能性の組すべて' });
    await page.getByRole('link', { name: '比べる' }).click();
    await page.getByRole('heading', { name: '記録の統合' }).waitFor();
    const table = page.locator('table.merge-table');
    assert.match(await table.innerText(), /ひな/);
    assert.match(await table.innerText(), /陽菜/);
    assert.match(await page.locator('table.merge-counts').innerText(), /訪問・健診\s+1件\s+1件/);

    // Keep ひな's record, take 陽菜 as its given name (名). Enter on the choice merges nothing.
    // (Which record is A depends on the ids: choose by the labels.)
    await page.getByLabel(/（統合 ひな）を残す/).check();
    const nameChoice = page.getByLabel('陽菜', { exact: true });
    await nameChoice.check();
    await nameChoice.press('Enter');
    assert.equal(await page.locator('.confirm-step').count(), 0, 'Enter alone never asks nor merges');
    await snap(page, 'merge-03-compare-1280');
    await page.getByRole('button', { name: '統合の確認へ' }).click();
    const confirm = page.locator('.confirm-step');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /統合 陽菜さんの記録を、統合 ひなさんの記録に統合します/);
    assert.match(await confirm.innerText(), /名: 陽菜/);
    await snap(page, 'merge-04-confirm-1280');
    assert.equal((await nurse.get(`/api/v1/persons/${b.id}`)).body.merged_into, null, 'not merged before 統合する');
    await page.getByRole('button', { name: '統合する' }).click();

    // The survivor's page: the new name, no mark, and the timeline of both records.
    await page.getByRole('heading', { name: '統合 陽菜' }).waitFor();
    assert.equal(await page.locator('.duplicate-mark').count(), 0);
    const items = page.locator('ol.timeline > li');
    await page.waitForFunction((n) => document.querySelectorAll('ol.timeline > li').length === n, before + 1);
    assert.equal(await items.count(), before + 1, 'the events of both records and the merge');
    assert.match(await page.locator('ol.timeline').innerText(), /重複していた記録（統合 陽菜）を統合しました/);
    await snap(page, 'merge-05-survivor-1280');

    // The merged record's old address points at the survivor.
    await page.goto(`${server.url}/#/persons/${b.id}`);
    await page.getByRole('heading', { name: /統合済みの記録/ }).waitFor();
    await snap(page, 'merge-06-merged-record-1280');
    await page.getByRole('link', { name: '統合先の記録を開く' }).click();
    await page.getByRole('heading', { name: '統合 陽菜' }).waitFor();

    // The merge undone from the merged record's page: confirmed first, then both records are
    // themselves again and marked as possible duplicates once more.
    await page.goto(`${server.url}/#/persons/${b.id}`);
    await page.getByRole('button', { name: '統合を取り消す' }).click();
    await page.locator('.confirm-step').waitFor();
    await snap(page, 'merge-07-undo-confirm-1280');
    await page.getByRole('button', { name: '取り消す', exact: true }).click();
    await page.getByRole('heading', { name: '統合 陽菜' }).waitFor();
    await page.locator('.duplicate-mark').waitFor();
    assert.equal((await nurse.get(`/api/v1/persons/${b.id}`)).body.merged_into, null);
    assert.equal((await nurse.get(`/api/v1/persons/${a.id}`)).body.given_name, 'ひな', 'the name taken goes back');
    assert.equal((await nurse.get(`/api/v1/persons/${b.id}/timeline?limit=500`)).body.items.filter((e) => e.kind === 'visit_recorded').length, 1);
    assert.deepEqual(await problems(), []);
  });
});

test('at 800 px the comparison fits the page, and 別人 clears the mark of both', async () => {
  const a = await child({ family_name: '別人', family_name_kana: 'ベツジン', given_name: '一郎', given_name_kana: 'イチロウ', address: '東京都港区芝公園四丁目二番八号 芝公園マンション1203号室' });
  const b = await child({ family_name: '別人', family_name_kana: 'ベツジン', given_name: '市朗', given_name_kana: 'イチロウ', sex: 'male' });
  const { page, problems } = await newPage(browser, { viewport: { width: 800, height: 900 } });
  await onFailureScreenshot(page, 'person-merge-800', async () => {
    await login(page, server.url, COORD.login, COORD.password);
    await page.goto(`${server.url}/#/duplicates/merge?a=${a.id}&b=${b.id}`);
    await page.getByRole('heading', { name: '記録の統合' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page does not overflow at 800 px (${overflow}px)`);
    await snap(page, 'merge-08-compare-800');
    await page.getByRole('button', { name: '別人として記録' }).click();
    await page.locator('.confirm-step').waitFor();
    await snap(page, 'merge-09-distinct-confirm-800');
    await page.getByRole('button', { name: '別人として記録する' }).click();
    await page.getByRole('heading', { name: '重複の確認' }).waitFor();
    for (const id of [a.id, b.id]) assert.deepEqual((await nurse.get(`/api/v1/persons/${id}`)).body.possible_duplicates, []);
    await page.goto(`${server.url}/#/persons/${a.id}`);
    await page.getByRole('heading', { name: '別人 一郎' }).waitFor();
    assert.equal(await page.locator('.duplicate-mark').count(), 0);
    await snap(page, 'merge-10-person-after-800');
    assert.deepEqual(await problems(), []);
  });
});
