/* Screenings (EPDS, 赤ちゃんへの気持ち質問票, 育児支援チェックリスト) with their scores. The
 * answers, item scores and flags are kept as JSON text; this repository encodes and decodes them.
 */
#ifndef TSUNAGU_STORE_SCREENINGS_H
#define TSUNAGU_STORE_SCREENINGS_H

#include "domain/screening.h"
#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

/* A follow-up of a flagged screening or a missed check-up. */
typedef struct store_followup {
    char *on; /* NULL: none yet */
    char *note;
    char *by;
    int64_t at;
} store_followup;

typedef struct store_screening_flag {
    const char *code;
    const char *label;
} store_screening_flag;

typedef struct store_screening {
    char *id;
    int64_t version;
    char *person_id;
    char *instrument;
    char *administered_on;
    int answers[SCREENING_MAX_ITEMS]; /* option indexes, as given */
    int answer_count;
    int64_t score;
    int item_scores[SCREENING_MAX_ITEMS];
    int item_count;
    store_screening_flag flags[SCREENING_MAX_FLAGS];
    int flag_count;
    char *visit_id;
    char *notes;
    bool needs_followup;
    bool self_harm; /* EPDS item 10 scored >= 1: the alert epds_self_harm, not the 7-day one */
    store_followup followup;
    int64_t created_at;
    int64_t updated_at;
    store_person person; /* the respondent's brief columns: filled by get and list */
} store_screening;

int store_screening_get(store_conn *c, pool *p, const char *id, store_screening *out) STORE_WUR;
int store_screening_insert(store_conn *c, const store_screening *s) STORE_WUR;
/* Records the follow-up and clears needs_followup; version + 1. Only once: STORE_CONFLICT when
 * the screening has one already (or does not exist), whoever wrote it first. */
int store_screening_followup(store_conn *c, const char *id, const store_followup *f,
                             int64_t now) STORE_WUR;

typedef int (*store_screening_fn)(void *ctx, const store_screening *s);
/* A person's screenings, or (person_id NULL, open_only) all still needing a follow-up; newest
 * first, strictly older than the cursor (after_on, after_id) when given. */
int store_screening_list(store_conn *c, pool *p, const char *person_id, bool open_only,
                         const char *after_on, const char *after_id, int limit,
                         store_screening_fn fn, void *ctx) STORE_WUR;

#endif
