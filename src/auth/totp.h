/* Optional second factor: TOTP (RFC 6238, 30 s steps, one step of drift), through liboath. */
#ifndef TSUNAGU_AUTH_TOTP_H
#define TSUNAGU_AUTH_TOTP_H

#include <stdbool.h>
#include <stdint.h>

/* secret_base32 as stored for the user; code as typed (6 digits). */
bool totp_valid(const char *secret_base32, const char *code, int64_t now);

#endif
