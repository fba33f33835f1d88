/*
 * The pgwire driver: any PostgreSQL-wire server (CockroachDB, PostgreSQL, jobtck serve) through
 * libpq.
 *
 * - One connection per case user: the URL's parameters with `user` replaced by the case user
 *   (PQconnectdbParams with expand_dbname). Fixtures and resets run on a connection of the URL's
 *   own user. Connections open on first use, so an unreachable server makes each step fail
 *   with a one-line error ("cannot connect as root: …") and the run goes on.
 * - Results: the count from the command tag's last number, SQLSTATE and message on errors,
 *   values in canonical text (bool true/false, float +Inf/-Inf/NaN; see jt_result).
 * - A lost connection (the server went away, SQLSTATE class 08, 57P01..57P03) is a driver
 *   failure of that step, never a result; the next step opens a new connection.
 * - A statement timeout: a step without a result within the timeout is canceled (PQcancel)
 *   and is a driver failure; so is a statement the server canceled (57014).
 * - Options (connect_with): fixtures=FILE, a recipe of SQL templates (below; --fixtures FILE),
 *   and statement_timeout_ms=N (--statement-timeout N). What a connection can do follows from
 *   its recipe (conn_caps): without one it lacks JT_CAP_FIXTURES and JT_CAP_RESET, and files
 *   that need fixtures are skipped; with one whose @user and @job use the keys of ABI 2, it has
 *   JT_CAP_ROLES and JT_CAP_JOB_META too.
 * - A recipe statement of @user or @job that fails with SQLSTATE 22023 (invalid_parameter_value)
 *   refuses the fixture as impossible in the implementation's version: JT_EINVAL, an error of
 *   the case file as on the model; any other error is a failure of the driver.
 *
 * The recipe: sections, each opened by a line `-- @NAME`, of SQL statements separated by blank
 * lines; other lines that start with `--` are comments.
 *
 *   -- @reset     run before each case file (and before the first fixture): required
 *   -- @user      run for `fixture user`: ${name} ${admin} ${controljob} ${viewjob}
 *                 ${member_of} (comma-separated roles, or NULL); required
 *   -- @job       run for `fixture job`: ${id} ${type} ${status} ${user} ${description}
 *                 ${error} ${schedule} (a decimal string, or NULL) ${age_seconds}; required
 *   -- @connect   run on each new connection: ${user} (the session user, or NULL); optional
 *   -- @advance   one step of the jobs' own progress (`query … retry`); the last statement's
 *                 tag count is the number of jobs that moved; optional: without it, the
 *                 server's jobs move on their own and the runner polls
 *
 * ${key} is the value as an SQL literal (PQescapeLiteral; NULL when not given), ${key:ident}
 * as an identifier (PQescapeIdentifier), except ${id} (decimal) and ${admin} (true or false).
 * Any other `$` is kept as it is.
 */
#ifndef JT_DRIVER_PGWIRE_H
#define JT_DRIVER_PGWIRE_H

#include "model/common.h"

#define JT_PGWIRE_TIMEOUT_DEFAULT_MS 30000 /* a statement's result */
#define JT_PGWIRE_TIMEOUT_MAX_MS 86400000
#define JT_PGWIRE_CONNECT_TIMEOUT_S "10" /* libpq's connect_timeout, unless the URL says */
#define JT_PGWIRE_CANCEL_GRACE_MS 2000   /* for the result after a cancel request */
#define JT_PGWIRE_LIMIT_SESSIONS 256     /* connections open at once (case users) */
#define JT_PGWIRE_LIMIT_RECIPE 10000     /* statements in a recipe */

#endif
