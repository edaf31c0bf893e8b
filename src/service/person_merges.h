/* Possible duplicates decided and two records of one person merged (issue 13, item 6): the
 * coordinator's and the director's (PERM_PERSON_MERGE). */
#ifndef TSUNAGU_SERVICE_PERSON_MERGES_H
#define TSUNAGU_SERVICE_PERSON_MERGES_H

#include "service/persons.h"
#include "service/service.h"
#include "store/person_merges.h"

/* --- a merged record receives nothing --- */

/* A write naming a record merged into another is refused: INVALID_TRANSITION (409
 * invalid_transition) on field, 「統合済みの記録です。統合先の記録を使ってください。」. OK for a
 * live record. Every use case that takes a person to write calls one of these where it checks
 * that the person exists: the first on the record it read, the second on an id (OK when there is
 * no such person: the use case says so its own way). */
svc_result svc_person_refuse_merged(const store_person *p, const char *field);
svc_result svc_person_id_refuse_merged(svc_ctx *ctx, const char *id, const char *field);
/* The same for each of a list of ids, field "name[i]". */
svc_result svc_person_ids_refuse_merged(svc_ctx *ctx, const char *const *ids, int n,
                                        const char *name);

/* --- the open pairs --- */

typedef struct svc_duplicates_input {
    int limit;
    int64_t after_at; /* the cursor: the last pair of the page before (after_a NULL: none) */
    const char *after_a, *after_b;
} svc_duplicates_input;

typedef struct svc_duplicates_page {
    store_duplicate_pair *items; /* in the pool */
    int count;
    bool more;
} svc_duplicates_page;

/* The open pairs, oldest first; each person shown audited. */
svc_result svc_duplicates_list(svc_ctx *ctx, const svc_duplicates_input *in,
                               svc_duplicates_page *out);
/* 別人: the open pair (id, other) decided distinct, an audited change against both (NOT_FOUND
 * when no open pair). */
svc_result svc_duplicates_distinct(svc_ctx *ctx, const char *id, const char *other);

/* --- the merge --- */

/* The fields a merge may take from the merged record (svc_merge_input.taken). */
enum {
    SVC_MERGE_FIELDS = 10, /* the record's fields of svc_person_input, SVC_PERSON_FAMILY_NAME … */
};
extern const char *const svc_merge_field_names[SVC_MERGE_FIELDS];

typedef struct svc_merge_side {
    svc_person_record record; /* read and audited as GET /persons/{id} */
    int64_t counts[STORE_MERGE_TABLES];
} svc_merge_side;

typedef struct svc_merge_preview {
    svc_merge_side a, b;
    int clash; /* a table where both are under one key (the merge is refused), or -1 */
} svc_merge_preview;

/* Both records side by side, with what a merge would move of each. */
svc_result svc_merge_preview_get(svc_ctx *ctx, const char *a, const char *b,
                                 svc_merge_preview *out);

typedef struct svc_merge_input {
    const char *survivor_id, *merged_id;
    unsigned taken; /* SVC_PERSON_* flags of the fields whose merged record's value is kept */
} svc_merge_input;

typedef struct svc_merge_result {
    store_merge merge;
    store_person survivor; /* after the merge */
    int64_t moved[STORE_MERGE_TABLES];
} svc_merge_result;

/* Merges merged_id into survivor_id in one transaction: every row naming the merged record
 * moves to the survivor (listed in person_merge_rows), the survivor takes the fields named in
 * taken (and 住所秘匿 when either was protected), the merged record is kept marked merged_into,
 * the pairs are decided "merged", one event on each timeline and an audit row "merge" of the
 * person_merge against each. INVALID (merged_id) for a record merged into itself;
 * INVALID_TRANSITION when either is merged already or both stand under one key
 * (store_merge_clash); CONFLICT when either changed meanwhile. */
svc_result svc_persons_merge(svc_ctx *ctx, const svc_merge_input *in, svc_merge_result *out);

/* Undoes a merge: every row it moved that still names the survivor names the merged record
 * again, the merged record is live again (its resident_id given back when the survivor took
 * it), the survivor's fields taken from it go back to their values before the merge (住所秘匿
 * stays: never lifted by an undo), the pair is open again; one event on each timeline and an
 * audit row "unmerge" of the person_merge against each. Rows made on the survivor after the
 * merge stay there. NOT_FOUND for an unknown merge; INVALID_TRANSITION when it was undone
 * already or the survivor was merged itself since (undo that first). */
typedef struct svc_unmerge_result {
    store_merge merge;
    store_person survivor, merged; /* after the undo */
} svc_unmerge_result;
svc_result svc_persons_merge_undo(svc_ctx *ctx, const char *merge_id, svc_unmerge_result *out);

#endif
