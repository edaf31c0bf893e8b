// The 母子保健 panel of 利用者の記録: the person's pregnancies (level, flags, 特定妊婦候補),
// questionnaires (score, flags, follow-up) and visits and check-ups (未受診 highlighted), with
// buttons to record new ones for the roles that may write; for a child, the 妊娠届 it was born of
// (「出生時の妊娠届」). Loaded after the page is shown.
import { may } from './meta';
import { api, isAbort } from './api';
import { h, replace } from './dom';
import {
  allPages,
  candidateMark,
  flagsInline,
  followupState,
  motherProblem,
  pregnancyMark,
  pregnancyRowClass,
  pregnancyScoreText,
  respondentProblem,
  visitStatusMark,
  visitTitle,
  weeksText,
} from './health';
import { QUESTIONNAIRES, INSTRUMENTS } from './questionnaires';
import { href, type RouteContext } from './router';
import type { PersonSummary, Pregnancy, Screening, Visit } from './types';
import { errorText, fullName, linkButton, loading, messageBox } from './ui';
import { formatWareki, todayJst } from './wareki';
import { screeningsTable } from './pages/healthLists';

function pregnanciesTable(items: Pregnancy[]): HTMLElement {
  return h(
    'table',
    { class: 'table' },
    h('caption', { class: 'visually-hidden' }, '妊娠届・たまご面接'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '届出日'),
        h('th', { scope: 'col' }, '週数'),
        h('th', { scope: 'col' }, 'リスク'),
        h('th', { scope: 'col' }, '該当した項目'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, '操作')),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((p) =>
        h(
          'tr',
          { class: pregnancyRowClass(p) },
          h('td', { class: 'nowrap' }, formatWareki(p.notified_on)),
          h(
            'td',
            { class: 'nowrap' },
            weeksText(p),
            p.notification_band ? h('span', { class: 'member-kana' }, p.notification_band.label) : null,
          ),
          h(
            'td',
            { class: 'nowrap' },
            pregnancyMark(p),
            h('span', { class: 'score-small' }, pregnancyScoreText(p)),
            p.tokutei_ninpu_candidate ? h('div', null, candidateMark()) : null,
          ),
          h('td', null, flagsInline(p.flags)),
          h(
            'td',
            null,
            h(
              'a',
              {
                href: href(`/health/pregnancies/${encodeURIComponent(p.id)}`),
                'aria-label': `${formatWareki(p.notified_on)}の妊娠届・面接を開く`,
              },
              '開く',
            ),
          ),
        ),
      ),
    ),
  );
}

function visitsTable(items: Visit[]): HTMLElement {
  return h(
    'table',
    { class: 'table' },
    h('caption', { class: 'visually-hidden' }, '訪問・健診'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '日付'),
        h('th', { scope: 'col' }, '種別'),
        h('th', { scope: 'col' }, '状況'),
        h('th', { scope: 'col' }, '担当'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, '操作')),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((v) =>
        h(
          'tr',
          { class: v.status === 'missed' ? 'is-missed' : undefined },
          h('td', { class: 'nowrap' }, formatWareki(v.on)),
          h('td', null, visitTitle(v)),
          h('td', null, visitStatusMark(v), v.status === 'missed' ? followupState(!v.followup, v.followup) : null),
          h('td', null, v.staff || ''),
          h(
            'td',
            null,
            h(
              'a',
              {
                href: href(`/health/visits/${encodeURIComponent(v.id)}`),
                'aria-label': `${formatWareki(v.on)}の${visitTitle(v)}を開く`,
              },
              '開く',
            ),
          ),
        ),
      ),
    ),
  );
}

function part(id: string, title: string, count: number | Error, table: () => HTMLElement, empty: string): HTMLElement {
  return h(
    'div',
    { class: 'health-part', 'aria-labelledby': id, role: 'group' },
    h('h3', { id }, title, typeof count === 'number' ? h('span', { class: 'count' }, `${count}件`) : null),
    count instanceof Error
      ? messageBox('error', `読み込めませんでした: ${errorText(count)}`)
      : count === 0
        ? h('p', { class: 'empty-note' }, empty)
        : table(),
  );
}

/** 「出生時の妊娠届：母 ◯◯」 linking to the pregnancy that lists this child among its 出生児. */
function birthPregnancy(mother: PersonSummary, p: Pregnancy): HTMLElement {
  const name = fullName(p.mother ?? mother) || '（氏名未登録）';
  return h(
    'p',
    { class: 'birth-pregnancy' },
    '出生時の妊娠届：',
    h('a', { href: href(`/health/pregnancies/${encodeURIComponent(p.id)}`) }, `母 ${name}`),
    h('span', { class: 'muted' }, `（${formatWareki(p.notified_on)}届出）`),
  );
}

/** The 妊娠届 that lists this person among its 出生児 (GET /pregnancies?child_id=), or null. */
async function pregnancyBornOf(childId: string, signal: AbortSignal): Promise<Pregnancy | null> {
  const r = await api.get<{ items: Pregnancy[] }>(`/pregnancies?child_id=${encodeURIComponent(childId)}&limit=1`, {
    signal,
  });
  return r.items[0] ?? null;
}

/**
 * The panel; for a child born of a recorded 妊娠届 it also shows that record
 * (「出生時の妊娠届：母 ◯◯」). `_child` (the household's mother) is no longer needed for that.
 * `subject` (the person's sex and birth date) decides which records are offered: a 妊娠届 only
 * for someone who could be the mother, questionnaires only from 10 years old (as the server).
 */
export function healthPanel(
  ctx: RouteContext,
  personId: string,
  _child: { mother: PersonSummary; birthDate?: string | null } | null = null,
  subject: { sex?: string | null; birth_date?: string | null } = {},
): HTMLElement {
  const write = may('health_write');
  const today = todayJst();
  const mayBeMother = !motherProblem(subject, today);
  const mayAnswer = !respondentProblem(subject, today);
  const body = h('div', { class: 'health-body' }, loading('母子保健の記録を読み込み中…'));
  const root = h(
    'section',
    { class: 'section-block health-panel', 'aria-labelledby': 'health-h', id: 'health' },
    h('h2', { id: 'health-h' }, '母子保健'),
    write
      ? h(
          'div',
          { class: 'health-actions no-print', role: 'group', 'aria-label': '母子保健の記録を追加' },
          mayBeMother
            ? linkButton(href('/health/pregnancies/new', { mother: personId }), '妊娠届・面接を記録', 'primary')
            : null,
          mayAnswer
            ? INSTRUMENTS.map((ins) =>
                linkButton(
                  href('/health/screenings/new', { instrument: ins, person: personId }),
                  `${QUESTIONNAIRES[ins].short}を記録`,
                ),
              )
            : null,
          linkButton(href('/health/visits/new', { from: personId }), '訪問・健診を記録'),
        )
      : h('p', { class: 'hint read-only-note' }, '閲覧のみです（記録は母子保健の担当者が行います）。'),
    body,
  );
  const settle = <T>(p: Promise<T>): Promise<T | Error> =>
    p.catch((e) => {
      if (isAbort(e)) throw e;
      return e as Error;
    });
  void Promise.all([
    settle(allPages<Pregnancy>('/pregnancies', { mother_id: personId }, ctx.signal, 200)),
    settle(allPages<Screening>('/screenings', { person_id: personId }, ctx.signal, 300)),
    settle(allPages<Visit>('/visits', { person_id: personId }, ctx.signal, 300)),
    settle(pregnancyBornOf(personId, ctx.signal)),
  ])
    .then(([pregs, screenings, visits, bornOf]) => {
      if (ctx.signal.aborted) return;
      const n = (x: unknown[] | Error) => (x instanceof Error ? x : x.length);
      // Secondary: when the mother's records cannot be read, the line is simply left out.
      const born = bornOf instanceof Error ? null : bornOf;
      replace(
        body,
        born && born.mother ? birthPregnancy(born.mother, born) : null,
        part(
          'hp-preg',
          '妊娠届・たまご面接',
          n(pregs),
          () => pregnanciesTable(pregs as Pregnancy[]),
          '妊娠届の記録はありません。',
        ),
        part(
          'hp-scr',
          '質問票（EPDS など）',
          n(screenings),
          () => screeningsTable(screenings as Screening[], '質問票', { person: false }),
          '質問票の記録はありません。',
        ),
        part(
          'hp-visit',
          '訪問・健診',
          n(visits),
          () => visitsTable(visits as Visit[]),
          '訪問・健診の記録はありません。',
        ),
      );
      root.setAttribute('data-loaded', 'true');
    })
    .catch((e) => {
      if (!isAbort(e) && !ctx.signal.aborted) replace(body, messageBox('error', errorText(e)));
    });
  return root;
}
