/* Random numbers of the generated (differential) suites, the same in each: xorshift64 seeded
   by splitmix64, so that a seed replays a run on every machine; and the seed or count a
   suite takes from the environment (JT_…_SEED, JT_…_COUNT) to replay or resize a run. */
#ifndef JT_TEST_RNG_H
#define JT_TEST_RNG_H

#include <stdint.h>
#include <stdlib.h>

/* xorshift64 */
typedef struct rng {
    uint64_t s;
} rng;

/* splitmix64's step: a state for xorshift from a seed and a number, never 0 */
static inline uint64_t mix(uint64_t seed, uint64_t n) {
    uint64_t z = seed + 0x9e3779b97f4a7c15u * (n + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return (z ^ (z >> 31)) | 1;
}

static inline uint64_t next(rng *r) {
    uint64_t x = r->s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return r->s = x;
}

/* 0 .. n - 1 */
static inline unsigned below(rng *r, unsigned n) {
    return (unsigned)(next(r) % n);
}

/* The environment's number name (decimal, or 0x… hexadecimal), else dflt. */
static inline uint64_t env_or(const char *name, uint64_t dflt) {
    const char *v = getenv(name);
    return v && *v ? (uint64_t)strtoull(v, NULL, 0) : dflt;
}

#endif
