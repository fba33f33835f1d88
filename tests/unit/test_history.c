/* Check suite of sim/search/history.c: the linearizability check on histories written by hand, and
   recorded histories of the model shared by several sessions. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sim/drivers/drivers.h"
#include "sim/search/history.h"
#include "sessions.h"

#define PAUSED "RSELECT 1\x1fstatus\x1epaused"
#define RUNNING "RSELECT 1\x1fstatus\x1erunning"

static jt_hist_op op(unsigned session, const char *user, const char *sql, uint32_t jobs,
                     int64_t call, int64_t ret, const char *observed) {
    jt_hist_op o;
    memset(&o, 0, sizeof o);
    o.session = session;
    o.user = user;
    o.sql = (char *)sql;
    o.jobs = jobs;
    o.call_ns = call;
    o.ret_ns = ret;
    o.observed = (char *)observed;
    return o;
}

static jt_history_config config(unsigned jobs) {
    jt_history_config c;
    memset(&c, 0, sizeof c);
    c.jobs = jobs;
    c.profile = "v2.1";
    return c;
}

static int verdict(const jt_hist_op *ops, size_t n, const jt_history_config *c) {
    jt_history_report rep;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_history_check(&rep, ops, n, c, &err) == 0, "%s", err.message);
    return rep.verdict;
}

START_TEST(sequential_history_is_linearizable) {
    jt_history_config c = config(2);
    jt_hist_op h[] = {
        op(0, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 1", 1, 0, 10, RUNNING),
        op(0, "root", "PAUSE JOB 1", 1, 20, 30, "RPAUSE JOBS 1"),
        op(1, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 1", 1, 40, 50, PAUSED),
        op(1, "maxroach", "RESUME JOB 2", 2, 40, 50,
           "E42501\x1fonly users with the admin role are allowed to RESUME JOBS"),
        op(0, "root", "PAUSE JOBS VALUES (1), (2)", 3, 60, 70, "RPAUSE JOBS 2"),
    };
    ck_assert_int_eq(verdict(h, 5, &c), JT_HIST_LINEARIZABLE);
}
END_TEST

/* A read invoked after a PAUSE completed sees running: no order explains it. */
START_TEST(stale_read_is_a_violation) {
    jt_history_config c = config(1);
    jt_hist_op h[] = {
        op(0, "root", "PAUSE JOB 1", 1, 0, 10, "RPAUSE JOBS 1"),
        op(1, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 1", 1, 20, 30, RUNNING),
    };
    ck_assert_int_eq(verdict(h, 2, &c), JT_HIST_VIOLATION);
}
END_TEST

/* Overlapping: the read may come before or after the PAUSE, and a second read after both sees
   the pause; a RESUME overlapping the PAUSE may go either way, and the last read decides. */
START_TEST(overlapping_operations_may_go_either_way) {
    jt_history_config c = config(1);
    jt_hist_op h[] = {
        op(0, "root", "PAUSE JOB 1", 1, 0, 100, "RPAUSE JOBS 1"),
        op(1, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 1", 1, 10, 20, RUNNING),
        op(2, "root", "RESUME JOB 1", 1, 50, 150, "RRESUME JOBS 1"),
        op(1, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 1", 1, 200, 210, PAUSED),
    };
    /* PAUSE, then RESUME (no-op? no: running -> no-op; paused -> running) ... the last read
       sees paused: RESUME (a no-op on running) before PAUSE */
    ck_assert_int_eq(verdict(h, 4, &c), JT_HIST_LINEARIZABLE);
    /* the same, but the RESUME completed before the PAUSE was invoked: then it cannot */
    h[2].call_ns = -50;
    h[2].ret_ns = -10;
    h[3].observed = PAUSED;
    ck_assert_int_eq(verdict(h, 4, &c), JT_HIST_LINEARIZABLE);
    h[3].observed = RUNNING;
    ck_assert_int_eq(verdict(h, 4, &c), JT_HIST_VIOLATION);
}
END_TEST

/* Bulk statements are atomic: a read between its jobs' changes is not explained. */
START_TEST(bulk_statements_join_their_jobs) {
    jt_history_config c = config(2);
    jt_hist_op h[] = {
        op(0, "root", "PAUSE JOBS VALUES (1), (2)", 3, 0, 10, "RPAUSE JOBS 2"),
        op(1, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 2", 2, 20, 30, PAUSED),
        op(1, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 1", 1, 40, 50, RUNNING),
    };
    ck_assert_int_eq(verdict(h, 3, &c), JT_HIST_VIOLATION);
}
END_TEST

/* Past the bound the verdict is unknown, never linearizable. */
START_TEST(bounded_search_answers_unknown) {
    jt_history_config c = config(1);
    jt_hist_op h[] = {
        op(0, "root", "PAUSE JOB 1", 1, 0, 100, "RPAUSE JOBS 1"),
        op(1, "root", "RESUME JOB 1", 1, 0, 100, "RRESUME JOBS 1"),
        op(2, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 1", 1, 0, 100, RUNNING),
    };
    c.max_states = 1;
    ck_assert_int_eq(verdict(h, 3, &c), JT_HIST_UNKNOWN);
    c.max_states = 0;
    ck_assert_int_eq(verdict(h, 3, &c), JT_HIST_LINEARIZABLE);
}
END_TEST

/* Sessions sharing the model behind a lock: linearizable by construction, whatever the seed
   and the profile. */
START_TEST(the_shared_model_is_linearizable) {
    static const char *const profiles[] = {"v2.1", "v20.1", "v20.2", "v25.1"};
    size_t k;
    for (k = 0; k < sizeof profiles / sizeof profiles[0]; k++) {
        jt_history_config c = config(4);
        jt_history_report rep;
        jt_error err;
        memset(&err, 0, sizeof err);
        c.session = test_session_of(&jt_driver_model, profiles[k]);
        c.profile = profiles[k];
        c.seed = 42 + k;
        c.sessions = 4;
        c.ops = 150;
        ck_assert_msg(jt_history_run(&rep, &c, &err) == 0, "%s", err.message);
        ck_assert_msg(rep.verdict == JT_HIST_LINEARIZABLE, "%s: verdict %d", profiles[k],
                      rep.verdict);
        ck_assert_uint_eq(rep.ops, 600);
        ck_assert_uint_ge(rep.parts, 1);
        jt_session_close(c.session);
    }
}
END_TEST

/* Without statements that name two jobs, each job's operations are a group of their own,
   searched alone; with them (the default), the groups join. */
START_TEST(singular_statements_keep_jobs_apart) {
    jt_history_config c = config(4);
    jt_history_report rep;
    jt_error err;
    memset(&err, 0, sizeof err);
    c.session = test_session("model:v2.1");
    c.seed = 3;
    c.sessions = 4;
    c.ops = 200;
    c.jobs = 8;
    c.singular = 1;
    ck_assert_msg(jt_history_run(&rep, &c, &err) == 0, "%s", err.message);
    ck_assert_int_eq(rep.verdict, JT_HIST_LINEARIZABLE);
    ck_assert_uint_eq(rep.parts, 8);
    ck_assert_uint_eq(rep.searched, 8);
    c.singular = 0;
    ck_assert_msg(jt_history_run(&rep, &c, &err) == 0, "%s", err.message);
    ck_assert_int_eq(rep.verdict, JT_HIST_LINEARIZABLE);
    ck_assert_uint_lt(rep.parts, 8);
    jt_session_close(c.session);
}
END_TEST

/* An implementation that is not the oracle's profile is caught: the model of v2.1-as-built
   (no privilege check) checked against v2.1. */
START_TEST(a_wrong_implementation_is_caught) {
    jt_history_config c = config(4);
    jt_history_report rep;
    jt_error err;
    FILE *sink = tmpfile();
    memset(&err, 0, sizeof err);
    c.session = test_session("model:v2.1-as-built");
    c.profile = "v2.1";
    c.seed = 7;
    c.sessions = 4;
    c.ops = 50;
    c.out = sink;
    ck_assert_msg(jt_history_run(&rep, &c, &err) == 0, "%s", err.message);
    ck_assert_int_eq(rep.verdict, JT_HIST_VIOLATION);
    ck_assert_uint_ge(rep.parts, rep.searched);
    ck_assert_uint_ge(rep.searched, 1);
    jt_session_close(c.session);
    fclose(sink);
}
END_TEST

START_TEST(bad_configurations) {
    jt_history_config c = config(4);
    jt_history_report rep;
    jt_error err;
    c.session = test_session("model");
    c.sessions = 1;
    c.ops = 10;
    ck_assert_int_eq(jt_history_run(&rep, &c, &err), JT_EINVAL);
    c.sessions = 2;
    c.jobs = 17;
    ck_assert_int_eq(jt_history_run(&rep, &c, &err), JT_EINVAL);
    jt_session_close(c.session);
}
END_TEST

int main(void) {
    Suite *s = suite_create("history");
    TCase *tc = tcase_create("linearizability");
    SRunner *sr;
    int failed;
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sequential_history_is_linearizable);
    tcase_add_test(tc, stale_read_is_a_violation);
    tcase_add_test(tc, overlapping_operations_may_go_either_way);
    tcase_add_test(tc, bulk_statements_join_their_jobs);
    tcase_add_test(tc, bounded_search_answers_unknown);
    tcase_add_test(tc, the_shared_model_is_linearizable);
    tcase_add_test(tc, singular_statements_keep_jobs_apart);
    tcase_add_test(tc, a_wrong_implementation_is_caught);
    tcase_add_test(tc, bad_configurations);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
