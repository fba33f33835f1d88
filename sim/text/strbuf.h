/* A growable, capped string buffer for sim/. */
#ifndef JT_STRBUF_H
#define JT_STRBUF_H

#include <stddef.h>

#include "model/common.h"

typedef struct jt_strbuf {
    char *data; /* NUL-terminated, or NULL while empty */
    size_t len;
    size_t cap;
    size_t limit; /* most bytes it may hold, NUL excluded */
    int nomem;    /* memory ran out: every later add fails and take gives NULL, so that a text
                     built by many adds whose results are not all checked is never handed out
                     with a piece missing */
} jt_strbuf;

void jt_strbuf_init(jt_strbuf *sb, size_t limit);
void jt_strbuf_dispose(jt_strbuf *sb);
/* Appends; JT_ENOMEM, or JT_ELIMIT (nothing appended) when the limit would be passed. */
int jt_strbuf_add(jt_strbuf *sb, const char *s, size_t n);
int jt_strbuf_adds(jt_strbuf *sb, const char *s);
int jt_strbuf_addf(jt_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands over the text (an empty string when nothing was added), or NULL when memory ran out
   (now or at an add before); the buffer is empty after. */
char *jt_strbuf_take(jt_strbuf *sb);

#endif
