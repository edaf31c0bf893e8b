/* The two sections of the center and the record they share: where a timeline event belongs
 * ("sections" in GET /api/v1/meta). */
#ifndef TSUNAGU_DOMAIN_SECTION_H
#define TSUNAGU_DOMAIN_SECTION_H

#include "domain/vocab.h"

typedef enum section {
    SECTION_NONE = -1,
    SECTION_HEALTH,  /* 母子保健 */
    SECTION_WELFARE, /* 児童福祉 */
    SECTION_COMMON,  /* the record itself: registration, households */
    SECTION_CASE,    /* the joint case: cases, conferences, plans, partners' reports */
} section;

extern const vocab sections_vocab;

section section_from_code(const char *code); /* SECTION_NONE when unknown */
const char *section_code(section s);         /* "" for SECTION_NONE */
const char *section_label(section s);        /* Japanese; "" for SECTION_NONE */

#endif
