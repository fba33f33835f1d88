/* jobtck: the command-line program. Subcommands live in sim/cli_*.c. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "sim/cli/cli.h"

static const struct {
    const char *name;
    jt_cli_fn run;
    const char *summary;
} commands[] = {
    {"run", jt_cli_run, "run case files against a driver"},
    {"complete", jt_cli_complete, "fill in the expected results of case files from the model"},
    {"serve", jt_cli_serve, "the model behind the PostgreSQL wire protocol, for psql and pgwire"},
    {"sim", jt_cli_sim, "random scenarios on a driver and the model, shrunk on a difference"},
    {"explore", jt_cli_explore, "every reachable state of the model, invariants checked"},
    {"bench", jt_cli_bench, "figures: pipeline, bulk pause, exploration (not a test)"},
    {"doc", jt_cli_doc, "run a documentation page's examples and check its claims"},
    {"mutants", jt_cli_mutants, "the suite against faulty implementations: is each one caught?"},
    {"profiles", jt_cli_profiles, "the versions the model speaks, and what differs between two"},
};

static void usage(FILE *f) {
    size_t i;
    fputs("usage: jobtck [--help] [--version] COMMAND [ARGS]\n\ncommands:\n", f);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'jobtck COMMAND --help' tells more.\n", f);
}

/* glibc gives a block of 32 MB or more its own mapping, and back to the system when freed, and
   trims the heap's free top: a statement's array of every job's index (40 MB at 10^7 jobs)
   was mapped, first touched a page at a time and unmapped at every statement, and a run of the
   corpus gave back and touched again the memory of each file's results. Page faults are costly
   (on virtual machines above all), so big blocks come from the heap and the heap keeps its
   memory, up to 512 MB of either: a statement's 10^7-job SELECT count(*) went from 16 to 5
   ns a job. Other C libraries keep their own policy. */
static void keep_memory(void) {
#ifdef __GLIBC__
    (void)mallopt(M_MMAP_THRESHOLD, 512 << 20);
    (void)mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
}

int main(int argc, char **argv) {
    static const struct option options[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    size_t i;
    int c;
    keep_memory();
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("jobtck %s\n", JT_VERSION);
            return 0;
        default:
            fprintf(stderr, "jobtck: unknown option '%s'\n\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[optind], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[optind], commands[i].name) == 0)
            return commands[i].run(argc - optind, argv + optind, stdout, stderr);
    fprintf(stderr, "jobtck: unknown command '%s'\n\n", argv[optind]);
    usage(stderr);
    return 2;
}
