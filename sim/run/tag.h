/* The command tag of a statement's result against the one its profile says (issue 11 item 6). */
#ifndef JT_RUN_TAG_H
#define JT_RUN_TAG_H

#include "model/common.h"
#include "model/model.h"
#include "model/profile.h"
#include "sim/cases/case.h"

/*
 * For a `statement ok` record that succeeded, compares the words of the result's command tag
 * with the tag profile p gives the statement (jt_profile_expected_tag: the model parses sql,
 * never runs it; *memo remembers its answers by the statement's shape) after the record's count, or
 * the result's when the record gives none; the check is of the words, the count being the record's
 * business. Statements whose tag the profile does not say (queries, SET, EXECUTE …) are not
 * checked. *out is NULL when it holds, else an allocated "path:line: statement: expected tag
 * \"PAUSE JOBS 1\", got \"PAUSE JOB 1\"". Returns 0, or JT_ENOMEM.
 */
int jt_tag_check(char **out, jt_tag_memo **memo, const char *path, const jt_case_record *rec,
                 const jt_profile *p, const char *sql, const jt_result *res);

#endif
