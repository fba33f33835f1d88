/* jobtck run: case files through a driver, a line per file, the failures, a total. */
#include "sim/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <string.h>

#include "model/model.h"
#include "sim/drivers.h"
#include "sim/runner.h"

typedef struct output {
    FILE *out;
    FILE *errout;
} output;

static void usage(FILE *f) {
    fputs("usage: jobtck run [--driver SPEC] [--profile NAME] PATH...\n"
          "\n"
          "Runs case files against a driver: a PATH that is a folder runs its *.test files\n"
          "and its subfolders' in name order. Prints a line per file, then each failure,\n"
          "then the total.\n"
          "\n"
          "  -d, --driver SPEC    the implementation under test: model (the default) or\n"
          "                       model:PROFILE\n"
          "  -p, --profile NAME   the documented behaviour to expect (default " JT_PROFILE_DEFAULT
          ");\n"
          "                       skipif/onlyif see it, and the model runs it\n"
          "  -h, --help           print this help\n"
          "\n"
          "Exit status: 0 when everything passed or was skipped, 1 when a record failed,\n"
          "2 on malformed input, a missing file or bad usage.\n",
          f);
}

static void print_file(void *ctx, const jt_file_result *fr) {
    const output *o = ctx;
    size_t i;
    if (fr->error)
        fprintf(o->out, "%s: not run (input error)\n", fr->path);
    else
        fprintf(o->out, "%s: %zu passed, %zu failed, %zu skipped\n", fr->path, fr->passed,
                fr->failed, fr->skipped);
    if (!fr->errors)
        return;
    fflush(o->out);
    if (fr->error)
        fprintf(o->errout, "%s\n", fr->error);
    for (i = 0; i < fr->nrecords; i++)
        if (fr->records[i].outcome == JT_OUTCOME_ERROR)
            fprintf(o->errout, "%s\n", fr->records[i].message);
    fflush(o->errout);
}

static void print_failures(FILE *out, const jt_run_result *run) {
    size_t f, i;
    int first = 1;
    for (f = 0; f < run->nfiles; f++) {
        const jt_file_result *fr = &run->files[f];
        for (i = 0; i < fr->nrecords; i++) {
            if (fr->records[i].outcome != JT_OUTCOME_FAIL)
                continue;
            if (first)
                fputc('\n', out);
            first = 0;
            fprintf(out, "%s\n", fr->records[i].message);
        }
    }
}

__attribute__((format(printf, 2, 3))) static int bad_usage(FILE *errout, const char *fmt, ...) {
    va_list ap;
    fputs("jobtck run: ", errout);
    va_start(ap, fmt);
    vfprintf(errout, fmt, ap);
    va_end(ap);
    fputs("\n\n", errout);
    usage(errout);
    return 2;
}

int jt_cli_run(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *spec = "model", *profile = NULL, *target = NULL;
    const jt_driver *driver;
    jt_runner_config cfg;
    jt_runner *runner = NULL;
    jt_error err;
    output o = {out, errout};
    int c, i, rc, status = 2;
    opterr = 0;
    optind = 0; /* getopt starts afresh (glibc, musl) */
    while ((c = getopt_long(argc, argv, ":d:p:h", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            spec = optarg;
            break;
        case 'p':
            profile = optarg;
            break;
        case 'h':
            usage(out);
            return 0;
        case ':':
            return bad_usage(errout, "option '%s' needs a value", argv[optind - 1]);
        default:
            if (optopt && optopt != '?')
                return bad_usage(errout, "unknown option '-%c'", optopt);
            return bad_usage(errout, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return bad_usage(errout, "expected a PATH of case files");
    driver = jt_driver_find(spec, &target);
    if (!driver)
        return bad_usage(errout, "unknown driver '%s': expected model or model:PROFILE", spec);
    if (driver == &jt_driver_model) {
        if (target && profile && strcmp(target, profile) != 0)
            return bad_usage(errout, "--profile %s differs from the profile of --driver %s",
                             profile, spec);
        if (!target)
            target = profile ? profile : JT_PROFILE_DEFAULT;
        profile = target;
    }
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.driver = driver;
    cfg.target = target;
    cfg.profile = profile;
    cfg.on_file = print_file;
    cfg.ctx = &o;
    rc = jt_runner_new(&runner, &cfg, &err);
    if (rc < 0) {
        fprintf(errout, "jobtck run: %s\n", err.message);
        return 2;
    }
    for (i = optind; i < argc && rc == 0; i++)
        rc = jt_runner_run_path(runner, argv[i], &err);
    if (rc < 0) {
        fflush(out);
        fprintf(errout, "jobtck run: %s\n", err.message);
        goto out;
    }
    print_failures(out, jt_runner_result(runner));
    {
        const jt_run_result *run = jt_runner_result(runner);
        fputc('\n', out);
        if (run->errors)
            fprintf(out, "%zu input error%s (on stderr)\n", run->errors,
                    run->errors == 1 ? "" : "s");
        fprintf(out, "%zu passed, %zu failed, %zu skipped\n", run->passed, run->failed,
                run->skipped);
        status = jt_run_exit_status(run);
    }
out:
    jt_runner_free(runner);
    fflush(out);
    return status;
}
