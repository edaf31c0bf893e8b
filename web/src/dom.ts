// Tiny DOM helpers. Text always goes in through text nodes (never innerHTML), so data from the
// server cannot become markup. No `style` attribute either: the CSP forbids inline styles.

export type Child = Node | string | number | null | undefined | false | readonly Child[];

export type Attrs = {
  class?: string | readonly (string | false | null | undefined)[];
  [name: string]: unknown;
};

const PROPS = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'indeterminate']);

/** Creates an element: h('a', { href: '#/x', class: 'button', onClick: fn }, 'text', child). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (name === 'class') {
        el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : String(v);
      } else if (name === 'style' || name.toLowerCase() === 'innerhtml') {
        throw new Error(`h(): "${name}" is not allowed`);
      } else if (name.startsWith('on')) {
        // Only real listeners: an inline handler string would be script from data (and the CSP blocks it).
        if (typeof v !== 'function') throw new Error(`h(): "${name}" must be a function`);
        el.addEventListener(name.slice(2).toLowerCase(), v as EventListener);
      } else if (PROPS.has(name)) {
        (el as unknown as Record<string, unknown>)[name] = v;
      } else if (v === true) {
        el.setAttribute(name, '');
      } else {
        el.setAttribute(name, String(v));
      }
    }
  }
  append(el, ...children);
  return el;
}

/** Appends children (strings become text nodes; null/false are skipped; arrays are flattened). */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, ...c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

let idCounter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix = 'id'): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Sets the document title: "<page> — つなぐ". */
export function setTitle(page: string): void {
  document.title = page ? `${page} — つなぐ` : 'つなぐ — こども家庭センター';
}

/** A page heading that can take focus after navigation (for screen readers and keyboard users). */
export function pageHeading(text: string, level: 'h1' | 'h2' = 'h1', id?: string): HTMLHeadingElement {
  return h(level, { id, tabindex: '-1', class: 'page-title' }, text);
}

/** Adds one id to an element's aria-describedby list. */
export function addDescribedBy(el: Element, id: string): void {
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  if (!ids.includes(id)) ids.push(id);
  el.setAttribute('aria-describedby', ids.join(' '));
}

/** Removes one id from an element's aria-describedby list. */
export function removeDescribedBy(el: Element, id: string): void {
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== id);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

/** Returns a function that calls `fn` once calls have stopped for `ms` milliseconds. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  d.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  d.pending = () => timer !== undefined;
  return d;
}
