#include "store/pg_sql.h"
#include "store/store.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *pg_sql_numbered(const char *sql, int *count)
{
    size_t len = strlen(sql);
    char *out = malloc(len * 11 + 1); /* "?" → "$" and at most 10 digits */
    if (!out)
        util_oom();
    char *w = out;
    char quote = 0;
    int n = 0;
    for (const char *r = sql; *r; r++) {
        if (quote) {
            if (*r == quote)
                quote = 0;
        } else if (*r == '\'' || *r == '"') {
            quote = *r;
        } else if (*r == '?') {
            w += sprintf(w, "$%d", ++n);
            continue;
        }
        *w++ = *r;
    }
    *w = '\0';
    *count = n;
    return out;
}

int pg_sql_status(const char *sqlstate, bool connection_ok)
{
    if (!sqlstate || !connection_ok || strncmp(sqlstate, "08", 2) == 0 ||
        strncmp(sqlstate, "57P", 3) == 0)
        return STORE_BUSY;
    if (strncmp(sqlstate, "23", 2) == 0)
        return STORE_CONSTRAINT;
    if (strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0 ||
        strcmp(sqlstate, "55P03") == 0)
        return STORE_BUSY;
    return STORE_ERROR;
}
