#include "store/events.h"

int store_event_add(store_conn *c, const store_event *e)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO events (at, kind, section, summary, ref_type, ref_id, person_id,"
           " household_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, e->at);
    store_bind_text(st, 2, e->kind);
    store_bind_text(st, 3, e->section);
    store_bind_text(st, 4, e->summary);
    store_bind_text(st, 5, e->ref_type);
    store_bind_text(st, 6, e->ref_id);
    store_bind_text(st, 7, e->person_id);
    store_bind_text(st, 8, e->household_id);
    int rc = store_step(st);
    store_done(st);
    return rc;
}

int store_timeline(store_conn *c, const char *person_id, int64_t before_at, int64_t before_seq,
                   int limit, bool with_health, bool with_welfare, bool with_case,
                   store_event_fn fn, void *ctx)
{
    /* The person's events and their households' are found through their two indexes, then read
     * by key: `person_id = ? OR household_id IN (…)` is answered so by SQLite, but PostgreSQL
     * reads every event ever recorded for it (tests/pg/plans.mjs). */
    store_stmt *st = store_prepare(
        c, "SELECT seq, at, kind, section, summary, ref_type, ref_id, person_id, household_id"
           " FROM events WHERE seq IN (SELECT seq FROM events WHERE person_id = ?"
           " UNION ALL SELECT e.seq FROM household_members m JOIN events e"
           " ON e.household_id = m.household_id WHERE m.person_id = ?)"
           " AND (? = 0 OR (at, seq) < (?, ?))"
           " AND (? = 1 OR section <> 'health') AND (? = 1 OR section <> 'welfare')"
           " AND (? = 1 OR section <> 'case')"
           " ORDER BY at DESC, seq DESC LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, person_id);
    store_bind_text(st, 2, person_id);
    store_bind_int(st, 3, before_seq);
    store_bind_int(st, 4, before_at);
    store_bind_int(st, 5, before_seq);
    store_bind_int(st, 6, with_health);
    store_bind_int(st, 7, with_welfare);
    store_bind_int(st, 8, with_case);
    store_bind_int(st, 9, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_event e = {
            .seq = store_col_int(st, 0),
            .at = store_col_int(st, 1),
            .kind = store_col_text(st, 2),
            .section = store_col_text(st, 3),
            .summary = store_col_text(st, 4),
            .ref_type = store_col_text(st, 5),
            .ref_id = store_col_text(st, 6),
            .person_id = store_col_text(st, 7),
            .household_id = store_col_text(st, 8),
        };
        if (fn(ctx, &e) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
