#include "cli/audit_print.h"

#include <inttypes.h>
#include <stdio.h>

void cli_print_audit_verified(const audit_report *r)
{
    printf("audit: %" PRId64 " rows, chain intact", r->rows);
    if (r->keyed_from)
        printf(" (keyed with HMAC-SHA-256 from row %" PRId64 ")\n", r->keyed_from);
    else
        printf(" (no row is keyed yet: plain SHA-256)\n");
    printf("audit tip: seq=%" PRId64 " hash=%s\n", r->tip.seq, r->tip.hash);
}
