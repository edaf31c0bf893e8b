/* The audit chain's HMAC key: 32 random bytes in a file outside the database (64 hex characters
 * and a newline), created 0600 at first start, loaded once into locked memory. Whoever can write
 * the database but not read this file can no longer rewrite the audit chain unnoticed. Several
 * servers in front of one database share one key file. */
#ifndef TSUNAGU_AUTH_AUDIT_KEY_H
#define TSUNAGU_AUTH_AUDIT_KEY_H

#include <stdbool.h>

enum { AUDIT_KEY_BYTES = 32, AUDIT_KEY_ID_LEN = 16 };

typedef enum audit_key_status {
    AUDIT_KEY_OK = 0,
    AUDIT_KEY_MISSING = -20,   /* no such file (and not asked to create it) */
    AUDIT_KEY_UNSAFE = -21,    /* not a regular file, or group/other may access it */
    AUDIT_KEY_MALFORMED = -22, /* not 64 hex characters */
    AUDIT_KEY_IO = -23,        /* cannot be read or created (errno says why) */
} audit_key_status;

/* Loads the key from path into the process (the one key every audit row is chained with).
 * create: when path does not exist, makes a new random key there first (0600, written and synced
 * before it is used; an existing file is never replaced). Call once at start, before any thread
 * that appends audit rows. Returns an audit_key_status. */
int audit_key_load(const char *path, bool create) __attribute__((warn_unused_result));
/* The same from memory (tests). */
void audit_key_use(const unsigned char key[AUDIT_KEY_BYTES]);
/* The loaded key (borrowed, read-only), or NULL: rows are then chained by plain SHA-256. */
const unsigned char *audit_key(void);
/* Wipes and frees the key (at exit). */
void audit_key_forget(void);
/* A short public name of the key (the first 8 bytes of HMAC(key, "tsunagu audit key id") in
 * hex), written into the row that marks the switch: it names the key without revealing it. */
void audit_key_id(const unsigned char key[AUDIT_KEY_BYTES], char out[AUDIT_KEY_ID_LEN + 1]);
/* A message for an audit_key_status (English, for the operator's terminal and the log). */
const char *audit_key_error(int status);

#endif
