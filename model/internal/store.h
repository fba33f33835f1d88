/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * Storage, the lowest layer of the model's state (store.c): the jobs (the table and the id
 * index), the users and their roles (with the membership closure), the prepared statements,
 * the virtual clock and the counters (crdb_internal.feature_usage, spec coverage). It keeps
 * and finds; what a statement means is decided above it (privilege.h, eval.h, exec.c).
 */
#ifndef JT_MODEL_STORE_H
#define JT_MODEL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model/internal/arena.h"
#include "model/model.h"
#include "model/profile.h"

#define JT_TS_NULL INT32_MIN
/* The virtual clock starts at 2018-10-30 12:00:00 UTC, the day v2.1 was released. */
#define JT_CLOCK_START 1540900800

/* A job: 40 bytes. What few jobs have is apart (extra), so that a table of millions of jobs
   made by fixtures (no description, no error) stays small. */
typedef struct jt_job {
    int64_t id;
    struct jt_job_extra *extra; /* its description, error, schedule, pause reason; or NULL */
    /* seconds since JT_CLOCK_START on the virtual clock, or JT_TS_NULL */
    int32_t created, started, finished, modified;
    uint32_t user; /* index in users: its owner */
    uint8_t type, status;
} jt_job;

/* What few jobs have, apart, so that a job stays small. Each string is the job's own. */
typedef struct jt_job_extra {
    char *description; /* NULL: the default for its type */
    char *error;       /* NULL: empty. Two-phase profiles: a paused job with an error was paused
                          while reverting (its FinalResumeError) */
    int64_t schedule;  /* the schedule that created it (FOR SCHEDULES), or 0 */
    char *reason;      /* PAUSE … WITH REASON: stored, shown nowhere (as CockroachDB does) */
} jt_job_extra;

static inline int64_t jt_job_schedule(const jt_job *j) {
    return j->extra ? j->extra->schedule : 0;
}

static inline const char *jt_job_reason(const jt_job *j) {
    return j->extra ? j->extra->reason : NULL;
}

/* Its error, or NULL (empty). */
static inline const char *jt_job_error(const jt_job *j) {
    return j->extra ? j->extra->error : NULL;
}

/* Its own description, or NULL (jt_store_job_description gives the default then). */
static inline const char *jt_job_own_description(const jt_job *j) {
    return j->extra ? j->extra->description : NULL;
}

/* Role options of a user (JT_USER_* of include/jobtck/driver.h). */
typedef struct jt_user {
    char *name;
    uint8_t admin;   /* a member of admin itself */
    uint8_t options; /* JT_USER_CONTROLJOB, JT_USER_VIEWJOB: its own */
    /* It may open a session: root, testuser, and the users a `fixture user` declares. A name
       the model knows only as a job's owner or a role of member-of may not (a real server
       refuses the connection: docs/profiles.md "Users"). */
    uint8_t login;
    /* What it has through the roles it is a member of, transitively (computed after each
       change of a user): */
    uint8_t eff_admin;   /* a member of admin */
    uint8_t eff_options; /* its own options and its roles' */
    uint32_t *roles;     /* the users (roles) it is a member of, nroles of them */
    size_t nroles;
    uint32_t *closure; /* every role it is a member of, transitively, sorted; NULL when none */
    size_t nclosure;
    /* The jobs it owns, newest first, through the jobs' prev_owned (jt_model): 1 + the index
       of its newest job (0: none), and how many. */
    uint32_t last_job, owned;
    uint8_t dropped; /* DROP ROLE|USER: kept for the jobs it owns, found by no role statement */
} jt_user;

struct jt_stmt; /* model/internal/sql.h: storage keeps a prepared statement, never reads it */

typedef struct jt_prepared {
    char *name;
    char *user;    /* the user it belongs to (the model's own); NULL in a session's */
    char *sql;     /* the text it was prepared from, which a cursor parses again */
    uint8_t inner; /* sql is PREPARE name AS <statement>: the statement is its inner one */
    char *types;   /* a session's: the declared types of its placeholders (type letters, '?'
                      for none), or NULL */
    jt_arena arena;
    struct jt_stmt *stmt;
} jt_prepared;

/* Prepared statements: the model's own (of its users), or a session's (model/session.c). */
typedef struct jt_prepared_set {
    jt_prepared *items;
    size_t n, cap;
} jt_prepared_set;

/* The tables whose columns a model keeps: a profile's four, and SHOW CHANGEFEED JOBS's. */
#define JT_TABLE_COLS 5

struct jt_model {
    const jt_profile *profile;
    const struct jt_era *era; /* jt_era_of(profile), looked up once */
    jt_job *jobs;
    size_t njobs, jobs_cap;
    /* While the ids ascend in the table's order (ids_unsorted 0: fixtures and statements make
       them so), a job is found by its offset from the first id or by binary search, and the
       hash index is not kept. The first id out of order builds it (open addressing: hash tag
       << 32 | (job index + 1), 0 empty; index_cap a power of two); a clear drops it. */
    int ids_unsorted;
    uint64_t *index;
    size_t index_cap;
    jt_user *users;
    size_t nusers, users_cap;
    size_t nmemberships; /* of every user: 0 means nobody has a role */
    uint32_t *user_index;
    size_t user_index_cap;
    jt_prepared_set prepared; /* PREPARE of jt_model_exec, per user */
    int32_t clock;            /* seconds since JT_CLOCK_START; saturates at INT32_MAX - 1 */
    /* crdb_internal.feature_usage: control statements that succeeded, per operation */
    uint64_t feature_usage[JT_OP_COUNT];
    /* crdb_internal.feature_usage's sql.show.jobs: the selections of SHOW JOBS (eval.c
       count_show). A selection counts it on a model it otherwise only reads, and serve's
       helper thread runs selections beside its loop on one model: it is only read and
       written through __atomic builtins (jt_store_show_jobs). A reset zeroes it; a batch's
       rollback keeps it (telemetry counts at once). */
    uint64_t show_jobs;
    /* The spec-coverage cells the control statements hit (model.h); kept by a reset. */
    jt_coverage coverage;
    /* Statements parsed once by their text (plan.h); kept by a reset: a parse depends on
       the text and the grammar alone. Not copied by jt_model_clone: a copy parses anew. */
    struct jt_plans *plans;
    /* The columns of the tables selections read (eval.c table_columns), each by its table's
       definition (the profile's static ones): made with the model (a selection made them at
       every run), only read by statements. jt_model_clone makes a copy's own. */
    struct {
        const struct jt_table_def *def;
        struct jt_column *cols;
    } table_cols[JT_TABLE_COLS];
    /* A statement's arena chunk, kept from one statement to the next (jt_arena_keep). */
    struct jt_arena_chunk *spare_chunk;
    /* The index of owners: for each job, 1 + the index of the previous job of its owner (0:
       none), prev_owned_cap of them; with jt_user's last_job, each user's jobs without a scan
       (a bulk statement over one user's jobs). Stale once a job changed owner, until a reset:
       then selections scan the jobs. */
    uint32_t *prev_owned;
    size_t prev_owned_cap;
    int owners_stale;
    /* Databases, tables, settings… of the statements around job control (catalog.h). */
    struct jt_catalog *catalog;
};

/* ---- jobs ---- */

/* The job of that id, or NULL. */
jt_job *jt_store_job(const jt_model *m, int64_t id);
/* Room for a new job of that id at jobs[njobs], zeroed but for its id, in *out;
   jt_store_job_commit makes it visible (until then the table is as it was). JT_ENOMEM,
   JT_ELIMIT. */
int jt_store_job_add(jt_model *m, int64_t id, jt_job **out);
void jt_store_job_commit(jt_model *m);
/* While the ids ascend: the job at id's offset from the first id, where the job of that id is
   when the ids are dense (else it is before it), or NULL when the offset is past the table (or
   id is below the first). */
static inline jt_job *jt_store_dense_guess(const jt_model *m, int64_t id) {
    uint64_t off = (uint64_t)id - (uint64_t)(m->njobs ? m->jobs[0].id : 0);
    return off < m->njobs ? &m->jobs[off] : NULL;
}

/* Asks the memory for the job of that id ahead of its use (a walk over many jobs' ids: at 10^8
   jobs each one is a miss of the caches and of the TLB), when the ids ascend; a hint. */
static inline void jt_store_job_prefetch(const jt_model *m, int64_t id) {
    const jt_job *guess = m->ids_unsorted ? NULL : jt_store_dense_guess(m, id);
    if (guess)
        JT_PREFETCH(guess);
}
/* The largest id of the jobs, or 0 when there are none. */
int64_t jt_store_max_id(const jt_model *m);
/* Its description: its own, or the default for its type. */
const char *jt_store_job_description(const jt_job *j);
/* Which string of a job's extra jt_store_job_set_str sets. */
enum { JT_JOB_DESCRIPTION, JT_JOB_ERROR };
/* Gives job j a copy of value (NULL: none) as its description or error (which), its extra
   made when it has none. JT_ENOMEM (j as it was). */
int jt_store_job_set_str(jt_job *j, int which, const char *value);
/* A copy of an extra, its strings too, or NULL (x NULL, or out of memory: *failed set). */
jt_job_extra *jt_job_extra_copy(const jt_job_extra *x, int *failed);
/* A copy of s, or NULL (s NULL, or out of memory: *failed set). The copies of a model's tables
   (a transaction's snapshot, an extra) take each string with it. */
char *jt_dup_or_null(const char *s, int *failed);
/* Frees an extra and its strings (NULL: nothing). */
void jt_job_extra_free(jt_job_extra *x);
/* Gives job j (committed) the owner user. */
void jt_store_job_owner(jt_model *m, jt_job *j, uint32_t user);
/* Moves j to status at time now: modified; started when it first ran; finished while the
   profile says the status is terminal. */
void jt_store_set_status(jt_job *j, const jt_profile *p, int status, int32_t now);

/* ---- the clock ---- */

/* The time of the next event: a second after the last one (saturating). */
static inline int32_t jt_store_next_time(const jt_model *m) {
    return m->clock < INT32_MAX - 1 ? m->clock + 1 : m->clock;
}

/* ---- users and roles ---- */

/* The index of the user of that name, or -1. */
int jt_store_user(const jt_model *m, const char *name);
/* The index of the user of that name, made (admin when admin > 0) when missing. */
int jt_store_user_add(jt_model *m, const char *name, int admin, int *out);
/* Whether the user of that name is a member of admin (through its roles too). */
int jt_store_is_admin(const jt_model *m, const char *name);

/* sql.show.jobs of m (an atomic read: see show_jobs above). */
static inline uint64_t jt_store_show_jobs(const jt_model *m) {
    return __atomic_load_n(&m->show_jobs, __ATOMIC_RELAXED);
}
/* Whether user index u is role index r, or a member of it through any chain of roles. */
int jt_store_member_of(const jt_model *m, uint32_t u, uint32_t r);
/* Gives user u exactly this admin membership, these options and these roles (the store takes
   roles, an allocated array of nroles indices), and recomputes what every user has through
   its roles. JT_EINVAL when a role would be a member of itself (*cycle is its index; u is
   left as it was), JT_ENOMEM. */
int jt_store_user_set(jt_model *m, int u, int admin, int options, uint32_t *roles, size_t nroles,
                      int *cycle);

/* ---- prepared statements ---- */

/* The prepared statement name of the set (of user, in the model's own set, whose entries
   have a user), or NULL; *at (when not NULL) its index. */
jt_prepared *jt_store_prepared(const jt_prepared_set *ps, const char *user, const char *name,
                               size_t *at);
/* Room for a new prepared statement at items[n], zeroed (n grows when the caller has filled
   it). JT_ENOMEM, JT_ELIMIT. */
int jt_store_prepared_add(jt_prepared_set *ps, jt_prepared **out);
/* Frees one prepared statement's contents. */
void jt_prepared_dispose(jt_prepared *pr);
/* Forgets items[at] (the last one takes its place). */
void jt_store_prepared_drop(jt_prepared_set *ps, size_t at);
/* Forgets every prepared statement of the set; of one user, when user is not NULL. */
void jt_store_prepared_forget(jt_prepared_set *ps, const char *user);

/* ---- counters ---- */

/* One hit of a spec-coverage cell (status JT_COVER_MISSING with type 0: no such id). */
static inline void jt_store_cover(jt_model *m, int status, int op, int type, int priv) {
    m->coverage.hits[status][op][type][priv]++;
}

/* ---- life ---- */

/* Rebuilds the job and user indexes after the tables were put back (a batch's rollback): they
   hold no more than they did, so this allocates nothing. */
void jt_store_reindex(jt_model *m);

/* Forgets the jobs, the prepared statements, the feature-usage counters, and the users after
   the first keep_users (those left lose their options and roles). */
void jt_store_clear(jt_model *m, size_t keep_users);

#endif
