/* jobtck doc, the claims of "Required privileges" sections: who may run a statement ("the user
   must be a member of the admin role or must have the CONTROLJOB role option"; "You must have
   at least one of the following to run SHOW JOBS"), whose jobs a non-admin may not control, and
   what the VIEWJOB privilege shows; checked over worlds of one user's privileges and one job's
   owner, type and status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_claims.h"

static const char *const op_words[JT_DOC_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
static const char *const types[] = {"IMPORT", "BACKUP", "CHANGEFEED", "SCHEMA CHANGE"};
static const char *const statuses[] = {"running", "paused", "succeeded"};

#define NTYPES 4

/* What the subject holds in a world. */
static const unsigned holds[] = {0, JT_DOC_GRANT_CONTROLJOB, JT_DOC_GRANT_VIEWJOB,
                                 JT_DOC_GRANT_ADMIN,
                                 JT_DOC_GRANT_CONTROLJOB | JT_DOC_GRANT_VIEWJOB};

enum { OWN_SUBJECT, OWN_OTHER, OWN_ROOT, OWN_ADMIN, NOWNERS };

typedef struct pworld {
    unsigned grants;
    int owner, type, status;
} pworld;

static const char *owner_name(const jt_doc_cx *c, int owner) {
    static const char *const names[NOWNERS] = {NULL, NULL, "root", "alice"};
    return owner == OWN_SUBJECT ? c->subject : (owner == OWN_OTHER ? c->other_user : names[owner]);
}

/* "admin, CONTROLJOB" for grants, or "nothing". */
static void grants_words(char *buf, size_t size, unsigned g) {
    snprintf(buf, size, "%s%s%s%s%s", g ? "" : "nothing", (g & JT_DOC_GRANT_ADMIN) ? "admin" : "",
             (g & JT_DOC_GRANT_ADMIN) && (g & ~JT_DOC_GRANT_ADMIN & 6u) ? ", " : "",
             (g & JT_DOC_GRANT_CONTROLJOB) ? "CONTROLJOB" : "",
             (g & JT_DOC_GRANT_VIEWJOB) ? ((g & JT_DOC_GRANT_CONTROLJOB) ? ", VIEWJOB" : "VIEWJOB")
                                        : "");
}

/* The world's fixtures: the subject with its grants, alice an admin member when she owns the
   job, the job. */
static int apply_pworld(jt_doc_cx *c, const pworld *x) {
    char g[64], job[64];
    const char *owner = owner_name(c, x->owner);
    jt_doc_cx_user(c, c->subject, (x->grants & JT_DOC_GRANT_ADMIN) != 0,
                   ((x->grants & JT_DOC_GRANT_CONTROLJOB) ? JT_USER_CONTROLJOB : 0u) |
                       ((x->grants & JT_DOC_GRANT_VIEWJOB) ? JT_USER_VIEWJOB : 0u));
    if (x->owner == OWN_ADMIN)
        jt_doc_cx_user(c, "alice", 1, 0);
    jt_doc_cx_job(c, c->fresh[0], types[x->type], statuses[x->status], owner);
    grants_words(g, sizeof g, x->grants);
    snprintf(job, sizeof job, "%s, %s", types[x->type], statuses[x->status]);
    return jt_strbuf_addf(&c->desc, "when %s holds %s and job %lld (%s) is %s's%s", c->subject, g,
                          (long long)c->fresh[0], job, owner,
                          x->owner == OWN_ADMIN ? " (an admin member)" : "");
}

/* "`PAUSE JOB 1` run by maxroach succeeds (PAUSE JOBS 1)" */
static int ran(jt_doc_cx *c, const char *sql, const char *user, const jt_result *res) {
    if (res->failed)
        return jt_strbuf_addf(&c->why, "`%s` run by %s fails with \"%s\"", sql, user,
                              res->message ? res->message : "");
    return jt_strbuf_addf(&c->why, "`%s` run by %s succeeds (%s)", sql, user, res->tag);
}

/* sql, run by the subject, must be refused. */
static int refused(int *out, jt_doc_cx *c, const char *sql) {
    jt_result res;
    int rc = jt_doc_cx_run(c, c->subject, sql, &res);
    if (rc < 0)
        return rc;
    if (jt_doc_cx_unsupported(&res)) {
        *out = JT_DOC_LIMITED;
        rc = jt_strbuf_addf(&c->why, "the model cannot run `%s`", sql);
    } else if (!res.failed) {
        *out = JT_DOC_FAILS;
        rc = jt_doc_cx_step_fails(c, c->subject, sql);
        if (rc == JT_OK)
            rc = ran(c, sql, c->subject, &res);
    }
    jt_doc_cx_done(c, &res);
    return rc;
}

/* Each operation of the claim, by the subject, on the world's job (SHOW JOBS for a claim of
   SHOW JOBS), must be refused. */
static int all_refused(int *out, jt_doc_cx *c) {
    const jt_doc_claim *cl = c->claim;
    char sql[64];
    int op, rc = JT_OK;
    *out = JT_DOC_HOLDS;
    if (cl->ops & (1u << JT_DOC_OP_SHOW))
        rc = refused(out, c, "SHOW JOBS");
    for (op = 0; op < JT_DOC_OP_COUNT && *out == JT_DOC_HOLDS && rc == JT_OK; op++) {
        if (!(cl->ops & (1u << op)))
            continue;
        snprintf(sql, sizeof sql, "%s JOB %lld", op_words[op], (long long)c->fresh[0]);
        rc = refused(out, c, sql);
    }
    return rc;
}

/* ---- "the user must be a member of the admin role or must have CONTROLJOB" ----------------------
 */

#define NHOLDS 4 /* of holds[]: none, CONTROLJOB, VIEWJOB, admin */

static size_t priv_count(const jt_doc_cx *c) {
    (void)c;
    return NHOLDS * NOWNERS * NTYPES * 2;
}

static void priv_at(pworld *x, size_t i) {
    x->status = (int)(i % 2);
    i /= 2;
    x->type = (int)(i % NTYPES);
    i /= NTYPES;
    x->owner = (int)(i % NOWNERS);
    x->grants = holds[i / NOWNERS];
}

static int priv_world(jt_doc_cx *c, size_t i) {
    pworld x;
    priv_at(&x, i);
    return apply_pworld(c, &x);
}

/* What the subject holds in the world (JT_DOC_GRANT_…). */
static unsigned subject_grants(const jt_doc_cx *c) {
    unsigned g = 0;
    size_t i;
    for (i = c->nbase; i < c->nfx; i++)
        if (c->fx[i].kind == JT_FIXTURE_USER && strcmp(c->fx[i].name, c->subject) == 0)
            g = (c->fx[i].admin ? JT_DOC_GRANT_ADMIN : 0u) |
                ((c->fx[i].options & JT_USER_CONTROLJOB) ? JT_DOC_GRANT_CONTROLJOB : 0u) |
                ((c->fx[i].options & JT_USER_VIEWJOB) ? JT_DOC_GRANT_VIEWJOB : 0u);
    return g;
}

/* A user with none of what the claim names may not run the statement; a world where it holds
   one of them says nothing of the claim. */
static int priv_check(int *out, jt_doc_cx *c) {
    if (subject_grants(c) & c->claim->grants & ~JT_DOC_GRANT_CHANGEFEED) {
        *out = JT_DOC_VACUOUS;
        return JT_OK;
    }
    return all_refused(out, c);
}

/* ---- "Non-admin users cannot pause admin users' jobs" ------------------------------------------
 */

#define NNONADMIN 4 /* none, CONTROLJOB, VIEWJOB, both */

static size_t admin_count(const jt_doc_cx *c) {
    (void)c;
    return NNONADMIN * 2 * NTYPES * 2;
}

static int admin_world(jt_doc_cx *c, size_t i) {
    static const unsigned nonadmin[NNONADMIN] = {0, JT_DOC_GRANT_CONTROLJOB, JT_DOC_GRANT_VIEWJOB,
                                                 JT_DOC_GRANT_CONTROLJOB | JT_DOC_GRANT_VIEWJOB};
    pworld x;
    x.status = (int)(i % 2);
    i /= 2;
    x.type = (int)(i % NTYPES);
    i /= NTYPES;
    x.owner = i % 2 ? OWN_ADMIN : OWN_ROOT;
    x.grants = nonadmin[i / 2];
    return apply_pworld(c, &x);
}

/* ---- "The VIEWJOB privilege, which can view all jobs" ------------------------------------------
 */

static size_t view_count(const jt_doc_cx *c) {
    (void)c;
    return NOWNERS * NTYPES * 3;
}

static int view_world(jt_doc_cx *c, size_t i) {
    pworld x;
    x.status = (int)(i % 3);
    i /= 3;
    x.type = (int)(i % NTYPES);
    x.owner = (int)(i / NTYPES);
    x.grants = JT_DOC_GRANT_VIEWJOB;
    return apply_pworld(c, &x);
}

static int by_text(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return strcmp(x ? x : "", y ? y : "");
}

/* The ids SHOW JOBS lists to user, sorted as text, one a line, into sb. */
static int ids_seen(int *failed, jt_doc_cx *c, const char *user, jt_strbuf *sb) {
    jt_result res;
    size_t r;
    int rc = jt_doc_cx_run(c, user, "SELECT job_id FROM [SHOW JOBS]", &res);
    if (rc < 0)
        return rc;
    *failed = res.failed;
    if (!res.failed && res.ncols == 1 && res.nrows > 1)
        qsort(res.values, res.nrows, sizeof *res.values, by_text);
    for (r = 0; !res.failed && res.ncols == 1 && r < res.nrows && rc == JT_OK; r++)
        rc = jt_strbuf_addf(sb, "%s\n", res.values[r] ? res.values[r] : "NULL");
    jt_doc_cx_done(c, &res);
    return rc;
}

/* The holder sees every job an admin sees. */
static int view_check(int *out, jt_doc_cx *c) {
    static const char sql[] = "SELECT job_id FROM [SHOW JOBS]";
    jt_strbuf admin, holder, claim;
    int afailed = 0, hfailed = 0, rc;
    jt_strbuf_init(&admin, JT_LIMIT_MESSAGE);
    jt_strbuf_init(&holder, JT_LIMIT_MESSAGE);
    jt_strbuf_init(&claim, JT_LIMIT_MESSAGE);
    *out = JT_DOC_HOLDS;
    rc = ids_seen(&afailed, c, "root", &admin);
    if (rc == JT_OK)
        rc = ids_seen(&hfailed, c, c->subject, &holder);
    if (rc == JT_OK && !afailed &&
        (hfailed || strcmp(jt_doc_sb(&admin), jt_doc_sb(&holder)) != 0)) {
        *out = JT_DOC_FAILS;
        rc = jt_strbuf_addf(&claim, "query I rowsort\n%s\n----\n%s", sql, jt_doc_sb(&admin));
        if (rc == JT_OK)
            rc = jt_doc_cx_step(c, c->subject, sql, jt_doc_sb(&claim), 0);
        if (rc == JT_OK)
            rc = jt_strbuf_addf(&c->why, "SHOW JOBS run by %s %s", c->subject,
                                hfailed ? "fails" : "does not list every job root sees");
    }
    jt_strbuf_dispose(&admin);
    jt_strbuf_dispose(&holder);
    jt_strbuf_dispose(&claim);
    return rc;
}

const jt_doc_kind jt_doc_kinds_privileges[] = {
    {JT_DOC_CLAIM_PRIVILEGES, "PJ-PRIV PV-CONTROLJOB PV-OWNER", priv_count, priv_world, priv_check,
     NULL, 1, NULL},
    {JT_DOC_CLAIM_ADMIN_JOBS, "PV-CONTROLJOB", admin_count, admin_world, all_refused, NULL, 1,
     NULL},
    {JT_DOC_CLAIM_SEES_ALL, "PV-VIEWJOB", view_count, view_world, view_check, NULL, 1, NULL},
    {0, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
