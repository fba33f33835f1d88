/* The searches of jobtck explore (private to sim/search/explore*.c): the plain one, the
   memoised one (and its verify mode), the bitstate one, and what they share: the run's world,
   its report, and what becomes of a violation they find. */
#ifndef JT_EXPLORE_SEARCH_H
#define JT_EXPLORE_SEARCH_H

#include "sim/search/explore_world.h"

typedef struct xs_run {
    xw_world w;
    const jt_explore_config *cfg;
    jt_explore_report *rep;
    jt_error *err;
    struct jt_session *s;
    size_t unexpanded; /* states the depth bound left */
    int full;          /* the state limit was reached */
    int confirmed;     /* a violation whose trace replays it: the search stopped there */
    /* the first violation whose trace did not replay it, kept while the search goes on */
    int first_inv;
    char first_message[JT_MESSAGE_MAX];
    char *first_text;
    size_t first_records;
} xs_run;

/* A violation at the end of path (action breaks obs->viol): its trace rendered and replayed.
   1 when the replay shows it (written to the trace path; the search stops), 0 when it does
   not (the first such is kept; the search goes on), or a negative JT_E.... */
int xs_violation(xs_run *x, const size_t *path, size_t npath, size_t action, const xw_obs *obs);

/* Every transition run through the session (explore_plain.c). */
int xs_plain(xs_run *x);
/* The memoised search, or its verify mode (explore_search.c). */
int xs_memo(xs_run *x);

#endif
