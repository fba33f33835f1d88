/* Check suite of model/eval.c through jt_model_exec: conditions with SQL's three-valued logic,
   ORDER BY, LIMIT/OFFSET, VALUES, SELECT without FROM, subqueries, casts and coercions,
   PREPARE/EXECUTE, column names and types, SHOW JOBS (PJ-SHOW), errors and the rendering of
   values (docs/spec.md, sections 3 and 6). */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* ---- helpers ------------------------------------------------------------------------- */

static jt_model *model_new(void) {
    jt_model *m = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_model_new(&m, jt_profile_find("v2.1"), &err) == 0, "jt_model_new: %s",
                  err.message);
    ck_assert_ptr_nonnull(m);
    return m;
}

static void job_at(int line, jt_model *m, long long id, const char *type, const char *status,
                   const char *user, const char *description, const char *error) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = type;
    fx.status = status;
    fx.user = user;
    fx.description = description;
    fx.error = error;
    ck_assert_msg(jt_model_fixture(m, &fx, &err) == 0, "line %d: fixture job %lld: %s", line, id,
                  err.message);
}
#define job(m, id, type, status) job_at(__LINE__, m, id, type, status, NULL, NULL, NULL)
#define job_x(m, id, type, status, user, desc, error)                                              \
    job_at(__LINE__, m, id, type, status, user, desc, error)

static void run_at(int line, jt_model *m, const char *sql, jt_result *r) {
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_model_exec(m, "root", sql, r, &err);
    ck_assert_msg(rc == 0, "line %d: %s: jt_model_exec returned %d: %s", line, sql, rc,
                  err.message);
}

static void expect_ok_at(int line, const char *sql, const jt_result *r) {
    ck_assert_msg(!r->failed, "line %d: %s: unexpected error %s: %s", line, sql, r->sqlstate,
                  r->message ? r->message : "(null)");
}

/* The statement succeeds; with tag, its command tag is tag. */
static void exec_ok_at(int line, jt_model *m, const char *sql, const char *tag) {
    jt_result r;
    run_at(line, m, sql, &r);
    expect_ok_at(line, sql, &r);
    if (tag)
        ck_assert_msg(strcmp(r.tag, tag) == 0, "line %d: %s: tag '%s', expected '%s'", line, sql,
                      r.tag, tag);
    jt_result_dispose(&r);
}
#define exec_ok(m, sql, tag) exec_ok_at(__LINE__, m, sql, tag)

/* The statement fails with exactly this SQLSTATE and message (NULL: any message). */
static void exec_err_at(int line, jt_model *m, const char *sql, const char *sqlstate,
                        const char *msg) {
    jt_result r;
    run_at(line, m, sql, &r);
    ck_assert_msg(r.failed, "line %d: %s: succeeded (tag '%s'), expected %s", line, sql, r.tag,
                  sqlstate);
    ck_assert_msg(strcmp(r.sqlstate, sqlstate) == 0, "line %d: %s: SQLSTATE %s (%s), expected %s",
                  line, sql, r.sqlstate, r.message ? r.message : "(null)", sqlstate);
    if (msg)
        ck_assert_msg(r.message && strcmp(r.message, msg) == 0,
                      "line %d: %s:\n  message  %s\n  expected %s", line, sql,
                      r.message ? r.message : "(null)", msg);
    ck_assert_msg(r.nrows == 0 && r.ncols == 0 && r.values == NULL,
                  "line %d: %s: an error with rows", line, sql);
    jt_result_dispose(&r);
}
#define exec_err(m, sql, sqlstate, msg) exec_err_at(__LINE__, m, sql, sqlstate, msg)

/* The rows of a query as text: cells joined by '|', rows by ' ', SQL NULL as NULL. */
static const char *rows_at(int line, jt_model *m, const char *sql) {
    static char buf[16384];
    size_t n = 0, i, k;
    jt_result r;
    run_at(line, m, sql, &r);
    expect_ok_at(line, sql, &r);
    buf[0] = '\0';
    for (i = 0; i < r.nrows; i++) {
        for (k = 0; k < r.ncols; k++) {
            const char *v = r.values[i * r.ncols + k];
            int w =
                snprintf(buf + n, sizeof buf - n, "%s%s", k ? "|" : (i ? " " : ""), v ? v : "NULL");
            ck_assert_msg(w >= 0 && (size_t)w < sizeof buf - n, "line %d: result too long", line);
            n += (size_t)w;
        }
    }
    ck_assert_int_eq(r.count, (long long)r.nrows);
    jt_result_dispose(&r);
    return buf;
}
#define rows(m, sql) rows_at(__LINE__, m, sql)
#define assert_rows(m, sql, want) ck_assert_str_eq(rows(m, sql), want)

/* The column names of a query joined by ',', then ':' and the type letters. */
static const char *columns_at(int line, jt_model *m, const char *sql) {
    static char buf[1024];
    size_t n = 0, k;
    jt_result r;
    run_at(line, m, sql, &r);
    expect_ok_at(line, sql, &r);
    buf[0] = '\0';
    for (k = 0; k < r.ncols; k++) {
        int w = snprintf(buf + n, sizeof buf - n, "%s%s", k ? "," : "", r.columns[k]);
        ck_assert(w >= 0 && (size_t)w < sizeof buf - n);
        n += (size_t)w;
    }
    snprintf(buf + n, sizeof buf - n, ":%s", r.types ? r.types : "?");
    jt_result_dispose(&r);
    return buf;
}
#define assert_columns(m, sql, want) ck_assert_str_eq(columns_at(__LINE__, m, sql), want)

/* Five jobs, created one second apart from 2018-10-30 12:00:01 in this order; ids chosen so
   that their numeric and text orders differ. */
static jt_model *scenario(void) {
    jt_model *m = model_new();
    job_x(m, 1, "IMPORT", "running", "maxroach", "IMPORT TABLE a CSV DATA ('x')", NULL);
    job_x(m, 2, "BACKUP", "succeeded", "root", "BACKUP DATABASE d TO 'x'", NULL);
    job_x(m, 3, "RESTORE", "pending", "maxroach", "RESTORE d.* FROM 'x'", NULL);
    job_x(m, 10, "CHANGEFEED", "paused", "alice", "CREATE CHANGEFEED FOR t", NULL);
    job_x(m, 20, "SCHEMA CHANGE", "failed", "root", "ALTER TABLE t ADD c INT", "boom");
    return m;
}

/* ids of the jobs that pass cond, in id order */
static const char *ids_where_at(int line, jt_model *m, const char *cond) {
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT job_id FROM [SHOW JOBS] WHERE %s ORDER BY job_id", cond);
    return rows_at(line, m, sql);
}
#define assert_ids_where(m, cond, want) ck_assert_str_eq(ids_where_at(__LINE__, m, cond), want)

/* ---- comparisons ------------------------------------------------------------------------ */

/* The formatting helpers of hot paths cut and render as snprintf would. */
START_TEST(join3_and_decimal) {
    char buf[8], num[24];
    jt_join3(buf, sizeof buf, "SELECT ", jt_decimal(num, 42), "");
    ck_assert_str_eq(buf, "SELECT "); /* cut at 7 bytes and the NUL, as snprintf */
    jt_join3(buf, sizeof buf, "a", "bc", "d");
    ck_assert_str_eq(buf, "abcd");
    jt_join3(buf, 1, "abc", "", "");
    ck_assert_str_eq(buf, "");
    ck_assert_str_eq(jt_decimal(num, 0), "0");
    ck_assert_str_eq(jt_decimal(num, -9223372036854775807LL - 1), "-9223372036854775808");
    ck_assert_str_eq(jt_decimal(num, 1000000000000000000LL), "1000000000000000000");
    ck_assert_str_eq(jt_decimal(num, 9223372036854775807LL), "9223372036854775807");
    /* two digits at a time: every count of digits, odd and even, both signs */
    for (int64_t v = -100001, step = 1; v <= 9223372036854775807LL / 3; v += step) {
        char want[24];
        snprintf(want, sizeof want, "%" PRId64, v);
        ck_assert_str_eq(jt_decimal(num, v), want);
        if (v > 100000)
            step = v / 7;
    }
}
END_TEST

START_TEST(comparison_operators) {
    jt_model *m = scenario();
    assert_ids_where(m, "job_id = 10", "10");
    assert_ids_where(m, "job_id <> 10", "1 2 3 20");
    assert_ids_where(m, "job_id != 10", "1 2 3 20");
    assert_ids_where(m, "job_id < 10", "1 2 3");
    assert_ids_where(m, "job_id <= 10", "1 2 3 10");
    assert_ids_where(m, "job_id > 3", "10 20");
    assert_ids_where(m, "job_id >= 3", "3 10 20");
    assert_ids_where(m, "10 = job_id", "10");
    assert_ids_where(m, "3 < job_id", "10 20");
    assert_ids_where(m, "user_name = 'maxroach'", "1 3");
    assert_ids_where(m, "'maxroach' = user_name", "1 3");
    assert_ids_where(m, "status > 'r'", "1 2");
    assert_ids_where(m, "status <= 'paused'", "10 20");
    assert_ids_where(m, "job_type = 'SCHEMA CHANGE'", "20");
    assert_ids_where(m, "created > '2018-10-30 12:00:03'", "10 20");
    assert_ids_where(m, "created <= '2018-10-30 12:00:02'", "1 2");
    assert_ids_where(m, "job_id = job_id", "1 2 3 10 20");
    assert_ids_where(m, "job_id = 99", "");
    assert_rows(m, "SELECT 1 = 1, 1 <> 2, 1 != 1, 1 < 2, 2 <= 2, 3 > 2, 2 >= 3",
                "true|true|false|true|true|true|false");
    assert_rows(m, "SELECT 'a' < 'b', 'b' = 'b', 'B' = 'b', -1 < 1", "true|true|false|true");
    jt_model_free(m);
}
END_TEST

START_TEST(comparisons_with_null) {
    jt_model *m = scenario();
    assert_rows(m, "SELECT NULL = NULL, 1 = NULL, NULL <> 1, NULL < 1, 'a' >= NULL",
                "NULL|NULL|NULL|NULL|NULL");
    assert_ids_where(m, "started = NULL", "");
    assert_ids_where(m, "finished <> NULL", "");
    /* a column that is NULL compares to NULL */
    assert_ids_where(m, "finished > '2000-01-01 00:00:00'", "2 20");
    assert_ids_where(m, "coordinator_id = 1", "");
    jt_model_free(m);
}
END_TEST

START_TEST(comparison_type_errors) {
    jt_model *m = scenario();
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] WHERE status = 1", "22023",
             "unsupported comparison operator: <string> = <int>");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id", "42804",
             "argument of WHERE must be type bool, not type int");
    exec_err(m, "SELECT 1 AND true", "42804", "argument of AND must be type bool, not type int");
    exec_err(m, "SELECT NOT 'x'::INT", "22P02", "could not parse \"x\" as type int");
    jt_model_free(m);
}
END_TEST

/* ---- IN, IS NULL, LIKE ------------------------------------------------------------------ */

START_TEST(in_lists) {
    jt_model *m = scenario();
    assert_ids_where(m, "job_id IN (1, 10, 99)", "1 10");
    assert_ids_where(m, "job_id NOT IN (1, 10)", "2 3 20");
    assert_ids_where(m, "job_id IN (1, NULL)", "1");
    assert_ids_where(m, "job_id NOT IN (1, NULL)", "");
    assert_ids_where(m, "status IN ('running', 'paused')", "1 10");
    assert_ids_where(m, "job_id IN ('3', '20')", "3 20");
    assert_ids_where(m, "NOT job_id IN (1, 2, 3)", "10 20");
    assert_rows(m,
                "SELECT 1 IN (2, NULL), 1 NOT IN (2, NULL), 1 IN (1, NULL), 1 NOT IN (1, NULL), "
                "NULL IN (1), NULL NOT IN (1), 2 IN (2), 2 NOT IN (3)",
                "NULL|NULL|true|false|NULL|NULL|true|true");
    jt_model_free(m);
}
END_TEST

/* WHERE clauses the model answers from its indexes (model/where.c): the rows and the order of
   an evaluation on every job, also after a job changed owner (the owners' index is then stale
   and the jobs are scanned). */
START_TEST(indexed_selections) {
    jt_model *m = scenario();
    long long id;
    for (id = 100; id < 180; id++) /* many jobs of root: maxroach's are few, found by index */
        job_x(m, id, "IMPORT", "running", "root", NULL, NULL);
    assert_ids_where(m, "user_name = 'maxroach'", "1 3");
    assert_ids_where(m, "'maxroach' = user_name AND status = 'pending'", "3");
    assert_ids_where(m, "(user_name = 'alice' OR user_name = 'maxroach') AND job_type <> 'IMPORT'",
                     "3 10");
    assert_ids_where(m, "user_name = 'nobody'", "");
    assert_ids_where(m, "job_id IN (3, 1, 3, 999) AND user_name = 'maxroach'", "1 3");
    assert_ids_where(m, "job_id = 10 AND job_id IN (10, 20)", "10");
    /* SHOW JOBS order: the running job first, the pending one (never started) last */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach'", "1 3");
    /* job 3 passes to alice: the index of owners knows it no more */
    job_x(m, 3, "RESTORE", "pending", "alice", "RESTORE d.* FROM 'x'", NULL);
    assert_ids_where(m, "user_name = 'maxroach'", "1");
    assert_ids_where(m, "user_name = 'alice'", "3 10");
    jt_model_free(m);
}
END_TEST

/* Owners found through the table of accepted users, read eight entries at a time: users at
   both ends of a word and of the table, among 140, give the jobs a scan of every job gives
   (`job_id = job_id AND …` is not answered from the indexes). */
START_TEST(indexed_selections_many_users) {
    static const struct {
        const char *in;
        size_t users;
    } picks[] = {{"'u0', 'u7', 'u8', 'u63', 'u64', 'u71', 'u139'", 7},
                 {"'u139'", 1},
                 {"'u0'", 1},
                 {"'u8', 'nobody'", 1}};
    char user[8], by_index[4096], by_scan[4096], cond[256];
    jt_model *m = model_new();
    long long id = 1;
    size_t p, words;
    int u, k;
    /* 30 jobs each, round robin: 210 picked jobs are under an eighth of 4 200, so that a user
       taken for another would add its jobs to the answer, not turn it into a scan */
    for (k = 0; k < 30; k++)
        for (u = 0; u < 140; u++) {
            snprintf(user, sizeof user, "u%d", u);
            job_x(m, id++, "IMPORT", "running", user, NULL, NULL);
        }
    for (p = 0; p < sizeof picks / sizeof picks[0]; p++) {
        snprintf(cond, sizeof cond, "user_name IN (%s)", picks[p].in);
        snprintf(by_index, sizeof by_index, "%s", ids_where_at(__LINE__, m, cond));
        snprintf(cond, sizeof cond, "job_id = job_id AND user_name IN (%s)", picks[p].in);
        snprintf(by_scan, sizeof by_scan, "%s", ids_where_at(__LINE__, m, cond));
        ck_assert_str_eq(by_index, by_scan);
        for (k = 0, words = 1; by_index[k]; k++)
            words += by_index[k] == ' ';
        ck_assert_uint_eq(words, picks[p].users * 30);
    }
    assert_ids_where(m, "user_name IN ('u0', 'u7', 'u8') AND job_id IN (1, 8, 9, 10, 141)",
                     "1 8 9 141");
    jt_model_free(m);
}
END_TEST

/* NOT IN over a status, type or owner and ranges of ids (`job_id < k` and the like) are
   answered without an evaluation per job (model/where.c): each gives the ids a scan gives
   (`job_id = job_id AND …` is evaluated on every job), at the ends of INT's range too. */
START_TEST(indexed_ranges_and_not_in) {
    static const char *const conds[] = {
        "status NOT IN ('running', 'paused')",
        "job_type NOT IN ('IMPORT')",
        "user_name NOT IN ('maxroach', 'nobody')",
        "user_name NOT IN ('nobody')",
        "status NOT IN ('running') OR status = 'running'",
        "user_name = 'maxroach' AND status NOT IN ('pending')",
        "job_id >= 3 AND job_id < 20",
        "job_id > 3",
        "job_id <= 3",
        "3 < job_id",
        "20 >= job_id AND 2 <= job_id",
        "job_id < 10 AND job_id > 10",
        "job_id >= 10 AND job_id <= 10",
        "job_id < -9223372036854775808",
        "job_id <= -9223372036854775808",
        "job_id > 9223372036854775807",
        "job_id >= 9223372036854775807",
        "job_id > -9223372036854775808 AND job_id < 9223372036854775807",
        "job_id IN (1, 3, 10) AND job_id > 1",
        "user_name = 'maxroach' AND job_id < 3",
        "job_id > 1 AND status NOT IN ('failed') AND job_type <> 'BACKUP'",
    };
    static const char *const want[] = {"2 3 20",
                                       "2 3 10 20",
                                       "2 10 20",
                                       "1 2 3 10 20",
                                       "1 2 3 10 20",
                                       "1",
                                       "3 10",
                                       "10 20",
                                       "1 2 3",
                                       "10 20",
                                       "2 3 10 20",
                                       "",
                                       "10",
                                       "",
                                       "",
                                       "",
                                       "",
                                       "1 2 3 10 20",
                                       "3 10",
                                       "1",
                                       "3 10"};
    jt_model *m = scenario();
    char cond[256], by_index[256];
    size_t k;
    for (k = 0; k < sizeof conds / sizeof conds[0]; k++) {
        snprintf(by_index, sizeof by_index, "%s", ids_where_at(__LINE__, m, conds[k]));
        snprintf(cond, sizeof cond, "job_id = job_id AND (%s)", conds[k]);
        ck_assert_msg(strcmp(by_index, ids_where_at(__LINE__, m, cond)) == 0,
                      "%s: '%s' by the indexes, '%s' by a scan", conds[k], by_index,
                      ids_where_at(__LINE__, m, cond));
        ck_assert_msg(strcmp(by_index, want[k]) == 0, "%s: '%s', expected '%s'", conds[k], by_index,
                      want[k]);
    }
    jt_model_free(m);
}
END_TEST

START_TEST(in_subqueries) {
    jt_model *m = scenario();
    assert_ids_where(m, "job_id IN (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach')",
                     "1 3");
    assert_ids_where(m,
                     "job_id NOT IN (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach')",
                     "2 10 20");
    assert_ids_where(m, "job_id IN (SELECT id FROM system.jobs WHERE status = 'failed')", "20");
    assert_ids_where(m, "job_id IN (VALUES (2), (3))", "2 3");
    /* empty: IN is false and NOT IN true, even for NULL */
    assert_rows(m,
                "SELECT 1 IN (SELECT job_id FROM [SHOW JOBS] WHERE job_id = 0), "
                "NULL NOT IN (SELECT job_id FROM [SHOW JOBS] WHERE job_id = 0), "
                "NULL IN (SELECT job_id FROM [SHOW JOBS])",
                "false|true|NULL");
    exec_err(m, "SELECT 1 IN (SELECT job_id, status FROM [SHOW JOBS])", "42601",
             "subquery has too many columns");
    jt_model_free(m);
}
END_TEST

START_TEST(is_null) {
    jt_model *m = scenario();
    assert_ids_where(m, "finished IS NULL", "1 3 10");
    assert_ids_where(m, "finished IS NOT NULL", "2 20");
    assert_ids_where(m, "started IS NULL", "3");
    assert_ids_where(m, "coordinator_id IS NULL", "1 2 3 10 20");
    assert_ids_where(m, "error IS NULL", "");
    assert_rows(m, "SELECT NULL IS NULL, 1 IS NULL, NULL IS NOT NULL, 'a' IS NOT NULL",
                "true|false|false|true");
    jt_model_free(m);
}
END_TEST

START_TEST(like_on_jobs) {
    jt_model *m = scenario();
    assert_ids_where(m, "description LIKE 'RESTORE%'", "3");
    assert_ids_where(m, "user_name LIKE 'max%'", "1 3");
    assert_ids_where(m, "user_name LIKE '_lice'", "10");
    assert_ids_where(m, "user_name NOT LIKE '%a%'", "2 20");
    assert_ids_where(m, "status LIKE '%e%'", "2 3 10 20");
    assert_ids_where(m, "description LIKE '%''x''%'", "1 2 3");
    assert_ids_where(m, "error LIKE ''", "1 2 3 10");
    jt_model_free(m);
}
END_TEST

/* LIKE: % any run, _ one character, \ escapes; case-sensitive; NULL gives NULL. */
START_TEST(like_patterns) {
    static const struct {
        const char *s, *p;
        const char *want;
    } cases[] = {
        {"abc", "a%", "true"},
        {"abc", "a_c", "true"},
        {"abc", "a_", "false"},
        {"", "%", "true"},
        {"", "", "true"},
        {"a", "", "false"},
        {"", "_", "false"},
        {"abc", "%", "true"},
        {"abc", "%c", "true"},
        {"abc", "%b", "false"},
        {"abc", "b%", "false"},
        {"aaab", "%a%b", "true"},
        {"abcabd", "%abd", "true"},
        {"abcab", "%abd", "false"},
        {"mississippi", "%ss%ss%", "true"},
        {"mississippi", "%ss%ss%ss%", "false"},
        {"mississippi", "m%i%s%i%p%i", "true"},
        {"abc", "%_", "true"},
        {"abc", "___", "true"},
        {"abc", "____", "false"},
        {"abc", "a%%c", "true"},
        {"abc", "%%%", "true"},
        {"ABC", "a%", "false"},
        {"a%", "a\\%", "true"},
        {"ab", "a\\%", "false"},
        {"a_b", "a\\_b", "true"},
        {"axb", "a\\_b", "false"},
        {"a\\b", "a\\\\b", "true"},
        {"%", "%\\%", "true"},
        {"x%y", "%\\%%", "true"},
        {"xy", "%\\%%", "false"},
    };
    jt_model *m = model_new();
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char sql[256], want[64];
        snprintf(sql, sizeof sql, "SELECT '%s' LIKE '%s', '%s' NOT LIKE '%s'", cases[k].s,
                 cases[k].p, cases[k].s, cases[k].p);
        snprintf(want, sizeof want, "%s|%s", cases[k].want,
                 strcmp(cases[k].want, "true") == 0 ? "false" : "true");
        ck_assert_msg(strcmp(rows(m, sql), want) == 0, "%s: %s, expected %s", sql, rows(m, sql),
                      want);
    }
    assert_rows(m, "SELECT NULL LIKE 'a', 'a' LIKE NULL, NULL NOT LIKE '%'", "NULL|NULL|NULL");
    jt_model_free(m);
}
END_TEST

/* _ is one character, also when it takes several bytes in UTF-8. */
START_TEST(like_underscore_is_one_character) {
    jt_model *m = model_new();
    assert_rows(m,
                "SELECT '\xc3\xa9' LIKE '_', 'n\xc3\xa9' LIKE 'n_', '\xc3\xa9' LIKE '__', "
                "'\xe2\x82\xac' LIKE '_', '\xf0\x9f\x98\x80x' LIKE '_x'",
                "true|true|false|true|true");
    jt_model_free(m);
}
END_TEST

/* Many % against a long string that does not match: answered in time, not by trying every
   split. */
START_TEST(like_many_percent_signs) {
    jt_model *m = model_new();
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT '%s' LIKE '%s'", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             "%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%a%b");
    assert_rows(m, sql, "false");
    jt_model_free(m);
}
END_TEST

/* ---- AND, OR, NOT: three-valued logic ------------------------------------------------------ */

START_TEST(three_valued_logic) {
    static const char *const v[] = {"true", "false", "NULL"};
    /* [a][b] */
    static const char *const and_[3][3] = {
        {"true", "false", "NULL"}, {"false", "false", "false"}, {"NULL", "false", "NULL"}};
    static const char *const or_[3][3] = {
        {"true", "true", "true"}, {"true", "false", "NULL"}, {"true", "NULL", "NULL"}};
    static const char *const not_[3] = {"false", "true", "NULL"};
    jt_model *m = model_new();
    size_t a, b;
    for (a = 0; a < 3; a++) {
        char sql[128], want[64];
        for (b = 0; b < 3; b++) {
            snprintf(sql, sizeof sql, "SELECT %s AND %s, %s OR %s", v[a], v[b], v[a], v[b]);
            snprintf(want, sizeof want, "%s|%s", and_[a][b], or_[a][b]);
            ck_assert_msg(strcmp(rows(m, sql), want) == 0, "%s: %s, expected %s", sql, rows(m, sql),
                          want);
        }
        snprintf(sql, sizeof sql, "SELECT NOT %s", v[a]);
        ck_assert_str_eq(rows(m, sql), not_[a]);
    }
    jt_model_free(m);
}
END_TEST

START_TEST(three_valued_logic_in_where) {
    jt_model *m = scenario();
    /* job 3 never started: started > t is NULL, and so is its negation */
    assert_ids_where(m, "started > '2018-10-30 12:00:00'", "1 2 10 20");
    assert_ids_where(m, "NOT started > '2018-10-30 12:00:00'", "");
    assert_ids_where(m, "started > '2018-10-30 12:00:00' OR job_id = 3", "1 2 3 10 20");
    assert_ids_where(m, "NOT (started > '2018-10-30 12:00:00' AND job_id = 3)", "1 2 10 20");
    assert_ids_where(m, "NULL", "");
    assert_ids_where(m, "NULL OR true", "1 2 3 10 20");
    assert_ids_where(m, "NULL AND false", "");
    assert_ids_where(m, "NOT NULL", "");
    assert_ids_where(m, "(user_name = 'maxroach' OR user_name = 'alice') AND NOT status = 'paused'",
                     "1 3");
    assert_ids_where(m, "user_name = 'maxroach' OR user_name = 'alice' AND status = 'paused'",
                     "1 3 10");
    jt_model_free(m);
}
END_TEST

/* ---- ORDER BY, LIMIT, OFFSET --------------------------------------------------------------- */

START_TEST(order_by) {
    jt_model *m = scenario();
    /* numerically, not as text */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id", "1 2 3 10 20");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id ASC", "1 2 3 10 20");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id DESC", "20 10 3 2 1");
    assert_rows(m, "SELECT user_name, job_id FROM [SHOW JOBS] ORDER BY user_name, job_id DESC",
                "alice|10 maxroach|3 maxroach|1 root|20 root|2");
    assert_rows(m, "SELECT user_name, job_id FROM [SHOW JOBS] ORDER BY user_name DESC, job_id",
                "root|2 root|20 maxroach|1 maxroach|3 alice|10");
    /* a column not selected */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY user_name, created", "10 1 3 2 20");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY created DESC", "20 10 3 2 1");
    /* an ordinal of the select list */
    assert_rows(m, "SELECT job_id, status FROM [SHOW JOBS] ORDER BY 2",
                "20|failed 10|paused 3|pending 1|running 2|succeeded");
    assert_rows(m, "SELECT job_id, user_name FROM [SHOW JOBS] ORDER BY 2 DESC, 1",
                "2|root 20|root 1|maxroach 3|maxroach 10|alice");
    assert_rows(m, "SELECT * FROM system.jobs ORDER BY 2 DESC, 1 LIMIT 2",
                "2|succeeded|2018-10-30 12:00:02 1|running|2018-10-30 12:00:01");
    /* an alias of the select list */
    assert_rows(m, "SELECT job_id AS j FROM [SHOW JOBS] ORDER BY j DESC", "20 10 3 2 1");
    assert_rows(m, "SELECT user_name AS who, job_id FROM [SHOW JOBS] ORDER BY who, job_id",
                "alice|10 maxroach|1 maxroach|3 root|2 root|20");
    /* NULLs first ascending, last descending */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY finished, job_id", "1 3 10 2 20");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY finished DESC, job_id", "20 2 1 3 10");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY started, job_id", "3 1 2 10 20");
    jt_model_free(m);
}
END_TEST

START_TEST(order_by_errors) {
    jt_model *m = scenario();
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY 2", "42P10",
             "ORDER BY position 2 is not in select list");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY 0", "42P10",
             "ORDER BY position 0 is not in select list");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY nosuch", "42703",
             "column \"nosuch\" does not exist");
    jt_model_free(m);
}
END_TEST

START_TEST(limit_offset) {
    jt_model *m = scenario();
    const char *q = "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id";
    char sql[256];
    static const struct {
        const char *tail, *want;
    } cases[] = {
        {"LIMIT 2", "1 2"},
        {"LIMIT 0", ""},
        {"LIMIT 100", "1 2 3 10 20"},
        {"OFFSET 3", "10 20"},
        {"OFFSET 5", ""},
        {"OFFSET 10", ""},
        {"LIMIT 2 OFFSET 1", "2 3"},
        {"LIMIT 1 OFFSET 4", "20"},
        {"LIMIT NULL", "1 2 3 10 20"},
        {"LIMIT '2'", "1 2"},
        {"OFFSET 0", "1 2 3 10 20"},
    };
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(sql, sizeof sql, "%s %s", q, cases[k].tail);
        ck_assert_msg(strcmp(rows(m, sql), cases[k].want) == 0, "%s: %s, expected %s", sql,
                      rows(m, sql), cases[k].want);
    }
    /* LIMIT applies after ORDER BY */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id DESC LIMIT 2", "20 10");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] LIMIT -1", "2201W", "negative value for LIMIT");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] OFFSET -1", "2201W", "negative value for OFFSET");
    exec_ok(m,
            "PAUSE JOBS SELECT job_id FROM [SHOW JOBS] WHERE job_id < 10 ORDER BY job_id "
            "DESC LIMIT 1",
            "PAUSE JOBS 1");
    assert_rows(m, "SELECT status FROM [SHOW JOBS] WHERE job_id = 3", "paused");
    jt_model_free(m);
}
END_TEST

/* ---- VALUES, SELECT without FROM, subqueries --------------------------------------------------
 */

START_TEST(values_lists) {
    jt_model *m = model_new();
    assert_rows(m, "VALUES (1, 'a'), (2, 'b')", "1|a 2|b");
    assert_columns(m, "VALUES (1, 'a'), (2, 'b')", "column1,column2:IT");
    assert_rows(m, "VALUES (NULL), (5)", "NULL 5");
    assert_columns(m, "VALUES (NULL), (5)", "column1:I");
    assert_columns(m, "VALUES ('x')", "column1:T");
    assert_rows(m, "VALUES (1), ('2')", "1 2");
    assert_columns(m, "VALUES (1), ('2')", "column1:I");
    assert_rows(m, "(VALUES (3), (1), (2))", "3 1 2");
    exec_err(m, "VALUES (1), ('x')", "22P02", "could not parse \"x\" as type int");
    exec_err(m, "VALUES (1), (2, 3)", "42601",
             "VALUES lists must all be the same length, expected 1 columns, found 2");
    exec_err(m, "VALUES (1), (true)", "42804", "VALUES types int and bool cannot be matched");
    jt_model_free(m);
}
END_TEST

START_TEST(select_without_from) {
    jt_model *m = scenario();
    assert_rows(m, "SELECT 1", "1");
    assert_rows(m, "SELECT 1, 'a', NULL, true", "1|a|NULL|true");
    assert_columns(m, "SELECT 'a' AS x, 2 AS \"Y\"", "x,Y:TI");
    assert_rows(m, "SELECT 1 WHERE false", "");
    assert_rows(m, "SELECT 1 WHERE 1 = 1", "1");
    exec_err(m, "SELECT *", "42602", "cannot use \"*\" without a FROM clause");
    exec_err(m, "SELECT job_id", "42703", "column \"job_id\" does not exist");
    jt_model_free(m);
}
END_TEST

START_TEST(scalar_subqueries) {
    jt_model *m = scenario();
    assert_rows(m, "SELECT (SELECT job_id FROM [SHOW JOBS] WHERE job_id = 99)", "NULL");
    assert_rows(m, "SELECT (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'alice')", "10");
    assert_rows(m, "SELECT (SELECT status FROM [SHOW JOBS] WHERE job_id = 20), (SELECT 5)",
                "failed|5");
    assert_ids_where(m, "job_id = (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'alice')",
                     "10");
    assert_ids_where(m, "job_id = (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'nobody')", "");
    assert_ids_where(m, "(SELECT job_id FROM [SHOW JOBS] WHERE job_id = 99) IS NULL",
                     "1 2 3 10 20");
    exec_err(m, "SELECT (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach')", "21000",
             "more than one row returned by a subquery used as an expression");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = (SELECT job_id FROM [SHOW JOBS])",
             "21000", "more than one row returned by a subquery used as an expression");
    exec_err(m, "SELECT (SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 1)", "42601",
             "subquery must return only one column, found 2");
    jt_model_free(m);
}
END_TEST

/* ---- casts and coercions ---------------------------------------------------------------- */

START_TEST(casts) {
    jt_model *m = scenario();
    assert_rows(m, "SELECT 1::INT, 1::OID, '12'::INT, '12'::OID, 5::INT::OID, '-5'::INT",
                "1|1|12|12|5|-5");
    assert_columns(m, "SELECT 1::INT AS a, 1::OID AS b", "a,b:IO");
    assert_rows(m, "SELECT job_id::OID FROM [SHOW JOBS] WHERE job_id = 10", "10");
    assert_columns(m, "SELECT job_id::OID AS j FROM [SHOW JOBS]", "j:O");
    assert_rows(m, "SELECT NULL::INT, NULL::OID", "NULL|NULL");
    assert_columns(m, "SELECT NULL::INT AS n", "n:I");
    exec_err(m, "SELECT 'x'::INT", "22P02", "could not parse \"x\" as type int");
    exec_err(m, "SELECT 'x'::OID", "22P02", "could not parse \"x\" as type oid");
    exec_err(m, "SELECT status::INT FROM [SHOW JOBS] WHERE job_id = 1", "22P02",
             "could not parse \"running\" as type int");
    exec_err(m, "SELECT '9223372036854775808'::INT", "22003", NULL);
    jt_model_free(m);
}
END_TEST

START_TEST(string_to_int_coercion) {
    jt_model *m = scenario(), *empty = model_new();
    assert_ids_where(m, "job_id = '10'", "10");
    assert_ids_where(m, "job_id IN ('1', '3')", "1 3");
    assert_ids_where(m, "job_id > '2'", "3 10 20");
    assert_rows(m, "SELECT 1 = '1', '123'::INT = 123", "true|true");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 'foo'", "22P02",
             "could not parse \"foo\" as type int");
    exec_err(m, "SELECT 2 = 'x'", "22P02", "could not parse \"x\" as type int");
    /* a constant takes its type when the query is planned: no rows are needed to fail */
    exec_err(empty, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 'foo'", "22P02",
             "could not parse \"foo\" as type int");
    /* in control statements (section 3) */
    exec_ok(m, "PAUSE JOB '1'", "PAUSE JOBS 1");
    exec_err(m, "PAUSE JOB 'foo'", "22P02", "could not parse \"foo\" as type int");
    exec_err(m, "PAUSE JOB '1.5'", "22P02", "could not parse \"1.5\" as type int");
    exec_err(m, "PAUSE JOB ''", "22P02", "could not parse \"\" as type int");
    jt_model_free(m);
    jt_model_free(empty);
}
END_TEST

/* An error message is not cut short, however long the value it quotes. */
START_TEST(long_error_message_is_whole) {
    jt_model *m = model_new();
    char value[801], sql[1000], want[1000];
    jt_result r;
    memset(value, 'y', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    snprintf(sql, sizeof sql, "SELECT '%s'::INT", value);
    snprintf(want, sizeof want, "could not parse \"%s\" as type int", value);
    run_at(__LINE__, m, sql, &r);
    ck_assert_int_eq(r.failed, 1);
    ck_assert_str_eq(r.sqlstate, "22P02");
    ck_assert_ptr_nonnull(r.message);
    ck_assert_msg(strcmp(r.message, want) == 0, "message of %zu bytes, expected %zu",
                  strlen(r.message), strlen(want));
    jt_result_dispose(&r);
    jt_model_free(m);
}
END_TEST

/* ---- PREPARE, EXECUTE, DEALLOCATE ------------------------------------------------------------ */

START_TEST(prepare_and_execute) {
    jt_model *m = scenario();
    exec_ok(m, "PREPARE s AS SELECT status FROM [SHOW JOBS] WHERE job_id = $1", "PREPARE");
    assert_rows(m, "EXECUTE s(10)", "paused");
    assert_rows(m, "EXECUTE s('3')", "pending");
    assert_rows(m, "EXECUTE s(99)", "");
    assert_rows(m, "EXECUTE s(NULL)", "");
    assert_columns(m, "EXECUTE s(1)", "status:T");
    exec_ok(m, "PREPARE v AS VALUES ($1, $2)", "PREPARE");
    assert_rows(m, "EXECUTE v(1, 'x')", "1|x");
    exec_ok(m, "PREPARE p AS PAUSE JOB $1", "PREPARE");
    exec_ok(m, "EXECUTE p(1)", "PAUSE JOBS 1");
    exec_ok(m, "EXECUTE p(1)", "PAUSE JOBS 1");
    exec_ok(m, "EXECUTE p('3')", "PAUSE JOBS 1");
    exec_ok(m, "EXECUTE p(NULL)", "PAUSE JOBS 0");
    exec_err(m, "EXECUTE p(2)", "XX000", "cannot pause succeeded job (id 2)");
    exec_err(m, "EXECUTE p('foo')", "22P02", "could not parse \"foo\" as type int");
    exec_err(m, "EXECUTE p(1::OID)", "XX000", "PAUSE JOBS requires int values, not type oid");
    assert_rows(m, "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id IN (1, 3) ORDER BY 1",
                "1|paused 3|paused");
    exec_ok(m, "PREPARE r AS RESUME JOBS VALUES ($1), ($2)", "PREPARE");
    exec_ok(m, "EXECUTE r(1, 3)", "RESUME JOBS 2");
    assert_rows(m, "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id IN (1, 3) ORDER BY 1",
                "1|running 3|running");
    exec_ok(m, "PREPARE a AS SHOW JOBS", "PREPARE");
    assert_columns(m, "EXECUTE a",
                   "job_id,job_type,description,user_name,status,created,started,finished,"
                   "modified,fraction_completed,error,coordinator_id:ITTTTSSSSRTI");
    jt_model_free(m);
}
END_TEST

START_TEST(prepare_errors) {
    jt_model *m = scenario();
    exec_ok(m, "PREPARE s AS PAUSE JOB $1", "PREPARE");
    exec_err(m, "PREPARE s AS SHOW JOBS", "42P05", "prepared statement \"s\" already exists");
    exec_err(m, "EXECUTE s", "08P01",
             "wrong number of parameters for prepared statement \"s\": expected 1, got 0");
    exec_err(m, "EXECUTE s(1, 2)", "08P01",
             "wrong number of parameters for prepared statement \"s\": expected 1, got 2");
    exec_err(m, "EXECUTE nosuch(1)", "26000", "prepared statement \"nosuch\" does not exist");
    exec_err(m, "SELECT $1", "08P01", "no value provided for placeholder: $1");
    exec_err(m, "PAUSE JOB $1", "08P01", "no value provided for placeholder: $1");
    exec_ok(m, "DEALLOCATE s", "DEALLOCATE");
    exec_err(m, "EXECUTE s(1)", "26000", "prepared statement \"s\" does not exist");
    exec_err(m, "DEALLOCATE s", "26000", "prepared statement \"s\" does not exist");
    exec_ok(m, "PREPARE s AS RESUME JOB $1", "PREPARE");
    exec_ok(m, "PREPARE t AS SHOW JOBS", "PREPARE");
    exec_ok(m, "DEALLOCATE ALL", "DEALLOCATE ALL");
    exec_err(m, "EXECUTE s(1)", "26000", "prepared statement \"s\" does not exist");
    exec_err(m, "EXECUTE t", "26000", "prepared statement \"t\" does not exist");
    jt_model_free(m);
}
END_TEST

/* ---- columns and SHOW JOBS (PJ-SHOW) ------------------------------------------------------- */

START_TEST(column_names) {
    jt_model *m = scenario();
    assert_columns(m, "SELECT job_id, status FROM [SHOW JOBS]", "job_id,status:IT");
    assert_columns(m, "SELECT JOB_ID, \"status\" FROM [SHOW JOBS]", "job_id,status:IT");
    assert_columns(m, "SELECT job_id AS id, status AS \"State\" FROM [SHOW JOBS]", "id,State:IT");
    assert_columns(m, "SELECT j.job_id FROM [SHOW JOBS] AS j", "job_id:I");
    assert_columns(m, "SELECT created, fraction_completed, coordinator_id FROM [SHOW JOBS]",
                   "created,fraction_completed,coordinator_id:SRI");
    assert_columns(m, "SELECT * FROM system.jobs", "id,status,created:ITS");
    assert_columns(m, "SELECT * FROM system.jobs WHERE false", "id,status,created:ITS");
    jt_model_free(m);
}
END_TEST

START_TEST(show_jobs_columns) {
    static const char *const cols =
        "job_id,job_type,description,user_name,status,created,started,finished,modified,"
        "fraction_completed,error,coordinator_id:ITTTTSSSSRTI";
    jt_model *m = scenario(), *empty = model_new();
    assert_columns(m, "SHOW JOBS", cols);
    assert_columns(m, "SELECT * FROM [SHOW JOBS]", cols);
    assert_columns(m, "SELECT * FROM crdb_internal.jobs", cols);
    assert_columns(empty, "SHOW JOBS", cols);
    /* every job, finished ones included */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id", "1 2 3 10 20");
    assert_rows(m, "SELECT job_id FROM crdb_internal.jobs ORDER BY job_id", "1 2 3 10 20");
    assert_rows(m, "SELECT id FROM system.jobs ORDER BY id", "1 2 3 10 20");
    assert_rows(empty, "SHOW JOBS", "");
    ck_assert_str_eq(rows(m, "SELECT job_id, job_type, description, user_name, status, created, "
                             "started, finished, modified, error, coordinator_id "
                             "FROM [SHOW JOBS] WHERE job_id = 20"),
                     "20|SCHEMA CHANGE|ALTER TABLE t ADD c INT|root|failed|2018-10-30 12:00:05|"
                     "2018-10-30 12:00:05|2018-10-30 12:00:05|2018-10-30 12:00:05|boom|NULL");
    ck_assert_str_eq(rows(m, "SELECT id, status, created FROM system.jobs WHERE id = 3"),
                     "3|pending|2018-10-30 12:00:03");
    jt_model_free(m);
    jt_model_free(empty);
}
END_TEST

/* SHOW JOBS's order: COALESCE(finished, now()) DESC, started DESC. */
/* SHOW JOBS's order of a few rows (an insertion sort) is that of the same rows among many (a
   merge sort): jobs of several statuses, ties of times and all. */
START_TEST(show_jobs_order_few_and_many) {
    static const char *const statuses[] = {"running", "succeeded", "pending", "paused", "failed"};
    jt_model *m = model_new();
    char all[512], few[512], want[512];
    const char *p;
    size_t w = 0;
    int id;
    for (id = 1; id <= 40; id++)
        job(m, id, "IMPORT", statuses[id % 5]);
    for (id = 3; id <= 40; id += 7)
        job(m, id, NULL, "succeeded"); /* finished later: ties broken by the other keys */
    snprintf(all, sizeof all, "%s", rows(m, "SELECT job_id FROM [SHOW JOBS]"));
    snprintf(few, sizeof few, "%s",
             rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id <= 12 OR job_id > 36"));
    /* want: the ids of all that are <= 12 or > 36, in all's order */
    want[0] = '\0';
    for (p = all; *p;) {
        int v = atoi(p);
        if ((v <= 12 || v > 36) && w < sizeof want)
            w += (size_t)snprintf(want + w, sizeof want - w, "%s%d", w ? " " : "", v);
        p += strcspn(p, " ");
        p += *p == ' ';
    }
    ck_assert_str_eq(few, want);
    jt_model_free(m);
}
END_TEST

START_TEST(show_jobs_order) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "running");       /* 12:00:01 */
    job(m, 2, "BACKUP", "succeeded");     /* 12:00:02 */
    job(m, 3, "RESTORE", "pending");      /* 12:00:03, never started */
    job(m, 4, "CHANGEFEED", "running");   /* 12:00:04 */
    job(m, 5, "SCHEMA CHANGE", "failed"); /* 12:00:05 */
    job(m, 1, NULL, "succeeded");         /* finished 12:00:06 */
    /* ongoing first, newest started first, never started last; then the newest finished */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS]", "4 3 1 5 2");
    exec_ok(m, "PAUSE JOB 4", "PAUSE JOBS 1"); /* 12:00:07, started unchanged */
    job(m, 6, "IMPORT", "running");            /* 12:00:08 */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS]", "6 4 3 1 5 2");
    /* finished together: started decides */
    exec_ok(m, "CANCEL JOBS VALUES (4), (6)", "CANCEL JOBS 2"); /* 12:00:09 */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS]", "3 6 4 1 5 2");
    assert_rows(m, "SELECT job_id FROM crdb_internal.jobs ORDER BY finished DESC, started DESC",
                "6 4 1 5 2 3");
    {
        jt_result r;
        run_at(__LINE__, m, "SHOW JOBS", &r);
        expect_ok_at(__LINE__, "SHOW JOBS", &r);
        ck_assert_uint_eq(r.nrows, 6);
        ck_assert_str_eq(r.values[0 * r.ncols], "3");
        ck_assert_str_eq(r.values[1 * r.ncols], "6");
        ck_assert_str_eq(r.values[5 * r.ncols], "2");
        jt_result_dispose(&r);
    }
    jt_model_free(m);
}
END_TEST

/* ---- unknown names ---------------------------------------------------------------------- */

START_TEST(unknown_columns_and_tables) {
    jt_model *m = scenario(), *empty = model_new();
    exec_err(m, "SELECT nosuch FROM [SHOW JOBS]", "42703", "column \"nosuch\" does not exist");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] WHERE nosuch = 1", "42703",
             "column \"nosuch\" does not exist");
    exec_err(m, "SELECT id FROM [SHOW JOBS]", "42703", "column \"id\" does not exist");
    exec_err(m, "SELECT job_id FROM system.jobs", "42703", "column \"job_id\" does not exist");
    exec_err(m, "SELECT \"JOB_ID\" FROM [SHOW JOBS]", "42703", "column \"JOB_ID\" does not exist");
    exec_err(m, "PAUSE JOBS SELECT nosuch FROM [SHOW JOBS]", "42703",
             "column \"nosuch\" does not exist");
    exec_err(m, "SELECT * FROM nosuch", "42P01", "relation \"nosuch\" does not exist");
    exec_err(m, "SELECT * FROM system.nosuch", "42P01",
             "relation \"system.nosuch\" does not exist");
    /* names are resolved when the query is planned: no rows are needed */
    exec_err(empty, "SELECT nosuch FROM [SHOW JOBS]", "42703", "column \"nosuch\" does not exist");
    exec_err(empty, "SELECT job_id FROM [SHOW JOBS] WHERE nosuch = 1", "42703",
             "column \"nosuch\" does not exist");
    jt_model_free(m);
    jt_model_free(empty);
}
END_TEST

/* ---- rendering of values ---------------------------------------------------------------- */

START_TEST(rendering) {
    jt_model *m = scenario();
    jt_result r;
    /* SQL NULL is a null pointer; an empty string is not */
    run_at(__LINE__, m, "SELECT NULL, '', error FROM [SHOW JOBS] WHERE job_id = 1", &r);
    expect_ok_at(__LINE__, "SELECT NULL", &r);
    ck_assert_uint_eq(r.nrows, 1);
    ck_assert_uint_eq(r.ncols, 3);
    ck_assert_ptr_null(r.values[0]);
    ck_assert_ptr_nonnull(r.values[1]);
    ck_assert_str_eq(r.values[1], "");
    ck_assert_ptr_nonnull(r.values[2]);
    ck_assert_str_eq(r.values[2], "");
    ck_assert_str_eq(r.tag, "SELECT 1");
    ck_assert_int_eq(r.count, 1);
    jt_result_dispose(&r);
    /* integers in decimal */
    assert_rows(m, "SELECT 0, -5, 27536791415282, 9223372036854775807, -9223372036854775808",
                "0|-5|27536791415282|9223372036854775807|-9223372036854775808");
    assert_rows(m, "SELECT 007, -0", "7|0");
    /* timestamps as YYYY-MM-DD HH:MM:SS */
    assert_rows(m, "SELECT created, started FROM [SHOW JOBS] WHERE job_id = 1",
                "2018-10-30 12:00:01|2018-10-30 12:00:01");
    assert_rows(m,
                "SELECT '2000-02-29 23:59:59'::TIMESTAMP, '1969-12-31 23:59:59'::TIMESTAMP, "
                "'2018-10-30'::TIMESTAMP, '2100-03-01 00:00:00'::TIMESTAMP",
                "2000-02-29 23:59:59|1969-12-31 23:59:59|2018-10-30 00:00:00|2100-03-01 00:00:00");
    assert_rows(m, "SELECT '0001-01-01 00:00:00'::TIMESTAMP, '9999-12-31 23:59:59'::TIMESTAMP",
                "0001-01-01 00:00:00|9999-12-31 23:59:59");
    /* booleans, strings as they are */
    assert_rows(m, "SELECT true, false, 'it''s', 'a|b'", "true|false|it's|a|b");
    assert_rows(m, "SELECT status, job_type FROM [SHOW JOBS] WHERE job_id = 20",
                "failed|SCHEMA CHANGE");
    /* the tag counts the rows */
    exec_ok(m, "SELECT job_id FROM [SHOW JOBS]", "SELECT 5");
    exec_ok(m, "SELECT job_id FROM [SHOW JOBS] WHERE false", "SELECT 0");
    jt_model_free(m);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------ */

/* Integers against constants beyond int64 compare exactly, as CockroachDB's decimals do: a
   job id just under 2^63 is below 2^63 + 2 though both round to the same double. */
START_TEST(ids_near_int64_edge) {
    jt_model *m = model_new();
    job(m, 9223372036854775804LL, "IMPORT", "running");
    job(m, 9223372036854775807LL, "BACKUP", "running");
    assert_rows(m,
                "SELECT count(*) FROM [SHOW JOBS] WHERE job_id >= 9223372036854775804 AND "
                "job_id < 9223372036854775810",
                "2");
    assert_rows(m, "SELECT count(*) FROM [SHOW JOBS] WHERE job_id < 9223372036854775808", "2");
    assert_rows(m, "SELECT count(*) FROM [SHOW JOBS] WHERE job_id >= 9223372036854775808", "0");
    assert_rows(m, "SELECT count(*) FROM [SHOW JOBS] WHERE job_id = 9223372036854775808", "0");
    assert_rows(m, "SELECT count(*) FROM [SHOW JOBS] WHERE 9223372036854775810 > job_id", "2");
    assert_rows(m, "SELECT count(*) FROM [SHOW JOBS] WHERE job_id > -9223372036854775809", "2");
    assert_rows(m, "SELECT -9223372036854775808 > -9223372036854775809", "true");
    assert_rows(m, "SELECT 9223372036854775807 < 9223372036854775808", "true");
    exec_ok(m, "PAUSE JOBS SELECT job_id FROM [SHOW JOBS] WHERE job_id < 9223372036854775810",
            "PAUSE JOBS 2");
    jt_model_free(m);
}
END_TEST

/* A result of rows is one block (priv): the names' and values' arrays, the type letters and
   the strings; jt_result_dispose frees that block alone, and still frees every part of a
   result built otherwise (valgrind's leak check runs this suite). */
START_TEST(results_packed) {
    jt_model *m = model_new();
    jt_result r, own;
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "paused");
    run_at(__LINE__, m, "SELECT job_id, status, NULL FROM [SHOW JOBS] ORDER BY job_id", &r);
    ck_assert_ptr_eq((void *)r.columns, r.priv);
    ck_assert_ptr_eq((void *)r.values, (void *)(r.columns + 3));
    ck_assert_ptr_eq((void *)r.types, (void *)(r.values + 6));
    ck_assert_str_eq(r.types, "ITT");
    ck_assert_str_eq(r.columns[1], "status");
    ck_assert_str_eq(r.values[0], "1");
    ck_assert_str_eq(r.values[4], "paused");
    ck_assert_ptr_null(r.values[5]);
    jt_result_dispose(&r);
    ck_assert_ptr_null(r.priv);
    memset(&own, 0, sizeof own);
    own.ncols = 1;
    own.columns = calloc(1, sizeof *own.columns);
    own.values = calloc(1, sizeof *own.values);
    own.types = strdup("T");
    own.priv = strdup("x");
    own.message = strdup("m");
    ck_assert(own.columns && own.values && own.types && own.priv && own.message);
    jt_result_dispose(&own);
    ck_assert_int_eq((int)own.count, -1);
    jt_model_free(m);
}
END_TEST

/* The plan cache reuses a statement's parse for texts that differ only in their integers, of
   any length that fits an INT (model/plan.c): each run must see its own values, its own column
   names and its own strings, and a text whose parse copies its digits (a job's description) is
   kept apart. */
START_TEST(plans_by_shape) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "running");
    job(m, 3, "RESTORE", "paused");
    assert_rows(m, "SELECT 1, 2 IN (2, 3)", "1|true");
    assert_rows(m, "SELECT 7, 2 IN (4, 3)", "7|false");
    assert_rows(m, "SELECT -4, 'x1'", "-4|x1");
    assert_rows(m, "SELECT -5, 'x2'", "-5|x2");
    assert_rows(m, "SELECT -5, 'it''s longer'", "-5|it's longer");
    assert_rows(m, "SELECT 100000000000000000000 > 1", "true"); /* beyond int64: as written */
    assert_rows(m, "SELECT 900000000000000000000 > 2", "true");
    exec_ok(m, "PAUSE JOB 1", "PAUSE JOBS 1");
    exec_ok(m, "PAUSE JOB 2", "PAUSE JOBS 1");
    exec_err(m, "PAUSE JOB 9", "XX000", "job with ID 9 does not exist");
    /* a cached tree remembers it has no aggregate; one with an aggregate finds it each time */
    for (int k = 0; k < 2; k++) {
        assert_rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id > 1 ORDER BY job_id", "2 3");
        assert_rows(m, "SELECT count(*) FROM [SHOW JOBS] WHERE job_id > 1", "2");
        assert_rows(m, "SELECT status, count(*) FROM [SHOW JOBS] GROUP BY status ORDER BY 1",
                    "paused|3");
        exec_err(m, "SELECT job_id FROM [SHOW JOBS] WHERE count(*) > 1", "42803",
                 "aggregate functions are not allowed in WHERE");
    }
    assert_rows(m, "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 1", "1|paused");
    assert_rows(m, "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 3", "3|paused");
    exec_ok(m, "RESUME JOBS (SELECT job_id FROM [SHOW JOBS] WHERE job_id IN (1, 3))",
            "RESUME JOBS 2");
    assert_rows(m, "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id IN (2, 3) ORDER BY 1",
                "2|paused 3|running");
    assert_rows(m, "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id IN (1, 2) ORDER BY 2",
                "2|paused 1|running");
    /* a column named by its text: the text of this run */
    ck_assert_str_eq(rows(m, "SELECT 12 = 12"), "true");
    {
        jt_result r;
        run_at(__LINE__, m, "SELECT 34 = 35", &r);
        ck_assert_str_eq(r.columns[0], "34 = 35");
        ck_assert_str_eq(r.values[0], "false");
        jt_result_dispose(&r);
    }
    jt_model_free(m);
}
END_TEST

/* A tree reused for a text whose literals have other lengths and other strings. */
START_TEST(plans_by_shape_other_literals) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "running");
    job(m, 3, "RESTORE", "paused");
    /* integers of other lengths: the texts after them move */
    ck_assert_str_eq(columns_at(__LINE__, m, "SELECT 1 = 22, 333 IN (4), 5 = 5"),
                     "1 = 22,333 IN (4),5 = 5:BBB");
    ck_assert_str_eq(columns_at(__LINE__, m, "SELECT 1000 = 2, 3 IN (55555), 5 = 5"),
                     "1000 = 2,3 IN (55555),5 = 5:BBB");
    assert_rows(m, "SELECT 1000 = 2, 3 IN (55555), 5 = 5", "false|false|true");
    /* a statement of a batch is where the new text has it: PREPARE keeps its own text */
    exec_ok(m, "SELECT 1; PREPARE pa AS SELECT 22", "PREPARE");
    assert_rows(m, "EXECUTE pa", "22");
    exec_ok(m, "DEALLOCATE pa", "DEALLOCATE");
    exec_ok(m, "SELECT 100; PREPARE pa AS SELECT 3", "PREPARE");
    assert_rows(m, "EXECUTE pa", "3");
    /* a job's description copies the statement's tokens: a tree for each text, kept by it */
    for (int k = 0; k < 2; k++) {
        exec_ok(m, "BACKUP DATABASE d TO 'nodelocal://a'", "SELECT 1");
        exec_ok(m, "BACKUP DATABASE d TO 'nodelocal://bb'", "SELECT 1");
    }
    assert_rows(m,
                "SELECT description FROM [SHOW JOBS] WHERE job_type = 'BACKUP' AND job_id > 3 "
                "ORDER BY job_id",
                "BACKUP database d to 'nodelocal://a' BACKUP database d to 'nodelocal://bb' "
                "BACKUP database d to 'nodelocal://a' BACKUP database d to 'nodelocal://bb'");
    /* a string settled to its column's type when planned is a string again in the next text */
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = '1'", "1");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = '2'", "2");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = '3'", "3");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id IN ('2', '3') ORDER BY 1", "2 3");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id IN ('1', '13') ORDER BY 1", "1");
    exec_err(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 'x'", "22P02",
             "could not parse \"x\" as type int");
    assert_rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = '2'", "2");
    /* a decimal's exponent is not an integer: each its own plan */
    assert_rows(m, "SELECT 1e-5::STRING", "1e-05");
    assert_rows(m, "SELECT 1e-7::STRING", "1e-07");
    jt_model_free(m);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("conditions");
    tcase_add_test(tc, join3_and_decimal);
    tcase_add_test(tc, comparison_operators);
    tcase_add_test(tc, comparisons_with_null);
    tcase_add_test(tc, comparison_type_errors);
    tcase_add_test(tc, in_lists);
    tcase_add_test(tc, in_subqueries);
    tcase_add_test(tc, indexed_selections);
    tcase_add_test(tc, indexed_selections_many_users);
    tcase_add_test(tc, indexed_ranges_and_not_in);
    tcase_add_test(tc, is_null);
    tcase_add_test(tc, like_on_jobs);
    tcase_add_test(tc, like_patterns);
    tcase_add_test(tc, like_underscore_is_one_character);
    tcase_add_test(tc, like_many_percent_signs);
    tcase_add_test(tc, three_valued_logic);
    tcase_add_test(tc, three_valued_logic_in_where);
    suite_add_tcase(s, tc);

    tc = tcase_create("queries");
    tcase_add_test(tc, order_by);
    tcase_add_test(tc, order_by_errors);
    tcase_add_test(tc, limit_offset);
    tcase_add_test(tc, values_lists);
    tcase_add_test(tc, select_without_from);
    tcase_add_test(tc, scalar_subqueries);
    suite_add_tcase(s, tc);

    tc = tcase_create("types");
    tcase_add_test(tc, casts);
    tcase_add_test(tc, string_to_int_coercion);
    tcase_add_test(tc, long_error_message_is_whole);
    tcase_add_test(tc, rendering);
    suite_add_tcase(s, tc);

    tc = tcase_create("prepared");
    tcase_add_test(tc, prepare_and_execute);
    tcase_add_test(tc, prepare_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("show_jobs");
    tcase_add_test(tc, column_names);
    tcase_add_test(tc, show_jobs_columns);
    tcase_add_test(tc, show_jobs_order);
    tcase_add_test(tc, show_jobs_order_few_and_many);
    tcase_add_test(tc, unknown_columns_and_tables);
    tcase_add_test(tc, plans_by_shape);
    tcase_add_test(tc, plans_by_shape_other_literals);
    tcase_add_test(tc, results_packed);
    tcase_add_test(tc, ids_near_int64_edge);
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
