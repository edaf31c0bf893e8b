#include "domain/validate.h"

#define PHONE_MAX 20

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), 0 if it is malformed.
 * Follows the Unicode table of well-formed byte sequences (Unicode 15, table 3-7). */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* bounds of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90; /* no overlong forms */
        else if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    }
    return need;
}

long validate_utf8_chars(const char *s, size_t len)
{
    if (s == NULL)
        return len == 0 ? 0 : -1;
    const unsigned char *p = (const unsigned char *)s;
    long count = 0;
    size_t i = 0;
    while (i < len) {
        size_t k = utf8_seq_len(p + i, len - i);
        if (k == 0)
            return -1;
        i += k;
        count++;
    }
    return count;
}

/* The code point of the well-formed sequence of k bytes at s. */
static unsigned long utf8_decode(const unsigned char *s, size_t k)
{
    static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned long c = s[0] & lead_mask[k];
    for (size_t i = 1; i < k; i++)
        c = (c << 6) | (s[i] & 0x3F);
    return c;
}

static bool is_direction_changing(unsigned long c)
{
    return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

static bool is_refused(unsigned long c, bool multiline)
{
    if (c < 0x20)
        return !(multiline && (c == '\t' || c == '\n' || c == '\r'));
    if (c >= 0x7F && c <= 0x9F)
        return true;
    if (is_direction_changing(c))
        return true;
    if (multiline)
        return false;
    return (c >= 0x200B && c <= 0x200D) || c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

long validate_text_refused_at(const char *s, size_t len, bool multiline)
{
    if (s == NULL)
        return len == 0 ? -1 : 0;
    const unsigned char *p = (const unsigned char *)s;
    long index = 0;
    for (size_t i = 0; i < len; index++) {
        size_t k = utf8_seq_len(p + i, len - i);
        if (k == 0 || is_refused(utf8_decode(p + i, k), multiline))
            return index;
        i += k;
    }
    return -1;
}

bool validate_phone(const char *s)
{
    if (s == NULL)
        return false;
    size_t n = 0;
    bool digit = false;
    for (; s[n] != '\0'; n++) {
        char c = s[n];
        if (n >= PHONE_MAX)
            return false;
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c != '-' && c != '+' && c != '(' && c != ')' && c != ' ')
            return false;
    }
    return digit;
}
