#include "profile.h"

#include "common.h"

#define TO(s)                                                                                      \
    { JT_ACT_TO, JT_ST_##s, JT_ERR_NONE }
#define NOOP                                                                                       \
    { JT_ACT_NOOP, 0, JT_ERR_NONE }
#define ERR(e)                                                                                     \
    { JT_ACT_ERROR, 0, JT_ERR_##e }

/* ---- the tables' columns ---- */

#define TABLE(names, fields)                                                                       \
    { (names), (fields), sizeof(fields) / sizeof((fields)[0]) }

/* v2.1: docs/spec.md, section 6. */
static const char *const v21_show_names[] = {
    "job_id",  "job_type", "description", "user_name",          "status", "created",
    "started", "finished", "modified",    "fraction_completed", "error",  "coordinator_id"};
static const uint8_t v21_show_fields[] = {
    JT_F_ID,      JT_F_TYPE,     JT_F_DESCRIPTION, JT_F_USER,     JT_F_STATUS, JT_F_CREATED,
    JT_F_STARTED, JT_F_FINISHED, JT_F_MODIFIED,    JT_F_FRACTION, JT_F_ERROR,  JT_F_COORDINATOR};
/* v19.1 to v21.1: statement and running_status added. */
static const char *const v191_show_names[] = {
    "job_id",   "job_type",           "description", "statement",     "user_name",
    "status",   "running_status",     "created",     "started",       "finished",
    "modified", "fraction_completed", "error",       "coordinator_id"};
static const uint8_t v191_show_fields[] = {
    JT_F_ID,       JT_F_TYPE,           JT_F_DESCRIPTION, JT_F_STATEMENT,  JT_F_USER,
    JT_F_STATUS,   JT_F_RUNNING_STATUS, JT_F_CREATED,     JT_F_STARTED,    JT_F_FINISHED,
    JT_F_MODIFIED, JT_F_FRACTION,       JT_F_ERROR,       JT_F_COORDINATOR};
/* v21.2 to v23.2: the run columns added. */
static const char *const v212_show_names[] = {
    "job_id",   "job_type",           "description", "statement",       "user_name",
    "status",   "running_status",     "created",     "started",         "finished",
    "modified", "fraction_completed", "error",       "coordinator_id",  "trace_id",
    "last_run", "next_run",           "num_runs",    "execution_errors"};
static const uint8_t v212_show_fields[] = {
    JT_F_ID,       JT_F_TYPE,           JT_F_DESCRIPTION, JT_F_STATEMENT,       JT_F_USER,
    JT_F_STATUS,   JT_F_RUNNING_STATUS, JT_F_CREATED,     JT_F_STARTED,         JT_F_FINISHED,
    JT_F_MODIFIED, JT_F_FRACTION,       JT_F_ERROR,       JT_F_COORDINATOR,     JT_F_TRACE_ID,
    JT_F_LAST_RUN, JT_F_NEXT_RUN,       JT_F_NUM_RUNS,    JT_F_EXECUTION_ERRORS};
/* v24.1 on, plain SHOW JOBS: for people (no statement, long descriptions abbreviated). */
static const char *const v241_show_names[] = {"job_id",
                                              "job_type",
                                              "description",
                                              "user_name",
                                              "status",
                                              "running_status",
                                              "created",
                                              "started",
                                              "finished",
                                              "modified",
                                              "fraction_completed",
                                              "error",
                                              "coordinator_id"};
static const uint8_t v241_show_fields[] = {JT_F_ID,         JT_F_TYPE,     JT_F_DESCRIPTION_SHORT,
                                           JT_F_USER,       JT_F_STATUS,   JT_F_RUNNING_STATUS,
                                           JT_F_CREATED,    JT_F_STARTED,  JT_F_FINISHED,
                                           JT_F_MODIFIED,   JT_F_FRACTION, JT_F_ERROR,
                                           JT_F_COORDINATOR};
/* v24.1 on, SHOW JOB x and SHOW JOBS <select>. */
static const char *const v241_ids_names[] = {
    "job_id",    "job_type",       "description",    "statement",
    "user_name", "status",         "running_status", "created",
    "started",   "finished",       "modified",       "fraction_completed",
    "error",     "coordinator_id", "trace_id",       "execution_errors"};
static const uint8_t v241_ids_fields[] = {
    JT_F_ID,      JT_F_TYPE,        JT_F_DESCRIPTION,    JT_F_STATEMENT,
    JT_F_USER,    JT_F_STATUS,      JT_F_RUNNING_STATUS, JT_F_CREATED,
    JT_F_STARTED, JT_F_FINISHED,    JT_F_MODIFIED,       JT_F_FRACTION,
    JT_F_ERROR,   JT_F_COORDINATOR, JT_F_TRACE_ID,       JT_F_EXECUTION_ERRORS};
/* system.jobs: the columns the model has (payload and progress are protocol buffers). */
static const char *const v21_system_names[] = {"id", "status", "created"};
static const uint8_t v21_system_fields[] = {JT_F_ID, JT_F_STATUS, JT_F_CREATED};
static const char *const v202_system_names[] = {"id", "status", "created", "created_by_type",
                                                "created_by_id"};
static const uint8_t v202_system_fields[] = {JT_F_ID, JT_F_STATUS, JT_F_CREATED,
                                             JT_F_CREATED_BY_TYPE, JT_F_CREATED_BY_ID};

/* SHOW JOBS, SHOW JOB x and crdb_internal.jobs with the same columns (show_*), and
   system.jobs's (system_*). */
#define SAME_SHOW_TABLES(show_names, show_fields, system_names, system_fields)                     \
    .show_jobs = TABLE(show_names, show_fields), .show_job_ids = TABLE(show_names, show_fields),   \
    .crdb_jobs = TABLE(show_names, show_fields), .system_jobs = TABLE(system_names, system_fields)

#define V21_TABLES                                                                                 \
    SAME_SHOW_TABLES(v21_show_names, v21_show_fields, v21_system_names, v21_system_fields)

/* ---- statuses, types, transitions ---- */

#define V21_STATUSES                                                                               \
    .status_names = {"pending", "running", "paused", "succeeded", "failed", "canceled"}
#define V201_STATUSES                                                                              \
    .status_names = {"pending",  "running",         "paused",           "succeeded", "failed",     \
                     "canceled", "pause-requested", "cancel-requested", "reverting"}
#define V212_STATUSES                                                                              \
    .status_names = {"pending",   "running",      "paused",          "succeeded",                  \
                     "failed",    "canceled",     "pause-requested", "cancel-requested",           \
                     "reverting", "revert-failed"}
#define V21_TYPES .type_names = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED", "SCHEMA CHANGE"}
#define V191_TYPES                                                                                 \
    .type_names = {"IMPORT",     "BACKUP",        "RESTORE",                                       \
                   "CHANGEFEED", "SCHEMA CHANGE", "AUTO CREATE STATS"},                            \
    .automatic = {[JT_TY_AUTO_CREATE_STATS] = 1}, .source_in_id_order = 1
/* v20.1 on: the schema changes' GC jobs too, which cannot be canceled */
#define V201_TYPES                                                                                 \
    .type_names = {"IMPORT",          "BACKUP",        "RESTORE",                                  \
                   "CHANGEFEED",      "SCHEMA CHANGE", "AUTO CREATE STATS",                        \
                   "SCHEMA CHANGE GC"},                                                            \
    .automatic = {[JT_TY_AUTO_CREATE_STATS] = 1}, .noncancelable = {[JT_TY_SCHEMA_CHANGE_GC] = 1}, \
    .source_in_id_order = 1

#define NO_PROGRESS                                                                                \
    .progress = {JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS,             \
                 JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS}

/* v2.1 to v19.2: one phase. */
#define V21_TABLE                                                                                  \
    .terminal = {[JT_ST_SUCCEEDED] = 1, [JT_ST_FAILED] = 1, [JT_ST_CANCELED] = 1},                 \
    .table =                                                                                       \
        {                                                                                          \
            /*               PAUSE                 RESUME                CANCEL */                 \
            [JT_ST_PENDING] = {TO(PAUSED), ERR(RESUME_STATUS), TO(CANCELED)},                      \
            [JT_ST_RUNNING] = {TO(PAUSED), NOOP, TO(CANCELED)},                                    \
            [JT_ST_PAUSED] = {NOOP, TO(RUNNING), TO(CANCELED)},                                    \
            [JT_ST_SUCCEEDED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), ERR(CANCEL_STATUS)},       \
            [JT_ST_FAILED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), ERR(CANCEL_STATUS)},          \
            [JT_ST_CANCELED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), NOOP},                      \
    },                                                                                             \
    NO_PROGRESS, .schema_refuses = {1, 1, 0}, .rollback_refuses = {0, 0, 1}

#define BIT(s) (1u << JT_ST_##s)

/* v20.1 on: PAUSE and CANCEL ask, the job's own progress does the rest. */
#define V201_TABLE                                                                                 \
    .terminal = {[JT_ST_SUCCEEDED] = 1,                                                            \
                 [JT_ST_FAILED] = 1,                                                               \
                 [JT_ST_CANCELED] = 1,                                                             \
                 [JT_ST_REVERT_FAILED] = 1},                                                       \
    .table =                                                                                       \
        {                                                                                          \
            [JT_ST_PENDING] = {TO(PAUSE_REQUESTED), ERR(RESUME_STATUS), TO(CANCEL_REQUESTED)},     \
            [JT_ST_RUNNING] = {TO(PAUSE_REQUESTED), NOOP, TO(CANCEL_REQUESTED)},                   \
            [JT_ST_PAUSED] = {NOOP, TO(RUNNING), TO(CANCEL_REQUESTED)},                            \
            [JT_ST_SUCCEEDED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), ERR(CANCEL_STATUS)},       \
            [JT_ST_FAILED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), ERR(CANCEL_STATUS)},          \
            [JT_ST_CANCELED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), NOOP},                      \
            [JT_ST_PAUSE_REQUESTED] = {NOOP, ERR(RESUME_STATUS), ERR(CANCEL_STATUS)},              \
            [JT_ST_CANCEL_REQUESTED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), NOOP},              \
            [JT_ST_REVERTING] = {TO(PAUSE_REQUESTED), NOOP, ERR(CANCEL_STATUS)},                   \
            [JT_ST_REVERT_FAILED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), ERR(CANCEL_STATUS)},   \
    },                                                                                             \
    .progress = {JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS,    JT_NO_STATUS,   JT_NO_STATUS,        \
                 JT_NO_STATUS, JT_ST_PAUSED, JT_ST_REVERTING, JT_ST_CANCELED, JT_NO_STATUS},       \
    .two_phase = 1,                                                                                \
    .prefilter = {BIT(PENDING) | BIT(RUNNING) | BIT(REVERTING), BIT(PAUSED),                       \
                  BIT(PENDING) | BIT(RUNNING) | BIT(PAUSED)},                                      \
    .schema_refuses = {0, 0, 0}, .rollback_refuses = {0, 0, 0}

/* ---- error texts ---- */

#define V21_ERRORS                                                                                 \
    [JT_ERR_NONE] = {"", ""}, [JT_ERR_NOT_FOUND] = {"job with ID {id} does not exist", "XX000"},   \
    [JT_ERR_PAUSE_STATUS] = {"cannot pause {status} job (id {id}{errc})", "XX000"},                \
    [JT_ERR_RESUME_STATUS] = {"job with status {status}{errq} cannot be resumed", "XX000"},        \
    [JT_ERR_CANCEL_STATUS] = {"job with status {status}{errq} cannot be canceled", "XX000"},       \
    [JT_ERR_NOT_CONTROLLABLE] = {"job {id} is not controllable", "XX000"},                         \
    [JT_ERR_PRIVILEGE] = {"only users with the admin role are allowed to {op} JOBS", "42501"},     \
    [JT_ERR_SHOW_PRIVILEGE] = {"user {user} does not have SELECT privilege on relation jobs",      \
                               "XX000"},                                                           \
    [JT_ERR_SHAPE] = {"{stmt} expects a single column source, got {arg} columns", "XX000"},        \
    [JT_ERR_TYPE] = {"{stmt} requires {want} values, not type {arg}", "XX000"}

/* v19.2: uncategorized errors are XXUUU; the optimizer checks the selection's shape. */
#define V192_COMMON_ERRORS                                                                         \
    [JT_ERR_NONE] = {"", ""}, [JT_ERR_NOT_FOUND] = {"job with ID {id} does not exist", "XXUUU"},   \
    [JT_ERR_NOT_CONTROLLABLE] = {"job {id} is not controllable", "XXUUU"},                         \
    [JT_ERR_PRIVILEGE] = {"only users with the admin role are allowed to {op} JOBS", "42501"},     \
    [JT_ERR_SHOW_PRIVILEGE] = {"user {user} does not have SELECT privilege on relation jobs",      \
                               "42501"},                                                           \
    [JT_ERR_SHAPE] = {"too many columns in {stmt} data", "42601"},                                 \
    [JT_ERR_TYPE] = {"{stmt} data column 1 ({col}) must be of type {want}, not type {arg}",        \
                     "42601"}

#define V192_ERRORS                                                                                \
    V192_COMMON_ERRORS,                                                                            \
        [JT_ERR_PAUSE_STATUS] = {"cannot pause {status} job (id {id}{errc})", "XXUUU"},            \
        [JT_ERR_RESUME_STATUS] = {"job with status {status}{errq} cannot be resumed", "XXUUU"},    \
        [JT_ERR_CANCEL_STATUS] = {"job with status {status}{errq} cannot be canceled", "XXUUU"}

/* v20.1 on: the texts of two-phase control. */
#define V201_STATUS_ERRORS                                                                         \
    V192_COMMON_ERRORS,                                                                            \
        [JT_ERR_PAUSE_STATUS] = {"job with status {status} cannot be requested to be paused",      \
                                 "XXUUU"},                                                         \
        [JT_ERR_RESUME_STATUS] = {"job with status {status} cannot be resumed", "XXUUU"},          \
        [JT_ERR_CANCEL_STATUS] = {"job with status {status} cannot be requested to be canceled",   \
                                  "XXUUU"},                                                        \
        [JT_ERR_NOT_CANCELABLE] = {"job {id}: not cancelable", "XXUUU"}

#define V201_ERRORS                                                                                \
    V201_STATUS_ERRORS, [JT_ERR_FINAL_RESUME] = {                                                  \
                            "job {id} is paused and has non-nil FinalResumeError {err} "           \
                            "hence cannot be canceled and should be reverted",                     \
                            "XXUUU"}

#define V202_CONTROLJOB_ERRORS                                                                     \
    [JT_ERR_NO_CONTROLJOB] = {"user {user} does not have CONTROLJOB privilege", "42501"},          \
    [JT_ERR_ADMIN_OWNED] = {"only admins can control jobs owned by other admins", "42501"}

#define V202_ERRORS V201_ERRORS, V202_CONTROLJOB_ERRORS

/* v21.2 on: the FinalResumeError is wrapped; v22.2: per-job authorization. */
#define V222_ERRORS                                                                                \
    V201_STATUS_ERRORS, V202_CONTROLJOB_ERRORS,                                                    \
        [JT_ERR_FINAL_RESUME] = {"job {id} is paused and has non-nil FinalResumeError hence "      \
                                 "cannot be canceled and should be reverted: {err}",               \
                                 "XXUUU"},                                                         \
        [JT_ERR_NO_PRIVILEGE] = {"user {user} does not have privileges for job {id}", "42501"}

/* v25.1: errors of a job's update carry "job N: ", and status is called state. */
#define V251_ERRORS                                                                                \
    V192_COMMON_ERRORS,                                                                            \
        [JT_ERR_PAUSE_STATUS] = {"job {id}: job with state {status} cannot be requested to be "    \
                                 "paused",                                                         \
                                 "XXUUU"},                                                         \
        [JT_ERR_RESUME_STATUS] = {"job {id}: job with state {status} cannot be resumed", "XXUUU"}, \
        [JT_ERR_CANCEL_STATUS] = {"job {id}: job with state {status} cannot be requested to be "   \
                                  "canceled",                                                      \
                                  "XXUUU"},                                                        \
        [JT_ERR_FINAL_RESUME] = {"job {id}: job {id} is paused and has non-nil FinalResumeError "  \
                                 "hence cannot be canceled and should be reverted: {err}",         \
                                 "XXUUU"},                                                         \
        [JT_ERR_NO_CONTROLJOB] = {"user {user} does not have CONTROLJOB privilege", "42501"},      \
        [JT_ERR_ADMIN_OWNED] = {"job {id}: only admins can control jobs owned by other admins",    \
                                "42501"},                                                          \
        [JT_ERR_NO_PRIVILEGE] = {"job {id}: user {user} does not have privileges for job {id}",    \
                                 "42501"},                                                         \
        [JT_ERR_UNSUPPORTED_TYPE] = {"unsupported job type", "XXUUU"},                             \
        [JT_ERR_NOT_CANCELABLE] = {"job {id}: not cancelable", "XXUUU"}

#define OP_WORDS .op_words = {"PAUSE", "RESUME", "CANCEL"}

/* v2.1: docs/spec.md, sections 2 to 6. */
static const struct jt_profile v21 = {
    .name = "v2.1",
    .summary = "the seed page: one-phase control, admin members only, SHOW JOBS for admins",
    V21_STATUSES,
    V21_TYPES,
    V21_TABLE,
    .control_gate = JT_GATE_ADMIN,
    .show_admin_only = 1,
    V21_TABLES,
    .errors = {V21_ERRORS},
    OP_WORDS,
};

/* v2.1 as CockroachDB v2.1 was built: no privilege check on control statements (issue
   40916); everything else as v2.1. Case files written for v2.1 run under it. */
static const struct jt_profile v21_as_built = {
    .name = "v2.1-as-built",
    .base = "v2.1",
    .summary = "v2.1 as released: any user may control any job (cockroachdb/cockroach#40916)",
    V21_STATUSES,
    V21_TYPES,
    V21_TABLE,
    .control_gate = JT_GATE_NONE,
    .show_admin_only = 1,
    V21_TABLES,
    .errors = {V21_ERRORS},
    OP_WORDS,
};

static const struct jt_profile v192 = {
    .name = "v19.2",
    .summary = "privilege check of control statements; XXUUU; SHOW JOBS hides automatic and "
               "old jobs; SHOW JOB x",
    V21_STATUSES,
    V191_TYPES,
    V21_TABLE,
    .control_gate = JT_GATE_ADMIN,
    .show_admin_only = 1,
    .show_hides = 1,
    .grammar = JT_G_SHOW_JOB,
    SAME_SHOW_TABLES(v191_show_names, v191_show_fields, v21_system_names, v21_system_fields),
    .errors = {V192_ERRORS},
    OP_WORDS,
};

static const struct jt_profile v201 = {
    .name = "v20.1",
    .summary = "two-phase control (pause-requested, cancel-requested, reverting); schema "
               "changes pausable; non-admins see their own jobs",
    V201_STATUSES,
    V201_TYPES,
    V201_TABLE,
    .control_gate = JT_GATE_ADMIN,
    .view = JT_VIEW_OWN,
    .show_hides = 1,
    .grammar = JT_G_SHOW_JOB,
    SAME_SHOW_TABLES(v191_show_names, v191_show_fields, v21_system_names, v21_system_fields),
    .errors = {V201_ERRORS},
    OP_WORDS,
};

static const struct jt_profile v202 = {
    .name = "v20.2",
    .summary = "the CONTROLJOB role option; jobs owned by admins only for admins; FOR "
               "SCHEDULES",
    V201_STATUSES,
    V201_TYPES,
    V201_TABLE,
    .control_gate = JT_GATE_CONTROLJOB,
    .per_job = 1,
    .view = JT_VIEW_OWN | JT_VIEW_CONTROLJOB,
    .show_hides = 1,
    .grammar = JT_G_SHOW_JOB | JT_G_FOR_SCHEDULES | JT_G_FEATURE_USAGE,
    SAME_SHOW_TABLES(v191_show_names, v191_show_fields, v202_system_names, v202_system_fields),
    .errors = {V202_ERRORS},
    OP_WORDS,
};

static const struct jt_profile v222 = {
    .name = "v22.2",
    .summary = "per-job authorization (owning a job is not enough); revert-failed; PAUSE … "
               "WITH REASON; SHOW JOBS run columns",
    V212_STATUSES,
    V201_TYPES,
    V201_TABLE,
    .control_gate = JT_GATE_NONE,
    .per_job = 1,
    .view = JT_VIEW_OWN | JT_VIEW_CONTROLJOB,
    .show_hides = 1,
    .grammar = JT_G_SHOW_JOB | JT_G_FOR_SCHEDULES | JT_G_FEATURE_USAGE | JT_G_REASON,
    SAME_SHOW_TABLES(v212_show_names, v212_show_fields, v202_system_names, v202_system_fields),
    .errors = {V222_ERRORS},
    OP_WORDS,
};

static const struct jt_profile v231 = {
    .name = "v23.1",
    .summary = "ALL <type> JOBS; VIEWJOB; CONTROLJOB and VIEWJOB holders see every job",
    V212_STATUSES,
    V201_TYPES,
    V201_TABLE,
    .control_gate = JT_GATE_NONE,
    .per_job = 1,
    .view = JT_VIEW_OWN | JT_VIEW_CONTROLJOB_ALL | JT_VIEW_VIEWJOB,
    .show_hides = 1,
    .grammar =
        JT_G_SHOW_JOB | JT_G_FOR_SCHEDULES | JT_G_FEATURE_USAGE | JT_G_REASON | JT_G_ALL_TYPE,
    SAME_SHOW_TABLES(v212_show_names, v212_show_fields, v202_system_names, v202_system_fields),
    .errors = {V222_ERRORS, [JT_ERR_UNSUPPORTED_TYPE] = {"unsupported job type", "XXUUU"}},
    OP_WORDS,
};

static const struct jt_profile v251 = {
    .name = "v25.1",
    .summary = "owners and members of the owning role control their jobs; errors \"job N: "
               "…\" with state; SHOW JOBS for people",
    V212_STATUSES,
    V201_TYPES,
    V201_TABLE,
    .control_gate = JT_GATE_NONE,
    .per_job = 1,
    .owner_controls = 1,
    .owner_role_controls = 1,
    .controljob_inherited = 1,
    .view = JT_VIEW_OWN | JT_VIEW_OWNER_ROLE | JT_VIEW_CONTROLJOB_ALL | JT_VIEW_VIEWJOB,
    .delegate_visible_rows = 1,
    .show_hides = 1,
    .grammar =
        JT_G_SHOW_JOB | JT_G_FOR_SCHEDULES | JT_G_FEATURE_USAGE | JT_G_REASON | JT_G_ALL_TYPE,
    .show_jobs = TABLE(v241_show_names, v241_show_fields),
    .show_job_ids = TABLE(v241_ids_names, v241_ids_fields),
    .crdb_jobs = TABLE(v241_ids_names, v241_ids_fields),
    .system_jobs = TABLE(v202_system_names, v202_system_fields),
    .errors = {V251_ERRORS},
    OP_WORDS,
};

const struct jt_profile *const jt_profiles[] = {&v21,  &v21_as_built, &v192, &v201, &v202,
                                                &v222, &v231,         &v251, NULL};

const jt_profile *jt_profile_find(const char *name) {
    size_t i;
    if (!name)
        name = JT_PROFILE_DEFAULT;
    for (i = 0; jt_profiles[i]; i++)
        if (jt_strcaseeq(jt_profiles[i]->name, name))
            return jt_profiles[i];
    return NULL;
}

const char *jt_profile_name(const jt_profile *p) {
    return p->name;
}

int jt_profile_status(const struct jt_profile *p, const char *name) {
    int i;
    for (i = 0; i < JT_ST_COUNT; i++)
        if (p->status_names[i] && jt_strcaseeq(p->status_names[i], name))
            return i;
    return -1;
}

int jt_profile_type(const struct jt_profile *p, const char *name) {
    int i;
    for (i = 0; i < JT_TY_COUNT; i++)
        if (p->type_names[i] && jt_strcaseeq(p->type_names[i], name))
            return i;
    return -1;
}

int jt_profile_accepts(const struct jt_profile *p, const char *name) {
    return jt_strcaseeq(p->name, name) || (p->base && jt_strcaseeq(p->base, name));
}
