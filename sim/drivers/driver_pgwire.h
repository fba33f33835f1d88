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
 * - Fixtures through a recipe of SQL templates (--fixtures FILE, below). Without one the driver
 *   lacks JT_CAP_FIXTURES and JT_CAP_RESET: files that need fixtures are skipped.
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

/* With a recipe: fixtures, users, reset. (jt_driver_pgwire, in sim/drivers/drivers.h, has no recipe.) */
extern const jt_driver jt_driver_pgwire_fixtures;
/* With a recipe whose @user uses ${controljob} ${viewjob} ${member_of} and whose @job uses
   ${schedule} ${age_seconds}: role fixtures and job meta too (JT_CAP_ROLES, JT_CAP_JOB_META). */
extern const jt_driver jt_driver_pgwire_roles;

/*
 * The connect target of the pgwire drivers for a URL (a libpq URI or key=value string), a
 * recipe (or NULL) and a statement timeout (0: the default): lines `fixtures=PATH` and
 * `statement_timeout_ms=N` before the URL. *driver_out is the driver table that fits.
 * *out is allocated. JT_EINVAL when a value cannot be carried (a newline in a path).
 */
int jt_pgwire_target(char **out, const jt_driver **driver_out, const char *url,
                     const char *fixtures, int statement_timeout_ms, jt_error *err);

#endif
