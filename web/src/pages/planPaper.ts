// The サポートプラン as the family receives it (A4, plain Japanese, 和暦): the family's names, the
// sections in everyday words, the services as a table, whom to call in an emergency, the next
// review, and the 受け取り確認 with date and signature lines. Nothing internal is on it: no ids,
// codes, version or status marks, staff names or buttons. On screen it is the plan's content;
// printed, it is the whole page (the rest of the page is .no-print).
import { h, type Child } from '../dom';
import type { Plan } from '../types';
import { fullName } from '../ui';
import { formatWareki, isoDateOf } from '../wareki';

/** The center's name as printed on what the family takes home. */
export const CENTER_NAME = 'こども家庭センター';

function paragraphs(text: string | null | undefined): Child {
  if (!text) return h('p', { class: 'plan-empty' }, '（記載なし）');
  return text.split(/\n+/).map((line) => h('p', null, line));
}

function section(title: string, ...body: Child[]): HTMLElement {
  return h('section', { class: 'plan-section' }, h('h2', null, title), body);
}

function period(from: string | null | undefined, to: string | null | undefined): string {
  if (!from && !to) return '';
  return `${from ? formatWareki(from) : ''}〜${to ? formatWareki(to) : ''}`;
}

function servicesTable(p: Plan): Child {
  if (!p.services.length) return h('p', { class: 'plan-empty' }, '（記載なし）');
  return h(
    'table',
    { class: 'table plan-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '支援の内容'),
        h('th', { scope: 'col' }, '担当'),
        h('th', { scope: 'col' }, '回数・頻度'),
        h('th', { scope: 'col' }, '期間'),
      ),
    ),
    h(
      'tbody',
      null,
      p.services.map((s) =>
        h(
          'tr',
          null,
          h('td', null, s.what),
          h('td', null, s.who ?? ''),
          h('td', null, s.how_often ?? ''),
          h('td', null, period(s.from, s.to)),
        ),
      ),
    ),
  );
}

function contactsTable(p: Plan): Child {
  if (!p.emergency_contacts.length) return h('p', { class: 'plan-empty' }, '（記載なし）');
  return h(
    'table',
    { class: 'table plan-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'お名前'),
        h('th', { scope: 'col' }, 'ご関係'),
        h('th', { scope: 'col' }, '電話番号'),
      ),
    ),
    h(
      'tbody',
      null,
      p.emergency_contacts.map((c) =>
        h('tr', null, h('td', null, c.name), h('td', null, c.relation ?? ''), h('td', null, c.phone ?? '')),
      ),
    ),
  );
}

function receipt(): HTMLElement {
  return h(
    'section',
    { class: 'plan-section plan-receipt' },
    h('h2', null, '受け取り確認'),
    h('p', null, 'このサポートプランの説明を受け、受け取りました。'),
    h('p', { class: 'plan-receipt-note' }, `ご不明な点は、いつでも${CENTER_NAME}にご相談ください。`),
    h(
      'dl',
      { class: 'plan-sign' },
      h('dt', null, '受け取った日'),
      h('dd', null, '令和　　　年　　　月　　　日'),
      h('dt', null, 'ご署名'),
      h('dd', { class: 'plan-sign-line' }, ''),
    ),
  );
}

/** The family's paper for plan p. */
export function planPaper(p: Plan): HTMLElement {
  const names = p.subjects.map((s) => `${fullName(s)} さん`).join('、');
  const made = p.approved_at ? isoDateOf(p.approved_at) : null;
  return h(
    'article',
    { class: 'plan-paper', 'aria-label': 'ご家族にお渡しするサポートプラン' },
    p.status === 'approved'
      ? null
      : h('p', { class: 'plan-draft-note' }, 'これは承認前の下書きです。ご家族にお渡しするものではありません。'),
    h('p', { class: 'plan-center' }, CENTER_NAME),
    h('h1', { class: 'plan-title' }, 'サポートプラン'),
    h('p', { class: 'plan-for' }, names ? `${names}へ` : ''),
    h(
      'p',
      { class: 'plan-dates' },
      made ? `作成日　${formatWareki(made)}` : '',
      p.handed_on ? `　お渡しした日　${formatWareki(p.handed_on)}` : '',
    ),
    section('ご家族のご希望', paragraphs(p.guardian_wishes)),
    section('お子さんの思い', paragraphs(p.child_views)),
    section('いまの様子と困っていること', paragraphs(p.situation)),
    section('めざす姿（長い目で見た目標）', paragraphs(p.long_term_goal)),
    section('当面の目標', paragraphs(p.short_term_goals)),
    section('受けられる支援', servicesTable(p)),
    section('困ったとき・緊急のときの連絡先', contactsTable(p)),
    section(
      '次にいっしょに見直す日',
      h('p', { class: 'plan-review-date' }, p.review_on ? formatWareki(p.review_on) : '（決まりしだいお知らせします）'),
    ),
    receipt(),
  );
}
