#ifndef TSUNAGU_API_ROUTES_H
#define TSUNAGU_API_ROUTES_H

#include "http/router.h"

/* The whole API: one table. */
const http_route *api_routes(size_t *count);

#endif
