/* Messages out: the backend messages of the PostgreSQL wire protocol v3 (see wire.h). */
#include "sim/serve/wire.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
    jt_wire_u8(c, (unsigned char)(c->txn.status ? c->txn.status : 'I'));
    jt_wire_end(c, at);
}

void jt_wire_empty_message(jt_conn *c, char type) {
    size_t at = jt_wire_begin(c, type);
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

void jt_wire_notice(jt_conn *c, const char *severity, const char *sqlstate, const char *message) {
    size_t at = jt_wire_begin(c, 'N');
    jt_wire_u8(c, 'S');
    jt_wire_str(c, severity);
    jt_wire_u8(c, 'V');
    jt_wire_str(c, severity);
    jt_wire_u8(c, 'C');
    jt_wire_str(c, sqlstate);
    jt_wire_u8(c, 'M');
    jt_wire_str(c, message);
    jt_wire_u8(c, 0);
    jt_wire_end(c, at);
}

void jt_wire_sql_error(jt_conn *c, const jt_result *r) {
    jt_wire_error(c, "ERROR", r->sqlstate[0] ? r->sqlstate : "XX000",
                  r->message ? r->message : "error", r->position);
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

uint32_t jt_wire_type_oid(char letter) {
    switch (letter) {
    case 'I':
        return JT_OID_INT8;
    case 'O':
        return JT_OID_OID;
    case 'R':
        return JT_OID_FLOAT8;
    case 'B':
        return JT_OID_BOOL;
    case 'S':
        return JT_OID_TIMESTAMP;
    default:
        return JT_OID_TEXT;
    }
}

char jt_wire_type_letter(uint32_t oid) {
    switch (oid) {
    case JT_OID_INT8:
    case JT_OID_INT4:
    case JT_OID_INT2:
        return 'I';
    case JT_OID_OID:
        return 'O';
    case JT_OID_FLOAT8:
    case JT_OID_FLOAT4:
    case JT_OID_NUMERIC:
        return 'R';
    case JT_OID_BOOL:
        return 'B';
    case JT_OID_TIMESTAMP:
    case JT_OID_TIMESTAMPTZ:
        return 'S';
    case JT_OID_TEXT:
    case JT_OID_VARCHAR:
    case JT_OID_BPCHAR:
    case JT_OID_NAME:
        return 'T';
    default:
        return 0; /* unknown, or a type the kit has no values of: typed by its use */
    }
}

/* The size of a type on the wire (-1: variable). */
static int type_len(char letter) {
    switch (letter) {
    case 'I':
    case 'R':
    case 'S':
        return 8;
    case 'O':
        return 4;
    case 'B':
        return 1;
    default:
        return -1;
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

static void put_be64(unsigned char *b, uint64_t v) {
    int k;
    for (k = 7; k >= 0; k--) {
        b[k] = (unsigned char)v;
        v >>= 8;
    }
}

/* Days from 1970-01-01 to the civil date y-m-d (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* A timestamp "YYYY-MM-DD HH:MM:SS[.ffffff]" as microseconds since 2000-01-01 (PostgreSQL's
   binary timestamp); -1 when it is not one. */
/* width digits at v + *at, then sep (0: none): the number; -1 when they are not there. */
static int digits_at(const char *v, int *at, int width, char sep) {
    int k, n = 0;
    for (k = 0; k < width; k++) {
        char ch = v[*at + k];
        if (ch < '0' || ch > '9')
            return -1;
        n = n * 10 + (ch - '0');
    }
    *at += width;
    if (sep) {
        if (v[*at] != sep)
            return -1;
        (*at)++;
    }
    return n;
}

static int timestamp_us(const char *v, int64_t *out) {
    int n = 0, y = digits_at(v, &n, 4, '-'), mo = digits_at(v, &n, 2, '-'),
        d = digits_at(v, &n, 2, ' '), h = digits_at(v, &n, 2, ':'), mi = digits_at(v, &n, 2, ':'),
        sec = digits_at(v, &n, 2, 0);
    long frac = 0;
    int digits = 0;
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0)
        return -1;
    if (v[n] == '.') {
        for (n++; v[n] >= '0' && v[n] <= '9'; n++, digits++)
            if (digits < 6)
                frac = frac * 10 + (v[n] - '0');
        while (digits < 6) {
            frac *= 10;
            digits++;
        }
    }
    if (v[n] == '+' || v[n] == 'Z') /* a zone: UTC, the model's */
        n += (int)strlen(v + n);
    if (v[n])
        return -1;
    *out =
        ((days_from_civil(y, mo, d) - 10957) * 86400 + h * 3600 + mi * 60 + sec) * 1000000 + frac;
    return 0;
}

/* A value in PostgreSQL's binary format of its type, into b (8 bytes); its length, or -1
   for a variable length (the text itself). */
static int binary_value(char t, const char *v, unsigned char b[8]) {
    int64_t i;
    double f;
    uint64_t bits;
    switch (t) {
    case 'I':
        put_be64(b, (uint64_t)strtoll(v, NULL, 10));
        return 8;
    case 'O':
        i = strtoll(v, NULL, 10);
        b[0] = (unsigned char)(i >> 24);
        b[1] = (unsigned char)(i >> 16);
        b[2] = (unsigned char)(i >> 8);
        b[3] = (unsigned char)i;
        return 4;
    case 'R':
        f = strtod(wire_text(t, v), NULL);
        memcpy(&bits, &f, sizeof bits);
        put_be64(b, bits);
        return 8;
    case 'B':
        b[0] = strcmp(v, "true") == 0;
        return 1;
    case 'S':
        if (timestamp_us(v, &i) < 0)
            return -1;
        put_be64(b, (uint64_t)i);
        return 8;
    default:
        return -1;
    }
}

/* The format code of column k: formats has none (text), one (for every column) or one each. */
static int column_format(const int16_t *formats, size_t nformats, size_t k) {
    if (nformats == 0)
        return 0;
    return formats[nformats == 1 ? 0 : k];
}

void jt_wire_row_description(jt_conn *c, const jt_result *head, const int16_t *formats,
                             size_t nformats) {
    size_t at = jt_wire_begin(c, 'T'), k;
    jt_wire_u16(c, (unsigned)head->ncols);
    for (k = 0; k < head->ncols; k++) {
        char t = head->types ? head->types[k] : 'T';
        jt_wire_str(c, head->columns[k]);
        jt_wire_u32(c, 0); /* table */
        jt_wire_u16(c, 0); /* attribute */
        jt_wire_u32(c, jt_wire_type_oid(t));
        jt_wire_u16(c, (unsigned)(uint16_t)(int16_t)type_len(t));
        jt_wire_u32(c, 0xffffffffu); /* typmod -1 */
        jt_wire_u16(c, (unsigned)column_format(formats, nformats, k));
    }
    jt_wire_end(c, at);
}

void jt_wire_data_row(jt_conn *c, size_t ncols, char *const *values, const char *types,
                      const int16_t *formats, size_t nformats) {
    size_t at = jt_wire_begin(c, 'D'), k;
    jt_wire_u16(c, (unsigned)ncols);
    for (k = 0; k < ncols; k++) {
        const char *v = values[k];
        char t = types ? types[k] : 'T';
        unsigned char b[8];
        int n = -1;
        if (!v) {
            jt_wire_u32(c, 0xffffffffu);
            continue;
        }
        if (column_format(formats, nformats, k) == 1)
            n = binary_value(t, v, b);
        if (n >= 0) {
            jt_wire_u32(c, (uint32_t)n);
            jt_wire_put(c, b, (size_t)n);
        } else {
            const char *w = column_format(formats, nformats, k) ? v : wire_text(t, v);
            jt_wire_u32(c, (uint32_t)strlen(w));
            jt_wire_put(c, w, strlen(w));
        }
    }
    jt_wire_end(c, at);
}

void jt_wire_output_failed(jt_conn *c, size_t mark) {
    int why = c->outerr;
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

void jt_wire_result(jt_conn *c, const jt_result *r) {
    size_t mark = c->outlen, i;
    if (r->failed) {
        jt_wire_sql_error(c, r);
        return;
    }
    if (r->ncols > 0 || strncmp(r->tag, "SELECT", 6) == 0)
        jt_wire_row_description(c, r, NULL, 0);
    for (i = 0; i < r->nrows && !c->outerr; i++)
        jt_wire_data_row(c, r->ncols, r->values + i * r->ncols, r->types, NULL, 0);
    jt_wire_complete(c, r->tag);
    if (c->outerr) /* what was put of this result goes: an error instead */
        jt_wire_output_failed(c, mark);
}
