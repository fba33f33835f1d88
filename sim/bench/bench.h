/*
 * Benchmarks of jobtck bench: figures, not tests. Each measure runs on one core in this
 * process (the bulk measure in a child process per size, so that its peak memory is its own).
 */
#ifndef JT_BENCH_H
#define JT_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "model/common.h"

/* The whole pipeline over a folder of case files: read, run on the model, check. */
typedef struct jt_bench_pipeline {
    size_t files;
    size_t statements; /* counted records of one pass (statements and queries) */
    size_t failed;     /* of one pass: should be 0 */
    size_t passes;
    double elapsed_s; /* of every pass */
    double parse_s;   /* of reading and parsing the files alone, every pass */
    double statements_per_s;
} jt_bench_pipeline;

/* Runs path through the model driver until min_s seconds have passed (at least one pass). */
int jt_bench_pipeline_run(jt_bench_pipeline *out, const char *path, double min_s, jt_error *err);

/* PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'u7') over jobs jobs, all
   running, owned round robin by 100 users u0 … u99, types IMPORT … CHANGEFEED in turn. */
/* The other statements over the same selection, measured beside the PAUSE at each size: the
   median of their runs, ns per job of the table. */
enum { JT_BENCH_RESUME, JT_BENCH_CANCEL, JT_BENCH_SELECT, JT_BENCH_SHOW, JT_BENCH_SHAPES };
/* The statement of shape k (JT_BENCH_*). */
const char *jt_bench_shape_sql(int k);

typedef struct jt_bench_bulk {
    size_t jobs;
    int64_t paused;            /* the statement's count */
    size_t runs;               /* statements timed (PAUSE, with a RESUME between untimed) */
    double first_s;            /* the first PAUSE, before the runs: its parse, the pages it
                                  writes first (not in pause_s) */
    double setup_s;            /* making the jobs (fixtures) */
    double pause_s;            /* one PAUSE, the median of the runs */
    double ns_per_job;         /* pause_s / jobs */
    double heap_bytes_per_job; /* heap the model holds per job once made (glibc mallinfo2) */
    double peak_bytes_per_job; /* peak resident memory of the process over the baseline, per job */
    double anchor_ns_per_row;  /* SQLite's, set by the caller beside it (sim/bench/anchor.h) */
    double shape_ns_per_job[JT_BENCH_SHAPES]; /* the other statements, ns per job */
    int64_t shape_count[JT_BENCH_SHAPES];     /* their counts: jobs moved, or rows */
    int failed;                               /* the statement failed: message */
    char message[JT_MESSAGE_MAX];
} jt_bench_bulk;

/* Measures in a child process (fork) so that its peak memory is the measure's alone. */
int jt_bench_bulk_run(jt_bench_bulk *out, size_t jobs, jt_error *err);

#endif
