// A hash router: "#/persons/abc/edit?x=1" → route "/persons/:id/edit" with params and query.
import type { SessionUser } from './types';

export interface RouteContext {
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Aborted when the user navigates away: pass it to requests, check it before rendering. */
  signal: AbortSignal;
  main: HTMLElement;
  user: SessionUser;
}

export interface Route {
  pattern: string;
  /** The permission the screen needs (GET /api/v1/meta); null: anyone signed in. */
  perm: string | null;
  /** Which navigation entry is current on this page. */
  nav?: string;
  render(ctx: RouteContext): void | Promise<void>;
}

export function parseHash(hash: string = location.hash): { path: string; query: URLSearchParams } {
  let s = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!s.startsWith('/')) s = '/';
  const q = s.indexOf('?');
  const path = q >= 0 ? s.slice(0, q) : s;
  const query = new URLSearchParams(q >= 0 ? s.slice(q + 1) : '');
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, query };
}

export function matchRoute(
  routes: readonly Route[],
  path: string,
): { route: Route; params: Record<string, string> } | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const pat = route.pattern.split('/').filter(Boolean);
    if (pat.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pat.length; i++) {
      const p = pat[i] as string;
      const v = parts[i] as string;
      if (p.startsWith(':')) {
        try {
          params[p.slice(1)] = decodeURIComponent(v);
        } catch {
          ok = false;
          break;
        }
      } else if (p !== v) {
        ok = false;
        break;
      }
    }
    if (ok) return { route, params };
  }
  return null;
}

/** "#/persons?q=x" from a path and optional query. */
export function href(path: string, query?: Record<string, string | null | undefined>): string {
  let s = `#${path}`;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) qs.set(k, v);
    const t = qs.toString();
    if (t) s += `?${t}`;
  }
  return s;
}

let rerender: (() => void) | null = null;
export function setRerender(fn: () => void): void {
  rerender = fn;
}

/** Goes to a page; re-renders even when the hash does not change. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  const target = path.startsWith('#') ? path : `#${path}`;
  if (location.hash === target) {
    rerender?.();
  } else if (opts.replace) {
    history.replaceState(null, '', target);
    rerender?.();
  } else {
    location.hash = target;
  }
}

/** Updates the address bar (e.g. the search text) without rendering the page again. */
export function replaceQuietly(path: string): void {
  const target = path.startsWith('#') ? path : `#${path}`;
  if (location.hash !== target) history.replaceState(null, '', target);
}
