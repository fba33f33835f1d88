/* jobtck bench: figures of the pipeline, the bulk pause and the explorer (not a test). */
#include "sim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim/bench/bench.h"
#include "sim/search/explore.h"

#define TARGET_STATEMENTS_PER_S 1000000.0
#define TARGET_NS_PER_JOB 50.0
#define TARGET_BYTES_PER_JOB 128.0

static void usage(FILE *f) {
    fputs("usage: jobtck bench [--cases DIR] [--max-jobs N] [--seconds S]\n"
          "                    [--explore-states N]\n"
          "\n"
          "Prints figures, on one core:\n"
          "  - statements per second through the whole pipeline (read the case files, run\n"
          "    them on the model, check) over DIR;\n"
          "  - time and peak memory of PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE\n"
          "    user_name = 'u7') over 10^3 ... N jobs of 100 users, with bytes per job;\n"
          "  - states per second of jobtck explore --jobs 8 --users 3.\n"
          "Each figure is set against its target; it is a measure, never a pass or a failure.\n"
          "\n"
          "  -c, --cases DIR          case files (default: the bundled suite's generated/,\n"
          "                           else all of it; jobtck run --help says where it is)\n"
          "  -n, --max-jobs N         the largest bulk size, 1000 to 100000000 (default 10^7)\n"
          "  -s, --seconds S          least time of the pipeline measure (default 1)\n"
          "  -e, --explore-states N   states the explorer visits (default 20000)\n"
          "  -h, --help               print this help\n"
          "\n"
          "Example:\n"
          "  jobtck bench --max-jobs 1000000 --seconds 2\n",
          f);
}

static double parse_num(const char *s, double lo, double hi) {
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (!*s || *end || errno || !(v >= lo && v <= hi))
        return -1;
    return v;
}

static const char *verdict(int met) {
    return met ? "met" : "MISSED";
}

int jt_cli_bench(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"cases", required_argument, NULL, 'c'},   {"max-jobs", required_argument, NULL, 'n'},
        {"seconds", required_argument, NULL, 's'}, {"explore-states", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *cases = NULL;
    double max_jobs = 1e7, seconds = 1, states = 20000, v;
    jt_bench_pipeline pl;
    jt_explore_config ecfg;
    jt_explore_report erep;
    jt_error err;
    char bundled[4096]; /* no --cases: the bundled suite's generated cases, else all of it */
    size_t jobs;
    int c, rc, status = 0;
    memset(&err, 0, sizeof err);
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":c:n:s:e:h", options, NULL)) != -1) {
        switch (c) {
        case 'c':
            cases = optarg;
            break;
        case 'n':
            if ((v = parse_num(optarg, 1000, 1e8)) < 0)
                return jt_cli_bad_usage(errout, "bench", usage,
                                        "--max-jobs: expected 1000 to 100000000, got '%s'", optarg);
            max_jobs = v;
            break;
        case 's':
            if ((v = parse_num(optarg, 0, 3600)) < 0)
                return jt_cli_bad_usage(errout, "bench", usage,
                                        "--seconds: expected 0 to 3600, got '%s'", optarg);
            seconds = v;
            break;
        case 'e':
            if ((v = parse_num(optarg, 1, JT_EXPLORE_MAX_STATES)) < 0)
                return jt_cli_bad_usage(errout, "bench", usage,
                                        "--explore-states: expected 1 to %d, got '%s'",
                                        JT_EXPLORE_MAX_STATES, optarg);
            states = v;
            break;
        case 'h':
            usage(out);
            return 0;
        default:
            return jt_cli_bad_option(errout, "bench", usage, c, argv);
        }
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "bench", usage, "unexpected argument '%s'", argv[optind]);
    if (!cases && jt_cli_bundled_cases(bundled, sizeof bundled, "generated", "bench", errout) < 0)
        return 2;
    if (!cases)
        cases = bundled;

    fprintf(out, "jobtck bench: figures on one core, not a test\n\n");
    fflush(out);
    /* 1. the pipeline */
    rc = jt_bench_pipeline_run(&pl, cases, seconds, &err);
    if (rc < 0) {
        fprintf(errout, "jobtck bench: %s\n", err.message);
        return 2;
    }
    fprintf(out,
            "pipeline (read case, run on the model, check) over %s: %zu files, %zu statements\n"
            "  %zu passes in %.3f s: %.0f statements/s (target %.0f: %s); reading and parsing "
            "alone %.0f%% of the time%s\n\n",
            cases, pl.files, pl.statements, pl.passes, pl.elapsed_s, pl.statements_per_s,
            TARGET_STATEMENTS_PER_S, verdict(pl.statements_per_s >= TARGET_STATEMENTS_PER_S),
            pl.elapsed_s > 0 ? 100.0 * pl.parse_s / pl.elapsed_s : 0.0,
            pl.failed ? " (SOME RECORDS FAILED: the figure covers failures)" : "");
    fflush(out);

    /* 2. the bulk pause */
    fprintf(out, "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'u7'), jobs of "
                 "100 users:\n");
    fprintf(out, "  %10s %8s %5s %12s %9s %11s %11s %9s\n", "jobs", "paused", "runs", "time",
            "ns/job", "heap B/job", "peak B/job", "setup s");
    fflush(out);
    {
        double last_ns = 0, last_heap = 0, last_peak = 0, first_ns = 0;
        size_t last = 0;
        for (jobs = 1000; (double)jobs <= max_jobs; jobs *= 10) {
            jt_bench_bulk b;
            rc = jt_bench_bulk_run(&b, jobs, &err);
            if (rc < 0 || b.failed) {
                fprintf(out, "  %10zu failed: %s\n", jobs, rc < 0 ? err.message : b.message);
                status = 2;
                break;
            }
            fprintf(out, "  %10zu %8lld %5zu %10.3f ms %9.1f %11.1f %11.1f %9.2f\n", jobs,
                    (long long)b.paused, b.runs, b.pause_s * 1e3, b.ns_per_job,
                    b.heap_bytes_per_job, b.peak_bytes_per_job, b.setup_s);
            fflush(out);
            if (first_ns == 0.0)
                first_ns = b.ns_per_job;
            last = jobs;
            last_ns = b.ns_per_job;
            last_heap = b.heap_bytes_per_job;
            last_peak = b.peak_bytes_per_job;
        }
        if (last)
            fprintf(
                out,
                "  at %zu jobs: %.1f ns/job (target <= %.0f: %s; %.2fx the ns/job at 1000 jobs, "
                "1 is linear); %.1f heap and %.1f peak bytes/job (target <= %.0f besides "
                "descriptions, which these jobs do not have: %s)\n\n",
                last, last_ns, TARGET_NS_PER_JOB, verdict(last_ns <= TARGET_NS_PER_JOB),
                first_ns > 0 ? last_ns / first_ns : 0.0, last_heap, last_peak, TARGET_BYTES_PER_JOB,
                verdict(last_heap <= TARGET_BYTES_PER_JOB && last_peak <= TARGET_BYTES_PER_JOB));
    }

    /* 3. the explorer */
    memset(&ecfg, 0, sizeof ecfg);
    ecfg.jobs = 8;
    ecfg.users = 3;
    ecfg.depth = -1;
    ecfg.max_states = (size_t)states;
    rc = jt_explore_run(&erep, &ecfg, &err);
    if (rc < 0) {
        fprintf(errout, "jobtck bench: explore: %s\n", err.message);
        return 2;
    }
    fprintf(out,
            "explore --jobs 8 --users 3 (first %zu states, breadth first): %zu transitions, "
            "depth %d, %.3f s: %.0f states/s, %.0f transitions/s%s\n",
            erep.states, erep.transitions, erep.depth, erep.elapsed_s,
            erep.elapsed_s > 0 ? (double)erep.states / erep.elapsed_s : 0.0,
            erep.elapsed_s > 0 ? (double)erep.transitions / erep.elapsed_s : 0.0,
            erep.violation ? " (A VIOLATION WAS FOUND)" : "");
    fflush(out);
    return status;
}
