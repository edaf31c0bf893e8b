/* Random identifiers and tokens (libsodium). */
#ifndef TSUNAGU_UTIL_RANDOM_H
#define TSUNAGU_UTIL_RANDOM_H

#include <stddef.h>

enum { RANDOM_ID_LEN = 22, RANDOM_TOKEN_LEN = 43 };

/* An opaque, URL-safe object id: 128 random bits, base64url, 22 characters plus NUL. */
void random_id(char out[RANDOM_ID_LEN + 1]);
/* A secret token: 256 random bits, base64url, 43 characters plus NUL. */
void random_token(char out[RANDOM_TOKEN_LEN + 1]);
/* SHA-256 of s as 64 lowercase hex characters plus NUL: how tokens are stored. */
void random_token_hash(const char *token, char out[65]);

#endif
