/* Possible duplicates (pairs kept until someone decides) and the merge of two records of one
 * person: every row naming the merged record moved to the survivor, each listed in
 * person_merge_rows so that the merge can be undone (migration 015). */
#ifndef TSUNAGU_STORE_PERSON_MERGES_H
#define TSUNAGU_STORE_PERSON_MERGES_H

#include "store/persons.h"
#include "store/store.h"
#include "util/pool.h"

/* The references to a person a merge moves: one entry per table and column naming persons.id
 * (tests/unit/store/person_merges_test.c checks the list against the schema's foreign keys).
 * X(code, Japanese label). */
#define STORE_MERGE_TABLE_LIST(X)                                                                  \
    X("events", "記録（タイムライン）")                                                            \
    X("household_members", "世帯")                                                                 \
    X("pregnancies", "妊娠届（母）")                                                               \
    X("pregnancy_children", "妊娠届（子）")                                                        \
    X("screenings", "質問票")                                                                      \
    X("visits", "訪問・健診")                                                                      \
    X("report_children", "通告・相談（子ども）")                                                   \
    X("report_guardians", "通告・相談（保護者等）")                                                \
    X("report_events", "現認の記録")                                                               \
    X("case_subjects", "ケース")                                                                   \
    X("conference_decisions", "会議の決定（指定）")                                                \
    X("plan_subjects", "サポートプラン")                                                           \
    X("import_records", "移行データ")

#define STORE_MERGE_COUNT_ONE(code, label) +1
enum { STORE_MERGE_TABLES = 0 STORE_MERGE_TABLE_LIST(STORE_MERGE_COUNT_ONE) };

extern const char *const store_merge_table_codes[STORE_MERGE_TABLES];
extern const char *const store_merge_table_labels[STORE_MERGE_TABLES];

/* --- Possible duplicates ------------------------------------------------------------------- */

typedef struct store_duplicate_pair {
    store_person a, b; /* the brief fields and the mark; a.id < b.id */
    int64_t found_at;
} store_duplicate_pair;

typedef int (*store_duplicate_pair_fn)(void *ctx, const store_duplicate_pair *pair);

/* Keeps the pair (x, y) open from at (nothing when it is there already, whatever its decision). */
int store_duplicate_add(store_conn *c, const char *x, const char *y, int64_t at) STORE_WUR;
/* The open pairs, oldest first, after (after_at, after_a, after_b) (after_a NULL: from the
 * start), at most limit; neither person merged. */
int store_duplicates_open(store_conn *c, pool *p, int64_t after_at, const char *after_a,
                          const char *after_b, int limit, store_duplicate_pair_fn fn,
                          void *ctx) STORE_WUR;
/* The persons in an open pair with person_id (their brief fields and the mark), by id. */
int store_duplicates_of(store_conn *c, pool *p, const char *person_id, store_person_fn fn,
                        void *ctx) STORE_WUR;
/* Decides the open pair (x, y): STORE_NOT_FOUND when there is no open pair. */
int store_duplicate_decide(store_conn *c, const char *x, const char *y, const char *decision,
                           const char *by, int64_t at) STORE_WUR;
/* The merge's pairs: (merged, survivor) decided "merged"; every other open pair of merged
 * kept open as a pair of the survivor. */
int store_duplicates_merge(store_conn *c, const char *merged, const char *survivor, const char *by,
                           int64_t at) STORE_WUR;

/* --- The merge ----------------------------------------------------------------------------- */

/* The survivor id is merged into (*into NULL: a live record); STORE_NOT_FOUND when there is no
 * such person. */
int store_person_merged_into(store_conn *c, pool *p, const char *id, char **into) STORE_WUR;

/* How many rows of each table name the person (the counts a merge would move). */
int store_merge_counts(store_conn *c, const char *person_id,
                       int64_t counts[STORE_MERGE_TABLES]) STORE_WUR;
/* The table where a row of `from` and a row of `to` share a key that allows one person only
 * (both children of one pregnancy or one report, both guardians of one report, both subjects of
 * one case, both members of one household): its index, or -1 when there is none. */
int store_merge_clash(store_conn *c, const char *from, const char *to, int *table) STORE_WUR;

typedef struct store_merge {
    char *id, *survivor_id, *merged_id, *by_user, *taken_fields;
    int64_t at, undone_at;
    store_person before; /* the survivor's fields before the merge */
    char *merged_resident_id;
} store_merge;

int store_merge_insert(store_conn *c, const store_merge *m) STORE_WUR;
int store_merge_get(store_conn *c, pool *p, const char *id, store_merge *out) STORE_WUR;
/* Moves every reference to `from` to `to`, listing each row moved under merge_id; counts gets
 * the rows moved per table. The merged record's search keys are dropped (it is found no more).
 * The survivor keeps its alerts_quiet mark only when the merged record had one too (a live
 * record's alerts are never quieted by a merge); a mark it loses is listed under merge_id. */
int store_merge_move(store_conn *c, const char *merge_id, const char *from, const char *to,
                     int64_t counts[STORE_MERGE_TABLES]) STORE_WUR;
/* The undo of a merge: every row listed under merge_id still naming `to` names `from` again, and
 * the survivor's alerts_quiet mark the merge took is given back. */
int store_merge_undo_rows(store_conn *c, const char *merge_id, const char *from,
                          const char *to) STORE_WUR;
/* The merge undone at `at` by `by`: STORE_CONFLICT when it was undone already. */
int store_merge_mark_undone(store_conn *c, const char *merge_id, const char *by,
                            int64_t at) STORE_WUR;
/* The merged record live again (merged_into cleared), guarded by its version and its mark. */
int store_person_unmark_merged(store_conn *c, const char *id, int64_t version,
                               const char *into) STORE_WUR;
/* The pair (x, y) open again (an undone merge: someone decides anew). */
int store_duplicate_reopen(store_conn *c, const char *x, const char *y) STORE_WUR;
/* Marks `id` merged into `into`, guarded by its version and by not being merged already
 * (STORE_CONFLICT otherwise). resident_id cleared when clear_resident_id. */
int store_person_mark_merged(store_conn *c, const char *id, int64_t version, const char *into,
                             bool clear_resident_id, int64_t at) STORE_WUR;

#endif
