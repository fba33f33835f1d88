/* The catalog: databases, tables, indexes, settings, counters (model/internal/catalog.h). */
#include "model/internal/catalog.h"

#include <stdlib.h>
#include <string.h>

struct jt_catalog *jt_catalog_of(jt_model *m) {
    if (!m->catalog)
        m->catalog = jt_calloc(1, sizeof *m->catalog);
    return m->catalog;
}

static void free_strs(char **v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        free(v[i]);
}

static void table_dispose(jt_table *t) {
    free(t->name);
    free(t->db);
    free_strs(t->cols, t->ncols);
    free(t->cols);
}

void jt_catalog_clear(jt_model *m) {
    struct jt_catalog *c = m->catalog;
    size_t i;
    uint8_t start;
    if (!c)
        return;
    for (i = 0; i < c->ndbs; i++) {
        free(c->dbs[i].name);
        free(c->dbs[i].grants);
    }
    for (i = 0; i < c->ntables; i++)
        table_dispose(&c->tables[i]);
    for (i = 0; i < c->nindexes; i++) {
        free(c->indexes[i].name);
        free(c->indexes[i].table);
    }
    for (i = 0; i < c->nsettings; i++) {
        free(c->settings[i].user);
        free(c->settings[i].name);
        free(c->settings[i].value);
    }
    free_strs(c->outside, c->noutside);
    free(c->dbs);
    free(c->tables);
    free(c->indexes);
    free(c->settings);
    free(c->outside);
    start = c->start;
    memset(c, 0, sizeof *c);
    c->start = start;
}

void jt_catalog_free(jt_model *m) {
    jt_catalog_clear(m);
    free(m->catalog);
    m->catalog = NULL;
}

/* ---- databases ---- */

int jt_catalog_db(const jt_model *m, const char *name) {
    size_t i;
    for (i = 0; m->catalog && i < m->catalog->ndbs; i++)
        if (strcmp(m->catalog->dbs[i].name, name) == 0)
            return (int)i;
    return -1;
}

int jt_catalog_db_add(jt_model *m, const char *name, int ids, int *out) {
    struct jt_catalog *c = jt_catalog_of(m);
    char *copy;
    if (!c || jt_grow((void **)&c->dbs, &c->dbs_cap, c->ndbs + 1, sizeof *c->dbs, JT_LIMIT_USERS))
        return JT_ENOMEM;
    if (!(copy = jt_strdup(name)))
        return JT_ENOMEM;
    memset(&c->dbs[c->ndbs], 0, sizeof c->dbs[c->ndbs]);
    c->dbs[c->ndbs].name = copy;
    c->dbs[c->ndbs].id = c->next_id;
    c->next_id += ids;
    *out = (int)c->ndbs++;
    return JT_OK;
}

void jt_catalog_db_drop(jt_model *m, int db) {
    struct jt_catalog *c = m->catalog;
    free(c->dbs[db].name);
    free(c->dbs[db].grants);
    memmove(&c->dbs[db], &c->dbs[db + 1], (c->ndbs - (size_t)db - 1) * sizeof *c->dbs);
    c->ndbs--;
}

unsigned jt_catalog_db_privs(const jt_model *m, int db, uint32_t u) {
    const jt_database *d = &m->catalog->dbs[db];
    size_t i;
    for (i = 0; i < d->ngrants; i++)
        if (d->grants[i].user == u)
            return d->grants[i].privs;
    return 0;
}

int jt_catalog_db_grant(jt_model *m, int db, uint32_t u, unsigned privs, int revoke) {
    jt_database *d = &m->catalog->dbs[db];
    unsigned before = jt_catalog_db_privs(m, db, u), after;
    size_t i, cap = d->ngrants;
    after = revoke ? before & ~privs : before | privs;
    if (after == before)
        return 0;
    for (i = 0; i < d->ngrants && d->grants[i].user != u; i++)
        ;
    if (i == d->ngrants) {
        if (jt_grow((void **)&d->grants, &cap, d->ngrants + 1, sizeof *d->grants, JT_LIMIT_USERS))
            return JT_ENOMEM;
        d->grants[d->ngrants].user = u;
        d->ngrants++;
    }
    d->grants[i].privs = after;
    return 1;
}

/* ---- tables and indexes ---- */

int jt_catalog_table(const jt_model *m, const char *db, const char *name) {
    size_t i;
    for (i = 0; m->catalog && i < m->catalog->ntables; i++)
        if (strcmp(m->catalog->tables[i].name, name) == 0 &&
            strcmp(m->catalog->tables[i].db, db) == 0)
            return (int)i;
    return -1;
}

int jt_catalog_table_add(jt_model *m, const char *db, const char *name, const char **cols,
                         size_t ncols, int *out) {
    struct jt_catalog *c = jt_catalog_of(m);
    jt_table t;
    size_t k;
    memset(&t, 0, sizeof t);
    if (!c || jt_grow((void **)&c->tables, &c->tables_cap, c->ntables + 1, sizeof *c->tables,
                      JT_LIMIT_USERS))
        return JT_ENOMEM;
    t.name = jt_strdup(name);
    t.db = jt_strdup(db);
    t.cols = jt_calloc(ncols + 1, sizeof *t.cols);
    for (k = 0; t.cols && k < ncols; k++)
        if (!(t.cols[t.ncols++] = jt_strdup(cols[k])))
            break;
    if (!t.name || !t.db || !t.cols || k < ncols) {
        table_dispose(&t);
        return JT_ENOMEM;
    }
    t.id = c->next_id++;
    t.batch = c->in_batch ? c->batch : 0;
    c->tables[c->ntables] = t;
    *out = (int)c->ntables++;
    return JT_OK;
}

void jt_catalog_table_drop(jt_model *m, int t) {
    struct jt_catalog *c = m->catalog;
    size_t i, dblen = strlen(c->tables[t].db), len = strlen(c->tables[t].name);
    for (i = 0; i < c->nindexes;) {
        const char *q = c->indexes[i].table;
        if (strncmp(q, c->tables[t].db, dblen) == 0 && q[dblen] == '.' &&
            strcmp(q + dblen + 1, c->tables[t].name) == 0 && strlen(q) == dblen + 1 + len)
            jt_catalog_index_drop(m, (int)i);
        else
            i++;
    }
    table_dispose(&c->tables[t]);
    memmove(&c->tables[t], &c->tables[t + 1], (c->ntables - (size_t)t - 1) * sizeof *c->tables);
    c->ntables--;
}

int jt_catalog_column(const jt_table *t, const char *name) {
    size_t k;
    for (k = 0; k < t->ncols; k++)
        if (strcmp(t->cols[k], name) == 0)
            return (int)k;
    return -1;
}

int jt_catalog_column_add(jt_model *m, int t, const char *name) {
    jt_table *x = &m->catalog->tables[t];
    char **cols = jt_realloc(x->cols, (x->ncols + 2) * sizeof *cols);
    if (!cols)
        return JT_ENOMEM;
    x->cols = cols;
    if (!(cols[x->ncols] = jt_strdup(name)))
        return JT_ENOMEM;
    x->ncols++;
    return JT_OK;
}

void jt_catalog_column_drop(jt_model *m, int t, int col) {
    jt_table *x = &m->catalog->tables[t];
    free(x->cols[col]);
    memmove(&x->cols[col], &x->cols[col + 1], (x->ncols - (size_t)col - 1) * sizeof *x->cols);
    x->ncols--;
}

int jt_catalog_index(const jt_model *m, const char *table, const char *db, const char *name) {
    size_t i, n = db ? strlen(db) : 0;
    for (i = 0; m->catalog && i < m->catalog->nindexes; i++) {
        const jt_index *x = &m->catalog->indexes[i];
        if (strcmp(x->name, name) != 0)
            continue;
        if (table ? strcmp(x->table, table) == 0
                  : (strncmp(x->table, db, n) == 0 && x->table[n] == '.'))
            return (int)i;
    }
    return -1;
}

int jt_catalog_index_add(jt_model *m, const char *table, const char *name) {
    struct jt_catalog *c = jt_catalog_of(m);
    jt_index x;
    if (!c || jt_grow((void **)&c->indexes, &c->indexes_cap, c->nindexes + 1, sizeof *c->indexes,
                      JT_LIMIT_USERS))
        return JT_ENOMEM;
    x.name = jt_strdup(name);
    x.table = jt_strdup(table);
    if (!x.name || !x.table) {
        free(x.name);
        free(x.table);
        return JT_ENOMEM;
    }
    c->indexes[c->nindexes++] = x;
    return JT_OK;
}

void jt_catalog_index_drop(jt_model *m, int i) {
    struct jt_catalog *c = m->catalog;
    free(c->indexes[i].name);
    free(c->indexes[i].table);
    memmove(&c->indexes[i], &c->indexes[i + 1], (c->nindexes - (size_t)i - 1) * sizeof *c->indexes);
    c->nindexes--;
}

/* ---- settings ---- */

static int setting_at(const jt_model *m, const char *user, const char *name) {
    size_t i;
    for (i = 0; m->catalog && i < m->catalog->nsettings; i++) {
        const jt_setting *s = &m->catalog->settings[i];
        if (strcmp(s->name, name) == 0 &&
            (user ? s->user && strcmp(s->user, user) == 0 : s->user == NULL))
            return (int)i;
    }
    return -1;
}

const char *jt_catalog_setting(const jt_model *m, const char *user, const char *name) {
    int i = setting_at(m, user, name);
    return i >= 0 ? m->catalog->settings[i].value : NULL;
}

int jt_catalog_set(jt_model *m, const char *user, const char *name, const char *value) {
    struct jt_catalog *c = jt_catalog_of(m);
    int i = setting_at(m, user, name);
    jt_setting s;
    char *copy;
    if (!c)
        return JT_ENOMEM;
    if (i >= 0) {
        if (!value) {
            free(c->settings[i].user);
            free(c->settings[i].name);
            free(c->settings[i].value);
            c->settings[i] = c->settings[--c->nsettings];
            return JT_OK;
        }
        if (!(copy = jt_strdup(value)))
            return JT_ENOMEM;
        free(c->settings[i].value);
        c->settings[i].value = copy;
        return JT_OK;
    }
    if (!value)
        return JT_OK;
    if (jt_grow((void **)&c->settings, &c->settings_cap, c->nsettings + 1, sizeof *c->settings,
                JT_LIMIT_USERS))
        return JT_ENOMEM;
    s.user = user ? jt_strdup(user) : NULL;
    s.name = jt_strdup(name);
    s.value = jt_strdup(value);
    if ((user && !s.user) || !s.name || !s.value) {
        free(s.user);
        free(s.name);
        free(s.value);
        return JT_ENOMEM;
    }
    c->settings[c->nsettings++] = s;
    return JT_OK;
}

/* ---- prepared statements outside the kit ---- */

static char *outside_key(const char *user, const char *name) {
    size_t lu = strlen(user), ln = strlen(name);
    char *k = jt_malloc(lu + ln + 2);
    if (k) {
        memcpy(k, user, lu);
        k[lu] = '\n';
        memcpy(k + lu + 1, name, ln + 1);
    }
    return k;
}

int jt_catalog_outside_find(const jt_model *m, const char *user, const char *name) {
    size_t i, lu = strlen(user);
    for (i = 0; m->catalog && i < m->catalog->noutside; i++) {
        const char *k = m->catalog->outside[i];
        if (strncmp(k, user, lu) == 0 && k[lu] == '\n' && strcmp(k + lu + 1, name) == 0)
            return (int)i;
    }
    return -1;
}

int jt_catalog_outside_add(jt_model *m, const char *user, const char *name) {
    struct jt_catalog *c = jt_catalog_of(m);
    char *k;
    if (jt_catalog_outside_find(m, user, name) >= 0)
        return JT_OK;
    if (!c || jt_grow((void **)&c->outside, &c->outside_cap, c->noutside + 1, sizeof *c->outside,
                      JT_LIMIT_PREPARED))
        return JT_ENOMEM;
    if (!(k = outside_key(user, name)))
        return JT_ENOMEM;
    c->outside[c->noutside++] = k;
    return JT_OK;
}

void jt_catalog_outside_drop(jt_model *m, const char *user, const char *name) {
    int i = jt_catalog_outside_find(m, user, name);
    if (i < 0)
        return;
    free(m->catalog->outside[i]);
    m->catalog->outside[i] = m->catalog->outside[--m->catalog->noutside];
}
