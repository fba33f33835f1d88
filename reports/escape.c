/* Text as XML, HTML, JSON and plain text that every reader accepts. */
#include <string.h>

#include "reports/internal.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t len, i;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
        return 0;
    return len;
}

static void xml(FILE *f, const char *s, size_t n, int attr) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        size_t len;
        switch (c) {
        case '&':
            fputs("&amp;", f);
            i++;
            continue;
        case '<':
            fputs("&lt;", f);
            i++;
            continue;
        case '>':
            fputs("&gt;", f);
            i++;
            continue;
        case '"':
            fputs("&quot;", f);
            i++;
            continue;
        case '\'':
            fputs("&#39;", f);
            i++;
            continue;
        case '\n':
            fputs(attr ? "&#10;" : "\n", f);
            i++;
            continue;
        case '\t':
            fputs(attr ? "&#9;" : "\t", f);
            i++;
            continue;
        case '\r':
            fputs("&#13;", f);
            i++;
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7f) {
            fputs(REPLACEMENT, f);
            i++;
            continue;
        }
        len = utf8_len(u + i, n - i);
        if (len == 0) {
            fputs(REPLACEMENT, f);
            i++;
            continue;
        }
        fwrite(s + i, 1, len, f);
        i += len;
    }
}

void jt_report_xml(FILE *f, const char *s, size_t n) {
    xml(f, s, n, 0);
}

void jt_report_xmls(FILE *f, const char *s) {
    xml(f, s, strlen(s), 0);
}

void jt_report_xml_attr(FILE *f, const char *s, size_t n) {
    xml(f, s, n, 1);
}

void jt_report_plain(FILE *f, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t len;
        if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f) {
            fputs(REPLACEMENT, f);
            i++;
            continue;
        }
        len = utf8_len(u + i, n - i);
        if (len == 0) {
            fputs(REPLACEMENT, f);
            i++;
            continue;
        }
        fwrite(s + i, 1, len, f);
        i += len;
    }
}

void jt_report_json_str(FILE *f, const char *s) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n;
    if (!s) {
        fputs("null", f);
        return;
    }
    n = strlen(s);
    fputc('"', f);
    while (i < n) {
        unsigned char c = u[i];
        size_t len;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n':
                fputs("\\n", f);
                break;
            case '\t':
                fputs("\\t", f);
                break;
            case '\r':
                fputs("\\r", f);
                break;
            default:
                fprintf(f, "\\u%04x", c);
                break;
            }
            i++;
            continue;
        }
        len = utf8_len(u + i, n - i);
        if (len == 0) {
            fputs("\\ufffd", f);
            i++;
            continue;
        }
        fwrite(s + i, 1, len, f);
        i += len;
    }
    fputc('"', f);
}
