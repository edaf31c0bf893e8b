#include "domain/kana.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <utf8proc.h>

typedef struct {
    uint32_t from, to;
} variant_pair;

static const variant_pair variants[] = {
#include "domain/kana_variants.inc"
};

#define NFKC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT)

enum mode { MODE_STORE, MODE_SEARCH };

static _Noreturn void oom(void)
{
    fputs("tsunagu: out of memory\n", stderr);
    abort();
}

static int32_t hiragana_to_katakana(int32_t c)
{
    /* ぁ..ゖ (ゔ ゕ ゖ included) and the iteration marks ゝ ゞ sit 0x60 below their katakana. */
    if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E)
        return c + 0x60;
    return c;
}

static bool is_kana(int32_t c)
{
    return (c >= 0x3041 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F);
}

static bool is_space_or_control(int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return true;
    default:
        return false;
    }
}

static int32_t variant_standard(int32_t c)
{
    size_t lo = 0, hi = sizeof variants / sizeof variants[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (variants[mid].from == (uint32_t)c)
            return (int32_t)variants[mid].to;
        if (variants[mid].from < (uint32_t)c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return c;
}

/* Validates in[0..len) and rewrites what NFKC would get wrong: hiragana to katakana (before
 * composition, so わ゙ can become ヷ), a spacing ゛゜ after a kana to the combining mark (NFKC would
 * turn it into a space and a lone mark), and controls (MODE_SEARCH) to spaces. No replacement
 * is longer than what it replaces, so the result fits in len + 1 bytes. Returns a malloc'd
 * buffer and its length, or NULL for invalid UTF-8 or, in MODE_STORE, a control character. */
static utf8proc_uint8_t *prepare(const char *in, size_t len, enum mode mode, size_t *out_len)
{
    if (in == NULL)
        return NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
    utf8proc_uint8_t *buf = malloc(len + 1);
    if (buf == NULL)
        oom();
    size_t i = 0, n = 0;
    int32_t prev = -1;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0)
            goto fail;
        i += (size_t)k;
        if (utf8proc_category(c) == UTF8PROC_CATEGORY_CC) {
            if (mode == MODE_STORE)
                goto fail;
            c = ' ';
        }
        if ((c == 0x309B || c == 0x309C) && is_kana(prev))
            c -= 2; /* ゛ U+309B -> U+3099, ゜ U+309C -> U+309A */
        c = hiragana_to_katakana(c);
        n += (size_t)utf8proc_encode_char(c, buf + n);
        prev = c;
    }
    buf[n] = '\0';
    *out_len = n;
    return buf;
fail:
    free(buf);
    return NULL;
}

/* NFKC (with more options) of a prepared buffer, which it frees. Never NULL: the input is
 * already valid, so the only possible failure is out of memory. */
static char *nfkc(utf8proc_uint8_t *buf, size_t len, int extra_options)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t r = utf8proc_map(buf, (utf8proc_ssize_t)len, &dst,
                                      (utf8proc_option_t)(NFKC_OPTIONS | extra_options));
    free(buf);
    if (r < 0) {
        if (r == UTF8PROC_ERROR_NOMEM)
            oom();
        fprintf(stderr, "tsunagu: utf8proc_map: %s\n", utf8proc_errmsg(r));
        abort();
    }
    return (char *)dst;
}

char *kana_normalize(const char *in, size_t len)
{
    size_t n;
    utf8proc_uint8_t *buf = prepare(in, len, MODE_STORE, &n);
    if (buf == NULL)
        return NULL;
    char *s = nfkc(buf, n, 0);

    /* In place: hiragana NFKC produced (ゟ -> より) to katakana, spaces collapsed and trimmed. */
    utf8proc_uint8_t *u = (utf8proc_uint8_t *)s;
    size_t r = 0, w = 0;
    bool pending_space = false;
    while (u[r] != '\0') {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u + r, -1, &c);
        r += (size_t)k;
        if (c == ' ' || c == 0x3000) {
            pending_space = w > 0;
            continue;
        }
        if (pending_space) {
            u[w++] = ' ';
            pending_space = false;
        }
        w += (size_t)utf8proc_encode_char(hiragana_to_katakana(c), u + w);
    }
    u[w] = '\0';
    return s;
}

bool kana_is_katakana(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return false;
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    while (*u != '\0') {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u, -1, &c);
        if (k <= 0)
            return false;
        u += k;
        bool ok = (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC /* ー */ || c == 0x30FB /* ・ */ ||
                  c == 0x30FD /* ヽ */ || c == 0x30FE /* ヾ */ || c == ' ';
        if (!ok)
            return false;
    }
    return true;
}

char *kana_search_key(const char *in, size_t len)
{
    size_t n;
    utf8proc_uint8_t *buf = prepare(in, len, MODE_SEARCH, &n);
    if (buf == NULL)
        return NULL;
    char *s = nfkc(buf, n, UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);

    /* In place: whitespace and controls dropped, kana and variant kanji folded. No replacement
     * is longer than its source (kana_variants.inc promises it for the table). */
    utf8proc_uint8_t *u = (utf8proc_uint8_t *)s;
    size_t r = 0, w = 0;
    while (u[r] != '\0') {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u + r, -1, &c);
        r += (size_t)k;
        if (is_space_or_control(c))
            continue;
        w += (size_t)utf8proc_encode_char(variant_standard(hiragana_to_katakana(c)), u + w);
    }
    u[w] = '\0';
    return s;
}
