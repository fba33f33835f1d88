/* What the kit brings with it, found from where the running program lies: the bundled case
   files, and the mutant plugins of `jobtck mutants`. An installed program, PREFIX/bin/jobtck,
   finds them under PREFIX (JT_CLI_BIN_TO_DATA, JT_CLI_BIN_TO_LIB: paths relative to the
   program's folder, so the installed tree may move); the program in the build tree it was
   built in finds that source tree's cases/ (its mutants lie beside it: cli_mutants.c). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/cli/cli.h"

#ifndef JT_CLI_BIN_TO_DATA
#define JT_CLI_BIN_TO_DATA "../share/jobtck"
#endif
#ifndef JT_CLI_BIN_TO_LIB
#define JT_CLI_BIN_TO_LIB "../lib/jobtck"
#endif
#ifndef JT_CLI_BUILD_DIR
#define JT_CLI_BUILD_DIR ""
#endif
#ifndef JT_CLI_SOURCE_DIR
#define JT_CLI_SOURCE_DIR ""
#endif

static int is_dir(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The folder of the running program, its links resolved: 0, or -1. */
static int program_dir(char *out, size_t size) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash || slash == exe)
        return -1;
    *slash = '\0';
    return (size_t)snprintf(out, size, "%s", exe) < size ? 0 : -1;
}

/* Whether the program runs from the build tree it was built in: only there does it look
   into that build's source tree, never from an installed copy. */
static int in_build_tree(const char *dir) {
    struct stat a, b;
    return JT_CLI_BUILD_DIR[0] && stat(JT_CLI_BUILD_DIR, &a) == 0 && stat(dir, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* installed: DIR/TO_INSTALLED/NAME; in the build tree: BUILT (when not NULL). The first that
   is a folder, resolved, into out: 0; else -1 with the installed path in out. */
static int find(char *out, size_t size, const char *to_installed, const char *name,
                const char *built) {
    char dir[PATH_MAX], want[PATH_MAX + 64], real[PATH_MAX];
    if (program_dir(dir, sizeof dir) < 0) {
        snprintf(out, size, "%s/%s (beside the program)", to_installed, name);
        return -1;
    }
    snprintf(want, sizeof want, "%s/%s/%s", dir, to_installed, name);
    if (!is_dir(want) && built && in_build_tree(dir))
        snprintf(want, sizeof want, "%s", built);
    if (!is_dir(want) || !realpath(want, real) || strlen(real) >= size) {
        snprintf(out, size, "%s/%s/%s", dir, to_installed, name);
        return -1;
    }
    memcpy(out, real, strlen(real) + 1);
    return 0;
}

int jt_cli_bundled_cases(char *out, size_t size, const char *prefer, const char *cmd,
                         FILE *errout) {
    char where[PATH_MAX + 64];
    size_t n;
    if (find(out, size, JT_CLI_BIN_TO_DATA, "cases",
             JT_CLI_SOURCE_DIR[0] ? JT_CLI_SOURCE_DIR "/cases" : NULL) < 0) {
        snprintf(where, sizeof where, "%s", out);
        fprintf(errout, "jobtck %s: no bundled suite at %s: name the case files to run\n", cmd,
                where);
        return -1;
    }
    n = strlen(out);
    if (prefer && (size_t)snprintf(out + n, size - n, "/%s", prefer) < size - n && !is_dir(out))
        out[n] = '\0';
    return 0;
}

int jt_cli_bundled_mutants(char *out, size_t size) {
    return find(out, size, JT_CLI_BIN_TO_LIB, "mutants", NULL);
}
