/* Reading CSV (RFC 4180) for the import: fields with quotes, embedded commas, doubled quotes and
 * embedded line breaks; records end with CRLF, LF or a lone CR; each record knows the line it
 * starts on, for "FILE:LINE: column: reason". The text is UTF-8 (cp932.h decodes CP932 first);
 * a BOM at its start is skipped. Blank lines between records are skipped. Inside quotes the
 * bytes are kept as written (an embedded CRLF stays CRLF).
 *
 * A syntax error (an unterminated quote, a quote inside an unquoted field, text after a closing
 * quote, a NUL byte, a limit passed) ends the reading: after it the rest of the file cannot be
 * split into records reliably. Pure: no I/O; the reader owns its buffers (csv_reader_free). */
#ifndef TSUNAGU_DOMAIN_CSV_READ_H
#define TSUNAGU_DOMAIN_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>

#define CSV_REASON_CAP 160

/* Hard limits: passing one is an error, never a truncation. */
typedef struct {
    size_t max_fields; /* fields in a record */
    size_t max_field;  /* bytes in a field, unquoted */
    size_t max_record; /* bytes in a record, unquoted */
} csv_limits;

/* 64 fields, 64 KiB a field, 1 MiB a record. */
extern const csv_limits csv_default_limits;

typedef struct {
    size_t line;        /* the line it starts on, 1 for the first */
    size_t n;           /* fields */
    const char **field; /* NUL-terminated, borrowed from the reader until its next read */
    const size_t *len;  /* their lengths in bytes */
} csv_record;

typedef struct {
    size_t line;                 /* where the error is */
    char reason[CSV_REASON_CAP]; /* Japanese, short */
} csv_error;

typedef struct {
    const char *p, *end; /* the text, borrowed */
    size_t line;
    csv_limits limits;
    char *buf; /* the record's fields, each NUL-terminated */
    size_t used, cap;
    size_t content;      /* the record's bytes, unquoted, for max_record */
    size_t *start, *len; /* per field: offset in buf and length */
    const char **field;
} csv_reader;

enum { CSV_RECORD = 0, CSV_END = 1, CSV_ERROR = -1 };

/* Starts reading text (len bytes, borrowed for the reader's life). limits NULL: the defaults. */
void csv_reader_init(csv_reader *r, const char *text, size_t len, const csv_limits *limits);
void csv_reader_free(csv_reader *r);

/* The next record: CSV_RECORD with *rec filled, CSV_END after the last, or CSV_ERROR with *err. */
__attribute__((warn_unused_result)) int csv_read_next(csv_reader *r, csv_record *rec,
                                                      csv_error *err);

/* A column an import knows. */
typedef struct {
    const char *name;
    bool required;
} csv_column;

/* Maps a header record to the known columns: index_of[k] is the field holding known[k], or -1
 * when the file lacks that column. Names are matched exactly, spaces around them ignored.
 * Returns 0, or -1 with a reason naming the column: a column not in known ("不明な列です:
 * extrenal_id"), one given twice, an empty name, or a required column missing. */
__attribute__((warn_unused_result)) int csv_map_header(const csv_record *header,
                                                       const csv_column *known, size_t n_known,
                                                       int *index_of, char reason[CSV_REASON_CAP]);

#endif
