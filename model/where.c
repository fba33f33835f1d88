/* WHERE clauses answered from the jobs' fields and the id index (see model/internal/where.h). */
#include "model/internal/where.h"

#include <stdlib.h>
#include <string.h>

#define NOT_SIMPLE 1

/* The field of a resolved column of a jobs source that the clause may name, or -1. */
static int simple_field(const jt_expr *e, const jt_column *cols, size_t ncols) {
    int f;
    if (!e || e->kind != JT_E_COLUMN || e->column < 0 || (size_t)e->column >= ncols)
        return -1;
    f = cols[e->column].field;
    if (f == JT_F_ID)
        return cols[e->column].type == JT_T_INT ? f : -1;
    if (f == JT_F_USER || f == JT_F_STATUS || f == JT_F_TYPE)
        return cols[e->column].type == JT_T_STRING ? f : -1;
    return -1;
}

/* Whether k is a constant of the column's type, compared without a failure or a NULL. */
static int simple_const(const jt_expr *k, int field) {
    if (!k || k->kind != JT_E_CONST || k->value.untyped || k->overflow)
        return 0;
    return k->value.type == (field == JT_F_ID ? JT_T_INT : JT_T_STRING) &&
           (field == JT_F_ID || k->value.s);
}

/* The codes (n, named by names) a leaf accepts: those named by one of the constants, or with
   ne (`<>`, NOT IN) those named by none of them; into a fresh table. */
static uint8_t *accept_names(jt_arena *a, const char *const *names, size_t n,
                             const jt_expr *const *consts, size_t nconsts, int ne) {
    uint8_t *mine = jt_arena_alloc(a, n + 1);
    size_t i, k;
    if (!mine)
        return NULL;
    for (i = 0; i < n; i++) {
        for (k = 0; k < nconsts && !mine[i]; k++) /* the first bytes, then the rest */
            mine[i] = names[i] && names[i][0] == consts[k]->value.s[0] &&
                      strcmp(names[i], consts[k]->value.s) == 0;
        if (ne)
            mine[i] = (uint8_t)(names[i] && !mine[i]);
    }
    return mine;
}

static int cmp_u32(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* v ascending: by insertion for the few ids a clause names, else qsort. */
static void sort_rows(uint32_t *v, size_t n) {
    size_t i, j;
    if (n > 16) {
        qsort(v, n, sizeof *v, cmp_u32);
        return;
    }
    for (i = 1; i < n; i++) {
        uint32_t x = v[i];
        for (j = i; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

static int ascending(const uint32_t *v, size_t n) {
    size_t i;
    for (i = 0; i + 1 < n; i++)
        if (v[i] > v[i + 1])
            return 0;
    return 1;
}

/* The jobs of the ids (the id index), ascending and once each. */
static int accept_ids(jt_where *w, jt_arena *a, const jt_model *m, const jt_expr *const *consts,
                      size_t nconsts) {
    size_t k, n = 0, i;
    if (w->by_id)
        return NOT_SIMPLE; /* ids named twice: evaluated as written */
    w->rows = jt_arena_alloc(a, (nconsts + 1) * sizeof *w->rows);
    if (!w->rows)
        return JT_ENOMEM;
    for (k = 0; k < nconsts; k++) {
        const jt_job *j = jt_store_job(m, consts[k]->value.i);
        if (j)
            w->rows[n++] = (uint32_t)(j - m->jobs);
    }
    sort_rows(w->rows, n);
    for (i = 0, w->nrows = 0; i < n; i++)
        if (w->nrows == 0 || w->rows[w->nrows - 1] != w->rows[i])
            w->rows[w->nrows++] = w->rows[i];
    w->by_id = 1;
    return JT_OK;
}

/* The names of the codes of a field: n of them. */
static const char *const *field_names(jt_arena *a, const jt_model *m, int field, size_t *n) {
    const char **names;
    size_t k;
    if (field == JT_F_STATUS) {
        *n = JT_ST_COUNT;
        return m->profile->status_names;
    }
    if (field == JT_F_TYPE) {
        *n = JT_TY_COUNT;
        return m->profile->type_names;
    }
    *n = m->nusers;
    names = jt_arena_alloc(a, (m->nusers + 1) * sizeof *names);
    for (k = 0; names && k < m->nusers; k++)
        names[k] = m->users[k].name;
    return names;
}

/* The column and constants of a leaf `col = k`, `k = col`, `col <> k`, `col IN (k, ...)` or
   `col NOT IN (k, ...)` (*ne set for `<>` and NOT IN): its field, or -1. */
static int leaf_parts(const jt_expr *e, const jt_column *cols, size_t ncols,
                      const jt_expr *const **consts, size_t *nconsts, int *ne) {
    const jt_expr *col = e->a;
    size_t k;
    int field;
    *ne = (e->kind == JT_E_CMP && e->op == JT_CMP_NE) || (e->kind == JT_E_IN && e->negate);
    if (e->kind == JT_E_CMP && (e->op == JT_CMP_EQ || e->op == JT_CMP_NE)) {
        if (simple_field(e->b, cols, ncols) >= 0) {
            col = e->b;
            *consts = (const jt_expr *const *)&e->a;
        } else {
            *consts = (const jt_expr *const *)&e->b;
        }
        *nconsts = 1;
    } else if (e->kind == JT_E_IN && !e->sub && e->nlist > 0) {
        *consts = (const jt_expr *const *)e->list;
        *nconsts = e->nlist;
    } else {
        return -1;
    }
    if ((field = simple_field(col, cols, ncols)) < 0)
        return -1;
    for (k = 0; k < *nconsts; k++)
        if (!simple_const((*consts)[k], field))
            return -1;
    return field;
}

/* The users named by one of the constants, by the index of users' names: a statement over
   one user's jobs compares no other user's name. */
static int accept_users(jt_arena *a, const jt_model *m, const jt_expr *const *consts,
                        size_t nconsts, uint8_t **out) {
    size_t k;
    if (!(*out = jt_arena_alloc(a, m->nusers + 1)))
        return JT_ENOMEM;
    for (k = 0; k < nconsts; k++) {
        int u = jt_store_user(m, consts[k]->value.s);
        if (u >= 0)
            (*out)[u] = 1;
    }
    return JT_OK;
}

/* The codes of one field (not the id) that e accepts: a leaf, or an OR of them over the same
   field. *field: that field. NOT_SIMPLE, JT_ENOMEM or JT_OK. */
static int accept_of(const jt_expr *e, jt_arena *a, const jt_model *m, const jt_column *cols,
                     size_t ncols, int *field, uint8_t **out) {
    const jt_expr *const *consts;
    const char *const *names;
    size_t nconsts, n, i;
    int ne, f2, rc;
    if (e->kind == JT_E_OR) {
        uint8_t *x, *y;
        if ((rc = accept_of(e->a, a, m, cols, ncols, field, &x)) != JT_OK ||
            (rc = accept_of(e->b, a, m, cols, ncols, &f2, &y)) != JT_OK)
            return rc;
        if (f2 != *field)
            return NOT_SIMPLE;
        n = *field == JT_F_STATUS ? JT_ST_COUNT : *field == JT_F_TYPE ? JT_TY_COUNT : m->nusers;
        for (i = 0; i < n; i++)
            x[i] = (uint8_t)(x[i] || y[i]);
        *out = x;
        return JT_OK;
    }
    *field = leaf_parts(e, cols, ncols, &consts, &nconsts, &ne);
    if (*field < 0 || *field == JT_F_ID)
        return NOT_SIMPLE;
    if (*field == JT_F_USER && !ne)
        return accept_users(a, m, consts, nconsts, out);
    if (!(names = field_names(a, m, *field, &n)))
        return JT_ENOMEM;
    *out = accept_names(a, names, n, consts, nconsts, ne);
    return *out ? JT_OK : JT_ENOMEM;
}

/* A leaf `id < k` (<=, >, >=, either side) narrows the ids that pass: JT_OK, or NOT_SIMPLE
   when e is not one. The id is an INT and never NULL, and so is k: no failure, no NULL. */
static int id_range(jt_where *w, const jt_expr *e, const jt_column *cols, size_t ncols) {
    const jt_expr *k = e->b;
    int op = e->op;
    int64_t v;
    if (e->kind != JT_E_CMP || op == JT_CMP_EQ || op == JT_CMP_NE)
        return NOT_SIMPLE;
    if (simple_field(e->a, cols, ncols) != JT_F_ID) { /* k op id: id op' k */
        k = e->a;
        op = op == JT_CMP_LT   ? JT_CMP_GT
             : op == JT_CMP_LE ? JT_CMP_GE
             : op == JT_CMP_GT ? JT_CMP_LT
                               : JT_CMP_LE;
        if (simple_field(e->b, cols, ncols) != JT_F_ID)
            return NOT_SIMPLE;
    }
    if (!simple_const(k, JT_F_ID))
        return NOT_SIMPLE;
    v = k->value.i;
    if (!w->ranged) {
        w->ranged = 1;
        w->id_min = INT64_MIN;
        w->id_max = INT64_MAX;
    }
    if ((op == JT_CMP_LT && v == INT64_MIN) || (op == JT_CMP_GT && v == INT64_MAX)) {
        w->id_min = INT64_MAX; /* none */
        w->id_max = INT64_MIN;
    } else if (op == JT_CMP_LT || op == JT_CMP_LE) {
        v -= op == JT_CMP_LT;
        w->id_max = v < w->id_max ? v : w->id_max;
    } else {
        v += op == JT_CMP_GT;
        w->id_min = v > w->id_min ? v : w->id_min;
    }
    return JT_OK;
}

/* One conjunct: ids by the index, or a table of accepted codes ANDed into its field's. */
static int leaf(jt_where *w, jt_arena *a, const jt_model *m, const jt_expr *e,
                const jt_column *cols, size_t ncols) {
    const jt_expr *const *consts;
    uint8_t *mine, **set;
    size_t nconsts, n, i;
    int ne, field = leaf_parts(e, cols, ncols, &consts, &nconsts, &ne), rc;
    if (field < 0 && e->kind == JT_E_CMP)
        return id_range(w, e, cols, ncols);
    if (field == JT_F_ID)
        return ne ? NOT_SIMPLE : accept_ids(w, a, m, consts, nconsts);
    if ((rc = accept_of(e, a, m, cols, ncols, &field, &mine)) != JT_OK)
        return rc;
    set = field == JT_F_STATUS ? &w->statuses : field == JT_F_TYPE ? &w->types : &w->users;
    n = field == JT_F_STATUS ? JT_ST_COUNT : field == JT_F_TYPE ? JT_TY_COUNT : m->nusers;
    if (*set)
        for (i = 0; i < n; i++)
            mine[i] = (uint8_t)(mine[i] && (*set)[i]);
    *set = mine;
    return JT_OK;
}

static int walk(jt_where *w, jt_arena *a, const jt_model *m, const jt_expr *e,
                const jt_column *cols, size_t ncols) {
    int rc;
    if (e->kind != JT_E_AND)
        return leaf(w, a, m, e, cols, ncols);
    if ((rc = walk(w, a, m, e->a, cols, ncols)) != JT_OK)
        return rc;
    return walk(w, a, m, e->b, cols, ncols);
}

/* The first accepted entry of a table of n at or after u, or n: eight entries at a time, as
   a clause accepts one user or few among many. */
static size_t next_accepted(const uint8_t *accepted, size_t n, size_t u) {
    uint64_t word;
    for (; u + 8 <= n; u += 8) {
        memcpy(&word, accepted + u, sizeof word);
        if (word)
            break;
    }
    while (u < n && !accepted[u])
        u++;
    return u;
}

/* The jobs of owner u, oldest first, at rows (the owners' index links them newest first). */
static size_t owned_by(const jt_model *m, size_t u, uint32_t *rows) {
    size_t n = 0, i, j;
    uint32_t at;
    for (at = m->users[u].last_job; at; at = m->prev_owned[at - 1])
        rows[n++] = at - 1;
    for (i = 0, j = n; i + 1 < j; i++, j--) {
        uint32_t t = rows[i];
        rows[i] = rows[j - 1];
        rows[j - 1] = t;
    }
    return n;
}

/* The candidates of a clause that accepts few owners: their jobs by the owners' index, in
   ascending order, when they are fewer than an eighth of the jobs (else a scan is as fast). */
static int owned_rows(jt_where *w, jt_arena *a, const jt_model *m) {
    size_t total = 0, u, n = 0, nu = m->nusers;
    if (!w->users || w->by_id || m->owners_stale)
        return JT_OK;
    for (u = next_accepted(w->users, nu, 0); u < nu; u = next_accepted(w->users, nu, u + 1))
        total += m->users[u].owned;
    if (total * 8 >= m->njobs)
        return JT_OK;
    w->rows = jt_arena_alloc(a, (total + 1) * sizeof *w->rows);
    if (!w->rows)
        return JT_ENOMEM;
    for (u = next_accepted(w->users, nu, 0); u < nu; u = next_accepted(w->users, nu, u + 1))
        n += owned_by(m, u, w->rows + n);
    if (!ascending(w->rows, n)) /* jobs of several owners */
        sort_rows(w->rows, n);
    w->nrows = n;
    w->by_id = 1;
    return JT_OK;
}

int jt_where_compile(jt_where *w, jt_arena *a, const jt_model *m, const jt_expr *where,
                     const jt_column *cols, size_t ncols) {
    int rc;
    memset(w, 0, sizeof *w);
    if (!where || !cols)
        return NOT_SIMPLE;
    rc = walk(w, a, m, where, cols, ncols);
    return rc == JT_OK ? owned_rows(w, a, m) : rc;
}
