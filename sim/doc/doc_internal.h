/* Helpers shared by the files of jobtck doc (sim/doc*.c); not for other modules. */
#ifndef JT_DOC_INTERNAL_H
#define JT_DOC_INTERNAL_H

#include <stddef.h>

#include "sim/doc/doc.h"

/* An allocated "path:line: text" ("path: text" when line is 0), or NULL when memory is out. */
char *jt_doc_msg(const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* sql on one line, white space collapsed, cut after max bytes with "…"; size > 4. */
void jt_doc_short_sql(char *buf, size_t size, const char *sql, size_t max);
/* Case-insensitive: s starts with the word w (not followed by a name character). */
int jt_doc_starts_word(const char *s, const char *w);
/* The oracle's connection (doc_claims.c): its table checked once (jt_driver_check), then
   connected. */
int jt_doc_connect(void **conn_out, const jt_driver *d, const char *target, jt_error *err);
/* The profile the claims are checked against. */
const char *jt_doc_profile(const jt_doc_config *cfg);

#endif
