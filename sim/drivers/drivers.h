/* The drivers built into jobtck and the registry that finds one by its spec. Code outside
   sim/drivers/ reaches a driver through a session (sim/drivers/session.h), never by its table. */
#ifndef JT_DRIVERS_H
#define JT_DRIVERS_H

#include "jobtck/driver.h"

struct jt_model;

/* The reference model in process; connect's target is a profile name (NULL: the default), and
   connect_with takes the options profile and start (kit or logictest). */
extern const jt_driver jt_driver_model;
extern const char *const jt_driver_model_keys[]; /* profile, start */

/*
 * exec: an adapter program speaking JSON lines (docs/drivers.md, sim/drivers/driver_exec.c).
 * connect's target is "COMMAND ARGS", split without a shell (see jt_exec_split); its own option
 * is timeout_ms (each request waits at most that long), every other option goes to the adapter
 * in its hello, which must take it.
 */
extern const jt_driver jt_driver_exec;
extern const char *const jt_driver_exec_keys[]; /* timeout_ms */
#define JT_EXEC_TIMEOUT_DEFAULT_MS 10000
/* Splits a command line into words: blanks separate them; '…' keeps everything inside;
   "…" keeps everything but \" and \\ (a quote, a backslash); \ outside quotes keeps the next
   character. Nothing else is special (no $, globs, ~, redirections). *argv_out ends with NULL;
   free each word and the array. */
int jt_exec_split(char ***argv_out, size_t *argc_out, const char *command, jt_error *err);
/* The name the adapter of an exec connection gave in its hello. */
const char *jt_exec_name(const void *conn);

/*
 * pgwire: a PostgreSQL-wire server through libpq (sim/drivers/driver_pgwire.c). connect's target
 * is a libpq URL; its options are fixtures (a recipe of SQL templates) and statement_timeout_ms.
 * What a connection can do follows from its recipe (conn_caps).
 */
extern const jt_driver jt_driver_pgwire;
extern const char *const jt_driver_pgwire_keys[]; /* fixtures, statement_timeout_ms */

/*
 * plugin: a shared object exporting JT_DRIVER_ENTRY (sim/drivers/driver_plugin.c). jt_plugin_open
 * loads it, checks its table (jt_driver_check) and says what is wrong otherwise; the table
 * (jt_plugin_driver) is a copy of the plugin's up to the members of its ABI version (the later
 * ones NULL) and stays valid until jt_plugin_close. A path without '/' names a file in the
 * current folder.
 */
typedef struct jt_plugin jt_plugin;
int jt_plugin_open(jt_plugin **out, const char *path, jt_error *err);
const jt_driver *jt_plugin_driver(const jt_plugin *p);
void jt_plugin_close(jt_plugin *p);

/*
 * What is wrong with a driver table, once for every way one arrives: its ABI version is one
 * this kit knows, it has a name, and every function its ABI and its caps require. Returns 0, or
 * JT_EABI with why ("driver NAME has no function exec", "built for driver ABI 4, but ...").
 */
int jt_driver_check(const jt_driver *d, char *why, size_t size);
/* The ABI version that added a member of jt_driver, and whether table d has that member: an
   older table ends before the members of later versions, which read as absent. */
#define JT_DRIVER_MEMBER_ABI(member)                                                               \
    (offsetof(jt_driver, member) >= offsetof(jt_driver, connect_with) ? 3                          \
     : offsetof(jt_driver, member) >= offsetof(jt_driver, advance)    ? 2                          \
                                                                      : 1)
#define JT_DRIVER_HAS(d, member)                                                                   \
    ((d)->abi_version >= JT_DRIVER_MEMBER_ABI(member) && (d)->member != NULL)

/* A kind of driver the registry knows: what a spec NAME[:TARGET] names. */
typedef struct jt_driver_kind {
    const char *name;       /* NAME */
    const char *usage;      /* how a spec of it is written: "model, model:PROFILE" */
    const jt_driver *table; /* NULL: a plugin's, loaded from TARGET */
    /* The options the kit knows it takes, NULL-terminated; open: others go to the
       implementation, which decides (an exec adapter, a plugin: keys NULL). */
    const char *const *keys;
    int open;
    const char *target_key; /* NAME:TARGET stands for this option (model: profile), or NULL */
    /* Its connections reach one state (a server): a peer connection joins it without the
       option that makes the world (pgwire's recipe). */
    int shares_state;
    const char *world_key;
    const char *caps_hint; /* what gives it more capabilities, for messages, or NULL */
    const char *(*self_name)(const void *conn);           /* or NULL: the table's name */
    const struct jt_model *(*model_of)(const void *conn); /* or NULL: not the model */
} jt_driver_kind;

/* The kind a spec names ("NAME" or "NAME:TARGET"), *target_out what follows the first ':' (a
   pointer into spec) or NULL; NULL when no kind has that name. */
const jt_driver_kind *jt_driver_kind_find(const char *spec, const char **target_out);

/*
 * For the registry (sim/drivers/session.c): a session on table d, checked here, of kind (NULL:
 * a table of one's own), opened from spec, whose connect target is target; held (what the
 * table lives in: a plugin) is given to release when the session closes, or at once when this
 * fails. The accessors give back what it was opened with; jt_session_join makes it a peer.
 */
struct jt_session;
struct jt_options;
int jt_session_start(struct jt_session **out, const jt_driver_kind *kind, const jt_driver *d,
                     const char *spec, const char *target, const struct jt_options *options,
                     void *held, void (*release)(void *held), jt_error *err);
const jt_driver_kind *jt_session_kind(const struct jt_session *s);
const jt_driver *jt_session_table(const struct jt_session *s);
const char *jt_session_target(const struct jt_session *s);
const struct jt_options *jt_session_options(const struct jt_session *s);
void jt_session_join(struct jt_session *s);

#endif
