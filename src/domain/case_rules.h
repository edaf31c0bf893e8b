/* The rules of a case that need no store (domain.md "Cases, plans, conferences"): how a case may
 * open (opened_from) and close (reason, date, receiving municipality), and when it is reviewed
 * next. Pure: the caller gives today and the intervals (service/case_settings.h). */
#ifndef TSUNAGU_DOMAIN_CASE_RULES_H
#define TSUNAGU_DOMAIN_CASE_RULES_H

#include "domain/date.h"

#include <stdbool.h>

typedef enum case_opened_from_problem {
    CASE_OPENED_FROM_OK,
    CASE_OPENED_FROM_NO_TYPE,       /* opened_from given without its type */
    CASE_OPENED_FROM_BAD_TYPE,      /* not pregnancy | report | transfer */
    CASE_OPENED_FROM_NO_ID,         /* pregnancy and report name the record (id) */
    CASE_OPENED_FROM_NO_FROM,       /* transfer names the municipality the family came from */
    CASE_OPENED_FROM_FROM_NOT_HERE, /* from only for a transfer */
} case_opened_from_problem;

/* How a case opened: type pregnancy (id: the 妊娠届), report (id: the 通告・相談) or transfer
 * (from: the municipality; id, the other municipality's case number, optional). */
case_opened_from_problem case_opened_from_check(const char *type, const char *id, const char *from);

typedef enum case_close_problem {
    CASE_CLOSE_OK,
    CASE_CLOSE_NO_REASON,
    CASE_CLOSE_BAD_REASON, /* not goal_reached | moved | transferred_jisou | other */
    CASE_CLOSE_NO_DATE,
    CASE_CLOSE_FUTURE,            /* on after today */
    CASE_CLOSE_BEFORE_OPENED,     /* on before the case opened */
    CASE_CLOSE_NO_MOVED_TO,       /* moved: the receiving municipality is required */
    CASE_CLOSE_MOVED_TO_NOT_HERE, /* moved_to only when the family moved away */
} case_close_problem;

/* A closing: reason, its date on (NULL: not given), the case's opened_on, today, and whether a
 * receiving municipality (moved_to) was given. The first problem found, in that order. */
case_close_problem case_close_check(const char *reason, const date_ymd *on, date_ymd opened_on,
                                    date_ymd today, bool moved_to_given);

/* The review after from (the day a case opened or was last reviewed): from + months (the
 * director's setting), the day clamped to the month's end. */
date_ymd case_next_review(date_ymd from, int months);

#endif
