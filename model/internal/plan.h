/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * The plan cache (plan.c): statements parsed once by their text. A case file runs the same
 * statement text again and again (the same SELECT after each control statement); its parse
 * then costs a hash and a comparison. A cached statement is run as a prepared one is, again
 * and again: evaluation only resolves its column names and types its constants in place, the
 * same way each time.
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
   that does not parse is not kept. */
int jt_plans_get(jt_plans **plans, const char *sql, unsigned grammar, jt_stmt **out, size_t *parsed,
                 int *over, jt_sqlerr *e);

void jt_plans_free(jt_plans *p);

#endif
