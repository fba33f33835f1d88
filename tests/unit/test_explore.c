/* Check suite of sim/search/explore.c and sim/cli/cli_explore.c: the model's fixed point without
   violation, and each invariant caught on a fault seeded for it, its trace written as a case
   file that fails on the faulty implementation when replayed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/cli/cli.h"
#include "sim/drivers/drivers.h"
#include "sim/search/explore.h"
#include "sim/run/runner.h"
#include "sessions.h"

/* ---- faulty implementations: a variant profile, or a wrapper around the model --------- */

enum wrapper { W_NONE, W_NOT_ATOMIC, W_BULK_FIRST_ONLY };
static int wrapper;

/* The selection of `OP JOBS (SELECT …)` in buf, and the op word in op; 0 when sql is not one. */
static int bulk_parts(char *sel, size_t size, char *op, const char *sql) {
    const char *open = strstr(sql, " JOBS (SELECT "), *close = strrchr(sql, ')');
    size_t n;
    if (!open || !close || close < open)
        return 0;
    n = (size_t)(open - sql);
    memcpy(op, sql, n);
    op[n] = '\0';
    open += strlen(" JOBS (");
    n = (size_t)(close - open);
    if (n >= size)
        return 0;
    memcpy(sel, open, n);
    sel[n] = '\0';
    return 1;
}

static int f_exec(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err) {
    char sel[512], op[16], buf[600];
    jt_result rows, one;
    size_t r;
    int rc;
    if (wrapper == W_BULK_FIRST_ONLY && bulk_parts(sel, sizeof sel, op, sql)) {
        /* the bulk form handles the first job of its selection only */
        snprintf(buf, sizeof buf, "%s JOBS (%s LIMIT 1)", op, sel);
        return jt_model_exec(conn, user, buf, out, err);
    }
    rc = jt_model_exec(conn, user, sql, out, err);
    if (rc < 0 || wrapper != W_NOT_ATOMIC || !out->failed || strcmp(out->sqlstate, "42501") == 0 ||
        !bulk_parts(sel, sizeof sel, op, sql))
        return rc;
    /* not all or nothing: the jobs before the failing one keep their change */
    rc = jt_model_exec(conn, user, sel, &rows, err);
    if (rc < 0)
        return rc;
    for (r = 0; !rows.failed && r < rows.nrows; r++) {
        snprintf(buf, sizeof buf, "%s JOB %s", op, rows.values[r]);
        rc = jt_model_exec(conn, user, buf, &one, err);
        if (rc == 0 && one.failed)
            r = rows.nrows;
        jt_result_dispose(&one);
    }
    jt_result_dispose(&rows);
    return 0;
}

static const jt_model *f_model_of(void *conn) {
    return conn;
}

/* The model of test_variant, its exec wrapped (wrapper). */
static jt_driver faulty_driver(void) {
    jt_driver d = test_variant_driver("faulty");
    d.caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET;
    d.exec = f_exec;
    d.advance = NULL;
    return d;
}

static struct jt_profile *v21(void) {
    wrapper = W_NONE;
    return test_variant_of("v2.1");
}

/* Replays path with driver d: its failing records (and no input error). */
static size_t replay(const jt_driver *d, const char *path) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    size_t failed;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session_of(d, NULL);
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_path(r, path, &err), 0);
    ck_assert_uint_eq(jt_runner_result(r)->errors, 0);
    failed = jt_runner_result(r)->failed;
    jt_runner_free(r);
    return failed;
}

static void print_file(const char *path) {
    FILE *fp = fopen(path, "r");
    char line[1024];
    ck_assert_ptr_nonnull(fp);
    while (fgets(line, sizeof line, fp))
        fputs(line, stdout);
    fclose(fp);
}

/* Explores the faulty implementation with J jobs and U users: the invariant inv must be
   the one violated, and its trace must replay: its last records fail on the faulty
   implementation only. */
static void expect_violation(int inv, int jobs, int users) {
    jt_driver d = faulty_driver();
    jt_explore_config cfg;
    jt_explore_report rep;
    jt_error err;
    char path[64], *output = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&output, &len);
    int fd;
    strcpy(path, "/tmp/jt_explore_XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    memset(&cfg, 0, sizeof cfg);
    cfg.jobs = jobs;
    cfg.users = users;
    cfg.depth = -1;
    cfg.session = test_session_of(&d, NULL);
    cfg.model_of = f_model_of;
    cfg.trace_path = path;
    cfg.out = o;
    ck_assert_msg(jt_explore_run(&rep, &cfg, &err) == 0, "%s", err.message);
    jt_session_close(cfg.session);
    fclose(o);
    printf("---- seeded fault for: %s\n%s", jt_invariant_name(inv), output);
    print_file(path);
    fflush(stdout);
    ck_assert_msg(rep.violation == inv, "expected a violation of \"%s\", got \"%s\"",
                  jt_invariant_name(inv), jt_invariant_name(rep.violation));
    ck_assert_uint_ge(rep.replay_failures, 1);
    ck_assert_uint_eq(replay(&d, path), rep.replay_failures);
    ck_assert_ptr_nonnull(strstr(output, "replay: jobtck run --driver faulty /tmp/jt_explore_"));
    unlink(path);
    free(output);
}

START_TEST(privilege_fault_caught) {
    v21()->control_gate = JT_GATE_NONE;
    expect_violation(JT_INV_PRIVILEGE, 5, 3);
}
END_TEST

START_TEST(schema_change_fault_caught) {
    v21()->schema_refuses[JT_OP_PAUSE] = 0;
    expect_violation(JT_INV_NOSCHEMA, 5, 3);
}
END_TEST

START_TEST(terminal_fault_caught) {
    v21()->table[JT_ST_SUCCEEDED][JT_OP_RESUME] = (jt_transition){JT_ACT_TO, JT_ST_RUNNING, 0};
    expect_violation(JT_INV_TERMINAL, 5, 3);
}
END_TEST

START_TEST(atomicity_fault_caught) {
    (void)v21();
    wrapper = W_NOT_ATOMIC;
    expect_violation(JT_INV_ATOMIC, 5, 3);
}
END_TEST

START_TEST(bulk_fault_caught) {
    (void)v21();
    wrapper = W_BULK_FIRST_ONLY;
    expect_violation(JT_INV_BULK, 5, 3);
}
END_TEST

START_TEST(pause_resume_fault_caught) {
    v21()->table[JT_ST_PAUSED][JT_OP_RESUME] = (jt_transition){JT_ACT_NOOP, 0, 0};
    expect_violation(JT_INV_PAUSE_RESUME, 5, 3);
}
END_TEST

/* ---- the model itself ---------------------------------------------------------------- */

static int cli(char **output, char **argv) {
    size_t len = 0;
    FILE *o = open_memstream(output, &len);
    int argc = 0, rc;
    while (argv[argc])
        argc++;
    rc = jt_cli_explore(argc, argv, o, o);
    fclose(o);
    return rc;
}

START_TEST(model_reaches_its_fixed_point) {
    char *argv[] = {"explore", "--jobs", "5", "--users", "3", NULL}, *output = NULL;
    int rc = cli(&output, argv);
    printf("%s", output);
    ck_assert_msg(rc == 0, "%s", output);
    ck_assert_ptr_nonnull(strstr(output, "states 6480, transitions "));
    ck_assert_ptr_nonnull(strstr(output, "fixed point reached"));
    ck_assert_ptr_nonnull(strstr(output, "no violation of the 6 invariants"));
    free(output);
}
END_TEST

START_TEST(depth_bounds_the_search) {
    char *argv[] = {"explore", "--jobs", "3", "--users", "2", "--depth", "1", NULL};
    char *output = NULL;
    int rc = cli(&output, argv);
    ck_assert_msg(rc == 0, "%s", output);
    /* from all pending: the start; each job started, paused or canceled (3 x 3); root's
       jobs 1 and 3 paused, or canceled, by one bulk statement (2) */
    ck_assert_ptr_nonnull(strstr(output, "states 12, "));
    ck_assert_ptr_nonnull(strstr(output, "depth 1, bounded by --depth"));
    free(output);
}
END_TEST

START_TEST(bad_usage) {
    char *a1[] = {"explore", "--jobs", "22", NULL}, *a2[] = {"explore", "--users", "x", NULL};
    char *a3[] = {"explore", "--driver", "nosuch", NULL}, *output = NULL;
    ck_assert_int_eq(cli(&output, a1), 2);
    ck_assert_ptr_nonnull(strstr(output, "jobtck explore: --jobs: expected 1 to 21, got '22'"));
    free(output);
    ck_assert_int_eq(cli(&output, a2), 2);
    free(output);
    ck_assert_int_eq(cli(&output, a3), 2);
    free(output);
}
END_TEST

int main(void) {
    Suite *s = suite_create("explore");
    TCase *tc = tcase_create("explore");
    SRunner *sr;
    int failed;
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, privilege_fault_caught);
    tcase_add_test(tc, schema_change_fault_caught);
    tcase_add_test(tc, terminal_fault_caught);
    tcase_add_test(tc, atomicity_fault_caught);
    tcase_add_test(tc, bulk_fault_caught);
    tcase_add_test(tc, pause_resume_fault_caught);
    tcase_add_test(tc, model_reaches_its_fixed_point);
    tcase_add_test(tc, depth_bounds_the_search);
    tcase_add_test(tc, bad_usage);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
