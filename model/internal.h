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
    char *error;       /* NULL: empty */
    /* seconds since JT_CLOCK_START on the virtual clock, or JT_TS_NULL: 48 bytes a job */
    int32_t created, started, finished, modified;
    uint32_t user; /* index in users */
    uint8_t type, status;
} jt_job;

typedef struct jt_user {
    char *name;
    uint8_t admin;
} jt_user;

typedef struct jt_prepared {
    char *name;
    char *user; /* the session it belongs to */
    jt_arena arena;
    jt_stmt *stmt;
} jt_prepared;

struct jt_model {
    const jt_profile *profile;
    jt_job *jobs;
    size_t njobs, jobs_cap;
    uint64_t *index;  /* open addressing: hash tag << 32 | (job index + 1), 0 empty */
    size_t index_cap; /* a power of two */
    jt_user *users;
    size_t nusers, users_cap;
    uint32_t *user_index;
    size_t user_index_cap;
    jt_prepared *prepared;
    size_t nprepared, prepared_cap;
    int32_t clock; /* seconds since JT_CLOCK_START; saturates at INT32_MAX - 1 */
};

/* Jobs and users (model.c). */
jt_job *jt_model_job(const jt_model *m, int64_t id);
int jt_model_user(const jt_model *m, const char *name); /* index or -1 */
int jt_model_is_admin(const jt_model *m, const char *user);
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
} jt_eval;

/* Type of the select's columns: *out_ncols and, for each, its type, without running it.
   want is the type untyped constants take (JT_T_UNKNOWN: their own). */
int jt_eval_shape(jt_eval *ev, jt_select *s, int want, jt_rows *out);
/* Runs a selection; untyped constants of its result take type want. */
int jt_eval_select(jt_eval *ev, jt_select *s, int want, jt_rows *out);
/* Renders a value as canonical text in the arena (NULL for SQL NULL). */
char *jt_value_text(jt_eval *ev, const jt_value *v);
/* Coerces v to type t (string constants are parsed). */
int jt_value_coerce(jt_eval *ev, jt_value *v, int t);

#endif
