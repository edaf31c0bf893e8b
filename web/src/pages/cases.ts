// ケース一覧: the joint cases (one per household in support), one line each — the subjects with
// their designations, 要対協, lead, next review — filtered by designation, lead, 要対協 and status.
import { h, replace, setTitle } from '../dom';
import { selectField } from '../forms';
import { allPages } from '../health';
import { label } from '../labels';
import { codes, may } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import {
  casePath,
  categoryMark,
  loadPersons,
  personOf,
  loadStaff,
  staffName,
  subjectName,
  type CaseRecord,
} from '../cases';
import { linkButton, loading } from '../ui';
import { formatWareki, todayJst } from '../wareki';

const FILTERS = ['category', 'lead_id', 'youtaikyo', 'status'] as const;

function filterForm(ctx: RouteContext, staff: { id: string; name: string }[]): HTMLFormElement {
  const q = (k: string) => ctx.query.get(k) ?? '';
  const category = selectField({
    name: 'category',
    label: '区分',
    value: q('category'),
    placeholder: 'すべて',
    options: codes('case_categories').map((c) => ({ value: c.code, label: c.label })),
  });
  const lead = selectField({
    name: 'lead_id',
    label: '主担当',
    value: q('lead_id'),
    placeholder: 'すべて',
    options: staff.map((s) => ({ value: s.id, label: s.id === ctx.user.id ? `${s.name}（自分）` : s.name })),
  });
  const youtaikyo = selectField({
    name: 'youtaikyo',
    label: '要対協',
    value: q('youtaikyo'),
    placeholder: 'すべて',
    options: [
      { value: 'true', label: '登録あり' },
      { value: 'false', label: '登録なし' },
    ],
  });
  const status = selectField({
    name: 'status',
    label: '状態',
    value: ctx.query.has('status') ? q('status') : 'open',
    placeholder: 'すべて',
    options: codes('case_statuses').map((c) => ({ value: c.code, label: c.label })),
  });
  const form = h(
    'form',
    { class: 'filter-form no-print', role: 'search', 'aria-label': 'ケースの絞り込み' },
    category.root,
    lead.root,
    youtaikyo.root,
    status.root,
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, '絞り込む'),
      FILTERS.some((k) => ctx.query.has(k)) ? linkButton('#/cases', '条件を解除', 'quiet') : null,
    ),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate(
      href('/cases', {
        category: category.input.value,
        lead_id: lead.input.value,
        youtaikyo: youtaikyo.input.value,
        status: status.input.value || 'all',
      }).slice(1),
    );
  });
  return form;
}

export async function casesPage(ctx: RouteContext): Promise<void> {
  setTitle('ケース');
  replace(ctx.main, loading());
  const statusQ = ctx.query.get('status') ?? 'open';
  const query: Record<string, string> = {};
  for (const k of FILTERS) {
    const v = k === 'status' ? statusQ : ctx.query.get(k);
    if (v && v !== 'all') query[k] = v;
  }
  const [items, staff] = await Promise.all([
    allPages<CaseRecord>('/cases', query, ctx.signal, 2000, 200),
    loadStaff(ctx.user, ctx.signal),
  ]);
  if (ctx.signal.aborted) return;
  // Names the answers did not carry (read once each).
  const persons = await loadPersons(
    items.flatMap((c) => c.subjects.filter((s) => !personOf(s)).map((s) => s.person_id)),
    ctx.signal,
  );
  if (ctx.signal.aborted) return;
  const today = todayJst();
  const table = items.length
    ? h(
        'table',
        { class: 'table cases' },
        h('caption', { class: 'visually-hidden' }, 'ケース一覧'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, '対象者（区分）'),
            h('th', { scope: 'col' }, '要対協'),
            h('th', { scope: 'col' }, '主担当'),
            h('th', { scope: 'col' }, '次回見直し'),
            h('th', { scope: 'col' }, '状態'),
            h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, '操作')),
          ),
        ),
        h(
          'tbody',
          null,
          items.map((c) => {
            const names = c.subjects.map((s) => subjectName(s, persons)).join('、');
            const overdue = c.status === 'open' && !!c.next_review_on && c.next_review_on < today;
            return h(
              'tr',
              { class: overdue ? 'is-overdue' : undefined, 'data-case': c.id },
              h(
                'td',
                null,
                h(
                  'ul',
                  { class: 'subject-line' },
                  c.subjects.map((s) => h('li', null, subjectName(s, persons), categoryMark(s.category))),
                ),
              ),
              h(
                'td',
                null,
                c.subjects.some((s) => s.youtaikyo) ? h('span', { class: 'tag tag-pending' }, '登録') : '—',
              ),
              h('td', null, c.lead_name || staffName(staff, c.lead_id)),
              h(
                'td',
                { class: 'nowrap' },
                c.next_review_on ? formatWareki(c.next_review_on) : '—',
                overdue ? h('span', { class: 'tag tag-alert' }, '期限超過') : null,
              ),
              h('td', null, label('case_statuses', c.status)),
              h('td', null, h('a', { href: href(casePath(c.id)), 'aria-label': `${names}のケースを開く` }, '開く')),
            );
          }),
        ),
      )
    : h('p', { class: 'empty-note' }, '該当するケースはありません。');
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-cases' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, 'ケース'),
        h(
          'div',
          { class: 'actions no-print' },
          may('case_write') ? linkButton('#/cases/new', 'ケースを開く', 'primary') : null,
          may('case_write') ? linkButton('#/cases/new?transfer=1', '転入ケースを開く') : null,
          linkButton('#/board', '進行管理ボード', 'quiet'),
        ),
      ),
      filterForm(ctx, staff),
      h('p', { class: 'search-status', role: 'status' }, `${items.length}件`),
      table,
    ),
  );
}
