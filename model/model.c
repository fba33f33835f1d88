/* The reference model: jobs table, users, fixtures, statements (SPEC.md sections 2 to 6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- hashing ---- */

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* ---- jobs ---- */

static int index_rebuild(jt_model *m, size_t cap) {
    uint64_t *idx = jt_calloc(cap, sizeof *idx);
    size_t i, mask = cap - 1;
    if (!idx)
        return JT_ENOMEM;
    for (i = 0; i < m->njobs; i++) {
        uint64_t hv = jt_mix64((uint64_t)m->jobs[i].id);
        size_t h = (size_t)hv & mask;
        while (idx[h])
            h = (h + 1) & mask;
        idx[h] = (hv & 0xffffffff00000000ULL) | (uint64_t)(i + 1);
    }
    free(m->index);
    m->index = idx;
    m->index_cap = cap;
    return JT_OK;
}

jt_job *jt_model_job(const jt_model *m, int64_t id) {
    uint64_t hv = jt_mix64((uint64_t)id), tag = hv & 0xffffffff00000000ULL;
    size_t h, mask;
    if (!m->index_cap)
        return NULL;
    mask = m->index_cap - 1;
    h = (size_t)hv & mask;
    /* The slot keeps the hash's high half: a job is read only when it probably matches. */
    while (m->index[h]) {
        if ((m->index[h] & 0xffffffff00000000ULL) == tag) {
            jt_job *j = &m->jobs[(m->index[h] & 0xffffffffULL) - 1];
            if (j->id == id)
                return j;
        }
        h = (h + 1) & mask;
    }
    return NULL;
}

static int job_add(jt_model *m, jt_job **out) {
    int rc;
    if (m->njobs >= JT_LIMIT_JOBS)
        return JT_ELIMIT;
    rc = jt_grow((void **)&m->jobs, &m->jobs_cap, m->njobs + 1, sizeof *m->jobs, JT_LIMIT_JOBS);
    if (rc)
        return rc;
    if ((m->njobs + 1) * 2 > m->index_cap) {
        rc = index_rebuild(m, m->index_cap ? m->index_cap * 2 : 64);
        if (rc)
            return rc;
    }
    *out = &m->jobs[m->njobs];
    memset(*out, 0, sizeof **out);
    return JT_OK;
}

/* Makes the job just filled in at jobs[njobs] visible. */
static void job_commit(jt_model *m) {
    jt_job *j = &m->jobs[m->njobs];
    uint64_t hv = jt_mix64((uint64_t)j->id);
    size_t mask = m->index_cap - 1, h = (size_t)hv & mask;
    while (m->index[h])
        h = (h + 1) & mask;
    m->index[h] = (hv & 0xffffffff00000000ULL) | (uint64_t)(m->njobs + 1);
    m->njobs++;
}

const char *jt_job_description(const jt_model *m, const jt_job *j) {
    static const char *const defaults[JT_TY_COUNT] = {
        "IMPORT TABLE t CSV DATA ('nodelocal:///t.csv')",
        "BACKUP DATABASE db TO 'nodelocal:///backup'",
        "RESTORE db.* FROM 'nodelocal:///backup'",
        "CREATE CHANGEFEED FOR TABLE t INTO 'kafka://localhost:9092'",
        "ALTER TABLE db.t ADD COLUMN c INT",
        "Table statistics refresh for db.public.t",
        "GC for DROP TABLE db.public.t",
    };
    (void)m;
    return j->description ? j->description : defaults[j->type];
}

/* ---- users ---- */

static int user_index_rebuild(jt_model *m, size_t cap) {
    uint32_t *idx = jt_calloc(cap, sizeof *idx);
    size_t i, mask = cap - 1;
    if (!idx)
        return JT_ENOMEM;
    for (i = 0; i < m->nusers; i++) {
        size_t h = (size_t)hash_str(m->users[i].name) & mask;
        while (idx[h])
            h = (h + 1) & mask;
        idx[h] = (uint32_t)(i + 1);
    }
    free(m->user_index);
    m->user_index = idx;
    m->user_index_cap = cap;
    return JT_OK;
}

/* Puts users[i] into the index, which has room (it is kept at most half full). */
static void user_index_insert(jt_model *m, size_t i) {
    size_t mask = m->user_index_cap - 1, h = (size_t)hash_str(m->users[i].name) & mask;
    while (m->user_index[h])
        h = (h + 1) & mask;
    m->user_index[h] = (uint32_t)(i + 1);
}

int jt_model_user(const jt_model *m, const char *name) {
    size_t h, mask;
    if (!m->user_index_cap)
        return -1;
    mask = m->user_index_cap - 1;
    h = (size_t)hash_str(name) & mask;
    while (m->user_index[h]) {
        uint32_t i = m->user_index[h] - 1;
        if (strcmp(m->users[i].name, name) == 0)
            return (int)i;
        h = (h + 1) & mask;
    }
    return -1;
}

static int user_add(jt_model *m, const char *name, int admin, int *out) {
    int i = jt_model_user(m, name), rc;
    char *copy;
    if (i >= 0) {
        *out = i;
        return JT_OK;
    }
    if (strlen(name) > JT_LIMIT_NAME || m->nusers >= JT_LIMIT_USERS)
        return JT_ELIMIT;
    rc =
        jt_grow((void **)&m->users, &m->users_cap, m->nusers + 1, sizeof *m->users, JT_LIMIT_USERS);
    if (rc)
        return rc;
    if ((m->nusers + 1) * 2 > m->user_index_cap) {
        rc = user_index_rebuild(m, m->user_index_cap ? m->user_index_cap * 2 : 16);
        if (rc)
            return rc;
    }
    copy = jt_strdup(name);
    if (!copy)
        return JT_ENOMEM;
    memset(&m->users[m->nusers], 0, sizeof m->users[m->nusers]);
    m->users[m->nusers].name = copy;
    m->users[m->nusers].admin = m->users[m->nusers].eff_admin = (uint8_t)(admin > 0);
    m->nusers++;
    user_index_insert(m, m->nusers - 1);
    *out = (int)(m->nusers - 1);
    return JT_OK;
}

int jt_model_is_admin(const jt_model *m, const char *user) {
    int i = jt_model_user(m, user);
    return i >= 0 && m->users[i].eff_admin;
}

/* ---- roles ---- */

int jt_model_member_of(const jt_model *m, uint32_t u, uint32_t r) {
    const jt_user *x = &m->users[u];
    size_t lo = 0, hi = x->nclosure;
    if (u == r)
        return 1;
    while (lo < hi) { /* the closure is sorted */
        size_t mid = lo + (hi - lo) / 2;
        if (x->closure[mid] == r)
            return 1;
        if (x->closure[mid] < r)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* What each user has through its roles: the transitive closure of its memberships, and from
   it admin membership and options. JT_EINVAL when a role would be a member of itself
   (*cycle names it), JT_ENOMEM. */
static int roles_recompute(jt_model *m, int *cycle) {
    size_t n = m->nusers, u, k;
    uint32_t *stamp = NULL, *stack = NULL;
    int rc = JT_OK;
    *cycle = -1;
    if (m->nmemberships == 0) { /* nobody is a member of a role: what each has is its own */
        for (u = 0; u < n; u++) {
            jt_user *x = &m->users[u];
            free(x->closure);
            x->closure = NULL;
            x->nclosure = 0;
            x->eff_admin = x->admin;
            x->eff_options = x->options;
        }
        return JT_OK;
    }
    stamp = jt_calloc(n, sizeof *stamp);
    stack = jt_malloc(n * sizeof *stack);
    if (!stamp || !stack) {
        rc = JT_ENOMEM;
        goto out;
    }
    for (u = 0; u < n; u++) {
        jt_user *x = &m->users[u];
        size_t top = 0, nc = 0;
        uint32_t *closure;
        free(x->closure);
        x->closure = NULL;
        x->nclosure = 0;
        x->eff_admin = x->admin;
        x->eff_options = x->options;
        if (x->nroles == 0)
            continue;
        /* every role reachable from u, each once (stamped u + 1) */
        for (k = 0; k < x->nroles; k++) {
            if (stamp[x->roles[k]] != u + 1) {
                stamp[x->roles[k]] = (uint32_t)(u + 1);
                stack[top++] = x->roles[k];
            }
        }
        closure = jt_malloc(n * sizeof *closure);
        if (!closure) {
            rc = JT_ENOMEM;
            goto out;
        }
        while (top > 0) {
            uint32_t r = stack[--top];
            const jt_user *role = &m->users[r];
            if (r == u) {
                *cycle = (int)u;
                free(closure);
                rc = JT_EINVAL;
                goto out;
            }
            closure[nc++] = r;
            x->eff_admin |= role->admin;
            x->eff_options |= role->options;
            for (k = 0; k < role->nroles; k++) {
                if (stamp[role->roles[k]] != u + 1) {
                    stamp[role->roles[k]] = (uint32_t)(u + 1);
                    stack[top++] = role->roles[k];
                }
            }
        }
        qsort(closure, nc, sizeof *closure, cmp_u32);
        x->closure = closure;
        x->nclosure = nc;
    }
out:
    free(stamp);
    free(stack);
    return rc;
}

/* The roles of a user fixture ("a,b"): their indices (made when missing), in *out (n). */
static int parse_roles(jt_model *m, const char *list, uint32_t **out, size_t *n, jt_error *err) {
    const char *s = list;
    size_t cap = 0;
    int rc = JT_OK;
    *out = NULL;
    *n = 0;
    while (s && *s && rc == JT_OK) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s), k;
        char name[JT_LIMIT_NAME + 1];
        int idx;
        while (len > 0 && *s == ' ') {
            s++;
            len--;
        }
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len == 0 || len > JT_LIMIT_NAME) {
            rc = jt_error_set(err, JT_EINVAL, 0,
                              "fixture user: member-of expects role names separated by commas");
            break;
        }
        memcpy(name, s, len);
        name[len] = '\0';
        rc = user_add(m, name, -1, &idx);
        if (rc) {
            rc = jt_error_set(err, rc, 0, "fixture user: role %s: %s", name, jt_strerror(rc));
            break;
        }
        for (k = 0; k < *n && (*out)[k] != (uint32_t)idx; k++)
            ;
        if (k == *n) {
            rc = jt_grow((void **)out, &cap, *n + 1, sizeof **out, JT_LIMIT_ROLES);
            if (rc == JT_ELIMIT)
                rc = jt_error_set(err, JT_ELIMIT, 0, "fixture user: a member of more than %d roles",
                                  JT_LIMIT_ROLES);
            else if (rc < 0)
                rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
            else
                (*out)[(*n)++] = (uint32_t)idx;
        }
        s = end ? end + 1 : NULL;
    }
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* A user fixture: the user with exactly this admin membership, these options and roles. */
static int user_fixture(jt_model *m, const jt_fixture *fx, jt_error *err) {
    int u, rc, cycle;
    uint32_t *roles = NULL, *old_roles;
    size_t nroles = 0, old_n;
    uint8_t old_admin, old_options;
    rc = user_add(m, fx->name, -1, &u);
    if (rc)
        return jt_error_set(err, rc, 0, "fixture user %s: %s", fx->name, jt_strerror(rc));
    if (fx->member_of && (rc = parse_roles(m, fx->member_of, &roles, &nroles, err)) < 0)
        return rc;
    old_roles = m->users[u].roles;
    old_n = m->users[u].nroles;
    old_admin = m->users[u].admin;
    old_options = m->users[u].options;
    m->users[u].roles = roles;
    m->users[u].nroles = nroles;
    m->users[u].admin = (uint8_t)(fx->admin || strcmp(fx->name, "root") == 0);
    m->users[u].options = (uint8_t)(fx->options & (JT_USER_CONTROLJOB | JT_USER_VIEWJOB));
    m->nmemberships = m->nmemberships - old_n + nroles;
    if (m->nmemberships == 0 && old_n == 0) {
        /* nobody has a role, before or after: what this user has is its own */
        m->users[u].eff_admin = m->users[u].admin;
        m->users[u].eff_options = m->users[u].options;
        free(old_roles);
        return JT_OK;
    }
    rc = roles_recompute(m, &cycle);
    if (rc) {
        int again;
        m->users[u].roles = old_roles;
        m->users[u].nroles = old_n;
        m->users[u].admin = old_admin;
        m->users[u].options = old_options;
        m->nmemberships = m->nmemberships - nroles + old_n;
        free(roles);
        if (roles_recompute(m, &again) == JT_ENOMEM || rc == JT_ENOMEM)
            return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        return jt_error_set(err, JT_EINVAL, 0,
                            "fixture user %s: role %s would be a member of itself", fx->name,
                            m->users[cycle].name);
    }
    free(old_roles);
    return JT_OK;
}

/* ---- life ---- */

/* Forgets the jobs, the prepared statements and the users after the first keep_users. */
static void clear(jt_model *m, size_t keep_users) {
    size_t i;
    for (i = 0; i < m->njobs; i++) {
        free(m->jobs[i].description);
        free(m->jobs[i].error);
        if (m->jobs[i].extra)
            free(m->jobs[i].extra->reason);
        free(m->jobs[i].extra);
    }
    m->njobs = 0;
    if (m->index)
        memset(m->index, 0, m->index_cap * sizeof *m->index);
    for (i = 0; i < m->nusers; i++) {
        free(m->users[i].roles);
        free(m->users[i].closure);
        m->users[i].roles = m->users[i].closure = NULL;
        m->users[i].nroles = m->users[i].nclosure = 0;
        m->users[i].options = m->users[i].eff_options = 0;
        if (i >= keep_users)
            free(m->users[i].name);
    }
    m->nmemberships = 0;
    memset(m->feature_usage, 0, sizeof m->feature_usage);
    m->nusers = m->nusers < keep_users ? m->nusers : keep_users;
    if (m->user_index) {
        memset(m->user_index, 0, m->user_index_cap * sizeof *m->user_index);
        for (i = 0; i < m->nusers; i++)
            user_index_insert(m, i);
    }
    jt_prepared_forget(&m->prepared, NULL);
}

static int populate(jt_model *m) {
    int ignored, rc;
    m->clock = 0;
    rc = user_add(m, "root", 1, &ignored);
    if (!rc)
        rc = user_add(m, "testuser", 0, &ignored);
    return rc;
}

int jt_model_new(jt_model **out, const jt_profile *profile, jt_error *err) {
    jt_model *m;
    *out = NULL;
    if (!profile)
        return jt_error_set(err, JT_EINVAL, 0, "no profile");
    m = jt_calloc(1, sizeof *m);
    if (!m)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    m->profile = profile;
    if (populate(m)) {
        jt_model_free(m);
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    *out = m;
    return JT_OK;
}

void jt_model_free(jt_model *m) {
    if (!m)
        return;
    clear(m, 0);
    free(m->jobs);
    free(m->index);
    free(m->users);
    free(m->user_index);
    free(m->prepared.items);
    free(m);
}

void jt_model_reset(jt_model *m) {
    /* users[0] and users[1] are root and testuser (populate made them first): they are kept,
       with their admin membership as populate sets it, so that a reset allocates nothing and
       cannot fail. */
    JT_ASSERT(m->nusers >= 2 && strcmp(m->users[0].name, "root") == 0 &&
              strcmp(m->users[1].name, "testuser") == 0);
    clear(m, 2);
    m->users[0].admin = m->users[0].eff_admin = 1;
    m->users[1].admin = m->users[1].eff_admin = 0;
    m->clock = 0;
}

size_t jt_model_job_count(const jt_model *m) {
    return m->njobs;
}

/* ---- fixtures ---- */

/* One event on the virtual clock: one second later. */
static void tick(jt_model *m) {
    if (m->clock < INT32_MAX - 1)
        m->clock++;
}

static void set_status(jt_job *j, const jt_profile *p, int status, int32_t now) {
    j->status = (uint8_t)status;
    j->modified = now;
    /* started is when the job first ran: running, or finished by running to an end;
       pausing or canceling a job that never ran leaves it NULL. */
    if (j->started == JT_TS_NULL &&
        (status == JT_ST_RUNNING || status == JT_ST_SUCCEEDED || status == JT_ST_FAILED))
        j->started = now;
    if (p->terminal[status]) {
        if (j->finished == JT_TS_NULL)
            j->finished = now;
    } else {
        j->finished = JT_TS_NULL;
    }
}

/* A fixture puts a job in a status as its own progress would: a job found paused or canceled
   had been running, so started is set for every status but pending. */
static void fixture_status(jt_job *j, const jt_profile *p, int status, int32_t now) {
    set_status(j, p, status, now);
    if (status != JT_ST_PENDING && j->started == JT_TS_NULL)
        j->started = now;
}

static int replace_str(char **slot, const char *value) {
    char *copy = NULL;
    if (value && *value) {
        copy = jt_strdup(value);
        if (!copy)
            return JT_ENOMEM;
    }
    free(*slot);
    *slot = copy;
    return JT_OK;
}

/* The error a job fixture leaves: v2.1's jobs have one only when they failed; with two-phase
   control a job keeps it while it reverts, and after (canceled, revert-failed), and a job
   paused while reverting keeps it too (its FinalResumeError). */
static int keeps_error(const jt_profile *p, int status) {
    if (status == JT_ST_FAILED)
        return 1;
    return p->two_phase &&
           (status == JT_ST_REVERTING || status == JT_ST_REVERT_FAILED ||
            status == JT_ST_CANCELED || status == JT_ST_PAUSED || status == JT_ST_PAUSE_REQUESTED);
}

/* The job's schedule (its extra, made when it has none). */
static int set_schedule(jt_job *j, int64_t schedule) {
    if (!j->extra && !(j->extra = jt_calloc(1, sizeof *j->extra)))
        return JT_ENOMEM;
    j->extra->schedule = schedule;
    return JT_OK;
}

/* The virtual time a fixture's event happened: age seconds before now. */
static int32_t fixture_time(const jt_model *m, int64_t age_s) {
    int64_t t = (int64_t)m->clock - (age_s > 0 ? age_s : 0);
    return t <= (int64_t)JT_TS_NULL ? JT_TS_NULL + 1 : (int32_t)t;
}

int jt_model_fixture(jt_model *m, const jt_fixture *fx, jt_error *err) {
    const jt_profile *p = m->profile;
    int rc, user, type, status;
    int32_t when;
    jt_job *j;
    if (fx->kind == JT_FIXTURE_USER) {
        if (!fx->name || !*fx->name)
            return jt_error_set(err, JT_EINVAL, 0, "fixture user: a name is required");
        return user_fixture(m, fx, err);
    }
    if (fx->kind != JT_FIXTURE_JOB)
        return jt_error_set(err, JT_EINVAL, 0, "unknown fixture kind %d", fx->kind);
    if (fx->id <= 0)
        return jt_error_set(err, JT_EINVAL, 0, "fixture job: id must be 1 to 2^63-1, not %lld",
                            (long long)fx->id);
    if (fx->schedule < 0 || fx->age_s < 0)
        return jt_error_set(err, JT_EINVAL, 0,
                            "fixture job %lld: schedule and age must not be negative",
                            (long long)fx->id);
    status = fx->status ? jt_profile_status(p, fx->status) : -1;
    if (status < 0)
        return jt_error_set(err, JT_EINVAL, 0, "fixture job %lld: profile %s has no status '%s'",
                            (long long)fx->id, p->name, fx->status ? fx->status : "");
    type = fx->type ? jt_profile_type(p, fx->type) : -1;
    j = jt_model_job(m, fx->id);
    if (fx->type && type < 0)
        return jt_error_set(err, JT_EINVAL, 0, "fixture job %lld: profile %s has no job type '%s'",
                            (long long)fx->id, p->name, fx->type);
    if (!j && type < 0)
        return jt_error_set(err, JT_EINVAL, 0, "fixture job %lld: a type is required",
                            (long long)fx->id);
    rc = user_add(m, fx->user ? fx->user : (j ? m->users[j->user].name : "root"), -1, &user);
    if (rc)
        return jt_error_set(err, rc, 0, "fixture job %lld: %s", (long long)fx->id, jt_strerror(rc));
    tick(m);
    when = fixture_time(m, fx->age_s);
    if (j) {
        /* A later fixture moves the job, as its own progress would. */
        if (fx->description && replace_str(&j->description, fx->description))
            return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        /* the error, when the new status has none, is gone */
        if ((fx->error || !keeps_error(p, status)) &&
            replace_str(&j->error, keeps_error(p, status) ? fx->error : NULL))
            return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        if (type >= 0)
            j->type = (uint8_t)type;
        if (fx->schedule && set_schedule(j, fx->schedule) < 0)
            return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        j->user = (uint32_t)user;
        fixture_status(j, p, status, when);
        return JT_OK;
    }
    rc = job_add(m, &j);
    if (rc)
        return jt_error_set(err, rc, 0, "fixture job %lld: %s", (long long)fx->id, jt_strerror(rc));
    j->id = fx->id;
    j->type = (uint8_t)type;
    j->user = (uint32_t)user;
    j->created = when;
    j->started = j->finished = JT_TS_NULL;
    if (replace_str(&j->description, fx->description) || replace_str(&j->error, fx->error) ||
        (fx->schedule && set_schedule(j, fx->schedule) < 0)) {
        free(j->description);
        free(j->error);
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    fixture_status(j, p, status, when);
    job_commit(m);
    return JT_OK;
}

/* ---- the jobs' own progress ---- */

/* The error a job that reverts because it was canceled carries (CockroachDB's). */
#define CANCELED_BY_USER "job canceled by user"

int jt_model_advance(jt_model *m, int64_t *out) {
    const jt_profile *p = m->profile;
    size_t i;
    int64_t moved = 0;
    int32_t now = m->clock < INT32_MAX - 1 ? m->clock + 1 : m->clock;
    for (i = 0; i < m->njobs; i++) {
        jt_job *j = &m->jobs[i];
        int to = p->progress[j->status];
        if (to == JT_NO_STATUS)
            continue;
        if (j->status == JT_ST_CANCEL_REQUESTED && !j->error) {
            j->error = jt_strdup(CANCELED_BY_USER);
            if (!j->error)
                return JT_ENOMEM;
        }
        if (j->status == JT_ST_REVERTING && j->error && strcmp(j->error, CANCELED_BY_USER) != 0)
            to = JT_ST_FAILED; /* it reverted after a failure of its own */
        set_status(j, p, to, now);
        moved++;
    }
    if (moved)
        m->clock = now;
    *out = moved;
    return JT_OK;
}

/* ---- results ---- */

void jt_result_dispose(jt_result *r) {
    if (!r)
        return;
    free(r->message);
    free(r->columns);
    free(r->types);
    free(r->values);
    free(r->priv);
    memset(r, 0, sizeof *r);
    r->count = -1;
}

int jt_model_result_error(jt_result *out, const jt_sqlerr *e) {
    out->failed = 1;
    memcpy(out->sqlstate, e->sqlstate, sizeof out->sqlstate);
    out->position = e->position;
    out->message = jt_strdup(e->message);
    return out->message ? JT_OK : JT_ENOMEM;
}

/* Packs rows into the result: every string in one block (priv). */
int jt_model_result_rows(jt_eval *ev, jt_result *out, const jt_rows *rows) {
    size_t total = 0, k, n = rows->nrows * rows->ncols;
    char **texts = NULL, *blob, *w;
    texts = jt_arena_alloc(ev->a, (n + 1) * sizeof *texts);
    if (!texts)
        return JT_ENOMEM;
    for (k = 0; k < n; k++) {
        texts[k] = jt_value_text(ev, &rows->values[k]);
        if (ev->rc)
            return ev->rc;
        if (texts[k])
            total += strlen(texts[k]) + 1;
    }
    for (k = 0; k < rows->ncols; k++)
        total += strlen(rows->names[k]) + 1;
    out->columns = jt_calloc(rows->ncols, sizeof *out->columns);
    out->values = jt_calloc(n, sizeof *out->values);
    out->types = jt_malloc(rows->ncols + 1);
    blob = jt_malloc(total);
    out->priv = blob;
    if (!out->columns || !out->values || !out->types || !blob)
        return JT_ENOMEM;
    w = blob;
    for (k = 0; k < rows->ncols; k++) {
        size_t len = strlen(rows->names[k]) + 1;
        memcpy(w, rows->names[k], len);
        out->columns[k] = w;
        w += len;
        out->types[k] = jt_type_letter(rows->types[k]);
    }
    out->types[rows->ncols] = '\0';
    for (k = 0; k < n; k++) {
        if (texts[k]) {
            size_t len = strlen(texts[k]) + 1;
            memcpy(w, texts[k], len);
            out->values[k] = w;
            w += len;
        }
    }
    out->ncols = rows->ncols;
    out->nrows = rows->nrows;
    out->count = (int64_t)rows->nrows;
    snprintf(out->tag, sizeof out->tag, "SELECT %zu", rows->nrows);
    return JT_OK;
}

/* ---- error texts of the profile ---- */

static void job_error(const jt_model *m, int kind, int op, const jt_job *j, int64_t id,
                      const char *user, const char *arg, jt_sqlerr *e) {
    jt_errargs args;
    const char *sqlstate;
    memset(&args, 0, sizeof args);
    args.op = op;
    args.id = id;
    args.status = j ? m->profile->status_names[j->status] : "";
    args.error = j ? j->error : NULL;
    args.user = user;
    args.arg = arg;
    sqlstate = jt_profile_error(m->profile, kind, &args, e->message, sizeof e->message);
    snprintf(e->sqlstate, sizeof e->sqlstate, "%s", sqlstate);
    e->position = 0;
}

/* ---- privileges ---- */

/* Whether user u (an index, or -1 for a user the model does not know) holds CONTROLJOB. */
static int has_controljob(const jt_model *m, int u) {
    const jt_user *x;
    if (u < 0)
        return 0;
    x = &m->users[u];
    return ((m->profile->controljob_inherited ? x->eff_options : x->options) &
            JT_USER_CONTROLJOB) != 0;
}

int jt_model_can_view(const jt_model *m, int u, const jt_job *j) {
    const jt_profile *p = m->profile;
    const jt_user *x;
    if (u < 0)
        return 0;
    x = &m->users[u];
    if (x->eff_admin)
        return 1;
    if ((p->view & JT_VIEW_OWN) && j->user == (uint32_t)u)
        return 1;
    if ((p->view & JT_VIEW_OWNER_ROLE) && jt_model_member_of(m, (uint32_t)u, j->user))
        return 1;
    if ((p->view & JT_VIEW_VIEWJOB) && (x->eff_options & JT_USER_VIEWJOB))
        return 1;
    if ((p->view & JT_VIEW_CONTROLJOB_ALL) && has_controljob(m, u))
        return 1;
    return (p->view & JT_VIEW_CONTROLJOB) && has_controljob(m, u) && !m->users[j->user].eff_admin;
}

int jt_model_gate(const jt_model *m, int u) {
    const jt_profile *p = m->profile;
    int admin = u >= 0 && m->users[u].eff_admin;
    if (p->control_gate == JT_GATE_ADMIN && !admin)
        return JT_ERR_PRIVILEGE;
    if (p->control_gate == JT_GATE_CONTROLJOB && !admin && !has_controljob(m, u))
        return JT_ERR_NO_CONTROLJOB;
    return JT_ERR_NONE;
}

int jt_model_authorize(const jt_model *m, int u, const jt_job *j) {
    const jt_profile *p = m->profile;
    if (!p->per_job)
        return JT_ERR_NONE;
    if (p->owner_controls && u >= 0 && j->user == (uint32_t)u)
        return JT_ERR_NONE;
    if (u >= 0 && m->users[u].eff_admin)
        return JT_ERR_NONE;
    if (p->owner_role_controls && u >= 0 && jt_model_member_of(m, (uint32_t)u, j->user))
        return JT_ERR_NONE;
    if (m->users[j->user].eff_admin)
        return JT_ERR_ADMIN_OWNED;
    return has_controljob(m, u) ? JT_ERR_NONE : JT_ERR_NO_PRIVILEGE;
}

/* ---- statements ---- */

typedef struct undo {
    jt_job *job;
    jt_job before;
} undo;

static int cmp_job_ids(const void *a, const void *b) {
    int64_t x = (*(jt_job *const *)a)->id, y = (*(jt_job *const *)b)->id;
    return (x > y) - (x < y);
}

/* The ids a delegated form controls (FOR SCHEDULES, ALL <type> JOBS), as CockroachDB's
   rewrite selects them from system.jobs: the jobs that match and whose status the operation
   can take (the profile's prefilter), in id order, into rows (one INT column). type is the
   job type, or -1; schedules the schedule ids (nsched of them), or NULL. */
static int delegated_ids(jt_eval *ev, const jt_stmt *st, int type, const int64_t *schedules,
                         size_t nsched, int u, jt_rows *rows) {
    jt_model *m = ev->m;
    const jt_profile *p = m->profile;
    jt_job **pick;
    size_t n = 0, i, k;
    memset(rows, 0, sizeof *rows);
    pick = jt_arena_alloc(ev->a, (m->njobs + 1) * sizeof *pick);
    if (!pick)
        return JT_ENOMEM;
    for (i = 0; i < m->njobs; i++) {
        jt_job *j = &m->jobs[i];
        if (!(p->prefilter[st->op] & (1u << j->status)))
            continue;
        if (type >= 0 && j->type != type)
            continue;
        if (schedules) {
            if (!jt_job_schedule(j))
                continue;
            for (k = 0; k < nsched && schedules[k] != jt_job_schedule(j); k++)
                ;
            if (k == nsched)
                continue;
        }
        if (p->delegate_visible_rows && !jt_model_can_view(m, u, j))
            continue;
        pick[n++] = j;
    }
    qsort(pick, n, sizeof *pick, cmp_job_ids);
    rows->ncols = 1;
    rows->nrows = rows->cap = n;
    rows->values = jt_arena_alloc(ev->a, (n + 1) * sizeof *rows->values);
    if (!rows->values)
        return JT_ENOMEM;
    for (i = 0; i < n; i++) {
        memset(&rows->values[i], 0, sizeof rows->values[i]);
        rows->values[i].type = JT_T_INT;
        rows->values[i].i = pick[i]->id;
    }
    return JT_OK;
}

/* A SQL error of the evaluation (ev->e) into the result, or JT_ENOMEM. */
static int result_of_eval(jt_eval *ev, jt_result *out) {
    return ev->rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(out, ev->e);
}

/* The value of one expression of the statement (no source). */
static int scalar(jt_eval *ev, jt_expr *e, int want, jt_value *out) {
    jt_select one;
    jt_rows rows;
    jt_expr *items[1];
    items[0] = e;
    memset(&one, 0, sizeof one);
    one.source = JT_SRC_NONE;
    one.items = items;
    one.nitems = 1;
    if (jt_eval_select(ev, &one, want, &rows))
        return ev->rc;
    *out = rows.values[0];
    return jt_value_coerce(ev, out, want);
}

/* The rows of ids a control statement works through: its selection's (after the shape
   check), or a delegated form's. 0, or a SQL error in ev (JT_EPARSE), or JT_ENOMEM. */
static int control_rows(jt_eval *ev, const jt_stmt *st, int u, jt_rows *rows) {
    jt_model *m = ev->m;
    const jt_profile *p = m->profile;
    jt_rows shape;
    if (st->all_type || st->schedules) {
        int type = -1;
        int64_t *sched = NULL;
        size_t nsched = 0, i;
        if (st->all_type) {
            static const struct {
                const char *name;
                int type;
            } types[] = {{"changefeed", JT_TY_CHANGEFEED},
                         {"backup", JT_TY_BACKUP},
                         {"import", JT_TY_IMPORT},
                         {"restore", JT_TY_RESTORE}};
            for (i = 0; i < sizeof types / sizeof types[0] && type < 0; i++)
                if (strcmp(types[i].name, st->all_type) == 0)
                    type = types[i].type;
            if (type < 0) {
                job_error(m, JT_ERR_UNSUPPORTED_TYPE, st->op, NULL, 0, ev->user, NULL, ev->e);
                return ev->rc = JT_EPARSE;
            }
        }
        /* the rewrite reads system.jobs, which only admin members may */
        if (!p->delegate_visible_rows && !(u >= 0 && m->users[u].eff_admin)) {
            job_error(m, JT_ERR_SHOW_PRIVILEGE, st->op, NULL, 0, ev->user, NULL, ev->e);
            return ev->rc = JT_EPARSE;
        }
        if (st->schedules) {
            jt_rows ids;
            if (jt_eval_shape(ev, st->sel, JT_T_INT, &shape))
                return ev->rc;
            if (shape.ncols != 1) {
                jt_sqlerr_set(ev->e, "42601", "subquery has too many columns");
                return ev->rc = JT_EPARSE;
            }
            if (jt_eval_select(ev, st->sel, JT_T_INT, &ids))
                return ev->rc;
            sched = jt_arena_alloc(ev->a, (ids.nrows + 1) * sizeof *sched);
            if (!sched)
                return ev->rc = JT_ENOMEM;
            for (i = 0; i < ids.nrows; i++) {
                jt_value v = ids.values[i];
                if (jt_value_coerce(ev, &v, JT_T_INT))
                    return ev->rc;
                if (v.type == JT_T_INT)
                    sched[nsched++] = v.i;
            }
        }
        if (delegated_ids(ev, st, type, st->schedules ? sched : NULL, nsched, u, rows))
            return ev->rc = JT_ENOMEM;
        return 0;
    }
    if (jt_eval_shape(ev, st->sel, JT_T_INT, &shape))
        return ev->rc;
    if (shape.ncols != 1) {
        char n[32];
        snprintf(n, sizeof n, "%zu", shape.ncols);
        job_error(m, JT_ERR_SHAPE, st->op, NULL, 0, ev->user, n, ev->e);
        return ev->rc = JT_EPARSE;
    }
    if (shape.types[0] != JT_T_INT && shape.types[0] != JT_T_UNKNOWN) {
        job_error(m, JT_ERR_TYPE, st->op, NULL, 0, ev->user, jt_type_name(shape.types[0]), ev->e);
        return ev->rc = JT_EPARSE;
    }
    return jt_eval_select(ev, st->sel, JT_T_INT, rows);
}

jt_transition jt_model_transition(const jt_model *m, const jt_job *j, int op, int *err) {
    const jt_profile *p = m->profile;
    jt_transition tr = p->table[j->status][op];
    *err = JT_ERR_NONE;
    if (op == JT_OP_CANCEL && p->noncancelable[j->type])
        *err = JT_ERR_NOT_CANCELABLE; /* before the status is looked at */
    else if (j->type == JT_TY_SCHEMA_CHANGE && p->schema_refuses[op])
        *err = JT_ERR_NOT_CONTROLLABLE;
    else if (j->type == JT_TY_SCHEMA_CHANGE && p->rollback_refuses[op] &&
             strncmp(jt_job_description(m, j), "ROLL BACK", 9) == 0)
        *err = JT_ERR_NOT_CONTROLLABLE;
    else if (tr.act == JT_ACT_ERROR)
        *err = tr.err;
    else if (p->two_phase && j->status == JT_ST_PAUSED && j->error) {
        /* paused while reverting: RESUME goes on reverting, CANCEL cannot */
        if (op == JT_OP_RESUME)
            tr.to = JT_ST_REVERTING;
        else if (op == JT_OP_CANCEL)
            *err = JT_ERR_FINAL_RESUME;
    }
    return tr;
}

static int run_control(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_profile *p = m->profile;
    jt_rows rows;
    undo *log = NULL;
    size_t nlog = 0, cap = 0, i;
    int64_t count = 0;
    int32_t now = m->clock < INT32_MAX - 1 ? m->clock + 1 : m->clock;
    int rc = 0, failed = 0, u = jt_model_user(m, ev->user), gate;
    const char *reason = NULL;

    if (p->grammar & JT_G_FEATURE_USAGE)
        m->feature_usage[st->op]++; /* counted when planned, whatever happens next */
    if (st->all_type || st->schedules) {
        /* delegated: the rewrite is planned first */
        if (control_rows(ev, st, u, &rows))
            return result_of_eval(ev, out);
    }
    gate = jt_model_gate(m, u);
    if (gate != JT_ERR_NONE) {
        job_error(m, gate, st->op, NULL, 0, ev->user, NULL, ev->e);
        return jt_model_result_error(out, ev->e);
    }
    if (st->reason) {
        jt_value v;
        if (scalar(ev, st->reason, JT_T_STRING, &v))
            return result_of_eval(ev, out);
        reason = v.type == JT_T_STRING ? v.s : NULL;
    }
    if (!st->all_type && !st->schedules && control_rows(ev, st, u, &rows))
        return result_of_eval(ev, out);
    for (i = 0; i < rows.nrows && !failed; i++) {
        jt_value v = rows.values[i];
        jt_job *j;
        jt_transition tr;
        int err;
        if (jt_value_coerce(ev, &v, JT_T_INT)) {
            failed = 1;
            break;
        }
        if (v.type == JT_T_UNKNOWN)
            continue; /* NULL ids are skipped and not counted */
        count++;
        j = jt_model_job(m, v.i);
        if (!j) {
            job_error(m, JT_ERR_NOT_FOUND, st->op, NULL, v.i, ev->user, NULL, ev->e);
            failed = 1;
            break;
        }
        err = jt_model_authorize(m, u, j);
        if (err == JT_ERR_NONE)
            tr = jt_model_transition(m, j, st->op, &err);
        if (err != JT_ERR_NONE) {
            job_error(m, err, st->op, j, j->id, ev->user, NULL, ev->e);
            failed = 1;
            break;
        }
        if (tr.act == JT_ACT_TO) {
            rc = jt_grow((void **)&log, &cap, nlog + 1, sizeof *log, JT_LIMIT_ROWS);
            if (rc)
                goto out;
            log[nlog].job = j;
            log[nlog].before = *j;
            nlog++;
            if (reason) {
                /* a new extra with the reason; the one before is freed when the statement
                   commits, this one when it is undone */
                jt_job_extra *x = jt_calloc(1, sizeof *x);
                char *copy = jt_strdup(reason);
                if (!x || !copy) {
                    free(x);
                    free(copy);
                    rc = JT_ENOMEM;
                    goto out;
                }
                x->schedule = jt_job_schedule(j);
                x->reason = copy;
                j->extra = x;
            }
            set_status(j, p, tr.to, now);
        }
    }
    if (failed)
        rc = ev->rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(out, ev->e);
out:
    if (failed || rc) {
        /* All or nothing: every job keeps the status it had (also when memory ran out). */
        while (nlog > 0) {
            nlog--;
            if (log[nlog].job->extra != log[nlog].before.extra) {
                free(log[nlog].job->extra->reason);
                free(log[nlog].job->extra);
            }
            *log[nlog].job = log[nlog].before;
        }
    } else {
        for (i = 0; i < nlog; i++)
            if (log[i].job->extra != log[i].before.extra && log[i].before.extra) {
                free(log[i].before.extra->reason);
                free(log[i].before.extra);
            }
        if (nlog)
            m->clock = now;
        out->count = count;
        if (st->all_type) {
            char type[32];
            size_t k;
            for (k = 0; st->all_type[k] && k + 1 < sizeof type; k++)
                type[k] = (char)(st->all_type[k] >= 'a' && st->all_type[k] <= 'z'
                                     ? st->all_type[k] - 'a' + 'A'
                                     : st->all_type[k]);
            type[k] = '\0';
            snprintf(out->tag, sizeof out->tag, "%s ALL %s JOBS %lld", p->op_words[st->op], type,
                     (long long)count);
        } else {
            snprintf(out->tag, sizeof out->tag, "%s JOBS%s %lld", p->op_words[st->op],
                     st->schedules ? " FOR SCHEDULES" : "", (long long)count);
        }
    }
    free(log);
    return rc;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* CANCEL QUERY/SESSION: the model runs no other sessions, so every well-formed id is
   unknown. Kept so that CockroachDB's run_control logic test runs unmodified. */
static int run_cancel_other(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    const char *word = st->sessions ? "SESSIONS" : "QUERIES";
    jt_rows shape, rows;
    jt_errargs args;
    char stmt[32];
    size_t i, k;
    int64_t count = 0;
    snprintf(stmt, sizeof stmt, "CANCEL %s", word);
    memset(&args, 0, sizeof args);
    args.stmt = stmt;
    args.want = "string";
    args.col = st->sessions ? "session_id" : "query_id";
    if (jt_eval_shape(ev, st->sel, JT_T_STRING, &shape))
        goto sqlfail;
    if (shape.ncols != 1 || (shape.types[0] != JT_T_STRING && shape.types[0] != JT_T_UNKNOWN)) {
        char n[32];
        snprintf(n, sizeof n, "%zu", shape.ncols);
        args.arg = shape.ncols != 1 ? n : jt_type_name(shape.types[0]);
        snprintf(ev->e->sqlstate, sizeof ev->e->sqlstate, "%s",
                 jt_profile_error(ev->m->profile, shape.ncols != 1 ? JT_ERR_SHAPE : JT_ERR_TYPE,
                                  &args, ev->e->message, sizeof ev->e->message));
        ev->e->position = 0;
        return jt_model_result_error(out, ev->e);
    }
    if (jt_eval_select(ev, st->sel, JT_T_STRING, &rows))
        goto sqlfail;
    for (i = 0; i < rows.nrows; i++) {
        const jt_value *v = &rows.values[i];
        const char *s;
        if (v->type == JT_T_UNKNOWN)
            continue;
        count++;
        s = v->s;
        if (strlen(s) % 2) {
            jt_sqlerr_set(ev->e, "XX000",
                          "could not parse %s ID: encoding/hex: odd length hex "
                          "string",
                          st->sessions ? "session" : "query");
            return jt_model_result_error(out, ev->e);
        }
        for (k = 0; s[k]; k++) {
            if (hexval((unsigned char)s[k]) < 0) {
                jt_sqlerr_set(ev->e, "XX000",
                              "could not parse %s ID: encoding/hex: invalid byte: U+%04X '%c'",
                              st->sessions ? "session" : "query", (unsigned)(unsigned char)s[k],
                              s[k]);
                return jt_model_result_error(out, ev->e);
            }
        }
        /* The model runs no other sessions: every well-formed id is unknown. */
        if (!st->if_exists) {
            jt_sqlerr_set(ev->e, "XX000", "%s ID %s not found", st->sessions ? "session" : "query",
                          s);
            return jt_model_result_error(out, ev->e);
        }
    }
    out->count = count;
    snprintf(out->tag, sizeof out->tag, "CANCEL %s %lld", word, (long long)count);
    return JT_OK;
sqlfail:
    return ev->rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(out, ev->e);
}

static int run_select_stmt(jt_eval *ev, jt_select *s, jt_result *out) {
    jt_rows rows;
    if (jt_eval_select(ev, s, JT_T_UNKNOWN, &rows))
        return ev->rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(out, ev->e);
    return jt_model_result_rows(ev, out, &rows);
}

/* ---- prepared statements ---- */

void jt_prepared_dispose(jt_prepared *pr) {
    free(pr->name);
    free(pr->user);
    free(pr->sql);
    free(pr->types);
    jt_arena_dispose(&pr->arena);
}

void jt_prepared_forget(jt_prepared_set *ps, const char *user) {
    size_t i;
    for (i = 0; i < ps->n;) {
        if (!user || strcmp(ps->items[i].user, user) == 0) {
            jt_prepared_dispose(&ps->items[i]);
            ps->items[i] = ps->items[--ps->n];
        } else {
            i++;
        }
    }
}

/* The prepared statement name of the set (of user in the model's own, whose entries have a
   user), or NULL; *at its index. */
static jt_prepared *find_prepared(const jt_prepared_set *ps, const char *user, const char *name,
                                  size_t *at) {
    size_t i;
    for (i = 0; i < ps->n; i++) {
        const jt_prepared *pr = &ps->items[i];
        if (strcmp(pr->name, name) == 0 && (!pr->user || strcmp(pr->user, user) == 0)) {
            if (at)
                *at = i;
            return &ps->items[i];
        }
    }
    return NULL;
}

jt_prepared *jt_model_prepared(const jt_eval *ev, const char *name, size_t *at) {
    return find_prepared(ev->ps, ev->user, name, at);
}

/* A statement that needs more memory than JT_LIMIT_STATEMENT_MEMORY: a SQL error of its own
   (program_limit_exceeded), not a failure of the model. */
int jt_model_too_large(jt_sqlerr *e) {
    jt_sqlerr_set(e, "54000", "statement too large: it needs more than %u MiB of memory",
                  JT_LIMIT_STATEMENT_MEMORY >> 20);
    return JT_ELIMIT;
}

int jt_prepared_parse(jt_prepared *pr, const jt_profile *profile, jt_sqlerr *e) {
    jt_stmt *st;
    int rc;
    jt_arena_init(&pr->arena, JT_LIMIT_STATEMENT_MEMORY);
    rc = jt_sql_parse(&st, &pr->arena, pr->sql, profile->grammar, e);
    if (rc == JT_ENOMEM && pr->arena.over)
        rc = jt_model_too_large(e);
    if (rc == JT_OK && pr->inner) {
        st->inner->nparams = st->nparams;
        st = st->inner;
    }
    pr->stmt = rc == JT_OK ? st : NULL;
    return rc;
}

int jt_prepared_add(jt_eval *ev, jt_prepared *pr, jt_result *out) {
    jt_prepared_set *ps = ev->ps;
    int rc;
    if (find_prepared(ps, ev->user, pr->name, NULL)) {
        jt_sqlerr_set(ev->e, "42P05", "prepared statement \"%s\" already exists", pr->name);
        rc = jt_model_result_error(out, ev->e);
        goto out;
    }
    if (ps->n >= JT_LIMIT_PREPARED) {
        jt_sqlerr_set(ev->e, "54000", "too many prepared statements (limit %d)", JT_LIMIT_PREPARED);
        rc = jt_model_result_error(out, ev->e);
        goto out;
    }
    rc = jt_grow((void **)&ps->items, &ps->cap, ps->n + 1, sizeof *ps->items, JT_LIMIT_PREPARED);
    if (rc)
        goto out;
    rc = jt_prepared_parse(pr, ev->m->profile, ev->e);
    if (rc) {
        rc = rc == JT_EPARSE || rc == JT_ELIMIT ? jt_model_result_error(out, ev->e) : JT_ENOMEM;
        goto out;
    }
    ps->items[ps->n++] = *pr;
    memset(pr, 0, sizeof *pr);
out:
    jt_prepared_dispose(pr);
    return rc;
}

static int run_prepare(jt_eval *ev, const jt_stmt *st, const char *sql, jt_result *out) {
    jt_prepared pr;
    int rc;
    memset(&pr, 0, sizeof pr);
    /* The statement is parsed again into an arena of its own that outlives this one. */
    pr.name = jt_strdup(st->name);
    pr.user = ev->ps == &ev->m->prepared ? jt_strdup(ev->user) : NULL;
    pr.sql = jt_strdup(sql);
    pr.inner = 1;
    if (!pr.name || !pr.sql || (!pr.user && ev->ps == &ev->m->prepared)) {
        jt_prepared_dispose(&pr);
        return JT_ENOMEM;
    }
    rc = jt_prepared_add(ev, &pr, out);
    if (rc == JT_OK && !out->failed)
        snprintf(out->tag, sizeof out->tag, "PREPARE");
    return rc;
}

int jt_model_execute_args(jt_eval *ev, const jt_stmt *st, const jt_prepared *pr, jt_result *out) {
    jt_value *params;
    size_t k;
    if (st->nargs != (size_t)pr->stmt->nparams) {
        jt_sqlerr_set(ev->e, "08P01",
                      "wrong number of parameters for prepared statement \"%s\": expected %d, "
                      "got %zu",
                      st->name, pr->stmt->nparams, st->nargs);
        return jt_model_result_error(out, ev->e);
    }
    params = jt_arena_alloc(ev->a, (st->nargs + 1) * sizeof *params);
    if (!params)
        return JT_ENOMEM;
    for (k = 0; k < st->nargs; k++) {
        jt_select one;
        jt_rows rows;
        jt_expr *items[1] = {st->args[k]};
        memset(&one, 0, sizeof one);
        one.source = JT_SRC_NONE;
        one.items = items;
        one.nitems = 1;
        if (jt_eval_select(ev, &one, JT_T_UNKNOWN, &rows))
            return ev->rc == JT_ENOMEM ? JT_ENOMEM : jt_model_result_error(out, ev->e);
        params[k] = rows.values[0];
        /* A string constant argument stays untyped: the placeholder's use decides. */
        params[k].untyped = st->args[k]->kind == JT_E_CONST && st->args[k]->value.untyped;
    }
    ev->params = params;
    ev->nparams = st->nargs;
    return JT_OK;
}

static int run_execute(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_prepared *pr = find_prepared(ev->ps, ev->user, st->name, NULL);
    int rc;
    if (!pr) {
        jt_sqlerr_set(ev->e, "26000", "prepared statement \"%s\" does not exist", st->name);
        return jt_model_result_error(out, ev->e);
    }
    rc = jt_model_execute_args(ev, st, pr, out);
    if (rc || out->failed)
        return rc;
    return jt_model_run_stmt(ev, pr->stmt, NULL, out);
}

static int run_deallocate(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_prepared_set *ps = ev->ps;
    size_t at;
    if (st->all) {
        jt_prepared_forget(ps, ps == &ev->m->prepared ? ev->user : NULL);
    } else {
        if (!find_prepared(ps, ev->user, st->name, &at)) {
            jt_sqlerr_set(ev->e, "26000", "prepared statement \"%s\" does not exist", st->name);
            return jt_model_result_error(out, ev->e);
        }
        jt_prepared_dispose(&ps->items[at]);
        ps->items[at] = ps->items[--ps->n];
    }
    snprintf(out->tag, sizeof out->tag, "DEALLOCATE%s", st->all ? " ALL" : "");
    return JT_OK;
}

int jt_model_run_stmt(jt_eval *ev, jt_stmt *st, const char *sql, jt_result *out) {
    switch (st->kind) {
    case JT_S_CONTROL:
        return run_control(ev, st, out);
    case JT_S_CANCEL_OTHER:
        return run_cancel_other(ev, st, out);
    case JT_S_SHOW_JOBS: {
        jt_select s;
        memset(&s, 0, sizeof s);
        s.source = st->automatic ? JT_SRC_SHOW_AUTOMATIC : JT_SRC_SHOW_JOBS;
        s.star = 1;
        s.statement = 1;
        if (st->sel) { /* SHOW JOB(S) x */
            s.source = JT_SRC_SHOW_JOB_IDS;
            s.ids = st->sel;
        }
        return run_select_stmt(ev, &s, out);
    }
    case JT_S_SELECT:
        return run_select_stmt(ev, st->sel, out);
    case JT_S_PREPARE:
        return run_prepare(ev, st, sql, out);
    case JT_S_EXECUTE:
        return run_execute(ev, st, out);
    case JT_S_DEALLOCATE:
        return run_deallocate(ev, st, out);
    default:
        JT_ASSERT(0);
        return JT_EINVAL;
    }
}

int jt_model_exec(jt_model *m, const char *user, const char *sql, jt_result *out, jt_error *err) {
    return jt_model_exec_in(m, NULL, user, sql, NULL, 0, out, err);
}

int jt_model_exec_in(jt_model *m, jt_model_session *ss, const char *user, const char *sql,
                     const jt_model_param *params, size_t nparams, jt_result *out, jt_error *err) {
    jt_arena arena;
    jt_sqlerr e;
    jt_eval ev;
    jt_stmt *st;
    int rc;
    memset(out, 0, sizeof *out);
    out->count = -1;
    jt_sqlerr_clear(&e);
    jt_arena_init(&arena, JT_LIMIT_STATEMENT_MEMORY);
    if (!user)
        user = "root";
    rc = jt_sql_parse(&st, &arena, sql, m->profile->grammar, &e);
    if (rc == JT_OK) {
        memset(&ev, 0, sizeof ev);
        ev.m = m;
        ev.a = &arena;
        ev.user = user;
        ev.e = &e;
        ev.ps = ss ? jt_model_session_set(ss) : &m->prepared;
        rc = jt_model_bind(&ev, st, params, nparams, out);
        if (rc == JT_OK && !out->failed)
            rc = jt_model_run_stmt(&ev, st, sql, out);
    }
    if (rc == JT_ENOMEM && arena.over) /* a statement failure: the model keeps its state */
        rc = jt_model_too_large(&e);
    if (rc == JT_EPARSE || rc == JT_ELIMIT) {
        /* A SQL error of the parser (syntax, limits), or of a statement too large. */
        jt_result_dispose(out);
        rc = jt_model_result_error(out, &e);
    }
    jt_arena_dispose(&arena);
    if (rc) {
        jt_result_dispose(out);
        return jt_error_set(err, rc, 0, "model: %s", jt_strerror(rc));
    }
    return JT_OK;
}
