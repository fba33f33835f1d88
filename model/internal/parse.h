/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * The parser's own state and helpers, shared by its two files: sql_parse.c (the lexer,
 * expressions, selections, job control, PREPARE/EXECUTE) and sql_stmt.c (the statements
 * around job control: roles, privileges, DDL, settings, bulk operations).
 */
#ifndef JT_MODEL_PARSE_H
#define JT_MODEL_PARSE_H

#include <stdint.h>
#include <string.h>

#include "model/internal/sql.h"

/* The words the parser tests for, in the order of their texts (strcmp), with whether each is
   reserved (not a name: a column, an alias, a WITH name): the lexer gives each identifier its
   word's id (jt_p_keyword), KW_NONE for the others, so that the parser's tests of a word compare
   integers. */
#define JT_KEYWORDS(X)                                                                             \
    X(ADD, "add", 0)                                                                               \
    X(ADMIN, "admin", 0)                                                                           \
    X(ALL, "all", 1)                                                                               \
    X(ALTER, "alter", 0)                                                                           \
    X(AND, "and", 1)                                                                               \
    X(AS, "as", 1)                                                                                 \
    X(ASC, "asc", 1)                                                                               \
    X(AUTOMATIC, "automatic", 0)                                                                   \
    X(BACKUP, "backup", 0)                                                                         \
    X(BY, "by", 1)                                                                                 \
    X(CANCEL, "cancel", 1)                                                                         \
    X(CASCADE, "cascade", 0)                                                                       \
    X(CASE, "case", 1)                                                                             \
    X(CHANGEFEED, "changefeed", 0)                                                                 \
    X(CHARACTERISTICS, "characteristics", 0)                                                       \
    X(CHECK, "check", 0)                                                                           \
    X(CLUSTER, "cluster", 0)                                                                       \
    X(COLUMN, "column", 0)                                                                         \
    X(COMPLETE, "complete", 0)                                                                     \
    X(CONSTRAINT, "constraint", 0)                                                                 \
    X(CREATE, "create", 0)                                                                         \
    X(DATABASE, "database", 0)                                                                     \
    X(DEALLOCATE, "deallocate", 0)                                                                 \
    X(DEFAULT, "default", 0)                                                                       \
    X(DESC, "desc", 1)                                                                             \
    X(DETACHED, "detached", 0)                                                                     \
    X(DISTINCT, "distinct", 1)                                                                     \
    X(DROP, "drop", 0)                                                                             \
    X(EXECUTE, "execute", 1)                                                                       \
    X(EXISTS, "exists", 0)                                                                         \
    X(EXTERNAL, "external", 0)                                                                     \
    X(FALSE, "false", 1)                                                                           \
    X(FILTER, "filter", 0)                                                                         \
    X(FOR, "for", 0)                                                                               \
    X(FOREIGN, "foreign", 0)                                                                       \
    X(FROM, "from", 1)                                                                             \
    X(FUNCTION, "function", 0)                                                                     \
    X(GRANT, "grant", 0)                                                                           \
    X(GROUP, "group", 1)                                                                           \
    X(HAVING, "having", 1)                                                                         \
    X(IF, "if", 0)                                                                                 \
    X(IMPORT, "import", 0)                                                                         \
    X(IN, "in", 1)                                                                                 \
    X(INDEX, "index", 0)                                                                           \
    X(INSERT, "insert", 0)                                                                         \
    X(INTO, "into", 0)                                                                             \
    X(IS, "is", 1)                                                                                 \
    X(JOB, "job", 1)                                                                               \
    X(JOBS, "jobs", 1)                                                                             \
    X(LIKE, "like", 1)                                                                             \
    X(LIMIT, "limit", 1)                                                                           \
    X(LOCAL, "local", 0)                                                                           \
    X(NOT, "not", 1)                                                                               \
    X(NULL, "null", 1)                                                                             \
    X(OFFSET, "offset", 1)                                                                         \
    X(ON, "on", 0)                                                                                 \
    X(OR, "or", 1)                                                                                 \
    X(ORDER, "order", 1)                                                                           \
    X(OVER, "over", 1)                                                                             \
    X(PASSWORD, "password", 0)                                                                     \
    X(PAUSE, "pause", 1)                                                                           \
    X(PREPARE, "prepare", 1)                                                                       \
    X(PRIMARY, "primary", 0)                                                                       \
    X(PRIVILEGES, "privileges", 0)                                                                 \
    X(QUERIES, "queries", 0)                                                                       \
    X(QUERY, "query", 0)                                                                           \
    X(REASON, "reason", 0)                                                                         \
    X(RENAME, "rename", 0)                                                                         \
    X(RESET, "reset", 0)                                                                           \
    X(RESTORE, "restore", 0)                                                                       \
    X(RESTRICT, "restrict", 0)                                                                     \
    X(RESUME, "resume", 1)                                                                         \
    X(REVOKE, "revoke", 0)                                                                         \
    X(ROLE, "role", 0)                                                                             \
    X(SCHEDULE, "schedule", 0)                                                                     \
    X(SCHEDULES, "schedules", 0)                                                                   \
    X(SCHEMA, "schema", 0)                                                                         \
    X(SELECT, "select", 1)                                                                         \
    X(SEQUENCE, "sequence", 0)                                                                     \
    X(SESSION, "session", 0)                                                                       \
    X(SESSIONS, "sessions", 0)                                                                     \
    X(SET, "set", 0)                                                                               \
    X(SETTING, "setting", 0)                                                                       \
    X(SHOW, "show", 1)                                                                             \
    X(SYSTEM, "system", 0)                                                                         \
    X(TABLE, "table", 0)                                                                           \
    X(TO, "to", 0)                                                                                 \
    X(TRACING, "tracing", 0)                                                                       \
    X(TRANSACTION, "transaction", 0)                                                               \
    X(TRUE, "true", 1)                                                                             \
    X(TRUNCATE, "truncate", 0)                                                                     \
    X(TYPE, "type", 0)                                                                             \
    X(UNION, "union", 1)                                                                           \
    X(UNIQUE, "unique", 0)                                                                         \
    X(UNTIL, "until", 0)                                                                           \
    X(USE, "use", 0)                                                                               \
    X(USER, "user", 0)                                                                             \
    X(USING, "using", 0)                                                                           \
    X(VALID, "valid", 0)                                                                           \
    X(VALUES, "values", 1)                                                                         \
    X(WHEN, "when", 1)                                                                             \
    X(WHERE, "where", 1)                                                                           \
    X(WITH, "with", 1)

#define JT_KW_ID(id, text, reserved) KW_##id,
enum jt_kw { KW_NONE, JT_KEYWORDS(JT_KW_ID) KW_COUNT };
#undef JT_KW_ID

/* The longest word of JT_KEYWORDS. */
#define JT_KW_MAXLEN 15
/* The slots of the words' hash table (sql_parse.c): a power of two. */
#define JT_KW_SLOTS 512

/* The slot of the word of n bytes at w (2 <= n <= JT_KW_MAXLEN) in the words' hash table: its
   first three bytes, last byte and length, multiplied (a multiplier that puts every word of
   JT_KEYWORDS in a slot of its own). */
static inline size_t jt_p_keyword_hash(const char *w, size_t n) {
    uint64_t x = (uint64_t)(unsigned char)w[0] | (uint64_t)(unsigned char)w[1] << 8 |
                 (uint64_t)(n > 2 ? (unsigned char)w[2] : 0) << 16 |
                 (uint64_t)(unsigned char)w[n - 1] << 24 | (uint64_t)n << 32;
    return (size_t)((x * UINT64_C(0x312cf3f863950b0f)) >> 55);
}

enum jt_tok {
    T_EOF,
    T_IDENT,  /* unquoted identifiers and keywords, lowercased */
    T_QIDENT, /* "quoted" */
    T_INT,
    T_FLOAT,
    T_STRING,
    T_PARAM,
    T_PUNCT, /* text holds the operator */
    T_BAD    /* a character outside the language: the parser reports it if it gets there */
};

typedef struct token {
    int kind;
    int pos;          /* byte offset */
    int end;          /* byte offset just after it */
    int kw;           /* T_IDENT: its word's enum jt_kw (KW_NONE when it is none) */
    const char *text; /* lowercased for identifiers, value for strings, operator */
} token;

typedef struct parser {
    jt_arena *a;
    const char *sql;
    size_t len; /* strlen(sql) */
    token *toks;
    size_t ntoks, i;
    int depth;
    int nparams;
    unsigned grammar; /* JT_G_* */
    jt_sqlerr *e;
    int rc; /* first failure */
    /* WITH x AS (…): the names of the statement's common table expressions in scope */
    jt_cte *ctes;
    size_t nctes;
    /* For the plan cache (jt_sql_shape): the integer literals made from T_INT tokens, how
       many T_INT tokens the lexer made, and whether a token's text was copied as it stands
       (a job's description): then the parse depends on the integers' digits elsewhere too. */
    jt_expr **ints;
    size_t nints, ints_cap, nint_toks;
    int printed;
    /* shaped (jt_sql_parse_shaped): the string literals made from T_STRING tokens and how
       many the lexer made, the slices of the text and the statements' bounds */
    int shaped;
    jt_expr **strs;
    size_t nstrs, strs_cap, nstr_toks;
    jt_sql_slice *slices;
    size_t nslices, slices_cap;
    int **bounds;
    size_t nbounds, bounds_cap;
    /* The tokens' texts, one after the other in blocks of the arena (lex_text). */
    char *texts;
    size_t texts_used, texts_cap;
} parser;

/* The classes of a byte, in jt_p_char_class (sql_parse.c): the lexer's and the shape key's. */
enum { C_START = 1, C_IDENT = 2, C_DIGIT = 4, C_BLANK = 8 };
extern const unsigned char jt_p_char_class[256];

/* ---- shared functions of sql_parse.c ---- */

int jt_p_syntax_error(parser *p);
int jt_p_fail_at(parser *p, int pos, const char *near);
int jt_p_oom(parser *p);
int jt_p_enter(parser *p);
/* The enum jt_kw of the n bytes at w (lowercase), KW_NONE when they are no such word. */
int jt_p_keyword(const char *w, size_t n);
/* The text of a word of JT_KEYWORDS (kw from 1 to KW_COUNT - 1). */
const char *jt_p_keyword_text(int kw);
/* Whether each word is reserved, by enum jt_kw (KW_NONE: no). */
extern const unsigned char jt_p_kw_reserved[KW_COUNT];
int jt_p_parse_type(parser *p, uint8_t *out);
jt_expr *jt_p_expr(parser *p);
jt_expr *jt_p_new_expr(parser *p, int kind, int pos);
jt_select *jt_p_select_stmt(parser *p);
jt_select *jt_p_values_of(parser *p, jt_expr *e);
jt_stmt *jt_p_new_stmt(parser *p, int kind);
const char *jt_p_name(parser *p);
int jt_p_arena_push(parser *p, void ***arr, size_t *n, size_t *cap, void *x, size_t limit);

/* ---- sql_stmt.c: the statements around job control ---- */

/* The statement at the current token when it is one of sql_stmt.c's (its first word says),
   or NULL with no failure when it is not; NULL with p->rc set when it fails. */
jt_stmt *jt_p_other_stmt(parser *p, int nested);
/* SHOW <variable> and the SHOW forms of sql_stmt.c, at SHOW (not a jobs form). */
jt_stmt *jt_p_show_other(parser *p);

/* ---- token helpers ---- */

static inline token *peek(parser *p) {
    return &p->toks[p->i];
}

static inline token *peek_at(parser *p, size_t k) {
    size_t j = p->i + k;
    return &p->toks[j < p->ntoks ? j : p->ntoks - 1];
}

/* Whether t is the word kw (an enum jt_kw): unquoted, in any case. */
static inline int is_kw(const token *t, int kw) {
    return t->kw == kw;
}

/* The same by the word's text, for words outside JT_KEYWORDS (lists of option names). */
static inline int is_word(const token *t, const char *w) {
    return t->kind == T_IDENT && t->text[0] == w[0] && strcmp(t->text, w) == 0;
}

/* Whether t is a reserved word (not a name). */
static inline int is_reserved(const token *t) {
    return jt_p_kw_reserved[t->kw];
}

static inline int is_punct(const token *t, const char *op) {
    return t->kind == T_PUNCT && t->text[0] == op[0] && t->text[1] == op[1] &&
           (!op[1] || t->text[2] == op[2]);
}

static inline int accept_kw(parser *p, int kw) {
    if (is_kw(peek(p), kw)) {
        p->i++;
        return 1;
    }
    return 0;
}

static inline int accept_punct(parser *p, const char *op) {
    if (is_punct(peek(p), op)) {
        p->i++;
        return 1;
    }
    return 0;
}

static inline int expect_kw(parser *p, int kw) {
    return accept_kw(p, kw) ? 0 : jt_p_syntax_error(p);
}

static inline int expect_punct(parser *p, const char *op) {
    return accept_punct(p, op) ? 0 : jt_p_syntax_error(p);
}

/* Whether the statement ends here (its end, or the ';' before the next one). */
static inline int at_end(parser *p) {
    return peek(p)->kind == T_EOF || is_punct(peek(p), ";");
}

#endif
