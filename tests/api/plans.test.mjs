// サポートプラン (/api/v1/cases/{id}/plans): versions numbered and kept with what changed, the
// director's approval of the newest draft only (409 otherwise), reviews, the plan_review alert
// appearing from 7 days before its date and clearing after a review, who may do what (clerks,
// admin and partners: nothing), limits, and the audit rows of every read and change.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { stopClean } from "./support.mjs";
import { openCase as openCaseOf, plansOf } from "./plan_support.mjs";
import { sql, sqlRows } from "../lib/store.mjs";
import {
  startWithRoles,
  todayJst,
  addDays,
  addMonths,
  invalid,
  missing,
  error,
  forbidden,
  person,
  INSTANT,
} from "./health_support.mjs";

let server, c, ids;
let mother, child, other, kase, closedCase;

const plans = plansOf;
const openCase = (members, subjects) =>
  openCaseOf(
    { server, client: c.welfare, leadId: ids.welfare },
    members,
    subjects,
  );

before(async () => {
  ({ server, c, ids } = await startWithRoles([
    "director",
    "coordinator",
    "health",
    "welfare",
    "clerk",
    "partner",
    "admin",
  ]));
  mother = await person(c.welfare, {
    family_name: "支援",
    given_name: "はな",
    family_name_kana: "シエン",
    given_name_kana: "ハナ",
    birth_date: "1996-03-03",
    address: "秘匿市1-1",
  });
  child = await person(c.welfare, {
    family_name: "支援",
    given_name: "そら",
    family_name_kana: "シエン",
    given_name_kana: "ソラ",
    birth_date: "2025-05-05",
  });
  other = await person(c.welfare, {
    family_name: "別世帯",
    family_name_kana: "ベツセタイ",
    birth_date: "2020-01-01",
  });
  kase = await openCase(
    [
      [mother.id, "mother"],
      [child.id, "child"],
    ],
    [mother.id, child.id],
  );
  closedCase = await openCase([[other.id, "child"]], [other.id]);
  const closed = await c.welfare.post(`/api/v1/cases/${closedCase.id}/close`, {
    reason: "goal_reached",
    on: todayJst(),
  });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
});

after(async () => {
  if (server) await stopClean(server);
});

function body(fields = {}) {
  return {
    subject_ids: [mother.id, child.id],
    guardian_wishes: "仕事を続けながら子育てしたい",
    child_views: "ママといっしょにいたい",
    situation: "産後の疲れが強く、夜間の授乳がつらい",
    long_term_goal: "安心して子育てができる",
    short_term_goals: "睡眠をとれるようにする",
    services: [
      {
        what: "家庭訪問",
        who: "保健師",
        how_often: "月2回",
        from: todayJst(),
        to: null,
      },
    ],
    emergency_contacts: [
      { name: "支援 かず", relation: "祖母", phone: "090-1111-2222" },
    ],
    ...fields,
  };
}

async function write(fields, client = c.welfare, caseId = kase.id) {
  const r = await client.post(plans(caseId), body(fields));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

const approve = (p, client = c.director) =>
  client.post(`${plans(p.case_id)}/${p.id}/approve`, {});
const auditRows = (planId, action) =>
  sqlRows(
    server.store,
    `SELECT action, person_id, user_id FROM audit WHERE object_type = 'plan' AND object_id = '${planId}' AND action = '${action}' ORDER BY seq`,
  );

test("every POST is a new version, numbered per case, with what changed; the older one is kept as written", async () => {
  const v1 = await write();
  assert.equal(v1.plan_version, 1);
  assert.equal(v1.status, "draft");
  assert.equal(v1.version, 1);
  assert.equal(
    v1.review_on,
    null,
    "a draft has no review date until approved unless one is written",
  );
  assert.equal(v1.approved_by, null);
  assert.equal(v1.approved_at, null);
  assert.deepEqual(v1.changes, []);
  assert.deepEqual(v1.subject_ids, [mother.id, child.id]);
  assert.deepEqual(
    v1.subjects.map((s) => s.given_name),
    ["はな", "そら"],
  );
  assert.equal(
    JSON.stringify(v1).includes("秘匿市"),
    false,
    "no address in a plan",
  );
  assert.equal(v1.child_views, "ママといっしょにいたい");
  assert.deepEqual(v1.services, [
    {
      what: "家庭訪問",
      who: "保健師",
      how_often: "月2回",
      from: todayJst(),
      to: null,
    },
  ]);
  assert.match(v1.created_at, INSTANT);

  const v2 = await write(
    { child_views: "おうちがいい", services: [] },
    c.health,
  );
  assert.equal(v2.plan_version, 2);
  assert.deepEqual(v2.changes, ["child_views", "services"]);

  const list = await c.coordinator.get(plans(kase.id));
  assert.equal(list.status, 200);
  const mine = list.body.items.filter((p) => p.id === v1.id || p.id === v2.id);
  assert.deepEqual(
    mine.map((p) => p.plan_version),
    [2, 1],
    "newest first",
  );
  assert.deepEqual(mine[0].changes, ["child_views", "services"]);
  const again = await c.welfare.get(`${plans(kase.id)}/${v1.id}`);
  assert.equal(again.status, 200);
  assert.equal(
    again.body.child_views,
    "ママといっしょにいたい",
    "the first version is unchanged",
  );
  assert.equal(again.body.services.length, 1);

  // paging by version
  const page = await c.welfare.get(`${plans(kase.id)}?limit=1`);
  assert.equal(page.body.items.length, 1);
  assert.ok(page.body.next_cursor);
  const next = await c.welfare.get(
    `${plans(kase.id)}?limit=1&cursor=${encodeURIComponent(page.body.next_cursor)}`,
  );
  assert.equal(
    next.body.items[0].plan_version,
    page.body.items[0].plan_version - 1,
  );

  // audit: the change on each target person, the reads too
  assert.deepEqual(
    auditRows(v1.id, "create").map((r) => r.person_id),
    [mother.id, child.id],
  );
  assert.ok(
    auditRows(v1.id, "read").length >= 2,
    "a read of each target person",
  );
  // timeline of the child and of the household
  for (const who of [child, mother]) {
    const t = await c.welfare.get(
      `/api/v1/persons/${who.id}/timeline?limit=200`,
    );
    const written = t.body.items.filter(
      (e) =>
        e.kind === "plan_written" && e.section === "case" && e.ref.id === v1.id,
    );
    assert.equal(
      written.length,
      1,
      "once on each member's timeline, not once per target person",
    );
  }
});

test("only the director approves, and only the newest draft; again → 409", async () => {
  const old = await write({ guardian_wishes: "古い版" });
  const newest = await write({ guardian_wishes: "新しい版" });
  for (const role of ["coordinator", "health", "welfare"])
    forbidden(await approve(newest, c[role]));
  error(await approve(old), 409, "invalid_transition");
  const ok = await approve(newest);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.status, "approved");
  assert.equal(ok.body.approved_by, ids.director);
  assert.match(ok.body.approved_at, INSTANT);
  assert.equal(
    ok.body.review_on,
    addMonths(todayJst(), 3),
    "the plan review interval after approval",
  );
  assert.equal(ok.body.version, 2);
  error(await approve(newest), 409, "invalid_transition");
  assert.deepEqual(
    auditRows(newest.id, "approve").map((r) => [r.person_id, r.user_id]),
    [
      [mother.id, ids.director],
      [child.id, ids.director],
    ],
  );
  const t = await c.welfare.get(`/api/v1/persons/${mother.id}/timeline`);
  assert.ok(
    t.body.items.some(
      (e) => e.kind === "plan_approved" && e.ref.id === newest.id,
    ),
  );
});

test("clerks, admin and partners reach no plan; a closed case takes no new version", async () => {
  const p = await write();
  for (const role of ["clerk", "admin", "partner"]) {
    forbidden(await c[role].get(plans(kase.id)));
    forbidden(await c[role].get(`${plans(kase.id)}/${p.id}`));
    forbidden(await c[role].post(plans(kase.id), body()));
    forbidden(await approve(p, c[role]));
    forbidden(
      await c[role].post(`${plans(kase.id)}/${p.id}/reviewed`, {
        on: todayJst(),
        review_on: addDays(todayJst(), 30),
      }),
    );
  }
  const r = await c.welfare.post(
    plans(closedCase.id),
    body({ subject_ids: [other.id] }),
  );
  error(r, 409, "invalid_transition");
  error(await c.welfare.get(plans("no-such-case")), 404, "not_found");
  error(
    await c.welfare.get(`${plans(closedCase.id)}/${p.id}`),
    404,
    "not_found",
    undefined,
  );
});

test("input is checked field by field and a refused body changes nothing", async () => {
  const count = () =>
    Number(
      sql(
        server.store,
        `SELECT COUNT(*) FROM plans WHERE case_id = '${kase.id}'`,
      ),
    );
  const before = count();
  invalid(
    await c.welfare.post(plans(kase.id), body({ subject_ids: [other.id] })),
    "subject_ids",
  );
  missing(
    await c.welfare.post(plans(kase.id), body({ subject_ids: [] })),
    "subject_ids",
  );
  invalid(
    await c.welfare.post(
      plans(kase.id),
      body({ child_views: "あ".repeat(20001) }),
    ),
    "child_views",
  );
  missing(
    await c.welfare.post(
      plans(kase.id),
      body({ services: [{ who: "保健師" }] }),
    ),
    "services[0].what",
  );
  invalid(
    await c.welfare.post(
      plans(kase.id),
      body({ services: [{ what: "訪問", when: "x" }] }),
    ),
    "services[0].when",
  );
  invalid(
    await c.welfare.post(
      plans(kase.id),
      body({ services: Array.from({ length: 51 }, () => ({ what: "訪問" })) }),
    ),
    "services",
  );
  invalid(
    await c.welfare.post(
      plans(kase.id),
      body({
        services: [{ what: "訪問", from: "2026-12-01", to: "2026-11-01" }],
      }),
    ),
    "services",
  );
  invalid(
    await c.welfare.post(
      plans(kase.id),
      body({ emergency_contacts: [{ name: "x", phone: "0".repeat(31) }] }),
    ),
    "emergency_contacts[0].phone",
  );
  invalid(
    await c.welfare.post(plans(kase.id), body({ review_on: "2026-02-30" })),
    "review_on",
  );
  invalid(
    await c.welfare.post(
      plans(kase.id),
      body({ handed_on: addDays(todayJst(), 1) }),
    ),
    "handed_on",
  );
  invalid(
    await c.welfare.post(plans(kase.id), body({ status: "approved" })),
    "status",
  );
  invalid(
    await c.welfare.post(plans(kase.id), body({ approved_by: ids.director })),
    "approved_by",
  );
  assert.equal(count(), before);
});

test("a review moves the review date without a new version; only approved plans; If-Match guards it", async () => {
  const draft = await write();
  error(
    await c.welfare.post(`${plans(kase.id)}/${draft.id}/reviewed`, {
      on: todayJst(),
      review_on: addMonths(todayJst(), 3),
    }),
    409,
    "invalid_transition",
  );
  const ok = (await approve(draft)).body;
  const url = `${plans(kase.id)}/${ok.id}/reviewed`;
  invalid(
    await c.welfare.post(url, { on: todayJst(), review_on: todayJst() }),
    "review_on",
  );
  missing(await c.welfare.post(url, { on: todayJst() }), "review_on");
  invalid(
    await c.welfare.post(url, {
      on: addDays(todayJst(), 1),
      review_on: addMonths(todayJst(), 3),
    }),
    "on",
  );
  error(
    await c.welfare.req(
      "POST",
      url,
      { on: todayJst(), review_on: addMonths(todayJst(), 2) },
      { "if-match": '"1"' },
    ),
    409,
    "version_conflict",
  );
  const r = await c.welfare.req(
    "POST",
    url,
    { on: todayJst(), review_on: addMonths(todayJst(), 2) },
    { "if-match": `"${ok.version}"` },
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.last_reviewed_on, todayJst());
  assert.equal(r.body.review_on, addMonths(todayJst(), 2));
  assert.equal(r.body.plan_version, ok.plan_version);
  assert.equal(r.body.status, "approved");
  assert.deepEqual(
    auditRows(ok.id, "review").map((x) => x.person_id),
    [mother.id, child.id],
  );
});

test("plan_review: listed from 7 days before review_on, overdue after it, cleared by a review or a newer approved version", async () => {
  const alerts = async () =>
    (await c.coordinator.get("/api/v1/alerts?kind=plan_review&limit=500")).body
      .items;
  const find = async (id) => (await alerts()).find((a) => a.ref.id === id);

  // a review date 8 days ahead: not yet listed
  const p = (await approve(await write({ review_on: addDays(todayJst(), 8) })))
    .body;
  assert.equal(await find(p.id), undefined);
  // 7 days ahead: listed, not overdue
  let r = await c.welfare.post(`${plans(kase.id)}/${p.id}/reviewed`, {
    on: todayJst(),
    review_on: addDays(todayJst(), 7),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  let a = await find(p.id);
  assert.ok(a, "listed 7 days before");
  assert.equal(a.kind, "plan_review");
  assert.equal(a.overdue, false);
  assert.equal(a.ref.type, "plan");
  assert.equal(a.case_id, kase.id);
  assert.equal(
    a.due_at,
    `${addDays(todayJst(), 8)}T00:00:00+09:00`,
    "due at the end of review_on",
  );
  // the date passed (set in the store: a review date in the past cannot be entered)
  sql(
    server.store,
    `UPDATE plans SET review_on = '${addDays(todayJst(), -1)}' WHERE id = '${p.id}'`,
  );
  a = await find(p.id);
  assert.equal(a.overdue, true);
  assert.ok(
    (
      await c.health.get("/api/v1/alerts?section=case&limit=500")
    ).body.items.some((x) => x.ref.id === p.id),
    "the section case",
  );
  assert.equal(
    (
      await c.health.get("/api/v1/alerts?section=health&limit=500")
    ).body.items.some((x) => x.ref.id === p.id),
    false,
    "not the health section",
  );
  for (const role of ["clerk", "partner", "admin"]) {
    const b = await c[role].get("/api/v1/alerts?limit=500");
    assert.ok(
      b.status !== 200 || !b.body.items.some((x) => x.kind === "plan_review"),
      role,
    );
  }
  // a review clears it
  r = await c.welfare.post(`${plans(kase.id)}/${p.id}/reviewed`, {
    on: todayJst(),
    review_on: addMonths(todayJst(), 3),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(await find(p.id), undefined);

  // a newer draft does not clear it; a newer approved version does
  sql(
    server.store,
    `UPDATE plans SET review_on = '${addDays(todayJst(), -1)}' WHERE id = '${p.id}'`,
  );
  const draft = await write({ guardian_wishes: "見直し後" });
  assert.ok(await find(p.id), "a newer draft leaves the approved plan due");
  const newer = (await approve(draft)).body;
  assert.equal(await find(p.id), undefined, "the newest approved version only");
  assert.equal(await find(newer.id), undefined, "its review is 3 months away");
});

test("the handed date is recorded once, after approval", async () => {
  const p = (await approve(await write())).body;
  const url = `${plans(kase.id)}/${p.id}/handed`;
  invalid(await c.welfare.post(url, { on: addDays(todayJst(), 1) }), "on");
  const r = await c.welfare.post(url, { on: todayJst() });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.handed_on, todayJst());
  error(
    await c.welfare.post(url, { on: todayJst() }),
    409,
    "invalid_transition",
  );
});
