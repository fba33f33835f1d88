/* jobtck doc, the claims about how jobs change and how SHOW JOBS shows them: what a status
   moves to as time passes ("The status will move to `paused` when the node running the job
   registers the request"), how long finished jobs stay listed ("completed jobs within the last
   12 hours"), and how long a description may be ("limited to 100 characters"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_claims.h"

static const char *const types[] = {"IMPORT", "BACKUP", "CHANGEFEED", "SCHEMA CHANGE"};

#define NTYPES 4

/* A query whose claimed rows are rows. */
static int step_query(jt_doc_cx *c, const char *types_s, const char *sql, const char *rows,
                      int retry) {
    size_t n = strlen(sql) + strlen(rows) + 64;
    char *claim = jt_malloc(n);
    int rc;
    if (!claim)
        return JT_ENOMEM;
    snprintf(claim, n, "query %s%s\n%s\n----\n%s", types_s, retry ? " retry" : "", sql, rows);
    rc = jt_doc_cx_step(c, "root", sql, claim, 0);
    free(claim);
    return rc;
}

/* The first value of the first row sql gives as root, into buf ("" and *rows 0 when none). */
static int first_value(jt_doc_cx *c, const char *sql, char *buf, size_t size, size_t *rows) {
    jt_result res;
    int rc = jt_doc_cx_run(c, "root", sql, &res);
    if (rc < 0)
        return rc;
    buf[0] = '\0';
    *rows = res.failed ? 0 : res.nrows;
    if (!res.failed && res.nrows > 0 && res.ncols > 0)
        snprintf(buf, size, "%s", res.values[0] ? res.values[0] : "NULL");
    jt_doc_cx_done(c, &res);
    return JT_OK;
}

/* ---- what a status moves to
 * ---------------------------------------------------------------------- */

/* How the job gets into the status the claim starts from: made in it, or running and then
   paused or canceled. */
enum { WAY_FIXTURE, WAY_PAUSE, WAY_CANCEL, NWAYS };

static size_t moves_count(const jt_doc_cx *c) {
    return c->claim->nnames == 2 ? NTYPES * NWAYS : 0;
}

static int moves_world(jt_doc_cx *c, size_t i) {
    const char *from = c->claim->names[0];
    int way = (int)(i % NWAYS);
    const char *type = types[i / NWAYS];
    jt_doc_cx_job(c, c->fresh[0], type, way == WAY_FIXTURE ? from : "running", NULL);
    c->mark = way;
    if (way == WAY_FIXTURE)
        return jt_strbuf_addf(&c->desc, "when job %lld (%s) is %s", (long long)c->fresh[0], type,
                              from);
    return jt_strbuf_addf(&c->desc, "when job %lld (%s, running) is %s", (long long)c->fresh[0],
                          type, way == WAY_PAUSE ? "paused" : "canceled");
}

/* The job in the claim's first status (the way of the world there), then, once it moved on as
   far as it can, in its second. */
static int moves_check(int *out, jt_doc_cx *c) {
    const char *from = c->claim->names[0], *to = c->claim->names[1];
    char sql[96], qsql[128], st[64], rows[80];
    size_t n;
    int rc;
    *out = JT_DOC_VACUOUS;
    snprintf(qsql, sizeof qsql, "SELECT status FROM crdb_internal.jobs WHERE job_id = %lld",
             (long long)c->fresh[0]);
    sql[0] = '\0';
    if (c->mark != WAY_FIXTURE) {
        jt_result res;
        snprintf(sql, sizeof sql, "%s JOB %lld", c->mark == WAY_PAUSE ? "PAUSE" : "CANCEL",
                 (long long)c->fresh[0]);
        rc = jt_doc_cx_run(c, "root", sql, &res);
        if (rc < 0)
            return rc;
        jt_doc_cx_done(c, &res);
        rc = first_value(c, qsql, st, sizeof st, &n);
        if (rc < 0 || strcmp(st, from) != 0)
            return rc; /* that way does not lead there */
    }
    rc = jt_doc_cx_settle(c, NULL);
    if (rc == JT_OK)
        rc = first_value(c, qsql, st, sizeof st, &n);
    if (rc < 0)
        return rc;
    *out = strcmp(st, to) == 0 ? JT_DOC_HOLDS : JT_DOC_FAILS;
    if (*out == JT_DOC_HOLDS)
        return JT_OK;
    snprintf(rows, sizeof rows, "%s\n", to);
    rc = sql[0] ? jt_doc_cx_step(c, "root", sql, NULL, 0) : JT_OK;
    if (rc == JT_OK)
        rc = step_query(c, "T", qsql, rows, 1);
    if (rc == JT_OK)
        rc = jt_strbuf_addf(&c->why, "once nothing moves any more the job is %s, not %s",
                            st[0] ? st : "gone", to);
    return rc;
}

/* ---- how long finished jobs stay listed
 * ---------------------------------------------------------- */

static const char *const ret_statuses[] = {"succeeded", "failed", "canceled", "running"};

#define NAGES 6

/* The ages tried around the claim's hours (seconds). */
static int64_t age_at(const jt_doc_cx *c, size_t k) {
    int64_t h = c->claim->number * 3600;
    const int64_t ages[NAGES] = {0, h - 3600, h - 60, h + 60, h + 3600, 14 * 86400};
    return ages[k] < 0 ? 0 : ages[k];
}

static size_t ret_count(const jt_doc_cx *c) {
    return c->claim->number > 0 ? 4 * NAGES : 0;
}

static int ret_world(jt_doc_cx *c, size_t i) {
    jt_fixture f;
    int64_t age = age_at(c, i % NAGES);
    memset(&f, 0, sizeof f);
    f.kind = JT_FIXTURE_JOB;
    f.id = c->fresh[0];
    f.type = "BACKUP";
    f.status = ret_statuses[i / NAGES];
    f.age_s = age;
    jt_doc_cx_fixture(c, &f);
    return jt_strbuf_addf(&c->desc, "when job %lld (BACKUP) has been %s for %lldh%02lldm",
                          (long long)f.id, f.status, (long long)(age / 3600),
                          (long long)(age % 3600 / 60));
}

/* A finished job is listed while it finished less than the claim's hours ago; a running one
   always. */
static int ret_check(int *out, jt_doc_cx *c) {
    const jt_fixture *f = &c->fx[c->nfx - 1];
    int want = strcmp(f->status, "running") == 0 || f->age_s < c->claim->number * 3600, rc;
    char sql[96], got[32], rows[40];
    size_t n;
    snprintf(sql, sizeof sql, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = %lld",
             (long long)f->id);
    rc = first_value(c, sql, got, sizeof got, &n);
    if (rc < 0)
        return rc;
    *out = (n > 0) == want ? JT_DOC_HOLDS : JT_DOC_FAILS;
    if (*out == JT_DOC_HOLDS)
        return JT_OK;
    rows[0] = '\0';
    if (want)
        snprintf(rows, sizeof rows, "%lld\n", (long long)f->id);
    rc = step_query(c, "I", sql, rows, 0);
    if (rc == JT_OK)
        rc = jt_strbuf_addf(&c->why, "SHOW JOBS %s it", n ? "lists" : "does not list");
    return rc;
}

/* ---- how long a description may be ------------------------------------------------------------
 */

#define NLENGTHS 9

/* The description lengths tried (0: none at this place). */
static size_t length_at(const jt_doc_cx *c, size_t k) {
    int64_t n = c->claim->number;
    const int64_t v[NLENGTHS] = {n / 2, 60, 69, 70, 71, n - 1, n, n + 1, 2 * n};
    size_t i;
    if (v[k] < 40 || v[k] >= JT_DOC_TEXT)
        return 0;
    for (i = 0; i < k; i++)
        if (v[i] == v[k])
            return 0;
    return (size_t)v[k];
}

static size_t desc_count(const jt_doc_cx *c) {
    return c->claim->number > 0 ? NLENGTHS : 0;
}

static int desc_world(jt_doc_cx *c, size_t i) {
    static const char head[] = "IMPORT INTO t CSV DATA ('s3://bucket/", tail[] = "')";
    size_t len = length_at(c, i), k;
    char *d = c->text[0];
    if (!len)
        return JT_OK; /* a length tried already: the world says nothing new */
    memcpy(d, head, sizeof head - 1);
    for (k = sizeof head - 1; k < len - (sizeof tail - 1); k++)
        d[k] = (char)('a' + k % 26);
    memcpy(d + k, tail, sizeof tail);
    jt_doc_cx_job(c, c->fresh[0], "IMPORT", "running", NULL);
    c->fx[c->nfx - 1].description = d;
    return jt_strbuf_addf(&c->desc, "when job %lld's description is %zu characters long",
                          (long long)c->fresh[0], len);
}

/* Characters in UTF-8 text. */
static size_t chars(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* SHOW JOBS shows the description whole when it is no longer than the claim's limit, and no
   more than the limit of it otherwise. */
static int desc_check(int *out, jt_doc_cx *c) {
    const char *full = c->nfx > c->nbase ? c->fx[c->nfx - 1].description : NULL;
    int64_t limit = c->claim->number;
    char sql[96], got[JT_DOC_TEXT * 2], rows[JT_DOC_TEXT + 2];
    size_t n, len;
    int rc;
    *out = JT_DOC_VACUOUS;
    if (!full)
        return JT_OK;
    len = strlen(full);
    snprintf(sql, sizeof sql, "SELECT description FROM [SHOW JOBS] WHERE job_id = %lld",
             (long long)c->fresh[0]);
    rc = first_value(c, sql, got, sizeof got, &n);
    if (rc < 0 || !n)
        return rc;
    *out = (int64_t)chars(got) <= limit && ((int64_t)len > limit || strcmp(got, full) == 0)
               ? JT_DOC_HOLDS
               : JT_DOC_FAILS;
    if (*out == JT_DOC_HOLDS)
        return JT_OK;
    snprintf(rows, sizeof rows, "%.*s\n", (int)((int64_t)len > limit ? limit : (int64_t)len), full);
    rc = step_query(c, "T", sql, rows, 0);
    if (rc == JT_OK)
        rc = jt_strbuf_addf(&c->why, "SHOW JOBS shows it as \"%s\" (%zu characters)", got,
                            chars(got));
    return rc;
}

const jt_doc_kind jt_doc_kinds_moves[] = {
    {JT_DOC_CLAIM_MOVES, "PV-TWO-PHASE", moves_count, moves_world, moves_check, NULL, 1, NULL},
    {JT_DOC_CLAIM_RETENTION, "PV-SHOW-V19", ret_count, ret_world, ret_check, NULL, 1, NULL},
    {JT_DOC_CLAIM_DESCRIPTION, "PJ-SHOW", desc_count, desc_world, desc_check, NULL, 1, NULL},
    {0, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};
