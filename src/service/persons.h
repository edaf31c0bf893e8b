/* Persons: create (with the possible duplicates shown), read (with their households), update. */
#ifndef TSUNAGU_SERVICE_PERSONS_H
#define TSUNAGU_SERVICE_PERSONS_H

#include "domain/address_protection.h"
#include "service/service.h"
#include "store/imports.h"
#include "store/persons.h"

enum {
    SVC_PERSON_NAME_MAX = 100, /* names and kana, in characters (after NFKC for kana) */
    SVC_PERSON_ADDRESS_MAX = 200,
    SVC_PERSON_CODE_MAX = 20, /* phone, resident_id */
};

/* The fields of a person an input carries (svc_person_input.present). */
enum {
    SVC_PERSON_FAMILY_NAME = 1u << 0,
    SVC_PERSON_GIVEN_NAME = 1u << 1,
    SVC_PERSON_FAMILY_NAME_KANA = 1u << 2,
    SVC_PERSON_GIVEN_NAME_KANA = 1u << 3,
    SVC_PERSON_BIRTH_DATE = 1u << 4,
    SVC_PERSON_SEX = 1u << 5,
    SVC_PERSON_ADDRESS = 1u << 6,
    SVC_PERSON_PHONE = 1u << 7,
    SVC_PERSON_RESIDENT_ID = 1u << 8,
    SVC_PERSON_AFFILIATION = 1u << 9,
    SVC_PERSON_ALL = (1u << 10) - 1,         /* every field of the record */
    SVC_PERSON_ADDRESS_PROTECTED = 1u << 10, /* the 住所秘匿 mark: PERM_ADDRESS_PROTECT only */
};

/* A person as given: NULL is absent (empty). Kana may be hiragana or half-width: it is stored as
 * katakana. sex NULL is "unknown". */
typedef struct svc_person_input {
    unsigned present; /* update: the fields to change; create takes every field */
    const char *family_name, *given_name, *family_name_kana, *given_name_kana;
    const char *birth_date; /* YYYY-MM-DD, not after ctx->today */
    const char *sex;        /* a code of person_sexes */
    const char *address, *phone, *resident_id;
    const char *affiliation; /* 所属 (school, nursery …), at most SVC_PERSON_NAME_MAX characters */
    bool address_protected; /* when present names SVC_PERSON_ADDRESS_PROTECTED */
} svc_person_input;

typedef struct svc_person_created {
    store_person person;
    /* Persons with the same kana name and birth date, shown to the user (audited as a search
     * hit each). In the pool. */
    store_person *duplicates;
    int duplicate_count;
} svc_person_created;

typedef struct svc_person_household {
    char *household_id, *name, *relation, *from_date, *to_date;
} svc_person_household;

typedef struct svc_person_record {
    store_person person;
    svc_person_household *households; /* current first, then newest; in the pool */
    int household_count;
    store_import_origin *imported; /* NULL: not made by an import */
    /* The persons still marked as possible duplicates of this one (an open pair of
     * person_duplicates), each audited as shown; in the pool. */
    store_person *duplicates;
    int duplicate_count;
} svc_person_record;

/* The search keys of p (names and the duplicate key), owned by the pool. */
svc_result svc_person_keys(svc_ctx *ctx, const store_person *p, store_person_keys *out);

/* The rule of 住所秘匿 (domain/address_protection.h) applied to a person about to be shown in
 * view: when the address may not be shown there, address and phone are cleared and
 * address_withheld is set; when it is shown and the person is protected, the reading is audited
 * as a read of {"type":"person_address","id":person}. EVERY answer, paper or export that carries
 * a person's address or phone passes the person through it first (partners' views, the ledger,
 * agendas and meeting papers with ADDRESS_VIEW_PARTNER / ADDRESS_VIEW_PAPER). false when out of
 * memory (the use case then fails). */
bool svc_person_address_shown(svc_ctx *ctx, store_person *p, address_view view);

/* Records a new person (event person_created, audit create). INVALID names the field (a taken
 * resident_id included); FORBIDDEN without PERM_PERSON_WRITE. */
svc_result svc_persons_create(svc_ctx *ctx, const svc_person_input *in, svc_person_created *out);
/* The person and their households, audited as a read of the person. */
svc_result svc_persons_get(svc_ctx *ctx, const char *id, svc_person_record *out);
/* Changes the fields present in `in` of the person at `version` (CONFLICT when it moved on).
 * When nothing changes, nothing is written and the answer is audited as a read. Marking or
 * unmarking 住所秘匿 needs PERM_ADDRESS_PROTECT (FORBIDDEN otherwise) and is an audited change of
 * person_address with the timeline event address_protection; a protected person's address or
 * phone is changed only by those who may read it (FORBIDDEN otherwise). */
svc_result svc_persons_update(svc_ctx *ctx, const char *id, int64_t version,
                              const svc_person_input *in, store_person *out);

#endif
