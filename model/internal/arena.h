/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * A bump allocator: many small allocations freed at once (a statement's, a prepared
 * statement's).
 */
#ifndef JT_MODEL_ARENA_H
#define JT_MODEL_ARENA_H

#include <stdalign.h>
#include <stddef.h>
#include <string.h>

typedef struct jt_arena_chunk jt_arena_chunk;

typedef struct jt_arena {
    jt_arena_chunk *head;
    unsigned char *cur; /* the free bytes of head: room of them from cur */
    size_t room;
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
/* need bytes (aligned, within the limit) from a new chunk: the slow path. */
void *jt_arena_take_chunk(jt_arena *a, size_t need);

/* Memory aligned for any type, not zeroed (for memory written before it is read: rows,
   texts), or NULL when out of memory or over the limit. Inline: a statement makes thousands. */
static inline void *jt_arena_alloc_raw(jt_arena *a, size_t size) {
    size_t align = alignof(max_align_t), need = (size + align - 1) & ~(align - 1);
    void *p;
    if (need < size || need > a->limit - a->total) {
        a->over = 1;
        return NULL;
    }
    if (need > a->room)
        return jt_arena_take_chunk(a, need);
    p = a->cur;
    a->cur += need;
    a->room -= need;
    a->total += need;
    return p;
}

/* Zeroed memory aligned for any type, or NULL when out of memory or over the limit. */
static inline void *jt_arena_alloc(jt_arena *a, size_t size) {
    void *p = jt_arena_alloc_raw(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *jt_arena_strndup(jt_arena *a, const char *s, size_t n);

#endif
