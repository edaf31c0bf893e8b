// ケース: one household's support — the subjects with their designations (set only by a
// conference decision: 「会議で決定」 and the conference), 要対協 registration, lead / deputy /
// agencies and the next review (changed with If-Match), the policy, the records of the subjects
// grouped, the サポートプラン, the conferences, the partners' 状況報告 and the timeline; closing
// with a reason (a deliberate save with a confirmation), and for a family that moved away the
// 情報提供 summary to print.
import { ApiError, api, isAbort, seg } from '../api';
import { h, replace, setTitle, uid, type Child } from '../dom';
import { setFlash, takeFlash } from '../flash';
import {
  DELIBERATE_SAVE_HINT,
  checkField,
  clearErrors,
  dateField,
  enterNeverSubmits,
  formAlert,
  readDate,
  selectField,
  showApiError,
  showFieldError,
  showFormError,
  textArea,
  textField,
} from '../forms';
import { confirmStep } from '../components/confirmStep';
import { renderPlans } from './plan';
import { label, timelineKindLabel } from '../labels';
import { codes, may } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import {
  agencyName,
  casePath,
  casePersons,
  categoryMark,
  conferencePath,
  fact,
  loadAgencies,
  personOf,
  loadStaff,
  staffName,
  subjectName,
  type Agency,
  type CaseRecord,
  type StaffMember,
} from '../cases';
import type { List, PersonSummary, TimelineItem } from '../types';
import { birthSummary, button, fullKana, fullName, linkButton, loading, messageBox, sectionBadge } from '../ui';
import { formatInstant, formatWareki, todayJst } from '../wareki';
import { printFoot, printHead } from '../health';
import { approvalStamps } from '../components/approvalStamps';

interface ConferenceBrief {
  id: string;
  kind: string;
  held_on: string;
  place?: string | null;
}

interface PartnerReport {
  id: string;
  on: string;
  text: string;
  agency_id?: string | null;
  agency_name?: string | null;
}

/** One record of a subject (GET /cases/{id}/records), as loosely as the answer may carry it. */
interface CaseRecordItem {
  type?: string;
  kind?: string;
  id?: string;
  person_id?: string | null;
  at?: string | null;
  on?: string | null;
  date?: string | null;
  summary?: string | null;
  label?: string | null;
}

const RECORD_GROUPS: Record<string, { title: string; path?: string }> = {
  pregnancy: { title: '妊娠届・たまご面接', path: '/health/pregnancies/' },
  pregnancies: { title: '妊娠届・たまご面接', path: '/health/pregnancies/' },
  screening: { title: '質問票', path: '/health/screenings/' },
  screenings: { title: '質問票', path: '/health/screenings/' },
  visit: { title: '訪問・健診', path: '/health/visits/' },
  visits: { title: '訪問・健診', path: '/health/visits/' },
  checkups: { title: '健診', path: '/health/visits/' },
  report: { title: '通告・相談', path: '/reports/' },
  reports: { title: '通告・相談', path: '/reports/' },
  plan: { title: 'サポートプラン' },
  plans: { title: 'サポートプラン' },
  conference: { title: '会議', path: '/conferences/' },
  partner_report: { title: '関係機関からの状況報告' },
  conferences: { title: '会議', path: '/conferences/' },
};

/** The records answer grouped by kind: `{items:[{type…}]}` or `{pregnancies:[…], …}`. */
function groupRecords(r: unknown): [string, CaseRecordItem[]][] {
  const groups = new Map<string, CaseRecordItem[]>();
  const add = (k: string, it: CaseRecordItem) => groups.set(k, [...(groups.get(k) ?? []), it]);
  if (r && typeof r === 'object') {
    const items = (r as { items?: unknown }).items;
    if (Array.isArray(items)) for (const it of items as CaseRecordItem[]) add(it.type ?? it.kind ?? 'other', it);
    else
      for (const [k, v] of Object.entries(r as Record<string, unknown>))
        if (Array.isArray(v)) for (const it of v as CaseRecordItem[]) add(k, it);
  }
  return [...groups.entries()];
}

function recordDate(it: CaseRecordItem & Record<string, unknown>): string {
  const v =
    it.on ?? it.at ?? it.date ?? it.received_at ?? it.notified_on ?? it.administered_on ?? it.held_on ?? it.visited_on;
  return typeof v === 'string' ? formatInstant(v) : '';
}

function recordsSection(records: unknown, persons: Map<string, PersonSummary>): HTMLElement {
  const groups = groupRecords(records);
  return h(
    'section',
    { class: 'card case-records', 'aria-labelledby': 'records-h' },
    h('h2', { id: 'records-h' }, '対象者の記録'),
    groups.length
      ? groups.map(([k, items]) => {
          const g = RECORD_GROUPS[k];
          return h(
            'div',
            { class: 'record-group', 'data-group': k },
            h('h3', null, g?.title ?? timelineKindLabel(k) ?? k, h('span', { class: 'count' }, `${items.length}件`)),
            h(
              'ul',
              { class: 'plain-list record-list' },
              items.map((it) => {
                const x = it as CaseRecordItem & Record<string, unknown>;
                const who = it.person_id ? persons.get(it.person_id) : null;
                const text = [it.label, it.summary].filter(Boolean).join('　');
                const link = g?.path && it.id ? href(`${g.path}${encodeURIComponent(it.id)}`) : null;
                return h(
                  'li',
                  null,
                  h('span', { class: 'record-date' }, recordDate(x)),
                  who ? h('span', { class: 'record-who' }, fullName(who)) : null,
                  link ? h('a', { href: link }, text || '開く') : text,
                );
              }),
            ),
          );
        })
      : h('p', { class: 'empty-note' }, '記録はまだありません。'),
  );
}

function subjectsTable(c: CaseRecord, persons: Map<string, PersonSummary>): HTMLElement {
  return h(
    'table',
    { class: 'table case-subjects' },
    h('caption', { class: 'visually-hidden' }, '支援の対象者と区分'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, '氏名'),
        h('th', { scope: 'col' }, '生年月日'),
        h('th', { scope: 'col' }, '区分'),
        h('th', { scope: 'col' }, '要対協'),
      ),
    ),
    h(
      'tbody',
      null,
      c.subjects.map((s) => {
        const p = personOf(s, persons);
        return h(
          'tr',
          { 'data-person': s.person_id },
          h(
            'td',
            null,
            h(
              'a',
              { href: href(`/persons/${encodeURIComponent(s.person_id)}`), class: 'strong-link' },
              subjectName(s, persons),
            ),
            p ? h('span', { class: 'member-kana' }, fullKana(p)) : null,
          ),
          h('td', null, p ? birthSummary(p) : ''),
          h(
            'td',
            { class: 'subject-category' },
            categoryMark(s.category),
            s.designated_by
              ? h(
                  'span',
                  { class: 'designated-by' },
                  '会議で決定',
                  s.designated_on ? `（${formatWareki(s.designated_on)}）` : '',
                  ' ',
                  h('a', { href: href(conferencePath(s.designated_by.conference_id)) }, '会議録'),
                )
              : h('span', { class: 'member-kana' }, '会議での決定はまだありません'),
          ),
          h(
            'td',
            null,
            s.youtaikyo
              ? [h('span', { class: 'tag tag-pending' }, '登録'), s.registered_on ? formatWareki(s.registered_on) : '']
              : '—',
          ),
        );
      }),
    ),
  );
}

/** 主担当・副担当・関係機関・次回見直し: a PATCH with If-Match; a stale version says so. */
function editForm(
  ctx: RouteContext,
  c: CaseRecord,
  staff: StaffMember[],
  agencies: Agency[],
  onSaved: (c: CaseRecord) => void,
  onCancel: () => void,
): HTMLFormElement {
  const opts = staff.map((s) => ({ value: s.id, label: s.name }));
  if (!staff.some((s) => s.id === c.lead_id)) opts.push({ value: c.lead_id, label: c.lead_name || '（現在の主担当）' });
  const lead = selectField({ name: 'lead_id', label: '主担当', value: c.lead_id, options: opts, required: true });
  const deputy = selectField({
    name: 'deputy_id',
    label: '副担当',
    value: c.deputy_id ?? '',
    placeholder: '（なし）',
    options: opts,
  });
  const leadAgency = selectField({
    name: 'lead_agency_id',
    label: '主たる支援機関',
    value: c.lead_agency_id ?? '',
    placeholder: '（こども家庭センター）',
    options: agencies.map((a) => ({ value: a.id, label: a.name })),
  });
  const legendId = uid('legend');
  const boxes = agencies.map((a) => ({
    id: a.id,
    f: checkField({
      name: `agency.${a.id}`,
      label: `${a.name}（${label('agency_kinds', a.kind)}）`,
      checked: c.agency_ids.includes(a.id),
    }),
  }));
  const shared = h(
    'fieldset',
    { class: 'field field-group', 'aria-labelledby': legendId, 'data-field': 'agency_ids', tabindex: '-1' },
    h('legend', { id: legendId, class: 'field-label' }, '情報を共有する関係機関（要対協）'),
    boxes.length ? boxes.map((b) => b.f.root) : h('p', { class: 'hint' }, '関係機関が登録されていません。'),
  );
  const next = dateField({ name: 'next_review_on', label: '次回見直し', value: c.next_review_on ?? '', inline: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '変更を保存');
  const form = h(
    'form',
    { class: 'form case-edit no-print', novalidate: true, 'aria-label': '担当と共有の変更' },
    formAlert(),
    lead.root,
    deputy.root,
    leadAgency.root,
    shared,
    next.root,
    h('div', { class: 'form-actions' }, submit, button('キャンセル', onCancel, 'quiet')),
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const nextOn = readDate(next.input);
    if (nextOn === null) {
      showFieldError(form, 'next_review_on', '日付は 2026-11-20 の形で入力してください');
      return;
    }
    const body: Record<string, unknown> = {
      lead_id: lead.input.value,
      deputy_id: deputy.input.value || null,
      agency_ids: boxes.filter((b) => b.f.input.checked).map((b) => b.id),
    };
    body.lead_agency_id = leadAgency.input.value || null;
    if (nextOn !== (c.next_review_on ?? '')) body.next_review_on = nextOn || null;
    submit.disabled = true;
    try {
      onSaved(await api.patch<CaseRecord>(casePath(c.id), body, c.version, { signal: ctx.signal }));
    } catch (e) {
      if (isAbort(e) || ctx.signal.aborted) return;
      if (e instanceof ApiError && e.code === 'version_conflict')
        showFormError(
          form,
          h('p', null, 'ほかの職員がこのケースを先に変更しました。最新の内容を読み込んでからやり直してください。'),
          button('最新の状態を読み込む', () => navigate(casePath(c.id)), 'secondary'),
        );
      else showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** 終結: the reason, the date (and where to for a move), then a confirmation before it is recorded. */
function closeForm(ctx: RouteContext, c: CaseRecord, names: string, onCancel: () => void): HTMLFormElement {
  const legendId = uid('legend');
  const radios = codes('case_close_reasons').map((r) => {
    const id = uid('reason');
    const input = h('input', { type: 'radio', name: 'reason', id, value: r.code });
    return { input, root: h('div', { class: 'field-check' }, input, h('label', { for: id }, r.label)) };
  });
  const reason = h(
    'fieldset',
    { class: 'field field-group', 'aria-labelledby': legendId, 'data-field': 'reason', tabindex: '-1' },
    h('legend', { id: legendId, class: 'field-label' }, '終結の理由', h('span', { class: 'req' }, '必須')),
    radios.map((r) => r.root),
  );
  const on = dateField({ name: 'on', label: '終結日', value: todayJst(), required: true, inline: true });
  const movedTo = textField({
    name: 'moved_to',
    label: '転出先の市区町村',
    maxlength: 100,
    size: 'medium',
    required: true,
  });
  movedTo.root.hidden = true;
  for (const r of radios)
    r.input.addEventListener('change', () => (movedTo.root.hidden = r.input.value !== 'moved' || !r.input.checked));
  const note = textArea({ name: 'note', label: '備考', rows: 3, maxlength: 20000 });
  const submit = h('button', { type: 'submit', class: 'button button-danger' }, '終結する');
  const confirmArea = h('div', { class: 'confirm-area' });
  const form = h(
    'form',
    { class: 'form close-form no-print', novalidate: true, 'aria-labelledby': 'close-h' },
    h('h3', { id: 'close-h', tabindex: '-1' }, 'ケースを終結する'),
    formAlert(),
    h('p', { class: 'hint' }, '終結したケースは再開できません（必要になれば新しいケースを開きます）。'),
    reason,
    on.root,
    movedTo.root,
    note.root,
    h(
      'div',
      { class: 'form-actions' },
      submit,
      button('キャンセル', onCancel, 'quiet'),
      h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT),
    ),
    confirmArea,
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const chosen = radios.find((r) => r.input.checked)?.input.value;
    const day = readDate(on.input);
    let bad = false;
    const err = (f: string, m: string) => (bad = showFieldError(form, f, m, !bad) || bad);
    if (!chosen) err('reason', '終結の理由を選んでください');
    if (!day) err('on', '終結日を 2026-11-20 の形で入力してください');
    const body: Record<string, unknown> = { reason: chosen, on: day };
    if (chosen === 'moved') {
      if (!movedTo.input.value.trim()) err('moved_to', '転出先の市区町村を入力してください');
      body.moved_to = movedTo.input.value.trim();
    }
    if (note.input.value.trim()) body.note = note.input.value;
    if (bad) return;
    const lines = [
      `${names}のケースを「${label('case_close_reasons', chosen)}」で終結します（${formatWareki(day)}）。`,
      chosen === 'moved' ? `転出先: ${movedTo.input.value.trim()}` : '',
      '終結したケースは再開できません。',
    ].filter(Boolean);
    submit.disabled = true;
    confirmStep(confirmArea, {
      title: '終結の確認',
      lines,
      confirmText: '終結を確定する',
      onBack: () => {
        replace(confirmArea);
        submit.disabled = false;
        submit.focus();
      },
      onConfirm: async () => {
        try {
          await api.post<CaseRecord>(`${casePath(c.id)}/close`, body, { signal: ctx.signal });
          setFlash({
            message: chosen === 'moved' ? '終結しました。転出先への情報提供書を印刷できます。' : '終結しました。',
          });
          navigate(casePath(c.id));
        } catch (e) {
          if (isAbort(e) || ctx.signal.aborted) return;
          replace(confirmArea);
          submit.disabled = false;
          showApiError(form, e);
        }
      },
    });
  });
  return form;
}

function conferencesSection(items: ConferenceBrief[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'conf-h' },
    h('h2', { id: 'conf-h' }, '会議'),
    items.length
      ? h(
          'ul',
          { class: 'plain-list conference-list' },
          items.map((k) =>
            h(
              'li',
              null,
              h(
                'a',
                { href: href(conferencePath(k.id)) },
                `${formatWareki(k.held_on)}　${label('conference_kinds', k.kind)}`,
              ),
            ),
          ),
        )
      : h('p', { class: 'empty-note' }, 'このケースを扱った会議はまだありません。'),
    may('case_write') ? h('p', { class: 'no-print' }, linkButton('#/conferences/new', '会議を記録する')) : null,
  );
}

function partnerReportsSection(items: PartnerReport[], agencies: Agency[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'pr-h' },
    h('h2', { id: 'pr-h' }, '関係機関からの状況報告'),
    items.length
      ? h(
          'ul',
          { class: 'plain-list partner-reports' },
          items.map((r) =>
            h(
              'li',
              null,
              h('strong', null, formatWareki(r.on)),
              `　${r.agency_name || agencyName(agencies, r.agency_id)}`,
              h('p', { class: 'pre' }, r.text),
            ),
          ),
        )
      : h('p', { class: 'empty-note' }, '状況報告はまだありません。'),
  );
}

function timelineSection(items: TimelineItem[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'tl-h' },
    h('h2', { id: 'tl-h' }, '経過（タイムライン）'),
    items.length
      ? h(
          'ol',
          { class: 'timeline' },
          items.map((it) =>
            h(
              'li',
              { class: ['timeline-item', `section-${it.section}`] },
              h(
                'div',
                { class: 'timeline-meta' },
                h('time', { datetime: it.at }, formatInstant(it.at)),
                sectionBadge(it.section, label('sections', it.section)),
                timelineKindLabel(it.kind) ? h('span', { class: 'timeline-kind' }, timelineKindLabel(it.kind)) : null,
              ),
              h('p', { class: 'timeline-summary' }, it.summary),
            ),
          ),
        )
      : h('p', { class: 'empty-note' }, '記録はまだありません。'),
  );
}

async function optional<T>(p: Promise<T>, fallback: T, signal: AbortSignal): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (signal.aborted || isAbort(e)) throw e;
    return fallback;
  }
}

export async function casePage(ctx: RouteContext): Promise<void> {
  const id = ctx.params.id as string;
  setTitle('ケース');
  replace(ctx.main, loading());
  const s = ctx.signal;
  const c = await api.get<CaseRecord & { partner_reports?: PartnerReport[] }>(casePath(id), { signal: s });
  const [persons, staff, agencies, records, confs, reports] = await Promise.all([
    casePersons(c, s),
    loadStaff(ctx.user, s),
    loadAgencies(s),
    optional(api.get<unknown>(`${casePath(id)}/records`, { signal: s }), null, s),
    optional(
      api.get<List<ConferenceBrief>>('/conferences', { query: { case_id: id, limit: 100 }, signal: s }),
      null,
      s,
    ),
    c.partner_reports
      ? Promise.resolve({ items: c.partner_reports })
      : optional(
          api.get<{ items: PartnerReport[] }>(`${casePath(id)}/partner_reports`, { signal: s }),
          { items: [] },
          s,
        ),
  ]);
  const timeline = await optional(
    api.get<{ items: TimelineItem[] }>(`${casePath(id)}/timeline`, { signal: s }).catch((e) => {
      if (s.aborted || !c.subjects[0]) throw e;
      return api.get<{ items: TimelineItem[] }>(`/persons/${seg(c.subjects[0].person_id)}/timeline`, { signal: s });
    }),
    { items: [] },
    s,
  );
  if (s.aborted) return;
  const names = c.subjects.map((x) => subjectName(x, persons)).join('・');
  setTitle(`ケース（${names}）`);
  const flash = takeFlash();
  const open = c.status === 'open';
  const write = may('case_write') && open;
  const editArea = h('div', { class: 'edit-area' });
  const closeArea = h('div', { class: 'close-area' });
  const toggle = (area: HTMLElement, make: () => HTMLElement, from: HTMLButtonElement) => {
    if (area.firstChild) return;
    from.setAttribute('aria-expanded', 'true');
    const form = make();
    replace(area, form);
    form.querySelector<HTMLElement>('input, select, textarea')?.focus();
  };
  const cancel = (area: HTMLElement, from: HTMLButtonElement) => () => {
    replace(area);
    from.setAttribute('aria-expanded', 'false');
    from.focus();
  };
  const editBtn = button('担当・共有を変更', () =>
    toggle(
      editArea,
      () =>
        editForm(
          ctx,
          c,
          staff,
          agencies,
          () => {
            setFlash({ message: '変更を保存しました。' });
            navigate(casePath(id));
          },
          cancel(editArea, editBtn),
        ),
      editBtn,
    ),
  );
  const closeBtn = button(
    '終結する',
    () => toggle(closeArea, () => closeForm(ctx, c, names, cancel(closeArea, closeBtn)), closeBtn),
    'danger',
  );
  for (const b of [editBtn, closeBtn]) b.setAttribute('aria-expanded', 'false');
  const from = c.opened_from;
  const closedFacts: Child[] = open
    ? []
    : [
        fact('終結', `${formatWareki(c.closed_on)}　${label('case_close_reasons', c.close_reason)}`),
        c.moved_to ? fact('転出先', c.moved_to) : null,
        c.close_note ? fact('終結の備考', h('span', { class: 'pre' }, c.close_note)) : null,
      ];
  const plansArea = h('div', { class: 'card plans-card' });
  const stamps = approvalStamps();
  replace(
    ctx.main,
    h(
      'article',
      { class: 'page page-record page-case', 'aria-labelledby': 'case-h' },
      printHead('ケース', ctx.user.name),
      stamps.box,
      flash ? h('div', { class: 'flash no-print' }, messageBox('success', flash.message)) : null,
      h('p', { class: 'breadcrumb no-print' }, h('a', { href: '#/cases' }, 'ケース'), ` ＞ ${names}`),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', id: 'case-h', tabindex: '-1' }, `ケース　${names}`),
        h(
          'div',
          { class: 'actions no-print' },
          c.close_reason === 'moved'
            ? linkButton(href(`${casePath(id)}/summary`), '情報提供書（印刷用）', 'primary')
            : null,
          write ? editBtn : null,
          write ? closeBtn : null,
          button('印刷', () => window.print(), 'quiet'),
          stamps.toggle,
        ),
      ),
      h(
        'p',
        { class: 'report-badges' },
        h('span', { class: ['tag', open ? 'tag-ok' : 'tag-muted'] }, label('case_statuses', c.status)),
      ),
      editArea,
      closeArea,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'subjects-h' },
        h('h2', { id: 'subjects-h' }, '対象者', h('span', { class: 'count' }, `${c.subjects.length}人`)),
        subjectsTable(c, persons),
        h(
          'p',
          { class: 'hint no-print' },
          '区分と要対協への登録は、会議（受理会議・合同ケース会議など）の決定で変わります。',
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'facts-h' },
        h('h2', { id: 'facts-h' }, '担当と進行'),
        h(
          'dl',
          { class: 'facts' },
          fact('主担当', c.lead_name || staffName(staff, c.lead_id)),
          fact('副担当', c.deputy_name || staffName(staff, c.deputy_id)),
          fact(
            '主たる支援機関',
            c.lead_agency_id ? c.lead_agency_name || agencyName(agencies, c.lead_agency_id) : 'こども家庭センター',
          ),
          fact('共有する関係機関', c.agency_ids.map((a) => agencyName(agencies, a)).join('、')),
          fact('開始', c.opened_on ? formatWareki(c.opened_on) : ''),
          fact(
            'きっかけ',
            from ? `${label('case_opened_from', from.type)}${from.from ? `（${from.from}から）` : ''}` : '直接',
          ),
          fact('前回見直し', c.last_reviewed_on ? formatWareki(c.last_reviewed_on) : ''),
          fact('次回見直し', c.next_review_on ? formatWareki(c.next_review_on) : ''),
          fact('支援方針', c.policy ? h('span', { class: 'pre' }, c.policy) : ''),
          closedFacts,
        ),
      ),
      plansArea,
      conferencesSection(confs?.items ?? []),
      partnerReportsSection(reports.items, agencies),
      recordsSection(records, persons),
      timelineSection(timeline.items),
      printFoot(),
    ),
  );
  await showPlans(c, plansArea, s);
}

/** The plan versions of the case (plan.ts); a failure there leaves the rest of the page usable. */
async function showPlans(c: CaseRecord, el: HTMLElement, signal: AbortSignal): Promise<void> {
  try {
    await renderPlans(c, el, signal);
  } catch (e) {
    if (isAbort(e) || signal.aborted) return;
    replace(el, messageBox('error', e instanceof ApiError ? e.message : 'サポートプランを読み込めませんでした。'));
  }
}
