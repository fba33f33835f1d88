/* Check suite of reports/: the --report option, the requirement ids against docs/spec.md, spec
   coverage by replay, the JUnit/TAP/JSON/HTML writers on real runs of the model driver,
   atomic writes (a full disk, an unwritable path) and the summary. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/internal.h"
#include "reports/report.h"
#include "sim/text/atomic.h"
#include "reports/speccov.h"
#include "reports/term.h"
#include "sim/cli/cli.h"
#include "sim/drivers/drivers.h"
#include "sessions.h"

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct tmp {
    char dir[64];
} tmp;

static void tmp_init(tmp *t) {
    strcpy(t->dir, "/tmp/jt_reports_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(t->dir));
}

static void rm_tree(const char *path) {
    DIR *dp = opendir(path);
    struct dirent *de;
    if (!dp) {
        unlink(path);
        return;
    }
    while ((de = readdir(dp)) != NULL) {
        char sub[512];
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        rm_tree(sub);
    }
    closedir(dp);
    rmdir(path);
}

/* The names in dir, sorted and joined with spaces. */
static const char *listing(const char *dir) {
    static char buf[2048];
    char names[32][256];
    size_t n = 0, i, j;
    DIR *dp = opendir(dir);
    struct dirent *de;
    buf[0] = '\0';
    if (!dp)
        return "(none)";
    while ((de = readdir(dp)) != NULL && n < 32) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(names[n++], sizeof names[0], "%s", de->d_name);
    }
    closedir(dp);
    for (i = 1; i < n; i++)
        for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            memcpy(t, names[j], sizeof t);
            memcpy(names[j], names[j - 1], sizeof t);
            memcpy(names[j - 1], t, sizeof t);
        }
    for (i = 0; i < n; i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, names[i]);
    }
    return buf;
}

static const char *tmp_write(tmp *t, const char *name, const char *text) {
    static char path[512];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s", t->dir, name);
    fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static char *slurp(const char *path) {
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* A run of the model on case texts (written as name0, name1 … in t), its records judged
   against x (NULL: no known deviations). */
static jt_runner *run_judged(tmp *t, const char *const *names, const char *const *texts, size_t n,
                             const jt_expect *x) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    size_t i;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    cfg.coverage = 1;
    cfg.expect = x;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(jt_runner_run_file(r, tmp_write(t, names[i], texts[i]), &err), 0);
    return r;
}

static jt_runner *run_cases(tmp *t, const char *const *names, const char *const *texts, size_t n) {
    return run_judged(t, names, texts, n, NULL);
}

static jt_runner *run_one(tmp *t, const char *text) {
    const char *names[1] = {"a.test"};
    return run_cases(t, names, &text, 1);
}

static void meta_init(jt_report_meta *m) {
    memset(m, 0, sizeof *m);
    m->command = "run";
    m->driver = "model";
    m->profile = "v2.1";
    m->version = JT_VERSION;
}

/* A writer's output in memory. */
static char *write_mem(int (*writer)(FILE *, const jt_report_data *), const jt_report_data *d) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(writer(f, d), 0);
    fclose(f);
    return buf;
}

#define ck_contains(hay, needle)                                                                   \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "'%s' not found in:\n%.3000s", (needle), (hay))
#define ck_lacks(hay, needle)                                                                      \
    ck_assert_msg(strstr((hay), (needle)) == NULL, "'%s' found in:\n%.3000s", (needle), (hay))

#define JOBS                                                                                       \
    "fixture user alice admin\n"                                                                   \
    "fixture job id=1 type=IMPORT status=running\n"                                                \
    "fixture job id=2 type=RESTORE status=paused\n"                                                \
    "fixture job id=3 type=BACKUP status=succeeded\n"                                              \
    "fixture job id=4 type='SCHEMA CHANGE' status=running\n"                                       \
    "fixture job id=5 type=CHANGEFEED status=pending\n"                                            \
    "\n"

/* ---- --report ------------------------------------------------------------------------ */

START_TEST(report_option) {
    jt_report_spec s;
    jt_error err;
    jt_report_spec_init(&s);
    ck_assert_int_eq(jt_report_spec_any(&s), 0);
    ck_assert_int_eq(jt_report_spec_add(&s, "junit=a.xml,tap=b.tap", &err), 0);
    ck_assert_int_eq(jt_report_spec_add(&s, "json=c,d.json,html=out/h", &err), JT_EINVAL);
    ck_assert_str_eq(err.message,
                     "--report: unknown kind 'd.json' (expected junit, tap, json or html)");
    jt_report_spec_dispose(&s);
    jt_report_spec_init(&s);
    ck_assert_int_eq(jt_report_spec_add(&s, "junit=a.xml,tap=b.tap", &err), 0);
    ck_assert_int_eq(jt_report_spec_add(&s, "html=out/h", &err), 0);
    ck_assert_int_eq(jt_report_spec_any(&s), 1);
    ck_assert_str_eq(s.path[JT_REPORT_JUNIT], "a.xml");
    ck_assert_str_eq(s.path[JT_REPORT_TAP], "b.tap");
    ck_assert_str_eq(s.path[JT_REPORT_HTML], "out/h");
    ck_assert_ptr_null(s.path[JT_REPORT_JSON]);
    ck_assert_int_eq(jt_report_spec_add(&s, "junit=x.xml", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "--report: junit is given twice");
    ck_assert_int_eq(jt_report_spec_add(&s, "json", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "--report: json needs a path: json=FILE");
    ck_assert_int_eq(jt_report_spec_add(&s, "json=", &err), JT_EINVAL);
    ck_assert_int_eq(jt_report_spec_add(&s, "xml=a", &err), JT_EINVAL);
    ck_assert_str_eq(err.message,
                     "--report: unknown kind 'xml' (expected junit, tap, json or html)");
    ck_assert_int_eq(jt_report_spec_add(&s, "json=j,", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "--report: nothing after ','");
    ck_assert_int_eq(jt_report_spec_add(&s, "", &err), JT_EINVAL);
    jt_report_spec_dispose(&s);
}
END_TEST

/* ---- requirement ids ----------------------------------------------------------------- */

/* The rows `| ID | wording | source |` of docs/spec.md, section 1, whose id starts with prefix,
   against table[0 .. count): the same ids, in the page's order, with the same wording. The
   build makes the table from the page (scripts/spec_requirements.py): this is that step seen
   from the reports' side, quotes, backquotes and UTF-8 included. Returns the rows compared. */
static size_t compare_with_spec(const char *prefix, const jt_requirement *table, size_t count) {
    const char *src = getenv("JT_SOURCE_DIR");
    char path[1024], line[2048];
    size_t n = 0;
    int inside = 0;
    FILE *fp;
    snprintf(path, sizeof path, "%s/docs/spec.md", src ? src : ".");
    fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "%s: cannot open", path);
    while (fgets(line, sizeof line, fp)) {
        char *id, *text, *end;
        if (strncmp(line, "## ", 3) == 0)
            inside = strncmp(line, "## 1. ", 6) == 0;
        if (!inside || strncmp(line, "| ", 2) != 0 || strncmp(line + 2, prefix, 3) != 0)
            continue;
        id = line + 2;
        end = strstr(id, " | ");
        ck_assert_ptr_nonnull(end);
        *end = '\0';
        text = end + 3;
        end = strstr(text, " | ");
        ck_assert_ptr_nonnull(end);
        *end = '\0';
        ck_assert_msg(n < count, "docs/spec.md has %s, the kit does not", id);
        ck_assert_str_eq(table[n].id, id);
        ck_assert_str_eq(table[n].text, text);
        n++;
    }
    fclose(fp);
    ck_assert_uint_eq(n, count);
    return n;
}

/* The ids of v2.1 (PJ-…) the reports list are docs/spec.md's, in its order, with its texts. */
START_TEST(requirements_match_spec) {
    size_t n = compare_with_spec("PJ-", jt_requirements, jt_requirements_count), i;
    ck_assert_uint_ge(n, 10);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(jt_requirement_find(jt_requirements[i].id), (int)i);
    ck_assert_int_eq(jt_requirement_find("PJ-NOPE"), -1);
}
END_TEST

/* The ids of the later versions (PV-…) likewise, and each is found by its id. */
START_TEST(profile_requirements_match_the_doc) {
    size_t n = compare_with_spec("PV-", jt_profile_requirements, jt_profile_requirements_count), i;
    ck_assert_uint_ge(n, 10);
    for (i = 0; i < n; i++)
        ck_assert_ptr_eq(jt_profile_requirement_find(jt_profile_requirements[i].id),
                         &jt_profile_requirements[i]);
    ck_assert_ptr_null(jt_profile_requirement_find("PJ-TYPES"));
}
END_TEST

/* ---- spec coverage ------------------------------------------------------------------- */

/* The spec coverage of a run of text, counted by the runner's shadow model. */
static jt_speccov cov_of(const char *text) {
    tmp t;
    jt_runner *r;
    jt_speccov c;
    tmp_init(&t);
    r = run_one(&t, text);
    jt_speccov_init(&c, &jt_runner_result(r)->coverage, "v2.1");
    jt_runner_free(r);
    rm_tree(t.dir);
    return c;
}

#define HIT(c, st, op, ty, pv) ((c).hits[JT_ST_##st][JT_OP_##op][JT_TY_##ty][JT_PRIV_##pv])

START_TEST(speccov_single_and_bulk) {
    jt_speccov c = cov_of(JOBS "statement ok\nPAUSE JOB 1\n\n"
                               /* 1 is paused now: a no-op; 3 (succeeded) stops it, 5 is not
                                  looked at */
                               "statement error cannot pause\nPAUSE JOBS VALUES (1), (3), (5)\n\n"
                               "statement error does not exist\nRESUME JOB 99\n\n"
                               "statement ok\nCANCEL JOBS SELECT job_id FROM [SHOW JOBS] WHERE "
                               "job_id = 2\n");
    ck_assert_ptr_nonnull(c.profile);
    ck_assert_uint_eq(c.cells, 6 * 5 * 3 * 2 + 3 * 2);
    ck_assert_uint_eq(c.statements, 4);
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, PAUSED, PAUSE, IMPORT, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, SUCCEEDED, PAUSE, BACKUP, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, PENDING, PAUSE, CHANGEFEED, ADMIN), 0);
    ck_assert_uint_eq(c.hits[JT_COVER_MISSING][JT_OP_RESUME][0][JT_PRIV_ADMIN], 1);
    ck_assert_uint_eq(HIT(c, PAUSED, CANCEL, RESTORE, ADMIN), 1);
    ck_assert_uint_eq(c.exercised, 5);
}
END_TEST

START_TEST(speccov_duplicates_see_the_new_status) {
    jt_speccov c = cov_of(JOBS "statement ok count 2\nPAUSE JOBS VALUES (1), (1)\n\n"
                               "query T\nSELECT status FROM [SHOW JOBS] WHERE job_id = 1\n----\n"
                               "paused\n");
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, PAUSED, PAUSE, IMPORT, ADMIN), 1);
    ck_assert_uint_eq(c.exercised, 2);
}
END_TEST

START_TEST(speccov_privileges_and_schema_change) {
    jt_speccov c =
        cov_of(JOBS "user testuser\n\n"
                    "statement error pgcode 42501 admin role\nPAUSE JOBS VALUES (1), (3), (77)\n\n"
                    "user alice\n\n"
                    "statement error not controllable\nPAUSE JOBS VALUES (4), (1)\n\n"
                    "statement ok\nCANCEL JOB 4\n");
    /* Refused: every named job, whatever its status. */
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, OTHER), 1);
    ck_assert_uint_eq(HIT(c, SUCCEEDED, PAUSE, BACKUP, OTHER), 1);
    ck_assert_uint_eq(c.hits[JT_COVER_MISSING][JT_OP_PAUSE][0][JT_PRIV_OTHER], 1);
    /* alice is an admin: SCHEMA CHANGE stops the statement before job 1. */
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, SCHEMA_CHANGE, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, ADMIN), 0);
    ck_assert_uint_eq(HIT(c, RUNNING, CANCEL, SCHEMA_CHANGE, ADMIN), 1);
    ck_assert_uint_eq(c.exercised, 5);
}
END_TEST

START_TEST(speccov_prepare_let_and_skips) {
    jt_speccov c =
        cov_of(JOBS "statement ok\nPREPARE p AS RESUME JOB $1\n\n"
                    "statement ok\nEXECUTE p(2)\n\n"
                    "let $j\nSELECT job_id FROM [SHOW JOBS] WHERE job_type = 'BACKUP'\n\n"
                    "statement error cannot be canceled\nCANCEL JOB $j\n\n"
                    "skipif model\nstatement ok\nPAUSE JOB 5\n\n"
                    "statement error syntax\nPAUSE JOBS 1, 2\n");
    ck_assert_uint_eq(HIT(c, PAUSED, RESUME, RESTORE, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, SUCCEEDED, CANCEL, BACKUP, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, PENDING, PAUSE, CHANGEFEED, ADMIN), 0); /* skipped */
    ck_assert_uint_eq(c.exercised, 2);
    ck_assert_uint_eq(c.statements, 2);
}
END_TEST

START_TEST(speccov_failed_fixture_stops_the_count) {
    jt_speccov c = cov_of("fixture job id=1 type=IMPORT status=running\n\n"
                          "statement ok\nPAUSE JOB 1\n\n"
                          "fixture job id=2 type=IMPORT status=reverting\n\n"
                          "statement ok\nPAUSE JOB 1\n");
    /* The second PAUSE did not run: the fixture before it failed (v2.1 has no reverting). */
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, PAUSED, PAUSE, IMPORT, ADMIN), 0);
    ck_assert_uint_eq(c.statements, 1);
}
END_TEST

/* The runner counts the coverage only when its configuration asks (the shadow model costs a
   second run of every statement), and sums the counts of every file. */
START_TEST(speccov_when_asked_over_every_file) {
    static const char *const names[2] = {"a.test", "b.test"};
    static const char *const texts[2] = {JOBS "statement ok\nPAUSE JOB 1\n",
                                         JOBS "statement ok\nPAUSE JOB 1\n\n"
                                              "statement error does not exist\nCANCEL JOB 9\n"};
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_speccov c;
    jt_error err;
    tmp t;
    tmp_init(&t);
    r = run_cases(&t, names, texts, 2);
    jt_speccov_init(&c, &jt_runner_result(r)->coverage, NULL);
    jt_runner_free(r);
    ck_assert_uint_eq(c.statements, 3);
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, ADMIN), 2);
    ck_assert_uint_eq(c.hits[JT_COVER_MISSING][JT_OP_CANCEL][0][JT_PRIV_ADMIN], 1);
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_file(r, tmp_write(&t, "c.test", texts[1]), &err), 0);
    ck_assert_uint_eq(jt_runner_result(r)->passed, 2);
    ck_assert_uint_eq(jt_runner_result(r)->coverage.statements, 0);
    jt_runner_free(r);
    rm_tree(t.dir);
}
END_TEST

START_TEST(speccov_unknown_profile) {
    jt_speccov c;
    jt_run_result run;
    memset(&run, 0, sizeof run);
    jt_speccov_init(&c, &run.coverage, "v99");
    ck_assert_ptr_null(c.profile);
    ck_assert_int_eq(jt_speccov_is_cell(&c, 0, 0), 0);
    ck_assert_str_eq(jt_speccov_op_name(JT_OP_CANCEL), "CANCEL");
    ck_assert_str_eq(jt_speccov_priv_name(JT_PRIV_OTHER), "non-admin");
}
END_TEST

/* ---- writers ------------------------------------------------------------------------- */

static const char *const fail_names[2] = {"a.test", "b.test"};
static const char *const fail_texts[2] = {
    "covers PJ-TYPES PJ-STATES\n" JOBS "subtest pause_import\n"
    "statement ok count 1\nPAUSE JOB 1\n\n"
    "query IT\nSELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 1\n----\n1 running\n\n"
    "subtest end\n"
    "skipif model\nstatement ok\nPAUSE JOB 2\n\n"
    "covers PJ-MADE-UP\n"
    "statement error <&\"quoted\"> \\#\nPAUSE JOB 3\n",
    "covers PJ-PRIV\nuser testuser\n\nstatement error pgcode 42501 admin role\nPAUSE JOB 1\n"};

typedef struct fixture_run {
    tmp t;
    jt_runner *r;
    jt_report_meta meta;
    jt_report_data data;
    jt_expect *x;
} fixture_run;

static void fixture_init(fixture_run *fx, const char *expect) {
    jt_error err;
    tmp_init(&fx->t);
    fx->x = NULL;
    if (expect)
        ck_assert_int_eq(jt_expect_parse(&fx->x, "dev.txt", expect, strlen(expect), &err), 0);
    fx->r = run_judged(&fx->t, fail_names, fail_texts, 2, fx->x);
    meta_init(&fx->meta);
    ck_assert_int_eq(jt_report_data_init(&fx->data, jt_runner_result(fx->r), &fx->meta, &err), 0);
}

static void fixture_dispose(fixture_run *fx) {
    jt_report_data_dispose(&fx->data);
    jt_runner_free(fx->r);
    jt_expect_free(fx->x);
    rm_tree(fx->t.dir);
}

START_TEST(junit_content) {
    fixture_run fx;
    char *x;
    fixture_init(&fx, NULL);
    x = write_mem(jt_report_write_junit, &fx.data);
    ck_contains(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"jobtck run\" "
                   "tests=\"5\" failures=\"2\" errors=\"0\">\n");
    ck_contains(x, "tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"1\">");
    ck_contains(x, "<property name=\"jobtck.driver\" value=\"model\"/>");
    ck_contains(x, "<property name=\"jobtck.profile\" value=\"v2.1\"/>");
    ck_contains(x, "<property name=\"jobtck.version\" value=\"" JT_VERSION "\"/>");
    ck_contains(x, "name=\"pause_import: line 13: query\">\n      <failure message=\"");
    ck_lacks(x, " file=\"");
    ck_lacks(x, " line=\"");
    ck_contains(x, "/a.test:20</system-out>"); /* a skipped record's location */
    ck_contains(x, "/a.test:13: query: results differ\" type=\"query\">");
    ck_contains(x, "    -1 running\n    +1 paused</failure>");
    ck_contains(x, "<skipped message=\"skipif model\"/>");
    /* Attribute values escape markup and quotes. */
    ck_contains(x, "&lt;&amp;&quot;quoted&quot;&gt;");
    ck_contains(x, "<testsuite name=\"jobtck.spec-coverage\" tests=\"0\"");
    ck_contains(x, "spec coverage (profile v2.1): ");
    ck_lacks(x, "time=");
    free(x);
    fixture_dispose(&fx);
}
END_TEST

START_TEST(tap_content) {
    fixture_run fx;
    char *x;
    fixture_init(&fx, "a.test:13 SHOW JOBS lags here\n");
    x = write_mem(jt_report_write_tap, &fx.data);
    ck_assert_msg(strncmp(x,
                          "TAP version 13\n1..5\n# jobtck " JT_VERSION
                          " run: driver model, profile v2.1, known deviations from dev.txt\n",
                          strlen("TAP version 13\n1..5\n")) == 0,
                  "%s", x);
    ck_contains(x, "/a.test:10: pause_import: statement ok\n");
    ck_contains(x, "/a.test:13: pause_import: query # TODO known deviation: SHOW JOBS lags "
                   "here\n  ---\n  severity: todo\n");
    ck_contains(x, "/a.test:20: statement ok # SKIP skipif model\n");
    ck_contains(x, "\nnot ok 4 - ");
    ck_contains(x, "  message: \"");
    ck_contains(x, "/a.test:13: query: results differ\\n    -1 running\\n    +1 paused\"\n  ...\n");
    ck_contains(x, "# requirement PJ-MADE-UP (not in docs/spec.md): 1 records");
    ck_contains(x, "# spec coverage (profile v2.1): ");
    free(x);
    fixture_dispose(&fx);
}
END_TEST

START_TEST(json_content) {
    fixture_run fx;
    char *x;
    fixture_init(&fx, "b.test:4 unexpected\nnone.test stale\n");
    x = write_mem(jt_report_write_json, &fx.data);
    ck_contains(x, "{\n  \"format\": \"jobtck-report\",\n  \"format_version\": 1,\n");
    ck_contains(x, "  \"seed\": null,\n");
    ck_contains(x, "  \"exit_status\": 1,\n");
    ck_contains(x, "\"passed\": 1,\n    \"failed\": 2,\n    \"skipped\": 1,\n"
                   "    \"known_deviations\": 0,\n    \"unexpected_passes\": 1,\n");
    ck_contains(x, "\"verdict\": \"xpass\",");
    ck_contains(x, "\"deviation\": {\"selector\": \"b.test:4\", \"reason\": \"unexpected\", "
                   "\"line\": 1}");
    ck_contains(x, "\"sql\": \"SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 1\",");
    ck_contains(x, "expected an error matching \\\"<&\\\"quoted\\\"> \\\\#\\\", got error XX000");
    ck_contains(x, "\"id\": \"PJ-MADE-UP\",\n      \"text\": null,\n      \"in_spec\": false,");
    ck_contains(x, "{\"status\": \"running\", \"statement\": \"PAUSE\", \"job_type\": \"IMPORT\", "
                   "\"privilege\": \"admin\", \"hits\": 1}");
    ck_contains(x, "{\"status\": null, \"statement\": \"CANCEL\", \"job_type\": null, "
                   "\"privilege\": \"non-admin\", \"hits\": 0}");
    ck_contains(x, "\"selector\": \"none.test\",\n      \"reason\": \"stale\",\n      \"line\": "
                   "2,\n      \"records\": 0,");
    free(x);
    fixture_dispose(&fx);
}
END_TEST

START_TEST(html_content) {
    fixture_run fx;
    char *x;
    size_t i;
    fixture_init(&fx, "a.test:13 reviewed\n");
    fx.meta.has_seed = 1;
    fx.meta.seed = 18446744073709551615ULL;
    x = write_mem(jt_report_write_html, &fx.data);
    ck_assert_msg(strncmp(x, "<!DOCTYPE html>\n", 16) == 0, "%s", x);
    ck_contains(x, "<table class=\"matrix\">");
    ck_contains(x, "<th>model / v2.1</th>");
    for (i = 0; i < jt_requirements_count; i++) {
        char cell[64];
        snprintf(cell, sizeof cell, "<tr><th><code>%s</code></th>", jt_requirements[i].id);
        ck_contains(x, cell);
    }
    ck_contains(x, "<code>PJ-MADE-UP</code></th><td><span class=\"muted\">not in docs/spec.md");
    ck_contains(x, "<td class=\"xfail\"><b>&#10004;</b> 3 records in 1 case: 1 passed, 1 skipped, "
                   "1 known deviations");
    ck_contains(x, "<tr><th>seed</th><td><code>18446744073709551615</code>");
    ck_contains(x, "<tr><th>kit version</th><td><code>" JT_VERSION "</code>");
    ck_contains(x, "<span class=\"del\">    -1 running</span><span class=\"add\">    +1 "
                   "paused</span>");
    ck_contains(x, "id=\"spec-coverage\"");
    ck_contains(x, "<td class=\"cell miss\">&middot;</td>");
    ck_contains(x, "<span class=\"verdict fail\">FAILED</span>");
    /* Self-contained: no script, no external asset. */
    ck_lacks(x, "<script");
    ck_lacks(x, "http://");
    ck_lacks(x, "https://");
    ck_lacks(x, "<link");
    free(x);
    fixture_dispose(&fx);
}
END_TEST

START_TEST(reports_are_deterministic) {
    int (*const writers[4])(FILE *, const jt_report_data *) = {
        jt_report_write_junit, jt_report_write_tap, jt_report_write_json, jt_report_write_html};
    fixture_run a, b;
    size_t k;
    fixture_init(&a, "a.test:13 x\n");
    fixture_init(&b, "a.test:13 x\n");
    for (k = 0; k < 4; k++) {
        char *x = write_mem(writers[k], &a.data), *y = write_mem(writers[k], &b.data);
        const char *na = strrchr(a.t.dir, '/') + 1, *nb = strrchr(b.t.dir, '/') + 1;
        char *px = strstr(x, na), *py = strstr(y, nb);
        /* The temporary folders differ; blank their names out. */
        while (px) {
            memset(px, '_', strlen(na));
            px = strstr(px, na);
        }
        while (py) {
            memset(py, '_', strlen(nb));
            py = strstr(py, nb);
        }
        ck_assert_str_eq(x, y);
        free(x);
        free(y);
    }
    fixture_dispose(&a);
    fixture_dispose(&b);
}
END_TEST

START_TEST(text_is_escaped) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    jt_report_xmls(f, "a<b>&\"'\x01\xff\xc3\xa9\n");
    fputc('|', f);
    jt_report_xml_attr(f, "x\ny\tz", 5);
    fputc('|', f);
    jt_report_json_str(f, "q\"\\\n\x02\xe2\x82\xac\xed\xa0\x80");
    fputc('|', f);
    jt_report_json_str(f, NULL);
    fputc('|', f);
    jt_report_plain(f, "a\x1b[31mb\tc", 9);
    fclose(f);
    ck_assert_str_eq(buf, "a&lt;b&gt;&amp;&quot;&#39;\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9\n"
                          "|x&#10;y&#9;z"
                          "|\"q\\\"\\\\\\n\\u0002\xe2\x82\xac\\ufffd\\ufffd\\ufffd\""
                          "|null"
                          "|a\xef\xbf\xbd[31mb\tc");
    free(buf);
    /* a four-byte character stays; a cut one and an overlong one are U+FFFD each byte */
    f = open_memstream(&buf, &len);
    jt_report_plain(f, "\xf0\x9f\x98\x80|\xf0\x9f\x98|\xc0\x80", 11);
    fclose(f);
    ck_assert_str_eq(buf, "\xf0\x9f\x98\x80|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
                          "\xef\xbf\xbd\xef\xbf\xbd");
    free(buf);
}
END_TEST

/* ---- atomic writes ------------------------------------------------------------------- */

START_TEST(write_all_and_folders) {
    fixture_run fx;
    jt_report_spec spec;
    jt_error err;
    char path[512], *x;
    FILE *errout = tmpfile();
    fixture_init(&fx, NULL);
    jt_report_spec_init(&spec);
    snprintf(path, sizeof path, "junit=%s/out/deep/j.xml,tap=%s/t.tap,json=%s/r.json,html=%s/h",
             fx.t.dir, fx.t.dir, fx.t.dir, fx.t.dir);
    ck_assert_int_eq(jt_report_spec_add(&spec, path, &err), 0);
    ck_assert_int_eq(jt_report_write_all(errout, &spec, &fx.data), 0);
    ck_assert_str_eq(listing(fx.t.dir), "a.test b.test h out r.json t.tap");
    snprintf(path, sizeof path, "%s/out/deep", fx.t.dir);
    ck_assert_str_eq(listing(path), "j.xml");
    snprintf(path, sizeof path, "%s/h", fx.t.dir);
    ck_assert_str_eq(listing(path), "index.html");
    snprintf(path, sizeof path, "%s/h/index.html", fx.t.dir);
    x = slurp(path);
    ck_contains(x, "</html>\n");
    free(x);
    ck_assert_int_eq((int)ftell(errout), 0);
    fclose(errout);
    jt_report_spec_dispose(&spec);
    fixture_dispose(&fx);
}
END_TEST

/* /dev/full: one line, the other reports still written, nothing half-written. */
START_TEST(full_device) {
    fixture_run fx;
    jt_report_spec spec;
    jt_error err;
    char arg[512], line[512];
    FILE *errout = tmpfile();
    fixture_init(&fx, NULL);
    jt_report_spec_init(&spec);
    snprintf(arg, sizeof arg, "junit=/dev/full,tap=%s/t.tap", fx.t.dir);
    ck_assert_int_eq(jt_report_spec_add(&spec, arg, &err), 0);
    ck_assert_int_eq(jt_report_write_all(errout, &spec, &fx.data), JT_EIO);
    rewind(errout);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, errout));
    ck_assert_str_eq(
        line, "jobtck run: cannot write the junit report /dev/full: No space left on device\n");
    ck_assert_ptr_null(fgets(line, sizeof line, errout));
    ck_assert_str_eq(listing(fx.t.dir), "a.test b.test t.tap");
    fclose(errout);
    jt_report_spec_dispose(&spec);
    fixture_dispose(&fx);
}
END_TEST

/* A full disk for regular files: RLIMIT_FSIZE (this test runs in a child of its own). The
   temporary file is removed, and the previous report stays as it was. */
START_TEST(full_disk_keeps_the_old_file) {
    fixture_run fx;
    jt_report_spec spec;
    jt_error err;
    struct rlimit rl;
    char arg[512], line[512], *old;
    FILE *errout = tmpfile();
    fixture_init(&fx, NULL);
    tmp_write(&fx.t, "r.json", "previous report\n");
    jt_report_spec_init(&spec);
    snprintf(arg, sizeof arg, "json=%s/r.json,junit=%s/j.xml", fx.t.dir, fx.t.dir);
    ck_assert_int_eq(jt_report_spec_add(&spec, arg, &err), 0);
    signal(SIGXFSZ, SIG_IGN);
    rl.rlim_cur = rl.rlim_max = 2000;
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    ck_assert_int_eq(jt_report_write_all(errout, &spec, &fx.data), JT_EIO);
    rewind(errout);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, errout));
    ck_assert_msg(strstr(line, "jobtck run: cannot write the junit report ") == line &&
                      strstr(line, "/j.xml: File too large\n") != NULL,
                  "%s", line);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, errout));
    ck_assert_msg(strstr(line, "/r.json: File too large\n") != NULL, "%s", line);
    ck_assert_str_eq(listing(fx.t.dir), "a.test b.test r.json");
    snprintf(arg, sizeof arg, "%s/r.json", fx.t.dir);
    old = slurp(arg);
    ck_assert_str_eq(old, "previous report\n");
    free(old);
    fclose(errout);
    jt_report_spec_dispose(&spec);
    fixture_dispose(&fx);
}
END_TEST

START_TEST(unwritable_paths) {
    fixture_run fx;
    jt_report_spec spec;
    jt_error err;
    char arg[1024], out[1024];
    FILE *errout = tmpfile();
    size_t n;
    fixture_init(&fx, NULL);
    jt_report_spec_init(&spec);
    /* a.test is a file: nothing can be made under it. */
    snprintf(arg, sizeof arg, "junit=%s/a.test/j.xml,html=%s/a.test/h,tap=%s,json=%s/ok.json",
             fx.t.dir, fx.t.dir, fx.t.dir, fx.t.dir);
    ck_assert_int_eq(jt_report_spec_add(&spec, arg, &err), 0);
    ck_assert_int_eq(jt_report_write_all(errout, &spec, &fx.data), JT_EIO);
    rewind(errout);
    n = fread(out, 1, sizeof out - 1, errout);
    out[n] = '\0';
    snprintf(arg, sizeof arg,
             "jobtck run: cannot write the junit report %s/a.test: Not a directory\n"
             "jobtck run: cannot write the tap report %s: Is a directory\n"
             "jobtck run: cannot write the html report %s/a.test: Not a directory\n",
             fx.t.dir, fx.t.dir, fx.t.dir);
    ck_assert_str_eq(out, arg);
    ck_assert_str_eq(listing(fx.t.dir), "a.test b.test ok.json");
    fclose(errout);
    jt_report_spec_dispose(&spec);
    fixture_dispose(&fx);
}
END_TEST

/* A report is made as a normal file: 0666 less the umask (mkstemp alone gives 0600). */
START_TEST(reports_are_made_as_normal_files) {
    static const mode_t masks[3] = {022, 002, 077};
    static const mode_t modes[3] = {0644, 0664, 0600};
    tmp t;
    char path[600];
    jt_atomic_file af;
    jt_error err;
    struct stat sb;
    size_t i;
    tmp_init(&t);
    snprintf(path, sizeof path, "%s/r.json", t.dir);
    for (i = 0; i < 3; i++) {
        mode_t old = umask(masks[i]);
        ck_assert_int_eq(jt_atomic_open(&af, path, &err), 0);
        fputs("{}\n", af.fp);
        ck_assert_int_eq(jt_atomic_commit(&af, &err), 0);
        umask(old);
        ck_assert_int_eq(stat(path, &sb), 0);
        ck_assert_uint_eq(sb.st_mode & 07777, modes[i]);
        unlink(path);
    }
    rm_tree(t.dir);
}
END_TEST

START_TEST(atomic_abort_and_devices) {
    tmp t;
    jt_atomic_file af;
    jt_error err;
    char path[256], got[8];
    int rfd;
    tmp_init(&t);
    snprintf(path, sizeof path, "%s/x.txt", t.dir);
    ck_assert_int_eq(jt_atomic_open(&af, path, &err), 0);
    fputs("half", af.fp);
    ck_assert_str_eq(listing(t.dir), strrchr(af.tmp, '/') + 1);
    jt_atomic_abort(&af);
    ck_assert_str_eq(listing(t.dir), "");
    /* A path that is not a regular file (a FIFO with its reader open) is written in place:
       no temporary beside it, nothing renamed over it. Not /dev/null, which some sandboxes
       make a regular file. */
    snprintf(path, sizeof path, "%s/fifo", t.dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    rfd = open(path, O_RDONLY | O_NONBLOCK);
    ck_assert_int_ge(rfd, 0);
    ck_assert_int_eq(jt_atomic_open(&af, path, &err), 0);
    ck_assert_ptr_null(af.tmp);
    fputs("gone", af.fp);
    ck_assert_int_eq(jt_atomic_commit(&af, &err), 0);
    ck_assert_int_eq((int)read(rfd, got, sizeof got), 4);
    ck_assert_int_eq(memcmp(got, "gone", 4), 0);
    close(rfd);
    ck_assert_str_eq(listing(t.dir), "fifo");
    unlink(path);
    ck_assert_int_eq(jt_report_mkdirs("", &err), JT_EIO);
    rm_tree(t.dir);
}
END_TEST

/* ---- the summary and the CLI --------------------------------------------------------- */

START_TEST(summary_lists_deviations) {
    fixture_run fx;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    fixture_init(&fx, "a.test:13 SHOW JOBS lags\nb.test:4 gone\nnone.test stale\n");
    f = open_memstream(&buf, &len);
    jt_report_print_summary(f, &fx.data, 0);
    fclose(f);
    ck_contains(buf, "/a.test:24: statement error: ");
    ck_contains(buf, "\nknown deviations (dev.txt):\n");
    ck_contains(buf, "/a.test:13: known deviation: SHOW JOBS lags\n");
    ck_contains(buf, "/b.test:4: unexpectedly passed: listed at dev.txt:2 (gone); remove it "
                     "from the list\n");
    ck_contains(buf, "\ndev.txt:3: warning: 'none.test' lists no record of this run\n");
    ck_contains(buf, "\n1 passed, 1 failed, 1 skipped, 1 known deviation, 1 unexpectedly "
                     "passed\n");
    ck_lacks(buf, "\033[");
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    jt_report_print_summary(f, &fx.data, JT_SUMMARY_COLOUR);
    fclose(f);
    ck_contains(buf, "\033[31m\033[1m1 failed\033[0m");
    free(buf);
    fixture_dispose(&fx);
}
END_TEST

/* The line of a file counts as the totals line does, from the verdicts judged as the file
   ended: a known deviation is not a failure. */
START_TEST(file_line_agrees_with_the_summary) {
    fixture_run fx;
    char *buf = NULL, want[600];
    size_t len = 0;
    FILE *f;
    const jt_run_result *run;
    fixture_init(&fx, "a.test:13 SHOW JOBS lags\nb.test:4 gone\n");
    run = jt_runner_result(fx.r);
    f = open_memstream(&buf, &len);
    jt_term_file_line(f, &run->files[0], fx.x, 0);
    jt_term_file_line(f, &run->files[1], fx.x, 0);
    fclose(f);
    snprintf(want, sizeof want,
             "%s: 1 passed, 1 failed, 1 skipped, 1 known deviation, 0 unexpectedly passed\n"
             "%s: 0 passed, 0 failed, 0 skipped, 0 known deviations, 1 unexpectedly passed\n",
             run->files[0].path, run->files[1].path);
    ck_assert_str_eq(buf, want);
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    jt_term_file_line(f, &run->files[0], fx.x, 1);
    fclose(f);
    ck_contains(buf,
                ": \033[32m1 passed\033[0m, \033[31m1 failed\033[0m, \033[33m1 skipped\033[0m, "
                "\033[33m1 known deviation\033[0m, 0 unexpectedly passed\n");
    free(buf);
    fixture_dispose(&fx);
}
END_TEST

static int cli(char **out_text, char **err_text, int argc, const char **argv) {
    size_t n1 = 0, n2 = 0;
    FILE *out = open_memstream(out_text, &n1), *errout = open_memstream(err_text, &n2);
    int status = jt_cli_run(argc, (char **)argv, out, errout);
    fclose(out);
    fclose(errout);
    return status;
}

START_TEST(cli_reports_expect_quiet) {
    tmp t;
    char *out, *err, rep[600], exp[300];
    const char *argv[10];
    int status;
    tmp_init(&t);
    tmp_write(&t, "a.test", fail_texts[0]);
    tmp_write(&t, "dev.txt", "a.test:13 lags\na.test:24 differs\n");
    ck_assert_int_eq(chdir(t.dir), 0);
    snprintf(rep, sizeof rep, "junit=%s/r/j.xml,json=%s/r/r.json", t.dir, t.dir);
    snprintf(exp, sizeof exp, "%s/dev.txt", t.dir);
    argv[0] = "run";
    argv[1] = "--quiet";
    argv[2] = "a.test";
    status = cli(&out, &err, 3, argv);
    ck_assert_int_eq(status, 1);
    ck_assert_msg(strncmp(out, "\na.test:13: query: results differ\n", 34) == 0, "%s", out);
    ck_lacks(out, "a.test: 1 passed");
    free(out);
    free(err);
    argv[1] = "--report";
    argv[2] = rep;
    argv[3] = "--expect";
    argv[4] = exp;
    argv[5] = "-q";
    argv[6] = "a.test";
    status = cli(&out, &err, 7, argv);
    ck_assert_msg(status == 0, "%s%s", out, err);
    ck_assert_str_eq(err, "");
    ck_contains(out, "1 passed, 0 failed, 1 skipped, 2 known deviations, 0 unexpectedly passed\n");
    free(out);
    free(err);
    ck_assert_str_eq(listing("r"), "j.xml r.json");
    /* A report that cannot be written: exit 2, the summary is still there. */
    snprintf(rep, sizeof rep, "junit=/dev/full");
    argv[2] = rep;
    status = cli(&out, &err, 7, argv);
    ck_assert_int_eq(status, 2);
    ck_assert_str_eq(
        err, "jobtck run: cannot write the junit report /dev/full: No space left on device\n");
    ck_contains(out, "2 known deviations");
    free(out);
    free(err);
    /* Bad values. */
    argv[2] = "xml=x";
    status = cli(&out, &err, 3, argv);
    ck_assert_int_eq(status, 2);
    ck_assert_msg(strncmp(err, "jobtck run: --report: unknown kind 'xml'", 40) == 0, "%s", err);
    free(out);
    free(err);
    argv[1] = "--expect";
    argv[2] = "missing.txt";
    argv[3] = "a.test";
    status = cli(&out, &err, 4, argv);
    ck_assert_int_eq(status, 2);
    ck_assert_str_eq(err, "missing.txt: cannot open: No such file or directory\n");
    free(out);
    free(err);
    argv[1] = "--help";
    status = cli(&out, &err, 2, argv);
    ck_assert_int_eq(status, 0);
    ck_contains(out, "\nExample:\n  jobtck run ");
    free(out);
    free(err);
    ck_assert_int_eq(chdir("/"), 0);
    rm_tree(t.dir);
}
END_TEST

/* Every writer reads the verdict judged once, as the file ended: here a record the list does
   not name, judged a known deviation all the same, is one in every report. */
START_TEST(writers_read_the_judged_verdict) {
    static const char list[] = "other.test:9 the reason\n";
    typedef int (*writer)(FILE *, const jt_report_data *);
    static const writer writers[] = {jt_report_write_junit, jt_report_write_tap,
                                     jt_report_write_json, jt_report_write_html};
    static const char *const marks[] = {"known deviation (dev.txt:1): the reason",
                                        "# TODO known deviation: the reason",
                                        "\"verdict\": \"xfail\"", "A known deviation: the reason"};
    jt_report_meta meta;
    jt_report_data d;
    jt_run_result run;
    jt_file_result fr;
    jt_record_result rr;
    jt_expect *x = NULL;
    jt_error err;
    char *text = NULL;
    size_t len = 0, i;
    FILE *f;
    ck_assert_int_eq(jt_expect_parse(&x, "dev.txt", list, strlen(list), &err), 0);
    memset(&run, 0, sizeof run);
    memset(&fr, 0, sizeof fr);
    memset(&rr, 0, sizeof rr);
    rr.file = fr.path = "a.test";
    rr.line = 3;
    rr.kind = "query";
    rr.outcome = JT_OUTCOME_FAIL;
    rr.message = "a.test:3: query: results differ";
    rr.verdict = JT_VERDICT_XFAIL;
    rr.deviation = &x->entries[0];
    fr.records = &rr;
    fr.nrecords = fr.failed = 1;
    fr.verdicts[JT_VERDICT_XFAIL] = 1;
    run.files = &fr;
    run.nfiles = run.failed = 1;
    run.expect = x;
    meta_init(&meta);
    ck_assert_int_eq(jt_report_data_init(&d, &run, &meta, &err), 0);
    ck_assert_uint_eq(d.tally.xfailed, 1);
    ck_assert_uint_eq(d.tally.failed, 0);
    ck_assert_int_eq(jt_expect_exit_status(&d.tally), 0);
    for (i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        char *w = write_mem(writers[i], &d);
        ck_contains(w, marks[i]);
        free(w);
    }
    f = open_memstream(&text, &len);
    jt_report_print_summary(f, &d, 0);
    jt_term_file_line(f, &fr, x, 0);
    fclose(f);
    ck_contains(text, "  a.test:3: known deviation: the reason\n");
    ck_contains(text, "a.test: 0 passed, 0 failed, 0 skipped, 1 known deviation, 0 unexpectedly "
                      "passed\n");
    free(text);
    jt_report_data_dispose(&d);
    jt_expect_free(x);
}
END_TEST

/* The matrix counts each id however its string is held: 120 ids not in docs/spec.md (more
   than the lookup table first holds), each record's a copy of its own, with the v2.1 ids
   among them; every id once, its records and files counted, the new ones sorted after. */
START_TEST(requirements_counted_by_id) {
    enum { IDS = 120, RECS = 3 * IDS };
    static char ids[RECS][2][16];
    static char *covers[RECS][2];
    static jt_record_result rr[RECS];
    jt_file_result fr[2];
    jt_run_result run;
    jt_report_meta meta;
    jt_report_data d;
    jt_error err;
    size_t i, k;
    memset(fr, 0, sizeof fr);
    memset(&run, 0, sizeof run);
    for (i = 0; i < RECS; i++) {
        memset(&rr[i], 0, sizeof rr[i]);
        snprintf(ids[i][0], sizeof ids[i][0], "PX-%03zu", (IDS - 1) - i % IDS); /* descending */
        snprintf(ids[i][1], sizeof ids[i][1], "%s", jt_requirements[i % jt_requirements_count].id);
        covers[i][0] = ids[i][0];
        covers[i][1] = ids[i][1];
        rr[i].covers = covers[i];
        rr[i].ncovers = 2;
        rr[i].outcome = JT_OUTCOME_PASS;
        rr[i].verdict = JT_VERDICT_PASS;
    }
    fr[0].path = "a.test";
    fr[0].records = rr;
    fr[0].nrecords = IDS; /* each id once in a.test, twice in b.test */
    fr[1].path = "b.test";
    fr[1].records = rr + IDS;
    fr[1].nrecords = RECS - IDS;
    run.files = fr;
    run.nfiles = 2;
    meta_init(&meta);
    ck_assert_int_eq(jt_report_data_init(&d, &run, &meta, &err), 0);
    ck_assert_uint_eq(d.nreqs, jt_requirements_count + IDS);
    for (k = 0; k < jt_requirements_count; k++) {
        size_t want = 0;
        for (i = 0; i < RECS; i++)
            want += i % jt_requirements_count == k;
        ck_assert_str_eq(d.reqs[k].id, jt_requirements[k].id);
        ck_assert_uint_eq(d.reqs[k].records, want);
    }
    for (k = 0; k < IDS; k++) {
        const jt_report_req *q = &d.reqs[jt_requirements_count + k];
        char want[16];
        snprintf(want, sizeof want, "PX-%03zu", k);
        ck_assert_str_eq(q->id, want);
        ck_assert_ptr_null(q->text);
        ck_assert_uint_eq(q->records, 3);
        ck_assert_uint_eq(q->verdicts[JT_VERDICT_PASS], 3);
        ck_assert_uint_eq(q->nfiles, 2);
    }
    jt_report_data_dispose(&d);
}
END_TEST

/* Records that share their covers array (a file's records after one `covers` line) count
   under its ids as records with arrays of their own do, and so does an array seen again. */
START_TEST(requirements_of_shared_covers) {
    static char a0[] = "PX-A", a1[] = "PX-B", b0[] = "PX-B";
    static char *shared[2] = {a0, a1}, *other[1] = {b0};
    jt_record_result rr[5];
    jt_file_result fr;
    jt_run_result run;
    jt_report_meta meta;
    jt_report_data d;
    jt_error err;
    size_t i;
    memset(&fr, 0, sizeof fr);
    memset(&run, 0, sizeof run);
    memset(rr, 0, sizeof rr);
    for (i = 0; i < 5; i++) {
        rr[i].covers = i == 3 ? other : shared; /* shared, shared, shared, other, shared */
        rr[i].ncovers = i == 3 ? 1 : 2;
        rr[i].verdict = i == 1 ? JT_VERDICT_FAIL : JT_VERDICT_PASS;
    }
    fr.path = "a.test";
    fr.records = rr;
    fr.nrecords = 5;
    run.files = &fr;
    run.nfiles = 1;
    meta_init(&meta);
    ck_assert_int_eq(jt_report_data_init(&d, &run, &meta, &err), 0);
    ck_assert_uint_eq(d.nreqs, jt_requirements_count + 2);
    ck_assert_str_eq(d.reqs[jt_requirements_count].id, "PX-A");
    ck_assert_uint_eq(d.reqs[jt_requirements_count].records, 4);
    ck_assert_uint_eq(d.reqs[jt_requirements_count].verdicts[JT_VERDICT_FAIL], 1);
    ck_assert_str_eq(d.reqs[jt_requirements_count + 1].id, "PX-B");
    ck_assert_uint_eq(d.reqs[jt_requirements_count + 1].records, 5);
    ck_assert_uint_eq(d.reqs[jt_requirements_count + 1].verdicts[JT_VERDICT_PASS], 4);
    ck_assert_uint_eq(d.reqs[jt_requirements_count + 1].nfiles, 1);
    jt_report_data_dispose(&d);
}
END_TEST

/* Where the spec coverage is missing, the reports say the true reason: not computed for the
   run, or a profile the kit does not have. */
START_TEST(speccov_missing_says_why) {
    jt_report_meta meta;
    jt_report_data d;
    jt_run_result run;
    jt_error err;
    char *x;
    memset(&run, 0, sizeof run);
    meta_init(&meta);
    meta.no_coverage = 1;
    ck_assert_int_eq(jt_report_data_init(&d, &run, &meta, &err), 0);
    x = write_mem(jt_report_write_tap, &d);
    ck_contains(x, "# spec coverage: not computed for this run\n");
    ck_lacks(x, "profile 'v2.1'");
    free(x);
    x = write_mem(jt_report_write_html, &d);
    ck_contains(x, "<p>Not computed for this run.</p>");
    ck_lacks(x, "no profile named");
    free(x);
    jt_report_data_dispose(&d);
    meta.no_coverage = 0;
    meta.profile = "v99";
    ck_assert_int_eq(jt_report_data_init(&d, &run, &meta, &err), 0);
    x = write_mem(jt_report_write_tap, &d);
    ck_contains(x, "# spec coverage: not available (the kit has no profile 'v99')\n");
    free(x);
    jt_report_data_dispose(&d);
}
END_TEST

static int cli_doc(char **out_text, char **err_text, int argc, const char **argv) {
    size_t n1 = 0, n2 = 0;
    FILE *out = open_memstream(out_text, &n1), *errout = open_memstream(err_text, &n2);
    int status = jt_cli_doc(argc, (char **)argv, out, errout);
    fclose(out);
    fclose(errout);
    return status;
}

/* A doc run's reports name the profile its pages were checked against: the one of every page
   (v25.3 for a page of v26.2), or each page's own when they differ. */
static void doc_tap_header(tmp *t, const char *pages[], int npages, const char *want) {
    char *out, *err, *x, rep[600], dir[300];
    const char *argv[8];
    int i, status;
    snprintf(rep, sizeof rep, "tap=%s/p.tap", t->dir);
    snprintf(dir, sizeof dir, "%s/out", t->dir);
    argv[0] = "doc";
    argv[1] = "--out";
    argv[2] = dir;
    argv[3] = "--report";
    argv[4] = rep;
    for (i = 0; i < npages; i++)
        argv[5 + i] = pages[i];
    status = cli_doc(&out, &err, 5 + npages, argv);
    ck_assert_msg(status == 0, "%s%s", out, err);
    free(out);
    free(err);
    snprintf(dir, sizeof dir, "%s/p.tap", t->dir);
    x = slurp(dir);
    ck_contains(x, want);
    free(x);
}

START_TEST(doc_reports_name_the_pages_profiles) {
    tmp t;
    char release[300], a[512], b[512];
    const char *pages[2];
    tmp_init(&t);
    snprintf(release, sizeof release, "%s/v26.2", t.dir);
    ck_assert_int_eq(mkdir(release, 0700), 0);
    snprintf(a, sizeof a, "%s", tmp_write(&t, "v26.2/show-jobs.md", "# Jobs\n\nText.\n"));
    snprintf(b, sizeof b, "%s", tmp_write(&t, "page.md", "# Jobs\n\nText.\n"));
    pages[0] = a;
    doc_tap_header(&t, pages, 1, "# jobtck " JT_VERSION " doc: driver model, profile v25.3\n");
    pages[1] = b;
    doc_tap_header(&t, pages, 2, "profile each page's own: v25.3, " JT_PROFILE_DEFAULT "\n");
    rm_tree(t.dir);
}
END_TEST

/* A doc run's reports have the spec-coverage table of the page's control statements, and its
   records are statements and claims. */
START_TEST(doc_reports_have_spec_coverage) {
    tmp t;
    char *out, *err, *x, rep[600], dir[300], page[512];
    const char *argv[7];
    int status;
    tmp_init(&t);
    snprintf(
        page, sizeof page, "%s",
        tmp_write(&t, "page.md",
                  "# Jobs\n\n~~~ sql\n> PAUSE JOB 5;\n~~~\n\n~~~ sql\n> RESUME JOB 5;\n~~~\n\n"
                  "~~~ sql\n> CANCEL JOB 6;\n~~~\n\n~~~\npq: job with ID 6 does not exist\n~~~\n\n"
                  "You cannot pause schema changes.\n"));
    snprintf(rep, sizeof rep, "json=%s/r.json,tap=%s/r.tap,html=%s/html,junit=%s/j.xml", t.dir,
             t.dir, t.dir, t.dir);
    snprintf(dir, sizeof dir, "%s/out", t.dir);
    argv[0] = "doc";
    argv[1] = "--out";
    argv[2] = dir;
    argv[3] = "--report";
    argv[4] = rep;
    argv[5] = page;
    status = cli_doc(&out, &err, 6, argv);
    ck_assert_msg(status == 0, "%s%s", out, err);
    free(out);
    free(err);
    snprintf(dir, sizeof dir, "%s/r.json", t.dir);
    x = slurp(dir);
    ck_contains(x, "\"spec_coverage\": {\n");
    ck_contains(x, "\"control_statements\": 3,");
    ck_contains(x, "{\"status\": \"running\", \"statement\": \"PAUSE\", \"job_type\": \"IMPORT\", "
                   "\"privilege\": \"admin\", \"hits\": 1}");
    ck_contains(x, "{\"status\": \"paused\", \"statement\": \"RESUME\", \"job_type\": \"IMPORT\", "
                   "\"privilege\": \"admin\", \"hits\": 1}");
    ck_contains(x, "{\"status\": null, \"statement\": \"CANCEL\", \"job_type\": null, "
                   "\"privilege\": \"admin\", \"hits\": 1}");
    ck_contains(x, "\"kind\": \"statement\",");
    ck_contains(x, "\"kind\": \"claim\",");
    free(x);
    snprintf(dir, sizeof dir, "%s/r.tap", t.dir);
    x = slurp(dir);
    ck_contains(x, "# spec coverage (profile v2.1): 3 of ");
    ck_lacks(x, "not available");
    free(x);
    snprintf(dir, sizeof dir, "%s/html/index.html", t.dir);
    x = slurp(dir);
    ck_contains(x, "exercised by 3 control statements");
    ck_lacks(x, "Not available");
    free(x);
    rm_tree(t.dir);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("reports");
    TCase *tc = tcase_create("option");
    tcase_add_test(tc, report_option);
    tcase_add_test(tc, requirements_match_spec);
    tcase_add_test(tc, profile_requirements_match_the_doc);
    suite_add_tcase(s, tc);
    tc = tcase_create("speccov");
    tcase_add_test(tc, speccov_single_and_bulk);
    tcase_add_test(tc, speccov_duplicates_see_the_new_status);
    tcase_add_test(tc, speccov_privileges_and_schema_change);
    tcase_add_test(tc, speccov_prepare_let_and_skips);
    tcase_add_test(tc, speccov_failed_fixture_stops_the_count);
    tcase_add_test(tc, speccov_when_asked_over_every_file);
    tcase_add_test(tc, speccov_unknown_profile);
    suite_add_tcase(s, tc);
    tc = tcase_create("writers");
    tcase_add_test(tc, junit_content);
    tcase_add_test(tc, tap_content);
    tcase_add_test(tc, json_content);
    tcase_add_test(tc, html_content);
    tcase_add_test(tc, reports_are_deterministic);
    tcase_add_test(tc, text_is_escaped);
    suite_add_tcase(s, tc);
    tc = tcase_create("files");
    tcase_add_test(tc, write_all_and_folders);
    tcase_add_test(tc, full_device);
    tcase_add_test(tc, full_disk_keeps_the_old_file);
    tcase_add_test(tc, unwritable_paths);
    tcase_add_test(tc, atomic_abort_and_devices);
    tcase_add_test(tc, reports_are_made_as_normal_files);
    suite_add_tcase(s, tc);
    tc = tcase_create("cli");
    tcase_add_test(tc, summary_lists_deviations);
    tcase_add_test(tc, file_line_agrees_with_the_summary);
    tcase_add_test(tc, cli_reports_expect_quiet);
    tcase_add_test(tc, speccov_missing_says_why);
    tcase_add_test(tc, writers_read_the_judged_verdict);
    tcase_add_test(tc, requirements_counted_by_id);
    tcase_add_test(tc, requirements_of_shared_covers);
    tcase_add_test(tc, doc_reports_have_spec_coverage);
    tcase_add_test(tc, doc_reports_name_the_pages_profiles);
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
