/*
 * The worlds of serve (private to sim/serve/): the models the connections share. One world
 * for every connection by default, as a cluster has one set of jobs whatever database or user
 * a client names; one per database name with --world-per-database.
 *
 * A world's model is copied before it changes while a cursor or a transaction still reads it
 * (copy on write): what they read stays as it was when they began, as in a database's
 * snapshot, and a client that reads slowly never blocks a writer.
 */
#ifndef JT_SERVE_WORLD_H
#define JT_SERVE_WORLD_H

#include <stddef.h>

#include "sim/serve/conn.h"

/* The world of a database name, made on first use: its index in s->worlds; SIZE_MAX when
   there cannot be one (err: JT_ELIMIT, too many; JT_ENOMEM). */
size_t jt_world_open(jt_serve *s, const char *database, jt_error *err);
/* Frees every world (their models once no one reads them: the caller closed the
   connections first). */
void jt_world_free_all(jt_serve *s);

/* A reference to the world's current model, for a reader that must see it unchanged. */
jt_wmodel *jt_world_pin(jt_world *w);
/* Drops a reference; the model goes with the last one. */
void jt_wmodel_unpin(jt_wmodel *wm);
/* The world's model, ready to be changed: copied first when someone reads it. NULL without
   memory. The caller bumps w->version when it changed something. */
jt_model *jt_world_writable(jt_world *w);
/* Makes m (taken) the world's model (a transaction's commit); NULL without memory (m is
   then freed). Bumps the version. */
jt_wmodel *jt_world_install(jt_world *w, jt_model *m);

/* One step of every world's own progress (--progress-ms). */
void jt_world_advance_all(jt_serve *s);

#endif
