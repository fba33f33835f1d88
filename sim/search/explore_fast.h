/*
 * The memoised search's engine (private to sim/search/explore*.c): breadth first over packed
 * states, level by level, the states of a level shared out between threads in chunks. A state
 * is expanded from the memo's summaries alone; the visited states are a bitmap indexed by the
 * state's dense index (set with an atomic OR: exactly one thread claims a new state), or, when
 * A^J bits would not fit, a hash table in shards under locks. The counts are those of the
 * sequential search whatever the threads: each state is claimed once, each level is expanded
 * whole.
 */
#ifndef JT_EXPLORE_FAST_H
#define JT_EXPLORE_FAST_H

#include "sim/search/explore_memo.h"

typedef struct xf_queue {
    uint64_t *v;
    size_t n, cap;
} xf_queue;

typedef struct xf_shard {
    pthread_mutex_t lock;
    uint64_t *slot; /* key + 1, 0 empty */
    size_t cap, n;
} xf_shard;

#define XF_SHARDS 256

typedef struct xf_search {
    const xm_memo *m;
    int threads;
    size_t max_states;
    uint64_t *bitmap; /* the dense index's bits, or NULL: the shards */
    size_t bitmap_words;
    xf_shard *shards;
    xf_queue cur;                          /* the level being expanded */
    xf_queue next[JT_EXPLORE_MAX_THREADS]; /* the next, a queue per thread */
    uint64_t transitions[JT_EXPLORE_MAX_THREADS];
    size_t states; /* claimed (atomic) */
    int full;      /* max_states reached (atomic) */
    int depth;     /* of the current level */
    size_t at;     /* the next chunk of the level (atomic) */
    int nomem;     /* a queue could not grow (atomic) */
    /* a hook called on each state before it is expanded (one thread only): verify */
    int (*on_state)(void *ctx, uint64_t key);
    void *ctx;
    int hook_rc;
    size_t peak; /* bytes of the visited states and the queues at their peak */
} xf_search;

/* The search from the start (every job pending): the start claimed, the first level. */
int xf_init(xf_search *s, const xm_memo *m, int threads, size_t max_states, size_t memory_max,
            jt_error *err);
void xf_dispose(xf_search *s);
/* Expands the current level into the next. *flagged: a state of the level has a transition (or
   check) that breaks an invariant; *min_key: the least such state. */
int xf_expand(xf_search *s, int *flagged, uint64_t *min_key, jt_error *err);
/* Looks for such a state in the current level again (after an entry was ignored). */
void xf_rescan(const xf_search *s, int *flagged, uint64_t *min_key);
/* The next level becomes the current one: *n its size (0: the fixed point). */
int xf_next(xf_search *s, size_t *n, jt_error *err);
uint64_t xf_transitions(const xf_search *s);

/* A shortest path of actions from the start to state target (depth steps away), found again
   breadth first on one thread: *path (allocated), *n. */
int xf_path(const xm_memo *m, uint64_t target, int depth, size_t **path, size_t *n, jt_error *err);

/*
 * The bitstate search (explore_bitstate.c): depth first, each thread from the start with its
 * successors in an order of its own, the visited states a bit array shared by the threads, k
 * bits a state (Holzmann's bitstate hashing, spin's -DBITSTATE): a state whose k bits are all
 * set already is taken for visited, rightly or not. Bounded memory, a partial search: its
 * expected coverage is estimated from the bits set, never a proof.
 */
typedef struct xb_frame {
    uint64_t key;
    size_t first, n, next; /* its successors: succ[first .. first + n), the next to try */
} xb_frame;

typedef struct xb_thread {
    struct xb_search *b;
    int t;
    xb_frame *frames;
    size_t nframes, frames_cap;
    uint64_t *succ;
    size_t nsucc, succ_cap;
    uint64_t transitions, states;
    int maxdepth; /* the deepest frame it entered (its own: xb_depth takes the deepest) */
    int flagged;  /* the top frame's state has a transition that breaks an invariant */
    int nomem;
    pthread_t id;
} xb_thread;

typedef struct xb_search {
    const xm_memo *m;
    int threads, hashes, depth_bound;
    size_t max_states, max_moves;
    uint64_t *bits;
    uint64_t nbits;      /* a power of two */
    int stop;            /* a thread met a flagged state, or the state limit (atomic) */
    int full, truncated; /* the state limit met, a stack too deep (set by the threads: atomic) */
    size_t claimed;      /* states claimed, for the state limit (atomic) */
    xb_thread th[JT_EXPLORE_MAX_THREADS];
} xb_search;

int xb_init(xb_search *b, const xm_memo *m, int threads, size_t bytes, int hashes, int depth,
            size_t max_states, jt_error *err);
void xb_dispose(xb_search *b);
/* Runs (or goes on) until every thread is done or one meets a flagged state: *path its keys
   from the start (the thread's stack, valid until the next call), *npath. */
int xb_run(xb_search *b, const uint64_t **path, size_t *npath, jt_error *err);
uint64_t xb_states(const xb_search *b);
uint64_t xb_transitions(const xb_search *b);
/* The deepest state the threads entered. */
int xb_depth(const xb_search *b);
size_t xb_bytes(const xb_search *b);
/* The expected share of the reachable states the search visited (Holzmann's estimate). */
double xb_coverage(const xb_search *b);

#endif
