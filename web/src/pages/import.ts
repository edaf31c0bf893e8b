// 移行データの取込: one CSV file of the old systems (interchange.md) sent to
// POST /api/v1/import/{kind} as it is (text/csv, up to 64 MiB; larger files go through the CLI
// `tsunagu import`). Deliberate: Enter never sends the form, and the form only leads to a
// confirmation step (the file, its size, all or nothing) whose 取り込む button sends it. The
// answer is shown in the page: the counts, or every bad row (行・列・理由) with nothing imported.
import { ApiError, api } from '../api';
import { confirmStep } from '../components/confirmStep';
import { formPage } from '../components/formPage';
import { h, replace, setTitle, uid } from '../dom';
import { clearErrors, dateField, enterNeverSubmits, formAlert, readDate, selectField, showFieldError } from '../forms';
import type { RouteContext } from '../router';
import type { ImportInvalid, ImportResult } from '../types';
import { codeLabel, codes } from '../meta';
import { errorText, messageBox } from '../ui';
import { todayJst } from '../wareki';

const ENCODINGS = [
  { value: '', label: '自動判定' },
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'cp932', label: 'Shift_JIS（CP932）' },
];

/** Beside the button: what Enter does here (enterNeverSubmits; the button only asks first). */
const IMPORT_HINT = 'Enter だけでは取り込みません。取込を押すと、確認のあとで取り込みます。';

const MAX_BYTES = 64 * 1024 * 1024;
const TOO_LARGE = 'ファイルが64MBを超えています。コマンド（tsunagu import）で取り込んでください。';

/** The kinds and their columns as the server reads them (/api/v1/meta: import_kinds, and
 * import_columns_KIND with 必須 or 任意 as each column's label). */
function kindLabel(code: string): string {
  return codeLabel('import_kinds', code) ?? code;
}

function columnsText(kind: string): string {
  const columns = codes(`import_columns_${kind}`);
  const required = columns.filter((c) => c.label === '必須').map((c) => `${c.code}（必須）`);
  const optional = columns.filter((c) => c.label !== '必須').map((c) => c.code);
  return `列：${[...required, ...optional].join('、')}`;
}

function sizeText(bytes: number): string {
  return `${Math.max(1, Math.ceil(bytes / 1024)).toLocaleString('ja-JP')} KB`;
}

function focusBox(box: HTMLElement): HTMLElement {
  box.setAttribute('tabindex', '-1');
  return box;
}

export function importPage(ctx: RouteContext): void {
  setTitle('移行データの取込');

  const kind = selectField({
    name: 'kind',
    label: '種類',
    required: true,
    value: 'persons',
    options: codes('import_kinds').map((k) => ({ value: k.code, label: k.label })),
  });
  const columns = h('p', { class: 'hint', id: uid('hint') });
  const order = h(
    'p',
    { class: 'hint', id: uid('hint') },
    'ファイルは 利用者 → 妊娠届・通告・訪問 の順に取り込んでください（妊娠届・通告・訪問は利用者を外部番号 external_id で参照します）。',
  );
  kind.input.after(columns, order);
  kind.input.setAttribute('aria-describedby', `${columns.id} ${order.id}`);
  const showColumns = () => replace(columns, columnsText(kind.input.value));
  showColumns();

  const fileId = uid('f-file');
  const fileHint = h(
    'p',
    { class: 'hint', id: uid('hint') },
    'CSV ファイル（1行目が列名）。64MBまで。それより大きいファイルはコマンド（tsunagu import）で取り込みます。',
  );
  const file = h('input', {
    id: fileId,
    name: 'file',
    type: 'file',
    accept: '.csv,text/csv',
    required: true,
    'aria-required': 'true',
    'aria-describedby': fileHint.id,
    class: 'input',
    'data-field': 'file',
  });
  const fileField = h(
    'div',
    { class: 'field' },
    h('label', { for: fileId }, 'ファイル', h('span', { class: 'req' }, '必須')),
    file,
    fileHint,
  );

  const encoding = selectField({ name: 'encoding', label: '文字コード', value: '', options: ENCODINGS });
  const alertsFrom = dateField({
    name: 'alerts_from',
    label: 'アラートの対象とする日',
    value: todayJst(),
    required: true,
    hint: 'この日より前の記録はアラートを出しません（例: 2024-04-01、R6.4.1 の形でも入力できます）',
  });

  const submit = h('button', { type: 'submit', class: ['button', 'button-primary'] }, '取込');
  const status = h('p', { class: 'import-status', role: 'status' });
  const confirmArea = h('div', { class: 'import-confirm' });
  const result = h('div', { class: 'import-result' });

  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formAlert(),
    kind.root,
    fileField,
    encoding.root,
    alertsFrom.root,
    h('div', { class: 'form-actions' }, submit, h('span', { class: 'hint' }, IMPORT_HINT)),
  );
  enterNeverSubmits(form);

  // Any change of the form takes back a confirmation not yet given.
  const reset = () => replace(confirmArea);
  kind.input.addEventListener('change', () => {
    showColumns();
    reset();
  });
  for (const el of [file, encoding.input, alertsFrom.input]) el.addEventListener('change', reset);

  let sending = false;

  const send = async (f: File, k: { code: string; label: string }, enc: string, from: string): Promise<void> => {
    sending = true;
    submit.disabled = true;
    replace(status, '取込中…');
    replace(result);
    try {
      const r = await api.postFile<ImportResult>(`/import/${k.code}`, f, 'text/csv', {
        query: { encoding: enc, alerts_from: from, file_name: f.name },
      });
      const done = r.imported[k.code] ?? 0;
      const skipped = r.skipped[k.code] ?? 0;
      const box = focusBox(
        messageBox('success', `取り込みました：${k.label} ${done}件（取込済のためスキップ ${skipped}件）`),
      );
      replace(confirmArea);
      replace(result, box);
      box.focus();
    } catch (e) {
      replace(confirmArea);
      showFailure(e, f);
    } finally {
      sending = false;
      submit.disabled = false;
      replace(status);
    }
  };

  const showFailure = (e: unknown, f: File) => {
    if (e instanceof ApiError && e.status === 401) return;
    let box: HTMLElement;
    if (e instanceof ApiError && e.code === 'invalid_csv') {
      const rows = (e.body as ImportInvalid | null)?.rows ?? [];
      box = focusBox(
        messageBox(
          'error',
          h('p', null, `${f.name} は取り込みませんでした。${e.message}`),
          h(
            'p',
            null,
            `誤りのある行（${rows.length.toLocaleString('ja-JP')}件）を直して、もう一度取り込んでください。`,
          ),
        ),
      );
      const table = rows.length
        ? h(
            'table',
            { class: 'table import-errors' },
            h('caption', null, `誤りのある行（${rows.length.toLocaleString('ja-JP')}件）`),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, '行'),
                h('th', { scope: 'col' }, '列'),
                h('th', { scope: 'col' }, '理由'),
              ),
            ),
            h(
              'tbody',
              null,
              rows.map((r) =>
                h(
                  'tr',
                  null,
                  h('td', { class: 'num' }, String(r.line)),
                  h('td', null, r.column === '-' ? '—' : r.column),
                  h('td', null, r.reason),
                ),
              ),
            ),
          )
        : null;
      replace(result, box, table);
    } else if (e instanceof ApiError && e.status === 413) {
      box = focusBox(messageBox('error', TOO_LARGE));
      replace(result, box);
    } else {
      box = focusBox(messageBox('error', errorText(e)));
      replace(result, box);
    }
    box.focus();
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (sending) return;
    clearErrors(form);
    replace(result);
    const f = file.files?.[0];
    const from = readDate(alertsFrom.input);
    let bad = false;
    if (!f) bad = showFieldError(form, 'file', '取り込むファイルを選んでください');
    if (from === null || from === '')
      bad = showFieldError(form, 'alerts_from', '日付を YYYY-MM-DD の形で入力してください', !bad) || bad;
    if (!f || bad || !from) return;
    if (f.size > MAX_BYTES) {
      const box = focusBox(messageBox('error', TOO_LARGE));
      replace(result, box);
      box.focus();
      return;
    }
    const k = { code: kind.input.value, label: kindLabel(kind.input.value) };
    const enc = encoding.input.value;
    const encLabel = ENCODINGS.find((x) => x.value === enc)?.label ?? '自動判定';
    confirmStep(confirmArea, {
      title: '取込の確認',
      lines: [
        `${f.name}（${sizeText(f.size)}）を取り込みます。すべての行が正しい場合だけ取り込まれます。`,
        `種類：${k.label}　文字コード：${encLabel}　アラートの対象とする日：${from}`,
      ],
      confirmText: '取り込む',
      onConfirm: () => send(f, k, enc, from),
      onBack: () => {
        replace(confirmArea);
        submit.focus();
      },
    });
  });

  replace(
    ctx.main,
    formPage(
      { title: '移行データの取込' },
      h(
        'p',
        null,
        '旧システムから書き出した CSV ファイルを取り込みます。1行でも誤りがあれば何も取り込まず、誤りのある行をすべて示します。取込済の番号（external_id）の行は飛ばします。',
      ),
      form,
      status,
      confirmArea,
      result,
    ),
  );
}
