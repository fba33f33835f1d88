/* A session's prepared statements, parameters bound by the caller, and a statement's shape
   without running it: what the extended query protocol of jobtck serve needs (model.h). */
#include <stdlib.h>
#include <string.h>

#include "model/internal/exec.h"
#include "model/internal/sql.h"
#include "model/internal/stmt.h"
#include "model/internal/store.h"
#include "model/model.h"

struct jt_model_session {
    jt_prepared_set set;
};

int jt_model_session_new(jt_model_session **out, jt_error *err) {
    *out = jt_calloc(1, sizeof **out);
    return *out ? JT_OK : jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

void jt_model_session_free(jt_model_session *ss) {
    if (!ss)
        return;
    jt_store_prepared_forget(&ss->set, NULL);
    free(ss->set.items);
    free(ss);
}

void jt_model_session_clear(jt_model_session *ss) {
    jt_store_prepared_forget(&ss->set, NULL);
}

jt_prepared_set *jt_model_session_set(jt_model_session *ss) {
    return &ss->set;
}

/* The type of a type letter (the inverse of jt_type_letter); JT_T_UNKNOWN for 0 and '?'. */
static int letter_type(char letter) {
    switch (letter) {
    case 'I':
        return JT_T_INT;
    case 'T':
        return JT_T_STRING;
    case 'R':
        return JT_T_FLOAT;
    case 'B':
        return JT_T_BOOL;
    case 'O':
        return JT_T_OID;
    case 'S':
        return JT_T_TIMESTAMP;
    default:
        return JT_T_UNKNOWN;
    }
}

/* An evaluation of a statement of the session, for the functions below. */
static void eval_init(jt_eval *ev, jt_model *m, jt_model_session *ss, const char *user, jt_arena *a,
                      jt_sqlerr *e) {
    memset(ev, 0, sizeof *ev);
    ev->m = m;
    ev->a = a;
    ev->user = user ? user : "root";
    ev->e = e;
    ev->ps = ss ? &ss->set : &m->prepared;
}

int jt_model_bind(jt_eval *ev, const jt_stmt *st, const jt_model_param *params, size_t nparams,
                  jt_result *out) {
    jt_value *vals;
    size_t k;
    (void)st;
    if (nparams == 0)
        return JT_OK;
    vals = jt_arena_alloc(ev->a, nparams * sizeof *vals);
    if (!vals)
        return JT_ENOMEM;
    for (k = 0; k < nparams; k++) {
        int t = letter_type(params[k].type);
        if (!params[k].text)
            continue; /* NULL: all zero, the type of NULL */
        vals[k].type = JT_T_STRING;
        vals[k].untyped = 1;
        vals[k].s = jt_arena_strndup(ev->a, params[k].text, strlen(params[k].text));
        if (!vals[k].s)
            return JT_ENOMEM;
        if (params[k].type == 'T') {
            vals[k].untyped = 0;
        } else if (t != JT_T_UNKNOWN && jt_eval_coerce(ev, &vals[k], t)) {
            return ev->rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(out, ev->e);
        }
    }
    ev->params = vals;
    ev->nparams = nparams;
    return JT_OK;
}

int jt_model_prepare(jt_model *m, jt_model_session *ss, const char *name, const char *sql,
                     const char *types, size_t ntypes, jt_result *out, jt_error *err) {
    jt_prepared pr;
    jt_sqlerr e;
    jt_eval ev;
    size_t at, k;
    int rc;
    memset(out, 0, sizeof *out);
    out->count = -1;
    memset(&pr, 0, sizeof pr);
    jt_sqlerr_clear(&e);
    eval_init(&ev, m, ss, NULL, NULL, &e);
    if (!*name && jt_model_prepared(&ev, "", &at)) { /* the unnamed one is replaced */
        jt_prepared_dispose(&ss->set.items[at]);
        ss->set.items[at] = ss->set.items[--ss->set.n];
    }
    pr.name = jt_strdup(name);
    pr.sql = jt_strdup(sql);
    pr.types = jt_malloc(ntypes + 1);
    if (!pr.name || !pr.sql || !pr.types) {
        jt_prepared_dispose(&pr);
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    for (k = 0; k < ntypes; k++)
        pr.types[k] = types[k] ? types[k] : '?';
    pr.types[ntypes] = '\0';
    rc = jt_prepared_add(&ev, &pr, out);
    if (rc)
        return jt_error_set(err, rc, 0, "model: %s", jt_strerror(rc));
    return JT_OK;
}

int jt_model_deallocate(jt_model_session *ss, const char *name) {
    size_t i;
    for (i = 0; i < ss->set.n; i++) {
        if (strcmp(ss->set.items[i].name, name) == 0) {
            jt_prepared_dispose(&ss->set.items[i]);
            ss->set.items[i] = ss->set.items[--ss->set.n];
            return 1;
        }
    }
    return 0;
}

/* ---- the types of the placeholders, from their use ---- */

/* What the walk knows: the types found so far (JT_T_UNKNOWN: none), and the columns of the
   source of the selection it is in. */
typedef struct infer {
    jt_eval *ev;
    uint8_t *types; /* [JT_LIMIT_PLACEHOLDERS] */
    const jt_rows *cols;
} infer;

static void infer_select(infer *in, jt_select *s, int want);

/* The type of an expression that is plain from the tree (JT_T_UNKNOWN otherwise). */
static int static_type(const infer *in, const jt_expr *e) {
    size_t k;
    switch (e->kind) {
    case JT_E_COLUMN:
        for (k = 0; in->cols && k < in->cols->ncols; k++)
            if (strcmp(in->cols->names[k], e->name) == 0)
                return in->cols->types[k];
        return JT_T_UNKNOWN;
    case JT_E_CONST:
        return e->value.untyped ? JT_T_UNKNOWN : e->value.type;
    case JT_E_CAST:
        return e->cast;
    case JT_E_PARAM:
        return in->types[e->param - 1];
    case JT_E_NEG:
        return JT_T_INT;
    case JT_E_SUBQUERY:
        return JT_T_UNKNOWN;
    default:
        return JT_T_BOOL;
    }
}

/* A placeholder takes the type its context wants, the first time one does. */
static void infer_expr(infer *in, jt_expr *e, int want) {
    size_t k;
    if (!e)
        return;
    switch (e->kind) {
    case JT_E_PARAM:
        if (in->types[e->param - 1] == JT_T_UNKNOWN)
            in->types[e->param - 1] = (uint8_t)want;
        return;
    case JT_E_CAST:
        infer_expr(in, e->a, e->cast);
        return;
    case JT_E_NEG:
        infer_expr(in, e->a, JT_T_INT);
        return;
    case JT_E_CMP:
        infer_expr(in, e->a, static_type(in, e->b));
        infer_expr(in, e->b, static_type(in, e->a));
        return;
    case JT_E_AND:
    case JT_E_OR:
    case JT_E_NOT:
        infer_expr(in, e->a, JT_T_BOOL);
        infer_expr(in, e->b, JT_T_BOOL);
        return;
    case JT_E_LIKE:
        infer_expr(in, e->a, JT_T_STRING);
        infer_expr(in, e->b, JT_T_STRING);
        return;
    case JT_E_IN:
        for (k = 0; k < e->nlist; k++)
            infer_expr(in, e->list[k], static_type(in, e->a));
        for (k = 0; k < e->nlist; k++)
            infer_expr(in, e->a, static_type(in, e->list[k]));
        if (e->sub)
            infer_select(in, e->sub, JT_T_UNKNOWN);
        infer_expr(in, e->a, JT_T_UNKNOWN);
        return;
    case JT_E_SUBQUERY:
        infer_select(in, e->sub, want);
        return;
    default:
        infer_expr(in, e->a, JT_T_UNKNOWN);
        infer_expr(in, e->b, JT_T_UNKNOWN);
        return;
    }
}

/* The columns of a selection's source (none for VALUES and no source), in ev's arena. */
static void source_columns(jt_eval *ev, const jt_select *s, jt_rows *out) {
    jt_select star;
    memset(out, 0, sizeof *out);
    if (s->source == JT_SRC_NONE || s->source == JT_SRC_VALUES || s->source == JT_SRC_UNKNOWN)
        return;
    memset(&star, 0, sizeof star);
    star.source = s->source;
    star.table = s->table;
    star.ids = s->ids;
    star.derived = s->derived; /* FROM (SELECT …) or a WITH name: its columns */
    star.schedules = s->schedules;
    star.star = 1;
    if (jt_eval_shape(ev, &star, JT_T_UNKNOWN, out)) {
        memset(out, 0, sizeof *out);
        ev->rc = 0; /* only a guess was asked */
    }
}

static void infer_select(infer *in, jt_select *s, int want) {
    const jt_rows *outer = in->cols;
    jt_rows cols;
    size_t i, k;
    if (!s)
        return;
    source_columns(in->ev, s, &cols);
    in->cols = &cols;
    for (k = 0; k < s->nitems; k++)
        infer_expr(in, s->items[k], want);
    for (i = 0; i < s->nrows; i++)
        for (k = 0; k < s->nvalcols; k++)
            infer_expr(in, s->rows[i][k], want);
    infer_expr(in, s->where, JT_T_BOOL);
    for (k = 0; k < s->norder; k++)
        infer_expr(in, s->order[k].expr, JT_T_UNKNOWN);
    infer_expr(in, s->limit, JT_T_INT);
    infer_expr(in, s->offset, JT_T_INT);
    in->cols = outer;
    infer_select(in, s->ids, JT_T_INT);
}

/* The placeholders' types from their uses in st: job and schedule ids are INT, query and
   session ids STRING, a comparison takes the other side's type. */
static void infer_stmt(infer *in, jt_stmt *st) {
    switch (st->kind) {
    case JT_S_CONTROL:
        infer_select(in, st->sel, JT_T_INT);
        infer_expr(in, st->reason, JT_T_STRING);
        break;
    case JT_S_SHOW_JOBS:
        infer_select(in, st->sel, JT_T_INT);
        break;
    case JT_S_SELECT:
        infer_select(in, st->sel, JT_T_UNKNOWN);
        break;
    case JT_S_CANCEL_OTHER:
        infer_select(in, st->sel, JT_T_STRING);
        break;
    default:
        break;
    }
}

/* ---- a statement's shape ---- */

/* The statement EXECUTE name runs, or NULL. */
static jt_stmt *executed(const jt_eval *ev, const jt_stmt *st) {
    jt_prepared *pr = st->kind == JT_S_EXECUTE ? jt_model_prepared(ev, st->name, NULL) : NULL;
    return pr ? pr->stmt : NULL;
}

/* The columns of a statement's rows into sh (sh->rows 0: it has none). */
static int shape_rows(jt_eval *ev, jt_stmt *st, jt_model_shape *sh) {
    jt_select show;
    jt_select *s = st->sel;
    jt_rows rows;
    if (st->kind == JT_S_EXECUTE && executed(ev, st))
        return shape_rows(ev, executed(ev, st), sh);
    if (st->kind == JT_S_SHOW_JOBS) {
        memset(&show, 0, sizeof show);
        show.source = st->automatic ? JT_SRC_SHOW_AUTOMATIC : JT_SRC_SHOW_JOBS;
        show.star = 1;
        show.statement = 1;
        if (st->sel) {
            show.source = JT_SRC_SHOW_JOB_IDS;
            show.ids = st->sel;
        }
        s = &show;
    } else if (st->kind != JT_S_SELECT) {
        return JT_OK;
    }
    sh->rows = 1;
    if (jt_eval_shape(ev, s, JT_T_UNKNOWN, &rows))
        return ev->rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(&sh->result, ev->e);
    return jt_model_result_rows(ev, &sh->result, &rows);
}

/* Whether running st changes nothing the model keeps. */
static int reads_only(const jt_eval *ev, const jt_stmt *st) {
    switch (st->kind) {
    case JT_S_SELECT:
    case JT_S_SHOW_JOBS:
        return 1;
    case JT_S_PREPARE:
    case JT_S_DEALLOCATE:
        return ev->ps != &ev->m->prepared;
    case JT_S_EXECUTE:
        return executed(ev, st) && reads_only(ev, executed(ev, st));
    default:
        return 0;
    }
}

/* The placeholders of st: declared (a session's statement), given (params), else inferred. */
static int shape_params(jt_eval *ev, jt_stmt *st, const char *declared,
                        const jt_model_param *params, size_t nparams, jt_model_shape *sh) {
    uint8_t types[JT_LIMIT_PLACEHOLDERS];
    jt_value *dummies = jt_arena_alloc(ev->a, (JT_LIMIT_PLACEHOLDERS + 1) * sizeof *dummies);
    infer in = {ev, types, NULL};
    size_t k, n = (size_t)st->nparams, ndeclared = declared ? strlen(declared) : 0;
    if (!dummies)
        return JT_ENOMEM;
    n = ndeclared > n ? ndeclared : n;
    memset(types, 0, sizeof types);
    for (k = 0; k < ndeclared && k < JT_LIMIT_PLACEHOLDERS; k++)
        types[k] = (uint8_t)letter_type(declared[k]);
    for (k = 0; k < nparams && k < JT_LIMIT_PLACEHOLDERS; k++)
        if (params[k].type && types[k] == JT_T_UNKNOWN)
            types[k] = (uint8_t)letter_type(params[k].type);
    infer_stmt(&in, st);
    sh->nparams = n < JT_LIMIT_PLACEHOLDERS ? n : JT_LIMIT_PLACEHOLDERS;
    for (k = 0; k < sh->nparams; k++) {
        sh->params[k] = types[k] == JT_T_UNKNOWN ? 'T' : jt_type_letter(types[k]);
        /* For the result's types: a value of the placeholder's type, or untyped (its use
           decides, as for a string literal). */
        dummies[k].type = types[k] == JT_T_UNKNOWN ? JT_T_STRING : types[k];
        dummies[k].untyped = types[k] == JT_T_UNKNOWN;
        dummies[k].s = "";
    }
    sh->params[sh->nparams] = '\0';
    ev->params = dummies;
    ev->nparams = sh->nparams;
    return JT_OK;
}

int jt_model_describe(jt_model *m, jt_model_session *ss, const char *user, const char *name,
                      const char *sql, const jt_model_param *params, size_t nparams,
                      jt_model_shape *out, jt_error *err) {
    jt_arena arena;
    jt_sqlerr e;
    jt_eval ev;
    jt_stmt *st = NULL;
    jt_prepared *pr = NULL;
    int rc = JT_OK;
    memset(out, 0, sizeof *out);
    out->result.count = -1;
    jt_sqlerr_clear(&e);
    jt_arena_init(&arena, JT_LIMIT_STATEMENT_MEMORY);
    eval_init(&ev, m, ss, user, &arena, &e);
    if (!sql) {
        pr = jt_model_prepared(&ev, name, NULL);
        if (!pr) {
            jt_sqlerr_set(&e, "26000", "prepared statement \"%s\" does not exist", name);
            rc = jt_model_result_error(&out->result, &e);
            goto out;
        }
        st = pr->stmt;
    } else {
        rc = jt_sql_parse(&st, &arena, sql, jt_exec_grammar(m), &e);
    }
    if (rc == JT_OK)
        rc = shape_params(&ev, st, pr ? pr->types : NULL, params, nparams, out);
    if (rc == JT_OK) {
        out->reads_only = reads_only(&ev, st);
        rc = shape_rows(&ev, st, out);
    }
    if (rc == JT_ENOMEM && arena.over)
        rc = jt_model_too_large(&e);
    if (rc == JT_EPARSE || rc == JT_ELIMIT)
        rc = jt_model_result_error(&out->result, &e);
out:
    jt_arena_dispose(&arena);
    if (rc) {
        jt_model_shape_dispose(out);
        return jt_error_set(err, rc, 0, "model: %s", jt_strerror(rc));
    }
    return JT_OK;
}

void jt_model_shape_dispose(jt_model_shape *sh) {
    jt_result_dispose(&sh->result);
}
