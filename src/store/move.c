/* The table walk of a move (move.h): each table read with one SELECT and written with one bulk
 * load (store_copy_*), values as text, NULL as NULL. */
#include "store/move.h"
#include "util/log.h"

#include <inttypes.h>
#include <string.h>

/* Every table, in the order of the migrations that made them: each comes after the tables it
 * refers to (a table may refer to itself: users.approved_by, report_events.corrects; the target
 * checks a foreign key at the end of the table's copy). X(name, columns). */
/* clang-format off */
#define MOVE_TABLE_LIST(X)                                                                         \
    X("agencies", "id, version, name, kind, created_at, updated_at")                               \
    X("users", "id, version, login, name, role, password_hash, totp_secret, disabled,"             \
               " created_at, updated_at, status, pending_reason, approved_by, approved_at,"       \
               " agency_id")                                                                       \
    X("sessions", "token_hash, user_id, csrf_token, created_at, last_seen_at")                     \
    X("login_failures", "login, at")                                                               \
    X("persons", "id, version, family_name, given_name, family_name_kana, given_name_kana,"        \
                 " birth_date, sex, address, phone, resident_id, duplicate_key, created_at,"       \
                 " updated_at, address_protected, merged_into, affiliation")                        \
    X("person_keys", "key, person_id")                                                             \
    X("households", "id, version, name, address, created_at, updated_at")                          \
    X("household_members", "household_id, position, person_id, relation, from_date, to_date")     \
    X("events", "seq, at, kind, section, summary, ref_type, ref_id, person_id, household_id")      \
    X("audit", "seq, at, user_id, action, object_type, object_id, person_id, prev_hash, hash,"     \
               " alg")                                                                             \
    X("settings", "key, version, value, updated_at, updated_by")                                   \
    X("pregnancies", "id, version, mother_id, notified_on, weeks_at_notification,"                 \
                     " notified_after_birth, due_date, multiple, answers, notes, risk_score,"      \
                     " risk_level, flags, candidate, band, risk_table_version, created_at,"        \
                     " updated_at, unasked_count")                                                 \
    X("pregnancy_children", "pregnancy_id, child_id")                                              \
    X("screenings", "id, version, person_id, instrument, administered_on, answers, score,"         \
                    " item_scores, flags, visit_id, notes, needs_followup, followup_on,"           \
                    " followup_note, followup_by, followup_at, created_at, updated_at, self_harm") \
    X("visits", "id, version, person_id, kind, subtype, on_date, status, staff, notes,"            \
                " followup_on, followup_note, followup_by, followup_at, created_at, updated_at,"  \
                " infant_weight_g, feeding, mother_mood, mother_sleep, home_environment,"         \
                " home_note, next_contact_on, next_contact_kind")                                 \
    X("reports", "id, version, kind, received_at, received_by, route, abuse_types,"                \
                 " main_perpetrator, summary, urgent, reporter_name, reporter_relation,"           \
                 " reporter_contact, reporter_anonymous, reporter_intent, status, urgency,"        \
                 " safety_due_at, case_id, created_at, updated_at, lead_id, deputy_id")            \
    X("report_children", "report_id, position, child_id, confirmed_at, confirmed_by")              \
    X("report_guardians", "report_id, position, person_id, relation")                              \
    X("report_events", "seq, report_id, step, at, note, urgency, attendees, child_ids, seen_by,"   \
                       " case_id, recorded_by, recorded_at, corrects")                             \
    X("audit_shown", "user_id, hour, person_id, object_type, object_id")                          \
    X("conferences", "id, version, kind, held_on, place, chair_id, chair_name, minutes, created_by,"\
                     " created_at, updated_at")                                                    \
    X("cases", "id, version, household_id, status, lead_id, deputy_id, lead_agency_id, opened_on," \
               " opened_from_type, opened_from_id, opened_from_municipality, policy,"              \
               " last_reviewed_on, next_review_on, closed_on, close_reason, close_note, moved_to," \
               " closed_by, created_by, created_at, updated_at")                                   \
    X("case_subjects", "case_id, person_id, category, designated_by, designated_on, youtaikyo,"    \
                       " registered_on, unregistered_on, added_on, removed_on")                    \
    X("case_agencies", "case_id, agency_id")                                                       \
    X("conference_cases", "conference_id, case_id, position, discussion, next_review_on")                                    \
    X("conference_attendees", "conference_id, position, name, agency, agency_id, user_id")         \
    X("conference_decisions", "conference_id, position, case_id, pregnancy_id, person_id,"         \
                              " category, register, policy, plan_approval_asked, close_reason,"    \
                              " note")                                                             \
    X("conference_actions", "id, conference_id, position, what, owner_id, owner_agency_id,"       \
                            " due_on, case_id, done_on, done_by, done_at")                         \
    X("plans", "id, version, case_id, plan_version, status, guardian_wishes, child_views,"         \
               " situation, long_term_goal, short_term_goals, review_on, handed_on,"               \
               " last_reviewed_on, approved_by, approved_at, created_by, created_at, updated_at")  \
    X("plan_subjects", "plan_id, position, person_id")                                             \
    X("plan_services", "plan_id, position, what, who, how_often, from_on, to_on")                  \
    X("plan_contacts", "plan_id, position, name, relation, phone")                                 \
    X("partner_reports", "id, case_id, agency_id, on_date, text, created_by, created_at")         \
    X("imports", "id, kind, file_name, at, by_user, alerts_from, imported, skipped")               \
    X("import_records", "kind, external_id, record_id, import_id, line")                           \
    X("alerts_quiet", "record_id")                                                                 \
    X("person_duplicates", "a, b, found_at, decision, decided_by, decided_at")                     \
    X("person_merges", "id, survivor_id, merged_id, at, by_user, taken_fields,"                    \
                       " before_family_name, before_given_name, before_family_kana,"               \
                       " before_given_kana, before_birth_date, before_sex, before_address,"        \
                       " before_phone, before_resident_id, before_protected, merged_resident_id,"  \
                       " undone_at, undone_by, before_affiliation")                                                    \
    X("person_merge_rows", "merge_id, table_name, row_key") \
    X("on_call", "id, version, user_id, starts_at, ends_at, contact, cancelled, created_by,"      \
                 " created_at, updated_at")
/* clang-format on */

/* The statements are string constants (store_prepare's cache is keyed on their address), in
 * arrays of literals that tests/pg/statements.mjs finds and has PostgreSQL prepare. */
#define AS_TABLE(name, columns)  {name, columns},
#define AS_SELECT(name, columns) "SELECT " columns " FROM " name,
#define AS_COUNT(name, columns)  "SELECT COUNT(*) FROM " name,

const store_move_table store_move_tables[STORE_MOVE_TABLES] = {MOVE_TABLE_LIST(AS_TABLE)};
static const char *const select_sql[STORE_MOVE_TABLES] = {MOVE_TABLE_LIST(AS_SELECT)};
static const char *const count_sql[STORE_MOVE_TABLES] = {MOVE_TABLE_LIST(AS_COUNT)};

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

static int count_rows(store_conn *c, int table, int64_t *rows)
{
    store_stmt *st = store_prepare(c, count_sql[table]);
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
        rc = count_rows(c, i, &rows[i]);
    store_end_read(c);
    return rc;
}

/* STORE_CONFLICT when a table of the target has rows (*table names it). */
static int refuse_rows(store_conn *to, const char **table)
{
    for (int i = 0; i < STORE_MOVE_TABLES; i++) {
        int64_t rows;
        int rc = count_rows(to, i, &rows);
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
static int copy_table(store_conn *from, store_conn *to, int table, int64_t *rows)
{
    const store_move_table *t = &store_move_tables[table];
    char text[COLUMNS_TEXT];
    const char *columns[MAX_COLUMNS];
    const char *values[MAX_COLUMNS];
    int n = split_columns(t->columns, text, columns);
    store_stmt *st = n > 0 ? store_prepare(from, select_sql[table]) : NULL;
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
        rc = copy_table(from, to, i, &rows[i]);
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
