/* jobtck doc, reading: a documentation page through libcmark into statements, the output shown
   after them and the claims of its prose; then the world the page implies. */
#include "sim/doc/doc.h"

#include <cmark.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_internal.h"
#include "sim/text/strbuf.h"

/* ---- small helpers ------------------------------------------------------------------------- */

static int is_space(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static const char *skip_space(const char *s) {
    while (is_space((unsigned char)*s))
        s++;
    return s;
}

/* Case-insensitive: does s start with the word w (followed by a non-name character)? */
static int starts_word(const char *s, const char *w) {
    size_t n = strlen(w), i;
    for (i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)w[i]))
            return 0;
    return !((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
             (s[n] >= '0' && s[n] <= '9') || s[n] == '_');
}

int jt_doc_starts_word(const char *s, const char *w) {
    return starts_word(s, w);
}

/* Case-insensitive substring search. */
static const char *find_ci(const char *s, const char *w) {
    size_t n = strlen(w), i;
    for (; *s; s++) {
        for (i = 0; i < n; i++)
            if (lower((unsigned char)s[i]) != lower((unsigned char)w[i]))
                break;
        if (i == n)
            return s;
    }
    return NULL;
}

/* A copy of s[0..n) without leading and trailing white space. */
static char *dup_trim(const char *s, size_t n) {
    while (n && is_space((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    return jt_strndup(s, n);
}

static int is_ellipsis(const char *s) {
    return strcmp(s, "...") == 0 || strcmp(s, "\xe2\x80\xa6") == 0;
}

static int parse_id(int64_t *out, const char *s) {
    int64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (v > (INT64_MAX - (*s - '0')) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    if (v < 1)
        return -1;
    *out = v;
    return 0;
}

/* ---- the page ------------------------------------------------------------------------------ */

static void table_dispose(jt_doc_table *t) {
    size_t i;
    for (i = 0; i < t->ncols; i++)
        free(t->columns[i]);
    free(t->columns);
    for (i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->row_lines);
    memset(t, 0, sizeof *t);
}

void jt_doc_free(jt_doc_page *page) {
    size_t i;
    if (!page)
        return;
    for (i = 0; i < page->nstmts; i++) {
        free(page->stmts[i].sql);
        free(page->stmts[i].out_text);
        table_dispose(&page->stmts[i].table);
    }
    free(page->stmts);
    for (i = 0; i < page->nclaims; i++) {
        free(page->claims[i].text);
        free(page->claims[i].user);
    }
    free(page->claims);
    for (i = 0; i < page->nissues; i++)
        free(page->issues[i].message);
    free(page->issues);
    free(page->path);
    free(page);
}

typedef struct reader {
    jt_doc_page *page;
    const char *src; /* what cmark reads: the page with its front matter blanked */
    size_t len;
    size_t *line_off; /* offset of each line's start; line n at line_off[n - 1] */
    size_t nlines;
    regex_t claim_re[3];
    int nclaim_re;
    jt_error *err;
} reader;

__attribute__((format(printf, 4, 5))) static int fail(reader *rd, int code, int line,
                                                      const char *fmt, ...) {
    char text[JT_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (line > 0)
        return jt_error_set(rd->err, code, line, "%s:%d: %s", rd->page->path, line, text);
    return jt_error_set(rd->err, code, 0, "%s: %s", rd->page->path, text);
}

static int nomem(reader *rd) {
    return jt_error_set(rd->err, JT_ENOMEM, 0, "out of memory");
}

__attribute__((format(printf, 4, 5))) static int issue(reader *rd, int line, int finding,
                                                       const char *fmt, ...) {
    jt_doc_page *p = rd->page;
    char text[JT_MESSAGE_MAX * 2];
    va_list ap;
    int rc;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    rc = jt_grow((void **)&p->issues, &p->issues_cap, p->nissues + 1, sizeof *p->issues,
                 JT_LIMIT_RECORDS);
    if (rc == JT_ELIMIT)
        return fail(rd, rc, line, "more than %d problems on one page", JT_LIMIT_RECORDS);
    if (rc < 0)
        return nomem(rd);
    {
        jt_strbuf sb;
        jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
        if (jt_strbuf_addf(&sb, "%s:%d: %s", p->path, line, text) < 0) {
            jt_strbuf_dispose(&sb);
            return nomem(rd);
        }
        p->issues[p->nissues].message = jt_strbuf_take(&sb);
    }
    if (!p->issues[p->nissues].message)
        return nomem(rd);
    p->issues[p->nissues].line = line;
    p->issues[p->nissues].finding = finding;
    p->nissues++;
    return JT_OK;
}

/* ---- front matter -------------------------------------------------------------------------- */

/* Whether the line at s (up to '\n' or end) is exactly mark, trailing white space allowed. */
static int line_is(const char *s, const char *end, const char *mark) {
    size_t n = strlen(mark);
    if ((size_t)(end - s) < n || memcmp(s, mark, n) != 0)
        return 0;
    for (s += n; s < end && *s != '\n'; s++)
        if (!is_space((unsigned char)*s))
            return 0;
    return 1;
}

/* *out: the text with the lines of its front matter (`---` … `---` or `...` from line 1)
   emptied, their newlines kept, so that cmark's lines are the file's. */
static int blank_front_matter(reader *rd, char **out, const char *text, size_t len) {
    const char *end = text + len, *s, *nl;
    char *copy;
    size_t k = 0;
    int line = 1;
    *out = NULL;
    if (!line_is(text, end, "---")) {
        copy = jt_malloc(len + 1);
        if (!copy)
            return nomem(rd);
        memcpy(copy, text, len);
        copy[len] = '\0';
        *out = copy;
        return JT_OK;
    }
    s = memchr(text, '\n', len);
    while (s) {
        s++;
        line++;
        if (line_is(s, end, "---") || line_is(s, end, "..."))
            break;
        s = memchr(s, '\n', (size_t)(end - s));
    }
    if (!s)
        return fail(rd, JT_EPARSE, 1,
                    "front matter opened here is never closed (expected a '---' line)");
    nl = memchr(s, '\n', (size_t)(end - s));
    nl = nl ? nl + 1 : end;
    copy = jt_malloc(len + 1);
    if (!copy)
        return nomem(rd);
    for (s = text; s < nl; s++)
        if (*s == '\n')
            copy[k++] = '\n';
    memcpy(copy + k, nl, (size_t)(end - nl));
    k += (size_t)(end - nl);
    copy[k] = '\0';
    *out = copy;
    rd->len = k;
    return JT_OK;
}

static int index_lines(reader *rd) {
    size_t i, n = 1;
    for (i = 0; i < rd->len; i++)
        if (rd->src[i] == '\n')
            n++;
    rd->line_off = jt_calloc(n, sizeof *rd->line_off);
    if (!rd->line_off)
        return nomem(rd);
    rd->nlines = 1;
    for (i = 0; i < rd->len; i++)
        if (rd->src[i] == '\n')
            rd->line_off[rd->nlines++] = i + 1;
    return JT_OK;
}

/* The source line (1-based) without its newline. */
static const char *source_line(const reader *rd, int line, size_t *n_out) {
    const char *s, *nl;
    if (line < 1 || (size_t)line > rd->nlines) {
        *n_out = 0;
        return "";
    }
    s = rd->src + rd->line_off[line - 1];
    nl = memchr(s, '\n', (size_t)(rd->src + rd->len - s));
    *n_out = nl ? (size_t)(nl - s) : (size_t)(rd->src + rd->len - s);
    return s;
}

/* Whether the code block starting at line is fenced (its content starts a line later). */
static int fenced(const reader *rd, int line) {
    size_t n, i;
    const char *s = source_line(rd, line, &n);
    for (i = 0; i + 3 <= n; i++)
        if (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0)
            return 1;
    return 0;
}

/* ---- lines of a block ---------------------------------------------------------------------- */

typedef struct span {
    const char *s;
    size_t n;
} span;

/* Splits text into lines (without '\n'; a final newline does not start a line). */
static int split_lines(span **out, size_t *nout, const char *text) {
    size_t n = 0, cap = 0;
    span *v = NULL;
    const char *s = text;
    int rc;
    *out = NULL;
    *nout = 0;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        rc = jt_grow((void **)&v, &cap, n + 1, sizeof *v, JT_LIMIT_RECORDS);
        if (rc < 0) {
            free(v);
            return rc;
        }
        v[n].s = s;
        v[n].n = len;
        n++;
        s += len;
        if (*s == '\n')
            s++;
    }
    *out = v;
    *nout = n;
    return JT_OK;
}

/* ---- statements of a `~~~ sql` block ------------------------------------------------------ */

typedef struct splitter {
    reader *rd;
    int block_line;
    jt_strbuf sb;
    int open; /* a statement has begun */
    int line; /* its first line */
    char quote;
} splitter;

static int push_stmt(splitter *sp) {
    jt_doc_page *p = sp->rd->page;
    jt_doc_stmt *st;
    char *sql;
    int rc;
    sql = dup_trim(sp->sb.data ? sp->sb.data : "", sp->sb.len);
    jt_strbuf_dispose(&sp->sb);
    sp->open = 0;
    sp->quote = 0;
    if (!sql)
        return nomem(sp->rd);
    if (!*sql) {
        free(sql);
        return JT_OK;
    }
    rc = jt_grow((void **)&p->stmts, &p->stmts_cap, p->nstmts + 1, sizeof *p->stmts,
                 JT_LIMIT_RECORDS);
    if (rc < 0) {
        free(sql);
        return rc == JT_ELIMIT ? fail(sp->rd, rc, sp->line, "more than %d statements on a page",
                                      JT_LIMIT_RECORDS)
                               : nomem(sp->rd);
    }
    st = &p->stmts[p->nstmts++];
    memset(st, 0, sizeof *st);
    st->line = sp->line;
    st->block_line = sp->block_line;
    st->sql = sql;
    st->table.row_count = -1;
    return JT_OK;
}

static int add_char(splitter *sp, char c) {
    int rc = jt_strbuf_add(&sp->sb, &c, 1);
    if (rc == JT_ELIMIT)
        return fail(sp->rd, rc, sp->line, "statement longer than %d bytes", JT_LIMIT_SQL);
    return rc < 0 ? nomem(sp->rd) : JT_OK;
}

/* Feeds the rest of one line; `;` outside quotes ends a statement, `--` starts a comment. */
static int feed(splitter *sp, const char *s, size_t n, int line) {
    size_t i;
    int rc;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!sp->open) {
            if (is_space((unsigned char)c))
                continue;
            if (c == '-' && i + 1 < n && s[i + 1] == '-')
                return JT_OK;
            sp->open = 1;
            sp->line = line;
        }
        if (sp->quote) {
            if ((rc = add_char(sp, c)) < 0)
                return rc;
            if (c == sp->quote) {
                if (i + 1 < n && s[i + 1] == sp->quote) {
                    if ((rc = add_char(sp, c)) < 0)
                        return rc;
                    i++;
                } else {
                    sp->quote = 0;
                }
            }
            continue;
        }
        if (c == '-' && i + 1 < n && s[i + 1] == '-')
            return JT_OK;
        if ((rc = add_char(sp, c)) < 0)
            return rc;
        if (c == '\'' || c == '"')
            sp->quote = c;
        else if (c == ';' && (rc = push_stmt(sp)) < 0)
            return rc;
    }
    return JT_OK;
}

/* The statements of a sql block: each starts at a `>` prompt and goes on over the lines that
   follow until a `;`; without any prompt, every line is SQL. Lines after a complete statement
   and before the next prompt are output shown in the block: ignored. */
static int read_sql_block(reader *rd, const char *literal, int first_line, int block_line) {
    splitter sp;
    span *lines = NULL;
    size_t nlines, i;
    int prompts = 0, rc;
    memset(&sp, 0, sizeof sp);
    sp.rd = rd;
    sp.block_line = block_line;
    jt_strbuf_init(&sp.sb, JT_LIMIT_SQL);
    rc = split_lines(&lines, &nlines, literal);
    if (rc < 0)
        return nomem(rd);
    for (i = 0; i < nlines; i++) {
        size_t k = 0;
        while (k < lines[i].n && is_space((unsigned char)lines[i].s[k]))
            k++;
        if (k < lines[i].n && lines[i].s[k] == '>')
            prompts = 1;
    }
    for (i = 0; i < nlines && rc == JT_OK; i++) {
        const char *s = lines[i].s;
        size_t n = lines[i].n, k = 0;
        int line = first_line + (int)i;
        while (k < n && is_space((unsigned char)s[k]))
            k++;
        if (prompts && k < n && s[k] == '>' && !sp.quote) {
            if (sp.open)
                rc = push_stmt(&sp);
            k++;
            if (k < n && s[k] == ' ')
                k++;
            if (rc == JT_OK)
                rc = feed(&sp, s + k, n - k, line);
            continue;
        }
        if (prompts && !sp.open)
            continue; /* output shown inside the block */
        if (sp.open && k == n && !sp.quote)
            continue; /* a blank line inside a statement */
        if (sp.open && (rc = add_char(&sp, '\n')) < 0)
            break;
        rc = feed(&sp, s, n, line);
    }
    if (rc == JT_OK && sp.open)
        rc = push_stmt(&sp);
    jt_strbuf_dispose(&sp.sb);
    free(lines);
    return rc;
}

/* ---- output blocks ------------------------------------------------------------------------- */

/* "(N rows)" / "(1 row)" */
static int row_count_line(int64_t *out, const char *s) {
    int64_t v = 0;
    s = skip_space(s);
    if (*s++ != '(')
        return 0;
    if (*s < '0' || *s > '9')
        return 0;
    while (*s >= '0' && *s <= '9') {
        if (v < INT64_MAX / 10)
            v = v * 10 + (*s - '0');
        s++;
    }
    if (strncmp(s, " rows)", 6) != 0 && strncmp(s, " row)", 5) != 0)
        return 0;
    s = skip_space(s + (s[4] == ')' ? 5 : 6));
    if (*s)
        return 0;
    *out = v;
    return 1;
}

/* Cells of a table line: the parts between '|' (a leading '|' when bordered). *more: the part
   after the last '|' of a bordered line is `...`. */
static int split_cells(char ***out, size_t *nout, int *more, const char *s, size_t n,
                       int bordered) {
    char **v = NULL;
    size_t nv = 0, cap = 0, k = 0;
    int rc = JT_OK;
    *out = NULL;
    *nout = 0;
    *more = 0;
    while (k < n && is_space((unsigned char)s[k]))
        k++;
    if (bordered && k < n && s[k] == '|')
        k++;
    while (k <= n) {
        size_t e = k;
        char *cell;
        int last;
        while (e < n && s[e] != '|')
            e++;
        last = e >= n;
        cell = dup_trim(s + k, e - k);
        if (!cell) {
            rc = JT_ENOMEM;
            break;
        }
        if (last && bordered) {
            /* after the closing border: nothing, or `...` for more columns */
            if (is_ellipsis(cell))
                *more = 1;
            if (!*cell || is_ellipsis(cell)) {
                free(cell);
                break;
            }
        }
        rc = jt_grow((void **)&v, &cap, nv + 1, sizeof *v, JT_LIMIT_ROWS);
        if (rc < 0) {
            free(cell);
            break;
        }
        v[nv++] = cell;
        k = e + 1;
    }
    if (rc < 0) {
        while (nv)
            free(v[--nv]);
        free(v);
        return rc;
    }
    *out = v;
    *nout = nv;
    return JT_OK;
}

static void free_cells(char **v, size_t n) {
    while (n)
        free(v[--n]);
    free(v);
}

static int all_ellipsis(char **v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (!is_ellipsis(v[i]))
            return 0;
    return n > 0;
}

static int table_header(reader *rd, jt_doc_table *t, char **cells, size_t n, int more, int line) {
    size_t i;
    t->header_line = line;
    t->more_cols = more;
    for (i = 0; i < n; i++) {
        if (is_ellipsis(cells[i])) {
            t->more_cols = 1;
            break;
        }
    }
    t->ncols = i;
    t->columns = jt_calloc(i, sizeof *t->columns);
    if (!t->columns)
        return nomem(rd);
    for (i = 0; i < t->ncols; i++) {
        t->columns[i] = cells[i];
        cells[i] = NULL;
    }
    return JT_OK;
}

static int table_row(reader *rd, jt_doc_table *t, char **cells, size_t n, int line) {
    size_t need = (t->nrows + 1) * t->ncols, i;
    int rc;
    if (n < t->ncols || (n > t->ncols && !t->more_cols)) {
        rc = issue(rd, line, 1, "the table row has %zu cell%s; its header (line %d) has %zu", n,
                   n == 1 ? "" : "s", t->header_line, t->ncols);
        if (rc < 0)
            return rc;
        if (n < t->ncols)
            return JT_OK; /* not compared */
    }
    rc = jt_grow((void **)&t->cells, &t->cells_cap, need ? need : 1, sizeof *t->cells,
                 JT_LIMIT_ROWS);
    if (rc == JT_OK)
        rc = jt_grow((void **)&t->row_lines, &t->lines_cap, t->nrows + 1, sizeof *t->row_lines,
                     JT_LIMIT_ROWS);
    if (rc == JT_ELIMIT)
        return fail(rd, rc, line, "table larger than %d cells", JT_LIMIT_ROWS);
    if (rc < 0)
        return nomem(rd);
    for (i = 0; i < t->ncols; i++) {
        t->cells[t->nrows * t->ncols + i] = cells[i];
        cells[i] = NULL;
    }
    t->row_lines[t->nrows++] = line;
    return JT_OK;
}

/* Whether the line is a separator of a |-table: dashes, with '+' or '|' between columns. */
static int is_separator(const char *s, size_t n) {
    size_t i, dashes = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '-')
            dashes++;
        else if (s[i] != '+' && s[i] != '|' && !is_space((unsigned char)s[i]))
            return 0;
    }
    return dashes > 0;
}

static int is_tag(const char *s) {
    const char *p = s;
    int words = 0;
    while (*p) {
        if (!(*p >= 'A' && *p <= 'Z'))
            break;
        while (*p >= 'A' && *p <= 'Z')
            p++;
        words++;
        if (*p == ' ')
            p++;
    }
    if (!words)
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '\0' && (p == s || p[-1] != ' ');
}

/* Whether the line is white space only. */
static int is_blank(const span *l) {
    size_t k = 0;
    while (k < l->n && is_space((unsigned char)l->s[k]))
        k++;
    return k == l->n;
}

/* Whether the block from its first non-blank line (lines[first]) is a table: bordered (+---),
   or a line with a separator line under it. */
static int is_table(const span *lines, size_t nlines, size_t first, int bordered) {
    const span *l = &lines[first], *next = first + 1 < nlines ? &lines[first + 1] : NULL;
    if (bordered)
        return 1;
    if (!next || !is_separator(next->s, next->n))
        return 0;
    return memchr(l->s, '|', l->n) || !is_separator(l->s, l->n);
}

/* The lines of a table's block that are neither its header nor a row: blank lines, borders,
   the separator under the header (second: the block's second line), "(N rows)", "...", and
   text around a bordered table. 1 when the line (trimmed) is one of them, noted in t. */
static int table_aside(jt_doc_table *t, const span *l, const char *trimmed, int line, int bordered,
                       int header, int second) {
    int64_t count;
    if (!*trimmed || (bordered && trimmed[0] == '+') ||
        (!bordered && header && t->nrows == 0 && is_separator(l->s, l->n) && second))
        return 1;
    if (row_count_line(&count, trimmed)) {
        t->row_count = count;
        t->row_count_line = line;
        return 1;
    }
    if (is_ellipsis(trimmed)) {
        t->more_rows = 1;
        return 1;
    }
    return bordered && trimmed[0] != '|'; /* "Time: 1ms" and the like */
}

/* One line of a table's block: the header (*header is 0 until it was read), a row, or aside. */
static int table_line(reader *rd, jt_doc_table *t, const span *l, int line, int bordered,
                      int second, int *header) {
    char *trimmed = dup_trim(l->s, l->n), **cells = NULL;
    size_t ncells = 0;
    int rc = JT_OK, more = 0, aside;
    if (!trimmed)
        return nomem(rd);
    aside = table_aside(t, l, trimmed, line, bordered, *header, second);
    free(trimmed);
    if (aside)
        return JT_OK;
    if (split_cells(&cells, &ncells, &more, l->s, l->n, bordered || *skip_space(l->s) == '|') < 0)
        return nomem(rd);
    if (!*header) {
        rc = table_header(rd, t, cells, ncells, more, line);
        *header = 1;
    } else if (all_ellipsis(cells, ncells)) {
        t->more_rows = 1;
    } else {
        rc = table_row(rd, t, cells, ncells, line);
    }
    free_cells(cells, ncells);
    return rc;
}

/* The table from lines[first] (first_line: the number of lines[0]). */
static int read_table(reader *rd, jt_doc_stmt *st, const span *lines, size_t nlines, size_t first,
                      int first_line, int bordered) {
    jt_doc_table *t = &st->table;
    size_t i;
    int rc = JT_OK, header = 0;
    st->out = JT_DOC_OUT_TABLE;
    t->row_count = -1;
    for (i = first; i < nlines && rc == JT_OK; i++)
        rc = table_line(rd, t, &lines[i], first_line + (int)i, bordered, i == first + 1, &header);
    if (rc == JT_OK && t->row_count >= 0 && !t->more_rows && (size_t)t->row_count != t->nrows)
        rc = issue(rd, t->row_count_line, 1, "the table says (%lld row%s) but shows %zu",
                   (long long)t->row_count, t->row_count == 1 ? "" : "s", t->nrows);
    return rc;
}

/* An output that is not a table, from its first non-blank line (line0, trimmed; only: the
   block's only one): an error, a command tag, or something else (not compared). */
static int read_message(reader *rd, jt_doc_stmt *st, const char *line0, int only) {
    const char *m = line0;
    int error = 0, rc = JT_OK;
    for (;;) {
        if (strncmp(m, "Error: ", 7) == 0 || strncmp(m, "ERROR: ", 7) == 0) {
            m = skip_space(m + 7);
            error = 1;
        } else if (strncmp(m, "pq: ", 4) == 0) {
            m = skip_space(m + 4);
            error = 1;
        } else {
            break;
        }
    }
    if (error) {
        st->out = JT_DOC_OUT_ERROR;
        st->out_text = jt_strdup(m);
    } else if (only && is_tag(line0)) {
        st->out = JT_DOC_OUT_TAG;
        st->out_text = jt_strdup(line0);
    } else {
        st->out = JT_DOC_OUT_OTHER;
        st->out_text = jt_strdup(line0);
        if (st->out_text)
            rc = issue(rd, st->out_line, 0,
                       "output block not recognised (no table, error or command tag): "
                       "not compared");
    }
    if (!st->out_text)
        rc = nomem(rd);
    return rc;
}

/* The output block shown after st: a table, an error, a command tag or something else. */
static int read_output(reader *rd, jt_doc_stmt *st, const char *literal, int first_line) {
    span *lines = NULL;
    size_t nlines, i, first = 0;
    char *line0 = NULL;
    int rc, only = 1;
    if (split_lines(&lines, &nlines, literal) < 0)
        return nomem(rd);
    while (first < nlines && is_blank(&lines[first]))
        first++;
    st->out_line = first_line + (int)first;
    if (first >= nlines) {
        st->out = JT_DOC_OUT_OTHER;
        st->out_text = jt_strdup("");
        rc = st->out_text ? issue(rd, st->out_line, 0, "empty output block: not compared")
                          : nomem(rd);
        goto out;
    }
    line0 = dup_trim(lines[first].s, lines[first].n);
    if (!line0) {
        rc = nomem(rd);
        goto out;
    }
    if (is_table(lines, nlines, first, line0[0] == '+')) {
        rc = read_table(rd, st, lines, nlines, first, first_line, line0[0] == '+');
        goto out;
    }
    for (i = first + 1; i < nlines && only; i++)
        only = is_blank(&lines[i]);
    rc = read_message(rd, st, line0, only);
out:
    free(line0);
    free(lines);
    return rc;
}

/* ---- prose: claims ------------------------------------------------------------------------- */

/* The text of a paragraph as a reader sees it, with the line of every byte. */
typedef struct prose {
    char *text;
    int *lines;
    size_t n, cap, lcap;
} prose;

static int prose_add(prose *p, const char *s, size_t n, int line) {
    size_t i;
    int rc;
    if (p->n + n + 1 > JT_LIMIT_LINE)
        return JT_OK; /* the rest of a very long paragraph is not read for claims */
    rc = jt_grow((void **)&p->text, &p->cap, p->n + n + 1, 1, JT_LIMIT_LINE);
    if (rc == JT_OK)
        rc = jt_grow((void **)&p->lines, &p->lcap, p->n + n + 1, sizeof *p->lines, JT_LIMIT_LINE);
    if (rc < 0)
        return rc;
    for (i = 0; i < n; i++) {
        p->text[p->n] = s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i];
        p->lines[p->n++] = line;
    }
    p->text[p->n] = '\0';
    return JT_OK;
}

/* Removes Liquid tags ({{ … }}, {% … %}) and collapses white space, in place. */
static void prose_clean(prose *p) {
    size_t r = 0, w = 0;
    while (r < p->n) {
        if (p->text[r] == '{' && r + 1 < p->n && (p->text[r + 1] == '{' || p->text[r + 1] == '%')) {
            const char *close = p->text[r + 1] == '{' ? "}}" : "%}";
            const char *e = strstr(p->text + r + 2, close);
            if (e) {
                int line = p->lines[r];
                r = (size_t)(e - p->text) + 2;
                if (w > 0 && p->text[w - 1] != ' ') {
                    p->text[w] = ' ';
                    p->lines[w++] = line;
                }
                continue;
            }
        }
        if (p->text[r] == ' ' && (w == 0 || p->text[w - 1] == ' ')) {
            r++;
            continue;
        }
        p->text[w] = p->text[r];
        p->lines[w++] = p->lines[r++];
    }
    while (w > 0 && p->text[w - 1] == ' ')
        w--;
    p->n = w;
    if (p->text)
        p->text[w] = '\0';
}

static int gather_prose(prose *p, cmark_node *para) {
    cmark_iter *it = cmark_iter_new(para);
    cmark_event_type ev;
    int line = cmark_node_get_start_line(para), rc = JT_OK;
    while (rc == JT_OK && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        const char *lit;
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (ty == CMARK_NODE_SOFTBREAK || ty == CMARK_NODE_LINEBREAK) {
            rc = prose_add(p, " ", 1, line);
            line++;
            continue;
        }
        if (ty != CMARK_NODE_TEXT && ty != CMARK_NODE_CODE)
            continue;
        if (cmark_node_get_start_line(n) > 0)
            line = cmark_node_get_start_line(n);
        lit = cmark_node_get_literal(n);
        if (lit)
            rc = prose_add(p, lit, strlen(lit), line);
    }
    cmark_iter_free(it);
    return rc;
}

static const char *const claim_patterns[3] = {
    /* JT_DOC_CLAIM_NO_PAUSE_SCHEMA */
    "(cannot|can.{1,3}t) pause schema changes?|schema changes? (cannot|can.{1,3}t) be paused",
    /* JT_DOC_CLAIM_ONLY_USER: 2 user, 5 verb */
    "only (the )?([a-z_][a-z0-9_]*) (user |role )?(can|may) (control|pause|resume|cancel) "
    "(a |the |any |all )?jobs?",
    /* JT_DOC_CLAIM_ALL_JOBS_OF: 3 user, 5 verb */
    "all (of the |the )?jobs (created|started|owned|run) by ([a-z_][a-z0-9_]*),? "
    "(will be|are|get) (paused|resumed|canceled|cancelled)",
};

static int verb_op(const char *v, size_t n) {
    if (n >= 5 && strncmp(v, "pause", 5) == 0)
        return JT_DOC_OP_PAUSE;
    if (n >= 6 && strncmp(v, "resume", 6) == 0)
        return JT_DOC_OP_RESUME;
    if (n >= 6 && strncmp(v, "cancel", 6) == 0)
        return JT_DOC_OP_CANCEL;
    return -1;
}

static const char *const op_words[JT_DOC_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};

static char *lower_dup(const char *s, size_t n) {
    char *d = jt_strndup(s, n);
    size_t i;
    if (d)
        for (i = 0; i < n; i++)
            d[i] = (char)lower((unsigned char)d[i]);
    return d;
}

static int add_claim(reader *rd, const prose *p, int kind, const regmatch_t *m) {
    jt_doc_page *pg = rd->page;
    jt_doc_claim *c;
    size_t start = (size_t)m[0].rm_so, end = (size_t)m[0].rm_eo, i;
    char *verb = NULL;
    int rc;
    /* the sentence around the match */
    while (start > 0 &&
           !(start >= 2 && strchr(".!?", p->text[start - 2]) && p->text[start - 1] == ' '))
        start--;
    while (end < p->n &&
           !(strchr(".!?", p->text[end]) && (end + 1 == p->n || p->text[end + 1] == ' ')))
        end++;
    for (i = 0; i < pg->nclaims; i++)
        if (pg->claims[i].kind == kind && pg->claims[i].line == p->lines[m[0].rm_so])
            return JT_OK;
    rc = jt_grow((void **)&pg->claims, &pg->claims_cap, pg->nclaims + 1, sizeof *pg->claims,
                 JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc == JT_ELIMIT ? fail(rd, rc, p->lines[m[0].rm_so], "too many claims") : nomem(rd);
    c = &pg->claims[pg->nclaims];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->line = p->lines[m[0].rm_so];
    c->stmt = SIZE_MAX;
    c->text = jt_strndup(p->text + start, end - start);
    if (!c->text)
        return nomem(rd);
    c->by_default = find_ci(c->text, "by default") != NULL;
    if (kind == JT_DOC_CLAIM_ONLY_USER) {
        c->user = lower_dup(p->text + m[2].rm_so, (size_t)(m[2].rm_eo - m[2].rm_so));
        verb = lower_dup(p->text + m[5].rm_so, (size_t)(m[5].rm_eo - m[5].rm_so));
        if (!c->user || !verb) {
            free(verb);
            free(c->text);
            free(c->user);
            return nomem(rd);
        }
        c->ops = strcmp(verb, "control") == 0 ? 7u : 1u << verb_op(verb, strlen(verb));
        free(verb);
    } else if (kind == JT_DOC_CLAIM_ALL_JOBS_OF) {
        c->user = lower_dup(p->text + m[3].rm_so, (size_t)(m[3].rm_eo - m[3].rm_so));
        verb = lower_dup(p->text + m[5].rm_so, (size_t)(m[5].rm_eo - m[5].rm_so));
        if (!c->user || !verb) {
            free(verb);
            free(c->text);
            free(c->user);
            return nomem(rd);
        }
        c->op = verb_op(verb, strlen(verb));
        free(verb);
        for (i = pg->nstmts; i > 0; i--) {
            const char *s = skip_space(pg->stmts[i - 1].sql);
            if (pg->stmts[i - 1].line < c->line && starts_word(s, op_words[c->op])) {
                c->stmt = i - 1;
                break;
            }
        }
    } else {
        c->ops = 1u << JT_DOC_OP_PAUSE;
    }
    pg->nclaims++;
    return JT_OK;
}

static int read_claims(reader *rd, cmark_node *para) {
    prose p;
    int rc, k;
    memset(&p, 0, sizeof p);
    rc = gather_prose(&p, para);
    if (rc < 0) {
        rc = nomem(rd);
        goto out;
    }
    if (!p.n)
        goto out;
    prose_clean(&p);
    for (k = 0; k < rd->nclaim_re && rc == JT_OK; k++) {
        regmatch_t m[8];
        size_t off = 0;
        while (off < p.n &&
               regexec(&rd->claim_re[k], p.text + off, 8, m, off ? REG_NOTBOL : 0) == 0) {
            size_t g;
            for (g = 0; g < 8; g++) {
                if (m[g].rm_so >= 0) {
                    m[g].rm_so += (regoff_t)off;
                    m[g].rm_eo += (regoff_t)off;
                }
            }
            rc = add_claim(rd, &p, k + 1, m);
            if (rc < 0)
                break;
            off = (size_t)m[0].rm_eo > off ? (size_t)m[0].rm_eo : off + 1;
        }
    }
out:
    free(p.text);
    free(p.lines);
    return rc;
}

/* Whether the paragraph holds nothing but Liquid tags ({% include copy-clipboard.html %}). */
static int liquid_only(cmark_node *para) {
    prose p;
    int only;
    memset(&p, 0, sizeof p);
    if (gather_prose(&p, para) < 0) {
        free(p.text);
        free(p.lines);
        return 0;
    }
    prose_clean(&p);
    only = p.n == 0;
    free(p.text);
    free(p.lines);
    return only;
}

/* ---- the document -------------------------------------------------------------------------- */

/* The first word of a fence's info string, lower case, in buf. */
static const char *info_word(cmark_node *n, char *buf, size_t size) {
    const char *info = cmark_node_get_fence_info(n);
    size_t k = 0;
    if (!info)
        info = "";
    info = skip_space(info);
    while (info[k] && !is_space((unsigned char)info[k]) && info[k] != '{' && k + 1 < size) {
        buf[k] = (char)lower((unsigned char)info[k]);
        k++;
    }
    buf[k] = '\0';
    return buf;
}

static int is_output_info(const char *w) {
    return !*w || strcmp(w, "text") == 0 || strcmp(w, "txt") == 0 || strcmp(w, "console") == 0 ||
           strcmp(w, "none") == 0 || strcmp(w, "output") == 0;
}

static int content_line(const reader *rd, cmark_node *n) {
    int line = cmark_node_get_start_line(n);
    return fenced(rd, line) ? line + 1 : line;
}

static int walk(reader *rd, cmark_node *doc) {
    cmark_iter *it = cmark_iter_new(doc);
    cmark_node **blocks = NULL;
    size_t nblocks = 0, cap = 0, i;
    cmark_event_type ev;
    int rc = JT_OK;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (ty != CMARK_NODE_CODE_BLOCK && ty != CMARK_NODE_PARAGRAPH &&
            ty != CMARK_NODE_HTML_BLOCK && ty != CMARK_NODE_HEADING &&
            ty != CMARK_NODE_THEMATIC_BREAK)
            continue;
        rc = jt_grow((void **)&blocks, &cap, nblocks + 1, sizeof *blocks, JT_LIMIT_RECORDS);
        if (rc < 0)
            break;
        blocks[nblocks++] = n;
    }
    cmark_iter_free(it);
    if (rc < 0) {
        free(blocks);
        return rc == JT_ELIMIT ? fail(rd, rc, 0, "too many blocks") : nomem(rd);
    }
    for (i = 0; i < nblocks && rc == JT_OK; i++) {
        cmark_node *n = blocks[i];
        char word[32];
        if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
            rc = read_claims(rd, n);
            continue;
        }
        if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK ||
            strcmp(info_word(n, word, sizeof word), "sql") != 0)
            continue;
        {
            size_t before = rd->page->nstmts, j = i + 1;
            const char *lit = cmark_node_get_literal(n);
            rd->page->nblocks++;
            rc = read_sql_block(rd, lit ? lit : "", content_line(rd, n),
                                cmark_node_get_start_line(n));
            if (rc < 0)
                break;
            while (j < nblocks && (cmark_node_get_type(blocks[j]) == CMARK_NODE_HTML_BLOCK ||
                                   (cmark_node_get_type(blocks[j]) == CMARK_NODE_PARAGRAPH &&
                                    liquid_only(blocks[j]))))
                j++;
            if (j < nblocks && cmark_node_get_type(blocks[j]) == CMARK_NODE_CODE_BLOCK &&
                is_output_info(info_word(blocks[j], word, sizeof word))) {
                lit = cmark_node_get_literal(blocks[j]);
                if (rd->page->nstmts > before)
                    rc = read_output(rd, &rd->page->stmts[rd->page->nstmts - 1], lit ? lit : "",
                                     content_line(rd, blocks[j]));
                else
                    rc = issue(rd, content_line(rd, blocks[j]), 0,
                               "output block after a sql block without statements: not "
                               "compared");
                i = j;
            } else if (rd->page->nstmts == before) {
                rc = issue(rd, cmark_node_get_start_line(n), 0, "sql block without statements");
            }
        }
    }
    free(blocks);
    return rc;
}

int jt_doc_parse(jt_doc_page **out, const char *path, const char *text, size_t len, jt_error *err) {
    reader rd;
    jt_doc_page *page;
    char *src = NULL;
    cmark_node *doc = NULL;
    const char *nul;
    int rc, k;
    *out = NULL;
    memset(&rd, 0, sizeof rd);
    rd.err = err;
    page = jt_calloc(1, sizeof *page);
    if (!page)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    page->path = jt_strdup(path);
    rd.page = page;
    if (!page->path) {
        rc = nomem(&rd);
        goto out;
    }
    if (len > JT_DOC_LIMIT_PAGE) {
        rc = fail(&rd, JT_ELIMIT, 0, "larger than %d bytes", JT_DOC_LIMIT_PAGE);
        goto out;
    }
    nul = memchr(text, '\0', len);
    if (nul) {
        const char *s;
        int line = 1;
        for (s = text; s < nul; s++)
            line += *s == '\n';
        rc = fail(&rd, JT_EPARSE, line, "NUL byte: not a Markdown page");
        goto out;
    }
    rd.len = len;
    rc = blank_front_matter(&rd, &src, text, len);
    if (rc < 0)
        goto out;
    rd.src = src;
    rc = index_lines(&rd);
    if (rc < 0)
        goto out;
    for (k = 0; k < 3; k++) {
        if (regcomp(&rd.claim_re[k], claim_patterns[k], REG_EXTENDED | REG_ICASE) != 0) {
            rc = fail(&rd, JT_EINVAL, 0, "claim pattern %d does not compile", k);
            goto out;
        }
        rd.nclaim_re++;
    }
    doc = cmark_parse_document(src, rd.len, CMARK_OPT_DEFAULT);
    if (!doc) {
        rc = nomem(&rd);
        goto out;
    }
    rc = walk(&rd, doc);
out:
    for (k = 0; k < rd.nclaim_re; k++)
        regfree(&rd.claim_re[k]);
    if (doc)
        cmark_node_free(doc);
    free(rd.line_off);
    free(src);
    if (rc < 0) {
        jt_doc_free(page);
        return rc;
    }
    *out = page;
    return JT_OK;
}

int jt_doc_read(jt_doc_page **out, const char *path, jt_error *err) {
    FILE *fp;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = JT_OK;
    *out = NULL;
    fp = fopen(path, "rb");
    if (!fp)
        return jt_error_set(err, JT_EIO, 0, "%s: cannot open: %s", path, strerror(errno));
    for (;;) {
        size_t got;
        if (len + 4096 + 1 > cap) {
            if (len > JT_DOC_LIMIT_PAGE) {
                rc = jt_error_set(err, JT_ELIMIT, 0, "%s: larger than %d bytes", path,
                                  JT_DOC_LIMIT_PAGE);
                goto out;
            }
            rc = jt_grow((void **)&buf, &cap, len + 4096 + 1, 1, (size_t)JT_DOC_LIMIT_PAGE + 8192);
            if (rc < 0) {
                rc = rc == JT_ELIMIT ? jt_error_set(err, JT_ELIMIT, 0, "%s: larger than %d bytes",
                                                    path, JT_DOC_LIMIT_PAGE)
                                     : jt_error_set(err, JT_ENOMEM, 0, "out of memory");
                goto out;
            }
        }
        got = fread(buf + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        rc = jt_error_set(err, JT_EIO, 0, "%s: cannot read: %s", path, strerror(errno));
        goto out;
    }
    rc = jt_doc_parse(out, path, buf ? buf : "", len, err);
out:
    fclose(fp);
    free(buf);
    return rc;
}

/* ---- the world the page implies ------------------------------------------------------------ */

static const char *const type_names[] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED",
                                         "SCHEMA CHANGE"};
static const char *const status_names[] = {"pending",   "running", "paused",
                                           "succeeded", "failed",  "canceled"};

static const char *known(const char *const *names, size_t n, const char *v) {
    size_t i;
    for (i = 0; i < n; i++)
        if (jt_strcaseeq(names[i], v))
            return names[i];
    return NULL;
}

/* The type a description implies (CockroachDB's descriptions are the statements). */
static const char *type_of_description(const char *d) {
    d = skip_space(d);
    if (starts_word(d, "IMPORT"))
        return "IMPORT";
    if (starts_word(d, "BACKUP"))
        return "BACKUP";
    if (starts_word(d, "RESTORE"))
        return "RESTORE";
    if (starts_word(d, "CREATE") && find_ci(d, "CHANGEFEED"))
        return "CHANGEFEED";
    if (starts_word(d, "ALTER") || starts_word(d, "CREATE") || starts_word(d, "DROP") ||
        starts_word(d, "ROLL") || starts_word(d, "TRUNCATE"))
        return "SCHEMA CHANGE";
    return NULL;
}

void jt_doc_world_dispose(jt_doc_world *w) {
    size_t i;
    for (i = 0; i < w->nfx; i++) {
        free(w->fx[i].name);
        free(w->fx[i].user);
        free(w->fx[i].description);
        free(w->fx[i].error);
    }
    free(w->fx);
    free(w->subject);
    memset(w, 0, sizeof *w);
}

typedef struct builder {
    jt_doc_world *w;
    int64_t *ids; /* every id the page shows or names, taken or not */
    size_t nids, idcap;
} builder;

static int world_has_job(const jt_doc_world *w, int64_t id) {
    size_t i;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_JOB && w->fx[i].fx.id == id)
            return 1;
    return 0;
}

static int world_has_user(const jt_doc_world *w, const char *name) {
    size_t i;
    if (strcmp(name, "root") == 0 || strcmp(name, "testuser") == 0)
        return 1;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_USER && strcmp(w->fx[i].name, name) == 0)
            return 1;
    return 0;
}

static int user_has_job(const jt_doc_world *w, const char *name) {
    size_t i;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_JOB &&
            strcmp(w->fx[i].fx.user ? w->fx[i].fx.user : "root", name) == 0)
            return 1;
    return 0;
}

static int note_id(builder *b, int64_t id) {
    size_t i;
    for (i = 0; i < b->nids; i++)
        if (b->ids[i] == id)
            return JT_OK;
    if (jt_grow((void **)&b->ids, &b->idcap, b->nids + 1, sizeof *b->ids, JT_LIMIT_ROWS) < 0)
        return JT_ENOMEM;
    b->ids[b->nids++] = id;
    return JT_OK;
}

static int64_t fresh_id(const builder *b) {
    int64_t id;
    size_t i;
    for (id = 1;; id++) {
        for (i = 0; i < b->nids; i++)
            if (b->ids[i] == id)
                break;
        if (i == b->nids && !world_has_job(b->w, id))
            return id;
    }
}

static int add_fx(jt_doc_fixture **out, jt_doc_world *w, size_t before, int line) {
    int rc = jt_grow((void **)&w->fx, &w->cap, w->nfx + 1, sizeof *w->fx, JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc;
    *out = &w->fx[w->nfx++];
    memset(*out, 0, sizeof **out);
    (*out)->before = before;
    (*out)->line = line;
    return JT_OK;
}

static int add_user(jt_doc_world *w, size_t before, int line, const char *name) {
    jt_doc_fixture *f;
    int rc;
    if (world_has_user(w, name))
        return JT_OK;
    rc = add_fx(&f, w, before, line);
    if (rc < 0)
        return rc;
    f->fx.kind = JT_FIXTURE_USER;
    f->name = jt_strdup(name);
    if (!f->name)
        return JT_ENOMEM;
    f->fx.name = f->name;
    return JT_OK;
}

static int add_job(jt_doc_world *w, size_t before, int line, int64_t id, const char *type,
                   const char *status, const char *user, const char *description,
                   const char *error) {
    jt_doc_fixture *f;
    int rc;
    if (user && strcmp(user, "root") != 0 && (rc = add_user(w, before, line, user)) < 0)
        return rc;
    rc = add_fx(&f, w, before, line);
    if (rc < 0)
        return rc;
    f->fx.kind = JT_FIXTURE_JOB;
    f->fx.id = id;
    f->fx.type = type;
    f->fx.status = status;
    if (user && strcmp(user, "root") != 0) {
        if (!(f->user = jt_strdup(user)))
            return JT_ENOMEM;
        f->fx.user = f->user;
    }
    if (description) {
        if (!(f->description = jt_strdup(description)))
            return JT_ENOMEM;
        f->fx.description = f->description;
    }
    if (error && *error) {
        if (!(f->error = jt_strdup(error)))
            return JT_ENOMEM;
        f->fx.error = f->error;
    }
    return JT_OK;
}

static int column_of(const jt_doc_table *t, const char *a, const char *b) {
    size_t i;
    for (i = 0; i < t->ncols; i++)
        if (jt_strcaseeq(t->columns[i], a) || (b && jt_strcaseeq(t->columns[i], b)))
            return (int)i;
    return -1;
}

static int reads_jobs(const char *sql) {
    return find_ci(sql, "JOBS") != NULL || find_ci(sql, "system.jobs") != NULL;
}

/* A cell that says something (not empty, not `...`, not cut off with `...`). */
static const char *shown(const jt_doc_table *t, size_t row, int col) {
    const char *v;
    size_t n;
    if (col < 0)
        return NULL;
    v = t->cells[row * t->ncols + (size_t)col];
    n = strlen(v);
    if (!n || is_ellipsis(v) || (n >= 3 && strcmp(v + n - 3, "...") == 0))
        return NULL;
    return v;
}

/* A description cell: what it shows, without the `...` that cuts it short (the job's own
   description starts with that), or NULL in *out. *buf_out is allocated when it was cut. */
static int description_cell(const char **out, char **buf_out, const jt_doc_table *t, size_t row,
                            int col) {
    const char *v;
    size_t n;
    *out = NULL;
    *buf_out = NULL;
    if (col < 0)
        return JT_OK;
    v = t->cells[row * t->ncols + (size_t)col];
    n = strlen(v);
    if (!n || is_ellipsis(v))
        return JT_OK;
    if (n >= 3 && strcmp(v + n - 3, "...") == 0) {
        n -= 3;
        while (n && is_space((unsigned char)v[n - 1]))
            n--;
        if (!n)
            return JT_OK;
        if (!(*buf_out = jt_strndup(v, n)))
            return JT_ENOMEM;
        *out = *buf_out;
        return JT_OK;
    }
    *out = v;
    return JT_OK;
}

static int jobs_of_table(builder *b, const jt_doc_stmt *st, size_t k) {
    const jt_doc_table *t = &st->table;
    int cid = column_of(t, "job_id", "id"), cty = column_of(t, "job_type", "type"),
        cde = column_of(t, "description", NULL), cus = column_of(t, "user_name", "username"),
        cst = column_of(t, "status", NULL), cer = column_of(t, "error", NULL);
    size_t r;
    int rc;
    if (cid < 0 || !reads_jobs(st->sql))
        return JT_OK;
    for (r = t->nrows; r > 0; r--) {
        const char *v = shown(t, r - 1, cid), *type = NULL, *status = NULL, *desc, *user;
        char *cut = NULL;
        int64_t id;
        if (!v || parse_id(&id, v) < 0 || world_has_job(b->w, id))
            continue;
        if (shown(t, r - 1, cty))
            type = known(type_names, 5, shown(t, r - 1, cty));
        if (description_cell(&desc, &cut, t, r - 1, cde) < 0)
            return JT_ENOMEM;
        if (!type && desc)
            type = type_of_description(desc);
        if (!type)
            type = "IMPORT";
        if (shown(t, r - 1, cst))
            status = known(status_names, 6, shown(t, r - 1, cst));
        user = shown(t, r - 1, cus);
        rc = add_job(b->w, k, t->row_lines[r - 1], id, type, status ? status : "running",
                     user ? user : "root", desc, shown(t, r - 1, cer));
        free(cut);
        if (rc < 0)
            return rc;
    }
    return JT_OK;
}

/* The users a statement names: user_name = 'u', user_name IN ('u', …) (also username). */
static int users_of_stmt(builder *b, const jt_doc_stmt *st, size_t k) {
    const char *s = st->sql;
    int rc;
    while ((s = find_ci(s, "user")) != NULL) {
        const char *p = s;
        int list = 0;
        if (starts_word(p, "user_name"))
            p += 9;
        else if (starts_word(p, "username"))
            p += 8;
        else {
            s++;
            continue;
        }
        s = p;
        p = skip_space(p);
        if (*p == '=') {
            p = skip_space(p + 1);
        } else if (starts_word(p, "IN")) {
            p = skip_space(p + 2);
            if (*p != '(')
                continue;
            p = skip_space(p + 1);
            list = 1;
        } else {
            continue;
        }
        while (*p == '\'') {
            const char *e = strchr(p + 1, '\'');
            char *name;
            if (!e || e == p + 1 || (size_t)(e - p - 1) > JT_LIMIT_NAME)
                break;
            name = jt_strndup(p + 1, (size_t)(e - p - 1));
            if (!name)
                return JT_ENOMEM;
            if (strcmp(name, "root") != 0) {
                if (!b->w->subject && !(b->w->subject = jt_strdup(name))) {
                    free(name);
                    return JT_ENOMEM;
                }
                rc = add_user(b->w, k, st->line, name);
                if (rc == JT_OK && !user_has_job(b->w, name))
                    rc = add_job(b->w, k, st->line, fresh_id(b), "IMPORT", "running", name, NULL,
                                 NULL);
                if (rc < 0) {
                    free(name);
                    return rc;
                }
            }
            free(name);
            p = skip_space(e + 1);
            if (!list || *p != ',')
                break;
            p = skip_space(p + 1);
        }
    }
    return JT_OK;
}

/* `PAUSE|RESUME|CANCEL JOB <id>`: the job exists, in a status the statement accepts. */
static int job_of_stmt(int64_t *out, int *op, const char *sql) {
    const char *s = skip_space(sql), *e;
    char digits[24];
    size_t n;
    *op = -1;
    for (int k = 0; k < JT_DOC_OP_COUNT; k++)
        if (starts_word(s, op_words[k]))
            *op = k;
    if (*op < 0)
        return 0;
    s = skip_space(s + strlen(op_words[*op]));
    if (!starts_word(s, "JOB"))
        return 0;
    s = skip_space(s + 3);
    for (e = s; *e >= '0' && *e <= '9'; e++)
        ;
    n = (size_t)(e - s);
    if (!n || n >= sizeof digits)
        return 0;
    e = skip_space(e);
    if (*e && *e != ';')
        return 0;
    memcpy(digits, s, n);
    digits[n] = '\0';
    return parse_id(out, digits) == 0;
}

/* The page shows, right after the statement, that job id does not exist: an error whose text
   says "does not exist" and names id as a number of its own (`job with ID 42 does not exist`). */
static int shown_missing(const jt_doc_stmt *st, int64_t id) {
    char digits[24];
    const char *t, *p;
    size_t n;
    if (st->out != JT_DOC_OUT_ERROR || !st->out_text || !strstr(st->out_text, "does not exist"))
        return 0;
    snprintf(digits, sizeof digits, "%lld", (long long)id);
    n = strlen(digits);
    t = st->out_text;
    for (p = strstr(t, digits); p; p = strstr(p + 1, digits))
        if ((p == t || p[-1] < '0' || p[-1] > '9') && (p[n] < '0' || p[n] > '9'))
            return 1;
    return 0;
}

int jt_doc_world_build(jt_doc_world *out, const jt_doc_page *page, jt_error *err) {
    builder b;
    size_t k, r;
    int rc = JT_OK;
    memset(out, 0, sizeof *out);
    memset(&b, 0, sizeof b);
    b.w = out;
    /* every id the page shows, so that the ids made up here do not collide with them */
    for (k = 0; k < page->nstmts && rc == JT_OK; k++) {
        const jt_doc_stmt *st = &page->stmts[k];
        int64_t id;
        int op;
        if (job_of_stmt(&id, &op, st->sql))
            rc = note_id(&b, id);
        if (st->out == JT_DOC_OUT_TABLE) {
            int cid = column_of(&st->table, "job_id", "id");
            for (r = 0; cid >= 0 && r < st->table.nrows && rc == JT_OK; r++) {
                const char *v = shown(&st->table, r, cid);
                if (v && parse_id(&id, v) == 0)
                    rc = note_id(&b, id);
            }
        }
    }
    for (k = 0; k < page->nstmts && rc == JT_OK; k++) {
        const jt_doc_stmt *st = &page->stmts[k];
        int64_t id;
        int op;
        if (st->out == JT_DOC_OUT_TABLE)
            rc = jobs_of_table(&b, st, k);
        if (rc == JT_OK)
            rc = users_of_stmt(&b, st, k);
        if (rc == JT_OK && job_of_stmt(&id, &op, st->sql) && !world_has_job(out, id) &&
            !shown_missing(st, id))
            rc = add_job(out, k, st->line, id, "IMPORT",
                         op == JT_DOC_OP_RESUME ? "paused" : "running", "root", NULL, NULL);
    }
    free(b.ids);
    if (rc < 0) {
        jt_doc_world_dispose(out);
        return jt_error_set(err, rc, 0, "%s: %s", page->path, jt_strerror(rc));
    }
    return JT_OK;
}

/* ---- reports ------------------------------------------------------------------------------- */

void jt_doc_report_init(jt_doc_report *r) {
    memset(r, 0, sizeof *r);
}

void jt_doc_report_dispose(jt_doc_report *r) {
    size_t i;
    for (i = 0; i < r->nitems; i++) {
        free(r->items[i].message);
        free(r->items[i].file);
    }
    free(r->items);
    jt_doc_report_init(r);
}

int jt_doc_report_add(jt_doc_report *r, int line, int outcome, char *message, char *file) {
    int rc =
        jt_grow((void **)&r->items, &r->cap, r->nitems + 1, sizeof *r->items, JT_LIMIT_RECORDS);
    if (rc < 0 || (outcome != JT_DOC_PASS && !message)) {
        free(message);
        free(file);
        return rc < 0 ? rc : JT_ENOMEM;
    }
    memset(&r->items[r->nitems], 0, sizeof r->items[r->nitems]);
    r->items[r->nitems].kind = "page";
    r->items[r->nitems].line = line;
    r->items[r->nitems].outcome = outcome;
    r->items[r->nitems].message = message;
    r->items[r->nitems].file = file;
    r->nitems++;
    if (outcome == JT_DOC_PASS)
        r->passed++;
    else if (outcome == JT_DOC_FAIL)
        r->failed++;
    else if (outcome == JT_DOC_SKIP)
        r->skipped++;
    return JT_OK;
}

jt_doc_item *jt_doc_report_last(jt_doc_report *r) {
    JT_ASSERT(r->nitems > 0);
    return &r->items[r->nitems - 1];
}

void jt_doc_report_sort(jt_doc_report *r) {
    size_t i, j;
    /* insertion sort: stable, and the items of a page are few */
    for (i = 1; i < r->nitems; i++) {
        jt_doc_item it = r->items[i];
        for (j = i; j > 0 && r->items[j - 1].line > it.line; j--)
            r->items[j] = r->items[j - 1];
        r->items[j] = it;
    }
}

int jt_doc_exit_status(const jt_doc_report *r) {
    return r->failed > 0 ? 1 : 0;
}
