#include "common.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jt_assert_fail(const char *expr, const char *file, int line) {
    fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, expr);
    abort();
}

const char *jt_strerror(int code) {
    switch (code) {
#define JT_ERRCODE_CASE(name, value, text)                                                         \
    case value:                                                                                    \
        return text;
        JT_ERRORS(JT_ERRCODE_CASE)
#undef JT_ERRCODE_CASE
    default:
        return "unknown error";
    }
}

int jt_error_fill(jt_error *err, int code, int line, const char *fmt, ...) {
    va_list ap;
    if (!err)
        return 0;
    err->code = code;
    err->sqlstate[0] = '\0';
    err->line = line;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return 0;
}

/* Fault injection (tests only, see common.h): the one piece of process-global mutable state
   of model/. Atomic, so that a test may arm it while a server thread allocates. */
static _Atomic long alloc_fail_at; /* 0: disarmed; else the call that fails */
static _Atomic long alloc_calls;   /* calls since jt_alloc_fail_after */

void jt_alloc_fail_after(long n) {
    atomic_store(&alloc_calls, 0);
    atomic_store(&alloc_fail_at, n > 0 ? n : 0);
}

long jt_alloc_count(void) {
    return atomic_load(&alloc_calls);
}

/* 1 when this allocation is the one that must fail. */
static int injected_failure(void) {
    long at = atomic_load_explicit(&alloc_fail_at, memory_order_relaxed);
    if (at == 0)
        return 0;
    return atomic_fetch_add(&alloc_calls, 1) + 1 == at;
}

void *jt_malloc(size_t size) {
    if (injected_failure())
        return NULL;
    return malloc(size ? size : 1);
}

void *jt_calloc(size_t n, size_t size) {
    if (injected_failure())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *jt_realloc(void *p, size_t size) {
    if (injected_failure())
        return NULL;
    return realloc(p, size ? size : 1);
}

char *jt_strndup(const char *s, size_t n) {
    char *d = jt_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *jt_strdup(const char *s) {
    return jt_strndup(s, strlen(s));
}

int jt_grow(void **buf, size_t *cap, size_t need, size_t elem, size_t limit) {
    size_t ncap;
    void *nbuf;
    if (need <= *cap)
        return JT_OK;
    if (need > limit)
        return JT_ELIMIT;
    ncap = *cap ? *cap : 8;
    while (ncap < need)
        ncap = ncap > limit / 2 ? limit : ncap * 2;
    if (ncap > SIZE_MAX / elem)
        return JT_ENOMEM;
    nbuf = jt_realloc(*buf, ncap * elem);
    if (!nbuf)
        return JT_ENOMEM;
    *buf = nbuf;
    *cap = ncap;
    return JT_OK;
}

int jt_strcaseeq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb)
            return 0;
    }
    return *a == *b;
}
