// 重複の確認 (#/duplicates) and 記録の統合 (#/duplicates/merge?a=&b=): the coordinator's and the
// director's. The list of open possible-duplicate pairs; for a pair, both records side by side —
// names, kana, birth, sex, address (住所秘匿 as everywhere), households and what each record holds
// — where the user picks the record that stays and, for each field that differs, the value to
// keep. 別人 and 統合 are deliberate: each shows confirmStep first, only its 確定 button posts, and
// Enter alone never does (the choices are radio buttons in a form under enterNeverSubmits).
import { api, isAbort, seg } from '../api';
import { confirmStep } from '../components/confirmStep';
import { h, replace, setTitle } from '../dom';
import { setFlash } from '../flash';
import { enterNeverSubmits } from '../forms';
import { label } from '../labels';
import { href, navigate, type RouteContext } from '../router';
import type { DuplicatePair, List, MergeChoice, MergeCounts, MergeSide, PersonSummary } from '../types';
import { birthSummary, button, errorText, fullKana, fullName, linkButton, loading, messageBox } from '../ui';
import { formatWareki } from '../wareki';
import { listPrintFoot, listPrintHead, openCell, openHeader } from '../components/listPrint';

function mergeHref(a: string, b: string): string {
  return href('/duplicates/merge', { a, b });
}

function personLink(p: PersonSummary): HTMLElement {
  return h('a', { href: href(`/persons/${encodeURIComponent(p.id)}`) }, fullName(p) || '（氏名未登録）');
}

export async function duplicatesPage(ctx: RouteContext): Promise<void> {
  setTitle('重複の確認');
  replace(ctx.main, loading());
  const list = await api.get<List<DuplicatePair>>('/persons/duplicates', {
    query: { limit: '500' },
    signal: ctx.signal,
  });
  if (ctx.signal.aborted) return;
  const row = (d: DuplicatePair) =>
    h(
      'tr',
      null,
      h('td', { class: 'nowrap' }, personLink(d.a)),
      h('td', { class: 'nowrap' }, personLink(d.b)),
      h('td', { class: 'nowrap' }, fullKana(d.a)),
      h('td', { class: 'nowrap' }, birthSummary(d.a)),
      h('td', { class: 'nowrap' }, formatWareki(d.found_at.slice(0, 10))),
      openCell(linkButton(mergeHref(d.a.id, d.b.id), '比べる', 'quiet')),
    );
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-duplicates' },
      listPrintHead('重複の確認', '未確認の重複の可能性の組すべて', ctx.user.name),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, '重複の確認'),
        h(
          'div',
          { class: 'actions no-print' },
          button('一覧を印刷', () => window.print(), 'quiet'),
        ),
      ),
      h(
        'p',
        { class: 'hint' },
        '同じカナ氏名・生年月日で登録された記録の組です。「比べる」で両方を並べて、同じ人なら統合、違う人なら「別人」と記録します。決めるまで、両方の記録に「重複の可能性」と表示されます。',
      ),
      list.items.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table' },
              h('caption', null, `未確認の組 ${list.items.length}件`),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['記録A', '記録B', 'カナ', '生年月日', '登録日'].map((t) => h('th', { scope: 'col' }, t)),
                  openHeader(),
                ),
              ),
              h('tbody', null, list.items.map(row)),
            ),
          )
        : h('p', { class: 'empty-note' }, '未確認の重複はありません。'),
      listPrintFoot(),
    ),
  );
  ctx.main.querySelector<HTMLElement>('h1')?.focus();
}

/** The fields a merge may take from either record, in the order of the API. */
const FIELDS: readonly { key: string; term: string; text(p: MergeSide): string }[] = [
  { key: 'family_name', term: '姓', text: (p) => p.family_name ?? '' },
  { key: 'given_name', term: '名', text: (p) => p.given_name ?? '' },
  { key: 'family_name_kana', term: 'セイ', text: (p) => p.family_name_kana ?? '' },
  { key: 'given_name_kana', term: 'メイ', text: (p) => p.given_name_kana ?? '' },
  { key: 'birth_date', term: '生年月日', text: (p) => (p.birth_date ? formatWareki(p.birth_date) : '') },
  { key: 'sex', term: '性別', text: (p) => (p.sex ? label('sexes', p.sex) : '') },
  { key: 'address', term: '住所', text: (p) => (p.address_withheld ? '（住所秘匿）' : (p.address ?? '')) },
  { key: 'phone', term: '電話番号', text: (p) => (p.address_withheld ? '（住所秘匿）' : (p.phone ?? '')) },
  { key: 'resident_id', term: '住民番号', text: (p) => p.resident_id ?? '' },
  { key: 'affiliation', term: '所属', text: (p) => p.affiliation ?? '' },
];

/** What each record holds (the rows a merge moves), with the labels the screen shows. */
const COUNTS: readonly { key: keyof MergeCounts; term: string }[] = [
  { key: 'events', term: '経過記録' },
  { key: 'household_members', term: '世帯' },
  { key: 'pregnancies', term: '妊娠届（母として）' },
  { key: 'pregnancy_children', term: '妊娠届（子として）' },
  { key: 'screenings', term: '質問票' },
  { key: 'visits', term: '訪問・健診' },
  { key: 'report_children', term: '通告・相談（子ども）' },
  { key: 'report_guardians', term: '通告・相談（保護者等）' },
  { key: 'case_subjects', term: 'ケース' },
  { key: 'conference_decisions', term: '会議の決定（指定など）' },
  { key: 'plan_subjects', term: 'サポートプラン' },
];

function total(c: MergeCounts): number {
  return Object.values(c).reduce((n, v) => n + (typeof v === 'number' ? v : 0), 0);
}

function radio(name: string, value: string, text: string, checked: boolean): HTMLElement {
  const id = `${name}-${value}`;
  return h(
    'span',
    { class: 'choice' },
    h('input', { type: 'radio', name, value, id, checked }),
    h('label', { for: id }, text),
  );
}

export async function mergePage(ctx: RouteContext): Promise<void> {
  setTitle('記録の統合');
  const a = ctx.query.get('a') ?? '';
  const b = ctx.query.get('b') ?? '';
  replace(ctx.main, loading());
  const pv = await api.get<{ a: MergeSide; b: MergeSide; clash: { table: string; label: string } | null }>(
    '/persons/merges/preview',
    { query: { a, b }, signal: ctx.signal },
  );
  if (ctx.signal.aborted) return;
  const sides: Record<'a' | 'b', MergeSide> = { a: pv.a, b: pv.b };
  const nameOf = (s: MergeSide) => fullName(s) || '（氏名未登録）';
  const status = h('div', { role: 'status' });
  const confirmArea = h('div', { class: 'confirm-area' });

  const head = (s: MergeSide, key: 'a' | 'b') =>
    h(
      'th',
      { scope: 'col' },
      `記録${key.toUpperCase()}　`,
      h('a', { href: href(`/persons/${encodeURIComponent(s.id)}`) }, nameOf(s)),
      s.merged_into ? h('span', { class: 'tag' }, '統合済み') : null,
    );
  const fieldRows = FIELDS.map((f) => {
    const ta = f.text(pv.a);
    const tb = f.text(pv.b);
    const differs = ta !== tb;
    return h(
      'tr',
      { class: differs ? 'is-differs' : undefined },
      h('th', { scope: 'row' }, f.term),
      h('td', null, differs ? radio(`f-${f.key}`, 'a', ta || '（未登録）', true) : ta || '（未登録）'),
      h('td', null, differs ? radio(`f-${f.key}`, 'b', tb || '（未登録）', false) : tb || '（未登録）'),
    );
  });
  const householdsOf = (s: MergeSide) =>
    s.households.length ? s.households.map((x) => x.name || '世帯').join('、') : '（なし）';
  const countRows = COUNTS.map((c) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, c.term),
      h('td', null, `${pv.a.counts[c.key]}件`),
      h('td', null, `${pv.b.counts[c.key]}件`),
    ),
  );
  const form = h(
    'form',
    { class: 'merge-form', novalidate: true },
    h(
      'fieldset',
      { class: 'field-group' },
      h('legend', null, '残す記録'),
      radio('survivor', 'a', `記録A（${nameOf(pv.a)}）を残す`, true),
      radio('survivor', 'b', `記録B（${nameOf(pv.b)}）を残す`, false),
      h('p', { class: 'hint' }, 'もう一方の記録の経過・世帯・妊娠届・通告・ケースなどは、すべて残す記録に移ります。'),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table merge-table' },
        h('caption', null, '基本情報（違う項目は、残す値を選んでください）'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, '項目'), head(pv.a, 'a'), head(pv.b, 'b'))),
        h(
          'tbody',
          null,
          fieldRows,
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, '世帯'),
            h('td', null, householdsOf(pv.a)),
            h('td', null, householdsOf(pv.b)),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table merge-counts' },
        h('caption', null, 'それぞれの記録にあるもの'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, '種類'), head(pv.a, 'a'), head(pv.b, 'b'))),
        h('tbody', null, countRows),
      ),
    ),
    pv.clash
      ? messageBox(
          'error',
          `両方の記録が同じ${pv.clash.label}に入っているため、統合できません。先に一方を外してください。`,
        )
      : null,
    h(
      'div',
      { class: 'form-actions' },
      pv.clash ? null : h('button', { type: 'submit', class: ['button', 'button-primary'] }, '統合の確認へ'),
      button('別人として記録', () => askDistinct(), 'quiet'),
      h('p', { class: 'hint' }, 'Enter だけでは統合しません。確認の画面で「統合する」を押すと統合します。'),
    ),
  );
  enterNeverSubmits(form as HTMLFormElement);

  const chosen = (name: string): string =>
    (form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? 'a') as string;
  const back = () => {
    replace(confirmArea);
    form.querySelector<HTMLElement>('input[name="survivor"]:checked')?.focus();
  };

  const askDistinct = () =>
    confirmStep(confirmArea, {
      title: '別人として記録します',
      lines: [
        `${nameOf(pv.a)}さん（記録A）と${nameOf(pv.b)}さん（記録B）は別の人です。`,
        '両方の記録から「重複の可能性」の表示が消えます。この判断は監査ログに残ります。',
      ],
      confirmText: '別人として記録する',
      onBack: back,
      onConfirm: async () => {
        try {
          await api.post(`/persons/${seg(pv.a.id)}/duplicates/${seg(pv.b.id)}/decision`, { decision: 'distinct' });
          setFlash({ message: `${nameOf(pv.a)}さんと${nameOf(pv.b)}さんを別人として記録しました。` });
          navigate('/duplicates');
        } catch (e) {
          if (!isAbort(e)) replace(status, messageBox('error', errorText(e)));
        }
      },
    });

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const keep = chosen('survivor') as 'a' | 'b';
    const gone = keep === 'a' ? 'b' : 'a';
    const survivor = sides[keep];
    const merged = sides[gone];
    const fields: Record<string, MergeChoice> = {};
    const taken: string[] = [];
    for (const f of FIELDS) {
      if (!form.querySelector(`input[name="f-${f.key}"]`)) continue;
      const from = chosen(`f-${f.key}`);
      fields[f.key] = from === keep ? 'survivor' : 'merged';
      if (from !== keep) taken.push(`${f.term}: ${f.text(merged) || '（未登録）'}`);
    }
    confirmStep(confirmArea, {
      title: `${nameOf(merged)}さんの記録を、${nameOf(survivor)}さんの記録に統合します`,
      lines: [
        `残す記録: 記録${keep.toUpperCase()}（${nameOf(survivor)}）。もう一方の記録は「統合済み」として残り、以前のリンクは残す記録を指します。`,
        `移すもの: ${total(merged.counts)}件（経過記録 ${merged.counts.events}件を含む）`,
        taken.length ? `もう一方の記録から取る値: ${taken.join('、')}` : '基本情報は、残す記録の値のままです。',
        '統合は監査ログに両方の記録について残ります。',
      ],
      confirmText: '統合する',
      onBack: back,
      onConfirm: async () => {
        try {
          await api.post('/persons/merges', { survivor_id: survivor.id, merged_id: merged.id, fields });
          setFlash({ message: `${nameOf(merged)}さんの記録を統合しました。経過記録には両方の記録が表示されます。` });
          navigate(`/persons/${encodeURIComponent(survivor.id)}`);
        } catch (e) {
          if (!isAbort(e)) replace(status, messageBox('error', errorText(e)));
        }
      },
    });
  });

  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-merge' },
      h('p', { class: 'breadcrumb no-print' }, h('a', { href: href('/duplicates') }, '重複の確認'), ' ＞ 記録の統合'),
      h('h1', { class: 'page-title', tabindex: '-1' }, '記録の統合'),
      form,
      status,
      confirmArea,
    ),
  );
  ctx.main.querySelector<HTMLElement>('h1')?.focus();
}
