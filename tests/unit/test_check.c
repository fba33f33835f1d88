/* Check suite of sim/cases/check.c: the checker, and its fast path (rows compared with the
   tokens the reader split the expected lines into) against its exact comparison. */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cases/case.h"
#include "sim/cases/check.h"

static jt_case_file *parse_ok(const char *text) {
    jt_case_file *cf = NULL;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_case_parse(&cf, "t.test", text, strlen(text), &err);
    ck_assert_msg(rc == 0, "parse failed (%d): %s", rc, err.message);
    return cf;
}

/* A result of ncols columns named c0, c1... and nrows rows of values (row-major). */
static jt_result make_result(size_t ncols, size_t nrows, const char **values) {
    static char *names[] = {"c0", "c1", "c2", "c3"};
    jt_result res;
    memset(&res, 0, sizeof res);
    res.count = -1;
    res.ncols = ncols;
    res.columns = names;
    res.nrows = nrows;
    res.values = (char **)values;
    return res;
}

/* jt_check_result's message (NULL: a pass), its return code 0. */
static char *check(const char *path, const jt_case_record *rec, const jt_result *res) {
    char *out = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_check_result(&out, path, rec, res, &err), 0);
    return out;
}

/* The same record without its tokens: what the exact comparison alone says. */
static char *check_exact(const jt_case_record *rec, const jt_result *res) {
    jt_case_record copy = *rec;
    copy.tokens = NULL;
    copy.first_token = NULL;
    return check("t.test", &copy, res);
}

/* The same record without the hashes of its lines the reader made: the checker makes them. */
static char *check_unhashed(const jt_case_record *rec, const jt_result *res) {
    jt_case_record copy = *rec;
    copy.line_hash = NULL;
    return check("t.test", &copy, res);
}

/* Both messages the same, or both a pass. */
static void same_message(const char *a, const char *b) {
    if (!a || !b)
        ck_assert_msg(!a && !b, "fast: %s\nother: %s", a ? a : "(pass)", b ? b : "(pass)");
    else
        ck_assert_str_eq(a, b);
}

/* Checks res against the first record of text: the message (NULL: a pass), which the exact
   comparison must give too, and the checker without the reader's hashes. *nalloc: the
   allocations the check made. */
static char *check_text(const char *text, const jt_result *res, long *nalloc) {
    jt_case_file *cf = parse_ok(text);
    char *got, *exact, *unhashed;
    jt_alloc_fail_after(LONG_MAX); /* counts the allocations, fails none */
    got = check("t.test", &cf->records[0], res);
    *nalloc = jt_alloc_count();
    jt_alloc_fail_after(0);
    exact = check_exact(&cf->records[0], res);
    same_message(got, exact);
    unhashed = check_unhashed(&cf->records[0], res);
    same_message(got, unhashed);
    free(exact);
    free(unhashed);
    jt_case_free(cf);
    return got;
}

/* A pass, made without an allocation. */
static void passes(const char *text, const jt_result *res) {
    long nalloc;
    char *msg = check_text(text, res, &nalloc);
    ck_assert_msg(msg == NULL, "expected a pass, got %s", msg);
    ck_assert_int_eq(nalloc, 0);
}

/* A failure with that message. */
static void fails(const char *text, const jt_result *res, const char *message) {
    long nalloc;
    char *msg = check_text(text, res, &nalloc);
    ck_assert_ptr_nonnull(msg);
    ck_assert_str_eq(msg, message);
    free(msg);
}

/* ---- rows ------------------------------------------------------------------------------ */

START_TEST(nosort) {
    const char *v[] = {"1", "a", "2", "b"};
    jt_result res = make_result(2, 2, v);
    passes("query IT\nSELECT 1\n----\n1 a\n2 b\n", &res);
    passes("query IT nosort\nSELECT 1\n----\n1   a\t\n  2 b\n", &res);
    /* rows and lines may split the tokens differently */
    passes("query IT\nSELECT 1\n----\n1 a 2\nb\n", &res);
    fails("query IT\nSELECT 1\n----\n2 b\n1 a\n", &res,
          "t.test:1: query: results differ\n    -2 b\n     1 a\n    +2 b");
    fails("query IT\nSELECT 1\n----\n1 a\n2 c\n", &res,
          "t.test:1: query: results differ\n     1 a\n    -2 c\n    +2 b");
    fails("query IT\nSELECT 1\n----\n1 a\n", &res,
          "t.test:1: query: expected 1 row, got 2\n     1 a\n    +2 b");
    fails("query IT\nSELECT 1\n----\n1 a\n2 b\n3 c\n", &res,
          "t.test:1: query: expected 3 rows, got 2\n     1 a\n     2 b\n    -3 c");
    fails("query ITT\nSELECT 1\n----\n1 a\n2 b\n", &res,
          "t.test:1: query: expected 3 columns, got 2");
    /* the same tokens, one more in a row */
    fails("query IT\nSELECT 1\n----\n1 a\n2 b x\n", &res,
          "t.test:1: query: results differ\n     1 a\n    -2 b x\n    +2 b");
}
END_TEST

START_TEST(rowsort) {
    const char *v[] = {"2", "b", "1", "a", "2", "b"};
    jt_result res = make_result(2, 3, v);
    passes("query IT rowsort\nSELECT 1\n----\n1 a\n2 b\n2 b\n", &res);
    passes("query IT rowsort\nSELECT 1\n----\n2 b\n2 b\n1 a\n", &res);
    passes("query IT colnames rowsort\nSELECT 1\n----\nc0 c1\n2 b\n1 a\n2 b\n", &res);
    /* a duplicate row is not another one */
    fails("query IT rowsort\nSELECT 1\n----\n1 a\n1 a\n2 b\n", &res,
          "t.test:1: query: results differ\n     1 a\n    -1 a\n     2 b\n    +2 b");
    fails("query IT rowsort\nSELECT 1\n----\n1 a\n2 b\n", &res,
          "t.test:1: query: expected 2 rows, got 3\n     1 a\n     2 b\n    +2 b");
    fails(
        "query IT colnames rowsort\nSELECT 1\n----\nc0 x\n2 b\n1 a\n2 b\n", &res,
        "t.test:1: query: column names differ\n    -c0 x\n    +c0 c1\n     1 a\n     2 b\n    ...");
}
END_TEST

/* rowsort over rows of more tokens than the checker keeps to compare (a row is walked again),
   shuffled, one of them with a token changed. */
START_TEST(rowsort_long_rows) {
    static char vals[3][4][400];
    const char *v[12];
    char text[8192] = "query TTTT rowsort\nSELECT 1\n----\n";
    size_t r, c, t;
    jt_result res = make_result(4, 3, v);
    for (r = 0; r < 3; r++) {
        for (c = 0; c < 4; c++) {
            vals[r][c][0] = '\0';
            for (t = 0; t < 20; t++) /* 80 tokens a row */
                sprintf(vals[r][c] + strlen(vals[r][c]), "%s%zu.%zu.%zu", t ? " " : "", r, c, t);
            v[r * 4 + c] = vals[r][c];
        }
    }
    for (r = 3; r-- > 0;) { /* the lines in the other order */
        for (c = 0; c < 4; c++) {
            strcat(text, vals[r][c]);
            strcat(text, "  ");
        }
        strcat(text, "\n");
    }
    passes(text, &res);
    /* the last token of the last line (row 0) changed: the rows are no longer those lines */
    text[strlen(text) - 4] = 'z';
    {
        long nalloc;
        char *msg = check_text(text, &res, &nalloc);
        ck_assert_ptr_nonnull(msg);
        ck_assert_ptr_nonnull(strstr(msg, "t.test:1: query: results differ\n"));
        free(msg);
    }
}
END_TEST

/* rowsort over more rows than the checker's table on the stack takes: a pass (the lines are
   in the reverse order of the rows, duplicates among them), and a row that is not there. */
START_TEST(rowsort_many_rows) {
    enum { N = 700 };
    static char vals[N][2][16];
    static const char *v[2 * N];
    static char text[N * 40];
    size_t r;
    long nalloc;
    char *msg;
    jt_result res = make_result(2, N, v);
    strcpy(text, "query IT rowsort\nSELECT 1\n----\n");
    for (r = 0; r < N; r++) {
        sprintf(vals[r][0], "%zu", r % 500);
        sprintf(vals[r][1], "s%zu", r % 7);
        v[2 * r] = vals[r][0];
        v[2 * r + 1] = vals[r][1];
    }
    for (r = N; r-- > 0;)
        sprintf(text + strlen(text), "%s %s\n", vals[r][0], vals[r][1]);
    msg = check_text(text, &res, &nalloc);
    ck_assert_ptr_null(msg);
    sprintf(vals[N / 2][1], "x");
    msg = check_text(text, &res, &nalloc);
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "t.test:1: query: results differ\n"));
    free(msg);
}
END_TEST

/* Tokens of every length up to past the checker's word compares, the same but for one byte
   anywhere in them: told apart (nosort and rowsort), and the same ones not. */
START_TEST(tokens_compared_byte_for_byte) {
    static const char *const opts[] = {"", " rowsort"};
    for (size_t len = 1; len <= 20; len++) {
        for (size_t o = 0; o < 2; o++) {
            char value[32], text[128];
            const char *v[2] = {"x", value};
            jt_result res = make_result(2, 1, v);
            memset(value, 'a', len);
            value[len] = '\0';
            snprintf(text, sizeof text, "query TT%s\nSELECT 1\n----\nx %s\n", opts[o], value);
            passes(text, &res);
            for (size_t pos = 0; pos < len; pos++) {
                long nalloc;
                char *msg;
                value[pos] = 'b';
                msg = check_text(text, &res, &nalloc);
                ck_assert_msg(msg != NULL, "length %zu, byte %zu: a pass", len, pos);
                free(msg);
                value[pos] = 'a';
            }
        }
    }
}
END_TEST

START_TEST(valuesort) {
    const char *v[] = {"3", "a", "1", "b"};
    jt_result res = make_result(2, 2, v);
    passes("query IT valuesort\nSELECT 1\n----\n1\n3\na\nb\n", &res);
    passes("query IT valuesort\nSELECT 1\n----\nb a 3\n1\n", &res);
    passes("query IT colnames valuesort\nSELECT 1\n----\nc0 c1\na b 1 3\n", &res);
    fails("query IT valuesort\nSELECT 1\n----\n1\n3\na\n", &res,
          "t.test:1: query: expected 3 values, got 4\n    ...\n     3\n     a\n    +b");
    fails("query IT valuesort\nSELECT 1\n----\n1\n3\na\na\n", &res,
          "t.test:1: query: results differ\n    ...\n     3\n     a\n    -a\n    +b");
}
END_TEST

START_TEST(values_rendered) {
    /* NULL, the empty string, a value of several tokens, a value of spaces only */
    const char *v[] = {NULL, "", "a b", " \t"};
    jt_result res = make_result(4, 1, v);
    passes("query TTTT\nSELECT 1\n----\nNULL · a b\n", &res);
    passes("query TTTT rowsort\nSELECT 1\n----\nNULL · a    b\n", &res);
    passes("query TTTT valuesort\nSELECT 1\n----\nb a · NULL\n", &res);
    fails("query TTTT\nSELECT 1\n----\nNULL NULL a b\n", &res,
          "t.test:1: query: results differ\n    -NULL NULL a b\n    +NULL · a b");
    fails("query TTTT\nSELECT 1\n----\nNULL · ab\n", &res,
          "t.test:1: query: results differ\n    -NULL · ab\n    +NULL · a b");
}
END_TEST

START_TEST(no_rows) {
    const char *v[] = {"x"};
    jt_result none = make_result(1, 0, NULL), one = make_result(1, 1, v);
    passes("query I\nSELECT 1\n----\n", &none);
    passes("query I\nSELECT 1\n", &none);
    passes("query I colnames\nSELECT 1\n----\nc0\n", &none);
    fails("query I\nSELECT 1\n----\n", &one, "t.test:1: query: expected 0 rows, got 1\n    +x");
    fails("query I\nSELECT 1\n----\n1\n", &none, "t.test:1: query: expected 1 row, got 0\n    -1");
}
END_TEST

/* A message that needs "pq: " before it, longer than the checker's buffer on the stack. */
START_TEST(error_regex) {
    char msg[600];
    jt_result res = make_result(0, 0, NULL);
    long nalloc;
    memset(msg, 'x', sizeof msg - 1);
    msg[sizeof msg - 1] = '\0';
    res.failed = 1;
    memcpy(res.sqlstate, "XX000", 6);
    res.message = msg;
    ck_assert_ptr_null(check_text("statement error pq: x+$\nPAUSE JOB 1\n", &res, &nalloc));
    msg[10] = '\0'; /* "pq: " + message fits on the stack: no allocation */
    passes("statement error pq: x+$\nPAUSE JOB 1\n", &res);
    passes("statement error pgcode XX000 ^x+$\nPAUSE JOB 1\n", &res);
    fails("statement error pq: y\nPAUSE JOB 1\n", &res,
          "t.test:1: statement error: expected an error matching \"pq: y\", got error XX000: "
          "xxxxxxxxxx");
}
END_TEST

/* A path so long that "path:line: " takes most of a message: a failure is still one. */
START_TEST(long_path) {
    const char *v[] = {"2"};
    jt_result res = make_result(1, 1, v);
    jt_case_file *cf = parse_ok("query I\nSELECT 1\n----\n1\n");
    size_t n = JT_LIMIT_MESSAGE - 8;
    char *path = malloc(n + 1), *msg;
    ck_assert_ptr_nonnull(path);
    memset(path, 'p', n);
    path[n] = '\0';
    msg = check(path, &cf->records[0], &res);
    ck_assert_ptr_nonnull(msg);
    ck_assert(strncmp(msg, path, n) == 0);
    ck_assert_str_eq(msg + n, ":1: query: results differ\n    -1\n    +2");
    free(msg);
    free(path);
    jt_case_free(cf);
}
END_TEST

/* ---- the fast path against the exact comparison, at random -------------------------------- */

static uint64_t rng_state = 88172645463325252u;
static unsigned rnd(unsigned n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static const char *const pool[] = {"1", "2", "a", "b", "", NULL, "a b", " ", "1\t2", "·", "NULL"};
#define NPOOL (sizeof pool / sizeof *pool)

/* A value as check.c renders it (or, mutated, another token), then a separator: a space, a
   tab, or a line break (the line splits there). */
static void add_value(char *buf, const char *v, int mutate) {
    static const char *const other[] = {"1", "2", "a", "b", "z"};
    const char *r = v ? (*v ? v : "\xc2\xb7") : "NULL";
    if (mutate)
        r = other[rnd(5)];
    strcat(buf, r);
    strcat(buf, rnd(4) ? " " : rnd(2) ? "\t" : "\n");
}

/* The lines of lines that have a token, appended to text: a blank line would end them. */
static void add_lines(char *text, char *lines) {
    for (char *line = strtok(lines, "\n"); line; line = strtok(NULL, "\n")) {
        if (strspn(line, " \t") == strlen(line))
            continue;
        strcat(text, line);
        strcat(text, "\n");
    }
}

/* A query with random options and the expected lines of a random result (shuffled, split,
   with a token changed or a row more now and then), and that result. */
static void random_case(char *text, jt_result *res, const char **values) {
    static const char *const opts[] = {"",          " rowsort",          " valuesort",
                                       " colnames", " colnames rowsort", " colnames valuesort",
                                       " nosort"};
    size_t ncols = 1 + rnd(3), nrows = rnd(5), ntypes = rnd(8) ? ncols : 1 + rnd(3), i, c;
    const char *opt = opts[rnd(7)];
    size_t order[8];
    char lines[512] = "";
    *res = make_result(ncols, nrows, values);
    for (i = 0; i < nrows * ncols; i++)
        values[i] = pool[rnd(NPOOL)];
    sprintf(text, "query %.*s%s\nSELECT 1\n----\n", (int)ntypes, "TTTT", opt);
    if (strstr(opt, "colnames")) {
        for (c = 0; c < ncols; c++) {
            strcat(text, rnd(20) ? res->columns[c] : "zz");
            strcat(text, " ");
        }
        strcat(text, "\n");
    }
    for (i = 0; i < nrows; i++)
        order[i] = i;
    for (i = nrows; i > 1 && strstr(opt, "sort") && !strstr(opt, "nosort") && rnd(2);) {
        size_t j = rnd((unsigned)i--), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (i = 0; i < nrows + (rnd(15) == 0); i++) {
        for (c = 0; c < ncols; c++)
            add_value(lines, i < nrows ? values[order[i] * ncols + c] : "9", rnd(30) == 0);
        strcat(lines, "\n");
    }
    add_lines(text, lines);
}

START_TEST(fast_path_agrees) {
    long npass = 0, nfast = 0, nfail = 0, nalloc;
    for (int k = 0; k < 20000; k++) {
        char text[1024];
        const char *values[16];
        jt_result res;
        jt_case_file *cf = NULL;
        jt_error err;
        char *msg;
        random_case(text, &res, values);
        memset(&err, 0, sizeof err);
        if (jt_case_parse(&cf, "t.test", text, strlen(text), &err) != 0)
            continue; /* a result line the reader takes for a record, say */
        jt_case_free(cf);
        msg = check_text(text, &res, &nalloc);
        if (msg)
            nfail++;
        else
            npass++, nfast += nalloc == 0;
        free(msg);
    }
    /* both outcomes were seen many times, and most passes were found without an allocation
       (the others: rowsort with lines that split the rows' tokens otherwise, which only the
       exact comparison tells apart) */
    ck_assert_int_gt(npass, 2000);
    ck_assert_int_gt(nfail, 2000);
    ck_assert_int_gt(nfast, npass - npass / 10);
}
END_TEST

static Suite *check_suite(void) {
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, nosort);
    tcase_add_test(tc, rowsort);
    tcase_add_test(tc, rowsort_long_rows);
    tcase_add_test(tc, rowsort_many_rows);
    tcase_add_test(tc, tokens_compared_byte_for_byte);
    tcase_add_test(tc, valuesort);
    tcase_add_test(tc, values_rendered);
    tcase_add_test(tc, no_rows);
    tcase_add_test(tc, error_regex);
    tcase_add_test(tc, long_path);
    tcase_add_test(tc, fast_path_agrees);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(check_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
