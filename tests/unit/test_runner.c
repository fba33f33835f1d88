/* Check suite of sim/run/runner.c, sim/cases/check.c, sim/drivers/driver_model.c and
   sim/cli/cli_run.c: case texts written to temporary files and run through the model driver. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/cli/cli.h"
#include "sim/drivers/drivers.h"
#include "sim/run/expect.h"
#include "sim/run/runner.h"
#include "sessions.h"

/* ---- helpers ------------------------------------------------------------------------- */

/* The exit status of `jobtck run` for the run: its tally's (sim/run/expect.h). */
static int run_status(const jt_run_result *run) {
    jt_expect_tally t;
    int status;
    ck_assert_int_eq(jt_expect_tally_init(&t, run), 0);
    status = jt_expect_exit_status(&t);
    jt_expect_tally_dispose(&t);
    return status;
}

typedef struct tmp {
    char dir[64];
} tmp;

static void tmp_init(tmp *t) {
    strcpy(t->dir, "/tmp/jt_runner_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(t->dir));
}

static void rm_tree(const char *path) {
    DIR *dp = opendir(path);
    struct dirent *de;
    if (!dp) {
        unlink(path);
        return;
    }
    while ((de = readdir(dp)) != NULL) {
        char sub[512];
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        rm_tree(sub);
    }
    closedir(dp);
    rmdir(path);
}

/* Writes text to dir/name (name may have a folder, made here); returns the path. */
static const char *tmp_write(tmp *t, const char *name, const char *text) {
    static char path[512];
    char *slash;
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s", t->dir, name);
    slash = strrchr(path, '/');
    if (slash > path + strlen(t->dir)) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

/* A runner on a session of table d (the model driver: its profile too). */
static jt_runner *runner_for(const jt_driver *d, const char *profile) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    int rc;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session_of(d, profile);
    cfg.profile = profile;
    rc = jt_runner_new(&r, &cfg, &err);
    ck_assert_msg(rc == 0, "jt_runner_new: %s", err.message);
    return r;
}

/* Runs text as a case file named t.test (in the current folder of the messages: the path
   is the temporary one) and returns its result. */
static const jt_file_result *run_text(jt_runner *r, tmp *t, const char *name, const char *text) {
    jt_error err;
    const jt_run_result *run;
    int rc = jt_runner_run_file(r, tmp_write(t, name, text), &err);
    ck_assert_msg(rc == 0, "run: %s", err.message);
    run = jt_runner_result(r);
    ck_assert_uint_gt(run->nfiles, 0);
    return &run->files[run->nfiles - 1];
}

/* The message of the record at that line, with the path of the file replaced by "t". */
static const char *message_at_line(const jt_file_result *fr, int line) {
    static char buf[8192];
    size_t i, n = strlen(fr->path);
    for (i = 0; i < fr->nrecords; i++) {
        const jt_record_result *rr = &fr->records[i];
        if (rr->line != line)
            continue;
        if (!rr->message)
            return "(passed)";
        if (strncmp(rr->message, fr->path, n) == 0)
            snprintf(buf, sizeof buf, "t%s", rr->message + n);
        else
            snprintf(buf, sizeof buf, "%s", rr->message);
        return buf;
    }
    return "(no record at that line)";
}

static int starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int outcome_at_line(const jt_file_result *fr, int line) {
    size_t i;
    for (i = 0; i < fr->nrecords; i++)
        if (fr->records[i].line == line)
            return fr->records[i].outcome;
    return 0;
}

#define ck_counts(fr, p, f, s)                                                                     \
    do {                                                                                           \
        ck_assert_uint_eq((fr)->passed, p);                                                        \
        ck_assert_uint_eq((fr)->failed, f);                                                        \
        ck_assert_uint_eq((fr)->skipped, s);                                                       \
    } while (0)

#define JOBS                                                                                       \
    "fixture job id=1 type=IMPORT status=running\n"                                                \
    "fixture job id=2 type=RESTORE status=paused description='RESTORE db.* FROM ''x'''\n"          \
    "\n"

/* ---- statements ---------------------------------------------------------------------- */

START_TEST(statements_pass_and_fail) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, NULL);
    fr = run_text(r, &t, "t.test",
                  JOBS "statement ok count 1\n" /* 4 */
                       "PAUSE JOB 1\n"
                       "\n"
                       "statement ok\n" /* 7 */
                       "PAUSE JOB 99\n"
                       "\n"
                       "statement ok count 2\n" /* 10 */
                       "PAUSE JOB 1\n"
                       "\n"
                       "statement count 1\n" /* 13 */
                       "RESUME JOB 2\n"
                       "\n"
                       "statement error ^job with ID 99 does not exist$\n" /* 16 */
                       "PAUSE JOB 99\n"
                       "\n"
                       "statement error ^pq: job with ID \\d+ does not exist$\n" /* 19 */
                       "PAUSE JOB 99\n"
                       "\n"
                       "statement error pgcode XX000 does not exist\n" /* 22 */
                       "PAUSE JOB 99\n"
                       "\n"
                       "statement error-code XX000\n" /* 25 */
                       "PAUSE JOB 99\n"
                       "\n"
                       "statement error pgcode 42501 does not exist\n" /* 28 */
                       "PAUSE JOB 99\n"
                       "\n"
                       "statement error cannot pause\n" /* 31 */
                       "PAUSE JOB 99\n"
                       "\n"
                       "statement error does not exist\n" /* 34 */
                       "PAUSE JOB 1\n");
    ck_assert_ptr_null(fr->error);
    ck_counts(fr, 6, 5, 0);
    ck_assert_uint_eq(fr->nrecords, 11);
    ck_assert_int_eq(outcome_at_line(fr, 4), JT_OUTCOME_PASS);
    ck_assert_str_eq(message_at_line(fr, 4), "(passed)");
    ck_assert_str_eq(message_at_line(fr, 7), "t:7: statement ok: expected success, got error "
                                             "XX000: job with ID 99 does not exist");
    ck_assert_int_eq(outcome_at_line(fr, 7), JT_OUTCOME_FAIL);
    ck_assert_str_eq(message_at_line(fr, 10),
                     "t:10: statement ok: expected count 2, got 1 (PAUSE JOBS 1)");
    ck_assert_int_eq(outcome_at_line(fr, 13), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 16), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 19), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 22), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 25), JT_OUTCOME_PASS);
    ck_assert_str_eq(message_at_line(fr, 28),
                     "t:28: statement error: expected an error with SQLSTATE 42501 matching "
                     "\"does not exist\", got error XX000: job with ID 99 does not exist");
    ck_assert_str_eq(message_at_line(fr, 31),
                     "t:31: statement error: expected an error matching \"cannot pause\", got "
                     "error XX000: job with ID 99 does not exist");
    ck_assert_str_eq(message_at_line(fr, 34),
                     "t:34: statement error: expected an error matching \"does not exist\", got "
                     "success (PAUSE JOBS 1)");
    ck_assert_int_eq(run_status(jt_runner_result(r)), 1);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(record_results_carry_context) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    const jt_record_result *rr;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, NULL);
    fr = run_text(r, &t, "t.test",
                  "covers PJ-STATES PJ-ATOMIC\n"
                  "subtest pausing\n" JOBS "statement ok\n" /* 6 */
                  "PAUSE JOB 1\n"
                  "\n"
                  "user testuser\n"
                  "\n"
                  "statement error pgcode 42501 ^only users with the admin role are allowed to "
                  "PAUSE JOBS$\n" /* 11 */
                  "PAUSE JOB 1\n");
    ck_counts(fr, 2, 0, 0);
    ck_assert_ptr_nonnull(fr->scenario);
    rr = &fr->records[0];
    ck_assert_str_eq(rr->file, fr->path);
    ck_assert_int_eq(rr->line, 6);
    ck_assert_str_eq(rr->kind, "statement ok");
    ck_assert_str_eq(rr->subtest, "pausing");
    ck_assert_uint_eq(rr->ncovers, 2);
    ck_assert_str_eq(rr->covers[0], "PJ-STATES");
    ck_assert_str_eq(rr->covers[1], "PJ-ATOMIC");
    ck_assert_str_eq(rr->user, "root");
    ck_assert_str_eq(rr->sql, "PAUSE JOB 1");
    ck_assert_ptr_null(rr->message);
    rr = &fr->records[1];
    ck_assert_int_eq(rr->line, 11);
    ck_assert_str_eq(rr->kind, "statement error");
    ck_assert_str_eq(rr->user, "testuser");
    ck_assert_int_eq(rr->outcome, JT_OUTCOME_PASS);
    ck_assert_int_eq(run_status(jt_runner_result(r)), 0);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

/* ---- queries ------------------------------------------------------------------------- */

START_TEST(query_rendering_and_sorting) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, NULL);
    fr = run_text(r, &t, "t.test",
                  JOBS "query IT\n" /* 4 */
                       "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id\n"
                       "----\n"
                       "1 running\n"
                       "2   paused\n"
                       "\n"
                       "query ITT\n" /* 10 */
                       "SELECT job_id, error, finished FROM [SHOW JOBS] ORDER BY job_id\n"
                       "----\n"
                       "1 · NULL\n"
                       "2 · NULL\n"
                       "\n"
                       "query T\n" /* 16: a value with spaces is several tokens */
                       "SELECT description FROM [SHOW JOBS] WHERE job_id = 2\n"
                       "----\n"
                       "RESTORE  db.*\n"
                       "FROM 'x'\n"
                       "\n"
                       "query IT rowsort\n" /* 22 */
                       "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id DESC\n"
                       "----\n"
                       "1 running\n"
                       "2 paused\n"
                       "\n"
                       "query I valuesort\n" /* 28 */
                       "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id DESC\n"
                       "----\n"
                       "1 2\n"
                       "\n"
                       "query IT colnames\n" /* 33 */
                       "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id\n"
                       "----\n"
                       "job_id status\n"
                       "1 running\n"
                       "2 paused\n"
                       "\n"
                       "query I\n" /* 40: no ---- expects no rows */
                       "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 5\n"
                       "\n"
                       "query I nosort\n" /* 43 */
                       "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 5\n"
                       "----\n");
    ck_counts(fr, 8, 0, 0);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

/* Queries that fail, each a way: their messages, with a diff where rows differ. */
static const char diff_case[] = JOBS "query IT\n" /* 4 */
                                     "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id\n"
                                     "----\n"
                                     "1 running\n"
                                     "2 running\n"
                                     "\n"
                                     "query IT\n" /* 10 */
                                     "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id\n"
                                     "----\n"
                                     "1 running\n"
                                     "\n"
                                     "query ITT\n" /* 15 */
                                     "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id\n"
                                     "----\n"
                                     "1 running\n"
                                     "2 paused\n"
                                     "\n"
                                     "query IT\n" /* 21: nosort keeps the order */
                                     "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id DESC\n"
                                     "----\n"
                                     "1 running\n"
                                     "2 paused\n"
                                     "\n"
                                     "query IT colnames\n" /* 27 */
                                     "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id\n"
                                     "----\n"
                                     "id status\n"
                                     "1 running\n"
                                     "2 paused\n"
                                     "\n"
                                     "query I\n" /* 34 */
                                     "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 99\n"
                                     "----\n"
                                     "99\n"
                                     "\n"
                                     "query I valuesort\n" /* 39 */
                                     "SELECT job_id FROM [SHOW JOBS]\n"
                                     "----\n"
                                     "1\n"
                                     "\n"
                                     "query I\n" /* 44 */
                                     "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 'foo'\n"
                                     "----\n"
                                     "1\n";

START_TEST(query_failures_show_a_diff) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, NULL);
    fr = run_text(r, &t, "t.test", diff_case);
    ck_counts(fr, 0, 8, 0);
    ck_assert_str_eq(message_at_line(fr, 4), "t:4: query: results differ\n"
                                             "     1 running\n"
                                             "    -2 running\n"
                                             "    +2 paused");
    ck_assert_str_eq(message_at_line(fr, 10), "t:10: query: expected 1 row, got 2\n"
                                              "     1 running\n"
                                              "    +2 paused");
    ck_assert_str_eq(message_at_line(fr, 15), "t:15: query: expected 3 columns, got 2");
    ck_assert_str_eq(message_at_line(fr, 21), "t:21: query: results differ\n"
                                              "    -1 running\n"
                                              "     2 paused\n"
                                              "    +1 running");
    ck_assert_str_eq(message_at_line(fr, 27), "t:27: query: column names differ\n"
                                              "    -id status\n"
                                              "    +job_id status\n"
                                              "     1 running\n"
                                              "     2 paused");
    ck_assert_str_eq(message_at_line(fr, 34), "t:34: query: expected 1 row, got 0\n"
                                              "    -99");
    ck_assert_str_eq(message_at_line(fr, 39), "t:39: query: expected 1 value, got 2\n"
                                              "     1\n"
                                              "    +2");
    ck_assert_str_eq(message_at_line(fr, 44),
                     "t:44: query: expected 1 row, got error 22P02: could not parse \"foo\" as "
                     "type int");
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(long_diffs_are_cut) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    char text[16384], *p = text;
    const char *msg;
    int i, lines = 0;
    tmp_init(&t);
    for (i = 1; i <= 60; i++)
        p += sprintf(p, "fixture job id=%d type=IMPORT status=running\n", i);
    p += sprintf(p, "\nquery I\nSELECT job_id FROM [SHOW JOBS] ORDER BY job_id\n----\n");
    for (i = 1; i <= 60; i++)
        p += sprintf(p, "%d\n", i == 30 ? 300 : i + 100);
    r = runner_for(&jt_driver_model, NULL);
    fr = run_text(r, &t, "t.test", text);
    ck_counts(fr, 0, 1, 0);
    msg = message_at_line(fr, 62);
    ck_assert_msg(starts_with(msg, "t:62: query: results differ\n"), "%s", msg);
    for (p = strchr(msg, '\n'); p; p = strchr(p + 1, '\n'))
        lines++;
    ck_assert_int_eq(lines, 41); /* 40 diff lines and the line that says how many more */
    ck_assert_msg(strstr(msg, "\n    ... (80 more lines)") != NULL, "%s", msg);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

/* ---- skipif, onlyif, halt, let, users ------------------------------------------------ */

START_TEST(conditions_and_halt) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, "v2.1");
    fr = run_text(r, &t, "t.test",
                  JOBS "skipif model\n"
                       "statement ok\n" /* 5 */
                       "THIS IS NOT SQL\n"
                       "\n"
                       "onlyif model\n"
                       "statement ok\n" /* 9 */
                       "PAUSE JOB 1\n"
                       "\n"
                       "onlyif v2.1\n"
                       "query T\n" /* 13 */
                       "SELECT status FROM [SHOW JOBS] WHERE job_id = 1\n"
                       "----\n"
                       "paused\n"
                       "\n"
                       "onlyif v19.2 v20.1\n"
                       "statement ok\n" /* 19 */
                       "NOT SQL EITHER\n"
                       "\n"
                       "skipif config local\n"
                       "statement ok\n" /* 23 */
                       "RESUME JOB 1\n"
                       "\n"
                       "onlyif postgresql\n"
                       "user nobody\n"
                       "\n"
                       "statement ok\n" /* 29: still root */
                       "PAUSE JOB 1\n"
                       "\n"
                       "onlyif mysql\n"
                       "halt\n"
                       "\n"
                       "statement ok\n" /* 35 */
                       "RESUME JOB 1\n"
                       "\n"
                       "halt\n"
                       "\n"
                       "statement ok\n"
                       "NOT RUN\n");
    ck_counts(fr, 5, 0, 2);
    ck_assert_uint_eq(fr->nrecords, 7);
    ck_assert_int_eq(outcome_at_line(fr, 5), JT_OUTCOME_SKIP);
    ck_assert_str_eq(message_at_line(fr, 5), "skipif model");
    ck_assert_int_eq(outcome_at_line(fr, 9), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 13), JT_OUTCOME_PASS);
    ck_assert_str_eq(message_at_line(fr, 19), "onlyif v19.2 v20.1");
    ck_assert_int_eq(outcome_at_line(fr, 23), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 29), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 35), JT_OUTCOME_PASS);
    ck_assert_int_eq(run_status(jt_runner_result(r)), 0);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(let_binds_values) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, NULL);
    fr = run_text(r, &t, "t.test",
                  JOBS "let $paused\n" /* 4 */
                       "SELECT job_id FROM [SHOW JOBS] WHERE status = 'paused'\n"
                       "\n"
                       "statement ok count 1\n" /* 7 */
                       "RESUME JOB $paused\n"
                       "\n"
                       "let $n\n"
                       "query I\n" /* 11 */
                       "SELECT job_id FROM [SHOW JOBS] WHERE job_id = $paused\n"
                       "----\n"
                       "2\n"
                       "\n"
                       "query T\n" /* 16: $n is bound, $nope and $1 stay as they are */
                       "SELECT status FROM [SHOW JOBS] WHERE job_id = $n AND '$nope$1' <> ''\n"
                       "----\n"
                       "running\n"
                       "\n"
                       "let $two\n" /* 21: two rows: not one value */
                       "SELECT job_id FROM [SHOW JOBS]\n"
                       "\n"
                       "statement ok\n" /* 24 */
                       "PAUSE JOB $two\n"
                       "\n"
                       "let $none\n" /* 27 */
                       "query I\n"
                       "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 99\n");
    ck_counts(fr, 4, 3, 0);
    ck_assert_int_eq(outcome_at_line(fr, 4), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 7), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 11), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 16), JT_OUTCOME_PASS);
    ck_assert_str_eq(message_at_line(fr, 21),
                     "t:21: let $two: expected 1 value, got 2 rows of 1 column");
    ck_assert_str_eq(message_at_line(fr, 24), "t:24: not run: $two has no value (its let failed)");
    ck_assert_str_eq(message_at_line(fr, 28),
                     "t:28: let $none: expected 1 value, got 0 rows of 1 column");
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(files_start_empty) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, NULL);
    fr = run_text(r, &t, "a.test",
                  JOBS
                  "fixture user maxroach admin\n\nuser maxroach\n\nstatement ok\nPAUSE JOB 1\n");
    ck_counts(fr, 1, 0, 0);
    /* the next file sees no job, root as the user, and maxroach gone */
    fr = run_text(r, &t, "b.test",
                  "query I\nSELECT job_id FROM [SHOW JOBS]\n\n"
                  "user maxroach\n\n"
                  "statement error pgcode XX000 password authentication failed for user "
                  "maxroach\nPAUSE JOB 1\n");
    ck_counts(fr, 2, 0, 0);
    ck_assert_str_eq(jt_runner_result(r)->files[0].records[0].user, "maxroach");
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

/* ---- input errors -------------------------------------------------------------------- */

START_TEST(sql_outside_the_subset) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    const char *msg;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, NULL);
    fr = run_text(r, &t, "t.test",
                  "statement ok\n" /* 1 */
                  "CREATE TABLE t (a INT)\n"
                  "\n"
                  "statement error pgcode 42601 syntax error\n" /* 4: expected: no input error */
                  "PAUSE JOBS FROM\n"
                  "\n"
                  "query I\n" /* 7 */
                  "SELECT FROM WHERE\n");
    ck_counts(fr, 1, 2, 0);
    ck_assert_uint_eq(fr->errors, 2);
    ck_assert_int_eq(outcome_at_line(fr, 1), JT_OUTCOME_ERROR);
    msg = message_at_line(fr, 1);
    /* at the place in the file: line 2 (the SQL's first line), column 1 */
    ck_assert_str_eq(msg, "t:2:1: SQL outside the subset: syntax error at or near \"create\"");
    ck_assert_int_eq(outcome_at_line(fr, 4), JT_OUTCOME_PASS);
    ck_assert_int_eq(outcome_at_line(fr, 7), JT_OUTCOME_ERROR);
    ck_assert_str_eq(message_at_line(fr, 7),
                     "t:8:8: SQL outside the subset: syntax error at or near \"from\"");
    ck_assert_int_eq(run_status(jt_runner_result(r)), 2);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(paths_and_malformed_files) {
    tmp t;
    jt_runner *r;
    const jt_run_result *run;
    jt_error err;
    char path[512];
    int rc;
    tmp_init(&t);
    tmp_write(&t, "b.test", JOBS "statement ok\nPAUSE JOB 1\n");
    tmp_write(&t, "a.test", "statement ok\nPAUSE JOB 1\n\nbogus\n");
    tmp_write(&t, "sub/c.test", "statement ok\nPAUSE JOB 7\n");
    tmp_write(&t, "sub/notes.txt", "not a case\n");
    tmp_write(&t, ".hidden.test", "bogus\n");
    tmp_write(&t, "z.test", "statement ok\nSHOW JOBS\n");
    r = runner_for(&jt_driver_model, NULL);
    rc = jt_runner_run_path(r, t.dir, &err);
    ck_assert_int_eq(rc, 0);
    snprintf(path, sizeof path, "%s/missing.test", t.dir);
    rc = jt_runner_run_path(r, path, &err);
    ck_assert_int_eq(rc, 0);
    run = jt_runner_result(r);
    ck_assert_uint_eq(run->nfiles, 5);
    snprintf(path, sizeof path, "%s/a.test", t.dir);
    ck_assert_str_eq(run->files[0].path, path);
    ck_assert_ptr_null(run->files[0].scenario);
    snprintf(path, sizeof path,
             "%s/a.test:4:1: unknown record 'bogus': expected statement, query, "
             "let, user, fixture, subtest, covers, profile, skipif, onlyif or halt",
             t.dir);
    ck_assert_str_eq(run->files[0].error, path);
    ck_assert_uint_eq(run->files[0].errors, 1);
    ck_assert_uint_eq(run->files[0].nrecords, 0);
    ck_assert_ptr_null(run->files[1].error);
    ck_counts(&run->files[1], 1, 0, 0);
    snprintf(path, sizeof path, "%s/sub/c.test", t.dir);
    ck_assert_str_eq(run->files[2].path, path);
    ck_counts(&run->files[2], 0, 1, 0);
    snprintf(path, sizeof path, "%s/z.test", t.dir);
    ck_assert_str_eq(run->files[3].path, path);
    ck_counts(&run->files[3], 1, 0, 0);
    snprintf(path, sizeof path, "%s/missing.test: cannot open: No such file or directory", t.dir);
    ck_assert_str_eq(run->files[4].error, path);
    ck_assert_uint_eq(run->passed, 2);
    ck_assert_uint_eq(run->failed, 1);
    ck_assert_uint_eq(run->skipped, 0);
    ck_assert_uint_eq(run->errors, 2);
    ck_assert_int_eq(run_status(run), 2);
    jt_runner_free(r);

    /* a folder without case files is an input error too */
    snprintf(path, sizeof path, "%s/empty", t.dir);
    mkdir(path, 0700);
    r = runner_for(&jt_driver_model, NULL);
    rc = jt_runner_run_path(r, path, &err);
    ck_assert_int_eq(rc, 0);
    run = jt_runner_result(r);
    ck_assert_uint_eq(run->nfiles, 1);
    strcat(path, ": no .test files in the folder");
    ck_assert_str_eq(run->files[0].error, path);
    ck_assert_int_eq(run_status(run), 2);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(unknown_profile) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    cfg.profile = "v9.9";
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), JT_EINVAL); /* and closes the session */
    ck_assert_ptr_null(r);
    ck_assert_str_eq(err.message, "unknown profile v9.9");
    ck_assert_int_eq(jt_session_open(&cfg.session, "model:v9.9", NULL, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "unknown profile v9.9");
}
END_TEST

START_TEST(driver_registry) {
    const char *target = "x";
    ck_assert_ptr_eq(jt_driver_kind_find("model", &target)->table, &jt_driver_model);
    ck_assert_ptr_null(target);
    ck_assert_ptr_eq(jt_driver_kind_find("model:v2.1", &target)->table, &jt_driver_model);
    ck_assert_str_eq(target, "v2.1");
    ck_assert_ptr_null(jt_driver_kind_find("modelx", &target));
    ck_assert_ptr_null(jt_driver_kind_find("nosuch:x", &target));
    ck_assert_int_eq(jt_driver_model.abi_version, JT_DRIVER_ABI);
    ck_assert_str_eq(jt_driver_model.name, "model");
    ck_assert_uint_eq(jt_driver_model.caps, JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET |
                                                JT_CAP_ROLES | JT_CAP_JOB_META);
    ck_assert(jt_driver_model.advance != NULL);
}
END_TEST

/* ---- a driver with fewer capabilities: the model behind a thinner table -------------- */

/* Counters of the fake driver: tests only (each test runs in a process of its own). */
static int fake_connects, fake_execs;

static int fake_connect(const char *target, void **conn_out, jt_error *err) {
    fake_connects++;
    return jt_driver_model.connect(target, conn_out, err);
}

static int fake_fixture(void *conn, const jt_fixture *fx, jt_error *err) {
    if (fx->kind == JT_FIXTURE_JOB && fx->id == 666)
        return jt_error_set(err, JT_EDRIVER, 0, "job 666 refused");
    return jt_driver_model.fixture(conn, fx, err);
}

static int fake_exec(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err) {
    fake_execs++;
    if (strcmp(sql, "CRASH") == 0)
        return jt_error_set(err, JT_EDRIVER, 0, "the adapter died");
    return jt_driver_model.exec(conn, user, sql, out, err);
}

static jt_driver fake_driver(unsigned caps) {
    jt_driver d = jt_driver_model;
    d.connect_with = NULL; /* fake_connect counts */
    d.name = "fake";
    d.caps = caps;
    d.connect = fake_connect;
    d.fixture = fake_fixture;
    d.exec = fake_exec;
    d.reset = (caps & JT_CAP_RESET) ? jt_driver_model.reset : NULL;
    d.advance = NULL; /* a live implementation: its jobs move on their own */
    return d;
}

START_TEST(missing_capabilities_skip_files) {
    tmp t;
    jt_driver d = fake_driver(JT_CAP_RESET);
    jt_runner *r;
    const jt_file_result *fr;
    fake_connects = fake_execs = 0;
    tmp_init(&t);
    r = runner_for(&d, NULL);
    fr = run_text(r, &t, "a.test",
                  "statement ok\nSHOW JOBS\n\n" JOBS "statement ok\nPAUSE JOB 1\n\n"
                  "skipif fake\nstatement ok\nPAUSE JOB 1\n\nhalt\n\nstatement ok\nSHOW JOBS\n");
    ck_counts(fr, 0, 0, 3);
    ck_assert_str_eq(message_at_line(fr, 1), "driver fake lacks fixtures");
    ck_assert_str_eq(message_at_line(fr, 11), "skipif fake");
    fr = run_text(r, &t, "b.test", "user root\n\nstatement ok\nSHOW JOBS\n");
    ck_counts(fr, 1, 0, 0);
    fr = run_text(r, &t, "c.test",
                  "statement ok\nSHOW JOBS\n\nuser testuser\n\nstatement ok\nSHOW JOBS\n");
    ck_counts(fr, 0, 0, 2);
    ck_assert_str_eq(message_at_line(fr, 1), "driver fake lacks users");
    ck_assert_int_eq(fake_execs, 1);
    ck_assert_int_eq(run_status(jt_runner_result(r)), 0);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(failed_fixture_aborts_the_file) {
    tmp t;
    jt_driver d = fake_driver(JT_CAP_RESET | JT_CAP_FIXTURES | JT_CAP_USERS);
    jt_runner *r;
    const jt_file_result *fr;
    fake_connects = fake_execs = 0;
    tmp_init(&t);
    r = runner_for(&d, NULL);
    fr = run_text(r, &t, "t.test",
                  JOBS "statement ok\nPAUSE JOB 1\n\n"                   /* 4 */
                       "fixture job id=666 type=IMPORT status=running\n" /* 7 */
                       "\n"
                       "statement ok\nPAUSE JOB 2\n\n"              /* 9 */
                       "skipif fake\nstatement ok\nPAUSE JOB 2\n\n" /* 13 */
                       "query I\nSELECT 1\n----\n1\n\n"             /* 16 */
                       "halt\n\nstatement ok\nSHOW JOBS\n");
    ck_counts(fr, 1, 3, 1);
    ck_assert_str_eq(message_at_line(fr, 7), "t:7: fixture: job 666 refused");
    ck_assert_str_eq(fr->records[1].kind, "fixture");
    ck_assert_ptr_null(fr->records[1].sql);
    ck_assert_str_eq(message_at_line(fr, 9), "t:9: not run: the fixture at line 7 failed");
    ck_assert_str_eq(message_at_line(fr, 13), "skipif fake");
    ck_assert_str_eq(message_at_line(fr, 16), "t:16: not run: the fixture at line 7 failed");
    ck_assert_int_eq(fake_execs, 1);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(driver_failure_and_reconnect) {
    tmp t;
    jt_driver d = fake_driver(JT_CAP_FIXTURES | JT_CAP_USERS); /* no reset */
    jt_runner *r;
    const jt_file_result *fr;
    fake_connects = fake_execs = 0;
    tmp_init(&t);
    r = runner_for(&d, NULL);
    ck_assert_int_eq(fake_connects, 1);
    fr = run_text(r, &t, "a.test", JOBS "statement ok\nCRASH\n\nstatement ok\nPAUSE JOB 1\n");
    /* the rest of the file does not run once the driver has failed */
    ck_counts(fr, 0, 2, 0);
    ck_assert_str_eq(message_at_line(fr, 4), "t:4: driver failure: the adapter died");
    ck_assert_str_eq(message_at_line(fr, 7), "t:7: not run: the driver failed at line 4");
    ck_assert_int_eq(fake_connects, 1);
    ck_assert_int_eq(fake_execs, 1);
    fr = run_text(r, &t, "b.test", "query I\nSELECT job_id FROM [SHOW JOBS]\n");
    ck_counts(fr, 1, 0, 0);
    ck_assert_int_eq(fake_connects, 2);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(retry_runs_a_query_again) {
    tmp t;
    jt_driver d = fake_driver(JT_CAP_RESET | JT_CAP_FIXTURES | JT_CAP_USERS);
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    const jt_file_result *fr;
    fake_connects = fake_execs = 0;
    tmp_init(&t);
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session_of(&d, NULL);
    cfg.retries = 3;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    fr = run_text(r, &t, "t.test",
                  "query I retry\nSELECT 1\n----\n2\n\nquery I retry\nSELECT 1\n----\n1\n\n"
                  "query I\nSELECT 1\n----\n2\n");
    ck_counts(fr, 1, 2, 0);
    ck_assert_int_eq(fake_execs, 4 + 1 + 1);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

/* ---- the jobs' own progress: `query ... retry` under a two-phase profile -------------- */

#define TWO_PHASE                                                                                  \
    "profile v20.1\n\nfixture job id=1 type=BACKUP status=running\n\n"                             \
    "statement ok count 1\nPAUSE JOB 1\n\n"

/* A live implementation: the model behind a table without advance, whose jobs move one step
   every third statement, as if real time passed. */
static int live_execs;

static int live_exec(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err) {
    int64_t moved;
    if (++live_execs % 3 == 0)
        jt_model_advance(conn, &moved);
    return jt_model_exec(conn, user, sql, out, err);
}

START_TEST(retry_moves_the_virtual_clock) {
    tmp t;
    jt_runner *r;
    const jt_file_result *fr;
    tmp_init(&t);
    r = runner_for(&jt_driver_model, "v20.1");
    fr = run_text(r, &t, "t.test",
                  TWO_PHASE "query T\nSELECT status FROM [SHOW JOB 1]\n----\npause-requested\n\n"
                            "query T retry\nSELECT status FROM [SHOW JOB 1]\n----\npaused\n\n"
                            "statement ok\nCANCEL JOB 1\n\n"
                            "query T retry\nSELECT status FROM [SHOW JOB 1]\n----\ncanceled\n\n"
                            "query T retry\nSELECT status FROM [SHOW JOB 1]\n----\nrunning\n");
    ck_counts(fr, 5, 1, 0);
    ck_assert_int_eq(fr->records[2].attempts, 2); /* pause-requested, then paused */
    ck_assert_int_eq(fr->records[4].attempts, 3); /* cancel-requested, reverting, canceled */
    ck_assert_int_eq(fr->records[5].outcome, JT_OUTCOME_FAIL); /* canceled stays canceled */
    ck_assert_uint_eq(jt_runner_result(r)->retried, 2);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(retry_fails_at_once_on_an_impossible_state) {
    tmp t;
    /* a faulty implementation on a virtual clock: its pause-requested jobs end canceled */
    jt_driver d = test_variant_driver("faulty");
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    const jt_file_result *fr;
    test_variant_of("v20.1")->progress[JT_ST_PAUSE_REQUESTED] = JT_ST_CANCELED;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session_of(&d, NULL);
    cfg.profile = "v20.1";
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    tmp_init(&t);
    fr = run_text(r, &t, "t.test",
                  TWO_PHASE "query T retry\nSELECT status FROM [SHOW JOB 1]\n----\npaused\n");
    ck_counts(fr, 1, 1, 0);
    ck_assert_int_eq(fr->records[1].attempts, 2); /* pause-requested, then canceled: stop */
    ck_assert_msg(
        starts_with(message_at_line(fr, 8),
                    "t:8: retry: a result that profile v20.1 says cannot occur on the way "
                    "to the expected one (attempt 2)"),
        "%s", message_at_line(fr, 8));
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(retry_polls_a_live_implementation) {
    tmp t;
    jt_driver d = jt_driver_model;
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    const jt_file_result *fr;
    d.name = "live";
    d.exec = live_exec;
    d.advance = NULL;
    live_execs = 0;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session_of(&d, "v20.1");
    cfg.profile = "v20.1";
    cfg.retries = 10;
    cfg.retry_ms = 1000;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    tmp_init(&t);
    fr = run_text(r, &t, "t.test",
                  TWO_PHASE "query T retry\nSELECT status FROM [SHOW JOB 1]\n----\npaused\n\n"
                            "query T retry\nSELECT status FROM [SHOW JOB 1]\n----\nrunning\n");
    /* the second never comes: asked again up to 10 more times, then failed */
    ck_counts(fr, 2, 1, 0);
    ck_assert_int_eq(fr->records[1].attempts, 2);
    ck_assert_int_eq(fr->records[2].attempts, 11);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

/* ---- the CLI ------------------------------------------------------------------------- */

static int cli(char *out_text, size_t out_size, char *err_text, size_t err_size, int argc,
               const char **argv) {
    FILE *out = tmpfile(), *errout = tmpfile();
    size_t n;
    int status;
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(errout);
    status = jt_cli_run(argc, (char **)argv, out, errout);
    rewind(out);
    n = fread(out_text, 1, out_size - 1, out);
    out_text[n] = '\0';
    rewind(errout);
    n = fread(err_text, 1, err_size - 1, errout);
    err_text[n] = '\0';
    fclose(out);
    fclose(errout);
    return status;
}

START_TEST(cli_run_output) {
    tmp t;
    char out[8192], err[8192], expect[8192];
    const char *argv[8];
    int status;
    tmp_init(&t);
    tmp_write(&t, "cases/a.test", JOBS "statement ok count 1\nPAUSE JOB 1\n");
    tmp_write(&t, "cases/b.test",
              JOBS "statement ok\nPAUSE JOB 1\n\nskipif model\nstatement ok\nX\n\n"
                   "query T\nSELECT status FROM [SHOW JOBS] WHERE job_id = 1\n----\nrunning\n");
    ck_assert_int_eq(chdir(t.dir), 0);
    argv[0] = "run";
    argv[1] = "cases";
    status = cli(out, sizeof out, err, sizeof err, 2, argv);
    ck_assert_int_eq(status, 1);
    ck_assert_str_eq(out, "cases/a.test: 1 passed, 0 failed, 0 skipped\n"
                          "cases/b.test: 1 passed, 1 failed, 1 skipped\n"
                          "\n"
                          "cases/b.test:11: query: results differ\n"
                          "    -running\n"
                          "    +paused\n"
                          "\n"
                          "2 passed, 1 failed, 1 skipped\n");
    ck_assert_str_eq(err, "");

    argv[0] = "run";
    argv[1] = "--driver";
    argv[2] = "model";
    argv[3] = "--profile";
    argv[4] = "v2.1";
    argv[5] = "cases/a.test";
    argv[6] = "cases/missing.test";
    status = cli(out, sizeof out, err, sizeof err, 7, argv);
    ck_assert_int_eq(status, 2);
    ck_assert_str_eq(out, "cases/a.test: 1 passed, 0 failed, 0 skipped\n"
                          "cases/missing.test: not run (input error)\n"
                          "\n"
                          "1 input error (on stderr)\n"
                          "1 passed, 0 failed, 0 skipped\n");
    ck_assert_str_eq(err, "cases/missing.test: cannot open: No such file or directory\n");

    argv[1] = "cases/a.test";
    status = cli(out, sizeof out, err, sizeof err, 2, argv);
    ck_assert_int_eq(status, 0);
    ck_assert_str_eq(out, "cases/a.test: 1 passed, 0 failed, 0 skipped\n"
                          "\n"
                          "1 passed, 0 failed, 0 skipped\n");
    snprintf(expect, sizeof expect, "%s", "");
    ck_assert_str_eq(err, expect);
    rm_tree(t.dir);
}
END_TEST

START_TEST(cli_usage_errors) {
    char out[8192], err[8192];
    const char *argv[4];
    argv[0] = "run";
    argv[1] = "--help";
    ck_assert_int_eq(cli(out, sizeof out, err, sizeof err, 2, argv), 0);
    ck_assert_msg(starts_with(out, "usage: jobtck run [--driver SPEC] [--profile NAME] PATH...\n"),
                  "%s", out);
    ck_assert_str_eq(err, "");

    argv[1] = "--frobnicate";
    argv[2] = "cases";
    ck_assert_int_eq(cli(out, sizeof out, err, sizeof err, 3, argv), 2);
    ck_assert_str_eq(out, "");
    ck_assert_msg(starts_with(err, "jobtck run: unknown option '--frobnicate'\n\nusage: "), "%s",
                  err);

    argv[1] = "-x";
    ck_assert_int_eq(cli(out, sizeof out, err, sizeof err, 3, argv), 2);
    ck_assert_msg(starts_with(err, "jobtck run: unknown option '-x'\n"), "%s", err);

    /* no PATH: the bundled suite, which this test program (not jobtck) has none beside it */
    ck_assert_int_eq(cli(out, sizeof out, err, sizeof err, 1, argv), 2);
    ck_assert_msg(starts_with(err, "jobtck run: no bundled suite at "), "%s", err);

    argv[1] = "--driver";
    ck_assert_int_eq(cli(out, sizeof out, err, sizeof err, 2, argv), 2);
    ck_assert_msg(starts_with(err, "jobtck run: option '--driver' needs a value\n"), "%s", err);

    argv[2] = "nosuch:x";
    argv[3] = "cases";
    ck_assert_int_eq(cli(out, sizeof out, err, sizeof err, 4, argv), 2);
    ck_assert_msg(starts_with(err, "jobtck run: unknown driver 'nosuch:x'"), "%s", err);

    argv[1] = "--profile";
    argv[2] = "v9.9";
    ck_assert_int_eq(cli(out, sizeof out, err, sizeof err, 4, argv), 2);
    ck_assert_str_eq(err, "jobtck run: unknown profile v9.9\n");

    argv[1] = "--driver";
    argv[2] = "model:v9.9";
    ck_assert_int_eq(cli(out, sizeof out, err, sizeof err, 4, argv), 2);
    ck_assert_str_eq(err, "jobtck run: unknown profile v9.9\n");
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("runner");
    TCase *tc = tcase_create("model");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, statements_pass_and_fail);
    tcase_add_test(tc, record_results_carry_context);
    tcase_add_test(tc, query_rendering_and_sorting);
    tcase_add_test(tc, query_failures_show_a_diff);
    tcase_add_test(tc, long_diffs_are_cut);
    tcase_add_test(tc, conditions_and_halt);
    tcase_add_test(tc, let_binds_values);
    tcase_add_test(tc, files_start_empty);
    tcase_add_test(tc, sql_outside_the_subset);
    tcase_add_test(tc, paths_and_malformed_files);
    tcase_add_test(tc, unknown_profile);
    tcase_add_test(tc, driver_registry);
    suite_add_tcase(s, tc);
    tc = tcase_create("capabilities");
    tcase_add_test(tc, missing_capabilities_skip_files);
    tcase_add_test(tc, failed_fixture_aborts_the_file);
    tcase_add_test(tc, driver_failure_and_reconnect);
    tcase_add_test(tc, retry_runs_a_query_again);
    tcase_add_test(tc, retry_moves_the_virtual_clock);
    tcase_add_test(tc, retry_fails_at_once_on_an_impossible_state);
    tcase_add_test(tc, retry_polls_a_live_implementation);
    suite_add_tcase(s, tc);
    tc = tcase_create("cli");
    tcase_add_test(tc, cli_run_output);
    tcase_add_test(tc, cli_usage_errors);
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
