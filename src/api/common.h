/* What every resource handler shares: JSON output of common types (instants, persons,
 * follow-ups) and the follow-up body. Calling the use cases is api/result.h. */
#ifndef TSUNAGU_API_COMMON_H
#define TSUNAGU_API_COMMON_H

#include "domain/csv.h"
#include "domain/date.h"
#include "http/request.h"
#include "service/followups.h"
#include "store/imports.h"
#include "store/persons.h"
#include "store/screenings.h"

#include <jansson.h>

/* Hands v to the request's pool (decref'd at the end of the request); returns v. */
json_t *api_adopt_json(http_req *req, json_t *v);

/* The one follow-up handler (POST …/{id}/followup of a screening or a missed check-up): the body
 * {on, note} → svc_followups_record → 200 with the record as render builds it. */
typedef json_t *(*api_followed_up_json)(const svc_followed_up *record, date_ymd today);
void api_followup(http_req *req, svc_followup_of of, api_followed_up_json render);
json_t *api_followup_json(const store_followup *f);

json_t *api_json_instant(int64_t unix_seconds);
json_t *api_json_string_or_null(const char *s);
/* Building answers: a part that could not be built (NULL, e.g. a json_pack given a NULL or
 * invalid string) fails the whole value instead of being left out. api_json_set sets key on o
 * to value, api_json_append appends item to array (value and item handed over); each returns
 * o / array, or NULL after releasing it when the part is NULL. Chain them; reply with the result
 * (http_reply_json answers 500 for NULL). */
json_t *api_json_set(json_t *o, const char *key, json_t *value);
json_t *api_json_append(json_t *array, json_t *item);
/* A person as the API shows it, with the age on today (null without a birth date). */
json_t *api_person_json(const store_person *p, date_ymd today);
/* The short form used in lists of members and duplicates. */
json_t *api_person_brief_json(const store_person *p, date_ymd today);
/* The start of a CSV answer in the encoding the query asks (?encoding=utf-8, the default: a byte
 * order mark for Excel; cp932: none, and the cells holding a character CP932 lacks counted).
 * The encoding was checked by api_query_format. */
void api_csv_start(http_req *req, csv_buf *b);
/* Answers 200 with the CSV b (handed over: freed with the request) as the attachment
 * "<name>-<today>.csv". In CP932 (interchange.md): a character CP932 lacks is written as 〓,
 * and the cells that hold one are counted in the header X-Tsunagu-Replaced-Cells and, when
 * there are any, in a last line (a warning). */
void api_reply_csv(http_req *req, csv_buf *b, const char *name, date_ymd today);
/* The date in Japan at the request's one clock reading: what ages are computed on. */
date_ymd api_today(const http_req *req);

/* {"import_id","file_name","line","external_id","at"} of a record an import made (interchange.md:
 * imported records say they were imported), or JSON null. */
json_t *api_import_origin_json(const store_import_origin *o);

#endif
