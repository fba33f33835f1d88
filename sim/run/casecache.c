/* Case files read once for several runs: see casecache.h. */
#include "sim/run/casecache.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *path;
    jt_case_file *cf; /* or NULL, and then: */
    int rc;
    char *message;
} entry;

struct jt_case_cache {
    entry *v;
    size_t n, cap;
    size_t next; /* where the last one was found, plus one: runs meet the files in order */
};

int jt_case_cache_new(jt_case_cache **out) {
    *out = jt_calloc(1, sizeof **out);
    return *out ? JT_OK : JT_ENOMEM;
}

void jt_case_cache_free(jt_case_cache *c) {
    size_t i;
    if (!c)
        return;
    for (i = 0; i < c->n; i++) {
        free(c->v[i].path);
        jt_case_free(c->v[i].cf);
        free(c->v[i].message);
    }
    free(c->v);
    free(c);
}

/* The entry of path, or NULL: the one after the last found first. */
static entry *find(jt_case_cache *c, const char *path) {
    size_t i;
    if (c->next < c->n && strcmp(c->v[c->next].path, path) == 0)
        return &c->v[c->next++];
    for (i = 0; i < c->n; i++)
        if (strcmp(c->v[i].path, path) == 0) {
            c->next = i + 1;
            return &c->v[i];
        }
    return NULL;
}

/* Reads path into a new entry. */
static int add(jt_case_cache *c, const char *path, entry **out) {
    jt_error perr;
    entry *e;
    int rc = jt_grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v, JT_LIMIT_FILES);
    if (rc < 0)
        return JT_ENOMEM;
    e = &c->v[c->n];
    memset(e, 0, sizeof *e);
    memset(&perr, 0, sizeof perr);
    e->rc = jt_case_read(&e->cf, path, &perr);
    if (e->rc == JT_ENOMEM)
        return JT_ENOMEM;
    e->path = jt_strdup(path);
    if (e->rc < 0)
        e->message = jt_strdup(perr.message);
    if (!e->path || (e->rc < 0 && !e->message)) {
        free(e->path);
        free(e->message);
        jt_case_free(e->cf);
        return JT_ENOMEM;
    }
    c->n++;
    c->next = c->n;
    *out = e;
    return JT_OK;
}

int jt_case_cache_get(jt_case_cache *c, const char *path, const jt_case_file **cf,
                      const char **message) {
    entry *e = find(c, path);
    *cf = NULL;
    *message = NULL;
    if (!e) {
        int rc = add(c, path, &e);
        if (rc < 0)
            return rc;
    }
    *cf = e->cf;
    *message = e->message;
    return e->rc;
}
