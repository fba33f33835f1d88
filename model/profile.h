/*
 * A profile: the documented behaviour of one version as data. The model reads
 * behaviour only from here; tests copy a profile and change one cell to check that
 * the bundled cases notice.
 */
#ifndef JT_PROFILE_H
#define JT_PROFILE_H

#include <stddef.h>
#include <stdint.h>

typedef struct jt_profile jt_profile;

/* Every status of every profile; a profile names the ones its version has (the others are
   NULL in status_names). */
enum jt_status {
    JT_ST_PENDING,
    JT_ST_RUNNING,
    JT_ST_PAUSED,
    JT_ST_SUCCEEDED,
    JT_ST_FAILED,
    JT_ST_CANCELED,
    JT_ST_PAUSE_REQUESTED,  /* v20.1 on: PAUSE asked, the job has not stopped yet */
    JT_ST_CANCEL_REQUESTED, /* v20.1 on: CANCEL asked */
    JT_ST_REVERTING,        /* v20.1 on: undoing its work, then canceled or failed */
    JT_ST_REVERT_FAILED,    /* v21.2 on: terminal */
    JT_ST_COUNT
};

/* The statuses of v2.1: the first six. */
#define JT_ST_V21_COUNT 6

enum jt_jobtype {
    JT_TY_IMPORT,
    JT_TY_BACKUP,
    JT_TY_RESTORE,
    JT_TY_CHANGEFEED,
    JT_TY_SCHEMA_CHANGE,
    JT_TY_AUTO_CREATE_STATS, /* v19.1 on: an automatic job, which SHOW JOBS hides */
    JT_TY_SCHEMA_CHANGE_GC,  /* v20.1 on: the GC of a dropped table; it cannot be canceled */
    /* The types of later releases, in the order of CockroachDB's jobspb.Type enum (the release
       that has each, and what it is, in docs/profiles.md "Job types"). */
    JT_TY_CREATE_STATS,
    JT_TY_TYPEDESC_SCHEMA_CHANGE,
    JT_TY_STREAM_INGESTION,
    JT_TY_NEW_SCHEMA_CHANGE,
    JT_TY_MIGRATION,
    JT_TY_AUTO_SPAN_CONFIG_RECONCILIATION,
    JT_TY_AUTO_SQL_STATS_COMPACTION,
    JT_TY_STREAM_REPLICATION,
    JT_TY_ROW_LEVEL_TTL,
    JT_TY_AUTO_SCHEMA_TELEMETRY,
    JT_TY_KEY_VISUALIZER,
    JT_TY_POLL_JOBS_STATS,
    JT_TY_AUTO_CONFIG_RUNNER,
    JT_TY_AUTO_CONFIG_ENV_RUNNER,
    JT_TY_AUTO_CONFIG_TASK,
    JT_TY_AUTO_UPDATE_SQL_ACTIVITY,
    JT_TY_REPLICATION_STREAM_INGESTION, /* STREAM INGESTION renamed (v23.2) */
    JT_TY_REPLICATION_STREAM_PRODUCER,  /* STREAM REPLICATION renamed (v23.2) */
    JT_TY_MVCC_STATISTICS_UPDATE,
    JT_TY_IMPORT_ROLLBACK,
    JT_TY_HISTORY_RETENTION,
    JT_TY_LOGICAL_REPLICATION,
    JT_TY_AUTO_CREATE_PARTIAL_STATS,
    JT_TY_UPDATE_TABLE_METADATA_CACHE,
    JT_TY_STANDBY_READ_TS_POLLER,
    JT_TY_SQL_ACTIVITY_FLUSH,
    JT_TY_HOT_RANGES_LOGGER,
    JT_TY_INSPECT,
    JT_TY_COUNT
};

#define JT_TY_V21_COUNT 5

enum jt_op { JT_OP_PAUSE, JT_OP_RESUME, JT_OP_CANCEL, JT_OP_COUNT };

/* What a control statement does to a job of a status. */
enum jt_act { JT_ACT_TO, JT_ACT_NOOP, JT_ACT_ERROR };

/* Error kinds; their texts are templates of the profile (v2.1's in the comments). */
enum jt_err {
    JT_ERR_NONE,
    JT_ERR_NOT_FOUND,        /* job with ID {id} does not exist */
    JT_ERR_PAUSE_STATUS,     /* cannot pause {status} job (id {id}{errc}) */
    JT_ERR_RESUME_STATUS,    /* job with status {status}{errq} cannot be resumed */
    JT_ERR_CANCEL_STATUS,    /* job with status {status}{errq} cannot be canceled */
    JT_ERR_NOT_CONTROLLABLE, /* job {id} is not controllable */
    JT_ERR_PRIVILEGE,        /* only users with the admin role are allowed to {op} JOBS */
    JT_ERR_SHOW_PRIVILEGE,   /* user {user} does not have SELECT privilege on relation jobs */
    JT_ERR_SHAPE,            /* {stmt} expects a single column source, got {arg} columns */
    JT_ERR_TYPE,             /* {stmt} requires {want} values, not type {arg} */
    /* Kinds of later versions (NULL template: the profile has no such error). */
    JT_ERR_NO_CONTROLJOB,    /* v20.2: user {user} does not have CONTROLJOB privilege */
    JT_ERR_ADMIN_OWNED,      /* v20.2: only admins can control jobs owned by other admins */
    JT_ERR_NO_PRIVILEGE,     /* v22.2: user {user} does not have privileges for job {id} */
    JT_ERR_FINAL_RESUME,     /* v20.1: job {id} is paused and has non-nil FinalResumeError … */
    JT_ERR_UNSUPPORTED_TYPE, /* v23.1: unsupported job type */
    JT_ERR_NOT_CANCELABLE,   /* v20.1: job {id}: not cancelable */
    JT_ERR_NULL_ID,          /* v2.0: NULL is not a valid job ID (null_id_fails) */
    JT_ERR_NO_USER,          /* password authentication failed for user {user} */
    JT_ERR_COUNT
};

/* The privilege check a control statement makes before it reads anything. */
enum jt_gate {
    JT_GATE_NONE,      /* none (v2.1 as built) */
    JT_GATE_ADMIN,     /* members of admin only: JT_ERR_PRIVILEGE */
    JT_GATE_CONTROLJOB /* admin members, or the CONTROLJOB option: JT_ERR_NO_CONTROLJOB */
};

/* Who sees a job in SHOW JOBS and crdb_internal.jobs, besides admin members. */
#define JT_VIEW_OWN 0x1u            /* its owner */
#define JT_VIEW_OWNER_ROLE 0x2u     /* members of the role that owns it */
#define JT_VIEW_CONTROLJOB 0x4u     /* CONTROLJOB holders, when an admin does not own it */
#define JT_VIEW_CONTROLJOB_ALL 0x8u /* CONTROLJOB holders, whoever owns it */
#define JT_VIEW_VIEWJOB 0x10u       /* VIEWJOB holders (through their roles too) */

/* Statement forms that came after v2.1 (grammar). */
#define JT_G_SHOW_JOB                                                                              \
    0x1u                        /* v19.2: SHOW JOB x, SHOW JOBS <select>, SHOW AUTOMATIC JOBS,     \
                                   CANCEL QUERY|SESSION IF EXISTS */
#define JT_G_FOR_SCHEDULES 0x2u /* v20.2: X JOBS FOR SCHEDULE x / FOR SCHEDULES <select> */
#define JT_G_FEATURE_USAGE 0x4u /* v20.1: crdb_internal.feature_usage */
#define JT_G_REASON 0x8u        /* v21.2: PAUSE JOB(S) … WITH REASON = '…' */
#define JT_G_ALL_TYPE 0x10u     /* v23.1: X ALL <type> JOBS */
/* v2.0, the one grammar with less than v2.1: PAUSE|RESUME|CANCEL JOB <expr> only, no
   JOBS <select> (docs v2.0 pause_job.html; tree.PauseJob{ID}, id 23580673287) */
#define JT_G_NO_JOBS_SELECT 0x20u

/* Columns the jobs tables can have (the model's fields). */
enum jt_field {
    JT_F_ID,
    JT_F_TYPE,
    JT_F_DESCRIPTION,
    JT_F_DESCRIPTION_SHORT, /* v24.1 SHOW JOBS: over 70 characters, abbreviated */
    JT_F_STATEMENT,
    JT_F_USER,
    JT_F_STATUS,
    JT_F_RUNNING_STATUS,
    JT_F_CREATED,
    JT_F_STARTED,
    JT_F_FINISHED,
    JT_F_MODIFIED,
    JT_F_FRACTION,
    JT_F_ERROR,
    JT_F_COORDINATOR,
    JT_F_TRACE_ID,
    JT_F_LAST_RUN,
    JT_F_NEXT_RUN,
    JT_F_NUM_RUNS,
    JT_F_EXECUTION_ERRORS,
    JT_F_CREATED_BY_TYPE,
    JT_F_CREATED_BY_ID,
    JT_F_COUNT
};

/* A table's columns: names and fields, ncols of them. */
typedef struct jt_table_def {
    const char *const *names;
    const uint8_t *fields; /* enum jt_field */
    size_t ncols;
} jt_table_def;

typedef struct jt_transition {
    uint8_t act; /* enum jt_act */
    uint8_t to;  /* enum jt_status, for JT_ACT_TO */
    uint8_t err; /* enum jt_err, for JT_ACT_ERROR */
} jt_transition;

typedef struct jt_errtext {
    const char *tmpl; /* placeholders {id} {status} {errq} {errc} {op} {user} {arg} */
    const char *sqlstate;
} jt_errtext;

#define JT_NO_STATUS 0xffu

struct jt_profile {
    const char *name;
    const char *base;    /* a case file written for base runs under this profile too, or NULL */
    const char *summary; /* one line for `jobtck profiles` */
    const char *status_names[JT_ST_COUNT];
    const char *type_names[JT_TY_COUNT];
    uint8_t terminal[JT_ST_COUNT];
    uint8_t automatic[JT_TY_COUNT];     /* the types SHOW JOBS hides (SHOW AUTOMATIC JOBS shows) */
    uint8_t noncancelable[JT_TY_COUNT]; /* CANCEL of them is JT_ERR_NOT_CANCELABLE, first */
    /* [SHOW JOBS] as a source of a SELECT gives its rows in job_id order (the optimizer drops
       the ORDER BY of a subquery; CockroachDB's own tests show the scan's order), where v2.1
       kept SHOW JOBS's order. */
    uint8_t source_in_id_order;
    /* v2.0: a NULL id fails (JT_ERR_NULL_ID) where later versions skip it */
    uint8_t null_id_fails;
    /* v2.0: a control statement's tag is "PAUSE JOB", without a count (its StatementType is
       Ack); later: "PAUSE JOBS N" (RowsAffected). See jt_profile_expected_tag. */
    uint8_t tag_singular;
    /* The privilege check before anything is read comes before the selection is typed
       (v19.2, v20.1: the optimizer's RequireAdminRole; the documented v2.1): a non-admin's
       PAUSE JOB 99999999999999999999 is refused, where other versions answer 22003. */
    uint8_t gate_before_typing;
    jt_transition table[JT_ST_COUNT][JT_OP_COUNT];
    /* The jobs' own progress, one step each on the virtual clock (jt_model_advance): the
       status a job of each status moves to, or JT_NO_STATUS. REVERTING moves to canceled
       when a CANCEL made it revert, to failed otherwise. */
    uint8_t progress[JT_ST_COUNT];
    /* v20.1's two-phase control: RESUME of a job paused while reverting resumes reverting,
       and CANCEL of it is JT_ERR_FINAL_RESUME. */
    uint8_t two_phase;
    /* The statuses FOR SCHEDULES and ALL <type> JOBS pick, per operation (bit per status):
       so that they never fail on a job's status. */
    uint16_t prefilter[JT_OP_COUNT];
    /* Operations a SCHEMA CHANGE job refuses whatever its status (not controllable). */
    uint8_t schema_refuses[JT_OP_COUNT];
    /* Operations refused for a SCHEMA CHANGE job whose description starts with ROLL BACK. */
    uint8_t rollback_refuses[JT_OP_COUNT];
    /* Privileges of control statements: the check before anything is read (enum jt_gate),
       then, with per_job, for each job once it is looked up (admin members pass; the owner
       with owner_controls; members of the owning role with owner_role_controls; then a job
       an admin owns is JT_ERR_ADMIN_OWNED; then CONTROLJOB passes; else JT_ERR_NO_PRIVILEGE). */
    uint8_t control_gate;
    uint8_t per_job;
    uint8_t owner_controls;
    uint8_t owner_role_controls;
    uint8_t controljob_inherited; /* CONTROLJOB through role membership (a system privilege) */
    /* Only admin members may read SHOW JOBS and crdb_internal.jobs (an error for others);
       else each job is visible as the JT_VIEW_* bits say. system.jobs is for admins always. */
    uint8_t show_admin_only;
    unsigned view;
    /* SHOW JOBS hides jobs finished more than 12 hours ago, and automatic jobs. */
    uint8_t show_hides;
    /* FOR SCHEDULES and ALL <type> JOBS select from a table of the jobs the user can see
       (v25.1: crdb_internal.system_jobs); 0: from system.jobs, for admin members only. */
    uint8_t delegate_visible_rows;
    unsigned grammar; /* JT_G_* */
    jt_table_def show_jobs, show_job_ids, crdb_jobs, system_jobs;
    jt_errtext errors[JT_ERR_COUNT];
    const char *op_words[JT_OP_COUNT]; /* PAUSE, RESUME, CANCEL */
};

/* What an error text's placeholders stand for. */
typedef struct jt_errargs {
    int op;             /* enum jt_op: {op} */
    int64_t id;         /* {id} */
    const char *status; /* {status} */
    const char *error;  /* the job's error text: quoted in {errq} and {errc} (NULL or "": none),
                           as it is in {err} */
    const char *user;   /* {user} */
    const char *arg;    /* {arg} */
    const char *stmt;   /* {stmt}: "PAUSE JOBS", "CANCEL QUERIES"; NULL: {op} JOBS */
    const char *want;   /* {want}: "int", "string"; NULL: int */
    const char *col;    /* {col}: "job_id", "query_id"; NULL: job_id */
} jt_errargs;

/* Fills msg (size bytes) with the profile's text of error kind; returns its SQLSTATE. */
const char *jt_profile_error(const struct jt_profile *p, int kind, const jt_errargs *a, char *msg,
                             size_t size);

/* Profiles known to the kit, ending with NULL. */
extern const struct jt_profile *const jt_profiles[];

/* The default profile's name. */
#define JT_PROFILE_DEFAULT "v2.1"

/* The profile of that name ("v2.1"), or NULL. */
const jt_profile *jt_profile_find(const char *name);
const char *jt_profile_name(const jt_profile *p);

int jt_profile_status(const struct jt_profile *p, const char *name);
int jt_profile_type(const struct jt_profile *p, const char *name);
/* Whether a case file written for the profile named name runs under p: name is p's, or its
   base's. */
int jt_profile_accepts(const struct jt_profile *p, const char *name);

#endif
