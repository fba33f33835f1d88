/* A job a statement makes (model/internal/stmt.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/stmt.h"

/* The id of a new job: one more than the largest, and at least 10^18 as CockroachDB's are
   (unique_rowid, a time and a node), so that PAUSE JOB 1 of a logic test finds no job. */
static int64_t next_id(const jt_model *m) {
    int64_t max = jt_store_max_id(m);
    if (max < 1000000000000000000)
        max = 1000000000000000000;
    return max < INT64_MAX ? max + 1 : max;
}

int jt_newjob(jt_model *m, const char *type, int status, const char *owner, const char *description,
              int32_t now, int64_t *id) {
    int ty = jt_profile_type(m->profile, type), rc, u;
    jt_job *j;
    if (ty < 0 || !m->profile->status_names[status])
        return 1;
    rc = jt_store_user_add(m, owner, -1, &u);
    if (rc)
        return rc;
    if ((rc = jt_store_job_add(m, next_id(m), &j)) != JT_OK)
        return rc;
    if (jt_store_job_set_str(j, JT_JOB_DESCRIPTION, description))
        return JT_ENOMEM; /* not committed: the table is as it was */
    j->type = (uint8_t)ty;
    j->user = (uint32_t)u;
    j->created = now;
    j->started = j->finished = JT_TS_NULL;
    jt_store_set_status(j, m->profile, status, now);
    jt_store_job_commit(m);
    if (id)
        *id = m->jobs[m->njobs - 1].id;
    if (m->clock < now)
        m->clock = now;
    return JT_OK;
}

int jt_newjob_bumps(jt_model *m, unsigned bumps, const char *owner, int32_t now) {
    static const struct {
        unsigned bit;
        const char *table;
    } tables[] = {{JT_BUMP_USERS, "users"},
                  {JT_BUMP_OPTIONS, "role options"},
                  {JT_BUMP_MEMBERSHIP, "role membership"}};
    size_t k;
    for (k = 0; k < sizeof tables / sizeof tables[0]; k++) {
        char desc[64];
        int rc;
        if (!(bumps & tables[k].bit))
            continue;
        snprintf(desc, sizeof desc, "updating version for %s table", tables[k].table);
        rc = jt_newjob(m, "SCHEMA CHANGE", JT_ST_SUCCEEDED, owner, desc, now, NULL);
        if (rc < 0)
            return rc;
        if (rc == JT_OK && jt_catalog_of(m))
            m->catalog->schema_change_successful++;
    }
    return JT_OK;
}
