/* The worlds of serve: shared models, copied on write (see world.h). */
#include "sim/serve/world.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/profile.h"

static jt_wmodel *wmodel_new(jt_model *m) {
    jt_wmodel *wm = jt_calloc(1, sizeof *wm);
    if (!wm) {
        jt_model_free(m);
        return NULL;
    }
    wm->m = m;
    wm->refs = 1;
    return wm;
}

void jt_wmodel_unpin(jt_wmodel *wm) {
    if (wm && --wm->refs == 0) {
        jt_model_free(wm->m);
        free(wm);
    }
}

jt_wmodel *jt_world_pin(jt_world *w) {
    w->cur->refs++;
    return w->cur;
}

jt_model *jt_world_writable(jt_world *w) {
    jt_model *copy;
    jt_wmodel *wm;
    if (w->cur->refs == 1)
        return w->cur->m;
    if (jt_model_clone(w->cur->m, &copy, NULL) < 0)
        return NULL;
    wm = wmodel_new(copy);
    if (!wm)
        return NULL;
    jt_wmodel_unpin(w->cur);
    w->cur = wm;
    return copy;
}

jt_wmodel *jt_world_install(jt_world *w, jt_model *m) {
    jt_wmodel *wm = wmodel_new(m);
    if (!wm)
        return NULL;
    jt_wmodel_unpin(w->cur);
    w->cur = wm;
    w->version++;
    return wm;
}

size_t jt_world_open(jt_serve *s, const char *database, jt_error *err) {
    const char *name = s->world_per_database ? database : NULL;
    jt_model *m;
    jt_world *w;
    size_t i;
    for (i = 0; i < s->nworlds; i++)
        if (!name || strcmp(s->worlds[i].name, name) == 0)
            return i;
    if (s->nworlds >= JT_SERVE_LIMIT_DATABASES) {
        jt_error_set(err, JT_ELIMIT, 0, "more than %d databases", JT_SERVE_LIMIT_DATABASES);
        return SIZE_MAX;
    }
    if (jt_grow((void **)&s->worlds, &s->worldcap, s->nworlds + 1, sizeof *s->worlds,
                JT_SERVE_LIMIT_DATABASES) < 0) {
        jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        return SIZE_MAX;
    }
    w = &s->worlds[s->nworlds];
    memset(w, 0, sizeof *w);
    if (name && !(w->name = jt_strdup(name))) {
        jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        return SIZE_MAX;
    }
    if (jt_model_new(&m, s->profile, err) < 0 || !(w->cur = wmodel_new(m))) {
        free(w->name);
        jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        return SIZE_MAX;
    }
    return s->nworlds++;
}

void jt_world_free_all(jt_serve *s) {
    size_t i;
    for (i = 0; i < s->nworlds; i++) {
        jt_wmodel_unpin(s->worlds[i].cur);
        free(s->worlds[i].name);
    }
    free(s->worlds);
    s->worlds = NULL;
    s->nworlds = s->worldcap = 0;
}

/* Whether a job of m would move on its own: so that a model that readers hold is copied
   only when it changes. */
static int might_move(const jt_model *m, const jt_profile *p) {
    size_t n = jt_model_statuses(NULL, 0, m), i;
    jt_model_status *st;
    int yes = 0;
    if (n == 0)
        return 0;
    st = jt_malloc(n * sizeof *st);
    if (!st)
        return 1;
    jt_model_statuses(st, n, m);
    for (i = 0; i < n && !yes; i++)
        yes = p->progress[st[i].status] != JT_NO_STATUS;
    free(st);
    return yes;
}

void jt_world_advance_all(jt_serve *s) {
    size_t i;
    for (i = 0; i < s->nworlds; i++) {
        jt_model *m;
        if (s->worlds[i].cur->refs > 1 && !might_move(s->worlds[i].cur->m, s->profile))
            continue;
        m = jt_world_writable(&s->worlds[i]);
        int64_t moved = 0;
        if (m && jt_model_advance(m, &moved) == 0 && moved > 0)
            s->worlds[i].version++;
    }
}
