// Search-as-you-type over /persons?q=: debounced, and only the answer to the newest query is
// ever shown (older requests are aborted, and a late answer to one is dropped by sequence number).
import { api, isAbort } from './api';
import { debounce } from './dom';
import type { List, Person } from './types';

export interface LiveSearchOptions {
  delay?: number;
  limit?: number;
  /** Aborting it stops the search for good (the page was left). */
  signal?: AbortSignal;
  onStart?(q: string): void;
  onResults(q: string, result: List<Person>): void;
  onError(q: string, e: unknown): void;
  onClear?(): void;
}

export interface LiveSearch {
  /** The text changed: search after the delay. */
  input(text: string): void;
  /** Search now (Enter, or a query taken from the address bar). */
  now(text: string): void;
  /** Loads the page after `cursor` for the query shown; results go to onResults with `append`. */
  more(cursor: string, onMore: (result: List<Person>) => void): void;
  /** True while a search for the current text is waiting or running. */
  busy(): boolean;
  /** The query whose results are on screen ('' when none). */
  shown(): string;
}

export function createLiveSearch(o: LiveSearchOptions): LiveSearch {
  const limit = o.limit ?? 50;
  let seq = 0;
  let inflight: AbortController | null = null;
  let running = false;
  let shownQuery = '';

  const invalidate = () => {
    seq += 1;
    inflight?.abort();
    inflight = null;
    running = false;
  };

  const fire = (q: string) => {
    if (o.signal?.aborted) return;
    invalidate();
    const my = seq;
    const ctrl = new AbortController();
    inflight = ctrl;
    running = true;
    o.onStart?.(q);
    api
      .get<List<Person>>('/persons', { query: { q, limit }, signal: ctrl.signal })
      .then((r) => {
        if (my !== seq || o.signal?.aborted) return; // a newer query has been typed since
        running = false;
        shownQuery = q;
        o.onResults(q, r);
      })
      .catch((e) => {
        if (my !== seq || isAbort(e) || o.signal?.aborted) return;
        running = false;
        o.onError(q, e);
      });
  };

  const later = debounce(fire, o.delay ?? 150);
  o.signal?.addEventListener('abort', () => {
    later.cancel();
    invalidate();
  });

  return {
    input(text) {
      const q = text.trim();
      invalidate();
      if (!q) {
        later.cancel();
        shownQuery = '';
        o.onClear?.();
        return;
      }
      later(q);
    },
    now(text) {
      const q = text.trim();
      later.cancel();
      if (!q) {
        invalidate();
        shownQuery = '';
        o.onClear?.();
        return;
      }
      fire(q);
    },
    more(cursor, onMore) {
      const my = seq;
      const q = shownQuery;
      api
        .get<List<Person>>('/persons', { query: { q, limit, cursor }, signal: o.signal })
        .then((r) => {
          if (my === seq && q === shownQuery) onMore(r);
        })
        .catch((e) => {
          if (my === seq && !isAbort(e)) o.onError(q, e);
        });
    },
    busy: () => later.pending() || running,
    shown: () => shownQuery,
  };
}
