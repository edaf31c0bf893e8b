// The query plans PostgreSQL makes for the statements whose plans matter: the counterparts of the
// SQLite plan test (tests/unit/store/alerts_plan_test.c) and of the plans docs/performance.md
// measured — the alert board's queries, the person read, the name search, a person's timeline,
// the audit chain's tip and the audit log of one person.
//
// The SQL is the repositories' own: each check names the function that prepares it (store_sql.mjs
// takes the SQL from the C), so the check follows the code; its arguments are the values that
// function binds. The session is set up as pg.c sets up its connections (its SESSION_SETTINGS,
// read from pg.c). On a fresh database with the postgresql migrations, plans_fixture.sql loads a
// town of 40,000 residents with ten years of records, then VACUUM ANALYZE (as autovacuum would
// have done): the planner chooses by statistics in the proportions of a real center, as it would
// there. The fixture is used for every check rather than `enable_seqscan = off`, which would only
// show that an index CAN serve a statement, not that the planner DOES choose it (it chose hash
// joins over whole tables at the default random_page_cost, see pg.c).
//
// Each statement is prepared as pg.c prepares it (`?` → $n, PREPARE without parameter types, as
// PQprepare(…, NULL)), and run with EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE (they are
// all reads) for each representative list of arguments, in two plan cache modes:
//   - force_custom_plan: the plan for those values, which the first executions get;
//   - force_generic_plan: the plan for any values, which PostgreSQL switches a prepared statement
//     to after five executions when it does not look costlier: what a server connection runs
//     after a few requests.
// A check whose generic plan is allowed to be bad (`auto` below) is explained instead as the plan
// cache really chooses (plan_cache_mode = auto, after five executions with those arguments): the
// custom plan must then be the one kept.
// Every plan must have the properties its check states, and the general ones:
//   - index: the named index is used (Index Scan, Index Only Scan or Bitmap Index Scan), and its
//     Index Cond matches the patterns given (keyed on the child, a range of keys …); with
//     maxBlocks, that scan touched at most so many buffers: a plan of the right shape can still
//     walk far (a B-tree scan that starts below the range it is given);
//   - no Seq Scan of a table that grows with the years (BIG);
//   - a table read again for every row of another (the inner side of a nested loop, a correlated
//     subquery) is read by an index keyed on that row: the plan alerts_plan_test.c guards against
//     on SQLite read every newborn visit ever recorded for each infant;
//   - noSort: no Sort node, where SQLite's plan has no temp B-tree for the ORDER BY either.
// A check that does not hold prints its plan as a tree.
//
// Given TSUNAGU_TEST_PG (an admin conninfo, or TSUNAGU_TEST_PG_FILE naming a file holding it);
// exits 1 on a failed check, 77 without a cluster. -v prints every plan. `--drop INDEX` drops
// that index after the fixture is loaded (to see the checks that rely on it fail).
//
//   TSUNAGU_TEST_PG="host=127.0.0.1 port=55431 user=postgres dbname=postgres" node tests/pg/plans.mjs [-v] [--drop INDEX]
import { join } from 'node:path';
import { ROOT, SKIPPED, adminConninfo, migratePg, pgRows, psqlOrThrow, withFreshDatabase } from './psql.mjs';
import { constantOf, numberParameters, storeStatements } from './store_sql.mjs';

const FIXTURE = join(ROOT, 'tests/pg/plans_fixture.sql');

// Tables that grow with the years: a sequential scan of one gets slower every year.
const BIG = new Set([
  'persons',
  'person_keys',
  'households',
  'household_members',
  'events',
  'audit',
  'visits',
  'screenings',
  'pregnancies',
  'reports',
  'report_children',
  'report_events',
]);

const NO_LIMIT = '9223372036854775807'; // INT64_MAX, what the repositories bind for "no limit"
const A_PERSON = "left(md5('p' || 12345), 22)"; // a person of the fixture, as SQL

// Each check: the file and function that prepare the statement (and the constant, for an array of
// statements), the argument lists to explain it with (SQL expressions, in parameter order), and
// the properties each of its plans must have.
const CHECKS = [
  {
    what: 'the person read (GET /persons/{id})',
    file: 'src/store/persons.c',
    fn: 'store_person_get',
    args: [[A_PERSON]],
    index: [{ name: 'persons_pkey', cond: [/^\(id = /], maxBlocks: 5 }],
  },
  {
    // The prefix range [key, key || U+10FFFF) of the primary key's B-tree, in its order: the
    // text columns are COLLATE "C", so the range is one of the index. From one character on.
    // Bound as store_person_search binds them: a first page starts after (prefix, ''), a later
    // one after the last key and id of the page before. 102 keys are one or two leaves.
    what: 'the name search, as a range of person_keys',
    file: 'src/store/persons.c',
    fn: 'store_person_search',
    args: [
      ...['サ', 'タナ', 'タナカハナコ', '田中', 'ンヂサ'].map((prefix) => [
        `'${prefix}'`,
        `'${prefix}\u{10FFFF}'`,
        `'${prefix}'`,
        "''",
        '102',
      ]),
      ["'タナ'", "'タナ\u{10FFFF}'", "'タナカハナコ'", A_PERSON, '102'],
    ],
    index: [
      { name: 'person_keys_pkey', cond: [/\(key >= /, /\(key < /], maxBlocks: 8 },
      { name: 'persons_pkey', cond: [/\(id = k\.person_id\)/] },
    ],
    noSort: true,
  },
  {
    // alerts_plan_test.c: newborn_lookup_is_keyed_on_the_child. PostgreSQL may also read the
    // done newborn visits once, through the index, and match them (merge or hash anti join).
    what: 'the newborn visits not done',
    file: 'src/store/alerts.c',
    fn: 'store_alerts_newborn_visits',
    args: [["'2025-12-01'"]],
    index: [
      { name: 'persons_birth_date', cond: [/\(birth_date >= /] },
      { name: 'visits_person_status', cond: [/\(kind = 'newborn_visit'::text\)/, /\(status = 'done'::text\)/] },
    ],
  },
  {
    what: 'the missed check-ups still open',
    file: 'src/store/alerts.c',
    fn: 'store_alerts_missed_checkups',
    args: [[]],
    index: [
      { name: 'visits_missed_open', cond: [/\(kind = 'checkup'::text\)/] },
      { name: 'visits_person_status', cond: [/\(person_id = v\.person_id\)/] },
      { name: 'persons_pkey', cond: [/\(id = v\.person_id\)/] },
    ],
  },
  {
    what: 'the open EPDS follow-ups, with and without a self-harm answer',
    file: 'src/store/alerts.c',
    fn: 'open_epds',
    args: [['0'], ['1']],
    index: [
      { name: 'screenings_open', cond: [/\(needs_followup = 1\)/] },
      { name: 'persons_pkey', cond: [/\(id = s\.person_id\)/] },
    ],
  },
  {
    // The same three for the joint case (svc_alerts_of_case_subjects), restricted to the current
    // subjects of open cases. The fixture has no joint-case rows, so PostgreSQL may start from the
    // (empty) cases and case_subjects: what must hold either way is that the persons, visits and
    // screenings are read by indexes keyed on the row, never whole.
    what: 'the newborn visits not done, of the current subjects of open cases',
    file: 'src/store/alerts.c',
    fn: 'store_alerts_newborn_visits_of_cases',
    name: 'store_alerts_newborn_of_cases_sql', // of every open case (the page's is store_alerts_*_of_page_sql)
    args: [["'2025-12-01'"]],
    index: [
      { name: 'persons_pkey' },
      { name: 'visits_person_status', cond: [/\(kind = 'newborn_visit'::text\)/, /\(status = 'done'::text\)/] },
    ],
  },
  {
    what: 'the missed check-ups still open, of the current subjects of open cases',
    file: 'src/store/alerts.c',
    fn: 'store_alerts_missed_checkups_of_cases',
    name: 'store_alerts_missed_of_cases_sql', // of every open case (the page's is store_alerts_*_of_page_sql)
    args: [[]],
    index: [
      { name: 'visits_missed_open', cond: [/\(kind = 'checkup'::text\)/] },
      { name: 'visits_person_status', cond: [/\(person_id = v\.person_id\)/] },
    ],
  },
  {
    what: 'the open EPDS follow-ups of the current subjects of open cases',
    file: 'src/store/alerts.c',
    fn: 'open_epds_of_cases',
    name: 'store_alerts_epds_of_cases_sql', // of every open case (the page's is store_alerts_*_of_page_sql)
    args: [['0'], ['1']],
    index: [{ name: 'persons_pkey' }],
  },
  {
    // alerts_plan_test.c: safety_starts_from_the_open_reports. SQLite sorts the rows found (a
    // temp B-tree): a Sort of the open reports' children is the same.
    what: 'the safety confirmations',
    file: 'src/store/reports.c',
    fn: 'store_alerts_safety',
    args: [[]],
    index: [
      { name: 'reports_open', cond: [/\(kind = 'abuse_report'::text\)/] },
      { name: 'report_children_open', cond: [/\(confirmed_at IS NULL\)/, /\(report_id = r\.id\)/] },
      { name: 'persons_pkey', cond: [/\(id = rc\.child_id\)/] },
    ],
  },
  {
    // Under the chain's lock, before every audit append (auth/audit.c): the last row by its key.
    what: "the audit chain's tip",
    file: 'src/store/audit.c',
    fn: 'store_audit_last',
    args: [[]],
    index: [{ name: 'audit_pkey', maxBlocks: 5 }],
    noSort: true,
  },
  {
    // A person's timeline, the first page and a later one: their events and their households',
    // through both indexes. SQLite sorts them (a temp B-tree): so may PostgreSQL.
    what: "a person's timeline",
    file: 'src/store/events.c',
    fn: 'store_timeline',
    args: [
      [A_PERSON, A_PERSON, '0', '0', '0', '1', '1', '1', '51'],
      [A_PERSON, A_PERSON, '90000', '1700000000', '90000', '1', '0', '1', '51'],
    ],
    index: [
      { name: 'events_person', cond: [/^\(person_id = /] },
      { name: 'household_members_person', cond: [/^\(person_id = /] },
      { name: 'events_household', cond: [/\(household_id = m\.household_id\)/] },
    ],
  },
  {
    // Who saw this child's record (GET /audit?person_id=, newest first). The optional filter
    // (CAST(? AS TEXT) IS NULL OR a.person_id = ?) only becomes an index condition in a plan made
    // for the values; the generic plan walks the whole chain backwards and filters (seconds with
    // millions of rows), so it must never be the one run: the plan cache keeps the custom plan
    // when the generic one looks costlier, and `auto` checks that it does.
    what: 'the audit log of one person',
    file: 'src/store/audit.c',
    fn: 'store_audit_page',
    args: [[NO_LIMIT, A_PERSON, A_PERSON, 'NULL', 'NULL', '-9223372036854775808', NO_LIMIT, '51']],
    auto: true,
    index: [{ name: 'audit_person', cond: [/\(person_id = /] }],
  },
];

// ---- plans ----

// The nodes of an EXPLAIN (FORMAT JSON) plan, depth first: [{ node, depth, repeated }].
// `repeated`: the node runs again for every row of another (the inner side of a nested loop, a
// correlated subquery), unless a Hash or Materialize in between keeps what it read once.
function nodesOf(plan, depth = 0, repeated = false, out = []) {
  out.push({ node: plan, depth, repeated });
  for (const child of plan.Plans || []) {
    let again = repeated;
    if (plan['Node Type'] === 'Hash' || plan['Node Type'] === 'Materialize') again = false;
    if (plan['Node Type'] === 'Nested Loop' && child['Parent Relationship'] === 'Inner') again = true;
    if (child['Parent Relationship'] === 'SubPlan' && !hashed(plan, child['Subplan Name'])) again = true;
    nodesOf(child, depth + 1, again, out);
  }
  return out;
}

// Whether the node runs its subplan once, into a hash table (`hashed SubPlan 1` in a condition).
function hashed(node, subplan) {
  return Object.values(node).some((v) => typeof v === 'string' && v.includes(`hashed ${subplan}`));
}

// The condition an index scan or a bitmap heap scan looks its rows up by.
function lookupCondition(node) {
  return node['Index Cond'] || node['Recheck Cond'] || '';
}

// One line a node: what it does, on what, by which index, under which condition.
function render(plan) {
  return nodesOf(plan)
    .map(({ node, depth, repeated }) => {
      const join = node['Join Type'] && node['Join Type'] !== 'Inner' ? ` (${node['Join Type']})` : '';
      const parts = [node['Node Type'] + join];
      if (node['Scan Direction'] === 'Backward') parts.push('Backward');
      if (node['Relation Name']) parts.push(`on ${node['Relation Name']} ${node.Alias || ''}`.trim());
      if (node['Index Name']) parts.push(`using ${node['Index Name']}`);
      for (const key of ['Index Cond', 'Recheck Cond', 'Hash Cond', 'Merge Cond', 'Join Filter', 'Filter', 'Sort Key'])
        if (node[key]) parts.push(`${key}: ${[].concat(node[key]).join(', ')}`);
      if (node['Subplan Name']) parts.push(`[${node['Subplan Name']}]`);
      const blocks = node['Shared Hit Blocks'] + node['Shared Read Blocks'];
      parts.push(`(rows ${node['Actual Rows']}, ${blocks} blocks${repeated ? ', per outer row' : ''})`);
      return `${'  '.repeat(depth + 2)}${parts.join(' ')}`;
    })
    .join('\n');
}

const INDEX_NODES = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan']);
const TABLE_SCANS = new Set(['Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan']);

// Whether a lookup condition names a column of another relation than `alias` (the outer row).
function keyedOnOuterRow(condition, alias) {
  return [...condition.matchAll(/\b([a-z_][a-z0-9_]*)\.[a-z_"]/g)].some((m) => m[1] !== alias);
}

// What is wrong with a plan, against its check: [text].
function planProblems(plan, check) {
  const all = nodesOf(plan);
  const nodes = all.map((n) => n.node);
  const problems = [];
  for (const want of check.index) {
    const uses = nodes.filter((n) => INDEX_NODES.has(n['Node Type']) && n['Index Name'] === want.name);
    const cond = want.cond || [];
    const keyed = uses.filter((n) => cond.every((re) => re.test(n['Index Cond'] || '')));
    if (!uses.length) problems.push(`${want.name} is not used`);
    else if (!keyed.length) problems.push(`${want.name} is not searched by ${cond.map(String).join(' and ')}`);
    for (const n of keyed) {
      const blocks = n['Shared Hit Blocks'] + n['Shared Read Blocks'];
      if (want.maxBlocks && blocks > want.maxBlocks)
        problems.push(`${want.name} read ${blocks} blocks, more than ${want.maxBlocks}`);
    }
  }
  for (const { node, repeated } of all) {
    const table = node['Relation Name'];
    if (!TABLE_SCANS.has(node['Node Type']) || !BIG.has(table)) continue;
    if (node['Node Type'] === 'Seq Scan') problems.push(`a Seq Scan of ${table}`);
    else if (repeated && !keyedOnOuterRow(lookupCondition(node), node.Alias))
      problems.push(`${table} is read again for every outer row, not keyed on it`);
  }
  if (check.noSort && nodes.some((n) => n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort'))
    problems.push('a Sort (SQLite reads in the index order)');
  return problems;
}

// ---- the session ----

const CUSTOM = { label: 'custom plan', setting: 'force_custom_plan', warmUp: 0 };
const GENERIC = { label: 'generic plan', setting: 'force_generic_plan', warmUp: 0 };
// Five executions: then the plan cache may choose the generic plan (plancache.c).
const AUTO = { label: "the plan cache's choice after five executions", setting: 'auto', warmUp: 5 };

// One psql session set up as pg.c sets up its connections: every statement prepared as pg.c does,
// then explained with each argument list in each mode. Returns [{ check, args, mode, plan }].
function explainAll(conninfo, prepared) {
  const lines = [`${constantOf('pg.c', 'SESSION_SETTINGS')};`];
  const plans = [];
  const explain = (name, check, args, mode) => {
    const call = `${name}${args.length ? `(${args.join(', ')})` : ''}`;
    lines.push(`SET plan_cache_mode = ${mode.setting};`);
    for (let i = 0; i < mode.warmUp; i++) lines.push(`EXECUTE ${call} \\g /dev/null`);
    lines.push(`\\echo '@@ ${plans.length}'`, `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) EXECUTE ${call};`);
    plans.push({ check, args, mode });
  };
  prepared.forEach(({ check, sql }, k) => {
    check.args.forEach((args, a) => {
      // A statement of its own for each list of arguments: the plan cache's history is its own.
      const name = `s${k}_${a}`;
      lines.push(`PREPARE ${name} AS ${sql};`);
      explain(name, check, args, CUSTOM);
      explain(name, check, args, check.auto ? AUTO : GENERIC);
    });
  });
  const out = psqlOrThrow(conninfo, ['-f', '-'], lines.join('\n'));
  for (const part of out.split(/^@@ /m).slice(1)) {
    const newline = part.indexOf('\n');
    plans[Number(part.slice(0, newline))].plan = JSON.parse(part.slice(newline + 1))[0].Plan;
  }
  return plans;
}

// The SQL a check names, as pg.c sends it; a check that names no statement, or several, fails.
function statementOf(check, statements) {
  const found = statements.filter(
    (s) => s.where.startsWith(`${check.file}:`) && s.fn === check.fn && (!check.name || s.name === check.name),
  );
  const label = `${check.file} ${check.fn}${check.name ? ` ${check.name}` : ''}`;
  if (found.length !== 1) return { error: `${label}: ${found.length} statements found, not one` };
  const numbered = numberParameters(found[0].sql);
  if (check.args.some((a) => a.length !== numbered.count))
    return { error: `${label}: the statement has ${numbered.count} parameters, not as many as the check gives` };
  return { sql: numbered.sql };
}

// Drops an index, or the primary key or unique constraint it is (with what depends on it).
function dropIndex(conninfo, index) {
  const [owner] = pgRows(
    conninfo,
    `SELECT c.conname, c.conrelid::regclass::text AS tbl FROM pg_constraint c
     JOIN pg_class i ON i.oid = c.conindid WHERE i.relname = '${index.replace(/'/g, "''")}'`,
  );
  psqlOrThrow(conninfo, [
    '-c',
    owner ? `ALTER TABLE ${owner.tbl} DROP CONSTRAINT ${owner.conname} CASCADE` : `DROP INDEX ${index}`,
  ]);
}

async function main() {
  const verbose = process.argv.includes('-v');
  const drop = process.argv.includes('--drop') ? process.argv[process.argv.indexOf('--drop') + 1] : null;
  const admin = adminConninfo();
  if (!admin) {
    console.error('plans: set TSUNAGU_TEST_PG (or TSUNAGU_TEST_PG_FILE) to a cluster admin conninfo');
    return SKIPPED;
  }
  const { statements, problems: scanProblems, creates } = storeStatements();
  const problems = [...scanProblems];
  const prepared = [];
  for (const check of CHECKS) {
    const s = statementOf(check, statements);
    if (s.error) problems.push(`${check.what}: ${s.error} (the check follows the code: name the statement anew)`);
    else prepared.push({ check, sql: s.sql });
  }
  let explained = 0;
  await withFreshDatabase(admin, 'plans', (conninfo) => {
    migratePg(conninfo);
    for (const sql of creates) psqlOrThrow(conninfo, ['-c', sql]);
    psqlOrThrow(conninfo, ['-1', '-f', FIXTURE]);
    psqlOrThrow(conninfo, ['-c', 'VACUUM (ANALYZE)']);
    if (drop) dropIndex(conninfo, drop);
    for (const { check, args, mode, plan } of explainAll(conninfo, prepared)) {
      explained++;
      const wrong = planProblems(plan, check);
      const title = `${check.what} (${check.fn}), ${mode.label}, (${args.join(', ')})`;
      if (wrong.length) problems.push(`${title}:\n    ${wrong.join('\n    ')}\n${render(plan)}`);
      else if (verbose) console.log(`${title}:\n${render(plan)}`);
    }
  });
  for (const p of problems) console.log(p);
  if (problems.length) {
    console.log(`plans: ${problems.length} problems`);
    return 1;
  }
  console.log(`plans: ok (${explained} plans of ${CHECKS.length} statements)`);
  return 0;
}

process.exitCode = await main();
