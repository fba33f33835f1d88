/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * Query evaluation (eval.c): selections over the jobs tables ([SHOW JOBS], system.jobs,
 * crdb_internal.jobs, the ids of SHOW JOB x), crdb_internal.feature_usage and VALUES, with
 * WHERE, ORDER BY, LIMIT, OFFSET and subqueries. It reads storage (store.h) through the
 * privilege rules (privilege.h) and computes with values (value.h); it changes nothing.
 */
#ifndef JT_MODEL_EVAL_H
#define JT_MODEL_EVAL_H

#include "model/internal/sql.h"
#include "model/internal/store.h"
#include "model/internal/value.h"

/* A column of a jobs table. */
typedef struct jt_column {
    const char *name;
    uint8_t type;
    uint8_t field;
} jt_column;

/* An evaluated result: ncols columns, rows of values, in the statement's arena. */
typedef struct jt_rows {
    size_t ncols;
    const char **names;
    uint8_t *types;
    size_t nrows, cap;
    jt_value *values; /* nrows * ncols */
} jt_rows;

/* The evaluation of one statement. The first failure is kept: rc (JT_EPARSE for a SQL error,
   in e; JT_ENOMEM), and the functions below return it. */
typedef struct jt_eval {
    jt_model *m;
    jt_arena *a;
    const char *user;
    const jt_value *params; /* EXECUTE's arguments */
    size_t nparams;
    jt_sqlerr *e;
    int rc;
    struct jt_subcache *subs; /* subqueries this statement has evaluated (eval.c), or NULL */
    /* While a cursor projects a batch into an arena of its own (a): the statement's arena,
       where the subqueries evaluated for the first time go, since their rows are kept. */
    jt_arena *keep;
    /* The prepared statements PREPARE, EXECUTE and DEALLOCATE see: the model's (per user), or
       a session's (jt_model_session). */
    jt_prepared_set *ps;
} jt_eval;

/* The columns of the profile's tables, made once for the model m (jt_model_new and
   jt_model_clone call it): JT_OK or JT_ENOMEM. */
int jt_eval_columns_init(jt_model *m);

/* Type of the select's columns: *out_ncols and, for each, its type, without running it.
   want is the type untyped constants take (JT_T_UNKNOWN: their own). */
int jt_eval_shape(jt_eval *ev, jt_select *s, int want, jt_rows *out);
/* Runs a selection; untyped constants of its result take type want. */
int jt_eval_select(jt_eval *ev, jt_select *s, int want, jt_rows *out);
/* A selection opened as a cursor: planned, filtered and ordered at once; then its rows are
   projected a batch at a time, by jt_eval_fetch (in ev->a at that time). The model must not
   change until jt_eval_close. The query lives in ev->a; its shape in *head. */
typedef struct jt_query jt_query;
int jt_eval_open(jt_eval *ev, jt_select *s, int want, jt_query **out, jt_rows *head);
/* Up to max more rows into out (its shape, rows in ev->a); *done once the last is out. */
int jt_eval_fetch(jt_query *q, size_t max, jt_rows *out, int *done);
void jt_eval_close(jt_query *q);
/* Whether a selection reads a jobs table or feature_usage (its source, derived selections,
   subqueries): the statements of job control under the logic-test start (exec.c). */
int jt_eval_reads_jobs(jt_eval *ev, const jt_select *s);
/* Whether a selection of crdb_internal.feature_usage asks for a counter the model does not keep
   (the telemetry of SQL outside the kit: show_source's sql.show.locality...). */
int jt_eval_other_feature(const jt_select *s);
/* The job ids a SHOW selection shows (one INT column), for WHEN COMPLETE. */
int jt_eval_job_ids(jt_eval *ev, jt_select *s, jt_rows *out);
/* jt_value_coerce with the statement's error: 0, or ev->rc. */
int jt_eval_coerce(jt_eval *ev, jt_value *v, int t);
/* The canonical text of v (NULL for SQL NULL) in *out: 0, or ev->rc (JT_ENOMEM). */
int jt_eval_text(jt_eval *ev, const jt_value *v, const char **out);

#endif
