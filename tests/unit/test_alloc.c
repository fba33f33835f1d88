/*
 * Allocation failures: jt_alloc_fail_after(n) (model/common.c) fails the n-th allocation of
 * jt_malloc/jt_calloc/jt_realloc/jt_strdup; the walk runs a representative case file with
 * n = 1, 2, ... until a run makes fewer than n allocations. Each run with a failure must end
 * in a clean error: never a crash (Check forks each test), never a leak (LeakSanitizer in the
 * ASan build, valgrind in CI), and never a result that differs from the run without a
 * failure, in particular never a pass of a record whose work failed:
 *
 * - the runner (reader, runner, checker, model driver, model): jt_runner_run_path returns
 *   JT_ENOMEM with "out of memory", and the records it kept before are those of the run
 *   without a failure; or it returns 0 and everything equals that run;
 * - `jobtck run` (the CLI, with its summary and its JSON, JUnit and TAP reports): exit 2 and
 *   "out of memory" on stderr, or the exit status and the output of the run without a
 *   failure.
 */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "sim/cli/cli.h"
#include "sim/drivers/drivers.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"

/* Every kind of record and outcome: comments, a LogicTest header, subtests, covers, user and
   job fixtures with quoted values, statement ok / count / error (regex, pgcode), queries with
   colnames / rowsort / valuesort, let and $name, users, skipif / onlyif, PREPARE / EXECUTE,
   a record that fails (a diff), an input error (SQL outside the subset), halt. */
static const char representative[] =
    "# LogicTest: local\n"
    "# A representative case file for the allocation walk.\n"
    "\n"
    "subtest setup\n"
    "covers PJ-EX-SINGLE PJ-SHOW\n"
    "\n"
    "fixture user maxroach\n"
    "\n"
    "fixture user alice admin\n"
    "\n"
    "fixture job id=27536791415282 type=RESTORE status=running user=maxroach "
    "description='RESTORE db.* FROM ''azure://backup/db/tbl'''\n"
    "\n"
    "fixture job id=2 type=IMPORT status=failed error='boom \"x\"'\n"
    "\n"
    "fixture job id=3 type='SCHEMA CHANGE' status=running\n"
    "\n"
    "query ITT colnames rowsort\n"
    "SELECT job_id, status, user_name FROM [SHOW JOBS]\n"
    "----\n"
    "job_id status user_name\n"
    "2 failed root\n"
    "3 running root\n"
    "27536791415282 running maxroach\n"
    "\n"
    "subtest control\n"
    "covers PJ-STATES PJ-ATOMIC\n"
    "\n"
    "statement ok count 1\n"
    "PAUSE JOB 27536791415282\n"
    "\n"
    "statement error pgcode XX000 cannot pause failed job \\(id 2, err: \"boom \\\\\"x\\\\\"\"\\)\n"
    "PAUSE JOB 2\n"
    "\n"
    "statement error job 3 is not controllable\n"
    "PAUSE JOBS VALUES (3), (27536791415282)\n"
    "\n"
    "let $id\n"
    "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach'\n"
    "\n"
    "statement ok\n"
    "RESUME JOB $id\n"
    "\n"
    "query T valuesort\n"
    "SELECT status FROM crdb_internal.jobs WHERE job_id IN (2, 3)\n"
    "----\n"
    "failed\n"
    "running\n"
    "\n"
    "user testuser\n"
    "\n"
    "statement error-code 42501\n"
    "CANCEL JOB 3\n"
    "\n"
    "user alice\n"
    "\n"
    "statement ok\n"
    "PREPARE p AS CANCEL JOBS SELECT $1::INT\n"
    "\n"
    "statement ok\n"
    "EXECUTE p(27536791415282)\n"
    "\n"
    "skipif model\n"
    "statement ok\n"
    "PAUSE JOB 1\n"
    "\n"
    "onlyif model\n"
    "query I\n"
    "SELECT id FROM system.jobs WHERE id = 3\n"
    "----\n"
    "3\n"
    "\n"
    "user root\n"
    "\n"
    "subtest a failure and an input error\n"
    "\n"
    "query IT rowsort\n"
    "SELECT id, status FROM system.jobs\n"
    "----\n"
    "2 failed\n"
    "3 paused\n"
    "27536791415282 canceled\n"
    "\n"
    "statement ok\n"
    "UPDATE t SET a = 1\n"
    "\n"
    "halt\n"
    "\n"
    "statement ok\n"
    "PAUSE JOB 1\n";

/* The same for the later versions (profile v25.1): role fixtures and memberships, schedules
   and ages, two-phase control with `retry` (the shadow model, the virtual clock), PAUSE ...
   WITH REASON undone by a failing bulk statement, FOR SCHEDULES, ALL <type> JOBS, SHOW JOB x,
   SHOW JOBS <select>, SHOW AUTOMATIC JOBS, the telemetry table, abbreviated descriptions. */
static const char later[] =
    "profile v25.1\n"
    "\n"
    "covers PV-OWNER PV-TWO-PHASE\n"
    "\n"
    "fixture user ops controljob viewjob\n"
    "\n"
    "fixture user carol member-of=ops,etl\n"
    "\n"
    "fixture job id=1 type=BACKUP status=running user=etl schedule=42 "
    "description='BACKUP DATABASE inventory INTO ''s3://b/nightly?AUTH=implicit'' AS OF SYSTEM "
    "TIME ''-10s'''\n"
    "\n"
    "fixture job id=2 type='AUTO CREATE STATS' status=running\n"
    "\n"
    "fixture job id=3 type=IMPORT status=succeeded age=13h\n"
    "\n"
    "fixture job id=4 type=RESTORE status=reverting error='disk full'\n"
    "\n"
    "user carol\n"
    "\n"
    "statement ok count 1\n"
    "PAUSE JOB 1 WITH REASON = 'maintenance'\n"
    "\n"
    "query T retry\n"
    "SELECT status FROM [SHOW JOB 1]\n"
    "----\n"
    "paused\n"
    "\n"
    "user root\n"
    "\n"
    "statement error job 3: job with state succeeded cannot be requested to be paused\n"
    "PAUSE JOBS VALUES (2), (3) WITH REASON = 'undone'\n"
    "\n"
    "statement ok count 1\n"
    "RESUME JOBS FOR SCHEDULES VALUES (42), (NULL)\n"
    "\n"
    "statement ok count 1\n"
    "CANCEL ALL BACKUP JOBS\n"
    "\n"
    "query IT rowsort retry\n"
    "SELECT job_id, status FROM [SHOW JOBS SELECT id FROM system.jobs]\n"
    "----\n"
    "1 canceled\n"
    "2 running\n"
    "3 succeeded\n"
    "4 failed\n"
    "\n"
    "query I\n"
    "SELECT job_id FROM [SHOW AUTOMATIC JOBS]\n"
    "----\n"
    "2\n"
    "\n"
    "query T\n"
    "SELECT description FROM [SHOW JOBS] WHERE job_id = 1\n"
    "----\n"
    "BACKUP DATABASE inventory INTO 's3://b/nightly?AUTH=implici … '-10s'\n"
    "\n"
    "query TI rowsort\n"
    "SELECT * FROM crdb_internal.feature_usage\n"
    "----\n"
    "sql.schema.job.control.cancel 1\n"
    "sql.schema.job.control.pause 2\n"
    "sql.schema.job.control.resume 1\n";

typedef struct tmpfile_ {
    char dir[64];
    char path[128];
} tmpfile_;

static void write_text(tmpfile_ *t, const char *text) {
    FILE *fp;
    snprintf(t->dir, sizeof t->dir, "/tmp/jt_alloc_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/representative.test", t->dir);
    fp = fopen(t->path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

static void write_case(tmpfile_ *t) {
    write_text(t, representative);
}

static void remove_case(tmpfile_ *t) {
    char path[256];
    static const char *const reports[] = {"r.json", "r.xml", "r.tap"};
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", t->dir, reports[i]);
        unlink(path);
    }
    unlink(t->path);
    rmdir(t->dir);
}

/* ---- the runner ---------------------------------------------------------------------- */

/* What a run kept: per record "line outcome message", one per line; and the file's error. */
typedef struct snapshot {
    int rc;
    char message[JT_MESSAGE_MAX];
    char *text;
    size_t nrecords;
} snapshot;

static char *describe(const jt_run_result *run, size_t *nrecords) {
    size_t f, i, len = 0, cap = 4096;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    s[0] = '\0';
    *nrecords = 0;
    for (f = 0; f < run->nfiles; f++) {
        const jt_file_result *fr = &run->files[f];
        for (i = 0; i <= fr->nrecords; i++) {
            char line[JT_LIMIT_MESSAGE + 256];
            size_t n;
            if (i == 0) { /* the file first: a run cut short keeps a prefix */
                snprintf(line, sizeof line, "file %s: %s\n", fr->path, fr->error ? fr->error : "-");
            } else {
                const jt_record_result *rr = &fr->records[i - 1];
                snprintf(line, sizeof line, "%d %d %s\n", rr->line, rr->outcome,
                         rr->message ? rr->message : "-");
                (*nrecords)++;
            }
            n = strlen(line);
            while (len + n + 1 > cap) {
                char *grown = realloc(s, cap * 2);
                ck_assert_ptr_nonnull(grown);
                s = grown;
                cap *= 2;
            }
            memcpy(s + len, line, n + 1);
            len += n;
        }
    }
    return s;
}

/* Runs path through a new runner on the model; n > 0: the n-th allocation fails. Returns
   how many allocations the run made. */
static long run_profile(snapshot *out, const char *path, const char *profile, long n) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    long count;
    memset(out, 0, sizeof *out);
    memset(&err, 0, sizeof err);
    memset(&cfg, 0, sizeof cfg);
    cfg.profile = profile;
    jt_alloc_fail_after(n);
    out->rc = jt_session_open_driver(&cfg.session, &jt_driver_model, profile, NULL, &err);
    if (out->rc == JT_OK)
        out->rc = jt_runner_new(&r, &cfg, &err);
    if (out->rc == JT_OK)
        out->rc = jt_runner_run_path(r, path, &err);
    count = jt_alloc_count();
    jt_alloc_fail_after(0);
    snprintf(out->message, sizeof out->message, "%s", out->rc ? err.message : "");
    out->text = r ? describe(jt_runner_result(r), &out->nrecords) : NULL;
    jt_runner_free(r);
    return count;
}

/* Fails each allocation of a run of text under profile, one at a time. */
static void walk(const char *text, const char *profile, const char *name) {
    tmpfile_ t;
    snapshot ref, got;
    long n, total;
    size_t failures = 0;
    write_text(&t, text);
    total = run_profile(&ref, t.path, profile, LONG_MAX); /* counted, never failed */
    ck_assert_int_eq(ref.rc, JT_OK);
    ck_assert_msg(ref.nrecords >= 9, "%zu records", ref.nrecords);
    for (n = 1;; n++) {
        long made = run_profile(&got, t.path, profile, n);
        if (got.rc == JT_OK && made >= n && getenv("JT_ALLOC_DEBUG"))
            fprintf(stderr, "absorbed: allocation %ld\n", n);
        if (got.rc == JT_OK) {
            /* the failure never happened (made < n), or it was absorbed: same results */
            ck_assert_msg(strcmp(got.text, ref.text) == 0,
                          "allocation %ld failed and the run differs:\n%s\nexpected:\n%s", n,
                          got.text, ref.text);
        } else {
            ck_assert_msg(got.rc == JT_ENOMEM, "allocation %ld: rc %d: %s", n, got.rc, got.message);
            ck_assert_msg(strstr(got.message, "out of memory") != NULL, "allocation %ld: %s", n,
                          got.message);
            /* what it kept before running out is what the run without a failure has */
            if (got.text)
                ck_assert_msg(strncmp(got.text, ref.text, strlen(got.text)) == 0 ||
                                  got.nrecords == 0,
                              "allocation %ld: kept results differ:\n%s", n, got.text);
            failures++;
        }
        free(got.text);
        if (made < n)
            break;
    }
    ck_assert_msg(n > total, "the walk stopped at %ld of %ld allocations", n, total);
    ck_assert_uint_gt(failures, 0);
    fprintf(stderr, "%s: %ld allocations, each failed once: %zu clean errors\n", name, total,
            failures);
    free(ref.text);
    remove_case(&t);
}

START_TEST(walk_runner) {
    walk(representative, JT_PROFILE_DEFAULT, "walk_runner");
}
END_TEST

START_TEST(walk_runner_later_versions) {
    walk(later, "v25.1", "walk_runner_later_versions");
}
END_TEST

/* ---- jobtck run ---------------------------------------------------------------------- */

typedef struct cli_out {
    int status;
    char *out, *err;
} cli_out;

static char *slurp(FILE *fp) {
    long n;
    char *s;
    fflush(fp);
    n = ftell(fp);
    ck_assert_int_ge(n, 0);
    s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    rewind(fp);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = '\0';
    return s;
}

static long cli_once(cli_out *o, const char *path, const char *reports, long n) {
    char *argv[] = {"run", "--quiet", "--report", (char *)reports, (char *)path, NULL};
    FILE *out = tmpfile(), *err = tmpfile();
    long count;
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(err);
    jt_alloc_fail_after(n);
    o->status = jt_cli_run(5, argv, out, err);
    count = jt_alloc_count();
    jt_alloc_fail_after(0);
    o->out = slurp(out);
    o->err = slurp(err);
    fclose(out);
    fclose(err);
    return count;
}

/* A file in dir other than the case and its reports (a half-written report), or NULL. */
static char *stray_file(const char *dir) {
    static const char *const known[] = {"representative.test", "r.json", "r.xml", "r.tap"};
    DIR *dp = opendir(dir);
    struct dirent *de;
    char *stray = NULL;
    ck_assert_ptr_nonnull(dp);
    while (!stray && (de = readdir(dp)) != NULL) {
        size_t i;
        int ok = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
        for (i = 0; i < sizeof known / sizeof known[0]; i++)
            ok = ok || strcmp(de->d_name, known[i]) == 0;
        if (!ok)
            stray = strdup(de->d_name);
    }
    closedir(dp);
    return stray;
}

START_TEST(walk_cli) {
    tmpfile_ t;
    cli_out ref, got;
    char reports[512];
    long n, total;
    size_t failures = 0;
    write_case(&t);
    snprintf(reports, sizeof reports, "json=%s/r.json,junit=%s/r.xml,tap=%s/r.tap", t.dir, t.dir,
             t.dir);
    total = cli_once(&ref, t.path, reports, LONG_MAX);
    ck_assert_int_eq(ref.status, 2); /* the input error of the file */
    for (n = 1;; n++) {
        long made = cli_once(&got, t.path, reports, n);
        char *stray = stray_file(t.dir);
        ck_assert_msg(!stray, "allocation %ld: a half-written file is left: %s", n, stray);
        if (got.status == ref.status && strcmp(got.out, ref.out) == 0 &&
            strcmp(got.err, ref.err) == 0) {
            ; /* as without a failure */
        } else {
            ck_assert_msg(got.status == 2, "allocation %ld: exit %d\nstdout:\n%s\nstderr:\n%s", n,
                          got.status, got.out, got.err);
            ck_assert_msg(strstr(got.err, "out of memory") != NULL,
                          "allocation %ld: exit 2 without 'out of memory'\nstdout:\n%s\n"
                          "stderr:\n%s",
                          n, got.out, got.err);
            failures++;
        }
        free(got.out);
        free(got.err);
        if (made < n)
            break;
    }
    ck_assert_msg(n > total, "the walk stopped at %ld of %ld allocations", n, total);
    ck_assert_uint_gt(failures, 0);
    fprintf(stderr, "walk_cli: %ld allocations, each failed once: %zu clean errors\n", total,
            failures);
    free(ref.out);
    free(ref.err);
    remove_case(&t);
}
END_TEST

START_TEST(hook_counts_and_disarms) {
    void *p;
    jt_alloc_fail_after(2);
    p = jt_malloc(8);
    ck_assert_ptr_nonnull(p);
    free(p);
    ck_assert_ptr_null(jt_strdup("x")); /* the second fails */
    p = jt_calloc(1, 8);                /* and only it */
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(jt_alloc_count(), 3);
    jt_alloc_fail_after(0);
    free(p);
    p = jt_realloc(NULL, 8);
    ck_assert_ptr_nonnull(p);
    free(p);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("walk");
    /* each step is a whole run; valgrind makes them slow */
    tcase_set_timeout(tc, 1200);
    tcase_add_test(tc, hook_counts_and_disarms);
    tcase_add_test(tc, walk_runner);
    tcase_add_test(tc, walk_runner_later_versions);
    tcase_add_test(tc, walk_cli);
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
