// 当番表 (the on-call roster): who is on call from when to when, and how to reach them. Everyone
// who sees the alert board reads it (the board names the person on call on a safety
// confirmation near its deadline at night or on a weekend); the director and the coordinator add
// entries and correct or cancel them (each change audited; an entry is never deleted). Dates in
// 和暦 with the weekday; the period shown is kept in the address (?from=&to=).
import { api, isAbort, seg } from '../api';
import { loadStaff, type StaffMember } from '../cases';
import { h, replace, setTitle } from '../dom';
import { setFlash, takeFlash } from '../flash';
import {
  clearErrors,
  dateField,
  formAlert,
  instantField,
  readDate,
  selectField,
  showApiError,
  showFieldError,
  textField,
} from '../forms';
import { may } from '../meta';
import { navigate, type RouteContext } from '../router';
import type { OnCall, OnCallList } from '../types';
import { button, loading, messageBox } from '../ui';
import { formatWareki, isoDateOf, jstDateTime, todayJst, weekdayOf } from '../wareki';
import { listPrintFoot, listPrintHead } from '../components/listPrint';

function addDays(iso: string, days: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86400e3;
  return new Date(t).toISOString().slice(0, 10);
}

/** 令和8年12月4日（金）19:00 */
function when(instant: string): string {
  const d = isoDateOf(instant);
  return `${formatWareki(d)}（${weekdayOf(d)}）${jstDateTime(instant).time}`;
}

function entryForm(ctx: RouteContext, staff: StaffMember[], editing: OnCall | null): HTMLFormElement {
  const now = new Date();
  const user = selectField({
    name: 'user_id',
    label: '当番の職員',
    required: true,
    placeholder: '（選んでください）',
    options: staff.map((s) => ({ value: s.id, label: s.name })),
  });
  if (editing) user.input.value = editing.user.id;
  const starts = instantField({
    name: 'starts_at',
    label: '開始',
    value: editing?.starts_at ?? now.toISOString(),
    required: true,
  });
  const ends = instantField({
    name: 'ends_at',
    label: '終了',
    value: editing?.ends_at ?? new Date(now.getTime() + 16 * 3600e3).toISOString(),
    required: true,
  });
  const contact = textField({
    name: 'contact',
    label: '連絡先（当番携帯など）',
    required: true,
    maxlength: 100,
    size: 'long',
    value: editing?.contact ?? '',
  });
  const submit = h(
    'button',
    { type: 'submit', class: 'button button-primary' },
    editing ? '訂正を保存する' : '当番を登録する',
  );
  const headId = editing ? 'oncall-edit-h' : 'oncall-add-h';
  const form = h(
    'form',
    { class: 'filter-form oncall-form no-print', novalidate: true, 'aria-labelledby': headId },
    h('h2', { id: headId }, editing ? '当番の訂正' : '当番の登録'),
    formAlert(),
    user.root,
    starts.root,
    ends.root,
    contact.root,
    h(
      'div',
      { class: 'filter-actions' },
      submit,
      editing ? button('訂正をやめる', () => navigate(location.hash.slice(1)), 'quiet') : null,
    ),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const err = (field: string, msg: string) => {
      bad = showFieldError(form, field, msg, !bad) || bad;
    };
    if (!user.input.value) err('user_id', '当番の職員を選んでください');
    const from = starts.read();
    const to = ends.read();
    if (!starts.date.value.trim()) err('starts_at', '開始日を入力してください');
    else if ('bad' in from)
      err(from.bad === 'date' ? 'starts_at' : 'starts_at.time', '開始の日付と時刻を確かめてください');
    if (!ends.date.value.trim()) err('ends_at', '終了日を入力してください');
    else if ('bad' in to) err(to.bad === 'date' ? 'ends_at' : 'ends_at.time', '終了の日付と時刻を確かめてください');
    else if (!('bad' in from) && Date.parse(to.at) <= Date.parse(from.at))
      err('ends_at', '終了は開始より後にしてください');
    if (!contact.input.value.trim()) err('contact', '連絡先を入力してください');
    if (bad || 'bad' in from || 'bad' in to) return;
    const body = { user_id: user.input.value, starts_at: from.at, ends_at: to.at, contact: contact.input.value.trim() };
    submit.disabled = true;
    try {
      if (editing)
        await api.patch<OnCall>(`/on_call/${seg(editing.id)}`, body, editing.version, { signal: ctx.signal });
      else await api.post<OnCall>('/on_call', body, { signal: ctx.signal });
      const name = staff.find((s) => s.id === body.user_id)?.name ?? '';
      setFlash({ message: editing ? `${name}さんの当番を訂正しました。` : `${name}さんを当番に登録しました。` });
      navigate(location.hash.slice(1).replace(/[?&]edit=[^&]*/, ''), { replace: true });
    } catch (e) {
      if (!isAbort(e)) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function periodForm(from: string, to: string): HTMLFormElement {
  const f = dateField({ name: 'from', label: '表示する期間（から）', value: from, inline: true });
  const t = dateField({ name: 'to', label: '（まで）', value: to, inline: true });
  const form = h(
    'form',
    { class: 'filter-form no-print', novalidate: true, role: 'search', 'aria-label': '表示する期間' },
    f.root,
    t.root,
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, '表示')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const a = readDate(f.input);
    const b = readDate(t.input);
    if (!a || !b) {
      showFieldError(form, a ? 'to' : 'from', '日付を 2026-12-01 の形で入力してください');
      return;
    }
    navigate(`/on-call?from=${a}&to=${b}`);
  });
  return form;
}

function rosterTable(ctx: RouteContext, items: OnCall[], status: HTMLElement): HTMLElement {
  if (!items.length) return h('p', { class: 'empty-note' }, 'この期間の当番は登録されていません。');
  const write = may('oncall_write');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table oncall-table' },
      h('caption', { class: 'visually-hidden' }, '当番表（開始の早い順）'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, '開始'),
          h('th', { scope: 'col' }, '終了'),
          h('th', { scope: 'col' }, '当番'),
          h('th', { scope: 'col' }, '連絡先'),
          write ? h('th', { scope: 'col', class: 'no-print' }, h('span', { class: 'visually-hidden' }, '操作')) : null,
        ),
      ),
      h(
        'tbody',
        null,
        items.map((e) =>
          h(
            'tr',
            { class: e.cancelled ? 'is-cancelled' : undefined, 'data-id': e.id },
            h('td', { class: 'nowrap' }, when(e.starts_at)),
            h('td', { class: 'nowrap' }, when(e.ends_at)),
            h('td', null, e.user.name, e.cancelled ? h('span', { class: 'tag' }, '取消') : null),
            h('td', null, e.contact),
            write
              ? h(
                  'td',
                  { class: 'nowrap no-print' },
                  e.cancelled
                    ? null
                    : [
                        h(
                          'a',
                          {
                            href: `#/on-call?${new URLSearchParams({ ...Object.fromEntries(ctx.query), edit: e.id }).toString()}`,
                            class: 'button button-secondary',
                            'aria-label': `${e.user.name}さん（${when(e.starts_at)}から）の当番を訂正`,
                          },
                          '訂正',
                        ),
                        ' ',
                        button(
                          '取り消す',
                          async () => {
                            try {
                              await api.patch<OnCall>(`/on_call/${seg(e.id)}`, { cancelled: true }, e.version, {
                                signal: ctx.signal,
                              });
                              setFlash({
                                message: `${e.user.name}さんの当番（${when(e.starts_at)}から）を取り消しました。`,
                              });
                              navigate(location.hash.slice(1), { replace: true });
                            } catch (err) {
                              if (!isAbort(err)) replace(status, messageBox('error', '取り消せませんでした。'));
                            }
                          },
                          'quiet',
                        ),
                      ],
                )
              : null,
          ),
        ),
      ),
    ),
  );
}

export async function onCallPage(ctx: RouteContext): Promise<void> {
  setTitle('当番表');
  replace(ctx.main, loading());
  const today = todayJst();
  const from = ctx.query.get('from') || addDays(today, -1);
  const to = ctx.query.get('to') || addDays(today, 14);
  const r = await api.get<OnCallList>('/on_call', { query: { from, to }, signal: ctx.signal });
  const staff = may('oncall_write') ? await loadStaff(ctx.user, ctx.signal) : [];
  if (ctx.signal.aborted) return;
  const editing = r.items.find((e) => e.id === ctx.query.get('edit')) ?? null;
  const flash = takeFlash();
  const status = h('div', { role: 'status' });
  const form = may('oncall_write') ? entryForm(ctx, staff, editing) : null;
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-on-call' },
      listPrintHead('当番表', `${formatWareki(from)}から${formatWareki(to)}まで（開始の早い順）`, ctx.user.name),
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          null,
          h('h1', { class: 'page-title', tabindex: '-1' }, '当番表'),
          h(
            'p',
            { class: 'lead' },
            '開庁時間（平日 8:30〜17:15）の外で、現認（安全確認）の期限まで12時間を切った通告には、その時の当番がアラートに表示されます。',
          ),
        ),
        h(
          'div',
          { class: 'actions no-print' },
          button('一覧を印刷', () => window.print(), 'quiet'),
        ),
      ),
      flash ? h('div', { class: 'flash no-print' }, messageBox('success', flash.message)) : null,
      status,
      form,
      periodForm(from, to),
      h('h2', null, `${formatWareki(from)}から${formatWareki(to)}まで`),
      rosterTable(ctx, r.items, status),
      r.more ? h('p', { class: 'hint' }, '表示できるのは500件までです。期間を短くしてください。') : null,
      listPrintFoot(),
    ),
  );
  if (editing) form?.querySelector<HTMLElement>('select, input')?.focus();
}
