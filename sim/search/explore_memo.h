/*
 * The memo of the fast search (private to sim/search/explore*.c): for every action, its effect on
 * the part of the state it reads (its context: the job it names, the jobs of the owner a bulk
 * statement selects, the job a step moves), for every context the jobs' local states make,
 * each asked of the implementation once through an oracle on a session set up to that context
 * (the other jobs pending). An action that changes a job outside its context is refused: the
 * fast search cannot explore that implementation (--plain can).
 *
 * A state is packed: job j's local state in bits [bits*j, bits*j + bits) of a 64-bit key; its
 * dense index is the same digits in base A (the number of local states), so that the visited
 * states of a search can be a bitmap of A^J bits.
 *
 * From the memo come the summaries the search's inner loop reads: for job j in local state ls,
 * the transitions of the statements that name j and of j's own steps, their distinct moves
 * (added to the key and to the index) and whether any breaks an invariant; the same for each
 * owner's bulk statements in each context; and the virtual clock's move of each job.
 */
#ifndef JT_EXPLORE_MEMO_H
#define JT_EXPLORE_MEMO_H

#include "sim/search/explore_world.h"

/* What an action did in one context. */
typedef struct xm_entry {
    uint32_t next;   /* the context after */
    uint8_t viol;    /* enum jt_invariant, or JT_INV_NONE */
    uint8_t enabled; /* a step: it applies */
    uint8_t failed;
    uint8_t flags; /* XM_COMPUTED, XM_VERIFIED, XM_IGNORED */
    char sqlstate[6];
    int64_t count;
} xm_entry;

#define XM_COMPUTED 0x1u
#define XM_VERIFIED 0x2u
#define XM_IGNORED 0x4u /* its violation did not replay: no longer reported */

/* The table of one action (the virtual clock: one per job). */
typedef struct xm_slot {
    size_t action;
    int njobs;
    uint8_t jobs[JT_EXPLORE_MAX_JOBS]; /* its context, 0-based job indices */
    size_t size;                       /* entries: A^njobs */
    xm_entry *e;
} xm_slot;

/* A move: what to add to a state's key and to its dense index. */
typedef struct xm_move {
    uint64_t dkey, didx;
} xm_move;

/* The transitions of one part of a state, summed up. */
typedef struct xm_sum {
    uint32_t n;     /* transitions */
    uint32_t first; /* its moves: moves[first .. first + nmoves) */
    uint8_t nmoves;
    uint8_t viol; /* one of them (or the check) breaks an invariant */
} xm_sum;

typedef struct xm_owner {
    int njobs;
    uint8_t jobs[JT_EXPLORE_MAX_JOBS];
    uint32_t pow[JT_EXPLORE_MAX_JOBS]; /* A^k */
    xm_sum *sum;                       /* [context] */
} xm_owner;

typedef struct xm_memo {
    xw_world *w;
    int A;    /* local states: the alphabet of a job */
    int bits; /* of a job in a key */
    uint64_t mask;
    int dense;                         /* A^J fits in 64 bits: pow is the dense index's */
    uint64_t pow[JT_EXPLORE_MAX_JOBS]; /* A^j */
    xm_slot *slots;
    size_t nslots;
    size_t *slot_of; /* an action's slot (the clock's: that of job 1, then each job's) */
    size_t computed; /* entries asked of the implementation */
    /* the summaries */
    xm_sum *job_sum; /* [j * A + ls] */
    xm_owner owners[JT_EXPLORE_MAX_USERS];
    uint8_t *adv_next; /* [j * A + ls]: the clock's move of job j, or ls */
    uint8_t *adv_viol;
    xm_move *moves;
    size_t nmoves, moves_cap;
} xm_memo;

/* Asks the implementation (through o) for every context of every action until the local states
   met are closed under the actions, then sums up. 0, or a negative JT_E.... */
int xm_build(xm_memo *m, xw_world *w, xw_oracle *o);
void xm_dispose(xm_memo *m);
/* Sums the tables up again (after an entry was ignored). */
int xm_summarize(xm_memo *m);

static inline unsigned xm_digit(const xm_memo *m, uint64_t key, int j) {
    return (unsigned)(key >> (m->bits * j)) & (unsigned)m->mask;
}

void xm_unpack(const xm_memo *m, uint64_t key, uint8_t *st);
uint64_t xm_pack(const xm_memo *m, const uint8_t *st);
/* The dense index of key (m->dense). */
uint64_t xm_index(const xm_memo *m, uint64_t key);

/* Action ai from state key, as the memo says: whether it is enabled (a check: whether it
   applies), *next and *entry (the clock: that of the first job whose move breaks an
   invariant, else of the first that moves). */
int xm_successor(const xm_memo *m, uint64_t key, size_t ai, uint64_t *next, const xm_entry **entry);
/* The first action (or check) from key whose entry breaks an invariant and is not ignored, or
   SIZE_MAX. */
size_t xm_first_violation(const xm_memo *m, uint64_t key);
/* The transitions of state key from the summaries: their number, *viol (|=) when one of them
   (or a check) breaks an invariant, and the states of their distinct moves in out[0 .. *n)
   (cap at most: xm_max_moves). */
uint64_t xm_expand(const xm_memo *m, uint64_t key, uint64_t *out, size_t *n, size_t cap,
                   unsigned *viol);
/* The most moves xm_expand gives for a state. */
size_t xm_max_moves(const xm_memo *m);
/* The first action from state from that leads to to, or SIZE_MAX. */
size_t xm_action_between(const xm_memo *m, uint64_t from, uint64_t to);
/* Marks the entries of action ai in state key that break an invariant as ignored. */
void xm_ignore(xm_memo *m, uint64_t key, size_t ai);

#endif
