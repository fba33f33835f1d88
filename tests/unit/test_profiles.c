/* Check suite of model/profile.c and the model's later versions: the profiles' tables, role
   fixtures and memberships, the jobs' own progress, the grammar of each version, and the
   corners the case files do not reach (docs/profiles.md). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"

static jt_model *model(const char *profile) {
    jt_model *m = NULL;
    jt_error err;
    ck_assert_msg(jt_model_new(&m, jt_profile_find(profile), &err) == 0, "%s", err.message);
    return m;
}

static int user(jt_model *m, const char *name, int admin, unsigned options, const char *roles,
                jt_error *err) {
    jt_fixture fx;
    memset(&fx, 0, sizeof fx);
    memset(err, 0, sizeof *err);
    fx.kind = JT_FIXTURE_USER;
    fx.name = name;
    fx.admin = admin;
    fx.options = options;
    fx.member_of = roles;
    return jt_model_fixture(m, &fx, err);
}

static void job(jt_model *m, int64_t id, const char *type, const char *status, const char *owner,
                const char *error) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = type;
    fx.status = status;
    fx.user = owner;
    fx.error = error;
    ck_assert_msg(jt_model_fixture(m, &fx, &err) == 0, "%s", err.message);
}

/* Runs sql as who: "" when it succeeded (then *tag), else "SQLSTATE message". */
static const char *run(jt_model *m, const char *who, const char *sql, char *tag) {
    static char out[1024];
    jt_result res;
    jt_error err;
    ck_assert_msg(jt_model_exec(m, who, sql, &res, &err) == 0, "%s", err.message);
    if (res.failed)
        snprintf(out, sizeof out, "%s %s", res.sqlstate, res.message);
    else
        out[0] = '\0';
    if (tag)
        snprintf(tag, 64, "%s", res.tag);
    jt_result_dispose(&res);
    return out;
}

/* The single value of a query (or "NULL", or "" for no rows). */
static const char *value(jt_model *m, const char *who, const char *sql) {
    static char out[1024];
    jt_result res;
    jt_error err;
    ck_assert_msg(jt_model_exec(m, who, sql, &res, &err) == 0, "%s", err.message);
    ck_assert_msg(!res.failed, "%s: %s", sql, res.message);
    if (res.nrows == 0)
        out[0] = '\0';
    else
        snprintf(out, sizeof out, "%s", res.values[0] ? res.values[0] : "NULL");
    jt_result_dispose(&res);
    return out;
}

START_TEST(profiles_are_complete) {
    size_t i, s, o;
    for (i = 0; jt_profiles[i]; i++) {
        const struct jt_profile *p = jt_profiles[i];
        ck_assert_ptr_eq(jt_profile_find(p->name), p);
        ck_assert_ptr_nonnull(p->summary);
        ck_assert_uint_gt(p->show_jobs.ncols, 0);
        for (s = 0; s < JT_ST_COUNT; s++) {
            if (!p->status_names[s])
                continue;
            for (o = 0; o < JT_OP_COUNT; o++) {
                const jt_transition *t = &p->table[s][o];
                if (t->act == JT_ACT_TO)
                    ck_assert_msg(p->status_names[t->to] != NULL, "%s: %zu %zu", p->name, s, o);
                if (t->act == JT_ACT_ERROR)
                    ck_assert_msg(p->errors[t->err].tmpl != NULL, "%s: %zu %zu", p->name, s, o);
            }
            if (p->progress[s] != JT_NO_STATUS)
                ck_assert(p->status_names[p->progress[s]] != NULL);
        }
    }
    ck_assert_uint_eq(i, 10);
    ck_assert(jt_profile_accepts(jt_profile_find("v2.1-as-built"), "v2.1"));
    ck_assert(jt_profile_accepts(jt_profile_find("v2.1-as-built"), "v2.1-AS-BUILT"));
    ck_assert(!jt_profile_accepts(jt_profile_find("v2.1"), "v2.1-as-built"));
    ck_assert(!jt_profile_accepts(jt_profile_find("v20.1"), "v2.1"));
    ck_assert_ptr_null(jt_profile_find("v9"));
}
END_TEST

START_TEST(roles_and_their_limits) {
    jt_model *m = model("v25.1");
    jt_error err;
    char many[4096];
    size_t n = 0, k;
    ck_assert_int_eq(user(m, "a", 0, 0, " b , c ", &err), 0); /* spaces around names */
    ck_assert_int_eq(user(m, "b", 0, 0, "a", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "fixture user b: role a would be a member of itself");
    ck_assert_int_eq(user(m, "c", 0, 0, "c", &err), JT_EINVAL);
    ck_assert_int_eq(user(m, "d", 0, 0, "a,,b", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "fixture user: member-of expects role names separated by commas");
    for (k = 0; k <= JT_LIMIT_ROLES; k++)
        n += (size_t)snprintf(many + n, sizeof many - n, "%sr%zu", k ? "," : "", k);
    ck_assert_int_eq(user(m, "e", 0, 0, many, &err), JT_ELIMIT);
    /* a job owned by role c: a, its member, controls it; b, a member of nothing, does not */
    job(m, 1, "IMPORT", "running", "c", NULL);
    ck_assert_str_eq(run(m, "a", "PAUSE JOB 1", NULL), "");
    ck_assert_str_eq(run(m, "b", "PAUSE JOB 1", NULL), /* its fixture failed: no such user */
                     "28P01 password authentication failed for user b");
    ck_assert_int_eq(user(m, "b", 0, 0, NULL, &err), 0);
    ck_assert_str_eq(run(m, "b", "PAUSE JOB 1", NULL),
                     "42501 job 1: user b does not have privileges for job 1");
    /* a admin through a role, then not: memberships are replaced by the next fixture */
    ck_assert_int_eq(user(m, "c", 1, 0, NULL, &err), 0);
    ck_assert_str_eq(value(m, "a", "SELECT id FROM system.jobs"), "1"); /* a is admin now */
    ck_assert_int_eq(user(m, "a", 0, 0, NULL, &err), 0);
    ck_assert_str_eq(run(m, "a", "RESUME JOB 1", NULL),
                     "42501 job 1: only admins can control jobs owned by other admins");
    jt_model_free(m);
}
END_TEST

START_TEST(progress_and_its_errors) {
    jt_model *m = model("v22.2");
    int64_t moved = -1;
    job(m, 1, "IMPORT", "pause-requested", "root", NULL);
    job(m, 2, "BACKUP", "cancel-requested", "root", NULL);
    job(m, 3, "RESTORE", "reverting", "root", "boom");
    job(m, 4, "CHANGEFEED", "running", "root", NULL);
    ck_assert_int_eq(jt_model_advance(m, &moved), 0);
    ck_assert_int_eq(moved, 3);
    ck_assert_str_eq(value(m, "root", "SELECT status FROM [SHOW JOB 1]"), "paused");
    ck_assert_str_eq(value(m, "root", "SELECT status FROM [SHOW JOB 2]"), "reverting");
    ck_assert_str_eq(value(m, "root", "SELECT error FROM [SHOW JOB 2]"), "job canceled by user");
    ck_assert_str_eq(value(m, "root", "SELECT status FROM [SHOW JOB 3]"), "failed");
    ck_assert_int_eq(jt_model_advance(m, &moved), 0);
    ck_assert_int_eq(moved, 1);
    ck_assert_str_eq(value(m, "root", "SELECT status FROM [SHOW JOB 2]"), "canceled");
    ck_assert_int_eq(jt_model_advance(m, &moved), 0);
    ck_assert_int_eq(moved, 0);
    /* v2.1 has nothing that moves on its own */
    jt_model_free(m);
    m = model("v2.1");
    job(m, 1, "IMPORT", "running", "root", NULL);
    ck_assert_int_eq(jt_model_advance(m, &moved), 0);
    ck_assert_int_eq(moved, 0);
    jt_model_free(m);
}
END_TEST

START_TEST(fixtures_of_later_versions) {
    jt_model *m = model("v20.2");
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = 1;
    fx.type = "BACKUP";
    fx.status = "running";
    fx.schedule = -1;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "fixture job 1: schedule and age must not be negative");
    fx.schedule = 0;
    fx.status = "revert-failed"; /* v21.2 on */
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "fixture job 1: profile v20.2 has no status 'revert-failed'");
    fx.status = "running";
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    fx.type = NULL;
    fx.schedule = 7;           /* a later fixture gives it a schedule */
    fx.age_s = 100000000000LL; /* far back: the clock's start bounds it */
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    ck_assert_str_eq(value(m, "root", "SELECT created_by_id FROM system.jobs"), "7");
    ck_assert_str_eq(run(m, "root", "PAUSE JOBS FOR SCHEDULES SELECT '7'", NULL), "");
    ck_assert_str_eq(run(m, "root", "PAUSE JOBS FOR SCHEDULES VALUES (1, 2)", NULL),
                     "42601 subquery has too many columns");
    ck_assert_str_eq(run(m, "root", "PAUSE JOBS FOR SCHEDULES SELECT 'x'", NULL),
                     "22P02 could not parse \"x\" as type int");
    ck_assert_str_eq(run(m, "root", "PAUSE JOBS FOR SCHEDULE", NULL),
                     "42601 syntax error at or near \"EOF\"");
    ck_assert_str_eq(run(m, "root", "PAUSE JOBS FOR 1", NULL),
                     "42601 syntax error at or near \"1\"");
    jt_model_free(m);
}
END_TEST

START_TEST(grammar_by_version) {
    jt_model *m21 = model("v2.1"), *m19 = model("v19.2"), *m23 = model("v23.1");
    char tag[64];
    /* v2.1 has none of the later forms: a syntax error where each starts */
    ck_assert_str_eq(run(m21, "root", "SHOW JOB 1", NULL),
                     "42601 syntax error at or near \"show\"");
    ck_assert_str_eq(run(m21, "root", "SHOW JOBS SELECT 1", NULL),
                     "42601 syntax error at or near \"select\"");
    ck_assert_str_eq(run(m21, "root", "SELECT * FROM [SHOW AUTOMATIC JOBS]", NULL),
                     "42601 syntax error at or near \"automatic\"");
    ck_assert_str_eq(run(m21, "root", "PAUSE ALL BACKUP JOBS", NULL),
                     "42601 syntax error at or near \"all\"");
    ck_assert_str_eq(run(m21, "root", "CANCEL QUERY IF EXISTS 'ab'", NULL),
                     "42601 syntax error at or near \"exists\"");
    ck_assert_str_eq(run(m21, "root", "SELECT * FROM crdb_internal.feature_usage", NULL),
                     "42P01 relation \"crdb_internal.feature_usage\" does not exist");
    ck_assert_str_eq(run(m19, "root", "PAUSE JOBS FOR SCHEDULE 1", NULL),
                     "42601 syntax error at or near \"for\"");
    ck_assert_str_eq(run(m19, "root", "PAUSE JOB 1 WITH REASON = 'x'", NULL),
                     "42601 syntax error at or near \"with\"");
    /* v19.2's SHOW forms */
    ck_assert_str_eq(run(m19, "root", "SHOW JOB 1", tag), "");
    ck_assert_str_eq(tag, "SELECT 0");
    ck_assert_str_eq(run(m19, "root", "SHOW AUTOMATIC JOBS", tag), "");
    ck_assert_str_eq(run(m19, "root", "SHOW JOBS VALUES (1, 2)", NULL),
                     "42601 subquery has too many columns");
    ck_assert_str_eq(run(m19, "root", "SELECT * FROM [SHOW JOBS SELECT 'x']", NULL),
                     "22P02 could not parse \"x\" as type int");
    ck_assert_str_eq(run(m19, "root", "SHOW JOBS SELECT true", NULL),
                     "22023 unsupported comparison operator: <int> IN <tuple{bool}>");
    ck_assert_str_eq(run(m19, "root", "CANCEL QUERY IF EXISTS 'ABCDEF'", tag), "");
    ck_assert_str_eq(tag, "CANCEL QUERIES 1");
    ck_assert_str_eq(run(m19, "root", "CANCEL QUERY (SELECT x FROM nowhere)", NULL),
                     "42P01 relation \"nowhere\" does not exist");
    /* v23.1: ALL <type> JOBS and WITH REASON with a placeholder */
    job(m23, 1, "IMPORT", "running", "root", NULL);
    ck_assert_str_eq(run(m23, "root", "PAUSE ALL import JOBS", tag), "");
    ck_assert_str_eq(tag, "PAUSE ALL IMPORT JOBS 1");
    ck_assert_str_eq(run(m23, "root", "PAUSE ALL JOBS", NULL),
                     "42601 syntax error at or near \"EOF\"");
    ck_assert_str_eq(run(m23, "root", "PREPARE p AS PAUSE JOB $1 WITH REASON = $2", NULL), "");
    ck_assert_str_eq(run(m23, "root", "EXECUTE p(1, 'why')", tag), "");
    ck_assert_str_eq(tag, "PAUSE JOBS 1");
    ck_assert_str_eq(run(m23, "root", "PAUSE JOB 1 WITH REASON 'x'", NULL),
                     "42601 syntax error at or near \"x\"");
    ck_assert_str_eq(run(m23, "root", "SELECT usage_count FROM crdb_internal.feature_usage", tag),
                     "");
    ck_assert_str_eq(tag, "SELECT 1");
    jt_model_free(m21);
    jt_model_free(m19);
    jt_model_free(m23);
}
END_TEST

START_TEST(visibility_by_version) {
    static const struct {
        const char *profile;
        const char *ops_sees; /* SHOW JOBS for ops (CONTROLJOB) */
    } cases[] = {
        {"v20.1", "2"},     /* its own only */
        {"v20.2", "2 3"},   /* and jobs admins do not own */
        {"v23.1", "1 2 3"}, /* every job */
    };
    size_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        jt_model *m = model(cases[k].profile);
        jt_result res;
        jt_error err;
        char seen[64] = "";
        size_t i, n = 0;
        ck_assert_int_eq(user(m, "ops", 0, JT_USER_CONTROLJOB, NULL, &err), 0);
        ck_assert_int_eq(user(m, "maxroach", 0, 0, NULL, &err), 0);
        job(m, 1, "IMPORT", "running", "root", NULL);
        job(m, 2, "BACKUP", "running", "ops", NULL);
        job(m, 3, "RESTORE", "running", "maxroach", NULL);
        ck_assert_int_eq(
            jt_model_exec(m, "ops", "SELECT job_id FROM crdb_internal.jobs", &res, &err), 0);
        for (i = 0; i < res.nrows; i++)
            n += (size_t)snprintf(seen + n, sizeof seen - n, "%s%s", i ? " " : "", res.values[i]);
        jt_result_dispose(&res);
        ck_assert_msg(strcmp(seen, cases[k].ops_sees) == 0, "%s: ops sees %s", cases[k].profile,
                      seen);
        /* nobody reads system.jobs but admin members */
        ck_assert_str_eq(run(m, "ops", "SELECT id FROM system.jobs", NULL),
                         "42501 user ops does not have SELECT privilege on relation jobs");
        /* testuser, who owns none, sees nothing (and is no admin) */
        ck_assert_str_eq(value(m, "testuser", "SELECT job_id FROM [SHOW JOBS]"), "");
        jt_model_free(m);
    }
}
END_TEST

/* v2.0 as built (docs/profiles.md "v2.0"): the single-job grammar, a NULL id an error, the
   tag without a count, schema changes not controllable at all, its own texts. */
START_TEST(v20_as_built) {
    jt_model *m = model("v2.0");
    jt_fixture fx;
    jt_error err;
    char tag[64];
    job(m, 1, "IMPORT", "running", "root", NULL);
    job(m, 2, "SCHEMA CHANGE", "running", "root", NULL);
    job(m, 3, "BACKUP", "failed", "root", "boom");
    ck_assert_str_eq(run(m, "testuser", "PAUSE JOB 1", tag), ""); /* no privilege check */
    ck_assert_str_eq(tag, "PAUSE JOB");
    ck_assert_str_eq(run(m, "root", "PAUSE JOBS SELECT 1", NULL),
                     "42601 syntax error at or near \"jobs\"");
    ck_assert_str_eq(run(m, "root", "RESUME JOB (SELECT 1 WHERE false)", NULL),
                     "XX000 NULL is not a valid job ID");
    ck_assert_str_eq(run(m, "root", "CANCEL JOB 2", NULL), "XX000 job 2 is not controllable");
    ck_assert_str_eq(run(m, "root", "RESUME JOB 2", NULL), "XX000 job 2 is not controllable");
    ck_assert_str_eq(run(m, "root", "PAUSE JOB 3", NULL), "XX000 cannot pause failed job (id 3)");
    ck_assert_str_eq(run(m, "root", "RESUME JOB 3", NULL),
                     "XX000 job with status failed cannot be resumed");
    ck_assert_str_eq(run(m, "root", "CANCEL JOB 1::OID", NULL),
                     "42804 argument of CANCEL JOB must be type int, not type oid");
    ck_assert_str_eq(value(m, "root", "SELECT username FROM [SHOW JOBS] WHERE id = 1"), "root");
    ck_assert_str_eq(run(m, "erin", "SHOW JOBS", NULL),
                     "XX000 password authentication failed for user erin");
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = 9;
    fx.type = "CHANGEFEED"; /* v2.1 on */
    fx.status = "running";
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "fixture job 9: profile v2.0 has no job type 'CHANGEFEED'");
    jt_model_free(m);
}
END_TEST

/* The command tag each profile says a statement answers, the statement never run. */
START_TEST(expected_tags) {
    char tag[64];
    const jt_profile *v20 = jt_profile_find("v2.0"), *v21 = jt_profile_find("v2.1");
    const jt_profile *v231 = jt_profile_find("v23.1");
    ck_assert_int_eq(jt_profile_expected_tag(v20, "pause job 5", 1, tag, sizeof tag), 1);
    ck_assert_str_eq(tag, "PAUSE JOB");
    ck_assert_int_eq(jt_profile_expected_tag(v20, "PAUSE JOBS SELECT 5", 1, tag, sizeof tag), 0);
    ck_assert_int_eq(jt_profile_expected_tag(v21, "cancel job 5", 1, tag, sizeof tag), 1);
    ck_assert_str_eq(tag, "CANCEL JOBS 1");
    ck_assert_int_eq(jt_profile_expected_tag(v21, "RESUME JOBS VALUES (1), (2)", 2, tag, 64), 1);
    ck_assert_str_eq(tag, "RESUME JOBS 2");
    ck_assert_int_eq(jt_profile_expected_tag(v231, "PAUSE ALL backup JOBS", 3, tag, 64), 1);
    ck_assert_str_eq(tag, "PAUSE ALL BACKUP JOBS 3");
    ck_assert_int_eq(jt_profile_expected_tag(v231, "CANCEL JOBS FOR SCHEDULE 7", 0, tag, 64), 1);
    ck_assert_str_eq(tag, "CANCEL JOBS FOR SCHEDULES 0");
    ck_assert_int_eq(jt_profile_expected_tag(v21, "SELECT 1", 1, tag, sizeof tag), 0);
    ck_assert_int_eq(jt_profile_expected_tag(v21, "SHOW JOBS", 1, tag, sizeof tag), 0);
    ck_assert_int_eq(jt_profile_expected_tag(v21, "PAUSE JOB", 1, tag, sizeof tag), 0);
    ck_assert_int_eq(jt_profile_expected_tag(v21, "PAUSE ALL backup JOBS", 1, tag, 64), 0);
}
END_TEST

/* The memo answers as jt_profile_expected_tag does, by shape and for the profile asked. */
START_TEST(expected_tags_memo) {
    static const char *const sqls[] = {"pause job 5",
                                       "PAUSE JOB 6",
                                       "CANCEL JOBS FOR SCHEDULE 7",
                                       "SELECT 1",
                                       "PAUSE ALL backup JOBS",
                                       "RESUME JOBS VALUES (1), (2)",
                                       "PAUSE JOBS SELECT 5",
                                       "PAUSE JOB",
                                       "RESUME JOBS VALUES (3), (4)"};
    static const char *const profiles[] = {"v2.0", "v2.1", "v23.1", "v2.1"};
    jt_tag_memo *memo = NULL;
    size_t i, k;
    for (k = 0; k < 4; k++) {
        const jt_profile *p = jt_profile_find(profiles[k]);
        for (i = 0; i < sizeof sqls / sizeof sqls[0]; i++) {
            char want[64] = "", got[64] = "";
            int a = jt_profile_expected_tag(p, sqls[i], (int64_t)i, want, sizeof want);
            int b = jt_profile_expected_tag_memo(&memo, p, sqls[i], (int64_t)i, got, sizeof got);
            ck_assert_int_eq(a, b);
            ck_assert_str_eq(want, got);
        }
    }
    jt_tag_memo_free(memo);
}
END_TEST

/* The releases' own rules: feature_usage from v20.1 counting what succeeded, the privilege
   check before or after the typing of the ids, refused sessions, job types per release. */
START_TEST(release_rules) {
    static const struct {
        const char *profile, *big, *nouser;
    } rules[] = {
        {"v2.0", "22003", "XX000"},          {"v2.1", "42501", "XX000"},
        {"v2.1-as-built", "22003", "XX000"}, {"v19.2", "42501", "XXUUU"},
        {"v20.1", "42501", "XXUUU"},         {"v20.2", "22003", "XXUUU"},
        {"v22.2", "22003", "28P01"},         {"v25.3", "22003", "28P01"},
    };
    jt_model *m;
    char tag[64];
    size_t k;
    for (k = 0; k < sizeof rules / sizeof rules[0]; k++) {
        m = model(rules[k].profile);
        const char *got = run(m, "testuser", "PAUSE JOB 99999999999999999999", NULL);
        ck_assert_msg(strncmp(got, rules[k].big, 5) == 0, "%s: %s", rules[k].profile, got);
        ck_assert_msg(strncmp(run(m, "nobody", "SELECT 1", NULL), rules[k].nouser, 5) == 0, "%s",
                      rules[k].profile);
        jt_model_free(m);
    }
    m = model("v20.1");
    job(m, 1, "IMPORT", "succeeded", "root", NULL);
    ck_assert_str_eq(run(m, "root", "PAUSE JOB 1", NULL),
                     "XXUUU job with status succeeded cannot be requested to be paused");
    ck_assert_str_eq(run(m, "testuser", "RESUME JOB 1", NULL),
                     "42501 only users with the admin role are allowed to RESUME JOBS");
    ck_assert_str_eq(run(m, "root", "CANCEL JOBS VALUES (NULL)", NULL), ""); /* 0 ids: counted */
    ck_assert_str_eq(run(m, "root", "SELECT feature_name FROM crdb_internal.feature_usage", tag),
                     "");
    ck_assert_str_eq(tag, "SELECT 1");
    ck_assert_str_eq(value(m, "root", "SELECT feature_name FROM crdb_internal.feature_usage"),
                     "sql.schema.job.control.cancel");
    jt_model_free(m);
    m = model("v19.2");
    ck_assert_str_eq(run(m, "root", "SELECT * FROM crdb_internal.feature_usage", NULL),
                     "42P01 relation \"crdb_internal.feature_usage\" does not exist");
    jt_model_free(m);
    m = model("v25.3");
    job(m, 5, "SCHEMA CHANGE GC", "running", "root", NULL);
    job(m, 6, "POLL JOBS STATS", "running", "root", NULL);
    job(m, 7, "INSPECT", "running", "root", NULL);
    ck_assert_str_eq(run(m, "root", "CANCEL JOB 5", NULL), "XXUUU job 5: job 5: not cancelable");
    ck_assert_str_eq(run(m, "root", "CANCEL JOB 6", NULL), "XXUUU job 6: job 6: not cancelable");
    ck_assert_str_eq(run(m, "root", "SHOW JOBS", tag), ""); /* 6 is automatic */
    ck_assert_str_eq(tag, "SELECT 2");
    ck_assert_str_eq(value(m, "root", "SELECT job_id FROM [SHOW AUTOMATIC JOBS]"), "6");
    ck_assert_str_eq(run(m, "root", "SELECT started FROM [SHOW JOBS]", NULL),
                     "42703 column \"started\" does not exist");
    ck_assert_str_eq(run(m, "root", "SELECT started FROM crdb_internal.jobs", NULL), "");
    jt_model_free(m);
}
END_TEST

START_TEST(two_phase_corners) {
    jt_model *m = model("v20.1");
    job(m, 1, "IMPORT", "paused", "root", "disk full"); /* paused while reverting */
    ck_assert_str_eq(run(m, "root", "CANCEL JOB 1", NULL),
                     "XXUUU job 1 is paused and has non-nil FinalResumeError disk full hence "
                     "cannot be canceled and should be reverted");
    ck_assert_str_eq(run(m, "root", "RESUME JOB 1", NULL), "");
    ck_assert_str_eq(value(m, "root", "SELECT status FROM [SHOW JOB 1]"), "reverting");
    /* a failing bulk statement undoes what it did, the duplicates counted before */
    job(m, 2, "BACKUP", "running", "root", NULL);
    job(m, 3, "BACKUP", "succeeded", "root", NULL);
    ck_assert_str_eq(run(m, "root", "PAUSE JOBS VALUES (2), (2), (3)", NULL),
                     "XXUUU job with status succeeded cannot be requested to be paused");
    ck_assert_str_eq(value(m, "root", "SELECT status FROM [SHOW JOB 2]"), "running");
    jt_model_free(m);
}
END_TEST

/* Statements cut short everywhere the grammar nests: each is a syntax error where it ends,
   under every profile (the later forms included), never a crash. */
START_TEST(cut_short_everywhere) {
    static const char *const cut[] = {
        "SELECT (",
        "SELECT 1::",
        "SELECT 1 IN (",
        "SELECT 1 IN (SELECT",
        "SELECT NOT",
        "SELECT 1 IS",
        "SELECT 1 IS NOT",
        "SELECT 1 LIKE",
        "SELECT 1 NOT LIKE",
        "SELECT -",
        "SELECT (SELECT",
        "SELECT * FROM [SHOW",
        "SELECT * FROM [SHOW JOB",
        "SELECT * FROM [SHOW JOBS SELECT",
        "SELECT * FROM [SHOW AUTOMATIC",
        "SELECT * FROM system.",
        "SELECT a FROM t AS",
        "SELECT 1 AS",
        "SELECT 1 ORDER BY",
        "SELECT 1 ORDER BY 1 DESC,",
        "SELECT 1 LIMIT",
        "SELECT 1 OFFSET",
        "SELECT 1 WHERE",
        "VALUES (1",
        "VALUES (1),",
        "VALUES (",
        "PAUSE JOBS SELECT",
        "PAUSE JOB",
        "PAUSE JOB 1 WITH",
        "PAUSE JOB 1 WITH REASON",
        "PAUSE JOB 1 WITH REASON =",
        "PAUSE ALL",
        "PAUSE JOBS FOR SCHEDULES",
        "CANCEL QUERY IF EXISTS",
        "CANCEL SESSIONS",
        "CANCEL",
        "SHOW JOB",
        "SHOW JOBS SELECT",
        "PREPARE p (",
        "PREPARE p (INT",
        "PREPARE p AS",
        "PREPARE AS SELECT 1",
        "EXECUTE p(1",
        "EXECUTE",
        "DEALLOCATE",
        "SELECT 1 +",
        "SELECT x.",
        "SELECT 'unterminated",
        "SELECT \"unterminated",
        "SELECT /* unterminated",
    };
    size_t i, k;
    for (k = 0; jt_profiles[k]; k++) {
        jt_model *m = model(jt_profiles[k]->name);
        for (i = 0; i < sizeof cut / sizeof cut[0]; i++) {
            const char *e = run(m, "root", cut[i], NULL);
            ck_assert_msg(strncmp(e, "42601 ", 6) == 0 || strncmp(e, "42P01 ", 6) == 0 ||
                              strncmp(e, "42703 ", 6) == 0,
                          "%s: %s: %s", jt_profiles[k]->name, cut[i], e);
        }
        jt_model_free(m);
    }
}
END_TEST

/* The evaluator's corners: values out of range, special floats, a placeholder without a
   value, operators on the wrong types, NULL offsets, booleans in order. */
START_TEST(evaluator_corners) {
    jt_model *m = model("v2.1");
    char tag[64];
    ck_assert_str_eq(run(m, "root", "SELECT 9.3e18::INT", NULL), "22003 integer out of range");
    ck_assert_str_eq(run(m, "root", "SELECT -('-9223372036854775808'::INT)", NULL),
                     "22003 integer out of range");
    ck_assert_str_eq(value(m, "root", "SELECT 'NaN'::FLOAT"), "NaN");
    ck_assert_str_eq(value(m, "root", "SELECT '-inf'::FLOAT"), "-Inf");
    ck_assert_str_eq(value(m, "root", "SELECT 1e400"), "+Inf");
    ck_assert_str_eq(value(m, "root", "SELECT '2.5'::FLOAT::INT"), "3");
    ck_assert_str_eq(value(m, "root", "SELECT 'true'::BOOL::INT"), "1");
    ck_assert_str_eq(run(m, "root", "SELECT - 'a'::STRING", NULL),
                     "22023 unsupported unary operator: -<string>");
    ck_assert_str_eq(run(m, "root", "SELECT $1", NULL),
                     "08P01 no value provided for placeholder: $1");
    ck_assert_str_eq(run(m, "root", "SELECT (SELECT job_id, status FROM [SHOW JOBS])", NULL),
                     "42601 subquery must return only one column, found 2");
    ck_assert_str_eq(run(m, "root", "SELECT *", NULL),
                     "42602 cannot use \"*\" without a FROM clause");
    ck_assert_str_eq(run(m, "root", "SELECT 1 OFFSET NULL", tag), "");
    ck_assert_str_eq(tag, "SELECT 1");
    job(m, 1, "IMPORT", "running", "root", NULL);
    job(m, 2, "BACKUP", "paused", "root", NULL);
    ck_assert_str_eq(
        value(m, "root", "SELECT job_id FROM [SHOW JOBS] ORDER BY status = 'running' DESC"), "1");
    ck_assert_str_eq(run(m, "root", "SELECT nope FROM [SHOW JOBS] ORDER BY 1", NULL),
                     "42703 column \"nope\" does not exist");
    jt_model_free(m);
}
END_TEST

int main(void) {
    Suite *s = suite_create("profiles");
    TCase *tc = tcase_create("versions");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, profiles_are_complete);
    tcase_add_test(tc, roles_and_their_limits);
    tcase_add_test(tc, progress_and_its_errors);
    tcase_add_test(tc, fixtures_of_later_versions);
    tcase_add_test(tc, v20_as_built);
    tcase_add_test(tc, expected_tags);
    tcase_add_test(tc, expected_tags_memo);
    tcase_add_test(tc, release_rules);
    tcase_add_test(tc, grammar_by_version);
    tcase_add_test(tc, visibility_by_version);
    tcase_add_test(tc, two_phase_corners);
    tcase_add_test(tc, cut_short_everywhere);
    tcase_add_test(tc, evaluator_corners);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
