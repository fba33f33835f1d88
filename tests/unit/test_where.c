/* Check suite of model/where.c, differential: WHERE clauses the model answers from its indexes
   and tables of accepted codes (`=`, `<>`, IN and NOT IN over status, job_type and user_name;
   `=`, IN and ranges `<`, `<=`, `>`, `>=` over the id, either side; ANDs of these, ORs over
   one column) against the same clause evaluated on every job: `WHERE id = id AND (clause)`,
   which is never compiled, every WHERE of a subquery wrapped the same way. Thousands of
   generated clauses, the compiled forms and their near misses (NOT IN and `<>` over the id, ids
   near both ends of INT, ids as strings, decimals and beyond INT, NULL, unknown names, other
   types, OR across columns, NOT, parentheses, subqueries, placeholders), on SHOW JOBS,
   crdb_internal.jobs, system.jobs and SHOW CHANGEFEED JOBS, as admins and as other users,
   through jt_model_exec, a cursor and PREPARE/EXECUTE, on models whose jobs move, are added,
   are copied (jt_model_clone) and reset, under three profiles (the loop's index, 0 to 2, names
   one).
   Both must give the same error (SQLSTATE and message) or the same rows in the same order. A
   difference names the seed, the profile, the clause's number and its text:
   JT_WHERE_SEED=<seed> replays the same run, JT_WHERE_COUNT=<n> runs another number. */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"
#include "rng.h" /* random numbers, shared by the generated suites */

#define SEED 0x5eed0f3e7e5ea11du
#define COUNT 1500u /* clauses for each profile */
#define JOBS 40     /* the jobs a world starts with */
#define MAX_IDS 128 /* the ids a world keeps for its constants */
#define TEXT 16384  /* a clause's text */
#define OUT 16384   /* a result as text */

static const char *const profiles[] = {"v2.1", "v20.2", "v25.3"};

/* The users: root and alice are admins; carol and dave own few jobs (the owners' index answers
   a clause over them). */
static const char *const users[] = {"root", "alice", "testuser", "maxroach", "carol", "dave"};

/* ---- the world: a model, its jobs' ids, its profile's names ----------------------------- */

typedef struct world {
    jt_model *m;
    const jt_profile *p;
    int64_t ids[MAX_IDS]; /* the ids of its jobs (the first MAX_IDS) */
    size_t nids;
    const char *statuses[JT_ST_COUNT], *types[JT_TY_COUNT];
    size_t nstatuses, ntypes;
    int changefeeds; /* whether the profile has SHOW CHANGEFEED JOBS */
} world;

static void fixture(jt_model *m, const jt_fixture *fx) {
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_model_fixture(m, fx, &err) == 0, "fixture %s %" PRId64 ": %s",
                  fx->name ? fx->name : "job", fx->id, err.message);
}

static void user(jt_model *m, const char *name, int admin) {
    jt_fixture fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_USER;
    fx.name = name;
    fx.admin = admin;
    fixture(m, &fx);
}

/* Ids of every size: small ones, near 2^63 - 1, powers of two and any positive one. */
static int64_t random_id(rng *r) {
    switch (below(r, 6)) {
    case 0:
    case 1:
        return 1 + (int64_t)below(r, 80);
    case 2:
        return INT64_MAX - (int64_t)below(r, 40);
    case 3:
        return (int64_t)(next(r) >> 1) | 1;
    case 4:
        return ((int64_t)1 << (20 + below(r, 42))) + (int64_t)below(r, 3) - 1;
    default:
        return 1000 + (int64_t)below(r, 100000);
    }
}

/* Job id (made, or moved when it exists: the owners' index is then stale until a reset) of a
   random type, status and owner of the profile. */
static void random_job(world *w, rng *r, int64_t id) {
    static const unsigned owner_weights[] = {7, 4, 5, 6, 1, 1}; /* of users[], out of 24 */
    unsigned k = below(r, 24), u = 0;
    jt_fixture fx;
    size_t i;
    while (k >= owner_weights[u])
        k -= owner_weights[u++];
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = w->types[below(r, (unsigned)w->ntypes)];
    fx.status = w->statuses[below(r, (unsigned)w->nstatuses)];
    fx.user = users[u];
    fx.error = strcmp(fx.status, "failed") == 0 ? "boom" : NULL;
    fixture(w->m, &fx);
    for (i = 0; i < w->nids && w->ids[i] != id; i++)
        ;
    if (i == w->nids && w->nids < MAX_IDS)
        w->ids[w->nids++] = id;
}

/* An id no job of w has. */
static int64_t fresh_id(const world *w, rng *r) {
    for (;;) {
        int64_t id = random_id(r);
        size_t i;
        for (i = 0; i < w->nids && w->ids[i] != id; i++)
            ;
        if (i == w->nids)
            return id;
    }
}

/* The users, and JOBS jobs: the ids at both ends of the range, then random ones. */
static void populate(world *w, rng *r) {
    size_t k;
    user(w->m, "alice", 1);
    user(w->m, "maxroach", 0);
    user(w->m, "carol", 0);
    user(w->m, "dave", 0);
    w->nids = 0;
    random_job(w, r, INT64_MAX);
    random_job(w, r, 1);
    for (k = 2; k < JOBS; k++)
        random_job(w, r, fresh_id(w, r));
}

static void world_start(world *w, const char *profile, rng *r) {
    jt_result res;
    jt_error err;
    size_t k;
    int rc;
    memset(w, 0, sizeof *w);
    memset(&err, 0, sizeof err);
    w->p = jt_profile_find(profile);
    ck_assert_msg(w->p != NULL, "no profile %s", profile);
    ck_assert_msg(jt_model_new(&w->m, w->p, &err) == 0, "jt_model_new: %s", err.message);
    for (k = 0; k < JT_ST_COUNT; k++)
        if (w->p->status_names[k])
            w->statuses[w->nstatuses++] = w->p->status_names[k];
    for (k = 0; k < JT_TY_COUNT; k++)
        if (w->p->type_names[k])
            w->types[w->ntypes++] = w->p->type_names[k];
    ck_assert(w->nstatuses > 0 && w->ntypes > 0);
    populate(w, r);
    rc = jt_model_exec(w->m, "root", "SELECT job_id FROM [SHOW CHANGEFEED JOBS]", &res, &err);
    ck_assert_msg(rc == 0, "SHOW CHANGEFEED JOBS: %s", err.message);
    w->changefeeds = !res.failed;
    jt_result_dispose(&res);
}

/* The model replaced by its copy (which makes its own tables' columns), or reset and filled
   again; or a job moved (to another owner, often) and one added; or jobs added. */
static void world_change(world *w, rng *r) {
    jt_model *copy = NULL;
    jt_error err;
    unsigned k = below(r, 8);
    memset(&err, 0, sizeof err);
    if (k == 0) {
        ck_assert_msg(jt_model_clone(w->m, &copy, &err) == 0, "jt_model_clone: %s", err.message);
        jt_model_free(w->m);
        w->m = copy;
    } else if (k == 1) {
        jt_model_reset(w->m);
        populate(w, r);
    } else if (k == 2) {
        random_job(w, r, w->ids[below(r, (unsigned)w->nids)]);
        random_job(w, r, fresh_id(w, r));
    } else {
        random_job(w, r, fresh_id(w, r));
        random_job(w, r, fresh_id(w, r));
    }
}

/* ---- clauses -------------------------------------------------------------------------- */

/* The texts a clause is made in: as run (TA), as the reference (TB: every WHERE of a subquery
   wrapped in `id = id AND (…)`), and as prepared (TP: some constants placeholders). */
enum { TA, TB, TP, NT };

typedef struct gen {
    rng *r;
    const world *w;
    const char *source, *id; /* FROM's table, and its id column ("id" in system.jobs) */
    int system;              /* system.jobs: no job_type, no user_name */
    int changefeed;          /* SHOW CHANGEFEED JOBS: no job_type */
    int tame;                /* compiled forms only: no near miss */
    char t[NT][TEXT];
    size_t n[NT];
    char last[64];   /* the last id constant: IN lists name some twice */
    char args[TEXT]; /* EXECUTE's arguments: the placeholders' constants */
    size_t nargs;
    int nparams;
} gen;

static void put_to(gen *g, int which, const char *s) {
    size_t len = strlen(s);
    ck_assert_msg(g->n[which] + len < TEXT, "a clause longer than %d bytes", TEXT);
    memcpy(g->t[which] + g->n[which], s, len + 1);
    g->n[which] += len;
}

static void put(gen *g, const char *s) {
    int k;
    for (k = 0; k < NT; k++)
        put_to(g, k, s);
}

/* A constant; in TP a placeholder when param_ok (sometimes), its text then EXECUTE's. */
static void constant(gen *g, const char *text, int param_ok) {
    char ph[16];
    size_t len = strlen(text);
    if (!param_ok || g->nparams >= 9 || below(g->r, 3) != 0 || g->nargs + len + 3 >= TEXT) {
        put(g, text);
        return;
    }
    snprintf(ph, sizeof ph, "$%d", ++g->nparams);
    put_to(g, TA, text);
    put_to(g, TB, text);
    put_to(g, TP, ph);
    if (g->nargs) {
        memcpy(g->args + g->nargs, ", ", 2);
        g->nargs += 2;
    }
    memcpy(g->args + g->nargs, text, len + 1);
    g->nargs += len;
}

/* An id constant: mostly a job's id or next to one; else an end of INT, beyond it, negative,
   a string, a decimal, NULL, a string that is no integer. */
static void id_constant(gen *g) {
    int64_t id = g->w->ids[below(g->r, (unsigned)g->w->nids)];
    unsigned k = below(g->r, 48);
    char buf[64];
    static const char *const odd[] = {"9223372036854775807",
                                      "-9223372036854775808",
                                      "9223372036854775806",
                                      "0",
                                      "-1",
                                      "-9223372036854775807",
                                      "9223372036854775808",
                                      "-9223372036854775809",
                                      "18446744073709551616",
                                      "NULL",
                                      "'x'",
                                      "'9223372036854775808'",
                                      "1e2",
                                      "'-5'",
                                      "'9223372036854775807'"};
    if (g->tame && k >= 36) /* an id as a string, or an end of INT */
        k = k < 38 ? 36 : 39;
    if (k < 26)
        snprintf(buf, sizeof buf, "%" PRId64, id);
    else if (k < 30)
        snprintf(buf, sizeof buf, "%" PRId64, id < INT64_MAX ? id + 1 : id);
    else if (k < 33)
        snprintf(buf, sizeof buf, "%" PRId64, id - 1);
    else if (k < 36)
        snprintf(buf, sizeof buf, "%u", below(g->r, 100));
    else if (k < 38)
        snprintf(buf, sizeof buf, "'%" PRId64 "'", id);
    else if (k < 39)
        snprintf(buf, sizeof buf, "%" PRId64 ".%u", id % 1000000, below(g->r, 2) * 5);
    else {
        g->last[0] = '\0';
        constant(g, odd[below(g->r, g->tame ? 4 : sizeof odd / sizeof odd[0])], 0);
        return;
    }
    memcpy(g->last, buf, sizeof g->last);
    constant(g, buf, k < 36);
}

/* The names of the string columns the compiled forms cover. */
enum { C_STATUS, C_TYPE, C_USER, C_COUNT };
static const char *const columns[] = {"status", "job_type", "user_name"};

/* name quoted, in upper (1) or lower (2) case or as it is (0). */
static void quoted(char *buf, size_t size, const char *name, int cased) {
    size_t n = 0;
    buf[n++] = '\'';
    for (; *name && n + 3 < size; name++) {
        char c = *name;
        if (cased == 1 && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if (cased == 2 && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == '\'')
            buf[n++] = '\'';
        buf[n++] = c;
    }
    buf[n++] = '\'';
    buf[n] = '\0';
}

/* A constant for a string column: mostly a name the column can hold (a status or type of the
   profile, a user; or a user without jobs); else another case, a name of no job, NULL, an
   integer. */
static void string_constant(gen *g, int col) {
    static const char *const odd[] = {
        "NULL", "''", "'nosuch'", "5", "'it''s'", "'revert-failed'", "'AUTO CREATE STATS'"};
    const world *w = g->w;
    unsigned k = below(g->r, g->tame ? 37 : 40);
    const char *name;
    char buf[128];
    if (k >= 37) {
        constant(g, odd[below(g->r, sizeof odd / sizeof odd[0])], 0);
        return;
    }
    if (col == C_STATUS)
        name = w->statuses[below(g->r, (unsigned)w->nstatuses)];
    else if (col == C_TYPE)
        name = w->types[below(g->r, (unsigned)w->ntypes)];
    else
        name = below(g->r, 8) ? users[below(g->r, 6)] : "nobody";
    quoted(buf, sizeof buf, name, k < 33 ? 0 : (int)(k - 32) % 3);
    constant(g, buf, k < 33);
}

static const char *const ops[] = {"=", "<>", "!=", "<", "<=", ">", ">="};

/* A list of 1 to 4 constants of the column (C_COUNT: the id), after IN or NOT IN. */
static void in_list(gen *g, int col, int negate) {
    unsigned k, n = 1 + below(g->r, 4);
    char first[64] = "";
    put(g, negate ? " NOT IN (" : " IN (");
    for (k = 0; k < n; k++) {
        if (k == 1)
            memcpy(first, g->last, sizeof first);
        if (k)
            put(g, ", ");
        if (col == C_COUNT && k && first[0] && below(g->r, 4) == 0)
            constant(g, first, 0); /* an id named twice, apart */
        else if (col == C_COUNT)
            id_constant(g);
        else
            string_constant(g, col);
    }
    put(g, ")");
}

/* A comparison of the id: =, <>, !=, the four of a range (the constant on either side), IN or
   NOT IN. */
static void id_leaf(gen *g) {
    unsigned k = below(g->r, 9);
    if (g->tame && (k == 1 || k == 2 || k == 8)) /* <>, != and NOT IN over the id: never compiled */
        k = k == 8 ? 7 : 0;
    if (k >= 7) {
        put(g, g->id);
        in_list(g, C_COUNT, k == 8);
    } else if (below(g->r, 4) == 0) {
        id_constant(g);
        put(g, " ");
        put(g, ops[k]);
        put(g, " ");
        put(g, g->id);
    } else {
        put(g, g->id);
        put(g, " ");
        put(g, ops[k]);
        put(g, " ");
        id_constant(g);
    }
}

/* A comparison of a string column: =, <>, !=, IN, NOT IN; rarely < or >= (never compiled). */
static void string_leaf(gen *g, int col) {
    unsigned k = below(g->r, g->tame ? 22 : 24);
    if (k >= 10 && k < 22) {
        put(g, columns[col]);
        in_list(g, col, k >= 15);
        return;
    }
    k = k < 6 ? 0 : k < 9 ? 1 : k == 9 ? 2 : k == 22 ? 3 : 6;
    if (below(g->r, 5) == 0) {
        string_constant(g, col);
        put(g, " ");
        put(g, ops[k]);
        put(g, " ");
        put(g, columns[col]);
    } else {
        put(g, columns[col]);
        put(g, " ");
        put(g, ops[k]);
        put(g, " ");
        string_constant(g, col);
    }
}

static int random_column(gen *g) {
    if (g->system)
        return C_STATUS;
    if (g->changefeed)
        return below(g->r, 2) ? C_STATUS : C_USER;
    return (int)below(g->r, C_COUNT);
}

static void clause(gen *g, int depth, int sub);

/* `id IN (SELECT id FROM source WHERE …)`: its WHERE compiled in TA, wrapped in TB. */
static void subquery_leaf(gen *g, int depth) {
    put(g, g->id);
    put(g, below(g->r, 3) ? " IN (SELECT " : " NOT IN (SELECT ");
    put(g, g->id);
    put(g, " FROM ");
    put(g, g->source);
    put(g, " WHERE ");
    put_to(g, TB, g->id);
    put_to(g, TB, " = ");
    put_to(g, TB, g->id);
    put_to(g, TB, " AND (");
    clause(g, depth, 0);
    put_to(g, TB, ")");
    put(g, ")");
}

/* A leaf of no compiled form: IS NULL, a boolean constant, NULL, LIKE, an unknown column, a
   column of another type, a negated id, a subquery. */
static void other_leaf(gen *g, int depth, int sub) {
    static const char *const sys[] = {"NULL",
                                      "TRUE",
                                      "FALSE",
                                      "id IS NULL",
                                      "status IS NOT NULL",
                                      "nosuch = 1",
                                      "status LIKE 'r%'",
                                      "-id < -5",
                                      "created IS NOT NULL",
                                      "job_type = 'IMPORT'"};
    static const char *const shown[] = {"NULL",
                                        "TRUE",
                                        "FALSE",
                                        "job_id IS NULL",
                                        "user_name IS NOT NULL",
                                        "nosuch = 1",
                                        "status LIKE 'r%'",
                                        "-job_id < -5",
                                        "description LIKE '%a%'",
                                        "error = ''",
                                        "job_type IN (SELECT 'IMPORT')",
                                        "NOT job_id = 1"};
    unsigned k = below(g->r, 14);
    if (sub && k >= 12) {
        subquery_leaf(g, depth);
        return;
    }
    if (g->system)
        put(g, sys[k % (sizeof sys / sizeof sys[0])]);
    else
        put(g, shown[k % (sizeof shown / sizeof shown[0])]);
}

static void leaf(gen *g, int depth, int sub) {
    unsigned k = below(g->r, g->tame ? 93 : 100);
    if (k < 40)
        id_leaf(g);
    else if (k < 93)
        string_leaf(g, random_column(g));
    else
        other_leaf(g, depth, sub);
}

/* A clause: a leaf, or (depth > 0) an AND, an OR over one string column or any OR, a NOT,
   parentheses (tame, a third of them: the compiled forms alone). sub: subqueries may be made. */
static void clause(gen *g, int depth, int sub) {
    unsigned k = below(g->r, 100);
    if (g->tame && k >= 78 && k < 93) /* an OR across columns, a NOT: an AND */
        k = 50;
    if (depth == 0 || k < 30) {
        leaf(g, depth, sub);
    } else if (k < 70) {
        clause(g, depth - 1, sub);
        put(g, " AND ");
        clause(g, depth - 1, sub);
    } else if (k < 78) {
        int col = random_column(g);
        string_leaf(g, col);
        put(g, " OR ");
        string_leaf(g, col);
    } else if (k < 86) {
        clause(g, depth - 1, sub);
        put(g, " OR ");
        clause(g, depth - 1, sub);
    } else if (k < 93) {
        if (below(g->r, 2)) {
            put(g, "NOT ");
            leaf(g, depth - 1, sub);
        } else {
            put(g, "NOT (");
            clause(g, depth - 1, sub);
            put(g, ")");
        }
    } else {
        put(g, "(");
        clause(g, depth - 1, sub);
        put(g, ")");
    }
}

/* ---- running and comparing ------------------------------------------------------------ */

static void add(char *buf, size_t *n, const char *s) {
    size_t len = strlen(s);
    ck_assert_msg(*n + len < OUT, "a result longer than %d bytes", OUT);
    memcpy(buf + *n, s, len + 1);
    *n += len;
}

static void rows_text(const jt_result *r, char *buf, size_t *n) {
    size_t i, k;
    for (i = 0; i < r->nrows; i++)
        for (k = 0; k < r->ncols; k++) {
            const char *v = r->values[i * r->ncols + k];
            add(buf, n, k ? "|" : " ");
            add(buf, n, v ? v : "NULL");
        }
}

/* A result as text: "error", its SQLSTATE and message; or "ok:" and its rows. */
static void result_text(const jt_result *r, char *buf) {
    size_t n = 0;
    buf[0] = '\0';
    if (r->failed) {
        add(buf, &n, "error ");
        add(buf, &n, r->sqlstate);
        add(buf, &n, ": ");
        add(buf, &n, r->message ? r->message : "");
        return;
    }
    add(buf, &n, "ok:");
    rows_text(r, buf, &n);
}

static void exec(jt_model *m, const char *who, const char *sql, char *out) {
    jt_result r;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_model_exec(m, who, sql, &r, &err);
    ck_assert_msg(rc == 0, "%s as %s: jt_model_exec %d: %s", sql, who, rc, err.message);
    result_text(&r, out);
    jt_result_dispose(&r);
}

/* sql through a cursor (serve's portals), its rows fetched one to seven at a time. */
static void exec_cursor(jt_model *m, const char *who, const char *sql, rng *r, char *out) {
    jt_model_cursor *c = NULL;
    jt_result head, batch;
    jt_error err;
    size_t n;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_model_open(m, NULL, who, NULL, sql, NULL, 0, &c, &head, &err) == 0,
                  "%s as %s: jt_model_open: %s", sql, who, err.message);
    result_text(&head, out);
    n = strlen(out);
    while (c && !jt_model_cursor_done(c)) {
        int failed;
        ck_assert_msg(jt_model_fetch(c, 1 + below(r, 7), &batch, &err) == 0,
                      "%s as %s: jt_model_fetch: %s", sql, who, err.message);
        failed = batch.failed;
        if (failed)
            result_text(&batch, out);
        else
            rows_text(&batch, out, &n);
        jt_result_dispose(&batch);
        if (failed)
            break;
    }
    jt_model_close(c);
    jt_result_dispose(&head);
}

/* PREPARE of select, then its EXECUTE with args (its placeholders' constants): the first
   error, or EXECUTE's rows. */
static void exec_prepared(jt_model *m, const char *who, const char *select, const char *args,
                          char *out) {
    static char sql[2 * TEXT], done[OUT];
    snprintf(sql, sizeof sql, "PREPARE jt_where_p AS %s", select);
    exec(m, who, sql, out);
    if (strncmp(out, "ok:", 3) != 0)
        return;
    if (*args)
        snprintf(sql, sizeof sql, "EXECUTE jt_where_p(%s)", args);
    else
        snprintf(sql, sizeof sql, "EXECUTE jt_where_p");
    exec(m, who, sql, out);
    exec(m, who, "DEALLOCATE jt_where_p", done);
    ck_assert_msg(strncmp(done, "ok:", 3) == 0, "DEALLOCATE as %s: %s", who, done);
}

/* The sources: system.jobs (2) has other columns, SHOW CHANGEFEED JOBS (3) no job_type. */
static const char *const sources[] = {"[SHOW JOBS]", "crdb_internal.jobs", "system.jobs",
                                      "[SHOW CHANGEFEED JOBS]"};

/* A generated run: its world, its random numbers, what its results were. */
typedef struct run {
    world w;
    rng r;
    uint64_t seed;
    const char *profile;
    size_t ok, rows, failed;
} run;

static void gen_start(gen *g, run *x, unsigned source) {
    memset(g, 0, sizeof *g);
    g->r = &x->r;
    g->w = &x->w;
    g->source = sources[source];
    g->system = source == 2;
    g->changefeed = source == 3;
    g->id = g->system ? "id" : "job_id";
}

/* Clause i: made; run as written (by jt_model_exec, a cursor or PREPARE and EXECUTE) and as
   the reference; both results the same. */
static void check_clause(run *x, size_t i) {
    static char a[OUT], b[OUT], sql[NT][TEXT + 128];
    static gen g;
    static const unsigned source_of[] = {0, 0, 0, 1, 1, 1, 2, 2, 3};
    unsigned mode = below(&x->r, 8), source = source_of[below(&x->r, 9)], u = below(&x->r, 8);
    const char *who;
    int k;
    /* root half the time; where only admins may read (system.jobs, SHOW JOBS of some
       versions), the others rarely: they get the same error each time */
    if ((source == 2 || x->w.p->show_admin_only) && below(&x->r, 4))
        u = u % 2 ? 4 : 0;
    who = users[u < 4 ? 0 : u - 3];
    if (source == 3 && !x->w.changefeeds)
        source = 0;
    gen_start(&g, x, source);
    g.tame = below(&x->r, 3) == 0;
    clause(&g, 3, 1);
    for (k = 0; k < NT; k++)
        snprintf(sql[k], sizeof sql[k], "SELECT %s, status FROM %s WHERE %s%s%s%s%s", g.id,
                 g.source, k == TB ? g.id : "", k == TB ? " = " : "", k == TB ? g.id : "",
                 k == TB ? " AND (" : "", g.t[k]);
    ck_assert(strlen(sql[TB]) + 1 < sizeof sql[TB]);
    strcat(sql[TB], ")");
    exec(x->w.m, who, sql[TB], b);
    if (mode == 0)
        exec_cursor(x->w.m, who, sql[TA], &x->r, a);
    else if (mode == 1)
        exec_prepared(x->w.m, who, sql[TP], g.args, a);
    else
        exec(x->w.m, who, sql[TA], a);
    ck_assert_msg(strcmp(a, b) == 0,
                  "seed %#" PRIx64 ", profile %s, clause %zu as %s (%s):\n  %s%s%s\n"
                  "  as written: %.800s\n  evaluated:  %.800s",
                  x->seed, x->profile, i, who,
                  mode == 0   ? "cursor"
                  : mode == 1 ? "PREPARE/EXECUTE"
                              : "exec",
                  sql[mode == 1 ? TP : TA], mode == 1 ? "\n  EXECUTE's arguments: " : "",
                  mode == 1 ? g.args : "", a, b);
    x->failed += a[0] == 'e';
    x->ok += a[0] == 'o';
    x->rows += a[0] == 'o' && a[3] != '\0';
}

/* ---- tests ---------------------------------------------------------------------------- */

START_TEST(generated_clauses) {
    uint64_t seed = env_or("JT_WHERE_SEED", SEED);
    size_t n = (size_t)env_or("JT_WHERE_COUNT", COUNT), i;
    run x;
    memset(&x, 0, sizeof x);
    x.seed = seed;
    x.profile = profiles[_i];
    x.r.s = mix(seed, (uint64_t)_i);
    world_start(&x.w, x.profile, &x.r);
    for (i = 0; i < n; i++) {
        check_clause(&x, i);
        if (i % 100 == 99) /* jobs moved and added, the model copied or reset */
            world_change(&x.w, &x.r);
    }
    if (getenv("JT_WHERE_VERBOSE"))
        printf("seed %#" PRIx64 ", profile %s: %zu clauses, %zu answered (%zu with rows), %zu "
               "errors\n",
               seed, x.profile, n, x.ok, x.rows, x.failed);
    /* not a run of errors alone: most clauses give rows or none, many give some */
    ck_assert_msg(x.ok * 2 >= n && x.rows * 4 >= n,
                  "seed %#" PRIx64 ", profile %s: %zu clauses, %zu answered (%zu with rows), %zu "
                  "errors",
                  seed, x.profile, n, x.ok, x.rows, x.failed);
    jt_model_free(x.w.m);
}
END_TEST

/* The edges, written out: each as written and as the reference, as root and as a user who
   sees only some jobs, on SHOW JOBS and crdb_internal.jobs, in a world of random jobs (ids 1
   and 2^63 - 1 among them, made in that order). */
static const char *const edge_clauses[] = {
    "job_id < -9223372036854775808",
    "job_id <= -9223372036854775808",
    "job_id > -9223372036854775808",
    "job_id >= -9223372036854775808",
    "job_id < 9223372036854775807",
    "job_id <= 9223372036854775807",
    "job_id > 9223372036854775807",
    "job_id >= 9223372036854775807",
    "job_id > 9223372036854775806 AND job_id < 9223372036854775807",
    "9223372036854775807 <= job_id",
    "-9223372036854775808 < job_id AND 9223372036854775807 > job_id",
    "job_id > 9223372036854775808",
    "job_id < -9223372036854775809",
    "job_id < 1 OR job_id > 9223372036854775806",
    "job_id > '9223372036854775806'",
    "job_id < '2'",
    "job_id <= 1.5",
    "job_id > 0.5 AND job_id < 2.0",
    "job_id > -1",
    "job_id < NULL",
    "NULL > job_id",
    "job_id IN (1, 9223372036854775807, 1)",
    "job_id IN (1, 9223372036854775807) AND job_id > 1",
    "job_id IN (1, 9223372036854775807) AND job_id < 9223372036854775807",
    "job_id = 1 AND job_id >= 1 AND job_id <= 1",
    "job_id > 5 AND job_id < 5",
    "job_id < 3 AND job_id <= 9223372036854775807",
    "job_id > 9223372036854775000 AND 1 <= job_id",
    "job_id NOT IN (1, 9223372036854775807)",
    "job_id <> 1",
    "status NOT IN ('running', NULL)",
    "status NOT IN ('running', 'paused') AND job_type NOT IN ('IMPORT', 'BACKUP')",
    "user_name NOT IN ('root') AND user_name NOT IN ('alice')",
    "user_name NOT IN ('root', 'alice', 'testuser', 'maxroach', 'carol')",
    "user_name IN ('carol', 'dave')",
    "user_name IN ('dave', 'nobody', 'carol') AND status NOT IN ('nosuch')",
    "user_name NOT IN ('nobody') AND user_name IN ('carol')",
    "user_name IN ('carol') AND job_id > 1",
    "status NOT IN ('RUNNING') OR status = 'running'",
    "status NOT IN (5)",
    "job_type NOT IN ('')",
    "NOT status NOT IN ('running')",
    "status NOT IN (SELECT 'running')",
    "job_id < (SELECT 3)",
    "job_id IN (SELECT job_id FROM [SHOW JOBS] WHERE job_id > 1 AND status NOT IN ('x'))",
};

/* A few answers known whatever the random jobs are (the ends' ids, 1 and 2^63 - 1, exist): so
   that the two ways cannot be wrong together. */
static void known_answers(jt_model *m) {
    static const char *const known[][2] = {
        {"job_id >= 9223372036854775807", "ok: 9223372036854775807"},
        {"9223372036854775806 < job_id", "ok: 9223372036854775807"},
        {"job_id > 9223372036854775806 AND job_id < 9223372036854775807", "ok:"},
        {"job_id < -9223372036854775808", "ok:"},
        {"job_id <= 1", "ok: 1"},
        {"1 >= job_id AND job_id > -9223372036854775808", "ok: 1"},
        {"job_id < '2' AND job_id IN (1, 9223372036854775807, 1)", "ok: 1"},
    };
    static char out[OUT], sql[TEXT];
    size_t k;
    for (k = 0; k < sizeof known / sizeof known[0]; k++) {
        snprintf(sql, sizeof sql, "SELECT job_id FROM crdb_internal.jobs WHERE %s", known[k][0]);
        exec(m, "root", sql, out);
        ck_assert_msg(strcmp(out, known[k][1]) == 0, "%s: %s, expected %s", sql, out, known[k][1]);
    }
}

START_TEST(edges) {
    static char a[OUT], b[OUT], sql[2][TEXT];
    const char *who;
    run x;
    size_t k, s;
    memset(&x, 0, sizeof x);
    x.r.s = mix(SEED, 99 + (uint64_t)_i);
    world_start(&x.w, profiles[_i], &x.r);
    known_answers(x.w.m);
    for (k = 0; k < sizeof edge_clauses / sizeof edge_clauses[0] * 2; k++) {
        const char *cond = edge_clauses[k / 2];
        who = k % 2 ? "maxroach" : "root";
        for (s = 0; s < 2; s++) { /* system.jobs's columns are others */
            snprintf(sql[0], sizeof sql[0], "SELECT job_id, status FROM %s WHERE %s", sources[s],
                     cond);
            snprintf(sql[1], sizeof sql[1],
                     "SELECT job_id, status FROM %s WHERE job_id = job_id AND (%s)", sources[s],
                     cond);
            exec(x.w.m, who, sql[0], a);
            exec(x.w.m, who, sql[1], b);
            ck_assert_msg(strcmp(a, b) == 0,
                          "profile %s, as %s: %s\n  as written: %.800s\n"
                          "  evaluated:  %.800s",
                          profiles[_i], who, sql[0], a, b);
        }
    }
    jt_model_free(x.w.m);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("where");
    TCase *tc = tcase_create("differential");
    size_t n = sizeof profiles / sizeof profiles[0];
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, edges, 0, (int)n);
    tcase_add_loop_test(tc, generated_clauses, 0, (int)n);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
