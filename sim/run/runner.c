/* The runner's loop: a case file's records in order on one session, verified or completed
   (see sim/run/runner.h; a record's own run is record.c's). */
#include "sim/run/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run/casecache.h"
#include "sim/run/internal.h"
#include "sim/text/strbuf.h"

int jt_runner_new(jt_runner **out, const jt_runner_config *cfg, jt_error *err) {
    jt_runner *r = NULL;
    *out = NULL;
    JT_ASSERT(cfg->session != NULL);
    if (cfg->shard_count > 1 && (cfg->shard_index < 1 || cfg->shard_index > cfg->shard_count)) {
        jt_session_close(cfg->session);
        return jt_error_set(err, JT_EINVAL, 0, "shard %u/%u: expected K/N with 1 <= K <= N",
                            cfg->shard_index, cfg->shard_count);
    }
    if (!jt_profile_find(cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT)) {
        jt_session_close(cfg->session);
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", cfg->profile);
    }
    r = jt_calloc(1, sizeof *r);
    if (!r) {
        jt_session_close(cfg->session);
        return jt_run_nomem(err);
    }
    r->cfg = *cfg;
    r->session = cfg->session;
    r->profile = cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT;
    r->prof = jt_profile_find(r->profile);
    r->run.expect = cfg->expect;
    *out = r;
    return JT_OK;
}

void jt_runner_free(jt_runner *r) {
    size_t i;
    if (!r)
        return;
    jt_session_close(r->session);
    jt_model_free(r->shadow);
    jt_tag_memo_free(r->tags);
    for (i = 0; i < r->run.nfiles; i++)
        jt_run_file_dispose(&r->run.files[i]);
    free(r->run.files);
    free(r);
}

const jt_run_result *jt_runner_result(const jt_runner *r) {
    return &r->run;
}

/* ---- a file's gate ------------------------------------------------------------------- */

/* What the driver lacks for this file, or NULL. */
static const char *lacking(const jt_runner *r, const jt_case_file *cf) {
    unsigned caps = jt_session_caps(r->session);
    size_t i;
    for (i = 0; i < cf->nrecords; i++) {
        const jt_case_record *rec = &cf->records[i];
        if (rec->kind == JT_CASE_FIXTURE && !(caps & JT_CAP_FIXTURES))
            return "fixtures";
        if (rec->kind == JT_CASE_FIXTURE && (rec->fixture.options || rec->fixture.member_of) &&
            !(caps & JT_CAP_ROLES))
            return "role fixtures (role options, role members)";
        if (rec->kind == JT_CASE_FIXTURE && (rec->fixture.schedule || rec->fixture.age_s) &&
            !(caps & JT_CAP_JOB_META))
            return "job fixtures with a schedule or an age";
        if (rec->kind == JT_CASE_USER && strcmp(rec->arg, JT_RUN_DEFAULT_USER) != 0 &&
            !(caps & JT_CAP_USERS))
            return "users";
    }
    return NULL;
}

/* Whether the file is written for the run's profile (or for any). */
static int written_for(const jt_runner *r, const jt_case_file *cf) {
    size_t i;
    for (i = 0; i < cf->nprofiles; i++)
        if (jt_profile_accepts(r->prof, cf->profiles[i]))
            return 1;
    return cf->nprofiles == 0;
}

/* "written for profile(s) A, B (this run: C)": why a run skips the file. */
static char *other_profile(const jt_runner *r, const jt_case_file *cf) {
    jt_strbuf sb;
    size_t i;
    jt_strbuf_init(&sb, JT_LIMIT_LINE);
    jt_strbuf_adds(&sb, "written for profile");
    for (i = 0; i < cf->nprofiles; i++)
        jt_strbuf_addf(&sb, "%s %s", i ? "," : (cf->nprofiles > 1 ? "s" : ""), cf->profiles[i]);
    jt_strbuf_addf(&sb, " (this run: %s)", r->profile);
    return jt_strbuf_take(&sb);
}

/* A file the run cannot take as it is: verifying, its records are skipped (skip) or failed
   with why (taken); completing, it is an error: code, message. */
static int refuse(jt_runner *r, jt_run_file *st, int skip, char *why, int code, const char *message,
                  jt_error *err) {
    if (r->sink) {
        free(why);
        return jt_error_set(err, code, 0, "%s", message);
    }
    if (!why)
        return jt_run_nomem(err);
    *(skip ? &st->fr->skip_message : &st->abort_reason) = why;
    return JT_OK;
}

/* Whether the file runs here, and a fresh start on the session when it does. */
static int gate(jt_runner *r, jt_run_file *st, jt_error *err) {
    const jt_case_file *cf = st->fr->scenario;
    const char *path = cf->path, *lack = lacking(r, cf);
    char why[JT_MESSAGE_MAX + 64], msg[2 * JT_MESSAGE_MAX];
    jt_error derr;
    memset(&derr, 0, sizeof derr);
    if (!written_for(r, cf)) {
        snprintf(msg, sizeof msg, "%s:%d: written for profile %s: complete it with --profile %s",
                 path, cf->profile_line, cf->profiles[0], cf->profiles[0]);
        return refuse(r, st, 1, other_profile(r, cf), JT_EINVAL, msg, err);
    }
    if (lack) {
        snprintf(why, sizeof why, "driver %s lacks %s", jt_session_name(r->session), lack);
        snprintf(msg, sizeof msg, "%s: %s: cannot complete it", path, why);
        return refuse(r, st, 1, jt_strdup(why), JT_ENOTSUP, msg, err);
    }
    if (jt_session_restart(r->session, &derr) < 0) {
        snprintf(why, sizeof why, "not run: the driver could not start over: %s", derr.message);
        snprintf(msg, sizeof msg, "%s: the driver could not start over: %s", path, derr.message);
        return refuse(r, st, 0, jt_strdup(why), JT_EDRIVER, msg, err);
    }
    return jt_run_shadow_start(r, cf, err);
}

/* ---- records ------------------------------------------------------------------------- */

/* Whether rec's skipif/onlyif let it run here; *reason (in buf) when not. */
static int allowed(const jt_runner *r, const jt_case_record *rec, char *buf, size_t bufsize) {
    size_t i, t;
    for (i = 0; i < rec->nconds; i++) {
        const jt_case_cond *c = &rec->conds[i];
        int match = 0;
        for (t = 0; t < c->ntags && !match; t++)
            match = strcmp(c->tags[t], jt_session_name(r->session)) == 0 ||
                    strcmp(c->tags[t], r->profile) == 0;
        if (match == c->skip) {
            size_t n = (size_t)snprintf(buf, bufsize, "%s", c->skip ? "skipif" : "onlyif");
            for (t = 0; t < c->ntags && n < bufsize; t++)
                n += (size_t)snprintf(buf + n, bufsize - n, " %s", c->tags[t]);
            return 0;
        }
    }
    return 1;
}

static int run_fixture(jt_runner *r, jt_run_file *st, const jt_case_record *rec, jt_error *err) {
    const char *path = st->fr->path;
    jt_error derr;
    int rc = jt_run_shadow_fixture(r, rec, err), refused;
    char reason[JT_MESSAGE_MAX + 64];
    memset(&derr, 0, sizeof derr);
    if (rc == JT_OK)
        rc = jt_session_fixture(r->session, &rec->fixture, &derr);
    if (rc == JT_OK || rc == JT_ENOMEM)
        return rc == JT_OK ? JT_OK : jt_run_nomem(err);
    if (rc == JT_ENOTSUP && !r->sink) {
        /* A fixture this implementation cannot make (role options on an adapter without
           them...): the rest of the file is skipped, never passed nor failed. */
        snprintf(reason, sizeof reason, "driver %s lacks this fixture (line %d): %s",
                 jt_session_name(r->session), rec->line, derr.message);
        st->fr->skip_message = jt_strdup(reason);
        return st->fr->skip_message ? JT_OK : jt_run_nomem(err);
    }
    /* The implementation refuses a fixture its version cannot have (a status of a later
       version): the case file does not fit the run, an input error at the fixture. The session
       is broken: the next file starts on a new connection. */
    refused = rc == JT_EINVAL;
    rc = jt_run_add_record(r, st, rec, refused ? JT_OUTCOME_ERROR : JT_OUTCOME_FAIL,
                           jt_run_message(path, rec->line, refused, "fixture: %s", derr.message),
                           err);
    if (rc < 0)
        return rc;
    snprintf(reason, sizeof reason, "not run: the fixture at line %d failed", rec->line);
    st->abort_reason = jt_strdup(reason);
    return st->abort_reason ? JT_OK : jt_run_nomem(err);
}

/* A record that does not run here (skipif/onlyif: reason; or after halt): skipped
   (verifying), or the sink's to judge (completing). */
static int not_run(jt_runner *r, jt_run_file *st, const jt_case_record *rec, const char *reason,
                   jt_error *err) {
    if (!jt_case_counted(rec))
        return JT_OK;
    if (r->sink)
        return r->sink->not_run(r->sink->ctx, rec, st->halted, err);
    return jt_run_add_record(r, st, rec, JT_OUTCOME_SKIP, jt_strdup(reason), err);
}

/* One record of the file, in order. */
static int run_record(jt_runner *r, jt_run_file *st, const jt_case_record *rec, jt_error *err) {
    char reason[JT_LIMIT_LINE / 64];
    int counted = jt_case_counted(rec);
    reason[0] = '\0'; /* not the whole buffer: this runs for every record */
    if (st->halted || !allowed(r, rec, reason, sizeof reason))
        return not_run(r, st, rec, reason, err);
    switch (rec->kind) {
    case JT_CASE_HALT:
        st->halted = 1;
        return JT_OK;
    case JT_CASE_USER:
        st->user = rec->arg;
        return JT_OK;
    default:
        break;
    }
    if (st->fr->skip_message)
        return counted ? jt_run_add_skipped(r, st, rec, err) : JT_OK;
    if (st->abort_reason)
        return counted
                   ? jt_run_add_record(
                         r, st, rec, JT_OUTCOME_FAIL,
                         jt_run_message(st->fr->path, rec->line, 0, "%s", st->abort_reason), err)
                   : JT_OK;
    if (rec->kind == JT_CASE_FIXTURE)
        return run_fixture(r, st, rec, err);
    return counted ? jt_run_sql(r, st, rec, err) : JT_OK;
}

/* Completing, a record that the run would count against the file stops it: an error (the
   first line of its message), JT_EDRIVER when the driver failed, else JT_EPARSE. */
static int stop_at(const jt_run_file *st, const jt_record_result *rr, jt_error *err) {
    if (rr->outcome == JT_OUTCOME_PASS || rr->outcome == JT_OUTCOME_SKIP)
        return JT_OK;
    return jt_error_set(err, st->driver_failed ? JT_EDRIVER : JT_EPARSE, rr->line, "%.*s",
                        (int)strcspn(rr->message, "\n"), rr->message);
}

static int run_records(jt_runner *r, jt_run_file *st, jt_error *err) {
    const jt_case_file *cf = st->fr->scenario;
    size_t i;
    int rc = JT_OK;
    for (i = 0; i < cf->nrecords && rc == JT_OK; i++) {
        size_t before = st->fr->nrecords;
        if (st->halted && !r->sink)
            break; /* verifying ends at halt; completing goes on (a prototype there is an
                      error) */
        rc = run_record(r, st, &cf->records[i], err);
        if (rc == JT_OK && r->sink && st->fr->nrecords > before)
            rc = stop_at(st, &st->fr->records[before], err);
    }
    jt_run_shadow_finish(r);
    return rc;
}

/* After a file: the driver starts over at once, so that what it does wrong after the file's
   last record (an exec adapter's late second reply line) fails that record, not the next
   file's start. A reset that fails turns the file's last passing record into a failure, and
   the next file starts on a new connection. */
static int finish_file(jt_runner *r, jt_run_file *st, jt_error *err) {
    jt_file_result *fr = st->fr;
    jt_record_result *last = NULL;
    jt_error derr;
    char *msg;
    size_t i;
    memset(&derr, 0, sizeof derr);
    if (jt_session_tidy(r->session, &derr) == JT_OK)
        return JT_OK;
    for (i = fr->nrecords; i-- > 0 && !last;)
        if (fr->records[i].sql && fr->records[i].outcome != JT_OUTCOME_SKIP)
            last = &fr->records[i];
    if (!last || last->outcome != JT_OUTCOME_PASS)
        return JT_OK; /* already failed: the next file reconnects all the same */
    msg = jt_run_message(fr->path, last->line, 0, "driver failure after this record: %s",
                         derr.message);
    if (!msg)
        return jt_run_nomem(err);
    last->outcome = JT_OUTCOME_FAIL;
    last->message = msg;
    fr->passed--;
    fr->failed++;
    if (!r->sink) {
        r->run.passed--;
        r->run.failed++;
    }
    st->driver_failed = 1;
    return r->sink ? stop_at(st, last, err) : JT_OK;
}

/* Runs cf (taken over, unless borrowed from the case cache) on the loop: verifying (sink
   NULL) or completing. */
static int run_case(jt_runner *r, jt_case_file *cf, int borrowed, const jt_runner_sink *sink,
                    jt_error *err) {
    jt_file_result *fr = NULL;
    jt_run_file st;
    int rc;
    memset(&st, 0, sizeof st);
    rc = jt_run_add_file(&fr, r, cf->path, err);
    if (rc < 0) {
        if (!borrowed)
            jt_case_free(cf);
        return rc;
    }
    fr->scenario = cf;
    fr->borrowed = borrowed;
    /* room for a result a record at once, not grown (and copied) a record at a time; a file
       of more records than the limit fails at the record that passes it, as before */
    if (jt_grow((void **)&fr->records, &fr->cap, cf->nrecords < JT_LIMIT_RECORDS ? cf->nrecords : 1,
                sizeof *fr->records, JT_LIMIT_RECORDS) < 0)
        return jt_run_nomem(err);
    st.fr = fr;
    st.user = JT_RUN_DEFAULT_USER;
    r->sink = sink;
    r->shadow_on = 0;
    rc = gate(r, &st, err);
    if (rc == JT_OK)
        rc = run_records(r, &st, err);
    if (rc == JT_OK)
        rc = finish_file(r, &st, err);
    jt_run_vars_dispose(&st.vars);
    free(st.abort_reason);
    r->sink = NULL;
    if (sink) { /* completion keeps no results (nor counted them in the run's totals) */
        jt_run_file_dispose(fr);
        r->run.nfiles--;
    } else if (rc == JT_OK) {
        jt_run_file_done(r, fr);
    }
    return rc;
}

int jt_runner_run_case(jt_runner *r, jt_case_file *cf, jt_error *err) {
    return run_case(r, cf, 0, NULL, err);
}

int jt_runner_complete_case(jt_runner *r, jt_case_file *cf, const jt_runner_sink *sink,
                            jt_error *err) {
    JT_ASSERT(sink != NULL);
    return run_case(r, cf, 0, sink, err);
}

int jt_runner_run_file(jt_runner *r, const char *path, jt_error *err) {
    jt_case_file *cf = NULL;
    jt_error perr;
    int rc;
    memset(&perr, 0, sizeof perr);
    if (r->cfg.cases) {
        const jt_case_file *shared = NULL;
        const char *message = NULL;
        rc = jt_case_cache_get(r->cfg.cases, path, &shared, &message);
        if (rc == JT_ENOMEM)
            return jt_run_nomem(err);
        if (rc < 0)
            return jt_run_input_error(r, path, message, err);
        /* the runner reads a scenario and never writes it: a borrowed one is shared */
        return run_case(r, (jt_case_file *)shared, 1, NULL, err);
    }
    rc = jt_case_read(&cf, path, &perr);
    if (rc == JT_ENOMEM)
        return jt_run_nomem(err);
    if (rc < 0)
        return jt_run_input_error(r, path, perr.message, err);
    return jt_runner_run_case(r, cf, err);
}
