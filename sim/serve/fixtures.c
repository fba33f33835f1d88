/* The JOBTCK statements: fixtures, reset and progress, before the model (see fixtures.h). */
#include "sim/serve/fixtures.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/serve/lex.h"

/* The keys of each fixture, in the order of their bits in fixture_args.seen. */
static const char *const user_keys[] = {"NAME", "ADMIN", "CONTROLJOB", "VIEWJOB", "MEMBER_OF"};
static const char *const job_keys[] = {"ID",          "TYPE",  "STATUS",   "USER",
                                       "DESCRIPTION", "ERROR", "SCHEDULE", "AGE"};
enum { USER_NAME, USER_ADMIN, USER_CONTROLJOB, USER_VIEWJOB, USER_MEMBER_OF, USER_KEYS };
enum { JOB_ID, JOB_TYPE, JOB_STATUS, JOB_USER, JOB_DESCRIPTION, JOB_ERROR, JOB_SCHEDULE, JOB_AGE };
#define JOB_KEYS 8

typedef struct fixture_args {
    jt_fixture fx;
    int job; /* a JOB fixture, else a USER one */
    /* The string values by key (user: name, member_of; job: type .. error), allocated. */
    char *strs[JOB_KEYS];
    unsigned seen; /* the keys given, a bit each */
} fixture_args;

/* Fills err with sqlstate and the message; returns -1. */
__attribute__((format(printf, 3, 4))) static int fail(jt_error *err, const char *sqlstate,
                                                      const char *fmt, ...) {
    va_list ap;
    err->code = JT_EINVAL;
    err->line = 0;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    snprintf(err->sqlstate, sizeof err->sqlstate, "%s", sqlstate);
    return -1;
}

/* A syntax error: what (the statement's first words) and why. */
static int syntax(jt_error *err, const char *what, const char *why) {
    return fail(err, "42601", "%s: %s", what, why);
}

/* After the statement: an optional ';', then nothing. */
static int expect_end(jt_lexer *lx, const char *what, jt_error *err) {
    char why[64];
    if (lx->kind == JT_TK_SEMI)
        jt_lex_next(lx);
    if (lx->kind == JT_TK_END)
        return 0;
    snprintf(why, sizeof why, "unexpected text at position %zu", lx->start + 1);
    return syntax(err, what, why);
}

/* An integer literal token (id=, schedule=, age=): 0 < value <= 2^63-1. */
static int int_value(const jt_lexer *lx, const char *key, int64_t *out, char *msg, size_t msgsize) {
    char num[32];
    char *end;
    long long v;
    if (lx->kind != JT_TK_INT || lx->len > 20) {
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
static int bool_value(const jt_lexer *lx, const char *key, int *out, char *msg, size_t msgsize) {
    if (jt_lex_is(lx, "TRUE"))
        *out = 1;
    else if (jt_lex_is(lx, "FALSE"))
        *out = 0;
    else {
        snprintf(msg, msgsize, "%s= expects true or false", key);
        return -1;
    }
    return 0;
}

/* schedule= and age= (seconds): a number, a string literal of one, 0 or NULL. */
static int count_value(const jt_lexer *lx, const char *key, int64_t *v, char *msg, size_t msgsize) {
    char *end;
    if (jt_lex_is(lx, "NULL") ||
        (lx->kind == JT_TK_INT && lx->len == 1 && lx->s[lx->start] == '0')) {
        *v = 0;
        return 0;
    }
    if (lx->kind != JT_TK_STR)
        return int_value(lx, key, v, msg, msgsize);
    errno = 0;
    *v = strtoll(lx->str, &end, 10);
    if (errno || *end || !*lx->str || *v < 0) {
        snprintf(msg, msgsize, "%s= expects a number", key);
        return -1;
    }
    return 0;
}

/* The value of key k (its name as written: key). */
static int fixture_value(fixture_args *a, jt_lexer *lx, size_t k, const char *key, char *msg,
                         size_t msgsize) {
    /* The keys that take NULL for "not given": the model's default. */
    int nullable = a->job ? k >= JOB_USER && k <= JOB_ERROR : k == USER_MEMBER_OF;
    int flag;
    if (!a->job && k >= USER_ADMIN && k <= USER_VIEWJOB) {
        if (bool_value(lx, key, &flag, msg, msgsize) < 0)
            return -1;
        if (k == USER_ADMIN)
            a->fx.admin = flag;
        else if (flag)
            a->fx.options |= k == USER_CONTROLJOB ? JT_USER_CONTROLJOB : JT_USER_VIEWJOB;
        return 0;
    }
    if (a->job && k == JOB_ID)
        return int_value(lx, "id", &a->fx.id, msg, msgsize);
    if (a->job && (k == JOB_SCHEDULE || k == JOB_AGE))
        return count_value(lx, key, k == JOB_SCHEDULE ? &a->fx.schedule : &a->fx.age_s, msg,
                           msgsize);
    if (lx->kind == JT_TK_STR) {
        a->strs[k] = lx->str;
        lx->str = NULL;
        return 0;
    }
    if (nullable && jt_lex_is(lx, "NULL"))
        return 0;
    snprintf(msg, msgsize, "%s= expects a string literal%s", key, nullable ? " or NULL" : "");
    return -1;
}

/* One key=value of a JOBTCK FIXTURE; 0, or -1 with msg. */
static int fixture_key(fixture_args *a, jt_lexer *lx, char *msg, size_t msgsize) {
    const char *const *keys = a->job ? job_keys : user_keys;
    size_t nkeys = a->job ? JOB_KEYS : USER_KEYS, k;
    char key[32];
    if (lx->kind != JT_TK_WORD) {
        snprintf(msg, msgsize, "expected a key=value at position %zu", lx->start + 1);
        return -1;
    }
    snprintf(key, sizeof key, "%.*s", (int)(lx->len < 31 ? lx->len : 31), lx->s + lx->start);
    for (k = 0; k < nkeys && !jt_lex_is(lx, keys[k]); k++)
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
    jt_lex_next(lx);
    if (lx->kind != JT_TK_EQ) {
        snprintf(msg, msgsize, "expected '=' after '%s'", key);
        return -1;
    }
    jt_lex_next(lx);
    if (fixture_value(a, lx, k, key, msg, msgsize) < 0)
        return -1;
    jt_lex_next(lx);
    return 0;
}

/* The keys of a JOBTCK FIXTURE USER or JOB, to the end of the statement, into a->fx. */
static int fixture_args_read(fixture_args *a, jt_lexer *lx, jt_error *err) {
    const char *what = a->job ? "JOBTCK FIXTURE JOB" : "JOBTCK FIXTURE USER";
    char why[JT_MESSAGE_MAX - 64];
    while (lx->kind != JT_TK_END && lx->kind != JT_TK_SEMI) {
        if (fixture_key(a, lx, why, sizeof why) == 0)
            continue;
        if (lx->nomem) /* lexing a string literal */
            return fail(err, "53200", "out of memory");
        return syntax(err, what, why);
    }
    if (expect_end(lx, "JOBTCK FIXTURE", err) < 0)
        return -1;
    if (a->job && (a->seen & 7u) != 7u)
        return syntax(err, what, "id=, type= and status= are required");
    if (!a->job && !(a->seen & 1u))
        return syntax(err, what, "name= is required");
    if (a->job) {
        a->fx.kind = JT_FIXTURE_JOB;
        a->fx.type = a->strs[JOB_TYPE];
        a->fx.status = a->strs[JOB_STATUS];
        a->fx.user = a->strs[JOB_USER];
        a->fx.description = a->strs[JOB_DESCRIPTION];
        a->fx.error = a->strs[JOB_ERROR];
    } else {
        a->fx.kind = JT_FIXTURE_USER;
        a->fx.name = a->strs[USER_NAME];
        a->fx.member_of = a->strs[USER_MEMBER_OF];
    }
    return 0;
}

/* JOBTCK FIXTURE USER|JOB key=value...: the lexer is after FIXTURE. */
static int run_fixture(jt_model *m, jt_lexer *lx, jt_error *err) {
    fixture_args a;
    size_t i;
    int rc = -1;
    memset(&a, 0, sizeof a);
    if (jt_lex_is(lx, "JOB")) {
        a.job = 1;
    } else if (!jt_lex_is(lx, "USER")) {
        char why[64];
        snprintf(why, sizeof why, "expected USER or JOB at position %zu", lx->start + 1);
        return syntax(err, "JOBTCK FIXTURE", why);
    }
    jt_lex_next(lx);
    if (fixture_args_read(&a, lx, err) < 0)
        goto out;
    if (jt_model_fixture(m, &a.fx, err) < 0) {
        snprintf(err->sqlstate, sizeof err->sqlstate, "%s",
                 err->code == JT_ENOMEM ? "53200" : "22023");
        goto out;
    }
    rc = 0;
out:
    for (i = 0; i < JOB_KEYS; i++)
        free(a.strs[i]);
    return rc;
}

int jt_jobtck_is(const char *sql) {
    return jt_lex_first_is(sql, "JOBTCK");
}

int jt_jobtck_run(jt_model *m, const char *sql, char *tag, size_t tagsize, jt_error *err) {
    jt_lexer lx;
    int64_t moved = 0;
    int rc = -1;
    jt_lex_start(&lx, sql); /* JOBTCK */
    jt_lex_next(&lx);
    if (jt_lex_is(&lx, "ADVANCE")) {
        jt_lex_next(&lx);
        if (expect_end(&lx, "JOBTCK ADVANCE", err) < 0)
            goto out;
        if (jt_model_advance(m, &moved) < 0) {
            fail(err, "53200", "out of memory");
            goto out;
        }
        snprintf(tag, tagsize, "JOBTCK ADVANCE %lld", (long long)moved);
    } else if (jt_lex_is(&lx, "RESET")) {
        jt_lex_next(&lx);
        if (expect_end(&lx, "JOBTCK RESET", err) < 0)
            goto out;
        jt_model_reset(m);
        snprintf(tag, tagsize, "JOBTCK RESET");
    } else if (jt_lex_is(&lx, "FIXTURE")) {
        jt_lex_next(&lx);
        if (run_fixture(m, &lx, err) < 0)
            goto out;
        snprintf(tag, tagsize, "JOBTCK FIXTURE");
    } else {
        char why[64];
        snprintf(why, sizeof why, "expected RESET or FIXTURE at position %zu", lx.start + 1);
        syntax(err, "JOBTCK", why);
        goto out;
    }
    rc = 0;
out:
    jt_lex_end(&lx);
    return rc;
}
