/*
 * The state that the files of jobtck serve share (private to sim/serve/): the server, its
 * databases (a model each) and its connections.
 *
 *   server.c    the listening socket, the connections' sockets, the poll loop
 *   session.c   a connection without a socket (the fuzz target and tests)
 *   messages.c  messages in: the startup packet, then a handler per frontend message type
 *   wire.c      messages out: the backend messages, results and errors
 *   query.c     a query string on the connection's database; the databases
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

/* A database name and its model, shared by the connections that name it. */
typedef struct jt_serve_db {
    char *name;
    jt_model *model;
} jt_serve_db;

typedef struct jt_conn {
    int fd; /* -1 for a session without a socket */
    int state;
    unsigned id;
    uint32_t secret;
    char peer[64];
    char *user;
    size_t db;           /* index in the server's databases */
    int skipping;        /* extended protocol after an error: skip until Sync */
    int64_t deadline_ms; /* of the startup, or of a closing connection; 0: none */
    int outerr;          /* a write to out failed: JT_ENOMEM or JT_ELIMIT */
    unsigned char *in;
    size_t inoff, inlen, incap;
    unsigned char *out;
    size_t outoff, outlen, outcap;
    jt_racy_memo racy; /* racy_reads_ms only */
} jt_conn;

struct jt_serve {
    const jt_profile *profile;
    int max_connections;
    int progress_ms, racy_reads_ms;
    int64_t next_progress_ms;
    FILE *log;
    int lfd;
    int wake[2];
    int port;
    unsigned next_id;
    int64_t accept_pause_until_ms;
    jt_conn **conns;
    size_t nconns, conncap;
    jt_serve_db *dbs;
    size_t ndbs, dbcap;
};

/* Below this many bytes, the input buffer grows by at most a read's worth at a time. */
#define JT_SERVE_READ_CHUNK 65536
/* The input buffer's cap: a whole message, plus a read's worth beyond it. */
#define JT_SERVE_INPUT_CAP ((size_t)JT_SERVE_LIMIT_MESSAGE + 1 + JT_SERVE_READ_CHUNK)

/* Milliseconds of a monotonic clock. */
int64_t jt_serve_now_ms(void);
/* One line on the server's log about connection c (nothing when there is no log). */
void jt_serve_log(const jt_serve *s, const jt_conn *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Frees what the connection holds and closes its socket; not c itself. */
void jt_conn_release(jt_conn *c);

/* Whether the connection takes messages (its startup, or queries). */
static inline int jt_conn_open(const jt_conn *c) {
    return c->state == JT_CONN_STARTUP || c->state == JT_CONN_READY;
}

#endif
