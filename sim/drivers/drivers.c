/* The registry of drivers: a --driver spec to a jt_driver. */
#include "sim/drivers/drivers.h"

#include <string.h>

/* Drivers by name; a spec is NAME or NAME:TARGET. Add plugin, exec, pgwire here. */
static const struct {
    const char *name;
    const jt_driver *driver;
} registry[] = {
    {"model", &jt_driver_model},
    {"pgwire", &jt_driver_pgwire},
    {"plugin", &jt_driver_plugin},
    {"exec", &jt_driver_exec},
};

const jt_driver *jt_driver_find(const char *spec, const char **target_out) {
    const char *colon = strchr(spec, ':');
    size_t n = colon ? (size_t)(colon - spec) : strlen(spec), i;
    *target_out = NULL;
    for (i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        if (strlen(registry[i].name) == n && strncmp(registry[i].name, spec, n) == 0) {
            *target_out = colon ? colon + 1 : NULL;
            return registry[i].driver;
        }
    }
    return NULL;
}
