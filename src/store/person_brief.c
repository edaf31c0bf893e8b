#include "store/person_brief.h"

void store_person_brief_read(store_stmt *st, int first, pool *p, store_person *out)
{
    *out = (store_person){.id = store_col_dup(st, first, p),
                          .family_name = store_col_dup(st, first + 1, p),
                          .given_name = store_col_dup(st, first + 2, p),
                          .family_name_kana = store_col_dup(st, first + 3, p),
                          .given_name_kana = store_col_dup(st, first + 4, p),
                          .birth_date = store_col_dup(st, first + 5, p)};
}
