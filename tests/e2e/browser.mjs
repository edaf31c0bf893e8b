// Shared setup for the browser tests: playwright-core from web/node_modules (NODE_PATH or the
// relative path) driving the system Chromium headless, with checks that the page raised no
// script error and no Content-Security-Policy violation.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function loadPlaywright() {
  try {
    return require('playwright-core'); // NODE_PATH=web/node_modules (as CTest sets it)
  } catch {
    return require(fileURLToPath(new URL('../../web/node_modules/playwright-core', import.meta.url)));
  }
}

export const { chromium } = loadPlaywright();

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const OUT = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(OUT, { recursive: true });

// chromium.launch gives every run a fresh temporary profile (user-data dir), removed on close.
export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 30000 });
}

// A page that records script errors, failed console errors and CSP violations.
export async function newPage(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const problems = [];
  if (process.env.E2E_DEBUG) {
    page.on('request', (r) => r.url().includes('/api/') && console.log('>>', r.method(), r.url(), r.postData() || ''));
    page.on('response', (r) => r.url().includes('/api/') && console.log('<<', r.status(), r.url()));
    page.on('console', (m) => console.log('console', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('pageerror', e.message));
  }
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|404|409|400|429)/.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const check = async () => {
    const csp = await page.evaluate(() => window.__csp || []).catch(() => []);
    return [...problems, ...csp.map((c) => `CSP violation: ${c}`)];
  };
  return { context, page, problems: check };
}

export async function login(page, url, loginId, password) {
  await page.goto(url + '/');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.locator('.app-header').waitFor();
}

// Runs `fn(page)`; on failure saves a screenshot and the page text to out/ before rethrowing.
export async function onFailureScreenshot(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    await page.screenshot({ path: `${OUT}failure-${name}.png`, fullPage: true }).catch(() => {});
    const html = await page.content().catch(() => '');
    writeFileSync(`${OUT}failure-${name}.html`, `<!-- ${page.url()} -->\n${html}`);
    throw e;
  }
}

// A full-page screenshot. Chromium's full-page capture can leave the scroll position stale
// until the next focus change, which makes the next click miss: settle the layout afterwards.
export async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: `${OUT}${name}.png`, fullPage });
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        window.scrollTo(0, 0);
        requestAnimationFrame(() => requestAnimationFrame(resolve));
      }),
  );
}

// The fonts a PDF embeds (Chromium writes each as /FontName /XXXXXX+Name).
export function pdfFonts(pdf) {
  const names = pdf.toString('latin1').match(/\/(?:FontName|BaseFont)\s*\/[^\s/<>[\]()]+/g) || [];
  return [...new Set(names.map((n) => n.replace(/^\/\w+\s*\/(?:[A-Z]{6}\+)?/, '')))];
}

// Prints the page to an A4 PDF (out/NAME.pdf) with print media, and insists that its Japanese
// text was drawn with a Japanese font: without one (a machine with no CJK font) Chromium draws
// empty boxes with a Latin fallback font, and the paper handed to a family is unreadable.
export async function printPdf(page, name) {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ path: `${OUT}${name}.pdf`, format: 'A4', printBackground: false });
  const fonts = pdfFonts(pdf);
  if (!fonts.some((f) => /CJK/i.test(f))) throw new Error(`${name}.pdf has no Japanese font: ${fonts.join(', ')}`);
  return pdf;
}

// A list in print media (issue 13, item 8): the header says what the list is, when (和暦 date and
// time) and by whom it was printed and which filter made it; the privacy note is below it; no link
// column (「開く」) is printed. Returns the header's text for the caller's own checks; the page is
// back in screen media after.
export async function checkListPrint(page, { title, user, filter }) {
  await page.emulateMedia({ media: 'print' });
  try {
    const head = page.locator('.list-print-head');
    if ((await head.count()) !== 1 || !(await head.isVisible())) throw new Error('the printed list has no header');
    const text = await head.innerText();
    const want = [title, /印刷日時: (令和|平成)\S+ \d\d:\d\d/, `印刷者: ${user}`, filter];
    for (const w of want) {
      const ok = w instanceof RegExp ? w.test(text) : text.includes(w);
      if (!ok) throw new Error(`the printed header lacks ${w}: ${text}`);
    }
    const foot = page.locator('.print-foot', { hasText: '個人情報を含みます' });
    if (!(await foot.isVisible())) throw new Error('the printed list has no privacy note');
    const linkCells = await page.locator('.col-open').evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0).length);
    if (linkCells) throw new Error(`${linkCells} link cells are printed`);
    const main = await page.locator('main').innerText();
    if (/開く/.test(main)) throw new Error(`「開く」 is printed: ${main.match(/.{0,30}開く/)[0]}`);
    if (/印刷/.test(main.replace(text, ''))) throw new Error('a print button is printed');
    return text;
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}
