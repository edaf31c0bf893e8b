// The household the intake proposes (通告受付の後): the children and guardians named in a call,
// when they are not already members of one household, offered as one — a new household, or the
// current household of a child with the others added — each with a relation the user confirms.
// Nothing is written until the user presses 登録する; 登録しない leaves the records as they are.
import { api, isAbort, seg } from '../api';
import { h, uid } from '../dom';
import { formAlert, selectField, showApiError } from '../forms';
import { codes } from '../meta';
import type { Household, PersonDetail, PersonSummary, Relation } from '../types';
import { fullName } from '../ui';
import { todayJst } from '../wareki';

export interface NamedPerson {
  person: PersonSummary;
  /** As said at the intake: 子ども, or the guardian's 続柄 (実母 …). */
  role: string;
  /** The child or the guardian: the relation proposed from it. */
  guardian: boolean;
}

/** A guardian's 続柄 as said at the intake → the household's relation. */
export function relationOf(n: NamedPerson): Relation {
  if (!n.guardian) return 'child';
  if (/母/.test(n.role) && !/祖母|交際/.test(n.role)) return 'mother';
  if (/父/.test(n.role) && !/祖父|交際/.test(n.role)) return 'father';
  if (/交際/.test(n.role)) return 'partner';
  if (/祖/.test(n.role)) return 'grandparent';
  return 'other';
}

interface CurrentHousehold {
  id: string;
  name: string | null;
  memberIds: Set<string>;
}

function currentHouseholds(details: PersonDetail[]): CurrentHousehold[] {
  const today = todayJst();
  const byId = new Map<string, CurrentHousehold>();
  for (const d of details)
    for (const m of d.households) {
      if (m.to && m.to < today) continue;
      const hh = byId.get(m.household_id) ?? { id: m.household_id, name: m.name, memberIds: new Set<string>() };
      hh.memberIds.add(d.id);
      byId.set(m.household_id, hh);
    }
  return [...byId.values()];
}

/**
 * The proposal for these persons, or null when there is nothing to propose (fewer than two, or
 * already together in one current household). `done(message)` is called after the household was
 * registered (message) or the user declined (null).
 */
export async function householdProposal(
  named: readonly NamedPerson[],
  signal: AbortSignal,
  done: (message: string | null) => void,
): Promise<HTMLElement | null> {
  const unique = named.filter((n, i) => named.findIndex((m) => m.person.id === n.person.id) === i);
  if (unique.length < 2) return null;
  const details = await Promise.all(
    unique.map((n) => api.get<PersonDetail>(`/persons/${seg(n.person.id)}`, { signal })),
  );
  const households = currentHouseholds(details);
  if (households.some((hh) => unique.every((n) => hh.memberIds.has(n.person.id)))) return null;
  // A child's current household, to add the others to; otherwise a new one.
  const childHousehold = households.find((hh) => unique.some((n) => !n.guardian && hh.memberIds.has(n.person.id)));

  const headId = uid('hp-h');
  const relationOptions = codes('relations').map((r) => ({ value: r.code, label: r.label }));
  const rows = unique.map((n, i) => {
    const inHousehold = childHousehold?.memberIds.has(n.person.id) ?? false;
    const sel = selectField({
      name: `members[${i}].relation`,
      label: `${fullName(n.person) || '（氏名未登録）'}の続柄`,
      value: relationOf(n),
      options: relationOptions,
    });
    return { n, sel, inHousehold };
  });
  const familyName = unique.find((n) => !n.guardian)?.person.family_name ?? unique[0]?.person.family_name ?? '';
  const modeName = uid('hp-mode');
  const radio = (value: 'new' | 'add', text: string, checked: boolean) => {
    const id = uid('hp-radio');
    return h(
      'span',
      { class: 'radio' },
      h('input', { type: 'radio', id, name: modeName, value, checked }),
      h('label', { for: id }, text),
    );
  };
  const save = h('button', { type: 'button', class: 'button button-primary' }, 'この内容で世帯を登録する');
  const skip = h('button', { type: 'button', class: 'button button-quiet' }, '世帯は登録しない');
  const box = h(
    'section',
    { class: 'section-block household-proposal', 'aria-labelledby': headId, 'data-testid': 'household-proposal' },
    h('h2', { id: headId, tabindex: '-1' }, '世帯の登録（提案）'),
    h(
      'p',
      null,
      'この通告で名前の出た子どもと保護者は、まだ1つの世帯として登録されていません。続柄を確かめて登録してください。',
    ),
    formAlert(),
    h(
      'table',
      { class: 'table proposal-members' },
      h('caption', { class: 'visually-hidden' }, '世帯の構成員（提案）'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, '氏名'),
          h('th', { scope: 'col' }, '受付での立場'),
          h('th', { scope: 'col' }, '世帯での続柄'),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            h(
              'th',
              { scope: 'row', class: 'nowrap' },
              fullName(r.n.person) || '（氏名未登録）',
              r.inHousehold ? h('span', { class: 'muted' }, '（この世帯の構成員）') : null,
            ),
            h('td', null, r.n.role),
            h('td', null, r.sel.root),
          ),
        ),
      ),
    ),
    childHousehold
      ? h(
          'fieldset',
          { class: 'field field-group' },
          h('legend', { class: 'field-label' }, '登録のしかた'),
          h(
            'div',
            { class: 'radios' },
            radio('add', `子どもの今の世帯「${childHousehold.name || '名称なし'}」に加える`, true),
            radio('new', '新しい世帯として登録する', false),
          ),
        )
      : null,
    h('div', { class: 'form-actions' }, save, skip),
  );

  const mode = (): 'new' | 'add' =>
    box.querySelector<HTMLInputElement>(`input[name="${modeName}"]:checked`)?.value === 'add' && childHousehold
      ? 'add'
      : 'new';

  const register = async () => {
    save.disabled = true;
    const today = todayJst();
    try {
      if (mode() === 'add' && childHousehold) {
        const hh = await api.get<Household>(`/households/${seg(childHousehold.id)}`, { signal });
        const kept = hh.members.map((m) => {
          const row = rows.find((r) => r.n.person.id === m.person_id && !m.to);
          return {
            person_id: m.person_id,
            relation: (row ? row.sel.input.value : m.relation) as Relation,
            from: m.from,
            to: m.to,
          };
        });
        const added = rows
          .filter((r) => !hh.members.some((m) => m.person_id === r.n.person.id && !m.to))
          .map((r) => ({ person_id: r.n.person.id, relation: r.sel.input.value as Relation, from: today }));
        await api.patch<Household>(`/households/${seg(hh.id)}`, { members: [...kept, ...added] }, hh.version, {
          signal,
        });
        done(`世帯「${hh.name || '名称なし'}」に ${added.length}人を加えました。`);
      } else {
        const hh = await api.post<Household>(
          '/households',
          {
            name: familyName ? `${familyName}家` : null,
            members: rows.map((r) => ({
              person_id: r.n.person.id,
              relation: r.sel.input.value as Relation,
              from: today,
            })),
          },
          { signal },
        );
        done(`世帯「${hh.name || '名称なし'}」を登録しました（${rows.length}人）。`);
      }
    } catch (e) {
      if (!isAbort(e) && !signal.aborted) showApiError(box, e);
    } finally {
      save.disabled = false;
    }
  };
  save.addEventListener('click', () => void register());
  skip.addEventListener('click', () => done(null));
  return box;
}
