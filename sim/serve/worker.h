/*
 * Serve's one helper thread (private to sim/serve/): it opens the cursors of large queries
 * (plans, filters and orders the rows of SHOW JOBS on a world of many jobs: a few hundred
 * milliseconds for 200 000) while the poll loop goes on serving the other connections. It reads
 * a model that nothing changes meanwhile: a model a cursor reads is pinned, and the world copies
 * it before any change (world.h). Everything else, and every batch of rows, stays on the loop's
 * thread.
 */
#ifndef JT_SERVE_WORKER_H
#define JT_SERVE_WORKER_H

#include "sim/serve/conn.h"

/* Worlds with at least this many jobs have their queries opened by the helper. */
#define JT_SERVE_WORKER_JOBS 20000

/* A query to open: what the helper reads, what it gives back. */
typedef struct jt_open_job {
    jt_wmodel *pin; /* the model read, pinned by the job until it is collected */
    char *user, *sql;
    jt_model_param *params;
    size_t nparams;
    jt_model_cursor *cur; /* the helper's answer: the cursor, or NULL with head's error */
    jt_result head;
    int rc;            /* jt_model_open's */
    jt_portal *portal; /* the portal waiting for it; NULL once the portal is gone */
    jt_conn *conn;
    struct jt_open_job *next;
} jt_open_job;

/* Starts the helper and the pipe it signals on; 0, or -1 (serve then opens every query on
   the loop's thread). */
int jt_worker_start(jt_serve *s);
/* Stops it (after its current job); frees the jobs left. */
void jt_worker_stop(jt_serve *s);
/* The pipe's end the poll loop watches (-1: no helper). */
int jt_worker_fd(const jt_serve *s);
/* Whether the helper should open this portal's query (a large world, outside a block). */
int jt_worker_wanted(const jt_serve *s, const jt_conn *c, const jt_portal *p);
/* Gives the portal's query to the helper (the portal waits, p->opening); -1 without memory
   (the caller opens it itself). */
int jt_worker_submit(jt_serve *s, jt_conn *c, jt_portal *p, jt_wmodel *pin);
/* Takes what the helper finished: each portal gets its cursor (or its error), and goes on. */
void jt_worker_collect(jt_serve *s);
/* The portal goes (its connection closes): its job, if any, is dropped when collected. */
void jt_worker_forget(jt_portal *p);

#endif
