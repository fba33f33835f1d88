/*
 * Exhaustive exploration: every state of the model reachable from all jobs pending, each
 * visited once (states are hashed on the jobs' statuses), breadth first, so that a violation
 * comes with a shortest trace.
 *
 * Job j (1 .. J) has type (j-1) mod 5 in the order IMPORT, BACKUP, RESTORE, CHANGEFEED,
 * SCHEMA CHANGE and owner (j-1) mod U. User 0 is root; odd users (u1, u3 …) are not admins;
 * even users above 0 (u2, u4 …) are admin members. The actions are, for OP in PAUSE, RESUME,
 * CANCEL and every user: `OP JOB j` for every job and `OP JOBS (SELECT job_id FROM [SHOW JOBS]
 * WHERE user_name = '<owner>')` for every owner; and every step of a job's own progress
 * (pending → running, running → succeeded, running → failed), as a fixture moves it.
 *
 * After each step the invariants are checked (enum jt_invariant). A violation is written as
 * a case file: the fixtures of the start, the trace's records with the results the explored
 * implementation gave, then records that state the invariant, so that `jobtck run` on the
 * same implementation fails on them.
 */
#ifndef JT_EXPLORE_H
#define JT_EXPLORE_H

#include <stddef.h>
#include <stdio.h>

#include "model/model.h"

struct jt_session;

#define JT_EXPLORE_MAX_JOBS 21 /* statuses packed in 3 bits each into one 64-bit key */
#define JT_EXPLORE_MAX_USERS 100
#define JT_EXPLORE_MAX_STATES 50000000

enum jt_invariant {
    JT_INV_NONE,
    JT_INV_PRIVILEGE,    /* a non-admin's control statement never succeeds */
    JT_INV_NOSCHEMA,     /* a SCHEMA CHANGE job is never paused */
    JT_INV_TERMINAL,     /* a terminal status (succeeded, failed, canceled) never changes */
    JT_INV_ATOMIC,       /* a failing statement changes nothing */
    JT_INV_BULK,         /* a bulk statement that succeeds equals its singular ones, in order */
    JT_INV_PAUSE_RESUME, /* PAUSE then RESUME of a running job gives running */
    JT_INV_COUNT
};

/* "non-admin control never succeeds" … */
const char *jt_invariant_name(int inv);

typedef struct jt_explore_config {
    int jobs;          /* J: 1 .. JT_EXPLORE_MAX_JOBS */
    int users;         /* U: 1 .. JT_EXPLORE_MAX_USERS */
    int depth;         /* states deeper than this are not expanded; < 0: no bound */
    size_t max_states; /* 0: JT_EXPLORE_MAX_STATES */
    /* The implementation explored (sim/drivers/session.h): the model driver, whose state is
       read through model/snapshot.c, or a table of one's own with model_of, which gives the
       model behind one of its connections. Its trace is rendered and replayed on new
       connections of the same (jt_session_open_again). */
    struct jt_session *session;
    const jt_model *(*model_of)(void *conn);
    const char *driver_spec; /* what follows --driver in the replay command (NULL: its spec) */
    const char *trace_path;  /* where a violation's trace goes (NULL: explore-trace.test) */
    FILE *out;               /* progress and result lines, or NULL */
} jt_explore_config;

typedef struct jt_explore_report {
    size_t states;      /* distinct states visited */
    size_t transitions; /* actions run (enabled progress steps and statements) */
    int depth;          /* the deepest state's distance from the start */
    int complete;       /* the fixed point was reached: no bound cut the search */
    double elapsed_s;
    int violation; /* enum jt_invariant, or JT_INV_NONE */
    char message[JT_MESSAGE_MAX];
    size_t trace_records;   /* records of the trace written */
    size_t replay_failures; /* its failing records when replayed with the runner: 0 when the
                               violation depends on the jobs' history (timestamps, hence the
                               order of SHOW JOBS), which states merge, and no confirmed one
                               was found */
    size_t unconfirmed;     /* violations whose trace did not replay them */
    char trace_path[4096];
} jt_explore_report;

/* Explores until the fixed point, a bound, or the first violation. Returns 0 when it ran
   (out->violation says what it found) or a negative JT_E... (err says why). */
int jt_explore_run(jt_explore_report *out, const jt_explore_config *cfg, jt_error *err);

#endif
