/* Possible duplicates decided and two records merged (person_merges.h). */
#include "service/person_merges.h"

#include "util/random.h"

#include <string.h>

const char *const svc_merge_field_names[SVC_MERGE_FIELDS] = {
    "family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date", "sex",
    "address",     "phone",      "resident_id",      "affiliation"};

/* --- a merged record receives nothing ----------------------------------------------------- */

static svc_result merged_refusal(const char *field)
{
    svc_result r = svc_invalid_transition("統合済みの記録です。統合先の記録を使ってください。");
    r.field = field;
    return r;
}

svc_result svc_person_refuse_merged(const store_person *p, const char *field)
{
    return p->merged_into ? merged_refusal(field) : svc_ok();
}

svc_result svc_person_id_refuse_merged(svc_ctx *ctx, const char *id, const char *field)
{
    char *into = NULL;
    int rc = store_person_merged_into(ctx->db, ctx->pool, id, &into);
    if (rc == STORE_NOT_FOUND)
        return svc_ok();
    if (rc != STORE_OK)
        return svc_from_store(rc);
    return into ? merged_refusal(field) : svc_ok();
}

svc_result svc_person_ids_refuse_merged(svc_ctx *ctx, const char *const *ids, int n,
                                        const char *name)
{
    svc_result r = svc_ok();
    for (int i = 0; i < n && r.status == SVC_OK; i++)
        r = svc_person_id_refuse_merged(ctx, ids[i], pool_printf(ctx->pool, "%s[%d]", name, i));
    return r;
}

/* --- the open pairs ---------------------------------------------------------------------- */

typedef struct pairs {
    svc_ctx *ctx;
    svc_duplicates_page *out;
    int limit;
    bool failed;
} pairs;

static int add_pair(void *arg, const store_duplicate_pair *pair)
{
    pairs *p = arg;
    if (p->out->count == p->limit) {
        p->out->more = true;
        return 1;
    }
    p->out->items[p->out->count++] = *pair;
    p->failed = !svc_audit_read(p->ctx, "person_duplicate", pair->b.id, pair->a.id) ||
                !svc_audit_read(p->ctx, "person_duplicate", pair->a.id, pair->b.id);
    return p->failed;
}

svc_result svc_duplicates_list(svc_ctx *ctx, const svc_duplicates_input *in,
                               svc_duplicates_page *out)
{
    *out = (svc_duplicates_page){0};
    if (!svc_may(ctx, PERM_PERSON_MERGE))
        return svc_forbidden(NULL);
    out->items = pool_zalloc(ctx->pool, sizeof *out->items * (size_t)in->limit);
    pairs p = {.ctx = ctx, .out = out, .limit = in->limit};
    int rc = store_duplicates_open(ctx->db, ctx->pool, in->after_at, in->after_a, in->after_b,
                                   in->limit + 1, add_pair, &p);
    if (rc == STORE_OK && p.failed)
        return svc_error();
    return svc_from_store(rc);
}

svc_result svc_duplicates_distinct(svc_ctx *ctx, const char *id, const char *other)
{
    if (!svc_may(ctx, PERM_PERSON_MERGE))
        return svc_forbidden(NULL);
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = svc_person_id_refuse_merged(ctx, id, "id");
    if (r.status == SVC_OK)
        r = svc_person_id_refuse_merged(ctx, other, "other");
    if (r.status != SVC_OK)
        return svc_end(ctx, r);
    int rc = store_duplicate_decide(ctx->db, id, other, "distinct", ctx->user_id, ctx->now);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "distinct", "person_duplicate", other, id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "distinct", "person_duplicate", id, other);
    return svc_end(ctx, svc_from_store(rc));
}

/* --- the preview ------------------------------------------------------------------------- */

static svc_result read_side(svc_ctx *ctx, const char *id, svc_merge_side *side)
{
    svc_result r = svc_persons_get(ctx, id, &side->record);
    if (r.status != SVC_OK)
        return r;
    return svc_from_store(store_merge_counts(ctx->db, id, side->counts));
}

svc_result svc_merge_preview_get(svc_ctx *ctx, const char *a, const char *b, svc_merge_preview *out)
{
    *out = (svc_merge_preview){.clash = -1};
    if (!svc_may(ctx, PERM_PERSON_MERGE))
        return svc_forbidden(NULL);
    if (strcmp(a, b) == 0)
        return svc_invalid("b", "同じ記録どうしは統合できません。");
    svc_result r = read_side(ctx, a, &out->a);
    if (r.status == SVC_OK)
        r = read_side(ctx, b, &out->b);
    if (r.status == SVC_OK)
        r = svc_from_store(store_merge_clash(ctx->db, a, b, &out->clash));
    return r;
}

/* --- the merge ----------------------------------------------------------------------------- */

/* The survivor's fields after the merge: its own, but those taken from the merged record. */
static void take_fields(store_person *s, const store_person *m, unsigned taken)
{
    char **to[SVC_MERGE_FIELDS] = {&s->family_name,     &s->given_name, &s->family_name_kana,
                                   &s->given_name_kana, &s->birth_date, &s->sex,
                                   &s->address,         &s->phone,      &s->resident_id,
                                   &s->affiliation};
    char *const from[SVC_MERGE_FIELDS] = {m->family_name,     m->given_name, m->family_name_kana,
                                          m->given_name_kana, m->birth_date, m->sex,
                                          m->address,         m->phone,      m->resident_id,
                                          m->affiliation};
    for (int i = 0; i < SVC_MERGE_FIELDS; i++)
        if (taken & (1u << i))
            *to[i] = from[i];
    s->address_protected = s->address_protected || m->address_protected;
}

static char *taken_list(pool *p, unsigned taken)
{
    char *list = "";
    for (int i = 0; i < SVC_MERGE_FIELDS; i++)
        if (taken & (1u << i))
            list = pool_printf(p, "%s%s%s", list, *list ? "," : "", svc_merge_field_names[i]);
    return list;
}

static svc_result check_pair(svc_ctx *ctx, const store_person *s, const store_person *m)
{
    if (s->merged_into || m->merged_into)
        return svc_invalid_transition("統合済みの記録は統合できません。");
    if ((s->address_protected || m->address_protected) && !svc_may(ctx, PERM_ADDRESS_PROTECT))
        return svc_forbidden("住所秘匿の方の記録を統合する権限がありません。");
    int table = -1;
    int rc = store_merge_clash(ctx->db, m->id, s->id, &table);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (table >= 0)
        return svc_invalid_transition(pool_printf(
            ctx->pool, "両方の記録が同じ%sに入っています。先に一方を外してから統合してください。",
            store_merge_table_labels[table]));
    return svc_ok();
}

static int64_t moved_total(const int64_t moved[STORE_MERGE_TABLES])
{
    int64_t n = 0;
    for (int i = 0; i < STORE_MERGE_TABLES; i++)
        n += moved[i];
    return n;
}

static const char *display_name(pool *p, const store_person *x)
{
    return pool_printf(p, "%s%s%s", x->family_name, x->given_name ? " " : "",
                       x->given_name ? x->given_name : "");
}

/* The events and audit rows of the merge, on both records. */
static int record_merge(svc_ctx *ctx, const store_merge *mg, const store_person *s,
                        const store_person *m, const int64_t moved[STORE_MERGE_TABLES])
{
    const char *into =
        pool_printf(ctx->pool, "重複していた記録（%s）を統合しました（%lld件を移しました）",
                    display_name(ctx->pool, m), (long long)moved_total(moved));
    const char *away = pool_printf(ctx->pool, "この記録は %s さんの記録に統合されました",
                                   display_name(ctx->pool, s));
    int rc = svc_add_event(ctx, ctx->now, EVENT_PERSON_MERGED, into, "person_merge", mg->id, s->id);
    if (rc == STORE_OK)
        rc = svc_add_event(ctx, ctx->now, EVENT_PERSON_MERGED, away, "person_merge", mg->id, m->id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "merge", "person_merge", mg->id, s->id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "merge", "person_merge", mg->id, m->id);
    return rc;
}

static svc_result merge(svc_ctx *ctx, const svc_merge_input *in, svc_merge_result *out)
{
    store_person *s = &out->survivor, m;
    int rc = store_person_get(ctx->db, ctx->pool, in->survivor_id, s);
    if (rc == STORE_OK)
        rc = store_person_get(ctx->db, ctx->pool, in->merged_id, &m);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = check_pair(ctx, s, &m);
    if (r.status != SVC_OK)
        return r;
    store_merge *mg = &out->merge;
    char *id = pool_alloc(ctx->pool, RANDOM_ID_LEN + 1);
    random_id(id);
    bool takes_resident_id = (in->taken & SVC_PERSON_RESIDENT_ID) && m.resident_id;
    *mg = (store_merge){.id = id,
                        .survivor_id = s->id,
                        .merged_id = m.id,
                        .at = ctx->now,
                        .by_user = (char *)ctx->user_id,
                        .taken_fields = taken_list(ctx->pool, in->taken),
                        .before = *s,
                        .merged_resident_id = takes_resident_id ? m.resident_id : NULL};
    int64_t version = s->version;
    bool was_protected = s->address_protected;
    take_fields(s, &m, in->taken);
    s->updated_at = ctx->now;
    store_person_keys keys;
    r = svc_person_keys(ctx, s, &keys);
    if (r.status != SVC_OK)
        return r;
    rc = store_merge_insert(ctx->db, mg);
    if (rc == STORE_OK)
        rc = store_merge_move(ctx->db, id, m.id, s->id, out->moved);
    if (rc == STORE_OK) /* first: the resident_id it may give up is the survivor's next */
        rc = store_person_mark_merged(ctx->db, m.id, m.version, s->id, takes_resident_id, ctx->now);
    if (rc == STORE_OK)
        rc = store_person_update(ctx->db, s, version, &keys);
    if (rc == STORE_OK)
        rc = store_duplicates_merge(ctx->db, m.id, s->id, ctx->user_id, ctx->now);
    if (rc == STORE_OK)
        rc = record_merge(ctx, mg, s, &m, out->moved);
    if (rc == STORE_OK && s->address_protected && !was_protected)
        rc = svc_audit_change(ctx, "update", "person_address", s->id, s->id);
    if (rc == STORE_OK)
        s->version = version + 1;
    return svc_from_store(rc);
}

svc_result svc_persons_merge(svc_ctx *ctx, const svc_merge_input *in, svc_merge_result *out)
{
    *out = (svc_merge_result){0};
    if (!svc_may(ctx, PERM_PERSON_MERGE))
        return svc_forbidden(NULL);
    if (strcmp(in->survivor_id, in->merged_id) == 0)
        return svc_invalid("merged_id", "同じ記録どうしは統合できません。");
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = merge(ctx, in, out);
    if (r.status == SVC_OK && !svc_person_address_shown(ctx, &out->survivor, ADDRESS_VIEW_RECORD))
        r = svc_error();
    return svc_end(ctx, r);
}

/* --- the undo ------------------------------------------------------------------------------ */

/* The SVC_PERSON_* flags of a comma-separated list of field names (person_merges.taken_fields). */
static unsigned taken_from_list(const char *list)
{
    unsigned taken = 0;
    for (int i = 0; i < SVC_MERGE_FIELDS; i++) {
        size_t n = strlen(svc_merge_field_names[i]);
        for (const char *p = list; p && (p = strstr(p, svc_merge_field_names[i])) != NULL; p += n)
            if ((p == list || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
                taken |= 1u << i;
    }
    return taken;
}

/* The fields the survivor took back to their values before the merge; the mark stays. */
static svc_result restore_survivor(svc_ctx *ctx, const store_merge *mg, store_person *s)
{
    bool protected_now = s->address_protected;
    store_person before = mg->before;
    take_fields(s, &before, taken_from_list(mg->taken_fields));
    s->address_protected = protected_now;
    s->updated_at = ctx->now;
    store_person_keys keys;
    svc_result r = svc_person_keys(ctx, s, &keys);
    if (r.status != SVC_OK)
        return r;
    int rc = store_person_update(ctx->db, s, s->version, &keys);
    if (rc == STORE_OK)
        s->version++;
    return svc_from_store(rc);
}

/* The merged record live again, with its keys and, when the survivor took it, its resident_id. */
static svc_result revive_merged(svc_ctx *ctx, const store_merge *mg, store_person *m)
{
    if (mg->merged_resident_id)
        m->resident_id = mg->merged_resident_id;
    m->updated_at = ctx->now;
    store_person_keys keys;
    svc_result r = svc_person_keys(ctx, m, &keys);
    if (r.status != SVC_OK)
        return r;
    int rc = store_person_update(ctx->db, m, m->version, &keys);
    if (rc == STORE_OK)
        rc = store_person_unmark_merged(ctx->db, m->id, m->version + 1, mg->survivor_id);
    if (rc == STORE_OK) {
        m->version += 2;
        m->merged_into = NULL;
    }
    return svc_from_store(rc);
}

static int record_undo(svc_ctx *ctx, const store_merge *mg, const store_person *s,
                       const store_person *m)
{
    const char *on_s =
        pool_printf(ctx->pool, "記録の統合を取り消しました（%s さんの記録を分けました）",
                    display_name(ctx->pool, m));
    const char *on_m =
        pool_printf(ctx->pool, "記録の統合を取り消しました（%s さんの記録から分けました）",
                    display_name(ctx->pool, s));
    int rc = store_merge_mark_undone(ctx->db, mg->id, ctx->user_id, ctx->now);
    if (rc == STORE_OK)
        rc = store_duplicate_reopen(ctx->db, s->id, m->id);
    if (rc == STORE_OK)
        rc = svc_add_event(ctx, ctx->now, EVENT_PERSON_MERGED, on_s, "person_merge", mg->id, s->id);
    if (rc == STORE_OK)
        rc = svc_add_event(ctx, ctx->now, EVENT_PERSON_MERGED, on_m, "person_merge", mg->id, m->id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "unmerge", "person_merge", mg->id, s->id);
    if (rc == STORE_OK)
        rc = svc_audit_change(ctx, "unmerge", "person_merge", mg->id, m->id);
    return rc;
}

static svc_result undo(svc_ctx *ctx, const char *merge_id, svc_unmerge_result *out)
{
    store_merge *mg = &out->merge;
    int rc = store_merge_get(ctx->db, ctx->pool, merge_id, mg);
    if (rc == STORE_OK)
        rc = store_person_get(ctx->db, ctx->pool, mg->survivor_id, &out->survivor);
    if (rc == STORE_OK)
        rc = store_person_get(ctx->db, ctx->pool, mg->merged_id, &out->merged);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    if (mg->undone_at)
        return svc_invalid_transition("この統合は取り消し済みです。");
    if (out->survivor.merged_into)
        return svc_invalid_transition(
            "統合先の記録がその後さらに統合されています。先にそちらの統合を取り消してください。");
    if (!out->merged.merged_into || strcmp(out->merged.merged_into, mg->survivor_id) != 0)
        return svc_invalid_transition("この統合は取り消せません。");
    rc = store_merge_undo_rows(ctx->db, mg->id, mg->merged_id, mg->survivor_id);
    if (rc != STORE_OK)
        return svc_from_store(rc);
    svc_result r = restore_survivor(ctx, mg, &out->survivor);
    if (r.status == SVC_OK)
        r = revive_merged(ctx, mg, &out->merged);
    if (r.status == SVC_OK)
        r = svc_from_store(record_undo(ctx, mg, &out->survivor, &out->merged));
    return r;
}

svc_result svc_persons_merge_undo(svc_ctx *ctx, const char *merge_id, svc_unmerge_result *out)
{
    *out = (svc_unmerge_result){0};
    if (!svc_may(ctx, PERM_PERSON_MERGE))
        return svc_forbidden(NULL);
    svc_result r = svc_begin(ctx);
    if (r.status == SVC_OK)
        r = undo(ctx, merge_id, out);
    if (r.status == SVC_OK &&
        (!svc_person_address_shown(ctx, &out->survivor, ADDRESS_VIEW_RECORD) ||
         !svc_person_address_shown(ctx, &out->merged, ADDRESS_VIEW_RECORD)))
        r = svc_error();
    return svc_end(ctx, r);
}
