/* The structured record of a visit (訪問記録): for こんにちは赤ちゃん訪問 the infant's weight, the
 * feeding, the mother's mood and sleep, the home environment; for every visit the next contact.
 * Each categorical item is a code of its table or NULL — 未確認 (not asked), never "none": a
 * question not asked is not an answer. Pure: no I/O. */
#ifndef TSUNAGU_DOMAIN_VISIT_FORM_H
#define TSUNAGU_DOMAIN_VISIT_FORM_H

#include "domain/date.h"
#include "domain/visit_kinds.h"
#include "domain/vocab.h"

enum { VISIT_WEIGHT_MIN_G = 300, VISIT_WEIGHT_MAX_G = 15000, VISIT_WEIGHT_NONE = 0 };

/* feeding_methods (母乳/混合/人工乳), mother_moods, mother_sleeps, home_environments,
 * contact_kinds (the next contact's: 訪問, 電話, 来所, 健診). */
extern const vocab feeding_methods, mother_moods, mother_sleeps, home_environments, contact_kinds;

typedef struct visit_form {
    int infant_weight_g;          /* VISIT_WEIGHT_NONE (0): not measured */
    const char *feeding;          /* feeding_methods; NULL 未確認 */
    const char *mother_mood;      /* mother_moods; NULL 未確認 */
    const char *mother_sleep;     /* mother_sleeps; NULL 未確認 */
    const char *home_environment; /* home_environments; NULL 未確認 */
    const char *home_note;
    const char *next_contact_on;   /* YYYY-MM-DD; NULL: none planned */
    const char *next_contact_kind; /* contact_kinds; with next_contact_on only */
} visit_form;

/* What is wrong with a form: field NULL when nothing; else the field to name and a message. */
typedef struct visit_form_problem {
    const char *field;
    const char *message;
    bool missing; /* the field is required by another one given (the next contact's kind) */
} visit_form_problem;

/* The form of a visit of kind k on day `on`: the newborn items on a newborn visit only, the
 * weight in 300–15000 g, every code of its table, the next contact a date not before `on`
 * with its kind (and a kind only with a date). Checked in the order of the struct. */
visit_form_problem visit_form_check(visit_kind k, date_ymd on, const visit_form *f);

/* Whether any newborn item is recorded (the old free-text visits have none). */
bool visit_form_has_newborn_items(const visit_form *f);

#endif
