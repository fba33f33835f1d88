/*
 * libFuzzer target: jobtck serve's PostgreSQL-wire message reader (sim/serve/messages.c), through a
 * connection without a socket (jt_serve_session_feed). The first byte picks how the rest is
 * cut into reads (1 to 255 bytes each, or 0: all at once), so that messages split anywhere are
 * reassembled; the rest is what a client sends: a startup packet (or an SSLRequest first),
 * then messages.
 *
 * The messages are those of both query protocols: Query (with several statements, BEGIN,
 * COMMIT, SET...), and Parse, Bind, Describe, Execute (with a row limit), Close, Sync, Flush;
 * the dictionary (fuzz_serve.dict) holds their heads and the statements serve reads itself.
 *
 * Checks besides "no crash, no leak, no undefined behaviour": everything serve sends is a
 * sequence of well-formed backend messages of the kinds it sends (the single byte 'N' before
 * the startup answers an SSLRequest; later, 'N' is a NoticeResponse); every ErrorResponse and
 * NoticeResponse has a severity, a five-character SQLSTATE and a message; every ReadyForQuery
 * says idle, in a block or in a failed block; a DataRow has the columns of the RowDescription
 * before it; and a FATAL ErrorResponse is the last thing serve says, on a connection it has
 * closed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/serve/serve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what) {
    fprintf(stderr, "fuzz_serve: %s\n", what);
    abort();
}

static uint32_t u32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The fields of an ErrorResponse body: checks them; returns its severity's first letter. */
static char error_fields(const unsigned char *p, size_t n) {
    size_t i = 0;
    char severity = 0;
    int code = 0, message = 0;
    while (i < n && p[i] != 0) {
        unsigned char field = p[i++];
        const unsigned char *v = p + i;
        const unsigned char *end = memchr(v, 0, n - i);
        if (!end)
            die("an ErrorResponse field without its terminator");
        if (field == 'S')
            severity = (char)v[0];
        if (field == 'C') {
            if (end - v != 5)
                die("an ErrorResponse whose SQLSTATE is not five characters");
            code = 1;
        }
        if (field == 'M')
            message = 1;
        i = (size_t)(end - p) + 1;
    }
    if (i + 1 != n)
        die("an ErrorResponse that does not end with its terminator");
    if (!severity || !code || !message)
        die("an ErrorResponse without severity, code or message");
    return severity;
}

/* Checks one message of serve's output (its type, body of len - 4 bytes); ncols is the
   columns of the result being sent: its RowDescription's, else its first DataRow's (an Execute
   of a portal that was not described sends no RowDescription); -1 between results.
   *last_severity is that of the last ErrorResponse. */
static void check_message(unsigned char type, const unsigned char *body, uint32_t len, long *ncols,
                          char *last_severity) {
    switch (type) {
    case 'Z':
        if (len != 5 || !strchr("ITE", body[0]) || body[0] == 0)
            die("a ReadyForQuery whose status is not I, T or E");
        break;
    case 'N':
        if (error_fields(body, len - 4) == 'F')
            die("a FATAL NoticeResponse");
        break;
    case '1':
    case '2':
    case '3':
    case 'n':
    case 's':
        if (len != 4)
            die("a ParseComplete, BindComplete, CloseComplete, NoData or PortalSuspended "
                "with a body");
        break;
    case 't':
        if (len < 6 || len != 6 + 4u * (unsigned)(body[0] << 8 | body[1]))
            die("a ParameterDescription whose length is not its types'");
        break;
    case 'T':
        if (len < 6)
            die("a short RowDescription");
        *ncols = (long)(body[0] << 8 | body[1]);
        break;
    case 'D':
        if (len >= 6 && *ncols < 0)
            *ncols = (long)(body[0] << 8 | body[1]);
        if (len < 6 || (long)(body[0] << 8 | body[1]) != *ncols)
            die("a DataRow without its result's columns");
        break;
    case 'C':
        if (len < 5 || body[len - 5] != 0 || memchr(body, 0, len - 4) != body + len - 5)
            die("a CommandComplete whose tag is not one string");
        break;
    case 'E':
        if (*last_severity == 'F')
            die("a message after a FATAL ErrorResponse");
        *last_severity = error_fields(body, len - 4);
        break;
    default:
        break;
    }
    if (strchr("CEsIZ", type)) /* the end of a result */
        *ncols = -1;
}

/* Walks serve's output; returns the type of the last message (0: none) and, in
 *last_severity, the severity of the last ErrorResponse. */
static char check_output(const unsigned char *out, size_t n, char *last_severity) {
    size_t i = 0;
    long ncols = -1;
    char last = 0;
    *last_severity = 0;
    int started = 0; /* AuthenticationOk seen: 'N' is a NoticeResponse from then on */
    while (i < n) {
        unsigned char type = out[i];
        uint32_t len;
        const unsigned char *body;
        if (type == 'N' && !started) { /* the answer to an SSLRequest */
            i++;
            last = 'N';
            continue;
        }
        if (!strchr("RSKZTDCEIN123nst", type) || type == 0)
            die("a message of a kind serve does not send");
        started |= type == 'R';
        if (n - i < 5)
            die("a truncated message header");
        len = u32(out + i + 1);
        if (len < 4 || len - 4 > n - i - 5)
            die("a message length past the output");
        body = out + i + 5;
        check_message(type, body, len, &ncols, last_severity);
        if (type != 'E' && *last_severity == 'F')
            die("a message after a FATAL ErrorResponse");
        last = (char)type;
        i += 1 + (size_t)len;
    }
    return last;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    jt_serve_session *ss = NULL;
    jt_error err;
    unsigned char *out = NULL;
    size_t outlen = 0, step, at = 1;
    int open = 1;
    char last, severity;
    if (size < 1)
        return 0;
    memset(&err, 0, sizeof err);
    if (jt_serve_session_new(&ss, NULL, &err) < 0)
        return 0; /* out of memory */
    step = data[0] ? data[0] : size;
    while (at < size && open == 1) {
        size_t n = size - at < step ? size - at : step;
        open = jt_serve_session_feed(ss, data + at, n, &out, &outlen);
        at += n;
    }
    if (open >= 0) {
        last = check_output(out, outlen, &severity);
        if (open == 1 && last == 'E' && severity == 'F')
            die("a FATAL ErrorResponse on a connection that stays open");
    }
    free(out);
    jt_serve_session_free(ss);
    return 0;
}
