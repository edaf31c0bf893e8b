/* Pregnancy notifications (妊娠届) with the interview (たまご面接): the risk is judged by the
 * table in force (service/settings.c) every time the record is written, and stored with it. A
 * question not asked stays unasked (未確認), never "no". */
#ifndef TSUNAGU_SERVICE_PREGNANCIES_H
#define TSUNAGU_SERVICE_PREGNANCIES_H

#include "service/service.h"
#include "store/pregnancies.h"

enum { SVC_PREGNANCY_CHILDREN_MAX = 8, SVC_PREGNANCY_WEEKS_MAX = 45 };

/* What a write does to one answer of the interview. */
typedef enum svc_answer {
    SVC_ANSWER_KEEP = 0, /* left out: keeps the record's (a new record's is unasked) */
    SVC_ANSWER_UNASKED,  /* asked again later: 未確認 */
    SVC_ANSWER_NO,
    SVC_ANSWER_YES,
} svc_answer;

typedef struct svc_pregnancy_input {
    const char *mother_id;
    const char *notified_on; /* YYYY-MM-DD, not after today */
    int weeks;               /* weeks_at_notification 0..45; -1 unknown */
    bool after_birth;
    const char *due_date; /* NULL: unknown */
    bool multiple;
    svc_answer answers[RISK_CODE_COUNT]; /* by risk_codes index; derived codes must be KEEP */
    const char *notes;
    const char *const *child_ids;
    int child_count;
} svc_pregnancy_input;

/* Which fields an update sets (the others keep the record's); answers merge by code. */
typedef struct svc_pregnancy_fields {
    bool mother_id, notified_on, weeks, after_birth, due_date, multiple, notes, child_ids;
} svc_pregnancy_fields;

/* Records a notification, judged, with its event and audit rows (mother and each child).
 * Invalid: mother_id (missing, unknown, male, or under 10 on notified_on), notified_on (not a
 * date, or after today), weeks_at_notification, due_date, answers.<code> (a derived code),
 * child_ids / child_ids[i] (too many, or unknown). */
svc_result svc_pregnancies_record(svc_ctx *ctx, const svc_pregnancy_input *in,
                                  store_pregnancy *out);
/* Sets the fields named and merges the answers on version `expected`: not found, conflict,
 * invalid as above (the mother is checked again only when she or the date changes). When
 * nothing changes, no new version and no event: the record is returned as a read (audited). */
svc_result svc_pregnancies_update(svc_ctx *ctx, const char *id, int64_t expected,
                                  const svc_pregnancy_input *in, const svc_pregnancy_fields *set,
                                  store_pregnancy *out);
/* One notification with its mother's brief columns; the read is audited. */
svc_result svc_pregnancies_get(svc_ctx *ctx, const char *id, store_pregnancy *out);

typedef struct svc_pregnancy_filter {
    const char *mother_id, *child_id;
    bool candidates_only;
    const char *risk_level; /* risk_levels code: complete interviews of this level */
    int incomplete;         /* -1 any, 1 with unasked questions, 0 complete */
    const char *after_notified_on, *after_id;
    int limit; /* the rows shown; one more is read to tell whether more follow */
} svc_pregnancy_filter;
/* Called with each row, newest notification first: 0 when shown (then audited), else stop. */
typedef int (*svc_pregnancy_fn)(void *arg, const store_pregnancy *g);
/* Invalid risk_level when not a level. */
svc_result svc_pregnancies_list(svc_ctx *ctx, const svc_pregnancy_filter *f, svc_pregnancy_fn fn,
                                void *arg);

#endif
