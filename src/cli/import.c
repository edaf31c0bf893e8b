#include "cli/import.h"

#include "domain/interchange_date.h"
#include "service/import.h"
#include "util/clock.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PROGRESS_FROM_BYTES = 1024 * 1024, BAR_WIDTH = 40 };

/* The whole file (caller frees), or NULL with the reason printed. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "tsunagu: cannot read %s\n", path);
        if (f)
            fclose(f);
        return NULL;
    }
    char *data = malloc((size_t)st.st_size + 1);
    size_t got = data ? fread(data, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!data || got != (size_t)st.st_size) {
        fprintf(stderr, "tsunagu: cannot read %s\n", path);
        free(data);
        return NULL;
    }
    *len = got;
    return data;
}

static void draw_progress(void *arg, size_t done, size_t total)
{
    bool *ended = arg; /* the bar is full: drawn once more would print another line */
    if (*ended)
        return;
    int filled = total ? (int)((double)done / (double)total * BAR_WIDTH) : BAR_WIDTH;
    char bar[BAR_WIDTH + 1];
    memset(bar, '#', (size_t)filled);
    memset(bar + filled, '.', (size_t)(BAR_WIDTH - filled));
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %3d%% %zu/%zu MiB", bar, total ? (int)(done * 100 / total) : 100,
            done >> 20, total >> 20);
    if (done == total) {
        fputc('\n', stderr);
        *ended = true;
    }
}

static int parse_options(const cli_import_options *o, svc_import_input *in, char from[11])
{
    in->kind = import_kind_from_code(o->kind);
    if (in->kind == IMPORT_KIND_NONE) {
        fprintf(stderr, "tsunagu: KIND is persons, pregnancies, reports or visits\n");
        return -1;
    }
    if (o->encoding && strcmp(o->encoding, "utf-8") == 0)
        in->encoding = SVC_IMPORT_UTF8;
    else if (o->encoding && strcmp(o->encoding, "cp932") == 0)
        in->encoding = SVC_IMPORT_CP932;
    else if (o->encoding) {
        fprintf(stderr, "tsunagu: --encoding is utf-8 or cp932\n");
        return -1;
    }
    if (!o->alerts_from)
        return 0;
    date_ymd d;
    char reason[INTERCHANGE_REASON_CAP];
    if (interchange_parse_date(o->alerts_from, strlen(o->alerts_from), &d, reason) !=
        INTERCHANGE_OK) {
        fprintf(stderr, "tsunagu: --alerts-from: %s\n", reason);
        return -1;
    }
    date_format(d, from);
    in->alerts_from = from;
    return 0;
}

static void print_errors(const char *path, const svc_import_result *r)
{
    for (int i = 0; i < r->error_count; i++)
        fprintf(stderr, "%s:%zu: %s: %s\n", path, r->errors[i].line, r->errors[i].column,
                r->errors[i].reason);
    if (r->errors_not_listed)
        fprintf(stderr, "%s: %ld more bad rows not listed\n", path, r->errors_not_listed);
    fprintf(stderr, "tsunagu: nothing imported from %s (%d problems listed)\n", path,
            r->error_count);
}

int cli_import(store *s, const cli_import_options *o)
{
    svc_import_input in = {.file_name = o->path};
    char from[11];
    if (parse_options(o, &in, from) != 0)
        return 2;
    char *data = read_file(o->path, &in.len);
    if (!data)
        return 1;
    in.data = data;
    bool bar_ended = false;
    if (isatty(STDERR_FILENO) && in.len >= PROGRESS_FROM_BYTES) {
        in.progress = draw_progress;
        in.progress_arg = &bar_ended;
    }
    pool *p = pool_create();
    svc_ctx ctx;
    store_conn *c = store_thread_conn(s);
    if (store_bulk_session(c) != STORE_OK)
        fputs("tsunagu: could not enlarge the page cache; importing with the usual one\n", stderr);
    svc_ctx_init_system(&ctx, c, p, clock_now());
    svc_import_result r;
    svc_result res = svc_import_run(&ctx, &in, &r);
    free(data);
    int status = 0;
    if (res.status == SVC_OK)
        printf("imported %s: %ld, skipped: %ld (import %s)\n", o->kind, r.imported, r.skipped,
               r.import_id);
    else if (res.status == SVC_INVALID && res.code && strcmp(res.code, "invalid_csv") == 0)
        print_errors(o->path, &r), status = 1;
    else {
        fprintf(stderr, "tsunagu: the import failed (%s); nothing imported\n",
                res.status == SVC_BUSY ? "the database is busy" : "see the log above");
        status = 1;
    }
    pool_destroy(p);
    return status;
}
