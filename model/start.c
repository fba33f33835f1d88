/*
 * How a scenario starts (model/internal/stmt.h), after jt_model_new and jt_model_reset:
 * - the kit's start (JT_START_KIT): users root and testuser, no jobs, and the databases a
 *   CockroachDB cluster has, defaultdb and postgres (v2.1 on), and test, which CockroachDB's
 *   logic-test harness creates and USEs (pkg/sql/logictest/logic.go: "CREATE DATABASE test;
 *   USE test;"); sessions start in test;
 * - a CockroachDB logic-test cluster's (JT_START_LOGICTEST, jt_model_start): also the jobs the
 *   harness's "CREATE USER testuser" made in that release (its role tables' version bumps, by
 *   root), the automatic jobs of the release, owned by node (AUTO SPAN CONFIG RECONCILIATION,
 *   "reconciling span configurations", running; its `jobs` logic test) or root (POLL JOBS
 *   STATS, described by its type: pkg/upgrade's createJobsMetricsPollingJob), and the user
 *   node (an admin member, as CockroachDB's node user is).
 */
#include <string.h>

#include "model/internal/stmt.h"

static int databases(jt_model *m) {
    static const char *const names[] = {"defaultdb", "postgres", "test"};
    const jt_era *era = m->era;
    size_t k;
    int d;
    if (!jt_catalog_of(m))
        return JT_ENOMEM;
    m->catalog->next_id = era->first_id;
    for (k = 0; k < sizeof names / sizeof names[0]; k++)
        if (jt_catalog_db_add(m, names[k], era->ids_per_db, &d))
            return JT_ENOMEM;
    return JT_OK;
}

/* The jobs and user of a logic-test cluster. */
static int logictest(jt_model *m) {
    const jt_era *era = m->era;
    int u, rc;
    int32_t now = jt_store_next_time(m);
    if ((rc = jt_store_user_add(m, "node", 1, &u)) != JT_OK)
        return rc;
    if ((rc = jt_newjob_bumps(m, era->create_bumps, "root", now)) != JT_OK)
        return rc;
    if (era->auto_span_config &&
        (rc = jt_newjob(m, "AUTO SPAN CONFIG RECONCILIATION", JT_ST_RUNNING, "node",
                        "reconciling span configurations", now, NULL)) < 0)
        return rc;
    if (era->poll_jobs_stats && (rc = jt_newjob(m, "POLL JOBS STATS", JT_ST_RUNNING, "root",
                                                "POLL JOBS STATS", now, NULL)) < 0)
        return rc;
    return JT_OK;
}

int jt_start(jt_model *m) {
    int rc;
    if (m->catalog && m->catalog->started)
        return JT_OK;
    rc = databases(m);
    if (rc == JT_OK && m->catalog->start == JT_START_LOGICTEST)
        rc = logictest(m);
    if (rc == JT_OK)
        m->catalog->started = 1;
    return rc;
}

int jt_model_start(jt_model *m, const char *kind) {
    struct jt_catalog *c = jt_catalog_of(m);
    if (!c)
        return JT_ENOMEM;
    if (strcmp(kind, "kit") == 0)
        c->start = JT_START_KIT;
    else if (strcmp(kind, "logictest") == 0)
        c->start = JT_START_LOGICTEST;
    else
        return JT_EINVAL;
    jt_model_reset(m);
    return JT_OK;
}
