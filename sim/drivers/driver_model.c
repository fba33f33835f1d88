/* The `model` driver: the reference model behind the driver interface. */
#include "sim/drivers/drivers.h"

#include <string.h>

#include "model/model.h"
#include "sim/drivers/session.h"

const char *const jt_driver_model_keys[] = {"profile", "start", NULL};

static int model_connect(const char *target, void **conn_out, jt_error *err) {
    const char *name = target ? target : JT_PROFILE_DEFAULT;
    const jt_profile *profile = jt_profile_find(name);
    jt_model *m = NULL;
    int rc;
    *conn_out = NULL;
    if (!profile)
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", name);
    rc = jt_model_new(&m, profile, err);
    if (rc < 0)
        return rc;
    *conn_out = m;
    return JT_OK;
}

/* The option profile names the profile the model runs (the target too, as model:PROFILE);
   start=kit|logictest how its scenarios start (jt_model_start: logictest as a CockroachDB
   logic-test cluster, scripts/crdb-logictests.sh). */
static int model_connect_with(const char *target, const jt_option *options, size_t n,
                              void **conn_out, jt_error *err) {
    const char *start = NULL;
    size_t i;
    int rc = jt_options_check(options, n, "model", jt_driver_model_keys, err);
    *conn_out = NULL;
    if (rc < 0)
        return rc;
    for (i = 0; i < n; i++) {
        if (strcmp(options[i].key, "start") == 0) {
            start = options[i].value;
            continue;
        }
        if (target && strcmp(target, options[i].value) != 0)
            return jt_error_set(err, JT_EINVAL, 0, "model:%s and the option profile=%s differ",
                                target, options[i].value);
        target = options[i].value;
    }
    rc = model_connect(target, conn_out, err);
    if (rc == JT_OK && start && (rc = jt_model_start(*conn_out, start)) != JT_OK) {
        jt_model_free(*conn_out);
        *conn_out = NULL;
        return jt_error_set(err, rc, 0, "model: start=%s: expected kit or logictest", start);
    }
    return rc;
}

static int model_reset(void *conn, jt_error *err) {
    (void)err;
    jt_model_reset(conn);
    return JT_OK;
}

static int model_fixture(void *conn, const jt_fixture *fx, jt_error *err) {
    return jt_model_fixture(conn, fx, err);
}

static int model_exec(void *conn, const char *user, const char *sql, jt_result *out,
                      jt_error *err) {
    return jt_model_exec(conn, user, sql, out, err);
}

static void model_free_result(void *conn, jt_result *res) {
    (void)conn;
    jt_result_dispose(res);
}

static void model_disconnect(void *conn) {
    jt_model_free(conn);
}

static int model_advance(void *conn, int64_t *out, jt_error *err) {
    if (jt_model_advance(conn, out) < 0)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    return JT_OK;
}

const jt_driver jt_driver_model = {
    .abi_version = JT_DRIVER_ABI,
    .name = "model",
    .caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET | JT_CAP_ROLES | JT_CAP_JOB_META,
    .connect = model_connect,
    .reset = model_reset,
    .fixture = model_fixture,
    .exec = model_exec,
    .free_result = model_free_result,
    .disconnect = model_disconnect,
    .advance = model_advance,
    .connect_with = model_connect_with,
};
