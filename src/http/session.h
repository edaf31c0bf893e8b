/* Session cookie and CSRF: who is asking, and did our page send it. */
#ifndef TSUNAGU_HTTP_SESSION_H
#define TSUNAGU_HTTP_SESSION_H

#include "http/request.h"
#include "service/session.h" /* the timeouts */

#define SESSION_COOKIE "tsunagu_session"

/* Sets req->user from the session cookie: STORE_OK, STORE_NOT_FOUND when there is no valid
 * session, or the store's failure (STORE_BUSY: the database is busy or unreachable — the
 * session may well be valid, so the answer is 503, never a logout). */
int http_session_authenticate(http_req *req);
/* The X-CSRF-Token header equals the session's token (constant time). */
bool http_session_csrf_ok(http_req *req);
/* Sets the cookie of a session just started (svc_session_login) with its token. */
void http_session_set_cookie(http_req *req, const char *token);
/* Clears the cookie of the session just ended. */
void http_session_clear_cookie(http_req *req);
/* Pure: is a session created at created and last seen at seen still alive at now? */
bool http_session_alive(int64_t created, int64_t seen, int64_t now);

#endif
