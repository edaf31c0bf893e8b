/* tests/unit/domain/csv_read_test.c: src/domain/csv_read.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/csv_read.h"

/* Reads the next record of r and checks its line and fields. */
static void expect_record(csv_reader *r, size_t line, size_t n, const char *const *want)
{
    csv_record rec;
    csv_error err = {0};
    int rc = csv_read_next(r, &rec, &err);
    if (rc != CSV_RECORD)
        fail_msg("expected a record on line %zu, got %d (%zu: %s)", line, rc, err.line, err.reason);
    assert_int_equal(rec.line, line);
    assert_int_equal(rec.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(rec.field[i], want[i]);
        assert_int_equal(rec.len[i], strlen(want[i]));
    }
}

static void expect_end(csv_reader *r)
{
    csv_record rec;
    csv_error err;
    assert_int_equal(csv_read_next(r, &rec, &err), CSV_END);
    assert_int_equal(csv_read_next(r, &rec, &err), CSV_END);
}

static void expect_error(const char *text, const csv_limits *limits, size_t records_before,
                         size_t line, const char *reason)
{
    csv_reader r;
    csv_reader_init(&r, text, strlen(text), limits);
    csv_record rec;
    csv_error err = {0};
    for (size_t i = 0; i < records_before; i++)
        assert_int_equal(csv_read_next(&r, &rec, &err), CSV_RECORD);
    assert_int_equal(csv_read_next(&r, &rec, &err), CSV_ERROR);
    assert_int_equal(err.line, line);
    assert_string_equal(err.reason, reason);
    csv_reader_free(&r);
}

static void test_plain(void **state)
{
    (void)state;
    const char text[] = "external_id,family_name\r\nP1,山田\r\nP2,佐藤\r\n";
    csv_reader r;
    csv_reader_init(&r, text, strlen(text), NULL);
    expect_record(&r, 1, 2, (const char *[]){"external_id", "family_name"});
    expect_record(&r, 2, 2, (const char *[]){"P1", "山田"});
    expect_record(&r, 3, 2, (const char *[]){"P2", "佐藤"});
    expect_end(&r);
    csv_reader_free(&r);
}

/* LF alone, no final line break, empty fields (also at both ends), a BOM. */
static void test_lf_empty_fields_bom(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF"
                        "a,b,c\n,x,\n,,\nlast,1,2";
    csv_reader r;
    csv_reader_init(&r, text, strlen(text), NULL);
    expect_record(&r, 1, 3, (const char *[]){"a", "b", "c"});
    expect_record(&r, 2, 3, (const char *[]){"", "x", ""});
    expect_record(&r, 3, 3, (const char *[]){"", "", ""});
    expect_record(&r, 4, 3, (const char *[]){"last", "1", "2"});
    expect_end(&r);
    csv_reader_free(&r);
}

/* Quotes: embedded commas, doubled quotes, an empty quoted field, and line breaks inside quotes
 * (kept as written) moving the next record's line on. */
static void test_quoted(void **state)
{
    (void)state;
    const char text[] = "id,summary,note\r\n"
                        "R1,\"泣き声, 夜間\",\"言った「\"\"帰れ\"\"」\"\r\n"
                        "R2,\"一行目\r\n二行目\n三行目\",\"\"\r\n"
                        "R3,\"\",x\r\n";
    csv_reader r;
    csv_reader_init(&r, text, strlen(text), NULL);
    expect_record(&r, 1, 3, (const char *[]){"id", "summary", "note"});
    expect_record(&r, 2, 3, (const char *[]){"R1", "泣き声, 夜間", "言った「\"帰れ\"」"});
    expect_record(&r, 3, 3, (const char *[]){"R2", "一行目\r\n二行目\n三行目", ""});
    expect_record(&r, 6, 3, (const char *[]){"R3", "", "x"});
    expect_end(&r);
    csv_reader_free(&r);
}

/* Blank lines between records are skipped and still counted; a lone CR ends a line too. */
static void test_blank_lines_and_cr(void **state)
{
    (void)state;
    const char text[] = "\r\na,b\r\n\r\n\nc,d\re,f\r\n\r\n";
    csv_reader r;
    csv_reader_init(&r, text, strlen(text), NULL);
    expect_record(&r, 2, 2, (const char *[]){"a", "b"});
    expect_record(&r, 5, 2, (const char *[]){"c", "d"});
    expect_record(&r, 6, 2, (const char *[]){"e", "f"});
    expect_end(&r);
    csv_reader_free(&r);
    csv_reader_init(&r, "", 0, NULL);
    expect_end(&r);
    csv_reader_free(&r);
    csv_reader_init(&r, "\xEF\xBB\xBF", 3, NULL);
    expect_end(&r);
    csv_reader_free(&r);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    /* the line where the unterminated quote opened */
    expect_error("a,b\r\nx,\"never\r\nclosed\r\n", NULL, 1, 2, "引用符が閉じられていません");
    expect_error("a,b\r\nx,ab\"c\r\n", NULL, 1, 2, "引用符で囲まれていない欄に引用符があります");
    expect_error("a,b\r\n\"x\"y,z\r\n", NULL, 1, 2, "閉じた引用符の後に文字があります");
    expect_error("a,\"b\" ,c\r\n", NULL, 0, 1, "閉じた引用符の後に文字があります");
    const char nul[] = "a,b\r\nx,y\0z\r\n";
    csv_reader r;
    csv_reader_init(&r, nul, sizeof nul - 1, NULL);
    csv_record rec;
    csv_error err;
    assert_int_equal(csv_read_next(&r, &rec, &err), CSV_RECORD);
    assert_int_equal(csv_read_next(&r, &rec, &err), CSV_ERROR);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.reason, "NUL 文字は使えません");
    csv_reader_free(&r);
}

static void test_limits(void **state)
{
    (void)state;
    const csv_limits small = {.max_fields = 3, .max_field = 4, .max_record = 10};
    csv_reader r;
    const char fits[] = "abcd,\"ab\"\"c\",1\r\n";
    csv_reader_init(&r, fits, strlen(fits), &small);
    expect_record(&r, 1, 3, (const char *[]){"abcd", "ab\"c", "1"});
    csv_reader_free(&r);
    expect_error("abcde\r\n", &small, 0, 1, "欄が長すぎます（最大 4 バイト）");
    expect_error("ok\r\n\"ab\r\ncd\"\r\n", &small, 1, 3, "欄が長すぎます（最大 4 バイト）");
    expect_error("a,b,c,d\r\n", &small, 0, 1, "欄が多すぎます（最大 3）");
    expect_error("abcd,abcd,abc\r\n", &small, 0, 1, "行が長すぎます（最大 10 バイト）");

    /* the defaults: a 64 KiB field is read, one byte more is not */
    size_t n = 64 * 1024;
    char *big = malloc(n + 2);
    memset(big, 'x', n + 1);
    big[n + 1] = '\0';
    csv_reader_init(&r, big, n, NULL);
    csv_error err;
    csv_record rec;
    assert_int_equal(csv_read_next(&r, &rec, &err), CSV_RECORD);
    assert_int_equal(rec.len[0], n);
    csv_reader_free(&r);
    expect_error(big, NULL, 0, 1, "欄が長すぎます（最大 65536 バイト）");
    free(big);
}

static const csv_column person_columns[] = {
    {"external_id", true},
    {"family_name", true},
    {"given_name", false},
    {"birth_date", false},
};

static int map(const char *header_line, int index_of[4], char reason[CSV_REASON_CAP])
{
    csv_reader r;
    csv_record rec;
    csv_error err;
    csv_reader_init(&r, header_line, strlen(header_line), NULL);
    assert_int_equal(csv_read_next(&r, &rec, &err), CSV_RECORD);
    int rc = csv_map_header(&rec, person_columns, 4, index_of, reason);
    csv_reader_free(&r);
    return rc;
}

static void test_header(void **state)
{
    (void)state;
    int index_of[4];
    char reason[CSV_REASON_CAP];
    /* any order; a column left out is -1 */
    assert_int_equal(map("birth_date, family_name ,external_id\r\n", index_of, reason), 0);
    assert_int_equal(index_of[0], 2);
    assert_int_equal(index_of[1], 1);
    assert_int_equal(index_of[2], -1);
    assert_int_equal(index_of[3], 0);
    assert_string_equal(reason, "");

    assert_int_equal(map("external_id,family_name,extrenal_id\r\n", index_of, reason), -1);
    assert_string_equal(reason, "不明な列です: extrenal_id");
    assert_int_equal(map("external_id,Family_Name\r\n", index_of, reason), -1);
    assert_string_equal(reason, "不明な列です: Family_Name");
    assert_int_equal(map("external_id,family_name,external_id\r\n", index_of, reason), -1);
    assert_string_equal(reason, "列が重複しています: external_id");
    assert_int_equal(map("external_id,,family_name\r\n", index_of, reason), -1);
    assert_string_equal(reason, "2 列目の名前が空です");
    assert_int_equal(map("external_id,given_name\r\n", index_of, reason), -1);
    assert_string_equal(reason, "必須の列がありません: family_name");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),         cmocka_unit_test(test_lf_empty_fields_bom),
        cmocka_unit_test(test_quoted),        cmocka_unit_test(test_blank_lines_and_cr),
        cmocka_unit_test(test_syntax_errors), cmocka_unit_test(test_limits),
        cmocka_unit_test(test_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
