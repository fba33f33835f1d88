/*
 * The tokens of the statements that serve reads itself (private to sim/serve/): the JOBTCK
 * statements, the first words of a query (which statements serve answers itself: SET, SHOW,
 * BEGIN ...; the racy variant's read-only queries). Words, numbers, SQL string literals ('…'
 * with '' inside, or E'…' with backslash escapes too), "quoted identifiers", '=', ';' and
 * other characters one at a time.
 */
#ifndef JT_SERVE_LEX_H
#define JT_SERVE_LEX_H

#include <stddef.h>

enum {
    JT_TK_END,
    JT_TK_WORD,
    JT_TK_INT, /* digits (a '-' before them, a '.' among them) */
    JT_TK_STR,
    JT_TK_EQ,
    JT_TK_SEMI,
    JT_TK_QIDENT, /* "quoted identifier": its name in str */
    JT_TK_PUNCT,  /* one other character: ( ) , . * and the like */
    JT_TK_BAD
};

typedef struct jt_lexer {
    const char *s;
    size_t pos;
    int kind;          /* JT_TK_... */
    size_t start, len; /* the token's text */
    char *str;         /* JT_TK_STR: its value, allocated (the lexer frees it on the next token;
                          take it by setting str to NULL) */
    int nomem;         /* memory ran out (the token is JT_TK_BAD) */
} jt_lexer;

/* Starts on s, at its first token. */
void jt_lex_start(jt_lexer *lx, const char *s);
void jt_lex_next(jt_lexer *lx);
/* Frees what the lexer holds. */
void jt_lex_end(jt_lexer *lx);
/* Whether the token is that word (upper case), in any case. */
int jt_lex_is(const jt_lexer *lx, const char *word);
/* Whether s's first token is that word (upper case), in any case. */
int jt_lex_first_is(const char *s, const char *word);
/* Whether the token is that character (JT_TK_PUNCT, JT_TK_EQ, JT_TK_SEMI). */
int jt_lex_punct(const jt_lexer *lx, char ch);
/* Whether the query has nothing to run: blanks, ';' and comments. */
int jt_lex_empty_query(const char *s);

#endif
