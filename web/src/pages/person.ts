// 利用者の記録: basic facts, households (家族歴) and the timeline of both sections.
import { api, isAbort, seg } from '../api';
import { h, replace, setTitle, type Child } from '../dom';
import { setFlash, takeFlash } from '../flash';
import { confirmStep } from '../components/confirmStep';
import { label, timelineKindLabel } from '../labels';
import { may } from '../meta';
import { href, type RouteContext } from '../router';
import type { Household, List, PersonDetail, PersonHouseholdRef, PersonSummary, TimelineItem } from '../types';
import {
  birthSummary,
  button,
  errorText,
  fullKana,
  fullName,
  importOriginText,
  linkButton,
  loading,
  messageBox,
  sectionBadge,
  unnamedPerson,
} from '../ui';
import { healthPanel } from '../healthPanel';
import { welfarePanel } from '../welfarePanel';
import { approvalStamps } from '../components/approvalStamps';
import { formatAge, formatInstant, formatWareki, todayJst } from '../wareki';

function period(from?: string | null, to?: string | null): string {
  if (!from && !to) return '';
  return `${from ? formatWareki(from) : ''}〜${to ? formatWareki(to) : '現在'}`;
}

function fact(term: string, ...value: Child[]): Child[] {
  const empty = value.every((v) => v === '' || v === null || v === undefined);
  return [h('dt', null, term), h('dd', { class: empty ? 'empty' : undefined }, empty ? '未登録' : value)];
}

function householdCard(ref: PersonHouseholdRef, hh: Household | null, selfId: string, failed: boolean): HTMLElement {
  const title = hh?.name || ref.name || '世帯';
  const ended = !!ref.to && ref.to < todayJst();
  const headId = `hh-${ref.household_id}`;
  const members = hh?.members ?? [];
  return h(
    'section',
    { class: ['card', 'household', ended ? 'household-ended' : undefined], 'aria-labelledby': headId },
    h(
      'div',
      { class: 'card-head' },
      h('h3', { id: headId }, title, ended ? h('span', { class: 'tag' }, '転出済み') : null),
      h(
        'div',
        { class: 'actions' },
        linkButton(
          href(`/households/${encodeURIComponent(ref.household_id)}/edit`, { person: selfId }),
          '世帯を編集',
          'quiet',
        ),
      ),
    ),
    h(
      'p',
      { class: 'household-self' },
      `この世帯での続柄: ${label('relations', ref.relation)}`,
      period(ref.from, ref.to) ? `（${period(ref.from, ref.to)}）` : '',
    ),
    hh?.address
      ? h('p', { class: 'household-address' }, `住所: ${hh.address}`, hh.address_protected ? protectedBadge() : null)
      : null,
    hh?.address_withheld
      ? h('p', { class: 'household-address' }, '住所: ', protectedBadge(), '（表示しません）')
      : null,
    failed ? messageBox('warning', '世帯の構成員を読み込めませんでした。') : null,
    members.length
      ? h(
          'table',
          { class: 'table members' },
          h('caption', { class: 'visually-hidden' }, `${title}の構成員`),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, '続柄'),
              h('th', { scope: 'col' }, '氏名'),
              h('th', { scope: 'col' }, '生年月日'),
              h('th', { scope: 'col' }, '期間'),
            ),
          ),
          h(
            'tbody',
            null,
            members.map((m) => {
              const p = m.person;
              const name = p ? fullName(p) : m.person_id;
              const self = m.person_id === selfId;
              return h(
                'tr',
                { class: [self ? 'is-self' : undefined, m.to && m.to < todayJst() ? 'is-ended' : undefined] },
                h('td', null, label('relations', m.relation)),
                h(
                  'td',
                  null,
                  self
                    ? h('span', { class: 'member-self' }, name, h('span', { class: 'tag' }, '本人'))
                    : h('a', { href: href(`/persons/${encodeURIComponent(m.person_id)}`) }, name),
                  p ? h('span', { class: 'member-kana' }, fullKana(p)) : null,
                ),
                h('td', null, p ? birthSummary(p) : ''),
                h('td', null, period(m.from, m.to)),
              );
            }),
          ),
        )
      : null,
  );
}

/** Where a timeline entry of the 母子保健 section opens (for the roles that may read it). */
function timelineLink(it: TimelineItem): string | null {
  const ref = it.ref;
  if (!ref?.id) return null;
  const id = encodeURIComponent(ref.id);
  if (ref.type === 'pregnancy') return href(`/health/pregnancies/${id}`);
  if (ref.type === 'screening') return href(`/health/screenings/${id}`);
  if (ref.type === 'visit') return href(`/health/visits/${id}`);
  return null;
}

function timelineItem(it: TimelineItem, healthLinks: boolean): HTMLElement {
  const section = String(it.section || 'common');
  const kind = timelineKindLabel(it.kind);
  const link = healthLinks ? timelineLink(it) : null;
  return h(
    'li',
    { class: ['timeline-item', `section-${section}`] },
    h(
      'div',
      { class: 'timeline-meta' },
      h('time', { datetime: it.at }, formatInstant(it.at)),
      sectionBadge(section, label('sections', section)),
      kind ? h('span', { class: 'timeline-kind' }, kind) : null,
    ),
    h(
      'p',
      { class: 'timeline-summary' },
      it.summary,
      link ? [' ', h('a', { href: link, class: 'small-link no-print' }, '開く')] : null,
    ),
  );
}

/**
 * The mother in a household the person lives in now as a child (not as a parent or grandparent):
 * her 母子保健 flags are shown with the child's 通告・相談.
 */
function motherOf(selfId: string, refs: PersonHouseholdRef[], households: (Household | null)[]): PersonSummary | null {
  const today = todayJst();
  const current = (to?: string | null) => !to || to >= today;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i] as PersonHouseholdRef;
    const hh = households[i];
    if (!hh || !current(ref.to) || ['mother', 'father', 'partner', 'grandparent'].includes(ref.relation)) continue;
    const m = hh.members.find((x) => x.relation === 'mother' && x.person_id !== selfId && current(x.to));
    if (m) return m.person ?? unnamedPerson(m.person_id);
  }
  return null;
}

/** Newest first; the server sorts already, this only guards the order shown. */
function newestFirst(items: TimelineItem[]): TimelineItem[] {
  return items
    .map((it, i) => ({ it, i, t: Date.parse(it.at.length === 10 ? `${it.at}T00:00:00+09:00` : it.at) }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) || a.t === b.t ? a.i - b.i : b.t - a.t))
    .map((x) => x.it);
}

/** 住所秘匿: the red mark beside an address or phone that must not leave the center. */
function protectedBadge(): HTMLElement {
  return h(
    'span',
    { class: 'tag tag-protected', title: 'DV等支援措置：関係機関・会議資料・一覧・出力には載せません' },
    '住所秘匿',
  );
}

function protectedValue(person: PersonDetail, value: string | null | undefined): Child[] {
  if (person.address_withheld) return [protectedBadge(), '（表示しません）'];
  if (!person.address_protected) return [value || ''];
  return [value || '', ' ', protectedBadge()];
}

/** Marking or unmarking 住所秘匿: a checkbox, confirmed, saved at once (an audited change). */
function protectionControl(ctx: RouteContext, person: PersonDetail): HTMLElement {
  const box = h('input', { type: 'checkbox', id: 'address-protected', checked: person.address_protected });
  const status = h('div', { role: 'status' });
  box.addEventListener('change', async () => {
    const on = box.checked;
    const question = on
      ? '住所秘匿（DV等支援措置）を設定します。住所と電話番号は関係機関・会議資料・一覧・出力に載らなくなります。よろしいですか。'
      : '住所秘匿を解除します。よろしいですか。';
    if (!window.confirm(question)) {
      box.checked = !on;
      return;
    }
    box.disabled = true;
    try {
      await api.patch(`/persons/${seg(person.id)}`, { address_protected: on }, person.version, { signal: ctx.signal });
      await personPage(ctx);
    } catch (e) {
      if (isAbort(e)) return;
      box.checked = !on;
      box.disabled = false;
      replace(status, messageBox('error', errorText(e)));
    }
  });
  return h(
    'div',
    { class: 'field field-check address-protection no-print' },
    box,
    h('label', { for: 'address-protected' }, '住所秘匿（DV等支援措置）'),
    status,
  );
}

/** 重複の可能性: shown on both records until someone decides (別人 or a merge). */
function duplicateMark(person: PersonDetail): HTMLElement | null {
  const others = person.possible_duplicates ?? [];
  if (!others.length) return null;
  const mayMerge = may('person_merge');
  return h(
    'div',
    { class: 'duplicate-mark no-print' },
    messageBox(
      'warning',
      h('p', { class: 'msg-title' }, '重複の可能性'),
      h(
        'ul',
        { class: 'dup-list' },
        others.map((d) =>
          h(
            'li',
            null,
            h('a', { href: href(`/persons/${encodeURIComponent(d.id)}`) }, fullName(d) || '（氏名未登録）'),
            `　${fullKana(d)}　${birthSummary(d)}`,
            mayMerge
              ? h(
                  'span',
                  { class: 'dup-action' },
                  '　',
                  h('a', { href: href('/duplicates/merge', { a: person.id, b: d.id }) }, '比べて統合・別人を記録'),
                )
              : null,
          ),
        ),
      ),
      mayMerge
        ? null
        : h(
            'p',
            { class: 'hint' },
            '同じカナ氏名・生年月日の記録です。同じ人であれば、統括支援員に統合を相談してください。',
          ),
    ),
  );
}

/** The merge that took this record (the newest person_merged event of its timeline names it). */
function mergeOf(timeline: List<TimelineItem> | Error): string | null {
  if (timeline instanceof Error) return null;
  const ev = timeline.items.find((e) => e.kind === 'person_merged' && e.ref.type === 'person_merge');
  return ev ? ev.ref.id : null;
}

/** 統合を取り消す (the coordinator's, the director's): confirmed in the page, then posted. */
function undoControl(ctx: RouteContext, person: PersonDetail, mergeId: string): HTMLElement {
  const area = h('div', { class: 'confirm-area' });
  const status = h('div', { role: 'status' });
  const ask: HTMLButtonElement = button('統合を取り消す', () =>
    confirmStep(area, {
      title: '記録の統合を取り消します',
      lines: [
        `${fullName(person) || 'この記録'}さんの記録に、統合で移した経過記録・世帯・妊娠届・通告などを戻します。`,
        '統合後に統合先の記録へ記録したものは、統合先に残ります。この取り消しは監査ログに残ります。',
      ],
      confirmText: '取り消す',
      onBack: () => {
        replace(area);
        ask.focus();
      },
      onConfirm: async () => {
        try {
          await api.post(`/persons/merges/${seg(mergeId)}/undo`, {});
          setFlash({ message: '記録の統合を取り消しました。' });
          await personPage(ctx);
        } catch (e) {
          if (!isAbort(e)) replace(status, messageBox('error', errorText(e)));
        }
      },
    }),
  );
  return h('div', { class: 'no-print' }, h('p', null, ask), status, area);
}

/** A record merged into another: kept so that old links resolve; the page points at the survivor. */
function mergedPage(ctx: RouteContext, person: PersonDetail, survivor: string, mergeId: string | null): void {
  setTitle('統合済みの記録');
  const link = h(
    'a',
    { href: href(`/persons/${encodeURIComponent(survivor)}`), class: ['button', 'button-primary'] },
    '統合先の記録を開く',
  );
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-person-merged' },
      h('h1', { class: 'page-title', tabindex: '-1' }, `${fullName(person) || '（氏名未登録）'}（統合済みの記録）`),
      messageBox(
        'info',
        h(
          'p',
          null,
          'この記録は、同じ人の別の記録に統合されました。経過記録・世帯・妊娠届・通告などは統合先の記録にあります。',
        ),
      ),
      h('p', null, link),
      mergeId && may('person_merge') ? undoControl(ctx, person, mergeId) : null,
    ),
  );
  link.focus();
}

export async function personPage(ctx: RouteContext): Promise<void> {
  const id = ctx.params.id as string;
  const flash = takeFlash();
  replace(ctx.main, loading());
  setTitle('利用者の記録');

  const [person, timeline] = await Promise.all([
    api.get<PersonDetail>(`/persons/${seg(id)}`, { signal: ctx.signal }),
    api.get<List<TimelineItem>>(`/persons/${seg(id)}/timeline`, { signal: ctx.signal }).catch((e) => {
      if (isAbort(e)) throw e;
      return e as Error;
    }),
  ]);
  const refs = person.households ?? [];
  const households = await Promise.all(
    refs.map((r) =>
      api.get<Household>(`/households/${seg(r.household_id)}`, { signal: ctx.signal }).catch((e) => {
        if (isAbort(e)) throw e;
        return null;
      }),
    ),
  );
  if (ctx.signal.aborted) return;
  if (person.merged_into) return mergedPage(ctx, person, person.merged_into, mergeOf(timeline));
  const mother = motherOf(id, refs, households);

  const name = fullName(person);
  setTitle(name || '利用者の記録');

  const flashBox = flash
    ? h(
        'div',
        { class: 'flash no-print' },
        messageBox('success', flash.message),
        flash.duplicates && flash.duplicates.length
          ? messageBox(
              'warning',
              h('p', { class: 'msg-title' }, '同じカナ氏名・生年月日の記録があります（重複の可能性）'),
              h(
                'ul',
                { class: 'dup-list' },
                flash.duplicates.map((d) =>
                  h(
                    'li',
                    null,
                    h('a', { href: href(`/persons/${encodeURIComponent(d.id)}`) }, fullName(d) || d.id),
                    `　${fullKana(d)}　${birthSummary(d)}`,
                  ),
                ),
              ),
              h('p', { class: 'hint' }, '同じ人の記録であれば、統合については統括支援員に相談してください。'),
            )
          : null,
      )
    : null;

  const health = may('health_read');

  // Timeline with "more" paging.
  const tlList = h('ol', { class: 'timeline', 'aria-label': '経過記録（新しい順）' });
  const tlMore = h('div', { class: 'no-print' });
  const tlArea = h('div');
  let tlCount = 0;
  const addTimeline = (r: List<TimelineItem>) => {
    for (const it of newestFirst(r.items)) tlList.appendChild(timelineItem(it, health));
    tlCount += r.items.length;
    replace(
      tlMore,
      r.next_cursor
        ? button('さらに表示', async (ev) => {
            const b = ev.currentTarget as HTMLButtonElement;
            b.disabled = true;
            try {
              addTimeline(
                await api.get<List<TimelineItem>>(`/persons/${seg(id)}/timeline`, {
                  query: { cursor: r.next_cursor },
                  signal: ctx.signal,
                }),
              );
            } catch (e) {
              if (!isAbort(e)) replace(tlMore, messageBox('error', errorText(e)));
            }
          })
        : null,
    );
    if (tlCount === 0) replace(tlArea, h('p', { class: 'empty-note' }, 'まだ記録はありません。'));
    else replace(tlArea, tlList);
  };
  if (timeline instanceof Error)
    replace(tlArea, messageBox('error', `経過記録を読み込めませんでした: ${errorText(timeline)}`));
  else addTimeline(timeline);

  const now = formatInstant(new Date().toISOString());
  const sexText = person.sex ? label('sexes', person.sex) : '';
  const age = person.birth_date
    ? formatAge(person.birth_date, person.age)
    : typeof person.age === 'number'
      ? `${person.age}歳`
      : '';

  const stamps = approvalStamps();
  replace(
    ctx.main,
    h(
      'article',
      { class: 'page page-person', 'aria-labelledby': 'person-name' },
      h(
        'p',
        { class: 'print-only print-head' },
        `つなぐ　こども家庭センター　利用者の記録　（印刷: ${now}　${ctx.user.name}）`,
      ),
      stamps.box,
      flashBox,
      duplicateMark(person),
      h(
        'div',
        { class: 'page-head person-head' },
        h(
          'div',
          null,
          h('p', { class: 'person-kana', id: 'person-kana' }, fullKana(person)),
          h('h1', { class: 'page-title', id: 'person-name', tabindex: '-1' }, name || '（氏名未登録）'),
          h(
            'p',
            { class: 'person-sub' },
            person.birth_date ? `${formatWareki(person.birth_date)}生` : '生年月日不明',
            age ? `・${age}` : '',
            sexText ? `・${sexText}` : '',
          ),
        ),
        h(
          'div',
          { class: 'actions no-print' },
          linkButton(href(`/persons/${encodeURIComponent(id)}/edit`), '編集', 'primary'),
          linkButton(href('/households/new', { person: id }), '世帯を作成'),
          may('audit_read') ? linkButton(href('/audit', { person_id: id }), '閲覧記録', 'quiet') : null,
          button('印刷', () => window.print(), 'quiet'),
          stamps.toggle,
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'basic-h' },
        h('h2', { id: 'basic-h' }, '基本情報'),
        h(
          'dl',
          { class: 'facts' },
          fact('氏名', name),
          fact('カナ', fullKana(person)),
          fact(
            '生年月日',
            person.birth_date
              ? [
                  h('span', { class: 'birth-wareki' }, formatWareki(person.birth_date)),
                  h('span', { class: 'birth-western' }, `（${person.birth_date}）`),
                ]
              : '',
          ),
          fact('年齢', age),
          fact('性別', sexText),
          fact('住所', ...protectedValue(person, person.address)),
          fact('電話番号', ...protectedValue(person, person.phone)),
          fact('住民番号', person.resident_id || ''),
          person.affiliation ? fact('所属', person.affiliation) : null,
          person.imported ? fact('移行元', importOriginText(person.imported)) : null,
        ),
        may('address_protect') ? protectionControl(ctx, person) : null,
      ),
      h(
        'section',
        { class: 'section-block', 'aria-labelledby': 'hh-h' },
        h('h2', { id: 'hh-h' }, '世帯（家族歴）'),
        refs.length
          ? refs.map((r, i) => householdCard(r, households[i] ?? null, id, households[i] === null))
          : h('p', { class: 'empty-note' }, '世帯はまだ登録されていません。「世帯を作成」から登録できます。'),
      ),
      may('report_read') ? welfarePanel(ctx, person, mother) : null,
      health ? healthPanel(ctx, id, mother ? { mother, birthDate: person.birth_date } : null, person) : null,
      h(
        'section',
        { class: 'section-block', 'aria-labelledby': 'tl-h' },
        h('h2', { id: 'tl-h' }, '経過記録'),
        tlArea,
        tlMore,
      ),
      h(
        'p',
        { class: 'print-only print-foot' },
        '個人情報を含みます。取扱いに注意し、不要になったら確実に廃棄してください。',
      ),
    ),
  );
  const title = ctx.main.querySelector<HTMLElement>('.flash .msg-warning') ?? null;
  if (title) {
    title.setAttribute('tabindex', '-1');
    title.focus();
  }
}
