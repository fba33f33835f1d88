/* The memoised search: the memo asked of the implementation, then breadth first on packed
   states (explore_fast.c); its verify mode checks each distinct context of the memo in the whole
   state where the search first meets it. See sim/search/explore.h. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim/search/explore_fast.h"
#include "sim/search/explore_search.h"

typedef struct msearch {
    xs_run *x;
    xw_oracle o;
    xm_memo m;
    xf_search f;
} msearch;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The actions between the states keys[0 .. n) of a path: *path (allocated), *np. */
static int actions_of(msearch *ms, const uint64_t *keys, size_t n, size_t **path, size_t *np) {
    size_t k;
    *np = n ? n - 1 : 0;
    *path = jt_calloc(*np + 1, sizeof **path);
    if (!*path)
        return jt_error_set(ms->x->err, JT_ENOMEM, 0, "out of memory");
    for (k = 0; k < *np; k++)
        if (((*path)[k] = xm_action_between(&ms->m, keys[k], keys[k + 1])) == SIZE_MAX)
            return jt_error_set(ms->x->err, JT_EINVAL, 0, "no action between two states of a path");
    return JT_OK;
}

/* A state with a transition (or check) that breaks an invariant: the first such action, run
   again in the whole state, and the path to the state (keys[0 .. nkeys) when given, else found
   breadth first). 1: a confirmed violation, 0: its replay did not show it (its entries are
   ignored from now on), or a negative JT_E.... */
static int on_flagged(msearch *ms, uint64_t key, const uint64_t *keys, size_t nkeys) {
    size_t ai = xm_first_violation(&ms->m, key), *path = NULL, np = 0;
    uint8_t st[JT_EXPLORE_MAX_JOBS];
    xw_obs obs;
    int rc;
    xm_unpack(&ms->m, key, st);
    rc = xw_observe(&ms->o, ai, st, &obs);
    if (rc == JT_OK && obs.viol == JT_INV_NONE) {
        /* the whole state does not show what the context did: the state merged history the
           violation depends on */
        ms->x->rep->unconfirmed++;
        rc = 0;
    } else if (rc == JT_OK) {
        rc = keys ? actions_of(ms, keys, nkeys, &path, &np)
                  : xf_path(&ms->m, key, ms->f.depth, &path, &np, ms->x->err);
        if (rc == JT_OK)
            rc = xs_violation(ms->x, path, np, ai, &obs);
    }
    xw_obs_dispose(&obs);
    free(path);
    if (rc == 0) {
        xm_ignore(&ms->m, key, ai);
        if (xm_summarize(&ms->m) < 0)
            rc = jt_error_set(ms->x->err, JT_ENOMEM, 0, "out of memory");
    }
    return rc;
}

/* Whether the whole state's observation obs of action ai is what the memo said. */
static int same(const xm_memo *m, size_t ai, int enabled, uint64_t next, const xm_entry *e,
                const xw_obs *obs) {
    const xw_action *a = &m->w->acts[ai];
    int j;
    if (obs->enabled != enabled)
        return 0;
    if (!enabled)
        return 1;
    for (j = 0; j < m->w->J; j++)
        if (obs->after[j] >= m->A)
            return 0;
    if (a->kind != XW_CHECK && xm_pack(m, obs->after) != next)
        return 0;
    if (a->kind == XW_STATEMENT &&
        (obs->failed != e->failed || strcmp(obs->sqlstate, e->sqlstate) != 0 ||
         obs->count != e->count))
        return 0;
    if (ai == m->w->advance)
        return (obs->viol != JT_INV_NONE) == (e && e->viol != JT_INV_NONE);
    return obs->viol == e->viol;
}

/* The message of a context the whole state contradicts. */
static int contradiction(msearch *ms, size_t ai, const uint8_t *st, uint64_t next,
                         const xm_entry *e, const xw_obs *obs) {
    const xw_world *w = &ms->x->w;
    const xw_action *a = &w->acts[ai];
    char s0[JT_MESSAGE_MAX], s1[JT_MESSAGE_MAX], s2[JT_MESSAGE_MAX];
    uint8_t memo_after[JT_EXPLORE_MAX_JOBS];
    xm_unpack(&ms->m, next, memo_after);
    xw_describe(w, st, s0, sizeof s0);
    xw_describe(w, obs->after, s1, sizeof s1);
    xw_describe(w, memo_after, s2, sizeof s2);
    return jt_error_set(
        ms->x->err, JT_EDRIVER, 0,
        "--verify: %s%s%s from %s: the implementation gives %s%s (%s %s, %s), "
        "the memo %s%s (%s %s, %s)",
        a->sql ? a->sql : "a step", a->sql ? " as " : "", a->sql ? w->users[a->user].name : "", s0,
        obs->enabled ? "" : "nothing ", s1, obs->failed ? "error" : "ok", obs->sqlstate,
        jt_invariant_name(obs->viol), e && e->enabled ? "" : "nothing ", s2,
        e && e->failed ? "error" : "ok", e ? e->sqlstate : "", jt_invariant_name(e ? e->viol : 0));
}

/* verify: every action from state key run in the whole state and compared with the memo: each
   distinct context of the memo in every state the search meets it in. */
static int verify_state(void *ctx, uint64_t key) {
    msearch *ms = ctx;
    xm_memo *m = &ms->m;
    uint8_t st[JT_EXPLORE_MAX_JOBS];
    size_t ai;
    int rc = JT_OK;
    xm_unpack(m, key, st);
    for (ai = 0; ai < m->w->nacts && rc == JT_OK; ai++) {
        const xm_entry *e;
        uint64_t next;
        int enabled = xm_successor(m, key, ai, &next, &e);
        xw_obs obs;
        rc = xw_observe(&ms->o, ai, st, &obs);
        if (rc == JT_OK && !same(m, ai, enabled, next, e, &obs))
            rc = contradiction(ms, ai, st, next, e, &obs);
        xw_obs_dispose(&obs);
        if (ai != m->w->advance && !(e->flags & XM_VERIFIED)) {
            ((xm_entry *)e)->flags |= XM_VERIFIED;
            ms->x->rep->verified++;
        }
        ms->x->rep->verified_runs++;
    }
    return rc;
}

/* Level after level until the fixed point, a bound, or a confirmed violation. */
static int levels(msearch *ms) {
    xs_run *x = ms->x;
    size_t n = 1;
    uint64_t min_key = 0;
    int rc = JT_OK, flagged = 0;
    x->rep->states = 1;
    while (n > 0 && rc == JT_OK) {
        if (x->cfg->depth >= 0 && ms->f.depth >= x->cfg->depth) {
            x->unexpanded += ms->f.cur.n;
            break;
        }
        rc = xf_expand(&ms->f, &flagged, &min_key, x->err);
        while (rc == JT_OK && flagged) {
            rc = on_flagged(ms, min_key, NULL, 0);
            if (rc == 0)
                xf_rescan(&ms->f, &flagged, &min_key);
        }
        if (rc == JT_OK)
            rc = xf_next(&ms->f, &n, x->err);
        x->rep->states += n;
    }
    x->rep->depth = ms->f.depth;
    x->rep->transitions = (size_t)xf_transitions(&ms->f);
    x->full = ms->f.full;
    return rc < 0 ? rc : JT_OK;
}

/* The bitstate search, until it is done or finds a confirmed violation. */
static int bitstate(msearch *ms) {
    xs_run *x = ms->x;
    const jt_explore_config *cfg = x->cfg;
    const uint64_t *keys = NULL;
    size_t nkeys = 0;
    xb_search b;
    int rc = xb_init(&b, &ms->m, x->rep->threads, cfg->bitstate_bytes, cfg->bitstate_hashes,
                     cfg->depth, cfg->max_states, x->err);
    while (rc == JT_OK) {
        rc = xb_run(&b, &keys, &nkeys, x->err);
        if (rc != JT_OK || !keys)
            break;
        rc = on_flagged(ms, keys[nkeys - 1], keys, nkeys);
    }
    x->rep->states = (size_t)xb_states(&b);
    x->rep->transitions = (size_t)xb_transitions(&b);
    x->rep->depth = xb_depth(&b);
    x->rep->partial = 1;
    x->rep->coverage = xb_coverage(&b);
    x->rep->store = "bitstate";
    x->rep->memory = xb_bytes(&b);
    x->full = b.full;
    xb_dispose(&b);
    return rc < 0 ? rc : JT_OK;
}

/* The memo's own bytes: its tables and summaries. */
static size_t memo_bytes(const xm_memo *m) {
    size_t b = m->nmoves * sizeof *m->moves + (size_t)m->w->J * (size_t)m->A * 6, i;
    int o;
    for (i = 0; i < m->nslots; i++)
        b += m->slots[i].size * sizeof *m->slots[i].e;
    for (o = 0; o < m->w->owners; o++) {
        size_t c = 1;
        int k;
        for (k = 0; k < m->owners[o].njobs; k++)
            c *= (size_t)m->A;
        b += c * sizeof *m->owners[o].sum;
    }
    return b;
}

static int threads_of(const jt_explore_config *cfg) {
    long n = cfg->threads > 0 ? cfg->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (cfg->mode == JT_EXPLORE_VERIFY || n < 1)
        n = 1;
    return n > JT_EXPLORE_MAX_THREADS ? JT_EXPLORE_MAX_THREADS : (int)n;
}

int xs_memo(xs_run *x) {
    const jt_explore_config *cfg = x->cfg;
    msearch ms;
    double t0 = now_s();
    int rc;
    memset(&ms, 0, sizeof ms);
    ms.x = x;
    xw_oracle_init(&ms.o, &x->w, x->s, x->err);
    rc = xm_build(&ms.m, &x->w, &ms.o);
    x->rep->memo_s = now_s() - t0;
    x->rep->contexts = ms.m.computed;
    x->rep->threads = threads_of(cfg);
    if (rc == JT_OK && !cfg->bitstate_bytes)
        rc = xf_init(&ms.f, &ms.m, x->rep->threads, cfg->max_states,
                     cfg->memory_bytes ? cfg->memory_bytes : (size_t)1 << 30, x->err);
    if (rc == JT_OK && cfg->mode == JT_EXPLORE_VERIFY) {
        ms.f.on_state = verify_state;
        ms.f.ctx = &ms;
    }
    if (rc == JT_OK && cfg->bitstate_bytes) {
        rc = bitstate(&ms);
        x->rep->memory += memo_bytes(&ms.m);
    } else if (rc == JT_OK) {
        rc = levels(&ms);
        x->rep->store = ms.f.bitmap ? "bitmap" : "hash table";
        x->rep->memory = ms.f.peak + memo_bytes(&ms.m);
    }
    xf_dispose(&ms.f);
    xm_dispose(&ms.m);
    return rc;
}
