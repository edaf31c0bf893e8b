/* The CSV import (interchange.md): one file of one kind (persons, pregnancies, reports, visits)
 * taken all or nothing, for `tsunagu import` and POST /api/v1/import/KIND alike.
 *
 * The import owns its transaction: every row's records are made by the same use cases as the
 * API's (svc_persons_create, svc_households_create/update, svc_pregnancies_record,
 * svc_report_create and svc_report_add_event, svc_visits_record: same keys, risk, timeline
 * events and audit rows), each in its own savepoint (ctx->in_transaction), so that a row the
 * service refuses is undone alone and the next rows are still checked. Any bad row and nothing
 * is committed; every bad row is reported with its line, column and reason. (A first pass
 * takes the rows with no savepoints, ctx->unguarded, and stops at the first bad one; only then
 * is everything rolled back and taken again as above: a good file pays for no savepoint.) A row
 * whose external id was imported before (this file or an earlier one) is skipped.
 *
 * The writes name no staff member as their author (ctx->import_id; an imported report has no
 * received_by). What the file dates before alerts_from raises no alert (store/imports.h). */
#ifndef TSUNAGU_SERVICE_IMPORT_H
#define TSUNAGU_SERVICE_IMPORT_H

#include "domain/import_rows.h"
#include "service/service.h"
#include "store/imports.h"

#include <stddef.h>

/* The bad rows listed; past it they are counted only. */
enum { SVC_IMPORT_ERRORS_MAX = 10000 };

typedef enum svc_import_encoding {
    SVC_IMPORT_DETECT = 0, /* valid UTF-8 is UTF-8, anything else CP932 */
    SVC_IMPORT_UTF8,
    SVC_IMPORT_CP932,
} svc_import_encoding;

/* Told how far the import is: bytes of the (UTF-8) text read so far, of total. */
typedef void (*svc_import_progress_fn)(void *arg, size_t done, size_t total);

typedef struct svc_import_input {
    import_kind kind;
    const char *file_name; /* as the errors and the imports row name it */
    const char *data;      /* the file as given, borrowed */
    size_t len;
    svc_import_encoding encoding;
    const char *alerts_from; /* YYYY-MM-DD; NULL: ctx->today */
    svc_import_progress_fn progress;
    void *progress_arg;
} svc_import_input;

typedef struct svc_import_error {
    size_t line;
    const char *column; /* "-" for what no column holds (the encoding, the CSV syntax) */
    const char *reason;
} svc_import_error;

typedef struct svc_import_result {
    const char *import_id; /* NULL when nothing was imported */
    long imported, skipped;
    svc_import_error *errors; /* in ctx->pool, in line order */
    int error_count;
    long errors_not_listed; /* past SVC_IMPORT_ERRORS_MAX */
} svc_import_result;

/* Runs the import (the caller holds no transaction). SVC_OK: committed, with the counts;
 * SVC_INVALID with code "invalid_csv" (field NULL): bad rows in out->errors, nothing written;
 * SVC_INVALID on alerts_from (not a date); FORBIDDEN without PERM_IMPORT; BUSY or ERROR: nothing
 * written. The use cases run with every permission (the import's own covers what it writes);
 * the audit rows name the acting user, plus one row `import` of the import itself. */
svc_result svc_import_run(svc_ctx *ctx, const svc_import_input *in, svc_import_result *out);

/* Where a record shown came from, when an import made it: *out in ctx->pool, or NULL when the
 * record was made in tsunagu. STORE_OK, or the store's failure (STORE_UNAVAILABLE during an
 * outage: the caller's svc_from_store makes it 503, not 500). kind: import_kind_code's. */
int svc_import_origin(svc_ctx *ctx, const char *kind, const char *record_id,
                      store_import_origin **out);

#endif
