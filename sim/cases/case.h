/*
 * The case language: a case file parsed into a scenario, an array of records in file order.
 * See docs/case-language.md (a superset of CockroachDB's logic-test format).
 *
 * Records run in order. `subtest` and `covers` records stay in the array (a runner may skip
 * them) and are also resolved into every record that follows them: rec->subtest and
 * rec->covers point at the strings of the last `subtest` / `covers` record before it. A
 * `covers` record replaces the ids of the previous one; `subtest end` clears the subtest.
 * `skipif` / `onlyif` lines and `let $name` lines are not records: they become the conds of,
 * and the let of, the record they precede.
 */
#ifndef JT_CASE_H
#define JT_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "model/common.h"
#include "sim/cases/arena.h"
#include "sim/cases/regex.h"

enum jt_case_kind {
    JT_CASE_SUBTEST = 1, /* arg: the name; NULL for `subtest end` */
    JT_CASE_COVERS,      /* words[nwords]: requirement ids */
    JT_CASE_USER,        /* arg: the session user of the statements that follow */
    JT_CASE_FIXTURE,     /* fixture */
    JT_CASE_STATEMENT,   /* sql, expect (JT_EXPECT_OK or JT_EXPECT_ERROR) */
    JT_CASE_QUERY, /* sql, expect (JT_EXPECT_ROWS or JT_EXPECT_ERROR), types, flags, results */
    JT_CASE_HALT   /* stop the file here */
};

enum jt_case_expect {
    JT_EXPECT_OK = 1, /* success; has_count: and the command tag counts count */
    JT_EXPECT_ERROR,  /* an error: error_re matches its message (or "pq: " + message) when not NULL,
                         sqlstate equals its SQLSTATE when not empty */
    JT_EXPECT_ROWS    /* a query's rows */
};

/* Options of a query. */
#define JT_QUERY_COLNAMES 0x1u  /* the first result line is the column names */
#define JT_QUERY_ROWSORT 0x2u   /* compare rows sorted */
#define JT_QUERY_VALUESORT 0x4u /* compare values sorted */
#define JT_QUERY_NOSORT 0x8u    /* compare as they come (the default) */
#define JT_QUERY_RETRY 0x10u    /* the result may take a while to settle: retry */

/* skipif (skip = 1) / onlyif (skip = 0) with its tags (a driver or a profile name). */
typedef struct jt_case_cond {
    int skip;
    char **tags;
    size_t ntags;
} jt_case_cond;

/* A whitespace-separated token of an expected line: len bytes at off in the line. */
typedef struct jt_case_token {
    uint32_t off, len;
} jt_case_token;

typedef struct jt_case_record {
    int kind; /* enum jt_case_kind */
    int line; /* 1-based line of its directive (`statement …`, `query …`, `let …`, `user …`) */
    /* Context, borrowed from earlier records of the same file. */
    const char *subtest;
    char *const *covers;
    size_t ncovers;
    /* skipif/onlyif lines before it: it runs only when every one allows it. */
    jt_case_cond *conds;
    size_t nconds;

    char *arg;    /* subtest name, user name */
    char **words; /* covers ids */
    size_t nwords;

    /* JT_CASE_FIXTURE: its strings are the file's (its arena) or static text. */
    jt_fixture fixture;

    /* JT_CASE_STATEMENT and JT_CASE_QUERY */
    char *sql; /* its lines joined with '\n' */
    int expect;
    int has_count;
    int64_t count;
    char *error_regex;  /* as written, or NULL */
    jt_regex *error_re; /* compiled (sim/cases/regex.h), or NULL; the file's (cf->regexes) */
    char sqlstate[6];   /* expected SQLSTATE, or empty */

    /* JT_CASE_QUERY with JT_EXPECT_ROWS */
    char *types; /* column types as written ("IT"); NULL for the `let $x` + SQL form, which
                    expects exactly one value */
    unsigned flags;
    int has_separator; /* a `----` line was there */
    char **results;    /* the expected lines after `----` (the column names first with
                          JT_QUERY_COLNAMES), as written */
    size_t nresults;
    /* The tokens of the expected lines, split once when read (sim/cases/check.c compares a
       result's values with them): line i's are tokens[first_token[i] .. first_token[i + 1]),
       their offsets into results[i]. NULL when there are no expected lines. */
    const jt_case_token *tokens;
    const uint32_t *first_token;
    /* With JT_QUERY_ROWSORT, the hash of each expected line's tokens (model/common.h),
       by which the checker finds the line of a row; else NULL. */
    const uint64_t *line_hash;
    char *let; /* `let $name` before it: the variable's name (without $), or NULL */
} jt_case_record;

/* A case file. Its strings (path, profiles, the records' strings) live in text, the file's
   text as read, or in arena; jt_case_free frees them all at once. */
typedef struct jt_case_file {
    char *path;
    jt_case_record *records;
    size_t nrecords;
    size_t cap;
    /* `profile NAME…`: the profiles whose behaviour the file checks (it runs under those, and
       under profiles based on them; under others its records are skipped); none: any. */
    char **profiles;
    size_t nprofiles;
    int profile_line;
    char *text;
    jt_case_arena arena;
    /* The compiled error regexes of the records, each once: records whose regexes are written
       the same share one (rec->error_re). jt_case_free frees them. */
    jt_regex **regexes;
    size_t nregexes, regexes_cap;
} jt_case_file;

/*
 * Reads and parses the case file at path. On malformed input: JT_EPARSE or JT_ELIMIT with
 * err->line and err->message "path:line: what was expected"; a file that cannot be read:
 * JT_EIO with "path: cannot open: <strerror>". *out is NULL unless it returns 0.
 */
int jt_case_read(jt_case_file **out, const char *path, jt_error *err);
/* The same for text in memory (len bytes); path only names it in messages. */
int jt_case_parse(jt_case_file **out, const char *path, const char *text, size_t len,
                  jt_error *err);
void jt_case_free(jt_case_file *cf);

/* "statement ok", "statement error", "query", "query error", "let", "fixture", "user"... */
const char *jt_case_kind_name(const jt_case_record *rec);
/* 1 for the records a runner counts (statements and queries), else 0. */
int jt_case_counted(const jt_case_record *rec);

#endif
