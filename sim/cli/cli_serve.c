/* jobtck serve: the model behind the PostgreSQL wire protocol, until SIGTERM or SIGINT. */
#include "sim/cli/cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/serve/serve.h"

/* The server the signal handlers stop (one serve per process). */
static jt_serve *volatile running;

static void on_signal(int sig) {
    (void)sig;
    if (running)
        jt_serve_stop(running);
}

static void usage(FILE *f) {
    fputs("usage: jobtck serve [--listen HOST:PORT] [--profile NAME] [--max-connections N]\n"
          "                    [--world-per-database] [--progress-ms MS] [--racy-reads MS]\n"
          "\n"
          "Puts the reference model behind the PostgreSQL wire protocol (v3): psql and every\n"
          "libpq or pgwire client can connect, as any user (trust authentication), through\n"
          "the simple or the extended query protocol, in transaction blocks or not. Every\n"
          "connection sees one world (the jobs and users), as a cluster has one, whatever\n"
          "database it names. Prints the port on the first line of stdout, then serves until\n"
          "SIGTERM or SIGINT.\n"
          "\n"
          "  -l, --listen HOST:PORT    where to listen (default " JT_SERVE_DEFAULT_LISTEN
          "); port 0\n"
          "                            picks a free port\n"
          "  -p, --profile NAME        the models' profile (default " JT_PROFILE_DEFAULT ")\n"
          "  -m, --max-connections N   connections at once (default 200); the next gets\n"
          "                            53300 (too many clients) after its startup\n"
          "  -w, --world-per-database  a world of its own for each database name\n"
          "      --progress-ms MS      the jobs move on their own: one step of their progress\n"
          "                            every MS milliseconds of real time (profiles from\n"
          "                            v20.1: pause-requested -> paused ...); default 0: only\n"
          "                            on JOBTCK ADVANCE\n"
          "      --racy-reads MS       a deliberately wrong server, to test concurrency\n"
          "                            checkers (jobtck sim --sessions): a connection answers a\n"
          "                            SELECT or SHOW it ran less than MS ms ago as it did then\n"
          "  -h, --help                print this help\n"
          "\n"
          "Besides the model's SQL, serve runs these statements itself (for fixtures; the\n"
          "pgwire driver's recipe cases/recipes/serve.sql uses them):\n"
          "  JOBTCK RESET\n"
          "  JOBTCK ADVANCE      one step of the jobs' own progress\n"
          "  JOBTCK FIXTURE USER name='NAME' [admin=true|false] [controljob=true|false]\n"
          "                      [viewjob=true|false] [member_of='ROLE,...'|NULL]\n"
          "  JOBTCK FIXTURE JOB id=ID type='TYPE' status='STATUS' [user='USER'|NULL]\n"
          "                     [description='TEXT'|NULL] [error='TEXT'|NULL]\n"
          "                     [schedule=ID] [age=SECONDS]\n"
          "\n"
          "Example:\n"
          "  jobtck serve --listen 127.0.0.1:26257 &\n"
          "  psql -h 127.0.0.1 -p 26257 -U root -c 'SHOW JOBS'\n"
          "  jobtck run --driver pgwire:postgresql://root@127.0.0.1:26257/cases \\\n"
          "      --fixtures cases/recipes/serve.sql cases/\n"
          "\n"
          "Exit status: 0 after a signal, 1 when it cannot listen, 2 on bad usage.\n",
          f);
}

/* --progress-ms or --racy-reads (opt 'P' or 'R'): 0 .. a day of milliseconds into *ms; 0, or
   the exit status of bad usage. */
static int read_ms(int *ms, int opt, const char *arg, FILE *errout) {
    uint64_t n;
    if (jt_cli_parse_uint(&n, arg, 0, 86400000) < 0)
        return jt_cli_bad_usage(errout, "serve", usage,
                                "--%s expects 0 .. 86400000 milliseconds, not '%s'",
                                opt == 'P' ? "progress-ms" : "racy-reads", arg);
    *ms = (int)n;
    return 0;
}

/* The options into cfg: -1 to go on; else the command is done (--help, bad usage) and that is
   its exit status. */
static int read_options(jt_serve_config *cfg, int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"listen", required_argument, NULL, 'l'},
        {"profile", required_argument, NULL, 'p'},
        {"max-connections", required_argument, NULL, 'm'},
        {"world-per-database", no_argument, NULL, 'w'},
        {"progress-ms", required_argument, NULL, 'P'},
        {"racy-reads", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t n;
    int c, rc = 0;
    opterr = 0;
    optind = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":l:p:m:wh", options, NULL)) != -1) {
        if (c == 'l') {
            cfg->listen = optarg;
        } else if (c == 'p' && !jt_profile_find(optarg)) {
            return jt_cli_bad_usage(errout, "serve", usage, "unknown profile '%s'", optarg);
        } else if (c == 'p') {
            cfg->profile = optarg;
        } else if (c == 'm' && jt_cli_parse_uint(&n, optarg, 1, JT_SERVE_LIMIT_CONNECTIONS) < 0) {
            return jt_cli_bad_usage(errout, "serve", usage,
                                    "--max-connections expects 1 .. %d, not '%s'",
                                    JT_SERVE_LIMIT_CONNECTIONS, optarg);
        } else if (c == 'm') {
            cfg->max_connections = (int)n;
        } else if (c == 'w') {
            cfg->world_per_database = 1;
        } else if (c == 'P' || c == 'R') {
            rc = read_ms(c == 'P' ? &cfg->progress_ms : &cfg->racy_reads_ms, c, optarg, errout);
        } else if (c == 'h') {
            usage(out);
            return 0;
        } else {
            return jt_cli_bad_option(errout, "serve", usage, c, argv);
        }
    }
    if (rc != 0)
        return rc;
    if (optind < argc)
        return jt_cli_bad_usage(errout, "serve", usage, "unexpected argument '%s'", argv[optind]);
    return -1;
}

/* Serves until SIGTERM or SIGINT (the port on out's first line); the exit status. */
static int serve_until_signal(jt_serve *s, const jt_serve_config *cfg, FILE *out, FILE *errout) {
    struct sigaction sa, old_term, old_int;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    running = s;
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGINT, &sa, &old_int);
    fprintf(out, "%d\n", jt_serve_port(s));
    fflush(out);
    fprintf(errout,
            "jobtck serve: listening on port %d (--listen %s), profile %s; SIGTERM or SIGINT "
            "stops\n",
            jt_serve_port(s), cfg->listen, cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT);
    fflush(errout);
    rc = jt_serve_run(s, &err);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGINT, &old_int, NULL);
    running = NULL;
    if (rc < 0) {
        fprintf(errout, "jobtck serve: %s\n", err.message);
        return 1;
    }
    fprintf(errout, "jobtck serve: stopped\n");
    return 0;
}

int jt_cli_serve(int argc, char **argv, FILE *out, FILE *errout) {
    jt_serve_config cfg;
    jt_serve *s = NULL;
    jt_error err;
    int rc;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.listen = JT_SERVE_DEFAULT_LISTEN;
    cfg.log = errout;
    rc = read_options(&cfg, argc, argv, out, errout);
    if (rc >= 0)
        return rc;
    rc = jt_serve_new(&s, &cfg, &err);
    if (rc == JT_EINVAL)
        return jt_cli_bad_usage(errout, "serve", usage, "%s", err.message);
    if (rc < 0) {
        fprintf(errout, "jobtck serve: %s\n", err.message);
        return 1;
    }
    rc = serve_until_signal(s, &cfg, out, errout);
    jt_serve_free(s);
    return rc;
}
