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
/* jt_arena_init, with the chunk *spare kept by jt_arena_keep (if any) as the first: an arena
   made and disposed of for every statement mallocs nothing once the spare is large enough. */
void jt_arena_init_spare(jt_arena *a, size_t limit, jt_arena_chunk **spare);
/* jt_arena_dispose, keeping the largest chunk (up to ARENA_SPARE_MAX bytes) in *spare for the
   next jt_arena_init_spare; *spare (NULL or a chunk) is the caller's to free with
   jt_arena_chunk_free. */
void jt_arena_keep(jt_arena *a, jt_arena_chunk **spare);
void jt_arena_chunk_free(jt_arena_chunk *c);
/* Zeroed memory aligned for any type, or NULL when out of memory or over the limit. */
void *jt_arena_alloc(jt_arena *a, size_t size);
/* jt_arena_alloc without the zeroing: for memory written before it is read (rows, texts). */
void *jt_arena_alloc_raw(jt_arena *a, size_t size);
char *jt_arena_strndup(jt_arena *a, const char *s, size_t n);

#endif
