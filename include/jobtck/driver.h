/*
 * jobtck driver interface: the table of functions through which the kit reaches an
 * implementation of job control. The built-in model fills it the same way a vendor's
 * plugin does. The struct is append-only: new members go at the end and raise
 * JT_DRIVER_ABI; a driver built against an older ABI number is still accepted (the kit
 * reads a member only from a table whose abi_version has it), one built against a newer
 * number than the kit's is refused.
 *
 * This header is self-contained (C99 or later, C++ too) and is installed for plugin
 * authors with a pkg-config file: cc $(pkg-config --cflags jobtck) ... (docs/drivers.md).
 * The kit calls a driver from one thread, one call at a time.
 */
#ifndef JOBTCK_DRIVER_H
#define JOBTCK_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JT_DRIVER_ABI 3

/* Error codes of the kit (not SQL errors: those travel in jt_result). */
#define JT_ERRORS(X)                                                                               \
    X(JT_OK, 0, "ok")                                                                              \
    X(JT_ENOMEM, -1, "out of memory")                                                              \
    X(JT_EINVAL, -2, "invalid argument")                                                           \
    X(JT_ELIMIT, -3, "limit exceeded")                                                             \
    X(JT_EPARSE, -4, "malformed input")                                                            \
    X(JT_EIO, -5, "input/output error")                                                            \
    X(JT_EDRIVER, -6, "driver failure")                                                            \
    X(JT_ENOTSUP, -7, "not supported")                                                             \
    X(JT_ETIMEOUT, -8, "timed out")                                                                \
    X(JT_EABI, -9, "driver ABI mismatch")

enum jt_errcode {
#define JT_ERRCODE_ENUM(name, value, text) name = (value),
    JT_ERRORS(JT_ERRCODE_ENUM)
#undef JT_ERRCODE_ENUM
};

#define JT_MESSAGE_MAX 256

/* Details of a failure of the kit or of a driver; caller-owned. */
typedef struct jt_error {
    int code;         /* a JT_E... value */
    char sqlstate[6]; /* five characters and NUL, or empty */
    int line;         /* line in the input that caused it, or 0 */
    char message[JT_MESSAGE_MAX];
} jt_error;

/* Capabilities a driver announces. */
#define JT_CAP_FIXTURES 0x1u /* can create users and jobs in a given state */
#define JT_CAP_USERS 0x2u    /* can run statements as different users */
#define JT_CAP_RESET 0x4u    /* can return to an empty scenario without reconnecting */
/* ABI 2 */
#define JT_CAP_ROLES 0x8u     /* user fixtures with role options and role memberships */
#define JT_CAP_JOB_META 0x10u /* job fixtures with a schedule and an age */

/* A driver option (ABI 3): what `--driver-option KEY=VALUE` gives, in the order given; the
   strings are the kit's and live as long as the connection. */
typedef struct jt_option {
    const char *key;
    const char *value;
} jt_option;

/* Role options of a user fixture (ABI 2). */
#define JT_USER_CONTROLJOB 0x1u /* may control jobs (v20.2 on) */
#define JT_USER_VIEWJOB 0x2u    /* may see every job (v23.1 on) */

enum jt_fixture_kind { JT_FIXTURE_USER = 1, JT_FIXTURE_JOB = 2 };

/*
 * A fixture: a user that exists (optionally an admin member), or a job in a given state.
 * A job fixture for an id that exists moves that job, as its own progress would.
 * A user fixture says everything of the user: an existing user takes exactly the admin
 * membership, options and roles it gives. A user is a role too: others can be its members,
 * and it can own jobs.
 * Strings are NUL-terminated and owned by the caller; NULL means "not given".
 */
typedef struct jt_fixture {
    int kind;                /* enum jt_fixture_kind */
    const char *name;        /* user: its name */
    int admin;               /* user: member of admin */
    int64_t id;              /* job: its id, 1 .. 2^63-1 */
    const char *type;        /* job: IMPORT, BACKUP, RESTORE, CHANGEFEED, SCHEMA CHANGE */
    const char *status;      /* job: pending, running, paused, succeeded, failed, canceled */
    const char *user;        /* job: user_name (default root) */
    const char *description; /* job: description (default derived from the type) */
    const char *error;       /* job: error text (default empty) */
    /* ABI 2: drivers built for ABI 1 never see these set (the kit skips the case files that
       need them on a driver without JT_CAP_ROLES / JT_CAP_JOB_META). */
    unsigned options;      /* user: JT_USER_CONTROLJOB | JT_USER_VIEWJOB */
    const char *member_of; /* user: the roles it is a member of, comma-separated, or NULL */
    int64_t schedule;      /* job: the id of the schedule that created it, or 0 */
    int64_t age_s;         /* job: it reached this status age_s seconds ago (0: now) */
} jt_fixture;

/*
 * What a result means for a case file is read from the result alone, whatever the driver
 * (ABI 3 says so; the kit did the same before for its own model only):
 * - a statement the implementation cannot parse is answered as PostgreSQL does, SQLSTATE 42601
 *   with position set to where it stopped; when the case file expected it to succeed, that is
 *   an error of the case file (exit 2), not a failure of the implementation; so is valid SQL it
 *   does not implement, SQLSTATE 0A000 (feature_not_supported), and an error of class 54
 *   (program_limit_exceeded);
 * - a fixture the implementation refuses as impossible in its version (a status it does not
 *   have) returns JT_EINVAL: an error of the case file too. JT_ENOTSUP: it cannot make that
 *   fixture at all, and the rest of the file is skipped.
 *
 * The result of one statement. Values are canonical text: NULL is a null pointer,
 * integers in decimal, strings as they are. values holds nrows * ncols pointers, row major.
 * On a SQL error, failed is 1 and sqlstate/message say why; the rest is empty.
 */
typedef struct jt_result {
    int failed;
    char sqlstate[6];
    char *message; /* the error's message, or NULL */
    int position;  /* 1-based character position of a syntax error, or 0 */
    char tag[64];  /* command tag: "PAUSE JOBS 2", "SELECT 3" */
    int64_t count; /* the tag's row count, or -1 when it has none */
    size_t ncols;
    char **columns; /* ncols names */
    char *types;    /* ncols type letters (I int, T string, R float, B bool, O oid, S timestamp),
                       NUL-terminated, or NULL when unknown */
    size_t nrows;
    char **values;
    void *priv; /* the driver's own */
} jt_result;

typedef struct jt_driver {
    int abi_version; /* JT_DRIVER_ABI the driver was built with */
    const char *name;
    unsigned caps; /* JT_CAP_... */
    /* target: driver-specific (the model: a profile name or NULL). */
    int (*connect)(const char *target, void **conn_out, jt_error *err);
    int (*reset)(void *conn, jt_error *err);
    int (*fixture)(void *conn, const jt_fixture *fx, jt_error *err);
    /* Returns 0 when the statement ran (successfully or with a SQL error, in out),
       a negative JT_E... when the driver could not run it (err; out stays empty, and
       the kit does not run the rest of that case file on this connection). */
    int (*exec)(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err);
    void (*free_result)(void *conn, jt_result *res);
    void (*disconnect)(void *conn);
    /* ABI 2. One step of the jobs' own progress, for an implementation on a virtual clock (a
       pause-requested job pauses, a cancel-requested one reverts, a reverting one ends): out
       is set to the number of jobs that moved (0: nothing can move on its own). NULL for an
       implementation whose jobs move on their own, in real time: the kit then polls. */
    int (*advance)(void *conn, int64_t *out, jt_error *err);
    /* ABI 3. Connects with options (noptions of them, 0 when none were given): the kit calls
       this instead of connect when it is set. An option the driver does not take is an error
       (JT_EINVAL, naming the key). NULL: connect, and the kit refuses options for the driver. */
    int (*connect_with)(const char *target, const jt_option *options, size_t noptions,
                        void **conn_out, jt_error *err);
    /* ABI 3. What this open connection can do (JT_CAP_...): the kit asks it once connected,
       and again after each reconnection. NULL: caps, the table's, for every connection. */
    unsigned (*conn_caps)(void *conn);
} jt_driver;

/* The one entry point a plugin exports, returning a table that lives as long as the
   shared object:  const jt_driver *jt_driver_entry(void);  (--driver plugin:PATH.so) */
#define JT_DRIVER_ENTRY "jt_driver_entry"
typedef const jt_driver *(*jt_driver_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* JOBTCK_DRIVER_H */
