/*
 * jobtck mutants: the bundled suite against faulty implementations of the model, each one
 * breaking one documented rule (tests/mutants/mutant.c), to show that the suite catches
 * every such fault. A mutant is a plugin (every *.so of a folder) or an adapter for the exec
 * driver (--exec). Its driver name says what it is: "SLUG RULE-ID what it breaks".
 *
 * The table says, per mutant, the first record that failed (the mutant is killed) or that
 * none did (it survived); the exit status is 1 when one survived.
 */
#include "sim/cli/cli.h"

#include <dirent.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/drivers/drivers.h"
#include "sim/run/runner.h"
#include "sim/text/strbuf.h"

#define MAX_EXEC 64
#define MAX_MUTANTS 1000

typedef struct row {
    char mutant[96];
    char rule[32];
    char what[160];
    char killed_by[JT_LIMIT_NAME * 4];
    size_t failing;
    int killed;
} row;

static void usage(FILE *f) {
    fputs("usage: jobtck mutants [--suite DIR] [--dir DIR] [--exec 'COMMAND ARGS']...\n"
          "                      [--timeout SECONDS] [--quick]\n"
          "\n"
          "Runs the suite against faulty implementations, each breaking one documented\n"
          "rule, and prints a table: mutant, rule (docs/spec.md id), the first record that\n"
          "failed on it (it is killed) and how many failed. First the suite must pass on\n"
          "the model itself.\n"
          "\n"
          "  -s, --suite DIR      the case files (default: the bundled suite, as for\n"
          "                       jobtck run without a PATH)\n"
          "  -d, --dir DIR        the mutant plugins, every *.so in DIR (default: the folder\n"
          "                       mutants next to the jobtck program, where the build puts\n"
          "                       tests/mutants/mutant.c's, else PREFIX/lib/jobtck/mutants\n"
          "                       for jobtck installed as PREFIX/bin/jobtck)\n"
          "  -x, --exec COMMAND   also an adapter mutant through the exec driver; repeatable\n"
          "      --timeout SECONDS\n"
          "                       exec: the adapter's time for a reply (default 10)\n"
          "  -q, --quick          stop each mutant after the first file (or subfolder) of\n"
          "                       the suite that kills it; failing counts that far only\n"
          "  -h, --help           print this help\n"
          "\n"
          "Example: from the source folder, after a build with the tests,\n"
          "  build/jobtck mutants --suite cases \\\n"
          "      --exec build/tests/drivers/jobtck_adapter_mutant\n"
          "\n"
          "Exit status: 0 when every mutant is killed, 1 when one survives, 2 when the\n"
          "suite fails on the model, a mutant cannot be loaded, or on bad usage.\n",
          f);
}

/* The folder "mutants" next to this program (the build tree), else the installed one. */
static void default_dir(char *out, size_t size) {
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;
    if (n <= 0) {
        snprintf(out, size, "mutants");
        return;
    }
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    if (snprintf(out, size, "%s/mutants", exe) >= (int)size)
        snprintf(out, size, "mutants");
    else if (access(out, F_OK) != 0 && jt_cli_bundled_mutants(exe, sizeof exe) == 0)
        snprintf(out, size, "%s", exe);
}

/* Whether the folder path has a *.test file, in it or below (as the runner looks). */
static int has_tests(const char *path, int depth) {
    DIR *dp = opendir(path);
    struct dirent *de;
    int found = 0;
    if (!dp)
        return 0;
    while (!found && (de = readdir(dp)) != NULL) {
        size_t n = strlen(de->d_name);
        char sub[4096];
        if (de->d_name[0] == '.')
            continue;
        if (n > 5 && strcmp(de->d_name + n - 5, ".test") == 0)
            found = 1;
        else if (depth < JT_LIMIT_DEPTH &&
                 snprintf(sub, sizeof sub, "%s/%s", path, de->d_name) < (int)sizeof sub)
            found = has_tests(sub, depth + 1);
    }
    closedir(dp);
    return found;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The *.so files of dir, sorted; *n_out of them. */
static int list_plugins(char ***out, size_t *n_out, const char *dir, jt_error *err) {
    DIR *dp = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = JT_OK;
    *out = NULL;
    *n_out = 0;
    if (!dp)
        return jt_error_set(err, JT_EIO, 0, "%s: cannot open the folder of mutants", dir);
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".so"))
            continue;
        rc = jt_grow((void **)&names, &cap, n + 1, sizeof *names, MAX_MUTANTS);
        if (rc == JT_OK && !(names[n] = jt_strdup(de->d_name)))
            rc = JT_ENOMEM;
        if (rc < 0) {
            rc = jt_error_set(err, rc, 0, "%s: too many mutants", dir);
            break;
        }
        n++;
    }
    closedir(dp);
    if (rc < 0) {
        for (i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return rc;
    }
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    *out = names;
    *n_out = n;
    return JT_OK;
}

/* name "SLUG RULE what" into the row; a name of another form goes whole into what. */
static void describe(row *r, const char *name) {
    const char *sp1 = strchr(name, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (sp1 && sp2 && strncmp(sp1 + 1, "PJ-", 3) == 0) {
        snprintf(r->rule, sizeof r->rule, "%.*s", (int)(sp2 - sp1 - 1), sp1 + 1);
        snprintf(r->what, sizeof r->what, "%s", sp2 + 1);
    } else {
        snprintf(r->rule, sizeof r->rule, "?");
        snprintf(r->what, sizeof r->what, "%s", name);
    }
}

/* A path shown relative to the suite. */
static const char *shown_path(const char *path, const char *suite) {
    size_t n = strlen(suite);
    while (n > 0 && suite[n - 1] == '/')
        n--;
    if (strncmp(path, suite, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* Runs the entries of the suite folder (its *.test files and subfolders, in the runner's
   order) until one has a failure. */
static int run_until_killed(jt_runner *runner, const char *suite, jt_error *err) {
    DIR *dp = opendir(suite);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = JT_OK;
    if (!dp) /* a file, or missing: the runner says so */
        return jt_runner_run_path(runner, suite, err);
    while ((de = readdir(dp)) != NULL && rc == JT_OK) {
        if (de->d_name[0] == '.')
            continue;
        rc = jt_grow((void **)&names, &cap, n + 1, sizeof *names, JT_LIMIT_FILES);
        if (rc == JT_OK && !(names[n++] = jt_strdup(de->d_name)))
            rc = JT_ENOMEM;
    }
    closedir(dp);
    if (rc < 0)
        rc = jt_error_set(err, rc, 0, "%s: %s", suite, jt_strerror(rc));
    if (rc == JT_OK && n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (i = 0; i < n && rc == JT_OK; i++) {
        const jt_run_result *run = jt_runner_result(runner);
        jt_strbuf path;
        if (run->failed || run->errors)
            break;
        jt_strbuf_init(&path, JT_LIMIT_LINE);
        if (jt_strbuf_addf(&path, "%s/%s", suite, names[i]) < 0)
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        else if (ends_with(names[i], ".test") || has_tests(path.data, 0))
            rc = jt_runner_run_path(runner, path.data, err);
        jt_strbuf_dispose(&path);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Runs the suite through driver (connect target) and fills r's outcome; quick: only until
   the first file or folder of the suite where a record fails. Returns 0, or a negative
   JT_E... with err when the driver cannot be started or the kit fails. */
static int run_suite(row *r, const jt_driver *driver, const char *target, const char *suite,
                     int quick, jt_error *err) {
    jt_runner_config cfg;
    jt_runner *runner = NULL;
    const jt_run_result *run;
    size_t f, i;
    int rc;
    memset(&cfg, 0, sizeof cfg);
    cfg.driver = driver;
    cfg.target = target;
    rc = jt_runner_new(&runner, &cfg, err);
    if (rc < 0)
        return rc;
    rc = quick ? run_until_killed(runner, suite, err) : jt_runner_run_path(runner, suite, err);
    if (rc < 0)
        goto out;
    run = jt_runner_result(runner);
    r->failing = run->failed;
    for (f = 0; f < run->nfiles; f++)
        r->failing += run->files[f].error != NULL; /* a file that could not be read */
    r->killed = run->failed > 0 || run->errors > 0;
    snprintf(r->killed_by, sizeof r->killed_by, "SURVIVED");
    for (f = 0; f < run->nfiles && r->killed; f++) {
        const jt_file_result *fr = &run->files[f];
        if (fr->error) {
            snprintf(r->killed_by, sizeof r->killed_by, "%s (input error)",
                     shown_path(fr->path, suite));
            break;
        }
        for (i = 0; i < fr->nrecords; i++)
            if (fr->records[i].outcome == JT_OUTCOME_FAIL ||
                fr->records[i].outcome == JT_OUTCOME_ERROR)
                break;
        if (i < fr->nrecords) {
            snprintf(r->killed_by, sizeof r->killed_by, "%s:%d", shown_path(fr->path, suite),
                     fr->records[i].line);
            break;
        }
    }
out:
    jt_runner_free(runner);
    return rc;
}

static size_t max_size(size_t a, size_t b) {
    return a > b ? a : b;
}

static void print_table(FILE *out, const row *rows, size_t n) {
    size_t w[3] = {strlen("mutant"), strlen("rule"), strlen("killed by")}, i, killed = 0;
    for (i = 0; i < n; i++) {
        w[0] = max_size(w[0], strlen(rows[i].mutant));
        w[1] = max_size(w[1], strlen(rows[i].rule));
        w[2] = max_size(w[2], strlen(rows[i].killed_by));
    }
    fprintf(out, "%-*s | %-*s | %-*s | %7s | %s\n", (int)w[0], "mutant", (int)w[1], "rule",
            (int)w[2], "killed by", "failing", "what it breaks");
    for (i = 0; i < n; i++) {
        fprintf(out, "%-*s | %-*s | %-*s | %7zu | %s\n", (int)w[0], rows[i].mutant, (int)w[1],
                rows[i].rule, (int)w[2], rows[i].killed_by, rows[i].failing, rows[i].what);
        killed += rows[i].killed != 0;
    }
    fprintf(out, "\n%zu of %zu mutants killed", killed, n);
    if (killed < n)
        fprintf(out, ", %zu survived: the suite does not check their rule", n - killed);
    fputc('\n', out);
}

int jt_cli_mutants(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"suite", required_argument, NULL, 's'},
        {"dir", required_argument, NULL, 'd'},
        {"exec", required_argument, NULL, 'x'},
        {"timeout", required_argument, NULL, 't'},
        {"quick", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *suite = NULL, *dir = NULL, *execs[MAX_EXEC];
    char dirbuf[4096], suitebuf[4096], **plugins = NULL;
    size_t nexecs = 0, nplugins = 0, nrows = 0, i;
    row *rows = NULL;
    row model;
    jt_error err;
    int c, status = 2, timeout_ms = JT_EXEC_TIMEOUT_DEFAULT_MS, quick = 0;
    memset(&err, 0, sizeof err);
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":s:d:x:qh", options, NULL)) != -1) {
        switch (c) {
        case 's':
            suite = optarg;
            break;
        case 'd':
            dir = optarg;
            break;
        case 'x':
            if (nexecs == MAX_EXEC)
                return jt_cli_bad_usage(errout, "mutants", usage, "more than %d --exec", MAX_EXEC);
            execs[nexecs++] = optarg;
            break;
        case 't': {
            char *end;
            double sec = strtod(optarg, &end);
            if (*optarg == '\0' || *end || !(sec >= 0.001 && sec <= 86400.0))
                return jt_cli_bad_usage(errout, "mutants", usage,
                                        "--timeout expects seconds, 0.001 to 86400");
            timeout_ms = (int)(sec * 1000.0 + 0.5);
            break;
        }
        case 'q':
            quick = 1;
            break;
        case 'h':
            usage(out);
            return 0;
        default:
            return jt_cli_bad_option(errout, "mutants", usage, c, argv);
        }
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "mutants", usage, "unexpected argument '%s'", argv[optind]);
    if (!dir) {
        default_dir(dirbuf, sizeof dirbuf);
        dir = dirbuf;
    }
    if (!suite && jt_cli_bundled_cases(suitebuf, sizeof suitebuf, NULL, "mutants", errout) < 0)
        return 2;
    if (!suite)
        suite = suitebuf;

    /* The suite must hold on the model, or a kill proves nothing. */
    memset(&model, 0, sizeof model);
    if (run_suite(&model, &jt_driver_model, NULL, suite, 0, &err) < 0) {
        fprintf(errout, "jobtck mutants: model: %s\n", err.message);
        return 2;
    }
    if (model.killed) {
        fprintf(errout,
                "jobtck mutants: the suite %s fails on the model itself (%zu records, the "
                "first at %s): the mutants would prove nothing\n",
                suite, model.failing, model.killed_by);
        return 2;
    }

    if (list_plugins(&plugins, &nplugins, dir, &err) < 0 && nexecs == 0) {
        fprintf(errout, "jobtck mutants: %s (they are built with the tests; or use --dir)\n",
                err.message);
        return 2;
    }
    if (nplugins + nexecs == 0) {
        fprintf(errout, "jobtck mutants: %s: no mutants (*.so) there\n", dir);
        goto out;
    }
    rows = jt_calloc(nplugins + nexecs, sizeof *rows);
    if (!rows) {
        fprintf(errout, "jobtck mutants: out of memory\n");
        goto out;
    }
    for (i = 0; i < nplugins; i++) {
        row *r = &rows[nrows++];
        jt_plugin *p = NULL;
        char path[8192];
        int rc;
        if (snprintf(path, sizeof path, "%s/%s", dir, plugins[i]) >= (int)sizeof path) {
            fprintf(errout, "jobtck mutants: %s: the path is too long\n", plugins[i]);
            goto out;
        }
        snprintf(r->mutant, sizeof r->mutant, "%s", plugins[i]);
        if (jt_plugin_open(&p, path, &err) < 0) {
            fprintf(errout, "jobtck mutants: %s\n", err.message);
            goto out;
        }
        describe(r, jt_plugin_driver(p)->name);
        rc = run_suite(r, jt_plugin_driver(p), NULL, suite, quick, &err);
        jt_plugin_close(p);
        if (rc < 0) {
            fprintf(errout, "jobtck mutants: %s: %s\n", plugins[i], err.message);
            goto out;
        }
    }
    for (i = 0; i < nexecs; i++) {
        row *r = &rows[nrows++];
        char *target = NULL;
        void *conn = NULL;
        const char *slash = strrchr(execs[i], '/');
        int rc;
        snprintf(r->mutant, sizeof r->mutant, "exec:%s", slash ? slash + 1 : execs[i]);
        if (jt_exec_target(&target, timeout_ms, execs[i]) < 0) {
            fprintf(errout, "jobtck mutants: out of memory\n");
            goto out;
        }
        /* its name, from its hello */
        rc = jt_driver_exec.connect(target, &conn, &err);
        if (rc == JT_OK) {
            describe(r, jt_exec_name(conn));
            jt_driver_exec.disconnect(conn);
            rc = run_suite(r, &jt_driver_exec, target, suite, quick, &err);
        }
        free(target);
        if (rc < 0) {
            fprintf(errout, "jobtck mutants: %s: %s\n", execs[i], err.message);
            goto out;
        }
    }
    print_table(out, rows, nrows);
    status = 0;
    for (i = 0; i < nrows; i++)
        if (!rows[i].killed)
            status = 1;
out:
    for (i = 0; i < nplugins; i++)
        free(plugins[i]);
    free(plugins);
    free(rows);
    fflush(out);
    return status;
}
