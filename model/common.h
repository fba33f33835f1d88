/* Shared helpers of every module: assertions, errors, limits. */
#ifndef JT_COMMON_H
#define JT_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jobtck/driver.h"

/* Limits of the kit, all in one place. Every growable buffer is capped by one of them; each
   is tested at its value and just past it (tests/unit/test_limits.c). Those a test cannot
   reach at full size (a million records, ten million rows) may be set lower at compile time:
   tests/CMakeLists.txt builds test_limits_scaled so, and tests them there. */
#define JT_LIMIT_LINE 65536 /* bytes in one line of a case file */
#ifndef JT_LIMIT_RECORDS
#define JT_LIMIT_RECORDS 1000000 /* records in one case file */
#endif
#define JT_LIMIT_SQL 1048576 /* bytes in one statement */
#define JT_LIMIT_DEPTH 200   /* nesting of expressions and subqueries, links of chains */
#ifndef JT_LIMIT_STATEMENT_MEMORY
#define JT_LIMIT_STATEMENT_MEMORY (256u << 20) /* bytes the model may use for one statement */
#endif
#ifndef JT_LIMIT_ROWS
#define JT_LIMIT_ROWS 10000000 /* rows in one result */
#endif
#ifndef JT_LIMIT_JOBS
#define JT_LIMIT_JOBS 100000000 /* jobs in one model */
#endif
#ifndef JT_LIMIT_USERS
#define JT_LIMIT_USERS 100000 /* users in one model */
#endif
#define JT_LIMIT_ROLES 100     /* roles one user is a direct member of */
#define JT_LIMIT_PROGRESS 1000 /* steps of the jobs' own progress one retry may wait for */
#ifndef JT_LIMIT_PREPARED
#define JT_LIMIT_PREPARED 10000 /* prepared statements in one model */
#endif
#define JT_LIMIT_PLACEHOLDERS 100 /* $1 .. $n in one statement */
/* bytes in a user, prepared statement or variable name: a v2.x role name is 63 characters of
   up to 4 bytes */
#define JT_LIMIT_NAME 256
#ifndef JT_LIMIT_FILES
#define JT_LIMIT_FILES 100000 /* case files in one run */
#endif
#define JT_LIMIT_MESSAGE 65536      /* bytes in one failure message */
#define JT_LIMIT_DIFF_LINES 40      /* lines of a diff shown in one failure message */
#define JT_LIMIT_DIFF_CELLS 4000000 /* expected x actual lines for which an exact diff is made */
/* Message sizes of the protocols and readers of sim/ (their modules keep their own names for
   them; tests/unit/test_limits.c checks that they equal these). */
#define JT_LIMIT_EXEC_REPLY (64u << 20)          /* bytes in one reply line of an exec adapter */
#define JT_LIMIT_EXEC_REQUEST (8u << 20)         /* bytes in one request to an exec adapter */
#define JT_LIMIT_JSON_DEPTH 32                   /* nesting of a JSON document */
#define JT_LIMIT_JSON_MEMBERS 1024               /* members of one JSON object */
#define JT_LIMIT_PG_STARTUP 10000                /* bytes in a startup packet (serve) */
#define JT_LIMIT_PG_MESSAGE (JT_LIMIT_SQL + 5)   /* bytes in a protocol message (serve) */
#define JT_LIMIT_PG_OUTPUT (64u * 1024u * 1024u) /* bytes of one result's messages (serve) */
#define JT_LIMIT_DOC_PAGE (16 * 1024 * 1024)     /* bytes in a documentation page (doc) */

/* Assertions stay on in every build: a programmer error stops the program. */
#define JT_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond))                                                                               \
            jt_assert_fail(#cond, __FILE__, __LINE__);                                             \
    } while (0)

/* The attribute too: cppcheck knows it, not _Noreturn. */
_Noreturn void jt_assert_fail(const char *expr, const char *file, int line)
    __attribute__((noreturn));

const char *jt_strerror(int code);

/* Fills err (when not NULL); returns 0. */
int jt_error_fill(jt_error *err, int code, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* v in decimal, without printf (values are rendered on hot paths): the digits end at the end
   of buf (24 bytes, NUL included); returns where they start. */
static inline char *jt_decimal(char buf[24], int64_t v) {
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    char *p = buf + 23;
    *p = '\0';
    for (; u >= 10; u /= 100) { /* two digits a division */
        const char *d = &pairs[2 * (u % 100)];
        *--p = d[1];
        *--p = d[0];
    }
    if (u || p == buf + 23) /* a last single digit, or the 0 */
        *--p = (char)('0' + u);
    if (v < 0)
        *--p = '-';
    return p;
}

/* a, b and c joined into buf (of size bytes, at least 1), cut as snprintf cuts: without printf,
   for the tags and names made on hot paths. */
static inline void jt_join3(char *buf, size_t size, const char *a, const char *b, const char *c) {
    const char *parts[3] = {a, b, c};
    size_t n = 0, k;
    for (k = 0; k < 3; k++)
        for (const char *s = parts[k]; *s && n + 1 < size; s++)
            buf[n++] = *s;
    buf[n] = '\0';
}

/* A hint to the memory that p will be read soon (a compiler without it: nothing). */
#if defined(__GNUC__) || defined(__clang__)
#define JT_PREFETCH(p) __builtin_prefetch(p)
#else
#define JT_PREFETCH(p) ((void)(p))
#endif
#define JT_PREFETCH_AHEAD 16 /* items ahead of a walk's current one */

/* The hash of byte strings (a statement's shape key, model/plan.c and tag.c; the tokens of a
   result's rows and of the expected lines, sim/cases): the bytes are taken eight at a time,
   the last eight overlapping the ones before (a shorter string by four, or by its first,
   middle and last bytes), then the length. h is where it starts (JT_HASH_START, or the hash of
   what came before: a sequence of tokens is hashed one token at a time). A hash is the same in
   one process, which is all it is for: it is never kept. */
#define JT_HASH_START UINT64_C(0xcbf29ce484222325)

/* h with the word w mixed in: a multiply, and its high half folded onto the low one (tables
   index by the low bits). */
static inline uint64_t jt_hash_mix(uint64_t h, uint64_t w) {
    h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
    return h ^ (h >> 32);
}

/* h after the n bytes at s (none: the length alone). */
static inline uint64_t jt_hash_bytes(uint64_t h, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    uint64_t w = 0;
    uint32_t u, v;
    size_t i;
    for (i = 0; i + 8 < n; i += 8) {
        memcpy(&w, p + i, 8);
        h = jt_hash_mix(h, w);
    }
    if (n >= 8) {
        memcpy(&w, p + n - 8, 8);
    } else if (n >= 4) {
        memcpy(&u, p, 4);
        memcpy(&v, p + n - 4, 4);
        w = (uint64_t)u << 32 | v;
    } else if (n > 0) {
        w = (uint64_t)p[0] << 16 | (uint64_t)p[n / 2] << 8 | p[n - 1];
    }
    return jt_hash_mix(jt_hash_mix(h, w), n);
}

/* SplitMix64's finalizer: a well-spread 64-bit hash of x (hash tables keyed by numbers). */
static inline uint64_t jt_mix64(uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* SplitMix64: the next number of the sequence whose state is *s (seeded generators). */
static inline uint64_t jt_splitmix64(uint64_t *s) {
    return jt_mix64(*s += 0x9e3779b97f4a7c15ULL);
}

static inline int jt_error_code_(int code, int filled) {
    (void)filled;
    return code;
}

/* jt_error_set(err, code, line, fmt, ...): fills err (when not NULL) and returns code. A macro
   over an inline function so that static analysis (clang-tidy), which does not follow
   variadic calls, sees that it returns code: `return jt_error_set(err, JT_ENOMEM, ...)` fails.
   code is evaluated twice: pass a constant or a variable. */
#define jt_error_set(err, code, ...)                                                               \
    jt_error_code_((code), jt_error_fill((err), (code), __VA_ARGS__))

/* malloc/realloc/strdup that never return NULL for size 0; NULL only when memory is out. */
void *jt_malloc(size_t size);
void *jt_calloc(size_t n, size_t size);
void *jt_realloc(void *p, size_t size);
char *jt_strdup(const char *s);
char *jt_strndup(const char *s, size_t n);

/*
 * Fault injection, for tests only: after jt_alloc_fail_after(n) with n > 0, the n-th call of
 * jt_malloc/jt_calloc/jt_realloc/jt_strdup/jt_strndup from then on returns NULL (once);
 * n = 0 disarms it. jt_alloc_count() is the number of those calls since the last
 * jt_alloc_fail_after. This is the one piece of process-global mutable state of model/: only
 * tests set it, and while it is disarmed (always, outside tests) it changes nothing.
 */
void jt_alloc_fail_after(long n);
long jt_alloc_count(void);

/* Grows *buf (of *cap elements of elem bytes) to hold at least need; JT_ENOMEM or JT_ELIMIT. */
int jt_grow(void **buf, size_t *cap, size_t need, size_t elem, size_t limit);

/* Case-insensitive ASCII comparison. */
int jt_strcaseeq(const char *a, const char *b);

#endif
