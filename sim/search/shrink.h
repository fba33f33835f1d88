/*
 * Delta debugging: Zeller and Hildebrandt's ddmin over a list of items. The simulator uses
 * it on the records of a failing scenario and on the ids of a VALUES list.
 */
#ifndef JT_SHRINK_H
#define JT_SHRINK_H

#include <stddef.h>

/* Whether the items keep[0 .. n) (indices into the caller's list, increasing) still fail:
   1 they do, 0 they do not, a negative JT_E... when the test itself could not run. */
typedef int (*jt_shrink_test_fn)(void *ctx, const size_t *keep, size_t n);

/*
 * Shrinks keep[0 .. *n) in place to a 1-minimal subsequence that still fails: removing any
 * one item of the result makes test return 0 (when the budget lasted). keep must fail on
 * entry. *budget is the number of tests allowed; it is decremented per test, and the search
 * stops, keeping the smallest failing list found, when it reaches 0. Returns 0, or the
 * negative value of a test that could not run, or JT_ENOMEM.
 */
int jt_shrink_ddmin(size_t *keep, size_t *n, jt_shrink_test_fn test, void *ctx, size_t *budget);

#endif
