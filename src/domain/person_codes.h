/* The code tables of persons and households: a person's sex and a member's relation to the
 * household, with the labels the screens show. */
#ifndef TSUNAGU_DOMAIN_PERSON_CODES_H
#define TSUNAGU_DOMAIN_PERSON_CODES_H

#include "domain/vocab.h"

#include <stdbool.h>

typedef enum person_sex { SEX_FEMALE, SEX_MALE, SEX_UNKNOWN } person_sex;

typedef enum household_relation {
    RELATION_MOTHER,
    RELATION_FATHER,
    RELATION_CHILD,
    RELATION_PARTNER,
    RELATION_GRANDPARENT,
    RELATION_SIBLING,
    RELATION_OTHER,
} household_relation;

extern const vocab person_sexes;        /* "sexes": female 女性, male 男性, unknown 不明 */
extern const vocab person_sex_marks;    /* "sex_marks": 女, 男, 不明, for the rows of lists */
extern const vocab household_relations; /* "relations": mother 母 … other その他 */

/* true and *out when code is one of the table's; false (out untouched) otherwise or NULL. */
bool person_sex_from_code(const char *code, person_sex *out);
bool household_relation_from_code(const char *code, household_relation *out);
const char *person_sex_code(person_sex s);
const char *household_relation_code(household_relation r);
const char *household_relation_label(household_relation r);

#endif
