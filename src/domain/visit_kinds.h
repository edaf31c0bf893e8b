/* Visits and check-ups (こんにちは赤ちゃん訪問, 産後ケア, 乳幼児健診): their kinds, subtypes and
 * statuses, the labels the screens show, and which combinations make a record. Pure: no I/O;
 * every string returned is a static literal. */
#ifndef TSUNAGU_DOMAIN_VISIT_KINDS_H
#define TSUNAGU_DOMAIN_VISIT_KINDS_H

#include "domain/vocab.h"

#include <stdbool.h>

typedef enum visit_kind {
    VISIT_NEWBORN,    /* newborn_visit こんにちは赤ちゃん訪問 */
    VISIT_POSTPARTUM, /* postpartum_care 産後ケア (stay, day, home) */
    VISIT_CHECKUP,    /* checkup 乳幼児健診 (4m, 18m, 3y) */
    /* 伴走型相談支援 (domain/companion.h): the mother's three interviews */
    VISIT_COMPANION_NOTIFICATION, /* companion_notification 妊娠届出時面談 */
    VISIT_COMPANION_8M,           /* companion_8m 妊娠8か月頃面談 */
    VISIT_COMPANION_POSTNATAL,    /* companion_postnatal 出産後面談 */
    VISIT_KIND_NONE = -1
} visit_kind;

typedef enum visit_status {
    VISIT_SCHEDULED, /* 予定 */
    VISIT_DONE,      /* 実施, or 受診 for a check-up */
    VISIT_MISSED,    /* 未受診: a check-up's only */
    VISIT_STATUS_NONE = -1
} visit_status;

/* The tables served by GET /api/v1/meta. visit_statuses labels "done" 実施; a check-up's is
 * 受診 (checkup_statuses). */
extern const vocab visit_kinds, visit_statuses, checkup_statuses, postpartum_subtypes,
    checkup_subtypes;

visit_kind visit_kind_from_code(const char *code);
/* "" for an unknown kind (the label of a stored record is never NULL). */
const char *visit_kind_label(visit_kind k);
visit_status visit_status_from_code(const char *code);
/* 予定 / 実施 (受診 for a check-up) / 未受診; "" for an unknown status. */
const char *visit_status_label(visit_kind k, visit_status s);
/* The subtypes of kind k (NULL: a newborn visit has none). */
const vocab *visit_subtypes(visit_kind k);
/* The label of subtype under kind k; "" when it has none or the code is unknown. */
const char *visit_subtype_label(visit_kind k, const char *subtype);

/* One of the three interviews of 伴走型相談支援 (recorded on the mother). */
bool visit_kind_is_companion(visit_kind k);

typedef enum visit_check {
    VISIT_CONSISTENT = 0,
    VISIT_SUBTYPE_NOT_ALLOWED, /* a newborn visit names a subtype */
    VISIT_SUBTYPE_MISSING,     /* a check-up or 産後ケア without its subtype */
    VISIT_SUBTYPE_UNKNOWN,     /* a subtype not of the kind */
    VISIT_MISSED_NOT_CHECKUP,  /* 未受診 is recorded for check-ups only */
} visit_check;

/* Whether subtype and status fit kind k, checked in this order: subtype, then status. */
visit_check visit_check_consistency(visit_kind k, const char *subtype, visit_status s);

#endif
