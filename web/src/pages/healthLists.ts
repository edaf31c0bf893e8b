// 母子保健 業務一覧 (what needs doing: alerts — overdue first —, today's visits, screenings to
// follow up) and the 特定妊婦候補 list.
import { may } from '../meta';
import { api, isAbort } from '../api';
import { dueClock, dueText } from '../dueText';
import { h, replace, setTitle, type Child } from '../dom';
import {
  allPages,
  candidateMark,
  flagsInline,
  incompleteText,
  pregnancyMark,
  pregnancyRowClass,
  pregnancyScoreText,
  visitStatusMark,
  visitTitle,
  weeksText,
} from '../health';
import { label } from '../labels';
import { href, type RouteContext } from '../router';
import type { Alert, List, Pregnancy, Screening, Visit } from '../types';
import { button, errorText, fullKana, fullName, linkButton, loading, messageBox } from '../ui';
import { formatWareki, isoDateOf, isoOf, parseIso, todayJst } from '../wareki';
import { listPrintFoot, listPrintHead, openCell, openHeader } from '../components/listPrint';

function personLink(
  p:
    | {
        id: string;
        family_name?: string | null;
        given_name?: string | null;
        family_name_kana?: string | null;
        given_name_kana?: string | null;
      }
    | null
    | undefined,
  fallbackId?: string,
): Child {
  if (!p) return fallbackId ? h('a', { href: href(`/persons/${encodeURIComponent(fallbackId)}`) }, fallbackId) : '—';
  return [
    h(
      'a',
      { href: href(`/persons/${encodeURIComponent(p.id)}`), class: 'strong-link' },
      fullName(p) || '（氏名未登録）',
    ),
    h('span', { class: 'member-kana' }, fullKana(p)),
  ];
}

function refHref(a: Alert): string | null {
  if (!a.ref) return null;
  const id = encodeURIComponent(a.ref.id);
  if (a.ref.type === 'person') return href(`/persons/${id}`);
  if (a.ref.type === 'visit') return href(`/health/visits/${id}`);
  if (a.ref.type === 'screening') return href(`/health/screenings/${id}`);
  if (a.ref.type === 'pregnancy') return href(`/health/pregnancies/${id}`);
  if (a.ref.type === 'plan' && a.case_id) return href(`/cases/${encodeURIComponent(a.case_id)}/plans/${id}`);
  return null;
}

function section(id: string, title: string, count: number | null, ...content: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'section-block worklist-block', 'aria-labelledby': id },
    h('h2', { id }, title, count !== null ? h('span', { class: 'count' }, `${count}件`) : null),
    ...content,
  );
}

function failed(e: unknown): HTMLElement {
  return messageBox('error', `読み込めませんでした: ${errorText(e)}`);
}

/**
 * The 母子保健 items of the alert board, in the server's order (自傷の考え first, then overdue
 * first, then the nearest due date). Only what can be opened here is listed: an item without a
 * link (a 現認 of the welfare section) is left out.
 */
/** The alert board is asked in pages of this size, the most api.md allows: one request. */
export const BOARD_PAGE = 500;

/** The address to visit on a board row: 「住所秘匿」 for a protected one (never its text). */
export function addressCell(a: Alert): HTMLElement {
  if (a.address_protected) return h('td', { class: 'address' }, h('span', { class: 'tag tag-protected' }, '住所秘匿'));
  return h('td', { class: 'address' }, a.address || h('span', { class: 'muted' }, '（住所未登録）'));
}

export function alertsTable(items: Alert[]): HTMLElement {
  const sorted = items.filter((a) => refHref(a) !== null);
  if (!sorted.length) return h('p', { class: 'empty-note' }, '期限のある対応はありません。');
  return h('div', { class: 'table-wrap' }, alertRows(sorted));
}

function alertRows(sorted: Alert[]): HTMLElement {
  return h(
    'table',
    { class: 'table alerts' },
    h('caption', { class: 'visually-hidden' }, '期限のある対応（期限切れが先）'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '期限'),
        h('th', { scope: 'col' }, '内容'),
        h('th', { scope: 'col' }, '対象者'),
        h('th', { scope: 'col' }, '訪問先'),
        openHeader(),
      ),
    ),
    h(
      'tbody',
      null,
      sorted.map((a) => {
        const link = refHref(a);
        const due = isoDateOf(a.due_at);
        return h(
          'tr',
          {
            class: [a.overdue ? 'is-overdue' : undefined, a.kind === 'epds_self_harm' ? 'is-self-harm' : undefined],
            'data-kind': a.kind,
          },
          h(
            'td',
            { class: 'nowrap' },
            a.overdue ? h('span', { class: 'tag tag-alert' }, '期限切れ') : null,
            h('time', { datetime: due, class: 'due' }, formatWareki(due)),
            h('span', { class: 'member-kana due-in' }, dueText(dueClock(Date.parse(a.due_at), Date.now()), 'board')),
          ),
          h('td', null, a.label || label('alert_kinds', a.kind)),
          h(
            'td',
            null,
            personLink(a.person),
            a.person?.birth_date ? h('span', { class: 'member-kana' }, `${formatWareki(a.person.birth_date)}生`) : null,
          ),
          addressCell(a),
          openCell(
            h(
              'a',
              { href: link ?? '#', 'aria-label': `${a.label}（${a.person ? fullName(a.person) : ''}）を開く` },
              '開く',
            ),
          ),
        );
      }),
    ),
  );
}

/** Days ahead (and behind, for a scheduled visit not yet recorded) the worklist shows plans for. */
export const PLANNED_DAYS_AHEAD = 14;
export const PLANNED_DAYS_BEHIND = 30;

function addDaysIso(iso: string, days: number): string {
  const d = parseIso(iso);
  if (!d) return iso;
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d) + days * 86400e3);
  return isoOf({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/**
 * The plans of the coming days: visits and check-ups scheduled, and the next contacts the visits
 * named; a scheduled visit whose day has passed without a record stays, marked 予定日超過.
 */
function plannedTable(items: Visit[], today: string): HTMLElement {
  if (!items.length) return h('p', { class: 'empty-note' }, '予定の訪問・連絡はありません。');
  return h(
    'table',
    { class: 'table planned' },
    h('caption', { class: 'visually-hidden' }, `予定の訪問・次回の連絡（${PLANNED_DAYS_AHEAD}日以内、日付順）`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '予定日'),
        h('th', { scope: 'col' }, '予定'),
        h('th', { scope: 'col' }, '対象者'),
        h('th', { scope: 'col' }, '担当'),
        openHeader(),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((v) => {
        const on = v.planned_on ?? v.on;
        const late = on < today;
        const what =
          v.planned === 'next_contact'
            ? `次回の${label('contact_kinds', v.next_contact_kind ?? '') || '連絡'}（${visitTitle(v)}から）`
            : visitTitle(v);
        return h(
          'tr',
          { class: late ? 'is-overdue' : undefined, 'data-planned': v.planned ?? 'visit' },
          h(
            'td',
            { class: 'nowrap' },
            late ? h('span', { class: 'tag tag-alert' }, '予定日超過') : null,
            h('time', { datetime: on }, formatWareki(on)),
          ),
          h('td', null, what),
          h('td', null, personLink(v.person, v.person_id)),
          h('td', null, v.staff || ''),
          openCell(
            h(
              'a',
              {
                href: href(`/health/visits/${encodeURIComponent(v.id)}`),
                'aria-label': `${what}（${v.person ? fullName(v.person) : ''}）を開く`,
              },
              '開く',
            ),
          ),
        );
      }),
    ),
  );
}

function visitsTable(items: Visit[]): HTMLElement {
  if (!items.length) return h('p', { class: 'empty-note' }, '今日の訪問・健診の記録はありません。');
  return h(
    'table',
    { class: 'table' },
    h('caption', { class: 'visually-hidden' }, '今日の訪問・健診'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '対象者'),
        h('th', { scope: 'col' }, '種別'),
        h('th', { scope: 'col' }, '状況'),
        h('th', { scope: 'col' }, '担当'),
        openHeader(),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((v) =>
        h(
          'tr',
          { class: v.status === 'missed' ? 'is-missed' : undefined },
          h('td', null, personLink(v.person, v.person_id)),
          h('td', null, visitTitle(v)),
          h('td', null, visitStatusMark(v)),
          h('td', null, v.staff || ''),
          openCell(
            h(
              'a',
              {
                href: href(`/health/visits/${encodeURIComponent(v.id)}`),
                'aria-label': `${visitTitle(v)}（${v.person ? fullName(v.person) : ''}）を開く`,
              },
              '開く',
            ),
          ),
        ),
      ),
    ),
  );
}

export function screeningsTable(
  items: Screening[],
  caption: string,
  opts: { person?: boolean } = { person: true },
): HTMLElement {
  return h(
    'table',
    { class: 'table screenings' },
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '実施日'),
        opts.person ? h('th', { scope: 'col' }, '回答者') : null,
        h('th', { scope: 'col' }, '質問票'),
        h('th', { scope: 'col' }, '点数'),
        h('th', { scope: 'col' }, '要フォローの項目'),
        h('th', { scope: 'col' }, 'フォロー'),
        openHeader(),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((s) =>
        h(
          'tr',
          { class: s.needs_followup ? 'needs-followup' : undefined },
          h('td', { class: 'nowrap' }, formatWareki(s.administered_on)),
          opts.person ? h('td', null, personLink(s.person, s.person_id)) : null,
          h('td', null, s.instrument_label || s.instrument),
          h('td', { class: 'num' }, `${s.score}点`),
          h('td', null, flagsInline(s.flags)),
          h(
            'td',
            null,
            s.followup
              ? h('span', { class: 'tag tag-ok' }, `済（${formatWareki(s.followup.on)}）`)
              : s.needs_followup
                ? h('span', { class: 'tag tag-alert' }, '要フォロー')
                : h('span', { class: 'muted' }, '—'),
          ),
          openCell(
            h(
              'a',
              {
                href: href(`/health/screenings/${encodeURIComponent(s.id)}`),
                'aria-label': `${s.instrument_label || s.instrument}（${formatWareki(s.administered_on)}）を開く`,
              },
              '開く',
            ),
          ),
        ),
      ),
    ),
  );
}

/** Interviews with questions not asked: they must not vanish, so the worklist keeps them in view. */
function incompleteTable(items: Pregnancy[], write: boolean): HTMLElement {
  return h(
    'table',
    { class: 'table incomplete-interviews' },
    h('caption', { class: 'visually-hidden' }, '面接未完了の妊娠届（新しい届出順）'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '母（妊婦）'),
        h('th', { scope: 'col' }, '届出日'),
        h('th', { scope: 'col' }, '面接'),
        openHeader(),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((p) => {
        const who = p.mother ? fullName(p.mother) : '';
        const path = `/health/pregnancies/${encodeURIComponent(p.id)}`;
        return h(
          'tr',
          { class: 'risk-row-incomplete' },
          h('td', null, personLink(p.mother, p.mother_id)),
          h('td', { class: 'nowrap' }, formatWareki(p.notified_on)),
          h('td', null, pregnancyMark(p), p.tokutei_ninpu_candidate ? [' ', candidateMark()] : null),
          openCell(
            write
              ? h(
                  'a',
                  { href: href(`${path}/edit`), 'aria-label': `${who}さんの面接を続ける（${incompleteText(p)}）` },
                  '面接を続ける',
                )
              : h('a', { href: href(path), 'aria-label': `${who}さんの妊娠届・面接を開く` }, '開く'),
          ),
        );
      }),
    ),
  );
}

/** What the printed worklist holds, in words (its lists have no filter of their own to choose). */
export function worklistFilterText(today: string): string {
  return [
    '母子保健の期限のある対応（すべて）',
    `今日（${formatWareki(today)}）の訪問・健診`,
    `予定の訪問・次回の連絡（${PLANNED_DAYS_BEHIND}日前〜${PLANNED_DAYS_AHEAD}日後）`,
    '要フォローの質問票',
    '面接未完了の妊娠届',
  ].join('・');
}

export async function worklistPage(ctx: RouteContext): Promise<void> {
  setTitle('母子保健 業務一覧');
  replace(ctx.main, loading());
  const today = todayJst();
  const settle = <T>(p: Promise<T>): Promise<T | Error> =>
    p.catch((e) => {
      if (isAbort(e)) throw e;
      return e as Error;
    });
  const [alerts, visits, screenings, incomplete, planned] = await Promise.all([
    // Only the 母子保健 items: a nurse does not act on the 現認 of a report (the welfare board).
    settle(allPages<Alert>('/alerts', { section: 'health' }, ctx.signal, BOARD_PAGE, BOARD_PAGE)),
    settle(allPages<Visit>('/visits', { on: today }, ctx.signal, 500)),
    settle(allPages<Screening>('/screenings', { needs_followup: 'true' }, ctx.signal, 500)),
    settle(allPages<Pregnancy>('/pregnancies', { incomplete: 'true' }, ctx.signal, 500)),
    settle(
      allPages<Visit>(
        '/visits',
        {
          planned_from: addDaysIso(today, -PLANNED_DAYS_BEHIND),
          planned_to: addDaysIso(today, PLANNED_DAYS_AHEAD),
        },
        ctx.signal,
        500,
        500,
      ),
    ),
  ]);
  // A past next contact cannot be known done: only scheduled visits are kept once their day is past.
  const plans = Array.isArray(planned)
    ? planned.filter((v) => v.planned !== 'next_contact' || (v.planned_on ?? '') >= today)
    : planned;
  if (ctx.signal.aborted) return;
  const write = may('health_write');
  const openable = Array.isArray(alerts) ? alerts.filter((a) => refHref(a) !== null) : alerts;
  const overdue = Array.isArray(openable) ? openable.filter((a) => a.overdue).length : 0;

  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-worklist' },
      listPrintHead('母子保健 業務一覧', worklistFilterText(today), ctx.user.name),
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          null,
          h('h1', { class: 'page-title', tabindex: '-1' }, '母子保健 業務一覧'),
          h('p', { class: 'lead' }, `${formatWareki(today)}（${today}）`),
        ),
        h(
          'div',
          { class: 'actions no-print' },
          write ? linkButton('#/health/pregnancies/new', '妊娠届・面接を記録', 'primary') : null,
          write ? linkButton('#/health/visits/new', '訪問・健診を記録') : null,
          write ? linkButton('#/health/screenings/new', '質問票を記録') : null,
          button('一覧を印刷', () => window.print(), 'quiet'),
        ),
      ),
      overdue ? messageBox('error', `期限切れの対応が${overdue}件あります。`) : null,
      section(
        'wl-alerts',
        '期限のある対応',
        Array.isArray(openable) ? openable.length : null,
        Array.isArray(openable) ? alertsTable(openable) : failed(openable),
      ),
      section(
        'wl-visits',
        '今日の訪問・健診',
        Array.isArray(visits) ? visits.length : null,
        Array.isArray(visits) ? visitsTable(visits) : failed(visits),
      ),
      section(
        'wl-planned',
        `予定の訪問・次回の連絡（${PLANNED_DAYS_AHEAD}日以内）`,
        Array.isArray(plans) ? plans.length : null,
        Array.isArray(plans) ? plannedTable(plans, today) : failed(plans),
      ),
      section(
        'wl-followup',
        '要フォローの質問票',
        Array.isArray(screenings) ? screenings.length : null,
        Array.isArray(screenings)
          ? screenings.length
            ? screeningsTable(screenings, '要フォローの質問票')
            : h('p', { class: 'empty-note' }, 'フォローが必要な質問票はありません。')
          : failed(screenings),
      ),
      section(
        'wl-incomplete',
        '面接未完了の妊娠届',
        Array.isArray(incomplete) ? incomplete.length : null,
        Array.isArray(incomplete)
          ? incomplete.length
            ? [
                h(
                  'p',
                  { class: 'hint' },
                  '確認していない質問が残っている面接です。確認して「なし」「あり」を記録すると、リスクの判定が確定します。',
                ),
                incompleteTable(incomplete, write),
              ]
            : h('p', { class: 'empty-note' }, '面接未完了の妊娠届はありません。')
          : failed(incomplete),
      ),
      listPrintFoot(),
    ),
  );
}

function candidateRow(p: Pregnancy): HTMLElement {
  return h(
    'tr',
    { class: pregnancyRowClass(p) },
    h(
      'td',
      null,
      personLink(p.mother, p.mother_id),
      typeof p.mother_age_at_notification === 'number'
        ? h('span', { class: 'member-kana' }, `届出時${p.mother_age_at_notification}歳`)
        : null,
    ),
    h('td', { class: 'nowrap' }, formatWareki(p.notified_on)),
    h(
      'td',
      { class: 'nowrap' },
      weeksText(p),
      p.notification_band ? h('span', { class: 'member-kana' }, p.notification_band.label) : null,
    ),
    h('td', { class: 'nowrap' }, pregnancyMark(p), h('span', { class: 'score-small' }, pregnancyScoreText(p))),
    h('td', null, flagsInline(p.flags)),
    openCell(
      h(
        'a',
        {
          href: href(`/health/pregnancies/${encodeURIComponent(p.id)}`),
          'aria-label': `${p.mother ? fullName(p.mother) : ''}さんの妊娠届・面接を開く`,
        },
        '開く',
      ),
    ),
  );
}

export async function candidatesPage(ctx: RouteContext): Promise<void> {
  setTitle('特定妊婦候補');
  replace(ctx.main, loading());
  const first = await api.get<List<Pregnancy>>('/pregnancies', {
    query: { candidate: 'true', limit: 100 },
    signal: ctx.signal,
  });
  if (ctx.signal.aborted) return;
  const tbody = h('tbody');
  const more = h('div', { class: 'results-more no-print' });
  const status = h('p', { class: 'search-status', role: 'status' });
  let count = 0;
  const add = (r: List<Pregnancy>) => {
    for (const p of r.items) tbody.appendChild(candidateRow(p));
    count += r.items.length;
    status.textContent = `${count}件${r.next_cursor ? '以上' : ''}`;
    replace(
      more,
      r.next_cursor
        ? button('さらに表示', async (ev) => {
            const b = ev.currentTarget as HTMLButtonElement;
            b.disabled = true;
            try {
              add(
                await api.get<List<Pregnancy>>('/pregnancies', {
                  query: { candidate: 'true', limit: 100, cursor: r.next_cursor },
                  signal: ctx.signal,
                }),
              );
            } catch (e) {
              if (!isAbort(e)) replace(more, messageBox('error', errorText(e)));
            }
          })
        : null,
    );
  };
  add(first);
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-candidates' },
      listPrintHead('特定妊婦候補', '特定妊婦の候補となった妊娠届（新しい届出順）', ctx.user.name),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, '特定妊婦候補'),
        h(
          'div',
          { class: 'actions no-print' },
          button('印刷', () => window.print(), 'quiet'),
        ),
      ),
      h(
        'p',
        { class: 'lead' },
        '妊娠届・たまご面接の判定で特定妊婦の候補となった方です（新しい届出順）。支援の要否を検討し、必要なら要保護児童対策地域協議会に登録してください。',
      ),
      h(
        'p',
        { class: 'hint' },
        '面接未完了の届出は、確認済みの項目だけで候補となったときにここに表示されます。面接未完了の一覧は「母子保健 業務一覧」にあります。',
      ),
      status,
      count
        ? h(
            'table',
            { class: 'table candidates' },
            h('caption', { class: 'visually-hidden' }, '特定妊婦候補の一覧'),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, '母（妊婦）'),
                h('th', { scope: 'col' }, '届出日'),
                h('th', { scope: 'col' }, '週数'),
                h('th', { scope: 'col' }, 'リスク'),
                h('th', { scope: 'col' }, '該当した項目'),
                openHeader(),
              ),
            ),
            tbody,
          )
        : h('p', { class: 'empty-note' }, '特定妊婦候補はいません。'),
      more,
      listPrintFoot(),
    ),
  );
}
