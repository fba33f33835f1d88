/* Helpers shared by the files of jobtck doc (the files of sim/doc/); not for other modules. */
#ifndef JT_DOC_INTERNAL_H
#define JT_DOC_INTERNAL_H

#include <cmark.h>
#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/doc/doc.h"
#include "sim/drivers/session.h"

/* ---- text (doc_text.c) --------------------------------------------------------------------- */

int jt_doc_is_space(int c);
int jt_doc_lower(int c);
const char *jt_doc_skip_space(const char *s);
/* Case-insensitive: s starts with the word w (not followed by a name character). */
int jt_doc_starts_word(const char *s, const char *w);
/* Case-insensitive substring search. */
const char *jt_doc_find_ci(const char *s, const char *w);
/* A copy of s[0..n) without leading and trailing white space. */
char *jt_doc_dup_trim(const char *s, size_t n);
/* A lower-case copy of s[0..n). */
char *jt_doc_lower_dup(const char *s, size_t n);
/* `...` or `…`. */
int jt_doc_is_ellipsis(const char *s);
/* A job id: decimal digits, 1 .. 2^63-1. 0, or -1. */
int jt_doc_parse_id(int64_t *out, const char *s);

typedef struct jt_doc_span {
    const char *s;
    size_t n;
} jt_doc_span;

/* Splits text into lines (without '\n'; a final newline does not start a line). */
int jt_doc_split_lines(jt_doc_span **out, size_t *nout, const char *text);
/* Whether the line is white space only. */
int jt_doc_is_blank(const jt_doc_span *l);

/* An allocated "path:line: text" ("path: text" when line is 0), or NULL when memory is out. */
char *jt_doc_msg(const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with the label of a finding after the place: "path:line: page defect: text". */
char *jt_doc_finding_msg(const char *path, int line, int finding, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* sql on one line, white space collapsed, cut after max bytes with "…"; size > 4. */
void jt_doc_short_sql(char *buf, size_t size, const char *sql, size_t max);

/* ---- reading (doc_read.c, doc_output.c, doc_prose.c, doc_lists.c) --------------------------- */

enum { JT_DOC_NCLAIM_RE = 10 };

typedef struct jt_doc_reader {
    jt_doc_page *page;
    const char *src; /* what cmark reads: the page with its front matter blanked */
    size_t len;
    size_t *line_off; /* offset of each line's start; line n at line_off[n - 1] */
    size_t nlines;
    regex_t claim_re[JT_DOC_NCLAIM_RE];
    int nclaim_re;
    regex_t grant_re; /* a user the prose gives a privilege to */
    int grant_ok;
    char section[64]; /* the heading the text read is under, lower case ("required
                         privileges"), or "" */
    jt_error *err;
} jt_doc_reader;

int jt_doc_fail(jt_doc_reader *rd, int code, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int jt_doc_nomem(jt_doc_reader *rd);
/* An issue of the page (enum jt_doc_finding, NONE for a note), "path:line: label: text". */
int jt_doc_add_issue(jt_doc_reader *rd, int line, int finding, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The source line (1-based) without its newline. */
const char *jt_doc_source_line(const jt_doc_reader *rd, int line, size_t *n_out);

/* The statements of a `~~~ sql` block (its text, the line of its first content line). */
int jt_doc_read_sql_block(jt_doc_reader *rd, const char *literal, int first_line, int block_line);
/* The output block shown after st. */
int jt_doc_read_output(jt_doc_reader *rd, jt_doc_stmt *st, const char *literal, int first_line);
void jt_doc_table_dispose(jt_doc_table *t);

/* The claims of a paragraph (list items' paragraphs too); next: the block after it (a list the
   paragraph introduces), or NULL. */
int jt_doc_read_claims(jt_doc_reader *rd, cmark_node *para, cmark_node *next);
/* Whether the paragraph holds nothing but Liquid tags ({% include copy-clipboard.html %}). */
int jt_doc_liquid_only(cmark_node *para);
int jt_doc_claims_compile(jt_doc_reader *rd);
void jt_doc_claims_free(jt_doc_reader *rd);
/* A new claim of kind at line, text copied from text[0..n) (the rest zero). */
int jt_doc_claim_new(jt_doc_claim **out, jt_doc_reader *rd, int kind, int line, const char *text,
                     size_t n);
/* Adds a copy of name (at line) to the claim's names (unknown: to its unknown words). */
int jt_doc_claim_name(jt_doc_reader *rd, jt_doc_claim *c, const char *name, size_t n, int line,
                      int unknown);
/* The claims of the pipe tables of a page (the SHOW JOBS fields and statuses): para is a
   paragraph whose source lines are a Markdown table. */
int jt_doc_read_field_table(jt_doc_reader *rd, cmark_node *para);
/* The claims of a text that stands at one line (a cell of a Markdown table). */
int jt_doc_read_cell_claims(jt_doc_reader *rd, const char *text, int line);
/* The claims of a list a paragraph introduces ("the following types of jobs:", "at least one
   of the following"): the claim (its index) the paragraph made, list the LIST node. */
int jt_doc_read_list_claims(jt_doc_reader *rd, size_t claim, cmark_node *list);
/* The grants a text names: admin membership, CONTROLJOB, VIEWJOB, the CHANGEFEED privilege. */
unsigned jt_doc_grants_of(const char *text);
/* The text of a node as a reader sees it (code spans without backticks, Liquid tags and
   links' targets removed, white space collapsed), with the line of each byte (lines may be
   NULL). Allocated; NULL when memory is out. */
char *jt_doc_node_text(cmark_node *node, int **lines);
/* The job type a phrase of the docs names ("Changefeeds", "Schema change jobs", "User-created
   table statistics"), as SHOW JOBS names it, or NULL. */
const char *jt_doc_type_of_phrase(const char *phrase);

/* ---- checking (doc_check.c, doc_claims.c) --------------------------------------------------- */

/* The session that checks the claims: a session of cfg->oracle when it is set (a test's
   variant), else of the model of profile (NULL: the page's); it must take fixtures, users and
   reset (JT_ENOTSUP otherwise). */
int jt_doc_open_oracle(jt_session **out, const jt_doc_config *cfg, const char *profile,
                       jt_error *err);
/* The profile the claims are checked against. */
const char *jt_doc_profile(const jt_doc_config *cfg);
/* The jobs' own progress until nothing moves, on a session with a virtual clock; *moved (may
   be NULL): whether anything moved. */
int jt_doc_settle(jt_session *s, int *moved, jt_error *err);
/* An item about a statement or a claim, with its finding's kind. */
int jt_doc_report_item(jt_doc_report *r, int line, int outcome, int finding, const char *kind,
                       char *message, char *file);

#endif
