/* Counting rows in a unit test: what a failed use case must have left as it was. */
#ifndef TSUNAGU_TEST_ROWS_H
#define TSUNAGU_TEST_ROWS_H

#include "store/store.h"

#include <stdint.h>

/* The single integer a query answers (SELECT COUNT(*) …, with one optional text parameter);
 * -1 when it answers none. */
int64_t rows_count(store_conn *c, const char *sql, const char *param);

#endif
