// Who owns a report (担当者・副担当): the two pickers of the 受理会議 form and of 担当者の変更,
// listing the staff who act on reports (director, coordinator, welfare: auth/roles.c
// ACTS_ON_REPORTS), and the small reassignment form of a report's page.
import { ApiError, api, isAbort, seg } from '../api';
import { h } from '../dom';
import { clearErrors, formAlert, selectField, showApiError, showFieldError } from '../forms';
import { loadStaff, type StaffMember } from '../cases';
import type { RouteContext } from '../router';
import type { Report } from '../types';
import { button } from '../ui';

const ACTS_ON_REPORTS = new Set(['director', 'coordinator', 'welfare']);

export interface OwnerFields {
  lead: HTMLSelectElement;
  deputy: HTMLSelectElement;
  roots: HTMLElement[];
  /** The body's lead_id and deputy_id, or an error shown on the form (false). */
  read(form: HTMLElement, focus: boolean): { lead_id: string; deputy_id: string | null } | false;
}

function staffLabel(s: StaffMember, me: string): string {
  return s.id === me ? `${s.name}（自分）` : s.name;
}

/** The two pickers; the staff are loaded into them (the current owners chosen). */
export function ownerFields(
  ctx: RouteContext,
  current: { lead: string | null; deputy: string | null },
  required: boolean,
): OwnerFields {
  const lead = selectField({
    name: 'lead_id',
    label: '主担当',
    placeholder: '（選択してください）',
    options: [],
    required,
  });
  const deputy = selectField({ name: 'deputy_id', label: '副担当', placeholder: '（なし）', options: [] });
  void loadStaff(ctx.user, ctx.signal)
    .then((staff) => {
      for (const s of staff.filter((x) => !x.role || ACTS_ON_REPORTS.has(x.role))) {
        lead.input.append(h('option', { value: s.id, selected: s.id === current.lead }, staffLabel(s, ctx.user.id)));
        deputy.input.append(
          h('option', { value: s.id, selected: s.id === current.deputy }, staffLabel(s, ctx.user.id)),
        );
      }
    })
    .catch(() => undefined);
  return {
    lead: lead.input,
    deputy: deputy.input,
    roots: [lead.root, deputy.root],
    read(form, focus) {
      if (!lead.input.value) {
        showFieldError(form, 'lead_id', '主担当を選んでください', focus);
        return false;
      }
      if (deputy.input.value && deputy.input.value === lead.input.value) {
        showFieldError(form, 'deputy_id', '副担当は主担当と別の職員にしてください', focus);
        return false;
      }
      return { lead_id: lead.input.value, deputy_id: deputy.input.value || null };
    },
  };
}

/** 担当者の変更: the pickers and 変更する (a button: Enter in a picker saves nothing). */
export function ownerForm(
  ctx: RouteContext,
  r: Report,
  onDone: (r: Report) => void,
  onCancel: () => void,
): HTMLFormElement {
  const fields = ownerFields(ctx, { lead: r.lead_id ?? null, deputy: r.deputy_id ?? null }, true);
  const form = h(
    'form',
    { class: 'owner-form', novalidate: true, 'aria-label': '担当者の変更' },
    formAlert(),
    h('div', { class: 'owner-fields' }, fields.roots),
  );
  const save = button(
    '変更する',
    async () => {
      clearErrors(form);
      const body = fields.read(form, true);
      if (!body) return;
      save.disabled = true;
      try {
        onDone(await api.post<Report>(`/reports/${seg(r.id)}/owner`, body, { signal: ctx.signal }));
      } catch (e) {
        if (isAbort(e) || ctx.signal.aborted) return;
        if (e instanceof ApiError) showApiError(form, e);
        else throw e;
      } finally {
        save.disabled = false;
      }
    },
    'primary',
  );
  form.append(h('div', { class: 'form-actions' }, save, button('キャンセル', onCancel, 'quiet')));
  form.addEventListener('submit', (ev) => ev.preventDefault());
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') onCancel();
  });
  return form;
}
