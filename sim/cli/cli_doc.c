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
#include "sim/drivers/session.h"

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
    char **owned; /* the SQL texts and covers of records, freed with the run */
    size_t nowned, ocap;
    char ***covers; /* the covers arrays of records */
    size_t ncovers, ccap;
    jt_model *model;           /* counts the spec coverage of each page */
    const jt_profile *profile; /* its profile */
    char profiles[256];        /* the pages' profiles, distinct, ", "-separated */
    size_t nprofiles;
} acc;

/* Notes a page's profile among the run's. */
static void acc_profile(acc *a, const char *profile) {
    size_t n = strlen(a->profiles), k = strlen(profile);
    const char *p = a->profiles;
    while ((p = strstr(p, profile)) != NULL) {
        if ((p == a->profiles || p[-1] == ' ') && (p[k] == ',' || !p[k]))
            return;
        p += k;
    }
    a->nprofiles++;
    if (n + k + 3 < sizeof a->profiles)
        snprintf(a->profiles + n, sizeof a->profiles - n, "%s%s", n ? ", " : "", profile);
}

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
    for (i = 0; i < a->ncovers; i++)
        free(a->covers[i]);
    free(a->covers);
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

/* The requirement ids of a claim's kind as a record's covers. */
static int acc_covers(acc *a, jt_record_result *rr, int claim) {
    const char *ids = claim ? jt_doc_claim_covers(claim) : "";
    char *copy, **v, *tok, *save = NULL;
    size_t n = 0;
    if (!*ids)
        return JT_OK;
    if (acc_own(&copy, a, ids) < 0 ||
        jt_grow((void **)&a->covers, &a->ccap, a->ncovers + 1, sizeof *a->covers,
                JT_LIMIT_RECORDS) < 0 ||
        !(v = jt_calloc(8, sizeof *v)))
        return JT_ENOMEM;
    a->covers[a->ncovers++] = v;
    for (tok = strtok_r(copy, " ", &save); tok && n < 8; tok = strtok_r(NULL, " ", &save))
        v[n++] = tok;
    rr->covers = v;
    rr->ncovers = n;
    return JT_OK;
}

static void acc_count(acc *a, jt_file_result *fr, jt_record_result *rr, int outcome) {
    switch (outcome) {
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
    if (acc_covers(a, rr, it->claim) < 0)
        return JT_ENOMEM;
    if (it->message && !(rr->message = jt_strdup(it->message)))
        return JT_ENOMEM;
    fr->nrecords++;
    acc_count(a, fr, rr, it->outcome);
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
 * the fixtures of the world the page implies and each statement that ran, in order, as its
 * prompt's user (as jt_doc_check_statements runs them).
 */
static int acc_coverage(acc *a, const jt_doc_page *page, const jt_doc_world *w,
                        const jt_doc_report *rep, const jt_profile *profile) {
    jt_error err;
    size_t k, f = 0;
    int rc = JT_OK;
    if (a->model && a->profile != profile) {
        jt_model_free(a->model);
        a->model = NULL;
    }
    a->profile = profile;
    if (!a->model && jt_model_new(&a->model, profile, &err) < 0)
        return err.code;
    jt_model_reset(a->model);
    for (k = 0; k < page->nstmts && rc != JT_ENOMEM; k++) {
        jt_result res;
        for (; f < w->nfx && w->fx[f].before <= k && rc != JT_ENOMEM; f++)
            rc = jt_model_fixture(a->model, &w->fx[f].fx, &err);
        if (rc == JT_ENOMEM || !ran(rep, &page->stmts[k]))
            continue;
        memset(&res, 0, sizeof res);
        rc = jt_model_exec(a->model, page->stmts[k].user ? page->stmts[k].user : "root",
                           page->stmts[k].sql, &res, &err);
        jt_result_dispose(&res);
    }
    jt_model_coverage_take(a->model, &a->run.coverage);
    return rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
}

/* Adds a page: its items (and its spec coverage, when page and w are given), or the error that
   kept it from being read. */
static int acc_page(acc *a, const char *path, const jt_doc_page *page, const jt_doc_world *w,
                    const jt_doc_report *rep, const char *error, const char *profile) {
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
    if (profile)
        acc_profile(a, profile);
    if (rc == JT_OK && rep && page && w)
        rc = acc_coverage(a, page, w, rep, jt_profile_find(profile));
    return rc;
}

static size_t count_fx(const jt_doc_world *w, int kind) {
    size_t i, n = 0;
    for (i = 0; i < w->nfx; i++)
        n += w->fx[i].fx.kind == kind;
    return n;
}

/* ---- one page ----------------------------------------------------------------------------------
 */

/* What every page is checked with. */
typedef struct doc_run {
    const jt_cli_driver *driver;
    jt_session *session; /* the driver's, for every page; or a template when per_page */
    int per_page;        /* the driver is the model with no profile given: a session of the
                            model of each page's profile */
    const char *forced;  /* --profile (or the driver's), or NULL */
    const char *out_dir;
    int out_fallback, quiet;
    FILE *out, *errout;
    size_t totals[4]; /* passed, failed, skipped, pages not read */
    acc *acc;         /* the reports' records, or NULL */
} doc_run;

/* A session of the model of profile, with the driver's other options. */
static int page_session(jt_session **out, const doc_run *r, const char *profile, jt_error *err) {
    jt_options opts;
    int rc;
    jt_options_init(&opts);
    rc = jt_options_copy(&opts, &r->driver->options, "profile", err);
    if (rc == JT_OK)
        rc = jt_options_add(&opts, "profile", profile, err);
    if (rc == JT_OK)
        rc = jt_session_open(out, r->driver->spec, &opts, err);
    jt_options_dispose(&opts);
    return rc;
}

/* The first line of a page, and the warning of a profile older than its release. */
static void page_header(const doc_run *r, const jt_doc_page *page, const jt_doc_world *w,
                        const jt_doc_config *cfg, const jt_doc_profiles *pp) {
    size_t i, outputs = 0, jobs = count_fx(w, JT_FIXTURE_JOB), users = count_fx(w, JT_FIXTURE_USER);
    for (i = 0; i < page->nstmts; i++)
        outputs += page->stmts[i].out != JT_DOC_OUT_NONE;
    if (!r->quiet)
        fprintf(r->out,
                "%s: %zu statement%s in %zu sql block%s, %zu output%s, %zu claim%s; the page "
                "implies %zu job%s and %zu user%s (driver %s, profile %s%s%s%s%s)\n",
                page->path, page->nstmts, page->nstmts == 1 ? "" : "s", page->nblocks,
                page->nblocks == 1 ? "" : "s", outputs, outputs == 1 ? "" : "s", page->nclaims,
                page->nclaims == 1 ? "" : "s", jobs, jobs == 1 ? "" : "s", users,
                users == 1 ? "" : "s", jt_session_name(cfg->session), cfg->profile,
                page->release[0] ? " for release " : "", page->release,
                cfg->as_built ? ", as built " : "", cfg->as_built ? cfg->as_built : "");
    if (pp->older)
        fprintf(r->out,
                "%s: warning: the page documents %s; the kit has no profile of it, and checks "
                "it against %s, an older release\n",
                page->path, page->release, pp->documented);
}

/* The items of a page on the terminal (quiet: its findings only), and its summary. */
static void page_items(const doc_run *r, const jt_doc_page *page, const jt_doc_report *rep) {
    jt_doc_summary sum;
    char *text;
    size_t i;
    for (i = 0; i < rep->nitems; i++)
        if (rep->items[i].message && (!r->quiet || rep->items[i].finding != JT_DOC_FIND_NONE))
            fprintf(r->out, "%s\n", rep->items[i].message);
    if (r->quiet)
        return;
    jt_doc_summarise(&sum, rep);
    text = jt_doc_summary_text(&sum);
    fprintf(r->out, "%s: %s\n", page->path, text ? text : "(out of memory)");
    free(text);
}

/* The page read and its world built, checked on its session. */
static int page_check(doc_run *r, jt_doc_page *page, jt_doc_report *rep, jt_error *err) {
    jt_doc_profiles pp;
    jt_doc_config cfg;
    jt_doc_world w;
    jt_session *own = NULL;
    int rc;
    memset(&cfg, 0, sizeof cfg);
    jt_doc_profiles_for(&pp, page->release, r->forced);
    cfg.profile = pp.documented;
    cfg.as_built = pp.as_built;
    cfg.out_dir = r->out_dir;
    cfg.out_fallback = r->out_fallback;
    cfg.session = r->session;
    rc = r->per_page ? page_session(&own, r, pp.documented, err) : JT_OK;
    if (own)
        cfg.session = own;
    if (rc == JT_OK)
        rc = jt_doc_world_build(&w, page, err);
    if (rc < 0) {
        jt_session_close(own);
        return rc;
    }
    page_header(r, page, &w, &cfg, &pp);
    rc = jt_doc_check(rep, page, &cfg, err);
    if (r->acc &&
        acc_page(r->acc, page->path, page, &w, rep, rc < 0 ? err->message : NULL, cfg.profile) < 0)
        rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    jt_doc_world_dispose(&w);
    jt_session_close(own);
    return rc;
}

/* One page: read, checked, printed. Returns its exit status. */
static int one_page(doc_run *r, const char *path) {
    jt_doc_page *page = NULL;
    jt_doc_report rep;
    jt_error err;
    int rc, status;
    memset(&err, 0, sizeof err);
    jt_doc_report_init(&rep);
    rc = jt_doc_read(&page, path, &err);
    if (rc < 0) {
        fflush(r->out);
        fprintf(r->errout, "%s\n", err.message);
        fflush(r->errout);
        if (r->acc && acc_page(r->acc, path, NULL, NULL, NULL, err.message, NULL) < 0)
            fprintf(r->errout, "jobtck doc: out of memory\n");
        r->totals[3]++;
        return 2;
    }
    rc = page_check(r, page, &rep, &err);
    page_items(r, page, &rep);
    r->totals[0] += rep.passed;
    r->totals[1] += rep.failed;
    r->totals[2] += rep.skipped;
    status = jt_doc_exit_status(&rep);
    if (rc < 0) {
        fflush(r->out);
        fprintf(r->errout, "jobtck doc: %s\n", err.message);
        fflush(r->errout);
        status = 2;
    }
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
    char mixed[300];
    int status = 0;
    memset(&meta, 0, sizeof meta);
    memset(&err, 0, sizeof err);
    meta.command = "doc";
    meta.driver = driver;
    /* the profile asked for, else the one of every page, else each page's own (the spec
       coverage then has no one table to be set out on) */
    meta.profile = profile ? profile : JT_PROFILE_DEFAULT;
    if (!profile && a->nprofiles == 1)
        meta.profile = a->profiles;
    else if (!profile && a->nprofiles > 1) {
        snprintf(mixed, sizeof mixed, "each page's own: %s", a->profiles);
        meta.profile = mixed;
    }
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

/* Opens the driver; whether each page gets a session of the model of its own profile. */
static int open_driver(doc_run *r, doc_args *a) {
    const char *theirs = NULL;
    jt_error err;
    int status;
    memset(&err, 0, sizeof err);
    if (jt_driver_option_value(&theirs, a->driver.spec, &a->driver.options, "profile", &err) < 0)
        return jt_cli_bad_usage(r->errout, "doc", usage, "%s", err.message);
    r->forced = a->driver.profile ? a->driver.profile : theirs;
    r->per_page = !r->forced && jt_driver_takes(a->driver.spec, "profile") == 1;
    status = jt_cli_driver_open(&r->session, &a->driver, !r->per_page, r->errout);
    if (status == 0 && !r->per_page)
        r->forced = a->driver.profile;
    return status;
}

int jt_cli_doc(int argc, char **argv, FILE *out, FILE *errout) {
    doc_args a;
    doc_run r;
    acc acc_pages;
    int i, st, status;
    memset(&a, 0, sizeof a);
    memset(&r, 0, sizeof r);
    memset(&acc_pages, 0, sizeof acc_pages);
    jt_cli_driver_init(&a.driver, "doc", usage);
    jt_report_spec_init(&a.reports);
    r.out = out;
    r.errout = errout;
    r.driver = &a.driver;
    status = parse_args(&a, argc, argv, out, errout);
    if (status < 0 && a.driver.profile && !jt_profile_find(a.driver.profile))
        status = jt_cli_bad_usage(errout, "doc", usage, "unknown profile '%s'", a.driver.profile);
    if (status >= 0 || (status = open_driver(&r, &a)) != 0)
        goto out;
    r.quiet = a.quiet;
    r.out_dir = a.out_dir ? a.out_dir : DEFAULT_OUT;
    r.out_fallback = a.out_dir == NULL;
    r.acc = jt_report_spec_any(&a.reports) ? &acc_pages : NULL;
    for (i = optind; i < argc; i++) {
        st = one_page(&r, argv[i]);
        status = st > status ? st : status;
    }
    print_totals(out, r.totals);
    if (r.acc) {
        st = write_reports(&a.reports, &acc_pages, jt_session_name(r.session), r.forced, errout);
        status = st > status ? st : status;
    }
out:
    acc_dispose(&acc_pages);
    jt_session_close(r.session);
    jt_report_spec_dispose(&a.reports);
    jt_cli_driver_dispose(&a.driver);
    return status;
}
