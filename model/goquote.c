/*
 * Go's %q (model/internal/goquote.h), as strconv.Quote writes it: double quotes; a backslash
 * before '"' and '\\'; a printable character as it is (strconv.IsPrint: letters, marks,
 * numbers, punctuation, symbols and the ASCII space, here by ICU's general categories);
 * \a \b \f \n \r \t \v; \xNN for other bytes below 0x20, for 0x7F and for each byte that is
 * not UTF-8; \uNNNN and \UNNNNNNNN for other characters.
 */
#include "model/internal/goquote.h"

#include <stdint.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

static int go_printable(UChar32 c) {
    return c == ' ' || (U_GET_GC_MASK(c) &
                        (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK | U_GC_P_MASK | U_GC_S_MASK)) != 0;
}

typedef struct out {
    char *buf;
    size_t size, n;
} out;

static void put(out *o, char c) {
    if (o->n + 1 < o->size)
        o->buf[o->n] = c;
    o->n++;
}

/* A backslash, the letter, then digits hex digits of c. */
static void put_hex(out *o, char letter, uint32_t c, int digits) {
    static const char hex[] = "0123456789abcdef";
    put(o, '\\');
    put(o, letter);
    while (digits-- > 0)
        put(o, hex[(c >> (4 * digits)) & 15]);
}

/* One character c (its bytes at s, len of them). */
static void put_char(out *o, UChar32 c, const char *s, int32_t len) {
    static const char esc[] = "\a\b\f\n\r\t\v", letters[] = "abfnrtv";
    const char *e;
    int32_t k;
    if (c == '"' || c == '\\') {
        put(o, '\\');
        put(o, (char)c);
    } else if (go_printable(c)) {
        for (k = 0; k < len; k++)
            put(o, s[k]);
    } else if (c > 0 && c < 0x80 && (e = strchr(esc, (int)c)) != NULL) {
        put(o, '\\');
        put(o, letters[e - esc]);
    } else if (c < 0x80) {
        put_hex(o, 'x', (uint32_t)c, 2);
    } else {
        put_hex(o, c <= 0xFFFF ? 'u' : 'U', (uint32_t)c, c <= 0xFFFF ? 4 : 8);
    }
}

size_t jt_go_quote(char *buf, size_t size, const char *s) {
    const uint8_t *p = (const uint8_t *)s;
    int32_t i = 0, n = (int32_t)strlen(s);
    out o = {buf, size, 0};
    put(&o, '"');
    while (i < n) {
        int32_t from = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) { /* each byte that is not UTF-8 on its own, as Go reads them */
            put_hex(&o, 'x', p[from], 2);
            i = from + 1;
        } else {
            put_char(&o, c, s + from, i - from);
        }
    }
    put(&o, '"');
    if (size)
        buf[o.n < size ? o.n : size - 1] = '\0';
    return o.n;
}
