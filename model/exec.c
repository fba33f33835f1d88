/*
 * Statement execution, the top layer of the model: jt_model_exec parses a statement and runs
 * it: control statements (PAUSE|RESUME|CANCEL JOB(S), all or nothing, counted for the spec
 * coverage), CANCEL QUERY|SESSION, SHOW JOBS and SELECT (through query evaluation),
 * PREPARE, EXECUTE and DEALLOCATE; and packs the result. It calls evaluation (eval.h), the
 * privilege rules (privilege.h) and storage (store.h), never the other way.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/internal/eval.h"
#include "model/internal/exec.h"
#include "model/internal/plan.h"
#include "model/internal/privilege.h"
#include "model/internal/sql.h"
#include "model/internal/stmt.h"
#include "model/internal/store.h"
#include "model/internal/tag.h"
#include "model/model.h"

#define ROOT "root"

/* ---- results ---- */

void jt_result_dispose(jt_result *r) {
    if (!r)
        return;
    free(r->message);
    if (!r->priv || (void *)r->columns != r->priv) { /* not packed into priv */
        free(r->columns);
        free(r->types);
        free(r->values);
    }
    free(r->priv);
    memset(r, 0, sizeof *r);
    r->count = -1;
}

int jt_model_result_error(jt_result *out, const jt_sqlerr *e) {
    out->failed = 1;
    memcpy(out->sqlstate, e->sqlstate, sizeof out->sqlstate);
    out->position = e->position;
    out->message = jt_strdup(e->message);
    return out->message ? JT_OK : JT_ENOMEM;
}

/* A SQL error of the evaluation (ev->e) into the result, or JT_ENOMEM. */
static int result_of_eval(jt_eval *ev, jt_result *out) {
    return ev->rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(out, ev->e);
}

/* Whether v's text is its decimal digits: written straight into the result's block
   (jt_decimal), measured first, with no copy of them in between. */
static int decimal_text(const jt_value *v) {
    return v->type == JT_T_INT || v->type == JT_T_OID;
}

/* The texts of rows' values into texts (a decimal's: written later), their sizes (with the
   '\0'; 0 for NULL) and then the column names' into sizes: the bytes of the block that holds
   them all, with its arrays. */
static int result_texts(jt_eval *ev, const jt_rows *rows, const char **texts, size_t *sizes,
                        size_t *total) {
    size_t k, n = rows->nrows * rows->ncols;
    char num[24];
    *total = (rows->ncols + n) * sizeof(char *) + rows->ncols + 1;
    for (k = 0; k < n; k++) {
        if (decimal_text(&rows->values[k])) {
            texts[k] = "";
            sizes[k] = (size_t)(num + 24 - jt_decimal(num, rows->values[k].i));
        } else if (jt_eval_text(ev, &rows->values[k], &texts[k])) {
            return ev->rc;
        } else {
            sizes[k] = texts[k] ? strlen(texts[k]) + 1 : 0;
        }
        *total += sizes[k];
    }
    for (k = 0; k < rows->ncols; k++) {
        sizes[n + k] = strlen(rows->names[k]) + 1;
        *total += sizes[n + k];
    }
    return JT_OK;
}

/* Packs rows into the result, in one block (priv): the column names' and the values'
   arrays, the type letters, then every string. jt_result_dispose frees the block alone. */
int jt_model_result_rows(jt_eval *ev, jt_result *out, const jt_rows *rows) {
    char num[24];
    size_t total, k, n = rows->nrows * rows->ncols;
    const char **texts = jt_arena_alloc_raw(ev->a, (n + 1) * sizeof *texts);
    size_t *sizes = jt_arena_alloc_raw(ev->a, (n + rows->ncols + 1) * sizeof *sizes);
    char *w;
    if (!texts || !sizes)
        return JT_ENOMEM;
    if (result_texts(ev, rows, texts, sizes, &total))
        return ev->rc;
    if (!(out->priv = jt_malloc(total)))
        return JT_ENOMEM;
    out->columns = out->priv;
    out->values = out->columns + rows->ncols;
    out->types = (char *)(out->values + n);
    w = out->types + rows->ncols + 1;
    for (k = 0; k < rows->ncols; k++) {
        memcpy(w, rows->names[k], sizes[n + k]);
        out->columns[k] = w;
        w += sizes[n + k];
        out->types[k] = jt_type_letter(rows->types[k]);
    }
    out->types[rows->ncols] = '\0';
    for (k = 0; k < n; k++) {
        const char *t = texts[k];
        if (decimal_text(&rows->values[k]))
            t = jt_decimal(num, rows->values[k].i);
        out->values[k] = t ? memcpy(w, t, sizes[k]) : NULL;
        w += sizes[k];
    }
    out->ncols = rows->ncols;
    out->nrows = rows->nrows;
    out->count = (int64_t)rows->nrows;
    jt_join3(out->tag, sizeof out->tag, "SELECT ", jt_decimal(num, (int64_t)rows->nrows), "");
    return JT_OK;
}

/* The profile's text of error kind into e, for op on job j (or none), id, user, arg. */
static void job_error(const jt_model *m, int kind, int op, const jt_job *j, int64_t id,
                      const char *user, const char *arg, jt_sqlerr *e) {
    jt_errargs args;
    const char *sqlstate;
    memset(&args, 0, sizeof args);
    args.op = op;
    args.id = id;
    args.status = j ? m->profile->status_names[j->status] : "";
    args.error = j ? jt_job_error(j) : NULL;
    args.user = user;
    args.arg = arg;
    sqlstate = jt_profile_error(m->profile, kind, &args, e->message, sizeof e->message);
    jt_join3(e->sqlstate, sizeof e->sqlstate, sqlstate, "", "");
    e->position = 0;
}

/* The value of one expression of the statement (no source), of type want. */
static int scalar(jt_eval *ev, jt_expr *e, int want, jt_value *out) {
    jt_select one;
    jt_rows rows;
    jt_expr *items[1];
    items[0] = e;
    memset(&one, 0, sizeof one);
    one.source = JT_SRC_NONE;
    one.items = items;
    one.nitems = 1;
    if (jt_eval_select(ev, &one, want, &rows))
        return ev->rc;
    *out = rows.values[0];
    return jt_eval_coerce(ev, out, want);
}

/* ---- the ids a control statement works through ---- */

static int cmp_job_ids(const void *a, const void *b) {
    int64_t x = (*(jt_job *const *)a)->id, y = (*(jt_job *const *)b)->id;
    return (x > y) - (x < y);
}

/* Whether job j is one a delegated form picks: a status the operation can take (the profile's
   prefilter), of type (or any, -1), of one of the schedules (when sched), visible to u when
   the form reads what the user can see. */
static int delegated_pick(const jt_model *m, const jt_stmt *st, const jt_job *j, int type,
                          const int64_t *sched, size_t nsched, int u) {
    size_t k;
    if (!(m->profile->prefilter[st->op] & (1u << j->status)))
        return 0;
    if (type >= 0 && j->type != type)
        return 0;
    if (sched) {
        if (!jt_job_schedule(j))
            return 0;
        for (k = 0; k < nsched && sched[k] != jt_job_schedule(j); k++)
            ;
        if (k == nsched)
            return 0;
    }
    return !m->profile->delegate_visible_rows || jt_privilege_can_view(m, u, j);
}

/* The ids a delegated form controls (FOR SCHEDULES, ALL <type> JOBS), as CockroachDB's
   rewrite selects them from system.jobs: the jobs delegated_pick takes, in id order, into rows
   (one INT column). */
static int delegated_ids(jt_eval *ev, const jt_stmt *st, int type, const int64_t *sched,
                         size_t nsched, int u, jt_rows *rows) {
    jt_model *m = ev->m;
    jt_job **pick;
    size_t n = 0, i;
    memset(rows, 0, sizeof *rows);
    pick = jt_arena_alloc(ev->a, (m->njobs + 1) * sizeof *pick);
    if (!pick)
        return JT_ENOMEM;
    for (i = 0; i < m->njobs; i++)
        if (delegated_pick(m, st, &m->jobs[i], type, sched, nsched, u))
            pick[n++] = &m->jobs[i];
    qsort(pick, n, sizeof *pick, cmp_job_ids);
    rows->ncols = 1;
    rows->nrows = rows->cap = n;
    rows->values = jt_arena_alloc(ev->a, (n + 1) * sizeof *rows->values);
    if (!rows->values)
        return JT_ENOMEM;
    for (i = 0; i < n; i++) {
        memset(&rows->values[i], 0, sizeof rows->values[i]);
        rows->values[i].type = JT_T_INT;
        rows->values[i].i = pick[i]->id;
    }
    return JT_OK;
}

/* The job type of ALL <type> JOBS, or -1 when the form cannot name it. */
static int all_type(const char *name) {
    static const struct {
        const char *name;
        int type;
    } types[] = {{"changefeed", JT_TY_CHANGEFEED},
                 {"backup", JT_TY_BACKUP},
                 {"import", JT_TY_IMPORT},
                 {"restore", JT_TY_RESTORE}};
    size_t i;
    for (i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i].name, name) == 0)
            return types[i].type;
    return -1;
}

/* The schedule ids FOR SCHEDULES selects (NULLs left out), in the arena. */
static int schedule_ids(jt_eval *ev, const jt_stmt *st, int64_t **out, size_t *n) {
    jt_rows shape, ids;
    size_t i;
    if (jt_eval_shape(ev, st->sel, JT_T_INT, &shape))
        return ev->rc;
    if (shape.ncols != 1) {
        jt_sqlerr_set(ev->e, "42601", "subquery has too many columns");
        return ev->rc = JT_EPARSE;
    }
    if (jt_eval_select(ev, st->sel, JT_T_INT, &ids))
        return ev->rc;
    *out = jt_arena_alloc(ev->a, (ids.nrows + 1) * sizeof **out);
    if (!*out)
        return ev->rc = JT_ENOMEM;
    for (i = 0; i < ids.nrows; i++) {
        jt_value v = ids.values[i];
        if (jt_eval_coerce(ev, &v, JT_T_INT))
            return ev->rc;
        if (v.type == JT_T_INT)
            (*out)[(*n)++] = v.i;
    }
    return 0;
}

/* The ids of a delegated form (FOR SCHEDULES, ALL <type> JOBS). */
static int delegated_rows(jt_eval *ev, const jt_stmt *st, int u, jt_rows *rows) {
    jt_model *m = ev->m;
    int type = -1;
    int64_t *sched = NULL;
    size_t nsched = 0;
    if (st->all_type && (type = all_type(st->all_type)) < 0) {
        job_error(m, JT_ERR_UNSUPPORTED_TYPE, st->op, NULL, 0, ev->user, NULL, ev->e);
        return ev->rc = JT_EPARSE;
    }
    /* the rewrite reads system.jobs, which only admin members may */
    if (!m->profile->delegate_visible_rows && !(u >= 0 && m->users[u].eff_admin)) {
        job_error(m, JT_ERR_SHOW_PRIVILEGE, st->op, NULL, 0, ev->user, NULL, ev->e);
        return ev->rc = JT_EPARSE;
    }
    if (st->schedules && schedule_ids(ev, st, &sched, &nsched))
        return ev->rc;
    if (delegated_ids(ev, st, type, st->schedules ? sched : NULL, nsched, u, rows))
        return ev->rc = JT_ENOMEM;
    return 0;
}

/* The selection's shape as the statement types it: one column, INT (or NULL). 0, or a SQL
   error in ev (JT_EPARSE), or JT_ENOMEM. */
static int control_shape(jt_eval *ev, const jt_stmt *st) {
    jt_rows shape;
    if (jt_eval_shape(ev, st->sel, JT_T_INT, &shape))
        return ev->rc;
    if (shape.ncols != 1) {
        char n[32];
        snprintf(n, sizeof n, "%zu", shape.ncols);
        job_error(ev->m, JT_ERR_SHAPE, st->op, NULL, 0, ev->user, n, ev->e);
        return ev->rc = JT_EPARSE;
    }
    if (shape.types[0] != JT_T_INT && shape.types[0] != JT_T_UNKNOWN) {
        job_error(ev->m, JT_ERR_TYPE, st->op, NULL, 0, ev->user, jt_type_name(shape.types[0]),
                  ev->e);
        return ev->rc = JT_EPARSE;
    }
    return 0;
}

/* The rows of ids a control statement works through: its selection's (after the shape
   check, unless typed is set: it was checked), or a delegated form's. 0, or a SQL error in ev
   (JT_EPARSE), or JT_ENOMEM. */
static int control_rows(jt_eval *ev, const jt_stmt *st, int u, int typed, jt_rows *rows) {
    if (st->all_type || st->schedules)
        return delegated_rows(ev, st, u, rows);
    if (!typed && control_shape(ev, st))
        return ev->rc;
    return jt_eval_select(ev, st->sel, JT_T_INT, rows);
}

/* ---- control statements ---- */

/* What operation op does to job j: the profile's transition, with its SCHEMA CHANGE and
   two-phase rules; *err is JT_ERR_NONE, or the error kind. */
static jt_transition transition(const jt_model *m, const jt_job *j, int op, int *err) {
    const jt_profile *p = m->profile;
    jt_transition tr = p->table[j->status][op];
    *err = JT_ERR_NONE;
    if (op == JT_OP_CANCEL && p->noncancelable[j->type])
        *err = JT_ERR_NOT_CANCELABLE; /* before the status is looked at */
    else if (j->type == JT_TY_SCHEMA_CHANGE && p->schema_refuses[op])
        *err = JT_ERR_NOT_CONTROLLABLE;
    else if (j->type == JT_TY_SCHEMA_CHANGE && p->rollback_refuses[op] &&
             strncmp(jt_store_job_description(j), "ROLL BACK", 9) == 0)
        *err = JT_ERR_NOT_CONTROLLABLE;
    else if (tr.act == JT_ACT_ERROR)
        *err = tr.err;
    else if (p->two_phase && j->status == JT_ST_PAUSED && jt_job_error(j)) {
        /* paused while reverting: RESUME goes on reverting, CANCEL cannot */
        if (op == JT_OP_RESUME)
            tr.to = JT_ST_REVERTING;
        else if (op == JT_OP_CANCEL)
            *err = JT_ERR_FINAL_RESUME;
    }
    return tr;
}

/* A job as it was before the statement moved it. */
typedef struct undo {
    jt_job *job;
    jt_job before;
} undo;

/* A control statement on its way through its ids. */
typedef struct control {
    jt_eval *ev;
    const jt_stmt *st;
    int u;              /* the session user: an index of users, or -1 */
    int priv;           /* enum jt_priv of the session user, for the spec coverage */
    int32_t now;        /* the time of its changes */
    const char *reason; /* PAUSE … WITH REASON, or NULL */
    undo *log;          /* the jobs it moved, to undo them when it fails */
    size_t nlog, cap;
    int64_t count; /* ids that were not NULL */
} control;

/* Moves job j as tr says (to a status), keeping what it was in the log. */
static int control_move(control *c, jt_job *j, jt_transition tr) {
    int rc = jt_grow((void **)&c->log, &c->cap, c->nlog + 1, sizeof *c->log, JT_LIMIT_ROWS);
    if (rc)
        return rc;
    c->log[c->nlog].job = j;
    c->log[c->nlog].before = *j;
    c->nlog++;
    if (c->reason) {
        /* a new extra with the reason (the job's description and error moved into it); the
           one before (its struct and reason) is freed when the statement commits, this one
           when it is undone */
        jt_job_extra *x = jt_calloc(1, sizeof *x);
        char *copy = jt_strdup(c->reason);
        if (!x || !copy) {
            free(x);
            free(copy);
            return JT_ENOMEM;
        }
        if (j->extra)
            *x = *j->extra;
        x->reason = copy;
        j->extra = x;
    }
    jt_store_set_status(j, c->ev->m->profile, tr.to, c->now);
    return JT_OK;
}

/* Works through the ids in order, all or nothing: 0 with *failed set and the SQL error in
   ev->e when an id stops it (no such job, a refusal, a transition error), or JT_ENOMEM. Each
   job looked at is a hit of the spec coverage. */
static int control_walk(control *c, const jt_rows *rows, int *failed) {
    jt_eval *ev = c->ev;
    jt_model *m = ev->m;
    int op = c->st->op, rc;
    size_t i;
    m->coverage.statements++;
    for (i = 0; i < rows->nrows; i++) {
        jt_value v = rows->values[i];
        jt_transition tr;
        jt_job *j;
        int err;
        if (i + JT_PREFETCH_AHEAD < rows->nrows &&
            rows->values[i + JT_PREFETCH_AHEAD].type == JT_T_INT)
            jt_store_job_prefetch(m, rows->values[i + JT_PREFETCH_AHEAD].i);
        if (jt_eval_coerce(ev, &v, JT_T_INT))
            return *failed = 1, JT_OK;
        if (v.type == JT_T_UNKNOWN && m->profile->null_id_fails) {
            job_error(m, JT_ERR_NULL_ID, op, NULL, 0, ev->user, NULL, ev->e);
            return *failed = 1, JT_OK;
        }
        if (v.type == JT_T_UNKNOWN)
            continue; /* NULL ids are skipped and not counted */
        c->count++;
        j = jt_store_job(m, v.i);
        if (!j) {
            jt_store_cover(m, JT_COVER_MISSING, op, 0, c->priv);
            job_error(m, JT_ERR_NOT_FOUND, op, NULL, v.i, ev->user, NULL, ev->e);
            return *failed = 1, JT_OK;
        }
        jt_store_cover(m, j->status, op, j->type, c->priv);
        err = jt_privilege_authorize(m, c->u, j);
        if (err == JT_ERR_NONE)
            tr = transition(m, j, op, &err);
        if (err != JT_ERR_NONE) {
            job_error(m, err, op, j, j->id, ev->user, NULL, ev->e);
            return *failed = 1, JT_OK;
        }
        if (tr.act == JT_ACT_TO && (rc = control_move(c, j, tr)) != JT_OK)
            return rc;
    }
    return JT_OK;
}

/* The end of a control statement: every job back as it was when it failed (or memory ran
   out), else the changes kept, the clock moved and the tag set. */
static void control_end(control *c, int undo_all, jt_result *out) {
    size_t i;
    if (undo_all) {
        while (c->nlog > 0) {
            undo *x = &c->log[--c->nlog];
            if (x->job->extra != x->before.extra) {
                free(x->job->extra->reason);
                free(x->job->extra);
            }
            *x->job = x->before;
        }
        return;
    }
    for (i = 0; i < c->nlog; i++) {
        undo *x = &c->log[i];
        if (x->job->extra != x->before.extra && x->before.extra) {
            free(x->before.extra->reason);
            free(x->before.extra);
        }
    }
    if (c->nlog)
        c->ev->m->clock = c->now;
    /* CockroachDB counts the statement after its loop over the rows ends without error, 0
       rows too (control_jobs.go from v20.1, id 1370348458; v25.x id 2743054707) */
    if (c->ev->m->profile->grammar & JT_G_FEATURE_USAGE)
        c->ev->m->feature_usage[c->st->op]++;
    out->count = c->ev->m->profile->tag_singular ? -1 : c->count;
    jt_tag_control(out->tag, sizeof out->tag, c->ev->m->profile, c->st, c->count);
}

/* The spec coverage of a control statement the privilege check refuses before it reads
   anything: every job its ids name, whatever its status. The ids are the delegated form's
   rows when it has them, else its selection evaluated as root (on the side: the statement's
   error is set after). 0, or JT_ENOMEM. */
static int cover_refused(control *c, const jt_rows *delegated) {
    jt_eval root = *c->ev;
    jt_model *m = root.m;
    jt_rows rows;
    size_t i;
    if (!delegated) {
        root.user = ROOT;
        root.rc = 0;
        root.subs = NULL;
        if (control_rows(&root, c->st, -1, 0, &rows))
            return root.rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
        delegated = &rows;
    }
    m->coverage.statements++;
    for (i = 0; i < delegated->nrows; i++) {
        jt_value v = delegated->values[i];
        const jt_job *j;
        if (jt_eval_coerce(&root, &v, JT_T_INT))
            break;
        if (v.type == JT_T_UNKNOWN)
            continue;
        j = jt_store_job(m, v.i);
        jt_store_cover(m, j ? j->status : JT_COVER_MISSING, c->st->op, j ? j->type : 0, c->priv);
    }
    return root.rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
}

/* The privilege check before the rows are read: 0, or its error into ev->e (the spec
   coverage counted as for a refusal), or JT_ENOMEM. */
static int control_gate(control *c, const jt_rows *delegated, int *refused) {
    jt_model *m = c->ev->m;
    int gate = jt_privilege_gate(m, c->u);
    *refused = gate != JT_ERR_NONE;
    if (!*refused)
        return JT_OK;
    if (cover_refused(c, delegated))
        return JT_ENOMEM;
    job_error(m, gate, c->st->op, NULL, 0, c->ev->user, NULL, c->ev->e);
    return JT_OK;
}

static int run_control(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    jt_rows rows;
    control c;
    int rc, failed = 0, refused, delegated = st->all_type || st->schedules;
    /* the selection is typed before the privilege check, but where the check comes first */
    int typed = !delegated && !m->profile->gate_before_typing;
    memset(&c, 0, sizeof c);
    c.ev = ev;
    c.st = st;
    c.u = jt_store_user(m, ev->user);
    c.priv = c.u >= 0 && m->users[c.u].eff_admin ? JT_PRIV_ADMIN : JT_PRIV_OTHER;
    c.now = jt_store_next_time(m);
    if (delegated && control_rows(ev, st, c.u, 0, &rows)) /* the rewrite is planned first */
        return result_of_eval(ev, out);
    if (typed && control_shape(ev, st))
        return result_of_eval(ev, out);
    if (control_gate(&c, delegated ? &rows : NULL, &refused))
        return JT_ENOMEM;
    if (refused)
        return jt_model_result_error(out, ev->e);
    if (st->reason) {
        jt_value v;
        if (scalar(ev, st->reason, JT_T_STRING, &v))
            return result_of_eval(ev, out);
        c.reason = v.type == JT_T_STRING ? v.s : NULL;
    }
    if (!delegated && control_rows(ev, st, c.u, typed, &rows))
        return result_of_eval(ev, out);
    rc = control_walk(&c, &rows, &failed);
    if (rc == JT_OK && failed)
        rc = result_of_eval(ev, out);
    control_end(&c, failed || rc, out);
    free(c.log);
    return rc;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* CANCEL QUERY/SESSION: the model runs no other sessions, so every well-formed id is
   unknown. Kept so that CockroachDB's run_control logic test runs unmodified. */
static int run_cancel_other(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    const char *word = st->sessions ? "SESSIONS" : "QUERIES";
    jt_rows shape, rows;
    jt_errargs args;
    char stmt[32];
    size_t i, k;
    int64_t count = 0;
    snprintf(stmt, sizeof stmt, "CANCEL %s", word);
    memset(&args, 0, sizeof args);
    args.stmt = stmt;
    args.want = "string";
    args.col = st->sessions ? "session_id" : "query_id";
    if (jt_eval_shape(ev, st->sel, JT_T_STRING, &shape))
        return result_of_eval(ev, out);
    if (shape.ncols != 1 || (shape.types[0] != JT_T_STRING && shape.types[0] != JT_T_UNKNOWN)) {
        char n[32];
        snprintf(n, sizeof n, "%zu", shape.ncols);
        args.arg = shape.ncols != 1 ? n : jt_type_name(shape.types[0]);
        snprintf(ev->e->sqlstate, sizeof ev->e->sqlstate, "%s",
                 jt_profile_error(ev->m->profile, shape.ncols != 1 ? JT_ERR_SHAPE : JT_ERR_TYPE,
                                  &args, ev->e->message, sizeof ev->e->message));
        ev->e->position = 0;
        return jt_model_result_error(out, ev->e);
    }
    if (jt_eval_select(ev, st->sel, JT_T_STRING, &rows))
        return result_of_eval(ev, out);
    for (i = 0; i < rows.nrows; i++) {
        const jt_value *v = &rows.values[i];
        const char *s;
        if (v->type == JT_T_UNKNOWN)
            continue;
        count++;
        s = v->s;
        if (strlen(s) % 2) {
            jt_sqlerr_set(ev->e, "XX000",
                          "could not parse %s ID: encoding/hex: odd length hex "
                          "string",
                          st->sessions ? "session" : "query");
            return jt_model_result_error(out, ev->e);
        }
        for (k = 0; s[k]; k++) {
            if (hexval((unsigned char)s[k]) < 0) {
                jt_sqlerr_set(ev->e, "XX000",
                              "could not parse %s ID: encoding/hex: invalid byte: U+%04X '%c'",
                              st->sessions ? "session" : "query", (unsigned)(unsigned char)s[k],
                              s[k]);
                return jt_model_result_error(out, ev->e);
            }
        }
        /* The model runs no other sessions: every well-formed id is unknown. */
        if (!st->if_exists) {
            jt_sqlerr_set(ev->e, "XX000", "%s ID %s not found", st->sessions ? "session" : "query",
                          s);
            return jt_model_result_error(out, ev->e);
        }
    }
    out->count = count;
    snprintf(out->tag, sizeof out->tag, "CANCEL %s %lld", word, (long long)count);
    return JT_OK;
}

static int run_select_stmt(jt_eval *ev, jt_select *s, jt_result *out) {
    jt_rows rows;
    if (jt_eval_select(ev, s, JT_T_UNKNOWN, &rows))
        return result_of_eval(ev, out);
    return jt_model_result_rows(ev, out, &rows);
}

static int run_show_jobs(jt_eval *ev, jt_stmt *st, jt_result *out);
static int run_other(jt_eval *ev, const jt_stmt *st, jt_result *out);

/* A statement that needs more memory than JT_LIMIT_STATEMENT_MEMORY: a SQL error of its own
   (program_limit_exceeded), not a failure of the model. */
int jt_model_too_large(jt_sqlerr *e) {
    jt_sqlerr_set(e, "54000", "statement too large: it needs more than %u MiB of memory",
                  JT_LIMIT_STATEMENT_MEMORY >> 20);
    return JT_ELIMIT;
}

/* ---- prepared statements ---- */

jt_prepared *jt_model_prepared(const jt_eval *ev, const char *name, size_t *at) {
    return jt_store_prepared(ev->ps, ev->user, name, at);
}

int jt_prepared_parse(jt_prepared *pr, const jt_model *m, jt_sqlerr *e) {
    jt_stmt *st;
    int rc;
    jt_arena_init(&pr->arena, JT_LIMIT_STATEMENT_MEMORY);
    rc = jt_sql_parse(&st, &pr->arena, pr->sql, jt_exec_grammar(m), e);
    if (rc == JT_ENOMEM && pr->arena.over)
        rc = jt_model_too_large(e);
    if (rc == JT_OK && pr->inner) {
        st->inner->nparams = st->nparams;
        st = st->inner;
    }
    pr->stmt = rc == JT_OK ? st : NULL;
    return rc;
}

int jt_prepared_add(jt_eval *ev, jt_prepared *pr, jt_result *out) {
    jt_prepared *slot;
    int rc;
    if (jt_model_prepared(ev, pr->name, NULL) ||
        jt_catalog_outside_find(ev->m, ev->user, pr->name) >= 0) {
        jt_sqlerr_set(ev->e, "42P05", "prepared statement \"%s\" already exists", pr->name);
        rc = jt_model_result_error(out, ev->e);
        goto out;
    }
    rc = jt_store_prepared_add(ev->ps, &slot);
    if (rc == JT_ELIMIT) {
        jt_sqlerr_set(ev->e, "54000", "too many prepared statements (limit %d)", JT_LIMIT_PREPARED);
        rc = jt_model_result_error(out, ev->e);
        goto out;
    }
    if (rc)
        goto out;
    /* The statement is parsed again into an arena of its own that outlives the statement's. */
    rc = jt_prepared_parse(pr, ev->m, ev->e);
    if (rc) {
        rc = rc == JT_EPARSE || rc == JT_ELIMIT ? jt_model_result_error(out, ev->e) : JT_ENOMEM;
        goto out;
    }
    *slot = *pr;
    ev->ps->n++;
    memset(pr, 0, sizeof *pr);
out:
    jt_prepared_dispose(pr);
    return rc;
}

static int run_prepare(jt_eval *ev, const jt_stmt *st, const char *sql, jt_result *out) {
    jt_prepared pr;
    int own = ev->ps == &ev->m->prepared, rc;
    memset(&pr, 0, sizeof pr);
    pr.name = jt_strdup(st->name);
    pr.user = own ? jt_strdup(ev->user) : NULL;
    /* its own text, in a batch of several statements */
    pr.sql = sql && st->end > st->start ? jt_strndup(sql + st->start, (size_t)(st->end - st->start))
                                        : jt_strdup(sql ? sql : "");
    pr.inner = 1;
    if (!pr.name || !pr.sql || (own && !pr.user)) {
        jt_prepared_dispose(&pr);
        return JT_ENOMEM;
    }
    rc = jt_prepared_add(ev, &pr, out);
    if (rc == JT_OK && !out->failed)
        snprintf(out->tag, sizeof out->tag, "PREPARE");
    return rc;
}

int jt_model_execute_args(jt_eval *ev, const jt_stmt *st, const jt_prepared *pr, jt_result *out) {
    jt_value *params;
    size_t k;
    if (st->nargs != (size_t)pr->stmt->nparams) {
        jt_sqlerr_set(ev->e, "08P01",
                      "wrong number of parameters for prepared statement \"%s\": expected %d, "
                      "got %zu",
                      st->name, pr->stmt->nparams, st->nargs);
        return jt_model_result_error(out, ev->e);
    }
    params = jt_arena_alloc(ev->a, (st->nargs + 1) * sizeof *params);
    if (!params)
        return JT_ENOMEM;
    for (k = 0; k < st->nargs; k++) {
        if (scalar(ev, st->args[k], JT_T_UNKNOWN, &params[k]))
            return result_of_eval(ev, out);
        /* A string constant argument stays untyped: the placeholder's use decides. */
        params[k].untyped = st->args[k]->kind == JT_E_CONST && st->args[k]->value.untyped;
    }
    ev->params = params;
    ev->nparams = st->nargs;
    return JT_OK;
}

static int run_execute(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_prepared *pr = jt_model_prepared(ev, st->name, NULL);
    int rc;
    if (!pr && jt_catalog_outside_find(ev->m, ev->user, st->name) >= 0)
        return jt_exec_outside(ev, out, "EXECUTE of a statement outside the kit");
    if (!pr) {
        jt_sqlerr_set(ev->e, "26000", "prepared statement \"%s\" does not exist", st->name);
        return jt_model_result_error(out, ev->e);
    }
    rc = jt_model_execute_args(ev, st, pr, out);
    if (rc || out->failed)
        return rc;
    return jt_model_run_stmt(ev, pr->stmt, NULL, out);
}

/* Drops one prepared statement outside the kit of user's session: 1, or 0 when none. */
static int drop_outside_of(jt_model *m, const char *user) {
    size_t i, n = strlen(user);
    for (i = 0; i < m->catalog->noutside; i++) {
        const char *k = m->catalog->outside[i];
        if (strncmp(k, user, n) == 0 && k[n] == '\n') {
            jt_catalog_outside_drop(m, user, k + n + 1);
            return 1;
        }
    }
    return 0;
}

static int run_deallocate(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_prepared_set *ps = ev->ps;
    size_t at;
    if (st->all) {
        if (ps == &ev->m->prepared) /* the session's own outside the kit go; others' stay */
            while (ev->m->catalog && ev->m->catalog->noutside)
                if (!drop_outside_of(ev->m, ev->user))
                    break;
        jt_store_prepared_forget(ps, ps == &ev->m->prepared ? ev->user : NULL);
    } else if (ev->m->catalog && jt_catalog_outside_find(ev->m, ev->user, st->name) >= 0) {
        jt_catalog_outside_drop(ev->m, ev->user, st->name);
    } else {
        if (!jt_model_prepared(ev, st->name, &at)) {
            jt_sqlerr_set(ev->e, "26000", "prepared statement \"%s\" does not exist", st->name);
            return jt_model_result_error(out, ev->e);
        }
        jt_store_prepared_drop(ps, at);
    }
    snprintf(out->tag, sizeof out->tag, "DEALLOCATE%s", st->all ? " ALL" : "");
    return JT_OK;
}

int jt_model_run_stmt(jt_eval *ev, jt_stmt *st, const char *sql, jt_result *out) {
    switch (st->kind) {
    case JT_S_CONTROL:
        return run_control(ev, st, out);
    case JT_S_CANCEL_OTHER:
        return run_cancel_other(ev, st, out);
    case JT_S_SHOW_JOBS:
        return run_show_jobs(ev, st, out);
    case JT_S_SELECT:
        return run_select_stmt(ev, st->sel, out);
    case JT_S_PREPARE:
        return run_prepare(ev, st, sql, out);
    case JT_S_EXECUTE:
        return run_execute(ev, st, out);
    case JT_S_DEALLOCATE:
        return run_deallocate(ev, st, out);
    default:
        return run_other(ev, st, out);
    }
}

static int parse_failed(jt_eval *ev, const char *sql, jt_result *out);
/* Whether a real server would refuse user a session: a user the model does not know, or one
   it knows only as a job's owner or a role (docs/profiles.md "Users"); e is the error
   CockroachDB sends as it refuses the connection (pgwire auth.go: the user does not exist,
   id 27059796978). The statement never runs. */
int jt_model_session_refused(const jt_model *m, const char *user, jt_sqlerr *e) {
    jt_errargs args;
    int u = jt_store_user(m, user);
    if (u >= 0 && m->users[u].login && !m->users[u].dropped)
        return 0;
    memset(&args, 0, sizeof args);
    args.user = user;
    snprintf(e->sqlstate, sizeof e->sqlstate, "%s",
             jt_profile_error(m->profile, JT_ERR_NO_USER, &args, e->message, sizeof e->message));
    e->position = 0;
    return 1;
}

int jt_model_exec(jt_model *m, const char *user, const char *sql, jt_result *out, jt_error *err) {
    return jt_model_exec_in(m, NULL, user, sql, NULL, 0, out, err);
}

int jt_model_exec_in(jt_model *m, jt_model_session *ss, const char *user, const char *sql,
                     const jt_model_param *params, size_t nparams, jt_result *out, jt_error *err) {
    jt_arena arena;
    jt_sqlerr e;
    jt_eval ev;
    jt_stmt *st;
    size_t parsed = 0;
    int rc, over = 0, refused;
    memset(out, 0, sizeof *out);
    out->count = -1;
    jt_sqlerr_clear(&e);
    if (!user)
        user = "root";
    rc = jt_start(m); /* the scenario's start comes before its first statement */
    refused = rc == JT_OK && jt_model_session_refused(m, user, &e);
    if (rc == JT_OK && !refused)
        rc = jt_plans_get(&m->plans, sql, jt_exec_grammar(m), &st, &parsed, &over, &e);
    else if (refused)
        rc = JT_EPARSE; /* the statement never runs: not SQL outside the kit either */
    /* the statement's memory: its parse's and its evaluation's */
    jt_arena_init_spare(&arena, JT_LIMIT_STATEMENT_MEMORY - parsed, &m->spare_chunk);
    if (!refused && (rc == JT_OK || rc == JT_EPARSE)) {
        memset(&ev, 0, sizeof ev);
        ev.m = m;
        ev.a = &arena;
        ev.user = user;
        ev.e = &e;
        ev.ps = ss ? jt_model_session_set(ss) : &m->prepared;
        if (rc == JT_EPARSE) {
            rc = parse_failed(&ev, sql, out);
        } else {
            rc = jt_model_bind(&ev, st, params, nparams, out);
            if (rc == JT_OK && !out->failed)
                rc = jt_model_run_text(&ev, st, sql, out);
        }
    }
    if (rc == JT_ENOMEM &&
        (arena.over || over)) /* a statement failure: the model keeps its state */
        rc = jt_model_too_large(&e);
    if (rc == JT_EPARSE || rc == JT_ELIMIT) {
        /* A SQL error of the parser (syntax, limits), or of a statement too large. */
        jt_result_dispose(out);
        rc = jt_model_result_error(out, &e);
    }
    jt_arena_keep(&arena, &m->spare_chunk);
    if (rc) {
        jt_result_dispose(out);
        return jt_error_set(err, rc, 0, "model: %s", jt_strerror(rc));
    }
    return JT_OK;
}

/* ---- the statements around job control, batches, SQL outside the kit ---- */

int jt_exec_error(jt_result *out, const jt_sqlerr *e) {
    return jt_model_result_error(out, e);
}

int jt_exec_eval_error(jt_eval *ev, jt_result *out) {
    return result_of_eval(ev, out);
}

int jt_exec_rows(jt_eval *ev, jt_result *out, const jt_rows *rows) {
    return jt_model_result_rows(ev, out, rows);
}

int jt_exec_fail(jt_eval *ev, jt_result *out, const char *sqlstate, const char *fmt, ...) {
    va_list ap;
    snprintf(ev->e->sqlstate, sizeof ev->e->sqlstate, "%s", sqlstate);
    ev->e->position = 0;
    va_start(ap, fmt);
    vsnprintf(ev->e->message, sizeof ev->e->message, fmt, ap);
    va_end(ap);
    return jt_model_result_error(out, ev->e);
}

int jt_exec_outside(jt_eval *ev, jt_result *out, const char *what) {
    return jt_exec_fail(ev, out, JT_OUTSIDE_SQLSTATE, "%s%s", JT_OUTSIDE_PREFIX, what);
}

unsigned jt_exec_grammar(const jt_model *m) {
    return m->profile->grammar | m->era->grammar;
}

/* Whether every job s shows has finished: 1, 0, or ev->rc. */
static int shown_finished(jt_eval *ev, jt_select *s) {
    jt_select ids;
    jt_rows rows;
    size_t i;
    memset(&ids, 0, sizeof ids);
    ids = *s;
    ids.star = 0;
    ids.statement = 0;
    if (jt_eval_job_ids(ev, &ids, &rows))
        return ev->rc;
    for (i = 0; i < rows.nrows; i++) {
        const jt_job *j = jt_store_job(ev->m, rows.values[i].i);
        if (j && !ev->m->profile->terminal[j->status])
            return 0;
    }
    return 1;
}

/* SHOW JOB(S) WHEN COMPLETE: the virtual clock runs (jt_model_advance) until the jobs shown
   have finished: 1 then; or, when nothing moves any more, CockroachDB's error after its 24
   hours of waiting (55000, show_jobs.go's crdb_internal.force_error); or JT_ENOMEM. */
static int jt_show_when_complete(jt_eval *ev, jt_select *s, jt_result *out) {
    int step;
    for (step = 0; step <= JT_LIMIT_PROGRESS; step++) {
        int64_t moved = 0;
        int done = shown_finished(ev, s);
        if (done == 1)
            return 1;
        if (done != 0)
            return result_of_eval(ev, out);
        if (jt_model_advance(ev->m, &moved))
            return JT_ENOMEM;
        if (!moved)
            break;
    }
    return jt_exec_fail(ev, out, "55000", "timed out waiting for jobs");
}

/* SHOW JOBS and its forms as the selection they stand for: AUTOMATIC, CHANGEFEED, JOB(S) x,
   FOR SCHEDULE(S) x; WHEN COMPLETE first lets the virtual clock run until the jobs shown end
   (or nothing moves any more: CockroachDB gives up after 24 hours). */
static int run_show_jobs(jt_eval *ev, jt_stmt *st, jt_result *out) {
    jt_select s;
    memset(&s, 0, sizeof s);
    s.source = st->automatic ? JT_SRC_SHOW_AUTOMATIC
                             : (st->changefeed ? JT_SRC_CHANGEFEED : JT_SRC_SHOW_JOBS);
    s.star = 1;
    s.statement = 1;
    if (st->sel && !st->changefeed) { /* SHOW JOB(S) x */
        s.source = JT_SRC_SHOW_JOB_IDS;
        s.ids = st->sel;
        s.schedules = st->schedules;
    } else if (st->sel) {
        s.ids = st->sel; /* SHOW CHANGEFEED JOB(S) x */
    }
    if (st->when_complete) {
        int rc = jt_show_when_complete(ev, &s, out);
        if (rc != 1)
            return rc;
    }
    return run_select_stmt(ev, &s, out);
}

/* What about a statement is not job control, under the logic-test start (NULL: it is): it is
   outside the kit's SQL, or a selection that reads none of the jobs' tables. */
static const char *not_job_control(jt_eval *ev, const jt_stmt *st) {
    switch (st->kind) {
    case JT_S_OUTSIDE:
        return st->ddl->what;
    case JT_S_SELECT:
        if (jt_eval_other_feature(st->sel))
            return "a telemetry counter of SQL outside the kit";
        return jt_eval_reads_jobs(ev, st->sel) ? NULL : "a selection that reads no jobs";
    case JT_S_PREPARE:
        if (st->inner->kind == JT_S_INSERT && st->nparams)
            return "INSERT of placeholders (the model types no values)";
        return not_job_control(ev, st->inner);
    case JT_S_INSERT:
        return st->nparams ? "INSERT of placeholders (the model types no values)" : NULL;
    default:
        return NULL;
    }
}

/* The batch's first statement the kit does not model, and why; NULL when none. Under the kit's
   start, only the statements it does not know at all (a syntax error of the subset). */
static const jt_stmt *outside_of(jt_eval *ev, const jt_stmt *first, const char **what) {
    const jt_stmt *st;
    int logictest = ev->m->catalog->start == JT_START_LOGICTEST;
    for (st = first; st; st = st->next) {
        *what =
            logictest ? not_job_control(ev, st) : (st->kind == JT_S_OUTSIDE ? st->ddl->what : NULL);
        if (*what)
            return st;
    }
    return NULL;
}

/* A statement outside the subset under the kit's start: the syntax error the parser gave such
   statements, at its first word. */
static int syntax_error_at(jt_eval *ev, const char *sql, const jt_stmt *st) {
    int pos = 1, i;
    for (i = 0; sql && i < st->start && sql[i]; i++)
        if (((unsigned char)sql[i] & 0xC0) != 0x80)
            pos++;
    jt_sqlerr_set(ev->e, "42601", "syntax error at or near \"%s\"", st->ddl->text);
    ev->e->position = pos;
    return JT_EPARSE;
}

/* A statement of the statements around job control (stmt.h), or one outside the kit. */
static int run_other(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    switch (st->kind) {
    case JT_S_CREATE_ROLE:
    case JT_S_DROP_ROLE:
    case JT_S_ALTER_ROLE:
    case JT_S_GRANT_ROLE:
    case JT_S_REVOKE_ROLE:
    case JT_S_GRANT_SYSTEM:
    case JT_S_REVOKE_SYSTEM:
    case JT_S_GRANT_ON:
        return jt_run_role(ev, st, out);
    case JT_S_SET:
    case JT_S_RESET:
    case JT_S_SET_CLUSTER:
    case JT_S_SHOW_VAR:
        return jt_run_setting(ev, st, out);
    case JT_S_BULK:
        return jt_run_bulk(ev, st, out);
    case JT_S_OUTSIDE:
        return jt_exec_outside(ev, out, st->ddl->what);
    default:
        return jt_run_ddl(ev, st, out);
    }
}

/* A batch of several statements, as one implicit transaction: all of them, or (one failed)
   none; the result is the last one's, or the failure's. */
static int run_batch(jt_eval *ev, jt_stmt *first, const char *sql, jt_result *out) {
    struct jt_catalog *c;
    jt_saved *saved;
    jt_stmt *st;
    int rc = jt_catalog_save(ev->m, &saved);
    if (rc)
        return rc;
    c = ev->m->catalog; /* after the save, which may make it */
    c->batch++;
    c->in_batch = 1;
    for (st = first; st && rc == JT_OK; st = st->next) {
        jt_result_dispose(out);
        rc = jt_model_run_stmt(ev, st, sql, out);
        if (rc == JT_OK && out->failed)
            break;
    }
    c->in_batch = 0;
    if (rc == JT_OK && out->failed)
        jt_catalog_restore(ev->m, saved);
    else
        jt_catalog_saved_free(saved);
    return rc;
}

/* One word at p (letters, digits, _), lowercased into name (the parser folds names so). */
static const char *word_at(const char *p, char name[JT_LIMIT_NAME + 1]) {
    size_t n = 0;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    while (n < JT_LIMIT_NAME && (isalnum((unsigned char)*p) || *p == '_'))
        name[n++] = (char)tolower((unsigned char)*p++);
    name[n] = '\0';
    return p;
}

/* What text outside the kit would have made, remembered so that what uses it is outside too:
   the names PREPARE gives (EXECUTE of them), the tables CREATE TABLE makes (statements on
   them). By each statement's first words (a ';' in a string: close enough). */
static int remember_outside(jt_eval *ev, const char *sql) {
    const char *p = sql;
    while (*p) {
        char w[JT_LIMIT_NAME + 1], name[JT_LIMIT_NAME + 1];
        const char *q = word_at(p, w);
        int rc = JT_OK;
        if (strcmp(w, "prepare") == 0) {
            word_at(q, name);
            rc = name[0] ? jt_catalog_outside_add(ev->m, ev->user, name) : JT_OK;
        } else if (strcmp(w, "create") == 0 && strcmp((q = word_at(q, w), w), "table") == 0) {
            q = word_at(q, name);
            if (strcmp(name, "if") == 0) /* IF NOT EXISTS name */
                word_at(word_at(word_at(q, name), name), name);
            rc = name[0] ? jt_catalog_outside_add(ev->m, JT_OUTSIDE_TABLES, name) : JT_OK;
        }
        if (rc)
            return rc;
        while (*p && *p != ';')
            p++;
        if (*p == ';')
            p++;
    }
    return JT_OK;
}

int jt_model_run_text(jt_eval *ev, jt_stmt *first, const char *sql, jt_result *out) {
    const char *what;
    const jt_stmt *st;
    int rc = jt_start(ev->m); /* the scenario's start comes before its first statement */
    if (rc)
        return rc;
    st = outside_of(ev, first, &what);
    if (st && ev->m->catalog->start != JT_START_LOGICTEST)
        return syntax_error_at(ev, sql, st);
    if (st) {
        if (sql && remember_outside(ev, sql))
            return JT_ENOMEM;
        return jt_exec_outside(ev, out, what);
    }
    if (first->next)
        return run_batch(ev, first, sql, out);
    return jt_model_run_stmt(ev, first, sql, out);
}

/* Whether the statement that failed to parse is a job-control statement (its first words):
   its syntax error is then the answer, under the logic-test start too. */
static int job_control_words(const char *sql) {
    static const char *const words[] = {"pause", "resume", "cancel", NULL};
    char w[2][16];
    int n = 0;
    size_t k;
    while (n < 2 && *sql) {
        size_t len = 0;
        while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r' || *sql == '(')
            sql++;
        while (*sql && ((*sql | 32) >= 'a' && (*sql | 32) <= 'z') && len + 1 < sizeof w[0])
            w[n][len++] = (char)(*sql++ | 32);
        w[n++][len] = '\0';
        if (!len)
            break;
    }
    for (k = 0; words[k]; k++)
        if (n > 0 && strcmp(w[0], words[k]) == 0)
            return 1;
    return n > 1 && strcmp(w[0], "show") == 0 &&
           (strcmp(w[1], "job") == 0 || strcmp(w[1], "jobs") == 0 ||
            strcmp(w[1], "automatic") == 0 || strcmp(w[1], "changefeed") == 0);
}

/* The statement did not parse: its syntax error (JT_EPARSE), or under the logic-test start,
   when it is not a job-control statement, outside the kit. */
static int parse_failed(jt_eval *ev, const char *sql, jt_result *out) {
    char what[160];
    if (ev->m->catalog->start != JT_START_LOGICTEST || job_control_words(sql))
        return JT_EPARSE;
    if (remember_outside(ev, sql))
        return JT_ENOMEM;
    snprintf(what, sizeof what, "SQL the kit does not parse (%.100s)", ev->e->message);
    return jt_exec_outside(ev, out, what);
}
