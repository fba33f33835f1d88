#include "sim/text/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jt_strbuf_init(jt_strbuf *sb, size_t limit) {
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
    sb->limit = limit;
    sb->nomem = 0;
}

void jt_strbuf_dispose(jt_strbuf *sb) {
    free(sb->data);
    jt_strbuf_init(sb, sb->limit);
}

int jt_strbuf_add(jt_strbuf *sb, const char *s, size_t n) {
    int rc;
    if (sb->nomem)
        return JT_ENOMEM;
    if (n > sb->limit - sb->len)
        return JT_ELIMIT;
    if (sb->len + n + 1 > sb->cap) {
        /* from 64 bytes up: a row or a line seldom needs more than one allocation */
        size_t need = sb->len + n + 1;
        if (sb->cap == 0 && need < 64 && sb->limit >= 64)
            need = 64;
        rc = jt_grow((void **)&sb->data, &sb->cap, need, 1, sb->limit + 1);
    } else {
        rc = JT_OK;
    }
    if (rc == JT_ENOMEM)
        sb->nomem = 1;
    if (rc < 0)
        return rc;
    if (n)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
    return JT_OK;
}

int jt_strbuf_adds(jt_strbuf *sb, const char *s) {
    return jt_strbuf_add(sb, s, strlen(s));
}

int jt_strbuf_addf(jt_strbuf *sb, const char *fmt, ...) {
    char small[256];
    char *big = NULL;
    va_list ap;
    int n, rc;
    if (sb->nomem)
        return JT_ENOMEM;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return JT_EINVAL;
    if ((size_t)n < sizeof small)
        return jt_strbuf_add(sb, small, (size_t)n);
    if ((size_t)n > sb->limit - sb->len)
        return JT_ELIMIT;
    big = jt_malloc((size_t)n + 1);
    if (!big) {
        sb->nomem = 1;
        return JT_ENOMEM;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rc = jt_strbuf_add(sb, big, (size_t)n);
    free(big);
    return rc;
}

char *jt_strbuf_take(jt_strbuf *sb) {
    char *s = sb->data;
    if (sb->nomem) {
        free(s);
        s = NULL;
    } else if (!s) {
        s = jt_strdup("");
    }
    sb->nomem = 0;
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
    return s;
}
