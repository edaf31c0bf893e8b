// ケース・プランの見直し間隔 (/settings/case_intervals): the director changes them (PUT with
// If-Match, audited); the other case roles see them. A section of the settings page.
import { ApiError, api } from '../api';
import { h } from '../dom';
import { setFlash } from '../flash';
import { clearErrors, formAlert, showApiError, showFieldError, showFormError, textField } from '../forms';
import { may } from '../meta';
import { navigate, type RouteContext } from '../router';
import type { CaseIntervals } from '../types';
import { button } from '../ui';
import { formatInstant } from '../wareki';
import { CONFLICT_MESSAGE } from './personForm';

const FIELDS = [
  {
    name: 'case_review_months',
    label: '要対協に登録したケースの見直し（か月ごと）',
    max: 12,
    hint: '1〜12。既定は3か月。',
  },
  {
    name: 'plan_review_months',
    label: 'サポートプランの見直し（承認から何か月後）',
    max: 12,
    hint: '1〜12。既定は3か月。',
  },
  { name: 'joint_case_weeks', label: '合同ケース会議の間隔（週ごと）', max: 26, hint: '1〜26。既定は4週。' },
] as const;

function intOf(s: string): number | null {
  const t = s.normalize('NFKC').trim();
  return /^\d{1,2}$/.test(t) ? Number(t) : null;
}

function readOnly(iv: CaseIntervals): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    FIELDS.map((f) => [h('dt', null, f.label), h('dd', null, String(iv[f.name]))]),
  );
}

function form(ctx: RouteContext, iv: CaseIntervals, back: string): HTMLFormElement {
  const inputs = FIELDS.map((f) => ({
    f,
    field: textField({
      name: f.name,
      label: f.label,
      value: String(iv[f.name]),
      inputmode: 'numeric',
      size: 'short',
      hint: f.hint,
    }),
  }));
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '見直し間隔を保存する');
  const el = h(
    'form',
    { class: 'form', novalidate: true },
    formAlert(),
    inputs.map((i) => i.field.root),
    h(
      'p',
      { class: 'hint' },
      '変更は監査ログに残ります。これから決まる見直し日に使われます（決まっている日付は変わりません）。',
    ),
    h('div', { class: 'form-actions' }, submit),
  );
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(el);
    const body: Record<string, number> = {};
    let bad = false;
    for (const { f, field } of inputs) {
      const v = intOf(field.input.value);
      if (v === null || v < 1 || v > f.max)
        bad = showFieldError(el, f.name, `1〜${f.max}の整数で入力してください`, !bad) || bad;
      body[f.name] = v ?? 0;
    }
    if (bad) return;
    submit.disabled = true;
    try {
      await api.put<CaseIntervals>('/settings/case_intervals', body, iv.version, { signal: ctx.signal });
      setFlash({ message: '見直し間隔を保存しました。' });
      navigate(back);
    } catch (e) {
      if (ctx.signal.aborted) return;
      if (e instanceof ApiError && e.code === 'version_conflict')
        showFormError(
          el,
          h('p', null, CONFLICT_MESSAGE),
          button('最新の内容を読み込む', () => navigate(back), 'primary'),
        );
      else showApiError(el, e);
    } finally {
      submit.disabled = false;
    }
  });
  return el;
}

/** The settings card: a form for the director, the values for the other case roles. */
export async function caseIntervalsCard(ctx: RouteContext, back: string): Promise<HTMLElement | null> {
  if (!may('case_read')) return null;
  const iv = await api.get<CaseIntervals>('/settings/case_intervals', { signal: ctx.signal });
  return h(
    'div',
    { class: 'card' },
    h('h2', { id: 'ci-h' }, 'ケース・プランの見直し間隔'),
    h('p', { class: 'hint' }, iv.updated_at ? `最終更新: ${formatInstant(iv.updated_at)}` : '初期設定のままです。'),
    may('settings_write') ? form(ctx, iv, back) : readOnly(iv),
  );
}
