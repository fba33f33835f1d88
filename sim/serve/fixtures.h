/*
 * The JOBTCK statements that serve runs itself, before the model (private to sim/serve/):
 * fixtures and reset for the pgwire driver's recipe cases/recipes/serve.sql, written with SQL
 * string literals ('…' or E'…'); their syntax is in serve.h.
 */
#ifndef JT_SERVE_FIXTURES_H
#define JT_SERVE_FIXTURES_H

#include <stddef.h>

#include "model/model.h"

/* Whether the statement's first word is JOBTCK. */
int jt_jobtck_is(const char *sql);
/* Runs a JOBTCK statement on m: 0, with its command tag in tag (64 bytes are enough); or -1,
   with err's sqlstate (42601 bad syntax, 22023 a fixture the model refuses, 53200 out of
   memory) and message. */
int jt_jobtck_run(jt_model *m, const char *sql, char *tag, size_t tagsize, jt_error *err);

#endif
