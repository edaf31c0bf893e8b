#include "auth/password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

/* argon2id with 32 MiB and 3 passes: above OWASP's recommended minimums (19 MiB × 2, 12 MiB × 3)
 * while one hash fits the server's memory budget. Hashes are computed one at a time, so
 * concurrent logins cannot multiply the memory (or be used to exhaust it); a login waits for the
 * one before it (~50 ms each). */
enum { PWHASH_OPSLIMIT = 3 };
#define PWHASH_MEMLIMIT ((size_t)32 * 1024 * 1024)

static pthread_mutex_t hashing = PTHREAD_MUTEX_INITIALIZER;
static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    pthread_mutex_lock(&hashing);
    int rc = crypto_pwhash_str(out, password, strlen(password), PWHASH_OPSLIMIT, PWHASH_MEMLIMIT);
    pthread_mutex_unlock(&hashing);
    return rc;
}

bool password_verify(const char *hash, const char *password)
{
    pthread_mutex_lock(&hashing);
    int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    pthread_mutex_unlock(&hashing);
    return rc == 0;
}

bool password_needs_rehash(const char *hash)
{
    return crypto_pwhash_str_needs_rehash(hash, PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0;
}

static void make_dummy(void)
{
    if (password_hash("tsunagu-dummy-password", dummy_hash) != 0)
        dummy_hash[0] = '\0';
}

void password_verify_dummy(const char *password)
{
    pthread_once(&dummy_once, make_dummy);
    (void)password_verify(dummy_hash, password);
}
