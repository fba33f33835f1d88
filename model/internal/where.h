/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * WHERE clauses the model answers without evaluating an expression per job (where.c): an AND
 * of `column = constant`, `column IN (constants)` over a job's id, owner, status and type,
 * `column <> constant`, `column NOT IN (constants)` and ORs of these over one of owner, status
 * and type, and `id < constant` (<=, >, >=) over the id, each constant of its column's type. Such a
 * clause can neither fail nor be NULL on any job, so answering it from the jobs' own fields (the id
 * index for ids; a table of the accepted owners, statuses and types) gives exactly the rows, in the
 * order, that evaluating it on every job gives. Any other clause is evaluated as before.
 */
#ifndef JT_MODEL_WHERE_H
#define JT_MODEL_WHERE_H

#include <stddef.h>
#include <stdint.h>

#include "model/internal/eval.h"

typedef struct jt_where {
    /* The candidate jobs (by_id), indices in the jobs table in ascending order: when the
       clause names ids (from the id index) or few owners (from the owners' index); every job
       otherwise. */
    uint32_t *rows;
    size_t nrows;
    int by_id;
    /* Accepted owners (user index), statuses and types: NULL accepts all. */
    uint8_t *users, *statuses, *types;
    /* ranged: only the ids from id_min to id_max (both in) pass */
    int ranged;
    int64_t id_min, id_max;
} jt_where;

/* Compiles where over the source's columns: JT_OK (w usable), 1 when the clause is not of that
   form (evaluate it), JT_ENOMEM (a: the statement's arena). */
int jt_where_compile(jt_where *w, jt_arena *a, const jt_model *m, const jt_expr *where,
                     const jt_column *cols, size_t ncols);

/* Whether job j passes the compiled clause (when by_id, its id is one the clause names; its
   range of ids is checked here). */
static inline int jt_where_passes(const jt_where *w, const jt_job *j) {
    return (!w->users || w->users[j->user]) && (!w->statuses || w->statuses[j->status]) &&
           (!w->types || w->types[j->type]) &&
           (!w->ranged || (j->id >= w->id_min && j->id <= w->id_max));
}

#endif
