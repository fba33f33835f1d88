/* The case-language reader: a case file into a jt_case_file. */
#include "sim/cases/case.h"

#include "model/model.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "sim/text/strbuf.h"

enum { JT_CASE_BLOCK = 65536 };

typedef struct reader {
    const char *path;
    FILE *fp;
    char *block; /* a file's text is read into it a block at a time */
    const char *mem;
    size_t memlen, mempos;
    char *buf; /* the current line, JT_LIMIT_LINE + 1 bytes */
    size_t len;
    int lineno; /* of the current line */
    int eof;    /* no current line */
    jt_error *err;
    jt_case_file *cf;
    const char *subtest;
    char *const *covers;
    size_t ncovers;
} reader;

/* ---- errors and lines ---------------------------------------------------------------- */

/* Characters (UTF-8 sequences) in s[0 .. n): a column is 1 + the characters before it. */
static int columns(const char *s, size_t n) {
    size_t i;
    int c = 0;
    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

__attribute__((format(printf, 5, 0))) static int vfail(reader *rd, int code, int line, int col,
                                                       const char *fmt, va_list ap) {
    char what[JT_MESSAGE_MAX];
    vsnprintf(what, sizeof what, fmt, ap);
    return jt_error_set(rd->err, code, line, "%s:%d:%d: %s", rd->path, line, col, what);
}

/* An error at line:col: "path:line:col: message". */
__attribute__((format(printf, 5, 6))) static int fail_col(reader *rd, int code, int line, int col,
                                                          const char *fmt, ...) {
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = vfail(rd, code, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

/* An error at line; at points into the current line (rd->buf) where the trouble is, or is
   NULL for the start of the line. */
__attribute__((format(printf, 5, 6))) static int fail(reader *rd, int code, int line,
                                                      const char *at, const char *fmt, ...) {
    va_list ap;
    int rc, col = 1;
    if (at && line == rd->lineno && at >= rd->buf && at <= rd->buf + rd->len)
        col = columns(rd->buf, (size_t)(at - rd->buf)) + 1;
    va_start(ap, fmt);
    rc = vfail(rd, code, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

/* The length of the longest prefix of s[0 .. n) that is valid UTF-8 (no overlong forms, no
   surrogates, nothing past U+10FFFF): n when all of it is. */
static size_t utf8_prefix(const char *text, size_t n) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned c;
        size_t len, k;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        uint64_t word;
        if (i + 8 <= n) { /* eight ASCII bytes at a time */
            memcpy(&word, s + i, 8);
            if ((word & UINT64_C(0x8080808080808080)) == 0) {
                i += 8;
                continue;
            }
        }
        c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        else
            return i;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
        else if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
        if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (k = 2; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += len;
    }
    return n;
}

/* Makes the unread text available at rd->mem + rd->mempos: a file is read a block at a time.
   Returns 1 when there is some, 0 at the end, or an error. */
static int more_text(reader *rd) {
    if (rd->mempos < rd->memlen)
        return 1;
    if (!rd->fp)
        return 0;
    rd->memlen = fread(rd->block, 1, JT_CASE_BLOCK, rd->fp);
    rd->mempos = 0;
    rd->mem = rd->block;
    if (rd->memlen > 0)
        return 1;
    if (ferror(rd->fp))
        return fail(rd, JT_EIO, rd->lineno + 1, NULL, "cannot read: %s", strerror(errno));
    return 0;
}

static int next_line(reader *rd) {
    size_t n = 0;
    int newline = 0, rc;
    if (rd->eof)
        return JT_OK;
    while ((rc = more_text(rd)) == 1) {
        const char *s = rd->mem + rd->mempos;
        size_t avail = rd->memlen - rd->mempos, room = JT_LIMIT_LINE - n, take, scan;
        const char *nl = memchr(s, '\n', avail), *nul;
        take = nl ? (size_t)(nl - s) : avail;
        /* the bytes up to the first one too many are checked for NUL first, as one by one */
        scan = take < room + 1 ? take : room + 1;
        nul = memchr(s, '\0', scan);
        if (nul) {
            memcpy(rd->buf + n, s, (size_t)(nul - s));
            return fail_col(rd, JT_EPARSE, rd->lineno + 1,
                            columns(rd->buf, n + (size_t)(nul - s)) + 1,
                            "NUL byte in the line: expected text");
        }
        if (take > room) {
            memcpy(rd->buf + n, s, room);
            return fail_col(rd, JT_EPARSE, rd->lineno + 1,
                            /* the character the first byte too many belongs to */
                            columns(rd->buf, JT_LIMIT_LINE) +
                                (((unsigned char)s[room] & 0xC0) == 0x80 ? 0 : 1),
                            "line longer than %d bytes", JT_LIMIT_LINE);
        }
        memcpy(rd->buf + n, s, take);
        n += take;
        rd->mempos += take;
        if (nl) {
            rd->mempos++;
            newline = 1;
            break;
        }
    }
    if (rc < 0)
        return rc;
    if (!newline && n == 0) {
        rd->eof = 1;
        rd->len = 0;
        rd->buf[0] = '\0';
        return JT_OK;
    }
    if (n > 0 && rd->buf[n - 1] == '\r')
        n--;
    {
        size_t ok = utf8_prefix(rd->buf, n);
        if (ok < n)
            return fail_col(rd, JT_EPARSE, rd->lineno + 1, columns(rd->buf, ok) + 1,
                            "invalid UTF-8 (byte 0x%02x): expected UTF-8 text",
                            (unsigned char)rd->buf[ok]);
    }
    rd->buf[n] = '\0';
    rd->len = n;
    rd->lineno++;
    return JT_OK;
}

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static const char *skip_space(const char *s) {
    while (*s && is_space(*s))
        s++;
    return s;
}

static int is_blank(const char *s) {
    return *skip_space(s) == '\0';
}

/* The word at s (no leading space), its length. */
static size_t word_len(const char *s) {
    size_t n = 0;
    while (s[n] && !is_space(s[n]))
        n++;
    return n;
}

static int word_is(const char *s, size_t n, const char *w) {
    return strlen(w) == n && strncmp(s, w, n) == 0;
}

/* A copy of s without its trailing space. */
static char *dup_trimmed(const char *s) {
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    return jt_strndup(s, n);
}

/* A line that starts a record where only SQL or results belong: a missing blank line. */
static int looks_like_record(const char *line) {
    static const char *const starts[] = {"statement", "query",   "skipif", "onlyif",
                                         "fixture",   "subtest", "covers"};
    size_t n = word_len(line), i;
    for (i = 0; i < sizeof starts / sizeof starts[0]; i++)
        if (word_is(line, n, starts[i]))
            return 1;
    return strncmp(line, "let $", 5) == 0 || strcmp(line, "halt") == 0;
}

/* ---- records ------------------------------------------------------------------------- */

static void free_words(char **w, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        free(w[i]);
    free(w);
}

static void free_conds(jt_case_cond *conds, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        free_words(conds[i].tags, conds[i].ntags);
    free(conds);
}

static void record_dispose(jt_case_record *rec) {
    free_conds(rec->conds, rec->nconds);
    free(rec->arg);
    free_words(rec->words, rec->nwords);
    free(rec->fx_name);
    free(rec->fx_user);
    free(rec->fx_description);
    free(rec->fx_error);
    free(rec->fx_member_of);
    free(rec->sql);
    free(rec->error_regex);
    jt_case_regex_free(rec->error_re);
    free(rec->types);
    free_words(rec->results, rec->nresults);
    free(rec->let);
    memset(rec, 0, sizeof *rec);
}

void jt_case_free(jt_case_file *cf) {
    size_t i;
    if (!cf)
        return;
    for (i = 0; i < cf->nrecords; i++)
        record_dispose(&cf->records[i]);
    free(cf->records);
    free_words(cf->profiles, cf->nprofiles);
    free(cf->path);
    free(cf);
}

const char *jt_case_kind_name(const jt_case_record *rec) {
    switch (rec->kind) {
    case JT_CASE_SUBTEST:
        return "subtest";
    case JT_CASE_COVERS:
        return "covers";
    case JT_CASE_USER:
        return "user";
    case JT_CASE_FIXTURE:
        return "fixture";
    case JT_CASE_STATEMENT:
        return rec->expect == JT_EXPECT_ERROR ? "statement error" : "statement ok";
    case JT_CASE_QUERY:
        if (rec->expect == JT_EXPECT_ERROR)
            return "query error";
        return rec->let && !rec->types ? "let" : "query";
    case JT_CASE_HALT:
        return "halt";
    default:
        return "record";
    }
}

int jt_case_counted(const jt_case_record *rec) {
    return rec->kind == JT_CASE_STATEMENT || rec->kind == JT_CASE_QUERY;
}

static int nomem(reader *rd) {
    return jt_error_set(rd->err, JT_ENOMEM, rd->lineno, "%s: out of memory", rd->path);
}

static int push_word(reader *rd, char ***v, size_t *n, size_t *cap, char *w, size_t limit,
                     const char *what) {
    int rc;
    if (!w)
        return nomem(rd);
    rc = jt_grow((void **)v, cap, *n + 1, sizeof **v, limit);
    if (rc < 0) {
        free(w);
        if (rc == JT_ELIMIT)
            return fail(rd, JT_ELIMIT, rd->lineno, NULL, "more than %zu %s", limit, what);
        return nomem(rd);
    }
    (*v)[(*n)++] = w;
    return JT_OK;
}

/* Adds rec to the file (moving its contents) and gives it its context. */
static int push_record(reader *rd, jt_case_record *rec) {
    jt_case_file *cf = rd->cf;
    int rc = jt_grow((void **)&cf->records, &cf->cap, cf->nrecords + 1, sizeof *cf->records,
                     JT_LIMIT_RECORDS);
    if (rc == JT_ELIMIT)
        return fail(rd, JT_ELIMIT, rec->line, NULL, "more than %d records in the file",
                    JT_LIMIT_RECORDS);
    if (rc < 0)
        return nomem(rd);
    if (rec->kind == JT_CASE_SUBTEST)
        rd->subtest = rec->arg;
    if (rec->kind == JT_CASE_COVERS) {
        rd->covers = rec->words;
        rd->ncovers = rec->nwords;
    }
    rec->subtest = rd->subtest;
    rec->covers = rd->covers;
    rec->ncovers = rd->ncovers;
    cf->records[cf->nrecords++] = *rec;
    memset(rec, 0, sizeof *rec);
    return JT_OK;
}

/* ---- directives ---------------------------------------------------------------------- */

static int parse_sqlstate(char out[6], reader *rd, const char *s, size_t n) {
    size_t i;
    if (n != 5)
        goto bad;
    for (i = 0; i < 5; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
            goto bad;
    memcpy(out, s, 5);
    out[5] = '\0';
    return JT_OK;
bad:
    return fail(rd, JT_EPARSE, rd->lineno, s,
                "expected a SQLSTATE of 5 digits or capital letters, got '%.*s'", (int)n, s);
}

/* A decimal integer 0 .. INT64_MAX; -1 when it is not one. */
static int parse_int64(int64_t *out, const char *s, size_t n) {
    uint64_t v = 0;
    size_t i;
    if (n == 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (v > ((uint64_t)INT64_MAX - (uint64_t)(s[i] - '0')) / 10)
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = (int64_t)v;
    return 0;
}

/* The expectation after `statement error` / `query error` (rest: after "error"). */
static int parse_error_expect(reader *rd, jt_case_record *rec, const char *rest, int codeform,
                              const char *directive) {
    jt_error rerr;
    const char *s = skip_space(rest);
    size_t n;
    int rc;
    rec->expect = JT_EXPECT_ERROR;
    if (codeform || (word_is(s, word_len(s), "pgcode"))) {
        if (!codeform)
            s = skip_space(s + 6);
        n = word_len(s);
        if (n == 0)
            return fail(rd, JT_EPARSE, rd->lineno, s, "expected a SQLSTATE after '%s'", directive);
        rc = parse_sqlstate(rec->sqlstate, rd, s, n);
        if (rc < 0)
            return rc;
        s = skip_space(s + n);
    } else if (*s == '\0') {
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected a regex or 'pgcode XXXXX' after '%s'",
                    directive);
    }
    if (*s == '\0')
        return JT_OK;
    rec->error_regex = dup_trimmed(s);
    if (!rec->error_regex)
        return nomem(rd);
    rc = jt_case_regex_compile(&rec->error_re, rec->error_regex, &rerr);
    if (rc == JT_ENOMEM)
        return nomem(rd);
    if (rc < 0)
        return fail(rd, JT_EPARSE, rd->lineno, s, "bad regex '%s': %s", rec->error_regex,
                    rerr.message);
    return JT_OK;
}

static int parse_statement_header(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + strlen("statement"));
    size_t n = word_len(s);
    rec->kind = JT_CASE_STATEMENT;
    if (word_is(s, n, "ok")) {
        rec->expect = JT_EXPECT_OK;
        s = skip_space(s + n);
        if (*s == '\0')
            return JT_OK;
        n = word_len(s);
        if (!word_is(s, n, "count"))
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "expected 'count <n>' or the end of the line after 'statement ok', "
                        "got '%s'",
                        s);
        s = skip_space(s + n);
    } else if (word_is(s, n, "count")) {
        rec->expect = JT_EXPECT_OK;
        s = skip_space(s + n);
    } else if (word_is(s, n, "error")) {
        return parse_error_expect(rd, rec, s + n, 0, "statement error");
    } else if (word_is(s, n, "error-code")) {
        return parse_error_expect(rd, rec, s + n, 1, "statement error-code");
    } else {
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected 'statement ok', 'statement count <n>', 'statement error <regex>' "
                    "or 'statement error-code <SQLSTATE>', got '%s'",
                    rd->buf);
    }
    /* count <n> */
    n = word_len(s);
    if (parse_int64(&rec->count, s, n) < 0 || *skip_space(s + n) != '\0')
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected a non-negative row count after 'count', got '%s'", s);
    rec->has_count = 1;
    return JT_OK;
}

static int parse_query_header(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + strlen("query"));
    size_t n = word_len(s), i;
    rec->kind = JT_CASE_QUERY;
    if (word_is(s, n, "error"))
        return parse_error_expect(rd, rec, s + n, 0, "query error");
    rec->expect = JT_EXPECT_ROWS;
    for (i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            break;
    if (n == 0 || i < n)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected column types (capital letters such as IT) after 'query', got "
                    "'%.*s'",
                    (int)n, s);
    rec->types = jt_strndup(s, n);
    if (!rec->types)
        return nomem(rd);
    for (s = skip_space(s + n); *s; s = skip_space(s + n)) {
        n = word_len(s);
        if (word_is(s, n, "colnames"))
            rec->flags |= JT_QUERY_COLNAMES;
        else if (word_is(s, n, "rowsort"))
            rec->flags |= JT_QUERY_ROWSORT;
        else if (word_is(s, n, "valuesort"))
            rec->flags |= JT_QUERY_VALUESORT;
        else if (word_is(s, n, "nosort"))
            rec->flags |= JT_QUERY_NOSORT;
        else if (word_is(s, n, "retry"))
            rec->flags |= JT_QUERY_RETRY;
        else
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "unknown query option '%.*s': expected colnames, rowsort, valuesort, "
                        "nosort or retry",
                        (int)n, s);
    }
    i = 0;
    if (rec->flags & JT_QUERY_ROWSORT)
        i++;
    if (rec->flags & JT_QUERY_VALUESORT)
        i++;
    if (rec->flags & JT_QUERY_NOSORT)
        i++;
    if (i > 1)
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "expected at most one of rowsort, valuesort and nosort");
    return JT_OK;
}

enum sql_mode {
    SQL_STATEMENT, /* `----` is an error */
    SQL_QUERY,     /* `----` ends the SQL and stays the current line */
    SQL_LET        /* the current line is the first line of the SQL; `----` is an error */
};

/* The SQL lines of a statement or query, after its directive (the current line, except in
   SQL_LET mode). Stops at a blank line or the end of the file (or `----`, in SQL_QUERY mode). */
static int read_sql(reader *rd, jt_case_record *rec, int mode) {
    jt_strbuf sb;
    int rc = JT_OK, directive_line = mode == SQL_LET ? rd->lineno - 1 : rd->lineno;
    char directive[64];
    snprintf(directive, sizeof directive, "%s", rd->buf);
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    if (mode != SQL_LET)
        rc = next_line(rd);
    while (rc == JT_OK && !rd->eof && !is_blank(rd->buf)) {
        if (strcmp(rd->buf, "----") == 0) {
            if (mode == SQL_QUERY)
                break;
            rc = fail(rd, JT_EPARSE, rd->lineno, NULL,
                      "unexpected '----': only 'query <types>' has results");
            goto out;
        }
        if (looks_like_record(rd->buf)) {
            rc = fail(rd, JT_EPARSE, rd->lineno, NULL,
                      "expected a blank line before this record (the record of line %d "
                      "has no end)",
                      directive_line);
            goto out;
        }
        if (sb.len > 0)
            rc = jt_strbuf_add(&sb, "\n", 1);
        if (rc == JT_OK)
            rc = jt_strbuf_add(&sb, rd->buf, rd->len);
        if (rc == JT_ELIMIT) {
            rc = fail(rd, JT_ELIMIT, rd->lineno, NULL, "SQL longer than %d bytes", JT_LIMIT_SQL);
            goto out;
        }
        if (rc < 0) {
            rc = nomem(rd);
            goto out;
        }
        rc = next_line(rd);
    }
    if (rc < 0)
        goto out;
    if (sb.len == 0) {
        rc = fail(rd, JT_EPARSE, directive_line, NULL, "expected SQL on the line after '%s'",
                  directive);
        goto out;
    }
    rec->sql = jt_strbuf_take(&sb);
    if (!rec->sql)
        rc = nomem(rd);
out:
    jt_strbuf_dispose(&sb);
    return rc;
}

/* The rest of a query after its SQL: `----` and the expected lines. */
static int read_results(reader *rd, jt_case_record *rec) {
    size_t cap = 0;
    int rc = JT_OK, sep_line;
    if (rd->eof || strcmp(rd->buf, "----") != 0)
        goto done;
    rec->has_separator = 1;
    sep_line = rd->lineno;
    rc = next_line(rd);
    while (rc == JT_OK && !rd->eof && !is_blank(rd->buf)) {
        if (strcmp(rd->buf, "----") == 0)
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "a second '----' in the query of line %d: expected a blank line "
                        "after its results",
                        rec->line);
        if (looks_like_record(rd->buf))
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "expected a blank line before this record (the results after "
                        "line %d have no end)",
                        sep_line);
        rc = push_word(rd, &rec->results, &rec->nresults, &cap, jt_strdup(rd->buf), JT_LIMIT_ROWS,
                       "result lines");
        if (rc == JT_OK)
            rc = next_line(rd);
    }
    if (rc < 0)
        return rc;
done:
    if ((rec->flags & JT_QUERY_COLNAMES) && rec->nresults == 0)
        return fail(rd, JT_EPARSE, rec->line, NULL,
                    "colnames: expected the column names as the first line after '----'");
    return JT_OK;
}

/* ---- fixtures ------------------------------------------------------------------------ */

/* The statuses of every profile: which ones a profile has, its model says. */
static const char *const job_statuses[] = {
    "pending",  "running",         "paused",           "succeeded", "failed",
    "canceled", "pause-requested", "cancel-requested", "reverting", "revert-failed"};

static const char *find_name(const char *const *names, size_t n, const char *v) {
    size_t i;
    for (i = 0; i < n && (!names[i] || strcmp(names[i], v) != 0); i++)
        ;
    return i < n ? names[i] : NULL;
}

/* The job type of that name in any profile (docs/profiles.md "Job types"): which ones a
   profile has, its model says. */
static const char *find_job_type(const char *v) {
    const char *t = NULL;
    size_t i;
    for (i = 0; jt_profiles[i] && !t; i++)
        t = find_name(jt_profiles[i]->type_names, JT_TY_COUNT, v);
    return t;
}

/* One value of a fixture at *sp: bare (up to the next space) or SQL-quoted ('' for a quote).
 *out is allocated. */
static int fixture_value(char **out, reader *rd, const char **sp, const char *key) {
    const char *s = *sp;
    jt_strbuf sb;
    int rc = JT_OK;
    *out = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_LINE);
    if (*s == '\'') {
        for (s++;; s++) {
            if (*s == '\0') {
                rc = fail(rd, JT_EPARSE, rd->lineno, *sp, "unterminated quoted value of %s=", key);
                goto out;
            }
            if (*s == '\'') {
                if (s[1] != '\'')
                    break;
                s++;
            }
            rc = jt_strbuf_add(&sb, s, 1);
            if (rc < 0)
                goto out;
        }
        s++;
        if (*s && !is_space(*s)) {
            rc = fail(rd, JT_EPARSE, rd->lineno, s,
                      "expected a space after the quoted value of %s=, got '%c'", key, *s);
            goto out;
        }
    } else {
        size_t n = word_len(s);
        if (n == 0) {
            rc = fail(rd, JT_EPARSE, rd->lineno, s,
                      "expected a value after %s= (quote an empty one: %s='')", key, key);
            goto out;
        }
        if (memchr(s, '\'', n)) {
            rc = fail(rd, JT_EPARSE, rd->lineno, s,
                      "expected the value of %s= quoted, as '…' with '' for a quote", key);
            goto out;
        }
        rc = jt_strbuf_add(&sb, s, n);
        s += n;
    }
    if (rc < 0)
        goto out;
    *out = jt_strbuf_take(&sb);
    if (!*out)
        rc = nomem(rd);
    *sp = s;
out:
    if (rc == JT_ENOMEM)
        rc = nomem(rd);
    jt_strbuf_dispose(&sb);
    return rc;
}

static int check_user_name(reader *rd, const char *name, const char *at, const char *what) {
    size_t n = strlen(name);
    if (n == 0)
        return fail(rd, JT_EPARSE, rd->lineno, at, "expected a user name for %s", what);
    if (n > JT_LIMIT_NAME)
        return fail(rd, JT_EPARSE, rd->lineno, at, "%s: user name longer than %d bytes", what,
                    JT_LIMIT_NAME);
    return JT_OK;
}

static int parse_fixture_user(reader *rd, jt_case_record *rec, const char *s) {
    const char *name_at = s;
    int rc;
    size_t n;
    rec->fixture.kind = JT_FIXTURE_USER;
    if (*s == '\0')
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected 'fixture user <name> [admin]'");
    rc = fixture_value(&rec->fx_name, rd, &s, "user");
    if (rc < 0)
        return rc;
    rc = check_user_name(rd, rec->fx_name, name_at, "fixture user");
    if (rc < 0)
        return rc;
    rec->fixture.name = rec->fx_name;
    for (s = skip_space(s); *s; s = skip_space(s)) {
        const char *at = s;
        n = word_len(s);
        if (word_is(s, n, "admin") && !rec->fixture.admin) {
            rec->fixture.admin = 1;
        } else if (word_is(s, n, "controljob") && !(rec->fixture.options & JT_USER_CONTROLJOB)) {
            rec->fixture.options |= JT_USER_CONTROLJOB;
        } else if (word_is(s, n, "viewjob") && !(rec->fixture.options & JT_USER_VIEWJOB)) {
            rec->fixture.options |= JT_USER_VIEWJOB;
        } else if (n > 10 && strncmp(s, "member-of=", 10) == 0 && !rec->fx_member_of) {
            const char *v = s + 10, *r;
            s = v;
            rc = fixture_value(&rec->fx_member_of, rd, &s, "member-of");
            if (rc < 0)
                return rc;
            for (r = rec->fx_member_of; *r; r++)
                if (*r == ' ')
                    return fail(rd, JT_EPARSE, rd->lineno, v,
                                "expected member-of=<role>[,<role>…] without spaces");
            rec->fixture.member_of = rec->fx_member_of;
            continue;
        } else {
            return fail(rd, JT_EPARSE, rd->lineno, at,
                        "expected admin, controljob, viewjob or member-of=<role>[,<role>…] "
                        "(each once) after the user name, got '%.*s'",
                        (int)n, at);
        }
        s += n;
    }
    return JT_OK;
}

/* A duration: N, Ns, Nm, Nh or Nd (N decimal); seconds in *out. -1 when malformed. */
static int parse_duration(const char *v, int64_t *out) {
    size_t n = strlen(v);
    int64_t unit = 1, x;
    if (n == 0)
        return -1;
    switch (v[n - 1]) {
    case 's':
        n--;
        break;
    case 'm':
        unit = 60;
        n--;
        break;
    case 'h':
        unit = 3600;
        n--;
        break;
    case 'd':
        unit = 86400;
        n--;
        break;
    default:
        break;
    }
    if (n == 0 || n > 9 || parse_int64(&x, v, n) < 0 || x < 0)
        return -1;
    *out = x * unit;
    return 0;
}

/* key=value, a job fixture's value that is an integer 1 .. 2^63-1 (an id). */
static int positive_int64(reader *rd, int64_t *out, const char *value, const char *key_at,
                          const char *key) {
    if (parse_int64(out, value, strlen(value)) == 0 && *out >= 1)
        return JT_OK;
    return fail(rd, JT_EPARSE, rd->lineno, key_at,
                "expected %s=<integer between 1 and 9223372036854775807>, got %s=%s", key, key,
                value);
}

static const char *const job_keys[] = {"id",          "type",  "status",   "user",
                                       "description", "error", "schedule", "age"};
#define JOB_KEYS (sizeof job_keys / sizeof job_keys[0])

/* The key of a fixture job's key=value at *sp, as its index in job_keys (*out); *sp moves past
   its '='. seen: the keys already given (none may come twice). */
static int fixture_job_key(reader *rd, const char **sp, unsigned *seen, size_t *out) {
    const char *s = *sp;
    size_t n = 0, k;
    while (s[n] && s[n] != '=' && !is_space(s[n]))
        n++;
    if (s[n] != '=' || n == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected key=value in fixture job, got '%.*s'",
                    (int)word_len(s), s);
    for (k = 0; k < JOB_KEYS; k++)
        if (word_is(s, n, job_keys[k]))
            break;
    if (k == JOB_KEYS)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "unknown key '%.*s' in fixture job: expected id, type, status, user, "
                    "description, error, schedule or age",
                    (int)n, s);
    if (*seen & (1u << k))
        return fail(rd, JT_EPARSE, rd->lineno, s, "repeated key '%s' in fixture job", job_keys[k]);
    *seen |= 1u << k;
    *sp = s + n + 1;
    *out = k;
    return JT_OK;
}

/* Sets job_keys[k] of rec's job fixture to *value; the strings the record keeps are taken
   (*value is NULL then). key_at: where the key is, for messages. */
static int fixture_job_set(reader *rd, jt_case_record *rec, size_t k, char **value,
                           const char *key_at) {
    jt_fixture *fx = &rec->fixture;
    char *v = *value;
    int rc;
    switch (k) {
    case 0:
        return positive_int64(rd, &fx->id, v, key_at, "id");
    case 1:
        fx->type = find_job_type(v);
        return fx->type ? JT_OK
                        : fail(rd, JT_EPARSE, rd->lineno, key_at,
                               "unknown job type '%s': expected one as SHOW JOBS prints it "
                               "(IMPORT, 'SCHEMA CHANGE', 'ROW LEVEL TTL'…: jobtck profiles NAME "
                               "lists a profile's)",
                               v);
    case 2:
        fx->status = find_name(job_statuses, sizeof job_statuses / sizeof job_statuses[0], v);
        return fx->status ? JT_OK
                          : fail(rd, JT_EPARSE, rd->lineno, key_at,
                                 "unknown job status '%s': expected pending, running, paused, "
                                 "succeeded, failed, canceled, pause-requested, "
                                 "cancel-requested, reverting or revert-failed",
                                 v);
    case 3:
        if ((rc = check_user_name(rd, v, key_at, "user=")) < 0)
            return rc;
        rec->fx_user = v;
        fx->user = v;
        break;
    case 4:
        rec->fx_description = v;
        fx->description = v;
        break;
    case 5:
        rec->fx_error = v;
        fx->error = v;
        break;
    case 6:
        return positive_int64(rd, &fx->schedule, v, key_at, "schedule");
    default:
        if (parse_duration(v, &fx->age_s) < 0)
            return fail(rd, JT_EPARSE, rd->lineno, key_at,
                        "expected age=<duration> (such as 90s, 30m, 13h or 2d), got age=%s", v);
        return JT_OK;
    }
    *value = NULL; /* the record's now */
    return JT_OK;
}

static int parse_fixture_job(reader *rd, jt_case_record *rec, const char *s) {
    unsigned seen = 0;
    char *value = NULL;
    size_t i, k = 0;
    int rc = JT_OK;
    rec->fixture.kind = JT_FIXTURE_JOB;
    for (; *s; s = skip_space(s)) {
        const char *key_at = s;
        if ((rc = fixture_job_key(rd, &s, &seen, &k)) < 0 ||
            (rc = fixture_value(&value, rd, &s, job_keys[k])) < 0 ||
            (rc = fixture_job_set(rd, rec, k, &value, key_at)) < 0)
            goto out;
        free(value);
        value = NULL;
    }
    for (i = 0; i < 3; i++)
        if (!(seen & (1u << i))) {
            rc = fail(rd, JT_EPARSE, rd->lineno, s, "fixture job: missing %s=", job_keys[i]);
            goto out;
        }
out:
    free(value);
    return rc;
}

static int parse_fixture(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + strlen("fixture"));
    size_t n = word_len(s);
    rec->kind = JT_CASE_FIXTURE;
    if (word_is(s, n, "user"))
        return parse_fixture_user(rd, rec, skip_space(s + n));
    if (word_is(s, n, "job"))
        return parse_fixture_job(rd, rec, skip_space(s + n));
    return fail(rd, JT_EPARSE, rd->lineno, s,
                "expected 'fixture user <name> [admin]' or 'fixture job id=… type=… "
                "status=…', got '%s'",
                rd->buf);
}

/* `profile NAME…`: the profiles the file is written for (once, before its statements). */
static int parse_profile(reader *rd) {
    jt_case_file *cf = rd->cf;
    const char *s = skip_space(rd->buf + strlen("profile"));
    size_t cap = 0, n, i;
    int rc;
    if (cf->profile_line)
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "a second 'profile' record (the first is at line %d)", cf->profile_line);
    for (i = 0; i < cf->nrecords; i++)
        if (jt_case_counted(&cf->records[i]) || cf->records[i].kind == JT_CASE_FIXTURE)
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "'profile' must come before the first statement, query or fixture "
                        "(line %d)",
                        cf->records[i].line);
    cf->profile_line = rd->lineno;
    for (; *s; s = skip_space(s + n)) {
        n = word_len(s);
        rc = push_word(rd, &cf->profiles, &cf->nprofiles, &cap, jt_strndup(s, n), 64, "profiles");
        if (rc < 0)
            return rc;
        if (!jt_profile_find(cf->profiles[cf->nprofiles - 1]))
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "unknown profile '%.*s' (jobtck profiles "
                        "lists them)",
                        (int)n, s);
    }
    if (cf->nprofiles == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected profile names after 'profile' "
                    "(such as v2.1)");
    return JT_OK;
}

/* ---- the file ------------------------------------------------------------------------ */

/* skipif/onlyif <tag>… (also CockroachDB's `skipif config <tag>…`); a trailing # comment
   is dropped. */
static int parse_cond(reader *rd, jt_case_cond **conds, size_t *nconds, size_t *cap, int skip) {
    jt_case_cond *c;
    size_t tcap = 0, n;
    const char *s = skip_space(rd->buf + 6);
    int rc = jt_grow((void **)conds, cap, *nconds + 1, sizeof **conds, JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc == JT_ELIMIT ? fail(rd, JT_ELIMIT, rd->lineno, NULL, "too many conditions")
                               : nomem(rd);
    c = &(*conds)[(*nconds)++];
    memset(c, 0, sizeof *c);
    c->skip = skip;
    n = word_len(s);
    if (word_is(s, n, "config"))
        s = skip_space(s + n);
    for (; *s && *s != '#'; s = skip_space(s + n)) {
        n = word_len(s);
        rc = push_word(rd, &c->tags, &c->ntags, &tcap, jt_strndup(s, n), JT_LIMIT_RECORDS, "tags");
        if (rc < 0)
            return rc;
    }
    if (c->ntags == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected a tag (a driver or profile name) after '%s'",
                    skip ? "skipif" : "onlyif");
    return JT_OK;
}

/* let $name: then a query record, or (CockroachDB) the SQL of a query of one value. */
static int parse_let(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + 3);
    size_t n = word_len(s), i;
    int rc, let_line = rd->lineno;
    int ok = n >= 2 && s[0] == '$' &&
             ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z') || s[1] == '_');
    for (i = 2; ok && i < n; i++)
        ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
             (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
    if (!ok || *skip_space(s + n) != '\0' || n - 1 > JT_LIMIT_NAME)
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected 'let $<name>', got '%s'", rd->buf);
    rec->let = jt_strndup(s + 1, n - 1);
    if (!rec->let)
        return nomem(rd);
    rec->line = rd->lineno;
    rc = next_line(rd);
    if (rc < 0)
        return rc;
    if (rd->eof || is_blank(rd->buf))
        return fail(rd, JT_EPARSE, let_line, NULL, "expected a query on the line after 'let $%s'",
                    rec->let);
    if (word_is(rd->buf, word_len(rd->buf), "query")) {
        rec->line = rd->lineno;
        rc = parse_query_header(rd, rec);
        if (rc < 0)
            return rc;
        if (rec->expect == JT_EXPECT_ERROR)
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "'let $%s' needs a query that returns a value, not 'query error'",
                        rec->let);
        rc = read_sql(rd, rec, SQL_QUERY);
        return rc < 0 ? rc : read_results(rd, rec);
    }
    if (looks_like_record(rd->buf))
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "expected a query or its SQL after 'let $%s' of line %d", rec->let, let_line);
    /* CockroachDB's form: the SQL of a query of one value follows `let` directly. */
    rec->kind = JT_CASE_QUERY;
    rec->expect = JT_EXPECT_ROWS;
    return read_sql(rd, rec, SQL_LET);
}

static int parse_user(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + 4);
    size_t n = word_len(s);
    int rc;
    rec->kind = JT_CASE_USER;
    if (n == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected 'user <name>'");
    rec->arg = jt_strndup(s, n);
    if (!rec->arg)
        return nomem(rd);
    rc = check_user_name(rd, rec->arg, s, "user");
    if (rc < 0)
        return rc;
    /* CockroachDB's `user testuser nodeidx=1` picks a node: nothing to do here. */
    for (s = skip_space(s + n); *s; s = skip_space(s + n)) {
        n = word_len(s);
        if (strncmp(s, "nodeidx=", 8) != 0)
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "expected the end of the line after 'user %s', got '%.*s'", rec->arg,
                        (int)n, s);
    }
    return JT_OK;
}

static int parse_covers(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + 6);
    size_t cap = 0, n;
    int rc;
    rec->kind = JT_CASE_COVERS;
    for (; *s; s = skip_space(s + n)) {
        n = word_len(s);
        rc = push_word(rd, &rec->words, &rec->nwords, &cap, jt_strndup(s, n), JT_LIMIT_RECORDS,
                       "ids");
        if (rc < 0)
            return rc;
    }
    if (rec->nwords == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected requirement ids after 'covers' (such as PJ-STATES)");
    return JT_OK;
}

/* `subtest <name>`, or `subtest end`; s: after the word. */
static int parse_subtest(reader *rd, jt_case_record *rec, const char *s) {
    rec->kind = JT_CASE_SUBTEST;
    s = skip_space(s);
    if (*s == '\0')
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected 'subtest <name>'");
    rec->arg = dup_trimmed(s);
    if (!rec->arg)
        return nomem(rd);
    if (strcmp(rec->arg, "end") == 0) {
        free(rec->arg); /* `subtest end`: no subtest from here on */
        rec->arg = NULL;
    }
    return JT_OK;
}

/* The record whose directive (its first n bytes) is the current line, into rec. *single: it
   is one line, and the caller reads the next; else its parser has read past its last line. */
static int parse_record(reader *rd, jt_case_record *rec, size_t n, int *single) {
    const char *s = rd->buf;
    int rc = JT_OK;
    *single = 1;
    if (word_is(s, n, "statement")) {
        *single = 0;
        rc = parse_statement_header(rd, rec);
        return rc < 0 ? rc : read_sql(rd, rec, SQL_STATEMENT);
    }
    if (word_is(s, n, "query")) {
        *single = 0;
        rc = parse_query_header(rd, rec);
        if (rc == JT_OK)
            rc = read_sql(rd, rec, rec->expect == JT_EXPECT_ROWS ? SQL_QUERY : SQL_STATEMENT);
        if (rc == JT_OK && rec->expect == JT_EXPECT_ROWS)
            rc = read_results(rd, rec);
        return rc;
    }
    if (word_is(s, n, "let")) {
        *single = 0;
        return parse_let(rd, rec);
    }
    if (word_is(s, n, "user"))
        return parse_user(rd, rec);
    if (word_is(s, n, "fixture"))
        return parse_fixture(rd, rec);
    if (word_is(s, n, "halt")) {
        rec->kind = JT_CASE_HALT;
        if (*skip_space(s + n))
            return fail(rd, JT_EPARSE, rd->lineno, skip_space(s + n),
                        "expected nothing after 'halt'");
        return JT_OK;
    }
    if (word_is(s, n, "subtest"))
        return parse_subtest(rd, rec, s + n);
    if (word_is(s, n, "covers"))
        return parse_covers(rd, rec);
    return fail(rd, JT_EPARSE, rd->lineno, NULL,
                "unknown record '%.*s': expected statement, query, let, user, fixture, "
                "subtest, covers, profile, skipif, onlyif or halt",
                (int)n, s);
}

static int parse_file(reader *rd) {
    jt_case_record rec;
    jt_case_cond *conds = NULL;
    size_t nconds = 0, ccap = 0;
    int rc, cond_line = 0;
    memset(&rec, 0, sizeof rec);
    rc = next_line(rd);
    while (rc == JT_OK && !rd->eof) {
        const char *s = rd->buf;
        size_t n = word_len(s);
        int single;
        if (is_blank(s) && nconds) {
            rc = fail(rd, JT_EPARSE, cond_line, NULL,
                      "expected a record on the line after skipif/onlyif, got a blank line");
            break;
        }
        if (is_blank(s) || s[0] == '#') {
            rc = next_line(rd);
            continue;
        }
        if (is_space(s[0])) {
            rc = fail(rd, JT_EPARSE, rd->lineno, NULL,
                      "expected a record at the start of the line, got indented text");
            break;
        }
        rec.line = rd->lineno;
        if (word_is(s, n, "skipif") || word_is(s, n, "onlyif")) {
            rc = parse_cond(rd, &conds, &nconds, &ccap, s[0] == 's');
            cond_line = rd->lineno;
            if (rc == JT_OK)
                rc = next_line(rd);
            continue;
        }
        if (nconds && (word_is(s, n, "subtest") || word_is(s, n, "covers"))) {
            rc = fail(rd, JT_EPARSE, rd->lineno, NULL,
                      "expected a statement, query, let, user, fixture or halt after "
                      "skipif/onlyif, got '%.*s'",
                      (int)n, s);
            break;
        }
        if (word_is(s, n, "profile") && !nconds) {
            rc = parse_profile(rd);
            if (rc == JT_OK)
                rc = next_line(rd);
            continue;
        }
        if ((rc = parse_record(rd, &rec, n, &single)) < 0)
            break;
        rec.conds = conds;
        rec.nconds = nconds;
        conds = NULL;
        nconds = ccap = 0;
        rc = push_record(rd, &rec);
        if (rc == JT_OK && single)
            rc = next_line(rd);
    }
    if (rc == JT_OK && nconds)
        rc = fail(rd, JT_EPARSE, cond_line, NULL,
                  "expected a record on the line after skipif/onlyif, got the end of the file");
    free_conds(conds, nconds);
    record_dispose(&rec);
    return rc;
}

static int parse(jt_case_file **out, reader *rd) {
    jt_case_file *cf = NULL;
    int rc;
    rd->buf = jt_malloc(JT_LIMIT_LINE + 1);
    cf = jt_calloc(1, sizeof *cf);
    if (!rd->buf || !cf || !(cf->path = jt_strdup(rd->path))) {
        rc = nomem(rd);
        goto out;
    }
    rd->cf = cf;
    rc = parse_file(rd);
    if (rc < 0)
        goto out;
    *out = cf;
    cf = NULL;
out:
    jt_case_free(cf);
    free(rd->buf);
    rd->buf = NULL;
    return rc;
}

int jt_case_parse(jt_case_file **out, const char *path, const char *text, size_t len,
                  jt_error *err) {
    reader rd;
    *out = NULL;
    memset(&rd, 0, sizeof rd);
    rd.path = path;
    rd.mem = text;
    rd.memlen = len;
    rd.err = err;
    return parse(out, &rd);
}

int jt_case_read(jt_case_file **out, const char *path, jt_error *err) {
    reader rd;
    int rc;
    *out = NULL;
    memset(&rd, 0, sizeof rd);
    rd.path = path;
    rd.err = err;
    rd.fp = fopen(path, "rb");
    if (!rd.fp)
        return jt_error_set(err, JT_EIO, 0, "%s: cannot open: %s", path, strerror(errno));
    rd.block = jt_malloc(JT_CASE_BLOCK);
    rc = rd.block ? parse(out, &rd) : nomem(&rd);
    free(rd.block);
    fclose(rd.fp);
    return rc;
}
