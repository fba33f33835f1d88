/* jobtck doc: documentation pages run against a driver, their claims checked on the model. */
#include <getopt.h>
#include <stdarg.h>
#include <string.h>

#include <stdlib.h>

#include "model/model.h"
#include "reports/report.h"
#include "reports/term.h"
#include "sim/cli/cli.h"
#include "sim/doc/doc.h"

#define DEFAULT_OUT "build/reports/doc"

static void usage(FILE *f) {
    fputs("usage: jobtck doc [--driver SPEC] [--profile NAME] [--out DIR]\n"
          "                  [--report KIND=PATH[,KIND=PATH...]] [--quiet] PAGE.md...\n"
          "\n"
          "Reads CockroachDB documentation pages (Markdown; front matter, Liquid tags and\n"
          "callouts are tolerated), runs the statements of their `~~~ sql` blocks in order in\n"
          "the world each page implies, and compares the column names, rows, and success or\n"
          "error with the output the page shows. Then checks the page's requirement\n"
          "sentences (\"You cannot pause schema changes\", \"only the root user can control a\n"
          "job\", \"All jobs created by maxroach will be paused\") over small bounded worlds\n"
          "on the model; a claim that breaks gets a counterexample case file that\n"
          "`jobtck run` replays. Every mismatch is reported at PAGE:LINE.\n"
          "\n"
          "  -d, --driver SPEC    runs the statements: model (the default), model:PROFILE,\n"
          "                       plugin:PATH.so, exec:'COMMAND ARGS' or pgwire:URL (as for\n"
          "                       jobtck run); the jobs and users a page implies need a\n"
          "                       driver that takes fixtures, else its statements are skipped\n"
          "      --driver-option KEY=VALUE\n"
          "                       an option of the driver, repeatable (jobtck run --help)\n"
          "  -p, --profile NAME   the documented behaviour (default " JT_PROFILE_DEFAULT "): the\n"
          "                       model that checks the claims\n"
          "  -o, --out DIR        where counterexamples go (default " DEFAULT_OUT ", or a new\n"
          "                       temporary folder when that cannot be made)\n"
          "  -r, --report KIND=PATH[,KIND=PATH...]\n"
          "                       write reports (atomically): junit=FILE, tap=FILE,\n"
          "                       json=FILE, html=DIR; a page is a file, each statement,\n"
          "                       claim and problem of the page a record\n"
          "  -q, --quiet          print only the findings and the totals (no line per page,\n"
          "                       no claim that holds, no note)\n"
          "  -h, --help           print this help\n"
          "\n"
          "On a terminal: the totals in colour (unless NO_COLOR is set).\n"
          "\n"
          "Examples:\n"
          "  jobtck doc tests/doc/pause-imports.md     (a page of jobtck's own tests)\n"
          "  jobtck doc --out build/reports/doc --report junit=build/reports/doc.xml docs/*.md\n"
          "\n"
          "Exit status: 0 when the page holds, 1 when it has findings, 2 when a page cannot be\n"
          "read, a report cannot be written, on bad usage, or when the driver fails.\n",
          f);
}

/* ---- records for the reports --------------------------------------------------------------- */

/* The pages as the runner's results, for reports/: a page is a file, an item a record. */
typedef struct acc {
    jt_run_result run;
    char **owned; /* the SQL texts of records, freed with the run */
    size_t nowned, ocap;
    const jt_profile *profile; /* of the spec coverage */
    jt_model *model;           /* counts the spec coverage of each page */
} acc;

static char *const covers_noschema[] = {"PJ-NOSCHEMA"};
static char *const covers_priv[] = {"PJ-PRIV"};
static char *const covers_bulk[] = {"PJ-BULK", "PJ-ATOMIC"};

static void acc_dispose(acc *a) {
    size_t f, i;
    for (f = 0; f < a->run.nfiles; f++) {
        jt_file_result *fr = &a->run.files[f];
        for (i = 0; i < fr->nrecords; i++)
            free(fr->records[i].message);
        free(fr->records);
        free(fr->path);
        free(fr->error);
    }
    free(a->run.files);
    for (i = 0; i < a->nowned; i++)
        free(a->owned[i]);
    free(a->owned);
    jt_model_free(a->model);
    memset(a, 0, sizeof *a);
}

/* A copy of s that lives as long as the run (NULL for NULL); 0, or JT_ENOMEM. */
static int acc_own(char **out, acc *a, const char *s) {
    char *copy;
    int rc;
    *out = NULL;
    if (!s)
        return JT_OK;
    rc = jt_grow((void **)&a->owned, &a->ocap, a->nowned + 1, sizeof *a->owned, JT_LIMIT_RECORDS);
    if (rc < 0 || !(copy = jt_strdup(s)))
        return JT_ENOMEM;
    a->owned[a->nowned++] = copy;
    *out = copy;
    return JT_OK;
}

static int acc_record(acc *a, jt_file_result *fr, const jt_doc_item *it) {
    jt_record_result *rr;
    char *sql = NULL;
    int rc = jt_grow((void **)&fr->records, &fr->cap, fr->nrecords + 1, sizeof *fr->records,
                     JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc;
    if (acc_own(&sql, a, it->sql) < 0)
        return JT_ENOMEM;
    rr = &fr->records[fr->nrecords];
    memset(rr, 0, sizeof *rr);
    rr->file = fr->path;
    rr->line = it->line;
    rr->kind = it->kind;
    rr->subtest = strcmp(it->kind, "claim") == 0 ? "claims" : "examples";
    rr->user = "root";
    rr->sql = sql;
    switch (it->claim) {
    case JT_DOC_CLAIM_NO_PAUSE_SCHEMA:
        rr->covers = covers_noschema;
        rr->ncovers = 1;
        break;
    case JT_DOC_CLAIM_ONLY_USER:
        rr->covers = covers_priv;
        rr->ncovers = 1;
        break;
    case JT_DOC_CLAIM_ALL_JOBS_OF:
        rr->covers = covers_bulk;
        rr->ncovers = 2;
        break;
    default:
        break;
    }
    if (it->message && !(rr->message = jt_strdup(it->message)))
        return JT_ENOMEM;
    fr->nrecords++;
    switch (it->outcome) {
    case JT_DOC_PASS:
        rr->outcome = JT_OUTCOME_PASS;
        fr->passed++;
        a->run.passed++;
        break;
    case JT_DOC_SKIP:
        rr->outcome = JT_OUTCOME_SKIP;
        fr->skipped++;
        a->run.skipped++;
        break;
    default:
        rr->outcome = JT_OUTCOME_FAIL;
        fr->failed++;
        a->run.failed++;
        break;
    }
    return JT_OK;
}

/* Whether statement st ran: its first item is a record that was not skipped. */
static int ran(const jt_doc_report *rep, const jt_doc_stmt *st) {
    size_t i;
    for (i = 0; i < rep->nitems; i++)
        if (rep->items[i].sql == st->sql && rep->items[i].outcome != JT_DOC_NOTE)
            return rep->items[i].outcome != JT_DOC_SKIP;
    return 0;
}

/*
 * The page's spec coverage (model/model.h), counted on a model of the profile into the run's:
 * the fixtures of the world the page implies and each statement that ran, in order, as root
 * (as jt_doc_check_statements runs them).
 */
static int acc_coverage(acc *a, const jt_doc_page *page, const jt_doc_world *w,
                        const jt_doc_report *rep) {
    jt_error err;
    size_t k, f = 0;
    int rc = JT_OK;
    if (!a->model && jt_model_new(&a->model, a->profile, &err) < 0)
        return err.code;
    jt_model_reset(a->model);
    for (k = 0; k < page->nstmts && rc != JT_ENOMEM; k++) {
        jt_result res;
        for (; f < w->nfx && w->fx[f].before <= k && rc != JT_ENOMEM; f++)
            rc = jt_model_fixture(a->model, &w->fx[f].fx, &err);
        if (rc == JT_ENOMEM || !ran(rep, &page->stmts[k]))
            continue;
        memset(&res, 0, sizeof res);
        rc = jt_model_exec(a->model, "root", page->stmts[k].sql, &res, &err);
        jt_result_dispose(&res);
    }
    jt_model_coverage_take(a->model, &a->run.coverage);
    return rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
}

/* Adds a page: its items (and its spec coverage, when page and w are given), or the error that
   kept it from being read. */
static int acc_page(acc *a, const char *path, const jt_doc_page *page, const jt_doc_world *w,
                    const jt_doc_report *rep, const char *error) {
    jt_file_result *fr;
    size_t i;
    int rc = jt_grow((void **)&a->run.files, &a->run.cap, a->run.nfiles + 1, sizeof *a->run.files,
                     JT_LIMIT_FILES);
    if (rc < 0)
        return rc;
    fr = &a->run.files[a->run.nfiles];
    memset(fr, 0, sizeof *fr);
    if (!(fr->path = jt_strdup(path)))
        return JT_ENOMEM;
    a->run.nfiles++;
    if (error) {
        if (!(fr->error = jt_strdup(error)))
            return JT_ENOMEM;
        fr->errors = 1;
        a->run.errors++;
    }
    for (i = 0; rep && i < rep->nitems && rc == JT_OK; i++)
        if (rep->items[i].outcome != JT_DOC_NOTE)
            rc = acc_record(a, fr, &rep->items[i]);
    jt_expect_judge(fr, NULL); /* each record's verdict, once, for the reports */
    if (rc == JT_OK && rep && page && w)
        rc = acc_coverage(a, page, w, rep);
    return rc;
}

static size_t count_fx(const jt_doc_world *w, int kind) {
    size_t i, n = 0;
    for (i = 0; i < w->nfx; i++)
        n += w->fx[i].fx.kind == kind;
    return n;
}

/* One page: read, checked, printed (quiet: its findings only). Returns its exit status. */
static int one_page(const char *path, const jt_doc_config *cfg, int quiet, FILE *out, FILE *errout,
                    size_t totals[4], acc *a) {
    jt_doc_page *page = NULL;
    jt_doc_report rep;
    jt_doc_world w;
    jt_error err;
    size_t i, outputs = 0;
    int rc, status, built;
    memset(&err, 0, sizeof err);
    jt_doc_report_init(&rep);
    rc = jt_doc_read(&page, path, &err);
    if (rc < 0) {
        fflush(out);
        fprintf(errout, "%s\n", err.message);
        fflush(errout);
        if (a && acc_page(a, path, NULL, NULL, NULL, err.message) < 0)
            fprintf(errout, "jobtck doc: out of memory\n");
        totals[3]++;
        return 2;
    }
    rc = jt_doc_world_build(&w, page, &err);
    built = rc == JT_OK;
    if (rc == JT_OK) {
        for (i = 0; i < page->nstmts; i++)
            outputs += page->stmts[i].out != JT_DOC_OUT_NONE;
        if (!quiet)
            fprintf(out,
                    "%s: %zu statement%s in %zu sql block%s, %zu output%s, %zu claim%s; the page "
                    "implies %zu job%s and %zu user%s (driver %s, profile %s)\n",
                    path, page->nstmts, page->nstmts == 1 ? "" : "s", page->nblocks,
                    page->nblocks == 1 ? "" : "s", outputs, outputs == 1 ? "" : "s", page->nclaims,
                    page->nclaims == 1 ? "" : "s", count_fx(&w, JT_FIXTURE_JOB),
                    count_fx(&w, JT_FIXTURE_JOB) == 1 ? "" : "s", count_fx(&w, JT_FIXTURE_USER),
                    count_fx(&w, JT_FIXTURE_USER) == 1 ? "" : "s", jt_session_name(cfg->session),
                    cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT);
        rc = jt_doc_check(&rep, page, cfg, &err);
    }
    for (i = 0; i < rep.nitems; i++)
        if (rep.items[i].message && (!quiet || rep.items[i].outcome == JT_DOC_FAIL))
            fprintf(out, "%s\n", rep.items[i].message);
    totals[0] += rep.passed;
    totals[1] += rep.failed;
    totals[2] += rep.skipped;
    status = jt_doc_exit_status(&rep);
    if (rc < 0) {
        fflush(out);
        fprintf(errout, "jobtck doc: %s\n", err.message);
        fflush(errout);
        status = 2;
    }
    if (a && acc_page(a, path, page, built ? &w : NULL, &rep, rc < 0 ? err.message : NULL) < 0) {
        fprintf(errout, "jobtck doc: out of memory\n");
        status = 2;
    }
    if (built)
        jt_doc_world_dispose(&w);
    jt_doc_report_dispose(&rep);
    jt_doc_free(page);
    return status;
}

/* n what, in colour code when colour and n is not zero (as run's totals line). */
static void count(FILE *out, int colour, const char *code, size_t n, const char *what) {
    if (colour && n)
        fprintf(out, "%s%zu %s\033[0m", code, n, what);
    else
        fprintf(out, "%zu %s", n, what);
}

/* The reports of the pages (a page a file, an item a record). 0, or 2 after a message. */
static int write_reports(const jt_report_spec *reports, const acc *a, const char *driver,
                         const char *profile, FILE *errout) {
    jt_report_meta meta;
    jt_report_data data;
    jt_error err;
    int status = 0;
    memset(&meta, 0, sizeof meta);
    memset(&err, 0, sizeof err);
    meta.command = "doc";
    meta.driver = driver;
    meta.profile = profile ? profile : JT_PROFILE_DEFAULT;
    meta.version = JT_VERSION;
    if (jt_report_data_init(&data, &a->run, &meta, &err) < 0) {
        fprintf(errout, "jobtck doc: %s\n", err.message);
        return 2;
    }
    if (jt_report_write_all(errout, reports, &data) < 0)
        status = 2;
    jt_report_data_dispose(&data);
    return status;
}

/* The totals line: passed, failed, skipped, and the pages not read. */
static void print_totals(FILE *out, const size_t totals[4]) {
    int colour = jt_term_colour(out);
    fputc('\n', out);
    if (totals[3])
        fprintf(out, "%zu page%s not read (on stderr)\n", totals[3], totals[3] == 1 ? "" : "s");
    count(out, colour, "\033[32m", totals[0], "passed");
    fputs(", ", out);
    count(out, colour, "\033[31m\033[1m", totals[1], "failed");
    if (totals[2]) {
        fputs(", ", out);
        count(out, colour, "\033[33m", totals[2], "skipped");
    }
    fputc('\n', out);
    fflush(out);
}

/* What the command line asks for. */
typedef struct doc_args {
    jt_cli_driver driver;
    jt_report_spec reports;
    const char *out_dir;
    int quiet;
} doc_args;

/* Reads the command line into a; -1 to go on, else the exit status. */
static int parse_args(doc_args *a, int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        JT_CLI_DRIVER_OPTION,
        {"out", required_argument, NULL, 'o'},
        {"report", required_argument, NULL, 'r'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    jt_error err;
    int c, st;
    memset(&err, 0, sizeof err);
    opterr = 0;
    optind = 0; /* getopt starts afresh (glibc, musl) */
    while ((c = getopt_long(argc, argv, ":d:p:o:r:qh", options, NULL)) != -1) {
        if ((st = jt_cli_driver_arg(&a->driver, c, optarg, errout)) >= 0) {
            if (st > 0)
                return st;
        } else if (c == 'o') {
            a->out_dir = optarg;
        } else if (c == 'q') {
            a->quiet = 1;
        } else if (c == 'r') {
            if (jt_report_spec_add(&a->reports, optarg, &err) < 0)
                return jt_cli_bad_usage(errout, "doc", usage, "%s", err.message);
        } else if (c == 'h') {
            usage(out);
            return 0;
        } else {
            return jt_cli_bad_option(errout, "doc", usage, c, argv);
        }
    }
    if (optind >= argc)
        return jt_cli_bad_usage(errout, "doc", usage, "expected a PAGE.md");
    if (a->out_dir && !*a->out_dir)
        return jt_cli_bad_usage(errout, "doc", usage, "--out needs a folder name");
    return -1;
}

int jt_cli_doc(int argc, char **argv, FILE *out, FILE *errout) {
    doc_args a;
    jt_doc_config cfg;
    acc acc_pages;
    size_t totals[4] = {0, 0, 0, 0}; /* passed, failed, skipped, pages not read */
    int i, st, status;
    memset(&a, 0, sizeof a);
    memset(&cfg, 0, sizeof cfg);
    memset(&acc_pages, 0, sizeof acc_pages);
    jt_cli_driver_init(&a.driver, "doc", usage);
    jt_report_spec_init(&a.reports);
    status = parse_args(&a, argc, argv, out, errout);
    if (status < 0 && a.driver.profile && !jt_profile_find(a.driver.profile))
        status = jt_cli_bad_usage(errout, "doc", usage, "unknown profile '%s'", a.driver.profile);
    if (status >= 0)
        goto out;
    status = jt_cli_driver_open(&cfg.session, &a.driver, 1, errout);
    if (status != 0)
        goto out;
    cfg.profile = a.driver.profile;
    acc_pages.profile = jt_profile_find(cfg.profile); /* NULL: the default */
    cfg.out_dir = a.out_dir ? a.out_dir : DEFAULT_OUT;
    cfg.out_fallback = a.out_dir == NULL;
    for (i = optind; i < argc; i++) {
        st = one_page(argv[i], &cfg, a.quiet, out, errout, totals,
                      jt_report_spec_any(&a.reports) ? &acc_pages : NULL);
        if (st > status)
            status = st;
    }
    print_totals(out, totals);
    if (jt_report_spec_any(&a.reports)) {
        st = write_reports(&a.reports, &acc_pages, jt_session_name(cfg.session), cfg.profile,
                           errout);
        status = st > status ? st : status;
    }
out:
    acc_dispose(&acc_pages);
    jt_session_close(cfg.session);
    jt_report_spec_dispose(&a.reports);
    jt_cli_driver_dispose(&a.driver);
    return status;
}
