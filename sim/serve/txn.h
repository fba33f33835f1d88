/*
 * Transaction blocks of serve (private to sim/serve/): BEGIN / START TRANSACTION, COMMIT /
 * END, ROLLBACK / ABORT, and the implicit block of a Query of several statements.
 *
 * Job control in a block behaves as in CockroachDB (docs/pgwire.md): the statement takes
 * effect in the transaction — its session sees it at once, other sessions at COMMIT, ROLLBACK
 * discards it. A block reads the world as it was at its first statement (a reference to that
 * model, kept unchanged by copy on write); its first change makes it a copy of its own. At
 * COMMIT the copy becomes the world when nothing was committed since; otherwise the block's
 * statements run again on the world as it is, and the commit succeeds only when each gives
 * what it gave (a serializable history), else 40001 (restart transaction), as CockroachDB's
 * serializable transactions do.
 */
#ifndef JT_SERVE_TXN_H
#define JT_SERVE_TXN_H

#include "sim/serve/conn.h"

/* Runs BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT (SAVEPOINT, RELEASE: 0A000):
   its result into out (sres). 0, or JT_ENOMEM. */
int jt_txn_run(jt_serve *s, jt_conn *c, const char *sql, jt_result *out);
/* Starts the implicit block of a Query's statements (outside a block). */
void jt_txn_begin_implicit(jt_conn *c);
/* Ends the block: commits (commit 1) or rolls back; the commit's failure into out (sres:
   40001, or memory). 0, or JT_ENOMEM. */
int jt_txn_end(jt_serve *s, jt_conn *c, int commit, jt_result *out);
/* A statement failed: an explicit block fails (E), until ROLLBACK; an implicit one rolls
   back. */
void jt_txn_failed(jt_serve *s, jt_conn *c);

/* The model a statement of the model runs on: the world's, or the block's. *pin (the caller
   unpins it) holds it unchanged for a statement that only reads (its cursor); a statement
   that writes gets a model that is its own to change (the world's, copied first when read;
   or the block's copy). NULL without memory. */
jt_model *jt_txn_model(jt_serve *s, jt_conn *c, int writes, jt_wmodel **pin);
/* After a statement of the model ran to its end with fingerprint fp: in a block, it joins
   the block's log (sql and params copied); outside one, a write bumps the world's version.
   0, or JT_ENOMEM. */
int jt_txn_record(jt_serve *s, jt_conn *c, const char *sql, const jt_model_param *params,
                  size_t nparams, uint64_t fp, int writes);
/* Frees the block's state (rolled back), at the connection's end. */
void jt_txn_free(jt_conn *c);

/* Fingerprints of what a statement gave: its columns, its rows as they go out, its tag or
   error. The same for a cursor's batches and for a whole result. */
uint64_t jt_fp_head(const jt_result *head);
uint64_t jt_fp_rows(uint64_t h, const jt_result *batch);
uint64_t jt_fp_end(uint64_t h, const jt_result *r);

#endif
