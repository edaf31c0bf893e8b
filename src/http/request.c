#include "http/request.h"
#include "http/server.h"
#include "util/log.h"

#include <arpa/inet.h>

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

const char *http_header(http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(http_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static void peer_address(struct MHD_Connection *conn, char *buf, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    buf[0] = '\0';
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                  (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                  (socklen_t)cap);
}

const char *http_client_address(http_req *req)
{
    char peer[64];
    peer_address(req->conn, peer, sizeof peer);
    const char *proxy = req->app->trusted_proxy;
    const char *xff =
        proxy && strcmp(peer, proxy) == 0 ? http_header(req, "X-Forwarded-For") : NULL;
    if (xff) {
        /* The last entry is the one the trusted proxy added; earlier ones are the client's word. */
        const char *last = strrchr(xff, ',');
        last = last ? last + 1 : xff;
        while (*last == ' ')
            last++;
        if (*last && strlen(last) < 64)
            return pool_strdup(req->pool, last);
    }
    return pool_strdup(req->pool, peer);
}

void http_add_header(http_req *req, const char *name, const char *value)
{
    if (req->resp_header_count >= HTTP_MAX_HEADERS)
        abort(); /* a programming error: raise HTTP_MAX_HEADERS */
    req->resp_headers[req->resp_header_count][0] = name;
    req->resp_headers[req->resp_header_count][1] = value;
    req->resp_header_count++;
}

void http_hold_for_audit(http_req *req, const audit_entry *e, int n)
{
    if (req->held_audit_count + n > req->held_audit_cap) {
        int cap = req->held_audit_cap ? req->held_audit_cap : 8;
        while (cap < req->held_audit_count + n)
            cap *= 2;
        audit_entry *grown = pool_alloc(req->pool, sizeof *grown * (size_t)cap);
        if (req->held_audit_count)
            memcpy(grown, req->held_audit, sizeof *grown * (size_t)req->held_audit_count);
        req->held_audit = grown;
        req->held_audit_cap = cap;
    }
    memcpy(req->held_audit + req->held_audit_count, e, sizeof *e * (size_t)n);
    req->held_audit_count += n;
}

void http_reply_json(http_req *req, int status, json_t *body)
{
    if (!body && status != 204) {
        /* A json_pack that failed (a NULL or invalid string): never a 200 with nothing in it. */
        log_error("http: %s %s: the answer could not be built", req->method, req->path);
        req->held_audit_count = 0; /* nothing is shown */
        req->resp_header_count = 0;
        http_reply_internal(req);
        return;
    }
    req->status = status;
    req->resp_type = "application/json; charset=utf-8";
    if (status == 204) {
        req->resp_body = NULL;
        req->resp_len = 0;
    } else {
        /* 15 digits: a real such as 3.3 (hours of the statistics) is written 3.3, not
         * 3.2999999999999998 */
        req->resp_body =
            pool_adopt(req->pool, json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15)));
        if (!req->resp_body)
            util_oom();
        req->resp_len = strlen(req->resp_body);
    }
    json_decref(body);
}

void http_reply_bytes(http_req *req, int status, const char *type, char *body, size_t len)
{
    req->status = status;
    req->resp_type = type;
    req->resp_body = body;
    req->resp_len = len;
}

void http_reply_empty(http_req *req, int status)
{
    req->status = status;
    req->resp_type = "application/json; charset=utf-8";
    req->resp_body = NULL;
    req->resp_len = 0;
}

char *http_error_body(const char *code, const char *message, const char *field)
{
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
    if (!err)
        util_oom();
    if (field)
        json_object_set_new(err, "field", json_string(field));
    json_t *body = json_pack("{s:o}", "error", err);
    char *out = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (!out)
        util_oom();
    return out;
}

void http_reply_error(http_req *req, int status, const char *code, const char *message,
                      const char *field)
{
    req->status = status;
    req->resp_type = "application/json; charset=utf-8";
    req->resp_body = pool_adopt(req->pool, http_error_body(code, message, field));
    req->resp_len = strlen(req->resp_body);
}

void http_reply_internal(http_req *req)
{
    http_reply_error(req, 500, "internal",
                     "内部エラーが発生しました。時間をおいて再度お試しください。", NULL);
}

void http_reply_busy(http_req *req)
{
    http_reply_error(req, 503, "busy", "混み合っています。少し待ってから再度お試しください。",
                     NULL);
}
