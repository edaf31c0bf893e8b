// 会議: the list (newest first) and one conference — attendees, per case the discussion and the
// decisions in words, the actions with owner and due date (完了にする records one as done), the
// minutes; it prints as the 会議録 (A4).
import { ApiError, api, isAbort, seg } from '../api';
import { h, replace, setTitle, type Child } from '../dom';
import { takeFlash } from '../flash';
import { label } from '../labels';
import { may } from '../meta';
import { href, type RouteContext } from '../router';
import {
  agencyName,
  casePath,
  conferencePath,
  fact,
  loadAgencies,
  loadStaff,
  staffName,
  type Agency,
  type StaffMember,
} from '../cases';
import {
  lineSubject,
  lineSubjectOf,
  type Action,
  type Conference,
  type ConferenceSummary,
  type Decision,
  type LineSubject,
} from '../conferences';
import { printFoot, printHead } from '../health';
import type { List } from '../types';
import { button, linkButton, loading, messageBox } from '../ui';
import { formatWareki, todayJst } from '../wareki';
import { listPrintFoot, listPrintHead, openCell, openHeader } from '../components/listPrint';

export async function conferencesPage(ctx: RouteContext): Promise<void> {
  setTitle('会議');
  replace(ctx.main, loading());
  const r = await api.get<List<ConferenceSummary>>('/conferences', { query: { limit: 100 }, signal: ctx.signal });
  if (ctx.signal.aborted) return;
  const table = r.items.length
    ? h(
        'table',
        { class: 'table conferences' },
        h('caption', { class: 'visually-hidden' }, '会議（新しい順）'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, '開催日'),
            h('th', { scope: 'col' }, '種類'),
            h('th', { scope: 'col' }, '議題'),
            openHeader(),
          ),
        ),
        h(
          'tbody',
          null,
          r.items.map((c) =>
            h(
              'tr',
              null,
              h('td', { class: 'nowrap' }, formatWareki(c.held_on)),
              h('td', null, label('conference_kinds', c.kind)),
              h('td', null, `${(c.case_ids ?? []).length}件`),
              openCell(
                h(
                  'a',
                  {
                    href: href(conferencePath(c.id)),
                    'aria-label': `${formatWareki(c.held_on)}の${label('conference_kinds', c.kind)}を開く`,
                  },
                  '開く',
                ),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'empty-note' }, '会議の記録はまだありません。');
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-conferences' },
      listPrintHead(
        '会議の一覧',
        `新しい順・${r.items.length}件${r.next_cursor ? '（新しい100件まで）' : ''}`,
        ctx.user.name,
      ),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, '会議'),
        h(
          'div',
          { class: 'actions no-print' },
          may('case_write') ? linkButton('#/conferences/new', '会議を記録する', 'primary') : null,
          may('agency_read') ? linkButton('#/agencies', '関係機関（要対協）') : null,
          button('一覧を印刷', () => window.print(), 'quiet'),
        ),
      ),
      table,
      listPrintFoot(),
    ),
  );
}

function decisionText(d: Decision, sub: LineSubject | undefined): string {
  const who = d.person_id ? sub?.persons.get(d.person_id) : null;
  const name = who ? [who.family_name, who.given_name].filter(Boolean).join(' ') : '';
  const parts: string[] = [];
  if (d.category) parts.push(`${name}さんを${label('case_categories', d.category)}に指定`);
  if (d.register === true) parts.push(`${name}さんを要対協に登録`);
  if (d.register === false) parts.push(`${name}さんの要対協登録を解除`);
  if (d.pregnancy_id && !d.category) parts.push('特定妊婦としない（見送り）');
  if (d.policy) parts.push(`支援方針: ${d.policy}`);
  if (d.note) parts.push(`備考: ${d.note}`);
  return parts.join('　');
}

function ownerText(a: Action, staff: StaffMember[], agencies: Agency[]): string {
  if (a.owner_name) return a.owner_name;
  return a.owner_agency_id ? agencyName(agencies, a.owner_agency_id) : staffName(staff, a.owner_id);
}

function actionsTable(
  ctx: RouteContext,
  c: Conference,
  staff: StaffMember[],
  agencies: Agency[],
  onDone: (c: Conference, msg: string) => void,
): HTMLElement {
  if (!c.actions.length) return h('p', { class: 'empty-note' }, '対応の取り決めはありません。');
  const today = todayJst();
  return h(
    'table',
    { class: 'table conference-actions' },
    h('caption', { class: 'visually-hidden' }, '対応（担当と期限）'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '対応すること'),
        h('th', { scope: 'col' }, '担当'),
        h('th', { scope: 'col' }, '期限'),
        h('th', { scope: 'col' }, '完了'),
      ),
    ),
    h(
      'tbody',
      null,
      c.actions.map((a) => {
        const overdue = !a.done_on && a.due_on < today;
        let cell: Child = a.done_on ? [h('span', { class: 'tag tag-ok' }, '完了'), formatWareki(a.done_on)] : '未完了';
        if (!a.done_on && may('case_write') && a.id) {
          const b = button('完了にする', async () => {
            b.disabled = true;
            try {
              const next = await api.post<Conference>(
                `${conferencePath(c.id)}/actions/${seg(a.id ?? '')}/done`,
                { on: today },
                { signal: ctx.signal },
              );
              onDone(
                next && next.actions ? next : await api.get<Conference>(conferencePath(c.id), { signal: ctx.signal }),
                `「${a.what}」を完了にしました。`,
              );
            } catch (e) {
              if (isAbort(e)) return;
              b.disabled = false;
              b.after(messageBox('error', e instanceof ApiError ? e.message : '記録できませんでした。'));
            }
          });
          b.setAttribute('aria-label', `「${a.what}」を完了にする`);
          cell = [
            overdue ? h('span', { class: 'tag tag-alert' }, '期限超過') : '未完了',
            ' ',
            h('span', { class: 'no-print' }, b),
          ];
        }
        return h(
          'tr',
          { class: overdue ? 'is-overdue' : undefined, 'data-action': a.id },
          h('td', { class: 'pre' }, a.what),
          h('td', null, ownerText(a, staff, agencies)),
          h('td', { class: 'nowrap' }, formatWareki(a.due_on)),
          h('td', null, cell),
        );
      }),
    ),
  );
}

export async function conferencePage(ctx: RouteContext): Promise<void> {
  const id = ctx.params.id as string;
  setTitle('会議録');
  replace(ctx.main, loading());
  const first = await api.get<Conference>(conferencePath(id), { signal: ctx.signal });
  const [staff, agencies] = await Promise.all([loadStaff(ctx.user, ctx.signal), loadAgencies(ctx.signal)]);
  const subjects = new Map<string, LineSubject>();
  const refs: { case_id?: string | null; pregnancy_id?: string | null }[] = [
    ...first.case_ids.map((x) => ({ case_id: x })),
    ...first.decisions.filter((d) => d.pregnancy_id && !d.case_id).map((d) => ({ pregnancy_id: d.pregnancy_id })),
  ];
  for (const k of first.cases ?? []) {
    const sub = lineSubjectOf({ case_id: k.case_id, subjects: k.subjects, lead_name: k.lead_name, reasons: [] });
    if (sub) subjects.set(k.case_id, sub);
  }
  await Promise.all(
    refs
      .filter((ref) => !subjects.has(ref.case_id ?? ''))
      .map(async (ref) => {
        const key = ref.case_id ?? `p:${ref.pregnancy_id}`;
        try {
          subjects.set(key, await lineSubject(ref, ctx.signal));
        } catch (e) {
          if (ctx.signal.aborted) throw e;
        }
      }),
  );
  if (ctx.signal.aborted) return;
  const render = (c: Conference, message: string | null) => {
    const title = `${label('conference_kinds', c.kind)}　${formatWareki(c.held_on)}`;
    setTitle(`会議録（${title}）`);
    const discussion = (cid: string) => c.cases?.find((x) => x.case_id === cid)?.discussion ?? '';
    const lines = [
      ...c.case_ids.map((cid) => ({
        key: cid,
        caseId: cid as string | null,
        decisions: c.decisions.filter((d) => d.case_id === cid),
      })),
      ...c.decisions
        .filter((d) => d.pregnancy_id && !d.case_id)
        .map((d) => ({ key: `p:${d.pregnancy_id}`, caseId: null, decisions: [d] })),
    ];
    const msg = message ? messageBox('success', message) : null;
    replace(
      ctx.main,
      h(
        'article',
        { class: 'page page-record page-conference', 'aria-labelledby': 'conf-h' },
        printHead('会議録', ctx.user.name),
        msg ? h('div', { class: 'flash no-print' }, msg) : null,
        h('p', { class: 'breadcrumb no-print' }, h('a', { href: '#/conferences' }, '会議'), ` ＞ ${title}`),
        h(
          'div',
          { class: 'page-head' },
          h('h1', { class: 'page-title', id: 'conf-h', tabindex: '-1' }, `会議録　${title}`),
          h(
            'div',
            { class: 'actions no-print' },
            button('印刷（会議録）', () => window.print(), 'quiet'),
          ),
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'conf-facts-h' },
          h('h2', { id: 'conf-facts-h' }, '開催'),
          h(
            'dl',
            { class: 'facts' },
            fact('会議', label('conference_kinds', c.kind)),
            fact('開催日', formatWareki(c.held_on)),
            fact('場所', c.place ?? ''),
            fact('司会', c.chair_name || staffName(staff, c.chair_id)),
            fact('出席者', c.attendees.map((a) => (a.agency ? `${a.name}（${a.agency}）` : a.name)).join('、')),
          ),
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'conf-lines-h' },
          h('h2', { id: 'conf-lines-h' }, '協議と決定'),
          lines.length
            ? h(
                'ol',
                { class: 'conference-lines' },
                lines.map((l) => {
                  const sub = subjects.get(l.key);
                  return h(
                    'li',
                    { class: 'conference-line', 'data-case': l.caseId ?? undefined },
                    h(
                      'h3',
                      null,
                      l.caseId
                        ? h('a', { href: href(casePath(l.caseId)) }, sub?.title ?? 'ケース')
                        : (sub?.title ?? '特定妊婦候補'),
                    ),
                    l.caseId && discussion(l.caseId) ? h('p', { class: 'pre' }, discussion(l.caseId)) : null,
                    l.decisions.length
                      ? h(
                          'ul',
                          { class: 'decisions' },
                          l.decisions.map((d) => h('li', null, decisionText(d, sub))),
                        )
                      : h('p', { class: 'empty-note' }, '決定事項なし'),
                  );
                }),
              )
            : h('p', { class: 'empty-note' }, '議題はありません。'),
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'conf-actions-h' },
          h('h2', { id: 'conf-actions-h' }, '対応（担当と期限）'),
          actionsTable(ctx, c, staff, agencies, (next, m) => render(next, m)),
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'conf-minutes-h' },
          h('h2', { id: 'conf-minutes-h' }, '会議録'),
          c.minutes ? h('p', { class: 'pre' }, c.minutes) : h('p', { class: 'empty-note' }, '記録なし'),
        ),
        printFoot(),
      ),
    );
    if (msg) {
      msg.setAttribute('tabindex', '-1');
      msg.focus();
    }
  };
  render(first, takeFlash()?.message ?? null);
}
