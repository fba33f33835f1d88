/* ddmin: "Simplifying and Isolating Failure-Inducing Input", Zeller and Hildebrandt, 2002. */
#include "sim/search/shrink.h"

#include <stdlib.h>
#include <string.h>

#include "model/common.h"

/* Tests the candidate cand[0 .. m); on failure copies it into keep. */
static int try_candidate(int *reduced, size_t *keep, size_t *n, const size_t *cand, size_t m,
                         jt_shrink_test_fn test, void *ctx, size_t *budget) {
    int r;
    *reduced = 0;
    if (*budget == 0)
        return 0;
    (*budget)--;
    r = test(ctx, cand, m);
    if (r < 0)
        return r;
    if (r > 0) {
        memcpy(keep, cand, m * sizeof *cand);
        *n = m;
        *reduced = 1;
    }
    return 0;
}

int jt_shrink_ddmin(size_t *keep, size_t *n, jt_shrink_test_fn test, void *ctx, size_t *budget) {
    size_t gran = 2, *cand = NULL;
    int rc = JT_OK;
    if (*n < 2)
        return JT_OK;
    cand = jt_malloc(*n * sizeof *cand);
    if (!cand)
        return JT_ENOMEM;
    while (*n >= 2 && *budget > 0) {
        size_t len = *n, i, k, m;
        int reduced = 0;
        if (gran > len)
            gran = len;
        /* Each chunk alone (skipped for 2 chunks: the complements are the same tests). */
        for (i = 0; gran > 2 && i < gran && !reduced && *budget > 0; i++) {
            size_t lo = len * i / gran, hi = len * (i + 1) / gran;
            m = hi - lo;
            memcpy(cand, keep + lo, m * sizeof *cand);
            rc = try_candidate(&reduced, keep, n, cand, m, test, ctx, budget);
            if (rc < 0)
                goto out;
            if (reduced)
                gran = 2;
        }
        /* Each complement. */
        for (i = 0; i < gran && !reduced && *budget > 0; i++) {
            size_t lo = len * i / gran, hi = len * (i + 1) / gran;
            for (k = 0, m = 0; k < len; k++)
                if (k < lo || k >= hi)
                    cand[m++] = keep[k];
            if (m == len)
                continue;
            rc = try_candidate(&reduced, keep, n, cand, m, test, ctx, budget);
            if (rc < 0)
                goto out;
            if (reduced)
                gran = gran > 2 ? gran - 1 : 2;
        }
        if (reduced)
            continue;
        if (gran >= len)
            break; /* every single item was tried: 1-minimal */
        gran = gran * 2 < len ? gran * 2 : len;
    }
out:
    free(cand);
    return rc;
}
