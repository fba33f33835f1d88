/* The plan cache: statements parsed once by their text (see model/internal/plan.h). */
#include "model/internal/plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/arena.h"

/* Statements kept, and the bytes of their parses, before the cache starts again (empty): a
   bound on its memory whatever a run sends. */
#define PLANS_MAX 8192u
#define PLANS_BYTES (64u << 20)
#define PLANS_SLOTS (2 * PLANS_MAX) /* a power of two: open addressing, half full at most */

typedef struct plan {
    uint64_t hash;
    const char *sql; /* in the arena; NULL: an empty slot */
    size_t len;
    unsigned grammar;
    size_t parsed; /* the bytes of its parse */
    jt_stmt *stmt;
} plan;

struct jt_plans {
    jt_arena arena; /* every kept statement and its text */
    plan *slots;    /* PLANS_SLOTS */
    size_t n;
};

static uint64_t hash_text(const char *s, size_t *len) {
    uint64_t h = 1469598103934665603ULL;
    const char *p = s;
    for (; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ULL;
    }
    *len = (size_t)(p - s);
    return h;
}

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
    free(p);
}

/* The slot of sql: its plan, or the empty slot where it goes. */
static plan *plans_slot(jt_plans *p, uint64_t hash, const char *sql, size_t len, unsigned grammar) {
    size_t mask = PLANS_SLOTS - 1, h = (size_t)hash & mask;
    while (p->slots[h].sql) {
        plan *s = &p->slots[h];
        if (s->hash == hash && s->len == len && s->grammar == grammar &&
            memcmp(s->sql, sql, len) == 0)
            return s;
        h = (h + 1) & mask;
    }
    return &p->slots[h];
}

/* Parses sql into the cache's arena within the statement's limit; keeps it in slot. */
static int plans_parse(jt_plans *p, plan *slot, const char *sql, size_t len, unsigned grammar,
                       int *over, jt_sqlerr *e) {
    jt_arena *a = &p->arena;
    size_t before = a->total;
    jt_stmt *st = NULL;
    char *text;
    int rc;
    a->limit = before + JT_LIMIT_STATEMENT_MEMORY;
    a->over = 0;
    rc = jt_sql_parse(&st, a, sql, grammar, e);
    *over = a->over;
    slot->parsed = a->total - before;
    a->limit = SIZE_MAX;
    a->over = 0;
    if (rc)
        return rc;
    text = jt_arena_strndup(a, sql, len);
    if (!text)
        return JT_ENOMEM;
    slot->sql = text;
    slot->len = len;
    slot->grammar = grammar;
    slot->stmt = st;
    p->n++;
    return JT_OK;
}

int jt_plans_get(jt_plans **plans, const char *sql, unsigned grammar, jt_stmt **out, size_t *parsed,
                 int *over, jt_sqlerr *e) {
    jt_plans *p = *plans;
    size_t len;
    uint64_t hash = hash_text(sql, &len);
    plan *slot;
    int rc;
    *over = 0;
    *parsed = 0;
    if (!p && !(p = *plans = plans_new()))
        return JT_ENOMEM;
    slot = plans_slot(p, hash, sql, len, grammar);
    if (!slot->sql) {
        if (p->n >= PLANS_MAX || p->arena.total >= PLANS_BYTES) {
            plans_empty(p);
            slot = plans_slot(p, hash, sql, len, grammar);
        }
        slot->hash = hash;
        rc = plans_parse(p, slot, sql, len, grammar, over, e);
        if (rc) {
            *parsed = slot->parsed;
            memset(slot, 0, sizeof *slot);
            return rc;
        }
    }
    *out = slot->stmt;
    *parsed = slot->parsed;
    return JT_OK;
}
