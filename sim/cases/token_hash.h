/*
 * The hash of a line's whitespace-separated tokens, the same whoever splits them: the reader
 * hashes the expected lines of a rowsort query as it splits them (jt_case_record.line_hash),
 * the checker hashes a result's rows as it renders them (sim/cases/check.c), and a row is
 * compared with the lines of its hash only. Each token is taken eight bytes at a time (its
 * last eight overlapping the ones before; a shorter one by four, or by its first, middle and
 * last bytes), then its length: a hash of the same tokens is the same in one process, which is
 * all it is for (it is never kept).
 */
#ifndef JT_CASES_TOKEN_HASH_H
#define JT_CASES_TOKEN_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define JT_TOKEN_HASH_START UINT64_C(0xcbf29ce484222325)

/* h with the word w mixed in: a multiply, and its high half folded onto the low one (the
   checker's table indexes by the low bits). */
static inline uint64_t jt_token_hash_mix(uint64_t h, uint64_t w) {
    h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
    return h ^ (h >> 32);
}

/* h after the token s[0 .. n), n > 0. */
static inline uint64_t jt_token_hash(uint64_t h, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    uint64_t w;
    uint32_t u, v;
    size_t i;
    for (i = 0; i + 8 < n; i += 8) {
        memcpy(&w, p + i, 8);
        h = jt_token_hash_mix(h, w);
    }
    if (n >= 8) {
        memcpy(&w, p + n - 8, 8);
    } else if (n >= 4) {
        memcpy(&u, p, 4);
        memcpy(&v, p + n - 4, 4);
        w = (uint64_t)u << 32 | v;
    } else {
        w = (uint64_t)p[0] << 16 | (uint64_t)p[n / 2] << 8 | p[n - 1];
    }
    return jt_token_hash_mix(jt_token_hash_mix(h, w), n);
}

#endif
