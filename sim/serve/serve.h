/*
 * jobtck serve: the reference model behind the PostgreSQL wire protocol (v3), so that psql,
 * libpq and every pgwire client can talk to it (docs/pgwire.md).
 *
 * One poll() loop runs every statement of every connection, one at a time, so the model needs
 * no lock; a helper thread only opens large queries on a model nothing changes meanwhile.
 * Every connection sees one world (jobs, users) by default, as a cluster has one; with
 * world_per_database, each database name has its own. Authentication is trust: the session
 * user is the startup message's `user`. An SSLRequest or GSSENCRequest is answered 'N'.
 *
 * Both query protocols (simple; Parse, Bind, Describe, Execute, Close, Sync, Flush), transaction
 * blocks (BEGIN, COMMIT, ROLLBACK, on a copy of the world, checked at COMMIT), session variables
 * (SET, SHOW, RESET) and prepared statements owned by their session; rows produced a batch at a
 * time under a per-connection bound; CancelRequest and statement_timeout (57014).
 *
 * Statements that serve handles itself, before the model (for fixtures; see the recipe
 * cases/recipes/serve.sql of the pgwire driver), with SQL string literals ('…' or E'…'):
 *
 *   JOBTCK RESET
 *   JOBTCK ADVANCE          one step of the jobs' own progress (tag JOBTCK ADVANCE <jobs moved>)
 *   JOBTCK FIXTURE USER name='maxroach' [admin=true|false] [controljob=true|false]
 *                       [viewjob=true|false] [member_of='role,role'|NULL]
 *   JOBTCK FIXTURE JOB id=27536791415282 type='RESTORE' status='running'
 *                      [user='root'|NULL] [description='…'|NULL] [error='…'|NULL]
 *                      [schedule=42] [age=46800]      (age in seconds)
 *
 * A Query of one statement goes to the model as written; several are split at their
 * semicolons and run in an implicit block. Valid PostgreSQL the model does not parse is 0A000,
 * never a syntax error.
 *
 * Every message is bounded (JT_SERVE_LIMIT_*); a malformed or oversized one gets a FATAL
 * ErrorResponse (08P01 or 54000) and closes that connection; the others go on.
 */
#ifndef JT_SERVE_H
#define JT_SERVE_H

#include <stdio.h>

#include "model/common.h"

/* Limits of the wire protocol side of serve. */
#define JT_SERVE_LIMIT_STARTUP 10000                /* bytes in a startup packet (as PostgreSQL) */
#define JT_SERVE_LIMIT_MESSAGE (JT_LIMIT_SQL + 5)   /* bytes in a message, type byte excluded */
#define JT_SERVE_LIMIT_OUTPUT (64u * 1024u * 1024u) /* bytes of one batch's messages */
#define JT_SERVE_LIMIT_CONNECTIONS 4096             /* connections at once */
#define JT_SERVE_LIMIT_DATABASES 1000               /* worlds (per database name) */
#define JT_SERVE_STARTUP_TIMEOUT_MS 10000           /* to complete the startup */
#define JT_SERVE_CLOSE_TIMEOUT_MS 5000              /* to flush a closing connection */
#define JT_SERVE_DEFAULT_LISTEN "127.0.0.1:26257"
#define JT_SERVE_DEFAULT_CONNECTIONS 200

typedef struct jt_serve_config {
    const char *listen;  /* "HOST:PORT" ("[::1]:PORT" for IPv6); port 0 picks a free one */
    const char *profile; /* the models' profile, or NULL for the default */
    int max_connections; /* 1 .. JT_SERVE_LIMIT_CONNECTIONS, or 0 for the default */
    FILE *log;           /* one line per connection closed on an error, or NULL */
    /* The jobs move on their own: every progress_ms milliseconds of real time, one step of
       every model's progress (as `JOBTCK ADVANCE`); 0: only on JOBTCK ADVANCE. */
    int progress_ms;
    /* A deliberately wrong server, for testing concurrency checkers (jobtck sim --sessions):
       a connection answers a read-only query (SELECT, SHOW, VALUES) that it ran less than
       racy_reads_ms ago from what it answered then, whatever happened since. 0: never. */
    int racy_reads_ms;
    /* A world (jobs, users) per database name; 0: one world for every connection, whatever
       database it names, as a cluster has one set of jobs. */
    int world_per_database;
} jt_serve_config;

typedef struct jt_serve jt_serve;

/* Binds and listens (nothing is accepted until jt_serve_run). */
int jt_serve_new(jt_serve **out, const jt_serve_config *cfg, jt_error *err);
/* Closes every connection and frees every model. */
void jt_serve_free(jt_serve *s);
/* The port it listens on (the bound one when the configuration asked for 0). */
int jt_serve_port(const jt_serve *s);
/* Serves until jt_serve_stop; 0, or a negative JT_E... when the loop itself fails. */
int jt_serve_run(jt_serve *s, jt_error *err);
/* Makes jt_serve_run return soon. Async-signal-safe: may be called from a signal handler. */
void jt_serve_stop(jt_serve *s);

/* One connection of serve without a socket (the fuzz target and tests): the bytes a client
   sends go in, the bytes serve would send come out, through the same message reader and the
   same handlers as a served connection, on a model of its own. */
typedef struct jt_serve_session jt_serve_session;

int jt_serve_session_new(jt_serve_session **out, const char *profile, jt_error *err);
void jt_serve_session_free(jt_serve_session *ss);
/* Takes len bytes as if they had arrived on the socket and runs every complete message; serve's
   answers are appended to *out (grown with realloc, *outlen bytes in all; *out may be NULL at
   first; the caller frees it). Returns 1 while the connection is open, 0 once serve has closed
   it (a Terminate, or a FATAL error: later bytes are ignored), JT_ENOMEM when memory ran out. */
int jt_serve_session_feed(jt_serve_session *ss, const void *buf, size_t len, unsigned char **out,
                          size_t *outlen);

#endif
