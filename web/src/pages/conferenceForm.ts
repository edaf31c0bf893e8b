// 会議を記録する: choose the kind and the date → the generated agenda (GET /conferences/agenda) as
// the meeting's list, each line with its reasons and what changed since the last meeting; 印刷
// prints that list (A4, no buttons). The same list is then the form: per line the discussion, the
// decisions (a designation per subject only at 受理会議 / 合同ケース会議, 要対協 registration,
// policy, note) and the actions (what, owner, due); attendees, place, chair and minutes. Saved
// deliberately (the button or Ctrl+Enter, never Enter), after a confirmation that names each
// designation and registration being made.
import { ApiError, api, isAbort } from '../api';
import { h, replace, setTitle, uid, type Child } from '../dom';
import { setFlash } from '../flash';
import {
  DELIBERATE_SAVE_HINT,
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
import { formPage } from '../components/formPage';
import { label } from '../labels';
import { codes } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import {
  conferencePath,
  loadAgencies,
  loadStaff,
  subjectName,
  type Agency,
  type CaseRecord,
  type StaffMember,
} from '../cases';
import { changeText, lineSubject, type AgendaItem, type Conference, type LineSubject } from '../conferences';
import { allPages, printFoot, printHead } from '../health';
import { button, loading } from '../ui';
import { formatInstant, formatWareki, todayJst } from '../wareki';

/** The kinds whose decisions may designate (api.md: juri, joint_case). */
const DESIGNATING = new Set(['juri', 'joint_case']);
/** The kinds with a generated agenda. */
const WITH_AGENDA = new Set(['joint_case', 'listup', 'youtaikyo_jitsumusha']);

interface SubjectControls {
  personId: string;
  name: string;
  category: HTMLSelectElement | null;
  register: HTMLSelectElement;
}

interface ActionRow {
  root: HTMLElement;
  what: HTMLInputElement;
  owner: HTMLSelectElement;
  due: HTMLInputElement;
}

interface Line {
  item: AgendaItem;
  subject: LineSubject;
  root: HTMLElement;
  discussion: HTMLTextAreaElement;
  subjects: SubjectControls[];
  policy: HTMLTextAreaElement | null;
  note: HTMLTextAreaElement;
  setAside: HTMLInputElement | null;
  actions: ActionRow[];
}

interface Setup {
  staff: StaffMember[];
  agencies: Agency[];
}

function ownerSelect(name: string, s: Setup, me: string): HTMLSelectElement {
  return h(
    'select',
    { name, class: 'input', 'data-field': name },
    h(
      'optgroup',
      { label: '職員' },
      s.staff.map((u) => h('option', { value: `u:${u.id}`, selected: u.id === me }, u.name)),
    ),
    s.agencies.length
      ? h(
          'optgroup',
          { label: '関係機関' },
          s.agencies.map((a) => h('option', { value: `a:${a.id}` }, a.name)),
        )
      : null,
  );
}

function actionRow(ctx: RouteContext, s: Setup, key: string, onRemove: (r: ActionRow) => void): ActionRow {
  const what = textField({ name: `${key}.what`, label: '対応すること', maxlength: 20000, size: 'long' });
  const ownerId = uid('owner');
  const owner = ownerSelect(`${key}.owner`, s, ctx.user.id);
  owner.id = ownerId;
  const due = dateField({ name: `${key}.due_on`, label: '期限', inline: true, hint: '' });
  const row: ActionRow = { root: h('div'), what: what.input, owner, due: due.input };
  row.root = h(
    'div',
    { class: 'action-row' },
    what.root,
    h('div', { class: 'field' }, h('label', { for: ownerId }, '担当'), owner),
    due.root,
    button('この対応を削除', () => onRemove(row), 'quiet'),
  );
  return row;
}

function lineHead(n: number, line: { item: AgendaItem; subject: LineSubject }): HTMLElement {
  const changes = [
    ...(line.item.overdue_alerts ?? []).map(
      (a) => `期限超過: ${a.label ?? label('alert_kinds', a.kind)}（期限 ${formatInstant(a.due_at)}）`,
    ),
    ...(line.item.changes ?? []).map((c) => changeText(c, line.subject.persons)),
  ].filter(Boolean);
  return h(
    'div',
    { class: 'agenda-head' },
    h('h3', { class: 'agenda-title' }, `${n}. ${line.subject.title}`),
    h(
      'p',
      { class: 'agenda-reasons' },
      line.item.reasons.map((r) => h('span', { class: 'tag tag-pending' }, label('agenda_reasons', r))),
    ),
    changes.length
      ? h(
          'ul',
          { class: 'agenda-changes' },
          changes.map((c) => h('li', null, c)),
        )
      : h('p', { class: 'agenda-changes empty-note' }, '前回の会議からの変化: なし'),
    h('div', { class: 'print-only agenda-blank' }, '協議・決定:'),
  );
}

function buildLine(ctx: RouteContext, kind: string, s: Setup, n: number, item: AgendaItem, subject: LineSubject): Line {
  const key = item.case_id ? `case.${item.case_id}` : `pregnancy.${item.pregnancy_id}`;
  const discussion = textArea({ name: `${key}.discussion`, label: '協議の内容', rows: 3, maxlength: 20000 });
  const subjects: SubjectControls[] = [];
  const parts: Child[] = [];
  let policy: HTMLTextAreaElement | null = null;
  let setAside: HTMLInputElement | null = null;
  const c = subject.caseRecord;
  if (c) {
    const rows = c.subjects.map((sub) => {
      const name = subjectName(sub, subject.persons);
      const catId = uid('cat');
      const regId = uid('reg');
      const category = DESIGNATING.has(kind)
        ? h(
            'select',
            {
              id: catId,
              name: `${key}.${sub.person_id}.category`,
              class: 'input',
              'data-field': `${key}.${sub.person_id}.category`,
            },
            h('option', { value: '' }, `変更しない（現在: ${label('case_categories', sub.category)}）`),
            codes('case_categories').map((x) => h('option', { value: x.code }, x.label)),
          )
        : null;
      const register = h(
        'select',
        { id: regId, name: `${key}.${sub.person_id}.register`, class: 'input' },
        h('option', { value: '' }, `変更しない（現在: ${sub.youtaikyo ? '登録あり' : '登録なし'}）`),
        h('option', { value: 'true' }, '要対協に登録する'),
        h('option', { value: 'false' }, '要対協の登録を外す'),
      );
      subjects.push({ personId: sub.person_id, name, category, register });
      return h(
        'tr',
        { 'data-person': sub.person_id },
        h('th', { scope: 'row' }, name),
        h(
          'td',
          null,
          category
            ? [h('label', { for: catId, class: 'visually-hidden' }, `${name}の区分`), category]
            : label('case_categories', sub.category),
        ),
        h('td', null, h('label', { for: regId, class: 'visually-hidden' }, `${name}の要対協登録`), register),
      );
    });
    parts.push(
      h(
        'table',
        { class: 'table decision-table' },
        h('caption', null, '決定（対象者ごと）'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, '対象者'),
            h('th', { scope: 'col' }, '区分'),
            h('th', { scope: 'col' }, '要対協'),
          ),
        ),
        h('tbody', null, rows),
      ),
    );
    if (!DESIGNATING.has(kind))
      parts.push(
        h(
          'p',
          { class: 'hint' },
          `区分の指定は受理会議・合同ケース会議で行います（${label('conference_kinds', kind)}では指定できません）。`,
        ),
      );
    const pol = textArea({ name: `${key}.policy`, label: '支援方針', rows: 2, maxlength: 20000, value: '' });
    policy = pol.input;
    parts.push(pol.root);
  } else {
    const id = uid('aside');
    setAside = h('input', { type: 'checkbox', id, name: `${key}.set_aside` });
    parts.push(
      h(
        'div',
        { class: 'field field-check' },
        setAside,
        h('label', { for: id }, '協議のうえ、特定妊婦としない（見送り）'),
      ),
      h('p', { class: 'hint' }, '特定妊婦に指定するには、先にこの方のケースを開いてください。'),
      subject.pregnancy
        ? h(
            'p',
            null,
            h('a', { href: href('/cases/new', { pregnancy: subject.pregnancy.id }) }, 'この妊娠届からケースを開く'),
          )
        : null,
    );
  }
  const note = textArea({ name: `${key}.note`, label: '決定の備考', rows: 2, maxlength: 20000 });
  const actionsBox = h('div', { class: 'action-rows' });
  const line: Line = {
    item,
    subject,
    root: h('li'),
    discussion: discussion.input,
    subjects,
    policy,
    note: note.input,
    setAside,
    actions: [],
  };
  let count = 0;
  const addAction = () => {
    const r = actionRow(ctx, s, `${key}.action${count++}`, (gone) => {
      gone.root.remove();
      line.actions = line.actions.filter((x) => x !== gone);
      addBtn.focus();
    });
    line.actions.push(r);
    actionsBox.append(r.root);
    r.what.focus();
  };
  const addBtn = button('＋ 対応を追加', addAction, 'secondary');
  line.root = h(
    'li',
    { class: 'agenda-line', 'data-case': item.case_id ?? undefined, 'data-pregnancy': item.pregnancy_id ?? undefined },
    lineHead(n, { item, subject }),
    h(
      'div',
      { class: 'line-form no-print' },
      discussion.root,
      parts,
      note.root,
      h('div', { class: 'line-actions' }, h('h4', null, '対応（担当と期限）'), actionsBox, addBtn),
    ),
  );
  return line;
}

/** The decisions of a line, and the sentences the confirmation shows for them. */
function decisionsOf(line: Line): { decisions: Record<string, unknown>[]; said: string[] } {
  const decisions: Record<string, unknown>[] = [];
  const said: string[] = [];
  const c = line.subject.caseRecord;
  if (c) {
    for (const sub of line.subjects) {
      const cat = sub.category?.value || '';
      const reg = sub.register.value;
      if (!cat && !reg) continue;
      const d: Record<string, unknown> = { case_id: c.id, person_id: sub.personId };
      if (cat) {
        d.category = cat;
        said.push(`${sub.name}さんを${label('case_categories', cat)}に指定します`);
      }
      if (reg) {
        d.register = reg === 'true';
        said.push(`${sub.name}さんを要対協${reg === 'true' ? 'に登録します' : 'の登録から外します'}`);
      }
      decisions.push(d);
    }
    const policy = line.policy?.value.trim() ?? '';
    const note = line.note.value.trim();
    if (policy || note) {
      const d: Record<string, unknown> = { case_id: c.id };
      if (policy) d.policy = line.policy?.value;
      if (note) d.note = line.note.value;
      decisions.push(d);
      const names = c.subjects.map((x) => subjectName(x, line.subject.persons)).join('・');
      if (policy) said.push(`${names}さんのケースの支援方針を記録します`);
    }
  } else if (line.setAside?.checked) {
    const d: Record<string, unknown> = { pregnancy_id: line.item.pregnancy_id };
    if (line.note.value.trim()) d.note = line.note.value;
    decisions.push(d);
    said.push(`${line.subject.title.split('（')[0]}さんを特定妊婦としないこと（見送り）を記録します`);
  }
  return { decisions, said };
}

function readActions(
  form: HTMLFormElement,
  line: Line,
  err: (f: string, m: string) => void,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const a of line.actions) {
    const what = a.what.value.trim();
    const due = readDate(a.due);
    if (!what && !a.due.value.trim()) continue;
    if (!what) err(a.what.getAttribute('data-field') ?? '', '対応することを入力してください');
    if (!due) err(a.due.getAttribute('data-field') ?? '', '期限を 2026-11-20 の形で入力してください');
    const [t, id] = a.owner.value.split(':');
    const x: Record<string, unknown> = { what: a.what.value, due_on: due };
    if (t === 'a') x.owner_agency_id = id;
    else x.owner_id = id;
    if (line.item.case_id) x.case_id = line.item.case_id;
    out.push(x);
  }
  void form;
  return out;
}

interface AttendeeRow {
  root: HTMLElement;
  name: HTMLInputElement;
  agency: HTMLInputElement;
  userId: string | null;
  agencyId: string | null;
}

function attendeesBlock(ctx: RouteContext, s: Setup): { root: HTMLElement; read(): Record<string, unknown>[] } {
  const rows: AttendeeRow[] = [];
  const list = h('div', { class: 'attendee-rows' });
  const add = (name: string, agency: string, userId: string | null, agencyId: string | null) => {
    const n = textField({
      name: `attendee${rows.length}.name`,
      label: '氏名',
      value: name,
      maxlength: 100,
      size: 'medium',
    });
    const a = textField({
      name: `attendee${rows.length}.agency`,
      label: '所属',
      value: agency,
      maxlength: 100,
      size: 'medium',
    });
    const row: AttendeeRow = { root: h('div'), name: n.input, agency: a.input, userId, agencyId };
    row.root = h(
      'div',
      { class: 'attendee-row' },
      n.root,
      a.root,
      button(
        '削除',
        () => {
          row.root.remove();
          rows.splice(rows.indexOf(row), 1);
          addStaff.focus();
        },
        'quiet',
      ),
    );
    rows.push(row);
    list.append(row.root);
    return row;
  };
  add(ctx.user.name, 'こども家庭センター', ctx.user.id, null);
  const staffSel = selectField({
    name: 'attendee_staff',
    label: '職員を追加',
    placeholder: '（選んでください）',
    options: s.staff.map((u) => ({ value: u.id, label: u.name })),
  });
  const addStaff = button('出席者に追加', () => {
    const u = s.staff.find((x) => x.id === staffSel.input.value);
    if (!u || rows.some((r) => r.userId === u.id)) return;
    add(u.name, 'こども家庭センター', u.id, null);
    staffSel.input.value = '';
  });
  const agencySel = selectField({
    name: 'attendee_agency',
    label: '関係機関の出席者を追加',
    placeholder: '（機関を選ぶ）',
    options: s.agencies.map((a) => ({ value: a.id, label: a.name })),
  });
  const addOutside = button('関係機関の出席者を追加', () => {
    const a = s.agencies.find((x) => x.id === agencySel.input.value);
    const row = add('', a?.name ?? '', null, a?.id ?? null);
    row.name.focus();
  });
  const root = h(
    'fieldset',
    { class: 'form-section attendees', 'data-field': 'attendees', tabindex: '-1' },
    h('legend', null, '出席者'),
    list,
    h('div', { class: 'attendee-add' }, staffSel.root, addStaff, agencySel.root, addOutside),
  );
  return {
    root,
    read: () =>
      rows
        .filter((r) => r.name.value.trim())
        .map((r) => {
          const x: Record<string, unknown> = { name: r.name.value.trim() };
          if (r.agency.value.trim()) x.agency = r.agency.value.trim();
          if (r.agencyId) x.agency_id = r.agencyId;
          if (r.userId) x.user_id = r.userId;
          return x;
        }),
  };
}

async function loadLines(
  items: AgendaItem[],
  signal: AbortSignal,
): Promise<{ item: AgendaItem; subject: LineSubject }[]> {
  return Promise.all(items.map(async (item) => ({ item, subject: await lineSubject(item, signal) })));
}

export async function newConferencePage(ctx: RouteContext): Promise<void> {
  setTitle('会議を記録する');
  replace(ctx.main, loading());
  const [staff, agencies] = await Promise.all([loadStaff(ctx.user, ctx.signal), loadAgencies(ctx.signal)]);
  if (ctx.signal.aborted) return;
  const setup: Setup = { staff, agencies };
  const kind = selectField({
    name: 'kind',
    label: '会議の種類',
    required: true,
    value: ctx.query.get('kind') ?? 'joint_case',
    options: codes('conference_kinds').map((k) => ({ value: k.code, label: k.label })),
  });
  const held = dateField({
    name: 'held_on',
    label: '開催日',
    required: true,
    value: ctx.query.get('on') ?? todayJst(),
    inline: true,
  });
  const start = h('button', { type: 'submit', class: 'button button-primary' }, '議題を作成');
  const chooser = h(
    'form',
    { class: 'filter-form no-print', novalidate: true, 'aria-label': '議題の作成' },
    kind.root,
    held.root,
    h('div', { class: 'filter-actions' }, start),
  );
  const area = h('div', { class: 'conference-area' });
  const page = formPage(
    {
      title: '会議を記録する',
      crumbs: [h('a', { href: '#/conferences' }, '会議'), '会議を記録する'],
      classes: ['page-wide', 'page-conference-new'],
    },
    chooser,
    area,
  );
  replace(ctx.main, page);
  chooser.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(chooser);
    const on = readDate(held.input);
    if (!on) {
      showFieldError(chooser, 'held_on', '開催日を 2026-11-20 の形で入力してください');
      return;
    }
    void showAgenda(ctx, setup, area, kind.input.value, on).catch((e) => {
      if (!isAbort(e)) showApiError(chooser, e);
    });
  });
  if (ctx.query.get('kind')) chooser.requestSubmit();
}

async function showAgenda(ctx: RouteContext, s: Setup, area: HTMLElement, kind: string, on: string): Promise<void> {
  replace(area, loading('議題を作成しています…'));
  const agenda = WITH_AGENDA.has(kind)
    ? (await api.get<{ items: AgendaItem[] }>('/conferences/agenda', { query: { kind, on }, signal: ctx.signal })).items
    : [];
  const lines = await loadLines(agenda, ctx.signal);
  if (ctx.signal.aborted) return;
  const built: Line[] = [];
  const list = h('ol', { class: 'agenda-list' });
  const addLine = (item: AgendaItem, subject: LineSubject) => {
    const l = buildLine(ctx, kind, s, built.length + 1, item, subject);
    built.push(l);
    list.append(l.root);
    return l;
  };
  for (const l of lines) addLine(l.item, l.subject);
  // A case not on the generated list (a 受理会議, a 個別ケース検討会議, or one more case).
  const openCases = await allPages<CaseRecord>('/cases', { status: 'open' }, ctx.signal, 2000, 200).catch(() => []);
  const others = h('div', { class: 'add-case no-print' });
  const caseSel = selectField({
    name: 'add_case',
    label: '議題にケースを追加',
    placeholder: '（ケースを選んでください）',
    options: openCases.map((c) => ({
      value: c.id,
      label: `${c.subjects.map((x) => subjectName(x)).join('・')}${c.household_name ? `（${c.household_name}）` : ''}`,
    })),
  });
  const addCase = button('追加', async () => {
    const id = caseSel.input.value;
    if (!id || built.some((b) => b.item.case_id === id)) return;
    const sub = await lineSubject({ case_id: id }, ctx.signal);
    const l = addLine({ case_id: id, reasons: [] }, sub);
    l.discussion.focus();
  });
  replace(others, caseSel.root, addCase);

  const place = textField({ name: 'place', label: '場所', maxlength: 100, size: 'medium' });
  const chair = selectField({
    name: 'chair_id',
    label: '司会（議長）',
    value: ctx.user.id,
    options: s.staff.map((u) => ({ value: u.id, label: u.name })),
  });
  const attendees = attendeesBlock(ctx, s);
  const minutes = textArea({ name: 'minutes', label: '会議録（全体の記録）', rows: 6, maxlength: 20000 });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '会議の記録を保存');
  const confirmArea = h('div', { class: 'confirm-area' });
  const form = h(
    'form',
    { class: 'form conference-form', novalidate: true, 'aria-labelledby': 'agenda-h' },
    h('div', { class: 'print-only' }, printHead(`${label('conference_kinds', kind)}　議題`, ctx.user.name)),
    h(
      'div',
      { class: 'page-head' },
      h(
        'h2',
        { id: 'agenda-h', tabindex: '-1' },
        `${label('conference_kinds', kind)}　${formatWareki(on)}　議題（${built.length}件）`,
      ),
      h(
        'div',
        { class: 'actions no-print' },
        button('印刷（会議資料）', () => window.print(), 'quiet'),
      ),
    ),
    formAlert(),
    built.length
      ? null
      : h(
          'p',
          { class: 'empty-note' },
          WITH_AGENDA.has(kind)
            ? '議題に上がる案件はありません。'
            : 'この会議の種類には自動の議題はありません。ケースを追加してください。',
        ),
    list,
    others,
    h(
      'div',
      { class: 'no-print conference-meta' },
      place.root,
      chair.root,
      attendees.root,
      minutes.root,
      h('div', { class: 'form-actions' }, submit, h('p', { class: 'hint' }, DELIBERATE_SAVE_HINT)),
      confirmArea,
    ),
    printFoot(),
  );
  enterNeverSubmits(form);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const err = (f: string, m: string) => (bad = showFieldError(form, f, m, !bad) || bad);
    const decisions: Record<string, unknown>[] = [];
    const actions: Record<string, unknown>[] = [];
    const said: string[] = [];
    for (const l of built) {
      const d = decisionsOf(l);
      decisions.push(...d.decisions);
      said.push(...d.said);
      actions.push(...readActions(form, l, err));
    }
    if (bad) return;
    const caseLines = built.filter((l) => l.item.case_id);
    const body: Record<string, unknown> = {
      kind,
      held_on: on,
      case_ids: caseLines.map((l) => l.item.case_id),
      attendees: attendees.read(),
      decisions,
      actions,
    };
    const discussions = caseLines
      .filter((l) => l.discussion.value.trim())
      .map((l) => ({ case_id: l.item.case_id, text: l.discussion.value }));
    if (discussions.length) body.discussions = discussions;
    if (minutes.input.value.trim()) body.minutes = minutes.input.value;
    if (place.input.value.trim()) body.place = place.input.value.trim();
    if (chair.input.value) body.chair_id = chair.input.value;
    submit.disabled = true;
    confirmStep(confirmArea, {
      title: '会議の記録の確認',
      lines: [
        `${label('conference_kinds', kind)}（${formatWareki(on)}）、議題${built.length}件を記録します。`,
        ...said,
        actions.length ? `対応${actions.length}件を記録します（期限を過ぎるとアラートになります）。` : '',
      ].filter(Boolean),
      confirmText: '記録を確定する',
      onBack: () => {
        replace(confirmArea);
        submit.disabled = false;
        submit.focus();
      },
      onConfirm: async () => {
        try {
          const saved = await api.post<Conference>('/conferences', body, { signal: ctx.signal });
          setFlash({ message: '会議の記録を保存しました。' });
          navigate(conferencePath(saved.id));
        } catch (e) {
          if (isAbort(e) || ctx.signal.aborted) return;
          replace(confirmArea);
          submit.disabled = false;
          if (e instanceof ApiError && e.status === 409) showFormError(form, e.message);
          else showApiError(form, e);
        }
      },
    });
  });
  replace(area, form);
  form.querySelector<HTMLElement>('#agenda-h')?.focus();
}
