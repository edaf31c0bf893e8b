// 利用者検索: the first screen staff see every morning. Type, arrow down, Enter.
import { h, replace, setTitle } from '../dom';
import { csvLinks } from '../components/csvLinks';
import { may } from '../meta';
import { createLiveSearch } from '../personSearch';
import { href, navigate, replaceQuietly, type RouteContext } from '../router';
import type { List, Person } from '../types';
import { button, errorText, linkButton, messageBox, sexShort } from '../ui';
import { personRowParts } from '../components/personRow';
import { listPrintFoot, listPrintHead } from '../components/listPrint';

export function searchPage(ctx: RouteContext): void {
  setTitle('利用者検索');
  const input = h('input', {
    id: 'person-q',
    name: 'q',
    type: 'search',
    class: 'input input-search',
    autocomplete: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
    placeholder: '例: さとう　はなこ／佐藤',
    'aria-describedby': 'person-q-hint',
    'aria-controls': 'person-results',
  });
  const status = h('p', { class: 'search-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const list = h('ul', { id: 'person-results', class: 'results', 'aria-label': '検索結果' });
  const more = h('div', { class: 'results-more' });
  const errorArea = h('div');
  // The printed header names the words searched for; renewed with every answer.
  const printHead = h('div');
  const setPrintHead = (q: string) =>
    replace(printHead, listPrintHead('利用者検索の結果', q ? `氏名・カナ「${q}」（先頭一致）` : '', ctx.user.name));

  const links = () => Array.from(list.querySelectorAll<HTMLAnchorElement>('a.result'));

  const item = (p: Person) => {
    const { name, kana, birth } = personRowParts(p);
    return h(
      'li',
      null,
      h(
        'a',
        { class: 'result', href: href(`/persons/${encodeURIComponent(p.id)}`) },
        h('span', { class: 'result-main' }, name, kana),
        h('span', { class: 'result-sub' }, birth, h('span', { class: 'result-sex' }, sexShort(p))),
      ),
    );
  };

  const showMore = (cursor: string | null) => {
    replace(
      more,
      cursor
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button-secondary',
              onClick: () => search.more(cursor, (r) => appendResults(r)),
            },
            'さらに表示',
          )
        : null,
    );
  };

  const appendResults = (r: List<Person>) => {
    const first = links().length;
    for (const p of r.items) list.appendChild(item(p));
    status.textContent = `${links().length}件${r.next_cursor ? '以上' : ''}見つかりました`;
    showMore(r.next_cursor);
    links()[first]?.focus();
  };

  const search = createLiveSearch({
    signal: ctx.signal,
    onStart: () => {
      replace(errorArea);
      status.textContent = '検索しています…';
      list.setAttribute('aria-busy', 'true');
    },
    onResults: (q, r) => {
      list.removeAttribute('aria-busy');
      setPrintHead(q);
      replace(list, r.items.map(item));
      showMore(r.next_cursor);
      if (r.items.length === 0) {
        status.textContent = `「${q}」に該当する利用者は見つかりませんでした`;
      } else {
        status.textContent = `${r.items.length}件${r.next_cursor ? '以上' : ''}見つかりました`;
      }
      if (pendingEnter) {
        pendingEnter = false;
        enter();
      }
    },
    onError: (_q, e) => {
      list.removeAttribute('aria-busy');
      pendingEnter = false;
      status.textContent = '';
      replace(errorArea, messageBox('error', errorText(e)));
    },
    onClear: () => {
      pendingEnter = false;
      list.removeAttribute('aria-busy');
      replace(list);
      replace(more);
      replace(errorArea);
      status.textContent = '';
    },
  });

  // Enter in the box: open the person when there is exactly one, else go to the first result.
  let pendingEnter = false;
  const enter = () => {
    const ls = links();
    if (ls.length === 1) navigate((ls[0] as HTMLAnchorElement).getAttribute('href') as string);
    else ls[0]?.focus();
  };

  input.addEventListener('input', () => {
    const q = input.value.trim();
    replaceQuietly(q ? `/persons?q=${encodeURIComponent(q)}` : '/persons');
    search.input(input.value);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.isComposing || ev.keyCode === 229) return; // IME conversion in progress
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      links()[0]?.focus();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      const q = input.value.trim();
      if (!q) return;
      if (search.busy() || search.shown() !== q) {
        pendingEnter = true;
        search.now(q);
      } else {
        enter();
      }
    } else if (ev.key === 'Escape' && input.value) {
      ev.preventDefault();
      input.value = '';
      replaceQuietly('/persons');
      search.input('');
    }
  });
  list.addEventListener('keydown', (ev) => {
    const ls = links();
    const i = ls.indexOf(document.activeElement as HTMLAnchorElement);
    if (i < 0) return;
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      (ls[i + 1] ?? ls[i])?.focus();
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (i === 0) input.focus();
      else ls[i - 1]?.focus();
    } else if (ev.key === 'Home') {
      ev.preventDefault();
      ls[0]?.focus();
    } else if (ev.key === 'End') {
      ev.preventDefault();
      ls[ls.length - 1]?.focus();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      input.focus();
    }
  });

  replace(
    ctx.main,
    h(
      'div',
      { class: 'page page-search' },
      printHead,
      h(
        'div',
        { class: 'page-head' },
        h('h1', { class: 'page-title', tabindex: '-1' }, '利用者検索'),
        h(
          'div',
          { class: 'actions no-print' },
          linkButton('#/persons/new', '新規登録', 'primary'),
          may('council_export') ? csvLinks('/api/v1/persons?format=csv', '名簿CSV（協議会用）') : null,
        ),
      ),
      h(
        'form',
        { class: 'search-form no-print', role: 'search', onSubmit: (ev: Event) => ev.preventDefault() },
        h('label', { for: 'person-q', class: 'search-label' }, '氏名・カナで検索'),
        input,
        h(
          'p',
          { id: 'person-q-hint', class: 'hint' },
          'ひらがな・カタカナ・漢字で、姓・名・フルネームの先頭から探せます。↓キーで結果に移り、Enterで開きます。',
        ),
      ),
      errorArea,
      status,
      list,
      more,
      // After the results: the search box stays the second stop from the top (type, ↓, Enter).
      h(
        'div',
        { class: 'actions no-print' },
        button('結果を印刷', () => window.print(), 'quiet'),
      ),
      listPrintFoot(),
    ),
  );

  const initial = ctx.query.get('q') || '';
  setPrintHead(initial.trim());
  input.value = initial;
  input.focus();
  if (initial.trim()) search.now(initial);
}
