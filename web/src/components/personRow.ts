// A person as every result list shows them — search results, the person picker (its candidates,
// the chosen person and the possible duplicates), the household member picker: name, kana and
// birth in the classes the stylesheet lays out (.result-name, .result-kana, .result-birth).
import { h } from '../dom';
import type { PersonSummary } from '../types';
import { birthSummary, fullKana, fullName } from '../ui';

export interface PersonRowParts {
  name: HTMLElement;
  kana: HTMLElement;
  birth: HTMLElement;
}

/** The three parts, for a list that arranges them itself (the search page's two lines). */
export function personRowParts(p: PersonSummary, unnamed = '（氏名未登録）'): PersonRowParts {
  return {
    name: h('span', { class: 'result-name' }, fullName(p) || unnamed),
    kana: h('span', { class: 'result-kana' }, fullKana(p)),
    birth: h('span', { class: 'result-birth' }, birthSummary(p)),
  };
}

/** Name, kana and birth in that order. */
export function personRow(p: PersonSummary, unnamed?: string): HTMLElement[] {
  const { name, kana, birth } = personRowParts(p, unnamed);
  return [name, kana, birth];
}
