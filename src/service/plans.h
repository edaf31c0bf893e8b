/* サポートプラン: writing a version, reading one or all of a case's, the director's approval, a
 * review, the date it was handed to the family. Every version is kept as it was written; an
 * unapproved version is a draft; only the newest version can be approved, and only by the
 * director (PERM_PLAN_APPROVE). The review date a plan takes at approval, when none was written,
 * follows the director's setting (case_settings.h). */
#ifndef TSUNAGU_SERVICE_PLANS_H
#define TSUNAGU_SERVICE_PLANS_H

#include "domain/plan.h"
#include "service/service.h"
#include "store/plans.h"

/* A version as it is shown: the record and what changed from the version before it. */
typedef struct svc_plan {
    store_plan plan;
    const char *changes[PLAN_FIELD_COUNT]; /* field names (plan_field_names) */
    int change_count;
    bool newest; /* no later version of the case exists */
} svc_plan;

/* Writes the next version of case_id's plan as a draft (PERM_CASE_WRITE). NOT_FOUND: no such
 * case; INVALID_TRANSITION: the case is closed; INVALID "subject_ids" (none, duplicates, more
 * than PLAN_SUBJECTS_MAX, or not a current subject of the case), "services" / "emergency_contacts"
 * (too many rows, a row without its what / name, a period ending before it starts), "handed_on"
 * (after today); CONFLICT when another version took the number meanwhile. Timeline
 * (plan_written) and audit (create) on each target person. */
svc_result svc_plans_create(svc_ctx *ctx, const char *case_id, const plan_content *in,
                            svc_plan *out);

/* One version (PERM_CASE_READ); NOT_FOUND when it is not the case's. Audited per target person. */
svc_result svc_plans_get(svc_ctx *ctx, const char *case_id, const char *plan_id, svc_plan *out);

/* The case's versions below before_version (0: from the newest), newest first: at most limit + 1
 * (the one past limit tells the caller another page follows). NOT_FOUND: no such case. Every
 * version listed is audited per target person. */
svc_result svc_plans_list(svc_ctx *ctx, const char *case_id, int64_t before_version, int limit,
                          svc_plan **out, int *count);

/* The director approves the newest draft (PERM_PLAN_APPROVE, else FORBIDDEN); its review date,
 * when none was written, becomes today + plan_review_months. INVALID_TRANSITION: approved
 * already, not the newest version, or the case is closed. Timeline (plan_approved), audit
 * (approve). */
svc_result svc_plans_approve(svc_ctx *ctx, const char *case_id, const char *plan_id, svc_plan *out);

/* A review of the approved plan on `on` (not after today, not before its approval), the next
 * one on review_on (after on) — no new version (PERM_CASE_WRITE). expected: the plan's version
 * from If-Match, 0 for none (CONFLICT when stale). INVALID_TRANSITION: a draft, a newer version
 * is approved, or the case is closed. Timeline (plan_reviewed), audit (review). */
svc_result svc_plans_reviewed(svc_ctx *ctx, const char *case_id, const char *plan_id,
                              int64_t expected, const char *on, const char *review_on,
                              svc_plan *out);

/* The date the approved plan was handed to the family (not after today, not before approval),
 * once (INVALID_TRANSITION for a draft or a plan handed already). Audit (hand). */
svc_result svc_plans_handed(svc_ctx *ctx, const char *case_id, const char *plan_id, const char *on,
                            svc_plan *out);

#endif
