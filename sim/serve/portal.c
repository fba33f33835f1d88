/* A statement running: started, then its rows a batch at a time (see portal.h). */
#include "sim/serve/portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/serve/fixtures.h"
#include "sim/serve/lex.h"
#include "sim/serve/racy.h"
#include "sim/serve/sres.h"
#include "sim/serve/stmt.h"
#include "sim/serve/txn.h"
#include "sim/serve/vars.h"
#include "sim/serve/wire.h"
#include "sim/serve/worker.h"
#include "sim/serve/world.h"

jt_portal *jt_portal_new(const char *name, const char *sql) {
    jt_portal *p = jt_calloc(1, sizeof *p);
    if (!p)
        return NULL;
    jt_sres_init(&p->whole);
    jt_sres_init(&p->head);
    p->name = jt_strdup(name);
    p->sql = jt_strdup(sql);
    if (!p->name || !p->sql) {
        jt_portal_free(p);
        return NULL;
    }
    p->kind = jt_stmt_kind(sql);
    return p;
}

void jt_portal_end(jt_portal *p) {
    jt_worker_forget(p);
    p->opening = 0;
    jt_model_close(p->cur);
    jt_wmodel_unpin(p->pin);
    p->cur = NULL;
    p->pin = NULL;
}

void jt_portal_free(jt_portal *p) {
    size_t k;
    if (!p)
        return;
    jt_portal_end(p);
    for (k = 0; k < p->nparams; k++)
        free((char *)p->params[k].text);
    free(p->params);
    free(p->formats);
    free(p->name);
    free(p->sql);
    free(p->prepared);
    jt_sres_dispose(&p->whole);
    jt_result_dispose(&p->head);
    free(p);
}

/* The columns of p's rows: the model's (head), or those of serve's answer. */
static const jt_result *columns_of(const jt_portal *p) {
    return p->kind == JT_ST_MODEL ? &p->head : &p->whole;
}

/* The statement's error position in the Query: after the statements before it. */
void jt_portal_fail(jt_serve *s, jt_conn *c, jt_portal *p, const jt_result *r) {
    jt_result e = *r;
    if (e.position > 0)
        e.position += p->position_offset;
    jt_wire_sql_error(c, &e);
    jt_txn_failed(s, c);
    if (p->extended)
        c->skipping = 1;
    if (c->query)
        c->query->failed = 1;
    jt_portal_end(p);
    p->done = p->failed = 1;
    if (c->active == p)
        c->active = NULL;
}

/* A SQL error of serve's own, for fail. */
static int fail_with(jt_serve *s, jt_conn *c, jt_portal *p, const char *sqlstate,
                     const char *message) {
    jt_result r;
    memset(&r, 0, sizeof r);
    snprintf(r.sqlstate, sizeof r.sqlstate, "%s", sqlstate);
    r.message = (char *)message;
    r.failed = 1;
    jt_portal_fail(s, c, p, &r);
    return -1;
}

/* ---- starting -------------------------------------------------------------------------- */

/* Whether sql is JOBTCK RESET. */
static int is_reset(const char *sql) {
    jt_lexer lx;
    int yes;
    jt_lex_start(&lx, sql);
    jt_lex_next(&lx);
    yes = jt_lex_is(&lx, "RESET");
    jt_lex_end(&lx);
    return yes;
}

/* JOBTCK: a fixture, reset or step on the world, outside transaction blocks. */
static int start_jobtck(jt_serve *s, jt_conn *c, jt_portal *p) {
    jt_world *w = &s->worlds[c->world];
    jt_model *m;
    jt_error err;
    size_t i;
    if (c->txn.status != 'I')
        return fail_with(s, c, p, "25001",
                         "JOBTCK statements cannot run inside a transaction block");
    m = jt_world_writable(w);
    if (!m)
        return fail_with(s, c, p, "53200", "out of memory");
    memset(&err, 0, sizeof err);
    if (jt_jobtck_run(m, p->sql, p->whole.tag, sizeof p->whole.tag, &err) < 0)
        return fail_with(s, c, p, err.sqlstate, err.message);
    w->version++;
    if (is_reset(p->sql)) /* the model forgets prepared statements: every session's */
        for (i = 0; i < s->nconns; i++)
            if (s->conns[i]->ss && s->conns[i]->world == c->world)
                jt_model_session_clear(s->conns[i]->ss);
    return 0;
}

/* A statement serve answers itself: its whole result. */
static int start_answer(jt_serve *s, jt_conn *c, jt_portal *p) {
    int rc = p->kind == JT_ST_TXN ? jt_txn_run(s, c, p->sql, &p->whole)
                                  : jt_stmt_answer(s, c, p->kind, p->sql, &p->whole);
    if (rc)
        return fail_with(s, c, p, "53200", "out of memory");
    if (p->whole.failed)
        return jt_portal_fail(s, c, p, &p->whole), -1;
    return 0;
}

/* statement_timeout in milliseconds (0: none). */
static int64_t timeout_ms(jt_serve *s, jt_conn *c) {
    const char *v = jt_var_get(s, c, "statement_timeout");
    char *end;
    long long n = v ? strtoll(v, &end, 10) : 0;
    if (!v || n <= 0)
        return 0;
    return strcmp(end, "s") == 0 ? n * 1000 : n;
}

/* The cursor just opened (p->cur) with its head, on the model pin holds: p's; or head's
   error. 0, or -1 after the error was sent. */
static int take_cursor(jt_serve *s, jt_conn *c, jt_portal *p, jt_result *head, jt_wmodel *pin) {
    if (head->failed) {
        jt_wmodel_unpin(pin);
        jt_stmt_not_supported(s, head, p->sql);
        jt_portal_fail(s, c, p, head);
        jt_result_dispose(head);
        return -1;
    }
    p->pin = pin;
    jt_result_dispose(&p->head);
    p->head = *head;
    memset(head, 0, sizeof *head);
    p->fp = jt_fp_head(&p->head);
    return 0;
}

/* What the model's statement is, without running it: whether it writes, its rows' columns
   (p->head until the cursor gives them). 0, or -1 after its error was sent. */
static int shape_of(jt_serve *s, jt_conn *c, jt_portal *p) {
    jt_model_shape sh;
    if (jt_model_describe(s->worlds[c->world].cur->m, c->ss, c->user, p->prepared,
                          p->prepared ? NULL : p->sql, p->params, p->nparams, &sh, NULL) < 0)
        return fail_with(s, c, p, "53200", "out of memory");
    if (sh.result.failed) {
        jt_stmt_not_supported(s, &sh.result, p->sql);
        jt_portal_fail(s, c, p, &sh.result);
        jt_model_shape_dispose(&sh);
        return -1;
    }
    p->writes = !sh.reads_only;
    p->rows = sh.rows;
    jt_result_dispose(&p->head);
    p->head = sh.result;
    return 0;
}

/* The model's statement: opened on the world's model or the block's (a cursor); a large
   query by the helper thread. */
static int start_model(jt_serve *s, jt_conn *c, jt_portal *p) {
    jt_wmodel *pin;
    jt_model *m;
    jt_result head;
    memset(&head, 0, sizeof head);
    if (shape_of(s, c, p) < 0)
        return -1;
    if (p->writes && c->txn.read_only)
        return fail_with(s, c, p, "25006",
                         "cannot execute this statement in a read-only transaction");
    m = jt_txn_model(s, c, p->writes, &pin);
    if (m && pin && jt_worker_wanted(s, c, p) && jt_worker_submit(s, c, p, pin) == 0)
        return 0; /* the helper opens it; the loop goes on (jt_portal_opened) */
    if (!m || jt_model_open(m, c->ss, c->user, p->prepared, p->prepared ? NULL : p->sql, p->params,
                            p->nparams, &p->cur, &head, NULL) < 0) {
        jt_wmodel_unpin(pin);
        return fail_with(s, c, p, "53200", "out of memory");
    }
    if (p->writes && c->txn.status == 'I')
        s->worlds[c->world].version++;
    return take_cursor(s, c, p, &head, pin);
}

void jt_portal_opened(jt_serve *s, jt_conn *c, jt_portal *p, int rc, jt_result *head,
                      jt_model_cursor *cur, jt_wmodel *pin) {
    p->opening = 0;
    if (rc < 0) {
        jt_wmodel_unpin(pin);
        fail_with(s, c, p, "53200", "out of memory");
        return;
    }
    p->cur = cur;
    if (take_cursor(s, c, p, head, pin) == 0 && !p->extended && p->head.ncols > 0)
        jt_wire_row_description(c, &p->head, NULL, 0);
}

int jt_portal_start(jt_serve *s, jt_conn *c, jt_portal *p) {
    if (p->started)
        return p->failed ? -1 : 0;
    p->started = 1;
    p->started_ms = jt_serve_now_ms();
    if (c->txn.status == 'E' && !(p->kind == JT_ST_TXN && jt_stmt_ends_block(p->sql)))
        return fail_with(s, c, p, "25P02",
                         "current transaction is aborted, commands ignored until end of "
                         "transaction block");
    switch (p->kind) {
    case JT_ST_EMPTY:
        return 0;
    case JT_ST_JOBTCK:
        return start_jobtck(s, c, p);
    case JT_ST_MODEL:
        return start_model(s, c, p);
    default:
        return start_answer(s, c, p);
    }
}

int jt_portal_describe(jt_serve *s, jt_conn *c, jt_portal *p) {
    const int16_t *f = p->formats;
    if (!p->started && p->kind == JT_ST_MODEL) {
        jt_model_shape sh;
        if (jt_model_describe(s->worlds[c->world].cur->m, c->ss, c->user, p->prepared,
                              p->prepared ? NULL : p->sql, p->params, p->nparams, &sh, NULL) < 0)
            return fail_with(s, c, p, "53200", "out of memory");
        if (sh.result.failed) {
            jt_stmt_not_supported(s, &sh.result, p->sql);
            jt_portal_fail(s, c, p, &sh.result);
        } else if (sh.rows) {
            jt_wire_row_description(c, &sh.result, f, p->nformats);
        } else {
            jt_wire_empty_message(c, 'n');
        }
        jt_model_shape_dispose(&sh);
        return p->done ? -1 : 0;
    }
    if (!p->started && jt_stmt_pure(p->kind, p->sql) && jt_portal_start(s, c, p) < 0)
        return -1;
    if (p->started && (p->rows || columns_of(p)->ncols > 0))
        jt_wire_row_description(c, columns_of(p), f, p->nformats);
    else
        jt_wire_empty_message(c, 'n');
    return 0;
}

/* ---- rows ------------------------------------------------------------------------------ */

void jt_portal_run(jt_conn *c, jt_portal *p, int64_t limit) {
    c->active = p;
    c->active_limit = limit;
}

/* The end: CommandComplete (EmptyQueryResponse for nothing), the block's log. */
static void complete(jt_serve *s, jt_conn *c, jt_portal *p, const jt_result *last) {
    if (p->kind == JT_ST_EMPTY) {
        jt_wire_empty_message(c, 'I');
    } else {
        snprintf(p->tag, sizeof p->tag, "%s", last->tag[0] ? last->tag : "SELECT 0");
        jt_wire_complete(c, p->tag);
    }
    p->done = 1;
    if (p->kind == JT_ST_MODEL && c->txn.status == 'T' &&
        jt_txn_record(s, c, p->prepared ? NULL : p->sql, p->params, p->nparams,
                      jt_fp_end(p->fp, last), p->writes) < 0)
        jt_wire_notice(c, "WARNING", "53200", "out of memory: the commit will be checked");
    if (p->racy && !c->outerr)
        jt_racy_remember(&c->racy, p->sql, c->out + p->racy_mark, c->outlen - p->racy_mark,
                         jt_serve_now_ms());
    jt_portal_end(p);
    c->active = NULL;
}

/* Rows of values (ncols each) as DataRows, in p's formats. */
static void send_rows(jt_conn *c, const jt_portal *p, size_t ncols, char *const *values, size_t n) {
    const char *types = columns_of(p)->types;
    size_t i;
    for (i = 0; i < n && !c->outerr; i++)
        jt_wire_data_row(c, ncols, values + i * ncols, types, p->formats, p->nformats);
}

/* What stops the statement before its next batch: a cancel, its timeout. */
static int interrupted(jt_serve *s, jt_conn *c, jt_portal *p) {
    int64_t limit;
    if (c->cancel) {
        c->cancel = 0;
        return fail_with(s, c, p, "57014", "canceling statement due to user request");
    }
    limit = timeout_ms(s, c);
    if (limit > 0 && jt_serve_now_ms() - p->started_ms > limit)
        return fail_with(s, c, p, "57014", "canceling statement due to statement timeout");
    return 0;
}

/* One batch of up to n rows of the model's cursor: 1 at the end (completed), 0 more to come,
   -1 failed. */
static int model_batch(jt_serve *s, jt_conn *c, jt_portal *p, size_t n) {
    jt_result b;
    size_t mark = c->outlen;
    int rc;
    if (jt_model_fetch(p->cur, n, &b, NULL) < 0)
        return fail_with(s, c, p, "53200", "out of memory");
    if (b.failed) {
        jt_portal_fail(s, c, p, &b);
        jt_result_dispose(&b);
        return -1;
    }
    send_rows(c, p, b.ncols, b.values, b.nrows);
    p->nrows += (int64_t)b.nrows;
    p->fp = jt_fp_rows(p->fp, &b);
    if (c->outerr) {
        jt_wire_output_failed(c, mark);
        jt_txn_failed(s, c);
        if (c->query)
            c->query->failed = 1;
        c->skipping = p->extended;
        jt_portal_end(p);
        p->done = p->failed = 1;
        c->active = NULL;
        jt_result_dispose(&b);
        return -1;
    }
    rc = jt_model_cursor_done(p->cur);
    if (rc)
        complete(s, c, p, &b);
    jt_result_dispose(&b);
    return rc;
}

void jt_portal_pump(jt_serve *s, jt_conn *c) {
    jt_portal *p = c->active;
    size_t n = JT_SERVE_BATCH_ROWS;
    int64_t left = c->active_limit > 0 ? c->active_limit : 0;
    if (!p || p->opening || interrupted(s, c, p))
        return;
    if (left > 0 && (int64_t)n > left)
        n = (size_t)left;
    if (p->kind == JT_ST_MODEL) {
        if (model_batch(s, c, p, n) != 0)
            return;
    } else {
        const jt_result *w = &p->whole;
        size_t more = w->nrows - p->whole_next;
        if (more > n)
            more = n;
        if (more > 0)
            send_rows(c, p, w->ncols, w->values + p->whole_next * w->ncols, more);
        p->whole_next += more;
        n = more;
        if (p->whole_next == w->nrows) {
            complete(s, c, p, w);
            return;
        }
    }
    if (c->active_limit > 0) {
        c->active_limit -= (int64_t)n;
        if (c->active_limit <= 0) { /* Execute's limit: suspended, to be executed again */
            jt_wire_empty_message(c, 's');
            c->active = NULL;
        }
    }
}
