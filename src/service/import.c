#include "service/import.h"

#include "service/alerts.h"
#include "service/households.h"
#include "service/persons.h"
#include "service/pregnancies.h"
#include "service/reports.h"
#include "service/visits.h"
#include "store/households.h"
#include "store/imports.h"
#include "store/persons.h"
#include "util/cp932.h"
#include "util/random.h"

#include <stdlib.h>
#include <string.h>

enum { PROGRESS_EVERY_ROWS = 1000 };

/* One import as it runs. */
typedef struct run {
    svc_ctx *ctx;
    const svc_import_input *in;
    svc_import_result *out;
    pool *keep; /* the result's pool (ctx->pool at the start); ctx->pool is a row's */
    char import_id[RANDOM_ID_LEN + 1];
    char alerts_from[11];
    int64_t alerts_from_at; /* its first instant, in Japan */
    svc_result fatal;       /* BUSY or ERROR: the import stops */
    size_t line;            /* of the row being imported */
    /* The persons' households, joined after the last row: each household is made (or its
     * members written) once with all its members of the file, not once per member. */
    struct joining *joins;
    size_t join_count, join_cap;
} run;

typedef struct joining {
    char *household, *person_id, *relation; /* malloc'd */
    size_t line;
} joining;

/* ---- errors ---- */

static void add_error(run *r, size_t line, const char *column, const char *reason)
{
    svc_import_result *o = r->out;
    if (o->error_count == SVC_IMPORT_ERRORS_MAX) {
        o->errors_not_listed++;
        return;
    }
    if (o->error_count % 64 == 0) {
        svc_import_error *grown =
            pool_alloc(r->keep, sizeof *grown * (size_t)(o->error_count + 64));
        if (o->error_count)
            memcpy(grown, o->errors, sizeof *grown * (size_t)o->error_count);
        o->errors = grown;
    }
    o->errors[o->error_count++] = (svc_import_error){.line = line,
                                                     .column = pool_strdup(r->keep, column),
                                                     .reason = pool_strdup(r->keep, reason)};
}

/* The column of the file a use case's field came from ("child_ids[1]" → child_external_ids,
 * "abuse_types[0]" → abuse_types); a step's own fields ("at") are the caller's column. */
static const char *column_of(pool *p, const char *field, const char *otherwise)
{
    static const char *const names[][2] = {
        {"mother_id", "mother_external_id"},
        {"child_ids", "child_external_ids"},
        {"person_id", "person_external_id"},
        {"members", "household_external_id"},
        {"subtype", "checkup"},
        {"status", "attended"},
        {"notes", "note"},
        {"at", NULL},
        {"seen_by", NULL},
        {"step", NULL},
        {"urgency", NULL},
    };
    if (!field)
        return otherwise ? otherwise : "-";
    size_t len = strcspn(field, "[.");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i][0]) == len && strncmp(field, names[i][0], len) == 0)
            return names[i][1] ? names[i][1] : otherwise ? otherwise : "-";
    return pool_strndup(p, field, len); /* a column of the same name */
}

/* A use case's refusal as the row's error; BUSY and ERROR stop the import. */
static bool row_failed(run *r, svc_result res, const char *column)
{
    if (res.status == SVC_OK)
        return false;
    if (res.status == SVC_BUSY || res.status == SVC_ERROR) {
        if (r->fatal.status == SVC_OK)
            r->fatal = res;
        return true;
    }
    const char *reason = res.message;
    if (!reason)
        reason = res.code && strcmp(res.code, "missing_field") == 0 ? "必須の項目が空です"
                 : res.status == SVC_INVALID_TRANSITION ? "この経過は記録できません"
                                                        : "正しくありません";
    add_error(r, r->line, column_of(r->ctx->pool, res.field, column), reason);
    return true;
}

static bool store_failed(run *r, int rc)
{
    if (rc == STORE_OK)
        return false;
    return row_failed(r, svc_from_store(rc == STORE_NOT_FOUND ? STORE_ERROR : rc), NULL);
}

/* ---- references ---- */

/* The record an earlier row of kind made for external_id; NULL (and the row's error) when none. */
static const char *resolve(run *r, const char *kind, const char *external_id, const char *column)
{
    char *id = NULL;
    int rc = store_import_record_find(r->ctx->db, r->ctx->pool, kind, external_id, &id);
    if (rc == STORE_OK)
        return id;
    if (rc != STORE_NOT_FOUND) {
        store_failed(r, rc);
        return NULL;
    }
    const char *reason = pool_printf(
        r->ctx->pool, "%s の %s が見つかりません（先に取り込んでください）", kind, external_id);
    add_error(r, r->line, column, reason);
    return NULL;
}

static bool noted(run *r, const char *kind, const char *external_id, const char *record_id)
{
    return !store_failed(r, store_import_record_add(r->ctx->db, kind, external_id, record_id,
                                                    r->import_id, (int64_t)r->line));
}

static bool quieted(run *r, const char *record_id)
{
    return !store_failed(r, store_alerts_quiet_add(r->ctx->db, record_id));
}

/* ---- persons ---- */

static void join_later(run *r, const import_person *p, const char *person_id)
{
    if (r->join_count == r->join_cap) {
        r->join_cap = r->join_cap ? r->join_cap * 2 : 1024;
        r->joins = util_xrealloc(r->joins, sizeof *r->joins * r->join_cap);
    }
    r->joins[r->join_count++] = (joining){.household = util_xstrdup(p->household_external_id),
                                          .person_id = util_xstrdup(person_id),
                                          .relation = util_xstrdup(p->relation),
                                          .line = r->line};
}

static int by_household_then_line(const void *x, const void *y)
{
    const joining *a = x, *b = y;
    int c = strcmp(a->household, b->household);
    return c ? c : a->line < b->line ? -1 : a->line > b->line;
}

/* The members of one household of the file (joins[0..n)): the household made by them, or
 * joined by them when an earlier import made it (the whole member list written again, as the
 * API does). A refusal is the row of its first member's. */
static bool join_household(run *r, const joining *joins, size_t n)
{
    svc_ctx *ctx = r->ctx;
    r->line = joins[0].line;
    char *id = NULL;
    int rc = store_import_record_find(ctx->db, ctx->pool, "households", joins[0].household, &id);
    if (rc != STORE_OK && rc != STORE_NOT_FOUND)
        return !store_failed(r, rc);
    store_household h = {0};
    if (rc == STORE_OK && store_failed(r, store_household_get(ctx->db, ctx->pool, id, &h)))
        return false;
    size_t total = (size_t)h.member_count + n;
    store_member *members = pool_zalloc(ctx->pool, sizeof *members * total);
    for (int i = 0; i < h.member_count; i++)
        members[i] = h.members[i];
    for (size_t i = 0; i < n; i++)
        members[(size_t)h.member_count + i] =
            (store_member){.person_id = joins[i].person_id, .relation = joins[i].relation};
    svc_household_input in = {
        .present = SVC_HOUSEHOLD_MEMBERS, .members = members, .member_count = (int)total};
    store_household made;
    if (rc == STORE_OK)
        return !row_failed(r, svc_households_update(ctx, id, h.version, &in, &made),
                           "household_external_id");
    store_person first;
    if (store_failed(r, store_person_get(ctx->db, ctx->pool, joins[0].person_id, &first)))
        return false;
    in.present = SVC_HOUSEHOLD_ALL;
    in.name = pool_printf(ctx->pool, "%s世帯", first.family_name);
    if (row_failed(r, svc_households_create(ctx, &in, &made), "household_external_id"))
        return false;
    return noted(r, "households", joins[0].household, made.id);
}

/* Every household of the file, after its persons. */
static void join_households(run *r)
{
    if (r->join_count == 0)
        return; /* no file's person names a household (qsort is not given NULL) */
    qsort(r->joins, r->join_count, sizeof *r->joins, by_household_then_line);
    for (size_t i = 0, n; i < r->join_count && r->fatal.status == SVC_OK; i += n) {
        for (n = 1;
             i + n < r->join_count && strcmp(r->joins[i + n].household, r->joins[i].household) == 0;
             n++)
            ;
        pool *group = pool_create();
        r->ctx->pool = group;
        join_household(r, &r->joins[i], n);
        r->ctx->pool = r->keep;
        pool_destroy(group);
    }
}

static void joins_free(run *r)
{
    for (size_t i = 0; i < r->join_count; i++) {
        free(r->joins[i].household);
        free(r->joins[i].person_id);
        free(r->joins[i].relation);
    }
    free(r->joins);
    r->joins = NULL;
    r->join_count = r->join_cap = 0;
}

/* A child born within the newborn-visit alert's window before alerts_from is history. */
static bool newborn_before(const run *r, const char *birth_date)
{
    if (!birth_date[0] || strcmp(birth_date, r->alerts_from) >= 0)
        return false;
    date_ymd from;
    if (!date_parse(r->alerts_from, 10, &from))
        return false;
    char window[11];
    date_format(date_add_months(from, -SVC_ALERTS_NEWBORN_WINDOW_MONTHS), window);
    return strcmp(birth_date, window) >= 0;
}

static bool import_person_row(run *r, const import_fields *f, import_problems *pr)
{
    import_person p;
    import_read_person(f, &p, pr);
    if (pr->count)
        return false;
    svc_person_input in = {.present = SVC_PERSON_ALL,
                           .family_name = p.family_name,
                           .given_name = p.given_name,
                           .family_name_kana = p.family_name_kana,
                           .given_name_kana = p.given_name_kana,
                           .birth_date = p.birth_date[0] ? p.birth_date : NULL,
                           .sex = p.sex,
                           .address = p.address,
                           .phone = p.phone,
                           .resident_id = p.resident_id};
    svc_person_created made;
    if (row_failed(r, svc_persons_create(r->ctx, &in, &made), NULL))
        return false;
    const char *id = made.person.id;
    if (p.household_external_id)
        join_later(r, &p, id);
    if (newborn_before(r, p.birth_date) && !quieted(r, id))
        return false;
    return noted(r, "persons", p.external_id, id);
}

/* ---- pregnancies ---- */

static bool import_pregnancy_row(run *r, const import_fields *f, import_problems *pr)
{
    import_pregnancy g;
    import_read_pregnancy(f, &g, pr);
    if (pr->count)
        return false;
    const char *mother = resolve(r, "persons", g.mother_external_id, "mother_external_id");
    if (!mother)
        return false;
    static const svc_answer answer_of[] = {[IMPORT_UNASKED] = SVC_ANSWER_KEEP,
                                           [IMPORT_NO] = SVC_ANSWER_NO,
                                           [IMPORT_YES] = SVC_ANSWER_YES};
    svc_pregnancy_input in = {.mother_id = mother,
                              .notified_on = g.notified_on,
                              .weeks = g.weeks,
                              .after_birth = g.after_birth,
                              .due_date = g.due_date[0] ? g.due_date : NULL,
                              .multiple = g.multiple};
    for (int q = 0; q < RISK_CODE_COUNT; q++)
        in.answers[q] = answer_of[g.answers[q]];
    store_pregnancy made;
    if (row_failed(r, svc_pregnancies_record(r->ctx, &in, &made), NULL))
        return false;
    return noted(r, "pregnancies", g.external_id, made.id);
}

/* ---- reports ---- */

static bool step(run *r, const char *report_id, report_step s, int64_t at,
                 const svc_report_intake *intake, const char *column)
{
    svc_report_step_in in = {
        .report_id = report_id, .step = workflow_step_code(s), .has_at = true, .at = at};
    if (s == STEP_SAFETY_CONFIRMED) {
        in.has_child_ids = true;
        in.child_ids = intake->child_ids;
        in.child_count = intake->child_count;
    }
    svc_report_view v;
    return !row_failed(r, svc_report_add_event(r->ctx, &in, &v), column);
}

/* The workflow taken as done up to the safety confirmation, then to the closing: each step of
 * domain.md's workflow recorded by the import at the instant the file gives. */
static bool history(run *r, const import_report *p, const char *id, const svc_report_intake *in)
{
    bool abuse = workflow_kind_from_code(p->kind) == REPORT_ABUSE;
    int64_t closed_at = 0;
    if (p->closed_on[0]) {
        date_ymd d;
        if (!date_parse(p->closed_on, 10, &d))
            return false;
        closed_at = date_jst_midnight(d);
        int64_t last = p->has_safety_confirmed_at ? p->safety_confirmed_at : p->received_at;
        if (closed_at < last)
            closed_at = last; /* closed the same day, after the last step */
    }
    if ((p->has_safety_confirmed_at || closed_at) &&
        !step(r, id, STEP_JURI, p->received_at, in, "received_at"))
        return false;
    if (p->has_safety_confirmed_at &&
        !step(r, id, STEP_SAFETY_CONFIRMED, p->safety_confirmed_at, in, "safety_confirmed_at"))
        return false;
    if (!closed_at)
        return true;
    if (!step(r, id, STEP_POLICY, closed_at, in, "closed_on"))
        return false;
    if (!abuse && !step(r, id, STEP_SUPPORT, closed_at, in, "closed_on"))
        return false;
    return step(r, id, STEP_CLOSED, closed_at, in, "closed_on");
}

static bool import_report_row(run *r, const import_fields *f, import_problems *pr)
{
    import_report p;
    import_read_report(f, &p, pr);
    if (pr->count)
        return false;
    const char **children = pool_zalloc(r->ctx->pool, sizeof *children * (size_t)p.children.count);
    bool all = true;
    for (int i = 0; i < p.children.count; i++)
        all &=
            (children[i] = resolve(r, "persons", p.children.item[i], "child_external_ids")) != NULL;
    if (!all)
        return false;
    svc_report_intake in = {.kind = p.kind,
                            .has_received_at = true,
                            .received_at = p.received_at,
                            .route = p.route,
                            .abuse_types = p.abuse_types.item,
                            .abuse_type_count = p.abuse_types.count,
                            .main_perpetrator = p.main_perpetrator,
                            .summary = p.summary,
                            .child_ids = children,
                            .child_count = p.children.count};
    svc_report_view made;
    if (row_failed(r, svc_report_create(r->ctx, &in, &made), NULL))
        return false;
    const char *id = made.report.id;
    if (!history(r, &p, id, &in))
        return false;
    bool open_safety = workflow_kind_from_code(p.kind) == REPORT_ABUSE &&
                       !p.has_safety_confirmed_at && !p.closed_on[0];
    if (open_safety && p.received_at < r->alerts_from_at && !quieted(r, id))
        return false;
    return noted(r, "reports", p.external_id, id);
}

/* ---- visits ---- */

static bool import_visit_row(run *r, const import_fields *f, import_problems *pr)
{
    import_visit v;
    import_read_visit(f, &v, pr);
    if (pr->count)
        return false;
    const char *person = resolve(r, "persons", v.person_external_id, "person_external_id");
    if (!person)
        return false;
    char today[11];
    date_format(r->ctx->today, today);
    const char *status = v.attended == 1           ? "done"
                         : v.attended == 0         ? "missed"
                         : strcmp(v.on, today) > 0 ? "scheduled"
                                                   : "done";
    svc_visit_input in = {.person_id = person,
                          .kind = v.kind,
                          .subtype = v.checkup,
                          .on = v.on,
                          .status = status,
                          .notes = v.note};
    store_visit made;
    if (row_failed(r, svc_visits_record(r->ctx, &in, &made), NULL))
        return false;
    if (v.attended == 0 && strcmp(v.on, r->alerts_from) < 0 && !quieted(r, made.id))
        return false;
    return noted(r, "visits", v.external_id, made.id);
}

/* ---- the file ---- */

typedef bool (*row_fn)(run *r, const import_fields *f, import_problems *pr);

static const row_fn row_of[IMPORT_KIND_COUNT] = {
    [IMPORT_PERSONS] = import_person_row,
    [IMPORT_PREGNANCIES] = import_pregnancy_row,
    [IMPORT_REPORTS] = import_report_row,
    [IMPORT_VISITS] = import_visit_row,
};

/* One row in its own savepoint (unless unguarded): undone alone when refused. */
static void import_row(run *r, const import_fields *f)
{
    svc_ctx *ctx = r->ctx;
    const char *kind = import_kind_code(r->in->kind);
    const char *external_id = import_external_id(r->in->kind, f);
    char *known = NULL;
    if (external_id) {
        int rc = store_import_record_find(ctx->db, ctx->pool, kind, external_id, &known);
        if (rc == STORE_OK) {
            r->out->skipped++;
            return;
        }
        if (rc != STORE_NOT_FOUND) {
            store_failed(r, rc);
            return;
        }
    }
    import_problems pr = {.count = 0};
    /* A report's row runs several use cases (the intake, then its history): undone together.
     * The other kinds' rows run one, which undoes itself. Unguarded (the first pass), a refused
     * row is undone with everything by the pass's rollback. */
    bool several = r->in->kind == IMPORT_REPORTS && !ctx->unguarded;
    if (several && store_failed(r, store_savepoint(ctx->db)))
        return;
    bool ok = row_of[r->in->kind](r, f, &pr);
    for (int i = 0; i < pr.count; i++)
        add_error(r, r->line, pr.items[i].column, pr.items[i].reason);
    if (ok && (!several || store_release(ctx->db) == STORE_OK)) {
        r->out->imported++;
        return;
    }
    if (several)
        store_rollback_to(ctx->db);
    if (ok) /* the release failed */
        r->fatal = svc_error();
}

/* The line a byte offset of the raw file is on. */
static size_t line_at(const char *s, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset; i++)
        line += s[i] == '\n';
    return line;
}

/* The file as UTF-8 text (caller frees), or NULL with the error noted. */
static char *decoded(run *r, size_t *len)
{
    const svc_import_input *in = r->in;
    svc_import_encoding enc = in->encoding;
    if (enc == SVC_IMPORT_DETECT)
        enc =
            cp932_detect(in->data, in->len) == CP932_TEXT_UTF8 ? SVC_IMPORT_UTF8 : SVC_IMPORT_CP932;
    size_t bad = 0;
    if (enc == SVC_IMPORT_UTF8) {
        if (!cp932_is_utf8(in->data, in->len, &bad)) {
            add_error(r, line_at(in->data, bad), "-",
                      pool_printf(r->keep, "UTF-8 として読めないバイトがあります（%zu バイト目）",
                                  bad + 1));
            return NULL;
        }
        char *text = util_xmalloc(in->len + 1);
        memcpy(text, in->data, in->len);
        text[in->len] = '\0';
        *len = in->len;
        return text;
    }
    char *text = NULL;
    if (cp932_to_utf8(in->data, in->len, &text, len, &bad) != 0) {
        add_error(
            r, line_at(in->data, bad), "-",
            pool_printf(r->keep, "CP932 として読めないバイトがあります（%zu バイト目）", bad + 1));
        return NULL;
    }
    return text;
}

/* The first pass stops at the first bad row: what it wrote is not undone row by row. */
static bool stopped(const run *r)
{
    return r->fatal.status != SVC_OK || (r->ctx->unguarded && r->out->error_count > 0);
}

/* Reads the header and every row; the errors are collected. */
static void import_rows(run *r, const char *text, size_t len)
{
    csv_reader reader;
    csv_reader_init(&reader, text, len, NULL);
    csv_record rec;
    csv_error err;
    size_t n_columns;
    const csv_column *columns = import_columns(r->in->kind, &n_columns);
    int index_of[32];
    char reason[CSV_REASON_CAP];
    int rc = csv_read_next(&reader, &rec, &err);
    bool header_ok = false;
    if (rc == CSV_END)
        add_error(r, 1, "-", "見出しの行がありません");
    else if (rc == CSV_RECORD && csv_map_header(&rec, columns, n_columns, index_of, reason) != 0)
        add_error(r, rec.line, "-", reason);
    else
        header_ok = rc == CSV_RECORD;
    size_t header_fields = header_ok ? rec.n : 0;
    long rows = 0;
    /* Every row is checked, not only up to the first bad one (but in the unguarded pass). */
    while (header_ok && !stopped(r) && (rc = csv_read_next(&reader, &rec, &err)) == CSV_RECORD) {
        pool *row_pool = pool_create();
        r->ctx->pool = row_pool;
        r->ctx->read_count = r->ctx->read_cap = 0; /* the import shows no one anything */
        r->ctx->reads = NULL;
        r->line = rec.line;
        if (rec.n != header_fields)
            add_error(r, rec.line, "-",
                      pool_printf(r->keep, "列の数が見出しと違います（%zu 列、見出しは %zu 列）",
                                  rec.n, header_fields));
        else
            import_row(r, &(import_fields){.rec = &rec, .index_of = index_of});
        r->ctx->pool = r->keep;
        pool_destroy(row_pool);
        if (r->in->progress && ++rows % PROGRESS_EVERY_ROWS == 0)
            r->in->progress(r->in->progress_arg, (size_t)(reader.p - text), len);
    }
    if (rc == CSV_ERROR)
        add_error(r, err.line, "-", err.reason);
    else if (header_ok && !stopped(r))
        join_households(r);
    joins_free(r);
    if (r->in->progress && !(r->ctx->unguarded && stopped(r))) /* else drawn again */
        r->in->progress(r->in->progress_arg, len, len);
    csv_reader_free(&reader);
}

/* The import's own row, its counts and its audit, after the rows. */
static int finish(run *r)
{
    svc_ctx *ctx = r->ctx;
    int rc = store_import_counts(ctx->db, r->import_id, r->out->imported, r->out->skipped);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "import", "import", r->import_id, NULL);
    return rc;
}

static svc_result check_input(svc_ctx *ctx, const svc_import_input *in, run *r)
{
    if (!svc_may(ctx, PERM_IMPORT))
        return svc_forbidden(NULL);
    if (ctx->in_transaction || !import_kind_code(in->kind))
        return svc_error();
    date_ymd from = ctx->today;
    if (in->alerts_from && !date_parse(in->alerts_from, strlen(in->alerts_from), &from))
        return svc_invalid("alerts_from", "YYYY-MM-DD の日付で指定してください。");
    date_format(from, r->alerts_from);
    r->alerts_from_at = date_jst_midnight(from);
    return svc_ok();
}

/* The rows inside the import's transaction; committed only when every row is good. Unguarded,
 * no row has a savepoint of its own and the first bad row stops the pass (its errors are then
 * incomplete: the caller runs a guarded pass for them). */
static svc_result import_in_transaction(run *r, const char *text, size_t len, bool unguarded)
{
    svc_ctx *ctx = r->ctx;
    store_import imp = {.id = r->import_id,
                        .kind = import_kind_code(r->in->kind),
                        .file_name = r->in->file_name,
                        .at = ctx->now,
                        .by_user = ctx->user_id,
                        .alerts_from = r->alerts_from};
    int rc = store_begin(ctx->db);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    rc = store_import_insert(ctx->db, &imp);
    if (rc != STORE_OK) {
        store_rollback(ctx->db);
        return svc_from_store(rc);
    }
    bool was_system = ctx->system;
    ctx->in_transaction = ctx->system = true;
    ctx->unguarded = unguarded;
    ctx->import_id = r->import_id;
    import_rows(r, text, len);
    ctx->in_transaction = ctx->unguarded = false;
    ctx->system = was_system;
    ctx->import_id = NULL;
    if (r->fatal.status == SVC_OK && r->out->error_count == 0) {
        rc = finish(r);
        if (rc == STORE_OK)
            rc = store_commit(ctx->db);
        if (rc == STORE_OK)
            return svc_ok();
        r->fatal = svc_from_store(rc);
    }
    store_rollback(ctx->db);
    return r->fatal;
}

svc_result svc_import_run(svc_ctx *ctx, const svc_import_input *in, svc_import_result *out)
{
    *out = (svc_import_result){0};
    run r = {.ctx = ctx, .in = in, .out = out, .keep = ctx->pool, .fatal = svc_ok()};
    svc_result res = check_input(ctx, in, &r);
    if (res.status != SVC_OK)
        return res;
    random_id(r.import_id);
    size_t len = 0;
    char *text = decoded(&r, &len);
    if (text) {
        /* A good file takes one pass with no savepoint per row (on SQLite a savepoint copies
         * every page its row touches: 100,000 persons 24 → 20 s); a bad one is rolled back and
         * taken again with them, to list every bad row as the first pass could not. */
        res = import_in_transaction(&r, text, len, true);
        /* A failure too (on PostgreSQL a refused statement leaves the transaction unusable
         * until a savepoint is rolled back: the first pass could fail where rows would not). */
        if (res.status != SVC_OK || out->error_count || out->errors_not_listed) {
            *out = (svc_import_result){0};
            r.fatal = svc_ok();
            res = import_in_transaction(&r, text, len, false);
        }
        free(text);
    }
    if (res.status != SVC_OK)
        return res;
    if (out->error_count || out->errors_not_listed) {
        out->imported = out->skipped = 0;
        return (svc_result){.status = SVC_INVALID,
                            .code = "invalid_csv",
                            .message = "取り込めない行があります。何も取り込んでいません。"};
    }
    out->import_id = pool_strdup(ctx->pool, r.import_id);
    return svc_ok();
}

int svc_import_origin(svc_ctx *ctx, const char *kind, const char *record_id,
                      store_import_origin **out)
{
    store_import_origin *o = pool_alloc(ctx->pool, sizeof *o);
    int rc = o ? store_import_origin_get(ctx->db, ctx->pool, kind, record_id, o) : STORE_ERROR;
    *out = rc == STORE_OK ? o : NULL;
    return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}
