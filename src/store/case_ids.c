#include "store/case_ids.h"

_Static_assert(STORE_CASE_IDS_MAX == 50, "STORE_ONLY_CASES lists 50 parameters");

int store_bind_case_ids(store_stmt *st, int first, const store_case_ids *only)
{
    store_bind_int(st, first, only ? 1 : 0);
    for (int i = 0; i < STORE_CASE_IDS_MAX; i++)
        store_bind_text(st, first + 1 + i, only && i < only->count ? only->ids[i] : NULL);
    return first + 1 + STORE_CASE_IDS_MAX;
}
