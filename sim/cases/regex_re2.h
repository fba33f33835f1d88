/*
 * A C interface to RE2 (Debian's libre2), the engine whose syntax Go's regexp package shares:
 * CockroachDB's logic tests write their error regexes in it. Implemented in regex_re2.cc,
 * the kit's one C++ file, so that the rest stays C. RE2 matches in time linear in the text
 * and bounds its memory (8 MiB a regex, RE2's default): no pattern can make it backtrack.
 */
#ifndef JT_REGEX_RE2_H
#define JT_REGEX_RE2_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jt_re2 jt_re2;

enum { JT_RE2_OK = 0, JT_RE2_ESYNTAX = -1, JT_RE2_ENOMEM = -2 };

/*
 * Compiles pattern (NUL-terminated UTF-8) with RE2's default options, Go's syntax: (?i) and
 * the other flags, \d \s \w, [[:alpha:]], \pL; no backreferences. JT_RE2_ESYNTAX when RE2
 * refuses it, with its reason in why ("missing )", "invalid escape sequence: \1", "pattern
 * too large - compile failed"); JT_RE2_ENOMEM. Nothing is logged.
 */
int jt_re2_compile(jt_re2 **out, const char *pattern, char *why, size_t whysize);
/* 1 when re matches somewhere in text[0 .. len), as Go's Regexp.MatchString (unanchored), else
   0; JT_RE2_ENOMEM. */
int jt_re2_search(const jt_re2 *re, const char *text, size_t len);
void jt_re2_free(jt_re2 *re);

#ifdef __cplusplus
}
#endif

#endif
