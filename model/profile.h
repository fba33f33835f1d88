/*
 * A profile: the documented behaviour of one version as data. The model reads
 * behaviour only from here; tests copy a profile and change one cell to check that
 * the bundled cases notice.
 */
#ifndef JT_PROFILE_H
#define JT_PROFILE_H

#include <stddef.h>
#include <stdint.h>

enum jt_status {
    JT_ST_PENDING,
    JT_ST_RUNNING,
    JT_ST_PAUSED,
    JT_ST_SUCCEEDED,
    JT_ST_FAILED,
    JT_ST_CANCELED,
    JT_ST_COUNT
};

enum jt_jobtype {
    JT_TY_IMPORT,
    JT_TY_BACKUP,
    JT_TY_RESTORE,
    JT_TY_CHANGEFEED,
    JT_TY_SCHEMA_CHANGE,
    JT_TY_COUNT
};

enum jt_op { JT_OP_PAUSE, JT_OP_RESUME, JT_OP_CANCEL, JT_OP_COUNT };

/* What a control statement does to a job of a status. */
enum jt_act { JT_ACT_TO, JT_ACT_NOOP, JT_ACT_ERROR };

/* Error kinds; their texts are templates of the profile. */
enum jt_err {
    JT_ERR_NONE,
    JT_ERR_NOT_FOUND,        /* job with ID {id} does not exist */
    JT_ERR_PAUSE_STATUS,     /* cannot pause {status} job (id {id}{errc}) */
    JT_ERR_RESUME_STATUS,    /* job with status {status}{errq} cannot be resumed */
    JT_ERR_CANCEL_STATUS,    /* job with status {status}{errq} cannot be canceled */
    JT_ERR_NOT_CONTROLLABLE, /* job {id} is not controllable */
    JT_ERR_PRIVILEGE,        /* only users with the admin role are allowed to {op} JOBS */
    JT_ERR_SHOW_PRIVILEGE,   /* user {user} does not have SELECT privilege on relation jobs */
    JT_ERR_SHAPE,            /* {op} JOBS expects a single column source, got {arg} columns */
    JT_ERR_TYPE,             /* {op} JOBS requires int values, not type {arg} */
    JT_ERR_COUNT
};

typedef struct jt_transition {
    uint8_t act; /* enum jt_act */
    uint8_t to;  /* enum jt_status, for JT_ACT_TO */
    uint8_t err; /* enum jt_err, for JT_ACT_ERROR */
} jt_transition;

typedef struct jt_errtext {
    const char *tmpl; /* placeholders {id} {status} {errq} {errc} {op} {user} {arg} */
    const char *sqlstate;
} jt_errtext;

struct jt_profile {
    const char *name;
    const char *status_names[JT_ST_COUNT];
    const char *type_names[JT_TY_COUNT];
    uint8_t terminal[JT_ST_COUNT];
    jt_transition table[JT_ST_COUNT][JT_OP_COUNT];
    /* Operations a SCHEMA CHANGE job refuses whatever its status (not controllable). */
    uint8_t schema_refuses[JT_OP_COUNT];
    /* Operations refused for a SCHEMA CHANGE job whose description starts with ROLL BACK. */
    uint8_t rollback_refuses[JT_OP_COUNT];
    /* Only admin members may control jobs. */
    uint8_t control_admin_only;
    /* Only admin members may read SHOW JOBS and the jobs tables. */
    uint8_t show_admin_only;
    jt_errtext errors[JT_ERR_COUNT];
    const char *op_words[JT_OP_COUNT]; /* PAUSE, RESUME, CANCEL */
};

/* What an error text's placeholders stand for. */
typedef struct jt_errargs {
    int op;             /* enum jt_op: {op} */
    int64_t id;         /* {id} */
    const char *status; /* {status} */
    const char *error;  /* the job's error text, quoted in {errq} and {errc}; NULL or "" none */
    const char *user;   /* {user} */
    const char *arg;    /* {arg} */
} jt_errargs;

/* Fills msg (size bytes) with the profile's text of error kind; returns its SQLSTATE. */
const char *jt_profile_error(const struct jt_profile *p, int kind, const jt_errargs *a, char *msg,
                             size_t size);

/* Profiles known to the kit, ending with NULL. */
extern const struct jt_profile *const jt_profiles[];

int jt_profile_status(const struct jt_profile *p, const char *name);
int jt_profile_type(const struct jt_profile *p, const char *name);

#endif
