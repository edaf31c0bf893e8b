/* Session cookie and CSRF: who is asking, and did our page send it. */
#ifndef TSUNAGU_HTTP_SESSION_H
#define TSUNAGU_HTTP_SESSION_H

#include "http/request.h"

enum {
    SESSION_IDLE_SECONDS = 30 * 60,          /* idle timeout */
    SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60, /* absolute timeout */
    SESSION_TOUCH_SECONDS = 60               /* last_seen_at is written at most this often */
};

#define SESSION_COOKIE "tsunagu_session"

/* Sets req->user from the session cookie: 0, or -1 when there is no valid session. */
int http_session_authenticate(http_req *req);
/* The X-CSRF-Token header equals the session's token (constant time). */
bool http_session_csrf_ok(http_req *req);
/* Starts a session for user_id inside the caller's transaction; fills csrf (64 bytes) and the
 * Set-Cookie value, to be sent only once the transaction has committed. */
int http_session_start(http_req *req, const char *user_id, char csrf[64], char **cookie);
/* Ends the current session and clears the cookie. */
int http_session_end(http_req *req);
/* Pure: is a session created at created and last seen at seen still alive at now? */
bool http_session_alive(int64_t created, int64_t seen, int64_t now);

#endif
