#include "http/router.h"

#include <string.h>

/* Matches one pattern; params get the segments that stand for {name}. */
static bool pattern_matches(const char *pattern, const char *path, pool *p,
                            const char *params[HTTP_MAX_PARAMS])
{
    int n = 0;
    while (*pattern && *path) {
        if (*pattern == '{') {
            const char *close = strchr(pattern, '}');
            const char *end = strchr(path, '/');
            size_t len = end ? (size_t)(end - path) : strlen(path);
            if (len == 0 || n >= HTTP_MAX_PARAMS)
                return false;
            params[n++] = pool_strndup(p, path, len);
            pattern = close + 1;
            path += len;
            continue;
        }
        if (*pattern != *path)
            return false;
        pattern++;
        path++;
    }
    return *pattern == '\0' && *path == '\0';
}

route_match router_find(const http_route *routes, size_t count, pool *p, const char *method,
                        const char *path, const http_route **out,
                        const char *params[HTTP_MAX_PARAMS])
{
    bool path_known = false;
    for (size_t i = 0; i < count; i++) {
        const char *tmp[HTTP_MAX_PARAMS] = {0};
        if (!pattern_matches(routes[i].pattern, path, p, tmp))
            continue;
        path_known = true;
        bool same = strcmp(routes[i].method, method) == 0 ||
                    (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0);
        if (!same)
            continue;
        memcpy(params, tmp, sizeof tmp);
        *out = &routes[i];
        return ROUTE_FOUND;
    }
    return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

static bool listed(const char *const *methods, int n, const char *m)
{
    for (int i = 0; i < n; i++)
        if (strcmp(methods[i], m) == 0)
            return true;
    return false;
}

const char *router_allowed(const http_route *routes, size_t count, pool *p, const char *path)
{
    enum { MAX_METHODS = 9 }; /* the methods of HTTP */
    const char *methods[MAX_METHODS];
    int n = 0;
    for (size_t i = 0; i < count && n < MAX_METHODS; i++) {
        const char *tmp[HTTP_MAX_PARAMS] = {0};
        if (pattern_matches(routes[i].pattern, path, p, tmp) &&
            !listed(methods, n, routes[i].method))
            methods[n++] = routes[i].method;
    }
    if (n == 0)
        return NULL;
    char *allow = pool_strdup(p, methods[0]);
    for (int i = 1; i < n; i++)
        allow = pool_printf(p, "%s, %s", allow, methods[i]);
    return allow;
}
