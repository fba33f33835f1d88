/*
 * The explorer's world (private to sim/search/explore*.c): the scope of a search read from the
 * profile (its users, jobs and actions), the local states of a job, and the oracle: an action
 * run on the implementation through its session from a given state, observed, and checked
 * against the invariants that hold in the profile (explore_check.c). Every search sees the
 * implementation through here only.
 */
#ifndef JT_EXPLORE_WORLD_H
#define JT_EXPLORE_WORLD_H

#include <pthread.h>
#include <stdint.h>

#include "sim/search/explore.h"
#include "sim/text/strbuf.h"

#define XW_MAX_LOCAL 16 /* local states of a job (a status and an error): 4 bits */
#define XW_SQL_MAX 256

/* What an action is. Statements come first in the list, then the steps of each job's own run
   (three a job), the step of the virtual clock when the profile has one, then the PAUSE /
   RESUME check of each job (a check, not a transition). */
enum xw_kind { XW_STATEMENT, XW_START, XW_SUCCEED, XW_FAIL, XW_ADVANCE, XW_CHECK };

typedef struct xw_action {
    uint8_t kind;  /* enum xw_kind */
    uint8_t op;    /* statements: enum jt_op */
    uint8_t user;  /* statements: who runs it */
    uint8_t owner; /* bulk statements: whose jobs */
    int job;       /* 1 .. J: a singular statement, a job's step or check; 0: bulk, advance */
    char *sql;
    char *selection; /* bulk: the selection alone */
} xw_action;

/* The kinds of user a profile's privileges tell apart (root aside). */
enum xw_user_kind { XW_PLAIN, XW_ADMIN, XW_CONTROLJOB, XW_VIEWJOB, XW_MEMBER, XW_KINDS };

typedef struct xw_user {
    char name[16];
    uint8_t kind; /* enum xw_user_kind; root is XW_ADMIN */
    uint8_t admin;
    unsigned options; /* JT_USER_CONTROLJOB, JT_USER_VIEWJOB */
    int member_of;    /* the user whose role it is a member of, or -1 */
} xw_user;

/* A job's local state: a status and an error (an index of errors, or -1). */
typedef struct xw_local {
    uint8_t status;
    int8_t error;
} xw_local;

typedef struct xw_world {
    const jt_profile *profile;
    int J, U, owners;
    xw_user users[JT_EXPLORE_MAX_USERS];
    uint8_t type[JT_EXPLORE_MAX_JOBS];  /* job j+1's type (enum jt_jobtype) */
    uint8_t owner[JT_EXPLORE_MAX_JOBS]; /* job j+1's owner (a user index) */
    xw_action *acts;
    size_t nacts, nstatements;
    size_t first_step;   /* = nstatements: job j's steps at first_step + 3 (j-1) + kind */
    size_t advance;      /* the virtual clock's step, or SIZE_MAX when the profile has none */
    size_t first_check;  /* job j's check at first_check + j - 1; nacts after the last */
    unsigned invariants; /* 1u << inv: those the profile holds */
    /* The local states met so far: 0 is pending without an error, the start of every job. */
    xw_local local[XW_MAX_LOCAL];
    int nlocal;
    char *errors[XW_MAX_LOCAL];
    int nerrors;
    pthread_mutex_t lock; /* over local and errors, when oracles run on several threads */
    const jt_model *(*model_of)(void *conn);
} xw_world;

/* The scope of cfg under profile p (its users, jobs and actions). 0, or a negative JT_E... */
int xw_init(xw_world *w, const jt_explore_config *cfg, const jt_profile *p, jt_error *err);
void xw_dispose(xw_world *w);
/* Root and one user of each kind the profile tells apart. */
int xw_default_users(const jt_profile *p);

static inline int xw_is_step(const xw_world *w, size_t ai) {
    return ai >= w->first_step && ai < w->first_check && ai != w->advance;
}

/* The local state of (status, error), made when new: its index, or -1 when there would be
   more than XW_MAX_LOCAL. */
int xw_local_id(xw_world *w, int status, const char *error);
/* "paused", "reverting (job canceled by user)". */
void xw_local_name(const xw_world *w, int ls, char *buf, size_t size);
/* "1:pending 2:running …" */
void xw_describe(const xw_world *w, const uint8_t *st, char *buf, size_t size);
/* The jobs of state st as fixtures (make: a new job, with its type and owner; else a move). */
void xw_job_fixture(const xw_world *w, int j, int ls, int make, jt_fixture *fx);
/* The users (then the jobs, all pending) as fixtures on s, rendered into sb when not NULL. */
int xw_setup(const xw_world *w, struct jt_session *s, jt_strbuf *sb, jt_error *err);

/* An oracle: a session of the implementation and where it stands. One per thread. */
typedef struct xw_oracle {
    xw_world *w;
    struct jt_session *s;
    jt_error *err;
    int locked; /* take w->lock around new local states */
    int placed; /* the session is in state at (set up afresh), whose model hashes at_hash */
    uint8_t at[JT_EXPLORE_MAX_JOBS];
    uint64_t at_hash;
    size_t calls; /* statements, fixtures and steps of the clock run */
} xw_oracle;

void xw_oracle_init(xw_oracle *o, xw_world *w, struct jt_session *s, jt_error *err);

/* What an action did from a state. */
typedef struct xw_obs {
    int enabled; /* a step: whether it applies in the state (a statement always does) */
    uint8_t after[JT_EXPLORE_MAX_JOBS];
    int failed;
    char sqlstate[6];
    int64_t count;
    int viol; /* enum jt_invariant: the first one it breaks, or JT_INV_NONE */
    char message[JT_MESSAGE_MAX];
    /* BULK: the statement's due result and state (its singular statements'), for the trace */
    jt_result expect_res;
    uint8_t expect_after[JT_EXPLORE_MAX_JOBS];
    int check_job; /* the check: its job */
} xw_obs;

/* Sets the session up in state st: afresh (restart, users, jobs), unless it is there. */
int xw_place(xw_oracle *o, const uint8_t *st);
/* The local state of every job now. */
int xw_read(xw_oracle *o, uint8_t *st);
/* Runs action ai from state st and checks the invariants: 0, or a negative JT_E.... The
   session is left where the action took it. */
int xw_observe(xw_oracle *o, size_t ai, const uint8_t *st, xw_obs *obs);
void xw_obs_dispose(xw_obs *obs);
/* A message into buf (vsnprintf: what does not fit is cut). */
void xw_msg(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Runs statement sql as user u on s (no state kept). */
int xw_exec(xw_oracle *o, int u, const char *sql, jt_result *res);

/* ---- the invariants (explore_check.c) ---- */

/* What a statement did, for its checks. */
typedef struct xw_effect {
    const xw_action *a;
    const uint8_t *before, *after;
    const jt_result *res;
    int hash_changed;
    const int64_t *ids; /* bulk: its selection run alone, in order */
    size_t nids;
    int sel_failed;
} xw_effect;

/* The first invariant a statement breaks (message in msg), or JT_INV_NONE; BULK's comparison
   with the singular statements is the oracle's. */
int xw_check_statement(const xw_world *w, const xw_effect *e, char *msg, size_t size);
/* The checks on the states before and after any step. */
int xw_check_states(const xw_world *w, const uint8_t *before, const uint8_t *after, char *msg,
                    size_t size);
/* The covers line of a trace breaking inv. */
const char *xw_covers_of(int inv);
/* Whether user u may be denied nothing: a member of admin. */
int xw_user_has_controljob(const xw_world *w, int u);

#endif
