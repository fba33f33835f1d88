/* jobtck bench: figures of the pipeline, the bulk pause and the explorer (not a test). */
#include "sim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim/bench/anchor.h"
#include "sim/bench/bench.h"
#include "sim/search/explore.h"

#define TARGET_STATEMENTS_PER_S 1000000.0
#define TARGET_BYTES_PER_JOB 64.0

static void usage(FILE *f) {
    fputs("usage: jobtck bench [--cases DIR] [--max-jobs N] [--seconds S]\n"
          "                    [--explore-jobs J] [--anchor-statements N]\n"
          "\n"
          "Prints figures, on one core but for the explorer's, on every core (the CPU time\n"
          "of the process: the time it waits for a core on a busy machine is left out),\n"
          "each beside its anchor measured in the same run (SQLite in memory, through\n"
          "libsqlite3) and the ratio:\n"
          "  - statements per second through the whole pipeline (read the case files, run\n"
          "    them on the model, check) over DIR; SQLite's on UPDATE/SELECT by job_id;\n"
          "  - time and memory of PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE\n"
          "    user_name = 'u7') over 10^3 ... N jobs of 100 users, with bytes per job;\n"
          "    SQLite's UPDATE jobs SET status='paused' WHERE user_name='u7' AND status IN\n"
          "    (...) over as many rows;\n"
          "  - the whole search of jobtck explore --jobs 8 --users 3: states and transitions\n"
          "    per second, bytes per state (scripts/spin-explore.sh sets it beside spin's).\n"
          "Each figure is set against its target; it is a measure, never a pass or a failure.\n"
          "\n"
          "  -c, --cases DIR          case files (default: the bundled suite's generated/,\n"
          "                           else all of it; jobtck run --help says where it is)\n"
          "  -n, --max-jobs N         the largest bulk size, 1000 to 100000000 (default 10^5)\n"
          "  -s, --seconds S          least time of the pipeline measure (default 1)\n"
          "  -e, --explore-jobs J     the explorer's jobs, 1 to 12 (default 8)\n"
          "  -a, --anchor-statements N  statements of SQLite's pipeline pass, 3 to 10000000\n"
          "                           (default 100000)\n"
          "  -h, --help               print this help\n"
          "\n"
          "Example:\n"
          "  jobtck bench --max-jobs 10000000 --seconds 2\n",
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

/* What the command line asks for. */
typedef struct bench_args {
    const char *cases;
    double max_jobs, seconds, explore_jobs, anchor_statements;
    char bundled[4096]; /* no --cases: the bundled suite's generated cases, else all of it */
} bench_args;

/* Reads the command line into a; -1 to go on, else the exit status. */
static int parse_args(bench_args *a, int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"cases", required_argument, NULL, 'c'},
        {"max-jobs", required_argument, NULL, 'n'},
        {"seconds", required_argument, NULL, 's'},
        {"explore-jobs", required_argument, NULL, 'e'},
        {"anchor-statements", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":c:n:s:e:a:h", options, NULL)) != -1) {
        if (c == 'c') {
            a->cases = optarg;
        } else if (c == 'n' && (a->max_jobs = parse_num(optarg, 1000, 1e8)) < 0) {
            return jt_cli_bad_usage(errout, "bench", usage,
                                    "--max-jobs: expected 1000 to 100000000, got '%s'", optarg);
        } else if (c == 's' && (a->seconds = parse_num(optarg, 0, 3600)) < 0) {
            return jt_cli_bad_usage(errout, "bench", usage,
                                    "--seconds: expected 0 to 3600, got '%s'", optarg);
        } else if (c == 'e' && ((a->explore_jobs = parse_num(optarg, 1, 12)) < 0 ||
                                a->explore_jobs != (int)a->explore_jobs)) {
            return jt_cli_bad_usage(errout, "bench", usage,
                                    "--explore-jobs: expected 1 to 12, got '%s'", optarg);
        } else if (c == 'a' && (a->anchor_statements = parse_num(optarg, 3, 1e7)) < 0) {
            return jt_cli_bad_usage(errout, "bench", usage,
                                    "--anchor-statements: expected 3 to 10000000, got '%s'",
                                    optarg);
        } else if (c == 'h') {
            usage(out);
            return 0;
        } else if (c != 'n' && c != 's' && c != 'e' && c != 'a') {
            return jt_cli_bad_option(errout, "bench", usage, c, argv);
        }
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "bench", usage, "unexpected argument '%s'", argv[optind]);
    return -1;
}

/* 1. the pipeline over the case files, beside SQLite's. 0, or 2 after a message. */
static int bench_pipeline(const bench_args *a, FILE *out, FILE *errout) {
    jt_bench_pipeline pl;
    jt_bench_sqlite_pipeline sq;
    jt_error err;
    memset(&err, 0, sizeof err);
    if (jt_bench_pipeline_run(&pl, a->cases, a->seconds, &err) < 0 ||
        jt_bench_sqlite_pipeline_run(&sq, (size_t)a->anchor_statements, a->seconds, &err) < 0) {
        fprintf(errout, "jobtck bench: %s\n", err.message);
        return 2;
    }
    fprintf(out,
            "pipeline (read case, run on the model, check) over %s: %zu files, %zu statements\n"
            "  jobtck: %zu passes in %.3f s: %.0f statements/s (target %.0f: %s); reading and "
            "parsing alone %.0f%% of the time%s\n"
            "  anchor: SQLite %s in memory, %zu statements (CREATE, INSERT of 1000 jobs, "
            "UPDATE/SELECT by job_id): %zu passes in %.3f s: %.0f statements/s\n"
            "  ratio:  jobtck/SQLite %.2fx (target 8x)\n\n",
            a->cases, pl.files, pl.statements, pl.passes, pl.elapsed_s, pl.statements_per_s,
            TARGET_STATEMENTS_PER_S, verdict(pl.statements_per_s >= TARGET_STATEMENTS_PER_S),
            pl.elapsed_s > 0 ? 100.0 * pl.parse_s / pl.elapsed_s : 0.0,
            pl.failed ? " (SOME RECORDS FAILED: the figure covers failures)" : "", sq.version,
            sq.statements, sq.passes, sq.elapsed_s, sq.statements_per_s,
            sq.statements_per_s > 0 ? pl.statements_per_s / sq.statements_per_s : 0.0);
    fflush(out);
    return 0;
}

/* One size of the bulk pause, the kit's and SQLite's: a row of the table. 0, or 2. */
static int bench_bulk_size(size_t jobs, jt_bench_bulk *b, FILE *out) {
    jt_bench_sqlite_bulk sq;
    jt_error err;
    int rc = jt_bench_bulk_run(b, jobs, &err);
    if (rc < 0 || b->failed) {
        fprintf(out, "  %10zu failed: %s\n", jobs, rc < 0 ? err.message : b->message);
        return 2;
    }
    if (jt_bench_sqlite_bulk_run(&sq, jobs, &err) < 0) {
        fprintf(out, "  %10zu failed: %s\n", jobs, err.message);
        return 2;
    }
    fprintf(out,
            "  %10zu %8lld %5zu %10.3f ms %8.1f %8.1f %8.1f %7.2f | %8lld %10.3f ms %8.1f %8.1f "
            "%7.2fx\n",
            jobs, (long long)b->paused, b->runs, b->pause_s * 1e3, b->ns_per_job,
            b->heap_bytes_per_job, b->peak_bytes_per_job, b->setup_s, (long long)sq.updated,
            sq.update_s * 1e3, sq.ns_per_row, sq.bytes_per_row,
            b->ns_per_job > 0 ? sq.ns_per_row / b->ns_per_job : 0.0);
    fflush(out);
    b->anchor_ns_per_row = sq.ns_per_row;
    return 0;
}

/* The other statements over the same selection, a row each: ns per job at each size, and the
   ratio to SQLite's UPDATE beside it (the anchor has no statement of their own). */
static void bench_shapes(const jt_bench_bulk *sizes, size_t n, FILE *out) {
    size_t i;
    int k;
    fprintf(out,
            "  the other statements over u7's jobs, ns/job (median of up to 5 runs) and "
            "SQLite's UPDATE per row over it:\n  %-68s",
            "statement");
    for (i = 0; i < n; i++)
        fprintf(out, " %16zu", sizes[i].jobs);
    fputc('\n', out);
    for (k = 0; k < JT_BENCH_SHAPES; k++) {
        fprintf(out, "  %-68s", jt_bench_shape_sql(k));
        for (i = 0; i < n; i++) {
            double ns = sizes[i].shape_ns_per_job[k];
            fprintf(out, " %6.1f (%6.1fx)", ns, ns > 0 ? sizes[i].anchor_ns_per_row / ns : 0.0);
        }
        fputc('\n', out);
    }
}

/* 2. the bulk pause over 10^3 .. max_jobs jobs, beside SQLite's. 0, or 2 when a size failed. */
static int bench_bulk(const bench_args *a, FILE *out) {
    jt_bench_bulk sizes[8], *last;
    size_t jobs, n = 0;
    fprintf(out, "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'u7'), jobs of "
                 "100 users; anchor: SQLite in memory, UPDATE jobs SET status='paused' WHERE "
                 "user_name='u7' AND status IN ('pending','running','paused'), median of runs "
                 "in BEGIN ... ROLLBACK:\n");
    fprintf(out, "  %10s %8s %5s %13s %8s %8s %8s %7s | %8s %13s %8s %8s %8s\n", "jobs", "paused",
            "runs", "time", "ns/job", "heap B", "peak B", "setup s", "sqlite", "time", "ns/row",
            "B/row", "ratio");
    fflush(out);
    for (jobs = 1000; (double)jobs <= a->max_jobs && n < 8; jobs *= 10)
        if (bench_bulk_size(jobs, &sizes[n++], out) != 0)
            return 2;
    if (!n)
        return 0;
    last = &sizes[n - 1];
    fprintf(out,
            "  at %zu jobs: %.1f ns/job, SQLite %.1f ns/row: ratio %.2fx (target 9x: %s); "
            "%.2fx the ns/job at 1000 jobs (1 is linear); %.1f heap and %.1f peak bytes/job "
            "(target <= %.0f besides descriptions, which these jobs do not have: %s)\n",
            last->jobs, last->ns_per_job, last->anchor_ns_per_row,
            last->ns_per_job > 0 ? last->anchor_ns_per_row / last->ns_per_job : 0.0,
            verdict(last->ns_per_job > 0 && last->anchor_ns_per_row / last->ns_per_job >= 9.0),
            sizes[0].ns_per_job > 0 ? last->ns_per_job / sizes[0].ns_per_job : 0.0,
            last->heap_bytes_per_job, last->peak_bytes_per_job, TARGET_BYTES_PER_JOB,
            verdict(last->heap_bytes_per_job <= TARGET_BYTES_PER_JOB &&
                    last->peak_bytes_per_job <= TARGET_BYTES_PER_JOB));
    bench_shapes(sizes, n, out);
    fputc('\n', out);
    return 0;
}

/* 3. the explorer's whole search on the model, on every core. 0, or 2 after a message. */
static int bench_explore(const bench_args *a, FILE *out, FILE *errout) {
    jt_explore_config ecfg;
    jt_explore_report r;
    jt_error err;
    int rc;
    memset(&ecfg, 0, sizeof ecfg);
    memset(&err, 0, sizeof err);
    ecfg.jobs = (int)a->explore_jobs;
    ecfg.users = 3;
    ecfg.depth = -1;
    ecfg.trace_path = "/dev/null";
    rc = jt_session_open(&ecfg.session, "model", NULL, &err);
    if (rc == JT_OK)
        rc = jt_explore_run(&r, &ecfg, &err);
    jt_session_close(ecfg.session);
    if (rc < 0) {
        fprintf(errout, "jobtck bench: explore: %s\n", err.message);
        return 2;
    }
    fprintf(out,
            "explore --jobs %d --users 3, the whole search on %d thread%s: %zu states, %zu "
            "transitions, depth %d%s\n"
            "  %.3f s (cpu %.3f s; the memo's %zu contexts asked of the model in %.3f s): %.0f "
            "states/s, %.0f "
            "transitions/s; %.1f bytes/state (%s of visited states, queues, memo); spin on the "
            "same scope: scripts/spin-explore.sh\n",
            ecfg.jobs, r.threads, r.threads == 1 ? "" : "s", r.states, r.transitions, r.depth,
            r.violation  ? " (A VIOLATION WAS FOUND)"
            : r.complete ? ", fixed point"
                         : "",
            r.elapsed_s, r.cpu_s, r.contexts, r.memo_s,
            r.elapsed_s > 0 ? (double)r.states / r.elapsed_s : 0.0,
            r.elapsed_s > 0 ? (double)r.transitions / r.elapsed_s : 0.0,
            r.states ? (double)r.memory / (double)r.states : 0.0, r.store);
    fflush(out);
    return 0;
}

int jt_cli_bench(int argc, char **argv, FILE *out, FILE *errout) {
    bench_args a = {NULL, 1e5, 1, 8, 100000, ""};
    int status = parse_args(&a, argc, argv, out, errout);
    if (status >= 0)
        return status;
    if (!a.cases &&
        jt_cli_bundled_cases(a.bundled, sizeof a.bundled, "generated", "bench", errout) < 0)
        return 2;
    if (!a.cases)
        a.cases = a.bundled;
    fprintf(out, "jobtck bench: figures on one core (CPU time of the process; the explorer's "
                 "on every core), not a test\n\n");
    fflush(out);
    if (bench_pipeline(&a, out, errout) != 0)
        return 2;
    status = bench_bulk(&a, out);
    return bench_explore(&a, out, errout) != 0 ? 2 : status;
}
