/* Concurrent histories and their linearizability check against the model (sim/search/history.h). */
#include "sim/search/history.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/cases/check.h"
#include "sim/drivers/session.h"
#include "sim/text/strbuf.h"

#define DEFAULT_MAX_STATES 10000000u
#define DEFAULT_TIME_LIMIT_MS 60000
#define NUSERS 4

static const char *const users[NUSERS] = {"root", "alice", "maxroach", "ops"};
static const char *const types[4] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED"};
static const char *const ops_words[3] = {"PAUSE", "RESUME", "CANCEL"};

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static unsigned below(uint64_t *s, unsigned n) {
    return (unsigned)(((jt_splitmix64(s) >> 32) * (uint64_t)n) >> 32);
}

/* ---- the world ----------------------------------------------------------------------- */

/* The fixtures of the world, in order: users, then jobs 1..J. */
static size_t world(jt_fixture *fx, size_t cap, unsigned jobs, int plain_users) {
    size_t n = 0;
    unsigned j;
    JT_ASSERT(cap >= 3 + jobs);
    memset(fx, 0, cap * sizeof *fx);
    fx[n].kind = JT_FIXTURE_USER;
    fx[n].name = "alice";
    fx[n++].admin = 1;
    fx[n].kind = JT_FIXTURE_USER;
    fx[n++].name = "maxroach";
    fx[n].kind = JT_FIXTURE_USER;
    fx[n].name = "ops";
    fx[n++].options = plain_users ? 0 : JT_USER_CONTROLJOB;
    for (j = 1; j <= jobs; j++) {
        fx[n].kind = JT_FIXTURE_JOB;
        fx[n].id = j;
        fx[n].type = types[(j - 1) % 4];
        fx[n].status = "running";
        fx[n++].user = j % 2 ? "root" : "maxroach";
    }
    return n;
}

/* The SQL of one session's operations, drawn from the seed. */
static int draw_ops(jt_hist_op *ops, const jt_history_config *cfg, unsigned session) {
    uint64_t s = cfg->seed ^ (0x5851F42D4C957F2DULL * (session + 1));
    unsigned i;
    for (i = 0; i < cfg->ops; i++) {
        jt_hist_op *o = &ops[i];
        unsigned kind = below(&s, 100), a = 1 + below(&s, cfg->jobs), b;
        char sql[160];
        memset(o, 0, sizeof *o);
        o->session = session;
        o->user = users[session % NUSERS];
        if (kind < 45) { /* reads: the status of one job */
            snprintf(sql, sizeof sql, "SELECT status FROM [SHOW JOBS] WHERE job_id = %u", a);
            o->jobs = 1u << (a - 1);
        } else {
            unsigned w = below(&s, 100);
            const char *op = ops_words[w < 45 ? 0 : w < 90 ? 1 : 2]; /* few CANCELs */
            b = 1 + below(&s, cfg->jobs);
            if (kind < 85 || b == a || cfg->singular) {
                snprintf(sql, sizeof sql, "%s JOB %u", op, a);
                o->jobs = 1u << (a - 1);
            } else {
                snprintf(sql, sizeof sql, "%s JOBS VALUES (%u), (%u)", op, a, b);
                o->jobs = 1u << (a - 1) | 1u << (b - 1);
            }
        }
        o->sql = jt_strdup(sql);
        if (!o->sql)
            return JT_ENOMEM;
    }
    return JT_OK;
}

/* ---- recording ----------------------------------------------------------------------- */

typedef struct shared {
    const jt_history_config *cfg;
    /* A driver whose connections have a state each (the model): the world's connection, for
       every session, behind lock. NULL: each session joins the world on a connection of its
       own (jt_session_open_peer). */
    jt_session *conn;
    pthread_mutex_t lock;
} shared;

typedef struct session_run {
    shared *sh;
    unsigned id;
    jt_hist_op *ops;
    int rc;
    jt_error err;
} session_run;

static void *run_session(void *arg) {
    session_run *sr = arg;
    const jt_history_config *cfg = sr->sh->cfg;
    jt_session *conn = sr->sh->conn;
    unsigned i;
    if (!conn && (sr->rc = jt_session_open_peer(&conn, cfg->session, &sr->err)) < 0)
        return NULL;
    for (i = 0; i < cfg->ops && sr->rc == JT_OK; i++) {
        jt_hist_op *o = &sr->ops[i];
        jt_result res;
        memset(&res, 0, sizeof res);
        o->call_ns = now_ns();
        if (sr->sh->conn)
            pthread_mutex_lock(&sr->sh->lock);
        sr->rc = jt_session_exec(conn, o->user, o->sql, &res, &sr->err);
        if (sr->sh->conn)
            pthread_mutex_unlock(&sr->sh->lock);
        o->ret_ns = now_ns();
        if (o->ret_ns <= o->call_ns)
            o->ret_ns = o->call_ns + 1;
        if (sr->rc < 0)
            break;
        o->observed = jt_result_key(&res);
        jt_session_free_result(conn, &res);
        if (!o->observed)
            sr->rc = jt_error_set(&sr->err, JT_ENOMEM, 0, "out of memory");
    }
    if (!sr->sh->conn)
        jt_session_close(conn);
    return NULL;
}

/* ---- the oracle ---------------------------------------------------------------------- */

typedef struct memo_entry {
    uint64_t state;
    uint32_t op; /* index + 1; 0 empty */
    uint8_t ok;
    uint64_t next;
} memo_entry;

typedef struct oracle {
    jt_model *m;
    const jt_profile *p;
    unsigned jobs;
    uint64_t current; /* the statuses the model's jobs have now */
    memo_entry *memo;
    size_t memo_n, memo_cap; /* a power of two */
} oracle;

static uint64_t read_state(const oracle *o) {
    jt_model_status st[JT_HISTORY_MAX_JOBS];
    size_t n = jt_model_statuses(st, JT_HISTORY_MAX_JOBS, o->m), j;
    uint64_t s = 0;
    JT_ASSERT(n == o->jobs);
    for (j = 0; j < n; j++)
        s |= (uint64_t)st[j].status << (4 * j);
    return s;
}

/* Moves the model's jobs to the statuses of state. */
static int set_state(oracle *o, uint64_t state, jt_error *err) {
    unsigned j;
    for (j = 0; j < o->jobs; j++) {
        unsigned want = (unsigned)(state >> (4 * j)) & 15u;
        if (want != ((unsigned)(o->current >> (4 * j)) & 15u)) {
            jt_fixture fx;
            memset(&fx, 0, sizeof fx);
            fx.kind = JT_FIXTURE_JOB;
            fx.id = j + 1;
            fx.status = o->p->status_names[want];
            if (jt_model_fixture(o->m, &fx, err) < 0)
                return err->code;
        }
    }
    o->current = state;
    return JT_OK;
}

static memo_entry *memo_slot(oracle *o, uint64_t state, uint32_t op) {
    size_t h = (size_t)jt_mix64(state ^ ((uint64_t)op << 40)) & (o->memo_cap - 1);
    while (o->memo[h].op && !(o->memo[h].op == op && o->memo[h].state == state))
        h = (h + 1) & (o->memo_cap - 1);
    return &o->memo[h];
}

/* What the model says of op index i (ops[i]) in state: *ok whether it gives the observed
   result, *next the statuses after it. Memoized. */
static int step(oracle *o, const jt_hist_op *ops, size_t i, uint64_t state, int *ok, uint64_t *next,
                jt_error *err) {
    memo_entry *e;
    jt_result res;
    char *key;
    int rc;
    if ((o->memo_n + 1) * 2 > o->memo_cap) {
        size_t cap = o->memo_cap ? o->memo_cap * 2 : 4096, k;
        memo_entry *old = o->memo, *grown = jt_calloc(cap, sizeof *grown);
        if (!grown)
            return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        o->memo = grown;
        k = o->memo_cap;
        o->memo_cap = cap;
        while (k-- > 0)
            if (old[k].op)
                *memo_slot(o, old[k].state, old[k].op) = old[k];
        free(old);
    }
    e = memo_slot(o, state, (uint32_t)i + 1);
    if (e->op) {
        *ok = e->ok;
        *next = e->next;
        return JT_OK;
    }
    rc = set_state(o, state, err);
    if (rc < 0)
        return rc;
    memset(&res, 0, sizeof res);
    rc = jt_model_exec(o->m, ops[i].user, ops[i].sql, &res, err);
    if (rc < 0)
        return rc;
    key = jt_result_key(&res);
    jt_result_dispose(&res);
    if (!key)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    o->current = read_state(o);
    e->state = state;
    e->op = (uint32_t)i + 1;
    e->ok = (uint8_t)(strcmp(key, ops[i].observed) == 0);
    e->next = o->current;
    o->memo_n++;
    free(key);
    *ok = e->ok;
    *next = e->next;
    return JT_OK;
}

/* ---- the search ---------------------------------------------------------------------- */

typedef struct search {
    oracle *o;
    const jt_hist_op *ops;
    const size_t *part; /* indexes into ops of this part, by invocation */
    size_t n, words;
    uint64_t *done; /* the linearized (bit k for part[k]) */
    /* visited (done, state): an open-addressing set of records of words + 1 uint64 */
    uint64_t *seen;
    size_t seen_n, seen_cap;
    uint64_t states, max_states;
    int64_t deadline_ns;
    size_t best; /* the most operations linearized at once */
} search;

static uint64_t hash_node(const search *x, const uint64_t *done, uint64_t state) {
    uint64_t h = jt_mix64(state + 0x9e37);
    size_t w;
    for (w = 0; w < x->words; w++)
        h = jt_mix64(h ^ done[w]);
    return h;
}

/* Adds (done, state) to the visited set: 1 when it was new, 0 when seen, <0 out of memory. */
static int visit(search *x, uint64_t state) {
    size_t rec = x->words + 1, h, w;
    uint64_t *slot;
    if ((x->seen_n + 1) * 2 > x->seen_cap) {
        size_t cap = x->seen_cap ? x->seen_cap * 2 : 1024, k;
        uint64_t *old = x->seen, *grown = jt_calloc(cap * rec, sizeof *grown);
        if (!grown)
            return JT_ENOMEM;
        k = x->seen_cap;
        x->seen = grown;
        x->seen_cap = cap;
        while (k-- > 0) {
            uint64_t *r = &old[k * rec];
            if (r[x->words] == 0)
                continue;
            h = (size_t)hash_node(x, r, r[x->words] - 1) & (cap - 1);
            while (x->seen[h * rec + x->words])
                h = (h + 1) & (cap - 1);
            memcpy(&x->seen[h * rec], r, rec * sizeof *r);
        }
        free(old);
    }
    h = (size_t)hash_node(x, x->done, state) & (x->seen_cap - 1);
    for (;; h = (h + 1) & (x->seen_cap - 1)) {
        slot = &x->seen[h * rec];
        if (slot[x->words] == 0)
            break;
        if (slot[x->words] == state + 1) {
            for (w = 0; w < x->words && slot[w] == x->done[w]; w++)
                ;
            if (w == x->words)
                return 0;
        }
    }
    memcpy(slot, x->done, x->words * sizeof *slot);
    slot[x->words] = state + 1; /* 0 marks an empty slot */
    x->seen_n++;
    return 1;
}

/* 1 when the operations not in done can all be linearized from state, 0 when not, 2 when the
   bounds are passed (nothing is known), negative on an error. */
static int dfs(search *x, uint64_t state, size_t depth, jt_error *err) {
    int64_t min_ret = INT64_MAX;
    size_t k;
    int rc;
    if (depth == x->n)
        return 1;
    if (depth > x->best)
        x->best = depth;
    if (++x->states > x->max_states || ((x->states & 1023u) == 0 && now_ns() > x->deadline_ns)) {
        return 2;
    }
    for (k = 0; k < x->n; k++)
        if (!(x->done[k / 64] >> (k % 64) & 1u) && x->ops[x->part[k]].ret_ns < min_ret)
            min_ret = x->ops[x->part[k]].ret_ns;
    for (k = 0; k < x->n; k++) {
        const jt_hist_op *op = &x->ops[x->part[k]];
        uint64_t next;
        int ok;
        if (x->done[k / 64] >> (k % 64) & 1u)
            continue;
        if (op->call_ns >= min_ret)
            break; /* by invocation: no later one can come next either */
        rc = step(x->o, x->ops, x->part[k], state, &ok, &next, err);
        if (rc < 0)
            return rc;
        if (!ok)
            continue;
        x->done[k / 64] |= (uint64_t)1 << (k % 64);
        rc = visit(x, next);
        if (rc < 0) {
            x->done[k / 64] &= ~((uint64_t)1 << (k % 64));
            return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        }
        if (rc == 1) {
            rc = dfs(x, next, depth + 1, err);
            if (rc != 0) {
                x->done[k / 64] &= ~((uint64_t)1 << (k % 64));
                return rc;
            }
        }
        x->done[k / 64] &= ~((uint64_t)1 << (k % 64));
    }
    return 0;
}

/* ---- checking a history -------------------------------------------------------------- */

static size_t find_root(size_t *parent, size_t j) {
    while (parent[j] != j)
        j = parent[j] = parent[parent[j]];
    return j;
}

static const jt_hist_op *sort_ops; /* for qsort: one check at a time */

static int by_call(const void *a, const void *b) {
    const jt_hist_op *x = &sort_ops[*(const size_t *)a], *y = &sort_ops[*(const size_t *)b];
    if (x->call_ns != y->call_ns)
        return x->call_ns < y->call_ns ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Prints a part's operations (the evidence of a violation). */
static void explain(FILE *out, const jt_hist_op *ops, const size_t *part, size_t n, size_t best,
                    int64_t t0) {
    size_t k;
    if (!out)
        return;
    fprintf(out,
            "no order of these %zu operations, consistent with real time, gives every observed "
            "result on the model (the search linearized at most %zu of them):\n",
            n, best);
    for (k = 0; k < n && k < 60; k++) {
        const jt_hist_op *o = &ops[part[k]];
        char shown[200];
        size_t i, w = 0;
        for (i = 0; o->observed[i] && w + 1 < sizeof shown; i++)
            shown[w++] = o->observed[i] == '\x1f' || o->observed[i] == '\x1e' ? ' '
                         : o->observed[i] == '\x1d'                           ? '~'
                                                                              : o->observed[i];
        shown[w] = '\0';
        fprintf(out, "  [%9.3f ms .. %9.3f ms] session %u (%s): %s  ->  %s\n",
                (double)(o->call_ns - t0) / 1e6, (double)(o->ret_ns - t0) / 1e6, o->session,
                o->user, o->sql, shown);
    }
    if (n > 60)
        fprintf(out, "  … %zu more\n", n - 60);
}

/* The first of jobs whose bit is set in mask, or jobs when none. */
static size_t first_job(uint64_t mask, size_t jobs) {
    size_t first = 0;
    while (first < jobs && !(mask >> first & 1u))
        first++;
    return first;
}

/* The parts: jobs that an operation touches together are one part (union-find in parent).
   The earliest call, in *t0. */
static void join_parts(size_t *parent, const jt_hist_op *ops, size_t n, size_t jobs, int64_t *t0) {
    size_t i, j;
    for (j = 0; j < jobs; j++)
        parent[j] = j;
    for (i = 0; i < n; i++) {
        size_t first = first_job(ops[i].jobs, jobs);
        for (j = first + 1; j < jobs; j++)
            if (ops[i].jobs >> j & 1u)
                parent[find_root(parent, j)] = find_root(parent, first);
        if (ops[i].call_ns < *t0)
            *t0 = ops[i].call_ns;
    }
}

/* How many parts have operations. */
static size_t count_parts(size_t *parent, const jt_hist_op *ops, size_t n, size_t jobs) {
    size_t i, j, parts = 0;
    for (j = 0; j < jobs; j++) {
        for (i = 0; i < n && find_root(parent, j) == j; i++) {
            size_t first = first_job(ops[i].jobs, jobs);
            if (first < jobs && find_root(parent, first) == j) {
                parts++;
                break;
            }
        }
    }
    return parts;
}

/* Searches one part (part[0 .. np), in call order) for a linearization: 1 found, 0 none (the
   best prefix explained), 2 out of budget, or an error. */
static int search_part(search *x, oracle *o, size_t *part, size_t np, FILE *out, int64_t t0,
                       jt_error *err) {
    int rc;
    free(x->done);
    free(x->seen);
    x->seen = NULL;
    x->seen_n = x->seen_cap = 0;
    x->part = part;
    x->n = np;
    x->words = (np + 63) / 64;
    x->best = 0;
    x->done = jt_calloc(x->words, sizeof *x->done);
    if (!x->done || visit(x, o->current) < 0)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    rc = dfs(x, o->current, 0, err);
    if (rc == 0)
        explain(out, x->ops, part, np, x->best, t0);
    return rc;
}

/* The model of the history's world, its state read. */
static int oracle_open(oracle *o, const jt_profile *p, const jt_history_config *cfg,
                       jt_error *err) {
    jt_fixture fx[3 + JT_HISTORY_MAX_JOBS];
    size_t nfx, i;
    int rc = jt_model_new(&o->m, p, err);
    if (rc < 0)
        return rc;
    o->p = p;
    o->jobs = cfg->jobs;
    nfx = world(fx, sizeof fx / sizeof fx[0], cfg->jobs, cfg->plain_users);
    for (i = 0; i < nfx && rc == JT_OK; i++)
        rc = jt_model_fixture(o->m, &fx[i], err);
    if (rc == JT_OK)
        o->current = read_state(o);
    return rc;
}

int jt_history_check(jt_history_report *rep, const jt_hist_op *ops, size_t n,
                     const jt_history_config *cfg, jt_error *err) {
    const jt_profile *p = jt_profile_find(cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT);
    size_t parent[JT_HISTORY_MAX_JOBS], i, j, *order = NULL, *part = NULL;
    oracle o;
    search x;
    int64_t start = now_ns(), t0 = INT64_MAX;
    int rc = JT_OK, violated = 0, unknown = 0;
    memset(&o, 0, sizeof o);
    memset(&x, 0, sizeof x);
    memset(rep, 0, sizeof *rep);
    rep->ops = n;
    if (!p)
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", cfg->profile);
    if (cfg->jobs < 1 || cfg->jobs > JT_HISTORY_MAX_JOBS)
        return jt_error_set(err, JT_EINVAL, 0, "jobs: expected 1 .. %d", JT_HISTORY_MAX_JOBS);
    if ((rc = oracle_open(&o, p, cfg, err)) < 0)
        goto out;
    join_parts(parent, ops, n, cfg->jobs, &t0);
    order = jt_malloc((n + 1) * sizeof *order);
    part = jt_malloc((n + 1) * sizeof *part);
    if (!order || !part) {
        rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++)
        order[i] = i;
    sort_ops = ops;
    qsort(order, n, sizeof *order, by_call);
    x.o = &o;
    x.ops = ops;
    x.max_states = cfg->max_states ? cfg->max_states : DEFAULT_MAX_STATES;
    x.deadline_ns =
        start +
        (int64_t)(cfg->time_limit_ms ? cfg->time_limit_ms : DEFAULT_TIME_LIMIT_MS) * 1000000;
    rep->parts = count_parts(parent, ops, n, cfg->jobs);
    for (j = 0; j < cfg->jobs && rc == JT_OK && !violated && !unknown; j++) {
        size_t np = 0;
        if (find_root(parent, j) != j)
            continue;
        for (i = 0; i < n; i++) {
            size_t first = first_job(ops[order[i]].jobs, cfg->jobs);
            if (first < cfg->jobs && find_root(parent, first) == j)
                part[np++] = order[i];
        }
        if (np == 0)
            continue;
        rep->searched++;
        rc = search_part(&x, &o, part, np, cfg->out, t0, err);
        violated = rc == 0;
        unknown = rc == 2;
        rc = rc < 0 ? rc : JT_OK;
    }
    rep->states = x.states;
    rep->search_ms = (now_ns() - start) / 1000000;
    rep->verdict = violated ? JT_HIST_VIOLATION : unknown ? JT_HIST_UNKNOWN : JT_HIST_LINEARIZABLE;
out:
    free(x.done);
    free(x.seen);
    free(order);
    free(part);
    free(o.memo);
    jt_model_free(o.m);
    return rc;
}

/* ---- a run --------------------------------------------------------------------------- */

/* The world on the session's connection, from an empty scenario; cfg->plain_users set. */
static int make_world(jt_history_config *cfg, jt_error *err) {
    jt_session *ws = cfg->session;
    jt_fixture fx[3 + JT_HISTORY_MAX_JOBS];
    size_t nfx, i;
    int rc;
    if ((jt_session_caps(ws) & (JT_CAP_FIXTURES | JT_CAP_USERS)) !=
        (JT_CAP_FIXTURES | JT_CAP_USERS))
        return jt_error_set(err, JT_ENOTSUP, 0, "driver %s lacks fixtures or users%s",
                            jt_session_name(ws), jt_session_caps_hint(ws));
    rc = jt_session_restart(ws, err);
    cfg->plain_users = !(jt_session_caps(ws) & JT_CAP_ROLES);
    nfx = world(fx, sizeof fx / sizeof fx[0], cfg->jobs, cfg->plain_users);
    for (i = 0; i < nfx && rc == JT_OK; i++)
        rc = jt_session_fixture(ws, &fx[i], err);
    return rc;
}

/* The sessions' operations, drawn, then run at once, a thread each: ops[0 .. sessions * ops). */
static int record(jt_hist_op *ops, shared *sh, jt_error *err) {
    const jt_history_config *cfg = sh->cfg;
    session_run sr[JT_HISTORY_MAX_SESSIONS];
    pthread_t th[JT_HISTORY_MAX_SESSIONS];
    unsigned k, started = 0;
    int rc = JT_OK;
    for (k = 0; k < cfg->sessions; k++) {
        memset(&sr[k], 0, sizeof sr[k]);
        sr[k].sh = sh;
        sr[k].id = k;
        sr[k].ops = &ops[(size_t)k * cfg->ops];
        rc = draw_ops(sr[k].ops, cfg, k);
        if (rc < 0)
            return jt_error_set(err, rc, 0, "out of memory");
    }
    for (k = 0; k < cfg->sessions; k++) {
        if (pthread_create(&th[k], NULL, run_session, &sr[k]) != 0) {
            rc = jt_error_set(err, JT_EIO, 0, "cannot start the thread of session %u", k);
            break;
        }
        started++;
    }
    for (k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    for (k = 0; k < started && rc == JT_OK; k++)
        if (sr[k].rc < 0)
            rc = jt_error_set(err, sr[k].rc, 0, "session %u (%s): %s", k, users[k % NUSERS],
                              sr[k].err.message);
    return rc;
}

int jt_history_run(jt_history_report *out, const jt_history_config *config, jt_error *err) {
    jt_history_config own = *config, *cfg = &own;
    jt_hist_op *ops = NULL;
    shared sh;
    size_t i, n = 0;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&sh, 0, sizeof sh);
    if (cfg->sessions < 2 || cfg->sessions > JT_HISTORY_MAX_SESSIONS)
        return jt_error_set(err, JT_EINVAL, 0, "--sessions: expected 2 .. %d",
                            JT_HISTORY_MAX_SESSIONS);
    if (cfg->jobs < 1 || cfg->jobs > JT_HISTORY_MAX_JOBS || cfg->ops < 1 ||
        (size_t)cfg->ops * cfg->sessions > JT_HISTORY_MAX_OPS)
        return jt_error_set(err, JT_EINVAL, 0,
                            "a history of 1 .. %d jobs and at most %d operations in all",
                            JT_HISTORY_MAX_JOBS, JT_HISTORY_MAX_OPS);
    rc = make_world(cfg, err);
    if (rc < 0)
        return rc;
    if (!jt_session_shares_state(cfg->session)) {
        sh.conn = cfg->session; /* one connection (one model), behind a lock */
        pthread_mutex_init(&sh.lock, NULL);
    }
    sh.cfg = cfg;
    n = (size_t)cfg->ops * cfg->sessions;
    ops = jt_calloc(n, sizeof *ops);
    rc = ops ? record(ops, &sh, err) : jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (rc == JT_OK)
        rc = jt_history_check(out, ops, n, cfg, err);
    for (i = 0; ops && i < n; i++) {
        free(ops[i].sql);
        free(ops[i].observed);
    }
    free(ops);
    if (sh.conn)
        pthread_mutex_destroy(&sh.lock);
    return rc;
}
