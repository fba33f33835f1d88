/*
 * A statement running (private to sim/serve/): a portal of the extended protocol, or a
 * statement of a Query. It starts (serve answers it, or the model opens a cursor on it), then
 * its rows go out a batch at a time while the connection's output is under its bound: a
 * client that does not read holds serve's memory to the bound, and the other connections are
 * served between the batches. A CancelRequest, or statement_timeout, ends it with 57014.
 */
#ifndef JT_SERVE_PORTAL_H
#define JT_SERVE_PORTAL_H

#include "sim/serve/conn.h"

/* A portal for sql (copied), of the kind jt_stmt_kind tells; NULL without memory. */
jt_portal *jt_portal_new(const char *name, const char *sql);
void jt_portal_free(jt_portal *p);

/* Starts p: a statement serve answers runs; the model's is opened (a query: planned; another
   statement: run). 0; -1 after its error was sent (jt_portal_fail). */
int jt_portal_start(jt_serve *s, jt_conn *c, jt_portal *p);
/* Sends p's RowDescription (its columns; formats of p) or NoData, without running it when it
   has not started; -1 after an error was sent. */
int jt_portal_describe(jt_serve *s, jt_conn *c, jt_portal *p);
/* Makes p the connection's running statement, to send up to limit rows (0: all). */
void jt_portal_run(jt_conn *c, jt_portal *p, int64_t limit);
/* One batch of the running statement's rows: at its end CommandComplete (and, in a
   transaction block, its place in the log); PortalSuspended at Execute's limit. */
void jt_portal_pump(jt_serve *s, jt_conn *c);
/* The statement failed with r's error: sent; the block fails, the extended protocol skips to
   Sync, a Query's other statements do not run; p ends. */
void jt_portal_fail(jt_serve *s, jt_conn *c, jt_portal *p, const jt_result *r);
/* The helper opened p's query (worker.h): p takes the cursor and the pin, or fails with
   head's error (rc < 0: memory); a Query's statement sends its RowDescription. */
void jt_portal_opened(jt_serve *s, jt_conn *c, jt_portal *p, int rc, jt_result *head,
                      jt_model_cursor *cur, jt_wmodel *pin);
/* Ends p's work: its cursor closed, its model unpinned (it can be started no more). */
void jt_portal_end(jt_portal *p);

#endif
