/* Writing case files: records rendered from results, so that a generated scenario (jobtck sim,
   jobtck explore) reads back with sim/cases/caseread.c and replays with `jobtck run`. */
#ifndef JT_CASEWRITE_H
#define JT_CASEWRITE_H

#include <stddef.h>

#include "model/common.h"
#include "sim/text/strbuf.h"

/* `fixture user NAME [admin]` or `fixture job id=… type=… status=… [user=…] [description=…]
   [error=…]`, values SQL-quoted where needed, and a newline. A job fixture needs its type. */
int jt_casewrite_fixture(jt_strbuf *sb, const jt_fixture *fx);

/* An anchored regular expression (RE2 syntax, as case files write them) that matches msg exactly; a
   message of several lines: its first line, anchored at the start only. */
int jt_casewrite_regex(jt_strbuf *sb, const char *msg);

/*
 * The record of sql whose result was res, res being the expectation: `statement error pgcode
 * S ^msg$`, `statement ok [count n]`, or `query <types> colnames` with its rows rendered as
 * the checker renders them. Ends with a newline (no blank line).
 */
int jt_casewrite_expect(jt_strbuf *sb, const char *sql, const jt_result *res);

/* Writes len bytes of text to path as jt_atomic_write does (sim/text/atomic.h): a reader sees
   the old file or the whole new one; a device or a pipe is written in place. JT_EIO. */
int jt_casewrite_atomic(const char *path, const char *text, size_t len, jt_error *err);

#endif
