/* Passwords: argon2id through libsodium. */
#ifndef TSUNAGU_AUTH_PASSWORD_H
#define TSUNAGU_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

enum { PASSWORD_MIN_CHARS = 10, PASSWORD_MAX_BYTES = 1024, PASSWORD_HASH_MAX = 128 };

/* 0, or -1 when out of memory for argon2id. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool password_verify(const char *hash, const char *password);
/* The hash was made with other parameters than today's (upgrade it at the next login). */
bool password_needs_rehash(const char *hash);
/* Spends the same time as a verify, for logins that do not exist. */
void password_verify_dummy(const char *password);

#endif
