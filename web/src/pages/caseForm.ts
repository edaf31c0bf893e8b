// ケースを開く: a case for one household — from a 特定妊婦 candidate (#/cases/new?pregnancy=ID: the
// mother's household, the mother and the children ticked), from a report (?report=ID: the report's
// children), for a family moving in (?transfer=1: where from), or directly (a person of the
// household chosen). The subjects are the household's current members ticked; the designations
// are not set here (only a conference decides them).
import { ApiError, api, isAbort, seg } from '../api';
import { h, replace, setTitle, uid } from '../dom';
import { setFlash } from '../flash';
import {
  DELIBERATE_SAVE_HINT,
  checkField,
  clearErrors,
  enterNeverSubmits,
  formAlert,
  selectField,
  showApiError,
  showFieldError,
  showFormError,
  textField,
} from '../forms';
import { formPage } from '../components/formPage';
import { label } from '../labels';
import { personPicker } from '../personPicker';
import { href, navigate, type RouteContext } from '../router';
import { casePath, loadStaff, type CaseRecord, type StaffMember } from '../cases';
import type { Household, PersonDetail, Pregnancy, Report } from '../types';
import { birthSummary, fullName, linkButton, loading, messageBox } from '../ui';

interface Origin {
  type: 'pregnancy' | 'report' | 'transfer' | null;
  id: string | null;
  /** The person whose household the case is for. */
  personId: string | null;
  /** Ticked at first. */
  subjects: string[];
  /** Ticked at first too: the household's children (a candidate's older children). */
  withChildren: boolean;
  title: string;
}

async function originOf(ctx: RouteContext): Promise<Origin> {
  const q = ctx.query;
  const pregnancyId = q.get('pregnancy');
  const reportId = q.get('report');
  if (pregnancyId) {
    const p = await api.get<Pregnancy>(`/pregnancies/${seg(pregnancyId)}`, { signal: ctx.signal });
    return {
      type: 'pregnancy',
      id: pregnancyId,
      personId: p.mother_id,
      subjects: [p.mother_id],
      withChildren: true,
      title: '特定妊婦候補からケースを開く',
    };
  }
  if (reportId) {
    const r = await api.get<Report>(`/reports/${seg(reportId)}`, { signal: ctx.signal });
    const ids = r.children.map((c) => c.person_id);
    return {
      type: 'report',
      id: reportId,
      personId: ids[0] ?? null,
      subjects: ids,
      withChildren: false,
      title: '通告・相談からケースを開く',
    };
  }
  const person = q.get('person');
  return {
    type: q.get('transfer') === '1' ? 'transfer' : null,
    id: null,
    personId: person,
    subjects: person ? [person] : [],
    withChildren: false,
    title: q.get('transfer') === '1' ? '転入ケースを開く' : 'ケースを開く',
  };
}

/** The person's current household (the first one they still live in). */
async function householdOf(personId: string, signal: AbortSignal): Promise<Household | null> {
  const p = await api.get<PersonDetail>(`/persons/${seg(personId)}`, { signal });
  const ref = (p.households ?? []).find((m) => !m.to);
  return ref ? api.get<Household>(`/households/${seg(ref.household_id)}`, { signal }) : null;
}

function staffOptions(staff: StaffMember[]): { value: string; label: string }[] {
  return staff.map((s) => ({ value: s.id, label: s.role ? `${s.name}（${label('roles', s.role)}）` : s.name }));
}

function caseForm(ctx: RouteContext, o: Origin, hh: Household, staff: StaffMember[]): HTMLFormElement {
  const members = hh.members.filter((m) => !m.to);
  const boxes = members.map((m) => {
    const ticked = o.subjects.includes(m.person_id) || (o.withChildren && m.relation === 'child');
    const f = checkField({
      name: `subject.${m.person_id}`,
      label: `${m.person ? fullName(m.person) || '（氏名未登録）' : m.person_id}（${label('relations', m.relation)}・${m.person ? birthSummary(m.person) : ''}）`,
      checked: ticked,
    });
    return { id: m.person_id, input: f.input, root: f.root };
  });
  const legendId = uid('legend');
  const group = h(
    'fieldset',
    { class: 'field field-group', 'aria-labelledby': legendId, 'data-field': 'subject_ids', tabindex: '-1' },
    h('legend', { id: legendId, class: 'field-label' }, '支援の対象者', h('span', { class: 'req' }, '必須')),
    boxes.map((b) => b.root),
    h('p', { class: 'hint' }, '区分（特定妊婦・要支援児童など）は、会議の決定で指定します。ここでは選びません。'),
  );
  const lead = selectField({
    name: 'lead_id',
    label: '主担当',
    value: ctx.user.id,
    required: true,
    options: staffOptions(staff),
  });
  const deputy = selectField({
    name: 'deputy_id',
    label: '副担当',
    placeholder: '（なし）',
    options: staffOptions(staff),
  });
  const from =
    o.type === 'transfer'
      ? textField({
          name: 'opened_from.from',
          label: '転入元の市区町村',
          required: true,
          maxlength: 100,
          size: 'medium',
        })
      : null;
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'ケースを開く');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'ケースを開く' },
    formAlert(),
    h(
      'p',
      { class: 'lead' },
      `世帯: ${hh.name || members.map((m) => (m.person ? fullName(m.person) : '')).find(Boolean) || ''}`,
      o.type ? `　きっかけ: ${label('case_opened_from', o.type)}` : '',
    ),
    group,
    lead.root,
    deputy.root,
    from?.root,
    h('div', { class: 'form-actions' }, submit, h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT)),
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const subjectIds = boxes.filter((b) => b.input.checked).map((b) => b.id);
    if (!subjectIds.length) {
      showFieldError(form, 'subject_ids', '対象者を1人以上選んでください');
      return;
    }
    const body: Record<string, unknown> = { household_id: hh.id, subject_ids: subjectIds, lead_id: lead.input.value };
    if (deputy.input.value) body.deputy_id = deputy.input.value;
    if (o.type === 'transfer') {
      if (!from?.input.value.trim()) {
        showFieldError(form, 'opened_from.from', '転入元の市区町村を入力してください');
        return;
      }
      body.opened_from = { type: 'transfer', from: from.input.value.trim() };
    } else if (o.type) {
      body.opened_from = { type: o.type, id: o.id };
    }
    submit.disabled = true;
    try {
      const c = await api.post<CaseRecord>('/cases', body, { signal: ctx.signal });
      setFlash({ message: 'ケースを開きました。' });
      navigate(casePath(c.id));
    } catch (e) {
      if (isAbort(e) || ctx.signal.aborted) return;
      if (e instanceof ApiError && e.status === 409)
        showFormError(
          form,
          h('p', null, 'この世帯には支援中のケースがあります。'),
          linkButton(href('/cases', { status: 'open' }), 'ケース一覧を開く'),
        );
      else showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function newCasePage(ctx: RouteContext): Promise<void> {
  setTitle('ケースを開く');
  replace(ctx.main, loading());
  const o = await originOf(ctx);
  const staff = await loadStaff(ctx.user, ctx.signal);
  if (ctx.signal.aborted) return;
  const area = h('div');
  const page = formPage({ title: o.title, crumbs: [h('a', { href: '#/cases' }, 'ケース'), o.title] }, area);
  replace(ctx.main, page);
  const show = async (personId: string) => {
    replace(area, loading());
    const hh = await householdOf(personId, ctx.signal);
    if (ctx.signal.aborted) return;
    if (!hh) {
      replace(
        area,
        messageBox('warning', 'この方の世帯が登録されていません。先に世帯を登録してください。'),
        linkButton(href('/households/new', { person: personId }), '世帯を登録する'),
      );
      return;
    }
    const form = caseForm(ctx, o, hh, staff);
    replace(area, form);
    form.querySelector<HTMLElement>('input')?.focus();
  };
  if (o.personId) {
    await show(o.personId);
    return;
  }
  const picker = personPicker({
    name: 'person',
    label: '世帯の方',
    hint: '支援する世帯の誰か（母・子どもなど）を検索して選んでください。',
    required: true,
    signal: ctx.signal,
    onChosen: (p) => void show(p.id).catch((e) => !isAbort(e) && replace(area, messageBox('error', String(e)))),
  });
  page.insertBefore(picker.root, area);
  picker.focus();
}
