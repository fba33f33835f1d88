/*
 * serve_latency: how long another connection's `SELECT 1` waits while one client reads a large
 * SHOW JOBS from jobtck serve. Prints figures, asserts nothing about time.
 *
 *   serve_latency [--jobs N] [--url URL] [--every MS]
 *
 * Without --url it starts jobtck serve (the library, in a child process) on 127.0.0.1 with a
 * free port, and reports its memory (resident, and its peak) too; with --url it uses that
 * server, which must run serve's JOBTCK statements. It adds N jobs (default 200000, through
 * libpq's pipeline mode), measures `SELECT 1` alone, then while a second connection reads
 * SHOW JOBS row by row (libpq's single-row mode): one `SELECT 1` every MS milliseconds
 * (default 5), its latency's median, 99th percentile and maximum.
 */
#include <getopt.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/serve/serve.h"

#define MAX_SAMPLES 100000

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void usage(FILE *f) {
    fputs("usage: serve_latency [--jobs N] [--url URL] [--every MS]\n"
          "\n"
          "SELECT 1's latency on one connection of jobtck serve while another reads SHOW JOBS\n"
          "of N jobs (started here unless --url names a serve).\n"
          "  -n, --jobs N     jobs (default 200000)\n"
          "  -u, --url URL    a running serve (postgresql://root@127.0.0.1:26257/latency)\n"
          "  -e, --every MS   one SELECT 1 every MS milliseconds while the rows flow (default 5)\n",
          f);
}

static PGconn *connect_or_die(const char *url) {
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "serve_latency: %s", PQerrorMessage(pg));
        exit(1);
    }
    return pg;
}

/* n jobs through the pipeline mode: a JOBTCK FIXTURE each, a Sync every thousand. */
static void add_jobs(PGconn *pg, long n) {
    long i, pending = 0;
    PGresult *r;
    if (!PQenterPipelineMode(pg)) {
        fprintf(stderr, "serve_latency: no pipeline mode: %s", PQerrorMessage(pg));
        exit(1);
    }
    for (i = 1; i <= n; i++) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "JOBTCK FIXTURE JOB id=%ld type='BACKUP' status='running' user='root'", i);
        PQsendQueryParams(pg, sql, 0, NULL, NULL, NULL, NULL, 0);
        if (++pending == 1000 || i == n) {
            PQpipelineSync(pg);
            for (; pending >= 0; pending--) /* each statement's results, then the sync's */
                while ((r = PQgetResult(pg)) != NULL) {
                    if (PQresultStatus(r) == PGRES_FATAL_ERROR) {
                        fprintf(stderr, "serve_latency: %s", PQresultErrorMessage(r));
                        exit(1);
                    }
                    if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
                        PQclear(r);
                        break;
                    }
                    PQclear(r);
                }
            pending = 0;
        }
    }
    PQexitPipelineMode(pg);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *what, double *v, size_t n) {
    if (n == 0) {
        printf("%s: no sample\n", what);
        return;
    }
    qsort(v, n, sizeof *v, cmp_double);
    printf("%s: %zu samples, median %.2f ms, p99 %.2f ms, max %.2f ms\n", what, n, v[n / 2],
           v[(size_t)((double)n * 0.99) < n ? (size_t)((double)n * 0.99) : n - 1], v[n - 1]);
}

/* SELECT 1 n times on pg, one after the other: latencies into v. */
static size_t alone(PGconn *pg, double *v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        double t = now_ms();
        PGresult *r = PQexec(pg, "SELECT 1");
        v[i] = now_ms() - t;
        PQclear(r);
    }
    return n;
}

/* One SELECT 1 on probe every every_ms while reader reads SHOW JOBS: latencies into v. */
static size_t beside(PGconn *reader, PGconn *probe, double every_ms, double *v, long *rows,
                     double *took) {
    double start = now_ms(), next = start, sent = 0;
    size_t n = 0;
    int reading = 1, waiting = 0;
    PQsendQuery(reader, "SHOW JOBS");
    PQsetSingleRowMode(reader);
    PQsetnonblocking(probe, 1);
    *rows = 0;
    while (reading) {
        struct pollfd pfd[2] = {{PQsocket(reader), POLLIN, 0}, {PQsocket(probe), POLLIN, 0}};
        double t = now_ms();
        if (!waiting && t >= next && n < MAX_SAMPLES) {
            PQsendQuery(probe, "SELECT 1");
            PQflush(probe);
            sent = t;
            waiting = 1;
        }
        poll(pfd, 2, waiting ? 50 : (int)(next - t) + 1);
        PQconsumeInput(reader);
        while (reading && !PQisBusy(reader)) {
            PGresult *r = PQgetResult(reader);
            if (!r) {
                reading = 0;
                break;
            }
            *rows += PQresultStatus(r) == PGRES_SINGLE_TUPLE;
            PQclear(r);
        }
        PQconsumeInput(probe);
        if (waiting && !PQisBusy(probe)) {
            PGresult *r;
            while ((r = PQgetResult(probe)) != NULL)
                PQclear(r);
            v[n++] = now_ms() - sent;
            waiting = 0;
            next = sent + every_ms;
        }
    }
    *took = now_ms() - start;
    return n;
}

/* The resident memory and its peak of process pid, in MB ("?" without /proc). */
static void memory_of(pid_t pid, const char *when) {
    char path[64], line[256];
    long rss = -1, peak = -1;
    FILE *f;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        sscanf(line, "VmRSS: %ld kB", &rss);
        sscanf(line, "VmHWM: %ld kB", &peak);
    }
    fclose(f);
    printf("serve's memory %s: resident %.1f MB, peak %.1f MB\n", when, (double)rss / 1024.0,
           (double)peak / 1024.0);
}

/* jobtck serve in a child process on a free port: its URL into url. */
static pid_t start_serve(char *url, size_t size) {
    jt_serve_config cfg;
    jt_serve *s = NULL;
    jt_error err;
    pid_t child;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.listen = "127.0.0.1:0";
    if (jt_serve_new(&s, &cfg, &err) < 0) {
        fprintf(stderr, "serve_latency: %s\n", err.message);
        exit(1);
    }
    snprintf(url, size, "postgresql://root@127.0.0.1:%d/latency?sslmode=disable", jt_serve_port(s));
    fflush(NULL);
    child = fork();
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        jt_serve_run(s, &err);
        jt_serve_free(s);
        _exit(0);
    }
    jt_serve_free(s);
    return child;
}

int main(int argc, char **argv) {
    static const struct option options[] = {{"jobs", required_argument, NULL, 'n'},
                                            {"url", required_argument, NULL, 'u'},
                                            {"every", required_argument, NULL, 'e'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    static double v[MAX_SAMPLES];
    char own[128];
    const char *url = NULL;
    long jobs = 200000, rows;
    double every = 5, took, t;
    pid_t child = 0;
    PGconn *setup, *reader, *probe;
    size_t n;
    int c;
    while ((c = getopt_long(argc, argv, "n:u:e:h", options, NULL)) != -1) {
        if (c == 'n')
            jobs = atol(optarg);
        else if (c == 'u')
            url = optarg;
        else if (c == 'e')
            every = atof(optarg);
        else {
            usage(c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (jobs < 1 || every <= 0) {
        usage(stderr);
        return 2;
    }
    if (!url) {
        child = start_serve(own, sizeof own);
        url = own;
    }
    setup = connect_or_die(url);
    PQclear(PQexec(setup, "JOBTCK RESET"));
    t = now_ms();
    add_jobs(setup, jobs);
    printf("%ld jobs added in %.1f s\n", jobs, (now_ms() - t) / 1e3);
    PQfinish(setup);
    if (child)
        memory_of(child, "with the jobs");
    reader = connect_or_die(url);
    probe = connect_or_die(url);
    report("SELECT 1 alone", v, alone(probe, v, 200));
    n = beside(reader, probe, every, v, &rows, &took);
    printf("SHOW JOBS: %ld rows read in %.2f s (%.0f rows/s)\n", rows, took / 1e3,
           (double)rows / (took / 1e3));
    report("SELECT 1 while another connection reads them", v, n);
    if (child)
        memory_of(child, "after");
    PQfinish(reader);
    PQfinish(probe);
    if (child) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    return 0;
}
