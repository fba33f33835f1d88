/* jobtck sim: seeded random scenarios on a driver and on the model, shrunk on a difference. */
#include "sim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "reports/report.h"
#include "sim/run/runner.h"
#include "sim/search/sim.h"

static void usage(FILE *f) {
    fputs("usage: jobtck sim [--seed S] [--steps N] [--driver SPEC] [--profile NAME]\n"
          "                  [--out FILE] [--max-trials N] [--report KIND=PATH[,...]] [--quiet]\n"
          "\n"
          "Draws scenarios (fixtures, control statements in every form, queries, sessions of\n"
          "several users) from the seed, runs them on the driver and on the model side by\n"
          "side and compares every record as `jobtck run` does. At the first difference the\n"
          "scenario is shrunk (delta debugging over records, then ids, VALUES lists, users,\n"
          "spellings and fixture fields) to a minimal case file, written atomically, and the\n"
          "command that replays it is printed. The same seed gives the same output.\n"
          "\n"
          "  -s, --seed S         the seed, 0 to 2^64-1 (default: drawn, and printed first)\n"
          "  -n, --steps N        records to run in all (default 1000)\n"
          "  -d, --driver SPEC    the implementation under test (default model)\n"
          "      --driver-option KEY=VALUE\n"
          "                       an option of the driver, repeatable (jobtck run --help)\n"
          "  -p, --profile NAME   the model's profile, the oracle (default " JT_PROFILE_DEFAULT
          ")\n"
          "  -o, --out FILE       where the shrunk case goes (default sim-SEED.test)\n"
          "  -t, --max-trials N   scenario runs allowed for shrinking (default 20000)\n"
          "  -r, --report KIND=PATH[,…]  reports: junit, tap, json (files), html (a folder);\n"
          "                       the shrunk case replayed, the seed and the replay command\n"
          "  -q, --quiet          print only the difference (with its shrunk case and replay\n"
          "                       command) or the totals line; the seed only when drawn\n"
          "  -h, --help           print this help\n"
          "\n"
          "Exit status: 0 no difference, 1 a difference (case written), 2 bad usage or the kit\n"
          "could not run.\n"
          "\n"
          "With --sessions K: a concurrent history instead, checked for linearizability\n"
          "(jobtck sim --sessions K --help).\n"
          "\n"
          "Example:\n"
          "  jobtck sim --seed 42 --steps 5000 --driver plugin:build/mutants/mutant-04.so\n",
          f);
}

/* The reports of a simulation: the shrunk case replayed on the driver (its records, with the
   difference among them), or no records when the driver never differed; seed and replay
   command in either case. */
static int write_reports(FILE *errout, const jt_report_spec *spec, const jt_sim_config *cfg,
                         const jt_sim_report *rep) {
    jt_runner_config rcfg;
    jt_runner *r = NULL;
    jt_report_meta meta;
    jt_report_data data;
    jt_error err;
    char replay[4400];
    int rc;
    memset(&rcfg, 0, sizeof rcfg);
    memset(&err, 0, sizeof err);
    rcfg.profile = cfg->profile;
    rcfg.coverage = 1; /* for the reports */
    rc = jt_session_open_again(&rcfg.session, cfg->session, &err);
    if (rc == 0)
        rc = jt_runner_new(&r, &rcfg, &err);
    if (rc == 0 && rep->found)
        rc = jt_runner_run_file(r, rep->case_path, &err);
    if (rc < 0) {
        fprintf(errout, "jobtck sim: reports: %s\n", err.message);
        jt_runner_free(r);
        return rc;
    }
    snprintf(replay, sizeof replay, "jobtck sim --seed %llu --steps %llu --driver %s",
             (unsigned long long)cfg->seed, (unsigned long long)cfg->steps, cfg->driver_spec);
    memset(&meta, 0, sizeof meta);
    meta.command = "sim";
    meta.driver = jt_session_name(cfg->session);
    meta.profile = cfg->profile;
    meta.version = JT_VERSION;
    meta.has_seed = 1;
    meta.seed = cfg->seed;
    meta.replay = replay;
    rc = jt_report_data_init(&data, jt_runner_result(r), &meta, &err);
    if (rc < 0) {
        fprintf(errout, "jobtck sim: reports: %s\n", err.message);
    } else {
        rc = jt_report_write_all(errout, spec, &data);
        jt_report_data_dispose(&data);
    }
    jt_runner_free(r);
    return rc;
}

/*
 * What a quiet simulation prints: text (what jt_sim_run wrote) without its header, the line
 * "N records: driver … against the model", nor the seed line when the seed was given (a drawn
 * one is kept: it is the only way to replay the run).
 */
static void print_quiet(FILE *out, const char *text, int seeded, uint64_t steps) {
    char header[64];
    const char *line = text;
    int n = snprintf(header, sizeof header, "%llu records: driver ", (unsigned long long)steps);
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
        int skip = line == text && seeded && strncmp(line, "seed ", 5) == 0;
        skip = skip || (n > 0 && strncmp(line, header, (size_t)n) == 0);
        if (!skip)
            fwrite(line, 1, len, out);
        line += len;
    }
}

/* Whether argv asks for concurrent sessions (--sessions K or --sessions=K, -k K). */
static int wants_sessions(int argc, char **argv) {
    int i;
    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--sessions") == 0 || strncmp(argv[i], "--sessions=", 11) == 0 ||
            strcmp(argv[i], "-k") == 0)
            return 1;
    return 0;
}

/* What the command line asks for. */
typedef struct sim_args {
    jt_cli_driver driver;
    jt_report_spec reports;
    jt_sim_config cfg;
    int seeded, quiet;
} sim_args;

/* One option of sim's own; -1 when taken, else the exit status (after a message). */
static int sim_option(sim_args *a, int c, FILE *out, FILE *errout, char *const *argv) {
    jt_error err;
    uint64_t v;
    memset(&err, 0, sizeof err);
    switch (c) {
    case 's':
        if (jt_cli_parse_uint(&a->cfg.seed, optarg, 0, UINT64_MAX) < 0)
            return jt_cli_bad_usage(errout, "sim", usage, "--seed: expected 0 to 2^64-1, got '%s'",
                                    optarg);
        a->seeded = 1;
        return -1;
    case 'n':
        if (jt_cli_parse_uint(&a->cfg.steps, optarg, 1, UINT64_MAX) < 0)
            return jt_cli_bad_usage(errout, "sim", usage,
                                    "--steps: expected a positive count, got '%s'", optarg);
        return -1;
    case 'o':
        a->cfg.case_path = optarg;
        return -1;
    case 't':
        if (jt_cli_parse_uint(&v, optarg, 1, 100000000) < 0)
            return jt_cli_bad_usage(errout, "sim", usage,
                                    "--max-trials: expected 1 to 100000000, got '%s'", optarg);
        a->cfg.max_trials = (size_t)v;
        return -1;
    case 'r':
        if (jt_report_spec_add(&a->reports, optarg, &err) < 0)
            return jt_cli_bad_usage(errout, "sim", usage, "--report: %s", err.message);
        return -1;
    case 'q':
        a->quiet = 1;
        return -1;
    case 'h':
        usage(out);
        return 0;
    default:
        return jt_cli_bad_option(errout, "sim", usage, c, argv);
    }
}

/* Reads the command line into a; -1 to go on, else the exit status. */
static int parse_args(sim_args *a, int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"seed", required_argument, NULL, 's'},
        {"steps", required_argument, NULL, 'n'},
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        JT_CLI_DRIVER_OPTION,
        {"out", required_argument, NULL, 'o'},
        {"max-trials", required_argument, NULL, 't'},
        {"report", required_argument, NULL, 'r'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, st;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":s:n:d:p:o:t:r:qh", options, NULL)) != -1) {
        st = jt_cli_driver_arg(&a->driver, c, optarg, errout);
        if (st > 0)
            return st;
        if (st < 0 && (st = sim_option(a, c, out, errout, argv)) >= 0)
            return st;
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "sim", usage, "unexpected argument '%s'", argv[optind]);
    a->cfg.profile = a->driver.profile;
    if (a->cfg.profile && !jt_profile_find(a->cfg.profile))
        return jt_cli_bad_usage(errout, "sim", usage, "unknown profile '%s'", a->cfg.profile);
    return -1;
}

/* Runs the simulation (quiet: what it prints without its header); the exit status. */
static int simulate(sim_args *a, FILE *out, FILE *errout) {
    jt_sim_report rep;
    jt_error err;
    char *captured = NULL;
    size_t captured_len = 0;
    FILE *capture = NULL;
    int rc;
    memset(&err, 0, sizeof err);
    a->cfg.out = out;
    if (a->quiet) {
        /* what it prints, kept until the end and printed without the header */
        capture = open_memstream(&captured, &captured_len);
        if (!capture) {
            fprintf(errout, "jobtck sim: out of memory\n");
            return 2;
        }
        a->cfg.out = capture;
    }
    rc = jt_sim_run(&rep, &a->cfg, &err);
    if (capture) {
        fclose(capture);
        if (captured)
            print_quiet(out, captured, a->seeded, a->cfg.steps);
        free(captured);
        fflush(out);
    }
    if (rc < 0) {
        fflush(out);
        fprintf(errout, "jobtck sim: %s\n", err.message);
        return 2;
    }
    if (jt_report_spec_any(&a->reports) && write_reports(errout, &a->reports, &a->cfg, &rep) < 0)
        return 2;
    return rep.found ? 1 : 0;
}

int jt_cli_sim(int argc, char **argv, FILE *out, FILE *errout) {
    sim_args a;
    char *words = NULL;
    int status;
    if (wants_sessions(argc, argv))
        return jt_cli_sim_sessions(argc, argv, out, errout);
    memset(&a, 0, sizeof a);
    jt_cli_driver_init(&a.driver, "sim", usage);
    jt_report_spec_init(&a.reports);
    a.cfg.steps = 1000;
    status = parse_args(&a, argc, argv, out, errout);
    if (status >= 0)
        goto out;
    status = jt_cli_driver_open(&a.cfg.session, &a.driver, 0, errout);
    if (status != 0)
        goto out;
    words = jt_cli_driver_words(&a.driver);
    if (!words) {
        fprintf(errout, "jobtck sim: out of memory\n");
        status = 2;
        goto out;
    }
    a.cfg.driver_spec = words;
    if (!a.seeded)
        a.cfg.seed = jt_cli_random_seed();
    status = simulate(&a, out, errout);
out:
    jt_session_close(a.cfg.session);
    free(words);
    jt_report_spec_dispose(&a.reports);
    jt_cli_driver_dispose(&a.driver);
    return status;
}
