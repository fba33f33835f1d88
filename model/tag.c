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
#include <stdlib.h>
#include <string.h>

#include "model/internal/arena.h"
#include "model/internal/tag.h"
#include "model/model.h"

#define MEMO_SLOTS 8192u /* a power of two */
#define MEMO_MAX (MEMO_SLOTS / 2)

/* The words of control statement st's tag into buf; 1 when its count follows them. */
static int tag_words(char *buf, size_t size, const jt_profile *p, const jt_stmt *st) {
    const char *op = p->op_words[st->op];
    if (p->tag_singular) {
        jt_join3(buf, size, op, " JOB", "");
        return 0;
    }
    if (st->all_type) {
        char type[32], all[48];
        size_t k;
        for (k = 0; st->all_type[k] && k + 1 < sizeof type; k++)
            type[k] = (char)(st->all_type[k] >= 'a' && st->all_type[k] <= 'z'
                                 ? st->all_type[k] - 'a' + 'A'
                                 : st->all_type[k]);
        type[k] = '\0';
        jt_join3(all, sizeof all, " ALL ", type, " JOBS");
        jt_join3(buf, size, op, all, "");
    } else {
        jt_join3(buf, size, op, " JOBS", st->schedules ? " FOR SCHEDULES" : "");
    }
    return 1;
}

static void tag_format(char *buf, size_t size, const char *words, int counted, int64_t count) {
    char num[24];
    jt_join3(buf, size, words, counted ? " " : "", counted ? jt_decimal(num, count) : "");
}

void jt_tag_control(char *buf, size_t size, const jt_profile *p, const jt_stmt *st, int64_t count) {
    char words[64];
    int counted = tag_words(words, sizeof words, p, st);
    tag_format(buf, size, words, counted, count);
}

/* The tag's words of sql into words: 1, 0 (no tag) or JT_ENOMEM; *counted as tag_words. */
static int expected_words(const jt_profile *p, const char *sql, char *words, size_t size,
                          int *counted) {
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
        *counted = tag_words(words, size, p, st);
    jt_arena_dispose(&arena);
    return rc;
}

int jt_profile_expected_tag(const jt_profile *p, const char *sql, int64_t count, char *tag,
                            size_t size) {
    char words[64];
    int counted = 0, rc = expected_words(p, sql, words, sizeof words, &counted);
    if (rc == 1)
        tag_format(tag, size, words, counted, count);
    return rc;
}

/* ---- the memo ---- */

typedef struct memo_slot {
    uint64_t hash;
    char *key; /* the statement's shape (jt_sql_shape_key); NULL: empty */
    size_t len;
    int rc, counted;
    char words[64];
} memo_slot;

struct jt_tag_memo {
    const jt_profile *profile; /* the profile its answers are of */
    jt_arena arena;            /* the keys */
    memo_slot *slots;          /* MEMO_SLOTS */
    size_t n;
    jt_sql_key key; /* the key being looked up */
};

static void memo_empty(jt_tag_memo *m, const jt_profile *p) {
    jt_arena_dispose(&m->arena);
    jt_arena_init(&m->arena, SIZE_MAX);
    memset(m->slots, 0, MEMO_SLOTS * sizeof *m->slots);
    m->n = 0;
    m->profile = p;
}

static jt_tag_memo *memo_new(void) {
    jt_tag_memo *m = jt_calloc(1, sizeof *m);
    if (m && !(m->slots = jt_calloc(MEMO_SLOTS, sizeof *m->slots))) {
        free(m);
        return NULL;
    }
    if (m)
        jt_arena_init(&m->arena, SIZE_MAX);
    return m;
}

void jt_tag_memo_free(jt_tag_memo *memo) {
    if (!memo)
        return;
    jt_arena_dispose(&memo->arena);
    free(memo->slots);
    jt_sql_key_dispose(&memo->key);
    free(memo);
}

/* The slot of the key in m->key: its answer, or the empty slot where it goes. */
static memo_slot *memo_slot_of(jt_tag_memo *m) {
    const jt_sql_key *k = &m->key;
    size_t mask = MEMO_SLOTS - 1, h = (size_t)k->hash & mask;
    while (m->slots[h].key && !(m->slots[h].hash == k->hash && m->slots[h].len == k->len &&
                                memcmp(m->slots[h].key, k->text, k->len) == 0))
        h = (h + 1) & mask;
    return &m->slots[h];
}

/* Finds or makes the answer for sql's shape. */
static int memo_answer(jt_tag_memo *m, const jt_profile *p, const char *sql, size_t len,
                       memo_slot **out) {
    memo_slot *s;
    int rc = jt_sql_shape_key(&m->key, sql, len);
    if (rc != JT_OK)
        return rc;
    if (m->profile != p || m->n >= MEMO_MAX)
        memo_empty(m, p);
    s = memo_slot_of(m);
    if (!s->key) {
        rc = expected_words(p, sql, s->words, sizeof s->words, &s->counted);
        if (rc < 0)
            return rc;
        if (!(s->key = jt_arena_strndup(&m->arena, m->key.text, m->key.len)))
            return JT_ENOMEM;
        s->hash = m->key.hash;
        s->len = m->key.len;
        s->rc = rc;
        m->n++;
    }
    *out = s;
    return JT_OK;
}

int jt_profile_expected_tag_memo(jt_tag_memo **memo, const jt_profile *p, const char *sql,
                                 int64_t count, char *tag, size_t size) {
    memo_slot *s = NULL;
    size_t len = strlen(sql);
    int rc;
    if (len > JT_LIMIT_SQL) /* the parser refuses it: not a shape of the memo */
        return jt_profile_expected_tag(p, sql, count, tag, size);
    if (!*memo && !(*memo = memo_new()))
        return JT_ENOMEM;
    rc = memo_answer(*memo, p, sql, len, &s);
    if (rc < 0)
        return rc;
    if (s->rc == 1)
        tag_format(tag, size, s->words, s->counted, count);
    return s->rc;
}
