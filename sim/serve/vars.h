/*
 * Session variables of serve (private to sim/serve/): SET, SHOW, RESET and DISCARD, the
 * startup packet's parameters, and the ParameterStatus messages a client reads (at startup,
 * and when a reported variable changes, as PostgreSQL does: application_name and the like).
 *
 * The values a CockroachDB release reports (docs/pgwire.md): server_version 9.5.0 up to v20.2,
 * 13.0.0 from v21.1, 18.0.0 from v26.3 (cockroachdb/cockroach#56248, #168712); version() and
 * crdb_version "CockroachDB CCL v<release>.0 (...)" (pkg/build/info.go Short()).
 */
#ifndef JT_SERVE_VARS_H
#define JT_SERVE_VARS_H

#include <stddef.h>

#include "sim/serve/conn.h"

/* The variable's value (its default, or the session's), or NULL for an unknown name (case
   does not matter). */
const char *jt_var_get(const jt_serve *s, const jt_conn *c, const char *name);
/* A startup parameter (besides user and database) set as SET would; 0, or -1 with a message
   (an unknown variable, a bad value) in msg and its SQLSTATE in sqlstate. */
int jt_vars_startup(jt_serve *s, jt_conn *c, const char *name, const char *value, char sqlstate[6],
                    char *msg, size_t msgsize);
/* The ParameterStatus messages of the startup, in the release's order. */
void jt_vars_report_all(jt_serve *s, jt_conn *c);
/* Runs SET, SHOW, RESET or DISCARD: its result (rows for SHOW; a SQL error) into out; the
   ParameterStatus of a reported variable that changed is sent. 0; 1 when the statement is
   not of the forms serve reads (out stays empty); or JT_ENOMEM. */
int jt_vars_run(jt_serve *s, jt_conn *c, const char *sql, jt_result *out);
/* The end of a transaction block: SET LOCAL's values are undone. */
void jt_vars_txn_end(jt_serve *s, jt_conn *c);
/* Forgets the session's values. */
void jt_vars_free(jt_conn *c);

/* The profile's release: the server_version it reports, and version()'s text. */
const char *jt_serve_server_version(const jt_serve *s);
void jt_serve_version_text(const jt_serve *s, char *buf, size_t size);

#endif
