#include "domain/era.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    const char *initial;
    date_ymd start;
} era_def;

/* Newest first, so the first era whose start is not after a date is the one in force. */
static const era_def eras[] = {
    {"令和", "R", {2019, 5, 1}},  {"平成", "H", {1989, 1, 8}},  {"昭和", "S", {1926, 12, 25}},
    {"大正", "T", {1912, 7, 30}}, {"明治", "M", {1868, 1, 25}},
};

static const era_def *era_of(date_ymd d)
{
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        if (date_compare(d, eras[i].start) >= 0)
            return &eras[i];
    }
    return NULL;
}

static void clear(char *buf, size_t cap)
{
    if (buf != NULL && cap > 0)
        buf[0] = '\0';
}

/* "元" for the first year of an era, the number otherwise. */
static void era_year_text(int year, char out[12])
{
    if (year == 1)
        snprintf(out, 12, "元");
    else
        snprintf(out, 12, "%d", year);
}

int era_format_date(date_ymd d, char *out, size_t cap)
{
    clear(out, cap);
    if (out == NULL || !date_is_valid(d))
        return -1;
    const era_def *e = era_of(d);
    if (e == NULL)
        return -1;
    char year[12];
    era_year_text(d.y - e->start.y + 1, year);
    int n = snprintf(out, cap, "%s%s年%d月%d日", e->name, year, d.m, d.d);
    if (n < 0 || (size_t)n >= cap) {
        clear(out, cap);
        return -1;
    }
    return 0;
}

int era_fiscal_year(date_ymd d)
{
    return d.m >= 4 ? d.y : d.y - 1;
}

int era_fiscal_label(int fiscal_year, char *label, size_t label_cap, char *short_label,
                     size_t short_cap)
{
    clear(label, label_cap);
    clear(short_label, short_cap);
    if (fiscal_year < 1868 || fiscal_year > 9999)
        return -1;
    date_ymd mid = {fiscal_year, 10, 1};
    const era_def *e = era_of(mid);
    if (e == NULL)
        return -1;
    int year = fiscal_year - e->start.y + 1;
    if (label != NULL) {
        char y[12];
        era_year_text(year, y);
        int n = snprintf(label, label_cap, "%s%s年度", e->name, y);
        if (n < 0 || (size_t)n >= label_cap)
            goto too_small;
    }
    if (short_label != NULL) {
        int n = snprintf(short_label, short_cap, "%s%d", e->initial, year);
        if (n < 0 || (size_t)n >= short_cap)
            goto too_small;
    }
    return 0;

too_small:
    clear(label, label_cap);
    clear(short_label, short_cap);
    return -1;
}

/* The era named by its name ("令和") or its initial, either case ("R", "r"). */
static const era_def *era_named(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        const era_def *e = &eras[i];
        if (len == strlen(e->name) && memcmp(name, e->name, len) == 0)
            return e;
        if (len == 1 && (name[0] == e->initial[0] || name[0] == e->initial[0] + ('a' - 'A')))
            return e;
    }
    return NULL;
}

static void fill_span(const era_def *e, era_span *span)
{
    if (span == NULL)
        return;
    span->name = e->name;
    span->first = e->start;
    span->has_last = e != &eras[0];
    if (span->has_last)
        span->last = date_from_days(date_to_days((e - 1)->start) - 1);
}

int era_to_date(const char *era, size_t era_len, int year, int month, int day, date_ymd *out,
                era_span *span)
{
    const era_def *e = era == NULL ? NULL : era_named(era, era_len);
    if (e == NULL)
        return ERA_UNKNOWN;
    fill_span(e, span);
    date_ymd d = {e->start.y + year - 1, month, day};
    if (year < 1 || year > 9999 || !date_is_valid(d))
        return ERA_NOT_A_DATE;
    if (date_compare(d, e->start) < 0)
        return ERA_BEFORE_START;
    if (e != &eras[0] && date_compare(d, (e - 1)->start) >= 0)
        return ERA_AFTER_END;
    *out = d;
    return 0;
}
