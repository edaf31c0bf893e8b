/* The portable-SQL rules of store.h, checked on the source: the repositories' SQL (the string
 * literals of the .c files in src/store, the backends aside) and the migrations of every
 * dialect. A rule broken here is SQL a PostgreSQL backend could not run as written. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

typedef struct rule {
    const char *text; /* matched without regard to case */
    const char *instead;
    bool repositories_only; /* migrations take no parameters */
} rule;

static const rule rules[] = {
    {"INSERT OR ", "INSERT … ON CONFLICT DO NOTHING / DO UPDATE", false},
    {"REPLACE INTO", "INSERT … ON CONFLICT (…) DO UPDATE", false},
    {"LIMIT -1", "no LIMIT, or bind INT64_MAX", false},
    {"? IS NULL", "CAST(? AS TEXT) IS NULL", true},
    {"AUTOINCREMENT", "a key made in C, or one the database assigns", false},
    {"IFNULL(", "COALESCE(", false},
    {"IIF(", "CASE WHEN … END", false},
    {"last_insert_rowid", "a key made in C", false},
    {"julianday(", "instants and dates computed in C", false},
    {"datetime(", "instants and dates computed in C", false},
    {"CURRENT_TIMESTAMP", "svc_ctx.now, bound", false},
};

/* The files that are a backend: their SQL is that backend's own (pragmas, …). */
static const char *const backends[] = {"sqlite.c", "pg.c"};

static bool contains(const char *line, const char *text)
{
    return strcasestr(line, text) != NULL;
}

/* Breaks of the rules in one line, each reported to `report` (NULL: silent) as
 * "where:line: text (use instead)". */
static int check_line(FILE *report, const char *where, int line_no, const char *line,
                      bool repository)
{
    int broken = 0;
    /* In C, SQL sits in string literals: lines without a quote are code or comments. */
    if (repository && !strchr(line, '"'))
        return 0;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (rules[i].repositories_only && !repository)
            continue;
        if (!contains(line, rules[i].text))
            continue;
        broken++;
        if (report)
            fprintf(report, "%s:%d: \"%s\" (use %s)\n", where, line_no, rules[i].text,
                    rules[i].instead);
    }
    return broken;
}

static int check_file(const char *path, bool repository)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[4096];
    int broken = 0, line_no = 0;
    while (fgets(line, sizeof line, fp))
        broken += check_line(stderr, path, ++line_no, line, repository);
    fclose(fp);
    return broken;
}

static bool is_backend(const char *name)
{
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (strcmp(name, backends[i]) == 0)
            return true;
    return false;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* The source tree this test was compiled from (CMake passes absolute paths). */
static void source_root(char *out, size_t cap)
{
    const char *self = __FILE__;
    const char *tail = strstr(self, "/tests/unit/store/");
    assert_non_null(tail);
    assert_true((size_t)(tail - self) < cap);
    snprintf(out, cap, "%.*s", (int)(tail - self), self);
}

/* Checks the files of dir ending in ext; *files counts them. */
static int check_dir(const char *dir, const char *ext, bool repository, int *files)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int broken = 0;
    struct dirent *entry;
    while ((entry = readdir(d))) {
        if (!ends_with(entry->d_name, ext) || (repository && is_backend(entry->d_name)))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
        broken += check_file(path, repository);
        (*files)++;
    }
    closedir(d);
    return broken;
}

static int check_migrations(const char *root, int *files)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/src/store/migrations", root);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int broken = 0;
    struct dirent *entry;
    while ((entry = readdir(d))) {
        if (entry->d_name[0] == '.')
            continue;
        char dialect[4096 + 256];
        snprintf(dialect, sizeof dialect, "%s/%s", dir, entry->d_name);
        broken += check_dir(dialect, ".sql", false, files);
    }
    closedir(d);
    return broken;
}

/* The checker itself catches what it is for and lets the portable forms through. */
static void the_checker_tells_portable_from_not(void **state)
{
    (void)state;
    assert_int_equal(check_line(NULL, "t", 1, "\"INSERT OR IGNORE INTO t (a) VALUES (?)\"", true),
                     1);
    assert_int_equal(check_line(NULL, "t", 1, "\" WHERE (? IS NULL OR a = ?) LIMIT -1\"", true), 2);
    assert_int_equal(check_line(NULL, "t", 1, "id INTEGER PRIMARY KEY AUTOINCREMENT,", false), 1);
    assert_int_equal(check_line(NULL, "t", 1, "\"SELECT ifnull(a, 0) FROM t\"", true), 1);
    assert_int_equal(
        check_line(NULL, "t", 1, "\"INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING\"", true),
        0);
    assert_int_equal(
        check_line(NULL, "t", 1, "\" WHERE (CAST(? AS TEXT) IS NULL OR a = ?)\"", true), 0);
    assert_int_equal(check_line(NULL, "t", 1, "\" AND (a, id) < (?, ?) LIMIT ?\"", true), 0);
    /* A comment in C is not SQL. */
    assert_int_equal(check_line(NULL, "t", 1, "/* was INSERT OR IGNORE */", true), 0);
}

static void repositories_and_migrations_use_portable_sql(void **state)
{
    (void)state;
    char root[2048], store_dir[4096];
    source_root(root, sizeof root);
    snprintf(store_dir, sizeof store_dir, "%s/src/store", root);
    int files = 0;
    int broken = check_dir(store_dir, ".c", true, &files);
    int repositories = files;
    broken += check_migrations(root, &files);
    assert_true(repositories > 10); /* the scan found the sources, not an empty folder */
    assert_true(files - repositories >= 9);
    if (broken)
        fail_msg("%d statements are not portable (listed above; store.h says why)", broken);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_checker_tells_portable_from_not),
        cmocka_unit_test(repositories_and_migrations_use_portable_sql),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
