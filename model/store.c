/* Storage: the jobs table and its id index, users and roles, prepared statements (see
   model/internal/store.h). */
#include "model/internal/store.h"

#include <stdlib.h>

#include "model/internal/catalog.h"
#include <string.h>

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

static void index_put(uint64_t *idx, size_t mask, int64_t id, size_t i) {
    uint64_t hv = jt_mix64((uint64_t)id);
    size_t h = (size_t)hv & mask;
    while (idx[h])
        h = (h + 1) & mask;
    idx[h] = (hv & 0xffffffff00000000ULL) | (uint64_t)(i + 1);
}

static int index_rebuild(jt_model *m, size_t cap) {
    uint64_t *idx = jt_calloc(cap, sizeof *idx);
    size_t i;
    if (!idx)
        return JT_ENOMEM;
    for (i = 0; i < m->njobs; i++)
        index_put(idx, cap - 1, m->jobs[i].id, i);
    free(m->index);
    m->index = idx;
    m->index_cap = cap;
    return JT_OK;
}

/* The job of that id while the ids ascend: each id is at least the first plus its offset, so
   the job is at its offset from the first id (the ids are dense), or before it. */
static jt_job *find_sorted(const jt_model *m, int64_t id) {
    jt_job *guess = jt_store_dense_guess(m, id);
    size_t lo = 0, hi = guess ? (size_t)(guess - m->jobs) : m->njobs;
    if (!m->njobs || id < m->jobs[0].id)
        return NULL;
    if (guess && guess->id == id)
        return guess;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->jobs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->njobs && m->jobs[lo].id == id ? &m->jobs[lo] : NULL;
}

jt_job *jt_store_job(const jt_model *m, int64_t id) {
    uint64_t hv = jt_mix64((uint64_t)id), tag = hv & 0xffffffff00000000ULL;
    size_t h, mask;
    if (!m->ids_unsorted)
        return find_sorted(m, id);
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

/* Room for need jobs, and as many entries of the owners' index. A large table grows by a
   quarter (a realloc of that size moves pages, it copies nothing), so that at most a fifth
   of it waits unused. */
static int jobs_room(jt_model *m, size_t need) {
    if (need > m->jobs_cap) {
        size_t cap = m->jobs_cap < 64 ? 64 : m->jobs_cap + m->jobs_cap / 4;
        jt_job *jobs;
        if (cap < need)
            cap = need;
        if (cap > JT_LIMIT_JOBS)
            cap = JT_LIMIT_JOBS;
        if (!(jobs = jt_realloc(m->jobs, cap * sizeof *jobs)))
            return JT_ENOMEM;
        m->jobs = jobs;
        m->jobs_cap = cap;
    }
    if (m->prev_owned_cap < m->jobs_cap) {
        uint32_t *p = jt_realloc(m->prev_owned, m->jobs_cap * sizeof *p);
        if (!p)
            return JT_ENOMEM;
        m->prev_owned = p;
        m->prev_owned_cap = m->jobs_cap;
    }
    return JT_OK;
}

int jt_store_job_add(jt_model *m, int64_t id, jt_job **out) {
    int rc;
    if (m->njobs >= JT_LIMIT_JOBS)
        return JT_ELIMIT;
    if ((rc = jobs_room(m, m->njobs + 1)) != JT_OK)
        return rc;
    if (!m->ids_unsorted && m->njobs && id <= m->jobs[m->njobs - 1].id) {
        /* the first id out of order: the hash index from now on */
        size_t cap = 64;
        while (cap < (m->njobs + 1) * 2)
            cap *= 2;
        if ((rc = index_rebuild(m, cap)) != JT_OK)
            return rc;
        m->ids_unsorted = 1;
    }
    if (m->ids_unsorted && (m->njobs + 1) * 2 > m->index_cap) {
        rc = index_rebuild(m, m->index_cap * 2);
        if (rc)
            return rc;
    }
    *out = &m->jobs[m->njobs];
    memset(*out, 0, sizeof **out);
    (*out)->id = id;
    return JT_OK;
}

void jt_store_job_commit(jt_model *m) {
    jt_job *j = &m->jobs[m->njobs];
    if (m->ids_unsorted)
        index_put(m->index, m->index_cap - 1, j->id, m->njobs);
    m->prev_owned[m->njobs] = m->users[j->user].last_job;
    m->users[j->user].last_job = (uint32_t)(m->njobs + 1);
    m->users[j->user].owned++;
    m->njobs++;
}

int64_t jt_store_max_id(const jt_model *m) {
    int64_t max = 0;
    size_t i;
    if (!m->ids_unsorted)
        return m->njobs ? m->jobs[m->njobs - 1].id : 0;
    for (i = 0; i < m->njobs; i++)
        if (m->jobs[i].id > max)
            max = m->jobs[i].id;
    return max;
}

int jt_store_job_set_str(jt_job *j, int which, const char *value) {
    char *copy = NULL, **slot;
    if (!value && !j->extra)
        return JT_OK;
    if (value && !(copy = jt_strdup(value)))
        return JT_ENOMEM;
    if (!j->extra && !(j->extra = jt_calloc(1, sizeof *j->extra))) {
        free(copy);
        return JT_ENOMEM;
    }
    slot = which == JT_JOB_DESCRIPTION ? &j->extra->description : &j->extra->error;
    free(*slot);
    *slot = copy;
    return JT_OK;
}

char *jt_dup_or_null(const char *s, int *failed) {
    char *d = s ? jt_strdup(s) : NULL;
    if (s && !d)
        *failed = 1;
    return d;
}

jt_job_extra *jt_job_extra_copy(const jt_job_extra *x, int *failed) {
    jt_job_extra *c;
    if (!x)
        return NULL;
    if (!(c = jt_calloc(1, sizeof *c))) {
        *failed = 1;
        return NULL;
    }
    c->schedule = x->schedule;
    c->description = jt_dup_or_null(x->description, failed);
    c->error = jt_dup_or_null(x->error, failed);
    c->reason = jt_dup_or_null(x->reason, failed);
    return c;
}

void jt_job_extra_free(jt_job_extra *x) {
    if (!x)
        return;
    free(x->description);
    free(x->error);
    free(x->reason);
    free(x);
}

void jt_store_job_owner(jt_model *m, jt_job *j, uint32_t user) {
    if (j->user != user)
        m->owners_stale = 1;
    j->user = user;
}

const char *jt_store_job_description(const jt_job *j) {
    static const char *const defaults[] = {
        "IMPORT TABLE t CSV DATA ('nodelocal:///t.csv')",
        "BACKUP DATABASE db TO 'nodelocal:///backup'",
        "RESTORE db.* FROM 'nodelocal:///backup'",
        "CREATE CHANGEFEED FOR TABLE t INTO 'kafka://localhost:9092'",
        "ALTER TABLE db.t ADD COLUMN c INT",
        "Table statistics refresh for db.public.t",
        "GC for DROP TABLE db.public.t",
        /* the later types: what CockroachDB writes where the sources show it (docs/profiles.md
           "Job types"), else a description of the same kind */
        "CREATE STATISTICS s FROM db.public.t",
        "ALTER TYPE db.public.e ADD VALUE 'v'",
        "stream ingestion",
        "CREATE INDEX ON db.public.t (c)",
        "Migration to 21.1",
        "reconciling span configurations",
        "automatic SQL Stats compaction",
        "stream replication",
        "ttl for db.public.t",
        "collect schema telemetry",
        "key visualizer job",
        "POLL JOBS STATS",
        "applies automatic configuration",
        "auto config env runner",
        "auto config task",
        "sql activity job",
        "replication stream ingestion",
        "replication stream producer",
        "mvcc statistics update job",
        "IMPORT ROLLBACK",
        "history retention",
        "LOGICAL REPLICATION INTO TABLE db.public.t",
        "Table statistics refresh for db.public.t",
        "UPDATE TABLE METADATA CACHE",
        "standby read ts poller",
        "SQL ACTIVITY FLUSH",
        "hot ranges logger",
        "INSPECT TABLE db.public.t",
    };
    _Static_assert(sizeof defaults / sizeof defaults[0] == JT_TY_COUNT, "a description a type");
    const char *own = jt_job_own_description(j);
    return own ? own : defaults[j->type];
}

void jt_store_set_status(jt_job *j, const jt_profile *p, int status, int32_t now) {
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

int jt_store_user(const jt_model *m, const char *name) {
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

int jt_store_user_add(jt_model *m, const char *name, int admin, int *out) {
    int i = jt_store_user(m, name), rc;
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

int jt_store_is_admin(const jt_model *m, const char *name) {
    int i = jt_store_user(m, name);
    return i >= 0 && m->users[i].eff_admin;
}

/* ---- roles ---- */

int jt_store_member_of(const jt_model *m, uint32_t u, uint32_t r) {
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

/* What user u has of its own, and no closure. */
static void own_only(jt_user *x) {
    free(x->closure);
    x->closure = NULL;
    x->nclosure = 0;
    x->eff_admin = x->admin;
    x->eff_options = x->options;
}

/* Pushes role r on stack (top) unless it was met for user u already (stamp u + 1). */
static void push_role(uint32_t *stamp, uint32_t *stack, size_t *top, uint32_t u, uint32_t r) {
    if (stamp[r] != u + 1) {
        stamp[r] = u + 1;
        stack[(*top)++] = r;
    }
}

/* The closure of user u (whose own part is set): every role reachable from it, each once, and
   from them its admin membership and options. JT_EINVAL when u reaches itself. */
static int closure_of(jt_model *m, uint32_t u, uint32_t *stamp, uint32_t *stack) {
    jt_user *x = &m->users[u];
    size_t top = 0, nc = 0, k;
    uint32_t *closure = jt_malloc(m->nusers * sizeof *closure);
    if (!closure)
        return JT_ENOMEM;
    for (k = 0; k < x->nroles; k++)
        push_role(stamp, stack, &top, u, x->roles[k]);
    while (top > 0) {
        uint32_t r = stack[--top];
        const jt_user *role = &m->users[r];
        if (r == u) {
            free(closure);
            return JT_EINVAL;
        }
        closure[nc++] = r;
        x->eff_admin |= role->admin;
        x->eff_options |= role->options;
        for (k = 0; k < role->nroles; k++)
            push_role(stamp, stack, &top, u, role->roles[k]);
    }
    qsort(closure, nc, sizeof *closure, cmp_u32);
    x->closure = closure;
    x->nclosure = nc;
    return JT_OK;
}

/* What each user has through its roles: the transitive closure of its memberships, and from
   it admin membership and options. JT_EINVAL when a role would be a member of itself
   (*cycle names it), JT_ENOMEM; the users after the one that failed keep what they had. */
static int roles_recompute(jt_model *m, int *cycle) {
    uint32_t *stamp = NULL, *stack = NULL;
    size_t u;
    int rc = JT_OK, any = m->nmemberships > 0; /* 0: what each has is its own */
    *cycle = -1;
    if (any) {
        stamp = jt_calloc(m->nusers, sizeof *stamp);
        stack = jt_malloc(m->nusers * sizeof *stack);
        if (!stamp || !stack) {
            rc = JT_ENOMEM;
            goto out;
        }
    }
    for (u = 0; u < m->nusers && rc == JT_OK; u++) {
        own_only(&m->users[u]);
        if (any && m->users[u].nroles)
            rc = closure_of(m, (uint32_t)u, stamp, stack);
        if (rc == JT_EINVAL)
            *cycle = (int)u;
    }
out:
    free(stamp);
    free(stack);
    return rc;
}

int jt_store_user_set(jt_model *m, int u, int admin, int options, uint32_t *roles, size_t nroles,
                      int *cycle) {
    jt_user *x = &m->users[u], before = *x;
    int rc, again;
    *cycle = -1;
    x->roles = roles;
    x->nroles = nroles;
    x->admin = (uint8_t)(admin != 0);
    x->options = (uint8_t)options;
    m->nmemberships = m->nmemberships - before.nroles + nroles;
    if (m->nmemberships == 0 && before.nroles == 0) {
        /* nobody has a role, before or after: what this user has is its own */
        x->eff_admin = x->admin;
        x->eff_options = x->options;
        free(before.roles);
        return JT_OK;
    }
    rc = roles_recompute(m, cycle);
    if (rc == JT_OK) {
        free(before.roles);
        return JT_OK;
    }
    /* As it was; the closures of everyone too. */
    x->roles = before.roles;
    x->nroles = before.nroles;
    x->admin = before.admin;
    x->options = before.options;
    m->nmemberships = m->nmemberships - nroles + before.nroles;
    free(roles);
    if (roles_recompute(m, &again) == JT_ENOMEM)
        rc = JT_ENOMEM;
    return rc;
}

/* ---- prepared statements ---- */

jt_prepared *jt_store_prepared(const jt_prepared_set *ps, const char *user, const char *name,
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

int jt_store_prepared_add(jt_prepared_set *ps, jt_prepared **out) {
    int rc;
    if (ps->n >= JT_LIMIT_PREPARED)
        return JT_ELIMIT;
    rc = jt_grow((void **)&ps->items, &ps->cap, ps->n + 1, sizeof *ps->items, JT_LIMIT_PREPARED);
    if (rc)
        return rc;
    *out = &ps->items[ps->n];
    memset(*out, 0, sizeof **out);
    return JT_OK;
}

void jt_prepared_dispose(jt_prepared *pr) {
    free(pr->name);
    free(pr->user);
    free(pr->sql);
    free(pr->types);
    jt_arena_dispose(&pr->arena);
}

void jt_store_prepared_drop(jt_prepared_set *ps, size_t at) {
    jt_prepared_dispose(&ps->items[at]);
    ps->items[at] = ps->items[--ps->n];
}

void jt_store_prepared_forget(jt_prepared_set *ps, const char *user) {
    size_t i;
    for (i = 0; i < ps->n;) {
        if (!user || (ps->items[i].user && strcmp(ps->items[i].user, user) == 0))
            jt_store_prepared_drop(ps, i);
        else
            i++;
    }
}

/* ---- life ---- */

void jt_store_reindex(jt_model *m) {
    size_t i;
    int unsorted = 0;
    for (i = 1; i < m->njobs && !unsorted; i++)
        unsorted = m->jobs[i].id <= m->jobs[i - 1].id;
    /* unsorted: it was so before the batch too, and the index had room for it then */
    m->ids_unsorted = unsorted;
    if (unsorted) {
        JT_ASSERT(m->njobs * 2 <= m->index_cap);
        memset(m->index, 0, m->index_cap * sizeof *m->index);
        for (i = 0; i < m->njobs; i++)
            index_put(m->index, m->index_cap - 1, m->jobs[i].id, i);
    }
    JT_ASSERT(m->nusers * 2 <= m->user_index_cap);
    memset(m->user_index, 0, m->user_index_cap * sizeof *m->user_index);
    for (i = 0; i < m->nusers; i++)
        user_index_insert(m, i);
}

void jt_store_clear(jt_model *m, size_t keep_users) {
    size_t i;
    for (i = 0; i < m->njobs; i++)
        jt_job_extra_free(m->jobs[i].extra);
    m->njobs = 0;
    m->owners_stale = 0;
    m->ids_unsorted = 0;
    free(m->index);
    m->index = NULL;
    m->index_cap = 0;
    for (i = 0; i < m->nusers; i++) {
        free(m->users[i].roles);
        free(m->users[i].closure);
        m->users[i].roles = m->users[i].closure = NULL;
        m->users[i].nroles = m->users[i].nclosure = 0;
        m->users[i].options = m->users[i].eff_options = 0;
        m->users[i].last_job = m->users[i].owned = 0;
        m->users[i].dropped = 0;
        if (i >= keep_users)
            free(m->users[i].name);
    }
    m->nmemberships = 0;
    memset(m->feature_usage, 0, sizeof m->feature_usage);
    __atomic_store_n(&m->show_jobs, 0, __ATOMIC_RELAXED);
    m->nusers = m->nusers < keep_users ? m->nusers : keep_users;
    if (m->user_index) {
        memset(m->user_index, 0, m->user_index_cap * sizeof *m->user_index);
        for (i = 0; i < m->nusers; i++)
            user_index_insert(m, i);
    }
    jt_store_prepared_forget(&m->prepared, NULL);
    jt_catalog_clear(m);
}
