// 利用者の新規登録と編集.
import { ApiError, api, seg } from '../api';
import { h, replace, setTitle, uid } from '../dom';
import { setFlash } from '../flash';
import {
  clearErrors,
  dateField,
  formAlert,
  readDate,
  showApiError,
  showFieldError,
  showFormError,
  textField,
} from '../forms';
import { codes } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import type { Person, PersonCreated, PersonDetail, Sex } from '../types';
import { button, fullName, linkButton, loading } from '../ui';
import { todayJst } from '../wareki';
import { formPage } from '../components/formPage';

export const CONFLICT_MESSAGE = '他の職員が先に更新しました。最新の内容を読み込み直してください';

type Values = Record<string, string | null>;

function sexGroup(value: Sex | null | undefined): HTMLElement {
  const name = 'sex';
  const legendId = uid('legend');
  return h(
    'fieldset',
    { class: 'field field-group', 'aria-labelledby': legendId },
    h('legend', { id: legendId }, '性別'),
    h(
      'div',
      { class: 'radios' },
      codes('sexes').map(({ code: s, label: text }) => {
        const id = uid('sex');
        return h(
          'span',
          { class: 'radio' },
          h('input', {
            type: 'radio',
            id,
            name,
            value: s,
            checked: (value || 'unknown') === s,
            'data-field': s === 'female' ? 'sex' : undefined,
          }),
          h('label', { for: id }, text),
        );
      }),
    ),
  );
}

function buildForm(
  person: Person | null,
  onSubmit: (form: HTMLFormElement, values: Values) => Promise<void>,
  cancelHref: string,
): HTMLFormElement {
  const p = person;
  const familyName = textField({
    name: 'family_name',
    label: '氏（漢字など）',
    value: p?.family_name,
    required: true,
    maxlength: 100,
    size: 'medium',
    autocomplete: 'off',
  });
  const givenName = textField({
    name: 'given_name',
    label: '名',
    value: p?.given_name,
    maxlength: 100,
    size: 'medium',
  });
  const familyKana = textField({
    name: 'family_name_kana',
    label: '氏（カナ）',
    value: p?.family_name_kana,
    required: true,
    maxlength: 100,
    size: 'medium',
    hint: 'ひらがな・半角カナでも入力できます（全角カタカナで保存されます）',
  });
  const givenKana = textField({
    name: 'given_name_kana',
    label: '名（カナ）',
    value: p?.given_name_kana,
    maxlength: 100,
    size: 'medium',
  });
  const birth = dateField({
    name: 'birth_date',
    label: '生年月日',
    value: p?.birth_date,
    hint: '例: 2024-04-01（R6.4.1 の形でも入力できます）。不明なときは空欄のまま',
  });
  const address = textField({ name: 'address', label: '住所', value: p?.address, maxlength: 200, size: 'long' });
  const phone = textField({
    name: 'phone',
    label: '電話番号',
    type: 'tel',
    value: p?.phone,
    maxlength: 20,
    size: 'medium',
    inputmode: 'tel',
  });
  if (p?.address_withheld) {
    // 住所秘匿: withheld from this role, which may not change them either.
    for (const f of [address, phone]) {
      f.input.disabled = true;
      f.input.placeholder = '住所秘匿のため表示しません';
    }
  }
  const resident = textField({
    name: 'resident_id',
    label: '住民番号',
    value: p?.resident_id,
    maxlength: 20,
    size: 'medium',
    hint: '市の住民番号（わかる場合）',
  });
  const affiliation = textField({
    name: 'affiliation',
    label: '所属（学校・保育所など）',
    value: p?.affiliation,
    maxlength: 100,
    size: 'medium',
    hint: '子どもの学校・保育所・幼稚園（例: 南小学校 3年）',
  });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, p ? '保存する' : '登録する');

  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formAlert(),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '氏名'),
      h('div', { class: 'row' }, familyName.root, givenName.root),
      h('div', { class: 'row' }, familyKana.root, givenKana.root),
    ),
    h('fieldset', { class: 'form-section' }, h('legend', null, '生年月日・性別'), birth.root, sexGroup(p?.sex)),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '連絡先など'),
      address.root,
      phone.root,
      resident.root,
      affiliation.root,
    ),
    h('div', { class: 'form-actions' }, submit, linkButton(cancelHref, 'キャンセル', 'quiet')),
  );

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const birthIso = readDate(birth.input);
    let bad = false;
    if (!familyName.input.value.trim()) bad = showFieldError(form, 'family_name', '氏を入力してください', !bad) || bad;
    if (!familyKana.input.value.trim())
      bad = showFieldError(form, 'family_name_kana', '氏（カナ）を入力してください', !bad) || bad;
    if (birthIso === null)
      bad =
        showFieldError(form, 'birth_date', '生年月日は 2024-04-01 の形で、実在する日付を入力してください', !bad) || bad;
    else if (birthIso && birthIso > todayJst()) {
      bad = showFieldError(form, 'birth_date', '生年月日が未来の日付になっています', !bad) || bad;
    }
    if (bad) return;
    const sex = (form.querySelector<HTMLInputElement>('input[name="sex"]:checked')?.value || 'unknown') as Sex;
    const values: Values = {
      family_name: familyName.input.value.trim(),
      given_name: givenName.input.value.trim(),
      family_name_kana: familyKana.input.value.trim(),
      given_name_kana: givenKana.input.value.trim(),
      birth_date: birthIso || null,
      sex,
      address: address.input.value.trim(),
      phone: phone.input.value.trim(),
      resident_id: resident.input.value.trim() || null,
      affiliation: affiliation.input.value.trim(),
    };
    submit.disabled = true;
    try {
      await onSubmit(form, values);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export function newPersonPage(ctx: RouteContext): void {
  setTitle('利用者の新規登録');
  const form = buildForm(
    null,
    async (f, v) => {
      const body: Record<string, string> = {};
      for (const [k, val] of Object.entries(v)) if (val) body[k] = val;
      try {
        const created = await api.post<PersonCreated>('/persons', body, { signal: ctx.signal });
        setFlash({
          message: `${fullName(created)}さんを登録しました。`,
          duplicates: created.possible_duplicates ?? [],
        });
        navigate(`/persons/${encodeURIComponent(created.id)}`);
      } catch (e) {
        if (!ctx.signal.aborted) showApiError(f, e);
      }
    },
    '#/persons',
  );
  replace(ctx.main, formPage({ title: '利用者の新規登録' }, form));
  form.querySelector<HTMLInputElement>('input[name="family_name"]')?.focus();
}

export async function editPersonPage(ctx: RouteContext): Promise<void> {
  const id = ctx.params.id as string;
  setTitle('利用者の編集');
  replace(ctx.main, loading());
  const person = await api.get<PersonDetail>(`/persons/${seg(id)}`, { signal: ctx.signal });
  if (ctx.signal.aborted) return;
  const back = href(`/persons/${encodeURIComponent(id)}`);

  const form = buildForm(
    person,
    async (f, v) => {
      // Send only what changed. Cleared optional text becomes "" (or null for dates and ids).
      const body: Record<string, string | null> = {};
      const was = person as unknown as Record<string, string | null | undefined>;
      for (const [k, val] of Object.entries(v)) {
        const before = was[k] ?? (k === 'sex' ? 'unknown' : k === 'birth_date' || k === 'resident_id' ? null : '');
        if ((val ?? '') !== (before ?? '')) body[k] = val;
      }
      if (Object.keys(body).length === 0) {
        setFlash({ message: '変更はありませんでした。' });
        navigate(`/persons/${encodeURIComponent(id)}`);
        return;
      }
      try {
        await api.patch<Person>(`/persons/${seg(id)}`, body, person.version, { signal: ctx.signal });
        setFlash({ message: '保存しました。' });
        navigate(`/persons/${encodeURIComponent(id)}`);
      } catch (e) {
        if (ctx.signal.aborted) return;
        if (e instanceof ApiError && e.code === 'version_conflict') {
          showFormError(
            f,
            h('p', null, CONFLICT_MESSAGE),
            h(
              'p',
              { class: 'hint' },
              '読み込み直すと、この画面で入力した内容は失われます。必要なら控えてから読み込んでください。',
            ),
            button('最新の内容を読み込む', () => navigate(`/persons/${encodeURIComponent(id)}/edit`), 'primary'),
          );
        } else {
          showApiError(f, e);
        }
      }
    },
    back,
  );
  replace(
    ctx.main,
    formPage(
      { title: '利用者の編集', crumbs: [h('a', { href: back }, `${fullName(person)}さんの記録`), '編集'] },
      form,
    ),
  );
  form.querySelector<HTMLInputElement>('input[name="family_name"]')?.focus();
}
