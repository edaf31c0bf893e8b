/* Static files: hashed assets (dist/assets/) are cached for a year, everything else is
 * revalidated. Paths with "..", hidden files or anything outside the web folder answer 404. */
#include "http/static.h"
#include "http/server.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <microhttpd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
};

const char *http_static_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

static bool path_is_safe(const char *path)
{
    if (path[0] != '/' || strstr(path, "/.") || strchr(path, '\\'))
        return false;
    return strlen(path) < 512;
}

/* The file must resolve inside the web folder: no symlinked directory leads out of it. */
static bool inside_web_root(http_req *req, const char *full)
{
    char resolved[PATH_MAX];
    const char *root = req->app->web_root;
    size_t n = strlen(root);
    return realpath(full, resolved) && strncmp(resolved, root, n) == 0 && resolved[n] == '/';
}

static bool serve_file(http_req *req, const char *rel, bool immutable)
{
    char *full = pool_printf(req->pool, "%s%s", req->app->web_root, rel);
    if (!inside_web_root(req, full))
        return false;
    int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return false;
    }
    struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (!r) {
        close(fd);
        return false;
    }
    req->resp_fd_response = r;
    req->status = 200;
    req->resp_type = http_static_type(rel);
    http_add_header(req, "Cache-Control",
                    immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return true;
}

void http_static_serve(http_req *req)
{
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        http_add_header(req, "Allow", "GET, HEAD");
        http_reply_error(req, 405, "method_not_allowed", "この操作はできません。", NULL);
        return;
    }
    const char *path = req->path;
    if (!path_is_safe(path)) {
        http_reply_error(req, 404, "not_found", "指定されたものは見つかりません。", NULL);
        return;
    }
    bool asset = strncmp(path, "/assets/", 8) == 0;
    if (strcmp(path, "/") == 0)
        path = "/index.html";
    if (serve_file(req, path, asset))
        return;
    /* The UI routes in the fragment, so any other page path gets the shell. */
    if (!asset && !strchr(strrchr(path, '/'), '.') && serve_file(req, "/index.html", false))
        return;
    http_reply_error(req, 404, "not_found", "指定されたものは見つかりません。", NULL);
}
