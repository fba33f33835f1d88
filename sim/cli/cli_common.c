/* What the subcommands share: the message for bad usage, whole numbers of options, a seed drawn
   when none is given. */
#include <getopt.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include "sim/cli/cli.h"

int jt_cli_bad_usage(FILE *errout, const char *cmd, void (*usage)(FILE *), const char *fmt, ...) {
    va_list ap;
    fprintf(errout, "jobtck %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(errout, fmt, ap);
    va_end(ap);
    fputs(usage ? "\n\n" : "\n", errout);
    if (usage)
        usage(errout);
    return 2;
}

int jt_cli_bad_option(FILE *errout, const char *cmd, void (*usage)(FILE *), int c,
                      char *const *argv) {
    if (c == ':')
        return jt_cli_bad_usage(errout, cmd, usage, "option '%s' needs a value", argv[optind - 1]);
    if (optopt && optopt != '?')
        return jt_cli_bad_usage(errout, cmd, usage, "unknown option '-%c'", optopt);
    return jt_cli_bad_usage(errout, cmd, usage, "unknown option '%s'", argv[optind - 1]);
}

uint64_t jt_cli_random_seed(void) {
    uint64_t seed = 0;
    FILE *fp = fopen("/dev/urandom", "rb");
    if (fp) {
        if (fread(&seed, sizeof seed, 1, fp) != 1)
            seed = 0;
        fclose(fp);
    }
    return seed;
}

int jt_cli_parse_uint(uint64_t *out, const char *s, uint64_t lo, uint64_t hi) {
    char *end;
    unsigned long long v;
    if (*s < '0' || *s > '9') /* no sign, no space: strtoull would take " -1" as 2^64-1 */
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = (uint64_t)v;
    return 0;
}
