#include "store/case_ids.h"

_Static_assert(STORE_CASE_IDS_MAX == 50, "STORE_IN_CASES lists 50 parameters");

int store_bind_case_ids(store_stmt *st, int first, const store_case_ids *ids)
{
    for (int i = 0; i < STORE_CASE_IDS_MAX; i++)
        store_bind_text(st, first + i, i < ids->count ? ids->ids[i] : NULL);
    return first + STORE_CASE_IDS_MAX;
}
