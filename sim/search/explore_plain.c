/* The plain search: breadth first, every transition run through the session in the whole state
   (the oracle sets the session up in each state afresh). Slow; the reference the memoised
   search's counts are checked against. See sim/search/explore.h. */
#include <stdlib.h>
#include <string.h>

#include "sim/search/explore_search.h"

#define NO_PARENT UINT32_MAX

/* A state reached: its jobs' local states packed, and how it was first reached. */
typedef struct node {
    uint64_t key;
    uint32_t parent;
    uint16_t action;
    uint16_t depth;
} node;

typedef struct plain {
    xs_run *x;
    xw_oracle o;
    int bits; /* of a job in a key */
    node *nodes;
    size_t n, cap;
    uint32_t *table; /* index + 1 of nodes, open addressing */
    size_t tcap;
} plain;

static int nomem(plain *p) {
    return jt_error_set(p->x->err, JT_ENOMEM, 0, "out of memory");
}

static uint64_t pack(const plain *p, const uint8_t *st) {
    uint64_t k = 0;
    int j;
    for (j = p->x->w.J - 1; j >= 0; j--)
        k = k << p->bits | st[j];
    return k;
}

static void unpack(const plain *p, uint64_t k, uint8_t *st) {
    int j;
    for (j = 0; j < p->x->w.J; j++, k >>= p->bits)
        st[j] = (uint8_t)(k & ((1u << p->bits) - 1));
}

static int grow_table(plain *p) {
    size_t ncap = p->tcap ? p->tcap * 2 : 1024, i, h;
    uint32_t *t = jt_calloc(ncap, sizeof *t);
    if (!t)
        return nomem(p);
    for (i = 0; i < p->n; i++) {
        for (h = (size_t)jt_mix64(p->nodes[i].key) & (ncap - 1); t[h]; h = (h + 1) & (ncap - 1))
            ;
        t[h] = (uint32_t)(i + 1);
    }
    free(p->table);
    p->table = t;
    p->tcap = ncap;
    return JT_OK;
}

/* Adds the state st reached from parent by action (NO_PARENT: the start) unless known. */
static int visit(plain *p, const uint8_t *st, uint32_t parent, size_t act) {
    const jt_explore_config *cfg = p->x->cfg;
    uint64_t key;
    size_t h;
    node *nd;
    int j;
    for (j = 0; j < p->x->w.J; j++)
        if (st[j] >> p->bits)
            return jt_error_set(p->x->err, JT_ELIMIT, 0,
                                "--jobs %d: a job has more than %d states here", p->x->w.J,
                                1 << p->bits);
    key = pack(p, st);
    if ((p->n + 1) * 2 > p->tcap && grow_table(p) < 0)
        return JT_ENOMEM;
    for (h = (size_t)jt_mix64(key) & (p->tcap - 1); p->table[h]; h = (h + 1) & (p->tcap - 1))
        if (p->nodes[p->table[h] - 1].key == key)
            return JT_OK;
    if (p->n >= (cfg->max_states ? cfg->max_states : JT_EXPLORE_MAX_STATES) ||
        p->n >= UINT32_MAX - 1) {
        p->x->full = 1; /* a bound, as --depth is */
        return JT_OK;
    }
    if (jt_grow((void **)&p->nodes, &p->cap, p->n + 1, sizeof *p->nodes, UINT32_MAX - 1) < 0)
        return nomem(p);
    nd = &p->nodes[p->n];
    nd->key = key;
    nd->parent = parent;
    nd->action = (uint16_t)act;
    nd->depth = parent == NO_PARENT ? 0 : (uint16_t)(p->nodes[parent].depth + 1);
    if (nd->depth > p->x->rep->depth)
        p->x->rep->depth = nd->depth;
    p->table[h] = (uint32_t)(++p->n);
    return JT_OK;
}

/* The violation of action ai from state i: its trace checked. 1 when confirmed. */
static int violation(plain *p, uint32_t i, size_t ai, const xw_obs *obs) {
    size_t *path = jt_calloc((size_t)p->nodes[i].depth + 1, sizeof *path), np = 0, k;
    int rc;
    if (!path)
        return nomem(p);
    for (k = i; p->nodes[k].parent != NO_PARENT; k = p->nodes[k].parent)
        np++;
    k = i;
    for (size_t at = np; at > 0; k = p->nodes[k].parent)
        path[--at] = p->nodes[k].action;
    rc = xs_violation(p->x, path, np, ai, obs);
    free(path);
    return rc;
}

/* Runs every action from state i and checks. 1: a confirmed violation, 0, or a negative
   JT_E.... */
static int expand(plain *p, uint32_t i) {
    const xw_world *w = &p->x->w;
    uint8_t st[JT_EXPLORE_MAX_JOBS];
    size_t ai;
    int rc = JT_OK;
    unpack(p, p->nodes[i].key, st);
    for (ai = 0; ai < w->nacts && rc == JT_OK; ai++) {
        int check = w->acts[ai].kind == XW_CHECK;
        xw_obs obs;
        rc = xw_observe(&p->o, ai, st, &obs);
        if (rc == JT_OK && obs.enabled && !check) {
            p->x->rep->transitions++;
            rc = visit(p, obs.after, i, ai);
        }
        if (rc == JT_OK && obs.viol != JT_INV_NONE)
            rc = violation(p, i, ai, &obs);
        xw_obs_dispose(&obs);
    }
    return rc;
}

int xs_plain(xs_run *x) {
    const jt_explore_config *cfg = x->cfg;
    uint8_t start[JT_EXPLORE_MAX_JOBS];
    plain p;
    size_t i;
    int rc;
    memset(&p, 0, sizeof p);
    p.x = x;
    p.bits = x->w.J <= 16 ? 4 : 3;
    xw_oracle_init(&p.o, &x->w, x->s, x->err);
    memset(start, 0, sizeof start);
    rc = visit(&p, start, NO_PARENT, 0);
    for (i = 0; rc == JT_OK && i < p.n; i++) {
        if (cfg->depth >= 0 && p.nodes[i].depth >= cfg->depth)
            x->unexpanded++;
        else
            rc = expand(&p, (uint32_t)i);
    }
    x->rep->states = p.n;
    x->rep->memory = p.cap * sizeof *p.nodes + p.tcap * sizeof *p.table;
    x->rep->store = "hash table";
    free(p.nodes);
    free(p.table);
    return rc < 0 ? rc : JT_OK;
}
