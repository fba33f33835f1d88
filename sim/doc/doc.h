/*
 * jobtck doc: a CockroachDB documentation page (Markdown, read with libcmark) checked against a
 * driver and against the model of the release it documents. Three steps, each usable alone:
 *
 *   jt_doc_read        the page: its release (path or front matter), its `~~~ sql` statements
 *                      (after `> ` or `user@host/db> ` prompts), the output block shown after
 *                      each (tables in every layout the docs use, errors, command tags, single
 *                      values), and the sentences of its prose that the kit checks ("claims");
 *   jt_doc_world_build the world the page implies: the jobs its outputs list (and the rows a
 *                      `...` leaves out), the jobs of the schedules it controls, the users its
 *                      statements and prose name with the privileges the prose gives them;
 *   jt_doc_check       the statements run in order on a driver, time moving on between two
 *                      examples, compared with the page; then each claim checked over bounded
 *                      worlds on the model of the page's profile, and on the release's as-built
 *                      profile when there is one, a counterexample written as a case file.
 *
 * Every finding has a kind: a defect of the page, a construct the kit cannot read, or a limit
 * of the kit (something it reads but cannot check). Lines are those of the Markdown file,
 * 1-based; front matter counts.
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
    JT_DOC_OUT_TABLE,    /* a table, in any of the layouts of enum jt_doc_layout */
    JT_DOC_OUT_ERROR,    /* `pq: …`, `ERROR: …` (and `SQLSTATE: …`): the statement fails */
    JT_DOC_OUT_TAG,      /* a command tag alone (`PAUSE JOBS 1`, `SELECT 3`) */
    JT_DOC_OUT_VALUE,    /* one line that is none of these: a single value */
    JT_DOC_OUT_OTHER     /* something else: the kit cannot read it, nothing is compared */
};

/* How a table is drawn (what `cockroach sql` printed over the releases). */
enum jt_doc_layout {
    JT_DOC_LAYOUT_BORDERED = 1, /* +---+ lines around a | header | and | rows | (v2.0 pretty) */
    JT_DOC_LAYOUT_RULE,         /* header, a ---+--- rule, rows (the table format of today) */
    JT_DOC_LAYOUT_PLUS_RULE,    /* header, a +---+--- rule, rows (v19.x to v20.1) */
    JT_DOC_LAYOUT_NO_RULE,      /* header, then rows directly */
    JT_DOC_LAYOUT_PIPES         /* | header |, a |---|---| rule, | rows | */
};

typedef struct jt_doc_table {
    int layout;         /* enum jt_doc_layout */
    int header_line;    /* the line of the column names */
    size_t ncols;       /* columns shown, up to the first `...` column */
    char **columns;     /* ncols names, trimmed */
    int more_cols;      /* a `...` column or a trailing `...`: more columns not shown */
    size_t nrows;       /* rows shown */
    char **cells;       /* nrows * ncols, row major, trimmed; `...` means "not shown" */
    int *row_lines;     /* nrows lines */
    int more_rows;      /* a `...` row: more rows not shown */
    int more_rows_line; /* its line, or 0 */
    int64_t row_count;  /* from `(N rows)`, or -1 */
    int row_count_line; /* its line, or 0 */
    int cut_line;       /* the first row with a cell cut short without `...`, or 0 */
    size_t cells_cap, lines_cap;
} jt_doc_table;

typedef struct jt_doc_stmt {
    int line;           /* the line of its prompt (or of its first line when the block has none) */
    int block_line;     /* the line of its block's opening fence */
    size_t block;       /* its block's number on the page (0, 1, …): an example */
    char *sql;          /* without the prompt; continuation lines joined with '\n' */
    char *user;         /* the user of its prompt (`maxroach@:26257/defaultdb>`), or NULL: root */
    int out;            /* enum jt_doc_out: what the page shows after it */
    int out_line;       /* the first content line of the output block, or 0 */
    char *out_text;     /* ERROR: the message (prefix `pq: ` / `ERROR: ` removed); TAG: the tag;
                           VALUE: the value; OTHER: the block's first line; else NULL */
    char sqlstate[6];   /* ERROR: the code of a `SQLSTATE: …` line, or "" */
    jt_doc_table table; /* TABLE */
} jt_doc_stmt;

enum jt_doc_claim_kind {
    JT_DOC_CLAIM_NO_PAUSE_SCHEMA = 1, /* "You cannot pause schema changes" */
    JT_DOC_CLAIM_ONLY_USER,           /* "only the root user can control a job" */
    JT_DOC_CLAIM_ALL_JOBS_OF,         /* "All jobs created by maxroach will be paused" */
    JT_DOC_CLAIM_PRIVILEGES,          /* "To pause a job, the user must be a member of the
                                         admin role or must have the CONTROLJOB role option";
                                         "You must have at least one of the following to run
                                         SHOW JOBS: …" */
    JT_DOC_CLAIM_ADMIN_JOBS,          /* "Non-admin users cannot pause admin users' jobs" */
    JT_DOC_CLAIM_SEES_ALL,            /* "The VIEWJOB privilege, which can view all jobs" */
    JT_DOC_CLAIM_TYPES,               /* "lets you pause the following types of jobs: …" */
    JT_DOC_CLAIM_NOT_CANCELABLE,      /* "Garbage collection jobs … cannot be canceled" */
    JT_DOC_CLAIM_FIELDS,              /* "The following fields are returned for each job:" */
    JT_DOC_CLAIM_STATUSES,            /* the `status` field: "Possible values: …" */
    JT_DOC_CLAIM_MOVES,               /* a status "will move to `paused`" */
    JT_DOC_CLAIM_RETENTION,           /* "completed jobs within the last 12 hours" */
    JT_DOC_CLAIM_DESCRIPTION,         /* "the description field is limited to 100 characters" */
    JT_DOC_CLAIM_JOB_TYPES,           /* the `job_type` field: "Possible values: …" */
    JT_DOC_CLAIM_CHANGEFEED,          /* "users with the CHANGEFEED privilege on a set of tables
                                         can pause changefeed jobs": not modelled */
    JT_DOC_CLAIM_COUNT
};

/* Operations a claim speaks of (bits 1 << op of jt_doc_claim.ops). */
enum { JT_DOC_OP_PAUSE, JT_DOC_OP_RESUME, JT_DOC_OP_CANCEL, JT_DOC_OP_COUNT };
#define JT_DOC_OP_SHOW JT_DOC_OP_COUNT /* SHOW JOBS, beside the three control operations */

/* What a user may hold, as the "Required privileges" sections name it (jt_doc_claim.grants). */
#define JT_DOC_GRANT_ADMIN 0x1u      /* a member of the admin role */
#define JT_DOC_GRANT_CONTROLJOB 0x2u /* the CONTROLJOB role option */
#define JT_DOC_GRANT_VIEWJOB 0x4u    /* the VIEWJOB privilege */
#define JT_DOC_GRANT_CHANGEFEED 0x8u /* the CHANGEFEED privilege on tables: not modelled */

typedef struct jt_doc_claim {
    int kind;        /* enum jt_doc_claim_kind */
    int line;        /* the line where the sentence's key phrase is */
    char *text;      /* the sentence as a reader sees it (code spans without backticks,
                        Liquid tags and links removed), without its final period */
    char *user;      /* ONLY_USER: who alone can (a role for "only members of the admin role");
                        ALL_JOBS_OF: whose jobs */
    unsigned ops;    /* ONLY_USER, PRIVILEGES, ADMIN_JOBS: the operations it speaks of
                        (1 << JT_DOC_OP_…, JT_DOC_OP_SHOW included) */
    int op;          /* ALL_JOBS_OF, TYPES: the operation (JT_DOC_OP_…) its verb names */
    int role;        /* ONLY_USER: user names a role whose members alone can */
    int by_default;  /* the sentence says "by default": worlds keep the default roles */
    size_t stmt;     /* ALL_JOBS_OF: the statement it speaks of (the last one before it that
                        starts with the operation's word), or SIZE_MAX when there is none */
    unsigned grants; /* PRIVILEGES, SEES_ALL: what suffices (JT_DOC_GRANT_…) */
    char **names;    /* FIELDS: field names; STATUSES: statuses; TYPES, NOT_CANCELABLE: job
                        types as SHOW JOBS names them; MOVES: [from, to] */
    int *name_lines; /* the line of each name */
    size_t nnames, names_cap, lines_cap;
    char **unknown; /* TYPES: the words of the list that name no job type the kit knows */
    size_t nunknown, unknown_cap;
    int64_t number; /* RETENTION: hours; DESCRIPTION: characters */
} jt_doc_claim;

/* The kind of a finding: what a reader of the report does about it. */
enum jt_doc_finding {
    JT_DOC_FIND_NONE = 0,   /* not a finding (a statement that ran as shown, a claim that holds,
                               a note) */
    JT_DOC_FIND_PAGE,       /* a defect of the page: it says what the release does not do */
    JT_DOC_FIND_UNREADABLE, /* a construct the kit cannot read: not checked */
    JT_DOC_FIND_LIMIT,      /* a limit of the kit: read, but not checked */
    JT_DOC_FIND_COUNT
};

/* A problem of the page found while reading it (a table row with too many cells…). */
typedef struct jt_doc_issue {
    int line;
    int finding; /* enum jt_doc_finding; NONE: a note */
    char *message;
} jt_doc_issue;

/* A user the prose gives privileges to ("`maxroach` has the `CONTROLJOB` role option"). */
typedef struct jt_doc_grant {
    char *user;
    unsigned grants; /* JT_DOC_GRANT_… */
    int line;
} jt_doc_grant;

typedef struct jt_doc_page {
    char *path;
    char release[16];       /* the release it documents ("v26.2"), or "" */
    int release_from_front; /* it was read from the front matter (`version:`), not the path */
    size_t nblocks;         /* `~~~ sql` blocks */
    jt_doc_stmt *stmts;
    size_t nstmts, stmts_cap;
    jt_doc_claim *claims;
    size_t nclaims, claims_cap;
    jt_doc_issue *issues;
    size_t nissues, issues_cap;
    jt_doc_grant *grants;
    size_t ngrants, grants_cap;
} jt_doc_page;

/*
 * Reads the page at path. A file that cannot be read: JT_EIO, "path: cannot open: …"; input
 * that is not a page (a NUL byte, front matter that is never closed, too large): JT_EPARSE or
 * JT_ELIMIT with "path:line: …". Oddities of the page itself are issues, not errors.
 */
int jt_doc_read(jt_doc_page **out, const char *path, jt_error *err);
/* The same for text in memory; path names it in messages and gives its release. */
int jt_doc_parse(jt_doc_page **out, const char *path, const char *text, size_t len, jt_error *err);
void jt_doc_free(jt_doc_page *page);

/* ---- the release a page documents, and the profiles that stand for it --------------------- */

/* The release in a path, as the docs site reads it: the first segment that is `v` digits `.`
   digits (`src/current/v26.2/pause-job.md`: v26.2). 1 and out filled, or 0. */
int jt_doc_release_of_path(char *out, size_t size, const char *path);

typedef struct jt_doc_profiles {
    const char *documented; /* the profile that stands for the release: its own, or the newest
                               one older than it; the default profile when there is no release */
    const char *as_built;   /* the release as it shipped, when the kit has a profile of that
                               (`v2.1-as-built`), else NULL */
    int older;              /* documented is older than the release: a warning */
} jt_doc_profiles;

/* The profiles for a page of release (NULL or "": none), or for the profile asked for
   (forced: --profile; then only its as-built twin is looked up). */
void jt_doc_profiles_for(jt_doc_profiles *out, const char *release, const char *forced);

/* ---- the world the page implies ---------------------------------------------------------- */

typedef struct jt_doc_fixture {
    size_t before; /* applied before statement `before` (nstmts: after the last) */
    int line;      /* the line that implies it */
    jt_fixture fx; /* its strings point at the owned copies below or at static text */
    char *name, *user, *description, *error, *type, *status;
    int guessed;      /* a job whose status the page does not show (running is assumed) */
    int guessed_user; /* a job whose user the page does not show (root is assumed) */
} jt_doc_fixture;

/* Where the page contradicts itself: a statement whose output shows a job the page showed
   otherwise before (another type). The statement is not compared; this is the finding. A later
   statement that names or shows that job is not compared either, with a note that says why. */
typedef struct jt_doc_conflict {
    size_t stmt;
    int line;
    int finding;   /* JT_DOC_FIND_PAGE: the conflict; JT_DOC_FIND_NONE: a note on a follower */
    char *message; /* "path:line: page defect: …" or "path:line: note: …" */
} jt_doc_conflict;

typedef struct jt_doc_world {
    jt_doc_fixture *fx;
    size_t nfx, cap;
    char *subject; /* the first user other than root that a statement names, or NULL */
    jt_doc_conflict *conflicts;
    size_t nconflicts, conflicts_cap;
} jt_doc_world;

/*
 * The fixtures the page implies, in the order to apply them: before each statement, the jobs its
 * output lists that do not exist yet (v2.0 headers id, type, username mapped; the last row first
 * so that SHOW JOBS lists them in the page's order; status running unless shown; for a table
 * whose `...` row and `(N rows)` leave rows out, as many more jobs like its last row, made
 * first), the users its prompt and prose name (with the role options and memberships the prose
 * gives them), the users it names (`user_name = 'u'`, `user_name IN (…)`) with a running IMPORT
 * job each when they have none, the jobs of a schedule it names (`FOR SCHEDULE <id>`: as many
 * as its command tag counts, in a status the operation takes), then a job that
 * `PAUSE|RESUME|CANCEL JOB <id>` names when no output lists it and the output right after that
 * statement does not say the job does not exist.
 */
int jt_doc_world_build(jt_doc_world *out, const jt_doc_page *page, jt_error *err);
void jt_doc_world_dispose(jt_doc_world *w);

/* ---- checking ---------------------------------------------------------------------------- */

/* One thing reported about a page: a statement that ran as shown (passed, no message), a
   finding, a claim that holds, a note. */
typedef struct jt_doc_item {
    int line;
    int outcome;      /* JT_DOC_PASS, JT_DOC_FAIL (a page defect), JT_DOC_SKIP (not checked:
                         unreadable or a limit of the kit), JT_DOC_NOTE */
    int finding;      /* enum jt_doc_finding */
    const char *kind; /* "statement", "claim", "page" (a problem of the page itself) */
    const char *sql;  /* the statement (borrowed from the page), or NULL */
    int claim;        /* a claim: its enum jt_doc_claim_kind, else 0 */
    int compared;     /* a statement: its output block was compared */
    char *message;    /* "path:line: …", or NULL for a statement that passed */
    char *file;       /* a counterexample written for it, or NULL */
} jt_doc_item;

enum { JT_DOC_PASS = 1, JT_DOC_FAIL, JT_DOC_SKIP, JT_DOC_NOTE };

typedef struct jt_doc_report {
    jt_doc_item *items; /* in line order once jt_doc_check returns */
    size_t nitems, cap;
    size_t passed, failed, skipped;
    size_t worlds;   /* worlds tried for the claims */
    size_t examples; /* statements run */
    size_t outputs;  /* output blocks compared with what came back */
} jt_doc_report;

/* What a report says of its page: the summary line's figures. */
typedef struct jt_doc_summary {
    size_t examples;                    /* statements run */
    size_t outputs;                     /* output blocks compared */
    size_t claims;                      /* claims checked (hold or fail) */
    size_t hold;                        /* of which hold */
    size_t findings[JT_DOC_FIND_COUNT]; /* by kind */
} jt_doc_summary;

struct jt_session;

typedef struct jt_doc_config {
    /* Runs the page's statements (sim/drivers/session.h), starting over for each page. */
    struct jt_session *session;
    const char *profile;     /* the documented behaviour: the model that checks the claims and
                                writes the expectations of counterexamples (NULL: default) */
    const char *as_built;    /* the release as it shipped, a second reference for the claims,
                                or NULL */
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
 * Only the claims: each is checked over the bounded worlds of its kind around the page's world;
 * it holds in every world tried, or the first counterexample is written to cfg->out_dir as
 * `<page>-<line>.test`: the world as fixtures, the steps that lead to it with the model's
 * results, and the claim as the expectation of its last record, so that `jobtck run` on it
 * (under the profile it names) fails there as the claim does. With cfg->as_built, each claim
 * is checked on that profile too, and a claim false as built is a finding that names both.
 */
int jt_doc_check_claims(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                        const jt_doc_config *cfg, jt_error *err);

void jt_doc_report_init(jt_doc_report *r);
void jt_doc_report_dispose(jt_doc_report *r);
/* Adds an item of kind "page" (set kind, sql, claim on the item returned by jt_doc_report_last);
   takes message and file (also when it fails). The finding is the outcome's: FAIL a page
   defect, SKIP a limit of the kit; set another on the item when it is not. */
int jt_doc_report_add(jt_doc_report *r, int line, int outcome, char *message, char *file);
/* The item added last. */
jt_doc_item *jt_doc_report_last(jt_doc_report *r);
/* Sorts the items by line, keeping the order of items of one line. */
void jt_doc_report_sort(jt_doc_report *r);
/* 1 when the page has a defect, else 0. */
int jt_doc_exit_status(const jt_doc_report *r);
/* The figures of the summary of a page's report. */
void jt_doc_summarise(jt_doc_summary *out, const jt_doc_report *r);
/* "9 examples run, 4 outputs compared, 3 claims checked (2 hold); findings: 2 page defects,
   1 construct the kit cannot read, 0 limits of the kit" (allocated; NULL when memory is
   out). */
char *jt_doc_summary_text(const jt_doc_summary *s);
/* "page defect", "cannot read", "limit of the kit" (the labels of the messages). */
const char *jt_doc_finding_name(int finding);

/* The requirement ids the records of a claim of that kind cover, space-separated ("" when
   none). */
const char *jt_doc_claim_covers(int kind);

/* The worlds the claims of the first kinds are checked over, enumerated in a fixed order; for
   tests. */
size_t jt_doc_world_count(int by_default);

#endif
