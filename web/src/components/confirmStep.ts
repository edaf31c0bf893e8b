// The second step of a safety-critical save (a conference's designations, closing a case): what
// is about to be recorded, in words (「山田花子さんを特定妊婦に指定します」), and two buttons —
// 確定する records, 戻る goes back to the form. Shown in the page (no window.confirm: it is read
// by screen readers as any other content and printed nowhere).
import { h, replace, uid } from '../dom';
import { button } from '../ui';

export interface ConfirmStepOptions {
  title: string;
  lines: string[];
  confirmText: string;
  onConfirm(): Promise<void> | void;
  onBack(): void;
}

/** Shows the confirmation in `area` and focuses it; returns the 確定 button. */
export function confirmStep(area: HTMLElement, o: ConfirmStepOptions): HTMLButtonElement {
  const headId = uid('confirm-h');
  const ok = button(o.confirmText, () => void go(), 'primary');
  ok.classList.add('confirm-ok');
  const go = async () => {
    ok.disabled = true;
    try {
      await o.onConfirm();
    } finally {
      ok.disabled = false;
    }
  };
  const box = h(
    'div',
    { class: 'confirm-step no-print', role: 'group', 'aria-labelledby': headId, tabindex: '-1' },
    h('h3', { id: headId, class: 'confirm-title' }, o.title),
    h(
      'ul',
      { class: 'confirm-lines' },
      o.lines.map((l) => h('li', null, l)),
    ),
    h('div', { class: 'form-actions' }, ok, button('戻って直す', o.onBack, 'quiet')),
  );
  box.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      o.onBack();
    }
  });
  replace(area, box);
  box.focus();
  return ok;
}
