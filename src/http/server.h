/* The HTTP server: GNU libmicrohttpd, a thread pool with epoll. */
#ifndef TSUNAGU_HTTP_SERVER_H
#define TSUNAGU_HTTP_SERVER_H

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct audit_writer;
struct rate_limiter;

enum {
    HTTP_MAX_BODY = 1024 * 1024,             /* api.md: bodies over 1 MiB answer 413 */
    HTTP_MAX_IMPORT_BODY = 64 * 1024 * 1024, /* a route with ROUTE_LARGE_BODY: the CSV import */
    HTTP_MAX_DISCARD = 8 * 1024 * 1024,      /* a chunked body past this closes the connection */
    HTTP_HEAD_TIMEOUT = 10,  /* s of silence allowed before a request head is complete (and between
                                requests on a kept-alive connection) */
    HTTP_IDLE_TIMEOUT = 60,  /* s of silence allowed once the head is in (body, answer) */
    HTTP_CONNECTIONS = 1000, /* default of --connections */
    HTTP_CONNECTIONS_PER_ADDRESS = 100, /* default of --connections-per-address */
};

typedef struct app {
    store *store;
    const char *web_dir;
    struct audit_writer *audit;
    struct rate_limiter *limiter;       /* every request, per client address */
    struct rate_limiter *login_limiter; /* login attempts, per client address */
    const char *trusted_proxy; /* this peer's X-Forwarded-For names the client (NULL: none) */
    char web_root[4096];       /* realpath of web_dir, for static.c */
    int threads;
    int connections;             /* open at once, all clients (0: HTTP_CONNECTIONS) */
    int connections_per_address; /* from one address, the trusted proxy exempt (0: default) */
} app;

typedef struct http_server http_server;

/* Starts listening on host:port (port 0 picks a free one). NULL on failure (logged). */
http_server *http_server_start(app *a, const char *host, uint16_t port);
uint16_t http_server_port(const http_server *s);
/* Refuses every new connection (closed as soon as accepted); requests on open ones are still
 * served. */
void http_server_quiesce(http_server *s);
/* Waits until no answer is held for its audit, then stops. */
void http_server_stop(http_server *s);

#endif
