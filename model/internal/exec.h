/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * Statement execution's parts that the sessions and cursors of a server of many sessions
 * (session.c, cursor.c; jobtck serve) share with exec.c.
 */
#ifndef JT_MODEL_EXEC_H
#define JT_MODEL_EXEC_H

#include "model/internal/eval.h"

/* Runs one parsed statement (sql: its text, for PREPARE). */
int jt_model_run_stmt(jt_eval *ev, jt_stmt *st, const char *sql, jt_result *out);
/* A SQL error into the result (JT_OK), or JT_ENOMEM. */
int jt_model_result_error(jt_result *out, const jt_sqlerr *e);
/* Evaluated rows into the result, its tag SELECT n. */
int jt_model_result_rows(jt_eval *ev, jt_result *out, const jt_rows *rows);
/* The error of a statement over JT_LIMIT_STATEMENT_MEMORY; returns JT_ELIMIT. */
int jt_model_too_large(jt_sqlerr *e);
/* Whether a real server would refuse user a session (its error into e). */
int jt_model_session_refused(const jt_model *m, const char *user, jt_sqlerr *e);
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

#endif
