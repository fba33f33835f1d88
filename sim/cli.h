/* The subcommands of the jobtck program; main.c dispatches to them. */
#ifndef JT_CLI_H
#define JT_CLI_H

#include <stdio.h>

/* A subcommand: argv[0] is its name; results on out, usage and input errors on errout.
   Returns the exit status (0 ok, 1 failures, 2 input errors or bad usage). */
typedef int (*jt_cli_fn)(int argc, char **argv, FILE *out, FILE *errout);

/* jobtck run [--driver SPEC] [--profile NAME] PATH... */
int jt_cli_run(int argc, char **argv, FILE *out, FILE *errout);

#endif
