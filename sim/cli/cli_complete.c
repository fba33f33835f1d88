/* jobtck complete: expected results of case files (or prototypes) filled in from a driver. */
#include "sim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/model.h"
#include "sim/run/complete.h"
#include "sim/run/paths.h"
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
          "                       default) or model:PROFILE, or any driver of jobtck run\n"
          "      --driver-option KEY=VALUE\n"
          "                       an option of the driver, repeatable (jobtck run --help)\n"
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

static int help(FILE *out) {
    usage(out);
    return 0;
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

/* A folder's case files, each to the same relative path under outdir. */
typedef struct folder_jobs {
    jobs *js;
    const char *outdir;
    FILE *errout;
} folder_jobs;

static int add_found(void *ctx, const char *path, const char *rel, jt_error *err) {
    folder_jobs *fj = ctx;
    int rc = add_job(fj->js, jt_strdup(path), join(fj->outdir, rel));
    return rc < 0 ? jt_error_set(err, rc, 0, "%s", jt_strerror(rc)) : JT_OK;
}

static int say_unreadable(void *ctx, const char *dir, const char *message, jt_error *err) {
    (void)dir;
    (void)err;
    fprintf(((folder_jobs *)ctx)->errout, "jobtck complete: %s\n", message);
    return JT_EIO;
}

/* The case files under dir, as jobtck run finds them, each to the same relative path under
   outdir. */
static int add_dir(jobs *js, const char *dir, const char *outdir, FILE *errout) {
    folder_jobs fj = {js, outdir, errout};
    const jt_case_walk w = {add_found, say_unreadable, &fj};
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_case_walk_folder(dir, &w, &err);
    if (rc < 0 && rc != JT_EIO) /* JT_EIO: said already */
        fprintf(errout, "jobtck complete: %s\n", err.message);
    return rc < 0 ? JT_EIO : JT_OK;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
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

/* Every (in, out) pair first: nothing is written when the arguments are wrong. 0, or the exit
   status after a message. */
static int gather(jobs *js, char **ins, int n, const char *outdir, FILE *errout) {
    char **outs;
    size_t i;
    int k, rc = JT_OK;
    for (k = 0; k < n && rc == JT_OK; k++) {
        struct stat sbuf;
        if (stat(ins[k], &sbuf) != 0) {
            fprintf(errout, "jobtck complete: %s: cannot open: %s\n", ins[k], strerror(errno));
            rc = JT_EIO;
        } else if (S_ISDIR(sbuf.st_mode)) {
            size_t before = js->n;
            rc = add_dir(js, ins[k], outdir, errout);
            if (rc == JT_OK && js->n == before) {
                fprintf(errout, "jobtck complete: %s: no .test files in the folder\n", ins[k]);
                rc = JT_EIO;
            }
        } else {
            const char *base = strrchr(ins[k], '/');
            rc = add_job(js, jt_strdup(ins[k]), join(outdir, base ? base + 1 : ins[k]));
        }
    }
    if (rc == JT_ENOMEM || rc == JT_ELIMIT)
        fprintf(errout, "jobtck complete: %s\n", jt_strerror(rc));
    if (rc < 0)
        return 2;
    outs = jt_calloc(js->n + 1, sizeof *outs);
    if (!outs) {
        fprintf(errout, "jobtck complete: out of memory\n");
        return 2;
    }
    for (i = 0; i < js->n; i++)
        outs[i] = js->v[i].out;
    qsort(outs, js->n, sizeof *outs, cmp_names);
    for (i = 1; i < js->n && rc == JT_OK; i++)
        if (strcmp(outs[i - 1], outs[i]) == 0)
            rc = jt_cli_bad_usage(errout, "complete", usage, "two inputs would be written to %s",
                                  outs[i]);
    free(outs);
    return rc;
}

/* Completes one job; 0, 1 when it failed (said on errout), or -1 when memory is out. */
static int complete_one(jt_completer *completer, const job *j, size_t *counts, FILE *out,
                        FILE *errout) {
    jt_complete_stats st;
    jt_error err;
    int rc = make_parents(j->out, errout);
    memset(&err, 0, sizeof err);
    if (rc == JT_ELIMIT)
        fprintf(errout, "jobtck complete: %s: path too long\n", j->out);
    if (rc < 0)
        return 1;
    rc = jt_completer_file(&st, completer, j->in, j->out, &err);
    if (rc == JT_ENOMEM) {
        fprintf(errout, "jobtck complete: out of memory\n");
        return -1;
    }
    if (rc < 0) {
        fflush(out);
        fprintf(errout, "%s\n", err.message);
        fflush(errout);
        return 1;
    }
    fprintf(out, "%s: %zu %s, %zu %s -> %s\n", j->in, st.statements,
            plural(st.statements, "statement", "statements"), st.queries,
            plural(st.queries, "query", "queries"), j->out);
    counts[0] += st.statements;
    counts[1] += st.queries;
    return 0;
}

/* Completes every job on the session (which the completer takes over); the exit status. */
static int complete_all(const jobs *js, jt_session *session, const char *profile, FILE *out,
                        FILE *errout) {
    jt_complete_config cfg;
    jt_completer *completer = NULL;
    jt_error err;
    size_t i, done = 0, failed = 0, counts[2] = {0, 0};
    int r = 0;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    cfg.session = session;
    cfg.profile = profile;
    if (jt_completer_new(&completer, &cfg, &err) < 0) {
        fprintf(errout, "jobtck complete: %s\n", err.message);
        return 2;
    }
    for (i = 0; i < js->n && r >= 0; i++) {
        r = complete_one(completer, &js->v[i], counts, out, errout);
        done += r == 0;
        failed += r == 1;
    }
    jt_completer_free(completer);
    if (r < 0)
        return 2;
    fprintf(out, "\n%zu %s completed: %zu %s, %zu %s", done, plural(done, "file", "files"),
            counts[0], plural(counts[0], "statement", "statements"), counts[1],
            plural(counts[1], "query", "queries"));
    if (failed)
        fprintf(out, "; %zu %s not completed (errors on stderr)", failed,
                plural(failed, "file", "files"));
    fputc('\n', out);
    return failed ? 2 : 0;
}

int jt_cli_complete(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'},     {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'}, JT_CLI_DRIVER_OPTION,
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *outdir = NULL;
    jt_cli_driver drv;
    jt_session *session = NULL;
    jobs js = {NULL, 0, 0};
    size_t i;
    int c, status = -1;
    jt_cli_driver_init(&drv, "complete", usage);
    opterr = 0;
    optind = 0; /* getopt starts afresh (glibc, musl) */
    while (status < 0 && (c = getopt_long(argc, argv, ":o:d:p:h", options, NULL)) != -1) {
        int st = jt_cli_driver_arg(&drv, c, optarg, errout);
        if (st > 0)
            status = st;
        else if (st == 0)
            continue;
        else if (c == 'o')
            outdir = optarg;
        else if (c == 'h')
            status = help(out);
        else
            status = jt_cli_bad_option(errout, "complete", usage, c, argv);
    }
    if (status < 0 && (!outdir || !*outdir))
        status = jt_cli_bad_usage(errout, "complete", usage, "expected --out DIR");
    if (status < 0 && optind >= argc)
        status = jt_cli_bad_usage(errout, "complete", usage, "expected an IN case file or folder");
    if (status < 0 && (status = gather(&js, argv + optind, argc - optind, outdir, errout)) == 0 &&
        (status = jt_cli_driver_open(&session, &drv, 1, errout)) == 0)
        status = complete_all(&js, session, drv.profile, out, errout);
    for (i = 0; i < js.n; i++) {
        free(js.v[i].in);
        free(js.v[i].out);
    }
    free(js.v);
    jt_cli_driver_dispose(&drv);
    fflush(out);
    return status;
}
