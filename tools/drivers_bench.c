/*
 * drivers_bench: statements per second of one suite through the model in process, a plugin
 * (plugin driver) and an adapter (exec driver), the same files and the same runner each
 * time. It prints figures and asserts nothing about time.
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

#include "sim/drivers/drivers.h"
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

/* Runs suite rounds times through driver; fills fig. Returns 0, or 2 with a message. */
static int bench(figure *fig, const jt_driver *driver, const char *target, const char *suite,
                 int rounds) {
    jt_runner_config cfg;
    jt_error err;
    int k, rc = 0;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.driver = driver;
    cfg.target = target;
    fig->ok = 1;
    /* Round 0 is a warm-up, untimed. Each round has a runner of its own, made (connected)
       and freed outside the timing: every driver meets a heap that has been used before,
       and the results of earlier rounds do not pile up. */
    for (k = 0; k <= rounds && rc == 0; k++) {
        jt_runner *r = NULL;
        const jt_run_result *run;
        double t0;
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

int main(int argc, char **argv) {
    static const struct option options[] = {
        {"rounds", required_argument, NULL, 'n'},
        {"plugin", required_argument, NULL, 'p'},
        {"exec", required_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *plugin_path = NULL, *command = NULL, *suite;
    char *exec_target = NULL;
    jt_plugin *plugin = NULL;
    figure figs[3];
    size_t nfigs = 0, i;
    int rounds = 5, c, status = 0;
    jt_error err;
    memset(figs, 0, sizeof figs);
    memset(&err, 0, sizeof err);
    while ((c = getopt_long(argc, argv, "n:p:x:h", options, NULL)) != -1) {
        switch (c) {
        case 'n':
            rounds = atoi(optarg);
            if (rounds < 1 || rounds > 10000) {
                fputs("drivers_bench: --rounds expects 1 to 10000\n", stderr);
                return 2;
            }
            break;
        case 'p':
            plugin_path = optarg;
            break;
        case 'x':
            command = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    suite = argv[optind];

    figs[nfigs].name = "model";
    status |= bench(&figs[nfigs++], &jt_driver_model, NULL, suite, rounds);
    if (plugin_path && status == 0) {
        if (jt_plugin_open(&plugin, plugin_path, &err) < 0) {
            fprintf(stderr, "drivers_bench: %s\n", err.message);
            return 2;
        }
        figs[nfigs].name = "plugin";
        status |= bench(&figs[nfigs++], jt_plugin_driver(plugin), NULL, suite, rounds);
    }
    if (command && status == 0) {
        if (jt_exec_target(&exec_target, JT_EXEC_TIMEOUT_DEFAULT_MS, command) < 0) {
            fputs("drivers_bench: out of memory\n", stderr);
            jt_plugin_close(plugin);
            return 2;
        }
        figs[nfigs].name = "exec";
        status |= bench(&figs[nfigs++], &jt_driver_exec, exec_target, suite, rounds);
    }
    if (status == 0) {
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
    }
    jt_plugin_close(plugin);
    free(exec_target);
    return status;
}
