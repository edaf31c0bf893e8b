#include "auth/audit_key.h"
#include "util/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { KEY_HEX = AUDIT_KEY_BYTES * 2 };

/* sodium_malloc'd (guarded, locked), read-only while in use. Set before the threads start. */
static unsigned char *loaded;

void audit_key_use(const unsigned char key[AUDIT_KEY_BYTES])
{
    audit_key_forget();
    loaded = sodium_malloc(AUDIT_KEY_BYTES);
    if (!loaded)
        util_oom();
    memcpy(loaded, key, AUDIT_KEY_BYTES);
    sodium_mprotect_readonly(loaded);
}

const unsigned char *audit_key(void)
{
    return loaded;
}

void audit_key_forget(void)
{
    if (loaded)
        sodium_free(loaded); /* zeroes it first */
    loaded = NULL;
}

void audit_key_id(const unsigned char key[AUDIT_KEY_BYTES], char out[AUDIT_KEY_ID_LEN + 1])
{
    static const char label[] = "tsunagu audit key id";
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, AUDIT_KEY_BYTES);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)label, sizeof label - 1);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, AUDIT_KEY_ID_LEN + 1, mac, AUDIT_KEY_ID_LEN / 2);
    sodium_memzero(&st, sizeof st);
}

const char *audit_key_error(int status)
{
    switch (status) {
    case AUDIT_KEY_OK:
        return "ok";
    case AUDIT_KEY_MISSING:
        return "the key file does not exist";
    case AUDIT_KEY_UNSAFE:
        return "the key file must be a regular file that only its owner may read (chmod 600)";
    case AUDIT_KEY_MALFORMED:
        return "the key file must hold 64 hexadecimal characters";
    default:
        return "the key file cannot be read or created";
    }
}

/* Syncs the folder holding path, so that a new file's name survives a crash. */
static int sync_parent(const char *path)
{
    char *copy = util_xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(copy);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A new random key at path, durable before anything is chained with it. Never replaces a file:
 * when another process made one first (EEXIST), that one is used. */
static int create_key_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return errno == EEXIST ? AUDIT_KEY_OK : AUDIT_KEY_IO;
    unsigned char key[AUDIT_KEY_BYTES];
    char hex[KEY_HEX + 2];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    hex[KEY_HEX] = '\n';
    int rc = write_all(fd, hex, KEY_HEX + 1) == 0 && fsync(fd) == 0 ? 0 : -1;
    sodium_memzero(key, sizeof key);
    sodium_memzero(hex, sizeof hex);
    if (close(fd) != 0)
        rc = -1;
    if (rc != 0) {
        unlink(path);
        return AUDIT_KEY_IO;
    }
    return sync_parent(path) == 0 ? AUDIT_KEY_OK : AUDIT_KEY_IO;
}

/* 64 hex characters, then nothing or one newline. */
static int read_key_file(int fd, unsigned char key[AUDIT_KEY_BYTES])
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return AUDIT_KEY_IO;
    if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0)
        return AUDIT_KEY_UNSAFE;
    char buf[KEY_HEX + 3];
    size_t n = 0;
    while (n < sizeof buf) {
        ssize_t r = read(fd, buf + n, sizeof buf - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            sodium_memzero(buf, sizeof buf);
            return AUDIT_KEY_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    size_t len = 0;
    const char *end = NULL;
    bool ok = (n == KEY_HEX || (n == KEY_HEX + 1 && buf[KEY_HEX] == '\n')) &&
              sodium_hex2bin(key, AUDIT_KEY_BYTES, buf, KEY_HEX, NULL, &len, &end) == 0 &&
              len == AUDIT_KEY_BYTES && end == buf + KEY_HEX;
    sodium_memzero(buf, sizeof buf);
    return ok ? AUDIT_KEY_OK : AUDIT_KEY_MALFORMED;
}

int audit_key_load(const char *path, bool create)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && errno == ENOENT && create) {
        int rc = create_key_file(path);
        if (rc != AUDIT_KEY_OK)
            return rc;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    }
    if (fd < 0)
        return errno == ENOENT ? AUDIT_KEY_MISSING : AUDIT_KEY_IO;
    unsigned char key[AUDIT_KEY_BYTES];
    int rc = read_key_file(fd, key);
    close(fd);
    if (rc == AUDIT_KEY_OK)
        audit_key_use(key);
    sodium_memzero(key, sizeof key);
    return rc;
}
