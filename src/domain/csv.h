/* CSV for spreadsheets (the ledger's export): RFC 4180 cells, and no formula a spreadsheet would
 * run — a cell beginning with = + - @, a tab or a carriage return is made text by a leading '. */
#ifndef TSUNAGU_DOMAIN_CSV_H
#define TSUNAGU_DOMAIN_CSV_H

#include <stdbool.h>
#include <stddef.h>

/* A growing text (the caller frees text; util_x* abort when memory runs out). When flag is set,
 * the cells it is true of are counted in flagged (a CP932 export: the cells holding a character
 * CP932 lacks, which become 〓). */
typedef struct csv_buf {
    char *text;
    size_t len, cap;
    bool (*flag)(const char *cell);
    size_t flagged;
} csv_buf;

/* The UTF-8 byte order mark Excel needs to read UTF-8. */
void csv_bom(csv_buf *b);
/* One cell (NULL is empty), after a comma unless it starts the line. Quoted when it holds a
 * comma, a quote, CR or LF (quotes doubled); neutralised first when a spreadsheet would read it
 * as a formula. */
void csv_cell(csv_buf *b, const char *cell, bool first_of_line);
/* The end of a line: CRLF. */
void csv_end_line(csv_buf *b);
/* Whether a spreadsheet would take the cell as a formula (or could, through a leading tab/CR). */
bool csv_cell_is_formula(const char *cell);

#endif
