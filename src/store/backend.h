/* What a storage backend implements. Only store.c and the backends include this. */
#ifndef TSUNAGU_STORE_BACKEND_H
#define TSUNAGU_STORE_BACKEND_H

#include "store/store.h"

typedef struct store_ops {
    const char *name;
    store_conn *(*conn_open)(store *s);
    void (*conn_close)(store_conn *c);
    void (*close)(store *s);
    int (*exec)(store_conn *c, const char *sql);
    int (*begin)(store_conn *c);
    int (*commit)(store_conn *c);
    void (*rollback)(store_conn *c);
    int (*begin_read)(store_conn *c);
    void (*end_read)(store_conn *c);
    store_stmt *(*prepare)(store_conn *c, const char *sql);
    void (*bind_text)(store_stmt *st, int i, const char *s, size_t len);
    void (*bind_int)(store_stmt *st, int i, int64_t v);
    void (*bind_null)(store_stmt *st, int i);
    int (*step)(store_stmt *st);
    void (*done)(store_stmt *st);
    const char *(*col_text)(store_stmt *st, int i);
    int64_t (*col_int)(store_stmt *st, int i);
    bool (*col_is_null)(store_stmt *st, int i);
    int64_t (*changes)(store_conn *c);
    int (*backup)(store_conn *c, const char *path);
    int (*checkpoint)(store_conn *c); /* may be NULL: nothing to do for this backend */
    int (*lock)(store_conn *c, enum store_lock which); /* may be NULL: writers are serialised */
    int (*bulk_session)(store_conn *c); /* may be NULL: nothing to do for this backend */
    /* may be NULL: not a bulk-load target (store_copy_begin answers STORE_ERROR) */
    int (*copy_begin)(store_conn *c, const char *table, const char *const columns[], int n);
    int (*copy_row)(store_conn *c, const char *const values[]);
    int (*copy_end)(store_conn *c);
} store_ops;

/* Every backend's store and connection begin with these. */
struct store {
    const store_ops *ops;
};
struct store_conn {
    store *owner;
};
struct store_stmt {
    store_conn *conn;
};

#endif
