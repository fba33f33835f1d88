/* The bitstate search: depth first in bounded memory, a partial search. See
   sim/search/explore_fast.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/search/explore_fast.h"

#define MAX_FRAMES 1000000 /* the deepest stack: deeper states are not expanded */

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* Sets key's k bits: 1 when one of them was clear (the state is new, or taken for new). */
static int claim(xb_search *b, uint64_t key) {
    uint64_t h = jt_mix64(key), h2 = jt_mix64(key ^ 0x9e3779b97f4a7c15ULL) | 1, mask = b->nbits - 1;
    int i, fresh = 0;
    for (i = 0; i < b->hashes; i++, h += h2) {
        uint64_t at = h & mask, *w = &b->bits[at >> 6], bit = 1ull << (at & 63);
        if (__atomic_load_n(w, __ATOMIC_RELAXED) & bit)
            continue;
        if (!(__atomic_fetch_or(w, bit, __ATOMIC_RELAXED) & bit))
            fresh = 1;
    }
    return fresh;
}

/* Pushes the frame of state key: its transitions counted (count), its successors in the
   thread's own order. */
static int enter(xb_thread *th, uint64_t key, int count) {
    xb_search *b = th->b;
    xb_frame *f;
    unsigned viol = 0;
    size_t n = 0, k;
    uint64_t t;
    if (jt_grow((void **)&th->frames, &th->frames_cap, th->nframes + 1, sizeof *th->frames,
                MAX_FRAMES + 1) < 0 ||
        jt_grow((void **)&th->succ, &th->succ_cap, th->nsucc + b->max_moves, sizeof *th->succ,
                SIZE_MAX) < 0)
        return JT_ENOMEM;
    t = xm_expand(b->m, key, th->succ + th->nsucc, &n, b->max_moves, &viol);
    if (count)
        th->transitions += t;
    for (k = 0; th->t % 2 && k < n / 2; k++) { /* odd threads take the successors backwards */
        uint64_t x = th->succ[th->nsucc + k];
        th->succ[th->nsucc + k] = th->succ[th->nsucc + n - 1 - k];
        th->succ[th->nsucc + n - 1 - k] = x;
    }
    f = &th->frames[th->nframes++];
    *f = (xb_frame){key, th->nsucc, n, 0};
    th->nsucc += n;
    if ((int)th->nframes - 1 > th->maxdepth)
        th->maxdepth = (int)th->nframes - 1;
    if (viol) {
        th->flagged = 1;
        __atomic_store_n(&b->stop, 1, __ATOMIC_RELAXED);
    }
    return JT_OK;
}

/* The next successor of the top frame: claimed, counted, entered unless too deep. */
static int step(xb_thread *th) {
    xb_search *b = th->b;
    xb_frame *f = &th->frames[th->nframes - 1];
    uint64_t s;
    if (f->next == f->n) {
        th->nsucc = f->first;
        th->nframes--;
        return JT_OK;
    }
    s = th->succ[f->first + f->next++];
    if (!claim(b, s))
        return JT_OK;
    if (b->max_states && __atomic_fetch_add(&b->claimed, 1, __ATOMIC_RELAXED) >= b->max_states) {
        __atomic_store_n(&b->full, 1, __ATOMIC_RELAXED);
        __atomic_store_n(&b->stop, 1, __ATOMIC_RELAXED);
        return JT_OK;
    }
    th->states++;
    if (b->depth_bound >= 0 && (int)th->nframes > b->depth_bound)
        return JT_OK; /* s lies deeper than the bound: stored, not expanded */
    if (th->nframes >= MAX_FRAMES) {
        __atomic_store_n(&b->truncated, 1, __ATOMIC_RELAXED);
        return JT_OK;
    }
    return enter(th, s, 1);
}

static void *dfs(void *arg) {
    xb_thread *th = arg;
    while (th->nframes > 0 && !__atomic_load_n(&th->b->stop, __ATOMIC_RELAXED))
        if (step(th) < 0) {
            th->nomem = 1;
            __atomic_store_n(&th->b->stop, 1, __ATOMIC_RELAXED);
        }
    return NULL;
}

int xb_init(xb_search *b, const xm_memo *m, int threads, size_t bytes, int hashes, int depth,
            size_t max_states, jt_error *err) {
    int t;
    memset(b, 0, sizeof *b);
    b->m = m;
    b->threads = threads < 1 ? 1 : threads;
    b->hashes = hashes > 0 ? hashes : 3;
    b->depth_bound = depth;
    b->max_states = max_states;
    b->max_moves = xm_max_moves(m);
    for (b->nbits = 64; b->nbits * 2 <= (uint64_t)bytes * 8; b->nbits *= 2)
        ;
    b->bits = jt_calloc((size_t)(b->nbits / 64), sizeof *b->bits);
    if (!b->bits)
        return nomem(err);
    claim(b, 0); /* the start */
    b->th[0].states = 1;
    b->claimed = 1;
    for (t = 0; t < b->threads; t++) {
        b->th[t].b = b;
        b->th[t].t = t;
        if (enter(&b->th[t], 0, t == 0) < 0)
            return nomem(err);
    }
    return JT_OK;
}

void xb_dispose(xb_search *b) {
    int t;
    free(b->bits);
    for (t = 0; t < JT_EXPLORE_MAX_THREADS; t++) {
        free(b->th[t].frames);
        free(b->th[t].succ);
    }
    memset(b, 0, sizeof *b);
}

/* A thread whose top state is flagged: its keys from the start in *path. */
static int flagged_path(xb_search *b, const uint64_t **path, size_t *npath) {
    int t;
    for (t = 0; t < b->threads; t++) {
        xb_thread *th = &b->th[t];
        size_t k;
        if (!th->flagged)
            continue;
        th->flagged = xm_first_violation(b->m, th->frames[th->nframes - 1].key) != SIZE_MAX;
        if (!th->flagged)
            continue;
        /* the frames' keys, laid out over the successors' room after the stack's */
        if (jt_grow((void **)&th->succ, &th->succ_cap, th->nsucc + th->nframes, sizeof *th->succ,
                    SIZE_MAX) < 0)
            return JT_ENOMEM;
        for (k = 0; k < th->nframes; k++)
            th->succ[th->nsucc + k] = th->frames[k].key;
        *path = th->succ + th->nsucc;
        *npath = th->nframes;
        return 1;
    }
    return 0;
}

int xb_run(xb_search *b, const uint64_t **path, size_t *npath, jt_error *err) {
    int t, r;
    *path = NULL;
    *npath = 0;
    if ((r = flagged_path(b, path, npath)) != 0)
        return r < 0 ? nomem(err) : JT_OK;
    if (b->full)
        return JT_OK;
    b->stop = 0;
    for (t = 1; t < b->threads; t++)
        if (pthread_create(&b->th[t].id, NULL, dfs, &b->th[t]) != 0)
            b->th[t].id = 0;
    dfs(&b->th[0]);
    for (t = 1; t < b->threads; t++)
        if (b->th[t].id)
            pthread_join(b->th[t].id, NULL);
    for (t = 0; t < b->threads; t++)
        if (b->th[t].nomem)
            return nomem(err);
    r = flagged_path(b, path, npath);
    return r < 0 ? nomem(err) : JT_OK;
}

uint64_t xb_states(const xb_search *b) {
    uint64_t n = 0;
    int t;
    for (t = 0; t < b->threads; t++)
        n += b->th[t].states;
    return n;
}

uint64_t xb_transitions(const xb_search *b) {
    uint64_t n = 0;
    int t;
    for (t = 0; t < b->threads; t++)
        n += b->th[t].transitions;
    return n;
}

int xb_depth(const xb_search *b) {
    int t, d = 0;
    for (t = 0; t < b->threads; t++)
        d = b->th[t].maxdepth > d ? b->th[t].maxdepth : d;
    return d;
}

size_t xb_bytes(const xb_search *b) {
    size_t n = (size_t)(b->nbits / 8);
    int t;
    for (t = 0; t < b->threads; t++)
        n += b->th[t].frames_cap * sizeof(xb_frame) + b->th[t].succ_cap * sizeof(uint64_t);
    return n;
}

/* The i-th new state finds its k bits set already with probability (1 - e^(-k i / m))^k;
   the sum of those over the states stored estimates the states missed. */
double xb_coverage(const xb_search *b) {
    double n = (double)xb_states(b), m = (double)b->nbits, k = b->hashes, missed = 0;
    int steps = 4096, s;
    for (s = 0; s < steps; s++) {
        double i = n * (s + 0.5) / steps;
        missed += pow(1 - exp(-k * i / m), k) * n / steps;
    }
    return n > 0 ? n / (n + missed) : 1.0;
}
