/*
 * The model's life and what happens to its jobs apart from statements: new, reset, free;
 * fixtures (jobs and users as a case file sets them up); the jobs' own progress on the
 * virtual clock; the spec-coverage counts. On storage (store.h) only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/arena.h"
#include "model/internal/era.h"
#include "model/internal/eval.h"
#include "model/internal/plan.h"
#include "model/internal/catalog.h"
#include "model/internal/stmt.h"
#include "model/internal/store.h"
#include "model/model.h"

/* ---- life ---- */

static int populate(jt_model *m) {
    int ignored, rc;
    m->clock = 0;
    rc = jt_store_user_add(m, "root", 1, &ignored);
    if (!rc)
        rc = jt_store_user_add(m, "testuser", 0, &ignored);
    if (!rc)
        m->users[0].login = m->users[1].login = 1;
    return rc;
}

int jt_model_new(jt_model **out, const jt_profile *profile, jt_error *err) {
    jt_model *m;
    *out = NULL;
    if (!profile)
        return jt_error_set(err, JT_EINVAL, 0, "no profile");
    m = jt_calloc(1, sizeof *m);
    if (!m)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    m->profile = profile;
    m->era = jt_era_of(profile);
    if (populate(m) || jt_eval_columns_init(m)) {
        jt_model_free(m);
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    *out = m;
    return JT_OK;
}

void jt_model_free(jt_model *m) {
    if (!m)
        return;
    jt_store_clear(m, 0);
    jt_catalog_free(m);
    free(m->jobs);
    free(m->index);
    free(m->users);
    free(m->user_index);
    free(m->prepared.items);
    free(m->prev_owned);
    jt_plans_free(m->plans);
    for (size_t k = 0; k < JT_TABLE_COLS; k++)
        free(m->table_cols[k].cols);
    jt_arena_chunk_free(m->spare_chunk);
    free(m);
}

void jt_model_reset(jt_model *m) {
    /* users[0] and users[1] are root and testuser (populate made them first): they are kept,
       with their admin membership as populate sets it, so that a reset allocates nothing and
       cannot fail. */
    JT_ASSERT(m->nusers >= 2 && strcmp(m->users[0].name, "root") == 0 &&
              strcmp(m->users[1].name, "testuser") == 0);
    jt_store_clear(m, 2);
    m->users[0].admin = m->users[0].eff_admin = 1;
    m->users[1].admin = m->users[1].eff_admin = 0;
    m->users[0].login = m->users[1].login = 1;
    m->clock = 0;
}

void jt_model_coverage_take(jt_model *m, jt_coverage *sum) {
    int st, op, ty, pv;
    for (st = 0; st <= JT_COVER_MISSING; st++)
        for (op = 0; op < JT_OP_COUNT; op++)
            for (ty = 0; ty < JT_TY_COUNT; ty++)
                for (pv = 0; pv < JT_PRIV_COUNT; pv++)
                    sum->hits[st][op][ty][pv] += m->coverage.hits[st][op][ty][pv];
    sum->statements += m->coverage.statements;
    memset(&m->coverage, 0, sizeof m->coverage);
}

/* ---- fixtures ---- */

/* The roles of a user fixture ("a,b"): their indices (made when missing), in *out (n). */
static int parse_roles(jt_model *m, const char *list, uint32_t **out, size_t *n, jt_error *err) {
    const char *s = list;
    size_t cap = 0;
    int rc = JT_OK;
    *out = NULL;
    *n = 0;
    while (s && *s && rc == JT_OK) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s), k;
        char name[JT_LIMIT_NAME + 1];
        int idx;
        while (len > 0 && *s == ' ') {
            s++;
            len--;
        }
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len == 0 || len > JT_LIMIT_NAME) {
            rc = jt_error_set(err, JT_EINVAL, 0,
                              "fixture user: member-of expects role names separated by commas");
            break;
        }
        memcpy(name, s, len);
        name[len] = '\0';
        rc = jt_store_user_add(m, name, -1, &idx);
        if (rc) {
            rc = jt_error_set(err, rc, 0, "fixture user: role %s: %s", name, jt_strerror(rc));
            break;
        }
        for (k = 0; k < *n && (*out)[k] != (uint32_t)idx; k++)
            ;
        if (k == *n) {
            rc = jt_grow((void **)out, &cap, *n + 1, sizeof **out, JT_LIMIT_ROLES);
            if (rc == JT_ELIMIT)
                rc = jt_error_set(err, JT_ELIMIT, 0, "fixture user: a member of more than %d roles",
                                  JT_LIMIT_ROLES);
            else if (rc < 0)
                rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
            else
                (*out)[(*n)++] = (uint32_t)idx;
        }
        s = end ? end + 1 : NULL;
    }
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* A user fixture: the user with exactly this admin membership, these options and roles; it
   may open a session from now on. */
static int user_fixture(jt_model *m, const jt_fixture *fx, jt_error *err) {
    int u, rc, cycle;
    uint32_t *roles = NULL;
    size_t nroles = 0;
    rc = jt_store_user_add(m, fx->name, -1, &u);
    if (rc)
        return jt_error_set(err, rc, 0, "fixture user %s: %s", fx->name, jt_strerror(rc));
    if (fx->member_of && (rc = parse_roles(m, fx->member_of, &roles, &nroles, err)) < 0)
        return rc;
    rc = jt_store_user_set(m, u, fx->admin || strcmp(fx->name, "root") == 0,
                           (int)(fx->options & (JT_USER_CONTROLJOB | JT_USER_VIEWJOB)), roles,
                           nroles, &cycle);
    if (rc == JT_ENOMEM)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (rc)
        return jt_error_set(err, JT_EINVAL, 0,
                            "fixture user %s: role %s would be a member of itself", fx->name,
                            m->users[cycle].name);
    m->users[u].login = 1;
    return JT_OK;
}

/* One event on the virtual clock: one second later. */
static void tick(jt_model *m) {
    if (m->clock < INT32_MAX - 1)
        m->clock++;
}

/* A fixture puts a job in a status as its own progress would: a job found paused or canceled
   had been running, so started is set for every status but pending. */
static void fixture_status(jt_job *j, const jt_profile *p, int status, int32_t now) {
    jt_store_set_status(j, p, status, now);
    if (status != JT_ST_PENDING && j->started == JT_TS_NULL)
        j->started = now;
}

/* A fixture's description or error (which) of j: a copy of value, none when it is empty. */
static int replace_str(jt_job *j, int which, const char *value) {
    return jt_store_job_set_str(j, which, value && *value ? value : NULL);
}

/* The error a job fixture leaves: v2.1's jobs have one only when they failed; with two-phase
   control a job keeps it while it reverts, and after (canceled, revert-failed), and a job
   paused while reverting keeps it too (its FinalResumeError). */
static int keeps_error(const jt_profile *p, int status) {
    if (status == JT_ST_FAILED)
        return 1;
    return p->two_phase &&
           (status == JT_ST_REVERTING || status == JT_ST_REVERT_FAILED ||
            status == JT_ST_CANCELED || status == JT_ST_PAUSED || status == JT_ST_PAUSE_REQUESTED);
}

/* The job's schedule (its extra, made when it has none). */
static int set_schedule(jt_job *j, int64_t schedule) {
    if (!j->extra && !(j->extra = jt_calloc(1, sizeof *j->extra)))
        return JT_ENOMEM;
    j->extra->schedule = schedule;
    return JT_OK;
}

/* The virtual time a fixture's event happened: age seconds before now. */
static int32_t fixture_time(const jt_model *m, int64_t age_s) {
    int64_t t = (int64_t)m->clock - (age_s > 0 ? age_s : 0);
    return t <= (int64_t)JT_TS_NULL ? JT_TS_NULL + 1 : (int32_t)t;
}

/* A later fixture of job j moves it, as its own progress would. */
static int fixture_move(jt_model *m, jt_job *j, const jt_fixture *fx, int type, int status,
                        jt_error *err) {
    const jt_profile *p = m->profile;
    if (fx->description && replace_str(j, JT_JOB_DESCRIPTION, fx->description))
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    /* the error, when the new status has none, is gone */
    if ((fx->error || !keeps_error(p, status)) &&
        replace_str(j, JT_JOB_ERROR, keeps_error(p, status) ? fx->error : NULL))
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (type >= 0)
        j->type = (uint8_t)type;
    if (fx->schedule && set_schedule(j, fx->schedule) < 0)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    return JT_OK;
}

/* The new job of a fixture, owned by user, made at time when. */
static int fixture_new(jt_model *m, const jt_fixture *fx, int type, int status, int user,
                       int32_t when, jt_error *err) {
    jt_job *j;
    int rc = jt_store_job_add(m, fx->id, &j);
    if (rc)
        return jt_error_set(err, rc, 0, "fixture job %lld: %s", (long long)fx->id, jt_strerror(rc));
    j->type = (uint8_t)type;
    j->user = (uint32_t)user;
    j->created = when;
    j->started = j->finished = JT_TS_NULL;
    if (replace_str(j, JT_JOB_DESCRIPTION, fx->description) ||
        replace_str(j, JT_JOB_ERROR, fx->error) ||
        (fx->schedule && set_schedule(j, fx->schedule) < 0)) {
        jt_job_extra_free(j->extra);
        j->extra = NULL;
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    fixture_status(j, m->profile, status, when);
    jt_store_job_commit(m);
    return JT_OK;
}

/* A job fixture: its fields checked against the profile, then the job made or moved. */
static int job_fixture(jt_model *m, const jt_fixture *fx, jt_error *err) {
    const jt_profile *p = m->profile;
    int rc, user, type, status;
    int32_t when;
    jt_job *j;
    if (fx->id <= 0)
        return jt_error_set(err, JT_EINVAL, 0, "fixture job: id must be 1 to 2^63-1, not %lld",
                            (long long)fx->id);
    if (fx->schedule < 0 || fx->age_s < 0)
        return jt_error_set(err, JT_EINVAL, 0,
                            "fixture job %lld: schedule and age must not be negative",
                            (long long)fx->id);
    status = fx->status ? jt_profile_status(p, fx->status) : -1;
    if (status < 0)
        return jt_error_set(err, JT_EINVAL, 0, "fixture job %lld: profile %s has no status '%s'",
                            (long long)fx->id, p->name, fx->status ? fx->status : "");
    type = fx->type ? jt_profile_type(p, fx->type) : -1;
    j = jt_store_job(m, fx->id);
    if (fx->type && type < 0)
        return jt_error_set(err, JT_EINVAL, 0, "fixture job %lld: profile %s has no job type '%s'",
                            (long long)fx->id, p->name, fx->type);
    if (!j && type < 0)
        return jt_error_set(err, JT_EINVAL, 0, "fixture job %lld: a type is required",
                            (long long)fx->id);
    rc = jt_store_user_add(m, fx->user ? fx->user : (j ? m->users[j->user].name : "root"), -1,
                           &user);
    if (rc)
        return jt_error_set(err, rc, 0, "fixture job %lld: %s", (long long)fx->id, jt_strerror(rc));
    tick(m);
    when = fixture_time(m, fx->age_s);
    if (!j)
        return fixture_new(m, fx, type, status, user, when, err);
    rc = fixture_move(m, j, fx, type, status, err);
    if (rc == JT_OK) {
        jt_store_job_owner(m, j, (uint32_t)user);
        fixture_status(j, p, status, when);
    }
    return rc;
}

int jt_model_fixture(jt_model *m, const jt_fixture *fx, jt_error *err) {
    if (jt_start(m) < 0) /* the scenario's start comes first */
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (fx->kind == JT_FIXTURE_USER) {
        if (!fx->name || !*fx->name)
            return jt_error_set(err, JT_EINVAL, 0, "fixture user: a name is required");
        return user_fixture(m, fx, err);
    }
    if (fx->kind != JT_FIXTURE_JOB)
        return jt_error_set(err, JT_EINVAL, 0, "unknown fixture kind %d", fx->kind);
    return job_fixture(m, fx, err);
}

/* ---- the jobs' own progress ---- */

/* The error a job that reverts because it was canceled carries (CockroachDB's). */
#define CANCELED_BY_USER "job canceled by user"

int jt_model_advance(jt_model *m, int64_t *out) {
    const jt_profile *p = m->profile;
    size_t i;
    int64_t moved = 0;
    int32_t now = jt_store_next_time(m);
    for (i = 0; i < m->njobs; i++) {
        jt_job *j = &m->jobs[i];
        int to = p->progress[j->status];
        if (to == JT_NO_STATUS)
            continue;
        if (j->status == JT_ST_CANCEL_REQUESTED && !jt_job_error(j) &&
            jt_store_job_set_str(j, JT_JOB_ERROR, CANCELED_BY_USER))
            return JT_ENOMEM;
        if (j->status == JT_ST_REVERTING && jt_job_error(j) &&
            strcmp(jt_job_error(j), CANCELED_BY_USER) != 0)
            to = JT_ST_FAILED; /* it reverted after a failure of its own */
        jt_store_set_status(j, p, to, now);
        moved++;
    }
    if (moved)
        m->clock = now;
    *out = moved;
    return JT_OK;
}
