#include "domain/era.h"

#include <stdio.h>

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

static bool is_valid_date(date_ymd d)
{
    if (d.y < 1 || d.y > 9999)
        return false;
    date_ymd back = date_from_days(date_to_days(d));
    return date_compare(back, d) == 0;
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
    if (out == NULL || !is_valid_date(d))
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
