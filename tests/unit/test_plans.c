/* Check suite of the plan cache (model/plan.c, model/sql_shape.c), differential: a few thousand
   generated statements, many of one shape with other literals (integers of every length, beyond
   INT too, strings with '' escapes and of other lengths, decimals with exponents), each run on a
   model whose cache stays warm and on one whose cache is emptied before every statement (a fresh
   parse). Everything the results hold (error, SQLSTATE, message, position, tag, count, columns,
   types, values), the models' states after each statement and the expected tags of a warm
   jt_tag_memo must be the same, under three profiles' grammars (a failure of the generated run
   names its profile by the loop's index, 0 to 2). A difference names the seed and the
   statement's index:
   JT_PLANS_SEED=<seed> replays the same run (JT_PLANS_COUNT=<n> runs another number). */
#include <check.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/plan.h"
#include "model/internal/store.h"
#include "model/model.h"
#include "rng.h" /* random numbers, shared by the generated suites */

#define SEED 0x9e3779b97f4a7c15u
#define COUNT 5000u
#define SHAPES 1000u /* the shape seeds: each statement's structure is one of them */

/* ---- models and fixtures ---------------------------------------------------------------- */

static jt_model *model_new(const char *profile) {
    jt_model *m = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_model_new(&m, jt_profile_find(profile), &err) == 0, "jt_model_new: %s",
                  err.message);
    ck_assert_ptr_nonnull(m);
    return m;
}

static void fixture(jt_model *m, const jt_fixture *fx) {
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_model_fixture(m, fx, &err) == 0, "fixture %s %lld: %s",
                  fx->name ? fx->name : "job", (long long)fx->id, err.message);
}

static void user(jt_model *m, const char *name, int admin) {
    jt_fixture fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_USER;
    fx.name = name;
    fx.admin = admin;
    fixture(m, &fx);
}

static void job(jt_model *m, int64_t id, const char *type, const char *status, const char *owner,
                const char *description) {
    jt_fixture fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = type;
    fx.status = status;
    fx.user = owner;
    fx.description = description;
    fx.error = strcmp(status, "failed") == 0 ? "boom" : NULL;
    fixture(m, &fx);
}

/* The scenario both models start from (again after each reset): users of both kinds, jobs of
   every type and several statuses and owners, ids small and near 2^63. */
static void scenario(jt_model *m) {
    user(m, "alice", 1);
    user(m, "maxroach", 0);
    job(m, 1, "IMPORT", "running", "maxroach", "IMPORT TABLE a CSV DATA ('x')");
    job(m, 2, "BACKUP", "succeeded", "root", "BACKUP DATABASE d TO 'it''s 100%'");
    job(m, 3, "RESTORE", "pending", "maxroach", "RESTORE d.* FROM 'x_1'");
    job(m, 10, "CHANGEFEED", "paused", "alice", "CREATE CHANGEFEED FOR t");
    job(m, 20, "SCHEMA CHANGE", "failed", "root", "ALTER TABLE t ADD c INT");
    job(m, 12345, "IMPORT", "paused", "testuser", NULL);
    job(m, INT64_C(9223372036854775000), "BACKUP", "running", "alice", NULL);
    job(m, INT64_C(9223372036854775806), "CHANGEFEED", "running", "maxroach", NULL);
    job(m, INT64_MAX, "RESTORE", "paused", "root", "RESTORE TABLE t FROM '9223372036854775807'");
}

/* ---- statements ------------------------------------------------------------------------- */

/* A statement being made: its structure from st (the same for every statement of one shape
   seed), its literals from lit. */
typedef struct gen {
    rng st, lit;
    char s[2048];
    size_t n;
} gen;

static void put(gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(gen *g, const char *fmt, ...) {
    va_list ap;
    int w;
    va_start(ap, fmt);
    w = vsnprintf(g->s + g->n, sizeof g->s - g->n, fmt, ap);
    va_end(ap);
    ck_assert_msg(w >= 0 && (size_t)w < sizeof g->s - g->n, "statement too long");
    g->n += (size_t)w;
}

static unsigned shape(gen *g, unsigned n) {
    return below(&g->st, n);
}

static unsigned lit(gen *g, unsigned n) {
    return below(&g->lit, n);
}

static const char *pick(gen *g, const char *const *v, size_t n) {
    return v[lit(g, (unsigned)n)];
}
#define PICK(g, v) pick(g, v, sizeof v / sizeof *v)

static const char *const ids[] = {"1",    "2",     "3",
                                  "10",   "20",    "12345",
                                  "4",    "99",    "9223372036854775000",
                                  "0001", "00010", "9223372036854775806",
                                  "0",    "7",     "9223372036854775807"};

static void put_digits(gen *g, unsigned n) {
    for (unsigned k = 0; k < n; k++)
        put(g, "%c", (char)('0' + lit(g, 10)));
}

/* An integer literal: a job's id, or 1 to 20 digits. One beyond an INT (from 19 digits) is in
   the shape as written: rare enough that most texts still share their shapes. */
static void put_int(gen *g) {
    static const char *const beyond[] = {"9223372036854775808", "99999999999999999999",
                                         "18446744073709551616"};
    unsigned kind = lit(g, 16);
    if (kind < 6) {
        put(g, "%s", PICK(g, ids));
    } else if (kind == 6) {
        put(g, "%s", lit(g, 2) ? "9223372036854775807" : PICK(g, beyond));
    } else {
        put(g, "%c", (char)('1' + lit(g, 9)));
        put_digits(g, lit(g, 4) ? lit(g, 6) : lit(g, 19));
    }
}

/* n integer literals, ", " between them */
static void put_ints(gen *g, unsigned n) {
    for (unsigned k = 0; k < n; k++) {
        put(g, "%s", k ? ", " : "");
        put_int(g);
    }
}

/* The text of a literal or a quoted name (without its quotes) from chars, 0 to max bytes, the
   quote doubled. */
static void put_chars(gen *g, rng *r, const char *chars, unsigned max, char quote) {
    unsigned len = below(r, max + 1), nchars = (unsigned)strlen(chars);
    for (unsigned k = 0; k < len; k++) {
        char c = chars[below(r, nchars)];
        if (c == quote)
            put(g, "%c", c);
        put(g, "%c", c);
    }
}

static void put_str(gen *g) {
    static const char *const words[] = {"a", "b", "ab", "", "''", "a''b", "x%", "it''s"};
    put(g, "'");
    if (lit(g, 3))
        put_chars(g, &g->lit, "ab'x% _1", 12, '\'');
    else
        put(g, "%s", PICK(g, words));
    put(g, "'");
}

/* A string literal for an INT: digits (of any length), signed, or not a number at all. */
static void put_digit_str(gen *g) {
    static const char *const bad[] = {"x", "", " 7", "1.5", "1e3", "1''", "--1", "0x10", "1 2"};
    put(g, "'");
    switch (lit(g, 6)) {
    case 0:
        put(g, "%s", PICK(g, bad));
        break;
    case 1:
        put(g, "-");
        put_int(g);
        break;
    default:
        put_int(g);
        break;
    }
    put(g, "'");
}

static void put_name(gen *g) {
    static const char *const names[] = {"root",   "maxroach",   "alice", "testuser",
                                        "nobody", "max''roach", "",      "ALICE"};
    if (lit(g, 4))
        put(g, "'%s'", PICK(g, names));
    else
        put_str(g);
}

static void put_status(gen *g) {
    static const char *const statuses[] = {"running", "paused",    "pending",        "succeeded",
                                           "failed",  "canceled",  "run''ning",      "",
                                           "Paused",  "reverting", "pause-requested"};
    put(g, "'%s'", PICK(g, statuses));
}

static void put_pattern(gen *g) {
    static const char *const patterns[] = {"IMPORT%", "%''x''%", "%100\\%%", "BACKUP%''s%",
                                           "%",       "_%",      "%t",       "RESTORE d._ FROM%"};
    if (lit(g, 2)) {
        put(g, "'%s'", PICK(g, patterns));
        return;
    }
    put(g, "'");
    put_chars(g, &g->lit, "%_'aATx(1 ", 8, '\'');
    put(g, "'");
}

/* n names, ", " between them */
static void put_names(gen *g, unsigned n) {
    for (unsigned k = 0; k < n; k++) {
        put(g, "%s", k ? ", " : "");
        put_name(g);
    }
}

/* A condition on the jobs' columns. */
static void put_cond(gen *g) {
    switch (shape(g, 12)) {
    case 0:
        put(g, "job_id = ");
        put_int(g);
        break;
    case 1:
        put(g, "job_id IN (");
        put_ints(g, 1 + shape(g, 4));
        put(g, ")");
        break;
    case 2:
        put(g, "job_id = ");
        put_digit_str(g);
        break;
    case 3:
        put(g, "job_id IN (");
        put_digit_str(g);
        put(g, ", ");
        put_digit_str(g);
        put(g, ")");
        break;
    case 4:
        put(g, "user_name = ");
        put_name(g);
        break;
    case 5:
        put(g, "user_name IN (");
        put_names(g, 1 + shape(g, 3));
        put(g, ")");
        break;
    case 6:
        put(g, "status = ");
        put_status(g);
        break;
    case 7:
        put(g, "description LIKE ");
        put_pattern(g);
        break;
    case 8:
        put(g, "job_id = ");
        put_int(g);
        put(g, " OR status = ");
        put_status(g);
        break;
    case 9:
        put(g, "job_id > ");
        put_int(g);
        put(g, " AND user_name <> ");
        put_name(g);
        break;
    case 10:
        put_int(g);
        put(g, " = job_id");
        break;
    default:
        put(g, "job_id NOT IN (");
        put_ints(g, 1 + shape(g, 3));
        put(g, ") AND description NOT LIKE ");
        put_pattern(g);
        break;
    }
}

/* A small count for LIMIT and OFFSET, sometimes any integer. */
static void put_small(gen *g) {
    if (lit(g, 4))
        put(g, "%u", lit(g, lit(g, 2) ? 4 : 12));
    else
        put_int(g);
}

/* A query of the jobs: SELECT list FROM a source WHERE cond, ORDER BY, LIMIT, OFFSET. */
static void put_query(gen *g) {
    static const char *const lists[] = {"job_id", "job_id, status", "*", "user_name, job_id"};
    unsigned list = shape(g, 7);
    put(g, "SELECT ");
    if (list < 4) {
        put(g, "%s", lists[list]);
    } else if (list == 4) {
        put(g, "job_id = ");
        put_int(g);
        put(g, ", user_name");
    } else if (list == 5) {
        put(g, "status = ");
        put_status(g);
        put(g, " AS s, job_id IN (");
        put_ints(g, 1 + shape(g, 3));
        put(g, ")");
    } else {
        put(g, "job_id, description LIKE ");
        put_pattern(g);
    }
    put(g, " FROM %s WHERE ", shape(g, 5) ? "[SHOW JOBS]" : "crdb_internal.jobs");
    put_cond(g);
    switch (shape(g, 4)) {
    case 0:
        put(g, " ORDER BY job_id");
        break;
    case 1:
        put(g, " ORDER BY job_id DESC");
        break;
    case 2:
        put(g, " ORDER BY %u", lit(g, 4)); /* a position, 0 and 3 not always in the list */
        break;
    default:
        break;
    }
    if (shape(g, 2)) {
        put(g, " LIMIT ");
        put_small(g);
        if (shape(g, 2)) {
            put(g, " OFFSET ");
            put_small(g);
        }
    }
}

/* GROUP BY an expression: the same one as the select list's, or (its literals drawn apart)
   one that differs from it only in a literal. */
static void put_group(gen *g) {
    unsigned kind = shape(g, 5);
    rng at;
    put(g, "SELECT ");
    if (kind == 0) {
        put(g, "status, count(*) FROM [SHOW JOBS] WHERE ");
        put_cond(g);
        put(g, " GROUP BY status ORDER BY status");
        return;
    }
    if (kind == 1) {
        put(g, "count(*) FROM [SHOW JOBS] WHERE ");
        put_cond(g);
        return;
    }
    for (unsigned twice = 0; twice < 2; twice++) {
        if (twice == 0)
            at = g->lit;
        else if (lit(g, 4))
            g->lit = at; /* mostly the same literals as the select list's */
        if (kind == 2)
            put(g, "job_id = ");
        else if (kind == 3)
            put(g, "user_name LIKE ");
        else
            put(g, "job_id IN (");
        if (kind == 2)
            put_int(g);
        else if (kind == 3)
            put_pattern(g);
        else
            put_ints(g, 2);
        put(g, "%s", kind == 4 ? ")" : "");
        put(g, "%s", twice ? " ORDER BY 1" : ", count(*) FROM [SHOW JOBS] GROUP BY ");
    }
}

/* A decimal with an exponent or a fraction (never an integer, however its digits look). */
static void put_decimal(gen *g) {
    unsigned form = shape(g, 8), k = 1 + lit(g, lit(g, 3) ? 9 : 25);
    switch (form) {
    case 0:
        put(g, "1e-%u::STRING", k);
        break;
    case 1:
        put(g, "1.5e+%u", k);
        break;
    case 2:
        put(g, "1e%u", k);
        break;
    case 3:
        put(g, "2.5E-%u::STRING", k);
        break;
    case 4:
        put(g, "1e+%u::INT", k);
        break;
    case 5:
        put(g, "%u.5", k);
        break;
    case 6:
        put(g, ".%u", k);
        break;
    default:
        put(g, "1.%ue1", k);
        break;
    }
}

/* Expressions of literals: their texts are the columns' names. */
static void put_expr(gen *g) {
    switch (shape(g, 9)) {
    case 0:
        put_int(g);
        put(g, " = ");
        put_int(g);
        break;
    case 1:
        put_int(g);
        put(g, " IN (");
        put_ints(g, 1 + shape(g, 4));
        put(g, ")");
        break;
    case 2:
        put_str(g);
        put(g, " = ");
        put_str(g);
        break;
    case 3:
        put_str(g);
        put(g, " IN (");
        put_str(g);
        put(g, ", ");
        put_str(g);
        put(g, ")");
        break;
    case 4:
        put_decimal(g);
        break;
    case 5:
        put(g, "-");
        put_int(g);
        break;
    case 6:
        put_int(g);
        put(g, " = ");
        put_digit_str(g); /* the string settles to an INT */
        break;
    case 7:
        put_digit_str(g);
        put(g, "::INT");
        break;
    default:
        put_str(g);
        put(g, " LIKE ");
        put_pattern(g);
        break;
    }
}

/* Literals beside comments, quoted names and words: "12as x" is 12 AS x. */
static void put_odd(gen *g) {
    put(g, "SELECT ");
    put_int(g);
    switch (shape(g, 4)) {
    case 0:
    case 1: /* lone quotes in a name and in comments, integers after them */
        put(g, " AS \"n'");
        put_chars(g, &g->st, "7x\"", 2, '"'); /* a name: the shape's */
        put(g, "\", ");
        put_int(g);
        put(g, " = ");
        put_int(g);
        put(g, " /* it's ");
        put_int(g);
        put(g, " */, ");
        put_int(g);
        put(g, " IN (");
        put_int(g);
        put(g, ") -- it's ");
        put_int(g);
        put(g, "\n, ");
        put_int(g);
        put(g, " = ");
        put_digit_str(g);
        break;
    case 2:
        put(g, "as x, ");
        put_str(g);
        put(g, "AS y, ");
        put_decimal(g);
        put(g, " AS z");
        break;
    default:
        put(g, "::INT8, ");
        put_digit_str(g);
        put(g, "::INT4, ");
        put_int(g);
        put(g, " IS NULL, ");
        put_str(g);
        put(g, " IS NOT NULL");
        break;
    }
}

/* VALUES of literals; a string among integers settles to their INT. */
static void put_values(gen *g) {
    unsigned rows = 2 + shape(g, 2), ints = shape(g, 2);
    put(g, "VALUES ");
    for (unsigned k = 0; k < rows; k++) {
        put(g, "%s(", k ? ", " : "");
        if (ints && k % 2)
            put_digit_str(g);
        else
            put_int(g);
        if (!ints) {
            put(g, ", ");
            put_str(g);
        }
        put(g, ")");
    }
}

/* A SELECT without FROM, or VALUES. */
static void put_scalar(gen *g) {
    unsigned n = 1 + shape(g, 3);
    switch (shape(g, 9)) {
    case 0:
    case 1:
    case 2:
        put(g, "SELECT ");
        for (unsigned k = 0; k < n; k++) {
            put(g, "%s", k ? ", " : "");
            put_expr(g);
        }
        break;
    case 3:
    case 4:
        put_odd(g);
        break;
    case 5:
        put_values(g);
        break;
    case 6:
        put(g, "SELECT (SELECT status FROM [SHOW JOBS] WHERE job_id = ");
        put_int(g);
        put(g, "), length(");
        put_str(g);
        put(g, "), ");
        put_int(g);
        put(g, "::OID, ");
        put_int(g);
        put(g, "::STRING");
        break;
    case 7:
        put(g, "SELECT ");
        put_str(g);
        put(g, " WHERE ");
        put_int(g);
        put(g, " = ");
        put_int(g);
        break;
    default:
        put(g, "SELECT ");
        put_decimal(g);
        put(g, ", ");
        put_decimal(g);
        break;
    }
}

/* A control statement: the same on both models, so their states stay equal. */
static void put_control(gen *g) {
    static const char *const ops[] = {"PAUSE", "RESUME", "PAUSE", "RESUME", "CANCEL"};
    put(g, "%s ", ops[shape(g, 5)]);
    switch (shape(g, 5)) {
    case 0:
        put(g, "JOB %s", PICK(g, ids));
        break;
    case 1:
        put(g, "JOB ");
        put_digit_str(g);
        break;
    case 2:
        put(g, "JOBS VALUES (%s)", PICK(g, ids));
        for (unsigned k = shape(g, 3); k > 0; k--)
            put(g, ", (%s)", PICK(g, ids));
        break;
    case 3:
        put(g, "JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = ");
        put_name(g);
        put(g, ")");
        break;
    default:
        put(g, "JOBS SELECT job_id FROM [SHOW JOBS] WHERE job_id IN (");
        put_ints(g, 1 + shape(g, 3));
        put(g, ")");
        break;
    }
}

/* A statement that does not parse, or that fails as it runs. */
static void put_failing(gen *g) {
    switch (shape(g, 7)) {
    case 0:
        put(g, "SELECT ");
        put_int(g);
        put(g, " + ");
        put_int(g);
        break;
    case 1:
        put(g, "SELECT ");
        put_str(g);
        put(g, " ");
        put_str(g);
        break;
    case 2:
        put(g, "SELEC ");
        put_int(g);
        break;
    case 3:
        put(g, "SELECT ");
        put_int(g);
        put(g, "%s", shape(g, 2) ? ")" : ", 'unterminated");
        break;
    case 4:
        put(g, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 'x");
        put_int(g);
        put(g, "'");
        break;
    case 5:
        put(g, "SELECT ");
        put_int(g);
        put(g, " = 'x");
        put_chars(g, &g->lit, "1'", 4, '\'');
        put(g, "'");
        break;
    default:
        put(g, "SELECT * FROM system.jobs WHERE id = ");
        put_int(g);
        put(g, " ORDER BY %u", lit(g, 5));
        break;
    }
}

/* Batches, and prepared statements of literal texts (PREPARE keeps its own text of the batch). */
static void put_misc(gen *g) {
    unsigned name = shape(g, 3);
    switch (shape(g, 8)) {
    case 0:
        put(g, "SELECT ");
        put_int(g);
        put(g, "; SELECT ");
        put_int(g);
        break;
    case 1:
        put_scalar(g);
        put(g, "; ");
        put_query(g);
        break;
    case 2:
        put(g, "PAUSE JOB %s; ", PICK(g, ids)); /* a call each: arguments have no order */
        put(g, "SELECT status FROM [SHOW JOBS] WHERE job_id = %s", PICK(g, ids));
        break;
    case 3:
        put(g, "PREPARE p%u AS ", name);
        if (shape(g, 2))
            put_scalar(g);
        else
            put_query(g);
        break;
    case 4:
        put(g, "EXECUTE p%u", name);
        break;
    case 5:
        put(g, "PREPARE p%u AS SELECT ", name);
        put_expr(g);
        put(g, "; EXECUTE p%u; DEALLOCATE p%u", name, name);
        break;
    case 6:
        if (shape(g, 4) == 0)
            put(g, "DEALLOCATE ALL");
        else
            put(g, "DEALLOCATE p%u", name);
        break;
    default:
        if (shape(g, 3) == 0) {
            put(g, "PREPARE q%u AS SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = $1", name);
            break;
        }
        put(g, "EXECUTE q%u(", name);
        if (shape(g, 2))
            put_int(g);
        else
            put_digit_str(g);
        put(g, ")");
        break;
    }
}

/* Statement number i of the run of seed: its structure from one of the shape seeds (a few of
   them far more often than the rest), its literals its own. */
static void statement(gen *g, uint64_t seed, size_t i, rng *order) {
    unsigned k = below(order, 1 + below(order, SHAPES));
    memset(g, 0, sizeof *g);
    g->st.s = mix(seed, k);
    g->lit.s = mix(~seed, i);
    switch (shape(g, 12)) {
    case 0:
    case 1:
    case 2:
        put_query(g);
        break;
    case 3:
        put_group(g);
        break;
    case 4:
    case 5:
    case 6:
        put_scalar(g);
        break;
    case 7:
    case 8:
        put_control(g);
        break;
    case 9:
    case 10:
        put_misc(g);
        break;
    default:
        put_failing(g);
        break;
    }
}

/* ---- the comparison --------------------------------------------------------------------- */

static const char *or_null(const char *s) {
    return s ? s : "(null)";
}

static int same(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The first difference of the warm model's result a and the fresh one's b, said in why (size
   bytes): 1, or 0 when there is none. */
static int differ(char *why, size_t size, const jt_result *a, const jt_result *b) {
    size_t k;
    if (a->failed != b->failed || strcmp(a->sqlstate, b->sqlstate) != 0 ||
        !same(a->message, b->message) || a->position != b->position) {
        snprintf(why, size, "error\n  warm  %d %s at %d: %s\n  fresh %d %s at %d: %s", a->failed,
                 a->sqlstate, a->position, or_null(a->message), b->failed, b->sqlstate, b->position,
                 or_null(b->message));
        return 1;
    }
    if (strcmp(a->tag, b->tag) != 0 || a->count != b->count) {
        snprintf(why, size, "tag\n  warm  '%s' %" PRId64 "\n  fresh '%s' %" PRId64, a->tag,
                 a->count, b->tag, b->count);
        return 1;
    }
    if (a->ncols != b->ncols || a->nrows != b->nrows || !same(a->types, b->types)) {
        snprintf(why, size, "columns\n  warm  %zu x %zu %s\n  fresh %zu x %zu %s", a->nrows,
                 a->ncols, or_null(a->types), b->nrows, b->ncols, or_null(b->types));
        return 1;
    }
    for (k = 0; k < a->ncols; k++)
        if (!same(a->columns[k], b->columns[k])) {
            snprintf(why, size, "column %zu\n  warm  %s\n  fresh %s", k + 1, or_null(a->columns[k]),
                     or_null(b->columns[k]));
            return 1;
        }
    for (k = 0; k < a->nrows * a->ncols; k++)
        if (!same(a->values[k], b->values[k])) {
            snprintf(why, size, "row %zu, column %zu\n  warm  %.200s\n  fresh %.200s",
                     k / a->ncols + 1, k % a->ncols + 1, or_null(a->values[k]),
                     or_null(b->values[k]));
            return 1;
        }
    return 0;
}

/* The two models: warm keeps its plans, fresh starts each statement without any; memo is the
   tags' cache of shapes, warm too. */
typedef struct pair {
    jt_model *warm, *fresh;
    jt_tag_memo *memo;
    uint64_t seed;
} pair;

static void pair_start(pair *p, uint64_t seed, const char *profile) {
    p->warm = model_new(profile);
    p->fresh = model_new(profile);
    p->memo = NULL;
    p->seed = seed;
    scenario(p->warm);
    scenario(p->fresh);
}

static void pair_end(pair *p) {
    jt_model_free(p->warm);
    jt_model_free(p->fresh);
    jt_tag_memo_free(p->memo);
}

static void exec_in(jt_model *m, const char *who, const char *sql, jt_result *out, const pair *p,
                    size_t i) {
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_model_exec(m, who, sql, out, &err);
    ck_assert_msg(rc == 0, "seed %#" PRIx64 ", statement %zu as %s: %.300s\n  jt_model_exec %d: %s",
                  p->seed, i, who, sql, rc, err.message);
}

/* The expected tags of sql from the warm memo and from a fresh parse are the same. */
static void same_tags(pair *p, const char *sql, int64_t count, size_t i) {
    const jt_profile *prof = jt_model_profile(p->warm);
    char warm[64] = "", fresh[64] = "";
    int a = jt_profile_expected_tag_memo(&p->memo, prof, sql, count, warm, sizeof warm);
    int b = jt_profile_expected_tag(prof, sql, count, fresh, sizeof fresh);
    ck_assert_msg(a == b && (a != 1 || strcmp(warm, fresh) == 0),
                  "seed %#" PRIx64
                  ", statement %zu: %.300s\n  expected tag: warm %d '%s', fresh %d "
                  "'%s'",
                  p->seed, i, sql, a, warm, b, fresh);
}

/* Statement i, sql, as who on both models: the same result, the same state after it. */
static void run_both(pair *p, const char *who, const char *sql, size_t i) {
    jt_result a, b;
    char why[1024];
    int64_t count;
    int bad;
    exec_in(p->warm, who, sql, &a, p, i);
    jt_plans_free(p->fresh->plans); /* no plan of an earlier text: it parses sql anew */
    p->fresh->plans = NULL;
    exec_in(p->fresh, who, sql, &b, p, i);
    bad = differ(why, sizeof why, &a, &b);
    count = a.count < 0 ? 0 : a.count;
    jt_result_dispose(&a);
    jt_result_dispose(&b);
    ck_assert_msg(!bad, "seed %#" PRIx64 ", statement %zu as %s: %.300s\n  differs in the %s",
                  p->seed, i, who, sql, why);
    ck_assert_msg(jt_model_hash(p->warm) == jt_model_hash(p->fresh),
                  "seed %#" PRIx64 ", statement %zu as %s: %.300s\n  the states differ after it",
                  p->seed, i, who, sql);
    same_tags(p, sql, count, i);
}

/* ---- tests ------------------------------------------------------------------------------ */

/* Both models again as they started (the warm one keeps its plans through a reset). */
static void restart(pair *p) {
    jt_model_reset(p->warm);
    jt_model_reset(p->fresh);
    scenario(p->warm);
    scenario(p->fresh);
}

/* The jobs' own progress, one step on both. */
static void advance(pair *p, size_t i) {
    int64_t a = 0, b = 0;
    ck_assert_int_eq(jt_model_advance(p->warm, &a), 0);
    ck_assert_int_eq(jt_model_advance(p->fresh, &b), 0);
    ck_assert_msg(a == b && jt_model_hash(p->warm) == jt_model_hash(p->fresh),
                  "seed %#" PRIx64 ", after statement %zu: the jobs' progress differs", p->seed, i);
}

/* The profiles of the generated runs: the seed page's, and two later grammars (SHOW JOBS
   <select>, WITH REASON, …); _i of the loop test picks one, the later ones with half the
   statements. */
static const char *const profiles[] = {"v2.1", "v20.2", "v25.3"};

START_TEST(generated_statements) {
    static const char *const users[] = {"root", "root", "root",  "root",     "root",
                                        "root", "root", "alice", "testuser", "maxroach"};
    uint64_t seed = env_or("JT_PLANS_SEED", SEED);
    size_t n = (size_t)env_or("JT_PLANS_COUNT", COUNT) / (_i ? 2 : 1), i;
    rng order = {mix(seed, UINT64_MAX)};
    pair p;
    gen g;
    pair_start(&p, seed, profiles[_i]);
    for (i = 0; i < n; i++) {
        const char *who = users[below(&order, 10)];
        statement(&g, seed, i, &order);
        run_both(&p, who, g.s, i);
        if (i % 53 == 52)
            advance(&p, i);
        if (i % 250 == 249) /* before CANCEL has ended every job */
            restart(&p);
    }
    pair_end(&p);
}
END_TEST

/* The texts of the bugs found by hand, in the order that showed them (a difference says seed 0
   and the index in this list). */
START_TEST(known_sequences) {
    static const char *const texts[] = {
        "SELECT 1e-5::STRING",
        "SELECT 1e-7::STRING",
        "SELECT 1e-5::STRING",
        "SELECT job_id FROM [SHOW JOBS] WHERE job_id = '1'",
        "SELECT job_id FROM [SHOW JOBS] WHERE job_id = '2'",
        "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 'x'",
        "SELECT job_id FROM [SHOW JOBS] WHERE job_id IN ('2', '3') ORDER BY 1",
        "SELECT job_id FROM [SHOW JOBS] WHERE job_id IN ('1', '13') ORDER BY 1",
        "SELECT 12 = 3, 4 IN (5)",
        "SELECT 1 = 3456, 78 IN (9)",
        "SELECT 'a''b' = 'c', 'it''s' IN ('')",
        "SELECT 'a' = 'c', '' IN ('x''y''z')",
        "SELECT 9223372036854775807, 1",
        "SELECT 9223372036854775808, 1",
        "SELECT 9223372036854775807, 1",
        "SELECT 1; SELECT 22",
        "SELECT 333; SELECT 4",
        "PREPARE p AS SELECT 1, 'a'; EXECUTE p; DEALLOCATE p",
        "PREPARE p AS SELECT 12345, 'abc'; EXECUTE p; DEALLOCATE p",
    };
    pair p;
    pair_start(&p, 0, "v2.1");
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        run_both(&p, "root", texts[i], i);
    pair_end(&p);
}
END_TEST

/* A text of n bytes: head, n - strlen(head) - strlen(tail) times c, tail (free it). */
static char *long_text(const char *head, char c, const char *tail, size_t n) {
    size_t h = strlen(head), t = strlen(tail);
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, head, h);
    memset(s + h, c, n - h - t);
    memcpy(s + n - t, tail, t + 1);
    return s;
}

/* Limits hold through the cache: a text over JT_LIMIT_SQL of a cached shape is refused as a
   fresh parse refuses it (the tag memo too); texts that need more room in a full cache do not
   grow it past its bound; a hit whose memory fails leaves no half-applied tree. */
START_TEST(limits_through_the_cache) {
    static const char *const shapes[] = {
        "SELECT 'a' = 'b', 1",
        "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE description = 'a')",
    };
    pair p;
    char *s;
    pair_start(&p, 0, "v2.1");
    for (size_t i = 0; i < 2; i++) { /* one byte over the limit */
        run_both(&p, "root", shapes[i], i);
        s = long_text(i ? "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE description = '"
                        : "SELECT '",
                      'x', i ? "')" : "' = 'b', 1", JT_LIMIT_SQL + 1);
        run_both(&p, "root", s, i);
        free(s);
    }
    /* 80 shapes cached, then each hit by a text of about 1 MB: hits alone, no miss */
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < 80; k++) {
            char head[64];
            jt_result r;
            snprintf(head, sizeof head, "SELECT 'a' AS c%zu, '", k);
            s = long_text(head, 'z', "'", pass ? 1000000 : strlen(head) + 3);
            exec_in(p.warm, "root", s, &r, &p, k);
            ck_assert_uint_eq(strlen(r.values[1]), strlen(s) - strlen(head) - 1);
            jt_result_dispose(&r);
            free(s);
            ck_assert_uint_le(jt_plans_bytes(p.warm->plans), JT_PLANS_BYTES + (8u << 20));
        }
    /* each allocation of a hit failing in turn (a shape of its own for each, cached short):
       the same text again runs as a fresh parse runs it */
    for (long n = 1; n < 64; n++) {
        char head[64], *big;
        jt_result r;
        jt_error err;
        long count;
        snprintf(head, sizeof head, "SELECT 'a' = 'b', 1 AS c%ld, '", n);
        s = long_text(head, 'v', "'", strlen(head) + 2);
        big = long_text(head, 'w', "'", 200000);
        run_both(&p, "root", s, (size_t)n);
        jt_alloc_fail_after(n);
        jt_model_exec(p.warm, "root", big, &r, &err);
        count = jt_alloc_count();
        jt_alloc_fail_after(0);
        jt_result_dispose(&r);
        run_both(&p, "root", big, (size_t)n);
        free(s);
        free(big);
        if (count < n)
            break;
    }
    pair_end(&p);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("plans");
    TCase *tc = tcase_create("plans");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, known_sequences);
    tcase_add_loop_test(tc, generated_statements, 0, (int)(sizeof profiles / sizeof *profiles));
    tcase_add_test(tc, limits_through_the_cache);
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
