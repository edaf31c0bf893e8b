// A new version of a case's サポートプラン (#/cases/{id}/plans/new, ?from={pid}): it starts from the
// version named, else the newest, so a revision changes only what changed. The target persons are
// the case's subjects; the child's own words (子どもの意見) have a large box of their own; the
// services and emergency contacts are tables with rows to add and remove. Saved as a draft (the
// director approves it), deliberately: the button or Ctrl+Enter, never Enter alone.
import { ApiError, api, seg } from '../api';
import { h, replace, setTitle, uid } from '../dom';
import { setFlash } from '../flash';
import {
  DELIBERATE_SAVE_HINT,
  checkField,
  clearErrors,
  dateField,
  enterNeverSubmits,
  formAlert,
  readDate,
  showApiError,
  showFieldError,
  textArea,
} from '../forms';
import { navigate, href, type RouteContext } from '../router';
import type { components } from '../generated/api';
import type { CaseIntervals, List, Plan, PlanContact, PlanService } from '../types';
import { button, fullName, loading, messageBox } from '../ui';
import { formPage } from '../components/formPage';
import { planPath, plansPath } from './plan';

const TEXT_MAX = 20000;
const SERVICES_MAX = 50;
const CONTACTS_MAX = 20;

/** The case (GET /cases/{id}): its status and current subjects, each with the person's names. */
type CaseForPlan = components['schemas']['Case'];

interface Subject {
  id: string;
  name: string;
}

function subjectsOf(k: CaseForPlan): Subject[] {
  return k.subjects.map((s) => ({ id: s.person_id, name: fullName(s) || '（氏名未登録）' }));
}

type Row = Record<string, string>;

/** A table of rows with inputs named `${name}[i].${column}`, rows added and removed in place. */
function rowsTable(o: {
  name: string;
  caption: string;
  columns: { key: string; label: string; date?: boolean; size?: string }[];
  rows: Row[];
  max: number;
  addLabel: string;
}): { root: HTMLElement; read(): Row[] } {
  const rows = o.rows.map((r) => ({ ...r }));
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'table plan-rows' },
    h('caption', { class: 'visually-hidden' }, o.caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        o.columns.map((c) => h('th', { scope: 'col' }, c.label)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, '操作')),
      ),
    ),
    body,
  );
  const sync = () => {
    body.querySelectorAll<HTMLInputElement>('input[data-col]').forEach((input) => {
      const i = Number(input.getAttribute('data-row'));
      (rows[i] as Row)[input.getAttribute('data-col') as string] = input.value;
    });
  };
  const render = (focus?: [number, string]) => {
    replace(
      body,
      rows.map((r, i) =>
        h(
          'tr',
          null,
          o.columns.map((c) => {
            const id = uid(`${o.name}-${c.key}`);
            return h(
              'td',
              { class: 'field' },
              h('label', { for: id, class: 'visually-hidden' }, `${i + 1}行目の${c.label}`),
              h('input', {
                id,
                class: ['input', c.size ? `input-${c.size}` : undefined],
                value: r[c.key] ?? '',
                autocomplete: 'off',
                placeholder: c.date ? 'YYYY-MM-DD' : undefined,
                'data-field': `${o.name}[${i}].${c.key}`,
                'data-row': String(i),
                'data-col': c.key,
              }),
            );
          }),
          h(
            'td',
            null,
            button(
              `${i + 1}行目を削除`,
              () => {
                sync();
                rows.splice(i, 1);
                render(rows.length ? [Math.min(i, rows.length - 1), o.columns[0]?.key as string] : undefined);
                if (!rows.length) add.focus();
              },
              'quiet',
            ),
          ),
        ),
      ),
    );
    add.disabled = rows.length >= o.max;
    if (focus) body.querySelector<HTMLInputElement>(`[data-field="${o.name}[${focus[0]}].${focus[1]}"]`)?.focus();
  };
  const add = button(o.addLabel, () => {
    sync();
    rows.push({});
    render([rows.length - 1, o.columns[0]?.key as string]);
  });
  render();
  const root = h(
    'fieldset',
    { class: 'form-section field-group', 'data-field': o.name, tabindex: '-1' },
    h('legend', null, o.caption),
    h('div', { class: 'table-wrap' }, table),
    h('div', { class: 'row-actions' }, add),
  );
  return {
    root,
    read() {
      sync();
      return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.trim()])));
    },
  };
}

function serviceRows(p: Plan | null): Row[] {
  return (p?.services ?? []).map((s) => ({
    what: s.what,
    who: s.who ?? '',
    how_often: s.how_often ?? '',
    from: s.from ?? '',
    to: s.to ?? '',
  }));
}

function contactRows(p: Plan | null): Row[] {
  return (p?.emergency_contacts ?? []).map((c) => ({ name: c.name, relation: c.relation ?? '', phone: c.phone ?? '' }));
}

const orNull = (s: string): string | null => (s.trim() ? s : null);

function planForm(
  ctx: RouteContext,
  k: CaseForPlan,
  subjects: Subject[],
  base: Plan | null,
  months: number,
): HTMLFormElement {
  const chosen = new Set(base ? base.subject_ids : subjects.map((s) => s.id));
  const subjectBoxes = subjects.map((s) => ({
    id: s.id,
    f: checkField({ name: `subject-${s.id}`, label: s.name, checked: chosen.has(s.id) }),
  }));
  const area = (name: string, lbl: string, rows: number, hint?: string) =>
    textArea({
      name,
      label: lbl,
      rows,
      hint,
      maxlength: TEXT_MAX,
      value: (base as Record<string, unknown> | null)?.[name] as string | null,
    });
  const wishes = area('guardian_wishes', '保護者の意向（ご本人のことばで）', 4);
  const views = area(
    'child_views',
    '子どもの意見（お子さん自身のことば）',
    6,
    'お子さんが話したことを、言い換えずにそのまま書いてください（例: 「ママといっしょがいい」）。話せない年齢なら、様子から受け取ったことをそう書き添えてください。',
  );
  const situation = area('situation', '現在の状況と課題', 5);
  const longGoal = area('long_term_goal', '長期目標', 3);
  const shortGoals = area('short_term_goals', '短期目標', 4);
  const services = rowsTable({
    name: 'services',
    caption: '支援の内容',
    columns: [
      { key: 'what', label: '内容' },
      { key: 'who', label: '担当（機関・職員）' },
      { key: 'how_often', label: '頻度', size: 'short' },
      { key: 'from', label: '開始日', date: true, size: 'short' },
      { key: 'to', label: '終了日', date: true, size: 'short' },
    ],
    rows: serviceRows(base),
    max: SERVICES_MAX,
    addLabel: '支援の行を追加',
  });
  const contacts = rowsTable({
    name: 'emergency_contacts',
    caption: '緊急連絡先',
    columns: [
      { key: 'name', label: '名前' },
      { key: 'relation', label: '関係', size: 'short' },
      { key: 'phone', label: '電話番号', size: 'medium' },
    ],
    rows: contactRows(base),
    max: CONTACTS_MAX,
    addLabel: '連絡先の行を追加',
  });
  const review = dateField({
    name: 'review_on',
    label: '見直し予定日',
    hint: `空欄にすると、承認した日の${months}か月後になります。`,
  });
  const handed = dateField({ name: 'handed_on', label: 'ご家族に渡した日', hint: '承認後に記録することもできます。' });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '下書きとして保存');
  const form = h(
    'form',
    { class: 'form plan-form', novalidate: true, 'aria-labelledby': 'plan-form-h' },
    formAlert(),
    h(
      'fieldset',
      { class: 'form-section field-group', 'data-field': 'subject_ids', tabindex: '-1' },
      h('legend', null, '対象者'),
      subjectBoxes.map((b) => b.f.root),
    ),
    h('fieldset', { class: 'form-section' }, h('legend', null, '本人・家族の思い'), wishes.root, views.root),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '状況と目標'),
      situation.root,
      longGoal.root,
      shortGoals.root,
    ),
    services.root,
    contacts.root,
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '日付'),
      h('div', { class: 'row' }, review.root, handed.root),
    ),
    h('div', { class: 'form-actions' }, submit, h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT)),
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const subjectIds = subjectBoxes.filter((b) => b.f.input.checked).map((b) => b.id);
    if (!subjectIds.length) return void showFieldError(form, 'subject_ids', '対象者を1人以上選んでください');
    const reviewOn = readDate(review.input);
    const handedOn = readDate(handed.input);
    if (reviewOn === null) return void showFieldError(form, 'review_on', '日付が読み取れません');
    if (handedOn === null) return void showFieldError(form, 'handed_on', '日付が読み取れません');
    const body = {
      subject_ids: subjectIds,
      guardian_wishes: orNull(wishes.input.value),
      child_views: orNull(views.input.value),
      situation: orNull(situation.input.value),
      long_term_goal: orNull(longGoal.input.value),
      short_term_goals: orNull(shortGoals.input.value),
      services: services
        .read()
        .filter((r) => Object.values(r).some(Boolean))
        .map((r): PlanService => ({
          what: r.what ?? '',
          who: orNull(r.who ?? ''),
          how_often: orNull(r.how_often ?? ''),
          from: orNull(r.from ?? ''),
          to: orNull(r.to ?? ''),
        })),
      emergency_contacts: contacts
        .read()
        .filter((r) => Object.values(r).some(Boolean))
        .map((r): PlanContact => ({
          name: r.name ?? '',
          relation: orNull(r.relation ?? ''),
          phone: orNull(r.phone ?? ''),
        })),
      review_on: reviewOn || null,
      handed_on: handedOn || null,
    };
    submit.disabled = true;
    try {
      const p = await api.post<Plan>(plansPath(k.id), body, { signal: ctx.signal });
      setFlash({ message: `サポートプラン第${p.plan_version}版を下書きとして保存しました。` });
      navigate(planPath(k.id, p.id));
    } catch (e) {
      if (ctx.signal.aborted) return;
      if (e instanceof ApiError && e.field && !e.field.includes('[') && e.field.startsWith('services'))
        showFieldError(form, 'services', e.message);
      else showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function newPlanPage(ctx: RouteContext): Promise<void> {
  const caseId = ctx.params.id as string;
  setTitle('サポートプランの作成');
  replace(ctx.main, loading());
  const from = ctx.query.get('from');
  const [k, list, iv] = await Promise.all([
    api.get<CaseForPlan>(`/cases/${seg(caseId)}`, { signal: ctx.signal }),
    api.get<List<Plan>>(`${plansPath(caseId)}?limit=1`, { signal: ctx.signal }),
    api.get<CaseIntervals>('/settings/case_intervals', { signal: ctx.signal }),
  ]);
  const base = from ? await api.get<Plan>(planPath(caseId, from), { signal: ctx.signal }) : (list.items[0] ?? null);
  const subjects = subjectsOf(k);
  if (ctx.signal.aborted) return;
  const title = base ? `サポートプランの新しい版（第${base.plan_version}版をもとに）` : 'サポートプランの作成';
  replace(
    ctx.main,
    formPage(
      {
        title,
        titleId: 'plan-form-h',
        crumbs: [h('a', { href: href(`/cases/${seg(caseId)}`) }, 'ケース'), 'サポートプラン'],
      },
      k.status === 'closed'
        ? messageBox('warning', '終結したケースのプランは作成できません。')
        : planForm(ctx, k, subjects, base, iv.plan_review_months),
    ),
  );
}
