/* The evaluator of selection queries over the jobs tables (see model/internal/eval.h). */
#include "model/internal/eval.h"
#include "model/internal/where.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/catalog.h"
#include "model/internal/era.h"
#include "model/internal/privilege.h"
#include "model/model.h"

/* The type of each field of the jobs tables (enum jt_field). */
static const uint8_t field_types[JT_F_COUNT] = {
    [JT_F_ID] = JT_T_INT,
    [JT_F_TYPE] = JT_T_STRING,
    [JT_F_DESCRIPTION] = JT_T_STRING,
    [JT_F_DESCRIPTION_SHORT] = JT_T_STRING,
    [JT_F_STATEMENT] = JT_T_STRING,
    [JT_F_USER] = JT_T_STRING,
    [JT_F_STATUS] = JT_T_STRING,
    [JT_F_RUNNING_STATUS] = JT_T_STRING,
    [JT_F_CREATED] = JT_T_TIMESTAMP,
    [JT_F_STARTED] = JT_T_TIMESTAMP,
    [JT_F_FINISHED] = JT_T_TIMESTAMP,
    [JT_F_MODIFIED] = JT_T_TIMESTAMP,
    [JT_F_FRACTION] = JT_T_FLOAT,
    [JT_F_ERROR] = JT_T_STRING,
    [JT_F_COORDINATOR] = JT_T_INT,
    [JT_F_TRACE_ID] = JT_T_INT,
    [JT_F_LAST_RUN] = JT_T_TIMESTAMP,
    [JT_F_NEXT_RUN] = JT_T_TIMESTAMP,
    [JT_F_NUM_RUNS] = JT_T_INT,
    [JT_F_EXECUTION_ERRORS] = JT_T_STRING,
    [JT_F_CREATED_BY_TYPE] = JT_T_STRING,
    [JT_F_CREATED_BY_ID] = JT_T_INT,
};

/* crdb_internal.feature_usage: the counters of the model's telemetry. */
static const char *const feature_names[JT_OP_COUNT] = {"sql.schema.job.control.pause",
                                                       "sql.schema.job.control.resume",
                                                       "sql.schema.job.control.cancel"};

/* ---- the source of a selection ---- */

typedef struct source {
    int kind;
    const jt_column *cols;
    size_t ncols;
    const char **names; /* VALUES: column1 ... */
    uint8_t *types;     /* VALUES */
    jt_rows values;     /* VALUES rows, evaluated */
} source;

typedef struct row {
    const jt_job *job;
    const jt_value *vals; /* VALUES row */
} row;

static int fail(jt_eval *ev, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(jt_eval *ev, const char *sqlstate, const char *fmt, ...) {
    va_list ap;
    if (ev->rc)
        return ev->rc;
    snprintf(ev->e->sqlstate, sizeof ev->e->sqlstate, "%s", sqlstate);
    ev->e->position = 0;
    va_start(ap, fmt);
    vsnprintf(ev->e->message, sizeof ev->e->message, fmt, ap);
    va_end(ap);
    ev->rc = JT_EPARSE;
    return ev->rc;
}

static int nomem(jt_eval *ev) {
    if (!ev->rc) {
        jt_sqlerr_set(ev->e, "53200", "out of memory");
        ev->rc = JT_ENOMEM;
    }
    return ev->rc;
}

/* A failure rc of the value layer, kept as the statement's (its error is in ev->e unless one
   came first). */
static int value_failed(jt_eval *ev, int rc) {
    if (rc == JT_ENOMEM)
        return nomem(ev);
    if (!ev->rc)
        ev->rc = rc;
    return ev->rc;
}

static inline int coerce(jt_eval *ev, jt_value *v, int t) {
    int rc;
    if (!v->untyped || v->type != JT_T_STRING || t == JT_T_UNKNOWN)
        return 0; /* nothing to coerce: the common case, without a call */
    rc = jt_value_coerce(v, t, ev->rc ? NULL : ev->e);
    return rc ? value_failed(ev, rc) : 0;
}

int jt_eval_coerce(jt_eval *ev, jt_value *v, int t) {
    return coerce(ev, v, t);
}

static int cast(jt_eval *ev, jt_value *v, int t) {
    int rc = jt_value_cast(v, t, ev->a, ev->rc ? NULL : ev->e);
    return rc ? value_failed(ev, rc) : 0;
}

int jt_eval_text(jt_eval *ev, const jt_value *v, const char **out) {
    int rc = jt_value_text(out, ev->a, v);
    return rc ? value_failed(ev, rc) : 0;
}

/* The first n characters of s (UTF-8), as bytes. */
static size_t utf8_bytes_of(const char *s, size_t n) {
    size_t i = 0;
    while (s[i] && n > 0) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        n--;
    }
    return i;
}

static size_t utf8_chars(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void jt_value_int(jt_value *v, int64_t i) {
    memset(v, 0, sizeof *v);
    v->type = JT_T_INT;
    v->i = i;
}

/* lower()/upper() of a string (ASCII letters), in the arena. */
static int case_of(jt_eval *ev, const jt_value *a, int upper, jt_value *out) {
    size_t n = strlen(a->s), k;
    char *d = jt_arena_alloc(ev->a, n + 1);
    if (!d)
        return nomem(ev);
    for (k = 0; k <= n; k++) {
        char ch = a->s[k];
        if (upper && ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 32);
        else if (!upper && ch >= 'A' && ch <= 'Z')
            ch = (char)(ch + 32);
        d[k] = ch;
    }
    memset(out, 0, sizeof *out);
    out->type = JT_T_STRING;
    out->s = d;
    return 0;
}

/* v24.1's SHOW JOBS description: over 70 characters, its first 59, " … " and its last 7. */
static const char *short_description(jt_eval *ev, const char *d) {
    size_t n = utf8_chars(d), head, tail;
    char *out;
    if (n <= 70)
        return d;
    head = utf8_bytes_of(d, 59);
    tail = utf8_bytes_of(d, n - 7);
    out = jt_arena_alloc(ev->a, head + 5 + strlen(d + tail) + 1);
    if (!out) {
        nomem(ev);
        return "";
    }
    memcpy(out, d, head);
    memcpy(out + head, " \xe2\x80\xa6 ", 5);
    memcpy(out + head + 5, d + tail, strlen(d + tail) + 1);
    return out;
}

static void job_field(jt_eval *ev, const jt_job *j, int field, jt_value *out) {
    const jt_model *m = ev->m;
    out->untyped = 0;
    out->type = field_types[field];
    switch (field) {
    case JT_F_ID:
        out->i = j->id;
        break;
    case JT_F_TYPE:
        out->s = m->profile->type_names[j->type];
        break;
    case JT_F_DESCRIPTION:
        out->s = jt_store_job_description(j);
        break;
    case JT_F_DESCRIPTION_SHORT:
        out->s = short_description(ev, jt_store_job_description(j));
        break;
    case JT_F_STATEMENT:
    case JT_F_EXECUTION_ERRORS:
        /* the model keeps no statement of its own; no execution errors: "{}" (an empty
           array as text) */
        out->s = field == JT_F_STATEMENT ? "" : "{}";
        break;
    case JT_F_USER:
        out->s = m->users[j->user].name;
        break;
    case JT_F_STATUS:
        out->s = m->profile->status_names[j->status];
        break;
    case JT_F_CREATED:
    case JT_F_STARTED:
    case JT_F_FINISHED:
    case JT_F_MODIFIED:
    case JT_F_LAST_RUN: {
        int64_t t = field == JT_F_CREATED    ? j->created
                    : field == JT_F_FINISHED ? j->finished
                    : field == JT_F_MODIFIED ? j->modified
                                             : j->started; /* last_run: when it ran */
        if (t == JT_TS_NULL)
            out->type = JT_T_UNKNOWN;
        out->i = JT_CLOCK_START + t;
        break;
    }
    case JT_F_NUM_RUNS:
        out->i = j->started != JT_TS_NULL;
        break;
    case JT_F_FRACTION:
        out->f = j->status == JT_ST_SUCCEEDED ? 1.0 : 0.0;
        break;
    case JT_F_ERROR:
        out->s = jt_job_error(j) ? jt_job_error(j) : "";
        break;
    case JT_F_CREATED_BY_TYPE:
    case JT_F_CREATED_BY_ID:
        if (!jt_job_schedule(j))
            out->type = JT_T_UNKNOWN;
        out->s = "crdb_schedule";
        out->i = jt_job_schedule(j);
        break;
    case JT_F_RUNNING_STATUS: /* NULL: the model's jobs report no running status */
    case JT_F_COORDINATOR:    /* NULL: the model has no nodes */
    case JT_F_TRACE_ID:       /* NULL: nothing traced */
    case JT_F_NEXT_RUN:       /* NULL: nothing waits to run again */
    default:
        out->type = JT_T_UNKNOWN;
        break;
    }
}

/* ---- expressions ---- */

typedef struct ctx {
    jt_eval *ev;
    const source *src;
    const jt_value *aggs; /* a grouped selection's aggregates, of the group evaluated */
} ctx;

static int eval_expr(ctx *c, const jt_expr *e, const row *r, int want, jt_value *out);
static int run_select(jt_eval *ev, jt_select *s, int want, jt_rows *out);

static int compare_op(ctx *c, const jt_expr *e, jt_value *a, jt_value *b, int op, int *truth) {
    int r = jt_value_unify(a, b, c->ev->rc ? NULL : c->ev->e);
    if (r < 0)
        return value_failed(c->ev, r);
    if (c->ev->rc)
        return c->ev->rc;
    if (r > 0)
        return fail(c->ev, "22023", "unsupported comparison operator: <%s> %s <%s>",
                    jt_type_name(a->type), jt_cmp_word(op), jt_type_name(b->type));
    (void)e;
    if (a->type == JT_T_UNKNOWN || b->type == JT_T_UNKNOWN) {
        *truth = -1;
        return 0;
    }
    *truth = jt_cmp_holds(jt_value_compare(a, b), op);
    return 0;
}

/* The subqueries a statement has evaluated: an open-addressing table in its arena, keyed by
   the subquery's node. A subquery sees only its own source (none is correlated) and the jobs
   do not change while a statement evaluates, so its rows are the same each time: without
   the table, a subquery in WHERE ran once per row, and n nested ones rows^n times. */
typedef struct jt_subcache {
    const jt_expr **keys;
    jt_rows **rows;
    size_t n, cap; /* cap: a power of two, kept at least twice n */
} jt_subcache;

static size_t subcache_slot(const jt_subcache *sc, const jt_expr *e) {
    size_t h = (size_t)(((uintptr_t)e >> 4) * 0x9E3779B97F4A7C15ULL) & (sc->cap - 1);
    while (sc->keys[h] && sc->keys[h] != e)
        h = (h + 1) & (sc->cap - 1);
    return h;
}

/* Room for one more entry (a new, larger table when half full). */
static int subcache_room(jt_eval *ev) {
    jt_subcache *sc = ev->subs, grown;
    size_t i;
    if (sc && (sc->n + 1) * 2 <= sc->cap)
        return 0;
    grown.cap = sc ? sc->cap * 2 : 16;
    grown.n = 0;
    grown.keys = jt_arena_alloc(ev->a, grown.cap * sizeof *grown.keys);
    grown.rows = jt_arena_alloc(ev->a, grown.cap * sizeof *grown.rows);
    if (!grown.keys || !grown.rows)
        return nomem(ev);
    for (i = 0; sc && i < sc->cap; i++) {
        if (sc->keys[i]) {
            size_t h = subcache_slot(&grown, sc->keys[i]);
            grown.keys[h] = sc->keys[i];
            grown.rows[h] = sc->rows[i];
            grown.n++;
        }
    }
    if (!sc && !(ev->subs = jt_arena_alloc(ev->a, sizeof *ev->subs)))
        return nomem(ev);
    *ev->subs = grown;
    return 0;
}

/* A subquery's rows, evaluated once per statement. */
static int subquery_rows(ctx *c, const jt_expr *e, jt_rows **out) {
    jt_eval *ev = c->ev;
    jt_rows *rows;
    size_t h;
    if (ev->subs) {
        h = subcache_slot(ev->subs, e);
        if (ev->subs->keys[h]) {
            *out = ev->subs->rows[h];
            return 0;
        }
    }
    if (ev->keep) { /* a cursor's batch: the subquery's rows outlive it */
        jt_arena *batch = ev->a;
        int rc;
        ev->a = ev->keep;
        ev->keep = NULL;
        rc = subquery_rows(c, e, out);
        ev->keep = ev->a;
        ev->a = batch;
        return rc;
    }
    rows = jt_arena_alloc(ev->a, sizeof *rows);
    if (!rows)
        return nomem(ev);
    if (run_select(ev, e->sub, JT_T_UNKNOWN, rows))
        return ev->rc;
    if (subcache_room(ev)) /* after: the subquery may have added its own */
        return ev->rc;
    h = subcache_slot(ev->subs, e);
    ev->subs->keys[h] = e;
    ev->subs->rows[h] = rows;
    ev->subs->n++;
    *out = rows;
    return 0;
}

/* The evaluation of each kind of expression. eval_expr is recursive and the hottest function
   of the model: the kinds apart from constants and columns are kept out of line (noinline), so
   that its own frame stays small (inlined, they cost the bundled suite about 3% more
   instructions under callgrind). */

/* A column of the row (NULL when there is no row: a shape, a LIMIT). */
static inline int eval_column(ctx *c, const jt_expr *e, const row *r, jt_value *out) {
    if (e->column < 0 || !c->src)
        return fail(c->ev, "42703", "column \"%s\" does not exist", e->name);
    if (r->job)
        job_field(c->ev, r->job, c->src->cols[e->column].field, out);
    else if (r->vals)
        *out = r->vals[e->column];
    else
        memset(out, 0, sizeof *out);
    return 0;
}

__attribute__((noinline)) static int eval_neg(ctx *c, const jt_expr *e, const row *r,
                                              jt_value *out) {
    jt_eval *ev = c->ev;
    if (eval_expr(c, e->a, r, JT_T_INT, out))
        return ev->rc;
    if (out->untyped && coerce(ev, out, JT_T_INT))
        return ev->rc;
    if (out->type == JT_T_INT) {
        if (out->i == INT64_MIN)
            return fail(ev, "22003", "integer out of range");
        out->i = -out->i;
    } else if (jt_type_is_float(out->type)) {
        out->f = -out->f;
    } else if (out->type != JT_T_UNKNOWN) {
        return fail(ev, "22023", "unsupported unary operator: -<%s>", jt_type_name(out->type));
    }
    return 0;
}

__attribute__((noinline)) static int eval_cmp(ctx *c, const jt_expr *e, const row *r,
                                              jt_value *out) {
    jt_value a, b;
    int t = 0; /* set by compare_op when it returns 0 */
    if (r->job && e->a->kind == JT_E_COLUMN && e->b->kind == JT_E_CONST && !e->b->value.untyped &&
        e->a->column >= 0) {
        /* The common selection, a job's column against a constant planned to its type:
           straight to the comparison. */
        const jt_value *k = &e->b->value;
        job_field(c->ev, r->job, c->src->cols[e->a->column].field, &a);
        if (a.type == JT_T_UNKNOWN || k->type == JT_T_UNKNOWN) {
            jt_value_bool(out, -1);
            return 0;
        }
        if (a.type == k->type || (jt_type_is_numeric(a.type) && jt_type_is_numeric(k->type))) {
            jt_value_bool(out, jt_cmp_holds(jt_value_compare(&a, k), e->op));
            return 0;
        }
    }
    if (eval_expr(c, e->a, r, JT_T_UNKNOWN, &a) || eval_expr(c, e->b, r, JT_T_UNKNOWN, &b) ||
        compare_op(c, e, &a, &b, e->op, &t))
        return c->ev->rc;
    jt_value_bool(out, t);
    return 0;
}

__attribute__((noinline)) static int eval_logic(ctx *c, const jt_expr *e, const row *r,
                                                jt_value *out) {
    jt_value a, b;
    int x, y;
    if (eval_expr(c, e->a, r, JT_T_BOOL, &a) || eval_expr(c, e->b, r, JT_T_BOOL, &b) ||
        coerce(c->ev, &a, JT_T_BOOL) || coerce(c->ev, &b, JT_T_BOOL))
        return c->ev->rc;
    if ((a.type != JT_T_BOOL && a.type != JT_T_UNKNOWN) ||
        (b.type != JT_T_BOOL && b.type != JT_T_UNKNOWN))
        return fail(c->ev, "42804", "argument of %s must be type bool, not type %s",
                    e->kind == JT_E_AND ? "AND" : "OR",
                    jt_type_name(a.type != JT_T_BOOL && a.type != JT_T_UNKNOWN ? a.type : b.type));
    x = jt_value_truth(&a);
    y = jt_value_truth(&b);
    if (e->kind == JT_E_AND)
        jt_value_bool(out, x == 0 || y == 0 ? 0 : (x < 0 || y < 0 ? -1 : 1));
    else
        jt_value_bool(out, x == 1 || y == 1 ? 1 : (x < 0 || y < 0 ? -1 : 0));
    return 0;
}

__attribute__((noinline)) static int eval_not(ctx *c, const jt_expr *e, const row *r,
                                              jt_value *out) {
    jt_value a;
    int t;
    if (eval_expr(c, e->a, r, JT_T_BOOL, &a) || coerce(c->ev, &a, JT_T_BOOL))
        return c->ev->rc;
    if (a.type != JT_T_BOOL && a.type != JT_T_UNKNOWN)
        return fail(c->ev, "42804", "argument of NOT must be type bool, not type %s",
                    jt_type_name(a.type));
    t = jt_value_truth(&a);
    jt_value_bool(out, t < 0 ? -1 : !t);
    return 0;
}

__attribute__((noinline)) static int eval_like(ctx *c, const jt_expr *e, const row *r,
                                               jt_value *out) {
    jt_eval *ev = c->ev;
    jt_value a, b;
    if (eval_expr(c, e->a, r, JT_T_STRING, &a) || eval_expr(c, e->b, r, JT_T_STRING, &b) ||
        coerce(ev, &a, JT_T_STRING) || coerce(ev, &b, JT_T_STRING))
        return ev->rc;
    if (a.type == JT_T_UNKNOWN || b.type == JT_T_UNKNOWN) {
        jt_value_bool(out, -1);
        return 0;
    }
    if (a.type != JT_T_STRING || b.type != JT_T_STRING)
        return fail(ev, "22023", "unsupported comparison operator: <%s> %sLIKE <%s>",
                    jt_type_name(a.type), e->negate ? "NOT " : "", jt_type_name(b.type));
    jt_value_bool(out, jt_value_like(a.s, b.s) != e->negate);
    return 0;
}

/* x IN (list) or x IN (subquery): true when a member equals it, else NULL when a comparison
   was NULL (or x is NULL and there are members), else false; NOT IN the opposite. */
__attribute__((noinline)) static int eval_in(ctx *c, const jt_expr *e, const row *r,
                                             jt_value *out) {
    jt_eval *ev = c->ev;
    jt_value a, b;
    int any_null = 0, found = 0, t = 0; /* set by compare_op when it returns 0 */
    size_t k, n;
    jt_rows *rows = NULL;
    if (eval_expr(c, e->a, r, JT_T_UNKNOWN, &a))
        return ev->rc;
    if (e->sub) {
        if (subquery_rows(c, e, &rows))
            return ev->rc;
        if (rows->ncols != 1)
            return fail(ev, "42601", "subquery has too many columns");
        n = rows->nrows;
    } else {
        n = e->nlist;
    }
    for (k = 0; k < n && !found; k++) {
        jt_value x = a;
        if (rows)
            b = rows->values[k];
        else if (eval_expr(c, e->list[k], r, JT_T_UNKNOWN, &b))
            return ev->rc;
        if (compare_op(c, e, &x, &b, JT_CMP_EQ, &t))
            return ev->rc;
        if (t < 0)
            any_null = 1;
        else if (t)
            found = 1;
    }
    if (found)
        jt_value_bool(out, !e->negate);
    else if (any_null || (a.type == JT_T_UNKNOWN && n))
        jt_value_bool(out, -1);
    else
        jt_value_bool(out, e->negate);
    return 0;
}

/* A scalar subquery: its one value, NULL when it has no row. */
__attribute__((noinline)) static int eval_subquery(ctx *c, const jt_expr *e, jt_value *out) {
    jt_eval *ev = c->ev;
    jt_rows *rows;
    if (subquery_rows(c, e, &rows))
        return ev->rc;
    if (rows->ncols != 1)
        return fail(ev, "42601", "subquery must return only one column, found %zu", rows->ncols);
    if (rows->nrows > 1)
        return fail(ev, "21000", "more than one row returned by a subquery used as an expression");
    if (rows->nrows == 0)
        memset(out, 0, sizeof *out);
    else
        *out = rows->values[0];
    return 0;
}

/* ---- functions and aggregates ---- */

/* The aggregates (v2.1 on: count, min, max, sum, avg, bool_and, bool_or) and the few scalar
   functions the job tests use. */
enum fn_kind {
    FN_COUNT,
    FN_MIN,
    FN_MAX,
    FN_SUM,
    FN_AVG,
    FN_BOOL_AND,
    FN_BOOL_OR,
    FN_AGGS,
    FN_LENGTH = FN_AGGS,
    FN_LOWER,
    FN_UPPER,
    FN_NOW,
    FN_NONE
};

static int fn_of(const char *name) {
    static const char *const names[] = {"count",   "min",    "max",   "sum",   "avg", "bool_and",
                                        "bool_or", "length", "lower", "upper", "now"};
    int k;
    for (k = 0; k < FN_NONE; k++)
        if (strcmp(names[k], name) == 0)
            return k;
    return FN_NONE;
}

static int type_of(ctx *c, const jt_expr *e, int want, uint8_t *out);

static int func_type(ctx *c, const jt_expr *e, uint8_t *out) {
    int fn = fn_of(e->name);
    size_t want = fn == FN_NOW ? 0 : 1;
    if (fn == FN_NONE)
        return fail(c->ev, "42883", "unknown function: %s()", e->name);
    if ((e->star && fn != FN_COUNT) || (!e->star && e->nlist != want))
        return fail(c->ev, "42883", "unknown signature: %s()", e->name);
    switch (fn) {
    case FN_COUNT:
    case FN_LENGTH:
        *out = JT_T_INT;
        return 0;
    case FN_SUM:
    case FN_AVG:
        *out = JT_T_DECIMAL;
        return 0;
    case FN_BOOL_AND:
    case FN_BOOL_OR:
        *out = JT_T_BOOL;
        return 0;
    case FN_NOW:
        *out = JT_T_TIMESTAMP;
        return 0;
    case FN_LOWER:
    case FN_UPPER:
        *out = JT_T_STRING;
        return 0;
    default: /* min, max: their argument's */
        return type_of(c, e->list[0], JT_T_UNKNOWN, out);
    }
}

/* A scalar function's value. */
__attribute__((noinline)) static int eval_func(ctx *c, const jt_expr *e, const row *r,
                                               jt_value *out) {
    jt_eval *ev = c->ev;
    int fn = fn_of(e->name);
    jt_value a;
    if (e->agg >= 0) { /* an aggregate: its group's value */
        if (!c->aggs)
            return fail(ev, "42803", "aggregate functions are not allowed here");
        *out = c->aggs[e->agg];
        return 0;
    }
    if (fn == FN_NOW) {
        memset(out, 0, sizeof *out);
        out->type = JT_T_TIMESTAMP;
        out->i = JT_CLOCK_START + (int64_t)ev->m->clock + 1;
        return 0;
    }
    if (fn < FN_AGGS || fn == FN_NONE || e->nlist != 1)
        return fail(ev, "42803", "aggregate functions are not allowed here");
    if (eval_expr(c, e->list[0], r, JT_T_STRING, &a) || coerce(ev, &a, JT_T_STRING))
        return ev->rc;
    if (a.type == JT_T_UNKNOWN) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    if (a.type != JT_T_STRING)
        return fail(ev, "42883", "unknown signature: %s(%s)", e->name, jt_type_name(a.type));
    if (fn == FN_LENGTH) {
        jt_value_int(out, (int64_t)utf8_chars(a.s));
        return 0;
    }
    return case_of(ev, &a, fn == FN_UPPER, out);
}

/* The value of e for row r; want is the type an untyped constant under it takes. */
static int eval_expr(ctx *c, const jt_expr *e, const row *r, int want, jt_value *out) {
    jt_eval *ev = c->ev;
    switch (e->kind) {
    case JT_E_CONST:
        if (e->overflow && want == JT_T_INT)
            return fail(ev, "22003", "numeric constant out of int64 range");
        *out = e->value;
        return 0;
    case JT_E_PARAM:
        if ((size_t)e->param > ev->nparams)
            return fail(ev, "08P01", "no value provided for placeholder: $%d", e->param);
        *out = ev->params[e->param - 1];
        return 0;
    case JT_E_COLUMN:
        return eval_column(c, e, r, out);
    case JT_E_CAST:
        if (eval_expr(c, e->a, r, e->cast, out))
            return ev->rc;
        return cast(ev, out, e->cast);
    case JT_E_NEG:
        return eval_neg(c, e, r, out);
    case JT_E_CMP:
        return eval_cmp(c, e, r, out);
    case JT_E_AND:
    case JT_E_OR:
        return eval_logic(c, e, r, out);
    case JT_E_NOT:
        return eval_not(c, e, r, out);
    case JT_E_ISNULL: {
        jt_value a;
        if (eval_expr(c, e->a, r, JT_T_UNKNOWN, &a))
            return ev->rc;
        jt_value_bool(out, (a.type == JT_T_UNKNOWN) != e->negate);
        return 0;
    }
    case JT_E_LIKE:
        return eval_like(c, e, r, out);
    case JT_E_IN:
        return eval_in(c, e, r, out);
    case JT_E_SUBQUERY:
        return eval_subquery(c, e, out);
    case JT_E_FUNC:
        return eval_func(c, e, r, out);
    default:
        JT_ASSERT(0);
        return 0;
    }
}

/* Static type of an expression (without running it, except subqueries' shapes). */
static int type_of(ctx *c, const jt_expr *e, int want, uint8_t *out) {
    jt_eval *ev = c->ev;
    switch (e->kind) {
    case JT_E_CONST:
        if (e->overflow && want == JT_T_INT)
            return fail(ev, "22003", "numeric constant out of int64 range");
        *out =
            e->value.untyped ? (uint8_t)(want != JT_T_UNKNOWN ? want : JT_T_STRING) : e->value.type;
        return 0;
    case JT_E_PARAM:
        if ((size_t)e->param > ev->nparams)
            return fail(ev, "08P01", "no value provided for placeholder: $%d", e->param);
        *out = ev->params[e->param - 1].untyped
                   ? (uint8_t)(want != JT_T_UNKNOWN ? want : JT_T_STRING)
                   : ev->params[e->param - 1].type;
        return 0;
    case JT_E_COLUMN:
        if (e->column < 0 || !c->src)
            return fail(ev, "42703", "column \"%s\" does not exist", e->name);
        *out = c->src->cols ? c->src->cols[e->column].type : c->src->types[e->column];
        return 0;
    case JT_E_CAST:
        *out = e->cast;
        return 0;
    case JT_E_NEG:
        if (type_of(c, e->a, JT_T_INT, out))
            return ev->rc;
        if (*out == JT_T_STRING)
            *out = JT_T_INT;
        return 0;
    case JT_E_FUNC:
        return func_type(c, e, out);
    case JT_E_SUBQUERY: {
        jt_rows shape;
        if (jt_eval_shape(ev, e->sub, want, &shape))
            return ev->rc;
        if (shape.ncols != 1)
            return fail(ev, "42601", "subquery must return only one column, found %zu",
                        shape.ncols);
        *out = shape.types[0];
        return 0;
    }
    default:
        *out = JT_T_BOOL;
        return 0;
    }
}

/* ---- planning: resolve column names ---- */

/* A string constant compared with a column takes the column's type once, when the query is
   planned, as SQL types its constants: an error then is the statement's, rows or none. */
static int settle_constant(ctx *c, jt_expr *k, const jt_expr *col) {
    int t;
    if (k->kind != JT_E_CONST || !k->value.untyped || col->kind != JT_E_COLUMN || col->column < 0)
        return 0;
    t = c->src->cols ? c->src->cols[col->column].type : c->src->types[col->column];
    if (t == JT_T_UNKNOWN)
        return 0;
    return coerce(c->ev, &k->value, t);
}

static int resolve(ctx *c, jt_expr *e) {
    size_t k;
    if (!e)
        return 0;
    switch (e->kind) {
    case JT_E_COLUMN:
        e->column = -1;
        if (c->src) {
            for (k = 0; k < c->src->ncols; k++) {
                const char *name = c->src->cols ? c->src->cols[k].name : c->src->names[k];
                if (name[0] == e->name[0] && strcmp(name, e->name) == 0) {
                    e->column = (int)k;
                    return 0;
                }
            }
        }
        return fail(c->ev, "42703", "column \"%s\" does not exist", e->name);
    case JT_E_SUBQUERY:
        return 0; /* resolved against its own source when it runs */
    case JT_E_FUNC:
        for (k = 0; k < e->nlist; k++)
            if (resolve(c, e->list[k]))
                return c->ev->rc;
        return 0;
    case JT_E_IN:
        for (k = 0; k < e->nlist; k++)
            if (resolve(c, e->list[k]))
                return c->ev->rc;
        if (resolve(c, e->a))
            return c->ev->rc;
        for (k = 0; k < e->nlist; k++)
            if (settle_constant(c, e->list[k], e->a))
                return c->ev->rc;
        return 0;
    case JT_E_CMP:
        if (resolve(c, e->a) || resolve(c, e->b))
            return c->ev->rc;
        if (settle_constant(c, e->b, e->a) || settle_constant(c, e->a, e->b))
            return c->ev->rc;
        return 0;
    default:
        if (resolve(c, e->a) || resolve(c, e->b))
            return c->ev->rc;
        return 0;
    }
}

/* Whether the source's rows are the model's jobs. */
static int job_source(int kind) {
    return kind == JT_SRC_SHOW_JOBS || kind == JT_SRC_SHOW_JOB_IDS ||
           kind == JT_SRC_SHOW_AUTOMATIC || kind == JT_SRC_CRDB_JOBS ||
           kind == JT_SRC_SYSTEM_JOBS || kind == JT_SRC_CHANGEFEED;
}

/* Whether the source's rows are values (VALUES, and tables of values). */
static int values_source(int kind) {
    return kind == JT_SRC_VALUES || kind == JT_SRC_FEATURE_USAGE || kind == JT_SRC_DERIVED;
}

/* The columns of table t into cols (t->ncols + 1 of them). */
static void fill_columns(const jt_table_def *t, jt_column *cols) {
    size_t k;
    for (k = 0; k < t->ncols; k++) {
        cols[k].name = t->names[k];
        cols[k].field = t->fields[k];
        cols[k].type = field_types[t->fields[k]];
    }
}

/* The columns of a table of the profile: the model's, made with it (jt_eval_columns_init,
   for every table a selection names); a statement only reads them, so that statements may run
   side by side on one model, as serve's helper thread does. */
static void table_columns(const jt_model *m, const jt_table_def *t, source *src) {
    size_t slot = 0;
    while (slot < JT_TABLE_COLS && m->table_cols[slot].def != t)
        slot++;
    JT_ASSERT(slot < JT_TABLE_COLS);
    src->cols = m->table_cols[slot].cols;
    src->ncols = t->ncols;
}

/* A row of crdb_internal.feature_usage (when its counter counted). */
static void feature_row(jt_rows *vr, const char *name, uint64_t count) {
    jt_value *v = &vr->values[vr->nrows * 2];
    if (!count)
        return;
    memset(v, 0, 2 * sizeof *v);
    v[0].type = JT_T_STRING;
    v[0].s = name;
    v[1].type = JT_T_INT;
    v[1].i = (int64_t)count;
    vr->nrows++;
}

/* crdb_internal.feature_usage as values: a row per counter that counted: the control
   statements', job.schema_change.successful (a schema change job succeeded: the `jobs` logic
   test reads it) and sql.show.jobs (a SHOW JOBS: show_source reads it). */
static int feature_usage(jt_eval *ev, source *src) {
    static const char *const names[] = {"feature_name", "usage_count"};
    const struct jt_catalog *c = ev->m->catalog;
    jt_rows *vr = &src->values;
    size_t op;
    src->ncols = 2;
    src->names = jt_arena_alloc(ev->a, 2 * sizeof *src->names);
    src->types = jt_arena_alloc(ev->a, 2);
    vr->ncols = 2;
    vr->values = jt_arena_alloc(ev->a, 2 * (JT_OP_COUNT + 2) * sizeof *vr->values);
    if (!src->names || !src->types || !vr->values)
        return nomem(ev);
    src->names[0] = names[0];
    src->names[1] = names[1];
    src->types[0] = JT_T_STRING;
    src->types[1] = JT_T_INT;
    for (op = 0; op < JT_OP_COUNT; op++)
        feature_row(vr, feature_names[op], ev->m->feature_usage[op]);
    if (c) {
        feature_row(vr, "job.schema_change.successful", c->schema_change_successful);
        feature_row(vr, "sql.show.jobs", jt_store_show_jobs(ev->m));
    }
    vr->cap = vr->nrows;
    return 0;
}

/* SHOW CHANGEFEED JOBS (v20.2 docs show-jobs.md): the changefeeds' columns; those the model
   does not keep (high-water mark, sink, tables, topics, format) are NULL. */
static const char *const changefeed_names[] = {
    "job_id",  "description", "user_name",        "status",   "running_status",
    "created", "started",     "finished",         "modified", "high_water_timestamp",
    "error",   "sink_uri",    "full_table_names", "topics",   "format"};
static const uint8_t changefeed_fields[] = {JT_F_ID,
                                            JT_F_DESCRIPTION,
                                            JT_F_USER,
                                            JT_F_STATUS,
                                            JT_F_RUNNING_STATUS,
                                            JT_F_CREATED,
                                            JT_F_STARTED,
                                            JT_F_FINISHED,
                                            JT_F_MODIFIED,
                                            JT_F_NEXT_RUN,
                                            JT_F_ERROR,
                                            JT_F_RUNNING_STATUS,
                                            JT_F_RUNNING_STATUS,
                                            JT_F_RUNNING_STATUS,
                                            JT_F_RUNNING_STATUS};
static const jt_table_def changefeed_table = {
    changefeed_names, changefeed_fields, sizeof changefeed_fields / sizeof changefeed_fields[0]};

/* The table of the profile a job source reads (SHOW AUTOMATIC JOBS reads SHOW JOBS's); NULL
   for the other sources. */
static const jt_table_def *job_table(const jt_profile *p, int kind) {
    switch (kind) {
    case JT_SRC_SHOW_JOBS:
    case JT_SRC_SHOW_AUTOMATIC:
        return &p->show_jobs;
    case JT_SRC_SHOW_JOB_IDS:
        return &p->show_job_ids;
    case JT_SRC_CRDB_JOBS:
        return &p->crdb_jobs;
    case JT_SRC_SYSTEM_JOBS:
        return &p->system_jobs;
    case JT_SRC_CHANGEFEED:
        return &changefeed_table;
    default:
        return NULL;
    }
}

int jt_eval_columns_init(jt_model *m) {
    static const int kinds[] = {JT_SRC_SHOW_JOBS, JT_SRC_SHOW_JOB_IDS, JT_SRC_CRDB_JOBS,
                                JT_SRC_SYSTEM_JOBS, JT_SRC_CHANGEFEED}; /* a table each */
    size_t k;
    JT_ASSERT(sizeof kinds / sizeof kinds[0] <= JT_TABLE_COLS);
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const jt_table_def *t = job_table(m->profile, kinds[k]);
        jt_column *cols = jt_malloc((t->ncols + 1) * sizeof *cols);
        if (!cols)
            return JT_ENOMEM;
        fill_columns(t, cols);
        m->table_cols[k].def = t;
        m->table_cols[k].cols = cols;
    }
    return JT_OK;
}

/* FROM (SELECT …) or a WITH name: the derived selection's columns, its rows evaluated when the
   selection runs (values_rows). */
static int derived_source(jt_eval *ev, jt_select *s, source *src) {
    jt_rows shape;
    if (jt_eval_shape(ev, s->derived, JT_T_UNKNOWN, &shape))
        return ev->rc;
    src->ncols = shape.ncols;
    src->names = shape.names;
    src->types = shape.types;
    return 0;
}

/* A table the jobs tables are not: a table of the catalog, whose rows the model does not keep
   (outside the kit), or none (42P01). */
static int unknown_source(jt_eval *ev, jt_select *s) {
    const char *dot = strchr(s->table, '.'), *name = dot ? dot + 1 : s->table;
    size_t i;
    for (i = 0; ev->m->catalog && i < ev->m->catalog->ntables; i++)
        if (strcmp(ev->m->catalog->tables[i].name, name) == 0)
            return fail(ev, JT_OUTSIDE_SQLSTATE, "%sthe rows of table %s (the model keeps none)",
                        JT_OUTSIDE_PREFIX, s->table);
    return fail(ev, "42P01", "relation \"%s\" does not exist", s->table);
}

static int setup_source(jt_eval *ev, jt_select *s, int want, source *src) {
    const jt_table_def *table = job_table(ev->m->profile, s->source);
    memset(src, 0, sizeof *src);
    src->kind = s->source;
    if (table) {
        table_columns(ev->m, table, src);
        return 0;
    }
    switch (s->source) {
    case JT_SRC_UNKNOWN:
        return unknown_source(ev, s);
    case JT_SRC_DERIVED:
        return derived_source(ev, s, src);
    case JT_SRC_FEATURE_USAGE:
        return feature_usage(ev, src);
    case JT_SRC_VALUES: {
        size_t k, i;
        ctx c = {ev, NULL, NULL};
        src->ncols = s->nvalcols;
        src->names = jt_arena_alloc(ev->a, s->nvalcols * sizeof *src->names);
        src->types = jt_arena_alloc(ev->a, s->nvalcols * sizeof *src->types);
        if (!src->names || !src->types)
            return nomem(ev);
        for (k = 0; k < s->nvalcols; k++) {
            char name[32], num[24];
            jt_join3(name, sizeof name, "column", jt_decimal(num, (int64_t)k + 1), "");
            src->names[k] = jt_arena_strndup(ev->a, name, strlen(name));
            if (!src->names[k])
                return nomem(ev);
            src->types[k] = JT_T_UNKNOWN;
            for (i = 0; i < s->nrows; i++) {
                uint8_t t;
                if (resolve(&c, s->rows[i][k]) || type_of(&c, s->rows[i][k], want, &t))
                    return ev->rc;
                if (t == JT_T_UNKNOWN)
                    continue;
                if (src->types[k] == JT_T_UNKNOWN)
                    src->types[k] = t;
                else if (src->types[k] != t &&
                         !(s->rows[i][k]->kind == JT_E_CONST && s->rows[i][k]->value.untyped))
                    return fail(ev, "42804", "VALUES types %s and %s cannot be matched",
                                jt_type_name(src->types[k]), jt_type_name(t));
            }
        }
        break;
    }
    default:
        break;
    }
    return 0;
}

/* admin: whether the statement's user is an admin member. */
static int check_privilege(jt_eval *ev, jt_select *s, int admin) {
    const jt_profile *p = ev->m->profile;
    jt_errargs args;
    const char *sqlstate;
    if (!job_source(s->source) || admin)
        return 0;
    /* system.jobs is for admin members; SHOW JOBS and crdb_internal.jobs too in some
       versions, in others they show the jobs the user may see */
    if (s->source != JT_SRC_SYSTEM_JOBS && !p->show_admin_only)
        return 0;
    memset(&args, 0, sizeof args);
    args.user = ev->user;
    sqlstate =
        jt_profile_error(p, JT_ERR_SHOW_PRIVILEGE, &args, ev->e->message, sizeof ev->e->message);
    snprintf(ev->e->sqlstate, sizeof ev->e->sqlstate, "%s", sqlstate);
    ev->e->position = 0;
    ev->rc = JT_EPARSE;
    return ev->rc;
}

/* Whether a job is a row of the source for the statement's user: the jobs the user may see
   (every job for admin members: viewer < 0), and what SHOW JOBS hides. */
static inline int job_row(const jt_eval *ev, int kind, int viewer, const jt_job *j) {
    const jt_model *m = ev->m;
    const jt_profile *p = m->profile;
    if (viewer != -2 && kind != JT_SRC_SYSTEM_JOBS && !jt_privilege_can_view(m, viewer, j))
        return 0;
    if (kind == JT_SRC_SHOW_JOBS || kind == JT_SRC_SHOW_AUTOMATIC) {
        /* finished IS NULL OR finished > now() - '12h' ; and the automatic jobs apart */
        if (p->show_hides && j->finished != JT_TS_NULL &&
            (int64_t)j->finished <= (int64_t)m->clock + 1 - 12 * 3600)
            return 0;
        if (p->show_hides && (kind == JT_SRC_SHOW_AUTOMATIC) != (p->automatic[j->type] != 0))
            return 0;
    }
    if (kind == JT_SRC_CHANGEFEED) /* SHOW CHANGEFEED JOBS: the changefeeds of the 12 hours */
        return j->type == JT_TY_CHANGEFEED &&
               (j->finished == JT_TS_NULL ||
                (int64_t)j->finished > (int64_t)m->clock + 1 - 12 * 3600);
    return 1;
}

/* Item i's expression when an ORDER BY names an output alias, or an ordinal. */
static int order_target(ctx *c, jt_select *s, jt_expr *e, jt_expr **out_expr, int *out_col) {
    size_t k;
    *out_expr = e;
    *out_col = -1;
    if (e->kind == JT_E_CONST && e->value.type == JT_T_INT && !e->value.untyped) {
        size_t n = s->star ? c->src->ncols : s->nitems;
        if (e->value.i < 1 || (uint64_t)e->value.i > n)
            return fail(c->ev, "42P10", "ORDER BY position %lld is not in select list",
                        (long long)e->value.i);
        if (s->star)
            *out_col = (int)(e->value.i - 1);
        else
            *out_expr = s->items[e->value.i - 1];
        return 0;
    }
    if (e->kind == JT_E_COLUMN && !s->star) {
        for (k = 0; k < s->nitems; k++) {
            if (s->aliases && s->aliases[k] && strcmp(s->aliases[k], e->name) == 0) {
                *out_expr = s->items[k];
                return 0;
            }
        }
    }
    return 0;
}

/* ---- a stable merge sort of row indices ---- */

typedef struct sortctx {
    const jt_value *keys; /* nrows * nkeys */
    size_t nkeys;
    const int *desc;
} sortctx;

static int key_cmp(const sortctx *sc, uint32_t x, uint32_t y) {
    size_t k;
    for (k = 0; k < sc->nkeys; k++) {
        const jt_value *a = &sc->keys[(size_t)x * sc->nkeys + k];
        const jt_value *b = &sc->keys[(size_t)y * sc->nkeys + k];
        int r;
        if (a->type == JT_T_UNKNOWN || b->type == JT_T_UNKNOWN)
            r = (a->type != JT_T_UNKNOWN) - (b->type != JT_T_UNKNOWN); /* NULLs first */
        else if (a->type == JT_T_BOOL || b->type == JT_T_BOOL)
            r = (a->i > b->i) - (a->i < b->i);
        else
            r = jt_value_compare(a, b);
        if (r)
            return sc->desc[k] ? -r : r;
    }
    return (x > y) - (x < y);
}

static void merge_sort(uint32_t *v, uint32_t *tmp, size_t n, const sortctx *sc) {
    size_t mid, i, j, k;
    if (n < 2)
        return;
    mid = n / 2;
    merge_sort(v, tmp, mid, sc);
    merge_sort(v + mid, tmp, n - mid, sc);
    for (i = 0, j = mid, k = 0; i < mid && j < n;)
        tmp[k++] = key_cmp(sc, v[i], v[j]) <= 0 ? v[i++] : v[j++];
    while (i < mid)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

/* Reorders rows[0..n) stably by keys (nkeys a row, in the rows' current order). Frees keys. */
static int sort_by_keys(jt_eval *ev, uint32_t *rows, size_t n, jt_value *keys, size_t nkeys,
                        const int *desc) {
    sortctx sc = {keys, nkeys, desc};
    uint32_t *perm = jt_malloc(n * sizeof *perm), *tmp = jt_malloc(n * sizeof *tmp);
    size_t i;
    if (!perm || !tmp) {
        free(perm);
        free(tmp);
        free(keys);
        return nomem(ev);
    }
    for (i = 0; i < n; i++)
        perm[i] = (uint32_t)i;
    merge_sort(perm, tmp, n, &sc);
    for (i = 0; i < n; i++)
        tmp[i] = rows[perm[i]];
    memcpy(rows, tmp, n * sizeof *rows);
    free(perm);
    free(tmp);
    free(keys);
    return 0;
}

/* SHOW JOBS's order of a row, as two words and the id compared in turn, all descending:
   COALESCE(finished, now()), then started (NULL last, as a NULL sorts first ascending), then
   created. Ties keep the rows' order (a stable sort). */
typedef struct show_key {
    uint64_t hi, lo;
    int64_t id;
} show_key;

/* Whether row x goes after row y (stability: x came first). */
static inline int show_after(const show_key *k, uint32_t x, uint32_t y) {
    const show_key *a = &k[x], *b = &k[y];
    if (a->hi != b->hi)
        return a->hi < b->hi;
    if (a->lo != b->lo)
        return a->lo < b->lo;
    return a->id < b->id;
}

static void show_sort(uint32_t *v, uint32_t *tmp, size_t n, const show_key *k) {
    size_t mid, i, j, o;
    if (n <= 16) { /* an insertion sort, stable too: few rows need no recursion */
        for (i = 1; i < n; i++) {
            uint32_t x = v[i];
            for (j = i; j > 0 && show_after(k, v[j - 1], x); j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    mid = n / 2;
    show_sort(v, tmp, mid, k);
    show_sort(v + mid, tmp, n - mid, k);
    if (!show_after(k, v[mid - 1], v[mid]))
        return; /* already in order */
    for (i = 0, j = mid, o = 0; i < mid && j < n;)
        tmp[o++] = show_after(k, v[i], v[j]) ? v[j++] : v[i++];
    while (i < mid)
        tmp[o++] = v[i++];
    while (j < n)
        tmp[o++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

/* Whether each of the n rows goes after the next one: then SHOW JOBS's order is theirs
   reversed (jobs alike but for their ids, as a selection by owner gives them, oldest first). */
static int show_reversed(const show_key *k, size_t n) {
    size_t i;
    for (i = 0; i + 1 < n; i++)
        if (!show_after(k, (uint32_t)i, (uint32_t)(i + 1)))
            return 0;
    return 1;
}

/* The order of SHOW JOBS with integer keys (the times are int32 seconds): a sort of plain
   words, not of values compared one key at a time. */
static int show_order(jt_eval *ev, uint32_t *rows, size_t n, const jt_job *jobs) {
    show_key *keys = jt_malloc(n * sizeof *keys);
    uint32_t *perm = jt_malloc(2 * n * sizeof *perm);
    size_t i;
    if (!keys || !perm) {
        free(keys);
        free(perm);
        return nomem(ev);
    }
    for (i = 0; i < n; i++) {
        const jt_job *j = &jobs[rows[i]];
        int64_t fin;
        uint64_t started;
        if (i + JT_PREFETCH_AHEAD < n)
            JT_PREFETCH(&jobs[rows[i + JT_PREFETCH_AHEAD]]);
        fin = j->finished != JT_TS_NULL ? j->finished : (int64_t)ev->m->clock + 1;
        started = j->started != JT_TS_NULL ? (uint64_t)((int64_t)j->started + 2147483649LL) : 0;
        keys[i].hi = (uint64_t)(fin + 2147483648LL) << 32 | started;
        keys[i].lo = (uint64_t)((int64_t)j->created + 2147483648LL);
        keys[i].id = j->id;
        perm[i] = (uint32_t)i;
    }
    if (show_reversed(keys, n)) {
        for (i = 0; i < n; i++)
            perm[n + i] = rows[n - 1 - i];
    } else {
        show_sort(perm, perm + n, n, keys);
        for (i = 0; i < n; i++)
            perm[n + i] = rows[perm[i]];
    }
    memcpy(rows, perm + n, n * sizeof *rows);
    free(keys);
    free(perm);
    return 0;
}

/* The tables' own orders. SHOW JOBS: COALESCE(finished, now()) DESC, started DESC, then the
   newest created; system.jobs and crdb_internal.jobs: by id, as their primary key. */
static int table_order(jt_eval *ev, int table, uint32_t *rows, size_t n, const jt_job *jobs) {
    static const int show_desc[4] = {1, 1, 1, 1}, id_desc[1] = {0};
    int show =
        table == JT_SRC_SHOW_JOBS || table == JT_SRC_SHOW_AUTOMATIC || table == JT_SRC_CHANGEFEED;
    size_t nkeys = show ? 4 : 1, i;
    jt_value *keys;
    if (n < 2)
        return 0;
    if (show)
        return show_order(ev, rows, n, jobs);
    keys = jt_calloc(n * nkeys, sizeof *keys);
    if (!keys)
        return nomem(ev);
    for (i = 0; i < n; i++) {
        const jt_job *j = &jobs[rows[i]];
        jt_value *k = &keys[i * nkeys];
        if (!show) {
            k[0].type = JT_T_INT;
            k[0].i = j->id;
            continue;
        }
        k[0].type = JT_T_INT;
        k[0].i = j->finished != JT_TS_NULL
                     ? j->finished
                     : (int64_t)ev->m->clock + 1; /* now() follows every event */
        k[1].type = j->started != JT_TS_NULL ? JT_T_INT : JT_T_UNKNOWN;
        k[1].i = j->started;
        k[2].type = JT_T_INT;
        k[2].i = j->created;
        k[3].type = JT_T_INT;
        k[3].i = j->id;
    }
    return sort_by_keys(ev, rows, n, keys, nkeys, show ? show_desc : id_desc);
}

static int eval_limit(ctx *c, jt_expr *e, const char *what, int64_t *out) {
    jt_value v;
    row r = {NULL, NULL};
    if (eval_expr(c, e, &r, JT_T_INT, &v) || coerce(c->ev, &v, JT_T_INT))
        return c->ev->rc;
    if (v.type == JT_T_UNKNOWN) {
        *out = -1;
        return 0;
    }
    if (v.type != JT_T_INT)
        return fail(c->ev, "42804", "argument of %s must be type int, not type %s", what,
                    jt_type_name(v.type));
    if (v.i < 0)
        return fail(c->ev, "2201W", "negative value for %s", what);
    *out = v.i;
    return 0;
}

/* The row written in place at out's end (it had room) made one of its rows. */
static int commit_row(jt_eval *ev, jt_rows *out) {
    if (out->nrows >= JT_LIMIT_ROWS) /* as push_row */
        return fail(ev, "54000", "result has more than %d rows", JT_LIMIT_ROWS);
    out->nrows++;
    return 0;
}

static int push_row(jt_eval *ev, jt_rows *out, const jt_value *vals) {
    size_t width = out->ncols ? out->ncols : 1;
    if (out->nrows >= JT_LIMIT_ROWS) /* on every row, not only when growing: exact */
        return fail(ev, "54000", "result has more than %d rows", JT_LIMIT_ROWS);
    if (out->nrows == out->cap) {
        size_t ncap = out->cap ? out->cap * 2 : 16;
        jt_value *grown;
        /* Rows live in the statement's arena: doubling wastes at most the final size. */
        grown = jt_arena_alloc_raw(ev->a, ncap * width * sizeof *grown);
        if (!grown)
            return nomem(ev);
        if (out->nrows)
            memcpy(grown, out->values, out->nrows * width * sizeof *grown);
        out->values = grown;
        out->cap = ncap;
    }
    if (out->ncols)
        memcpy(&out->values[out->nrows * out->ncols], vals, out->ncols * sizeof *vals);
    out->nrows++;
    return 0;
}

static int shape(ctx *c, jt_select *s, int want, jt_rows *out) {
    jt_eval *ev = c->ev;
    size_t k;
    memset(out, 0, sizeof *out);
    out->ncols = s->star ? c->src->ncols : (s->source == JT_SRC_VALUES ? s->nvalcols : s->nitems);
    out->names = jt_arena_alloc(ev->a, (out->ncols ? out->ncols : 1) * sizeof *out->names);
    out->types = jt_arena_alloc(ev->a, (out->ncols ? out->ncols : 1) * sizeof *out->types);
    if (!out->names || !out->types)
        return nomem(ev);
    for (k = 0; k < out->ncols; k++) {
        if (s->source == JT_SRC_VALUES) {
            out->names[k] = c->src->names[k];
            out->types[k] = c->src->types[k];
        } else if (s->star) {
            out->names[k] = c->src->cols ? c->src->cols[k].name : c->src->names[k];
            out->types[k] = c->src->cols ? c->src->cols[k].type : c->src->types[k];
        } else {
            jt_expr *e = s->items[k];
            if (s->aliases && s->aliases[k])
                out->names[k] = s->aliases[k];
            else if (e->kind == JT_E_COLUMN || e->kind == JT_E_FUNC) /* count(*): count */
                out->names[k] = e->name;
            else if (!e->text) /* made by the parser, not written (SET's values) */
                out->names[k] = "?column?";
            else if (!(out->names[k] = jt_arena_strndup(ev->a, e->text, e->textlen)))
                return nomem(ev);
            if (type_of(c, e, want, &out->types[k]))
                return ev->rc;
        }
    }
    return 0;
}

int jt_eval_shape(jt_eval *ev, jt_select *s, int want, jt_rows *out) {
    source src;
    ctx c = {ev, &src, NULL};
    size_t k;
    if (setup_source(ev, s, want, &src))
        return ev->rc;
    if (s->source != JT_SRC_VALUES && s->source != JT_SRC_NONE && s->star == 0)
        for (k = 0; k < s->nitems; k++)
            if (resolve(&c, s->items[k]))
                return ev->rc;
    if (s->source == JT_SRC_NONE)
        c.src = NULL;
    if (s->source == JT_SRC_NONE && s->star)
        return fail(ev, "42602", "cannot use \"*\" without a FROM clause");
    {
        source none;
        memset(&none, 0, sizeof none);
        if (!c.src)
            c.src = &none;
        return shape(&c, s, want, out);
    }
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The ids SHOW JOB x and SHOW JOBS <select> show (WHERE job_id IN (<select>)): sorted, in the
   arena, NULLs left out. */
static int shown_ids(jt_eval *ev, jt_select *sel, int64_t **out, size_t *n) {
    jt_rows rows;
    size_t i;
    *out = NULL;
    *n = 0;
    if (run_select(ev, sel, JT_T_INT, &rows))
        return ev->rc;
    if (rows.ncols != 1)
        return fail(ev, "42601", "subquery has too many columns");
    *out = jt_arena_alloc(ev->a, (rows.nrows + 1) * sizeof **out);
    if (!*out)
        return nomem(ev);
    for (i = 0; i < rows.nrows; i++) {
        jt_value v = rows.values[i];
        if (coerce(ev, &v, JT_T_INT))
            return ev->rc;
        if (v.type == JT_T_UNKNOWN)
            continue;
        if (v.type != JT_T_INT && v.type != JT_T_OID)
            return fail(ev, "22023", "unsupported comparison operator: <int> IN <tuple{%s}>",
                        jt_type_name(v.type));
        (*out)[(*n)++] = v.i;
    }
    qsort(*out, *n, sizeof **out, cmp_i64);
    return 0;
}

/* Whether job j is one SHOW JOB(S) x shows: its id is one of ids, or (FOR SCHEDULES) the
   schedule that created it. */
static int shown(const jt_job *j, int schedules, const int64_t *ids, size_t nids) {
    int64_t key = schedules ? jt_job_schedule(j) : j->id;
    if (schedules && !key)
        return 0;
    return bsearch(&key, ids, nids, sizeof *ids, cmp_i64) != NULL;
}

/* A selection on its way: its plan, then the indices of the source rows that pass, in the
   result's order; the projection makes the rows (all at once, or a batch at a time for a
   cursor: jt_eval_open). */
typedef struct jt_query {
    ctx c;
    source src;
    jt_select *s;
    const jt_job *jobs; /* the model's jobs, when they are the source */
    int viewer;         /* -2: every job (an admin member); else the user whose jobs are seen */
    int admin;          /* whether the statement's user is an admin member, of a job source */
    jt_expr **order_exprs;
    int *order_cols; /* an ORDER BY of an output column (ordinal, star): its index, else -1 */
    int *desc;
    int64_t limit, offset; /* limit -1: none */
    uint32_t *rows;        /* indices of the source rows (few, or allocated: rows_room) */
    size_t nrows;
    uint32_t few[8]; /* rows, when no more than 8 can pass: no allocation for a point query */
    size_t next;     /* the next of rows to project */
    jt_rows head;    /* the result's shape (names, types) */
    jt_expr **aggs;  /* the aggregates of a grouped selection, by slot */
    size_t naggs, aggs_cap;
} query;

/* The row of source row index i. */
static row source_row(const query *q, uint32_t i) {
    row r = {q->jobs ? &q->jobs[i] : NULL,
             values_source(q->s->source) ? &q->src.values.values[i * q->src.values.ncols] : NULL};
    return r;
}

/* ---- aggregates and GROUP BY ---- */

/* Gives each aggregate under e a slot of q (e->agg); none may be nested in another. */
static int collect_aggs(query *q, jt_expr *e, int inside) {
    jt_eval *ev = q->c.ev;
    size_t k;
    if (!e || e->kind == JT_E_SUBQUERY)
        return 0; /* a subquery is a selection of its own */
    if (e->kind == JT_E_FUNC && fn_of(e->name) < FN_AGGS) {
        if (inside)
            return fail(ev, "42803", "aggregate function calls cannot be nested");
        if (q->naggs == q->aggs_cap) {
            size_t cap = q->aggs_cap ? q->aggs_cap * 2 : 4;
            jt_expr **grown = jt_arena_alloc(ev->a, cap * sizeof *grown);
            if (!grown)
                return nomem(ev);
            if (q->naggs)
                memcpy(grown, q->aggs, q->naggs * sizeof *grown);
            q->aggs = grown;
            q->aggs_cap = cap;
        }
        e->agg = (int)q->naggs;
        q->aggs[q->naggs++] = e;
        inside = 1;
    }
    for (k = 0; e->kind != JT_E_IN && k < e->nlist; k++) /* a FUNC's arguments */
        if (collect_aggs(q, e->list[k], inside))
            return ev->rc;
    for (k = 0; e->kind == JT_E_IN && k < e->nlist; k++)
        if (collect_aggs(q, e->list[k], inside))
            return ev->rc;
    return collect_aggs(q, e->a, inside) || collect_aggs(q, e->b, inside) ? ev->rc : 0;
}

/* Whether e (outside aggregates) reads a column that is not a GROUP BY column: its name. */
static const char *ungrouped_column(const jt_select *s, const jt_expr *e) {
    const char *bad;
    size_t k;
    if (!e || e->kind == JT_E_SUBQUERY || (e->kind == JT_E_FUNC && e->agg >= 0))
        return NULL;
    for (k = 0; k < s->ngroup; k++)
        if (s->group[k]->textlen == e->textlen && e->text &&
            memcmp(s->group[k]->text, e->text, e->textlen) == 0)
            return NULL; /* a GROUP BY expression itself */
    if (e->kind == JT_E_COLUMN)
        return e->name;
    for (k = 0; k < e->nlist; k++)
        if ((bad = ungrouped_column(s, e->list[k])) != NULL)
            return bad;
    return (bad = ungrouped_column(s, e->a)) != NULL ? bad : ungrouped_column(s, e->b);
}

/* The aggregates of the list, HAVING and ORDER BY; none in WHERE; GROUP BY's columns resolved
   and every other column read under an aggregate. */
static int plan_groups(query *q) {
    jt_select *s = q->s;
    jt_eval *ev = q->c.ev;
    const char *bad;
    size_t k;
    for (k = 0; !s->no_aggs && k < s->nitems; k++)
        if (collect_aggs(q, s->items[k], 0))
            return ev->rc;
    for (k = 0; !s->no_aggs && k < s->norder; k++)
        if (q->order_cols[k] < 0 && collect_aggs(q, q->order_exprs[k], 0))
            return ev->rc;
    if ((!s->no_aggs && collect_aggs(q, s->having, 0)) || resolve(&q->c, s->having))
        return ev->rc;
    for (k = 0; k < s->ngroup; k++)
        if (resolve(&q->c, s->group[k]))
            return ev->rc;
    if (s->where && !s->no_aggs) {
        query w = *q;
        w.naggs = 0;
        if (collect_aggs(&w, s->where, 0) || w.naggs)
            return fail(ev, "42803", "aggregate functions are not allowed in WHERE");
    }
    s->no_aggs = !q->naggs; /* none found: none to look for when the tree runs again */
    s->grouped = (uint8_t)(s->ngroup || q->naggs || s->having);
    if (!s->grouped)
        return 0;
    if (s->star)
        return fail(ev, "42803",
                    "column \"*\" must appear in the GROUP BY clause or be used in "
                    "an aggregate function");
    for (k = 0; k < s->nitems + s->norder; k++) {
        jt_expr *e = k < s->nitems ? s->items[k] : q->order_exprs[k - s->nitems];
        if ((bad = ungrouped_column(s, e)) != NULL)
            return fail(ev, "42803",
                        "column \"%s\" must appear in the GROUP BY clause or be used "
                        "in an aggregate function",
                        bad);
    }
    return 0;
}

/* One aggregate over the rows of a group (indices rows[0 .. n)). */
static int aggregate(query *q, const jt_expr *e, const uint32_t *rows, size_t n, jt_value *out) {
    jt_eval *ev = q->c.ev;
    int fn = fn_of(e->name), seen = 0;
    double sum = 0;
    size_t i;
    memset(out, 0, sizeof *out);
    if (e->star) { /* count(*): every row of the group */
        jt_value_int(out, (int64_t)n);
        return 0;
    }
    for (i = 0; i < n; i++) {
        row r = source_row(q, rows[i]);
        jt_value v;
        if (eval_expr(&q->c, e->list[0], &r, JT_T_UNKNOWN, &v) || coerce(ev, &v, JT_T_STRING))
            return ev->rc;
        if (v.type == JT_T_UNKNOWN)
            continue;
        if (fn == FN_MIN || fn == FN_MAX) {
            int c = seen ? jt_value_compare(&v, out) : 0;
            if (!seen || (fn == FN_MIN ? c < 0 : c > 0))
                *out = v;
        } else if (fn == FN_BOOL_AND || fn == FN_BOOL_OR) {
            if (v.type != JT_T_BOOL)
                return fail(ev, "42883", "unknown signature: %s(%s)", e->name,
                            jt_type_name(v.type));
            jt_value_bool(out,
                          seen ? (fn == FN_BOOL_AND ? out->i && v.i : out->i || v.i) : (int)v.i);
        } else if (fn == FN_SUM || fn == FN_AVG) {
            if (!jt_type_is_numeric(v.type))
                return fail(ev, "42883", "unknown signature: %s(%s)", e->name,
                            jt_type_name(v.type));
            sum += jt_type_is_float(v.type) ? v.f : (double)v.i;
        }
        seen++;
    }
    if (fn == FN_COUNT)
        jt_value_int(out, seen);
    else if ((fn == FN_SUM || fn == FN_AVG) && seen) {
        out->type = JT_T_DECIMAL;
        out->f = fn == FN_AVG ? sum / seen : sum;
    }
    return 0;
}

/* The GROUP BY key of a source row, as text. */
static int group_key(query *q, uint32_t i, const char **out) {
    jt_eval *ev = q->c.ev;
    row r = source_row(q, i);
    char *key = NULL;
    size_t len = 0, k;
    for (k = 0; k < q->s->ngroup; k++) {
        jt_value v;
        const char *t;
        char *grown;
        if (eval_expr(&q->c, q->s->group[k], &r, JT_T_UNKNOWN, &v) || jt_eval_text(ev, &v, &t))
            return ev->rc;
        t = t ? t : "\x01NULL";
        if (!(grown = jt_arena_alloc(ev->a, len + strlen(t) + 2)))
            return nomem(ev);
        if (len)
            memcpy(grown, key, len);
        memcpy(grown + len, t, strlen(t));
        len += strlen(t);
        grown[len++] = '\x1f';
        grown[len] = '\0';
        key = grown;
    }
    *out = key ? key : "";
    return 0;
}

/* Plans the selection: its source, names resolved, ORDER BY targets, the result's shape (in
   out), LIMIT and OFFSET. */
static int plan(query *q, jt_select *s, int want, jt_rows *out) {
    jt_eval *ev = q->c.ev;
    size_t k;
    /* once for the selection: no role changes while it runs */
    q->admin = job_source(s->source) && jt_store_is_admin(ev->m, ev->user);
    if (check_privilege(ev, s, q->admin) || setup_source(ev, s, want, &q->src))
        return ev->rc;
    if (s->star && s->source == JT_SRC_NONE)
        return fail(ev, "42602", "cannot use \"*\" without a FROM clause");
    for (k = 0; k < s->nitems; k++)
        if (resolve(&q->c, s->items[k]))
            return ev->rc;
    if (resolve(&q->c, s->where))
        return ev->rc;
    q->order_exprs = jt_arena_alloc(ev->a, (s->norder + 1) * sizeof *q->order_exprs);
    q->order_cols = jt_arena_alloc(ev->a, (s->norder + 1) * sizeof *q->order_cols);
    q->desc = jt_arena_alloc(ev->a, (s->norder + 1) * sizeof *q->desc);
    if (!q->order_exprs || !q->order_cols || !q->desc)
        return nomem(ev);
    for (k = 0; k < s->norder; k++) {
        if (order_target(&q->c, s, s->order[k].expr, &q->order_exprs[k], &q->order_cols[k]))
            return ev->rc;
        if (q->order_cols[k] < 0 && resolve(&q->c, q->order_exprs[k]))
            return ev->rc;
        q->desc[k] = s->order[k].desc;
    }
    if (plan_groups(q) || shape(&q->c, s, want, out))
        return ev->rc;
    if (s->limit && eval_limit(&q->c, s->limit, "LIMIT", &q->limit))
        return ev->rc;
    if (s->offset && eval_limit(&q->c, s->offset, "OFFSET", &q->offset))
        return ev->rc;
    if (q->offset < 0)
        q->offset = 0;
    return 0;
}

/* The rows of VALUES, evaluated first (into the source). */
static int values_rows(query *q) {
    jt_eval *ev = q->c.ev;
    jt_select *s = q->s;
    jt_rows *vr = &q->src.values;
    size_t i, k;
    vr->ncols = s->nvalcols;
    for (i = 0; i < s->nrows; i++) {
        jt_value *row_vals = jt_arena_alloc(ev->a, (s->nvalcols + 1) * sizeof *row_vals);
        row r0 = {NULL, NULL};
        if (!row_vals)
            return nomem(ev);
        for (k = 0; k < s->nvalcols; k++) {
            if (eval_expr(&q->c, s->rows[i][k], &r0, q->src.types[k], &row_vals[k]) ||
                coerce(ev, &row_vals[k], q->src.types[k]))
                return ev->rc;
        }
        if (push_row(ev, vr, row_vals))
            return ev->rc;
    }
    return 0;
}

/* Whether row r passes WHERE: 1, 0, or -1 on a failure (in ev). */
static int passes(query *q, const row *r) {
    jt_eval *ev = q->c.ev;
    jt_value w;
    if (eval_expr(&q->c, q->s->where, r, JT_T_BOOL, &w) || (w.untyped && coerce(ev, &w, JT_T_BOOL)))
        return -1;
    if (w.type != JT_T_BOOL && w.type != JT_T_UNKNOWN) {
        fail(ev, "42804", "argument of WHERE must be type bool, not type %s", jt_type_name(w.type));
        return -1;
    }
    return jt_value_truth(&w) == 1;
}

/* Room in q->rows for n source rows (that many can pass at most). */
static int rows_room(query *q, size_t n) {
    if (n <= sizeof q->few / sizeof q->few[0])
        q->rows = q->few;
    else if (!(q->rows = jt_malloc(n * sizeof *q->rows)))
        return nomem(q->c.ev);
    return 0;
}

static void rows_release(query *q) {
    if (q->rows != q->few)
        free(q->rows);
    q->rows = NULL;
}

/* filter's loop for a WHERE compiled by jt_where_compile: the candidate jobs only (by the id
   index), no expression evaluated per job; the same rows in the same order. */
static int filter_where(query *q, const jt_where *w, const int64_t *ids, size_t nids) {
    jt_eval *ev = q->c.ev;
    size_t n = w->by_id ? w->nrows : ev->m->njobs, k;
    if (rows_room(q, n))
        return ev->rc;
    for (k = 0; k < n; k++) {
        uint32_t i = w->by_id ? w->rows[k] : (uint32_t)k;
        const jt_job *j = &q->jobs[i];
        if (w->by_id && k + JT_PREFETCH_AHEAD < n)
            JT_PREFETCH(&q->jobs[w->rows[k + JT_PREFETCH_AHEAD]]);
        if (!job_row(ev, q->s->source, q->viewer, j))
            continue;
        if (ids && !bsearch(&j->id, ids, nids, sizeof *ids, cmp_i64))
            continue;
        if (jt_where_passes(w, j))
            q->rows[q->nrows++] = i;
    }
    return 0;
}

/* The source rows that pass: the jobs the user may see (and SHOW JOB's ids), then WHERE. */
static int filter(query *q) {
    jt_eval *ev = q->c.ev;
    jt_select *s = q->s;
    jt_model *m = ev->m;
    int64_t *ids = NULL;
    size_t nids = 0, i;
    size_t total = values_source(s->source)   ? q->src.values.nrows
                   : s->source == JT_SRC_NONE ? 1
                                              : m->njobs;
    if (job_source(s->source)) {
        q->jobs = m->jobs;
        if (!q->admin)
            q->viewer = jt_store_user(m, ev->user);
    }
    if (s->ids && shown_ids(ev, s->ids, &ids, &nids))
        return ev->rc;
    if (q->jobs && s->where) {
        jt_where w;
        int rc = jt_where_compile(&w, ev->a, m, s->where, q->src.cols, q->src.ncols);
        if (rc == JT_ENOMEM)
            return nomem(ev);
        if (rc == JT_OK)
            return filter_where(q, &w, ids, nids);
    }
    if (rows_room(q, total))
        return ev->rc;
    for (i = 0; i < total; i++) {
        if (q->jobs && !job_row(ev, s->source, q->viewer, &q->jobs[i]))
            continue;
        if (ids && !shown(&q->jobs[i], s->schedules, ids, nids))
            continue;
        if (s->where) {
            row r = source_row(q, (uint32_t)i);
            int pass = passes(q, &r);
            if (pass < 0)
                return ev->rc;
            if (!pass)
                continue;
        }
        q->rows[q->nrows++] = (uint32_t)i;
    }
    return 0;
}

/* ORDER BY's keys of the rows, rendered as text for the comparison; then the sort. */
static int order_by(query *q) {
    jt_eval *ev = q->c.ev;
    size_t i, k, nkeys = q->s->norder;
    jt_value *keys = jt_calloc(q->nrows * nkeys, sizeof *keys);
    if (!keys)
        return nomem(ev);
    for (i = 0; i < q->nrows; i++) {
        row r = source_row(q, q->rows[i]);
        for (k = 0; k < nkeys; k++) {
            jt_value *kv = &keys[i * nkeys + k];
            int rc;
            if (q->order_cols[k] >= 0) {
                jt_expr col;
                memset(&col, 0, sizeof col);
                col.kind = JT_E_COLUMN;
                col.column = q->order_cols[k];
                col.name = "";
                rc = eval_expr(&q->c, &col, &r, JT_T_UNKNOWN, kv);
            } else {
                rc = eval_expr(&q->c, q->order_exprs[k], &r, JT_T_UNKNOWN, kv);
            }
            if (rc || coerce(ev, kv, JT_T_STRING)) {
                free(keys);
                return ev->rc;
            }
        }
    }
    return sort_by_keys(ev, q->rows, q->nrows, keys, nkeys, q->desc);
}

/* The table's own order, then ORDER BY. */
static int order(query *q) {
    jt_select *s = q->s;
    /* [SHOW JOBS] as a source, in profiles where the optimizer drops its order: the scan's
       order, by id */
    int table =
        s->source == JT_SRC_SHOW_JOBS && !s->statement && q->c.ev->m->profile->source_in_id_order
            ? JT_SRC_CRDB_JOBS
            : s->source;
    if (q->jobs && table_order(q->c.ev, table, q->rows, q->nrows, q->jobs))
        return q->c.ev->rc;
    if (s->norder && q->nrows > 1)
        return order_by(q);
    return 0;
}

/* OFFSET and LIMIT: where the result's rows end in rows. */
static size_t result_end(const query *q) {
    size_t end = q->nrows;
    if (q->limit >= 0 && (uint64_t)q->offset + (uint64_t)q->limit < (uint64_t)end)
        end = (size_t)(q->offset + q->limit);
    return end;
}

/* Projects up to max more rows of the result into out (its shape set). */
static int project(query *q, jt_rows *out, size_t max) {
    jt_eval *ev = q->c.ev;
    jt_select *s = q->s;
    jt_value *vals = jt_arena_alloc(ev->a, (out->ncols + 1) * sizeof *vals);
    size_t end = result_end(q), k;
    if (!vals)
        return nomem(ev);
    if (q->next < (size_t)q->offset)
        q->next = (size_t)q->offset;
    for (; q->next < end && max > 0; q->next++, max--) {
        row r = source_row(q, q->rows[q->next]);
        if (q->jobs && q->next + JT_PREFETCH_AHEAD < end)
            JT_PREFETCH(&q->jobs[q->rows[q->next + JT_PREFETCH_AHEAD]]);
        if (q->next - (size_t)q->offset >= JT_LIMIT_ROWS) /* a cursor's batches, in all */
            return fail(ev, "54000", "result has more than %d rows", JT_LIMIT_ROWS);
        /* straight into the result's next row when it has room (else pushed, as it grows) */
        jt_value *dst = out->nrows < out->cap ? &out->values[out->nrows * out->ncols] : vals;
        for (k = 0; k < out->ncols; k++) {
            if (s->source == JT_SRC_VALUES || (s->star && r.vals)) {
                dst[k] = r.vals[k];
            } else if (s->star) {
                job_field(ev, r.job, q->src.cols[k].field, &dst[k]);
            } else if (eval_expr(&q->c, s->items[k], &r, out->types[k], &dst[k]) ||
                       coerce(ev, &dst[k], out->types[k])) {
                return ev->rc;
            }
        }
        if (dst != vals ? commit_row(ev, out) : push_row(ev, out, vals))
            return ev->rc;
    }
    return 0;
}

/* A group: its rows (in the source's order), where its first row came, its aggregates. */
typedef struct group {
    uint32_t *rows;
    size_t n, first;
    jt_value *aggs;
} group;

static int cmp_group_first(const void *a, const void *b) {
    size_t x = ((const group *)a)->first, y = ((const group *)b)->first;
    return (x > y) - (x < y);
}

/* The groups of the rows that passed WHERE: by GROUP BY key, in the order their first rows
   came; without GROUP BY one group of every row (even of none). */
static int make_groups(query *q, group **out, size_t *ngroups) {
    static const int asc[1] = {0};
    jt_eval *ev = q->c.ev;
    size_t n = q->nrows, i, g = 0;
    uint32_t *pos, *sorted;
    const char **ks;
    group *gs;
    jt_value *keys;
    if (!q->s->ngroup) { /* one group of every row: nothing to sort, nor a group a row */
        if (!(gs = jt_arena_alloc(ev->a, sizeof *gs)))
            return nomem(ev);
        gs[0].rows = q->rows;
        gs[0].n = n;
        *out = gs;
        *ngroups = 1;
        return 0;
    }
    pos = jt_arena_alloc(ev->a, (n + 1) * sizeof *pos);
    sorted = jt_arena_alloc(ev->a, (n + 1) * sizeof *sorted);
    ks = jt_arena_alloc(ev->a, (n + 1) * sizeof *ks);
    gs = jt_arena_alloc(ev->a, (n + 1) * sizeof *gs);
    if (!pos || !sorted || !ks || !gs)
        return nomem(ev);
    *out = gs;
    if (!(keys = jt_calloc(n + 1, sizeof *keys)))
        return nomem(ev);
    for (i = 0; i < n; i++) {
        pos[i] = (uint32_t)i;
        keys[i].type = JT_T_STRING;
        if (group_key(q, q->rows[i], &ks[i])) {
            free(keys);
            return ev->rc;
        }
        keys[i].s = ks[i];
    }
    if (sort_by_keys(ev, pos, n, keys, 1, asc)) /* stable; frees keys */
        return ev->rc;
    for (i = 0; i < n; i++) {
        sorted[i] = q->rows[pos[i]];
        if (i == 0 || strcmp(ks[pos[i]], ks[pos[i - 1]]) != 0) {
            gs[g].rows = &sorted[i];
            gs[g].n = 0;
            gs[g++].first = pos[i];
        }
        gs[g - 1].n++;
    }
    qsort(gs, g, sizeof *gs, cmp_group_first);
    *ngroups = g;
    return 0;
}

/* The aggregates of every group, then HAVING: the groups kept, in *n. */
static int group_values(query *q, group *gs, size_t *n) {
    jt_eval *ev = q->c.ev;
    size_t g, k, kept = 0;
    for (g = 0; g < *n; g++) {
        row r = gs[g].n ? source_row(q, gs[g].rows[0]) : (row){NULL, NULL};
        jt_value h;
        gs[g].aggs = jt_arena_alloc(ev->a, (q->naggs + 1) * sizeof *gs[g].aggs);
        if (!gs[g].aggs)
            return nomem(ev);
        for (k = 0; k < q->naggs; k++)
            if (aggregate(q, q->aggs[k], gs[g].rows, gs[g].n, &gs[g].aggs[k]))
                return ev->rc;
        q->c.aggs = gs[g].aggs;
        if (q->s->having) {
            if (eval_expr(&q->c, q->s->having, &r, JT_T_BOOL, &h) || coerce(ev, &h, JT_T_BOOL))
                return ev->rc;
            if (jt_value_truth(&h) != 1)
                continue;
        }
        gs[kept++] = gs[g];
    }
    *n = kept;
    return 0;
}

/* ORDER BY over the groups. */
static int order_groups(query *q, group *gs, size_t n) {
    jt_eval *ev = q->c.ev;
    size_t nkeys = q->s->norder, g, k;
    uint32_t *idx;
    group *tmp;
    jt_value *keys;
    if (!nkeys || n < 2)
        return 0;
    idx = jt_arena_alloc(ev->a, n * sizeof *idx);
    tmp = jt_arena_alloc(ev->a, n * sizeof *tmp);
    if (!idx || !tmp || !(keys = jt_calloc(n * nkeys, sizeof *keys)))
        return nomem(ev);
    for (g = 0; g < n; g++) {
        row r = gs[g].n ? source_row(q, gs[g].rows[0]) : (row){NULL, NULL};
        idx[g] = (uint32_t)g;
        q->c.aggs = gs[g].aggs;
        for (k = 0; k < nkeys; k++) {
            if (eval_expr(&q->c, q->order_exprs[k], &r, JT_T_UNKNOWN, &keys[g * nkeys + k]) ||
                coerce(ev, &keys[g * nkeys + k], JT_T_STRING)) {
                free(keys);
                return ev->rc;
            }
        }
    }
    if (sort_by_keys(ev, idx, n, keys, nkeys, q->desc))
        return ev->rc;
    for (g = 0; g < n; g++)
        tmp[g] = gs[idx[g]];
    memcpy(gs, tmp, n * sizeof *gs);
    return 0;
}

/* A grouped selection: groups, aggregates, HAVING, ORDER BY, OFFSET, LIMIT, the list. */
static int run_grouped(query *q, jt_rows *out) {
    jt_eval *ev = q->c.ev;
    jt_value *vals = jt_arena_alloc(ev->a, (out->ncols + 1) * sizeof *vals);
    group *gs = NULL;
    size_t n = 0, g, k;
    if (!vals)
        return nomem(ev);
    if (make_groups(q, &gs, &n) || group_values(q, gs, &n) || order_groups(q, gs, n))
        return ev->rc;
    for (g = (size_t)q->offset; g < n; g++) {
        row r = gs[g].n ? source_row(q, gs[g].rows[0]) : (row){NULL, NULL};
        if (q->limit >= 0 && (int64_t)(g - (size_t)q->offset) >= q->limit)
            break;
        q->c.aggs = gs[g].aggs;
        for (k = 0; k < out->ncols; k++)
            if (eval_expr(&q->c, q->s->items[k], &r, out->types[k], &vals[k]) ||
                coerce(ev, &vals[k], out->types[k]))
                return ev->rc;
        if (push_row(ev, out, vals))
            return ev->rc;
    }
    return 0;
}

/* The rows of FROM (SELECT …): the derived selection run first (into the source). */
static int derived_rows(query *q) {
    return run_select(q->c.ev, q->s->derived, JT_T_UNKNOWN, &q->src.values);
}

/* sql.show.jobs of crdb_internal.feature_usage: a SHOW JOBS (its releases: era.h). */
static void count_show(jt_eval *ev, const jt_select *s) {
    if ((s->source == JT_SRC_SHOW_JOBS || s->source == JT_SRC_SHOW_AUTOMATIC ||
         s->source == JT_SRC_SHOW_JOB_IDS || s->source == JT_SRC_CHANGEFEED) &&
        ev->m->catalog && ev->m->era->sql_show_jobs)
        __atomic_fetch_add(&ev->m->show_jobs, 1, __ATOMIC_RELAXED); /* see store.h */
}

/* Plans, filters and (unless grouped) orders a selection into q (zeroed by the caller); its
   shape in out. */
static int start_query(query *q, jt_eval *ev, jt_select *s, int want, jt_rows *out) {
    q->c.ev = ev;
    q->c.src = &q->src;
    q->s = s;
    q->viewer = -2;
    q->limit = -1;
    memset(out, 0, sizeof *out);
    if (plan(q, s, want, out))
        return ev->rc;
    if (s->source == JT_SRC_VALUES && values_rows(q))
        return ev->rc;
    if (s->source == JT_SRC_DERIVED && derived_rows(q))
        return ev->rc;
    count_show(ev, s);
    if (filter(q) || (!s->grouped && order(q)))
        return ev->rc;
    return 0;
}

static int run_select(jt_eval *ev, jt_select *s, int want, jt_rows *out) {
    query q;
    memset(&q, 0, sizeof q);
    if (!start_query(&q, ev, s, want, out)) {
        if (s->grouped)
            run_grouped(&q, out);
        else
            project(&q, out, SIZE_MAX);
    }
    rows_release(&q);
    return ev->rc;
}

int jt_eval_select(jt_eval *ev, jt_select *s, int want, jt_rows *out) {
    return run_select(ev, s, want, out);
}

int jt_eval_open(jt_eval *ev, jt_select *s, int want, jt_query **out, jt_rows *head) {
    query *q = jt_arena_alloc(ev->a, sizeof *q);
    *out = NULL;
    if (!q)
        return nomem(ev);
    memset(q, 0, sizeof *q);
    if (start_query(q, ev, s, want, &q->head)) {
        rows_release(q);
        return ev->rc;
    }
    *head = q->head;
    *out = q;
    return 0;
}

int jt_eval_fetch(jt_query *q, size_t max, jt_rows *out, int *done) {
    jt_eval *ev = q->c.ev;
    memset(out, 0, sizeof *out);
    out->ncols = q->head.ncols;
    out->names = q->head.names;
    out->types = q->head.types;
    if (q->s->grouped) { /* a grouped result, small: at once, on the first fetch */
        if (!q->next && !run_grouped(q, out))
            q->next = 1;
        *done = 1;
        return ev->rc;
    }
    if (!project(q, out, max))
        *done = q->next >= result_end(q);
    return ev->rc;
}

void jt_eval_close(jt_query *q) {
    if (q)
        rows_release(q);
}

/* Whether e holds a string constant that names no counter of the model's feature_usage (a
   pattern, with '%', is taken as one of them). */
static int names_other_feature(const jt_expr *e) {
    static const char *const others[] = {"job.schema_change.successful", "sql.show.jobs"};
    size_t k;
    if (!e)
        return 0;
    if (e->kind == JT_E_CONST && e->value.type == JT_T_STRING && e->value.s &&
        !strchr(e->value.s, '%')) {
        for (k = 0; k < JT_OP_COUNT; k++)
            if (strcmp(e->value.s, feature_names[k]) == 0)
                return 0;
        for (k = 0; k < sizeof others / sizeof others[0]; k++)
            if (strcmp(e->value.s, others[k]) == 0)
                return 0;
        return 1;
    }
    for (k = 0; k < e->nlist; k++)
        if (names_other_feature(e->list[k]))
            return 1;
    return names_other_feature(e->a) || names_other_feature(e->b);
}

int jt_eval_other_feature(const jt_select *s) {
    return s->source == JT_SRC_FEATURE_USAGE && names_other_feature(s->where);
}

/* Whether a selection reads a jobs table (or feature_usage), in its source, a derived or WITH
   selection, or a subquery. */
static int expr_reads_jobs(jt_eval *ev, const jt_expr *e) {
    size_t k;
    if (!e)
        return 0;
    if (e->sub && jt_eval_reads_jobs(ev, e->sub))
        return 1;
    for (k = 0; k < e->nlist; k++)
        if (expr_reads_jobs(ev, e->list[k]))
            return 1;
    return expr_reads_jobs(ev, e->a) || expr_reads_jobs(ev, e->b);
}

int jt_eval_reads_jobs(jt_eval *ev, const jt_select *s) {
    size_t k;
    if (job_source(s->source) || s->source == JT_SRC_FEATURE_USAGE)
        return 1;
    if (s->source == JT_SRC_UNKNOWN)
        return 0;
    if (s->source == JT_SRC_DERIVED && jt_eval_reads_jobs(ev, s->derived))
        return 1;
    for (k = 0; k < s->nitems; k++)
        if (expr_reads_jobs(ev, s->items[k]))
            return 1;
    return expr_reads_jobs(ev, s->where);
}

int jt_eval_job_ids(jt_eval *ev, jt_select *s, jt_rows *out) {
    jt_expr id;
    jt_expr *items[1];
    jt_select q = *s;
    memset(&id, 0, sizeof id);
    id.kind = JT_E_COLUMN;
    id.name = "job_id";
    id.column = -1;
    id.agg = -1;
    items[0] = &id;
    q.items = items;
    q.nitems = 1;
    q.star = 0;
    q.aliases = NULL;
    q.norder = 0;
    return run_select(ev, &q, JT_T_INT, out);
}
