/* Reading a request: the JSON body, its fields with their limits, If-Match, paging. Each reader
 * answers the 4xx itself and returns -1, so a handler just returns on -1. */
#ifndef TSUNAGU_API_INPUT_H
#define TSUNAGU_API_INPUT_H

#include "domain/vocab.h"
#include "http/request.h"

#include <jansson.h>

enum {
    API_NAME_MAX = 100, /* names and kana */
    API_ADDRESS_MAX = 200,
    API_TEXT_MAX = 20000, /* summary, note, decisions */
    API_LIMIT_DEFAULT = 50,
    API_LIMIT_MAX = 500,
};

/* The body as a JSON object whose keys are all in allowed (NULL-terminated). Owned by the pool. */
int api_body(http_req *req, const char *const allowed[], json_t **out);

/* A one-line string field of at most max_chars characters, valid UTF-8 without the characters
 * validate_text_refused_at refuses in one line (controls, invisible and direction-changing
 * characters); *out NULL when absent or null (and not required). An empty string counts as absent.
 */
int api_string(http_req *req, json_t *obj, const char *name, size_t max_chars, bool required,
               const char **out);
/* Free text: like api_string, with the free-text rules of validate_text_refused_at (line breaks,
 * tabs and zero-width joiners allowed; controls and direction-changing characters refused). */
int api_text(http_req *req, json_t *obj, const char *name, size_t max_chars, bool required,
             const char **out);
/* A date YYYY-MM-DD. */
int api_date(http_req *req, json_t *obj, const char *name, bool required, const char **out);
/* One of values (NULL-terminated). */
int api_enum(http_req *req, json_t *obj, const char *name, const char *const values[],
             bool required, const char **out);
/* One of the codes of a domain table (domain/vocab.h). */
int api_vocab(http_req *req, json_t *obj, const char *name, const vocab *v, bool required,
              const char **out);
int api_bool(http_req *req, json_t *obj, const char *name, bool *out, bool *present);
/* true when the key is present in obj (even null). */
bool api_has(json_t *obj, const char *name);

/* If-Match: "<version>" (quotes optional). */
int api_if_match(http_req *req, int64_t *version);
/* The same, where version 0 means "never saved yet" (settings). */
int api_if_match_or_zero(http_req *req, int64_t *version);
/* ?name=true|false: 1 or 0, or -1 when absent; -2 after answering 400 invalid_field. */
int api_query_bool(http_req *req, const char *name);
/* ?format=json (the default) or csv: 0 with *csv set, or -1 after answering 400 "format"; and
 * ?encoding=utf-8 (the default) or cp932 (api_csv_start), else 400 "encoding". */
int api_query_format(http_req *req, bool *csv);
/* ?limit= with the default and maximum of api.md. */
int api_limit(http_req *req, int *limit);
/* An instant field (ISO 8601 with its offset): *given false when absent; -1 after answering 400. */
int api_instant(http_req *req, json_t *body, const char *name, bool *given, int64_t *out);
/* ?order=asc|desc: *ascending, default_ascending when absent; -1 after answering 400 "order". */
int api_order(http_req *req, bool default_ascending, bool *ascending);
/* ?name=YYYY-MM-DD: *out (the request's string) or NULL when absent; -1 after answering 400. */
int api_query_date(http_req *req, const char *name, const char **out);

/* While set (non-NULL), error fields are reported as "prefix.name". */
void api_field_prefix(const char *prefix);

int api_missing(http_req *req, const char *field);
int api_invalid(http_req *req, const char *field, const char *message);
void api_not_found(http_req *req);
void api_version_conflict(http_req *req);

/* A whole number from 1 to max written plainly (no sign, space or leading zero), or -1. */
long long api_plain_number(const char *s, long long max);
/* ?cursor= as an offset into a list (0 when absent). -1 after answering 400 "cursor". */
int api_offset_cursor(http_req *req, int *offset);
/* The cursor of the rows past `offset` (a plain number). */
char *api_offset_cursor_encode(pool *p, int offset);

/* Cursors are opaque to clients: base64url of a few fields joined by a tab. */
char *api_cursor_encode(pool *p, const char *const parts[], int n);
/* Splits into at most n parts; returns the count, or -1 when malformed. */
int api_cursor_decode(pool *p, const char *cursor, char *parts[], int n);

#endif
