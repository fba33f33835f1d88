/* Messages in: the startup packet, then a handler per frontend message type (see messages.h). */
#include "sim/serve/messages.h"

#include <string.h>

#include "sim/serve/extended.h"
#include "sim/serve/portal.h"
#include "sim/serve/query.h"
#include "sim/serve/vars.h"
#include "sim/serve/wire.h"
#include "sim/serve/world.h"

#define CODE_SSL 80877103u
#define CODE_GSSENC 80877104u
#define CODE_CANCEL 80877102u

static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* ---- the startup packet -------------------------------------------------------------- */

/* A CancelRequest: the running statement of the connection it names (its key: id and
   secret) stops with 57014; no answer, and this connection closes (as PostgreSQL does). */
static void cancel_request(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    size_t i;
    if (n == 12) {
        uint32_t id = get_u32(body + 4), secret = get_u32(body + 8);
        for (i = 0; i < s->nconns; i++) {
            jt_conn *t = s->conns[i];
            if (t != c && t->id == id && t->secret == secret && jt_conn_busy(t))
                t->cancel = 1;
        }
    }
    c->state = JT_CONN_CLOSING;
    c->deadline_ms = jt_serve_now_ms() + JT_SERVE_CLOSE_TIMEOUT_MS;
}

/* A request that is not a startup (SSL, GSSAPI encryption, cancel) or a protocol version that
   is not 3: answered; 1. A startup of version 3: 0. */
static int startup_request(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    uint32_t code = get_u32(body);
    if (code == CODE_SSL || code == CODE_GSSENC) {
        jt_wire_u8(c, 'N'); /* no encryption: the client goes on in the clear */
        return 1;
    }
    if (code == CODE_CANCEL) {
        cancel_request(s, c, body, n);
        return 1;
    }
    if (code >> 16 != 3) {
        jt_wire_fatal(s, c, "0A000", "unsupported frontend protocol %u.%u: jobtck serve speaks 3.0",
                      code >> 16, code & 0xffffu);
        return 1;
    }
    return 0;
}

/* A startup parameter other than user and database: a session variable, as PostgreSQL takes
   them (libpq's options, replication and the like are not served). 0, or -1 after a FATAL
   error. */
static int startup_variable(jt_serve *s, jt_conn *c, const char *key, const char *value) {
    char sqlstate[6], msg[JT_MESSAGE_MAX];
    if (strcmp(key, "options") == 0 && !*value)
        return 0;
    if (strcmp(key, "replication") == 0 || strcmp(key, "options") == 0) {
        jt_wire_fatal(s, c, "0A000", "the startup parameter %s is not supported by jobtck serve",
                      key);
        return -1;
    }
    if (jt_vars_startup(s, c, key, value, sqlstate, msg, sizeof msg) == 0)
        return 0;
    jt_wire_fatal(s, c, sqlstate, "%s", msg);
    return -1;
}

/* The startup's parameters (name, value, ..., then a NUL) from p to end: user and database
   into *user and *dbname (NULL when not given); with set, the others become session variables
   (after the first pass has checked the packet). 0, or -1 after a FATAL error. */
static int startup_params(jt_serve *s, jt_conn *c, const char *p, const char *end,
                          const char **user, const char **dbname, int set) {
    for (;;) {
        const char *key = p, *value;
        size_t klen, vlen;
        if (p >= end) {
            jt_wire_fatal(s, c, "08P01", "invalid startup packet: no terminator");
            return -1;
        }
        if (*p == '\0' && p + 1 != end) {
            jt_wire_fatal(s, c, "08P01", "invalid startup packet: bytes after the terminator");
            return -1;
        }
        if (*p == '\0')
            return 0;
        klen = strnlen(key, (size_t)(end - key));
        if (key + klen >= end) {
            jt_wire_fatal(s, c, "08P01", "invalid startup packet: unterminated parameter name");
            return -1;
        }
        value = key + klen + 1;
        vlen = strnlen(value, (size_t)(end - value));
        if (value + vlen >= end) {
            jt_wire_fatal(s, c, "08P01", "invalid startup packet: unterminated parameter value");
            return -1;
        }
        if (strcmp(key, "user") == 0)
            *user = value;
        else if (strcmp(key, "database") == 0)
            *dbname = value;
        else if (set && startup_variable(s, c, key, value) < 0)
            return -1;
        p = value + vlen + 1;
    }
}

/* The session begins (trust): AuthenticationOk, the parameters a client reads, the key that
   a CancelRequest names, ReadyForQuery. */
static void startup_done(jt_serve *s, jt_conn *c) {
    size_t at = jt_wire_begin(c, 'R');
    jt_wire_u32(c, 0);
    jt_wire_end(c, at);
    jt_vars_report_all(s, c);
    at = jt_wire_begin(c, 'K');
    jt_wire_u32(c, c->id);
    jt_wire_u32(c, c->secret);
    jt_wire_end(c, at);
    c->txn.status = 'I';
    jt_wire_ready(c);
    c->state = JT_CONN_READY;
    c->deadline_ms = 0;
}

/* Over the limit of connections: FATAL 53300 after the startup packet, as PostgreSQL and
   CockroachDB answer it (an error in place of the SSLRequest's answer reads to libpq as "an
   error response during SSL exchange"). */
static int too_many(jt_serve *s, jt_conn *c) {
    size_t i, open = 0;
    for (i = 0; i < s->nconns; i++)
        open += s->conns[i] != c && s->conns[i]->state == JT_CONN_READY;
    if (open < (size_t)s->max_connections)
        return 0;
    jt_wire_fatal(s, c, "53300", "sorry, too many clients already");
    return 1;
}

static void handle_startup(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    const char *user = NULL, *dbname = NULL;
    jt_error err;
    if (startup_request(s, c, body, n) ||
        startup_params(s, c, (const char *)body + 4, (const char *)body + n, &user, &dbname, 0) < 0)
        return;
    if (!user || !*user) {
        jt_wire_fatal(s, c, "28000", "no user name in the startup packet");
        return;
    }
    if (!dbname || !*dbname)
        dbname = user; /* libpq's default, and PostgreSQL's */
    if (strlen(user) > JT_LIMIT_NAME || strlen(dbname) > JT_LIMIT_NAME) {
        jt_wire_fatal(s, c, "42622", "user or database name longer than %d bytes", JT_LIMIT_NAME);
        return;
    }
    if (too_many(s, c))
        return;
    memset(&err, 0, sizeof err);
    c->world = jt_world_open(s, dbname, &err);
    if (c->world == SIZE_MAX) {
        jt_wire_fatal(s, c, err.code == JT_ELIMIT ? "53300" : "53200",
                      "cannot open database %s: %s", dbname, err.message);
        return;
    }
    c->user = jt_strdup(user);
    c->database = jt_strdup(dbname);
    if (!c->user || !c->database || jt_model_session_new(&c->ss, NULL) < 0) {
        jt_wire_fatal(s, c, "53200", "out of memory");
        return;
    }
    if (startup_params(s, c, (const char *)body + 4, (const char *)body + n, &user, &dbname, 1) < 0)
        return;
    startup_done(s, c);
}

/* ---- a handler per message type ------------------------------------------------------ */

/* A message's body (n bytes, its type and length excluded). */
typedef void handler(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n);

/* Query: the simple query protocol. */
static void on_query(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    if (n == 0 || memchr(body, '\0', n) != body + n - 1) {
        jt_wire_fatal(s, c, "08P01", "invalid Query message: the string is not terminated once");
        return;
    }
    c->skipping = 0; /* a Query ends the extended protocol's batch */
    jt_serve_query(s, c, (const char *)body);
}

/* Terminate. */
static void on_terminate(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    (void)s;
    (void)body;
    (void)n;
    c->state = JT_CONN_CLOSED;
}

/* Copy messages outside a copy (ignored, as PostgreSQL does). */
static void on_nothing(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    (void)s;
    (void)c;
    (void)body;
    (void)n;
}

/* FunctionCall. */
static void on_function_call(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    (void)s;
    (void)body;
    (void)n;
    if (c->skipping)
        return;
    jt_wire_error(c, "ERROR", "0A000", "jobtck serve has no function calls", 0);
    jt_wire_ready(c);
}

/* The handler of each message type; a type without one is a protocol violation. */
static handler *const handlers[256] = {
    ['Q'] = on_query,     ['X'] = on_terminate,     ['S'] = jt_ext_sync,     ['H'] = jt_ext_flush,
    ['P'] = jt_ext_parse, ['B'] = jt_ext_bind,      ['D'] = jt_ext_describe, ['E'] = jt_ext_execute,
    ['C'] = jt_ext_close, ['F'] = on_function_call, ['d'] = on_nothing,      ['c'] = on_nothing,
    ['f'] = on_nothing,
};

/* ---- framing ------------------------------------------------------------------------- */

/* The startup packet at p (avail bytes): handled, 1; 0 when it is incomplete or too long. */
static int read_startup(jt_serve *s, jt_conn *c, const unsigned char *p, size_t avail) {
    uint32_t len;
    if (avail < 4)
        return 0;
    len = get_u32(p);
    if (len < 8 || len > JT_SERVE_LIMIT_STARTUP) {
        jt_wire_fatal(s, c, len < 8 ? "08P01" : "54000",
                      "invalid startup packet length %u (8 .. %d)", len, JT_SERVE_LIMIT_STARTUP);
        return 0;
    }
    if (avail < len)
        return 0;
    c->inoff += len;
    handle_startup(s, c, p + 4, len - 4);
    return 1;
}

/* The message at p (avail bytes): handled, 1; 0 when it is incomplete or its length bad. */
static int read_message(jt_serve *s, jt_conn *c, const unsigned char *p, size_t avail) {
    uint32_t len;
    handler *h;
    if (avail < 5)
        return 0;
    len = get_u32(p + 1);
    if (len < 4) {
        jt_wire_fatal(s, c, "08P01", "invalid message length %u", len);
        return 0;
    }
    if (len > JT_SERVE_LIMIT_MESSAGE) {
        jt_wire_fatal(s, c, "54000", "message of %u bytes is over the limit of %d bytes", len,
                      JT_SERVE_LIMIT_MESSAGE);
        return 0;
    }
    if (avail < (size_t)len + 1)
        return 0;
    c->inoff += (size_t)len + 1;
    h = handlers[p[0]];
    if (h)
        h(s, c, p + 5, len - 4);
    else
        jt_wire_fatal(s, c, "08P01", "invalid frontend message type %u", (unsigned)p[0]);
    return 1;
}

int jt_serve_process(jt_serve *s, jt_conn *c) {
    int did = 0;
    while (jt_conn_open(c) && !c->outerr && (!jt_conn_full(c) || (c->active && c->active->racy))) {
        const unsigned char *p = c->in + c->inoff;
        size_t avail = c->inlen - c->inoff;
        if (c->active && c->active->opening)
            break; /* the helper opens its cursor: nothing to do until it has */
        if (c->active)
            jt_portal_pump(s, c);
        else if (c->query)
            jt_query_step(s, c);
        else if (!(c->state == JT_CONN_STARTUP ? read_startup(s, c, p, avail)
                                               : read_message(s, c, p, avail)))
            break;
        did = 1;
    }
    if (c->outerr == JT_ENOMEM) {
        jt_serve_log(s, c, "out of memory for its output");
        c->state = JT_CONN_CLOSED;
    }
    return did;
}
