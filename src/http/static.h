/* The web UI's files from web/dist. */
#ifndef TSUNAGU_HTTP_STATIC_H
#define TSUNAGU_HTTP_STATIC_H

#include "http/request.h"

void http_static_serve(http_req *req);
/* Content type by file name; pure. */
const char *http_static_type(const char *path);

#endif
