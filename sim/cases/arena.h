/*
 * The memory of one case file: the strings and arrays its records keep (words, tags, the
 * tokens of expected lines) are carved from a few big blocks and freed together with the file,
 * instead of one allocation per string.
 */
#ifndef JT_CASES_ARENA_H
#define JT_CASES_ARENA_H

#include <stddef.h>

typedef struct jt_case_block jt_case_block;

typedef struct jt_case_arena {
    jt_case_block *head; /* the block allocations come from; it links to the older ones */
    char *next, *end;    /* the free part of head */
    size_t block;        /* the size of the next block */
} jt_case_arena;

/* An empty arena whose first block has about first bytes (it grows from there). */
void jt_case_arena_init(jt_case_arena *a, size_t first);
void jt_case_arena_dispose(jt_case_arena *a);
/* size bytes (not zeroed) aligned for pointers and 64-bit integers, or NULL when memory is
   out. */
void *jt_case_arena_alloc(jt_case_arena *a, size_t size);
/* A copy of s[0 .. n) with a NUL after it (no alignment), or NULL. */
char *jt_case_arena_strndup(jt_case_arena *a, const char *s, size_t n);
/* A copy of n elements of size elem at v, or NULL (also for n == 0: nothing to copy). */
void *jt_case_arena_memdup(jt_case_arena *a, const void *v, size_t n, size_t elem);

#endif
