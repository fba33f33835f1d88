/* jobtck run: case files through a driver, a line per file, the failures, a total. */
#include "sim/cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "reports/report.h"
#include "reports/term.h"
#include "sim/drivers/driver_pgwire.h"
#include "sim/drivers/drivers.h"
#include "sim/run/expect.h"
#include "sim/run/runner.h"

typedef struct output {
    FILE *out;
    FILE *errout;
    int quiet;               /* --quiet: only failures and the summary */
    int colour;              /* ANSI colours on out */
    const jt_expect *expect; /* known deviations: the file lines count them as the total does */
    jt_progress progress;    /* a bar on a terminal, after a second */
} output;

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
          "  -p, --profile NAME   the documented behaviour to expect (default " JT_PROFILE_DEFAULT
          ";\n"
          "                       jobtck profiles lists them): the model runs it, skipif/onlyif\n"
          "                       see it, files written for other profiles are skipped\n"
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
          "                       files with fixtures are skipped\n"
          "      --statement-timeout MS\n"
          "                       pgwire: cancel a statement without a result after MS\n"
          "                       milliseconds, a failure of its record (default 30000)\n"
          "      --timeout SECONDS\n"
          "                       exec: how long the adapter may take for one reply before\n"
          "                       it is killed (default 10; decimals allowed, e.g. 0.5)\n"
          "      --shard K/N      run only shard K of N (1 <= K <= N), for a CI matrix:\n"
          "                       round-robin over the case files in the order they would\n"
          "                       run, so the N runs K = 1 .. N run each file exactly once\n"
          "  -q, --quiet          print only the failures and the summary\n"
          "  -h, --help           print this help\n"
          "\n"
          "On a terminal: colours (unless NO_COLOR is set) and, for a run that lasts\n"
          "more than a second, a progress bar.\n"
          "\n"
          "Example:\n"
          "  jobtck run --report junit=build/reports/junit.xml,html=build/reports/html \\\n"
          "      --expect my-deviations.txt cases/\n"
          "  jobtck run --driver pgwire:postgresql://root@127.0.0.1:26257/cases \\\n"
          "      --fixtures cases/recipes/serve.sql cases/   (against jobtck serve)\n"
          "\n"
          "Exit status: 0 when everything passed, was skipped or is a known deviation,\n"
          "1 when a record failed or passed unexpectedly, 2 on malformed input, a missing\n"
          "file, a report that could not be written, or bad usage.\n",
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

/* Long options without a short form. */
enum {
    OPT_FIXTURES = 1000,
    OPT_STATEMENT_TIMEOUT,
    OPT_TIMEOUT,
    OPT_SHARD,
    OPT_RETRIES,
    OPT_RETRY_TIMEOUT
};

#define DEFAULT_RETRIES 30
#define DEFAULT_RETRY_MS 10000

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

/* SECONDS (decimals allowed, at most a day) as milliseconds, or -1. */
static int parse_seconds(const char *text) {
    char *end;
    double sec = strtod(text, &end);
    if (*text == '\0' || *end || !(sec >= 0.001 && sec <= 86400.0))
        return -1;
    return (int)(sec * 1000.0 + 0.5);
}

int jt_cli_run(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        {"report", required_argument, NULL, 'r'},
        {"expect", required_argument, NULL, 'e'},
        {"quiet", no_argument, NULL, 'q'},
        {"fixtures", required_argument, NULL, OPT_FIXTURES},
        {"statement-timeout", required_argument, NULL, OPT_STATEMENT_TIMEOUT},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"retries", required_argument, NULL, OPT_RETRIES},
        {"retry-timeout", required_argument, NULL, OPT_RETRY_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *spec = "model", *profile = NULL, *target = NULL, *expect_path = NULL;
    const char *fixtures = NULL;
    char *pg_target = NULL;               /* pgwire: the URL with the recipe and the timeout */
    char *exec_target = NULL;             /* exec: the command with the timeout */
    char bundled[4096], *bundled_argv[1]; /* no PATH: the bundled suite */
    int exec_timeout_ms = 0;
    unsigned shard_index = 0, shard_count = 0; /* --shard K/N */
    jt_plugin *plugin = NULL;                  /* plugin: the loaded shared object */
    long statement_timeout_ms = 0, retries = DEFAULT_RETRIES, retry_ms = DEFAULT_RETRY_MS;
    const jt_driver *driver;
    jt_runner_config cfg;
    jt_runner *runner = NULL;
    jt_report_spec reports;
    jt_expect *expect = NULL;
    jt_error err;
    output o;
    int c, i, rc, status = 2;
    memset(&o, 0, sizeof o);
    o.out = out;
    o.errout = errout;
    memset(&err, 0, sizeof err);
    jt_report_spec_init(&reports);
    opterr = 0;
    optind = 0; /* getopt starts afresh (glibc, musl) */
    while ((c = getopt_long(argc, argv, ":d:p:r:e:qh", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            spec = optarg;
            break;
        case 'p':
            profile = optarg;
            break;
        case 'r':
            if (jt_report_spec_add(&reports, optarg, &err) < 0) {
                jt_report_spec_dispose(&reports);
                return jt_cli_bad_usage(errout, "run", usage, "%s", err.message);
            }
            break;
        case 'e':
            expect_path = optarg;
            break;
        case 'q':
            o.quiet = 1;
            break;
        case OPT_FIXTURES:
            fixtures = optarg;
            break;
        case OPT_STATEMENT_TIMEOUT: {
            uint64_t v;
            if (jt_cli_parse_uint(&v, optarg, 1, JT_PGWIRE_TIMEOUT_MAX_MS) < 0) {
                jt_report_spec_dispose(&reports);
                return jt_cli_bad_usage(errout, "run", usage,
                                        "--statement-timeout expects 1 .. %d milliseconds",
                                        JT_PGWIRE_TIMEOUT_MAX_MS);
            }
            statement_timeout_ms = (long)v;
            break;
        }
        case OPT_RETRIES:
        case OPT_RETRY_TIMEOUT: {
            uint64_t v;
            if (jt_cli_parse_uint(&v, optarg, 0, 86400000) < 0) {
                jt_report_spec_dispose(&reports);
                return jt_cli_bad_usage(errout, "run", usage,
                                        "--%s expects a whole number, 0 to 86400000",
                                        c == OPT_RETRIES ? "retries" : "retry-timeout");
            }
            if (c == OPT_RETRIES)
                retries = (long)v;
            else
                retry_ms = (long)v;
            break;
        }
        case OPT_SHARD:
            if (!parse_shard(&shard_index, &shard_count, optarg)) {
                jt_report_spec_dispose(&reports);
                return jt_cli_bad_usage(errout, "run", usage,
                                        "--shard expects K/N with 1 <= K <= N, such as 2/4");
            }
            break;
        case OPT_TIMEOUT:
            exec_timeout_ms = parse_seconds(optarg);
            if (exec_timeout_ms < 0) {
                jt_report_spec_dispose(&reports);
                return jt_cli_bad_usage(errout, "run", usage,
                                        "--timeout expects seconds, 0.001 to 86400");
            }
            break;
        case 'h':
            jt_report_spec_dispose(&reports);
            usage(out);
            return 0;
        default:
            jt_report_spec_dispose(&reports);
            return jt_cli_bad_option(errout, "run", usage, c, argv);
        }
    }
    if (optind >= argc) {
        /* No PATH: the bundled suite, as the only path (argv is read no further). */
        if (jt_cli_bundled_cases(bundled, sizeof bundled, NULL, "run", errout) < 0) {
            jt_report_spec_dispose(&reports);
            return 2;
        }
        bundled_argv[0] = bundled;
        argv = bundled_argv;
        argc = 1;
        optind = 0;
    }
    driver = jt_driver_find(spec, &target);
    if (!driver) {
        jt_report_spec_dispose(&reports);
        return jt_cli_bad_usage(
            errout, "run", usage,
            "unknown driver '%s': expected model, model:PROFILE, plugin:PATH.so, "
            "exec:COMMAND or pgwire:URL",
            spec);
    }
    if (driver == &jt_driver_model) {
        if (target && profile && strcmp(target, profile) != 0) {
            jt_report_spec_dispose(&reports);
            return jt_cli_bad_usage(errout, "run", usage,
                                    "--profile %s differs from the profile of --driver %s", profile,
                                    spec);
        }
        if (!target)
            target = profile ? profile : JT_PROFILE_DEFAULT;
        profile = target;
    }
    if ((fixtures || statement_timeout_ms) && driver != &jt_driver_pgwire) {
        jt_report_spec_dispose(&reports);
        return jt_cli_bad_usage(errout, "run", usage, "%s is for --driver pgwire:URL",
                                fixtures ? "--fixtures" : "--statement-timeout");
    }
    if (exec_timeout_ms && driver != &jt_driver_exec) {
        jt_report_spec_dispose(&reports);
        return jt_cli_bad_usage(errout, "run", usage, "--timeout is for --driver exec:COMMAND");
    }
    if (driver == &jt_driver_exec) {
        if (jt_exec_target(&exec_target,
                           exec_timeout_ms ? exec_timeout_ms : JT_EXEC_TIMEOUT_DEFAULT_MS,
                           target ? target : "") < 0) {
            jt_report_spec_dispose(&reports);
            fprintf(errout, "jobtck run: out of memory\n");
            return 2;
        }
        target = exec_target;
    }
    if (driver == &jt_driver_plugin) {
        /* The plugin's own table: its name for skipif/onlyif, its caps for skipping files. */
        if (jt_plugin_open(&plugin, target, &err) < 0) {
            fprintf(errout, "jobtck run: %s\n", err.message);
            jt_report_spec_dispose(&reports);
            return 2;
        }
        driver = jt_plugin_driver(plugin);
        target = NULL;
    }
    if (driver == &jt_driver_pgwire) {
        if (jt_pgwire_target(&pg_target, &driver, target, fixtures, (int)statement_timeout_ms,
                             &err) < 0) {
            jt_report_spec_dispose(&reports);
            return jt_cli_bad_usage(errout, "run", usage, "%s", err.message);
        }
        target = pg_target;
    }
    if (expect_path && jt_expect_read(&expect, expect_path, &err) < 0) {
        fprintf(errout, "%s\n", err.message); /* "FILE:LINE: what", as for a case file */
        jt_report_spec_dispose(&reports);
        free(pg_target);
        free(exec_target);
        jt_plugin_close(plugin);
        return 2;
    }
    o.expect = expect;
    o.colour = jt_term_colour(out);
    {
        size_t total = jt_term_count_cases(argv + optind, (size_t)(argc - optind));
        if (shard_count > 1) /* the files of shard K: the i-th with i mod N = K - 1 */
            total = total >= shard_index ? (total - shard_index) / shard_count + 1 : 0;
        jt_progress_init(&o.progress, out, total);
    }
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.driver = driver;
    cfg.target = target;
    cfg.profile = profile;
    cfg.retries = (int)retries;
    cfg.retry_ms = (int)retry_ms;
    cfg.on_file = print_file;
    cfg.ctx = &o;
    cfg.shard_index = shard_index;
    cfg.shard_count = shard_count;
    rc = jt_runner_new(&runner, &cfg, &err);
    if (rc < 0) {
        fprintf(errout, "jobtck run: %s\n", err.message);
        goto out;
    }
    for (i = optind; i < argc && rc == 0; i++)
        rc = jt_runner_run_path(runner, argv[i], &err);
    jt_progress_clear(&o.progress);
    if (rc < 0) {
        fflush(out);
        fprintf(errout, "jobtck run: %s\n", err.message);
        goto out;
    }
    {
        jt_report_meta meta;
        jt_report_data data;
        memset(&meta, 0, sizeof meta);
        meta.command = "run";
        meta.driver = driver->name;
        meta.profile = profile ? profile : JT_PROFILE_DEFAULT;
        meta.version = JT_VERSION;
        meta.expect = expect;
        meta.no_coverage = !jt_report_spec_any(&reports);
        rc = jt_report_data_init(&data, jt_runner_result(runner), &meta, &err);
        if (rc < 0) {
            fflush(out);
            fprintf(errout, "jobtck run: %s\n", err.message);
            goto out;
        }
        jt_report_print_summary(out, &data, o.colour ? JT_SUMMARY_COLOUR : 0u);
        fflush(out);
        status = jt_expect_exit_status(&data.tally);
        if (jt_report_write_all(errout, &reports, &data) < 0)
            status = 2;
        jt_report_data_dispose(&data);
    }
out:
    jt_runner_free(runner);
    jt_expect_free(expect);
    jt_report_spec_dispose(&reports);
    free(pg_target);
    free(exec_target);
    jt_plugin_close(plugin); /* after the runner: its connection is the plugin's */
    fflush(out);
    return status;
}
