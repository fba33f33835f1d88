/* The `model` driver: the reference model behind the driver interface. */
#include "sim/drivers/drivers.h"

#include <string.h>

#include "model/model.h"

int jt_driver_model_open(const jt_profile *profile, void **conn_out, jt_error *err) {
    jt_model *m = NULL;
    int rc = jt_model_new(&m, profile, err);
    *conn_out = rc < 0 ? NULL : m;
    return rc < 0 ? rc : JT_OK;
}

static int model_connect(const char *target, void **conn_out, jt_error *err) {
    const char *name = target ? target : JT_PROFILE_DEFAULT;
    const jt_profile *profile = jt_profile_find(name);
    *conn_out = NULL;
    if (!profile)
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", name);
    return jt_driver_model_open(profile, conn_out, err);
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
};
