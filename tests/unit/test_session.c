/* Check suite of sim/drivers/session.c and the registry (sim/drivers/drivers.c): driver options,
   what a spec says before anything opens, starting over (reset, or a new connection when the
   connection cannot reset or the driver failed), the capabilities of a connection, peers. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/drivers/drivers.h"
#include "sim/drivers/session.h"
#include "pgtest.h"
#include "sessions.h"

/* ---- options and specs -------------------------------------------------------------------- */

START_TEST(options_are_key_value_pairs) {
    jt_options o;
    jt_error err;
    jt_option bad = {"colour", "blue"};
    static const char *const keys[] = {"profile", "size", NULL}, *const none[] = {NULL};
    memset(&err, 0, sizeof err);
    jt_options_init(&o);
    ck_assert_int_eq(jt_options_parse(&o, "profile=v20.1", &err), 0);
    ck_assert_int_eq(jt_options_parse(&o, "empty=", &err), 0);
    ck_assert_int_eq(jt_options_parse(&o, "eq=a=b", &err), 0);
    ck_assert_str_eq(jt_options_get(&o, "profile"), "v20.1");
    ck_assert_str_eq(jt_options_get(&o, "empty"), "");
    ck_assert_str_eq(jt_options_get(&o, "eq"), "a=b");
    ck_assert_ptr_null(jt_options_get(&o, "nope"));
    ck_assert_int_eq(jt_options_parse(&o, "=x", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "a driver option needs a KEY (KEY=VALUE)");
    ck_assert_int_eq(jt_options_add(&o, "profile", "v2.1", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "the driver option profile is given twice");
    ck_assert_uint_eq(o.n, 3);
    ck_assert_int_eq(jt_options_check(o.v, 1, "d", keys, &err), 0);
    ck_assert_int_eq(jt_options_check(&bad, 1, "d", keys, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "driver d takes no option 'colour' (it takes profile, size)");
    ck_assert_int_eq(jt_options_check(&bad, 1, "d", none, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "driver d takes no option 'colour' (it takes none)");
    jt_options_dispose(&o);
}
END_TEST

START_TEST(what_a_spec_says) {
    jt_options o;
    const char *v = "x";
    jt_error err;
    memset(&err, 0, sizeof err);
    jt_options_init(&o);
    ck_assert_int_eq(jt_driver_option_value(&v, "model", &o, "profile", &err), 0);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(jt_driver_option_value(&v, "model:v20.1", &o, "profile", &err), 0);
    ck_assert_str_eq(v, "v20.1"); /* model:PROFILE is model with profile=PROFILE */
    ck_assert_int_eq(jt_options_add(&o, "profile", "v2.1", &err), 0);
    ck_assert_int_eq(jt_driver_option_value(&v, "model:v20.1", &o, "profile", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "--driver model:v20.1 and the option profile=v2.1 differ");
    ck_assert_int_eq(jt_driver_option_value(&v, "exec:v20.1", &o, "profile", &err), 0);
    ck_assert_str_eq(v, "v2.1"); /* exec's target is its command */
    ck_assert_int_eq(jt_driver_option_value(&v, "nosuch", &o, "profile", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "unknown driver 'nosuch': expected model, model:PROFILE, "
                                  "plugin:PATH.so, exec:COMMAND or pgwire:URL");
    ck_assert_int_eq(jt_driver_takes("model", "profile"), 1);
    ck_assert_int_eq(jt_driver_takes("pgwire:u", "profile"), 0);
    ck_assert_int_eq(jt_driver_takes("pgwire:u", "fixtures"), 1);
    ck_assert_int_eq(jt_driver_takes("exec:x", "timeout_ms"), 1);
    ck_assert_int_eq(jt_driver_takes("exec:x", "profile"), -1); /* the adapter decides */
    ck_assert_int_eq(jt_driver_takes("plugin:x.so", "profile"), -1);
    ck_assert_int_eq(jt_driver_takes("nosuch", "profile"), -1);
    jt_options_dispose(&o);
}
END_TEST

/* ---- a session on the model --------------------------------------------------------------- */

START_TEST(a_session_of_the_model) {
    jt_session *s = test_session("model:v20.1"), *again = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_str_eq(jt_session_name(s), "model");
    ck_assert_str_eq(jt_session_self_name(s), "model");
    ck_assert_str_eq(jt_session_spec(s), "model:v20.1");
    ck_assert_str_eq(jt_session_option(s, "profile"), "v20.1");
    ck_assert_ptr_nonnull(jt_session_model(s));
    ck_assert_ptr_eq(jt_session_model(s), jt_session_conn(s));
    ck_assert(jt_session_has_advance(s));
    ck_assert(!jt_session_shares_state(s));
    ck_assert_str_eq(jt_session_caps_hint(s), "");
    /* a new connection, as this one was opened */
    ck_assert_int_eq(jt_session_open_again(&again, s, &err), 0);
    ck_assert_str_eq(jt_session_option(again, "profile"), "v20.1");
    ck_assert_ptr_ne(jt_session_model(again), jt_session_model(s));
    jt_session_close(again);
    /* each connection of the model has a state of its own: none to join */
    ck_assert_int_eq(jt_session_open_peer(&again, s, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "driver model: each connection has a state of its own, none "
                                  "to join");
    jt_session_close(s);
}
END_TEST

/* ---- starting over ------------------------------------------------------------------------ */

static int connects, resets;

static int count_connect(const char *target, void **conn_out, jt_error *err) {
    connects++;
    return jt_driver_model.connect(target, conn_out, err);
}

static int count_reset(void *conn, jt_error *err) {
    resets++;
    return jt_driver_model.reset(conn, err);
}

static int fail_crash(void *conn, const char *user, const char *sql, jt_result *out,
                      jt_error *err) {
    if (strcmp(sql, "CRASH") == 0)
        return jt_error_set(err, JT_EDRIVER, 0, "gone");
    return jt_driver_model.exec(conn, user, sql, out, err);
}

/* The model behind a table that counts connections and resets, and fails on CRASH. */
static jt_driver counting(unsigned caps) {
    jt_driver d = jt_driver_model;
    d.name = "counting";
    d.caps = caps;
    d.connect = count_connect;
    d.connect_with = NULL;
    d.reset = (caps & JT_CAP_RESET) ? count_reset : NULL;
    d.exec = fail_crash;
    connects = resets = 0;
    return d;
}

static void run(jt_session *s, const char *sql, int want) {
    jt_result res;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_session_exec(s, "root", sql, &res, &err), want);
    if (want == 0)
        jt_session_free_result(s, &res);
}

START_TEST(restart_resets_or_reconnects) {
    jt_driver d = counting(JT_CAP_RESET | JT_CAP_FIXTURES | JT_CAP_USERS);
    jt_session *s = test_session_of(&d, NULL);
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(connects, 1);
    ck_assert_int_eq(jt_session_restart(s, &err), 0); /* clean: nothing */
    ck_assert_int_eq(connects + resets, 1);
    run(s, "SHOW JOBS", 0);
    ck_assert_int_eq(jt_session_tidy(s, &err), 0); /* dirty, can reset: reset now */
    ck_assert_int_eq(resets, 1);
    ck_assert_int_eq(jt_session_restart(s, &err), 0); /* clean again */
    ck_assert_int_eq(resets, 1);
    run(s, "CRASH", JT_EDRIVER); /* broken: the next start is a new connection */
    ck_assert_int_eq(jt_session_tidy(s, &err), 0);
    ck_assert_int_eq(resets, 1);
    ck_assert_int_eq(jt_session_restart(s, &err), 0);
    ck_assert_int_eq(connects, 2);
    ck_assert_int_eq(resets, 1);
    run(s, "SHOW JOBS", 0);
    ck_assert_int_eq(jt_session_restart(s, &err), 0); /* no longer broken: reset */
    ck_assert_int_eq(resets, 2);
    jt_session_close(s);
    d = counting(JT_CAP_FIXTURES | JT_CAP_USERS); /* no reset: always a new connection */
    s = test_session_of(&d, NULL);
    run(s, "SHOW JOBS", 0);
    ck_assert_int_eq(jt_session_tidy(s, &err), 0);
    ck_assert_int_eq(jt_session_restart(s, &err), 0);
    ck_assert_int_eq(connects, 2);
    ck_assert_int_eq(resets, 0);
    jt_session_close(s);
}
END_TEST

/* ---- the capabilities of a connection ------------------------------------------------------ */

static unsigned conn_caps_all(void *conn) {
    (void)conn;
    return JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET;
}

START_TEST(caps_of_the_connection) {
    jt_driver d = counting(JT_CAP_USERS);
    jt_session *s = NULL;
    jt_fixture fx;
    jt_error err;
    int64_t moved;
    memset(&err, 0, sizeof err);
    memset(&fx, 0, sizeof fx);
    d.fixture = NULL;
    d.advance = NULL;
    s = test_session_of(&d, NULL);
    ck_assert_uint_eq(jt_session_caps(s), JT_CAP_USERS); /* no conn_caps: the table's */
    ck_assert_int_eq(jt_session_fixture(s, &fx, &err), JT_ENOTSUP);
    ck_assert_int_eq(jt_session_advance(s, &moved, &err), JT_ENOTSUP);
    ck_assert_str_eq(err.message, "driver counting has no virtual clock");
    jt_session_close(s);
    /* a connection that says it can reset, of a table without reset */
    d.conn_caps = conn_caps_all;
    ck_assert_int_eq(jt_session_open_driver(&s, &d, NULL, NULL, &err), JT_EABI);
    ck_assert_str_eq(err.message,
                     "driver counting: its connection needs the function reset (it has "
                     "JT_CAP_RESET)");
    ck_assert_ptr_null(s);
    /* a table that fails the check */
    d = counting(JT_CAP_FIXTURES);
    d.exec = NULL;
    ck_assert_int_eq(jt_session_open_driver(&s, &d, NULL, NULL, &err), JT_EABI);
    ck_assert_str_eq(err.message, "driver counting has no function exec");
    d = counting(0);
    d.abi_version = 9;
    ck_assert_int_eq(jt_session_open_driver(&s, &d, NULL, NULL, &err), JT_EABI);
    ck_assert_str_eq(err.message, "driver counting: built for driver ABI 9, but this jobtck knows "
                                  "ABI 1 to 3: rebuild it against this jobtck's jobtck/driver.h");
    /* options for a table without connect_with */
    {
        jt_options o;
        jt_options_init(&o);
        ck_assert_int_eq(jt_options_add(&o, "profile", "v2.1", &err), 0);
        d = counting(0);
        ck_assert_int_eq(jt_session_open_driver(&s, &d, NULL, &o, &err), JT_EINVAL);
        ck_assert_str_eq(err.message, "driver counting takes no options (given profile=v2.1): it "
                                      "is built for driver ABI 3, and options need connect_with "
                                      "(ABI 3)");
        jt_options_dispose(&o);
    }
}
END_TEST

/* pgwire reaches its server as it connects; its caps follow from its recipe, and a peer joins
   without it. */
START_TEST(pgwire_peers_join_without_the_recipe) {
    jt_options o;
    jt_session *s = NULL, *peer = NULL;
    jt_error err;
    served sv;
    char spec[128];
    memset(&err, 0, sizeof err);
    serve_start(&sv, 0, 0);
    snprintf(spec, sizeof spec, "pgwire:postgresql://root@127.0.0.1:%d/x?sslmode=disable", sv.port);
    jt_options_init(&o);
    ck_assert_int_eq(jt_options_add(&o, "fixtures", "cases/recipes/serve.sql", &err), 0);
    ck_assert_int_eq(jt_options_add(&o, "statement_timeout_ms", "500", &err), 0);
    ck_assert_msg(jt_session_open(&s, spec, &o, &err) == 0, "%s", err.message);
    ck_assert(jt_session_shares_state(s));
    ck_assert_uint_eq(jt_session_caps(s), JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET |
                                              JT_CAP_ROLES | JT_CAP_JOB_META);
    ck_assert_int_eq(jt_session_open_peer(&peer, s, &err), 0);
    ck_assert_uint_eq(jt_session_caps(peer), JT_CAP_USERS);
    ck_assert_ptr_null(jt_session_option(peer, "fixtures"));
    ck_assert_str_eq(jt_session_option(peer, "statement_timeout_ms"), "500");
    ck_assert_int_eq(jt_session_restart(peer, &err), 0); /* a peer never starts over */
    jt_session_close(peer);
    jt_session_close(s);
    ck_assert_int_eq(jt_session_open(&s, spec, NULL, &err), 0);
    ck_assert_uint_eq(jt_session_caps(s), JT_CAP_USERS);
    ck_assert_str_eq(jt_session_caps_hint(s), " (give a recipe with --fixtures)");
    jt_session_close(s);
    jt_options_dispose(&o);
    serve_stop(&sv);
}
END_TEST

int main(void) {
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("session");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, options_are_key_value_pairs);
    tcase_add_test(tc, what_a_spec_says);
    tcase_add_test(tc, a_session_of_the_model);
    tcase_add_test(tc, restart_resets_or_reconnects);
    tcase_add_test(tc, caps_of_the_connection);
    tcase_add_test(tc, pgwire_peers_join_without_the_recipe);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
