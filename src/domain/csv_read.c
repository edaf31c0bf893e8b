#include "domain/csv_read.h"

#include "util/pool.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* take_line_break's field for a line break between records: kept nowhere. */
#define NO_FIELD SIZE_MAX

const csv_limits csv_default_limits = {
    .max_fields = 64,
    .max_field = 64 * 1024,
    .max_record = 1024 * 1024,
};

void csv_reader_init(csv_reader *r, const char *text, size_t len, const csv_limits *limits)
{
    memset(r, 0, sizeof *r);
    r->p = text;
    r->end = text + len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
    r->line = 1;
    r->limits = limits != NULL ? *limits : csv_default_limits;
    size_t n = r->limits.max_fields;
    r->start = util_xmalloc(n * sizeof *r->start);
    r->len = util_xmalloc(n * sizeof *r->len);
    r->field = util_xmalloc(n * sizeof *r->field);
}

void csv_reader_free(csv_reader *r)
{
    free(r->buf);
    free(r->start);
    free(r->len);
    free(r->field);
    memset(r, 0, sizeof *r);
}

static int error_at(csv_error *err, size_t line, const char *reason)
{
    err->line = line;
    snprintf(err->reason, sizeof err->reason, "%s", reason);
    return CSV_ERROR;
}

static void put_byte(csv_reader *r, char c)
{
    if (r->used + 1 > r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->buf = util_xrealloc(r->buf, r->cap);
    }
    r->buf[r->used++] = c;
}

/* One byte of field f's content, within the limits. */
static int append(csv_reader *r, size_t f, char c, csv_error *err)
{
    if (c == '\0')
        return error_at(err, r->line, "NUL 文字は使えません");
    if (r->len[f] >= r->limits.max_field) {
        snprintf(err->reason, sizeof err->reason, "欄が長すぎます（最大 %zu バイト）",
                 r->limits.max_field);
        err->line = r->line;
        return CSV_ERROR;
    }
    if (r->content >= r->limits.max_record) {
        snprintf(err->reason, sizeof err->reason, "行が長すぎます（最大 %zu バイト）",
                 r->limits.max_record);
        err->line = r->line;
        return CSV_ERROR;
    }
    put_byte(r, c);
    r->len[f]++;
    r->content++;
    return 0;
}

static bool at_record_end(const csv_reader *r)
{
    return r->p == r->end || *r->p == '\r' || *r->p == '\n';
}

/* Past a line break (CRLF, LF or a lone CR) at the cursor, appending it to field f unless f is
 * NO_FIELD. */
static int take_line_break(csv_reader *r, size_t f, csv_error *err)
{
    bool crlf = *r->p == '\r' && r->end - r->p >= 2 && r->p[1] == '\n';
    size_t n = crlf ? 2 : 1;
    for (size_t i = 0; i < n && f != NO_FIELD; i++) {
        if (append(r, f, r->p[i], err) != 0)
            return CSV_ERROR;
    }
    r->p += n;
    r->line++;
    return 0;
}

static int quoted_field(csv_reader *r, size_t f, csv_error *err)
{
    size_t opened_on = r->line;
    r->p++;
    for (;;) {
        if (r->p == r->end)
            return error_at(err, opened_on, "引用符が閉じられていません");
        if (*r->p == '"' && r->end - r->p >= 2 && r->p[1] == '"') {
            if (append(r, f, '"', err) != 0)
                return CSV_ERROR;
            r->p += 2;
        } else if (*r->p == '"') {
            r->p++;
            if (!at_record_end(r) && *r->p != ',')
                return error_at(err, r->line, "閉じた引用符の後に文字があります");
            return 0;
        } else if (*r->p == '\r' || *r->p == '\n') {
            if (take_line_break(r, f, err) != 0)
                return CSV_ERROR;
        } else if (append(r, f, *r->p++, err) != 0) {
            return CSV_ERROR;
        }
    }
}

static int plain_field(csv_reader *r, size_t f, csv_error *err)
{
    while (!at_record_end(r) && *r->p != ',') {
        if (*r->p == '"')
            return error_at(err, r->line, "引用符で囲まれていない欄に引用符があります");
        if (append(r, f, *r->p++, err) != 0)
            return CSV_ERROR;
    }
    return 0;
}

static int field(csv_reader *r, size_t *n, csv_error *err)
{
    if (*n >= r->limits.max_fields) {
        snprintf(err->reason, sizeof err->reason, "欄が多すぎます（最大 %zu）",
                 r->limits.max_fields);
        err->line = r->line;
        return CSV_ERROR;
    }
    size_t f = (*n)++;
    r->start[f] = r->used;
    r->len[f] = 0;
    int rc = r->p < r->end && *r->p == '"' ? quoted_field(r, f, err) : plain_field(r, f, err);
    if (rc == 0)
        put_byte(r, '\0');
    return rc;
}

static void skip_blank_lines(csv_reader *r)
{
    while (r->p < r->end && (*r->p == '\r' || *r->p == '\n')) {
        csv_error unused;
        (void)take_line_break(r, NO_FIELD, &unused);
    }
}

int csv_read_next(csv_reader *r, csv_record *rec, csv_error *err)
{
    skip_blank_lines(r);
    if (r->p == r->end)
        return CSV_END;
    size_t line = r->line, n = 0;
    r->used = r->content = 0;
    for (;;) {
        if (field(r, &n, err) != 0)
            return CSV_ERROR;
        if (r->p == r->end)
            break;
        if (*r->p != ',') {
            (void)take_line_break(r, NO_FIELD, err);
            break;
        }
        r->p++;
    }
    for (size_t i = 0; i < n; i++)
        r->field[i] = r->buf + r->start[i];
    *rec = (csv_record){.line = line, .n = n, .field = r->field, .len = r->len};
    return CSV_RECORD;
}

static bool name_is(const char *name, size_t len, const char *want)
{
    return strlen(want) == len && memcmp(name, want, len) == 0;
}

static int header_error(char reason[CSV_REASON_CAP], const char *what, const char *name, size_t len)
{
    snprintf(reason, CSV_REASON_CAP, "%s: %.*s", what, (int)(len > 64 ? 64 : len), name);
    return -1;
}

/* The known column a header field names, or -1. */
static int known_index(const char *name, size_t len, const csv_column *known, size_t n_known)
{
    for (size_t k = 0; k < n_known; k++) {
        if (name_is(name, len, known[k].name))
            return (int)k;
    }
    return -1;
}

int csv_map_header(const csv_record *header, const csv_column *known, size_t n_known, int *index_of,
                   char reason[CSV_REASON_CAP])
{
    reason[0] = '\0';
    for (size_t k = 0; k < n_known; k++)
        index_of[k] = -1;
    for (size_t i = 0; i < header->n; i++) {
        const char *name = header->field[i];
        size_t len = header->len[i];
        while (len > 0 && *name == ' ')
            name++, len--;
        while (len > 0 && name[len - 1] == ' ')
            len--;
        if (len == 0) {
            snprintf(reason, CSV_REASON_CAP, "%zu 列目の名前が空です", i + 1);
            return -1;
        }
        int k = known_index(name, len, known, n_known);
        if (k < 0)
            return header_error(reason, "不明な列です", name, len);
        if (index_of[k] >= 0)
            return header_error(reason, "列が重複しています", name, len);
        index_of[k] = (int)i;
    }
    for (size_t k = 0; k < n_known; k++) {
        if (known[k].required && index_of[k] < 0)
            return header_error(reason, "必須の列がありません", known[k].name,
                                strlen(known[k].name));
    }
    return 0;
}
