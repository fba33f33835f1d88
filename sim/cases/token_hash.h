/*
 * The hash of a line's whitespace-separated tokens, the same whoever splits them: the reader
 * hashes the expected lines of a rowsort query as it splits them (jt_case_record.line_hash),
 * the checker hashes a result's rows as it renders them (sim/cases/check.c), and a row is
 * compared with the lines of its hash only. FNV-1a over each token's bytes, then 0x100 (which
 * no byte is) after each token.
 */
#ifndef JT_CASES_TOKEN_HASH_H
#define JT_CASES_TOKEN_HASH_H

#include <stdint.h>

#define JT_TOKEN_HASH_START UINT64_C(0xcbf29ce484222325)
#define JT_TOKEN_HASH_PRIME UINT64_C(0x100000001b3)

/* h after one more byte c of a token, and after the end of a token: macros, not functions, as
   every byte of every line hashed goes through the first (whatever the compiler inlines). */
#define JT_TOKEN_HASH_BYTE(h, c) (((h) ^ (uint64_t)(c)) * JT_TOKEN_HASH_PRIME)
#define JT_TOKEN_HASH_END(h) (((h) ^ 0x100u) * JT_TOKEN_HASH_PRIME)

#endif
