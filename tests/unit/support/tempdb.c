#include "support/tempdb.h"

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_dir(const char *dir)
{
    (void)nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int tempdb_open(tempdb *t, int version)
{
    *t = (tempdb){0};
    snprintf(t->dir, sizeof t->dir, "/tmp/tsunagu-test-XXXXXX");
    if (!mkdtemp(t->dir))
        return -1;
    snprintf(t->path, sizeof t->path, "%s/t.db", t->dir);
    if (store_open_sqlite(&t->s, t->path) != STORE_OK) {
        remove_dir(t->dir);
        return -1;
    }
    t->c = store_conn_open(t->s);
    int to = version == TEMPDB_LATEST ? INT_MAX : version;
    if (t->c && (to == 0 || store_migrate_to(t->c, to) == STORE_OK))
        return 0;
    tempdb_close(t);
    return -1;
}

void tempdb_close(tempdb *t)
{
    store_conn_close(t->c);
    store_close(t->s);
    remove_dir(t->dir);
    *t = (tempdb){0};
}
