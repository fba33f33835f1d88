/* Read-only views of the model's state, for the explorer (sim/search/explore.c) and benchmarks. */
#include <string.h>

#include "model/internal/store.h"
#include "model/model.h"

size_t jt_model_statuses(jt_model_status *out, size_t cap, const jt_model *m) {
    size_t i, n = m->njobs < cap ? m->njobs : cap;
    for (i = 0; i < n; i++) {
        out[i].id = m->jobs[i].id;
        out[i].status = m->jobs[i].status;
    }
    return m->njobs;
}

size_t jt_model_job_views(jt_model_job_view *out, size_t cap, const jt_model *m) {
    size_t i, n = m->njobs < cap ? m->njobs : cap;
    for (i = 0; i < n; i++) {
        out[i].id = m->jobs[i].id;
        out[i].status = m->jobs[i].status;
        out[i].error = jt_job_error(&m->jobs[i]);
    }
    return m->njobs;
}

const jt_profile *jt_model_profile(const jt_model *m) {
    return m->profile;
}

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s) {
    uint64_t f = 1469598103934665603ULL;
    if (!s)
        return mix(h, 0x6e756c6cULL);
    for (; *s; s++) {
        f ^= (unsigned char)*s;
        f *= 1099511628211ULL;
    }
    return mix(h, f);
}

uint64_t jt_model_hash(const jt_model *m) {
    uint64_t h = mix(0x6a6f6274636bULL, (uint64_t)m->clock);
    size_t i;
    for (i = 0; i < m->njobs; i++) {
        const jt_job *j = &m->jobs[i];
        h = mix(h, (uint64_t)j->id);
        h = mix(h, (uint64_t)j->type << 8 | j->status);
        h = mix(h, j->user);
        h = mix(h, (uint64_t)j->created);
        h = mix(h, (uint64_t)j->started);
        h = mix(h, (uint64_t)j->finished);
        h = mix(h, (uint64_t)j->modified);
        h = mix_str(h, jt_job_own_description(j));
        h = mix_str(h, jt_job_error(j));
        h = mix_str(h, jt_job_reason(j));
        h = mix(h, (uint64_t)jt_job_schedule(j));
    }
    for (i = 0; i < m->nusers; i++) {
        size_t k;
        h = mix_str(h, m->users[i].name);
        h = mix(h, (uint64_t)m->users[i].login << 16 | (uint64_t)m->users[i].admin << 8 |
                       m->users[i].options);
        for (k = 0; k < m->users[i].nroles; k++)
            h = mix(h, m->users[i].roles[k]);
    }
    /* crdb_internal.feature_usage is left out: it counts the statements that succeeded, a
       statement that changed nothing too, and is not the state of any job */
    for (i = 0; i < m->prepared.n; i++) {
        h = mix_str(h, m->prepared.items[i].name);
        h = mix_str(h, m->prepared.items[i].user);
    }
    return h;
}

size_t jt_model_job_count(const jt_model *m) {
    return m->njobs;
}
