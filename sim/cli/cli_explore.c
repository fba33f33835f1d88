/* jobtck explore: every state of the model reachable from all jobs pending, invariants checked. */
#include "sim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/drivers/drivers.h"
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
          "  -d, --driver SPEC    model or model:PROFILE (default model)\n"
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

int jt_cli_explore(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"jobs", required_argument, NULL, 'j'},
        {"users", required_argument, NULL, 'u'},
        {"depth", required_argument, NULL, 'D'},
        {"driver", required_argument, NULL, 'd'},
        {"max-states", required_argument, NULL, 'm'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *spec = "model", *target = NULL;
    jt_explore_config cfg;
    jt_explore_report rep;
    jt_error err;
    uint64_t v;
    int c, rc;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.jobs = 5;
    cfg.users = 3;
    cfg.depth = -1;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":j:u:D:d:m:o:h", options, NULL)) != -1) {
        switch (c) {
        case 'j':
            if (jt_cli_parse_uint(&v, optarg, 1, JT_EXPLORE_MAX_JOBS) < 0)
                return jt_cli_bad_usage(errout, "explore", usage,
                                        "--jobs: expected 1 to %d, got '%s'", JT_EXPLORE_MAX_JOBS,
                                        optarg);
            cfg.jobs = (int)v;
            break;
        case 'u':
            if (jt_cli_parse_uint(&v, optarg, 1, JT_EXPLORE_MAX_USERS) < 0)
                return jt_cli_bad_usage(errout, "explore", usage,
                                        "--users: expected 1 to %d, got '%s'", JT_EXPLORE_MAX_USERS,
                                        optarg);
            cfg.users = (int)v;
            break;
        case 'D':
            if (jt_cli_parse_uint(&v, optarg, 0, 65534) < 0)
                return jt_cli_bad_usage(errout, "explore", usage,
                                        "--depth: expected 0 to 65534, got '%s'", optarg);
            cfg.depth = (int)v;
            break;
        case 'd':
            spec = optarg;
            break;
        case 'm':
            if (jt_cli_parse_uint(&v, optarg, 1, JT_EXPLORE_MAX_STATES) < 0)
                return jt_cli_bad_usage(errout, "explore", usage,
                                        "--max-states: expected 1 to %d, got '%s'",
                                        JT_EXPLORE_MAX_STATES, optarg);
            cfg.max_states = (size_t)v;
            break;
        case 'o':
            cfg.trace_path = optarg;
            break;
        case 'h':
            usage(out);
            return 0;
        default:
            return jt_cli_bad_option(errout, "explore", usage, c, argv);
        }
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "explore", usage, "unexpected argument '%s'", argv[optind]);
    if (jt_driver_find(spec, &target) != &jt_driver_model)
        return jt_cli_bad_usage(errout, "explore", usage,
                                "--driver: expected model or model:PROFILE, got '%s'", spec);
    if (target && !jt_profile_find(target))
        return jt_cli_bad_usage(errout, "explore", usage, "unknown profile '%s'", target);
    /* The explored world (five job types, the statuses of v2.1, its invariants) is v2.1's
       one-phase lifecycle. */
    if (target && jt_profile_find(target)->two_phase)
        return jt_cli_bad_usage(errout, "explore", usage,
                                "profile %s has two-phase control: explore checks the one-phase "
                                "lifecycle of v2.1 and v19.2",
                                target);
    cfg.target = target;
    cfg.driver_spec = spec;
    cfg.out = out;
    rc = jt_explore_run(&rep, &cfg, &err);
    if (rc < 0) {
        fflush(out);
        fprintf(errout, "jobtck explore: %s\n", err.message);
        return 2;
    }
    return rep.violation ? 1 : 0;
}
