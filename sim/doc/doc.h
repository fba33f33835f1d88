/*
 * jobtck doc: a CockroachDB documentation page (Markdown, read with libcmark) checked against a
 * driver. Three steps, each usable alone:
 *
 *   jt_doc_read       the page: its `~~~ sql` statements (after `> ` prompts), the output block
 *                     shown after each, and the requirement sentences ("claims") of its prose;
 *   jt_doc_world_build the world the page implies: the jobs its outputs list, the users its
 *                     statements name (with a pausable job each), jobs its statements name;
 *   jt_doc_check      the statements run in order on a driver, compared with the page; then each
 *                     claim checked over small bounded worlds around the example on the model,
 *                     with a counterexample written as a case file when one breaks it.
 *
 * Lines are those of the Markdown file, 1-based; front matter counts.
 */
#ifndef JT_DOC_H
#define JT_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "model/common.h"

/* The largest page read (bytes): the limit of model/common.h, under the name doc.c uses. */
#define JT_DOC_LIMIT_PAGE JT_LIMIT_DOC_PAGE

/* What the page shows after a statement. */
enum jt_doc_out {
    JT_DOC_OUT_NONE = 0, /* no output block: the page implies success */
    JT_DOC_OUT_TABLE,    /* an ASCII table (+---+ borders) or a |-table: success with rows */
    JT_DOC_OUT_ERROR,    /* `pq: …`, `ERROR: …`: the statement fails with that message */
    JT_DOC_OUT_TAG,      /* a command tag alone (`PAUSE JOBS 1`, `SELECT 3`) */
    JT_DOC_OUT_OTHER     /* something else: not compared */
};

typedef struct jt_doc_table {
    int header_line;    /* the line of the column names */
    size_t ncols;       /* columns shown, up to the first `...` column */
    char **columns;     /* ncols names, trimmed */
    int more_cols;      /* a `...` column or a trailing `...`: more columns not shown */
    size_t nrows;       /* rows shown */
    char **cells;       /* nrows * ncols, row major, trimmed; `...` means "not shown" */
    int *row_lines;     /* nrows lines */
    int more_rows;      /* a `...` row: more rows not shown */
    int64_t row_count;  /* from `(N rows)`, or -1 */
    int row_count_line; /* its line, or 0 */
    size_t cells_cap, lines_cap;
} jt_doc_table;

typedef struct jt_doc_stmt {
    int line;           /* the line of its prompt (or of its first line when the block has none) */
    int block_line;     /* the line of its block's opening fence */
    char *sql;          /* without the prompt; continuation lines joined with '\n' */
    int out;            /* enum jt_doc_out: what the page shows after it */
    int out_line;       /* the first content line of the output block, or 0 */
    char *out_text;     /* ERROR: the message (prefix `pq: ` / `ERROR: ` removed); TAG: the tag;
                           OTHER: the block's first line; else NULL */
    jt_doc_table table; /* TABLE */
} jt_doc_stmt;

enum jt_doc_claim_kind {
    JT_DOC_CLAIM_NO_PAUSE_SCHEMA = 1, /* "You cannot pause schema changes" */
    JT_DOC_CLAIM_ONLY_USER,           /* "only the root user can control a job" */
    JT_DOC_CLAIM_ALL_JOBS_OF          /* "All jobs created by maxroach will be paused" */
};

typedef struct jt_doc_claim {
    int kind;       /* enum jt_doc_claim_kind */
    int line;       /* the line where the sentence's key phrase is */
    char *text;     /* the sentence as a reader sees it (code spans without backticks,
                       Liquid tags removed), without its final period */
    char *user;     /* ONLY_USER: who alone can; ALL_JOBS_OF: whose jobs */
    unsigned ops;   /* ONLY_USER: the operations it speaks of (1 << JT_DOC_OP_…) */
    int op;         /* ALL_JOBS_OF: the operation (JT_DOC_OP_…) its verb names */
    int by_default; /* the sentence says "by default": worlds keep the default roles */
    size_t stmt;    /* ALL_JOBS_OF: the statement it speaks of (the last one before it that
                       starts with the operation's word), or SIZE_MAX when there is none */
} jt_doc_claim;

enum { JT_DOC_OP_PAUSE, JT_DOC_OP_RESUME, JT_DOC_OP_CANCEL, JT_DOC_OP_COUNT };

/* A problem of the page found while reading it (a table row with too many cells…): a finding. */
typedef struct jt_doc_issue {
    int line;
    int finding; /* 1: counted as failed; 0: a note (an output block that is not compared) */
    char *message;
} jt_doc_issue;

typedef struct jt_doc_page {
    char *path;
    size_t nblocks; /* `~~~ sql` blocks */
    jt_doc_stmt *stmts;
    size_t nstmts, stmts_cap;
    jt_doc_claim *claims;
    size_t nclaims, claims_cap;
    jt_doc_issue *issues;
    size_t nissues, issues_cap;
} jt_doc_page;

/*
 * Reads the page at path. A file that cannot be read: JT_EIO, "path: cannot open: …"; input
 * that is not a page (a NUL byte, front matter that is never closed, too large): JT_EPARSE or
 * JT_ELIMIT with "path:line: …". Oddities of the page itself are issues, not errors.
 */
int jt_doc_read(jt_doc_page **out, const char *path, jt_error *err);
/* The same for text in memory; path names it in messages. */
int jt_doc_parse(jt_doc_page **out, const char *path, const char *text, size_t len, jt_error *err);
void jt_doc_free(jt_doc_page *page);

/* ---- the world the page implies ---------------------------------------------------------- */

typedef struct jt_doc_fixture {
    size_t before; /* applied before statement `before` (nstmts: after the last) */
    int line;      /* the line that implies it */
    jt_fixture fx; /* its strings point at the owned copies below or at static text */
    char *name, *user, *description, *error;
} jt_doc_fixture;

typedef struct jt_doc_world {
    jt_doc_fixture *fx;
    size_t nfx, cap;
    char *subject; /* the first user other than root that a statement names, or NULL */
} jt_doc_world;

/*
 * The fixtures the page implies, in the order to apply them: before each statement, the jobs its
 * output lists that do not exist yet (v2.0 headers id, type, username mapped; the last row first
 * so that SHOW JOBS lists them in the page's order; status running unless shown), then the users
 * it names (`user_name = 'u'`, `user_name IN (…)`) with a running IMPORT job each when they have
 * none, then a job that `PAUSE|RESUME|CANCEL JOB <id>` names when no output lists it and the
 * output right after that statement does not say the job does not exist (`pq: job with ID <id>
 * does not exist`): then the page's example is of a missing job, and none is made up.
 */
int jt_doc_world_build(jt_doc_world *out, const jt_doc_page *page, jt_error *err);
void jt_doc_world_dispose(jt_doc_world *w);

/* ---- checking ---------------------------------------------------------------------------- */

/* One thing reported about a page: a statement that ran as shown (passed, no message), a
   mismatch, a claim that holds or fails, a note. */
typedef struct jt_doc_item {
    int line;
    int outcome;      /* JT_DOC_PASS, JT_DOC_FAIL, JT_DOC_SKIP, JT_DOC_NOTE */
    const char *kind; /* "statement", "claim", "page" (a problem of the page itself) */
    const char *sql;  /* the statement (borrowed from the page), or NULL */
    int claim;        /* a claim: its enum jt_doc_claim_kind, else 0 */
    char *message;    /* "path:line: …", or NULL for a statement that passed */
    char *file;       /* a counterexample written for it, or NULL */
} jt_doc_item;

enum { JT_DOC_PASS = 1, JT_DOC_FAIL, JT_DOC_SKIP, JT_DOC_NOTE };

typedef struct jt_doc_report {
    jt_doc_item *items; /* in line order once jt_doc_check returns */
    size_t nitems, cap;
    size_t passed, failed, skipped;
    size_t worlds; /* worlds tried for the claims */
} jt_doc_report;

struct jt_session;

typedef struct jt_doc_config {
    /* Runs the page's statements (sim/drivers/session.h), starting over for each page. */
    struct jt_session *session;
    const char *profile;     /* the documented behaviour: the model that checks the claims and
                                writes the expectations of counterexamples (NULL: default) */
    const char *out_dir;     /* where counterexamples go (made when missing); NULL: not written */
    int out_fallback;        /* when out_dir cannot be made, a new temporary folder is used (the
                                messages name the files written) */
    const jt_driver *oracle; /* checks the claims instead of the model of profile (needs
                                fixtures, users and reset), with its connect target */
    const char *oracle_target;
} jt_doc_config;

/*
 * Runs the page's statements on cfg->session in the world the page implies and compares what
 * comes back with what the page shows, then checks every claim (jt_doc_check_claims). Adds the
 * issues of the page. Returns 0, or a negative JT_E… when the kit or the driver fails (err).
 */
int jt_doc_check(jt_doc_report *out, const jt_doc_page *page, const jt_doc_config *cfg,
                 jt_error *err);
/* Only the statements. */
int jt_doc_check_statements(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                            const jt_doc_config *cfg, jt_error *err);
/*
 * Only the claims: each is checked over the bounded worlds around the page's world (extra jobs
 * of the claim's user, other users' jobs, admin members); it holds in every world tried, or the
 * first counterexample is written to cfg->out_dir as `<page>-<line>.test`, a case file whose
 * expectations are the model's, so that `jobtck run` replays it.
 */
int jt_doc_check_claims(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                        const jt_doc_config *cfg, jt_error *err);

void jt_doc_report_init(jt_doc_report *r);
void jt_doc_report_dispose(jt_doc_report *r);
/* Adds an item of kind "page" (set kind, sql, claim on the item returned by jt_doc_report_last);
   takes message and file (also when it fails). */
int jt_doc_report_add(jt_doc_report *r, int line, int outcome, char *message, char *file);
/* The item added last. */
jt_doc_item *jt_doc_report_last(jt_doc_report *r);
/* Sorts the items by line, keeping the order of items of one line. */
void jt_doc_report_sort(jt_doc_report *r);
/* 1 when something failed, else 0. */
int jt_doc_exit_status(const jt_doc_report *r);

/* The worlds the claims are checked over, enumerated in a fixed order; for tests. */
size_t jt_doc_world_count(int by_default);

#endif
