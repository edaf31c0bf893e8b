// The scaffold of every form page: the breadcrumb, the page heading (focused after navigation,
// see main.ts) with its actions, then the form. The form-level error area stays inside each form
// (formAlert(), first child), where showApiError/showFormError look for it.
import { h, pageHeading, type Child } from '../dom';

export interface FormPageOptions {
  /** The heading's text, or a heading the page built already (pageHeading()). */
  title: string | HTMLHeadingElement;
  titleId?: string;
  /** The way back: links, then this page's name; shown joined by ＞. */
  crumbs?: Child[];
  /** Classes beside page and page-form (page-wide, page-questionnaire, …). */
  classes?: string[];
  /** Buttons beside the heading (印刷). */
  actions?: Child;
  /** Before the breadcrumb (the print header). */
  top?: Child;
  /** Between the breadcrumb and the heading (tabs). */
  nav?: Child;
}

function breadcrumb(crumbs: Child[]): HTMLElement {
  const parts: Child[] = [];
  crumbs.forEach((c, i) => parts.push(i ? ' ＞ ' : null, c));
  return h('p', { class: 'breadcrumb' }, parts);
}

export function formPage(o: FormPageOptions, ...body: Child[]): HTMLElement {
  const heading = typeof o.title === 'string' ? pageHeading(o.title, 'h1', o.titleId) : o.title;
  return h(
    'div',
    { class: ['page', 'page-form', ...(o.classes ?? [])] },
    o.top,
    o.crumbs?.length ? breadcrumb(o.crumbs) : null,
    o.nav,
    o.actions ? h('div', { class: 'page-head' }, heading, h('div', { class: 'actions no-print' }, o.actions)) : heading,
    body,
  );
}
