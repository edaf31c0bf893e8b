#include "domain/office_hours.h"

#include "domain/date.h"

int office_weekday_jst(int64_t t)
{
    int64_t days = date_to_days(date_jst_of_instant(t)); /* 1970-01-01 was a Thursday */
    int w = (int)((days + 4) % 7);
    return w < 0 ? w + 7 : w;
}

static bool weekday(int64_t t)
{
    int w = office_weekday_jst(t);
    return w >= 1 && w <= 5;
}

static int64_t opens_on_day_of(int64_t t)
{
    return date_jst_midnight(date_jst_of_instant(t)) + (int64_t)OFFICE_OPENS_MINUTE * 60;
}

static int64_t closes_on_day_of(int64_t t)
{
    return date_jst_midnight(date_jst_of_instant(t)) + (int64_t)OFFICE_CLOSES_MINUTE * 60;
}

bool office_open_at(int64_t t)
{
    return weekday(t) && t >= opens_on_day_of(t) && t < closes_on_day_of(t);
}

bool office_hours_cover(int64_t from, int64_t to)
{
    return from <= to && office_open_at(from) && to <= closes_on_day_of(from);
}

int64_t oncall_instant(int64_t now, int64_t due_at)
{
    return due_at > now ? due_at : now;
}

bool oncall_needed(int64_t now, int64_t due_at)
{
    if (due_at - now > (int64_t)ONCALL_HOURS_LEFT * 3600)
        return false;
    return !office_hours_cover(now, oncall_instant(now, due_at));
}

int oncall_pick(const oncall_span *spans, int n, int64_t t)
{
    int best = -1;
    for (int i = 0; i < n; i++) {
        if (spans[i].cancelled || t < spans[i].starts_at || t >= spans[i].ends_at)
            continue;
        if (best < 0 || spans[i].starts_at > spans[best].starts_at)
            best = i;
    }
    return best;
}
