// Charts drawn as SVG by hand (no chart library: two kinds of chart, a few dozen shapes each, no
// dependency to audit, and nothing inline that the CSP would refuse). Each chart is an image
// (role="img" with a <title> and a <desc>); the table beside it is its accessible form. Colours
// come from the stylesheet (classes chart-series-N), which prints them as greys and a hatch.
import { h, uid } from '../dom';

const SVG_NS = 'http://www.w3.org/2000/svg';

type SvgChild = SVGElement | string | null | false | undefined;

/** An SVG element with attributes (never `style`: the CSP forbids inline styles). */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: SvgChild[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, v] of Object.entries(attrs)) el.setAttribute(name, String(v));
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

export interface Series {
  label: string;
  values: readonly number[];
}

export interface StackedBars {
  title: string;
  /** What the chart says in words (the table holds the numbers). */
  description: string;
  /** One bar per category (a fiscal year: "H30"). */
  categories: readonly string[];
  series: readonly Series[];
  /** The figure written above each bar (the total); its mark is drawn when it differs from the stack. */
  totals: readonly number[];
  unit: string;
}

export interface RangeChart {
  title: string;
  description: string;
  categories: readonly string[];
  /** The bar (the median) and the mark above it (the 90th percentile); null: nothing measured. */
  bars: readonly (number | null)[];
  marks: readonly (number | null)[];
  barLabel: string;
  markLabel: string;
  /** A horizontal line the values are read against (48 hours). */
  line: { value: number; label: string };
  unit: string;
}

const W = 640;
const H = 300;
const PLOT = { left: 56, right: 16, top: 24, bottom: 40 };
const PLOT_W = W - PLOT.left - PLOT.right;
const PLOT_H = H - PLOT.top - PLOT.bottom;

/** A round step for about five gridlines up to max: 1, 2, 5 × 10^n. */
function niceStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function frame(title: string, description: string, className: string): SVGElement {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  return svg(
    'svg',
    {
      class: `chart ${className}`,
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-labelledby': titleId,
      'aria-describedby': descId,
      preserveAspectRatio: 'xMinYMin meet',
    },
    svg('title', { id: titleId }, title),
    svg('desc', { id: descId }, description),
    svg(
      'defs',
      {},
      svg(
        'pattern',
        { id: 'chart-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('rect', { width: 6, height: 6, class: 'chart-hatch-ground' }),
        svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'chart-hatch-line' }),
      ),
    ),
  );
}

/** The y axis: gridlines with their values from 0 to top, in the unit. */
function yAxis(top: number, step: number, unit: string, y: (v: number) => number): SVGElement {
  const g = svg('g', { class: 'chart-axis', 'aria-hidden': 'true' });
  for (let v = 0; v <= top + step / 2; v += step) {
    g.appendChild(svg('line', { x1: PLOT.left, x2: W - PLOT.right, y1: y(v), y2: y(v), class: 'chart-grid' }));
    g.appendChild(
      svg('text', { x: PLOT.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(Math.round(v * 10) / 10)),
    );
  }
  g.appendChild(svg('text', { x: 4, y: PLOT.top - 10 }, unit));
  return g;
}

function scale(max: number): { top: number; step: number; y: (v: number) => number } {
  const step = Math.max(1, niceStep(max)); // counts and hours: whole gridlines
  const top = Math.max(step, Math.ceil(max / step) * step);
  return { top, step, y: (v: number) => PLOT.top + PLOT_H - (v / top) * PLOT_H };
}

interface Slots {
  x(i: number): number;
  width: number;
  /** Whether a figure or a label fits above or under each bar (else every k-th category is named). */
  roomy: boolean;
  every: number;
}

const LABEL_WIDTH = 30; // a short label ("R10") at the chart's font size

function slots(n: number): Slots {
  const slot = PLOT_W / Math.max(n, 1);
  const width = Math.min(56, slot * 0.6);
  return {
    x: (i) => PLOT.left + slot * i + (slot - width) / 2,
    width,
    roomy: slot >= LABEL_WIDTH,
    every: Math.ceil(LABEL_WIDTH / slot),
  };
}

/** The category's name under its bar; null where it would overlap its neighbours'. */
function categoryLabel(s: Slots, i: number, text: string): SVGElement | null {
  if (i % s.every !== 0) return null;
  const x = s.x(i) + s.width / 2;
  return svg('text', { x, y: H - PLOT.bottom + 18, 'text-anchor': 'middle', class: 'chart-category' }, text);
}

/** The frame of a chart up to max with its y axis, and where each category's bar goes. */
function plot(
  c: { title: string; description: string; categories: readonly string[]; unit: string },
  className: string,
  max: number,
): { root: SVGElement; y: (v: number) => number; slot: Slots } {
  const { top, step, y } = scale(max);
  const root = frame(c.title, c.description, className);
  root.appendChild(yAxis(top, step, c.unit, y));
  return { root, y, slot: slots(c.categories.length) };
}

/** Bars per category, stacked by series, the total above each. */
export function stackedBarChart(c: StackedBars): SVGElement {
  const stacks = c.categories.map((_, i) => c.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const { root, y, slot } = plot(c, 'chart-stacked', Math.max(1, ...stacks, ...c.totals));
  const { x, width } = slot;
  c.categories.forEach((category, i) => {
    const bar = svg('g', { class: 'chart-bar', 'data-category': category });
    let base = 0;
    c.series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (v > 0)
        bar.appendChild(
          svg(
            'rect',
            { x: x(i), y: y(base + v), width, height: y(base) - y(base + v), class: `chart-series-${k}` },
            svg('title', {}, `${category} ${s.label} ${v}${c.unit}`),
          ),
        );
      base += v;
    });
    const total = c.totals[i] ?? 0;
    if (total !== stacks[i])
      bar.appendChild(
        svg('line', { x1: x(i) - 4, x2: x(i) + width + 4, y1: y(total), y2: y(total), class: 'chart-mark' }),
      );
    if (slot.roomy)
      bar.appendChild(
        svg(
          'text',
          {
            x: x(i) + width / 2,
            y: y(Math.max(total, stacks[i] ?? 0)) - 5,
            'text-anchor': 'middle',
            class: 'chart-total',
          },
          String(total),
        ),
      );
    const name = categoryLabel(slot, i, category);
    if (name) bar.appendChild(name);
    root.appendChild(bar);
  });
  return root;
}

/** A bar and a mark per category, read against a horizontal line. */
export function rangeChart(c: RangeChart): SVGElement {
  const values = [...c.bars, ...c.marks].filter((v): v is number => v !== null);
  const { root, y, slot } = plot(c, 'chart-range', Math.max(c.line.value * 1.15, ...values));
  const { x, width } = slot;
  c.categories.forEach((category, i) => {
    const g = svg('g', { class: 'chart-bar', 'data-category': category });
    const bar = c.bars[i] ?? null;
    const mark = c.marks[i] ?? null;
    if (bar !== null)
      g.appendChild(
        svg(
          'rect',
          { x: x(i), y: y(bar), width, height: y(0) - y(bar), class: 'chart-median' },
          svg('title', {}, `${category} ${c.barLabel} ${bar}${c.unit}`),
        ),
      );
    if (bar !== null && mark !== null)
      g.appendChild(
        svg('line', { x1: x(i) + width / 2, x2: x(i) + width / 2, y1: y(bar), y2: y(mark), class: 'chart-whisker' }),
      );
    if (mark !== null)
      g.appendChild(
        svg(
          'line',
          { x1: x(i), x2: x(i) + width, y1: y(mark), y2: y(mark), class: 'chart-mark chart-p90' },
          svg('title', {}, `${category} ${c.markLabel} ${mark}${c.unit}`),
        ),
      );
    if (bar === null && mark === null)
      g.appendChild(
        svg('text', { x: x(i) + width / 2, y: y(0) - 5, 'text-anchor': 'middle', class: 'chart-total' }, '—'),
      );
    const name = categoryLabel(slot, i, category);
    if (name) g.appendChild(name);
    root.appendChild(g);
  });
  root.appendChild(
    svg(
      'g',
      { class: 'chart-line' },
      svg('line', { x1: PLOT.left, x2: W - PLOT.right, y1: y(c.line.value), y2: y(c.line.value) }),
      svg('text', { x: W - PLOT.right, y: y(c.line.value) - 5, 'text-anchor': 'end' }, c.line.label),
    ),
  );
  return root;
}

/** The legend of a chart: a swatch in each series' class and its label. */
export function legend(labels: readonly { label: string; className: string }[]): HTMLElement {
  // Hidden from screen readers: the chart's description and the table name the same series.
  return h(
    'ul',
    { class: 'chart-legend', 'aria-hidden': 'true' },
    labels.map((l) =>
      h(
        'li',
        null,
        svg(
          'svg',
          { width: 14, height: 14, viewBox: '0 0 14 14', class: 'chart-swatch' },
          svg('rect', { width: 14, height: 14, class: l.className }),
        ),
        l.label,
      ),
    ),
  );
}
