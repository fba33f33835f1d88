/* Check suite of sim/cases/regex.c and regex_re2.cc: error regexes as Go's regexp reads them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cases/regex.h"
#include "sim/cases/regex_re2.h"

static int matches(const char *src, const char *text) {
    jt_regex *re = NULL;
    jt_error err;
    int rc, m;
    memset(&err, 0, sizeof err);
    rc = jt_case_regex_compile(&re, src, &err);
    ck_assert_msg(rc == 0, "regex %s: %s", src, err.message);
    m = jt_case_regex_match(re, text);
    ck_assert_msg(m == 0 || m == 1, "regex %s: match returned %d", src, m);
    jt_case_regex_free(re);
    return m;
}

/* What RE2 itself answers, without the literal fast path of regex.c. */
static int re2_matches(const char *src, const char *text) {
    jt_re2 *re = NULL;
    char why[128];
    int m;
    ck_assert_int_eq(jt_re2_compile(&re, src, why, sizeof why), JT_RE2_OK);
    m = jt_re2_search(re, text, strlen(text));
    jt_re2_free(re);
    return m;
}

static void refused(const char *src, const char *message) {
    jt_regex *re = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_case_regex_compile(&re, src, &err), JT_EPARSE);
    ck_assert_ptr_null(re);
    ck_assert_str_eq(err.message, message);
}

START_TEST(literals) {
    const char *msg = "cannot pause failed job (id 5, err: \"x\")";
    ck_assert(matches("^cannot pause failed job \\(id 5, err: \"x\"\\)$", msg));
    ck_assert(!matches("^cannot pause failed job \\(id 5\\)$", msg));
    ck_assert(!matches("^cannot pause failed job$", msg));
    ck_assert(matches("^cannot pause", msg));
    ck_assert(!matches("^pause", msg));
    ck_assert(matches("\\(id 5, err: \"x\"\\)$", msg));
    ck_assert(!matches("\\(id 5\\)$", msg));
    ck_assert(matches("failed job", msg));
    ck_assert(!matches("succeeded job", msg));
    ck_assert(matches("", msg));
    ck_assert(matches("^$", ""));
    ck_assert(!matches("^$", msg));
    ck_assert(matches("$", msg));
    ck_assert(matches("a\\.b", "a.b"));
    ck_assert(!matches("a\\.b", "axb"));
    ck_assert(matches("a.b", "axb")); /* an operator: RE2 */
    ck_assert(matches("\\$5\\$$", "costs $5$"));
    ck_assert(matches("a\\\\$", "a\\"));
}
END_TEST

/* The literal fast path answers what RE2 answers, on every pattern it takes. */
START_TEST(literals_agree_with_re2) {
    static const char *const patterns[] = {
        "",      "^",          "$",        "^$",    "job",   "^job",    "job$",
        "^job$", "^job 5\\$$", "\\^job",   "a\\-b", "a\\ b", "\\_x",    "x\\$",
        "\\\\$", "\\(5\\)",    "^\\[1\\]", "a\\}",  "\\/",   "job\\$$", "^a\\.b$",
    };
    static const char *const texts[] = {
        "",    "job", "job 5$", "^job", "a-b", "a b", "_x",      "x$",    "\\",    "(5)",
        "[1]", "a}",  "/",      "job$", "a.b", "axb", "the job", "job\n", "\njob", "job 5",
    };
    size_t i, k;
    for (i = 0; i < sizeof patterns / sizeof *patterns; i++)
        for (k = 0; k < sizeof texts / sizeof *texts; k++)
            ck_assert_msg(matches(patterns[i], texts[k]) == re2_matches(patterns[i], texts[k]),
                          "'%s' on '%s'", patterns[i], texts[k]);
}
END_TEST

/* Go's syntax, as RE2 has it. */
START_TEST(go_syntax) {
    ck_assert(matches("^job with ID \\d+ does not exist$", "job with ID 12 does not exist"));
    ck_assert(!matches("^job with ID \\d+ does not exist$", "job with ID a does not exist"));
    ck_assert(matches("^\\D+$", "abc"));
    ck_assert(!matches("^\\D+$", "a1c"));
    ck_assert(matches("a\\sb\\Sc", "a bxc"));
    ck_assert(matches("^\\w+\\W$", "ab_1!"));
    ck_assert(matches("(?i)^PAUSE", "pause jobs"));
    ck_assert(!matches("^PAUSE", "pause jobs"));
    ck_assert(matches("^pause (?i)JOBS$", "pause jobs"));
    ck_assert(!matches("^PAUSE (?i)jobs$", "pause jobs"));
    ck_assert(matches("^(?:a|b)c$", "bc"));
    ck_assert(matches("^(?P<x>a)+$", "aa"));
    ck_assert(matches("^[\\d,]+$", "1,2"));
    ck_assert(!matches("^[\\d,]+$", "1;2"));
    ck_assert(matches("^[^\\D]$", "5"));
    ck_assert(matches("^[a\\-z]+$", "-az"));
    ck_assert(!matches("^[a\\-z]+$", "b"));
    ck_assert(matches("^[\\]x]+$", "]x"));
    ck_assert(matches("^[[:alpha:]]+$", "abc"));
    ck_assert(matches("\\bjob\\b", "a job here"));
    ck_assert(!matches("\\bjob\\b", "jobs"));
    ck_assert(matches("^\\Q(id 5)*\\E$", "(id 5)*"));
    ck_assert(matches("job \\d{2,3}$", "job 123"));
    ck_assert(!matches("^job \\d{2,3}$", "job 1234"));
    ck_assert(matches("x{", "x{")); /* not a repetition: a literal, as in Go */
}
END_TEST

/* What differs from POSIX: UTF-8 characters, `.` and a newline, ^ and $ at the text's ends. */
START_TEST(go_semantics) {
    ck_assert(matches("^.$", "é"));
    ck_assert(matches("^\\pL+$", "été"));
    ck_assert(matches("(?i)^ÉTÉ$", "été"));
    ck_assert(!matches("a.b", "a\nb"));
    ck_assert(matches("(?s)a.b", "a\nb"));
    ck_assert(!matches("^b$", "a\nb\nc"));
    ck_assert(matches("(?m)^b$", "a\nb\nc"));
    ck_assert(!matches("^x$", "x\n"));
    ck_assert(matches("^first line", "first line\nsecond line"));
}
END_TEST

/* RE2 runs in time linear in the text: patterns that make a backtracking engine take
   exponential time answer at once (Check's timeout fails the test otherwise). */
START_TEST(linear_time) {
    char text[4096];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    ck_assert(!matches("^(a+)+$b", text));
    ck_assert(!matches("^(a|aa)*c$", text));
    ck_assert(
        !matches("(x+x+)+y", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
    ck_assert(matches("^((a+)+)+$", text));
}
END_TEST

START_TEST(refused_by_re2) {
    refused("(abc", "missing )");
    refused("abc)", "unexpected )");
    refused("[a", "missing ]");
    refused("(job) \\1", "invalid escape sequence: \\1");
    refused("x\\é", "invalid escape sequence: \\é");
    refused("a**", "bad repetition operator: **");
    refused("a{1001}", "invalid repetition size: {1001}");
    refused("(?<x>a)", "invalid perl operator: (?<");
    refused("\\pL{1000}", "pattern too large - compile failed");
    refused("a\\", "trailing \\");
    refused("\xff", "invalid UTF-8");
}
END_TEST

int main(void) {
    Suite *s = suite_create("regex");
    TCase *tc = tcase_create("regex");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, literals);
    tcase_add_test(tc, literals_agree_with_re2);
    tcase_add_test(tc, go_syntax);
    tcase_add_test(tc, go_semantics);
    tcase_add_test(tc, linear_time);
    tcase_add_test(tc, refused_by_re2);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
