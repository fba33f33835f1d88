/*
 * The reference model: jobs, users, the lifecycle, privileges and the SQL subset of one
 * profile. Pure and deterministic: no I/O, no wall clock, no global mutable state.
 *
 * Code outside model/ includes this header, model/profile.h and model/common.h, nothing else:
 * the headers of model/internal/ are the model's own.
 */
#ifndef JT_MODEL_H
#define JT_MODEL_H

#include "common.h"
#include "profile.h"

typedef struct jt_model jt_model;

int jt_model_new(jt_model **out, const jt_profile *profile, jt_error *err);
void jt_model_free(jt_model *m);
/* Back to an empty scenario: no jobs, users root and testuser, the clock at its start. The
   spec-coverage counts are kept (see jt_model_coverage_take). */
void jt_model_reset(jt_model *m);
int jt_model_fixture(jt_model *m, const jt_fixture *fx, jt_error *err);
/* How the model's scenarios start, from now on (and the scenario starts over, as
   jt_model_reset): "kit", the default (users root and testuser, no jobs, the databases
   defaultdb, postgres and test, sessions in test), or "logictest", a CockroachDB logic-test
   cluster of the profile's release (also the jobs its harness and background made, the user
   node), where a statement outside the SQL the kit models answers JT_OUTSIDE_SQLSTATE as
   below rather than a syntax error. 0, or JT_EINVAL for another kind. */
int jt_model_start(jt_model *m, const char *kind);

/* A statement outside the SQL the kit models (the model keeps no table rows; under the
   "logictest" start, any statement that is not job control or its set-up) fails with this
   SQLSTATE and a message starting with JT_OUTSIDE_PREFIX: a runner counts it apart, neither
   passed nor failed. */
#define JT_OUTSIDE_SQLSTATE "0A000"
#define JT_OUTSIDE_PREFIX "outside the kit, not job control: "
/* Runs one statement as user. A SQL error is a result (out->failed), not a failure of
   the call; the call fails only for memory or limits. out is caller-owned; release it
   with jt_result_dispose. */
int jt_model_exec(jt_model *m, const char *user, const char *sql, jt_result *out, jt_error *err);
void jt_result_dispose(jt_result *r);

/* The command tag profile p says statement sql answers after count ids, into tag (size
   bytes): "PAUSE JOBS 2" (v2.1 on), "PAUSE JOB" (v2.0, no count), "PAUSE JOBS FOR SCHEDULES 2",
   "PAUSE ALL IMPORT JOBS 1". The statement is parsed, never run. Returns 1 when the profile
   says what the tag is (control statements), 0 when it does not (other statements, SQL it
   cannot parse), JT_ENOMEM. */
int jt_profile_expected_tag(const jt_profile *p, const char *sql, int64_t count, char *tag,
                            size_t size);

/* The same, remembered by the statement's shape in *memo (made on first use; freed by
   jt_tag_memo_free): a runner that asks it of every statement parses each shape once (the
   tag does not depend on the digits of the statement's integers: model/internal/sql.h). */
typedef struct jt_tag_memo jt_tag_memo;
int jt_profile_expected_tag_memo(jt_tag_memo **memo, const jt_profile *p, const char *sql,
                                 int64_t count, char *tag, size_t size);
void jt_tag_memo_free(jt_tag_memo *memo);

/* One step of the jobs' own progress on the virtual clock (the profile's progress table:
   pause-requested → paused, cancel-requested → reverting, reverting → canceled or failed);
   *out is the number of jobs that moved. 0, or JT_ENOMEM. */
int jt_model_advance(jt_model *m, int64_t *out);

/* ---- Sessions, parameters, cursors and copies (model/session.c, model/cursor.c,
   model/clone.c): what a server of many sessions needs (jobtck serve). ---- */

/* The prepared statements of one session (SQL PREPARE, and the extended protocol's Parse):
   apart from any model, so that they belong to the session, not to a user of a model, and
   outlive a model that is replaced (a transaction's copy). */
typedef struct jt_model_session jt_model_session;

int jt_model_session_new(jt_model_session **out, jt_error *err);
void jt_model_session_free(jt_model_session *ss);
/* Forgets every prepared statement (DEALLOCATE ALL; a JOBTCK RESET). */
void jt_model_session_clear(jt_model_session *ss);

/* A value for a placeholder $n. */
typedef struct jt_model_param {
    const char *text; /* the value as text; NULL: SQL NULL */
    char type;        /* a type letter of jt_result's (I T R B O S), or 0: untyped, typed by its use
                         as a string literal is (`PAUSE JOB $1` with '42': the job 42) */
} jt_model_param;

/* Runs one statement as user, as jt_model_exec does, with PREPARE, EXECUTE and DEALLOCATE on
   the session's prepared statements (ss NULL: the user's of the model) and $1 .. $nparams
   bound to params. */
int jt_model_exec_in(jt_model *m, jt_model_session *ss, const char *user, const char *sql,
                     const jt_model_param *params, size_t nparams, jt_result *out, jt_error *err);

/* Parse: prepares sql (one statement, placeholders $n) as name in the session; name "" is the
   unnamed statement, which each prepare replaces. types[0 .. ntypes) are the declared types
   of $1 .. (type letters; 0: not declared). A SQL error (syntax; a name in use; too many)
   goes into out->failed; out has no rows. Returns 0, or JT_ENOMEM. */
int jt_model_prepare(jt_model *m, jt_model_session *ss, const char *name, const char *sql,
                     const char *types, size_t ntypes, jt_result *out, jt_error *err);
/* Forgets the statement name of the session: 1, or 0 when there is none. */
int jt_model_deallocate(jt_model_session *ss, const char *name);

/* What a statement is without running it (the extended protocol's Describe). */
typedef struct jt_model_shape {
    size_t nparams;
    /* The type letter of each of $1 .. $nparams: declared, else inferred from its use (the
       id of PAUSE JOB $1: I; compared with a column: the column's type), else T. */
    char params[JT_LIMIT_PLACEHOLDERS + 1];
    int rows;       /* it returns rows (a query, SHOW JOBS, EXECUTE of one) */
    int reads_only; /* it changes nothing the model keeps (a query, SHOW, PREPARE, DEALLOCATE) */
    /* rows: the columns: ncols, columns, types as in a result; failed, sqlstate, message and
       position: the statement's error found without running it (its syntax). */
    jt_result result;
} jt_model_shape;

/* The shape of the prepared statement name of the session (sql NULL), or of sql; with
   params (nparams of them, or NULL), the result's types as those values make them. 0 (a SQL
   error goes into out->result), or JT_ENOMEM. Release with jt_model_shape_dispose. */
int jt_model_describe(jt_model *m, jt_model_session *ss, const char *user, const char *name,
                      const char *sql, const jt_model_param *params, size_t nparams,
                      jt_model_shape *out, jt_error *err);
void jt_model_shape_dispose(jt_model_shape *sh);

/* A statement whose rows are produced a batch at a time (a portal): a query is planned,
   filtered and ordered when it is opened, and each fetch renders the next rows only, so that
   a large result never exists whole. Any other statement runs whole when opened, and its
   result is handed out by the fetches. The model must not change, nor be freed, until the
   cursor is closed. */
typedef struct jt_model_cursor jt_model_cursor;

/* Opens the prepared statement name of the session (sql NULL), or sql, with params, as
   user. *head gets the result's columns (none for a statement without rows), or its SQL
   error (failed; *out is then NULL). 0, or JT_ENOMEM. */
int jt_model_open(jt_model *m, jt_model_session *ss, const char *user, const char *name,
                  const char *sql, const jt_model_param *params, size_t nparams,
                  jt_model_cursor **out, jt_result *head, jt_error *err);
/* Up to max next rows into *out (ncols and values; the columns are head's); once the last are out,
   out->tag is the statement's tag (SELECT n, PAUSE JOBS n) and out->count its count; a SQL error
   met on the way (a value a row cannot have) is out->failed, and ends the cursor. 0, or JT_ENOMEM.
 */
int jt_model_fetch(jt_model_cursor *c, size_t max, jt_result *out, jt_error *err);
/* Whether the last row and the tag have been fetched (or an error). */
int jt_model_cursor_done(const jt_model_cursor *c);
void jt_model_close(jt_model_cursor *c);

/* A copy of m: its jobs, users and roles, clock and counters, not its own prepared
   statements (those of jt_model_exec; a session's are apart). Serve's transactions work on a
   copy, and a copy takes the place of a model that open cursors still read. */
int jt_model_clone(const jt_model *m, jt_model **out, jt_error *err);
/* Number of jobs (serve: whether a query is large enough for its helper thread). */
size_t jt_model_job_count(const jt_model *m);

/* ---- Snapshots (model/snapshot.c): read-only views of the state, for the explorer and
   benchmarks of sim/. ---- */

typedef struct jt_model_status {
    int64_t id;
    uint8_t status; /* enum jt_status of model/profile.h */
} jt_model_status;

/* The jobs' ids and statuses in creation order: fills out[0 .. min(cap, n)) and returns n,
   the number of jobs (out may be NULL when cap is 0). */
size_t jt_model_statuses(jt_model_status *out, size_t cap, const jt_model *m);
/* A job as the explorer sees it (sim/search/): its id, status and error text, the part of a
   job's state that statements and the jobs' own progress change, besides the timestamps. */
typedef struct jt_model_job_view {
    int64_t id;
    uint8_t status;    /* enum jt_status of model/profile.h */
    const char *error; /* NULL: none; the model's, valid until the model next changes */
} jt_model_job_view;

/* The jobs in creation order, as jt_model_statuses, with their errors. */
size_t jt_model_job_views(jt_model_job_view *out, size_t cap, const jt_model *m);
/* The profile the model runs. */
const jt_profile *jt_model_profile(const jt_model *m);
/* A hash of everything a statement can observe or change: every job's fields (status,
   timestamps, type, owner, description, error, reason, schedule), the users with their
   options and roles, the prepared statements and the clock; not the telemetry counters of
   crdb_internal.feature_usage (telemetry, not a job's state), nor the spec coverage.
   Equal states hash equal; a statement that changes nothing keeps the hash. */
uint64_t jt_model_hash(const jt_model *m);

/* ---- Spec coverage: which cells of the profile's transition table control statements
   exercised, counted as they run (as crdb_internal.feature_usage is). ----
 *
 * A cell is (status of a job, operation PAUSE|RESUME|CANCEL, job type, privilege kind of the
 * session user: a member of admin or not), plus a row "(no such id)" (status
 * JT_COVER_MISSING, type 0) per operation and privilege kind.
 *
 * A control statement (PAUSE|RESUME|CANCEL JOB(S), through EXECUTE too) that gets the ids it
 * works through (its selection evaluated with the right shape, or the jobs a delegated form
 * FOR SCHEDULES / ALL <type> JOBS picks) counts one statement, and hits:
 * - when the privilege check before anything is read lets its user through: each job it
 *   processes, in order, up to and including the one that stops it (no such id, a refusal
 *   for that job, a transition error); a job it moved is seen in its new status by a later
 *   id of the same statement;
 * - when that check refuses its user: each job its selection names, evaluated as root (the
 *   refusal holds for each of them), whatever its status, and each id without a job.
 * A statement that fails before it has its ids (a syntax error, a wrong shape) hits nothing.
 */

/* The privilege kind of a session user. */
enum jt_priv { JT_PRIV_ADMIN, JT_PRIV_OTHER, JT_PRIV_COUNT };

/* The status index of the "(no such id)" row; its cells use type index 0 only. */
#define JT_COVER_MISSING JT_ST_COUNT

typedef struct jt_coverage {
    uint64_t hits[JT_ST_COUNT + 1][JT_OP_COUNT][JT_TY_COUNT][JT_PRIV_COUNT];
    uint64_t statements; /* control statements that got their ids */
} jt_coverage;

/* Adds the model's counts (since jt_model_new or the last take) to *sum, and starts them over
   from zero. jt_model_reset keeps them: a model that runs file after file (a runner's shadow)
   counts them all, and they are taken when the caller wants them (after each file). */
void jt_model_coverage_take(jt_model *m, jt_coverage *sum);

#endif
