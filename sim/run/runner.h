/*
 * The runner: runs case files through a session and keeps what happened, file by file and
 * record by record, for the CLI and for reporters (summary, JUnit, TAP, JSON...).
 *
 * A reporter walks jt_runner_result(r)->files[0 .. nfiles) and, in each file,
 * records[0 .. nrecords), each with its verdict. Everything stays valid until jt_runner_free.
 *
 * The same loop completes case files (sim/run/complete.h, `jobtck complete`): as in
 * sqllogictest, verifying and completing are one loop with a flag, here
 * jt_runner_complete_case, which hands each record's result to a sink instead of checking it.
 */
#ifndef JT_RUNNER_H
#define JT_RUNNER_H

#include <stddef.h>

#include "model/common.h"
#include "model/model.h"
#include "sim/cases/case.h"

enum jt_outcome {
    JT_OUTCOME_PASS = 1, /* the record's expectation held */
    JT_OUTCOME_FAIL,     /* it did not, or it could not run (a failed fixture before it...) */
    JT_OUTCOME_SKIP,     /* skipif/onlyif, or the driver lacks a capability the file needs */
    JT_OUTCOME_ERROR     /* malformed input found while running it (SQL outside the subset of
                            the model): counted as failed and as an input error */
};

/* The verdict on one record, after the known deviations (--expect, sim/run/expect.h). */
enum jt_verdict {
    JT_VERDICT_PASS = 1,
    JT_VERDICT_FAIL,  /* failed, not listed */
    JT_VERDICT_SKIP,  /* skipped, listed or not */
    JT_VERDICT_ERROR, /* input error: never masked */
    JT_VERDICT_XFAIL, /* failed, listed: a known deviation */
    JT_VERDICT_XPASS, /* passed, listed: the deviation is gone */
    JT_VERDICT_COUNT
};

struct jt_expect;
struct jt_expect_entry;

/* One counted record: a statement or a query (let included), or a fixture that failed. */
typedef struct jt_record_result {
    const char *file;    /* the file's path */
    int line;            /* the line of its directive */
    const char *kind;    /* "statement ok", "statement error", "query", "let", "fixture"... */
    const char *subtest; /* or NULL */
    char *const *covers; /* requirement ids, ncovers of them */
    size_t ncovers;
    const char *user; /* the session user it ran as */
    const char *sql;  /* as written (before $name substitution), or NULL for a fixture */
    int outcome;      /* enum jt_outcome */
    int attempts;     /* times it ran: more than 1 for a `query … retry` that needed them */
    /* PASS: NULL. FAIL, ERROR: "path:line: what: expected …, got …", possibly followed by
       diff lines. SKIP: the reason ("skipif model", "driver x lacks fixtures"). */
    char *message;
    /* Judged once, when its file has run (jt_expect_judge): every report reads these. */
    int verdict;                             /* enum jt_verdict */
    const struct jt_expect_entry *deviation; /* the entry of the known deviations that lists
                                                it (not for an ERROR), or NULL */
} jt_record_result;

typedef struct jt_file_result {
    char *path;
    /* The parsed file (the records' sql, kind, subtest and covers point into it), or NULL when
       it could not be read or parsed; borrowed: it belongs to the run's case cache
       (jt_runner_config.cases), not to this result. */
    jt_case_file *scenario;
    int borrowed;
    char *error; /* the file could not be read or parsed: "path[:line]: message"; or NULL */
    /* Why the file was skipped (a skipif of the profile, a fixture the driver lacks), or NULL:
       the message of each record skipped for it points here, one string for them all. */
    char *skip_message;
    size_t passed, failed, skipped;    /* failed includes the ERROR records */
    size_t errors;                     /* input errors: ERROR records, and 1 for error */
    size_t verdicts[JT_VERDICT_COUNT]; /* its records by verdict (jt_expect_judge) */
    jt_record_result *records;
    size_t nrecords;
    size_t cap;
} jt_file_result;

typedef struct jt_run_result {
    jt_file_result *files;
    size_t nfiles;
    size_t cap;
    size_t passed, failed, skipped, errors; /* over all files */
    size_t retried;                         /* records that ran more than once (retry) */
    /* The spec coverage (model/model.h) of the files run so far, when the run counts it
       (jt_runner_config.coverage); zero otherwise. */
    jt_coverage coverage;
    /* The known deviations its records were judged against (jt_runner_config.expect), or
       NULL. */
    const struct jt_expect *expect;
} jt_run_result;

/* Called after each file has run (for progress output); file is valid during the call. */
typedef void (*jt_runner_file_fn)(void *ctx, const jt_file_result *file);

struct jt_session;

typedef struct jt_runner_config {
    /* The connection the files run on (sim/drivers/session.h): the runner takes it over and
       closes it in jt_runner_free (in jt_runner_new too, when that fails). */
    struct jt_session *session;
    const char *profile; /* the profile the run expects (NULL: the default): skipif/onlyif see
                            its name, a file written for other profiles is skipped */
    /* `query … retry` (the implementation's jobs move on their own): a driver with advance
       (a virtual clock) is moved one step at a time while something moves, up to
       JT_LIMIT_PROGRESS steps; another is asked again, up to retries more times, waiting
       between (10 ms, doubling to 1 s) at most retry_ms in all. Under a profile whose jobs
       move on their own (two-phase), a shadow model runs the file beside the driver, and a
       result on the way that the model says cannot occur fails at once. */
    int retries;
    int retry_ms;
    /* Known deviations (sim/run/expect.h), or NULL: each record's verdict is judged against
       them as its file ends (before on_file). Must outlive the runner. */
    const struct jt_expect *expect;
    /* Count the spec coverage: the shadow model runs every file beside the driver, taking the
       same fixtures and statements, and its counts go to jt_run_result.coverage. */
    int coverage;
    jt_runner_file_fn on_file; /* or NULL */
    void *ctx;
    /* Shards for a CI matrix (`jobtck run --shard K/N`): with shard_count N > 1, only the case
       files of shard shard_index K (1 .. N) run. Round-robin over the case files in the order
       the run meets them (the paths in the order given, a folder's files in byte order of
       their names, as they would run): the i-th (from 0) belongs to shard (i mod N) + 1. So
       the N runs K = 1 .. N, given the same paths, run every file exactly once, and shards
       differ by one file at most. A path that does not exist is an input error of every
       shard. 0 or 1: every file. */
    unsigned shard_index, shard_count;
    /* Case files already read (sim/run/casecache.h), shared by the runs of several profiles:
       the runner takes its files from there, or reads them itself when NULL. Must outlive the
       runner and its results. */
    struct jt_case_cache *cases;
} jt_runner_config;

typedef struct jt_runner jt_runner;

/* Takes cfg->session over. cfg's strings must outlive the runner. */
int jt_runner_new(jt_runner **out, const jt_runner_config *cfg, jt_error *err);
void jt_runner_free(jt_runner *r);

/*
 * Runs a path: a file is run as it is; a folder runs its *.test files and its subfolders
 * (recursively, hidden entries excluded), in byte order of their names. Malformed input,
 * a missing file, a folder without case files are recorded as input errors of a file
 * result, and the run goes on. Returns 0, or a negative JT_E... only when the kit itself
 * fails (out of memory); err says why.
 */
int jt_runner_run_path(jt_runner *r, const char *path, jt_error *err);
/* Runs one case file (read and parsed here). */
int jt_runner_run_file(jt_runner *r, const char *path, jt_error *err);
/* Runs a parsed case file, which the runner takes over (whatever it returns). */
int jt_runner_run_case(jt_runner *r, jt_case_file *cf, jt_error *err);

const jt_run_result *jt_runner_result(const jt_runner *r);

/* ---- completion: the loop's other mode ------------------------------------------------- */

/* Where completion sends the records (sim/run/complete.c writes them out). */
typedef struct jt_runner_sink {
    /* rec ran and gave res, which the file can hold (not SQL outside the subset, not a let
       without its one value): 0, or an error (err set) that ends the file. */
    int (*ran)(void *ctx, const jt_case_record *rec, const jt_result *res, jt_error *err);
    /* A statement or query record that does not run here: skipif/onlyif, or after halt
       (halted). 0, or an error that ends the file. */
    int (*not_run)(void *ctx, const jt_case_record *rec, int halted, jt_error *err);
    void *ctx;
} jt_runner_sink;

/*
 * Runs cf (taken over) as jt_runner_run_case does, on the same loop, except that the
 * results are not checked but handed to sink, `query … retry` runs once after the jobs have
 * moved as far as they go (a driver with advance), and what the run would count against the
 * file stops it with an error: 0, or JT_EPARSE "path:line: what" (SQL outside the subset or
 * beyond the implementation's limits, a fixture or let that fails, what sink says), JT_EINVAL
 * for a file written for another profile, JT_ENOTSUP for a driver that lacks what it needs,
 * JT_EDRIVER when the driver fails, JT_ENOMEM. Nothing is added to the run's results.
 */
int jt_runner_complete_case(jt_runner *r, jt_case_file *cf, const jt_runner_sink *sink,
                            jt_error *err);

#endif
