// 監査ログ (director, admin): who read or changed what — staff and persons by name, filtered by
// person (a person's page links here with 「閲覧記録」), by staff member and by period, page by
// page; the filter is kept in the address. Names come in the answer (GET /audit), whose reading
// the server audits; the admin, who reads no case content, sees the persons' ids only.
import { api, isAbort } from '../api';
import { h, replace, setTitle } from '../dom';
import { dateField, readDate, selectField, showFieldError, clearErrors, textField } from '../forms';
import { label } from '../labels';
import { may } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import type { AuditItem, List, User } from '../types';
import { button, fullName, linkButton, loading } from '../ui';
import { listPrintFoot, listPrintHead } from '../components/listPrint';
import { formatInstant, formatWareki } from '../wareki';

interface AuditFilter {
  person_id: string;
  user_id: string;
  from: string;
  to: string;
}

const filterQuery = (f: AuditFilter, extra: Record<string, string> = {}) => ({ ...f, ...extra });

async function staffList(signal: AbortSignal): Promise<User[]> {
  try {
    const r = await api.get<List<User>>('/users', { query: { limit: 500 }, signal });
    return r.items;
  } catch (e) {
    if (isAbort(e)) throw e;
    return [];
  }
}

function personText(a: AuditItem): string {
  return a.person_name ? fullName(a.person_name) || a.person_id || '' : a.person_id || '';
}

function staffText(a: AuditItem): string {
  if (!a.user_id) return 'システム';
  return a.user_name ? `${a.user_name}（${a.user_login ?? ''}）` : a.user_login || a.user_id;
}

function periodText(f: AuditFilter): string {
  if (!f.from && !f.to) return '';
  return `${f.from ? formatWareki(f.from) : ''}〜${f.to ? formatWareki(f.to) : ''}`;
}

/** The filter in words, for the printed header. */
function auditFilterText(f: AuditFilter, staff: User[], person: AuditItem | undefined): string {
  const parts: string[] = [];
  if (f.person_id) parts.push(`利用者 ${person ? personText(person) : f.person_id}`);
  if (f.user_id) {
    const u = staff.find((x) => x.id === f.user_id);
    parts.push(`職員 ${u ? `${u.name}（${u.login}）` : f.user_id}`);
  }
  const period = periodText(f);
  if (period) parts.push(`期間 ${period}`);
  parts.push('新しい順'); // the page number prints below the list (the pager)
  return parts.join('・');
}

export async function auditPage(ctx: RouteContext): Promise<void> {
  setTitle('監査ログ');
  const f: AuditFilter = {
    person_id: ctx.query.get('person_id') || '',
    user_id: ctx.query.get('user_id') || '',
    from: ctx.query.get('from') || '',
    to: ctx.query.get('to') || '',
  };
  const cursor = ctx.query.get('cursor') || '';
  const page = Number(ctx.query.get('page') || '1') || 1;
  const canOpenPersons = may('person_read');
  replace(ctx.main, loading());
  const [staff, r] = await Promise.all([
    staffList(ctx.signal),
    api.get<List<AuditItem>>('/audit', { query: { ...f, cursor, limit: 50 }, signal: ctx.signal }),
  ]);
  if (ctx.signal.aborted) return;

  const staffSel = selectField({
    name: 'user_id',
    label: '職員',
    value: f.user_id,
    placeholder: 'すべての職員',
    options: staff.map((u) => ({ value: u.id, label: `${u.name}（${u.login}）` })),
  });
  const from = dateField({ name: 'from', label: '期間（から）', value: f.from, inline: true });
  const to = dateField({ name: 'to', label: '期間（まで）', value: f.to, inline: true });
  const personName = r.items.find((a) => a.person_id === f.person_id);
  const personFilter = f.person_id
    ? h(
        'div',
        { class: 'field audit-person-filter' },
        h('span', { class: 'field-label' }, '利用者'),
        h(
          'p',
          { class: 'static-value' },
          personName ? personText(personName) : f.person_id,
          ' ',
          linkButton(href('/audit', filterQuery({ ...f, person_id: '' })), 'この利用者の絞り込みを外す', 'quiet'),
        ),
      )
    : null;
  // Without a person chosen on a person's page, the id can be typed (the admin opens no person's page).
  const personId = f.person_id ? null : textField({ name: 'person_id', label: '利用者ID', value: '', size: 'medium' });
  const filter = h(
    'form',
    { class: 'filter-form no-print', role: 'search', 'aria-label': '監査ログの絞り込み', novalidate: true },
    personFilter,
    personId?.root,
    staffSel.root,
    from.root,
    to.root,
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, '絞り込む'),
      f.person_id || f.user_id || f.from || f.to ? linkButton('#/audit', '条件を解除', 'quiet') : null,
    ),
  );
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(filter);
    const a = readDate(from.input);
    const b = readDate(to.input);
    let bad = false;
    if (a === null) bad = showFieldError(filter, 'from', '日付は 2026-11-20 の形で入力してください', !bad) || bad;
    if (b === null) bad = showFieldError(filter, 'to', '日付は 2026-11-20 の形で入力してください', !bad) || bad;
    if (!bad && a && b && b < a) bad = showFieldError(filter, 'to', '期間の終わりは始まりより後にしてください', true);
    if (bad) return;
    navigate(
      href(
        '/audit',
        filterQuery({
          person_id: f.person_id || personId?.input.value.trim() || '',
          user_id: staffSel.input.value,
          from: a || '',
          to: b || '',
        }),
      ).slice(1),
    );
  });

  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'ページ' },
    h('span', { class: 'pager-page' }, `${page}ページ目`),
    page > 1 ? linkButton(href('/audit', filterQuery(f)), '最初のページ', 'quiet') : null,
    r.next_cursor
      ? linkButton(
          href('/audit', filterQuery(f, { cursor: r.next_cursor, page: String(page + 1) })),
          '次のページ',
          'secondary',
        )
      : null,
  );

  const heading = f.person_id && personName ? `監査ログ　${personText(personName)}さんの閲覧記録` : '監査ログ';
  setTitle(heading);
  const period = periodText(f);
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-audit' },
      listPrintHead('監査ログ', auditFilterText(f, staff, personName), ctx.user.name),
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, heading),
        h(
          'div',
          { class: 'actions no-print' },
          button('一覧を印刷', () => window.print(), 'quiet'),
        ),
      ),
      h(
        'p',
        { class: 'lead' },
        '利用者の記録の閲覧・変更とログインの記録です。新しい順に表示します。',
        period ? `（期間: ${period}）` : '',
      ),
      filter,
      r.items.length === 0
        ? h('p', { class: 'empty-note' }, '該当する記録はありません。')
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table audit' },
              h('caption', { class: 'visually-hidden' }, '監査ログ'),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, '日時'),
                  h('th', { scope: 'col' }, '職員'),
                  h('th', { scope: 'col' }, '操作'),
                  h('th', { scope: 'col' }, '対象'),
                  h('th', { scope: 'col' }, '利用者'),
                ),
              ),
              h(
                'tbody',
                null,
                r.items.map((a) =>
                  h(
                    'tr',
                    null,
                    h('td', { class: 'nowrap' }, h('time', { datetime: a.at }, formatInstant(a.at, { seconds: true }))),
                    h(
                      'td',
                      null,
                      a.user_id
                        ? h(
                            'a',
                            {
                              href: href('/audit', filterQuery(f, { user_id: a.user_id })),
                              title: 'この職員の記録だけを表示',
                            },
                            staffText(a),
                          )
                        : h('span', { class: 'muted' }, staffText(a)),
                    ),
                    h('td', { class: 'nowrap' }, label('audit_actions', a.action)),
                    h(
                      'td',
                      null,
                      label('audit_object_types', a.object.type),
                      a.object.id && a.object.id !== '-' && a.object.id !== a.person_id
                        ? h('span', { class: 'mono muted small' }, ` ${a.object.id}`)
                        : null,
                    ),
                    h(
                      'td',
                      null,
                      a.person_id
                        ? [
                            h(
                              'a',
                              {
                                href: href('/audit', filterQuery(f, { person_id: a.person_id })),
                                title: 'この利用者の記録だけを表示',
                                class: a.person_name ? 'nowrap' : 'mono',
                              },
                              personText(a),
                            ),
                            canOpenPersons
                              ? [
                                  ' ',
                                  h(
                                    'a',
                                    {
                                      href: href(`/persons/${encodeURIComponent(a.person_id)}`),
                                      class: 'small-link nowrap no-print',
                                    },
                                    '記録を開く',
                                  ),
                                ]
                              : null,
                          ]
                        : '',
                    ),
                  ),
                ),
              ),
            ),
          ),
      pager,
      listPrintFoot(),
    ),
  );
}
