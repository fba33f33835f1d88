/* A copy of a model (model.h): its jobs, users and roles, catalog, clock and counters. */
#include <stdlib.h>
#include <string.h>

#include "model/internal/catalog.h"
#include "model/internal/eval.h"
#include "model/internal/store.h"
#include "model/model.h"

/* A copy of n elements of size bytes (NULL for none); 0, or -1 without memory. */
static int copy_array(void **dst, const void *src, size_t n, size_t size) {
    *dst = NULL;
    if (n == 0 || !src)
        return 0;
    *dst = jt_malloc(n * size);
    if (!*dst)
        return -1;
    memcpy(*dst, src, n * size);
    return 0;
}

/* A string's copy, NULL staying NULL; 0, or -1 without memory. */
static int copy_str(char **dst, const char *src) {
    *dst = src ? jt_strdup(src) : NULL;
    return src && !*dst ? -1 : 0;
}

static int copy_jobs(jt_model *c, const jt_model *m) {
    size_t i;
    if (copy_array((void **)&c->jobs, m->jobs, m->njobs, sizeof *m->jobs) ||
        copy_array((void **)&c->index, m->index, m->index_cap, sizeof *m->index))
        return -1;
    c->jobs_cap = m->njobs;
    c->index_cap = c->index ? m->index_cap : 0;
    c->ids_unsorted = m->ids_unsorted;
    for (i = 0; i < m->njobs; i++) { /* what the copy owns, or NULL, counted in njobs */
        jt_job *j = &c->jobs[i];
        j->extra = NULL;
    }
    c->njobs = m->njobs;
    /* the index of owners (store.h) goes with the users' last jobs it continues */
    if (copy_array((void **)&c->prev_owned, m->prev_owned, m->prev_owned_cap,
                   sizeof *m->prev_owned))
        return -1;
    c->prev_owned_cap = c->prev_owned ? m->prev_owned_cap : 0;
    c->owners_stale = m->owners_stale;
    for (i = 0; i < m->njobs; i++) {
        int failed = 0;
        c->jobs[i].extra = jt_job_extra_copy(m->jobs[i].extra, &failed);
        if (failed)
            return -1;
    }
    return 0;
}

static int copy_users(jt_model *c, const jt_model *m) {
    size_t i;
    if (copy_array((void **)&c->users, m->users, m->nusers, sizeof *m->users) ||
        copy_array((void **)&c->user_index, m->user_index, m->user_index_cap,
                   sizeof *m->user_index))
        return -1;
    c->users_cap = m->nusers;
    c->user_index_cap = c->user_index ? m->user_index_cap : 0;
    for (i = 0; i < m->nusers; i++) {
        jt_user *u = &c->users[i];
        u->name = NULL;
        u->roles = u->closure = NULL;
    }
    c->nusers = m->nusers;
    for (i = 0; i < m->nusers; i++) {
        const jt_user *from = &m->users[i];
        jt_user *u = &c->users[i];
        if (copy_str(&u->name, from->name) ||
            copy_array((void **)&u->roles, from->roles, from->nroles, sizeof *from->roles) ||
            copy_array((void **)&u->closure, from->closure, from->nclosure, sizeof *from->closure))
            return -1;
    }
    c->nmemberships = m->nmemberships;
    return 0;
}

int jt_model_clone(const jt_model *m, jt_model **out, jt_error *err) {
    jt_model *c = jt_calloc(1, sizeof *c);
    *out = NULL;
    if (!c)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    c->profile = m->profile;
    c->era = m->era;
    c->clock = m->clock;
    memcpy(c->feature_usage, m->feature_usage, sizeof c->feature_usage);
    c->show_jobs = jt_store_show_jobs(m);
    c->coverage = m->coverage;
    if (copy_jobs(c, m) || copy_users(c, m) || jt_catalog_clone(c, m) ||
        jt_eval_columns_init(c) != JT_OK) {
        jt_model_free(c);
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    *out = c;
    return JT_OK;
}
