/* jobtck doc, statements: the page's statements run in order on a driver, in the world the page
   implies, time moving on between two examples, and what comes back compared with what the
   page shows (doc_compare.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/doc/doc.h"
#include "sim/doc/doc_compare.h"
#include "sim/doc/doc_internal.h"
#include "sim/drivers/drivers.h"
#include "sim/drivers/session.h"

int jt_doc_open_oracle(jt_session **out, const jt_doc_config *cfg, const char *profile,
                       jt_error *err) {
    const unsigned need = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET;
    jt_options opts;
    int rc;
    *out = NULL;
    jt_options_init(&opts);
    if (cfg->oracle)
        rc = jt_session_open_driver(out, cfg->oracle, cfg->oracle_target, NULL, err);
    else if ((rc = jt_options_add(&opts, "profile", profile ? profile : jt_doc_profile(cfg),
                                  err)) == JT_OK)
        rc = jt_session_open(out, "model", &opts, err);
    jt_options_dispose(&opts);
    if (rc == JT_OK && (jt_session_caps(*out) & need) != need)
        rc = jt_error_set(err, JT_ENOTSUP, 0,
                          "driver %s cannot check claims: it needs fixtures, users and reset",
                          jt_session_name(*out));
    if (rc < 0) {
        jt_session_close(*out);
        *out = NULL;
    }
    return rc;
}

const char *jt_doc_profile(const jt_doc_config *cfg) {
    const char *p = cfg->session ? jt_session_option(cfg->session, "profile") : NULL;
    if (cfg->profile)
        return cfg->profile;
    return p ? p : JT_PROFILE_DEFAULT;
}

int jt_doc_settle(jt_session *s, int *moved, jt_error *err) {
    int k;
    if (moved)
        *moved = 0;
    if (!jt_session_has_advance(s))
        return JT_OK;
    for (k = 0; k < JT_LIMIT_PROGRESS; k++) {
        int64_t n = 0;
        int rc = jt_session_advance(s, &n, err);
        if (rc == JT_ENOTSUP)
            return JT_OK;
        if (rc < 0)
            return rc;
        if (n == 0)
            break;
        if (moved)
            *moved = 1;
    }
    return JT_OK;
}

/* Every statement of the page skipped: the driver cannot make the world it implies. */
static int skip_all(jt_doc_report *out, const jt_doc_page *page, const char *driver,
                    jt_error *err) {
    size_t k;
    for (k = 0; k < page->nstmts; k++) {
        const jt_doc_stmt *st = &page->stmts[k];
        int rc = jt_doc_report_item(
            out, st->line, JT_DOC_SKIP, JT_DOC_FIND_LIMIT, "statement",
            jt_doc_finding_msg(page->path, st->line, JT_DOC_FIND_LIMIT,
                               "not run: driver %s cannot create the jobs and users the page "
                               "implies",
                               driver),
            NULL);
        if (rc < 0)
            return jt_error_set(err, rc, 0, "out of memory");
        jt_doc_report_last(out)->sql = st->sql;
    }
    return JT_OK;
}

/* The fixtures of the world due before statement k, from *f on: one the driver refuses is a
   limit of the kit (the model of that release has no such type or status). */
static int world_before(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                        size_t k, size_t *f, jt_session *s, int *refused) {
    *refused = 0;
    for (; *f < w->nfx && w->fx[*f].before <= k; (*f)++) {
        const jt_doc_fixture *fx = &w->fx[*f];
        jt_error derr;
        char what[96];
        memset(&derr, 0, sizeof derr);
        if (jt_session_fixture(s, &fx->fx, &derr) == JT_OK)
            continue;
        *refused = 1;
        if (fx->fx.kind == JT_FIXTURE_JOB)
            snprintf(what, sizeof what, "job %lld", (long long)fx->fx.id);
        else
            snprintf(what, sizeof what, "user %.60s", fx->fx.name);
        if (jt_doc_report_item(out, fx->line, JT_DOC_SKIP, JT_DOC_FIND_LIMIT, "page",
                               jt_doc_finding_msg(page->path, fx->line, JT_DOC_FIND_LIMIT,
                                                  "driver %s cannot make the %s the page "
                                                  "implies: %s",
                                                  jt_session_name(s), what, derr.message),
                               NULL) < 0)
            return JT_ENOMEM;
    }
    return JT_OK;
}

/* Statement st on the session, as its prompt's user, compared with the page (unless the world
   it needs could not be made: what it gives then says nothing of the page). */
static int check_one(jt_doc_cmp *c, const jt_doc_stmt *st, jt_session *s, int refused) {
    jt_result res;
    jt_error derr;
    int rc;
    memset(&res, 0, sizeof res);
    memset(&derr, 0, sizeof derr);
    res.count = -1;
    rc = jt_session_exec(s, st->user ? st->user : "root", st->sql, &res, &derr);
    if (rc == JT_ENOMEM)
        return rc;
    if (rc < 0)
        return jt_doc_report_add(c->rep, st->line, JT_DOC_SKIP,
                                 jt_doc_finding_msg(c->page->path, st->line, JT_DOC_FIND_LIMIT,
                                                    "driver failure: %s", derr.message),
                                 NULL);
    c->rep->examples++;
    c->findings = 0;
    c->st = st;
    if (st->out != JT_DOC_OUT_OTHER && !refused) /* else an item says why it is not compared */
        rc = jt_doc_compare(c, &res);
    jt_session_free_result(s, &res);
    if (rc != JT_OK || st->out == JT_DOC_OUT_OTHER || refused)
        return rc;
    if (c->findings == 0 || jt_doc_report_last(c->rep)->finding == JT_DOC_FIND_PAGE)
        c->rep->outputs += st->out != JT_DOC_OUT_NONE;
    if (c->findings)
        return JT_OK;
    rc = jt_doc_report_item(c->rep, st->line, JT_DOC_PASS, JT_DOC_FIND_NONE, "statement", NULL,
                            NULL);
    if (rc == JT_OK) {
        jt_doc_report_last(c->rep)->sql = st->sql;
        jt_doc_report_last(c->rep)->compared = st->out != JT_DOC_OUT_NONE;
    }
    return rc;
}

/* The page's contradictions at statement k (findings, or notes on a statement that follows
   one): the statement is not compared. */
static int conflicts_of(jt_doc_cmp *c, const jt_doc_world *w, size_t k, int *skip) {
    size_t i;
    int rc = JT_OK;
    for (i = 0; i < w->nconflicts && rc == JT_OK; i++) {
        char *m;
        if (w->conflicts[i].stmt != k)
            continue;
        *skip = 1;
        m = jt_strdup(w->conflicts[i].message);
        rc = jt_doc_report_item(c->rep, w->conflicts[i].line,
                                w->conflicts[i].finding == JT_DOC_FIND_PAGE ? JT_DOC_FAIL
                                                                            : JT_DOC_SKIP,
                                w->conflicts[i].finding, "statement", m, NULL);
        if (rc == JT_OK)
            jt_doc_report_last(c->rep)->sql = c->page->stmts[k].sql;
    }
    return rc;
}

/* The statements in order; before the first statement of each example (sql block) but the
   first, the jobs move on as far as they can, as they would while a reader reads on. */
static int run_all(jt_doc_cmp *c, const jt_doc_page *page, const jt_doc_world *w, jt_session *s,
                   jt_error *err) {
    size_t k, f = 0;
    int rc = jt_session_restart(s, err), refused = 0;
    for (k = 0; k < page->nstmts && rc == JT_OK; k++) {
        if (k > 0 && page->stmts[k].block != page->stmts[k - 1].block)
            rc = jt_doc_settle(s, NULL, err);
        if (rc == JT_OK)
            rc = world_before(c->rep, page, w, k, &f, s, &refused);
        if (rc == JT_OK)
            rc = conflicts_of(c, w, k, &refused);
        if (rc == JT_OK)
            rc = check_one(c, &page->stmts[k], s, refused);
        if (rc == JT_ENOMEM)
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    return rc;
}

int jt_doc_check_statements(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                            const jt_doc_config *cfg, jt_error *err) {
    jt_session *s = cfg->session;
    jt_doc_cmp c;
    char who[160];
    memset(&c, 0, sizeof c);
    c.page = page;
    c.rep = out;
    c.model = jt_session_model(s) != NULL;
    /* the model says which profile it ran; another driver, its name */
    if (c.model)
        snprintf(who, sizeof who, "%s",
                 jt_session_option(s, "profile") ? jt_session_option(s, "profile")
                                                 : jt_doc_profile(cfg));
    else
        snprintf(who, sizeof who, "driver %s", jt_session_name(s));
    c.who = who;
    if (!page->nstmts)
        return JT_OK;
    if (w->nfx && !(jt_session_caps(s) & JT_CAP_FIXTURES))
        return skip_all(out, page, jt_session_name(s), err);
    return run_all(&c, page, w, s, err);
}

int jt_doc_check(jt_doc_report *out, const jt_doc_page *page, const jt_doc_config *cfg,
                 jt_error *err) {
    jt_doc_world w;
    size_t i;
    int rc = jt_doc_world_build(&w, page, err);
    if (rc < 0)
        return rc;
    for (i = 0; i < page->nissues && rc == JT_OK; i++) {
        const jt_doc_issue *is = &page->issues[i];
        char *m = jt_strdup(is->message);
        int outcome = is->finding == JT_DOC_FIND_PAGE   ? JT_DOC_FAIL
                      : is->finding == JT_DOC_FIND_NONE ? JT_DOC_NOTE
                                                        : JT_DOC_SKIP;
        rc = jt_doc_report_item(out, is->line, outcome, is->finding, "page", m, NULL);
        if (rc < 0)
            rc = jt_error_set(err, rc, 0, "out of memory");
    }
    if (rc == JT_OK)
        rc = jt_doc_check_statements(out, page, &w, cfg, err);
    if (rc == JT_OK)
        rc = jt_doc_check_claims(out, page, &w, cfg, err);
    jt_doc_world_dispose(&w);
    jt_doc_report_sort(out);
    return rc;
}
