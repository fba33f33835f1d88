/* A violation's trace: the path to it rendered as a case file on a new connection, then the
   records that state the invariant, replayed with the runner. See explore_trace.h. */
#include "sim/search/explore_trace.h"

#include <stdlib.h>
#include <string.h>

#include "sim/cases/case.h"
#include "sim/cases/casewrite.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"

/* Where a rendering stands: the connection the trace runs on, read through an oracle, and the
   session user of the records so far. */
typedef struct render {
    xw_world *w;
    xw_oracle o;
    jt_strbuf *sb;
    const char *session;
    uint8_t st[JT_EXPLORE_MAX_JOBS]; /* the state the connection is in */
} render;

static int add_session(render *r, const char *user) {
    if (strcmp(r->session, user) == 0)
        return JT_OK;
    r->session = user;
    return jt_strbuf_addf(r->sb, "user %s\n\n", user);
}

/* Runs sql as user u on the trace's connection and renders it with its result. */
static int render_exec(render *r, int u, const char *sql) {
    jt_result res;
    int rc = add_session(r, r->w->users[u].name);
    if (rc == JT_OK)
        rc = xw_exec(&r->o, u, sql, &res);
    if (rc < 0)
        return rc;
    rc = jt_casewrite_expect(r->sb, sql, &res);
    jt_session_free_result(r->o.s, &res);
    return rc == JT_OK ? jt_strbuf_add(r->sb, "\n", 1) : rc;
}

/* `query IT [retry]` over system.jobs expecting the jobs' statuses in st. */
static int expect_statuses(render *r, const uint8_t *st, int retry) {
    int j, rc = add_session(r, "root");
    if (rc == JT_OK)
        rc = jt_strbuf_addf(r->sb, "query IT%s\nSELECT id, status FROM system.jobs\n----\n",
                            retry ? " retry" : "");
    for (j = 0; j < r->w->J && rc == JT_OK; j++)
        rc = jt_strbuf_addf(r->sb, "%d %s\n", j + 1,
                            r->w->profile->status_names[r->w->local[st[j]].status]);
    return rc == JT_OK ? jt_strbuf_add(r->sb, "\n", 1) : rc;
}

/* One step of the virtual clock on the connection, rendered as the statuses it leads to (a
   `retry` query: the runner moves the clock until they show). */
static int render_advance(render *r) {
    int64_t moved = 0;
    int rc = jt_session_advance(r->o.s, &moved, r->o.err);
    if (rc == JT_OK)
        rc = xw_read(&r->o, r->st);
    return rc == JT_OK ? expect_statuses(r, r->st, 1) : rc;
}

/* Action ai on the connection, rendered with the result it gave (or its fixture). */
static int render_step(render *r, size_t ai) {
    const xw_action *a = &r->w->acts[ai];
    jt_fixture fx;
    int rc, ls;
    if (a->kind == XW_STATEMENT) {
        rc = render_exec(r, a->user, a->sql);
        return rc == JT_OK ? xw_read(&r->o, r->st) : rc;
    }
    if (a->kind == XW_ADVANCE)
        return render_advance(r);
    ls = xw_local_id(r->w,
                     a->kind == XW_START     ? JT_ST_RUNNING
                     : a->kind == XW_SUCCEED ? JT_ST_SUCCEEDED
                                             : JT_ST_FAILED,
                     NULL);
    if (ls < 0)
        return JT_ENOMEM;
    xw_job_fixture(r->w, a->job, ls, 0, &fx);
    rc = jt_session_fixture(r->o.s, &fx, r->o.err);
    if (rc == JT_OK)
        rc = jt_casewrite_fixture(r->sb, &fx);
    if (rc == JT_OK)
        rc = xw_read(&r->o, r->st);
    return rc == JT_OK ? jt_strbuf_add(r->sb, "\n", 1) : rc;
}

/* PAUSE_RESUME: PAUSE, the clock until it took effect, RESUME; then the job must run. */
static int end_pause_resume(render *r, int j) {
    char sql[XW_SQL_MAX];
    int rc, k;
    for (k = 0, rc = JT_OK; k < 2 && rc == JT_OK; k++) {
        snprintf(sql, sizeof sql, "%s JOB %d",
                 r->w->profile->op_words[k ? JT_OP_RESUME : JT_OP_PAUSE], j);
        rc = render_exec(r, 0, sql);
        if (rc == JT_OK && k == 0 && r->w->advance != SIZE_MAX) {
            int64_t moved = 1;
            int n;
            for (n = 0; moved > 0 && n < JT_LIMIT_PROGRESS && rc == JT_OK; n++)
                rc = jt_session_advance(r->o.s, &moved, r->o.err);
            if (rc == JT_OK)
                rc = xw_read(&r->o, r->st);
            if (rc == JT_OK)
                rc = expect_statuses(r, r->st, 1);
        }
    }
    if (rc == JT_OK)
        rc = jt_strbuf_addf(r->sb,
                            "query IT\nSELECT job_id, status FROM [SHOW JOBS] WHERE job_id = "
                            "%d\n----\n%d running\n\n",
                            j, j);
    return rc;
}

/* ATOMIC: the jobs as crdb_internal.jobs shows them before the step, and after. */
static int end_atomic(render *r, size_t ai) {
    static const char *const all = "SELECT * FROM crdb_internal.jobs";
    jt_result was;
    int rc = xw_exec(&r->o, 0, all, &was);
    if (rc < 0)
        return rc;
    rc = render_step(r, ai);
    if (rc == JT_OK)
        rc = add_session(r, "root");
    if (rc == JT_OK)
        rc = jt_casewrite_expect(r->sb, all, &was);
    jt_session_free_result(r->o.s, &was);
    return rc == JT_OK ? jt_strbuf_add(r->sb, "\n", 1) : rc;
}

/* NOSCHEMA, TERMINAL, PAUSE_ENDS: the step as it went, then the statuses it should leave. */
static int end_states(render *r, size_t ai) {
    const xw_world *w = r->w;
    uint8_t before[JT_EXPLORE_MAX_JOBS], due[JT_EXPLORE_MAX_JOBS];
    int j, rc;
    memcpy(before, r->st, sizeof before);
    rc = render_step(r, ai);
    if (rc < 0)
        return rc;
    for (j = 0; j < w->J; j++) {
        int s0 = w->local[before[j]].status, s1 = w->local[r->st[j]].status;
        due[j] = r->st[j];
        if (w->profile->terminal[s0] ||
            (w->type[j] == JT_TY_SCHEMA_CHANGE && s1 == JT_ST_PAUSED && s0 != JT_ST_PAUSED) ||
            (s0 == JT_ST_PAUSE_REQUESTED && s1 != JT_ST_PAUSED && !w->profile->terminal[s1]))
            due[j] = before[j];
    }
    return expect_statuses(r, due, w->acts[ai].kind == XW_ADVANCE);
}

/* The records that state the violated invariant, after the trace. */
static int render_end(render *r, const xt_violation *v) {
    const xw_action *a = &r->w->acts[v->action];
    int inv = v->obs.viol;
    int rc = jt_strbuf_addf(r->sb, "# The invariant: %s.\n\n", jt_invariant_name(inv));
    if (rc < 0)
        return rc;
    switch (inv) {
    case JT_INV_PRIVILEGE:
    case JT_INV_CONTROLJOB:
    case JT_INV_ADMIN_OWNED:
    case JT_INV_OWNER:
        rc = add_session(r, r->w->users[a->user].name);
        return rc == JT_OK ? jt_strbuf_addf(r->sb, "statement %s\n%s\n\n",
                                            inv == JT_INV_OWNER ? "ok" : "error .*", a->sql)
                           : rc;
    case JT_INV_BULK:
        rc = add_session(r, r->w->users[a->user].name);
        if (rc == JT_OK)
            rc = jt_casewrite_expect(r->sb, a->sql, &v->obs.expect_res);
        if (rc == JT_OK)
            rc = jt_strbuf_add(r->sb, "\n", 1);
        return rc == JT_OK ? expect_statuses(r, v->obs.expect_after, 0) : rc;
    case JT_INV_PAUSE_RESUME:
        return end_pause_resume(r, v->obs.check_job);
    case JT_INV_ATOMIC:
        return end_atomic(r, v->action);
    default:
        return end_states(r, v->action);
    }
}

const char *xt_profile_words(const xw_world *w, char *buf, size_t size) {
    if (jt_strcaseeq(w->profile->name, JT_PROFILE_DEFAULT))
        return "";
    snprintf(buf, size, "--profile %s ", w->profile->name);
    return buf;
}

static int render_head(render *r, const jt_explore_config *cfg, const xt_violation *v) {
    const char *spec = cfg->driver_spec ? cfg->driver_spec : jt_session_spec(r->o.s);
    char prof[64];
    const char *pw = xt_profile_words(r->w, prof, sizeof prof);
    return jt_strbuf_addf(r->sb,
                          "# jobtck explore %s--jobs %d --users %d: the invariant \"%s\" does not "
                          "hold\n# for driver %s after %zu step%s from every job pending:\n# %s\n"
                          "# Replay: jobtck run %s--driver %s FILE\n\ncovers PJ-STATES %s\n\n",
                          pw, r->w->J, r->w->U, jt_invariant_name(v->obs.viol), spec, v->npath,
                          v->npath == 1 ? "" : "s", v->obs.message, pw, spec,
                          xw_covers_of(v->obs.viol));
}

/* The trace of v as a case file in sb: its records run on a new connection of s. */
static int render_trace(xw_world *w, struct jt_session *s, const jt_explore_config *cfg,
                        const xt_violation *v, jt_strbuf *sb, jt_error *err) {
    struct jt_session *conn = NULL;
    render r;
    size_t k;
    int rc = jt_session_open_again(&conn, s, err);
    memset(&r, 0, sizeof r);
    r.w = w;
    r.sb = sb;
    r.session = "root";
    xw_oracle_init(&r.o, w, conn, err);
    if (rc == JT_OK)
        rc = render_head(&r, cfg, v);
    if (rc == JT_OK)
        rc = xw_setup(w, conn, sb, err);
    for (k = 0; k < v->npath && rc == JT_OK; k++)
        rc = render_step(&r, v->path[k]);
    if (rc == JT_OK)
        rc = render_end(&r, v);
    jt_session_close(conn);
    if (rc == JT_ENOMEM)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    return rc;
}

static size_t count_records(const char *text) {
    size_t n = 0;
    for (; (text = strchr(text, '\n')) != NULL; text++)
        if (strncmp(text, "\nstatement ", 11) == 0 || strncmp(text, "\nquery ", 7) == 0 ||
            strncmp(text, "\nfixture ", 9) == 0)
            n++;
    return n;
}

int xt_check(xw_world *w, struct jt_session *s, const jt_explore_config *cfg, const xt_violation *v,
             jt_explore_report *rep, char **text, int *confirmed, jt_error *err) {
    jt_runner_config rcfg;
    jt_runner *runner = NULL;
    jt_case_file *cf = NULL;
    jt_strbuf sb;
    int rc;
    *confirmed = 0;
    *text = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_SQL * 4);
    memset(&rcfg, 0, sizeof rcfg);
    rcfg.profile = w->profile->name;
    rc = render_trace(w, s, cfg, v, &sb, err);
    if (rc == JT_OK)
        rc = jt_case_parse(&cf, rep->trace_path, sb.data, sb.len, err);
    if (rc == JT_OK)
        rc = jt_session_open_again(&rcfg.session, s, err);
    if (rc == JT_OK)
        rc = jt_runner_new(&runner, &rcfg, err);
    if (rc == JT_OK) {
        rc = jt_runner_run_case(runner, cf, err);
        cf = NULL; /* the runner took it */
    }
    if (rc == JT_OK) {
        rep->replay_failures = jt_runner_result(runner)->failed;
        rep->trace_records = count_records(sb.data);
        *confirmed = rep->replay_failures > 0;
        if (!(*text = jt_strbuf_take(&sb)))
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    jt_case_free(cf);
    jt_runner_free(runner);
    jt_strbuf_dispose(&sb);
    return rc;
}
