#include "store/households.h"

static int load_members(store_conn *c, pool *p, store_household *h)
{
    store_stmt *st = store_prepare(
        c, "SELECT m.person_id, m.relation, m.from_date, m.to_date, p.family_name, p.given_name,"
           " p.family_name_kana, p.given_name_kana, p.birth_date, p.sex, p.address_protected,"
           " COUNT(*) OVER ()"
           " FROM household_members m JOIN persons p ON p.id = m.person_id"
           " WHERE m.household_id = ? ORDER BY m.position");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, h->id);
    int rc;
    int n = 0;
    h->members = NULL;
    while ((rc = store_step(st)) == STORE_ROW) {
        if (!h->members)
            h->members = pool_zalloc(p, sizeof *h->members * (size_t)store_col_int(st, 11));
        store_member *m = &h->members[n++];
        m->person_id = store_col_dup(st, 0, p);
        m->relation = store_col_dup(st, 1, p);
        m->from_date = store_col_dup(st, 2, p);
        m->to_date = store_col_dup(st, 3, p);
        m->person.id = m->person_id;
        m->person.family_name = store_col_dup(st, 4, p);
        m->person.given_name = store_col_dup(st, 5, p);
        m->person.family_name_kana = store_col_dup(st, 6, p);
        m->person.given_name_kana = store_col_dup(st, 7, p);
        m->person.birth_date = store_col_dup(st, 8, p);
        m->person.sex = store_col_dup(st, 9, p);
        m->person.address_protected = store_col_int(st, 10) != 0;
    }
    store_done(st);
    h->member_count = n;
    return rc;
}

int store_household_get(store_conn *c, pool *p, const char *id, store_household *out)
{
    store_stmt *st = store_prepare(
        c,
        "SELECT id, version, name, address, created_at, updated_at FROM households WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        out->id = store_col_dup(st, 0, p);
        out->version = store_col_int(st, 1);
        out->name = store_col_dup(st, 2, p);
        out->address = store_col_dup(st, 3, p);
        out->created_at = store_col_int(st, 4);
        out->updated_at = store_col_int(st, 5);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc == STORE_OK ? load_members(c, p, out) : rc;
}

static int insert_members(store_conn *c, const store_household *h)
{
    store_stmt *del = store_prepare(c, "DELETE FROM household_members WHERE household_id = ?");
    if (!del)
        return STORE_ERROR;
    store_bind_text(del, 1, h->id);
    int rc = store_run(del);
    for (int i = 0; i < h->member_count && rc == STORE_OK; i++) {
        const store_member *m = &h->members[i];
        store_stmt *st = store_prepare(
            c, "INSERT INTO household_members (household_id, position, person_id, relation,"
               " from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)");
        if (!st)
            return STORE_ERROR;
        store_bind_text(st, 1, h->id);
        store_bind_int(st, 2, i);
        store_bind_text(st, 3, m->person_id);
        store_bind_text(st, 4, m->relation);
        store_bind_text(st, 5, m->from_date);
        store_bind_text(st, 6, m->to_date);
        rc = store_run(st);
    }
    return rc;
}

int store_household_insert(store_conn *c, const store_household *h)
{
    store_stmt *st = store_prepare(c, "INSERT INTO households (id, version, name, address,"
                                      " created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, h->id);
    store_bind_text(st, 2, h->name);
    store_bind_text(st, 3, h->address);
    store_bind_int(st, 4, h->created_at);
    store_bind_int(st, 5, h->updated_at);
    int rc = store_run(st);
    return rc == STORE_OK ? insert_members(c, h) : rc;
}

int store_household_update(store_conn *c, const store_household *h, int64_t expected_version)
{
    store_stmt *st = store_prepare(c, "UPDATE households SET name = ?, address = ?, updated_at = ?,"
                                      " version = version + 1 WHERE id = ? AND version = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, h->name);
    store_bind_text(st, 2, h->address);
    store_bind_int(st, 3, h->updated_at);
    store_bind_text(st, 4, h->id);
    store_bind_int(st, 5, expected_version);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    if (store_changes(c) != 1)
        return STORE_CONFLICT;
    return insert_members(c, h);
}

int store_person_memberships(store_conn *c, const char *person_id, store_membership_fn fn,
                             void *ctx)
{
    store_stmt *st =
        store_prepare(c, "SELECT m.household_id, h.name, m.relation, m.from_date, m.to_date"
                         " FROM household_members m JOIN households h ON h.id = m.household_id"
                         " WHERE m.person_id = ?"
                         " ORDER BY m.to_date IS NOT NULL, m.from_date IS NULL, m.from_date DESC");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, person_id);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_membership m = {
            .household_id = store_col_text(st, 0),
            .household_name = store_col_text(st, 1),
            .relation = store_col_text(st, 2),
            .from_date = store_col_text(st, 3),
            .to_date = store_col_text(st, 4),
        };
        if (fn(ctx, &m) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
