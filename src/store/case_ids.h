/* A few open cases a query is asked for — a page of the coordinator's board — as a fixed list
 * of STORE_CASE_IDS_MAX parameters, so that the statement's text, and its prepared statement, is
 * one whatever the page; the unused ones are NULL (IN never matches NULL). A longer list is asked
 * STORE_CASE_IDS_MAX at a time. Both planners start from the list (an index on the column). */
#ifndef TSUNAGU_STORE_CASE_IDS_H
#define TSUNAGU_STORE_CASE_IDS_H

#include "store/store.h"

enum { STORE_CASE_IDS_MAX = 50 };

typedef struct store_case_ids {
    const char *ids[STORE_CASE_IDS_MAX];
    int count;
} store_case_ids;

#define STORE_IDS_10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
/* The condition on a column holding a case id, for STORE_CASE_IDS_MAX ids. */
#define STORE_IN_CASES(column)                                                                     \
    " AND " column " IN (" STORE_IDS_10 ", " STORE_IDS_10 ", " STORE_IDS_10 ", " STORE_IDS_10      \
    ", " STORE_IDS_10 ")"

/* Binds STORE_IN_CASES's parameters from index `first`; returns the index after them. */
int store_bind_case_ids(store_stmt *st, int first, const store_case_ids *ids);

#endif
