/* The memory of one case file: see sim/cases/arena.h. */
#include "sim/cases/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/common.h"

enum { ARENA_ALIGN = 8, ARENA_MIN = 4096, ARENA_MAX = 1 << 20 };

struct jt_case_block {
    jt_case_block *next;
    /* the data follows, ARENA_ALIGN-aligned (the header is 8 bytes) */
};

void jt_case_arena_init(jt_case_arena *a, size_t first) {
    memset(a, 0, sizeof *a);
    a->block = first < ARENA_MIN ? ARENA_MIN : first > ARENA_MAX ? ARENA_MAX : first;
}

void jt_case_arena_dispose(jt_case_arena *a) {
    jt_case_block *b = a->head;
    while (b) {
        jt_case_block *next = b->next;
        free(b);
        b = next;
    }
    memset(a, 0, sizeof *a);
}

/* A new block for at least size bytes; a request larger than a block gets one of its own,
   linked behind head so that head keeps its free part. */
static char *new_block(jt_case_arena *a, size_t size) {
    size_t n = size > a->block ? size : a->block;
    jt_case_block *b;
    if (n > SIZE_MAX - sizeof *b)
        return NULL;
    b = jt_malloc(sizeof *b + n);
    if (!b)
        return NULL;
    if (size > a->block / 2 && a->head) {
        b->next = a->head->next;
        a->head->next = b;
        return (char *)(b + 1);
    }
    b->next = a->head;
    a->head = b;
    a->next = (char *)(b + 1) + size;
    a->end = (char *)(b + 1) + n;
    if (a->block < ARENA_MAX)
        a->block *= 2;
    return (char *)(b + 1);
}

static char *take(jt_case_arena *a, size_t size, size_t align) {
    if (a->next) {
        /* the bytes up to the next multiple of align: pointer arithmetic, no integer made a
           pointer */
        size_t pad = (size_t)(-(uintptr_t)a->next & (uintptr_t)(align - 1));
        size_t room = (size_t)(a->end - a->next);
        if (pad <= room && size <= room - pad) {
            char *p = a->next + pad;
            a->next = p + size;
            return p;
        }
    }
    return new_block(a, size);
}

void *jt_case_arena_alloc(jt_case_arena *a, size_t size) {
    return take(a, size ? size : 1, ARENA_ALIGN);
}

char *jt_case_arena_strndup(jt_case_arena *a, const char *s, size_t n) {
    char *d = n < SIZE_MAX ? take(a, n + 1, 1) : NULL;
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

void *jt_case_arena_memdup(jt_case_arena *a, const void *v, size_t n, size_t elem) {
    void *d;
    if (n == 0 || n > SIZE_MAX / elem)
        return NULL;
    d = take(a, n * elem, ARENA_ALIGN);
    if (d)
        memcpy(d, v, n * elem);
    return d;
}
