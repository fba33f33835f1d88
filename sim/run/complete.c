/* Completion: expected results of case files filled in from a driver (sim/run/complete.h). */
#include "sim/run/complete.h"
#include "sim/text/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "sim/cases/case.h"
#include "sim/cases/check.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"
#include "sim/text/strbuf.h"

/* The runner, in its completion mode (jt_runner_complete_case), runs the records. */
struct jt_completer {
    jt_runner *runner;
    const char *driver; /* the session's name, for messages */
};

/* One line of the input: its bytes without the '\n'. */
typedef struct text_line {
    const char *s;
    size_t len;
} text_line;

/* One file while it is completed. */
typedef struct state {
    const char *path;
    const char *driver; /* the session's name, for messages */
    text_line *lines;
    size_t nlines;
    const unsigned char *proto; /* per line: MARK_... */
    jt_strbuf out;
    size_t cursor; /* the first input line not yet written */
    jt_complete_stats stats;
    jt_error *err;
} state;

/* ---- errors -------------------------------------------------------------------------- */

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* An input error at line of st's file ("path:line: …"); JT_ENOMEM and JT_ELIMIT of the kit
   are passed on as they are. */
__attribute__((format(printf, 4, 5))) static int fail(state *st, int code, int line,
                                                      const char *fmt, ...) {
    char what[JT_MESSAGE_MAX];
    va_list ap;
    if (code == JT_ENOMEM)
        return nomem(st->err);
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return jt_error_set(st->err, code, line, "%s:%d: %s", st->path, line, what);
}

/* ---- the driver ---------------------------------------------------------------------- */

int jt_completer_new(jt_completer **out, const jt_complete_config *cfg, jt_error *err) {
    jt_runner_config rcfg;
    jt_completer *c;
    int rc;
    *out = NULL;
    JT_ASSERT(cfg->session != NULL);
    c = jt_calloc(1, sizeof *c);
    if (!c) {
        jt_session_close(cfg->session);
        return nomem(err);
    }
    memset(&rcfg, 0, sizeof rcfg);
    rcfg.session = cfg->session;
    rcfg.profile = cfg->profile;
    c->driver = jt_session_name(cfg->session);
    rc = jt_runner_new(&c->runner, &rcfg, err);
    if (rc < 0) {
        free(c);
        return rc;
    }
    *out = c;
    return JT_OK;
}

void jt_completer_free(jt_completer *c) {
    if (!c)
        return;
    jt_runner_free(c->runner);
    free(c);
}

/* ---- text ---------------------------------------------------------------------------- */

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* The lines of text; a last line without '\n' counts, an empty tail does not. */
static int split_lines(text_line **out, size_t *nout, const char *text, size_t len) {
    text_line *v = NULL;
    size_t n = 0, cap = 0, pos = 0;
    int rc;
    *out = NULL;
    *nout = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        rc = jt_grow((void **)&v, &cap, n + 1, sizeof *v, JT_LIMIT_RECORDS * 8u);
        if (rc < 0) {
            free(v);
            return rc;
        }
        v[n].s = text + pos;
        v[n].len = end - pos;
        n++;
        pos = nl ? end + 1 : len;
    }
    *out = v;
    *nout = n;
    return JT_OK;
}

/* The line without a trailing '\r' and trailing space, equals word. */
static int line_is(const text_line *l, const char *word) {
    size_t n = l->len, w = strlen(word);
    while (n > 0 && is_space(l->s[n - 1]))
        n--;
    return n == w && memcmp(l->s, word, w) == 0;
}

static int add_line(jt_strbuf *sb, const char *s, size_t n) {
    int rc = jt_strbuf_add(sb, s, n);
    return rc < 0 ? rc : jt_strbuf_add(sb, "\n", 1);
}

/* Copies the input lines [st->cursor, to) as they are. */
static int copy_to(state *st, size_t to) {
    int rc = JT_OK;
    JT_ASSERT(to <= st->nlines);
    for (; st->cursor < to && rc == JT_OK; st->cursor++)
        rc = add_line(&st->out, st->lines[st->cursor].s, st->lines[st->cursor].len);
    return rc;
}

/* Display width of UTF-8 text: its code points. */
static size_t width_of(const char *s) {
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0u) != 0x80u)
            w++;
    return w;
}

/* Whitespace-separated tokens of s joined by one space (allocated). */
static char *normalize(const char *s) {
    jt_strbuf sb;
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    for (;;) {
        size_t n = 0;
        while (*s && is_space(*s))
            s++;
        if (!*s)
            break;
        while (s[n] && !is_space(s[n]))
            n++;
        if ((sb.len > 0 && jt_strbuf_add(&sb, " ", 1) < 0) || jt_strbuf_add(&sb, s, n) < 0) {
            jt_strbuf_dispose(&sb);
            return NULL;
        }
        s += n;
    }
    return jt_strbuf_take(&sb);
}

/* A line that the reader would take for the start of a record (sim/cases/caseread.c). */
static int looks_like_record(const char *s) {
    static const char *const starts[] = {"statement", "query",   "skipif", "onlyif",
                                         "fixture",   "subtest", "covers"};
    size_t n = 0, i;
    while (s[n] && !is_space(s[n]))
        n++;
    for (i = 0; i < sizeof starts / sizeof starts[0]; i++)
        if (strlen(starts[i]) == n && strncmp(s, starts[i], n) == 0)
            return 1;
    return strncmp(s, "let $", 5) == 0 || strcmp(s, "halt") == 0;
}

/* Marks of an input line. */
#define MARK_BARE_STATEMENT 0x1u /* `statement`: a prototype statement */
#define MARK_COLNAMES 0x2u       /* a query directive with colnames */

/* The words after `query` start with error. */
static int query_error(const char *s, const char *end) {
    while (s < end && is_space(*s))
        s++;
    return end - s >= 5 && memcmp(s, "error", 5) == 0 && (end - s == 5 || is_space(s[5]));
}

/*
 * The line as the case reader gets it, line for line so that line numbers stay: a bare
 * `statement` becomes `statement ok`; a `query <types> … colnames …` directive loses the
 * word colnames (the reader wants the names after `----`, which a prototype has not; the
 * mark keeps it). *mark says what was done.
 */
static int reader_line(jt_strbuf *sb, unsigned char *mark, const text_line *l) {
    const char *s = l->s, *end = l->s + l->len;
    size_t n = 0;
    int rc;
    *mark = 0;
    if (line_is(l, "statement")) {
        *mark = MARK_BARE_STATEMENT;
        return add_line(sb, "statement ok", 12);
    }
    while (s + n < end && !is_space(s[n]))
        n++;
    if (n == 5 && memcmp(s, "query", 5) == 0 && !query_error(s + n, end)) {
        size_t start = sb->len;
        int found = 0;
        rc = jt_strbuf_add(sb, "query", 5);
        for (s += n; rc == JT_OK && s < end; s += n) {
            while (s < end && is_space(*s))
                s++;
            for (n = 0; s + n < end && !is_space(s[n]);)
                n++;
            if (n == 8 && memcmp(s, "colnames", 8) == 0) {
                found = 1;
                continue;
            }
            if (n > 0 && (rc = jt_strbuf_add(sb, " ", 1)) == JT_OK)
                rc = jt_strbuf_add(sb, s, n);
        }
        if (rc < 0)
            return rc;
        if (found) {
            *mark = MARK_COLNAMES;
            return jt_strbuf_add(sb, "\n", 1);
        }
        sb->len = start; /* as it is */
        sb->data[start] = '\0';
    }
    return add_line(sb, l->s, l->len);
}

/* ---- the regex of a message ---------------------------------------------------------- */

int jt_complete_regex(char **out, const char *message) {
    jt_strbuf sb;
    const char *s;
    int rc, multi = 0;
    *out = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_LINE);
    rc = jt_strbuf_add(&sb, "^", 1);
    for (s = message; *s && rc == JT_OK; s++) {
        if (*s == '\n' || *s == '\r') {
            multi = 1;
            break;
        }
        if (strchr(".[()*+?{|^$\\", *s))
            rc = jt_strbuf_add(&sb, "\\", 1);
        if (rc == JT_OK)
            rc = jt_strbuf_add(&sb, s, 1);
    }
    if (rc == JT_OK && !multi)
        rc = jt_strbuf_add(&sb, "$", 1);
    if (rc < 0) {
        jt_strbuf_dispose(&sb);
        return rc;
    }
    *out = jt_strbuf_take(&sb);
    return *out ? JT_OK : JT_ENOMEM;
}

/* ---- records ------------------------------------------------------------------------- */

/* A record written without its expectation, which only running it can give. */
static int is_prototype(const state *st, const jt_case_record *rec) {
    if (rec->kind == JT_CASE_STATEMENT)
        return (st->proto[rec->line - 1] & MARK_BARE_STATEMENT) != 0;
    return rec->kind == JT_CASE_QUERY && rec->expect == JT_EXPECT_ROWS && rec->types &&
           !rec->has_separator;
}

/* CockroachDB's `let $x` followed by the SQL alone: nothing to complete. */
static int is_let_sql(const jt_case_record *rec) {
    return rec->kind == JT_CASE_QUERY && rec->let && !rec->types;
}

/* `statement error …` / `query error …` for a failed result. */
static int add_error_directive(state *st, const char *word, const jt_result *res) {
    char *re = NULL;
    int rc = jt_complete_regex(&re, res->message ? res->message : "");
    if (rc < 0)
        return rc;
    if (res->sqlstate[0])
        rc = jt_strbuf_addf(&st->out, "%s error pgcode %s %s\n", word, res->sqlstate, re);
    else
        rc = jt_strbuf_addf(&st->out, "%s error %s\n", word, re);
    free(re);
    st->stats.errors++;
    return rc;
}

/* The options of a `query <types> …` directive line as written, trimmed (pointer, length). */
static const char *query_options(const text_line *l, size_t *n_out) {
    const char *s = l->s, *end = l->s + l->len;
    int words = 0;
    while (s < end && words < 2) { /* skip "query" and the types */
        while (s < end && is_space(*s))
            s++;
        while (s < end && !is_space(*s))
            s++;
        words++;
    }
    while (s < end && is_space(*s))
        s++;
    while (end > s && is_space(end[-1]))
        end--;
    *n_out = (size_t)(end - s);
    return s;
}

/* A sort key of a row for rowsort: its normalized line, then its place. */
typedef struct rowkey {
    const char *key;
    size_t index;
} rowkey;

static int cmp_rowkeys(const void *a, const void *b) {
    const rowkey *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends one result line, after checking that the reader will read it back as one. */
static int add_result_line(state *st, const jt_case_record *rec, const char *text) {
    const char *s = text;
    while (*s && is_space(*s))
        s++;
    if (!*s || strcmp(text, "----") == 0 || looks_like_record(text))
        return fail(st, JT_EPARSE, rec->line,
                    "the result line '%s' cannot be written in the case language (a blank "
                    "line, '----' or the start of a record)",
                    text);
    return add_line(&st->out, text, strlen(text));
}

/* The rows of a result as completion writes them. */
typedef struct rows {
    size_t ncols, header, total; /* header: 1 with colnames (row 0: the names) */
    char **cells;                /* [r * ncols + k]: the value's tokens joined by one space */
    char **keys;                 /* [r]: the row as the checker renders it */
    rowkey *order;               /* the rows in the order they are written */
} rows;

static void rows_dispose(rows *t) {
    size_t k;
    for (k = 0; t->cells && k < t->total * t->ncols; k++)
        free(t->cells[k]);
    for (k = 0; t->keys && k < t->total; k++)
        free(t->keys[k]);
    free(t->cells);
    free(t->keys);
    free(t->order);
    memset(t, 0, sizeof *t);
}

/* Row r of t from res: its cells, its key. */
static int rows_fill_row(rows *t, const jt_result *res, size_t r) {
    size_t k, ncols = t->ncols;
    jt_strbuf row;
    int rc = JT_OK;
    for (k = 0; k < ncols; k++) {
        const char *v;
        if (t->header && r == 0)
            v = res->columns ? res->columns[k] : NULL;
        else
            v = res->values ? res->values[(r - t->header) * ncols + k] : NULL;
        if (!(t->cells[r * ncols + k] = normalize(jt_check_render(v))))
            return JT_ENOMEM;
    }
    jt_strbuf_init(&row, JT_LIMIT_LINE);
    for (k = 0; k < ncols && rc == JT_OK; k++) {
        const char *cell = t->cells[r * ncols + k];
        if (*cell && row.len > 0)
            rc = jt_strbuf_add(&row, " ", 1);
        if (rc == JT_OK)
            rc = jt_strbuf_adds(&row, cell);
    }
    if (rc == JT_OK && !(t->keys[r] = jt_strbuf_take(&row)))
        rc = JT_ENOMEM;
    jt_strbuf_dispose(&row);
    t->order[r].key = t->keys[r];
    t->order[r].index = r;
    return rc;
}

/* t from res: header 1 puts the column names first. */
static int rows_fill(rows *t, const jt_result *res, size_t header) {
    size_t r;
    int rc = JT_OK;
    memset(t, 0, sizeof *t);
    t->ncols = res->ncols;
    t->header = header;
    t->total = res->nrows + header;
    if (t->ncols > 0 && t->total > SIZE_MAX / t->ncols / sizeof *t->cells)
        return JT_ELIMIT;
    t->cells = jt_calloc(t->total * t->ncols + 1, sizeof *t->cells);
    t->keys = jt_calloc(t->total + 1, sizeof *t->keys);
    t->order = jt_calloc(t->total + 1, sizeof *t->order);
    if (!t->cells || !t->keys || !t->order)
        return JT_ENOMEM;
    for (r = 0; r < t->total && rc == JT_OK; r++)
        rc = rows_fill_row(t, res, r);
    return rc;
}

/* valuesort: the names as one line, then every value's tokens one a line, sorted. */
static int add_values(state *st, const jt_case_record *rec, const rows *t) {
    char **tokens = NULL;
    size_t ntok = 0, tcap = 0, r, k;
    int rc = JT_OK;
    if (t->header)
        rc = add_result_line(st, rec, t->keys[0]);
    for (r = t->header; r < t->total && rc == JT_OK; r++) {
        const char *s = t->keys[r];
        while (*s && rc == JT_OK) {
            size_t n = strcspn(s, " ");
            rc = jt_grow((void **)&tokens, &tcap, ntok + 1, sizeof *tokens, JT_LIMIT_ROWS);
            if (rc == JT_OK) {
                tokens[ntok] = jt_strndup(s, n);
                rc = tokens[ntok] ? JT_OK : JT_ENOMEM;
                ntok += rc == JT_OK;
            }
            s += n;
            while (*s == ' ')
                s++;
        }
    }
    if (rc == JT_OK && ntok > 1)
        qsort(tokens, ntok, sizeof *tokens, cmp_strings);
    for (k = 0; k < ntok && rc == JT_OK; k++)
        rc = add_result_line(st, rec, tokens[k]);
    for (k = 0; k < ntok; k++)
        free(tokens[k]);
    free(tokens);
    return rc;
}

/* The rows in t's order, columns aligned: each cell padded to its column's width and two
   spaces, trailing empty cells left out. */
static int add_aligned(state *st, const jt_case_record *rec, const rows *t) {
    size_t ncols = t->ncols, r, k, *width = jt_calloc(ncols + 1, sizeof *width);
    jt_strbuf row;
    int rc = width ? JT_OK : JT_ENOMEM;
    jt_strbuf_init(&row, JT_LIMIT_LINE);
    for (r = 0; width && r < t->total * ncols; r++)
        if (width_of(t->cells[r]) > width[r % ncols])
            width[r % ncols] = width_of(t->cells[r]);
    for (r = 0; r < t->total && rc == JT_OK; r++) {
        char *const *cells = &t->cells[t->order[r].index * ncols];
        size_t last = 0;
        jt_strbuf_dispose(&row);
        for (k = 0; k < ncols; k++)
            if (*cells[k])
                last = k;
        for (k = 0; k <= last && k < ncols && rc == JT_OK; k++) {
            size_t pad = k < last ? width[k] - width_of(cells[k]) + 2 : 0;
            rc = jt_strbuf_adds(&row, cells[k]);
            while (pad-- > 0 && rc == JT_OK)
                rc = jt_strbuf_add(&row, " ", 1);
        }
        if (rc == JT_OK)
            rc = add_result_line(st, rec, row.data ? row.data : "");
    }
    free(width);
    jt_strbuf_dispose(&row);
    return rc;
}

/* `----` and the rows of res: columns aligned; sorted for rowsort; one value a line,
   sorted, for valuesort. */
static int add_rows(state *st, const jt_case_record *rec, const jt_result *res) {
    rows t;
    int rc = jt_strbuf_adds(&st->out, "----\n");
    if (rc < 0)
        return rc;
    rc = rows_fill(&t, res, (st->proto[rec->line - 1] & MARK_COLNAMES) ? 1 : 0);
    if (rc == JT_OK && (rec->flags & JT_QUERY_VALUESORT)) {
        rc = add_values(st, rec, &t);
    } else if (rc == JT_OK) {
        if ((rec->flags & JT_QUERY_ROWSORT) && res->nrows > 1)
            qsort(t.order + t.header, res->nrows, sizeof *t.order, cmp_rowkeys);
        rc = add_aligned(st, rec, &t);
    }
    rows_dispose(&t);
    return rc;
}

/* The types of a successful query: as written when they fit, else the driver's. */
static int query_types(state *st, const jt_case_record *rec, const jt_result *res,
                       const char **out) {
    *out = NULL;
    if (res->ncols == 0)
        return fail(st, JT_EPARSE, rec->line,
                    "the query returns no columns: write it as a statement");
    if (rec->types && strlen(rec->types) == res->ncols) {
        *out = rec->types;
        return JT_OK;
    }
    if (res->types && strlen(res->types) == res->ncols) {
        *out = res->types;
        return JT_OK;
    }
    return fail(st, JT_EPARSE, rec->line,
                "the query returns %zu columns and the driver gives no types: write them",
                res->ncols);
}

/* The directive of a record that ran, from its result. */
static int add_directive(state *st, const jt_case_record *rec, const jt_result *res) {
    const char *types, *opts = "";
    size_t nopts = 0;
    int rc;
    if (rec->kind == JT_CASE_STATEMENT) {
        st->stats.statements++;
        if (res->failed)
            return add_error_directive(st, "statement", res);
        if (res->count >= 0)
            return jt_strbuf_addf(&st->out, "statement ok count %lld\n", (long long)res->count);
        return jt_strbuf_adds(&st->out, "statement ok\n");
    }
    st->stats.queries++;
    if (res->failed)
        return add_error_directive(st, "query", res);
    rc = query_types(st, rec, res, &types);
    if (rc < 0)
        return rc;
    if (rec->types)
        opts = query_options(&st->lines[rec->line - 1], &nopts);
    return jt_strbuf_addf(&st->out, "query %s%s%.*s\n", types, nopts ? " " : "", (int)nopts, opts);
}

/* The sink's ran: a statement or query record ran and gave res; it is written with its
   expectation (its directive, its SQL as it was, its rows). */
static int record_ran(void *ctx, const jt_case_record *rec, const jt_result *res, jt_error *err) {
    state *st = ctx;
    size_t dline = (size_t)rec->line - 1, nsql = 1, end;
    const char *s;
    int rc;
    JT_ASSERT(err == st->err);
    if (is_let_sql(rec)) { /* the runner bound it: nothing to write */
        st->stats.queries++;
        return JT_OK;
    }
    for (s = rec->sql; *s; s++)
        nsql += *s == '\n';
    end = dline + 1 + nsql + (rec->has_separator ? 1 + rec->nresults : 0);
    JT_ASSERT(end <= st->nlines);
    rc = copy_to(st, dline);
    if (rc == JT_OK)
        rc = add_directive(st, rec, res);
    st->cursor = dline + 1;
    if (rc == JT_OK)
        rc = copy_to(st, dline + 1 + nsql);
    if (rc == JT_OK && rec->kind == JT_CASE_QUERY && !res->failed)
        rc = add_rows(st, rec, res);
    st->cursor = end;
    if (rc == JT_ELIMIT)
        return fail(st, JT_ELIMIT, rec->line, "the completed file is larger than %u bytes",
                    JT_COMPLETE_LIMIT_FILE);
    return rc == JT_ENOMEM ? nomem(st->err) : rc;
}

/* The sink's not_run: a record that does not run passes through as it is, unless it is a
   prototype, which only running it can complete. */
static int record_not_run(void *ctx, const jt_case_record *rec, int halted, jt_error *err) {
    state *st = ctx;
    JT_ASSERT(err == st->err);
    if (!is_prototype(st, rec))
        return JT_OK;
    return fail(st, JT_EPARSE, rec->line,
                "%s: the record does not run on driver %s (%s), so it cannot be completed",
                rec->kind == JT_CASE_STATEMENT ? "statement" : jt_case_kind_name(rec), st->driver,
                halted ? "after halt" : "skipif/onlyif");
}

/* A message of the reader about a bare `statement` line names it as written. */
static void unrewrite(jt_error *err, const unsigned char *proto, size_t nlines) {
    static const char rewritten[] = "'statement ok'";
    char *at;
    if (err->line < 1 || (size_t)err->line > nlines ||
        !(proto[err->line - 1] & MARK_BARE_STATEMENT))
        return;
    at = strstr(err->message, rewritten);
    if (at)
        memmove(at + 10, at + 13, strlen(at + 13) + 1); /* drop " ok" */
}

/* What the reader parses: the lines of text, prototypes made readable line for line (see
   reader_line), parsed into *cf; st gets the lines and their marks. */
static int read_prototype(jt_case_file **cf, state *st, unsigned char **proto, const char *text,
                          size_t len) {
    jt_strbuf parsed;
    size_t i;
    int rc;
    if (len > JT_COMPLETE_LIMIT_FILE)
        return jt_error_set(st->err, JT_ELIMIT, 0, "%s: larger than %u bytes", st->path,
                            JT_COMPLETE_LIMIT_FILE);
    rc = split_lines(&st->lines, &st->nlines, text, len);
    if (rc < 0)
        return rc == JT_ELIMIT ? jt_error_set(st->err, rc, 0, "%s: too many lines", st->path)
                               : nomem(st->err);
    *proto = jt_calloc(st->nlines + 1, 1);
    if (!*proto)
        return nomem(st->err);
    st->proto = *proto;
    jt_strbuf_init(&parsed, 2u * JT_COMPLETE_LIMIT_FILE);
    for (i = 0; i < st->nlines && rc == JT_OK; i++)
        rc = reader_line(&parsed, &(*proto)[i], &st->lines[i]);
    if (rc < 0)
        rc = nomem(st->err);
    else if ((rc = jt_case_parse(cf, st->path, parsed.data ? parsed.data : "", parsed.len,
                                 st->err)) < 0)
        unrewrite(st->err, *proto, st->nlines);
    jt_strbuf_dispose(&parsed);
    return rc;
}

int jt_completer_text(char **out, size_t *outlen, jt_complete_stats *stats, jt_completer *c,
                      const char *path, const char *text, size_t len, jt_error *err) {
    jt_runner_sink sink;
    jt_case_file *cf = NULL;
    unsigned char *proto = NULL;
    state st;
    int rc;
    *out = NULL;
    *outlen = 0;
    if (stats)
        memset(stats, 0, sizeof *stats);
    memset(&st, 0, sizeof st);
    jt_strbuf_init(&st.out, JT_COMPLETE_LIMIT_FILE);
    st.path = path;
    st.err = err;
    st.driver = c->driver;
    sink.ran = record_ran;
    sink.not_run = record_not_run;
    sink.ctx = &st;
    rc = read_prototype(&cf, &st, &proto, text, len);
    if (rc == JT_OK)
        rc = jt_runner_complete_case(c->runner, cf, &sink, err); /* takes cf */
    if (rc == JT_OK && (rc = copy_to(&st, st.nlines)) == JT_ELIMIT)
        rc = fail(&st, JT_ELIMIT, (int)st.nlines, "the completed file is larger than %u bytes",
                  JT_COMPLETE_LIMIT_FILE);
    else if (rc == JT_ENOMEM)
        rc = nomem(err);
    if (rc == JT_OK) {
        *outlen = st.out.len;
        *out = jt_strbuf_take(&st.out);
        rc = *out ? JT_OK : nomem(err);
    }
    if (rc == JT_OK && stats)
        *stats = st.stats;
    free(st.lines);
    free(proto);
    jt_strbuf_dispose(&st.out);
    return rc;
}

/* ---- files --------------------------------------------------------------------------- */

static int read_all(char **out, size_t *outlen, const char *path, jt_error *err) {
    FILE *fp = fopen(path, "rb");
    jt_strbuf sb;
    char chunk[65536];
    size_t n;
    int rc = JT_OK;
    *out = NULL;
    *outlen = 0;
    if (!fp)
        return jt_error_set(err, JT_EIO, 0, "%s: cannot open: %s", path, strerror(errno));
    jt_strbuf_init(&sb, JT_COMPLETE_LIMIT_FILE);
    while (rc == JT_OK && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        rc = jt_strbuf_add(&sb, chunk, n);
    if (rc == JT_OK && ferror(fp))
        rc = jt_error_set(err, JT_EIO, 0, "%s: cannot read: %s", path, strerror(errno));
    else if (rc == JT_ELIMIT)
        rc = jt_error_set(err, rc, 0, "%s: larger than %u bytes", path, JT_COMPLETE_LIMIT_FILE);
    else if (rc < 0)
        rc = nomem(err);
    fclose(fp);
    if (rc == JT_OK) {
        *outlen = sb.len;
        *out = jt_strbuf_take(&sb);
        if (!*out)
            rc = nomem(err);
    }
    jt_strbuf_dispose(&sb);
    return rc;
}

int jt_completer_file(jt_complete_stats *stats, jt_completer *c, const char *in_path,
                      const char *out_path, jt_error *err) {
    char *text = NULL, *done = NULL;
    size_t len = 0, donelen = 0;
    int rc = read_all(&text, &len, in_path, err);
    if (rc == JT_OK)
        rc = jt_completer_text(&done, &donelen, stats, c, in_path, text, len, err);
    if (rc == JT_OK)
        rc = jt_atomic_write(out_path, done, donelen, err);
    free(text);
    free(done);
    return rc;
}
