/* Input checks shared by the API handlers. Pure; nothing here allocates. */
#ifndef TSUNAGU_DOMAIN_VALIDATE_H
#define TSUNAGU_DOMAIN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/* The number of Unicode code points in s[0..len) when it is valid UTF-8 (shortest form, no
 * surrogates, nothing above U+10FFFF; a NUL byte counts as one character), -1 otherwise.
 * Field length limits in the API are in characters, counted with this. */
__attribute__((warn_unused_result)) long validate_utf8_chars(const char *s, size_t len);

/* The character rules of text fields, for text that is valid UTF-8 (check validate_utf8_chars
 * first). Returns the index (in characters) of the first character the rules refuse, or -1 when
 * every character is allowed; a malformed sequence counts as refused.
 * One-line text (multiline false: names, kana, addresses, phone numbers, codes, ids) refuses the
 * C0 controls U+0000..U+001F, DEL U+007F and the C1 controls U+0080..U+009F; the invisible and
 * direction-changing characters U+200B..U+200F (zero-width space, non-joiner, joiner, the LRM and
 * RLM marks); the line and paragraph separators U+2028, U+2029; the bidi embeddings and overrides
 * U+202A..U+202E; the bidi isolates U+2066..U+2069; and U+FEFF (zero-width no-break space, BOM).
 * Free text (multiline true: notes, summaries) allows tab, LF and CR, and keeps U+200B..U+200D
 * (emoji sequences use the joiner), U+2028, U+2029 and U+FEFF; it refuses the other controls and
 * everything that changes direction: U+200E, U+200F, U+202A..U+202E, U+2066..U+2069 (text that
 * would display in another order than it is stored). */
__attribute__((warn_unused_result)) long validate_text_refused_at(const char *s, size_t len,
                                                                  bool multiline);

/* A phone number as typed: 1..20 characters, each an ASCII digit, '-', '+', '(', ')' or an ASCII
 * space, with at least one digit. NULL is false. Full-width digits are not accepted: NFKC-fold
 * first if they should be. */
bool validate_phone(const char *s);

#endif
