/* CP932 (Windows-31J, what "Shift_JIS" files from Windows and the old systems really are) and
 * UTF-8, for the CSV import and CP932 exports. Through glibc's iconv "CP932": no dependency
 * beyond libc. CP932 is not JIS Shift_JIS: 0x8160 is U+FF5E ～ (not U+301C), 0x817C is U+FF0D
 * －, 0x8740 is ① (NEC special characters), 0xFBFC is 髙 (IBM extensions).
 * Every text returned is malloc'd and handed over (caller frees); out of memory aborts. */
#ifndef TSUNAGU_UTIL_CP932_H
#define TSUNAGU_UTIL_CP932_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { CP932_TEXT_UTF8, CP932_TEXT_CP932 } cp932_text_encoding;

/* Whether s is valid UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF). When not,
 * and bad_offset is not NULL, *bad_offset is the offset of the first byte that is not. */
bool cp932_is_utf8(const char *s, size_t len, size_t *bad_offset);

/* The encoding of a file: valid UTF-8 (with or without a BOM) is UTF-8, anything else is taken
 * for CP932 (whose decoding then says which byte is wrong). */
cp932_text_encoding cp932_detect(const char *s, size_t len);

/* The length of a UTF-8 byte order mark at the start of s: 3 or 0. */
size_t cp932_bom_len(const char *s, size_t len);

/* CP932 to UTF-8: returns 0 with *out (NUL-terminated, *out_len bytes, caller frees), or -1 with
 * *out NULL and *bad_offset the offset of the first byte that is not CP932 (a lone lead byte at
 * the end included). */
__attribute__((warn_unused_result)) int cp932_to_utf8(const char *s, size_t len, char **out,
                                                      size_t *out_len, size_t *bad_offset);

/* The replacement for a character CP932 lacks: 〓 (U+3013, GETA MARK), CP932 0x81AC. */
#define CP932_GETA "\x81\xAC"

/* UTF-8 to CP932: a character CP932 lacks (𠮷; 髙 it has) is written as 〓 and counted in
 * *replaced. Returns 0 with *out (NUL-terminated, *out_len bytes, caller frees), or -1 with *out
 * NULL and *bad_offset at the first byte that is not UTF-8. */
__attribute__((warn_unused_result)) int cp932_from_utf8(const char *s, size_t len, char **out,
                                                        size_t *out_len, size_t *replaced,
                                                        size_t *bad_offset);

/* Whether a UTF-8 text holds a character CP932 lacks (𠮷; not 髙), which an export writes as 〓.
 * Text that is not UTF-8 counts as lacking. */
bool cp932_lacks_any(const char *s);

#endif
