/* The error regexes of case files: RE2 through sim/cases/regex_re2.h; see sim/cases/regex.h. */
#include "sim/cases/regex.h"

#include <stdlib.h>
#include <string.h>

#include "sim/cases/regex_re2.h"

/*
 * Most expectations are a message written out whole: ^job 5 is not controllable$. For those a
 * string compare gives RE2's answer without building RE2's automaton, which over the bundled
 * suite (11 175 regexes) costs 40% more CPU time and 25 MiB more memory; see literal().
 */
struct jt_regex {
    jt_re2 *re;           /* NULL for a literal */
    char *text;           /* a literal: the text it stands for */
    size_t len;           /* its length */
    int at_start, at_end; /* a literal: anchored by ^ / $ */
};

/* The text src stands for when RE2 would read it as a literal: ASCII without an operator but
   a ^ at its start and a $ at its end, where \ before punctuation makes it stand for itself
   (as in RE2: \ before a letter or digit is a class or an error, so such a src is not taken
   here, nor non-ASCII, which RE2 checks is UTF-8). Sets re's literal fields; 0 when src is no
   literal, JT_ENOMEM. */
static int literal(jt_regex *re, const char *src) {
    /* RE2's operators: a table, not a strchr a byte */
    static const unsigned char op[128] = {
        ['.'] = 1, ['['] = 1, [']'] = 1, ['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1,
        ['?'] = 1, ['{'] = 1, ['}'] = 1, ['|'] = 1, ['^'] = 1, ['$'] = 1};
    size_t n = strlen(src), i, len = 0;
    re->at_start = n > 0 && src[0] == '^';
    re->at_end = n > (size_t)re->at_start && src[n - 1] == '$' && (n < 2 || src[n - 2] != '\\');
    for (i = (size_t)re->at_start; i < n - (size_t)re->at_end; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c >= 0x80 || op[c])
            return 0;
        if (c == '\\') {
            unsigned char d = (unsigned char)src[i + 1];
            if (!d || d >= 0x80 || (d >= '0' && d <= '9') || (d >= 'a' && d <= 'z') ||
                (d >= 'A' && d <= 'Z'))
                return 0;
            i++;
        }
    }
    re->text = jt_malloc(n + 1);
    if (!re->text)
        return JT_ENOMEM;
    for (i = (size_t)re->at_start; i < n - (size_t)re->at_end; i++)
        re->text[len++] = src[i] == '\\' ? src[++i] : src[i];
    re->text[len] = '\0';
    re->len = len;
    return 1;
}

int jt_case_regex_compile(jt_regex **out, const char *src, jt_error *err) {
    jt_regex *re = jt_calloc(1, sizeof *re);
    char why[256];
    int rc = JT_OK;
    *out = NULL;
    if (!re || (rc = literal(re, src)) < 0) {
        rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        goto out;
    }
    if (rc == 0) {
        rc = jt_re2_compile(&re->re, src, why, sizeof why);
        if (rc == JT_RE2_ESYNTAX)
            rc = jt_error_set(err, JT_EPARSE, 0, "%s", why);
        else if (rc < 0)
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    if (rc >= 0) {
        *out = re;
        re = NULL;
        rc = JT_OK;
    }
out:
    jt_case_regex_free(re);
    return rc;
}

void jt_case_regex_free(jt_regex *re) {
    if (re) {
        jt_re2_free(re->re);
        free(re->text);
        free(re);
    }
}

int jt_case_regex_match(const jt_regex *re, const char *text) {
    size_t m = strlen(text);
    if (re->re) {
        int r = jt_re2_search(re->re, text, m);
        return r < 0 ? JT_ENOMEM : r;
    }
    if (re->at_start && re->at_end)
        return m == re->len && memcmp(re->text, text, m) == 0;
    if (re->at_start)
        return m >= re->len && memcmp(re->text, text, re->len) == 0;
    if (re->at_end)
        return m >= re->len && memcmp(re->text, text + m - re->len, re->len) == 0;
    return strstr(text, re->text) != NULL;
}
