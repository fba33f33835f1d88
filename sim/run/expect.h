/*
 * Known deviations (`--expect FILE`): a reviewed list of records an implementation is known
 * to fail, each with its reason. A listed record that fails is an expected failure (XFAIL):
 * the run stays green and the reports list it with its reason. A listed record that passes
 * is an unexpected pass (XPASS): it is reported, and it fails the run, so that the list is
 * kept up to date. An input error (malformed case) is never masked.
 *
 * The file, one entry a line ('#' starts a comment line, blank lines are ignored):
 *
 *     SELECTOR REASON...
 *
 * where SELECTOR (no spaces) is one of
 *     FILE:LINE      the record whose directive is at that line of that case file
 *     FILE#SUBTEST   every record of that subtest of that file
 *     FILE           every record of that file
 * and REASON, required, is the rest of the line. FILE matches a record's path when equal to
 * it or when the path ends with "/" FILE. A record matched by several entries takes the
 * most precise one (FILE:LINE, then FILE#SUBTEST, then FILE).
 */
#ifndef JT_EXPECT_H
#define JT_EXPECT_H

#include <stddef.h>

#include "model/common.h"
#include "sim/run/runner.h"

enum jt_expect_sel {
    JT_SEL_LINE = 1, /* FILE:LINE */
    JT_SEL_SUBTEST,  /* FILE#SUBTEST */
    JT_SEL_FILE      /* FILE */
};

typedef struct jt_expect_entry {
    int sel;         /* enum jt_expect_sel */
    char *file;      /* the FILE part */
    int line;        /* JT_SEL_LINE: the record's line */
    char *subtest;   /* JT_SEL_SUBTEST: the subtest's name */
    char *selector;  /* as written */
    char *reason;    /* the rest of the line, trimmed */
    int source_line; /* where the entry is in the expect file */
} jt_expect_entry;

typedef struct jt_expect {
    char *path; /* the expect file, for messages */
    jt_expect_entry *entries;
    size_t nentries;
    size_t cap;
} jt_expect;

/*
 * Reads an expect file. Malformed input: JT_EPARSE (JT_ELIMIT for too long a line or too
 * many entries) with err->message "path:line: what"; a file that cannot be read: JT_EIO
 * with "path: cannot open: <strerror>". *out is NULL unless it returns 0.
 */
int jt_expect_read(jt_expect **out, const char *path, jt_error *err);
/* The same for text in memory; path names it in messages. */
int jt_expect_parse(jt_expect **out, const char *path, const char *text, size_t len, jt_error *err);
void jt_expect_free(jt_expect *x);

/*
 * Judges the records of fr, once, when its file has run (the runner does it; so does whoever
 * makes results of its own): each record's verdict and the entry of x that lists it (the most
 * precise; an input error is never listed), and fr->verdicts. x may be NULL.
 */
void jt_expect_judge(jt_file_result *fr, const jt_expect *x);
/* "pass", "fail", "skip", "error", "xfail", "xpass". */
const char *jt_verdict_name(int verdict);

/* A run's totals after the expectations. */
typedef struct jt_expect_tally {
    size_t passed, failed, skipped, xfailed, xpassed;
    size_t errors;    /* input errors, as run->errors counts them */
    size_t *xfails;   /* per entry: the records it turned into XFAIL (nentries, or NULL) */
    size_t *xpasses;  /* per entry: its records that passed */
    size_t *matches;  /* per entry: every record it lists (skipped ones included) */
    size_t unmatched; /* entries that list no record of the run */
} jt_expect_tally;

/* Sums the verdicts of run's records (judged against run->expect, which may be NULL).
   Release with jt_expect_tally_dispose. JT_ENOMEM. */
int jt_expect_tally_init(jt_expect_tally *out, const jt_run_result *run);
void jt_expect_tally_dispose(jt_expect_tally *t);
/* 2 when there was an input error, else 1 when a record failed or passed unexpectedly,
   else 0. */
int jt_expect_exit_status(const jt_expect_tally *t);

#endif
