/* Sessions: a connection to the implementation under test (sim/drivers/session.h). */
#include "sim/drivers/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/drivers/drivers.h"

struct jt_session {
    const jt_driver *d;         /* the table: a built-in one, a plugin's copy, or the caller's */
    const jt_driver_kind *kind; /* what the spec named, or NULL for a table of one's own */
    void *held;                 /* what the table lives in (a plugin's object), or NULL */
    void (*release)(void *held);
    char *spec;
    char *target; /* connect's target, or NULL */
    jt_options options;
    void *conn;
    unsigned caps;
    int dirty;  /* something ran since it connected or reset */
    int broken; /* the driver failed on it */
    int peer;   /* it joins another connection's state: it never starts over */
};

/* ---- options ----------------------------------------------------------------------------- */

void jt_options_init(jt_options *o) {
    memset(o, 0, sizeof *o);
}

void jt_options_dispose(jt_options *o) {
    size_t i;
    for (i = 0; i < o->n; i++) {
        free((char *)o->v[i].key);
        free((char *)o->v[i].value);
    }
    free(o->v);
    jt_options_init(o);
}

const char *jt_options_get(const jt_options *o, const char *key) {
    size_t i;
    for (i = 0; o && i < o->n; i++)
        if (strcmp(o->v[i].key, key) == 0)
            return o->v[i].value;
    return NULL;
}

static int add_n(jt_options *o, const char *key, size_t keylen, const char *value, jt_error *err) {
    char *k, *v;
    size_t i;
    if (keylen == 0)
        return jt_error_set(err, JT_EINVAL, 0, "a driver option needs a KEY (KEY=VALUE)");
    for (i = 0; i < o->n; i++)
        if (strlen(o->v[i].key) == keylen && strncmp(o->v[i].key, key, keylen) == 0)
            return jt_error_set(err, JT_EINVAL, 0, "the driver option %.*s is given twice",
                                (int)keylen, key);
    if (jt_grow((void **)&o->v, &o->cap, o->n + 1, sizeof *o->v, JT_LIMIT_RECORDS) < 0)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    k = jt_strndup(key, keylen);
    v = jt_strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    o->v[o->n].key = k;
    o->v[o->n].value = v;
    o->n++;
    return JT_OK;
}

int jt_options_add(jt_options *o, const char *key, const char *value, jt_error *err) {
    return add_n(o, key, strlen(key), value, err);
}

int jt_options_parse(jt_options *o, const char *text, jt_error *err) {
    const char *eq = strchr(text, '=');
    if (!eq)
        return jt_error_set(err, JT_EINVAL, 0, "--driver-option expects KEY=VALUE, got '%s'", text);
    return add_n(o, text, (size_t)(eq - text), eq + 1, err);
}

int jt_options_copy(jt_options *to, const jt_options *from, const char *except, jt_error *err) {
    size_t i;
    int rc = JT_OK;
    for (i = 0; from && i < from->n && rc == JT_OK; i++)
        if (!except || strcmp(from->v[i].key, except) != 0)
            rc = jt_options_add(to, from->v[i].key, from->v[i].value, err);
    return rc;
}

int jt_options_check(const jt_option *options, size_t n, const char *driver,
                     const char *const *keys, jt_error *err) {
    char list[256] = "";
    size_t i, k, len = 0;
    for (i = 0; i < n; i++) {
        for (k = 0; keys[k] && strcmp(keys[k], options[i].key) != 0; k++)
            ;
        if (keys[k])
            continue;
        for (k = 0; keys[k] && len < sizeof list; k++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? ", " : "", keys[k]);
        return jt_error_set(err, JT_EINVAL, 0, "driver %s takes no option '%s' (it takes %s)",
                            driver, options[i].key, keys[0] ? list : "none");
    }
    return JT_OK;
}

/* ---- the table ---------------------------------------------------------------------------- */

/* The first function table d needs and lacks, or NULL. */
static const char *missing_function(const jt_driver *d) {
    if (!d->connect && !JT_DRIVER_HAS(d, connect_with))
        return "connect";
    if (!d->exec)
        return "exec";
    if (!d->free_result)
        return "free_result";
    if (!d->disconnect)
        return "disconnect";
    if ((d->caps & JT_CAP_RESET) && !d->reset)
        return "reset (its caps have JT_CAP_RESET)";
    if ((d->caps & JT_CAP_FIXTURES) && !d->fixture)
        return "fixture (its caps have JT_CAP_FIXTURES)";
    return NULL;
}

int jt_driver_check(const jt_driver *d, char *why, size_t size) {
    const char *missing;
    /* abi_version comes first in every version of the table */
    if (d->abi_version < 1 || d->abi_version > JT_DRIVER_ABI) {
        snprintf(why, size,
                 "built for driver ABI %d, but this jobtck knows ABI 1 to %d: rebuild it against "
                 "this jobtck's jobtck/driver.h",
                 d->abi_version, JT_DRIVER_ABI);
        return JT_EABI;
    }
    if (!d->name || !*d->name) {
        snprintf(why, size, "its jt_driver has no name");
        return JT_EABI;
    }
    missing = missing_function(d);
    if (missing) {
        snprintf(why, size, "driver %s has no function %s", d->name, missing);
        return JT_EABI;
    }
    return JT_OK;
}

/* ---- connecting -------------------------------------------------------------------------- */

/* Connects s (not connected) with its options; asks what the connection can do. */
static int session_connect(jt_session *s, jt_error *err) {
    const jt_driver *d = s->d;
    const char *missing = NULL;
    int rc;
    if (JT_DRIVER_HAS(d, connect_with))
        rc = d->connect_with(s->target, s->options.v, s->options.n, &s->conn, err);
    else if (s->options.n)
        rc = jt_error_set(err, JT_EINVAL, 0,
                          "driver %s takes no options (given %s=%s): it is built for driver ABI "
                          "%d, and options need connect_with (ABI 3)",
                          d->name, s->options.v[0].key, s->options.v[0].value, d->abi_version);
    else
        rc = d->connect(s->target, &s->conn, err);
    if (rc < 0) {
        s->conn = NULL;
        return rc;
    }
    s->caps = JT_DRIVER_HAS(d, conn_caps) ? d->conn_caps(s->conn) : d->caps;
    s->dirty = s->broken = 0;
    if ((s->caps & JT_CAP_RESET) && !d->reset)
        missing = "reset (it has JT_CAP_RESET)";
    else if ((s->caps & JT_CAP_FIXTURES) && !d->fixture)
        missing = "fixture (it has JT_CAP_FIXTURES)";
    if (missing) {
        d->disconnect(s->conn);
        s->conn = NULL;
        return jt_error_set(err, JT_EABI, 0, "driver %s: its connection needs the function %s",
                            d->name, missing);
    }
    return JT_OK;
}

static int session_new(jt_session **out, const char *spec, const char *target,
                       const jt_options *options, jt_error *err) {
    jt_session *s = jt_calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    jt_options_init(&s->options);
    s->spec = jt_strdup(spec);
    s->target = target ? jt_strdup(target) : NULL;
    *out = s;
    if (!s->spec || (target && !s->target))
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    return jt_options_copy(&s->options, options, NULL, err);
}

/* The table checked once, whichever way it came; then the connection. */
static int session_start(jt_session *s, jt_error *err) {
    char why[JT_MESSAGE_MAX] = "";
    if (jt_driver_check(s->d, why, sizeof why) < 0 && strncmp(why, "driver ", 7) == 0)
        return jt_error_set(err, JT_EABI, 0, "%s", why);
    if (why[0])
        return jt_error_set(err, JT_EABI, 0, "driver %s: %s", s->spec, why);
    return session_connect(s, err);
}

int jt_session_start(jt_session **out, const jt_driver_kind *kind, const jt_driver *d,
                     const char *spec, const char *target, const jt_options *options, void *held,
                     void (*release)(void *held), jt_error *err) {
    jt_session *s = NULL;
    int rc = session_new(&s, spec, target, options, err);
    *out = NULL;
    if (!s) {
        if (release)
            release(held);
        return rc;
    }
    s->kind = kind;
    s->d = d;
    s->held = held;
    s->release = release;
    if (rc == JT_OK)
        rc = session_start(s, err);
    if (rc < 0) {
        jt_session_close(s);
        return rc;
    }
    *out = s;
    return JT_OK;
}

int jt_session_open_driver(jt_session **out, const jt_driver *d, const char *target,
                           const jt_options *options, jt_error *err) {
    JT_ASSERT(d != NULL);
    return jt_session_start(out, NULL, d, d->name ? d->name : "?", target, options, NULL, NULL,
                            err);
}

const jt_driver_kind *jt_session_kind(const jt_session *s) {
    return s->kind;
}

const jt_driver *jt_session_table(const jt_session *s) {
    return s->d;
}

const char *jt_session_target(const jt_session *s) {
    return s->target;
}

const jt_options *jt_session_options(const jt_session *s) {
    return &s->options;
}

void jt_session_join(jt_session *s) {
    s->peer = 1;
}

void jt_session_close(jt_session *s) {
    if (!s)
        return;
    if (s->conn)
        s->d->disconnect(s->conn);
    if (s->release)
        s->release(s->held); /* after disconnect: the table may be the plugin's */
    jt_options_dispose(&s->options);
    free(s->spec);
    free(s->target);
    free(s);
}

/* ---- what it is --------------------------------------------------------------------------- */

const char *jt_session_name(const jt_session *s) {
    return s->d->name;
}

const char *jt_session_self_name(const jt_session *s) {
    if (s->kind && s->kind->self_name && s->conn)
        return s->kind->self_name(s->conn);
    return s->d->name;
}

const char *jt_session_spec(const jt_session *s) {
    return s->spec;
}

const char *jt_session_option(const jt_session *s, const char *key) {
    return jt_options_get(&s->options, key);
}

unsigned jt_session_caps(const jt_session *s) {
    return s->caps;
}

const char *jt_session_caps_hint(const jt_session *s) {
    return s->kind && s->kind->caps_hint ? s->kind->caps_hint : "";
}

int jt_session_shares_state(const jt_session *s) {
    return s->kind && s->kind->shares_state;
}

const struct jt_model *jt_session_model(const jt_session *s) {
    return s->kind && s->kind->model_of && s->conn ? s->kind->model_of(s->conn) : NULL;
}

void *jt_session_conn(const jt_session *s) {
    return s->conn;
}

int jt_session_has_advance(const jt_session *s) {
    return JT_DRIVER_HAS(s->d, advance);
}

/* ---- starting over and the calls ----------------------------------------------------------- */

/* rc of a call on s: a failure of the driver leaves it broken. */
static int after(jt_session *s, int rc) {
    if (rc < 0 && rc != JT_ENOMEM && rc != JT_ENOTSUP)
        s->broken = 1;
    return rc;
}

static int reset(jt_session *s, jt_error *err) {
    int rc = after(s, s->d->reset(s->conn, err));
    if (rc == JT_OK)
        s->dirty = 0;
    return rc;
}

int jt_session_restart(jt_session *s, jt_error *err) {
    if (s->peer || (s->conn && !s->dirty))
        return JT_OK;
    if (s->conn && (s->caps & JT_CAP_RESET) && !s->broken)
        return reset(s, err);
    if (s->conn)
        s->d->disconnect(s->conn);
    s->conn = NULL;
    return session_connect(s, err);
}

int jt_session_tidy(jt_session *s, jt_error *err) {
    if (s->peer || !s->conn || !s->dirty || s->broken || !(s->caps & JT_CAP_RESET))
        return JT_OK;
    return reset(s, err);
}

static int not_connected(const jt_session *s, jt_error *err) {
    return jt_error_set(err, JT_EDRIVER, 0, "driver %s: not connected (it could not reconnect)",
                        s->d->name);
}

int jt_session_exec(jt_session *s, const char *user, const char *sql, jt_result *out,
                    jt_error *err) {
    if (!s->conn)
        return not_connected(s, err);
    s->dirty = 1;
    return after(s, s->d->exec(s->conn, user, sql, out, err));
}

void jt_session_free_result(jt_session *s, jt_result *res) {
    s->d->free_result(s->conn, res);
}

int jt_session_fixture(jt_session *s, const jt_fixture *fx, jt_error *err) {
    if (!s->conn)
        return not_connected(s, err);
    if (!s->d->fixture)
        return jt_error_set(err, JT_ENOTSUP, 0, "driver %s takes no fixtures", s->d->name);
    s->dirty = 1;
    return after(s, s->d->fixture(s->conn, fx, err));
}

int jt_session_advance(jt_session *s, int64_t *moved, jt_error *err) {
    *moved = 0;
    if (!JT_DRIVER_HAS(s->d, advance))
        return jt_error_set(err, JT_ENOTSUP, 0, "driver %s has no virtual clock", s->d->name);
    if (!s->conn)
        return not_connected(s, err);
    s->dirty = 1;
    return after(s, s->d->advance(s->conn, moved, err));
}
