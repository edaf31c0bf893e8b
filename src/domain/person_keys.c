#include "domain/person_keys.h"
#include "domain/kana.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* kana_search_key of a followed by b (either may be NULL). */
static char *key_of(const char *a, const char *b)
{
    size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
    char *joined = malloc(la + lb + 1);
    if (!joined)
        abort();
    memcpy(joined, a ? a : "", la);
    memcpy(joined + la, b ? b : "", lb);
    joined[la + lb] = '\0';
    char *key = kana_search_key(joined, la + lb);
    free(joined);
    return key;
}

int person_keys_make(const person_names *n, person_keys *out)
{
    memset(out, 0, sizeof *out);
    out->keys[0] = key_of(n->family_name_kana, n->given_name_kana);
    out->keys[1] = key_of(NULL, n->given_name_kana);
    out->keys[2] = key_of(n->family_name, n->given_name);
    out->keys[3] = key_of(NULL, n->given_name);
    for (int i = 0; i < PERSON_KEY_COUNT; i++)
        if (!out->keys[i]) {
            person_keys_free(out);
            return -1;
        }
    if (n->birth_date) {
        size_t len = strlen(out->keys[0]) + strlen(n->birth_date) + 2;
        out->duplicate_key = malloc(len);
        if (!out->duplicate_key)
            abort();
        snprintf(out->duplicate_key, len, "%s|%s", out->keys[0], n->birth_date);
    }
    return 0;
}

void person_keys_free(person_keys *k)
{
    for (int i = 0; i < PERSON_KEY_COUNT; i++) {
        free(k->keys[i]);
        k->keys[i] = NULL;
    }
    free(k->duplicate_key);
    k->duplicate_key = NULL;
}

bool person_keys_first_match(const person_keys *k, const char *prefix, const char *key)
{
    size_t n = strlen(prefix);
    for (int i = 0; i < PERSON_KEY_COUNT; i++)
        if (k->keys[i] && strncmp(k->keys[i], prefix, n) == 0 && strcmp(k->keys[i], key) < 0)
            return false;
    return true;
}

bool person_names_first_match(const person_names *n, const char *prefix, const char *key)
{
    person_keys k;
    if (person_keys_make(n, &k) != 0)
        return true;
    bool first = person_keys_first_match(&k, prefix, key);
    person_keys_free(&k);
    return first;
}
