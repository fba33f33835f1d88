/* jobtck explore: breadth-first search of the model's states, invariants after each step.
   See sim/search/explore.h. */
#include "sim/search/explore.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/profile.h"
#include "sim/cases/case.h"
#include "sim/cases/casewrite.h"
#include "sim/cases/check.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"
#include "sim/text/strbuf.h"

#define NO_PARENT UINT32_MAX
#define SQL_MAX 256
#define PROGRESS_KINDS 3 /* start, succeed, fail */

static const char *const type_names[JT_TY_V21_COUNT] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED",
                                                        "SCHEMA CHANGE"};
static const char *const status_names[JT_ST_V21_COUNT] = {"pending",   "running", "paused",
                                                          "succeeded", "failed",  "canceled"};
static const char *const op_names[JT_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};

static const char *const invariant_names[JT_INV_COUNT] = {
    "none",
    "a non-admin's control statement never succeeds",
    "a SCHEMA CHANGE job is never paused",
    "a terminal status never changes",
    "a failing statement changes nothing",
    "a bulk statement that succeeds equals its singular statements in order",
    "PAUSE then RESUME of a running job gives running",
};

const char *jt_invariant_name(int inv) {
    return inv >= 0 && inv < JT_INV_COUNT ? invariant_names[inv] : "?";
}

static int is_terminal(int status) {
    return status == JT_ST_SUCCEEDED || status == JT_ST_FAILED || status == JT_ST_CANCELED;
}

/* A state reached: the jobs' statuses packed 3 bits each, and how it was first reached. */
typedef struct node {
    uint64_t key;
    uint32_t parent;
    uint16_t action;
    uint16_t depth;
} node;

/* A control statement of the action list. */
typedef struct action {
    uint8_t op;
    uint8_t user;
    uint8_t owner; /* bulk: whose jobs */
    int job;       /* 1 .. J, or 0 for the bulk form */
    char *sql;
    char *selection; /* bulk: the selection alone */
} action;

typedef struct explorer {
    const jt_explore_config *cfg;
    jt_explore_report *rep;
    jt_error *err;
    jt_session *conn; /* the implementation explored: cfg->session */
    int J, U, owners;
    char names[JT_EXPLORE_MAX_USERS][16];
    action *acts;
    size_t nacts; /* statements; progress actions follow them */
    size_t acts_cap;
    int full; /* the state limit was reached */
    node *nodes;
    size_t n, cap;
    uint32_t *table; /* index + 1 of nodes, open addressing */
    size_t tcap;
    jt_model_status snap[JT_EXPLORE_MAX_JOBS];
    /* the violation */
    uint32_t at;   /* its state */
    int at_action; /* the action run in it, or -1 for the PAUSE / RESUME check */
    int at_job;    /* the PAUSE / RESUME check's job */
    size_t resume; /* the step of the state to go on with after an unconfirmed violation */
    /* the first violation whose trace did not replay it, kept while the search goes on */
    int first_inv;
    char first_message[JT_MESSAGE_MAX];
    char *first_text;
    size_t first_records;
    uint8_t expect_after[JT_EXPLORE_MAX_JOBS]; /* BULK: the singular statements' state */
    jt_result expect_res;                      /* BULK: the bulk statement's due result */
    int64_t ids[JT_EXPLORE_MAX_JOBS * 2];      /* BULK: the selection's ids */
    size_t nids;
} explorer;

static int nomem(explorer *x) {
    return jt_error_set(x->err, JT_ENOMEM, 0, "out of memory");
}

static const char *pname(const explorer *x, int u) {
    return x->names[u];
}

static int user_is_admin(int u) {
    return u == 0 || u % 2 == 0;
}

static int job_type(int j) {
    return (j - 1) % JT_TY_V21_COUNT; /* IMPORT, BACKUP, RESTORE, CHANGEFEED, SCHEMA CHANGE */
}

static int job_owner(const explorer *x, int j) {
    return (j - 1) % x->U;
}

static uint64_t pack(const uint8_t *st, int J) {
    uint64_t k = 0;
    int j;
    for (j = J - 1; j >= 0; j--)
        k = k << 3 | st[j];
    return k;
}

static void unpack(uint8_t *st, uint64_t k, int J) {
    int j;
    for (j = 0; j < J; j++, k >>= 3)
        st[j] = (uint8_t)(k & 7);
}

/* ---- the implementation ---------------------------------------------------------------- */

/* The model behind a connection, whose state is read (model/snapshot.c). */
static const jt_model *model_of(const explorer *x, jt_session *conn) {
    return x->cfg->model_of ? x->cfg->model_of(jt_session_conn(conn)) : jt_session_model(conn);
}

/* The statuses of jobs 1 .. J now. */
static int read_state(explorer *x, uint8_t *st) {
    size_t n = jt_model_statuses(x->snap, JT_EXPLORE_MAX_JOBS, model_of(x, x->conn));
    int j;
    if (n != (size_t)x->J)
        return jt_error_set(x->err, JT_EDRIVER, 0, "the model has %zu jobs, expected %d", n, x->J);
    for (j = 0; j < x->J; j++) {
        if (x->snap[j].id != j + 1 || x->snap[j].status >= JT_ST_V21_COUNT)
            return jt_error_set(x->err, JT_EDRIVER, 0, "the model's job %d is not job %lld", j + 1,
                                (long long)x->snap[j].id);
        st[j] = x->snap[j].status;
    }
    return JT_OK;
}

static uint64_t model_hash(const explorer *x) {
    return jt_model_hash(model_of(x, x->conn));
}

static void job_fixture(jt_fixture *fx, int j, int status, const explorer *x, int full) {
    memset(fx, 0, sizeof *fx);
    fx->kind = JT_FIXTURE_JOB;
    fx->id = j;
    fx->type = type_names[job_type(j)];
    fx->status = status_names[status];
    if (full)
        fx->user = pname(x, job_owner(x, j));
}

/* Moves job j to status, as its own progress would. */
static int move(explorer *x, jt_session *conn, int j, int status) {
    jt_fixture fx;
    job_fixture(&fx, j, status, x, 0);
    return jt_session_fixture(conn, &fx, x->err);
}

/* Back to state st: jobs that differ are moved. */
static int go_to(explorer *x, const uint8_t *st) {
    uint8_t now[JT_EXPLORE_MAX_JOBS];
    int j, rc = read_state(x, now);
    for (j = 0; j < x->J && rc == JT_OK; j++)
        if (now[j] != st[j])
            rc = move(x, x->conn, j + 1, st[j]);
    return rc;
}

/* The users and the jobs, all pending, on conn; rendered into sb when not NULL. */
static int setup(explorer *x, jt_session *conn, jt_strbuf *sb) {
    jt_fixture fx;
    int u, j, rc = JT_OK;
    for (u = 1; u < x->U && rc == JT_OK; u++) {
        memset(&fx, 0, sizeof fx);
        fx.kind = JT_FIXTURE_USER;
        fx.name = pname(x, u);
        fx.admin = user_is_admin(u);
        rc = jt_session_fixture(conn, &fx, x->err);
        if (rc == JT_OK && sb)
            rc = jt_casewrite_fixture(sb, &fx) || jt_strbuf_add(sb, "\n", 1);
    }
    for (j = 1; j <= x->J && rc == JT_OK; j++) {
        job_fixture(&fx, j, JT_ST_PENDING, x, 1);
        rc = jt_session_fixture(conn, &fx, x->err);
        if (rc == JT_OK && sb)
            rc = jt_casewrite_fixture(sb, &fx) || jt_strbuf_add(sb, "\n", 1);
    }
    return rc;
}

static int exec(explorer *x, jt_session *conn, int user, const char *sql, jt_result *res) {
    memset(res, 0, sizeof *res);
    return jt_session_exec(conn, pname(x, user), sql, res, x->err);
}

/* ---- states ---------------------------------------------------------------------------- */

/* Adds the state st reached from parent by action (NO_PARENT: the start) unless known. */
static int visit(explorer *x, const uint8_t *st, uint32_t parent, size_t act) {
    uint64_t key = pack(st, x->J);
    size_t mask, h;
    node *nd;
    int rc;
    if ((x->n + 1) * 2 > x->tcap) {
        size_t ncap = x->tcap ? x->tcap * 2 : 1024, i;
        uint32_t *t = jt_calloc(ncap, sizeof *t);
        if (!t)
            return nomem(x);
        for (i = 0; i < x->n; i++) {
            h = (size_t)jt_mix64(x->nodes[i].key) & (ncap - 1);
            while (t[h])
                h = (h + 1) & (ncap - 1);
            t[h] = (uint32_t)(i + 1);
        }
        free(x->table);
        x->table = t;
        x->tcap = ncap;
    }
    mask = x->tcap - 1;
    for (h = (size_t)jt_mix64(key) & mask; x->table[h]; h = (h + 1) & mask)
        if (x->nodes[x->table[h] - 1].key == key)
            return JT_OK;
    if (x->n >= (x->cfg->max_states ? x->cfg->max_states : JT_EXPLORE_MAX_STATES)) {
        x->full = 1; /* a bound, as --depth is */
        return JT_OK;
    }
    rc = jt_grow((void **)&x->nodes, &x->cap, x->n + 1, sizeof *x->nodes, JT_EXPLORE_MAX_STATES);
    if (rc < 0)
        return nomem(x);
    nd = &x->nodes[x->n];
    nd->key = key;
    nd->parent = parent;
    nd->action = (uint16_t)act;
    nd->depth = parent == NO_PARENT ? 0 : (uint16_t)(x->nodes[parent].depth + 1);
    if (nd->depth > x->rep->depth)
        x->rep->depth = nd->depth;
    x->table[h] = (uint32_t)(x->n + 1);
    x->n++;
    return JT_OK;
}

/* ---- the checks ------------------------------------------------------------------------ */

__attribute__((format(printf, 5, 6))) static int violation(explorer *x, int inv, uint32_t at,
                                                           int act, const char *fmt, ...) {
    va_list ap;
    char what[JT_MESSAGE_MAX];
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    x->rep->violation = inv;
    snprintf(x->rep->message, sizeof x->rep->message, "%s", what);
    x->at = at;
    x->at_action = act;
    return 1;
}

static void describe_state(char *buf, size_t size, const uint8_t *st, int J) {
    size_t n = 0;
    int j;
    buf[0] = '\0';
    for (j = 0; j < J && n < size; j++)
        n += (size_t)snprintf(buf + n, size - n, "%s%d:%s", j ? " " : "", j + 1,
                              status_names[st[j]]);
}

/* Checks that need only the states before and after a step. 1: a violation. */
static int check_states(explorer *x, uint32_t at, int act, const uint8_t *before,
                        const uint8_t *after) {
    char b[512], a[512];
    int j;
    for (j = 0; j < x->J; j++) {
        if (job_type(j + 1) == JT_TY_SCHEMA_CHANGE && after[j] == JT_ST_PAUSED) {
            describe_state(b, sizeof b, before, x->J);
            return violation(x, JT_INV_NOSCHEMA, at, act,
                             "job %d (SCHEMA CHANGE) is paused; the state was %s", j + 1, b);
        }
        if (is_terminal(before[j]) && after[j] != before[j]) {
            describe_state(b, sizeof b, before, x->J);
            describe_state(a, sizeof a, after, x->J);
            return violation(x, JT_INV_TERMINAL, at, act, "job %d went from %s to %s: %s -> %s",
                             j + 1, status_names[before[j]], status_names[after[j]], b, a);
        }
    }
    return 0;
}

/* BULK: a's singular statements, in the order its selection gave (x->ids), from state st;
   they must give the bulk's count and state. 1: a violation. */
static int check_bulk(explorer *x, uint32_t at, size_t ai, const uint8_t *st, const jt_result *bulk,
                      const uint8_t *after) {
    const action *a = &x->acts[ai];
    uint8_t single[JT_EXPLORE_MAX_JOBS];
    char sql[SQL_MAX];
    int64_t count = 0;
    size_t k;
    int rc, bad = 0;
    rc = go_to(x, st);
    if (rc < 0)
        return rc;
    jt_result_dispose(&x->expect_res);
    for (k = 0; k < x->nids && !bad; k++) {
        jt_result res;
        snprintf(sql, sizeof sql, "%s JOB %lld", op_names[a->op], (long long)x->ids[k]);
        rc = exec(x, x->conn, a->user, sql, &res);
        if (rc < 0)
            return rc;
        if (res.failed) {
            bad = 1;
            x->expect_res.failed = 1;
            memcpy(x->expect_res.sqlstate, res.sqlstate, sizeof res.sqlstate);
            x->expect_res.message = jt_strdup(res.message ? res.message : "");
            x->expect_res.count = -1;
            jt_session_free_result(x->conn, &res);
            if (!x->expect_res.message)
                return nomem(x);
            break;
        }
        count += res.count;
        jt_session_free_result(x->conn, &res);
    }
    if (bad) {
        memcpy(x->expect_after, st, (size_t)x->J); /* all or nothing */
        violation(x, JT_INV_BULK, at, (int)ai,
                  "%s (as %s) succeeded with count %lld, but its singular statement %s fails: %s",
                  a->sql, pname(x, a->user), (long long)bulk->count, sql, x->expect_res.message);
        return 1;
    }
    rc = read_state(x, single);
    if (rc < 0)
        return rc;
    memcpy(x->expect_after, single, (size_t)x->J);
    x->expect_res.count = count;
    snprintf(x->expect_res.tag, sizeof x->expect_res.tag, "%s JOBS %lld", op_names[a->op],
             (long long)count);
    if (count != bulk->count || memcmp(single, after, (size_t)x->J) != 0) {
        char s1[512], s2[512];
        describe_state(s1, sizeof s1, after, x->J);
        describe_state(s2, sizeof s2, single, x->J);
        violation(x, JT_INV_BULK, at, (int)ai,
                  "%s (as %s) gives count %lld and %s; its %zu singular statements give count "
                  "%lld and %s",
                  a->sql, pname(x, a->user), (long long)bulk->count, s1, x->nids, (long long)count,
                  s2);
        return 1;
    }
    return go_to(x, st);
}

/* The selection of a bulk action, run alone in the current state: x->ids. */
static int select_ids(explorer *x, const action *a, int *failed) {
    jt_result res;
    size_t r;
    int rc = exec(x, x->conn, a->user, a->selection, &res);
    if (rc < 0)
        return rc;
    x->nids = 0;
    *failed = res.failed;
    for (r = 0; !res.failed && r < res.nrows && x->nids < sizeof x->ids / sizeof x->ids[0]; r++)
        if (res.ncols == 1 && res.values[r])
            x->ids[x->nids++] = strtoll(res.values[r], NULL, 10);
    jt_session_free_result(x->conn, &res);
    return JT_OK;
}

/* ---- the search ------------------------------------------------------------------------ */

/* The invariants after statement action ai ran from state i (st) with result res, the jobs
   now in after; *h1 the hash now (changed when a check moved the jobs). 1: a violation. */
static int check_action(explorer *x, uint32_t i, size_t ai, const uint8_t *st, const jt_result *res,
                        const uint8_t *after, uint64_t h0, uint64_t *h1, int sel_failed) {
    const action *a = &x->acts[ai];
    int r;
    if (!user_is_admin(a->user) && !res->failed)
        r = violation(x, JT_INV_PRIVILEGE, i, (int)ai, "%s succeeded as %s, not an admin (%s)",
                      a->sql, pname(x, a->user), res->tag);
    else if (res->failed && *h1 != h0)
        r = violation(x, JT_INV_ATOMIC, i, (int)ai, "%s (as %s) failed (%s) and changed %s", a->sql,
                      pname(x, a->user), res->message ? res->message : "",
                      memcmp(st, after, (size_t)x->J) ? "statuses" : "the jobs' timestamps");
    else
        r = check_states(x, i, (int)ai, st, after);
    if (r == 0 && a->job == 0 && !res->failed) {
        if (sel_failed || !user_is_admin(a->user))
            r = violation(x, JT_INV_BULK, i, (int)ai,
                          "%s (as %s) succeeded but its selection alone fails", a->sql,
                          pname(x, a->user));
        else
            r = check_bulk(x, i, ai, st, res, after);
        *h1 = *h1 + 1; /* the check moved the jobs: the hash is taken again below */
    }
    return r;
}

/* Statement action ai from state i (st, whose hash is *h0). 1: a violation, 0, or a negative
   JT_E.... */
static int step_action(explorer *x, uint32_t i, size_t ai, const uint8_t *st, uint64_t *h0) {
    const action *a = &x->acts[ai];
    uint8_t after[JT_EXPLORE_MAX_JOBS];
    jt_result res;
    uint64_t h1;
    int rc, r, sel_failed = 0;
    x->resume = ai + 1;
    if (a->job == 0 && user_is_admin(a->user) && (rc = select_ids(x, a, &sel_failed)) < 0)
        return rc;
    rc = exec(x, x->conn, a->user, a->sql, &res);
    if (rc < 0)
        return rc;
    x->rep->transitions++;
    rc = read_state(x, after);
    h1 = model_hash(x);
    r = rc < 0 ? rc : check_action(x, i, ai, st, &res, after, *h0, &h1, sel_failed);
    jt_session_free_result(x->conn, &res);
    if (r != 0)
        return r;
    rc = visit(x, after, i, ai);
    if (rc == JT_OK && h1 != *h0) {
        rc = go_to(x, st);
        *h0 = model_hash(x);
    }
    return rc < 0 ? rc : 0;
}

/* The jobs' own progress from state i (st): pending to running, running to succeeded or
   failed. 1: a violation, 0, or a negative JT_E.... */
static int step_progress(explorer *x, uint32_t i, size_t from, const uint8_t *st) {
    uint8_t after[JT_EXPLORE_MAX_JOBS];
    int j, kind, rc, r;
    for (j = 0; j < x->J; j++) {
        for (kind = 0; kind < PROGRESS_KINDS; kind++) {
            int to = kind == 0 ? JT_ST_RUNNING : kind == 1 ? JT_ST_SUCCEEDED : JT_ST_FAILED;
            size_t k = x->nacts + (size_t)(j * PROGRESS_KINDS + kind);
            if (k < from || st[j] != (kind == 0 ? JT_ST_PENDING : JT_ST_RUNNING))
                continue;
            x->resume = k + 1;
            rc = move(x, x->conn, j + 1, to);
            if (rc == JT_OK)
                rc = read_state(x, after);
            if (rc < 0)
                return rc;
            x->rep->transitions++;
            r = check_states(x, i, (int)k, st, after);
            if (r != 0)
                return r;
            rc = visit(x, after, i, k);
            if (rc == JT_OK)
                rc = move(x, x->conn, j + 1, st[j]);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

/* PAUSE then RESUME of each running job of state i (st), as root. 1: a violation, 0, or a
   negative JT_E.... */
static int step_pause_resume(explorer *x, uint32_t i, size_t from, const uint8_t *st) {
    uint8_t after[JT_EXPLORE_MAX_JOBS];
    int j, k, rc;
    for (j = 0; j < x->J; j++) {
        size_t step = x->nacts + (size_t)(x->J * PROGRESS_KINDS + j);
        if (step < from || st[j] != JT_ST_RUNNING)
            continue;
        x->resume = step + 1;
        for (k = 0; k < 2; k++) {
            char sql[SQL_MAX];
            jt_result res;
            snprintf(sql, sizeof sql, "%s JOB %d", k ? "RESUME" : "PAUSE", j + 1);
            rc = exec(x, x->conn, 0, sql, &res);
            if (rc < 0)
                return rc;
            jt_session_free_result(x->conn, &res);
        }
        rc = read_state(x, after);
        if (rc < 0)
            return rc;
        if (after[j] != JT_ST_RUNNING) {
            x->at_job = j + 1;
            return violation(x, JT_INV_PAUSE_RESUME, i, -1,
                             "PAUSE JOB %d then RESUME JOB %d (as root) leave job %d %s", j + 1,
                             j + 1, j + 1, status_names[after[j]]);
        }
        rc = go_to(x, st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Runs every action from state i and checks. 1: a violation, 0, or a negative JT_E.... */
static int expand(explorer *x, uint32_t i, size_t from) {
    uint8_t st[JT_EXPLORE_MAX_JOBS];
    uint64_t h0;
    size_t ai;
    int r;
    unpack(st, x->nodes[i].key, x->J);
    r = go_to(x, st);
    if (r < 0)
        return r;
    h0 = model_hash(x);
    for (ai = from; ai < x->nacts; ai++)
        if ((r = step_action(x, i, ai, st, &h0)) != 0)
            return r;
    r = step_progress(x, i, from, st);
    return r != 0 ? r : step_pause_resume(x, i, from, st);
}

/* ---- the trace ------------------------------------------------------------------------- */

static int add_session(jt_strbuf *sb, const char **session, const char *user) {
    if (strcmp(*session, user) == 0)
        return JT_OK;
    *session = user;
    return jt_strbuf_addf(sb, "user %s\n\n", user);
}

/* Runs action ai on conn and renders it with the result conn gave (or its fixture). */
static int trace_step(explorer *x, jt_session *conn, jt_strbuf *sb, const char **session, size_t ai,
                      uint8_t *st) {
    int rc;
    if (ai >= x->nacts) {
        size_t p = ai - x->nacts;
        int j = (int)(p / PROGRESS_KINDS) + 1, kind = (int)(p % PROGRESS_KINDS);
        int to = kind == 0 ? JT_ST_RUNNING : kind == 1 ? JT_ST_SUCCEEDED : JT_ST_FAILED;
        jt_fixture fx;
        job_fixture(&fx, j, to, x, 0);
        rc = jt_session_fixture(conn, &fx, x->err);
        if (rc == JT_OK)
            rc = jt_casewrite_fixture(sb, &fx);
        st[j - 1] = (uint8_t)to;
    } else {
        const action *a = &x->acts[ai];
        jt_result res;
        rc = add_session(sb, session, pname(x, a->user));
        if (rc == JT_OK)
            rc = exec(x, conn, a->user, a->sql, &res);
        if (rc < 0)
            return rc;
        rc = jt_casewrite_expect(sb, a->sql, &res);
        jt_session_free_result(conn, &res);
    }
    return rc == JT_OK ? jt_strbuf_add(sb, "\n", 1) : rc;
}

/* `query IT` over system.jobs expecting statuses st. */
static int expect_statuses(explorer *x, jt_strbuf *sb, const char **session, const uint8_t *st) {
    int j, rc = add_session(sb, session, "root");
    if (rc == JT_OK)
        rc = jt_strbuf_adds(sb, "query IT\nSELECT id, status FROM system.jobs\n----\n");
    for (j = 0; j < x->J && rc == JT_OK; j++)
        rc = jt_strbuf_addf(sb, "%d %s\n", j + 1, status_names[st[j]]);
    return rc == JT_OK ? jt_strbuf_add(sb, "\n", 1) : rc;
}

static const char *covers_of(int inv) {
    switch (inv) {
    case JT_INV_PRIVILEGE:
        return "PJ-PRIV";
    case JT_INV_NOSCHEMA:
        return "PJ-NOSCHEMA";
    case JT_INV_ATOMIC:
        return "PJ-ATOMIC";
    case JT_INV_BULK:
        return "PJ-BULK";
    case JT_INV_PAUSE_RESUME:
        return "PJ-RESUME";
    default:
        return "PJ-TYPES";
    }
}

/* The records that state the violated invariant, after the trace to state st. */
static int trace_end(explorer *x, jt_session *conn, jt_strbuf *sb, const char **session,
                     uint8_t *st) {
    int inv = x->rep->violation, rc = JT_OK, j;
    const action *a =
        x->at_action >= 0 && (size_t)x->at_action < x->nacts ? &x->acts[x->at_action] : NULL;
    uint8_t before[JT_EXPLORE_MAX_JOBS], now[JT_EXPLORE_MAX_JOBS];
    jt_result res;
    memcpy(before, st, (size_t)x->J);
    rc = jt_strbuf_addf(sb, "# The invariant: %s.\n\n", jt_invariant_name(inv));
    if (rc < 0)
        return rc;
    switch (inv) {
    case JT_INV_PRIVILEGE:
        rc = add_session(sb, session, pname(x, a->user));
        if (rc == JT_OK)
            rc = jt_strbuf_addf(sb, "statement error .*\n%s\n\n", a->sql);
        return rc;
    case JT_INV_BULK:
        rc = add_session(sb, session, pname(x, a->user));
        if (rc == JT_OK)
            rc = jt_casewrite_expect(sb, a->sql, &x->expect_res);
        if (rc == JT_OK)
            rc = jt_strbuf_add(sb, "\n", 1);
        return rc == JT_OK ? expect_statuses(x, sb, session, x->expect_after) : rc;
    case JT_INV_PAUSE_RESUME:
        rc = add_session(sb, session, "root");
        for (j = 0; j < 2 && rc == JT_OK; j++) {
            char sql[SQL_MAX];
            snprintf(sql, sizeof sql, "%s JOB %d", j ? "RESUME" : "PAUSE", x->at_job);
            rc = exec(x, conn, 0, sql, &res);
            if (rc < 0)
                return rc;
            rc = jt_casewrite_expect(sb, sql, &res);
            jt_session_free_result(conn, &res);
            if (rc == JT_OK)
                rc = jt_strbuf_add(sb, "\n", 1);
        }
        if (rc == JT_OK)
            rc = jt_strbuf_addf(sb,
                                "query IT\nSELECT job_id, status FROM [SHOW JOBS] WHERE job_id = "
                                "%d\n----\n%d running\n\n",
                                x->at_job, x->at_job);
        return rc;
    case JT_INV_ATOMIC: {
        static const char *const all = "SELECT * FROM crdb_internal.jobs";
        jt_result was;
        rc = exec(x, conn, 0, all, &was);
        if (rc < 0)
            return rc;
        rc = trace_step(x, conn, sb, session, (size_t)x->at_action, now);
        if (rc == JT_OK)
            rc = add_session(sb, session, "root");
        if (rc == JT_OK)
            rc = jt_casewrite_expect(sb, all, &was);
        jt_session_free_result(conn, &was);
        return rc == JT_OK ? jt_strbuf_add(sb, "\n", 1) : rc;
    }
    default: /* NOSCHEMA, TERMINAL: the step as it went, then the statuses it should leave */
        rc = trace_step(x, conn, sb, session, (size_t)x->at_action, st);
        if (rc < 0)
            return rc;
        jt_model_statuses(x->snap, JT_EXPLORE_MAX_JOBS, model_of(x, conn));
        for (j = 0; j < x->J; j++) {
            now[j] = x->snap[j].status;
            if (is_terminal(before[j]))
                now[j] = before[j];
            else if (job_type(j + 1) == JT_TY_SCHEMA_CHANGE && now[j] == JT_ST_PAUSED)
                now[j] = before[j];
        }
        return expect_statuses(x, sb, session, now);
    }
}

static size_t count_records(const char *text) {
    size_t n = 0;
    for (; (text = strchr(text, '\n')) != NULL; text++)
        if (strncmp(text, "\nstatement ", 11) == 0 || strncmp(text, "\nquery ", 7) == 0 ||
            strncmp(text, "\nfixture ", 9) == 0)
            n++;
    return n;
}

/* The trace to the violation as a case file, in sb: its records run on a new connection. */
static int render_trace(explorer *x, jt_strbuf *sb) {
    const char *spec = x->cfg->driver_spec ? x->cfg->driver_spec : jt_session_spec(x->conn);
    const char *session = "root";
    uint32_t *path = NULL, k, np = 0;
    uint8_t st[JT_EXPLORE_MAX_JOBS];
    jt_session *conn = NULL;
    int rc;
    path = jt_calloc((size_t)x->nodes[x->at].depth + 1, sizeof *path);
    if (!path)
        return nomem(x);
    for (k = x->at; x->nodes[k].parent != NO_PARENT; k = x->nodes[k].parent)
        path[np++] = k;
    rc = jt_session_open_again(&conn, x->conn, x->err);
    if (rc == JT_OK)
        rc =
            jt_strbuf_addf(sb,
                           "# jobtck explore --jobs %d --users %d: the invariant \"%s\" does not "
                           "hold\n# for driver %s after %u step%s from every job pending:\n# %s\n"
                           "# Replay: jobtck run --driver %s FILE\n\ncovers PJ-STATES %s\n\n",
                           x->J, x->U, jt_invariant_name(x->rep->violation), spec, np,
                           np == 1 ? "" : "s", x->rep->message, spec, covers_of(x->rep->violation));
    if (rc == JT_OK)
        rc = setup(x, conn, sb);
    memset(st, JT_ST_PENDING, sizeof st);
    while (rc == JT_OK && np > 0) {
        np--;
        rc = trace_step(x, conn, sb, &session, x->nodes[path[np]].action, st);
    }
    if (rc == JT_OK)
        rc = trace_end(x, conn, sb, &session, st);
    jt_session_close(conn);
    free(path);
    return rc;
}

/*
 * The trace to the violation as a case file (render_trace), replayed with the runner on a new
 * connection. Written to the trace path when the replay fails (the violation is confirmed);
 * otherwise the first such trace is kept in memory.
 */
static int check_trace(explorer *x, int *confirmed) {
    jt_runner_config rcfg;
    jt_runner *runner = NULL;
    jt_case_file *cf = NULL;
    jt_strbuf sb;
    int rc;
    *confirmed = 0;
    jt_strbuf_init(&sb, JT_LIMIT_SQL * 4);
    memset(&rcfg, 0, sizeof rcfg);
    rc = render_trace(x, &sb);
    if (rc == JT_OK)
        rc = jt_case_parse(&cf, x->rep->trace_path, sb.data, sb.len, x->err);
    if (rc == JT_OK)
        rc = jt_session_open_again(&rcfg.session, x->conn, x->err);
    if (rc == JT_OK)
        rc = jt_runner_new(&runner, &rcfg, x->err);
    if (rc == JT_OK) {
        rc = jt_runner_run_case(runner, cf, x->err);
        cf = NULL; /* the runner took it */
    }
    if (rc < 0)
        goto out;
    x->rep->replay_failures = jt_runner_result(runner)->failed;
    x->rep->trace_records = count_records(sb.data);
    *confirmed = x->rep->replay_failures > 0;
    if (*confirmed) {
        rc = jt_casewrite_atomic(x->rep->trace_path, sb.data, sb.len, x->err);
    } else if (!x->first_text) {
        x->first_inv = x->rep->violation;
        memcpy(x->first_message, x->rep->message, sizeof x->first_message);
        x->first_records = x->rep->trace_records;
        x->first_text = jt_strbuf_take(&sb);
        if (!x->first_text)
            rc = nomem(x);
    }
out:
    jt_case_free(cf);
    jt_runner_free(runner);
    jt_strbuf_dispose(&sb);
    return rc;
}

/* ---- the run --------------------------------------------------------------------------- */

static int make_actions(explorer *x) {
    size_t cap = (size_t)JT_OP_COUNT * (size_t)x->U * (size_t)(x->J + x->owners), k = 0;
    int op, u, j, o;
    x->acts = jt_calloc(cap, sizeof *x->acts);
    if (!x->acts)
        return nomem(x);
    x->acts_cap = cap;
    for (op = 0; op < JT_OP_COUNT; op++) {
        for (u = 0; u < x->U; u++) {
            for (j = 1; j <= x->J; j++, k++) {
                char sql[SQL_MAX];
                snprintf(sql, sizeof sql, "%s JOB %d", op_names[op], j);
                x->acts[k] = (action){(uint8_t)op, (uint8_t)u, 0, j, jt_strdup(sql), NULL};
                if (!x->acts[k].sql)
                    return nomem(x);
            }
            for (o = 0; o < x->owners; o++, k++) {
                char sel[SQL_MAX], sql[SQL_MAX + 32];
                snprintf(sel, sizeof sel, "SELECT job_id FROM [SHOW JOBS] WHERE user_name = '%s'",
                         pname(x, o));
                snprintf(sql, sizeof sql, "%s JOBS (%s)", op_names[op], sel);
                x->acts[k] = (action){(uint8_t)op, (uint8_t)u,     (uint8_t)o,
                                      0,           jt_strdup(sql), jt_strdup(sel)};
                if (!x->acts[k].sql || !x->acts[k].selection)
                    return nomem(x);
            }
        }
    }
    x->nacts = k;
    return JT_OK;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The explorer for cfg: its bounds checked, its session's model found. */
static int explorer_init(explorer *x, jt_explore_report *out, const jt_explore_config *cfg,
                         jt_error *err) {
    int u;
    memset(x, 0, sizeof *x);
    x->cfg = cfg;
    x->rep = out;
    x->err = err;
    x->J = cfg->jobs;
    x->U = cfg->users;
    x->conn = cfg->session;
    x->at_action = -1;
    x->expect_res.count = -1;
    snprintf(out->trace_path, sizeof out->trace_path, "%s",
             cfg->trace_path ? cfg->trace_path : "explore-trace.test");
    if (x->J < 1 || x->J > JT_EXPLORE_MAX_JOBS)
        return jt_error_set(err, JT_EINVAL, 0, "--jobs: expected 1 to %d, got %d",
                            JT_EXPLORE_MAX_JOBS, x->J);
    if (x->U < 1 || x->U > JT_EXPLORE_MAX_USERS)
        return jt_error_set(err, JT_EINVAL, 0, "--users: expected 1 to %d, got %d",
                            JT_EXPLORE_MAX_USERS, x->U);
    if (!model_of(x, x->conn))
        return jt_error_set(err, JT_EINVAL, 0,
                            "driver %s: the explorer reads the state of the model behind the "
                            "connection (model, or a table of one's own with model_of)",
                            jt_session_name(x->conn));
    if (!(jt_session_caps(x->conn) & JT_CAP_FIXTURES))
        return jt_error_set(err, JT_ENOTSUP, 0, "driver %s lacks fixtures",
                            jt_session_name(x->conn));
    x->owners = x->U < x->J ? x->U : x->J;
    for (u = 0; u < x->U; u++)
        snprintf(x->names[u], sizeof x->names[u], u ? "u%d" : "root", u);
    return JT_OK;
}

static void explorer_dispose(explorer *x) {
    size_t i;
    for (i = 0; i < x->acts_cap; i++) {
        free(x->acts[i].sql);
        free(x->acts[i].selection);
    }
    free(x->acts);
    free(x->nodes);
    free(x->table);
    jt_result_dispose(&x->expect_res);
    free(x->first_text);
}

/* Breadth first from the start until the fixed point, a bound or a confirmed violation. *r: the
   last expansion's answer (1: a violation), *unexpanded: states the depth bound left. */
static int search(explorer *x, int *r, size_t *unexpanded, int *confirmed) {
    const jt_explore_config *cfg = x->cfg;
    size_t i = 0, from = 0;
    int rc = JT_OK;
    while (rc == JT_OK && !*confirmed && i < x->n) {
        if (cfg->depth >= 0 && x->nodes[i].depth >= cfg->depth) {
            (*unexpanded)++;
            i++;
            continue;
        }
        *r = expand(x, (uint32_t)i, from);
        if (*r < 0) {
            rc = *r;
        } else if (*r == 0) {
            i++;
            from = 0;
        } else {
            rc = check_trace(x, confirmed);
            if (*confirmed && x->rep->unconfirmed && cfg->out)
                fprintf(cfg->out,
                        "  (found after %zu violation%s that the replay of its trace did not "
                        "show: they depend on the jobs' history, which states merge)\n",
                        x->rep->unconfirmed, x->rep->unconfirmed == 1 ? "" : "s");
            if (!*confirmed) { /* its replay does not show it: the search goes on */
                x->rep->unconfirmed++;
                x->rep->violation = JT_INV_NONE;
                from = x->resume;
            }
        }
    }
    return rc;
}

/* The result lines: the figures, then the violation and its trace, or none. */
static void print_result(const explorer *x, int r, int confirmed) {
    const jt_explore_report *out = x->rep;
    FILE *o = x->cfg->out;
    fprintf(o, "states %zu, transitions %zu, depth %d%s\n", out->states, out->transitions,
            out->depth,
            out->complete ? ", fixed point reached"
            : r > 0       ? ", stopped at the first violation"
            : x->full     ? ", stopped at the state limit"
                          : ", bounded by --depth");
    fprintf(o, "elapsed %.3f s, %.0f states/s\n", out->elapsed_s,
            out->elapsed_s > 0 ? (double)out->states / out->elapsed_s : 0.0);
    if (!out->violation) {
        fprintf(o, "no violation of the %d invariants\n", JT_INV_COUNT - 1);
        return;
    }
    fprintf(o, "violation: %s\n  %s\n", jt_invariant_name(out->violation), out->message);
    if (confirmed && out->unconfirmed)
        fprintf(o,
                "  (found after %zu violation%s that the replay of its trace did not "
                "show: they depend on the jobs' history, which states merge)\n",
                out->unconfirmed, out->unconfirmed == 1 ? "" : "s");
    if (!confirmed)
        fprintf(o,
                "  (not confirmed: its trace replays without it, as it depends on the "
                "jobs' history, which the state hash merges; %zu such)\n",
                out->unconfirmed);
    fprintf(o, "trace: %zu records in %s (%zu failing on replay)\n", out->trace_records,
            out->trace_path, out->replay_failures);
    fprintf(o, "replay: jobtck run --driver %s %s\n",
            x->cfg->driver_spec ? x->cfg->driver_spec : jt_session_spec(x->conn), out->trace_path);
}

int jt_explore_run(jt_explore_report *out, const jt_explore_config *cfg, jt_error *err) {
    explorer x;
    uint8_t start[JT_EXPLORE_MAX_JOBS];
    FILE *o = cfg->out;
    double t0 = now_s();
    size_t unexpanded = 0;
    int rc, r = 0, confirmed = 0;
    memset(out, 0, sizeof *out);
    rc = explorer_init(&x, out, cfg, err);
    if (rc < 0)
        return rc;
    rc = make_actions(&x);
    if (rc == JT_OK)
        rc = jt_session_restart(x.conn, err);
    if (rc == JT_OK)
        rc = setup(&x, x.conn, NULL);
    if (rc == JT_OK) {
        memset(start, JT_ST_PENDING, sizeof start);
        rc = visit(&x, start, NO_PARENT, 0);
    }
    if (o)
        fprintf(o,
                "explore: %d job%s, %d user%s, %zu statements and %d progress steps per state, "
                "depth %s\n",
                x.J, x.J == 1 ? "" : "s", x.U, x.U == 1 ? "" : "s", x.nacts, x.J * PROGRESS_KINDS,
                cfg->depth < 0 ? "unbounded" : "bounded");
    if (rc == JT_OK)
        rc = search(&x, &r, &unexpanded, &confirmed);
    out->states = x.n;
    out->complete = rc == JT_OK && !confirmed && unexpanded == 0 && !x.full;
    out->elapsed_s = now_s() - t0;
    if (rc == JT_OK && !confirmed && x.first_text) {
        out->violation = x.first_inv;
        memcpy(out->message, x.first_message, sizeof out->message);
        out->trace_records = x.first_records;
        out->replay_failures = 0;
        rc = jt_casewrite_atomic(out->trace_path, x.first_text, strlen(x.first_text), err);
    }
    if (o && rc == JT_OK)
        print_result(&x, r, confirmed);
    explorer_dispose(&x);
    if (o)
        fflush(o);
    return rc;
}
