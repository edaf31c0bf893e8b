// docs/openapi.yaml against the route table: every route of src/api/routes.c is documented, with
// its roles from src/auth/roles.c, and the document has no path or method the server lacks.
// Static: reads the sources, starts no server, needs no npm package (a small line parser reads
// the `paths:` section, which the document keeps in plain 2-space block style).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);
const read = (rel) => readFileSync(new URL(rel, ROOT), 'utf8');

const BASE = '/api/v1'; // servers: [{url: /api/v1}]; documented paths are relative to it
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// The routes of routes.c: [{method, path (relative to BASE), perm, flags}].
function parseRoutes(src) {
  const routes = [];
  const re = /\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(PERM_\w+)\s*,\s*([^}]*?)\s*\}/g;
  for (const m of src.matchAll(re)) {
    const [, method, pattern, handler, perm, flags] = m;
    assert.ok(pattern.startsWith(BASE + '/'), `route ${method} ${pattern} is not under ${BASE}`);
    routes.push({ method, path: pattern.slice(BASE.length), handler, perm, flags: flags.split(/\s*\|\s*/) });
  }
  // A route written some other way would escape the check above: count every {"METHOD", entry.
  const entries = [...src.matchAll(/\{\s*"[A-Z]+"\s*,/g)].length;
  assert.equal(routes.length, entries, 'routes.c has route entries this test cannot read');
  return routes;
}

// The operations of the `paths:` section: Map "METHOD /path" -> the operation's lines.
function parseOperations(yaml) {
  const lines = yaml.split('\n');
  const start = lines.indexOf('paths:');
  assert.ok(start >= 0, 'openapi.yaml has no top-level "paths:"');
  const ops = new Map();
  const paths = new Set();
  let path = null;
  let op = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (/^\S/.test(line)) break; // the next top-level key
    const indent = line.match(/^ */)[0].length;
    if (indent === 2) {
      const m = line.match(/^ {2}(["']?)(\/[^"']*)\1:\s*$/);
      assert.ok(m, `openapi.yaml line ${i + 1}: expected a path key, got ${JSON.stringify(line)}`);
      path = m[2];
      assert.ok(!paths.has(path), `openapi.yaml: path ${path} appears twice`);
      paths.add(path);
      op = null;
    } else if (indent === 4) {
      const m = line.match(/^ {4}([A-Za-z$-]+):/);
      assert.ok(m, `openapi.yaml line ${i + 1}: unexpected ${JSON.stringify(line)}`);
      op = null;
      if (METHODS.includes(m[1])) {
        const key = `${m[1].toUpperCase()} ${path}`;
        assert.ok(!ops.has(key), `openapi.yaml: ${key} appears twice`);
        op = [];
        ops.set(key, op);
      } else {
        assert.ok(!METHODS.includes(m[1].toLowerCase()), `openapi.yaml line ${i + 1}: methods are lower case`);
      }
    } else if (indent > 4) {
      op?.push(line);
    } else {
      assert.fail(`openapi.yaml line ${i + 1}: odd indentation ${JSON.stringify(line)}`);
    }
  }
  return { ops, paths };
}

// What documentation lacks and what it has too much, in the form "METHOD /path".
function compare(routes, ops, paths) {
  const routeKeys = new Set(routes.map((r) => `${r.method} ${r.path}`));
  const routePaths = new Set(routes.map((r) => r.path));
  return {
    undocumented: [...routeKeys].filter((k) => !ops.has(k)),
    extraOps: [...ops.keys()].filter((k) => !routeKeys.has(k)),
    extraPaths: [...paths].filter((p) => !routePaths.has(p)),
  };
}

// roles.h + roles.c: permission -> role codes allowed.
function parsePermissions(header, table) {
  const enumBody = (name) => {
    const m = header.match(new RegExp(`typedef enum ${name} \\{([\\s\\S]*?)\\} ${name};`));
    assert.ok(m, `roles.h: enum ${name} not found`);
    return [...m[1].matchAll(/^\s*([A-Z_]+)\b/gm)].map((x) => x[1]);
  };
  const roles = enumBody('role').filter((r) => r !== 'ROLE_NONE' && r !== 'ROLE_COUNT');
  const perms = enumBody('permission').filter((p) => p !== 'PERM_COUNT');
  const code = {};
  for (const m of table.matchAll(/\[(ROLE_\w+)\]\s*=\s*\{\s*("[^"]*")/g)) code[m[1]] = JSON.parse(m[2]);
  // A row names its roles as R(X), a macro of R(X)s, or every role ((1u << ROLE_COUNT) - 1).
  const macros = {};
  for (const m of table.matchAll(/^#define (\w+)\s+\((.*)\)$/gm)) macros[m[1]] = m[2];
  const rolesOf = (expr) => {
    if (/1u << ROLE_COUNT/.test(expr)) return roles;
    return expr.split('|').flatMap((part) => {
      const t = part.trim();
      const m = t.match(/^\(?R\((\w+)\)\)?$/);
      if (m) return [`ROLE_${m[1]}`];
      assert.ok(macros[t], `roles.c: cannot read ${JSON.stringify(t)} in the permission table`);
      return rolesOf(macros[t]);
    });
  };
  const byPerm = {};
  // The rows of the holders table only (roles.c has other tables indexed by permission).
  const holders = table.match(/holders\[PERM_COUNT\] = \{([\s\S]*?)\n\};/);
  assert.ok(holders, 'roles.c: the holders table not found');
  for (const m of holders[1].matchAll(/^\s*\[(PERM_\w+)\]\s*=\s*([^,]+),$/gm)) {
    byPerm[m[1]] = roles.filter((r) => rolesOf(m[2]).includes(r)).map((r) => code[r]);
  }
  for (const r of roles) assert.ok(code[r], `roles.c: ${r} has no code`);
  for (const perm of perms) assert.ok(byPerm[perm], `roles.c: ${perm} has no row in the permission table`);
  return byPerm;
}

const field = (opLines, name) => {
  const line = opLines.find((l) => l.startsWith(`      ${name}:`));
  return line ? line.slice(`      ${name}:`.length).trim() : undefined;
};
const flowList = (s) => (s ? s.replace(/^\[|\]$/g, '').split(',').map((x) => x.trim()).filter(Boolean) : []);

const routes = parseRoutes(read('src/api/routes.c'));
const yaml = read('docs/openapi.yaml');
const { ops, paths } = parseOperations(yaml);

test('openapi.yaml is OpenAPI 3.0.3 served under /api/v1', () => {
  assert.match(yaml, /^openapi: ["']?3\.0\.3["']?$/m);
  assert.match(yaml, /^servers:\n {2}- url: ["']?\/api\/v1["']?\s*$/m);
  assert.ok(!/\t/.test(yaml), 'no tabs in YAML');
  assert.ok(routes.length > 0, 'no routes read from routes.c');
});

test('every route of routes.c is documented, and nothing else', () => {
  const { undocumented, extraOps, extraPaths } = compare(routes, ops, paths);
  assert.deepEqual(undocumented, [], 'routes missing from docs/openapi.yaml');
  assert.deepEqual(extraOps, [], 'operations in docs/openapi.yaml that routes.c lacks');
  assert.deepEqual(extraPaths, [], 'paths in docs/openapi.yaml that routes.c lacks');
});

test('each operation states the permission and roles of routes.c and roles.c', () => {
  const byPerm = parsePermissions(read('src/auth/roles.h'), read('src/auth/roles.c'));
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    const op = ops.get(key);
    if (!op) continue; // reported by the test above
    assert.equal(field(op, 'x-permission'), r.perm, `${key}: x-permission`);
    if (r.flags.includes('ROUTE_PUBLIC')) {
      assert.equal(field(op, 'x-public'), 'true', `${key}: x-public`);
      assert.equal(field(op, 'security'), '[]', `${key}: security: []`);
    } else {
      assert.ok(byPerm[r.perm], `${key}: unknown permission ${r.perm}`);
      assert.deepEqual(flowList(field(op, 'x-roles')).sort(), [...byPerm[r.perm]].sort(), `${key}: x-roles`);
    }
  }
});

test('state-changing operations document X-CSRF-Token, PATCH documents If-Match', () => {
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    const op = ops.get(key);
    if (!op) continue;
    const text = op.join('\n');
    const csrf = text.includes('#/components/parameters/CsrfToken');
    const stateChanging = !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
    const exempt = r.flags.includes('ROUTE_NO_CSRF') || r.flags.includes('ROUTE_PUBLIC');
    assert.equal(csrf, stateChanging && !exempt, `${key}: X-CSRF-Token parameter`);
    if (r.method === 'PATCH') assert.ok(text.includes('#/components/parameters/IfMatch'), `${key}: If-Match`);
  }
});

test('the comparison catches an undocumented route and a stale path', () => {
  const src = `static const http_route routes[] = {
    {"GET", "/api/v1/persons", h1, PERM_PERSON_READ, 0},
    {"POST", "/api/v1/persons/{id}/merge", h2, PERM_PERSON_WRITE, 0},
};`;
  const doc = `paths:
  /persons:
    description: x
    get:
      x-permission: PERM_PERSON_READ
    post:
      summary: gone
  /households:
    get:
      summary: gone
components: {}
`;
  const r = parseRoutes(src);
  const { ops: o, paths: p } = parseOperations(doc);
  assert.deepEqual(compare(r, o, p), {
    undocumented: ['POST /persons/{id}/merge'],
    extraOps: ['POST /persons', 'GET /households'],
    extraPaths: ['/households'],
  });
  assert.throws(() => parseRoutes(`{"GET", "/api/v2/x", h, PERM_NONE, 0}`), /not under \/api\/v1/);
  assert.throws(() => parseRoutes(`{"GET", "/api/v1/x", h, PERM_NONE}`), /cannot read/);
});
