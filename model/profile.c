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
/* v2.0: id, type, username (show_source logic test @000f6c43, id 31594968482; docs v2.0
   show-jobs.md lists the first eleven). */
static const char *const v20_show_names[] = {
    "id",      "type",     "description", "username",           "status", "created",
    "started", "finished", "modified",    "fraction_completed", "error",  "coordinator_id"};
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
/* v25.3 on: SHOW JOBS without started, "a duplicate of created" (release notes v25.3.0-beta.1,
   v25.3 deprecations.md); crdb_internal.jobs keeps it. */
static const char *const v253_show_names[] = {
    "job_id",  "job_type", "description", "user_name",          "status", "running_status",
    "created", "finished", "modified",    "fraction_completed", "error",  "coordinator_id"};
static const uint8_t v253_show_fields[] = {JT_F_ID,       JT_F_TYPE,     JT_F_DESCRIPTION_SHORT,
                                           JT_F_USER,     JT_F_STATUS,   JT_F_RUNNING_STATUS,
                                           JT_F_CREATED,  JT_F_FINISHED, JT_F_MODIFIED,
                                           JT_F_FRACTION, JT_F_ERROR,    JT_F_COORDINATOR};
static const char *const v253_ids_names[] = {
    "job_id",         "job_type", "description",     "statement", "user_name",          "status",
    "running_status", "created",  "finished",        "modified",  "fraction_completed", "error",
    "coordinator_id", "trace_id", "execution_errors"};
static const uint8_t v253_ids_fields[] = {
    JT_F_ID,       JT_F_TYPE,           JT_F_DESCRIPTION, JT_F_STATEMENT, JT_F_USER,
    JT_F_STATUS,   JT_F_RUNNING_STATUS, JT_F_CREATED,     JT_F_FINISHED,  JT_F_MODIFIED,
    JT_F_FRACTION, JT_F_ERROR,          JT_F_COORDINATOR, JT_F_TRACE_ID,  JT_F_EXECUTION_ERRORS};
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

#define V20_TABLES                                                                                 \
    SAME_SHOW_TABLES(v20_show_names, v21_show_fields, v21_system_names, v21_system_fields)

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
/* Job types as SHOW JOBS prints them: jobspb.Type's enum name with '_' as ' ' (v2.0
   pkg/sql/jobs/jobs.go Type.String(), id 9851903634; pkg/jobs/jobspb/wrap.go, id 2948715978). A
   profile has the types of every release it stands for (docs/profiles.md "Job types"). */
#define T(x, name) [JT_TY_##x] = (name)
/* v2.0: the four of Payload's details (pkg/sql/jobs/jobs.go detailsType, id 9851903634) */
#define NAMES_V20                                                                                  \
    T(IMPORT, "IMPORT"), T(BACKUP, "BACKUP"), T(RESTORE, "RESTORE"),                               \
        T(SCHEMA_CHANGE, "SCHEMA CHANGE")
#define NAMES_V21 NAMES_V20, T(CHANGEFEED, "CHANGEFEED")
/* v19.1: table statistics, by CREATE STATISTICS and automatic (docs v19.1 show-jobs.md) */
#define NAMES_V192                                                                                 \
    NAMES_V21, T(CREATE_STATS, "CREATE STATS"), T(AUTO_CREATE_STATS, "AUTO CREATE STATS")
#define NAMES_V201 NAMES_V192, T(SCHEMA_CHANGE_GC, "SCHEMA CHANGE GC")
/* v20.2 (the types of user-defined types) and v21.1 (wrap.go NumJobTypes = 13, id 830282281);
   STREAM INGESTION apart, as v23.2 renamed it */
#define NAMES_V202_KEPT                                                                            \
    NAMES_V201, T(TYPEDESC_SCHEMA_CHANGE, "TYPEDESC SCHEMA CHANGE"),                               \
        T(NEW_SCHEMA_CHANGE, "NEW SCHEMA CHANGE"), T(MIGRATION, "MIGRATION")
#define NAMES_V202 NAMES_V202_KEPT, T(STREAM_INGESTION, "STREAM INGESTION")
/* v21.2 to v22.2 (wrap.go NumJobTypes = 17, ids 832036890, 27126578306; v22.2 schema
   telemetry); STREAM REPLICATION apart, as v23.2 renamed it */
#define NAMES_V222_KEPT                                                                            \
    NAMES_V202_KEPT, T(AUTO_SPAN_CONFIG_RECONCILIATION, "AUTO SPAN CONFIG RECONCILIATION"),        \
        T(AUTO_SQL_STATS_COMPACTION, "AUTO SQL STATS COMPACTION"),                                 \
        T(ROW_LEVEL_TTL, "ROW LEVEL TTL"), T(AUTO_SCHEMA_TELEMETRY, "AUTO SCHEMA TELEMETRY")
#define OLD_STREAM_NAMES                                                                           \
    T(STREAM_INGESTION, "STREAM INGESTION"), T(STREAM_REPLICATION, "STREAM REPLICATION")
#define NAMES_V222 NAMES_V222_KEPT, OLD_STREAM_NAMES
/* v23.1 to v23.2, where the stream types were renamed (docs v23.2 show-jobs.md): both names */
#define NAMES_V231_KEPT                                                                            \
    NAMES_V222_KEPT, T(KEY_VISUALIZER, "KEY VISUALIZER"), T(POLL_JOBS_STATS, "POLL JOBS STATS"),   \
        T(AUTO_CONFIG_RUNNER, "AUTO CONFIG RUNNER"),                                               \
        T(AUTO_CONFIG_ENV_RUNNER, "AUTO CONFIG ENV RUNNER"),                                       \
        T(AUTO_CONFIG_TASK, "AUTO CONFIG TASK"),                                                   \
        T(AUTO_UPDATE_SQL_ACTIVITY, "AUTO UPDATE SQL ACTIVITY"),                                   \
        T(REPLICATION_STREAM_INGESTION, "REPLICATION STREAM INGESTION"),                           \
        T(REPLICATION_STREAM_PRODUCER, "REPLICATION STREAM PRODUCER")
#define NAMES_V231 NAMES_V231_KEPT, OLD_STREAM_NAMES
/* v24.1 to v25.2 (wrap.go NumJobTypes = 32, id 2948715978) */
#define NAMES_V251                                                                                 \
    NAMES_V231_KEPT, T(MVCC_STATISTICS_UPDATE, "MVCC STATISTICS UPDATE"),                          \
        T(IMPORT_ROLLBACK, "IMPORT ROLLBACK"), T(HISTORY_RETENTION, "HISTORY RETENTION"),          \
        T(LOGICAL_REPLICATION, "LOGICAL REPLICATION"),                                             \
        T(AUTO_CREATE_PARTIAL_STATS, "AUTO CREATE PARTIAL STATS"),                                 \
        T(UPDATE_TABLE_METADATA_CACHE, "UPDATE TABLE METADATA CACHE"),                             \
        T(STANDBY_READ_TS_POLLER, "STANDBY READ TS POLLER"),                                       \
        T(SQL_ACTIVITY_FLUSH, "SQL ACTIVITY FLUSH")
/* v25.3 to v26.2: hot ranges logging as a job (v25.3/v25.4), INSPECT (v25.4/v26.1; generated
   enum HOT_RANGES_LOGGER = 32, INSPECT = 33, id 9000601964) */
#define NAMES_V253 NAMES_V251, T(HOT_RANGES_LOGGER, "HOT RANGES LOGGER"), T(INSPECT, "INSPECT")

/* Automatic types (SHOW JOBS hides them, SHOW AUTOMATIC JOBS lists them): jobspb's
   AutomaticJobTypes. v19.1 to v21.1: AUTO CREATE STATS only (delegate/show_jobs.go @64dad5f1,
   id 1026265677); v21.2/v22.1 (ids 832036890, 27126578306) add span config reconciliation and
   SQL stats compaction; the newest list (id 2948715978) has the rest. */
#define AUTO_V192 [JT_TY_AUTO_CREATE_STATS] = 1
#define AUTO_V222                                                                                  \
    AUTO_V192, [JT_TY_AUTO_SPAN_CONFIG_RECONCILIATION] = 1, [JT_TY_AUTO_SQL_STATS_COMPACTION] = 1, \
               [JT_TY_AUTO_SCHEMA_TELEMETRY] = 1
#define AUTO_V231                                                                                  \
    AUTO_V222, [JT_TY_KEY_VISUALIZER] = 1, [JT_TY_POLL_JOBS_STATS] = 1,                            \
               [JT_TY_AUTO_CONFIG_RUNNER] = 1, [JT_TY_AUTO_CONFIG_ENV_RUNNER] = 1,                 \
               [JT_TY_AUTO_CONFIG_TASK] = 1, [JT_TY_AUTO_UPDATE_SQL_ACTIVITY] = 1
#define AUTO_V251                                                                                  \
    AUTO_V231, [JT_TY_MVCC_STATISTICS_UPDATE] = 1, [JT_TY_AUTO_CREATE_PARTIAL_STATS] = 1,          \
               [JT_TY_UPDATE_TABLE_METADATA_CACHE] = 1, [JT_TY_SQL_ACTIVITY_FLUSH] = 1

/* Types whose jobs are made with Payload.Noncancelable: CANCEL fails "job N: not cancelable"
   before it looks at the status. GC jobs (docs v26.3 show-jobs.md), MIGRATION (upgrades
   NewRecord, ids 944477086, 25059949788), span config reconciliation (logic test
   auto_span_config_reconciliation_job, id 24457236330), key visualizer (id 23535733522), jobs
   stats polling (id 7696182840), auto config runner (id 5669700592), SQL activity update (id
   36534363635), MVCC statistics (id 3426459884), table metadata cache (id 3164364152). */
#define NOCANCEL_V201 [JT_TY_SCHEMA_CHANGE_GC] = 1
#define NOCANCEL_V202 NOCANCEL_V201, [JT_TY_MIGRATION] = 1
#define NOCANCEL_V222 NOCANCEL_V202, [JT_TY_AUTO_SPAN_CONFIG_RECONCILIATION] = 1
#define NOCANCEL_V231                                                                              \
    NOCANCEL_V222, [JT_TY_KEY_VISUALIZER] = 1, [JT_TY_POLL_JOBS_STATS] = 1,                        \
                   [JT_TY_AUTO_CONFIG_RUNNER] = 1, [JT_TY_AUTO_UPDATE_SQL_ACTIVITY] = 1
#define NOCANCEL_V251                                                                              \
    NOCANCEL_V231, [JT_TY_MVCC_STATISTICS_UPDATE] = 1, [JT_TY_UPDATE_TABLE_METADATA_CACHE] = 1

#define V20_TYPES .type_names = {NAMES_V20}
#define V21_TYPES .type_names = {NAMES_V21}
#define V191_TYPES .type_names = {NAMES_V192}, .automatic = {AUTO_V192}, .source_in_id_order = 1
/* v20.1 on: the schema changes' GC jobs too, which cannot be canceled */
#define V201_TYPES                                                                                 \
    .type_names = {NAMES_V201}, .automatic = {AUTO_V192}, .noncancelable = {NOCANCEL_V201},        \
    .source_in_id_order = 1
#define V202_TYPES                                                                                 \
    .type_names = {NAMES_V202}, .automatic = {AUTO_V192}, .noncancelable = {NOCANCEL_V202},        \
    .source_in_id_order = 1
#define V222_TYPES                                                                                 \
    .type_names = {NAMES_V222}, .automatic = {AUTO_V222}, .noncancelable = {NOCANCEL_V222},        \
    .source_in_id_order = 1
#define V231_TYPES                                                                                 \
    .type_names = {NAMES_V231}, .automatic = {AUTO_V231}, .noncancelable = {NOCANCEL_V231},        \
    .source_in_id_order = 1
#define V251_TYPES                                                                                 \
    .type_names = {NAMES_V251}, .automatic = {AUTO_V251}, .noncancelable = {NOCANCEL_V251},        \
    .source_in_id_order = 1
#define V253_TYPES                                                                                 \
    .type_names = {NAMES_V253}, .automatic = {AUTO_V251}, .noncancelable = {NOCANCEL_V251},        \
    .source_in_id_order = 1

#define NO_PROGRESS                                                                                \
    .progress = {JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS,             \
                 JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS, JT_NO_STATUS}

/* v2.0 to v19.2: one phase. */
#define V21_ONE_PHASE                                                                              \
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
    NO_PROGRESS

/* v2.1 to v19.2: SCHEMA CHANGE jobs cannot be paused or resumed; a ROLL BACK one cannot be
   canceled (registry.go's special case of schema changes, id 4725820750) */
#define V21_TABLE V21_ONE_PHASE, .schema_refuses = {1, 1, 0}, .rollback_refuses = {0, 0, 1}

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
        [JT_ERR_UNSUPPORTED_TYPE] =                                                                \
            {"unsupported job type",                                                               \
             "XXUUU"}, /* CancelRequested's own "job N: not cancelable", wrapped by Updater.update \
                          (update.go id 2956442754, control_jobs.go id 2743054707) */              \
        [JT_ERR_NOT_CANCELABLE] = {"job {id}: job {id}: not cancelable", "XXUUU"}

/* A session of a user who does not exist: CockroachDB refuses the connection with
   "password authentication failed for user X" (pkg/security ErrPasswordUserAuthFailed, ids
   1122364016, 30828858307): uncategorized before v21.2 (errors.Errorf, id 769238029: XX000
   until v19.1, XXUUU after), 28000 in v21.2/v22.1 (id 21855357), 28P01 from v22.x (id
   27059796978). */
#define NO_USER(code) [JT_ERR_NO_USER] = {"password authentication failed for user {user}", code}

/* v2.0: the job errors of pkg/sql/jobs/jobs.go (ids 9851903634, 4907383921: no job error text
   in them), a schema change refused by the registry's getJobFn (id 5320243798), the planner's
   type check of the id (argument of PAUSE JOB …, 42804) and the NULL id (control_jobs.go, id
   23580673287); uncategorized errors are XX000. */
#define V20_ERRORS                                                                                 \
    [JT_ERR_NONE] = {"", ""}, [JT_ERR_NOT_FOUND] = {"job with ID {id} does not exist", "XX000"},   \
    [JT_ERR_PAUSE_STATUS] = {"cannot pause {status} job (id {id})", "XX000"},                      \
    [JT_ERR_RESUME_STATUS] = {"job with status {status} cannot be resumed", "XX000"},              \
    [JT_ERR_CANCEL_STATUS] = {"job with status {status} cannot be canceled", "XX000"},             \
    [JT_ERR_NOT_CONTROLLABLE] = {"job {id} is not controllable", "XX000"},                         \
    [JT_ERR_SHOW_PRIVILEGE] = {"user {user} does not have SELECT privilege on relation jobs",      \
                               "XX000"},                                                           \
    [JT_ERR_TYPE] = {"argument of {op} JOB must be type {want}, not type {arg}", "42804"},         \
    [JT_ERR_NULL_ID] = {"NULL is not a valid job ID", "XX000"}, NO_USER("XX000")

#define OP_WORDS .op_words = {"PAUSE", "RESUME", "CANCEL"}

/* v2.0, the release before the seed page, as it was built: the single-job grammar, no
   privilege check on control statements (control_jobs.go, id 23580673287: none), schema
   changes not controllable at all, a NULL id an error, the tag without a count
   (docs/profiles.md "v2.0"). */
static const struct jt_profile v20 = {
    .name = "v2.0",
    .summary = "single-job grammar (PAUSE JOB x), no privilege check, NULL id an error, tag "
               "PAUSE JOB without a count",
    V21_STATUSES,
    V20_TYPES,
    V21_ONE_PHASE,
    /* v2.0: getJobFn refuses every operation on a job without a resumer (id 5320243798) */
    .schema_refuses = {1, 1, 1},
    .rollback_refuses = {0, 0, 0},
    .null_id_fails = 1,
    .tag_singular = 1,
    .control_gate = JT_GATE_NONE,
    .show_admin_only = 1,
    .grammar = JT_G_NO_JOBS_SELECT,
    V20_TABLES,
    .errors = {V20_ERRORS},
    OP_WORDS,
};

/* v2.1: docs/spec.md, sections 2 to 6. */
static const struct jt_profile v21 = {
    .name = "v2.1",
    .summary = "the seed page: one-phase control, admin members only, SHOW JOBS for admins",
    V21_STATUSES,
    V21_TYPES,
    V21_TABLE,
    .control_gate = JT_GATE_ADMIN,
    .gate_before_typing = 1,
    .show_admin_only = 1,
    V21_TABLES,
    .errors = {V21_ERRORS, NO_USER("XX000")},
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
    .errors = {V21_ERRORS, NO_USER("XX000")},
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
    .gate_before_typing = 1,
    .show_admin_only = 1,
    .show_hides = 1,
    .grammar = JT_G_SHOW_JOB,
    SAME_SHOW_TABLES(v191_show_names, v191_show_fields, v21_system_names, v21_system_fields),
    .errors = {V192_ERRORS, NO_USER("XXUUU")},
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
    .gate_before_typing = 1,
    .view = JT_VIEW_OWN,
    .show_hides = 1,
    /* crdb_internal.feature_usage counts control statements from v20.1 (control_jobs.go, id
       1370348458) */
    .grammar = JT_G_SHOW_JOB | JT_G_FEATURE_USAGE,
    SAME_SHOW_TABLES(v191_show_names, v191_show_fields, v21_system_names, v21_system_fields),
    .errors = {V201_ERRORS, NO_USER("XXUUU")},
    OP_WORDS,
};

static const struct jt_profile v202 = {
    .name = "v20.2",
    .summary = "the CONTROLJOB role option; jobs owned by admins only for admins; FOR "
               "SCHEDULES",
    V201_STATUSES,
    V202_TYPES,
    V201_TABLE,
    .control_gate = JT_GATE_CONTROLJOB,
    .per_job = 1,
    .view = JT_VIEW_OWN | JT_VIEW_CONTROLJOB,
    .show_hides = 1,
    .grammar = JT_G_SHOW_JOB | JT_G_FOR_SCHEDULES | JT_G_FEATURE_USAGE,
    SAME_SHOW_TABLES(v191_show_names, v191_show_fields, v202_system_names, v202_system_fields),
    .errors = {V202_ERRORS, NO_USER("XXUUU")},
    OP_WORDS,
};

static const struct jt_profile v222 = {
    .name = "v22.2",
    .summary = "per-job authorization (owning a job is not enough); revert-failed; PAUSE … "
               "WITH REASON; SHOW JOBS run columns",
    V212_STATUSES,
    V222_TYPES,
    V201_TABLE,
    .control_gate = JT_GATE_NONE,
    .per_job = 1,
    .view = JT_VIEW_OWN | JT_VIEW_CONTROLJOB,
    .show_hides = 1,
    .grammar = JT_G_SHOW_JOB | JT_G_FOR_SCHEDULES | JT_G_FEATURE_USAGE | JT_G_REASON,
    SAME_SHOW_TABLES(v212_show_names, v212_show_fields, v202_system_names, v202_system_fields),
    .errors = {V222_ERRORS, NO_USER("28P01")},
    OP_WORDS,
};

static const struct jt_profile v231 = {
    .name = "v23.1",
    .summary = "ALL <type> JOBS; VIEWJOB; CONTROLJOB and VIEWJOB holders see every job",
    V212_STATUSES,
    V231_TYPES,
    V201_TABLE,
    .control_gate = JT_GATE_NONE,
    .per_job = 1,
    /* HasGlobalPrivilegeOrRoleOption: the system privilege through roles too (logic test jobs
       @9509e2d4, v24.2, subtest control_job_priv_inherited) */
    .controljob_inherited = 1,
    .view = JT_VIEW_OWN | JT_VIEW_CONTROLJOB_ALL | JT_VIEW_VIEWJOB,
    .show_hides = 1,
    .grammar =
        JT_G_SHOW_JOB | JT_G_FOR_SCHEDULES | JT_G_FEATURE_USAGE | JT_G_REASON | JT_G_ALL_TYPE,
    SAME_SHOW_TABLES(v212_show_names, v212_show_fields, v202_system_names, v202_system_fields),
    .errors = {V222_ERRORS, [JT_ERR_UNSUPPORTED_TYPE] = {"unsupported job type", "XXUUU"},
               NO_USER("28P01")},
    OP_WORDS,
};

static const struct jt_profile v251 = {
    .name = "v25.1",
    .summary = "owners and members of the owning role control their jobs; errors \"job N: "
               "…\" with state; SHOW JOBS for people",
    V212_STATUSES,
    V251_TYPES,
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
    .errors = {V251_ERRORS, NO_USER("28P01")},
    OP_WORDS,
};
/* v25.3 to v26.2 (and master after it, v26.3-dev): as v25.1 (control_jobs.go, jobsauth and
   update.go unchanged in what the model speaks of) but SHOW JOBS without started, and the job
   types of those releases. The CHANGEFEED privilege no longer opens others' changefeed jobs
   (v25.3.0-beta.1), which no profile models (docs/profiles.md). */
static const struct jt_profile v253 = {
    .name = "v25.3",
    .summary = "v25.3 to v26.2: SHOW JOBS without started; the HOT RANGES LOGGER and INSPECT "
               "jobs",
    V212_STATUSES,
    V253_TYPES,
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
    .show_jobs = TABLE(v253_show_names, v253_show_fields),
    .show_job_ids = TABLE(v253_ids_names, v253_ids_fields),
    .crdb_jobs = TABLE(v241_ids_names, v241_ids_fields),
    .system_jobs = TABLE(v202_system_names, v202_system_fields),
    .errors = {V251_ERRORS, NO_USER("28P01")},
    OP_WORDS,
};

const struct jt_profile *const jt_profiles[] = {&v20,  &v21,  &v21_as_built, &v192, &v201, &v202,
                                                &v222, &v231, &v251,         &v253, NULL};

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
