/* SQLite's anchors for jobtck bench. See sim/bench/anchor.h. */
#include "sim/bench/anchor.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ANCHOR_JOBS 1000
#define ANCHOR_BASE 27536791415281LL
#define ANCHOR_TABLE                                                                               \
    "CREATE TABLE jobs(job_id INT8 PRIMARY KEY, job_type TEXT, description TEXT, "                 \
    "user_name TEXT, status TEXT)"
#define ANCHOR_BULK                                                                                \
    "UPDATE jobs SET status='paused' WHERE user_name='u7' AND status IN "                          \
    "('pending','running','paused')"
#define ANCHOR_RUNS_MAX 15

static const char *const types[5] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED", "SCHEMA CHANGE"};
static const char *const statuses[6] = {"pending",   "running", "paused",
                                        "succeeded", "failed",  "canceled"};

/* The CPU time of this process: on a shared machine, the time it waits for a core is left
   out, for the kit's figures and their anchors alike. */
static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The anchors' random numbers: a 64-bit LCG (Knuth's MMIX constants), seed 1, top 31 bits. */
static unsigned long rnd(uint64_t *state) {
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned long)(*state >> 33);
}

static int sqlite_fail(jt_error *err, sqlite3 *db, const char *sql) {
    return jt_error_set(err, JT_EIO, 0, "sqlite: %s in: %.80s", db ? sqlite3_errmsg(db) : "open",
                        sql);
}

/* Prepares, steps and finalizes one statement, every column of every row read as text. */
static int run_one(sqlite3 *db, const char *sql, jt_error *err) {
    sqlite3_stmt *st = NULL;
    size_t sink = 0;
    int rc;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(err, db, sql);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_count(st);
        for (int c = 0; c < n; c++) {
            const unsigned char *v = sqlite3_column_text(st, c);
            sink += v ? strlen((const char *)v) : 0;
        }
    }
    sqlite3_finalize(st);
    (void)sink;
    return rc == SQLITE_DONE ? JT_OK : sqlite_fail(err, db, sql);
}

/* The INSERT of the pipeline's 1 000 jobs (as the anchor's generator writes it). */
static char *insert_text(void) {
    size_t cap = 128 * ANCHOR_JOBS + 64, len;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    len = (size_t)snprintf(s, cap, "INSERT INTO jobs VALUES ");
    for (int i = 1; i <= ANCHOR_JOBS; i++) {
        const char *t = types[(i - 1) % 5];
        len += (size_t)snprintf(
            s + len, cap - len, "%s(%lld,'%s','%-13s nodelocal:///job/%09d','u%d','%s')",
            i > 1 ? "," : "", ANCHOR_BASE + i, t, t, i, i % 100, statuses[(i / 100) % 6]);
    }
    return s;
}

/* The statements of one pass: the CREATE, the INSERT, then UPDATE/SELECT pairs. */
static char **pipeline_texts(size_t n) {
    char **v = calloc(n, sizeof *v);
    uint64_t state = 1;
    size_t i;
    if (!v)
        return NULL;
    v[0] = jt_strdup(ANCHOR_TABLE);
    v[1] = insert_text();
    for (i = 2; i < n && v[i - 1]; i += 2) {
        char buf[128];
        unsigned long job = 1 + rnd(&state) % ANCHOR_JOBS, st = rnd(&state) % 6;
        unsigned long other = 1 + rnd(&state) % ANCHOR_JOBS;
        snprintf(buf, sizeof buf, "UPDATE jobs SET status='%s' WHERE job_id=%lld", statuses[st],
                 ANCHOR_BASE + (long long)job);
        v[i] = jt_strdup(buf);
        if (i + 1 < n && v[i]) {
            snprintf(buf, sizeof buf, "SELECT status FROM jobs WHERE job_id=%lld",
                     ANCHOR_BASE + (long long)other);
            v[i + 1] = jt_strdup(buf);
        }
    }
    return v;
}

static void free_texts(char **v, size_t n) {
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* One pass on a fresh in-memory database. */
static int pipeline_pass(char **texts, size_t n, jt_error *err) {
    sqlite3 *db = NULL;
    int rc = JT_OK;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        rc = sqlite_fail(err, db, ":memory:");
        goto out;
    }
    for (size_t i = 0; i < n && rc == JT_OK; i++)
        rc = run_one(db, texts[i], err);
out:
    sqlite3_close(db);
    return rc;
}

int jt_bench_sqlite_pipeline_run(jt_bench_sqlite_pipeline *out, size_t statements, double min_s,
                                 jt_error *err) {
    char **texts;
    double t0, t = 0;
    size_t i;
    int rc = JT_OK;
    memset(out, 0, sizeof *out);
    snprintf(out->version, sizeof out->version, "%s", sqlite3_libversion());
    if (statements < 3)
        statements = 3;
    texts = pipeline_texts(statements);
    for (i = 0; texts && i < statements && texts[i]; i++)
        ;
    if (!texts || i < statements) {
        free_texts(texts, statements);
        return jt_error_set(err, JT_ENOMEM, 0, "sqlite anchor: out of memory");
    }
    out->statements = statements;
    t0 = now_s();
    do {
        rc = pipeline_pass(texts, statements, err);
        out->passes++;
        t = now_s() - t0;
    } while (rc == JT_OK && t < min_s);
    out->elapsed_s = t;
    out->statements_per_s = t > 0 ? (double)(statements * out->passes) / t : 0.0;
    free_texts(texts, statements);
    return rc;
}

/* ---- the bulk pause's anchor ----------------------------------------------------------- */

static int64_t query_int(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The table of the bulk benchmark, built by SQLite itself (a recursive CTE). */
static int bulk_load(sqlite3 *db, size_t jobs, jt_error *err) {
    char load[1024];
    snprintf(load, sizeof load,
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<%zu) "
             "INSERT INTO jobs SELECT 27536791415281+i, t,"
             " printf('%%-13s nodelocal:///job/%%09d', t, i), 'u'||(i%%100), s FROM"
             " (SELECT i, CASE (i-1)%%5 WHEN 0 THEN 'IMPORT' WHEN 1 THEN 'BACKUP'"
             " WHEN 2 THEN 'RESTORE' WHEN 3 THEN 'CHANGEFEED' ELSE 'SCHEMA CHANGE' END AS t,"
             " CASE (i/100)%%6 WHEN 0 THEN 'pending' WHEN 1 THEN 'running' WHEN 2 THEN 'paused'"
             " WHEN 3 THEN 'succeeded' WHEN 4 THEN 'failed' ELSE 'canceled' END AS s FROM c)",
             jobs);
    if (sqlite3_exec(db, ANCHOR_TABLE, NULL, NULL, NULL) != SQLITE_OK)
        return sqlite_fail(err, db, ANCHOR_TABLE);
    if (sqlite3_exec(db, load, NULL, NULL, NULL) != SQLITE_OK)
        return sqlite_fail(err, db, load);
    return JT_OK;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The timed runs, each undone by ROLLBACK; the median into out. */
static int bulk_runs(jt_bench_sqlite_bulk *out, sqlite3 *db, jt_error *err) {
    double times[ANCHOR_RUNS_MAX] = {0};
    size_t r;
    for (r = 0; r < out->runs; r++) {
        double t0;
        if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
            return sqlite_fail(err, db, "BEGIN");
        t0 = now_s();
        if (sqlite3_exec(db, ANCHOR_BULK, NULL, NULL, NULL) != SQLITE_OK)
            return sqlite_fail(err, db, ANCHOR_BULK);
        times[r] = now_s() - t0;
        out->updated = sqlite3_changes(db);
        if (sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
            return sqlite_fail(err, db, "ROLLBACK");
    }
    qsort(times, out->runs, sizeof times[0], cmp_double);
    out->update_s = times[out->runs / 2];
    out->ns_per_row = out->update_s * 1e9 / (double)out->jobs;
    return JT_OK;
}

int jt_bench_sqlite_bulk_run(jt_bench_sqlite_bulk *out, size_t jobs, jt_error *err) {
    sqlite3 *db = NULL;
    double t0;
    int rc;
    memset(out, 0, sizeof *out);
    out->jobs = jobs;
    out->runs = jobs >= 1000000 ? 3 : jobs >= 100000 ? 5 : ANCHOR_RUNS_MAX;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        rc = sqlite_fail(err, db, ":memory:");
        goto out;
    }
    t0 = now_s();
    rc = bulk_load(db, jobs, err);
    out->setup_s = now_s() - t0;
    if (rc == JT_OK)
        out->bytes_per_row =
            (double)(query_int(db, "PRAGMA page_count") * query_int(db, "PRAGMA page_size")) /
            (double)jobs;
    if (rc == JT_OK)
        rc = bulk_runs(out, db, err);
out:
    sqlite3_close(db);
    return rc;
}
