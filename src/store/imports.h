/* The CSV import's own tables (migration 011): each import, each record it made under its kind
 * and external id (where it came from: the import and the line), and the records that raise no
 * alert because they are history (dated before the import's alerts_from). */
#ifndef TSUNAGU_STORE_IMPORTS_H
#define TSUNAGU_STORE_IMPORTS_H

#include "store/store.h"
#include "util/pool.h"

typedef struct store_import {
    const char *id, *kind, *file_name;
    int64_t at;
    const char *by_user;     /* NULL: the command line */
    const char *alerts_from; /* YYYY-MM-DD */
    int64_t imported, skipped;
} store_import;

/* Records an import (its counts written again by store_import_counts at its end). */
int store_import_insert(store_conn *c, const store_import *imp) STORE_WUR;
int store_import_counts(store_conn *c, const char *id, int64_t imported, int64_t skipped) STORE_WUR;

/* The record an earlier row of kind with external_id made: STORE_OK with *record_id (in p), or
 * STORE_NOT_FOUND. */
int store_import_record_find(store_conn *c, pool *p, const char *kind, const char *external_id,
                             char **record_id) STORE_WUR;
/* Notes that row `line` of import import_id made record_id (kind, external_id unique: a plain
 * INSERT, STORE_CONSTRAINT when taken). */
int store_import_record_add(store_conn *c, const char *kind, const char *external_id,
                            const char *record_id, const char *import_id, int64_t line) STORE_WUR;

/* Where an imported record came from: the import, its file and the row's line and external id. */
typedef struct store_import_origin {
    char *import_id, *file_name, *external_id;
    int64_t line, at;
} store_import_origin;

/* The origin of record_id made by a row of kind: STORE_OK with *out (strings in p), or
 * STORE_NOT_FOUND when no import made it. */
int store_import_origin_get(store_conn *c, pool *p, const char *kind, const char *record_id,
                            store_import_origin *out) STORE_WUR;

/* Marks a record as history: the alert board leaves it out (store/alerts.c, reports.c). */
int store_alerts_quiet_add(store_conn *c, const char *record_id) STORE_WUR;

#endif
