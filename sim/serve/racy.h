/*
 * The deliberately racy variant of serve (--racy-reads MS, private to sim/serve/): a wrong
 * server on purpose, for testing concurrency checkers (jobtck sim --sessions). A connection
 * remembers its last read-only query and the bytes it answered; the same query again, less
 * than MS milliseconds later, gets those bytes again, whatever happened since.
 */
#ifndef JT_SERVE_RACY_H
#define JT_SERVE_RACY_H

#include <stddef.h>
#include <stdint.h>

/* One connection's last read-only query and its answer; all zero: nothing remembered. */
typedef struct jt_racy_memo {
    char *sql;
    unsigned char *answer; /* the protocol messages answered, ReadyForQuery excluded */
    size_t len;
    int64_t at_ms; /* when it was answered */
} jt_racy_memo;

/* Whether the variant is on (racy_reads_ms > 0) and sql only reads (its first word is SELECT,
   SHOW or VALUES). */
int jt_racy_applies(int racy_reads_ms, const char *sql);
/* The answer to give sql again at now_ms (its length in *len), or NULL: run it. */
const unsigned char *jt_racy_recall(const jt_racy_memo *m, int racy_reads_ms, const char *sql,
                                    int64_t now_ms, size_t *len);
/* Remembers sql's answer instead of what was remembered; without memory, nothing. */
void jt_racy_remember(jt_racy_memo *m, const char *sql, const unsigned char *answer, size_t len,
                      int64_t now_ms);
void jt_racy_forget(jt_racy_memo *m);

#endif
