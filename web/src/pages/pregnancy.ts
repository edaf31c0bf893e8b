// 妊娠届・たまご面接: the interview form (one screen, keyboard only), its result (risk level,
// score, flags, 特定妊婦候補, notification band), editing (PATCH with If-Match recomputes) and the
// 出生児 (the children born of the pregnancy: chosen or registered on the spot, PATCH child_ids).
import { may } from '../meta';
import { ApiError, api, isAbort, seg } from '../api';
import { h, replace, setTitle, uid, type Child } from '../dom';
import { setFlash, takeFlash } from '../flash';
import {
  checkField,
  clearErrors,
  dateField,
  DELIBERATE_SAVE_HINT,
  enterNeverSubmits,
  formAlert,
  readDate,
  showApiError,
  showFieldError,
  showFormError,
  textArea,
  textField,
} from '../forms';
import {
  candidateMark,
  flagList,
  incompleteText,
  interviewIncomplete,
  motherProblem,
  pregnancyMark,
  printFoot,
  printHead,
  weeksText,
} from '../health';
import { personPicker } from '../personPicker';
import { href, navigate, type RouteContext } from '../router';
import type { Person, PersonDetail, PersonSummary, Pregnancy, PregnancyInput, RiskTable } from '../types';
import {
  birthSummary,
  button,
  errorText,
  fullKana,
  fullName,
  linkButton,
  loading,
  messageBox,
  sexShort,
  unnamedPerson,
} from '../ui';
import { ageOn, formatInstant, formatWareki, todayJst } from '../wareki';
import { CONFLICT_MESSAGE } from './personForm';
import { approvalStamps } from '../components/approvalStamps';
import { formPage } from '../components/formPage';

const MAX_WEEKS = 45;
/** As the server: at most this many children per pregnancy. */
const CHILDREN_MAX = 8;

function personPath(id: string): string {
  return `/persons/${encodeURIComponent(id)}`;
}

function pregnancyPath(id: string): string {
  return `/health/pregnancies/${encodeURIComponent(id)}`;
}

/** The age (in completed years) of the mother on the notification date, for the picker. */
function ageText(p: PersonSummary, on: string | null): string {
  if (!p.birth_date) return '生年月日不明のため年齢は判定できません';
  const a = ageOn(p.birth_date, on || todayJst());
  if (!a) return '';
  return `届出日に${a.years}歳${a.years < 20 ? '（20歳未満）' : ''}`;
}

type AnswerState = 'unasked' | 'no' | 'yes';

/** In this order: a question starts 未確認 and is answered なし or あり. */
const ANSWER_STATES: readonly { value: AnswerState; label: string }[] = [
  { value: 'unasked', label: '未確認' },
  { value: 'no', label: 'なし' },
  { value: 'yes', label: 'あり' },
];

function stateOf(answers: Record<string, boolean> | undefined, code: string): AnswerState {
  const v = answers?.[code];
  return v === true ? 'yes' : v === false ? 'no' : 'unasked';
}

/** The API value of a state: true あり, false なし, null 未確認. */
function answerValue(state: AnswerState): boolean | null {
  return state === 'yes' ? true : state === 'no' ? false : null;
}

/**
 * One question of the interview as a radio group 未確認 / なし / あり: Tab reaches the group (its
 * chosen button), ← → or ↑ ↓ change the answer, Tab goes on to the next question. The group is
 * the field a server error about `answers.<code>` is shown at.
 */
function questionGroup(
  code: string,
  text: string,
  initial: AnswerState,
): { root: HTMLElement; value: () => AnswerState } {
  const legendId = uid('qa-legend');
  const name = `answers.${code}`;
  const options = ANSWER_STATES.map((st) => ({
    st,
    id: uid('qa'),
    input: h('input', { type: 'radio', name, value: st.value, checked: st.value === initial }),
  }));
  const root = h(
    'fieldset',
    {
      class: ['field-group', 'answer-item', `answer-is-${initial}`],
      'data-field': name,
      'data-code': code,
      tabindex: '-1',
      'aria-labelledby': legendId,
    },
    h('legend', { id: legendId, class: 'answer-text' }, text),
    h(
      'div',
      { class: 'answer-options' },
      options.map((o) => {
        o.input.id = o.id;
        return h(
          'span',
          { class: ['answer-option', `answer-option-${o.st.value}`] },
          o.input,
          h('label', { for: o.id }, o.st.label),
        );
      }),
    ),
  );
  const value = () => options.find((o) => o.input.checked)?.st.value ?? 'unasked';
  root.addEventListener('change', () => {
    for (const st of ANSWER_STATES) root.classList.toggle(`answer-is-${st.value}`, st.value === value());
  });
  return { root, value };
}

function buildForm(
  ctx: RouteContext,
  table: RiskTable,
  existing: Pregnancy | null,
  mother: PersonSummary | null,
  onSubmit: (form: HTMLFormElement, body: PregnancyInput) => Promise<void>,
  cancelHref: string,
): { form: HTMLFormElement; focus: () => void } {
  const e = existing;
  const notified = dateField({
    name: 'notified_on',
    label: '届出日',
    value: e?.notified_on ?? todayJst(),
    required: true,
    inline: true,
    hint: '例: 2026-11-20（R8.11.20 の形でも入力できます）',
  });
  const onDate = () => readDate(notified.input) || todayJst();
  const picker = personPicker({
    name: 'mother_id',
    label: '母（妊婦）',
    required: true,
    initial: mother,
    signal: ctx.signal,
    // A mother new to the center is registered without leaving the notification.
    create: !e,
    createSex: 'female',
    // A boy or a small child is said at once (the server refuses them too).
    describe: (p) => motherProblem(p, onDate()) || ageText(p, readDate(notified.input) || null),
    onChosen: (p) => {
      const problem = motherProblem(p, onDate());
      if (problem) showFieldError(form, 'mother_id', problem);
      else notified.input.focus();
    },
  });
  notified.input.addEventListener('input', () => picker.refresh());
  const weeks = textField({
    name: 'weeks_at_notification',
    label: '届出時の妊娠週数',
    value: typeof e?.weeks_at_notification === 'number' ? String(e.weeks_at_notification) : '',
    inputmode: 'numeric',
    size: 'short',
    hint: `満週数（0〜${MAX_WEEKS}）。不詳なら空欄`,
    attrs: { spellcheck: 'false' },
  });
  const due = dateField({
    name: 'due_date',
    label: '出産予定日',
    value: e?.due_date ?? '',
    inline: true,
    hint: 'わからなければ空欄',
  });
  const afterBirth = checkField({
    name: 'notified_after_birth',
    label: '分娩後の届出',
    checked: e?.notified_after_birth,
  });
  const multiple = checkField({ name: 'multiple', label: '多胎（双子など）', checked: e?.multiple });

  const answerItems = table.items.filter((it) => it.source === 'answer');
  const derived = table.items.filter((it) => it.source === 'derived');
  const answers = answerItems.map((it) => ({
    code: it.code,
    q: questionGroup(it.code, it.label, stateOf(e?.answers, it.code)),
  }));
  const answersStatus = h('p', { class: 'answers-status', 'aria-live': 'polite' });
  const drawAnswersStatus = () => {
    const left = answers.filter((a) => a.q.value() === 'unasked').length;
    answersStatus.classList.toggle('is-incomplete', left > 0);
    replace(
      answersStatus,
      left
        ? `未確認の質問が ${left} 項目あります。このまま保存すると「面接未完了」として記録されます。`
        : 'すべての質問を確認しました。',
    );
  };
  drawAnswersStatus();
  const notes = textArea({
    name: 'notes',
    label: '面接の記録・備考',
    value: e?.notes ?? '',
    rows: 4,
    maxlength: 20000,
  });
  const saveHintId = uid('save-hint');
  const submit = h(
    'button',
    { type: 'submit', class: 'button button-primary', 'aria-describedby': saveHintId },
    e ? '保存する' : '保存して結果を見る',
  );

  const form = h(
    'form',
    { class: 'form form-interview', novalidate: true, 'aria-label': '妊娠届・たまご面接' },
    formAlert(),
    h('fieldset', { class: 'form-section' }, h('legend', null, '妊婦'), picker.root),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '届出'),
      h('div', { class: 'row' }, notified.root, due.root),
      h('div', { class: 'row row-checks' }, weeks.root, afterBirth.root, multiple.root),
    ),
    h(
      'fieldset',
      { class: 'form-section answers', 'aria-describedby': 'answers-hint' },
      h('legend', null, '面接で確認したこと'),
      h(
        'p',
        { class: 'hint', id: 'answers-hint' },
        '質問ごとに「未確認」「なし」「あり」から選びます（← → キーで選び、Tab キーで次の質問へ）。確認していない質問は「未確認」のままにしてください（「なし」とは扱いません）。',
      ),
      h(
        'div',
        { class: 'answer-list' },
        answers.map((a) => a.q.root),
      ),
      answersStatus,
      derived.length
        ? h(
            'p',
            { class: 'hint' },
            `自動で判定する項目: ${derived.map((d) => d.label).join('、')}（生年月日・週数・多胎から）`,
          )
        : null,
    ),
    h('fieldset', { class: 'form-section' }, h('legend', null, '記録'), notes.root),
    h(
      'div',
      { class: 'form-actions' },
      submit,
      linkButton(cancelHref, 'キャンセル', 'quiet'),
      h('p', { class: 'hint', id: saveHintId }, DELIBERATE_SAVE_HINT),
    ),
  );
  form.addEventListener('change', (ev) => {
    if ((ev.target as HTMLInputElement).name?.startsWith('answers.')) drawAnswersStatus();
  });
  // Enter (in 週数, on a radio button…) never saves a half-done interview: Ctrl+Enter or the button.
  enterNeverSubmits(form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const m = picker.value();
    const on = readDate(notified.input);
    if (!m) bad = showFieldError(form, 'mother_id', '母（妊婦）を選んでください', !bad) || bad;
    else if (motherProblem(m, on || todayJst()))
      bad = showFieldError(form, 'mother_id', motherProblem(m, on || todayJst()), !bad) || bad;
    if (!on)
      bad =
        showFieldError(
          form,
          'notified_on',
          on === '' ? '届出日を入力してください' : '届出日は 2026-11-20 の形で、実在する日付を入力してください',
          !bad,
        ) || bad;
    else if (on > todayJst())
      bad = showFieldError(form, 'notified_on', '届出日が未来の日付になっています', !bad) || bad;
    const w = weeks.input.value.normalize('NFKC').trim();
    let weeksVal: number | null = null;
    if (w) {
      if (!/^\d{1,2}$/.test(w) || Number(w) > MAX_WEEKS)
        bad =
          showFieldError(form, 'weeks_at_notification', `妊娠週数は0〜${MAX_WEEKS}の整数で入力してください`, !bad) ||
          bad;
      else weeksVal = Number(w);
    }
    const dueIso = readDate(due.input);
    if (dueIso === null)
      bad =
        showFieldError(form, 'due_date', '出産予定日は 2026-11-20 の形で、実在する日付を入力してください', !bad) || bad;
    if (bad || !m || !on) return;
    const body: PregnancyInput = {
      mother_id: m.id,
      notified_on: on,
      weeks_at_notification: weeksVal,
      notified_after_birth: afterBirth.input.checked,
      due_date: dueIso || null,
      multiple: multiple.input.checked,
      // Every question with its state: null for 未確認 (the callers send what they need).
      answers: Object.fromEntries(answers.map((a) => [a.code, answerValue(a.q.value())])),
      notes: notes.input.value.trim() ? notes.input.value : null,
    };
    submit.disabled = true;
    try {
      await onSubmit(form, body);
    } finally {
      submit.disabled = false;
    }
  });
  return { form, focus: () => (mother ? notified.input.focus() : picker.focus()) };
}

export async function newPregnancyPage(ctx: RouteContext): Promise<void> {
  setTitle('妊娠届・たまご面接');
  replace(ctx.main, loading());
  const motherId = ctx.query.get('mother');
  const [table, mother] = await Promise.all([
    api.get<RiskTable>('/settings/risk_table', { signal: ctx.signal }),
    motherId ? api.get<PersonDetail>(`/persons/${seg(motherId)}`, { signal: ctx.signal }) : Promise.resolve(null),
  ]);
  if (ctx.signal.aborted) return;
  const back = mother ? href(personPath(mother.id)) : '#/health';
  const { form, focus } = buildForm(
    ctx,
    table,
    null,
    mother,
    async (f, body) => {
      // Absent optional values stay absent (不詳).
      const send: Record<string, unknown> = { ...body };
      for (const k of ['weeks_at_notification', 'due_date', 'notes'] as const) if (send[k] === null) delete send[k];
      // Only the questions asked; a question left 未確認 is simply not sent.
      send.answers = Object.fromEntries(Object.entries(body.answers ?? {}).filter(([, v]) => v !== null));
      try {
        const p = await api.post<Pregnancy>('/pregnancies', send, { signal: ctx.signal });
        setFlash({ message: '妊娠届・たまご面接を記録しました。' });
        navigate(pregnancyPath(p.id));
      } catch (e) {
        if (!ctx.signal.aborted) showApiError(f, e);
      }
    },
    back,
  );
  replace(
    ctx.main,
    formPage(
      {
        title: '妊娠届・たまご面接',
        crumbs: [
          mother ? h('a', { href: back }, `${fullName(mother)}さんの記録`) : h('a', { href: '#/health' }, '母子保健'),
          '妊娠届・たまご面接',
        ],
        classes: ['page-wide'],
      },
      form,
    ),
  );
  focus();
}

export async function editPregnancyPage(ctx: RouteContext): Promise<void> {
  setTitle('妊娠届・たまご面接の編集');
  replace(ctx.main, loading());
  const id = ctx.params.id as string;
  const [table, p] = await Promise.all([
    api.get<RiskTable>('/settings/risk_table', { signal: ctx.signal }),
    api.get<Pregnancy>(`/pregnancies/${seg(id)}`, { signal: ctx.signal }),
  ]);
  if (ctx.signal.aborted) return;
  const mother: PersonSummary = p.mother ?? unnamedPerson(p.mother_id);
  const back = href(pregnancyPath(id));
  const { form, focus } = buildForm(
    ctx,
    table,
    p,
    mother,
    async (f, body) => {
      // Only what changed; the server recomputes the result either way.
      const send: Record<string, unknown> = {};
      const was: Record<string, unknown> = {
        mother_id: p.mother_id,
        notified_on: p.notified_on,
        weeks_at_notification: p.weeks_at_notification,
        notified_after_birth: p.notified_after_birth,
        due_date: p.due_date,
        multiple: p.multiple,
        notes: p.notes,
      };
      for (const [k, v] of Object.entries(body)) {
        if (k === 'answers') {
          // Only the questions whose answer changed (PATCH merges by code; null: 未確認 again).
          const changed = Object.entries(v as Record<string, boolean | null>).filter(
            ([c, b]) => ((p.answers as Record<string, boolean | undefined>)[c] ?? null) !== b,
          );
          if (changed.length) send.answers = Object.fromEntries(changed);
        } else if ((v ?? null) !== (was[k] ?? null)) {
          send[k] = v;
        }
      }
      if (Object.keys(send).length === 0) {
        setFlash({ message: '変更はありませんでした。' });
        navigate(pregnancyPath(id));
        return;
      }
      try {
        await api.patch<Pregnancy>(`/pregnancies/${seg(id)}`, send, p.version, { signal: ctx.signal });
        setFlash({ message: '保存しました。結果を計算し直しました。' });
        navigate(pregnancyPath(id));
      } catch (e) {
        if (ctx.signal.aborted) return;
        if (e instanceof ApiError && e.code === 'version_conflict') {
          showFormError(
            f,
            h('p', null, CONFLICT_MESSAGE),
            h(
              'p',
              { class: 'hint' },
              '読み込み直すと、この画面で入力した内容は失われます。必要なら控えてから読み込んでください。',
            ),
            button('最新の内容を読み込む', () => navigate(`${pregnancyPath(id)}/edit`), 'primary'),
          );
        } else {
          showApiError(f, e);
        }
      }
    },
    back,
  );
  replace(
    ctx.main,
    formPage(
      {
        title: '妊娠届・たまご面接の編集',
        crumbs: [
          h('a', { href: href(personPath(p.mother_id)) }, `${fullName(mother)}さんの記録`),
          h('a', { href: back }, '妊娠届・たまご面接'),
          '編集',
        ],
        classes: ['page-wide'],
      },
      form,
    ),
  );
  focus();
}

function fact(term: string, ...value: Child[]): Child[] {
  const empty = value.every((v) => v === '' || v === null || v === undefined);
  return [h('dt', null, term), h('dd', { class: empty ? 'empty' : undefined }, empty ? '未記入' : value)];
}

/**
 * The result of an interview: level, score, flags, 特定妊婦候補, band. With questions not asked it
 * reads 面接未完了（未確認 N 項目） and lists them — never リスク低: the points are only those of the
 * questions answered (a lower bound), and the level is shown only when they already reach 中 or 高.
 */
export function pregnancyResult(
  p: Pregnancy,
  headingId: string,
  heading = '判定結果',
  labels: ReadonlyMap<string, string> = new Map(),
): HTMLElement {
  const incomplete = interviewIncomplete(p);
  return h(
    'section',
    {
      class: ['card', 'risk-result', incomplete ? 'risk-result-incomplete' : `risk-result-${p.risk_level}`],
      'aria-labelledby': headingId,
    },
    h('h2', { id: headingId }, heading),
    h(
      'div',
      { class: 'risk-summary' },
      pregnancyMark(p, true),
      incomplete
        ? p.risk_level !== 'low'
          ? h(
              'p',
              { class: 'risk-score partial-level-big' },
              `確認済みの項目だけでリスク${p.risk_level_label}（${p.risk_score}点）`,
            )
          : null
        : h(
            'p',
            { class: 'risk-score' },
            h('span', { class: 'risk-score-label' }, '合計'),
            h('span', { class: 'risk-score-value' }, String(p.risk_score)),
            '点',
          ),
      p.tokutei_ninpu_candidate ? candidateMark() : null,
      p.notification_band
        ? h('p', { class: 'band' }, h('span', { class: 'band-label' }, '届出時期'), p.notification_band.label)
        : null,
    ),
    incomplete
      ? h(
          'div',
          { class: 'unasked-box' },
          h(
            'p',
            { class: 'unasked-title' },
            `${incompleteText(p)}：リスクの判定はまだ確定していません。次の質問を確認してください。`,
          ),
          h(
            'ul',
            { class: 'unasked-list' },
            p.unasked.map((c) => h('li', null, labels.get(c) ?? c)),
          ),
        )
      : null,
    p.tokutei_ninpu_candidate
      ? h(
          'p',
          { class: 'candidate-note' },
          '特定妊婦の候補です。支援の要否と要保護児童対策地域協議会への登録を検討してください。',
        )
      : null,
    h('h3', { class: 'h-small' }, '該当した項目'),
    flagList(p.flags, { weights: true }),
  );
}

/**
 * 出生児: the children born of this pregnancy, each linked to their record. The health writers
 * choose a child (or register the baby on the spot) and link it, or take one off the list; each
 * change sends the whole list (PATCH child_ids with If-Match) and the answer becomes the record.
 */
function childrenSection(ctx: RouteContext, initial: Pregnancy, onSaved: (p: Pregnancy) => void): HTMLElement {
  let p = initial;
  const write = may('health_write');
  const known = new Map<string, PersonSummary | Person | Error>();
  const listBox = h('div', { class: 'birth-children' });
  const status = h('div', { class: 'children-status', role: 'status', 'aria-live': 'polite' });
  const section = h(
    'section',
    { class: 'card children-card', 'aria-labelledby': 'preg-children-h', 'data-version': String(p.version) },
    h('h2', { id: 'preg-children-h' }, '出生児'),
    formAlert(),
    status,
    listBox,
  );
  let busy = false;

  const nameOf = (id: string): string => {
    const c = known.get(id);
    return c && !(c instanceof Error) ? fullName(c) || '（氏名未登録）' : '（読み込めませんでした）';
  };

  const say = (text: string) => replace(status, h('p', { class: 'msg msg-success' }, text));

  const conflict = () =>
    showFormError(
      section,
      h('p', null, CONFLICT_MESSAGE),
      button('最新の内容を読み込む', () => navigate(pregnancyPath(p.id)), 'primary'),
    );

  /** Sends the whole list; true when saved. */
  const save = async (ids: string[], onFieldError?: (e: ApiError) => boolean): Promise<boolean> => {
    if (busy) return false;
    busy = true;
    for (const b of Array.from(section.querySelectorAll<HTMLButtonElement>('.children-action'))) b.disabled = true;
    try {
      const r = await api.patch<Pregnancy>(`/pregnancies/${seg(p.id)}`, { child_ids: ids }, p.version, {
        signal: ctx.signal,
      });
      p = { ...p, ...r, mother: r.mother ?? p.mother };
      section.setAttribute('data-version', String(p.version));
      onSaved(p);
      return true;
    } catch (e) {
      if (isAbort(e) || ctx.signal.aborted) return false;
      if (e instanceof ApiError && e.code === 'version_conflict') conflict();
      else if (!(e instanceof ApiError && onFieldError?.(e))) showApiError(section, e);
      return false;
    } finally {
      busy = false;
      for (const b of Array.from(section.querySelectorAll<HTMLButtonElement>('.children-action'))) b.disabled = false;
    }
  };

  const remove = async (id: string, index: number) => {
    clearErrors(section);
    replace(status);
    const name = nameOf(id);
    if (!(await save(p.child_ids.filter((c) => c !== id)))) return;
    drawList();
    say(`${name}さんを出生児から外しました。`);
    // The keyboard stays in the list: the next child's ×, else the previous one's, else the picker.
    const xs = Array.from(listBox.querySelectorAll<HTMLButtonElement>('.child-remove'));
    const next = xs[Math.min(index, xs.length - 1)];
    if (next) next.focus();
    else if (picker) picker.focus();
  };

  const drawList = () => {
    if (!p.child_ids.length) {
      replace(listBox, h('p', { class: 'empty-note' }, '出生児はまだ登録されていません。'));
      return;
    }
    replace(
      listBox,
      h(
        'ul',
        { class: 'child-list', 'aria-label': '出生児' },
        p.child_ids.map((id, i) => {
          const c = known.get(id);
          const who: Child =
            c === undefined
              ? h('span', { class: 'muted' }, '読み込み中…')
              : c instanceof Error
                ? [
                    h('a', { href: href(personPath(id)), class: 'member-name' }, `利用者ID ${id}`),
                    h('span', { class: 'muted' }, `（${errorText(c)}）`),
                  ]
                : [
                    h('a', { href: href(personPath(id)), class: 'member-name' }, fullName(c) || '（氏名未登録）'),
                    h('span', { class: 'member-kana' }, fullKana(c)),
                    h('span', { class: 'member-birth' }, `${birthSummary(c)}・${sexShort(c)}`),
                  ];
          return h(
            'li',
            { class: 'child-row' },
            h('span', { class: 'child-who' }, who),
            write
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'button button-quiet child-remove children-action no-print',
                    'aria-label': `${c && !(c instanceof Error) ? fullName(c) || '氏名未登録の子ども' : `利用者ID ${id}`}さんを出生児から外す`,
                    title: '出生児から外す',
                    onClick: () => void remove(id, i),
                  },
                  '×',
                )
              : null,
          );
        }),
      ),
    );
  };

  // The picker, made again after each link so that it starts empty.
  let picker: ReturnType<typeof personPicker> | null = null;
  const pickerSlot = h('div', { class: 'children-picker' });
  const linkButtonEl = h(
    'button',
    { type: 'submit', class: 'button button-primary children-action' },
    'この妊娠の出生児として登録',
  );
  const makePicker = () => {
    picker = personPicker({
      name: 'child_id',
      label: '登録する子ども',
      signal: ctx.signal,
      create: true,
      hint: '氏名・カナで探します。生まれたばかりで記録がなければ「新規登録」で、この場で登録できます。',
      describe: (c) =>
        p.child_ids.includes(c.id) ? 'すでにこの妊娠の出生児です' : c.id === p.mother_id ? '母（妊婦）本人です' : '',
      onChosen: () => linkButtonEl.focus(),
    });
    replace(pickerSlot, picker.root);
  };

  if (write) {
    makePicker();
    const form = h(
      'form',
      { class: 'form children-form no-print', novalidate: true, 'aria-label': '出生児の登録' },
      pickerSlot,
      h('div', { class: 'form-actions' }, linkButtonEl),
    );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(section);
      replace(status);
      const c = picker?.value() ?? null;
      let msg = '';
      if (!c) msg = '登録する子どもを選ぶか、「新規登録」で登録してください';
      else if (c.id === p.mother_id) msg = '母（妊婦）本人は出生児として登録できません';
      else if (p.child_ids.includes(c.id)) msg = 'この子どもはすでに出生児として登録されています';
      else if (p.child_ids.length >= CHILDREN_MAX) msg = `出生児は${CHILDREN_MAX}人まで登録できます`;
      if (msg || !c) {
        showFieldError(section, 'child_id', msg);
        return;
      }
      known.set(c.id, c);
      const ok = await save(
        [...p.child_ids, c.id],
        (e) => !!e.field?.startsWith('child_ids') && showFieldError(section, 'child_id', e.message),
      );
      if (!ok) return;
      drawList();
      makePicker();
      say(`${fullName(c) || '氏名未登録の子ども'}さんをこの妊娠の出生児として登録しました。`);
      picker?.focus();
    });
    section.append(h('h3', { class: 'h-small no-print' }, '出生児を登録する'), form);
  }

  drawList();
  // Each child's name and birth from their record (GET /persons/{id}), drawn when all are read.
  void Promise.all(
    p.child_ids.map(async (id) => {
      try {
        known.set(id, await api.get<PersonDetail>(`/persons/${seg(id)}`, { signal: ctx.signal }));
      } catch (e) {
        if (isAbort(e)) throw e;
        known.set(id, e as Error);
      }
    }),
  )
    .then(() => {
      if (!ctx.signal.aborted) drawList();
    })
    .catch(() => {});
  return section;
}

export async function pregnancyPage(ctx: RouteContext): Promise<void> {
  setTitle('妊娠届・たまご面接');
  const flash = takeFlash();
  replace(ctx.main, loading());
  const id = ctx.params.id as string;
  const [p, table] = await Promise.all([
    api.get<Pregnancy>(`/pregnancies/${seg(id)}`, { signal: ctx.signal }),
    api.get<RiskTable>('/settings/risk_table', { signal: ctx.signal }).catch(() => null),
  ]);
  if (ctx.signal.aborted) return;
  const mother = p.mother;
  const motherName = mother ? fullName(mother) : p.mother_id;
  setTitle(`妊娠届・たまご面接（${motherName}）`);
  const labels = new Map<string, string>((table?.items ?? []).map((i) => [i.code, i.label]));
  // The questions by answer, in the table's order: あり, なし, 未確認.
  const order: string[] = (table?.items ?? []).map((i) => i.code);
  const byOrder = (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
  const answers: Record<string, boolean | undefined> = p.answers || {};
  const codesWith = (v: boolean) =>
    Object.keys(answers)
      .filter((c) => answers[c] === v)
      .sort(byOrder);
  const answerLine = (title: string, codes: string[], cls: string) =>
    codes.length
      ? h(
          'li',
          { class: ['answer-line', cls] },
          h('span', { class: 'answer-line-title' }, `${title}：`),
          codes.map((c) => labels.get(c) ?? c).join('、'),
        )
      : null;
  const answered = [
    answerLine('あり', codesWith(true), 'answer-line-yes'),
    answerLine('なし', codesWith(false), 'answer-line-no'),
    answerLine('未確認', p.unasked, 'answer-line-unasked'),
  ];

  const recordText = (x: Pregnancy) =>
    [
      x.created_at ? `登録 ${formatInstant(x.created_at)}` : '',
      x.updated_at && x.updated_at !== x.created_at ? `　更新 ${formatInstant(x.updated_at)}` : '',
    ].join('');
  const recordFact = fact('記録', recordText(p));

  const stamps = approvalStamps();
  replace(
    ctx.main,
    h(
      'article',
      { class: 'page page-record', 'aria-labelledby': 'preg-h' },
      printHead('妊娠届・たまご面接', ctx.user.name),
      stamps.box,
      flash ? h('div', { class: 'flash no-print' }, messageBox('success', flash.message)) : null,
      h(
        'p',
        { class: 'breadcrumb' },
        h('a', { href: href(personPath(p.mother_id)) }, `${motherName}さんの記録`),
        ' ＞ 妊娠届・たまご面接',
      ),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', id: 'preg-h', tabindex: '-1' }, `妊娠届・たまご面接　${motherName}さん`),
        h(
          'div',
          { class: 'actions no-print' },
          may('health_write') ? linkButton(href(`${pregnancyPath(id)}/edit`), '編集', 'primary') : null,
          p.tokutei_ninpu_candidate && may('case_write')
            ? linkButton(href('/cases/new', { pregnancy: id }), 'ケースを開く（特定妊婦候補）')
            : null,
          button('印刷', () => window.print(), 'quiet'),
          stamps.toggle,
        ),
      ),
      pregnancyResult(p, 'result-h', '判定結果', labels),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'preg-facts-h' },
        h('h2', { id: 'preg-facts-h' }, '届出と面接の内容'),
        h(
          'dl',
          { class: 'facts' },
          fact(
            '母（妊婦）',
            h('a', { href: href(personPath(p.mother_id)) }, motherName),
            mother?.birth_date ? `　${formatWareki(mother.birth_date)}生` : '',
          ),
          fact('届出日', formatWareki(p.notified_on)),
          fact(
            '届出時の年齢',
            typeof p.mother_age_at_notification === 'number' ? `${p.mother_age_at_notification}歳` : '不明',
          ),
          fact('妊娠週数', weeksText(p)),
          fact('分娩後の届出', p.notified_after_birth ? 'はい' : 'いいえ'),
          fact('出産予定日', p.due_date ? formatWareki(p.due_date) : ''),
          fact('多胎', p.multiple ? 'はい' : 'いいえ'),
          fact('面接で確認したこと', h('ul', { class: 'plain-list answer-lines' }, answered)),
          fact('面接の記録・備考', p.notes ? h('span', { class: 'pre' }, p.notes) : ''),
          recordFact,
        ),
      ),
      childrenSection(ctx, p, (saved) => {
        const dd = recordFact[1];
        if (dd instanceof HTMLElement) {
          dd.classList.remove('empty');
          replace(dd, recordText(saved));
        }
      }),
      printFoot(),
    ),
  );
}
