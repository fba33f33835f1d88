/* The explorer's invariants: which hold in a profile, and the checks of a step against them.
   See sim/search/explore.h (enum jt_invariant) and sim/search/explore_world.h. */
#include <string.h>

#include "sim/search/explore_world.h"

/* Two names are too long for a line: their literals are joined, no comma is missing. */
/* NOLINTBEGIN(bugprone-suspicious-missing-comma) */
static const char *const invariant_names[JT_INV_COUNT] = {
    "none",
    "a non-admin's control statement never succeeds",
    "a SCHEMA CHANGE job is never paused",
    "a terminal status never changes",
    "a failing statement changes nothing",
    "a bulk statement that succeeds equals its singular statements in order",
    "PAUSE then RESUME of a running job gives running",
    "a non-admin without CONTROLJOB never controls a job (from v25.1: but its own and its "
    "role's)",
    "an admin's job is never controlled by a non-admin",
    "the owner of a job, or a member of the role that owns it, is never refused its control for "
    "privilege",
    "a requested pause ends paused or terminal",
};
/* NOLINTEND(bugprone-suspicious-missing-comma) */

const char *jt_invariant_name(int inv) {
    return inv >= 0 && inv < JT_INV_COUNT ? invariant_names[inv] : "?";
}

#define INV(i) (1u << (i))

/* The invariants are the release's: a variant of a profile (a test's faulty copy, which keeps
   the name) is held to the profile of its name, v2.1 as built to v2.1 (its base). */
unsigned jt_explore_invariants(const jt_profile *p) {
    const jt_profile *ref = jt_profile_find(p->base ? p->base : p->name);
    unsigned inv = INV(JT_INV_TERMINAL) | INV(JT_INV_ATOMIC) | INV(JT_INV_PAUSE_RESUME);
    if (!ref)
        ref = p;
    if (!(ref->grammar & JT_G_NO_JOBS_SELECT))
        inv |= INV(JT_INV_BULK); /* v2.0 has no OP JOBS (…): the explorer runs none */
    if (ref->control_gate == JT_GATE_ADMIN)
        inv |= INV(JT_INV_PRIVILEGE);
    if (ref->schema_refuses[JT_OP_PAUSE])
        inv |= INV(JT_INV_NOSCHEMA);
    if (ref->control_gate == JT_GATE_CONTROLJOB || ref->per_job)
        inv |= INV(JT_INV_CONTROLJOB);
    if (ref->per_job)
        inv |= INV(JT_INV_ADMIN_OWNED);
    if (ref->owner_controls)
        inv |= INV(JT_INV_OWNER);
    if (ref->two_phase)
        inv |= INV(JT_INV_PAUSE_ENDS);
    return inv;
}

const char *xw_covers_of(int inv) {
    static const char *const covers[JT_INV_COUNT] = {
        [JT_INV_PRIVILEGE] = "PJ-PRIV",
        [JT_INV_NOSCHEMA] = "PJ-NOSCHEMA",
        [JT_INV_TERMINAL] = "PJ-TYPES",
        [JT_INV_ATOMIC] = "PJ-ATOMIC",
        [JT_INV_BULK] = "PJ-BULK",
        [JT_INV_PAUSE_RESUME] = "PJ-RESUME",
        [JT_INV_CONTROLJOB] = "PV-CONTROLJOB",
        [JT_INV_ADMIN_OWNED] = "PV-CONTROLJOB",
        [JT_INV_OWNER] = "PV-OWNER",
        [JT_INV_PAUSE_ENDS] = "PV-TWO-PHASE",
    };
    return inv > 0 && inv < JT_INV_COUNT ? covers[inv] : "PJ-TYPES";
}

int xw_user_has_controljob(const xw_world *w, int u) {
    const xw_user *x = &w->users[u];
    if (x->options & JT_USER_CONTROLJOB)
        return 1;
    return w->profile->controljob_inherited && x->member_of >= 0 &&
           (w->users[x->member_of].options & JT_USER_CONTROLJOB);
}

/* Whether user u may control job j (1 ..) for owning it, or for its owning role. */
static int owns(const xw_world *w, int u, int j) {
    int owner = w->owner[j - 1];
    if (w->profile->owner_controls && owner == u)
        return 1;
    return w->profile->owner_role_controls && w->users[u].member_of == owner;
}

/* The job of a controlled id (1 .. J), or 0. */
static int job_of(const xw_world *w, int64_t id) {
    return id >= 1 && id <= w->J ? (int)id : 0;
}

/* CONTROLJOB and ADMIN_OWNED: which job a non-admin's statement that succeeded controlled
   wrongly. */
static int check_controlled(const xw_world *w, const xw_effect *e, char *msg, size_t size) {
    const xw_action *a = e->a;
    const xw_user *x = &w->users[a->user];
    int64_t one = a->job;
    const int64_t *ids = a->job ? &one : e->ids;
    size_t n = a->job ? 1 : e->nids, k;
    for (k = 0; k < n; k++) {
        int j = job_of(w, ids[k]);
        const xw_user *owner = j ? &w->users[w->owner[j - 1]] : NULL;
        if (!j)
            continue;
        if ((w->invariants & INV(JT_INV_CONTROLJOB)) && !xw_user_has_controljob(w, a->user) &&
            !owns(w, a->user, j)) {
            snprintf(msg, size,
                     "%s succeeded as %s, a non-admin without CONTROLJOB, on job %d of %s", a->sql,
                     x->name, j, owner->name);
            return JT_INV_CONTROLJOB;
        }
        if ((w->invariants & INV(JT_INV_ADMIN_OWNED)) && owner->admin) {
            snprintf(msg, size, "%s succeeded as %s, not an admin, on job %d of admin %s", a->sql,
                     x->name, j, owner->name);
            return JT_INV_ADMIN_OWNED;
        }
    }
    return JT_INV_NONE;
}

/* The privilege invariants of a statement. */
static int check_privilege(const xw_world *w, const xw_effect *e, char *msg, size_t size) {
    const xw_action *a = e->a;
    const xw_user *x = &w->users[a->user];
    const jt_result *res = e->res;
    if (!x->admin && !res->failed && (w->invariants & INV(JT_INV_PRIVILEGE))) {
        snprintf(msg, size, "%s succeeded as %s, not an admin (%s)", a->sql, x->name, res->tag);
        return JT_INV_PRIVILEGE;
    }
    if (!x->admin && !res->failed)
        return check_controlled(w, e, msg, size);
    if ((w->invariants & INV(JT_INV_OWNER)) && a->job && res->failed &&
        strcmp(res->sqlstate, "42501") == 0 && owns(w, a->user, a->job)) {
        snprintf(msg, size, "%s as %s, %s job %d, was refused: %s", a->sql, x->name,
                 w->owner[a->job - 1] == a->user ? "who owns" : "a member of the role that owns",
                 a->job, res->message ? res->message : "");
        return JT_INV_OWNER;
    }
    return JT_INV_NONE;
}

int xw_check_statement(const xw_world *w, const xw_effect *e, char *msg, size_t size) {
    const xw_action *a = e->a;
    const char *who = w->users[a->user].name;
    int r = check_privilege(w, e, msg, size);
    if (r != JT_INV_NONE)
        return r;
    if (e->res->failed && e->hash_changed && (w->invariants & INV(JT_INV_ATOMIC))) {
        snprintf(msg, size, "%s (as %s) failed (%s) and changed %s", a->sql, who,
                 e->res->message ? e->res->message : "",
                 memcmp(e->before, e->after, (size_t)w->J) ? "statuses" : "the jobs' timestamps");
        return JT_INV_ATOMIC;
    }
    r = xw_check_states(w, e->before, e->after, msg, size);
    if (r == JT_INV_NONE && a->job == 0 && !e->res->failed && e->sel_failed &&
        (w->invariants & INV(JT_INV_BULK))) {
        snprintf(msg, size, "%s (as %s) succeeded but its selection alone fails", a->sql, who);
        return JT_INV_BULK;
    }
    return r;
}

/* The state invariants of job j (0 ..) between before and after. */
static int check_job(const xw_world *w, int j, const uint8_t *before, const uint8_t *after,
                     char *msg, size_t size) {
    const jt_profile *p = w->profile;
    int s0 = w->local[before[j]].status, s1 = w->local[after[j]].status;
    char b[JT_MESSAGE_MAX / 2], a[JT_MESSAGE_MAX / 2];
    if ((w->invariants & INV(JT_INV_NOSCHEMA)) && w->type[j] == JT_TY_SCHEMA_CHANGE &&
        s1 == JT_ST_PAUSED) {
        xw_describe(w, before, b, sizeof b);
        snprintf(msg, size, "job %d (SCHEMA CHANGE) is paused; the state was %s", j + 1, b);
        return JT_INV_NOSCHEMA;
    }
    if ((w->invariants & INV(JT_INV_TERMINAL)) && p->terminal[s0] && s1 != s0) {
        xw_describe(w, before, b, sizeof b);
        xw_describe(w, after, a, sizeof a);
        snprintf(msg, size, "job %d went from %s to %s: %s -> %s", j + 1, p->status_names[s0],
                 p->status_names[s1], b, a);
        return JT_INV_TERMINAL;
    }
    if ((w->invariants & INV(JT_INV_PAUSE_ENDS)) && s0 == JT_ST_PAUSE_REQUESTED &&
        s1 != JT_ST_PAUSE_REQUESTED && s1 != JT_ST_PAUSED && !p->terminal[s1]) {
        xw_describe(w, before, b, sizeof b);
        xw_describe(w, after, a, sizeof a);
        snprintf(msg, size, "job %d was pause-requested and is now %s: %s -> %s", j + 1,
                 p->status_names[s1], b, a);
        return JT_INV_PAUSE_ENDS;
    }
    return JT_INV_NONE;
}

int xw_check_states(const xw_world *w, const uint8_t *before, const uint8_t *after, char *msg,
                    size_t size) {
    int j, r;
    for (j = 0; j < w->J; j++)
        if ((r = check_job(w, j, before, after, msg, size)) != JT_INV_NONE)
            return r;
    return JT_INV_NONE;
}
