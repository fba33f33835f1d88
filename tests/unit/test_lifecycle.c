/* Check suite of the job lifecycle of the model (model/exec.c, model.c, store.c; docs/spec.md,
   section 4, PJ-STATES, PJ-ATOMIC, PJ-NOSCHEMA, PJ-BULK, PJ-ID, the examples of section 5): every
   cell of the transition table for every job type, SCHEMA CHANGE rules, atomicity, command tags,
   the virtual clock, fixtures, reset and 64-bit ids. Expectations are written from docs/spec.md,
   never read from the profile. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"

/* ---- helpers ------------------------------------------------------------------------- */

/* The id of the pause-job page's examples (PJ-ID): larger than 2^32. */
#define EXAMPLE_ID 27536791415282LL

static jt_model *model_new(void) {
    jt_model *m = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_model_new(&m, jt_profile_find("v2.1"), &err) == 0, "jt_model_new: %s",
                  err.message);
    ck_assert_ptr_nonnull(m);
    return m;
}

static void job_at(int line, jt_model *m, long long id, const char *type, const char *status,
                   const char *user, const char *description, const char *error) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = type;
    fx.status = status;
    fx.user = user;
    fx.description = description;
    fx.error = error;
    ck_assert_msg(jt_model_fixture(m, &fx, &err) == 0, "line %d: fixture job %lld: %s", line, id,
                  err.message);
}

/* A job fixture: job(m, id, type, status); job_x adds user, description and error (NULL: not
   given). */
#define job(m, id, type, status) job_at(__LINE__, m, id, type, status, NULL, NULL, NULL)
#define job_x(m, id, type, status, user, desc, error)                                              \
    job_at(__LINE__, m, id, type, status, user, desc, error)

static void user_at(int line, jt_model *m, const char *name, int admin) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    fx.kind = JT_FIXTURE_USER;
    fx.name = name;
    fx.admin = admin;
    ck_assert_msg(jt_model_fixture(m, &fx, &err) == 0, "line %d: fixture user %s: %s", line, name,
                  err.message);
}
#define fixture_user(m, name, admin) user_at(__LINE__, m, name, admin)

static void run_at(int line, jt_model *m, const char *user, const char *sql, jt_result *r) {
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_model_exec(m, user, sql, r, &err);
    ck_assert_msg(rc == 0, "line %d: %s: jt_model_exec returned %d: %s", line, sql, rc,
                  err.message);
}

/* The statement succeeds; with tag, its command tag is tag. */
static void exec_ok_at(int line, jt_model *m, const char *sql, const char *tag) {
    jt_result r;
    run_at(line, m, "root", sql, &r);
    ck_assert_msg(!r.failed, "line %d: %s: unexpected error %s: %s", line, sql, r.sqlstate,
                  r.message ? r.message : "(null)");
    if (tag)
        ck_assert_msg(strcmp(r.tag, tag) == 0, "line %d: %s: tag '%s', expected '%s'", line, sql,
                      r.tag, tag);
    jt_result_dispose(&r);
}
#define exec_ok(m, sql, tag) exec_ok_at(__LINE__, m, sql, tag)

/* The statement fails with exactly this SQLSTATE and message, and returns nothing else. */
static void exec_err_at(int line, jt_model *m, const char *sql, const char *sqlstate,
                        const char *msg) {
    jt_result r;
    run_at(line, m, "root", sql, &r);
    ck_assert_msg(r.failed, "line %d: %s: succeeded (tag '%s'), expected %s: %s", line, sql, r.tag,
                  sqlstate, msg);
    ck_assert_msg(strcmp(r.sqlstate, sqlstate) == 0, "line %d: %s: SQLSTATE %s, expected %s (%s)",
                  line, sql, r.sqlstate, sqlstate, r.message ? r.message : "(null)");
    ck_assert_msg(r.message && strcmp(r.message, msg) == 0,
                  "line %d: %s:\n  message  %s\n  expected %s", line, sql,
                  r.message ? r.message : "(null)", msg);
    ck_assert_msg(r.nrows == 0 && r.ncols == 0, "line %d: %s: an error with rows", line, sql);
    jt_result_dispose(&r);
}
#define exec_err(m, sql, sqlstate, msg) exec_err_at(__LINE__, m, sql, sqlstate, msg)

/* The rows of a query as text: cells joined by '|', rows by ' ', SQL NULL as NULL. */
static const char *rows_at(int line, jt_model *m, const char *sql) {
    static char buf[8192];
    size_t n = 0, i, k;
    jt_result r;
    run_at(line, m, "root", sql, &r);
    ck_assert_msg(!r.failed, "line %d: %s: unexpected error %s: %s", line, sql, r.sqlstate,
                  r.message ? r.message : "(null)");
    buf[0] = '\0';
    for (i = 0; i < r.nrows; i++) {
        for (k = 0; k < r.ncols; k++) {
            const char *v = r.values[i * r.ncols + k];
            int w =
                snprintf(buf + n, sizeof buf - n, "%s%s", k ? "|" : (i ? " " : ""), v ? v : "NULL");
            ck_assert_msg(w >= 0 && (size_t)w < sizeof buf - n, "line %d: result too long", line);
            n += (size_t)w;
        }
    }
    jt_result_dispose(&r);
    return buf;
}
#define rows(m, sql) rows_at(__LINE__, m, sql)

/* The single value of a query (one row, one column); NULL for SQL NULL. */
static const char *one_value_at(int line, jt_model *m, const char *sql) {
    static char buf[8192];
    const char *v;
    jt_result r;
    run_at(line, m, "root", sql, &r);
    ck_assert_msg(!r.failed, "line %d: %s: unexpected error %s: %s", line, sql, r.sqlstate,
                  r.message ? r.message : "(null)");
    ck_assert_msg(r.nrows == 1 && r.ncols == 1, "line %d: %s: %zu rows of %zu columns, expected 1",
                  line, sql, r.nrows, r.ncols);
    v = r.values[0];
    if (v)
        snprintf(buf, sizeof buf, "%s", v);
    jt_result_dispose(&r);
    return v ? buf : NULL;
}

/* A column of SHOW JOBS for one job, read back through a selection. */
static const char *field_at(int line, jt_model *m, long long id, const char *column) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM [SHOW JOBS] WHERE job_id = %lld", column, id);
    return one_value_at(line, m, sql);
}
#define field(m, id, column) field_at(__LINE__, m, id, column)
#define status_of(m, id) field_at(__LINE__, m, id, "status")

#define assert_field(m, id, column, want) ck_assert_pstr_eq(field(m, id, column), want)
#define assert_status(m, id, want) ck_assert_pstr_eq(status_of(m, id), want)

static const char *const job_types[] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED"};
static const char *const statuses[] = {"pending",   "running", "paused",
                                       "succeeded", "failed",  "canceled"};
static const char *const op_words[] = {"PAUSE", "RESUME", "CANCEL"};

/* ---- the transition table (PJ-STATES) --------------------------------------------------- */

/* docs/spec.md, section 4, cell by cell, for job EXAMPLE_ID. to: the status afterwards (the same
   status: a no-op); err: the error instead. */
static const struct cell {
    const char *from;
    int op; /* index in op_words */
    const char *to;
    const char *err;
} cells[] = {
    {"pending", 0, "paused", NULL},
    {"pending", 1, NULL, "job with status pending cannot be resumed"},
    {"pending", 2, "canceled", NULL},
    {"running", 0, "paused", NULL},
    {"running", 1, "running", NULL},
    {"running", 2, "canceled", NULL},
    {"paused", 0, "paused", NULL},
    {"paused", 1, "running", NULL},
    {"paused", 2, "canceled", NULL},
    {"succeeded", 0, NULL, "cannot pause succeeded job (id 27536791415282)"},
    {"succeeded", 1, NULL, "job with status succeeded cannot be resumed"},
    {"succeeded", 2, NULL, "job with status succeeded cannot be canceled"},
    {"failed", 0, NULL, "cannot pause failed job (id 27536791415282)"},
    {"failed", 1, NULL, "job with status failed cannot be resumed"},
    {"failed", 2, NULL, "job with status failed cannot be canceled"},
    {"canceled", 0, NULL, "cannot pause canceled job (id 27536791415282)"},
    {"canceled", 1, NULL, "job with status canceled cannot be resumed"},
    {"canceled", 2, "canceled", NULL},
};
#define NCELLS ((int)(sizeof cells / sizeof cells[0]))

/* Loop index: type * NCELLS + cell. */
START_TEST(transition_table) {
    const struct cell *c = &cells[_i % NCELLS];
    const char *type = job_types[_i / NCELLS];
    jt_model *m = model_new();
    char sql[128], tag[64], modified[64];
    uint64_t before;
    job(m, 1, "BACKUP", "running"); /* a bystander */
    job(m, EXAMPLE_ID, type, c->from);
    snprintf(modified, sizeof modified, "%s", field(m, EXAMPLE_ID, "modified"));
    snprintf(sql, sizeof sql, "%s JOB %lld", op_words[c->op], EXAMPLE_ID);
    before = jt_model_hash(m);
    if (c->err) {
        exec_err(m, sql, "XX000", c->err);
        ck_assert_uint_eq(jt_model_hash(m), before);
        assert_status(m, EXAMPLE_ID, c->from);
    } else {
        snprintf(tag, sizeof tag, "%s JOBS 1", op_words[c->op]);
        exec_ok(m, sql, tag);
        assert_status(m, EXAMPLE_ID, c->to);
        if (strcmp(c->to, c->from) == 0) /* a no-op changes nothing */
            assert_field(m, EXAMPLE_ID, "modified", modified);
        else
            ck_assert_str_ne(field(m, EXAMPLE_ID, "modified"), modified);
    }
    assert_status(m, 1, "running");
    jt_model_free(m);
}
END_TEST

/* The same cells through the bulk form: X JOB e is X JOBS VALUES (e). */
START_TEST(transition_table_bulk_form) {
    const struct cell *c = &cells[_i % NCELLS];
    const char *type = job_types[_i / NCELLS];
    jt_model *m = model_new();
    char sql[128], tag[64];
    job(m, EXAMPLE_ID, type, c->from);
    snprintf(sql, sizeof sql, "%s JOBS VALUES (%lld)", op_words[c->op], EXAMPLE_ID);
    if (c->err) {
        exec_err(m, sql, "XX000", c->err);
        assert_status(m, EXAMPLE_ID, c->from);
    } else {
        snprintf(tag, sizeof tag, "%s JOBS 1", op_words[c->op]);
        exec_ok(m, sql, tag);
        assert_status(m, EXAMPLE_ID, c->to);
    }
    jt_model_free(m);
}
END_TEST

/* A failed job with an error text: quoted Go-style. Loop index: type * 3 + op. */
START_TEST(failed_job_with_error_text) {
    static const char *const want[] = {
        "cannot pause failed job (id 5, err: \"boom\")",
        "job with status failed \"boom\" cannot be resumed",
        "job with status failed \"boom\" cannot be canceled",
    };
    jt_model *m = model_new();
    char sql[64];
    job_x(m, 5, job_types[_i / 3], "failed", NULL, NULL, "boom");
    snprintf(sql, sizeof sql, "%s JOB 5", op_words[_i % 3]);
    exec_err(m, sql, "XX000", want[_i % 3]);
    assert_status(m, 5, "failed");
    assert_field(m, 5, "error", "boom");
    jt_model_free(m);
}
END_TEST

/* An empty error text is no error text: PAUSE drops ", err: ..." and the others drop ` "E"`. */
START_TEST(failed_job_with_empty_error_text) {
    jt_model *m = model_new();
    job_x(m, 5, "IMPORT", "failed", NULL, NULL, "");
    exec_err(m, "PAUSE JOB 5", "XX000", "cannot pause failed job (id 5)");
    exec_err(m, "RESUME JOB 5", "XX000", "job with status failed cannot be resumed");
    exec_err(m, "CANCEL JOB 5", "XX000", "job with status failed cannot be canceled");
    jt_model_free(m);
}
END_TEST

/* "quoted with double quotes and backslash escapes" as Go's %q does: quote, backslash, the C
   escapes, other controls as \xNN, invalid UTF-8 bytes as \xNN, invisible characters as \uNNNN,
   printable non-ASCII kept. */
START_TEST(failed_job_error_text_is_go_quoted) {
    jt_model *m = model_new();
    job_x(m, 7, "RESTORE", "failed", NULL, NULL,
          "a\"b\\c\nd\te\x01"
          "f\x7fg\xc3\xa9h\xffi\xc2\xa0j\xe2\x80\x8bk\xf0\x9f\x98\x80l\r\x07\x08\x0c\x0b");
    exec_err(m, "PAUSE JOB 7", "XX000",
             "cannot pause failed job (id 7, err: "
             "\"a\\\"b\\\\c\\nd\\te\\x01f\\x7fg\xc3\xa9h\\xffi\\u00a0j\\u200bk\xf0\x9f\x98\x80l"
             "\\r\\a\\b\\f\\v\")");
    exec_err(m, "RESUME JOB 7", "XX000",
             "job with status failed "
             "\"a\\\"b\\\\c\\nd\\te\\x01f\\x7fg\xc3\xa9h\\xffi\\u00a0j\\u200bk\xf0\x9f\x98\x80l"
             "\\r\\a\\b\\f\\v\" cannot be resumed");
    jt_model_free(m);
}
END_TEST

/* A long error text is quoted whole: nothing in docs/spec.md bounds it. */
START_TEST(failed_job_long_error_text_is_whole) {
    jt_model *m = model_new();
    char error[1001], want[1200];
    jt_result r;
    memset(error, 'x', sizeof error - 1);
    error[sizeof error - 1] = '\0';
    job_x(m, 8, "IMPORT", "failed", NULL, NULL, error);
    snprintf(want, sizeof want, "job with status failed \"%s\" cannot be canceled", error);
    run_at(__LINE__, m, "root", "CANCEL JOB 8", &r);
    ck_assert_int_eq(r.failed, 1);
    ck_assert_str_eq(r.sqlstate, "XX000");
    ck_assert_ptr_nonnull(r.message);
    ck_assert_msg(strcmp(r.message, want) == 0,
                  "message of %zu bytes, expected the %zu of %.40s...", strlen(r.message),
                  strlen(want), want);
    jt_result_dispose(&r);
    jt_model_free(m);
}
END_TEST

START_TEST(missing_job) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "running");
    exec_err(m, "PAUSE JOB 424242", "XX000", "job with ID 424242 does not exist");
    exec_err(m, "RESUME JOB 424242", "XX000", "job with ID 424242 does not exist");
    exec_err(m, "CANCEL JOB 424242", "XX000", "job with ID 424242 does not exist");
    exec_err(m, "CANCEL JOBS VALUES (2)", "XX000", "job with ID 2 does not exist");
    exec_err(m, "PAUSE JOB 0", "XX000", "job with ID 0 does not exist");
    exec_err(m, "PAUSE JOB -1", "XX000", "job with ID -1 does not exist");
    assert_status(m, 1, "running");
    jt_model_free(m);
}
END_TEST

/* ---- SCHEMA CHANGE (PJ-NOSCHEMA) ---------------------------------------------------------- */

/* PAUSE and RESUME: not controllable whatever the status. Loop index: status * 2 + op. */
START_TEST(schema_change_pause_resume_not_controllable) {
    jt_model *m = model_new();
    char sql[64];
    uint64_t before;
    job(m, 12, "SCHEMA CHANGE", statuses[_i / 2]);
    snprintf(sql, sizeof sql, "%s JOB 12", op_words[_i % 2]);
    before = jt_model_hash(m);
    exec_err(m, sql, "XX000", "job 12 is not controllable");
    ck_assert_uint_eq(jt_model_hash(m), before);
    assert_status(m, 12, statuses[_i / 2]);
    jt_model_free(m);
}
END_TEST

/* CANCEL follows the table (loop index: the status). */
START_TEST(schema_change_cancel_follows_table) {
    static const char *const errors[] = {
        NULL,
        NULL,
        NULL,
        "job with status succeeded cannot be canceled",
        "job with status failed cannot be canceled",
        NULL,
    };
    jt_model *m = model_new();
    job(m, 13, "SCHEMA CHANGE", statuses[_i]);
    if (errors[_i]) {
        exec_err(m, "CANCEL JOB 13", "XX000", errors[_i]);
        assert_status(m, 13, statuses[_i]);
    } else {
        exec_ok(m, "CANCEL JOB 13", "CANCEL JOBS 1");
        assert_status(m, 13, "canceled");
    }
    jt_model_free(m);
}
END_TEST

START_TEST(schema_change_failed_cancel_with_error_text) {
    jt_model *m = model_new();
    job_x(m, 14, "SCHEMA CHANGE", "failed", NULL, NULL, "column \"c\" in use");
    exec_err(m, "CANCEL JOB 14", "XX000",
             "job with status failed \"column \\\"c\\\" in use\" cannot be canceled");
    exec_err(m, "PAUSE JOB 14", "XX000", "job 14 is not controllable");
    jt_model_free(m);
}
END_TEST

/* A description starting with ROLL BACK: not controllable for every statement and status.
   Loop index: status * 3 + op. */
START_TEST(schema_change_roll_back_not_controllable) {
    jt_model *m = model_new();
    char sql[64];
    job_x(m, 15, "SCHEMA CHANGE", statuses[_i / 3], NULL, "ROLL BACK ALTER TABLE db.t ADD c INT",
          NULL);
    snprintf(sql, sizeof sql, "%s JOB 15", op_words[_i % 3]);
    exec_err(m, sql, "XX000", "job 15 is not controllable");
    assert_status(m, 15, statuses[_i / 3]);
    jt_model_free(m);
}
END_TEST

/* Only a description that starts with ROLL BACK, only for SCHEMA CHANGE jobs. */
START_TEST(roll_back_prefix_only) {
    jt_model *m = model_new();
    job_x(m, 16, "SCHEMA CHANGE", "running", NULL, "ALTER TABLE t ADD c INT -- ROLL BACK", NULL);
    exec_ok(m, "CANCEL JOB 16", "CANCEL JOBS 1");
    assert_status(m, 16, "canceled");
    job_x(m, 17, "RESTORE", "running", NULL, "ROLL BACK RESTORE db.*", NULL);
    exec_ok(m, "PAUSE JOB 17", "PAUSE JOBS 1");
    exec_ok(m, "CANCEL JOB 17", "CANCEL JOBS 1");
    assert_status(m, 17, "canceled");
    jt_model_free(m);
}
END_TEST

/* ---- the documented examples (PJ-EX-SINGLE, PJ-EX-BULK, section 5) -------------------------- */

START_TEST(example_single) {
    jt_model *m = model_new();
    job_x(m, EXAMPLE_ID, "RESTORE", "running", NULL, "RESTORE db.* FROM 'azure://backup/db/tbl'",
          NULL);
    ck_assert_str_eq(rows(m, "SELECT job_id, job_type, status FROM [SHOW JOBS]"),
                     "27536791415282|RESTORE|running");
    exec_ok(m, "PAUSE JOB 27536791415282;", "PAUSE JOBS 1");
    assert_status(m, EXAMPLE_ID, "paused");
    exec_ok(m, "RESUME JOB 27536791415282;", "RESUME JOBS 1");
    assert_status(m, EXAMPLE_ID, "running");
    jt_model_free(m);
}
END_TEST

START_TEST(example_bulk) {
    jt_model *m = model_new();
    job_x(m, 101, "RESTORE", "running", "maxroach", NULL, NULL);
    job_x(m, 102, "BACKUP", "pending", "maxroach", NULL, NULL);
    job_x(m, 103, "IMPORT", "paused", "maxroach", NULL, NULL);
    job_x(m, 104, "CHANGEFEED", "running", "root", NULL, NULL);
    exec_ok(m, "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach');",
            "PAUSE JOBS 3");
    ck_assert_str_eq(rows(m, "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id"),
                     "101|paused 102|paused 103|paused 104|running");
    jt_model_free(m);
}
END_TEST

/* One unpausable job of maxroach's makes the whole statement fail with nothing paused. */
START_TEST(example_bulk_with_a_finished_job) {
    jt_model *m = model_new();
    job_x(m, 101, "RESTORE", "running", "maxroach", NULL, NULL);
    job_x(m, 102, "BACKUP", "succeeded", "maxroach", NULL, NULL);
    job_x(m, 103, "IMPORT", "running", "maxroach", NULL, NULL);
    exec_err(m, "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach')", "XX000",
             "cannot pause succeeded job (id 102)");
    ck_assert_str_eq(rows(m, "SELECT job_id, status FROM [SHOW JOBS] ORDER BY job_id"),
                     "101|running 102|succeeded 103|running");
    jt_model_free(m);
}
END_TEST

START_TEST(example_bulk_with_a_schema_change) {
    jt_model *m = model_new();
    job_x(m, 101, "RESTORE", "running", "maxroach", NULL, NULL);
    job_x(m, 102, "SCHEMA CHANGE", "running", "maxroach", NULL, NULL);
    exec_err(m, "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'maxroach')", "XX000",
             "job 102 is not controllable");
    assert_status(m, 101, "running");
    jt_model_free(m);
}
END_TEST

/* ---- atomicity (PJ-ATOMIC) ------------------------------------------------------------------ */

/* The snapshot of what a failing statement must not change. */
typedef struct state {
    char rows[8192];
    uint64_t hash;
} state;

static void snap_at(int line, jt_model *m, state *s) {
    snprintf(s->rows, sizeof s->rows, "%s",
             rows_at(line, m,
                     "SELECT job_id, status, created, started, finished, modified "
                     "FROM [SHOW JOBS] ORDER BY job_id"));
    s->hash = jt_model_hash(m);
}
#define snap(m, s) snap_at(__LINE__, m, s)

#define assert_unchanged(m, s)                                                                     \
    do {                                                                                           \
        state now_;                                                                                \
        snap(m, &now_);                                                                            \
        ck_assert_str_eq(now_.rows, (s)->rows);                                                    \
        ck_assert_uint_eq(now_.hash, (s)->hash);                                                   \
    } while (0)

START_TEST(atomic_last_row_fails) {
    jt_model *m = model_new();
    state s;
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "pending");
    job(m, 3, "RESTORE", "succeeded");
    snap(m, &s);
    exec_err(m, "PAUSE JOBS VALUES (1), (2), (3)", "XX000", "cannot pause succeeded job (id 3)");
    assert_unchanged(m, &s);
    exec_err(m, "CANCEL JOBS SELECT job_id FROM [SHOW JOBS] ORDER BY job_id", "XX000",
             "job with status succeeded cannot be canceled");
    assert_unchanged(m, &s);
    jt_model_free(m);
}
END_TEST

START_TEST(atomic_missing_id_midway) {
    jt_model *m = model_new();
    state s;
    job(m, 1, "IMPORT", "paused");
    job(m, 2, "BACKUP", "paused");
    snap(m, &s);
    exec_err(m, "RESUME JOBS VALUES (1), (99), (2)", "XX000", "job with ID 99 does not exist");
    assert_unchanged(m, &s);
    jt_model_free(m);
}
END_TEST

START_TEST(atomic_schema_change_in_selection) {
    jt_model *m = model_new();
    state s;
    job(m, 1, "IMPORT", "running");
    job(m, 2, "SCHEMA CHANGE", "running");
    job(m, 3, "CHANGEFEED", "running");
    snap(m, &s);
    exec_err(m, "PAUSE JOBS SELECT job_id FROM [SHOW JOBS] ORDER BY job_id", "XX000",
             "job 2 is not controllable");
    assert_unchanged(m, &s);
    jt_model_free(m);
}
END_TEST

/* A job changed earlier in the statement, then seen again, is restored all the same. */
START_TEST(atomic_job_seen_twice) {
    jt_model *m = model_new();
    state s;
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "paused");
    job(m, 3, "RESTORE", "succeeded");
    snap(m, &s);
    exec_err(m, "CANCEL JOBS VALUES (1), (2), (1), (2), (3)", "XX000",
             "job with status succeeded cannot be canceled");
    assert_unchanged(m, &s);
    assert_field(m, 1, "finished", NULL);
    jt_model_free(m);
}
END_TEST

/* Errors of the selection itself come before any job is touched. */
START_TEST(atomic_selection_errors) {
    jt_model *m = model_new();
    state s;
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "running");
    snap(m, &s);
    exec_err(m, "PAUSE JOBS VALUES (1), ('foo')", "22P02", "could not parse \"foo\" as type int");
    assert_unchanged(m, &s);
    exec_err(m, "PAUSE JOBS VALUES (1), ((SELECT job_id FROM [SHOW JOBS]))", "21000",
             "more than one row returned by a subquery used as an expression");
    assert_unchanged(m, &s);
    exec_err(m, "PAUSE JOBS SELECT job_id, status FROM [SHOW JOBS]", "XX000",
             "PAUSE JOBS expects a single column source, got 2 columns");
    assert_unchanged(m, &s);
    jt_model_free(m);
}
END_TEST

/* Rows are processed in order: the first failing row names the error. */
START_TEST(first_error_in_row_order) {
    jt_model *m = model_new();
    job(m, 3, "IMPORT", "succeeded");
    job(m, 4, "IMPORT", "canceled");
    exec_err(m, "PAUSE JOBS VALUES (99), (3), (4)", "XX000", "job with ID 99 does not exist");
    exec_err(m, "PAUSE JOBS VALUES (3), (99), (4)", "XX000", "cannot pause succeeded job (id 3)");
    exec_err(m, "PAUSE JOBS VALUES (4), (3)", "XX000", "cannot pause canceled job (id 4)");
    exec_err(m, "PAUSE JOBS SELECT job_id FROM [SHOW JOBS] ORDER BY job_id DESC", "XX000",
             "cannot pause canceled job (id 4)");
    exec_err(m, "PAUSE JOBS SELECT job_id FROM [SHOW JOBS] ORDER BY job_id", "XX000",
             "cannot pause succeeded job (id 3)");
    jt_model_free(m);
}
END_TEST

/* ---- shape and type errors (section 4) ------------------------------------------------------ */

START_TEST(shape_and_type_errors) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "running");
    exec_err(m, "PAUSE JOBS SELECT job_id, status FROM [SHOW JOBS]", "XX000",
             "PAUSE JOBS expects a single column source, got 2 columns");
    exec_err(m, "RESUME JOBS VALUES (1, 2, 3)", "XX000",
             "RESUME JOBS expects a single column source, got 3 columns");
    exec_err(m, "CANCEL JOBS SELECT * FROM system.jobs", "XX000",
             "CANCEL JOBS expects a single column source, got 3 columns");
    exec_err(m, "PAUSE JOB 1::OID", "XX000", "PAUSE JOBS requires int values, not type oid");
    exec_err(m, "RESUME JOBS SELECT 1::OID", "XX000",
             "RESUME JOBS requires int values, not type oid");
    exec_err(m, "CANCEL JOBS SELECT status FROM [SHOW JOBS]", "XX000",
             "CANCEL JOBS requires int values, not type string");
    exec_err(m, "PAUSE JOB 'foo'", "22P02", "could not parse \"foo\" as type int");
    exec_err(m, "CANCEL JOB 'foo'", "22P02", "could not parse \"foo\" as type int");
    assert_status(m, 1, "running");
    jt_model_free(m);
}
END_TEST

/* The shape is checked before anything runs: a second column whose subquery would fail when
   run gives the shape error. */
START_TEST(shape_checked_before_running) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "running");
    job(m, 2, "IMPORT", "running");
    exec_err(m, "PAUSE JOBS SELECT job_id, (SELECT job_id FROM [SHOW JOBS]) FROM [SHOW JOBS]",
             "XX000", "PAUSE JOBS expects a single column source, got 2 columns");
    exec_err(m, "PAUSE JOBS SELECT (SELECT job_id FROM [SHOW JOBS])::OID", "XX000",
             "PAUSE JOBS requires int values, not type oid");
    jt_model_free(m);
}
END_TEST

/* a_expr forms of section 3 as ids. */
START_TEST(id_expression_forms) {
    jt_model *m = model_new();
    job(m, 5, "IMPORT", "running");
    job(m, 6, "BACKUP", "running");
    exec_ok(m, "PAUSE JOB '5'", "PAUSE JOBS 1");
    assert_status(m, 5, "paused");
    exec_ok(m, "RESUME JOB 5::INT", "RESUME JOBS 1");
    assert_status(m, 5, "running");
    exec_ok(m, "PAUSE JOB (SELECT job_id FROM [SHOW JOBS] WHERE job_type = 'BACKUP')",
            "PAUSE JOBS 1");
    assert_status(m, 6, "paused");
    /* zero rows: NULL, skipped */
    exec_ok(m, "CANCEL JOB (SELECT job_id FROM [SHOW JOBS] WHERE job_type = 'RESTORE')",
            "CANCEL JOBS 0");
    exec_ok(m, "PREPARE p AS CANCEL JOB $1", "PREPARE");
    exec_ok(m, "EXECUTE p(6)", "CANCEL JOBS 1");
    assert_status(m, 6, "canceled");
    exec_ok(m, "PAUSE JOBS (VALUES ('5'))", "PAUSE JOBS 1");
    assert_status(m, 5, "paused");
    jt_model_free(m);
}
END_TEST

/* ---- command tags and counts (section 4, Result) -------------------------------------------- */

START_TEST(tag_of_the_singular_form) {
    jt_model *m = model_new();
    jt_result r;
    job(m, 1, "IMPORT", "running");
    run_at(__LINE__, m, "root", "PAUSE JOB 1", &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_str_eq(r.tag, "PAUSE JOBS 1");
    ck_assert_int_eq(r.count, 1);
    ck_assert_uint_eq(r.nrows, 0);
    ck_assert_uint_eq(r.ncols, 0);
    jt_result_dispose(&r);
    exec_ok(m, "RESUME JOB 1", "RESUME JOBS 1");
    exec_ok(m, "CANCEL JOB 1", "CANCEL JOBS 1");
    jt_model_free(m);
}
END_TEST

START_TEST(tag_counts_duplicates_and_noops) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "paused");
    exec_ok(m, "PAUSE JOBS VALUES (1), (1)", "PAUSE JOBS 2");
    assert_status(m, 1, "paused");
    exec_ok(m, "PAUSE JOBS VALUES (1), (2), (1), (2)", "PAUSE JOBS 4");
    exec_ok(m, "RESUME JOBS VALUES (2), (2), (2)", "RESUME JOBS 3");
    assert_status(m, 2, "running");
    exec_ok(m, "CANCEL JOBS VALUES (2), (2)", "CANCEL JOBS 2");
    assert_status(m, 2, "canceled");
    jt_model_free(m);
}
END_TEST

START_TEST(tag_skips_nulls) {
    jt_model *m = model_new();
    jt_result r;
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "running");
    exec_ok(m, "PAUSE JOBS VALUES (1), (NULL), (2), (NULL)", "PAUSE JOBS 2");
    exec_ok(m, "RESUME JOB NULL", "RESUME JOBS 0");
    exec_ok(m, "CANCEL JOBS VALUES (NULL), (NULL)", "CANCEL JOBS 0");
    exec_ok(m, "CANCEL JOBS SELECT NULL", "CANCEL JOBS 0");
    run_at(__LINE__, m, "root", "CANCEL JOB NULL", &r);
    ck_assert_int_eq(r.count, 0);
    jt_result_dispose(&r);
    assert_status(m, 1, "paused");
    assert_status(m, 2, "paused");
    jt_model_free(m);
}
END_TEST

START_TEST(tag_of_an_empty_selection) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "running");
    exec_ok(m, "PAUSE JOBS SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'nobody'",
            "PAUSE JOBS 0");
    exec_ok(m, "RESUME JOBS SELECT id FROM system.jobs WHERE id > 100", "RESUME JOBS 0");
    exec_ok(m, "CANCEL JOBS SELECT job_id FROM crdb_internal.jobs LIMIT 0", "CANCEL JOBS 0");
    assert_status(m, 1, "running");
    jt_model_free(m);
}
END_TEST

/* ---- timestamps on the virtual clock -------------------------------------------------------- */

/* The clock starts at 2018-10-30 12:00:00; every fixture and every statement that changes a
   job is one second later. */
START_TEST(timestamps_progress_deterministically) {
    jt_model *m = model_new();
    const char *cols = "SELECT created, started, finished, modified FROM [SHOW JOBS] "
                       "WHERE job_id = ";
    char sql[256];
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "pending");
    snprintf(sql, sizeof sql, "%s1", cols);
    ck_assert_str_eq(rows(m, sql),
                     "2018-10-30 12:00:01|2018-10-30 12:00:01|NULL|2018-10-30 12:00:01");
    snprintf(sql, sizeof sql, "%s2", cols);
    ck_assert_str_eq(rows(m, sql), "2018-10-30 12:00:02|NULL|NULL|2018-10-30 12:00:02");

    exec_ok(m, "PAUSE JOB 1", "PAUSE JOBS 1");
    snprintf(sql, sizeof sql, "%s1", cols);
    ck_assert_str_eq(rows(m, sql),
                     "2018-10-30 12:00:01|2018-10-30 12:00:01|NULL|2018-10-30 12:00:03");
    /* a no-op and a failed statement change no timestamp */
    exec_ok(m, "PAUSE JOB 1", "PAUSE JOBS 1");
    exec_err(m, "RESUME JOBS VALUES (1), (99)", "XX000", "job with ID 99 does not exist");
    ck_assert_str_eq(rows(m, sql),
                     "2018-10-30 12:00:01|2018-10-30 12:00:01|NULL|2018-10-30 12:00:03");
    exec_ok(m, "RESUME JOB 1", "RESUME JOBS 1");
    ck_assert_str_eq(rows(m, sql),
                     "2018-10-30 12:00:01|2018-10-30 12:00:01|NULL|2018-10-30 12:00:04");
    exec_ok(m, "CANCEL JOB 1", "CANCEL JOBS 1");
    ck_assert_str_eq(
        rows(m, sql),
        "2018-10-30 12:00:01|2018-10-30 12:00:01|2018-10-30 12:00:05|2018-10-30 12:00:05");
    /* one statement is one event: the jobs it changes share their timestamps */
    job(m, 3, "RESTORE", "running");
    job(m, 4, "CHANGEFEED", "paused");
    exec_ok(m, "CANCEL JOBS VALUES (3), (4)", "CANCEL JOBS 2");
    ck_assert_str_eq(rows(m, "SELECT job_id, finished, modified FROM [SHOW JOBS] "
                             "WHERE job_id IN (3, 4) ORDER BY job_id"),
                     "3|2018-10-30 12:00:08|2018-10-30 12:00:08 "
                     "4|2018-10-30 12:00:08|2018-10-30 12:00:08");
    jt_model_free(m);
}
END_TEST

/* started is NULL until the job is reached running (section 2: "NULL when not reached"); a
   pending job that is paused or canceled never started. */
START_TEST(pending_job_controlled_has_not_started) {
    jt_model *m = model_new();
    job(m, 1, "IMPORT", "pending");
    job(m, 2, "BACKUP", "pending");
    exec_ok(m, "PAUSE JOB 1", "PAUSE JOBS 1");
    assert_field(m, 1, "started", NULL);
    exec_ok(m, "CANCEL JOB 2", "CANCEL JOBS 1");
    assert_field(m, 2, "started", NULL);
    assert_field(m, 2, "finished", "2018-10-30 12:00:04");
    jt_model_free(m);
}
END_TEST

/* ---- fixtures ------------------------------------------------------------------------------- */

START_TEST(fixture_defaults) {
    jt_model *m = model_new();
    job(m, 1, "RESTORE", "running");
    ck_assert_str_eq(rows(m, "SELECT job_type, user_name, status, fraction_completed, error, "
                             "coordinator_id FROM [SHOW JOBS]"),
                     "RESTORE|root|running|0||NULL");
    ck_assert_uint_eq(jt_model_statuses(NULL, 0, m), 1);
    job_x(m, 2, "SCHEMA CHANGE", "failed", "maxroach", "ALTER TABLE t ADD c INT", "boom");
    ck_assert_str_eq(rows(m, "SELECT job_type, user_name, status, error FROM [SHOW JOBS] "
                             "WHERE job_id = 2"),
                     "SCHEMA CHANGE|maxroach|failed|boom");
    assert_field(m, 2, "description", "ALTER TABLE t ADD c INT");
    jt_model_free(m);
}
END_TEST

/* A later fixture for the same id moves the job, as its own progress would. */
START_TEST(fixture_moves_a_job) {
    jt_model *m = model_new();
    job_x(m, 1, "IMPORT", "pending", "maxroach", "IMPORT TABLE a CSV DATA ('x')", NULL);
    job(m, 1, NULL, "running");
    ck_assert_str_eq(rows(m, "SELECT job_type, user_name, status, created, started, finished "
                             "FROM [SHOW JOBS]"),
                     "IMPORT|maxroach|running|2018-10-30 12:00:01|2018-10-30 12:00:02|NULL");
    ck_assert_uint_eq(jt_model_statuses(NULL, 0, m), 1);
    job(m, 1, NULL, "succeeded");
    ck_assert_str_eq(rows(m, "SELECT status, started, finished, modified, fraction_completed "
                             "FROM [SHOW JOBS]"),
                     "succeeded|2018-10-30 12:00:02|2018-10-30 12:00:03|2018-10-30 12:00:03|1");
    exec_err(m, "PAUSE JOB 1", "XX000", "cannot pause succeeded job (id 1)");
    job_x(m, 1, NULL, "failed", NULL, NULL, "disk full");
    exec_err(m, "RESUME JOB 1", "XX000", "job with status failed \"disk full\" cannot be resumed");
    assert_field(m, 1, "description", "IMPORT TABLE a CSV DATA ('x')");
    job_x(m, 1, "SCHEMA CHANGE", "running", "root", NULL, NULL);
    exec_err(m, "PAUSE JOB 1", "XX000", "job 1 is not controllable");
    ck_assert_str_eq(rows(m, "SELECT job_type, user_name, finished FROM [SHOW JOBS]"),
                     "SCHEMA CHANGE|root|NULL");
    ck_assert_uint_eq(jt_model_statuses(NULL, 0, m), 1);
    jt_model_free(m);
}
END_TEST

START_TEST(fixture_errors) {
    static const struct {
        long long id;
        const char *type, *status;
    } bad[] = {
        {0, "IMPORT", "running"},       {-5, "IMPORT", "running"},
        {1, "IMPORT", "sleeping"},      {1, "IMPORT", NULL},
        {1, "EXPORT", "running"},       {1, NULL, "running"},
        {1, "schema_change", "paused"},
    };
    jt_model *m = model_new();
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        jt_fixture fx;
        jt_error err;
        memset(&fx, 0, sizeof fx);
        memset(&err, 0, sizeof err);
        fx.kind = JT_FIXTURE_JOB;
        fx.id = bad[k].id;
        fx.type = bad[k].type;
        fx.status = bad[k].status;
        ck_assert_msg(jt_model_fixture(m, &fx, &err) == JT_EINVAL, "bad fixture %zu accepted", k);
        ck_assert_int_eq(err.code, JT_EINVAL);
        ck_assert_str_ne(err.message, "");
    }
    {
        jt_fixture fx;
        jt_error err;
        memset(&fx, 0, sizeof fx);
        fx.kind = 99;
        ck_assert_int_eq(jt_model_fixture(m, &fx, &err), JT_EINVAL);
        fx.kind = JT_FIXTURE_USER;
        ck_assert_int_eq(jt_model_fixture(m, &fx, &err), JT_EINVAL);
    }
    ck_assert_uint_eq(jt_model_statuses(NULL, 0, m), 0);
    ck_assert_str_eq(rows(m, "SHOW JOBS"), "");
    jt_model_free(m);
}
END_TEST

/* ---- reset ------------------------------------------------------------------------------ */

START_TEST(reset_empties_the_scenario) {
    jt_model *m = model_new(), *fresh = model_new();
    jt_result r;
    fixture_user(m, "boss", 1);
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "running");
    exec_ok(m, "PREPARE p AS PAUSE JOB $1", "PREPARE");
    exec_ok(m, "PAUSE JOB 1", "PAUSE JOBS 1");
    jt_model_reset(m);
    ck_assert_uint_eq(jt_model_statuses(NULL, 0, m), 0);
    ck_assert_str_eq(rows(m, "SHOW JOBS"), "");
    ck_assert_uint_eq(jt_model_hash(m), jt_model_hash(fresh));
    exec_err(m, "PAUSE JOB 1", "XX000", "job with ID 1 does not exist");
    exec_err(m, "EXECUTE p(1)", "26000", "prepared statement \"p\" does not exist");
    /* boss is gone (a session of boss is refused); testuser still exists and is no admin */
    run_at(__LINE__, m, "boss", "PAUSE JOB 1", &r);
    ck_assert_str_eq(r.sqlstate, "XX000");
    ck_assert_str_eq(r.message, "password authentication failed for user boss");
    jt_result_dispose(&r);
    run_at(__LINE__, m, "testuser", "PAUSE JOB 1", &r);
    ck_assert_str_eq(r.sqlstate, "42501");
    jt_result_dispose(&r);
    /* the clock starts again */
    job(m, 7, "RESTORE", "running");
    assert_field(m, 7, "created", "2018-10-30 12:00:01");
    jt_model_reset(m);
    jt_model_reset(m);
    ck_assert_uint_eq(jt_model_hash(m), jt_model_hash(fresh));
    jt_model_free(m);
    jt_model_free(fresh);
}
END_TEST

/* ---- 64-bit ids (PJ-ID) --------------------------------------------------------------------- */

START_TEST(ids_up_to_int64_max) {
    jt_model *m = model_new();
    job(m, 9223372036854775807LL, "BACKUP", "running");
    job(m, 9223372036854775806LL, "BACKUP", "running");
    exec_ok(m, "PAUSE JOB 9223372036854775807", "PAUSE JOBS 1");
    assert_status(m, 9223372036854775807LL, "paused");
    assert_status(m, 9223372036854775806LL, "running");
    ck_assert_str_eq(rows(m, "SELECT job_id FROM [SHOW JOBS] ORDER BY job_id DESC"),
                     "9223372036854775807 9223372036854775806");
    exec_ok(m, "CANCEL JOB '9223372036854775806'", "CANCEL JOBS 1");
    assert_status(m, 9223372036854775806LL, "canceled");
    exec_err(m, "RESUME JOB 9223372036854775805", "XX000",
             "job with ID 9223372036854775805 does not exist");
    exec_err(m, "RESUME JOB 9223372036854775806", "XX000",
             "job with status canceled cannot be resumed");
    exec_err(m, "PAUSE JOB 9223372036854775806", "XX000",
             "cannot pause canceled job (id 9223372036854775806)");
    jt_model_free(m);
}
END_TEST

/* Ids equal in their low 32 bits are different jobs. */
START_TEST(ids_differ_above_bit_32) {
    static const long long ids[] = {5, 5 + (1LL << 32), 5 + (1LL << 33), 5 + (1LL << 62),
                                    5 + (1LL << 32) + (1LL << 62)};
    jt_model *m = model_new();
    size_t k;
    char sql[128];
    for (k = 0; k < sizeof ids / sizeof ids[0]; k++)
        job(m, ids[k], "IMPORT", "running");
    exec_ok(m, "PAUSE JOB 4294967301", "PAUSE JOBS 1");
    exec_ok(m, "CANCEL JOB 4611686018427387909", "CANCEL JOBS 1");
    assert_status(m, 5, "running");
    assert_status(m, 5 + (1LL << 32), "paused");
    assert_status(m, 5 + (1LL << 33), "running");
    assert_status(m, 5 + (1LL << 62), "canceled");
    assert_status(m, 5 + (1LL << 32) + (1LL << 62), "running");
    snprintf(sql, sizeof sql, "PAUSE JOB %lld", 5 + (1LL << 34));
    exec_err(m, sql, "XX000", "job with ID 17179869189 does not exist");
    jt_model_free(m);
}
END_TEST

/* The jobs table with many jobs: every one is found, and only those. */
START_TEST(many_jobs_lookup) {
    enum { N = 100000 };
    jt_model *m = model_new();
    jt_model_status *st;
    char sql[128];
    size_t i, n;
    /* ids share their low 32 bits; some ids are beyond 2^62 */
    for (i = 0; i < N; i++) {
        long long id = (long long)(i + 1) << 32 | 12345;
        if (i % 10 == 9)
            id |= 1LL << 62;
        job(m, id, job_types[i % 4], "running");
    }
    ck_assert_uint_eq(jt_model_statuses(NULL, 0, m), N);
    for (i = 0; i < N; i++) {
        jt_result r;
        long long id = (long long)(i + 1) << 32 | 12345;
        if (i % 10 == 9)
            id |= 1LL << 62;
        snprintf(sql, sizeof sql, "PAUSE JOB %lld", id);
        run_at(__LINE__, m, "root", sql, &r);
        ck_assert_msg(!r.failed && strcmp(r.tag, "PAUSE JOBS 1") == 0, "%s: %s", sql,
                      r.failed ? r.message : r.tag);
        jt_result_dispose(&r);
    }
    for (i = 0; i < N; i += 97) {
        jt_result r;
        long long id = (long long)(i + 1) << 32 | 12346;
        snprintf(sql, sizeof sql, "CANCEL JOB %lld", id);
        run_at(__LINE__, m, "root", sql, &r);
        ck_assert_msg(r.failed, "%s: found a job that does not exist", sql);
        jt_result_dispose(&r);
    }
    n = jt_model_statuses(NULL, 0, m);
    ck_assert_uint_eq(n, N);
    st = malloc(n * sizeof *st);
    ck_assert_ptr_nonnull(st);
    ck_assert_uint_eq(jt_model_statuses(st, n, m), N);
    for (i = 0; i < n; i++) {
        long long id = (long long)(i + 1) << 32 | 12345;
        if (i % 10 == 9)
            id |= 1LL << 62;
        ck_assert_int_eq(st[i].id, id);
        ck_assert_int_eq(st[i].status, JT_ST_PAUSED);
    }
    free(st);
    assert_status(m, (long long)77777 << 32 | 12345, "paused");
    exec_ok(m, "RESUME JOBS SELECT job_id FROM [SHOW JOBS]", "RESUME JOBS 100000");
    assert_status(m, ((long long)100000 << 32 | 12345) | 1LL << 62, "running");
    jt_model_free(m);
}
END_TEST

/* ---- spec coverage (model/model.h): counted as control statements run ---------------------- */

#define HIT(c, st, op, ty, pv) ((c).hits[JT_ST_##st][JT_OP_##op][JT_TY_##ty][JT_PRIV_##pv])
#define MISSING(c, op, pv) ((c).hits[JT_COVER_MISSING][JT_OP_##op][0][JT_PRIV_##pv])

/* The counts the model made since the last take. */
static jt_coverage taken(jt_model *m) {
    jt_coverage c;
    memset(&c, 0, sizeof c);
    jt_model_coverage_take(m, &c);
    return c;
}

START_TEST(coverage_counts_what_a_statement_looks_at) {
    jt_model *m = model_new();
    jt_coverage c;
    jt_result r;
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "succeeded");
    job(m, 3, "RESTORE", "paused");
    /* 1 moves to paused, then is seen paused (a no-op); 2 stops the statement; 3 is not
       looked at. */
    exec_err(m, "PAUSE JOBS VALUES (1), (1), (2), (3)", "XX000",
             "cannot pause succeeded job (id 2)");
    exec_err(m, "RESUME JOBS VALUES (99), (3)", "XX000", "job with ID 99 does not exist");
    c = taken(m);
    ck_assert_uint_eq(c.statements, 2);
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, PAUSED, PAUSE, IMPORT, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, SUCCEEDED, PAUSE, BACKUP, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, PAUSED, PAUSE, RESTORE, ADMIN), 0);
    ck_assert_uint_eq(MISSING(c, RESUME, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, PAUSED, RESUME, RESTORE, ADMIN), 0);
    /* Nothing counted: a syntax error, a wrong shape, a query. */
    run_at(__LINE__, m, "root", "PAUSE JOBS 1, 2", &r);
    ck_assert(r.failed);
    jt_result_dispose(&r);
    run_at(__LINE__, m, "root", "PAUSE JOBS SELECT 1, 2", &r);
    ck_assert(r.failed);
    jt_result_dispose(&r);
    ck_assert_str_eq(rows(m, "SELECT job_id FROM [SHOW JOBS] WHERE job_id = 1"), "1");
    c = taken(m);
    ck_assert_uint_eq(c.statements, 0);
    ck_assert_uint_eq(HIT(c, PAUSED, PAUSE, IMPORT, ADMIN), 0);
    jt_model_free(m);
}
END_TEST

/* A user the privilege check refuses before anything is read: every job the selection names,
   as root sees them, whatever their status; an unknown id too. */
START_TEST(coverage_of_a_refused_user) {
    jt_model *m = model_new();
    jt_coverage c;
    jt_result r;
    job(m, 1, "IMPORT", "running");
    job(m, 2, "BACKUP", "succeeded");
    run_at(__LINE__, m, "testuser", "PAUSE JOBS SELECT job_id FROM system.jobs UNION", &r);
    jt_result_dispose(&r);
    run_at(__LINE__, m, "testuser", "PAUSE JOBS VALUES (2), (77), (1)", &r);
    ck_assert(r.failed);
    ck_assert_str_eq(r.sqlstate, "42501");
    jt_result_dispose(&r);
    c = taken(m);
    ck_assert_uint_eq(c.statements, 1);
    ck_assert_uint_eq(HIT(c, SUCCEEDED, PAUSE, BACKUP, OTHER), 1);
    ck_assert_uint_eq(MISSING(c, PAUSE, OTHER), 1);
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, OTHER), 1);
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, IMPORT, ADMIN), 0);
    jt_model_free(m);
}
END_TEST

/* EXECUTE of a prepared control statement counts as the statement; a reset keeps the counts
   (they are the run's, not the scenario's); a take starts them over; the hash ignores them. */
START_TEST(coverage_execute_reset_and_take) {
    jt_model *m = model_new();
    jt_coverage sum;
    uint64_t h;
    job(m, 5, "CHANGEFEED", "paused");
    exec_ok(m, "PREPARE r AS RESUME JOB $1", "PREPARE");
    h = jt_model_hash(m);
    exec_err(m, "CANCEL JOB 6", "XX000", "job with ID 6 does not exist");
    ck_assert_uint_eq(jt_model_hash(m), h);
    exec_ok(m, "EXECUTE r(5)", "RESUME JOBS 1");
    jt_model_reset(m);
    memset(&sum, 0, sizeof sum);
    jt_model_coverage_take(m, &sum);
    jt_model_coverage_take(m, &sum); /* nothing more: the first took them */
    ck_assert_uint_eq(sum.statements, 2);
    ck_assert_uint_eq(MISSING(sum, CANCEL, ADMIN), 1);
    ck_assert_uint_eq(HIT(sum, PAUSED, RESUME, CHANGEFEED, ADMIN), 1);
    jt_model_free(m);
}
END_TEST

/* The delegated forms count the jobs they pick (FOR SCHEDULES: the schedule's jobs in a status
   the operation can take), not the schedule ids. */
START_TEST(coverage_of_delegated_forms) {
    jt_model *m = NULL;
    jt_coverage c;
    jt_fixture fx;
    jt_error err;
    ck_assert_int_eq(jt_model_new(&m, jt_profile_find("v20.2"), &err), 0);
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.type = "BACKUP";
    fx.status = "running";
    fx.schedule = 7;
    fx.id = 1;
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    fx.id = 2;
    fx.status = "succeeded";
    ck_assert_int_eq(jt_model_fixture(m, &fx, &err), 0);
    exec_ok(m, "PAUSE JOBS FOR SCHEDULE 7", "PAUSE JOBS FOR SCHEDULES 1");
    c = taken(m);
    ck_assert_uint_eq(c.statements, 1);
    ck_assert_uint_eq(HIT(c, RUNNING, PAUSE, BACKUP, ADMIN), 1);
    ck_assert_uint_eq(HIT(c, SUCCEEDED, PAUSE, BACKUP, ADMIN), 0);
    ck_assert_uint_eq(MISSING(c, PAUSE, ADMIN), 0);
    jt_model_free(m);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------ */

static TCase *coverage_tests(void) {
    TCase *tc = tcase_create("coverage");
    tcase_add_test(tc, coverage_counts_what_a_statement_looks_at);
    tcase_add_test(tc, coverage_of_a_refused_user);
    tcase_add_test(tc, coverage_execute_reset_and_take);
    tcase_add_test(tc, coverage_of_delegated_forms);
    return tc;
}

static Suite *suite(void) {
    Suite *s = suite_create("lifecycle");
    TCase *tc = tcase_create("table");
    tcase_add_loop_test(tc, transition_table, 0, 4 * NCELLS);
    tcase_add_loop_test(tc, transition_table_bulk_form, 0, 4 * NCELLS);
    tcase_add_loop_test(tc, failed_job_with_error_text, 0, 4 * 3);
    tcase_add_test(tc, failed_job_with_empty_error_text);
    tcase_add_test(tc, failed_job_error_text_is_go_quoted);
    tcase_add_test(tc, failed_job_long_error_text_is_whole);
    tcase_add_test(tc, missing_job);
    suite_add_tcase(s, tc);

    tc = tcase_create("schema_change");
    tcase_add_loop_test(tc, schema_change_pause_resume_not_controllable, 0, 6 * 2);
    tcase_add_loop_test(tc, schema_change_cancel_follows_table, 0, 6);
    tcase_add_test(tc, schema_change_failed_cancel_with_error_text);
    tcase_add_loop_test(tc, schema_change_roll_back_not_controllable, 0, 6 * 3);
    tcase_add_test(tc, roll_back_prefix_only);
    suite_add_tcase(s, tc);

    tc = tcase_create("examples");
    tcase_add_test(tc, example_single);
    tcase_add_test(tc, example_bulk);
    tcase_add_test(tc, example_bulk_with_a_finished_job);
    tcase_add_test(tc, example_bulk_with_a_schema_change);
    suite_add_tcase(s, tc);

    tc = tcase_create("atomic");
    tcase_add_test(tc, atomic_last_row_fails);
    tcase_add_test(tc, atomic_missing_id_midway);
    tcase_add_test(tc, atomic_schema_change_in_selection);
    tcase_add_test(tc, atomic_job_seen_twice);
    tcase_add_test(tc, atomic_selection_errors);
    tcase_add_test(tc, first_error_in_row_order);
    tcase_add_test(tc, shape_and_type_errors);
    tcase_add_test(tc, shape_checked_before_running);
    tcase_add_test(tc, id_expression_forms);
    suite_add_tcase(s, tc);

    tc = tcase_create("tags");
    tcase_add_test(tc, tag_of_the_singular_form);
    tcase_add_test(tc, tag_counts_duplicates_and_noops);
    tcase_add_test(tc, tag_skips_nulls);
    tcase_add_test(tc, tag_of_an_empty_selection);
    suite_add_tcase(s, tc);

    tc = tcase_create("clock_and_fixtures");
    tcase_add_test(tc, timestamps_progress_deterministically);
    tcase_add_test(tc, pending_job_controlled_has_not_started);
    tcase_add_test(tc, fixture_defaults);
    tcase_add_test(tc, fixture_moves_a_job);
    tcase_add_test(tc, fixture_errors);
    tcase_add_test(tc, reset_empties_the_scenario);
    suite_add_tcase(s, tc);

    suite_add_tcase(s, coverage_tests());

    tc = tcase_create("ids");
    tcase_add_test(tc, ids_up_to_int64_max);
    tcase_add_test(tc, ids_differ_above_bit_32);
    tcase_add_test(tc, many_jobs_lookup);
    /* 100000 fixtures and statements: generous for sanitizer builds */
    tcase_set_timeout(tc, 300);
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
