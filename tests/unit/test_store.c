/* Check suite of the model's storage (model/store.c): jobs found by id while the ids ascend
   (no hash index) and after one arrives out of order (the index built then), the table's
   growth, a job's extra (description, error, pause reason) through a control statement that
   commits or is undone, an owner that changes, and a copy of the model (jt_model_clone). */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/store.h"
#include "model/model.h"

static jt_model *model_new(const char *profile) {
    jt_model *m = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_model_new(&m, jt_profile_find(profile), &err) == 0, "jt_model_new: %s",
                  err.message);
    return m;
}

static void job_full(jt_model *m, long long id, const char *user, const char *description,
                     const char *status, const char *error) {
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = id;
    fx.type = "IMPORT";
    fx.status = status;
    fx.user = user;
    fx.description = description;
    fx.error = error;
    ck_assert_msg(jt_model_fixture(m, &fx, &err) == 0, "fixture job %lld: %s", id, err.message);
}

static void job(jt_model *m, long long id, const char *user) {
    job_full(m, id, user, NULL, "running", NULL);
}

/* Every id of ids is found (and is the job's), and none of absent. */
static void assert_found(const jt_model *m, const long long *ids, size_t n, const long long *absent,
                         size_t nabsent) {
    size_t i;
    for (i = 0; i < n; i++) {
        const jt_job *j = jt_store_job(m, ids[i]);
        ck_assert_msg(j && j->id == ids[i], "job %lld not found", ids[i]);
    }
    for (i = 0; i < nabsent; i++)
        ck_assert_msg(!jt_store_job(m, absent[i]), "job %lld found", absent[i]);
}

/* The statement's rows, each row's values joined by '|' and the rows by ' '. */
static char *rows_of(jt_model *m, const char *user, const char *sql) {
    static char buf[4096];
    jt_result r;
    jt_error err;
    size_t i, k, n = 0;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_model_exec(m, user, sql, &r, &err) == 0, "%s: %s", sql, err.message);
    buf[0] = '\0';
    if (r.failed)
        n = (size_t)snprintf(buf, sizeof buf, "ERR %s", r.sqlstate);
    for (i = 0; i < r.nrows && n < sizeof buf; i++)
        for (k = 0; k < r.ncols && n < sizeof buf; k++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i + k ? (k ? "|" : " ") : "",
                                  r.values[i * r.ncols + k] ? r.values[i * r.ncols + k] : "NULL");
    jt_result_dispose(&r);
    return buf;
}

START_TEST(ids_in_order_then_not) {
    jt_model *m = model_new("v2.1");
    static const long long sparse[] = {3, 6, 9, 300, 301, 5000};
    static const long long gaps[] = {0, 1, 4, 7, 10, 299, 302, 4999, 5001, -5};
    static const long long all[] = {3, 6, 9, 300, 301, 5000, 7, 1, 100000};
    long long id;
    size_t i;
    for (i = 0; i < sizeof sparse / sizeof sparse[0]; i++)
        job(m, sparse[i], "u");
    ck_assert_int_eq(m->ids_unsorted, 0);
    ck_assert_ptr_null(m->index);
    assert_found(m, sparse, 6, gaps, 10);
    ck_assert_int_eq(jt_store_max_id(m), 5000);
    /* 7 comes after 5000: the hash index from now on, every job still found */
    job(m, 7, "u");
    ck_assert_int_eq(m->ids_unsorted, 1);
    ck_assert_ptr_nonnull(m->index);
    job(m, 1, "u");
    job(m, 100000, "u");
    assert_found(m, all, 9, gaps + 4, 6);
    ck_assert_int_eq(jt_store_max_id(m), 100000);
    /* the index grows past its first size */
    for (id = 200000; id > 199000; id--)
        job(m, id, "u");
    assert_found(m, all, 9, gaps + 4, 6);
    for (id = 200000; id > 199000; id--)
        ck_assert_ptr_nonnull(jt_store_job(m, id));
    /* a reset: in order again, no index */
    jt_model_reset(m);
    ck_assert_int_eq(m->ids_unsorted, 0);
    ck_assert_ptr_null(m->index);
    job(m, 2, "u");
    ck_assert_ptr_nonnull(jt_store_job(m, 2));
    ck_assert_ptr_null(jt_store_job(m, 3));
    jt_model_free(m);
}
END_TEST

START_TEST(dense_ids_and_growth) {
    jt_model *m = model_new("v2.1");
    long long id;
    for (id = 1000; id < 101000; id++)
        job(m, id, id % 2 ? "odd" : "even");
    ck_assert_int_eq(m->ids_unsorted, 0);
    for (id = 1000; id < 101000; id += 997)
        ck_assert_int_eq(jt_store_job(m, id)->id, id);
    ck_assert_ptr_null(jt_store_job(m, 999));
    ck_assert_ptr_null(jt_store_job(m, 101000));
    /* grown by a quarter at a time: at most a fifth unused */
    ck_assert_uint_le(m->jobs_cap, m->njobs + m->njobs / 4);
    ck_assert_uint_eq(m->prev_owned_cap, m->jobs_cap);
    ck_assert_uint_eq(sizeof(jt_job), 40);
    /* a job made by a statement: one more than the largest id (at least 10^18) */
    ck_assert_str_eq(rows_of(m, "root", "BACKUP DATABASE d TO 'x'"),
                     "1000000000000000001|succeeded|1|0|0|0");
    ck_assert_ptr_nonnull(jt_store_job(m, 1000000000000000001LL));
    jt_model_free(m);
}
END_TEST

/* PAUSE … WITH REASON gives a job a new extra: its description and error go with it, when the
   statement commits and when it is undone (a later job refused). */
START_TEST(extra_through_control) {
    jt_model *m = model_new("v22.2");
    job_full(m, 1, "a", "IMPORT one", "running", NULL);
    job_full(m, 2, "a", NULL, "running", NULL);
    job_full(m, 3, "a", "IMPORT three", "succeeded", NULL);
    /* 3 cannot be paused: 1 and 2 are put back */
    ck_assert_str_eq(rows_of(m, "root",
                             "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'a' "
                             "ORDER BY job_id) WITH REASON = 'r'"),
                     "ERR XXUUU");
    ck_assert_str_eq(
        rows_of(m, "root", "SELECT job_id, status, description FROM [SHOW JOBS] ORDER BY 1"),
        "1|running|IMPORT one 2|running|IMPORT TABLE t CSV DATA "
        "('nodelocal:///t.csv') 3|succeeded|IMPORT three");
    ck_assert_ptr_null(jt_job_reason(jt_store_job(m, 1)));
    ck_assert_str_eq(rows_of(m, "root", "PAUSE JOB 1 WITH REASON = 'r'"), "");
    ck_assert_str_eq(jt_job_reason(jt_store_job(m, 1)), "r");
    ck_assert_str_eq(rows_of(m, "root", "PAUSE JOB 2 WITH REASON = 's'"), "");
    ck_assert_str_eq(jt_job_reason(jt_store_job(m, 2)), "s");
    ck_assert_ptr_null(jt_job_own_description(jt_store_job(m, 2)));
    ck_assert_str_eq(rows_of(m, "root",
                             "SELECT status, description FROM [SHOW JOBS] WHERE "
                             "job_id = 1"),
                     "pause-requested|IMPORT one");
    ck_assert_str_eq(rows_of(m, "root", "SELECT status FROM [SHOW JOBS] WHERE job_id = 2"),
                     "pause-requested");
    jt_model_free(m);
}
END_TEST

/* A job that changes owner: a selection by owner and a control statement over it see it under
   its new owner. */
START_TEST(owner_changes) {
    jt_model *m = model_new("v2.1");
    long long id;
    for (id = 1; id <= 200; id++)
        job(m, id, id == 5 || id == 7 ? "few" : "many");
    job(m, 5, "many");
    ck_assert_str_eq(rows_of(m, "root", "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'few'"),
                     "7");
    ck_assert_str_eq(
        rows_of(m, "root", "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'few')"),
        "");
    ck_assert_int_eq(jt_store_job(m, 7)->status, JT_ST_PAUSED);
    ck_assert_int_eq(jt_store_job(m, 5)->status, JT_ST_RUNNING);
    jt_model_free(m);
}
END_TEST

/* A copy has the jobs, their extras (its own strings) and the index of ids, out of order
   too. */
START_TEST(clone_copies) {
    jt_model *m = model_new("v22.2"), *c = NULL;
    static const long long ids[] = {10, 20, 15};
    jt_error err;
    job_full(m, 10, "a", "IMPORT ten", "running", NULL);
    job_full(m, 20, "b", NULL, "failed", "boom");
    job(m, 15, "a");
    ck_assert_int_eq(m->ids_unsorted, 1);
    ck_assert_str_eq(rows_of(m, "root", "PAUSE JOB 15 WITH REASON = 'r'"), "");
    ck_assert_int_eq(jt_model_clone(m, &c, &err), 0);
    ck_assert_int_eq(c->ids_unsorted, 1);
    assert_found(c, ids, 3, ids, 0);
    ck_assert_str_eq(jt_store_job_description(jt_store_job(c, 10)), "IMPORT ten");
    ck_assert_ptr_ne(jt_job_own_description(jt_store_job(c, 10)),
                     jt_job_own_description(jt_store_job(m, 10)));
    ck_assert_str_eq(jt_job_error(jt_store_job(c, 20)), "boom");
    ck_assert_str_eq(jt_job_reason(jt_store_job(c, 15)), "r");
    ck_assert_ptr_ne(jt_job_reason(jt_store_job(c, 15)), jt_job_reason(jt_store_job(m, 15)));
    jt_model_free(m);
    ck_assert_str_eq(rows_of(c, "root", "SELECT job_id, error FROM [SHOW JOBS] ORDER BY 1"),
                     "10| 15| 20|boom");
    jt_model_free(c);
}
END_TEST

/* The columns of the tables selections read are made with the model and with its copy, each
   model its own; statements only read them (serve runs a statement on its helper thread beside
   the main loop's on one model), over every table a profile's selections name. */
START_TEST(columns_made_with_the_model) {
    static const char *const reads[] = {"SELECT job_id FROM [SHOW JOBS]",
                                        "SELECT job_id FROM crdb_internal.jobs",
                                        "SELECT id FROM system.jobs", "SHOW CHANGEFEED JOBS",
                                        "SELECT 1 WHERE 1 IN (SELECT id FROM system.jobs)"};
    jt_model *m = model_new("v25.3"), *c = NULL;
    unsigned char before[sizeof m->table_cols];
    jt_error err;
    size_t k;
    for (k = 0; k < JT_TABLE_COLS; k++) {
        ck_assert_ptr_nonnull(m->table_cols[k].def);
        ck_assert_ptr_nonnull(m->table_cols[k].cols);
    }
    memcpy(before, m->table_cols, sizeof before);
    job(m, 10, "a");
    for (k = 0; k < sizeof reads / sizeof reads[0]; k++)
        (void)rows_of(m, "root", reads[k]);
    ck_assert_int_eq(memcmp(before, m->table_cols, sizeof before), 0);
    ck_assert_int_eq(jt_model_clone(m, &c, &err), 0);
    for (k = 0; k < JT_TABLE_COLS; k++) {
        ck_assert_ptr_eq(c->table_cols[k].def, m->table_cols[k].def);
        ck_assert_ptr_ne(c->table_cols[k].cols, m->table_cols[k].cols);
    }
    jt_model_free(m);
    ck_assert_str_eq(rows_of(c, "root", "SELECT job_id, user_name FROM crdb_internal.jobs"),
                     "10|a");
    jt_model_free(c);
}
END_TEST

/* SHOW JOBS counted in feature_usage (sql.show.jobs, v20.2) by selections on two threads at
   once on one model, as serve runs them: its helper thread opens a cursor while its loop
   runs a statement. None is lost. */
enum { SHOWS_A_THREAD = 20000 };

typedef struct shower {
    jt_model *m;
    int cursors; /* 1: the helper's way (jt_model_open), 0: the loop's (jt_model_exec) */
} shower;

static void *show_many(void *arg) {
    const shower *w = arg;
    int k;
    for (k = 0; k < SHOWS_A_THREAD; k++) {
        jt_model_cursor *c = NULL;
        jt_result r;
        jt_error err;
        int rc = w->cursors
                     ? jt_model_open(w->m, NULL, "root", NULL, "SELECT job_id FROM [SHOW JOBS]",
                                     NULL, 0, &c, &r, &err)
                     : jt_model_exec(w->m, "root", "SELECT job_id FROM [SHOW JOBS]", &r, &err);
        if (rc != 0 || r.failed || (w->cursors && !c))
            return "a SHOW JOBS failed";
        jt_result_dispose(&r);
        jt_model_close(c);
    }
    return NULL;
}

START_TEST(shows_counted_from_two_threads) {
    static const char count_sql[] =
        "SELECT usage_count FROM crdb_internal.feature_usage WHERE feature_name = 'sql.show.jobs'";
    jt_model *m = model_new("v20.2");
    shower w[2];
    pthread_t t[2];
    void *out[2];
    char want[32];
    int k;
    job(m, 10, "a");
    ck_assert_str_eq(rows_of(m, "root", "SELECT job_id FROM [SHOW JOBS]"), "10");
    ck_assert_str_eq(rows_of(m, "root", count_sql), "1");
    for (k = 0; k < 2; k++) {
        w[k].m = m;
        w[k].cursors = k == 0;
        ck_assert_int_eq(pthread_create(&t[k], NULL, show_many, &w[k]), 0);
    }
    for (k = 0; k < 2; k++) {
        ck_assert_int_eq(pthread_join(t[k], &out[k]), 0);
        ck_assert_ptr_null(out[k]);
    }
    snprintf(want, sizeof want, "%d", 1 + 2 * SHOWS_A_THREAD);
    ck_assert_str_eq(rows_of(m, "root", count_sql), want);
    jt_model_free(m);
}
END_TEST

/* A batch that fails is undone as a whole: each job as it was (its description, error and
   pause reason), a job it made gone, every id found again; with the ids in order (no index)
   and out of order (the index rebuilt). */
static void batch_undone(const long long *ids, size_t n) {
    jt_model *m = model_new("v22.2");
    size_t i;
    for (i = 0; i < n; i++)
        job_full(m, ids[i], "a", i == 0 ? "IMPORT first" : NULL, i == 1 ? "failed" : "running",
                 i == 1 ? "boom" : NULL);
    ck_assert_str_eq(rows_of(m, "root", "PAUSE JOB 30 WITH REASON = 'before'"), "");
    ck_assert_str_eq(rows_of(m, "root",
                             "RESUME JOB 30; BACKUP DATABASE d TO 'x'; "
                             "PAUSE JOB 10 WITH REASON = 'q'; PAUSE JOB 12345"),
                     "ERR XXUUU");
    ck_assert_uint_eq(m->njobs, n);
    ck_assert_ptr_null(jt_store_job(m, 1000000000000000001LL));
    for (i = 0; i < n; i++)
        ck_assert_ptr_nonnull(jt_store_job(m, ids[i]));
    ck_assert_str_eq(jt_job_own_description(jt_store_job(m, ids[0])), "IMPORT first");
    ck_assert_str_eq(jt_job_error(jt_store_job(m, ids[1])), "boom");
    ck_assert_str_eq(jt_job_reason(jt_store_job(m, 30)), "before");
    ck_assert_ptr_null(jt_job_reason(jt_store_job(m, 10)));
    ck_assert_int_eq(jt_store_job(m, 10)->status, JT_ST_RUNNING);
    /* a job made after the undo: still found */
    ck_assert_str_eq(rows_of(m, "root", "BACKUP DATABASE d TO 'x'"),
                     "1000000000000000001|succeeded|1|0|0|0");
    for (i = 0; i < n; i++)
        ck_assert_ptr_nonnull(jt_store_job(m, ids[i]));
    ck_assert_ptr_nonnull(jt_store_job(m, 1000000000000000001LL));
    jt_model_free(m);
}

START_TEST(batch_undo_in_order) {
    static const long long ids[] = {10, 20, 30};
    batch_undone(ids, 3);
}
END_TEST

START_TEST(batch_undo_out_of_order) {
    static const long long ids[] = {30, 20, 10};
    batch_undone(ids, 3);
}
END_TEST

/* A selection by one owner (the owners' index, its jobs oldest first) in SHOW JOBS's order
   (v2.1 keeps it for [SHOW JOBS] as a source): newest first, a finished job after the running
   ones. */
START_TEST(owner_selection_order) {
    jt_model *m = model_new("v2.1");
    long long id;
    for (id = 1; id <= 100; id++)
        job_full(m, id, id % 20 ? "b" : "a", NULL, id == 40 ? "succeeded" : "running", NULL);
    ck_assert_str_eq(rows_of(m, "root", "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'a'"),
                     "100 80 60 20 40");
    ck_assert_str_eq(rows_of(m, "root",
                             "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'a' AND status = "
                             "'running'"),
                     "100 80 60 20");
    ck_assert_str_eq(rows_of(m, "root",
                             "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'a' "
                             "AND status = 'running')"),
                     "");
    ck_assert_int_eq(jt_store_job(m, 20)->status, JT_ST_PAUSED);
    ck_assert_int_eq(jt_store_job(m, 21)->status, JT_ST_RUNNING);
    /* owners by the index of names: exact names only, a missing one accepts nobody */
    ck_assert_str_eq(rows_of(m, "root",
                             "SELECT job_id FROM [SHOW JOBS] WHERE user_name IN ('A', 'nobody', "
                             "'a') AND status = 'succeeded'"),
                     "40");
    ck_assert_str_eq(rows_of(m, "root", "SELECT job_id FROM [SHOW JOBS] WHERE user_name = 'A'"),
                     "");
    jt_model_free(m);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("store");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ids_in_order_then_not);
    tcase_add_test(tc, dense_ids_and_growth);
    tcase_add_test(tc, extra_through_control);
    tcase_add_test(tc, owner_changes);
    tcase_add_test(tc, owner_selection_order);
    tcase_add_test(tc, clone_copies);
    tcase_add_test(tc, columns_made_with_the_model);
    tcase_add_test(tc, shows_counted_from_two_threads);
    tcase_add_test(tc, batch_undo_in_order);
    tcase_add_test(tc, batch_undo_out_of_order);
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
