// 関係機関 (要対協の構成機関): the list, and — for the director and the coordinator — adding one
// (name and kind).
import { api, isAbort } from '../api';
import { h, replace, setTitle } from '../dom';
import { clearErrors, formAlert, selectField, showApiError, showFieldError, textField } from '../forms';
import { label } from '../labels';
import { codes, may } from '../meta';
import { navigate, type RouteContext } from '../router';
import { setFlash, takeFlash } from '../flash';
import type { Agency } from '../cases';
import type { List } from '../types';
import { button, loading, messageBox } from '../ui';
import { listPrintFoot, listPrintHead } from '../components/listPrint';

function addForm(ctx: RouteContext): HTMLFormElement {
  const name = textField({ name: 'name', label: '機関名', required: true, maxlength: 100, size: 'long' });
  const kind = selectField({
    name: 'kind',
    label: '種別',
    required: true,
    placeholder: '（選んでください）',
    options: codes('agency_kinds').map((k) => ({ value: k.code, label: k.label })),
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '登録する');
  const form = h(
    'form',
    { class: 'filter-form no-print', novalidate: true, 'aria-labelledby': 'agency-add-h' },
    h('h2', { id: 'agency-add-h', class: 'visually-hidden' }, '関係機関を登録'),
    formAlert(),
    name.root,
    kind.root,
    h('div', { class: 'filter-actions' }, submit),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    if (!name.input.value.trim()) bad = showFieldError(form, 'name', '機関名を入力してください');
    if (!kind.input.value) bad = showFieldError(form, 'kind', '種別を選んでください', !bad) || bad;
    if (bad) return;
    submit.disabled = true;
    try {
      await api.post<Agency>(
        '/agencies',
        { name: name.input.value.trim(), kind: kind.input.value },
        { signal: ctx.signal },
      );
      setFlash({ message: `${name.input.value.trim()}を登録しました。` });
      navigate('/agencies');
    } catch (e) {
      if (!isAbort(e)) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function agenciesPage(ctx: RouteContext): Promise<void> {
  setTitle('関係機関');
  replace(ctx.main, loading());
  const r = await api.get<List<Agency>>('/agencies', { query: { limit: 500 }, signal: ctx.signal });
  if (ctx.signal.aborted) return;
  const flash = takeFlash();
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-agencies' },
      listPrintHead('関係機関（要対協）', '登録されている関係機関すべて', ctx.user.name),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, '関係機関（要対協）'),
        h(
          'div',
          { class: 'actions no-print' },
          button('一覧を印刷', () => window.print(), 'quiet'),
        ),
      ),
      flash ? h('div', { class: 'flash no-print' }, messageBox('success', flash.message)) : null,
      may('agency_write') ? addForm(ctx) : null,
      r.items.length
        ? h(
            'table',
            { class: 'table agencies' },
            h('caption', { class: 'visually-hidden' }, '関係機関'),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, '機関名'), h('th', { scope: 'col' }, '種別'))),
            h(
              'tbody',
              null,
              r.items.map((a) => h('tr', null, h('td', null, a.name), h('td', null, label('agency_kinds', a.kind)))),
            ),
          )
        : h('p', { class: 'empty-note' }, '関係機関はまだ登録されていません。'),
      listPrintFoot(),
    ),
  );
}
