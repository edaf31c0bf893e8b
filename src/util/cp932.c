#include "util/cp932.h"

#include "util/pool.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The length of the UTF-8 character at s, or 0 when it is not one. */
static size_t utf8_char_len(const char *s, size_t len)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
    return n > 0 ? (size_t)n : 0;
}

bool cp932_is_utf8(const char *s, size_t len, size_t *bad_offset)
{
    for (size_t i = 0; i < len;) {
        size_t n = utf8_char_len(s + i, len - i);
        if (n == 0) {
            if (bad_offset != NULL)
                *bad_offset = i;
            return false;
        }
        i += n;
    }
    return true;
}

size_t cp932_bom_len(const char *s, size_t len)
{
    return len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
                   (unsigned char)s[2] == 0xBF
               ? 3
               : 0;
}

cp932_text_encoding cp932_detect(const char *s, size_t len)
{
    return cp932_is_utf8(s, len, NULL) ? CP932_TEXT_UTF8 : CP932_TEXT_CP932;
}

static iconv_t open_or_abort(const char *to, const char *from)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1) {
        fprintf(stderr, "tsunagu: iconv has no %s to %s conversion\n", from, to);
        abort();
    }
    return cd;
}

static int refuse(char *out, size_t at, char **result, size_t *bad_offset)
{
    free(out);
    *result = NULL;
    if (bad_offset != NULL)
        *bad_offset = at;
    return -1;
}

int cp932_to_utf8(const char *s, size_t len, char **result, size_t *result_len, size_t *bad_offset)
{
    /* One CP932 byte or pair is at most three UTF-8 bytes. */
    char *out = util_xmalloc(3 * len + 1);
    iconv_t cd = open_or_abort("UTF-8", "CP932");
    char *in = (char *)s, *o = out;
    size_t in_left = len, out_left = 3 * len;
    size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    if (rc == (size_t)-1)
        return refuse(out, (size_t)(in - s), result, bad_offset);
    *o = '\0';
    *result = out;
    if (result_len != NULL)
        *result_len = (size_t)(o - out);
    return 0;
}

int cp932_from_utf8(const char *s, size_t len, char **result, size_t *result_len, size_t *replaced,
                    size_t *bad_offset)
{
    size_t bad;
    *replaced = 0;
    if (!cp932_is_utf8(s, len, &bad))
        return refuse(NULL, bad, result, bad_offset);
    /* No character takes more bytes in CP932 than in UTF-8, 〓 included. */
    char *out = util_xmalloc(len + 1);
    iconv_t cd = open_or_abort("CP932", "UTF-8");
    char *in = (char *)s, *o = out;
    size_t in_left = len, out_left = len;
    while (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
        /* The input is valid UTF-8, so this is a character CP932 lacks. */
        size_t n = utf8_char_len(in, in_left);
        if (errno != EILSEQ || n < 2 || out_left < 2) {
            iconv_close(cd);
            return refuse(out, (size_t)(in - s), result, bad_offset);
        }
        *o++ = CP932_GETA[0];
        *o++ = CP932_GETA[1];
        out_left -= 2;
        in += n;
        in_left -= n;
        (*replaced)++;
    }
    iconv_close(cd);
    *o = '\0';
    *result = out;
    if (result_len != NULL)
        *result_len = (size_t)(o - out);
    return 0;
}

bool cp932_lacks_any(const char *s)
{
    char *out;
    size_t replaced;
    if (cp932_from_utf8(s, strlen(s), &out, NULL, &replaced, NULL) != 0)
        return true;
    free(out);
    return replaced > 0;
}
