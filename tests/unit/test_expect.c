/* Check suite of sim/run/expect.c: the --expect file, its verdicts and the totals of a real run
   of the model driver. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/drivers/drivers.h"
#include "sim/run/expect.h"
#include "sim/run/runner.h"
#include "sessions.h"

static jt_expect *parse_ok(const char *text) {
    jt_expect *x = NULL;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_expect_parse(&x, "dev.txt", text, strlen(text), &err);
    ck_assert_msg(rc == 0, "parse: %s", err.message);
    ck_assert_ptr_nonnull(x);
    return x;
}

/* The message of a malformed file. */
static const char *parse_error(const char *text, size_t len) {
    static jt_error err;
    jt_expect *x = (jt_expect *)1;
    memset(&err, 0, sizeof err);
    ck_assert_int_lt(jt_expect_parse(&x, "dev.txt", text, len, &err), 0);
    ck_assert_ptr_null(x);
    return err.message;
}

START_TEST(entries_and_selectors) {
    jt_expect *x = parse_ok("# known deviations of my-impl 1.2\n"
                            "\n"
                            "cases/10-pause.test:42   asynchronous pause (ticket 12)  \n"
                            "  cases/20-priv.test#privileges_testuser_denied\tno admin role\r\n"
                            "cases/30-bulk.test bulk control is not atomic\n"
                            "a:b.test:7 a colon in the name\n"
                            "weird:name.test a colon, no line");
    ck_assert_uint_eq(x->nentries, 5);
    ck_assert_int_eq(x->entries[0].sel, JT_SEL_LINE);
    ck_assert_str_eq(x->entries[0].file, "cases/10-pause.test");
    ck_assert_int_eq(x->entries[0].line, 42);
    ck_assert_str_eq(x->entries[0].reason, "asynchronous pause (ticket 12)");
    ck_assert_int_eq(x->entries[0].source_line, 3);
    ck_assert_int_eq(x->entries[1].sel, JT_SEL_SUBTEST);
    ck_assert_str_eq(x->entries[1].file, "cases/20-priv.test");
    ck_assert_str_eq(x->entries[1].subtest, "privileges_testuser_denied");
    ck_assert_str_eq(x->entries[1].reason, "no admin role");
    ck_assert_str_eq(x->entries[1].selector, "cases/20-priv.test#privileges_testuser_denied");
    ck_assert_int_eq(x->entries[2].sel, JT_SEL_FILE);
    ck_assert_str_eq(x->entries[2].reason, "bulk control is not atomic");
    ck_assert_int_eq(x->entries[3].sel, JT_SEL_LINE);
    ck_assert_str_eq(x->entries[3].file, "a:b.test");
    ck_assert_int_eq(x->entries[3].line, 7);
    ck_assert_int_eq(x->entries[4].sel, JT_SEL_FILE);
    ck_assert_str_eq(x->entries[4].file, "weird:name.test");
    ck_assert_int_eq(x->entries[4].source_line, 7);
    jt_expect_free(x);
}
END_TEST

START_TEST(malformed_files) {
    ck_assert_str_eq(parse_error("cases/a.test:3\n", 15),
                     "dev.txt:1: expected a reason after 'cases/a.test:3'");
    ck_assert_str_eq(parse_error("# c\ncases/a.test:3   \n", 21),
                     "dev.txt:2: expected a reason after 'cases/a.test:3'");
    ck_assert_str_eq(parse_error("cases/a.test:0 why\n", 19),
                     "dev.txt:1: line number must be 1 or more in 'cases/a.test:0'");
    ck_assert_str_eq(parse_error("cases/a.test:99999999999 why\n", 29),
                     "dev.txt:1: line number out of range in 'cases/a.test:99999999999'");
    ck_assert_str_eq(parse_error("cases/a.test# why\n", 18),
                     "dev.txt:1: expected a subtest name after '#' in 'cases/a.test#'");
    ck_assert_str_eq(parse_error(":12 why\n", 8),
                     "dev.txt:1: expected a case file before ':' or '#' in ':12'");
    ck_assert_str_eq(parse_error("a.test:1 one\n\na.test:1 two\n", 27),
                     "dev.txt:3: 'a.test:1' is listed twice (first at line 1)");
    ck_assert_str_eq(parse_error("a.test:1 one\nb.test x\0y\n", 24),
                     "dev.txt:2: NUL byte in the file");
}
END_TEST

START_TEST(read_files) {
    char dir[] = "/tmp/jt_expect_XXXXXX", path[64];
    jt_expect *x = NULL;
    jt_error err;
    FILE *fp;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/dev.txt", dir);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_expect_read(&x, path, &err), JT_EIO);
    ck_assert_ptr_null(x);
    ck_assert_msg(strstr(err.message, ": cannot open: No such file or directory") != NULL, "%s",
                  err.message);
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("x.test:1 because\n", fp);
    fclose(fp);
    ck_assert_int_eq(jt_expect_read(&x, path, &err), 0);
    ck_assert_uint_eq(x->nentries, 1);
    ck_assert_str_eq(x->path, path);
    jt_expect_free(x);
    fp = fopen(path, "w");
    fputs("x.test:1\n", fp);
    fclose(fp);
    ck_assert_int_eq(jt_expect_read(&x, path, &err), JT_EPARSE);
    ck_assert_int_eq(err.line, 1);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* One record judged against x, as the runner judges each file's records when it ends: the
   entry that lists it (NULL: none), and its verdict in *verdict. */
static const jt_expect_entry *judge(int *verdict, const jt_expect *x, const char *file, int line,
                                    const char *subtest, int outcome) {
    static jt_record_result rr;
    jt_file_result fr;
    memset(&rr, 0, sizeof rr);
    memset(&fr, 0, sizeof fr);
    rr.file = file;
    rr.line = line;
    rr.subtest = subtest;
    rr.outcome = outcome;
    rr.kind = "query";
    fr.records = &rr;
    fr.nrecords = 1;
    jt_expect_judge(&fr, x);
    ck_assert_uint_eq(fr.verdicts[rr.verdict], 1);
    if (verdict)
        *verdict = rr.verdict;
    return rr.deviation;
}

/* The reason of the entry that lists a failed record there, or "(none)". */
static const char *reason_of(const jt_expect *x, const char *file, int line, const char *subtest) {
    const jt_expect_entry *e = judge(NULL, x, file, line, subtest, JT_OUTCOME_FAIL);
    return e ? e->reason : "(none)";
}

START_TEST(matching_and_precedence) {
    jt_expect *x = parse_ok("cases/a.test whole file\n"
                            "cases/a.test#s1 the subtest\n"
                            "cases/a.test:5 the line\n"
                            "b.test:3 short path\n");
    ck_assert_str_eq(reason_of(x, "cases/a.test", 5, "s1"), "the line");
    ck_assert_str_eq(reason_of(x, "cases/a.test", 6, "s1"), "the subtest");
    ck_assert_str_eq(reason_of(x, "cases/a.test", 6, "s2"), "whole file");
    ck_assert_str_eq(reason_of(x, "cases/a.test", 6, NULL), "whole file");
    /* A path ending in "/" FILE matches; a longer name does not. */
    ck_assert_str_eq(reason_of(x, "/work/main/cases/a.test", 5, NULL), "the line");
    ck_assert_str_eq(reason_of(x, "x/cases/b.test", 3, NULL), "short path");
    ck_assert_str_eq(reason_of(x, "cases/bb.test", 3, NULL), "(none)");
    ck_assert_str_eq(reason_of(x, "cases/xa.test", 5, NULL), "(none)");
    ck_assert_str_eq(reason_of(NULL, "cases/xa.test", 5, NULL), "(none)");
    jt_expect_free(x);
}
END_TEST

START_TEST(verdicts_of_outcomes) {
    jt_expect *x = parse_ok("b.test:3 short path\n");
    int v;
    ck_assert_str_eq(judge(&v, x, "b.test", 3, NULL, JT_OUTCOME_FAIL)->reason, "short path");
    ck_assert_int_eq(v, JT_VERDICT_XFAIL);
    ck_assert_ptr_nonnull(judge(&v, x, "b.test", 3, NULL, JT_OUTCOME_PASS));
    ck_assert_int_eq(v, JT_VERDICT_XPASS);
    ck_assert_ptr_nonnull(judge(&v, x, "b.test", 3, NULL, JT_OUTCOME_SKIP));
    ck_assert_int_eq(v, JT_VERDICT_SKIP);
    /* malformed input is never masked */
    ck_assert_ptr_null(judge(&v, x, "b.test", 3, NULL, JT_OUTCOME_ERROR));
    ck_assert_int_eq(v, JT_VERDICT_ERROR);
    ck_assert_ptr_null(judge(&v, x, "c.test", 3, NULL, JT_OUTCOME_FAIL));
    ck_assert_int_eq(v, JT_VERDICT_FAIL);
    ck_assert_ptr_null(judge(&v, NULL, "c.test", 3, NULL, JT_OUTCOME_PASS));
    ck_assert_int_eq(v, JT_VERDICT_PASS);
    ck_assert_str_eq(jt_verdict_name(JT_VERDICT_XFAIL), "xfail");
    ck_assert_str_eq(jt_verdict_name(JT_VERDICT_XPASS), "xpass");
    ck_assert_str_eq(jt_verdict_name(JT_VERDICT_ERROR), "error");
    jt_expect_free(x);
}
END_TEST

/* A real run of the model: a vendor whose PAUSE is "asynchronous" is simulated by a case
   that expects the status not to change. */
static const char vendor_case[] = "covers PJ-STATES\n"
                                  "fixture job id=7 type=IMPORT status=running\n"
                                  "\n"
                                  "subtest pause\n"
                                  "statement ok\n"
                                  "PAUSE JOB 7\n"
                                  "\n"
                                  "query T\n"
                                  "SELECT status FROM [SHOW JOBS]\n"
                                  "----\n"
                                  "running\n"
                                  "\n"
                                  "subtest resume\n"
                                  "statement ok\n"
                                  "RESUME JOB 7\n"
                                  "\n"
                                  "skipif model\n"
                                  "statement ok\n"
                                  "PAUSE JOB 7\n";

/* The vendor case run on the model, its records judged against x (NULL: none). */
static jt_runner *run_vendor_case(const jt_expect *x) {
    char dir[64], path[96];
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    FILE *fp;
    snprintf(dir, sizeof dir, "/tmp/jt_expect_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/vendor.test", dir);
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(vendor_case, fp);
    fclose(fp);
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    cfg.expect = x;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_file(r, path, &err), 0);
    ck_assert_ptr_eq(jt_runner_result(r)->expect, x);
    unlink(path);
    rmdir(dir);
    return r;
}

START_TEST(tally_of_a_run) {
    jt_runner *r = run_vendor_case(NULL);
    const jt_run_result *run = jt_runner_result(r);
    jt_expect_tally t;
    jt_expect *x;
    ck_assert_uint_eq(run->passed, 2);
    ck_assert_uint_eq(run->failed, 1);
    ck_assert_uint_eq(run->skipped, 1);

    /* No list: the failure fails the run. */
    ck_assert_int_eq(jt_expect_tally_init(&t, run), 0);
    ck_assert_uint_eq(t.passed, 2);
    ck_assert_uint_eq(t.failed, 1);
    ck_assert_uint_eq(t.skipped, 1);
    ck_assert_int_eq(jt_expect_exit_status(&t), 1);
    jt_expect_tally_dispose(&t);
    jt_runner_free(r);

    /* The failing query listed: green, with the deviation counted. */
    x = parse_ok("vendor.test:8 PAUSE is asynchronous here\nother.test stale\n");
    r = run_vendor_case(x);
    ck_assert_int_eq(jt_expect_tally_init(&t, jt_runner_result(r)), 0);
    ck_assert_uint_eq(t.passed, 2);
    ck_assert_uint_eq(t.failed, 0);
    ck_assert_uint_eq(t.xfailed, 1);
    ck_assert_uint_eq(t.xpassed, 0);
    ck_assert_uint_eq(t.xfails[0], 1);
    ck_assert_uint_eq(t.matches[0], 1);
    ck_assert_uint_eq(t.matches[1], 0);
    ck_assert_uint_eq(t.unmatched, 1);
    ck_assert_int_eq(jt_expect_exit_status(&t), 0);
    jt_expect_tally_dispose(&t);
    jt_runner_free(r);
    jt_expect_free(x);

    /* A listed record that passes: reported, and the run fails. */
    x = parse_ok("vendor.test:8 PAUSE is asynchronous here\nvendor.test#resume gone\n");
    r = run_vendor_case(x);
    ck_assert_int_eq(jt_expect_tally_init(&t, jt_runner_result(r)), 0);
    ck_assert_uint_eq(t.passed, 1);
    ck_assert_uint_eq(t.xfailed, 1);
    ck_assert_uint_eq(t.xpassed, 1);
    ck_assert_uint_eq(t.skipped, 1);
    ck_assert_uint_eq(t.xpasses[1], 1);
    ck_assert_uint_eq(t.matches[1], 2); /* the RESUME and the skipped PAUSE */
    ck_assert_int_eq(jt_expect_exit_status(&t), 1);
    jt_expect_tally_dispose(&t);
    jt_runner_free(r);
    jt_expect_free(x);
}
END_TEST

START_TEST(input_errors_stay_errors) {
    jt_expect_tally t;
    jt_run_result run;
    memset(&run, 0, sizeof run);
    run.errors = 1;
    ck_assert_int_eq(jt_expect_tally_init(&t, &run), 0);
    ck_assert_int_eq(jt_expect_exit_status(&t), 2);
    jt_expect_tally_dispose(&t);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("expect");
    TCase *tc = tcase_create("file");
    tcase_add_test(tc, entries_and_selectors);
    tcase_add_test(tc, malformed_files);
    tcase_add_test(tc, read_files);
    suite_add_tcase(s, tc);
    tc = tcase_create("verdicts");
    tcase_add_test(tc, matching_and_precedence);
    tcase_add_test(tc, verdicts_of_outcomes);
    tcase_add_test(tc, tally_of_a_run);
    tcase_add_test(tc, input_errors_stay_errors);
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
