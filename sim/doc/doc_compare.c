/* jobtck doc, comparing: what a statement gave against the output block the page shows after
   it (a table, an error and its SQLSTATE, a command tag, a single value, or implied success). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_compare.h"
#include "sim/text/strbuf.h"

/* SHOW JOBS's columns in v2.0, whose names the pages of later versions still print. */
static const char *const v20_columns[] = {
    "id",      "type",     "description", "username",           "status", "created",
    "started", "finished", "modified",    "fraction_completed", "error",  "coordinator_id"};

/* Columns whose values a page cannot predict: times, progress, nodes, traces. */
static const char *const unpredictable[] = {"created",
                                            "started",
                                            "finished",
                                            "modified",
                                            "fraction_completed",
                                            "coordinator_id",
                                            "running_status",
                                            "trace_id",
                                            "last_run",
                                            "next_run",
                                            "num_runs",
                                            "high_water_timestamp",
                                            "readable_high_water_timestamptz"};

static const char *render(const char *v) {
    return v ? v : "NULL";
}

static int is_unpredictable(const char *name) {
    size_t i;
    for (i = 0; i < sizeof unpredictable / sizeof unpredictable[0]; i++)
        if (strcmp(unpredictable[i], name) == 0)
            return 1;
    return 0;
}

/* A page's cell against a value: `...` matches anything, `abc...` anything that starts abc. */
static int cell_matches(const char *page, const char *value) {
    size_t n = strlen(page);
    const char *v = render(value);
    if (jt_doc_is_ellipsis(page))
        return 1;
    if (n >= 3 && strcmp(page + n - 3, "...") == 0)
        return strncmp(page, v, n - 3) == 0;
    return strcmp(page, v) == 0;
}

static int message_matches(const char *page, const char *got) {
    size_t n = strlen(page);
    if (n >= 3 && strcmp(page + n - 3, "...") == 0)
        return strncmp(page, got, n - 3) == 0;
    return strcmp(page, got) == 0;
}

__attribute__((format(printf, 4, 5))) static int finding(jt_doc_cmp *c, int line, int kind,
                                                         const char *fmt, ...) {
    char *text, *msg;
    va_list ap;
    int n, rc;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return JT_EINVAL;
    text = jt_malloc((size_t)n + 1);
    if (!text)
        return JT_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    msg = jt_doc_finding_msg(c->page->path, line, kind, "%s", text);
    free(text);
    c->findings++;
    rc = jt_doc_report_item(c->rep, line, kind == JT_DOC_FIND_PAGE ? JT_DOC_FAIL : JT_DOC_SKIP,
                            kind, "statement", msg, NULL);
    if (rc == JT_OK)
        jt_doc_report_last(c->rep)->sql = c->st->sql;
    return rc;
}

/* "a | b | c" of names[0..n) (and " | …" when more). */
static int join(jt_strbuf *sb, char *const *names, size_t n, int more) {
    size_t i;
    int rc = JT_OK;
    for (i = 0; i < n && rc == JT_OK; i++)
        rc = jt_strbuf_addf(sb, "%s%s", i ? " | " : "", render(names[i]));
    if (rc == JT_OK && more)
        rc = jt_strbuf_adds(sb, n ? " | \xe2\x80\xa6" : "\xe2\x80\xa6");
    return rc;
}

static int is_show_jobs(const char *sql) {
    sql = jt_doc_skip_space(sql);
    if (!jt_doc_starts_word(sql, "SHOW"))
        return 0;
    return jt_doc_starts_word(jt_doc_skip_space(sql + 4), "JOBS");
}

static int compare_header(jt_doc_cmp *c, const jt_doc_stmt *st, const jt_result *res) {
    const jt_doc_table *t = &st->table;
    size_t i, shown;
    int differ = 0, v20 = t->ncols > 0 && t->ncols <= 12, rc;
    jt_strbuf a, b;
    for (i = 0; i < t->ncols; i++) {
        if (i >= res->ncols || strcmp(t->columns[i], res->columns[i]) != 0)
            differ = 1;
        if (i < 12 && strcmp(t->columns[i], v20_columns[i]) != 0)
            v20 = 0;
    }
    if (!t->more_cols && t->ncols < res->ncols)
        differ = 1;
    if (!differ)
        return JT_OK;
    shown = t->more_cols && t->ncols < res->ncols ? t->ncols : res->ncols;
    jt_strbuf_init(&a, JT_LIMIT_MESSAGE / 4);
    jt_strbuf_init(&b, JT_LIMIT_MESSAGE / 4);
    rc = join(&a, t->columns, t->ncols, 0);
    if (rc == JT_OK)
        rc = join(&b, res->columns, shown, shown < res->ncols);
    if (rc == JT_OK)
        rc = finding(c, t->header_line, JT_DOC_FIND_PAGE,
                     "%s shows column names \"%s\"%s; %s prints \"%s\"",
                     is_show_jobs(st->sql) ? "SHOW JOBS output" : "the output",
                     a.data ? a.data : "", v20 ? " (v2.0)" : "", c->who, b.data ? b.data : "");
    jt_strbuf_dispose(&a);
    jt_strbuf_dispose(&b);
    return rc == JT_ELIMIT ? finding(c, t->header_line, JT_DOC_FIND_PAGE,
                                     "column names differ (too long to show)")
                           : rc;
}

/* The result's column that the page's column i shows: the one in its place, else the one of its
   name (or of the name it had in v2.0), so that a column the page shows and the release does
   not return is a finding of the header alone, not of every row; -1 when there is none. */
static int res_column(const jt_doc_table *t, size_t i, const jt_result *res) {
    static const char *const now[] = {"job_id", "job_type", "description", "user_name"};
    const char *name = t->columns[i];
    size_t j, k;
    if (i < res->ncols && strcmp(name, res->columns[i]) == 0)
        return (int)i;
    for (k = 0; k < 4; k++)
        if (strcmp(name, v20_columns[k]) == 0)
            name = now[k];
    for (j = 0; j < res->ncols; j++)
        if (strcmp(name, res->columns[j]) == 0)
            return (int)j;
    return i < res->ncols && !t->more_cols && t->ncols == res->ncols ? (int)i : -1;
}

/* "a | b | c": the page's cells of row r, or the result's values of the same columns. */
static int row_text(jt_strbuf *sb, const jt_doc_table *t, size_t r, const jt_result *res,
                    size_t rr) {
    size_t i;
    int rc = JT_OK;
    for (i = 0; i < t->ncols && rc == JT_OK; i++) {
        int j = res ? res_column(t, i, res) : -1;
        const char *v = res ? (j >= 0 ? render(res->values[rr * res->ncols + (size_t)j]) : "")
                            : t->cells[r * t->ncols + i];
        rc = jt_strbuf_addf(sb, "%s%s", i ? " | " : "", v);
    }
    return rc;
}

#define ROW_FINDINGS_MAX 10

static int row_same(const jt_doc_table *t, size_t r, const jt_result *res) {
    size_t i;
    for (i = 0; i < t->ncols; i++) {
        int j = res_column(t, i, res);
        if (j >= 0 && !is_unpredictable(res->columns[j]) &&
            !cell_matches(t->cells[r * t->ncols + i], res->values[r * res->ncols + (size_t)j]))
            return 0;
    }
    return 1;
}

/* A row that differs: what the page shows and what came back. */
static int row_finding(jt_doc_cmp *c, const jt_doc_table *t, size_t r, const jt_result *res) {
    jt_strbuf a, b;
    int rc;
    jt_strbuf_init(&a, JT_LIMIT_MESSAGE / 4);
    jt_strbuf_init(&b, JT_LIMIT_MESSAGE / 4);
    rc = row_text(&a, t, r, NULL, 0);
    if (rc == JT_OK)
        rc = row_text(&b, t, r, res, r);
    if (rc == JT_OK)
        rc = finding(c, t->row_lines[r], JT_DOC_FIND_PAGE, "row shows \"%s\"; got \"%s\"",
                     a.data ? a.data : "", b.data ? b.data : "");
    else if (rc == JT_ELIMIT)
        rc = finding(c, t->row_lines[r], JT_DOC_FIND_PAGE, "row differs (too long to show)");
    jt_strbuf_dispose(&a);
    jt_strbuf_dispose(&b);
    return rc;
}

/* The number of rows: as many as shown, or as `(N rows)` says when a `...` leaves some out. */
static int compare_count(jt_doc_cmp *c, const jt_doc_table *t, const jt_result *res) {
    if (t->more_rows) {
        if (t->row_count >= 0 && (size_t)t->row_count != res->nrows)
            return finding(c, t->row_count_line, JT_DOC_FIND_PAGE,
                           "the page says (%lld row%s); got %zu", (long long)t->row_count,
                           t->row_count == 1 ? "" : "s", res->nrows);
        return JT_OK;
    }
    if (t->nrows > res->nrows) {
        size_t extra = t->nrows - res->nrows - 1;
        if (extra)
            return finding(c, t->row_lines[res->nrows], JT_DOC_FIND_PAGE,
                           "the page shows %zu rows; got %zu: this row and the %zu after it are "
                           "not in the result",
                           t->nrows, res->nrows, extra);
        return finding(c, t->row_lines[res->nrows], JT_DOC_FIND_PAGE,
                       "the page shows %zu rows; got %zu: this row is not in the result", t->nrows,
                       res->nrows);
    }
    if (t->nrows < res->nrows) {
        jt_strbuf b;
        int line = t->nrows ? t->row_lines[t->nrows - 1] : t->header_line, rc;
        jt_strbuf_init(&b, JT_LIMIT_MESSAGE / 4);
        rc = row_text(&b, t, 0, res, t->nrows);
        if (rc == JT_OK)
            rc = finding(c, line, JT_DOC_FIND_PAGE,
                         "the page shows %zu row%s; got %zu, the next being \"%s\"", t->nrows,
                         t->nrows == 1 ? "" : "s", res->nrows, b.data ? b.data : "");
        jt_strbuf_dispose(&b);
        return rc;
    }
    return JT_OK;
}

static int compare_rows(jt_doc_cmp *c, const jt_doc_stmt *st, const jt_result *res) {
    const jt_doc_table *t = &st->table;
    size_t r, n = t->nrows < res->nrows ? t->nrows : res->nrows, shown = 0, more = 0;
    int rc = JT_OK;
    for (r = 0; r < n && rc == JT_OK; r++) {
        if (row_same(t, r, res))
            continue;
        if (shown >= ROW_FINDINGS_MAX) {
            more++;
            continue;
        }
        shown++;
        rc = row_finding(c, t, r, res);
    }
    if (rc == JT_OK && more)
        rc = finding(c, t->row_lines[n - 1], JT_DOC_FIND_PAGE, "and %zu more row%s differ", more,
                     more == 1 ? "" : "s");
    return rc == JT_OK ? compare_count(c, t, res) : rc;
}

/* The statement failed where the page shows it working: a defect of the page, or, when the
   model cannot parse or does not support the statement, a limit of the kit. */
static int unexpected_error(jt_doc_cmp *c, const jt_doc_stmt *st, const jt_result *res,
                            const char *sql, const char *shows) {
    const char *msg = res->message ? res->message : "";
    if (c->model && (strcmp(res->sqlstate, "42601") == 0 || strcmp(res->sqlstate, "0A000") == 0))
        return finding(c, st->line, JT_DOC_FIND_LIMIT,
                       "the model (%s) cannot run `%s`: \"%s\" (%s)", c->who, sql, msg,
                       res->sqlstate);
    return finding(c, st->line, JT_DOC_FIND_PAGE, "`%s` fails with \"%s\" (%s); %s", sql, msg,
                   res->sqlstate, shows);
}

static int compare_error(jt_doc_cmp *c, const jt_doc_stmt *st, const jt_result *res,
                         const char *sql) {
    if (!res->failed)
        return finding(c, st->out_line, JT_DOC_FIND_PAGE,
                       "the page shows the error \"%s\"; `%s` succeeds (%s)", st->out_text, sql,
                       res->tag);
    if (!message_matches(st->out_text, res->message ? res->message : ""))
        return finding(c, st->out_line, JT_DOC_FIND_PAGE,
                       "the page shows the error \"%s\"; got \"%s\" (%s)", st->out_text,
                       res->message ? res->message : "", res->sqlstate);
    if (st->sqlstate[0] && strcmp(st->sqlstate, res->sqlstate) != 0)
        return finding(c, st->out_line, JT_DOC_FIND_PAGE,
                       "the page shows SQLSTATE %s; got %s (\"%s\")", st->sqlstate, res->sqlstate,
                       res->message ? res->message : "");
    return JT_OK;
}

static int compare_value(jt_doc_cmp *c, const jt_doc_stmt *st, const jt_result *res,
                         const char *sql) {
    char shows[96];
    snprintf(shows, sizeof shows, "the page shows \"%.60s\"", st->out_text);
    if (res->failed)
        return unexpected_error(c, st, res, sql, shows);
    if (res->ncols != 1 || res->nrows != 1)
        return finding(c, st->out_line, JT_DOC_FIND_UNREADABLE,
                       "the output block is one line, \"%s\", that is no table, error or command "
                       "tag, and `%s` gives %zu column%s and %zu row%s",
                       st->out_text, sql, res->ncols, res->ncols == 1 ? "" : "s", res->nrows,
                       res->nrows == 1 ? "" : "s");
    if (!cell_matches(st->out_text, res->values[0]))
        return finding(c, st->out_line, JT_DOC_FIND_PAGE, "the page shows \"%s\"; got \"%s\"",
                       st->out_text, render(res->values[0]));
    return JT_OK;
}

int jt_doc_compare(jt_doc_cmp *c, const jt_result *res) {
    const jt_doc_stmt *st = c->st;
    char sql[96], shows[160];
    jt_doc_short_sql(sql, sizeof sql, st->sql, 60);
    switch (st->out) {
    case JT_DOC_OUT_ERROR:
        return compare_error(c, st, res, sql);
    case JT_DOC_OUT_TABLE: {
        int rc;
        snprintf(shows, sizeof shows, "the page shows its output at line %d", st->out_line);
        if (res->failed)
            return unexpected_error(c, st, res, sql, shows);
        rc = compare_header(c, st, res);
        return rc == JT_OK ? compare_rows(c, st, res) : rc;
    }
    case JT_DOC_OUT_TAG:
        snprintf(shows, sizeof shows, "the page shows \"%.100s\"", st->out_text);
        if (res->failed)
            return unexpected_error(c, st, res, sql, shows);
        if (strcmp(st->out_text, res->tag) != 0)
            return finding(c, st->out_line, JT_DOC_FIND_PAGE, "the page shows \"%s\"; got \"%s\"",
                           st->out_text, res->tag);
        return JT_OK;
    case JT_DOC_OUT_VALUE:
        return compare_value(c, st, res, sql);
    default:
        if (res->failed)
            return unexpected_error(c, st, res, sql, "the page shows no error, implying success");
        return JT_OK;
    }
}
