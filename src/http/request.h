/* One HTTP request as the API layer sees it, and the ways to answer it. Everything hangs off
 * req->pool and is freed when the answer has been queued. */
#ifndef TSUNAGU_HTTP_REQUEST_H
#define TSUNAGU_HTTP_REQUEST_H

#include "auth/audit.h"
#include "auth/roles.h"
#include "store/store.h"
#include "util/pool.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;
struct MHD_Response;
struct app;

enum { HTTP_MAX_PARAMS = 4, HTTP_MAX_HEADERS = 8 };

typedef struct http_user {
    char id[32];
    char login[101];
    char name[401];
    role role;
    char csrf_token[64];
    char session_hash[65];
} http_user;

typedef struct http_req {
    pool *pool;
    struct app *app;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const char *params[HTTP_MAX_PARAMS]; /* path parameters, in pattern order */
    char *body;
    size_t body_len;
    int64_t now;      /* Unix seconds at arrival */
    int64_t clock_ms; /* monotonic milliseconds at arrival (rate limits) */
    http_user *user;  /* NULL before authentication */
    store_conn *db;

    /* the answer */
    int status;
    char *resp_body;
    size_t resp_len;
    const char *resp_type;
    const char *resp_headers[HTTP_MAX_HEADERS][2];
    int resp_header_count;
    struct MHD_Response *resp_fd_response; /* static files: a ready response (file-backed) */

    /* Audit rows of what the answer shows: the answer leaves only after they are durable. */
    audit_entry *held_audit;
    int held_audit_count, held_audit_cap;
} http_req;

const char *http_header(http_req *req, const char *name);
const char *http_query(http_req *req, const char *name);
const char *http_cookie(http_req *req, const char *name);
/* The client's address: the peer, or the last X-Forwarded-For entry when the peer is the
 * trusted proxy (--trusted-proxy). Owned by the pool. */
const char *http_client_address(http_req *req);

void http_add_header(http_req *req, const char *name, const char *value);
/* Holds the answer until these audit rows are committed (an audit failure turns it into 500).
 * The entries are copied; their strings must live as long as the request (pool, constants). */
void http_hold_for_audit(http_req *req, const audit_entry *e, int n);
/* Answers with body (decref'd here); status 204 sends no body. A NULL body (a JSON build that
 * failed) answers 500 internal instead, whatever the status. */
void http_reply_json(http_req *req, int status, json_t *body);
/* Answers status with a body of another type than JSON (a CSV export): len bytes of body, which
 * must live in the request's pool. */
void http_reply_bytes(http_req *req, int status, const char *type, char *body, size_t len);
/* Answers status without a body (204). */
void http_reply_empty(http_req *req, int status);
/* {"error":{"code","message","field"?}}; field may be NULL. */
void http_reply_error(http_req *req, int status, const char *code, const char *message,
                      const char *field);
/* The one answer to anything unexpected: 500 internal, no details. */
void http_reply_internal(http_req *req);
/* 503 busy: the database was busy or unreachable, nothing was written; try again shortly. */
void http_reply_busy(http_req *req);

/* Builds the error body; caller owns the string. Pure, unit-tested. */
char *http_error_body(const char *code, const char *message, const char *field);

#endif
