// The one way the UI talks to the server: same-origin cookie session, CSRF token on every
// non-GET request, If-Match when a version is given, JSON in and out, and a 401 sends the user
// back to the login screen.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /** The whole error answer (the import's `rows` are beside its `error`). */
  readonly body: unknown;
  constructor(status: number, code: string, message: string, field?: string, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.body = body;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as it is (a file), with its Content-Type, instead of JSON. */
  raw?: { data: Blob; type: string };
  /** The object's version; sent as If-Match: "<version>". */
  ifMatch?: number;
  query?: Record<string, string | number | null | undefined>;
  signal?: AbortSignal;
  /** Do not treat a 401 as "session ended" (the login request itself). */
  noAuthRedirect?: boolean;
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request answers 401: the session has ended. */
export function onUnauthorized(fn: () => void): void {
  unauthorizedHandler = fn;
}

const FALLBACK: Record<number, string> = {
  400: '入力内容に誤りがあります',
  401: 'ログインしてください',
  403: 'この操作を行う権限がありません',
  404: '見つかりませんでした',
  409: '他の操作と競合しました',
  413: 'データが大きすぎます',
  429: 'しばらく待ってからお試しください',
};

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | Blob | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.type;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`;

  let url = `/api/v1${path}`;
  if (opts.query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query))
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }

  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(0, 'network', 'サーバーに接続できません。ネットワークの状態を確認してください');
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    const e = new ApiError(
      res.status,
      err?.code || `http_${res.status}`,
      err?.message || FALLBACK[res.status] || `サーバーでエラーが発生しました（${res.status}）`,
      err?.field || undefined,
      data,
    );
    if (res.status === 401 && !opts.noAuthRedirect && unauthorizedHandler) unauthorizedHandler();
    throw e;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, ifMatch: number, opts?: RequestOptions) =>
    request<T>('PATCH', path, { ...opts, body, ifMatch }),
  put: <T>(path: string, body: unknown, ifMatch: number, opts?: RequestOptions) =>
    request<T>('PUT', path, { ...opts, body, ifMatch }),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
  /** POSTs a file as the body (the CSV import: text/csv), not JSON. */
  postFile: <T>(path: string, data: Blob, type: string, opts?: RequestOptions) =>
    request<T>('POST', path, { ...opts, raw: { data, type } }),
};

/** Path segment encoding for ids. */
export function seg(id: string): string {
  return encodeURIComponent(id);
}
