/* A Query message's statements, one after the other (see query.h). */
#include "sim/serve/query.h"

#include <stdlib.h>
#include <string.h>

#include "sim/serve/lex.h"
#include "sim/serve/portal.h"
#include "sim/serve/sres.h"
#include "sim/serve/txn.h"
#include "sim/serve/wire.h"

void jt_query_free(jt_query_run *q) {
    if (!q)
        return;
    jt_portal_free(q->cur);
    free(q->text);
    free(q->starts);
    free(q->ends);
    free(q);
}

/* Adds the statement [start, end) of q's text. */
static int add_statement(jt_query_run *q, size_t *cap, size_t start, size_t end) {
    size_t *s2, *e2;
    if (q->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        s2 = jt_realloc(q->starts, ncap * sizeof *s2);
        if (!s2)
            return -1;
        q->starts = s2;
        e2 = jt_realloc(q->ends, ncap * sizeof *e2);
        if (!e2)
            return -1;
        q->ends = e2;
        *cap = ncap;
    }
    q->starts[q->n] = start;
    q->ends[q->n++] = end;
    return 0;
}

/* The statements of q's text, split at its semicolons (outside literals and comments); one
   statement is kept whole, as the client wrote it. 0, or -1 without memory. */
static int split(jt_query_run *q) {
    jt_lexer lx;
    size_t cap = 0, start = 0;
    int in_stmt = 0, rc = 0;
    for (jt_lex_start(&lx, q->text); lx.kind != JT_TK_END && rc == 0; jt_lex_next(&lx)) {
        if (lx.kind == JT_TK_BAD && lx.nomem) {
            rc = -1;
        } else if (lx.kind == JT_TK_SEMI) {
            if (in_stmt)
                rc = add_statement(q, &cap, start, lx.start);
            in_stmt = 0;
        } else if (!in_stmt) {
            in_stmt = 1;
            start = lx.start;
        }
    }
    jt_lex_end(&lx);
    if (rc == 0 && in_stmt)
        rc = add_statement(q, &cap, start, strlen(q->text));
    if (rc == 0 && q->n == 1) {
        q->starts[0] = 0;
        q->ends[0] = strlen(q->text);
    }
    q->several = q->n > 1;
    return rc;
}

void jt_serve_query(jt_serve *s, jt_conn *c, const char *sql) {
    jt_query_run *q = jt_calloc(1, sizeof *q);
    if (!q || !(q->text = jt_strdup(sql)) || split(q) < 0) {
        jt_query_free(q);
        jt_wire_error(c, "ERROR", "53200", "out of memory", 0);
        jt_wire_ready(c);
        return;
    }
    c->query = q;
    if (q->n == 0) { /* nothing to run */
        jt_wire_empty_message(c, 'I');
        q->failed = 1;
    } else if (q->several && c->txn.status == 'I') {
        jt_txn_begin_implicit(c);
    }
    jt_query_step(s, c);
}

/* Characters (not bytes) of text before byte n: an error's position in the Query. */
static int chars_before(const char *text, size_t n) {
    size_t i;
    int chars = 0;
    for (i = 0; i < n; i++)
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    return chars;
}

/* The racy variant: a read-only statement answered less than racy_reads_ms ago gets that
   answer again. 1 when it did. */
static int racy_recalled(jt_serve *s, jt_conn *c, jt_portal *p) {
    const unsigned char *then;
    size_t len;
    if (p->kind != JT_ST_MODEL || c->query->several || !jt_racy_applies(s->racy_reads_ms, p->sql))
        return 0;
    then = jt_racy_recall(&c->racy, s->racy_reads_ms, p->sql, jt_serve_now_ms(), &len);
    if (then) {
        jt_wire_put(c, then, len); /* the answer of then: stale on purpose */
        p->done = 1;
        return 1;
    }
    p->racy = 1;
    p->racy_mark = c->outlen;
    return 0;
}

/* The end of the Query: the implicit block commits; ReadyForQuery. */
static void finish(jt_serve *s, jt_conn *c) {
    jt_query_run *q = c->query;
    if (q->several && c->txn.implicit) {
        jt_result r;
        jt_sres_init(&r);
        if (jt_txn_end(s, c, !q->failed, &r) < 0)
            jt_wire_error(c, "ERROR", "53200", "out of memory", 0);
        else if (r.failed)
            jt_wire_sql_error(c, &r);
        jt_sres_dispose(&r);
    }
    jt_query_free(q);
    c->query = NULL;
    jt_wire_ready(c);
}

void jt_query_step(jt_serve *s, jt_conn *c) {
    jt_query_run *q = c->query;
    jt_portal *p;
    char *text;
    size_t n;
    jt_portal_free(q->cur);
    q->cur = NULL;
    if (q->failed || q->next == q->n) {
        finish(s, c);
        return;
    }
    n = q->ends[q->next] - q->starts[q->next];
    text = jt_strndup(q->text + q->starts[q->next], n);
    p = text ? jt_portal_new("", text) : NULL;
    free(text);
    if (!p) {
        jt_wire_error(c, "ERROR", "53200", "out of memory", 0);
        q->failed = 1;
        jt_txn_failed(s, c);
        return;
    }
    p->position_offset = chars_before(q->text, q->starts[q->next]);
    q->next++;
    q->cur = p;
    if (racy_recalled(s, c, p))
        return;
    if (jt_portal_start(s, c, p) < 0)
        return;
    if (p->opening) { /* its RowDescription once the helper opened it */
        jt_portal_run(c, p, 0);
        return;
    }
    if (p->rows || (p->kind != JT_ST_MODEL && p->whole.ncols > 0) ||
        (p->kind == JT_ST_MODEL && p->head.ncols > 0))
        jt_wire_row_description(c, p->kind == JT_ST_MODEL ? &p->head : &p->whole, NULL, 0);
    jt_portal_run(c, p, 0);
}
