/* jobtck sim --sessions K: a concurrent history on one implementation, checked for
   linearizability against the model (sim/search/history.h). */
#include "sim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/drivers/driver_pgwire.h"
#include "sim/drivers/drivers.h"
#include "sim/search/history.h"

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
          "  -d, --driver SPEC    pgwire:URL (a server all sessions share), or model (one model\n"
          "                       shared behind a lock: linearizable by construction)\n"
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

int jt_cli_sim_sessions(int argc, char **argv, FILE *out, FILE *errout) {
    enum { OPT_FIXTURES = 1000, OPT_TIME_LIMIT, OPT_SINGULAR };
    static const struct option options[] = {
        {"sessions", required_argument, NULL, 'k'},
        {"seed", required_argument, NULL, 's'},
        {"steps", required_argument, NULL, 'n'},
        {"jobs", required_argument, NULL, 'j'},
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        {"fixtures", required_argument, NULL, OPT_FIXTURES},
        {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
        {"singular", no_argument, NULL, OPT_SINGULAR},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *spec = "model", *fixtures = NULL, *target = NULL;
    char *pg_target = NULL, *plain_target = NULL;
    jt_history_config cfg;
    jt_history_report rep;
    char searched[48] = "";
    jt_error err;
    uint64_t v;
    int c, rc, seeded = 0;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.ops = 200;
    cfg.jobs = 4;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":k:s:n:j:d:p:h", options, NULL)) != -1) {
        switch (c) {
        case 'k':
            if (jt_cli_parse_uint(&v, optarg, 2, JT_HISTORY_MAX_SESSIONS) < 0)
                return jt_cli_bad_usage(errout, "sim", usage,
                                        "--sessions: expected 2 to %d, got '%s'",
                                        JT_HISTORY_MAX_SESSIONS, optarg);
            cfg.sessions = (unsigned)v;
            break;
        case 's':
            if (jt_cli_parse_uint(&v, optarg, 0, UINT64_MAX) < 0)
                return jt_cli_bad_usage(errout, "sim", usage,
                                        "--seed: expected 0 to 2^64-1, got '%s'", optarg);
            cfg.seed = v;
            seeded = 1;
            break;
        case 'n':
            if (jt_cli_parse_uint(&v, optarg, 1, JT_HISTORY_MAX_OPS) < 0)
                return jt_cli_bad_usage(errout, "sim", usage, "--steps: expected 1 to %d, got '%s'",
                                        JT_HISTORY_MAX_OPS, optarg);
            cfg.ops = (unsigned)v;
            break;
        case 'j':
            if (jt_cli_parse_uint(&v, optarg, 1, JT_HISTORY_MAX_JOBS) < 0)
                return jt_cli_bad_usage(errout, "sim", usage, "--jobs: expected 1 to %d, got '%s'",
                                        JT_HISTORY_MAX_JOBS, optarg);
            cfg.jobs = (unsigned)v;
            break;
        case 'd':
            spec = optarg;
            break;
        case 'p':
            cfg.profile = optarg;
            break;
        case OPT_FIXTURES:
            fixtures = optarg;
            break;
        case OPT_SINGULAR:
            cfg.singular = 1;
            break;
        case OPT_TIME_LIMIT:
            if (jt_cli_parse_uint(&v, optarg, 1, 86400000) < 0)
                return jt_cli_bad_usage(errout, "sim", usage,
                                        "--time-limit: expected 1 to 86400000 ms, got '%s'",
                                        optarg);
            cfg.time_limit_ms = (int)v;
            break;
        case 'h':
            usage(out);
            return 0;
        case ':':
            return jt_cli_bad_usage(errout, "sim", usage, "option '%s' needs a value",
                                    argv[optind - 1]);
        default:
            if (optopt && optopt != '?')
                return jt_cli_bad_usage(errout, "sim", usage, "unknown option '-%c'", optopt);
            return jt_cli_bad_usage(errout, "sim", usage, "unknown option '%s' (with --sessions)",
                                    argv[optind - 1]);
        }
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "sim", usage, "unexpected argument '%s'", argv[optind]);
    if (!cfg.sessions)
        return jt_cli_bad_usage(errout, "sim", usage, "--sessions K is required");
    if (cfg.profile && !jt_profile_find(cfg.profile))
        return jt_cli_bad_usage(errout, "sim", usage, "unknown profile '%s'", cfg.profile);
    cfg.driver = jt_driver_find(spec, &target);
    if (cfg.driver == &jt_driver_model) {
        if (target && !jt_profile_find(target))
            return jt_cli_bad_usage(errout, "sim", usage, "unknown profile '%s'", target);
        if (!target)
            target = cfg.profile;
    } else if (cfg.driver == &jt_driver_pgwire) {
        const char *url = target;
        if (!fixtures)
            return jt_cli_bad_usage(errout, "sim", usage,
                                    "--driver pgwire needs a recipe (--fixtures FILE) for the "
                                    "world's users and jobs");
        if (jt_pgwire_target(&pg_target, &cfg.driver, url, fixtures, 0, &err) < 0 ||
            jt_pgwire_target(&plain_target, &cfg.session_driver, url, NULL, 0, &err) < 0) {
            free(pg_target);
            return jt_cli_bad_usage(errout, "sim", usage, "%s", err.message);
        }
        cfg.session_target = plain_target;
        target = pg_target;
    } else {
        return jt_cli_bad_usage(errout, "sim", usage,
                                "--sessions needs one implementation that every session reaches: "
                                "pgwire:URL, or model; not '%s'",
                                spec);
    }
    cfg.target = target;
    if (!seeded)
        cfg.seed = jt_cli_random_seed();
    cfg.out = out;
    fprintf(out, "seed %llu\n", (unsigned long long)cfg.seed);
    fflush(out);
    rc = jt_history_run(&rep, &cfg, &err);
    if (rc < 0) {
        fprintf(errout, "jobtck sim: %s\n", err.message);
        free(pg_target);
        free(plain_target);
        return 2;
    }
    if (rep.searched < rep.parts)
        snprintf(searched, sizeof searched, " (%zu searched)", rep.searched);
    fprintf(out,
            "%u sessions, %zu operations, %zu group%s of jobs%s; %llu search states in %lld ms: "
            "%s\n",
            cfg.sessions, rep.ops, rep.parts, rep.parts == 1 ? "" : "s", searched,
            (unsigned long long)rep.states, (long long)rep.search_ms,
            rep.verdict == JT_HIST_LINEARIZABLE ? "linearizable"
            : rep.verdict == JT_HIST_VIOLATION
                ? "NOT linearizable"
                : "unknown (the search reached its bound: nothing is claimed)");
    if (rep.verdict != JT_HIST_LINEARIZABLE)
        fprintf(out,
                "again (the same operations; their timing is the scheduler's): jobtck sim "
                "--sessions %u --seed %llu --steps %u --jobs %u%s%s%s --driver %s%s%s\n",
                cfg.sessions, (unsigned long long)cfg.seed, cfg.ops, cfg.jobs,
                cfg.singular ? " --singular" : "", cfg.profile ? " --profile " : "",
                cfg.profile ? cfg.profile : "", spec, fixtures ? " --fixtures " : "",
                fixtures ? fixtures : "");
    free(pg_target);
    free(plain_target);
    return rep.verdict == JT_HIST_LINEARIZABLE ? 0 : 1;
}
