/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * The execution of the statements around job control, beside exec.c's job control: roles.c
 * (roles and privileges), ddl.c (the catalog's statements and the jobs they make), settings.c
 * (SET, RESET, SHOW var), bulk.c (BACKUP, RESTORE, IMPORT, CHANGEFEED, schedules), start.c
 * (how a scenario starts), newjob.c (a job a statement makes). Like exec.c, they call
 * evaluation (eval.h), the privilege rules and storage (store.h, catalog.h).
 */
#ifndef JT_MODEL_STMT_H
#define JT_MODEL_STMT_H

#include "model/internal/catalog.h"
#include "model/internal/era.h"
#include "model/internal/eval.h"
#include "model/internal/sql.h"
#include "model/model.h"

/* ---- results (exec.c) ---- */

/* A SQL error into the result: 0, or JT_ENOMEM. */
int jt_exec_error(jt_result *out, const jt_sqlerr *e);
/* The evaluation's SQL error (ev->e) into the result, or JT_ENOMEM. */
int jt_exec_eval_error(jt_eval *ev, jt_result *out);
/* A SQL error of sqlstate and message into the result. */
int jt_exec_fail(jt_eval *ev, jt_result *out, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Rows into the result (tag SELECT n). */
int jt_exec_rows(jt_eval *ev, jt_result *out, const jt_rows *rows);
/* The answer to a statement outside the SQL the kit models (model.h, JT_OUTSIDE_*). */
int jt_exec_outside(jt_eval *ev, jt_result *out, const char *what);
/* The grammar the parser takes for m's profile: its job-control forms and its era's. */
unsigned jt_exec_grammar(const jt_model *m);

/* ---- the statements (each: 0 with the result in out, or JT_ENOMEM) ---- */

int jt_run_role(jt_eval *ev, const jt_stmt *st, jt_result *out);
int jt_run_ddl(jt_eval *ev, const jt_stmt *st, jt_result *out);
int jt_run_setting(jt_eval *ev, const jt_stmt *st, jt_result *out);
int jt_run_bulk(jt_eval *ev, const jt_stmt *st, jt_result *out);

/* ---- jobs the statements make (newjob.c) ---- */

/* A new job of the type named type (as the profile prints it), in status, owned by owner
   (made when missing), with that description, at the statement's time now: its id in *id.
   0; 1 when the profile has no such type (no job); JT_ENOMEM, JT_ELIMIT. */
int jt_newjob(jt_model *m, const char *type, int status, const char *owner, const char *description,
              int32_t now, int64_t *id);
/* The SCHEMA CHANGE jobs "updating version for … table" of a role statement (JT_BUMP_*). */
int jt_newjob_bumps(jt_model *m, unsigned bumps, const char *owner, int32_t now);

/* ---- the catalog's names (ddl.c) ---- */

/* The database the session of user works in ("test", as CockroachDB's logic tests USE it). */
const char *jt_ddl_current_db(const jt_model *m, const char *user);

/* ---- how a scenario starts (start.c) ---- */

/* The catalog and jobs a scenario starts with, made before its first statement or fixture
   (jt_model_reset allocates nothing): JT_OK at once when made already, or JT_ENOMEM. */
int jt_start(jt_model *m);

#endif
