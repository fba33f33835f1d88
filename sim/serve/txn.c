/* Transaction blocks: BEGIN, COMMIT, ROLLBACK on a copy of the world (see txn.h). */
#include "sim/serve/txn.h"

#include <stdlib.h>
#include <string.h>

#include "sim/serve/lex.h"
#include "sim/serve/sres.h"
#include "sim/serve/vars.h"
#include "sim/serve/world.h"

/* ---- fingerprints ---------------------------------------------------------------------- */

static uint64_t mix_bytes(uint64_t h, const char *s, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s) {
    return s ? mix_bytes(h, s, strlen(s) + 1) : mix_bytes(h, "\xff", 1);
}

uint64_t jt_fp_head(const jt_result *head) {
    uint64_t h = 1469598103934665603ULL;
    size_t k;
    for (k = 0; k < head->ncols; k++)
        h = mix_str(h, head->columns[k]);
    return mix_str(h, head->types);
}

uint64_t jt_fp_rows(uint64_t h, const jt_result *batch) {
    size_t k;
    for (k = 0; k < batch->nrows * batch->ncols; k++)
        h = mix_str(h, batch->values[k]);
    return h;
}

uint64_t jt_fp_end(uint64_t h, const jt_result *r) {
    if (r->failed)
        return mix_str(mix_str(h, r->sqlstate), r->message);
    return mix_str(h, r->tag);
}

/* ---- the block's state ----------------------------------------------------------------- */

static void log_clear(jt_txn *t) {
    size_t i, k;
    for (i = 0; i < t->nlog; i++) {
        for (k = 0; k < t->log[i].nparams; k++)
            free((char *)t->log[i].params[k].text);
        free(t->log[i].params);
        free(t->log[i].sql);
    }
    free(t->log);
    t->log = NULL;
    t->nlog = t->logcap = 0;
}

/* Back to no block: what it read and wrote is dropped. */
static void reset(jt_serve *s, jt_conn *c) {
    jt_txn *t = &c->txn;
    jt_wmodel_unpin(t->snap);
    jt_model_free(t->own);
    t->snap = NULL;
    t->own = NULL;
    log_clear(t);
    jt_vars_txn_end(s, c);
    t->status = 'I';
    t->implicit = 0;
    t->read_only = 0;
}

void jt_txn_free(jt_conn *c) {
    jt_txn *t = &c->txn;
    jt_wmodel_unpin(t->snap);
    jt_model_free(t->own);
    t->snap = NULL;
    t->own = NULL;
    log_clear(t);
}

void jt_txn_begin_implicit(jt_conn *c) {
    c->txn.status = 'T';
    c->txn.implicit = 1;
}

void jt_txn_failed(jt_serve *s, jt_conn *c) {
    if (c->txn.status == 'I')
        return;
    if (c->txn.implicit) {
        reset(s, c);
        return;
    }
    c->txn.status = 'E';
}

jt_model *jt_txn_model(jt_serve *s, jt_conn *c, int writes, jt_wmodel **pin) {
    jt_world *w = &s->worlds[c->world];
    jt_txn *t = &c->txn;
    *pin = NULL;
    if (t->status == 'I') {
        if (writes)
            return jt_world_writable(w);
        *pin = jt_world_pin(w);
        return (*pin)->m;
    }
    if (t->own)
        return t->own;
    if (!t->snap) { /* the block's first statement: what it reads from now on */
        t->snap = jt_world_pin(w);
        t->base = w->version;
    }
    if (writes) {
        if (jt_model_clone(t->snap->m, &t->own, NULL) < 0)
            return NULL;
        return t->own;
    }
    *pin = t->snap;
    t->snap->refs++;
    return t->snap->m;
}

int jt_txn_record(jt_serve *s, jt_conn *c, const char *sql, const jt_model_param *params,
                  size_t nparams, uint64_t fp, int writes) {
    jt_txn *t = &c->txn;
    jt_txn_entry *e;
    size_t k;
    if (t->status == 'I') {
        if (writes)
            s->worlds[c->world].version++;
        return JT_OK;
    }
    if (jt_grow((void **)&t->log, &t->logcap, t->nlog + 1, sizeof *t->log, 1u << 20) < 0)
        return JT_ENOMEM;
    e = &t->log[t->nlog];
    memset(e, 0, sizeof *e);
    e->fp = fp;
    e->sql = sql ? jt_strdup(sql) : NULL;
    e->params = nparams ? jt_calloc(nparams, sizeof *e->params) : NULL;
    t->nlog++; /* freed with the log from here on */
    if ((sql && !e->sql) || (nparams && !e->params))
        return JT_ENOMEM;
    e->nparams = nparams;
    for (k = 0; k < nparams; k++) {
        e->params[k].type = params[k].type;
        if (params[k].text && !(e->params[k].text = jt_strdup(params[k].text)))
            return JT_ENOMEM;
    }
    return JT_OK;
}

/* ---- commit ---------------------------------------------------------------------------- */

/* Runs the block's statements again on m: 1 when each gives what it gave. */
static int replay(jt_conn *c, jt_model *m) {
    jt_txn *t = &c->txn;
    size_t i;
    for (i = 0; i < t->nlog; i++) {
        jt_result r;
        uint64_t h;
        if (!t->log[i].sql || jt_model_exec_in(m, c->ss, c->user, t->log[i].sql, t->log[i].params,
                                               t->log[i].nparams, &r, NULL) < 0)
            return 0;
        h = jt_fp_end(jt_fp_rows(jt_fp_head(&r), &r), &r);
        jt_result_dispose(&r);
        if (h != t->log[i].fp)
            return 0;
    }
    return 1;
}

/* Makes the block's copy the world, when nothing was committed since it began; else its
   statements again on the world as it is. */
static int commit(jt_serve *s, jt_conn *c, jt_result *out) {
    jt_world *w = &s->worlds[c->world];
    jt_txn *t = &c->txn;
    jt_model *again;
    if (!t->own)
        return JT_OK; /* it changed nothing */
    if (w->version == t->base) {
        jt_model *own = t->own;
        t->own = NULL;
        return jt_world_install(w, own) ? JT_OK : JT_ENOMEM;
    }
    if (jt_model_clone(w->cur->m, &again, NULL) < 0)
        return JT_ENOMEM;
    if (!replay(c, again)) {
        jt_model_free(again);
        /* CockroachDB's serializable transactions: a retry error, to run the block again. */
        return jt_sres_error(out, "40001",
                             "restart transaction: TransactionRetryWithProtoRefreshError: "
                             "TransactionRetryError: retry txn (RETRY_SERIALIZABLE): a "
                             "statement of the transaction gives another answer on what other "
                             "sessions committed since it began");
    }
    return jt_world_install(w, again) ? JT_OK : JT_ENOMEM;
}

int jt_txn_end(jt_serve *s, jt_conn *c, int do_commit, jt_result *out) {
    int rc = JT_OK;
    if (do_commit && c->txn.status == 'T')
        rc = commit(s, c, out);
    reset(s, c);
    return rc;
}

/* ---- statements ------------------------------------------------------------------------ */

/* BEGIN's modes: ISOLATION LEVEL ..., READ ONLY | READ WRITE, [NOT] DEFERRABLE, PRIORITY x,
   with or without commas. Every transaction of serve is serializable. -1 when it is not
   of those forms. */
static int read_modes(jt_lexer *lx, int *read_only) {
    while (lx->kind != JT_TK_END && lx->kind != JT_TK_SEMI) {
        if (jt_lex_is(lx, "READ")) {
            jt_lex_next(lx);
            if (jt_lex_is(lx, "ONLY") || jt_lex_is(lx, "WRITE"))
                *read_only = jt_lex_is(lx, "ONLY");
            else if (!jt_lex_is(lx, "COMMITTED") && !jt_lex_is(lx, "UNCOMMITTED"))
                return -1;
        } else if (lx->kind != JT_TK_WORD && !jt_lex_punct(lx, ',')) {
            return -1;
        }
        jt_lex_next(lx);
    }
    return 0;
}

/* BEGIN [WORK | TRANSACTION] [modes], START TRANSACTION [modes]. */
static int run_begin(jt_serve *s, jt_conn *c, jt_lexer *lx, jt_result *out) {
    const char *ro = jt_var_get(s, c, "default_transaction_read_only");
    int read_only = ro && strcmp(ro, "on") == 0;
    int start = jt_lex_is(lx, "START");
    jt_lex_next(lx);
    if (start && !jt_lex_is(lx, "TRANSACTION"))
        return 1;
    if (jt_lex_is(lx, "WORK") || jt_lex_is(lx, "TRANSACTION"))
        jt_lex_next(lx);
    if (read_modes(lx, &read_only) < 0)
        return 1;
    if (c->txn.status != 'I' && !c->txn.implicit) {
        /* CockroachDB answers an error, not PostgreSQL's warning (conn_executor_exec.go:
           "BEGIN is always an error when in the Open state", errTransactionInProgress). */
        return jt_sres_error(out, "25001", "there is already a transaction in progress");
    }
    c->txn.status = 'T';
    c->txn.implicit = 0; /* BEGIN in a Query's statements: its block is explicit from here */
    c->txn.read_only = read_only;
    jt_sres_tag(out, "BEGIN");
    return JT_OK;
}

/* COMMIT, END, ROLLBACK, ABORT [WORK | TRANSACTION]. */
static int run_end(jt_serve *s, jt_conn *c, jt_lexer *lx, jt_result *out) {
    int commit = jt_lex_is(lx, "COMMIT") || jt_lex_is(lx, "END");
    int failed = c->txn.status == 'E', rc;
    jt_lex_next(lx);
    if (jt_lex_is(lx, "WORK") || jt_lex_is(lx, "TRANSACTION"))
        jt_lex_next(lx);
    if (lx->kind == JT_TK_SEMI)
        jt_lex_next(lx);
    if (jt_lex_is(lx, "TO")) /* ROLLBACK TO SAVEPOINT */
        return jt_sres_error(out, "0A000", "jobtck serve has no savepoints");
    if (lx->kind != JT_TK_END)
        return 1;
    if (c->txn.status == 'I') /* CockroachDB: errNoTransactionInProgress, an error */
        return jt_sres_error(out, "25P01", "there is no transaction in progress");
    rc = jt_txn_end(s, c, commit, out);
    if (rc == JT_OK && !out->failed)
        jt_sres_tag(out, commit && !failed ? "COMMIT" : "ROLLBACK");
    return rc;
}

int jt_txn_run(jt_serve *s, jt_conn *c, const char *sql, jt_result *out) {
    jt_lexer lx;
    int rc;
    jt_sres_init(out);
    jt_lex_start(&lx, sql);
    if (jt_lex_is(&lx, "BEGIN") || jt_lex_is(&lx, "START"))
        rc = run_begin(s, c, &lx, out);
    else if (jt_lex_is(&lx, "SAVEPOINT") || jt_lex_is(&lx, "RELEASE"))
        rc = jt_sres_error(out, "0A000", "jobtck serve has no savepoints");
    else
        rc = run_end(s, c, &lx, out);
    jt_lex_end(&lx);
    if (rc == 1)
        rc = jt_sres_error(out, "42601", "syntax error");
    return rc;
}
