/* A statement whose rows are produced a batch at a time: a portal of jobtck serve
   (model.h). A query is planned, filtered and ordered when it is opened; each fetch projects
   and renders the next rows only, in an arena of the batch, so that a large result never
   exists whole. Any other statement runs whole when opened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/exec.h"
#include "model/internal/sql.h"
#include "model/internal/store.h"
#include "model/model.h"

struct jt_model_cursor {
    jt_model *m;
    jt_arena arena; /* the statement's tree, its plan, the rows' order */
    jt_sqlerr e;
    jt_eval ev;
    jt_query *q;     /* a query being fetched; NULL for a statement that ran whole */
    jt_result whole; /* that statement's result, handed out by the fetches */
    size_t handed;   /* rows of whole handed out */
    int64_t fetched; /* rows of q fetched */
    int done;
};

/* The selection a statement's rows come from (a query, SHOW JOBS), in the cursor's arena;
   NULL for another statement. */
static jt_select *rows_source(jt_model_cursor *c, jt_stmt *st) {
    jt_select *s;
    if (st->kind == JT_S_SELECT)
        return st->sel;
    if (st->kind != JT_S_SHOW_JOBS)
        return NULL;
    s = jt_arena_alloc(&c->arena, sizeof *s);
    if (!s)
        return NULL;
    s->source = st->automatic ? JT_SRC_SHOW_AUTOMATIC : JT_SRC_SHOW_JOBS;
    s->star = 1;
    s->statement = 1;
    if (st->sel) { /* SHOW JOB(S) x */
        s->source = JT_SRC_SHOW_JOB_IDS;
        s->ids = st->sel;
    }
    return s;
}

/* The statement to open: sql parsed, or the prepared statement name parsed again (the
   cursor keeps its own tree: the statement may be deallocated while the cursor is open). */
static int parse_statement(jt_model_cursor *c, const char *name, const char *sql, jt_stmt **out,
                           jt_result *head) {
    jt_prepared *pr;
    jt_stmt *st;
    int rc;
    if (sql)
        return jt_sql_parse(out, &c->arena, sql, c->m->profile->grammar, &c->e);
    pr = jt_model_prepared(&c->ev, name, NULL);
    if (!pr) {
        jt_sqlerr_set(&c->e, "26000", "prepared statement \"%s\" does not exist", name);
        return jt_model_result_error(head, &c->e);
    }
    rc = jt_sql_parse(&st, &c->arena, pr->sql, c->m->profile->grammar, &c->e);
    if (rc == JT_OK && pr->inner) {
        st->inner->nparams = st->nparams;
        st = st->inner;
    }
    *out = st;
    return rc;
}

/* Opens st: a query is planned (its columns into head), another statement runs whole. */
static int start(jt_model_cursor *c, jt_stmt *st, const char *sql, jt_result *head) {
    jt_select *s = rows_source(c, st);
    jt_rows shape;
    if (!s && (st->kind == JT_S_SELECT || st->kind == JT_S_SHOW_JOBS))
        return JT_ENOMEM;
    if (!s) {
        int rc = jt_model_run_stmt(&c->ev, st, sql, &c->whole);
        if (rc || !c->whole.failed)
            return rc;
        /* The error goes to head. */
        head->failed = 1;
        memcpy(head->sqlstate, c->whole.sqlstate, sizeof head->sqlstate);
        head->position = c->whole.position;
        head->message = c->whole.message;
        c->whole.message = NULL;
        return JT_OK;
    }
    if (jt_eval_open(&c->ev, s, JT_T_UNKNOWN, &c->q, &shape))
        return c->ev.rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(head, &c->e);
    return jt_model_result_rows(&c->ev, head, &shape);
}

/* Copies n strings (NULL ones stay NULL) into *dst, their texts in one block (*blob). */
static int pack(char *const *src, size_t n, char ***dst, void **blob) {
    size_t total = 1, k;
    char *w;
    for (k = 0; k < n; k++)
        total += src[k] ? strlen(src[k]) + 1 : 0;
    *dst = jt_calloc(n ? n : 1, sizeof **dst);
    *blob = w = jt_malloc(total);
    if (!*dst || !w)
        return JT_ENOMEM;
    for (k = 0; k < n; k++) {
        if (src[k]) {
            size_t len = strlen(src[k]) + 1;
            memcpy(w, src[k], len);
            (*dst)[k] = w;
            w += len;
        }
    }
    return JT_OK;
}

/* The columns of the whole result into head. */
static int head_of_whole(const jt_result *whole, jt_result *head) {
    if (whole->ncols == 0)
        return JT_OK;
    head->ncols = whole->ncols;
    head->types = whole->types ? jt_strdup(whole->types) : NULL;
    if (whole->types && !head->types)
        return JT_ENOMEM;
    return pack(whole->columns, whole->ncols, &head->columns, &head->priv);
}

int jt_model_open(jt_model *m, jt_model_session *ss, const char *user, const char *name,
                  const char *sql, const jt_model_param *params, size_t nparams,
                  jt_model_cursor **out, jt_result *head, jt_error *err) {
    jt_model_cursor *c = jt_calloc(1, sizeof *c);
    jt_stmt *st = NULL;
    int rc;
    *out = NULL;
    memset(head, 0, sizeof *head);
    head->count = -1;
    if (!c)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    c->m = m;
    c->whole.count = -1;
    jt_sqlerr_clear(&c->e);
    jt_arena_init(&c->arena, JT_LIMIT_STATEMENT_MEMORY);
    c->ev.m = m;
    c->ev.a = &c->arena;
    c->ev.user = user ? user : "root";
    c->ev.e = &c->e;
    c->ev.ps = ss ? jt_model_session_set(ss) : &m->prepared;
    /* A user a real server refuses a session runs nothing (exec.c). */
    rc = jt_model_session_refused(m, c->ev.user, &c->e) ? JT_EPARSE
                                                        : parse_statement(c, name, sql, &st, head);
    if (rc == JT_OK && !head->failed)
        rc = jt_model_bind(&c->ev, st, params, nparams, head);
    if (rc == JT_OK && !head->failed)
        rc = start(c, st, sql, head);
    if (rc == JT_OK && !head->failed && !c->q)
        rc = head_of_whole(&c->whole, head);
    if (rc == JT_ENOMEM && c->arena.over)
        rc = jt_model_too_large(&c->e);
    if (rc == JT_EPARSE || rc == JT_ELIMIT) {
        jt_result_dispose(head);
        rc = jt_model_result_error(head, &c->e);
    }
    if (rc || head->failed) {
        jt_model_close(c);
        if (rc)
            return jt_error_set(err, rc, 0, "model: %s", jt_strerror(rc));
        return JT_OK;
    }
    head->count = -1;
    head->tag[0] = '\0';
    *out = c;
    return JT_OK;
}

/* The next rows of the whole result into out (they stay the cursor's: out points at them). */
static int fetch_whole(jt_model_cursor *c, size_t max, jt_result *out) {
    jt_result *w = &c->whole;
    size_t n = w->nrows - c->handed;
    if (n > max)
        n = max;
    out->ncols = w->ncols;
    out->nrows = n;
    if (n > 0 && pack(w->values + c->handed * w->ncols, n * w->ncols, &out->values, &out->priv))
        return JT_ENOMEM;
    c->handed += n;
    if (c->handed == w->nrows) {
        memcpy(out->tag, w->tag, sizeof out->tag);
        out->count = w->count;
        c->done = 1;
    }
    return JT_OK;
}

/* The next rows of the query into out, rendered in an arena of the batch. */
static int fetch_query(jt_model_cursor *c, size_t max, jt_result *out) {
    jt_arena batch;
    jt_rows rows;
    int done = 0, rc;
    jt_arena_init(&batch, JT_LIMIT_STATEMENT_MEMORY);
    c->ev.keep = &c->arena;
    c->ev.a = &batch;
    rc = jt_eval_fetch(c->q, max, &rows, &done);
    if (rc == JT_OK)
        rc = jt_model_result_rows(&c->ev, out, &rows);
    else if (rc != JT_ENOMEM)
        rc = jt_model_result_error(out, &c->e);
    c->ev.a = &c->arena;
    c->ev.keep = NULL;
    if (rc == JT_ENOMEM && batch.over) {
        jt_result_dispose(out);
        jt_model_too_large(&c->e);
        rc = jt_model_result_error(out, &c->e);
    }
    jt_arena_dispose(&batch);
    if (rc || out->failed) {
        c->done = 1;
        return rc;
    }
    c->fetched += (int64_t)rows.nrows;
    out->tag[0] = '\0';
    out->count = -1;
    if (done) {
        snprintf(out->tag, sizeof out->tag, "SELECT %lld", (long long)c->fetched);
        out->count = c->fetched;
        c->done = 1;
    }
    return JT_OK;
}

int jt_model_fetch(jt_model_cursor *c, size_t max, jt_result *out, jt_error *err) {
    int rc;
    memset(out, 0, sizeof *out);
    out->count = -1;
    if (c->done)
        return JT_OK;
    rc = c->q ? fetch_query(c, max, out) : fetch_whole(c, max, out);
    if (rc) {
        jt_result_dispose(out);
        c->done = 1;
        return jt_error_set(err, rc, 0, "model: %s", jt_strerror(rc));
    }
    return JT_OK;
}

int jt_model_cursor_done(const jt_model_cursor *c) {
    return c->done;
}

void jt_model_close(jt_model_cursor *c) {
    if (!c)
        return;
    jt_eval_close(c->q);
    jt_result_dispose(&c->whole);
    jt_arena_dispose(&c->arena);
    free(c);
}
