/* One statement or query record: its SQL after $name, run on the session (again, for a
   `query … retry`, while the jobs move on), then checked and recorded (verifying) or handed
   to the sink (completing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/cases/check.h"
#include "sim/run/internal.h"
#include "sim/run/tag.h"

#define SYNTAX_ERROR "42601"
/* feature_not_supported: valid SQL the implementation does not implement (jobtck serve
   answers so for PostgreSQL outside the kit's subset, docs/pgwire.md) */
#define NOT_SUPPORTED "0A000"

/* One record while it runs. */
typedef struct sql_run {
    jt_runner *r;
    jt_run_file *st;
    const jt_case_record *rec;
    const char *sql; /* after $name substitution: the record's, or sql_owned */
    char *sql_owned;
    char **keys; /* verifying a retry: the results the shadow passes through (nkeys) */
    size_t nkeys;
    char *key; /* the key of the last result, when it failed and keys are known */
    int live;  /* a retry asks again after a wait, rather than moving a virtual clock */
    int64_t left_ms;
    int attempt; /* from 0 */
    int outcome; /* of the last attempt */
    char *msg;   /* its message (FAIL, ERROR) */
} sql_run;

/* Where character position pos (1-based, of a statement's text, 0: unknown) is in the case
   file: the SQL starts on the line after the record's directive (or `let`), its lines as
   they were written. Positions past a $name substitution are not mapped (the start). */
static void sql_location(int *line_out, int *col_out, const jt_case_record *rec, const char *sql,
                         int pos) {
    const char *s = rec->sql;
    int line = rec->line + 1, col = 1, k;
    if (pos > 0 && strcmp(sql, rec->sql) == 0) {
        for (k = 1; k < pos && *s; s++) {
            if (((unsigned char)*s & 0xC0) == 0x80)
                continue; /* inside a character */
            k++;
            if (*s == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
    }
    *line_out = line;
    *col_out = col;
}

/* What an SQL error says of the case file when the record expected no error, whatever the
   driver (include/jobtck/driver.h, ABI 3): SQL outside the subset the implementation parses
   (a syntax error with its position) or implements (feature_not_supported), or beyond its limits
   (SQLSTATE class 54, program_limit_exceeded); or NULL when it is an ordinary result. */
static const char *input_error_kind(const jt_case_record *rec, const jt_result *res) {
    if (rec->expect == JT_EXPECT_ERROR || !res->failed)
        return NULL;
    if ((strcmp(res->sqlstate, SYNTAX_ERROR) == 0 && res->position > 0) ||
        strcmp(res->sqlstate, NOT_SUPPORTED) == 0)
        return "SQL outside the subset";
    if (strncmp(res->sqlstate, "54", 2) == 0)
        return "SQL beyond the implementation's limits";
    return NULL;
}

/* Waits before asking a live driver again: 10 ms, doubling to 1 s, within the time left. */
static void backoff(int attempt, int64_t *left_ms) {
    int64_t ms = 10;
    struct timespec ts;
    while (attempt-- > 0 && ms < 1000)
        ms *= 2;
    if (ms > 1000)
        ms = 1000;
    if (ms > *left_ms)
        ms = *left_ms;
    *left_ms -= ms;
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* The driver failed: the rest of the file does not run, and the next file starts on a new
   connection (an adapter that crashed, hung...). */
static int driver_failed(sql_run *sr, const char *what, jt_error *err) {
    char reason[64];
    jt_run_file *st = sr->st;
    sr->outcome = JT_OUTCOME_FAIL;
    sr->msg = jt_run_message(st->fr->path, sr->rec->line, 0, "driver failure: %s", what);
    snprintf(reason, sizeof reason, "not run: the driver failed at line %d", sr->rec->line);
    free(st->abort_reason);
    st->abort_reason = jt_strdup(reason);
    st->driver_failed = 1;
    return st->abort_reason ? JT_OK : jt_run_nomem(err);
}

/* The result, checked (verifying): a `let` that holds binds its value; the key of a result
   that fails, for the retry's paths. */
static int check(sql_run *sr, const jt_result *res, jt_error *err) {
    const jt_case_record *rec = sr->rec;
    int rc = jt_check_result(&sr->msg, sr->st->fr->path, rec, res, err);
    if (rc == JT_OK && !sr->msg) /* the tag's words too (sim/run/tag.h) */
        rc = jt_tag_check(&sr->msg, &sr->r->tags, sr->st->fr->path, rec, sr->r->prof, sr->sql, res);
    if (rc == JT_ELIMIT) {
        sr->msg = jt_run_message(sr->st->fr->path, rec->line, 0,
                                 "%s: the result is too large to compare", jt_case_kind_name(rec));
        rc = sr->msg ? JT_OK : JT_ENOMEM;
    }
    if (rc == JT_OK && rec->let && !sr->msg) /* it held: there is exactly one value */
        rc = jt_run_vars_set(&sr->st->vars, rec->let,
                             jt_check_render(res->values ? res->values[0] : NULL));
    if (rc == JT_OK && sr->msg && sr->keys && !(sr->key = jt_result_key(res)))
        rc = JT_ENOMEM;
    return rc < 0 ? jt_run_nomem(err) : JT_OK;
}

/* The result, handed to the sink (completing): a `let` must give one value, as verifying
   checks it (the rows, unknown yet, are not compared), and binds it. */
static int hand_over(sql_run *sr, const jt_result *res, jt_error *err) {
    const jt_case_record *rec = sr->rec;
    int rc = JT_OK;
    if (rec->let) {
        jt_case_record one = *rec; /* the let's own check: one value, no rows to compare */
        one.types = NULL;
        one.expect = JT_EXPECT_ROWS;
        rc = jt_check_result(&sr->msg, sr->st->fr->path, &one, res, err);
        if (rc == JT_OK && !sr->msg)
            rc = jt_run_vars_set(&sr->st->vars, rec->let,
                                 jt_check_render(res->values ? res->values[0] : NULL));
        if (rc < 0)
            return jt_run_nomem(err);
    }
    if (!sr->msg)
        rc = sr->r->sink->ran(sr->r->sink->ctx, rec, res, err);
    return rc;
}

/* Runs the SQL once: sr->outcome and sr->msg say what it gave. 1 when it failed its check
   (a retry may help), 0 when it is final, or an error. */
static int try_once(sql_run *sr, jt_error *err) {
    jt_session *s = sr->r->session;
    const char *kind;
    jt_result res;
    jt_error derr;
    int rc, oom;
    memset(&res, 0, sizeof res);
    memset(&derr, 0, sizeof derr);
    free(sr->msg);
    free(sr->key);
    sr->msg = sr->key = NULL;
    rc = jt_session_exec(s, sr->st->user, sr->sql, &res, &derr);
    if (rc == JT_ENOMEM)
        return jt_run_nomem(err);
    if (rc < 0)
        return driver_failed(sr, derr.message, err);
    kind = input_error_kind(sr->rec, &res);
    if ((sr->msg = jt_check_outside(&res, &oom)) != NULL || oom) {
        /* SQL the kit does not model (a CockroachDB logic test's other statements): counted
           apart, never passed nor failed */
        sr->outcome = JT_OUTCOME_SKIP;
        rc = oom ? jt_run_nomem(err) : JT_OK;
    } else if (kind) { /* an input error at its place in the file: "path:line:col: SQL outside ..."
                        */
        int line, col;
        sql_location(&line, &col, sr->rec, sr->sql, res.position);
        sr->outcome = JT_OUTCOME_ERROR;
        sr->msg = jt_run_message(sr->st->fr->path, line, col, "%s: %s", kind,
                                 res.message ? res.message : "syntax error");
    } else {
        rc = sr->r->sink ? hand_over(sr, &res, err) : check(sr, &res, err);
        sr->outcome = sr->msg ? JT_OUTCOME_FAIL : JT_OUTCOME_PASS;
    }
    jt_session_free_result(s, &res);
    if (rc < 0)
        return rc;
    return sr->outcome == JT_OUTCOME_FAIL && !sr->r->sink ? 1 : 0;
}

/* After a `retry` record failed its check: 1 to run it again (once the jobs moved on, or
   after a wait), 0 to keep the result, or an error. */
static int again(sql_run *sr, jt_error *err) {
    jt_error derr;
    int64_t moved = 0;
    size_t k;
    int rc;
    if (sr->key) { /* on the way to the expected result, only what the model's jobs pass */
        for (k = 0; k < sr->nkeys && strcmp(sr->keys[k], sr->key) != 0; k++)
            ;
        if (k == sr->nkeys) {
            char *why = jt_run_message(sr->st->fr->path, sr->rec->line, 0,
                                       "retry: a result that profile %s says cannot occur on "
                                       "the way to the expected one (attempt %d)\n%s",
                                       sr->r->profile, sr->attempt + 1, sr->msg);
            free(sr->msg);
            sr->msg = why;
            return JT_OK;
        }
    }
    if (!sr->live) {
        if (sr->attempt >= JT_LIMIT_PROGRESS)
            return 0;
        memset(&derr, 0, sizeof derr);
        rc = jt_session_advance(sr->r->session, &moved, &derr);
        if (rc == JT_ENOMEM)
            return jt_run_nomem(err);
        if (rc == JT_ENOTSUP)
            sr->live = 1; /* a plugin without a virtual clock */
        else if (rc < 0 || moved == 0)
            return 0; /* nothing moves any more: the result stays */
    }
    if (sr->live) {
        if (sr->attempt >= sr->r->cfg.retries)
            return 0;
        backoff(sr->attempt, &sr->left_ms);
    }
    return 1;
}

/* Completing a `retry` record: its result once the jobs have moved on as far as they go on
   their own (a driver with a virtual clock). 1 when the driver failed (sr says so). */
static int settle(sql_run *sr, jt_error *err) {
    jt_error derr;
    int64_t moved = 1, steps;
    int rc;
    memset(&derr, 0, sizeof derr);
    if (!jt_session_has_advance(sr->r->session))
        return JT_OK;
    for (steps = 0; moved > 0 && steps < JT_LIMIT_PROGRESS; steps++) {
        rc = jt_session_advance(sr->r->session, &moved, &derr);
        if (rc == JT_ENOTSUP)
            break;
        if (rc == JT_ENOMEM)
            return jt_run_nomem(err);
        if (rc < 0) {
            rc = driver_failed(sr, derr.message, err);
            return rc < 0 ? rc : 1; /* recorded as the record's failure */
        }
    }
    return JT_OK;
}

/* The SQL after $name: 1 when the record cannot run (recorded here), 0, or an error. */
static int prepare(sql_run *sr, jt_error *err) {
    const char *path = sr->st->fr->path, *unbound = NULL;
    int line = sr->rec->line;
    int rc = jt_run_vars_substitute(&sr->sql_owned, &unbound, &sr->st->vars, sr->rec->sql);
    sr->sql = sr->sql_owned ? sr->sql_owned : sr->rec->sql;
    if (rc == JT_ELIMIT) {
        rc = jt_run_add_record(sr->r, sr->st, sr->rec, JT_OUTCOME_ERROR,
                               jt_run_message(path, line, 0,
                                              "SQL longer than %d bytes after $name substitution",
                                              JT_LIMIT_SQL),
                               err);
        return rc < 0 ? rc : 1;
    }
    if (rc < 0)
        return jt_run_nomem(err);
    if (unbound) {
        rc = jt_run_add_record(
            sr->r, sr->st, sr->rec, JT_OUTCOME_FAIL,
            jt_run_message(path, line, 0, "not run: $%s has no value (its let failed)", unbound),
            err);
        return rc < 0 ? rc : 1;
    }
    /* the value of a let outside the kit (its first byte found first: strchr is the faster) */
    if (strchr(sr->sql, JT_CHECK_OUTSIDE_VALUE[0]) && strstr(sr->sql, JT_CHECK_OUTSIDE_VALUE)) {
        /* The implementation that said the let was outside hears of this statement too (a
           PREPARE of it: its EXECUTEs are then outside as well); its answer is not judged. */
        jt_result res;
        jt_error derr;
        memset(&res, 0, sizeof res);
        memset(&derr, 0, sizeof derr);
        rc = jt_session_exec(sr->r->session, sr->st->user, sr->sql, &res, &derr);
        if (rc == JT_ENOMEM)
            return jt_run_nomem(err);
        if (rc == JT_OK)
            jt_session_free_result(sr->r->session, &res);
        rc = jt_run_add_record(sr->r, sr->st, sr->rec, JT_OUTCOME_SKIP,
                               jt_strdup("not job control: a $name of a statement outside the kit"),
                               err);
        return rc < 0 ? rc : 1;
    }
    return JT_OK;
}

/* Records what the last attempt gave. */
static int record(sql_run *sr, jt_error *err) {
    jt_runner *r = sr->r;
    int rc;
    /* a let that failed binds nothing; one outside the kit, a value that says so */
    if (sr->outcome != JT_OUTCOME_PASS && sr->rec->let &&
        jt_run_vars_set(&sr->st->vars, sr->rec->let,
                        sr->outcome == JT_OUTCOME_SKIP ? JT_CHECK_OUTSIDE_VALUE : NULL) < 0)
        return jt_run_nomem(err);
    rc = jt_run_add_record(r, sr->st, sr->rec, sr->outcome, sr->msg, err);
    sr->msg = NULL; /* taken */
    if (rc == JT_OK && sr->attempt > 0) {
        sr->st->fr->records[sr->st->fr->nrecords - 1].attempts = sr->attempt + 1;
        r->run.retried++;
    }
    return rc;
}

int jt_run_sql(jt_runner *r, jt_run_file *st, const jt_case_record *rec, jt_error *err) {
    sql_run sr;
    int rc, retry = (rec->flags & JT_QUERY_RETRY) != 0;
    size_t k;
    memset(&sr, 0, sizeof sr);
    sr.r = r;
    sr.st = st;
    sr.rec = rec;
    sr.live = !jt_session_has_advance(r->session);
    sr.left_ms = r->cfg.retry_ms;
    sr.outcome = JT_OUTCOME_FAIL;
    rc = prepare(&sr, err);
    if (rc != JT_OK)
        goto out; /* recorded, or an error */
    rc = jt_run_shadow_sql(r, st, rec, sr.sql, &sr.keys, &sr.nkeys, err);
    if (rc == JT_OK && retry && r->sink)
        rc = settle(&sr, err);
    while (rc == JT_OK) {
        rc = try_once(&sr, err);
        if (rc <= 0 || !retry)
            break;
        rc = again(&sr, err);
        if (rc <= 0)
            break;
        sr.attempt++;
        rc = JT_OK;
    }
    if (rc >= 0)
        rc = record(&sr, err);
out:
    for (k = 0; k < sr.nkeys; k++)
        free(sr.keys[k]);
    free(sr.keys);
    free(sr.key);
    free(sr.msg);
    free(sr.sql_owned);
    return rc < 0 ? rc : JT_OK;
}
