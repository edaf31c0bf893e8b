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
