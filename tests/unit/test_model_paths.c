/* Check suite of the model's SQL paths that the bundled cases do not reach: casts, floats,
   timestamps, LIKE, IN with subqueries, ORDER BY positions, LIMIT and OFFSET, quoted names,
   comments, CANCEL QUERY/SESSION, PREPARE/EXECUTE/DEALLOCATE and their errors. Each statement
   runs in order on one model (PREPARE and PAUSE change it) and its result, rendered on one
   line, must be the one below. Written for the coverage of model/ (scripts/coverage.sh). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/text/strbuf.h"

static const struct {
    const char *user, *sql, *want;
} steps[] = {
    {"root", "SELECT 1.5::INT, 2.5::INT, '3'::INT, true::INT",
     "OK [SELECT 1] (2,3,3,1) types=IIII"},
    {"root", "SELECT 'true'::BOOL, 'f'::BOOL, 'x'::BOOL",
     "ERR 22P02 could not parse \"x\" as type bool"},
    {"root", "SELECT 1::BOOL, 0::BOOL, 1.5::BOOL", "ERR 42846 invalid cast: int -> bool"},
    {"root", "SELECT '1.5'::FLOAT, 'x'::FLOAT, 2::FLOAT, true::FLOAT",
     "ERR 22P02 could not parse \"x\" as type float"},
    {"root", "SELECT 1::STRING, 1.5::STRING, true::STRING, 1::OID::STRING",
     "OK [SELECT 1] (1,1.5,true,1) types=TTTT"},
    {"root",
     "SELECT '2018-10-30 12:00:00'::TIMESTAMP, '2018-10-30'::TIMESTAMP, "
     "'2018-10-30T12:00:00Z'::TIMESTAMP, 'nope'::TIMESTAMP",
     "ERR 22007 could not parse \"nope\" as type timestamp"},
    {"root", "SELECT '1969-07-20 20:17:40+00:00'::TIMESTAMP",
     "OK [SELECT 1] (1969-07-20 20:17:40) types=S"},
    {"root", "SELECT 'x'::TIMESTAMP", "ERR 22007 could not parse \"x\" as type timestamp"},
    {"root", "SELECT 1::TIMESTAMP", "ERR 42846 invalid cast: int -> timestamp"},
    {"root", "SELECT 1e400, -1e400, 1e400 - 1e400", "ERR 42601 syntax error at or near \"-\""},
    {"root", "SELECT 9223372036854775807 + 1", "ERR 42601 syntax error at or near \"+\""},
    {"root", "SELECT -(-9223372036854775807 - 1)", "ERR 42601 syntax error at or near \"-\""},
    {"root", "SELECT 1 = 'a'", "ERR 22P02 could not parse \"a\" as type int"},
    {"root", "SELECT NOT 1", "ERR 42804 argument of NOT must be type bool, not type int"},
    {"root", "SELECT 1 AND true", "ERR 42804 argument of AND must be type bool, not type int"},
    {"root", "SELECT 1 LIKE 'a'", "ERR 22023 unsupported comparison operator: <int> LIKE <string>"},
    {"root", "SELECT NULL LIKE 'a', 'abc' LIKE 'a%', 'abc' NOT LIKE '_b_'",
     "OK [SELECT 1] (NULL,true,false) types=BBB"},
    {"root",
     "SELECT 1 IN (SELECT job_id FROM [SHOW JOBS]), 5 IN (SELECT job_id FROM [SHOW JOBS]), NULL IN "
     "(1), 2 NOT IN (1, NULL)",
     "OK [SELECT 1] (true,false,NULL,NULL) types=BBBB"},
    {"root", "SELECT 1 IN (SELECT job_id, status FROM [SHOW JOBS])",
     "ERR 42601 subquery has too many columns"},
    {"root", "SELECT (SELECT job_id, status FROM [SHOW JOBS])",
     "ERR 42601 subquery must return only one column, found 2"},
    {"root", "SELECT $1", "ERR 08P01 no value provided for placeholder: $1"},
    {"root", "SELECT nosuch FROM [SHOW JOBS]", "ERR 42703 column \"nosuch\" does not exist"},
    {"root", "SELECT nosuch", "ERR 42703 column \"nosuch\" does not exist"},
    {"root", "SELECT *", "ERR 42602 cannot use \"*\" without a FROM clause"},
    {"root", "SELECT * FROM nosuch.jobs", "ERR 42P01 relation \"nosuch.jobs\" does not exist"},
    {"root", "SELECT * FROM nosuch", "ERR 42P01 relation \"nosuch\" does not exist"},
    {"root", "SELECT job_id AS j FROM [SHOW JOBS] ORDER BY j DESC",
     "OK [SELECT 3] (3)(2)(1) types=I"},
    {"root", "SELECT job_id, status FROM [SHOW JOBS] ORDER BY 2, 1 LIMIT 2 OFFSET 1",
     "OK [SELECT 2] (1,running)(3,running) types=IT"},
    {"root", "SELECT job_id FROM [SHOW JOBS] ORDER BY 5",
     "ERR 42P10 ORDER BY position 5 is not in select list"},
    {"root", "SELECT job_id FROM [SHOW JOBS] LIMIT -1", "ERR 2201W negative value for LIMIT"},
    {"root", "SELECT job_id FROM [SHOW JOBS] LIMIT 'a'",
     "ERR 22P02 could not parse \"a\" as type int"},
    {"root", "SELECT job_id FROM [SHOW JOBS] WHERE 1",
     "ERR 42804 argument of WHERE must be type bool, not type int"},
    {"root", "SELECT job_id FROM [SHOW JOBS] ORDER BY fraction_completed, error, coordinator_id",
     "OK [SELECT 3] (3)(1)(2) types=I"},
    {"root", "SELECT \"job_id\", \"Job_ID\" FROM [SHOW JOBS]",
     "ERR 42703 column \"Job_ID\" does not exist"},
    {"root", "SELECT 'unterminated", "ERR 42601 unterminated string"},
    {"root", "SELECT \"unterminated", "ERR 42601 unterminated quoted identifier"},
    {"root", "SELECT 1 /* comment", "ERR 42601 unterminated comment"},
    {"root", "SELECT 1 /* ok */ -- trailing", "OK [SELECT 1] (1) types=I"},
    {"root", "SELECT 1 # 2", "ERR 42601 syntax error at or near \"#\""},
    {"root", "CANCEL QUERY 'abc'",
     "ERR XX000 could not parse query ID: encoding/hex: odd length hex string"},
    {"root", "CANCEL QUERY '0a'", "ERR XX000 query ID 0a not found"},
    {"root", "CANCEL QUERY 'zz'",
     "ERR XX000 could not parse query ID: encoding/hex: invalid byte: U+007A 'z'"},
    {"root", "CANCEL QUERIES VALUES (NULL)", "OK [CANCEL QUERIES 0]  types=-"},
    {"root", "CANCEL SESSIONS SELECT 1, 2",
     "ERR XX000 CANCEL SESSIONS expects a single column source, got 2 columns"},
    {"root", "CANCEL SESSION 1", "ERR XX000 CANCEL SESSIONS requires string values, not type int"},
    {"root", "CANCEL SESSION '1a2b'", "ERR XX000 session ID 1a2b not found"},
    {"root", "CANCEL FOO", "ERR 42601 syntax error at or near \"foo\""},
    {"root", "PREPARE p (INT, STRING) AS PAUSE JOB $1", "OK [PREPARE]  types=-"},
    {"root", "PREPARE p AS PAUSE JOB $1", "ERR 42P05 prepared statement \"p\" already exists"},
    {"root", "EXECUTE p(1)", "OK [PAUSE JOBS 1]  types=-"},
    {"root", "EXECUTE p(1, 2)",
     "ERR 08P01 wrong number of parameters for prepared statement \"p\": expected 1, got 2"},
    {"root", "EXECUTE nosuch(1)", "ERR 26000 prepared statement \"nosuch\" does not exist"},
    {"root", "DEALLOCATE p", "OK [DEALLOCATE]  types=-"},
    {"root", "DEALLOCATE p", "ERR 26000 prepared statement \"p\" does not exist"},
    {"root", "PREPARE q AS SELECT 1", "OK [PREPARE]  types=-"},
    {"root", "DEALLOCATE PREPARE ALL", "OK [DEALLOCATE ALL]  types=-"},
    {"root", "DEALLOCATE ALL", "OK [DEALLOCATE ALL]  types=-"},
    {"root", "RESUME JOB 2",
     "ERR XX000 job with status failed \"disk \\\"full\\\"\\n\" cannot be resumed"},
    {"root", "PAUSE JOB 2",
     "ERR XX000 cannot pause failed job (id 2, err: \"disk \\\"full\\\"\\n\")"},
    {"root", "CANCEL JOB 3", "ERR XX000 job 3 is not controllable"},
    {"root", "SELECT job_id, fraction_completed, error FROM crdb_internal.jobs",
     "OK [SELECT 3] (1,0,)(2,0,disk \"full\"\n)(3,0,) types=IRT"},
    {"root", "SELECT id, status FROM system.jobs",
     "OK [SELECT 3] (1,paused)(2,failed)(3,running) types=IT"},
    {"root", "SELECT x FROM [SHOW JOBS] t", "ERR 42703 column \"x\" does not exist"},
    {"root", "SELECT 1 FROM [SHOW JOBS] WHERE job_id IN ((SELECT 1))", "OK [SELECT 1] (1) types=I"},
    {"root", "SELECT 1 = 1.0, 'a' < 'b', 1.5 > 1, true = false, NULL = 1",
     "OK [SELECT 1] (true,true,true,false,NULL) types=BBBBB"},
    {"root", "SELECT 1::OID = 1", "OK [SELECT 1] (true) types=B"},
    {"root", "SELECT job_id FROM [SHOW JOBS] WHERE created < '2030-01-01'::TIMESTAMP",
     "OK [SELECT 3] (3)(1)(2) types=I"},
    {"root", "SELECT 1.0/3", "ERR 42601 syntax error at or near \"/\""},
    {"root", "SELECT 0.1 + 0.2, 1e20, 1.5e-7", "ERR 42601 syntax error at or near \"+\""},
    {"root", "SELECT 1.5::OID", "OK [SELECT 1] (2) types=O"},
    {"root", "SELECT 'a'::OID", "ERR 22P02 could not parse \"a\" as type oid"},
    {"root", "SELECT '99999999999999999999'::INT",
     "ERR 22003 could not parse \"99999999999999999999\" as type int: value out of range"},
    {"root", "SELECT 1::FLOAT, 2.5::FLOAT::STRING, 1.5e300::FLOAT",
     "OK [SELECT 1] (1,2.5,1.5e+300) types=RTR"},
    {"root", "SELECT true::STRING, 'abc'::STRING::INT",
     "ERR 22P02 could not parse \"abc\" as type int"},
    {"root",
     "SELECT job_id FROM [SHOW JOBS] WHERE job_type NOT IN ('IMPORT') AND NOT (status = 'failed') "
     "OR job_id IS NULL",
     "OK [SELECT 1] (3) types=I"},
    {"root",
     "SELECT job_id FROM [SHOW JOBS] WHERE error IS NOT NULL ORDER BY created DESC, job_id ASC "
     "LIMIT 1",
     "OK [SELECT 1] (3) types=I"},
    {"root", "SELECT 2 IN (SELECT job_id FROM [SHOW JOBS] WHERE job_id = 99)",
     "OK [SELECT 1] (false) types=B"},
    {"root", "SELECT NULL IN (SELECT job_id FROM [SHOW JOBS])", "OK [SELECT 1] (NULL) types=B"},
    {"root", "SELECT 7 NOT IN (SELECT job_id FROM system.jobs)",
     "ERR 42703 column \"job_id\" does not exist"},
    {"root", "SELECT (SELECT job_id FROM [SHOW JOBS] WHERE job_id = 99)",
     "OK [SELECT 1] (NULL) types=I"},
    {"root", "SELECT job_id FROM [SHOW JOBS] OFFSET 1", "OK [SELECT 2] (1)(2) types=I"},
    {"root", "SELECT job_id FROM [SHOW JOBS] OFFSET -1", "ERR 2201W negative value for OFFSET"},
    {"root", "SELECT * FROM system.jobs ORDER BY id LIMIT 1",
     "OK [SELECT 1] (1,paused,2018-10-30 12:00:01) types=ITS"},
    {"root", "SELECT status, count FROM system.jobs", "ERR 42703 column \"count\" does not exist"},
    {"root", "PAUSE JOBS SELECT id FROM system.jobs WHERE status = 'running' AND id <> 3",
     "OK [PAUSE JOBS 0]  types=-"},
    {"testuser", "SELECT id FROM system.jobs",
     "ERR XX000 user testuser does not have SELECT privilege on relation jobs"},
    {"testuser", "SHOW JOBS",
     "ERR XX000 user testuser does not have SELECT privilege on relation jobs"},
    {"root", "VALUES (1, 'a'), (2, 'b')", "OK [SELECT 2] (1,a)(2,b) types=IT"},
    {"root", "VALUES (1), ('a')", "ERR 22P02 could not parse \"a\" as type int"},
    {"root", "(SELECT 1)", "OK [SELECT 1] (1) types=I"},
    {"root", "SELECT 1 FROM [SHOW JOBS] AS s WHERE s.job_id = 1", "OK [SELECT 1] (1) types=I"},
    {"root", "SELECT (1", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1 IN (", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1 IN (1", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1 IN (SELECT", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1 NOT", "ERR 42601 syntax error at or near \"not\""},
    {"root", "SELECT 1 NOT BETWEEN 1", "ERR 42601 syntax error at or near \"not\""},
    {"root", "SELECT 1 IS", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1 IS NOT 2", "ERR 42601 syntax error at or near \"2\""},
    {"root", "SELECT 'a' LIKE", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1 =", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT NOT", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1 AND", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1 OR", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1::", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1::FOO", "ERR 42704 type \"foo\" does not exist"},
    {"root", "SELECT CAST(1 AS INT)", "ERR 42601 syntax error at or near \"cast\""},
    {"root", "SELECT -", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT - 'a'", "ERR 22P02 could not parse \"a\" as type int"},
    {"root", "SELECT -1.5, -(2)", "OK [SELECT 1] (-1.5,-2) types=RI"},
    {"root", "SELECT (SELECT 1", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT ((SELECT 1))", "OK [SELECT 1] (1) types=I"},
    {"root", "SELECT 1 AS", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT 1,", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT FROM", "ERR 42601 syntax error at or near \"from\""},
    {"root", "SELECT * FROM", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW JOBS", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM system.", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM system.nosuch", "ERR 42P01 relation \"system.nosuch\" does not exist"},
    {"root", "SELECT * FROM crdb_internal.", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW JOBS] WHERE", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW JOBS] ORDER", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW JOBS] ORDER BY", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW JOBS] ORDER BY job_id,",
     "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW JOBS] LIMIT", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW JOBS] OFFSET", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "SELECT * FROM [SHOW JOBS] ORDER BY job_id LIMIT 1 OFFSET 1 LIMIT 2",
     "ERR 42601 syntax error at or near \"limit\""},
    {"root", "SELECT * FROM [SHOW JOBS] t WHERE t.", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "VALUES", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "VALUES (", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "VALUES (1", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "VALUES (1),", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "VALUES (1), (1, 2)",
     "ERR 42601 VALUES lists must all be the same length, expected 1 columns, found 2"},
    {"root", "(SELECT 1", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "(VALUES (1)) x", "ERR 42601 syntax error at or near \"x\""},
    {"root", "PAUSE", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PAUSE JOB", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PAUSE JOBS", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PAUSE JOBS (SELECT 1", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PAUSE JOBS SELECT 1 x", "ERR 42601 syntax error at or near \"x\""},
    {"root", "PAUSE JOB 1 2", "ERR 42601 syntax error at or near \"2\""},
    {"root", "RESUME JOB (SELECT job_id FROM [SHOW JOBS])",
     "ERR 21000 more than one row returned by a subquery used as an expression"},
    {"root", "CANCEL", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "CANCEL QUERY", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "CANCEL JOBS VALUES (NULL), (1::OID)",
     "ERR XX000 CANCEL JOBS requires int values, not type oid"},
    {"root", "PAUSE JOBS VALUES (1::OID)",
     "ERR XX000 PAUSE JOBS requires int values, not type oid"},
    {"root", "PAUSE JOBS VALUES ('x')", "ERR 22P02 could not parse \"x\" as type int"},
    {"root", "PAUSE JOB 1.5", "ERR XX000 PAUSE JOBS requires int values, not type decimal"},
    {"root", "PAUSE JOB true", "ERR XX000 PAUSE JOBS requires int values, not type bool"},
    {"root", "PAUSE JOB 99999999999999999999", "ERR 22003 numeric constant out of int64 range"},
    {"root", "PREPARE", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PREPARE x", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PREPARE x (", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PREPARE x (INT", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PREPARE x (FOO) AS SELECT 1", "ERR 42704 type \"foo\" does not exist"},
    {"root", "PREPARE x AS", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "PREPARE x AS PREPARE y AS SELECT 1", "ERR 42601 syntax error at or near \"prepare\""},
    {"root", "PREPARE x AS SELECT $2", "OK [PREPARE]  types=-"},
    {"root", "EXECUTE x",
     "ERR 08P01 wrong number of parameters for prepared statement \"x\": expected 2, got 0"},
    {"root", "EXECUTE x (", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "EXECUTE x (1", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "EXECUTE x ('a', 2)", "OK [SELECT 1] (2) types=I"},
    {"root", "EXECUTE", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "DEALLOCATE", "ERR 42601 syntax error at or near \"EOF\""},
    {"root", "DEALLOCATE x y", "ERR 42601 syntax error at or near \"y\""},
    {"root", "SHOW", "ERR 42601 syntax error at or near \"show\""},
    {"root", "SHOW JOBS 1", "ERR 42601 syntax error at or near \"1\""},
    {"root", "SELECT 1;;", "ERR 42601 syntax error at or near \";\""},
    {"root", "SELECT $0", "ERR 42P02 placeholder index must be between 1 and 100"},
    {"root", "SELECT $101", "ERR 42P02 placeholder index must be between 1 and 100"},
    {"root", "SELECT 'a' || 'b'", "ERR 42601 syntax error at or near \"|\""},
    {"root", "SELECT 1 <> 2, 1 != 2, 1 <= 2, 2 >= 1, 1 < 2, 2 > 1",
     "OK [SELECT 1] (true,true,true,true,true,true) types=BBBBBB"},
    {"root", "SELECT NULL::INT, NULL::STRING IS NULL", "OK [SELECT 1] (NULL,true) types=IB"},
    {"root", "SELECT 'abc' < 'abd', 'b' > 'a', 1.5 <= 1.5, true <> false",
     "OK [SELECT 1] (true,true,true,true) types=BBBB"},
    {"root", "SELECT '2018-10-30 12:00:00'::TIMESTAMP < '2019-01-01 00:00:00'::TIMESTAMP",
     "OK [SELECT 1] (true) types=B"},
    {"root", "SELECT 1 = true", "ERR 22023 unsupported comparison operator: <int> = <bool>"},
    {"root", "SELECT 'x' = 1.5", "ERR 22P02 could not parse \"x\" as type decimal"},
    {"root", "SELECT job_id FROM [SHOW JOBS] WHERE status LIKE 'r%' AND description NOT LIKE '%x'",
     "OK [SELECT 0]  types=I"},
    {"root",
     "SELECT job_id FROM [SHOW JOBS] WHERE job_id IN (SELECT id FROM system.jobs WHERE status = "
     "'failed')",
     "OK [SELECT 1] (2) types=I"},
    {"root", "SELECT job_id FROM [SHOW JOBS] WHERE (SELECT 1) = 1",
     "OK [SELECT 3] (3)(1)(2) types=I"},
    {"root", "SELECT job_id FROM [SHOW JOBS] WHERE job_id = (SELECT job_id FROM [SHOW JOBS])",
     "ERR 21000 more than one row returned by a subquery used as an expression"},
    {"root", "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id LIMIT 1.5",
     "ERR 42804 argument of LIMIT must be type int, not type decimal"},
    {"root", "SELECT job_id FROM [SHOW JOBS] LIMIT NULL", "OK [SELECT 3] (3)(1)(2) types=I"},
    {"root", "SELECT 1 ORDER BY 1 DESC", "OK [SELECT 1] (1) types=I"},
    {"root", "SELECT finished, started, modified FROM [SHOW JOBS] ORDER BY 1, 2, 3",
     "OK [SELECT 3] (NULL,2018-10-30 12:00:01,2018-10-30 12:00:04)(NULL,2018-10-30 "
     "12:00:03,2018-10-30 12:00:03)(2018-10-30 12:00:02,2018-10-30 12:00:02,2018-10-30 12:00:02) "
     "types=SSS"},
};

/* "OK [tag] (v,v)(v,v) types=IT" or "ERR sqlstate message", as the steps write them. */
static char *render(const jt_result *r) {
    jt_strbuf sb;
    size_t i, j;
    jt_strbuf_init(&sb, 1 << 20);
    if (r->failed) {
        jt_strbuf_addf(&sb, "ERR %s %s", r->sqlstate, r->message ? r->message : "");
        return jt_strbuf_take(&sb);
    }
    jt_strbuf_addf(&sb, "OK [%s] ", r->tag);
    for (i = 0; i < r->nrows && i < 4; i++) {
        jt_strbuf_adds(&sb, "(");
        for (j = 0; j < r->ncols; j++) {
            const char *v = r->values[i * r->ncols + j];
            jt_strbuf_addf(&sb, "%s%s", j ? "," : "", v ? v : "NULL");
        }
        jt_strbuf_adds(&sb, ")");
    }
    jt_strbuf_addf(&sb, " types=%s", r->types ? r->types : "-");
    return jt_strbuf_take(&sb);
}

static void job(jt_model *m, int64_t id, const char *type, const char *status, const char *error,
                const char *description) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = type;
    fx.status = status;
    fx.error = error;
    fx.description = description;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
}

START_TEST(sql_paths) {
    jt_model *m = NULL;
    jt_error err;
    size_t i;
    ck_assert_int_eq(jt_model_new(&m, jt_profile_find("v2.1"), &err), 0);
    job(m, 1, "IMPORT", "running", NULL, NULL);
    job(m, 2, "BACKUP", "failed", "disk \"full\"\n", NULL);
    job(m, 3, "SCHEMA CHANGE", "running", NULL, "ROLL BACK x");
    ck_assert_uint_eq(jt_model_statuses(NULL, 0, m), 3);
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        jt_result r;
        char *got;
        ck_assert_int_eq(jt_model_exec(m, steps[i].user, steps[i].sql, &r, &err), 0);
        got = render(&r);
        ck_assert_msg(strcmp(got, steps[i].want) == 0, "%s: %s\n  want %s\n  got  %s",
                      steps[i].user, steps[i].sql, steps[i].want, got);
        free(got);
        jt_result_dispose(&r);
    }
    jt_model_free(m);
}
END_TEST

START_TEST(errors_of_the_kit) {
    jt_model *m = NULL;
    jt_fixture fx;
    jt_error err;
    ck_assert_int_eq(jt_model_new(&m, NULL, &err), JT_EINVAL);
    ck_assert_str_eq(jt_strerror(JT_ELIMIT), "limit exceeded");
    ck_assert_str_eq(jt_strerror(12345), "unknown error");
    ck_assert_int_eq(jt_model_new(&m, jt_profile_find(NULL), &err), 0);
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_USER;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "fixture user: a name is required");
    fx.kind = 99;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "unknown fixture kind 99");
    fx.kind = JT_FIXTURE_JOB;
    fx.id = 5;
    fx.status = "running";
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "fixture job 5: a type is required");
    jt_model_free(m);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("model_paths");
    TCase *tc = tcase_create("sql");
    tcase_add_test(tc, sql_paths);
    tcase_add_test(tc, errors_of_the_kit);
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
