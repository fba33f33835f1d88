/* The registry of drivers: a --driver spec to a kind of driver, and a session on it. */
#include "sim/drivers/drivers.h"

#include <stdio.h>
#include <string.h>

#include "sim/drivers/session.h"

static const struct jt_model *model_of(const void *conn) {
    return conn; /* the model driver's connection is the model */
}

static const char *adapter_name(const void *conn) {
    return jt_exec_name(conn);
}

static const jt_driver_kind kinds[] = {
    {.name = "model",
     .usage = "model, model:PROFILE",
     .table = &jt_driver_model,
     .keys = jt_driver_model_keys,
     .target_key = "profile",
     .model_of = model_of},
    {.name = "plugin", .usage = "plugin:PATH.so", .open = 1},
    {.name = "exec",
     .usage = "exec:COMMAND",
     .table = &jt_driver_exec,
     .keys = jt_driver_exec_keys,
     .open = 1,
     .self_name = adapter_name},
    {.name = "pgwire",
     .usage = "pgwire:URL",
     .table = &jt_driver_pgwire,
     .keys = jt_driver_pgwire_keys,
     .shares_state = 1,
     .world_key = "fixtures",
     .caps_hint = " (give a recipe with --fixtures)"},
};

const jt_driver_kind *jt_driver_kind_find(const char *spec, const char **target_out) {
    const char *colon = strchr(spec, ':');
    size_t n = colon ? (size_t)(colon - spec) : strlen(spec), i;
    *target_out = NULL;
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strlen(kinds[i].name) == n && strncmp(kinds[i].name, spec, n) == 0) {
            *target_out = colon ? colon + 1 : NULL;
            return &kinds[i];
        }
    }
    return NULL;
}

/* ---- what the command line asks of the registry ------------------------------------------- */

const char *jt_driver_specs(void) {
    static char buf[256];
    size_t i, len = 0, n = sizeof kinds / sizeof kinds[0];
    if (buf[0])
        return buf;
    for (i = 0; i < n && len < sizeof buf; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                i == 0 ? "" : (i + 1 == n ? " or " : ", "), kinds[i].usage);
    return buf;
}

static int unknown_driver(const char *spec, jt_error *err) {
    return jt_error_set(err, JT_EINVAL, 0, "unknown driver '%s': expected %s", spec,
                        jt_driver_specs());
}

int jt_driver_option_value(const char **value_out, const char *spec, const jt_options *options,
                           const char *key, jt_error *err) {
    const char *target, *v = jt_options_get(options, key);
    const jt_driver_kind *kind = jt_driver_kind_find(spec, &target);
    *value_out = NULL;
    if (!kind)
        return unknown_driver(spec, err);
    if (kind->target_key && strcmp(kind->target_key, key) == 0 && target) {
        if (v && strcmp(v, target) != 0)
            return jt_error_set(err, JT_EINVAL, 0, "--driver %s and the option %s=%s differ", spec,
                                key, v);
        v = target;
    }
    *value_out = v;
    return JT_OK;
}

int jt_driver_takes(const char *spec, const char *key) {
    const char *target;
    const jt_driver_kind *kind = jt_driver_kind_find(spec, &target);
    size_t k;
    if (!kind)
        return -1;
    for (k = 0; kind->keys && kind->keys[k]; k++)
        if (strcmp(kind->keys[k], key) == 0)
            return 1;
    return kind->open ? -1 : 0;
}

/* ---- sessions by spec ------------------------------------------------------------------------ */

static void release_plugin(void *p) {
    jt_plugin_close(p);
}

int jt_session_open(jt_session **out, const char *spec, const jt_options *options, jt_error *err) {
    const char *target, *value = NULL;
    const jt_driver_kind *kind = jt_driver_kind_find(spec, &target);
    jt_options opts;
    jt_plugin *plugin = NULL;
    int rc;
    *out = NULL;
    if (!kind)
        return unknown_driver(spec, err);
    jt_options_init(&opts);
    rc = jt_options_copy(&opts, options, NULL, err);
    /* NAME:TARGET of a kind whose target stands for an option (model:v2.1): that option */
    if (rc == JT_OK && kind->target_key && target) {
        rc = jt_driver_option_value(&value, spec, options, kind->target_key, err);
        if (rc == JT_OK && !jt_options_get(&opts, kind->target_key))
            rc = jt_options_add(&opts, kind->target_key, value, err);
        target = NULL;
    }
    if (rc == JT_OK && !kind->table) /* a plugin: its own table, connected with no target */
        rc = jt_plugin_open(&plugin, target, err);
    if (rc == JT_OK)
        rc = jt_session_start(out, kind, kind->table ? kind->table : jt_plugin_driver(plugin), spec,
                              kind->table ? target : NULL, &opts, plugin,
                              plugin ? release_plugin : NULL, err);
    jt_options_dispose(&opts);
    return rc;
}

int jt_session_open_again(jt_session **out, const jt_session *s, jt_error *err) {
    if (!jt_session_kind(s))
        return jt_session_open_driver(out, jt_session_table(s), jt_session_target(s),
                                      jt_session_options(s), err);
    return jt_session_open(out, jt_session_spec(s), jt_session_options(s), err);
}

int jt_session_open_peer(jt_session **out, const jt_session *s, jt_error *err) {
    const jt_driver_kind *kind = jt_session_kind(s);
    jt_options opts;
    int rc;
    *out = NULL;
    if (!kind || !kind->shares_state)
        return jt_error_set(err, JT_EINVAL, 0,
                            "driver %s: each connection has a state of its own, none to join",
                            jt_session_name(s));
    jt_options_init(&opts);
    rc = jt_options_copy(&opts, jt_session_options(s), kind->world_key, err);
    if (rc == JT_OK)
        rc = jt_session_open(out, jt_session_spec(s), &opts, err);
    if (rc == JT_OK)
        jt_session_join(*out);
    jt_options_dispose(&opts);
    return rc;
}
