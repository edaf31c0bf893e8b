#include "auth/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_oath(void)
{
    oath_init();
}

bool totp_valid(const char *secret_base32, const char *code, int64_t now)
{
    pthread_once(&init_once, init_oath);
    if (!secret_base32 || !code || strlen(code) != 6)
        return false;
    char *secret = NULL;
    size_t len = 0;
    if (oath_base32_decode(secret_base32, strlen(secret_base32), &secret, &len) != OATH_OK)
        return false;
    int rc =
        oath_totp_validate(secret, len, (time_t)now, OATH_TOTP_DEFAULT_TIME_STEP_SIZE, 0, 1, code);
    free(secret);
    return rc >= 0;
}
