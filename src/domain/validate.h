/* Input checks shared by the API handlers. Pure; nothing here allocates. */
#ifndef TSUNAGU_DOMAIN_VALIDATE_H
#define TSUNAGU_DOMAIN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/* The number of Unicode code points in s[0..len) when it is valid UTF-8 (shortest form, no
 * surrogates, nothing above U+10FFFF; a NUL byte counts as one character), -1 otherwise.
 * Field length limits in the API are in characters, counted with this. */
__attribute__((warn_unused_result)) long validate_utf8_chars(const char *s, size_t len);

/* A phone number as typed: 1..20 characters, each an ASCII digit, '-', '+', '(', ')' or an ASCII
 * space, with at least one digit. NULL is false. Full-width digits are not accepted: NFKC-fold
 * first if they should be. */
bool validate_phone(const char *s);

#endif
