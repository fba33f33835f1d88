/*
 * Concurrent histories (`jobtck sim --sessions K`): several sessions, each a thread with a
 * connection of its own, send control statements and reads of the jobs' statuses to one
 * implementation at once; every operation's invocation and completion times (a monotonic
 * clock) and its result are recorded, and the history is checked for linearizability against
 * the model: is there one order of the operations, consistent with real time (an operation
 * that completed before another was invoked comes first), in which the model gives every
 * result that was observed?
 *
 * The check is Wing and Gong's search with Lowe's memoization of (operations linearized,
 * state), in the manner of Porcupine: the history is partitioned into the groups of jobs that
 * operations touch together (a single-job statement touches one job, a bulk one all of its
 * jobs), and each part is searched alone. The model is the oracle: a step sets the part's
 * jobs to the state's statuses (fixtures), runs the operation as its user, and reads the
 * statuses back; steps are memoized. The search is bounded (states and time): past the bound
 * the verdict is "unknown", never "linearizable".
 *
 * The world: jobs 1..J of types IMPORT, BACKUP, RESTORE, CHANGEFEED in turn, owned by root
 * and maxroach in turn, all running; users root, alice (an admin member), maxroach (no
 * privileges) and ops (CONTROLJOB where the profile has it); session i runs as the i-th of
 * them. Jobs do not move on their own during a run (the implementation must not progress
 * them: serve without --progress-ms).
 */
#ifndef JT_HISTORY_H
#define JT_HISTORY_H

#include <stdint.h>
#include <stdio.h>

#include "model/common.h"

struct jt_session;

#define JT_HISTORY_MAX_JOBS 16
#define JT_HISTORY_MAX_SESSIONS 32
#define JT_HISTORY_MAX_OPS 100000 /* operations of one history */

enum jt_history_verdict {
    JT_HIST_LINEARIZABLE = 1,
    JT_HIST_VIOLATION,
    JT_HIST_UNKNOWN /* the search bound was reached: nothing is claimed */
};

/* One operation of a history. */
typedef struct jt_hist_op {
    unsigned session;
    const char *user;
    char *sql;
    uint32_t jobs;   /* the jobs it touches: bit j - 1 for job j */
    int64_t call_ns; /* invoked */
    int64_t ret_ns;  /* completed (> call_ns) */
    char *observed;  /* jt_result_key of what came back */
} jt_hist_op;

typedef struct jt_history_config {
    /* The implementation (sim/drivers/session.h): the world is made on this connection. When
       the driver's connections share one state (pgwire to a server), each session joins it on
       a connection of its own (jt_session_open_peer: pgwire's without the recipe, whose reset
       on each new connection would wipe the world); otherwise (the model) every session uses
       this one, behind a lock. */
    struct jt_session *session;
    const char *profile; /* the oracle's profile (NULL: the default) */
    uint64_t seed;
    unsigned sessions;   /* 2 .. JT_HISTORY_MAX_SESSIONS */
    unsigned ops;        /* per session */
    unsigned jobs;       /* 1 .. JT_HISTORY_MAX_JOBS */
    int singular;        /* no statements that name two jobs (which join their jobs' groups):
                            each job is a group of its own */
    uint64_t max_states; /* search states allowed in all (0: 10 000 000) */
    int time_limit_ms;   /* search time allowed in all (0: 60 000) */
    FILE *out;           /* the verdict, and for a violation the operations that show it */
    int plain_users;     /* the world's users without role options (for a driver without
                            JT_CAP_ROLES; jt_history_run sets it) */
} jt_history_config;

typedef struct jt_history_report {
    int verdict;       /* enum jt_history_verdict */
    size_t ops;        /* operations recorded */
    size_t parts;      /* independent parts (groups of jobs) of the history */
    size_t searched;   /* of them, those searched (all, unless one was not linearizable or
                          the bound was reached) */
    uint64_t states;   /* search states visited */
    int64_t search_ms; /* the checker's time */
} jt_history_report;

/* Records a history on the implementation, then checks it. 0 with the verdict in *out, or a
   negative JT_E... when the kit could not run (a driver failure: err says which session). */
int jt_history_run(jt_history_report *out, const jt_history_config *cfg, jt_error *err);

/* Checks a recorded history (ops[0 .. n)) against the model of profile, in the world of cfg
   (jobs, users; fixtures made here). *verdict, and the search's figures in rep. */
int jt_history_check(jt_history_report *rep, const jt_hist_op *ops, size_t n,
                     const jt_history_config *cfg, jt_error *err);

#endif
