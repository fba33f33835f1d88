/* The checker: a driver's result against a record's expectation. */
#ifndef JT_CHECK_H
#define JT_CHECK_H

#include "model/common.h"
#include "sim/cases/case.h"

/*
 * Compares res, the result of rec's SQL, with rec's expectation (see sim/cases/case.h):
 * - an expected error: res failed, its SQLSTATE equals rec->sqlstate (when given) and
 *   rec->error_re matches its message or "pq: " + message (when given);
 * - statement ok: res did not fail, and its count is rec->count when has_count;
 * - a query: res did not fail, has strlen(rec->types) columns, and its rows, rendered as
 *   CockroachDB's logic tests do (jt_check_render) and sorted as rec->flags say, equal the
 *   expected lines as whitespace-separated tokens (the column names first with colnames);
 * - with rec->let: exactly one value (the `let` + SQL form expects nothing else).
 * *out is NULL when it holds, else an allocated message of one or more lines:
 * "path:line: what: expected …, got …", then for rows a diff, each line indented by four
 * spaces and marked ' ' (both), '-' (expected only) or '+' (got only).
 * Returns 0, or JT_ENOMEM / JT_ELIMIT (err says what).
 */
int jt_check_result(char **out, const char *path, const jt_case_record *rec, const jt_result *res,
                    jt_error *err);

/* A result as one allocated text, to tell whether two results are the same: its SQLSTATE and
   message when it failed, else its tag, column names and values. NULL when memory ran out. */
char *jt_result_key(const jt_result *res);

/* Whether res is the answer of an implementation to SQL the kit does not model (the model's
   JT_OUTSIDE_SQLSTATE and JT_OUTSIDE_PREFIX, model/model.h): the reason, an allocated
   "not job control: …", for a record counted apart (skipped, never passed nor failed); NULL
   otherwise, or when memory is out (*oom set). */
char *jt_check_outside(const jt_result *res, int *oom);
/* The value a runner binds to `let $x` when its statement is outside the kit: a record that
   uses $x is outside too. */
#define JT_CHECK_OUTSIDE_VALUE "\x01not job control\x01"

/* A value as CockroachDB's logic tests show it: NULL as "NULL", the empty string as "·". */
const char *jt_check_render(const char *value);

#endif
