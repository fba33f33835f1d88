/*
 * sim/drivers/driver_plugin.c and sessions on plugins: loading plugins, with a clear message for
 * each way one can be wrong (tests/drivers/bad_plugin.c); plugins of ABI 1 and 2 (the example
 * built against the header of ABI 2) load and take no options; the example plugin through the
 * loader, a session of plugin:PATH.so (its option profile) and the runner.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/drivers/drivers.h"
#include "sim/run/runner.h"
#include "sessions.h"

#ifndef JT_TEST_BIN_DIR
#error "JT_TEST_BIN_DIR: the build folder of tests/drivers (tests/drivers/CMakeLists.txt)"
#endif

#define EXAMPLE JT_TEST_BIN_DIR "/jobtck_example.so"
#define EXAMPLE_ABI2 JT_TEST_BIN_DIR "/jobtck_example_abi2.so"

static const struct {
    int bad;
    const char *message; /* after "plugin PATH: " */
} bad[] = {
    {1, "no symbol jt_driver_entry (a jobtck plugin exports 'const jt_driver "
        "*jt_driver_entry(void)', see jobtck/driver.h)"},
    {2, "jt_driver_entry() returned NULL"},
    {3, "built for driver ABI 4, but this jobtck knows ABI 1 to 3: rebuild it against this "
        "jobtck's jobtck/driver.h"},
    {4, "built for driver ABI 0, but this jobtck knows ABI 1 to 3: rebuild it against this "
        "jobtck's jobtck/driver.h"},
    {5, "driver bad has no function exec"},
    {6, "driver bad has no function reset (its caps have JT_CAP_RESET)"},
    {7, "its jt_driver has no name"},
};

START_TEST(says_what_is_wrong_with_a_plugin) {
    char path[512], want[1024];
    jt_plugin *p = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    snprintf(path, sizeof path, "%s/bad_plugin_%d.so", JT_TEST_BIN_DIR, bad[_i].bad);
    snprintf(want, sizeof want, "plugin %s: %s", path, bad[_i].message);
    ck_assert_int_eq(jt_plugin_open(&p, path, &err), JT_EABI);
    ck_assert_str_eq(err.message, want);
    ck_assert_ptr_null(p);
}
END_TEST

/* A plugin built against ABI 1 loads, and the members of ABI 2 read as absent. */
START_TEST(an_abi1_plugin_loads) {
    jt_plugin *p = NULL;
    const jt_driver *d;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_plugin_open(&p, JT_TEST_BIN_DIR "/bad_plugin_8.so", &err), 0);
    d = jt_plugin_driver(p);
    ck_assert_int_eq(d->abi_version, 1);
    ck_assert_str_eq(d->name, "abi1");
    ck_assert(d->exec != NULL);
    ck_assert(d->advance == NULL);
    jt_plugin_close(p);
}
END_TEST

START_TEST(a_file_that_is_not_a_plugin) {
    jt_plugin *p = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_plugin_open(&p, "/nonexistent/x.so", &err), JT_EABI);
    ck_assert_msg(strncmp(err.message, "plugin /nonexistent/x.so: cannot load: ", 39) == 0, "%s",
                  err.message);
    ck_assert_int_eq(jt_plugin_open(&p, "no-such-plugin.so", &err), JT_EABI);
    ck_assert_msg(strncmp(err.message, "plugin ./no-such-plugin.so: cannot load: ", 41) == 0, "%s",
                  err.message);
    /* a text file */
    ck_assert_int_eq(jt_plugin_open(&p, JT_SOURCE_CASES "/01-example-single.test", &err), JT_EABI);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot load: "));
    ck_assert_int_eq(jt_plugin_open(&p, "", &err), JT_EINVAL);
    ck_assert_ptr_null(p);
}
END_TEST

START_TEST(loads_the_example) {
    jt_plugin *p = NULL;
    const jt_driver *d;
    jt_error err;
    void *conn = NULL;
    jt_result res;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_plugin_open(&p, EXAMPLE, &err), 0);
    d = jt_plugin_driver(p);
    ck_assert_str_eq(d->name, "example");
    ck_assert_int_eq(d->abi_version, JT_DRIVER_ABI);
    ck_assert_uint_eq(d->caps, JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET | JT_CAP_ROLES |
                                   JT_CAP_JOB_META);
    ck_assert(d->advance != NULL);
    ck_assert_int_eq(d->connect(NULL, &conn, &err), 0);
    memset(&res, 0, sizeof res);
    ck_assert_int_eq(d->exec(conn, "root", "PAUSE JOB 1", &res, &err), 0);
    ck_assert_int_eq(res.failed, 1);
    ck_assert_str_eq(res.message, "job with ID 1 does not exist");
    d->free_result(conn, &res);
    d->disconnect(conn);
    jt_plugin_close(p);
}
END_TEST

/* The status of job 1 (running) after PAUSE JOB 1, on a session of spec with options. */
static const char *status_after_pause(jt_session *sn) {
    static char status[32];
    jt_fixture fx;
    jt_result res;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = 1;
    fx.type = "BACKUP";
    fx.status = "running";
    ck_assert_int_eq(jt_session_restart(sn, &err), 0);
    ck_assert_int_eq(jt_session_fixture(sn, &fx, &err), 0);
    ck_assert_int_eq(jt_session_exec(sn, "root", "PAUSE JOB 1", &res, &err), 0);
    ck_assert_str_eq(res.tag, "PAUSE JOBS 1");
    jt_session_free_result(sn, &res);
    ck_assert_int_eq(
        jt_session_exec(sn, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 1", &res, &err),
        0);
    ck_assert_uint_eq(res.nrows, 1);
    snprintf(status, sizeof status, "%s", res.values[0]);
    jt_session_free_result(sn, &res);
    return status;
}

START_TEST(a_session_on_a_plugin) {
    jt_session *sn = test_session("plugin:" EXAMPLE);
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    /* the plugin's own table: its name for skipif/onlyif, its caps */
    ck_assert_str_eq(jt_session_name(sn), "example");
    ck_assert_str_eq(jt_session_self_name(sn), "example");
    ck_assert_str_eq(jt_session_spec(sn), "plugin:" EXAMPLE);
    ck_assert_uint_eq(jt_session_caps(sn), JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET |
                                               JT_CAP_ROLES | JT_CAP_JOB_META);
    ck_assert(jt_session_has_advance(sn));
    ck_assert_ptr_null(jt_session_model(sn)); /* the model is inside the plugin: none to read */
    ck_assert_str_eq(status_after_pause(sn), "paused");
    jt_session_close(sn);
    /* a bad plugin fails the session's open with the loader's message */
    ck_assert_int_eq(jt_session_open(&sn, "plugin:" JT_TEST_BIN_DIR "/bad_plugin_3.so", NULL, &err),
                     JT_EABI);
    ck_assert_ptr_nonnull(strstr(err.message, "built for driver ABI 4"));
    ck_assert_ptr_null(sn);
    ck_assert_int_eq(jt_session_open(&sn, "plugin:" JT_TEST_BIN_DIR "/bad_plugin_1.so", NULL, &err),
                     JT_EABI);
    ck_assert_ptr_nonnull(strstr(err.message, "no symbol jt_driver_entry"));
    /* the runner takes a session over, and closes it when it cannot start */
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("plugin:" EXAMPLE);
    cfg.shard_count = 2; /* shard 0 of 2: bad */
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), JT_EINVAL);
    ck_assert_ptr_null(r);
}
END_TEST

/* The example plugin reads its option profile: from v20.1 a PAUSE leaves pause-requested. */
START_TEST(the_example_reads_an_option) {
    jt_options opts;
    jt_session *sn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    jt_options_init(&opts);
    ck_assert_int_eq(jt_options_parse(&opts, "profile=v20.1", &err), 0);
    ck_assert_int_eq(jt_session_open(&sn, "plugin:" EXAMPLE, &opts, &err), 0);
    ck_assert_str_eq(jt_session_option(sn, "profile"), "v20.1");
    ck_assert_str_eq(status_after_pause(sn), "pause-requested");
    jt_session_close(sn);
    jt_options_dispose(&opts);
    ck_assert_int_eq(jt_options_parse(&opts, "colour=blue", &err), 0);
    ck_assert_int_eq(jt_session_open(&sn, "plugin:" EXAMPLE, &opts, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "example plugin takes no option 'colour' (it takes profile)");
    ck_assert_ptr_null(sn);
    ck_assert_int_eq(jt_options_parse(&opts, "colour=red", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "the driver option colour is given twice");
    ck_assert_int_eq(jt_options_parse(&opts, "colour", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "--driver-option expects KEY=VALUE, got 'colour'");
    jt_options_dispose(&opts);
}
END_TEST

/* The example built against the header of ABI 2: its table ends before connect_with; it passes
   (the suite through it: ctest drivers.abi2) and takes no options, which the kit says. */
START_TEST(an_abi2_plugin_loads_and_takes_no_options) {
    jt_plugin *p = NULL;
    jt_options opts;
    jt_session *sn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_plugin_open(&p, EXAMPLE_ABI2, &err), 0);
    ck_assert_int_eq(jt_plugin_driver(p)->abi_version, 2);
    ck_assert(jt_plugin_driver(p)->advance != NULL);
    ck_assert(jt_plugin_driver(p)->connect_with == NULL);
    ck_assert(jt_plugin_driver(p)->conn_caps == NULL);
    jt_plugin_close(p);
    sn = test_session("plugin:" EXAMPLE_ABI2);
    ck_assert_str_eq(status_after_pause(sn), "paused");
    jt_session_close(sn);
    jt_options_init(&opts);
    ck_assert_int_eq(jt_options_add(&opts, "profile", "v20.1", &err), 0);
    ck_assert_int_eq(jt_session_open(&sn, "plugin:" EXAMPLE_ABI2, &opts, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "driver example takes no options (given profile=v20.1): it is "
                                  "built for driver ABI 2, and options need connect_with (ABI 3)");
    ck_assert_int_eq(
        jt_session_open(&sn, "plugin:" JT_TEST_BIN_DIR "/bad_plugin_8.so", &opts, &err), JT_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "built for driver ABI 1"));
    jt_options_dispose(&opts);
}
END_TEST

/* One file of the suite through the runner (the whole suite: ctest drivers.same_results). */
START_TEST(a_case_file_passes_through_the_plugin) {
    jt_runner_config cfg;
    jt_runner *r = NULL, *m = NULL;
    jt_error err;
    const jt_run_result *run, *model;
    memset(&err, 0, sizeof err);
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("plugin:" EXAMPLE);
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_path(r, JT_SOURCE_CASES "/04-example-bulk.test", &err), 0);
    cfg.session = test_session("model");
    ck_assert_int_eq(jt_runner_new(&m, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_path(m, JT_SOURCE_CASES "/04-example-bulk.test", &err), 0);
    run = jt_runner_result(r);
    model = jt_runner_result(m);
    ck_assert_uint_gt(run->passed, 0);
    ck_assert_uint_eq(run->passed, model->passed);
    ck_assert_uint_eq(run->failed, 0);
    ck_assert_uint_eq(run->skipped, model->skipped);
    ck_assert_uint_eq(run->errors, 0);
    jt_runner_free(r);
    jt_runner_free(m);
}
END_TEST

int main(void) {
    Suite *s = suite_create("driver_plugin");
    TCase *tc = tcase_create("plugin");
    SRunner *sr;
    int failed;
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, says_what_is_wrong_with_a_plugin, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, a_file_that_is_not_a_plugin);
    tcase_add_test(tc, an_abi1_plugin_loads);
    tcase_add_test(tc, loads_the_example);
    tcase_add_test(tc, a_session_on_a_plugin);
    tcase_add_test(tc, the_example_reads_an_option);
    tcase_add_test(tc, an_abi2_plugin_loads_and_takes_no_options);
    tcase_add_test(tc, a_case_file_passes_through_the_plugin);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
