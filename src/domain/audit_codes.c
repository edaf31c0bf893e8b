#include "domain/audit_codes.h"

#include <stddef.h>

/* Some codes are written by later issues (export, import, merge, case, plan, conference): the
 * audit screen already names them. */
static const vocab_code actions[] = {
    {"read", "閲覧"},
    {"search", "検索"},
    {"create", "作成"},
    {"update", "更新"},
    {"delete", "削除"},
    {"export", "出力"},
    {"import", "取込"},
    {"merge", "統合"},
    {"unmerge", "統合の取消"},
    {"distinct", "別人と判断"},
    {"login", "ログイン"},
    {"logout", "ログアウト"},
    {"login_failed", "ログイン失敗"},
    {"login_pending", "ログイン拒否（承認待ち）"},
    {"approve", "承認"},
    {"hand", "手交"},
    {"audit_keyed", "監査ログの鍵付け開始"},
    {NULL, NULL},
};
const vocab audit_actions_vocab = {"audit_actions", actions};

static const vocab_code object_types[] = {
    {"person", "利用者"},
    {"person_search", "利用者検索"},
    {"household", "世帯"},
    {"timeline", "タイムライン"},
    {"user", "アカウント"},
    {"session", "セッション"},
    {"case", "ケース"},
    {"plan", "サポートプラン"},
    {"report", "通告・相談"},
    {"report_reporter", "通告者（通告・相談）"},
    {"pregnancy", "妊娠届"},
    {"screening", "スクリーニング"},
    {"visit", "訪問・健診"},
    {"alerts", "アラート"},
    {"settings", "設定"},
    {"conference", "会議"},
    {"audit", "監査ログ"},
    {"agency", "関係機関"},
    {"partner_report", "関係機関の状況報告"},
    {"case_ledger", "進行管理台帳"},
    {"case_board", "進行管理ボード"},
    {"agenda", "会議の議題"},
    {"person_address", "住所・電話（住所秘匿）"},
    {"person_duplicate", "重複の可能性"},
    {"person_merge", "記録の統合"},
    {"stats", "統計"},
    {"export", "データ出力"},
    {"import", "移行データ取込"},
    {NULL, NULL},
};
const vocab audit_object_types_vocab = {"audit_object_types", object_types};
