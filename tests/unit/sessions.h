/*
 * Helpers of the Check suites that reach an implementation: a session of a spec or of a driver
 * table that must open, and the fake the suites share, the model of a variant profile behind the
 * model driver's table (a mutation of the model, a faulty implementation).
 */
#ifndef JT_TEST_SESSIONS_H
#define JT_TEST_SESSIONS_H

#include <check.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/drivers/drivers.h"
#include "sim/drivers/session.h"

/* A session of spec ("model", "model:v2.1", "plugin:PATH.so" ...), which must open. */
static inline jt_session *test_session(const char *spec) {
    jt_session *s = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_session_open(&s, spec, NULL, &err) == 0, "%s: %s", spec, err.message);
    return s;
}

/* A session of a table of one's own (target given to its connect), which must open. */
static inline jt_session *test_session_of(const jt_driver *d, const char *target) {
    jt_session *s = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_session_open_driver(&s, d, target, NULL, &err) == 0, "%s: %s", d->name,
                  err.message);
    return s;
}

/* The variant profile test_variant_driver's connections run: a copy of a profile, changed. */
static struct jt_profile test_variant __attribute__((unused));

static inline int test_variant_connect(const char *target, void **conn_out, jt_error *err) {
    jt_model *m = NULL;
    int rc = jt_model_new(&m, &test_variant, err);
    (void)target;
    *conn_out = rc < 0 ? NULL : m;
    return rc < 0 ? rc : 0;
}

/* test_variant as profile, from a copy of the profile named base (to change then). */
static inline struct jt_profile *test_variant_of(const char *base) {
    memcpy(&test_variant, jt_profile_find(base), sizeof test_variant);
    return &test_variant;
}

/* The model driver's table, named name, whose connections run test_variant. */
static inline jt_driver test_variant_driver(const char *name) {
    jt_driver d = jt_driver_model;
    d.name = name;
    d.connect = test_variant_connect;
    d.connect_with = NULL; /* connect, with the variant */
    return d;
}

#endif
