/* The deliberately racy variant of serve: stale answers on purpose (see racy.h). */
#include "sim/serve/racy.h"

#include <stdlib.h>
#include <string.h>

#include "model/common.h"
#include "sim/serve/lex.h"

int jt_racy_applies(int racy_reads_ms, const char *sql) {
    jt_lexer lx;
    int yes;
    if (racy_reads_ms <= 0)
        return 0;
    jt_lex_start(&lx, sql);
    yes = jt_lex_is(&lx, "SELECT") || jt_lex_is(&lx, "SHOW") || jt_lex_is(&lx, "VALUES");
    jt_lex_end(&lx);
    return yes;
}

const unsigned char *jt_racy_recall(const jt_racy_memo *m, int racy_reads_ms, const char *sql,
                                    int64_t now_ms, size_t *len) {
    if (!m->sql || strcmp(m->sql, sql) != 0 || now_ms - m->at_ms >= racy_reads_ms)
        return NULL;
    *len = m->len;
    return m->answer;
}

void jt_racy_remember(jt_racy_memo *m, const char *sql, const unsigned char *answer, size_t len,
                      int64_t now_ms) {
    jt_racy_forget(m);
    m->sql = jt_strdup(sql);
    m->answer = jt_malloc(len + 1);
    if (!m->sql || !m->answer) {
        jt_racy_forget(m);
        return;
    }
    memcpy(m->answer, answer, len);
    m->len = len;
    m->at_ms = now_ms;
}

void jt_racy_forget(jt_racy_memo *m) {
    free(m->sql);
    free(m->answer);
    m->sql = NULL;
    m->answer = NULL;
    m->len = 0;
}
