/* The routing table: method + path pattern -> handler, with what the route needs. */
#ifndef TSUNAGU_HTTP_ROUTER_H
#define TSUNAGU_HTTP_ROUTER_H

#include "auth/roles.h"
#include "http/request.h"

typedef void (*http_handler)(http_req *req);

enum route_flags {
    ROUTE_PUBLIC = 1 << 0,  /* no session needed (login) */
    ROUTE_NO_CSRF = 1 << 1, /* state-changing but exempt from CSRF (login only) */
    /* also open to holders of PERM_CASE_PARTNER_VIEW, whom the handler answers with the partner's
     * summary (GET /cases, GET /cases/{id}) */
    ROUTE_PARTNER_VIEW = 1 << 2,
    /* takes a body up to HTTP_MAX_IMPORT_BODY instead of HTTP_MAX_BODY (the CSV import) */
    ROUTE_LARGE_BODY = 1 << 3
};

typedef struct http_route {
    const char *method;
    const char *pattern; /* "/api/v1/persons/{id}/timeline": {name} matches one segment */
    http_handler handler;
    permission perm;
    int flags;
} http_route;

typedef enum route_match {
    ROUTE_FOUND,
    ROUTE_NO_PATH,  /* 404 */
    ROUTE_NO_METHOD /* 405 */
} route_match;

/* Finds the route for method and path, filling params (borrowed into the pool). Pure. */
route_match router_find(const http_route *routes, size_t count, pool *p, const char *method,
                        const char *path, const http_route **out,
                        const char *params[HTTP_MAX_PARAMS]);
/* The methods of the routes for path, as an Allow header ("GET, PATCH"), in table order; NULL when
 * no route has that path. Allocated in p. Pure. */
const char *router_allowed(const http_route *routes, size_t count, pool *p, const char *path);

#endif
