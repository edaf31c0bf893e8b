#include "store/persons.h"

#include <stdbool.h>
#include <string.h>

#define PERSON_COLUMNS                                                                             \
    "p.id, p.version, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana,"         \
    " p.birth_date, p.sex, p.address, p.phone, p.resident_id, p.created_at, p.updated_at,"         \
    " p.address_protected, p.merged_into, p.affiliation"

static void read_person(store_stmt *st, pool *p, store_person *out)
{
    out->id = store_col_dup(st, 0, p);
    out->version = store_col_int(st, 1);
    out->family_name = store_col_dup(st, 2, p);
    out->given_name = store_col_dup(st, 3, p);
    out->family_name_kana = store_col_dup(st, 4, p);
    out->given_name_kana = store_col_dup(st, 5, p);
    out->birth_date = store_col_dup(st, 6, p);
    out->sex = store_col_dup(st, 7, p);
    out->address = store_col_dup(st, 8, p);
    out->phone = store_col_dup(st, 9, p);
    out->resident_id = store_col_dup(st, 10, p);
    out->created_at = store_col_int(st, 11);
    out->updated_at = store_col_int(st, 12);
    out->address_protected = store_col_int(st, 13) != 0;
    out->merged_into = store_col_dup(st, 14, p);
    out->address_withheld = false;
    out->affiliation = store_col_dup(st, 15, p);
}

int store_person_get(store_conn *c, pool *p, const char *id, store_person *out)
{
    store_stmt *st = store_prepare(c, "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_person(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

static int insert_keys(store_conn *c, const char *person_id, const store_person_keys *keys)
{
    int rc = STORE_OK;
    for (int i = 0; i < keys->count && rc == STORE_OK; i++) {
        if (!keys->keys[i] || !*keys->keys[i])
            continue;
        store_stmt *ins = store_prepare(
            c, "INSERT INTO person_keys (key, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
        if (!ins)
            return STORE_ERROR;
        store_bind_text(ins, 1, keys->keys[i]);
        store_bind_text(ins, 2, person_id);
        rc = store_run(ins);
    }
    return rc;
}

/* An update's keys: the old ones deleted first. (A new person has none: its insert skips the
 * DELETE, which on SQLite opens an ephemeral table each time.) */
static int replace_keys(store_conn *c, const char *person_id, const store_person_keys *keys)
{
    store_stmt *del = store_prepare(c, "DELETE FROM person_keys WHERE person_id = ?");
    if (!del)
        return STORE_ERROR;
    store_bind_text(del, 1, person_id);
    int rc = store_run(del);
    return rc == STORE_OK ? insert_keys(c, person_id, keys) : rc;
}

/* The fields in the order of both statements: 1–9 the record, 10 the mark, 11 the duplicate key,
 * 12 updated_at, 13 the 所属, 14 id. */
static void bind_fields(store_stmt *st, const store_person *p, const char *duplicate_key)
{
    store_bind_text(st, 1, p->family_name);
    store_bind_text(st, 2, p->given_name);
    store_bind_text(st, 3, p->family_name_kana);
    store_bind_text(st, 4, p->given_name_kana);
    store_bind_text(st, 5, p->birth_date);
    store_bind_text(st, 6, p->sex);
    store_bind_text(st, 7, p->address);
    store_bind_text(st, 8, p->phone);
    store_bind_text(st, 9, p->resident_id);
    store_bind_int(st, 10, p->address_protected ? 1 : 0);
    store_bind_text(st, 11, duplicate_key);
    store_bind_int(st, 12, p->updated_at);
    store_bind_text(st, 13, p->affiliation);
    store_bind_text(st, 14, p->id);
}

int store_person_insert(store_conn *c, const store_person *person, const store_person_keys *keys)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO persons (family_name, given_name, family_name_kana, given_name_kana,"
           " birth_date, sex, address, phone, resident_id, address_protected, duplicate_key,"
           " updated_at, affiliation, id, created_at, version)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
    if (!st)
        return STORE_ERROR;
    bind_fields(st, person, keys->duplicate_key);
    store_bind_int(st, 15, person->created_at);
    int rc = store_run(st);
    return rc == STORE_OK ? insert_keys(c, person->id, keys) : rc;
}

int store_person_update(store_conn *c, const store_person *person, int64_t expected_version,
                        const store_person_keys *keys)
{
    store_stmt *st = store_prepare(
        c, "UPDATE persons SET family_name = ?, given_name = ?, family_name_kana = ?,"
           " given_name_kana = ?, birth_date = ?, sex = ?, address = ?, phone = ?,"
           " resident_id = ?, address_protected = ?, duplicate_key = ?, updated_at = ?,"
           " affiliation = ?, version = version + 1 WHERE id = ? AND version = ?");
    if (!st)
        return STORE_ERROR;
    bind_fields(st, person, keys->duplicate_key);
    store_bind_int(st, 15, expected_version);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    if (store_changes(c) != 1)
        return STORE_CONFLICT;
    return replace_keys(c, person->id, keys);
}

int store_person_search(store_conn *c, pool *p, const char *prefix, const char *after_key,
                        const char *after_id, int limit, store_person_fn fn, void *ctx)
{
    /* U+10FFFF sorts after every character in byte order, so [prefix, prefix || U+10FFFF) is
     * exactly the keys that start with prefix, and the primary key's B-tree answers it as a range.
     * Byte order is SQLite's default collation; a PostgreSQL schema must give person_keys.key
     * COLLATE "C" for the same range and the same page order. */
    char *upper = pool_printf(p, "%s\xf4\x8f\xbf\xbf", prefix);
    store_stmt *st =
        store_prepare(c, "SELECT " PERSON_COLUMNS
                         ", k.key FROM person_keys k JOIN persons p ON p.id = k.person_id"
                         " WHERE k.key >= ? AND k.key < ? AND (k.key, k.person_id) > (?, ?)"
                         " ORDER BY k.key, k.person_id LIMIT ?");
    if (!st)
        return STORE_ERROR;
    /* The page starts after (after_key, after_id), never below the range: PostgreSQL starts its
     * B-tree scan at the row comparison whatever k.key >= ? says, and a first page bound to ('',
     * '') read every key that sorts before the prefix (tests/pg/plans.mjs). Ids are never ''. */
    bool from_start = !after_key || strcmp(after_key, prefix) < 0;
    store_bind_text(st, 1, prefix);
    store_bind_text(st, 2, upper);
    store_bind_text(st, 3, from_start ? prefix : after_key);
    store_bind_text(st, 4, from_start || !after_id ? "" : after_id);
    store_bind_int(st, 5, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_person person;
        read_person(st, p, &person);
        if (fn(ctx, &person, store_col_text(st, 16)) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

/* Each row of a statement of PERSON_COLUMNS to fn (no matched key), until fn returns non-zero. */
static int each_person(store_stmt *st, pool *p, store_person_fn fn, void *ctx)
{
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_person person;
        read_person(st, p, &person);
        if (fn(ctx, &person, NULL) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}

int store_person_duplicates(store_conn *c, pool *p, const char *duplicate_key,
                            const char *exclude_id, store_person_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, "SELECT " PERSON_COLUMNS " FROM persons p"
                                      " WHERE p.duplicate_key = ? AND p.id <> ?"
                                      " AND p.merged_into IS NULL LIMIT 20");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, duplicate_key);
    store_bind_text(st, 2, exclude_id ? exclude_id : "");
    return each_person(st, p, fn, ctx);
}

int store_persons_each(store_conn *c, pool *p, store_person_fn fn, void *ctx)
{
    store_stmt *st =
        store_prepare(c, "SELECT " PERSON_COLUMNS " FROM persons p"
                         " ORDER BY p.family_name_kana, COALESCE(p.given_name_kana, ''), p.id");
    return st ? each_person(st, p, fn, ctx) : STORE_ERROR;
}
