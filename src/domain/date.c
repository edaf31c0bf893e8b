/* Calendar arithmetic after Howard Hinnant's days_from_civil / civil_from_days, in 64-bit. */
#include "domain/date.h"

#define SECONDS_PER_DAY 86400
#define JST_OFFSET      (9 * 3600)
#define YEAR_MIN_PARSE  1868
#define YEAR_MAX        9999

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y))
        return 29;
    return dim[m - 1];
}

/* Floor division for a positive divisor. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b) < 0)
        q--;
    return q;
}

int64_t date_to_days(date_ymd d)
{
    int64_t y = (int64_t)d.y - (d.m <= 2);
    int64_t m = d.m;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;                                     /* [0, 399] */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d.d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

date_ymd date_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    return (date_ymd){.y = (int)y, .m = (int)m, .d = (int)d};
}

/* Reads n ASCII digits; false if any is not a digit. */
static bool read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse(const char *s, size_t len, date_ymd *out)
{
    int y, m, d;
    if (s == NULL || out == NULL || len != 10)
        return false;
    if (s[4] != '-' || s[7] != '-')
        return false;
    if (!read_digits(s, 4, &y) || !read_digits(s + 5, 2, &m) || !read_digits(s + 8, 2, &d))
        return false;
    if (y < YEAR_MIN_PARSE || y > YEAR_MAX || m < 1 || m > 12)
        return false;
    if (d < 1 || d > days_in_month(y, m))
        return false;
    *out = (date_ymd){.y = y, .m = m, .d = d};
    return true;
}

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void date_format(date_ymd d, char out[11])
{
    put_digits(out, clamp_int(d.y, 0, YEAR_MAX), 4);
    out[4] = '-';
    put_digits(out + 5, clamp_int(d.m, 0, 99), 2);
    out[7] = '-';
    put_digits(out + 8, clamp_int(d.d, 0, 99), 2);
    out[10] = '\0';
}

bool date_is_valid(date_ymd d)
{
    return d.y >= 1 && d.y <= YEAR_MAX && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= days_in_month(d.y, d.m);
}

int date_compare(date_ymd a, date_ymd b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

int date_age_on(date_ymd birth, date_ymd on)
{
    if (date_compare(on, birth) < 0)
        return -1;
    int bm = birth.m, bd = birth.d;
    if (bm == 2 && bd == 29 && !is_leap(on.y)) {
        bm = 3;
        bd = 1;
    }
    int age = on.y - birth.y;
    if (on.m < bm || (on.m == bm && on.d < bd))
        age--;
    return age;
}

date_ymd date_add_months(date_ymd d, int months)
{
    int64_t total = (int64_t)d.y * 12 + (d.m - 1) + months;
    int64_t y = floor_div(total, 12);
    int m = (int)(total - y * 12) + 1;
    int dim = days_in_month(y, m);
    return (date_ymd){.y = (int)y, .m = m, .d = d.d > dim ? dim : d.d};
}

bool date_parse_instant(const char *s, size_t len, int64_t *unix_seconds)
{
    date_ymd day;
    int hh, mi, ss;
    if (s == NULL || unix_seconds == NULL || len < 20)
        return false;
    if (!date_parse(s, 10, &day))
        return false;
    if ((s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        return false;
    if (!read_digits(s + 11, 2, &hh) || !read_digits(s + 14, 2, &mi) ||
        !read_digits(s + 17, 2, &ss))
        return false;
    if (hh > 23 || mi > 59 || ss > 59)
        return false;

    size_t i = 19;
    if (s[i] == '.') {
        size_t start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start)
            return false;
    }
    if (i >= len)
        return false; /* the offset is required */

    int offset = 0;
    if (s[i] == 'Z' || s[i] == 'z') {
        i++;
    } else if (s[i] == '+' || s[i] == '-') {
        int oh, om;
        if (len - i < 6 || s[i + 3] != ':')
            return false;
        if (!read_digits(s + i + 1, 2, &oh) || !read_digits(s + i + 4, 2, &om))
            return false;
        if (oh > 23 || om > 59)
            return false;
        offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return false;
    }
    if (i != len)
        return false;

    *unix_seconds = date_to_days(day) * SECONDS_PER_DAY + hh * 3600 + mi * 60 + ss - offset;
    return true;
}

/* Splits an instant into the Japan-time day and the seconds into that day. Instants beyond
 * ±2^55 s (about a billion years) are clamped first, so nothing overflows. */
static int64_t jst_split(int64_t unix_seconds, int *secs_of_day)
{
    const int64_t limit = (int64_t)1 << 55;
    if (unix_seconds > limit)
        unix_seconds = limit;
    else if (unix_seconds < -limit)
        unix_seconds = -limit;
    int64_t days = floor_div(unix_seconds, SECONDS_PER_DAY);
    int64_t rem = unix_seconds - days * SECONDS_PER_DAY + JST_OFFSET;
    if (rem >= SECONDS_PER_DAY) {
        days++;
        rem -= SECONDS_PER_DAY;
    }
    *secs_of_day = (int)rem;
    return days;
}

date_ymd date_jst_of_instant(int64_t unix_seconds)
{
    int secs;
    return date_from_days(jst_split(unix_seconds, &secs));
}

void date_format_instant_jst(int64_t unix_seconds, char out[26])
{
    const int64_t min_days = date_to_days((date_ymd){1, 1, 1});
    const int64_t max_days = date_to_days((date_ymd){YEAR_MAX, 12, 31});
    int secs;
    int64_t days = jst_split(unix_seconds, &secs);
    if (days < min_days) {
        days = min_days;
        secs = 0;
    } else if (days > max_days) {
        days = max_days;
        secs = SECONDS_PER_DAY - 1;
    }
    date_format(date_from_days(days), out);
    out[10] = 'T';
    put_digits(out + 11, secs / 3600, 2);
    out[13] = ':';
    put_digits(out + 14, secs / 60 % 60, 2);
    out[16] = ':';
    put_digits(out + 17, secs % 60, 2);
    out[19] = '+';
    out[20] = '0';
    out[21] = '9';
    out[22] = ':';
    out[23] = '0';
    out[24] = '0';
    out[25] = '\0';
}

int64_t date_jst_midnight(date_ymd d)
{
    return date_to_days(d) * 86400 - 9 * 3600;
}
