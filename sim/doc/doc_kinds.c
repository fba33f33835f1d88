/* jobtck doc, the first kinds of claims (those of the v2.1 pages): "You cannot pause schema
   changes", "only the root user can control a job" (also "only members of the admin role",
   "only the root user can execute SHOW JOBS"), "All jobs created by maxroach will be paused";
   checked over worlds around the page's: more jobs of the claim's user, another user's job,
   members of admin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_claims.h"

static const char *const types[] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED", "SCHEMA CHANGE"};
static const char *const statuses[] = {"pending",   "running", "paused",
                                       "succeeded", "failed",  "canceled"};
static const char *const op_words[JT_DOC_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
static const char *const op_done[JT_DOC_OP_COUNT] = {"pauses", "resumes", "cancels"};
/* The status a job has once the operation worked (and the jobs moved on). */
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
    int a;
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

/* "when maxroach also has job 2 (IMPORT, succeeded), alice is an admin member" */
static int describe(jt_doc_cx *c, const world *x) {
    int rc = JT_OK, n = 0;
    size_t i;
    if (x->nextra) {
        rc = jt_strbuf_addf(&c->desc, "when %s also has job%s ", c->subject,
                            x->nextra > 1 ? "s" : "");
        for (i = 0; i < x->nextra && rc == JT_OK; i++)
            rc = jt_strbuf_addf(&c->desc, "%s%lld (%s, %s)", i ? " and " : "",
                                (long long)c->fresh[i], types[x->extra[i] / NSTATUSES],
                                statuses[x->extra[i] % NSTATUSES]);
        n++;
    }
    if (x->other && rc == JT_OK) {
        rc = jt_strbuf_addf(&c->desc, "%s%s has job %lld (%s)", n ? ", " : "when ", c->other_user,
                            (long long)c->fresh[EXTRA_MAX],
                            x->other == 1 ? "IMPORT, running" : "BACKUP, succeeded");
        n++;
    }
    if (x->admin && rc == JT_OK) {
        rc = jt_strbuf_addf(&c->desc, "%s%s is an admin member", n ? ", " : "when ",
                            x->admin == 1 ? "alice" : c->subject);
        n++;
    }
    if (!n && rc == JT_OK)
        rc = jt_strbuf_adds(&c->desc, "in the page's own world");
    return rc;
}

static size_t count_worlds(const jt_doc_cx *c) {
    return jt_doc_world_count(c->claim->by_default);
}

static int make_world(jt_doc_cx *c, size_t i) {
    world x;
    size_t k;
    world_at(&x, i, c->claim->by_default);
    if (x.admin == 2 || (x.nextra && !declared(c->w, c->subject)))
        jt_doc_cx_user(c, c->subject, x.admin == 2, 0);
    for (k = 0; k < x.nextra; k++)
        jt_doc_cx_job(c, c->fresh[k], types[x.extra[k] / NSTATUSES],
                      statuses[x.extra[k] % NSTATUSES], c->subject);
    if (x.other)
        jt_doc_cx_job(c, c->fresh[EXTRA_MAX], x.other == 1 ? "IMPORT" : "BACKUP",
                      x.other == 1 ? "running" : "succeeded", c->other_user);
    if (x.admin == 1)
        jt_doc_cx_user(c, "alice", 1, 0);
    return describe(c, &x);
}

/* ---- snapshots ------------------------------------------------------------------------------- */

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

/* ": job 1 stays running, job 2 becomes paused" for the jobs that changed (only_user: for that
   user's jobs that are not in target). */
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

/* The claim "the jobs are as they were": a query of the statuses before. */
static int step_unchanged(jt_doc_cx *c, const jt_result *before) {
    jt_strbuf q;
    size_t r;
    int rc;
    jt_strbuf_init(&q, JT_LIMIT_MESSAGE);
    rc = jt_strbuf_adds(&q, "query IT rowsort\nSELECT job_id, status FROM [SHOW JOBS]\n----\n");
    for (r = 0; rc == JT_OK && !before->failed && before->ncols == 3 && r < before->nrows; r++)
        rc = jt_strbuf_addf(&q, "%s %s\n", before->values[r * 3] ? before->values[r * 3] : "NULL",
                            before->values[r * 3 + 2] ? before->values[r * 3 + 2] : "NULL");
    if (rc == JT_OK)
        rc = jt_doc_cx_step(c, "root", "SELECT job_id, status FROM [SHOW JOBS]", jt_doc_sb(&q), 0);
    jt_strbuf_dispose(&q);
    return rc;
}

/* "`PAUSE JOB 3` run by root succeeds (PAUSE JOBS 1)" or "… fails with "…"". */
static int ran(jt_doc_cx *c, const char *sql, const char *user, const jt_result *res) {
    if (res->failed)
        return jt_strbuf_addf(&c->why, "`%s` run by %s fails with \"%s\"", sql, user,
                              res->message ? res->message : "");
    return jt_strbuf_addf(&c->why, "`%s` run by %s succeeds (%s)", sql, user, res->tag);
}

/* ---- You cannot pause schema changes -----------------------------------------------------------
 */

/* PAUSE JOB of every SCHEMA CHANGE job fails, run by root, and changes nothing. */
static int check_no_pause_schema(int *out, jt_doc_cx *c) {
    jt_result before, after, res;
    char sql[64], first[64] = "";
    size_t i;
    int rc, any = 0;
    *out = JT_DOC_HOLDS;
    rc = jt_doc_cx_run(c, "root", SNAPSHOT_SQL, &before);
    for (i = 0; i < c->nfx && *out == JT_DOC_HOLDS && rc == JT_OK; i++) {
        const jt_fixture *f = &c->fx[i];
        if (f->kind != JT_FIXTURE_JOB || jt_doc_cx_job_fx(c, f->id) != f || !f->type ||
            strcmp(f->type, types[SCHEMA_CHANGE]) != 0)
            continue;
        any = 1;
        snprintf(sql, sizeof sql, "PAUSE JOB %lld", (long long)f->id);
        if (!first[0])
            snprintf(first, sizeof first, "%s", sql);
        rc = jt_doc_cx_run(c, "root", sql, &res);
        if (rc == JT_OK && !res.failed) {
            *out = JT_DOC_FAILS;
            rc = jt_doc_cx_step_fails(c, "root", sql);
            if (rc == JT_OK)
                rc = ran(c, sql, "root", &res);
        }
        if (rc == JT_OK)
            jt_doc_cx_done(c, &res);
    }
    if (rc == JT_OK && !any)
        *out = JT_DOC_VACUOUS;
    if (rc == JT_OK && *out == JT_DOC_HOLDS &&
        (rc = jt_doc_cx_run(c, "root", SNAPSHOT_SQL, &after)) == JT_OK) {
        if (!snaps_equal(&before, &after)) {
            *out = JT_DOC_FAILS;
            rc = jt_doc_cx_step(c, "root", first, NULL, 0);
            if (rc == JT_OK)
                rc = step_unchanged(c, &before);
            if (rc == JT_OK)
                rc = jt_strbuf_addf(&c->why, "`%s` run by root fails, yet", first);
            if (rc == JT_OK)
                rc = add_changes(&c->why, &before, &after, NULL, NULL);
        }
        jt_doc_cx_done(c, &after);
    }
    jt_doc_cx_done(c, &before);
    return rc;
}

/* ---- only the root user can control a job -------------------------------------------------------
 */

static int has_name(const char *const *v, size_t n, const char *s) {
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

/* The users of a world: root, testuser, every user fixture and every job's owner. */
static size_t world_users(const char **users, size_t cap, const jt_doc_cx *c) {
    size_t n = 0, i;
    users[n++] = "root";
    users[n++] = "testuser";
    for (i = 0; i < c->nfx && n < cap; i++) {
        const char *name = c->fx[i].kind == JT_FIXTURE_USER
                               ? c->fx[i].name
                               : (c->fx[i].user ? c->fx[i].user : "root");
        if (!has_name(users, n, name))
            users[n++] = name;
    }
    return n;
}

/* Whether user is one of those the claim says alone can: the user named, or a member of the
   role named. */
static int one_of_them(const jt_doc_cx *c, const char *user) {
    const jt_doc_claim *cl = c->claim;
    if (cl->role)
        return strcmp(cl->user, "admin") == 0 ? jt_doc_cx_is_admin(c, user) : 0;
    return strcmp(cl->user, user) == 0;
}

/* A statement user must be refused: when it works, the claim fails. */
static int must_fail(int *out, jt_doc_cx *c, const char *user, const char *sql) {
    jt_result res;
    int rc = jt_doc_cx_run(c, user, sql, &res);
    if (rc < 0)
        return rc;
    if (!res.failed) {
        *out = JT_DOC_FAILS;
        rc = jt_doc_cx_step_fails(c, user, sql);
        if (rc == JT_OK)
            rc = ran(c, sql, user, &res);
    }
    jt_doc_cx_done(c, &res);
    return rc;
}

/* Every user but those the claim names: each of its operations on every job fails (SHOW
   JOBS, when the claim speaks of it). */
static int others_refused(int *out, jt_doc_cx *c, const char *const *users, size_t nusers) {
    const jt_doc_claim *cl = c->claim;
    size_t u, i;
    int op, rc = JT_OK;
    for (u = 0; u < nusers && *out == JT_DOC_HOLDS && rc >= 0; u++) {
        if (one_of_them(c, users[u]))
            continue;
        if (cl->ops & (1u << JT_DOC_OP_SHOW))
            rc = must_fail(out, c, users[u], "SHOW JOBS");
        for (i = 0; i < c->nfx && *out == JT_DOC_HOLDS && rc >= 0; i++) {
            const jt_fixture *f = &c->fx[i];
            if (f->kind != JT_FIXTURE_JOB || jt_doc_cx_job_fx(c, f->id) != f)
                continue;
            for (op = 0; op < JT_DOC_OP_COUNT && *out == JT_DOC_HOLDS && rc >= 0; op++) {
                char sql[64];
                if (!(cl->ops & (1u << op)))
                    continue;
                snprintf(sql, sizeof sql, "%s JOB %lld", op_words[op], (long long)f->id);
                rc = must_fail(out, c, users[u], sql);
            }
        }
    }
    return rc;
}

/* Whether operation op can work on the job of fixture f (its last one): not a schema change,
   and paused, or pending or running for PAUSE and CANCEL. */
static int can_take(const jt_doc_cx *c, const jt_fixture *f, int op) {
    if (f->kind != JT_FIXTURE_JOB || jt_doc_cx_job_fx(c, f->id) != f || !f->type ||
        strcmp(f->type, types[SCHEMA_CHANGE]) == 0 || !f->status)
        return 0;
    return strcmp(f->status, "paused") == 0 ||
           (op != JT_DOC_OP_RESUME &&
            (strcmp(f->status, "pending") == 0 || strcmp(f->status, "running") == 0));
}

/* One of those the claim names can: its first operation on the first job that can take it
   (SHOW JOBS for a claim of SHOW JOBS). */
static int named_user_can(int *out, jt_doc_cx *c) {
    const jt_doc_claim *cl = c->claim;
    const char *who = cl->role ? "root" : cl->user;
    jt_result res;
    char sql[64] = "";
    size_t i;
    int op, rc;
    for (op = 0; op < JT_DOC_OP_COUNT && !(cl->ops & (1u << op)); op++)
        ;
    if (op == JT_DOC_OP_COUNT)
        snprintf(sql, sizeof sql, "SHOW JOBS");
    for (i = 0; !sql[0] && i < c->nfx; i++)
        if (can_take(c, &c->fx[i], op))
            snprintf(sql, sizeof sql, "%s JOB %lld", op_words[op], (long long)c->fx[i].id);
    if (!sql[0])
        return JT_OK;
    rc = jt_doc_cx_run(c, who, sql, &res);
    if (rc < 0)
        return rc;
    if (res.failed) {
        *out = JT_DOC_FAILS;
        rc = jt_doc_cx_step_works(c, who, sql);
        if (rc == JT_OK)
            rc = ran(c, sql, who, &res);
    }
    jt_doc_cx_done(c, &res);
    return rc;
}

static int check_only_user(int *out, jt_doc_cx *c) {
    const char *users[64];
    size_t nusers = world_users(users, 64, c);
    jt_result before, after;
    int rc;
    *out = JT_DOC_HOLDS;
    rc = jt_doc_cx_run(c, "root", SNAPSHOT_SQL, &before);
    if (rc < 0)
        return rc;
    rc = others_refused(out, c, users, nusers);
    if (rc >= 0 && *out == JT_DOC_HOLDS &&
        (rc = jt_doc_cx_run(c, "root", SNAPSHOT_SQL, &after)) >= 0) {
        if (!snaps_equal(&before, &after)) {
            *out = JT_DOC_FAILS; /* a refused statement changed a job */
            rc = step_unchanged(c, &before);
            if (rc == JT_OK)
                rc = jt_strbuf_adds(&c->why, "a refused statement changed the jobs");
            if (rc == JT_OK)
                rc = add_changes(&c->why, &before, &after, NULL, NULL);
        }
        jt_doc_cx_done(c, &after);
    }
    if (rc >= 0 && *out == JT_DOC_HOLDS)
        rc = named_user_can(out, c);
    jt_doc_cx_done(c, &before);
    return rc < 0 ? rc : JT_OK;
}

/* ---- All jobs created by maxroach will be paused -------------------------------------------- */

/* The claim "every job of the user is in the operation's status", as a query that waits. */
static int step_all_in(jt_doc_cx *c, const jt_result *after) {
    const jt_doc_claim *cl = c->claim;
    jt_strbuf q;
    char sql[200];
    size_t r;
    int rc;
    snprintf(sql, sizeof sql, "SELECT job_id, status FROM [SHOW JOBS] WHERE user_name = '%s'",
             cl->user);
    jt_strbuf_init(&q, JT_LIMIT_MESSAGE);
    rc = jt_strbuf_addf(&q, "query IT rowsort retry\n%s\n----\n", sql);
    for (r = 0; rc == JT_OK && !after->failed && after->ncols == 3 && r < after->nrows; r++)
        if (after->values[r * 3 + 1] && strcmp(after->values[r * 3 + 1], cl->user) == 0)
            rc = jt_strbuf_addf(&q, "%s %s\n", after->values[r * 3] ? after->values[r * 3] : "NULL",
                                op_target[cl->op]);
    if (rc == JT_OK)
        rc = jt_doc_cx_step(c, "root", sql, jt_doc_sb(&q), 0);
    jt_strbuf_dispose(&q);
    return rc;
}

/* "the PAUSE JOBS statement at line 100 fails with "…" and pauses nothing: job 1 stays …" */
static int bulk_why(jt_doc_cx *c, const jt_result *res, const jt_result *before,
                    const jt_result *after) {
    const jt_doc_claim *cl = c->claim;
    const jt_doc_stmt *st = &c->page->stmts[cl->stmt];
    int rc =
        jt_strbuf_addf(&c->why, "the %s JOBS statement at line %d ", op_words[cl->op], st->line);
    if (rc == JT_OK && res->failed)
        rc = jt_strbuf_addf(&c->why, "fails with \"%s\"", res->message ? res->message : "");
    else if (rc == JT_OK)
        rc = jt_strbuf_addf(&c->why, "succeeds (%s)", res->tag);
    if (rc == JT_OK && res->failed && snaps_equal(before, after))
        rc = jt_strbuf_addf(&c->why, " and %s nothing", op_done[cl->op]);
    return rc == JT_OK ? add_changes(&c->why, before, after, cl->user, op_target[cl->op]) : rc;
}

/* The statement, run by root, leaves every job of the user in the operation's status once the
   jobs have moved on. */
static int check_all_jobs_of(int *out, jt_doc_cx *c) {
    const jt_doc_claim *cl = c->claim;
    const char *sql = c->page->stmts[cl->stmt].sql;
    jt_result before, res, after;
    size_t r;
    int rc = jt_doc_cx_run(c, "root", SNAPSHOT_SQL, &before);
    *out = JT_DOC_HOLDS;
    if (rc == JT_OK && (rc = jt_doc_cx_run(c, "root", sql, &res)) < 0)
        jt_doc_cx_done(c, &before);
    if (rc < 0)
        return rc;
    if (jt_doc_cx_unsupported(&res)) {
        *out = JT_DOC_LIMITED;
        rc = jt_strbuf_addf(&c->why, "the model cannot run the %s JOBS statement at line %d: %s",
                            op_words[cl->op], c->page->stmts[cl->stmt].line,
                            res.message ? res.message : "");
        goto out;
    }
    rc = jt_doc_cx_settle(c, NULL);
    if (rc == JT_OK)
        rc = jt_doc_cx_run(c, "root", SNAPSHOT_SQL, &after);
    if (rc < 0)
        goto out;
    if (res.failed)
        *out = JT_DOC_FAILS;
    for (r = 0; *out == JT_DOC_HOLDS && !after.failed && after.ncols == 3 && r < after.nrows; r++)
        if (after.values[r * 3 + 1] && strcmp(after.values[r * 3 + 1], cl->user) == 0 &&
            (!after.values[r * 3 + 2] || strcmp(after.values[r * 3 + 2], op_target[cl->op]) != 0))
            *out = JT_DOC_FAILS;
    if (*out == JT_DOC_FAILS) {
        char *claim = jt_malloc(strlen(sql) + 16);
        if (!claim) {
            rc = JT_ENOMEM;
            goto done;
        }
        sprintf(claim, "statement ok\n%s\n", sql);
        rc = jt_doc_cx_step(c, "root", sql, res.failed ? claim : NULL, 1);
        free(claim);
        if (rc == JT_OK)
            rc = step_all_in(c, &after);
        if (rc == JT_OK)
            rc = bulk_why(c, &res, &before, &after);
    }
done:
    jt_doc_cx_done(c, &after);
out:
    jt_doc_cx_done(c, &res);
    jt_doc_cx_done(c, &before);
    return rc;
}

const jt_doc_kind jt_doc_kinds_basic[] = {
    {JT_DOC_CLAIM_NO_PAUSE_SCHEMA, "PJ-NOSCHEMA PJ-ATOMIC", count_worlds, make_world,
     check_no_pause_schema, NULL, 0, NULL},
    {JT_DOC_CLAIM_ONLY_USER, "PJ-PRIV", count_worlds, make_world, check_only_user, NULL, 0, NULL},
    {JT_DOC_CLAIM_ALL_JOBS_OF, "PJ-BULK PJ-ATOMIC", count_worlds, make_world, check_all_jobs_of,
     NULL, 0, NULL},
    {0, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
