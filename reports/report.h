/*
 * Reports of a run: the summary on the terminal, JUnit XML, TAP version 13, JSON
 * (docs/report-json.md) and a self-contained HTML page. Every subcommand that runs records
 * (run, doc, sim) uses them the same way:
 *
 *     jt_report_spec spec;                  // from --report options
 *     jt_report_spec_init(&spec);
 *     jt_report_spec_add(&spec, optarg, &err);            // for each --report
 *     ... run the records with a jt_runner ...
 *     jt_report_meta meta = {.command = "run", .driver = ..., .profile = ...,
 *                            .version = JT_VERSION};
 *     jt_report_data data;
 *     jt_report_data_init(&data, jt_runner_result(r), &meta, &err);
 *     jt_report_print_summary(stdout, &data, flags);      // failures, deviations, totals
 *     if (jt_report_write_all(stderr, &spec, &data) < 0) status = 2 (when it was 0 or 1)
 *     status = jt_expect_exit_status(&data.tally);
 *     jt_report_data_dispose(&data);
 *     jt_report_spec_dispose(&spec);
 *
 * Reports are deterministic (no clock, no host name, no address): the same run gives
 * byte-identical files. Each file is written atomically: to a temporary file beside it,
 * flushed and synced, then renamed over the target; on failure the temporary file is
 * removed and the target is left as it was.
 */
#ifndef JT_REPORT_H
#define JT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/common.h"
#include "model/model.h"
#include "reports/speccov.h"
#include "sim/run/expect.h"
#include "sim/run/runner.h"

enum jt_report_kind {
    JT_REPORT_JUNIT,
    JT_REPORT_TAP,
    JT_REPORT_JSON,
    JT_REPORT_HTML,
    JT_REPORT_COUNT
};

/* Where each report goes: a file (html: a folder, written as DIR/index.html), or NULL. */
typedef struct jt_report_spec {
    char *path[JT_REPORT_COUNT];
} jt_report_spec;

void jt_report_spec_init(jt_report_spec *spec);
void jt_report_spec_dispose(jt_report_spec *spec);
/* Adds one --report value: "KIND=PATH[,KIND=PATH…]", KIND junit, tap, json or html. A kind
   given twice, an unknown kind or an empty path: JT_EINVAL with a one-line message. */
int jt_report_spec_add(jt_report_spec *spec, const char *arg, jt_error *err);
/* 1 when spec names a report. */
int jt_report_spec_any(const jt_report_spec *spec);

/* What the reports say about the run besides its records. */
typedef struct jt_report_meta {
    const char *command; /* "run", "doc", "sim" */
    const char *driver;  /* the driver's name (never its target: it may hold a password) */
    const char *profile; /* the profile expected (NULL: the default) */
    const char *version; /* the kit's version, JT_VERSION */
    int has_seed;
    uint64_t seed;      /* the run's seed, when has_seed */
    const char *replay; /* the command that replays the run, or NULL */
    int no_coverage;    /* leave the spec coverage out (no report will show it); the
                           reports then say "not computed for this run" */
} jt_report_meta;

/* The tables of docs/spec.md, section 1, as reports name them: the seed page's v2.1
   requirements (PJ-…) and those of later releases (PV-…). */
#define JT_REQ_V21 "docs/spec.md v2.1"
#define JT_REQ_LATER "docs/spec.md later"

/* A requirement of docs/spec.md, section 1, built into the kit. */
typedef struct jt_requirement {
    const char *id;
    const char *text; /* as docs/spec.md writes it (Markdown) */
} jt_requirement;

extern const jt_requirement jt_requirements[];
extern const size_t jt_requirements_count;
/* The index of id in jt_requirements, or -1. */
int jt_requirement_find(const char *id);
/* The requirement ids of the later versions (docs/spec.md, section 1), and the one of id or
   NULL. */
extern const jt_requirement jt_profile_requirements[];
extern const size_t jt_profile_requirements_count;
const jt_requirement *jt_profile_requirement_find(const char *id);

/* Per requirement id (the embedded ones, then unknown ids the records cover, by name): the
   records that cover it, by verdict, and the files they are in. */
typedef struct jt_report_req {
    const char *id;
    const char *text;   /* NULL for an id docs/spec.md does not list */
    const char *source; /* which table of docs/spec.md, section 1, lists it: JT_REQ_V21 or
                           JT_REQ_LATER, or NULL */
    size_t verdicts[JT_VERDICT_COUNT]; /* indexed by enum jt_verdict */
    size_t records;
    size_t *files; /* indexes into run->files, in order, nfiles of them */
    size_t nfiles, fcap;
} jt_report_req;

/* Everything a writer reads, computed once from the run: the records' verdicts are the run's
   (judged once, as each file ended: jt_record_result.verdict, jt_file_result.verdicts), the
   known deviations are run->expect. */
typedef struct jt_report_data {
    const jt_run_result *run;
    const jt_report_meta *meta;
    jt_expect_tally tally;
    jt_speccov cov;
    jt_report_req *reqs;
    size_t nreqs;
    size_t uncovered_records; /* counted records without any covers id */
} jt_report_data;

int jt_report_data_init(jt_report_data *out, const jt_run_result *run, const jt_report_meta *meta,
                        jt_error *err);
void jt_report_data_dispose(jt_report_data *d);

/* Writers: the whole report on f. They return 0, or JT_EIO when f has an error. */
int jt_report_write_junit(FILE *f, const jt_report_data *d);
int jt_report_write_tap(FILE *f, const jt_report_data *d);
int jt_report_write_json(FILE *f, const jt_report_data *d);
int jt_report_write_html(FILE *f, const jt_report_data *d);

/* The spec-coverage table as text lines (for the summary, TAP comments, JUnit), each
   line starting with prefix. */
void jt_report_speccov_text(FILE *f, const jt_report_data *d, const char *prefix);

/*
 * Writes every report spec names, each atomically (a missing folder is made). A report
 * that cannot be written gives
 * one line on errout, "jobtck COMMAND: cannot write the KIND report PATH: reason", and the
 * others are still written. Returns 0, or JT_EIO when one or more failed.
 */
int jt_report_write_all(FILE *errout, const jt_report_spec *spec, const jt_report_data *d);

/* Flags of jt_report_print_summary. */
#define JT_SUMMARY_COLOUR 0x1u /* ANSI colours (a terminal that wants them) */

/*
 * The end of a run on the terminal: each failure (message and diff), each known deviation
 * that held (one line with its reason), each unexpected pass, the entries of the expect file
 * that listed nothing, and the totals line
 * "N passed, N failed, N skipped[, N known deviations][, N unexpectedly passed]".
 */
void jt_report_print_summary(FILE *out, const jt_report_data *d, unsigned flags);

/* ---- folders (files are written with sim/text/atomic.h) ------------------------------- */

/* Makes the folder dir and its parents (mode 0777 less the umask). JT_EIO. */
int jt_report_mkdirs(const char *dir, jt_error *err);

#endif
