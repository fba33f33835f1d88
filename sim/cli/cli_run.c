/* jobtck run: case files through a driver, a line per file, the failures, a total. */
#include "sim/cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "reports/report.h"
#include "reports/term.h"
#include "sim/run/expect.h"
#include "sim/drivers/session.h"
#include "sim/run/casecache.h"
#include "sim/run/runner.h"

typedef struct output {
    FILE *out;
    FILE *errout;
    int quiet;               /* --quiet: only failures and the summary */
    int colour;              /* ANSI colours on out */
    const jt_expect *expect; /* known deviations: the file lines count them as the total does */
    jt_progress progress;    /* a bar on a terminal, after a second */
} output;

static void usage_end(FILE *f);

static void usage(FILE *f) {
    fputs("usage: jobtck run [--driver SPEC] [--profile NAME] PATH...\n"
          "                  [--report KIND=PATH[,KIND=PATH...]] [--expect FILE] [--quiet]\n"
          "\n"
          "Runs case files against a driver: a PATH that is a folder runs its *.test files\n"
          "and its subfolders' in name order. Prints a line per file, then each failure,\n"
          "then the total. Without a PATH, runs the bundled suite: PREFIX/share/jobtck/cases\n"
          "for jobtck installed as PREFIX/bin/jobtck, the source tree's cases/ for jobtck in\n"
          "its build tree.\n"
          "\n"
          "  -d, --driver SPEC    the implementation under test: model (the default) or\n"
          "                       model:PROFILE; plugin:PATH.so (a shared object exporting\n"
          "                       jt_driver_entry, see docs/drivers.md); exec:'COMMAND ARGS'\n"
          "                       (an adapter speaking JSON lines, started without a shell);\n"
          "                       pgwire:URL (a PostgreSQL-wire server, docs/pgwire.md)\n"
          "      --driver-option KEY=VALUE\n"
          "                       an option of the driver, repeatable: model takes profile,\n"
          "                       pgwire fixtures and statement_timeout_ms, exec timeout_ms\n"
          "                       (the others go to the adapter), a plugin its own\n"
          "  -p, --profile NAME   the documented behaviour to expect (default " JT_PROFILE_DEFAULT
          ";\n"
          "                       jobtck profiles lists them): the model runs it, skipif/onlyif\n"
          "                       see it, files written for other profiles are skipped;\n"
          "                       NAME,NAME... or all: one run per profile, in one process\n"
          "                       reading each case file once, then the total (no --report)\n"
          "      --retries N      a `query ... retry` on an implementation whose jobs move on\n"
          "                       their own in real time: ask again up to N more times\n"
          "                       (default 30), waiting 10 ms, doubling to 1 s, between\n"
          "      --retry-timeout MS\n"
          "                       ... and wait at most MS milliseconds in all (default 10000)\n"
          "  -r, --report KIND=PATH[,KIND=PATH...]\n"
          "                       write reports (atomically): junit=FILE (JUnit XML),\n"
          "                       tap=FILE (TAP 13), json=FILE (docs/report-json.md),\n"
          "                       html=DIR (DIR/index.html); repeatable\n"
          "  -e, --expect FILE    known deviations: records listed there (FILE:LINE,\n"
          "                       FILE#SUBTEST or FILE, then a reason) may fail; one that\n"
          "                       passes fails the run (remove it from the list)\n"
          "      --fixtures FILE  pgwire: the recipe of SQL templates that makes fixtures\n"
          "                       (cases/recipes/serve.sql for jobtck serve); without one,\n"
          "                       files with fixtures are skipped (fixtures=FILE)\n"
          "      --statement-timeout MS\n"
          "                       pgwire: cancel a statement without a result after MS\n"
          "                       milliseconds, a failure of its record (default 30000;\n"
          "                       statement_timeout_ms=MS)\n"
          "      --timeout SECONDS\n"
          "                       exec: how long the adapter may take for one reply before\n"
          "                       it is killed (default 10; decimals allowed, e.g. 0.5;\n"
          "                       timeout_ms=MS)\n"
          "      --shard K/N      run only shard K of N (1 <= K <= N), for a CI matrix:\n"
          "                       round-robin over the case files in the order they would\n"
          "                       run, so the N runs K = 1 .. N run each file exactly once\n"
          "  -q, --quiet          print only the failures and the summary\n"
          "  -h, --help           print this help\n"
          "\n",
          f);
    usage_end(f);
}

/* usage()'s second part: examples and exit status. */
static void usage_end(FILE *f) {
    fputs("On a terminal: colours (unless NO_COLOR is set) and, for a run that lasts\n"
          "more than a second, a progress bar.\n"
          "\n"
          "Example:\n"
          "  jobtck run --report junit=build/reports/junit.xml,html=build/reports/html \\\n"
          "      --expect my-deviations.txt cases/\n"
          "  jobtck run --driver pgwire:postgresql://root@127.0.0.1:26257/cases \\\n"
          "      --fixtures cases/recipes/serve.sql cases/   (against jobtck serve)\n"
          "  jobtck run --driver plugin:./my_plugin.so --driver-option profile=v20.1 cases/\n"
          "\n"
          "Records skipped because the driver lacks what their files need (pgwire without\n"
          "--fixtures: fixtures) are said once after the total, with their reason.\n"
          "\n"
          "Exit status: 0 when every record passed, was skipped or is a known deviation,\n"
          "and at least one was checked; 1 when a record failed or passed unexpectedly, or\n"
          "when no record was checked (all skipped, or none to run); 2 on malformed input,\n"
          "a missing file, a report that could not be written, a driver that cannot start\n"
          "(a server that cannot be reached), or bad usage.\n",
          f);
}

static void print_file(void *ctx, const jt_file_result *fr) {
    output *o = ctx;
    size_t i;
    jt_progress_clear(&o->progress);
    if (!o->quiet) /* else only failures and the summary */
        jt_term_file_line(o->out, fr, o->expect, o->colour);
    jt_progress_step(&o->progress, fr->path);
    if (!fr->errors)
        return;
    jt_progress_clear(&o->progress);
    fflush(o->out);
    if (fr->error)
        fprintf(o->errout, "%s\n", fr->error);
    for (i = 0; i < fr->nrecords; i++)
        if (fr->records[i].outcome == JT_OUTCOME_ERROR)
            fprintf(o->errout, "%s\n", fr->records[i].message);
    fflush(o->errout);
}

/* Profiles of one run at most (--profile all, or a list). */
#define JT_RUN_MAX_PROFILES 64

/* Long options without a short form (the driver's are cli.h's). */
enum { OPT_SHARD = 1000, OPT_RETRIES, OPT_RETRY_TIMEOUT };

#define DEFAULT_RETRIES 30
#define DEFAULT_RETRY_MS 10000

/* What the command line asks for. */
typedef struct run_args {
    jt_cli_driver driver;
    jt_report_spec reports;
    const char *expect_path;
    unsigned shard_index, shard_count; /* --shard K/N */
    long retries, retry_ms;
    int quiet;
    char **paths; /* the PATHs given, or the bundled suite's folder */
    int npaths;
    char bundled[4096], *bundled_paths[1];
} run_args;

/* --shard K/N: 1 <= K <= N <= 1000000; 0 when it is not that. */
static int parse_shard(unsigned *k_out, unsigned *n_out, const char *text) {
    char *slash, *end;
    unsigned long k, n;
    if (*text < '0' || *text > '9')
        return 0;
    k = strtoul(text, &slash, 10);
    if (*slash != '/' || slash[1] < '0' || slash[1] > '9')
        return 0;
    n = strtoul(slash + 1, &end, 10);
    if (*end || k < 1 || n < 1 || k > n || n > 1000000)
        return 0;
    *k_out = (unsigned)k;
    *n_out = (unsigned)n;
    return 1;
}

/* One option of run's own; -1 when taken, else the exit status (after a message). */
static int run_option(run_args *a, int c, FILE *out, FILE *errout, char *const *argv) {
    jt_error err;
    uint64_t v;
    memset(&err, 0, sizeof err);
    switch (c) {
    case 'r':
        if (jt_report_spec_add(&a->reports, optarg, &err) < 0)
            return jt_cli_bad_usage(errout, "run", usage, "%s", err.message);
        return -1;
    case 'e':
        a->expect_path = optarg;
        return -1;
    case 'q':
        a->quiet = 1;
        return -1;
    case OPT_RETRIES:
    case OPT_RETRY_TIMEOUT:
        if (jt_cli_parse_uint(&v, optarg, 0, 86400000) < 0)
            return jt_cli_bad_usage(errout, "run", usage,
                                    "--%s expects a whole number, 0 to 86400000",
                                    c == OPT_RETRIES ? "retries" : "retry-timeout");
        *(c == OPT_RETRIES ? &a->retries : &a->retry_ms) = (long)v;
        return -1;
    case OPT_SHARD:
        if (!parse_shard(&a->shard_index, &a->shard_count, optarg))
            return jt_cli_bad_usage(errout, "run", usage,
                                    "--shard expects K/N with 1 <= K <= N, such as 2/4");
        return -1;
    case 'h':
        usage(out);
        return 0;
    default:
        return jt_cli_bad_option(errout, "run", usage, c, argv);
    }
}

/* Reads the command line into a; -1 to go on, else the exit status. */
static int parse_args(run_args *a, int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        {"report", required_argument, NULL, 'r'},
        {"expect", required_argument, NULL, 'e'},
        {"quiet", no_argument, NULL, 'q'},
        JT_CLI_DRIVER_OPTION,
        JT_CLI_DRIVER_SHORTHANDS,
        {"shard", required_argument, NULL, OPT_SHARD},
        {"retries", required_argument, NULL, OPT_RETRIES},
        {"retry-timeout", required_argument, NULL, OPT_RETRY_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, st;
    opterr = 0;
    optind = 0; /* getopt starts afresh (glibc, musl) */
    while ((c = getopt_long(argc, argv, ":d:p:r:e:qh", options, NULL)) != -1) {
        st = jt_cli_driver_arg(&a->driver, c, optarg, errout);
        if (st > 0)
            return st;
        if (st < 0 && (st = run_option(a, c, out, errout, argv)) >= 0)
            return st;
    }
    a->paths = argv + optind;
    a->npaths = argc - optind;
    if (optind >= argc) { /* no PATH: the bundled suite */
        if (jt_cli_bundled_cases(a->bundled, sizeof a->bundled, NULL, "run", errout) < 0)
            return 2;
        a->bundled_paths[0] = a->bundled;
        a->paths = a->bundled_paths;
        a->npaths = 1;
    }
    return -1;
}

/* A reason of records skipped because the driver lacks what their files need. */
typedef struct lack {
    char reason[160];
    size_t records, files;
    const char *last_file;
} lack;

#define MAX_LACKS 16

/* The reason of a record skipped because the driver lacks something ("driver x lacks
   fixtures"), without what varies from file to file (the line of a fixture): its length, or
   0 when the record was not skipped so. */
static size_t lack_reason(const jt_record_result *rr) {
    const char *m = rr->message, *line;
    if (rr->outcome != JT_OUTCOME_SKIP || !m || strncmp(m, "driver ", 7) != 0 ||
        !strstr(m, " lacks "))
        return 0;
    line = strstr(m, " (line ");
    return line ? (size_t)(line - m) : strlen(m);
}

/* Counts one record skipped for reason (len bytes) of file into lacks. */
static void count_lack(lack *lacks, size_t *n, const char *reason, size_t len, const char *file) {
    size_t k;
    if (len >= sizeof lacks[0].reason)
        len = sizeof lacks[0].reason - 1;
    for (k = 0; k < *n; k++)
        if (strncmp(lacks[k].reason, reason, len) == 0 && lacks[k].reason[len] == '\0')
            break;
    if (k == *n) {
        if (*n == MAX_LACKS)
            return;
        memset(&lacks[k], 0, sizeof lacks[k]);
        memcpy(lacks[k].reason, reason, len);
        lacks[k].reason[len] = '\0';
        (*n)++;
    }
    lacks[k].records++;
    if (lacks[k].last_file != file)
        lacks[k].files++;
    lacks[k].last_file = file;
}

/* Records skipped because the driver lacks what their files need are said once, after the
   summary: how many, why, and what would give the driver more (hint, the session's). A run
   where nothing was skipped so prints nothing more. */
static void print_lacks(FILE *out, const jt_run_result *run, const char *hint) {
    lack lacks[MAX_LACKS];
    size_t n = 0, f, i, len;
    for (f = 0; f < run->nfiles; f++) {
        const jt_file_result *fr = &run->files[f];
        for (i = 0; i < fr->nrecords; i++)
            if ((len = lack_reason(&fr->records[i])) > 0)
                count_lack(lacks, &n, fr->records[i].message, len, fr->path);
    }
    for (i = 0; i < n; i++)
        fprintf(out, "skipped: %zu record%s of %zu file%s: %s%s\n", lacks[i].records,
                lacks[i].records == 1 ? "" : "s", lacks[i].files, lacks[i].files == 1 ? "" : "s",
                lacks[i].reason, hint);
}

/* A run that checked no record (every one skipped, or none to run) is not a success: 1, with
   why on errout; else status as it was. */
static int nothing_checked(FILE *errout, const jt_run_result *run, int status) {
    if (run->passed + run->failed + run->errors > 0 || status != 0)
        return status;
    if (run->skipped > 0)
        fprintf(errout, "jobtck run: no record was checked: all %zu were skipped\n", run->skipped);
    else
        fprintf(errout, "jobtck run: no record was checked: the paths hold none that runs\n");
    return 1;
}

/* The summary, the exit status and the reports, from the runner's results. */
static int finish(output *o, run_args *a, const jt_runner *runner, const jt_session *session,
                  jt_run_result *total) {
    const char *driver = jt_session_name(session);
    jt_report_meta meta;
    jt_report_data data;
    jt_error err;
    int status;
    memset(&meta, 0, sizeof meta);
    memset(&err, 0, sizeof err);
    meta.command = "run";
    meta.driver = driver;
    meta.profile = a->driver.profile ? a->driver.profile : JT_PROFILE_DEFAULT;
    meta.version = JT_VERSION;
    meta.no_coverage = !jt_report_spec_any(&a->reports);
    if (jt_report_data_init(&data, jt_runner_result(runner), &meta, &err) < 0) {
        fflush(o->out);
        fprintf(o->errout, "jobtck run: %s\n", err.message);
        return 2;
    }
    jt_report_print_summary(o->out, &data, o->colour ? JT_SUMMARY_COLOUR : 0u);
    print_lacks(o->out, jt_runner_result(runner), jt_session_caps_hint(session));
    fflush(o->out);
    status = jt_expect_exit_status(&data.tally);
    if (total) { /* one of several profiles: what was checked is judged over them all */
        total->passed += jt_runner_result(runner)->passed;
        total->failed += jt_runner_result(runner)->failed;
        total->skipped += jt_runner_result(runner)->skipped;
        total->errors += jt_runner_result(runner)->errors;
    } else {
        status = nothing_checked(o->errout, jt_runner_result(runner), status);
    }
    if (jt_report_write_all(o->errout, &a->reports, &data) < 0)
        status = 2;
    jt_report_data_dispose(&data);
    return status;
}

/* Runs the paths on the session (which the runner takes over), then finishes; with a case
   cache and a total, as one run of several profiles. */
static int run_paths(output *o, run_args *a, jt_session *session, jt_case_cache *cases,
                     jt_run_result *total) {
    jt_runner_config cfg;
    jt_runner *runner = NULL;
    jt_error err;
    int i, rc, status = 2;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.session = session;
    cfg.profile = a->driver.profile;
    cfg.retries = (int)a->retries;
    cfg.retry_ms = (int)a->retry_ms;
    cfg.on_file = print_file;
    cfg.ctx = o;
    cfg.shard_index = a->shard_index;
    cfg.shard_count = a->shard_count;
    cfg.expect = o->expect; /* each record is judged once, as its file ends */
    cfg.coverage = jt_report_spec_any(&a->reports); /* the reports show it; the summary does not */
    cfg.cases = cases;
    rc = jt_runner_new(&runner, &cfg, &err);
    for (i = 0; i < a->npaths && rc == 0; i++)
        rc = jt_runner_run_path(runner, a->paths[i], &err);
    jt_progress_clear(&o->progress);
    if (rc < 0) {
        fflush(o->out);
        fprintf(o->errout, "jobtck run: %s\n", err.message);
    } else {
        status = finish(o, a, runner, session, total);
    }
    jt_runner_free(runner); /* after finish: driver is the session's */
    return status;
}

/* The progress bar of a run of the paths. */
static void progress_start(output *o, const run_args *a) {
    size_t total = jt_term_count_cases(a->paths, (size_t)a->npaths);
    if (a->shard_count > 1) /* the files of shard K: the i-th with i mod N = K - 1 */
        total = total >= a->shard_index ? (total - a->shard_index) / a->shard_count + 1 : 0;
    jt_progress_init(&o->progress, o->out, total);
}

/* The run of one profile. */
static int run_one(output *o, run_args *a) {
    jt_session *session = NULL;
    int status = jt_cli_driver_open(&session, &a->driver, 1, o->errout);
    if (status != 0)
        return status;
    progress_start(o, a);
    return run_paths(o, a, session, NULL, NULL);
}

/* --profile all, or names separated by commas: *n profiles into names (each checked). 1 for
   several, 0 for one (a->driver.profile as it is), or 2 after a message of bad usage. */
static int profile_list(run_args *a, char *buf, size_t size, const char **names, size_t *n,
                        FILE *errout) {
    const char *arg = a->driver.profile;
    char *word, *save = NULL;
    size_t k;
    *n = 0;
    if (!arg || (strcmp(arg, "all") != 0 && !strchr(arg, ',')))
        return 0;
    if (strcmp(arg, "all") == 0) {
        for (k = 0; k < JT_RUN_MAX_PROFILES && jt_profiles[k]; k++)
            names[(*n)++] = jt_profile_name(jt_profiles[k]);
    } else {
        snprintf(buf, size, "%s", arg);
        for (word = strtok_r(buf, ",", &save); word && *n < JT_RUN_MAX_PROFILES;
             word = strtok_r(NULL, ",", &save)) {
            if (!jt_profile_find(word))
                return jt_cli_bad_usage(errout, "run", usage,
                                        "--profile: no profile %s (jobtck profiles lists them)",
                                        word);
            names[(*n)++] = word;
        }
    }
    if (*n == 1) { /* "v2.1," */
        a->driver.profile = names[0];
        return 0;
    }
    if (*n == 0)
        return jt_cli_bad_usage(errout, "run", usage, "--profile: no profile named");
    if (jt_report_spec_any(&a->reports))
        return jt_cli_bad_usage(errout, "run", usage,
                                "--report takes one profile: run once per --profile");
    return 1;
}

/* The run of a profile of several: the driver as given, for that profile. */
static int run_profile(output *o, run_args *a, const char *name, jt_case_cache *cases,
                       jt_run_result *total) {
    run_args b = *a;
    jt_session *session = NULL;
    jt_error err;
    size_t k;
    int status = 0;
    memset(&err, 0, sizeof err);
    jt_cli_driver_init(&b.driver, "run", usage);
    b.driver.spec = a->driver.spec;
    b.driver.profile = name;
    for (k = 0; k < a->driver.options.n && status == 0; k++)
        if (jt_options_add(&b.driver.options, a->driver.options.v[k].key,
                           a->driver.options.v[k].value, &err) < 0)
            status = jt_cli_bad_usage(o->errout, "run", usage, "%s", err.message);
    fprintf(o->out, "%sprofile %s:\n",
            total->passed + total->failed + total->skipped + total->errors ? "\n" : "", name);
    if (status == 0)
        status = jt_cli_driver_open(&session, &b.driver, 1, o->errout);
    if (status == 0) {
        progress_start(o, &b);
        status = run_paths(o, &b, session, cases, total);
    }
    jt_cli_driver_dispose(&b.driver);
    return status;
}

/* Runs the paths under each profile of names, reading each case file once. */
static int run_profiles(output *o, run_args *a, const char **names, size_t n) {
    jt_case_cache *cases = NULL;
    jt_run_result total;
    size_t k;
    int status = 0, st;
    memset(&total, 0, sizeof total);
    if (jt_case_cache_new(&cases) < 0) {
        fprintf(o->errout, "jobtck run: out of memory\n");
        return 2;
    }
    for (k = 0; k < n; k++) { /* each profile, whatever the others gave */
        st = run_profile(o, a, names[k], cases, &total);
        status = st > status ? st : status;
    }
    fprintf(o->out, "\nall %zu profiles: %zu passed, %zu failed, %zu skipped\n", n, total.passed,
            total.failed, total.skipped);
    status = nothing_checked(o->errout, &total, status);
    jt_case_cache_free(cases); /* after the runners: their results borrowed the files */
    return status;
}

int jt_cli_run(int argc, char **argv, FILE *out, FILE *errout) {
    run_args a;
    jt_expect *expect = NULL;
    jt_error err;
    output o;
    const char *names[JT_RUN_MAX_PROFILES];
    char buf[1024];
    size_t n = 0;
    int status, several;
    memset(&a, 0, sizeof a);
    memset(&o, 0, sizeof o);
    memset(&err, 0, sizeof err);
    jt_cli_driver_init(&a.driver, "run", usage);
    jt_report_spec_init(&a.reports);
    a.retries = DEFAULT_RETRIES;
    a.retry_ms = DEFAULT_RETRY_MS;
    o.out = out;
    o.errout = errout;
    status = parse_args(&a, argc, argv, out, errout);
    if (status >= 0)
        goto out;
    several = profile_list(&a, buf, sizeof buf, names, &n, errout);
    status = 2;
    if (several > 1)
        goto out;
    if (a.expect_path && jt_expect_read(&expect, a.expect_path, &err) < 0) {
        fprintf(errout, "%s\n", err.message); /* "FILE:LINE: what", as for a case file */
        goto out;
    }
    o.quiet = a.quiet;
    o.expect = expect;
    o.colour = jt_term_colour(out);
    status = several ? run_profiles(&o, &a, names, n) : run_one(&o, &a);
out:
    jt_expect_free(expect);
    jt_report_spec_dispose(&a.reports);
    jt_cli_driver_dispose(&a.driver);
    fflush(out);
    return status;
}
