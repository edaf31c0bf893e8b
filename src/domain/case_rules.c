#include "domain/case_rules.h"
#include "domain/case_codes.h"

#include <string.h>

case_opened_from_problem case_opened_from_check(const char *type, const char *id, const char *from)
{
    if (!type)
        return CASE_OPENED_FROM_NO_TYPE;
    if (!vocab_has(&case_opened_from, type))
        return CASE_OPENED_FROM_BAD_TYPE;
    bool transfer = strcmp(type, "transfer") == 0;
    if (!transfer && !id)
        return CASE_OPENED_FROM_NO_ID;
    if (transfer && !from)
        return CASE_OPENED_FROM_NO_FROM;
    if (!transfer && from)
        return CASE_OPENED_FROM_FROM_NOT_HERE;
    return CASE_OPENED_FROM_OK;
}

case_close_problem case_close_check(const char *reason, const date_ymd *on, date_ymd opened_on,
                                    date_ymd today, bool moved_to_given)
{
    if (!reason)
        return CASE_CLOSE_NO_REASON;
    if (!vocab_has(&case_close_reasons, reason))
        return CASE_CLOSE_BAD_REASON;
    if (!on)
        return CASE_CLOSE_NO_DATE;
    if (date_compare(*on, today) > 0)
        return CASE_CLOSE_FUTURE;
    if (date_compare(*on, opened_on) < 0)
        return CASE_CLOSE_BEFORE_OPENED;
    bool moved = strcmp(reason, "moved") == 0;
    if (moved && !moved_to_given)
        return CASE_CLOSE_NO_MOVED_TO;
    if (!moved && moved_to_given)
        return CASE_CLOSE_MOVED_TO_NOT_HERE;
    return CASE_CLOSE_OK;
}

date_ymd case_next_review(date_ymd from, int months)
{
    return date_add_months(from, months);
}
