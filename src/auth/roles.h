/* The seven roles and the one table of who may do what. */
#ifndef TSUNAGU_AUTH_ROLES_H
#define TSUNAGU_AUTH_ROLES_H

#include "domain/section.h"
#include "domain/vocab.h"

#include <stdbool.h>

typedef enum role {
    ROLE_NONE = -1,
    ROLE_DIRECTOR,    /* センター長 */
    ROLE_COORDINATOR, /* 統括支援員 */
    ROLE_HEALTH,      /* 保健師・助産師等 */
    ROLE_WELFARE,     /* 児童福祉担当 */
    ROLE_CLERK,       /* 受付・事務 */
    ROLE_PARTNER,     /* 要対協の関係機関 */
    ROLE_ADMIN,       /* システム管理 */
    ROLE_COUNT
} role;

/* What a request needs. Later issues add theirs here and a row in roles.c. */
typedef enum permission {
    PERM_NONE,        /* any signed-in user */
    PERM_PERSON_READ, /* persons, households, timelines */
    PERM_PERSON_WRITE,
    PERM_AUDIT_READ,
    PERM_USER_ADMIN,     /* accounts */
    PERM_HEALTH_READ,    /* pregnancies, screenings, visits, alerts, settings (read) */
    PERM_HEALTH_WRITE,   /* record them */
    PERM_SETTINGS_WRITE, /* the risk table, screening thresholds: the director */
    PERM_REPORT_CREATE,  /* take a call: the intake of a report or consultation */
    PERM_REPORT_READ,    /* reports (clerks: without investigation notes) */
    PERM_REPORT_WRITE,   /* move a report along its workflow */
    /* The reporter (name, contact, intent) is protected (児童虐待防止法 第7条): read by the roles
     * that act on the report; whoever may take a call gets it back in the answer to their own
     * intake, and in no other answer. */
    PERM_REPORTER_READ,
    PERM_REPORTER_READ_OWN_INTAKE,
    /* the notes of a report's investigation steps (clerks read reports without them) */
    PERM_REPORT_NOTES_READ,
    PERM_USER_READ,    /* the list of accounts: admin, and the director who approves them */
    PERM_USER_APPROVE, /* approve a pending account (the two-person rule): the director */
    /* An account of this role starts active even when made through the API: the role reads no
     * case content, so the two-person rule has nothing to guard (admin). */
    PERM_ACTIVE_WITHOUT_APPROVAL,
    /* The joint case (issue 11). Center staff who act on cases read and write cases, plans and
     * conferences; only the director approves a plan; the director and the coordinator manage
     * the 要対協's agencies. A partner reads, through PERM_CASE_PARTNER_VIEW only, the summary
     * of the registered cases shared with its agency, and adds 状況報告 to them. */
    PERM_CASE_READ,
    PERM_CASE_WRITE,
    PERM_PLAN_APPROVE,
    PERM_AGENCY_READ,
    PERM_AGENCY_WRITE,
    PERM_CASE_PARTNER_VIEW,
    PERM_PARTNER_REPORT_WRITE,
    /* mark or unmark a person's address as protected (住所秘匿), and read a protected address */
    PERM_ADDRESS_PROTECT,
    /* the statistics (counts only, no person): the center's staff who act on cases */
    PERM_STATS_READ,
    /* the council's exports of records (persons, reports as CSV): the director and the
     * coordinator who take them to the 要対協; never a partner */
    PERM_COUNCIL_EXPORT,
    /* the CSV import of the old systems' records (interchange.md): director and admin */
    PERM_IMPORT,
    /* possible duplicates decided, two records of one person merged: director and coordinator */
    PERM_PERSON_MERGE,
    /* the on-call roster (当番): add and correct its entries; the director and the coordinator */
    PERM_ONCALL_WRITE,
    PERM_COUNT
} permission;

/* The roles with their Japanese labels, in the enum's order ("roles" in GET /api/v1/meta). */
extern const vocab roles_vocab;

role role_from_code(const char *code); /* ROLE_NONE when unknown */
const char *role_code(role r);
const char *role_label(role r); /* Japanese */
bool role_may(role r, permission p);
/* The section a role works in: health → 母子保健, welfare → 児童福祉; the director and the
 * coordinator (and any other) work for the joint case (SECTION_CASE). A case belongs on the board
 * to its lead's section. */
section role_section(role r);
/* The permission's code as the UI is given it (GET /api/v1/meta: "person_read", …); NULL for
 * one out of range. */
const char *permission_code(permission p);

#endif
