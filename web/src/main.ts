// つなぐ (tsunagu) — the browser UI: session, app shell, navigation by role, hash routing.
import './styles.css';
import { ApiError, api, isAbort, onUnauthorized, setCsrfToken } from './api';
import { h, replace, setTitle } from './dom';
import { clearFlash } from './flash';
import { ROLE_LABELS, label } from './labels';
import { HEALTH_READ, HEALTH_WRITE } from './health';
import { alertsPage } from './pages/alerts';
import { auditPage } from './pages/audit';
import { reportPage } from './pages/report';
import { newReportPage } from './pages/reportForm';
import { reportsPage } from './pages/reports';
import { ALERTS_READ, REPORT_CREATE, REPORT_READ } from './welfare';
import { candidatesPage, worklistPage } from './pages/healthLists';
import { editPregnancyPage, newPregnancyPage, pregnancyPage } from './pages/pregnancy';
import { riskTablePage } from './pages/riskTable';
import { newScreeningPage, screeningPage } from './pages/screening';
import { editVisitPage, newVisitPage, visitPage } from './pages/visit';
import { editHouseholdPage, newHouseholdPage } from './pages/householdForm';
import { renderLogin } from './pages/login';
import { personPage } from './pages/person';
import { editPersonPage, newPersonPage } from './pages/personForm';
import { searchPage } from './pages/search';
import { approvalsPage, editUserPage, newUserPage, usersPage } from './pages/users';
import { matchRoute, navigate, parseHash, setRerender, type Route, type RouteContext } from './router';
import type { Role, Session, SessionUser } from './types';
import { errorText, messageBox } from './ui';

const CASE_STAFF: readonly Role[] = ['director', 'coordinator', 'health', 'welfare', 'clerk'];
const ADMIN: readonly Role[] = ['admin'];
const AUDIT: readonly Role[] = ['director', 'admin'];
const DIRECTOR: readonly Role[] = ['director'];
const EVERYONE: readonly Role[] = ['director', 'coordinator', 'health', 'welfare', 'clerk', 'partner', 'admin'];

const NAV: readonly { key: string; label: string; path: string; roles: readonly Role[] }[] = [
  { key: 'alerts', label: 'アラート', path: '/alerts', roles: ALERTS_READ },
  { key: 'persons', label: '利用者検索', path: '/persons', roles: CASE_STAFF },
  { key: 'reports', label: '通告・相談', path: '/reports', roles: REPORT_READ },
  { key: 'intake', label: '新規受付', path: '/reports/new', roles: REPORT_CREATE },
  { key: 'health', label: '母子保健', path: '/health', roles: HEALTH_READ },
  { key: 'candidates', label: '特定妊婦候補', path: '/health/candidates', roles: HEALTH_READ },
  { key: 'settings', label: 'リスク表', path: '/settings/risk-table', roles: DIRECTOR },
  { key: 'users', label: 'アカウント管理', path: '/admin/users', roles: ADMIN },
  { key: 'approvals', label: 'アカウント承認', path: '/accounts/approvals', roles: DIRECTOR },
  { key: 'audit', label: '監査ログ', path: '/audit', roles: AUDIT },
];

function homePage(ctx: RouteContext): void {
  setTitle('');
  replace(
    ctx.main,
    h(
      'div',
      { class: 'page' },
      h('h1', { class: 'page-title', tabindex: '-1' }, 'つなぐ'),
      h('p', null, `${ctx.user.name}さん（${label(ROLE_LABELS, ctx.user.role)}）としてログインしています。`),
      h('p', null, 'この役割で使える画面は、まだありません。'),
    ),
  );
}

const ROUTES: readonly Route[] = [
  { pattern: '/persons', roles: CASE_STAFF, nav: 'persons', render: searchPage },
  { pattern: '/persons/new', roles: CASE_STAFF, nav: 'persons', render: newPersonPage },
  { pattern: '/persons/:id', roles: CASE_STAFF, nav: 'persons', render: personPage },
  { pattern: '/persons/:id/edit', roles: CASE_STAFF, nav: 'persons', render: editPersonPage },
  { pattern: '/households/new', roles: CASE_STAFF, nav: 'persons', render: newHouseholdPage },
  { pattern: '/households/:id/edit', roles: CASE_STAFF, nav: 'persons', render: editHouseholdPage },
  { pattern: '/alerts', roles: ALERTS_READ, nav: 'alerts', render: alertsPage },
  { pattern: '/reports', roles: REPORT_READ, nav: 'reports', render: reportsPage },
  { pattern: '/reports/new', roles: REPORT_CREATE, nav: 'intake', render: newReportPage },
  { pattern: '/reports/:id', roles: REPORT_READ, nav: 'reports', render: reportPage },
  { pattern: '/health', roles: HEALTH_READ, nav: 'health', render: worklistPage },
  { pattern: '/health/candidates', roles: HEALTH_READ, nav: 'candidates', render: candidatesPage },
  { pattern: '/health/pregnancies/new', roles: HEALTH_WRITE, nav: 'health', render: newPregnancyPage },
  { pattern: '/health/pregnancies/:id', roles: HEALTH_READ, nav: 'health', render: pregnancyPage },
  { pattern: '/health/pregnancies/:id/edit', roles: HEALTH_WRITE, nav: 'health', render: editPregnancyPage },
  { pattern: '/health/screenings/new', roles: HEALTH_WRITE, nav: 'health', render: newScreeningPage },
  { pattern: '/health/screenings/:id', roles: HEALTH_READ, nav: 'health', render: screeningPage },
  { pattern: '/health/visits/new', roles: HEALTH_WRITE, nav: 'health', render: newVisitPage },
  { pattern: '/health/visits/:id', roles: HEALTH_READ, nav: 'health', render: visitPage },
  { pattern: '/health/visits/:id/edit', roles: HEALTH_WRITE, nav: 'health', render: editVisitPage },
  // Everyone who reads the 母子保健 records may see the table; only the director changes it.
  { pattern: '/settings/risk-table', roles: HEALTH_READ, nav: 'settings', render: riskTablePage },
  { pattern: '/admin/users', roles: ADMIN, nav: 'users', render: usersPage },
  { pattern: '/admin/users/new', roles: ADMIN, nav: 'users', render: newUserPage },
  { pattern: '/admin/users/:id', roles: ADMIN, nav: 'users', render: editUserPage },
  { pattern: '/accounts/approvals', roles: DIRECTOR, nav: 'approvals', render: approvalsPage },
  { pattern: '/audit', roles: AUDIT, nav: 'audit', render: auditPage },
  { pattern: '/home', roles: EVERYONE, render: homePage },
];

/** The caseworkers start on the alert board (a child not yet seen comes first). */
const ALERTS_HOME: readonly Role[] = ['director', 'coordinator', 'welfare'];

function homePath(role: Role): string {
  if (ALERTS_HOME.includes(role)) return '/alerts';
  if (CASE_STAFF.includes(role)) return '/persons';
  if (role === 'admin') return '/admin/users';
  return '/home';
}

const app = document.getElementById('app') as HTMLElement;
let user: SessionUser | null = null;
let main: HTMLElement | null = null;
let navLinks: Map<string, HTMLAnchorElement> = new Map();
let current: AbortController | null = null;

function startSession(s: Session): void {
  user = s.user;
  setCsrfToken(s.csrf_token);
  renderShell(s.user);
  route();
}

function showLogin(notice?: string): void {
  current?.abort();
  current = null;
  user = null;
  main = null;
  setCsrfToken(null);
  clearFlash();
  renderLogin(app, { notice, onLoggedIn: startSession });
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

function renderShell(u: SessionUser): void {
  navLinks = new Map();
  const items = NAV.filter((n) => n.roles.includes(u.role)).map((n) => {
    const a = h('a', { href: `#${n.path}`, class: 'nav-link' }, n.label);
    navLinks.set(n.key, a);
    return h('li', null, a);
  });
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
          { class: 'brand', href: `#${homePath(u.role)}`, 'aria-label': 'つなぐ（tsunagu）こども家庭センター　最初の画面へ' },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
          h('span', { class: 'brand-text' }, h('span', { class: 'brand-name' }, 'つなぐ', h('span', { class: 'brand-latin', lang: 'en' }, 'tsunagu')), h('span', { class: 'brand-org' }, 'こども家庭センター')),
        ),
        items.length ? h('nav', { class: 'app-nav', 'aria-label': 'メインメニュー' }, h('ul', null, items)) : null,
        h(
          'div',
          { class: 'user-box' },
          h('span', { class: 'user-name', id: 'current-user' }, u.name),
          h('span', { class: 'role-badge' }, label(ROLE_LABELS, u.role)),
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
    navigate(homePath(user.role), { replace: true });
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
        h('p', null, h('a', { href: `#${homePath((user as SessionUser).role)}` }, '最初の画面に戻る')),
      ),
    );
  };
  if (!m) {
    fail('このページは存在しません。');
  } else if (!m.route.roles.includes(user.role)) {
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
    startSession(s);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showLogin();
    else showLogin(e instanceof ApiError ? e.message : undefined);
  }
}

void boot();
