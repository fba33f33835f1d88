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
#include "sim/drivers/drivers.h"

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
        if (fr->scenario) {
            free(fr->scenario->records); /* their strings are in a->owned */
            free(fr->scenario);
        }
        free(fr->path);
        free(fr->error);
    }
    free(a->run.files);
    for (i = 0; i < a->nowned; i++)
        free(a->owned[i]);
    free(a->owned);
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

/* The line of the first record of statement st in rep, or 0 when it has none (it did not run). */
static int first_line(const jt_doc_report *rep, const jt_doc_stmt *st) {
    size_t i;
    for (i = 0; i < rep->nitems; i++)
        if (rep->items[i].sql == st->sql && rep->items[i].outcome != JT_DOC_NOTE)
            return rep->items[i].line;
    return 0;
}

/*
 * The page as a scenario, for the spec coverage (reports/speccov.c replays a file's scenario
 * on the model as the runner's results say it ran): the fixtures of the world the page implies
 * (at line -1: none of them has a result of its own) and each statement that ran, at the line
 * of its first record. The statements run as root, as jt_doc_check_statements runs them.
 */
static int acc_scenario(acc *a, jt_file_result *fr, const jt_doc_page *page, const jt_doc_world *w,
                        const jt_doc_report *rep) {
    jt_case_file *cf = jt_calloc(1, sizeof *cf);
    size_t k, f = 0;
    if (!cf)
        return JT_ENOMEM;
    fr->scenario = cf;
    cf->records = jt_calloc(w->nfx + page->nstmts + 1, sizeof *cf->records);
    if (!cf->records)
        return JT_ENOMEM;
    for (k = 0; k < page->nstmts; k++) {
        const jt_doc_stmt *st = &page->stmts[k];
        jt_case_record *rec;
        int line;
        for (; f < w->nfx && w->fx[f].before <= k; f++) {
            jt_fixture *fx;
            const char **strings[7];
            size_t i;
            rec = &cf->records[cf->nrecords++];
            rec->kind = JT_CASE_FIXTURE;
            rec->line = -1;
            fx = &rec->fixture;
            *fx = w->fx[f].fx; /* its strings are the world's: copied */
            strings[0] = &fx->name;
            strings[1] = &fx->type;
            strings[2] = &fx->status;
            strings[3] = &fx->user;
            strings[4] = &fx->description;
            strings[5] = &fx->error;
            strings[6] = &fx->member_of;
            for (i = 0; i < 7; i++) {
                char *copy;
                if (acc_own(&copy, a, *strings[i]) < 0)
                    return JT_ENOMEM;
                *strings[i] = copy;
            }
        }
        line = first_line(rep, st);
        if (!line)
            continue;
        rec = &cf->records[cf->nrecords++];
        rec->kind = JT_CASE_STATEMENT;
        rec->line = line;
        rec->expect = JT_EXPECT_OK;
        if (acc_own(&rec->sql, a, st->sql) < 0)
            return JT_ENOMEM;
    }
    return JT_OK;
}

/* Adds a page: its items (and its scenario, when page and w are given), or the error that kept
   it from being read. */
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
    if (rc == JT_OK && rep && page && w)
        rc = acc_scenario(a, fr, page, w, rep);
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
                    count_fx(&w, JT_FIXTURE_USER) == 1 ? "" : "s", cfg->driver->name,
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

/* The checks of the options after they are read; 0, or 2 after saying why. */
static int check_usage(FILE *errout, int argc, int optind_, const char *spec, const char **profile,
                       const char **target, const char *out_dir, jt_doc_config *cfg) {
    if (optind_ >= argc)
        return jt_cli_bad_usage(errout, "doc", usage, "expected a PAGE.md");
    memset(cfg, 0, sizeof *cfg);
    cfg->driver = jt_driver_find(spec, target);
    if (!cfg->driver)
        return jt_cli_bad_usage(errout, "doc", usage, "unknown driver '%s'", spec);
    if (cfg->driver == &jt_driver_model) {
        if (*target && *profile && strcmp(*target, *profile) != 0)
            return jt_cli_bad_usage(errout, "doc", usage,
                                    "--profile %s differs from the profile of --driver %s",
                                    *profile, spec);
        if (!*target)
            *target = *profile ? *profile : JT_PROFILE_DEFAULT;
        *profile = *target;
    }
    if (*profile && !jt_profile_find(*profile))
        return jt_cli_bad_usage(errout, "doc", usage, "unknown profile '%s'", *profile);
    if (out_dir && !*out_dir)
        return jt_cli_bad_usage(errout, "doc", usage, "--out needs a folder name");
    return 0;
}

/* n what, in colour code when colour and n is not zero (as run's totals line). */
static void count(FILE *out, int colour, const char *code, size_t n, const char *what) {
    if (colour && n)
        fprintf(out, "%s%zu %s\033[0m", code, n, what);
    else
        fprintf(out, "%zu %s", n, what);
}

int jt_cli_doc(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"driver", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        {"out", required_argument, NULL, 'o'},
        {"report", required_argument, NULL, 'r'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *spec = "model", *profile = NULL, *target = NULL, *out_dir = NULL;
    jt_doc_config cfg;
    jt_report_spec reports;
    jt_error err;
    acc a;
    size_t totals[4] = {0, 0, 0, 0}; /* passed, failed, skipped, pages not read */
    int c, i, status = 0, quiet = 0, colour;
    opterr = 0;
    optind = 0; /* getopt starts afresh (glibc, musl) */
    memset(&a, 0, sizeof a);
    jt_report_spec_init(&reports);
    while ((c = getopt_long(argc, argv, ":d:p:o:r:qh", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            spec = optarg;
            break;
        case 'p':
            profile = optarg;
            break;
        case 'o':
            out_dir = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'r':
            if (jt_report_spec_add(&reports, optarg, &err) < 0) {
                jt_report_spec_dispose(&reports);
                return jt_cli_bad_usage(errout, "doc", usage, "%s", err.message);
            }
            break;
        case 'h':
            jt_report_spec_dispose(&reports);
            usage(out);
            return 0;
        default:
            jt_report_spec_dispose(&reports);
            return jt_cli_bad_option(errout, "doc", usage, c, argv);
        }
    }
    status = check_usage(errout, argc, optind, spec, &profile, &target, out_dir, &cfg);
    if (status) {
        jt_report_spec_dispose(&reports);
        return status;
    }
    cfg.target = target;
    cfg.profile = profile;
    cfg.out_dir = out_dir ? out_dir : DEFAULT_OUT;
    cfg.out_fallback = out_dir == NULL;
    colour = jt_term_colour(out);
    for (i = optind; i < argc; i++) {
        int st = one_page(argv[i], &cfg, quiet, out, errout, totals,
                          jt_report_spec_any(&reports) ? &a : NULL);
        if (st > status)
            status = st;
    }
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
    if (jt_report_spec_any(&reports)) {
        jt_report_meta meta;
        jt_report_data data;
        memset(&meta, 0, sizeof meta);
        meta.command = "doc";
        meta.driver = cfg.driver->name;
        meta.profile = profile ? profile : JT_PROFILE_DEFAULT;
        meta.version = JT_VERSION;
        if (jt_report_data_init(&data, &a.run, &meta, &err) < 0) {
            fprintf(errout, "jobtck doc: %s\n", err.message);
            status = 2;
        } else {
            if (jt_report_write_all(errout, &reports, &data) < 0)
                status = 2;
            jt_report_data_dispose(&data);
        }
    }
    acc_dispose(&a);
    jt_report_spec_dispose(&reports);
    return status;
}
