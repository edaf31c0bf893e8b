/* What every resource handler shares: audit, transactions, JSON output of common types. */
#ifndef TSUNAGU_API_COMMON_H
#define TSUNAGU_API_COMMON_H

#include "auth/audit.h"
#include "http/request.h"
#include "store/persons.h"
#include "service/followups.h"
#include "store/screenings.h"

#include <jansson.h>

/* Audits a read through the group-commit writer: the answer is held until the rows are durable,
 * and becomes 500 if they cannot be written (nothing is shown that was not audited). Entry
 * strings must live as long as the request. Returns 0. */
int api_audit_read(http_req *req, const char *object_type, const char *object_id,
                   const char *person_id);
int api_audit_reads(http_req *req, const audit_entry *entries, int n);
/* Reads shown again and again (the alert board, refreshed every minute): each entry is written
 * at most once per user, clock hour, person and object (audit_entry.once_per_hour). The keys
 * this user has taken this hour are read first, so an unchanged board is answered without
 * waiting for the writer; the writer checks again inside its transaction. Entries are
 * reordered in place. Returns 0. */
int api_audit_read_hourly(http_req *req, audit_entry *entries, int n);
/* Audits a change inside the caller's open write transaction. */
int api_audit_change(http_req *req, const char *action, const char *object_type,
                     const char *object_id, const char *person_id) STORE_WUR;

/* Begins a write transaction; on failure answers 500 (503 when the database is busy). */
int api_begin(http_req *req);
/* Commits; on failure rolls back and answers 500. The answer is sent only after this. */
int api_commit(http_req *req);
/* Rolls back and answers 500: for a storage error in the middle of a write. */
void api_fail(http_req *req);

/* Hands v to the request's pool (decref'd at the end of the request); returns v. */
json_t *api_adopt_json(http_req *req, json_t *v);

/* A timeline event about a person, shown on their timeline and, through their current household,
 * on the family's: section "health", "welfare" or "common". Inside the write transaction. */
int api_add_event(http_req *req, const char *section, const char *kind, const char *summary,
                  const char *ref_type, const char *ref_id, const char *person_id) STORE_WUR;
/* The same, dated when it happened (a report step's `at`) rather than now. */
int api_add_event_at(http_req *req, int64_t at, const char *section, const char *kind,
                     const char *summary, const char *ref_type, const char *ref_id,
                     const char *person_id) STORE_WUR;

/* A follow-up's body {on, note} onto in (the date's rules are the service's); -1 after answering
 * 4xx. */
int api_read_followup(http_req *req, svc_followup_input *in);
json_t *api_followup_json(const store_followup *f);

/* Two optional strings are equal (both NULL, or the same text). */
bool api_same_text(const char *a, const char *b);

json_t *api_json_instant(int64_t unix_seconds);
json_t *api_json_string_or_null(const char *s);
/* Building answers: a part that could not be built (NULL, e.g. a json_pack given a NULL or
 * invalid string) fails the whole value instead of being left out. api_json_set sets key on o
 * to value, api_json_append appends item to array (value and item handed over); each returns
 * o / array, or NULL after releasing it when the part is NULL. Chain them; reply with the result
 * (http_reply_json answers 500 for NULL). */
json_t *api_json_set(json_t *o, const char *key, json_t *value);
json_t *api_json_append(json_t *array, json_t *item);
/* For a list filled by a store callback (the array stays the caller's): appends item (handed
 * over) and returns true, or false when it could not be built or appended — the callback then
 * stops and the answer fails instead of leaving the item out. */
bool api_list_add(json_t *items, json_t *item);
/* A person as the API shows it, with age today (null without a birth date). */
json_t *api_person_json(const store_person *p);
/* The short form used in lists of members and duplicates. */
json_t *api_person_brief_json(const store_person *p);

#endif
