/* The drivers built into jobtck and the registry that finds one by its spec. */
#ifndef JT_DRIVERS_H
#define JT_DRIVERS_H

#include "jobtck/driver.h"

/* The reference model in process; connect's target is a profile name (NULL: the default). */
extern const jt_driver jt_driver_model;

/*
 * The driver a --driver spec names: "NAME" or "NAME:TARGET" (model, model:v2.1). *target_out
 * is set to what follows the first ':' (a pointer into spec), or NULL when there is none.
 * NULL when no driver has that name.
 */
const jt_driver *jt_driver_find(const char *spec, const char **target_out);

#endif
