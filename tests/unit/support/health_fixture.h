/* The health services' unit tests: a temporary database, a pool and a context acting as a
 * health nurse at a fixed instant (2026-04-01 12:00 in Japan), persons to record about, and
 * row counts to prove that a refused write changed nothing. */
#ifndef TSUNAGU_TEST_HEALTH_FIXTURE_H
#define TSUNAGU_TEST_HEALTH_FIXTURE_H

#include "service/service.h"
#include "support/tempdb.h"

enum { HEALTH_FIXED_NOW = 1775012400 }; /* 2026-04-01T03:00:00Z: 2026-04-01 12:00 JST */

typedef struct health_fixture {
    tempdb db;
    pool *p;
    svc_ctx ctx;
} health_fixture;

/* cmocka setup/teardown: *state becomes a health_fixture. */
int health_fixture_setup(void **state);
int health_fixture_teardown(void **state);

/* Adds a person (sex "female", "male" or "unknown"; birth_date may be NULL). */
void health_person(health_fixture *f, const char *id, const char *sex, const char *birth_date);

/* What a refused write must leave as it was: rows of the health tables, events, audit. */
typedef struct health_counts {
    int64_t pregnancies, children, screenings, visits, events, audit, settings;
} health_counts;
health_counts health_count(health_fixture *f);
/* The text of a column of one row (in f->p), e.g. "SELECT followup_note FROM visits". */
const char *health_text(health_fixture *f, const char *sql);

#endif
