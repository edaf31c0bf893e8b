/* Screenings at visits and check-ups (EPDS, 赤ちゃんへの気持ち質問票, 育児支援チェックリスト):
 * scored by domain/screening.c when recorded, kept as given. Their follow-up is recorded by
 * service/followups.c. */
#ifndef TSUNAGU_SERVICE_SCREENINGS_H
#define TSUNAGU_SERVICE_SCREENINGS_H

#include "service/service.h"
#include "store/screenings.h"

typedef struct svc_screening_input {
    const char *person_id;  /* the respondent */
    const char *instrument; /* "epds", "bonding", "ikuji_support" */
    const char *administered_on;
    const int *answers; /* option indexes in printed order */
    int answer_count;
    const char *visit_id; /* NULL: none */
    const char *notes;
} svc_screening_input;

/* Scores and records a screening (the bonding threshold in force), with its timeline event and
 * audit row. Invalid: instrument, administered_on (not a date, or after today), answers (count,
 * or answers[i] out of range), person_id (unknown, or under 10 on the day), visit_id (unknown). */
svc_result svc_screenings_record(svc_ctx *ctx, const svc_screening_input *in, store_screening *out);
/* One screening with its respondent's brief columns; the read is audited. */
svc_result svc_screenings_get(svc_ctx *ctx, const char *id, store_screening *out);

typedef struct svc_screening_filter {
    const char *person_id;           /* NULL: every person's (then open_only) */
    bool open_only;                  /* still needing a follow-up */
    const char *after_on, *after_id; /* the cursor: strictly older */
    int limit; /* the rows shown; one more is read to tell whether more follow */
} svc_screening_filter;
/* Called with each row, newest first: 0 when it is shown (then audited), else stop. */
typedef int (*svc_screening_fn)(void *arg, const store_screening *s);
/* Invalid person_id (missing) when neither a person nor open_only is asked. */
svc_result svc_screenings_list(svc_ctx *ctx, const svc_screening_filter *f, svc_screening_fn fn,
                               void *arg);

#endif
