/* jobtck doc, the claims about jobs and what SHOW JOBS shows of them: which job types an
   operation takes and which cannot be canceled, the fields SHOW JOBS returns, the values of
   `status` and `job_type`, what a status moves to, how long finished jobs stay listed, and how
   long a description may be; each checked in worlds of one job (of every type, status, age or
   description length the claim speaks of), made from nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/profile.h"
#include "sim/doc/doc_claims.h"

static const char *const op_words[JT_DOC_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
static const char *const op_from[JT_DOC_OP_COUNT] = {"running", "paused", "running"};
static const char *const op_target[JT_DOC_OP_COUNT] = {"paused", "running", "canceled"};

/* ---- helpers ----------------------------------------------------------------------------------
 */

static int listed(const jt_doc_claim *cl, const char *v) {
    size_t i;
    for (i = 0; i < cl->nnames; i++)
        if (strcmp(cl->names[i], v) == 0)
            return 1;
    return 0;
}

static size_t add_unique(const char **out, size_t n, size_t max, const char *v) {
    size_t i;
    if (!v)
        return n;
    for (i = 0; i < n; i++)
        if (strcmp(out[i], v) == 0)
            return n;
    if (n < max)
        out[n++] = v;
    return n;
}

size_t jt_doc_known_types(const char **out, size_t max) {
    size_t n = 0, p, t;
    for (p = 0; jt_profiles[p]; p++)
        for (t = 0; t < JT_TY_COUNT; t++)
            n = add_unique(out, n, max, jt_profiles[p]->type_names[t]);
    return n;
}

size_t jt_doc_known_statuses(const char **out, size_t max) {
    size_t n = 0, p, t;
    for (p = 0; jt_profiles[p]; p++)
        for (t = 0; t < JT_ST_COUNT; t++)
            n = add_unique(out, n, max, jt_profiles[p]->status_names[t]);
    return n;
}

/* A query of one value whose claimed rows are rows ("" for none). */
static int step_query(jt_doc_cx *c, const char *user, const char *sql, const char *rows,
                      int retry) {
    size_t n = strlen(sql) + strlen(rows) + 48;
    char *claim = jt_malloc(n);
    int rc;
    if (!claim)
        return JT_ENOMEM;
    snprintf(claim, n, "query T%s\n%s\n----\n%s", retry ? " retry" : "", sql, rows);
    rc = jt_doc_cx_step(c, user, sql, claim, 0);
    free(claim);
    return rc;
}

/* The one value sql gives (NULL and *rows 0 when it gives no row), copied into buf. */
static int one_value(jt_doc_cx *c, const char *sql, char *buf, size_t size, size_t *rows,
                     int *failed) {
    jt_result res;
    int rc = jt_doc_cx_run(c, "root", sql, &res);
    if (rc < 0)
        return rc;
    *failed = res.failed;
    *rows = res.failed ? 0 : res.nrows;
    buf[0] = '\0';
    if (!res.failed && res.nrows > 0 && res.ncols > 0)
        snprintf(buf, size, "%s", res.values[0] ? res.values[0] : "NULL");
    jt_doc_cx_done(c, &res);
    return JT_OK;
}

/* The status of job id, as root reads it from crdb_internal.jobs (automatic jobs too). */
static int status_of(jt_doc_cx *c, int64_t id, char *sql, size_t sqlsize, char *buf, size_t size) {
    size_t rows;
    int failed;
    snprintf(sql, sqlsize, "SELECT status FROM crdb_internal.jobs WHERE job_id = %lld",
             (long long)id);
    return one_value(c, sql, buf, size, &rows, &failed);
}

static size_t no_worlds(const jt_doc_cx *c) {
    return c->claim->nnames;
}

/* ---- the job types an operation takes ------------------------------------------------------- */

static int types_world(jt_doc_cx *c, size_t i) {
    const jt_doc_claim *cl = c->claim;
    jt_doc_cx_job(c, c->fresh[0], cl->names[i], op_from[cl->op], NULL);
    return jt_strbuf_addf(&c->desc, "when job %lld is a %s job, %s", (long long)c->fresh[0],
                          cl->names[i], op_from[cl->op]);
}

/* The operation, run by root, works on the job, and once it moved on the job is in the
   operation's status. */
static int types_check(int *out, jt_doc_cx *c) {
    const jt_doc_claim *cl = c->claim;
    char sql[96], qsql[128], st[64];
    jt_result res;
    int rc;
    snprintf(sql, sizeof sql, "%s JOB %lld", op_words[cl->op], (long long)c->fresh[0]);
    *out = JT_DOC_HOLDS;
    rc = jt_doc_cx_run(c, "root", sql, &res);
    if (rc < 0)
        return rc;
    if (res.failed) {
        *out = JT_DOC_FAILS;
        rc = jt_doc_cx_step_works(c, "root", sql);
        if (rc == JT_OK)
            rc = jt_strbuf_addf(&c->why, "`%s` fails with \"%s\"", sql,
                                res.message ? res.message : "");
        jt_doc_cx_done(c, &res);
        return rc;
    }
    jt_doc_cx_done(c, &res);
    rc = jt_doc_cx_settle(c, NULL);
    if (rc == JT_OK)
        rc = status_of(c, c->fresh[0], qsql, sizeof qsql, st, sizeof st);
    if (rc == JT_OK && strcmp(st, op_target[cl->op]) != 0) {
        char rows[80];
        *out = JT_DOC_FAILS;
        snprintf(rows, sizeof rows, "%s\n", op_target[cl->op]);
        rc = jt_doc_cx_step(c, "root", sql, NULL, 1);
        if (rc == JT_OK)
            rc = step_query(c, "root", qsql, rows, 1);
        if (rc == JT_OK)
            rc =
                jt_strbuf_addf(&c->why, "`%s` works but the job ends %s", sql, st[0] ? st : "gone");
    }
    return rc;
}

/* ---- jobs that cannot be canceled ---------------------------------------------------------------
 */

static const char *const cancel_from[] = {"running", "paused", "pending"};

static size_t noncancel_count(const jt_doc_cx *c) {
    return c->claim->nnames * 3;
}

static int noncancel_world(jt_doc_cx *c, size_t i) {
    const char *type = c->claim->names[i / 3], *status = cancel_from[i % 3];
    jt_doc_cx_job(c, c->fresh[0], type, status, NULL);
    return jt_strbuf_addf(&c->desc, "when job %lld is a %s job, %s", (long long)c->fresh[0], type,
                          status);
}

static int noncancel_check(int *out, jt_doc_cx *c) {
    char sql[64];
    jt_result res;
    int rc;
    snprintf(sql, sizeof sql, "CANCEL JOB %lld", (long long)c->fresh[0]);
    *out = JT_DOC_HOLDS;
    rc = jt_doc_cx_run(c, "root", sql, &res);
    if (rc < 0)
        return rc;
    if (!res.failed) {
        *out = JT_DOC_FAILS;
        rc = jt_doc_cx_step_fails(c, "root", sql);
        if (rc == JT_OK)
            rc = jt_strbuf_addf(&c->why, "`%s` run by root succeeds (%s)", sql, res.tag);
    }
    jt_doc_cx_done(c, &res);
    return rc;
}

/* ---- the fields SHOW JOBS returns ---------------------------------------------------------------
 */

static size_t one_world(const jt_doc_cx *c) {
    (void)c;
    return 1;
}

static int empty_world(jt_doc_cx *c, size_t i) {
    (void)i;
    return jt_strbuf_adds(&c->desc, "when there is no job");
}

/* "a, b" of the names of one list that the other lacks. */
static int missing(jt_strbuf *sb, char *const *a, size_t na, char *const *b, size_t nb) {
    size_t i, k;
    int rc = JT_OK, n = 0;
    for (i = 0; i < na && rc == JT_OK; i++) {
        for (k = 0; k < nb && strcmp(a[i], b[k]) != 0; k++)
            ;
        if (k == nb)
            rc = jt_strbuf_addf(sb, "%s%s", n++ ? ", " : "", a[i]);
    }
    if (rc == JT_OK && !n)
        rc = jt_strbuf_adds(sb, "none");
    return rc;
}

/* The claim: SHOW JOBS's column names are the fields listed, in their order. */
static int fields_step(jt_doc_cx *c) {
    const jt_doc_claim *cl = c->claim;
    jt_strbuf q;
    size_t i;
    int rc;
    jt_strbuf_init(&q, JT_LIMIT_MESSAGE);
    rc = jt_strbuf_adds(&q, "query ");
    for (i = 0; i < cl->nnames && rc == JT_OK; i++)
        rc = jt_strbuf_adds(&q, "T");
    if (rc == JT_OK)
        rc = jt_strbuf_adds(&q, " colnames\nSHOW JOBS\n----\n");
    for (i = 0; i < cl->nnames && rc == JT_OK; i++)
        rc = jt_strbuf_addf(&q, "%s%s", i ? " " : "", cl->names[i]);
    if (rc == JT_OK)
        rc = jt_strbuf_adds(&q, "\n");
    if (rc == JT_OK)
        rc = jt_doc_cx_step(c, "root", "SHOW JOBS", jt_doc_sb(&q), 0);
    jt_strbuf_dispose(&q);
    return rc;
}

static int fields_check(int *out, jt_doc_cx *c) {
    const jt_doc_claim *cl = c->claim;
    jt_result res;
    size_t i;
    int rc = jt_doc_cx_run(c, "root", "SHOW JOBS", &res), same;
    if (rc < 0)
        return rc;
    *out = JT_DOC_HOLDS;
    same = !res.failed && res.ncols == cl->nnames;
    for (i = 0; same && i < res.ncols; i++)
        same = strcmp(res.columns[i], cl->names[i]) == 0;
    if (res.failed) {
        *out = JT_DOC_LIMITED;
        rc = jt_strbuf_addf(&c->why, "SHOW JOBS fails: %s", res.message ? res.message : "");
    } else if (!same) {
        *out = JT_DOC_FAILS;
        rc = jt_strbuf_adds(&c->why, "fields listed that SHOW JOBS does not return: ");
        if (rc == JT_OK)
            rc = missing(&c->why, cl->names, cl->nnames, res.columns, res.ncols);
        if (rc == JT_OK)
            rc = jt_strbuf_adds(&c->why, "; fields it returns that are not listed: ");
        if (rc == JT_OK)
            rc = missing(&c->why, res.columns, res.ncols, cl->names, cl->nnames);
        if (rc == JT_OK && res.ncols == cl->nnames)
            rc = jt_strbuf_adds(&c->why, " (the same fields in another order)");
        if (rc == JT_OK)
            rc = fields_step(c);
    }
    jt_doc_cx_done(c, &res);
    return rc;
}

/* ---- the values of status and job_type
 * ------------------------------------------------------------ */

#define MAX_VALUES 96

/* The values tried: those the kit knows, then those listed that it does not. */
static size_t values(const jt_doc_cx *c, const char **out) {
    const jt_doc_claim *cl = c->claim;
    size_t n, i;
    n = cl->kind == JT_DOC_CLAIM_STATUSES ? jt_doc_known_statuses(out, MAX_VALUES)
                                          : jt_doc_known_types(out, MAX_VALUES);
    for (i = 0; i < cl->nnames; i++)
        n = add_unique(out, n, MAX_VALUES, cl->names[i]);
    return n;
}

static size_t values_count(const jt_doc_cx *c) {
    const char *v[MAX_VALUES];
    return values(c, v);
}

static int values_world(jt_doc_cx *c, size_t i) {
    const char *v[MAX_VALUES];
    int statuses = c->claim->kind == JT_DOC_CLAIM_STATUSES;
    values(c, v);
    jt_doc_cx_job(c, c->fresh[0], statuses ? "IMPORT" : v[i], statuses ? v[i] : "running", NULL);
    return jt_strbuf_addf(&c->desc, "when job %lld is %s %s", (long long)c->fresh[0],
                          statuses ? "in status" : "of type", v[i]);
}

/* The value of the world's job (its status or type). */
static const char *world_value(const jt_doc_cx *c) {
    const jt_fixture *f = &c->fx[c->nfx - 1];
    return c->claim->kind == JT_DOC_CLAIM_STATUSES ? f->status : f->type;
}

/* The failing world's value for the finding: "X" when SHOW JOBS lists a job of a value the page
   does not, "X (listed, not shown)" when the page lists a value SHOW JOBS does not show. */
static void failed_value(char *buf, size_t size, const jt_doc_cx *c) {
    const char *v = world_value(c);
    snprintf(buf, size, "%s%s", v, listed(c->claim, v) ? " (listed, not shown)" : "");
}

/* The claim "SHOW JOBS lists no job whose value is not listed". */
static int not_in_step(jt_doc_cx *c) {
    const jt_doc_claim *cl = c->claim;
    jt_strbuf q;
    size_t i;
    int rc;
    jt_strbuf_init(&q, JT_LIMIT_MESSAGE);
    rc = jt_strbuf_addf(&q, "SELECT job_id FROM [SHOW JOBS] WHERE %s NOT IN (",
                        cl->kind == JT_DOC_CLAIM_STATUSES ? "status" : "job_type");
    for (i = 0; i < cl->nnames && rc == JT_OK; i++)
        rc = jt_strbuf_addf(&q, "%s'%s'", i ? ", " : "", cl->names[i]);
    if (rc == JT_OK)
        rc = jt_strbuf_adds(&q, ")");
    if (rc == JT_OK)
        rc = step_query(c, "root", jt_doc_sb(&q), "", 0);
    jt_strbuf_dispose(&q);
    return rc;
}

static int values_check(int *out, jt_doc_cx *c) {
    const char *v = world_value(c),
               *col = c->claim->kind == JT_DOC_CLAIM_STATUSES ? "status" : "job_type";
    char sql[128], got[128], rows[160];
    size_t n;
    int failed, rc, in = listed(c->claim, v);
    snprintf(sql, sizeof sql, "SELECT %s FROM [SHOW JOBS] WHERE job_id = %lld", col,
             (long long)c->fresh[0]);
    rc = one_value(c, sql, got, sizeof got, &n, &failed);
    if (rc < 0)
        return rc;
    *out = in == (n > 0) ? (in ? JT_DOC_HOLDS : JT_DOC_VACUOUS) : JT_DOC_FAILS;
    if (*out != JT_DOC_FAILS)
        return JT_OK;
    if (!in) {
        rc = jt_strbuf_addf(&c->why, "SHOW JOBS lists the job, whose %s %s is not listed", col, v);
        return rc == JT_OK ? not_in_step(c) : rc;
    }
    snprintf(rows, sizeof rows, "%s\n", v);
    rc = jt_strbuf_addf(&c->why, "SHOW JOBS does not list it, though %s is listed", v);
    return rc == JT_OK ? step_query(c, "root", sql, rows, 0) : rc;
}

/* A value listed that the release does not have is a defect of the page when another release
   has it (the kit knows it), else something the kit cannot check. */
static int values_refused(int *out, jt_doc_cx *c) {
    const char *known[MAX_VALUES], *v = world_value(c);
    size_t n = c->claim->kind == JT_DOC_CLAIM_STATUSES ? jt_doc_known_statuses(known, MAX_VALUES)
                                                       : jt_doc_known_types(known, MAX_VALUES);
    *out = JT_DOC_VACUOUS;
    if (!listed(c->claim, v))
        return JT_OK;
    if (add_unique(known, n, MAX_VALUES, v) > n) {
        *out = JT_DOC_LIMITED; /* no profile of the kit has it */
        return JT_OK;
    }
    *out = JT_DOC_FAILS;
    return jt_strbuf_addf(&c->why, "the page lists %s, which %s does not have: %s", v, c->profile,
                          c->refused);
}

const jt_doc_kind jt_doc_kinds_fields[] = {
    {JT_DOC_CLAIM_TYPES, "PJ-TYPES", no_worlds, types_world, types_check, NULL, 1, NULL},
    {JT_DOC_CLAIM_NOT_CANCELABLE, "PJ-TYPES PV-STATES-V20", noncancel_count, noncancel_world,
     noncancel_check, NULL, 1, NULL},
    {JT_DOC_CLAIM_FIELDS, "PJ-SHOW PV-SHOW-V19", one_world, empty_world, fields_check, NULL, 1,
     NULL},
    {JT_DOC_CLAIM_STATUSES, "PJ-STATES PV-STATES-V20", values_count, values_world, values_check,
     values_refused, 1, failed_value},
    {JT_DOC_CLAIM_JOB_TYPES, "PJ-TYPES", values_count, values_world, values_check, values_refused,
     1, failed_value},
    {0, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
