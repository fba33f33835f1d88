/* The memoised search's engine: breadth first over packed states on every core. See
   sim/search/explore_fast.h. */
#include "sim/search/explore_fast.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK 1024 /* states a thread takes at a time */

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* ---- the visited states ---------------------------------------------------------------- */

/* Claims key (dense index idx) in the bitmap: 1 when it was new. */
static inline int claim_bit(xf_search *s, uint64_t idx) {
    uint64_t *w = &s->bitmap[idx >> 6], b = 1ull << (idx & 63);
    if (__atomic_load_n(w, __ATOMIC_RELAXED) & b)
        return 0;
    return !(__atomic_fetch_or(w, b, __ATOMIC_RELAXED) & b);
}

static int shard_grow(xf_shard *sh) {
    size_t cap = sh->cap ? sh->cap * 2 : 1024, i;
    uint64_t *t = jt_calloc(cap, sizeof *t);
    if (!t)
        return JT_ENOMEM;
    for (i = 0; i < sh->cap; i++) {
        size_t h;
        if (!sh->slot[i])
            continue;
        for (h = (size_t)jt_mix64(sh->slot[i] - 1) & (cap - 1); t[h]; h = (h + 1) & (cap - 1))
            ;
        t[h] = sh->slot[i];
    }
    free(sh->slot);
    sh->slot = t;
    sh->cap = cap;
    return JT_OK;
}

/* Claims key in the shards: 1 when it was new, 0, or JT_ENOMEM. */
static int claim_hash(xf_search *s, uint64_t key) {
    uint64_t h0 = jt_mix64(key);
    xf_shard *sh = &s->shards[h0 >> 56];
    size_t h;
    int r = 1;
    pthread_mutex_lock(&sh->lock);
    if ((sh->n + 1) * 2 > sh->cap && shard_grow(sh) < 0) {
        pthread_mutex_unlock(&sh->lock);
        return JT_ENOMEM;
    }
    for (h = (size_t)h0 & (sh->cap - 1); sh->slot[h]; h = (h + 1) & (sh->cap - 1))
        if (sh->slot[h] == key + 1) {
            r = 0;
            break;
        }
    if (r) {
        sh->slot[h] = key + 1;
        sh->n++;
    }
    pthread_mutex_unlock(&sh->lock);
    return r;
}

static int push(xf_queue *q, uint64_t key) {
    if (q->n == q->cap && jt_grow((void **)&q->v, &q->cap, q->n + 1, sizeof *q->v, SIZE_MAX) < 0)
        return JT_ENOMEM;
    q->v[q->n++] = key;
    return JT_OK;
}

/* Visits state key (dense index idx) from thread t: a new one joins t's next queue. */
static inline void visit(xf_search *s, int t, uint64_t key, uint64_t idx) {
    int r = s->bitmap ? claim_bit(s, idx) : claim_hash(s, key);
    if (r == 0)
        return;
    if (r < 0 ||
        (s->max_states && __atomic_fetch_add(&s->states, 1, __ATOMIC_RELAXED) >= s->max_states)) {
        if (r < 0)
            __atomic_store_n(&s->nomem, 1, __ATOMIC_RELAXED);
        else
            __atomic_store_n(&s->full, 1, __ATOMIC_RELAXED);
        return;
    }
    if (push(&s->next[t], key) < 0)
        __atomic_store_n(&s->nomem, 1, __ATOMIC_RELAXED);
}

/* ---- expanding a state ----------------------------------------------------------------- */

static inline void visit_moves(xf_search *s, int t, const xm_sum *sum, uint64_t key, uint64_t idx) {
    const xm_move *mv = &s->m->moves[sum->first];
    uint8_t k;
    for (k = 0; k < sum->nmoves; k++)
        visit(s, t, key + mv[k].dkey, idx + mv[k].didx);
}

/* The virtual clock from key: 1 transition when a job moves. */
static unsigned expand_advance(xf_search *s, int t, uint64_t key, uint64_t idx, unsigned *viol) {
    const xm_memo *m = s->m;
    uint64_t nk = key, ni = idx;
    int j, moved = 0;
    for (j = 0; j < m->w->J; j++) {
        size_t at = (size_t)j * (size_t)m->A;
        unsigned d = xm_digit(m, key, j), d1 = m->adv_next[at + d];
        if (d1 == d)
            continue;
        moved = 1;
        *viol |= m->adv_viol[at + d];
        nk += ((uint64_t)d1 << (m->bits * j)) - ((uint64_t)d << (m->bits * j));
        ni += d1 * m->pow[j] - d * m->pow[j];
    }
    if (moved)
        visit(s, t, nk, ni);
    return (unsigned)moved;
}

/* Every transition of state key from the summaries: its count; *viol when one (or a check)
   breaks an invariant. */
static uint64_t expand_one(xf_search *s, int t, uint64_t key, unsigned *viol) {
    const xm_memo *m = s->m;
    uint64_t idx = s->bitmap ? xm_index(m, key) : 0, n = 0;
    int j, o, k;
    for (j = 0; j < m->w->J; j++) {
        const xm_sum *sum = &m->job_sum[(size_t)j * (size_t)m->A + xm_digit(m, key, j)];
        n += sum->n;
        *viol |= sum->viol;
        visit_moves(s, t, sum, key, idx);
    }
    for (o = 0; o < m->w->owners; o++) {
        const xm_owner *ow = &m->owners[o];
        const xm_sum *sum;
        uint32_t c = 0;
        for (k = 0; k < ow->njobs; k++)
            c += xm_digit(m, key, ow->jobs[k]) * ow->pow[k];
        sum = &ow->sum[c];
        n += sum->n;
        *viol |= sum->viol;
        visit_moves(s, t, sum, key, idx);
    }
    if (m->w->advance != SIZE_MAX)
        n += expand_advance(s, t, key, idx, viol);
    return n;
}

typedef struct worker {
    xf_search *s;
    int t;
    int flagged;
    uint64_t min_key;
    pthread_t id;
} worker;

static void *work(void *arg) {
    worker *wk = arg;
    xf_search *s = wk->s;
    size_t start, i, end;
    while ((start = __atomic_fetch_add(&s->at, CHUNK, __ATOMIC_RELAXED)) < s->cur.n) {
        end = start + CHUNK < s->cur.n ? start + CHUNK : s->cur.n;
        for (i = start; i < end; i++) {
            uint64_t key = s->cur.v[i];
            unsigned viol = 0;
            if (s->on_state && (s->hook_rc = s->on_state(s->ctx, key)) < 0)
                return NULL;
            s->transitions[wk->t] += expand_one(s, wk->t, key, &viol);
            if (viol && (!wk->flagged || key < wk->min_key)) {
                wk->flagged = 1;
                wk->min_key = key;
            }
        }
    }
    return NULL;
}

int xf_expand(xf_search *s, int *flagged, uint64_t *min_key, jt_error *err) {
    worker wk[JT_EXPLORE_MAX_THREADS];
    int t, n = s->on_state ? 1 : s->threads, started = 1;
    *flagged = 0;
    s->at = 0;
    memset(wk, 0, sizeof wk);
    for (t = 0; t < n; t++)
        wk[t] = (worker){s, t, 0, 0, 0};
    for (t = 1; t < n; t++, started++)
        if (pthread_create(&wk[t].id, NULL, work, &wk[t]) != 0)
            break; /* the threads started share the level out */
    work(&wk[0]);
    for (t = 1; t < started; t++)
        pthread_join(wk[t].id, NULL);
    for (t = 0; t < n; t++)
        if (wk[t].flagged && (!*flagged || wk[t].min_key < *min_key)) {
            *flagged = 1;
            *min_key = wk[t].min_key;
        }
    if (s->hook_rc < 0)
        return s->hook_rc;
    return s->nomem ? nomem(err) : JT_OK;
}

void xf_rescan(const xf_search *s, int *flagged, uint64_t *min_key) {
    const xm_memo *m = s->m;
    size_t i;
    *flagged = 0;
    for (i = 0; i < s->cur.n; i++) {
        uint64_t key = s->cur.v[i];
        if ((!*flagged || key < *min_key) && xm_first_violation(m, key) != SIZE_MAX) {
            *flagged = 1;
            *min_key = key;
        }
    }
}

/* ---- levels ---------------------------------------------------------------------------- */

static size_t queue_bytes(const xf_search *s) {
    size_t b = s->cur.cap * sizeof *s->cur.v;
    int t;
    for (t = 0; t < JT_EXPLORE_MAX_THREADS; t++)
        b += s->next[t].cap * sizeof *s->next[t].v;
    return b;
}

static size_t visited_bytes(const xf_search *s) {
    size_t b = s->bitmap_words * sizeof *s->bitmap;
    int i;
    for (i = 0; s->shards && i < XF_SHARDS; i++)
        b += s->shards[i].cap * sizeof *s->shards[i].slot;
    return b;
}

int xf_next(xf_search *s, size_t *out, jt_error *err) {
    size_t n = 0, b;
    int t;
    *out = 0;
    b = visited_bytes(s) + queue_bytes(s);
    if (b > s->peak)
        s->peak = b;
    for (t = 0; t < JT_EXPLORE_MAX_THREADS; t++)
        n += s->next[t].n;
    s->cur.n = 0;
    if (n > s->cur.cap) {
        free(s->cur.v);
        s->cur.v = jt_malloc(n * sizeof *s->cur.v);
        s->cur.cap = s->cur.v ? n : 0;
        if (!s->cur.v)
            return nomem(err);
    }
    for (t = 0; t < JT_EXPLORE_MAX_THREADS; t++) {
        if (!s->next[t].n)
            continue; /* a thread that found nothing may have no queue at all */
        memcpy(s->cur.v + s->cur.n, s->next[t].v, s->next[t].n * sizeof *s->cur.v);
        s->cur.n += s->next[t].n;
        s->next[t].n = 0;
    }
    if (n)
        s->depth++;
    *out = n;
    return JT_OK;
}

uint64_t xf_transitions(const xf_search *s) {
    uint64_t n = 0;
    int t;
    for (t = 0; t < JT_EXPLORE_MAX_THREADS; t++)
        n += s->transitions[t];
    return n;
}

int xf_init(xf_search *s, const xm_memo *m, int threads, size_t max_states, size_t memory_max,
            jt_error *err) {
    size_t one;
    int i;
    memset(s, 0, sizeof *s);
    s->m = m;
    s->threads = threads < 1                        ? 1
                 : threads > JT_EXPLORE_MAX_THREADS ? JT_EXPLORE_MAX_THREADS
                                                    : threads;
    s->max_states = max_states;
    if (m->dense && m->pow[m->w->J - 1] <= (uint64_t)memory_max * 8 / (uint64_t)m->A) {
        s->bitmap_words = (size_t)((m->pow[m->w->J - 1] * (uint64_t)m->A + 63) / 64);
        s->bitmap = jt_calloc(s->bitmap_words, sizeof *s->bitmap);
        if (!s->bitmap)
            return nomem(err);
    } else {
        s->shards = jt_calloc(XF_SHARDS, sizeof *s->shards);
        if (!s->shards)
            return nomem(err);
        for (i = 0; i < XF_SHARDS; i++)
            pthread_mutex_init(&s->shards[i].lock, NULL);
    }
    s->depth = -1;
    visit(s, 0, 0, 0); /* the start: every job pending, key 0, index 0 */
    if (s->nomem)
        return nomem(err);
    return xf_next(s, &one, err);
}

void xf_dispose(xf_search *s) {
    int t;
    free(s->bitmap);
    for (t = 0; s->shards && t < XF_SHARDS; t++) {
        free(s->shards[t].slot);
        pthread_mutex_destroy(&s->shards[t].lock);
    }
    free(s->shards);
    free(s->cur.v);
    for (t = 0; t < JT_EXPLORE_MAX_THREADS; t++)
        free(s->next[t].v);
    memset(s, 0, sizeof *s);
}

/* ---- a path to a state ----------------------------------------------------------------- */

typedef struct pnode {
    uint64_t key;
    uint32_t parent;
    uint32_t action;
} pnode;

typedef struct pathfinder {
    pnode *nodes;
    size_t n, cap;
    uint32_t *table; /* index + 1 of nodes */
    size_t tcap;
} pathfinder;

/* Adds key (reached from parent by action) unless known: 0, or JT_ENOMEM. */
static int pf_add(pathfinder *pf, uint64_t key, uint32_t parent, uint32_t action) {
    size_t h;
    if ((pf->n + 1) * 2 > pf->tcap) {
        size_t cap = pf->tcap ? pf->tcap * 2 : 1024, i;
        uint32_t *t = jt_calloc(cap, sizeof *t);
        if (!t)
            return JT_ENOMEM;
        for (i = 0; i < pf->n; i++) {
            for (h = (size_t)jt_mix64(pf->nodes[i].key) & (cap - 1); t[h]; h = (h + 1) & (cap - 1))
                ;
            t[h] = (uint32_t)(i + 1);
        }
        free(pf->table);
        pf->table = t;
        pf->tcap = cap;
    }
    for (h = (size_t)jt_mix64(key) & (pf->tcap - 1); pf->table[h]; h = (h + 1) & (pf->tcap - 1))
        if (pf->nodes[pf->table[h] - 1].key == key)
            return JT_OK;
    if (pf->n >= UINT32_MAX - 1 ||
        jt_grow((void **)&pf->nodes, &pf->cap, pf->n + 1, sizeof *pf->nodes, UINT32_MAX - 1) < 0)
        return JT_ENOMEM;
    pf->nodes[pf->n] = (pnode){key, parent, action};
    pf->table[h] = (uint32_t)(++pf->n);
    return JT_OK;
}

/* The actions from the start to node i. */
static int pf_path(const pathfinder *pf, size_t i, size_t **path, size_t *n) {
    size_t k, len = 0;
    for (k = i; pf->nodes[k].parent != UINT32_MAX; k = pf->nodes[k].parent)
        len++;
    *path = jt_calloc(len + 1, sizeof **path);
    if (!*path)
        return JT_ENOMEM;
    *n = len;
    for (k = i; pf->nodes[k].parent != UINT32_MAX; k = pf->nodes[k].parent)
        (*path)[--len] = pf->nodes[k].action;
    return JT_OK;
}

int xf_path(const xm_memo *m, uint64_t target, int depth, size_t **path, size_t *n, jt_error *err) {
    pathfinder pf;
    size_t lo = 0, hi, i, ai;
    int d, rc;
    memset(&pf, 0, sizeof pf);
    *path = NULL;
    *n = 0;
    rc = pf_add(&pf, 0, UINT32_MAX, 0);
    for (d = 0; rc == JT_OK && d <= depth; d++, lo = hi) {
        for (hi = pf.n, i = lo; i < hi && rc == JT_OK; i++) {
            uint64_t key = pf.nodes[i].key, next;
            if (key == target) {
                rc = pf_path(&pf, i, path, n);
                goto out;
            }
            for (ai = 0; ai < m->w->first_check && rc == JT_OK; ai++) {
                const xm_entry *e;
                if (xm_successor(m, key, ai, &next, &e))
                    rc = pf_add(&pf, next, (uint32_t)i, (uint32_t)ai);
            }
        }
    }
    if (rc == JT_OK)
        rc = jt_error_set(err, JT_EINVAL, 0, "no path to the violation's state");
out:
    free(pf.nodes);
    free(pf.table);
    return rc == JT_ENOMEM ? nomem(err) : rc;
}
