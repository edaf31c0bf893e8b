// Conferences (/api/v1/conferences): who may record and read them, the 400s naming the field,
// decisions taking effect on the case's subjects (designation only at 受理会議 and 合同ケース会議,
// registration, policy, review dates), actions done once, the generated agendas with each
// reason, the action_due and case_review alerts appearing and clearing, and the audit of every
// read and change. Cases and their subjects are made with SQL here, so that this file tests the
// conferences alone; the cases API has its own tests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { stopClean } from "./support.mjs";
import {
  startWithRoles,
  invalid,
  missing,
  error,
  forbidden,
  person,
  todayJst,
  addDays,
  addMonths,
} from "./health_support.mjs";
import { sql, sqlRows } from "../lib/store.mjs";

const K = "/api/v1/conferences";
let server, c, ids, co;
let mom, kid, other, cand;
const today = todayJst();

function q(s) {
  return `'${String(s).replace(/'/g, "''")}'`;
}

// A household with an open case whose subjects are the persons given, members of it (as the cases
// service requires).
function openCase(id, subjects, { nextReview = null, registered = [] } = {}) {
  sql(
    server,
    `INSERT INTO households (id, version, created_at, updated_at) VALUES (${q("hh_" + id)}, 1, 1, 1)`,
  );
  subjects.forEach((p, n) =>
    sql(
      server,
      `INSERT INTO household_members (household_id, position, person_id, relation) VALUES (${q("hh_" + id)}, ${n}, ${q(p)}, 'child')`,
    ),
  );
  sql(
    server,
    `INSERT INTO cases (id, version, household_id, status, lead_id, opened_on, next_review_on, created_by, created_at, updated_at)
     VALUES (${q(id)}, 1, ${q("hh_" + id)}, 'open', ${q(ids.health)}, ${q(addDays(today, -60))}, ${nextReview ? q(nextReview) : "NULL"}, ${q(ids.coordinator)}, 1, 1)`,
  );
  for (const p of subjects) {
    const reg = registered.includes(p) ? 1 : 0;
    sql(
      server,
      `INSERT INTO case_subjects (case_id, person_id, added_on, youtaikyo) VALUES (${q(id)}, ${q(p)}, ${q(addDays(today, -60))}, ${reg})`,
    );
  }
}

function subject(caseId, personId) {
  return sqlRows(
    server,
    `SELECT category, designated_by, youtaikyo, registered_on, unregistered_on FROM case_subjects WHERE case_id = ${q(caseId)} AND person_id = ${q(personId)}`,
  )[0];
}

function caseRow(id) {
  return sqlRows(
    server,
    `SELECT version, policy, last_reviewed_on, next_review_on FROM cases WHERE id = ${q(id)}`,
  )[0];
}

function auditRows(where) {
  return sqlRows(
    server,
    `SELECT action, object_type, object_id, person_id, user_id FROM audit WHERE ${where}`,
  );
}

async function post(body, client = co) {
  const r = await client.post(K, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

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
  co = c.coordinator;
  const p = (given, kana, birth) =>
    person(c.health, {
      family_name: "会議",
      given_name: given,
      family_name_kana: "カイギ",
      given_name_kana: kana,
      birth_date: birth,
    });
  mom = await p("母", "ハハ", "1994-04-04");
  kid = await p("子", "コ", "2021-06-06");
  other = await p("他", "ホカ", "2018-01-01");
  cand = await p("候補", "コウホ", "1999-09-09");
  sql(
    server,
    `INSERT INTO agencies (id, version, name, kind, created_at, updated_at) VALUES ('ag_school', 1, '第一小学校', 'school', 1, 1)`,
  );
  openCase("case_a", [mom.id, kid.id]);
  openCase("case_b", [other.id], { nextReview: addDays(today, -3) });
});

after(async () => {
  if (server) await stopClean(server);
});

test("roles: clerk, partner and admin neither read nor record conferences", async () => {
  for (const role of ["clerk", "partner", "admin"]) {
    forbidden(await c[role].get(K));
    forbidden(await c[role].get(`${K}/agenda?kind=listup`));
    forbidden(await c[role].post(K, { kind: "listup", held_on: today }));
  }
  for (const role of ["director", "coordinator", "health", "welfare"]) {
    const r = await c[role].get(K);
    assert.equal(r.status, 200, role);
  }
});

test("400s name the field and write nothing", async () => {
  const before = sqlRows(server, "SELECT COUNT(*) AS n FROM conferences")[0].n;
  const base = { kind: "listup", held_on: today, case_ids: ["case_a"] };
  invalid(
    await co.post(K, {
      ...base,
      decisions: [
        { case_id: "case_a", person_id: kid.id, category: "youhogo" },
      ],
    }),
    "decisions[0].category",
  );
  invalid(await co.post(K, { ...base, kind: "teatime" }), "kind");
  missing(await co.post(K, { kind: "listup" }), "held_on");
  invalid(await co.post(K, { ...base, held_on: addDays(today, 1) }), "held_on");
  invalid(await co.post(K, { ...base, color: "red" }), "color");
  invalid(
    await co.post(K, { ...base, case_ids: ["case_a", "case_a"] }),
    "case_ids[1]",
  );
  invalid(await co.post(K, { ...base, case_ids: ["nope"] }), "case_ids[0]");
  invalid(
    await co.post(K, {
      ...base,
      decisions: [{ case_id: "case_b", policy: "x" }],
    }),
    "decisions[0].case_id",
  );
  invalid(
    await co.post(K, {
      ...base,
      kind: "juri",
      decisions: [
        { case_id: "case_a", person_id: other.id, category: "youshien" },
      ],
    }),
    "decisions[0].person_id",
  );
  invalid(
    await co.post(K, {
      ...base,
      decisions: [{ case_id: "case_a", register: true }],
    }),
    "decisions[0].person_id",
  );
  invalid(
    await co.post(K, { ...base, decisions: [{ case_id: "case_a", extra: 1 }] }),
    "decisions[0].extra",
  );
  missing(
    await co.post(K, {
      ...base,
      actions: [{ what: "訪問", owner_id: ids.health }],
    }),
    "actions[0].due_on",
  );
  invalid(
    await co.post(K, { ...base, actions: [{ what: "訪問", due_on: today }] }),
    "actions[0].owner_id",
  );
  invalid(
    await co.post(K, {
      ...base,
      actions: [{ what: "訪問", owner_agency_id: "nope", due_on: today }],
    }),
    "actions[0].owner_agency_id",
  );
  invalid(
    await co.post(K, { ...base, attendees: [{ name: "x".repeat(101) }] }),
    "attendees[0].name",
  );
  invalid(
    await co.post(K, { ...base, minutes: "あ".repeat(20001) }),
    "minutes",
  );
  invalid(
    await co.post(K, {
      ...base,
      attendees: Array.from({ length: 101 }, () => ({ name: "a" })),
    }),
    "attendees",
  );
  assert.equal(
    sqlRows(server, "SELECT COUNT(*) AS n FROM conferences")[0].n,
    before,
  );
  assert.equal(subject("case_a", kid.id).category, "general");
});

test("a joint case meeting designates, registers and sets the policy; each case is reviewed", async () => {
  const held = addDays(today, -1);
  const k = await post({
    kind: "joint_case",
    held_on: held,
    place: "第1会議室",
    chair_id: ids.coordinator,
    case_ids: ["case_a"],
    discussions: [{ case_id: "case_a", text: "母の体調と子の登園状況を確認" }],
    attendees: [
      { name: "保健 みどり", user_id: ids.health },
      { name: "校長", agency: "第一小学校", agency_id: "ag_school" },
    ],
    decisions: [
      {
        case_id: "case_a",
        person_id: kid.id,
        category: "youhogo",
        register: true,
      },
      { case_id: "case_a", person_id: mom.id, category: "tokutei_ninpu" },
      {
        case_id: "case_a",
        policy: "週1回の家庭訪問で見守る",
        plan_approval_asked: true,
      },
    ],
    actions: [
      {
        what: "学校に出席状況を確認",
        owner_agency_id: "ag_school",
        due_on: addDays(today, 14),
        case_id: "case_a",
      },
    ],
    minutes: "会議録の本文",
  });
  assert.equal(k.kind, "joint_case");
  assert.equal(k.version, 1);
  assert.equal(k.chair_name, "統括 支援");
  assert.deepEqual(k.case_ids, ["case_a"]);
  assert.equal(k.cases[0].discussion, "母の体調と子の登園状況を確認");
  assert.equal(k.cases[0].subjects.length, 2);
  assert.equal("address" in k.cases[0].subjects[0].person, false);
  assert.equal(k.attendees[1].agency_id, "ag_school");
  assert.equal(k.actions.length, 1);
  assert.match(k.actions[0].id, /^[A-Za-z0-9_-]+$/);
  assert.equal(k.actions[0].done_on, null);
  assert.equal(k.actions[0].owner_name, "第一小学校");
  assert.equal(k.decisions[0].register, true);
  assert.equal(k.decisions[2].plan_approval_asked, true);

  const kidRow = subject("case_a", kid.id);
  assert.equal(kidRow.category, "youhogo");
  assert.equal(kidRow.designated_by, k.id);
  assert.equal(kidRow.youtaikyo, 1);
  assert.equal(kidRow.registered_on, held);
  assert.equal(subject("case_a", mom.id).category, "tokutei_ninpu");
  assert.equal(subject("case_a", mom.id).youtaikyo, 0);
  const cs = caseRow("case_a");
  assert.equal(cs.policy, "週1回の家庭訪問で見守る");
  assert.equal(cs.last_reviewed_on, held);
  assert.equal(cs.next_review_on, addMonths(held, 3));
  assert.equal(k.cases[0].next_review_on, addMonths(held, 3));

  // The family's timeline tells it once (the meeting and the policy are the household's events;
  // a designation is the person's); the change is audited against each subject.
  const events = sqlRows(
    server,
    `SELECT kind, person_id FROM events WHERE ref_id = ${q(k.id)} ORDER BY seq`,
  );
  assert.deepEqual(
    events.filter((e) => e.kind === "conference_held").map((e) => e.person_id),
    [null],
  );
  assert.equal(
    events.filter((e) => e.kind === "case_decision" && e.person_id === kid.id)
      .length,
    1,
  );
  assert.equal(
    events.filter((e) => e.kind === "case_decision" && e.person_id === mom.id)
      .length,
    1,
  );
  assert.equal(
    events.filter((e) => e.kind === "case_decision" && e.person_id === null)
      .length,
    1,
    "the policy",
  );
  for (const who of [kid, mom]) {
    const items = (
      await co.get(`/api/v1/persons/${who.id}/timeline?limit=200`)
    ).body.items.filter((e) => e.ref?.id === k.id);
    assert.equal(
      items.filter((e) => e.kind === "conference_held").length,
      1,
      "the meeting once on each timeline",
    );
    assert.equal(
      items.filter((e) => e.kind === "case_decision").length,
      3,
      "two designations and the policy, each once",
    );
  }
  const changes = auditRows(
    `object_type = 'conference' AND object_id = ${q(k.id)} AND action = 'create'`,
  );
  assert.deepEqual(
    changes.map((a) => a.person_id).sort(),
    [kid.id, mom.id].sort(),
  );
  assert.equal(
    auditRows(
      `object_type = 'case' AND action = 'update' AND person_id = ${q(kid.id)}`,
    ).length,
    1,
  );

  // GET /cases/{id} shows the same.
  const viaCases = await co.get("/api/v1/cases/case_a");
  assert.equal(viaCases.status, 200, JSON.stringify(viaCases.body));
  const s = viaCases.body.subjects.find((x) => x.person_id === kid.id);
  assert.equal(s.category, "youhogo");
  assert.deepEqual(s.designated_by, { conference_id: k.id });
  assert.equal(s.youtaikyo, true);
  assert.equal(
    viaCases.body.subjects.find((x) => x.person_id === mom.id).category,
    "tokutei_ninpu",
  );
  assert.equal(viaCases.body.next_review_on, addMonths(held, 3));

  // Read back: the whole record, audited against every subject shown.
  const got = await c.welfare.get(`${K}/${k.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get("etag"), '"1"');
  assert.deepEqual(got.body, { ...k, cases: got.body.cases });
  const reads = auditRows(
    `object_type = 'conference' AND object_id = ${q(k.id)} AND action = 'read' AND user_id = ${q(ids.welfare)}`,
  );
  assert.deepEqual(
    reads
      .map((a) => a.person_id)
      .filter(Boolean)
      .sort(),
    [kid.id, mom.id].sort(),
  );
  error(await co.get(`${K}/nope`), 404, "not_found");

  // Listed by case, by kind, by dates.
  const byCase = await co.get(`${K}?case_id=case_a`);
  assert.ok(byCase.body.items.some((x) => x.id === k.id));
  assert.equal(
    (await co.get(`${K}?case_id=case_b`)).body.items.some((x) => x.id === k.id),
    false,
  );
  assert.equal(
    (await co.get(`${K}?kind=listup`)).body.items.some((x) => x.id === k.id),
    false,
  );
  assert.equal(
    (await co.get(`${K}?from=${today}`)).body.items.some((x) => x.id === k.id),
    false,
  );
  assert.ok(
    (await co.get(`${K}?to=${held}&from=${held}`)).body.items.some(
      (x) => x.id === k.id,
    ),
  );
  invalid(await co.get(`${K}?kind=tea`), "kind");
});

test("an action is done once; action_due comes and goes with it", async () => {
  const k = await post({
    kind: "youtaikyo_kobetsu",
    held_on: today,
    case_ids: ["case_b"],
    actions: [
      {
        what: "家庭訪問",
        owner_id: ids.health,
        due_on: addDays(today, -1),
        case_id: "case_b",
      },
      { what: "来月の確認", owner_id: ids.welfare, due_on: addDays(today, 30) },
    ],
  });
  const [late, later] = k.actions;
  let board = (await c.health.get("/api/v1/alerts?kind=action_due&limit=500"))
    .body.items;
  const item = board.find((a) => a.ref.id === late.id);
  assert.ok(item, JSON.stringify(board));
  assert.equal(item.overdue, true);
  assert.equal(item.ref.type, "conference_action");
  assert.equal(item.case_id, "case_b");
  assert.equal(item.person.id, other.id);
  assert.equal(
    board.some((a) => a.ref.id === later.id),
    false,
    "listed only from 7 days before",
  );
  const section = (await c.health.get("/api/v1/alerts?section=case&limit=500"))
    .body.items;
  assert.ok(section.some((a) => a.ref.id === late.id));
  const clerkBoard = await c.clerk.get("/api/v1/alerts?limit=500");
  assert.equal(
    clerkBoard.status === 403 ||
      !clerkBoard.body.items.some((a) => a.kind === "action_due"),
    true,
  );

  invalid(
    await co.post(`${K}/${k.id}/actions/${late.id}/done`, {
      on: addDays(today, 1),
    }),
    "on",
  );
  forbidden(await c.clerk.post(`${K}/${k.id}/actions/${late.id}/done`, {}));
  const done = await c.health.post(`${K}/${k.id}/actions/${late.id}/done`, {
    on: today,
  });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.actions[0].done_on, today);
  error(
    await c.health.post(`${K}/${k.id}/actions/${late.id}/done`, {}),
    409,
    "invalid_transition",
  );
  error(
    await c.health.post(`${K}/${k.id}/actions/nope/done`, {}),
    404,
    "not_found",
  );
  board = (await c.health.get("/api/v1/alerts?kind=action_due&limit=500")).body
    .items;
  assert.equal(
    board.some((a) => a.ref.id === late.id),
    false,
  );
  assert.ok(
    auditRows(
      `object_type = 'conference' AND object_id = ${q(k.id)} AND action = 'update' AND person_id = ${q(other.id)}`,
    ).length >= 1,
  );
});

test("case_review: a registered case past its review is due until a meeting reviews it", async () => {
  openCase("case_c", [cand.id], {
    nextReview: addDays(today, -2),
    registered: [cand.id],
  });
  let board = (await c.welfare.get("/api/v1/alerts?kind=case_review&limit=500"))
    .body.items;
  const item = board.find((a) => a.ref.id === "case_c");
  assert.ok(item, JSON.stringify(board));
  assert.equal(item.ref.type, "case");
  assert.equal(item.overdue, true);
  assert.equal(item.due_at, `${addDays(today, -1)}T00:00:00+09:00`);
  // Not registered: no case_review however late (case_b is past its review, not registered).
  assert.equal(
    board.some((a) => a.ref.id === "case_b"),
    false,
  );

  const agenda = (
    await co.get(`${K}/agenda?kind=youtaikyo_jitsumusha&on=${today}`)
  ).body;
  const line = agenda.items.find((i) => i.case_id === "case_c");
  assert.deepEqual(line.reasons, ["registered", "review_overdue", "alert"]);
  assert.ok(line.overdue_alerts.some((a) => a.kind === "case_review"));

  await post({
    kind: "youtaikyo_jitsumusha",
    held_on: today,
    case_ids: ["case_c"],
  });
  assert.equal(caseRow("case_c").next_review_on, addMonths(today, 3));
  board = (await c.welfare.get("/api/v1/alerts?kind=case_review&limit=500"))
    .body.items;
  assert.equal(
    board.some((a) => a.ref.id === "case_c"),
    false,
  );
});

test("agendas: each kind with each reason, in order, with what changed since the last meeting", async () => {
  // A 特定妊婦 candidate of no case, due in four months.
  const g = await person(c.health, {
    family_name: "候補",
    given_name: "二",
    family_name_kana: "アイウ",
    given_name_kana: "ニ",
    birth_date: "1997-02-02",
    sex: "female",
  });
  sql(
    server,
    `INSERT INTO pregnancies (id, version, mother_id, notified_on, due_date, answers, risk_score, risk_level, flags, candidate, band, risk_table_version, created_at, updated_at)
     VALUES ('preg_x', 1, ${q(g.id)}, ${q(addDays(today, -60))}, ${q(addMonths(today, 4))}, '{}', 5, 'high', '[]', 1, 'w12_19', 1, 1, 1)`,
  );
  sql(
    server,
    `UPDATE cases SET next_review_on = ${q(addDays(today, -1))} WHERE id = 'case_b'`,
  );
  sql(
    server,
    `INSERT INTO events (at, kind, section, summary, ref_type, ref_id, person_id) VALUES (${Math.floor(Date.now() / 1000) - 60}, 'report_step', 'welfare', '通告を受け付けました', 'report', 'r_x', ${q(other.id)})`,
  );

  error(await co.get(`${K}/agenda?kind=juri`), 400, "invalid_field", "kind");
  missing(await co.get(`${K}/agenda`), "kind");
  invalid(await co.get(`${K}/agenda?kind=listup&on=soon`), "on");

  for (const kind of ["joint_case", "listup", "youtaikyo_jitsumusha"]) {
    const r = await c.welfare.get(`${K}/agenda?kind=${kind}&on=${today}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const a = r.body;
    assert.equal(a.kind, kind);
    assert.equal(a.on, today);
    const cand = a.items.find((i) => i.pregnancy_id === "preg_x");
    assert.deepEqual(cand.reasons, ["candidate"], kind);
    assert.equal(cand.candidate.mother.id, g.id);
    assert.equal("address" in cand.candidate.mother, false);
    const b = a.items.find((i) => i.case_id === "case_b");
    assert.deepEqual(
      b?.reasons,
      ["review_overdue"],
      `${kind}: ${JSON.stringify(a.items)}`,
    );
    assert.ok(
      b.changes.some(
        (ch) => ch.kind === "report_step" && ch.person_id === other.id,
      ),
    );
    assert.equal(b.subjects[0].person_id, other.id);
    const reg = a.items.find((i) => i.case_id === "case_a");
    if (kind === "youtaikyo_jitsumusha")
      assert.deepEqual(reg.reasons, ["registered"]);
    else assert.equal(reg, undefined);
    // Ordered by first reason.
    const order = ["registered", "candidate", "review_overdue", "alert"];
    const firsts = a.items.map((i) => order.indexOf(i.reasons[0]));
    assert.deepEqual(
      firsts,
      [...firsts].sort((x, y) => x - y),
    );
  }
  // Audited against each person shown.
  const reads = auditRows(
    `object_type = 'agenda' AND user_id = ${q(ids.welfare)}`,
  );
  for (const p of [g.id, other.id, mom.id, kid.id])
    assert.ok(
      reads.some((a) => a.person_id === p),
      p,
    );

  // Set aside at a listup: the candidate leaves the agenda.
  await post({
    kind: "listup",
    held_on: today,
    decisions: [{ pregnancy_id: "preg_x", note: "経過観察で十分" }],
  });
  const after = (await co.get(`${K}/agenda?kind=listup&on=${today}`)).body;
  assert.equal(
    after.items.some((i) => i.pregnancy_id === "preg_x"),
    false,
  );
});
