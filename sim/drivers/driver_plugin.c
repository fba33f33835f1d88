/*
 * The `plugin` driver: a vendor's shared object that exports JT_DRIVER_ENTRY, a function
 * returning its jt_driver table (include/jobtck/driver.h).
 *
 * jt_plugin_open loads one and checks it before anything runs: the symbol is there, and the
 * table passes jt_driver_check (an ABI version this jobtck knows, a name, every function its
 * ABI and its capabilities require). Each problem has its own message. A session on
 * plugin:PATH.so uses the plugin's table itself (sim/drivers/session.c).
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

/* The bytes of a table of each ABI version: an older table ends before the members of the
   later ones. */
static size_t table_size(int abi_version) {
    if (abi_version == 1)
        return offsetof(jt_driver, advance);
    if (abi_version == 2)
        return offsetof(jt_driver, connect_with);
    return sizeof(jt_driver);
}

/* The plugin's entry point, looked up in its loaded object. */
static int find_entry(jt_driver_entry_fn *entry, jt_plugin *p, const char *path, jt_error *err) {
    void *sym;
    dlerror();
    p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!p->handle) {
        const char *why = dlerror();
        return jt_error_set(err, JT_EABI, 0, "plugin %s: cannot load: %s", path,
                            why ? why : "unknown reason");
    }
    dlerror();
    sym = dlsym(p->handle, JT_DRIVER_ENTRY);
    if (!sym)
        return jt_error_set(err, JT_EABI, 0,
                            "plugin %s: no symbol " JT_DRIVER_ENTRY
                            " (a jobtck plugin exports 'const jt_driver *" JT_DRIVER_ENTRY
                            "(void)', see jobtck/driver.h)",
                            path);
    /* POSIX guarantees that a function's address survives the trip through void *. */
    _Static_assert(sizeof *entry == sizeof sym, "function and object pointers differ in size");
    memcpy(entry, &sym, sizeof *entry);
    return JT_OK;
}

int jt_plugin_open(jt_plugin **out, const char *path, jt_error *err) {
    jt_plugin *p = NULL;
    jt_driver_entry_fn entry;
    const jt_driver *theirs;
    char local[4096], why[JT_MESSAGE_MAX];
    int rc;
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
    rc = find_entry(&entry, p, path, err);
    if (rc < 0)
        goto out;
    theirs = entry();
    if (!theirs) {
        rc = jt_error_set(err, JT_EABI, 0, "plugin %s: " JT_DRIVER_ENTRY "() returned NULL", path);
        goto out;
    }
    rc = jt_driver_check(theirs, why, sizeof why);
    if (rc < 0) {
        rc = jt_error_set(err, rc, 0, "plugin %s: %s", path, why);
        goto out;
    }
    memcpy(&p->table, theirs, table_size(theirs->abi_version));
    p->driver = &p->table;
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
