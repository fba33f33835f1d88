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

/* The first record of the run that failed, into r (its file relative to the suite). */
static void first_failure(row *r, const jt_run_result *run, const char *suite) {
    size_t f, i;
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
            return;
        }
        for (i = 0; i < fr->nrecords; i++)
            if (fr->records[i].outcome == JT_OUTCOME_FAIL ||
                fr->records[i].outcome == JT_OUTCOME_ERROR)
                break;
        if (i < fr->nrecords) {
            snprintf(r->killed_by, sizeof r->killed_by, "%s:%d", shown_path(fr->path, suite),
                     fr->records[i].line);
            return;
        }
    }
}

/* Runs the suite on a session of spec (with options) and fills r's outcome; named: r says
   what the mutant breaks from the name the implementation gives itself. quick: only until the
   first file or folder of the suite where a record fails. Returns 0, or a negative JT_E...
   with err when the driver cannot be started or the kit fails. */
static int run_suite(row *r, const char *spec, const jt_options *options, int named,
                     const char *suite, int quick, jt_error *err) {
    jt_runner_config cfg;
    jt_runner *runner = NULL;
    int rc;
    memset(&cfg, 0, sizeof cfg);
    rc = jt_session_open(&cfg.session, spec, options, err);
    if (rc < 0)
        return rc;
    if (named)
        describe(r, jt_session_self_name(cfg.session));
    rc = jt_runner_new(&runner, &cfg, err);
    if (rc == JT_OK)
        rc = quick ? run_until_killed(runner, suite, err) : jt_runner_run_path(runner, suite, err);
    if (rc == JT_OK)
        first_failure(r, jt_runner_result(runner), suite);
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

/* What the command line asks for. */
typedef struct mutants_args {
    const char *suite, *dir, *execs[MAX_EXEC];
    size_t nexecs;
    jt_cli_driver exec; /* --timeout: the exec driver's options */
    int quick;
} mutants_args;

/* Reads the command line into a; -1 to go on, else the exit status. */
static int parse_args(mutants_args *a, int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"suite", required_argument, NULL, 's'},
        {"dir", required_argument, NULL, 'd'},
        {"exec", required_argument, NULL, 'x'},
        {"timeout", required_argument, NULL, JT_CLI_OPT_TIMEOUT},
        {"quick", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, st;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":s:d:x:qh", options, NULL)) != -1) {
        if (c == 's') {
            a->suite = optarg;
        } else if (c == 'd') {
            a->dir = optarg;
        } else if (c == 'x' && a->nexecs == MAX_EXEC) {
            return jt_cli_bad_usage(errout, "mutants", usage, "more than %d --exec", MAX_EXEC);
        } else if (c == 'x') {
            a->execs[a->nexecs++] = optarg;
        } else if (c == JT_CLI_OPT_TIMEOUT) {
            if ((st = jt_cli_driver_arg(&a->exec, c, optarg, errout)) > 0)
                return st;
        } else if (c == 'q') {
            a->quick = 1;
        } else if (c == 'h') {
            usage(out);
            return 0;
        } else {
            return jt_cli_bad_option(errout, "mutants", usage, c, argv);
        }
    }
    if (optind < argc)
        return jt_cli_bad_usage(errout, "mutants", usage, "unexpected argument '%s'", argv[optind]);
    return -1;
}

/* The suite must hold on the model, or a kill proves nothing. 0, or 2 after a message. */
static int check_model(const char *suite, FILE *errout) {
    row model;
    jt_error err;
    memset(&model, 0, sizeof model);
    memset(&err, 0, sizeof err);
    if (run_suite(&model, "model", NULL, 0, suite, 0, &err) < 0) {
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
    return 0;
}

/* Every mutant, plugins then adapters, into rows; 0, or 2 after a message. */
static int run_mutants(row *rows, const mutants_args *a, char **plugins, size_t nplugins,
                       FILE *errout) {
    jt_strbuf spec;
    jt_error err;
    size_t i;
    int rc = JT_OK;
    memset(&err, 0, sizeof err);
    jt_strbuf_init(&spec, JT_LIMIT_LINE);
    for (i = 0; i < nplugins + a->nexecs && rc == JT_OK; i++) {
        row *r = &rows[i];
        const char *what = i < nplugins ? plugins[i] : a->execs[i - nplugins];
        const char *slash = strrchr(what, '/');
        jt_strbuf_dispose(&spec);
        if (i < nplugins) {
            snprintf(r->mutant, sizeof r->mutant, "%s", what);
            rc = jt_strbuf_addf(&spec, "plugin:%s/%s", a->dir, what);
        } else {
            snprintf(r->mutant, sizeof r->mutant, "exec:%s", slash ? slash + 1 : what);
            rc = jt_strbuf_addf(&spec, "exec:%s", what);
        }
        if (rc < 0)
            rc = jt_error_set(&err, rc, 0, "%s: the path is too long", what);
        else
            rc = run_suite(r, spec.data, i < nplugins ? NULL : &a->exec.options, 1, a->suite,
                           a->quick, &err);
        if (rc < 0)
            fprintf(errout, "jobtck mutants: %s: %s\n", what, err.message);
    }
    jt_strbuf_dispose(&spec);
    return rc < 0 ? 2 : 0;
}

int jt_cli_mutants(int argc, char **argv, FILE *out, FILE *errout) {
    mutants_args a;
    char dirbuf[4096], suitebuf[4096], **plugins = NULL;
    size_t nplugins = 0, i;
    row *rows = NULL;
    jt_error err;
    int status;
    memset(&a, 0, sizeof a);
    memset(&err, 0, sizeof err);
    jt_cli_driver_init(&a.exec, "mutants", usage);
    status = parse_args(&a, argc, argv, out, errout);
    if (status >= 0)
        goto out;
    status = 2;
    if (!a.suite && jt_cli_bundled_cases(suitebuf, sizeof suitebuf, NULL, "mutants", errout) < 0)
        goto out;
    if (!a.suite)
        a.suite = suitebuf;
    if (!a.dir) {
        default_dir(dirbuf, sizeof dirbuf);
        a.dir = dirbuf;
    }
    status = check_model(a.suite, errout);
    if (status != 0)
        goto out;
    status = 2;
    if (list_plugins(&plugins, &nplugins, a.dir, &err) < 0 && a.nexecs == 0) {
        fprintf(errout, "jobtck mutants: %s (they are built with the tests; or use --dir)\n",
                err.message);
        goto out;
    }
    if (nplugins + a.nexecs == 0) {
        fprintf(errout, "jobtck mutants: %s: no mutants (*.so) there\n", a.dir);
        goto out;
    }
    rows = jt_calloc(nplugins + a.nexecs, sizeof *rows);
    if (!rows) {
        fprintf(errout, "jobtck mutants: out of memory\n");
        goto out;
    }
    if (run_mutants(rows, &a, plugins, nplugins, errout) != 0)
        goto out;
    print_table(out, rows, nplugins + a.nexecs);
    status = 0;
    for (i = 0; i < nplugins + a.nexecs; i++)
        if (!rows[i].killed)
            status = 1;
out:
    for (i = 0; i < nplugins; i++)
        free(plugins[i]);
    free(plugins);
    free(rows);
    jt_cli_driver_dispose(&a.exec);
    fflush(out);
    return status;
}
