/* The plan cache: statements parsed once by their text (see model/internal/plan.h). */
#include "model/internal/plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/arena.h"

/* Statements kept before the cache starts again (empty), as it does at JT_PLANS_BYTES: a bound
   on its memory whatever a run sends. */
#define PLANS_MAX 16384u
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

/* Whether the cache is to start again before it takes more: its statements or its bytes. */
static int plans_full(const jt_plans *p) {
    return p->n >= PLANS_MAX || p->arena.total >= JT_PLANS_BYTES;
}

size_t jt_plans_bytes(const jt_plans *p) {
    return p ? p->arena.total : 0;
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
   (of the key p->key) in the slot of its shape, or of its text when the shape is not
   reusable, and gives it in *out. *parsed: the bytes of its parse. */
static int plans_parse(jt_plans *p, const char *sql, size_t len, unsigned grammar, size_t *parsed,
                       int *over, jt_sqlerr *e, plan **out) {
    jt_arena *a = &p->arena;
    size_t before = a->total;
    uint64_t hash;
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
    hash = shape.reusable ? p->key.hash : jt_hash_bytes(JT_HASH_START, sql, len);
    slot = plans_slot(p, hash, sql, len, grammar, !shape.reusable);
    slot->hash = hash;
    slot->plan = pl;
    p->n++;
    *out = pl;
    return JT_OK;
}

/* The plan of sql (of the key p->key): of its shape, else of its very text; NULL: none. */
static plan *plans_find(jt_plans *p, const char *sql, size_t len, unsigned grammar) {
    plan_slot *slot = plans_slot(p, p->key.hash, sql, len, grammar, 0);
    if (!slot->plan)
        slot = plans_slot(p, jt_hash_bytes(JT_HASH_START, sql, len), sql, len, grammar, 1);
    return slot->plan;
}

/* The bytes sql's parse would have taken, for a plan of the same shape: a text of other
   lengths copies each of its bytes about twice (the text, the tokens). A fresh parse over
   the statement's limit fails (JT_ENOMEM, *over): so does the plan. */
static int plans_parsed(const plan *pl, size_t len, size_t *parsed, int *over) {
    size_t now = pl->parsed + 2 * len, was = 2 * pl->parsed_len;
    *parsed = now > was ? now - was : 0;
    if (*parsed >= JT_LIMIT_STATEMENT_MEMORY) {
        *parsed = 0;
        *over = 1;
        return JT_ENOMEM;
    }
    return JT_OK;
}

int jt_plans_get(jt_plans **plans, const char *sql, unsigned grammar, jt_stmt **out, size_t *parsed,
                 int *over, jt_sqlerr *e) {
    jt_plans *p = *plans;
    size_t len = strlen(sql);
    plan *pl;
    int rc;
    *over = 0;
    *parsed = 0;
    if (!p && !(p = *plans = plans_new()))
        return JT_ENOMEM;
    if (len > JT_LIMIT_SQL) /* the parser's error (54000), before it takes any memory */
        return jt_sql_parse(out, &p->arena, sql, grammar, e);
    if ((rc = jt_sql_shape_key(&p->key, sql, len)) != JT_OK)
        return rc;
    pl = plans_find(p, sql, len, grammar);
    if (pl && jt_sql_shape_grows(&pl->shape, len) && plans_full(p))
        pl = NULL; /* the text needs more room in a full cache: it starts again (below) */
    if (!pl) {
        if (plans_full(p))
            plans_empty(p);
        if ((rc = plans_parse(p, sql, len, grammar, parsed, over, e, &pl)) != JT_OK)
            return rc;
    }
    if ((pl->shape.len != len || memcmp(pl->shape.src, sql, len) != 0) &&
        (rc = jt_sql_shape_apply(&pl->shape, sql, len, &p->key, &p->arena)) != JT_OK)
        return rc;
    *out = pl->stmt;
    return plans_parsed(pl, len, parsed, over);
}
