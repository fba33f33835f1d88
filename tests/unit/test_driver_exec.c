/*
 * sim/driver_exec: the exec driver against real adapters: the example adapter (the model
 * behind the protocol), the fault adapter (tests/drivers/fault.c) and small sh scripts.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/drivers/drivers.h"

#ifndef JT_TEST_BIN_DIR
#error "JT_TEST_BIN_DIR: the build folder of tests/drivers (tests/drivers/CMakeLists.txt)"
#endif

#define ADAPTER JT_TEST_BIN_DIR "/jobtck_adapter"
#define FAULT JT_TEST_BIN_DIR "/jobtck_fault_adapter"

static const jt_driver *d = &jt_driver_exec;

/* hello without caps, then an empty result for every request */
#define MINIMAL                                                                                    \
    "sh -c 'read l; echo \"{\\\"ok\\\":true,\\\"name\\\":\\\"mini\\\"}\"; while read l; do echo "  \
    "\"{\\\"ok\\\":true,\\\"tag\\\":\\\"SELECT 0\\\",\\\"columns\\\":[],\\\"rows\\\":[]}\"; done'"

/* Connects to command with the option timeout_ms (0: none, the default) and option other
   ("KEY=VALUE", or NULL); the driver's answer. */
static int connect_to(void **conn, const char *command, int timeout_ms, const char *other,
                      jt_error *err) {
    jt_option opts[2];
    char ms[24], key[64];
    size_t n = 0;
    snprintf(ms, sizeof ms, "%d", timeout_ms);
    if (timeout_ms)
        opts[n++] = (jt_option){"timeout_ms", ms};
    if (other) {
        snprintf(key, sizeof key, "%.*s", (int)strcspn(other, "="), other);
        opts[n++] = (jt_option){key, strchr(other, '=') + 1};
    }
    *conn = NULL;
    return d->connect_with(command, opts, n, conn, err);
}

/* Connects to command with timeout_ms (0: the default). */
static void *open_adapter(const char *command, int timeout_ms) {
    void *conn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(connect_to(&conn, command, timeout_ms, NULL, &err) == 0, "%s", err.message);
    return conn;
}

static int run(void *conn, const char *user, const char *sql, jt_result *res, jt_error *err) {
    memset(res, 0, sizeof *res);
    memset(err, 0, sizeof *err);
    return d->exec(conn, user, sql, res, err);
}

static jt_fixture job(int64_t id, const char *type, const char *status) {
    jt_fixture fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = type;
    fx.status = status;
    return fx;
}

/* ---- the command line ---------------------------------------------------------------- */

static const struct {
    const char *line;
    const char *words; /* joined by '|' */
} splits[] = {
    {"adapter", "adapter"},
    {"  ./a  b\tc\n", "./a|b|c"},
    {"a 'b c' d", "a|b c|d"},
    {"a \"b c\" 'it''s'", "a|b c|its"},
    {"a \"say \\\"hi\\\" \\\\ \\n\"", "a|say \"hi\" \\ \\n"},
    {"a b\\ c \\'q\\'", "a|b c|'q'"},
    {"a '' \"\" x", "a|||x"},
    {"a $HOME ~ * ; | > x", "a|$HOME|~|*|;|||>|x"},
    {"py'thon'3 -u", "python3|-u"},
};

START_TEST(splits_like_a_shell_without_one) {
    char **argv = NULL, joined[256];
    size_t argc = 0, i, n = 0;
    jt_error err;
    ck_assert_int_eq(jt_exec_split(&argv, &argc, splits[_i].line, &err), 0);
    joined[0] = '\0';
    for (i = 0; i < argc; i++)
        n += (size_t)snprintf(joined + n, sizeof joined - n, "%s%s", i ? "|" : "", argv[i]);
    ck_assert_str_eq(joined, splits[_i].words);
    ck_assert_ptr_null(argv[argc]);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}
END_TEST

START_TEST(refuses_bad_command_lines) {
    char **argv = NULL;
    size_t argc = 0;
    jt_error err;
    ck_assert_int_eq(jt_exec_split(&argv, &argc, "a 'b", &err), JT_EPARSE);
    ck_assert_str_eq(err.message, "exec: unterminated ' in the command");
    ck_assert_int_eq(jt_exec_split(&argv, &argc, "a \"b", &err), JT_EPARSE);
    ck_assert_str_eq(err.message, "exec: unterminated \" in the command");
    ck_assert_int_eq(jt_exec_split(&argv, &argc, "a b\\", &err), JT_EPARSE);
    ck_assert_str_eq(err.message, "exec: the command ends with \\");
    ck_assert_int_eq(jt_exec_split(&argv, &argc, " \t ", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "exec: the command is empty");
    ck_assert_ptr_null(argv);
}
END_TEST

/* timeout_ms is the kit's; the other options go to the adapter in hello, which must list them
   in its reply: the example adapter passes them to the example plugin's connect_with. */
START_TEST(options_go_to_the_adapter) {
    void *conn = NULL;
    jt_fixture fx = job(1, "IMPORT", "running");
    jt_result res;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(connect_to(&conn, "./a", 0, "timeout_ms=0", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "exec: timeout_ms: expected 1 .. 86400000");
    ck_assert_int_eq(connect_to(&conn, ADAPTER, 2000, "profile=v20.1", &err), 0);
    ck_assert_int_eq(d->fixture(conn, &fx, &err), 0);
    ck_assert_int_eq(run(conn, "root", "PAUSE JOB 1", &res, &err), 0);
    d->free_result(conn, &res);
    ck_assert_int_eq(run(conn, "root", "SELECT status FROM [SHOW JOBS]", &res, &err), 0);
    ck_assert_str_eq(res.values[0], "pause-requested"); /* v20.1's two phases */
    d->free_result(conn, &res);
    d->disconnect(conn);
    ck_assert_int_eq(connect_to(&conn, ADAPTER, 2000, "colour=blue", &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "adapter jobtck_adapter: it refused hello: example plugin "
                                      "takes no option 'colour' (it takes profile)"),
                  "%s", err.message);
    ck_assert_int_eq(connect_to(&conn, MINIMAL, 2000, "profile=v20.1", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "exec: adapter mini takes no option 'profile' (its reply to "
                                  "hello does not list it in \"options\")");
    ck_assert_ptr_null(conn);
}
END_TEST

/* ---- the example adapter --------------------------------------------------------------- */

START_TEST(speaks_with_the_example_adapter) {
    void *conn = open_adapter(ADAPTER, 0);
    jt_fixture fx = job(27536791415282LL, "RESTORE", "running"), user;
    jt_result res;
    jt_error err;
    ck_assert_str_eq(jt_exec_name(conn), "example");
    memset(&err, 0, sizeof err);
    fx.description = "RESTORE db.* FROM 'azure://b' \"q\"";
    ck_assert_int_eq(d->fixture(conn, &fx, &err), 0);
    memset(&user, 0, sizeof user);
    user.kind = JT_FIXTURE_USER;
    user.name = "maxroach";
    ck_assert_int_eq(d->fixture(conn, &user, &err), 0);

    ck_assert_int_eq(run(conn, "root", "PAUSE JOB 27536791415282", &res, &err), 0);
    ck_assert_int_eq(res.failed, 0);
    ck_assert_str_eq(res.tag, "PAUSE JOBS 1");
    ck_assert_int_eq(res.count, 1);
    ck_assert_uint_eq(res.ncols, 0);
    d->free_result(conn, &res);

    ck_assert_int_eq(run(conn, "root",
                         "SELECT job_id, status, description, error, coordinator_id FROM "
                         "[SHOW JOBS]",
                         &res, &err),
                     0);
    ck_assert_str_eq(res.tag, "SELECT 1");
    ck_assert_int_eq(res.count, 1);
    ck_assert_uint_eq(res.ncols, 5);
    ck_assert_uint_eq(res.nrows, 1);
    ck_assert_str_eq(res.columns[0], "job_id");
    ck_assert_str_eq(res.types, "ITTTI");
    ck_assert_str_eq(res.values[0], "27536791415282");
    ck_assert_str_eq(res.values[1], "paused");
    ck_assert_str_eq(res.values[2], "RESTORE db.* FROM 'azure://b' \"q\"");
    ck_assert_str_eq(res.values[3], "");
    ck_assert_ptr_null(res.values[4]);
    d->free_result(conn, &res);

    ck_assert_int_eq(run(conn, "maxroach", "PAUSE JOB 1", &res, &err), 0);
    ck_assert_int_eq(res.failed, 1);
    ck_assert_str_eq(res.sqlstate, "42501");
    ck_assert_str_eq(res.message, "only users with the admin role are allowed to PAUSE JOBS");
    d->free_result(conn, &res);

    ck_assert_int_eq(run(conn, "root", "PAUSE JOBZ 1", &res, &err), 0);
    ck_assert_int_eq(res.failed, 1);
    ck_assert_str_eq(res.sqlstate, "42601");
    ck_assert_int_gt(res.position, 0);
    d->free_result(conn, &res);

    /* reset: empty again */
    ck_assert_int_eq(d->reset(conn, &err), 0);
    ck_assert_int_eq(run(conn, "root", "SELECT job_id FROM [SHOW JOBS]", &res, &err), 0);
    ck_assert_uint_eq(res.nrows, 0);
    d->free_result(conn, &res);
    d->disconnect(conn);
}
END_TEST

START_TEST(refusals_are_not_failures_of_the_adapter) {
    void *conn = open_adapter(ADAPTER, 0);
    jt_fixture fx = job(5, "NO SUCH TYPE", "running");
    jt_result res;
    jt_error err;
    memset(&err, 0, sizeof err);
    /* refused with 22023, as impossible in its version: an error of the case file */
    ck_assert_int_eq(d->fixture(conn, &fx, &err), JT_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "adapter example refused the fixture: "));
    ck_assert_ptr_nonnull(strstr(err.message, "has no job type"));
    /* SQL the protocol cannot carry: refused here, the adapter goes on */
    ck_assert_int_eq(run(conn, "root", "SELECT '\xff'", &res, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "exec: the exec request has text that is not valid UTF-8 "
                                  "(the protocol carries UTF-8 only)");
    ck_assert_int_eq(run(conn, "root", "SELECT 1", &res, &err), 0);
    ck_assert_str_eq(res.values[0], "1");
    d->free_result(conn, &res);
    d->disconnect(conn);
}
END_TEST

/* A fixture refused with another SQLSTATE: a failure of the implementation. */
START_TEST(another_refusal_is_a_failure) {
    void *conn =
        open_adapter("sh -c 'read l; echo \"{\\\"ok\\\":true,\\\"name\\\":\\\"no\\\","
                     "\\\"caps\\\":[\\\"fixtures\\\"]}\"; read l; echo \"{\\\"ok\\\":false,"
                     "\\\"sqlstate\\\":\\\"XX000\\\",\\\"message\\\":\\\"disk full\\\"}\"; "
                     "sleep 5'",
                     2000);
    jt_fixture fx = job(5, "IMPORT", "running");
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(d->fixture(conn, &fx, &err), JT_EDRIVER);
    ck_assert_str_eq(err.message, "adapter no refused the fixture: disk full");
    d->disconnect(conn);
}
END_TEST

START_TEST(cannot_start) {
    void *conn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(d->connect("/nonexistent/adapter --x", &conn, &err), JT_EDRIVER);
    ck_assert_str_eq(err.message,
                     "exec: cannot start /nonexistent/adapter: No such file or directory");
    ck_assert_int_eq(d->connect(NULL, &conn, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "exec: no command (use exec:COMMAND)");
    ck_assert_ptr_null(conn);
}
END_TEST

/* ---- adapters that misbehave ----------------------------------------------------------- */

static const struct {
    const char *mode;
    int code;
    const char *what; /* in the message, after "adapter jobtck_fault_adapter: " */
    const char *how;
    const char *stderr_text;
} faults[] = {
    {"crash", JT_EDRIVER, "it closed its stdout without replying to exec",
     "it was killed by signal 6", "stderr: fault adapter: crashing on purpose"},
    {"hang", JT_ETIMEOUT, "no reply to exec within 1500 ms", "stopped with SIGKILL",
     "stderr: fault adapter: hanging on purpose"},
    {"garbage", JT_EDRIVER, "its reply to exec is not JSON", "stopped with SIGKILL",
     "stderr: fault adapter: writing garbage on purpose"},
    {"exit", JT_EDRIVER, "it closed its stdout without replying to exec", "it exited with status 3",
     "stderr: fault adapter: exiting early on purpose"},
    {"partial", JT_ETIMEOUT, "no reply to exec within 1500 ms", "stopped with SIGKILL",
     "stderr: fault adapter: writing half a reply on purpose"},
    {"badshape", JT_EDRIVER, "row 1 of its result has a number", "stopped with SIGKILL",
     "stderr: fault adapter: writing a number as a value on purpose"},
    /* the call that got two lines fails, not the next one */
    {"twolines", JT_EDRIVER, "it wrote more than one line in reply to exec: '{\"ok\":true,",
     "stopped with SIGKILL", "stderr: fault adapter: writing two lines on purpose"},
};

START_TEST(a_misbehaving_adapter_fails_the_call_then_starts_afresh) {
    char command[512];
    void *conn;
    jt_fixture fx = job(4242, "IMPORT", "running");
    jt_result res;
    jt_error err;
    snprintf(command, sizeof command, "%s %s:4242", FAULT, faults[_i].mode);
    conn = open_adapter(command, 1500);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(d->fixture(conn, &fx, &err), 0);
    ck_assert_int_eq(run(conn, "root", "PAUSE JOB 1", &res, &err), 0);
    d->free_result(conn, &res);
    ck_assert_int_eq(run(conn, "root", "PAUSE JOB 4242", &res, &err), faults[_i].code);
    ck_assert_msg(strncmp(err.message, "adapter jobtck_fault_adapter: ", 30) == 0, "%s",
                  err.message);
    ck_assert_msg(strstr(err.message, faults[_i].what), "%s", err.message);
    ck_assert_msg(strstr(err.message, faults[_i].how), "%s", err.message);
    ck_assert_msg(strstr(err.message, faults[_i].stderr_text), "%s", err.message);
    ck_assert_uint_eq(res.nrows, 0);
    ck_assert_ptr_null(res.message);
    /* dead: every call fails at once, and says why */
    ck_assert_int_eq(run(conn, "root", "SELECT 1", &res, &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "exec: the adapter failed earlier: adapter "), "%s",
                  err.message);
    ck_assert_int_eq(d->fixture(conn, &fx, &err), JT_EDRIVER);
    /* reset starts a new adapter, with an empty scenario */
    ck_assert_int_eq(d->reset(conn, &err), 0);
    ck_assert_int_eq(run(conn, "root", "SELECT job_id FROM [SHOW JOBS]", &res, &err), 0);
    ck_assert_uint_eq(res.nrows, 0);
    d->free_result(conn, &res);
    d->disconnect(conn);
}
END_TEST

static long elapsed_ms(const struct timespec *t0) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

START_TEST(the_timeout_is_per_request) {
    void *conn = open_adapter(FAULT " hang:SLEEPY", 1000);
    struct timespec t0;
    jt_result res;
    jt_error err;
    long ms;
    /* quick requests that add up to more than the timeout: each has its own */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (elapsed_ms(&t0) < 2000) {
        ck_assert_int_eq(run(conn, "root", "SHOW JOBS", &res, &err), 0);
        d->free_result(conn, &res);
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(run(conn, "root", "SELECT 'SLEEPY'", &res, &err), JT_ETIMEOUT);
    ms = elapsed_ms(&t0);
    ck_assert_msg(ms >= 1000 && ms < 20000, "the hang took %ld ms", ms);
    d->disconnect(conn);
}
END_TEST

START_TEST(a_flood_on_stderr_does_not_block) {
    void *conn = open_adapter(FAULT " flood:FLOOD", 5000);
    jt_result res;
    jt_error err;
    ck_assert_int_eq(run(conn, "root", "SELECT 'FLOOD'", &res, &err), 0);
    ck_assert_str_eq(res.values[0], "FLOOD");
    d->free_result(conn, &res);
    d->disconnect(conn);
}
END_TEST

/* ---- protocol details with sh adapters ---------------------------------------------------- */

START_TEST(an_adapter_without_caps) {
    void *conn = open_adapter(MINIMAL, 2000);
    jt_fixture fx = job(1, "IMPORT", "running");
    jt_result res;
    jt_error err;
    ck_assert_str_eq(jt_exec_name(conn), "mini");
    ck_assert_uint_eq(d->conn_caps(conn), 0); /* what its hello said */
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(d->fixture(conn, &fx, &err), JT_ENOTSUP);
    ck_assert_str_eq(err.message, "exec: adapter mini does not take fixtures (its hello lists "
                                  "no \"fixtures\")");
    ck_assert_int_eq(run(conn, "testuser", "SHOW JOBS", &res, &err), JT_ENOTSUP);
    ck_assert_int_eq(run(conn, "root", "SHOW JOBS", &res, &err), 0);
    ck_assert_int_eq(res.count, 0); /* from the tag: no "count" in the reply */
    d->free_result(conn, &res);
    /* no "reset": a new adapter instead */
    ck_assert_int_eq(d->reset(conn, &err), 0);
    ck_assert_int_eq(run(conn, "root", "SHOW JOBS", &res, &err), 0);
    d->free_result(conn, &res);
    /* no "advance": its jobs move on their own */
    {
        int64_t moved = 9;
        ck_assert_int_eq(d->advance(conn, &moved, &err), JT_ENOTSUP);
        ck_assert_int_eq(moved, 0);
    }
    d->disconnect(conn);
}
END_TEST

/* ABI 2 through the protocol: role options and memberships, a job's schedule and age, and
   the virtual clock (advance), on the example adapter of profile v20.2. */
START_TEST(roles_job_meta_and_advance) {
    void *conn = open_adapter(ADAPTER " v20.2", 0);
    jt_fixture u, j;
    jt_result res;
    jt_error err;
    int64_t moved = -1;
    memset(&u, 0, sizeof u);
    u.kind = JT_FIXTURE_USER;
    u.name = "ops";
    u.options = JT_USER_CONTROLJOB;
    memset(&err, 0, sizeof err);
    ck_assert_msg(d->fixture(conn, &u, &err) == 0, "%s", err.message);
    u.name = "carol";
    u.options = 0;
    u.member_of = "ops";
    ck_assert_msg(d->fixture(conn, &u, &err) == 0, "%s", err.message);
    j = job(7, "BACKUP", "running");
    j.user = "carol";
    j.schedule = 42;
    j.age_s = 60;
    ck_assert_msg(d->fixture(conn, &j, &err) == 0, "%s", err.message);
    ck_assert_int_eq(run(conn, "ops", "PAUSE JOBS FOR SCHEDULE 42", &res, &err), 0);
    ck_assert_int_eq(res.failed, 1); /* system.jobs: for admins */
    d->free_result(conn, &res);
    ck_assert_int_eq(run(conn, "ops", "PAUSE JOB 7", &res, &err), 0);
    ck_assert_msg(!res.failed, "%s", res.message);
    d->free_result(conn, &res);
    ck_assert_int_eq(d->advance(conn, &moved, &err), 0);
    ck_assert_int_eq(moved, 1);
    ck_assert_int_eq(run(conn, "root", "SELECT status, created_by_id FROM system.jobs", &res, &err),
                     0);
    ck_assert_str_eq(res.values[0], "paused");
    ck_assert_str_eq(res.values[1], "42");
    d->free_result(conn, &res);
    ck_assert_int_eq(d->advance(conn, &moved, &err), 0);
    ck_assert_int_eq(moved, 0);
    d->disconnect(conn);
}
END_TEST

/* Two lines written at once in reply to hello: hello fails, and says what came after. */
START_TEST(two_replies_to_one_request) {
    void *conn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(connect_to(&conn,
                                "sh -c 'read l; printf \"%s\\n%s\\n\" "
                                "\"{\\\"ok\\\":true,\\\"name\\\":\\\"two\\\"}\" "
                                "\"{\\\"ok\\\":true}\"; sleep 5'",
                                2000, NULL, &err),
                     JT_EDRIVER);
    ck_assert_ptr_null(conn);
    ck_assert_msg(strstr(err.message, "adapter sh: it wrote more than one line in reply to hello: "
                                      "'{\"ok\":true}' came after its reply; stopped with SIGKILL"),
                  "%s", err.message);
}
END_TEST

/* A second line that comes after the reply was taken: the next request fails on it and says
   which request it belonged to; at a reset, the reset fails (whether the adapter resets or is
   replaced), and the reset after it starts a fresh adapter. */
START_TEST(a_late_second_line) {
    struct timespec wait_ts = {0, 500 * 1000000L};
    const char *exec_reply = "echo \"{\\\"ok\\\":true,\\\"tag\\\":\\\"SHOW JOBS 0\\\","
                             "\\\"columns\\\":[],\\\"rows\\\":[]}\"";
    char command[600];
    void *conn =
        open_adapter("sh -c 'read l; echo \"{\\\"ok\\\":true,\\\"name\\\":\\\"late\\\"}\"; "
                     "sleep 0.2; echo \"{\\\"ok\\\":true}\"; sleep 5'",
                     2000);
    jt_result res;
    jt_error err;
    nanosleep(&wait_ts, NULL); /* the second line is there before the next request */
    ck_assert_int_eq(run(conn, "root", "SHOW JOBS", &res, &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "adapter sh: it wrote more than one line in reply to the "
                                      "previous request (hello): '{\"ok\":true}' came after its "
                                      "reply"),
                  "%s", err.message);
    d->disconnect(conn);
    /* the last request before a reset: no reset capability, so a new adapter would replace
       this one; the late line fails the reset all the same */
    snprintf(command, sizeof command,
             "sh -c 'read l; echo \"{\\\"ok\\\":true,\\\"name\\\":\\\"late\\\"}\"; read l; %s; "
             "sleep 0.2; echo extra; sleep 5'",
             exec_reply);
    conn = open_adapter(command, 2000);
    ck_assert_int_eq(run(conn, "root", "SHOW JOBS", &res, &err), 0);
    d->free_result(conn, &res);
    nanosleep(&wait_ts, NULL);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(d->reset(conn, &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "adapter sh: it wrote more than one line in reply to exec, "
                                      "the last request before this reset: 'extra' came after "
                                      "its reply"),
                  "%s", err.message);
    ck_assert_int_eq(d->reset(conn, &err), 0);
    d->disconnect(conn);
}
END_TEST

START_TEST(hello_refused_or_wrong) {
    void *conn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(connect_to(&conn,
                                "sh -c 'read l; echo \"{\\\"ok\\\":false,\\\"message\\\":"
                                "\\\"abi 1 is too old\\\"}\"; echo oops >&2'",
                                2000, NULL, &err),
                     JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "adapter sh: it refused hello: abi 1 is too old; "), "%s",
                  err.message);
    ck_assert_msg(strstr(err.message, "stderr: oops"), "%s", err.message);
    ck_assert_int_eq(connect_to(&conn, "sh -c 'read l; echo \"[1]\"'", 2000, NULL, &err),
                     JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "its reply to hello is a JSON array, not an object"), "%s",
                  err.message);
    ck_assert_ptr_null(conn);
}
END_TEST

int main(void) {
    Suite *s = suite_create("driver_exec");
    TCase *tc = tcase_create("exec");
    SRunner *sr;
    int failed;
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, splits_like_a_shell_without_one, 0,
                        (int)(sizeof splits / sizeof splits[0]));
    tcase_add_test(tc, refuses_bad_command_lines);
    tcase_add_test(tc, options_go_to_the_adapter);
    tcase_add_test(tc, speaks_with_the_example_adapter);
    tcase_add_test(tc, refusals_are_not_failures_of_the_adapter);
    tcase_add_test(tc, another_refusal_is_a_failure);
    tcase_add_test(tc, cannot_start);
    tcase_add_loop_test(tc, a_misbehaving_adapter_fails_the_call_then_starts_afresh, 0,
                        (int)(sizeof faults / sizeof faults[0]));
    tcase_add_test(tc, the_timeout_is_per_request);
    tcase_add_test(tc, a_flood_on_stderr_does_not_block);
    tcase_add_test(tc, an_adapter_without_caps);
    tcase_add_test(tc, roles_job_meta_and_advance);
    tcase_add_test(tc, two_replies_to_one_request);
    tcase_add_test(tc, a_late_second_line);
    tcase_add_test(tc, hello_refused_or_wrong);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
