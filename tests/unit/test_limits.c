/*
 * The limits of model/common.h, each at its value (accepted) and just past it (a clean
 * error that names the limit): line length, records per file, statement size, nesting depth,
 * statement memory, rows per result, names, placeholders, prepared statements, users, jobs,
 * case files per run, failure messages; and the message sizes of the protocols, which their
 * modules define under their own names, equal to those of common.h.
 *
 * Built twice (tests/CMakeLists.txt): as unit.test_limits with the limits as they ship, and
 * as unit.test_limits_scaled with JT_LIMIT_RECORDS, _ROWS, _JOBS, _USERS, _PREPARED, _FILES
 * and _STATEMENT_MEMORY set low, so that the limits too costly to reach at full size (a
 * million records, ten million rows) are reached there. A test that would need more than
 * LARGE items is left out of the build that ships.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "sim/cases/case.h"
#include "sim/drivers/drivers.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"
#ifndef JT_LIMITS_SCALED
#include "sim/doc/doc.h"
#include "sim/text/json.h"
#include "sim/serve/serve.h"
#endif

/* Tests that build more than this many records, rows, jobs... run only when the limit is
   this low (always in the scaled build). */
#define LARGE 200000

/* ---- helpers ------------------------------------------------------------------------- */

/* A growing text. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        t->s = realloc(t->s, cap);
        ck_assert_ptr_nonnull(t->s);
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void adds(text *t, const char *s) {
    add(t, s, strlen(s));
}

static void addn(text *t, const char *s, size_t times) {
    size_t i;
    for (i = 0; i < times; i++)
        adds(t, s);
}

static int parse(jt_case_file **out, const text *t, jt_error *err) {
    memset(err, 0, sizeof *err);
    return jt_case_parse(out, "t.test", t->s ? t->s : "", t->len, err);
}

static void parse_ok(const text *t) {
    jt_case_file *cf = NULL;
    jt_error err;
    int rc = parse(&cf, t, &err);
    ck_assert_msg(rc == JT_OK, "expected success, got %d: %s", rc, err.message);
    jt_case_free(cf);
}

static void parse_fails(const text *t, int code, const char *message) {
    jt_case_file *cf = NULL;
    jt_error err;
    int rc = parse(&cf, t, &err);
    ck_assert_ptr_null(cf);
    ck_assert_int_eq(rc, code);
    ck_assert_str_eq(err.message, message);
}

static void parse_fails_prefix(const text *t, int code, const char *prefix) {
    jt_case_file *cf = NULL;
    jt_error err;
    int rc = parse(&cf, t, &err);
    ck_assert_ptr_null(cf);
    ck_assert_int_eq(rc, code);
    ck_assert_msg(strncmp(err.message, prefix, strlen(prefix)) == 0, "%s", err.message);
}

static jt_model *model(void) {
    jt_model *m = NULL;
    jt_error err;
    ck_assert_int_eq(jt_model_new(&m, jt_profile_find(JT_PROFILE_DEFAULT), &err), JT_OK);
    return m;
}

/* Runs sql; a SQL error is returned as its SQLSTATE in state (empty on success). */
static void exec(jt_model *m, const char *sql, char state[6], jt_result *res) {
    jt_error err;
    int rc = jt_model_exec(m, "root", sql, res, &err);
    ck_assert_msg(rc == JT_OK, "exec failed: %s", err.message);
    snprintf(state, 6, "%s", res->failed ? res->sqlstate : "");
}

static void exec_ok(jt_model *m, const char *sql, size_t *nrows) {
    char state[6];
    jt_result res;
    exec(m, sql, state, &res);
    ck_assert_msg(!res.failed, "%.80s: %s", sql, res.message);
    if (nrows)
        *nrows = res.nrows;
    jt_result_dispose(&res);
}

static void exec_fails(jt_model *m, const char *sql, const char *sqlstate, const char *message) {
    char state[6];
    jt_result res;
    uint64_t before = jt_model_hash(m);
    exec(m, sql, state, &res);
    ck_assert_msg(res.failed, "%.80s: expected an error", sql);
    ck_assert_str_eq(state, sqlstate);
    ck_assert_str_eq(res.message, message);
    ck_assert(jt_model_hash(m) == before); /* a failed statement changes nothing */
    jt_result_dispose(&res);
}

static void add_job(jt_model *m, int64_t id, int want_rc) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = "IMPORT";
    fx.status = "running";
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), want_rc);
}

static void add_user(jt_model *m, long i, int want_rc) {
    jt_fixture fx;
    jt_error err;
    char name[32];
    snprintf(name, sizeof name, "u%ld", i);
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_USER;
    fx.name = name;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), want_rc);
}

/* ---- the case reader ----------------------------------------------------------------- */

START_TEST(line_length) {
    text t = {0};
    char want[128];
    adds(&t, "#");
    addn(&t, "x", JT_LIMIT_LINE - 1); /* JT_LIMIT_LINE bytes */
    adds(&t, "\nhalt\n");
    parse_ok(&t);
    t.len = 0;
    adds(&t, "#");
    addn(&t, "x", JT_LIMIT_LINE); /* one more */
    adds(&t, "\nhalt\n");
    snprintf(want, sizeof want, "t.test:1:%d: line longer than %d bytes", JT_LIMIT_LINE + 1,
             JT_LIMIT_LINE);
    parse_fails(&t, JT_EPARSE, want);
    /* the column counts characters: a line of two-byte characters fails at the same byte */
    t.len = 0;
    adds(&t, "#");
    addn(&t, "\xc3\xa9", JT_LIMIT_LINE / 2);
    adds(&t, "\n");
    snprintf(want, sizeof want, "t.test:1:%d: line longer than %d bytes",
             1 + (JT_LIMIT_LINE - 1) / 2 + 1, JT_LIMIT_LINE);
    parse_fails(&t, JT_EPARSE, want);
    free(t.s);
}
END_TEST

#if JT_LIMIT_RECORDS <= LARGE
START_TEST(records_per_file) {
    text t = {0};
    jt_case_file *cf = NULL;
    jt_error err;
    char want[128];
    addn(&t, "user root\n", JT_LIMIT_RECORDS);
    ck_assert_int_eq(parse(&cf, &t, &err), JT_OK);
    ck_assert_uint_eq(cf->nrecords, JT_LIMIT_RECORDS);
    jt_case_free(cf);
    adds(&t, "user root\n");
    snprintf(want, sizeof want, "t.test:%d:1: more than %d records in the file",
             JT_LIMIT_RECORDS + 1, JT_LIMIT_RECORDS);
    parse_fails(&t, JT_ELIMIT, want);
    free(t.s);
}
END_TEST
#endif

START_TEST(statement_size) {
    text t = {0};
    size_t line = 1000, full = JT_LIMIT_SQL / (line + 1), rest;
    char want[128];
    /* SQL of exactly JT_LIMIT_SQL bytes: lines of `line` bytes joined by '\n' */
    adds(&t, "statement ok\n");
    for (size_t i = 0; i < full; i++) {
        addn(&t, "x", line);
        adds(&t, "\n");
    }
    rest = JT_LIMIT_SQL - full * (line + 1);
    addn(&t, "x", rest);
    adds(&t, "\n");
    parse_ok(&t);
    t.len -= 1;
    adds(&t, "x\n"); /* one byte more */
    snprintf(want, sizeof want, "t.test:%zu:1: SQL longer than %d bytes", full + 2, JT_LIMIT_SQL);
    parse_fails(&t, JT_ELIMIT, want);
    free(t.s);
}
END_TEST

START_TEST(name_length) {
    text t = {0};
    char want[256];
    adds(&t, "user ");
    addn(&t, "u", JT_LIMIT_NAME);
    adds(&t, "\n\nlet $");
    addn(&t, "v", JT_LIMIT_NAME);
    adds(&t, "\nSELECT 1\n");
    parse_ok(&t);
    t.len = 0;
    adds(&t, "user ");
    addn(&t, "u", JT_LIMIT_NAME + 1);
    adds(&t, "\n");
    snprintf(want, sizeof want, "t.test:1:6: user: user name longer than %d bytes", JT_LIMIT_NAME);
    parse_fails(&t, JT_EPARSE, want);
    t.len = 0;
    adds(&t, "let $");
    addn(&t, "v", JT_LIMIT_NAME + 1);
    adds(&t, "\nSELECT 1\n");
    parse_fails_prefix(&t, JT_EPARSE, "t.test:1:5: expected 'let $<name>', got 'let $vvv");
    free(t.s);
}
END_TEST

#if JT_LIMIT_ROWS <= LARGE
START_TEST(result_lines) {
    text t = {0};
    char want[128];
    adds(&t, "query I\nSELECT 1\n----\n");
    addn(&t, "1\n", JT_LIMIT_ROWS);
    parse_ok(&t);
    adds(&t, "1\n");
    snprintf(want, sizeof want, "t.test:%d:1: more than %d result lines", JT_LIMIT_ROWS + 4,
             JT_LIMIT_ROWS);
    parse_fails(&t, JT_ELIMIT, want);
    free(t.s);
}
END_TEST
#endif

/* ---- the model ----------------------------------------------------------------------- */

START_TEST(statement_bytes) {
    jt_model *m = model();
    char *sql = malloc(JT_LIMIT_SQL + 2);
    char want[128];
    size_t n;
    ck_assert_ptr_nonnull(sql);
    memset(sql, ' ', JT_LIMIT_SQL + 1);
    memcpy(sql, "SELECT 1", 8);
    sql[JT_LIMIT_SQL] = '\0'; /* JT_LIMIT_SQL bytes */
    exec_ok(m, sql, &n);
    ck_assert_uint_eq(n, 1);
    sql[JT_LIMIT_SQL] = ' ';
    sql[JT_LIMIT_SQL + 1] = '\0';
    snprintf(want, sizeof want, "statement too long (more than %d bytes)", JT_LIMIT_SQL);
    exec_fails(m, sql, "54000", want);
    free(sql);
    jt_model_free(m);
}
END_TEST

/* PAUSE JOB with k parentheses: the statement's expression is one level, each parenthesis
   one more. */
static char *nested(int k) {
    text t = {0};
    adds(&t, "PAUSE JOB ");
    addn(&t, "(", (size_t)k);
    adds(&t, "1");
    addn(&t, ")", (size_t)k);
    return t.s;
}

/* SELECT 1 WHERE with k conditions joined by AND: SELECT is one level, WHERE's expression
   one more, each AND one more. */
static char *chain(int k, const char *op) {
    text t = {0};
    adds(&t, "SELECT 1 WHERE true");
    for (int i = 0; i < k; i++) {
        adds(&t, " ");
        adds(&t, op);
        adds(&t, " true");
    }
    return t.s;
}

START_TEST(nesting_depth) {
    jt_model *m = model();
    char want[128], *sql;
    char state[6];
    jt_result res;
    snprintf(want, sizeof want, "statement is too deeply nested (more than %d levels)",
             JT_LIMIT_DEPTH);
    sql = nested(JT_LIMIT_DEPTH - 1); /* JT_LIMIT_DEPTH levels: runs (no such job) */
    exec(m, sql, state, &res);
    ck_assert_str_eq(state, "XX000");
    jt_result_dispose(&res);
    free(sql);
    sql = nested(JT_LIMIT_DEPTH);
    exec_fails(m, sql, "54001", want);
    free(sql);
    sql = chain(JT_LIMIT_DEPTH - 2, "AND");
    exec_ok(m, sql, NULL);
    free(sql);
    sql = chain(JT_LIMIT_DEPTH - 1, "AND");
    exec_fails(m, sql, "54001", want);
    free(sql);
    sql = chain(JT_LIMIT_DEPTH - 1, "OR");
    exec_fails(m, sql, "54001", want);
    free(sql);
    {
        text t = {0}; /* a chain of casts */
        adds(&t, "SELECT 1");
        addn(&t, "::INT", JT_LIMIT_DEPTH - 2);
        exec_ok(m, t.s, NULL);
        adds(&t, "::INT");
        exec_fails(m, t.s, "54001", want);
        free(t.s);
    }
    jt_model_free(m);
}
END_TEST

#if JT_LIMIT_ROWS <= LARGE
START_TEST(rows_per_result) {
    jt_model *m = model();
    text t = {0};
    char want[128];
    size_t n;
    for (long i = 1; i <= JT_LIMIT_ROWS; i++)
        add_job(m, i, JT_OK);
    exec_ok(m, "SELECT id FROM system.jobs", &n);
    ck_assert_uint_eq(n, JT_LIMIT_ROWS);
    add_job(m, JT_LIMIT_ROWS + 1, JT_OK);
    snprintf(want, sizeof want, "result has more than %d rows", JT_LIMIT_ROWS);
    exec_fails(m, "SELECT id FROM system.jobs", "54000", want);
    /* VALUES and IN lists: as many rows as the limit allows, then one more */
    adds(&t, "VALUES (1)");
    addn(&t, ",(1)", JT_LIMIT_ROWS - 1);
    exec_ok(m, t.s, &n);
    ck_assert_uint_eq(n, JT_LIMIT_ROWS);
    adds(&t, ",(1)");
    snprintf(want, sizeof want, "too many items in one statement (limit %d)", JT_LIMIT_ROWS);
    exec_fails(m, t.s, "54000", want);
    t.len = 0;
    adds(&t, "SELECT 1 WHERE 1 IN (1");
    addn(&t, ",1", JT_LIMIT_ROWS - 1);
    adds(&t, ")");
    exec_ok(m, t.s, &n);
    t.len -= 1;
    adds(&t, ",1)");
    snprintf(want, sizeof want, "IN list too long (more than %d items)", JT_LIMIT_ROWS);
    exec_fails(m, t.s, "54000", want);
    free(t.s);
    jt_model_free(m);
}
END_TEST
#endif

#if JT_LIMIT_JOBS <= LARGE
START_TEST(jobs_per_model) {
    jt_model *m = model();
    for (long i = 1; i <= JT_LIMIT_JOBS; i++)
        add_job(m, i, JT_OK);
    ck_assert_uint_eq(jt_model_statuses(NULL, 0, m), JT_LIMIT_JOBS);
    add_job(m, JT_LIMIT_JOBS + 1, JT_ELIMIT);
    add_job(m, 1, JT_OK); /* moving a job that exists needs no room */
    jt_model_free(m);
}
END_TEST
#endif

START_TEST(users_per_model) {
    jt_model *m = model();
    /* root and testuser are there already */
    for (long i = 0; i < JT_LIMIT_USERS - 2; i++)
        add_user(m, i, JT_OK);
    add_user(m, JT_LIMIT_USERS, JT_ELIMIT);
    add_user(m, 0, JT_OK); /* one that exists */
    jt_model_free(m);
}
END_TEST

START_TEST(prepared_statements) {
    jt_model *m = model();
    char sql[128], want[128];
    for (long i = 0; i < JT_LIMIT_PREPARED; i++) {
        snprintf(sql, sizeof sql, "PREPARE p%ld AS PAUSE JOB $1", i);
        exec_ok(m, sql, NULL);
    }
    snprintf(want, sizeof want, "too many prepared statements (limit %d)", JT_LIMIT_PREPARED);
    exec_fails(m, "PREPARE one_more AS PAUSE JOB $1", "54000", want);
    exec_ok(m, "DEALLOCATE ALL", NULL);
    jt_model_free(m);
}
END_TEST

START_TEST(placeholders) {
    jt_model *m = model();
    char sql[128], want[128];
    snprintf(sql, sizeof sql, "PREPARE p AS PAUSE JOB $%d", JT_LIMIT_PLACEHOLDERS);
    exec_ok(m, sql, NULL);
    snprintf(sql, sizeof sql, "PREPARE q AS PAUSE JOB $%d", JT_LIMIT_PLACEHOLDERS + 1);
    snprintf(want, sizeof want, "placeholder index must be between 1 and %d",
             JT_LIMIT_PLACEHOLDERS);
    exec_fails(m, sql, "42P02", want);
    jt_model_free(m);
}
END_TEST

START_TEST(statement_memory) {
    /* A statement whose work needs more than JT_LIMIT_STATEMENT_MEMORY fails as a statement
       (54000), the model unchanged, and the next statement runs. */
    jt_model *m = model();
    text t = {0};
    char want[128];
    size_t n;
    add_job(m, 1, JT_OK);
    /* The largest VALUES that fits in a statement: the memory it needs is well within the
       limit as it ships... */
    if (JT_LIMIT_ROWS >= JT_LIMIT_SQL / 4) {
        adds(&t, "PAUSE JOBS VALUES (1)");
        while (t.len + 4 <= JT_LIMIT_SQL)
            adds(&t, ",(1)");
        exec_ok(m, t.s, NULL);
    }
    /* ... and past it when the limit is set lower than what its strings take (a copy of the
       statement, and one of each string). */
    if (JT_LIMIT_STATEMENT_MEMORY < 2 * (JT_LIMIT_SQL - JT_LIMIT_SQL / 8)) {
        t.len = 0;
        adds(&t, "VALUES ('");
        addn(&t, "x", JT_LIMIT_SQL / 16);
        adds(&t, "')");
        for (int i = 1; i < 14; i++) {
            adds(&t, ", ('");
            addn(&t, "x", JT_LIMIT_SQL / 16);
            adds(&t, "')");
        }
        snprintf(want, sizeof want, "statement too large: it needs more than %u MiB of memory",
                 (unsigned)(JT_LIMIT_STATEMENT_MEMORY >> 20));
        exec_fails(m, t.s, "54000", want);
    }
    exec_ok(m, "SELECT job_id FROM [SHOW JOBS]", &n); /* the next statement runs */
    ck_assert_uint_eq(n, 1);
    free(t.s);
    jt_model_free(m);
}
END_TEST

/* ---- the runner ---------------------------------------------------------------------- */

static jt_runner *runner(void) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    memset(&cfg, 0, sizeof cfg);
    ck_assert_int_eq(
        jt_session_open_driver(&cfg.session, &jt_driver_model, JT_PROFILE_DEFAULT, NULL, &err),
        JT_OK);
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), JT_OK);
    return r;
}

START_TEST(failure_message) {
    /* A query whose expected and actual rows differ everywhere, each row longer than a
       message may be: the message stays within JT_LIMIT_MESSAGE and says what failed. */
    jt_runner *r = runner();
    text t = {0};
    jt_case_file *cf = NULL;
    jt_error err;
    const jt_record_result *rr;
    adds(&t, "query T\nVALUES ('");
    addn(&t, "a", 2000);
    adds(&t, "')");
    for (int i = 0; i < 50; i++) {
        adds(&t, ",\n('");
        addn(&t, "a", 2000);
        adds(&t, "')");
    }
    adds(&t, "\n----\n");
    for (int i = 0; i < 51; i++) {
        addn(&t, "b", 2000);
        adds(&t, "\n");
    }
    ck_assert_int_eq(parse(&cf, &t, &err), JT_OK);
    ck_assert_int_eq(jt_runner_run_case(r, cf, &err), JT_OK);
    rr = &jt_runner_result(r)->files[0].records[0];
    ck_assert_int_eq(rr->outcome, JT_OUTCOME_FAIL);
    ck_assert_ptr_nonnull(rr->message);
    ck_assert_msg(strlen(rr->message) <= JT_LIMIT_MESSAGE, "%zu bytes", strlen(rr->message));
    ck_assert_msg(strncmp(rr->message, "t.test:1: query: ", 17) == 0, "%.100s", rr->message);
    jt_runner_free(r);
    free(t.s);
}
END_TEST

#if JT_LIMIT_FILES <= 1000
START_TEST(files_per_run) {
    char dir[] = "/tmp/jt_limits_XXXXXX";
    char path[256], want[300];
    jt_runner *r;
    jt_error err;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    for (long i = 0; i <= JT_LIMIT_FILES; i++) {
        FILE *fp;
        snprintf(path, sizeof path, "%s/%06ld.test", dir, i);
        fp = fopen(path, "w");
        ck_assert_ptr_nonnull(fp);
        fputs("halt\n", fp);
        fclose(fp);
        if (i == JT_LIMIT_FILES - 1) { /* JT_LIMIT_FILES files: they run */
            r = runner();
            ck_assert_int_eq(jt_runner_run_path(r, dir, &err), JT_OK);
            ck_assert_uint_eq(jt_runner_result(r)->nfiles, JT_LIMIT_FILES);
            jt_runner_free(r);
        }
    }
    r = runner(); /* one more */
    snprintf(want, sizeof want, "%s: more than %d entries", dir, JT_LIMIT_FILES);
    ck_assert_int_eq(jt_runner_run_path(r, dir, &err), JT_ELIMIT);
    ck_assert_str_eq(err.message, want);
    jt_runner_free(r);
    for (long i = 0; i <= JT_LIMIT_FILES; i++) {
        snprintf(path, sizeof path, "%s/%06ld.test", dir, i);
        unlink(path);
    }
    rmdir(dir);
}
END_TEST
#endif

/* ---- one header ---------------------------------------------------------------------- */

START_TEST(message_sizes_in_one_header) {
#ifndef JT_LIMITS_SCALED
    ck_assert_int_eq(JT_SERVE_LIMIT_STARTUP, JT_LIMIT_PG_STARTUP);
    ck_assert_int_eq(JT_SERVE_LIMIT_MESSAGE, JT_LIMIT_PG_MESSAGE);
    ck_assert_uint_eq(JT_SERVE_LIMIT_OUTPUT, JT_LIMIT_PG_OUTPUT);
    ck_assert_int_eq(JT_DOC_LIMIT_PAGE, JT_LIMIT_DOC_PAGE);
    ck_assert_int_eq(JT_JSON_MAX_DEPTH, JT_LIMIT_JSON_DEPTH);
    ck_assert_int_eq(JT_JSON_MAX_MEMBERS, JT_LIMIT_JSON_MEMBERS);
#endif
    /* a protocol message carries a statement */
    ck_assert_int_ge(JT_LIMIT_PG_MESSAGE, JT_LIMIT_SQL);
    ck_assert_uint_ge(JT_LIMIT_EXEC_REQUEST, JT_LIMIT_SQL);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("reader");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, line_length);
    tcase_add_test(tc, statement_size);
    tcase_add_test(tc, name_length);
#if JT_LIMIT_RECORDS <= LARGE
    tcase_add_test(tc, records_per_file);
#endif
#if JT_LIMIT_ROWS <= LARGE
    tcase_add_test(tc, result_lines);
#endif
    suite_add_tcase(s, tc);
    tc = tcase_create("model");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, statement_bytes);
    tcase_add_test(tc, nesting_depth);
    tcase_add_test(tc, placeholders);
    tcase_add_test(tc, prepared_statements);
    tcase_add_test(tc, users_per_model);
    tcase_add_test(tc, statement_memory);
#if JT_LIMIT_ROWS <= LARGE
    tcase_add_test(tc, rows_per_result);
#endif
#if JT_LIMIT_JOBS <= LARGE
    tcase_add_test(tc, jobs_per_model);
#endif
    suite_add_tcase(s, tc);
    tc = tcase_create("runner");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, failure_message);
#if JT_LIMIT_FILES <= 1000
    tcase_add_test(tc, files_per_run);
#endif
    tcase_add_test(tc, message_sizes_in_one_header);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
