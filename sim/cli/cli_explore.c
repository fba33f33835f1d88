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
    fputs("usage: jobtck explore [--jobs J] [--users U] [--depth D] [--driver SPEC]\n"
          "                      [--max-states N] [--out FILE]\n"
          "\n"
          "Visits every state of the model reachable from all jobs pending, once each,\n"
          "breadth first. Job j has type (j-1) mod 5 (IMPORT, BACKUP, RESTORE, CHANGEFEED,\n"
          "SCHEMA CHANGE) and owner (j-1) mod U; user 0 is root, odd users are not admins,\n"
          "even ones are. Actions: PAUSE/RESUME/CANCEL JOB j and PAUSE/RESUME/CANCEL JOBS of\n"
          "each owner's jobs by every user, and each job's own progress. After every step:\n"
          "  a non-admin's control statement never succeeds; a SCHEMA CHANGE job is never\n"
          "  paused; a terminal status never changes; a failing statement changes nothing;\n"
          "  a bulk statement that succeeds equals its singular statements in order;\n"
          "  PAUSE then RESUME of a running job gives running.\n"
          "A violation is written as a case file that replays it with `jobtck run`.\n"
          "\n"
          "  -j, --jobs J         jobs, 1 to 21 (default 5)\n"
          "  -u, --users U        users, 1 to 100 (default 3)\n"
          "  -D, --depth D        expand no state deeper than D steps (default: no bound)\n"
          "  -d, --driver SPEC    model or model:PROFILE (default model): explore reads the\n"
          "                       state of the model behind the connection\n"
          "      --driver-option KEY=VALUE\n"
          "                       an option of the driver, repeatable (profile=PROFILE)\n"
          "  -m, --max-states N   stop after N states (default 50000000)\n"
          "  -o, --out FILE       where a violation's trace goes (default explore-trace.test)\n"
          "  -h, --help           print this help\n"
          "\n"
          "Exit status: 0 no violation, 1 a violation (trace written), 2 bad usage or the kit\n"
          "could not run.\n"
          "\n"
          "Example:\n"
          "  jobtck explore --jobs 5 --users 3\n",
          f);
}

/* One option of explore's own; -1 when taken, else the exit status (after a message). */
static int explore_option(jt_explore_config *cfg, int c, FILE *out, FILE *errout,
                          char *const *argv) {
    uint64_t v;
    switch (c) {
    case 'j':
        if (jt_cli_parse_uint(&v, optarg, 1, JT_EXPLORE_MAX_JOBS) < 0)
            return jt_cli_bad_usage(errout, "explore", usage, "--jobs: expected 1 to %d, got '%s'",
                                    JT_EXPLORE_MAX_JOBS, optarg);
        cfg->jobs = (int)v;
        return -1;
    case 'u':
        if (jt_cli_parse_uint(&v, optarg, 1, JT_EXPLORE_MAX_USERS) < 0)
            return jt_cli_bad_usage(errout, "explore", usage, "--users: expected 1 to %d, got '%s'",
                                    JT_EXPLORE_MAX_USERS, optarg);
        cfg->users = (int)v;
        return -1;
    case 'D':
        if (jt_cli_parse_uint(&v, optarg, 0, 65534) < 0)
            return jt_cli_bad_usage(errout, "explore", usage,
                                    "--depth: expected 0 to 65534, got '%s'", optarg);
        cfg->depth = (int)v;
        return -1;
    case 'm':
        if (jt_cli_parse_uint(&v, optarg, 1, JT_EXPLORE_MAX_STATES) < 0)
            return jt_cli_bad_usage(errout, "explore", usage,
                                    "--max-states: expected 1 to %d, got '%s'",
                                    JT_EXPLORE_MAX_STATES, optarg);
        cfg->max_states = (size_t)v;
        return -1;
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
        {"depth", required_argument, NULL, 'D'},
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
    while ((c = getopt_long(argc, argv, ":j:u:D:d:m:o:h", options, NULL)) != -1) {
        st = jt_cli_driver_arg(drv, c, optarg, errout);
        if (st > 0)
            return st;
        if (st < 0 && (st = explore_option(cfg, c, out, errout, argv)) >= 0)
            return st;
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "explore", usage, "unexpected argument '%s'", argv[optind]);
    return -1;
}

/* The profile the model runs: known, and of the one-phase lifecycle explore checks. */
static int check_profile(const jt_cli_driver *drv, FILE *errout) {
    const char *p = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    if (jt_driver_option_value(&p, drv->spec, &drv->options, "profile", &err) < 0)
        return jt_cli_bad_usage(errout, "explore", usage, "%s", err.message);
    if (p && !jt_profile_find(p))
        return jt_cli_bad_usage(errout, "explore", usage, "unknown profile '%s'", p);
    /* The explored world (five job types, the statuses of v2.1, its invariants) is v2.1's
       one-phase lifecycle. */
    if (p && jt_profile_find(p)->two_phase)
        return jt_cli_bad_usage(errout, "explore", usage,
                                "profile %s has two-phase control: explore checks the one-phase "
                                "lifecycle of v2.1 and v19.2",
                                p);
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
    cfg.users = 3;
    cfg.depth = -1;
    status = parse_args(&cfg, &drv, argc, argv, out, errout);
    if (status < 0)
        status = check_profile(&drv, errout);
    if (status >= 0)
        goto out;
    status = jt_cli_driver_open(&cfg.session, &drv, 0, errout);
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
