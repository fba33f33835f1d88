/* The model's insides, shared by model.c (statements, fixtures) and eval.c (queries). */
#ifndef JT_MODEL_INTERNAL_H
#define JT_MODEL_INTERNAL_H

#include "model.h"
#include "profile.h"
#include "sql.h"

#define JT_TS_NULL INT32_MIN
/* The virtual clock starts at 2018-10-30 12:00:00 UTC, the day v2.1 was released. */
#define JT_CLOCK_START 1540900800

typedef struct jt_job {
    int64_t id;
    char *description; /* NULL: the default for its type */
    char *error;       /* NULL: empty. Two-phase profiles: a paused job with an error was paused
                          while reverting (its FinalResumeError) */
    struct jt_job_extra *extra; /* what few jobs have (a schedule, a pause reason), or NULL */
    /* seconds since JT_CLOCK_START on the virtual clock, or JT_TS_NULL: 56 bytes a job */
    int32_t created, started, finished, modified;
    uint32_t user; /* index in users: its owner */
    uint8_t type, status;
} jt_job;

/* What few jobs have, apart, so that a job stays small. */
typedef struct jt_job_extra {
    int64_t schedule; /* the schedule that created it (FOR SCHEDULES), or 0 */
    char *reason;     /* PAUSE … WITH REASON: stored, shown nowhere (as CockroachDB does) */
} jt_job_extra;

static inline int64_t jt_job_schedule(const jt_job *j) {
    return j->extra ? j->extra->schedule : 0;
}

static inline const char *jt_job_reason(const jt_job *j) {
    return j->extra ? j->extra->reason : NULL;
}

/* Role options of a user (JT_USER_* of include/jobtck/driver.h). */
typedef struct jt_user {
    char *name;
    uint8_t admin;   /* a member of admin itself */
    uint8_t options; /* JT_USER_CONTROLJOB, JT_USER_VIEWJOB: its own */
    /* What it has through the roles it is a member of, transitively (computed by the model
       after each user fixture): */
    uint8_t eff_admin;   /* a member of admin */
    uint8_t eff_options; /* its own options and its roles' */
    uint32_t *roles;     /* the users (roles) it is a member of, nroles of them */
    size_t nroles;
    uint32_t *closure; /* every role it is a member of, transitively, sorted; NULL when none */
    size_t nclosure;
} jt_user;

typedef struct jt_prepared {
    char *name;
    char *user;    /* the user it belongs to (the model's own); NULL in a session's */
    char *sql;     /* the text it was prepared from, which a cursor parses again */
    uint8_t inner; /* sql is PREPARE name AS <statement>: the statement is its inner one */
    char *types;   /* a session's: the declared types of its placeholders (type letters, '?'
                      for none), or NULL */
    jt_arena arena;
    jt_stmt *stmt;
} jt_prepared;

/* Prepared statements: the model's own (of its users), or a session's (model/session.c). */
typedef struct jt_prepared_set {
    jt_prepared *items;
    size_t n, cap;
} jt_prepared_set;

/* Frees one prepared statement's contents. */
void jt_prepared_dispose(jt_prepared *pr);
/* Forgets every prepared statement of the set; of one user, when user is not NULL. */
void jt_prepared_forget(jt_prepared_set *ps, const char *user);

struct jt_model {
    const jt_profile *profile;
    jt_job *jobs;
    size_t njobs, jobs_cap;
    uint64_t *index;  /* open addressing: hash tag << 32 | (job index + 1), 0 empty */
    size_t index_cap; /* a power of two */
    jt_user *users;
    size_t nusers, users_cap;
    size_t nmemberships; /* of every user: 0 means nobody has a role */
    uint32_t *user_index;
    size_t user_index_cap;
    jt_prepared_set prepared; /* PREPARE of jt_model_exec, per user */
    int32_t clock;            /* seconds since JT_CLOCK_START; saturates at INT32_MAX - 1 */
    /* crdb_internal.feature_usage: control statements planned, per operation */
    uint64_t feature_usage[JT_OP_COUNT];
};

/* Jobs and users (model.c). */
jt_job *jt_model_job(const jt_model *m, int64_t id);
int jt_model_user(const jt_model *m, const char *name); /* index or -1 */
int jt_model_is_admin(const jt_model *m, const char *user);
/* Whether user index u is role index r, or a member of it through any chain of roles. */
int jt_model_member_of(const jt_model *m, uint32_t u, uint32_t r);
/* Whether user u (an index, -1 for a user the model does not know) may see job j in SHOW JOBS
   and crdb_internal.jobs (the profile's view). */
int jt_model_can_view(const jt_model *m, int u, const jt_job *j);
/* The check of a control statement by user u before it reads anything: JT_ERR_NONE or the
   error kind (enum jt_err). */
int jt_model_gate(const jt_model *m, int u);
/* The check for one job once it is looked up (profiles with per_job): JT_ERR_NONE or the
   error kind. */
int jt_model_authorize(const jt_model *m, int u, const jt_job *j);
/* What operation op does to job j: the profile's transition (with its SCHEMA CHANGE and
   two-phase rules); *err is JT_ERR_NONE, or the error kind. */
jt_transition jt_model_transition(const jt_model *m, const jt_job *j, int op, int *err);
const char *jt_job_description(const jt_model *m, const jt_job *j);

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

/* The evaluation of one statement. */
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
    /* The prepared statements PREPARE, EXECUTE and DEALLOCATE see: the model's (user's), or a
       session's (jt_model_session). */
    struct jt_prepared_set *ps;
} jt_eval;

/* Type of the select's columns: *out_ncols and, for each, its type, without running it.
   want is the type untyped constants take (JT_T_UNKNOWN: their own). */
int jt_eval_shape(jt_eval *ev, jt_select *s, int want, jt_rows *out);
/* Runs a selection; untyped constants of its result take type want. */
int jt_eval_select(jt_eval *ev, jt_select *s, int want, jt_rows *out);
/* Statement execution (model.c), for the sessions and cursors of jobtck serve (session.c,
   cursor.c). */
int jt_model_run_stmt(jt_eval *ev, jt_stmt *st, const char *sql, jt_result *out);
/* A SQL error into the result (JT_OK), or JT_ENOMEM. */
int jt_model_result_error(jt_result *out, const jt_sqlerr *e);
/* Evaluated rows into the result, its tag SELECT n. */
int jt_model_result_rows(jt_eval *ev, jt_result *out, const jt_rows *rows);
/* The error of a statement over JT_LIMIT_STATEMENT_MEMORY; returns JT_ELIMIT. */
int jt_model_too_large(jt_sqlerr *e);
/* The prepared statement of that name that ev sees (ev->ps, ev->user), or NULL. */
jt_prepared *jt_model_prepared(const jt_eval *ev, const char *name, size_t *at);
/* Parses pr->sql into pr's arena (initialised here): pr->stmt, the prepared statement. */
int jt_prepared_parse(jt_prepared *pr, const jt_profile *profile, jt_sqlerr *e);
/* Adds pr (its name, sql, inner, types filled; it is taken, or disposed) to ev->ps, parsed:
   a SQL error (exists already, too many, syntax) into out. */
int jt_prepared_add(jt_eval *ev, jt_prepared *pr, jt_result *out);
/* EXECUTE's arguments, evaluated into ev->params; a SQL error (their number) into out. */
int jt_model_execute_args(jt_eval *ev, const jt_stmt *st, const jt_prepared *pr, jt_result *out);
/* The caller's parameters into ev->params (session.c); a SQL error (a value its type
   refuses) into out. */
int jt_model_bind(jt_eval *ev, const jt_stmt *st, const jt_model_param *params, size_t nparams,
                  jt_result *out);
/* A session's prepared statements (session.c). */
jt_prepared_set *jt_model_session_set(jt_model_session *ss);

/* A selection opened as a cursor: planned, filtered and ordered at once; then its rows are
   projected a batch at a time, by jt_eval_fetch (in ev->a at that time). The model must not
   change until jt_eval_close. The query lives in ev->a; its shape in *head. */
typedef struct jt_query jt_query;
int jt_eval_open(jt_eval *ev, jt_select *s, int want, jt_query **out, jt_rows *head);
/* Up to max more rows into out (its shape, rows in ev->a); *done once the last is out. */
int jt_eval_fetch(jt_query *q, size_t max, jt_rows *out, int *done);
void jt_eval_close(jt_query *q);
/* Renders a value as canonical text in the arena (NULL for SQL NULL). */
char *jt_value_text(jt_eval *ev, const jt_value *v);
/* Coerces v to type t (string constants are parsed). */
int jt_value_coerce(jt_eval *ev, jt_value *v, int t);

#endif
