/* Check suite of model/sql_parse.c: jt_sql_parse on an arena, for every statement form of
   docs/spec.md, section 3 (PJ-SYNTAX), case-insensitive keywords, a trailing ';', several lines,
   syntax errors with their SQLSTATE and 1-based character position, unterminated strings, the
   nesting limit and integer literals out of range. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/arena.h" /* a unit test of a private layer: its own header */
#include "model/internal/parse.h"
#include "model/internal/sql.h"
#include "model/model.h"
#include "model/profile.h"

/* ---- helpers ------------------------------------------------------------------------- */

/* The arena of the running test (each test runs with a fresh one). */
static jt_arena arena;

static void setup(void) {
    jt_arena_init(&arena, (size_t)JT_LIMIT_SQL * 64);
}

static void teardown(void) {
    jt_arena_dispose(&arena);
}

static jt_stmt *parse_ok_at(int line, const char *sql) {
    jt_stmt *st = NULL;
    jt_sqlerr e;
    int rc;
    memset(&e, 0, sizeof e);
    rc = jt_sql_parse(&st, &arena, sql, 0, &e);
    ck_assert_msg(rc == 0, "line %d: %s: parse returned %d: %s %s (position %d)", line, sql, rc,
                  e.sqlstate, e.message, e.position);
    ck_assert_msg(st != NULL, "line %d: %s: no statement", line, sql);
    return st;
}
#define parse_ok(sql) parse_ok_at(__LINE__, sql)

/* The statement is refused with this SQLSTATE; message: the exact message, or NULL; position:
   the exact 1-based position, or -1 for any. */
static void parse_err_at(int line, const char *sql, const char *sqlstate, const char *message,
                         int position) {
    jt_stmt *st = (jt_stmt *)&arena;
    jt_sqlerr e;
    int rc;
    memset(&e, 0, sizeof e);
    rc = jt_sql_parse(&st, &arena, sql, 0, &e);
    ck_assert_msg(rc == JT_EPARSE, "line %d: %.60s: parse returned %d, expected JT_EPARSE", line,
                  sql, rc);
    ck_assert_msg(st == NULL, "line %d: %.60s: a statement on failure", line, sql);
    ck_assert_msg(strcmp(e.sqlstate, sqlstate) == 0,
                  "line %d: %.60s: SQLSTATE %s (%s), expected %s", line, sql, e.sqlstate, e.message,
                  sqlstate);
    if (message)
        ck_assert_msg(strcmp(e.message, message) == 0,
                      "line %d: %.60s:\n  message  %s\n  expected %s", line, sql, e.message,
                      message);
    if (position >= 0)
        ck_assert_msg(e.position == position, "line %d: %.60s: position %d, expected %d (%s)", line,
                      sql, e.position, position, e.message);
}
#define parse_err(sql, sqlstate, message, position)                                                \
    parse_err_at(__LINE__, sql, sqlstate, message, position)

/* A syntax error: SQLSTATE 42601, `syntax error at or near "near"`, at position. */
static void syntax_err_at(int line, const char *sql, const char *near, int position) {
    char msg[256];
    snprintf(msg, sizeof msg, "syntax error at or near \"%s\"", near);
    parse_err_at(line, sql, "42601", msg, position);
}
#define syntax_err(sql, near, position) syntax_err_at(__LINE__, sql, near, position)

/* The single value expression of X JOB e (that is X JOBS VALUES (e)). */
static jt_expr *job_expr_at(int line, const char *sql) {
    jt_stmt *st = parse_ok_at(line, sql);
    ck_assert_msg(st->kind == JT_S_CONTROL, "line %d: %s: not a control statement", line, sql);
    ck_assert_ptr_nonnull(st->sel);
    ck_assert_int_eq(st->sel->source, JT_SRC_VALUES);
    ck_assert_uint_eq(st->sel->nrows, 1);
    ck_assert_uint_eq(st->sel->nvalcols, 1);
    return st->sel->rows[0][0];
}
#define job_expr(sql) job_expr_at(__LINE__, sql)

/* The WHERE condition of SELECT * FROM [SHOW JOBS] WHERE cond. */
static jt_expr *where_at(int line, const char *cond) {
    char sql[512];
    jt_stmt *st;
    snprintf(sql, sizeof sql, "SELECT * FROM [SHOW JOBS] WHERE %s", cond);
    st = parse_ok_at(line, sql);
    ck_assert_int_eq(st->kind, JT_S_SELECT);
    ck_assert_ptr_nonnull(st->sel->where);
    return st->sel->where;
}
#define where(cond) where_at(__LINE__, cond)

/* prefix, then n times open, then middle, then n times close. */
static char *nested(const char *prefix, size_t n, const char *open, const char *middle,
                    const char *close) {
    size_t lp = strlen(prefix), lo = strlen(open), lm = strlen(middle), lc = strlen(close), k;
    char *s = malloc(lp + n * (lo + lc) + lm + 1), *w;
    ck_assert_ptr_nonnull(s);
    memcpy(s, prefix, lp);
    w = s + lp;
    for (k = 0; k < n; k++, w += lo)
        memcpy(w, open, lo);
    memcpy(w, middle, lm);
    w += lm;
    for (k = 0; k < n; k++, w += lc)
        memcpy(w, close, lc);
    *w = '\0';
    return s;
}

static const char *const op_words[] = {"PAUSE", "RESUME", "CANCEL"};
static const int ops[] = {JT_OP_PAUSE, JT_OP_RESUME, JT_OP_CANCEL};

/* ---- statement forms ------------------------------------------------------------------- */

/* X JOB e is X JOBS VALUES (e): loop index is the op. */
START_TEST(control_job_forms) {
    char sql[128];
    jt_stmt *st;
    jt_expr *e;
    snprintf(sql, sizeof sql, "%s JOB 27536791415282", op_words[_i]);
    st = parse_ok(sql);
    ck_assert_int_eq(st->kind, JT_S_CONTROL);
    ck_assert_int_eq(st->op, ops[_i]);
    e = job_expr(sql);
    ck_assert_int_eq(e->kind, JT_E_CONST);
    ck_assert_int_eq(e->value.type, JT_T_INT);
    ck_assert_int_eq(e->value.i, 27536791415282LL);
    snprintf(sql, sizeof sql, "%s JOBS VALUES (1), (2), (NULL)", op_words[_i]);
    st = parse_ok(sql);
    ck_assert_int_eq(st->kind, JT_S_CONTROL);
    ck_assert_int_eq(st->op, ops[_i]);
    ck_assert_int_eq(st->sel->source, JT_SRC_VALUES);
    ck_assert_uint_eq(st->sel->nrows, 3);
    ck_assert_uint_eq(st->sel->nvalcols, 1);
    ck_assert_int_eq(st->sel->rows[1][0]->value.i, 2);
    ck_assert_int_eq(st->sel->rows[2][0]->value.type, JT_T_UNKNOWN);
    snprintf(sql, sizeof sql, "%s JOBS SELECT 5", op_words[_i]);
    st = parse_ok(sql);
    ck_assert_int_eq(st->op, ops[_i]);
    ck_assert_int_eq(st->sel->source, JT_SRC_NONE);
    ck_assert_uint_eq(st->sel->nitems, 1);
    ck_assert_int_eq(st->sel->items[0]->value.i, 5);
    snprintf(sql, sizeof sql,
             "%s JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach' "
             "ORDER BY created DESC LIMIT 10)",
             op_words[_i]);
    st = parse_ok(sql);
    ck_assert_int_eq(st->kind, JT_S_CONTROL);
    ck_assert_int_eq(st->op, ops[_i]);
    ck_assert_int_eq(st->sel->source, JT_SRC_SHOW_JOBS);
    ck_assert_uint_eq(st->sel->nitems, 1);
    ck_assert_int_eq(st->sel->items[0]->kind, JT_E_COLUMN);
    ck_assert_str_eq(st->sel->items[0]->name, "job_id");
    ck_assert_ptr_nonnull(st->sel->where);
    ck_assert_uint_eq(st->sel->norder, 1);
    ck_assert_int_eq(st->sel->order[0].desc, 1);
    ck_assert_ptr_nonnull(st->sel->limit);
    ck_assert_int_eq(st->sel->limit->value.i, 10);
}
END_TEST

/* The a_expr forms of section 3. */
START_TEST(job_expression_forms) {
    jt_expr *e;
    e = job_expr("PAUSE JOB '123'");
    ck_assert_int_eq(e->kind, JT_E_CONST);
    ck_assert_int_eq(e->value.type, JT_T_STRING);
    ck_assert_int_eq(e->value.untyped, 1);
    ck_assert_str_eq(e->value.s, "123");
    e = job_expr("PAUSE JOB 1::INT");
    ck_assert_int_eq(e->kind, JT_E_CAST);
    ck_assert_int_eq(e->cast, JT_T_INT);
    ck_assert_int_eq(e->a->kind, JT_E_CONST);
    ck_assert_int_eq(e->a->value.i, 1);
    e = job_expr("RESUME JOB 1::OID");
    ck_assert_int_eq(e->kind, JT_E_CAST);
    ck_assert_int_eq(e->cast, JT_T_OID);
    e = job_expr("CANCEL JOB '7'::INT8");
    ck_assert_int_eq(e->kind, JT_E_CAST);
    ck_assert_int_eq(e->cast, JT_T_INT);
    ck_assert_int_eq(e->a->value.type, JT_T_STRING);
    e = job_expr("PAUSE JOB $1");
    ck_assert_int_eq(e->kind, JT_E_PARAM);
    ck_assert_int_eq(e->param, 1);
    e = job_expr("PAUSE JOB (SELECT job_id FROM [SHOW JOBS] WHERE status = 'running')");
    ck_assert_int_eq(e->kind, JT_E_SUBQUERY);
    ck_assert_ptr_nonnull(e->sub);
    ck_assert_int_eq(e->sub->source, JT_SRC_SHOW_JOBS);
    ck_assert_ptr_nonnull(e->sub->where);
    e = job_expr("PAUSE JOB ((SELECT 1))");
    ck_assert_int_eq(e->kind, JT_E_SUBQUERY);
    e = job_expr("PAUSE JOB (5)");
    ck_assert_int_eq(e->kind, JT_E_CONST);
    ck_assert_int_eq(e->value.i, 5);
    e = job_expr("PAUSE JOB NULL");
    ck_assert_int_eq(e->kind, JT_E_CONST);
    ck_assert_int_eq(e->value.type, JT_T_UNKNOWN);
    e = job_expr("PAUSE JOB -5");
    ck_assert(e->kind == JT_E_NEG || (e->kind == JT_E_CONST && e->value.i == -5));
}
END_TEST

START_TEST(jobs_selection_forms) {
    jt_stmt *st;
    st = parse_ok("PAUSE JOBS SELECT * FROM system.jobs");
    ck_assert_int_eq(st->sel->source, JT_SRC_SYSTEM_JOBS);
    ck_assert_int_eq(st->sel->star, 1);
    st = parse_ok("PAUSE JOBS SELECT id FROM system.jobs WHERE status = 'running'");
    ck_assert_int_eq(st->sel->source, JT_SRC_SYSTEM_JOBS);
    ck_assert_int_eq(st->sel->star, 0);
    ck_assert_str_eq(st->sel->items[0]->name, "id");
    st = parse_ok("RESUME JOBS SELECT job_id FROM crdb_internal.jobs");
    ck_assert_int_eq(st->sel->source, JT_SRC_CRDB_JOBS);
    st = parse_ok("CANCEL JOBS ((SELECT job_id FROM [SHOW JOBS]))");
    ck_assert_int_eq(st->sel->source, JT_SRC_SHOW_JOBS);
    st = parse_ok("CANCEL JOBS (VALUES (1), (2))");
    ck_assert_int_eq(st->sel->source, JT_SRC_VALUES);
    ck_assert_uint_eq(st->sel->nrows, 2);
    st = parse_ok("PAUSE JOBS VALUES (1, 'a'), (2, 'b')");
    ck_assert_uint_eq(st->sel->nrows, 2);
    ck_assert_uint_eq(st->sel->nvalcols, 2);
    st = parse_ok("PAUSE JOBS SELECT job_id, status FROM [SHOW JOBS]");
    ck_assert_uint_eq(st->sel->nitems, 2);
    st = parse_ok("PAUSE JOBS SELECT j.job_id FROM [SHOW JOBS] AS j");
    ck_assert_str_eq(st->sel->items[0]->name, "job_id");
    st = parse_ok("PAUSE JOBS SELECT job_id AS id FROM [SHOW JOBS] ORDER BY id");
    ck_assert_ptr_nonnull(st->sel->aliases);
    ck_assert_str_eq(st->sel->aliases[0], "id");
    st = parse_ok("PAUSE JOBS SELECT job_id FROM [SHOW JOBS] LIMIT 2 OFFSET 1");
    ck_assert_int_eq(st->sel->limit->value.i, 2);
    ck_assert_int_eq(st->sel->offset->value.i, 1);
}
END_TEST

START_TEST(show_jobs) {
    jt_stmt *st = parse_ok("SHOW JOBS");
    ck_assert_int_eq(st->kind, JT_S_SHOW_JOBS);
    st = parse_ok("SELECT * FROM [SHOW JOBS]");
    ck_assert_int_eq(st->kind, JT_S_SELECT);
    ck_assert_int_eq(st->sel->source, JT_SRC_SHOW_JOBS);
    ck_assert_int_eq(st->sel->star, 1);
    st = parse_ok("(SELECT job_id FROM [SHOW JOBS])");
    ck_assert_int_eq(st->kind, JT_S_SELECT);
    st = parse_ok("VALUES (1)");
    ck_assert_int_eq(st->kind, JT_S_SELECT);
    ck_assert_int_eq(st->sel->source, JT_SRC_VALUES);
    st = parse_ok("SELECT 1");
    ck_assert_int_eq(st->kind, JT_S_SELECT);
    ck_assert_int_eq(st->sel->source, JT_SRC_NONE);
}
END_TEST

START_TEST(prepare_execute_deallocate) {
    jt_stmt *st = parse_ok("PREPARE p AS PAUSE JOB $1");
    ck_assert_int_eq(st->kind, JT_S_PREPARE);
    ck_assert_str_eq(st->name, "p");
    ck_assert_ptr_nonnull(st->inner);
    ck_assert_int_eq(st->inner->kind, JT_S_CONTROL);
    ck_assert_int_eq(st->inner->op, JT_OP_PAUSE);
    ck_assert_int_eq(st->nparams, 1);
    st = parse_ok("PREPARE q AS CANCEL JOBS VALUES ($1), ($3);");
    ck_assert_int_eq(st->inner->op, JT_OP_CANCEL);
    ck_assert_int_eq(st->nparams, 3);
    st = parse_ok("PREPARE r (INT) AS RESUME JOB $1");
    ck_assert_int_eq(st->inner->op, JT_OP_RESUME);
    st = parse_ok("PREPARE s AS SHOW JOBS");
    ck_assert_int_eq(st->inner->kind, JT_S_SHOW_JOBS);
    ck_assert_int_eq(st->nparams, 0);
    st = parse_ok("PREPARE t AS SELECT status FROM [SHOW JOBS] WHERE job_id = $1");
    ck_assert_int_eq(st->inner->kind, JT_S_SELECT);
    st = parse_ok("EXECUTE p(27536791415282)");
    ck_assert_int_eq(st->kind, JT_S_EXECUTE);
    ck_assert_str_eq(st->name, "p");
    ck_assert_uint_eq(st->nargs, 1);
    ck_assert_int_eq(st->args[0]->value.i, 27536791415282LL);
    st = parse_ok("EXECUTE q(1, '2', NULL)");
    ck_assert_uint_eq(st->nargs, 3);
    st = parse_ok("EXECUTE s");
    ck_assert_uint_eq(st->nargs, 0);
    st = parse_ok("EXECUTE s()");
    ck_assert_uint_eq(st->nargs, 0);
    st = parse_ok("DEALLOCATE p");
    ck_assert_int_eq(st->kind, JT_S_DEALLOCATE);
    ck_assert_str_eq(st->name, "p");
    ck_assert_int_eq(st->all, 0);
    st = parse_ok("DEALLOCATE PREPARE p");
    ck_assert_str_eq(st->name, "p");
    st = parse_ok("DEALLOCATE ALL");
    ck_assert_int_eq(st->all, 1);
    /* placeholders number from 1 */
    parse_err("PAUSE JOB $0", "42P02", NULL, -1);
    parse_err("PREPARE p AS PREPARE q AS SHOW JOBS", "42601", NULL, 14);
}
END_TEST

/* ---- conditions ---------------------------------------------------------------------------- */

START_TEST(comparison_operators) {
    static const struct {
        const char *op;
        int cmp;
    } cmps[] = {{"=", JT_CMP_EQ},  {"<>", JT_CMP_NE}, {"!=", JT_CMP_NE}, {"<", JT_CMP_LT},
                {"<=", JT_CMP_LE}, {">", JT_CMP_GT},  {">=", JT_CMP_GE}};
    size_t k;
    for (k = 0; k < sizeof cmps / sizeof cmps[0]; k++) {
        char cond[64];
        jt_expr *e;
        snprintf(cond, sizeof cond, "job_id %s 5", cmps[k].op);
        e = where(cond);
        ck_assert_msg(e->kind == JT_E_CMP && e->op == cmps[k].cmp, "%s", cond);
        ck_assert_int_eq(e->a->kind, JT_E_COLUMN);
        ck_assert_str_eq(e->a->name, "job_id");
        ck_assert_int_eq(e->b->kind, JT_E_CONST);
        ck_assert_int_eq(e->b->value.i, 5);
        snprintf(cond, sizeof cond, "job_id%s5", cmps[k].op);
        e = where(cond);
        ck_assert_msg(e->kind == JT_E_CMP && e->op == cmps[k].cmp, "%s", cond);
    }
}
END_TEST

START_TEST(predicates) {
    jt_expr *e = where("job_id IN (1, 2, 3)");
    ck_assert_int_eq(e->kind, JT_E_IN);
    ck_assert_int_eq(e->negate, 0);
    ck_assert_uint_eq(e->nlist, 3);
    e = where("job_id NOT IN (1)");
    ck_assert_int_eq(e->kind, JT_E_IN);
    ck_assert_int_eq(e->negate, 1);
    ck_assert_uint_eq(e->nlist, 1);
    e = where("job_id IN (SELECT id FROM system.jobs)");
    ck_assert_int_eq(e->kind, JT_E_IN);
    ck_assert_ptr_nonnull(e->sub);
    ck_assert_int_eq(e->sub->source, JT_SRC_SYSTEM_JOBS);
    e = where("finished IS NULL");
    ck_assert_int_eq(e->kind, JT_E_ISNULL);
    ck_assert_int_eq(e->negate, 0);
    e = where("finished IS NOT NULL");
    ck_assert_int_eq(e->kind, JT_E_ISNULL);
    ck_assert_int_eq(e->negate, 1);
    e = where("description LIKE 'RESTORE%'");
    ck_assert_int_eq(e->kind, JT_E_LIKE);
    ck_assert_int_eq(e->negate, 0);
    ck_assert_str_eq(e->b->value.s, "RESTORE%");
    e = where("description NOT LIKE '_x'");
    ck_assert_int_eq(e->kind, JT_E_LIKE);
    ck_assert_int_eq(e->negate, 1);
}
END_TEST

/* NOT binds tighter than AND, AND tighter than OR; comparisons tighter than NOT. */
START_TEST(boolean_precedence) {
    jt_expr *e = where("job_id = 1 OR job_id = 2 AND status = 'x'");
    ck_assert_int_eq(e->kind, JT_E_OR);
    ck_assert_int_eq(e->a->kind, JT_E_CMP);
    ck_assert_int_eq(e->b->kind, JT_E_AND);
    e = where("job_id = 1 AND job_id = 2 OR status = 'x'");
    ck_assert_int_eq(e->kind, JT_E_OR);
    ck_assert_int_eq(e->a->kind, JT_E_AND);
    e = where("NOT job_id = 1 AND status = 'x'");
    ck_assert_int_eq(e->kind, JT_E_AND);
    ck_assert_int_eq(e->a->kind, JT_E_NOT);
    ck_assert_int_eq(e->a->a->kind, JT_E_CMP);
    e = where("(job_id = 1 OR job_id = 2) AND NOT (status = 'x')");
    ck_assert_int_eq(e->kind, JT_E_AND);
    ck_assert_int_eq(e->a->kind, JT_E_OR);
    ck_assert_int_eq(e->b->kind, JT_E_NOT);
    e = where("NOT NOT finished IS NULL");
    ck_assert_int_eq(e->kind, JT_E_NOT);
    ck_assert_int_eq(e->a->kind, JT_E_NOT);
    ck_assert_int_eq(e->a->a->kind, JT_E_ISNULL);
}
END_TEST

START_TEST(order_by_forms) {
    jt_stmt *st = parse_ok("SELECT job_id, status FROM [SHOW JOBS] "
                           "ORDER BY status ASC, created DESC, 1, job_id");
    ck_assert_uint_eq(st->sel->norder, 4);
    ck_assert_int_eq(st->sel->order[0].desc, 0);
    ck_assert_str_eq(st->sel->order[0].expr->name, "status");
    ck_assert_int_eq(st->sel->order[1].desc, 1);
    ck_assert_int_eq(st->sel->order[2].desc, 0);
    ck_assert_int_eq(st->sel->order[2].expr->kind, JT_E_CONST);
    ck_assert_int_eq(st->sel->order[2].expr->value.i, 1);
    ck_assert_int_eq(st->sel->order[3].desc, 0);
}
END_TEST

/* ---- lexical matters ----------------------------------------------------------------------- */

START_TEST(keywords_case_insensitive) {
    static const char *const pauses[] = {"pause job 1", "Pause Job 1", "PaUsE jOb 1",
                                         "pause jobs values (1)", "PAUSE JOBS VaLuEs (1)"};
    size_t k;
    jt_stmt *st;
    for (k = 0; k < sizeof pauses / sizeof pauses[0]; k++) {
        st = parse_ok(pauses[k]);
        ck_assert_int_eq(st->kind, JT_S_CONTROL);
        ck_assert_int_eq(st->op, JT_OP_PAUSE);
    }
    st = parse_ok("resume job 1");
    ck_assert_int_eq(st->op, JT_OP_RESUME);
    st = parse_ok("cAnCeL jObS sElEcT jOb_Id FrOm [ShOw JoBs] wHeRe StAtUs iS nOt NuLl "
                  "AnD uSeR_nAmE lIkE 'x%' Or JoB_iD nOt In (1) OrDeR bY 1 dEsC lImIt 1");
    ck_assert_int_eq(st->op, JT_OP_CANCEL);
    ck_assert_int_eq(st->sel->source, JT_SRC_SHOW_JOBS);
    ck_assert_str_eq(st->sel->items[0]->name, "job_id");
    ck_assert_int_eq(st->sel->where->kind, JT_E_OR);
    ck_assert_int_eq(st->sel->order[0].desc, 1);
    st = parse_ok("show jobs");
    ck_assert_int_eq(st->kind, JT_S_SHOW_JOBS);
    st = parse_ok("select * from SYSTEM.JOBS");
    ck_assert_int_eq(st->sel->source, JT_SRC_SYSTEM_JOBS);
    st = parse_ok("select * from Crdb_Internal.Jobs");
    ck_assert_int_eq(st->sel->source, JT_SRC_CRDB_JOBS);
    st = parse_ok("prepare P as pause job $1");
    ck_assert_int_eq(st->kind, JT_S_PREPARE);
    ck_assert_str_eq(st->name, "p");
    st = parse_ok("Execute P(1)");
    ck_assert_str_eq(st->name, "p");
    /* a type name too */
    ck_assert_int_eq(job_expr("PAUSE JOB 1::oid")->cast, JT_T_OID);
    ck_assert_int_eq(job_expr("PAUSE JOB 1::Int")->cast, JT_T_INT);
    /* string contents keep their case */
    ck_assert_str_eq(where("user_name = 'MaxRoach'")->b->value.s, "MaxRoach");
    /* a quoted identifier keeps its case */
    ck_assert_str_eq(where("\"Job_Id\" = 1")->a->name, "Job_Id");
}
END_TEST

START_TEST(trailing_semicolon) {
    ck_assert_int_eq(parse_ok("PAUSE JOB 1;")->kind, JT_S_CONTROL);
    ck_assert_int_eq(parse_ok("SHOW JOBS ;")->kind, JT_S_SHOW_JOBS);
    ck_assert_int_eq(parse_ok("SHOW JOBS;  \n")->kind, JT_S_SHOW_JOBS);
    ck_assert_int_eq(parse_ok("PAUSE JOBS (SELECT job_id FROM [SHOW JOBS]);")->kind, JT_S_CONTROL);
    ck_assert_int_eq(parse_ok("PREPARE p AS PAUSE JOB $1;")->kind, JT_S_PREPARE);
    ck_assert_int_eq(parse_ok("EXECUTE p(1);")->kind, JT_S_EXECUTE);
    syntax_err("SHOW JOBS;;", ";", 11);
    syntax_err(";", ";", 1);
}
END_TEST

START_TEST(several_lines) {
    jt_stmt *st = parse_ok("PAUSE JOBS (\n"
                           "  SELECT job_id\n"
                           "    FROM [SHOW JOBS]\n"
                           "   WHERE user_name = 'maxroach'\n"
                           "     AND status IN ('running', 'pending')\n"
                           ");\n");
    ck_assert_int_eq(st->kind, JT_S_CONTROL);
    ck_assert_int_eq(st->sel->source, JT_SRC_SHOW_JOBS);
    ck_assert_int_eq(st->sel->where->kind, JT_E_AND);
    st = parse_ok("\r\n\tRESUME\r\n\tJOB\r\n\t27536791415282\r\n");
    ck_assert_int_eq(st->op, JT_OP_RESUME);
    /* a string literal keeps its line breaks */
    ck_assert_str_eq(where("description = 'a\nb'")->b->value.s, "a\nb");
}
END_TEST

START_TEST(string_literals) {
    ck_assert_str_eq(job_expr("PAUSE JOB 'it''s'")->value.s, "it's");
    ck_assert_str_eq(job_expr("PAUSE JOB ''")->value.s, "");
    ck_assert_str_eq(job_expr("PAUSE JOB ''''")->value.s, "'");
    ck_assert_str_eq(job_expr("PAUSE JOB '\xc3\xa9t\xc3\xa9'")->value.s, "\xc3\xa9t\xc3\xa9");
}
END_TEST

/* ---- syntax errors (PJ-SYNTAX) ------------------------------------------------------------- */

START_TEST(syntax_errors_outside_the_subset) {
    syntax_err("PAUSE JOB", "EOF", 10);
    syntax_err("PAUSE JOBS", "EOF", 11);
    syntax_err("PAUSE 1", "1", 7);
    syntax_err("PAUSE JOB 1 2", "2", 13);
    syntax_err("PAUSE JOB 1, 2", ",", 12);
    syntax_err("RESUME JOBS VALUES 1", "1", 20);
    syntax_err("cancel jobz 1", "jobz", 8);
    syntax_err("SHOW JOBS 1", "1", 11);
    syntax_err("SELECT * FROM [SHOW JOBS] union SELECT 1", "union", 27);
    syntax_err("SELECT count(*) OVER () FROM [SHOW JOBS]", "over", 17);
    syntax_err("GRANT SYSTEM CONTROLJOB TO u", "controljob", 14); /* SYSTEM: v22.2 on */
    syntax_err("CREATE USER u CONTROLJOB", "controljob", 15);     /* v20.2 on */
    syntax_err("SELECT * FROM [SHOW JOBS", "EOF", 25);
    syntax_err("SELECT from [SHOW JOBS]", "from", 8);
    syntax_err("PAUSE JOBS SELECT job_id FROM [SHOW JOBS] WHERE", "EOF", 48);
    syntax_err("PAUSE JOBS SELECT job_id FROM [SHOW JOBS] WHERE job_id IN 1", "1", 59);
    syntax_err("PAUSE JOBS SELECT job_id FROM [SHOW JOBS] WHERE finished IS 1", "1", 61);
    syntax_err("EXECUTE", "EOF", 8);
    syntax_err("", "EOF", 1);
    syntax_err("   ", "EOF", 4);
    syntax_err("PAUSE JOB 1 @", "@", 13);
}
END_TEST

/* The position counts characters, not bytes, and line breaks as characters. */
START_TEST(syntax_error_position_in_characters) {
    syntax_err("SELECT '\xc3\xbc', 1 2", "2", 15);
    syntax_err("SELECT '\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac' x", "x", 14);
    syntax_err("PAUSE JOBS\n"
               "(SELECT job_id\n"
               "FROM [SHOW JOBS]\n"
               "WHERE status = 'running' garbage)",
               "garbage", 69);
}
END_TEST

/* The error is at the first token the grammar cannot take, wherever a later character is one
   the lexer cannot take. */
START_TEST(syntax_error_at_the_first_bad_token) {
    syntax_err("frobnicate @", "frobnicate", 1);
    syntax_err("PAUSE 1 @", "1", 7);
}
END_TEST

START_TEST(syntax_errors_through_exec) {
    jt_model *m = NULL;
    jt_error err;
    jt_result r;
    ck_assert_int_eq(jt_model_new(&m, jt_profile_find("v2.1"), &err), 0);
    ck_assert_int_eq(jt_model_exec(m, "root", "PAUSE JOB 1 2", &r, &err), 0);
    ck_assert_int_eq(r.failed, 1);
    ck_assert_str_eq(r.sqlstate, "42601");
    ck_assert_str_eq(r.message, "syntax error at or near \"2\"");
    ck_assert_int_eq(r.position, 13);
    jt_result_dispose(&r);
    ck_assert_int_eq(jt_model_exec(m, "testuser", "SELECT '\xc3\xbc', 1 2", &r, &err), 0);
    ck_assert_int_eq(r.failed, 1);
    ck_assert_str_eq(r.sqlstate, "42601");
    ck_assert_int_eq(r.position, 15);
    jt_result_dispose(&r);
    jt_model_free(m);
}
END_TEST

START_TEST(unterminated_strings) {
    jt_stmt *st = (jt_stmt *)&arena;
    jt_sqlerr e;
    parse_err("PAUSE JOB 'abc", "42601", NULL, 11);
    memset(&e, 0, sizeof e);
    ck_assert_int_eq(jt_sql_parse(&st, &arena, "PAUSE JOB 'abc", 0, &e), JT_EPARSE);
    ck_assert_ptr_nonnull(strstr(e.message, "unterminated"));
    parse_err("SELECT 'it''s", "42601", NULL, 8);
    parse_err("SELECT '", "42601", NULL, 8);
    parse_err("SELECT \"job_id FROM [SHOW JOBS]", "42601", NULL, 8);
    parse_err("PAUSE JOBS\nSELECT\n'x", "42601", NULL, 19);
}
END_TEST

/* ---- limits -------------------------------------------------------------------------------- */

/* An expression nested JT_LIMIT_DEPTH levels deep (PAUSE JOB's expression is the first level,
   every parenthesis, NOT or sign one more) parses; one level more is refused with 54001. */
START_TEST(nesting_depth_limit) {
    static const struct {
        const char *open, *middle, *close;
    } kinds[] = {{"(", "1", ")"}, {"NOT ", "true", ""}, {"- ", "1", ""}};
    size_t k;
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        char *at = nested("PAUSE JOB ", JT_LIMIT_DEPTH - 1, kinds[k].open, kinds[k].middle,
                          kinds[k].close);
        char *beyond =
            nested("PAUSE JOB ", JT_LIMIT_DEPTH, kinds[k].open, kinds[k].middle, kinds[k].close);
        parse_ok(at);
        parse_err(beyond, "54001", NULL, -1);
        free(at);
        free(beyond);
    }
}
END_TEST

/* Subqueries count as levels too; far beyond the limit is an error, not a crash. */
START_TEST(nesting_far_beyond_the_limit) {
    static const struct {
        const char *prefix, *open, *middle, *close;
    } kinds[] = {{"PAUSE JOB ", "(", "1", ")"},
                 {"PAUSE JOB ", "NOT ", "true", ""},
                 {"SELECT ", "- ", "1", ""},
                 {"PAUSE JOBS ", "(SELECT ", "1", ")"},
                 {"SELECT * FROM [SHOW JOBS] WHERE ", "job_id IN (", "1", ")"},
                 {"PAUSE JOBS ", "(", "VALUES (1)", ")"}};
    size_t k;
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        char *deep = nested(kinds[k].prefix, 20000, kinds[k].open, kinds[k].middle, kinds[k].close);
        parse_err(deep, "54001", NULL, -1);
        free(deep);
    }
}
END_TEST

START_TEST(statement_too_long) {
    size_t n = (size_t)JT_LIMIT_SQL + 1;
    char *sql = malloc(n + 1);
    ck_assert_ptr_nonnull(sql);
    memset(sql, ' ', n);
    memcpy(sql, "SHOW JOBS", 9);
    sql[n] = '\0';
    parse_err(sql, "54000", NULL, -1);
    sql[n - 1] = '\0'; /* exactly the limit */
    ck_assert_int_eq(parse_ok(sql)->kind, JT_S_SHOW_JOBS);
    free(sql);
}
END_TEST

START_TEST(integer_literals) {
    jt_expr *e = job_expr("PAUSE JOB 9223372036854775807");
    ck_assert_int_eq(e->kind, JT_E_CONST);
    ck_assert_int_eq(e->value.type, JT_T_INT);
    ck_assert_int_eq(e->value.i, INT64_MAX);
    e = job_expr("PAUSE JOB -9223372036854775808");
    ck_assert_int_eq(e->kind, JT_E_CONST);
    ck_assert_int_eq(e->value.i, INT64_MIN);
    e = job_expr("PAUSE JOB 0000000000000000000000000042");
    ck_assert_int_eq(e->value.i, 42);
    e = job_expr("PAUSE JOB 1.5");
    ck_assert_int_eq(e->value.type, JT_T_DECIMAL);
}
END_TEST

/* PAUSE JOB lit: the value strtoll gives, an INT while it fits, else a DECIMAL overflow. */
static void check_int_literal(const char *lit) {
    char sql[64];
    jt_expr *e;
    long long want;
    snprintf(sql, sizeof sql, "PAUSE JOB %s", lit);
    e = job_expr(sql);
    errno = 0;
    want = strtoll(lit, NULL, 10);
    if (errno == ERANGE) {
        ck_assert_msg(e->value.type == JT_T_DECIMAL && e->overflow, "%s", lit);
    } else {
        ck_assert_msg(e->value.type == JT_T_INT && !e->overflow, "%s", lit);
        ck_assert_msg(e->value.i == want, "%s: %lld", lit, (long long)e->value.i);
    }
}

/* Integer literals of every length from 1 to 21 digits (18 at once, longer ones by strtoll). */
START_TEST(integer_literals_every_length) {
    static const char digits[] = "918273645546372819009";
    size_t n;
    for (n = 1; n < sizeof digits; n++) {
        char lit[32];
        memcpy(lit, digits, n);
        lit[n] = '\0';
        check_int_literal(lit);
        lit[0] = '0'; /* a leading zero */
        check_int_literal(lit);
    }
    check_int_literal("999999999999999999");
    check_int_literal("9223372036854775807");
    check_int_literal("9223372036854775808");
    check_int_literal("0");
    ck_assert_int_eq(job_expr("PAUSE JOB 999999999999999999")->value.i, 999999999999999999LL);
}
END_TEST

START_TEST(integer_literals_out_of_range) {
    /* A literal beyond int64 parses: CockroachDB keeps literals exact and fails only where one
       is typed as INT (22003, eval.c; test_model_paths checks the error). It is a DECIMAL
       marked overflow. */
    static const char *const big[] = {
        "PAUSE JOB 9223372036854775808",
        "PAUSE JOB 99999999999999999999",
        "PAUSE JOB -9223372036854775809",
        "SELECT 18446744073709551616",
        "PAUSE JOBS VALUES (1), (9223372036854775808)",
        "SELECT * FROM [SHOW JOBS] LIMIT 9223372036854775808",
    };
    const jt_expr *e;
    size_t k;
    for (k = 0; k < sizeof big / sizeof big[0]; k++) {
        jt_stmt *st = NULL;
        jt_sqlerr e0;
        memset(&e0, 0, sizeof e0);
        ck_assert_msg(jt_sql_parse(&st, &arena, big[k], 0, &e0) == JT_OK, "%s: %s %s", big[k],
                      e0.sqlstate, e0.message);
    }
    e = job_expr("PAUSE JOB 99999999999999999999");
    ck_assert_int_eq(e->kind, JT_E_CONST);
    ck_assert_int_eq(e->overflow, 1);
    ck_assert_int_eq(e->value.type, JT_T_DECIMAL);
    e = job_expr("PAUSE JOB 9223372036854775807");
    ck_assert_int_eq(e->overflow, 0);
}
END_TEST

START_TEST(placeholders) {
    jt_stmt *st = parse_ok("PAUSE JOBS VALUES ($1), ($2), ($2)");
    ck_assert_int_eq(st->nparams, 2);
    st = parse_ok("SELECT * FROM [SHOW JOBS] WHERE job_id = $100");
    ck_assert_int_eq(st->nparams, 100);
    parse_err("SELECT $101", "42P02", NULL, -1);
    parse_err("SELECT $0", "42P02", NULL, -1);
    /* the index read a digit at a time: leading zeros, and far beyond the limit (no wrap) */
    ck_assert_int_eq(job_expr("PAUSE JOB $007")->param, 7);
    ck_assert_int_eq(parse_ok("SELECT $0100")->nparams, 100);
    parse_err("SELECT $000", "42P02", "placeholder index must be between 1 and 100", -1);
    parse_err("SELECT $1000", "42P02", NULL, -1);
    parse_err("SELECT $18446744073709551617", "42P02", NULL, -1);
    parse_err("SELECT $99999999999999999999999999999", "42P02", NULL, -1);
}
END_TEST

/* Several statements parse into one arena; each keeps its own tree. */
START_TEST(one_arena_many_statements) {
    jt_stmt *a = parse_ok("PAUSE JOB 1");
    jt_stmt *b = parse_ok("RESUME JOBS VALUES (2), (3)");
    parse_err("CANCEL JOB", "42601", "syntax error at or near \"EOF\"", 11);
    ck_assert_int_eq(a->op, JT_OP_PAUSE);
    ck_assert_int_eq(a->sel->rows[0][0]->value.i, 1);
    ck_assert_int_eq(b->op, JT_OP_RESUME);
    ck_assert_uint_eq(b->sel->nrows, 2);
}
END_TEST

/* A relation outside the subset. */
/* An unknown table parses: it is looked up when the statement runs, after the privilege
   check (docs/spec.md, section 4), so the parser keeps its name. */
START_TEST(unknown_relations) {
    jt_stmt *st = parse_ok("SELECT * FROM jobs");
    ck_assert_int_eq(st->sel->source, JT_SRC_UNKNOWN);
    ck_assert_str_eq(st->sel->table, "jobs");
    st = parse_ok("SELECT * FROM system.users");
    ck_assert_int_eq(st->sel->source, JT_SRC_UNKNOWN);
    ck_assert_str_eq(st->sel->table, "system.users");
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------ */

/* A statement's arena keeps its largest chunk for the next (jt_arena_keep): the next arena
   starts in it, zeroed allocations, strings and limits as in a fresh one. */
START_TEST(arena_spare_chunk) {
    jt_arena a;
    jt_arena_chunk *spare = NULL;
    unsigned char *first, *again, *big;
    char *str;
    size_t k;
    jt_arena_init_spare(&a, 1u << 22, &spare);
    first = jt_arena_alloc(&a, 64);
    ck_assert_ptr_nonnull(first);
    memset(first, 0xAB, 64);
    jt_arena_keep(&a, &spare);
    ck_assert_ptr_nonnull(spare);
    ck_assert_ptr_null(a.head);
    ck_assert_uint_eq(a.total, 0);
    jt_arena_init_spare(&a, 1u << 22, &spare);
    ck_assert_ptr_null(spare);
    again = jt_arena_alloc(&a, 64);
    ck_assert_ptr_eq(again, first); /* the kept chunk, no new malloc */
    for (k = 0; k < 64; k++)
        ck_assert_uint_eq(again[k], 0);
    str = jt_arena_strndup(&a, "pause", 3);
    ck_assert_str_eq(str, "pau");
    big = jt_arena_alloc(&a, 100000); /* a second, larger chunk: the one kept */
    ck_assert_ptr_nonnull(big);
    jt_arena_keep(&a, &spare);
    jt_arena_init_spare(&a, 50, &spare);
    ck_assert_ptr_null(jt_arena_alloc(&a, 100)); /* the limit holds in a kept chunk */
    ck_assert_int_eq(a.over, 1);
    ck_assert_ptr_eq(jt_arena_alloc(&a, 32), big);
    jt_arena_keep(&a, &spare);
    jt_arena_init(&a, SIZE_MAX); /* a chunk over 1 MB is not kept */
    ck_assert_ptr_nonnull(jt_arena_alloc(&a, (1u << 20) + 1));
    jt_arena_keep(&a, &spare);
    jt_arena_init_spare(&a, SIZE_MAX, &spare);
    ck_assert_ptr_eq(jt_arena_alloc(&a, 16), big);
    jt_arena_dispose(&a);
    jt_arena_chunk_free(spare);
}
END_TEST

/* The lexer's classes of bytes (a table): every blank separates, identifiers take letters,
   digits, '_', '$' and UTF-8, fold to lower case, and a byte outside the language is reported
   where the parser reaches it. */
START_TEST(lexer_byte_classes) {
    jt_stmt *st = parse_ok("SELECT\tJob_ID\n,\vUSER_name\f,\rx$1_é FROM\t\t[SHOW JOBS]");
    ck_assert_uint_eq(st->sel->nitems, 3);
    ck_assert_str_eq(st->sel->items[0]->name, "job_id");
    ck_assert_str_eq(st->sel->items[1]->name, "user_name");
    ck_assert_str_eq(st->sel->items[2]->name, "x$1_é");
    st = parse_ok("SELECT 'It''S', \"Q\"\"N\" FROM [SHOW JOBS]");
    ck_assert_str_eq(st->sel->items[0]->value.s, "It'S");
    ck_assert_str_eq(st->sel->items[1]->name, "Q\"N");
    ck_assert_int_eq(parse_ok("SELECT 42")->sel->items[0]->value.i, 42);
    parse_err("SELECT 1 @ 2", "42601", "syntax error at or near \"@\"", -1);
    parse_err("SELECT `x`", "42601", "syntax error at or near \"`\"", -1);
    parse_err("SELECT 1 # 2", "42601", "syntax error at or near \"#\"", -1);
}
END_TEST

/* The shape of a statement for the plan cache: each integer literal that fits an INT written
   as one '0', each string literal as ''; quoted names, comments, identifiers, placeholders,
   decimals (their exponents too), integers beyond INT and unterminated strings as written. */
START_TEST(shape_keys) {
    static const struct {
        const char *sql, *key;
        size_t runs;
    } cases[] = {
        {"PAUSE JOB 12", "PAUSE JOB 0", 1},
        {"SELECT 1::INT8, u7, $1, x.1, 1.5, 2e3, 3x", "SELECT 0::INT8, u7, $1, x.1, 1.5, 2e3, 3x",
         1},
        {"SELECT 1e-5, 1.e+3, .5e-3, 2E7, 4-6", "SELECT 1e-5, 1.e+3, .5e-3, 2E7, 0-0", 2},
        {"SELECT '1', \"2\", 'it''s 3', 4, ''", "SELECT '', \"2\", '', 0, ''", 4},
        {"SELECT 5 -- 6 '\n, 7 /* 8 ' */, 9", "SELECT 0 -- 6 '\n, 0 /* 8 ' */, 0", 3},
        {"SELECT 9223372036854775807, 9223372036854775808, 00000000000000000000012",
         "SELECT 0, 9223372036854775808, 0", 2},
        {"SELECT -1-2", "SELECT -0-0", 2},
        {"SELECT 'open 5", "SELECT 'open 5", 0},
    };
    jt_sql_key key, other;
    uint64_t h[sizeof cases / sizeof cases[0]];
    size_t k, j;
    memset(&key, 0, sizeof key);
    memset(&other, 0, sizeof other);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ck_assert_int_eq(jt_sql_shape_key(&key, cases[k].sql, strlen(cases[k].sql)), JT_OK);
        ck_assert_str_eq(key.text, cases[k].key);
        ck_assert_uint_eq(key.len, strlen(cases[k].key));
        ck_assert_uint_eq(key.nruns, cases[k].runs);
        h[k] = key.hash;
        /* the hash is the key's: the same for the key itself, another for another key */
        ck_assert_int_eq(jt_sql_shape_key(&other, cases[k].key, strlen(cases[k].key)), JT_OK);
        ck_assert(other.hash == h[k]);
        for (j = 0; j < k; j++)
            ck_assert(h[j] != h[k]);
    }
    /* the runs: where each masked literal is in the text */
    ck_assert_int_eq(jt_sql_shape_key(&key, "SELECT 12, 3 IN (456)", 21), JT_OK);
    ck_assert_uint_eq(key.nruns, 3);
    ck_assert_uint_eq(key.runs[0].pos, 7);
    ck_assert_uint_eq(key.runs[0].len, 2);
    ck_assert_uint_eq(key.runs[2].pos, 17);
    ck_assert_uint_eq(key.runs[2].len, 3);
    ck_assert_int_eq(jt_sql_shape_key(&key, "SELECT 'a''b' IN ('')", 21), JT_OK);
    ck_assert_uint_eq(key.nruns, 2);
    ck_assert_uint_eq(key.runs[0].pos, 7);
    ck_assert_uint_eq(key.runs[0].len, 6);
    ck_assert_uint_eq(key.runs[1].pos, 18);
    ck_assert_uint_eq(key.runs[1].len, 2);
    /* every byte counts, the tail after the last eight included */
    jt_sql_shape_key(&key, "PAUSE JOB \"abcdefgh1\"", 21);
    jt_sql_shape_key(&other, "PAUSE JOB \"abcdefgh2\"", 21);
    ck_assert(key.hash != other.hash);
    jt_sql_shape_key(&key, "PAUSE JOB a", 11);
    jt_sql_shape_key(&other, "PAUSE JOB b", 11);
    ck_assert(key.hash != other.hash);
    jt_sql_key_dispose(&key);
    jt_sql_key_dispose(&other);
}
END_TEST

/* A shaped parse of sql, kept with its key (as the plan cache keeps it). */
static jt_stmt *parse_shape(const char *sql, unsigned grammar, jt_sql_shape *shape,
                            jt_sql_key *key) {
    jt_sqlerr e;
    jt_stmt *st = NULL;
    memset(shape, 0, sizeof *shape);
    ck_assert_int_eq(jt_sql_parse_shaped(&st, &arena, sql, grammar, &e, shape), 0);
    ck_assert_int_eq(jt_sql_shape_key(key, sql, strlen(sql)), JT_OK);
    ck_assert_int_eq(jt_sql_shape_keep(shape, key, &arena), JT_OK);
    return st;
}

/* Another text of the same key on a shaped parse: its values, its expressions' texts, its
   statements' bounds, whether the integers keep their lengths or not. */
static void shape_to(jt_sql_shape *shape, jt_sql_key *key, const char *sql) {
    ck_assert_int_eq(jt_sql_shape_key(key, sql, strlen(sql)), JT_OK);
    ck_assert_int_eq(jt_sql_shape_apply(shape, sql, strlen(sql), key, &arena), JT_OK);
    ck_assert_str_eq(shape->src, sql);
}

/* What a shaped parse says: the integer literals, and whether a text of the same shape may
   reuse the tree (not when a job's description copies the tokens). */
START_TEST(shaped_parse) {
    jt_sql_shape shape;
    jt_sql_key key;
    jt_stmt *st;
    memset(&key, 0, sizeof key);
    parse_shape("PAUSE JOBS VALUES (1), (22)", 0, &shape, &key);
    ck_assert_uint_eq(shape.nints, 2);
    ck_assert_int_eq(shape.reusable, 1);
    shape_to(&shape, &key, "PAUSE JOBS VALUES (7), (89)");
    ck_assert_int_eq((int)shape.ints[0]->value.i, 7);
    ck_assert_int_eq((int)shape.ints[1]->value.i, 89);
    shape_to(&shape, &key, "PAUSE JOBS VALUES (9223372036854775807), (3)");
    ck_assert(shape.ints[0]->value.i == INT64_MAX);
    ck_assert_int_eq((int)shape.ints[1]->value.i, 3);
    ck_assert_int_eq(shape.ints[1]->pos, 42);
    /* longer and shorter integers move the texts after them, and the statements' bounds */
    st = parse_shape("SELECT 1 = 22, 333 AS x; SELECT 4444 IN (5)", 0, &shape, &key);
    shape_to(&shape, &key, "SELECT 100 = 2, 3 AS x; SELECT 4 IN (55555)");
    ck_assert_int_eq((int)st->sel->items[0]->textlen, 7);
    ck_assert(memcmp(st->sel->items[0]->text, "100 = 2", 7) == 0);
    ck_assert_int_eq((int)st->sel->items[0]->b->value.i, 2);
    ck_assert_int_eq((int)st->sel->items[1]->value.i, 3);
    ck_assert_int_eq(st->end, 22);
    ck_assert_int_eq(st->next->start, 24);
    ck_assert_int_eq(st->next->end, 43);
    ck_assert(memcmp(st->next->sel->items[0]->text, "4 IN (55555)", 12) == 0);
    ck_assert_int_eq((int)st->next->sel->items[0]->list[0]->value.i, 55555);
    /* strings: their values unquoted, their texts moved, from a text longer than the parse's */
    st = parse_shape("SELECT 'a' = 'it''s', 1 IN (2)", 0, &shape, &key);
    ck_assert_int_eq(shape.reusable, 1);
    ck_assert_uint_eq(shape.nstrs, 2);
    shape_to(&shape, &key, "SELECT 'a longer one' = '''', 123 IN (2)");
    ck_assert_str_eq(st->sel->items[0]->a->value.s, "a longer one");
    ck_assert_str_eq(st->sel->items[0]->b->value.s, "'");
    ck_assert_int_eq((int)st->sel->items[1]->textlen, 10);
    ck_assert(memcmp(st->sel->items[1]->text, "123 IN (2)", 10) == 0);
    shape_to(&shape, &key, "SELECT '' = 'x''y''', 4 IN (5)");
    ck_assert_str_eq(st->sel->items[0]->a->value.s, "");
    ck_assert_str_eq(st->sel->items[0]->b->value.s, "x'y'");
    parse_shape("SET search_path = a, b1", 0xffffffffu, &shape, &key);
    ck_assert_int_eq(shape.reusable, 0);
    jt_sql_key_dispose(&key);
}
END_TEST

/* ---- keywords ------------------------------------------------------------------------ */

/* The words the parser reserved before the lexer classified them (its table of strings). */
static const char *const reserved_words[] = {
    "select", "from",    "where",   "order", "by",    "limit", "offset", "and",
    "or",     "not",     "in",      "is",    "null",  "like",  "as",     "values",
    "true",   "false",   "asc",     "desc",  "jobs",  "job",   "pause",  "resume",
    "cancel", "prepare", "execute", "show",  "union", "group", "having", "distinct",
    "all",    "case",    "when",    "with",  "over"};

/* jt_p_keyword as a linear search of JT_KEYWORDS's texts. */
static int keyword_by_search(const char *w, size_t n) {
    int k;
    for (k = 1; k < KW_COUNT; k++)
        if (strlen(jt_p_keyword_text(k)) == n && memcmp(jt_p_keyword_text(k), w, n) == 0)
            return k;
    return KW_NONE;
}

/* The lexer's words: each found by jt_p_keyword as its own, in order, and every word near one
   (a prefix, a longer word, one letter changed) as a linear search finds it. */
START_TEST(keyword_lookup) {
    int k;
    ck_assert_ptr_null(jt_p_keyword_text(KW_NONE));
    ck_assert_ptr_null(jt_p_keyword_text(KW_COUNT));
    for (k = 1; k < KW_COUNT; k++) {
        const char *w = jt_p_keyword_text(k);
        size_t n = strlen(w), j;
        char near[JT_KW_MAXLEN + 2];
        ck_assert_msg(n >= 2 && n <= JT_KW_MAXLEN, "%s", w);
        if (k > 1)
            ck_assert_msg(strcmp(jt_p_keyword_text(k - 1), w) < 0, "%s out of order", w);
        ck_assert_msg(jt_p_keyword(w, n) == k, "%s: %d", w, jt_p_keyword(w, n));
        memcpy(near, w, n + 1);
        for (j = 1; j <= n; j++)
            ck_assert_int_eq(jt_p_keyword(near, j), keyword_by_search(near, j));
        near[n] = 's';
        near[n + 1] = '\0';
        ck_assert_int_eq(jt_p_keyword(near, n + 1), keyword_by_search(near, n + 1));
        for (j = 0; j < n; j++) {
            memcpy(near, w, n + 1);
            near[j] = near[j] == 'z' ? 'a' : (char)(near[j] + 1);
            ck_assert_msg(jt_p_keyword(near, n) == keyword_by_search(near, n), "%s", near);
            near[j] = '_';
            ck_assert_msg(jt_p_keyword(near, n) == keyword_by_search(near, n), "%s", near);
        }
    }
    ck_assert_int_eq(jt_p_keyword("a", 1), KW_NONE);
    ck_assert_int_eq(jt_p_keyword("characteristicsx", 16), KW_NONE);
    ck_assert_int_eq(jt_p_keyword("select", 6), KW_SELECT);
    ck_assert_int_eq(jt_p_keyword("SELECT", 6), KW_NONE); /* the lexer lowercases first */
}
END_TEST

/* The reserved words are those of the former table, and only they. */
START_TEST(keyword_reserved) {
    size_t j, nreserved = 0;
    int k;
    for (j = 0; j < sizeof reserved_words / sizeof reserved_words[0]; j++) {
        k = jt_p_keyword(reserved_words[j], strlen(reserved_words[j]));
        ck_assert_msg(k != KW_NONE && jt_p_kw_reserved[k], "%s", reserved_words[j]);
    }
    for (k = 0; k < KW_COUNT; k++)
        nreserved += jt_p_kw_reserved[k] != 0;
    ck_assert_uint_eq(nreserved, sizeof reserved_words / sizeof reserved_words[0]);
    ck_assert_int_eq(jt_p_kw_reserved[KW_NONE], 0);
}
END_TEST

/* A reserved word is no name, in any case; its look-alikes and the words that are not reserved
   are names (the parser asks the token's word). */
START_TEST(keyword_reserved_in_statements) {
    static const char *const names[] = {"selects", "fro",    "jobz",   "job_",       "schedule",
                                        "admin",   "reason", "Filter", "cHaNgEfEeD", "s"};
    size_t j;
    for (j = 0; j < sizeof reserved_words / sizeof reserved_words[0]; j++) {
        char sql[96], upper[32];
        size_t c;
        for (c = 0; reserved_words[j][c]; c++)
            upper[c] = (char)(reserved_words[j][c] - 'a' + 'A');
        upper[c] = '\0';
        snprintf(sql, sizeof sql, "PREPARE %s AS SHOW JOBS", reserved_words[j]);
        syntax_err(sql, reserved_words[j], 9);
        snprintf(sql, sizeof sql, "PREPARE %s AS SHOW JOBS", upper);
        syntax_err(sql, reserved_words[j], 9);
        snprintf(sql, sizeof sql, "PREPARE \"%s\" AS SHOW JOBS", reserved_words[j]);
        ck_assert_str_eq(parse_ok(sql)->name, reserved_words[j]);
    }
    for (j = 0; j < sizeof names / sizeof names[0]; j++) {
        char sql[96];
        jt_stmt *st;
        size_t c;
        snprintf(sql, sizeof sql, "PREPARE %s AS SHOW JOBS", names[j]);
        st = parse_ok(sql);
        for (c = 0; names[j][c]; c++)
            ck_assert_int_eq(st->name[c], names[j][c] >= 'A' && names[j][c] <= 'Z'
                                              ? names[j][c] - 'A' + 'a'
                                              : names[j][c]);
    }
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("forms");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, control_job_forms, 0, 3);
    tcase_add_test(tc, job_expression_forms);
    tcase_add_test(tc, jobs_selection_forms);
    tcase_add_test(tc, show_jobs);
    tcase_add_test(tc, prepare_execute_deallocate);
    tcase_add_test(tc, comparison_operators);
    tcase_add_test(tc, predicates);
    tcase_add_test(tc, boolean_precedence);
    tcase_add_test(tc, order_by_forms);
    tcase_add_test(tc, one_arena_many_statements);
    suite_add_tcase(s, tc);

    tc = tcase_create("lexical");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, keywords_case_insensitive);
    tcase_add_test(tc, trailing_semicolon);
    tcase_add_test(tc, several_lines);
    tcase_add_test(tc, string_literals);
    tcase_add_test(tc, keyword_lookup);
    tcase_add_test(tc, keyword_reserved);
    tcase_add_test(tc, keyword_reserved_in_statements);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, syntax_errors_outside_the_subset);
    tcase_add_test(tc, syntax_error_position_in_characters);
    tcase_add_test(tc, syntax_error_at_the_first_bad_token);
    tcase_add_test(tc, syntax_errors_through_exec);
    tcase_add_test(tc, unterminated_strings);
    tcase_add_test(tc, unknown_relations);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, nesting_depth_limit);
    tcase_add_test(tc, nesting_far_beyond_the_limit);
    tcase_add_test(tc, statement_too_long);
    tcase_add_test(tc, integer_literals);
    tcase_add_test(tc, integer_literals_out_of_range);
    tcase_add_test(tc, integer_literals_every_length);
    tcase_add_test(tc, placeholders);
    tcase_add_test(tc, shape_keys);
    tcase_add_test(tc, lexer_byte_classes);
    tcase_add_test(tc, arena_spare_chunk);
    tcase_add_test(tc, shaped_parse);
    tcase_set_timeout(tc, 60);
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
