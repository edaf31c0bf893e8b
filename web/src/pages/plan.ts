// サポートプラン: one version (#/cases/{id}/plans/{pid}) — what the family receives (planPaper,
// the whole print), and for the staff, off the print: the version's status and what changed from
// the version before, the director's 承認 (deliberate: a confirmation box, then a click or
// Ctrl+Enter; Enter alone never approves), the 見直し記録 and the date it was handed over, and
// every version of the case. renderPlans() is the plan section of the case page.
import { ApiError, api, seg } from '../api';
import { h, replace, setTitle, type Child } from '../dom';
import { setFlash, takeFlash } from '../flash';
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
} from '../forms';
import { label } from '../labels';
import { may } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import type { List, Plan } from '../types';
import { fullName, linkButton, loading, messageBox } from '../ui';
import { formatInstant, formatWareki, todayJst } from '../wareki';
import { approvalStamps } from '../components/approvalStamps';
import { planPaper } from './planPaper';

/** What each field of a version is called where the staff see what changed. */
const FIELD_NAMES: Record<string, string> = {
  subject_ids: '対象者',
  guardian_wishes: '保護者の意向',
  child_views: '子どもの意見',
  situation: '状況と課題',
  long_term_goal: '長期目標',
  short_term_goals: '短期目標',
  services: '支援の内容',
  emergency_contacts: '緊急連絡先',
  review_on: '見直し予定日',
  handed_on: '交付日',
};

export const plansPath = (caseId: string): string => `/cases/${seg(caseId)}/plans`;
export const planPath = (caseId: string, planId: string): string => `${plansPath(caseId)}/${seg(planId)}`;

export function changesText(p: Plan): string {
  if (p.plan_version === 1) return '最初の版';
  if (!p.changes.length) return '前の版から変更なし';
  return `変更: ${p.changes.map((c) => FIELD_NAMES[c] ?? c).join('、')}`;
}

function statusMark(p: Plan): HTMLElement {
  return h('span', { class: ['plan-status', `plan-status-${p.status}`] }, label('plan_statuses', p.status));
}

function reviewOverdue(p: Plan): boolean {
  return p.status === 'approved' && !!p.review_on && p.review_on < todayJst();
}

/** The version list: newest first, each with its status and what changed. */
function versionsTable(caseId: string, items: Plan[], currentId?: string): HTMLElement {
  return h(
    'table',
    { class: 'table plan-versions' },
    h('caption', { class: 'visually-hidden' }, 'サポートプランの版'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '版'),
        h('th', { scope: 'col' }, '状態'),
        h('th', { scope: 'col' }, '作成'),
        h('th', { scope: 'col' }, '見直し予定'),
        h('th', { scope: 'col' }, '前の版からの変更'),
      ),
    ),
    h(
      'tbody',
      null,
      items.map((p) =>
        h(
          'tr',
          { class: p.id === currentId ? 'is-self' : undefined, 'data-plan': p.id },
          h('td', null, h('a', { href: href(planPath(caseId, p.id)) }, `第${p.plan_version}版`)),
          h(
            'td',
            null,
            statusMark(p),
            reviewOverdue(p) && p.newest ? h('span', { class: 'tag tag-alert' }, '見直し期限超過') : null,
          ),
          h('td', null, formatInstant(p.created_at), p.created_by_name ? `　${p.created_by_name}` : ''),
          h('td', null, p.review_on ? formatWareki(p.review_on) : '—'),
          h('td', null, changesText(p)),
        ),
      ),
    ),
  );
}

/**
 * The plan section of a case page: every version (newest first) and, for those who write plans,
 * the way to a new one. `caseRecord` needs only `id` and `status`.
 */
export async function renderPlans(
  caseRecord: { id: string; status?: string },
  el: HTMLElement,
  signal?: AbortSignal,
): Promise<void> {
  replace(el, loading());
  const list = await api.get<List<Plan>>(`${plansPath(caseRecord.id)}?limit=100`, { signal });
  if (signal?.aborted) return;
  const open = caseRecord.status !== 'closed';
  replace(
    el,
    h(
      'section',
      { class: 'section-block plan-block', 'aria-labelledby': 'plans-h' },
      h(
        'div',
        { class: 'section-head' },
        h('h2', { id: 'plans-h' }, 'サポートプラン'),
        open && may('case_write')
          ? linkButton(
              href(`${plansPath(caseRecord.id)}/new`),
              list.items.length ? '新しい版を作成' : 'サポートプランを作成',
            )
          : null,
      ),
      list.items.length
        ? versionsTable(caseRecord.id, list.items)
        : h('p', { class: 'empty' }, 'サポートプランはまだありません。'),
    ),
  );
}

function staffFacts(p: Plan): HTMLElement {
  const fact = (t: string, v: Child) => [h('dt', null, t), h('dd', null, v || '—')];
  return h(
    'dl',
    { class: 'facts' },
    fact('状態', [statusMark(p), reviewOverdue(p) ? h('span', { class: 'tag tag-alert' }, '見直し期限超過') : null]),
    fact('作成', `${formatInstant(p.created_at)}　${p.created_by_name ?? ''}`),
    fact('承認', p.approved_at ? `${formatInstant(p.approved_at)}　${p.approved_by_name ?? ''}` : '未承認（下書き）'),
    fact('前の版からの変更', changesText(p)),
    fact('最後の見直し', p.last_reviewed_on ? formatWareki(p.last_reviewed_on) : ''),
    fact(
      '対象者',
      p.subjects.map((s, i) => [i ? '、' : '', h('a', { href: href(`/persons/${seg(s.id)}`) }, fullName(s))]),
    ),
  );
}

/** The director's approval: a confirmation box, then the button (or Ctrl+Enter). */
function approveForm(ctx: RouteContext, p: Plan): HTMLFormElement {
  const sure = checkField({
    name: 'confirm',
    label: 'この内容でサポートプランを承認します（承認した版は変更できません）',
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '承認する');
  const form = h(
    'form',
    { class: 'form plan-approve', novalidate: true, 'aria-labelledby': 'approve-h' },
    h('h2', { id: 'approve-h' }, 'センター長の承認'),
    formAlert(),
    sure.root,
    h('div', { class: 'form-actions' }, submit, h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT)),
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (!sure.input.checked)
      return void showFieldError(form, 'confirm', '承認する前に内容を確認し、チェックを入れてください');
    submit.disabled = true;
    try {
      await api.post<Plan>(`${planPath(p.case_id, p.id)}/approve`, {}, { signal: ctx.signal });
      setFlash({ message: `サポートプラン第${p.plan_version}版を承認しました。` });
      navigate(planPath(p.case_id, p.id));
    } catch (e) {
      if (!ctx.signal.aborted) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** 見直し記録: the review's date and the next one, on the approved plan (no new version). */
function reviewForm(ctx: RouteContext, p: Plan): HTMLFormElement {
  const on = dateField({ name: 'on', label: '見直しをした日', value: todayJst(), required: true });
  const next = dateField({ name: 'review_on', label: '次の見直し予定日', required: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '見直しを記録する');
  const form = h(
    'form',
    { class: 'form plan-review', novalidate: true, 'aria-labelledby': 'review-h' },
    h('h2', { id: 'review-h' }, '見直し記録'),
    formAlert(),
    h('div', { class: 'row' }, on.root, next.root),
    h('div', { class: 'form-actions' }, submit, h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT)),
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const d = readDate(on.input);
    const n = readDate(next.input);
    let bad = false;
    if (!d) bad = showFieldError(form, 'on', '日付を入力してください', true);
    if (!n) bad = showFieldError(form, 'review_on', '日付を入力してください', !bad) || bad;
    if (bad) return;
    submit.disabled = true;
    try {
      await api.post<Plan>(`${planPath(p.case_id, p.id)}/reviewed`, { on: d, review_on: n }, { signal: ctx.signal });
      setFlash({ message: '見直しを記録しました。' });
      navigate(planPath(p.case_id, p.id));
    } catch (e) {
      if (!ctx.signal.aborted) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The date the approved plan was handed to the family. */
function handedForm(ctx: RouteContext, p: Plan): HTMLFormElement {
  const on = dateField({ name: 'on', label: 'ご家族にお渡しした日', value: todayJst(), required: true });
  const submit = h('button', { type: 'submit', class: 'button' }, '交付日を記録する');
  const form = h(
    'form',
    { class: 'form plan-handed', novalidate: true, 'aria-labelledby': 'handed-h' },
    h('h2', { id: 'handed-h' }, '交付'),
    formAlert(),
    on.root,
    h('div', { class: 'form-actions' }, submit),
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const d = readDate(on.input);
    if (!d) return void showFieldError(form, 'on', '日付を入力してください');
    submit.disabled = true;
    try {
      await api.post<Plan>(`${planPath(p.case_id, p.id)}/handed`, { on: d }, { signal: ctx.signal });
      setFlash({ message: '交付日を記録しました。' });
      navigate(planPath(p.case_id, p.id));
    } catch (e) {
      if (!ctx.signal.aborted) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function staffActions(ctx: RouteContext, p: Plan): Child[] {
  const out: Child[] = [];
  if (p.status === 'draft' && p.newest && may('plan_approve'))
    out.push(h('div', { class: 'card' }, approveForm(ctx, p)));
  if (p.status === 'draft' && !p.newest)
    out.push(messageBox('info', 'より新しい版があります。承認できるのは最新の版だけです。'));
  if (p.status === 'approved' && may('case_write')) {
    out.push(h('div', { class: 'card' }, reviewForm(ctx, p)));
    if (!p.handed_on) out.push(h('div', { class: 'card' }, handedForm(ctx, p)));
  }
  return out;
}

export async function planPage(ctx: RouteContext): Promise<void> {
  const caseId = ctx.params.id as string;
  const planId = ctx.params.pid as string;
  setTitle('サポートプラン');
  const flash = takeFlash();
  replace(ctx.main, loading());
  let p: Plan;
  let versions: List<Plan>;
  try {
    [p, versions] = await Promise.all([
      api.get<Plan>(planPath(caseId, planId), { signal: ctx.signal }),
      api.get<List<Plan>>(`${plansPath(caseId)}?limit=100`, { signal: ctx.signal }),
    ]);
  } catch (e) {
    if (ctx.signal.aborted) return;
    if (e instanceof ApiError && e.status === 404)
      return void replace(ctx.main, messageBox('error', 'このサポートプランは見つかりません。'));
    throw e;
  }
  if (ctx.signal.aborted) return;
  setTitle(`サポートプラン第${p.plan_version}版`);
  const stamps = approvalStamps();
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-plan' },
      flash ? messageBox('success', flash.message) : null,
      h(
        'div',
        { class: 'no-print' },
        h(
          'p',
          { class: 'breadcrumb' },
          h('a', { href: href(`/cases/${seg(caseId)}`) }, 'ケース'),
          ' ＞ サポートプラン',
        ),
        h(
          'div',
          { class: 'page-head' },
          h('h1', { class: 'page-title', tabindex: '-1' }, `サポートプラン 第${p.plan_version}版`),
          h(
            'div',
            { class: 'actions' },
            p.status === 'approved'
              ? h('button', { type: 'button', class: 'button', 'data-print': 'plan' }, 'ご家族用に印刷')
              : null,
            stamps.toggle,
            may('case_write')
              ? linkButton(href(`${plansPath(caseId)}/new`, { from: p.id }), 'この版をもとに新しい版を作成')
              : null,
          ),
        ),
        h('div', { class: 'card' }, staffFacts(p)),
        staffActions(ctx, p),
      ),
      h('div', { class: 'card plan-paper-card' }, stamps.box, planPaper(p)),
      h(
        'section',
        { class: 'section-block no-print', 'aria-labelledby': 'versions-h' },
        h('h2', { id: 'versions-h' }, 'すべての版'),
        versionsTable(caseId, versions.items, p.id),
      ),
    ),
  );
  ctx.main.querySelector<HTMLButtonElement>('[data-print="plan"]')?.addEventListener('click', () => window.print());
}
