/* tests/unit/domain/import_rows_test.c: src/domain/import_rows.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "domain/import_rows.h"

/* A file of kind k read into its header map and its first row (the reader kept for the row's
 * fields). */
typedef struct one_row {
    csv_reader reader;
    csv_record rec;
    int index_of[32];
    import_fields f;
    import_problems pr;
} one_row;

static void read_row(one_row *o, import_kind k, const char *text)
{
    size_t n;
    const csv_column *columns = import_columns(k, &n);
    csv_error err;
    char reason[CSV_REASON_CAP];
    csv_reader_init(&o->reader, text, strlen(text), NULL);
    assert_int_equal(csv_read_next(&o->reader, &o->rec, &err), CSV_RECORD);
    if (csv_map_header(&o->rec, columns, n, o->index_of, reason) != 0)
        fail_msg("header: %s", reason);
    assert_int_equal(csv_read_next(&o->reader, &o->rec, &err), CSV_RECORD);
    o->f = (import_fields){.rec = &o->rec, .index_of = o->index_of};
    o->pr = (import_problems){.count = 0};
}

/* The problems as "column: reason" lines, for one comparison. */
static const char *problems(const one_row *o)
{
    static char buf[2048];
    buf[0] = '\0';
    for (int i = 0; i < o->pr.count; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s: %s", i ? "\n" : "",
                 o->pr.items[i].column, o->pr.items[i].reason);
    return buf;
}

static void test_kinds_and_columns(void **state)
{
    (void)state;
    assert_int_equal(import_kind_from_code("persons"), IMPORT_PERSONS);
    assert_int_equal(import_kind_from_code("visits"), IMPORT_VISITS);
    assert_int_equal(import_kind_from_code("people"), IMPORT_KIND_NONE);
    assert_int_equal(import_kind_from_code(NULL), IMPORT_KIND_NONE);
    assert_string_equal(import_kind_code(IMPORT_PREGNANCIES), "pregnancies");
    /* interchange.md's columns, required ones marked with '*'. */
    static const char *const want[IMPORT_KIND_COUNT] = {
        "external_id* family_name* given_name family_name_kana* given_name_kana birth_date sex "
        "resident_id address phone household_external_id relation",
        "external_id* mother_external_id* notified_on* weeks_at_notification* due_date multiple "
        "notified_after_birth answers answers_no",
        "external_id* kind* received_at* route* abuse_types child_external_ids* main_perpetrator "
        "summary safety_confirmed_at closed_on",
        "external_id* person_external_id* kind* on* checkup attended note",
    };
    for (int k = 0; k < IMPORT_KIND_COUNT; k++) {
        size_t n;
        const csv_column *c = import_columns((import_kind)k, &n);
        char got[512] = "";
        for (size_t i = 0; i < n; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s%s", i ? " " : "", c[i].name,
                     c[i].required ? "*" : "");
        assert_string_equal(got, want[k]);
    }
}

static void test_person(void **state)
{
    (void)state;
    one_row o;
    import_person p;
    read_row(&o, IMPORT_PERSONS,
             "family_name_kana,external_id,family_name,birth_date,sex,household_external_id,"
             "relation\nヤマダ,p1,山田,令和元年5月1日,女,h1,mother\n");
    import_read_person(&o.f, &p, &o.pr);
    assert_string_equal(problems(&o), "");
    assert_string_equal(p.external_id, "p1");
    assert_string_equal(p.family_name, "山田");
    assert_null(p.given_name);
    assert_string_equal(p.birth_date, "2019-05-01");
    assert_string_equal(p.sex, "female");
    assert_string_equal(p.household_external_id, "h1");
    assert_string_equal(p.relation, "mother");
    csv_reader_free(&o.reader);

    read_row(&o, IMPORT_PERSONS,
             "external_id,family_name,family_name_kana,birth_date,sex,household_external_id\n"
             "p2,,カナ,令和2年2月30日,x,h1\n");
    import_read_person(&o.f, &p, &o.pr);
    assert_string_equal(problems(&o),
                        "family_name: 必須の項目が空です\n"
                        "birth_date: 存在しない日付です\n"
                        "sex: female, male, unknown（または 女, 男）で指定してください\n"
                        "relation: 世帯を指定するときは続柄も指定してください");
    csv_reader_free(&o.reader);

    /* An era year 0, a month 13, 平成32年: refused; an empty birth date is none. */
    static const char *const bad[] = {"R0.1.1", "2024-13-01", "平成32年1月1日"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[200];
        snprintf(text, sizeof text,
                 "external_id,family_name,family_name_kana,birth_date\nx,a,ア,%s\n", bad[i]);
        read_row(&o, IMPORT_PERSONS, text);
        import_read_person(&o.f, &p, &o.pr);
        assert_int_equal(o.pr.count, 1);
        assert_string_equal(o.pr.items[0].column, "birth_date");
        csv_reader_free(&o.reader);
    }
    read_row(&o, IMPORT_PERSONS, "external_id,family_name,family_name_kana,birth_date\nx,a,ア,\n");
    import_read_person(&o.f, &p, &o.pr);
    assert_int_equal(o.pr.count, 0);
    assert_string_equal(p.birth_date, "");
    csv_reader_free(&o.reader);
}

static void test_pregnancy_answers(void **state)
{
    (void)state;
    one_row o;
    import_pregnancy g;
    read_row(&o, IMPORT_PREGNANCIES,
             "external_id,mother_external_id,notified_on,weeks_at_notification,multiple,answers,"
             "answers_no\ng1,m1,R6.4.1,11,1,smoking; dv ;,mental_illness\n");
    import_read_pregnancy(&o.f, &g, &o.pr);
    assert_string_equal(problems(&o), "");
    assert_string_equal(g.notified_on, "2024-04-01");
    assert_int_equal(g.weeks, 11);
    assert_true(g.multiple);
    assert_false(g.after_birth);
    assert_int_equal(g.answers[risk_code_index("smoking")], IMPORT_YES);
    assert_int_equal(g.answers[risk_code_index("dv")], IMPORT_YES);
    assert_int_equal(g.answers[risk_code_index("mental_illness")], IMPORT_NO);
    assert_int_equal(g.answers[risk_code_index("single_parent")], IMPORT_UNASKED);
    csv_reader_free(&o.reader);

    read_row(&o, IMPORT_PREGNANCIES,
             "external_id,mother_external_id,notified_on,weeks_at_notification,multiple,answers,"
             "answers_no\ng1,m1,R6.4.1,46,2,dv;foo;young_mother,dv\n");
    import_read_pregnancy(&o.f, &g, &o.pr);
    assert_string_equal(problems(&o),
                        "weeks_at_notification: 0〜45 の整数（週）で指定してください\n"
                        "multiple: 0 か 1 で指定してください\n"
                        "answers: 質問のコードではありません: foo\n"
                        "answers: 自動で判定される項目です（回答できません）: young_mother\n"
                        "answers_no: answers と answers_no の両方、または二度あります: dv");
    csv_reader_free(&o.reader);
}

static void test_report(void **state)
{
    (void)state;
    one_row o;
    import_report r;
    read_row(&o, IMPORT_REPORTS,
             "external_id,kind,received_at,route,abuse_types,child_external_ids,"
             "safety_confirmed_at,closed_on\n"
             "r1,abuse_report,R6.4.1 9:30,police,physical;neglect,c1; c2,"
             "2024-04-02T10:00:00+09:00,令和6年5月1日\n");
    import_read_report(&o.f, &r, &o.pr);
    assert_string_equal(problems(&o), "");
    char at[26];
    date_format_instant_jst(r.received_at, at);
    assert_string_equal(at, "2024-04-01T09:30:00+09:00");
    assert_int_equal(r.abuse_types.count, 2);
    assert_int_equal(r.children.count, 2);
    assert_string_equal(r.children.item[1], "c2");
    assert_true(r.has_safety_confirmed_at);
    assert_string_equal(r.closed_on, "2024-05-01");
    csv_reader_free(&o.reader);

    /* A history the workflow cannot have had, an unknown type, a date without a time. */
    read_row(&o, IMPORT_REPORTS,
             "external_id,kind,received_at,route,abuse_types,child_external_ids,closed_on\n"
             "r2,abuse_report,2024-04-01 10:00,police,hitting,c1,2024-03-01\n");
    import_read_report(&o.f, &r, &o.pr);
    assert_string_equal(
        problems(&o), "abuse_types: 選択肢にない値です: hitting\n"
                      "closed_on: 虐待通告の終結には safety_confirmed_at（現認の日時）も必要です\n"
                      "closed_on: 受付日より前です");
    csv_reader_free(&o.reader);
    read_row(&o, IMPORT_REPORTS,
             "external_id,kind,received_at,route,child_external_ids,safety_confirmed_at\n"
             "r3,consultation,2024-04-01,family,,2024-04-02 10:00\n");
    import_read_report(&o.f, &r, &o.pr);
    assert_int_equal(o.pr.count, 3);
    assert_string_equal(o.pr.items[0].column, "received_at"); /* a date is not an instant */
    assert_string_equal(o.pr.items[1].column, "child_external_ids");
    assert_string_equal(o.pr.items[2].reason, "相談には現認（安全確認）を記録しません");
    csv_reader_free(&o.reader);
}

static void test_visit(void **state)
{
    (void)state;
    one_row o;
    import_visit v;
    read_row(
        &o, IMPORT_VISITS,
        "external_id,person_external_id,kind,on,checkup,attended\nv1,p1,checkup,H31.4.30,4m,0\n");
    import_read_visit(&o.f, &v, &o.pr);
    assert_string_equal(problems(&o), "");
    assert_string_equal(v.on, "2019-04-30");
    assert_string_equal(v.checkup, "4m");
    assert_int_equal(v.attended, 0);
    csv_reader_free(&o.reader);

    read_row(&o, IMPORT_VISITS,
             "external_id,person_external_id,kind,on,checkup,attended\n"
             "v2,p1,newborn_visit,2024/4/1,4m,0\n");
    import_read_visit(&o.f, &v, &o.pr);
    assert_string_equal(problems(&o), "checkup: こんにちは赤ちゃん訪問には指定しません\n"
                                      "attended: 未受診（0）は健診だけです");
    csv_reader_free(&o.reader);
    read_row(&o, IMPORT_VISITS, "external_id,person_external_id,kind,on\nv3,p1,checkup,2024/4/1\n");
    import_read_visit(&o.f, &v, &o.pr);
    assert_string_equal(problems(&o), "checkup: 健診の種類（4m, 18m, 3y）が必要です");
    assert_int_equal(v.attended, -1);
    assert_string_equal(import_external_id(IMPORT_VISITS, &o.f), "v3");
    csv_reader_free(&o.reader);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_and_columns),
        cmocka_unit_test(test_person),
        cmocka_unit_test(test_pregnancy_answers),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_visit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
