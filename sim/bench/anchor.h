/*
 * The anchors of jobtck bench: SQLite's equivalent statements, in memory through libsqlite3, in
 * the same run as the kit's figures, so that each figure stands beside its anchor as a ratio
 * taken minutes apart on the same (shared, noisy) machine.
 */
#ifndef JT_BENCH_ANCHOR_H
#define JT_BENCH_ANCHOR_H

#include <stddef.h>
#include <stdint.h>

#include "model/common.h"

/* The pipeline's anchor: a CREATE TABLE of jobs, one INSERT of 1 000 jobs, then pairs of
   `UPDATE jobs SET status=… WHERE job_id=…` and `SELECT status FROM jobs WHERE job_id=…` on
   random jobs; each statement prepared, stepped (every column of every row read as text) and
   finalized, as the sqlite3 shell and sqllogictest do. */
typedef struct jt_bench_sqlite_pipeline {
    size_t statements; /* of one pass */
    size_t passes;
    double elapsed_s; /* of every pass, making the text of the statements left out */
    double statements_per_s;
    char version[32]; /* sqlite3_libversion() */
} jt_bench_sqlite_pipeline;

/* Runs passes of statements statements (at least 3) until min_s seconds have passed. */
int jt_bench_sqlite_pipeline_run(jt_bench_sqlite_pipeline *out, size_t statements, double min_s,
                                 jt_error *err);

/* The bulk pause's anchor: `UPDATE jobs SET status='paused' WHERE user_name='u7' AND status
   IN ('pending','running','paused')` over jobs rows of 100 users (the rows of the bulk
   benchmark's table: statuses spread evenly, a 40-character description), each run inside
   BEGIN … ROLLBACK; the median of the runs. */
typedef struct jt_bench_sqlite_bulk {
    size_t jobs;
    int64_t updated; /* rows the UPDATE changed */
    size_t runs;
    double setup_s;       /* loading the table */
    double update_s;      /* the median of the runs */
    double ns_per_row;    /* update_s / jobs */
    double bytes_per_row; /* page_count x page_size / jobs (the 40-byte description included) */
} jt_bench_sqlite_bulk;

int jt_bench_sqlite_bulk_run(jt_bench_sqlite_bulk *out, size_t jobs, jt_error *err);

#endif
