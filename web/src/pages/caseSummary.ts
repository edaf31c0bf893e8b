// 情報提供書: the A4 summary of a case for the municipality a family moved to — plain Japanese,
// 和暦 dates, no codes and no address (GET /cases/{id}/summary; the case itself fills what the
// summary does not carry).
import { api } from '../api';
import { h, replace, setTitle, type Child } from '../dom';
import { label } from '../labels';
import { type RouteContext } from '../router';
import { casePath, casePersons, loadStaff, personOf, staffName, subjectName, type CaseRecord } from '../cases';
import type { List } from '../types';
import type { ConferenceSummary } from '../conferences';
import { button, fullKana, loading } from '../ui';
import { formatWareki, todayJst } from '../wareki';

/** GET /cases/{id}/summary (the fields the paper uses; all optional while the endpoint is new). */
interface CaseSummary {
  household?: { name: string | null; address: string | null; address_withheld: boolean };
  policy?: string | null;
  lead_name?: string | null;
  plan?: {
    status: string;
    long_term_goal: string | null;
    short_term_goals: string | null;
    services: { what: string; who: string | null; how_often: string | null }[];
  } | null;
  conferences?: { held_on: string; kind: string; kind_label?: string }[];
  open_actions?: { what: string; due_on: string; owner: string | null }[];
}

function planBlock(plan: NonNullable<CaseSummary['plan']>): Child[] {
  return [
    h('h2', null, `支援計画（サポートプラン${plan.status === 'approved' ? '' : '・案'}）`),
    plan.long_term_goal ? h('p', { class: 'pre' }, `長期目標: ${plan.long_term_goal}`) : null,
    plan.short_term_goals ? h('p', { class: 'pre' }, `短期目標: ${plan.short_term_goals}`) : null,
    plan.services.length
      ? h(
          'ul',
          null,
          plan.services.map((x) =>
            h('li', null, [x.what, x.who ? `（${x.who}）` : '', x.how_often ? `　${x.how_often}` : ''].join('')),
          ),
        )
      : null,
  ];
}

export async function caseSummaryPage(ctx: RouteContext): Promise<void> {
  const id = ctx.params.id as string;
  setTitle('情報提供書');
  replace(ctx.main, loading());
  const s = ctx.signal;
  const [c, summary, confs, staff] = await Promise.all([
    api.get<CaseRecord>(casePath(id), { signal: s }),
    api.get<CaseSummary>(`${casePath(id)}/summary`, { signal: s }).catch(() => ({}) as CaseSummary),
    api
      .get<List<ConferenceSummary>>('/conferences', { query: { case_id: id, limit: 100 }, signal: s })
      .catch(() => ({ items: [] as ConferenceSummary[] })),
    loadStaff(ctx.user, s),
  ]);
  const persons = await casePersons(c, s);
  if (s.aborted) return;
  const history = (summary.conferences ?? confs.items)
    .slice()
    .sort((a, b) => a.held_on.localeCompare(b.held_on))
    .map((k) => ({ on: k.held_on, text: `${label('conference_kinds', k.kind)}で協議` }));
  // The household's address only when nobody in it is marked 住所秘匿 (the summary says so).
  const address = summary.household && !summary.household.address_withheld ? summary.household.address : null;
  const policy = summary.policy ?? c.policy ?? '';
  replace(
    ctx.main,
    h(
      'article',
      { class: 'page page-summary', 'aria-labelledby': 'sum-h' },
      h(
        'div',
        { class: 'actions no-print' },
        button('印刷', () => window.print(), 'primary'),
        h('a', { href: `#${casePath(id)}`, class: 'button button-quiet' }, 'ケースに戻る'),
      ),
      h('p', { class: 'summary-date' }, formatWareki(todayJst())),
      h('p', { class: 'summary-to' }, `${c.moved_to ?? '転出先'}　こども家庭センター（母子保健・児童福祉）ご担当者様`),
      h('p', { class: 'summary-from' }, 'こども家庭センター'),
      h('h1', { id: 'sum-h', class: 'page-title summary-title', tabindex: '-1' }, '支援に関する情報提供書'),
      h(
        'p',
        null,
        `下記の方が${c.closed_on ? `${formatWareki(c.closed_on)}に` : ''}貴市区町村へ転出されました。当センターでのこれまでの支援の経過をお知らせしますので、引き続きの支援をお願いいたします。`,
      ),
      h('h2', null, '対象の方'),
      h(
        'table',
        { class: 'table summary-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, '氏名'),
            h('th', { scope: 'col' }, 'フリガナ'),
            h('th', { scope: 'col' }, '生年月日'),
            h('th', { scope: 'col' }, '支援の区分'),
          ),
        ),
        h(
          'tbody',
          null,
          c.subjects.map((x) => {
            const p = personOf(x, persons);
            return h(
              'tr',
              null,
              h('td', null, subjectName(x, persons)),
              h('td', null, p ? fullKana(p) : ''),
              h('td', null, p?.birth_date ? formatWareki(p.birth_date) : '不明'),
              h(
                'td',
                null,
                `${label('case_categories', x.category)}${x.youtaikyo ? '（要保護児童対策地域協議会に登録）' : ''}`,
              ),
            );
          }),
        ),
      ),
      address ? h('p', null, `転出前の住所: ${address}`) : null,
      h('h2', null, '支援の期間'),
      h(
        'p',
        null,
        `${c.opened_on ? formatWareki(c.opened_on) : ''}から${c.closed_on ? formatWareki(c.closed_on) : ''}まで`,
      ),
      h('h2', null, '支援の経過'),
      history.length
        ? h(
            'ul',
            { class: 'summary-history' },
            history.map((x) => h('li', null, `${formatWareki(x.on)}　${x.text}`)),
          )
        : h('p', null, '記録された会議はありません。'),
      h('h2', null, '支援の方針'),
      h('p', { class: 'pre' }, policy || '（記載なし）'),
      summary.plan ? planBlock(summary.plan) : null,
      summary.open_actions?.length
        ? [
            h('h2', null, '継続中の対応'),
            h(
              'ul',
              null,
              summary.open_actions.map((a) =>
                h('li', null, `${a.what}（期限 ${formatWareki(a.due_on)}${a.owner ? `・${a.owner}` : ''}）`),
              ),
            ),
          ]
        : null,
      h('h2', null, '担当'),
      h('p', null, `主担当　${summary.lead_name ?? c.lead_name ?? staffName(staff, c.lead_id)}`),
      h('p', { class: 'summary-foot' }, '個人情報を含みます。目的以外に使用せず、取扱いに注意してください。'),
    ),
  );
}
