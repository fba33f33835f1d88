/* Check suite of the privilege rules of the model (docs/spec.md, sections 4 and 6; PJ-PRIV): who
   may control jobs and read SHOW JOBS and the jobs tables, the exact denials, and that the
   control check comes before everything else. Expectations are written from docs/spec.md. */
#include <check.h>
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

static void user_at(int line, jt_model *m, const char *name, int admin);

/* A model with maxroach declared (not admin): a session needs a user that exists. */
static jt_model *model_with_maxroach(void) {
    jt_model *m = model_new();
    user_at(__LINE__, m, "maxroach", 0);
    return m;
}

static void job_at(int line, jt_model *m, long long id, const char *type, const char *status,
                   const char *user) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = type;
    fx.status = status;
    fx.user = user;
    ck_assert_msg(jt_model_fixture(m, &fx, &err) == 0, "line %d: fixture job %lld: %s", line, id,
                  err.message);
}
#define job(m, id, type, status) job_at(__LINE__, m, id, type, status, NULL)
#define job_of(m, id, type, status, user) job_at(__LINE__, m, id, type, status, user)

static void user_at(int line, jt_model *m, const char *name, int admin) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    fx.kind = JT_FIXTURE_USER;
    fx.name = name;
    fx.admin = admin;
    ck_assert_msg(jt_model_fixture(m, &fx, &err) == 0, "line %d: fixture user %s: %s", line, name,
                  err.message);
}
#define fixture_user(m, name, admin) user_at(__LINE__, m, name, admin)

static void run_at(int line, jt_model *m, const char *user, const char *sql, jt_result *r) {
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_model_exec(m, user, sql, r, &err);
    ck_assert_msg(rc == 0, "line %d: %s: jt_model_exec returned %d: %s", line, sql, rc,
                  err.message);
}

/* The statement succeeds as user; with tag, its command tag is tag. */
static void exec_ok_at(int line, jt_model *m, const char *user, const char *sql, const char *tag) {
    jt_result r;
    run_at(line, m, user, sql, &r);
    user = user ? user : "(NULL)";
    ck_assert_msg(!r.failed, "line %d: %s as %s: unexpected error %s: %s", line, sql, user,
                  r.sqlstate, r.message ? r.message : "(null)");
    if (tag)
        ck_assert_msg(strcmp(r.tag, tag) == 0, "line %d: %s as %s: tag '%s', expected '%s'", line,
                      sql, user, r.tag, tag);
    jt_result_dispose(&r);
}
#define exec_ok(m, user, sql, tag) exec_ok_at(__LINE__, m, user, sql, tag)

/* The statement fails as user with exactly this SQLSTATE and message. */
static void exec_err_at(int line, jt_model *m, const char *user, const char *sql,
                        const char *sqlstate, const char *msg) {
    jt_result r;
    run_at(line, m, user, sql, &r);
    ck_assert_msg(r.failed, "line %d: %s as %s: succeeded (tag '%s'), expected %s: %s", line, sql,
                  user, r.tag, sqlstate, msg);
    ck_assert_msg(strcmp(r.sqlstate, sqlstate) == 0,
                  "line %d: %s as %s: SQLSTATE %s (%s), expected %s (%s)", line, sql, user,
                  r.sqlstate, r.message ? r.message : "(null)", sqlstate, msg);
    ck_assert_msg(r.message && strcmp(r.message, msg) == 0,
                  "line %d: %s as %s:\n  message  %s\n  expected %s", line, sql, user,
                  r.message ? r.message : "(null)", msg);
    ck_assert_msg(r.nrows == 0 && r.ncols == 0, "line %d: %s: an error with rows", line, sql);
    jt_result_dispose(&r);
}
#define exec_err(m, user, sql, sqlstate, msg) exec_err_at(__LINE__, m, user, sql, sqlstate, msg)

/* Number of rows of a query that succeeds. */
static size_t nrows_at(int line, jt_model *m, const char *user, const char *sql) {
    jt_result r;
    size_t n;
    run_at(line, m, user, sql, &r);
    ck_assert_msg(!r.failed, "line %d: %s as %s: unexpected error %s: %s", line, sql, user,
                  r.sqlstate, r.message ? r.message : "(null)");
    n = r.nrows;
    jt_result_dispose(&r);
    return n;
}
#define nrows(m, user, sql) nrows_at(__LINE__, m, user, sql)

/* The status of a job, read back as root. */
static const char *status_at(int line, jt_model *m, long long id) {
    static char buf[64];
    char sql[128];
    jt_result r;
    snprintf(sql, sizeof sql, "SELECT status FROM [SHOW JOBS] WHERE job_id = %lld", id);
    run_at(line, m, "root", sql, &r);
    ck_assert_msg(!r.failed && r.nrows == 1 && r.ncols == 1 && r.values[0],
                  "line %d: no status for job %lld", line, id);
    snprintf(buf, sizeof buf, "%s", r.values[0]);
    jt_result_dispose(&r);
    return buf;
}
#define assert_status(m, id, want) ck_assert_str_eq(status_at(__LINE__, m, id), want)

static const char *const denial[] = {
    "only users with the admin role are allowed to PAUSE JOBS",
    "only users with the admin role are allowed to RESUME JOBS",
    "only users with the admin role are allowed to CANCEL JOBS",
};

/* Every statement that reads the jobs: SHOW JOBS and selections from each jobs table,
   directly and in subqueries. */
static const char *const readers[] = {
    "SHOW JOBS",
    "SHOW JOBS;",
    "SELECT * FROM [SHOW JOBS]",
    "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'testuser'",
    "SELECT * FROM system.jobs",
    "SELECT id, status FROM system.jobs",
    "SELECT * FROM crdb_internal.jobs",
    "SELECT job_id FROM crdb_internal.jobs LIMIT 0",
    "SELECT (SELECT job_id FROM [SHOW JOBS] LIMIT 1)",
    "SELECT 1 WHERE 1 IN (SELECT id FROM system.jobs)",
    "VALUES ((SELECT job_id FROM crdb_internal.jobs LIMIT 1))",
};
#define NREADERS (sizeof readers / sizeof readers[0])

/* The user's control statements are all denied, and nothing changes. */
static void control_denied_at(int line, jt_model *m, const char *user) {
    static const char *const words[] = {"PAUSE", "RESUME", "CANCEL"};
    uint64_t before = jt_model_hash(m);
    size_t op, f;
    for (op = 0; op < 3; op++) {
        for (f = 0; f < 3; f++) {
            char sql[128];
            if (f == 0)
                snprintf(sql, sizeof sql, "%s JOB 1", words[op]);
            else if (f == 1)
                snprintf(sql, sizeof sql, "%s JOBS VALUES (1), (2)", words[op]);
            else
                snprintf(sql, sizeof sql, "%s JOBS SELECT job_id FROM [SHOW JOBS]", words[op]);
            exec_err_at(line, m, user, sql, "42501", denial[op]);
        }
    }
    ck_assert_uint_eq(jt_model_hash(m), before);
}
#define control_denied(m, user) control_denied_at(__LINE__, m, user)

/* Every reader is denied to user with the SELECT privilege text. */
static void reading_denied_at(int line, jt_model *m, const char *user) {
    char msg[256];
    size_t k;
    snprintf(msg, sizeof msg, "user %s does not have SELECT privilege on relation jobs", user);
    for (k = 0; k < NREADERS; k++)
        exec_err_at(line, m, user, readers[k], "XX000", msg);
}
#define reading_denied(m, user) reading_denied_at(__LINE__, m, user)

/* Two running jobs, 1 and 2, of testuser's and root's; maxroach declared. */
static jt_model *scenario(void) {
    jt_model *m = model_with_maxroach();
    job_of(m, 1, "IMPORT", "running", "testuser");
    job(m, 2, "BACKUP", "running");
    return m;
}

/* An admin user controls and reads everything. */
static void admin_may_all_at(int line, jt_model *m, const char *user) {
    size_t k;
    exec_ok_at(line, m, user, "PAUSE JOB 1", "PAUSE JOBS 1");
    exec_ok_at(line, m, user, "PAUSE JOBS VALUES (1), (2)", "PAUSE JOBS 2");
    exec_ok_at(line, m, user, "RESUME JOBS SELECT job_id FROM [SHOW JOBS]", "RESUME JOBS 2");
    exec_ok_at(line, m, user, "RESUME JOB 2", "RESUME JOBS 1");
    exec_ok_at(line, m, user, "CANCEL JOBS (SELECT id FROM system.jobs WHERE id = 2)",
               "CANCEL JOBS 1");
    exec_ok_at(line, m, user, "CANCEL JOB 1", "CANCEL JOBS 1");
    for (k = 0; k < NREADERS; k++)
        exec_ok_at(line, m, user, readers[k], NULL);
    ck_assert_uint_eq(nrows_at(line, m, user, "SHOW JOBS"), 2);
    ck_assert_uint_eq(nrows_at(line, m, user, "SELECT * FROM system.jobs"), 2);
    ck_assert_uint_eq(nrows_at(line, m, user, "SELECT * FROM crdb_internal.jobs"), 2);
    ck_assert_uint_eq(nrows_at(line, m, user, "SELECT * FROM [SHOW JOBS]"), 2);
}
#define admin_may_all(m, user) admin_may_all_at(__LINE__, m, user)

/* ---- who may ------------------------------------------------------------------------------ */

START_TEST(root_may_all) {
    jt_model *m = scenario();
    admin_may_all(m, "root");
    assert_status(m, 1, "canceled");
    assert_status(m, 2, "canceled");
    jt_model_free(m);
}
END_TEST

/* jt_model_exec runs a NULL user as root. */
START_TEST(null_user_is_root) {
    jt_model *m = scenario();
    exec_ok(m, NULL, "PAUSE JOB 1", "PAUSE JOBS 1");
    exec_ok(m, NULL, "SHOW JOBS", "SELECT 2");
    jt_model_free(m);
}
END_TEST

START_TEST(admin_member_may_all) {
    jt_model *m = scenario();
    fixture_user(m, "boss", 1);
    admin_may_all(m, "boss");
    assert_status(m, 1, "canceled");
    jt_model_free(m);
}
END_TEST

/* testuser becomes an admin member by a fixture, and stops being one by another. */
START_TEST(admin_membership_follows_fixtures) {
    jt_model *m = scenario();
    control_denied(m, "testuser");
    fixture_user(m, "testuser", 1);
    exec_ok(m, "testuser", "PAUSE JOB 2", "PAUSE JOBS 1");
    exec_ok(m, "testuser", "SHOW JOBS", NULL);
    fixture_user(m, "testuser", 0);
    exec_err(m, "testuser", "RESUME JOB 2", "42501", denial[1]);
    exec_err(m, "testuser", "SHOW JOBS", "XX000",
             "user testuser does not have SELECT privilege on relation jobs");
    assert_status(m, 2, "paused");
    jt_model_free(m);
}
END_TEST

/* root always is an admin member: a fixture cannot take it away. */
START_TEST(root_always_admin) {
    jt_model *m = scenario();
    fixture_user(m, "root", 0);
    exec_ok(m, "root", "PAUSE JOB 1", "PAUSE JOBS 1");
    exec_ok(m, "root", "SELECT * FROM system.jobs", "SELECT 2");
    jt_model_free(m);
}
END_TEST

/* ---- who may not -------------------------------------------------------------------------- */

START_TEST(testuser_may_not_control) {
    jt_model *m = scenario();
    control_denied(m, "testuser");
    assert_status(m, 1, "running");
    assert_status(m, 2, "running");
    jt_model_free(m);
}
END_TEST

START_TEST(testuser_may_not_read) {
    jt_model *m = scenario();
    reading_denied(m, "testuser");
    jt_model_free(m);
}
END_TEST

/* Any other declared name: one declared without admin, one owning jobs. */
START_TEST(other_users_may_not) {
    jt_model *m = scenario();
    fixture_user(m, "joe", 0);
    job_of(m, 3, "RESTORE", "running", "maxroach");
    control_denied(m, "maxroach");
    control_denied(m, "joe");
    reading_denied(m, "maxroach");
    reading_denied(m, "joe");
    assert_status(m, 3, "running");
    jt_model_free(m);
}
END_TEST

/* A session of a user no fixture declared is refused as a real server refuses the connection
   (docs/profiles.md "Users"): a name never seen, one only owning jobs, one only a role of
   member-of; its statement never runs. Declared later, the user may open a session. */
static void refused_at(int line, jt_model *m, const char *user) {
    char msg[256];
    snprintf(msg, sizeof msg, "password authentication failed for user %s", user);
    exec_err_at(line, m, user, "PAUSE JOB 3", "XX000", msg);
    exec_err_at(line, m, user, "SHOW JOBS", "XX000", msg);
    exec_err_at(line, m, user, "SELECT 1", "XX000", msg);
}
#define refused(m, user) refused_at(__LINE__, m, user)

START_TEST(undeclared_users_refused) {
    jt_model *m = scenario();
    jt_fixture fx;
    jt_error err;
    job_of(m, 3, "RESTORE", "running", "jobowner");
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    fx.kind = JT_FIXTURE_USER;
    fx.name = "member";
    fx.member_of = "ops";
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    refused(m, "nobody_at_all");
    refused(m, "Root");
    refused(m, "");
    refused(m, "jobowner");
    refused(m, "ops");
    assert_status(m, 3, "running");
    control_denied(m, "member");
    fixture_user(m, "jobowner", 0);
    control_denied(m, "jobowner");
    jt_model_free(m);
}
END_TEST

/* Owning a job is not enough (v2.1: only admin members). */
START_TEST(owner_may_not) {
    jt_model *m = model_with_maxroach();
    job_of(m, 7, "CHANGEFEED", "running", "maxroach");
    exec_err(m, "maxroach", "PAUSE JOB 7", "42501", denial[0]);
    exec_err(m, "maxroach", "CANCEL JOB 7", "42501", denial[2]);
    exec_err(m, "maxroach", "SELECT status FROM [SHOW JOBS] WHERE user_name = 'maxroach'", "XX000",
             "user maxroach does not have SELECT privilege on relation jobs");
    assert_status(m, 7, "running");
    jt_model_free(m);
}
END_TEST

/* Selections that read no jobs table need no privilege. */
START_TEST(non_admin_reads_no_jobs_table) {
    jt_model *m = scenario();
    exec_ok(m, "testuser", "SELECT 1", "SELECT 1");
    exec_ok(m, "testuser", "VALUES (1), (2)", "SELECT 2");
    exec_ok(m, "testuser", "SELECT 'a' LIKE 'a%' AS x", "SELECT 1");
    exec_ok(m, "maxroach", "SELECT (SELECT 5)", "SELECT 1");
    jt_model_free(m);
}
END_TEST

/* ---- the control check comes first -------------------------------------------------------- */

/* Statements that would fail in every later step: the denial comes before each. */
START_TEST(privilege_check_precedes_everything) {
    static const char *const pauses[] = {
        "PAUSE JOB 424242",                                  /* no such job */
        "PAUSE JOB 3",                                       /* succeeded */
        "PAUSE JOB 4",                                       /* SCHEMA CHANGE */
        "PAUSE JOB NULL",                                    /* nothing to do */
        "PAUSE JOBS SELECT job_id, status FROM [SHOW JOBS]", /* shape */
        "PAUSE JOBS VALUES (1, 2)",                          /* shape */
        "PAUSE JOBS SELECT status FROM [SHOW JOBS]",         /* type */
        "PAUSE JOB 1::OID",                                  /* type */
        "PAUSE JOB 'foo'",                                   /* coercion */
        "PAUSE JOB (SELECT job_id FROM [SHOW JOBS])",        /* more than one row */
        "PAUSE JOBS SELECT nosuch FROM [SHOW JOBS]",         /* unknown column */
        "PAUSE JOB $1",                                      /* no value for the placeholder */
        "PAUSE JOBS VALUES (1), (424242), (3)",              /* bulk, failing */
        "PAUSE JOBS SELECT job_id FROM crdb_internal.jobs",  /* a read denied on its own */
    };
    jt_model *m = scenario();
    uint64_t before;
    size_t k;
    job(m, 3, "RESTORE", "succeeded");
    job(m, 4, "SCHEMA CHANGE", "running");
    before = jt_model_hash(m);
    for (k = 0; k < sizeof pauses / sizeof pauses[0]; k++) {
        exec_err(m, "testuser", pauses[k], "42501", denial[0]);
        exec_err(m, "maxroach", pauses[k], "42501", denial[0]);
    }
    exec_err(m, "testuser", "RESUME JOBS VALUES (1, 2)", "42501", denial[1]);
    exec_err(m, "testuser", "CANCEL JOB 'foo'", "42501", denial[2]);
    exec_err(m, "testuser", "CANCEL JOBS SELECT status FROM system.jobs", "42501", denial[2]);
    ck_assert_uint_eq(jt_model_hash(m), before);
    jt_model_free(m);
}
END_TEST

/* A selection from a relation that does not exist is looked at after the check too: "a user
   outside admin gets, before anything else is looked at, only users with ...". */
START_TEST(privilege_check_precedes_unknown_relation) {
    jt_model *m = scenario();
    exec_err(m, "testuser", "PAUSE JOBS SELECT job_id FROM nosuch", "42501", denial[0]);
    exec_err(m, "testuser", "CANCEL JOBS SELECT id FROM system.nosuch", "42501", denial[2]);
    jt_model_free(m);
}
END_TEST

/* The statement is parsed first: a syntax error is a syntax error for everyone. */
START_TEST(syntax_error_before_privilege) {
    jt_model *m = scenario();
    exec_err(m, "testuser", "PAUSE JOB", "42601", "syntax error at or near \"EOF\"");
    exec_err(m, "testuser", "PAUSE JOBS 1", "42601", "syntax error at or near \"1\"");
    exec_err(m, "root", "PAUSE JOB", "42601", "syntax error at or near \"EOF\"");
    jt_model_free(m);
}
END_TEST

/* An admin member's statement gets the later errors, the same as root's. */
START_TEST(admin_member_gets_later_errors) {
    jt_model *m = scenario();
    fixture_user(m, "boss", 1);
    job(m, 3, "RESTORE", "succeeded");
    exec_err(m, "boss", "PAUSE JOB 424242", "XX000", "job with ID 424242 does not exist");
    exec_err(m, "boss", "PAUSE JOB 3", "XX000", "cannot pause succeeded job (id 3)");
    exec_err(m, "boss", "PAUSE JOBS VALUES (1, 2)", "XX000",
             "PAUSE JOBS expects a single column source, got 2 columns");
    exec_err(m, "boss", "RESUME JOB 'foo'", "22P02", "could not parse \"foo\" as type int");
    jt_model_free(m);
}
END_TEST

/* A prepared control statement is checked when it runs, as its session's user. */
START_TEST(prepared_control_checked_at_execute) {
    jt_model *m = scenario();
    exec_ok(m, "testuser", "PREPARE p AS PAUSE JOB $1", "PREPARE");
    exec_err(m, "testuser", "EXECUTE p(1)", "42501", denial[0]);
    exec_ok(m, "testuser", "PREPARE s AS SHOW JOBS", "PREPARE");
    exec_err(m, "testuser", "EXECUTE s", "XX000",
             "user testuser does not have SELECT privilege on relation jobs");
    /* root's own prepared statement of the same name */
    exec_err(m, "root", "EXECUTE p(1)", "26000", "prepared statement \"p\" does not exist");
    exec_ok(m, "root", "PREPARE p AS PAUSE JOB $1", "PREPARE");
    exec_ok(m, "root", "EXECUTE p(1)", "PAUSE JOBS 1");
    exec_err(m, "testuser", "EXECUTE p(2)", "42501", denial[0]);
    assert_status(m, 1, "paused");
    assert_status(m, 2, "running");
    jt_model_free(m);
}
END_TEST

/* An admin member reads the jobs of others in a bulk statement: the bulk example as admin. */
START_TEST(admin_member_bulk_example) {
    jt_model *m = model_with_maxroach();
    fixture_user(m, "boss", 1);
    job_of(m, 1, "RESTORE", "running", "maxroach");
    job_of(m, 2, "BACKUP", "running", "maxroach");
    job(m, 3, "IMPORT", "running");
    exec_ok(m, "boss", "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach')",
            "PAUSE JOBS 2");
    exec_err(m, "maxroach",
             "RESUME JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach')", "42501",
             denial[1]);
    assert_status(m, 1, "paused");
    assert_status(m, 2, "paused");
    assert_status(m, 3, "running");
    jt_model_free(m);
}
END_TEST

/* After reset, members of admin declared by fixtures are gone; root and testuser are back. */
START_TEST(reset_forgets_admin_members) {
    jt_model *m = scenario();
    fixture_user(m, "boss", 1);
    fixture_user(m, "testuser", 1);
    exec_ok(m, "boss", "SHOW JOBS", NULL);
    jt_model_reset(m);
    job(m, 1, "IMPORT", "running");
    exec_err(m, "boss", "PAUSE JOB 1", "XX000", "password authentication failed for user boss");
    exec_err(m, "testuser", "PAUSE JOB 1", "42501", denial[0]);
    exec_err(m, "testuser", "SHOW JOBS", "XX000",
             "user testuser does not have SELECT privilege on relation jobs");
    exec_ok(m, "root", "PAUSE JOB 1", "PAUSE JOBS 1");
    jt_model_free(m);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------ */

static Suite *suite(void) {
    Suite *s = suite_create("privileges");
    TCase *tc = tcase_create("may");
    tcase_add_test(tc, root_may_all);
    tcase_add_test(tc, null_user_is_root);
    tcase_add_test(tc, admin_member_may_all);
    tcase_add_test(tc, admin_membership_follows_fixtures);
    tcase_add_test(tc, root_always_admin);
    tcase_add_test(tc, admin_member_bulk_example);
    suite_add_tcase(s, tc);

    tc = tcase_create("may_not");
    tcase_add_test(tc, testuser_may_not_control);
    tcase_add_test(tc, testuser_may_not_read);
    tcase_add_test(tc, other_users_may_not);
    tcase_add_test(tc, undeclared_users_refused);
    tcase_add_test(tc, owner_may_not);
    tcase_add_test(tc, non_admin_reads_no_jobs_table);
    tcase_add_test(tc, reset_forgets_admin_members);
    suite_add_tcase(s, tc);

    tc = tcase_create("order");
    tcase_add_test(tc, privilege_check_precedes_everything);
    tcase_add_test(tc, privilege_check_precedes_unknown_relation);
    tcase_add_test(tc, syntax_error_before_privilege);
    tcase_add_test(tc, admin_member_gets_later_errors);
    tcase_add_test(tc, prepared_control_checked_at_execute);
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
