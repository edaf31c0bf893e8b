// ログイン画面.
import { ApiError, api } from '../api';
import { h, replace, setTitle } from '../dom';
import type { Session } from '../types';
import { messageBox } from '../ui';

export const LOGIN_MESSAGES = {
  wrong: 'ログインIDまたはパスワードが違います',
  locked: 'ログインの失敗が続いたため、しばらくロックされています。15分後にお試しください',
};

export function renderLogin(root: HTMLElement, opts: { notice?: string; onLoggedIn(s: Session): void }): void {
  setTitle('ログイン');
  const alertArea = h('div', { class: 'form-alert' });
  const loginInput = h('input', {
    id: 'login-id',
    name: 'login',
    type: 'text',
    class: 'input',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
    'aria-required': 'true',
  });
  const passInput = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    class: 'input',
    autocomplete: 'current-password',
    required: true,
    'aria-required': 'true',
  });
  const totpInput = h('input', {
    id: 'login-totp',
    name: 'totp',
    type: 'text',
    class: 'input input-short',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    'aria-describedby': 'login-totp-hint',
  });
  const totpField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'login-totp' }, '確認コード（6桁）'),
    totpInput,
    h('p', { class: 'hint', id: 'login-totp-hint' }, '認証アプリに表示されている数字を入力してください。'),
  );
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide' }, 'ログイン');

  const showError = (text: string) => {
    replace(alertArea, messageBox('error', text));
  };

  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-title' },
    alertArea,
    h('div', { class: 'field' }, h('label', { for: 'login-id' }, 'ログインID'), loginInput),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'パスワード'), passInput),
    totpField,
    submit,
  );

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(alertArea);
    const login = loginInput.value.trim();
    const password = passInput.value;
    if (!login || !password) {
      showError('ログインIDとパスワードを入力してください');
      (login ? passInput : loginInput).focus();
      return;
    }
    const body: Record<string, string> = { login, password };
    if (!totpField.hidden && totpInput.value.trim()) body.totp = totpInput.value.trim();
    submit.disabled = true;
    submit.textContent = 'ログインしています…';
    try {
      const s = await api.post<Session>('/session', body, { noAuthRedirect: true });
      opts.onLoggedIn(s);
    } catch (e) {
      submit.disabled = false;
      submit.textContent = 'ログイン';
      passInput.value = '';
      if (e instanceof ApiError && e.status === 429) {
        showError(LOGIN_MESSAGES.locked);
        passInput.focus();
      } else if (e instanceof ApiError && e.field === 'totp') {
        totpField.hidden = false;
        showError(e.message);
        totpInput.focus();
      } else if (e instanceof ApiError && e.status === 401) {
        showError(LOGIN_MESSAGES.wrong);
        passInput.focus();
      } else {
        showError(e instanceof ApiError ? e.message : 'ログインできませんでした。もう一度お試しください');
      }
    }
  });

  replace(
    root,
    h(
      'main',
      { id: 'main', class: 'login-main', tabindex: '-1' },
      h(
        'div',
        { class: 'login-card' },
        h(
          'div',
          { class: 'login-brand' },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
          h(
            'div',
            null,
            h('p', { class: 'brand-name' }, 'つなぐ', h('span', { class: 'brand-latin', lang: 'en' }, 'tsunagu')),
            h('p', { class: 'brand-org' }, 'こども家庭センター'),
          ),
        ),
        h('h1', { id: 'login-title', class: 'login-title' }, 'ログイン'),
        opts.notice ? messageBox('info', opts.notice) : null,
        form,
        h('p', { class: 'login-note' }, 'この端末から離れるときは、必ずログアウトしてください。'),
      ),
    ),
  );
  loginInput.focus();
}
