/* Persons and their search keys. */
#ifndef TSUNAGU_STORE_PERSONS_H
#define TSUNAGU_STORE_PERSONS_H

#include "store/store.h"
#include "util/pool.h"

#include <stdbool.h>

enum { PERSON_KEYS_MAX = 4 };

typedef struct store_person {
    char *id;
    int64_t version;
    char *family_name;
    char *given_name;
    char *family_name_kana;
    char *given_name_kana;
    char *birth_date;
    char *sex;
    char *address;
    char *phone;
    char *resident_id;
    char *affiliation; /* 所属: the school, nursery or kindergarten, as given (NULL: none) */
    int64_t created_at;
    int64_t updated_at;
    bool address_protected; /* 住所秘匿 (read by store_person_get and the lists of persons) */
    bool address_withheld;  /* set by svc_person_address_shown: address and phone left out */
    char *merged_into; /* merged into this survivor (store_person_get only); NULL: a live record */
} store_person;

/* Search keys (kana_search_key of the names) and the duplicate key, computed by the caller. */
typedef struct store_person_keys {
    const char *keys[PERSON_KEYS_MAX];
    int count;
    const char *duplicate_key; /* NULL when there is no birth date */
} store_person_keys;

typedef int (*store_person_fn)(void *ctx, const store_person *p, const char *matched_key);

int store_person_get(store_conn *c, pool *p, const char *id, store_person *out) STORE_WUR;
/* STORE_CONSTRAINT when resident_id is taken. */
int store_person_insert(store_conn *c, const store_person *person,
                        const store_person_keys *keys) STORE_WUR;
/* STORE_CONFLICT when the version moved on; the row's version becomes expected + 1. */
int store_person_update(store_conn *c, const store_person *person, int64_t expected_version,
                        const store_person_keys *keys) STORE_WUR;
/* Persons with a key starting with prefix, in key order, after (after_key, after_id). */
int store_person_search(store_conn *c, pool *p, const char *prefix, const char *after_key,
                        const char *after_id, int limit, store_person_fn fn, void *ctx) STORE_WUR;
/* Every person, by kana name, then id (the council's export). */
int store_persons_each(store_conn *c, pool *p, store_person_fn fn, void *ctx) STORE_WUR;
/* Persons with this duplicate key, other than exclude_id (may be NULL) and not merged. */
int store_person_duplicates(store_conn *c, pool *p, const char *duplicate_key,
                            const char *exclude_id, store_person_fn fn, void *ctx) STORE_WUR;

#endif
