/*
 * The `plugin` driver: a vendor's shared object that exports JT_DRIVER_ENTRY, a function
 * returning its jt_driver table (include/jobtck/driver.h).
 *
 * jt_plugin_open loads one and checks it before anything runs: the symbol is there, the
 * table's ABI version is one this jobtck knows, and every function the ABI requires (and
 * every one its capabilities require) is set. Each problem has its own message.
 *
 * jt_driver_plugin is the same thing behind the registry (--driver plugin:PATH.so for any
 * command that looks drivers up by spec): its connect loads the plugin named by the target
 * and forwards every call to the plugin's table.
 */
#include "sim/drivers/drivers.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/common.h"

struct jt_plugin {
    void *handle;
    const jt_driver *driver; /* &table */
    /* The plugin's table, copied up to the members of its ABI version: the members of later
       versions stay NULL (an ABI 1 table ends before advance). */
    jt_driver table;
};

/* The bytes of a table of each ABI version. */
static size_t table_size(int abi_version) {
    return abi_version == 1 ? offsetof(jt_driver, advance) : sizeof(jt_driver);
}

/* The first function a table needs and lacks, or NULL. */
static const char *missing_function(const jt_driver *d) {
    if (!d->connect)
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

int jt_plugin_open(jt_plugin **out, const char *path, jt_error *err) {
    jt_plugin *p = NULL;
    jt_driver_entry_fn entry;
    void *sym;
    char local[4096];
    const char *missing;
    int rc = JT_OK;
    *out = NULL;
    if (!path || !*path)
        return jt_error_set(err, JT_EINVAL, 0, "plugin: no path (use plugin:PATH.so)");
    /* dlopen looks a bare name up in the library path; a user means the file here. */
    if (!strchr(path, '/')) {
        snprintf(local, sizeof local, "./%s", path);
        path = local;
    }
    p = jt_calloc(1, sizeof *p);
    if (!p)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    dlerror();
    p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!p->handle) {
        const char *why = dlerror();
        rc = jt_error_set(err, JT_EABI, 0, "plugin %s: cannot load: %s", path,
                          why ? why : "unknown reason");
        goto out;
    }
    dlerror();
    sym = dlsym(p->handle, JT_DRIVER_ENTRY);
    if (!sym) {
        rc = jt_error_set(err, JT_EABI, 0,
                          "plugin %s: no symbol " JT_DRIVER_ENTRY
                          " (a jobtck plugin exports 'const jt_driver *" JT_DRIVER_ENTRY
                          "(void)', see jobtck/driver.h)",
                          path);
        goto out;
    }
    /* POSIX guarantees that a function's address survives the trip through void *. */
    _Static_assert(sizeof entry == sizeof sym, "function and object pointers differ in size");
    memcpy(&entry, &sym, sizeof entry);
    {
        const jt_driver *theirs = entry();
        if (!theirs) {
            rc = jt_error_set(err, JT_EABI, 0, "plugin %s: " JT_DRIVER_ENTRY "() returned NULL",
                              path);
            goto out;
        }
        /* abi_version comes first in every version of the table */
        if (theirs->abi_version < 1 || theirs->abi_version > JT_DRIVER_ABI) {
            rc = jt_error_set(err, JT_EABI, 0,
                              "plugin %s: built for driver ABI %d, but this jobtck knows ABI 1 to "
                              "%d: rebuild it against this jobtck's jobtck/driver.h",
                              path, theirs->abi_version, JT_DRIVER_ABI);
            goto out;
        }
        memcpy(&p->table, theirs, table_size(theirs->abi_version));
        p->driver = &p->table;
    }
    if (!p->driver->name || !*p->driver->name) {
        rc = jt_error_set(err, JT_EABI, 0, "plugin %s: its jt_driver has no name", path);
        goto out;
    }
    missing = missing_function(p->driver);
    if (missing) {
        rc = jt_error_set(err, JT_EABI, 0, "plugin %s: driver %s has no function %s", path,
                          p->driver->name, missing);
        goto out;
    }
out:
    if (rc < 0) {
        jt_plugin_close(p);
        return rc;
    }
    *out = p;
    return JT_OK;
}

const jt_driver *jt_plugin_driver(const jt_plugin *p) {
    return p->driver;
}

void jt_plugin_close(jt_plugin *p) {
    if (!p)
        return;
    if (p->handle)
        dlclose(p->handle);
    free(p);
}

/* ---- the forwarding driver of the registry ------------------------------------------- */

typedef struct plugin_conn {
    jt_plugin *plugin;
    void *inner;
} plugin_conn;

static int fwd_connect(const char *target, void **conn_out, jt_error *err) {
    plugin_conn *c;
    int rc;
    *conn_out = NULL;
    c = jt_calloc(1, sizeof *c);
    if (!c)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    rc = jt_plugin_open(&c->plugin, target, err);
    if (rc == JT_OK)
        rc = c->plugin->driver->connect(NULL, &c->inner, err);
    if (rc < 0) {
        jt_plugin_close(c->plugin);
        free(c);
        return rc;
    }
    *conn_out = c;
    return JT_OK;
}

static int fwd_reset(void *conn, jt_error *err) {
    plugin_conn *c = conn;
    const jt_driver *d = c->plugin->driver;
    if (!c->inner || !(d->caps & JT_CAP_RESET)) {
        /* start over with a new connection */
        if (c->inner)
            d->disconnect(c->inner);
        c->inner = NULL;
        return d->connect(NULL, &c->inner, err);
    }
    return d->reset(c->inner, err);
}

static int fwd_fixture(void *conn, const jt_fixture *fx, jt_error *err) {
    plugin_conn *c = conn;
    const jt_driver *d = c->plugin->driver;
    if (!c->inner)
        return jt_error_set(err, JT_EDRIVER, 0, "plugin driver %s: not connected", d->name);
    if (!(d->caps & JT_CAP_FIXTURES))
        return jt_error_set(err, JT_ENOTSUP, 0, "plugin driver %s does not take fixtures", d->name);
    if (((fx->options || fx->member_of) && !(d->caps & JT_CAP_ROLES)) ||
        ((fx->schedule || fx->age_s) && !(d->caps & JT_CAP_JOB_META)))
        return jt_error_set(err, JT_ENOTSUP, 0,
                            "plugin driver %s takes no role options, roles, schedules or ages",
                            d->name);
    return d->fixture(c->inner, fx, err);
}

static int fwd_exec(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err) {
    plugin_conn *c = conn;
    const jt_driver *d = c->plugin->driver;
    if (!c->inner)
        return jt_error_set(err, JT_EDRIVER, 0, "plugin driver %s: not connected", d->name);
    if (!(d->caps & JT_CAP_USERS) && user && strcmp(user, "root") != 0)
        return jt_error_set(err, JT_ENOTSUP, 0, "plugin driver %s runs statements as root only",
                            d->name);
    return d->exec(c->inner, user, sql, out, err);
}

static int fwd_advance(void *conn, int64_t *out, jt_error *err) {
    plugin_conn *c = conn;
    const jt_driver *d = c->plugin->driver;
    if (!c->inner)
        return jt_error_set(err, JT_EDRIVER, 0, "plugin driver %s: not connected", d->name);
    if (!d->advance)
        return jt_error_set(err, JT_ENOTSUP, 0, "plugin driver %s has no virtual clock", d->name);
    return d->advance(c->inner, out, err);
}

static void fwd_free_result(void *conn, jt_result *res) {
    plugin_conn *c = conn;
    c->plugin->driver->free_result(c->inner, res);
}

static void fwd_disconnect(void *conn) {
    plugin_conn *c = conn;
    if (!c)
        return;
    if (c->inner)
        c->plugin->driver->disconnect(c->inner);
    jt_plugin_close(c->plugin);
    free(c);
}

const jt_driver jt_driver_plugin = {
    .abi_version = JT_DRIVER_ABI,
    .name = "plugin",
    .caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET | JT_CAP_ROLES | JT_CAP_JOB_META,
    .connect = fwd_connect,
    .reset = fwd_reset,
    .fixture = fwd_fixture,
    .exec = fwd_exec,
    .free_result = fwd_free_result,
    .disconnect = fwd_disconnect,
    .advance = fwd_advance,
};
