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

#include <string.h>

#include "model/internal/sql.h"

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
    const char *text; /* lowercased for identifiers, value for strings, operator */
} token;

typedef struct parser {
    jt_arena *a;
    const char *sql;
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
    /* The tokens' texts, one after the other in blocks of the arena (lex_text). */
    char *texts;
    size_t texts_used, texts_cap;
} parser;

/* ---- shared functions of sql_parse.c ---- */

int jt_p_syntax_error(parser *p);
int jt_p_fail_at(parser *p, int pos, const char *near);
int jt_p_oom(parser *p);
int jt_p_enter(parser *p);
int jt_p_is_reserved(const char *w);
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

/* (The first characters are compared first: most tests of a keyword fail there.) */
static inline int is_kw(const token *t, const char *kw) {
    return t->kind == T_IDENT && t->text[0] == kw[0] && strcmp(t->text, kw) == 0;
}

static inline int is_punct(const token *t, const char *op) {
    return t->kind == T_PUNCT && t->text[0] == op[0] && t->text[1] == op[1] &&
           (!op[1] || t->text[2] == op[2]);
}

static inline int accept_kw(parser *p, const char *kw) {
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

static inline int expect_kw(parser *p, const char *kw) {
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
