#include "store/imports.h"

int store_import_insert(store_conn *c, const store_import *imp)
{
    store_stmt *st = store_prepare(
        c, "INSERT INTO imports (id, kind, file_name, at, by_user, alerts_from, imported, skipped)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, imp->id);
    store_bind_text(st, 2, imp->kind);
    store_bind_text(st, 3, imp->file_name);
    store_bind_int(st, 4, imp->at);
    store_bind_text(st, 5, imp->by_user);
    store_bind_text(st, 6, imp->alerts_from);
    store_bind_int(st, 7, imp->imported);
    store_bind_int(st, 8, imp->skipped);
    return store_run(st);
}

int store_import_counts(store_conn *c, const char *id, int64_t imported, int64_t skipped)
{
    store_stmt *st = store_prepare(c, "UPDATE imports SET imported = ?, skipped = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int(st, 1, imported);
    store_bind_int(st, 2, skipped);
    store_bind_text(st, 3, id);
    return store_run(st);
}

int store_import_record_find(store_conn *c, pool *p, const char *kind, const char *external_id,
                             char **record_id)
{
    store_stmt *st =
        store_prepare(c, "SELECT record_id FROM import_records WHERE kind = ? AND external_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, external_id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *record_id = store_col_dup(st, 0, p);
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_import_origin_get(store_conn *c, pool *p, const char *kind, const char *record_id,
                            store_import_origin *out)
{
    store_stmt *st = store_prepare(c, "SELECT r.import_id, i.file_name, r.external_id, r.line, i.at"
                                      " FROM import_records r JOIN imports i ON i.id = r.import_id"
                                      " WHERE r.record_id = ? AND r.kind = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, record_id);
    store_bind_text(st, 2, kind);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *out = (store_import_origin){.import_id = store_col_dup(st, 0, p),
                                     .file_name = store_col_dup(st, 1, p),
                                     .external_id = store_col_dup(st, 2, p),
                                     .line = store_col_int(st, 3),
                                     .at = store_col_int(st, 4)};
        rc = STORE_OK;
    } else if (rc == STORE_OK) {
        rc = STORE_NOT_FOUND;
    }
    store_done(st);
    return rc;
}

int store_import_record_add(store_conn *c, const char *kind, const char *external_id,
                            const char *record_id, const char *import_id, int64_t line)
{
    store_stmt *st = store_prepare(c, "INSERT INTO import_records (kind, external_id, record_id,"
                                      " import_id, line) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, kind);
    store_bind_text(st, 2, external_id);
    store_bind_text(st, 3, record_id);
    store_bind_text(st, 4, import_id);
    store_bind_int(st, 5, line);
    return store_run(st);
}

int store_alerts_quiet_add(store_conn *c, const char *record_id)
{
    store_stmt *st = store_prepare(c, "INSERT INTO alerts_quiet (record_id) VALUES (?)"
                                      " ON CONFLICT DO NOTHING");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, record_id);
    return store_run(st);
}
