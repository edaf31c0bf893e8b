/* 住所秘匿 (DV等支援措置, domain.md "Protected addresses"): where a person's address and phone
 * may appear. One rule for every answer, paper and export that could carry them; the services
 * apply it through svc_person_address_shown (service/persons.h). */
#ifndef TSUNAGU_DOMAIN_ADDRESS_PROTECTION_H
#define TSUNAGU_DOMAIN_ADDRESS_PROTECTION_H

#include <stdbool.h>

typedef enum address_view {
    ADDRESS_VIEW_RECORD,  /* a staff member reading the person's or household's record */
    ADDRESS_VIEW_PAPER,   /* meeting papers, agendas, list prints, the ledger, CSV exports */
    ADDRESS_VIEW_PARTNER, /* anything a 要対協 partner sees */
} address_view;

/* Whether the address and phone of a person (protected or not) may be shown in view to a
 * reader who holds, or not, the right to read protected addresses (PERM_ADDRESS_PROTECT).
 * A partner never sees an address; a protected one appears only on the record, to those who
 * may read it (with a warning, and audited). */
bool address_visible(bool address_protected, address_view view, bool may_read_protected);

#endif
