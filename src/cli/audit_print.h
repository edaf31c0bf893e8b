/* What the commands print about a verified audit chain (tsunagu audit verify, migrate-to-pg). */
#ifndef TSUNAGU_CLI_AUDIT_PRINT_H
#define TSUNAGU_CLI_AUDIT_PRINT_H

#include "auth/audit.h"

/* "audit: N rows, chain intact (…)" and "audit tip: seq=N hash=H" on standard output. */
void cli_print_audit_verified(const audit_report *r);

#endif
