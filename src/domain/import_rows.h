/* The CSV import's kinds, their columns (interchange.md, exactly) and one row of each read into
 * typed values: codes checked, dates and instants read in every form of interchange_date.h,
 * 0/1 flags, `;` lists. References to other records stay external ids here: the service resolves
 * them (service/import.c). Each bad field is one problem naming its column, so that a row reports
 * everything wrong with it at once.
 *
 * Pure: the values borrow the record's fields (csv_read.h: valid until the reader's next read) or
 * live in the row itself. */
#ifndef TSUNAGU_DOMAIN_IMPORT_ROWS_H
#define TSUNAGU_DOMAIN_IMPORT_ROWS_H

#include "domain/csv_read.h"
#include "domain/date.h"
#include "domain/risk.h"
#include "domain/vocab.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum import_kind {
    IMPORT_PERSONS,
    IMPORT_PREGNANCIES,
    IMPORT_REPORTS,
    IMPORT_VISITS,
    IMPORT_KIND_COUNT,
    IMPORT_KIND_NONE = -1
} import_kind;

enum {
    IMPORT_PROBLEMS_MAX = 16,     /* problems kept per row (more are counted in the last) */
    IMPORT_LIST_MAX = 20,         /* items of a `;` list (a report's children: 20 as the API) */
    IMPORT_EXTERNAL_ID_MAX = 100, /* characters */
    IMPORT_REASON_CAP = 160,
};

/* persons pregnancies reports visits; IMPORT_KIND_NONE when unknown. */
import_kind import_kind_from_code(const char *code);
const char *import_kind_code(import_kind k);
/* The columns of kind k (required ones marked), in interchange.md's order. */
const csv_column *import_columns(import_kind k, size_t *count);
/* Served by /api/v1/meta for the import screen: the kinds, and each kind's columns with 必須 or
 * 任意 as their label (the reader's own lists). */
extern const vocab import_kinds, import_columns_persons, import_columns_pregnancies,
    import_columns_reports, import_columns_visits;

/* A row's fields by column: the header mapped (csv_map_header), the record read. */
typedef struct import_fields {
    const csv_record *rec;
    const int *index_of; /* per column of the kind: the field, or -1 */
} import_fields;

typedef struct import_problem {
    const char *column;
    char reason[IMPORT_REASON_CAP];
} import_problem;

typedef struct import_problems {
    import_problem items[IMPORT_PROBLEMS_MAX];
    int count;
} import_problems;

/* Adds a problem (kept while there is room). */
void import_problem_add(import_problems *pr, const char *column, const char *reason);

/* A `;` list: items trimmed of spaces, empty ones left out. */
typedef struct import_list {
    const char *item[IMPORT_LIST_MAX];
    char text[1024]; /* the items, each NUL-terminated */
    int count;
} import_list;

typedef struct import_person {
    const char *external_id;
    const char *family_name, *given_name, *family_name_kana, *given_name_kana;
    char birth_date[11]; /* "" when none */
    const char *sex;     /* female | male | unknown (女 and 男 read as such); NULL: not given */
    const char *resident_id, *address, *phone;
    const char *household_external_id, *relation; /* relation required with a household */
} import_person;

/* What the interview answered for each question, by risk_codes index. */
typedef enum import_answer { IMPORT_UNASKED = 0, IMPORT_NO, IMPORT_YES } import_answer;

typedef struct import_pregnancy {
    const char *external_id, *mother_external_id;
    char notified_on[11];
    int weeks;         /* 0..45 */
    char due_date[11]; /* "" when none */
    bool multiple, after_birth;
    import_answer answers[RISK_CODE_COUNT];
} import_pregnancy;

typedef struct import_report {
    const char *external_id;
    const char *kind; /* abuse_report | consultation */
    int64_t received_at;
    const char *route;
    import_list abuse_types;
    import_list children; /* external ids, at least one */
    const char *main_perpetrator, *summary;
    bool has_safety_confirmed_at;
    int64_t safety_confirmed_at;
    char closed_on[11]; /* "" when open */
} import_report;

typedef struct import_visit {
    const char *external_id, *person_external_id;
    const char *kind; /* newborn_visit | postpartum_care | checkup */
    char on[11];
    const char *checkup; /* 4m | 18m | 3y: a check-up's */
    int attended;        /* -1 not given, 0, 1 */
    const char *note;
} import_visit;

/* One row of each kind read into *out; the problems found are added to *pr (none: all good).
 * Codes the services check again (a route, an abuse type, a relation) are checked here too,
 * so that the column is named. */
void import_read_person(const import_fields *f, import_person *out, import_problems *pr);
void import_read_pregnancy(const import_fields *f, import_pregnancy *out, import_problems *pr);
void import_read_report(const import_fields *f, import_report *out, import_problems *pr);
void import_read_visit(const import_fields *f, import_visit *out, import_problems *pr);

/* The external id of a row of kind k as read (NULL when missing), for skipping one already
 * imported before reading the rest. */
const char *import_external_id(import_kind k, const import_fields *f);

#endif
