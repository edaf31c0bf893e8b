// 虐待相談・通告受付票: the intake of a call, quick enough to fill in while on the phone, by
// keyboard only. Defaults: 虐待通告, received now (to the minute), taken by me. Children and
// guardians are searched as you type and, when new to the center, registered on the spot.
import { api, isAbort, seg } from '../api';
import { h, pageHeading, replace, setTitle, uid } from '../dom';
import { setFlash } from '../flash';
import {
  checkField,
  clearErrors,
  DELIBERATE_SAVE_HINT,
  enterNeverSubmits,
  formAlert,
  instantField,
  selectField,
  showApiError,
  showFieldError,
  textArea,
  textField,
} from '../forms';
import { personPicker, type PersonPicker } from '../personPicker';
import { navigate, type RouteContext } from '../router';
import type { PersonDetail, PersonSummary, Report, ReportInput, ReportKind, Reporter } from '../types';
import { linkButton, loading, messageBox } from '../ui';
import { GUARDIAN_RELATIONS, reportPath } from '../welfare';
import { label } from '../labels';
import { codes } from '../meta';
import { formatWareki, jstDateTime } from '../wareki';
import { formPage } from '../components/formPage';
import { householdProposal, type NamedPerson } from '../components/householdProposal';

/** The server refuses a call received more than a day ahead (a PC's wrong clock) or before 1900. */
const AHEAD_MS = 24 * 3600 * 1000;
const EARLIEST = Date.parse('1900-01-01T00:00:00+09:00');

interface ChildSlot {
  picker: PersonPicker;
  li: HTMLElement;
}

interface GuardianSlot {
  picker: PersonPicker;
  relation: HTMLSelectElement;
  li: HTMLElement;
}

/** A slot with text typed in its search or an unsaved 新規登録 form, but nobody chosen. */
function unfinished(root: HTMLElement): boolean {
  if (root.querySelector('.picker-create')) return true;
  const q = root.querySelector<HTMLInputElement>('input[type="search"]');
  return !!q && q.value.trim() !== '';
}

function kindGroup(initial: ReportKind, onChange: (k: ReportKind) => void): HTMLElement {
  const legendId = uid('legend');
  return h(
    'fieldset',
    { class: 'field field-group', 'aria-labelledby': legendId },
    h('legend', { id: legendId, class: 'field-label' }, '受付の種類', h('span', { class: 'req' }, '必須')),
    h(
      'div',
      { class: 'radios' },
      codes('report_kinds').map(({ code, label: text }) => {
        const k = code as ReportKind;
        const id = uid('kind');
        return h(
          'span',
          { class: 'radio' },
          h('input', {
            type: 'radio',
            id,
            name: 'kind',
            value: k,
            checked: k === initial,
            'data-field': k === 'abuse_report' ? 'kind' : undefined,
            onChange: () => onChange(k),
          }),
          h('label', { for: id }, text),
        );
      }),
    ),
  );
}

export async function newReportPage(ctx: RouteContext): Promise<void> {
  setTitle('虐待相談・通告受付票');
  const childId = ctx.query.get('child');
  let firstChild: PersonSummary | null = null;
  if (childId) {
    replace(ctx.main, loading());
    firstChild = await api.get<PersonDetail>(`/persons/${seg(childId)}`, { signal: ctx.signal });
    if (ctx.signal.aborted) return;
  }

  let kind: ReportKind = 'abuse_report';
  // Now, to the minute (editable: a call noted down after it ended).
  const received = instantField({
    name: 'received_at',
    label: '受付日時',
    value: new Date().toISOString(),
    required: true,
  });

  const route = selectField({
    name: 'route',
    label: '経路（通告・相談をしてきた人・機関）',
    required: true,
    placeholder: '選んでください',
    options: codes('report_routes').map((r) => ({ value: r.code, label: r.label })),
  });

  // --- Children (siblings: several) and guardians.
  const childList = h('ol', { class: 'person-slots' });
  const children: ChildSlot[] = [];
  const addChildButton = h(
    'button',
    { type: 'button', class: 'button button-secondary no-print' },
    '子どもを追加（きょうだい）',
  );

  const drawChildren = () => {
    children.forEach((s, i) => {
      s.picker.root.setAttribute('data-field', `child-slot-${i}`);
      const remove = s.li.querySelector<HTMLButtonElement>('.slot-remove');
      if (remove) remove.hidden = children.length < 2;
    });
    replace(
      childList,
      children.map((s) => s.li),
    );
  };
  const makeChild = (initial: PersonSummary | null, focusNext: boolean): ChildSlot => {
    const n = children.length + 1;
    const picker = personPicker({
      name: `child-slot-${n - 1}`,
      label: `子ども ${n}`,
      required: n === 1,
      initial,
      create: true,
      createChildFields: true,
      signal: ctx.signal,
      onChosen: () => {
        if (focusNext) addChildButton.focus();
      },
    });
    const slot: ChildSlot = { picker, li: h('li', { class: 'person-slot' }) };
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'button button-quiet slot-remove no-print',
        onClick: () => {
          // Rebuild the remaining slots so that they are numbered 子ども 1, 2, … again.
          const keep = children.filter((c) => c !== slot).map((c) => c.picker.value());
          children.length = 0;
          for (const p of keep) children.push(makeChild(p, true));
          drawChildren();
          addChildButton.focus();
        },
      },
      `子ども ${n} を外す`,
    );
    replace(slot.li, picker.root, h('div', { class: 'slot-actions' }, remove));
    return slot;
  };
  children.push(makeChild(firstChild, true));
  addChildButton.addEventListener('click', () => {
    children.push(makeChild(null, true));
    drawChildren();
    children[children.length - 1]?.picker.focus();
  });
  drawChildren();

  const guardianList = h('ol', { class: 'person-slots' });
  const guardians: GuardianSlot[] = [];
  const addGuardianButton = h('button', { type: 'button', class: 'button button-secondary no-print' }, '保護者を追加');
  const drawGuardians = () => {
    guardians.forEach((s, i) => {
      s.picker.root.setAttribute('data-field', `guardians[${i}].person_id`);
      s.relation.setAttribute('data-field', `guardians[${i}].relation`);
    });
    replace(
      guardianList,
      guardians.length
        ? guardians.map((s) => s.li)
        : h('li', { class: 'empty-note' }, '保護者は登録されていません（わからなければ空欄のまま）。'),
    );
  };
  const makeGuardian = (initial: PersonSummary | null, relation: string): GuardianSlot => {
    const n = guardians.length + 1;
    const rel = selectField({
      name: `guardians[${n - 1}].relation`,
      label: `保護者 ${n} の続柄`,
      value: relation,
      placeholder: '選んでください',
      options: GUARDIAN_RELATIONS.map((r) => ({ value: r, label: r })),
    });
    const picker = personPicker({
      name: `guardians[${n - 1}].person_id`,
      label: `保護者 ${n}`,
      initial,
      create: true,
      signal: ctx.signal,
      onChosen: () => rel.input.focus(),
    });
    const slot: GuardianSlot = { picker, relation: rel.input, li: h('li', { class: 'person-slot' }) };
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'button button-quiet slot-remove no-print',
        onClick: () => {
          const keep = guardians.filter((g) => g !== slot).map((g) => ({ p: g.picker.value(), rel: g.relation.value }));
          guardians.length = 0;
          for (const k of keep) guardians.push(makeGuardian(k.p, k.rel));
          drawGuardians();
          addGuardianButton.focus();
        },
      },
      `保護者 ${n} を外す`,
    );
    replace(slot.li, picker.root, rel.root, h('div', { class: 'slot-actions' }, remove));
    return slot;
  };
  guardians.push(makeGuardian(null, ''));
  addGuardianButton.addEventListener('click', () => {
    guardians.push(makeGuardian(null, ''));
    drawGuardians();
    guardians[guardians.length - 1]?.picker.focus();
  });
  drawGuardians();

  // --- What happened.
  const typesReq = h('span', { class: 'req' }, '必須');
  const types = codes('abuse_types').map((t) => ({
    code: t.code,
    f: checkField({ name: `abuse_types.${t.code}`, label: t.label }),
  }));
  const typesLegend = uid('legend');
  const typesGroup = h(
    'fieldset',
    { class: 'field field-group', 'aria-labelledby': typesLegend, 'data-field': 'abuse_types', tabindex: '-1' },
    h('legend', { id: typesLegend, class: 'field-label' }, '虐待の種別', typesReq),
    h(
      'div',
      { class: 'check-grid check-grid-types' },
      types.map((t) => t.f.root),
    ),
    h('p', { class: 'hint' }, '虐待通告では1つ以上選んでください（複数可）。'),
  );
  const perp = selectField({
    name: 'main_perpetrator',
    label: '主たる虐待者',
    placeholder: '不明・選ばない',
    options: codes('perpetrators').map((p) => ({ value: p.code, label: p.label })),
  });
  const summary = textArea({
    name: 'summary',
    label: '主訴（通告・相談の内容）',
    rows: 6,
    maxlength: 20000,
    hint: 'いつ・どこで・誰が・何を見聞きしたか、子どもの今の様子',
  });
  const urgent = checkField({
    name: 'urgent',
    label: '緊急対応が必要',
    hint: 'すぐに安全確認・保護の検討が必要なとき',
  });

  // --- Reporter.
  const anonymous = checkField({ name: 'reporter.anonymous', label: '匿名（氏名・連絡先を明かさない）' });
  const repName = textField({ name: 'reporter.name', label: '通告者の氏名', maxlength: 100, size: 'medium' });
  const repRelation = textField({
    name: 'reporter.relation',
    label: '子どもとの関係・立場',
    maxlength: 100,
    size: 'medium',
    hint: '例: 担任、近隣住民、母方の祖母',
  });
  const repContact = textField({
    name: 'reporter.contact',
    label: '通告者の連絡先',
    maxlength: 200,
    size: 'medium',
    hint: '電話番号など',
  });
  const repIntent = textArea({
    name: 'reporter.intent',
    label: '通告者の意向',
    rows: 2,
    maxlength: 20000,
    hint: '例: 通告したことを家族に知られたくない、対応の結果を知らせてほしい',
  });
  const syncAnonymous = () => {
    const off = anonymous.input.checked;
    repName.input.disabled = off;
    repContact.input.disabled = off;
  };
  anonymous.input.addEventListener('change', syncAnonymous);

  const setKind = (k: ReportKind) => {
    kind = k;
    typesReq.hidden = k !== 'abuse_report';
    h1.textContent = k === 'abuse_report' ? '虐待相談・通告受付票' : '虐待相談・通告受付票（相談）';
  };
  const h1 = pageHeading('虐待相談・通告受付票');

  const submit = h(
    'button',
    { type: 'submit', class: 'button button-primary', 'aria-describedby': 'intake-submit-hint' },
    '受け付ける（保存）',
  );
  const form = h(
    'form',
    { class: 'form form-intake', novalidate: true, 'aria-labelledby': 'intake-title' },
    formAlert(),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '受付'),
      kindGroup(kind, setKind),
      received.root,
      h(
        'div',
        { class: 'field' },
        h('span', { class: 'field-label' }, '受付者'),
        h('p', { class: 'static-value' }, `${ctx.user.name}（ログイン中の職員）`),
      ),
      route.root,
    ),
    h(
      'fieldset',
      { class: 'form-section field-group', 'data-field': 'child_ids', tabindex: '-1' },
      h('legend', null, '子ども'),
      h(
        'p',
        { class: 'hint' },
        '氏名・カナで探し、見つからなければ「新規登録」でこの場で登録します。きょうだいは「子どもを追加」で。',
      ),
      childList,
      addChildButton,
    ),
    h('fieldset', { class: 'form-section' }, h('legend', null, '保護者'), guardianList, addGuardianButton),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '内容'),
      typesGroup,
      perp.root,
      summary.root,
      h('div', { class: 'field-urgent' }, urgent.root),
    ),
    h(
      'fieldset',
      { class: 'form-section' },
      h('legend', null, '通告者（相談者）'),
      anonymous.root,
      h('div', { class: 'row' }, repName.root, repRelation.root),
      repContact.root,
      repIntent.root,
    ),
    h(
      'div',
      { class: 'form-actions' },
      submit,
      linkButton('#/reports', 'キャンセル', 'quiet'),
      h('p', { class: 'hint', id: 'intake-submit-hint' }, DELIBERATE_SAVE_HINT),
    ),
  );

  // Enter in a one-line input must not save a half-taken call; Ctrl+Enter saves.
  enterNeverSubmits(form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    let bad = false;
    const err = (field: string, msg: string) => {
      bad = showFieldError(form, field, msg, !bad) || bad;
    };
    const at = received.read();
    if (!received.date.value.trim()) {
      err('received_at', '受付日を入力してください');
    } else if (!received.time.value.trim()) {
      err('received_at.time', '受付時刻を入力してください');
    } else if ('bad' in at) {
      if (at.bad === 'date') err('received_at', '受付日は 2026-11-20 の形で、実在する日付を入力してください');
      else err('received_at.time', '受付時刻は 17:05 のように 24時間制で入力してください');
    } else if (Date.parse(at.at) > Date.now() + AHEAD_MS) {
      err('received_at', '受付日時が未来になっています（翌日以降）');
    } else if (Date.parse(at.at) < EARLIEST) {
      err('received_at', '1900年1月1日より前の受付日時は入力できません');
    }
    if (!route.input.value) err('route', '経路を選んでください');

    // Children: the chosen ones, in order; data-field child_ids[k] names the k-th sent.
    const childIds: string[] = [];
    children.forEach((s, i) => {
      const p = s.picker.value();
      if (p) {
        s.picker.root.setAttribute('data-field', `child_ids[${childIds.length}]`);
        childIds.push(p.id);
      } else {
        s.picker.root.setAttribute('data-field', `child-slot-${i}`);
        if (unfinished(s.picker.root)) err(`child-slot-${i}`, '候補から選ぶか、「新規登録」で登録してください');
      }
    });
    if (!childIds.length && !unfinished(children[0]?.picker.root ?? form))
      err('child-slot-0', '子どもを1人以上選んでください');

    const gs: { person_id: string; relation?: string }[] = [];
    const named: NamedPerson[] = children
      .map((s) => s.picker.value())
      .filter((p): p is PersonSummary => !!p)
      .map((p) => ({ person: p, role: '子ども', guardian: false }));
    guardians.forEach((s, i) => {
      const p = s.picker.value();
      if (p) named.push({ person: p, role: s.relation.value || '保護者', guardian: true });
      if (p) {
        s.picker.root.setAttribute('data-field', `guardians[${gs.length}].person_id`);
        s.relation.setAttribute('data-field', `guardians[${gs.length}].relation`);
        gs.push(s.relation.value ? { person_id: p.id, relation: s.relation.value } : { person_id: p.id });
      } else {
        s.picker.root.setAttribute('data-field', `guardian-slot-${i}`);
        s.relation.setAttribute('data-field', `guardian-slot-${i}.relation`);
        if (unfinished(s.picker.root)) err(`guardian-slot-${i}`, '候補から選ぶか、「新規登録」で登録してください');
      }
    });

    const abuseTypes = types.filter((t) => t.f.input.checked).map((t) => t.code);
    if (kind === 'abuse_report' && !abuseTypes.length) err('abuse_types', '虐待の種別を1つ以上選んでください');
    if (bad || 'bad' in at) return;

    const rep: Reporter = { anonymous: anonymous.input.checked };
    const put = (k: 'name' | 'relation' | 'contact' | 'intent', v: string) => {
      if (v.trim()) rep[k] = v.trim();
    };
    if (!anonymous.input.checked) {
      put('name', repName.input.value);
      put('contact', repContact.input.value);
    }
    put('relation', repRelation.input.value);
    put('intent', repIntent.input.value);

    const body: ReportInput = {
      kind,
      received_at: at.at,
      route: route.input.value as ReportInput['route'],
      abuse_types: abuseTypes as ReportInput['abuse_types'],
      child_ids: childIds,
      urgent: urgent.input.checked,
    };
    if (gs.length) body.guardians = gs;
    if (perp.input.value) body.main_perpetrator = perp.input.value as ReportInput['main_perpetrator'];
    if (summary.input.value.trim()) body.summary = summary.input.value;
    if (Object.keys(rep).length > 1 || rep.anonymous) body.reporter = rep;

    submit.disabled = true;
    try {
      const r = await api.post<Report>('/reports', body, { signal: ctx.signal });
      const saved = `${r.kind_label || label('report_kinds', kind)}を受け付けました（${formatWareki(jstDateTime(r.received_at).date)} ${jstDateTime(r.received_at).time}）。`;
      const open = (household: string | null) => {
        setFlash({ message: household ? `${saved}${household}` : saved });
        navigate(reportPath(r.id));
      };
      // The report is saved; the household is proposed after it, never in its way.
      const proposal = await householdProposal(named, ctx.signal, open).catch((e) => {
        if (isAbort(e)) throw e;
        return null;
      });
      if (ctx.signal.aborted) return;
      if (!proposal) return open(null);
      form.replaceWith(h('div', { class: 'intake-saved' }, messageBox('success', saved), proposal));
      proposal.querySelector<HTMLElement>('h2')?.focus();
    } catch (e) {
      if (!isAbort(e) && !ctx.signal.aborted) showApiError(form, e);
    } finally {
      submit.disabled = false;
    }
  });

  h1.id = 'intake-title';
  replace(
    ctx.main,
    formPage(
      {
        title: h1,
        crumbs: [h('a', { href: '#/reports' }, '通告・相談'), '新規受付'],
        classes: ['page-wide', 'page-intake'],
      },
      h(
        'p',
        { class: 'lead' },
        '電話を受けながら入力できます。Tab で次の項目へ、Space でチェック、矢印キーで選択肢を切り替えます。',
      ),
      form,
    ),
  );
  form.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.focus();
}
