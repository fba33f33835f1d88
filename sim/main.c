/* jobtck: the command-line program. Subcommands live in sim/cli_*.c. */
/* madvise and MADV_HUGEPAGE, beside POSIX: the feature macro glibc's manual names */
#define _DEFAULT_SOURCE /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
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

#define HEAP_HUGE (128u << 20) /* the start of the heap that asks for huge pages */
#define HUGE_PAGE (2u << 20)

/* The first 128 MB of the heap asks the kernel for transparent huge pages (madvise): a run of
   the corpus touches some 75 MB of new heap, and a fault for each 4 KiB page of it cost a third
   of `jobtck run cases/generated`'s CPU time on a virtual machine (19 300 faults, 420 ms;
   with huge pages 1 500 faults, 175-350 ms). The heap is grown by a block that is freed at
   once (kept, as keep_memory keeps it), untouched: memory comes as it is written, 2 MB at a
   time. glibc's own tunable glibc.malloc.hugetlb=1 does the same, but only from the
   environment. Not under AddressSanitizer, whose allocator is its own. A kernel without
   transparent huge pages refuses the madvise: nothing changes. */
static void huge_pages(void) {
#if !defined(__SANITIZE_ADDRESS__) && defined(MADV_HUGEPAGE)
    char *p = malloc(HEAP_HUGE), *start;
    size_t skip, len;
    if (!p)
        return;
    skip = (HUGE_PAGE - (uintptr_t)p % HUGE_PAGE) % HUGE_PAGE; /* to the first 2 MB boundary */
    start = p + skip;
    len = (HEAP_HUGE - skip) / HUGE_PAGE * HUGE_PAGE;
    if (len)
        (void)madvise(start, len, MADV_HUGEPAGE);
    free(p);
#endif
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
    huge_pages();
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
