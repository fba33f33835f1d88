/* The drivers built into jobtck and the registry that finds one by its spec. */
#ifndef JT_DRIVERS_H
#define JT_DRIVERS_H

#include "jobtck/driver.h"

/* The reference model in process; connect's target is a profile name (NULL: the default). */
extern const jt_driver jt_driver_model;

/* A connection of the model driver to a given profile (a test's variant of one, say): a
   driver that copies jt_driver_model and connects through this behaves as the model does. */
struct jt_profile;
int jt_driver_model_open(const struct jt_profile *profile, void **conn_out, jt_error *err);

/*
 * exec: an adapter program speaking JSON lines (docs/drivers.md, sim/drivers/driver_exec.c).
 * connect's target is "COMMAND ARGS", split without a shell (see jt_exec_split), optionally
 * preceded by "timeout_ms=N " (made by jt_exec_target); each request waits at most that long.
 */
extern const jt_driver jt_driver_exec;
#define JT_EXEC_TIMEOUT_DEFAULT_MS 10000
/* The target for a command and a timeout; *out is allocated. */
int jt_exec_target(char **out, int timeout_ms, const char *command);
/* Splits a command line into words: blanks separate them; '…' keeps everything inside;
   "…" keeps everything but \" and \\ (a quote, a backslash); \ outside quotes keeps the next
   character. Nothing else is special (no $, globs, ~, redirections). *argv_out ends with NULL;
   free each word and the array. */
int jt_exec_split(char ***argv_out, size_t *argc_out, const char *command, jt_error *err);
/* The name the adapter of an exec connection gave in its hello. */
const char *jt_exec_name(const void *conn);

/*
 * plugin: a shared object exporting JT_DRIVER_ENTRY (sim/drivers/driver_plugin.c). jt_plugin_open
 * loads it, checks the table's ABI version and functions and says what is wrong otherwise;
 * the table (jt_plugin_driver) is the plugin's own and stays valid until jt_plugin_close.
 * A path without '/' names a file in the current folder.
 */
typedef struct jt_plugin jt_plugin;
extern const jt_driver jt_driver_plugin; /* target: the path; forwards to the plugin's table */
int jt_plugin_open(jt_plugin **out, const char *path, jt_error *err);
const jt_driver *jt_plugin_driver(const jt_plugin *p);
void jt_plugin_close(jt_plugin *p);

/*
 * pgwire: a PostgreSQL-wire server through libpq (sim/drivers/driver_pgwire.c). connect's target is a
 * libpq URL; this table has no recipe, hence no fixtures. jt_pgwire_target (sim/drivers/driver_pgwire.h)
 * makes the target with a recipe and a statement timeout, and picks the table with fixtures.
 */
extern const jt_driver jt_driver_pgwire;

/*
 * The driver a --driver spec names: "NAME" or "NAME:TARGET" (model, model:v2.1). *target_out
 * is set to what follows the first ':' (a pointer into spec), or NULL when there is none.
 * NULL when no driver has that name.
 */
const jt_driver *jt_driver_find(const char *spec, const char **target_out);

#endif
