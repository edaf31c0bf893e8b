#include "store/companion.h"

#define PERSON_BRIEF                                                                               \
    "p.id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.birth_date"

/* A record the import marked as history (store/imports.h) raises no alert. */
#define NOT_QUIET(id) " AND NOT EXISTS (SELECT 1 FROM alerts_quiet q WHERE q.record_id = " id ")"

#define DONE_SINCE(kind, since)                                                                    \
    " NOT EXISTS (SELECT 1 FROM visits v WHERE v.person_id = pg.mother_id AND v.kind = '" kind     \
    "' AND v.status = 'done' AND v.on_date >= " since ")"

/* Still pregnant as far as the record knows: notified before the birth, no child recorded. */
#define EXPECTING                                                                                  \
    " FROM pregnancies pg JOIN persons p ON p.id = pg.mother_id WHERE pg.notified_on >= ?"         \
    " AND pg.notified_after_birth = 0 AND NOT EXISTS (SELECT 1 FROM pregnancy_children pc"         \
    " WHERE pc.pregnancy_id = pg.id)" NOT_QUIET("pg.id")

static const char notification_sql[] =
    "SELECT pg.notified_on, pg.id, " PERSON_BRIEF EXPECTING
    " AND" DONE_SINCE("companion_notification", "pg.notified_on");

static const char eighth_month_sql[] = "SELECT pg.due_date, pg.id, " PERSON_BRIEF
                                       ", pg.notified_on, pg.weeks_at_notification" EXPECTING
                                       " AND" DONE_SINCE("companion_8m", "pg.notified_on");

static const char postnatal_sql[] =
    "SELECT b.birth, pg.id, " PERSON_BRIEF " FROM (SELECT pc.pregnancy_id AS pregnancy_id,"
    " MIN(c.birth_date) AS birth FROM pregnancy_children pc JOIN persons c ON c.id = pc.child_id"
    " WHERE c.birth_date >= ?" NOT_QUIET("c.id") " GROUP BY pc.pregnancy_id) b"
                                                 " JOIN pregnancies pg ON pg.id = b.pregnancy_id "
                                                 "JOIN persons p ON p.id = pg.mother_id"
                                                 " WHERE" DONE_SINCE("companion_postnatal",
                                                                     "b.birth") NOT_QUIET("pg.id");

static int each_open(store_stmt *st, pool *p, const char *since, bool estimate, store_alert_fn fn,
                     void *ctx)
{
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, since);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_alert_row a = {.weeks_at_notification = -1};
        a.base_date = store_col_dup(st, 0, p);
        a.ref_id = store_col_dup(st, 1, p);
        a.person.id = store_col_dup(st, 2, p);
        a.person.family_name = store_col_dup(st, 3, p);
        a.person.given_name = store_col_dup(st, 4, p);
        a.person.family_name_kana = store_col_dup(st, 5, p);
        a.person.given_name_kana = store_col_dup(st, 6, p);
        a.person.birth_date = store_col_dup(st, 7, p);
        if (estimate) {
            a.notified_on = store_col_dup(st, 8, p);
            if (!store_col_is_null(st, 9))
                a.weeks_at_notification = (int)store_col_int(st, 9);
        }
        if (fn(ctx, &a) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_companion_notification_open(store_conn *c, pool *p, const char *since, store_alert_fn fn,
                                      void *ctx)
{
    return each_open(store_prepare(c, notification_sql), p, since, false, fn, ctx);
}

int store_companion_8m_open(store_conn *c, pool *p, const char *since, store_alert_fn fn, void *ctx)
{
    return each_open(store_prepare(c, eighth_month_sql), p, since, true, fn, ctx);
}

int store_companion_postnatal_open(store_conn *c, pool *p, const char *since, store_alert_fn fn,
                                   void *ctx)
{
    return each_open(store_prepare(c, postnatal_sql), p, since, false, fn, ctx);
}

#define FIRST_DONE(kind, agg)                                                                      \
    "(SELECT " agg                                                                                 \
    "(v.on_date) FROM visits v WHERE v.person_id = pg.mother_id AND v.kind = '" kind               \
    "' AND v.status = 'done' AND v.on_date >= pg.notified_on)"

typedef struct stats_rows {
    store_stats_companion_fn fn;
    void *ctx;
} stats_rows;

static int stats_row(store_stmt *st, void *arg)
{
    stats_rows *r = arg;
    store_stats_companion_row row = {
        .notified_on = store_col_text(st, 0),
        .weeks_at_notification = store_col_is_null(st, 1) ? -1 : (int)store_col_int(st, 1),
        .notified_after_birth = store_col_int(st, 2) != 0,
        .due_date = store_col_text(st, 3),
        .birth_date = store_col_text(st, 4),
        .notification_on = store_col_text(st, 5),
        .eighth_month_on = store_col_text(st, 6),
        .postnatal_on = store_col_text(st, 7),
    };
    return r->fn(r->ctx, &row);
}

int store_stats_companion(store_conn *c, const char *from, const char *until,
                          store_stats_companion_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(
        c, "SELECT pg.notified_on, pg.weeks_at_notification, pg.notified_after_birth,"
           " pg.due_date, (SELECT MIN(ch.birth_date) FROM pregnancy_children pc"
           " JOIN persons ch ON ch.id = pc.child_id WHERE pc.pregnancy_id = pg.id), " FIRST_DONE(
               "companion_notification",
               "MIN") ", " FIRST_DONE("companion_8m",
                                      "MIN") ", " FIRST_DONE("companion_postnatal",
                                                             "MAX") " FROM pregnancies pg"
                                                                    " WHERE pg.notified_on >= ? "
                                                                    "AND pg.notified_on < ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, from);
    store_bind_text(st, 2, until);
    stats_rows r = {.fn = fn, .ctx = ctx};
    return store_each_row(st, stats_row, &r);
}
