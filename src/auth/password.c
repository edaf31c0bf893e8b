#include "auth/password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

bool password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
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
