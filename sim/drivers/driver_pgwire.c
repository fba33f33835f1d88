/* The pgwire driver: a PostgreSQL-wire server through libpq (see sim/drivers/driver_pgwire.h). */
#include "sim/drivers/driver_pgwire.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/drivers/drivers.h"
#include "sim/drivers/session.h"
#include "sim/text/strbuf.h"

#define DEFAULT_USER "root"
/* A recipe statement that fails with this SQLSTATE (invalid_parameter_value) refuses the
   fixture as impossible in the implementation's version: an error of the case file, as the
   model's JT_EINVAL (jobtck serve answers a refused JOBTCK FIXTURE so). */
#define REFUSED_FIXTURE "22023"

const char *const jt_driver_pgwire_keys[] = {"fixtures", "statement_timeout_ms", NULL};

/* ---- the recipe ---------------------------------------------------------------------- */

enum { SEC_CONNECT, SEC_RESET, SEC_USER, SEC_JOB, SEC_ADVANCE, SEC_COUNT };

static const char *const section_names[SEC_COUNT] = {"connect", "reset", "user", "job", "advance"};

enum { K_STR, K_INT, K_BOOL };

typedef struct key_def {
    const char *name;
    int kind;
} key_def;

static const key_def connect_keys[] = {{"user", K_STR}};
static const key_def user_keys[] = {{"name", K_STR},
                                    {"admin", K_BOOL},
                                    {"controljob", K_BOOL},
                                    {"viewjob", K_BOOL},
                                    {"member_of", K_STR}};
static const key_def job_keys[] = {{"id", K_INT},       {"type", K_STR},        {"status", K_STR},
                                   {"user", K_STR},     {"description", K_STR}, {"error", K_STR},
                                   {"schedule", K_STR}, {"age_seconds", K_INT}};

static const struct {
    const key_def *keys;
    size_t nkeys;
} section_keys[SEC_COUNT] = {
    {connect_keys, 1}, {NULL, 0}, {user_keys, 5}, {job_keys, 8}, {NULL, 0},
};

typedef struct tmpl {
    char *sql;
    int line; /* of its first line in the recipe */
} tmpl;

typedef struct recipe {
    char *path;
    unsigned used[SEC_COUNT]; /* the keys its templates use: bit k for key k of the section */
    int present[SEC_COUNT];
    tmpl *stmts[SEC_COUNT];
    size_t n[SEC_COUNT], cap[SEC_COUNT];
} recipe;

/* A value for a placeholder; s NULL for a string not given. */
typedef struct binding {
    const char *key;
    int kind;
    const char *s;
    int64_t i;
} binding;

static void recipe_free(recipe *r) {
    size_t k, i;
    if (!r)
        return;
    for (k = 0; k < SEC_COUNT; k++) {
        for (i = 0; i < r->n[k]; i++)
            free(r->stmts[k][i].sql);
        free(r->stmts[k]);
    }
    free(r->path);
    free(r);
}

static const key_def *find_key(int section, const char *name, size_t n) {
    size_t k;
    for (k = 0; k < section_keys[section].nkeys; k++) {
        const key_def *d = &section_keys[section].keys[k];
        if (strlen(d->name) == n && strncmp(d->name, name, n) == 0)
            return d;
    }
    return NULL;
}

/* A placeholder at s ("${"): its key (*key, *keylen), whether :ident, and its length. */
static int parse_placeholder(const char *s, const char **key, size_t *keylen, int *ident,
                             size_t *len) {
    const char *end = s + 2, *colon;
    while (*end && *end != '}' && *end != '\n' && end - s < 64)
        end++;
    if (*end != '}')
        return -1;
    *key = s + 2;
    colon = memchr(*key, ':', (size_t)(end - *key));
    *ident = 0;
    if (colon) {
        if ((size_t)(end - colon - 1) != 5 || strncmp(colon + 1, "ident", 5) != 0)
            return -1;
        *ident = 1;
        *keylen = (size_t)(colon - *key);
    } else {
        *keylen = (size_t)(end - *key);
    }
    *len = (size_t)(end - s) + 1;
    return 0;
}

static int line_of(const tmpl *t, const char *at) {
    int line = t->line;
    const char *p;
    for (p = t->sql; p < at; p++)
        if (*p == '\n')
            line++;
    return line;
}

/* Every ${…} of t names a key of its section. */
static int check_placeholders(const recipe *r, int section, const tmpl *t, jt_error *err) {
    const char *p = t->sql;
    while ((p = strstr(p, "${")) != NULL) {
        const char *key;
        size_t keylen, len, k;
        int ident;
        const key_def *d;
        char expected[128] = "";
        if (parse_placeholder(p, &key, &keylen, &ident, &len) < 0)
            return jt_error_set(err, JT_EPARSE, line_of(t, p),
                                "%s:%d: malformed placeholder: expected ${key} or ${key:ident}",
                                r->path, line_of(t, p));
        d = find_key(section, key, keylen);
        for (k = 0; k < section_keys[section].nkeys; k++) {
            size_t n = strlen(expected);
            snprintf(expected + n, sizeof expected - n, "%s${%s}", n ? " " : "",
                     section_keys[section].keys[k].name);
        }
        if (!d)
            return jt_error_set(err, JT_EPARSE, line_of(t, p),
                                "%s:%d: unknown placeholder ${%.*s} in @%s (%s%s)", r->path,
                                line_of(t, p), (int)keylen, key, section_names[section],
                                expected[0] ? "expected " : "it has none", expected);
        if (ident && d->kind != K_STR)
            return jt_error_set(err, JT_EPARSE, line_of(t, p),
                                "%s:%d: ${%s:ident}: %s is not a string", r->path, line_of(t, p),
                                d->name, d->name);
        ((recipe *)r)->used[section] |= 1u << (d - section_keys[section].keys);
        p += len;
    }
    return JT_OK;
}

/* Ends the statement in sb (if any) as one of section. */
static int recipe_add(recipe *r, int section, jt_strbuf *sb, int line, jt_error *err) {
    tmpl *t;
    int rc;
    if (sb->len == 0)
        return JT_OK;
    if (r->n[section] >= JT_PGWIRE_LIMIT_RECIPE)
        return jt_error_set(err, JT_ELIMIT, line, "%s:%d: more than %d statements in @%s", r->path,
                            line, JT_PGWIRE_LIMIT_RECIPE, section_names[section]);
    rc = jt_grow((void **)&r->stmts[section], &r->cap[section], r->n[section] + 1,
                 sizeof *r->stmts[section], JT_PGWIRE_LIMIT_RECIPE);
    if (rc < 0)
        return jt_error_set(err, rc, line, "out of memory");
    t = &r->stmts[section][r->n[section]];
    t->line = line;
    t->sql = jt_strbuf_take(sb);
    if (!t->sql)
        return jt_error_set(err, JT_ENOMEM, line, "out of memory");
    r->n[section]++;
    return check_placeholders(r, section, t, err);
}

static int is_blank(const char *s) {
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return 0;
    return 1;
}

/* Reads one line into buf (without its end); 1, 0 at the end, negative on an error. */
static int read_line(char *buf, size_t size, FILE *f, const char *path, int line, jt_error *err) {
    size_t n = 0;
    int ch;
    while ((ch = getc(f)) != EOF && ch != '\n') {
        if (ch == '\0')
            return jt_error_set(err, JT_EPARSE, line, "%s:%d: NUL byte", path, line);
        if (n + 1 >= size)
            return jt_error_set(err, JT_ELIMIT, line, "%s:%d: line longer than %zu bytes", path,
                                line, size - 2);
        buf[n++] = (char)ch;
    }
    if (ferror(f))
        return jt_error_set(err, JT_EIO, line, "%s: cannot read: %s", path, strerror(errno));
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return ch == EOF && n == 0 ? 0 : 1;
}

/* A line `-- @NAME`: the section it opens, in *section (the statement before it ended). */
static int section_line(recipe *r, int *section, jt_strbuf *sb, int start, const char *buf,
                        int line, jt_error *err) {
    const char *name = buf + 4;
    size_t n = strcspn(name, " \t");
    int rc = *section >= 0 ? recipe_add(r, *section, sb, start, err) : JT_OK;
    if (rc < 0)
        return rc;
    if (!is_blank(name + n))
        return jt_error_set(err, JT_EPARSE, line, "%s:%d: text after the section name", r->path,
                            line);
    for (*section = 0; *section < SEC_COUNT; (*section)++)
        if (strlen(section_names[*section]) == n && strncmp(section_names[*section], name, n) == 0)
            break;
    if (*section == SEC_COUNT)
        return jt_error_set(err, JT_EPARSE, line,
                            "%s:%d: unknown section @%.*s (expected @reset, @user, @job, "
                            "@connect or @advance)",
                            r->path, line, (int)(n < 64 ? n : 64), name);
    if (r->present[*section])
        return jt_error_set(err, JT_EPARSE, line, "%s:%d: section @%s given twice", r->path, line,
                            section_names[*section]);
    r->present[*section] = 1;
    return JT_OK;
}

/* One line of a recipe: a section, a comment, a blank line that ends a statement, or a line
   of the statement of *start. */
static int recipe_line(recipe *r, int *section, jt_strbuf *sb, int *start, const char *buf,
                       int line, jt_error *err) {
    if (strncmp(buf, "-- @", 4) == 0)
        return section_line(r, section, sb, *start, buf, line, err);
    if (strncmp(buf, "--", 2) == 0)
        return JT_OK;
    if (is_blank(buf))
        return *section >= 0 ? recipe_add(r, *section, sb, *start, err) : JT_OK;
    if (*section < 0)
        return jt_error_set(err, JT_EPARSE, line,
                            "%s:%d: SQL before the first section (-- @reset, -- @user, -- @job "
                            "or -- @connect)",
                            r->path, line);
    if (sb->len == 0)
        *start = line;
    if ((sb->len && jt_strbuf_add(sb, "\n", 1) < 0) || jt_strbuf_adds(sb, buf) < 0)
        return jt_error_set(err, JT_ELIMIT, line, "%s:%d: statement longer than %d bytes", r->path,
                            line, JT_LIMIT_SQL);
    return JT_OK;
}

static int recipe_load(recipe **out, const char *path, jt_error *err) {
    recipe *r = NULL;
    jt_strbuf sb;
    FILE *f = NULL;
    char *buf = NULL;
    int rc = JT_OK, line = 0, section = -1, start = 0, k;
    *out = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    r = jt_calloc(1, sizeof *r);
    buf = jt_malloc(JT_LIMIT_LINE + 2);
    if (!r || !buf || !(r->path = jt_strdup(path))) {
        rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        goto out;
    }
    f = fopen(path, "rb");
    if (!f) {
        rc = jt_error_set(err, JT_EIO, 0, "%s: cannot open: %s", path, strerror(errno));
        goto out;
    }
    while (rc == JT_OK && (rc = read_line(buf, JT_LIMIT_LINE + 2, f, path, line + 1, err)) > 0)
        rc = recipe_line(r, &section, &sb, &start, buf, ++line, err);
    if (rc == JT_OK && section >= 0)
        rc = recipe_add(r, section, &sb, start, err);
    for (k = SEC_RESET; k <= SEC_JOB && rc == JT_OK; k++)
        if (!r->present[k])
            rc = jt_error_set(err, JT_EPARSE, 0,
                              "%s: no section @%s (a recipe needs @reset, @user and @job)", path,
                              section_names[k]);
    if (rc == JT_OK) {
        *out = r;
        r = NULL;
    }
out:
    if (f)
        fclose(f);
    free(buf);
    jt_strbuf_dispose(&sb);
    recipe_free(r);
    return rc;
}

/* ---- connections --------------------------------------------------------------------- */

typedef struct session {
    char *user;       /* NULL: the URL's own user */
    const char *name; /* for messages: user, or the URL's user */
    PGconn *pg;
    /* The server refused the session because the user does not exist: its SQLSTATE and
       message, reported as the result of the statement that wanted the session (refused[0]
       is '\0' otherwise). */
    char refused[6];
    char refusal[JT_MESSAGE_MAX];
} session;

typedef struct pgw {
    char *url;
    char *url_user; /* the URL's user, or NULL (libpq's default) */
    int timeout_ms;
    recipe *recipe; /* NULL without fixtures */
    int need_reset; /* the recipe's @reset has not run since connect */
    session admin;
    session *sessions;
    size_t nsessions, scap;
} pgw;

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libpq's (multi-line) message on one line, without its end. */
static void one_line(char *buf, size_t size, const char *msg) {
    size_t n = 0;
    int space = 0;
    if (!msg)
        msg = "";
    for (; *msg && n + 1 < size; msg++) {
        if (*msg == '\n' || *msg == '\t' || *msg == '\r' || *msg == ' ') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < size)
            buf[n++] = ' ';
        space = 0;
        buf[n++] = *msg;
    }
    buf[n] = '\0';
}

static void session_close(session *s) {
    if (s->pg)
        PQfinish(s->pg);
    s->pg = NULL;
}

static void quiet(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

/* Waits until pg's socket is readable (or writable, when write): 1, 0 at the deadline, -1 on
   an error. */
static int wait_socket(PGconn *pg, int write, int64_t deadline_ms) {
    for (;;) {
        struct pollfd pfd;
        int64_t left = deadline_ms - now_ms();
        int r;
        if (left < 0)
            left = 0; /* past the deadline: only what is there already */
        pfd.fd = PQsocket(pg);
        if (pfd.fd < 0)
            return -1;
        pfd.events = (short)(POLLIN | (write ? POLLOUT : 0));
        pfd.revents = 0;
        r = poll(&pfd, 1, (int)(left > 60000 ? 60000 : left));
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -1;
        if (r == 0 && left == 0)
            return 0;
    }
}

static int lost(session *s, const char *what, const char *msg, jt_error *err) {
    char line[JT_MESSAGE_MAX];
    int rc;
    one_line(line, sizeof line, msg);
    rc = jt_error_set(err, JT_EDRIVER, 0, "%s as %s: %s", what, s->name,
                      line[0] ? line : "no reason given");
    session_close(s);
    return rc;
}

/*
 * Sends a cancel request for pg's running statement. PQcancel waits for the server to close the
 * cancel connection and has no timeout of its own (libpq < 17), so it runs in a child process
 * (it is async-signal-safe, made to run in a signal handler) that is killed at the deadline.
 */
static void send_cancel(PGconn *pg, int64_t deadline_ms) {
    PGcancel *cancel = PQgetCancel(pg);
    pid_t pid;
    int status;
    if (!cancel)
        return;
    pid = fork();
    if (pid == 0) {
        char errbuf[256];
        _exit(PQcancel(cancel, errbuf, (int)sizeof errbuf) ? 0 : 1);
    }
    PQfreeCancel(cancel);
    if (pid < 0)
        return;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return;
        if (now_ms() >= deadline_ms) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            return;
        }
        poll(NULL, 0, 5);
    }
}

/* Cancels the running statement and reads what is left of it; the session is closed when
   nothing comes within the grace period. */
static void cancel_and_drain(session *s) {
    int64_t deadline = now_ms() + JT_PGWIRE_CANCEL_GRACE_MS;
    PGresult *res;
    send_cancel(s->pg, deadline);
    for (;;) {
        while (PQisBusy(s->pg)) {
            if (wait_socket(s->pg, 0, deadline) <= 0 || !PQconsumeInput(s->pg)) {
                session_close(s);
                return;
            }
        }
        res = PQgetResult(s->pg);
        if (!res)
            break;
        PQclear(res);
    }
    if (PQstatus(s->pg) != CONNECTION_OK)
        session_close(s);
}

/* Whether the server ended the session with this error (FATAL, PANIC). A SQLSTATE of class 08
   alone does not say so: CockroachDB gives 08P01 to a wrong EXECUTE, and the session goes on. */
static int ends_session(const PGresult *res) {
    const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (!sev)
        sev = PQresultErrorField(res, PG_DIAG_SEVERITY);
    return sev && (strcmp(sev, "FATAL") == 0 || strcmp(sev, "PANIC") == 0);
}

/* Sends sql on s, flushing within the deadline: 1 sent, 0 the deadline passed, or a negative
   JT_E... (the connection is lost: s is closed). */
static int send_query(session *s, const char *sql, int64_t deadline, jt_error *err) {
    int f;
    if (!PQsendQuery(s->pg, sql))
        return lost(s, "connection lost", PQerrorMessage(s->pg), err);
    while ((f = PQflush(s->pg)) == 1) {
        int w = wait_socket(s->pg, 1, deadline);
        if (w == 0)
            return 0;
        if (w < 0 || !PQconsumeInput(s->pg))
            return lost(s, "connection lost", PQerrorMessage(s->pg), err);
    }
    return f < 0 ? lost(s, "connection lost", PQerrorMessage(s->pg), err) : 1;
}

/* The results of the statement sent on s: its first error, or else its last result. 1 when
   they all came, 0 the deadline passed, or a negative JT_E.... */
static int collect(PGresult **first_err, PGresult **last, session *s, int64_t deadline,
                   jt_error *err) {
    for (;;) {
        ExecStatusType st;
        PGresult *res;
        while (PQisBusy(s->pg)) {
            int w = wait_socket(s->pg, 0, deadline);
            if (w == 0)
                return 0;
            if (w < 0 || !PQconsumeInput(s->pg))
                return lost(s, "connection lost", PQerrorMessage(s->pg), err);
        }
        res = PQgetResult(s->pg);
        if (!res)
            return 1;
        st = PQresultStatus(res);
        if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
            PQclear(res);
            return lost(s, "unsupported", "the statement started a COPY", err);
        }
        if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) {
            if (*first_err)
                PQclear(res);
            else
                *first_err = res;
        } else {
            PQclear(*last);
            *last = res;
        }
    }
}

/* What the first error of a statement says of the connection: 0 an ordinary SQL error (a
   result), else a negative JT_E... (lost, a bad response, the server canceled it). */
static int classify_error(session *s, const PGresult *first_err, jt_error *err) {
    const char *state = PQresultErrorField(first_err, PG_DIAG_SQLSTATE);
    if (PQresultStatus(first_err) == PGRES_BAD_RESPONSE)
        return lost(s, "bad response from the server", PQresultErrorMessage(first_err), err);
    if (ends_session(first_err)) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s %s", state ? state : "", PQresultErrorMessage(first_err));
        return lost(s, "connection lost", msg, err);
    }
    if (state && strcmp(state, "57014") == 0) {
        char line[JT_MESSAGE_MAX];
        one_line(line, sizeof line, PQresultErrorMessage(first_err));
        return jt_error_set(err, JT_ETIMEOUT, 0, "the server canceled the statement (57014): %s",
                            line);
    }
    return JT_OK;
}

/*
 * Runs sql on the open session s. *out: its result (the first error, or else the last result),
 * for the caller to PQclear. A lost connection, a timeout, a canceled statement: a negative
 * JT_E... with err, and s is closed when it cannot be used again.
 */
static int query(PGresult **out, pgw *p, session *s, const char *sql, jt_error *err) {
    PGresult *first_err = NULL, *last = NULL;
    int64_t deadline = now_ms() + p->timeout_ms;
    int rc = send_query(s, sql, deadline, err);
    *out = NULL;
    if (rc > 0)
        rc = collect(&first_err, &last, s, deadline, err);
    if (rc == 0) {
        cancel_and_drain(s);
        rc = jt_error_set(err, JT_ETIMEOUT, 0,
                          "statement timed out: no result within %d ms as %s%s", p->timeout_ms,
                          s->name, s->pg ? " (canceled)" : " (canceled; connection closed)");
    } else if (rc > 0 && PQstatus(s->pg) != CONNECTION_OK) {
        rc = lost(s, "connection lost",
                  first_err ? PQresultErrorMessage(first_err) : PQerrorMessage(s->pg), err);
    } else if (rc > 0 && first_err) {
        rc = classify_error(s, first_err, err);
        if (rc == JT_OK) {
            *out = first_err;
            first_err = NULL;
        }
    } else if (rc > 0 && last) {
        *out = last;
        last = NULL;
        rc = JT_OK;
    } else if (rc > 0) {
        rc = lost(s, "no result", "the server sent no result", err);
    }
    PQclear(first_err);
    PQclear(last);
    return rc;
}

/* ${…} of t replaced by the bindings, escaped by libpq for pg. */
static int render(char **out, const recipe *r, const tmpl *t, PGconn *pg, const binding *b,
                  size_t nb, jt_error *err) {
    jt_strbuf sb;
    const char *p = t->sql, *at;
    int rc = JT_OK;
    *out = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    while ((at = strstr(p, "${")) != NULL && rc == JT_OK) {
        const char *key;
        size_t keylen, len, k;
        int ident;
        const binding *v = NULL;
        rc = jt_strbuf_add(&sb, p, (size_t)(at - p));
        JT_ASSERT(parse_placeholder(at, &key, &keylen, &ident, &len) == 0); /* checked on load */
        for (k = 0; k < nb && !v; k++)
            if (strlen(b[k].key) == keylen && strncmp(b[k].key, key, keylen) == 0)
                v = &b[k];
        JT_ASSERT(v != NULL);
        if (rc < 0)
            break;
        if (v->kind == K_INT) {
            rc = jt_strbuf_addf(&sb, "%lld", (long long)v->i);
        } else if (v->kind == K_BOOL) {
            rc = jt_strbuf_adds(&sb, v->i ? "true" : "false");
        } else if (!v->s && ident) {
            rc = jt_error_set(err, JT_EINVAL, 0, "%s:%d: ${%s:ident} has no value", r->path,
                              line_of(t, at), v->key);
            goto out;
        } else if (!v->s) {
            rc = jt_strbuf_adds(&sb, "NULL");
        } else {
            char *esc = ident ? PQescapeIdentifier(pg, v->s, strlen(v->s))
                              : PQescapeLiteral(pg, v->s, strlen(v->s));
            if (!esc) {
                char line[JT_MESSAGE_MAX];
                one_line(line, sizeof line, PQerrorMessage(pg));
                rc = jt_error_set(err, JT_EINVAL, 0, "%s:%d: cannot escape ${%s}: %s", r->path,
                                  line_of(t, at), v->key, line);
                goto out;
            }
            rc = jt_strbuf_adds(&sb, esc);
            PQfreemem(esc);
        }
        p = at + len;
    }
    if (rc == JT_OK)
        rc = jt_strbuf_adds(&sb, p);
    if (rc < 0) {
        rc = jt_error_set(err, rc, 0, "%s:%d: %s", r->path, t->line,
                          rc == JT_ELIMIT ? "the statement is too long with its values"
                                          : "out of memory");
        goto out;
    }
    *out = jt_strbuf_take(&sb);
    if (!*out)
        rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
out:
    jt_strbuf_dispose(&sb);
    return rc;
}

/* Runs the statements of a recipe section on s; an SQL error is a failure of the driver. */
static int run_section(pgw *p, session *s, int section, const binding *b, size_t nb,
                       const char *what, jt_error *err) {
    const recipe *r = p->recipe;
    size_t i;
    int rc = JT_OK;
    for (i = 0; i < r->n[section] && rc == JT_OK; i++) {
        const tmpl *t = &r->stmts[section][i];
        PGresult *res = NULL;
        char *sql = NULL;
        rc = render(&sql, r, t, s->pg, b, nb, err);
        if (rc == JT_OK)
            rc = query(&res, p, s, sql, err);
        if (rc == JT_OK && PQresultStatus(res) != PGRES_COMMAND_OK &&
            PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_EMPTY_QUERY) {
            const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            char line[JT_MESSAGE_MAX];
            one_line(line, sizeof line, PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
            int refused = section >= SEC_USER && state && strcmp(state, REFUSED_FIXTURE) == 0;
            rc = jt_error_set(err, refused ? JT_EINVAL : JT_EDRIVER, t->line,
                              "%s: %s:%d: error %s: %s", what, r->path, t->line,
                              state ? state : "?????", line);
        }
        PQclear(res);
        free(sql);
    }
    return rc;
}

/* The connect_timeout of pg's parameters, in ms (libpq enforces it only when it blocks). */
static int64_t connect_timeout_ms(PGconn *pg) {
    PQconninfoOption *opts = PQconninfo(pg), *o;
    int64_t ms = 10000;
    for (o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, "connect_timeout") == 0 && o->val && atoi(o->val) > 0)
            ms = (int64_t)atoi(o->val) * 1000;
    PQconninfoFree(opts);
    return ms;
}

/* Connects as PQconnectdbParams would, with the SQLSTATE in libpq's messages while it does
   (PQERRORS_VERBOSE: "FATAL:  28P01: password authentication failed for user x"): libpq has
   no other way to tell the code of a refused connection. */
static PGconn *connect_params(const char *const *keys, const char *const *values) {
    PGconn *pg = PQconnectStartParams(keys, values, 1);
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    int64_t deadline;
    if (!pg || PQstatus(pg) == CONNECTION_BAD)
        return pg;
    PQsetErrorVerbosity(pg, PQERRORS_VERBOSE);
    deadline = now_ms() + connect_timeout_ms(pg);
    while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED &&
           wait_socket(pg, st == PGRES_POLLING_WRITING, deadline) > 0)
        st = PQconnectPoll(pg);
    PQsetErrorVerbosity(pg, PQERRORS_DEFAULT);
    return pg;
}

/* A refused session of a user that does not exist (CockroachDB and PostgreSQL: "password
   authentication failed for user x", 28P01 from CockroachDB v22.x; older releases send the
   same text with another code): its code and message into s, from libpq's verbose message. */
static void note_refusal(session *s, const char *msg) {
    static const char phrase[] = "password authentication failed for user";
    const char *q = msg ? strstr(msg, phrase) : NULL;
    size_t k;
    s->refused[0] = '\0';
    if (!q || q - msg < 7 || q[-2] != ':' || q[-1] != ' ')
        return;
    for (k = 0; k < 5 && isalnum((unsigned char)q[-7 + (int)k]); k++)
        ;
    if (k < 5)
        return;
    memcpy(s->refused, q - 7, 5);
    s->refused[5] = '\0';
    for (k = 0; q[k] && q[k] != '\n' && k + 1 < sizeof s->refusal; k++)
        s->refusal[k] = q[k];
    s->refusal[k] = '\0';
}

/* Opens s unless it is open. */
static int session_open(pgw *p, session *s, jt_error *err) {
    const char *keys[6], *values[6];
    char line[JT_MESSAGE_MAX];
    int n = 0, rc;
    if (s->pg)
        return JT_OK;
    s->refused[0] = '\0';
    keys[n] = "connect_timeout";
    values[n++] = JT_PGWIRE_CONNECT_TIMEOUT_S;
    keys[n] = "fallback_application_name";
    values[n++] = "jobtck";
    keys[n] = "dbname"; /* the URL: its parameters override the two above */
    values[n++] = p->url;
    if (s->user) {
        keys[n] = "user";
        values[n++] = s->user;
    }
    keys[n] = NULL;
    values[n] = NULL;
    s->pg = connect_params(keys, values);
    if (!s->pg)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (PQstatus(s->pg) != CONNECTION_OK) {
        note_refusal(s, PQerrorMessage(s->pg));
        one_line(line, sizeof line, PQerrorMessage(s->pg));
        session_close(s);
        return jt_error_set(err, JT_EDRIVER, 0, "cannot connect as %s: %s", s->name,
                            line[0] ? line : "timeout expired");
    }
    PQsetNoticeProcessor(s->pg, quiet, NULL);
    if (PQsetnonblocking(s->pg, 1) != 0) {
        one_line(line, sizeof line, PQerrorMessage(s->pg));
        session_close(s);
        return jt_error_set(err, JT_EDRIVER, 0, "cannot connect as %s: %s", s->name, line);
    }
    if (p->recipe && p->recipe->n[SEC_CONNECT]) {
        binding b = {"user", K_STR, s->user, 0};
        rc = run_section(p, s, SEC_CONNECT, &b, 1, "connect", err);
        if (rc < 0) {
            session_close(s);
            return rc;
        }
    }
    return JT_OK;
}

/* The session of user, made on first use. */
static int find_session(session **out, pgw *p, const char *user, jt_error *err) {
    size_t i;
    session *s;
    *out = NULL;
    for (i = 0; i < p->nsessions; i++) {
        if (strcmp(p->sessions[i].user, user) == 0) {
            *out = &p->sessions[i];
            return JT_OK;
        }
    }
    if (p->nsessions >= JT_PGWIRE_LIMIT_SESSIONS)
        return jt_error_set(err, JT_ELIMIT, 0, "more than %d session users",
                            JT_PGWIRE_LIMIT_SESSIONS);
    if (jt_grow((void **)&p->sessions, &p->scap, p->nsessions + 1, sizeof *p->sessions,
                JT_PGWIRE_LIMIT_SESSIONS) < 0)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    s = &p->sessions[p->nsessions];
    s->pg = NULL;
    s->refused[0] = '\0';
    s->user = jt_strdup(user);
    s->name = s->user;
    if (!s->user)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    p->nsessions++;
    *out = s;
    return JT_OK;
}

/* ---- results ------------------------------------------------------------------------- */

static char type_letter(Oid oid) {
    switch (oid) {
    case 16:
        return 'B';
    case 20:
    case 21:
    case 23:
        return 'I';
    case 26:
        return 'O';
    case 700:
    case 701:
    case 1700:
        return 'R';
    case 1082:
    case 1083:
    case 1114:
    case 1184:
        return 'S';
    default:
        return 'T';
    }
}

/* A value in PostgreSQL's text format as the kit's canonical text. */
static const char *canonical(char letter, const char *v) {
    if (letter == 'B' && strcmp(v, "t") == 0)
        return "true";
    if (letter == 'B' && strcmp(v, "f") == 0)
        return "false";
    if (letter == 'R' && strcmp(v, "Infinity") == 0)
        return "+Inf";
    if (letter == 'R' && strcmp(v, "-Infinity") == 0)
        return "-Inf";
    return v;
}

/* The count of a command tag: its last word when that is a number, else -1. */
static int64_t tag_count(const char *tag) {
    const char *last = strrchr(tag, ' '), *p;
    long long v;
    last = last ? last + 1 : tag;
    if (!*last || strlen(last) > 18)
        return -1;
    for (p = last; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    v = strtoll(last, NULL, 10);
    return (int64_t)v;
}

static void pgwire_free_result(void *conn, jt_result *r) {
    (void)conn;
    free(r->message);
    free(r->priv); /* columns, types, values and the texts are in it */
    memset(r, 0, sizeof *r);
    r->count = -1;
}

/* An error result into out: SQLSTATE, message, the position of a syntax error. */
static int convert_error(jt_result *out, const PGresult *res, jt_error *err) {
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char *pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
    out->failed = 1;
    if (state && strlen(state) == 5)
        memcpy(out->sqlstate, state, 6);
    out->message = jt_strdup(msg ? msg : PQresultErrorMessage(res));
    out->position = pos ? atoi(pos) : 0;
    return out->message ? JT_OK : jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* The bytes of the names, type letters and canonical values of res, in one block. */
static size_t rows_size(const PGresult *res, size_t ncols, size_t nrows) {
    size_t total = (ncols + nrows * ncols) * sizeof(char *) + ncols + 1, k, i;
    for (k = 0; k < ncols; k++) {
        char letter = type_letter(PQftype(res, (int)k));
        total += strlen(PQfname(res, (int)k)) + 1;
        for (i = 0; i < nrows; i++)
            if (!PQgetisnull(res, (int)i, (int)k))
                total += strlen(canonical(letter, PQgetvalue(res, (int)i, (int)k))) + 1;
    }
    return total;
}

/* The rows of res into out, values canonical, everything in one block (priv). */
static int convert_rows(jt_result *out, const PGresult *res, jt_error *err) {
    size_t total, k, i, len, ncols = (size_t)PQnfields(res), nrows = (size_t)PQntuples(res);
    char *w, *types;
    if (nrows > JT_LIMIT_ROWS)
        return jt_error_set(err, JT_ELIMIT, 0, "more than %d rows in a result", JT_LIMIT_ROWS);
    total = rows_size(res, ncols, nrows);
    out->priv = jt_malloc(total);
    if (!out->priv)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    out->columns = out->priv;
    out->values = out->columns + ncols;
    out->types = types = (char *)(out->values + nrows * ncols);
    w = types + ncols + 1;
    for (k = 0; k < ncols; k++) {
        len = strlen(PQfname(res, (int)k)) + 1;
        memcpy(w, PQfname(res, (int)k), len);
        out->columns[k] = w;
        w += len;
        types[k] = type_letter(PQftype(res, (int)k));
    }
    types[ncols] = '\0';
    for (i = 0; i < nrows * ncols; i++) {
        const char *v;
        if (PQgetisnull(res, (int)(i / ncols), (int)(i % ncols))) {
            out->values[i] = NULL;
            continue;
        }
        v = canonical(types[i % ncols], PQgetvalue(res, (int)(i / ncols), (int)(i % ncols)));
        len = strlen(v) + 1;
        memcpy(w, v, len);
        out->values[i] = w;
        w += len;
    }
    JT_ASSERT(w == (char *)out->priv + total);
    out->ncols = ncols;
    out->nrows = nrows;
    return JT_OK;
}

/* res into out: an error, or the command tag and, for a query, its rows. */
static int convert(jt_result *out, const PGresult *res, jt_error *err) {
    ExecStatusType st = PQresultStatus(res);
    const char *tag;
    size_t len;
    if (st == PGRES_FATAL_ERROR || st == PGRES_NONFATAL_ERROR)
        return convert_error(out, res, err);
    tag = PQcmdStatus((PGresult *)res);
    len = strlen(tag);
    if (len >= sizeof out->tag)
        len = sizeof out->tag - 1;
    memcpy(out->tag, tag, len);
    out->tag[len] = '\0';
    out->count = tag_count(out->tag);
    return st == PGRES_TUPLES_OK ? convert_rows(out, res, err) : JT_OK;
}

/* ---- the driver ---------------------------------------------------------------------- */

static void pgwire_disconnect(void *conn) {
    pgw *p = conn;
    size_t i;
    if (!p)
        return;
    session_close(&p->admin);
    for (i = 0; i < p->nsessions; i++) {
        session_close(&p->sessions[i]);
        free(p->sessions[i].user);
    }
    free(p->sessions);
    recipe_free(p->recipe);
    free(p->url);
    free(p->url_user);
    free(p);
}

/* Checks the URL (a malformed one is bad usage, not a failure of each step) and keeps its
   user for messages. */
static int parse_url(pgw *p, jt_error *err) {
    char *errmsg = NULL, line[JT_MESSAGE_MAX];
    PQconninfoOption *opts = PQconninfoParse(p->url, &errmsg), *o;
    if (!opts) {
        one_line(line, sizeof line, errmsg ? errmsg : "out of memory");
        PQfreemem(errmsg);
        return jt_error_set(err, errmsg ? JT_EINVAL : JT_ENOMEM, 0, "pgwire URL: %s", line);
    }
    for (o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "user") == 0 && o->val && *o->val)
            p->url_user = jt_strdup(o->val);
    PQconninfoFree(opts);
    p->admin.name = p->url_user ? p->url_user : "the default user";
    return JT_OK;
}

/* The options: the recipe (fixtures) and the statement timeout. */
static int parse_options(pgw *p, const char **fixtures, const jt_option *options, size_t n,
                         jt_error *err) {
    size_t i;
    int rc = jt_options_check(options, n, "pgwire", jt_driver_pgwire_keys, err);
    *fixtures = NULL;
    p->timeout_ms = JT_PGWIRE_TIMEOUT_DEFAULT_MS;
    for (i = 0; i < n && rc == JT_OK; i++) {
        if (strcmp(options[i].key, "fixtures") == 0) {
            *fixtures = options[i].value;
        } else {
            char *end;
            long v = strtol(options[i].value, &end, 10);
            if (*options[i].value < '0' || *options[i].value > '9' || *end || v < 1 ||
                v > JT_PGWIRE_TIMEOUT_MAX_MS)
                return jt_error_set(err, JT_EINVAL, 0, "statement timeout: expected 1 .. %d ms",
                                    JT_PGWIRE_TIMEOUT_MAX_MS);
            p->timeout_ms = (int)v;
        }
    }
    return rc;
}

/* The server is reached at once, as the URL's user (and the recipe's @connect runs), so that
   a run against a server that is not there fails at its start with libpq's reason, naming
   the target, instead of skipping or failing every file. The connection is kept for the
   recipe's reset and fixtures; without a recipe nothing uses it until @advance. */
static int probe(pgw *p, const char *target, jt_error *err) {
    jt_error why;
    int rc;
    memset(&why, 0, sizeof why);
    rc = session_open(p, &p->admin, &why);
    if (rc == JT_OK) {
        if (!p->recipe)
            session_close(&p->admin);
        return JT_OK;
    }
    return jt_error_set(err, rc, 0, "pgwire:%s: %s", target, why.message);
}

static int pgwire_connect_with(const char *target, const jt_option *options, size_t n,
                               void **conn_out, jt_error *err) {
    pgw *p = jt_calloc(1, sizeof *p);
    const char *fixtures = NULL;
    int rc;
    *conn_out = NULL;
    if (!p)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    rc = parse_options(p, &fixtures, options, n, err);
    if (rc == JT_OK && (!target || !*target))
        rc = jt_error_set(err, JT_EINVAL, 0,
                          "pgwire needs a URL: --driver "
                          "pgwire:postgresql://USER@HOST:PORT/DATABASE");
    if (rc == JT_OK && !(p->url = jt_strdup(target)))
        rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (rc == JT_OK)
        rc = parse_url(p, err);
    if (rc == JT_OK && fixtures)
        rc = recipe_load(&p->recipe, fixtures, err);
    if (rc < 0) {
        pgwire_disconnect(p);
        return rc;
    }
    p->need_reset = p->recipe != NULL;
    rc = probe(p, target, err);
    if (rc < 0) {
        pgwire_disconnect(p);
        return rc;
    }
    *conn_out = p;
    return JT_OK;
}

static int pgwire_connect(const char *target, void **conn_out, jt_error *err) {
    return pgwire_connect_with(target, NULL, 0, conn_out, err);
}

/* What a connection can do follows from its recipe: without one, statements as any user;
   with one, fixtures and reset; with a recipe whose @user uses ${controljob} ${viewjob}
   ${member_of} and whose @job uses ${schedule} ${age_seconds}, role fixtures and job meta. */
static unsigned pgwire_conn_caps(void *conn) {
    const pgw *p = conn;
    const unsigned roles = 1u << 2 | 1u << 3 | 1u << 4, meta = 1u << 6 | 1u << 7;
    unsigned caps = JT_CAP_USERS;
    if (!p->recipe)
        return caps;
    caps |= JT_CAP_FIXTURES | JT_CAP_RESET;
    if ((p->recipe->used[SEC_USER] & roles) == roles && (p->recipe->used[SEC_JOB] & meta) == meta)
        caps |= JT_CAP_ROLES | JT_CAP_JOB_META;
    return caps;
}

static int pgwire_reset(void *conn, jt_error *err) {
    pgw *p = conn;
    size_t i;
    int rc;
    for (i = 0; i < p->nsessions; i++)
        session_close(&p->sessions[i]);
    if (!p->recipe)
        return JT_OK;
    rc = session_open(p, &p->admin, err);
    if (rc == JT_OK)
        rc = run_section(p, &p->admin, SEC_RESET, NULL, 0, "reset", err);
    if (rc == JT_OK)
        p->need_reset = 0;
    return rc;
}

static int ensure_reset(pgw *p, jt_error *err) {
    return p->need_reset ? pgwire_reset(p, err) : JT_OK;
}

static int pgwire_fixture(void *conn, const jt_fixture *fx, jt_error *err) {
    pgw *p = conn;
    int rc;
    char what[96];
    if (!p->recipe)
        return jt_error_set(err, JT_ENOTSUP, 0, "pgwire has no fixtures without a recipe");
    rc = ensure_reset(p, err);
    if (rc == JT_OK)
        rc = session_open(p, &p->admin, err);
    if (rc < 0)
        return rc;
    if (fx->kind == JT_FIXTURE_USER) {
        binding b[5] = {{"name", K_STR, fx->name, 0},
                        {"admin", K_BOOL, NULL, fx->admin != 0},
                        {"controljob", K_BOOL, NULL, (fx->options & JT_USER_CONTROLJOB) != 0},
                        {"viewjob", K_BOOL, NULL, (fx->options & JT_USER_VIEWJOB) != 0},
                        {"member_of", K_STR, fx->member_of, 0}};
        snprintf(what, sizeof what, "fixture user %.64s", fx->name ? fx->name : "?");
        return run_section(p, &p->admin, SEC_USER, b, 5, what, err);
    } else {
        char sched[24];
        binding b[8] = {
            {"id", K_INT, NULL, fx->id},
            {"type", K_STR, fx->type, 0},
            {"status", K_STR, fx->status, 0},
            {"user", K_STR, fx->user, 0},
            {"description", K_STR, fx->description, 0},
            {"error", K_STR, fx->error, 0},
            {"schedule", K_STR, NULL, 0}, /* a decimal number, or NULL */
            {"age_seconds", K_INT, NULL, fx->age_s},
        };
        if (fx->schedule) {
            snprintf(sched, sizeof sched, "%lld", (long long)fx->schedule);
            b[6].s = sched;
        }
        snprintf(what, sizeof what, "fixture job %lld", (long long)fx->id);
        return run_section(p, &p->admin, SEC_JOB, b, 8, what, err);
    }
}

/* A session the server refused (note_refusal) as the result of the statement that wanted
   it: the model answers a statement of a user that does not exist so (docs/profiles.md
   "Users"). */
static int refused_result(jt_result *out, const session *s, jt_error *err) {
    memset(err, 0, sizeof *err);
    out->failed = 1;
    memcpy(out->sqlstate, s->refused, 6);
    out->message = jt_strdup(s->refusal);
    return out->message ? JT_OK : jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

static int pgwire_exec(void *conn, const char *user, const char *sql, jt_result *out,
                       jt_error *err) {
    pgw *p = conn;
    PGresult *res = NULL;
    session *s;
    int rc;
    memset(out, 0, sizeof *out);
    out->count = -1;
    rc = ensure_reset(p, err);
    if (rc < 0)
        return rc;
    rc = find_session(&s, p, user ? user : DEFAULT_USER, err);
    if (rc == JT_OK)
        rc = session_open(p, s, err);
    if (rc == JT_EDRIVER && s->refused[0]) /* the statement's result: the user does not exist */
        return refused_result(out, s, err);
    if (rc == JT_OK)
        rc = query(&res, p, s, sql, err);
    if (rc == JT_OK)
        rc = convert(out, res, err);
    PQclear(res);
    return rc;
}

/* @advance: its statements on the URL's connection; the count of the last one's tag is the
   number of jobs that moved. Without the section, the server's jobs move on their own. */
static int pgwire_advance(void *conn, int64_t *out, jt_error *err) {
    pgw *p = conn;
    const recipe *r = p->recipe;
    size_t i;
    int rc;
    *out = 0;
    if (!r || !r->present[SEC_ADVANCE] || r->n[SEC_ADVANCE] == 0)
        return jt_error_set(err, JT_ENOTSUP, 0,
                            "the recipe has no @advance: the server's jobs "
                            "move on their own");
    rc = ensure_reset(p, err);
    if (rc == JT_OK)
        rc = session_open(p, &p->admin, err);
    for (i = 0; rc == JT_OK && i < r->n[SEC_ADVANCE]; i++) {
        PGresult *res = NULL;
        const tmpl *t = &r->stmts[SEC_ADVANCE][i];
        rc = query(&res, p, &p->admin, t->sql, err);
        if (rc == JT_OK && PQresultStatus(res) != PGRES_COMMAND_OK &&
            PQresultStatus(res) != PGRES_TUPLES_OK) {
            char line[JT_MESSAGE_MAX];
            one_line(line, sizeof line, PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
            rc = jt_error_set(err, JT_EDRIVER, t->line, "advance: %s:%d: %s", r->path, t->line,
                              line);
        } else if (rc == JT_OK) {
            const char *tag = PQcmdStatus(res), *sp = strrchr(tag, ' ');
            *out = sp ? strtoll(sp + 1, NULL, 10) : 0;
        }
        PQclear(res);
    }
    return rc;
}

/* One table: conn_caps says what each connection can do. */
const jt_driver jt_driver_pgwire = {
    .abi_version = JT_DRIVER_ABI,
    .name = "pgwire",
    .caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET | JT_CAP_ROLES | JT_CAP_JOB_META,
    .connect = pgwire_connect,
    .reset = pgwire_reset,
    .fixture = pgwire_fixture,
    .exec = pgwire_exec,
    .free_result = pgwire_free_result,
    .disconnect = pgwire_disconnect,
    .advance = pgwire_advance,
    .connect_with = pgwire_connect_with,
    .conn_caps = pgwire_conn_caps,
};
