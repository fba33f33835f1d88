/* A violation's trace (private to sim/search/explore*.c): the path to it as a case file, run on
   a new connection of the implementation, and replayed with the runner. */
#ifndef JT_EXPLORE_TRACE_H
#define JT_EXPLORE_TRACE_H

#include "sim/search/explore_world.h"

/* A violation the search found. */
typedef struct xt_violation {
    const size_t *path; /* the actions from the start to the state (indices of w->acts) */
    size_t npath;
    size_t action; /* the action (or check) that breaks the invariant */
    xw_obs obs;    /* what it did: the invariant, the message, BULK's due result */
} xt_violation;

/* The trace of v as a case file (rendered on a new connection of s, with the results it gives),
   replayed with the runner: rep->trace_records and rep->replay_failures; *confirmed when the
   replay fails. *text: the case file (allocated). 0, or a negative JT_E.... */
int xt_check(xw_world *w, struct jt_session *s, const jt_explore_config *cfg, const xt_violation *v,
             jt_explore_report *rep, char **text, int *confirmed, jt_error *err);

/* "--profile v20.1 " for a profile not the default, else "". */
const char *xt_profile_words(const xw_world *w, char *buf, size_t size);

#endif
