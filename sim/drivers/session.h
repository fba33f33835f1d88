/*
 * A session: one connection to the implementation under test, and the only way the kit reaches
 * one. It is opened from a driver spec (model, model:v2.1, plugin:PATH.so, exec:'COMMAND ARGS',
 * pgwire:URL) and its options (`--driver-option KEY=VALUE`), or from a driver table of one's own
 * (a test's fake); it checks the table once, connects (connect_with when the table has it and
 * options were given or it is ABI 3, connect otherwise), and keeps what every caller needs:
 *
 * - the capabilities of this connection (the table's conn_caps, asked again after each
 *   reconnection, else its caps);
 * - whether anything ran since it connected or started over (dirty), and whether the driver
 *   failed on it (broken: a call returned a negative JT_E... other than JT_ENOMEM and
 *   JT_ENOTSUP), so that starting over is one call: nothing when clean, reset when the
 *   connection can and is not broken, else a new connection;
 * - the driver's name (skipif/onlyif, reports) and the name the implementation gives itself.
 *
 * A session is used from one thread at a time.
 */
#ifndef JT_SESSION_H
#define JT_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "model/common.h"

struct jt_model;

/* Driver options, KEY=VALUE in the order given; the strings are owned here. */
typedef struct jt_options {
    jt_option *v;
    size_t n, cap;
} jt_options;

void jt_options_init(jt_options *o);
void jt_options_dispose(jt_options *o);
/* Adds key=value (both copied). JT_EINVAL for an empty key, or a key given already. */
int jt_options_add(jt_options *o, const char *key, const char *value, jt_error *err);
/* Adds "KEY=VALUE" as --driver-option gives it. JT_EINVAL without '='. */
int jt_options_parse(jt_options *o, const char *text, jt_error *err);
/* The value of key, or NULL. */
const char *jt_options_get(const jt_options *o, const char *key);
/* Adds every option of from (NULL: none) to to, but the key except (or NULL). */
int jt_options_copy(jt_options *to, const jt_options *from, const char *except, jt_error *err);
/* For a driver's connect_with: each of options[0 .. n) is one of keys (NULL-terminated), or
   JT_EINVAL "driver NAME takes no option 'KEY' (it takes A, B)". */
int jt_options_check(const jt_option *options, size_t n, const char *driver,
                     const char *const *keys, jt_error *err);

/*
 * What a spec says of an option before anything is opened: *value_out is the value of key in
 * options or, for a driver whose NAME:TARGET stands for that option (model:v2.1 is model with
 * profile=v2.1), in the spec; NULL when neither gives it. JT_EINVAL when the two differ or the
 * spec names no driver.
 */
int jt_driver_option_value(const char **value_out, const char *spec, const jt_options *options,
                           const char *key, jt_error *err);
/* Whether the driver a spec names takes option key: 1, 0, or -1 when the driver itself decides
   (a plugin; an exec adapter) or the spec names no driver. */
int jt_driver_takes(const char *spec, const char *key);
/* The specs the registry knows, for messages: "model, model:PROFILE, plugin:PATH.so, ..." */
const char *jt_driver_specs(void);

typedef struct jt_session jt_session;

/* Opens a session on the driver spec names, with options (copied; NULL: none). JT_EINVAL with
   "unknown driver 'SPEC': expected ..." for a spec the registry does not know. */
int jt_session_open(jt_session **out, const char *spec, const jt_options *options, jt_error *err);
/* Opens a session on a driver table of one's own, target given to its connect. */
int jt_session_open_driver(jt_session **out, const jt_driver *d, const char *target,
                           const jt_options *options, jt_error *err);
/* A new connection to the same implementation, opened as s was (another file, a replay). */
int jt_session_open_again(jt_session **out, const jt_session *s, jt_error *err);
/* A connection that joins the state s's connection made, for statements only: it makes no
   fixtures and never starts over (the sessions of `sim --sessions`). Only for a driver whose
   connections share one state (jt_session_shares_state). */
int jt_session_open_peer(jt_session **out, const jt_session *s, jt_error *err);
void jt_session_close(jt_session *s);

/* The driver's name: skipif/onlyif see it (a plugin's is its table's). */
const char *jt_session_name(const jt_session *s);
/* The name the implementation gives itself (an exec adapter's, from its hello), else the
   driver's name. */
const char *jt_session_self_name(const jt_session *s);
/* The spec it was opened from (the driver's name for a table of one's own). */
const char *jt_session_spec(const jt_session *s);
/* The value of an option it was opened with (model:v2.1 counted as profile=v2.1), or NULL. */
const char *jt_session_option(const jt_session *s, const char *key);
/* The capabilities of the connection now (JT_CAP_...). */
unsigned jt_session_caps(const jt_session *s);
/* What would give the driver more capabilities, for a message (" (give a recipe ...)"), or "". */
const char *jt_session_caps_hint(const jt_session *s);
/* Whether its connections reach one shared state (a server), rather than one each. */
int jt_session_shares_state(const jt_session *s);
/* The reference model behind the connection when the driver is the model, else NULL. */
const struct jt_model *jt_session_model(const jt_session *s);
/* The driver's connection (NULL while it is not connected). */
void *jt_session_conn(const jt_session *s);

/* Back to an empty scenario: nothing when nothing ran since the connection was made or reset,
   reset when it can and is not broken, else a new connection. */
int jt_session_restart(jt_session *s, jt_error *err);
/* Starts over now when the connection can reset and is neither clean nor broken: what the
   driver does wrong after the last call shows there. Nothing otherwise. */
int jt_session_tidy(jt_session *s, jt_error *err);

/* The driver's calls; a negative return other than JT_ENOMEM and JT_ENOTSUP leaves the
   session broken. advance is JT_ENOTSUP for a driver without one; exec, fixture and advance
   are JT_EDRIVER while a reconnection has failed. */
int jt_session_exec(jt_session *s, const char *user, const char *sql, jt_result *out,
                    jt_error *err);
void jt_session_free_result(jt_session *s, jt_result *res);
int jt_session_fixture(jt_session *s, const jt_fixture *fx, jt_error *err);
int jt_session_advance(jt_session *s, int64_t *moved, jt_error *err);
/* Whether the driver has advance (a virtual clock), as far as its table says. */
int jt_session_has_advance(const jt_session *s);

#endif
