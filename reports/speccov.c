/*
 * Spec coverage by replay on a shadow model (see reports/speccov.h).
 *
 * The model does not (yet) tell which jobs a statement looked at, so observe() below
 * evaluates a control statement's selection on the shadow with the model's own parser and
 * evaluator (model/internal.h) and walks the profile's transition table as the model does,
 * before the shadow runs the statement for real. A hook in the model (an observer called
 * for each job a control statement looks at) would replace that walk.
 */
#include "reports/speccov.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal.h"
#include "sim/text/strbuf.h"

#define DEFAULT_USER "root"

typedef struct var {
    char *name;
    char *value; /* NULL: unbound (its let failed) */
} var;

typedef struct replay {
    jt_speccov *c;
    jt_model *m;
    const char *driver;
    const char *profile;
    var *vars;
    size_t nvars, vcap;
} replay;

/* An undone change of status while a statement is walked. */
typedef struct undo {
    jt_job *job;
    uint8_t status;
} undo;

static void hit(jt_speccov *c, int status, int op, int type, int priv) {
    uint32_t *h = &c->hits[status][op][type][priv];
    if (*h < UINT32_MAX)
        (*h)++;
}

/* The job ids of a control statement's selection, walked as run_control does. */
static int walk(replay *rp, jt_eval *ev, jt_select *sel, int op, const char *user) {
    jt_model *m = rp->m;
    int admin = jt_model_is_admin(m, user), u = jt_model_user(m, user);
    int refused = jt_model_gate(m, u) != JT_ERR_NONE;
    int priv = admin ? JT_PRIV_ADMIN : JT_PRIV_OTHER;
    jt_rows shape, rows;
    undo *log = NULL;
    size_t nlog = 0, cap = 0, i;
    int rc = JT_OK;
    if (!sel) /* ALL <type> JOBS: its jobs are not named by a selection */
        return JT_OK;
    /* A refused user's selection is evaluated as an admin: it names the jobs refused. */
    ev->user = refused ? DEFAULT_USER : user;
    if (jt_eval_shape(ev, sel, JT_T_INT, &shape) || shape.ncols != 1 ||
        (shape.types[0] != JT_T_INT && shape.types[0] != JT_T_UNKNOWN))
        return ev->rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
    if (jt_eval_select(ev, sel, JT_T_INT, &rows))
        return ev->rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
    rp->c->statements++;
    for (i = 0; i < rows.nrows; i++) {
        jt_value v = rows.values[i];
        jt_transition tr;
        jt_job *j;
        int err;
        if (jt_value_coerce(ev, &v, JT_T_INT))
            break;
        if (v.type == JT_T_UNKNOWN)
            continue;
        j = jt_model_job(m, v.i);
        if (!j) {
            hit(rp->c, JT_SPECCOV_MISSING, op, 0, priv);
            if (refused)
                continue;
            break;
        }
        hit(rp->c, j->status, op, j->type, priv);
        if (refused)
            continue;
        err = jt_model_authorize(m, u, j);
        if (err == JT_ERR_NONE)
            tr = jt_model_transition(m, j, op, &err);
        if (err != JT_ERR_NONE)
            break;
        if (tr.act == JT_ACT_TO) {
            /* A later row for the same job sees its new status, as in the model. */
            rc = jt_grow((void **)&log, &cap, nlog + 1, sizeof *log, JT_LIMIT_ROWS);
            if (rc < 0)
                break;
            log[nlog].job = j;
            log[nlog].status = j->status;
            nlog++;
            j->status = tr.to;
        }
    }
    while (nlog > 0) {
        nlog--;
        log[nlog].job->status = log[nlog].status;
    }
    free(log);
    return rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
}

/* The prepared statement name of user, or NULL. */
static jt_prepared *find_prepared(jt_model *m, const char *user, const char *name) {
    size_t i;
    for (i = 0; i < m->prepared.n; i++)
        if (strcmp(m->prepared.items[i].name, name) == 0 &&
            strcmp(m->prepared.items[i].user, user) == 0)
            return &m->prepared.items[i];
    return NULL;
}

/* Observes the cells sql exercises, before the shadow runs it. */
static int observe(replay *rp, const char *user, const char *sql) {
    jt_arena arena;
    jt_sqlerr e;
    jt_eval ev;
    jt_stmt *st = NULL;
    int rc = JT_OK;
    jt_sqlerr_clear(&e);
    memset(&ev, 0, sizeof ev);
    jt_arena_init(&arena, (size_t)JT_LIMIT_SQL * 64);
    ev.m = rp->m;
    ev.a = &arena;
    ev.user = user;
    ev.e = &e;
    rc = jt_sql_parse(&st, &arena, sql, rp->m->profile->grammar, &e);
    if (rc != JT_OK) {
        rc = rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
        goto out;
    }
    if (st->kind == JT_S_EXECUTE) {
        jt_prepared *pr = find_prepared(rp->m, user, st->name);
        jt_value *params;
        size_t k;
        if (!pr || pr->stmt->kind != JT_S_CONTROL || st->nargs != (size_t)pr->stmt->nparams)
            goto out;
        params = jt_arena_alloc(&arena, (st->nargs + 1) * sizeof *params);
        if (!params) {
            rc = JT_ENOMEM;
            goto out;
        }
        for (k = 0; k < st->nargs; k++) {
            jt_select one;
            jt_rows rows;
            jt_expr *items[1];
            items[0] = st->args[k];
            memset(&one, 0, sizeof one);
            one.source = JT_SRC_NONE;
            one.items = items;
            one.nitems = 1;
            if (jt_eval_select(&ev, &one, JT_T_UNKNOWN, &rows)) {
                rc = ev.rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
                goto out;
            }
            params[k] = rows.values[0];
            params[k].untyped = st->args[k]->kind == JT_E_CONST && st->args[k]->value.untyped;
        }
        ev.params = params;
        ev.nparams = st->nargs;
        rc = walk(rp, &ev, pr->stmt->sel, pr->stmt->op, user);
    } else if (st->kind == JT_S_CONTROL) {
        rc = walk(rp, &ev, st->sel, st->op, user);
    }
out:
    jt_arena_dispose(&arena);
    return rc;
}

/* ---- the replay of a file ------------------------------------------------------------ */

static var *find_var(replay *rp, const char *name, size_t n) {
    size_t i;
    for (i = 0; i < rp->nvars; i++)
        if (strlen(rp->vars[i].name) == n && strncmp(rp->vars[i].name, name, n) == 0)
            return &rp->vars[i];
    return NULL;
}

static int set_var(replay *rp, const char *name, const char *value) {
    var *v = find_var(rp, name, strlen(name));
    char *copy = NULL;
    int rc;
    if (value && !(copy = jt_strdup(value)))
        return JT_ENOMEM;
    if (!v) {
        rc = jt_grow((void **)&rp->vars, &rp->vcap, rp->nvars + 1, sizeof *rp->vars,
                     JT_LIMIT_RECORDS);
        if (rc < 0) {
            free(copy);
            return rc;
        }
        v = &rp->vars[rp->nvars];
        v->name = jt_strdup(name);
        v->value = NULL;
        if (!v->name) {
            free(copy);
            return JT_ENOMEM;
        }
        rp->nvars++;
    }
    free(v->value);
    v->value = copy;
    return JT_OK;
}

static void clear_vars(replay *rp) {
    size_t i;
    for (i = 0; i < rp->nvars; i++) {
        free(rp->vars[i].name);
        free(rp->vars[i].value);
    }
    rp->nvars = 0;
}

static int is_name_start(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static int is_name_char(char ch) {
    return is_name_start(ch) || (ch >= '0' && ch <= '9');
}

/* sql with $name replaced as the runner does; *out NULL when a variable is unbound or the
   text is too long. */
static int substitute(char **out, replay *rp, const char *sql) {
    jt_strbuf sb;
    const char *s = sql;
    int rc = JT_OK;
    *out = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    while (*s && rc == JT_OK) {
        const char *dollar = strchr(s, '$');
        size_t n = 0;
        var *v;
        if (!dollar || !rp->nvars) {
            rc = jt_strbuf_adds(&sb, s);
            break;
        }
        rc = jt_strbuf_add(&sb, s, (size_t)(dollar - s));
        s = dollar + 1;
        if (is_name_start(*s))
            while (is_name_char(s[n]))
                n++;
        v = n ? find_var(rp, s, n) : NULL;
        if (rc < 0)
            break;
        if (!v) {
            rc = jt_strbuf_add(&sb, "$", 1);
            continue;
        }
        if (!v->value) {
            jt_strbuf_dispose(&sb);
            return JT_OK;
        }
        rc = jt_strbuf_adds(&sb, v->value);
        s += n;
    }
    if (rc == JT_OK)
        *out = jt_strbuf_take(&sb);
    jt_strbuf_dispose(&sb);
    if (rc == JT_ELIMIT)
        return JT_OK;
    if (rc == JT_OK && !*out)
        return JT_ENOMEM;
    return rc;
}

/* Whether rec's skipif/onlyif let it run, as the runner decides. */
static int allowed(const replay *rp, const jt_case_record *rec) {
    size_t i, t;
    for (i = 0; i < rec->nconds; i++) {
        const jt_case_cond *cd = &rec->conds[i];
        int match = 0;
        for (t = 0; t < cd->ntags && !match; t++)
            match = strcmp(cd->tags[t], rp->driver) == 0 || strcmp(cd->tags[t], rp->profile) == 0;
        if (match == cd->skip)
            return 0;
    }
    return 1;
}

/* The result of the counted record at line, from *k on; NULL when there is none. */
static const jt_record_result *result_at(const jt_file_result *fr, size_t *k, int line) {
    size_t i;
    for (i = *k; i < fr->nrecords; i++) {
        if (fr->records[i].line == line) {
            *k = i + 1;
            return &fr->records[i];
        }
    }
    return NULL;
}

/* A record the run did not run: skipped, or failed with "path:line: not run: …". */
static int not_run(const jt_record_result *rr) {
    char prefix[64];
    size_t n;
    if (rr->outcome == JT_OUTCOME_SKIP)
        return 1;
    if (rr->outcome != JT_OUTCOME_FAIL || !rr->message)
        return 0;
    n = strlen(rr->file);
    if (strncmp(rr->message, rr->file, n) != 0)
        return 0;
    snprintf(prefix, sizeof prefix, ":%d: not run: ", rr->line);
    return strncmp(rr->message + n, prefix, strlen(prefix)) == 0;
}

static int replay_file(replay *rp, const jt_file_result *fr) {
    const jt_case_file *cf = fr->scenario;
    const char *user = DEFAULT_USER;
    size_t i, k = 0;
    int rc = JT_OK;
    jt_model_reset(rp->m);
    clear_vars(rp);
    for (i = 0; i < cf->nrecords && rc == JT_OK; i++) {
        const jt_case_record *rec = &cf->records[i];
        const jt_record_result *rr;
        jt_result res;
        jt_error derr;
        char *sql = NULL;
        if (!jt_case_counted(rec) && !allowed(rp, rec))
            continue;
        if (rec->kind == JT_CASE_HALT)
            break;
        if (rec->kind == JT_CASE_USER) {
            user = rec->arg;
            continue;
        }
        memset(&derr, 0, sizeof derr);
        if (rec->kind == JT_CASE_FIXTURE) {
            size_t at = k;
            if (result_at(fr, &at, rec->line))
                break; /* it failed on the driver: the rest of the file did not run */
            rc = jt_model_fixture(rp->m, &rec->fixture, &derr);
            rc = rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
            continue;
        }
        if (!jt_case_counted(rec))
            continue;
        rr = result_at(fr, &k, rec->line);
        if (!rr || not_run(rr))
            continue;
        rc = substitute(&sql, rp, rec->sql);
        if (rc != JT_OK || !sql) {
            if (rc == JT_OK && rec->let)
                rc = set_var(rp, rec->let, NULL);
            continue;
        }
        rc = observe(rp, user, sql);
        if (rc == JT_OK) {
            memset(&res, 0, sizeof res);
            rc = jt_model_exec(rp->m, user, sql, &res, &derr);
            if (rc == JT_OK) {
                if (rec->let) {
                    int bound = rr->outcome == JT_OUTCOME_PASS && !res.failed && res.nrows >= 1 &&
                                res.ncols >= 1;
                    rc = set_var(rp, rec->let,
                                 bound ? (res.values[0] ? res.values[0] : "NULL") : NULL);
                }
                jt_result_dispose(&res);
            } else {
                rc = rc == JT_ENOMEM ? JT_ENOMEM : JT_OK;
            }
        }
        free(sql);
    }
    return rc;
}

int jt_speccov_compute(jt_speccov *out, const jt_run_result *run, const char *driver,
                       const char *profile, jt_error *err) {
    replay rp;
    size_t f;
    int st, op, ty, pv, rc = JT_OK;
    memset(out, 0, sizeof *out);
    memset(&rp, 0, sizeof rp);
    out->profile = jt_profile_find(profile ? profile : JT_PROFILE_DEFAULT);
    if (!out->profile)
        return JT_OK;
    for (st = 0; st <= JT_SPECCOV_MISSING; st++)
        for (ty = 0; ty < JT_TY_COUNT; ty++)
            if (jt_speccov_is_cell(out, st, ty))
                out->cells += (size_t)JT_OP_COUNT * JT_PRIV_COUNT;
    rp.c = out;
    rp.driver = driver ? driver : "";
    rp.profile = profile ? profile : JT_PROFILE_DEFAULT;
    rc = jt_model_new(&rp.m, out->profile, err);
    if (rc < 0)
        return rc;
    for (f = 0; f < run->nfiles && rc == JT_OK; f++)
        if (run->files[f].scenario)
            rc = replay_file(&rp, &run->files[f]);
    clear_vars(&rp);
    free(rp.vars);
    jt_model_free(rp.m);
    if (rc < 0)
        return jt_error_set(err, rc, 0, "spec coverage: %s", jt_strerror(rc));
    for (st = 0; st <= JT_SPECCOV_MISSING; st++)
        for (op = 0; op < JT_OP_COUNT; op++)
            for (ty = 0; ty < JT_TY_COUNT; ty++)
                for (pv = 0; pv < JT_PRIV_COUNT; pv++)
                    if (jt_speccov_is_cell(out, st, ty) && out->hits[st][op][ty][pv])
                        out->exercised++;
    return JT_OK;
}

int jt_speccov_is_cell(const jt_speccov *c, int status, int type) {
    if (!c->profile || status < 0 || status > JT_SPECCOV_MISSING || type < 0 || type >= JT_TY_COUNT)
        return 0;
    if (status == JT_SPECCOV_MISSING)
        return type == 0;
    return c->profile->status_names[status] != NULL && c->profile->type_names[type] != NULL;
}

const char *jt_speccov_status_name(const jt_speccov *c, int status) {
    if (status == JT_SPECCOV_MISSING)
        return "(no such id)";
    JT_ASSERT(c->profile && status >= 0 && status < JT_ST_COUNT);
    return c->profile->status_names[status];
}

const char *jt_speccov_type_name(const jt_speccov *c, int status, int type) {
    if (status == JT_SPECCOV_MISSING)
        return "-";
    JT_ASSERT(c->profile && type >= 0 && type < JT_TY_COUNT);
    return c->profile->type_names[type];
}

const char *jt_speccov_op_name(int op) {
    static const char *const names[JT_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
    JT_ASSERT(op >= 0 && op < JT_OP_COUNT);
    return names[op];
}

const char *jt_speccov_priv_name(int priv) {
    JT_ASSERT(priv == JT_PRIV_ADMIN || priv == JT_PRIV_OTHER);
    return priv == JT_PRIV_ADMIN ? "admin" : "non-admin";
}
