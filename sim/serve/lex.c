/* The tokens of the statements that serve reads itself (see lex.h). */
#include "sim/serve/lex.h"

#include <stdlib.h>
#include <string.h>

#include "model/common.h"

static int is_word_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
           (ch >= '0' && ch <= '9');
}

static int is_space(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static char unescape(char e) {
    switch (e) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    default:
        return e;
    }
}

/* A string literal from its opening quote: '…' with '' inside, or (escapes) E'…' with
   backslash escapes as well; a quoted identifier "…" with "" inside (quote '"'). */
static void lex_quoted(jt_lexer *lx, int escapes, char quote) {
    const char *s = lx->s;
    size_t i = lx->pos + 1, n = 0;
    char *v = jt_malloc(strlen(s + i) + 1);
    if (!v) {
        lx->nomem = 1;
        lx->kind = JT_TK_BAD;
        lx->pos = strlen(s); /* the next token is the end */
        return;
    }
    for (;;) {
        char ch = s[i];
        if (ch == '\0') {
            free(v);
            lx->kind = JT_TK_BAD; /* unterminated: the rest is this token */
            lx->len = i - lx->start;
            lx->pos = i;
            return;
        }
        if (ch == quote && s[i + 1] != quote) {
            i++;
            break;
        }
        if (ch == quote || (escapes && ch == '\\' && s[i + 1])) {
            v[n++] = ch == quote ? quote : unescape(s[i + 1]);
            i += 2;
            continue;
        }
        v[n++] = ch;
        i++;
    }
    v[n] = '\0';
    lx->str = v;
    lx->kind = quote == '"' ? JT_TK_QIDENT : JT_TK_STR;
    lx->len = i - lx->start;
    lx->pos = i;
}

/* A token of characters that `in` accepts, after its first one. */
static void lex_run(jt_lexer *lx, int kind, int (*in)(char)) {
    size_t i = lx->pos + 1;
    while (in(lx->s[i]))
        i++;
    lx->kind = kind;
    lx->len = i - lx->pos;
    lx->pos = i;
}

static int is_digit(char ch) {
    return ch >= '0' && ch <= '9';
}

static int is_number_char(char ch) {
    return is_digit(ch) || ch == '.';
}

void jt_lex_next(jt_lexer *lx) {
    const char *s = lx->s;
    free(lx->str);
    lx->str = NULL;
    while (is_space(s[lx->pos]))
        lx->pos++;
    lx->start = lx->pos;
    lx->len = 1;
    if (s[lx->pos] == '\0') {
        lx->kind = JT_TK_END;
        lx->len = 0;
    } else if (s[lx->pos] == '=' || s[lx->pos] == ';') {
        lx->kind = s[lx->pos] == '=' ? JT_TK_EQ : JT_TK_SEMI;
        lx->pos++;
    } else if (s[lx->pos] == '\'' || s[lx->pos] == '"') {
        lex_quoted(lx, 0, s[lx->pos]);
    } else if ((s[lx->pos] == 'E' || s[lx->pos] == 'e') && s[lx->pos + 1] == '\'') {
        lx->pos++;
        lex_quoted(lx, 1, '\'');
    } else if (is_digit(s[lx->pos]) || (s[lx->pos] == '-' && is_digit(s[lx->pos + 1]))) {
        lex_run(lx, JT_TK_INT, is_number_char);
    } else if (s[lx->pos] == '-' && s[lx->pos + 1] == '-') { /* a comment */
        while (s[lx->pos] && s[lx->pos] != '\n')
            lx->pos++;
        jt_lex_next(lx);
    } else if (s[lx->pos] == '/' && s[lx->pos + 1] == '*') { /* a comment */
        const char *end = strstr(s + lx->pos + 2, "*/");
        lx->pos = end ? (size_t)(end - s) + 2 : strlen(s);
        jt_lex_next(lx);
    } else if (is_word_char(s[lx->pos])) {
        lex_run(lx, JT_TK_WORD, is_word_char);
    } else if ((unsigned char)s[lx->pos] >= 0x80) {
        lx->kind = JT_TK_BAD;
        lx->pos++;
    } else {
        lx->kind = JT_TK_PUNCT;
        lx->pos++;
    }
}

void jt_lex_start(jt_lexer *lx, const char *s) {
    memset(lx, 0, sizeof *lx);
    lx->s = s;
    jt_lex_next(lx);
}

void jt_lex_end(jt_lexer *lx) {
    free(lx->str);
    lx->str = NULL;
}

int jt_lex_is(const jt_lexer *lx, const char *word) {
    size_t i, n = strlen(word);
    if (lx->kind != JT_TK_WORD || lx->len != n)
        return 0;
    for (i = 0; i < n; i++) {
        char a = lx->s[lx->start + i], b = word[i];
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 'a' + 'A');
        if (a != b)
            return 0;
    }
    return 1;
}

int jt_lex_punct(const jt_lexer *lx, char ch) {
    return (lx->kind == JT_TK_PUNCT || lx->kind == JT_TK_EQ || lx->kind == JT_TK_SEMI) &&
           lx->s[lx->start] == ch;
}

int jt_lex_first_is(const char *s, const char *word) {
    jt_lexer lx;
    int yes;
    jt_lex_start(&lx, s);
    yes = jt_lex_is(&lx, word);
    jt_lex_end(&lx);
    return yes;
}

int jt_lex_empty_query(const char *s) {
    while (*s) {
        if (is_space(*s) || *s == ';') {
            s++;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            if (!end)
                return 0;
            s = end + 2;
        } else {
            return 0;
        }
    }
    return 1;
}
