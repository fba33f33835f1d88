/* The subcommands of the jobtck program; main.c dispatches to them. */
#ifndef JT_CLI_H
#define JT_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/drivers/session.h"

/* A subcommand: argv[0] is its name; results on out, usage and input errors on errout.
   Returns the exit status (0 ok, 1 failures, 2 input errors or bad usage). */
typedef int (*jt_cli_fn)(int argc, char **argv, FILE *out, FILE *errout);

/* Bad usage: "jobtck CMD: message", then a blank line and the usage when usage is not NULL,
   on errout. Returns 2. (sim/cli/cli_common.c) */
__attribute__((format(printf, 4, 5))) int
jt_cli_bad_usage(FILE *errout, const char *cmd, void (*usage)(FILE *), const char *fmt, ...);
/* The bad usage of getopt_long's answer c: ':' an option without its value, anything else an
   unknown option. Returns 2. */
int jt_cli_bad_option(FILE *errout, const char *cmd, void (*usage)(FILE *), int c,
                      char *const *argv);
/* A whole number lo .. hi in decimal digits (no sign, no space) into *out: 0, or -1. */
int jt_cli_parse_uint(uint64_t *out, const char *s, uint64_t lo, uint64_t hi);
/* A seed from /dev/urandom (0 when it cannot be read), for a run given none: it is printed. */
uint64_t jt_cli_random_seed(void);
/* The bundled suite, for a subcommand given no case files: PREFIX/share/jobtck/cases beside an
   installed PREFIX/bin/jobtck, or the source tree's cases/ for the program in its build tree;
   its subfolder prefer instead when it has one (prefer may be NULL). Its real path into out: 0;
   or -1 after "jobtck CMD: ..." on errout. (sim/cli/cli_suite.c) */
int jt_cli_bundled_cases(char *out, size_t size, const char *prefer, const char *cmd, FILE *errout);
/* The mutant plugins installed beside the program, PREFIX/lib/jobtck/mutants, into out: 0, or
   -1 (out then says where they were looked for). */
int jt_cli_bundled_mutants(char *out, size_t size);

/*
 * The implementation a subcommand reaches (sim/cli/cli_driver.c): --driver SPEC, then
 * --driver-option KEY=VALUE (repeatable) and the shorthands for options of one driver
 * (--fixtures FILE and --statement-timeout MS for pgwire, --timeout SECONDS for exec), in the
 * order given; --profile for the profile the run expects.
 */
enum {
    JT_CLI_OPT_DRIVER_OPTION = 900,
    JT_CLI_OPT_FIXTURES,
    JT_CLI_OPT_STATEMENT_TIMEOUT,
    JT_CLI_OPT_TIMEOUT
};
#define JT_CLI_DRIVER_OPTION                                                                       \
    { "driver-option", required_argument, NULL, JT_CLI_OPT_DRIVER_OPTION }
#define JT_CLI_DRIVER_SHORTHANDS                                                                   \
    {"fixtures", required_argument, NULL, JT_CLI_OPT_FIXTURES},                                    \
        {"statement-timeout", required_argument, NULL, JT_CLI_OPT_STATEMENT_TIMEOUT}, {            \
        "timeout", required_argument, NULL, JT_CLI_OPT_TIMEOUT                                     \
    }

struct jt_session;

typedef struct jt_cli_driver {
    const char *cmd;       /* the subcommand, for messages */
    void (*usage)(FILE *); /* its usage, after a message of bad usage */
    const char *spec;      /* --driver (default "model") */
    jt_options options;    /* --driver-option and the shorthands */
    const char *profile;   /* --profile; once opened with reconcile, the profile of the run */
} jt_cli_driver;

void jt_cli_driver_init(jt_cli_driver *d, const char *cmd, void (*usage)(FILE *));
void jt_cli_driver_dispose(jt_cli_driver *d);
/* getopt_long's answer c with its optarg: -1 when it is none of the driver's ('d', 'p' and
   the JT_CLI_OPT_... above), 0 when taken, 2 after a message of bad usage on errout. */
int jt_cli_driver_arg(jt_cli_driver *d, int c, const char *arg, FILE *errout);
/* Opens the session. With reconcile, the profile of the run and the driver's agree: a driver
   that takes the option profile (the model) is given --profile when neither the spec
   (model:PROFILE) nor --driver-option says one, and --profile differing from theirs is bad
   usage; d->profile is the run's then (NULL: the default). 0, or 2 after a message. */
int jt_cli_driver_open(struct jt_session **out, jt_cli_driver *d, int reconcile, FILE *errout);
/* What follows --driver in a replay command: SPEC and each --driver-option K=V given
   ('…'-quoted when they need it). Allocated; NULL when memory is out. */
char *jt_cli_driver_words(const jt_cli_driver *d);

/* jobtck run [--driver SPEC] [--profile NAME] PATH... */
int jt_cli_run(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck complete [--driver SPEC] [--profile NAME] --out DIR IN... (sim/cli/cli_complete.c) */
int jt_cli_complete(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck serve [--listen HOST:PORT] [--profile NAME] (sim/cli/cli_serve.c) */
int jt_cli_serve(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck sim [--seed S] [--steps N] [--driver SPEC] ... (sim/cli/cli_sim.c) */
int jt_cli_sim(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck sim --sessions K ... (sim/cli/cli_sessions.c): jt_cli_sim hands over to it */
int jt_cli_sim_sessions(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck explore [--jobs J] [--users U] [--depth D] ... (sim/cli/cli_explore.c) */
int jt_cli_explore(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck bench [--cases DIR] [--max-jobs N] ... (sim/cli/cli_bench.c) */
int jt_cli_bench(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck doc [--driver SPEC] [--profile NAME] [--out DIR] PAGE.md... (sim/cli/cli_doc.c) */
int jt_cli_doc(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck profiles [NAME [OTHER]] (sim/cli/cli_profiles.c) */
int jt_cli_profiles(int argc, char **argv, FILE *out, FILE *errout);
/* jobtck mutants [--suite DIR] [--dir DIR] [--exec COMMAND]... (sim/cli/cli_mutants.c) */
int jt_cli_mutants(int argc, char **argv, FILE *out, FILE *errout);

#endif
