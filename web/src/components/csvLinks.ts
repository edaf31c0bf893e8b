// The download links of one CSV: UTF-8 with a BOM (today's Excel opens it with Japanese intact)
// and Shift_JIS (CP932, ?encoding=cp932) for the older tools many offices still use. The server
// audits every download as an export.
import { h } from '../dom';

export function csvLinks(path: string, text: string): HTMLElement[] {
  const cp932 = `${path}${path.includes('?') ? '&' : '?'}encoding=cp932`;
  return [
    h('a', { href: path, class: 'button button-secondary', download: '' }, text),
    h('a', { href: cp932, class: 'button button-quiet', download: '' }, `${text}（Shift_JIS）`),
  ];
}
