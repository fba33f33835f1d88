/* jobtck complete: expected results of case files (or prototypes) filled in from a driver. */
#include "sim/cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/model.h"
#include "sim/run/complete.h"
#include "sim/drivers/drivers.h"
#include "sim/text/strbuf.h"

#define PATH_LIMIT 4096

static void usage(FILE *f) {
    fputs("usage: jobtck complete [--driver SPEC] [--profile NAME] --out DIR IN...\n"
          "\n"
          "Fills in the expected results of case files from a driver, as sqllogictest's\n"
          "completion mode does, and writes each to DIR under the same name (a folder IN:\n"
          "its *.test files and subfolders', under the same relative paths). Each file is\n"
          "written atomically (a temporary file, then a rename); DIR is made when missing.\n"
          "\n"
          "IN is a case file, or a prototype of one: a statement record written as the bare\n"
          "directive `statement`, a query record as `query <types> [options]` and its SQL\n"
          "with no `----` part. Every record runs in order on the driver and is written\n"
          "back with what came back:\n"
          "  statement ok [count N]                      success\n"
          "  statement error pgcode XXXXX ^<message>$    an error (message regex-escaped)\n"
          "  query <types> [options], ----, the rows     NULL, · for the empty string;\n"
          "                                              rowsort / valuesort: sorted\n"
          "  query error pgcode XXXXX ^<message>$        a query that fails\n"
          "Everything else (comments, covers, fixture, user, the SQL) is copied unchanged,\n"
          "so the same input gives byte-identical output, and a completed file completes\n"
          "to itself.\n"
          "\n"
          "  -o, --out DIR        where the completed files go (required; may be the\n"
          "                       folder of IN: files are replaced atomically)\n"
          "  -d, --driver SPEC    the implementation that gives the results: model (the\n"
          "                       default) or model:PROFILE\n"
          "  -p, --profile NAME   the profile (default " JT_PROFILE_DEFAULT
          "); skipif/onlyif see it\n"
          "  -h, --help           print this help\n"
          "\n"
          "Example:\n"
          "  $ cat proto/pause.test\n"
          "  covers PJ-STATES\n"
          "  fixture job id=7 type=IMPORT status=running\n"
          "\n"
          "  statement\n"
          "  PAUSE JOB 7\n"
          "\n"
          "  query IT\n"
          "  SELECT job_id, status FROM [SHOW JOBS]\n"
          "  $ jobtck complete --out cases/mine proto/pause.test\n"
          "  proto/pause.test: 1 statement, 1 query -> cases/mine/pause.test\n"
          "\n"
          "  1 file completed: 1 statement, 1 query\n"
          "  $ cat cases/mine/pause.test\n"
          "  covers PJ-STATES\n"
          "  fixture job id=7 type=IMPORT status=running\n"
          "\n"
          "  statement ok count 1\n"
          "  PAUSE JOB 7\n"
          "\n"
          "  query IT\n"
          "  SELECT job_id, status FROM [SHOW JOBS]\n"
          "  ----\n"
          "  7  paused\n"
          "\n"
          "Exit status: 0 when every file was completed; 2 on malformed input (`file:line:\n"
          "message`: also a fixture that fails, SQL outside the subset, a prototype record\n"
          "that does not run), a missing file or bad usage. A file that fails is not\n"
          "written; the others are.\n",
          f);
}

/* One file to complete: where it is read and where it is written. */
typedef struct job {
    char *in;
    char *out;
} job;

typedef struct jobs {
    job *v;
    size_t n, cap;
} jobs;

static char *join(const char *a, const char *b) {
    jt_strbuf sb;
    size_t n = strlen(a);
    jt_strbuf_init(&sb, PATH_LIMIT);
    if (jt_strbuf_adds(&sb, a) < 0 ||
        (n > 0 && a[n - 1] != '/' && jt_strbuf_add(&sb, "/", 1) < 0) ||
        jt_strbuf_adds(&sb, b) < 0) {
        jt_strbuf_dispose(&sb);
        return NULL;
    }
    return jt_strbuf_take(&sb);
}

/* Takes in and out (NULL: out of memory or too long a path). */
static int add_job(jobs *js, char *in, char *out) {
    int rc = (in && out)
                 ? jt_grow((void **)&js->v, &js->cap, js->n + 1, sizeof *js->v, JT_LIMIT_FILES)
                 : JT_ENOMEM;
    if (rc < 0) {
        free(in);
        free(out);
        return rc;
    }
    js->v[js->n].in = in;
    js->v[js->n].out = out;
    js->n++;
    return JT_OK;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The *.test files under dir (its subfolders too, hidden entries excluded), in name order,
   each to the same relative path under outdir. */
static int add_dir(jobs *js, const char *dir, const char *outdir, int depth, FILE *errout) {
    DIR *dp = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = JT_OK;
    if (!dp) {
        fprintf(errout, "jobtck complete: %s: cannot open: %s\n", dir, strerror(errno));
        return JT_EIO;
    }
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        rc = jt_grow((void **)&names, &cap, n + 1, sizeof *names, JT_LIMIT_FILES);
        if (rc == JT_OK && !(names[n] = jt_strdup(de->d_name)))
            rc = JT_ENOMEM;
        if (rc < 0)
            break;
        n++;
    }
    closedir(dp);
    if (rc == JT_OK && n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (i = 0; i < n && rc == JT_OK; i++) {
        struct stat sbuf;
        char *full = join(dir, names[i]);
        if (!full) {
            rc = JT_ENOMEM;
            break;
        }
        if (stat(full, &sbuf) == 0 && S_ISDIR(sbuf.st_mode)) {
            char *sub = join(outdir, names[i]);
            rc = sub ? (depth < JT_LIMIT_DEPTH ? add_dir(js, full, sub, depth + 1, errout) : JT_OK)
                     : JT_ENOMEM;
            free(sub);
            free(full);
        } else if (ends_with(names[i], ".test")) {
            rc = add_job(js, full, join(outdir, names[i]));
        } else {
            free(full);
        }
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Makes the folders of path (up to its last '/'), like mkdir -p. */
static int make_parents(const char *path, FILE *errout) {
    char buf[PATH_LIMIT];
    size_t i, n = strlen(path);
    if (n >= sizeof buf)
        return JT_ELIMIT;
    memcpy(buf, path, n + 1);
    for (i = 1; i < n; i++) {
        struct stat sbuf;
        if (buf[i] != '/')
            continue;
        buf[i] = '\0';
        if (stat(buf, &sbuf) != 0 && mkdir(buf, 0755) != 0 && errno != EEXIST) {
            fprintf(errout, "jobtck complete: %s: cannot make the folder: %s\n", buf,
                    strerror(errno));
            return JT_EIO;
        }
        buf[i] = '/';
    }
    return JT_OK;
}

static const char *plural(size_t n, const char *one, const char *many) {
    return n == 1 ? one : many;
}

int jt_cli_complete(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'},
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *spec = "model", *profile = NULL, *target = NULL, *outdir = NULL;
    const jt_driver *driver;
    jt_complete_config cfg;
    jt_completer *completer = NULL;
    jobs js = {NULL, 0, 0};
    char **outs = NULL;
    size_t i, done = 0, failed = 0, nstmt = 0, nquery = 0;
    jt_error err;
    int c, rc, status = 2;
    opterr = 0;
    optind = 0; /* getopt starts afresh (glibc, musl) */
    while ((c = getopt_long(argc, argv, ":o:d:p:h", options, NULL)) != -1) {
        switch (c) {
        case 'o':
            outdir = optarg;
            break;
        case 'd':
            spec = optarg;
            break;
        case 'p':
            profile = optarg;
            break;
        case 'h':
            usage(out);
            return 0;
        default:
            return jt_cli_bad_option(errout, "complete", usage, c, argv);
        }
    }
    if (!outdir || !*outdir)
        return jt_cli_bad_usage(errout, "complete", usage, "expected --out DIR");
    if (optind >= argc)
        return jt_cli_bad_usage(errout, "complete", usage, "expected an IN case file or folder");
    /* The model is the oracle: other drivers are for `jobtck run`. */
    driver = jt_driver_find(spec, &target);
    if (driver != &jt_driver_model)
        return jt_cli_bad_usage(errout, "complete", usage,
                                "unknown driver '%s': expected model or model:PROFILE", spec);
    if (target && profile && strcmp(target, profile) != 0)
        return jt_cli_bad_usage(errout, "complete", usage,
                                "--profile %s differs from the profile of --driver %s", profile,
                                spec);
    if (!target)
        target = profile ? profile : JT_PROFILE_DEFAULT;
    profile = target;
    /* every (in, out) pair first: nothing is written when the arguments are wrong */
    for (i = (size_t)optind, rc = JT_OK; i < (size_t)argc && rc == JT_OK; i++) {
        struct stat sbuf;
        if (stat(argv[i], &sbuf) != 0) {
            fprintf(errout, "jobtck complete: %s: cannot open: %s\n", argv[i], strerror(errno));
            rc = JT_EIO;
        } else if (S_ISDIR(sbuf.st_mode)) {
            size_t before = js.n;
            rc = add_dir(&js, argv[i], outdir, 0, errout);
            if (rc == JT_OK && js.n == before) {
                fprintf(errout, "jobtck complete: %s: no .test files in the folder\n", argv[i]);
                rc = JT_EIO;
            }
        } else {
            const char *base = strrchr(argv[i], '/');
            rc = add_job(&js, jt_strdup(argv[i]), join(outdir, base ? base + 1 : argv[i]));
        }
    }
    if (rc == JT_ENOMEM || rc == JT_ELIMIT)
        fprintf(errout, "jobtck complete: %s\n", jt_strerror(rc));
    if (rc < 0)
        goto out;
    outs = jt_calloc(js.n + 1, sizeof *outs);
    if (!outs) {
        fprintf(errout, "jobtck complete: out of memory\n");
        goto out;
    }
    for (i = 0; i < js.n; i++)
        outs[i] = js.v[i].out;
    qsort(outs, js.n, sizeof *outs, cmp_names);
    for (i = 1; i < js.n; i++)
        if (strcmp(outs[i - 1], outs[i]) == 0) {
            status = jt_cli_bad_usage(errout, "complete", usage,
                                      "two inputs would be written to %s", outs[i]);
            goto out;
        }
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.driver = driver;
    cfg.target = target;
    cfg.profile = profile;
    rc = jt_completer_new(&completer, &cfg, &err);
    if (rc < 0) {
        fprintf(errout, "jobtck complete: %s\n", err.message);
        goto out;
    }
    for (i = 0; i < js.n; i++) {
        jt_complete_stats st;
        memset(&err, 0, sizeof err);
        rc = make_parents(js.v[i].out, errout);
        if (rc == JT_ELIMIT)
            fprintf(errout, "jobtck complete: %s: path too long\n", js.v[i].out);
        if (rc < 0) {
            failed++;
            continue;
        }
        rc = jt_completer_file(&st, completer, js.v[i].in, js.v[i].out, &err);
        if (rc == JT_ENOMEM) {
            fprintf(errout, "jobtck complete: out of memory\n");
            goto out;
        }
        if (rc < 0) {
            fflush(out);
            fprintf(errout, "%s\n", err.message);
            fflush(errout);
            failed++;
            continue;
        }
        fprintf(out, "%s: %zu %s, %zu %s -> %s\n", js.v[i].in, st.statements,
                plural(st.statements, "statement", "statements"), st.queries,
                plural(st.queries, "query", "queries"), js.v[i].out);
        nstmt += st.statements;
        nquery += st.queries;
        done++;
    }
    fprintf(out, "\n%zu %s completed: %zu %s, %zu %s", done, plural(done, "file", "files"), nstmt,
            plural(nstmt, "statement", "statements"), nquery, plural(nquery, "query", "queries"));
    if (failed)
        fprintf(out, "; %zu %s not completed (errors on stderr)", failed,
                plural(failed, "file", "files"));
    fputc('\n', out);
    status = failed ? 2 : 0;
out:
    jt_completer_free(completer);
    for (i = 0; i < js.n; i++) {
        free(js.v[i].in);
        free(js.v[i].out);
    }
    free(js.v);
    free(outs);
    fflush(out);
    return status;
}
