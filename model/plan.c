/* The plan cache: statements parsed once by their text (see model/internal/plan.h). */
#include "model/internal/plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/arena.h"

/* Statements kept, and the bytes of their parses, before the cache starts again (empty): a
   bound on its memory whatever a run sends. */
#define PLANS_MAX 16384u
#define PLANS_BYTES (64u << 20)
#define PLANS_SLOTS (2 * PLANS_MAX) /* a power of two: open addressing, half full at most */

typedef struct plan {
    const char *key; /* the text's shape (jt_sql_shape_key), in the arena */
    size_t len;      /* the key's */
    unsigned grammar;
    size_t parsed; /* the bytes of its parse, of a text of parsed_len bytes */
    size_t parsed_len;
    jt_stmt *stmt;
    /* The text it was last run for is shape.src; a text of the same key runs the same tree
       with its integers' values when the shape is reusable. */
    jt_sql_shape shape;
} plan;

/* A slot of the table: the hash beside the plan, so that a probe reads a plan only when its
   hash matches. plan NULL: an empty slot. */
typedef struct plan_slot {
    uint64_t hash;
    plan *plan;
} plan_slot;

struct jt_plans {
    jt_arena arena;   /* every kept statement, its text and its plan */
    plan_slot *slots; /* PLANS_SLOTS: the plans (in the arena) and their hashes */
    size_t n;
    jt_sql_key key; /* the key of the statement being looked up */
};

static void plans_empty(jt_plans *p) {
    jt_arena_dispose(&p->arena);
    jt_arena_init(&p->arena, SIZE_MAX);
    memset(p->slots, 0, PLANS_SLOTS * sizeof *p->slots);
    p->n = 0;
}

static jt_plans *plans_new(void) {
    jt_plans *p = jt_calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->slots = jt_calloc(PLANS_SLOTS, sizeof *p->slots);
    if (!p->slots) {
        free(p);
        return NULL;
    }
    jt_arena_init(&p->arena, SIZE_MAX);
    return p;
}

void jt_plans_free(jt_plans *p) {
    if (!p)
        return;
    jt_arena_dispose(&p->arena);
    free(p->slots);
    jt_sql_key_dispose(&p->key);
    free(p);
}

/* The slot of sql (len bytes, of the key p->key) by a probe of hash: by_text 0, a plan of its
   shape (reusable); by_text 1, one of the very text (not reusable: kept by the text's hash, so
   that the texts of a key that share no tree make no chain); else the empty slot where a plan
   of that hash goes. */
static plan_slot *plans_slot(jt_plans *p, uint64_t hash, const char *sql, size_t len,
                             unsigned grammar, int by_text) {
    const jt_sql_key *k = &p->key;
    size_t mask = PLANS_SLOTS - 1, h = (size_t)hash & mask;
    for (; p->slots[h].plan; h = (h + 1) & mask) {
        const plan *s = p->slots[h].plan;
        if (p->slots[h].hash != hash || s->grammar != grammar || s->shape.reusable == by_text)
            continue;
        if (by_text ? s->shape.len == len && memcmp(s->shape.src, sql, len) == 0
                    : s->len == k->len && memcmp(s->key, k->text, k->len) == 0)
            break;
    }
    return &p->slots[h];
}

/* Parses sql into the cache's arena within the statement's limit; on success keeps its plan
   (of the key p->key) in the slot of its shape, or of its text (text_hash) when the shape is
   not reusable. *parsed: the bytes of its parse. */
static int plans_parse(jt_plans *p, uint64_t text_hash, const char *sql, size_t len,
                       unsigned grammar, size_t *parsed, int *over, jt_sqlerr *e) {
    jt_arena *a = &p->arena;
    size_t before = a->total;
    jt_sql_shape shape;
    jt_stmt *st = NULL;
    plan_slot *slot;
    plan *pl;
    int rc;
    a->limit = before + JT_LIMIT_STATEMENT_MEMORY;
    a->over = 0;
    memset(&shape, 0, sizeof shape);
    rc = jt_sql_parse_shaped(&st, a, sql, grammar, e, &shape);
    *over = a->over;
    *parsed = a->total - before;
    a->limit = SIZE_MAX;
    a->over = 0;
    if (rc)
        return rc;
    /* kept in the arena after the parse's bytes were counted */
    rc = jt_sql_shape_keep(&shape, &p->key, a);
    pl = jt_arena_alloc(a, sizeof *pl);
    if (rc != JT_OK || !pl || !(pl->key = jt_arena_strndup(a, p->key.text, p->key.len)))
        return JT_ENOMEM;
    pl->shape = shape;
    pl->len = p->key.len;
    pl->grammar = grammar;
    pl->parsed = *parsed;
    pl->parsed_len = len;
    pl->stmt = st;
    if (shape.reusable)
        slot = plans_slot(p, p->key.hash, sql, len, grammar, 0);
    else
        slot = plans_slot(p, text_hash, sql, len, grammar, 1);
    slot->hash = shape.reusable ? p->key.hash : text_hash;
    slot->plan = pl;
    p->n++;
    return JT_OK;
}

int jt_plans_get(jt_plans **plans, const char *sql, unsigned grammar, jt_stmt **out, size_t *parsed,
                 int *over, jt_sqlerr *e) {
    jt_plans *p = *plans;
    size_t len = strlen(sql);
    plan_slot *slot;
    plan *pl;
    int rc;
    *over = 0;
    *parsed = 0;
    if (!p && !(p = *plans = plans_new()))
        return JT_ENOMEM;
    if ((rc = jt_sql_shape_key(&p->key, sql, len)) != JT_OK)
        return rc;
    slot = plans_slot(p, p->key.hash, sql, len, grammar, 0);
    if (!slot->plan) {
        uint64_t text_hash = jt_hash_bytes(JT_HASH_START, sql, len);
        slot = plans_slot(p, text_hash, sql, len, grammar, 1);
        if (!slot->plan) {
            if (p->n >= PLANS_MAX || p->arena.total >= PLANS_BYTES)
                plans_empty(p);
            rc = plans_parse(p, text_hash, sql, len, grammar, parsed, over, e);
            if (rc)
                return rc;
            slot = plans_slot(p, p->key.hash, sql, len, grammar, 0);
            if (!slot->plan)
                slot = plans_slot(p, text_hash, sql, len, grammar, 1);
        }
    }
    pl = slot->plan;
    if ((pl->shape.len != len || memcmp(pl->shape.src, sql, len) != 0) &&
        (rc = jt_sql_shape_apply(&pl->shape, sql, len, &p->key, &p->arena)) != JT_OK)
        return rc;
    *out = pl->stmt;
    /* a text of other lengths: its parse would copy each digit twice (the text, the token) */
    *parsed =
        pl->parsed + 2 * len > 2 * pl->parsed_len ? pl->parsed + 2 * len - 2 * pl->parsed_len : 0;
    return JT_OK;
}
