#include "model/internal/arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "model/common.h"

struct jt_arena_chunk {
    jt_arena_chunk *next;
    size_t size;
    alignas(max_align_t) unsigned char data[];
};

#define CHUNK_MIN 4096u
#define ARENA_SPARE_MAX (1u << 20) /* a chunk kept for the next statement: at most this */

void jt_arena_init(jt_arena *a, size_t limit) {
    a->head = NULL;
    a->cur = NULL;
    a->room = 0;
    a->total = 0;
    a->limit = limit;
    a->over = 0;
}

void jt_arena_dispose(jt_arena *a) {
    jt_arena_chunk *c = a->head;
    while (c) {
        jt_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->cur = NULL;
    a->room = 0;
    a->total = 0;
}

void jt_arena_init_spare(jt_arena *a, size_t limit, jt_arena_chunk **spare) {
    jt_arena_init(a, limit);
    if (*spare) {
        a->head = *spare;
        a->head->next = NULL;
        a->cur = a->head->data;
        a->room = a->head->size;
        *spare = NULL;
    }
}

void jt_arena_keep(jt_arena *a, jt_arena_chunk **spare) {
    jt_arena_chunk **link, **best = NULL;
    size_t have = *spare ? (*spare)->size : 0;
    for (link = &a->head; *link; link = &(*link)->next)
        if ((*link)->size <= ARENA_SPARE_MAX && (*link)->size > have) {
            best = link;
            have = (*link)->size;
        }
    if (best) { /* the largest, out of the list, is the spare now */
        jt_arena_chunk *c = *best;
        *best = c->next;
        free(*spare);
        *spare = c;
    }
    jt_arena_dispose(a);
}

void jt_arena_chunk_free(jt_arena_chunk *c) {
    free(c);
}

void *jt_arena_take_chunk(jt_arena *a, size_t need) {
    size_t csize = need > CHUNK_MIN ? need : CHUNK_MIN;
    jt_arena_chunk *c = jt_malloc(sizeof *c + csize);
    if (!c)
        return NULL;
    c->next = a->head;
    c->size = csize;
    a->head = c;
    a->cur = c->data + need;
    a->room = csize - need;
    a->total += need;
    return c->data;
}

char *jt_arena_strndup(jt_arena *a, const char *s, size_t n) {
    char *d = jt_arena_alloc_raw(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}
