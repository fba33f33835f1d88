/* jobtck doc, statements: the page's statements run in order on a driver, in the world the page
   implies, and what comes back compared with what the page shows. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/doc/doc.h"
#include "sim/doc/doc_internal.h"
#include "sim/drivers/drivers.h"
#include "sim/drivers/session.h"
#include "sim/text/strbuf.h"

/* SHOW JOBS's columns in v2.0, whose names the pages of later versions still print. */
static const char *const v20_columns[] = {
    "id",      "type",     "description", "username",           "status", "created",
    "started", "finished", "modified",    "fraction_completed", "error",  "coordinator_id"};

/* Columns whose values a page cannot predict: times, progress, nodes. */
static const char *const unpredictable[] = {"created",
                                            "started",
                                            "finished",
                                            "modified",
                                            "fraction_completed",
                                            "coordinator_id",
                                            "running_status",
                                            "high_water_timestamp"};

char *jt_doc_msg(const char *path, int line, const char *fmt, ...) {
    jt_strbuf sb;
    va_list ap;
    char *text;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    text = jt_malloc((size_t)n + 1);
    if (!text)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
    if (line > 0)
        n = jt_strbuf_addf(&sb, "%s:%d: ", path, line);
    else
        n = jt_strbuf_addf(&sb, "%s: ", path);
    if (n == JT_ELIMIT || jt_strbuf_adds(&sb, text) == JT_ELIMIT) {
        /* very long: cut, but say so */
        jt_strbuf_dispose(&sb);
        free(text);
        jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
        if (jt_strbuf_addf(&sb, "%s:%d: (message longer than %d bytes)", path, line,
                           JT_LIMIT_MESSAGE) < 0) {
            jt_strbuf_dispose(&sb);
            return NULL;
        }
        return jt_strbuf_take(&sb);
    }
    free(text);
    return jt_strbuf_take(&sb);
}

/* The statement on one line, white space collapsed, cut at max bytes with "…". */
void jt_doc_short_sql(char *buf, size_t size, const char *sql, size_t max) {
    size_t n = 0;
    const char *s = sql;
    int space = 0;
    JT_ASSERT(size > 4);
    if (max + 4 > size)
        max = size - 4;
    while (*s == ' ' || *s == '\n' || *s == '\t')
        s++;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && n > 0 && n < max)
            buf[n++] = ' ';
        space = 0;
        if (n >= max) {
            memcpy(buf + n, "\xe2\x80\xa6", 3); /* … */
            n += 3;
            break;
        }
        buf[n++] = *s;
    }
    buf[n] = '\0';
}

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

static int is_ellipsis(const char *s) {
    return strcmp(s, "...") == 0 || strcmp(s, "\xe2\x80\xa6") == 0;
}

/* A page's cell against a value: `...` matches anything, `abc...` anything that starts abc. */
static int cell_matches(const char *page, const char *value) {
    size_t n = strlen(page);
    const char *v = render(value);
    if (is_ellipsis(page))
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

/* Adds an item about statement st. */
static int stmt_item(jt_doc_report *rep, const jt_doc_stmt *st, int line, int outcome, char *msg) {
    int rc = jt_doc_report_add(rep, line, outcome, msg, NULL);
    if (rc == JT_OK) {
        jt_doc_report_last(rep)->kind = "statement";
        jt_doc_report_last(rep)->sql = st->sql;
    }
    return rc;
}

typedef struct checker {
    const jt_doc_page *page;
    const jt_doc_config *cfg;
    jt_doc_report *rep;
    const char *who; /* "v2.1" (the model's profile) or "driver NAME" */
    char whobuf[160];
    const jt_doc_stmt *st; /* the statement being compared */
    size_t findings;       /* its findings */
} checker;

__attribute__((format(printf, 3, 4))) static int finding(checker *c, int line, const char *fmt,
                                                         ...) {
    char *text, *msg;
    va_list ap;
    int n;
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
    msg = jt_doc_msg(c->page->path, line, "%s", text);
    free(text);
    c->findings++;
    return stmt_item(c->rep, c->st, line, JT_DOC_FAIL, msg);
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
    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    if (!jt_doc_starts_word(sql, "SHOW"))
        return 0;
    sql += 4;
    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    return jt_doc_starts_word(sql, "JOBS");
}

static int compare_header(checker *c, const jt_doc_stmt *st, const jt_result *res) {
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
        rc = finding(c, t->header_line, "%s shows column names \"%s\"%s; %s prints \"%s\"",
                     is_show_jobs(st->sql) ? "SHOW JOBS output" : "the output",
                     a.data ? a.data : "", v20 ? " (v2.0)" : "", c->who, b.data ? b.data : "");
    jt_strbuf_dispose(&a);
    jt_strbuf_dispose(&b);
    return rc == JT_ELIMIT ? finding(c, t->header_line, "column names differ (too long to show)")
                           : rc;
}

/* "a | b | c": the page's cells of row r, or the result's values of the same columns. */
static int row_text(jt_strbuf *sb, const jt_doc_table *t, size_t r, const jt_result *res,
                    size_t rr) {
    size_t i;
    int rc = JT_OK;
    for (i = 0; i < t->ncols && rc == JT_OK; i++) {
        const char *v = res ? (i < res->ncols ? render(res->values[rr * res->ncols + i]) : "")
                            : t->cells[r * t->ncols + i];
        rc = jt_strbuf_addf(sb, "%s%s", i ? " | " : "", v);
    }
    return rc;
}

#define ROW_FINDINGS_MAX 10

static int compare_rows(checker *c, const jt_doc_stmt *st, const jt_result *res) {
    const jt_doc_table *t = &st->table;
    size_t r, n = t->nrows < res->nrows ? t->nrows : res->nrows, shown = 0, more = 0;
    int rc = JT_OK;
    for (r = 0; r < n && rc == JT_OK; r++) {
        size_t i;
        int same = 1;
        jt_strbuf a, b;
        for (i = 0; i < t->ncols && i < res->ncols; i++) {
            if (is_unpredictable(res->columns[i]))
                continue;
            if (!cell_matches(t->cells[r * t->ncols + i], res->values[r * res->ncols + i]))
                same = 0;
        }
        if (same)
            continue;
        if (shown >= ROW_FINDINGS_MAX) {
            more++;
            continue;
        }
        shown++;
        jt_strbuf_init(&a, JT_LIMIT_MESSAGE / 4);
        jt_strbuf_init(&b, JT_LIMIT_MESSAGE / 4);
        rc = row_text(&a, t, r, NULL, 0);
        if (rc == JT_OK)
            rc = row_text(&b, t, r, res, r);
        if (rc == JT_OK)
            rc = finding(c, t->row_lines[r], "row shows \"%s\"; got \"%s\"", a.data ? a.data : "",
                         b.data ? b.data : "");
        else if (rc == JT_ELIMIT)
            rc = finding(c, t->row_lines[r], "row differs (too long to show)");
        jt_strbuf_dispose(&a);
        jt_strbuf_dispose(&b);
    }
    if (rc == JT_OK && more)
        rc = finding(c, t->row_lines[n - 1], "and %zu more row%s differ", more,
                     more == 1 ? "" : "s");
    if (rc != JT_OK || t->more_rows)
        return rc;
    if (t->nrows > res->nrows) {
        size_t extra = t->nrows - res->nrows - 1;
        if (extra)
            rc = finding(c, t->row_lines[res->nrows],
                         "the page shows %zu rows; got %zu: this row and the %zu after it are "
                         "not in the result",
                         t->nrows, res->nrows, extra);
        else
            rc = finding(c, t->row_lines[res->nrows],
                         "the page shows %zu rows; got %zu: this row is not in the result",
                         t->nrows, res->nrows);
    } else if (t->nrows < res->nrows) {
        jt_strbuf b;
        int line = t->nrows ? t->row_lines[t->nrows - 1] : t->header_line;
        jt_strbuf_init(&b, JT_LIMIT_MESSAGE / 4);
        rc = row_text(&b, t, 0, res, t->nrows);
        if (rc == JT_OK)
            rc = finding(c, line, "the page shows %zu row%s; got %zu, the next being \"%s\"",
                         t->nrows, t->nrows == 1 ? "" : "s", res->nrows, b.data ? b.data : "");
        jt_strbuf_dispose(&b);
    }
    return rc;
}

static int compare(checker *c, const jt_doc_stmt *st, const jt_result *res) {
    char sql[96];
    jt_doc_short_sql(sql, sizeof sql, st->sql, 60);
    switch (st->out) {
    case JT_DOC_OUT_ERROR:
        if (!res->failed)
            return finding(c, st->out_line, "the page shows the error \"%s\"; `%s` succeeds (%s)",
                           st->out_text, sql, res->tag);
        if (!message_matches(st->out_text, res->message ? res->message : ""))
            return finding(c, st->out_line, "the page shows the error \"%s\"; got \"%s\" (%s)",
                           st->out_text, res->message ? res->message : "", res->sqlstate);
        return JT_OK;
    case JT_DOC_OUT_TABLE: {
        int rc;
        if (res->failed)
            return finding(c, st->line,
                           "`%s` fails with \"%s\" (%s); the page shows its output at line %d", sql,
                           res->message ? res->message : "", res->sqlstate, st->out_line);
        rc = compare_header(c, st, res);
        return rc == JT_OK ? compare_rows(c, st, res) : rc;
    }
    case JT_DOC_OUT_TAG:
        if (res->failed)
            return finding(c, st->line, "`%s` fails with \"%s\" (%s); the page shows \"%s\"", sql,
                           res->message ? res->message : "", res->sqlstate, st->out_text);
        if (strcmp(st->out_text, res->tag) != 0)
            return finding(c, st->out_line, "the page shows \"%s\"; got \"%s\"", st->out_text,
                           res->tag);
        return JT_OK;
    default:
        if (res->failed)
            return finding(c, st->line,
                           "`%s` fails with \"%s\" (%s); the page shows no error, implying "
                           "success",
                           sql, res->message ? res->message : "", res->sqlstate);
        return JT_OK;
    }
}

int jt_doc_open_oracle(jt_session **out, const jt_doc_config *cfg, jt_error *err) {
    const unsigned need = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET;
    jt_options opts;
    int rc;
    *out = NULL;
    jt_options_init(&opts);
    if (cfg->oracle)
        rc = jt_session_open_driver(out, cfg->oracle, cfg->oracle_target, NULL, err);
    else if ((rc = jt_options_add(&opts, "profile", jt_doc_profile(cfg), err)) == JT_OK)
        rc = jt_session_open(out, "model", &opts, err);
    jt_options_dispose(&opts);
    if (rc == JT_OK && (jt_session_caps(*out) & need) != need)
        rc = jt_error_set(err, JT_ENOTSUP, 0,
                          "driver %s cannot check claims: it needs fixtures, users and reset",
                          jt_session_name(*out));
    if (rc < 0) {
        jt_session_close(*out);
        *out = NULL;
    }
    return rc;
}

const char *jt_doc_profile(const jt_doc_config *cfg) {
    const char *p = cfg->session ? jt_session_option(cfg->session, "profile") : NULL;
    if (cfg->profile)
        return cfg->profile;
    return p ? p : JT_PROFILE_DEFAULT;
}

/* Every statement of the page skipped: the driver cannot make the world it implies. */
static int skip_all(jt_doc_report *out, const jt_doc_page *page, const char *driver,
                    jt_error *err) {
    size_t k;
    for (k = 0; k < page->nstmts; k++) {
        int rc = stmt_item(
            out, &page->stmts[k], page->stmts[k].line, JT_DOC_SKIP,
            jt_doc_msg(page->path, page->stmts[k].line,
                       "not run: driver %s cannot create the jobs and users the page implies",
                       driver));
        if (rc < 0)
            return jt_error_set(err, rc, 0, "out of memory");
    }
    return JT_OK;
}

/* The fixtures of the world due before statement k, from *f on. */
static int world_before(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                        size_t k, size_t *f, jt_session *s) {
    for (; *f < w->nfx && w->fx[*f].before <= k; (*f)++) {
        jt_error derr;
        memset(&derr, 0, sizeof derr);
        if (jt_session_fixture(s, &w->fx[*f].fx, &derr) < 0 &&
            jt_doc_report_add(out, w->fx[*f].line, JT_DOC_FAIL,
                              jt_doc_msg(page->path, w->fx[*f].line,
                                         "driver %s refuses the world the page implies: %s",
                                         jt_session_name(s), derr.message),
                              NULL) < 0)
            return JT_ENOMEM;
    }
    return JT_OK;
}

/* Statement st on the session, compared with the page. */
static int check_one(checker *c, const jt_doc_stmt *st, jt_session *s) {
    jt_result res;
    jt_error derr;
    int rc;
    memset(&res, 0, sizeof res);
    memset(&derr, 0, sizeof derr);
    res.count = -1;
    rc = jt_session_exec(s, "root", st->sql, &res, &derr);
    if (rc == JT_ENOMEM)
        return rc;
    if (rc < 0)
        return stmt_item(c->rep, st, st->line, JT_DOC_FAIL,
                         jt_doc_msg(c->page->path, st->line, "driver failure: %s", derr.message));
    c->findings = 0;
    c->st = st;
    rc = compare(c, st, &res);
    jt_session_free_result(s, &res);
    if (rc == JT_OK && c->findings == 0)
        rc = stmt_item(c->rep, st, st->line, JT_DOC_PASS, NULL);
    return rc;
}

int jt_doc_check_statements(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                            const jt_doc_config *cfg, jt_error *err) {
    jt_session *s = cfg->session;
    checker c;
    size_t k, f = 0;
    int rc = JT_OK;
    memset(&c, 0, sizeof c);
    c.page = page;
    c.cfg = cfg;
    c.rep = out;
    /* the model says which profile it ran; another driver, its name */
    if (jt_session_model(s))
        snprintf(c.whobuf, sizeof c.whobuf, "%s",
                 jt_session_option(s, "profile") ? jt_session_option(s, "profile")
                                                 : jt_doc_profile(cfg));
    else
        snprintf(c.whobuf, sizeof c.whobuf, "driver %s", jt_session_name(s));
    c.who = c.whobuf;
    if (!page->nstmts)
        return JT_OK;
    if (w->nfx && !(jt_session_caps(s) & JT_CAP_FIXTURES))
        return skip_all(out, page, jt_session_name(s), err);
    rc = jt_session_restart(s, err);
    for (k = 0; k < page->nstmts && rc == JT_OK; k++) {
        rc = world_before(out, page, w, k, &f, s);
        if (rc == JT_OK)
            rc = check_one(&c, &page->stmts[k], s);
        if (rc < 0)
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    return rc;
}

int jt_doc_check(jt_doc_report *out, const jt_doc_page *page, const jt_doc_config *cfg,
                 jt_error *err) {
    jt_doc_world w;
    size_t i;
    int rc = jt_doc_world_build(&w, page, err);
    if (rc < 0)
        return rc;
    for (i = 0; i < page->nissues && rc == JT_OK; i++) {
        char *m = jt_strdup(page->issues[i].message);
        rc = jt_doc_report_add(out, page->issues[i].line,
                               page->issues[i].finding ? JT_DOC_FAIL : JT_DOC_NOTE, m, NULL);
        if (rc < 0)
            rc = jt_error_set(err, rc, 0, "out of memory");
    }
    if (rc == JT_OK)
        rc = jt_doc_check_statements(out, page, &w, cfg, err);
    if (rc == JT_OK)
        rc = jt_doc_check_claims(out, page, &w, cfg, err);
    jt_doc_world_dispose(&w);
    jt_doc_report_sort(out);
    return rc;
}
