/*
 * The reference model: jobs, users, the lifecycle, privileges and the SQL subset of one
 * profile. Pure and deterministic: no I/O, no wall clock, no global mutable state.
 */
#ifndef JT_MODEL_H
#define JT_MODEL_H

#include "common.h"

typedef struct jt_model jt_model;
typedef struct jt_profile jt_profile;

/* The profile of that name ("v2.1"), or NULL. */
const jt_profile *jt_profile_find(const char *name);
const char *jt_profile_name(const jt_profile *p);
/* The default profile's name. */
#define JT_PROFILE_DEFAULT "v2.1"

int jt_model_new(jt_model **out, const jt_profile *profile, jt_error *err);
void jt_model_free(jt_model *m);
/* Back to an empty scenario: no jobs, users root and testuser, the clock at its start. */
void jt_model_reset(jt_model *m);
int jt_model_fixture(jt_model *m, const jt_fixture *fx, jt_error *err);
/* Runs one statement as user. A SQL error is a result (out->failed), not a failure of
   the call; the call fails only for memory or limits. out is caller-owned; release it
   with jt_result_dispose. */
int jt_model_exec(jt_model *m, const char *user, const char *sql, jt_result *out, jt_error *err);
void jt_result_dispose(jt_result *r);

/* One step of the jobs' own progress on the virtual clock (the profile's progress table:
   pause-requested → paused, cancel-requested → reverting, reverting → canceled or failed);
   *out is the number of jobs that moved. 0, or JT_ENOMEM. */
int jt_model_advance(jt_model *m, int64_t *out);

/* Number of jobs (for tests and benchmarks). */
size_t jt_model_job_count(const jt_model *m);

/* ---- Snapshots (model/snapshot.c): read-only views of the state, for the explorer and
   benchmarks of sim/. ---- */

typedef struct jt_model_status {
    int64_t id;
    uint8_t status; /* enum jt_status of model/profile.h */
} jt_model_status;

/* The jobs' ids and statuses in creation order: fills out[0 .. min(cap, n)) and returns n,
   the number of jobs. */
size_t jt_model_statuses(jt_model_status *out, size_t cap, const jt_model *m);
/* A hash of everything a statement can observe or change: every job's fields (status,
   timestamps, type, owner, description, error, reason, schedule), the users with their
   options and roles, the prepared statements and the clock; not the telemetry counters of
   crdb_internal.feature_usage, which count every statement tried. Equal states hash equal;
   a statement that changes nothing keeps the hash. */
uint64_t jt_model_hash(const jt_model *m);

#endif
