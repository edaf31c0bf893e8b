#include "domain/companion.h"

#include "domain/due.h"

static const vocab_code interview_codes[] = {
    [COMPANION_AT_NOTIFICATION] = {"notification", "妊娠届出時"},
    [COMPANION_AT_EIGHTH_MONTH] = {"eighth_month", "妊娠8か月頃"},
    [COMPANION_AFTER_BIRTH] = {"postnatal", "出産後"},
    [COMPANION_INTERVIEW_COUNT] = {NULL, NULL},
};
const vocab companion_interviews = {"companion_interviews", interview_codes};

const date_ymd companion_scheme_start = {2025, 4, 1};

bool companion_in_scheme(date_ymd day)
{
    return date_compare(day, companion_scheme_start) >= 0;
}

static date_ymd days_after(date_ymd d, int days)
{
    return date_from_days(date_to_days(d) + days);
}

bool companion_expected_delivery(bool has_due_date, date_ymd due_date, date_ymd notified_on,
                                 int weeks_at_notification, date_ymd *out)
{
    if (has_due_date) {
        *out = due_date;
        return true;
    }
    if (weeks_at_notification < 0 || weeks_at_notification > 45)
        return false;
    *out = days_after(notified_on, (COMPANION_TERM_WEEKS - weeks_at_notification) * 7);
    return true;
}

int64_t due_companion_notification(date_ymd notified_on)
{
    return date_jst_midnight(days_after(notified_on, COMPANION_NOTIFICATION_DAYS + 1));
}

date_ymd companion_8m_listed_from(date_ymd expected_delivery)
{
    return days_after(expected_delivery, -(COMPANION_TERM_WEEKS - COMPANION_8M_FROM_WEEKS) * 7);
}

int64_t due_companion_8m(date_ymd expected_delivery)
{
    return date_jst_midnight(
        days_after(expected_delivery, -(COMPANION_TERM_WEEKS - COMPANION_8M_DUE_WEEKS) * 7));
}

int64_t due_companion_postnatal(date_ymd birth)
{
    return due_newborn_visit(birth);
}
