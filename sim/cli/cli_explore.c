/* jobtck explore: every state of the model reachable from all jobs pending, invariants checked. */
#include "sim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/search/explore.h"

static void usage(FILE *f) {
    fputs("usage: jobtck explore [--jobs J] [--users U] [--profile NAME] [--depth D]\n"
          "                      [--threads N] [--verify | --plain] [--bitstate MB]\n"
          "                      [--driver SPEC] [--max-states N] [--out FILE]\n"
          "\n"
          "Visits every state of the model reachable from all jobs pending, once each,\n"
          "breadth first. Job j has the profile's (j-1) mod T-th job type (v2.1: IMPORT,\n"
          "BACKUP, RESTORE, CHANGEFEED, SCHEMA CHANGE) and owner (j-1) mod U; user 0 is root,\n"
          "users 1, 2, ... are in turn not an admin, an admin, and where the profile has\n"
          "them a CONTROLJOB holder, a VIEWJOB holder, a member of user 1's role. Actions:\n"
          "PAUSE/RESUME/CANCEL JOB j and (not v2.0) PAUSE/RESUME/CANCEL JOBS of each\n"
          "owner's jobs by every user, each job's own run (start, succeed, fail), and from\n"
          "v20.1 a step of the virtual clock. After every step, the invariants of the\n"
          "profile's release:\n"
          "  a terminal status never changes; a failing statement changes nothing; (not\n"
          "  v2.0) a bulk statement that succeeds equals its singular statements in order;\n"
          "  PAUSE then RESUME of a running job gives running; v2.1 to v20.1, a non-admin's\n"
          "  control statement never succeeds; to v19.2, a SCHEMA CHANGE job is never\n"
          "  paused; from v20.1, a requested pause ends paused or terminal; from v20.2, a\n"
          "  non-admin without CONTROLJOB never controls a job (from v25.1: but its own and\n"
          "  its role's), an admin's job is never controlled by a non-admin; from v25.1,\n"
          "  the owner of a job (or a member of its owning role) is never refused its\n"
          "  control for privilege.\n"
          "A violation is written as a case file that replays it with `jobtck run`.\n"
          "\n"
          "The search asks the implementation, once per context, what each action does to\n"
          "the part of the state it reads, then runs on packed states on every core.\n"
          "\n"
          "  -j, --jobs J         jobs, 1 to 21 (default 5)\n"
          "  -u, --users U        users, 1 to 100 (default: root and one of each kind)\n"
          "  -p, --profile NAME   the release whose model and invariants to explore\n"
          "  -D, --depth D        expand no state deeper than D steps (default: no bound)\n"
          "  -t, --threads N      threads of the search (default: one per core)\n"
          "      --verify         also run every action from every state through the driver\n"
          "                       and check it gives what the memo said (one thread, slow)\n"
          "      --plain          run every transition through the driver (slow)\n"
          "      --bitstate MB    a partial search in MB megabytes (bitstate hashing, depth\n"
          "                       first): its expected coverage, never a proof\n"
          "      --memory MB      the visited states' bitmap at most (default 1024)\n"
          "  -d, --driver SPEC    model or model:PROFILE (default model): explore reads the\n"
          "                       state of the model behind the connection\n"
          "      --driver-option KEY=VALUE\n"
          "                       an option of the driver, repeatable (profile=PROFILE)\n"
          "  -m, --max-states N   stop after N states (default 2000000000)\n"
          "  -o, --out FILE       where a violation's trace goes (default explore-trace.test)\n"
          "  -h, --help           print this help\n"
          "\n"
          "Exit status: 0 no violation, 1 a violation (trace written), 2 bad usage or the kit\n"
          "could not run.\n"
          "\n"
          "Examples:\n"
          "  jobtck explore --jobs 5 --users 3\n"
          "  jobtck explore --profile v20.2 --jobs 4 --verify\n",
          f);
}

enum { OPT_VERIFY = 1000, OPT_PLAIN, OPT_BITSTATE, OPT_MEMORY };

/* A number of megabytes as bytes, or bad usage. */
static int megabytes(size_t *out, const char *opt, FILE *errout) {
    uint64_t v;
    if (jt_cli_parse_uint(&v, optarg, 1, 1u << 20) < 0)
        return jt_cli_bad_usage(errout, "explore", usage, "%s: expected 1 to 1048576, got '%s'",
                                opt, optarg);
    *out = (size_t)v << 20;
    return -1;
}

/* A number between lo and hi for option opt, or bad usage. */
static int number(int *out, const char *opt, uint64_t lo, uint64_t hi, FILE *errout) {
    uint64_t v;
    if (jt_cli_parse_uint(&v, optarg, lo, hi) < 0)
        return jt_cli_bad_usage(errout, "explore", usage, "%s: expected %llu to %llu, got '%s'",
                                opt, (unsigned long long)lo, (unsigned long long)hi, optarg);
    *out = (int)v;
    return -1;
}

/* One option of explore's own; -1 when taken, else the exit status (after a message). */
static int explore_option(jt_explore_config *cfg, int c, FILE *out, FILE *errout,
                          char *const *argv) {
    uint64_t v;
    switch (c) {
    case 'j':
        return number(&cfg->jobs, "--jobs", 1, JT_EXPLORE_MAX_JOBS, errout);
    case 'u':
        return number(&cfg->users, "--users", 1, JT_EXPLORE_MAX_USERS, errout);
    case 'D':
        return number(&cfg->depth, "--depth", 0, 65534, errout);
    case 't':
        return number(&cfg->threads, "--threads", 1, JT_EXPLORE_MAX_THREADS, errout);
    case 'm':
        if (jt_cli_parse_uint(&v, optarg, 1, JT_EXPLORE_MAX_STATES) < 0)
            return jt_cli_bad_usage(errout, "explore", usage,
                                    "--max-states: expected 1 to %d, got '%s'",
                                    JT_EXPLORE_MAX_STATES, optarg);
        cfg->max_states = (size_t)v;
        return -1;
    case OPT_VERIFY:
    case OPT_PLAIN:
        cfg->mode = c == OPT_VERIFY ? JT_EXPLORE_VERIFY : JT_EXPLORE_PLAIN;
        return -1;
    case OPT_BITSTATE:
        return megabytes(&cfg->bitstate_bytes, "--bitstate", errout);
    case OPT_MEMORY:
        return megabytes(&cfg->memory_bytes, "--memory", errout);
    case 'o':
        cfg->trace_path = optarg;
        return -1;
    case 'h':
        usage(out);
        return 0;
    default:
        return jt_cli_bad_option(errout, "explore", usage, c, argv);
    }
}

/* Reads the command line; -1 to go on, else the exit status. */
static int parse_args(jt_explore_config *cfg, jt_cli_driver *drv, int argc, char **argv, FILE *out,
                      FILE *errout) {
    static const struct option options[] = {
        {"jobs", required_argument, NULL, 'j'},
        {"users", required_argument, NULL, 'u'},
        {"profile", required_argument, NULL, 'p'},
        {"depth", required_argument, NULL, 'D'},
        {"threads", required_argument, NULL, 't'},
        {"verify", no_argument, NULL, OPT_VERIFY},
        {"plain", no_argument, NULL, OPT_PLAIN},
        {"bitstate", required_argument, NULL, OPT_BITSTATE},
        {"memory", required_argument, NULL, OPT_MEMORY},
        {"driver", required_argument, NULL, 'd'},
        JT_CLI_DRIVER_OPTION,
        {"max-states", required_argument, NULL, 'm'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, st;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":j:u:p:D:t:d:m:o:h", options, NULL)) != -1) {
        st = jt_cli_driver_arg(drv, c, optarg, errout);
        if (st > 0)
            return st;
        if (st < 0 && (st = explore_option(cfg, c, out, errout, argv)) >= 0)
            return st;
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "explore", usage, "unexpected argument '%s'", argv[optind]);
    if (cfg->bitstate_bytes && cfg->mode != JT_EXPLORE_MEMO)
        return jt_cli_bad_usage(errout, "explore", usage,
                                "--bitstate is a memoised search: not with --verify or --plain");
    return -1;
}

int jt_cli_explore(int argc, char **argv, FILE *out, FILE *errout) {
    jt_explore_config cfg;
    jt_explore_report rep;
    jt_cli_driver drv;
    jt_error err;
    char *words = NULL;
    int status;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    jt_cli_driver_init(&drv, "explore", usage);
    cfg.jobs = 5;
    cfg.depth = -1;
    status = parse_args(&cfg, &drv, argc, argv, out, errout);
    if (status >= 0)
        goto out;
    status = jt_cli_driver_open(&cfg.session, &drv, 1, errout);
    if (status == 0 && !jt_session_model(cfg.session))
        status = jt_cli_bad_usage(errout, "explore", usage,
                                  "--driver: expected model or model:PROFILE, got '%s'", drv.spec);
    if (status == 0 && !(words = jt_cli_driver_words(&drv))) {
        fprintf(errout, "jobtck explore: out of memory\n");
        status = 2;
    }
    if (status != 0)
        goto out;
    cfg.driver_spec = words;
    cfg.out = out;
    if (jt_explore_run(&rep, &cfg, &err) < 0) {
        fflush(out);
        fprintf(errout, "jobtck explore: %s\n", err.message);
        status = 2;
    } else {
        status = rep.violation ? 1 : 0;
    }
out:
    jt_session_close(cfg.session);
    free(words);
    jt_cli_driver_dispose(&drv);
    return status;
}
