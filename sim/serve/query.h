/*
 * The models behind serve (private to sim/serve/): a database per name, a model each, and a
 * query string run on the connection's database.
 */
#ifndef JT_SERVE_QUERY_H
#define JT_SERVE_QUERY_H

#include <stddef.h>

#include "sim/serve/conn.h"

/* The database of that name, made with its model on first use: its index in s->dbs; SIZE_MAX
   when there cannot be one (err: JT_ELIMIT, too many; JT_ENOMEM). */
size_t jt_serve_db_open(jt_serve *s, const char *name, jt_error *err);
/* Frees every database and its model. */
void jt_serve_db_free_all(jt_serve *s);
/* One step of every model's own progress (--progress-ms). */
void jt_serve_db_advance_all(jt_serve *s);

/* Runs a Query message's string on the connection's database as its user, and answers it,
   ReadyForQuery included: nothing to run, a JOBTCK statement, or one statement of the model
   (a string of several is outside its subset and gets its syntax error). */
void jt_serve_query(jt_serve *s, jt_conn *c, const char *sql);

#endif
