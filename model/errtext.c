/* The error texts of a profile: its templates filled in, job errors quoted as Go's %q. */
#include <stdio.h>
#include <string.h>

#include "profile.h"

#include "common.h"

/* Decodes one UTF-8 character of s into *out; returns its length, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, uint32_t *out) {
    uint32_t c = s[0], min;
    size_t n, k;
    if (c < 0x80) {
        *out = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        c &= 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        c &= 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    for (k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[k] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *out = c;
    return n;
}

/* Go's strconv.IsPrint for the characters an error text plausibly holds: controls, the
   separators other than the ASCII space, and the format characters are not printable. */
static int go_printable(uint32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD)
        return 0;
    if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
        (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB))
        return 0;
    if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 || (c & 0xFFFE) == 0xFFFE)
        return 0;
    return 1;
}

/* Go's %q of s: double quotes, backslash escapes for what is not printable. */
static size_t quote_go(char *buf, size_t size, const char *s) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (n + 1 < size)                                                                          \
            buf[n] = (char)(c);                                                                    \
        n++;                                                                                       \
    } while (0)
    PUT('"');
    while (*p) {
        uint32_t c;
        size_t len = utf8_decode(p, &c), k;
        if (!len) {
            PUT('\\');
            PUT('x');
            PUT(hex[*p >> 4]);
            PUT(hex[*p & 15]);
            p++;
            continue;
        }
        if (c == '"' || c == '\\') {
            PUT('\\');
            PUT(c);
        } else if (c == '\n' || c == '\t' || c == '\r' || c == '\a' || c == '\b' || c == '\f' ||
                   c == '\v') {
            PUT('\\');
            PUT(c == '\n'   ? 'n'
                : c == '\t' ? 't'
                : c == '\r' ? 'r'
                : c == '\a' ? 'a'
                : c == '\b' ? 'b'
                : c == '\f' ? 'f'
                            : 'v');
        } else if (go_printable(c)) {
            for (k = 0; k < len; k++)
                PUT(p[k]);
        } else if (c < 0x80) {
            PUT('\\');
            PUT('x');
            PUT(hex[c >> 4]);
            PUT(hex[c & 15]);
        } else if (c <= 0xFFFF) {
            PUT('\\');
            PUT('u');
            for (k = 4; k-- > 0;)
                PUT(hex[(c >> (4 * k)) & 15]);
        } else {
            PUT('\\');
            PUT('U');
            for (k = 8; k-- > 0;)
                PUT(hex[(c >> (4 * k)) & 15]);
        }
        p += len;
    }
    PUT('"');
#undef PUT
    if (size)
        buf[n < size ? n : size - 1] = '\0';
    return n;
}

/* The value of the placeholder at t ("{id}", "{status}" …; not {errq}/{errc}), its length in
 *skip; NULL and *skip 0 when t holds none. num is room for a number or a statement's name. */
static const char *placeholder(const struct jt_profile *p, const jt_errargs *a, const char *t,
                               char num[32], size_t *skip) {
    static const char *const names[] = {"{id}",  "{status}", "{err}",  "{stmt}", "{want}",
                                        "{col}", "{op}",     "{user}", "{arg}"};
    const char *const vals[] = {
        num,
        a->status ? a->status : "",
        a->error ? a->error : "",
        a->stmt ? a->stmt : num,
        a->want ? a->want : "int",
        a->col ? a->col : "job_id",
        p->op_words[a->op],
        a->user ? a->user : "",
        a->arg ? a->arg : "",
    };
    size_t k;
    for (k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t len = strlen(names[k]);
        if (strncmp(t, names[k], len) != 0)
            continue;
        *skip = len;
        if (k == 0) /* without printf: a control statement's error is on a hot path */
            return jt_decimal(num, a->id);
        if (k == 3 && !a->stmt)
            jt_join3(num, 32, p->op_words[a->op], " JOBS", "");
        return vals[k];
    }
    *skip = 0;
    return NULL;
}

/* The job's own error as {errq} (' "text"') or {errc} (', err: "text"') write it, at msg + n;
   the new length. */
static size_t quoted_error(char *msg, size_t n, size_t size, int q, const char *error) {
    const char *lead = q ? " " : ", err: ";
    size_t l = strlen(lead);
    if (!error || !*error || n + l >= size)
        return n;
    memcpy(msg + n, lead, l);
    n += l;
    n += quote_go(msg + n, size - n, error);
    return n >= size ? size - 1 : n;
}

const char *jt_profile_error(const struct jt_profile *p, int kind, const jt_errargs *a, char *msg,
                             size_t size) {
    const jt_errtext *et = &p->errors[kind];
    const char *t;
    size_t n = 0;
    if (!et->tmpl) /* an error the release never gave (v2.0: no selection of ids): the seed's */
        et = &jt_profile_find(JT_PROFILE_DEFAULT)->errors[kind];
    t = et->tmpl;
    JT_ASSERT(t && et->sqlstate && size > 0);
    while (*t && n + 1 < size) {
        const char *val;
        char num[32];
        size_t skip, w;
        if (*t == '{' && (strncmp(t, "{errq}", 6) == 0 || strncmp(t, "{errc}", 6) == 0)) {
            n = quoted_error(msg, n, size, t[4] == 'q', a->error);
            t += 6;
            continue;
        }
        val = *t == '{' ? placeholder(p, a, t, num, &skip) : NULL;
        if (!val) {
            msg[n++] = *t++;
            continue;
        }
        w = strlen(val); /* cut as snprintf cuts */
        memcpy(msg + n, val, w < size - n ? w : size - n - 1);
        n = n + w >= size ? size - 1 : n + w;
        t += skip;
    }
    msg[n] = '\0';
    return et->sqlstate;
}
