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

/* One step of the jobs' own progress on the virtual clock (the profile's progress table:
   pause-requested → paused, cancel-requested → reverting, reverting → canceled or failed);
   *out is the number of jobs that moved. 0, or JT_ENOMEM. */
int jt_model_advance(jt_model *m, int64_t *out);

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
