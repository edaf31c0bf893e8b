// 訪問・健診の記録: こんにちは赤ちゃん訪問, 産後ケア (宿泊型・日帰り型・訪問型), 乳幼児健診 (4か月・
// 1歳6か月・3歳) with date, status (予定 / 実施・受診 / 未受診 — 未受診 only for 健診), staff, notes;
// the follow-up of a missed check-up; and the questionnaires taken at the visit.
import { codes, may } from '../meta';
import { ApiError, api, isAbort, seg } from '../api';
import { followupDoneCard, followupRecorder } from '../components/followupForm';
import { h, replace, setTitle, uid } from '../dom';
import { setFlash, takeFlash } from '../flash';
import {
  clearErrors,
  dateField,
  DELIBERATE_SAVE_HINT,
  enterNeverSubmits,
  formAlert,
  readDate,
  selectField,
  showApiError,
  showFieldError,
  showFormError,
  textArea,
  textField,
} from '../forms';
import {
  allPages,
  flagsInline,
  followupState,
  printFoot,
  printHead,
  respondentProblem,
  visitStatusMark,
  visitTitle,
} from '../health';
import { label, visitChoices, visitStatusLabel } from '../labels';
import { personPicker } from '../personPicker';
import { QUESTIONNAIRES, INSTRUMENTS } from '../questionnaires';
import { href, navigate, type RouteContext } from '../router';
import type { Household, PersonDetail, PersonSummary, Screening, Visit, VisitStatus } from '../types';
import { birthSummary, button, fullName, linkButton, loading, messageBox, unnamedPerson } from '../ui';
import { ageOn, formatInstant, formatWareki, todayJst } from '../wareki';
import { CONFLICT_MESSAGE } from './personForm';
import { approvalStamps } from '../components/approvalStamps';
import { formPage } from '../components/formPage';

function visitPath(id: string): string {
  return `/health/visits/${encodeURIComponent(id)}`;
}

function personPath(id: string): string {
  return `/persons/${encodeURIComponent(id)}`;
}

/** The members of the person's current households with one of the relations. */
async function householdMembers(
  person: PersonDetail,
  relations: readonly string[],
  signal: AbortSignal,
): Promise<PersonSummary[]> {
  const today = todayJst();
  const refs = (person.households ?? []).filter((r) => !r.to || r.to >= today);
  const hhs = await Promise.all(
    refs.map((r) =>
      api.get<Household>(`/households/${seg(r.household_id)}`, { signal }).catch((e) => {
        if (isAbort(e)) throw e;
        return null;
      }),
    ),
  );
  const out = new Map<string, PersonSummary>();
  for (const hh of hhs) {
    for (const m of hh?.members ?? []) {
      if (m.person_id === person.id || !m.person || !relations.includes(m.relation)) continue;
      if (m.to && m.to < today) continue;
      out.set(m.person_id, m.person);
    }
  }
  return Array.from(out.values());
}

/** An infant or small child (the person of a visit or check-up, not a mother). */
function isSmallChild(p: PersonSummary): boolean {
  if (!p.birth_date) return false;
  const a = ageOn(p.birth_date, todayJst());
  return !!a && a.years < 4;
}

function statusGroup(value: VisitStatus): {
  root: HTMLElement;
  read(): VisitStatus | null;
  setKind(kind: string): void;
} {
  const legendId = uid('legend');
  const name = uid('status');
  const radios = codes('visit_statuses').map(({ code }) => {
    const s = code as VisitStatus;
    const id = uid('st');
    const input = h('input', {
      type: 'radio',
      id,
      name,
      value: s,
      checked: s === value,
      'data-field': s === 'scheduled' ? 'status' : undefined,
    });
    const lab = h('label', { for: id }, visitStatusLabel('', s));
    return { s, input, lab, wrap: h('span', { class: 'radio' }, input, lab) };
  });
  const hint = h('p', { class: 'hint', id: uid('hint') }, '未受診は乳幼児健診のときだけ選べます。');
  const root = h(
    'fieldset',
    { class: 'field field-group', 'aria-labelledby': legendId, 'aria-describedby': hint.id },
    h('legend', { id: legendId }, '状況', h('span', { class: 'req' }, '必須')),
    h(
      'div',
      { class: 'radios' },
      radios.map((r) => r.wrap),
    ),
    hint,
  );
  return {
    root,
    read: () => radios.find((r) => r.input.checked)?.s ?? null,
    setKind: (kind: string) => {
      for (const r of radios) {
        r.lab.textContent = visitStatusLabel(kind || 'newborn_visit', r.s);
        if (r.s === 'missed') {
          const allowed = kind === 'checkup';
          r.input.disabled = !allowed;
          if (!allowed && r.input.checked) {
            r.input.checked = false;
            const done = radios.find((x) => x.s === 'done');
            if (done) done.input.checked = true;
          }
        }
      }
    },
  };
}

interface VisitBody {
  person_id: string;
  kind: string;
  subtype: string | null;
  on: string;
  status: VisitStatus;
  staff: string | null;
  notes: string | null;
  infant_weight_g: number | null;
  feeding: string | null;
  mother_mood: string | null;
  mother_sleep: string | null;
  home_environment: string | null;
  home_note: string | null;
  next_contact_on: string | null;
  next_contact_kind: string | null;
}

/** The items of こんにちは赤ちゃん訪問 only (the server refuses them on another kind). */
const NEWBORN_ITEMS = [
  'infant_weight_g',
  'feeding',
  'mother_mood',
  'mother_sleep',
  'home_environment',
  'home_note',
] as const;

/** A select of a served table whose empty choice is 未確認 (not asked), never "none". */
function unaskedSelect(name: string, labelText: string, table: string, value: string | null | undefined) {
  return selectField({
    name,
    label: labelText,
    value: value ?? '',
    options: codes(table).map((c) => ({ value: c.code, label: c.label })),
    placeholder: '未確認',
  });
}

/**
 * The visit form proper (issue 13): the infant's weight, feeding, the mother's mood and sleep, the
 * home — shown for こんにちは赤ちゃん訪問 only — and the next contact of every visit.
 */
function formItems(e: Visit | null) {
  const weight = textField({
    name: 'infant_weight_g',
    label: '体重（g）',
    value: e?.infant_weight_g != null ? String(e.infant_weight_g) : '',
    size: 'short',
    hint: '例: 4250（測っていなければ空欄）',
  });
  weight.input.inputMode = 'numeric';
  const feeding = unaskedSelect('feeding', '栄養', 'feeding_methods', e?.feeding);
  const mood = unaskedSelect('mother_mood', '母の気分', 'mother_moods', e?.mother_mood);
  const sleep = unaskedSelect('mother_sleep', '母の睡眠', 'mother_sleeps', e?.mother_sleep);
  const home = unaskedSelect('home_environment', '家庭環境', 'home_environments', e?.home_environment);
  const homeNote = textArea({
    name: 'home_note',
    label: '家庭環境のメモ',
    value: e?.home_note ?? '',
    rows: 2,
    maxlength: 20000,
  });
  const nextOn = dateField({
    name: 'next_contact_on',
    label: '次回の連絡日',
    value: e?.next_contact_on ?? '',
    inline: true,
    hint: '予定がなければ空欄。例: 2026-12-10（R8.12.10）',
  });
  const nextKind = selectField({
    name: 'next_contact_kind',
    label: '次回の連絡方法',
    value: e?.next_contact_kind ?? '',
    options: codes('contact_kinds').map((c) => ({ value: c.code, label: c.label })),
    placeholder: '選択してください',
  });
  const newborn = h(
    'fieldset',
    { class: 'form-section', 'data-section': 'newborn' },
    h('legend', null, 'こんにちは赤ちゃん訪問の記録'),
    h(
      'p',
      { class: 'hint' },
      '聞いていない項目は「未確認」のままにします（「なし」とは区別されます）。EPDS は訪問の記録後に質問票で記録します。',
    ),
    h('div', { class: 'row' }, weight.root, feeding.root),
    h('div', { class: 'row' }, mood.root, sleep.root),
    home.root,
    homeNote.root,
  );
  const next = h(
    'fieldset',
    { class: 'form-section' },
    h('legend', null, '次回の連絡'),
    h('div', { class: 'row' }, nextOn.root, nextKind.root),
  );
  const setKind = (kind: string) => {
    newborn.hidden = kind !== 'newborn_visit';
  };
  /** The items as the body sends them, or the field and message of the first one that is wrong. */
  const read = (
    form: HTMLFormElement,
    kind: string,
    focusFirst: boolean,
  ): Pick<VisitBody, (typeof NEWBORN_ITEMS)[number] | 'next_contact_on' | 'next_contact_kind'> | null => {
    let bad = false;
    const w = weight.input.value.normalize('NFKC').trim();
    const grams = w === '' ? null : /^\d+$/.test(w) ? Number(w) : NaN;
    if (kind === 'newborn_visit' && grams !== null && !(grams >= 300 && grams <= 15000))
      bad = showFieldError(form, 'infant_weight_g', '体重は300〜15000の整数（g）で入力してください', focusFirst) || bad;
    const d = readDate(nextOn.input);
    if (d === null && nextOn.input.value.trim() !== '')
      bad =
        showFieldError(
          form,
          'next_contact_on',
          '日付は 2026-12-10 の形で、実在する日付を入力してください',
          focusFirst && !bad,
        ) || bad;
    const nk = nextKind.input.value || null;
    if (d && !nk)
      bad = showFieldError(form, 'next_contact_kind', '連絡方法を選んでください', focusFirst && !bad) || bad;
    if (!d && nk && !bad)
      bad = showFieldError(form, 'next_contact_on', '次回の連絡日を入力してください', focusFirst && !bad) || bad;
    if (bad) return null;
    const isNewborn = kind === 'newborn_visit';
    return {
      infant_weight_g: isNewborn ? grams : null,
      feeding: isNewborn ? feeding.input.value || null : null,
      mother_mood: isNewborn ? mood.input.value || null : null,
      mother_sleep: isNewborn ? sleep.input.value || null : null,
      home_environment: isNewborn ? home.input.value || null : null,
      home_note: isNewborn && homeNote.input.value.trim() ? homeNote.input.value : null,
      next_contact_on: d || null,
      next_contact_kind: nk,
    };
  };
  return { newborn, next, setKind, read };
}

function buildForm(
  ctx: RouteContext,
  existing: Visit | null,
  initial: PersonSummary | null,
  suggestions: { person: PersonSummary; note?: string }[],
  onSubmit: (form: HTMLFormElement, body: VisitBody) => Promise<void>,
  cancelHref: string,
): { form: HTMLFormElement; focus(): void } {
  const e = existing;
  const choiceValue = e ? (e.subtype ? `${e.kind}:${e.subtype}` : e.kind) : '';
  const choices = visitChoices();
  const kind = selectField({
    name: 'kind',
    label: '種別',
    value: choiceValue,
    required: true,
    options: choices.map((c) => ({ value: c.value, label: c.label })),
    placeholder: '選択してください',
  });
  const on = dateField({
    name: 'on',
    label: '日付',
    value: e?.on ?? todayJst(),
    required: true,
    inline: true,
    hint: '予定は先の日付も入力できます。例: 2026-11-20（R8.11.20）',
  });
  const status = statusGroup(e?.status ?? 'done');
  const picker = personPicker({
    name: 'person_id',
    label: '対象者',
    required: true,
    initial,
    suggestions,
    signal: ctx.signal,
    hint: 'こんにちは赤ちゃん訪問・乳幼児健診はお子さん、産後ケアは母またはお子さん、伴走型相談支援の面談は母（妊婦）を選びます。',
    onChosen: () => kind.input.focus(),
  });
  const staff = textField({
    name: 'staff',
    label: '担当',
    value: e ? (e.staff ?? '') : ctx.user.name,
    maxlength: 100,
    size: 'medium',
  });
  const notes = textArea({ name: 'notes', label: '記録・備考', value: e?.notes ?? '', rows: 4, maxlength: 20000 });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, e ? '保存する' : '記録する');
  const items = formItems(e);
  kind.input.addEventListener('change', () => {
    status.setKind(kind.input.value.split(':')[0] ?? '');
    items.setKind(kind.input.value.split(':')[0] ?? '');
  });
  status.setKind(e?.kind ?? '');
  items.setKind(e?.kind ?? '');

  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': '訪問・健診の記録' },
    formAlert(),
    h('fieldset', { class: 'form-section' }, h('legend', null, '対象者'), picker.root),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '訪問・健診'),
      h('div', { class: 'row' }, kind.root, on.root),
      status.root,
      staff.root,
    ),
    items.newborn,
    h('fieldset', { class: 'form-section' }, h('legend', null, '記録'), notes.root),
    items.next,
    h(
      'div',
      { class: 'form-actions' },
      submit,
      linkButton(cancelHref, 'キャンセル', 'quiet'),
      h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT),
    ),
  );
  // A visit or check-up (未受診 is a risk sign) is recorded only deliberately, never by Enter.
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const who = picker.value();
    if (!who) bad = showFieldError(form, 'person_id', '対象者を選んでください', !bad) || bad;
    const choice = choices.find((c) => c.value === kind.input.value);
    if (!choice) bad = showFieldError(form, 'kind', '種別を選んでください', !bad) || bad;
    const d = readDate(on.input);
    if (!d)
      bad =
        showFieldError(
          form,
          'on',
          d === '' ? '日付を入力してください' : '日付は 2026-11-20 の形で、実在する日付を入力してください',
          !bad,
        ) || bad;
    const st = status.read();
    if (!st) bad = showFieldError(form, 'status', '状況を選んでください', !bad) || bad;
    else if (d && d > todayJst() && st !== 'scheduled')
      bad =
        showFieldError(form, 'on', '実施・未受診の記録に未来の日付は入力できません（予定を選んでください）', !bad) ||
        bad;
    const form_items = items.read(form, choice?.kind ?? '', !bad);
    if (!form_items) bad = true;
    if (bad || !who || !choice || !d || !st || !form_items) return;
    submit.disabled = true;
    try {
      await onSubmit(form, {
        person_id: who.id,
        kind: choice.kind,
        subtype: choice.subtype,
        on: d,
        status: st,
        staff: staff.input.value.trim() || null,
        notes: notes.input.value.trim() ? notes.input.value : null,
        ...form_items,
      });
    } finally {
      submit.disabled = false;
    }
  });
  return { form, focus: () => (initial ? kind.input.focus() : picker.focus()) };
}

/** Server errors about the subtype belong to the 種別 select (kind and subtype are one choice). */
function showVisitError(form: HTMLElement, e: unknown): void {
  if (e instanceof ApiError && e.field === 'subtype') {
    showApiError(form, new ApiError(e.status, e.code, e.message, 'kind'));
  } else {
    showApiError(form, e);
  }
}

export async function newVisitPage(ctx: RouteContext): Promise<void> {
  setTitle('訪問・健診の記録');
  replace(ctx.main, loading());
  const fromId = ctx.query.get('from') || ctx.query.get('person');
  const from = fromId ? await api.get<PersonDetail>(`/persons/${seg(fromId)}`, { signal: ctx.signal }) : null;
  let initial: PersonSummary | null = null;
  const suggestions: { person: PersonSummary; note?: string }[] = [];
  if (from) {
    if (ctx.query.get('person') || isSmallChild(from)) {
      initial = from;
    } else {
      // From a mother's record: her children in the household, or herself (産後ケア).
      const kids = await householdMembers(from, ['child'], ctx.signal);
      for (const k of kids) suggestions.push({ person: k, note: '世帯の子' });
      suggestions.push({ person: from, note: 'ご本人' });
    }
  }
  if (ctx.signal.aborted) return;
  // The questionnaires at the visit are answered by the mother whose record led here.
  const motherId = from && !isSmallChild(from) ? from.id : null;
  const back = from ? href(personPath(from.id)) : '#/health';
  const { form, focus } = buildForm(
    ctx,
    null,
    initial,
    suggestions,
    async (f, body) => {
      const send: Record<string, unknown> = { ...body };
      for (const [k, val] of Object.entries(send)) if (val === null) delete send[k];
      try {
        const v = await api.post<Visit>('/visits', send, { signal: ctx.signal });
        setFlash({ message: `${visitTitle(v)}を記録しました。` });
        navigate(href(visitPath(v.id), { mother: motherId && motherId !== v.person_id ? motherId : null }).slice(1));
      } catch (e) {
        if (!ctx.signal.aborted) showVisitError(f, e);
      }
    },
    back,
  );
  replace(
    ctx.main,
    formPage(
      {
        title: '訪問・健診の記録',
        crumbs: [
          from ? h('a', { href: back }, `${fullName(from)}さんの記録`) : h('a', { href: '#/health' }, '母子保健'),
          '訪問・健診の記録',
        ],
      },
      form,
    ),
  );
  focus();
}

export async function editVisitPage(ctx: RouteContext): Promise<void> {
  setTitle('訪問・健診の編集');
  replace(ctx.main, loading());
  const id = ctx.params.id as string;
  const v = await api.get<Visit>(`/visits/${seg(id)}`, { signal: ctx.signal });
  if (ctx.signal.aborted) return;
  const person: PersonSummary = v.person ?? unnamedPerson(v.person_id);
  // Back to the visit as it was opened (with the mother who answers the questionnaires).
  const backPath = href(visitPath(id), { mother: ctx.query.get('mother') }).slice(1);
  const back = `#${backPath}`;
  const { form, focus } = buildForm(
    ctx,
    v,
    person,
    [],
    async (f, body) => {
      const was: Record<string, unknown> = {
        person_id: v.person_id,
        kind: v.kind,
        subtype: v.subtype,
        on: v.on,
        status: v.status,
        staff: v.staff,
        notes: v.notes,
        infant_weight_g: v.infant_weight_g,
        feeding: v.feeding,
        mother_mood: v.mother_mood,
        mother_sleep: v.mother_sleep,
        home_environment: v.home_environment,
        home_note: v.home_note,
        next_contact_on: v.next_contact_on,
        next_contact_kind: v.next_contact_kind,
      };
      const send: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(body)) if ((val ?? null) !== (was[k] ?? null)) send[k] = val;
      // Kind and subtype go together.
      if ('kind' in send || 'subtype' in send) {
        send.kind = body.kind;
        send.subtype = body.subtype;
      }
      if (Object.keys(send).length === 0) {
        setFlash({ message: '変更はありませんでした。' });
        navigate(backPath);
        return;
      }
      try {
        await api.patch<Visit>(`/visits/${seg(id)}`, send, v.version, { signal: ctx.signal });
        setFlash({ message: '保存しました。' });
        navigate(backPath);
      } catch (e) {
        if (ctx.signal.aborted) return;
        if (e instanceof ApiError && e.code === 'version_conflict') {
          showFormError(
            f,
            h('p', null, CONFLICT_MESSAGE),
            button('最新の内容を読み込む', () => navigate(location.hash), 'primary'),
          );
        } else {
          showVisitError(f, e);
        }
      }
    },
    back,
  );
  replace(
    ctx.main,
    formPage(
      {
        title: '訪問・健診の編集',
        crumbs: [
          h('a', { href: href(personPath(v.person_id)) }, `${fullName(person)}さんの記録`),
          h('a', { href: back }, visitTitle(v)),
          '編集',
        ],
      },
      form,
    ),
  );
  focus();
}

/** The follow-up of a missed check-up: shown, or a button that opens the form. */
function followupSection(ctx: RouteContext, v: Visit): HTMLElement | null {
  if (v.kind !== 'checkup' || v.status !== 'missed') return null;
  if (v.followup) return followupDoneCard('未受診のフォロー', 'vfu-h', v.followup);
  const card = h(
    'section',
    { class: 'card card-alert', 'aria-labelledby': 'vfu-h' },
    h('h2', { id: 'vfu-h' }, '未受診のフォロー'),
    h('p', null, '未受診です。電話・訪問などで受診を勧め、様子を確かめたら記録してください。'),
  );
  if (!may('health_write')) return card;
  card.appendChild(
    followupRecorder({
      path: `/visits/${seg(v.id)}`,
      formLabel: '未受診のフォローの記録',
      noteHint: '例: 電話で受診を勧めた。次回の健診日を案内',
      savedMessage: '未受診のフォローを記録しました。',
      then: location.hash,
      signal: ctx.signal,
      areaClass: 'no-print',
    }),
  );
  return card;
}

/** An item of the form: its label, or 未確認 when not asked. */
function itemText(table: string, code: string | null): HTMLElement {
  return code ? h('dd', null, label(table, code)) : h('dd', { class: 'empty' }, '未確認');
}

/** The structured record in the facts list: a newborn visit's items, and any visit's next contact. */
function visitFormRows(v: Visit): HTMLElement[] {
  const rows: HTMLElement[] = [];
  if (v.kind === 'newborn_visit') {
    rows.push(
      h('dt', null, '体重'),
      v.infant_weight_g != null
        ? h('dd', null, `${v.infant_weight_g.toLocaleString('ja-JP')} g`)
        : h('dd', { class: 'empty' }, '未確認'),
      h('dt', null, '栄養'),
      itemText('feeding_methods', v.feeding),
      h('dt', null, '母の気分'),
      itemText('mother_moods', v.mother_mood),
      h('dt', null, '母の睡眠'),
      itemText('mother_sleeps', v.mother_sleep),
      h('dt', null, '家庭環境'),
      itemText('home_environments', v.home_environment),
      h('dt', null, '家庭環境のメモ'),
      h('dd', { class: v.home_note ? 'pre' : 'empty' }, v.home_note || 'なし'),
    );
  }
  rows.push(
    h('dt', null, '次回の連絡'),
    v.next_contact_on
      ? h(
          'dd',
          null,
          formatWareki(v.next_contact_on),
          v.next_contact_kind ? `（${label('contact_kinds', v.next_contact_kind)}）` : '',
        )
      : h('dd', { class: 'empty' }, '予定なし'),
  );
  return rows;
}

export async function visitPage(ctx: RouteContext): Promise<void> {
  setTitle('訪問・健診');
  const flash = takeFlash();
  replace(ctx.main, loading());
  const id = ctx.params.id as string;
  const v = await api.get<Visit>(`/visits/${seg(id)}`, { signal: ctx.signal });
  // Who may answer the questionnaires at this visit: the mother named by the page that led here,
  // the mothers in the child's households, or the person herself at 産後ケア.
  const mothers = new Map<string, PersonSummary>();
  const qMother = ctx.query.get('mother');
  const [qm, detail] = await Promise.all([
    qMother
      ? api
          .get<PersonDetail>(`/persons/${seg(qMother)}`, { signal: ctx.signal })
          .catch((e) => (isAbort(e) ? Promise.reject(e) : null))
      : Promise.resolve(null),
    api.get<PersonDetail>(`/persons/${seg(v.person_id)}`, { signal: ctx.signal }),
  ]);
  if (qm) mothers.set(qm.id, qm);
  for (const m of await householdMembers(detail, ['mother'], ctx.signal)) mothers.set(m.id, m);
  if (v.kind === 'postpartum_care' && !isSmallChild(detail)) mothers.set(detail.id, detail);
  // Questionnaires only for someone who can answer them (10 or older, as the server checks).
  for (const [id, m] of mothers) if (respondentProblem(m, todayJst())) mothers.delete(id);
  const screenings = (
    await Promise.all(
      Array.from(mothers.keys()).map((mid) =>
        allPages<Screening>('/screenings', { person_id: mid }, ctx.signal, 300).catch((e) => {
          if (isAbort(e)) throw e;
          return [] as Screening[];
        }),
      ),
    )
  )
    .flat()
    .filter((s) => s.visit_id === v.id);
  if (ctx.signal.aborted) return;

  const name = v.person ? fullName(v.person) : v.person_id;
  const title = visitTitle(v);
  setTitle(`${title}（${name}）`);
  const write = may('health_write');

  const qLinks = write
    ? h(
        'section',
        { class: 'card no-print', 'aria-labelledby': 'vq-h' },
        h('h2', { id: 'vq-h' }, 'この訪問で質問票を記録'),
        mothers.size
          ? Array.from(mothers.values()).map((m) =>
              h(
                'div',
                { class: 'q-links' },
                h('p', { class: 'q-links-who' }, `${fullName(m)}さん`),
                h(
                  'div',
                  { class: 'actions' },
                  INSTRUMENTS.map((ins) =>
                    linkButton(
                      href('/health/screenings/new', { instrument: ins, person: m.id, visit: v.id }),
                      `${QUESTIONNAIRES[ins].short}を記録`,
                      ins === 'epds' ? 'primary' : 'secondary',
                    ),
                  ),
                ),
              ),
            )
          : h(
              'div',
              null,
              h('p', { class: 'hint' }, '母が世帯に登録されていません。質問票の画面で回答者を選んでください。'),
              h(
                'div',
                { class: 'actions' },
                INSTRUMENTS.map((ins) =>
                  linkButton(
                    href('/health/screenings/new', { instrument: ins, visit: v.id }),
                    `${QUESTIONNAIRES[ins].short}を記録`,
                  ),
                ),
              ),
            ),
      )
    : null;

  const stamps = approvalStamps();
  replace(
    ctx.main,
    h(
      'article',
      { class: 'page page-record', 'aria-labelledby': 'visit-h' },
      printHead(title, ctx.user.name),
      stamps.box,
      flash ? h('div', { class: 'flash no-print' }, messageBox('success', flash.message)) : null,
      h(
        'p',
        { class: 'breadcrumb' },
        h('a', { href: href(personPath(v.person_id)) }, `${name}さんの記録`),
        ' ＞ 訪問・健診',
      ),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', id: 'visit-h', tabindex: '-1' }, `${title}　${name}さん`),
        h(
          'div',
          { class: 'actions no-print' },
          write ? linkButton(href(`${visitPath(id)}/edit`, { mother: qMother }), '編集', 'primary') : null,
          button('印刷', () => window.print(), 'quiet'),
          stamps.toggle,
        ),
      ),
      h(
        'section',
        { class: ['card', v.status === 'missed' ? 'card-missed' : undefined], 'aria-labelledby': 'visit-facts-h' },
        h('h2', { id: 'visit-facts-h' }, '記録'),
        h(
          'dl',
          { class: 'facts' },
          h('dt', null, '対象者'),
          h(
            'dd',
            null,
            h('a', { href: href(personPath(v.person_id)) }, name),
            v.person ? `　${birthSummary(v.person)}` : '',
          ),
          h('dt', null, '種別'),
          h('dd', null, title),
          h('dt', null, '日付'),
          h('dd', null, formatWareki(v.on)),
          h('dt', null, '状況'),
          h('dd', null, visitStatusMark(v), v.status === 'missed' ? followupState(!v.followup, v.followup) : null),
          h('dt', null, '担当'),
          h('dd', { class: v.staff ? undefined : 'empty' }, v.staff || '未記入'),
          h('dt', null, '記録・備考'),
          h('dd', { class: v.notes ? 'pre' : 'empty' }, v.notes || 'なし'),
          visitFormRows(v),
          h('dt', null, '記録日時'),
          h(
            'dd',
            null,
            v.created_at ? formatInstant(v.created_at) : '',
            v.updated_at && v.updated_at !== v.created_at ? `（更新 ${formatInstant(v.updated_at)}）` : '',
          ),
        ),
      ),
      followupSection(ctx, v),
      screenings.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'vs-h' },
            h('h2', { id: 'vs-h' }, 'この訪問での質問票'),
            h(
              'ul',
              { class: 'plain-list' },
              screenings.map((s) =>
                h(
                  'li',
                  null,
                  h(
                    'a',
                    { href: href(`/health/screenings/${encodeURIComponent(s.id)}`) },
                    `${s.instrument_label || s.instrument}（${s.person ? fullName(s.person) : ''}さん）`,
                  ),
                  `　${s.score}点　`,
                  flagsInline(s.flags),
                  ' ',
                  followupState(s.needs_followup, s.followup),
                ),
              ),
            ),
          )
        : null,
      qLinks,
      printFoot(),
    ),
  );
}
