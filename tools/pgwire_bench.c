/*
 * pgwire_bench: statements per second through the pgwire driver to jobtck serve, and beside it
 * a plain libpq loop (PQexec, PQclear) sending the same statements to the same server, so that
 * the driver's own cost shows: its overhead over the plain loop. Prints figures, asserts
 * nothing about time.
 *
 *   pgwire_bench [--rounds N] [--statements N] [--url URL]
 *
 * Without --url it starts jobtck serve (the library, in a child process) on 127.0.0.1 with a
 * free port; with --url it uses that server, which must run the JOBTCK statements of serve
 * (the setup adds five jobs with them). Each round runs both loops back to back, in turns
 * which first; the overhead is the median of the rounds' time ratios, which a machine's load
 * moves less than it moves either loop's rate. The client's CPU time a statement is beside it.
 */
#include <getopt.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/drivers/session.h"
#include "sim/serve/serve.h"

#define MAX_ROUNDS 1001

static const char *const statements[] = {
    "PAUSE JOB 1",
    "RESUME JOB 1",
    "SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 1",
    "SELECT * FROM [SHOW JOBS] LIMIT 5",
};
#define NSTATEMENTS (sizeof statements / sizeof statements[0])

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process (the client side only: serve runs in another). */
static double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *f) {
    fputs("usage: pgwire_bench [--rounds N] [--statements N] [--url URL]\n"
          "\n"
          "Statements per second through the pgwire driver and through a plain libpq loop, to\n"
          "jobtck serve (started here unless --url names one), and the driver's overhead.\n"
          "  -r, --rounds N       rounds (default 41, at most 1001); in each, both loops run\n"
          "                       n statements, in turns which goes first\n"
          "  -n, --statements N   statements a loop a round (default 1000)\n"
          "  -u, --url URL        a running serve (postgresql://root@127.0.0.1:26257/bench)\n",
          f);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The plain loop: seconds for n statements, or a negative number on an error. */
static double plain_loop(PGconn *pg, long n) {
    double t0 = now_s();
    long i;
    for (i = 0; i < n; i++) {
        PGresult *r = PQexec(pg, statements[(size_t)i % NSTATEMENTS]);
        ExecStatusType st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            fprintf(stderr, "pgwire_bench: libpq: %s", PQresultErrorMessage(r));
            PQclear(r);
            return -1;
        }
        PQclear(r);
    }
    return now_s() - t0;
}

/* The driver's loop: seconds for n statements, or a negative number on an error. */
static double driver_loop(jt_session *conn, long n) {
    double t0 = now_s();
    long i;
    for (i = 0; i < n; i++) {
        jt_result res;
        jt_error err;
        memset(&err, 0, sizeof err);
        if (jt_session_exec(conn, "root", statements[(size_t)i % NSTATEMENTS], &res, &err) < 0) {
            fprintf(stderr, "pgwire_bench: pgwire: %s\n", err.message);
            return -1;
        }
        if (res.failed) {
            fprintf(stderr, "pgwire_bench: pgwire: %s: %s\n", res.sqlstate, res.message);
            jt_session_free_result(conn, &res);
            return -1;
        }
        jt_session_free_result(conn, &res);
    }
    return now_s() - t0;
}

/* jobtck serve in a child process on a free port of 127.0.0.1: its URL in url, its pid. */
static pid_t start_serve(char *url, size_t size) {
    jt_serve_config cfg;
    jt_serve *s = NULL;
    jt_error err;
    pid_t child;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.listen = "127.0.0.1:0";
    cfg.log = stderr;
    if (jt_serve_new(&s, &cfg, &err) < 0) {
        fprintf(stderr, "pgwire_bench: serve: %s\n", err.message);
        return -1;
    }
    snprintf(url, size, "postgresql://root@127.0.0.1:%d/bench?sslmode=disable", jt_serve_port(s));
    fflush(NULL);
    child = fork();
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        jt_serve_run(s, &err);
        jt_serve_free(s);
        _exit(0);
    }
    jt_serve_free(s);
    if (child < 0)
        perror("pgwire_bench: fork");
    return child;
}

/* Five running jobs on the server, with serve's JOBTCK statements. */
static int setup(PGconn *pg) {
    int k;
    for (k = 1; k <= 5; k++) {
        char sql[128];
        PGresult *r;
        snprintf(sql, sizeof sql, "JOBTCK FIXTURE JOB id=%d type='IMPORT' status='running'", k);
        r = PQexec(pg, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fprintf(stderr, "pgwire_bench: setup: %s", PQresultErrorMessage(r));
            PQclear(r);
            return -1;
        }
        PQclear(r);
    }
    return 0;
}

/* Both loops, rounds times, in turns which goes first; the figures printed. */
typedef struct times {
    double plain_s[MAX_ROUNDS], driver_s[MAX_ROUNDS], plain_cpu[MAX_ROUNDS], driver_cpu[MAX_ROUNDS],
        ratio[MAX_ROUNDS];
    double plain_total, driver_total;
} times;

static int one_round(times *t, int k, PGconn *pg, jt_session *conn, long n) {
    int first = k % 2; /* 0: plain first */
    double c[3];
    int i;
    for (i = 0; i < 2; i++) {
        c[i] = cpu_s();
        if ((i == 0) == (first == 0))
            t->plain_s[k] = plain_loop(pg, n);
        else
            t->driver_s[k] = driver_loop(conn, n);
    }
    c[2] = cpu_s();
    t->plain_cpu[k] = first == 0 ? c[1] - c[0] : c[2] - c[1];
    t->driver_cpu[k] = first == 0 ? c[2] - c[1] : c[1] - c[0];
    if (t->plain_s[k] < 0 || t->driver_s[k] < 0)
        return -1;
    t->ratio[k] = t->driver_s[k] / t->plain_s[k];
    t->plain_total += t->plain_s[k];
    t->driver_total += t->driver_s[k];
    return 0;
}

static void print_times(times *t, long rounds, long n) {
    double plain_med = median(t->plain_s, (int)rounds),
           driver_med = median(t->driver_s, (int)rounds);
    double plain_cpu_med = median(t->plain_cpu, (int)rounds);
    double driver_cpu_med = median(t->driver_cpu, (int)rounds);
    double ratio_med = median(t->ratio, (int)rounds); /* sorts ratio */
    printf("libpq loop:    %8.0f stmt/s overall, %8.0f median round, client cpu %.2f us a "
           "statement\n",
           (double)(n * rounds) / t->plain_total, (double)n / plain_med,
           plain_cpu_med / (double)n * 1e6);
    printf("pgwire driver: %8.0f stmt/s overall, %8.0f median round, client cpu %.2f us a "
           "statement\n",
           (double)(n * rounds) / t->driver_total, (double)n / driver_med,
           driver_cpu_med / (double)n * 1e6);
    printf("round time pgwire/libpq: min %.3f, median %.3f, max %.3f\n", t->ratio[0], ratio_med,
           t->ratio[rounds - 1]);
    printf("the pgwire driver's overhead over the plain libpq loop: %+.1f%% (median of the "
           "rounds' ratios; target: under 10%%), %+.2f us of client cpu a statement\n",
           (ratio_med - 1) * 100, (driver_cpu_med - plain_cpu_med) / (double)n * 1e6);
}

/* Connects both loops to url and runs the rounds; 0, or 2 after a message. */
static int measure(const char *url, long rounds, long n, int given) {
    static times t;
    char spec[300];
    PGconn *pg = PQconnectdb(url);
    jt_session *conn = NULL;
    jt_error err;
    int k, status = 2;
    memset(&err, 0, sizeof err);
    memset(&t, 0, sizeof t);
    snprintf(spec, sizeof spec, "pgwire:%s", url);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "pgwire_bench: %s", PQerrorMessage(pg));
        goto out;
    }
    if (setup(pg) < 0)
        goto out;
    if (jt_session_open(&conn, spec, NULL, &err) < 0) {
        fprintf(stderr, "pgwire_bench: %s\n", err.message);
        goto out;
    }
    if (driver_loop(conn, 100) < 0 || plain_loop(pg, 100) < 0) /* warm up, connect */
        goto out;
    printf("pgwire_bench: %ld rounds of %ld statements (%zu kinds in turn) through each loop, "
           "alternating which goes first; %s%s\n",
           rounds, n, NSTATEMENTS, given ? "server " : "jobtck serve in a child process, ", url);
    for (k = 0; k < rounds; k++)
        if (one_round(&t, k, pg, conn, n) < 0)
            goto out;
    print_times(&t, rounds, n);
    status = 0;
out:
    jt_session_close(conn);
    PQfinish(pg);
    return status;
}

int main(int argc, char **argv) {
    static const struct option options[] = {
        {"rounds", required_argument, NULL, 'r'},
        {"statements", required_argument, NULL, 'n'},
        {"url", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char url[256];
    const char *given = NULL;
    long n = 1000, rounds = 41;
    pid_t child = 0;
    int c, status;
    while ((c = getopt_long(argc, argv, "r:n:u:h", options, NULL)) != -1) {
        if (c == 'r') {
            rounds = strtol(optarg, NULL, 10);
        } else if (c == 'n') {
            n = strtol(optarg, NULL, 10);
        } else if (c == 'u') {
            given = optarg;
        } else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc || rounds < 1 || rounds > MAX_ROUNDS || n < 1 || n > 100000000) {
        usage(stderr);
        return 2;
    }
    if (given)
        snprintf(url, sizeof url, "%s", given);
    else if ((child = start_serve(url, sizeof url)) < 0)
        return 2;
    status = measure(url, rounds, n, given != NULL);
    if (child > 0) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    return status;
}
