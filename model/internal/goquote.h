/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * Go's %q (strconv.Quote), which CockroachDB's error texts use for the names and texts they
 * quote (goquote.c).
 */
#ifndef JT_MODEL_GOQUOTE_H
#define JT_MODEL_GOQUOTE_H

#include <stddef.h>

/* s as Go's %q writes it into buf (size bytes, NUL-terminated when size > 0, cut short when
   too small), as snprintf does: returns the length it needs. */
size_t jt_go_quote(char *buf, size_t size, const char *s);

#endif
