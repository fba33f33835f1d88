/* jobtck explore: the run of a search (plain, memoised, verify or bitstate), what becomes of the
   violations it finds, and its result lines. See sim/search/explore.h. */
#include "sim/search/explore.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim/cases/casewrite.h"
#include "sim/drivers/session.h"
#include "sim/search/explore_search.h"
#include "sim/search/explore_trace.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int xs_violation(xs_run *x, const size_t *path, size_t npath, size_t action, const xw_obs *obs) {
    xt_violation v;
    char *text = NULL;
    int rc, confirmed = 0;
    v.path = path;
    v.npath = npath;
    v.action = action;
    v.obs = *obs;
    x->rep->violation = obs->viol;
    snprintf(x->rep->message, sizeof x->rep->message, "%s", obs->message);
    rc = xt_check(&x->w, x->s, x->cfg, &v, x->rep, &text, &confirmed, x->err);
    if (rc == JT_OK && confirmed) {
        x->confirmed = 1;
        rc = jt_casewrite_atomic(x->rep->trace_path, text, strlen(text), x->err);
    } else if (rc == JT_OK) { /* its replay does not show it: the search goes on */
        x->rep->unconfirmed++;
        if (!x->first_text) {
            x->first_inv = x->rep->violation;
            memcpy(x->first_message, x->rep->message, sizeof x->first_message);
            x->first_records = x->rep->trace_records;
            x->first_text = text;
            text = NULL;
        }
        x->rep->violation = JT_INV_NONE;
    }
    free(text);
    return rc < 0 ? rc : confirmed;
}

/* The session's model and profile, its capabilities for the search. */
static int check_session(const jt_explore_config *cfg, const jt_profile **p, jt_error *err) {
    jt_session *s = cfg->session;
    const jt_model *m = cfg->model_of ? cfg->model_of(jt_session_conn(s)) : jt_session_model(s);
    if (!m)
        return jt_error_set(err, JT_EINVAL, 0,
                            "driver %s: the explorer reads the state of the model behind the "
                            "connection (model, or a table of one's own with model_of)",
                            jt_session_name(s));
    if (!(jt_session_caps(s) & JT_CAP_FIXTURES))
        return jt_error_set(err, JT_ENOTSUP, 0, "driver %s lacks fixtures", jt_session_name(s));
    *p = jt_model_profile(m);
    return JT_OK;
}

static void print_head(const xs_run *x) {
    const xw_world *w = &x->w;
    size_t steps = w->first_check - w->first_step;
    char prof[64] = "";
    if (!x->cfg->out)
        return;
    if (!jt_strcaseeq(w->profile->name, JT_PROFILE_DEFAULT))
        snprintf(prof, sizeof prof, "profile %s, ", w->profile->name);
    fprintf(x->cfg->out,
            "explore: %s%d job%s, %d user%s, %zu statements and %zu progress steps per state%s, "
            "depth %s\n",
            prof, w->J, w->J == 1 ? "" : "s", w->U, w->U == 1 ? "" : "s", w->nstatements,
            w->advance == SIZE_MAX ? steps : steps - 1,
            w->advance == SIZE_MAX ? "" : " and a step of the virtual clock",
            x->cfg->depth < 0 ? "unbounded" : "bounded");
}

/* The figures of the search: time, rates, memory. */
static void print_figures(const xs_run *x) {
    const jt_explore_report *out = x->rep;
    FILE *o = x->cfg->out;
    double t = out->elapsed_s > 0 ? out->elapsed_s : 1e-9;
    fprintf(o, "elapsed %.3f s, %.0f states/s", out->elapsed_s, (double)out->states / t);
    if (x->cfg->mode != JT_EXPLORE_PLAIN)
        fprintf(o,
                ", %.0f transitions/s; cpu %.3f s, %d thread%s; memo %zu contexts in %.3f s; %s, "
                "%.1f bytes/state",
                (double)out->transitions / t, out->cpu_s, out->threads,
                out->threads == 1 ? "" : "s", out->contexts, out->memo_s, out->store,
                out->states ? (double)out->memory / (double)out->states : 0.0);
    fputc('\n', o);
    if (x->cfg->mode == JT_EXPLORE_VERIFY)
        fprintf(o,
                "verified: %zu actions run in whole states gave what the memo said, over %zu "
                "distinct contexts\n",
                out->verified_runs, out->verified);
}

/* The result lines: the figures, then the violation and its trace, or none. */
static void print_result(const xs_run *x) {
    const jt_explore_report *out = x->rep;
    FILE *o = x->cfg->out;
    char prof[64];
    int n = __builtin_popcount(x->w.invariants);
    fprintf(o, "states %zu, transitions %zu, depth %d%s\n", out->states, out->transitions,
            out->depth,
            out->complete  ? ", fixed point reached"
            : x->confirmed ? ", stopped at the first violation"
            : x->full      ? ", stopped at the state limit"
            : out->partial ? ", a partial search"
                           : ", bounded by --depth");
    if (out->partial)
        fprintf(o,
                "partial search (bitstate hashing, %d bits a state): expected coverage %.4f%% "
                "of the reachable states; not a proof\n",
                x->cfg->bitstate_hashes ? x->cfg->bitstate_hashes : 3, out->coverage * 100);
    print_figures(x);
    if (!out->violation) {
        fprintf(o, "no violation of the %d invariants\n", n);
        return;
    }
    fprintf(o, "violation: %s\n  %s\n", jt_invariant_name(out->violation), out->message);
    if (x->confirmed && out->unconfirmed)
        fprintf(o,
                "  (found after %zu violation%s that the replay of its trace did not "
                "show: they depend on the jobs' history, which states merge)\n",
                out->unconfirmed, out->unconfirmed == 1 ? "" : "s");
    if (!x->confirmed)
        fprintf(o,
                "  (not confirmed: its trace replays without it, as it depends on the "
                "jobs' history, which the state hash merges; %zu such)\n",
                out->unconfirmed);
    fprintf(o, "trace: %zu records in %s (%zu failing on replay)\n", out->trace_records,
            out->trace_path, out->replay_failures);
    fprintf(o, "replay: jobtck run %s--driver %s %s\n", xt_profile_words(&x->w, prof, sizeof prof),
            x->cfg->driver_spec ? x->cfg->driver_spec : jt_session_spec(x->s), out->trace_path);
}

/* What the search ended with: complete or not, the first unconfirmed violation when no
   confirmed one was found. */
static int finish(xs_run *x, int rc) {
    jt_explore_report *out = x->rep;
    out->complete = rc == JT_OK && !x->confirmed && x->unexpanded == 0 && !x->full && !out->partial;
    if (rc == JT_OK && !x->confirmed && x->first_text) {
        out->violation = x->first_inv;
        memcpy(out->message, x->first_message, sizeof out->message);
        out->trace_records = x->first_records;
        out->replay_failures = 0;
        rc = jt_casewrite_atomic(out->trace_path, x->first_text, strlen(x->first_text), x->err);
    }
    return rc;
}

static int run(xs_run *x) {
    const jt_explore_config *cfg = x->cfg;
    if (x->w.advance != SIZE_MAX && !jt_session_has_advance(x->s))
        return jt_error_set(x->err, JT_ENOTSUP, 0,
                            "profile %s: the jobs move on their own, and driver %s has no "
                            "virtual clock (advance) for the explorer to move them",
                            x->w.profile->name, jt_session_name(x->s));
    if (cfg->mode == JT_EXPLORE_PLAIN)
        return xs_plain(x);
    return xs_memo(x);
}

int jt_explore_run(jt_explore_report *out, const jt_explore_config *cfg, jt_error *err) {
    const jt_profile *p = NULL;
    double t0 = now_s(), c0 = cpu_s();
    xs_run x;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&x, 0, sizeof x);
    snprintf(out->trace_path, sizeof out->trace_path, "%s",
             cfg->trace_path ? cfg->trace_path : "explore-trace.test");
    x.cfg = cfg;
    x.rep = out;
    x.err = err;
    x.s = cfg->session;
    out->threads = 1;
    rc = check_session(cfg, &p, err);
    if (rc == JT_OK)
        rc = xw_init(&x.w, cfg, p, err);
    if (rc == JT_OK)
        rc = jt_session_restart(x.s, err);
    if (rc == JT_OK)
        print_head(&x);
    if (rc == JT_OK)
        rc = run(&x);
    out->elapsed_s = now_s() - t0;
    out->cpu_s = cpu_s() - c0;
    rc = finish(&x, rc);
    if (cfg->out && rc == JT_OK)
        print_result(&x);
    if (x.w.acts)
        xw_dispose(&x.w);
    free(x.first_text);
    if (cfg->out)
        fflush(cfg->out);
    return rc;
}
