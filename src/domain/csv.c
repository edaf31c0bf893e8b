#include "domain/csv.h"

#include "util/pool.h"

#include <string.h>

static void append(csv_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->text = util_xrealloc(b->text, cap);
        b->cap = cap;
    }
    memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = '\0';
}

void csv_bom(csv_buf *b)
{
    append(b, "\xEF\xBB\xBF", 3);
}

bool csv_cell_is_formula(const char *cell)
{
    return cell && *cell && strchr("=+-@\t\r", *cell) != NULL;
}

void csv_cell(csv_buf *b, const char *cell, bool first_of_line)
{
    if (!first_of_line)
        append(b, ",", 1);
    if (!cell || !*cell)
        return;
    if (b->flag && b->flag(cell))
        b->flagged++;
    bool neutralise = csv_cell_is_formula(cell);
    bool quote = neutralise || strpbrk(cell, ",\"\r\n") != NULL;
    if (quote)
        append(b, "\"", 1);
    if (neutralise)
        append(b, "'", 1);
    for (const char *c = cell; *c; c++) {
        append(b, c, 1);
        if (*c == '"')
            append(b, "\"", 1);
    }
    if (quote)
        append(b, "\"", 1);
}

void csv_end_line(csv_buf *b)
{
    append(b, "\r\n", 2);
}
