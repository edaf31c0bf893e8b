// リスク表 (the weights, labels and thresholds of the 妊娠届 screening, and which flags make a
// 特定妊婦候補) and the 赤ちゃんへの気持ち質問票 threshold. The director changes them (PUT with
// If-Match, audited); the other health roles see them read-only.
import { ApiError, api } from '../api';
import { h, replace, setTitle, uid } from '../dom';
import { setFlash, takeFlash } from '../flash';
import { checkField, clearErrors, formAlert, showApiError, showFieldError, showFormError, textField } from '../forms';
import { may } from '../meta';
import { navigate, type RouteContext } from '../router';
import type { RiskTable, ScreeningSettings } from '../types';
import { button, loading, messageBox } from '../ui';
import { formatInstant } from '../wareki';
import { caseIntervalsCard } from './caseIntervals';
import { CONFLICT_MESSAGE } from './personForm';

const LABEL_MAX = 100;

function sourceText(s: string): string {
  return s === 'derived' ? '自動判定' : '面接の回答';
}

function intOf(s: string): number | null {
  const t = s.normalize('NFKC').trim();
  return /^\d{1,3}$/.test(t) ? Number(t) : null;
}

function readOnlyView(t: RiskTable, s: ScreeningSettings): HTMLElement {
  return h(
    'div',
    null,
    messageBox('info', 'リスク表を変更できるのはセンター長だけです。'),
    h(
      'table',
      { class: 'table risk-table' },
      h('caption', null, '妊娠届・たまご面接のリスク表'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, '項目'),
          h('th', { scope: 'col' }, '重み'),
          h('th', { scope: 'col' }, '判定のもと'),
          h('th', { scope: 'col' }, '特定妊婦候補'),
        ),
      ),
      h(
        'tbody',
        null,
        t.items.map((it) =>
          h(
            'tr',
            null,
            h('td', null, it.label),
            h('td', { class: 'num' }, `${it.weight}点`),
            h('td', null, sourceText(it.source)),
            h('td', null, t.candidate_codes.includes(it.code) ? 'この項目だけで候補' : ''),
          ),
        ),
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'リスク高'),
      h('dd', null, `${t.high_from}点以上`),
      h('dt', null, 'リスク中'),
      h('dd', null, `${t.medium_from}点以上`),
      h('dt', null, 'リスク高の扱い'),
      h('dd', null, t.candidate_when_high ? 'リスク高は特定妊婦候補とする' : 'リスク高だけでは候補としない'),
      h('dt', null, '赤ちゃんへの気持ち質問票'),
      h(
        'dd',
        null,
        s.bonding_threshold === null
          ? '要確認とする点数は設定されていません'
          : `${s.bonding_threshold}点以上を要確認とする`,
      ),
    ),
  );
}

function riskForm(ctx: RouteContext, t: RiskTable): HTMLFormElement {
  const rows = t.items.map((it, i) => {
    const labelId = uid('rt-label');
    const weightId = uid('rt-weight');
    const candId = uid('rt-cand');
    const labelInput = h('input', {
      id: labelId,
      class: 'input',
      value: it.label,
      'data-field': `items[${i}].label`,
      autocomplete: 'off',
    });
    const weightInput = h('input', {
      id: weightId,
      class: 'input input-num',
      value: String(it.weight),
      inputmode: 'numeric',
      'data-field': `items[${i}].weight`,
      autocomplete: 'off',
      'aria-describedby': 'rt-weight-hint',
    });
    const cand = h('input', { type: 'checkbox', id: candId, checked: t.candidate_codes.includes(it.code) });
    return {
      code: it.code,
      labelInput,
      weightInput,
      cand,
      tr: h(
        'tr',
        null,
        h(
          'td',
          { class: 'field' },
          h('label', { for: labelId, class: 'visually-hidden' }, `項目${i + 1}の名前`),
          labelInput,
          h('span', { class: 'member-kana mono' }, it.code),
        ),
        h(
          'td',
          { class: 'field' },
          h('label', { for: weightId, class: 'visually-hidden' }, `${it.label}の重み`),
          weightInput,
        ),
        h('td', null, sourceText(it.source)),
        h(
          'td',
          { class: 'center' },
          cand,
          h('label', { for: candId, class: 'visually-hidden' }, `${it.label}があれば特定妊婦候補とする`),
        ),
      ),
    };
  });
  const high = textField({
    name: 'high_from',
    label: 'リスク高とする合計点（以上）',
    value: String(t.high_from),
    inputmode: 'numeric',
    size: 'short',
    hint: '1〜100',
  });
  const medium = textField({
    name: 'medium_from',
    label: 'リスク中とする合計点（以上）',
    value: String(t.medium_from),
    inputmode: 'numeric',
    size: 'short',
    hint: '1〜リスク高の点数',
  });
  const whenHigh = checkField({
    name: 'candidate_when_high',
    label: 'リスク高は特定妊婦候補とする',
    checked: t.candidate_when_high,
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'リスク表を保存する');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'rt-h' },
    h('h2', { id: 'rt-h' }, '妊娠届・たまご面接のリスク表'),
    formAlert(),
    h(
      'div',
      { class: 'field-group table-wrap', 'data-field': 'items', tabindex: '-1' },
      h(
        'table',
        { class: 'table risk-table' },
        h('caption', { class: 'visually-hidden' }, 'リスク表の項目'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, '項目の名前'),
            h('th', { scope: 'col' }, '重み'),
            h('th', { scope: 'col' }, '判定のもと'),
            h('th', { scope: 'col', 'data-field': 'candidate_codes', tabindex: '-1' }, 'この項目だけで特定妊婦候補'),
          ),
        ),
        h(
          'tbody',
          null,
          rows.map((r) => r.tr),
        ),
      ),
      h('p', { class: 'hint', id: 'rt-weight-hint' }, '重みは0〜10の整数（0にするとその項目は点数に数えません）。'),
    ),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, 'レベルと特定妊婦候補'),
      h('div', { class: 'row' }, high.root, medium.root),
      whenHigh.root,
    ),
    h(
      'p',
      { class: 'hint' },
      '変更は監査ログに残ります。すでに記録された妊娠届の結果は、その届出が次に更新されるまで変わりません。',
    ),
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const items = rows.map((r, i) => {
      const w = intOf(r.weightInput.value);
      if (w === null || w > 10)
        bad = showFieldError(form, `items[${i}].weight`, '0〜10の整数で入力してください', !bad) || bad;
      const label = r.labelInput.value.trim();
      if (!label || [...label].length > LABEL_MAX)
        bad = showFieldError(form, `items[${i}].label`, `名前は1〜${LABEL_MAX}文字で入力してください`, !bad) || bad;
      return { code: r.code, weight: w ?? 0, label };
    });
    const hi = intOf(high.input.value);
    const mid = intOf(medium.input.value);
    if (hi === null || hi < 1 || hi > 100)
      bad = showFieldError(form, 'high_from', '1〜100の整数で入力してください', !bad) || bad;
    if (mid === null || mid < 1 || (hi !== null && mid > hi))
      bad = showFieldError(form, 'medium_from', '1以上、リスク高の点数以下の整数で入力してください', !bad) || bad;
    if (bad) return;
    submit.disabled = true;
    try {
      await api.put<RiskTable>(
        '/settings/risk_table',
        {
          items,
          high_from: hi,
          medium_from: mid,
          candidate_codes: rows.filter((r) => r.cand.checked).map((r) => r.code),
          candidate_when_high: whenHigh.input.checked,
        },
        t.version,
        { signal: ctx.signal },
      );
      setFlash({ message: 'リスク表を保存しました。' });
      navigate('/settings/risk-table');
    } catch (e) {
      if (ctx.signal.aborted) return;
      if (e instanceof ApiError && e.code === 'version_conflict') {
        showFormError(
          form,
          h('p', null, CONFLICT_MESSAGE),
          button('最新の内容を読み込む', () => navigate('/settings/risk-table'), 'primary'),
        );
      } else {
        showApiError(form, e);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function bondingForm(ctx: RouteContext, s: ScreeningSettings): HTMLFormElement {
  const f = textField({
    name: 'bonding_threshold',
    label: '要確認とする合計点（以上）',
    value: s.bonding_threshold === null ? '' : String(s.bonding_threshold),
    inputmode: 'numeric',
    size: 'short',
    hint: '1〜30。空欄にすると要確認の判定をしません（全国共通の区分点はありません）。',
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '保存する');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'bt-h' },
    h('h2', { id: 'bt-h' }, '赤ちゃんへの気持ち質問票'),
    formAlert(),
    f.root,
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const raw = f.input.value.trim();
    const v = raw ? intOf(raw) : null;
    if (raw && (v === null || v < 1 || v > 30))
      return void showFieldError(form, 'bonding_threshold', '1〜30の整数で入力するか、空欄にしてください');
    submit.disabled = true;
    try {
      await api.put<ScreeningSettings>('/settings/screening', { bonding_threshold: v }, s.version, {
        signal: ctx.signal,
      });
      setFlash({ message: '赤ちゃんへの気持ち質問票の設定を保存しました。' });
      navigate('/settings/risk-table');
    } catch (e) {
      if (ctx.signal.aborted) return;
      if (e instanceof ApiError && e.code === 'version_conflict') {
        showFormError(
          form,
          h('p', null, CONFLICT_MESSAGE),
          button('最新の内容を読み込む', () => navigate('/settings/risk-table'), 'primary'),
        );
      } else {
        showApiError(form, e);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function riskTablePage(ctx: RouteContext): Promise<void> {
  setTitle('リスク表');
  const flash = takeFlash();
  replace(ctx.main, loading());
  const [t, s, intervals] = await Promise.all([
    api.get<RiskTable>('/settings/risk_table', { signal: ctx.signal }),
    api.get<ScreeningSettings>('/settings/screening', { signal: ctx.signal }),
    caseIntervalsCard(ctx, '/settings/risk-table'),
  ]);
  if (ctx.signal.aborted) return;
  const mayChange = may('settings_write');
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-settings' },
      flash ? messageBox('success', flash.message) : null,
      h('div', { class: 'page-head' }, h('h1', { class: 'page-title', tabindex: '-1' }, 'リスク表・質問票の設定')),
      h(
        'p',
        { class: 'lead' },
        '妊娠届・たまご面接で該当した項目の重みを合計し、リスクの高・中・低を決めます。',
        t.updated_at ? `最終更新: ${formatInstant(t.updated_at)}（第${t.version}版）` : '初期設定のままです。',
      ),
      mayChange ? h('div', { class: 'card' }, riskForm(ctx, t)) : readOnlyView(t, s),
      mayChange ? h('div', { class: 'card' }, bondingForm(ctx, s)) : null,
      intervals,
    ),
  );
}
