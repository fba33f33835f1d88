/*
 * Results of the statements serve answers itself (private to sim/serve/): SHOW of a variable,
 * version(), SET's tag, their errors. Small, built a string at a time: every string is
 * allocated on its own, and jt_sres_dispose frees them (not jt_result_dispose).
 */
#ifndef JT_SERVE_SRES_H
#define JT_SERVE_SRES_H

#include <stddef.h>

#include "model/model.h"

void jt_sres_init(jt_result *r);
/* The columns: n names, their type letters (NULL: text). 0, or JT_ENOMEM. */
int jt_sres_columns(jt_result *r, size_t n, const char *const *names, const char *types);
/* A row of r->ncols values (NULL: SQL NULL). 0, or JT_ENOMEM. */
int jt_sres_row(jt_result *r, const char *const *values);
/* The command tag. */
void jt_sres_tag(jt_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A SQL error; returns 0, or JT_ENOMEM. */
int jt_sres_error(jt_result *r, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void jt_sres_dispose(jt_result *r);

#endif
