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
    size_t len;
    unsigned grammar;
    size_t parsed; /* the bytes of its parse */
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
    char *key; /* room for the key of the statement being looked up */
    size_t key_cap;
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
    free(p->key);
    free(p);
}

/* The slot of sql (of that key): its plan (of its shape, or of the very text when the shape
   is not reusable), or the empty slot where it goes. */
static plan_slot *plans_slot(jt_plans *p, uint64_t hash, const char *key, const char *sql,
                             size_t len, unsigned grammar) {
    size_t mask = PLANS_SLOTS - 1, h = (size_t)hash & mask;
    while (p->slots[h].plan) {
        const plan *s = p->slots[h].plan;
        if (p->slots[h].hash == hash && s->len == len && s->grammar == grammar &&
            memcmp(s->key, key, len) == 0 &&
            (s->shape.reusable || memcmp(s->shape.src, sql, len) == 0))
            return &p->slots[h];
        h = (h + 1) & mask;
    }
    return &p->slots[h];
}

/* Parses sql into the cache's arena within the statement's limit; on success keeps its plan
   (hash, key) in *slot. *parsed: the bytes of its parse. */
static int plans_parse(jt_plans *p, plan_slot *slot, uint64_t hash, const char *sql, size_t len,
                       unsigned grammar, size_t *parsed, int *over, jt_sqlerr *e) {
    jt_arena *a = &p->arena;
    size_t before = a->total;
    jt_sql_shape shape;
    jt_stmt *st = NULL;
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
    pl = jt_arena_alloc(a, sizeof *pl);
    if (pl) {
        pl->shape = shape;
        pl->shape.ints = shape.nints ? jt_arena_alloc(a, shape.nints * sizeof *shape.ints) : NULL;
        pl->key = jt_arena_strndup(a, p->key, len);
    }
    if (!pl || (shape.nints && !pl->shape.ints) || !pl->key) {
        free(shape.ints);
        return JT_ENOMEM;
    }
    if (shape.nints)
        memcpy(pl->shape.ints, shape.ints, shape.nints * sizeof *shape.ints);
    free(shape.ints);
    pl->len = len;
    pl->grammar = grammar;
    pl->parsed = *parsed;
    pl->stmt = st;
    slot->hash = hash;
    slot->plan = pl;
    p->n++;
    return JT_OK;
}

/* The key of sql in p->key, its hash in *hash. */
static int plans_key(jt_plans *p, const char *sql, size_t len, uint64_t *hash) {
    int rc = jt_grow((void **)&p->key, &p->key_cap, len + 1, 1, SIZE_MAX);
    if (rc == JT_OK)
        *hash = jt_sql_shape_key(sql, len, p->key);
    return rc;
}

int jt_plans_get(jt_plans **plans, const char *sql, unsigned grammar, jt_stmt **out, size_t *parsed,
                 int *over, jt_sqlerr *e) {
    jt_plans *p = *plans;
    size_t len = strlen(sql);
    uint64_t hash;
    plan_slot *slot;
    int rc;
    *over = 0;
    *parsed = 0;
    if (!p && !(p = *plans = plans_new()))
        return JT_ENOMEM;
    if ((rc = plans_key(p, sql, len, &hash)) != JT_OK)
        return rc;
    slot = plans_slot(p, hash, p->key, sql, len, grammar);
    if (!slot->plan) {
        if (p->n >= PLANS_MAX || p->arena.total >= PLANS_BYTES) {
            plans_empty(p);
            slot = plans_slot(p, hash, p->key, sql, len, grammar);
        }
        rc = plans_parse(p, slot, hash, sql, len, grammar, parsed, over, e);
        if (rc)
            return rc;
    } else if (memcmp(slot->plan->shape.src, sql, len) != 0) {
        jt_sql_shape_apply(&slot->plan->shape, sql, len);
    }
    *out = slot->plan->stmt;
    *parsed = slot->plan->parsed;
    return JT_OK;
}
