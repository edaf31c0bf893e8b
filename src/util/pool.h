/* A pool per request: every allocation lives until pool_destroy, which also runs the registered
 * cleanups (statements, json values, secrets) in reverse order. Out of memory aborts. */
#ifndef TSUNAGU_UTIL_POOL_H
#define TSUNAGU_UTIL_POOL_H

#include <stddef.h>

typedef struct pool pool;
typedef void (*pool_cleanup_fn)(void *arg);

pool *pool_create(void);
void pool_destroy(pool *p);

/* Memory owned by the pool; never NULL. */
void *pool_alloc(pool *p, size_t size);
void *pool_zalloc(pool *p, size_t size);
char *pool_strndup(pool *p, const char *s, size_t len);
char *pool_strdup(pool *p, const char *s);
char *pool_printf(pool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* fn(arg) runs at pool_destroy. */
void pool_on_destroy(pool *p, pool_cleanup_fn fn, void *arg);
/* free(ptr) at pool_destroy: hands a malloc'd pointer to the pool. Returns ptr. */
void *pool_adopt(pool *p, void *ptr);

/* Aborts the process with a message: the one answer to out-of-memory. */
_Noreturn void util_oom(void);
void *util_xmalloc(size_t size);
void *util_xrealloc(void *ptr, size_t size);
char *util_xstrdup(const char *s);

#endif
