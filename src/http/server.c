/* Connections: caps per client address and in all (checked at accept), a short timeout until a
 * request head is complete. Request lifecycle: refuse ambiguous framing, read the body with a
 * hard limit, route, authenticate, check CSRF and the role, call the handler, add the security
 * headers, queue the answer. */
#include "http/server.h"
#include "api/routes.h"
#include "http/connlimit.h"
#include "http/ratelimit.h"
#include "http/request.h"
#include "http/router.h"
#include "http/session.h"
#include "http/static.h"
#include "util/clock.h"
#include "util/log.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <unistd.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct http_server {
    struct MHD_Daemon *daemon;
    app *app;
    uint16_t port;
    atomic_int suspended; /* connections waiting for their audit rows */
    atomic_bool stopping; /* http_server_quiesce: every new connection is refused */
    conn_limit *conns;
    bool has_proxy;
    conn_addr proxy;               /* --trusted-proxy: no per-address cap */
    atomic_int refused;            /* connections refused since the last log line */
    atomic_llong refused_noted_ms; /* when that line was written */
};

/* Per-connection state across the calls MHD makes for one request. */
typedef struct request_state {
    http_req req;
    http_server *server;
    size_t body_cap;
    size_t max_body; /* HTTP_MAX_BODY, or the import's limit for its route */
    size_t discarded;
    bool too_large;
    bool api;
    bool awaiting_audit;
    atomic_int audit_status;
} request_state;

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                          "object-src 'none'; base-uri 'none'; form-action 'self'; "
                          "frame-ancestors 'none'";

static void add_security_headers(struct MHD_Response *r, bool api)
{
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (api)
        MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result queue_answer(http_req *req, bool api)
{
    struct MHD_Response *r = req->resp_fd_response;
    if (!r)
        r = MHD_create_response_from_buffer(req->resp_len, req->resp_body ? req->resp_body : "",
                                            MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    if (req->resp_type)
        MHD_add_response_header(r, "Content-Type", req->resp_type);
    for (int i = 0; i < req->resp_header_count; i++)
        MHD_add_response_header(r, req->resp_headers[i][0], req->resp_headers[i][1]);
    add_security_headers(r, api);
    enum MHD_Result ret = MHD_queue_response(req->conn, (unsigned)req->status, r);
    MHD_destroy_response(r);
    return ret;
}

static bool is_state_changing(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}

static void handle_api(http_req *req)
{
    size_t count;
    const http_route *routes = api_routes(&count);
    const http_route *route;
    switch (router_find(routes, count, req->pool, req->method, req->path, &route, req->params)) {
    case ROUTE_NO_PATH:
        http_reply_error(req, 404, "not_found", "指定されたものは見つかりません。", NULL);
        return;
    case ROUTE_NO_METHOD:
        http_add_header(req, "Allow", router_allowed(routes, count, req->pool, req->path));
        http_reply_error(req, 405, "method_not_allowed", "この操作はできません。", NULL);
        return;
    case ROUTE_FOUND:
        break;
    }
    req->db = store_thread_conn(req->app->store);
    if (!req->db) {
        http_reply_internal(req);
        return;
    }
    if (!(route->flags & ROUTE_PUBLIC)) {
        int rc = http_session_authenticate(req);
        if (rc == STORE_BUSY) {
            http_reply_busy(req);
            return;
        }
        if (rc == STORE_ERROR) {
            http_reply_internal(req);
            return;
        }
        if (rc != STORE_OK) {
            http_reply_error(req, 401, "unauthenticated", "ログインしてください。", NULL);
            return;
        }
        if (is_state_changing(req->method) && !(route->flags & ROUTE_NO_CSRF) &&
            !http_session_csrf_ok(req)) {
            http_reply_error(req, 403, "forbidden", "不正なリクエストです（CSRFトークン）。", NULL);
            return;
        }
        if (!role_may(req->user->role, route->perm) &&
            !((route->flags & ROUTE_PARTNER_VIEW) &&
              role_may(req->user->role, PERM_CASE_PARTNER_VIEW))) {
            http_reply_error(req, 403, "forbidden", "この操作を行う権限がありません。", NULL);
            return;
        }
    }
    route->handler(req);
}

static void compute_answer(request_state *st)
{
    http_req *req = &st->req;
    if (st->too_large) {
        http_reply_error(req, 413, "body_too_large",
                         st->max_body == HTTP_MAX_BODY
                             ? "送信データが大きすぎます（上限 1 MiB）。"
                             : "送信データが大きすぎます（上限 64 MiB）。",
                         NULL);
    } else if (req->app->limiter &&
               !rate_limiter_take(req->app->limiter, http_client_address(req), req->clock_ms)) {
        http_add_header(req, "Retry-After", "1");
        http_reply_error(req, 429, "too_many_requests",
                         "リクエストが多すぎます。少し待ってから再度お試しください。", NULL);
    } else if (st->api) {
        handle_api(req);
    } else {
        http_static_serve(req);
    }
    if (req->status == 0)
        http_reply_internal(req);
}

/* Runs on the audit writer's thread once the held rows are durable (or failed). */
static void audit_committed(void *arg, int status)
{
    request_state *st = arg;
    atomic_store(&st->audit_status, status);
    MHD_resume_connection(st->req.conn);
}

/* An answer that shows audited data is held until its audit rows are durable: the connection
 * is suspended (no thread waits) and resumed by audit_committed. */
static enum MHD_Result answer(request_state *st)
{
    http_req *req = &st->req;
    compute_answer(st);
    if (req->held_audit_count == 0)
        return queue_answer(req, st->api);
    st->awaiting_audit = true;
    atomic_fetch_add(&st->server->suspended, 1);
    MHD_suspend_connection(req->conn);
    if (audit_writer_submit(req->app->audit, req->held_audit, req->held_audit_count,
                            audit_committed, st) != STORE_OK)
        audit_committed(st, STORE_ERROR);
    return MHD_YES;
}

/* Called again by MHD after the resume. */
static enum MHD_Result answer_after_audit(request_state *st)
{
    http_req *req = &st->req;
    st->awaiting_audit = false;
    atomic_fetch_sub(&st->server->suspended, 1);
    int status = atomic_load(&st->audit_status);
    if (status != STORE_OK) {
        req->resp_header_count = 0; /* nothing is shown that was not audited */
        if (status == STORE_BUSY)
            http_reply_busy(req);
        else
            http_reply_internal(req);
    }
    return queue_answer(req, st->api);
}

/* Whether the head comes from a session that may take the route's action (its cookie, CSRF token
 * and role), so that an anonymous client cannot make the server hold a file's worth of body.
 * The request is checked again in full once the body is in (dispatch). */
static bool may_send_file(http_req *req, const http_route *route)
{
    req->db = store_thread_conn(req->app->store);
    return req->db && http_session_authenticate(req) == STORE_OK && http_session_csrf_ok(req) &&
           role_may(req->user->role, route->perm);
}

/* The body a request may send: more for a route that takes a file (ROUTE_LARGE_BODY) from a
 * session allowed to send it, known from its head alone. */
static size_t body_limit(http_req *req, bool api)
{
    size_t count;
    const http_route *routes = api_routes(&count), *route;
    const char *params[HTTP_MAX_PARAMS];
    if (api &&
        router_find(routes, count, req->pool, req->method, req->path, &route, params) ==
            ROUTE_FOUND &&
        (route->flags & ROUTE_LARGE_BODY) && may_send_file(req, route))
        return HTTP_MAX_IMPORT_BODY;
    return HTTP_MAX_BODY;
}

static request_state *state_new(http_server *server, struct MHD_Connection *conn,
                                const char *method, const char *url)
{
    request_state *st = calloc(1, sizeof *st);
    if (!st)
        util_oom();
    st->server = server;
    st->api = strncmp(url, "/api/", 5) == 0;
    st->req.pool = pool_create();
    st->req.app = server->app;
    st->req.conn = conn;
    st->req.method = pool_strdup(st->req.pool, method);
    st->req.path = pool_strdup(st->req.pool, url);
    st->req.now = clock_now(); /* the one wall-clock reading of this request */
    st->req.clock_ms = util_monotonic_ms();
    st->max_body = body_limit(&st->req, st->api);
    return st;
}

typedef struct framing {
    int content_length, transfer_encoding;
    bool chunked;
} framing;

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    framing *f = cls;
    if (strcasecmp(key, "Content-Length") == 0)
        f->content_length++;
    if (strcasecmp(key, "Transfer-Encoding") == 0) {
        f->transfer_encoding++;
        f->chunked = value && strcasecmp(value, "chunked") == 0;
    }
    return MHD_YES;
}

/* A body whose length a proxy in front and this server could read differently (request smuggling,
 * RFC 9112 6.3): MHD would take the first Content-Length and serve the rest of the body as the
 * next request. Answers 400 (before the body, so MHD closes the connection) and returns true. */
static bool ambiguous_framing(request_state *st)
{
    framing f = {0};
    MHD_get_connection_values(st->req.conn, MHD_HEADER_KIND, count_framing, &f);
    const char *field = NULL, *message = NULL;
    if (f.content_length > 1) {
        field = "Content-Length";
        message = "Content-Length ヘッダーが複数あります。";
    } else if (f.transfer_encoding && f.content_length) {
        field = "Transfer-Encoding";
        message = "Content-Length と Transfer-Encoding は同時に送れません。";
    } else if (f.transfer_encoding > 1 || (f.transfer_encoding && !f.chunked)) {
        field = "Transfer-Encoding";
        message = "Transfer-Encoding は chunked だけが使えます。";
    }
    if (!field)
        return false;
    http_add_header(&st->req, "Connection", "close");
    http_reply_error(&st->req, 400, "invalid_field", message, field);
    return true;
}

static bool declared_too_large(struct MHD_Connection *conn, size_t max)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (!cl)
        return false;
    char *end;
    unsigned long long n = strtoull(cl, &end, 10);
    return *end == '\0' && n > max;
}

/* Appends a body chunk, or notes that the body went past the limit and drops the rest. */
static void take_chunk(request_state *st, const char *data, size_t size)
{
    http_req *req = &st->req;
    if (st->too_large || req->body_len + size > st->max_body) {
        st->too_large = true;
        st->discarded += size;
        return;
    }
    if (req->body_len + size + 1 > st->body_cap) {
        size_t cap = st->body_cap ? st->body_cap : 4096;
        while (cap < req->body_len + size + 1)
            cap *= 2;
        req->body = util_xrealloc(req->body, cap);
        st->body_cap = cap;
    }
    memcpy(req->body + req->body_len, data, size);
    req->body_len += size;
    req->body[req->body_len] = '\0';
}

/* A refused connection is not logged one by one (that is what an attack produces): a line a
 * minute at most, with the count. */
static void note_refused(http_server *s)
{
    atomic_fetch_add(&s->refused, 1);
    long long now = util_monotonic_ms(), last = atomic_load(&s->refused_noted_ms);
    if (now - last < 60000 || !atomic_compare_exchange_strong(&s->refused_noted_ms, &last, now))
        return;
    log_error("http: %d connections refused (connection limits, see --connections)",
              atomic_exchange(&s->refused, 0));
}

/* libmicrohttpd's accept policy, right after accept(): a connection over the caps is closed at
 * once, so that a client finds out now instead of waiting in the listen queue. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
    (void)len;
    http_server *s = cls;
    conn_addr a;
    if (atomic_load(&s->stopping) || !conn_addr_from(addr, &a))
        return MHD_NO;
    bool exempt = s->has_proxy && memcmp(&a, &s->proxy, sizeof a) == 0;
    if (conn_limit_admits(s->conns, &a, exempt))
        return MHD_YES;
    note_refused(s);
    return MHD_NO;
}

static char counted; /* the socket context of a connection counted in s->conns */

/* Counts connections as they open and close. The accept policy checks before the count goes up,
 * so when several request threads accept at the same moment an address may pass its cap by at
 * most threads - 1 (counting in the policy itself could never be undone for a connection that
 * libmicrohttpd then fails to set up). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    http_server *s = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    conn_addr a;
    if (!ci || !ci->client_addr || !conn_addr_from(ci->client_addr, &a))
        return;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_limit_opened(s->conns, &a);
        *socket_context = &counted;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context == &counted) {
        conn_limit_closed(s->conns, &a);
        *socket_context = NULL;
    }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    request_state *st = *con_cls;
    if (!st) {
        /* The head is in: from now on the body and the answer get the longer timeout. */
        MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, (unsigned)HTTP_IDLE_TIMEOUT);
        st = state_new(cls, conn, method, url);
        *con_cls = st;
        if (ambiguous_framing(st))
            return queue_answer(&st->req, st->api);
        if (declared_too_large(conn, st->max_body)) {
            /* Answer before reading: MHD then closes the connection instead of reading 1 MiB+. */
            st->too_large = true;
            return answer(st);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        take_chunk(st, upload_data, *upload_data_size);
        *upload_data_size = 0;
        /* MHD 0.9 cannot answer in the middle of an upload. A chunked body past the limit is read
         * and dropped so that it can be answered 413, up to a bound; past that the connection
         * is closed. (A declared Content-Length over the limit is answered before reading.) */
        return st->discarded > HTTP_MAX_DISCARD ? MHD_NO : MHD_YES;
    }
    if (st->awaiting_audit)
        return answer_after_audit(st);
    if (st->req.status) /* already answered (413 before the body) */
        return MHD_YES;
    return answer(st);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    /* A kept-alive connection waits for the next head: the short timeout again. */
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, (unsigned)HTTP_HEAD_TIMEOUT);
    request_state *st = *con_cls;
    if (!st)
        return;
    pool_destroy(st->req.pool);
    free(st->req.body);
    free(st);
    *con_cls = NULL;
}

/* Each connection is a file descriptor: the soft limit of open files (often 1,024) is raised to
 * the hard one. Returns the connections that fit under it beside the server's other descriptors. */
static int fit_open_files(int connections, int threads)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return connections;
    if (rl.rlim_cur < rl.rlim_max) {
        rlim_t was = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
            log_info("http: open files limit raised from %llu to %llu", (unsigned long long)was,
                     (unsigned long long)rl.rlim_cur);
        else
            rl.rlim_cur = was;
    }
    /* Per request thread: its database connection (file, -wal, -shm), epoll, a wake-up pipe. */
    rlim_t others = 64 + 8 * (rlim_t)threads;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= (rlim_t)connections + others)
        return connections;
    int fit = rl.rlim_cur > others + 16 ? (int)(rl.rlim_cur - others) : 16;
    log_error("http: the open files limit (%llu) leaves room for %d connections only",
              (unsigned long long)rl.rlim_cur, fit);
    return fit;
}

static bool parse_proxy(http_server *s, const char *proxy)
{
    if (!proxy)
        return true;
    struct sockaddr_storage ss = {0};
    struct sockaddr_in *in = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, proxy, &in->sin_addr) == 1)
        ss.ss_family = AF_INET;
    else if (inet_pton(AF_INET6, proxy, &in6->sin6_addr) == 1)
        ss.ss_family = AF_INET6;
    else
        return false;
    s->has_proxy = conn_addr_from((struct sockaddr *)&ss, &s->proxy);
    return s->has_proxy;
}

http_server *http_server_start(app *a, const char *host, uint16_t port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        log_error("http: listen address must be an IPv4 address");
        return NULL;
    }
    http_server *s = calloc(1, sizeof *s);
    if (!s)
        util_oom();
    s->app = a;
    if (!parse_proxy(s, a->trusted_proxy)) {
        log_error("http: --trusted-proxy must be an IP address");
        free(s);
        return NULL;
    }
    int total = fit_open_files(a->connections > 0 ? a->connections : HTTP_CONNECTIONS, a->threads);
    s->conns =
        conn_limit_create(total, a->connections_per_address > 0 ? a->connections_per_address
                                                                : HTTP_CONNECTIONS_PER_ADDRESS);
    /* libmicrohttpd shares its own limit out among the threads, and a thread at its share stops
     * accepting; above ours (by more than the threads that may each admit one too many), it
     * always leaves a thread that accepts, so that on_accept closes what is over the caps. */
    unsigned mhd_limit = (unsigned)total + 2 * (unsigned)a->threads;
    s->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, port,
        on_accept, s, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)a->threads, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_HEAD_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT,
        mhd_limit, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_END);
    if (!s->daemon) {
        log_error("http: cannot listen on %s:%u", host, (unsigned)port);
        conn_limit_destroy(s->conns);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : port;
    return s;
}

uint16_t http_server_port(const http_server *s)
{
    return s->port;
}

void http_server_quiesce(http_server *s)
{
    /* Not MHD_quiesce_daemon: with an epoll thread pool it races a request thread removing the
     * listening socket from its epoll set, and libmicrohttpd aborts the process ("Failed to
     * remove listen FD from epoll set", seen in a test's stop). The accept policy refuses
     * instead; MHD_stop_daemon closes the socket. */
    if (s)
        atomic_store(&s->stopping, true);
}

void http_server_stop(http_server *s)
{
    if (!s)
        return;
    http_server_quiesce(s);
    /* MHD must not be stopped with suspended connections. Each is resumed by the audit writer's
     * callback, at once when the writer has stopped, so this wait ends. */
    while (atomic_load(&s->suspended) > 0)
        usleep(1000);
    MHD_stop_daemon(s->daemon);
    conn_limit_destroy(s->conns);
    free(s);
}
