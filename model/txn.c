/*
 * A batch's rollback (model/internal/catalog.h): a batch of statements ("a; b; c") runs as one
 * implicit transaction, as CockroachDB runs a multi-statement query string; when one fails,
 * the jobs, users, catalog and clock go back to what they were. A copy is made before a batch
 * of several statements only.
 */
#include <stdlib.h>
#include <string.h>

#include "model/internal/catalog.h"

struct jt_saved {
    jt_job *jobs;
    size_t njobs;
    jt_user *users;
    size_t nusers, nmemberships;
    struct jt_catalog catalog;
    int32_t clock;
};

static void *dup_mem(const void *p, size_t n, int *failed) {
    void *d;
    if (!p || !n)
        return NULL;
    if (!(d = jt_malloc(n)))
        *failed = 1;
    else
        memcpy(d, p, n);
    return d;
}

static void jobs_free(jt_job *jobs, size_t n) {
    size_t i;
    for (i = 0; jobs && i < n; i++)
        jt_job_extra_free(jobs[i].extra);
    free(jobs);
}

static jt_job *jobs_copy(const jt_job *from, size_t n, int *failed) {
    jt_job *jobs = jt_calloc(n + 1, sizeof *jobs);
    size_t i;
    if (!jobs) {
        *failed = 1;
        return NULL;
    }
    for (i = 0; i < n; i++) {
        jobs[i] = from[i];
        jobs[i].extra = jt_job_extra_copy(from[i].extra, failed);
    }
    return jobs;
}

static void users_free(jt_user *users, size_t n) {
    size_t i;
    for (i = 0; users && i < n; i++) {
        free(users[i].name);
        free(users[i].roles);
        free(users[i].closure);
    }
    free(users);
}

static jt_user *users_copy(const jt_user *from, size_t n, int *failed) {
    jt_user *users = jt_calloc(n + 1, sizeof *users);
    size_t i;
    if (!users) {
        *failed = 1;
        return NULL;
    }
    for (i = 0; i < n; i++) {
        users[i] = from[i];
        users[i].name = jt_dup_or_null(from[i].name, failed);
        users[i].roles = dup_mem(from[i].roles, from[i].nroles * sizeof *from[i].roles, failed);
        users[i].closure =
            dup_mem(from[i].closure, from[i].nclosure * sizeof *from[i].closure, failed);
    }
    return users;
}

/* The catalog's databases, tables and indexes, copied into to (settings and counters too;
   not the outside list, which a batch does not change). */
static void catalog_copy(struct jt_catalog *to, const struct jt_catalog *from, int *failed) {
    size_t i, k;
    *to = *from;
    to->outside = NULL;
    to->noutside = to->outside_cap = 0;
    to->dbs = jt_calloc(from->ndbs + 1, sizeof *to->dbs);
    to->tables = jt_calloc(from->ntables + 1, sizeof *to->tables);
    to->indexes = jt_calloc(from->nindexes + 1, sizeof *to->indexes);
    to->settings = jt_calloc(from->nsettings + 1, sizeof *to->settings);
    if (!to->dbs || !to->tables || !to->indexes || !to->settings) {
        *failed = 1;
        to->ndbs = to->ntables = to->nindexes = to->nsettings = 0;
        return;
    }
    to->dbs_cap = from->ndbs + 1;
    to->tables_cap = from->ntables + 1;
    to->indexes_cap = from->nindexes + 1;
    to->settings_cap = from->nsettings + 1;
    for (i = 0; i < from->ndbs; i++) {
        to->dbs[i] = from->dbs[i];
        to->dbs[i].name = jt_dup_or_null(from->dbs[i].name, failed);
        to->dbs[i].grants = dup_mem(from->dbs[i].grants,
                                    from->dbs[i].ngrants * sizeof *from->dbs[i].grants, failed);
    }
    for (i = 0; i < from->ntables; i++) {
        const jt_table *t = &from->tables[i];
        to->tables[i] = *t;
        to->tables[i].name = jt_dup_or_null(t->name, failed);
        to->tables[i].db = jt_dup_or_null(t->db, failed);
        to->tables[i].cols = jt_calloc(t->ncols + 1, sizeof *t->cols);
        if (!to->tables[i].cols)
            *failed = 1;
        for (k = 0; to->tables[i].cols && k < t->ncols; k++)
            to->tables[i].cols[k] = jt_dup_or_null(t->cols[k], failed);
    }
    for (i = 0; i < from->nindexes; i++) {
        to->indexes[i].name = jt_dup_or_null(from->indexes[i].name, failed);
        to->indexes[i].table = jt_dup_or_null(from->indexes[i].table, failed);
    }
    for (i = 0; i < from->nsettings; i++) {
        to->settings[i].user = jt_dup_or_null(from->settings[i].user, failed);
        to->settings[i].name = jt_dup_or_null(from->settings[i].name, failed);
        to->settings[i].value = jt_dup_or_null(from->settings[i].value, failed);
    }
}

void jt_catalog_saved_free(jt_saved *s) {
    jt_model tmp;
    if (!s)
        return;
    jobs_free(s->jobs, s->njobs);
    users_free(s->users, s->nusers);
    memset(&tmp, 0, sizeof tmp);
    tmp.catalog = &s->catalog;
    jt_catalog_clear(&tmp);
    free(s);
}

int jt_catalog_clone(jt_model *to, const jt_model *from) {
    int failed = 0;
    if (!from->catalog)
        return JT_OK;
    to->catalog = jt_calloc(1, sizeof *to->catalog);
    if (!to->catalog)
        return JT_ENOMEM;
    catalog_copy(to->catalog, from->catalog, &failed);
    return failed ? JT_ENOMEM : JT_OK;
}

int jt_catalog_save(jt_model *m, jt_saved **out) {
    jt_saved *s = jt_calloc(1, sizeof *s);
    int failed = 0;
    *out = NULL;
    if (!s || !jt_catalog_of(m)) {
        free(s);
        return JT_ENOMEM;
    }
    s->jobs = jobs_copy(m->jobs, m->njobs, &failed);
    s->njobs = m->njobs;
    s->users = users_copy(m->users, m->nusers, &failed);
    s->nusers = m->nusers;
    s->nmemberships = m->nmemberships;
    catalog_copy(&s->catalog, m->catalog, &failed);
    s->clock = m->clock;
    if (failed) {
        jt_catalog_saved_free(s);
        return JT_ENOMEM;
    }
    *out = s;
    return JT_OK;
}

void jt_catalog_restore(jt_model *m, jt_saved *s) {
    struct jt_catalog *c = m->catalog;
    char **outside = c->outside;
    size_t noutside = c->noutside, outside_cap = c->outside_cap;
    uint64_t succeeded = c->schema_change_successful;
    jobs_free(m->jobs, m->njobs);
    users_free(m->users, m->nusers);
    m->jobs = s->jobs;
    m->njobs = m->jobs_cap = s->njobs;
    m->users = s->users;
    m->nusers = m->users_cap = s->nusers;
    m->nmemberships = s->nmemberships;
    m->clock = s->clock;
    c->outside = NULL;
    c->noutside = 0;
    jt_catalog_clear(m);
    *c = s->catalog;
    /* not rolled back: the prepared statements, and the counters (telemetry counts at once) */
    c->outside = outside;
    c->noutside = noutside;
    c->outside_cap = outside_cap;
    c->schema_change_successful = succeeded;
    s->jobs = NULL;
    s->users = NULL;
    free(s);
    jt_store_reindex(m);
}
