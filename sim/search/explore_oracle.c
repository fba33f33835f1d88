/* The oracle: an action of the explorer's world run on the implementation through its session
   from a given state, observed and checked. See sim/search/explore_world.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/drivers/session.h"
#include "sim/search/explore_world.h"

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

void xw_oracle_init(xw_oracle *o, xw_world *w, struct jt_session *s, jt_error *err) {
    memset(o, 0, sizeof *o);
    o->w = w;
    o->s = s;
    o->err = err;
}

static const jt_model *model(const xw_oracle *o) {
    return o->w->model_of ? o->w->model_of(jt_session_conn(o->s)) : jt_session_model(o->s);
}

static uint64_t hash_now(const xw_oracle *o) {
    return jt_model_hash(model(o));
}

int xw_place(xw_oracle *o, const uint8_t *st) {
    const xw_world *w = o->w;
    jt_fixture fx;
    int j, rc;
    if (o->placed && memcmp(o->at, st, (size_t)w->J) == 0 && hash_now(o) == o->at_hash)
        return JT_OK;
    o->placed = 0;
    rc = jt_session_restart(o->s, o->err);
    if (rc == JT_OK)
        rc = xw_setup(w, o->s, NULL, o->err);
    for (j = 1; j <= w->J && rc == JT_OK; j++) {
        if (st[j - 1] == 0)
            continue; /* made pending by xw_setup */
        xw_job_fixture(w, j, st[j - 1], 0, &fx);
        rc = jt_session_fixture(o->s, &fx, o->err);
    }
    o->calls += (size_t)(w->U + w->J);
    if (rc < 0)
        return rc;
    memcpy(o->at, st, (size_t)w->J);
    o->at_hash = hash_now(o);
    o->placed = 1;
    return JT_OK;
}

/* The local state of (status, error), made when new (under the world's lock on threads). */
static int local_of(xw_oracle *o, int status, const char *error) {
    int ls;
    if (o->locked)
        pthread_mutex_lock(&o->w->lock);
    ls = xw_local_id(o->w, status, error);
    if (o->locked)
        pthread_mutex_unlock(&o->w->lock);
    return ls;
}

int xw_read(xw_oracle *o, uint8_t *st) {
    jt_model_job_view v[JT_EXPLORE_MAX_JOBS];
    size_t n = jt_model_job_views(v, JT_EXPLORE_MAX_JOBS, model(o));
    int j;
    if (n != (size_t)o->w->J)
        return jt_error_set(o->err, JT_EDRIVER, 0, "the model has %zu jobs, expected %d", n,
                            o->w->J);
    for (j = 0; j < o->w->J; j++) {
        int ls;
        if (v[j].id != j + 1 || !o->w->profile->status_names[v[j].status])
            return jt_error_set(o->err, JT_EDRIVER, 0, "the model's job %d is not job %lld", j + 1,
                                (long long)v[j].id);
        ls = local_of(o, v[j].status, v[j].error);
        if (ls < 0)
            return jt_error_set(o->err, JT_ELIMIT, 0,
                                "a job of profile %s has more than %d states (a status and an "
                                "error) in the explorer's scope",
                                o->w->profile->name, XW_MAX_LOCAL);
        st[j] = (uint8_t)ls;
    }
    return JT_OK;
}

int xw_exec(xw_oracle *o, int u, const char *sql, jt_result *res) {
    memset(res, 0, sizeof *res);
    res->count = -1;
    o->calls++;
    return jt_session_exec(o->s, o->w->users[u].name, sql, res, o->err);
}

void xw_msg(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

void xw_obs_dispose(xw_obs *obs) {
    jt_result_dispose(&obs->expect_res);
}

static void obs_init(xw_obs *obs) {
    memset(obs, 0, sizeof *obs);
    obs->expect_res.count = -1;
    obs->count = -1;
}

/* ---- statements ------------------------------------------------------------------------ */

/* The selection of bulk action a run alone in the state the session is in: ids, *failed. */
static int select_ids(xw_oracle *o, const xw_action *a, int64_t *ids, size_t cap, size_t *n,
                      int *failed) {
    jt_result res;
    size_t r;
    int rc = xw_exec(o, a->user, a->selection, &res);
    *n = 0;
    if (rc < 0)
        return rc;
    *failed = res.failed;
    for (r = 0; !res.failed && r < res.nrows && *n < cap; r++)
        if (res.ncols == 1 && res.values[r])
            ids[(*n)++] = strtoll(res.values[r], NULL, 10);
    jt_session_free_result(o->s, &res);
    return JT_OK;
}

/* The due result of a bulk statement whose singular statement sql failed with res. */
static int expect_failure(xw_obs *obs, const jt_result *res) {
    obs->expect_res.failed = 1;
    memcpy(obs->expect_res.sqlstate, res->sqlstate, sizeof res->sqlstate);
    obs->expect_res.message = jt_strdup(res->message ? res->message : "");
    obs->expect_res.count = -1;
    return obs->expect_res.message ? JT_OK : JT_ENOMEM;
}

/* BULK: the singular statements of bulk action a, in the order its selection gave (ids), from
   state st; they must give the bulk's count and state (obs). */
static int check_bulk(xw_oracle *o, const xw_action *a, const uint8_t *st, const int64_t *ids,
                      size_t nids, xw_obs *obs) {
    const xw_world *w = o->w;
    char sql[XW_SQL_MAX], s1[JT_MESSAGE_MAX], s2[JT_MESSAGE_MAX];
    int64_t count = 0;
    size_t k;
    int rc = xw_place(o, st);
    for (k = 0; k < nids && rc == JT_OK; k++) {
        jt_result res;
        snprintf(sql, sizeof sql, "%s JOB %lld", w->profile->op_words[a->op], (long long)ids[k]);
        if ((rc = xw_exec(o, a->user, sql, &res)) < 0)
            return rc;
        if (res.failed) {
            rc = expect_failure(obs, &res);
            jt_session_free_result(o->s, &res);
            memcpy(obs->expect_after, st, (size_t)w->J); /* all or nothing */
            obs->viol = JT_INV_BULK;
            xw_msg(obs->message, sizeof obs->message,
                   "%s (as %s) succeeded with count %lld, but its singular statement %s fails: "
                   "%s",
                   a->sql, w->users[a->user].name, (long long)obs->count, sql,
                   obs->expect_res.message ? obs->expect_res.message : "");
            return rc < 0 ? nomem(o->err) : JT_OK;
        }
        count += res.count;
        jt_session_free_result(o->s, &res);
    }
    o->placed = 0;
    if (rc < 0 || (rc = xw_read(o, obs->expect_after)) < 0)
        return rc;
    obs->expect_res.count = count;
    snprintf(obs->expect_res.tag, sizeof obs->expect_res.tag, "%s JOBS %lld",
             w->profile->op_words[a->op], (long long)count);
    if (count == obs->count && memcmp(obs->expect_after, obs->after, (size_t)w->J) == 0)
        return JT_OK;
    xw_describe(w, obs->after, s1, sizeof s1);
    xw_describe(w, obs->expect_after, s2, sizeof s2);
    obs->viol = JT_INV_BULK;
    xw_msg(obs->message, sizeof obs->message,
           "%s (as %s) gives count %lld and %s; its %zu singular statements give count %lld "
           "and %s",
           a->sql, w->users[a->user].name, (long long)obs->count, s1, nids, (long long)count, s2);
    return JT_OK;
}

/* Statement action a from state st. */
static int observe_statement(xw_oracle *o, const xw_action *a, const uint8_t *st, xw_obs *obs) {
    int64_t ids[JT_EXPLORE_MAX_JOBS * 2];
    size_t nids = 0;
    int rc, sel_failed = 0;
    uint64_t h0;
    jt_result res;
    xw_effect e;
    rc = xw_place(o, st);
    if (rc == JT_OK && a->job == 0) {
        rc = select_ids(o, a, ids, sizeof ids / sizeof ids[0], &nids, &sel_failed);
        if (rc == JT_OK)
            rc = xw_place(o, st); /* in case the selection changed anything */
    }
    if (rc < 0)
        return rc;
    h0 = hash_now(o);
    if ((rc = xw_exec(o, a->user, a->sql, &res)) < 0)
        return rc;
    obs->enabled = 1;
    obs->failed = res.failed;
    memcpy(obs->sqlstate, res.sqlstate, sizeof obs->sqlstate);
    obs->count = res.failed ? -1 : res.count;
    rc = xw_read(o, obs->after);
    e = (xw_effect){a, st, obs->after, &res, hash_now(o) != h0, ids, nids, sel_failed};
    if (rc == JT_OK)
        obs->viol = xw_check_statement(o->w, &e, obs->message, sizeof obs->message);
    if (e.hash_changed)
        o->placed = 0;
    jt_session_free_result(o->s, &res);
    if (rc == JT_OK && obs->viol == JT_INV_NONE && a->job == 0 && !obs->failed &&
        (o->w->invariants & (1u << JT_INV_BULK)))
        rc = check_bulk(o, a, st, ids, nids, obs);
    return rc;
}

/* ---- steps ----------------------------------------------------------------------------- */

/* A step of job a->job's own run, as a fixture moves it, when its status allows. */
static int observe_run_step(xw_oracle *o, const xw_action *a, const uint8_t *st, xw_obs *obs) {
    xw_world *w = o->w;
    int from = a->kind == XW_START ? JT_ST_PENDING : JT_ST_RUNNING, to, ls, rc;
    jt_fixture fx;
    obs->enabled = w->local[st[a->job - 1]].status == from;
    memcpy(obs->after, st, (size_t)w->J);
    if (!obs->enabled)
        return JT_OK;
    to = a->kind == XW_START     ? JT_ST_RUNNING
         : a->kind == XW_SUCCEED ? JT_ST_SUCCEEDED
                                 : JT_ST_FAILED;
    ls = local_of(o, to, NULL);
    if (ls < 0)
        return nomem(o->err);
    rc = xw_place(o, st);
    xw_job_fixture(w, a->job, ls, 0, &fx);
    if (rc == JT_OK)
        rc = jt_session_fixture(o->s, &fx, o->err);
    o->calls++;
    o->placed = 0;
    if (rc == JT_OK)
        rc = xw_read(o, obs->after);
    if (rc == JT_OK)
        obs->viol = xw_check_states(w, st, obs->after, obs->message, sizeof obs->message);
    return rc;
}

/* One step of the virtual clock: every job that can move moves. */
static int observe_advance(xw_oracle *o, const uint8_t *st, xw_obs *obs) {
    int64_t moved = 0;
    int rc = xw_place(o, st);
    if (rc == JT_OK)
        rc = jt_session_advance(o->s, &moved, o->err);
    o->calls++;
    o->placed = 0;
    if (rc == JT_OK)
        rc = xw_read(o, obs->after);
    obs->enabled = moved > 0;
    if (rc == JT_OK && obs->enabled)
        obs->viol = xw_check_states(o->w, st, obs->after, obs->message, sizeof obs->message);
    return rc;
}

/* The virtual clock until nothing moves (JT_LIMIT_PROGRESS steps at most). */
static int settle(xw_oracle *o) {
    int64_t moved = 1;
    int k, rc = JT_OK;
    for (k = 0; o->w->advance != SIZE_MAX && moved > 0 && k < JT_LIMIT_PROGRESS && rc == JT_OK;
         k++, o->calls++)
        rc = jt_session_advance(o->s, &moved, o->err);
    return rc;
}

/* PAUSE_RESUME: PAUSE JOB j as root, the clock until it took effect, RESUME JOB j: running. */
static int observe_check(xw_oracle *o, const xw_action *a, const uint8_t *st, xw_obs *obs) {
    xw_world *w = o->w;
    int j = a->job, k, rc;
    obs->check_job = j;
    obs->enabled = w->local[st[j - 1]].status == JT_ST_RUNNING &&
                   (w->invariants & (1u << JT_INV_PAUSE_RESUME));
    memcpy(obs->after, st, (size_t)w->J);
    if (!obs->enabled)
        return JT_OK;
    rc = xw_place(o, st);
    o->placed = 0;
    for (k = 0; k < 2 && rc == JT_OK; k++) {
        char sql[XW_SQL_MAX];
        jt_result res;
        snprintf(sql, sizeof sql, "%s JOB %d", w->profile->op_words[k ? JT_OP_RESUME : JT_OP_PAUSE],
                 j);
        if ((rc = xw_exec(o, 0, sql, &res)) == JT_OK)
            jt_session_free_result(o->s, &res);
        if (rc == JT_OK && k == 0)
            rc = settle(o);
    }
    if (rc == JT_OK)
        rc = xw_read(o, obs->after);
    if (rc == JT_OK && w->local[obs->after[j - 1]].status != JT_ST_RUNNING) {
        char now[JT_MESSAGE_MAX];
        xw_local_name(w, obs->after[j - 1], now, sizeof now);
        obs->viol = JT_INV_PAUSE_RESUME;
        xw_msg(obs->message, sizeof obs->message,
               "PAUSE JOB %d then RESUME JOB %d (as root) leave job %d %s", j, j, j, now);
    }
    return rc;
}

int xw_observe(xw_oracle *o, size_t ai, const uint8_t *st, xw_obs *obs) {
    const xw_action *a = &o->w->acts[ai];
    obs_init(obs);
    switch (a->kind) {
    case XW_STATEMENT:
        return observe_statement(o, a, st, obs);
    case XW_ADVANCE:
        return observe_advance(o, st, obs);
    case XW_CHECK:
        return observe_check(o, a, st, obs);
    default:
        return observe_run_step(o, a, st, obs);
    }
}
