/* The shadow model: the reference model runs a file beside the driver, taking the same
   fixtures and statements, to count the spec coverage and to tell which results a `retry`
   query may pass through on the way to the expected one. */
#include <stdlib.h>
#include <string.h>

#include "sim/cases/check.h"
#include "sim/run/internal.h"

/* Whether the file has `retry` queries under a profile whose jobs move on their own. */
static int needs_paths(const jt_runner *r, const jt_case_file *cf) {
    size_t i, s;
    int moves = 0;
    for (s = 0; s < JT_ST_COUNT; s++)
        moves |= r->prof->status_names[s] && r->prof->progress[s] != JT_NO_STATUS;
    for (i = 0; moves && i < cf->nrecords; i++)
        if (cf->records[i].kind == JT_CASE_QUERY && (cf->records[i].flags & JT_QUERY_RETRY))
            return 1;
    return 0;
}

int jt_run_shadow_start(jt_runner *r, const jt_case_file *cf, jt_error *err) {
    jt_error derr;
    r->shadow_on = 0;
    r->paths = needs_paths(r, cf);
    if (r->sink || (!r->paths && !r->cfg.coverage))
        return JT_OK; /* completion checks nothing and counts nothing */
    memset(&derr, 0, sizeof derr);
    if (!r->shadow && jt_model_new(&r->shadow, r->prof, &derr) < 0)
        return derr.code == JT_ENOMEM ? jt_run_nomem(err)
                                      : jt_error_set(err, derr.code, 0, "%s", derr.message);
    jt_model_reset(r->shadow);
    r->shadow_on = 1;
    return JT_OK;
}

int jt_run_shadow_fixture(jt_runner *r, const jt_case_record *rec, jt_error *err) {
    jt_error derr;
    memset(&derr, 0, sizeof derr);
    /* memory, only, may fail it */
    if (r->shadow_on && jt_model_fixture(r->shadow, &rec->fixture, &derr) == JT_ENOMEM)
        return jt_run_nomem(err);
    return JT_OK;
}

/* The results the shadow model gives for sql as its jobs move on, one step at a time, until
   one meets the record's expectation (the shadow stays there) or nothing moves: their keys,
   in *keys (n of them). */
static int shadow_path(jt_runner *r, jt_run_file *st, const jt_case_record *rec, const char *sql,
                       char ***keys, size_t *n, jt_error *err) {
    size_t cap = 0, step;
    int rc = JT_OK;
    for (step = 0; step <= JT_LIMIT_PROGRESS; step++) {
        jt_result res;
        jt_error derr;
        char *msg = NULL, *key;
        int64_t moved = 0;
        memset(&res, 0, sizeof res);
        memset(&derr, 0, sizeof derr);
        if (jt_model_exec(r->shadow, st->user, sql, &res, &derr) < 0)
            return jt_run_nomem(err); /* the model fails only when memory runs out */
        key = jt_result_key(&res);
        rc = key ? jt_check_result(&msg, st->fr->path, rec, &res, err) : JT_ENOMEM;
        jt_result_dispose(&res);
        if (rc == JT_ELIMIT)
            rc = JT_OK;
        if (rc == JT_OK)
            rc = jt_grow((void **)keys, &cap, *n + 1, sizeof **keys, JT_LIMIT_PROGRESS + 1);
        if (rc < 0) {
            free(key);
            free(msg);
            return jt_run_nomem(err);
        }
        (*keys)[(*n)++] = key;
        if (!msg)
            break; /* the expected result */
        free(msg);
        if (jt_model_advance(r->shadow, &moved) < 0)
            return jt_run_nomem(err);
        if (moved == 0)
            break;
    }
    return JT_OK;
}

int jt_run_shadow_sql(jt_runner *r, jt_run_file *st, const jt_case_record *rec, const char *sql,
                      char ***keys, size_t *n, jt_error *err) {
    jt_result res;
    jt_error derr;
    *keys = NULL;
    *n = 0;
    if (!r->shadow_on)
        return JT_OK;
    if ((rec->flags & JT_QUERY_RETRY) && r->paths)
        return shadow_path(r, st, rec, sql, keys, n, err);
    memset(&res, 0, sizeof res);
    if (jt_model_exec(r->shadow, st->user, sql, &res, &derr) < 0)
        return jt_run_nomem(err); /* the model fails only when memory runs out */
    jt_result_dispose(&res);
    return JT_OK;
}

void jt_run_shadow_finish(jt_runner *r) {
    if (r->shadow_on && r->cfg.coverage) /* a reset keeps the counts: taken as the file ends */
        jt_model_coverage_take(r->shadow, &r->run.coverage);
}
