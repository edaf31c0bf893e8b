/* The audit key file: created 0600 once, read back the same, refused when others may read it or
 * it is not a key. */
#include "auth/audit_key.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/tsunagu-key-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db.audit-key", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    audit_key_forget();
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    assert_int_equal(chmod(path, mode), 0);
}

static void loaded_id(char out[AUDIT_KEY_ID_LEN + 1])
{
    assert_non_null(audit_key());
    audit_key_id(audit_key(), out);
}

static void created_once_private_and_read_back(void **state)
{
    fixture *f = *state;
    assert_int_equal(audit_key_load(f->path, false), AUDIT_KEY_MISSING);
    assert_null(audit_key());
    umask(022); /* even with a lax umask */
    assert_int_equal(audit_key_load(f->path, true), AUDIT_KEY_OK);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 65); /* 64 hex characters and a newline */
    char first[AUDIT_KEY_ID_LEN + 1], again[AUDIT_KEY_ID_LEN + 1];
    loaded_id(first);
    audit_key_forget();
    assert_null(audit_key());
    /* An existing key is never replaced, even when asked to create one. */
    assert_int_equal(audit_key_load(f->path, true), AUDIT_KEY_OK);
    loaded_id(again);
    assert_string_equal(first, again);
}

static void a_written_key_is_read_as_written(void **state)
{
    fixture *f = *state;
    /* bytes 0..31: its id is known (audit_test.c computes the same). */
    write_file(f->path, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0600);
    assert_int_equal(audit_key_load(f->path, false), AUDIT_KEY_OK);
    char id[AUDIT_KEY_ID_LEN + 1];
    loaded_id(id);
    assert_string_equal(id, "488d085c87426ee2");
    assert_int_equal(audit_key()[31], 31);
}

static void refused_when_others_may_read_it(void **state)
{
    fixture *f = *state;
    const char *hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";
    write_file(f->path, hex, 0644);
    assert_int_equal(audit_key_load(f->path, true), AUDIT_KEY_UNSAFE);
    assert_null(audit_key());
    assert_int_equal(chmod(f->path, 0640), 0);
    assert_int_equal(audit_key_load(f->path, false), AUDIT_KEY_UNSAFE);
    assert_int_equal(chmod(f->path, 0400), 0);
    assert_int_equal(audit_key_load(f->path, false), AUDIT_KEY_OK);
    /* A folder is not a key file. */
    assert_int_equal(audit_key_load(f->dir, false), AUDIT_KEY_UNSAFE);
}

static void refused_when_not_a_key(void **state)
{
    fixture *f = *state;
    const char *bad[] = {
        "",
        "0001020304050607",                                                     /* short */
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00\n", /* long */
        "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",   /* not hex */
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n\n", /* trailing */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(f->path, bad[i], 0600);
        assert_int_equal(audit_key_load(f->path, true), AUDIT_KEY_MALFORMED);
        assert_null(audit_key());
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(created_once_private_and_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(a_written_key_is_read_as_written, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_when_others_may_read_it, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_when_not_a_key, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
