/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * The plan cache (plan.c): statements parsed once by their shape. A case file runs the same
 * statement again and again with other ids (`PAUSE JOB 1`, then `PAUSE JOB 12345`; the same
 * SELECT after each control statement): its shape is its text with each integer literal that
 * fits an INT written as one '0' and each string literal as '' (jt_sql_shape_key), and a text
 * of a known shape costs a hash, a comparison and the new literals' values put into the tree,
 * as a prepared statement takes its parameters; when they have other lengths, the
 * expressions' texts after them (column names) and the statements' bounds move too
 * (jt_sql_shape_apply). A statement whose parse depends on its literals otherwise (a job's
 * description copies its tokens) is kept by its very text. A cached statement is run again and
 * again: evaluation only resolves its column names and settles its untyped strings in place,
 * the same way each time.
 */
#ifndef JT_MODEL_PLAN_H
#define JT_MODEL_PLAN_H

#include <stddef.h>

#include "model/internal/sql.h"

typedef struct jt_plans jt_plans;

/* The parsed statement of sql in the grammar: from *plans, else parsed and kept there (*plans
   made on first use). *parsed: the arena bytes its parse took, which count against the
   statement's memory (JT_LIMIT_STATEMENT_MEMORY) as when each statement was parsed into its
   own arena; *over: the parse went over that limit. Returns as jt_sql_parse does; a statement
   that does not parse is not kept. The statement is valid until the next call: that may put
   other values into it. */
int jt_plans_get(jt_plans **plans, const char *sql, unsigned grammar, jt_stmt **out, size_t *parsed,
                 int *over, jt_sqlerr *e);

void jt_plans_free(jt_plans *p);

/* The bytes the cache holds (its arena), for tests: at most about JT_PLANS_BYTES and a
   statement's texts, whatever a run sends. */
size_t jt_plans_bytes(const jt_plans *p);

/* The cache starts again (empty) when it holds this many bytes and a statement needs more. */
#define JT_PLANS_BYTES (64u << 20)

#endif
