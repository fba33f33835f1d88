/* Benchmarks of jobtck bench. See sim/bench/bench.h. */
#include "sim/bench/bench.h"

#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/model.h"
#include "sim/cases/case.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"

#define BULK_USERS 100
#define BULK_SQL "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'u7')"
#define BULK_RUNS_MAX 100
#define BULK_UNDO "RESUME JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'u7')"
#define SHAPE_RUNS_MAX 5 /* the other statements: fewer runs (a CANCEL is undone by fixtures) */

/* RESUME runs after an untimed PAUSE; CANCEL before fixtures that make the jobs running
   again, untimed; the selection alone returns u7's jobs in SHOW JOBS order; the whole of SHOW
   JOBS sorts every job and counts them. */
static const char *const shapes[JT_BENCH_SHAPES] = {
    BULK_UNDO,
    "CANCEL JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'u7')",
    "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'u7'",
    "SELECT count(*) FROM [SHOW JOBS]",
};

const char *jt_bench_shape_sql(int k) {
    return k >= 0 && k < JT_BENCH_SHAPES ? shapes[k] : NULL;
}

/* The CPU time of this process: on a shared machine, the time it waits for a core is left
   out, for the kit's figures and their anchors alike. */
static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the pipeline ---------------------------------------------------------------------- */

typedef struct paths {
    char **v;
    size_t n, cap;
} paths;

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.test files under dir, recursively, in name order (as the runner takes them). */
static int collect(paths *p, const char *dir, int depth) {
    DIR *dp = opendir(dir);
    struct dirent *de;
    size_t first = p->n;
    int rc = JT_OK;
    if (!dp)
        return JT_EIO;
    while (rc == JT_OK && (de = readdir(dp)) != NULL) {
        char full[4096];
        struct stat sb;
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.')
            continue;
        snprintf(full, sizeof full, "%s/%s", dir, de->d_name);
        if (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            if (depth < JT_LIMIT_DEPTH)
                rc = collect(p, full, depth + 1);
            continue;
        }
        if (len < 5 || strcmp(de->d_name + len - 5, ".test") != 0)
            continue;
        rc = jt_grow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v, JT_LIMIT_FILES);
        if (rc == JT_OK && !(p->v[p->n++] = jt_strdup(full)))
            rc = JT_ENOMEM;
    }
    closedir(dp);
    if (rc == JT_OK && p->n - first > 1)
        qsort(p->v + first, p->n - first, sizeof *p->v, cmp_str);
    return rc;
}

int jt_bench_pipeline_run(jt_bench_pipeline *out, const char *path, double min_s, jt_error *err) {
    paths files = {NULL, 0, 0};
    double t0, t;
    size_t i;
    int rc;
    memset(out, 0, sizeof *out);
    rc = collect(&files, path, 0);
    if (rc < 0) {
        rc = jt_error_set(err, rc, 0, "%s: cannot read the folder: %s", path,
                          rc == JT_EIO ? strerror(errno) : jt_strerror(rc));
        goto out;
    }
    out->files = files.n;
    if (files.n == 0) {
        rc = jt_error_set(err, JT_EINVAL, 0, "%s: no .test files in the folder", path);
        goto out;
    }
    t0 = now_s();
    do {
        jt_runner_config cfg;
        jt_runner *r = NULL;
        memset(&cfg, 0, sizeof cfg);
        rc = jt_session_open(&cfg.session, "model", NULL, err);
        if (rc == JT_OK)
            rc = jt_runner_new(&r, &cfg, err);
        if (rc == JT_OK)
            rc = jt_runner_run_path(r, path, err);
        if (rc == JT_OK) {
            const jt_run_result *run = jt_runner_result(r);
            out->statements = run->passed + run->failed + run->skipped;
            out->failed = run->failed;
        }
        jt_runner_free(r);
        if (rc < 0)
            goto out;
        out->passes++;
        t = now_s() - t0;
    } while (t < min_s);
    out->elapsed_s = t;
    out->statements_per_s = (double)(out->statements * out->passes) / t;
    /* the share of reading and parsing */
    t0 = now_s();
    for (size_t pass = 0; pass < out->passes; pass++) {
        for (i = 0; i < files.n; i++) {
            jt_case_file *cf = NULL;
            jt_error perr;
            if (jt_case_read(&cf, files.v[i], &perr) == JT_OK)
                jt_case_free(cf);
        }
    }
    out->parse_s = now_s() - t0;
out:
    for (i = 0; i < files.n; i++)
        free(files.v[i]);
    free(files.v);
    return rc;
}

/* ---- the bulk pause -------------------------------------------------------------------- */

static size_t heap_in_use(void) {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static size_t rss_now(void) {
    FILE *fp = fopen("/proc/self/statm", "r");
    unsigned long size = 0, resident = 0;
    if (fp) {
        if (fscanf(fp, "%lu %lu", &size, &resident) != 2)
            resident = 0;
        fclose(fp);
    }
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

static size_t rss_peak(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (size_t)ru.ru_maxrss * 1024;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One PAUSE, timed, and the RESUME that undoes it, untimed: its CPU time into *s. 0, or -1
   (the message in out, or in err). */
static int bulk_pair(jt_bench_bulk *out, jt_model *m, double *s, jt_error *err) {
    jt_result res;
    double t0 = now_s();
    if (jt_model_exec(m, "root", BULK_SQL, &res, err) < 0)
        return -1;
    *s = now_s() - t0;
    out->paused = res.count;
    if (res.failed) {
        out->failed = 1;
        snprintf(out->message, sizeof out->message, "%s", res.message ? res.message : "");
    }
    jt_result_dispose(&res);
    if (jt_model_exec(m, "root", BULK_UNDO, &res, err) < 0)
        return -1;
    jt_result_dispose(&res);
    return 0;
}

/* The jobs of the benchmark: 100 users u0 ... u99, then the jobs, round robin. */
static int bulk_setup(jt_model *m, size_t jobs, jt_error *err) {
    static const char *const types[4] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED"};
    char names[BULK_USERS][8];
    size_t i;
    int u;
    for (u = 0; u < BULK_USERS; u++) {
        jt_fixture fx;
        snprintf(names[u], sizeof names[u], "u%d", u);
        memset(&fx, 0, sizeof fx);
        fx.kind = JT_FIXTURE_USER;
        fx.name = names[u];
        if (jt_model_fixture(m, &fx, err) < 0)
            return -1;
    }
    for (i = 0; i < jobs; i++) {
        jt_fixture fx;
        memset(&fx, 0, sizeof fx);
        fx.kind = JT_FIXTURE_JOB;
        fx.id = (int64_t)i + 1;
        fx.type = types[i % 4];
        fx.status = "running";
        fx.user = names[i % BULK_USERS];
        if (jt_model_fixture(m, &fx, err) < 0)
            return -1;
    }
    return 0;
}

/* u7's jobs (ids 8, 108, ...: bulk_setup's round robin) made running again by fixtures, after
   a CANCEL that nothing else undoes. 0, or -1 (err). */
static int bulk_restore(jt_model *m, size_t jobs, jt_error *err) {
    size_t i;
    for (i = 7; i < jobs; i += BULK_USERS) {
        jt_fixture fx;
        memset(&fx, 0, sizeof fx);
        fx.kind = JT_FIXTURE_JOB;
        fx.id = (int64_t)i + 1;
        fx.status = "running";
        if (jt_model_fixture(m, &fx, err) < 0)
            return -1;
    }
    return 0;
}

/* One run of shape k on m: its CPU time into *s, its count into *count; what it changed
   undone untimed (a PAUSE before a RESUME, fixtures after a CANCEL). 0, or -1 (the message in
   out, or in err). */
static int shape_once(jt_bench_bulk *out, jt_model *m, int k, double *s, int64_t *count,
                      jt_error *err) {
    jt_result res;
    double t0;
    int rc = 0;
    if (k == JT_BENCH_RESUME && jt_model_exec(m, "root", BULK_SQL, &res, err) < 0)
        return -1;
    if (k == JT_BENCH_RESUME)
        jt_result_dispose(&res);
    t0 = now_s();
    if (jt_model_exec(m, "root", shapes[k], &res, err) < 0)
        return -1;
    *s = now_s() - t0;
    *count =
        k == JT_BENCH_SHOW && res.nrows == 1 && res.values[0] ? atoll(res.values[0]) : res.count;
    if (res.failed) {
        out->failed = 1;
        snprintf(out->message, sizeof out->message, "%s: %s", shapes[k],
                 res.message ? res.message : "");
        rc = -1;
    }
    jt_result_dispose(&res);
    if (rc == 0 && k == JT_BENCH_CANCEL && bulk_restore(m, out->jobs, err) < 0)
        return -1;
    return rc;
}

/* The other statements over the same jobs, after the PAUSE's runs: the median of runs each
   (fewer than the PAUSE's: fixtures undo a CANCEL, a job at a time). 0, or -1. */
static int shapes_measure(jt_bench_bulk *out, jt_model *m, jt_error *err) {
    double times[SHAPE_RUNS_MAX] = {0};
    size_t runs = out->runs < SHAPE_RUNS_MAX ? out->runs : SHAPE_RUNS_MAX, i;
    int64_t want;
    int k;
    if (!runs)
        return 0;
    for (k = 0; k < JT_BENCH_SHAPES; k++) {
        for (i = 0; i < runs; i++)
            if (shape_once(out, m, k, &times[i], &out->shape_count[k], err) < 0)
                return -1;
        qsort(times, runs, sizeof times[0], cmp_double);
        out->shape_ns_per_job[k] = times[runs / 2] * 1e9 / (double)out->jobs;
        want = k == JT_BENCH_SHOW ? (int64_t)out->jobs : out->paused;
        if (out->shape_count[k] != want) { /* a figure of the wrong work is no figure */
            out->failed = 1;
            snprintf(out->message, sizeof out->message, "%s: %lld jobs, expected %lld", shapes[k],
                     (long long)out->shape_count[k], (long long)want);
            return -1;
        }
    }
    return 0;
}

/* The measure itself, in the child. The first PAUSE is timed apart (first_s): it parses the
   statement and is the first to write the pages the child shares with its parent after the
   fork (each such write a copy of the page, charged to the child). The figure is the median
   of the runs after it, as the SQLite anchor takes the median of its runs. */
static void bulk_measure(jt_bench_bulk *out, size_t jobs) {
    double times[BULK_RUNS_MAX] = {0}, t0;
    size_t rss0 = rss_now(), heap0 = heap_in_use(), i, heap1;
    jt_model *m = NULL;
    jt_error err;
    out->jobs = jobs;
    memset(&err, 0, sizeof err);
    if (jt_model_new(&m, jt_profile_find(NULL), &err) < 0)
        goto fail;
    t0 = now_s();
    if (bulk_setup(m, jobs, &err) < 0)
        goto fail;
    out->setup_s = now_s() - t0;
    heap1 = heap_in_use();
    out->runs = jobs >= 1000000 ? 3 : 1000000 / jobs;
    if (out->runs > BULK_RUNS_MAX)
        out->runs = BULK_RUNS_MAX;
    if (bulk_pair(out, m, &out->first_s, &err) < 0)
        goto fail;
    for (i = 0; i < out->runs && !out->failed; i++)
        if (bulk_pair(out, m, &times[i], &err) < 0)
            goto fail;
    qsort(times, out->runs, sizeof times[0], cmp_double);
    out->pause_s = times[out->runs / 2];
    out->ns_per_job = out->pause_s * 1e9 / (double)jobs;
    out->heap_bytes_per_job = (double)(heap1 - heap0) / (double)jobs;
    out->peak_bytes_per_job = (double)(rss_peak() - rss0) / (double)jobs;
    /* after the peak is read: the PAUSE's memory is the figure's */
    if (!out->failed && shapes_measure(out, m, &err) < 0 && !out->failed)
        goto fail;
    jt_model_free(m);
    return;
fail:
    out->failed = 1;
    snprintf(out->message, sizeof out->message, "%s", err.message);
    jt_model_free(m);
}

int jt_bench_bulk_run(jt_bench_bulk *out, size_t jobs, jt_error *err) {
    int fds[2], status;
    pid_t pid;
    ssize_t n;
    memset(out, 0, sizeof *out);
    fflush(NULL);
    if (pipe(fds) != 0)
        return jt_error_set(err, JT_EIO, 0, "pipe: %s", strerror(errno));
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return jt_error_set(err, JT_EIO, 0, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        jt_bench_bulk res;
        memset(&res, 0, sizeof res);
        close(fds[0]);
        bulk_measure(&res, jobs);
        n = write(fds[1], &res, sizeof res);
        _exit(n == (ssize_t)sizeof res ? 0 : 1);
    }
    close(fds[1]);
    do
        n = read(fds[0], out, sizeof *out);
    while (n < 0 && errno == EINTR);
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (n != (ssize_t)sizeof *out)
        return jt_error_set(err, JT_EIO, 0, "the measure over %zu jobs died (%s)", jobs,
                            WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "no result");
    return JT_OK;
}
