/* Completion: expected results of case files filled in from a driver (sim/run/complete.h). */
#include "sim/run/complete.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/cases/case.h"
#include "sim/cases/check.h"
#include "sim/drivers/session.h"
#include "sim/text/strbuf.h"

#define DEFAULT_USER "root"
#define SYNTAX_ERROR "42601"

struct jt_completer {
    jt_complete_config cfg;
    const char *profile;
    jt_session *session; /* cfg.session, the completer's */
};

/* One line of the input: its bytes without the '\n'. */
typedef struct text_line {
    const char *s;
    size_t len;
} text_line;

/* A variable of `let`. */
typedef struct var {
    char *name;
    char *value;
} var;

/* One file while it is completed. */
typedef struct state {
    jt_completer *c;
    const char *path;
    const jt_case_file *cf;
    text_line *lines;
    size_t nlines;
    const unsigned char *proto; /* per line: MARK_... */
    jt_strbuf out;
    size_t cursor; /* the first input line not yet written */
    const char *user;
    var *vars;
    size_t nvars, vcap;
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
    jt_completer *c;
    *out = NULL;
    JT_ASSERT(cfg->session != NULL);
    c = jt_calloc(1, sizeof *c);
    if (!c) {
        jt_session_close(cfg->session);
        return nomem(err);
    }
    c->cfg = *cfg;
    c->session = cfg->session;
    c->profile = cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT;
    *out = c;
    return JT_OK;
}

void jt_completer_free(jt_completer *c) {
    if (!c)
        return;
    jt_session_close(c->session);
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

/* Whether rec's skipif/onlyif let it run on this driver and profile (as the runner). */
static int allowed(const jt_completer *c, const jt_case_record *rec) {
    size_t i, t;
    for (i = 0; i < rec->nconds; i++) {
        const jt_case_cond *cond = &rec->conds[i];
        int match = 0;
        for (t = 0; t < cond->ntags && !match; t++)
            match = strcmp(cond->tags[t], jt_session_name(c->session)) == 0 ||
                    strcmp(cond->tags[t], c->profile) == 0;
        if (match == cond->skip)
            return 0;
    }
    return 1;
}

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

static var *find_var(state *st, const char *name, size_t n) {
    size_t i;
    for (i = 0; i < st->nvars; i++)
        if (strlen(st->vars[i].name) == n && strncmp(st->vars[i].name, name, n) == 0)
            return &st->vars[i];
    return NULL;
}

static int set_var(state *st, const char *name, const char *value) {
    var *v = find_var(st, name, strlen(name));
    char *copy = jt_strdup(value);
    int rc;
    if (!copy)
        return JT_ENOMEM;
    if (!v) {
        rc = jt_grow((void **)&st->vars, &st->vcap, st->nvars + 1, sizeof *st->vars,
                     JT_LIMIT_RECORDS);
        if (rc < 0) {
            free(copy);
            return rc;
        }
        v = &st->vars[st->nvars];
        v->name = jt_strdup(name);
        v->value = NULL;
        if (!v->name) {
            free(copy);
            return JT_ENOMEM;
        }
        st->nvars++;
    }
    free(v->value);
    v->value = copy;
    return JT_OK;
}

static int is_name_start(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static int is_name_char(char ch) {
    return is_name_start(ch) || (ch >= '0' && ch <= '9');
}

/* sql with each $name of a bound variable replaced by its value (others stay: $1 …). */
static int substitute(char **out, state *st, const char *sql) {
    jt_strbuf sb;
    const char *s = sql;
    int rc = JT_OK;
    *out = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    while (*s && rc == JT_OK) {
        const char *dollar = st->nvars ? strchr(s, '$') : NULL;
        size_t n = 0;
        var *v;
        if (!dollar) {
            rc = jt_strbuf_adds(&sb, s);
            break;
        }
        rc = jt_strbuf_add(&sb, s, (size_t)(dollar - s));
        s = dollar + 1;
        if (is_name_start(*s))
            while (is_name_char(s[n]))
                n++;
        v = n ? find_var(st, s, n) : NULL;
        if (rc == JT_OK)
            rc = v ? jt_strbuf_adds(&sb, v->value) : jt_strbuf_add(&sb, "$", 1);
        if (v)
            s += n;
    }
    if (rc == JT_OK)
        *out = jt_strbuf_take(&sb);
    if (rc == JT_OK && !*out)
        rc = JT_ENOMEM;
    jt_strbuf_dispose(&sb);
    return rc;
}

/* Runs rec's SQL; res is filled (free it with the driver's free_result) unless it fails. */
static int run_sql(state *st, const jt_case_record *rec, jt_result *res) {
    jt_session *s = st->c->session;
    char *sql = NULL;
    jt_error derr;
    int rc;
    memset(res, 0, sizeof *res);
    memset(&derr, 0, sizeof derr);
    rc = substitute(&sql, st, rec->sql);
    if (rc == JT_ELIMIT)
        return fail(st, JT_EPARSE, rec->line, "SQL longer than %d bytes after $name substitution",
                    JT_LIMIT_SQL);
    if (rc < 0)
        return nomem(st->err);
    if ((rec->flags & JT_QUERY_RETRY) && jt_session_has_advance(s)) {
        /* `retry`: the result once the jobs have moved on as far as they go on their own */
        int64_t moved = 1, steps;
        for (steps = 0; moved > 0 && steps < JT_LIMIT_PROGRESS; steps++) {
            rc = jt_session_advance(s, &moved, &derr);
            if (rc == JT_ENOTSUP)
                break;
            if (rc < 0) {
                free(sql);
                return rc == JT_ENOMEM
                           ? nomem(st->err)
                           : fail(st, JT_EDRIVER, rec->line, "driver failure: %s", derr.message);
            }
        }
    }
    rc = jt_session_exec(s, st->user, sql, res, &derr);
    free(sql);
    if (rc == JT_ENOMEM)
        return nomem(st->err);
    if (rc < 0)
        return fail(st, JT_EDRIVER, rec->line, "driver failure: %s", derr.message);
    if (rec->expect != JT_EXPECT_ERROR && res->failed) {
        /* as the runner: not a result to record, but SQL the model does not take */
        const char *kind = NULL;
        char msg[JT_MESSAGE_MAX];
        if (strcmp(res->sqlstate, SYNTAX_ERROR) == 0 && res->position > 0)
            kind = "SQL outside the subset";
        else if (strncmp(res->sqlstate, "54", 2) == 0) /* program_limit_exceeded */
            kind = "SQL beyond the model's limits";
        if (kind) {
            snprintf(msg, sizeof msg, "%s", res->message ? res->message : "");
            msg[strcspn(msg, "\r\n")] = '\0';
            jt_session_free_result(s, res);
            return fail(st, JT_EPARSE, rec->line, "%s: %s", kind, msg);
        }
    }
    return JT_OK;
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

/* `----` and the rows of res: columns aligned; sorted for rowsort; one value a line,
   sorted, for valuesort. */
static int add_rows(state *st, const jt_case_record *rec, const jt_result *res) {
    size_t ncols = res->ncols, nrows = res->nrows, header = 0, total, r, k;
    char **cells = NULL, **keys = NULL;
    size_t *width = NULL;
    rowkey *order = NULL;
    jt_strbuf row;
    int rc;
    jt_strbuf_init(&row, JT_LIMIT_LINE);
    rc = jt_strbuf_adds(&st->out, "----\n");
    if (rc < 0)
        return rc;
    if (st->proto[rec->line - 1] & MARK_COLNAMES)
        header = 1;
    total = nrows + header;
    if (ncols > 0 && total > SIZE_MAX / ncols / sizeof *cells)
        return JT_ELIMIT;
    cells = jt_calloc(total * ncols + 1, sizeof *cells);
    keys = jt_calloc(total + 1, sizeof *keys);
    width = jt_calloc(ncols + 1, sizeof *width);
    order = jt_calloc(total + 1, sizeof *order);
    if (!cells || !keys || !width || !order) {
        rc = JT_ENOMEM;
        goto out;
    }
    /* cells[r][c]: the value's tokens joined by one space; row 0 the names with colnames */
    for (r = 0; r < total; r++) {
        for (k = 0; k < ncols; k++) {
            const char *v;
            if (header && r == 0)
                v = res->columns ? res->columns[k] : NULL;
            else
                v = res->values ? res->values[(r - header) * ncols + k] : NULL;
            cells[r * ncols + k] = normalize(jt_check_render(v));
            if (!cells[r * ncols + k]) {
                rc = JT_ENOMEM;
                goto out;
            }
        }
        /* keys[r]: the row as the checker renders it */
        jt_strbuf_dispose(&row);
        for (k = 0; k < ncols && rc == JT_OK; k++) {
            const char *cell = cells[r * ncols + k];
            if (*cell && row.len > 0)
                rc = jt_strbuf_add(&row, " ", 1);
            if (rc == JT_OK)
                rc = jt_strbuf_adds(&row, cell);
        }
        if (rc < 0)
            goto out;
        keys[r] = jt_strbuf_take(&row);
        if (!keys[r]) {
            rc = JT_ENOMEM;
            goto out;
        }
        order[r].key = keys[r];
        order[r].index = r;
    }
    if (rec->flags & JT_QUERY_VALUESORT) {
        /* the names as one line, then every value's tokens one a line, sorted */
        char **tokens = NULL;
        size_t ntok = 0, tcap = 0;
        if (header)
            rc = add_result_line(st, rec, keys[0]);
        for (r = header; r < total && rc == JT_OK; r++) {
            const char *s = keys[r];
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
        goto out;
    }
    if ((rec->flags & JT_QUERY_ROWSORT) && nrows > 1)
        qsort(order + header, nrows, sizeof *order, cmp_rowkeys);
    for (r = 0; r < total; r++)
        for (k = 0; k < ncols; k++) {
            size_t w = width_of(cells[r * ncols + k]);
            if (w > width[k])
                width[k] = w;
        }
    for (r = 0; r < total && rc == JT_OK; r++) {
        size_t src = order[r].index, last = 0;
        jt_strbuf_dispose(&row);
        for (k = 0; k < ncols; k++)
            if (*cells[src * ncols + k])
                last = k;
        for (k = 0; k <= last && k < ncols && rc == JT_OK; k++) {
            const char *cell = cells[src * ncols + k];
            rc = jt_strbuf_adds(&row, cell);
            if (k < last) {
                size_t pad = width[k] - width_of(cell) + 2;
                while (pad-- > 0 && rc == JT_OK)
                    rc = jt_strbuf_add(&row, " ", 1);
            }
        }
        if (rc == JT_OK)
            rc = add_result_line(st, rec, row.data ? row.data : "");
    }
out:
    if (cells)
        for (k = 0; k < total * ncols; k++)
            free(cells[k]);
    if (keys)
        for (k = 0; k < total; k++)
            free(keys[k]);
    free(cells);
    free(keys);
    free(width);
    free(order);
    jt_strbuf_dispose(&row);
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

/* Checks and binds the value of a let (exactly one). */
static int bind_let(state *st, const jt_case_record *rec, const jt_result *res) {
    const char *value;
    if (res->failed)
        return fail(st, JT_EPARSE, rec->line, "let $%s: the query failed: %s", rec->let,
                    res->message ? res->message : "");
    if (res->nrows != 1 || res->ncols != 1)
        return fail(st, JT_EPARSE, rec->line,
                    "let $%s: expected one value, got %zu rows of %zu columns", rec->let,
                    res->nrows, res->ncols);
    value = jt_check_render(res->values ? res->values[0] : NULL);
    return set_var(st, rec->let, value) < 0 ? nomem(st->err) : JT_OK;
}

/* Runs a statement or query record and writes it with its expectation. */
static int complete_record(state *st, const jt_case_record *rec) {
    size_t dline = (size_t)rec->line - 1, nsql = 1, end;
    const char *s;
    jt_result res;
    int rc, is_query = rec->kind == JT_CASE_QUERY;
    rc = run_sql(st, rec, &res);
    if (rc < 0)
        return rc;
    if (is_let_sql(rec)) {
        rc = bind_let(st, rec, &res);
        st->stats.queries++;
        goto out;
    }
    for (s = rec->sql; *s; s++)
        nsql += *s == '\n';
    end = dline + 1 + nsql + (rec->has_separator ? 1 + rec->nresults : 0);
    JT_ASSERT(end <= st->nlines);
    rc = copy_to(st, dline);
    if (rc < 0)
        goto out;
    if (!is_query) {
        st->stats.statements++;
        if (res.failed)
            rc = add_error_directive(st, "statement", &res);
        else if (res.count >= 0)
            rc = jt_strbuf_addf(&st->out, "statement ok count %lld\n", (long long)res.count);
        else
            rc = jt_strbuf_adds(&st->out, "statement ok\n");
    } else {
        st->stats.queries++;
        if (rec->let) {
            rc = bind_let(st, rec, &res);
            if (rc < 0)
                goto out;
        }
        if (res.failed) {
            rc = add_error_directive(st, "query", &res);
        } else {
            const char *types, *opts = "";
            size_t nopts = 0;
            rc = query_types(st, rec, &res, &types);
            if (rc < 0)
                goto out;
            if (rec->types)
                opts = query_options(&st->lines[dline], &nopts);
            rc = jt_strbuf_addf(&st->out, "query %s%s%.*s\n", types, nopts ? " " : "", (int)nopts,
                                opts);
        }
    }
    st->cursor = dline + 1;
    if (rc == JT_OK)
        rc = copy_to(st, dline + 1 + nsql);
    if (rc == JT_OK && is_query && !res.failed)
        rc = add_rows(st, rec, &res);
    st->cursor = end;
out:
    jt_session_free_result(st->c->session, &res);
    if (rc == JT_ELIMIT)
        return fail(st, JT_ELIMIT, rec->line, "the completed file is larger than %u bytes",
                    JT_COMPLETE_LIMIT_FILE);
    return rc == JT_ENOMEM ? nomem(st->err) : rc;
}

static int run_fixture(state *st, const jt_case_record *rec) {
    jt_error derr;
    int rc;
    memset(&derr, 0, sizeof derr);
    rc = jt_session_fixture(st->c->session, &rec->fixture, &derr);
    if (rc == JT_ENOMEM)
        return nomem(st->err);
    if (rc < 0)
        return fail(st, JT_EPARSE, rec->line, "fixture: %s", derr.message);
    return JT_OK;
}

static int complete_records(state *st) {
    const jt_case_file *cf = st->cf;
    int rc = JT_OK, halted = 0;
    size_t i;
    for (i = 0; i < cf->nrecords && rc == JT_OK; i++) {
        const jt_case_record *rec = &cf->records[i];
        int counted = jt_case_counted(rec);
        if (halted || !allowed(st->c, rec)) {
            if (counted && is_prototype(st, rec))
                rc = fail(st, JT_EPARSE, rec->line,
                          "%s: the record does not run on driver %s (%s), so it cannot be "
                          "completed",
                          rec->kind == JT_CASE_STATEMENT ? "statement" : jt_case_kind_name(rec),
                          jt_session_name(st->c->session), halted ? "after halt" : "skipif/onlyif");
            continue;
        }
        switch (rec->kind) {
        case JT_CASE_HALT:
            halted = 1;
            break;
        case JT_CASE_USER:
            st->user = rec->arg;
            break;
        case JT_CASE_FIXTURE:
            rc = run_fixture(st, rec);
            break;
        default:
            if (counted)
                rc = complete_record(st, rec);
            break;
        }
    }
    if (rc == JT_OK) {
        rc = copy_to(st, st->nlines);
        if (rc == JT_ELIMIT)
            rc = fail(st, JT_ELIMIT, (int)st->nlines, "the completed file is larger than %u bytes",
                      JT_COMPLETE_LIMIT_FILE);
    }
    return rc == JT_ENOMEM ? nomem(st->err) : rc;
}

/* What the driver lacks for this file, or NULL. */
static const char *lacking(const jt_completer *c, const jt_case_file *cf) {
    unsigned caps = jt_session_caps(c->session);
    size_t i;
    for (i = 0; i < cf->nrecords; i++) {
        const jt_case_record *rec = &cf->records[i];
        if (rec->kind == JT_CASE_FIXTURE && !(caps & JT_CAP_FIXTURES))
            return "fixtures";
        if (rec->kind == JT_CASE_USER && strcmp(rec->arg, DEFAULT_USER) != 0 &&
            !(caps & JT_CAP_USERS))
            return "users";
    }
    return NULL;
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

int jt_completer_text(char **out, size_t *outlen, jt_complete_stats *stats, jt_completer *c,
                      const char *path, const char *text, size_t len, jt_error *err) {
    state st;
    jt_case_file *cf = NULL;
    jt_strbuf parsed;
    jt_error derr;
    unsigned char *proto = NULL;
    const char *lack;
    size_t i;
    int rc;
    *out = NULL;
    *outlen = 0;
    if (stats)
        memset(stats, 0, sizeof *stats);
    memset(&st, 0, sizeof st);
    memset(&derr, 0, sizeof derr);
    jt_strbuf_init(&parsed, 2u * JT_COMPLETE_LIMIT_FILE);
    jt_strbuf_init(&st.out, JT_COMPLETE_LIMIT_FILE);
    st.c = c;
    st.path = path;
    st.err = err;
    st.user = DEFAULT_USER;
    if (len > JT_COMPLETE_LIMIT_FILE) {
        rc = jt_error_set(err, JT_ELIMIT, 0, "%s: larger than %u bytes", path,
                          JT_COMPLETE_LIMIT_FILE);
        goto out;
    }
    rc = split_lines(&st.lines, &st.nlines, text, len);
    if (rc < 0) {
        rc = rc == JT_ELIMIT ? jt_error_set(err, rc, 0, "%s: too many lines", path) : nomem(err);
        goto out;
    }
    /* What the reader parses: the same lines, prototypes made readable (see reader_line). */
    proto = jt_calloc(st.nlines + 1, 1);
    if (!proto) {
        rc = nomem(err);
        goto out;
    }
    st.proto = proto;
    for (i = 0; i < st.nlines && rc == JT_OK; i++)
        rc = reader_line(&parsed, &proto[i], &st.lines[i]);
    if (rc < 0) {
        rc = nomem(err);
        goto out;
    }
    rc = jt_case_parse(&cf, path, parsed.data ? parsed.data : "", parsed.len, err);
    if (rc < 0) {
        unrewrite(err, proto, st.nlines);
        goto out;
    }
    st.cf = cf;
    lack = lacking(c, cf);
    if (cf->nprofiles) {
        const struct jt_profile *p = jt_profile_find(c->profile);
        size_t k;
        for (k = 0; k < cf->nprofiles && !(p && jt_profile_accepts(p, cf->profiles[k])); k++)
            ;
        if (k == cf->nprofiles) {
            rc = jt_error_set(err, JT_EINVAL, 0,
                              "%s:%d: written for profile %s: complete it with --profile %s", path,
                              cf->profile_line, cf->profiles[0], cf->profiles[0]);
            goto out;
        }
    }
    if (lack) {
        rc = jt_error_set(err, JT_ENOTSUP, 0, "%s: driver %s lacks %s: cannot complete it", path,
                          jt_session_name(c->session), lack);
        goto out;
    }
    rc = jt_session_restart(c->session, &derr);
    if (rc < 0) {
        rc = jt_error_set(err, JT_EDRIVER, 0, "%s: the driver could not start over: %s", path,
                          derr.message);
        goto out;
    }
    rc = complete_records(&st);
    if (rc < 0)
        goto out;
    *outlen = st.out.len;
    *out = jt_strbuf_take(&st.out);
    if (!*out) {
        rc = nomem(err);
        goto out;
    }
    if (stats)
        *stats = st.stats;
out:
    for (i = 0; i < st.nvars; i++) {
        free(st.vars[i].name);
        free(st.vars[i].value);
    }
    free(st.vars);
    free(st.lines);
    free(proto);
    jt_case_free(cf);
    jt_strbuf_dispose(&parsed);
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

/* Writes len bytes to path through a temporary file of its folder and a rename. */
static int write_atomic(const char *path, const char *data, size_t len, jt_error *err) {
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    jt_strbuf tmp;
    int fd = -1, rc;
    jt_strbuf_init(&tmp, 8192);
    rc = jt_strbuf_add(&tmp, path, dirlen);
    if (rc == JT_OK)
        rc = jt_strbuf_addf(&tmp, ".%s.tmp.XXXXXX", slash ? slash + 1 : path);
    if (rc < 0) {
        rc = rc == JT_ELIMIT ? jt_error_set(err, rc, 0, "%s: path too long", path) : nomem(err);
        goto out;
    }
    fd = mkstemp(tmp.data);
    if (fd < 0) {
        rc = jt_error_set(err, JT_EIO, 0, "%s: cannot create a temporary file: %s", path,
                          strerror(errno));
        goto out;
    }
    if (fchmod(fd, 0644) != 0) {
        rc = jt_error_set(err, JT_EIO, 0, "%s: cannot set its mode: %s", tmp.data, strerror(errno));
        goto out;
    }
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = jt_error_set(err, JT_EIO, 0, "%s: cannot write: %s", tmp.data,
                              w < 0 ? strerror(errno) : "nothing written");
            goto out;
        }
        data += w;
        len -= (size_t)w;
    }
    rc = fsync(fd);
    if (close(fd) != 0)
        rc = -1;
    fd = -1;
    if (rc != 0) {
        rc = jt_error_set(err, JT_EIO, 0, "%s: cannot write: %s", tmp.data, strerror(errno));
        goto out;
    }
    if (rename(tmp.data, path) != 0) {
        rc = jt_error_set(err, JT_EIO, 0, "%s: cannot rename %s over it: %s", path, tmp.data,
                          strerror(errno));
        goto out;
    }
    jt_strbuf_dispose(&tmp); /* renamed: nothing to remove */
out:
    if (fd >= 0)
        close(fd);
    if (tmp.data)
        unlink(tmp.data);
    jt_strbuf_dispose(&tmp);
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
        rc = write_atomic(out_path, done, donelen, err);
    free(text);
    free(done);
    return rc;
}
