#include "domain/subject.h"

#include "domain/date.h"

#include <string.h>

/* True when both are dates and the age on `on` is under SUBJECT_MIN_AGE (-1: born after). */
static bool too_young(const char *birth_date, const char *on)
{
    date_ymd birth, day;
    if (!birth_date || !on || !date_parse(birth_date, strlen(birth_date), &birth) ||
        !date_parse(on, strlen(on), &day))
        return false;
    return date_age_on(birth, day) < SUBJECT_MIN_AGE;
}

subject_verdict subject_check_mother(const char *sex, const char *birth_date, const char *on)
{
    if (sex && strcmp(sex, "male") == 0)
        return SUBJECT_MALE;
    return too_young(birth_date, on) ? SUBJECT_TOO_YOUNG : SUBJECT_OK;
}

subject_verdict subject_check_respondent(const char *birth_date, const char *on)
{
    return too_young(birth_date, on) ? SUBJECT_TOO_YOUNG : SUBJECT_OK;
}
