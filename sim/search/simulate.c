/* jobtck sim: seeded scenarios on a driver and on the model side by side, shrunk on a
   difference. See sim/search/sim.h. */
#include "sim/search/sim.h"

#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/cases/case.h"
#include "sim/cases/casewrite.h"
#include "sim/cases/check.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"
#include "sim/search/shrink.h"
#include "sim/text/strbuf.h"

#define MAX_IDS 5  /* ids of one VALUES list */
#define MAX_JOBS 8 /* jobs of one scenario */
#define NUSERS 6   /* user names a scenario draws from */
#define MIN_LEN 4  /* records of a scenario, at least */
#define MAX_LEN 60 /* and at most */
#define DEFAULT_TRIALS 20000
#define SQL_MAX 512
#define N_TYPES 5    /* IMPORT ... SCHEMA CHANGE, in the order of model/profile.h */
#define N_STATUSES 6 /* pending ... canceled, likewise */
#define STEP_PATH "step"
#define ERROR_TEXT "out of disk: \"/mnt/data\""
#define ROLLBACK_TEXT "ROLL BACK ALTER TABLE db.t ADD COLUMN c INT"

/* ---- the seeded generator: splitmix64 seeds xoshiro256** ----------------------------- */

typedef struct prng {
    uint64_t s[4];
} prng;

static void prng_seed(prng *p, uint64_t seed) {
    int i;
    for (i = 0; i < 4; i++)
        p->s[i] = jt_splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

static uint64_t prng_next(prng *p) {
    uint64_t *s = p->s, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

/* 0 .. n-1 (n > 0), without modulo bias worth speaking of for small n. */
static unsigned below(prng *p, unsigned n) {
    return (unsigned)(((prng_next(p) >> 32) * (uint64_t)n) >> 32);
}

/* ---- scenarios ----------------------------------------------------------------------- */

static const char *const user_names[NUSERS] = {"root",     "testuser", "alice",
                                               "maxroach", "bob",      "carol"};
static const char *const type_names[N_TYPES] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED",
                                                "SCHEMA CHANGE"};
static const char *const status_names[N_STATUSES] = {"pending",   "running", "paused",
                                                     "succeeded", "failed",  "canceled"};
static const char *const op_names[3] = {"PAUSE", "RESUME", "CANCEL"};
static const char *const prepared_names[3] = {"pause_job", "resume_job", "cancel_job"};
/* Ids beyond the small ones: the page's, 2^31, 2^32 + 1, 2^63 - 1. */
static const int64_t big_ids[] = {27536791415282LL, 2147483648LL, 4294967297LL,
                                  9223372036854775807LL};

enum step_kind { K_USER = 1, K_JOB, K_SQL };

enum sql_form {
    F_SINGLE,     /* OP JOB <id>, spelled as style says */
    F_VALUES,     /* OP JOBS VALUES (id), (NULL) ... */
    F_BY_USER,    /* OP JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = '<arg>') */
    F_BY_STATUS,  /* OP JOBS SELECT id FROM system.jobs WHERE status = '<arg>' */
    F_BY_TYPE,    /* OP JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = '<arg>') */
    F_PREPARE,    /* PREPARE op_job AS OP JOB $1 */
    F_EXECUTE,    /* EXECUTE op_job(<id>) */
    F_QUERY_IDS,  /* SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id */
    F_QUERY_SHOW, /* SELECT job_id, job_type, user_name, status, error FROM [SHOW JOBS] */
};

/* One record of a scenario; plain data, so that the shrinker copies it freely. */
typedef struct step {
    uint8_t kind;         /* enum step_kind */
    uint8_t user;         /* K_USER: the user; K_SQL: the session */
    uint8_t admin;        /* K_USER */
    uint8_t partial;      /* K_JOB: moves an existing job (owner, description kept) */
    uint8_t type;         /* K_JOB */
    uint8_t status;       /* K_JOB */
    uint8_t owner;        /* K_JOB */
    uint8_t rollback;     /* K_JOB: a ROLL BACK description */
    uint8_t has_error;    /* K_JOB: an error text */
    uint8_t form;         /* K_SQL: enum sql_form */
    uint8_t op;           /* K_SQL: PAUSE, RESUME, CANCEL */
    uint8_t style;        /* K_SQL: how the id is spelled */
    uint8_t arg;          /* K_SQL: the user, status or type of a selection */
    uint8_t nids;         /* K_SQL: ids used */
    int64_t id;           /* K_JOB */
    int64_t ids[MAX_IDS]; /* K_SQL; 0 is NULL */
} step;

static void render_id(char *buf, size_t size, int64_t id) {
    if (id == 0)
        snprintf(buf, size, "NULL");
    else
        snprintf(buf, size, "%lld", (long long)id);
}

static void render_sql(char *buf, size_t size, const step *s) {
    const char *op = op_names[s->op];
    char id[64];
    size_t n, i;
    render_id(id, sizeof id, s->nids ? s->ids[0] : 0);
    switch (s->form) {
    case F_SINGLE:
        switch (s->style) {
        case 1:
            snprintf(buf, size, "%s JOB '%s'", op, id);
            break;
        case 2:
            snprintf(buf, size, "%s JOB %s::INT", op, id);
            break;
        case 3:
            snprintf(buf, size, "%s JOB (SELECT %s)", op, id);
            break;
        case 4:
            snprintf(buf, size, "%s JOB (SELECT job_id FROM [SHOW JOBS] WHERE job_id = %s)", op,
                     id);
            break;
        default:
            snprintf(buf, size, "%s JOB %s", op, id);
            break;
        }
        break;
    case F_VALUES:
        n = (size_t)snprintf(buf, size, "%s JOBS VALUES", op);
        for (i = 0; i < s->nids && n < size; i++) {
            render_id(id, sizeof id, s->ids[i]);
            n += (size_t)snprintf(buf + n, size - n, "%s (%s)", i ? "," : "", id);
        }
        break;
    case F_BY_USER:
        snprintf(buf, size, "%s JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = '%s')", op,
                 user_names[s->arg]);
        break;
    case F_BY_STATUS:
        snprintf(buf, size, "%s JOBS SELECT id FROM system.jobs WHERE status = '%s'", op,
                 status_names[s->arg]);
        break;
    case F_BY_TYPE:
        snprintf(buf, size, "%s JOBS (SELECT job_id FROM crdb_internal.jobs WHERE job_type = '%s')",
                 op, type_names[s->arg]);
        break;
    case F_PREPARE:
        snprintf(buf, size, "PREPARE %s AS %s JOB $1", prepared_names[s->op], op);
        break;
    case F_EXECUTE:
        snprintf(buf, size, s->style ? "EXECUTE %s('%s')" : "EXECUTE %s(%s)", prepared_names[s->op],
                 id);
        break;
    case F_QUERY_IDS:
        snprintf(buf, size, "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id");
        break;
    default:
        snprintf(buf, size, "SELECT job_id, job_type, user_name, status, error FROM [SHOW JOBS]");
        break;
    }
}

static void fixture_of(jt_fixture *fx, const step *s) {
    memset(fx, 0, sizeof *fx);
    if (s->kind == K_USER) {
        fx->kind = JT_FIXTURE_USER;
        fx->name = user_names[s->user];
        fx->admin = s->admin;
        return;
    }
    fx->kind = JT_FIXTURE_JOB;
    fx->id = s->id;
    fx->status = status_names[s->status];
    fx->error = s->has_error ? ERROR_TEXT : NULL;
    fx->type = type_names[s->type]; /* a case file names it even when the job exists */
    if (s->partial)
        return;
    fx->user = user_names[s->owner];
    fx->description = s->rollback ? ROLLBACK_TEXT : NULL;
}

static int render_fixture(jt_strbuf *sb, const step *s) {
    jt_fixture fx;
    fixture_of(&fx, s);
    return jt_casewrite_fixture(sb, &fx);
}

/* ---- the two sides, in lockstep ------------------------------------------------------ */

enum verdict { SAME, DIFFER, INVALID };

typedef struct engine {
    const jt_sim_config *cfg;
    jt_session *s; /* the implementation under test: cfg->session */
    jt_model *m;
    jt_strbuf text;
    char *diff;     /* the last difference found, as the checker words it */
    size_t diff_at; /* its step */
} engine;

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

static int engine_open(engine *e, const jt_sim_config *cfg, jt_error *err) {
    const char *pname = cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT;
    const jt_profile *p = jt_profile_find(pname);
    unsigned caps = jt_session_caps(cfg->session);
    memset(e, 0, sizeof *e);
    e->cfg = cfg;
    e->s = cfg->session;
    jt_strbuf_init(&e->text, JT_LIMIT_SQL);
    if (!p)
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", pname);
    if ((caps & (JT_CAP_FIXTURES | JT_CAP_USERS)) != (JT_CAP_FIXTURES | JT_CAP_USERS))
        return jt_error_set(err, JT_ENOTSUP, 0,
                            "driver %s lacks %s: the simulation needs fixtures and users%s",
                            jt_session_name(e->s), (caps & JT_CAP_FIXTURES) ? "users" : "fixtures",
                            jt_session_caps_hint(e->s));
    return jt_model_new(&e->m, p, err);
}

static void engine_close(engine *e) {
    jt_model_free(e->m);
    jt_strbuf_dispose(&e->text);
    free(e->diff);
    memset(e, 0, sizeof *e);
}

/* Both sides back to an empty scenario. */
static int engine_restart(engine *e, jt_error *err) {
    jt_model_reset(e->m);
    return jt_session_restart(e->s, err);
}

/* The difference found at step i: msg is "step:<line>: what", kept without its place. */
static int set_diff(engine *e, size_t i, const char *msg) {
    const char *p = strncmp(msg, STEP_PATH ":", sizeof STEP_PATH) == 0 ? strstr(msg, ": ") : NULL;
    free(e->diff);
    e->diff = jt_strdup(p ? p + 2 : msg);
    e->diff_at = i;
    return e->diff ? JT_OK : JT_ENOMEM;
}

/* Runs step i (s) on both sides; *v says whether they agree. */
static int engine_step(engine *e, size_t i, const step *s, int *v, jt_error *err) {
    const char *user = user_names[s->user];
    jt_case_file *cf = NULL;
    jt_result mres, dres;
    jt_error merr, derr;
    char sql[SQL_MAX], *msg = NULL;
    size_t k;
    int rc;
    memset(&merr, 0, sizeof merr);
    memset(&derr, 0, sizeof derr);
    *v = SAME;
    if (s->kind != K_SQL) {
        jt_fixture fx;
        fixture_of(&fx, s);
        if (jt_model_fixture(e->m, &fx, &merr) < 0) {
            *v = INVALID; /* a record the model refuses is no scenario */
            return JT_OK;
        }
        rc = jt_session_fixture(e->s, &fx, &derr);
        if (rc == JT_ENOMEM)
            return nomem(err);
        if (rc < 0) {
            char text[JT_MESSAGE_MAX + 16];
            snprintf(text, sizeof text, "fixture: %s", derr.message);
            *v = DIFFER;
            return set_diff(e, i, text) < 0 ? nomem(err) : JT_OK;
        }
        return JT_OK;
    }
    render_sql(sql, sizeof sql, s);
    rc = jt_model_exec(e->m, user, sql, &mres, err);
    if (rc < 0)
        return rc;
    e->text.len = 0;
    rc = jt_casewrite_expect(&e->text, sql, &mres);
    jt_result_dispose(&mres);
    if (rc < 0)
        return jt_error_set(err, rc, 0, "the expectation of '%s': %s", sql, jt_strerror(rc));
    rc = jt_case_parse(&cf, STEP_PATH, e->text.data, e->text.len, err);
    if (rc < 0)
        return rc; /* a record the kit wrote and cannot read: a bug of the kit */
    for (k = 0; k < cf->nrecords && !jt_case_counted(&cf->records[k]); k++)
        ;
    JT_ASSERT(k < cf->nrecords);
    memset(&dres, 0, sizeof dres);
    rc = jt_session_exec(e->s, user, sql, &dres, &derr);
    if (rc == JT_ENOMEM) {
        rc = nomem(err);
        goto out;
    }
    if (rc < 0) {
        char text[JT_MESSAGE_MAX + 32];
        snprintf(text, sizeof text, "driver failure: %s", derr.message);
        *v = DIFFER;
        rc = set_diff(e, i, text) < 0 ? nomem(err) : JT_OK;
        goto out;
    }
    rc = jt_check_result(&msg, STEP_PATH, &cf->records[k], &dres, err);
    jt_session_free_result(e->s, &dres);
    if (rc == JT_OK && msg) {
        *v = DIFFER;
        rc = set_diff(e, i, msg) < 0 ? nomem(err) : JT_OK;
    }
out:
    free(msg);
    jt_case_free(cf);
    return rc;
}

/* Runs a whole scenario from an empty start; stops at the first difference or refusal. */
static int engine_run(engine *e, const step *steps, size_t n, int *v, jt_error *err) {
    size_t i;
    int rc = engine_restart(e, err);
    *v = SAME;
    for (i = 0; i < n && rc == JT_OK && *v == SAME; i++)
        rc = engine_step(e, i, &steps[i], v, err);
    return rc;
}

/* ---- generation ---------------------------------------------------------------------- */

typedef struct gen {
    prng rng;
    uint8_t declared[NUSERS];
    int64_t jobs[MAX_JOBS];
    uint8_t types[MAX_JOBS];
    size_t njobs;
} gen;

static void gen_start(gen *g) {
    memset(g->declared, 0, sizeof g->declared);
    g->declared[0] = g->declared[1] = 1; /* root and testuser exist */
    g->njobs = 0;
}

static int has_job(const gen *g, int64_t id) {
    size_t i;
    for (i = 0; i < g->njobs; i++)
        if (g->jobs[i] == id)
            return 1;
    return 0;
}

static uint8_t pick_user(gen *g) {
    unsigned u;
    do
        u = below(&g->rng, NUSERS);
    while (!g->declared[u]);
    return (uint8_t)u;
}

static uint8_t pick_session(gen *g) {
    return below(&g->rng, 100) < 55 ? 0 : pick_user(g);
}

/* An id for a statement: mostly a job of the scenario, sometimes a missing one or NULL. */
static int64_t pick_id(gen *g, int null_ok) {
    unsigned r = below(&g->rng, 100);
    if (null_ok && r < 8)
        return 0;
    if (r < 90 && g->njobs)
        return g->jobs[below(&g->rng, (unsigned)g->njobs)];
    if (below(&g->rng, 4) == 0)
        return big_ids[below(&g->rng, sizeof big_ids / sizeof big_ids[0])];
    return 1 + (int64_t)below(&g->rng, MAX_JOBS + 2);
}

static void gen_new_job(gen *g, step *s) {
    int64_t id;
    do
        id = below(&g->rng, 6) == 0 ? big_ids[below(&g->rng, sizeof big_ids / sizeof big_ids[0])]
                                    : 1 + (int64_t)below(&g->rng, MAX_JOBS + 2);
    while (has_job(g, id));
    s->kind = K_JOB;
    s->id = id;
    s->type = (uint8_t)below(&g->rng, N_TYPES);
    g->types[g->njobs] = s->type;
    g->jobs[g->njobs++] = id;
    s->status = (uint8_t)below(&g->rng, N_STATUSES);
    s->owner = below(&g->rng, 3) == 0 ? 0 : pick_user(g);
    s->rollback = s->type == N_TYPES - 1 && below(&g->rng, 3) == 0;
    s->has_error = s->status == 4 && below(&g->rng, 2) == 0;
}

/* A job's own progress: pending -> running -> succeeded or failed. 0 when none can move. */
static int gen_progress(gen *g, step *s, const jt_model *m) {
    jt_model_status st[MAX_JOBS];
    size_t n = jt_model_statuses(st, MAX_JOBS, m), i, k = 0, movable[MAX_JOBS];
    if (n > MAX_JOBS)
        n = MAX_JOBS;
    for (i = 0; i < n; i++)
        if (st[i].status == 0 || st[i].status == 1)
            movable[k++] = i;
    if (!k)
        return 0;
    i = movable[below(&g->rng, (unsigned)k)];
    s->kind = K_JOB;
    s->partial = 1;
    s->id = st[i].id;
    for (k = 0; k < g->njobs; k++)
        if (g->jobs[k] == s->id)
            s->type = g->types[k];
    if (st[i].status == 0) {
        s->status = 1;
    } else {
        s->status = below(&g->rng, 3) == 0 ? 4 : 3;
        s->has_error = s->status == 4 && below(&g->rng, 2) == 0;
    }
    return 1;
}

static void gen_control(gen *g, step *s) {
    unsigned f = below(&g->rng, 100), i;
    s->kind = K_SQL;
    s->user = pick_session(g);
    s->op = (uint8_t)below(&g->rng, 3);
    if (f < 40) {
        s->form = F_SINGLE;
        s->nids = 1;
        s->ids[0] = pick_id(g, 0);
        s->style = below(&g->rng, 100) < 70 ? 0 : (uint8_t)(1 + below(&g->rng, 4));
    } else if (f < 60) {
        s->form = F_VALUES;
        s->nids = (uint8_t)(1 + below(&g->rng, MAX_IDS - 1));
        for (i = 0; i < s->nids; i++)
            s->ids[i] = pick_id(g, 1);
    } else if (f < 72) {
        s->form = F_BY_USER;
        s->arg = pick_user(g);
    } else if (f < 80) {
        s->form = F_BY_STATUS;
        s->arg = (uint8_t)below(&g->rng, N_STATUSES);
    } else if (f < 88) {
        s->form = F_BY_TYPE;
        s->arg = (uint8_t)below(&g->rng, N_TYPES);
    } else if (f < 93) {
        s->form = F_PREPARE;
    } else {
        s->form = F_EXECUTE;
        s->nids = 1;
        s->ids[0] = pick_id(g, 0);
        s->style = (uint8_t)below(&g->rng, 2);
    }
}

static void gen_step(gen *g, step *s, const jt_model *m) {
    unsigned r = below(&g->rng, 100), u;
    memset(s, 0, sizeof *s);
    if (g->njobs == 0 || (r < 14 && g->njobs < MAX_JOBS)) {
        gen_new_job(g, s);
        return;
    }
    if (r < 20) {
        u = 2 + below(&g->rng, NUSERS - 2);
        if (!g->declared[u]) {
            g->declared[u] = 1;
            s->kind = K_USER;
            s->user = (uint8_t)u;
            s->admin = below(&g->rng, 2) == 0;
            return;
        }
    }
    if (r < 32 && gen_progress(g, s, m))
        return;
    if (r < 82) {
        gen_control(g, s);
        return;
    }
    s->kind = K_SQL;
    s->user = below(&g->rng, 100) < 80 ? 0 : pick_user(g);
    s->form = below(&g->rng, 2) ? F_QUERY_IDS : F_QUERY_SHOW;
}

/* ---- shrinking ----------------------------------------------------------------------- */

typedef struct shrinker {
    engine *e;
    step *steps; /* the current smallest failing scenario */
    size_t n;
    step *cand; /* scratch */
    size_t budget, trials;
    jt_error *err;
} shrinker;

/* Runs cand[0 .. n): 1 when it still differs (the model accepting every record), else 0. */
static int still_fails(shrinker *sh, const step *cand, size_t n) {
    int v, rc;
    sh->trials++;
    rc = engine_run(sh->e, cand, n, &v, sh->err);
    if (rc < 0)
        return rc;
    return v == DIFFER;
}

static int ddmin_test(void *ctx, const size_t *keep, size_t n) {
    shrinker *sh = ctx;
    size_t i;
    for (i = 0; i < n; i++)
        sh->cand[i] = sh->steps[keep[i]];
    return still_fails(sh, sh->cand, n);
}

/* Tries cand[0 .. n) as the new smallest case: kept, up to its difference, when it fails. */
static int try_steps(int *kept, shrinker *sh, size_t n) {
    int r;
    *kept = 0;
    if (sh->budget == 0)
        return JT_OK;
    sh->budget--;
    r = still_fails(sh, sh->cand, n);
    if (r <= 0)
        return r;
    n = sh->e->diff_at + 1;
    memcpy(sh->steps, sh->cand, n * sizeof *sh->steps);
    sh->n = n;
    *kept = 1;
    return JT_OK;
}

/* The distinct non-NULL ids of the scenario, in order of first use. */
static size_t distinct_ids(int64_t *out, size_t cap, const step *steps, size_t n) {
    size_t i, k, m = 0, j;
    for (i = 0; i < n; i++) {
        const int64_t *v = steps[i].kind == K_JOB ? &steps[i].id : steps[i].ids;
        size_t nv = steps[i].kind == K_JOB ? 1 : steps[i].nids;
        for (k = 0; k < nv; k++) {
            if (!v[k])
                continue;
            for (j = 0; j < m && out[j] != v[k]; j++)
                ;
            if (j == m && m < cap)
                out[m++] = v[k];
        }
    }
    return m;
}

static void map_ids(step *steps, size_t n, const int64_t *from, const int64_t *to, size_t nmap) {
    size_t i, k, j;
    for (i = 0; i < n; i++) {
        int64_t *v = steps[i].kind == K_JOB ? &steps[i].id : steps[i].ids;
        size_t nv = steps[i].kind == K_JOB ? 1 : steps[i].nids;
        for (k = 0; k < nv; k++)
            for (j = 0; j < nmap; j++)
                if (v[k] == from[j]) {
                    v[k] = to[j];
                    break;
                }
    }
}

/* Ids as small as they can be: all renumbered 1, 2 ... at once, else one by one. */
static int shrink_ids(int *changed, shrinker *sh) {
    int64_t from[MAX_LEN * MAX_IDS], to[MAX_LEN * MAX_IDS];
    size_t m = distinct_ids(from, sizeof from / sizeof from[0], sh->steps, sh->n), i, j;
    int kept, rc, same = 1;
    for (i = 0; i < m; i++) {
        to[i] = (int64_t)i + 1;
        same &= from[i] == to[i];
    }
    if (same)
        return JT_OK;
    memcpy(sh->cand, sh->steps, sh->n * sizeof *sh->cand);
    map_ids(sh->cand, sh->n, from, to, m);
    rc = try_steps(&kept, sh, sh->n);
    if (rc < 0 || kept) {
        *changed |= kept;
        return rc;
    }
    for (i = 0; i < m; i++) {
        int64_t small;
        for (small = 1; small < from[i]; small++) {
            for (j = 0; j < m && from[j] != small; j++)
                ;
            if (j == m)
                break;
        }
        if (small >= from[i])
            continue;
        memcpy(sh->cand, sh->steps, sh->n * sizeof *sh->cand);
        map_ids(sh->cand, sh->n, &from[i], &small, 1);
        rc = try_steps(&kept, sh, sh->n);
        if (rc < 0)
            return rc;
        if (kept) {
            *changed = 1;
            return JT_OK; /* the ids changed: start over */
        }
    }
    return JT_OK;
}

/* Simpler versions of one record: out[0 .. return). */
static size_t variants(step *out, size_t cap, const step *s) {
    size_t n = 0, k;
#define VARIANT(cond, change)                                                                      \
    do {                                                                                           \
        if ((cond) && n < cap) {                                                                   \
            out[n] = *s;                                                                           \
            change;                                                                                \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    switch (s->kind) {
    case K_USER:
        VARIANT(s->admin, out[n].admin = 0);
        break;
    case K_JOB:
        VARIANT(s->rollback, out[n].rollback = 0);
        VARIANT(s->has_error, out[n].has_error = 0);
        VARIANT(!s->partial && s->type && s->type != N_TYPES - 1, out[n].type = 0);
        VARIANT(!s->partial && s->owner, out[n].owner = 0);
        for (k = 0; k < s->status; k++)
            VARIANT(1, out[n].status = (uint8_t)k; out[n].has_error &= k == 4);
        break;
    default:
        VARIANT(s->user, out[n].user = 0);
        VARIANT(s->style, out[n].style = 0);
        VARIANT(s->form == F_QUERY_SHOW, out[n].form = F_QUERY_IDS);
        VARIANT(s->form == F_BY_USER && s->arg, out[n].arg = 0);
        VARIANT(s->form == F_BY_TYPE && s->arg, out[n].arg = 0);
        if (s->form == F_VALUES && s->nids > 1) {
            for (k = 0; k < s->nids; k++) {
                VARIANT(1, memmove(&out[n].ids[k], &out[n].ids[k + 1],
                                   (size_t)(s->nids - k - 1) * sizeof out[n].ids[0]);
                        out[n].nids--);
            }
        }
        if (s->form == F_VALUES && s->nids == 1)
            VARIANT(s->ids[0], out[n].form = F_SINGLE);
        VARIANT(s->form == F_BY_STATUS && s->arg, out[n].arg = 0);
        VARIANT(s->op, out[n].op = 0);
        break;
    }
#undef VARIANT
    return n;
}

/* Literal values, record by record, until nothing simpler fails or the budget is spent. */
static int shrink_values(shrinker *sh) {
    int changed = 1, rc = JT_OK, kept;
    while (changed && sh->budget > 0) {
        size_t i, k, nv;
        changed = 0;
        kept = 0;
        rc = shrink_ids(&changed, sh);
        if (rc < 0)
            return rc;
        for (i = 0; i < sh->n && sh->budget > 0; i++) {
            step vs[32];
            kept = 0;
            nv = variants(vs, sizeof vs / sizeof vs[0], &sh->steps[i]);
            for (k = 0; k < nv && sh->budget > 0; k++) {
                memcpy(sh->cand, sh->steps, sh->n * sizeof *sh->cand);
                sh->cand[i] = vs[k];
                rc = try_steps(&kept, sh, sh->n);
                if (rc < 0)
                    return rc;
                if (kept) {
                    changed = 1;
                    break; /* the record changed: its variants are made again */
                }
            }
            if (kept && i < sh->n)
                i--; /* the same record once more */
        }
    }
    return rc;
}

/* Records first (ddmin), then their values, then records once more. */
static int shrink(shrinker *sh) {
    size_t *keep = NULL, i, n, round;
    int rc = JT_OK, v;
    keep = jt_malloc(sh->n * sizeof *keep);
    if (!keep)
        return jt_error_set(sh->err, JT_ENOMEM, 0, "out of memory");
    for (round = 0; round < 2 && rc == JT_OK; round++) {
        n = sh->n;
        for (i = 0; i < n; i++)
            keep[i] = i;
        rc = jt_shrink_ddmin(keep, &n, ddmin_test, sh, &sh->budget);
        if (rc < 0)
            break;
        for (i = 0; i < n; i++)
            sh->cand[i] = sh->steps[keep[i]];
        rc = engine_run(sh->e, sh->cand, n, &v, sh->err);
        if (rc < 0)
            break;
        JT_ASSERT(v == DIFFER);
        sh->n = sh->e->diff_at + 1;
        memcpy(sh->steps, sh->cand, sh->n * sizeof *sh->steps);
        if (round == 0)
            rc = shrink_values(sh);
    }
    free(keep);
    if (rc == JT_ENOMEM)
        return jt_error_set(sh->err, JT_ENOMEM, 0, "out of memory");
    return rc;
}

/* ---- the case file ------------------------------------------------------------------- */

static const char *covers_of(const step *steps, size_t n, char *buf, size_t size) {
    int priv = 0, bulk = 0, show = 0, resume = 0, schema = 0, syntax = 0, id = 0;
    size_t i, k;
    for (i = 0; i < n; i++) {
        const step *s = &steps[i];
        if (s->kind == K_JOB) {
            schema |= !s->partial && s->type == N_TYPES - 1;
            id |= s->id > 2147483647LL;
            continue;
        }
        if (s->kind != K_SQL)
            continue;
        priv |= s->user != 0;
        show |= s->form == F_QUERY_IDS || s->form == F_QUERY_SHOW;
        bulk |= s->form == F_VALUES || s->form == F_BY_USER || s->form == F_BY_STATUS ||
                s->form == F_BY_TYPE;
        resume |= s->form != F_QUERY_IDS && s->form != F_QUERY_SHOW && s->op == 1;
        syntax |= s->form == F_PREPARE || s->form == F_EXECUTE || s->style != 0;
        for (k = 0; k < s->nids; k++)
            id |= s->ids[k] > 2147483647LL;
    }
    snprintf(buf, size, "covers PJ-STATES%s%s%s%s%s%s%s", bulk ? " PJ-BULK PJ-ATOMIC" : "",
             priv ? " PJ-PRIV" : "", resume ? " PJ-RESUME" : "", schema ? " PJ-NOSCHEMA" : "",
             show ? " PJ-SHOW" : "", syntax ? " PJ-SYNTAX" : "", id ? " PJ-ID" : "");
    return buf;
}

/* The scenario as a case file, its expectations from the model. */
static int render_case(jt_strbuf *sb, engine *e, const step *steps, size_t n, const char *header,
                       jt_error *err) {
    const char *session = "root";
    char covers[128], sql[SQL_MAX];
    size_t i;
    int rc;
    jt_model_reset(e->m);
    rc = jt_strbuf_addf(sb, "%s\n%s\n", header, covers_of(steps, n, covers, sizeof covers));
    for (i = 0; i < n && rc == JT_OK; i++) {
        const step *s = &steps[i];
        jt_result res;
        rc = jt_strbuf_add(sb, "\n", 1);
        if (rc < 0)
            break;
        if (s->kind != K_SQL) {
            jt_fixture fx;
            fixture_of(&fx, s);
            rc = jt_model_fixture(e->m, &fx, err);
            if (rc == JT_OK)
                rc = render_fixture(sb, s);
            continue;
        }
        if (strcmp(session, user_names[s->user]) != 0) {
            session = user_names[s->user];
            rc = jt_strbuf_addf(sb, "user %s\n\n", session);
            if (rc < 0)
                break;
        }
        render_sql(sql, sizeof sql, s);
        rc = jt_model_exec(e->m, session, sql, &res, err);
        if (rc < 0)
            return rc;
        rc = jt_casewrite_expect(sb, sql, &res);
        jt_result_dispose(&res);
    }
    if (rc == JT_ENOMEM || rc == JT_ELIMIT)
        return jt_error_set(err, rc, 0, "the case file: %s", jt_strerror(rc));
    return rc;
}

/* Replays the written file with the runner, as `jobtck run` would: its failing records. */
static int replay(size_t *failed_out, const jt_sim_config *cfg, const char *path, jt_error *err) {
    jt_runner_config rc_cfg;
    jt_runner *r = NULL;
    int rc;
    memset(&rc_cfg, 0, sizeof rc_cfg);
    rc_cfg.profile = cfg->profile;
    rc = jt_session_open_again(&rc_cfg.session, cfg->session, err);
    if (rc == JT_OK)
        rc = jt_runner_new(&r, &rc_cfg, err);
    if (rc < 0)
        return rc;
    rc = jt_runner_run_path(r, path, err);
    if (rc == JT_OK) {
        const jt_run_result *run = jt_runner_result(r);
        *failed_out = run->failed;
        if (run->errors)
            rc = jt_error_set(err, JT_EPARSE, 0, "%s: the written case does not read back: %s",
                              path, run->nfiles && run->files[0].error ? run->files[0].error : "?");
    }
    jt_runner_free(r);
    return rc;
}

static void print_lines(FILE *out, const char *indent, const char *text) {
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        fprintf(out, "%s%.*s\n", indent, (int)n, text);
        text += n + (nl ? 1 : 0);
    }
}

static void describe_step(char *buf, size_t size, const step *s) {
    char sql[SQL_MAX];
    if (s->kind == K_SQL) {
        render_sql(sql, sizeof sql, s);
        snprintf(buf, size, "%s (as %s)", sql, user_names[s->user]);
    } else {
        jt_strbuf sb;
        jt_strbuf_init(&sb, size - 1);
        if (render_fixture(&sb, s) == JT_OK && sb.len > 0) {
            sb.data[sb.len - 1] = '\0';
            snprintf(buf, size, "%s", sb.data);
        } else {
            snprintf(buf, size, "fixture");
        }
        jt_strbuf_dispose(&sb);
    }
}

/* Shrinks steps[0 .. n) to the fewest that still differ: their count in out->shrunk. */
static int shrink_found(jt_sim_report *out, engine *e, step *steps, size_t n,
                        const jt_sim_config *cfg, jt_error *err) {
    FILE *o = cfg->out;
    char what[SQL_MAX + 64];
    shrinker sh;
    size_t i;
    int rc;
    memset(&sh, 0, sizeof sh);
    sh.e = e;
    sh.steps = steps;
    sh.n = n;
    sh.cand = jt_calloc(n, sizeof *sh.cand);
    sh.budget = cfg->max_trials ? cfg->max_trials : DEFAULT_TRIALS;
    sh.err = err;
    if (!sh.cand)
        return nomem(err);
    rc = shrink(&sh);
    free(sh.cand);
    if (rc < 0)
        return rc;
    out->shrunk = sh.n;
    out->trials = sh.trials;
    if (o) {
        fprintf(o, "shrunk from %zu to %zu record%s in %zu runs%s:\n", n, sh.n,
                sh.n == 1 ? "" : "s", sh.trials, sh.budget ? "" : " (budget spent)");
        for (i = 0; i < sh.n; i++) {
            describe_step(what, sizeof what, &steps[i]);
            fprintf(o, "  %s\n", what);
        }
        print_lines(o, "  ", e->diff);
    }
    return JT_OK;
}

/* Writes the shrunk steps as a case file of the model's expectations, then replays it. */
static int write_found(jt_sim_report *out, engine *e, step *steps, const jt_sim_config *cfg,
                       jt_error *err) {
    FILE *o = cfg->out;
    const char *spec = cfg->driver_spec ? cfg->driver_spec : jt_session_spec(cfg->session);
    char header[1024];
    jt_strbuf sb;
    int rc;
    snprintf(header, sizeof header,
             "# jobtck sim --seed %llu: driver %s differs from the model (%s).\n"
             "# Shrunk from %zu records to %zu. The expectations are the model's.\n"
             "# Replay: jobtck run --driver %s FILE",
             (unsigned long long)cfg->seed, spec, jt_profile_name(jt_profile_find(cfg->profile)),
             out->original, out->shrunk, spec);
    jt_strbuf_init(&sb, JT_LIMIT_SQL * 4);
    rc = render_case(&sb, e, steps, out->shrunk, header, err);
    if (rc == JT_OK)
        rc = jt_casewrite_atomic(out->case_path, sb.data, sb.len, err);
    jt_strbuf_dispose(&sb);
    if (rc < 0)
        return rc;
    rc = replay(&out->replay_failures, cfg, out->case_path, err);
    if (rc < 0)
        return rc;
    if (o) {
        fprintf(o, "wrote %s (%zu failing record%s on replay)\n", out->case_path,
                out->replay_failures, out->replay_failures == 1 ? "" : "s");
        fprintf(o, "replay: jobtck run --driver %s%s%s %s\n", spec,
                cfg->profile ? " --profile " : "", cfg->profile ? cfg->profile : "",
                out->case_path);
    }
    return JT_OK;
}

/* The difference found in steps[0 .. n): shrink, write, replay, report. */
static int found(jt_sim_report *out, engine *e, step *steps, size_t n, const jt_sim_config *cfg,
                 jt_error *err) {
    FILE *o = cfg->out;
    char what[SQL_MAX + 64];
    int rc;
    out->found = 1;
    out->original = n;
    snprintf(out->message, sizeof out->message, "%s", e->diff);
    if (strchr(out->message, '\n'))
        *strchr(out->message, '\n') = '\0';
    if (out->case_path[0] == '\0')
        snprintf(out->case_path, sizeof out->case_path, "sim-%llu.test",
                 (unsigned long long)cfg->seed);
    describe_step(what, sizeof what, &steps[n - 1]);
    if (o) {
        fprintf(o, "difference at record %llu (record %zu of scenario %llu): %s\n",
                (unsigned long long)out->diff_step, n, (unsigned long long)out->scenarios, what);
        print_lines(o, "  ", e->diff);
    }
    rc = shrink_found(out, e, steps, n, cfg, err);
    return rc < 0 ? rc : write_found(out, e, steps, cfg, err);
}

int jt_sim_run(jt_sim_report *out, const jt_sim_config *cfg, jt_error *err) {
    FILE *o = cfg->out;
    step *steps = NULL;
    engine e;
    gen g;
    int rc, v = SAME;
    memset(out, 0, sizeof *out);
    if (cfg->case_path)
        snprintf(out->case_path, sizeof out->case_path, "%s", cfg->case_path);
    if (o) {
        fprintf(o, "seed %llu\n", (unsigned long long)cfg->seed);
        fflush(o);
    }
    rc = engine_open(&e, cfg, err);
    if (rc < 0)
        goto out;
    steps = jt_calloc(MAX_LEN, sizeof *steps);
    if (!steps) {
        rc = nomem(err);
        goto out;
    }
    if (o)
        fprintf(o, "%llu records: driver %s against the model (%s)\n",
                (unsigned long long)cfg->steps,
                cfg->driver_spec ? cfg->driver_spec : jt_session_spec(e.s),
                jt_profile_name(jt_profile_find(cfg->profile)));
    prng_seed(&g.rng, cfg->seed);
    while (out->steps < cfg->steps && v != DIFFER) {
        size_t len = MIN_LEN + below(&g.rng, MAX_LEN - MIN_LEN + 1), n;
        if (len > cfg->steps - out->steps)
            len = (size_t)(cfg->steps - out->steps);
        out->scenarios++;
        gen_start(&g);
        rc = engine_restart(&e, err);
        if (rc < 0)
            goto out;
        for (n = 0; n < len && v == SAME; n++) {
            gen_step(&g, &steps[n], e.m);
            rc = engine_step(&e, n, &steps[n], &v, err);
            if (rc < 0)
                goto out;
            JT_ASSERT(v != INVALID); /* the generator makes only records the model takes */
            out->steps++;
            if (steps[n].kind != K_SQL)
                out->fixtures++;
            else if (steps[n].form >= F_QUERY_IDS)
                out->queries++;
            else
                out->statements++;
        }
        if (v == DIFFER) {
            out->diff_step = out->steps;
            rc = found(out, &e, steps, n, cfg, err);
            goto out;
        }
    }
    if (o)
        fprintf(o,
                "no difference in %llu records (%llu scenarios: %llu fixtures, %llu statements, "
                "%llu queries)\n",
                (unsigned long long)out->steps, (unsigned long long)out->scenarios,
                (unsigned long long)out->fixtures, (unsigned long long)out->statements,
                (unsigned long long)out->queries);
out:
    free(steps);
    engine_close(&e);
    if (o)
        fflush(o);
    return rc;
}
