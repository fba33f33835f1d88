/* Check suite of sim/search/shrink.c, sim/search/simulate.c and sim/cli/cli_sim.c: ddmin on its
   own, the model against itself, and faulty variants of the model caught, shrunk to a few records,
   written and replayed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/cli/cli.h"
#include "sim/drivers/drivers.h"
#include "sim/run/runner.h"
#include "sim/search/shrink.h"
#include "sim/search/sim.h"
#include "sessions.h"

/* ---- ddmin --------------------------------------------------------------------------- */

typedef struct needs {
    const size_t *must; /* the items that make it fail, all together */
    size_t nmust;
    size_t tests;
} needs;

static int contains_all(void *ctx, const size_t *keep, size_t n) {
    needs *nd = ctx;
    size_t i, k;
    nd->tests++;
    for (i = 0; i < nd->nmust; i++) {
        for (k = 0; k < n && keep[k] != nd->must[i]; k++)
            ;
        if (k == n)
            return 0;
    }
    return 1;
}

START_TEST(ddmin_finds_the_failure_inducing_items) {
    static const size_t must[] = {3, 17, 18, 90};
    size_t keep[100], n = 100, i, budget = 100000;
    needs nd = {must, 4, 0};
    for (i = 0; i < n; i++)
        keep[i] = i;
    ck_assert_int_eq(jt_shrink_ddmin(keep, &n, contains_all, &nd, &budget), 0);
    ck_assert_uint_eq(n, 4);
    for (i = 0; i < 4; i++)
        ck_assert_uint_eq(keep[i], must[i]);
    ck_assert_uint_lt(nd.tests, 400); /* well below n^2 */
}
END_TEST

START_TEST(ddmin_keeps_to_its_budget) {
    static const size_t must[] = {5, 60};
    size_t keep[100], n = 100, i, budget = 3;
    needs nd = {must, 2, 0};
    for (i = 0; i < n; i++)
        keep[i] = i;
    ck_assert_int_eq(jt_shrink_ddmin(keep, &n, contains_all, &nd, &budget), 0);
    ck_assert_uint_eq(nd.tests, 3);
    ck_assert_uint_eq(budget, 0);
    ck_assert_int_eq(contains_all(&nd, keep, n), 1); /* still failing */
}
END_TEST

/* ---- faulty variants of the model ---------------------------------------------------- */

/* The model of a variant profile (test_variant), with the capabilities the simulation needs. */
static jt_driver faulty_driver(void) {
    jt_driver d = test_variant_driver("faulty");
    d.caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET;
    d.advance = NULL;
    return d;
}

static struct jt_profile *faulty_from_v21(void) {
    return test_variant_of("v2.1");
}

static char *slurp(const char *path) {
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Records a runner counts in a case file (statements and queries) plus its fixtures. */
static size_t records_in(const char *path) {
    char *text = slurp(path), *line;
    size_t n = 0;
    for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, "statement ", 10) == 0 || strncmp(line, "query ", 6) == 0 ||
            strncmp(line, "fixture ", 8) == 0)
            n++;
    free(text);
    return n;
}

/* Replays path on the session (as `jobtck run --driver d path`): its failing records. */
static size_t replay(jt_session *session, const char *path) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    size_t failed;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = session;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_path(r, path, &err), 0);
    ck_assert_uint_eq(jt_runner_result(r)->errors, 0);
    failed = jt_runner_result(r)->failed;
    jt_runner_free(r);
    return failed;
}

typedef struct simrun {
    jt_sim_report rep;
    char *output;
    char path[64];
} simrun;

static void sim_faulty(simrun *sr, uint64_t seed, uint64_t steps) {
    jt_driver d = faulty_driver();
    jt_sim_config cfg;
    jt_error err;
    size_t len = 0;
    FILE *o = open_memstream(&sr->output, &len);
    int fd;
    ck_assert_ptr_nonnull(o);
    strcpy(sr->path, "/tmp/jt_sim_XXXXXX");
    fd = mkstemp(sr->path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session_of(&d, NULL);
    cfg.seed = seed;
    cfg.steps = steps;
    cfg.case_path = sr->path;
    cfg.out = o;
    ck_assert_msg(jt_sim_run(&sr->rep, &cfg, &err) == 0, "jt_sim_run: %s", err.message);
    jt_session_close(cfg.session);
    fclose(o);
}

static void simrun_dispose(simrun *sr) {
    unlink(sr->path);
    free(sr->output);
}

/* The variant is caught within 2000 records, shrunk to at most max_records records, and
   the written case fails on the variant and passes on the model. */
static void expect_caught(const char *what, size_t max_records) {
    jt_driver d = faulty_driver();
    simrun sr;
    size_t nrec;
    sim_faulty(&sr, 7, 2000);
    printf("---- %s\n%s", what, sr.output);
    ck_assert_msg(sr.rep.found, "%s: not caught in 2000 records", what);
    nrec = records_in(sr.path);
    ck_assert_uint_eq(nrec, sr.rep.shrunk);
    ck_assert_msg(nrec <= max_records, "%s: shrunk to %zu records only", what, nrec);
    ck_assert_uint_ge(sr.rep.replay_failures, 1);
    ck_assert_uint_ge(replay(test_session_of(&d, NULL), sr.path), 1);
    ck_assert_uint_eq(replay(test_session("model"), sr.path), 0);
    ck_assert_ptr_nonnull(strstr(sr.output, "replay: jobtck run --driver faulty /tmp/jt_sim_"));
    simrun_dispose(&sr);
}

START_TEST(resume_of_running_fails) {
    faulty_from_v21()->table[JT_ST_RUNNING][JT_OP_RESUME] =
        (jt_transition){JT_ACT_ERROR, 0, JT_ERR_RESUME_STATUS};
    expect_caught("RESUME of a running job fails", 2);
}
END_TEST

START_TEST(cancel_of_paused_is_a_noop) {
    faulty_from_v21()->table[JT_ST_PAUSED][JT_OP_CANCEL] =
        (jt_transition){JT_ACT_NOOP, 0, JT_ERR_NONE};
    expect_caught("CANCEL of a paused job does nothing", 4);
}
END_TEST

START_TEST(non_admins_may_control) {
    faulty_from_v21()->control_gate = JT_GATE_NONE;
    expect_caught("non-admins may control jobs", 3);
}
END_TEST

START_TEST(schema_change_pausable) {
    faulty_from_v21()->schema_refuses[JT_OP_PAUSE] = 0;
    expect_caught("SCHEMA CHANGE jobs can be paused", 3);
}
END_TEST

START_TEST(rollback_cancelable) {
    faulty_from_v21()->rollback_refuses[JT_OP_CANCEL] = 0;
    expect_caught("ROLL BACK jobs can be canceled", 3);
}
END_TEST

START_TEST(error_text_changed) {
    faulty_from_v21()->errors[JT_ERR_NOT_FOUND].tmpl = "job with id {id} does not exist";
    expect_caught("error text of a missing job", 2);
}
END_TEST

START_TEST(same_seed_same_output) {
    simrun a, b;
    char *ca, *cb, *pa;
    faulty_from_v21()->table[JT_ST_PENDING][JT_OP_CANCEL] =
        (jt_transition){JT_ACT_TO, JT_ST_PAUSED, 0};
    sim_faulty(&a, 42, 3000);
    sim_faulty(&b, 42, 3000);
    ck_assert(a.rep.found && b.rep.found);
    /* the outputs differ only in the temporary case paths */
    while ((pa = strstr(a.output, a.path)) != NULL)
        memcpy(pa, b.path, strlen(b.path));
    ck_assert_str_eq(a.output, b.output);
    ck_assert_str_eq(a.output + strlen("seed "), b.output + strlen("seed "));
    ck_assert(strncmp(a.output, "seed 42\n", 8) == 0);
    ca = slurp(a.path);
    cb = slurp(b.path);
    ck_assert_str_eq(ca, cb);
    free(ca);
    free(cb);
    simrun_dispose(&a);
    simrun_dispose(&b);
}
END_TEST

/* ---- the model against itself, through the CLI ---------------------------------------- */

static int cli(char **output, const char *a1, const char *a2, const char *a3, const char *a4,
               const char *a5, const char *a6) {
    char *argv[8] = {"sim",      (char *)a1, (char *)a2, (char *)a3,
                     (char *)a4, (char *)a5, (char *)a6, NULL};
    int argc = 1, rc;
    size_t len = 0, elen = 0;
    char *errtext = NULL;
    FILE *o = open_memstream(output, &len), *e = open_memstream(&errtext, &elen);
    while (argv[argc])
        argc++;
    rc = jt_cli_sim(argc, argv, o, e);
    fclose(o);
    fclose(e);
    if (errtext && *errtext) {
        size_t n = strlen(*output);
        *output = realloc(*output, n + strlen(errtext) + 1);
        strcpy(*output + n, errtext);
    }
    free(errtext);
    return rc;
}

START_TEST(model_agrees_with_itself) {
    char *output = NULL;
    int rc = cli(&output, "--seed", "3", "--steps", "3000", "--driver", "model:v2.1");
    ck_assert_msg(rc == 0, "%s", output);
    ck_assert(strncmp(output, "seed 3\n", 7) == 0);
    ck_assert_ptr_nonnull(strstr(output, "no difference in 3000 records"));
    free(output);
}
END_TEST

START_TEST(cli_bad_usage) {
    char *output = NULL;
    ck_assert_int_eq(cli(&output, "--seed", "x", NULL, NULL, NULL, NULL), 2);
    ck_assert_ptr_nonnull(strstr(output, "jobtck sim: --seed: expected 0 to 2^64-1, got 'x'"));
    free(output);
    output = NULL;
    ck_assert_int_eq(cli(&output, "--driver", "nosuch", NULL, NULL, NULL, NULL), 2);
    ck_assert_ptr_nonnull(strstr(output, "unknown driver 'nosuch'"));
    free(output);
    output = NULL;
    ck_assert_int_eq(cli(&output, "--steps", "0", NULL, NULL, NULL, NULL), 2);
    free(output);
    output = NULL;
    ck_assert_int_eq(cli(&output, "--seed", "1", "--steps", "5", "--out", "/nonexistent/x.test"),
                     0); /* nothing to write when nothing differs */
    free(output);
}
END_TEST

int main(void) {
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("sim");
    SRunner *sr;
    int failed;
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, ddmin_finds_the_failure_inducing_items);
    tcase_add_test(tc, ddmin_keeps_to_its_budget);
    tcase_add_test(tc, resume_of_running_fails);
    tcase_add_test(tc, cancel_of_paused_is_a_noop);
    tcase_add_test(tc, non_admins_may_control);
    tcase_add_test(tc, schema_change_pausable);
    tcase_add_test(tc, rollback_cancelable);
    tcase_add_test(tc, error_text_changed);
    tcase_add_test(tc, same_seed_same_output);
    tcase_add_test(tc, model_agrees_with_itself);
    tcase_add_test(tc, cli_bad_usage);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
