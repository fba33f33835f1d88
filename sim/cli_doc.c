/* jobtck doc: documentation pages run against a driver, their claims checked on the model. */
#include <getopt.h>
#include <stdarg.h>
#include <string.h>

#include <stdlib.h>

#include "model/model.h"
#include "reports/report.h"
#include "sim/cli.h"
#include "sim/doc.h"
#include "sim/drivers.h"

#define DEFAULT_OUT "build/reports/doc"

static void usage(FILE *f) {
    fputs("usage: jobtck doc [--driver SPEC] [--profile NAME] [--out DIR]\n"
          "                  [--report KIND=PATH[,KIND=PATH...]] PAGE.md...\n"
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
          "  -d, --driver SPEC    runs the statements: model (the default) or model:PROFILE\n"
          "  -p, --profile NAME   the documented behaviour (default " JT_PROFILE_DEFAULT "): the\n"
          "                       model that checks the claims\n"
          "  -o, --out DIR        where counterexamples go (default " DEFAULT_OUT ", or a new\n"
          "                       temporary folder when that cannot be made)\n"
          "  -r, --report KIND=PATH[,KIND=PATH...]\n"
          "                       write reports (atomically): junit=FILE, tap=FILE,\n"
          "                       json=FILE, html=DIR; a page is a file, each statement,\n"
          "                       claim and problem of the page a record\n"
          "  -h, --help           print this help\n"
          "\n"
          "Examples:\n"
          "  jobtck doc ../shared/docs/pause-job.md\n"
          "  jobtck doc --out build/reports/doc --report junit=build/reports/doc.xml docs/*.md\n"
          "\n"
          "Exit status: 0 when the page holds, 1 when it has findings, 2 when a page cannot be\n"
          "read, a report cannot be written, on bad usage, or when the driver fails.\n",
          f);
}

__attribute__((format(printf, 2, 3))) static int bad_usage(FILE *errout, const char *fmt, ...) {
    va_list ap;
    fputs("jobtck doc: ", errout);
    va_start(ap, fmt);
    vfprintf(errout, fmt, ap);
    va_end(ap);
    fputs("\n\n", errout);
    usage(errout);
    return 2;
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
        free(fr->path);
        free(fr->error);
    }
    free(a->run.files);
    for (i = 0; i < a->nowned; i++)
        free(a->owned[i]);
    free(a->owned);
    memset(a, 0, sizeof *a);
}

static int acc_record(acc *a, jt_file_result *fr, const jt_doc_item *it) {
    jt_record_result *rr;
    char *sql = NULL;
    int rc = jt_grow((void **)&fr->records, &fr->cap, fr->nrecords + 1, sizeof *fr->records,
                     JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc;
    if (it->sql) {
        rc = jt_grow((void **)&a->owned, &a->ocap, a->nowned + 1, sizeof *a->owned,
                     JT_LIMIT_RECORDS);
        if (rc < 0 || !(sql = jt_strdup(it->sql)))
            return JT_ENOMEM;
        a->owned[a->nowned++] = sql;
    }
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

/* Adds a page: its items, or the error that kept it from being read. */
static int acc_page(acc *a, const char *path, const jt_doc_report *rep, const char *error) {
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
    return rc;
}

static size_t count_fx(const jt_doc_world *w, int kind) {
    size_t i, n = 0;
    for (i = 0; i < w->nfx; i++)
        n += w->fx[i].fx.kind == kind;
    return n;
}

/* One page: read, checked, printed. Returns its exit status. */
static int one_page(const char *path, const jt_doc_config *cfg, FILE *out, FILE *errout,
                    size_t totals[4], acc *a) {
    jt_doc_page *page = NULL;
    jt_doc_report rep;
    jt_doc_world w;
    jt_error err;
    size_t i, outputs = 0;
    int rc, status;
    memset(&err, 0, sizeof err);
    jt_doc_report_init(&rep);
    rc = jt_doc_read(&page, path, &err);
    if (rc < 0) {
        fflush(out);
        fprintf(errout, "%s\n", err.message);
        fflush(errout);
        if (a && acc_page(a, path, NULL, err.message) < 0)
            fprintf(errout, "jobtck doc: out of memory\n");
        totals[3]++;
        return 2;
    }
    rc = jt_doc_world_build(&w, page, &err);
    if (rc == JT_OK) {
        for (i = 0; i < page->nstmts; i++)
            outputs += page->stmts[i].out != JT_DOC_OUT_NONE;
        fprintf(out,
                "%s: %zu statement%s in %zu sql block%s, %zu output%s, %zu claim%s; the page "
                "implies %zu job%s and %zu user%s (driver %s, profile %s)\n",
                path, page->nstmts, page->nstmts == 1 ? "" : "s", page->nblocks,
                page->nblocks == 1 ? "" : "s", outputs, outputs == 1 ? "" : "s", page->nclaims,
                page->nclaims == 1 ? "" : "s", count_fx(&w, JT_FIXTURE_JOB),
                count_fx(&w, JT_FIXTURE_JOB) == 1 ? "" : "s", count_fx(&w, JT_FIXTURE_USER),
                count_fx(&w, JT_FIXTURE_USER) == 1 ? "" : "s", cfg->driver->name,
                cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT);
        jt_doc_world_dispose(&w);
        rc = jt_doc_check(&rep, page, cfg, &err);
    }
    for (i = 0; i < rep.nitems; i++)
        if (rep.items[i].message)
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
    if (a && acc_page(a, path, &rep, rc < 0 ? err.message : NULL) < 0) {
        fprintf(errout, "jobtck doc: out of memory\n");
        status = 2;
    }
    jt_doc_report_dispose(&rep);
    jt_doc_free(page);
    return status;
}

/* The checks of the options after they are read; 0, or 2 after saying why. */
static int check_usage(FILE *errout, int argc, int optind_, const char *spec, const char **profile,
                       const char **target, const char *out_dir, jt_doc_config *cfg) {
    if (optind_ >= argc)
        return bad_usage(errout, "expected a PAGE.md");
    memset(cfg, 0, sizeof *cfg);
    cfg->driver = jt_driver_find(spec, target);
    if (!cfg->driver)
        return bad_usage(errout, "unknown driver '%s'", spec);
    if (cfg->driver == &jt_driver_model) {
        if (*target && *profile && strcmp(*target, *profile) != 0)
            return bad_usage(errout, "--profile %s differs from the profile of --driver %s",
                             *profile, spec);
        if (!*target)
            *target = *profile ? *profile : JT_PROFILE_DEFAULT;
        *profile = *target;
    }
    if (*profile && !jt_profile_find(*profile))
        return bad_usage(errout, "unknown profile '%s'", *profile);
    if (out_dir && !*out_dir)
        return bad_usage(errout, "--out needs a folder name");
    return 0;
}

int jt_cli_doc(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {
        {"driver", required_argument, NULL, 'd'}, {"profile", required_argument, NULL, 'p'},
        {"out", required_argument, NULL, 'o'},    {"report", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *spec = "model", *profile = NULL, *target = NULL, *out_dir = NULL;
    jt_doc_config cfg;
    jt_report_spec reports;
    jt_error err;
    acc a;
    size_t totals[4] = {0, 0, 0, 0}; /* passed, failed, skipped, pages not read */
    int c, i, status = 0;
    opterr = 0;
    optind = 0; /* getopt starts afresh (glibc, musl) */
    memset(&a, 0, sizeof a);
    jt_report_spec_init(&reports);
    while ((c = getopt_long(argc, argv, ":d:p:o:r:h", options, NULL)) != -1) {
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
        case 'r':
            if (jt_report_spec_add(&reports, optarg, &err) < 0) {
                jt_report_spec_dispose(&reports);
                return bad_usage(errout, "%s", err.message);
            }
            break;
        case 'h':
            jt_report_spec_dispose(&reports);
            usage(out);
            return 0;
        case ':':
            jt_report_spec_dispose(&reports);
            return bad_usage(errout, "option '%s' needs a value", argv[optind - 1]);
        default:
            jt_report_spec_dispose(&reports);
            if (optopt && optopt != '?')
                return bad_usage(errout, "unknown option '-%c'", optopt);
            return bad_usage(errout, "unknown option '%s'", argv[optind - 1]);
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
    for (i = optind; i < argc; i++) {
        int st =
            one_page(argv[i], &cfg, out, errout, totals, jt_report_spec_any(&reports) ? &a : NULL);
        if (st > status)
            status = st;
    }
    fputc('\n', out);
    if (totals[3])
        fprintf(out, "%zu page%s not read (on stderr)\n", totals[3], totals[3] == 1 ? "" : "s");
    if (totals[2])
        fprintf(out, "%zu passed, %zu failed, %zu skipped\n", totals[0], totals[1], totals[2]);
    else
        fprintf(out, "%zu passed, %zu failed\n", totals[0], totals[1]);
    fflush(out);
    if (jt_report_spec_any(&reports)) {
        jt_report_meta meta;
        jt_report_data data;
        memset(&meta, 0, sizeof meta);
        meta.command = "doc";
        meta.driver = cfg.driver->name;
        meta.profile = profile ? profile : JT_PROFILE_DEFAULT;
        meta.version = JT_VERSION;
        meta.no_coverage = 1; /* pages do not cover the transition grid as case files do */
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
