// 監査ログ (director, admin): who read or changed what, filter by person or user, page by page.
import { api } from '../api';
import { h, replace, setTitle } from '../dom';
import { label } from '../labels';
import { may } from '../meta';
import { href, navigate, type RouteContext } from '../router';
import type { AuditItem, List } from '../types';
import { linkButton, loading } from '../ui';
import { formatInstant } from '../wareki';

export async function auditPage(ctx: RouteContext): Promise<void> {
  setTitle('監査ログ');
  const personId = ctx.query.get('person_id') || '';
  const userId = ctx.query.get('user_id') || '';
  const cursor = ctx.query.get('cursor') || '';
  const page = Number(ctx.query.get('page') || '1') || 1;
  const canOpenPersons = may('person_read');

  const pInput = h('input', {
    id: 'audit-person',
    name: 'person_id',
    class: 'input input-medium',
    value: personId,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const uInput = h('input', {
    id: 'audit-user',
    name: 'user_id',
    class: 'input input-medium',
    value: userId,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const filter = h(
    'form',
    { class: 'filter-form', role: 'search', 'aria-label': '監査ログの絞り込み' },
    h('div', { class: 'field' }, h('label', { for: 'audit-person' }, '利用者ID'), pInput),
    h('div', { class: 'field' }, h('label', { for: 'audit-user' }, '職員ID'), uInput),
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, '絞り込む'),
      personId || userId ? linkButton('#/audit', '条件を解除', 'quiet') : null,
    ),
  );
  filter.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate(href('/audit', { person_id: pInput.value.trim(), user_id: uInput.value.trim() }).slice(1));
  });

  const body = h('div', null, loading());
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', { class: 'page-title', tabindex: '-1' }, '監査ログ')),
      h('p', { class: 'lead' }, '利用者の記録の閲覧・変更とログインの記録です。新しい順に表示します。'),
      filter,
      body,
    ),
  );

  const r = await api.get<List<AuditItem>>('/audit', {
    query: { person_id: personId, user_id: userId, cursor, limit: 50 },
    signal: ctx.signal,
  });
  if (ctx.signal.aborted) return;

  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'ページ' },
    h('span', { class: 'pager-page' }, `${page}ページ目`),
    page > 1 ? linkButton(href('/audit', { person_id: personId, user_id: userId }), '最初のページ', 'quiet') : null,
    r.next_cursor
      ? linkButton(
          href('/audit', { person_id: personId, user_id: userId, cursor: r.next_cursor, page: String(page + 1) }),
          '次のページ',
          'secondary',
        )
      : null,
  );

  replace(
    body,
    r.items.length === 0
      ? h('p', { class: 'empty-note' }, '該当する記録はありません。')
      : h(
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
              h('th', { scope: 'col' }, '利用者ID'),
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
                        { href: href('/audit', { user_id: a.user_id }), title: 'この職員の記録だけを表示' },
                        a.user_login || a.user_id,
                      )
                    : h('span', { class: 'muted' }, '—'),
                ),
                h('td', null, label('audit_actions', a.action)),
                h(
                  'td',
                  null,
                  a.object
                    ? [
                        label('audit_object_types', a.object.type),
                        a.object.id && a.object.id !== '-'
                          ? h('span', { class: 'mono muted' }, ` ${a.object.id}`)
                          : null,
                      ]
                    : '',
                ),
                h(
                  'td',
                  { class: 'mono' },
                  a.person_id
                    ? [
                        h(
                          'a',
                          { href: href('/audit', { person_id: a.person_id }), title: 'この利用者の記録だけを表示' },
                          a.person_id,
                        ),
                        canOpenPersons
                          ? [
                              ' ',
                              h(
                                'a',
                                { href: href(`/persons/${encodeURIComponent(a.person_id)}`), class: 'small-link' },
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
    pager,
  );
}
