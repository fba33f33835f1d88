/* Check suite of sim/run/complete.c and sim/cli/cli_complete.c: prototypes completed on the model,
   compared byte for byte, completed again, and run by the runner. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "sim/cases/case.h"
#include "sim/cli/cli.h"
#include "sim/run/complete.h"
#include "sim/drivers/drivers.h"
#include "sim/run/runner.h"
#include "sessions.h"

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct tmp {
    char dir[64];
} tmp;

static void tmp_init(tmp *t) {
    strcpy(t->dir, "/tmp/jt_complete_XXXXXX");
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

/* dir/name (static buffer; one at a time). */
static const char *path_in(const char *dir, const char *name) {
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_file(const char *path, const char *text) {
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

/* The whole file, allocated; NULL when it cannot be read. */
static char *read_file(const char *path) {
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Entries of dir (hidden ones included), for "no temporary file is left". */
static size_t count_entries(const char *dir) {
    DIR *dp = opendir(dir);
    struct dirent *de;
    size_t n = 0;
    ck_assert_ptr_nonnull(dp);
    while ((de = readdir(dp)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            n++;
    closedir(dp);
    return n;
}

static jt_completer *completer(void) {
    jt_complete_config cfg;
    jt_completer *c = NULL;
    jt_error err;
    int rc;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    rc = jt_completer_new(&c, &cfg, &err);
    ck_assert_msg(rc == 0, "jt_completer_new: %s", err.message);
    return c;
}

/* Completes text named "t.test"; returns the output (allocated) or NULL with *rc_out and
   err filled. */
static char *complete_text(jt_completer *c, const char *text, int *rc_out, jt_error *err,
                           jt_complete_stats *stats) {
    char *out = NULL;
    size_t len = 0;
    int rc;
    memset(err, 0, sizeof *err);
    rc = jt_completer_text(&out, &len, stats, c, "t.test", text, strlen(text), err);
    if (rc_out)
        *rc_out = rc;
    if (rc == 0) {
        ck_assert_ptr_nonnull(out);
        ck_assert_uint_eq(strlen(out), len);
    } else {
        ck_assert_ptr_null(out);
    }
    return out;
}

/* Completes text and checks it gives want exactly, and that want completes to itself. */
static void ck_completes(const char *text, const char *want) {
    jt_completer *c = completer();
    jt_error err;
    int rc;
    char *got = complete_text(c, text, &rc, &err, NULL), *again;
    ck_assert_msg(rc == 0, "complete: %s", err.message);
    ck_assert_str_eq(got, want);
    again = complete_text(c, got, &rc, &err, NULL);
    ck_assert_msg(rc == 0, "complete again: %s", err.message);
    ck_assert_str_eq(again, want);
    free(got);
    free(again);
    jt_completer_free(c);
}

/* Completing text fails with the input error want ("t.test:LINE: …"). */
static void ck_fails(const char *text, int want_rc, const char *want) {
    jt_completer *c = completer();
    jt_error err;
    int rc;
    char *got = complete_text(c, text, &rc, &err, NULL);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(rc, want_rc);
    ck_assert_str_eq(err.message, want);
    jt_completer_free(c);
}

/* Completing text fails with JT_EPARSE and a message that starts with where (then ':')
   and contains what. */
static void ck_fails_like(const char *text, const char *where, const char *what) {
    jt_completer *c = completer();
    jt_error err;
    int rc;
    char *got = complete_text(c, text, &rc, &err, NULL);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(rc, JT_EPARSE);
    ck_assert_msg(strncmp(err.message, where, strlen(where)) == 0 &&
                      err.message[strlen(where)] == ':' && strstr(err.message, what),
                  "got '%s', expected '%s:…%s…'", err.message, where, what);
    jt_completer_free(c);
}

/* Runs the case file at path on the model; returns failed + errors, and passed. */
static size_t run_failures(const char *path, size_t *passed) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    const jt_run_result *run;
    size_t bad;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_path(r, path, &err), 0);
    run = jt_runner_result(r);
    bad = run->failed + run->errors;
    *passed = run->passed;
    jt_runner_free(r);
    return bad;
}

#define JOBS                                                                                       \
    "fixture user maxroach\n"                                                                      \
    "\n"                                                                                           \
    "fixture job id=1 type=IMPORT status=running user=maxroach\n"                                  \
    "\n"                                                                                           \
    "fixture job id=2 type=RESTORE status=failed error='boom \"x\" \\ (y)'\n"                      \
    "\n"

/* ---- the regex of a message ---------------------------------------------------------- */

START_TEST(regex_escapes_and_anchors) {
    char *re = NULL;
    ck_assert_int_eq(jt_complete_regex(&re, "job with ID 5 does not exist"), 0);
    ck_assert_str_eq(re, "^job with ID 5 does not exist$");
    free(re);
    ck_assert_int_eq(jt_complete_regex(&re, "a.b[c](d)*e+f?g{h}|i^j$k\\l"), 0);
    ck_assert_str_eq(re, "^a\\.b\\[c]\\(d\\)\\*e\\+f\\?g\\{h}\\|i\\^j\\$k\\\\l$");
    free(re);
    ck_assert_int_eq(jt_complete_regex(&re, "syntax error at or near \"x\"\nDETAIL: source"), 0);
    ck_assert_str_eq(re, "^syntax error at or near \"x\"");
    free(re);
    ck_assert_int_eq(jt_complete_regex(&re, ""), 0);
    ck_assert_str_eq(re, "^$");
    free(re);
}
END_TEST

/* Every message matches its regex, as the reader compiles it, and nothing longer does. */
START_TEST(regex_matches_exactly) {
    static const char *const messages[] = {
        "cannot pause failed job (id 2, err: \"boom \\\"x\\\" \\\\ (y)\")",
        "job with status failed \"a.b*c+d?\" cannot be resumed",
        "[]{}()^$|\\.*+? all of them",
        "\\d\\s\\w are not classes here",
        "(?i)not a flag",
        "ends with a backslash \\",
        "tabs\tand  two spaces",
        "·",
    };
    size_t i;
    for (i = 0; i < sizeof messages / sizeof messages[0]; i++) {
        char *re = NULL, longer[256];
        jt_regex *compiled = NULL;
        jt_error err;
        ck_assert_int_eq(jt_complete_regex(&re, messages[i]), 0);
        ck_assert_msg(jt_case_regex_compile(&compiled, re, &err) == 0, "%s: %s", re, err.message);
        ck_assert_msg(jt_case_regex_match(compiled, messages[i]), "%s does not match %s", re,
                      messages[i]);
        snprintf(longer, sizeof longer, "%sx", messages[i]);
        ck_assert(!jt_case_regex_match(compiled, longer));
        snprintf(longer, sizeof longer, "x%s", messages[i]);
        ck_assert(!jt_case_regex_match(compiled, longer));
        jt_case_regex_free(compiled);
        free(re);
    }
}
END_TEST

/* ---- completion ---------------------------------------------------------------------- */

START_TEST(statements_get_counts_and_errors) {
    ck_completes(JOBS "statement\n"
                      "PAUSE JOBS VALUES (1), (NULL), (1)\n"
                      "\n"
                      "statement\n"
                      "PAUSE JOB 2\n"
                      "\n"
                      "statement   \n"
                      "PAUSE JOB 99\n"
                      "\n"
                      "statement\n"
                      "PREPARE p AS RESUME JOB $1\n",
                 JOBS "statement ok count 2\n"
                      "PAUSE JOBS VALUES (1), (NULL), (1)\n"
                      "\n"
                      "statement error pgcode XX000 ^cannot pause failed job \\(id 2, err: "
                      "\"boom \\\\\"x\\\\\" \\\\\\\\ \\(y\\)\"\\)$\n"
                      "PAUSE JOB 2\n"
                      "\n"
                      "statement error pgcode XX000 ^job with ID 99 does not exist$\n"
                      "PAUSE JOB 99\n"
                      "\n"
                      "statement ok\n"
                      "PREPARE p AS RESUME JOB $1\n");
}
END_TEST

START_TEST(expectations_are_replaced) {
    /* a completed file with wrong expectations is completed to the right ones */
    ck_completes(JOBS "statement ok count 7\n"
                      "PAUSE JOB 1\n"
                      "\n"
                      "statement error nope\n"
                      "RESUME JOB 1\n"
                      "\n"
                      "query IT rowsort\n"
                      "SELECT job_id, status FROM [SHOW JOBS]\n"
                      "----\n"
                      "1 canceled\n"
                      "9 what\n"
                      "\n"
                      "query error whatever\n"
                      "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 1\n",
                 JOBS "statement ok count 1\n"
                      "PAUSE JOB 1\n"
                      "\n"
                      "statement ok count 1\n"
                      "RESUME JOB 1\n"
                      "\n"
                      "query IT rowsort\n"
                      "SELECT job_id, status FROM [SHOW JOBS]\n"
                      "----\n"
                      "1  running\n"
                      "2  failed\n"
                      "\n"
                      "query I\n"
                      "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 1\n"
                      "----\n"
                      "1\n");
}
END_TEST

START_TEST(queries_get_rows) {
    ck_completes(JOBS "# rows in SHOW JOBS order, then sorted; NULL and the empty string\n"
                      "query ITT\n"
                      "SELECT job_id, error, coordinator_id FROM [SHOW JOBS]\n"
                      "\n"
                      "query ITT rowsort\n"
                      "SELECT job_id, error, user_name FROM [SHOW JOBS]\n"
                      "\n"
                      "query IT colnames rowsort\n"
                      "SELECT job_id, job_type FROM [SHOW JOBS]\n"
                      "\n"
                      "query I valuesort\n"
                      "SELECT job_id FROM [SHOW JOBS]\n"
                      "\n"
                      "query IT\n"
                      "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 3\n",
                 JOBS "# rows in SHOW JOBS order, then sorted; NULL and the empty string\n"
                      "query ITT\n"
                      "SELECT job_id, error, coordinator_id FROM [SHOW JOBS]\n"
                      "----\n"
                      "1  ·               NULL\n"
                      "2  boom \"x\" \\ (y)  NULL\n"
                      "\n"
                      "query ITT rowsort\n"
                      "SELECT job_id, error, user_name FROM [SHOW JOBS]\n"
                      "----\n"
                      "1  ·               maxroach\n"
                      "2  boom \"x\" \\ (y)  root\n"
                      "\n"
                      "query IT colnames rowsort\n"
                      "SELECT job_id, job_type FROM [SHOW JOBS]\n"
                      "----\n"
                      "job_id  job_type\n"
                      "1       IMPORT\n"
                      "2       RESTORE\n"
                      "\n"
                      "query I valuesort\n"
                      "SELECT job_id FROM [SHOW JOBS]\n"
                      "----\n"
                      "1\n"
                      "2\n"
                      "\n"
                      "query IT\n"
                      "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 3\n"
                      "----\n");
}
END_TEST

START_TEST(everything_else_passes_through) {
    /* comments, covers, subtests, users, skipif/onlyif of other drivers, multi-line SQL,
       CRLF line ends, let and $name, and a last line without '\n' */
    ck_completes("# LogicTest: local\r\n"
                 "subtest one\r\n"
                 "\r\n"
                 "covers PJ-STATES PJ-PRIV\r\n" JOBS "skipif model\n"
                 "statement ok count 42\n"
                 "PAUSE JOB 1\n"
                 "\n"
                 "onlyif model\n"
                 "statement\n"
                 "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS]\n"
                 "      WHERE user_name = 'maxroach');\n"
                 "\n"
                 "let $id\n"
                 "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach'\n"
                 "\n"
                 "user maxroach\n"
                 "\n"
                 "statement\n"
                 "RESUME JOB $id\n"
                 "\n"
                 "user root\n"
                 "\n"
                 "let $st\n"
                 "query T\n"
                 "SELECT status FROM [SHOW JOBS] WHERE job_id = $id\n"
                 "\n"
                 "query T\n"
                 "SELECT '$st'",
                 "# LogicTest: local\r\n"
                 "subtest one\r\n"
                 "\r\n"
                 "covers PJ-STATES PJ-PRIV\r\n" JOBS "skipif model\n"
                 "statement ok count 42\n"
                 "PAUSE JOB 1\n"
                 "\n"
                 "onlyif model\n"
                 "statement ok count 1\n"
                 "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS]\n"
                 "      WHERE user_name = 'maxroach');\n"
                 "\n"
                 "let $id\n"
                 "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach'\n"
                 "\n"
                 "user maxroach\n"
                 "\n"
                 "statement error pgcode 42501 ^only users with the admin role are allowed to "
                 "RESUME JOBS$\n"
                 "RESUME JOB $id\n"
                 "\n"
                 "user root\n"
                 "\n"
                 "let $st\n"
                 "query T\n"
                 "SELECT status FROM [SHOW JOBS] WHERE job_id = $id\n"
                 "----\n"
                 "paused\n"
                 "\n"
                 "query T\n"
                 "SELECT '$st'\n"
                 "----\n"
                 "paused\n");
}
END_TEST

START_TEST(stats_count_records) {
    jt_completer *c = completer();
    jt_complete_stats st;
    jt_error err;
    int rc;
    char *out = complete_text(c,
                              JOBS "statement\nPAUSE JOB 1\n\nstatement\nPAUSE JOB 9\n\n"
                                   "query I\nSELECT 1\n\nquery I\nSHOW JOBS\n",
                              &rc, &err, &st);
    ck_assert_msg(rc == 0, "%s", err.message);
    ck_assert_uint_eq(st.statements, 2);
    ck_assert_uint_eq(st.queries, 2);
    ck_assert_uint_eq(st.errors, 1); /* job 9 */
    /* SHOW JOBS has 12 columns, not 1: its types are the driver's */
    ck_assert_ptr_nonnull(strstr(out, "query ITTTTSSSSRTI\nSHOW JOBS\n----\n"));
    free(out);
    jt_completer_free(c);
}
END_TEST

START_TEST(same_input_same_bytes) {
    static const char text[] = JOBS "statement\nPAUSE JOBS SELECT job_id FROM [SHOW JOBS]\n\n"
                                    "query ITTTTTTTTRTI colnames\nSHOW JOBS\n\n"
                                    "statement\nCANCEL JOB 1\n\n"
                                    "query IT rowsort\nSELECT job_id, status FROM [SHOW JOBS]\n";
    jt_completer *c1 = completer(), *c2 = completer();
    jt_error err;
    int rc;
    char *a = complete_text(c1, text, &rc, &err, NULL), *b, *a2;
    ck_assert_msg(rc == 0, "%s", err.message);
    b = complete_text(c2, text, &rc, &err, NULL);
    a2 = complete_text(c1, text, &rc, &err, NULL); /* the same completer, after a reset */
    ck_assert_str_eq(a, b);
    ck_assert_str_eq(a, a2);
    free(a);
    free(b);
    free(a2);
    jt_completer_free(c1);
    jt_completer_free(c2);
}
END_TEST

/* ---- input errors -------------------------------------------------------------------- */

START_TEST(errors_say_where) {
    /* as `jobtck run` says it: where the SQL goes wrong */
    ck_fails(JOBS "statement\nPAUS JOB 1\n", JT_EPARSE,
             "t.test:8:1: SQL outside the subset: syntax error at or near \"paus\"");
    ck_fails(JOBS "skipif model\nstatement\nPAUSE JOB 1\n", JT_EPARSE,
             "t.test:8: statement: the record does not run on driver model (skipif/onlyif), "
             "so it cannot be completed");
    ck_fails(JOBS "halt\n\nquery I\nSELECT 1\n", JT_EPARSE,
             "t.test:9: query: the record does not run on driver model (after halt), so it "
             "cannot be completed");
    ck_fails(JOBS "query I\nPAUSE JOB 1\n", JT_EPARSE,
             "t.test:7: the query returns no columns: write it as a statement");
    ck_fails("fixture job id=1 type=IMPORT status=running description='statement x'\n\n"
             "query T\nSELECT description FROM [SHOW JOBS]\n",
             JT_EPARSE,
             "t.test:3: the result line 'statement x' cannot be written in the case language "
             "(a blank line, '----' or the start of a record)");
    ck_fails("fixture job id=1 type=IMPORT status=running description=' '\n\n"
             "query T\nSELECT description FROM [SHOW JOBS]\n",
             JT_EPARSE,
             "t.test:3: the result line '' cannot be written in the case language (a blank "
             "line, '----' or the start of a record)");
    ck_fails(JOBS "let $x\nSELECT job_id FROM [SHOW JOBS]\n", JT_EPARSE,
             "t.test:7: let $x: expected 1 value, got 2 rows of 1 column");
    /* the reader's own messages (their wording is the reader's): where, and what */
    ck_fails_like(JOBS "statement\n\n", "t.test:7", "expected SQL on the line after 'statement'");
    ck_fails_like("statement maybe\nPAUSE JOB 1\n", "t.test:1", "got 'statement maybe'");
}
END_TEST

/* ---- the runner's loop --------------------------------------------------------------- */

static int sink_calls;

static int count_ran(void *ctx, const jt_case_record *rec, const jt_result *res, jt_error *err) {
    (void)ctx;
    (void)rec;
    (void)res;
    (void)err;
    sink_calls++;
    return JT_OK;
}

static int count_not_run(void *ctx, const jt_case_record *rec, int halted, jt_error *err) {
    (void)ctx;
    (void)rec;
    (void)halted;
    (void)err;
    sink_calls += 100;
    return JT_OK;
}

/* The model behind a table without job metadata (schedules, ages) and without a virtual
   clock: a thinner implementation. */
static jt_driver thin_driver(void) {
    jt_driver d = jt_driver_model;
    d.connect_with = NULL;
    d.name = "thin";
    d.caps = jt_driver_model.caps & ~(unsigned)JT_CAP_JOB_META;
    d.conn_caps = NULL;
    d.advance = NULL;
    return d;
}

static jt_completer *completer_on(jt_session *s) {
    jt_complete_config cfg;
    jt_completer *c = NULL;
    jt_error err;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = s;
    ck_assert_int_eq(jt_completer_new(&c, &cfg, &err), 0);
    return c;
}

/* Completion is the runner's loop in its other mode: the file is let in as the runner lets it
   in (what the driver lacks, the profile it is written for), and what the runner would count
   against it stops it with the runner's own words. */
START_TEST(completion_is_the_runners_loop) {
    jt_driver d = thin_driver();
    jt_completer *c = completer_on(test_session_of(&d, NULL));
    jt_error err;
    int rc;
    char *got = complete_text(c,
                              "fixture job id=1 type=BACKUP status=running schedule=42\n\n"
                              "query I\nSELECT job_id FROM [SHOW JOBS]\n",
                              &rc, &err, NULL);
    ck_assert_ptr_null(got);
    ck_assert_int_eq(rc, JT_ENOTSUP);
    ck_assert_str_eq(err.message, "t.test: driver thin lacks job fixtures with a schedule or an "
                                  "age: cannot complete it");
    got = complete_text(c, "profile v20.2\n\nquery I\nSELECT 1\n", &rc, &err, NULL);
    ck_assert_int_eq(rc, JT_EINVAL);
    ck_assert_str_eq(err.message, "t.test:1: written for profile v20.2: complete it with "
                                  "--profile v20.2");
    /* a live implementation: `retry` runs once, as it is */
    got = complete_text(c, JOBS "query IT retry\nSELECT job_id, status FROM [SHOW JOBS]\n", &rc,
                        &err, NULL);
    ck_assert_msg(rc == 0, "%s", err.message);
    ck_assert_ptr_nonnull(strstr(got, "----\n1  running\n2  failed\n"));
    free(got);
    jt_completer_free(c);
    /* an unknown profile is refused at once, as the runner refuses it */
    {
        jt_complete_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.session = test_session("model");
        cfg.profile = "v0.0";
        ck_assert_int_eq(jt_completer_new(&c, &cfg, &err), JT_EINVAL);
        ck_assert_ptr_null(c);
    }
}
END_TEST

/* A runner that completes a file keeps no result of it: its run stays as it was. */
START_TEST(completion_adds_nothing_to_a_run) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_case_file *cf = NULL;
    jt_runner_sink sink;
    jt_error err;
    static const char text[] = "statement ok\nSHOW JOBS\n\nstatement ok\nPAUS JOB 1\n";
    memset(&cfg, 0, sizeof cfg);
    memset(&sink, 0, sizeof sink);
    cfg.session = test_session("model");
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_case_parse(&cf, "t.test", text, strlen(text), &err), 0);
    ck_assert_int_eq(jt_runner_run_case(r, cf, &err), 0);
    ck_assert_uint_eq(jt_runner_result(r)->nfiles, 1);
    ck_assert_uint_eq(jt_runner_result(r)->passed, 1);
    ck_assert_uint_eq(jt_runner_result(r)->errors, 1);
    sink.ran = count_ran;
    sink.not_run = count_not_run;
    ck_assert_int_eq(jt_case_parse(&cf, "t.test", text, strlen(text), &err), 0);
    ck_assert_int_eq(jt_runner_complete_case(r, cf, &sink, &err), JT_EPARSE);
    ck_assert_str_eq(err.message, "t.test:5:1: SQL outside the subset: syntax error at or near "
                                  "\"paus\"");
    ck_assert_int_eq(sink_calls, 1); /* SHOW JOBS, before it */
    ck_assert_uint_eq(jt_runner_result(r)->nfiles, 1);
    ck_assert_uint_eq(jt_runner_result(r)->passed, 1);
    ck_assert_uint_eq(jt_runner_result(r)->errors, 1);
    ck_assert_uint_eq(jt_runner_result(r)->failed, 1);
    jt_runner_free(r);
}
END_TEST

/* ---- files --------------------------------------------------------------------------- */

START_TEST(file_is_written_atomically_and_runs) {
    tmp t;
    jt_completer *c = completer();
    jt_complete_stats st;
    jt_error err;
    char in[1024], out[1024], *got, *other;
    size_t passed = 0;
    tmp_init(&t);
    snprintf(in, sizeof in, "%s", path_in(t.dir, "p.test"));
    snprintf(out, sizeof out, "%s", path_in(t.dir, "done.test"));
    write_file(in, JOBS "statement\nPAUSE JOB 1\n\nstatement\nRESUME JOB 2\n\n"
                        "query IT rowsort\nSELECT job_id, status FROM [SHOW JOBS]\n");
    ck_assert_int_eq(jt_completer_file(&st, c, in, out, &err), 0);
    got = read_file(out);
    ck_assert_ptr_nonnull(got);
    ck_assert_ptr_nonnull(strstr(got, "statement ok count 1\nPAUSE JOB 1\n"));
    ck_assert_ptr_nonnull(strstr(got, "----\n1  paused\n2  failed\n"));
    free(got);
    ck_assert_uint_eq(count_entries(t.dir), 2); /* no temporary file left */
    ck_assert_uint_eq(run_failures(out, &passed), 0);
    ck_assert_uint_eq(passed, 3);
    /* in place */
    ck_assert_int_eq(jt_completer_file(&st, c, in, in, &err), 0);
    got = read_file(in);
    other = read_file(out);
    ck_assert_str_eq(got, other);
    free(got);
    free(other);
    /* a file that fails is not written, and what was there stays */
    write_file(in, "statement\nPAUS JOB 1\n");
    ck_assert_int_eq(jt_completer_file(&st, c, in, out, &err), JT_EPARSE);
    got = read_file(out);
    ck_assert_ptr_nonnull(strstr(got, "PAUSE JOB 1"));
    free(got);
    ck_assert_int_eq(jt_completer_file(&st, c, path_in(t.dir, "none.test"), out, &err), JT_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "none.test: cannot open: "));
    ck_assert_uint_eq(count_entries(t.dir), 2);
    jt_completer_free(c);
    rm_tree(t.dir);
}
END_TEST

/* The bundled hand-written cases (the top folder of cases/) complete to files that pass, and
   complete to themselves. */
START_TEST(bundled_cases_complete_and_pass) {
    tmp t;
    char *argv[256], outdir[512], outdir2[512], cases[512];
    const char *src = getenv("JT_SOURCE_DIR");
    FILE *devnull = fopen("/dev/null", "w");
    size_t passed = 0, n = 3, i;
    DIR *dp;
    struct dirent *de;
    tmp_init(&t);
    snprintf(cases, sizeof cases, "%s/cases", src ? src : ".");
    snprintf(outdir, sizeof outdir, "%s/a", t.dir);
    snprintf(outdir2, sizeof outdir2, "%s/b", t.dir);
    argv[0] = "complete";
    argv[1] = "--out";
    argv[2] = outdir;
    dp = opendir(cases);
    ck_assert_ptr_nonnull(dp);
    while ((de = readdir(dp)) != NULL && n < 250) {
        size_t len = strlen(de->d_name);
        char path[1024];
        if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 5, ".test") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", cases, de->d_name);
        argv[n] = strdup(path);
        ck_assert_ptr_nonnull(argv[n]);
        n++;
    }
    closedir(dp);
    ck_assert_uint_gt(n, 10);
    argv[n] = NULL;
    ck_assert_int_eq(jt_cli_complete((int)n, argv, devnull, stderr), 0);
    ck_assert_uint_eq(run_failures(outdir, &passed), 0);
    ck_assert_uint_gt(passed, 500);
    for (i = 3; i < n; i++)
        free(argv[i]);
    argv[2] = outdir2;
    argv[3] = outdir;
    argv[4] = NULL;
    ck_assert_int_eq(jt_cli_complete(4, argv, devnull, stderr), 0);
    dp = opendir(outdir);
    ck_assert_ptr_nonnull(dp);
    while ((de = readdir(dp)) != NULL) {
        char a[1024], b[1024], *x, *y;
        if (de->d_name[0] == '.')
            continue;
        snprintf(a, sizeof a, "%s/%s", outdir, de->d_name);
        snprintf(b, sizeof b, "%s/%s", outdir2, de->d_name);
        x = read_file(a);
        y = read_file(b);
        ck_assert_ptr_nonnull(x);
        ck_assert_ptr_nonnull(y);
        ck_assert_msg(strcmp(x, y) == 0, "%s does not complete to itself", de->d_name);
        free(x);
        free(y);
    }
    closedir(dp);
    fclose(devnull);
    rm_tree(t.dir);
}
END_TEST

/* ---- the command --------------------------------------------------------------------- */

static int cli(char *out, size_t outsize, char *errbuf, size_t errsize, int argc, char **argv) {
    FILE *o = tmpfile(), *e = tmpfile();
    size_t n;
    int status;
    ck_assert_ptr_nonnull(o);
    ck_assert_ptr_nonnull(e);
    status = jt_cli_complete(argc, argv, o, e);
    rewind(o);
    rewind(e);
    n = fread(out, 1, outsize - 1, o);
    out[n] = '\0';
    n = fread(errbuf, 1, errsize - 1, e);
    errbuf[n] = '\0';
    fclose(o);
    fclose(e);
    return status;
}

START_TEST(cli_usage_and_folders) {
    tmp t;
    char out[8192], errbuf[8192], in[512], sub[512], dst[512], *got;
    char *help[] = {"complete", "--help", NULL};
    char *noout[] = {"complete", "x.test", NULL};
    char *noin[] = {"complete", "--out", "d", NULL};
    char *args[6];
    tmp_init(&t);
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 2, help), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: jobtck complete"));
    ck_assert_ptr_nonnull(strstr(out, "Example:"));
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 2, noout), 2);
    ck_assert_ptr_nonnull(strstr(errbuf, "jobtck complete: expected --out DIR\n"));
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 3, noin), 2);
    ck_assert_ptr_nonnull(strstr(errbuf, "jobtck complete: expected an IN case file or folder"));
    /* a folder with a subfolder: mirrored under --out */
    snprintf(in, sizeof in, "%s/in", t.dir);
    snprintf(sub, sizeof sub, "%s/in/sub", t.dir);
    snprintf(dst, sizeof dst, "%s/out/deeper", t.dir);
    ck_assert_int_eq(mkdir(in, 0700), 0);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    write_file(path_in(in, "a.test"), JOBS "statement\nPAUSE JOB 1\n");
    write_file(path_in(in, "notes.md"), "not a case\n");
    write_file(path_in(sub, "b.test"), "query I\nSELECT 7\n");
    args[0] = "complete";
    args[1] = "-o";
    args[2] = dst;
    args[3] = in;
    args[4] = NULL;
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 4, args), 0);
    ck_assert_str_eq(errbuf, "");
    ck_assert_ptr_nonnull(strstr(out, "\n2 files completed: 1 statement, 1 query\n"));
    got = read_file(path_in(dst, "sub/b.test"));
    ck_assert_str_eq(got, "query I\nSELECT 7\n----\n7\n");
    free(got);
    got = read_file(path_in(dst, "notes.md"));
    ck_assert_ptr_null(got);
    /* two inputs to one output name: nothing is written */
    args[3] = (char *)path_in(sub, "b.test");
    args[4] = sub;
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 5, args), 2);
    ck_assert_ptr_nonnull(strstr(errbuf, "two inputs would be written to"));
    /* one bad file among good ones: the others are written, exit 2 */
    write_file(path_in(in, "bad.test"), "statement\nPAUS JOB 1\n");
    args[3] = in;
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 4, args), 2);
    ck_assert_ptr_nonnull(strstr(errbuf, "/in/bad.test:2:1: SQL outside the subset"));
    ck_assert_ptr_nonnull(strstr(out, "2 files completed: 1 statement, 1 query; 1 file not "
                                      "completed (errors on stderr)\n"));
    args[3] = (char *)path_in(t.dir, "missing");
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 4, args), 2);
    ck_assert_ptr_nonnull(strstr(errbuf, "/missing: cannot open: "));
    rm_tree(t.dir);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("complete");
    TCase *tc = tcase_create("complete");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, regex_escapes_and_anchors);
    tcase_add_test(tc, regex_matches_exactly);
    tcase_add_test(tc, statements_get_counts_and_errors);
    tcase_add_test(tc, expectations_are_replaced);
    tcase_add_test(tc, queries_get_rows);
    tcase_add_test(tc, everything_else_passes_through);
    tcase_add_test(tc, stats_count_records);
    tcase_add_test(tc, same_input_same_bytes);
    tcase_add_test(tc, errors_say_where);
    tcase_add_test(tc, completion_is_the_runners_loop);
    tcase_add_test(tc, completion_adds_nothing_to_a_run);
    tcase_add_test(tc, file_is_written_atomically_and_runs);
    tcase_add_test(tc, bundled_cases_complete_and_pass);
    tcase_add_test(tc, cli_usage_and_folders);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
