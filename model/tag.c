/*
 * Command tags: what a statement answers besides its rows, in each release's words. CockroachDB
 * sends the parsed statement's StatementTag(), with the count of rows affected when its
 * StatementType is RowsAffected (pgwire cookTag: v2.x id 5408757505, v20+ ids 385028182,
 * 14069825201):
 * - v2.0: PauseJob is Ack, StatementTag "PAUSE JOB": the tag has no count
 *   (pkg/sql/sem/tree/stmt.go, id 5526276396);
 * - v2.1 on: "%s JOBS" (ids 1636186526 v2.1, 459437793, 3339329282, 119239760), v20.2 on
 *   "%s JOBS FOR SCHEDULES" (ids 3339329282, 26612286303), v21.2 on "%s ALL %s JOBS" with the
 *   type upper-cased (ids 26612286303, 3339329282); RowsAffected: the count follows.
 */
#include <stdio.h>

#include "model/internal/arena.h"
#include "model/internal/tag.h"
#include "model/model.h"

void jt_tag_control(char *buf, size_t size, const jt_profile *p, const jt_stmt *st, int64_t count) {
    const char *op = p->op_words[st->op];
    if (p->tag_singular) {
        snprintf(buf, size, "%s JOB", op);
    } else if (st->all_type) {
        char type[32];
        size_t k;
        for (k = 0; st->all_type[k] && k + 1 < sizeof type; k++)
            type[k] = (char)(st->all_type[k] >= 'a' && st->all_type[k] <= 'z'
                                 ? st->all_type[k] - 'a' + 'A'
                                 : st->all_type[k]);
        type[k] = '\0';
        snprintf(buf, size, "%s ALL %s JOBS %lld", op, type, (long long)count);
    } else {
        snprintf(buf, size, "%s JOBS%s %lld", op, st->schedules ? " FOR SCHEDULES" : "",
                 (long long)count);
    }
}

int jt_profile_expected_tag(const jt_profile *p, const char *sql, int64_t count, char *tag,
                            size_t size) {
    jt_arena arena;
    jt_sqlerr e;
    jt_stmt *st;
    int rc;
    jt_arena_init(&arena, JT_LIMIT_STATEMENT_MEMORY);
    rc = jt_sql_parse(&st, &arena, sql, p->grammar, &e);
    if (rc == JT_OK)
        rc = st->kind == JT_S_CONTROL;
    else
        rc = rc == JT_ENOMEM && !arena.over ? JT_ENOMEM : 0;
    if (rc == 1)
        jt_tag_control(tag, size, p, st, count);
    jt_arena_dispose(&arena);
    return rc;
}
