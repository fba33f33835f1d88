/* jobtck doc, claims: the requirement sentences of a page checked over small bounded worlds
   around its example, on the model; the first counterexample written as a case file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "sim/cases/casewrite.h"
#include "sim/doc/doc.h"
#include "sim/doc/doc_internal.h"
#include "sim/drivers/drivers.h"
#include "sim/text/strbuf.h"

static const char *const types[] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED", "SCHEMA CHANGE"};
static const char *const statuses[] = {"pending",   "running", "paused",
                                       "succeeded", "failed",  "canceled"};
static const char *const op_words[JT_DOC_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
static const char *const op_done[JT_DOC_OP_COUNT] = {"pauses", "resumes", "cancels"};
/* The status a job has after the operation worked (v2.1: synchronous). */
static const char *const op_target[JT_DOC_OP_COUNT] = {"paused", "running", "canceled"};

#define NTYPES 5
#define NSTATUSES 6
#define NPAIRS (NTYPES * NSTATUSES)
#define NOTHERS 3
#define NADMINS 3
#define EXTRA_MAX 2
#define SCHEMA_CHANGE 4

/*
 * A world around the page's: up to two more jobs of the subject (every type and status),
 * another user's job (none, a running IMPORT, a succeeded BACKUP), admin members (none, alice,
 * the subject). Enumerated with the fewest extra jobs first, types in the order above and, in a
 * type, statuses in the order above.
 */
typedef struct world {
    size_t nextra;
    int extra[EXTRA_MAX]; /* type * NSTATUSES + status */
    int other;
    int admin;
} world;

static size_t combos(void) {
    return 1 + NPAIRS + NPAIRS * (NPAIRS + 1) / 2;
}

size_t jt_doc_world_count(int by_default) {
    return combos() * NOTHERS * (by_default ? 1 : NADMINS);
}

static void world_at(world *x, size_t i, int by_default) {
    size_t nadm = by_default ? 1 : NADMINS, c = i / (NOTHERS * nadm), rest = i % (NOTHERS * nadm);
    memset(x, 0, sizeof *x);
    x->other = (int)(rest / nadm);
    x->admin = (int)(rest % nadm);
    if (c == 0)
        return;
    if (c <= NPAIRS) {
        x->nextra = 1;
        x->extra[0] = (int)(c - 1);
        return;
    }
    c -= 1 + NPAIRS;
    {
        int a;
        for (a = 0; a < NPAIRS; a++) {
            size_t row = (size_t)(NPAIRS - a);
            if (c < row)
                break;
            c -= row;
        }
        x->nextra = 2;
        x->extra[0] = a;
        x->extra[1] = a + (int)c;
    }
}

/* ---- a world made concrete ----------------------------------------------------------------- */

typedef struct inst {
    jt_fixture *fx;
    size_t n, cap;
    int64_t extra_id[EXTRA_MAX], other_id;
    const char *subject, *other_user;
    world x;
} inst;

typedef struct ctx {
    const jt_doc_page *page;
    const jt_doc_world *w;
    const jt_doc_claim *claim;
    jt_session *s; /* the oracle: the model of the page's profile, or cfg->oracle */
    jt_error *err;
    int64_t fresh[EXTRA_MAX + 1]; /* ids the page does not use */
    const char *subject, *other_user;
    char fallback[256]; /* the temporary folder used when cfg->out_dir cannot be made, or "" */
} ctx;

static int used_id(const jt_doc_world *w, int64_t id) {
    size_t i;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_JOB && w->fx[i].fx.id == id)
            return 1;
    return 0;
}

/* Whether the user exists in the page's world (root and testuser always do). */
static int declared(const jt_doc_world *w, const char *name) {
    size_t i;
    if (strcmp(name, "root") == 0 || strcmp(name, "testuser") == 0)
        return 1;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_USER && strcmp(w->fx[i].fx.name, name) == 0)
            return 1;
    return 0;
}

static void push_fx(inst *in, const jt_fixture *f) {
    JT_ASSERT(in->n < in->cap);
    in->fx[in->n++] = *f;
}

static void make_inst(inst *in, const ctx *c, const world *x) {
    jt_fixture f;
    size_t i;
    in->n = 0;
    in->x = *x;
    in->subject = c->subject;
    in->other_user = c->other_user;
    for (i = 0; i < c->w->nfx; i++)
        push_fx(in, &c->w->fx[i].fx);
    if (x->admin == 2 || (x->nextra && !declared(c->w, c->subject))) {
        memset(&f, 0, sizeof f);
        f.kind = JT_FIXTURE_USER;
        f.name = c->subject;
        f.admin = x->admin == 2;
        push_fx(in, &f);
    }
    for (i = 0; i < x->nextra; i++) {
        memset(&f, 0, sizeof f);
        f.kind = JT_FIXTURE_JOB;
        f.id = in->extra_id[i] = c->fresh[i];
        f.type = types[x->extra[i] / NSTATUSES];
        f.status = statuses[x->extra[i] % NSTATUSES];
        f.user = c->subject;
        push_fx(in, &f);
    }
    in->other_id = 0;
    if (x->other) {
        memset(&f, 0, sizeof f);
        f.kind = JT_FIXTURE_JOB;
        f.id = in->other_id = c->fresh[EXTRA_MAX];
        f.type = x->other == 1 ? "IMPORT" : "BACKUP";
        f.status = x->other == 1 ? "running" : "succeeded";
        f.user = c->other_user;
        push_fx(in, &f);
    }
    if (x->admin == 1) {
        memset(&f, 0, sizeof f);
        f.kind = JT_FIXTURE_USER;
        f.name = "alice";
        f.admin = 1;
        push_fx(in, &f);
    }
}

/* The last fixture of job id in the world (its state), or NULL. */
static const jt_fixture *job_fx(const inst *in, int64_t id) {
    size_t i;
    const jt_fixture *f = NULL;
    for (i = 0; i < in->n; i++)
        if (in->fx[i].kind == JT_FIXTURE_JOB && in->fx[i].id == id)
            f = &in->fx[i];
    return f;
}

static int apply(ctx *c, const inst *in) {
    size_t i;
    int rc;
    rc = jt_session_restart(c->s, c->err);
    for (i = 0; i < in->n && rc == JT_OK; i++)
        rc = jt_session_fixture(c->s, &in->fx[i], c->err);
    return rc;
}

static int run(ctx *c, const char *user, const char *sql, jt_result *res) {
    int rc;
    memset(res, 0, sizeof *res);
    res->count = -1;
    rc = jt_session_exec(c->s, user, sql, res, c->err);
    return rc;
}

static void done(ctx *c, jt_result *res) {
    jt_session_free_result(c->s, res);
}

/* The jobs' own progress until nothing moves, on an implementation with a virtual clock (from
   v20.1 a PAUSE leaves a job pause-requested, and it pauses on its own): what a claim that a
   job "will be paused" speaks of. *moved: whether any job moved. */
static int settle(ctx *c, int *moved) {
    int k;
    *moved = 0;
    if (!jt_session_has_advance(c->s))
        return JT_OK;
    for (k = 0; k < JT_LIMIT_PROGRESS; k++) {
        int64_t n = 0;
        int rc = jt_session_advance(c->s, &n, c->err);
        if (rc == JT_ENOTSUP)
            return JT_OK;
        if (rc < 0)
            return rc;
        if (n == 0)
            break;
        *moved = 1;
    }
    return JT_OK;
}

#define SNAPSHOT_SQL "SELECT job_id, user_name, status FROM [SHOW JOBS]"

/* Status of job id (its decimal text) in a snapshot, or NULL. */
static const char *snap_status(const jt_result *s, const char *id) {
    size_t r;
    if (s->failed || s->ncols != 3)
        return NULL;
    for (r = 0; r < s->nrows; r++)
        if (s->values[r * 3] && strcmp(s->values[r * 3], id) == 0)
            return s->values[r * 3 + 2];
    return NULL;
}

static int snaps_equal(const jt_result *a, const jt_result *b) {
    size_t r;
    if (a->failed || b->failed || a->nrows != b->nrows || a->ncols != 3 || b->ncols != 3)
        return 0;
    for (r = 0; r < a->nrows; r++) {
        const char *s = snap_status(b, a->values[r * 3]);
        if (!s || !a->values[r * 3 + 2] || strcmp(s, a->values[r * 3 + 2]) != 0)
            return 0;
    }
    return 1;
}

/* ---- properties ---------------------------------------------------------------------------- */

enum { HOLDS, FAILS, VACUOUS };

/* What broke a claim in a world: a statement and who ran it. */
typedef struct witness {
    char user[JT_LIMIT_NAME + 1];
    char sql[96];
    const char *page_sql; /* the page's statement, when it is the one */
    int cannot;           /* ONLY_USER: the claim's own user could not */
} witness;

static const char *witness_sql(const witness *wi) {
    return wi->page_sql ? wi->page_sql : wi->sql;
}

/* "All jobs created by U will be paused": the statement, run by root, leaves every job of U's
   in the operation's status. */
static int prop_all_jobs_of(int *out, ctx *c, const inst *in, witness *wi) {
    const jt_doc_claim *cl = c->claim;
    const char *sql = c->page->stmts[cl->stmt].sql;
    jt_result res, snap;
    size_t r;
    int rc, moved;
    (void)in;
    *out = HOLDS;
    rc = run(c, "root", sql, &res);
    if (rc < 0)
        return rc;
    rc = settle(c, &moved);
    if (rc == JT_OK)
        rc = run(c, "root", SNAPSHOT_SQL, &snap);
    if (rc < 0) {
        done(c, &res);
        return rc;
    }
    if (res.failed)
        *out = FAILS;
    for (r = 0; *out == HOLDS && !snap.failed && snap.ncols == 3 && r < snap.nrows; r++)
        if (snap.values[r * 3 + 1] && strcmp(snap.values[r * 3 + 1], cl->user) == 0 &&
            (!snap.values[r * 3 + 2] || strcmp(snap.values[r * 3 + 2], op_target[cl->op]) != 0))
            *out = FAILS;
    if (*out == FAILS) {
        snprintf(wi->user, sizeof wi->user, "root");
        wi->page_sql = sql;
    }
    done(c, &res);
    done(c, &snap);
    return JT_OK;
}

/* "You cannot pause schema changes": PAUSE JOB of every SCHEMA CHANGE job fails, run by root,
   and changes nothing. */
static int prop_no_pause_schema(int *out, ctx *c, const inst *in, witness *wi) {
    jt_result before, after, res;
    size_t i;
    int rc, any = 0;
    *out = HOLDS;
    rc = run(c, "root", SNAPSHOT_SQL, &before);
    if (rc < 0)
        return rc;
    for (i = 0; i < in->n && *out == HOLDS; i++) {
        const jt_fixture *f = &in->fx[i];
        char sql[64];
        if (f->kind != JT_FIXTURE_JOB || job_fx(in, f->id) != f || !f->type ||
            strcmp(f->type, types[SCHEMA_CHANGE]) != 0)
            continue;
        any = 1;
        snprintf(sql, sizeof sql, "PAUSE JOB %lld", (long long)f->id);
        rc = run(c, "root", sql, &res);
        if (rc < 0)
            goto out;
        if (!res.failed) {
            *out = FAILS;
            snprintf(wi->user, sizeof wi->user, "root");
            snprintf(wi->sql, sizeof wi->sql, "%s", sql);
        } else if (!wi->sql[0]) {
            snprintf(wi->sql, sizeof wi->sql, "%s", sql); /* blamed if something changed */
        }
        done(c, &res);
    }
    if (!any) {
        *out = VACUOUS;
        goto out;
    }
    if (*out == HOLDS) {
        rc = run(c, "root", SNAPSHOT_SQL, &after);
        if (rc < 0)
            goto out;
        if (!snaps_equal(&before, &after)) {
            *out = FAILS;
            snprintf(wi->user, sizeof wi->user, "root");
        }
        done(c, &after);
    }
out:
    done(c, &before);
    return rc < 0 ? rc : JT_OK;
}

static int has_name(const char *const *v, size_t n, const char *s) {
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

/* The users of a world: root, testuser, every user fixture and every job's owner (at most
   cap); returns how many. */
static size_t world_users(const char **users, size_t cap, const inst *in) {
    size_t n = 0, i;
    users[n++] = "root";
    users[n++] = "testuser";
    for (i = 0; i < in->n && n < cap; i++) {
        const char *name = in->fx[i].kind == JT_FIXTURE_USER
                               ? in->fx[i].name
                               : (in->fx[i].user ? in->fx[i].user : "root");
        if (!has_name(users, n, name))
            users[n++] = name;
    }
    return n;
}

static void blame(witness *wi, const char *user, const char *sql) {
    snprintf(wi->user, sizeof wi->user, "%s", user);
    snprintf(wi->sql, sizeof wi->sql, "%s", sql);
}

/* A statement that user must be refused: *out FAILS when it worked, and it is the witness; the
   first one refused is the witness too until then (blamed if something changed). */
static int must_fail(int *out, ctx *c, witness *wi, const char *user, const char *sql) {
    jt_result res;
    int rc = run(c, user, sql, &res);
    if (rc < 0)
        return rc;
    if (!res.failed)
        *out = FAILS;
    if (!res.failed || !wi->sql[0])
        blame(wi, user, sql);
    done(c, &res);
    return rc;
}

/* Every user's but the claim's own: each of the claim's operations on every job fails. */
static int others_refused(int *out, ctx *c, const inst *in, witness *wi, const char *const *users,
                          size_t nusers) {
    const jt_doc_claim *cl = c->claim;
    size_t u, i;
    int op, rc = JT_OK;
    for (u = 0; u < nusers && *out == HOLDS && rc >= 0; u++) {
        if (strcmp(users[u], cl->user) == 0)
            continue;
        for (i = 0; i < in->n && *out == HOLDS && rc >= 0; i++) {
            const jt_fixture *f = &in->fx[i];
            if (f->kind != JT_FIXTURE_JOB || job_fx(in, f->id) != f)
                continue;
            for (op = 0; op < JT_DOC_OP_COUNT && *out == HOLDS && rc >= 0; op++) {
                char sql[64];
                if (!(cl->ops & (1u << op)))
                    continue;
                snprintf(sql, sizeof sql, "%s JOB %lld", op_words[op], (long long)f->id);
                rc = must_fail(out, c, wi, users[u], sql);
            }
        }
    }
    return rc;
}

/* Whether operation op can work on the job of fixture f (its last one): not a schema change,
   and paused, or pending or running for PAUSE and CANCEL. */
static int can_take(const inst *in, const jt_fixture *f, int op) {
    if (f->kind != JT_FIXTURE_JOB || job_fx(in, f->id) != f ||
        strcmp(f->type, types[SCHEMA_CHANGE]) == 0)
        return 0;
    return strcmp(f->status, "paused") == 0 ||
           (op != JT_DOC_OP_RESUME &&
            (strcmp(f->status, "pending") == 0 || strcmp(f->status, "running") == 0));
}

/* The claim's own user can: its first operation on the first job that can take it. */
static int named_user_can(int *out, ctx *c, const inst *in, witness *wi) {
    const jt_doc_claim *cl = c->claim;
    jt_result res;
    size_t i;
    int op, rc;
    for (op = 0; op < JT_DOC_OP_COUNT && !(cl->ops & (1u << op)); op++)
        ;
    for (i = 0; op < JT_DOC_OP_COUNT && i < in->n; i++) {
        char sql[64];
        if (!can_take(in, &in->fx[i], op))
            continue;
        snprintf(sql, sizeof sql, "%s JOB %lld", op_words[op], (long long)in->fx[i].id);
        rc = run(c, cl->user, sql, &res);
        if (rc < 0)
            return rc;
        if (res.failed) {
            *out = FAILS;
            wi->cannot = 1;
            blame(wi, cl->user, sql);
        }
        done(c, &res);
        return rc;
    }
    return JT_OK;
}

/* "Only the root user can control a job": every other user's PAUSE / RESUME / CANCEL JOB of
   every job fails and changes nothing; the user named can control a job that can be. */
static int prop_only_user(int *out, ctx *c, const inst *in, witness *wi) {
    const char *users[64];
    size_t nusers = world_users(users, 64, in);
    jt_result before, after;
    int rc;
    *out = HOLDS;
    rc = run(c, "root", SNAPSHOT_SQL, &before);
    if (rc < 0)
        return rc;
    rc = others_refused(out, c, in, wi, users, nusers);
    if (rc >= 0 && *out == HOLDS) {
        rc = run(c, "root", SNAPSHOT_SQL, &after);
        if (rc >= 0 && !snaps_equal(&before, &after))
            *out = FAILS; /* one of the refused statements changed a job: blame the first */
        if (rc >= 0)
            done(c, &after);
    }
    if (rc >= 0 && *out == HOLDS)
        rc = named_user_can(out, c, in, wi);
    done(c, &before);
    return rc < 0 ? rc : JT_OK;
}

static int check_world(int *out, ctx *c, const inst *in, witness *wi) {
    int rc = apply(c, in);
    if (rc < 0)
        return rc;
    switch (c->claim->kind) {
    case JT_DOC_CLAIM_ALL_JOBS_OF:
        return prop_all_jobs_of(out, c, in, wi);
    case JT_DOC_CLAIM_NO_PAUSE_SCHEMA:
        return prop_no_pause_schema(out, c, in, wi);
    default:
        return prop_only_user(out, c, in, wi);
    }
}

/* ---- the counterexample -------------------------------------------------------------------- */

/* The statuses of a snapshot as a `query IT rowsort` record. */
static int add_statuses(jt_strbuf *sb, const jt_result *snap, int retry) {
    size_t r;
    int rc =
        jt_strbuf_addf(sb, "query IT rowsort%s\nSELECT job_id, status FROM [SHOW JOBS]\n----\n",
                       retry ? " retry" : "");
    for (r = 0; rc == JT_OK && !snap->failed && snap->ncols == 3 && r < snap->nrows; r++)
        rc = jt_strbuf_addf(sb, "%s %s\n", snap->values[r * 3] ? snap->values[r * 3] : "NULL",
                            snap->values[r * 3 + 2] ? snap->values[r * 3 + 2] : "NULL");
    return rc == JT_OK ? jt_strbuf_adds(sb, "\n") : rc;
}

/* A statement's SQL for a case file: its lines without the blank ones. */
static int add_sql(jt_strbuf *sb, const char *sql) {
    int rc = JT_OK, blank = 1, first = 1;
    const char *line_start = sql;
    for (;; sql++) {
        if (*sql == '\n' || *sql == '\0') {
            if (!blank) {
                if (!first)
                    rc = jt_strbuf_add(sb, "\n", 1);
                if (rc == JT_OK)
                    rc = jt_strbuf_add(sb, line_start, (size_t)(sql - line_start));
                first = 0;
            }
            if (*sql == '\0' || rc != JT_OK)
                break;
            line_start = sql + 1;
            blank = 1;
        } else if (*sql != ' ' && *sql != '\t' && *sql != '\r') {
            blank = 0;
        }
    }
    return rc;
}

static const char *covers_of(int kind) {
    switch (kind) {
    case JT_DOC_CLAIM_NO_PAUSE_SCHEMA:
        return "PJ-NOSCHEMA PJ-ATOMIC";
    case JT_DOC_CLAIM_ONLY_USER:
        return "PJ-PRIV";
    default:
        return "PJ-BULK PJ-ATOMIC";
    }
}

/* "when maxroach also has job 2 (IMPORT, succeeded), alice is an admin member" */
static int describe(jt_strbuf *sb, const inst *in, const char *when) {
    const world *x = &in->x;
    int rc = JT_OK, n = 0;
    size_t i;
    if (x->nextra) {
        rc =
            jt_strbuf_addf(sb, "%s%s also has job%s ", when, in->subject, x->nextra > 1 ? "s" : "");
        for (i = 0; i < x->nextra && rc == JT_OK; i++)
            rc = jt_strbuf_addf(sb, "%s%lld (%s, %s)", i ? " and " : "", (long long)in->extra_id[i],
                                types[x->extra[i] / NSTATUSES], statuses[x->extra[i] % NSTATUSES]);
        n++;
    }
    if (x->other && rc == JT_OK) {
        rc = jt_strbuf_addf(sb, "%s%s has job %lld (%s)", n ? ", " : when, in->other_user,
                            (long long)in->other_id,
                            x->other == 1 ? "IMPORT, running" : "BACKUP, succeeded");
        n++;
    }
    if (x->admin && rc == JT_OK) {
        rc = jt_strbuf_addf(sb, "%s%s is an admin member", n ? ", " : when,
                            x->admin == 1 ? "alice" : in->subject);
        n++;
    }
    if (!n && rc == JT_OK)
        rc = jt_strbuf_adds(sb, *when == 'w' ? "in the page's own world" : "nothing else");
    return rc;
}

/* ": job 1 stays running, job 2 becomes paused" for the jobs that are not as the claim says. */
static int add_changes(jt_strbuf *sb, const jt_result *before, const jt_result *after,
                       const char *only_user, const char *target) {
    size_t r;
    int rc = JT_OK, n = 0;
    for (r = 0; rc == JT_OK && after->ncols == 3 && r < after->nrows; r++) {
        const char *id = after->values[r * 3], *st = after->values[r * 3 + 2];
        const char *was = id ? snap_status(before, id) : NULL;
        if (!id || !st)
            continue;
        if (only_user) {
            if (!after->values[r * 3 + 1] || strcmp(after->values[r * 3 + 1], only_user) != 0 ||
                strcmp(st, target) == 0)
                continue;
        } else if (was && strcmp(was, st) == 0) {
            continue;
        }
        rc = jt_strbuf_addf(sb, "%s job %s %s %s", n ? "," : ":", id,
                            was && strcmp(was, st) == 0 ? "stays" : "becomes", st);
        n++;
    }
    return rc;
}

static int mkdirs(const char *dir, jt_error *err) {
    char path[4096];
    size_t n = strlen(dir), i;
    struct stat sbuf;
    if (n == 0 || n >= sizeof path)
        return jt_error_set(err, JT_EINVAL, 0, "%s: not a usable folder name", dir);
    memcpy(path, dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) < 0 && errno != EEXIST)
            return jt_error_set(err, JT_EIO, 0, "%s: cannot make folder: %s", path,
                                strerror(errno));
        path[i] = i < n ? '/' : '\0';
    }
    if (stat(dir, &sbuf) < 0 || !S_ISDIR(sbuf.st_mode))
        return jt_error_set(err, JT_EIO, 0, "%s: not a folder", dir);
    return JT_OK;
}

/* `<out_dir>/<page without .md>-<line>.test` */
static int case_path(char *buf, size_t size, const char *out_dir, const char *page, int line) {
    const char *base = strrchr(page, '/');
    size_t n;
    base = base ? base + 1 : page;
    n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".md") == 0)
        n -= 3;
    if (n > 200)
        n = 200;
    return (size_t)snprintf(buf, size, "%s/%.*s-%d.test", out_dir, (int)n, base, line) < size
               ? JT_OK
               : JT_ELIMIT;
}

/* Runs the witness again in its world and writes the counterexample file (when out_dir) and the
   message. */
static int counterexample(char **msg_out, char **file_out, ctx *c, const inst *in,
                          const witness *wi, size_t nfail, size_t nworlds,
                          const jt_doc_config *cfg) {
    const jt_doc_claim *cl = c->claim;
    const char *sql = witness_sql(wi);
    jt_result before, res, after;
    jt_strbuf cs, why;
    char path[4200], short_sql[96];
    const char *out_dir = c->fallback[0] ? c->fallback : cfg->out_dir;
    size_t i;
    int rc, have_before = 0, have_res = 0, have_after = 0, settled = 0;
    *msg_out = NULL;
    *file_out = NULL;
    jt_strbuf_init(&cs, JT_LIMIT_MESSAGE * 16);
    jt_strbuf_init(&why, JT_LIMIT_MESSAGE);
    rc = apply(c, in);
    if (rc < 0)
        goto out;
    rc = run(c, "root", SNAPSHOT_SQL, &before);
    if (rc < 0)
        goto out;
    have_before = 1;
    rc = run(c, wi->user, sql, &res);
    if (rc < 0)
        goto out;
    have_res = 1;
    if (cl->kind == JT_DOC_CLAIM_ALL_JOBS_OF && !res.failed) {
        rc = settle(c, &settled); /* as the claim was checked: once the jobs have moved */
        if (rc < 0)
            goto out;
    }
    rc = run(c, "root", SNAPSHOT_SQL, &after);
    if (rc < 0)
        goto out;
    have_after = 1;

    /* the message */
    rc = describe(&why, in, "when ");
    jt_doc_short_sql(short_sql, sizeof short_sql, sql, 60);
    if (rc == JT_OK) {
        if (wi->page_sql) {
            const char *s = sql;
            size_t k = 0;
            char label[40];
            int words = 0;
            while (*s == ' ' || *s == '\n')
                s++;
            for (; *s && k + 1 < sizeof label; s++) {
                if (*s == ' ' || *s == '\n' || *s == '(' || *s == ';') {
                    if (++words == 2)
                        break;
                    while (s[1] == ' ')
                        s++;
                    label[k++] = ' ';
                    continue;
                }
                label[k++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
            }
            label[k] = '\0';
            rc = jt_strbuf_addf(&why, ", the %s statement at line %d", label,
                                c->page->stmts[cl->stmt].line);
        } else {
            rc = jt_strbuf_addf(&why, ", `%s` run by %s", short_sql, wi->user);
        }
    }
    if (rc == JT_OK) {
        if (res.failed)
            rc = jt_strbuf_addf(&why, " fails with \"%s\"", res.message ? res.message : "");
        else
            rc = jt_strbuf_addf(&why, " succeeds (%s)", res.tag);
    }
    if (rc == JT_OK && cl->kind == JT_DOC_CLAIM_ALL_JOBS_OF) {
        if (res.failed && snaps_equal(&before, &after))
            rc = jt_strbuf_addf(&why, " and %s nothing", op_done[cl->op]);
        if (rc == JT_OK)
            rc = add_changes(&why, &before, &after, cl->user, op_target[cl->op]);
    } else if (rc == JT_OK) {
        rc = add_changes(&why, &before, &after, NULL, NULL);
    }
    if (rc == JT_OK)
        rc = jt_strbuf_addf(&why, "; fails in %zu of %zu worlds tried", nfail, nworlds);

    /* the case file */
    if (rc == JT_OK && cfg->out_dir) {
        rc = jt_strbuf_addf(&cs,
                            "# Counterexample to a claim of %s (written by jobtck doc, profile "
                            "%s):\n#   %s:%d: \"%s\"\n# The world: the page's jobs and users, ",
                            c->page->path, jt_doc_profile(cfg), c->page->path, cl->line, cl->text);
        if (rc == JT_OK)
            rc = describe(&cs, in, "and ");
        if (rc == JT_OK) {
            /* a later version's file says so: under another profile it is skipped, not failed */
            const char *prof = jt_doc_profile(cfg);
            int other = strcmp(prof, JT_PROFILE_DEFAULT) != 0;
            rc = jt_strbuf_addf(&cs,
                                ".\n# The expected results are the model's (profile %s): "
                                "`jobtck run%s%s` replays this file.\n\n%s%s%scovers %s\n\n"
                                "subtest claim_line_%d\n\n",
                                prof, other ? " --profile " : "", other ? prof : "",
                                other ? "profile " : "", other ? prof : "", other ? "\n\n" : "",
                                covers_of(cl->kind), cl->line);
        }
        for (i = 0; i < in->n && rc == JT_OK; i++) {
            rc = jt_casewrite_fixture(&cs, &in->fx[i]);
            if (rc == JT_OK)
                rc = jt_strbuf_adds(&cs, "\n");
        }
        if (rc == JT_OK)
            rc = add_statuses(&cs, &before, 0);
        if (rc == JT_OK && strcmp(wi->user, "root") != 0)
            rc = jt_strbuf_addf(&cs, "user %s\n\n", wi->user);
        if (rc == JT_OK) {
            jt_strbuf clean;
            jt_strbuf_init(&clean, JT_LIMIT_SQL);
            rc = add_sql(&clean, sql);
            if (rc == JT_OK)
                rc = jt_casewrite_expect(&cs, clean.data ? clean.data : "", &res);
            jt_strbuf_dispose(&clean);
        }
        if (rc == JT_OK)
            rc = jt_strbuf_adds(&cs, "\n");
        if (rc == JT_OK && strcmp(wi->user, "root") != 0)
            rc = jt_strbuf_adds(&cs, "user root\n\n");
        if (rc == JT_OK)
            rc = add_statuses(&cs, &after, settled);
        if (rc == JT_OK) {
            rc = mkdirs(out_dir, c->err);
            if (rc < 0 && cfg->out_fallback) {
                const char *tmpdir = getenv("TMPDIR");
                snprintf(c->fallback, sizeof c->fallback, "%s/jobtck-doc-XXXXXX",
                         tmpdir && *tmpdir && strlen(tmpdir) < 200 ? tmpdir : "/tmp");
                if (!mkdtemp(c->fallback)) {
                    rc = jt_error_set(c->err, JT_EIO, 0, "%s: cannot make folder: %s", c->fallback,
                                      strerror(errno));
                    c->fallback[0] = '\0';
                    goto out;
                }
                out_dir = c->fallback;
                rc = JT_OK;
            }
        }
        if (rc == JT_OK)
            rc = case_path(path, sizeof path, out_dir, c->page->path, cl->line);
        if (rc == JT_ELIMIT) {
            rc = jt_error_set(c->err, JT_ELIMIT, 0, "counterexample of %s:%d: too long",
                              c->page->path, cl->line);
            goto out;
        }
        if (rc == JT_OK)
            rc = jt_casewrite_atomic(path, cs.data ? cs.data : "", cs.len, c->err);
        if (rc < 0)
            goto out;
        *file_out = jt_strdup(path);
        if (!*file_out)
            rc = JT_ENOMEM;
        if (rc == JT_OK)
            rc = jt_strbuf_addf(&why, "; counterexample written to %s", path);
    } else if (rc == JT_OK) {
        rc = jt_strbuf_adds(&why, "; counterexample not written (no output folder)");
    }
    if (rc == JT_OK) {
        *msg_out = jt_doc_msg(c->page->path, cl->line, "claim \"%s\" fails: %s", cl->text,
                              why.data ? why.data : "");
        if (!*msg_out)
            rc = JT_ENOMEM;
    }
    if (rc < 0 && rc != JT_EIO && rc != JT_EINVAL)
        rc = jt_error_set(c->err, rc, 0, "counterexample of %s:%d: %s", c->page->path, cl->line,
                          jt_strerror(rc));
out:
    if (have_before)
        done(c, &before);
    if (have_res)
        done(c, &res);
    if (have_after)
        done(c, &after);
    jt_strbuf_dispose(&cs);
    jt_strbuf_dispose(&why);
    if (rc < 0) {
        free(*file_out);
        *file_out = NULL;
    }
    return rc;
}

/* ---- the claims ---------------------------------------------------------------------------- */

static int claim_item(jt_doc_report *rep, const jt_doc_claim *cl, int outcome, char *msg,
                      char *file) {
    int rc = jt_doc_report_add(rep, cl->line, outcome, msg, file);
    if (rc == JT_OK) {
        jt_doc_report_last(rep)->kind = "claim";
        jt_doc_report_last(rep)->claim = cl->kind;
    }
    return rc;
}

static int check_claim(jt_doc_report *rep, ctx *c, inst *in, const jt_doc_config *cfg) {
    const jt_doc_claim *cl = c->claim;
    size_t n = jt_doc_world_count(cl->by_default), i, nfail = 0, exercised = 0, first = (size_t)-1;
    witness wi, first_wi;
    world x;
    char *msg = NULL, *file = NULL;
    int rc = JT_OK, outcome;
    memset(&first_wi, 0, sizeof first_wi);
    if (cl->kind == JT_DOC_CLAIM_ALL_JOBS_OF && cl->stmt == SIZE_MAX) {
        msg = jt_doc_msg(c->page->path, cl->line,
                         "claim \"%s\" not checked: no %s statement before it", cl->text,
                         op_words[cl->op]);
        return claim_item(rep, cl, JT_DOC_SKIP, msg, NULL);
    }
    c->subject = cl->kind == JT_DOC_CLAIM_ALL_JOBS_OF
                     ? cl->user
                     : (c->w->subject ? c->w->subject : "maxroach");
    c->other_user = strcmp(c->subject, "testuser") == 0 ? "carol" : "testuser";
    for (i = 0; i < n; i++) {
        world_at(&x, i, cl->by_default);
        make_inst(in, c, &x);
        memset(&wi, 0, sizeof wi);
        rc = check_world(&outcome, c, in, &wi);
        if (rc < 0)
            return rc;
        if (outcome == VACUOUS)
            continue;
        exercised++;
        if (outcome == FAILS) {
            if (!nfail) {
                first = i;
                first_wi = wi;
            }
            nfail++;
        }
    }
    rep->worlds += n;
    if (!nfail) {
        if (cl->kind == JT_DOC_CLAIM_NO_PAUSE_SCHEMA)
            msg = jt_doc_msg(c->page->path, cl->line,
                             "claim \"%s\" holds in %zu worlds (the %zu of %zu tried with a "
                             "SCHEMA CHANGE job)",
                             cl->text, exercised, exercised, n);
        else
            msg = jt_doc_msg(c->page->path, cl->line, "claim \"%s\" holds in %zu worlds%s",
                             cl->text, exercised,
                             cl->by_default ? " (by default: no admin member but root)" : "");
        return claim_item(rep, cl, JT_DOC_PASS, msg, NULL);
    }
    world_at(&x, first, cl->by_default);
    make_inst(in, c, &x);
    rc = counterexample(&msg, &file, c, in, &first_wi, nfail, exercised, cfg);
    if (rc < 0)
        return rc;
    return claim_item(rep, cl, JT_DOC_FAIL, msg, file);
}

int jt_doc_check_claims(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                        const jt_doc_config *cfg, jt_error *err) {
    ctx c;
    inst in;
    size_t k;
    int64_t id = 1;
    int rc = JT_OK;
    if (!page->nclaims)
        return JT_OK;
    memset(&c, 0, sizeof c);
    memset(&in, 0, sizeof in);
    c.page = page;
    c.w = w;
    c.err = err;
    for (k = 0; k <= EXTRA_MAX; k++) {
        while (used_id(w, id))
            id++;
        c.fresh[k] = id++;
    }
    in.cap = w->nfx + 8;
    in.fx = jt_calloc(in.cap, sizeof *in.fx);
    if (!in.fx)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    rc = jt_doc_open_oracle(&c.s, cfg, err);
    if (rc < 0)
        goto out;
    for (k = 0; k < page->nclaims && rc == JT_OK; k++) {
        c.claim = &page->claims[k];
        rc = check_claim(out, &c, &in, cfg);
        if (rc == JT_ENOMEM)
            rc = jt_error_set(err, rc, 0, "out of memory");
    }
out:
    jt_session_close(c.s);
    free(in.fx);
    return rc;
}
