// アカウント管理 (admin): list, add, edit name/role/disabled, reset password. アカウントの承認
// (director): the two-person rule — an account the admin created, gave a new role (other than
// admin) or a new password waits for the director's approval before it can log in.
import { ApiError, api, seg } from '../api';
import { h, replace, setTitle } from '../dom';
import { setFlash, takeFlash } from '../flash';
import { clearErrors, formAlert, selectField, showApiError, showFieldError, showFormError, textField } from '../forms';
import { label } from '../labels';
import { codes } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import type { List, User } from '../types';
import { button, linkButton, loading, messageBox } from '../ui';
import { formatInstant } from '../wareki';
import { CONFLICT_MESSAGE } from './personForm';
import { formPage } from '../components/formPage';
import { listPrintFoot, listPrintHead, openCell, openHeader } from '../components/listPrint';

const roleOptions = () => codes('roles').map((r) => ({ value: r.code, label: r.label }));
const MIN_PASSWORD = 10;
const WAITING = 'センター長の承認待ち';

async function allUsers(signal: AbortSignal, status?: User['status']): Promise<User[]> {
  const out: User[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const r: List<User> = await api.get<List<User>>('/users', { query: { limit: 500, cursor, status }, signal });
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
      listPrintHead('職員のアカウント', 'すべてのアカウント（無効・承認待ちを含む）', ctx.user.name),
      flash ? messageBox('success', flash.message) : null,
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, 'アカウント管理'),
        h(
          'div',
          { class: 'actions no-print' },
          linkButton('#/admin/users/new', 'アカウントを追加', 'primary'),
          button('一覧を印刷', () => window.print(), 'quiet'),
        ),
      ),
      h(
        'table',
        { class: 'table' },
        h('caption', null, `職員のアカウント（${users.length}件）`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, 'ログインID'),
            h('th', { scope: 'col' }, '氏名'),
            h('th', { scope: 'col' }, '役割'),
            h('th', { scope: 'col' }, '状態'),
            h('th', { scope: 'col' }, '作成日時'),
            openHeader(),
          ),
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
              h('td', null, label('roles', u.role)),
              h('td', null, statusTag(u)),
              h('td', null, u.created_at ? formatInstant(u.created_at) : ''),
              openCell(
                h(
                  'a',
                  {
                    href: href(`/admin/users/${encodeURIComponent(u.id)}`),
                    'aria-label': `${u.name}（${u.login}）を編集`,
                  },
                  '編集',
                ),
              ),
            ),
          ),
        ),
      ),
      listPrintFoot(),
    ),
  );
}

function statusTag(u: User): HTMLElement {
  if (u.disabled) return h('span', { class: 'tag tag-muted' }, '無効');
  if (u.status === 'pending') return h('span', { class: 'tag tag-pending' }, WAITING);
  return h('span', { class: 'tag tag-ok' }, '有効');
}

/** What the admin is told after a change: an account that now waits says so. */
function savedMessage(u: User, done: string): string {
  return u.status === 'pending' ? `${done}${WAITING}です。承認されるまでログインできません。` : done;
}

export function newUserPage(ctx: RouteContext): void {
  setTitle('アカウントの追加');
  const login = textField({
    name: 'login',
    label: 'ログインID',
    required: true,
    maxlength: 64,
    size: 'medium',
    hint: '半角英数字。あとから変更できません',
    attrs: { autocapitalize: 'none', spellcheck: 'false' },
  });
  const name = textField({ name: 'name', label: '氏名', required: true, maxlength: 100, size: 'medium' });
  const role = selectField({
    name: 'role',
    label: '役割',
    required: true,
    options: roleOptions(),
    placeholder: '選択してください',
  });
  const password = textField({
    name: 'password',
    label: '初期パスワード',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    size: 'medium',
    hint: `${MIN_PASSWORD}文字以上。本人に安全な方法で伝えてください`,
  });
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
    if (password.input.value.length < MIN_PASSWORD)
      bad = showFieldError(form, 'password', `パスワードは${MIN_PASSWORD}文字以上にしてください`, !bad) || bad;
    if (bad) return;
    submit.disabled = true;
    try {
      const u = await api.post<User>(
        '/users',
        {
          login: login.input.value.trim(),
          name: name.input.value.trim(),
          role: role.input.value,
          password: password.input.value,
        },
        { signal: ctx.signal },
      );
      setFlash({ message: savedMessage(u, `${u.name}さん（${u.login}）のアカウントを追加しました。`) });
      navigate('/admin/users');
    } catch (e) {
      if (!ctx.signal.aborted) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  replace(
    ctx.main,
    formPage(
      { title: 'アカウントの追加', crumbs: [h('a', { href: '#/admin/users' }, 'アカウント管理'), '追加'] },
      h('p', { class: 'hint' }, 'システム管理以外のアカウントは、センター長が承認するとログインできるようになります。'),
      form,
    ),
  );
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
    showFormError(
      form,
      h('p', null, CONFLICT_MESSAGE),
      button('最新の内容を読み込む', () => navigate(location.hash), 'primary'),
    );

  // Name, role, disabled.
  const name = textField({
    name: 'name',
    label: '氏名',
    value: user.name,
    required: true,
    maxlength: 100,
    size: 'medium',
  });
  const role = selectField({
    name: 'role',
    label: '役割',
    value: user.role,
    required: true,
    options: roleOptions(),
    hint: 'システム管理以外の役割への変更は、センター長の承認後に有効になります（それまでログインできません）。',
  });
  const disabled = h('input', {
    type: 'checkbox',
    id: 'user-disabled',
    name: 'disabled',
    checked: user.disabled,
    'data-field': 'disabled',
    'aria-describedby': 'user-disabled-hint',
  });
  const save = h('button', { type: 'submit', class: 'button button-primary' }, '保存する');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'user-edit-h' },
    h('h2', { id: 'user-edit-h', class: 'h-small' }, 'アカウント情報'),
    formAlert(),
    h(
      'div',
      { class: 'field' },
      h('span', { class: 'field-label' }, 'ログインID'),
      h('p', { class: 'mono static-value' }, user.login),
    ),
    name.root,
    role.root,
    h(
      'div',
      { class: 'field field-check' },
      disabled,
      h('label', { for: 'user-disabled' }, 'このアカウントを無効にする'),
      h(
        'p',
        { class: 'hint', id: 'user-disabled-hint' },
        '無効にすると、この職員はログインできなくなります（記録は残ります）。',
      ),
    ),
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
      setFlash({ message: savedMessage(u, `${u.name}さんのアカウントを保存しました。`) });
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
  const pw = textField({
    name: 'password',
    label: '新しいパスワード',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    size: 'medium',
    hint: `${MIN_PASSWORD}文字以上。再設定するとこの職員のログインは終わり、システム管理以外のアカウントはセンター長の承認後にログインできるようになります。`,
  });
  const pw2 = textField({
    name: 'password_confirm',
    label: '新しいパスワード（確認）',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    size: 'medium',
  });
  const reset = h('button', { type: 'submit', class: 'button button-secondary' }, 'パスワードを再設定');
  const pwForm = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'user-pw-h' },
    h('h2', { id: 'user-pw-h', class: 'h-small' }, 'パスワードの再設定'),
    formAlert(),
    // For password managers: whose password this is.
    h('input', {
      type: 'text',
      name: 'username',
      autocomplete: 'username',
      value: user.login,
      readonly: true,
      tabindex: '-1',
      'aria-hidden': 'true',
      class: 'visually-hidden',
    }),
    pw.root,
    pw2.root,
    h('div', { class: 'form-actions' }, reset),
  );
  pwForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(pwForm);
    if (pw.input.value.length < MIN_PASSWORD)
      return void showFieldError(pwForm, 'password', `パスワードは${MIN_PASSWORD}文字以上にしてください`);
    if (pw.input.value !== pw2.input.value)
      return void showFieldError(pwForm, 'password_confirm', '確認用のパスワードが一致しません');
    reset.disabled = true;
    try {
      const u = await api.patch<User>(`/users/${seg(id)}`, { password: pw.input.value }, version, {
        signal: ctx.signal,
      });
      version = u.version;
      user.version = u.version;
      pw.input.value = '';
      pw2.input.value = '';
      const area = pwForm.querySelector('.form-alert');
      if (area)
        replace(
          area,
          messageBox('success', savedMessage(u, 'パスワードを再設定しました。本人に安全な方法で伝えてください。')),
        );
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
    formPage(
      { title: `${user.name}さんのアカウント`, crumbs: [h('a', { href: '#/admin/users' }, 'アカウント管理'), '編集'] },
      user.status === 'pending'
        ? messageBox(
            'warning',
            `このアカウントは${WAITING}です（${label('pending_reasons', user.pending_reason)}）。承認されるまでログインできません。`,
          )
        : null,
      h('div', { class: 'card' }, form),
      h('div', { class: 'card' }, pwForm),
    ),
  );
}

/** アカウントの承認 (director): the accounts waiting for approval, each approved by a click. */
export async function approvalsPage(ctx: RouteContext): Promise<void> {
  setTitle('アカウントの承認');
  const flash = takeFlash();
  replace(ctx.main, loading());
  const [pending, everyone] = await Promise.all([allUsers(ctx.signal, 'pending'), allUsers(ctx.signal)]);
  if (ctx.signal.aborted) return;
  const names = new Map(everyone.map((u) => [u.id, u.name]));
  const alertArea = h('div', { class: 'form-alert', 'aria-live': 'polite' });

  const approve = async (u: User, btn: HTMLButtonElement) => {
    btn.disabled = true;
    replace(alertArea);
    try {
      await api.post<User>(`/users/${seg(u.id)}/approve`, {}, { ifMatch: u.version, signal: ctx.signal });
      setFlash({ message: `${u.name}さん（${u.login}）のアカウントを承認しました。ログインできるようになりました。` });
      navigate('/accounts/approvals');
    } catch (e) {
      if (ctx.signal.aborted) return;
      btn.disabled = false;
      const text =
        e instanceof ApiError && e.code === 'version_conflict'
          ? 'このアカウントは表示した後に変更されました。内容を確かめてから、もう一度承認してください。'
          : e instanceof ApiError
            ? e.message
            : '承認できませんでした。もう一度お試しください。';
      replace(
        alertArea,
        messageBox(
          'error',
          h('p', null, text),
          button('最新の内容を読み込む', () => navigate('/accounts/approvals'), 'primary'),
        ),
      );
    }
  };

  replace(
    ctx.main,
    h(
      'div',
      { class: 'page' },
      flash ? messageBox('success', flash.message) : null,
      h('h1', { class: 'page-title', tabindex: '-1' }, 'アカウントの承認'),
      h(
        'p',
        null,
        'システム管理者が作成したアカウント、役割を変えたアカウント、パスワードを再設定したアカウントは、センター長が承認するまでログインできません。本人と役割を確かめてから承認してください。',
      ),
      alertArea,
      pending.length === 0
        ? h('p', { class: 'empty-note' }, '承認待ちのアカウントはありません。')
        : h(
            'table',
            { class: 'table' },
            h('caption', null, `承認待ちのアカウント（${pending.length}件）`),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, 'ログインID'),
                h('th', { scope: 'col' }, '氏名'),
                h('th', { scope: 'col' }, '役割'),
                h('th', { scope: 'col' }, '理由'),
                h('th', { scope: 'col' }, '変更日時'),
                h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, '操作')),
              ),
            ),
            h(
              'tbody',
              null,
              pending.map((u) => {
                const btn = h(
                  'button',
                  {
                    type: 'button',
                    class: 'button button-primary',
                    'aria-label': `${u.name}（${u.login}）を${label('roles', u.role)}として承認する`,
                  },
                  '承認する',
                );
                btn.addEventListener('click', () => void approve(u, btn));
                return h(
                  'tr',
                  { class: u.disabled ? 'is-disabled' : undefined },
                  h('td', { class: 'mono' }, u.login),
                  h('td', null, u.name, u.disabled ? [' ', h('span', { class: 'tag tag-muted' }, '無効')] : null),
                  h('td', null, label('roles', u.role)),
                  h('td', null, label('pending_reasons', u.pending_reason)),
                  h('td', null, u.updated_at ? formatInstant(u.updated_at) : ''),
                  h('td', null, btn),
                );
              }),
            ),
          ),
      h(
        'p',
        { class: 'hint' },
        `承認済みのアカウント: ${everyone.length - pending.length}件。`,
        approvedNote(everyone, names),
      ),
    ),
  );
}

/** The last approval, for orientation ("who approved what" is in the audit log). */
function approvedNote(users: User[], names: Map<string, string>): string {
  const last = users.filter((u) => u.approved_at).sort((a, b) => (a.approved_at! < b.approved_at! ? 1 : -1))[0];
  if (!last || !last.approved_at) return '';
  const by = last.approved_by ? (names.get(last.approved_by) ?? '') : 'サーバーの管理者';
  return `最後の承認: ${last.name}さん（${formatInstant(last.approved_at)}、${by}）。`;
}
