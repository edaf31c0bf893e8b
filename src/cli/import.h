/* tsunagu import KIND FILE: the CSV import (service/import.h) from the command line, with a
 * progress bar on a terminal. */
#ifndef TSUNAGU_CLI_IMPORT_H
#define TSUNAGU_CLI_IMPORT_H

#include "store/store.h"

typedef struct cli_import_options {
    const char *kind, *path;
    const char *encoding;    /* "utf-8", "cp932" or NULL: detected */
    const char *alerts_from; /* a date as the file writes them; NULL: today */
} cli_import_options;

/* The store open and migrated, the audit key loaded. Prints the counts on standard output, or
 * every bad row as FILE:LINE: column: reason on standard error. The exit status: 0 imported,
 * 1 nothing imported (bad rows, or the store failed), 2 wrong usage. */
int cli_import(store *s, const cli_import_options *o);

#endif
