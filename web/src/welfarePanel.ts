// The 児童福祉 panel of 利用者の記録: the child's 通告・相談 (GET /reports?child_id=), the reports
// the person is named in as a guardian (GET /reports?guardian_id=; never the reporter) and — for the
// roles that read the 母子保健 records — the mother's latest 妊娠届 (risk level, flags, 特定妊婦候補)
// and EPDS (score, flags, follow-up), so that opening a child shows what the health section knows
// about the mother. Loaded after the page is shown.
import { may } from './meta';
import { api, isAbort } from './api';
import { h, replace } from './dom';
import { allPages, candidateMark, flagsInline, followupState, pregnancyMark, weeksText } from './health';
import { href, type RouteContext } from './router';
import type { List, PersonSummary, Pregnancy, Report, Screening } from './types';
import { errorText, fullName, linkButton, loading, messageBox } from './ui';
import { everyMinute } from './welfare';
import { formatWareki } from './wareki';
import { reportsTable } from './pages/reports';

function settle<T>(p: Promise<T>): Promise<T | Error> {
  return p.catch((e) => {
    if (isAbort(e)) throw e;
    return e as Error;
  });
}

function motherPart(
  mother: PersonSummary,
  preg: Pregnancy | null | Error,
  epds: Screening | null | Error,
): HTMLElement {
  const name = fullName(mother) || '（氏名未登録）';
  return h(
    'div',
    { class: 'health-part mother-flags', role: 'group', 'aria-labelledby': 'wp-mother' },
    h(
      'h3',
      { id: 'wp-mother' },
      '母の母子保健の情報　',
      h('a', { href: href(`/persons/${encodeURIComponent(mother.id)}`) }, name),
    ),
    h(
      'dl',
      { class: 'facts mother-facts' },
      h('dt', null, '妊娠届（最新）'),
      h(
        'dd',
        null,
        preg instanceof Error
          ? messageBox('error', `読み込めませんでした: ${errorText(preg)}`)
          : preg
            ? [
                h('span', { class: 'nowrap' }, `${formatWareki(preg.notified_on)}届出・${weeksText(preg)}`),
                ' ',
                pregnancyMark(preg),
                preg.tokutei_ninpu_candidate ? [' ', candidateMark()] : null,
                h('div', { class: 'mother-flag-line' }, flagsInline(preg.flags)),
                h(
                  'a',
                  { href: href(`/health/pregnancies/${encodeURIComponent(preg.id)}`), class: 'small-link no-print' },
                  '妊娠届・面接を開く',
                ),
              ]
            : h('span', { class: 'muted' }, '記録はありません'),
      ),
      h('dt', null, 'EPDS（最新）'),
      h(
        'dd',
        null,
        epds instanceof Error
          ? messageBox('error', `読み込めませんでした: ${errorText(epds)}`)
          : epds
            ? [
                h('span', { class: 'nowrap' }, `${formatWareki(epds.administered_on)}・${epds.score}点`),
                ' ',
                followupState(epds.needs_followup, epds.followup),
                h('div', { class: 'mother-flag-line' }, flagsInline(epds.flags)),
                h(
                  'a',
                  { href: href(`/health/screenings/${encodeURIComponent(epds.id)}`), class: 'small-link no-print' },
                  'EPDS を開く',
                ),
              ]
            : h('span', { class: 'muted' }, '記録はありません'),
      ),
    ),
  );
}

/** A child (under 18, or of unknown age: a child named in a call often has no birth date yet). */
export function isChild(p: Pick<PersonSummary, 'age'>): boolean {
  return typeof p.age !== 'number' || p.age < 18;
}

function reportsPart(
  id: string,
  title: string,
  caption: string,
  empty: string,
  reports: Report[] | Error,
  tickers: (() => void)[],
  compact: boolean,
): HTMLElement {
  return h(
    'div',
    { class: 'health-part', role: 'group', 'aria-labelledby': id },
    h('h3', { id }, title, Array.isArray(reports) ? h('span', { class: 'count' }, `${reports.length}件`) : null),
    reports instanceof Error
      ? messageBox('error', `読み込めませんでした: ${errorText(reports)}`)
      : reports.length
        ? h('div', { class: 'table-wrap' }, reportsTable(reports, caption, tickers, { compact }))
        : h('p', { class: 'empty-note' }, empty),
  );
}

/** `mother`: the mother in the child's household (if any), shown to the health readers only. */
export function welfarePanel(ctx: RouteContext, person: PersonSummary, mother: PersonSummary | null): HTMLElement {
  const personId = person.id;
  const child = isChild(person);
  const body = h('div', { class: 'welfare-body' }, loading('児童福祉の記録を読み込み中…'));
  const root = h(
    'section',
    { class: 'section-block welfare-panel', 'aria-labelledby': 'welfare-h', id: 'welfare' },
    h('h2', { id: 'welfare-h' }, '児童福祉'),
    may('report_create') && child
      ? h(
          'div',
          { class: 'health-actions no-print' },
          linkButton(href('/reports/new', { child: personId }), 'この子どもの通告・相談を受け付ける', 'primary'),
        )
      : null,
    body,
  );
  const showMother = !!mother && may('health_read');
  let tickers: (() => void)[] = [];
  everyMinute(ctx.signal, () => tickers.forEach((t) => t()));
  void Promise.all([
    settle(allPages<Report>('/reports', { child_id: personId }, ctx.signal, 200)),
    settle(allPages<Report>('/reports', { guardian_id: personId }, ctx.signal, 200)),
    showMother && mother
      ? settle(
          api.get<List<Pregnancy>>('/pregnancies', { query: { mother_id: mother.id, limit: 1 }, signal: ctx.signal }),
        )
      : Promise.resolve(null),
    showMother && mother
      ? settle(
          api.get<List<Screening>>('/screenings', { query: { person_id: mother.id, limit: 100 }, signal: ctx.signal }),
        )
      : Promise.resolve(null),
  ])
    .then(([reports, asGuardian, pregs, screenings]) => {
      if (ctx.signal.aborted) return;
      tickers = [];
      // A child's own reports; a guardian's, those she is named in (shown when there are any,
      // and always for an adult).
      const ownPart =
        child || !Array.isArray(reports) || reports.length
          ? reportsPart(
              'wp-reports',
              '通告・相談',
              'この子どもの通告・相談（新しい順）',
              '通告・相談の記録はありません。',
              reports,
              tickers,
              true,
            )
          : null;
      const guardianPart =
        !child || !Array.isArray(asGuardian) || asGuardian.length
          ? reportsPart(
              'wp-guardian',
              '保護者として記載された通告・相談',
              '保護者として記載された通告・相談（新しい順）',
              '保護者として記載された通告・相談はありません。',
              asGuardian,
              tickers,
              false, // with the children: whose report it is
            )
          : null;
      const preg = pregs === null ? null : pregs instanceof Error ? pregs : (pregs.items[0] ?? null);
      const epds =
        screenings === null
          ? null
          : screenings instanceof Error
            ? screenings
            : (screenings.items.find((s) => s.instrument === 'epds') ?? null);
      replace(
        body,
        h(
          'div',
          { class: ['welfare-grid', showMother ? 'has-mother' : undefined] },
          h('div', { class: 'welfare-reports' }, ownPart, guardianPart),
          showMother && mother ? motherPart(mother, preg, epds) : null,
        ),
      );
      root.setAttribute('data-loaded', 'true');
    })
    .catch((e) => {
      if (!isAbort(e) && !ctx.signal.aborted) replace(body, messageBox('error', errorText(e)));
    });
  return root;
}
