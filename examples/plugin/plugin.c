/*
 * An example jobtck plugin: an implementation of job control behind the driver ABI of
 * <jobtck/driver.h>, loaded by `jobtck run --driver plugin:./jobtck_example.so cases/`.
 *
 * The implementation here is jobtck's own reference model (model/model.h), so that the
 * example passes the bundled suite; a vendor keeps the shape of this file and calls their
 * engine where it calls jt_model_*. What the ABI asks of a plugin:
 *
 * - export one function, jt_driver_entry, returning a table that lives as long as the
 *   shared object (a static const one here);
 * - set abi_version to JT_DRIVER_ABI of the header it was built with, and a name;
 * - announce in caps what it can do: JT_CAP_FIXTURES (create users and jobs in a given
 *   state), JT_CAP_USERS (run statements as any user), JT_CAP_RESET (back to an empty
 *   scenario without reconnecting), JT_CAP_ROLES (users with role options and roles),
 *   JT_CAP_JOB_META (jobs with a schedule and an age); a file that needs a missing
 *   capability is skipped;
 * - advance (ABI 2), for an implementation on a virtual clock: one step of the jobs' own
 *   progress (pause-requested jobs pause...), how many moved in *out; leave it NULL when the
 *   jobs move on their own in real time (the kit then asks again after a wait);
 * - exec returns 0 when the statement ran, a SQL error included (out->failed, sqlstate,
 *   message), and a negative JT_E... only when the implementation itself failed (err);
 *   results are canonical text: NULL a null pointer, integers in decimal;
 * - free_result releases what exec put in a result; disconnect what connect made;
 * - connect_with (ABI 3) connects with the options the kit was given (`--driver-option
 *   KEY=VALUE`), and refuses a key it does not take (JT_EINVAL, naming it). This one takes
 *   profile, the profile it serves (`--driver-option profile=v20.1`).
 *
 * connect's target is NULL for a plugin; this one also takes a profile name ("v2.1"). The file
 * builds against the header of ABI 2 as well (without connect_with, hence without options):
 * ctest drivers.abi2 loads it so built and runs the suite through it.
 */
#include <jobtck/driver.h>

#include <string.h>

#include "model/model.h"

static int example_connect(const char *target, void **conn_out, jt_error *err) {
    const char *name = target ? target : JT_PROFILE_DEFAULT;
    const jt_profile *profile = jt_profile_find(name);
    jt_model *m = NULL;
    int rc;
    *conn_out = NULL;
    if (!profile)
        return jt_error_set(err, JT_EINVAL, 0, "example plugin: unknown profile %s", name);
    rc = jt_model_new(&m, profile, err);
    if (rc < 0)
        return rc;
    *conn_out = m;
    return JT_OK;
}

#if JT_DRIVER_ABI >= 3
static int example_connect_with(const char *target, const jt_option *options, size_t noptions,
                                void **conn_out, jt_error *err) {
    size_t i;
    *conn_out = NULL;
    for (i = 0; i < noptions; i++) {
        if (strcmp(options[i].key, "profile") != 0)
            return jt_error_set(err, JT_EINVAL, 0,
                                "example plugin takes no option '%s' (it takes profile)",
                                options[i].key);
        target = options[i].value;
    }
    return example_connect(target, conn_out, err);
}
#endif

static int example_reset(void *conn, jt_error *err) {
    (void)err;
    jt_model_reset(conn);
    return JT_OK;
}

static int example_fixture(void *conn, const jt_fixture *fx, jt_error *err) {
    return jt_model_fixture(conn, fx, err);
}

static int example_exec(void *conn, const char *user, const char *sql, jt_result *out,
                        jt_error *err) {
    return jt_model_exec(conn, user, sql, out, err);
}

static void example_free_result(void *conn, jt_result *res) {
    (void)conn;
    jt_result_dispose(res);
}

static void example_disconnect(void *conn) {
    jt_model_free(conn);
}

static int example_advance(void *conn, int64_t *out, jt_error *err) {
    if (jt_model_advance(conn, out) < 0)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    return JT_OK;
}

static const jt_driver example_driver = {
    .abi_version = JT_DRIVER_ABI,
    .name = "example",
    .caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET | JT_CAP_ROLES | JT_CAP_JOB_META,
    .connect = example_connect,
    .reset = example_reset,
    .fixture = example_fixture,
    .exec = example_exec,
    .free_result = example_free_result,
    .disconnect = example_disconnect,
    .advance = example_advance,
#if JT_DRIVER_ABI >= 3
    .connect_with = example_connect_with,
#endif
};

/* The one exported symbol (the build hides everything else). */
__attribute__((visibility("default"))) const jt_driver *jt_driver_entry(void);

const jt_driver *jt_driver_entry(void) {
    return &example_driver;
}
