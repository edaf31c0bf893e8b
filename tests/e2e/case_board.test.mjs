// Browser test of the coordinator's board (進行管理) at more cases than one page holds: the
// coordinator sees the whole board's count and its overdue count, 50 rows, and goes to the next
// page and back with the keyboard alone; a filter starts again from the first page; a caseworker
// sees her own cases first, marked 担当.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client, startServer } from "../lib/server.mjs";
import { sql, sqlRows } from "../lib/store.mjs";
import {
  checkListPrint,
  launch,
  login,
  newPage,
  onFailureScreenshot,
  shot,
} from "./browser.mjs";

const COORD = {
  login: "tokatsu7",
  role: "coordinator",
  name: "統括 みのり",
  password: "minori-pass-2024",
};
const WELFARE = {
  login: "fukushi7",
  role: "welfare",
  name: "福祉 けんじ",
  password: "kenji-pass-2024",
};
const CASES = 53; // one page of 50 and three more
const OVERDUE = 4; // the first four: their review date is past

let server;
let browser;

const dateJst = (days = 0) =>
  new Date(Date.now() + 9 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

async function created(r) {
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

before(async () => {
  server = await startServer({ users: [COORD, WELFARE] });
  browser = await launch();
  const w = new Client(server.url);
  assert.equal((await w.login(WELFARE.login, WELFARE.password)).status, 200);
  const userId = (login) =>
    sqlRows(server, `SELECT id FROM users WHERE login = '${login}'`)[0].id;
  const coordId = userId(COORD.login);
  const welfareId = userId(WELFARE.login);
  const rows = [];
  for (let i = 0; i < CASES; i++) {
    const n = String(i).padStart(2, "0");
    const kid = await created(
      await w.post("/api/v1/persons", {
        family_name: "進行",
        given_name: `子${n}`,
        family_name_kana: "シンコウ",
        given_name_kana: "コ",
        birth_date: "2019-04-01",
      }),
    );
    const h = await created(
      await w.post("/api/v1/households", {
        name: `進行${n}家`,
        members: [{ person_id: kid.id, relation: "child" }],
      }),
    );
    const lead = i >= CASES - 2 ? welfareId : coordId; // the last two are the caseworker's
    const review = dateJst(i < OVERDUE ? -5 : 10 + i);
    rows.push(`INSERT INTO cases (id, household_id, lead_id, opened_on, created_by, created_at, updated_at, next_review_on)
        VALUES ('board-case-${n}', '${h.id}', '${lead}', '2025-04-01', '${coordId}', 0, 0, '${review}');
      INSERT INTO case_subjects (case_id, person_id, category, youtaikyo, registered_on, added_on)
        VALUES ('board-case-${n}', '${kid.id}', 'youshien', ${i === 7 ? "1, '2025-05-01'" : "0, NULL"}, '2025-04-01');`);
  }
  sql(server, rows.join("\n"));
});

after(async () => {
  await browser?.close();
  if (server) {
    const status = await server.stop();
    assert.deepEqual(status, { code: 0, signal: null }, server.stderr());
  }
});

const households = (page) =>
  page.locator("table.board tbody tr td:first-child").allInnerTexts();

test("coordinator: the whole count, 50 rows a page, the next page and back by keyboard; a filter from the first page", async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, "case-board", async () => {
    await login(page, server.url, COORD.login, COORD.password);
    await page.goto(`${server.url}/#/board`);
    await page.getByRole("heading", { name: "進行管理" }).waitFor();
    const lead = page.locator("p.lead");
    assert.match(
      await lead.innerText(),
      new RegExp(
        `継続中のケース ${CASES}件（うち期限超過 ${OVERDUE}件）\\s*1〜50件目を表示`,
      ),
    );
    assert.equal(await page.locator("table.board tbody tr").count(), 50);
    const first = await households(page);
    assert.match(first[0], /進行00家/, "overdue first");
    assert.equal(
      await page.locator("table.board tbody tr.is-overdue").count(),
      OVERDUE,
    );
    // Printed: the list header (the board's order in words) and the privacy note.
    await checkListPrint(page, {
      title: "進行管理",
      user: COORD.name,
      filter: "条件: 継続中のケース・自分の担当・期限超過・次回見直しの近い順",
    });
    await shot(page, "b1-board-first-page");

    // The next page, with the keyboard: focus the link, Enter.
    await page.getByRole("link", { name: "次のページ" }).focus();
    await page.keyboard.press("Enter");
    await page.locator(".pager-page", { hasText: "2ページ目" }).waitFor();
    assert.match(
      await lead.innerText(),
      new RegExp(`継続中のケース ${CASES}件.*51〜${CASES}件目を表示`),
    );
    const second = await households(page);
    assert.equal(second.length, CASES - 50);
    assert.ok(
      second.every((h) => !first.includes(h)),
      "no row of the first page again",
    );
    assert.equal(
      await page.getByRole("link", { name: "次のページ" }).count(),
      0,
      "the last page",
    );
    await shot(page, "b2-board-second-page");
    await page.getByRole("link", { name: "最初のページ" }).focus();
    await page.keyboard.press("Enter");
    await page.locator("table.board tbody tr").nth(49).waitFor();
    assert.deepEqual(await households(page), first);

    // A filter: only the registered case, one row, no pager.
    await page.getByLabel("要対協登録").selectOption("true");
    await page.getByRole("button", { name: "絞り込む" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelectorAll("table.board tbody tr").length === 1,
    );
    assert.match((await households(page))[0], /進行07家/);
    assert.match(
      await lead.innerText(),
      /継続中のケース 1件（うち期限超過 0件）/,
    );
    assert.equal(await page.locator("nav.pager").count(), 0);
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});

test("caseworker: her own cases first, marked 担当", async () => {
  const { page, context, problems } = await newPage(browser);
  await onFailureScreenshot(page, "case-board-caseworker", async () => {
    await login(page, server.url, WELFARE.login, WELFARE.password);
    await page.goto(`${server.url}/#/board`);
    await page.locator("table.board tbody tr").first().waitFor();
    const rows = page.locator("table.board tbody tr");
    assert.match(await rows.nth(0).innerText(), /進行51家[\s\S]*担当/);
    assert.match(await rows.nth(1).innerText(), /進行52家[\s\S]*担当/);
    assert.doesNotMatch(await rows.nth(2).innerText(), /担当/);
    assert.deepEqual(await problems(), []);
  });
  await context.close();
});
