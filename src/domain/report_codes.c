#include "domain/report_codes.h"
#include <stddef.h>

static const vocab_code abuse_types[] = {
    {"physical", "身体的虐待"},
    {"sexual", "性的虐待"},
    {"neglect", "保護の怠慢・拒否（ネグレクト）"},
    {"psychological", "心理的虐待"},
    {NULL, NULL},
};

static const vocab_code perpetrators[] = {
    {"biological_father", "実父"}, {"other_father", "実父以外の父"},
    {"biological_mother", "実母"}, {"other_mother", "実母以外の母"},
    {"other", "その他"},           {NULL, NULL},
};

static const vocab_code routes[] = {
    {"family", "家族"},
    {"relative", "親戚"},
    {"neighbor", "近隣知人"},
    {"child_self", "児童本人"},
    {"welfare_office", "福祉事務所"},
    {"health_center", "保健センター・保健所"},
    {"municipality_other", "市町村その他"},
    {"jisou", "児童相談所"},
    {"nursery", "保育所"},
    {"child_welfare_facility", "児童福祉施設"},
    {"police", "警察等"},
    {"medical", "医療機関"},
    {"kindergarten", "幼稚園"},
    {"school", "学校"},
    {"board_of_education", "教育委員会"},
    {"child_commissioner", "児童委員"},
    {"other", "その他"},
    {NULL, NULL},
};

const vocab report_abuse_types = {"abuse_types", abuse_types};
const vocab report_perpetrators = {"perpetrators", perpetrators};
const vocab report_routes = {"report_routes", routes};

const char *report_abuse_type_label(const char *code)
{
    return vocab_label(&report_abuse_types, code);
}

const char *report_perpetrator_label(const char *code)
{
    return vocab_label(&report_perpetrators, code);
}

const char *report_route_label(const char *code)
{
    return vocab_label(&report_routes, code);
}
