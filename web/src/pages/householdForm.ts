// 世帯の作成と編集: members are chosen by searching persons; each has a relation and dates.
import { ApiError, api, seg } from '../api';
import { h, replace, setTitle } from '../dom';
import { setFlash } from '../flash';
import {
  clearErrors,
  dateField,
  formAlert,
  readDate,
  selectField,
  showApiError,
  showFieldError,
  showFormError,
  textField,
} from '../forms';
import { codes } from '../meta';
import { personPicker } from '../personPicker';
import { href, navigate, type RouteContext } from '../router';
import type { Household, HouseholdMember, PersonDetail, PersonSummary, Relation } from '../types';
import { birthSummary, button, fullKana, fullName, linkButton, loading, unnamedPerson } from '../ui';
import { CONFLICT_MESSAGE } from './personForm';
import { formPage } from '../components/formPage';

interface Row {
  person: PersonSummary;
  relation: Relation | '';
  from: string;
  to: string;
}

function renderForm(ctx: RouteContext, existing: Household | null, initial: Row[], backPath: string): void {
  const rows: Row[] = initial.slice();
  const name = textField({
    name: 'name',
    label: '世帯の呼び名',
    value: existing?.name,
    maxlength: 100,
    size: 'medium',
    hint: '例: 佐藤家（母方）',
  });
  const address = textField({ name: 'address', label: '住所', value: existing?.address, maxlength: 200, size: 'long' });
  const membersBox = h('div', { class: 'members-edit' });
  const membersGroup = h(
    'fieldset',
    { class: 'form-section field-group', 'data-field': 'members', tabindex: '-1' },
    h('legend', null, '構成員'),
    membersBox,
  );

  // Reads the inputs back into rows (before re-rendering or submitting).
  const sync = () => {
    rows.forEach((r, i) => {
      const q = (n: string) =>
        membersBox.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field="members[${i}].${n}"]`);
      r.relation = ((q('relation')?.value as Relation | '') ?? r.relation) || '';
      r.from = q('from')?.value ?? r.from;
      r.to = q('to')?.value ?? r.to;
    });
  };

  const drawRows = (focusIndex?: number) => {
    if (rows.length === 0) {
      replace(
        membersBox,
        h('p', { class: 'empty-note' }, '構成員がいません。下の「構成員を追加」から探して追加してください。'),
      );
      return;
    }
    replace(
      membersBox,
      h(
        'ol',
        { class: 'member-rows' },
        rows.map((r, i) => {
          const rel = selectField({
            name: `members[${i}].relation`,
            label: '続柄',
            value: r.relation,
            required: true,
            options: codes('relations').map((c) => ({ value: c.code, label: c.label })),
            placeholder: '選択してください',
          });
          const from = dateField({ name: `members[${i}].from`, label: '世帯に加わった日', value: r.from, hint: '' });
          const to = dateField({
            name: `members[${i}].to`,
            label: '世帯を離れた日',
            value: r.to,
            hint: '現在も同じ世帯なら空欄',
          });
          const nameText = fullName(r.person) || r.person.id;
          return h(
            'li',
            { class: 'member-row' },
            h(
              'div',
              { class: 'member-who' },
              h('a', { href: href(`/persons/${encodeURIComponent(r.person.id)}`), class: 'member-name' }, nameText),
              h('span', { class: 'member-kana' }, fullKana(r.person)),
              h('span', { class: 'member-birth' }, birthSummary(r.person)),
            ),
            h('div', { class: 'row' }, rel.root, from.root, to.root),
            h(
              'div',
              { class: 'member-actions' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'button button-quiet',
                  'aria-label': `${nameText}さんを構成員から外す`,
                  onClick: () => {
                    sync();
                    rows.splice(i, 1);
                    drawRows();
                    pickerInput.focus();
                  },
                },
                '外す',
              ),
            ),
          );
        }),
      ),
    );
    if (focusIndex !== undefined)
      membersBox.querySelector<HTMLSelectElement>(`[data-field="members[${focusIndex}].relation"]`)?.focus();
  };

  // Person picker: the same picker as every form (↓ into the results, Enter takes the only one),
  // with 新規登録 in place; each person chosen becomes a row and the picker starts empty again.
  const pickerStatus = h('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  const pickerSlot = h('div', { class: 'household-picker' });
  let pickerFocus = (): void => undefined;
  const makePicker = () => {
    const picker = personPicker({
      name: 'member_search',
      label: '構成員を追加',
      signal: ctx.signal,
      create: true,
      hint: '氏名・カナで探します。見つからない人は「新規登録」でこの場で登録できます。',
      describe: (p) => (rows.some((x) => x.person.id === p.id) ? 'すでに構成員です' : ''),
      onChosen: (p) => {
        sync();
        if (rows.some((x) => x.person.id === p.id)) {
          pickerStatus.textContent = `${fullName(p)}さんはすでに構成員です。`;
        } else {
          rows.push({ person: p, relation: '', from: '', to: '' });
          pickerStatus.textContent = `${fullName(p)}さんを追加しました。続柄を選んでください。`;
        }
        makePicker();
        drawRows(rows.length - 1);
      },
    });
    pickerFocus = () => picker.focus();
    replace(pickerSlot, picker.root);
  };
  makePicker();
  const pickerInput = { focus: () => pickerFocus() };

  const submit = h(
    'button',
    { type: 'submit', class: 'button button-primary' },
    existing ? '保存する' : '世帯を作成する',
  );
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formAlert(),
    h('fieldset', { class: 'form-section' }, h('legend', null, '世帯'), name.root, address.root),
    membersGroup,
    h('section', { class: 'form-section picker', 'aria-label': '構成員を追加' }, pickerSlot, pickerStatus),
    h('div', { class: 'form-actions' }, submit, linkButton(href(backPath), 'キャンセル', 'quiet')),
  );

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    sync();
    clearErrors(form);
    let bad = false;
    if (rows.length === 0) {
      showFieldError(form, 'members', '構成員を1人以上追加してください');
      return;
    }
    const members: { person_id: string; relation: string; from?: string; to?: string }[] = [];
    rows.forEach((r, i) => {
      const m: { person_id: string; relation: string; from?: string; to?: string } = {
        person_id: r.person.id,
        relation: r.relation,
      };
      if (!r.relation) bad = showFieldError(form, `members[${i}].relation`, '続柄を選んでください', !bad) || bad;
      for (const k of ['from', 'to'] as const) {
        const input = form.querySelector<HTMLInputElement>(`[data-field="members[${i}].${k}"]`);
        const iso = input ? readDate(input) : '';
        if (iso === null)
          bad = showFieldError(form, `members[${i}].${k}`, '日付は 2024-04-01 の形で入力してください', !bad) || bad;
        else if (iso) m[k] = iso;
      }
      if (m.from && m.to && m.to < m.from)
        bad = showFieldError(form, `members[${i}].to`, '離れた日が加わった日より前になっています', !bad) || bad;
      members.push(m);
    });
    if (bad) return;
    const body: Record<string, unknown> = { members };
    const nm = name.input.value.trim();
    const ad = address.input.value.trim();
    if (existing) {
      if (nm !== (existing.name ?? '')) body.name = nm;
      if (ad !== (existing.address ?? '')) body.address = ad;
    } else {
      if (nm) body.name = nm;
      if (ad) body.address = ad;
    }
    submit.disabled = true;
    try {
      if (existing)
        await api.patch<Household>(`/households/${seg(existing.id)}`, body, existing.version, { signal: ctx.signal });
      else await api.post<Household>('/households', body, { signal: ctx.signal });
      setFlash({ message: existing ? '世帯を保存しました。' : '世帯を作成しました。' });
      navigate(backPath);
    } catch (e) {
      if (ctx.signal.aborted) return;
      if (e instanceof ApiError && e.code === 'version_conflict') {
        showFormError(
          form,
          h('p', null, CONFLICT_MESSAGE),
          button('最新の内容を読み込む', () => navigate(location.hash), 'primary'),
        );
      } else {
        showApiError(form, e);
      }
    } finally {
      submit.disabled = false;
    }
  });

  drawRows();
  const title = existing ? '世帯の編集' : '世帯の作成';
  setTitle(title);
  replace(ctx.main, formPage({ title, crumbs: [h('a', { href: href(backPath) }, '戻る')] }, form));
  (existing
    ? name.input
    : rows.length
      ? (membersBox.querySelector<HTMLSelectElement>('select') ?? name.input)
      : name.input
  ).focus();
}

export async function newHouseholdPage(ctx: RouteContext): Promise<void> {
  replace(ctx.main, loading());
  const pid = ctx.query.get('person');
  const rows: Row[] = [];
  let back = '/persons';
  if (pid) {
    const p = await api.get<PersonDetail>(`/persons/${seg(pid)}`, { signal: ctx.signal });
    rows.push({ person: p, relation: '', from: '', to: '' });
    back = `/persons/${encodeURIComponent(pid)}`;
  }
  if (ctx.signal.aborted) return;
  renderForm(ctx, null, rows, back);
}

export async function editHouseholdPage(ctx: RouteContext): Promise<void> {
  replace(ctx.main, loading());
  const hh = await api.get<Household>(`/households/${seg(ctx.params.id as string)}`, { signal: ctx.signal });
  if (ctx.signal.aborted) return;
  const pid = ctx.query.get('person');
  const rows: Row[] = hh.members.map((m: HouseholdMember) => ({
    person: m.person ?? unnamedPerson(m.person_id, m.person_id),
    relation: m.relation,
    from: m.from ?? '',
    to: m.to ?? '',
  }));
  const back = pid
    ? `/persons/${encodeURIComponent(pid)}`
    : rows[0]
      ? `/persons/${encodeURIComponent(rows[0].person.id)}`
      : '/persons';
  renderForm(ctx, hh, rows, back);
}
