// 質問票 (EPDS, 赤ちゃんへの気持ち質問票, 育児支援チェックリスト): entered as the paper form — one
// radio group per item (↑↓ within the item, Tab to the next, or the number keys), the score and
// flags as soon as the last item is answered, then saved; the saved result and its follow-up.
import { label } from '../labels';
import { may } from '../meta';
import { ApiError, api, seg } from '../api';
import { followupDoneCard, followupRecorder } from '../components/followupForm';
import { h, replace, setTitle, uid, type Child } from '../dom';
import { setFlash, takeFlash } from '../flash';
import {
  clearErrors,
  dateField,
  DELIBERATE_SAVE_HINT,
  enterNeverSubmits,
  formAlert,
  readDate,
  showApiError,
  showFieldError,
  textArea,
} from '../forms';
import { flagList, followupState, printFoot, printHead, respondentProblem, visitTitle } from '../health';
import { personPicker } from '../personPicker';
import { INSTRUMENTS, QUESTIONNAIRES, isInstrument, scoreAnswers, type Questionnaire } from '../questionnaires';
import { href, navigate, type RouteContext } from '../router';
import type { Instrument, PersonDetail, PersonSummary, Screening, ScreeningSettings, Visit } from '../types';
import { button, fullName, linkButton, loading, messageBox } from '../ui';
import { formatInstant, formatWareki, todayJst } from '../wareki';
import { formPage } from '../components/formPage';

function screeningPath(id: string): string {
  return `/health/screenings/${encodeURIComponent(id)}`;
}

function personPath(id: string): string {
  return `/persons/${encodeURIComponent(id)}`;
}

/** The score box: 「あと N 項目」 until complete, then the total and the flags. */
function scoreView(q: Questionnaire, answers: (number | null)[], threshold: number | null): Child[] {
  const missing = answers.filter((a) => a === null).length;
  if (missing > 0) {
    return [h('p', { class: 'score-pending' }, `あと${missing}項目（すべて答えると点数が表示されます）`)];
  }
  const r = scoreAnswers(q, answers as number[], threshold);
  return [
    h(
      'p',
      { class: 'score-total' },
      h('span', { class: 'score-label' }, '合計'),
      h('span', { class: 'score-value', 'data-score': String(r.score) }, String(r.score)),
      `点／${q.max}点`,
    ),
    r.flags.length
      ? h('div', { class: 'score-flags' }, h('p', { class: 'score-flags-title' }, '要フォロー'), flagList(r.flags))
      : h('p', { class: 'score-ok' }, '要フォローの項目はありません'),
  ];
}

/** One item as a radio group. `selected` for the read-only (saved) form. */
function itemGroup(
  q: Questionnaire,
  i: number,
  opts: { name?: string; selected?: number | null; itemScore?: number | null; readOnly?: boolean },
): HTMLElement {
  const it = q.items[i];
  if (!it) return h('li');
  const legendId = uid('q-legend');
  const yesNo = it.options.length === 2;
  return h(
    'li',
    { class: 'q-item-wrap' },
    h(
      'fieldset',
      {
        class: ['q-item', 'field-group', yesNo ? 'q-yesno' : undefined],
        'data-field': opts.readOnly ? undefined : `answers[${i}]`,
        tabindex: opts.readOnly ? undefined : '-1',
        'aria-labelledby': legendId,
      },
      h(
        'legend',
        { id: legendId, class: 'q-text' },
        h('span', { class: 'q-no' }, `${i + 1}`),
        h('span', { class: 'q-sentence' }, it.text),
        opts.readOnly && typeof opts.itemScore === 'number'
          ? h('span', { class: 'q-item-score' }, `${opts.itemScore}点`)
          : null,
      ),
      opts.readOnly
        ? h(
            'ol',
            { class: 'q-options q-options-read' },
            it.options.map((o, k) =>
              h(
                'li',
                { class: ['q-option', opts.selected === k ? 'is-chosen' : undefined] },
                h('span', { class: 'q-mark', 'aria-hidden': 'true' }, opts.selected === k ? '●' : '○'),
                o,
                opts.selected === k ? h('span', { class: 'visually-hidden' }, '（選択）') : null,
              ),
            ),
          )
        : h(
            'div',
            { class: 'q-options' },
            it.options.map((o, k) => {
              const id = uid('q-opt');
              return h(
                'span',
                { class: 'q-option' },
                h('input', {
                  type: 'radio',
                  id,
                  name: opts.name ?? `q${i}`,
                  value: String(k),
                  'data-index': String(i),
                }),
                h('label', { for: id }, h('span', { class: 'q-key', 'aria-hidden': 'true' }, `${k + 1}`), o),
              );
            }),
          ),
    ),
  );
}

function instrumentTabs(current: Instrument, query: URLSearchParams): HTMLElement {
  return h(
    'nav',
    { class: 'tabs no-print', 'aria-label': '質問票の種類' },
    h(
      'ul',
      null,
      INSTRUMENTS.map((ins) => {
        const qs: Record<string, string> = {};
        for (const [k, v] of query) qs[k] = v;
        qs.instrument = ins;
        return h(
          'li',
          null,
          h(
            'a',
            {
              href: href('/health/screenings/new', qs),
              class: 'tab',
              'aria-current': ins === current ? 'page' : undefined,
            },
            QUESTIONNAIRES[ins].short,
          ),
        );
      }),
    ),
  );
}

export async function newScreeningPage(ctx: RouteContext): Promise<void> {
  const ins = ctx.query.get('instrument');
  const instrument: Instrument = isInstrument(ins) ? ins : 'epds';
  const q = QUESTIONNAIRES[instrument];
  const title = label('screening_instruments', instrument);
  setTitle(title);
  replace(ctx.main, loading());
  const personId = ctx.query.get('person');
  const visitId = ctx.query.get('visit');
  const [person, visit, settings] = await Promise.all([
    personId ? api.get<PersonDetail>(`/persons/${seg(personId)}`, { signal: ctx.signal }) : Promise.resolve(null),
    visitId ? api.get<Visit>(`/visits/${seg(visitId)}`, { signal: ctx.signal }) : Promise.resolve(null),
    instrument === 'bonding'
      ? api.get<ScreeningSettings>('/settings/screening', { signal: ctx.signal })
      : Promise.resolve(null),
  ]);
  if (ctx.signal.aborted) return;
  const threshold = settings?.bonding_threshold ?? null;

  const when = dateField({
    name: 'administered_on',
    label: '実施日',
    value: todayJst(),
    required: true,
    inline: true,
    hint: '例: 2026-11-20（R8.11.20 の形でも入力できます）',
  });
  const picker = personPicker({
    name: 'person_id',
    label: instrument === 'bonding' || instrument === 'epds' ? '回答者（母）' : '回答者',
    required: true,
    initial: person,
    signal: ctx.signal,
    // An infant cannot answer: said at once, and the server refuses it too.
    describe: (p) => respondentProblem(p, readDate(when.input) || todayJst()),
    onChosen: (p) => {
      const problem = respondentProblem(p, readDate(when.input) || todayJst());
      if (problem) showFieldError(form, 'person_id', problem);
      else when.input.focus();
    },
  });
  when.input.addEventListener('input', () => picker.refresh());
  const notes = textArea({ name: 'notes', label: '備考', rows: 3, maxlength: 20000 });
  const answers: (number | null)[] = q.items.map(() => null);
  const score = h('section', { class: 'score-box', 'aria-labelledby': 'score-h', 'aria-live': 'polite' });
  const drawScore = () =>
    replace(
      score,
      h('h2', { id: 'score-h', class: 'h-small' }, '点数'),
      ...scoreView(q, answers, threshold),
      instrument === 'bonding' && threshold === null
        ? h('p', { class: 'hint' }, '要確認とする点数は設定されていません。')
        : null,
    );
  drawScore();

  // The whole set (a server error about the count of answers is shown here).
  const items = h(
    'div',
    { class: 'field-group q-answers', 'data-field': 'answers', tabindex: '-1' },
    h(
      'ol',
      { class: 'q-items', 'aria-label': '質問' },
      q.items.map((_, i) => itemGroup(q, i, {})),
    ),
  );
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '保存する');
  const form = h(
    'form',
    { class: 'form form-questionnaire', novalidate: true, 'aria-labelledby': 'q-title' },
    formAlert(),
    h(
      'fieldset',
      { class: 'form-section q-meta' },
      h('legend', null, '実施の記録'),
      picker.root,
      h('div', { class: 'row' }, when.root),
      visit
        ? h(
            'p',
            { class: 'q-visit' },
            '訪問・健診: ',
            h(
              'a',
              { href: href(`/health/visits/${encodeURIComponent(visit.id)}`) },
              `${visitTitle(visit)}　${formatWareki(visit.on)}`,
            ),
            visit.person ? `（${fullName(visit.person)}さん）` : '',
          )
        : null,
    ),
    h(
      'section',
      { class: 'paper', 'aria-labelledby': 'q-title' },
      h('p', { class: 'paper-lead' }, q.lead),
      // On paper the respondent writes her name and the date (the picker is a screen control).
      h(
        'p',
        { class: 'print-only respondent-line' },
        h('span', { class: 'respondent-label' }, '回答者　お名前'),
        h('span', { class: 'write-line write-line-long' }),
        h('span', { class: 'respondent-label' }, '記入日'),
        h('span', { class: 'write-date' }, '令和　　年　　月　　日'),
      ),
      h(
        'p',
        { class: 'hint no-print' },
        `各項目で ↑↓ キー（または ${q.items[0]?.options.map((_, k) => k + 1).join('・')} のキー）で選び、Tab キーで次の項目へ進みます。`,
      ),
      items,
    ),
    score,
    h('fieldset', { class: 'form-section' }, h('legend', null, '記録'), notes.root),
    h(
      'div',
      { class: 'form-actions' },
      submit,
      linkButton(person ? href(personPath(person.id)) : '#/health', 'キャンセル', 'quiet'),
      h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT),
    ),
  );

  form.addEventListener('change', (ev) => {
    const t = ev.target as HTMLInputElement;
    if (t.type !== 'radio' || t.dataset.index === undefined) return;
    const i = Number(t.dataset.index);
    answers[i] = Number(t.value);
    const fs = t.closest('fieldset');
    if (fs?.getAttribute('aria-invalid') === 'true') {
      fs.removeAttribute('aria-invalid');
      fs.querySelector('.field-error')?.remove();
    }
    drawScore();
  });
  // Number keys choose the option of the item that has focus (1 = the first printed option).
  form.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLInputElement;
    if (t.type !== 'radio' || t.dataset.index === undefined || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const n = Number(ev.key.normalize('NFKC'));
    if (!Number.isInteger(n) || n < 1) return;
    const radios = Array.from(t.closest('fieldset')?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? []);
    const r = radios[n - 1];
    if (!r) return;
    ev.preventDefault();
    r.checked = true;
    r.focus();
    r.dispatchEvent(new Event('change', { bubbles: true }));
  });

  // The answers (item 10: thoughts of self-harm) are saved only deliberately, never by Enter.
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const who = picker.value();
    if (!who) bad = showFieldError(form, 'person_id', '回答者を選んでください', !bad) || bad;
    const on = readDate(when.input);
    const tooYoung = who && on ? respondentProblem(who, on) : '';
    if (tooYoung) bad = showFieldError(form, 'person_id', tooYoung, !bad) || bad;
    if (!on)
      bad =
        showFieldError(
          form,
          'administered_on',
          on === '' ? '実施日を入力してください' : '実施日は 2026-11-20 の形で、実在する日付を入力してください',
          !bad,
        ) || bad;
    else if (on > todayJst())
      bad = showFieldError(form, 'administered_on', '実施日が未来の日付になっています', !bad) || bad;
    answers.forEach((a, i) => {
      if (a === null) bad = showFieldError(form, `answers[${i}]`, `項目${i + 1}に答えてください`, !bad) || bad;
    });
    if (bad || !who || !on) return;
    const body: Record<string, unknown> = { person_id: who.id, instrument, administered_on: on, answers };
    if (visit) body.visit_id = visit.id;
    if (notes.input.value.trim()) body.notes = notes.input.value;
    submit.disabled = true;
    try {
      const s = await api.post<Screening>('/screenings', body, { signal: ctx.signal });
      setFlash({ message: `${title}を保存しました。` });
      navigate(screeningPath(s.id));
    } catch (e) {
      if (!ctx.signal.aborted) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });

  replace(
    ctx.main,
    formPage(
      {
        title,
        titleId: 'q-title',
        crumbs: [
          person
            ? h('a', { href: href(personPath(person.id)) }, `${fullName(person)}さんの記録`)
            : h('a', { href: '#/health' }, '母子保健'),
          '質問票',
        ],
        classes: ['page-questionnaire'],
        top: printHead(title, ctx.user.name),
        nav: instrumentTabs(instrument, ctx.query),
        actions: button('印刷', () => window.print(), 'quiet'),
      },
      form,
      printFoot(),
    ),
  );
  if (person) items.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
  else picker.focus();
}

/** The saved result: score, flags, follow-up state. */
function resultCard(s: Screening, q: Questionnaire | null): HTMLElement {
  return h(
    'section',
    { class: ['card', 'score-result', s.needs_followup ? 'needs-followup' : undefined], 'aria-labelledby': 'sr-h' },
    h('h2', { id: 'sr-h' }, '結果'),
    h(
      'div',
      { class: 'risk-summary' },
      h(
        'p',
        { class: 'score-total' },
        h('span', { class: 'score-label' }, '合計'),
        h('span', { class: 'score-value' }, String(s.score)),
        q ? `点／${q.max}点` : '点',
      ),
      followupState(s.needs_followup, s.followup),
    ),
    h('h3', { class: 'h-small' }, '要フォローの項目'),
    flagList(s.flags, { empty: 'なし' }),
  );
}

function followupCard(ctx: RouteContext, s: Screening): HTMLElement | null {
  if (s.followup) return followupDoneCard('フォロー', 'fu-h', s.followup);
  if (!may('health_write') || !s.flags.length) return null;
  const area = followupRecorder({
    path: `/screenings/${seg(s.id)}`,
    formLabel: 'フォローの記録',
    noteHint: '例: 電話で様子を確認。来週訪問の予定',
    savedMessage: 'フォローを記録しました。',
    then: screeningPath(s.id),
    signal: ctx.signal,
  });
  return h(
    'section',
    { class: 'card card-alert no-print', 'aria-labelledby': 'fu-h' },
    h('h2', { id: 'fu-h' }, 'フォロー'),
    h('p', null, '要フォローの項目があります。電話・訪問などで様子を確かめたら記録してください。'),
    area,
  );
}

export async function screeningPage(ctx: RouteContext): Promise<void> {
  setTitle('質問票の結果');
  const flash = takeFlash();
  replace(ctx.main, loading());
  const id = ctx.params.id as string;
  const s = await api.get<Screening>(`/screenings/${seg(id)}`, { signal: ctx.signal });
  const visit = s.visit_id
    ? await api.get<Visit>(`/visits/${seg(s.visit_id)}`, { signal: ctx.signal }).catch((e) => {
        if (e instanceof ApiError) return null;
        throw e;
      })
    : null;
  if (ctx.signal.aborted) return;
  const q = isInstrument(s.instrument) ? QUESTIONNAIRES[s.instrument] : null;
  const title = s.instrument_label || label('screening_instruments', s.instrument);
  const who: PersonSummary | null = s.person ?? null;
  const name = who ? fullName(who) : s.person_id;
  setTitle(`${title}（${name}）`);

  replace(
    ctx.main,
    h(
      'article',
      { class: 'page page-record page-questionnaire', 'aria-labelledby': 'sc-h' },
      printHead(title, ctx.user.name),
      flash ? h('div', { class: 'flash no-print' }, messageBox('success', flash.message)) : null,
      h(
        'p',
        { class: 'breadcrumb' },
        h('a', { href: href(personPath(s.person_id)) }, `${name}さんの記録`),
        ' ＞ 質問票',
      ),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', id: 'sc-h', tabindex: '-1' }, `${title}　${name}さん`),
        h(
          'div',
          { class: 'actions no-print' },
          button('印刷', () => window.print(), 'quiet'),
        ),
      ),
      resultCard(s, q),
      followupCard(ctx, s),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sc-facts-h' },
        h('h2', { id: 'sc-facts-h' }, '実施の記録'),
        h(
          'dl',
          { class: 'facts' },
          h('dt', null, '回答者'),
          h(
            'dd',
            null,
            h('a', { href: href(personPath(s.person_id)) }, name),
            who?.birth_date ? `　${formatWareki(who.birth_date)}生` : '',
          ),
          h('dt', null, '実施日'),
          h('dd', null, formatWareki(s.administered_on)),
          h('dt', null, '訪問・健診'),
          visit
            ? h(
                'dd',
                null,
                h(
                  'a',
                  { href: href(`/health/visits/${encodeURIComponent(visit.id)}`) },
                  `${visitTitle(visit)}　${formatWareki(visit.on)}`,
                ),
                visit.person ? `（${fullName(visit.person)}さん）` : '',
              )
            : h('dd', { class: 'empty' }, s.visit_id ? '（見つかりません）' : 'なし'),
          h('dt', null, '備考'),
          h('dd', { class: s.notes ? 'pre' : 'empty' }, s.notes || 'なし'),
          h('dt', null, '記録'),
          h('dd', null, s.created_at ? formatInstant(s.created_at) : ''),
        ),
      ),
      q
        ? h(
            'section',
            { class: 'paper paper-read', 'aria-labelledby': 'sc-paper-h' },
            h('h2', { id: 'sc-paper-h' }, '回答'),
            h('p', { class: 'paper-lead' }, q.lead),
            h(
              'ol',
              { class: 'q-items' },
              q.items.map((_, i) =>
                itemGroup(q, i, {
                  readOnly: true,
                  selected: s.answers[i] ?? null,
                  itemScore: s.item_scores?.[i] ?? null,
                }),
              ),
            ),
          )
        : null,
      printFoot(),
    ),
  );
}
