// つなぐ (tsunagu) — the browser UI: session, app shell, navigation by role, hash routing.
import './styles.css';
import { ApiError, api, isAbort, onUnauthorized, setCsrfToken } from './api';
import { h, replace, setTitle } from './dom';
import { clearFlash } from './flash';
import { label } from './labels';
import { clearMeta, loadMeta, may } from './meta';
import { onCallPage } from './pages/onCall';
import { alertsPage } from './pages/alerts';
import { auditPage } from './pages/audit';
import { boardPage } from './pages/board';
import { importPage } from './pages/import';
import { duplicatesPage, mergePage } from './pages/duplicates';
import { ledgerPage } from './pages/ledger';
import { partnerCasePage, partnerCasesPage } from './pages/partner';
import { agenciesPage } from './pages/agencies';
import { casePage } from './pages/case';
import { newCasePage } from './pages/caseForm';
import { casesPage } from './pages/cases';
import { caseSummaryPage } from './pages/caseSummary';
import { newConferencePage } from './pages/conferenceForm';
import { conferencePage, conferencesPage } from './pages/conferences';
import { reportPage } from './pages/report';
import { newReportPage } from './pages/reportForm';
import { reportsPage } from './pages/reports';
import { candidatesPage, worklistPage } from './pages/healthLists';
import { editPregnancyPage, newPregnancyPage, pregnancyPage } from './pages/pregnancy';
import { planPage } from './pages/plan';
import { newPlanPage } from './pages/planForm';
import { riskTablePage } from './pages/riskTable';
import { newScreeningPage, screeningPage } from './pages/screening';
import { editVisitPage, newVisitPage, visitPage } from './pages/visit';
import { editHouseholdPage, newHouseholdPage } from './pages/householdForm';
import { renderLogin } from './pages/login';
import { personPage } from './pages/person';
import { editPersonPage, newPersonPage } from './pages/personForm';
import { searchPage } from './pages/search';
import { statsPage } from './pages/stats';
import { approvalsPage, editUserPage, newUserPage, usersPage } from './pages/users';
import { matchRoute, navigate, parseHash, setRerender, type Route, type RouteContext } from './router';
import type { Session, SessionUser } from './types';
import { errorText, messageBox } from './ui';

// Each screen and menu entry needs a permission of src/auth/roles.c (GET /api/v1/meta gives the
// user's); a screen's null: anyone signed in.
// `more`: listed under the header's 「その他」 menu, so that the header keeps to one row at 1280 px
// for every role (the director sees sixteen screens).
const NAV: readonly { key: string; label: string; path: string; perm: string; more?: boolean }[] = [
  { key: 'alerts', label: 'アラート', path: '/alerts', perm: 'health_read' },
  { key: 'board', label: '進行管理', path: '/board', perm: 'case_read' },
  { key: 'partner', label: '共有ケース', path: '/partner/cases', perm: 'case_partner_view' },
  { key: 'persons', label: '利用者検索', path: '/persons', perm: 'person_read' },
  { key: 'reports', label: '通告・相談', path: '/reports', perm: 'report_read' },
  { key: 'intake', label: '新規受付', path: '/reports/new', perm: 'report_create' },
  { key: 'health', label: '母子保健', path: '/health', perm: 'health_read' },
  { key: 'cases', label: 'ケース', path: '/cases', perm: 'case_read' },
  { key: 'conferences', label: '会議', path: '/conferences', perm: 'case_read' },
  { key: 'ledger', label: '進行管理台帳', path: '/ledger', perm: 'case_read', more: true },
  { key: 'candidates', label: '特定妊婦候補', path: '/health/candidates', perm: 'health_read', more: true },
  { key: 'oncall', label: '当番表', path: '/on-call', perm: 'health_read', more: true },
  { key: 'stats', label: '統計', path: '/stats', perm: 'stats_read', more: true },
  { key: 'settings', label: 'リスク表', path: '/settings/risk-table', perm: 'settings_write', more: true },
  { key: 'users', label: 'アカウント管理', path: '/admin/users', perm: 'user_admin', more: true },
  { key: 'approvals', label: 'アカウント承認', path: '/accounts/approvals', perm: 'user_approve', more: true },
  { key: 'audit', label: '監査ログ', path: '/audit', perm: 'audit_read', more: true },
  { key: 'import', label: '移行データ取込', path: '/import', perm: 'import', more: true },
  { key: 'duplicates', label: '重複の確認', path: '/duplicates', perm: 'person_merge', more: true },
];

function homePage(ctx: RouteContext): void {
  setTitle('');
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page' },
      h('h1', { class: 'page-title', tabindex: '-1' }, 'つなぐ'),
      h('p', null, `${ctx.user.name}さん（${label('roles', ctx.user.role)}）としてログインしています。`),
      h('p', null, 'この役割で使える画面は、まだありません。'),
    ),
  );
}

const ROUTES: readonly Route[] = [
  { pattern: '/persons', perm: 'person_read', nav: 'persons', render: searchPage },
  { pattern: '/persons/new', perm: 'person_read', nav: 'persons', render: newPersonPage },
  { pattern: '/persons/:id', perm: 'person_read', nav: 'persons', render: personPage },
  { pattern: '/persons/:id/edit', perm: 'person_read', nav: 'persons', render: editPersonPage },
  { pattern: '/households/new', perm: 'person_read', nav: 'persons', render: newHouseholdPage },
  { pattern: '/households/:id/edit', perm: 'person_read', nav: 'persons', render: editHouseholdPage },
  { pattern: '/alerts', perm: 'health_read', nav: 'alerts', render: alertsPage },
  { pattern: '/on-call', perm: 'health_read', nav: 'oncall', render: onCallPage },
  { pattern: '/reports', perm: 'report_read', nav: 'reports', render: reportsPage },
  { pattern: '/reports/new', perm: 'report_create', nav: 'intake', render: newReportPage },
  { pattern: '/reports/:id', perm: 'report_read', nav: 'reports', render: reportPage },
  { pattern: '/cases', perm: 'case_read', nav: 'cases', render: casesPage },
  { pattern: '/cases/new', perm: 'case_write', nav: 'cases', render: newCasePage },
  { pattern: '/cases/:id', perm: 'case_read', nav: 'cases', render: casePage },
  { pattern: '/cases/:id/summary', perm: 'case_read', nav: 'cases', render: caseSummaryPage },
  { pattern: '/conferences', perm: 'case_read', nav: 'conferences', render: conferencesPage },
  { pattern: '/conferences/new', perm: 'case_write', nav: 'conferences', render: newConferencePage },
  { pattern: '/conferences/:id', perm: 'case_read', nav: 'conferences', render: conferencePage },
  { pattern: '/agencies', perm: 'agency_read', nav: 'conferences', render: agenciesPage },
  { pattern: '/health', perm: 'health_read', nav: 'health', render: worklistPage },
  { pattern: '/health/candidates', perm: 'health_read', nav: 'candidates', render: candidatesPage },
  { pattern: '/health/pregnancies/new', perm: 'health_write', nav: 'health', render: newPregnancyPage },
  { pattern: '/health/pregnancies/:id', perm: 'health_read', nav: 'health', render: pregnancyPage },
  { pattern: '/health/pregnancies/:id/edit', perm: 'health_write', nav: 'health', render: editPregnancyPage },
  { pattern: '/health/screenings/new', perm: 'health_write', nav: 'health', render: newScreeningPage },
  { pattern: '/health/screenings/:id', perm: 'health_read', nav: 'health', render: screeningPage },
  { pattern: '/health/visits/new', perm: 'health_write', nav: 'health', render: newVisitPage },
  { pattern: '/health/visits/:id', perm: 'health_read', nav: 'health', render: visitPage },
  { pattern: '/health/visits/:id/edit', perm: 'health_write', nav: 'health', render: editVisitPage },
  // Everyone who reads the 母子保健 records may see the table; only the director changes it.
  { pattern: '/settings/risk-table', perm: 'health_read', nav: 'settings', render: riskTablePage },
  { pattern: '/cases/:id/plans/new', perm: 'case_write', nav: 'cases', render: newPlanPage },
  { pattern: '/cases/:id/plans/:pid', perm: 'case_read', nav: 'cases', render: planPage },
  { pattern: '/admin/users', perm: 'user_admin', nav: 'users', render: usersPage },
  { pattern: '/admin/users/new', perm: 'user_admin', nav: 'users', render: newUserPage },
  { pattern: '/admin/users/:id', perm: 'user_admin', nav: 'users', render: editUserPage },
  { pattern: '/accounts/approvals', perm: 'user_approve', nav: 'approvals', render: approvalsPage },
  { pattern: '/audit', perm: 'audit_read', nav: 'audit', render: auditPage },
  { pattern: '/board', perm: 'case_read', nav: 'board', render: boardPage },
  { pattern: '/ledger', perm: 'case_read', nav: 'ledger', render: ledgerPage },
  { pattern: '/partner/cases', perm: 'case_partner_view', nav: 'partner', render: partnerCasesPage },
  { pattern: '/partner/cases/:id', perm: 'case_partner_view', nav: 'partner', render: partnerCasePage },
  { pattern: '/stats', perm: 'stats_read', nav: 'stats', render: statsPage },
  { pattern: '/import', perm: 'import', nav: 'import', render: importPage },
  { pattern: '/duplicates', perm: 'person_merge', nav: 'duplicates', render: duplicatesPage },
  { pattern: '/duplicates/merge', perm: 'person_merge', nav: 'duplicates', render: mergePage },
  { pattern: '/home', perm: null, render: homePage },
];

/** Whoever acts on reports starts on the alert board (a child not yet seen comes first). */
function homePath(): string {
  // The coordinator (who manages the agencies but approves no accounts) starts on the 進行管理
  // board; the director keeps the alert board (a child not yet seen first).
  if (may('agency_write') && !may('user_approve')) return '/board';
  if (may('report_write')) return '/alerts';
  if (may('person_read')) return '/persons';
  if (may('case_partner_view')) return '/partner/cases';
  if (may('user_admin')) return '/admin/users';
  return '/home';
}

const allowed = (perm: string | null): boolean => perm === null || may(perm);

const app = document.getElementById('app') as HTMLElement;
let user: SessionUser | null = null;
let main: HTMLElement | null = null;
let navLinks: Map<string, HTMLAnchorElement> = new Map();
let moreButton: HTMLButtonElement | null = null;
// Closes the 「その他」 menu on a click elsewhere (one document listener, set in boot).
let closeMoreOutside: ((target: Node) => void) | null = null;
let current: AbortController | null = null;

async function startSession(s: Session): Promise<void> {
  setCsrfToken(s.csrf_token);
  try {
    await loadMeta();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) showLogin(errorText(e));
    return;
  }
  user = s.user;
  renderShell(s.user);
  void route();
}

function showLogin(notice?: string): void {
  current?.abort();
  current = null;
  user = null;
  main = null;
  setCsrfToken(null);
  clearMeta();
  clearFlash();
  renderLogin(app, { notice, onLoggedIn: (s) => void startSession(s) });
}

async function logout(): Promise<void> {
  try {
    await api.del('/session', { noAuthRedirect: true });
  } catch {
    // The session is forgotten on this screen either way.
  }
  // Do not leave the last page in the address bar for whoever logs in next.
  history.replaceState(null, '', location.pathname + location.search);
  showLogin('ログアウトしました。');
}

/** A role with few screens lists them all; one with more keeps the `more` ones in a menu. */
const NAV_FLAT_MAX = 8;

function navItem(n: (typeof NAV)[number]): HTMLElement {
  const a = h('a', { href: `#${n.path}`, class: 'nav-link' }, n.label);
  navLinks.set(n.key, a);
  return h('li', null, a);
}

/**
 * 「その他」: a disclosure button and its list of links (keyboard: Enter/Space opens, Escape
 * closes and returns to the button, leaving the menu or choosing a link closes it).
 */
function moreMenu(entries: readonly (typeof NAV)[number][]): HTMLElement {
  const list = h('ul', { class: 'nav-more-list', id: 'nav-more-list', hidden: true }, entries.map(navItem));
  const toggle = h(
    'button',
    { type: 'button', class: 'nav-link nav-more', 'aria-expanded': 'false', 'aria-controls': 'nav-more-list' },
    'その他',
  );
  moreButton = toggle;
  const set = (open: boolean) => {
    list.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => set(list.hidden));
  const li = h('li', { class: 'nav-more-item' }, toggle, list);
  li.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !list.hidden) {
      ev.preventDefault();
      set(false);
      toggle.focus();
    }
  });
  li.addEventListener('focusout', (ev) => {
    if (!li.contains(ev.relatedTarget as Node | null)) set(false);
  });
  list.addEventListener('click', (ev) => {
    if ((ev.target as HTMLElement).closest('a')) set(false);
  });
  closeMoreOutside = (target) => {
    if (!li.contains(target)) set(false);
  };
  return li;
}

function renderShell(u: SessionUser): void {
  navLinks = new Map();
  moreButton = null;
  closeMoreOutside = null;
  const visible = NAV.filter((n) => may(n.perm));
  const flat = visible.length <= NAV_FLAT_MAX;
  const more = flat ? [] : visible.filter((n) => n.more);
  const items = [...visible.filter((n) => flat || !n.more).map(navItem), more.length ? moreMenu(more) : null];
  main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  replace(
    app,
    h(
      'header',
      { class: 'app-header' },
      h(
        'div',
        { class: 'header-inner' },
        h(
          'a',
          { class: 'brand', href: `#${homePath()}`, 'aria-label': 'つなぐ（tsunagu）こども家庭センター　最初の画面へ' },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
          h(
            'span',
            { class: 'brand-text' },
            h('span', { class: 'brand-name' }, 'つなぐ', h('span', { class: 'brand-latin', lang: 'en' }, 'tsunagu')),
            h('span', { class: 'brand-org' }, 'こども家庭センター'),
          ),
        ),
        items.length ? h('nav', { class: 'app-nav', 'aria-label': 'メインメニュー' }, h('ul', null, items)) : null,
        h(
          'div',
          { class: 'user-box' },
          h('span', { class: 'user-name', id: 'current-user', title: u.name }, u.name),
          h('span', { class: 'role-badge' }, label('roles', u.role)),
          h('button', { type: 'button', class: 'button button-header', onClick: () => void logout() }, 'ログアウト'),
        ),
      ),
    ),
    main,
  );
}

async function route(): Promise<void> {
  if (!user || !main) return;
  const { path, query } = parseHash();
  if (path === '/' || path === '') {
    navigate(homePath(), { replace: true });
    return;
  }
  current?.abort();
  const ctrl = new AbortController();
  current = ctrl;
  const m = matchRoute(ROUTES, path);
  for (const [key, a] of navLinks) {
    if (m?.route.nav === key) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // The menu's button is marked when the page shown is one of its links.
  moreButton?.classList.toggle(
    'has-current',
    NAV.some((n) => n.more && n.key === m?.route.nav && navLinks.has(n.key)),
  );
  const view = main;
  const fail = (text: string) => {
    setTitle('エラー');
    replace(
      view,
      h(
        'div',
        { class: 'page' },
        h('h1', { class: 'page-title', tabindex: '-1' }, '表示できません'),
        messageBox('error', text),
        h('p', null, h('a', { href: `#${homePath()}` }, '最初の画面に戻る')),
      ),
    );
  };
  if (!m) {
    fail('このページは存在しません。');
  } else if (!allowed(m.route.perm)) {
    fail('この画面を表示する権限がありません。');
  } else {
    try {
      await m.route.render({ path, params: m.params, query, signal: ctrl.signal, main: view, user });
    } catch (e) {
      if (isAbort(e) || ctrl.signal.aborted) return;
      if (e instanceof ApiError && e.status === 401) return; // back on the login screen already
      if (!(e instanceof ApiError)) console.error(e);
      fail(errorText(e));
    }
  }
  if (ctrl.signal.aborted || current !== ctrl) return;
  // Move focus to the new page unless the page put it somewhere itself.
  const active = document.activeElement;
  if (!active || active === document.body || !document.contains(active)) {
    view.querySelector<HTMLElement>('.page-title')?.focus();
  }
  window.scrollTo(0, 0);
}

function setupSkipLink(): void {
  const skip = document.querySelector<HTMLAnchorElement>('.skip-link');
  skip?.addEventListener('click', (ev) => {
    ev.preventDefault();
    const target = document.getElementById('main');
    if (target) {
      target.focus();
      target.scrollIntoView();
    }
  });
}

async function boot(): Promise<void> {
  setupSkipLink();
  document.addEventListener('click', (ev) => closeMoreOutside?.(ev.target as Node));
  setRerender(() => void route());
  onUnauthorized(() => {
    if (user) showLogin('ログインの有効期限が切れました。もう一度ログインしてください。');
  });
  window.addEventListener('hashchange', () => {
    if (!user) return; // the login screen stays; the hash is kept for after login
    void route();
  });
  try {
    const s = await api.get<Session>('/session', { noAuthRedirect: true });
    await startSession(s);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showLogin();
    else showLogin(e instanceof ApiError ? e.message : undefined);
  }
}

void boot();
