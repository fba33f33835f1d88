/* Helpers shared by the files of jobtck doc (sim/doc*.c); not for other modules. */
#ifndef JT_DOC_INTERNAL_H
#define JT_DOC_INTERNAL_H

#include <stddef.h>

#include "sim/doc/doc.h"
#include "sim/drivers/session.h"

/* An allocated "path:line: text" ("path: text" when line is 0), or NULL when memory is out. */
char *jt_doc_msg(const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* sql on one line, white space collapsed, cut after max bytes with "…"; size > 4. */
void jt_doc_short_sql(char *buf, size_t size, const char *sql, size_t max);
/* Case-insensitive: s starts with the word w (not followed by a name character). */
int jt_doc_starts_word(const char *s, const char *w);
/* The session that checks the claims (doc_claims.c): a session of cfg->oracle when it is set
   (a test's variant), else of the model of the page's profile; it must take fixtures, users and
   reset (JT_ENOTSUP otherwise). */
int jt_doc_open_oracle(jt_session **out, const jt_doc_config *cfg, jt_error *err);
/* The profile the claims are checked against. */
const char *jt_doc_profile(const jt_doc_config *cfg);

#endif
