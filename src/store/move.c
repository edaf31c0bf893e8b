/* The table walk of a move (move.h): each table read with one SELECT and written with one bulk
 * load (store_copy_*), values as text, NULL as NULL. */
#include "store/move.h"
#include "util/log.h"

#include <inttypes.h>
#include <string.h>

#define MOVE_TABLE(name, columns)                                                                  \
    {                                                                                              \
        name, columns, "SELECT " columns " FROM " name, "SELECT COUNT(*) FROM " name               \
    }

/* The order of the migrations that made them: each table comes after the tables it refers to
 * (a table may refer to itself: users.approved_by, report_events.corrects; the target checks a
 * foreign key at the end of the table's copy). */
const store_move_table store_move_tables[STORE_MOVE_TABLES] = {
    MOVE_TABLE("users",
               "id, version, login, name, role, password_hash, totp_secret, disabled,"
               " created_at, updated_at, status, pending_reason, approved_by, approved_at"),
    MOVE_TABLE("sessions", "token_hash, user_id, csrf_token, created_at, last_seen_at"),
    MOVE_TABLE("login_failures", "login, at"),
    MOVE_TABLE("persons", "id, version, family_name, given_name, family_name_kana, given_name_kana,"
                          " birth_date, sex, address, phone, resident_id, duplicate_key,"
                          " created_at, updated_at"),
    MOVE_TABLE("person_keys", "key, person_id"),
    MOVE_TABLE("households", "id, version, name, address, created_at, updated_at"),
    MOVE_TABLE("household_members",
               "household_id, position, person_id, relation, from_date, to_date"),
    MOVE_TABLE("events",
               "seq, at, kind, section, summary, ref_type, ref_id, person_id, household_id"),
    MOVE_TABLE("audit", "seq, at, user_id, action, object_type, object_id, person_id, prev_hash,"
                        " hash, alg"),
    MOVE_TABLE("settings", "key, version, value, updated_at, updated_by"),
    MOVE_TABLE("pregnancies",
               "id, version, mother_id, notified_on, weeks_at_notification, notified_after_birth,"
               " due_date, multiple, answers, notes, risk_score, risk_level, flags, candidate,"
               " band, risk_table_version, created_at, updated_at, unasked_count"),
    MOVE_TABLE("pregnancy_children", "pregnancy_id, child_id"),
    MOVE_TABLE("screenings",
               "id, version, person_id, instrument, administered_on, answers, score, item_scores,"
               " flags, visit_id, notes, needs_followup, followup_on, followup_note, followup_by,"
               " followup_at, created_at, updated_at, self_harm"),
    MOVE_TABLE("visits", "id, version, person_id, kind, subtype, on_date, status, staff, notes,"
                         " followup_on, followup_note, followup_by, followup_at, created_at,"
                         " updated_at"),
    MOVE_TABLE("reports", "id, version, kind, received_at, received_by, route, abuse_types,"
                          " main_perpetrator, summary, urgent, reporter_name, reporter_relation,"
                          " reporter_contact, reporter_anonymous, reporter_intent, status, urgency,"
                          " safety_due_at, case_id, created_at, updated_at"),
    MOVE_TABLE("report_children", "report_id, position, child_id, confirmed_at, confirmed_by"),
    MOVE_TABLE("report_guardians", "report_id, position, person_id, relation"),
    MOVE_TABLE("report_events", "seq, report_id, step, at, note, urgency, attendees, child_ids,"
                                " seen_by, case_id, recorded_by, recorded_at, corrects"),
    MOVE_TABLE("audit_shown", "user_id, hour, person_id, object_type, object_id"),
};

enum { MAX_COLUMNS = 32, COLUMNS_TEXT = 512 };

/* "a, b, c" → {"a", "b", "c"} in text (the caller's buffer); the number of columns, -1 when they
 * do not fit. */
static int split_columns(const char *list, char text[COLUMNS_TEXT],
                         const char *columns[MAX_COLUMNS])
{
    if (strlen(list) >= COLUMNS_TEXT)
        return -1;
    strcpy(text, list);
    int n = 0;
    for (char *save = NULL, *name = strtok_r(text, ", ", &save); name;
         name = strtok_r(NULL, ", ", &save)) {
        if (n == MAX_COLUMNS)
            return -1;
        columns[n++] = name;
    }
    return n;
}

static int count_rows(store_conn *c, const store_move_table *t, int64_t *rows)
{
    store_stmt *st = store_prepare(c, t->count_sql);
    if (!st)
        return STORE_ERROR;
    int rc = store_step(st);
    *rows = rc == STORE_ROW ? store_col_int(st, 0) : -1;
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : rc;
}

int store_move_schema_version(store_conn *c, int *version)
{
    store_stmt *st = store_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!st)
        return STORE_ERROR;
    int rc = store_step(st);
    *version = rc == STORE_ROW ? (int)store_col_int(st, 0) : 0;
    store_done(st);
    return rc == STORE_ROW ? STORE_OK : rc;
}

int store_move_count(store_conn *c, int64_t rows[STORE_MOVE_TABLES])
{
    int rc = store_begin_read(c);
    for (int i = 0; rc == STORE_OK && i < STORE_MOVE_TABLES; i++)
        rc = count_rows(c, &store_move_tables[i], &rows[i]);
    store_end_read(c);
    return rc;
}

/* STORE_CONFLICT when a table of the target has rows (*table names it). */
static int refuse_rows(store_conn *to, const char **table)
{
    for (int i = 0; i < STORE_MOVE_TABLES; i++) {
        int64_t rows;
        int rc = count_rows(to, &store_move_tables[i], &rows);
        if (rc != STORE_OK)
            return rc;
        if (rows > 0) {
            *table = store_move_tables[i].name;
            return STORE_CONFLICT;
        }
    }
    return STORE_OK;
}

/* One table: its rows streamed from the SELECT into the bulk load. A failure leaves the bulk
 * load to the caller's rollback. */
static int copy_table(store_conn *from, store_conn *to, const store_move_table *t, int64_t *rows)
{
    char text[COLUMNS_TEXT];
    const char *columns[MAX_COLUMNS];
    const char *values[MAX_COLUMNS];
    int n = split_columns(t->columns, text, columns);
    store_stmt *st = n > 0 ? store_prepare(from, t->select_sql) : NULL;
    if (!st)
        return STORE_ERROR;
    *rows = 0;
    int rc = store_copy_begin(to, t->name, columns, n);
    while (rc == STORE_OK && (rc = store_step(st)) == STORE_ROW) {
        for (int i = 0; i < n; i++)
            values[i] = store_col_text(st, i);
        rc = store_copy_row(to, values);
        if (rc == STORE_OK)
            ++*rows;
    }
    store_done(st);
    return rc == STORE_OK ? store_copy_end(to) : rc;
}

int store_move(store_conn *from, store_conn *to, int64_t rows[STORE_MOVE_TABLES],
               const char **table)
{
    *table = NULL;
    memset(rows, 0, sizeof(int64_t) * STORE_MOVE_TABLES);
    int rc = store_begin_read(from);
    if (rc != STORE_OK)
        return rc;
    rc = store_begin(to);
    if (rc != STORE_OK) {
        store_end_read(from);
        return rc;
    }
    rc = refuse_rows(to, table);
    for (int i = 0; rc == STORE_OK && i < STORE_MOVE_TABLES; i++) {
        *table = store_move_tables[i].name;
        rc = copy_table(from, to, &store_move_tables[i], &rows[i]);
        if (rc == STORE_OK)
            log_info("move: %s: %" PRId64 " rows", *table, rows[i]);
    }
    if (rc == STORE_OK) {
        *table = NULL;
        rc = store_commit(to);
    } else {
        store_rollback(to);
    }
    store_end_read(from);
    return rc;
}
