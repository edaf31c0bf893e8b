// 関係機関（要対協）の画面: a partner sees the cases shared with its agency as a summary (the
// registered children, the next review, its agency's own actions and its own 状況報告) and adds
// a dated 状況報告 — a deliberate save (Enter alone never sends it).
import { api, isAbort, seg } from '../api';
import { h, pageHeading, replace, setTitle } from '../dom';
import {
  DELIBERATE_SAVE_HINT,
  clearErrors,
  dateField,
  enterNeverSubmits,
  formAlert,
  readDate,
  showApiError,
  showFieldError,
  textArea,
} from '../forms';
import { label } from '../labels';
import { href, type RouteContext } from '../router';
import type { List, PartnerCase, PartnerReport } from '../types';
import { errorText, fullKana, fullName, linkButton, loading, messageBox } from '../ui';
import { formatWareki, todayJst } from '../wareki';

function subjectsList(c: PartnerCase): HTMLElement {
  return h(
    'ul',
    { class: 'partner-subjects' },
    c.subjects.map((s) =>
      h(
        'li',
        null,
        h('strong', null, fullName(s) || '（氏名未登録）'),
        h('span', { class: 'member-kana' }, fullKana(s)),
        s.age !== null ? ` ${s.age}歳` : '',
        h('span', { class: ['tag', `category-${s.category}`] }, label('case_categories', s.category)),
      ),
    ),
  );
}

function actionsList(c: PartnerCase): HTMLElement {
  if (!c.actions.length) return h('p', { class: 'empty-note' }, '貴機関の対応事項はありません。');
  return h(
    'ul',
    { class: 'partner-actions' },
    c.actions.map((a) =>
      h(
        'li',
        null,
        a.what,
        `（期限 ${formatWareki(a.due_on)}）`,
        a.done_on ? h('span', { class: 'tag' }, `${formatWareki(a.done_on)} 完了`) : null,
      ),
    ),
  );
}

export async function partnerCasesPage(ctx: RouteContext): Promise<void> {
  setTitle('共有ケース');
  replace(ctx.main, loading());
  let list: List<PartnerCase>;
  try {
    list = await api.get<List<PartnerCase>>('/cases', { signal: ctx.signal });
  } catch (e) {
    if (isAbort(e) || ctx.signal.aborted) return;
    replace(ctx.main, h('div', { class: 'page' }, pageHeading('共有ケース'), messageBox('error', errorText(e))));
    return;
  }
  if (ctx.signal.aborted) return;
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-partner' },
      pageHeading('共有ケース（要対協）'),
      h('p', { class: 'lead' }, '貴機関と共有されている、要保護児童対策地域協議会に登録されたケースです。'),
      list.items.length
        ? h(
            'table',
            { class: 'table partner-cases' },
            h('caption', { class: 'visually-hidden' }, '共有ケース'),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['対象の子ども・妊婦', '次回の会議・見直し', '貴機関の対応事項', ''].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              list.items.map((c) =>
                h(
                  'tr',
                  { 'data-case': c.id },
                  h('td', null, subjectsList(c)),
                  h('td', { class: 'nowrap' }, c.next_meeting_on ? formatWareki(c.next_meeting_on) : '未定'),
                  h('td', null, `${c.actions.filter((a) => !a.done_on).length}件`),
                  h('td', null, linkButton(href(`/partner/cases/${encodeURIComponent(c.id)}`), '開く')),
                ),
              ),
            ),
          )
        : h('p', { class: 'empty-note' }, '共有されているケースはありません。'),
    ),
  );
}

function reportsList(reports: readonly PartnerReport[]): HTMLElement {
  if (!reports.length) return h('p', { class: 'empty-note' }, 'まだ状況報告はありません。');
  return h(
    'ul',
    { class: 'partner-reports' },
    reports.map((r) => h('li', null, h('strong', null, formatWareki(r.on)), ` ${r.text}`)),
  );
}

function reportForm(ctx: RouteContext, c: PartnerCase, onSaved: () => void): HTMLElement {
  const on = dateField({ name: 'on', label: '日付', value: todayJst(), required: true });
  const text = textArea({ name: 'text', label: '状況報告', required: true, rows: 5, maxlength: 20000 });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '状況報告を送信');
  const form = h(
    'form',
    { class: 'form partner-report-form', novalidate: true },
    formAlert(),
    on.root,
    text.root,
    h('div', { class: 'form-actions' }, submit, h('span', { class: 'hint' }, DELIBERATE_SAVE_HINT)),
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const date = readDate(on.input);
    if (date === null) {
      showFieldError(form, 'on', '日付を正しく入力してください。');
      return;
    }
    if (!text.input.value.trim()) {
      showFieldError(form, 'text', '状況報告を入力してください。');
      return;
    }
    submit.disabled = true;
    try {
      await api.post<PartnerReport>(
        `/cases/${seg(c.id)}/partner_reports`,
        { on: date || undefined, text: text.input.value },
        { signal: ctx.signal },
      );
      onSaved();
    } catch (e) {
      if (isAbort(e)) return;
      showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function partnerCasePage(ctx: RouteContext): Promise<void> {
  setTitle('共有ケース');
  replace(ctx.main, loading());
  const id = ctx.params.id ?? '';
  let c: PartnerCase;
  try {
    c = await api.get<PartnerCase>(`/cases/${seg(id)}`, { signal: ctx.signal });
  } catch (e) {
    if (isAbort(e) || ctx.signal.aborted) return;
    replace(ctx.main, h('div', { class: 'page' }, pageHeading('共有ケース'), messageBox('error', errorText(e))));
    return;
  }
  if (ctx.signal.aborted) return;
  const saved = h('div', { role: 'status' });
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-partner-case' },
      h('p', { class: 'breadcrumb' }, h('a', { href: href('/partner/cases') }, '共有ケース')),
      pageHeading('共有ケースの概要'),
      saved,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'pc-subjects' },
        h('h2', { id: 'pc-subjects' }, '対象者'),
        subjectsList(c),
        h('p', null, `次回の会議・見直し: ${c.next_meeting_on ? formatWareki(c.next_meeting_on) : '未定'}`),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'pc-actions' },
        h('h2', { id: 'pc-actions' }, '貴機関の対応事項'),
        actionsList(c),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'pc-reports' },
        h('h2', { id: 'pc-reports' }, '貴機関からの状況報告'),
        reportsList(c.partner_reports ?? []),
        h('h3', null, '状況報告を追加'),
        reportForm(ctx, c, () => {
          void partnerCasePage(ctx).then(() => {
            const box = ctx.main.querySelector<HTMLElement>('[role="status"]');
            if (box) replace(box, messageBox('success', '状況報告を送信しました。'));
          });
        }),
      ),
    ),
  );
}
