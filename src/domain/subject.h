/* Who can be the subject of a health record: the mother of a pregnancy notification (妊娠届)
 * and the respondent of a screening (EPDS and the other questionnaires). Pure: no I/O, no state.
 * A record whose subject cannot be right (a baby boy as a mother, an infant's EPDS) would put
 * wrong work on the lists, so the API refuses it; what is not known (sex, birth date) is
 * accepted, because a record may be made before the person's details are. */
#ifndef TSUNAGU_DOMAIN_SUBJECT_H
#define TSUNAGU_DOMAIN_SUBJECT_H

enum { SUBJECT_MIN_AGE = 10 /* completed years on the record's date */ };

typedef enum subject_verdict {
    SUBJECT_OK = 0,
    SUBJECT_MALE,     /* a mother recorded as male */
    SUBJECT_TOO_YOUNG /* under SUBJECT_MIN_AGE on the date, or not yet born */
} subject_verdict;

/* The mother of a notification dated `on` ("YYYY-MM-DD"): SUBJECT_MALE when sex is "male";
 * else SUBJECT_TOO_YOUNG when birth_date is a date and her age on `on` is under 10 (born after
 * `on` included); else SUBJECT_OK. sex NULL, "female" or "unknown", and a birth_date or `on`
 * that is NULL or not a date, are accepted (SUBJECT_OK as far as they go). */
subject_verdict subject_check_mother(const char *sex, const char *birth_date, const char *on);

/* The respondent of a screening administered on `on`: SUBJECT_TOO_YOUNG under 10 as above, else
 * SUBJECT_OK. Sex is not asked: a father may answer an EPDS. */
subject_verdict subject_check_respondent(const char *birth_date, const char *on);

#endif
