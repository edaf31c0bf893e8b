#include "domain/import_rows.h"

#include "domain/interchange_date.h"
#include "domain/person_codes.h"
#include "domain/report_codes.h"
#include "domain/validate.h"
#include "domain/visit_kinds.h"
#include "domain/workflow.h"

#include <stdio.h>
#include <string.h>

/* The kinds and their columns (interchange.md), each written once: the reader's tables and the
 * tables /api/v1/meta serves the import screen (import_kinds; import_columns_KIND: each column
 * with 必須 or 任意) come from the same lists. */
static const vocab_code kind_codes[] = {
    {"persons", "利用者"},
    {"pregnancies", "妊娠届"},
    {"reports", "通告・相談"},
    {"visits", "訪問・健診"},
    {NULL, NULL},
};
const vocab import_kinds = {"import_kinds", kind_codes};

import_kind import_kind_from_code(const char *code)
{
    int k = vocab_index(&import_kinds, code);
    return k >= 0 ? (import_kind)k : IMPORT_KIND_NONE;
}

const char *import_kind_code(import_kind k)
{
    return k >= 0 && k < IMPORT_KIND_COUNT ? kind_codes[k].code : NULL;
}

#define PERSON_COLUMNS(X)                                                                          \
    X(P_ID, "external_id", true)                                                                   \
    X(P_FAMILY, "family_name", true)                                                               \
    X(P_GIVEN, "given_name", false)                                                                \
    X(P_FAMILY_KANA, "family_name_kana", true)                                                     \
    X(P_GIVEN_KANA, "given_name_kana", false)                                                      \
    X(P_BIRTH, "birth_date", false)                                                                \
    X(P_SEX, "sex", false)                                                                         \
    X(P_RESIDENT, "resident_id", false)                                                            \
    X(P_ADDRESS, "address", false)                                                                 \
    X(P_PHONE, "phone", false)                                                                     \
    X(P_HOUSEHOLD, "household_external_id", false)                                                 \
    X(P_RELATION, "relation", false)

#define PREGNANCY_COLUMNS(X)                                                                       \
    X(G_ID, "external_id", true)                                                                   \
    X(G_MOTHER, "mother_external_id", true)                                                        \
    X(G_NOTIFIED, "notified_on", true)                                                             \
    X(G_WEEKS, "weeks_at_notification", true)                                                      \
    X(G_DUE, "due_date", false)                                                                    \
    X(G_MULTIPLE, "multiple", false)                                                               \
    X(G_AFTER_BIRTH, "notified_after_birth", false)                                                \
    X(G_ANSWERS, "answers", false)                                                                 \
    X(G_ANSWERS_NO, "answers_no", false)

#define REPORT_COLUMNS(X)                                                                          \
    X(R_ID, "external_id", true)                                                                   \
    X(R_KIND, "kind", true)                                                                        \
    X(R_RECEIVED, "received_at", true)                                                             \
    X(R_ROUTE, "route", true)                                                                      \
    X(R_TYPES, "abuse_types", false)                                                               \
    X(R_CHILDREN, "child_external_ids", true)                                                      \
    X(R_PERPETRATOR, "main_perpetrator", false)                                                    \
    X(R_SUMMARY, "summary", false)                                                                 \
    X(R_SAFETY, "safety_confirmed_at", false)                                                      \
    X(R_CLOSED, "closed_on", false)

#define VISIT_COLUMNS(X)                                                                           \
    X(V_ID, "external_id", true)                                                                   \
    X(V_PERSON, "person_external_id", true)                                                        \
    X(V_KIND, "kind", true)                                                                        \
    X(V_ON, "on", true)                                                                            \
    X(V_CHECKUP, "checkup", false)                                                                 \
    X(V_ATTENDED, "attended", false)                                                               \
    X(V_NOTE, "note", false)

#define COLUMN_PLACE(place, name, required)  place,
#define COLUMN_READ(place, name, required)   [place] = {name, required},
#define COLUMN_SERVED(place, name, required) {name, (required) ? "必須" : "任意"},

/* The enums name the columns' places in the tables. */
enum { PERSON_COLUMNS(COLUMN_PLACE) P_COUNT };
enum { PREGNANCY_COLUMNS(COLUMN_PLACE) G_COUNT };
enum { REPORT_COLUMNS(COLUMN_PLACE) R_COUNT };
enum { VISIT_COLUMNS(COLUMN_PLACE) V_COUNT };

static const csv_column person_columns[P_COUNT] = {PERSON_COLUMNS(COLUMN_READ)};
static const csv_column pregnancy_columns[G_COUNT] = {PREGNANCY_COLUMNS(COLUMN_READ)};
static const csv_column report_columns[R_COUNT] = {REPORT_COLUMNS(COLUMN_READ)};
static const csv_column visit_columns[V_COUNT] = {VISIT_COLUMNS(COLUMN_READ)};

static const vocab_code person_served[] = {PERSON_COLUMNS(COLUMN_SERVED){NULL, NULL}};
static const vocab_code pregnancy_served[] = {PREGNANCY_COLUMNS(COLUMN_SERVED){NULL, NULL}};
static const vocab_code report_served[] = {REPORT_COLUMNS(COLUMN_SERVED){NULL, NULL}};
static const vocab_code visit_served[] = {VISIT_COLUMNS(COLUMN_SERVED){NULL, NULL}};
const vocab import_columns_persons = {"import_columns_persons", person_served};
const vocab import_columns_pregnancies = {"import_columns_pregnancies", pregnancy_served};
const vocab import_columns_reports = {"import_columns_reports", report_served};
const vocab import_columns_visits = {"import_columns_visits", visit_served};

const csv_column *import_columns(import_kind k, size_t *count)
{
    static const struct {
        const csv_column *columns;
        size_t count;
    } tables[IMPORT_KIND_COUNT] = {
        [IMPORT_PERSONS] = {person_columns, P_COUNT},
        [IMPORT_PREGNANCIES] = {pregnancy_columns, G_COUNT},
        [IMPORT_REPORTS] = {report_columns, R_COUNT},
        [IMPORT_VISITS] = {visit_columns, V_COUNT},
    };
    if (k < 0 || k >= IMPORT_KIND_COUNT) {
        *count = 0;
        return NULL;
    }
    *count = tables[k].count;
    return tables[k].columns;
}

void import_problem_add(import_problems *pr, const char *column, const char *reason)
{
    if (pr->count == IMPORT_PROBLEMS_MAX)
        return;
    import_problem *p = &pr->items[pr->count++];
    p->column = column;
    snprintf(p->reason, sizeof p->reason, "%s", reason);
}

/* ---- fields ---- */

typedef struct reading {
    const import_fields *f;
    const csv_column *columns;
    import_problems *pr;
} reading;

/* The field of column col; NULL when the file lacks the column or the field is empty. */
static const char *field(const reading *r, int col)
{
    int i = r->f->index_of[col];
    if (i < 0 || (size_t)i >= r->f->rec->n || r->f->rec->len[i] == 0)
        return NULL;
    return r->f->rec->field[i];
}

static void problem(const reading *r, int col, const char *reason)
{
    import_problem_add(r->pr, r->columns[col].name, reason);
}

/* A field that must be given (the column's presence is the header's business). */
static const char *required(const reading *r, int col)
{
    const char *v = field(r, col);
    if (!v)
        problem(r, col, "必須の項目が空です");
    return v;
}

static const char *external_id(const reading *r, int col)
{
    const char *v = required(r, col);
    if (v && validate_utf8_chars(v, strlen(v)) > IMPORT_EXTERNAL_ID_MAX) {
        problem(r, col, "100文字以内で指定してください");
        return NULL;
    }
    return v;
}

/* A date of any interchange form into out ("" when empty). */
static void date_field(const reading *r, int col, bool must, char out[11])
{
    out[0] = '\0';
    const char *v = must ? required(r, col) : field(r, col);
    if (!v)
        return;
    date_ymd d;
    char reason[INTERCHANGE_REASON_CAP];
    int rc = interchange_parse_date(v, strlen(v), &d, reason);
    if (rc == INTERCHANGE_OK)
        date_format(d, out);
    else if (rc == INTERCHANGE_EMPTY && must)
        problem(r, col, "必須の項目が空です");
    else if (rc == INTERCHANGE_INVALID)
        problem(r, col, reason);
}

/* An instant; false when absent or refused (then a problem says so, if it was given or must). */
static bool instant_field(const reading *r, int col, bool must, int64_t *out)
{
    const char *v = must ? required(r, col) : field(r, col);
    if (!v)
        return false;
    char reason[INTERCHANGE_REASON_CAP];
    int rc = interchange_parse_instant(v, strlen(v), out, reason);
    if (rc == INTERCHANGE_OK)
        return true;
    if (rc == INTERCHANGE_INVALID)
        problem(r, col, reason);
    else if (must)
        problem(r, col, "必須の項目が空です");
    return false;
}

/* 0 or 1; empty is 0 (or -1 where "not given" matters: pass none = -1). */
static int flag_field(const reading *r, int col, int none)
{
    const char *v = field(r, col);
    if (!v)
        return none;
    if (strcmp(v, "0") == 0 || strcmp(v, "1") == 0)
        return v[0] - '0';
    problem(r, col, "0 か 1 で指定してください");
    return none;
}

/* A code checked by known (NULL when it is not known: then a problem). */
static const char *code_field(const reading *r, int col, bool must, bool (*known)(const char *))
{
    const char *v = must ? required(r, col) : field(r, col);
    if (v && !known(v)) {
        char reason[IMPORT_REASON_CAP];
        snprintf(reason, sizeof reason, "選択肢にない値です: %.60s", v);
        problem(r, col, reason);
        return NULL;
    }
    return v;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* A `;` list into out. */
static void list_field(const reading *r, int col, bool must, import_list *out)
{
    out->count = 0;
    const char *v = must ? required(r, col) : field(r, col);
    if (!v)
        return;
    size_t len = strlen(v);
    if (len >= sizeof out->text) {
        problem(r, col, "長すぎます");
        return;
    }
    memcpy(out->text, v, len + 1);
    char *p = out->text;
    for (;;) {
        char *end = strchr(p, ';');
        if (end)
            *end = '\0';
        while (is_space(*p))
            p++;
        char *last = p + strlen(p);
        while (last > p && is_space(last[-1]))
            *--last = '\0';
        if (*p && out->count == IMPORT_LIST_MAX) {
            problem(r, col, "項目が多すぎます（20まで）");
            return;
        }
        if (*p)
            out->item[out->count++] = p;
        if (!end)
            break;
        p = end + 1;
    }
    if (must && out->count == 0)
        problem(r, col, "必須の項目が空です");
}

static void check_list(const reading *r, int col, const import_list *l, bool (*known)(const char *))
{
    for (int i = 0; i < l->count; i++) {
        char reason[IMPORT_REASON_CAP];
        if (!known(l->item[i])) {
            snprintf(reason, sizeof reason, "選択肢にない値です: %.60s", l->item[i]);
            problem(r, col, reason);
        }
        for (int k = 0; k < i; k++)
            if (strcmp(l->item[k], l->item[i]) == 0) {
                snprintf(reason, sizeof reason, "二度指定されています: %.60s", l->item[i]);
                problem(r, col, reason);
            }
    }
}

/* ---- persons ---- */

static bool relation_known(const char *code)
{
    household_relation rel;
    return household_relation_from_code(code, &rel);
}

/* female, male, unknown, or the marks 女 男 不明. */
static const char *sex_code(const reading *r)
{
    static const char *const marks[][2] = {{"女", "female"}, {"男", "male"}, {"不明", "unknown"}};
    const char *v = field(r, P_SEX);
    if (!v)
        return NULL;
    person_sex s;
    if (person_sex_from_code(v, &s))
        return person_sex_code(s);
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strcmp(v, marks[i][0]) == 0)
            return marks[i][1];
    problem(r, P_SEX, "female, male, unknown（または 女, 男）で指定してください");
    return NULL;
}

void import_read_person(const import_fields *f, import_person *out, import_problems *pr)
{
    reading r = {f, person_columns, pr};
    *out = (import_person){
        .external_id = external_id(&r, P_ID),
        .family_name = required(&r, P_FAMILY),
        .given_name = field(&r, P_GIVEN),
        .family_name_kana = required(&r, P_FAMILY_KANA),
        .given_name_kana = field(&r, P_GIVEN_KANA),
        .resident_id = field(&r, P_RESIDENT),
        .address = field(&r, P_ADDRESS),
        .phone = field(&r, P_PHONE),
        .household_external_id = field(&r, P_HOUSEHOLD),
        .relation = code_field(&r, P_RELATION, false, relation_known),
    };
    date_field(&r, P_BIRTH, false, out->birth_date); /* the problems in the columns' order */
    out->sex = sex_code(&r);
    if (out->household_external_id && !field(&r, P_RELATION))
        problem(&r, P_RELATION, "世帯を指定するときは続柄も指定してください");
    if (!out->household_external_id && out->relation)
        problem(&r, P_HOUSEHOLD, "続柄は世帯を指定するときに指定します");
}

/* ---- pregnancies ---- */

static int weeks_field(const reading *r)
{
    const char *v = required(r, G_WEEKS);
    if (!v)
        return -1;
    int weeks = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || weeks > 45) {
            weeks = 99;
            break;
        }
        weeks = weeks * 10 + (*p - '0');
    }
    if (weeks > 45) {
        problem(r, G_WEEKS, "0〜45 の整数（週）で指定してください");
        return -1;
    }
    return weeks;
}

/* The codes of one answers column set to value. */
static void answers_field(const reading *r, int col, import_answer value, import_pregnancy *out)
{
    import_list l;
    list_field(r, col, false, &l);
    for (int i = 0; i < l.count; i++) {
        char reason[IMPORT_REASON_CAP];
        int q = risk_code_index(l.item[i]);
        if (q < 0 || risk_code_is_derived(q)) {
            snprintf(reason, sizeof reason,
                     q < 0 ? "質問のコードではありません: %.60s"
                           : "自動で判定される項目です（回答できません）: %.60s",
                     l.item[i]);
            problem(r, col, reason);
        } else if (out->answers[q] != IMPORT_UNASKED) {
            snprintf(reason, sizeof reason,
                     "answers と answers_no の両方、または二度あります: %.60s", l.item[i]);
            problem(r, col, reason);
        } else {
            out->answers[q] = value;
        }
    }
}

void import_read_pregnancy(const import_fields *f, import_pregnancy *out, import_problems *pr)
{
    reading r = {f, pregnancy_columns, pr};
    *out = (import_pregnancy){
        .external_id = external_id(&r, G_ID),
        .mother_external_id = external_id(&r, G_MOTHER),
        .weeks = weeks_field(&r),
        .multiple = flag_field(&r, G_MULTIPLE, 0) == 1,
        .after_birth = flag_field(&r, G_AFTER_BIRTH, 0) == 1,
    };
    date_field(&r, G_NOTIFIED, true, out->notified_on);
    date_field(&r, G_DUE, false, out->due_date);
    answers_field(&r, G_ANSWERS, IMPORT_YES, out);
    answers_field(&r, G_ANSWERS_NO, IMPORT_NO, out);
}

/* ---- reports ---- */

static bool report_kind_known(const char *code)
{
    return workflow_kind_from_code(code) != REPORT_KIND_NONE;
}

static bool route_known(const char *code)
{
    return report_route_label(code) != NULL;
}

static bool abuse_type_known(const char *code)
{
    return report_abuse_type_label(code) != NULL;
}

static bool perpetrator_known(const char *code)
{
    return report_perpetrator_label(code) != NULL;
}

static bool any_id(const char *code)
{
    return validate_utf8_chars(code, strlen(code)) <= IMPORT_EXTERNAL_ID_MAX;
}

/* The history given must be one the workflow can have had: a consultation has no safety
 * confirmation, an abuse report is closed only after one, and nothing comes before the call. */
static void check_history(const reading *r, import_report *out)
{
    bool abuse = out->kind && workflow_kind_from_code(out->kind) == REPORT_ABUSE;
    if (out->kind && !abuse && out->has_safety_confirmed_at)
        problem(r, R_SAFETY, "相談には現認（安全確認）を記録しません");
    if (abuse && out->closed_on[0] && !out->has_safety_confirmed_at)
        problem(r, R_CLOSED, "虐待通告の終結には safety_confirmed_at（現認の日時）も必要です");
    if (out->received_at && out->has_safety_confirmed_at &&
        out->safety_confirmed_at < out->received_at)
        problem(r, R_SAFETY, "受付日時より前です");
    char received_on[11] = "";
    if (out->received_at)
        date_format(date_jst_of_instant(out->received_at), received_on);
    if (out->closed_on[0] && received_on[0] && strcmp(out->closed_on, received_on) < 0)
        problem(r, R_CLOSED, "受付日より前です");
    if (abuse && out->kind && !out->abuse_types.count)
        problem(r, R_TYPES, "虐待通告には虐待種別が必要です");
}

void import_read_report(const import_fields *f, import_report *out, import_problems *pr)
{
    reading r = {f, report_columns, pr};
    *out = (import_report){
        .external_id = external_id(&r, R_ID),
        .kind = code_field(&r, R_KIND, true, report_kind_known),
        .route = code_field(&r, R_ROUTE, true, route_known),
        .main_perpetrator = code_field(&r, R_PERPETRATOR, false, perpetrator_known),
        .summary = field(&r, R_SUMMARY),
    };
    if (!instant_field(&r, R_RECEIVED, true, &out->received_at))
        out->received_at = 0;
    list_field(&r, R_TYPES, false, &out->abuse_types);
    check_list(&r, R_TYPES, &out->abuse_types, abuse_type_known);
    list_field(&r, R_CHILDREN, true, &out->children);
    check_list(&r, R_CHILDREN, &out->children, any_id);
    out->has_safety_confirmed_at = instant_field(&r, R_SAFETY, false, &out->safety_confirmed_at);
    date_field(&r, R_CLOSED, false, out->closed_on);
    check_history(&r, out);
}

/* ---- visits ---- */

void import_read_visit(const import_fields *f, import_visit *out, import_problems *pr)
{
    reading r = {f, visit_columns, pr};
    *out = (import_visit){
        .external_id = external_id(&r, V_ID),
        .person_external_id = external_id(&r, V_PERSON),
        .kind = required(&r, V_KIND),
        .checkup = field(&r, V_CHECKUP),
        .attended = flag_field(&r, V_ATTENDED, -1),
        .note = field(&r, V_NOTE),
    };
    date_field(&r, V_ON, true, out->on);
    if (!out->kind)
        return;
    visit_kind k = visit_kind_from_code(out->kind);
    if (k == VISIT_KIND_NONE) {
        problem(&r, V_KIND, "newborn_visit, postpartum_care, checkup のいずれかです");
        return;
    }
    const vocab *subtypes = visit_subtypes(k);
    if (!subtypes && out->checkup)
        problem(&r, V_CHECKUP, "こんにちは赤ちゃん訪問には指定しません");
    else if (subtypes && !out->checkup)
        problem(&r, V_CHECKUP,
                k == VISIT_CHECKUP ? "健診の種類（4m, 18m, 3y）が必要です"
                                   : "産後ケアの種類（stay, day, home）が必要です");
    else if (subtypes && vocab_index(subtypes, out->checkup) < 0)
        problem(&r, V_CHECKUP, "選択肢にない値です");
    if (out->attended == 0 && k != VISIT_CHECKUP)
        problem(&r, V_ATTENDED, "未受診（0）は健診だけです");
}

const char *import_external_id(import_kind k, const import_fields *f)
{
    size_t n;
    const csv_column *columns = import_columns(k, &n);
    reading r = {f, columns, NULL};
    return columns ? field(&r, 0) : NULL; /* external_id is every kind's first column */
}
