/*
 * drivers_bench: statements per second of one suite through the model in process, a plugin
 * (plugin driver) and an adapter (exec driver), the same files and the same runner each
 * time, on sessions of the specs model, plugin:PATH.so and exec:'COMMAND ARGS'. It prints figures
 * and asserts nothing about time.
 *
 *   drivers_bench [--rounds N] [--plugin PATH.so] [--exec 'COMMAND ARGS'] SUITE
 *
 * e.g. with the examples built by ctest's build:
 *   build/drivers_bench --plugin build/tests/drivers/jobtck_example.so \
 *       --exec build/tests/drivers/jobtck_adapter cases/
 *
 * A statement is a counted record (statement, query, let): one call of the driver's exec.
 * Each round runs the whole suite; the time includes the resets between files, not the
 * connect (an adapter's start) nor a first untimed round (a warm-up).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/drivers/session.h"
#include "sim/run/runner.h"

typedef struct figure {
    const char *name;
    size_t statements, passed, failed;
    double seconds;
    int ok;
} figure;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *f) {
    fputs("usage: drivers_bench [--rounds N] [--plugin PATH.so] [--exec 'COMMAND ARGS'] SUITE\n"
          "\n"
          "Runs the case files of SUITE ROUNDS times (default 5) through the model in process,\n"
          "the plugin and the adapter, and prints statements per second for each.\n",
          f);
}

/* Runs suite rounds times on sessions of spec; fills fig. Returns 0, or 2 with a message. */
static int bench(figure *fig, const char *spec, const char *suite, int rounds) {
    jt_runner_config cfg;
    jt_error err;
    int k, rc = 0;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    fig->ok = 1;
    /* Round 0 is a warm-up, untimed. Each round has a runner of its own, made (connected)
       and freed outside the timing: every driver meets a heap that has been used before,
       and the results of earlier rounds do not pile up. */
    for (k = 0; k <= rounds && rc == 0; k++) {
        jt_runner *r = NULL;
        const jt_run_result *run;
        double t0;
        rc = jt_session_open(&cfg.session, spec, NULL, &err);
        if (rc == 0)
            rc = jt_runner_new(&r, &cfg, &err);
        if (rc < 0)
            break;
        t0 = now_s();
        rc = jt_runner_run_path(r, suite, &err);
        if (k > 0) {
            fig->seconds += now_s() - t0;
            run = jt_runner_result(r);
            fig->passed += run->passed;
            fig->failed += run->failed;
            fig->statements += run->passed + run->failed;
            fig->ok = fig->ok && run->errors == 0;
        }
        jt_runner_free(r);
    }
    if (rc < 0) {
        fprintf(stderr, "drivers_bench: %s: %s\n", fig->name, err.message);
        return 2;
    }
    return 0;
}

/* The table of figures; 1 when a driver's results differ from the model's. */
static int print_figures(const figure *figs, size_t nfigs, const char *suite, int rounds) {
    size_t i;
    int status = 0;
    printf("suite %s: %zu statements a round, %d rounds\n\n", suite,
           figs[0].statements / (size_t)rounds, rounds);
    printf("%-8s %14s %14s %10s %10s\n", "driver", "statements/s", "us/statement", "vs model",
           "results");
    for (i = 0; i < nfigs; i++) {
        const figure *f = &figs[i];
        double rate = f->seconds > 0 ? (double)f->statements / f->seconds : 0.0;
        double base = figs[0].seconds > 0 ? (double)figs[0].statements / figs[0].seconds : 0;
        int same = f->ok && f->passed == figs[0].passed && f->failed == figs[0].failed;
        printf("%-8s %14.0f %14.2f %9.2fx %10s\n", f->name, rate, rate > 0 ? 1e6 / rate : 0.0,
               base > 0 ? rate / base : 0.0, same ? "same" : "DIFFER");
        if (!same)
            status = 1;
    }
    return status;
}

int main(int argc, char **argv) {
    static const struct option options[] = {
        {"rounds", required_argument, NULL, 'n'},
        {"plugin", required_argument, NULL, 'p'},
        {"exec", required_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char specs[3][4200] = {"model", "", ""};
    figure figs[3];
    size_t nfigs = 1, i;
    int rounds = 5, c, status = 0;
    memset(figs, 0, sizeof figs);
    figs[0].name = "model";
    while ((c = getopt_long(argc, argv, "n:p:x:h", options, NULL)) != -1) {
        if (c == 'n' && ((rounds = atoi(optarg)) < 1 || rounds > 10000)) {
            fputs("drivers_bench: --rounds expects 1 to 10000\n", stderr);
            return 2;
        } else if (c == 'p' || c == 'x') {
            snprintf(specs[c == 'p' ? 1 : 2], sizeof specs[0], "%s:%s",
                     c == 'p' ? "plugin" : "exec", optarg);
        } else if (c == 'h') {
            usage(stdout);
            return 0;
        } else if (c != 'n') {
            usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    for (i = 0; i < 3 && status == 0; i++) {
        if (!specs[i][0])
            continue;
        figs[nfigs - (i == 0)].name = i == 0 ? "model" : i == 1 ? "plugin" : "exec";
        status |= bench(&figs[nfigs - (i == 0)], specs[i], argv[optind], rounds);
        nfigs += i > 0;
    }
    return status ? status : print_figures(figs, nfigs, argv[optind], rounds);
}
