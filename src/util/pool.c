#include "util/pool.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { POOL_BLOCK = 8192, POOL_ALIGN = 16 };

typedef struct pool_block {
    struct pool_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} pool_block;

typedef struct pool_cleanup {
    struct pool_cleanup *next;
    pool_cleanup_fn fn;
    void *arg;
} pool_cleanup;

struct pool {
    pool_block *blocks;
    pool_cleanup *cleanups;
};

_Noreturn void util_oom(void)
{
    fputs("tsunagu: out of memory\n", stderr);
    abort();
}

void *util_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        util_oom();
    return p;
}

void *util_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        util_oom();
    return p;
}

char *util_xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        util_oom();
    return p;
}

pool *pool_create(void)
{
    pool *p = util_xmalloc(sizeof *p);
    p->blocks = NULL;
    p->cleanups = NULL;
    return p;
}

void pool_destroy(pool *p)
{
    if (!p)
        return;
    for (pool_cleanup *c = p->cleanups; c; c = c->next)
        c->fn(c->arg);
    for (pool_block *b = p->blocks; b;) {
        pool_block *next = b->next;
        free(b);
        b = next;
    }
    free(p);
}

void *pool_alloc(pool *p, size_t size)
{
    size = (size + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);
    pool_block *b = p->blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > POOL_BLOCK / 2 ? size : POOL_BLOCK;
        pool_block *nb = util_xmalloc(sizeof *nb + cap);
        nb->used = 0;
        nb->cap = cap;
        if (size > POOL_BLOCK / 2 && b) {
            /* A large piece gets its own block behind the current one, which stays in use. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            p->blocks = nb;
        }
        b = nb;
    }
    void *out = b->data + b->used;
    b->used += size;
    return out;
}

void *pool_zalloc(pool *p, size_t size)
{
    void *out = pool_alloc(p, size);
    memset(out, 0, size);
    return out;
}

char *pool_strndup(pool *p, const char *s, size_t len)
{
    char *out = pool_alloc(p, len + 1);
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

char *pool_strdup(pool *p, const char *s)
{
    return pool_strndup(p, s, strlen(s));
}

char *pool_printf(pool *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        util_oom();
    char *out = pool_alloc(p, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

void pool_on_destroy(pool *p, pool_cleanup_fn fn, void *arg)
{
    pool_cleanup *c = pool_alloc(p, sizeof *c);
    c->fn = fn;
    c->arg = arg;
    c->next = p->cleanups;
    p->cleanups = c;
}

void *pool_adopt(pool *p, void *ptr)
{
    if (ptr)
        pool_on_destroy(p, free, ptr);
    return ptr;
}
