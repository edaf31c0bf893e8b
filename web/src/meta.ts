// What the server tells the UI once after sign-in (GET /api/v1/meta): every code table with its
// Japanese labels, and the permissions of the signed-in user. The screens keep no copy of
// either: labels come from here (labels.ts `label('roles', code)`), and what a screen offers is
// decided by `may('health_write')`, never by testing a role.
import { api } from './api';

export interface Code {
  code: string;
  label: string;
}

export interface Meta {
  codes: Record<string, Code[]>;
  permissions: string[];
  role: Code;
}

let current: Meta | null = null;
let labelMaps = new Map<string, Map<string, string>>();

/** Loads the tables and permissions of the user just signed in (one request). */
export async function loadMeta(): Promise<Meta> {
  const m = await api.get<Meta>('/meta');
  current = m;
  labelMaps = new Map(
    Object.entries(m.codes).map(([name, list]) => [name, new Map(list.map((c) => [c.code, c.label]))]),
  );
  return m;
}

/** Forgets them at sign-out (the next user may hold other permissions). */
export function clearMeta(): void {
  current = null;
  labelMaps = new Map();
}

/** The codes of a table in the server's order (for choices); empty before sign-in. */
export function codes(table: string): readonly Code[] {
  return current?.codes[table] ?? [];
}

/** The label of a code in a served table, or undefined when the table or code is unknown. */
export function codeLabel(table: string, code: string): string | undefined {
  return labelMaps.get(table)?.get(code);
}

/** Whether the signed-in user holds the permission (src/auth/roles.c). */
export function may(permission: string): boolean {
  return current?.permissions.includes(permission) ?? false;
}
