/* A connection of serve without a socket: the fuzz target's and tests' way in (see serve.h). */
#include "sim/serve/serve.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/serve/conn.h"
#include "sim/serve/messages.h"
#include "sim/serve/world.h"

struct jt_serve_session {
    jt_serve s; /* no listening socket: lfd and wake are -1 */
    jt_conn c;  /* fd -1 */
};

int jt_serve_session_new(jt_serve_session **out, const char *profile, jt_error *err) {
    jt_serve_session *ss;
    const char *name = profile ? profile : JT_PROFILE_DEFAULT;
    *out = NULL;
    if (!jt_profile_find(name))
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", name);
    ss = jt_calloc(1, sizeof *ss);
    if (!ss)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    ss->s.lfd = ss->s.wake[0] = ss->s.wake[1] = -1;
    ss->s.profile = jt_profile_find(name);
    ss->s.max_connections = 1;
    ss->c.fd = -1;
    ss->c.id = ++ss->s.next_id;
    ss->c.secret = 0x5bd1e995u;
    snprintf(ss->c.peer, sizeof ss->c.peer, "session");
    ss->c.state = JT_CONN_STARTUP;
    /* The server's list of connections holds this one (the count of too many clients, a
       CancelRequest's lookup, a JOBTCK RESET's sessions). */
    ss->s.conns = jt_calloc(1, sizeof *ss->s.conns);
    if (!ss->s.conns) {
        free(ss);
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    ss->s.conns[0] = &ss->c;
    ss->s.nconns = ss->s.conncap = 1;
    *out = ss;
    return JT_OK;
}

void jt_serve_session_free(jt_serve_session *ss) {
    if (!ss)
        return;
    jt_conn_release(&ss->s, &ss->c);
    jt_world_free_all(&ss->s);
    free(ss->s.conns);
    free(ss);
}

/* Moves what serve queued to the caller's buffer. */
static int session_drain(jt_conn *c, unsigned char **out, size_t *outlen) {
    size_t n = c->outlen - c->outoff;
    unsigned char *grown;
    if (n > 0) {
        grown = realloc(*out, *outlen + n);
        if (!grown)
            return JT_ENOMEM;
        memcpy(grown + *outlen, c->out + c->outoff, n);
        *out = grown;
        *outlen += n;
    }
    c->outoff = c->outlen = 0;
    return JT_OK;
}

/* Appends up to a read's worth of p (as recv gives it to a served connection) to the input;
   returns how much, or JT_ENOMEM. */
static int64_t session_read(jt_conn *c, const unsigned char *p, size_t len) {
    size_t chunk = len < JT_SERVE_READ_CHUNK ? len : JT_SERVE_READ_CHUNK;
    if (c->inoff > 0) {
        memmove(c->in, c->in + c->inoff, c->inlen - c->inoff);
        c->inlen -= c->inoff;
        c->inoff = 0;
    }
    if (jt_grow((void **)&c->in, &c->incap, c->inlen + chunk + 1, 1, JT_SERVE_INPUT_CAP) < 0)
        return JT_ENOMEM;
    if (chunk > 0)
        memcpy(c->in + c->inlen, p, chunk);
    c->inlen += chunk;
    return (int64_t)chunk;
}

int jt_serve_session_feed(jt_serve_session *ss, const void *buf, size_t len, unsigned char **out,
                          size_t *outlen) {
    jt_conn *c = &ss->c;
    const unsigned char *p = buf;
    while (jt_conn_open(c)) {
        int64_t chunk = session_read(c, p, len);
        size_t before;
        if (chunk < 0)
            return JT_ENOMEM;
        p += chunk;
        len -= (size_t)chunk;
        do { /* until nothing moves (the output is drained after each batch, as a client
                that reads does) */
            int did;
            before = c->inoff;
            did = jt_serve_process(&ss->s, c);
            if (session_drain(c, out, outlen) < 0)
                return JT_ENOMEM;
            if (!did && c->inoff == before)
                break;
        } while (jt_conn_open(c));
        if (len == 0)
            break;
    }
    if (session_drain(c, out, outlen) < 0)
        return JT_ENOMEM;
    return jt_conn_open(c) ? 1 : 0;
}
