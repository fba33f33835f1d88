/* jobtck serve: the model behind the PostgreSQL wire protocol v3 (see sim/serve/serve.h). */
#include "sim/serve/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "model/model.h"
#include "sim/drivers/drivers.h"

#define CODE_SSL 80877103u
#define CODE_GSSENC 80877104u
#define CODE_CANCEL 80877102u
#define READ_CHUNK 65536
#define OUT_SLACK 65536             /* room for an error after a result was dropped */
#define PAUSE_OUTPUT (256u * 1024u) /* queued bytes above which input waits */
#define SHRINK_ABOVE (1024u * 1024u)
#define ACCEPT_BURST 64
#define POLL_MS 1000

enum { ST_STARTUP, ST_READY, ST_CLOSING, ST_DRAINING, ST_CLOSED };

typedef struct database {
    char *name;
    void *model; /* a connection of jt_driver_model */
} database;

typedef struct conn {
    int fd;
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
    /* racy_reads_ms: the last read-only query, its answer and when (racy variant only) */
    char *racy_sql;
    unsigned char *racy_out;
    size_t racy_len;
    int64_t racy_ms;
} conn;

struct jt_serve {
    const char *profile;
    int max_connections;
    int progress_ms, racy_reads_ms;
    int64_t next_progress_ms;
    FILE *log;
    int lfd;
    int wake[2];
    int port;
    unsigned next_id;
    int64_t accept_pause_until_ms;
    conn **conns;
    size_t nconns, conncap;
    database *dbs;
    size_t ndbs, dbcap;
};

/* ---- small helpers ------------------------------------------------------------------- */

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

__attribute__((format(printf, 3, 4))) static void log_conn(const jt_serve *s, const conn *c,
                                                           const char *fmt, ...) {
    va_list ap;
    if (!s->log)
        return;
    fprintf(s->log, "jobtck serve: connection %u from %s: ", c->id, c->peer);
    va_start(ap, fmt);
    vfprintf(s->log, fmt, ap);
    va_end(ap);
    fputc('\n', s->log);
    fflush(s->log);
}

/* ---- output: messages of the protocol ------------------------------------------------ */

static void put(conn *c, const void *data, size_t n) {
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

static void put_u8(conn *c, unsigned v) {
    unsigned char b = (unsigned char)v;
    put(c, &b, 1);
}

static void put_u16(conn *c, unsigned v) {
    unsigned char b[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    put(c, b, 2);
}

static void put_u32(conn *c, uint32_t v) {
    unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    put(c, b, 4);
}

static void put_str(conn *c, const char *s) {
    put(c, s, strlen(s) + 1);
}

/* Starts a message of that type; returns where its length goes. */
static size_t msg_begin(conn *c, char type) {
    size_t at;
    put_u8(c, (unsigned char)type);
    at = c->outlen;
    put_u32(c, 0);
    return at;
}

static void msg_end(conn *c, size_t at) {
    uint32_t len;
    if (c->outerr)
        return;
    len = (uint32_t)(c->outlen - at);
    c->out[at] = (unsigned char)(len >> 24);
    c->out[at + 1] = (unsigned char)(len >> 16);
    c->out[at + 2] = (unsigned char)(len >> 8);
    c->out[at + 3] = (unsigned char)len;
}

static void put_param(conn *c, const char *name, const char *value) {
    size_t at = msg_begin(c, 'S');
    put_str(c, name);
    put_str(c, value);
    msg_end(c, at);
}

static void put_ready(conn *c) {
    size_t at = msg_begin(c, 'Z');
    put_u8(c, 'I');
    msg_end(c, at);
}

/* An ErrorResponse; position 0 is left out. Drops what a failed write left behind. */
static void put_error(conn *c, const char *severity, const char *sqlstate, const char *message,
                      int position) {
    size_t at;
    if (c->outerr == JT_ELIMIT)
        c->outerr = 0; /* the slack holds an error */
    at = msg_begin(c, 'E');
    put_u8(c, 'S');
    put_str(c, severity);
    put_u8(c, 'V');
    put_str(c, severity);
    put_u8(c, 'C');
    put_str(c, sqlstate);
    put_u8(c, 'M');
    put_str(c, message);
    if (position > 0) {
        char buf[24];
        snprintf(buf, sizeof buf, "%d", position);
        put_u8(c, 'P');
        put_str(c, buf);
    }
    put_u8(c, 0);
    msg_end(c, at);
}

/* A FATAL error, logged; the connection closes once it is sent. */
__attribute__((format(printf, 4, 5))) static void
fatal(const jt_serve *s, conn *c, const char *sqlstate, const char *fmt, ...) {
    char msg[JT_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_conn(s, c, "%s", msg);
    put_error(c, "FATAL", sqlstate, msg, 0);
    c->state = ST_CLOSING;
    c->deadline_ms = now_ms() + JT_SERVE_CLOSE_TIMEOUT_MS;
}

/* ---- values on the wire -------------------------------------------------------------- */

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

static int starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* RowDescription (for rows), DataRows, CommandComplete; or an ErrorResponse. */
static void put_result(conn *c, const jt_result *r) {
    size_t mark = c->outlen, i, k, at;
    if (r->failed) {
        put_error(c, "ERROR", r->sqlstate[0] ? r->sqlstate : "XX000",
                  r->message ? r->message : "error", r->position);
        return;
    }
    if (r->ncols > 32767) {
        put_error(c, "ERROR", "54000", "the result has more than 32767 columns", 0);
        return;
    }
    if (r->ncols > 0 || starts_with(r->tag, "SELECT")) {
        at = msg_begin(c, 'T');
        put_u16(c, (unsigned)r->ncols);
        for (k = 0; k < r->ncols; k++) {
            int len;
            uint32_t oid = type_oid(r->types ? r->types[k] : 'T', &len);
            put_str(c, r->columns[k]);
            put_u32(c, 0); /* table */
            put_u16(c, 0); /* attribute */
            put_u32(c, oid);
            put_u16(c, (unsigned)(uint16_t)(int16_t)len);
            put_u32(c, 0xffffffffu); /* typmod -1 */
            put_u16(c, 0);           /* text format */
        }
        msg_end(c, at);
    }
    for (i = 0; i < r->nrows && !c->outerr; i++) {
        at = msg_begin(c, 'D');
        put_u16(c, (unsigned)r->ncols);
        for (k = 0; k < r->ncols; k++) {
            const char *v = r->values[i * r->ncols + k];
            if (!v) {
                put_u32(c, 0xffffffffu);
            } else {
                const char *w = wire_text(r->types ? r->types[k] : 'T', v);
                size_t n = strlen(w);
                put_u32(c, (uint32_t)n);
                put(c, w, n);
            }
        }
        msg_end(c, at);
    }
    at = msg_begin(c, 'C');
    put_str(c, r->tag);
    msg_end(c, at);
    if (c->outerr) {
        int why = c->outerr;
        char msg[JT_MESSAGE_MAX];
        c->outlen = mark;
        c->outerr = 0;
        if (why == JT_ELIMIT)
            snprintf(msg, sizeof msg, "the result is larger than jobtck serve's limit of %u bytes",
                     (unsigned)JT_SERVE_LIMIT_OUTPUT);
        else
            snprintf(msg, sizeof msg, "out of memory");
        put_error(c, "ERROR", why == JT_ELIMIT ? "54000" : "53200", msg, 0);
    }
}

/* ---- JOBTCK statements: fixtures and reset, before the model --------------------------- */

enum { TK_END, TK_WORD, TK_INT, TK_STR, TK_EQ, TK_SEMI, TK_BAD };

typedef struct lexer {
    const char *s;
    size_t pos;
    int kind;
    size_t start, len; /* the token's text */
    char *str;         /* TK_STR: its value, allocated */
    int nomem;
} lexer;

static int is_word_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
           (ch >= '0' && ch <= '9');
}

static int is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* A string literal from its opening quote: '…' with '' inside, or (escapes) E'…' with
   backslash escapes as well. */
static void lex_string(lexer *lx, int escapes) {
    const char *s = lx->s;
    size_t i = lx->pos + 1, n = 0;
    char *v = jt_malloc(strlen(s + i) + 1);
    if (!v) {
        lx->nomem = 1;
        lx->kind = TK_BAD;
        return;
    }
    for (;;) {
        char ch = s[i];
        if (ch == '\0') {
            free(v);
            lx->kind = TK_BAD; /* unterminated */
            return;
        }
        if (ch == '\'') {
            if (s[i + 1] == '\'') {
                v[n++] = '\'';
                i += 2;
                continue;
            }
            i++;
            break;
        }
        if (escapes && ch == '\\' && s[i + 1]) {
            char e = s[i + 1];
            v[n++] = e == 'n'   ? '\n'
                     : e == 't' ? '\t'
                     : e == 'r' ? '\r'
                     : e == 'b' ? '\b'
                     : e == 'f' ? '\f'
                                : e;
            i += 2;
            continue;
        }
        v[n++] = ch;
        i++;
    }
    v[n] = '\0';
    lx->str = v;
    lx->kind = TK_STR;
    lx->len = i - lx->start;
    lx->pos = i;
}

static void lex_next(lexer *lx) {
    const char *s = lx->s;
    free(lx->str);
    lx->str = NULL;
    while (is_space(s[lx->pos]))
        lx->pos++;
    lx->start = lx->pos;
    lx->len = 1;
    if (s[lx->pos] == '\0') {
        lx->kind = TK_END;
        lx->len = 0;
    } else if (s[lx->pos] == '=') {
        lx->kind = TK_EQ;
        lx->pos++;
    } else if (s[lx->pos] == ';') {
        lx->kind = TK_SEMI;
        lx->pos++;
    } else if (s[lx->pos] == '\'') {
        lex_string(lx, 0);
    } else if ((s[lx->pos] == 'E' || s[lx->pos] == 'e') && s[lx->pos + 1] == '\'') {
        lx->pos++;
        lex_string(lx, 1);
    } else if ((s[lx->pos] >= '0' && s[lx->pos] <= '9') || s[lx->pos] == '-') {
        size_t i = lx->pos + 1;
        while (s[i] >= '0' && s[i] <= '9')
            i++;
        lx->kind = TK_INT;
        lx->len = i - lx->pos;
        lx->pos = i;
    } else if (is_word_char(s[lx->pos])) {
        size_t i = lx->pos;
        while (is_word_char(s[i]))
            i++;
        lx->kind = TK_WORD;
        lx->len = i - lx->pos;
        lx->pos = i;
    } else {
        lx->kind = TK_BAD;
        lx->pos++;
    }
}

static int tok_is(const lexer *lx, const char *word) {
    size_t i, n = strlen(word);
    if (lx->kind != TK_WORD || lx->len != n)
        return 0;
    for (i = 0; i < n; i++) {
        char a = lx->s[lx->start + i], b = word[i];
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 'a' + 'A');
        if (a != b)
            return 0;
    }
    return 1;
}

/* Whether the statement's first word is JOBTCK. */
static int is_jobtck(const char *sql) {
    lexer lx;
    int yes;
    memset(&lx, 0, sizeof lx);
    lx.s = sql;
    lex_next(&lx);
    yes = tok_is(&lx, "JOBTCK");
    free(lx.str);
    return yes;
}

/* Whether the query has nothing to run: blanks, ';' and comments. */
static int is_empty_query(const char *s) {
    while (*s) {
        if (is_space(*s) || *s == ';') {
            s++;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            if (!end)
                return 0;
            s = end + 2;
        } else {
            return 0;
        }
    }
    return 1;
}

typedef struct fixture_args {
    jt_fixture fx;
    char *strs[6]; /* user: name, member_of; job: type, status, user, description, error */
    unsigned seen;
} fixture_args;

/* An integer literal token (id=, schedule=, age=): 0 < value <= 2^63-1. */
static int int_value(const lexer *lx, const char *key, int64_t *out, char *msg, size_t msgsize) {
    char num[32];
    char *end;
    long long v;
    if (lx->kind != TK_INT || lx->len > 20) {
        snprintf(msg, msgsize, "%s= expects an integer", key);
        return -1;
    }
    snprintf(num, sizeof num, "%.*s", (int)lx->len, lx->s + lx->start);
    errno = 0;
    v = strtoll(num, &end, 10);
    if (errno || *end || v <= 0) {
        snprintf(msg, msgsize, "%s=%s is not in 1 .. 2^63-1", key, num);
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

/* true or false into *out. */
static int bool_value(const lexer *lx, const char *key, int *out, char *msg, size_t msgsize) {
    if (tok_is(lx, "TRUE"))
        *out = 1;
    else if (tok_is(lx, "FALSE"))
        *out = 0;
    else {
        snprintf(msg, msgsize, "%s= expects true or false", key);
        return -1;
    }
    return 0;
}

/* One key=value of a JOBTCK FIXTURE; 0, or -1 with msg. */
static int fixture_key(fixture_args *a, lexer *lx, int job, char *msg, size_t msgsize) {
    static const char *const user_keys[] = {"NAME", "ADMIN", "CONTROLJOB", "VIEWJOB", "MEMBER_OF"};
    static const char *const job_keys[] = {"ID",          "TYPE",  "STATUS",   "USER",
                                           "DESCRIPTION", "ERROR", "SCHEDULE", "AGE"};
    const char *const *keys = job ? job_keys : user_keys;
    size_t nkeys = job ? 8 : 5, k;
    char key[32];
    int flag;
    if (lx->kind != TK_WORD) {
        snprintf(msg, msgsize, "expected a key=value at position %zu", lx->start + 1);
        return -1;
    }
    snprintf(key, sizeof key, "%.*s", (int)(lx->len < 31 ? lx->len : 31), lx->s + lx->start);
    for (k = 0; k < nkeys && !tok_is(lx, keys[k]); k++)
        ;
    if (k == nkeys) {
        snprintf(msg, msgsize, "unknown key '%s'", key);
        return -1;
    }
    if (a->seen & (1u << k)) {
        snprintf(msg, msgsize, "key '%s' given twice", key);
        return -1;
    }
    a->seen |= 1u << k;
    lex_next(lx);
    if (lx->kind != TK_EQ) {
        snprintf(msg, msgsize, "expected '=' after '%s'", key);
        return -1;
    }
    lex_next(lx);
    if (!job && k >= 1 && k <= 3) { /* admin, controljob, viewjob */
        if (bool_value(lx, key, &flag, msg, msgsize) < 0)
            return -1;
        if (k == 1)
            a->fx.admin = flag;
        else if (flag)
            a->fx.options |= k == 2 ? JT_USER_CONTROLJOB : JT_USER_VIEWJOB;
    } else if (job && k == 0) {
        if (int_value(lx, "id", &a->fx.id, msg, msgsize) < 0)
            return -1;
    } else if (job && k >= 6) { /* schedule, age (seconds): a number, '…' of one, 0 or NULL */
        int64_t *v = k == 6 ? &a->fx.schedule : &a->fx.age_s;
        if (tok_is(lx, "NULL") || (lx->kind == TK_INT && lx->len == 1 && lx->s[lx->start] == '0')) {
            *v = 0;
        } else if (lx->kind == TK_STR) {
            char *end;
            errno = 0;
            *v = strtoll(lx->str, &end, 10);
            if (errno || *end || !*lx->str || *v < 0) {
                snprintf(msg, msgsize, "%s= expects a number", key);
                return -1;
            }
        } else if (int_value(lx, key, v, msg, msgsize) < 0) {
            return -1;
        }
    } else if (lx->kind == TK_STR) {
        size_t slot = job ? k : (k == 0 ? 0 : 1);
        a->strs[slot] = lx->str;
        lx->str = NULL;
    } else if (tok_is(lx, "NULL") && ((job && k >= 3) || (!job && k == 4))) {
        /* not given: the model's default */
    } else {
        snprintf(msg, msgsize, "%s= expects a string literal%s", key,
                 (job && k >= 3) || (!job && k == 4) ? " or NULL" : "");
        return -1;
    }
    lex_next(lx);
    return 0;
}

static void run_jobtck(jt_serve *s, conn *c, const char *sql) {
    database *db = &s->dbs[c->db];
    fixture_args a;
    lexer lx;
    jt_error err;
    char msg[JT_MESSAGE_MAX], advanced[64];
    const char *tag = NULL;
    size_t i, at;
    int job = 0;
    memset(&a, 0, sizeof a);
    memset(&lx, 0, sizeof lx);
    memset(&err, 0, sizeof err);
    msg[0] = '\0';
    lx.s = sql;
    lex_next(&lx); /* JOBTCK */
    lex_next(&lx);
    if (tok_is(&lx, "ADVANCE")) {
        int64_t moved = 0;
        lex_next(&lx);
        if (lx.kind == TK_SEMI)
            lex_next(&lx);
        if (lx.kind != TK_END) {
            snprintf(msg, sizeof msg, "JOBTCK ADVANCE: unexpected text at position %zu",
                     lx.start + 1);
            goto syntax;
        }
        if (jt_driver_model.advance(db->model, &moved, &err) < 0) {
            put_error(c, "ERROR", "53200", err.message, 0);
            goto out;
        }
        snprintf(advanced, sizeof advanced, "JOBTCK ADVANCE %lld", (long long)moved);
        tag = advanced;
        goto done;
    }
    if (tok_is(&lx, "RESET")) {
        lex_next(&lx);
        if (lx.kind == TK_SEMI)
            lex_next(&lx);
        if (lx.kind != TK_END) {
            snprintf(msg, sizeof msg, "JOBTCK RESET: unexpected text at position %zu",
                     lx.start + 1);
            goto syntax;
        }
        jt_driver_model.reset(db->model, &err);
        tag = "JOBTCK RESET";
        goto done;
    }
    if (!tok_is(&lx, "FIXTURE")) {
        snprintf(msg, sizeof msg, "JOBTCK: expected RESET or FIXTURE at position %zu",
                 lx.start + 1);
        goto syntax;
    }
    lex_next(&lx);
    if (tok_is(&lx, "JOB"))
        job = 1;
    else if (!tok_is(&lx, "USER")) {
        snprintf(msg, sizeof msg, "JOBTCK FIXTURE: expected USER or JOB at position %zu",
                 lx.start + 1);
        goto syntax;
    }
    lex_next(&lx);
    while (lx.kind != TK_END && lx.kind != TK_SEMI) {
        char why[JT_MESSAGE_MAX - 64];
        if (fixture_key(&a, &lx, job, why, sizeof why) < 0) {
            if (lx.nomem)
                snprintf(msg, sizeof msg, "out of memory");
            else
                snprintf(msg, sizeof msg, "JOBTCK FIXTURE %s: %s", job ? "JOB" : "USER", why);
            goto syntax;
        }
    }
    if (lx.kind == TK_SEMI)
        lex_next(&lx);
    if (lx.kind != TK_END) {
        snprintf(msg, sizeof msg, "JOBTCK FIXTURE: unexpected text at position %zu", lx.start + 1);
        goto syntax;
    }
    if (job && (a.seen & 7u) != 7u) {
        snprintf(msg, sizeof msg, "JOBTCK FIXTURE JOB: id=, type= and status= are required");
        goto syntax;
    }
    if (!job && !(a.seen & 1u)) {
        snprintf(msg, sizeof msg, "JOBTCK FIXTURE USER: name= is required");
        goto syntax;
    }
    if (job) {
        a.fx.kind = JT_FIXTURE_JOB;
        a.fx.type = a.strs[1];
        a.fx.status = a.strs[2];
        a.fx.user = a.strs[3];
        a.fx.description = a.strs[4];
        a.fx.error = a.strs[5];
    } else {
        a.fx.kind = JT_FIXTURE_USER;
        a.fx.name = a.strs[0];
        a.fx.member_of = a.strs[1];
    }
    if (jt_driver_model.fixture(db->model, &a.fx, &err) < 0) {
        put_error(c, "ERROR", err.code == JT_ENOMEM ? "53200" : "22023", err.message, 0);
        goto out;
    }
    tag = "JOBTCK FIXTURE";
done:
    at = msg_begin(c, 'C');
    put_str(c, tag);
    msg_end(c, at);
    goto out;
syntax:
    put_error(c, "ERROR", strcmp(msg, "out of memory") == 0 ? "53200" : "42601", msg, 0);
out:
    free(lx.str);
    for (i = 0; i < 6; i++)
        free(a.strs[i]);
}

/* ---- messages ------------------------------------------------------------------------ */

/* Whether a query only reads (its first word is SELECT, SHOW or VALUES). */
static int read_only(const char *sql) {
    lexer lx;
    int yes;
    memset(&lx, 0, sizeof lx);
    lx.s = sql;
    lex_next(&lx);
    yes = tok_is(&lx, "SELECT") || tok_is(&lx, "SHOW") || tok_is(&lx, "VALUES");
    free(lx.str);
    return yes;
}

static void racy_forget(conn *c) {
    free(c->racy_sql);
    free(c->racy_out);
    c->racy_sql = NULL;
    c->racy_out = NULL;
    c->racy_len = 0;
}

static void run_query(jt_serve *s, conn *c, const char *sql) {
    database *db = &s->dbs[c->db];
    size_t mark = c->outlen;
    int racy = s->racy_reads_ms > 0 && read_only(sql);
    if (racy && c->racy_sql && strcmp(c->racy_sql, sql) == 0 &&
        now_ms() - c->racy_ms < s->racy_reads_ms) {
        put(c, c->racy_out, c->racy_len); /* the answer of then: stale on purpose */
        put_ready(c);
        return;
    }
    if (is_empty_query(sql)) {
        size_t at = msg_begin(c, 'I');
        msg_end(c, at);
    } else if (is_jobtck(sql)) {
        run_jobtck(s, c, sql);
    } else {
        jt_result res;
        jt_error err;
        memset(&res, 0, sizeof res);
        memset(&err, 0, sizeof err);
        if (jt_driver_model.exec(db->model, c->user, sql, &res, &err) < 0) {
            char msg[JT_MESSAGE_MAX + 32];
            snprintf(msg, sizeof msg, "internal error: %s", err.message);
            put_error(c, "ERROR", err.code == JT_ENOMEM ? "53200" : "XX000", msg, 0);
        } else {
            put_result(c, &res);
            jt_driver_model.free_result(db->model, &res);
        }
    }
    if (racy && !c->outerr) {
        racy_forget(c);
        c->racy_sql = jt_strdup(sql);
        c->racy_out = jt_malloc(c->outlen - mark + 1);
        if (c->racy_sql && c->racy_out) {
            memcpy(c->racy_out, c->out + mark, c->outlen - mark);
            c->racy_len = c->outlen - mark;
            c->racy_ms = now_ms();
        } else {
            racy_forget(c);
        }
    }
    put_ready(c);
}

/* The database of that name, made on first use; SIZE_MAX when there cannot be one. */
static size_t find_database(jt_serve *s, const char *name, jt_error *err) {
    size_t i;
    database *db;
    for (i = 0; i < s->ndbs; i++)
        if (strcmp(s->dbs[i].name, name) == 0)
            return i;
    if (s->ndbs >= JT_SERVE_LIMIT_DATABASES) {
        jt_error_set(err, JT_ELIMIT, 0, "more than %d databases", JT_SERVE_LIMIT_DATABASES);
        return SIZE_MAX;
    }
    if (jt_grow((void **)&s->dbs, &s->dbcap, s->ndbs + 1, sizeof *s->dbs,
                JT_SERVE_LIMIT_DATABASES) < 0) {
        jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        return SIZE_MAX;
    }
    db = &s->dbs[s->ndbs];
    memset(db, 0, sizeof *db);
    db->name = jt_strdup(name);
    if (!db->name) {
        jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        return SIZE_MAX;
    }
    if (jt_driver_model.connect(s->profile, &db->model, err) < 0) {
        free(db->name);
        return SIZE_MAX;
    }
    return s->ndbs++;
}

static void handle_startup(jt_serve *s, conn *c, const unsigned char *body, size_t n) {
    const char *user = NULL, *dbname = NULL;
    uint32_t code = get_u32(body);
    const char *p = (const char *)body + 4, *end = (const char *)body + n;
    jt_error err;
    size_t at;
    if (code == CODE_SSL || code == CODE_GSSENC) {
        put_u8(c, 'N'); /* no encryption: the client goes on in the clear */
        return;
    }
    if (code == CODE_CANCEL) {
        /* Statements of the model never run long: there is nothing to cancel. */
        c->state = ST_CLOSING;
        c->deadline_ms = now_ms() + JT_SERVE_CLOSE_TIMEOUT_MS;
        return;
    }
    if (code >> 16 != 3) {
        fatal(s, c, "0A000", "unsupported frontend protocol %u.%u: jobtck serve speaks 3.0",
              code >> 16, code & 0xffffu);
        return;
    }
    for (;;) {
        const char *key = p, *value;
        size_t klen, vlen;
        if (p >= end) {
            fatal(s, c, "08P01", "invalid startup packet: no terminator");
            return;
        }
        if (*p == '\0') {
            if (p + 1 != end) {
                fatal(s, c, "08P01", "invalid startup packet: bytes after the terminator");
                return;
            }
            break;
        }
        klen = strnlen(key, (size_t)(end - key));
        if (key + klen >= end) {
            fatal(s, c, "08P01", "invalid startup packet: unterminated parameter name");
            return;
        }
        value = key + klen + 1;
        vlen = strnlen(value, (size_t)(end - value));
        if (value + vlen >= end) {
            fatal(s, c, "08P01", "invalid startup packet: unterminated parameter value");
            return;
        }
        if (strcmp(key, "user") == 0)
            user = value;
        else if (strcmp(key, "database") == 0)
            dbname = value;
        p = value + vlen + 1;
    }
    if (!user || !*user) {
        fatal(s, c, "28000", "no user name in the startup packet");
        return;
    }
    if (!dbname || !*dbname)
        dbname = user;
    if (strlen(user) > JT_LIMIT_NAME || strlen(dbname) > JT_LIMIT_NAME) {
        fatal(s, c, "42622", "user or database name longer than %d bytes", JT_LIMIT_NAME);
        return;
    }
    memset(&err, 0, sizeof err);
    c->db = find_database(s, dbname, &err);
    if (c->db == SIZE_MAX) {
        fatal(s, c, err.code == JT_ELIMIT ? "53300" : "53200", "cannot open database %s: %s",
              dbname, err.message);
        return;
    }
    c->user = jt_strdup(user);
    if (!c->user) {
        fatal(s, c, "53200", "out of memory");
        return;
    }
    /* trust: AuthenticationOk */
    at = msg_begin(c, 'R');
    put_u32(c, 0);
    msg_end(c, at);
    put_param(c, "server_version", "9.5.0");
    put_param(c, "server_encoding", "UTF8");
    put_param(c, "client_encoding", "UTF8");
    put_param(c, "DateStyle", "ISO, MDY");
    put_param(c, "IntervalStyle", "postgres");
    put_param(c, "TimeZone", "UTC");
    put_param(c, "integer_datetimes", "on");
    put_param(c, "standard_conforming_strings", "on");
    put_param(c, "is_superuser", strcmp(user, "root") == 0 ? "on" : "off");
    put_param(c, "session_authorization", user);
    put_param(c, "application_name", "");
    at = msg_begin(c, 'K');
    put_u32(c, c->id);
    put_u32(c, c->secret);
    msg_end(c, at);
    put_ready(c);
    c->state = ST_READY;
    c->deadline_ms = 0;
}

static void handle_message(jt_serve *s, conn *c, unsigned char type, const unsigned char *body,
                           size_t n) {
    switch (type) {
    case 'Q':
        if (n == 0 || memchr(body, '\0', n) != body + n - 1) {
            fatal(s, c, "08P01", "invalid Query message: the string is not terminated once");
            return;
        }
        if (!c->skipping)
            run_query(s, c, (const char *)body);
        return;
    case 'X':
        c->state = ST_CLOSED;
        return;
    case 'S':
        c->skipping = 0;
        put_ready(c);
        return;
    case 'H':
        return;
    case 'P':
    case 'B':
    case 'D':
    case 'E':
    case 'C':
        if (!c->skipping)
            put_error(c, "ERROR", "0A000",
                      "jobtck serve speaks only the simple query protocol (no Parse, Bind, "
                      "Execute)",
                      0);
        c->skipping = 1;
        return;
    case 'F':
        if (!c->skipping) {
            put_error(c, "ERROR", "0A000", "jobtck serve has no function calls", 0);
            put_ready(c);
        }
        return;
    case 'd':
    case 'c':
    case 'f':
        return; /* copy messages outside a copy are ignored, as PostgreSQL does */
    default:
        fatal(s, c, "08P01", "invalid frontend message type %u", (unsigned)type);
        return;
    }
}

/* Runs the complete messages that have arrived, while the output keeps up. */
static void process(jt_serve *s, conn *c) {
    while ((c->state == ST_STARTUP || c->state == ST_READY) &&
           c->outlen - c->outoff < PAUSE_OUTPUT && !c->outerr) {
        const unsigned char *p = c->in + c->inoff;
        size_t avail = c->inlen - c->inoff;
        uint32_t len;
        if (c->state == ST_STARTUP) {
            if (avail < 4)
                break;
            len = get_u32(p);
            if (len < 8 || len > JT_SERVE_LIMIT_STARTUP) {
                fatal(s, c, len < 8 ? "08P01" : "54000",
                      "invalid startup packet length %u (8 .. %d)", len, JT_SERVE_LIMIT_STARTUP);
                break;
            }
            if (avail < len)
                break;
            c->inoff += len;
            handle_startup(s, c, p + 4, len - 4);
        } else {
            if (avail < 5)
                break;
            len = get_u32(p + 1);
            if (len < 4) {
                fatal(s, c, "08P01", "invalid message length %u", len);
                break;
            }
            if (len > JT_SERVE_LIMIT_MESSAGE) {
                fatal(s, c, "54000", "message of %u bytes is over the limit of %d bytes", len,
                      JT_SERVE_LIMIT_MESSAGE);
                break;
            }
            if (avail < (size_t)len + 1)
                break;
            c->inoff += (size_t)len + 1;
            handle_message(s, c, p[0], p + 5, len - 4);
        }
    }
    if (c->outerr == JT_ENOMEM) {
        log_conn(s, c, "out of memory for its output");
        c->state = ST_CLOSED;
    }
}

/* ---- sockets ------------------------------------------------------------------------- */

static void conn_free(conn *c) {
    racy_forget(c);
    if (c->fd >= 0)
        close(c->fd);
    free(c->user);
    free(c->in);
    free(c->out);
    free(c);
}

/* Sends what is queued; -1 when the connection is gone. */
static int flush_out(conn *c) {
    while (c->outoff < c->outlen) {
        ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n <= 0)
            return -1;
        c->outoff += (size_t)n;
    }
    c->outoff = c->outlen = 0;
    if (c->outcap > SHRINK_ABOVE) {
        free(c->out);
        c->out = NULL;
        c->outcap = 0;
    }
    return 0;
}

/* Reads what has arrived; -1 on end of stream or error. */
static int read_in(conn *c) {
    size_t want;
    ssize_t n;
    if (c->inoff > 0) {
        memmove(c->in, c->in + c->inoff, c->inlen - c->inoff);
        c->inlen -= c->inoff;
        c->inoff = 0;
    }
    if (c->inlen == 0 && c->incap > SHRINK_ABOVE) {
        free(c->in);
        c->in = NULL;
        c->incap = 0;
    }
    want = c->inlen + READ_CHUNK;
    if (jt_grow((void **)&c->in, &c->incap, want, 1,
                (size_t)JT_SERVE_LIMIT_MESSAGE + 1 + READ_CHUNK) < 0)
        return -1;
    do
        n = recv(c->fd, c->in + c->inlen, c->incap - c->inlen, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (n <= 0)
        return -1;
    if (c->state == ST_DRAINING)
        return 0; /* discarded */
    c->inlen += (size_t)n;
    return 0;
}

static void reject(jt_serve *s, int fd, const char *peer) {
    conn tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.fd = fd;
    tmp.id = ++s->next_id;
    snprintf(tmp.peer, sizeof tmp.peer, "%s", peer);
    put_error(&tmp, "FATAL", "53300", "too many connections to jobtck serve", 0);
    log_conn(s, &tmp, "rejected: %d connections already", s->max_connections);
    (void)flush_out(&tmp);
    close(fd);
    free(tmp.out);
}

static void accept_some(jt_serve *s) {
    int k;
    for (k = 0; k < ACCEPT_BURST; k++) {
        struct sockaddr_storage addr;
        socklen_t alen = sizeof addr;
        char host[INET6_ADDRSTRLEN] = "?", peer[64];
        int fd = accept(s->lfd, (struct sockaddr *)&addr, &alen), one = 1;
        conn *c;
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                s->accept_pause_until_ms = now_ms() + 100;
            return;
        }
        if (addr.ss_family == AF_INET) {
            const struct sockaddr_in *a4 = (const struct sockaddr_in *)&addr;
            inet_ntop(AF_INET, &a4->sin_addr, host, sizeof host);
            snprintf(peer, sizeof peer, "%s:%u", host, (unsigned)ntohs(a4->sin_port));
        } else if (addr.ss_family == AF_INET6) {
            const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)&addr;
            inet_ntop(AF_INET6, &a6->sin6_addr, host, sizeof host);
            snprintf(peer, sizeof peer, "[%s]:%u", host, (unsigned)ntohs(a6->sin6_port));
        } else {
            snprintf(peer, sizeof peer, "?");
        }
        if (set_nonblocking(fd) < 0) {
            close(fd);
            continue;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (s->nconns >= (size_t)s->max_connections) {
            reject(s, fd, peer);
            continue;
        }
        c = jt_calloc(1, sizeof *c);
        if (!c || jt_grow((void **)&s->conns, &s->conncap, s->nconns + 1, sizeof *s->conns,
                          JT_SERVE_LIMIT_CONNECTIONS) < 0) {
            free(c);
            close(fd);
            continue;
        }
        c->fd = fd;
        c->id = ++s->next_id;
        c->secret = (c->id * 2654435761u) ^ 0x5bd1e995u;
        snprintf(c->peer, sizeof c->peer, "%s", peer);
        c->state = ST_STARTUP;
        c->deadline_ms = now_ms() + JT_SERVE_STARTUP_TIMEOUT_MS;
        s->conns[s->nconns++] = c;
    }
}

/* Moves a connection on after its socket was ready (revents) or its deadline passed. */
static void step(jt_serve *s, conn *c, short revents, int64_t now) {
    if (c->deadline_ms && now >= c->deadline_ms) {
        if (c->state == ST_STARTUP)
            log_conn(s, c, "no startup within %d ms", JT_SERVE_STARTUP_TIMEOUT_MS);
        c->state = ST_CLOSED;
        return;
    }
    if (revents & POLLNVAL) {
        c->state = ST_CLOSED;
        return;
    }
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && c->outoff == c->outlen) {
        if (read_in(c) < 0) {
            c->state = ST_CLOSED;
            return;
        }
    }
    if (c->state == ST_STARTUP || c->state == ST_READY)
        process(s, c);
    if (c->state != ST_CLOSED && flush_out(c) < 0) {
        c->state = ST_CLOSED;
        return;
    }
    /* After a batch was sent, the messages that waited for it. */
    if ((c->state == ST_STARTUP || c->state == ST_READY) && c->outoff == c->outlen &&
        c->inoff < c->inlen) {
        process(s, c);
        if (c->state != ST_CLOSED && flush_out(c) < 0)
            c->state = ST_CLOSED;
    }
    if (c->state == ST_CLOSING && c->outoff == c->outlen) {
        /* The error is out: stop writing, read until the client closes (bounded by the
           deadline), so that its unread input does not reset the connection first. */
        shutdown(c->fd, SHUT_WR);
        c->state = ST_DRAINING;
    }
}

static void close_all(jt_serve *s, int notify) {
    size_t i;
    for (i = 0; i < s->nconns; i++) {
        conn *c = s->conns[i];
        if (notify && c->state == ST_READY) {
            c->outerr = 0;
            put_error(c, "FATAL", "57P01", "terminating connection due to administrator command",
                      0);
            (void)flush_out(c);
        }
        conn_free(c);
    }
    s->nconns = 0;
}

/* One step of every model's own progress (--progress-ms). */
static void progress_all(jt_serve *s) {
    size_t i;
    for (i = 0; i < s->ndbs; i++) {
        int64_t moved;
        jt_error err;
        (void)jt_driver_model.advance(s->dbs[i].model, &moved, &err);
    }
}

int jt_serve_run(jt_serve *s, jt_error *err) {
    struct pollfd *pfds = NULL;
    size_t pcap = 0;
    int rc = JT_OK;
    for (;;) {
        size_t n = 0, i, j, first_conn;
        int64_t now = now_ms(), wait_ms = POLL_MS;
        int listen_at = -1, r;
        if (jt_grow((void **)&pfds, &pcap, s->nconns + 2, sizeof *pfds,
                    JT_SERVE_LIMIT_CONNECTIONS + 2) < 0) {
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
            break;
        }
        pfds[n].fd = s->wake[0];
        pfds[n].events = POLLIN;
        pfds[n++].revents = 0;
        if (now >= s->accept_pause_until_ms) {
            listen_at = (int)n;
            pfds[n].fd = s->lfd;
            pfds[n].events = POLLIN;
            pfds[n++].revents = 0;
        } else if (s->accept_pause_until_ms - now < wait_ms) {
            wait_ms = s->accept_pause_until_ms - now;
        }
        if (s->progress_ms > 0) {
            if (now >= s->next_progress_ms) {
                progress_all(s);
                s->next_progress_ms = now + s->progress_ms;
            }
            if (s->next_progress_ms - now < wait_ms)
                wait_ms = s->next_progress_ms - now;
        }
        first_conn = n;
        for (i = 0; i < s->nconns; i++) {
            conn *c = s->conns[i];
            pfds[n].fd = c->fd;
            pfds[n].events = c->outoff < c->outlen ? POLLOUT : POLLIN;
            pfds[n++].revents = 0;
            if (c->deadline_ms) {
                int64_t left = c->deadline_ms - now;
                if (left < wait_ms)
                    wait_ms = left < 0 ? 0 : left;
            }
        }
        r = poll(pfds, (nfds_t)n, (int)wait_ms);
        if (r < 0 && errno != EINTR) {
            rc = jt_error_set(err, JT_EIO, 0, "poll: %s", strerror(errno));
            break;
        }
        if (r > 0 && (pfds[0].revents & POLLIN))
            break; /* jt_serve_stop */
        now = now_ms();
        for (i = 0; i < s->nconns; i++)
            step(s, s->conns[i], r > 0 ? pfds[first_conn + i].revents : 0, now);
        for (i = j = 0; i < s->nconns; i++) {
            if (s->conns[i]->state == ST_CLOSED)
                conn_free(s->conns[i]);
            else
                s->conns[j++] = s->conns[i];
        }
        s->nconns = j;
        if (r > 0 && listen_at >= 0 && (pfds[listen_at].revents & POLLIN))
            accept_some(s);
    }
    free(pfds);
    close_all(s, 1);
    return rc;
}

void jt_serve_stop(jt_serve *s) {
    ssize_t r = write(s->wake[1], "x", 1);
    (void)r;
}

/* ---- setting up ---------------------------------------------------------------------- */

/* HOST:PORT or [HOST]:PORT into host and port. */
static int split_listen(char *host, size_t hostsize, char *port, size_t portsize,
                        const char *listen) {
    const char *colon;
    size_t hlen;
    if (listen[0] == '[') {
        const char *close_br = strchr(listen, ']');
        if (!close_br || close_br[1] != ':')
            return -1;
        hlen = (size_t)(close_br - listen - 1);
        colon = close_br + 1;
        listen++;
    } else {
        colon = strrchr(listen, ':');
        if (!colon)
            return -1;
        hlen = (size_t)(colon - listen);
    }
    if (hlen == 0 || hlen >= hostsize || strlen(colon + 1) == 0 || strlen(colon + 1) >= portsize)
        return -1;
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    strcpy(port, colon + 1);
    for (colon = port; *colon; colon++)
        if (*colon < '0' || *colon > '9')
            return -1;
    return atoi(port) <= 65535 ? 0 : -1;
}

int jt_serve_new(jt_serve **out, const jt_serve_config *cfg, jt_error *err) {
    char host[256], port[16];
    struct addrinfo hints, *ai = NULL, *p;
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    jt_serve *s = NULL;
    const char *listen_at = cfg->listen ? cfg->listen : JT_SERVE_DEFAULT_LISTEN;
    int rc, gai, one = 1, last_errno = 0;
    *out = NULL;
    if (cfg->max_connections < 0 || cfg->max_connections > JT_SERVE_LIMIT_CONNECTIONS)
        return jt_error_set(err, JT_EINVAL, 0, "--max-connections %d is not in 1 .. %d",
                            cfg->max_connections, JT_SERVE_LIMIT_CONNECTIONS);
    if (cfg->profile && !jt_profile_find(cfg->profile))
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", cfg->profile);
    if (split_listen(host, sizeof host, port, sizeof port, listen_at) < 0)
        return jt_error_set(err, JT_EINVAL, 0, "--listen %s: expected HOST:PORT", listen_at);
    s = jt_calloc(1, sizeof *s);
    if (!s)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    s->lfd = s->wake[0] = s->wake[1] = -1;
    s->profile = cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT;
    s->max_connections = cfg->max_connections ? cfg->max_connections : JT_SERVE_DEFAULT_CONNECTIONS;
    s->log = cfg->log;
    if (cfg->progress_ms < 0 || cfg->racy_reads_ms < 0) {
        rc = jt_error_set(err, JT_EINVAL, 0, "--progress-ms and --racy-reads expect 0 or more");
        goto out;
    }
    s->progress_ms = cfg->progress_ms;
    s->racy_reads_ms = cfg->racy_reads_ms;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    gai = getaddrinfo(host, port, &hints, &ai);
    if (gai != 0) {
        rc = jt_error_set(err, JT_EINVAL, 0, "--listen %s: %s", listen_at, gai_strerror(gai));
        goto out;
    }
    for (p = ai; p; p = p->ai_next) {
        s->lfd = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
        if (s->lfd < 0) {
            last_errno = errno;
            continue;
        }
        setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(s->lfd, p->ai_addr, p->ai_addrlen) == 0 && listen(s->lfd, 128) == 0)
            break;
        last_errno = errno;
        close(s->lfd);
        s->lfd = -1;
    }
    if (s->lfd < 0) {
        rc = jt_error_set(err, JT_EIO, 0, "cannot listen on %s: %s", listen_at,
                          strerror(last_errno));
        goto out;
    }
    if (set_nonblocking(s->lfd) < 0 || getsockname(s->lfd, (struct sockaddr *)&bound, &blen) < 0 ||
        pipe(s->wake) < 0 || set_nonblocking(s->wake[0]) < 0 || set_nonblocking(s->wake[1]) < 0) {
        rc = jt_error_set(err, JT_EIO, 0, "cannot listen on %s: %s", listen_at, strerror(errno));
        goto out;
    }
    if (bound.ss_family == AF_INET6)
        s->port = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
    else
        s->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
    *out = s;
    s = NULL;
    rc = JT_OK;
out:
    if (ai)
        freeaddrinfo(ai);
    jt_serve_free(s);
    return rc;
}

void jt_serve_free(jt_serve *s) {
    size_t i;
    if (!s)
        return;
    close_all(s, 0);
    free(s->conns);
    for (i = 0; i < s->ndbs; i++) {
        jt_driver_model.disconnect(s->dbs[i].model);
        free(s->dbs[i].name);
    }
    free(s->dbs);
    if (s->lfd >= 0)
        close(s->lfd);
    if (s->wake[0] >= 0)
        close(s->wake[0]);
    if (s->wake[1] >= 0)
        close(s->wake[1]);
    free(s);
}

int jt_serve_port(const jt_serve *s) {
    return s->port;
}

/* ---- a connection without a socket ---------------------------------------------------- */

struct jt_serve_session {
    jt_serve s; /* no listening socket: lfd and wake are -1 */
    conn c;     /* fd -1 */
};

int jt_serve_session_new(jt_serve_session **out, const char *profile, jt_error *err) {
    jt_serve_session *ss;
    *out = NULL;
    if (profile && !jt_profile_find(profile))
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", profile);
    ss = jt_calloc(1, sizeof *ss);
    if (!ss)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    ss->s.lfd = ss->s.wake[0] = ss->s.wake[1] = -1;
    ss->s.profile = profile ? profile : JT_PROFILE_DEFAULT;
    ss->s.max_connections = 1;
    ss->c.fd = -1;
    ss->c.id = ++ss->s.next_id;
    ss->c.secret = 0x5bd1e995u;
    snprintf(ss->c.peer, sizeof ss->c.peer, "session");
    ss->c.state = ST_STARTUP;
    *out = ss;
    return JT_OK;
}

void jt_serve_session_free(jt_serve_session *ss) {
    size_t i;
    if (!ss)
        return;
    racy_forget(&ss->c);
    free(ss->c.user);
    free(ss->c.in);
    free(ss->c.out);
    for (i = 0; i < ss->s.ndbs; i++) {
        jt_driver_model.disconnect(ss->s.dbs[i].model);
        free(ss->s.dbs[i].name);
    }
    free(ss->s.dbs);
    free(ss);
}

/* Moves what serve queued to the caller's buffer. */
static int session_drain(conn *c, unsigned char **out, size_t *outlen) {
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

int jt_serve_session_feed(jt_serve_session *ss, const void *buf, size_t len, unsigned char **out,
                          size_t *outlen) {
    conn *c = &ss->c;
    const unsigned char *p = buf;
    while (c->state == ST_STARTUP || c->state == ST_READY) {
        /* at most a read's worth at a time, as recv gives it to a served connection */
        size_t chunk = len < READ_CHUNK ? len : READ_CHUNK, before;
        if (c->inoff > 0) {
            memmove(c->in, c->in + c->inoff, c->inlen - c->inoff);
            c->inlen -= c->inoff;
            c->inoff = 0;
        }
        if (jt_grow((void **)&c->in, &c->incap, c->inlen + chunk + 1, 1,
                    (size_t)JT_SERVE_LIMIT_MESSAGE + 1 + READ_CHUNK) < 0)
            return JT_ENOMEM;
        if (chunk > 0)
            memcpy(c->in + c->inlen, p, chunk);
        c->inlen += chunk;
        p += chunk;
        len -= chunk;
        do { /* until no complete message is left (the output is drained after each batch) */
            before = c->inoff;
            process(&ss->s, c);
            if (session_drain(c, out, outlen) < 0)
                return JT_ENOMEM;
        } while ((c->state == ST_STARTUP || c->state == ST_READY) && c->inoff != before);
        if (len == 0)
            break;
    }
    if (session_drain(c, out, outlen) < 0)
        return JT_ENOMEM;
    return c->state == ST_STARTUP || c->state == ST_READY ? 1 : 0;
}
