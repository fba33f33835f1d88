/* The memo of the fast search: the tables asked of the implementation, and their summaries.
   See sim/search/explore_memo.h. */
#include "sim/search/explore_memo.h"

#include <stdlib.h>
#include <string.h>

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* ---- packing --------------------------------------------------------------------------- */

void xm_unpack(const xm_memo *m, uint64_t key, uint8_t *st) {
    int j;
    for (j = 0; j < m->w->J; j++)
        st[j] = (uint8_t)xm_digit(m, key, j);
}

uint64_t xm_pack(const xm_memo *m, const uint8_t *st) {
    uint64_t k = 0;
    int j;
    for (j = m->w->J - 1; j >= 0; j--)
        k = k << m->bits | st[j];
    return k;
}

uint64_t xm_index(const xm_memo *m, uint64_t key) {
    uint64_t idx = 0;
    int j;
    for (j = 0; j < m->w->J; j++)
        idx += xm_digit(m, key, j) * m->pow[j];
    return idx;
}

/* The context of slot sl in state key (its jobs' digits in base A). */
static uint32_t context_of(const xm_memo *m, const xm_slot *sl, uint64_t key) {
    uint32_t c = 0, p = 1;
    int k;
    for (k = 0; k < sl->njobs; k++, p *= (uint32_t)m->A)
        c += xm_digit(m, key, sl->jobs[k]) * p;
    return c;
}

/* ---- the tables ------------------------------------------------------------------------ */

/* The slots: one per action, the clock one per job. */
static int make_slots(xm_memo *m, jt_error *err) {
    xw_world *w = m->w;
    size_t ai, n = 0;
    m->nslots = w->nacts + (w->advance != SIZE_MAX ? (size_t)w->J - 1 : 0);
    m->slots = jt_calloc(m->nslots, sizeof *m->slots);
    m->slot_of = jt_calloc(w->nacts, sizeof *m->slot_of);
    if (!m->slots || !m->slot_of)
        return nomem(err);
    for (ai = 0; ai < w->nacts; ai++) {
        const xw_action *a = &w->acts[ai];
        int j, jobs = a->kind == XW_ADVANCE ? w->J : 1;
        m->slot_of[ai] = n;
        for (j = 0; j < jobs; j++, n++) {
            xm_slot *sl = &m->slots[n];
            sl->action = ai;
            if (a->kind == XW_ADVANCE) {
                sl->jobs[sl->njobs++] = (uint8_t)j;
            } else if (a->job > 0) {
                sl->jobs[sl->njobs++] = (uint8_t)(a->job - 1);
            } else {
                int k;
                for (k = a->owner; k < w->J; k += w->U)
                    sl->jobs[sl->njobs++] = (uint8_t)k;
            }
        }
    }
    return JT_OK;
}

/* Room for the entries of every slot under alphabet A (a single job's: XW_MAX_LOCAL). */
static int size_slots(xm_memo *m, int A, jt_error *err) {
    size_t i;
    for (i = 0; i < m->nslots; i++) {
        xm_slot *sl = &m->slots[i];
        size_t size = 1;
        int k;
        for (k = 0; k < sl->njobs; k++)
            size *= sl->njobs == 1 ? XW_MAX_LOCAL : (size_t)A;
        if (size == sl->size)
            continue;
        if (size > (size_t)UINT32_MAX)
            return jt_error_set(err, JT_ELIMIT, 0,
                                "a bulk statement reads %d jobs of %d states each: too many "
                                "contexts for the memo (fewer jobs, more users, or --plain)",
                                sl->njobs, A);
        free(sl->e);
        sl->e = jt_calloc(size, sizeof *sl->e);
        sl->size = size;
        if (!sl->e)
            return nomem(err);
    }
    return JT_OK;
}

/* The message of an action that changed a job outside its context. */
static int outside(const xm_memo *m, const xm_slot *sl, const uint8_t *st, int j, jt_error *err) {
    const xw_action *a = &m->w->acts[sl->action];
    char s[JT_MESSAGE_MAX];
    xw_describe(m->w, st, s, sizeof s);
    return jt_error_set(err, JT_ENOTSUP, 0,
                        "the memoised search cannot explore this implementation: %s%s%s from %s "
                        "changed job %d, which it does not read (explore it with --plain)",
                        a->sql ? a->sql : "a step of the jobs' own progress", a->sql ? " as " : "",
                        a->sql ? m->w->users[a->user].name : "", s, j + 1);
}

/* Asks for slot sl's entry of context c. */
static int compute(xm_memo *m, xw_oracle *o, xm_slot *sl, uint32_t c, int A) {
    uint8_t st[JT_EXPLORE_MAX_JOBS];
    xm_entry *e = &sl->e[c];
    xw_obs obs;
    uint32_t next = 0, p = 1, x = c;
    int k, j, rc;
    memset(st, 0, sizeof st);
    for (k = 0; k < sl->njobs; k++, x /= (uint32_t)A)
        st[sl->jobs[k]] = (uint8_t)(x % (uint32_t)A);
    rc = xw_observe(o, sl->action, st, &obs);
    xw_obs_dispose(&obs);
    if (rc < 0)
        return rc;
    for (j = 0; j < m->w->J; j++) {
        for (k = 0; k < sl->njobs && sl->jobs[k] != j; k++)
            ;
        if (k == sl->njobs && obs.after[j] != st[j])
            return outside(m, sl, st, j, o->err);
    }
    for (k = 0; k < sl->njobs; k++, p *= (uint32_t)A)
        next += (uint32_t)obs.after[sl->jobs[k]] * p;
    e->next = next;
    e->viol = (uint8_t)obs.viol;
    e->enabled = (uint8_t)obs.enabled;
    e->failed = (uint8_t)obs.failed;
    memcpy(e->sqlstate, obs.sqlstate, sizeof e->sqlstate);
    e->count = obs.count;
    e->flags = XM_COMPUTED;
    m->computed++;
    return JT_OK;
}

/* Every context of the single-job slots, while the local states met grow. */
static int fill_single(xm_memo *m, xw_oracle *o) {
    int ls, rc = JT_OK;
    size_t i;
    for (ls = 0; ls < m->w->nlocal && rc == JT_OK; ls++)
        for (i = 0; i < m->nslots && rc == JT_OK; i++)
            if (m->slots[i].njobs == 1 && !(m->slots[i].e[ls].flags & XM_COMPUTED))
                rc = compute(m, o, &m->slots[i], (uint32_t)ls, XW_MAX_LOCAL);
    return rc;
}

/* Every context of the slots of several jobs under alphabet A; stops when a new local state
   shows (the alphabet grew: the caller starts again). */
static int fill_multi(xm_memo *m, xw_oracle *o, int A) {
    size_t i;
    uint32_t c;
    int rc = JT_OK;
    for (i = 0; i < m->nslots && rc == JT_OK && m->w->nlocal == A; i++) {
        xm_slot *sl = &m->slots[i];
        if (sl->njobs < 2)
            continue;
        for (c = 0; c < sl->size && rc == JT_OK && m->w->nlocal == A; c++)
            if (!(sl->e[c].flags & XM_COMPUTED))
                rc = compute(m, o, sl, c, A);
    }
    return rc;
}

/* Bits of a job in a key, and the dense index's weights. */
static int set_alphabet(xm_memo *m, jt_error *err) {
    xw_world *w = m->w;
    long double total = 1;
    int j;
    m->A = w->nlocal;
    m->bits = m->A <= 2 ? 1 : m->A <= 4 ? 2 : m->A <= 8 ? 3 : 4;
    m->mask = (1u << m->bits) - 1;
    if (m->bits * w->J > 64)
        return jt_error_set(err, JT_ELIMIT, 0,
                            "--jobs %d: a job of profile %s has %d states here (%d bits): at most "
                            "%d jobs",
                            w->J, w->profile->name, m->A, m->bits, 64 / m->bits);
    for (j = 0; j < w->J; j++) {
        m->pow[j] = (uint64_t)total;
        total *= m->A;
    }
    m->dense = total < 18446744073709551615.0L;
    return JT_OK;
}

int xm_build(xm_memo *m, xw_world *w, xw_oracle *o) {
    int rc, A;
    memset(m, 0, sizeof *m);
    m->w = w;
    rc = make_slots(m, o->err);
    do {
        if (rc == JT_OK)
            rc = size_slots(m, w->nlocal, o->err);
        if (rc == JT_OK)
            rc = fill_single(m, o);
        A = w->nlocal;
        if (rc == JT_OK)
            rc = size_slots(m, A, o->err);
        if (rc == JT_OK)
            rc = fill_multi(m, o, A);
    } while (rc == JT_OK && w->nlocal != A);
    if (rc == JT_OK)
        rc = set_alphabet(m, o->err);
    if (rc == JT_OK && xm_summarize(m) < 0)
        rc = nomem(o->err);
    return rc;
}

void xm_dispose(xm_memo *m) {
    size_t i;
    for (i = 0; m->slots && i < m->nslots; i++)
        free(m->slots[i].e);
    free(m->slots);
    free(m->slot_of);
    free(m->job_sum);
    for (i = 0; i < JT_EXPLORE_MAX_USERS; i++)
        free(m->owners[i].sum);
    free(m->adv_next);
    free(m->adv_viol);
    free(m->moves);
    memset(m, 0, sizeof *m);
}

/* ---- one action from a state ----------------------------------------------------------- */

/* The key of state key with slot sl's jobs set to context c. */
static uint64_t with_context(const xm_memo *m, const xm_slot *sl, uint64_t key, uint32_t c) {
    int k;
    for (k = 0; k < sl->njobs; k++, c /= (uint32_t)m->A) {
        int sh = m->bits * sl->jobs[k];
        key = (key & ~(m->mask << sh)) | (uint64_t)(c % (uint32_t)m->A) << sh;
    }
    return key;
}

/* The clock: every job's move from key. */
static int advance_of(const xm_memo *m, uint64_t key, uint64_t *next, const xm_entry **entry) {
    const xm_slot *first = &m->slots[m->slot_of[m->w->advance]];
    int j, moved = 0;
    *next = key;
    *entry = NULL;
    for (j = 0; j < m->w->J; j++) {
        const xm_slot *sl = first + j;
        const xm_entry *e = &sl->e[xm_digit(m, key, j)];
        if (!e->enabled)
            continue;
        moved = 1;
        *next = with_context(m, sl, *next, e->next);
        if (!*entry || (e->viol && !(e->flags & XM_IGNORED) && !(*entry)->viol))
            *entry = e;
    }
    return moved;
}

int xm_successor(const xm_memo *m, uint64_t key, size_t ai, uint64_t *next,
                 const xm_entry **entry) {
    const xm_slot *sl;
    const xm_entry *e;
    if (ai == m->w->advance)
        return advance_of(m, key, next, entry);
    sl = &m->slots[m->slot_of[ai]];
    e = &sl->e[sl->njobs == 1 ? xm_digit(m, key, sl->jobs[0]) : context_of(m, sl, key)];
    *entry = e;
    *next = e->enabled && m->w->acts[ai].kind != XW_CHECK ? with_context(m, sl, key, e->next) : key;
    return e->enabled;
}

size_t xm_first_violation(const xm_memo *m, uint64_t key) {
    size_t ai;
    for (ai = 0; ai < m->w->nacts; ai++) {
        const xm_entry *e;
        uint64_t next;
        if (xm_successor(m, key, ai, &next, &e) && e && e->viol && !(e->flags & XM_IGNORED))
            return ai;
    }
    return SIZE_MAX;
}

void xm_ignore(xm_memo *m, uint64_t key, size_t ai) {
    size_t i, n = ai == m->w->advance ? (size_t)m->w->J : 1;
    for (i = 0; i < n; i++) {
        xm_slot *sl = &m->slots[m->slot_of[ai] + i];
        xm_entry *e =
            &sl->e[sl->njobs == 1 ? xm_digit(m, key, sl->jobs[0]) : context_of(m, sl, key)];
        if (e->viol)
            e->flags |= XM_IGNORED;
    }
}

/* ---- the summaries --------------------------------------------------------------------- */

/* Adds move (dkey, didx) to the moves of sum s unless it has it. */
static int add_move(xm_memo *m, xm_sum *s, uint64_t dkey, uint64_t didx) {
    uint32_t k;
    for (k = 0; k < s->nmoves; k++)
        if (m->moves[s->first + k].dkey == dkey)
            return JT_OK;
    if (jt_grow((void **)&m->moves, &m->moves_cap, m->nmoves + 1, sizeof *m->moves, UINT32_MAX) < 0)
        return JT_ENOMEM;
    if (s->nmoves == 0)
        s->first = (uint32_t)m->nmoves;
    JT_ASSERT(s->first + s->nmoves == m->nmoves && s->nmoves < UINT8_MAX);
    m->moves[m->nmoves++] = (xm_move){dkey, didx};
    s->nmoves++;
    return JT_OK;
}

/* One entry's part in a summary: a transition (when enabled), its move, its violation. */
static int sum_entry(xm_memo *m, xm_sum *s, const xm_slot *sl, const xm_entry *e, uint32_t c,
                     int check) {
    uint64_t dkey = 0, didx = 0;
    uint32_t from = c, to = e->next;
    int k;
    if (!e->enabled)
        return JT_OK;
    if (e->viol && !(e->flags & XM_IGNORED))
        s->viol = 1;
    if (check)
        return JT_OK;
    s->n++;
    if (to == from)
        return JT_OK;
    for (k = 0; k < sl->njobs; k++, from /= (uint32_t)m->A, to /= (uint32_t)m->A) {
        uint64_t d0 = from % (uint32_t)m->A, d1 = to % (uint32_t)m->A;
        int sh = m->bits * sl->jobs[k];
        dkey += (d1 << sh) - (d0 << sh);
        didx += d1 * m->pow[sl->jobs[k]] - d0 * m->pow[sl->jobs[k]];
    }
    return add_move(m, s, dkey, didx);
}

/* Job j in local state ls: the statements that name it, its steps, its check. */
static int sum_job(xm_memo *m, int j, int ls) {
    xm_sum *s = &m->job_sum[(size_t)j * (size_t)m->A + (size_t)ls];
    size_t i;
    int rc = JT_OK;
    memset(s, 0, sizeof *s);
    for (i = 0; i < m->nslots && rc == JT_OK; i++) {
        const xm_slot *sl = &m->slots[i];
        const xw_action *a = &m->w->acts[sl->action];
        if (a->kind != XW_ADVANCE && sl->njobs == 1 && sl->jobs[0] == j && a->job > 0)
            rc = sum_entry(m, s, sl, &sl->e[ls], (uint32_t)ls, a->kind == XW_CHECK);
    }
    return rc;
}

/* Owner o's bulk statements in context c. */
static int sum_owner(xm_memo *m, xm_owner *ow, int o, uint32_t c) {
    xm_sum *s = &ow->sum[c];
    size_t i;
    int rc = JT_OK;
    memset(s, 0, sizeof *s);
    for (i = 0; i < m->nslots && rc == JT_OK; i++) {
        const xm_slot *sl = &m->slots[i];
        const xw_action *a = &m->w->acts[sl->action];
        if (a->kind == XW_STATEMENT && a->job == 0 && a->owner == o)
            rc = sum_entry(m, s, sl, &sl->e[c], c, 0);
    }
    return rc;
}

static int sum_owners(xm_memo *m) {
    int o, k, rc = JT_OK;
    for (o = 0; o < m->w->owners && rc == JT_OK; o++) {
        xm_owner *ow = &m->owners[o];
        size_t size = 1, c;
        ow->njobs = 0;
        for (k = o; k < m->w->J; k += m->w->U) {
            ow->pow[ow->njobs] = (uint32_t)size;
            ow->jobs[ow->njobs++] = (uint8_t)k;
            size *= (size_t)m->A;
        }
        free(ow->sum);
        ow->sum = jt_calloc(size, sizeof *ow->sum);
        if (!ow->sum)
            return JT_ENOMEM;
        for (c = 0; c < size && rc == JT_OK; c++)
            rc = sum_owner(m, ow, o, (uint32_t)c);
    }
    return rc;
}

/* The clock's move of each job in each local state. */
static void sum_advance(xm_memo *m) {
    int j, ls;
    for (j = 0; j < m->w->J; j++) {
        for (ls = 0; ls < m->A; ls++) {
            size_t at = (size_t)j * (size_t)m->A + (size_t)ls;
            const xm_entry *e = NULL;
            m->adv_next[at] = (uint8_t)ls;
            m->adv_viol[at] = 0;
            if (m->w->advance == SIZE_MAX)
                continue;
            e = &m->slots[m->slot_of[m->w->advance] + (size_t)j].e[ls];
            if (!e->enabled)
                continue;
            m->adv_next[at] = (uint8_t)e->next;
            m->adv_viol[at] = e->viol && !(e->flags & XM_IGNORED);
        }
    }
}

int xm_summarize(xm_memo *m) {
    size_t n = (size_t)m->w->J * (size_t)m->A;
    int j, ls, rc = JT_OK;
    m->nmoves = 0;
    if (!m->job_sum) {
        m->job_sum = jt_calloc(n, sizeof *m->job_sum);
        m->adv_next = jt_calloc(n, 1);
        m->adv_viol = jt_calloc(n, 1);
        if (!m->job_sum || !m->adv_next || !m->adv_viol)
            return JT_ENOMEM;
    }
    for (j = 0; j < m->w->J && rc == JT_OK; j++)
        for (ls = 0; ls < m->A && rc == JT_OK; ls++)
            rc = sum_job(m, j, ls);
    if (rc == JT_OK)
        rc = sum_owners(m);
    sum_advance(m);
    return rc;
}

/* ---- a state's transitions from the summaries ------------------------------------------ */

static void add_next(uint64_t *out, size_t *n, size_t cap, uint64_t key) {
    if (*n < cap)
        out[(*n)++] = key;
}

static void moves_of(const xm_memo *m, const xm_sum *s, uint64_t key, uint64_t *out, size_t *n,
                     size_t cap) {
    uint8_t k;
    for (k = 0; k < s->nmoves; k++)
        add_next(out, n, cap, key + m->moves[s->first + k].dkey);
}

uint64_t xm_expand(const xm_memo *m, uint64_t key, uint64_t *out, size_t *n, size_t cap,
                   unsigned *viol) {
    uint64_t count = 0, nk = key;
    int j, o, k, moved = 0;
    *n = 0;
    for (j = 0; j < m->w->J; j++) {
        size_t at = (size_t)j * (size_t)m->A + xm_digit(m, key, j);
        count += m->job_sum[at].n;
        *viol |= m->job_sum[at].viol;
        moves_of(m, &m->job_sum[at], key, out, n, cap);
        if (m->w->advance != SIZE_MAX && m->adv_next[at] != xm_digit(m, key, j)) {
            moved = 1;
            *viol |= m->adv_viol[at];
            nk += ((uint64_t)m->adv_next[at] << (m->bits * j)) -
                  ((uint64_t)xm_digit(m, key, j) << (m->bits * j));
        }
    }
    for (o = 0; o < m->w->owners; o++) {
        const xm_owner *ow = &m->owners[o];
        uint32_t c = 0;
        for (k = 0; k < ow->njobs; k++)
            c += xm_digit(m, key, ow->jobs[k]) * ow->pow[k];
        count += ow->sum[c].n;
        *viol |= ow->sum[c].viol;
        moves_of(m, &ow->sum[c], key, out, n, cap);
    }
    if (moved)
        add_next(out, n, cap, nk);
    return count + (uint64_t)moved;
}

size_t xm_action_between(const xm_memo *m, uint64_t from, uint64_t to) {
    size_t ai;
    for (ai = 0; ai < m->w->first_check; ai++) {
        const xm_entry *e;
        uint64_t next;
        if (xm_successor(m, from, ai, &next, &e) && next == to)
            return ai;
    }
    return SIZE_MAX;
}

size_t xm_max_moves(const xm_memo *m) {
    size_t n = 1;
    int j, o;
    for (j = 0; j < m->w->J; j++) {
        size_t most = 0;
        int ls;
        for (ls = 0; ls < m->A; ls++)
            if (m->job_sum[(size_t)j * (size_t)m->A + (size_t)ls].nmoves > most)
                most = m->job_sum[(size_t)j * (size_t)m->A + (size_t)ls].nmoves;
        n += most;
    }
    for (o = 0; o < m->w->owners; o++)
        n += (size_t)3 * (size_t)m->w->U;
    return n;
}
