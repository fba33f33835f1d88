/* jobtck doc, releases: the profile that stands for the release a page documents, and the
   release as it shipped when the kit has a profile of that.

   The profiles carry no list of the releases they stand for: a release is mapped to a profile
   by the profiles' names, `vX.Y` read as a version, the newest profile not newer than the
   release standing for it; the table below says up to which release each one stands
   (docs/profiles.md, "stands for"), and a release past that gets a warning. A profile named
   `vX.Y-as-built` is the release vX.Y as it shipped, where it differs from its documentation
   (docs/profiles.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/profile.h"
#include "sim/doc/doc_internal.h"

/* `vX.Y` at the start of s: 1 with *major, *minor, and *rest the text after it; 0 otherwise. */
static int version_of(const char *s, long *major, long *minor, const char **rest) {
    char *e;
    if (!s || s[0] != 'v' || s[1] < '0' || s[1] > '9')
        return 0;
    *major = strtol(s + 1, &e, 10);
    if (*e != '.' || e[1] < '0' || e[1] > '9')
        return 0;
    *minor = strtol(e + 1, &e, 10);
    *rest = e;
    return 1;
}

/* The newest release each profile stands for (docs/profiles.md, the "stands for" column); a
   profile not listed stands for its own release only. A release between two ranges (v19.1,
   v21.2, v22.1, v24.x) is checked against the profile before it, with a warning. */
static const struct {
    const char *profile;
    long major, minor;
} last_release[] = {
    {"v20.2", 21, 1},  /* v20.2 to v21.1 */
    {"v23.1", 23, 2},  /* v23.1 to v23.2 */
    {"v25.1", 25, 2},  /* v25.1 to v25.2 */
    {"v25.3", 26, 99}, /* v25.3 to v26.2 and master after it: every v26.x */
};

/* The newest release the profile named name (version maj.min) stands for. */
static void range_end(const char *name, long maj, long min, long *emaj, long *emin) {
    size_t i;
    *emaj = maj;
    *emin = min;
    for (i = 0; i < sizeof last_release / sizeof last_release[0]; i++)
        if (strcmp(last_release[i].profile, name) == 0) {
            *emaj = last_release[i].major;
            *emin = last_release[i].minor;
        }
}

/* <0, 0, >0 as version a is older than, the same as, newer than b. */
static int compare(long amaj, long amin, long bmaj, long bmin) {
    if (amaj != bmaj)
        return amaj < bmaj ? -1 : 1;
    return amin < bmin ? -1 : (amin > bmin ? 1 : 0);
}

/* The as-built twin of a profile name, or NULL. */
static const char *as_built_of(const char *name) {
    char twin[64];
    const jt_profile *p;
    if (!name || snprintf(twin, sizeof twin, "%s-as-built", name) >= (int)sizeof twin)
        return NULL;
    p = jt_profile_find(twin);
    return p ? jt_profile_name(p) : NULL;
}

void jt_doc_profiles_for(jt_doc_profiles *out, const char *release, const char *forced) {
    long rmaj, rmin, bmaj = -1, bmin = -1;
    const char *rest, *best = NULL;
    size_t i;
    memset(out, 0, sizeof *out);
    if (forced) {
        out->documented = forced;
        out->as_built = as_built_of(forced);
        return;
    }
    out->documented = JT_PROFILE_DEFAULT;
    if (!release || !version_of(release, &rmaj, &rmin, &rest) || *rest)
        return;
    for (i = 0; jt_profiles[i]; i++) {
        const char *name = jt_profile_name(jt_profiles[i]);
        long maj, min;
        if (!version_of(name, &maj, &min, &rest) || *rest || compare(maj, min, rmaj, rmin) > 0)
            continue;
        if (!best || compare(maj, min, bmaj, bmin) > 0) {
            best = name;
            bmaj = maj;
            bmin = min;
        }
    }
    if (!best)
        return; /* older than every profile: the default */
    out->documented = best;
    range_end(best, bmaj, bmin, &bmaj, &bmin);
    out->older = compare(bmaj, bmin, rmaj, rmin) < 0;
    if (!out->older)
        out->as_built = as_built_of(best);
}
