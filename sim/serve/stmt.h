/*
 * What a statement is, for serve (private to sim/serve/), and the statements serve answers
 * itself rather than the model: session functions (version(), current_user ...), DEALLOCATE
 * of either protocol's statements; SET, SHOW, RESET (vars.c), transaction control (txn.c),
 * JOBTCK (fixtures.c). Everything else is the model's; what the model cannot parse is a syntax
 * error only when PostgreSQL could not parse it either.
 */
#ifndef JT_SERVE_STMT_H
#define JT_SERVE_STMT_H

#include "sim/serve/conn.h"

/* JT_ST_... of one statement. */
int jt_stmt_kind(const char *sql);
/* Whether sql is a statement that ends a transaction block (COMMIT, ROLLBACK, ABORT, END):
   the ones a failed block still runs. */
int jt_stmt_ends_block(const char *sql);
/* Whether sql only reads, by its first word (SELECT, SHOW, VALUES): the racy variant's. */
int jt_stmt_reads(const char *sql);

/* Runs a statement serve answers itself (JT_ST_VAR, JT_ST_FUNC, JT_ST_DEALLOC): its result
   into out (built with sres.h; a SQL error too). 0, or JT_ENOMEM. */
int jt_stmt_answer(jt_serve *s, jt_conn *c, int kind, const char *sql, jt_result *out);
/* Whether that statement's answer may be computed for a Describe (it changes nothing): SHOW,
   a session function. */
int jt_stmt_pure(int kind, const char *sql);

/* Forgets the prepared statement name of either protocol (serve's and the model session's
   side): 1 when there was one. */
int jt_stmt_drop(jt_conn *c, const char *name);
/* Forgets the extended protocol's statements (serve's side). */
void jt_stmt_drop_all(jt_conn *c);

/* A SQL error of the model's parser (42601) on sql: replaced by 0A000 when sql is valid
   PostgreSQL (r is a model's result or a sres one: only message and sqlstate change). */
void jt_stmt_not_supported(const jt_serve *s, jt_result *r, const char *sql);

#endif
