// Every statement the repositories prepare is accepted by PostgreSQL.
//
// Takes the SQL of every store_prepare(…) call in src/store/*.c as the compiler sees it, and the
// store_bind_text/int/null calls of each (store_sql.mjs: macros expanded, literals joined, named
// constants and arrays followed; a call whose SQL cannot be found is an error too: nothing is
// skipped in silence).
//
// Given TSUNAGU_TEST_PG (an admin conninfo, or TSUNAGU_TEST_PG_FILE naming a file holding it), it
// creates a fresh database, applies the postgresql migrations, runs the literal CREATE statements
// that store.c gives store_exec (schema_migrations), then for each statement rewrites `?` to
// $1..$n in order, as pg.c does, and runs `PREPARE s AS <sql>`. It reports every statement
// PostgreSQL refuses (syntax, an unknown function, a parameter it cannot type, text = bigint …).
// It also reports text bound where PostgreSQL typed a number or a number where it typed text
// (which prepares, then fails or compares otherwise at run time) and a parameter never bound.
// With -v it lists every statement with its parameter types. Exits 1 on any problem, 77 without
// a cluster.
//
//   TSUNAGU_TEST_PG="host=127.0.0.1 port=55431 user=postgres dbname=postgres" node tests/pg/statements.mjs [-v]
import { SKIPPED, adminConninfo, migratePg, psql, psqlOrThrow, withFreshDatabase } from './psql.mjs';
import { numberParameters, storeStatements } from './store_sql.mjs';

const INTEGER_TYPES = new Set(['bigint', 'integer', 'smallint']);

// What the C binds against what PostgreSQL typed: a number bound to a text parameter, or text to
// a number, fails there at run time (or compares otherwise) although it prepares.
function bindProblems(s, types) {
  const problems = [];
  for (const [n, kinds] of [...s.binds].sort((a, b) => a[0] - b[0])) {
    const type = types[n - 1];
    if (!type) problems.push(`binds $${n}, but the statement has ${types.length} parameters`);
    else if (kinds.has('integer') && !INTEGER_TYPES.has(type)) problems.push(`binds an integer to $${n}, typed ${type}`);
    else if (kinds.has('text') && type !== 'text') problems.push(`binds text to $${n}, typed ${type}`);
  }
  if (s.complete)
    types.forEach((_, k) => {
      if (!s.binds.has(k + 1)) problems.push(`never binds $${k + 1}`);
    });
  return problems;
}

// One psql session prepares them all (a refusal caught per statement): [{ ok, err, types }].
function prepareAll(conninfo, sqls) {
  const quote = (text) => "'" + text.replace(/'/g, "''") + "'";
  const script = [
    'CREATE TEMP TABLE tsunagu_sql (k int PRIMARY KEY, sql text NOT NULL);',
    'CREATE TEMP TABLE tsunagu_prepared (k int PRIMARY KEY, err text, types text[]);',
    ...sqls.map((sql, k) => `INSERT INTO tsunagu_sql VALUES (${k}, ${quote(sql)});`),
    `DO $do$
DECLARE s record;
BEGIN
  FOR s IN SELECT k, sql FROM tsunagu_sql ORDER BY k LOOP
    BEGIN
      EXECUTE format('PREPARE s%s AS %s', s.k, s.sql);
      INSERT INTO tsunagu_prepared SELECT s.k, NULL, parameter_types::text[]
        FROM pg_prepared_statements WHERE name = 's' || s.k;
    EXCEPTION WHEN OTHERS THEN
      INSERT INTO tsunagu_prepared VALUES (s.k, SQLERRM, NULL);
    END;
  END LOOP;
END
$do$;`,
    "SELECT COALESCE(json_agg(json_build_object('k', k, 'err', err, 'types', types) ORDER BY k), '[]') FROM tsunagu_prepared;",
  ].join('\n');
  const rows = JSON.parse(psqlOrThrow(conninfo, ['-f', '-'], script));
  return sqls.map((_, k) => rows.find((r) => r.k === k) || { err: 'not prepared' });
}

// PostgreSQL's own words on a refused statement (with the position), from a session of its own.
function refusal(conninfo, sql) {
  return psql(conninfo, ['-c', `PREPARE s AS ${sql}`]).err;
}

async function main() {
  const verbose = process.argv.includes('-v');
  const admin = adminConninfo();
  if (!admin) {
    console.error('statements: set TSUNAGU_TEST_PG (or TSUNAGU_TEST_PG_FILE) to a cluster admin conninfo');
    return SKIPPED;
  }
  const { statements: all, problems, creates, files } = storeStatements();
  // Guard against a vacuous pass: the scan must find the repositories' statements and binds.
  if (all.length < 60) problems.push(`only ${all.length} statements found in ${files.length} files`);
  if (all.filter((s) => s.binds.size).length < 50) problems.push('the binds of too few statements found');

  await withFreshDatabase(admin, 'statements', (conninfo) => {
    migratePg(conninfo);
    for (const sql of creates) psqlOrThrow(conninfo, ['-c', sql]);
    const numbered = all.map((s) => numberParameters(s.sql));
    const results = prepareAll(
      conninfo,
      numbered.map((p) => p.sql),
    );
    all.forEach((s, k) => {
      const p = numbered[k];
      const r = results[k];
      const say = (what) => problems.push(`${s.where}: ${what}\n    ${p.sql}`);
      if (p.quoted) say("a '?' inside a quoted literal (store.h: never)");
      if (r.err) {
        say(refusal(conninfo, p.sql).replace(/\n/g, '\n    ') || r.err);
        return;
      }
      const types = r.types || [];
      if (types.length !== p.count) say(`${p.count} parameters written, ${types.length} typed`);
      for (const b of bindProblems(s, types)) say(b);
      if (verbose) console.log(`${s.where}: (${types.join(', ')})${s.complete ? '' : ' [binds not all found]'}\n    ${p.sql}`);
    });
  });
  for (const p of problems) console.log(p);
  if (problems.length) {
    console.log(`statements: ${problems.length} problems in ${all.length} statements`);
    return 1;
  }
  console.log(`statements: ok (${all.length} statements of ${files.length} files prepared by PostgreSQL, binds alike)`);
  return 0;
}

process.exitCode = await main();
