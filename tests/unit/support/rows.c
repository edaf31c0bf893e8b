#include "support/rows.h"

int64_t rows_count(store_conn *c, const char *sql, const char *param)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return -1;
    if (param)
        store_bind_text(st, 1, param);
    int64_t n = store_step(st) == STORE_ROW ? store_col_int(st, 0) : -1;
    store_done(st);
    return n;
}
