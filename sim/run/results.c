/* What happened: the run's file and record results, and their messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run/expect.h"
#include "sim/run/internal.h"
#include "sim/text/strbuf.h"

int jt_run_nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

void jt_run_file_dispose(jt_file_result *fr) {
    size_t i;
    for (i = 0; i < fr->nrecords; i++)
        if (fr->records[i].message != fr->skip_message)
            free(fr->records[i].message);
    free(fr->skip_message);
    free(fr->records);
    free(fr->path);
    free(fr->error);
    if (!fr->borrowed)
        jt_case_free(fr->scenario);
    memset(fr, 0, sizeof *fr);
}

int jt_run_add_file(jt_file_result **out, jt_runner *r, const char *path, jt_error *err) {
    jt_file_result *fr;
    int rc = jt_grow((void **)&r->run.files, &r->run.cap, r->run.nfiles + 1, sizeof *r->run.files,
                     JT_LIMIT_FILES);
    *out = NULL;
    if (rc == JT_ELIMIT)
        return jt_error_set(err, rc, 0, "more than %d case files", JT_LIMIT_FILES);
    if (rc < 0)
        return jt_run_nomem(err);
    fr = &r->run.files[r->run.nfiles];
    memset(fr, 0, sizeof *fr);
    fr->path = jt_strdup(path);
    if (!fr->path)
        return jt_run_nomem(err);
    r->run.nfiles++;
    *out = fr;
    return JT_OK;
}

void jt_run_file_done(jt_runner *r, jt_file_result *fr) {
    jt_expect_judge(fr, r->cfg.expect);
    if (r->cfg.on_file)
        r->cfg.on_file(r->cfg.ctx, fr);
}

int jt_run_input_error(jt_runner *r, const char *path, const char *message, jt_error *err) {
    jt_file_result *fr;
    int rc = jt_run_add_file(&fr, r, path, err);
    if (rc < 0)
        return rc;
    fr->error = jt_strdup(message);
    if (!fr->error)
        return jt_run_nomem(err);
    fr->errors = 1;
    r->run.errors++;
    jt_run_file_done(r, fr);
    return JT_OK;
}

/* Counts a record of outcome: failed includes the input errors (ERROR). */
static void tally(int outcome, size_t *passed, size_t *failed, size_t *skipped, size_t *errors) {
    *(outcome == JT_OUTCOME_PASS ? passed : outcome == JT_OUTCOME_SKIP ? skipped : failed) += 1;
    *errors += outcome == JT_OUTCOME_ERROR;
}

/* A record's result, its message owned by it (owned) or by the file result. */
static int add_record(jt_runner *r, jt_run_file *st, const jt_case_record *rec, int outcome,
                      char *message, int owned, jt_error *err) {
    jt_file_result *fr = st->fr;
    jt_record_result *rr;
    int rc;
    if (outcome != JT_OUTCOME_PASS && !message)
        return jt_run_nomem(err);
    rc = jt_grow((void **)&fr->records, &fr->cap, fr->nrecords + 1, sizeof *fr->records,
                 JT_LIMIT_RECORDS);
    if (rc < 0) {
        if (owned)
            free(message);
        return rc == JT_ELIMIT ? jt_error_set(err, rc, 0, "too many records") : jt_run_nomem(err);
    }
    rr = &fr->records[fr->nrecords++];
    memset(rr, 0, sizeof *rr);
    rr->file = fr->path;
    rr->line = rec->line;
    rr->kind = jt_case_kind_name(rec);
    rr->subtest = rec->subtest;
    rr->covers = rec->covers;
    rr->ncovers = rec->ncovers;
    rr->user = st->user;
    rr->sql = rec->sql;
    rr->outcome = outcome;
    rr->attempts = 1;
    rr->message = message;
    tally(outcome, &fr->passed, &fr->failed, &fr->skipped, &fr->errors);
    if (!r->sink) /* completing: the file only, which goes when it ends */
        tally(outcome, &r->run.passed, &r->run.failed, &r->run.skipped, &r->run.errors);
    return JT_OK;
}

int jt_run_add_record(jt_runner *r, jt_run_file *st, const jt_case_record *rec, int outcome,
                      char *message, jt_error *err) {
    return add_record(r, st, rec, outcome, message, 1, err);
}

int jt_run_add_skipped(jt_runner *r, jt_run_file *st, const jt_case_record *rec, jt_error *err) {
    return add_record(r, st, rec, JT_OUTCOME_SKIP, st->fr->skip_message, 0, err);
}

char *jt_run_message(const char *path, int line, int col, const char *fmt, ...) {
    jt_strbuf sb;
    char text[JT_MESSAGE_MAX * 2], where[32] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (col > 0)
        snprintf(where, sizeof where, ":%d", col);
    jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
    if (jt_strbuf_addf(&sb, "%s:%d%s: %s", path, line, where, text) < 0) {
        jt_strbuf_dispose(&sb);
        return NULL;
    }
    return jt_strbuf_take(&sb);
}
