/* jobtck doc, output blocks: what a page shows after a statement, in every layout the docs
   used over the releases (tables with or without borders and rules, `...` for the columns and
   rows left out, `(N rows)`), errors with their SQLSTATE, command tags and single values. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_internal.h"

void jt_doc_table_dispose(jt_doc_table *t) {
    size_t i;
    for (i = 0; i < t->ncols; i++)
        free(t->columns[i]);
    free(t->columns);
    for (i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->row_lines);
    memset(t, 0, sizeof *t);
    t->row_count = -1;
}

/* "(N rows)" / "(1 row)" */
static int row_count_line(int64_t *out, const char *s) {
    int64_t v = 0;
    s = jt_doc_skip_space(s);
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
    s = jt_doc_skip_space(s + (s[4] == ')' ? 5 : 6));
    if (*s)
        return 0;
    *out = v;
    return 1;
}

/* The layout a rule line gives (a line of dashes with `+`, `|` or `:` between columns, and
   maybe a trailing `...` for columns left out), or 0 when the line is no rule. */
static int rule_layout(const char *s, size_t n) {
    size_t i = 0, dashes = 0, e = n;
    while (i < n && jt_doc_is_space((unsigned char)s[i]))
        i++;
    while (e > i && jt_doc_is_space((unsigned char)s[e - 1]))
        e--;
    if (e - i >= 3 && memcmp(s + e - 3, "...", 3) == 0)
        e -= 3;
    else if (e - i >= 3 && memcmp(s + e - 3, "\xe2\x80\xa6", 3) == 0)
        e -= 3;
    for (size_t k = i; k < e; k++) {
        if (s[k] == '-')
            dashes++;
        else if (s[k] != '+' && s[k] != '|' && s[k] != ':' && !jt_doc_is_space((unsigned char)s[k]))
            return 0;
    }
    if (dashes < 2)
        return 0;
    if (s[i] == '+')
        return JT_DOC_LAYOUT_PLUS_RULE;
    return s[i] == '|' ? JT_DOC_LAYOUT_PIPES : JT_DOC_LAYOUT_RULE;
}

/* A cell of a table line: its text, trimmed; cut: it runs into the next `|` with no space
   between (a cell cut short without `...`). */
typedef struct cell {
    char *text;
    int cut;
} cell;

static void free_cells(cell *v, size_t n) {
    while (n)
        free(v[--n].text);
    free(v);
}

/* The cells of a table line between its `|`: a leading `|` is a border, and so is an empty part
   after the last one when the line has a leading one (else it is an empty last cell); a last
   part `...` (or `…`) says more columns are left out (*more). */
static int split_cells(cell **out, size_t *nout, int *more, const char *s, size_t n) {
    int bordered;
    cell *v = NULL;
    size_t nv = 0, cap = 0, k = 0;
    int rc = JT_OK;
    *out = NULL;
    *nout = 0;
    *more = 0;
    while (k < n && jt_doc_is_space((unsigned char)s[k]))
        k++;
    bordered = k < n && s[k] == '|';
    if (bordered)
        k++;
    while (k <= n && rc == JT_OK) {
        size_t e = k;
        char *text;
        while (e < n && s[e] != '|')
            e++;
        text = jt_doc_dup_trim(s + k, e - k);
        if (!text)
            return free_cells(v, nv), JT_ENOMEM;
        if (e >= n && ((!*text && (bordered || nv == 0)) || jt_doc_is_ellipsis(text))) {
            *more = *text != '\0';
            free(text);
            break;
        }
        rc = jt_grow((void **)&v, &cap, nv + 1, sizeof *v, JT_LIMIT_ROWS);
        if (rc < 0) {
            free(text);
            break;
        }
        v[nv].text = text;
        v[nv].cut = e < n && e > k && !jt_doc_is_space((unsigned char)s[e - 1]) && *text;
        nv++;
        k = e + 1;
    }
    if (rc < 0)
        return free_cells(v, nv), rc;
    *out = v;
    *nout = nv;
    return JT_OK;
}

static int all_ellipsis(const cell *v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (!jt_doc_is_ellipsis(v[i].text))
            return 0;
    return n > 0;
}

static int table_header(jt_doc_reader *rd, jt_doc_table *t, cell *cells, size_t n, int more,
                        int line) {
    size_t i;
    t->header_line = line;
    t->more_cols = more;
    if (n > 1 && !*cells[n - 1].text) {
        n--; /* `name |` and nothing after: the columns go on, cut without `...` */
        t->more_cols = 1;
    }
    for (i = 0; i < n; i++) {
        if (jt_doc_is_ellipsis(cells[i].text)) {
            t->more_cols = 1;
            break;
        }
    }
    t->ncols = i;
    for (i = 0; i < n; i++)
        if (cells[i].cut)
            t->cut_line = -1; /* no padding around the cells: a cut cannot be seen */
    i = t->ncols;
    t->columns = jt_calloc(i ? i : 1, sizeof *t->columns);
    if (!t->columns)
        return jt_doc_nomem(rd);
    for (i = 0; i < t->ncols; i++) {
        t->columns[i] = cells[i].text;
        cells[i].text = NULL;
    }
    return JT_OK;
}

/* A cell cut short without `...` gets one, so that it is compared as the start of a value. */
static int mark_cut(jt_doc_table *t, cell *c, int line) {
    size_t n = strlen(c->text);
    char *longer;
    if (!c->cut || t->cut_line < 0 || t->layout == JT_DOC_LAYOUT_PIPES ||
        (n >= 3 && strcmp(c->text + n - 3, "...") == 0))
        return JT_OK;
    longer = jt_malloc(n + 4);
    if (!longer)
        return JT_ENOMEM;
    memcpy(longer, c->text, n);
    memcpy(longer + n, "...", 4);
    free(c->text);
    c->text = longer;
    if (!t->cut_line)
        t->cut_line = line;
    return JT_OK;
}

static int table_row(jt_doc_reader *rd, jt_doc_table *t, cell *cells, size_t n, int line) {
    size_t need = (t->nrows + 1) * t->ncols, i;
    int rc;
    if (n < t->ncols || (n > t->ncols && !t->more_cols)) {
        rc = jt_doc_add_issue(rd, line, JT_DOC_FIND_PAGE,
                              "the table row has %zu cell%s; its header (line %d) has %zu", n,
                              n == 1 ? "" : "s", t->header_line, t->ncols);
        if (rc < 0 || n < t->ncols)
            return rc; /* not compared */
    }
    rc = jt_grow((void **)&t->cells, &t->cells_cap, need ? need : 1, sizeof *t->cells,
                 JT_LIMIT_ROWS);
    if (rc == JT_OK)
        rc = jt_grow((void **)&t->row_lines, &t->lines_cap, t->nrows + 1, sizeof *t->row_lines,
                     JT_LIMIT_ROWS);
    if (rc == JT_ELIMIT)
        return jt_doc_fail(rd, rc, line, "table larger than %d cells", JT_LIMIT_ROWS);
    for (i = 0; i < t->ncols && rc == JT_OK; i++)
        rc = mark_cut(t, &cells[i], line);
    if (rc < 0)
        return jt_doc_nomem(rd);
    for (i = 0; i < t->ncols; i++) {
        t->cells[t->nrows * t->ncols + i] = cells[i].text;
        cells[i].text = NULL;
    }
    t->row_lines[t->nrows++] = line;
    return JT_OK;
}

/* The lines of a table's block that are neither its header nor a row: blank lines, rules,
   "(N rows)", "...", and text around a bordered table. 1 when the line (trimmed) is one of
   them, noted in t. */
static int table_aside(jt_doc_table *t, const jt_doc_span *l, const char *trimmed, int line) {
    int64_t count;
    if (!*trimmed || rule_layout(l->s, l->n))
        return 1;
    if (row_count_line(&count, trimmed)) {
        t->row_count = count;
        t->row_count_line = line;
        return 1;
    }
    if (jt_doc_is_ellipsis(trimmed)) {
        t->more_rows = 1;
        if (!t->more_rows_line)
            t->more_rows_line = line;
        return 1;
    }
    return t->layout == JT_DOC_LAYOUT_BORDERED && trimmed[0] != '|'; /* "Time: 1ms" */
}

/* One line of a table's block: the header (*header is 0 until it was read), a row, or aside. */
static int table_line(jt_doc_reader *rd, jt_doc_table *t, const jt_doc_span *l, int line,
                      int *header) {
    char *trimmed = jt_doc_dup_trim(l->s, l->n);
    cell *cells = NULL;
    size_t ncells = 0;
    int rc = JT_OK, more = 0, aside;
    if (!trimmed)
        return jt_doc_nomem(rd);
    aside = table_aside(t, l, trimmed, line);
    free(trimmed);
    if (aside)
        return JT_OK;
    if (split_cells(&cells, &ncells, &more, l->s, l->n) < 0)
        return jt_doc_nomem(rd);
    if (!*header) {
        rc = table_header(rd, t, cells, ncells, more, line);
        *header = 1;
    } else if (all_ellipsis(cells, ncells)) {
        t->more_rows = 1;
        if (!t->more_rows_line)
            t->more_rows_line = line;
    } else {
        rc = table_row(rd, t, cells, ncells, line);
    }
    free_cells(cells, ncells);
    return rc;
}

/* The layout of a block from its first non-blank line (lines[first]), or 0 when it is no
   table: bordered (a +--- line first), a header over a rule, or a header with `|` over rows
   with `|` and no rule. */
static int table_layout(const jt_doc_span *lines, size_t nlines, size_t first) {
    const jt_doc_span *l = &lines[first], *next = NULL;
    size_t i;
    int rule = rule_layout(l->s, l->n);
    if (rule == JT_DOC_LAYOUT_PLUS_RULE)
        return JT_DOC_LAYOUT_BORDERED;
    if (rule)
        return 0;
    for (i = first + 1; i < nlines && !next; i++)
        if (!jt_doc_is_blank(&lines[i]))
            next = &lines[i];
    if (!next)
        return 0;
    rule = rule_layout(next->s, next->n);
    if (rule && next == &lines[first + 1])
        return rule;
    if (!rule && memchr(l->s, '|', l->n) && memchr(next->s, '|', next->n))
        return JT_DOC_LAYOUT_NO_RULE;
    return 0;
}

/* The table from lines[first] (first_line: the number of lines[0]). */
static int read_table(jt_doc_reader *rd, jt_doc_stmt *st, const jt_doc_span *lines, size_t nlines,
                      size_t first, int first_line, int layout) {
    jt_doc_table *t = &st->table;
    size_t i;
    int rc = JT_OK, header = 0;
    st->out = JT_DOC_OUT_TABLE;
    t->row_count = -1;
    t->layout = layout;
    for (i = first; i < nlines && rc == JT_OK; i++)
        rc = table_line(rd, t, &lines[i], first_line + (int)i, &header);
    if (rc == JT_OK && t->row_count >= 0 && !t->more_rows && (size_t)t->row_count != t->nrows)
        rc = jt_doc_add_issue(rd, t->row_count_line, JT_DOC_FIND_PAGE,
                              "the table says (%lld row%s) but shows %zu", (long long)t->row_count,
                              t->row_count == 1 ? "" : "s", t->nrows);
    if (rc == JT_OK && t->more_rows && t->row_count >= 0 && (size_t)t->row_count < t->nrows)
        rc = jt_doc_add_issue(rd, t->row_count_line, JT_DOC_FIND_PAGE,
                              "the table says (%lld row%s) but shows %zu and more",
                              (long long)t->row_count, t->row_count == 1 ? "" : "s", t->nrows);
    if (t->cut_line < 0)
        t->cut_line = 0;
    if (rc == JT_OK && t->cut_line)
        rc = jt_doc_add_issue(rd, t->cut_line, JT_DOC_FIND_PAGE,
                              "a cell runs into the next `|`: cut short without `...` (compared as "
                              "the start of its value)");
    return rc;
}

static int is_tag(const char *s) {
    const char *p = s;
    int words = 0;
    if (strcmp(s, "NULL") == 0 || strcmp(s, "TRUE") == 0 || strcmp(s, "FALSE") == 0)
        return 0;
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

/* The message of an error line (`ERROR: `, `Error: `, `pq: `, repeated), or NULL. */
static const char *error_text(const char *m) {
    int error = 0;
    for (;;) {
        if (strncmp(m, "Error: ", 7) == 0 || strncmp(m, "ERROR: ", 7) == 0) {
            m = jt_doc_skip_space(m + 7);
            error = 1;
        } else if (strncmp(m, "pq: ", 4) == 0) {
            m = jt_doc_skip_space(m + 4);
            error = 1;
        } else {
            return error ? m : NULL;
        }
    }
}

/* The lines after an error's: `SQLSTATE: XXXXX`, and the `HINT:`, `DETAIL:` lines read over. */
static void error_details(jt_doc_stmt *st, const jt_doc_span *lines, size_t nlines, size_t first) {
    size_t i;
    for (i = first + 1; i < nlines; i++) {
        const char *s = lines[i].s;
        size_t n = lines[i].n, k = 0;
        while (k < n && jt_doc_is_space((unsigned char)s[k]))
            k++;
        if (n - k >= 15 && strncmp(s + k, "SQLSTATE: ", 10) == 0) {
            memcpy(st->sqlstate, s + k + 10, 5);
            st->sqlstate[5] = '\0';
        }
    }
}

/* An output that is not a table, from its first non-blank line (line0, trimmed; only: the
   block has no other line but a `(1 row)`): an error, a command tag, a single value, or
   something the kit cannot read. */
static int read_message(jt_doc_reader *rd, jt_doc_stmt *st, const char *line0, int only) {
    const char *m = error_text(line0);
    int rc = JT_OK;
    if (m) {
        st->out = JT_DOC_OUT_ERROR;
        st->out_text = jt_strdup(m);
    } else if (only && is_tag(line0)) {
        st->out = JT_DOC_OUT_TAG;
        st->out_text = jt_strdup(line0);
    } else if (only) {
        st->out = JT_DOC_OUT_VALUE;
        st->out_text = jt_strdup(line0);
    } else {
        st->out = JT_DOC_OUT_OTHER;
        st->out_text = jt_strdup(line0);
        if (st->out_text)
            rc = jt_doc_add_issue(
                rd, st->out_line, JT_DOC_FIND_UNREADABLE,
                "the output block is no table, error, command tag or single value");
    }
    if (!st->out_text)
        rc = jt_doc_nomem(rd);
    return rc;
}

/* Whether the block has no line after lines[first] but blank ones and a `(1 row)`. */
static int only_line(const jt_doc_span *lines, size_t nlines, size_t first) {
    size_t i;
    for (i = first + 1; i < nlines; i++) {
        char *t;
        int64_t count = 0;
        int ok;
        if (jt_doc_is_blank(&lines[i]))
            continue;
        t = jt_strndup(lines[i].s, lines[i].n);
        ok = t && row_count_line(&count, t) && count == 1;
        free(t);
        if (!ok)
            return 0;
    }
    return 1;
}

int jt_doc_read_output(jt_doc_reader *rd, jt_doc_stmt *st, const char *literal, int first_line) {
    jt_doc_span *lines = NULL;
    size_t nlines, first = 0;
    char *line0 = NULL;
    int rc, layout;
    if (jt_doc_split_lines(&lines, &nlines, literal) < 0)
        return jt_doc_nomem(rd);
    while (first < nlines && jt_doc_is_blank(&lines[first]))
        first++;
    st->out_line = first_line + (int)first;
    if (first >= nlines) {
        st->out = JT_DOC_OUT_OTHER;
        st->out_text = jt_strdup("");
        rc = st->out_text ? jt_doc_add_issue(rd, st->out_line, JT_DOC_FIND_UNREADABLE,
                                             "the output block is empty")
                          : jt_doc_nomem(rd);
        goto out;
    }
    line0 = jt_doc_dup_trim(lines[first].s, lines[first].n);
    if (!line0) {
        rc = jt_doc_nomem(rd);
        goto out;
    }
    layout = error_text(line0) ? 0 : table_layout(lines, nlines, first);
    if (layout) {
        rc = read_table(rd, st, lines, nlines, first, first_line, layout);
        goto out;
    }
    rc = read_message(rd, st, line0, only_line(lines, nlines, first));
    if (rc == JT_OK && st->out == JT_DOC_OUT_ERROR)
        error_details(st, lines, nlines, first);
out:
    free(line0);
    free(lines);
    return rc;
}
