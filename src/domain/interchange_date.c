#include "domain/interchange_date.h"

#include "domain/era.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Longest input read (after folding): longer is not a date or instant of any form. */
#define FOLDED_CAP 96

static const char FORMAT_REASON[] = "日付の形式が違います（例: 2024-04-01, R6.4.1, 令和6年4月1日）";
static const char INSTANT_REASON[] =
    "日時の形式が違います（例: 2024-04-01 09:30, 2024-04-01T09:30:00+09:00）";

typedef struct {
    const char *p, *end;
} cursor;

static int fail(char reason[INTERCHANGE_REASON_CAP], const char *why)
{
    snprintf(reason, INTERCHANGE_REASON_CAP, "%s", why);
    return INTERCHANGE_INVALID;
}

/* Full-width ASCII (U+FF01..U+FF5E) as ASCII and U+3000 as a space, into out (NUL-terminated).
 * False when the result would not fit or s holds a NUL. */
static bool fold_full_width(const char *s, size_t len, char out[FOLDED_CAP])
{
    size_t n = 0;
    for (size_t i = 0; i < len; n++) {
        if (n + 1 >= FOLDED_CAP)
            return false;
        const unsigned char *u = (const unsigned char *)s + i;
        if (len - i >= 3 && u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD) && u[2] >= 0x80 &&
            u[2] <= 0xBF) {
            unsigned cp = 0xFF00u + ((unsigned)(u[1] - 0xBC) << 6) + (u[2] - 0x80u);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                out[n] = (char)(cp - 0xFEE0);
                i += 3;
                continue;
            }
        }
        if (len - i >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
            out[n] = ' ';
            i += 3;
            continue;
        }
        if (s[i] == '\0')
            return false;
        out[n] = s[i++];
    }
    out[n] = '\0';
    return true;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static cursor trim(cursor c)
{
    while (c.p < c.end && is_space(*c.p))
        c.p++;
    while (c.end > c.p && is_space(c.end[-1]))
        c.end--;
    return c;
}

/* s folded into folded and trimmed; false (and the reason why_not) when it cannot be. */
static bool prepare(const char *s, size_t len, char folded[FOLDED_CAP], cursor *c,
                    char reason[INTERCHANGE_REASON_CAP], const char *why_not)
{
    reason[0] = '\0';
    if (!fold_full_width(s, len, folded)) {
        fail(reason, why_not);
        return false;
    }
    *c = trim((cursor){folded, folded + strlen(folded)});
    return true;
}

static bool take(cursor *c, const char *token)
{
    size_t n = strlen(token);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, token, n) != 0)
        return false;
    c->p += n;
    return true;
}

/* min..max ASCII digits. */
static bool take_number(cursor *c, int min, int max, int *out)
{
    int v = 0, n = 0;
    while (c->p < c->end && n < max && *c->p >= '0' && *c->p <= '9') {
        v = v * 10 + (*c->p++ - '0');
        n++;
    }
    if (n < min || (c->p < c->end && *c->p >= '0' && *c->p <= '9'))
        return false;
    *out = v;
    return true;
}

/* After the year: "年M月D日", or a separator (. / -) repeated between month and day. */
static bool take_month_day(cursor *c, int *m, int *d)
{
    if (take(c, "年"))
        return take_number(c, 1, 2, m) && take(c, "月") && take_number(c, 1, 2, d) &&
               take(c, "日") && c->p == c->end;
    if (c->p == c->end || strchr("./-", *c->p) == NULL)
        return false;
    char sep[2] = {*c->p++, '\0'};
    return take_number(c, 1, 2, m) && take(c, sep) && take_number(c, 1, 2, d) && c->p == c->end;
}

static int western_date(cursor c, date_ymd *out, char reason[INTERCHANGE_REASON_CAP])
{
    int y, m, d;
    if (!take_number(&c, 4, 4, &y) || !take_month_day(&c, &m, &d))
        return fail(reason, FORMAT_REASON);
    date_ymd day = {y, m, d};
    if (!date_is_valid(day))
        return fail(reason, "存在しない日付です");
    if (y < 1868)
        return fail(reason, "1868年より前の日付は扱えません");
    *out = day;
    return INTERCHANGE_OK;
}

/* The era token at the cursor: a kanji name (6 bytes) or one ASCII letter. */
static size_t era_token_len(cursor c)
{
    if (c.p < c.end && ((*c.p >= 'A' && *c.p <= 'Z') || (*c.p >= 'a' && *c.p <= 'z')))
        return 1;
    return (size_t)(c.end - c.p) >= 6 ? 6 : 0;
}

static void write_day(char *out, size_t cap, const char *before, date_ymd d, const char *after)
{
    snprintf(out, cap, "%s%d年%d月%d日%s", before, d.y, d.m, d.d, after);
}

static int era_refusal(int rc, const era_span *span, char reason[INTERCHANGE_REASON_CAP])
{
    char head[16];
    snprintf(head, sizeof head, "%sは", span->name);
    switch (rc) {
    case ERA_BEFORE_START:
        write_day(reason, INTERCHANGE_REASON_CAP, head, span->first, "からです");
        return INTERCHANGE_INVALID;
    case ERA_AFTER_END:
        write_day(reason, INTERCHANGE_REASON_CAP, head, span->last, "までです");
        return INTERCHANGE_INVALID;
    default:
        return fail(reason, "存在しない日付です");
    }
}

static int era_date(cursor c, date_ymd *out, char reason[INTERCHANGE_REASON_CAP])
{
    const char *era = c.p;
    size_t era_len = era_token_len(c);
    c.p += era_len;
    int y, m, d;
    if (!take(&c, "元")) {
        if (!take_number(&c, 1, 3, &y))
            return fail(reason, FORMAT_REASON);
    } else {
        y = 1;
    }
    if (!take_month_day(&c, &m, &d))
        return fail(reason, FORMAT_REASON);
    if (y < 1)
        return fail(reason, "元号の年は元年（1年）からです");
    era_span span;
    int rc = era_to_date(era, era_len, y, m, d, out, &span);
    if (rc == ERA_UNKNOWN)
        return fail(reason, FORMAT_REASON);
    return rc == 0 ? INTERCHANGE_OK : era_refusal(rc, &span, reason);
}

static int parse_folded(cursor c, date_ymd *out, char reason[INTERCHANGE_REASON_CAP])
{
    if (c.p == c.end)
        return INTERCHANGE_EMPTY;
    if (*c.p >= '0' && *c.p <= '9')
        return western_date(c, out, reason);
    return era_date(c, out, reason);
}

int interchange_parse_date(const char *s, size_t len, date_ymd *out,
                           char reason[INTERCHANGE_REASON_CAP])
{
    char folded[FOLDED_CAP];
    cursor c;
    if (!prepare(s, len, folded, &c, reason, FORMAT_REASON))
        return INTERCHANGE_INVALID;
    return parse_folded(c, out, reason);
}

/* "H:MM", "HH:MM" or "HH:MM:SS" as seconds into the day. */
static bool time_of_day(cursor c, int *seconds)
{
    int h, m, sec = 0;
    if (!take_number(&c, 1, 2, &h) || !take(&c, ":") || !take_number(&c, 2, 2, &m))
        return false;
    if (take(&c, ":") && !take_number(&c, 2, 2, &sec))
        return false;
    if (c.p != c.end || h > 23 || m > 59 || sec > 59)
        return false;
    *seconds = h * 3600 + m * 60 + sec;
    return true;
}

static int date_and_time(cursor c, int64_t *unix_seconds, char reason[INTERCHANGE_REASON_CAP])
{
    const char *space = c.end;
    while (space > c.p && !is_space(space[-1]))
        space--;
    if (space == c.p)
        return fail(reason, "時刻がありません（例: 2024-04-01 09:30）");
    cursor day_part = trim((cursor){c.p, space}), time_part = {space, c.end};
    date_ymd day;
    int rc = parse_folded(day_part, &day, reason);
    if (rc != INTERCHANGE_OK)
        return rc == INTERCHANGE_EMPTY ? fail(reason, INSTANT_REASON) : rc;
    int seconds;
    if (!time_of_day(time_part, &seconds))
        return fail(reason, INSTANT_REASON);
    *unix_seconds = date_jst_midnight(day) + seconds;
    return INTERCHANGE_OK;
}

static bool is_rfc3339(cursor c)
{
    return c.end - c.p > 10 && (c.p[10] == 'T' || c.p[10] == 't');
}

int interchange_parse_instant(const char *s, size_t len, int64_t *unix_seconds,
                              char reason[INTERCHANGE_REASON_CAP])
{
    char folded[FOLDED_CAP];
    cursor c;
    if (!prepare(s, len, folded, &c, reason, INSTANT_REASON))
        return INTERCHANGE_INVALID;
    if (c.p == c.end)
        return INTERCHANGE_EMPTY;
    if (!is_rfc3339(c))
        return date_and_time(c, unix_seconds, reason);
    if (!date_parse_instant(c.p, (size_t)(c.end - c.p), unix_seconds))
        return fail(reason, INSTANT_REASON);
    return INTERCHANGE_OK;
}
