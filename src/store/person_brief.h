/* The brief columns of a person (what a list shows beside a record: names, kana, birth date),
 * joined into a repository's own statement so that a record comes with its person in one
 * statement instead of one more per row. */
#ifndef TSUNAGU_STORE_PERSON_BRIEF_H
#define TSUNAGU_STORE_PERSON_BRIEF_H

#include "store/persons.h"

/* The columns, of the persons table under alias a, in the order store_person_brief_read reads. */
#define STORE_PERSON_BRIEF_COLUMNS(a)                                                              \
    a ".id, " a ".family_name, " a ".given_name, " a ".family_name_kana, " a                       \
      ".given_name_kana, " a ".birth_date"
enum { STORE_PERSON_BRIEF_COUNT = 6 };

/* Fills the brief fields of *out from columns first..first+5 (the rest zeroed). */
void store_person_brief_read(store_stmt *st, int first, pool *p, store_person *out);

#endif
