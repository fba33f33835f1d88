/* Messages out: the backend messages of the PostgreSQL wire protocol v3 (see wire.h). */
#include "sim/serve/wire.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define OUT_SLACK 65536 /* room for an error after a result was dropped */

void jt_wire_put(jt_conn *c, const void *data, size_t n) {
    int rc;
    if (c->outerr)
        return;
    rc = jt_grow((void **)&c->out, &c->outcap, c->outlen + n, 1,
                 (size_t)JT_SERVE_LIMIT_OUTPUT + OUT_SLACK);
    if (rc < 0) {
        c->outerr = rc;
        return;
    }
    memcpy(c->out + c->outlen, data, n);
    c->outlen += n;
}

void jt_wire_u8(jt_conn *c, unsigned v) {
    unsigned char b = (unsigned char)v;
    jt_wire_put(c, &b, 1);
}

void jt_wire_u16(jt_conn *c, unsigned v) {
    unsigned char b[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    jt_wire_put(c, b, 2);
}

void jt_wire_u32(jt_conn *c, uint32_t v) {
    unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    jt_wire_put(c, b, 4);
}

void jt_wire_str(jt_conn *c, const char *s) {
    jt_wire_put(c, s, strlen(s) + 1);
}

size_t jt_wire_begin(jt_conn *c, char type) {
    size_t at;
    jt_wire_u8(c, (unsigned char)type);
    at = c->outlen;
    jt_wire_u32(c, 0);
    return at;
}

void jt_wire_end(jt_conn *c, size_t at) {
    uint32_t len;
    if (c->outerr)
        return;
    len = (uint32_t)(c->outlen - at);
    c->out[at] = (unsigned char)(len >> 24);
    c->out[at + 1] = (unsigned char)(len >> 16);
    c->out[at + 2] = (unsigned char)(len >> 8);
    c->out[at + 3] = (unsigned char)len;
}

void jt_wire_param(jt_conn *c, const char *name, const char *value) {
    size_t at = jt_wire_begin(c, 'S');
    jt_wire_str(c, name);
    jt_wire_str(c, value);
    jt_wire_end(c, at);
}

void jt_wire_ready(jt_conn *c) {
    size_t at = jt_wire_begin(c, 'Z');
    jt_wire_u8(c, 'I');
    jt_wire_end(c, at);
}

void jt_wire_complete(jt_conn *c, const char *tag) {
    size_t at = jt_wire_begin(c, 'C');
    jt_wire_str(c, tag);
    jt_wire_end(c, at);
}

void jt_wire_empty(jt_conn *c) {
    size_t at = jt_wire_begin(c, 'I');
    jt_wire_end(c, at);
}

void jt_wire_error(jt_conn *c, const char *severity, const char *sqlstate, const char *message,
                   int position) {
    size_t at;
    if (c->outerr == JT_ELIMIT)
        c->outerr = 0; /* the slack holds an error */
    at = jt_wire_begin(c, 'E');
    jt_wire_u8(c, 'S');
    jt_wire_str(c, severity);
    jt_wire_u8(c, 'V');
    jt_wire_str(c, severity);
    jt_wire_u8(c, 'C');
    jt_wire_str(c, sqlstate);
    jt_wire_u8(c, 'M');
    jt_wire_str(c, message);
    if (position > 0) {
        char buf[24];
        jt_wire_u8(c, 'P');
        jt_wire_str(c, jt_decimal(buf, position));
    }
    jt_wire_u8(c, 0);
    jt_wire_end(c, at);
}

void jt_wire_fatal(const jt_serve *s, jt_conn *c, const char *sqlstate, const char *fmt, ...) {
    char msg[JT_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jt_serve_log(s, c, "%s", msg);
    jt_wire_error(c, "FATAL", sqlstate, msg, 0);
    c->state = JT_CONN_CLOSING;
    c->deadline_ms = jt_serve_now_ms() + JT_SERVE_CLOSE_TIMEOUT_MS;
}

/* ---- values on the wire -------------------------------------------------------------- */

/* The type's oid, and its size in *len_out (-1: variable). */
static uint32_t type_oid(char t, int *len_out) {
    switch (t) {
    case 'I':
        *len_out = 8;
        return 20; /* int8 */
    case 'O':
        *len_out = 4;
        return 26; /* oid */
    case 'R':
        *len_out = 8;
        return 701; /* float8 */
    case 'B':
        *len_out = 1;
        return 16; /* bool */
    case 'S':
        *len_out = 8;
        return 1114; /* timestamp */
    default:
        *len_out = -1;
        return 25; /* text */
    }
}

/* A canonical value in PostgreSQL's text format of its type. */
static const char *wire_text(char t, const char *v) {
    if (t == 'B' && strcmp(v, "true") == 0)
        return "t";
    if (t == 'B' && strcmp(v, "false") == 0)
        return "f";
    if (t == 'R' && strcmp(v, "+Inf") == 0)
        return "Infinity";
    if (t == 'R' && strcmp(v, "-Inf") == 0)
        return "-Infinity";
    return v;
}

static void row_description(jt_conn *c, const jt_result *r) {
    size_t at = jt_wire_begin(c, 'T'), k;
    jt_wire_u16(c, (unsigned)r->ncols);
    for (k = 0; k < r->ncols; k++) {
        int len;
        uint32_t oid = type_oid(r->types ? r->types[k] : 'T', &len);
        jt_wire_str(c, r->columns[k]);
        jt_wire_u32(c, 0); /* table */
        jt_wire_u16(c, 0); /* attribute */
        jt_wire_u32(c, oid);
        jt_wire_u16(c, (unsigned)(uint16_t)(int16_t)len);
        jt_wire_u32(c, 0xffffffffu); /* typmod -1 */
        jt_wire_u16(c, 0);           /* text format */
    }
    jt_wire_end(c, at);
}

static void data_row(jt_conn *c, const jt_result *r, size_t i) {
    size_t at = jt_wire_begin(c, 'D'), k;
    jt_wire_u16(c, (unsigned)r->ncols);
    for (k = 0; k < r->ncols; k++) {
        const char *v = r->values[i * r->ncols + k];
        if (!v) {
            jt_wire_u32(c, 0xffffffffu);
        } else {
            const char *w = wire_text(r->types ? r->types[k] : 'T', v);
            size_t n = strlen(w);
            jt_wire_u32(c, (uint32_t)n);
            jt_wire_put(c, w, n);
        }
    }
    jt_wire_end(c, at);
}

void jt_wire_result(jt_conn *c, const jt_result *r) {
    size_t mark = c->outlen, i;
    int why;
    if (r->failed) {
        jt_wire_error(c, "ERROR", r->sqlstate[0] ? r->sqlstate : "XX000",
                      r->message ? r->message : "error", r->position);
        return;
    }
    if (r->ncols > 32767) {
        jt_wire_error(c, "ERROR", "54000", "the result has more than 32767 columns", 0);
        return;
    }
    if (r->ncols > 0 || strncmp(r->tag, "SELECT", 6) == 0)
        row_description(c, r);
    for (i = 0; i < r->nrows && !c->outerr; i++)
        data_row(c, r, i);
    jt_wire_complete(c, r->tag);
    if (!c->outerr)
        return;
    /* What was put of this result goes: an error instead. */
    why = c->outerr;
    c->outlen = mark;
    c->outerr = 0;
    if (why == JT_ELIMIT) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "the result is larger than jobtck serve's limit of %u bytes",
                 (unsigned)JT_SERVE_LIMIT_OUTPUT);
        jt_wire_error(c, "ERROR", "54000", msg, 0);
    } else {
        jt_wire_error(c, "ERROR", "53200", "out of memory", 0);
    }
}
