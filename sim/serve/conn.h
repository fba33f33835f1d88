/*
 * The state that the files of jobtck serve share (private to sim/serve/): the server, its
 * worlds (a model each) and its connections.
 *
 *   server.c    the listening socket, the connections' sockets, the poll loop, cancels
 *   session.c   a connection without a socket (the fuzz target and tests)
 *   messages.c  messages in: the startup packet, then a handler per frontend message type
 *   extended.c  the extended query protocol's handlers: Parse, Bind, Describe, Execute, Close
 *   wire.c      messages out: the backend messages, rows in text or binary, errors
 *   world.c     the worlds: the models the connections share, copied on write
 *   query.c     a Query message's statements, one after the other
 *   portal.c    a statement running: its rows produced a batch at a time, under the bound
 *   stmt.c      what a statement is, and the statements serve answers itself
 *   txn.c       transaction blocks: BEGIN, COMMIT, ROLLBACK on a copy of the world
 *   vars.c      session variables: SET, SHOW, RESET, ParameterStatus
 *   pgsql.c     PostgreSQL's own grammar (libpg_query): valid PostgreSQL, or not SQL
 *   worker.c    the helper thread that opens large queries off the loop
 *   fixtures.c  the JOBTCK statements, run before the model
 *   racy.c      the deliberately racy variant's memory of read-only answers
 *   lex.c       the tokens of the statements serve reads itself
 */
#ifndef JT_SERVE_CONN_H
#define JT_SERVE_CONN_H

#include <stdint.h>
#include <stdio.h>

#include "model/model.h"
#include "sim/serve/racy.h"
#include "sim/serve/serve.h"

/* Where a connection is in its life. */
enum {
    JT_CONN_STARTUP,  /* waiting for its startup packet */
    JT_CONN_READY,    /* serving messages */
    JT_CONN_CLOSING,  /* sending its last (FATAL) error */
    JT_CONN_DRAINING, /* error sent, reading until the client closes */
    JT_CONN_CLOSED    /* to be freed */
};

/* A model that connections read, counted: a cursor or a transaction that reads it holds a
   reference, and the world then copies it before it changes (copy on write), so that what
   they read stays as it was. */
typedef struct jt_wmodel {
    jt_model *m;
    unsigned refs;
} jt_wmodel;

/* A world: the jobs and users the connections see; one for all by default, one per database
   name with --world-per-database. */
typedef struct jt_world {
    char *name;       /* its database, or NULL for the one world */
    jt_wmodel *cur;   /* the committed state */
    uint64_t version; /* counts the changes of cur: a transaction's commit checks it */
} jt_world;

/* Session variables (vars.c): the values set, by the index of the variable's definition;
   NULL: its default. */
#define JT_SERVE_VARS 40

/* A statement of a transaction block, kept for the commit's check: run again on the world
   as it is then, it must give what it gave (its fingerprint). */
typedef struct jt_txn_entry {
    char *sql;
    jt_model_param *params;
    size_t nparams;
    uint64_t fp;
} jt_txn_entry;

/* A transaction block (txn.c). */
typedef struct jt_txn {
    char status;       /* ReadyForQuery's: 'I' idle, 'T' in a block, 'E' a failed block */
    int implicit;      /* the implicit block of a Query of several statements */
    int read_only;     /* BEGIN READ ONLY */
    jt_wmodel *snap;   /* the world's model as the block first read it, or NULL */
    jt_model *own;     /* the block's copy once it changed something, or NULL */
    uint64_t base;     /* the world's version when snap was taken */
    jt_txn_entry *log; /* its statements, for the commit's check */
    size_t nlog, logcap;
    char *saved[JT_SERVE_VARS]; /* SET LOCAL: the values to restore at its end */
    unsigned char local[JT_SERVE_VARS];
} jt_txn;

/* What a statement is, for serve (stmt.c). */
enum {
    JT_ST_EMPTY,   /* nothing to run */
    JT_ST_JOBTCK,  /* a JOBTCK fixture statement */
    JT_ST_TXN,     /* BEGIN, COMMIT, ROLLBACK ... */
    JT_ST_VAR,     /* SET, SHOW <variable>, RESET, DISCARD */
    JT_ST_FUNC,    /* SELECT of session functions: version(), current_user ... */
    JT_ST_DEALLOC, /* DEALLOCATE (a prepared statement of either protocol) */
    JT_ST_MODEL    /* anything else: the model's */
};

/* A prepared statement of the extended protocol (the model's session keeps it too when it
   is the model's, so that SQL EXECUTE and DEALLOCATE see it). */
typedef struct jt_pstmt {
    char *name;
    char *sql;
    int kind;      /* JT_ST_... */
    size_t ntypes; /* parameter types given by Parse */
    uint32_t *oids;
    struct jt_pstmt *next;
} jt_pstmt;

/* A statement running, or ready to (a portal): its rows go out a batch at a time. */
typedef struct jt_portal {
    char *name;
    char *sql;              /* its statement */
    char *prepared;         /* a statement of the model's session to run by name (SQL PREPARE
                               seen through Bind), or NULL: sql */
    int kind;               /* JT_ST_... */
    jt_model_param *params; /* bound, texts allocated */
    size_t nparams;
    int16_t *formats; /* the result columns' format codes (nformats 0: text, 1: one for all) */
    size_t nformats;
    int extended; /* of the extended protocol (else a Query's statement) */
    int started, done, failed;
    int opening;             /* the helper thread opens its cursor (worker.h) */
    struct jt_open_job *job; /* that work, while it is not collected */
    int writes;              /* a statement of the model that changes it */
    int rows;                /* it returns rows: RowDescription, SELECT's tag */
    int racy;                /* the racy variant remembers its answer: sent whole */
    size_t racy_mark;        /* where its answer starts in the output */
    int position_offset;     /* characters of the Query before its statement (error positions) */
    jt_model_cursor *cur;    /* the model's rows */
    jt_wmodel *pin;          /* the model the cursor reads, held unchanged */
    jt_result whole;         /* a statement serve answered itself (sres): its rows at once */
    size_t whole_next;       /* rows of whole sent */
    jt_result head;          /* the columns (from the model, or a copy of whole's) */
    char tag[64];            /* its command tag, once done */
    int64_t nrows;           /* rows sent */
    uint64_t fp;             /* what it gave so far (a transaction block's check) */
    int64_t started_ms;      /* statement_timeout */
    struct jt_portal *next;
} jt_portal;

/* A Query message's statements, run one after another (query.c). */
typedef struct jt_query_run {
    char *text;
    size_t *starts, *ends; /* each statement's bytes */
    size_t n, next;
    int failed;
    int several;           /* more than one statement: an implicit transaction block */
    struct jt_portal *cur; /* the statement running, or done */
} jt_query_run;

typedef struct jt_conn {
    int fd; /* -1 for a session without a socket */
    int state;
    unsigned id;
    uint32_t secret;
    char peer[64];
    char *user;
    char *database;
    size_t world;        /* index in the server's worlds */
    int skipping;        /* extended protocol after an error: skip until Sync */
    int64_t deadline_ms; /* of the startup, or of a closing connection; 0: none */
    int outerr;          /* a write to out failed: JT_ENOMEM or JT_ELIMIT */
    int cancel;          /* a CancelRequest came for the running statement */
    unsigned char *in;
    size_t inoff, inlen, incap;
    unsigned char *out;
    size_t outoff, outlen, outcap;
    jt_racy_memo racy;    /* racy_reads_ms only */
    jt_model_session *ss; /* its prepared statements (SQL and protocol) */
    jt_pstmt *pstmts;     /* the extended protocol's prepared statements */
    jt_portal *portals;   /* the extended protocol's portals */
    jt_portal *active;    /* the portal whose rows are being sent, or NULL */
    int64_t active_limit; /* Execute's row limit left for it (0: none) */
    jt_query_run *query;  /* the Query message being run, or NULL */
    jt_txn txn;
    char *vars[JT_SERVE_VARS];
} jt_conn;

struct jt_serve {
    const jt_profile *profile;
    int max_connections;
    int progress_ms, racy_reads_ms;
    int world_per_database;
    int64_t next_progress_ms;
    FILE *log;
    int lfd;
    int wake[2];
    int port;
    unsigned next_id;
    int64_t accept_pause_until_ms;
    jt_conn **conns;
    size_t nconns, conncap;
    jt_world *worlds;
    size_t nworlds, worldcap;
    struct jt_worker *worker; /* the helper thread (worker.h), or NULL */
};

/* Below this many bytes, the input buffer grows by at most a read's worth at a time. */
#define JT_SERVE_READ_CHUNK 65536
/* The input buffer's cap: a whole message, plus a read's worth beyond it. */
#define JT_SERVE_INPUT_CAP ((size_t)JT_SERVE_LIMIT_MESSAGE + 1 + JT_SERVE_READ_CHUNK)
/* Queued output above which a connection's input waits and its rows pause: what a client
   that does not read costs at most, beyond a batch of rows. */
#define JT_SERVE_OUTPUT_BOUND (256u * 1024u)
/* Rows a portal renders at a time. */
#define JT_SERVE_BATCH_ROWS 256

/* Milliseconds of a monotonic clock. */
int64_t jt_serve_now_ms(void);
/* One line on the server's log about connection c (nothing when there is no log). */
void jt_serve_log(const jt_serve *s, const jt_conn *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Frees what the connection holds and closes its socket; not c itself. */
void jt_conn_release(jt_serve *s, jt_conn *c);

/* Whether the connection takes messages (its startup, or queries). */
static inline int jt_conn_open(const jt_conn *c) {
    return c->state == JT_CONN_STARTUP || c->state == JT_CONN_READY;
}

/* Whether the connection has output over the bound (its rows and input wait). */
static inline int jt_conn_full(const jt_conn *c) {
    return c->outlen - c->outoff >= JT_SERVE_OUTPUT_BOUND;
}

/* Whether a statement of the connection is running: rows to send, or statements of a Query
   left to run. */
static inline int jt_conn_busy(const jt_conn *c) {
    return c->active || c->query;
}

/* Whether the connection has work the loop can do now (not waiting on the helper). */
static inline int jt_conn_ready_to_work(const jt_conn *c) {
    return (c->active && !c->active->opening) || (!c->active && c->query);
}

#endif
