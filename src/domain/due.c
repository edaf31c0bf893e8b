#include "domain/due.h"

static int64_t days_after(date_ymd d, int days)
{
    return date_jst_midnight(date_from_days(date_to_days(d) + days));
}

int64_t due_newborn_visit(date_ymd birth)
{
    return date_jst_midnight(date_add_months(birth, NEWBORN_VISIT_MONTHS));
}

int64_t due_checkup_followup(date_ymd missed_on)
{
    return days_after(missed_on, CHECKUP_FOLLOWUP_DAYS);
}

int64_t due_screening_followup(date_ymd administered_on)
{
    return days_after(administered_on, SCREENING_FOLLOWUP_DAYS);
}
