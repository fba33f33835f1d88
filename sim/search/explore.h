/*
 * Exhaustive exploration: every state of the model reachable from all jobs pending, each
 * visited once, breadth first, so that a violation comes with a shortest trace.
 *
 * The scope is read from the profile the model runs (sim/search/explore_world.h): job j (1 ..
 * J) has the profile's (j-1) mod T-th job type (v2.1: IMPORT, BACKUP, RESTORE, CHANGEFEED,
 * SCHEMA CHANGE) and owner (j-1) mod U. User 0 is root; users 1, 2, … take in turn the kinds of
 * user the profile's privileges tell apart: not an admin, an admin member (v2.1: odd users are
 * not admins, even ones are), then, where the profile has them, a CONTROLJOB holder, a VIEWJOB
 * holder, a member of user 1's role. The actions are, for OP in PAUSE, RESUME, CANCEL and every
 * user: `OP JOB j` for every job and, where the grammar has it (not v2.0), `OP JOBS (SELECT job_id
 * FROM [SHOW JOBS] WHERE user_name = '<owner>')` for every owner; every step of a job's own run
 * (pending → running, running → succeeded, running → failed), as a fixture moves it; and, in
 * profiles whose jobs move on their own (v20.1 on), one step of the model's virtual clock
 * (jt_model_advance).
 *
 * A state is what each job is: its status and its error (a job paused while reverting keeps
 * the error it reverts for); the timestamps are history, which states merge.
 *
 * After each step the invariants that hold in the profile are checked (enum jt_invariant). A
 * violation is written as a case file: the fixtures of the start, the trace's records with the
 * results the explored implementation gave, then records that state the invariant, so that
 * `jobtck run` on the same implementation fails on them.
 *
 * Three ways to search (jt_explore_config.mode):
 * - memoised (the default): the effect of each action on the part of the state it reads (the
 *   jobs it names, for the user who runs it) is asked of the implementation once per context,
 *   on a session set up to that context, before the search; the search then runs on packed
 *   states, on every core, with the visited states in a bitmap indexed by the state itself;
 * - verify: the memoised search on one core, every action from every state also run through
 *   the session in the whole state and compared with the memo: each distinct context of the
 *   memo checked in every state it occurs in (as slow as plain);
 * - plain: every transition run through the session in the whole state (slow).
 * A bitstate search (bitstate_bytes > 0) is a partial search in bounded memory, depth first,
 * reported with its expected coverage, never as a proof.
 */
#ifndef JT_EXPLORE_H
#define JT_EXPLORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"

struct jt_session;

#define JT_EXPLORE_MAX_JOBS 21 /* local states packed in 3 bits each (4: 16 jobs) into 64 */
#define JT_EXPLORE_MAX_USERS 100
#define JT_EXPLORE_MAX_STATES 2000000000
#define JT_EXPLORE_MAX_THREADS 64

enum jt_invariant {
    JT_INV_NONE,
    JT_INV_PRIVILEGE,    /* admin-only control: a non-admin's control statement never succeeds */
    JT_INV_NOSCHEMA,     /* where schema changes refuse PAUSE: one is never paused */
    JT_INV_TERMINAL,     /* a terminal status (succeeded, failed, canceled) never changes */
    JT_INV_ATOMIC,       /* a failing statement changes nothing */
    JT_INV_BULK,         /* a bulk statement that succeeds equals its singular ones, in order */
    JT_INV_PAUSE_RESUME, /* PAUSE (once it took effect) then RESUME of a running job: running */
    JT_INV_CONTROLJOB,   /* v20.2 on: a non-admin without CONTROLJOB controls no job (v25.1: but
                            those it owns, or whose owning role it is a member of) */
    JT_INV_ADMIN_OWNED,  /* v20.2 on: an admin's job is never controlled by a non-admin */
    JT_INV_OWNER,        /* v25.1: the owner of a job, or a member of the role that owns it, is
                            never refused its control for privilege */
    JT_INV_PAUSE_ENDS,   /* v20.1 on: a requested pause ends paused or terminal */
    JT_INV_COUNT
};

/* "non-admin control never succeeds" … */
const char *jt_invariant_name(int inv);
/* The invariants that hold in profile p (1u << inv each): a profile with a base (v2.1 as
   built) is held to its base's. */
unsigned jt_explore_invariants(const jt_profile *p);

enum jt_explore_mode { JT_EXPLORE_MEMO, JT_EXPLORE_VERIFY, JT_EXPLORE_PLAIN };

typedef struct jt_explore_config {
    int jobs;              /* J: 1 .. JT_EXPLORE_MAX_JOBS */
    int users;             /* U: 1 .. JT_EXPLORE_MAX_USERS; 0: root and one user of each kind */
    int depth;             /* states deeper than this are not expanded; < 0: no bound */
    size_t max_states;     /* 0: JT_EXPLORE_MAX_STATES */
    int mode;              /* enum jt_explore_mode */
    int threads;           /* the memoised search's; 0: one per core */
    size_t bitstate_bytes; /* > 0: a bitstate search in that many bytes (memoised only) */
    int bitstate_hashes;   /* its hash functions; 0: 3 */
    size_t memory_bytes;   /* the visited states' bitmap at most (0: 1 GiB) */
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
    double cpu_s;         /* user and system time of the process over the search */
    double memo_s;        /* of elapsed_s: asking the implementation for the memo's contexts */
    int threads;          /* that the search ran on */
    size_t contexts;      /* the memo's contexts asked of the implementation */
    size_t verified;      /* verify: distinct contexts of the memo checked in whole states */
    size_t verified_runs; /* verify: actions run in whole states and compared with the memo */
    size_t memory;        /* bytes the search held at its peak: visited states, queues, memo */
    const char *store;    /* how visited states are kept: "bitmap", "hash table", "bitstate" */
    int partial;          /* a bitstate search: states may have been missed */
    double coverage;      /* its expected coverage, 0 .. 1 */
    int violation;        /* enum jt_invariant, or JT_INV_NONE */
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
