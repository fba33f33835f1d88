/*
 * libFuzzer target: the SQL subset's parser, evaluator and statements (model/sql_parse.c,
 * model/eval.c, model/value.c, model/exec.c) on a model with a few fixture jobs of every status and
 * type and a few users.
 *
 * The input is one or more statements separated by NUL bytes, run in order on the same
 * model (so that PREPARE / EXECUTE / DEALLOCATE meet); a statement whose first byte is 0x01
 * runs as testuser (not an admin), one whose first byte is 0x03 as ops (CONTROLJOB, a member
 * of role etl), the others as root; a statement that is the byte 0x02 alone is one step of
 * the jobs' own progress. A first byte 0x10 + k of the input picks the k-th profile
 * (jt_profiles; default v2.1), so the grammar and rules of every version are fuzzed. Besides
 * "no crash, no leak, no undefined behaviour", every result is checked for its shape, and a
 * statement that fails must leave the model as it was (PJ-ATOMIC).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_STATEMENTS 16

static void die(const char *what, const char *sql) {
    fprintf(stderr, "fuzz_sql: %s\nstatement: %.300s\n", what, sql);
    abort();
}

static void fixtures(jt_model *m) {
    static const char *const types[] = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED",
                                        "SCHEMA CHANGE"};
    static const char *const statuses[] = {"pending",   "running", "paused",
                                           "succeeded", "failed",  "canceled"};
    static const jt_fixture users[] = {
        {.kind = JT_FIXTURE_USER, .name = "maxroach"},
        {.kind = JT_FIXTURE_USER, .name = "alice", .admin = 1},
        {.kind = JT_FIXTURE_USER, .name = "ops", .options = JT_USER_CONTROLJOB},
        {.kind = JT_FIXTURE_USER, .name = "eve", .member_of = "ops,etl"},
    };
    jt_error err;
    size_t i;
    for (i = 0; i < sizeof users / sizeof users[0]; i++)
        if (jt_model_fixture(m, &users[i], &err) < 0)
            die(err.message, "fixture");
    for (i = 0; i < 12; i++) {
        jt_fixture fx;
        memset(&fx, 0, sizeof fx);
        fx.kind = JT_FIXTURE_JOB;
        /* small ids, and ids past 2^32 and near 2^63 as SHOW JOBS shows them */
        fx.id = i < 8    ? (int64_t)i + 1
                : i < 10 ? 27536791415282 + (int64_t)i
                         : INT64_MAX - (int64_t)i;
        fx.type = types[i % 5];
        if (jt_profile_type(jt_model_profile(m), fx.type) < 0)
            fx.type = "IMPORT"; /* a type the release does not have (v2.0: no CHANGEFEED) */
        fx.status = statuses[i % 6];
        fx.user = i % 3 == 0 ? "maxroach" : i == 5 ? "etl" : "root";
        fx.schedule = i % 4 == 1 ? 42 : 0;
        fx.age_s = i == 3 ? 13 * 3600 : 0;
        if (i % 6 == 4)
            fx.error = i == 4 ? "boom \"quoted\"\n\ttab" : "";
        if (i == 9)
            fx.description = "ROLL BACK ALTER TABLE t ADD COLUMN c INT";
        if (jt_model_fixture(m, &fx, &err) < 0)
            die(err.message, "fixture");
    }
}

static void check_result(const jt_result *r, const char *sql) {
    size_t k;
    if (r->failed) {
        if (strlen(r->sqlstate) != 5 || !r->message)
            die("a failed result without SQLSTATE or message", sql);
        if (r->ncols || r->nrows)
            die("a failed result with rows", sql);
        return;
    }
    if (r->message)
        die("a successful result with an error message", sql);
    if (r->ncols && (!r->columns || !r->types || strlen(r->types) != r->ncols))
        die("columns or types missing", sql);
    if (r->nrows && r->ncols && !r->values)
        die("values missing", sql);
    for (k = 0; k < r->ncols; k++)
        if (!r->columns[k])
            die("a column without a name", sql);
    if (r->tag[0] == '\0')
        die("a result without a command tag", sql);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    jt_model *m = NULL;
    jt_error err;
    char *text;
    size_t start = 0, n = 0;
    const jt_profile *profile = jt_profile_find(JT_PROFILE_DEFAULT);
    size_t nprofiles = 0;
    while (jt_profiles[nprofiles])
        nprofiles++;
    if (size > 0 && data[0] >= 0x10 && data[0] < 0x10 + nprofiles) {
        profile = jt_profiles[data[0] - 0x10];
        data++;
        size--;
    }
    if (jt_model_new(&m, profile, &err) < 0)
        return 0;
    fixtures(m);
    text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    while (start <= size && n++ < MAX_STATEMENTS) {
        char *sql = text + start;
        const char *user = "root";
        size_t len = strlen(sql);
        uint64_t before = jt_model_hash(m);
        jt_result res;
        int rc;
        if ((unsigned char)sql[0] == 0x02 && len == 1) {
            int64_t moved;
            if (jt_model_advance(m, &moved) < 0)
                die("advance failed", "\\x02");
            start += len + 1;
            continue;
        }
        if ((unsigned char)sql[0] == 0x01 || (unsigned char)sql[0] == 0x03) {
            user = (unsigned char)sql[0] == 0x01 ? "testuser" : "ops";
            sql++;
        }
        rc = jt_model_exec(m, user, sql, &res, &err);
        if (rc == JT_OK) {
            check_result(&res, sql);
            if (res.failed && jt_model_hash(m) != before)
                die("a failed statement changed the model", sql);
            jt_result_dispose(&res);
        } else {
            /* also JT_ENOMEM: a statement that needs more than JT_LIMIT_STATEMENT_MEMORY is a
               SQL error (54000) of its own; the model fails only when malloc does */
            die(err.message, sql);
        }
        start += len + 1;
    }
    free(text);
    jt_model_free(m);
    return 0;
}
