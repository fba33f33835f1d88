/*
 * The bundled cases notice any change of behaviour: for every cell of the v2.1 transition
 * table, every SCHEMA CHANGE / ROLL BACK rule, the privilege rules and every error text
 * and SQLSTATE, a copy of the profile with that one change runs cases/ and must fail.
 */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/drivers/drivers.h"
#include "sim/run/runner.h"
#include "sessions.h"

static const char *cases_dir(void) {
    static char path[4096];
    const char *src = getenv("JT_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/cases", src ? src : ".");
    return path;
}

/* Runs cases/ against the current mutant; returns the number of failed records. */
static size_t run_mutant(void) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    size_t failed;
    /* the model driver, connected to the mutant (test_variant) */
    jt_driver mutant_driver = test_variant_driver("mutant");
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session_of(&mutant_driver, NULL);
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    /* The hand-written cases (the .test files of cases/): the generated ones below cases/generated/
       would multiply the time by fifty and add no rule that these do not check. */
    {
        glob_t g;
        size_t i;
        char pattern[4200];
        snprintf(pattern, sizeof pattern, "%s/*.test", cases_dir());
        ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
        ck_assert_uint_gt(g.gl_pathc, 10);
        for (i = 0; i < g.gl_pathc; i++)
            ck_assert_int_eq(jt_runner_run_file(r, g.gl_pathv[i], &err), 0);
        globfree(&g);
    }
    /* every file reads (a mutant that renames a status refuses the fixtures that name it:
       errors of those files, which count among the failed records) */
    failed = jt_runner_result(r)->failed;
    for (size_t f = 0; f < jt_runner_result(r)->nfiles; f++)
        ck_assert_ptr_null(jt_runner_result(r)->files[f].error);
    jt_runner_free(r);
    return failed;
}

/* The mutant: test_variant, a copy of v2.1 that a test changes. */
static void reset_mutant(void) {
    test_variant_of("v2.1");
}

START_TEST(unmutated_passes) {
    reset_mutant();
    ck_assert_uint_eq(run_mutant(), 0);
}
END_TEST

static const char *const st_names[] = {"pending",   "running", "paused",
                                       "succeeded", "failed",  "canceled"};
static const char *const op_names[] = {"PAUSE", "RESUME", "CANCEL"};

static void expect_killed(const char *what) {
    size_t failed = run_mutant();
    printf("mutation %-48s -> %zu failing records\n", what, failed);
    ck_assert_msg(failed > 0, "mutation not caught by cases/: %s", what);
}

/* Every cell of the table, replaced by each other kind of answer. */
START_TEST(every_cell_is_checked) {
    int s, o, alt;
    const struct jt_profile *base = jt_profile_find("v2.1");
    for (s = 0; s < JT_ST_V21_COUNT; s++) {
        for (o = 0; o < JT_OP_COUNT; o++) {
            jt_transition orig = base->table[s][o];
            jt_transition alts[JT_ST_V21_COUNT + 2];
            int nalts = 0;
            if (orig.act != JT_ACT_NOOP)
                alts[nalts++] = (jt_transition){JT_ACT_NOOP, 0, JT_ERR_NONE};
            if (orig.act != JT_ACT_ERROR)
                alts[nalts++] = (jt_transition){JT_ACT_ERROR, 0,
                                                o == JT_OP_PAUSE    ? JT_ERR_PAUSE_STATUS
                                                : o == JT_OP_RESUME ? JT_ERR_RESUME_STATUS
                                                                    : JT_ERR_CANCEL_STATUS};
            else
                alts[nalts++] = (jt_transition){JT_ACT_ERROR, 0, JT_ERR_NOT_FOUND};
            for (alt = 0; alt < JT_ST_V21_COUNT; alt++)
                if (alt != s && !(orig.act == JT_ACT_TO && orig.to == alt))
                    alts[nalts++] = (jt_transition){JT_ACT_TO, (uint8_t)alt, JT_ERR_NONE};
            for (alt = 0; alt < nalts; alt++) {
                char what[128];
                reset_mutant();
                test_variant.table[s][o] = alts[alt];
                snprintf(what, sizeof what, "%s on %s -> %s%s", op_names[o], st_names[s],
                         alts[alt].act == JT_ACT_NOOP    ? "no-op"
                         : alts[alt].act == JT_ACT_ERROR ? "error"
                                                         : "to ",
                         alts[alt].act == JT_ACT_TO ? st_names[alts[alt].to] : "");
                expect_killed(what);
            }
        }
    }
}
END_TEST

START_TEST(schema_change_rules_are_checked) {
    int o;
    for (o = 0; o < JT_OP_COUNT; o++) {
        char what[128];
        reset_mutant();
        test_variant.schema_refuses[o] = !test_variant.schema_refuses[o];
        snprintf(what, sizeof what, "SCHEMA CHANGE refuses %s flipped", op_names[o]);
        expect_killed(what);
        reset_mutant();
        if (test_variant.schema_refuses[o])
            continue; /* refused for every SCHEMA CHANGE already: the flip changes nothing */
        test_variant.rollback_refuses[o] = !test_variant.rollback_refuses[o];
        snprintf(what, sizeof what, "ROLL BACK refuses %s flipped", op_names[o]);
        expect_killed(what);
    }
}
END_TEST

START_TEST(privilege_rules_are_checked) {
    reset_mutant();
    test_variant.control_gate = JT_GATE_NONE;
    expect_killed("non-admins may control jobs");
    reset_mutant();
    test_variant.show_admin_only = 0;
    expect_killed("non-admins may read SHOW JOBS");
}
END_TEST

START_TEST(error_texts_are_checked) {
    int k;
    for (k = JT_ERR_NONE + 1; k < JT_ERR_COUNT; k++) {
        char tmpl[300], what[128], *space;
        reset_mutant();
        if (!test_variant.errors[k].tmpl)
            continue; /* a kind of later versions */
        /* A word changes in the middle, so that unanchored regexes notice it too. */
        snprintf(tmpl, sizeof tmpl, "%s", test_variant.errors[k].tmpl);
        space = strchr(tmpl, ' ');
        ck_assert_ptr_nonnull(space);
        *space = '_';
        test_variant.errors[k].tmpl = tmpl;
        snprintf(what, sizeof what, "error text %d changed", k);
        expect_killed(what);
        reset_mutant();
        test_variant.errors[k].sqlstate =
            strcmp(test_variant.errors[k].sqlstate, "XX000") ? "XX000" : "XXUUU";
        snprintf(what, sizeof what, "SQLSTATE of error %d changed", k);
        expect_killed(what);
    }
}
END_TEST

START_TEST(status_names_are_checked) {
    int s;
    for (s = 0; s < JT_ST_V21_COUNT; s++) {
        char what[128];
        reset_mutant();
        test_variant.status_names[s] = "x";
        snprintf(what, sizeof what, "status %s renamed", st_names[s]);
        expect_killed(what);
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("mutation");
    TCase *tc = tcase_create("profile");
    SRunner *sr;
    int failed;
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, unmutated_passes);
    tcase_add_test(tc, every_cell_is_checked);
    tcase_add_test(tc, schema_change_rules_are_checked);
    tcase_add_test(tc, privilege_rules_are_checked);
    tcase_add_test(tc, error_texts_are_checked);
    tcase_add_test(tc, status_names_are_checked);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
