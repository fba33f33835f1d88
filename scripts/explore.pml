/*
 * scripts/explore.pml: the scope of `jobtck explore --jobs J --users U` under profile v2.1 as a
 * Promela model, so that spin can search the same states (docs/explore.md, "Beside spin").
 * scripts/spin-explore.sh writes the action list for J and U into explore-actions.pml, which
 * this file includes at its end, and builds and runs pan; by hand:
 *
 *   bash scripts/spin-explore.sh --emit 8 3 > explore-actions.pml
 *   spin -DJ=8 -DU=3 -a scripts/explore.pml   (with explore-actions.pml beside it)
 *   gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c && ./pan -m100000 -w21
 *
 * The scope (sim/search/explore.h): job k (0-based here, job id k+1) has type k mod 5 (IMPORT,
 * BACKUP, RESTORE, CHANGEFEED, SCHEMA CHANGE) and owner k mod U; user 0 is root, odd users are
 * not admins, even ones are. Every job starts pending. Each action is one d_step, one
 * transition between two stored states: a control statement that fails is a transition back to
 * the state it left, as it is for the explorer. The statements follow docs/spec.md, section 4:
 * the v2.1 transition table; a SCHEMA CHANGE job refuses PAUSE and RESUME whatever its status;
 * a user who is not an admin is refused before anything is read; a bulk statement works
 * through the owner's jobs in id order and changes nothing unless every one of them succeeds.
 *
 * The stored state is status[] and the process's place in its loop: every scratch variable is
 * hidden, written before it is read within each d_step. The explorer's six invariants are
 * asserted where a step could break them.
 */

#ifndef J
#define J 5
#endif
#ifndef U
#define U 3
#endif

#define PENDING 0
#define RUNNING 1
#define PAUSED 2
#define SUCCEEDED 3
#define FAILED 4
#define CANCELED 5
#define ENDED(st) ((st) >= SUCCEEDED) /* the terminal statuses */

#define PAUSE 0
#define RESUME 1
#define CANCEL 2

#define KIND(k) ((k) % 5) /* IMPORT 0, BACKUP 1, RESTORE 2, CHANGEFEED 3, SCHEMA CHANGE 4 */
#define SCHEMA_CHANGE 4
#define ADMIN(u) ((u) % 2 == 0)

byte status[J];

hidden byte before[J]; /* a bulk statement: the statuses it started from */
hidden byte after[J];  /* and those its jobs are to take */
hidden byte k, from, to, good, to2, good2;

/* to, good := what statement op does to job kk in status st (the privilege aside). */
inline transition(op, kk, st, to_, good_) {
  to_ = st;
  good_ = 1;
  if
  :: KIND(kk) == SCHEMA_CHANGE && op != CANCEL -> good_ = 0 /* job N is not controllable */
  :: else ->
    if
    :: op == PAUSE && (st == PENDING || st == RUNNING) -> to_ = PAUSED
    :: op == PAUSE && st == PAUSED -> skip
    :: op == RESUME && st == PAUSED -> to_ = RUNNING
    :: op == RESUME && st == RUNNING -> skip
    :: op == CANCEL && (st == PENDING || st == RUNNING || st == PAUSED) -> to_ = CANCELED
    :: op == CANCEL && st == CANCELED -> skip
    :: else -> good_ = 0 /* cannot pause/resume/cancel a job in that status */
    fi
  fi
}

/* OP JOB kk+1, run by user u. */
inline single(op, u, kk) {
  from = status[kk];
  if
  :: ADMIN(u) -> transition(op, kk, from, to, good)
  :: else -> good = 0 /* only users with the admin role are allowed to OP JOBS */
  fi;
  if
  :: good -> status[kk] = to
  :: else -> skip
  fi;
  assert(ADMIN(u) || !good);                                  /* the privilege check */
  assert(KIND(kk) != SCHEMA_CHANGE || status[kk] != PAUSED); /* no SCHEMA CHANGE paused */
  assert(!ENDED(from) || status[kk] == from);                /* a terminal status stays */
  assert(good || status[kk] == from);                        /* a failure changes nothing */
  if
  :: op == PAUSE && from == RUNNING && good -> /* then RESUME, as root: running again */
    transition(RESUME, kk, status[kk], to2, good2);
    assert(good2 && to2 == RUNNING)
  :: else -> skip
  fi
}

/* OP JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = '<owner o>'), run by user u. */
inline bulk(op, u, o) {
  for (k : 0 .. J - 1) {
    before[k] = status[k];
    after[k] = status[k]
  }
  good = ADMIN(u);
  k = o;
  do
  :: good && k < J -> transition(op, k, status[k], to, good); after[k] = to; k = k + U
  :: else -> break
  od;
  if
  :: good -> for (k : 0 .. J - 1) { status[k] = after[k] }
  :: else -> skip
  fi;
  assert(ADMIN(u) || !good);
  for (k : 0 .. J - 1) {
    assert(KIND(k) != SCHEMA_CHANGE || status[k] != PAUSED);
    assert(!ENDED(before[k]) || status[k] == before[k]);
    assert(good || status[k] == before[k])
  }
  if
  :: good -> /* the same as its singular statements, in id order, from the same statuses */
    k = o;
    do
    :: k < J -> transition(op, k, before[k], to2, good2); assert(good2 && to2 == status[k]); k = k + U
    :: else -> break
    od
  :: else -> skip
  fi
}

/* The steps of a job's own run, as the explorer's fixtures make them. */
inline start(kk) {
  status[kk] == PENDING -> status[kk] = RUNNING
}
inline succeed(kk) {
  status[kk] == RUNNING -> status[kk] = SUCCEEDED
}
inline fail(kk) {
  status[kk] == RUNNING -> status[kk] = FAILED
}

#include "explore-actions.pml"
