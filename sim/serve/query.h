/*
 * A Query message (private to sim/serve/): its statements, one after the other, each a
 * statement running (portal.h) whose rows go out as the output has room; ReadyForQuery after
 * the last. Several statements in one Query run in an implicit transaction block, as in
 * PostgreSQL: an error rolls them all back, and the ones after it do not run.
 */
#ifndef JT_SERVE_QUERY_H
#define JT_SERVE_QUERY_H

#include "sim/serve/conn.h"

/* Starts running a Query message's string. */
void jt_serve_query(jt_serve *s, jt_conn *c, const char *sql);
/* The next step of the running Query (c->query, no statement active): its next statement
   starts, or its end (the implicit block's commit, ReadyForQuery). */
void jt_query_step(jt_serve *s, jt_conn *c);
/* Frees a Query's state (at the connection's end). */
void jt_query_free(jt_query_run *q);

#endif
