#include "store/agencies.h"

#define AGENCY_COLUMNS "id, version, name, kind, created_at, updated_at"

static void read_agency(store_stmt *st, pool *p, store_agency *a)
{
    *a = (store_agency){.id = store_col_dup(st, 0, p),
                        .version = store_col_int(st, 1),
                        .name = store_col_dup(st, 2, p),
                        .kind = store_col_dup(st, 3, p),
                        .created_at = store_col_int(st, 4),
                        .updated_at = store_col_int(st, 5)};
}

int store_agency_get(store_conn *c, pool *p, const char *id, store_agency *out)
{
    store_stmt *st = store_prepare(c, "SELECT " AGENCY_COLUMNS " FROM agencies WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        read_agency(st, p, out);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_agency_insert(store_conn *c, const store_agency *a)
{
    store_stmt *st =
        store_prepare(c, "INSERT INTO agencies (" AGENCY_COLUMNS ") VALUES (?, 1, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, a->id);
    store_bind_text(st, 2, a->name);
    store_bind_text(st, 3, a->kind);
    store_bind_int(st, 4, a->created_at);
    store_bind_int(st, 5, a->updated_at);
    return store_run(st);
}

int store_agency_update(store_conn *c, const store_agency *a, int64_t expected_version)
{
    store_stmt *st = store_prepare(c, "UPDATE agencies SET name = ?, kind = ?, updated_at = ?,"
                                      " version = version + 1 WHERE id = ? AND version = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, a->name);
    store_bind_text(st, 2, a->kind);
    store_bind_int(st, 3, a->updated_at);
    store_bind_text(st, 4, a->id);
    store_bind_int(st, 5, expected_version);
    int rc = store_run(st);
    if (rc != STORE_OK)
        return rc;
    return store_changes(c) == 1 ? STORE_OK : STORE_CONFLICT;
}

int store_agency_list(store_conn *c, pool *p, const char *after_name, const char *after_id,
                      int limit, store_agency_fn fn, void *ctx)
{
    store_stmt *st = store_prepare(c, "SELECT " AGENCY_COLUMNS " FROM agencies"
                                      " WHERE (? = 0 OR (name, id) > (?, ?))"
                                      " ORDER BY name, id LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, after_id ? 1 : 0);
    store_bind_text(st, 2, after_name ? after_name : "");
    store_bind_text(st, 3, after_id ? after_id : "");
    store_bind_int(st, 4, limit);
    int rc;
    while ((rc = store_step(st)) == STORE_ROW) {
        store_agency a;
        read_agency(st, p, &a);
        if (fn(ctx, &a) != 0) {
            rc = STORE_OK;
            break;
        }
    }
    store_done(st);
    return rc;
}
