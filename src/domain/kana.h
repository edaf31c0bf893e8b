/* Names: the stored form of kana names, and search keys for any name or query text.
 * Pure (utf8proc only). Out of memory aborts. */
#ifndef TSUNAGU_DOMAIN_KANA_H
#define TSUNAGU_DOMAIN_KANA_H

#include <stdbool.h>
#include <stddef.h>

/* The storage form of a kana name: NFKC (folds half-width katakana, composing ｶﾞ into ガ), then
 * hiragana -> katakana (ゔ -> ヴ, ゝゞ -> ヽヾ), runs of spaces (ASCII, U+3000 and the other spaces
 * NFKC folds to ASCII) collapsed into one ASCII space, leading and trailing spaces trimmed.
 * A spacing ゛ or ゜ right after a kana is taken as the combining mark, so "カ゛" -> "ガ".
 * Returns a malloc'd NUL-terminated string that the caller owns and frees, or NULL when
 * in[0..len) is not valid UTF-8 or holds a control character (Unicode Cc, tab and newline
 * included). May return "" (all spaces): checking that a name is present is the caller's. */
__attribute__((warn_unused_result)) char *kana_normalize(const char *in, size_t len);

/* True when s (NUL-terminated, already normalised) is non-empty and made only of katakana
 * U+30A1..U+30FA, ー, ・, ヽ, ヾ and ASCII spaces. False for NULL and invalid UTF-8. */
bool kana_is_katakana(const char *s);

/* The search key of any name or query text, kanji or kana: NFKC, case folding, hiragana ->
 * katakana, variant kanji -> standard form (髙 -> 高, 﨑 -> 崎, 邊 -> 辺, ...: kana_variants.inc),
 * and every whitespace character, control character and default-ignorable code point (zero-width
 * space, variation selectors) removed. The same function makes stored keys and query keys, so a
 * query matches when its key is a prefix of a stored key. Returns a malloc'd NUL-terminated
 * string that the caller owns and frees, or NULL when in[0..len) is not valid UTF-8. */
__attribute__((warn_unused_result)) char *kana_search_key(const char *in, size_t len);

#endif
