/* jobtck doc, text: the small string helpers and the messages every part of jobtck doc uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_internal.h"
#include "sim/text/strbuf.h"

int jt_doc_is_space(int c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int jt_doc_lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

const char *jt_doc_skip_space(const char *s) {
    while (jt_doc_is_space((unsigned char)*s))
        s++;
    return s;
}

int jt_doc_starts_word(const char *s, const char *w) {
    size_t n = strlen(w), i;
    for (i = 0; i < n; i++)
        if (jt_doc_lower((unsigned char)s[i]) != jt_doc_lower((unsigned char)w[i]))
            return 0;
    return !((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
             (s[n] >= '0' && s[n] <= '9') || s[n] == '_');
}

const char *jt_doc_find_ci(const char *s, const char *w) {
    size_t n = strlen(w), i;
    for (; *s; s++) {
        for (i = 0; i < n; i++)
            if (jt_doc_lower((unsigned char)s[i]) != jt_doc_lower((unsigned char)w[i]))
                break;
        if (i == n)
            return s;
    }
    return NULL;
}

char *jt_doc_dup_trim(const char *s, size_t n) {
    while (n && jt_doc_is_space((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && jt_doc_is_space((unsigned char)s[n - 1]))
        n--;
    return jt_strndup(s, n);
}

char *jt_doc_lower_dup(const char *s, size_t n) {
    char *d = jt_strndup(s, n);
    size_t i;
    if (d)
        for (i = 0; i < n; i++)
            d[i] = (char)jt_doc_lower((unsigned char)d[i]);
    return d;
}

int jt_doc_is_ellipsis(const char *s) {
    return strcmp(s, "...") == 0 || strcmp(s, "\xe2\x80\xa6") == 0;
}

int jt_doc_parse_id(int64_t *out, const char *s) {
    int64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (v > (INT64_MAX - (*s - '0')) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    if (v < 1)
        return -1;
    *out = v;
    return 0;
}

int jt_doc_split_lines(jt_doc_span **out, size_t *nout, const char *text) {
    size_t n = 0, cap = 0;
    jt_doc_span *v = NULL;
    const char *s = text;
    int rc;
    *out = NULL;
    *nout = 0;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        rc = jt_grow((void **)&v, &cap, n + 1, sizeof *v, JT_LIMIT_RECORDS);
        if (rc < 0) {
            free(v);
            return rc;
        }
        v[n].s = s;
        v[n].n = len;
        n++;
        s += len;
        if (*s == '\n')
            s++;
    }
    *out = v;
    *nout = n;
    return JT_OK;
}

int jt_doc_is_blank(const jt_doc_span *l) {
    size_t k = 0;
    while (k < l->n && jt_doc_is_space((unsigned char)l->s[k]))
        k++;
    return k == l->n;
}

/* "path:line: label text" of a formatted text; NULL when memory is out. */
__attribute__((format(printf, 4, 0))) static char *
vmsg(const char *path, int line, const char *label, const char *fmt, va_list ap) {
    jt_strbuf sb;
    va_list copy;
    char *text;
    int n;
    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    text = jt_malloc((size_t)n + 1);
    if (!text)
        return NULL;
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
    if (line > 0)
        n = jt_strbuf_addf(&sb, "%s:%d: %s", path, line, label);
    else
        n = jt_strbuf_addf(&sb, "%s: %s", path, label);
    if (n == JT_ELIMIT || jt_strbuf_adds(&sb, text) == JT_ELIMIT) {
        /* very long: cut, but say so */
        jt_strbuf_dispose(&sb);
        jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
        if (jt_strbuf_addf(&sb, "%s:%d: %s(message longer than %d bytes)", path, line, label,
                           JT_LIMIT_MESSAGE) < 0) {
            free(text);
            jt_strbuf_dispose(&sb);
            return NULL;
        }
    }
    free(text);
    return jt_strbuf_take(&sb);
}

char *jt_doc_msg(const char *path, int line, const char *fmt, ...) {
    va_list ap;
    char *m;
    va_start(ap, fmt);
    m = vmsg(path, line, "", fmt, ap);
    va_end(ap);
    return m;
}

const char *jt_doc_finding_name(int finding) {
    switch (finding) {
    case JT_DOC_FIND_PAGE:
        return "page defect";
    case JT_DOC_FIND_UNREADABLE:
        return "cannot read";
    case JT_DOC_FIND_LIMIT:
        return "limit of the kit";
    default:
        return "note";
    }
}

char *jt_doc_finding_msg(const char *path, int line, int finding, const char *fmt, ...) {
    char label[48];
    va_list ap;
    char *m;
    if (finding == JT_DOC_FIND_PAGE)
        snprintf(label, sizeof label, "page defect: ");
    else if (finding == JT_DOC_FIND_NONE)
        snprintf(label, sizeof label, "note: ");
    else
        snprintf(label, sizeof label, "not checked (%s): ", jt_doc_finding_name(finding));
    va_start(ap, fmt);
    m = vmsg(path, line, label, fmt, ap);
    va_end(ap);
    return m;
}

void jt_doc_short_sql(char *buf, size_t size, const char *sql, size_t max) {
    size_t n = 0;
    const char *s = sql;
    int space = 0;
    JT_ASSERT(size > 4);
    if (max + 4 > size)
        max = size - 4;
    while (*s == ' ' || *s == '\n' || *s == '\t')
        s++;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && n > 0 && n < max)
            buf[n++] = ' ';
        space = 0;
        if (n >= max) {
            memcpy(buf + n, "\xe2\x80\xa6", 3); /* … */
            n += 3;
            break;
        }
        buf[n++] = *s;
    }
    buf[n] = '\0';
}
