// 通告・相談の記録: the call as taken, the children with their safety confirmation against the
// 48-hour clock (refreshed every minute), the guardians, the steps taken as a timeline (a step
// taken back stays, marked 取り消し済み with the reason), and — for the roles that move a report
// along — the next allowed steps, each with its own small form, and 取り消す on the steps that may
// be taken back. Every one of those forms saves only deliberately (Ctrl+Enter or the button). The
// report prints as a record (記録用) or for a meeting (会議用: without the reporter and the route).
import { codes, may } from '../meta';
import { ApiError, api, isAbort, seg } from '../api';
import { append, h, replace, setTitle, uid, type Child } from '../dom';
import { takeFlash } from '../flash';
import {
  checkField,
  clearErrors,
  clearFieldError,
  enterNeverSubmits,
  formAlert,
  instantField,
  selectField,
  showApiError,
  showFieldError,
  showFormError,
  textArea,
  textField,
} from '../forms';
import { href, navigate, type RouteContext } from '../router';
import { casePath, personOf, subjectName, type CaseRecord } from '../cases';
import { allPages } from '../health';
import type { Report, ReportChild, ReportEvent, ReportStep, Urgency } from '../types';
import { birthSummary, button, fullKana, fullName, importOriginText, loading, messageBox } from '../ui';
import { countdown, everyMinute, kindMark, reportPath, statusMark, urgencyMark } from '../welfare';
import { ownerFields, ownerForm, type OwnerFields } from '../components/ownerFields';
import { formatInstant } from '../wareki';
import { approvalStamps } from '../components/approvalStamps';

/** What the note of each step is called. */
const NOTE_LABELS: Record<string, string> = {
  juri: '会議の記録（決定事項など）',
  investigation: '調査の記録',
  safety_confirmed: '確認時の子どもの様子',
  policy: '支援方針',
  support: '支援の内容',
  referred: '送致の理由・児童相談所とのやりとり',
  closed: '終結の理由',
};

const HIDDEN_NOTE = '（調査記録は閲覧権限がありません）';

function personHref(id: string): string {
  return href(`/persons/${encodeURIComponent(id)}`);
}

function childName(r: Report, id: string): string {
  const c = r.children.find((x) => x.person_id === id);
  return c?.person ? fullName(c.person) || '（氏名未登録）' : id;
}

function fact(term: string, ...value: Child[]): Child[] {
  const empty = value.every((v) => v === '' || v === null || v === undefined);
  return [h('dt', null, term), h('dd', { class: empty ? 'empty' : undefined }, empty ? '—' : value)];
}

const NO_REPORTER = '（通告者の情報は閲覧権限がありません）';
const MASKED = '（会議用のため記載しません）';

/** A value that the meeting print (会議用) leaves out. */
function meetingMasked(...value: Child[]): Child[] {
  const empty = value.every((v) => v === '' || v === null || v === undefined);
  if (empty) return value;
  return [h('span', { class: 'meeting-masked' }, value), h('span', { class: 'meeting-only' }, MASKED)];
}

function reporterText(r: Report): Child {
  const rep = r.reporter;
  if (!rep) return '';
  const parts: Child[] = [];
  if (rep.anonymous) parts.push(h('span', { class: 'tag tag-muted' }, '匿名'));
  const who = [rep.anonymous ? '' : rep.name, rep.relation ? `（${rep.relation}）` : ''].filter(Boolean).join('');
  if (who) parts.push(h('span', null, who));
  if (!rep.anonymous && rep.contact) parts.push(h('span', { class: 'reporter-contact' }, `連絡先: ${rep.contact}`));
  return parts.length ? h('span', { class: 'reporter' }, parts) : '';
}

function childrenTable(r: Report): HTMLElement {
  const abuse = r.kind === 'abuse_report';
  return h(
    'table',
    { class: 'table report-children' },
    h('caption', { class: 'visually-hidden' }, '子ども（安全確認の状況）'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '氏名'),
        h('th', { scope: 'col' }, '生年月日'),
        abuse ? h('th', { scope: 'col' }, '現認（安全確認）') : null,
      ),
    ),
    h(
      'tbody',
      null,
      r.children.map((c: ReportChild) =>
        h(
          'tr',
          { class: abuse && !c.confirmed_at ? 'is-unconfirmed' : undefined },
          h(
            'td',
            null,
            h(
              'a',
              { href: personHref(c.person_id), class: 'strong-link' },
              c.person ? fullName(c.person) || '（氏名未登録）' : c.person_id,
            ),
            c.person ? h('span', { class: 'member-kana' }, fullKana(c.person)) : null,
          ),
          h('td', null, c.person ? birthSummary(c.person) : ''),
          abuse
            ? h(
                'td',
                { class: 'safety-cell' },
                c.confirmed_at
                  ? [
                      h('span', { class: 'tag tag-ok' }, '確認済み'),
                      h('time', { datetime: c.confirmed_at }, formatInstant(c.confirmed_at)),
                      c.confirmed_by ? h('span', { class: 'member-kana' }, `確認: ${c.confirmed_by}`) : null,
                    ]
                  : h('span', { class: 'tag tag-alert' }, '未確認'),
              )
            : null,
        ),
      ),
    ),
  );
}

function guardiansTable(r: Report): HTMLElement {
  if (!r.guardians.length) return h('p', { class: 'empty-note' }, '保護者は登録されていません。');
  return h(
    'table',
    { class: 'table' },
    h('caption', { class: 'visually-hidden' }, '保護者'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '続柄'),
        h('th', { scope: 'col' }, '氏名'),
        h('th', { scope: 'col' }, '生年月日'),
      ),
    ),
    h(
      'tbody',
      null,
      r.guardians.map((g) =>
        h(
          'tr',
          null,
          h('td', null, g.relation || '—'),
          h(
            'td',
            null,
            h('a', { href: personHref(g.person_id) }, g.person ? fullName(g.person) || '（氏名未登録）' : g.person_id),
            g.person ? h('span', { class: 'member-kana' }, fullKana(g.person)) : null,
          ),
          h('td', null, g.person ? birthSummary(g.person) : ''),
        ),
      ),
    ),
  );
}

function childNames(r: Report, ids: string[]): string {
  return ids.map((id) => childName(r, id)).join('、');
}

/** The children a 現認 named, those taken back marked. */
function seenChildren(r: Report, e: ReportEvent): Child {
  return e.child_ids.map((id, i) => {
    const back = e.corrected_child_ids.includes(id);
    return [
      i ? '、' : '',
      back
        ? h(
            'span',
            { class: 'name-corrected' },
            childName(r, id),
            h('span', { class: 'tag tag-muted' }, '取り消し済み'),
          )
        : childName(r, id),
    ];
  });
}

/** 「取り消し 令和8年…（福祉 まこと）田中 結衣 の現認　理由: …」 under the step it took back. */
function correctionLine(r: Report, target: ReportEvent, c: ReportEvent): HTMLElement {
  const whom =
    target.step === 'safety_confirmed' && c.child_ids.length
      ? `${childNames(r, c.child_ids)} の現認を取り消し`
      : '取り消し';
  return h(
    'div',
    { class: 'step-correction' },
    h(
      'p',
      { class: 'step-correction-head' },
      h('strong', null, whom),
      ' ',
      h('time', { datetime: c.at }, formatInstant(c.at)),
      c.recorded_by_name ? `（${c.recorded_by_name}）` : '',
    ),
    c.note_hidden
      ? h('p', { class: 'step-note note-hidden' }, HIDDEN_NOTE)
      : h('p', { class: 'step-note pre' }, `理由: ${c.note ?? ''}`),
  );
}

/** One step of the list (corrections are shown under the step they took back). */
function eventItem(r: Report, e: ReportEvent, corrections: ReportEvent[], actions: Child): HTMLElement {
  const details: Child[] = [];
  const d = (term: string, ...v: Child[]) => details.push(h('dt', null, term), h('dd', null, v));
  if (e.urgency) d('緊急度', urgencyMark(e.urgency, e.urgency_label));
  if (e.attendees.length) d('出席者', e.attendees.join('、'));
  if (e.step === 'safety_confirmed' && e.child_ids.length) d('確認した子ども', seenChildren(r, e));
  if (e.seen_by) d('確認した職員', e.seen_by);
  if (e.case_id) d('ケース', h('a', { href: href(casePath(e.case_id)) }, 'ケースを開く'));
  const late = Math.abs(Date.parse(e.recorded_at) - Date.parse(e.at)) >= 60000;
  return h(
    'li',
    { class: ['step-item', `step-${e.step}`, e.corrected && 'is-corrected'], 'data-seq': String(e.seq) },
    h(
      'div',
      { class: 'step-head' },
      h('h3', { class: 'step-title' }, e.step_label),
      e.corrected ? h('span', { class: 'tag tag-corrected' }, '取り消し済み') : null,
      h('time', { datetime: e.at, class: 'step-at' }, formatInstant(e.at)),
      late || e.recorded_by_name
        ? h(
            'span',
            { class: 'step-recorded' },
            `記録${late ? ` ${formatInstant(e.recorded_at)}` : ''}${e.recorded_by_name ? `（${e.recorded_by_name}）` : ''}`,
          )
        : null,
    ),
    details.length ? h('dl', { class: 'step-facts' }, details) : null,
    e.note_hidden
      ? h('p', { class: 'step-note note-hidden' }, HIDDEN_NOTE)
      : e.note
        ? h('p', { class: 'step-note pre' }, e.note)
        : null,
    corrections.map((c) => correctionLine(r, e, c)),
    actions,
  );
}

/**
 * Taking a step back (訂正): a confirmation with the reason required, never Enter alone. For a
 * 現認 of several children, which of them were not actually seen (none ticked at first).
 */
function correctionForm(
  ctx: RouteContext,
  r: Report,
  e: ReportEvent,
  onDone: (r: Report, message: string) => void,
  onCancel: () => void,
): HTMLFormElement {
  const headId = uid('fix-h');
  const seen = e.step === 'safety_confirmed' ? e.child_ids.filter((id) => !e.corrected_child_ids.includes(id)) : [];
  const boxes: { id: string; input: HTMLInputElement }[] = [];
  let whom: Child = null;
  if (seen.length > 1) {
    const legendId = uid('legend');
    const group = h('fieldset', {
      class: 'field field-group',
      'aria-labelledby': legendId,
      'data-field': 'child_ids',
      tabindex: '-1',
    });
    append(
      group,
      h('legend', { id: legendId, class: 'field-label' }, '現認を取り消す子ども', h('span', { class: 'req' }, '必須')),
      seen.map((id) => {
        const f = checkField({ name: `back.${id}`, label: childName(r, id) });
        f.input.addEventListener('change', () => f.input.checked && clearFieldError(group));
        boxes.push({ id, input: f.input });
        return f.root;
      }),
      h('p', { class: 'hint' }, '実際には会えていなかった子どもだけにチェックを入れてください。'),
    );
    whom = group;
  } else if (seen.length === 1) {
    whom = h('p', { class: 'fix-whom' }, `${childName(r, seen[0] ?? '')} の現認を取り消します。`);
  }
  const reason = textArea({
    name: 'note',
    label: '取り消す理由',
    rows: 3,
    maxlength: 20000,
    required: true,
    hint: '例: 実際には会えていなかった、別の通告に記録するはずだった',
  });
  const submit = h(
    'button',
    { type: 'submit', class: 'button button-danger', 'aria-describedby': `${headId}-keys` },
    '取り消しを記録する',
  );
  const form = h(
    'form',
    {
      class: 'step-form correction-form no-print',
      novalidate: true,
      'aria-labelledby': headId,
      'data-corrects': String(e.seq),
    },
    h('h4', { id: headId, class: 'step-form-title', tabindex: '-1' }, `「${e.step_label}」の記録を取り消す`),
    formAlert(),
    h(
      'p',
      { class: 'hint' },
      '記録は消えずに「取り消し済み」として残り、取り消したことも記録されます。',
      e.step === 'safety_confirmed' ? '取り消した子どもは未確認に戻り、48時間の期限のアラートが再び表示されます。' : '',
    ),
    whom,
    reason.root,
    recordActions(submit, onCancel, `${headId}-keys`),
  );
  deliberateForm(form, onCancel);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const err = (field: string, msg: string) => {
      bad = showFieldError(form, field, msg, !bad) || bad;
    };
    const body: Record<string, unknown> = { step: 'correction', corrects: e.seq };
    if (seen.length > 1) {
      const back = boxes.filter((b) => b.input.checked);
      if (!back.length) err('child_ids', '現認を取り消す子どもを選んでください');
      for (const b of boxes) b.input.removeAttribute('data-field');
      back.forEach((b, k) => b.input.setAttribute('data-field', `child_ids[${k}]`));
      body.child_ids = back.map((b) => b.id);
    } else if (seen.length === 1) {
      body.child_ids = seen;
    }
    if (!reason.input.value.trim()) err('note', '取り消す理由を入力してください');
    else body.note = reason.input.value;
    if (bad) return;
    submit.disabled = true;
    try {
      const next = await api.post<Report>(`/reports/${seg(r.id)}/events`, body, { signal: ctx.signal });
      onDone(next, `「${e.step_label}」の記録を取り消しました。`);
    } catch (x) {
      if (isAbort(x) || ctx.signal.aborted) return;
      if (x instanceof ApiError && x.code === 'invalid_transition') {
        showFormError(
          form,
          h('p', null, x.message),
          button('最新の状態を読み込む', () => navigate(reportPath(r.id)), 'secondary'),
        );
      } else {
        showApiError(form, x);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The buttons of a step or correction form, with the hint that Enter alone records nothing. */
function recordActions(submit: HTMLButtonElement, onCancel: () => void, hintId: string): HTMLElement {
  return h(
    'div',
    { class: 'form-actions' },
    submit,
    button('キャンセル', onCancel, 'quiet'),
    h('p', { class: 'hint', id: hintId }, 'Ctrl+Enter でも記録できます。Enter だけでは記録しません。'),
  );
}

/** Records only deliberately (Ctrl+Enter or the button, never Enter in a field); Escape cancels. */
function deliberateForm(form: HTMLFormElement, onCancel: () => void): void {
  enterNeverSubmits(form);
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      onCancel();
    }
  });
}

/**
 * The case a report's support belongs to: an open case holding one of the report's children
 * (read from the open cases), or none; a link opens a new case from this report.
 */
function supportCasePicker(ctx: RouteContext, r: Report): { root: HTMLElement; input: HTMLSelectElement } {
  const f = selectField({
    name: 'case_id',
    label: 'ケース',
    placeholder: '（ケースに結び付けない）',
    options: [],
    hint: '子どもが対象者になっている支援中のケースを選びます。',
  });
  const children = new Set(r.children.map((c) => c.person_id));
  void allPages<CaseRecord>('/cases', { status: 'open' }, ctx.signal, 2000, 200)
    .then((cases) => {
      for (const c of cases.filter((x) => x.subjects.some((s) => children.has(s.person_id)))) {
        const names = c.subjects.map((s) => (personOf(s) ? subjectName(s) : childName(r, s.person_id))).join('・');
        f.input.append(h('option', { value: c.id }, `${names}のケース`));
      }
      if (f.input.options.length === 2) f.input.selectedIndex = 1;
    })
    .catch(() => undefined);
  if (may('case_write'))
    f.root.append(
      h(
        'p',
        { class: 'hint' },
        h('a', { href: href('/cases/new', { report: r.id }) }, 'この通告・相談から新しいケースを開く'),
      ),
    );
  return f;
}

/** The small form of one step: when (default now), the note, and the step's own fields. */
function stepForm(
  ctx: RouteContext,
  r: Report,
  step: ReportStep,
  label: string,
  onDone: (r: Report, label: string) => void,
  onCancel: () => void,
): HTMLFormElement {
  const headId = uid('step-h');
  const at = instantField({ name: 'at', label: '日時', value: new Date().toISOString(), required: true });
  const parts: Child[] = [];
  const radios: HTMLInputElement[] = [];
  let attendees: HTMLInputElement | null = null;
  let seenBy: HTMLInputElement | null = null;
  let caseId: HTMLSelectElement | null = null;
  let owners: OwnerFields | null = null;
  const childBoxes: { id: string; input: HTMLInputElement }[] = [];

  if (step === 'juri') {
    const legendId = uid('legend');
    parts.push(
      h(
        'fieldset',
        { class: 'field field-group', 'aria-labelledby': legendId, 'data-field': 'urgency', tabindex: '-1' },
        h('legend', { id: legendId, class: 'field-label' }, '緊急度', h('span', { class: 'req' }, '必須')),
        h(
          'div',
          { class: 'radios radios-urgency' },
          codes('urgencies').map((u) => {
            const id = uid('urg');
            const input = h('input', { type: 'radio', id, name: 'urgency', value: u.code });
            radios.push(input);
            return h('span', { class: ['radio', `radio-urgency-${u.code}`] }, input, h('label', { for: id }, u.label));
          }),
        ),
      ),
    );
    const f = textField({
      name: 'attendees',
      label: '出席者',
      maxlength: 3000,
      size: 'long',
      hint: '読点（、）またはカンマで区切って入力',
    });
    attendees = f.input;
    parts.push(f.root);
    // The 受理会議 names who owns the report (later changes: 担当者の変更).
    owners = ownerFields(ctx, { lead: r.lead_id ?? ctx.user.id, deputy: r.deputy_id ?? null }, true);
    parts.push(h('div', { class: 'owner-fields' }, owners.roots));
  } else if (step === 'safety_confirmed') {
    // Nobody is ticked at first: a child is recorded as seen only by choosing them.
    const open = r.children.filter((c) => !c.confirmed_at);
    const legendId = uid('legend');
    const whom = h('p', { class: 'seen-summary', 'aria-live': 'polite', id: uid('seen') });
    const group = h('fieldset', {
      class: 'field field-group',
      'aria-labelledby': legendId,
      'aria-describedby': whom.id,
      'data-field': 'child_ids',
      tabindex: '-1',
    });
    const sayWhom = () => {
      const names = childBoxes.filter((c) => c.input.checked).map((c) => childName(r, c.id));
      whom.classList.toggle('is-empty', !names.length);
      replace(
        whom,
        names.length
          ? `${names.join('、')} を現認済みにします`
          : 'まだ誰も選ばれていません。直接会って確認した子どもにチェックを入れてください。',
      );
      if (names.length) clearFieldError(group);
    };
    append(
      group,
      h(
        'legend',
        { id: legendId, class: 'field-label' },
        '直接会って確認した子ども',
        h('span', { class: 'req' }, '必須'),
      ),
      open.map((c) => {
        const f = checkField({
          name: `seen.${c.person_id}`,
          label: c.person ? `${fullName(c.person) || '（氏名未登録）'}（${birthSummary(c.person)}）` : c.person_id,
        });
        f.input.addEventListener('change', sayWhom);
        childBoxes.push({ id: c.person_id, input: f.input });
        return f.root;
      }),
      h(
        'p',
        { class: 'hint' },
        '実際に会って確認した子どもだけにチェックを入れてください（会えていない子どもの期限は残ります）。',
      ),
      whom,
    );
    parts.push(group);
    sayWhom();
    const f = textField({
      name: 'seen_by',
      label: '確認した職員',
      value: ctx.user.name,
      maxlength: 100,
      size: 'medium',
    });
    seenBy = f.input;
    parts.push(f.root);
  } else if (step === 'support') {
    const f = supportCasePicker(ctx, r);
    caseId = f.input;
    parts.push(f.root);
  }
  const note = textArea({
    name: 'note',
    label: NOTE_LABELS[step] ?? '記録',
    rows: 4,
    maxlength: 20000,
    hint: step === 'investigation' ? '調査の記録は受付・事務の職員には表示されません。' : undefined,
  });
  const submit = h(
    'button',
    { type: 'submit', class: 'button button-primary', 'aria-describedby': `${headId}-keys` },
    `${label}を記録する`,
  );
  const form = h(
    'form',
    { class: 'step-form', novalidate: true, 'aria-labelledby': headId, 'data-step': step },
    h('h3', { id: headId, class: 'step-form-title', tabindex: '-1' }, `${label}を記録`),
    formAlert(),
    at.root,
    parts,
    note.root,
    recordActions(submit, onCancel, `${headId}-keys`),
  );
  // A step (above all the 現認) is recorded only deliberately: never by Enter in a field.
  deliberateForm(form, onCancel);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const err = (field: string, msg: string) => {
      bad = showFieldError(form, field, msg, !bad) || bad;
    };
    const when = at.read();
    if ('bad' in when) {
      if (when.bad === 'date') err('at', '日付は 2026-11-20 の形で、実在する日付を入力してください');
      else err('at.time', '時刻は 17:05 のように 24時間制で入力してください');
    }
    const body: Record<string, unknown> = { step };
    if (!('bad' in when)) {
      // A call received at 17:05:30 and a step entered as 17:05 (the minute shown): the same moment.
      const t = Date.parse(when.at);
      const received = Date.parse(r.received_at);
      body.at = t < received && received - t < 60000 ? r.received_at : when.at;
    }
    if (note.input.value.trim()) body.note = note.input.value;
    if (step === 'juri') {
      const u = radios.find((x) => x.checked)?.value as Urgency | undefined;
      if (!u) err('urgency', '緊急度を選んでください');
      else body.urgency = u;
      const names = (attendees?.value ?? '')
        .split(/[、,，\n]/)
        .map((x) => x.trim())
        .filter(Boolean);
      if (names.length) body.attendees = names;
      const who = owners?.read(form, !bad);
      if (who === false) bad = true;
      else if (who) Object.assign(body, who.deputy_id ? who : { lead_id: who.lead_id });
    } else if (step === 'safety_confirmed') {
      const seen = childBoxes.filter((c) => c.input.checked);
      if (!seen.length) err('child_ids', '確認した子どもを1人以上選んでください');
      // Server errors name child_ids[k]: the k-th sent.
      for (const c of childBoxes) c.input.removeAttribute('data-field');
      seen.forEach((c, k) => c.input.setAttribute('data-field', `child_ids[${k}]`));
      body.child_ids = seen.map((c) => c.id);
      if (seenBy?.value.trim()) body.seen_by = seenBy.value.trim();
    } else if (step === 'support') {
      if (caseId?.value.trim()) body.case_id = caseId.value.trim();
    }
    if (bad) return;
    submit.disabled = true;
    try {
      const next = await api.post<Report>(`/reports/${seg(r.id)}/events`, body, { signal: ctx.signal });
      onDone(next, label);
    } catch (e) {
      if (isAbort(e) || ctx.signal.aborted) return;
      if (e instanceof ApiError && e.code === 'invalid_transition') {
        showFormError(
          form,
          h('p', null, e.message),
          h('p', { class: 'hint' }, '他の職員が先に記録した可能性があります。'),
          button('最新の状態を読み込む', () => navigate(reportPath(r.id)), 'secondary'),
        );
      } else {
        showApiError(form, e);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function reportPage(ctx: RouteContext): Promise<void> {
  const id = ctx.params.id as string;
  setTitle('通告・相談');
  replace(ctx.main, loading());
  const first = await api.get<Report>(`/reports/${seg(id)}`, { signal: ctx.signal });
  if (ctx.signal.aborted) return;

  // The countdowns on screen; refreshed every minute while the page is open.
  let tickers: (() => void)[] = [];
  everyMinute(ctx.signal, () => tickers.forEach((t) => t()));

  const render = (r: Report, message: string | null, focusMessage: boolean) => {
    tickers = [];
    const names = r.children.map((c) => (c.person ? fullName(c.person) : c.person_id)).join('、');
    setTitle(`${r.kind_label}（${names}）`);
    const write = may('report_write');
    const abuse = r.kind === 'abuse_report';
    const unconfirmed = r.children.filter((c) => !c.confirmed_at).length;

    // The 48-hour clock.
    let safety: HTMLElement | null = null;
    if (abuse && r.safety_due_at) {
      if (r.safety_all_confirmed) {
        safety = h(
          'div',
          { class: 'safety-box safety-done', role: 'group', 'aria-label': '安全確認' },
          h('p', { class: 'safety-main' }, '全員の現認（安全確認）が済んでいます。'),
        );
      } else {
        const cd = countdown(r.safety_due_at, 'report');
        const box = h(
          'div',
          { class: 'safety-box', role: 'group', 'aria-label': '安全確認の期限' },
          h('p', { class: 'safety-main' }, cd.el),
          h(
            'p',
            { class: 'safety-sub' },
            `期限 ${formatInstant(r.safety_due_at)}（受付から48時間）・未確認 ${unconfirmed}人`,
          ),
        );
        const tick = () => {
          cd.update();
          box.classList.toggle('is-overdue', cd.el.classList.contains('is-overdue'));
        };
        tick();
        tickers.push(tick);
        safety = box;
      }
    }

    // The next steps.
    const stepArea = h('div', { class: 'step-form-area' });
    let stepButtons: HTMLButtonElement[] = [];
    const openStep = (step: ReportStep, label: string, from: HTMLButtonElement) => {
      stepButtons.forEach((b) => b.setAttribute('aria-expanded', String(b === from)));
      const close = () => {
        replace(stepArea);
        stepButtons.forEach((b) => b.setAttribute('aria-expanded', 'false'));
        from.focus();
      };
      const form = stepForm(ctx, r, step, label, (next, l) => render(next, `${l}を記録しました。`, true), close);
      replace(stepArea, form);
      form.querySelector<HTMLInputElement>('input, textarea')?.focus();
    };
    let nextBlock: HTMLElement | null = null;
    if (r.next_steps.length && write) {
      stepButtons = r.next_steps.map((s) => {
        const b = h(
          'button',
          {
            type: 'button',
            class: 'button button-secondary step-button',
            'aria-expanded': 'false',
            'aria-controls': 'step-form-area',
          },
          s.label,
        );
        b.addEventListener('click', () => openStep(s.step, s.label, b));
        return b;
      });
      stepArea.id = 'step-form-area';
      nextBlock = h(
        'section',
        { class: 'section-block next-steps no-print', 'aria-labelledby': 'next-h' },
        h('h2', { id: 'next-h' }, '次の対応を記録'),
        h('div', { class: 'step-buttons', role: 'group', 'aria-label': '記録できる次の段階' }, stepButtons),
        stepArea,
      );
    } else if (r.next_steps.length) {
      nextBlock = h(
        'section',
        { class: 'section-block next-steps no-print', 'aria-labelledby': 'next-h' },
        h('h2', { id: 'next-h' }, '次の対応'),
        h(
          'p',
          { class: 'hint read-only-note' },
          `閲覧のみです（対応の記録は児童福祉の担当者が行います）。次に記録できる段階: ${r.next_steps.map((s) => s.label).join('、')}`,
        ),
      );
    }

    // 担当者: shown with the facts; 担当者の変更 opens a small form under them.
    const ownerArea = h('div', { class: 'owner-area no-print' });
    const ownerText = r.lead
      ? `主担当 ${r.lead.name}${r.deputy ? `・副担当 ${r.deputy.name}` : ''}`
      : '未定（受理会議で決めます）';
    let ownerButton: HTMLButtonElement | null = null;
    if (write) {
      const b = h(
        'button',
        { type: 'button', class: 'button button-quiet owner-change no-print', 'aria-expanded': 'false' },
        '担当者を変更',
      );
      b.addEventListener('click', () => {
        if (b.getAttribute('aria-expanded') === 'true') return;
        b.setAttribute('aria-expanded', 'true');
        const close = () => {
          replace(ownerArea);
          b.setAttribute('aria-expanded', 'false');
          b.focus();
        };
        const form = ownerForm(ctx, r, (next) => render(next, '担当者を変更しました。', true), close);
        replace(ownerArea, form);
        form.querySelector<HTMLSelectElement>('select')?.focus();
      });
      ownerButton = b;
    }
    const receivedBy =
      r.received_by_name ||
      (r.received_by === null ? '（移行データ）' : r.received_by === ctx.user.id ? ctx.user.name : '（不明な職員）');
    const msg = message ? messageBox('success', message) : null;
    if (msg) msg.setAttribute('tabindex', '-1');
    const events = (r.events ?? []).slice().sort((a, b) => a.seq - b.seq);
    const steps = events.filter((e) => e.step !== 'correction');
    const correctionsOf = (e: ReportEvent) => events.filter((c) => c.step === 'correction' && c.corrects === e.seq);
    // 取り消す: a confirmation form opens under the step; the button gets the focus back on cancel.
    const stepItem = (e: ReportEvent): HTMLElement => {
      if (!write || !e.correctable) return eventItem(r, e, correctionsOf(e), null);
      const area = h('div', { class: 'correction-area' });
      const open = h(
        'button',
        {
          type: 'button',
          class: 'button button-quiet step-correct no-print',
          'aria-expanded': 'false',
          'aria-label': `${e.step_label}（${formatInstant(e.at)}）の記録を取り消す`,
        },
        '取り消す',
      );
      open.addEventListener('click', () => {
        if (open.getAttribute('aria-expanded') === 'true') return;
        open.setAttribute('aria-expanded', 'true');
        const close = () => {
          replace(area);
          open.setAttribute('aria-expanded', 'false');
          open.focus();
        };
        const form = correctionForm(ctx, r, e, (next, m) => render(next, m, true), close);
        replace(area, form);
        form.querySelector<HTMLInputElement>('input, textarea')?.focus();
      });
      return eventItem(r, e, correctionsOf(e), h('div', { class: 'step-actions no-print' }, open, area));
    };

    const stamps = approvalStamps();
    // Printing: the record (記録用, everything) or a meeting paper (会議用, no reporter, no route).
    const printAs = (meeting: boolean) => {
      const page = ctx.main.querySelector('.page-report');
      page?.classList.toggle('print-meeting', meeting);
      window.addEventListener('afterprint', () => page?.classList.remove('print-meeting'), { once: true });
      window.print();
    };

    replace(
      ctx.main,
      h(
        'article',
        { class: 'page page-report', 'aria-labelledby': 'report-title' },
        h(
          'p',
          { class: 'print-only print-head' },
          `つなぐ　こども家庭センター　${r.kind_label}の記録　`,
          h('span', { class: 'print-record-only' }, '記録用'),
          h('span', { class: 'meeting-only' }, '会議用（通告者・経路を除く）'),
          `　（印刷: ${formatInstant(new Date().toISOString())}　${ctx.user.name}）`,
        ),
        stamps.box,
        h('p', { class: 'breadcrumb no-print' }, h('a', { href: '#/reports' }, '通告・相談'), ` ＞ ${r.kind_label}`),
        msg ? h('div', { class: 'flash no-print' }, msg) : null,
        h(
          'div',
          { class: 'page-head report-head' },
          h(
            'div',
            null,
            h('h1', { class: 'page-title', id: 'report-title', tabindex: '-1' }, `${r.kind_label}　${names}`),
            h(
              'p',
              { class: 'report-badges' },
              kindMark(r.kind, r.kind_label),
              statusMark(r.status, r.status_label),
              urgencyMark(r.urgency, r.urgency_label),
              r.urgent ? h('span', { class: 'urgent-mark' }, '緊急対応') : null,
            ),
            h(
              'p',
              { class: 'report-received' },
              '受付 ',
              h('time', { datetime: r.received_at }, formatInstant(r.received_at)),
            ),
          ),
          h(
            'div',
            { class: 'actions no-print' },
            button('印刷（記録用）', () => printAs(false), 'quiet'),
            button('印刷（会議用）', () => printAs(true), 'quiet'),
            stamps.toggle,
          ),
        ),
        safety,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'intake-h' },
          h('h2', { id: 'intake-h' }, '受付の内容'),
          h(
            'dl',
            { class: 'facts' },
            fact('受付日時', formatInstant(r.received_at)),
            fact('受付者', receivedBy),
            fact('担当者', h('span', { class: 'owner-text' }, ownerText), ownerButton, ownerArea),
            r.imported ? fact('移行元', importOriginText(r.imported)) : null,
            fact('経路', ...meetingMasked(r.route_label || r.route)),
            abuse || r.abuse_types.length
              ? fact('虐待の種別', r.abuse_type_labels.map((t) => t.label).join('、'))
              : null,
            fact('主たる虐待者', r.main_perpetrator_label || ''),
            fact('緊急対応', r.urgent ? h('strong', { class: 'urgent-text' }, '要') : '否'),
            'reporter' in r
              ? fact('通告者', ...meetingMasked(reporterText(r)))
              : fact('通告者', h('span', { class: 'muted' }, NO_REPORTER)),
            'reporter' in r
              ? fact(
                  '通告者の意向',
                  ...meetingMasked(r.reporter?.intent ? h('span', { class: 'pre' }, r.reporter.intent) : ''),
                )
              : null,
            fact('主訴', r.summary ? h('span', { class: 'pre' }, r.summary) : ''),
          ),
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'children-h' },
          h('h2', { id: 'children-h' }, '子ども', h('span', { class: 'count' }, `${r.children.length}人`)),
          childrenTable(r),
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'guardians-h' },
          h('h2', { id: 'guardians-h' }, '保護者'),
          guardiansTable(r),
        ),
        h(
          'section',
          { class: 'section-block', 'aria-labelledby': 'steps-h' },
          h('h2', { id: 'steps-h' }, '対応の経過'),
          h('ol', { class: 'report-steps', 'aria-label': '対応の経過（古い順）' }, steps.map(stepItem)),
        ),
        nextBlock,
        h(
          'p',
          { class: 'print-only print-foot' },
          '個人情報を含みます。取扱いに注意し、不要になったら確実に廃棄してください。',
        ),
      ),
    );
    if (msg && focusMessage) msg.focus();
  };

  const flash = takeFlash();
  render(first, flash?.message ?? null, false);
}
