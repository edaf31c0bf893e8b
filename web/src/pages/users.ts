// アカウント管理 (admin): list, add, edit name/role/disabled, reset password.
import { ApiError, api, seg } from '../api';
import { h, replace, setTitle } from '../dom';
import { setFlash, takeFlash } from '../flash';
import { clearErrors, formAlert, selectField, showApiError, showFieldError, showFormError, textField } from '../forms';
import { ROLES, ROLE_LABELS, label } from '../labels';
import { href, navigate, type RouteContext } from '../router';
import type { List, User } from '../types';
import { button, linkButton, loading, messageBox } from '../ui';
import { formatInstant } from '../wareki';
import { CONFLICT_MESSAGE } from './personForm';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const MIN_PASSWORD = 10;

async function allUsers(signal: AbortSignal): Promise<User[]> {
  const out: User[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const r: List<User> = await api.get<List<User>>('/users', { query: { limit: 500, cursor }, signal });
    out.push(...r.items);
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  return out;
}

export async function usersPage(ctx: RouteContext): Promise<void> {
  setTitle('アカウント管理');
  const flash = takeFlash();
  replace(ctx.main, loading());
  const users = await allUsers(ctx.signal);
  if (ctx.signal.aborted) return;
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page' },
      flash ? messageBox('success', flash.message) : null,
      h('div', { class: 'page-head' }, h('h1', { class: 'page-title', tabindex: '-1' }, 'アカウント管理'), h('div', { class: 'actions' }, linkButton('#/admin/users/new', 'アカウントを追加', 'primary'))),
      h(
        'table',
        { class: 'table' },
        h('caption', null, `職員のアカウント（${users.length}件）`),
        h(
          'thead',
          null,
          h('tr', null, h('th', { scope: 'col' }, 'ログインID'), h('th', { scope: 'col' }, '氏名'), h('th', { scope: 'col' }, '役割'), h('th', { scope: 'col' }, '状態'), h('th', { scope: 'col' }, '作成日時'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, '操作'))),
        ),
        h(
          'tbody',
          null,
          users.map((u) =>
            h(
              'tr',
              { class: u.disabled ? 'is-disabled' : undefined },
              h('td', { class: 'mono' }, u.login),
              h('td', null, u.name),
              h('td', null, label(ROLE_LABELS, u.role)),
              h('td', null, u.disabled ? h('span', { class: 'tag tag-muted' }, '無効') : h('span', { class: 'tag tag-ok' }, '有効')),
              h('td', null, u.created_at ? formatInstant(u.created_at) : ''),
              h('td', null, h('a', { href: href(`/admin/users/${encodeURIComponent(u.id)}`), 'aria-label': `${u.name}（${u.login}）を編集` }, '編集')),
            ),
          ),
        ),
      ),
    ),
  );
}

export function newUserPage(ctx: RouteContext): void {
  setTitle('アカウントの追加');
  const login = textField({ name: 'login', label: 'ログインID', required: true, maxlength: 64, size: 'medium', hint: '半角英数字。あとから変更できません' , attrs: { autocapitalize: 'none', spellcheck: 'false' } });
  const name = textField({ name: 'name', label: '氏名', required: true, maxlength: 100, size: 'medium' });
  const role = selectField({ name: 'role', label: '役割', required: true, options: ROLE_OPTIONS, placeholder: '選択してください' });
  const password = textField({ name: 'password', label: '初期パスワード', type: 'password', required: true, autocomplete: 'new-password', size: 'medium', hint: `${MIN_PASSWORD}文字以上。本人に安全な方法で伝えてください` });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '追加する');
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formAlert(),
    h('div', { class: 'card' }, login.root, name.root, role.root, password.root),
    h('div', { class: 'form-actions' }, submit, linkButton('#/admin/users', 'キャンセル', 'quiet')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    if (!login.input.value.trim()) bad = showFieldError(form, 'login', 'ログインIDを入力してください', !bad) || bad;
    if (!name.input.value.trim()) bad = showFieldError(form, 'name', '氏名を入力してください', !bad) || bad;
    if (!role.input.value) bad = showFieldError(form, 'role', '役割を選んでください', !bad) || bad;
    if (password.input.value.length < MIN_PASSWORD) bad = showFieldError(form, 'password', `パスワードは${MIN_PASSWORD}文字以上にしてください`, !bad) || bad;
    if (bad) return;
    submit.disabled = true;
    try {
      const u = await api.post<User>('/users', { login: login.input.value.trim(), name: name.input.value.trim(), role: role.input.value, password: password.input.value }, { signal: ctx.signal });
      setFlash({ message: `${u.name}さん（${u.login}）のアカウントを追加しました。` });
      navigate('/admin/users');
    } catch (e) {
      if (!ctx.signal.aborted) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  replace(ctx.main, h('div', { class: 'page page-form' }, h('p', { class: 'breadcrumb' }, h('a', { href: '#/admin/users' }, 'アカウント管理'), ' ＞ 追加'), h('h1', { class: 'page-title', tabindex: '-1' }, 'アカウントの追加'), form));
  login.input.focus();
}

export async function editUserPage(ctx: RouteContext): Promise<void> {
  setTitle('アカウントの編集');
  replace(ctx.main, loading());
  const id = ctx.params.id as string;
  const user = (await allUsers(ctx.signal)).find((u) => u.id === id);
  if (ctx.signal.aborted) return;
  if (!user) throw new ApiError(404, 'not_found', 'アカウントが見つかりません');
  let version = user.version;

  const conflict = (form: HTMLElement) =>
    showFormError(form, h('p', null, CONFLICT_MESSAGE), button('最新の内容を読み込む', () => navigate(location.hash), 'primary'));

  // Name, role, disabled.
  const name = textField({ name: 'name', label: '氏名', value: user.name, required: true, maxlength: 100, size: 'medium' });
  const role = selectField({ name: 'role', label: '役割', value: user.role, required: true, options: ROLE_OPTIONS });
  const disabled = h('input', { type: 'checkbox', id: 'user-disabled', name: 'disabled', checked: user.disabled, 'data-field': 'disabled', 'aria-describedby': 'user-disabled-hint' });
  const save = h('button', { type: 'submit', class: 'button button-primary' }, '保存する');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'user-edit-h' },
    h('h2', { id: 'user-edit-h', class: 'h-small' }, 'アカウント情報'),
    formAlert(),
    h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'ログインID'), h('p', { class: 'mono static-value' }, user.login)),
    name.root,
    role.root,
    h('div', { class: 'field field-check' }, disabled, h('label', { for: 'user-disabled' }, 'このアカウントを無効にする'), h('p', { class: 'hint', id: 'user-disabled-hint' }, '無効にすると、この職員はログインできなくなります（記録は残ります）。')),
    h('div', { class: 'form-actions' }, save, linkButton('#/admin/users', '一覧に戻る', 'quiet')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (!name.input.value.trim()) {
      showFieldError(form, 'name', '氏名を入力してください');
      return;
    }
    const body: Record<string, unknown> = {};
    if (name.input.value.trim() !== user.name) body.name = name.input.value.trim();
    if (role.input.value !== user.role) body.role = role.input.value;
    if (disabled.checked !== user.disabled) body.disabled = disabled.checked;
    if (Object.keys(body).length === 0) {
      showFormError(form, '変更はありません。');
      return;
    }
    save.disabled = true;
    try {
      const u = await api.patch<User>(`/users/${seg(id)}`, body, version, { signal: ctx.signal });
      setFlash({ message: `${u.name}さんのアカウントを保存しました。` });
      navigate('/admin/users');
    } catch (e) {
      if (ctx.signal.aborted) return;
      if (e instanceof ApiError && e.code === 'version_conflict') conflict(form);
      else showApiError(form, e);
    } finally {
      save.disabled = false;
    }
  });

  // Password reset.
  const pw = textField({ name: 'password', label: '新しいパスワード', type: 'password', required: true, autocomplete: 'new-password', size: 'medium', hint: `${MIN_PASSWORD}文字以上` });
  const pw2 = textField({ name: 'password_confirm', label: '新しいパスワード（確認）', type: 'password', required: true, autocomplete: 'new-password', size: 'medium' });
  const reset = h('button', { type: 'submit', class: 'button button-secondary' }, 'パスワードを再設定');
  const pwForm = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'user-pw-h' },
    h('h2', { id: 'user-pw-h', class: 'h-small' }, 'パスワードの再設定'),
    formAlert(),
    // For password managers: whose password this is.
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: user.login, readonly: true, tabindex: '-1', 'aria-hidden': 'true', class: 'visually-hidden' }),
    pw.root,
    pw2.root,
    h('div', { class: 'form-actions' }, reset),
  );
  pwForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(pwForm);
    if (pw.input.value.length < MIN_PASSWORD) return void showFieldError(pwForm, 'password', `パスワードは${MIN_PASSWORD}文字以上にしてください`);
    if (pw.input.value !== pw2.input.value) return void showFieldError(pwForm, 'password_confirm', '確認用のパスワードが一致しません');
    reset.disabled = true;
    try {
      const u = await api.patch<User>(`/users/${seg(id)}`, { password: pw.input.value }, version, { signal: ctx.signal });
      version = u.version;
      user.version = u.version;
      pw.input.value = '';
      pw2.input.value = '';
      const area = pwForm.querySelector('.form-alert');
      if (area) replace(area, messageBox('success', 'パスワードを再設定しました。本人に安全な方法で伝えてください。'));
    } catch (e) {
      if (ctx.signal.aborted) return;
      if (e instanceof ApiError && e.code === 'version_conflict') conflict(pwForm);
      else showApiError(pwForm, e);
    } finally {
      reset.disabled = false;
    }
  });

  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-form' },
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/admin/users' }, 'アカウント管理'), ' ＞ 編集'),
      h('h1', { class: 'page-title', tabindex: '-1' }, `${user.name}さんのアカウント`),
      h('div', { class: 'card' }, form),
      h('div', { class: 'card' }, pwForm),
    ),
  );
}
