/* The explorer's world: the scope read from the profile, the local states of a job, and the
   oracle that runs an action on the implementation. See sim/search/explore_world.h. */
#include "sim/search/explore_world.h"

#include <stdlib.h>
#include <string.h>

#include "sim/cases/casewrite.h"
#include "sim/drivers/session.h"

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* ---- the scope ------------------------------------------------------------------------- */

/* The kinds of user, after root, the profile's privileges tell apart: kinds[0 .. n). */
static int user_kinds(const jt_profile *p, uint8_t *kinds) {
    int n = 0;
    kinds[n++] = XW_PLAIN;
    kinds[n++] = XW_ADMIN;
    if (p->control_gate == JT_GATE_CONTROLJOB || p->per_job)
        kinds[n++] = XW_CONTROLJOB;
    if (p->view & JT_VIEW_VIEWJOB)
        kinds[n++] = XW_VIEWJOB;
    if (p->owner_role_controls || (p->view & JT_VIEW_OWNER_ROLE))
        kinds[n++] = XW_MEMBER;
    return n;
}

int xw_default_users(const jt_profile *p) {
    uint8_t kinds[XW_KINDS];
    return 1 + user_kinds(p, kinds);
}

static void make_users(xw_world *w) {
    uint8_t kinds[XW_KINDS];
    int n = user_kinds(w->profile, kinds), u;
    for (u = 0; u < w->U; u++) {
        xw_user *x = &w->users[u];
        memset(x, 0, sizeof *x);
        snprintf(x->name, sizeof x->name, u ? "u%d" : "root", u);
        x->kind = u ? kinds[(u - 1) % n] : XW_ADMIN;
        x->admin = x->kind == XW_ADMIN;
        x->options = x->kind == XW_CONTROLJOB ? JT_USER_CONTROLJOB
                     : x->kind == XW_VIEWJOB  ? JT_USER_VIEWJOB
                                              : 0;
        x->member_of = x->kind == XW_MEMBER ? 1 : -1; /* user 1 is the first plain user */
    }
}

/* Jobs take the profile's job types in turn, and the users as owners in turn. */
static void make_jobs(xw_world *w) {
    uint8_t types[JT_TY_COUNT] = {0};
    int n = 0, t, j;
    for (t = 0; t < JT_TY_COUNT; t++)
        if (w->profile->type_names[t])
            types[n++] = (uint8_t)t;
    for (j = 0; j < w->J; j++) {
        w->type[j] = types[j % n];
        w->owner[j] = (uint8_t)(j % w->U);
    }
}

static int add_action(xw_world *w, size_t k, xw_action a, const char *sql, const char *sel,
                      jt_error *err) {
    a.sql = sql ? jt_strdup(sql) : NULL;
    a.selection = sel ? jt_strdup(sel) : NULL;
    w->acts[k] = a;
    if ((sql && !a.sql) || (sel && !a.selection))
        return nomem(err);
    return JT_OK;
}

/* OP JOB j and, where the grammar has the form (v2.0 has not), OP JOBS (…) of every owner, for
   every OP and user. */
static int make_statements(xw_world *w, size_t *k, jt_error *err) {
    const jt_profile *p = w->profile;
    int op, u, j, o, rc = JT_OK;
    int bulk_owners = p->grammar & JT_G_NO_JOBS_SELECT ? 0 : w->owners;
    for (op = 0; op < JT_OP_COUNT && rc == JT_OK; op++) {
        for (u = 0; u < w->U && rc == JT_OK; u++) {
            for (j = 1; j <= w->J && rc == JT_OK; j++) {
                char sql[XW_SQL_MAX];
                snprintf(sql, sizeof sql, "%s JOB %d", p->op_words[op], j);
                rc = add_action(w, (*k)++,
                                (xw_action){XW_STATEMENT, (uint8_t)op, (uint8_t)u, 0, j, 0, 0}, sql,
                                NULL, err);
            }
            for (o = 0; o < bulk_owners && rc == JT_OK; o++) {
                char sel[XW_SQL_MAX], sql[XW_SQL_MAX + 32];
                snprintf(sel, sizeof sel, "SELECT job_id FROM [SHOW JOBS] WHERE user_name = '%s'",
                         w->users[o].name);
                snprintf(sql, sizeof sql, "%s JOBS (%s)", p->op_words[op], sel);
                rc = add_action(
                    w, (*k)++,
                    (xw_action){XW_STATEMENT, (uint8_t)op, (uint8_t)u, (uint8_t)o, 0, 0, 0}, sql,
                    sel, err);
            }
        }
    }
    return rc;
}

/* Whether the profile's jobs move on their own (a status with a progress step). */
static int jobs_move(const jt_profile *p) {
    int s;
    for (s = 0; s < JT_ST_COUNT; s++)
        if (p->status_names[s] && p->progress[s] != JT_NO_STATUS)
            return 1;
    return 0;
}

static int make_actions(xw_world *w, jt_error *err) {
    size_t cap = (size_t)JT_OP_COUNT * (size_t)w->U * (size_t)(w->J + w->owners) +
                 (size_t)w->J * 4 + 1,
           k = 0;
    int j, kind, rc;
    w->acts = jt_calloc(cap, sizeof *w->acts);
    if (!w->acts)
        return nomem(err);
    rc = make_statements(w, &k, err);
    w->nstatements = w->first_step = k;
    for (j = 1; j <= w->J && rc == JT_OK; j++)
        for (kind = XW_START; kind <= XW_FAIL && rc == JT_OK; kind++)
            rc = add_action(w, k++, (xw_action){(uint8_t)kind, 0, 0, 0, j, 0, 0}, NULL, NULL, err);
    w->advance = SIZE_MAX;
    if (rc == JT_OK && jobs_move(w->profile)) {
        w->advance = k;
        rc = add_action(w, k++, (xw_action){XW_ADVANCE, 0, 0, 0, 0, 0, 0}, NULL, NULL, err);
    }
    w->first_check = k;
    for (j = 1; j <= w->J && rc == JT_OK; j++)
        rc = add_action(w, k++, (xw_action){XW_CHECK, 0, 0, 0, j, 0, 0}, NULL, NULL, err);
    w->nacts = k;
    return rc;
}

int xw_init(xw_world *w, const jt_explore_config *cfg, const jt_profile *p, jt_error *err) {
    const jt_profile *ref = jt_profile_find(p->name);
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    /* the scope is the release's: a variant (a test's faulty copy keeps the name) has the
       users, jobs and actions of the profile it varies */
    w->profile = ref ? ref : p;
    w->J = cfg->jobs;
    w->U = cfg->users > 0 ? cfg->users : xw_default_users(w->profile);
    w->owners = w->U < w->J ? w->U : w->J;
    w->model_of = cfg->model_of;
    w->invariants = jt_explore_invariants(p);
    if (w->J < 1 || w->J > JT_EXPLORE_MAX_JOBS)
        return jt_error_set(err, JT_EINVAL, 0, "--jobs: expected 1 to %d, got %d",
                            JT_EXPLORE_MAX_JOBS, w->J);
    if (w->U < 1 || w->U > JT_EXPLORE_MAX_USERS)
        return jt_error_set(err, JT_EINVAL, 0, "--users: expected 1 to %d, got %d",
                            JT_EXPLORE_MAX_USERS, w->U);
    make_users(w);
    make_jobs(w);
    if (xw_local_id(w, JT_ST_PENDING, NULL) != 0)
        return nomem(err);
    return make_actions(w, err);
}

void xw_dispose(xw_world *w) {
    size_t i;
    int e;
    for (i = 0; w->acts && i < w->nacts; i++) {
        free(w->acts[i].sql);
        free(w->acts[i].selection);
    }
    free(w->acts);
    for (e = 0; e < w->nerrors; e++)
        free(w->errors[e]);
    pthread_mutex_destroy(&w->lock);
}

/* ---- local states ---------------------------------------------------------------------- */

int xw_local_id(xw_world *w, int status, const char *error) {
    int e = -1, i;
    if (error) {
        for (e = 0; e < w->nerrors && strcmp(w->errors[e], error) != 0; e++)
            ;
        if (e == w->nerrors) {
            if (w->nerrors == XW_MAX_LOCAL || !(w->errors[e] = jt_strdup(error)))
                return -1;
            w->nerrors++;
        }
    }
    for (i = 0; i < w->nlocal; i++)
        if (w->local[i].status == status && w->local[i].error == e)
            return i;
    if (w->nlocal == XW_MAX_LOCAL)
        return -1;
    w->local[i].status = (uint8_t)status;
    w->local[i].error = (int8_t)e;
    w->nlocal++;
    return i;
}

void xw_local_name(const xw_world *w, int ls, char *buf, size_t size) {
    const xw_local *l = &w->local[ls];
    if (l->error < 0)
        snprintf(buf, size, "%s", w->profile->status_names[l->status]);
    else
        snprintf(buf, size, "%s (%s)", w->profile->status_names[l->status], w->errors[l->error]);
}

void xw_describe(const xw_world *w, const uint8_t *st, char *buf, size_t size) {
    size_t n = 0;
    int j;
    buf[0] = '\0';
    for (j = 0; j < w->J && n < size; j++) {
        char name[JT_MESSAGE_MAX];
        xw_local_name(w, st[j], name, sizeof name);
        n += (size_t)snprintf(buf + n, size - n, "%s%d:%s", j ? " " : "", j + 1, name);
    }
}

/* ---- fixtures -------------------------------------------------------------------------- */

void xw_job_fixture(const xw_world *w, int j, int ls, int make, jt_fixture *fx) {
    const xw_local *l = &w->local[ls];
    memset(fx, 0, sizeof *fx);
    fx->kind = JT_FIXTURE_JOB;
    fx->id = j;
    fx->type = w->profile->type_names[w->type[j - 1]];
    fx->status = w->profile->status_names[l->status];
    fx->error = l->error >= 0 ? w->errors[l->error] : NULL;
    if (make)
        fx->user = w->users[w->owner[j - 1]].name;
}

static void user_fixture(const xw_world *w, int u, jt_fixture *fx) {
    const xw_user *x = &w->users[u];
    memset(fx, 0, sizeof *fx);
    fx->kind = JT_FIXTURE_USER;
    fx->name = x->name;
    fx->admin = x->admin;
    fx->options = x->options;
    fx->member_of = x->member_of >= 0 ? w->users[x->member_of].name : NULL;
}

static int fixture(struct jt_session *s, const jt_fixture *fx, jt_strbuf *sb, jt_error *err) {
    int rc = jt_session_fixture(s, fx, err);
    if (rc == JT_OK && sb && (jt_casewrite_fixture(sb, fx) < 0 || jt_strbuf_add(sb, "\n", 1) < 0))
        rc = nomem(err);
    return rc;
}

int xw_setup(const xw_world *w, struct jt_session *s, jt_strbuf *sb, jt_error *err) {
    jt_fixture fx;
    int u, j, rc = JT_OK;
    for (u = 1; u < w->U && rc == JT_OK; u++) {
        user_fixture(w, u, &fx);
        rc = fixture(s, &fx, sb, err);
    }
    for (j = 1; j <= w->J && rc == JT_OK; j++) {
        xw_job_fixture(w, j, 0, 1, &fx);
        rc = fixture(s, &fx, sb, err);
    }
    return rc;
}
