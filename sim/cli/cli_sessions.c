/* jobtck sim --sessions K: a concurrent history on one implementation, checked for
   linearizability against the model (sim/search/history.h). */
#include "sim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/search/history.h"

enum { OPT_TIME_LIMIT = 1000, OPT_SINGULAR };

static void usage(FILE *f) {
    fputs("usage: jobtck sim --sessions K [--seed S] [--steps N] [--jobs J] [--singular]\n"
          "                  [--driver SPEC] [--fixtures FILE] [--profile NAME]\n"
          "                  [--time-limit MS]\n"
          "\n"
          "K sessions, each a thread with its own connection and user (root, alice an admin,\n"
          "maxroach, ops with CONTROLJOB), send PAUSE/RESUME/CANCEL JOB(S) and reads of the\n"
          "jobs' statuses to one implementation at once, drawn from the seed; every operation's\n"
          "invocation and completion times and result are recorded. Then the history is\n"
          "checked against the model: is there one order of the operations, consistent with\n"
          "real time, in which the model gives every observed result? (A linearizability\n"
          "search per group of jobs, after Porcupine.) Past the search's bound the answer is\n"
          "\"unknown\", never a pass.\n"
          "\n"
          "  -k, --sessions K     sessions at once, 2 to 32\n"
          "  -s, --seed S         the seed (default: drawn, and printed first)\n"
          "  -n, --steps N        operations per session (default 200)\n"
          "  -j, --jobs J         jobs in the world, 1 to 16 (default 4)\n"
          "      --singular       no statement names two jobs (PAUSE JOBS VALUES (a), (b)):\n"
          "                       each job's operations are then a group searched alone\n"
          "  -d, --driver SPEC    pgwire:URL (a server all sessions share, each on a connection\n"
          "                       of its own), or a driver whose connections have a state each\n"
          "                       (model, plugin, exec: one connection shared behind a lock,\n"
          "                       linearizable by construction)\n"
          "      --driver-option KEY=VALUE\n"
          "                       an option of the driver, repeatable (jobtck run --help)\n"
          "      --fixtures FILE  pgwire: the recipe that makes the world's users and jobs\n"
          "  -p, --profile NAME   the model's profile, the oracle (default " JT_PROFILE_DEFAULT
          ")\n"
          "      --time-limit MS  the search's time bound (default 60000)\n"
          "  -h, --help           print this help\n"
          "\n"
          "Exit status: 0 linearizable, 1 not linearizable or unknown, 2 bad usage or a driver\n"
          "that failed.\n"
          "\n"
          "Example:\n"
          "  jobtck serve --listen 127.0.0.1:26257 &\n"
          "  jobtck sim --sessions 4 --seed 1 --driver pgwire:postgresql://root@127.0.0.1:26257/h "
          "\\\n"
          "      --fixtures cases/recipes/serve.sql\n",
          f);
}

static int help(FILE *out) {
    usage(out);
    return 0;
}

/* One option of --sessions' own; -1 when taken, else the exit status (after a message). */
static int sessions_option(jt_history_config *cfg, int c, int *seeded, FILE *out, FILE *errout,
                           char *const *argv) {
    uint64_t v;
    if (c == 'k' && jt_cli_parse_uint(&v, optarg, 2, JT_HISTORY_MAX_SESSIONS) == 0)
        cfg->sessions = (unsigned)v;
    else if (c == 'k')
        return jt_cli_bad_usage(errout, "sim", usage, "--sessions: expected 2 to %d, got '%s'",
                                JT_HISTORY_MAX_SESSIONS, optarg);
    else if (c == 's' && jt_cli_parse_uint(&cfg->seed, optarg, 0, UINT64_MAX) == 0)
        *seeded = 1;
    else if (c == 's')
        return jt_cli_bad_usage(errout, "sim", usage, "--seed: expected 0 to 2^64-1, got '%s'",
                                optarg);
    else if (c == 'n' && jt_cli_parse_uint(&v, optarg, 1, JT_HISTORY_MAX_OPS) == 0)
        cfg->ops = (unsigned)v;
    else if (c == 'n')
        return jt_cli_bad_usage(errout, "sim", usage, "--steps: expected 1 to %d, got '%s'",
                                JT_HISTORY_MAX_OPS, optarg);
    else if (c == 'j' && jt_cli_parse_uint(&v, optarg, 1, JT_HISTORY_MAX_JOBS) == 0)
        cfg->jobs = (unsigned)v;
    else if (c == 'j')
        return jt_cli_bad_usage(errout, "sim", usage, "--jobs: expected 1 to %d, got '%s'",
                                JT_HISTORY_MAX_JOBS, optarg);
    else if (c == OPT_SINGULAR)
        cfg->singular = 1;
    else if (c == OPT_TIME_LIMIT && jt_cli_parse_uint(&v, optarg, 1, 86400000) == 0)
        cfg->time_limit_ms = (int)v;
    else if (c == OPT_TIME_LIMIT)
        return jt_cli_bad_usage(errout, "sim", usage,
                                "--time-limit: expected 1 to 86400000 ms, got '%s'", optarg);
    else if (c == 'h')
        return help(out);
    else if (c == ':')
        return jt_cli_bad_usage(errout, "sim", usage, "option '%s' needs a value",
                                argv[optind - 1]);
    else if (optopt && optopt != '?')
        return jt_cli_bad_usage(errout, "sim", usage, "unknown option '-%c'", optopt);
    else
        return jt_cli_bad_usage(errout, "sim", usage, "unknown option '%s' (with --sessions)",
                                argv[optind - 1]);
    return -1;
}

/* Reads the command line into cfg and drv; -1 to go on, else the exit status. */
static int parse_args(jt_history_config *cfg, jt_cli_driver *drv, int *seeded, int argc,
                      char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"sessions", required_argument, NULL, 'k'},
        {"seed", required_argument, NULL, 's'},
        {"steps", required_argument, NULL, 'n'},
        {"jobs", required_argument, NULL, 'j'},
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        JT_CLI_DRIVER_OPTION,
        {"fixtures", required_argument, NULL, JT_CLI_OPT_FIXTURES},
        {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
        {"singular", no_argument, NULL, OPT_SINGULAR},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, st;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":k:s:n:j:d:p:h", options, NULL)) != -1) {
        st = jt_cli_driver_arg(drv, c, optarg, errout);
        if (st > 0)
            return st;
        if (st < 0 && (st = sessions_option(cfg, c, seeded, out, errout, argv)) >= 0)
            return st;
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "sim", usage, "unexpected argument '%s'", argv[optind]);
    if (!cfg->sessions)
        return jt_cli_bad_usage(errout, "sim", usage, "--sessions K is required");
    if (drv->profile && !jt_profile_find(drv->profile))
        return jt_cli_bad_usage(errout, "sim", usage, "unknown profile '%s'", drv->profile);
    return -1;
}

/* The verdict, and the command that runs the same operations again. */
static void print_verdict(FILE *out, const jt_history_config *cfg, const jt_history_report *rep,
                          const char *words) {
    char searched[48] = "";
    if (rep->searched < rep->parts)
        snprintf(searched, sizeof searched, " (%zu searched)", rep->searched);
    fprintf(out,
            "%u sessions, %zu operations, %zu group%s of jobs%s; %llu search states in %lld ms: "
            "%s\n",
            cfg->sessions, rep->ops, rep->parts, rep->parts == 1 ? "" : "s", searched,
            (unsigned long long)rep->states, (long long)rep->search_ms,
            rep->verdict == JT_HIST_LINEARIZABLE ? "linearizable"
            : rep->verdict == JT_HIST_VIOLATION
                ? "NOT linearizable"
                : "unknown (the search reached its bound: nothing is claimed)");
    if (rep->verdict != JT_HIST_LINEARIZABLE)
        fprintf(out,
                "again (the same operations; their timing is the scheduler's): jobtck sim "
                "--sessions %u --seed %llu --steps %u --jobs %u%s%s%s --driver %s\n",
                cfg->sessions, (unsigned long long)cfg->seed, cfg->ops, cfg->jobs,
                cfg->singular ? " --singular" : "", cfg->profile ? " --profile " : "",
                cfg->profile ? cfg->profile : "", words ? words : "?");
}

int jt_cli_sim_sessions(int argc, char **argv, FILE *out, FILE *errout) {
    jt_history_config cfg;
    jt_history_report rep;
    jt_cli_driver drv;
    jt_error err;
    char *words = NULL;
    int status, seeded = 0;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    jt_cli_driver_init(&drv, "sim", usage);
    cfg.ops = 200;
    cfg.jobs = 4;
    status = parse_args(&cfg, &drv, &seeded, argc, argv, out, errout);
    if (status >= 0)
        goto out;
    /* the oracle's profile is the model's, when the driver is the model */
    status = jt_cli_driver_open(&cfg.session, &drv, 1, errout);
    if (status != 0)
        goto out;
    cfg.profile = drv.profile;
    if (!seeded)
        cfg.seed = jt_cli_random_seed();
    cfg.out = out;
    fprintf(out, "seed %llu\n", (unsigned long long)cfg.seed);
    fflush(out);
    if (jt_history_run(&rep, &cfg, &err) < 0) {
        fprintf(errout, "jobtck sim: %s\n", err.message);
        status = 2;
        goto out;
    }
    words = jt_cli_driver_words(&drv);
    print_verdict(out, &cfg, &rep, words);
    status = rep.verdict == JT_HIST_LINEARIZABLE ? 0 : 1;
out:
    jt_session_close(cfg.session);
    free(words);
    jt_cli_driver_dispose(&drv);
    return status;
}
