/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * A bump allocator: many small allocations freed at once (a statement's, a prepared
 * statement's).
 */
#ifndef JT_MODEL_ARENA_H
#define JT_MODEL_ARENA_H

#include <stddef.h>

typedef struct jt_arena_chunk jt_arena_chunk;

typedef struct jt_arena {
    jt_arena_chunk *head;
    size_t used;  /* bytes used in head */
    size_t total; /* bytes handed out, capped by limit */
    size_t limit;
    int over; /* an allocation was refused for the limit (not for memory) */
} jt_arena;

void jt_arena_init(jt_arena *a, size_t limit);
void jt_arena_dispose(jt_arena *a);
/* Zeroed memory aligned for any type, or NULL when out of memory or over the limit. */
void *jt_arena_alloc(jt_arena *a, size_t size);
char *jt_arena_strndup(jt_arena *a, const char *s, size_t n);

#endif
