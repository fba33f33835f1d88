/*
 * Completion: fills in the expected results of case files from a driver (the reference
 * model by default), as sqllogictest's completion mode does (`jobtck complete`).
 *
 * Input is a case file (docs/case-language.md), or a *prototype* of one, where
 *   - a statement record's directive is the bare word `statement` (no ok / error), and
 *   - a query record is `query <types> [colnames] [rowsort|valuesort|nosort] [retry]` and its
 *     SQL, with no `----` part.
 * Every other line (comments, blank lines, subtest, covers, user, fixture, skipif, onlyif,
 * let, halt, the SQL itself) passes through byte for byte. Records that already have an
 * expectation are completed again, so completing a completed file gives it back unchanged
 * when the driver behaves the same.
 *
 * The records run on the runner's own loop, in its completion mode (sim/run/runner.h,
 * jt_runner_complete_case): in order on one connection of the driver (reset before each
 * file), with fixtures, the session user of `user`, skipif / onlyif (the driver's name and
 * the profile are the tags), `let` and $name, exactly as `jobtck run` runs them; a
 * `query … retry` runs once the jobs have moved as far as they go. Each statement or query
 * record is rewritten from what came back:
 *   statement ok [count N]                         success (count when the tag has one)
 *   statement error [pgcode XXXXX] ^<message>$     an error; the message regex-escaped
 *                                                  (RE2 syntax); a message of several lines:
 *                                                  ^<its first line>, unanchored at the end
 *   query <types> [options]  <sql>  ----  rows     success: the rows as the checker compares
 *                                                  them (NULL, `·` for the empty string), the
 *                                                  columns aligned; rowsort and valuesort
 *                                                  rows written sorted
 *   query error [pgcode XXXXX] ^<message>$         a query that fails
 * A query keeps its types when there are as many as columns, else takes the driver's.
 *
 * Input errors (JT_EPARSE, "path:line[:col]: message", the first line of what `jobtck run`
 * would say): malformed input; what the run would count against the file (a fixture that
 * fails; for a record that does not expect an error, SQL outside the subset or beyond the
 * implementation's limits; a `let` query that fails or gives other than one value); a
 * prototype record that does not run (skipif, onlyif, after halt); a result that the case
 * language cannot hold (a query without columns, a row that would read as a blank line,
 * `----` or a record). JT_EINVAL for a file written for another profile, JT_ENOTSUP for a
 * driver that lacks what the file needs, JT_EDRIVER when the driver fails.
 *
 * Output is byte-identical for identical input and driver behaviour.
 */
#ifndef JT_COMPLETE_H
#define JT_COMPLETE_H

#include <stddef.h>

#include "model/common.h"

/* Bytes in one case file read or written by completion. */
#define JT_COMPLETE_LIMIT_FILE (256u * 1024u * 1024u)

struct jt_session;

typedef struct jt_complete_config {
    /* The connection that gives the results (sim/drivers/session.h), with fixtures and users
       for files that use them: the completer takes it over and closes it in
       jt_completer_free (in jt_completer_new too, when that fails). */
    struct jt_session *session;
    const char *profile; /* the profile skipif / onlyif see (NULL: the default); an unknown
                            one: jt_completer_new fails with JT_EINVAL */
} jt_complete_config;

/* What one completion did. */
typedef struct jt_complete_stats {
    size_t statements; /* statement records completed */
    size_t queries;    /* query records completed (let included) */
    size_t errors;     /* of them, records that expect an error */
} jt_complete_stats;

typedef struct jt_completer jt_completer;

/* Takes cfg->session over. cfg's strings must outlive the completer. */
int jt_completer_new(jt_completer **out, const jt_complete_config *cfg, jt_error *err);
void jt_completer_free(jt_completer *c);

/*
 * Completes text (len bytes), the case file named path in messages. *out is the completed
 * text (allocated, NUL-terminated, *outlen bytes) and stats (when not NULL) what was done.
 * Returns 0; JT_EPARSE / JT_ELIMIT for input errors, with err->message "path:line: message";
 * JT_EINVAL, JT_ENOTSUP, JT_EDRIVER as above; JT_ENOMEM.
 */
int jt_completer_text(char **out, size_t *outlen, jt_complete_stats *stats, jt_completer *c,
                      const char *path, const char *text, size_t len, jt_error *err);

/*
 * Reads in_path, completes it and writes out_path atomically: a temporary file in the
 * folder of out_path, renamed over it (mode 0644). out_path may equal in_path. Nothing is
 * written on an error. JT_EIO with "path: …" when a file cannot be read or written.
 */
int jt_completer_file(jt_complete_stats *stats, jt_completer *c, const char *in_path,
                      const char *out_path, jt_error *err);

/*
 * An anchored regular expression (RE2 syntax) that matches exactly message (as
 * jt_case_regex_compile reads it): ^ and $ around it, \ before each of . [ ( ) * + ? { | ^ $ \. A
 * message of several lines gives ^ and its first line only (no $). *out is allocated. JT_ENOMEM or
 * JT_ELIMIT.
 */
int jt_complete_regex(char **out, const char *message);

#endif
