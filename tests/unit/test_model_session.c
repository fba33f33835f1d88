/* Check suite of the model's API for a server of many sessions (model/session.c, cursor.c,
   clone.c): session-owned prepared statements, parameters, shapes, cursors and copies. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static jt_model *m;
static jt_error err;

static void add_job(int64_t id, const char *type, const char *status, const char *user) {
    jt_fixture fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = type;
    fx.status = status;
    fx.user = user;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
}

static void setup(void) {
    jt_fixture fx;
    ck_assert_int_eq(jt_model_new(&m, jt_profile_find("v2.1"), &err), 0);
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_USER;
    fx.name = "maxroach";
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    add_job(1, "IMPORT", "running", "maxroach");
    add_job(2, "BACKUP", "running", "maxroach");
    add_job(3, "RESTORE", "running", NULL);
}

static void teardown(void) {
    jt_model_free(m);
}

/* Runs sql in session ss; the tag, or "ERROR <sqlstate>". */
static const char *run(jt_model_session *ss, const char *sql, const jt_model_param *params,
                       size_t n) {
    static char out[128];
    jt_result r;
    ck_assert_int_eq(jt_model_exec_in(m, ss, "root", sql, params, n, &r, &err), 0);
    if (r.failed)
        snprintf(out, sizeof out, "ERROR %s", r.sqlstate);
    else
        snprintf(out, sizeof out, "%s", r.tag);
    jt_result_dispose(&r);
    return out;
}

/* The status of job id, through SHOW JOBS. */
static const char *status_of(int64_t id) {
    static char out[32];
    char sql[128];
    jt_result r;
    snprintf(sql, sizeof sql, "SELECT status FROM [SHOW JOBS] WHERE job_id = %lld", (long long)id);
    ck_assert_int_eq(jt_model_exec(m, "root", sql, &r, &err), 0);
    ck_assert_uint_eq(r.nrows, 1);
    snprintf(out, sizeof out, "%s", r.values[0]);
    jt_result_dispose(&r);
    return out;
}

START_TEST(sessions_own_their_prepared_statements) {
    jt_model_session *a, *b;
    ck_assert_int_eq(jt_model_session_new(&a, &err), 0);
    ck_assert_int_eq(jt_model_session_new(&b, &err), 0);
    /* Two sessions prepare p at once: both succeed, each runs its own. */
    ck_assert_str_eq(run(a, "PREPARE p AS PAUSE JOB $1", NULL, 0), "PREPARE");
    ck_assert_str_eq(run(b, "PREPARE p AS RESUME JOB $1", NULL, 0), "PREPARE");
    ck_assert_str_eq(run(a, "PREPARE p AS PAUSE JOB $1", NULL, 0), "ERROR 42P05");
    ck_assert_str_eq(run(a, "EXECUTE p(1)", NULL, 0), "PAUSE JOBS 1");
    ck_assert_str_eq(status_of(1), "paused");
    ck_assert_str_eq(run(b, "EXECUTE p(1)", NULL, 0), "RESUME JOBS 1");
    ck_assert_str_eq(status_of(1), "running");
    /* Neither is the model's own, nor the next session's. */
    ck_assert_str_eq(run(NULL, "EXECUTE p(1)", NULL, 0), "ERROR 26000");
    jt_model_session_free(a);
    ck_assert_int_eq(jt_model_session_new(&a, &err), 0);
    ck_assert_str_eq(run(a, "EXECUTE p(1)", NULL, 0), "ERROR 26000");
    ck_assert_str_eq(run(b, "DEALLOCATE p", NULL, 0), "DEALLOCATE");
    ck_assert_str_eq(run(b, "EXECUTE p(1)", NULL, 0), "ERROR 26000");
    jt_model_session_free(a);
    jt_model_session_free(b);
}
END_TEST

START_TEST(parameters_bound) {
    jt_model_param untyped = {"2", 0}, typed = {"3", 'I'}, bad = {"foo", 0}, null = {NULL, 0};
    ck_assert_str_eq(run(NULL, "PAUSE JOB $1", &untyped, 1), "PAUSE JOBS 1");
    ck_assert_str_eq(status_of(2), "paused");
    ck_assert_str_eq(run(NULL, "CANCEL JOB $1", &typed, 1), "CANCEL JOBS 1");
    ck_assert_str_eq(status_of(3), "canceled");
    ck_assert_str_eq(run(NULL, "PAUSE JOB $1", &bad, 1), "ERROR 22P02");
    ck_assert_str_eq(run(NULL, "PAUSE JOB $1", &null, 1), "PAUSE JOBS 0");
    ck_assert_str_eq(run(NULL, "PAUSE JOB $1", NULL, 0), "ERROR 08P01");
    typed.text = "x";
    ck_assert_str_eq(run(NULL, "SELECT $1", &typed, 1), "ERROR 22P02"); /* not an int */
}
END_TEST

START_TEST(shapes_without_running) {
    jt_model_session *ss;
    jt_model_shape sh;
    jt_result r;
    ck_assert_int_eq(jt_model_session_new(&ss, &err), 0);
    ck_assert_int_eq(jt_model_describe(m, ss, "root", NULL, "PAUSE JOB $1", NULL, 0, &sh, &err), 0);
    ck_assert_int_eq(sh.result.failed, 0);
    ck_assert_str_eq(sh.params, "I");
    ck_assert_int_eq(sh.rows, 0);
    ck_assert_int_eq(sh.reads_only, 0);
    jt_model_shape_dispose(&sh);
    ck_assert_int_eq(jt_model_describe(m, ss, "root", NULL,
                                       "SELECT job_id, status FROM [SHOW JOBS] WHERE user_name = "
                                       "$1 AND job_id > $2 LIMIT $3",
                                       NULL, 0, &sh, &err),
                     0);
    ck_assert_str_eq(sh.params, "TII");
    ck_assert_int_eq(sh.rows, 1);
    ck_assert_int_eq(sh.reads_only, 1);
    ck_assert_uint_eq(sh.result.ncols, 2);
    ck_assert_str_eq(sh.result.columns[1], "status");
    ck_assert_str_eq(sh.result.types, "IT");
    jt_model_shape_dispose(&sh);
    /* The status did not change: nothing ran. */
    ck_assert_str_eq(status_of(1), "running");
    /* A prepared statement: declared types first. */
    ck_assert_int_eq(jt_model_prepare(m, ss, "q", "SELECT $1, $2", "I", 1, &r, &err), 0);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_int_eq(jt_model_describe(m, ss, "root", "q", NULL, NULL, 0, &sh, &err), 0);
    ck_assert_str_eq(sh.params, "IT");
    ck_assert_str_eq(sh.result.types, "IT");
    jt_model_shape_dispose(&sh);
    /* A syntax error is found; an unknown name too. */
    ck_assert_int_eq(jt_model_describe(m, ss, "root", NULL, "PAUSE JOBZ 1", NULL, 0, &sh, &err), 0);
    ck_assert_int_eq(sh.result.failed, 1);
    ck_assert_str_eq(sh.result.sqlstate, "42601");
    jt_model_shape_dispose(&sh);
    ck_assert_int_eq(jt_model_describe(m, ss, "root", "nope", NULL, NULL, 0, &sh, &err), 0);
    ck_assert_str_eq(sh.result.sqlstate, "26000");
    jt_model_shape_dispose(&sh);
    ck_assert_int_eq(jt_model_prepare(m, ss, "q", "SELECT 1", NULL, 0, &r, &err), 0);
    ck_assert_str_eq(r.sqlstate, "42P05");
    jt_result_dispose(&r);
    /* The unnamed statement is replaced by the next. */
    ck_assert_int_eq(jt_model_prepare(m, ss, "", "SELECT 1", NULL, 0, &r, &err), 0);
    ck_assert_int_eq(jt_model_prepare(m, ss, "", "SELECT 1, 2", NULL, 0, &r, &err), 0);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_int_eq(jt_model_deallocate(ss, "q"), 1);
    ck_assert_int_eq(jt_model_deallocate(ss, "q"), 0);
    jt_model_session_free(ss);
}
END_TEST

/* The rows of sql through a cursor, max at a time, joined as "a|b;c|d;" and its tag. */
static void through_cursor(const char *sql, size_t max, char *buf, size_t size, char *tag) {
    jt_model_cursor *c;
    jt_result head;
    size_t used = 0;
    ck_assert_int_eq(jt_model_open(m, NULL, "root", NULL, sql, NULL, 0, &c, &head, &err), 0);
    ck_assert_int_eq(head.failed, 0);
    buf[0] = '\0';
    while (!jt_model_cursor_done(c)) {
        jt_result b;
        size_t i, k;
        ck_assert_int_eq(jt_model_fetch(c, max, &b, &err), 0);
        ck_assert_int_eq(b.failed, 0);
        ck_assert_uint_le(b.nrows, max);
        for (i = 0; i < b.nrows; i++)
            for (k = 0; k < b.ncols; k++)
                used +=
                    (size_t)snprintf(buf + used, size - used, "%s%s",
                                     b.values[i * b.ncols + k] ? b.values[i * b.ncols + k] : "NULL",
                                     k + 1 < b.ncols ? "|" : ";");
        if (b.tag[0])
            strcpy(tag, b.tag);
        jt_result_dispose(&b);
    }
    jt_result_dispose(&head);
    jt_model_close(c);
}

/* The same rows through jt_model_exec. */
static void whole(const char *sql, char *buf, size_t size, char *tag) {
    jt_result r;
    size_t used = 0, i, k;
    ck_assert_int_eq(jt_model_exec(m, "root", sql, &r, &err), 0);
    buf[0] = '\0';
    for (i = 0; i < r.nrows; i++)
        for (k = 0; k < r.ncols; k++)
            used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                     r.values[i * r.ncols + k] ? r.values[i * r.ncols + k] : "NULL",
                                     k + 1 < r.ncols ? "|" : ";");
    strcpy(tag, r.tag);
    jt_result_dispose(&r);
}

START_TEST(cursor_gives_the_rows_of_the_whole_result) {
    static const char *const queries[] = {
        "SHOW JOBS",
        "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id DESC LIMIT 30 OFFSET 3",
        ("SELECT job_id FROM crdb_internal.jobs WHERE job_id IN (SELECT job_id FROM [SHOW JOBS] "
         "WHERE status = 'paused')"),
        "VALUES (1, 'a'), (2, 'b'), (3, NULL)",
        "SELECT 1",
    };
    static char a[1 << 16], b[1 << 16];
    char ta[64], tb[64];
    size_t q, max;
    int64_t id;
    for (id = 10; id < 60; id++)
        add_job(id, "BACKUP", id % 3 ? "running" : "paused", NULL);
    for (q = 0; q < sizeof queries / sizeof *queries; q++) {
        whole(queries[q], a, sizeof a, ta);
        for (max = 1; max <= 64; max *= 4) {
            through_cursor(queries[q], max, b, sizeof b, tb);
            ck_assert_str_eq(b, a);
            ck_assert_str_eq(tb, ta);
        }
    }
}
END_TEST

START_TEST(cursor_of_a_statement_without_rows) {
    jt_model_cursor *c;
    jt_result head, b;
    ck_assert_int_eq(jt_model_open(m, NULL, "root", NULL, "PAUSE JOB 1", NULL, 0, &c, &head, &err),
                     0);
    ck_assert_uint_eq(head.ncols, 0);
    ck_assert_str_eq(status_of(1), "paused"); /* it ran when opened */
    ck_assert_int_eq(jt_model_fetch(c, 10, &b, &err), 0);
    ck_assert_str_eq(b.tag, "PAUSE JOBS 1");
    ck_assert_int_eq(jt_model_cursor_done(c), 1);
    jt_result_dispose(&b);
    jt_result_dispose(&head);
    jt_model_close(c);
    /* An error when opened: no cursor. */
    ck_assert_int_eq(
        jt_model_open(m, NULL, "maxroach", NULL, "RESUME JOB 1", NULL, 0, &c, &head, &err), 0);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(head.failed, 1);
    ck_assert_str_eq(head.sqlstate, "42501");
    jt_result_dispose(&head);
}
END_TEST

START_TEST(cursor_of_a_prepared_statement_outlives_it) {
    jt_model_session *ss;
    jt_model_cursor *c;
    jt_model_param p = {"1", 0};
    jt_result head, b;
    ck_assert_int_eq(jt_model_session_new(&ss, &err), 0);
    ck_assert_int_eq(jt_model_prepare(m, ss, "s",
                                      "SELECT job_id FROM [SHOW JOBS] WHERE job_id > $1", NULL, 0,
                                      &head, &err),
                     0);
    jt_result_dispose(&head);
    ck_assert_int_eq(jt_model_open(m, ss, "root", "s", NULL, &p, 1, &c, &head, &err), 0);
    ck_assert_int_eq(head.failed, 0);
    ck_assert_int_eq(jt_model_deallocate(ss, "s"), 1);
    ck_assert_int_eq(jt_model_fetch(c, 100, &b, &err), 0);
    ck_assert_uint_eq(b.nrows, 2);
    ck_assert_str_eq(b.tag, "SELECT 2");
    jt_result_dispose(&b);
    jt_result_dispose(&head);
    jt_model_close(c);
    jt_model_session_free(ss);
}
END_TEST

START_TEST(clone_is_a_copy) {
    jt_model *copy, *orig;
    jt_fixture fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_USER;
    fx.name = "team";
    fx.admin = 1;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    fx.name = "alice";
    fx.admin = 0;
    fx.member_of = "team";
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB; /* what few jobs have: a schedule, a description, an error */
    fx.id = 7;
    fx.type = "BACKUP";
    fx.status = "failed";
    fx.description = "BACKUP INTO 'x'";
    fx.error = "boom";
    fx.schedule = 42;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    ck_assert_str_eq(run(NULL, "PAUSE JOB 2", NULL, 0), "PAUSE JOBS 1");
    ck_assert_int_eq(jt_model_clone(m, &copy, &err), 0);
    ck_assert_uint_eq(jt_model_hash(copy), jt_model_hash(m));
    orig = m;
    m = copy;
    ck_assert_str_eq(run(NULL, "CANCEL JOB 1", NULL, 0), "CANCEL JOBS 1");
    { /* the copy's index of owners: maxroach's 2 jobs of 22, found without a scan */
        jt_result r;
        int64_t id;
        for (id = 100; id < 118; id++)
            add_job(id, "IMPORT", "running", NULL);
        ck_assert_int_eq(jt_model_exec(m, "root",
                                       "SELECT job_id FROM [SHOW JOBS] WHERE user_name = "
                                       "'maxroach'",
                                       &r, &err),
                         0);
        ck_assert(!r.failed);
        ck_assert_uint_eq(r.nrows, 2);
        jt_result_dispose(&r);
    }
    add_job(99, "BACKUP", "running", "alice");
    ck_assert_str_eq(status_of(1), "canceled");
    m = orig;
    ck_assert_str_eq(status_of(1), "running"); /* the original did not change */
    ck_assert_uint_ne(jt_model_hash(copy), jt_model_hash(m));
    jt_model_free(copy);
}
END_TEST

int main(void) {
    Suite *s = suite_create("model_session");
    TCase *tc = tcase_create("session");
    SRunner *sr;
    int failed;
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, sessions_own_their_prepared_statements);
    tcase_add_test(tc, parameters_bound);
    tcase_add_test(tc, shapes_without_running);
    tcase_add_test(tc, cursor_gives_the_rows_of_the_whole_result);
    tcase_add_test(tc, cursor_of_a_statement_without_rows);
    tcase_add_test(tc, cursor_of_a_prepared_statement_outlives_it);
    tcase_add_test(tc, clone_is_a_copy);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
