/* The search keys of a person: what name search matches prefixes against. */
#ifndef TSUNAGU_DOMAIN_PERSON_KEYS_H
#define TSUNAGU_DOMAIN_PERSON_KEYS_H

#include <stdbool.h>

enum { PERSON_KEY_COUNT = 4 };

typedef struct person_names {
    const char *family_name;
    const char *given_name;
    const char *family_name_kana;
    const char *given_name_kana;
    const char *birth_date; /* YYYY-MM-DD or NULL */
} person_names;

/* keys: kana_search_key of the full kana name, the given kana name, the full kanji name and the
 * given kanji name ("" where a part is missing). A prefix of the family name is a prefix of the
 * full name, so the family name needs no key of its own. duplicate_key: the full kana key and
 * the birth date ("タナカハナコ|2024-04-01"), NULL without a birth date. All malloc'd: free with
 * person_keys_free. Returns 0, or -1 when a name is not valid UTF-8. */
typedef struct person_keys {
    char *keys[PERSON_KEY_COUNT];
    char *duplicate_key;
} person_keys;

/* Search lists a person once, at the smallest of its keys that start with prefix: true when key
 * is that one for these keys. */
bool person_keys_first_match(const person_keys *k, const char *prefix, const char *key);

/* The same, from the names: true when key is where search lists this person for prefix. */
bool person_names_first_match(const person_names *n, const char *prefix, const char *key);

__attribute__((warn_unused_result)) int person_keys_make(const person_names *n, person_keys *out);
void person_keys_free(person_keys *k);

#endif
