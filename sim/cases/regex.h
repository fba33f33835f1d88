/*
 * The error regexes of case files (`statement error <regex>`). CockroachDB's logic tests
 * write them in Go's regexp syntax and match them with regexp.MatchString, an unanchored
 * search of the error's text: testutils.IsError (pkg/testutils/error.go, read at commit
 * 0116efa), which verifyError of the logic tests calls (sql/logic_test.go in 2015, later
 * pkg/sql/logictest/logic.go).
 * The kit does the same with RE2 (sim/cases/regex_re2.h), whose syntax and semantics Go's
 * package shares: (?i) and the other flags, \d \s \w, [[:alpha:]], \pL; `.` does not match a
 * newline; ^ and $ are the text's ends; no backreferences. The text a regex is matched against
 * is the message, then "pq: " and the message (sim/cases/check.c), as lib/pq's errors read.
 */
#ifndef JT_REGEX_H
#define JT_REGEX_H

#include "model/common.h"

typedef struct jt_regex jt_regex;

/*
 * Compiles src. JT_EPARSE when RE2 refuses it, with RE2's reason in err->message (no path or
 * line): "missing )", "invalid escape sequence: \1"; JT_ENOMEM. *out is freed with
 * jt_case_regex_free.
 */
int jt_case_regex_compile(jt_regex **out, const char *src, jt_error *err);
void jt_case_regex_free(jt_regex *re);
/* 1 when re matches somewhere in text, 0 when not; JT_ENOMEM. */
int jt_case_regex_match(const jt_regex *re, const char *text);

#endif
