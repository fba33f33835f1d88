/* Lexer and recursive-descent parser of the SQL subset (docs/spec.md, section 3). */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/parse.h"
#include "model/internal/sql.h"
#include "model/profile.h"

/* 1-based character position of byte offset pos (UTF-8 continuation bytes not counted). */
static int char_position(const char *sql, int pos) {
    int n = 1, i;
    for (i = 0; i < pos && sql[i]; i++)
        if (((unsigned char)sql[i] & 0xC0) != 0x80)
            n++;
    return n;
}

int jt_p_fail_at(parser *p, int pos, const char *near) {
    if (p->rc)
        return p->rc;
    jt_sqlerr_set(p->e, "42601", "syntax error at or near \"%s\"", near);
    p->e->position = char_position(p->sql, pos);
    p->rc = JT_EPARSE;
    return p->rc;
}

int jt_p_syntax_error(parser *p) {
    token *t = &p->toks[p->i];
    return jt_p_fail_at(p, t->pos, t->kind == T_EOF ? "EOF" : t->text);
}

int jt_p_oom(parser *p) {
    if (!p->rc)
        p->rc = JT_ENOMEM;
    return p->rc;
}

/* ---- lexer ---- */

/* The classes of a byte (model/internal/parse.h): a table, as the lexer asks for every byte of
   a statement. */
#define B_ C_BLANK
#define D_ (C_IDENT | C_DIGIT)
#define A_ (C_START | C_IDENT)
#define S_ C_IDENT /* '$' */
/* clang-format off */
const unsigned char jt_p_char_class[256] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  B_, B_, B_, B_, B_, 0,  0,  /* \t \n \v \f \r */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    B_, 0,  0,  0,  S_, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  /* ' ' $ */
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, 0,  0,  0,  0,  0,  0,  /* 0-9 */
    0,  A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,  /* A-O */
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, 0,  0,  0,  0,  A_,  /* P-Z _ */
    0,  A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,  /* a-o */
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, 0,  0,  0,  0,  0,   /* p-z */
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,  /* UTF-8 from here */
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_};
/* clang-format on */
#undef B_
#undef D_
#undef A_
#undef S_

static inline int is_ident_start(int c) {
    return jt_p_char_class[c & 0xFF] & C_START;
}

static inline int is_ident_char(int c) {
    return jt_p_char_class[c & 0xFF] & C_IDENT;
}

static inline int is_digit(int c) {
    return jt_p_char_class[c & 0xFF] & C_DIGIT;
}

/* Room for a token's text of len bytes and its '\0', in blocks of the arena: a block of
   2 n + 2 bytes holds every text of a statement of n bytes (a token's text is at most its bytes
   in the statement), and a long statement takes blocks of 4 KiB as it needs them. NULL when
   out of memory. */
static char *lex_text(parser *p, size_t len) {
    char *d;
    if (p->texts_cap - p->texts_used < len + 1) {
        size_t n = p->len, cap = 2 * n + 2 < 4096 ? 2 * n + 2 : 4096;
        if (cap < len + 1)
            cap = len + 1;
        if (!(p->texts = jt_arena_alloc_raw(p->a, cap)))
            return NULL;
        p->texts_cap = cap;
        p->texts_used = 0;
    }
    d = p->texts + p->texts_used;
    p->texts_used += len + 1;
    return d;
}

/* Room for one more token (at most one token a byte, and the end). */
static int grow_toks(parser *p, size_t *cap) {
    int rc = jt_grow((void **)&p->toks, cap, p->ntoks + 1, sizeof(token), JT_LIMIT_SQL + 1);
    return rc ? (p->rc = rc) : 0;
}

static inline int push_tok(parser *p, size_t *cap, const token *t) {
    if (p->ntoks >= *cap && grow_toks(p, cap))
        return p->rc;
    p->toks[p->ntoks++] = *t;
    return 0;
}

/* A quoted string or identifier starting after the opening quote at *i; a doubled quote
   stands for itself. Leaves *i after the closing quote. */
static int lex_quoted(parser *p, size_t *i, size_t n, char quote, char **out) {
    const char *s = p->sql;
    size_t start = *i - 1, len = 0, k = *i;
    char *d;
    /* Where it ends first, to allocate what it needs (not the rest of the statement). */
    while (k < n && (s[k] != quote || (k + 1 < n && s[k + 1] == quote)))
        k += s[k] == quote ? 2 : 1;
    if (k >= n) {
        jt_sqlerr_set(p->e, "42601", "unterminated %s",
                      quote == '\'' ? "string" : "quoted identifier");
        p->e->position = char_position(s, (int)start);
        return p->rc = JT_EPARSE;
    }
    if (!(d = lex_text(p, k - *i)))
        return jt_p_oom(p);
    k = *i;
    for (;;) {
        if (s[k] == quote) {
            if (s[k + 1] == quote) {
                d[len++] = quote;
                k += 2;
                continue;
            }
            k++;
            break;
        }
        d[len++] = s[k++];
    }
    d[len] = '\0';
    *out = d;
    *i = k;
    return 0;
}

/* Blanks and comments from *i: 1 when it skipped one, 0 when there is none there, or the
   failure (an unterminated comment). */
static int skip_blank(parser *p, size_t *i, size_t n) {
    const char *s = p->sql;
    int c = (unsigned char)s[*i];
    if (jt_p_char_class[c] & C_BLANK) {
        do
            (*i)++;
        while (jt_p_char_class[(unsigned char)s[*i]] & C_BLANK);
        return 1;
    }
    if (c == '-' && s[*i + 1] == '-') {
        while (*i < n && s[*i] != '\n')
            (*i)++;
        return 1;
    }
    if (c == '/' && s[*i + 1] == '*') {
        const char *end = strstr(s + *i + 2, "*/");
        if (!end) {
            jt_sqlerr_set(p->e, "42601", "unterminated comment");
            p->e->position = char_position(s, (int)*i);
            return p->rc = JT_EPARSE;
        }
        *i = (size_t)(end - s) + 2;
        return 1;
    }
    return 0;
}

/* The digits from *i on. */
static void skip_digits(const char *s, size_t *i, size_t n) {
    while (*i < n && is_digit((unsigned char)s[*i]))
        (*i)++;
}

/* A number from *i: T_INT, or T_FLOAT with a point or an exponent. */
static int lex_number(const char *s, size_t *i, size_t n) {
    int kind = T_INT;
    skip_digits(s, i, n);
    if (*i < n && s[*i] == '.') {
        kind = T_FLOAT;
        (*i)++;
        skip_digits(s, i, n);
    }
    if (*i < n && (s[*i] == 'e' || s[*i] == 'E')) {
        size_t j = *i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < n && is_digit((unsigned char)s[j])) {
            kind = T_FLOAT;
            *i = j;
            skip_digits(s, i, n);
        }
    }
    return kind;
}

/* The operator at s (two characters first), or NULL. */
static const char *punct_at(const char *s) {
    switch (s[0]) {
    case ':':
        return s[1] == ':' ? "::" : NULL;
    case '<':
        return s[1] == '>' ? "<>" : (s[1] == '=' ? "<=" : "<");
    case '!':
        return s[1] == '=' ? "!=" : NULL;
    case '>':
        return s[1] == '=' ? ">=" : ">";
    case '(':
        return "(";
    case ')':
        return ")";
    case ',':
        return ",";
    case ';':
        return ";";
    case '.':
        return ".";
    case '*':
        return "*";
    case '[':
        return "[";
    case ']':
        return "]";
    case '=':
        return "=";
    case '+':
        return "+";
    case '-':
        return "-";
    default:
        return NULL;
    }
}

/* An operator from *i (its static text), or one character outside the language (T_BAD). */
static int lex_punct(parser *p, size_t *i, size_t n, int *kind, char **text) {
    const char *s = p->sql, *op = punct_at(s + *i);
    size_t l;
    if (op) {
        *i += op[1] ? 2 : 1;
        *text = (char *)op;
        *kind = T_PUNCT;
        return 0;
    }
    /* One UTF-8 character; a syntax error near the first token that does not fit, which may
       come before this one. */
    l = 1;
    while (*i + l < n && ((unsigned char)s[*i + l] & 0xC0) == 0x80)
        l++;
    if (!(*text = lex_text(p, l)))
        return jt_p_oom(p);
    memcpy(*text, s + *i, l);
    (*text)[l] = '\0';
    *i += l;
    *kind = T_BAD;
    return 0;
}

/* An identifier or keyword, s[start, end): lowercased into the arena, with its word's id. */
static int lex_word(parser *p, size_t start, size_t end, token *t) {
    const char *s = p->sql + start;
    size_t k, len = end - start;
    char *d = lex_text(p, len);
    if (!d)
        return jt_p_oom(p);
    for (k = 0; k < len; k++) {
        char ch = s[k];
        d[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    d[len] = '\0';
    t->kind = T_IDENT;
    t->text = d;
    t->kw = jt_p_keyword(d, len);
    return 0;
}

/* The token at *i into t (its kind, text in the arena or static, and word); *i after it. */
static int lex_token(parser *p, size_t *i, size_t n, token *t) {
    const char *s = p->sql;
    size_t start = *i, k = start;
    int c = (unsigned char)s[k];
    char *text = NULL;
    t->kw = KW_NONE;
    if (is_ident_start(c)) {
        while (is_ident_char((unsigned char)s[k])) /* s[n] is '\0': no identifier byte */
            k++;
        *i = k;
        return lex_word(p, start, k, t);
    }
    if (c == '\'' || c == '"') {
        (*i)++;
        t->kind = c == '\'' ? T_STRING : T_QIDENT;
        if (lex_quoted(p, i, n, (char)c, &text))
            return p->rc;
        t->text = text;
        return 0;
    }
    if (is_digit(c) || (c == '.' && is_digit((unsigned char)s[k + 1]))) {
        t->kind = lex_number(s, &k, n);
    } else if (c == '$' && is_digit((unsigned char)s[k + 1])) {
        t->kind = T_PARAM;
        k++;
        skip_digits(s, &k, n);
    } else {
        if (lex_punct(p, i, n, &t->kind, &text))
            return p->rc;
        t->text = text;
        return 0;
    }
    *i = k;
    if (!(text = lex_text(p, k - start)))
        return jt_p_oom(p);
    memcpy(text, s + start, k - start);
    text[k - start] = '\0';
    t->text = text;
    return 0;
}

static int lex(parser *p) {
    size_t cap = 0, i = 0, n = p->len;
    token t;
    /* about a token for every 8 bytes: mostly one allocation */
    if (jt_grow((void **)&p->toks, &cap, n / 8 + 8, sizeof(token), JT_LIMIT_SQL + 1))
        return jt_p_oom(p);
    while (i < n) {
        int rc = skip_blank(p, &i, n);
        if (rc < 0)
            return rc;
        if (rc > 0)
            continue;
        t.pos = (int)i;
        if (lex_token(p, &i, n, &t))
            return p->rc;
        t.end = (int)i;
        if (push_tok(p, &cap, &t))
            return p->rc;
        p->nint_toks += t.kind == T_INT;
        p->nstr_toks += t.kind == T_STRING;
    }
    t.kind = T_EOF;
    t.pos = t.end = (int)n;
    t.text = "EOF";
    t.kw = KW_NONE;
    return push_tok(p, &cap, &t);
}

/* ---- parser helpers ---- */

#define JT_KW_TEXT(id, text, reserved) text,
#define JT_KW_RESERVED(id, text, reserved) reserved,
static const char *const kw_texts[KW_COUNT] = {"", JT_KEYWORDS(JT_KW_TEXT)};
const unsigned char jt_p_kw_reserved[KW_COUNT] = {0, JT_KEYWORDS(JT_KW_RESERVED)};
#undef JT_KW_TEXT
#undef JT_KW_RESERVED

const char *jt_p_keyword_text(int kw) {
    return kw > KW_NONE && kw < KW_COUNT ? kw_texts[kw] : NULL;
}

#define JT_KW_LEN(id, text, reserved) (sizeof(text) - 1),
static const unsigned char kw_lens[KW_COUNT] = {0, JT_KEYWORDS(JT_KW_LEN)};
#undef JT_KW_LEN

/* The words by jt_p_keyword_hash, open addressing (the next slot when one is taken): each
   word at the first free slot from its hash, in the order of JT_KEYWORDS. Made once, at the
   first lookup of the process (pthread_once: the explorer parses on several threads). */
static unsigned char kw_slots[JT_KW_SLOTS];
_Static_assert(KW_COUNT <= 256 && KW_COUNT < JT_KW_SLOTS,
               "a word's id is a byte, a slot stays free");
static pthread_once_t kw_slots_once = PTHREAD_ONCE_INIT;

static void kw_slots_make(void) {
    int kw;
    for (kw = KW_NONE + 1; kw < KW_COUNT; kw++) {
        size_t h = jt_p_keyword_hash(kw_texts[kw], kw_lens[kw]);
        while (kw_slots[h])
            h = (h + 1) % JT_KW_SLOTS;
        kw_slots[h] = (unsigned char)kw;
    }
}

int jt_p_keyword(const char *w, size_t n) {
    size_t h, j;
    if (n < 2 || n > JT_KW_MAXLEN)
        return KW_NONE;
    (void)pthread_once(&kw_slots_once, kw_slots_make);
    for (h = jt_p_keyword_hash(w, n); kw_slots[h]; h = (h + 1) % JT_KW_SLOTS) {
        int kw = kw_slots[h];
        const char *k = kw_texts[kw];
        if (kw_lens[kw] != n)
            continue;
        for (j = 0; j < n && w[j] == k[j]; j++)
            ;
        if (j == n)
            return kw;
    }
    return KW_NONE;
}

jt_expr *jt_p_new_expr(parser *p, int kind, int pos) {
    jt_expr *e = jt_arena_alloc(p->a, sizeof *e);
    if (!e) {
        jt_p_oom(p);
        return NULL;
    }
    e->kind = (uint8_t)kind;
    e->pos = pos;
    e->column = -1;
    e->agg = -1;
    return e;
}

/* Room for need elements of elem bytes in *arr (of *cap), one of the parse's arrays for the
   plan cache (the heap's: the cache keeps them in its arena); 0, or JT_ENOMEM (p->rc). */
static int shape_room(parser *p, void **arr, size_t *cap, size_t need, size_t elem) {
    if (need > *cap && jt_grow(arr, cap, need, elem, JT_LIMIT_SQL) != JT_OK)
        return jt_p_oom(p);
    return 0;
}

static void set_text(parser *p, jt_expr *e, int start) {
    /* The source text from start to the end of the previous token: a slice of the
       statement's copy in the arena (no copy here, so that long chains stay linear). */
    const token *last = &p->toks[p->i - 1];
    e->text = p->sql + start;
    e->textlen = (size_t)(last->end - start);
    /* the plan cache moves it when the literals' lengths change */
    if (p->shaped &&
        !shape_room(p, (void **)&p->slices, &p->slices_cap, p->nslices + 1, sizeof *p->slices))
        p->slices[p->nslices++] = (jt_sql_slice){e, start, last->end};
}

/* A statement's bounds, for the plan cache to move as set_text's slices. */
static void shape_bounds(parser *p, jt_stmt *st) {
    if (!p->shaped ||
        shape_room(p, (void **)&p->bounds, &p->bounds_cap, p->nbounds + 2, sizeof *p->bounds))
        return;
    p->bounds[p->nbounds++] = &st->start;
    p->bounds[p->nbounds++] = &st->end;
}

/* One level deeper in the tree: nesting, and each link of a chain (a AND b AND c, x::T::T)
   that the evaluator walks recursively. */
int jt_p_enter(parser *p) {
    if (++p->depth > JT_LIMIT_DEPTH) {
        if (!p->rc) {
            jt_sqlerr_set(p->e, "54001", "statement is too deeply nested (more than %d levels)",
                          JT_LIMIT_DEPTH);
            p->e->position = char_position(p->sql, peek(p)->pos);
            p->rc = JT_EPARSE;
        }
        return p->rc;
    }
    return 0;
}

int jt_p_parse_type(parser *p, uint8_t *out) {
    static const struct {
        const char *name;
        int type;
    } types[] = {{"int", JT_T_INT},
                 {"int8", JT_T_INT},
                 {"int4", JT_T_INT},
                 {"int2", JT_T_INT},
                 {"integer", JT_T_INT},
                 {"bigint", JT_T_INT},
                 {"smallint", JT_T_INT},
                 {"oid", JT_T_OID},
                 {"string", JT_T_STRING},
                 {"text", JT_T_STRING},
                 {"name", JT_T_STRING},
                 {"varchar", JT_T_STRING},
                 {"float", JT_T_FLOAT},
                 {"float8", JT_T_FLOAT},
                 {"decimal", JT_T_DECIMAL},
                 {"numeric", JT_T_DECIMAL},
                 {"bool", JT_T_BOOL},
                 {"boolean", JT_T_BOOL},
                 {"timestamp", JT_T_TIMESTAMP}};
    token *t = peek(p);
    size_t k;
    if (t->kind != T_IDENT)
        return jt_p_syntax_error(p);
    for (k = 0; k < sizeof types / sizeof types[0]; k++) {
        if (strcmp(t->text, types[k].name) == 0) {
            *out = (uint8_t)types[k].type;
            p->i++;
            return 0;
        }
    }
    if (!p->rc) {
        jt_sqlerr_set(p->e, "42704", "type \"%s\" does not exist", t->text);
        p->rc = JT_EPARSE;
    }
    return p->rc;
}

/* An integer literal into e: an INT, or beyond int64 a DECIMAL marked overflow (an error
   only where it is typed as INT: eval.c). */
static void parse_int_text(const token *t, jt_expr *e) {
    char *end;
    long long v;
    size_t n = (size_t)(t->end - t->pos); /* its digits (T_INT: digits only) */
    if (n <= 18) {                        /* fits an int64: the value at once */
        const char *d = t->text;
        int64_t x = 0;
        for (; *d; d++)
            x = x * 10 + (*d - '0');
        e->overflow = 0;
        e->value.type = JT_T_INT;
        e->value.i = x;
        return;
    }
    errno = 0;
    v = strtoll(t->text, &end, 10);
    e->overflow = errno == ERANGE || *end;
    e->value.type = e->overflow ? JT_T_DECIMAL : JT_T_INT;
    if (e->overflow)
        e->value.f = strtod(t->text, NULL);
    else
        e->value.i = v;
}

static int starts_subquery(parser *p) {
    /* '(' SELECT | '(' VALUES, possibly behind more '(' */
    size_t k = 1;
    while (is_punct(peek_at(p, k), "("))
        k++;
    return is_kw(peek_at(p, k), KW_SELECT) || is_kw(peek_at(p, k), KW_VALUES) ||
           is_kw(peek_at(p, k), KW_WITH);
}

/* A literal: a number, a string, NULL, TRUE or FALSE; NULL (without a failure) when t is none. */
static jt_expr *parse_literal(parser *p, const token *t) {
    jt_expr *e;
    int bool_kw = is_kw(t, KW_TRUE) || is_kw(t, KW_FALSE);
    if (t->kind != T_INT && t->kind != T_FLOAT && t->kind != T_STRING && !is_kw(t, KW_NULL) &&
        !bool_kw)
        return NULL;
    e = jt_p_new_expr(p, JT_E_CONST, t->pos);
    if (!e)
        return NULL;
    if (t->kind == T_INT) {
        /* 9223372036854775808 only fits when negated: handled by parse_unary. */
        parse_int_text(t, e);
        if (shape_room(p, (void **)&p->ints, &p->ints_cap, p->nints + 1, sizeof *p->ints))
            return NULL;
        p->ints[p->nints++] = e;
    } else if (t->kind == T_FLOAT) {
        e->value.type = JT_T_DECIMAL;
        e->value.f = strtod(t->text, NULL);
    } else if (t->kind == T_STRING) {
        e->value.type = JT_T_STRING;
        e->value.untyped = 1;
        e->value.s = t->text;
        if (p->shaped &&
            shape_room(p, (void **)&p->strs, &p->strs_cap, p->nstrs + 1, sizeof *p->strs))
            return NULL;
        if (p->shaped)
            p->strs[p->nstrs++] = e;
    } else if (bool_kw) {
        e->value.type = JT_T_BOOL;
        e->value.i = is_kw(t, KW_TRUE);
    } else {
        e->value.type = JT_T_UNKNOWN; /* NULL */
    }
    p->i++;
    return e;
}

/* A placeholder $n. */
static jt_expr *parse_param(parser *p, const token *t) {
    jt_expr *e = jt_p_new_expr(p, JT_E_PARAM, t->pos);
    const char *d;
    int64_t n;
    if (!e)
        return NULL;
    /* its digits after '$'; beyond the limit, the limit + 1 */
    for (d = t->text + 1, n = 0; *d; d++)
        if ((n = n * 10 + (*d - '0')) > JT_LIMIT_PLACEHOLDERS)
            n = JT_LIMIT_PLACEHOLDERS + 1;
    if (n < 1 || n > JT_LIMIT_PLACEHOLDERS) {
        if (!p->rc) {
            jt_sqlerr_set(p->e, "42P02", "placeholder index must be between 1 and %d",
                          JT_LIMIT_PLACEHOLDERS);
            p->rc = JT_EPARSE;
        }
        return NULL;
    }
    e->param = (int)n;
    if (e->param > p->nparams)
        p->nparams = e->param;
    p->i++;
    return e;
}

/* name(args), name(*), name(DISTINCT x): a function call, checked when it is planned (eval.c
   knows the functions). A window (OVER) is outside the subset. */
static jt_expr *parse_func(parser *p, const token *t) {
    jt_expr *e = jt_p_new_expr(p, JT_E_FUNC, t->pos);
    size_t cap = 0;
    if (!e)
        return NULL;
    e->name = t->text;
    p->i += 2;                          /* name ( */
    if (strcmp(t->text, "cast") == 0) { /* CAST(x AS type) is x::type */
        e->kind = JT_E_CAST;
        if (!(e->a = jt_p_expr(p)) || expect_kw(p, KW_AS) || jt_p_parse_type(p, &e->cast) ||
            expect_punct(p, ")"))
            return NULL;
        return e;
    }
    if (accept_punct(p, "*")) {
        e->star = 1;
    } else if (!is_punct(peek(p), ")")) {
        do {
            jt_expr *a = jt_p_expr(p);
            if (!a || jt_p_arena_push(p, (void ***)&e->list, &e->nlist, &cap, a, JT_LIMIT_ROWS))
                return NULL;
        } while (accept_punct(p, ","));
    }
    if (expect_punct(p, ")"))
        return NULL;
    if (is_kw(peek(p), KW_OVER) || is_kw(peek(p), KW_FILTER)) {
        jt_p_syntax_error(p);
        return NULL;
    }
    return e;
}

/* A column name, possibly qualified (table.column: the column is kept). */
static jt_expr *parse_column(parser *p, const token *t) {
    jt_expr *e;
    if (is_punct(peek_at(p, 1), "("))
        return parse_func(p, t);
    e = jt_p_new_expr(p, JT_E_COLUMN, t->pos);
    if (!e)
        return NULL;
    e->name = t->text;
    p->i++;
    if (is_punct(peek(p), ".")) {
        p->i++;
        t = peek(p);
        if (t->kind != T_IDENT && t->kind != T_QIDENT) {
            jt_p_syntax_error(p);
            return NULL;
        }
        e->name = t->text;
        p->i++;
    }
    return e;
}

/* ( subquery ) or ( expression ). */
static jt_expr *parse_paren(parser *p, const token *t) {
    jt_expr *e;
    if (!starts_subquery(p)) {
        p->i++;
        e = jt_p_expr(p);
        return !e || expect_punct(p, ")") ? NULL : e;
    }
    e = jt_p_new_expr(p, JT_E_SUBQUERY, t->pos);
    if (!e)
        return NULL;
    e->sub = jt_p_select_stmt(p); /* consumes the parentheses */
    return e->sub ? e : NULL;
}

/* e::T::T…: each cast a link of the chain (enter). */
static jt_expr *parse_casts(parser *p, jt_expr *e) {
    int links = 0;
    while (e && is_punct(peek(p), "::")) {
        jt_expr *c;
        if (jt_p_enter(p))
            e = NULL;
        else
            links++;
        c = e ? jt_p_new_expr(p, JT_E_CAST, peek(p)->pos) : NULL;
        if (c) {
            p->i++;
            c->a = e;
        }
        e = c && !jt_p_parse_type(p, &c->cast) ? c : NULL;
    }
    p->depth -= links;
    return e;
}

static jt_expr *parse_primary(parser *p) {
    token *t = peek(p);
    jt_expr *e;
    int start = t->pos;
    if (t->kind == T_PARAM)
        e = parse_param(p, t);
    else if (is_punct(t, "("))
        e = parse_paren(p, t);
    else if ((t->kind == T_IDENT && !is_reserved(t)) || t->kind == T_QIDENT)
        e = parse_column(p, t);
    else if (!(e = parse_literal(p, t)) && !p->rc)
        jt_p_syntax_error(p);
    e = parse_casts(p, e);
    if (e)
        set_text(p, e, start);
    return e;
}

static jt_expr *parse_unary(parser *p) {
    token *t = peek(p);
    if (is_punct(t, "-") || is_punct(t, "+")) {
        int neg = is_punct(t, "-");
        int start = t->pos;
        jt_expr *e;
        p->i++;
        if (jt_p_enter(p))
            return NULL;
        if (neg && peek(p)->kind == T_INT && strcmp(peek(p)->text, "9223372036854775808") == 0 &&
            !is_punct(peek_at(p, 1), "::")) {
            e = jt_p_new_expr(p, JT_E_CONST, start);
            if (!e)
                return NULL;
            e->value.type = JT_T_INT;
            e->value.i = INT64_MIN;
            p->i++;
        } else {
            jt_expr *inner = parse_unary(p);
            if (!inner)
                return NULL;
            if (!neg) {
                p->depth--;
                return inner;
            }
            if (inner->kind == JT_E_CONST && inner->overflow) {
                /* a negative constant beyond int64, folded as CockroachDB's parser folds a
                   minus into its numeric constant (pkg/sql/parser/parse.go, unaryNegation): a
                   DECIMAL */
                e = inner;
                e->value.f = -e->value.f;
                /* below INT64_MIN but rounded onto it (-2^63): the next double down, so that
                   it stays below every INT */
                if (e->value.f == -9223372036854775808.0)
                    e->value.f = -9223372036854777856.0;
            } else {
                e = jt_p_new_expr(p, JT_E_NEG, start);
                if (!e)
                    return NULL;
                e->a = inner;
            }
        }
        p->depth--;
        set_text(p, e, start);
        return e;
    }
    return parse_primary(p);
}

/* The JT_CMP_* of an operator's text (lex_punct's), or -1 when it compares nothing. */
static int comparison_of(const char *op) {
    switch (op[0]) {
    case '=':
        return JT_CMP_EQ;
    case '!':
        return JT_CMP_NE; /* "!=" (a lone '!' is no operator) */
    case '<':
        return op[1] == '>' ? JT_CMP_NE : (op[1] == '=' ? JT_CMP_LE : JT_CMP_LT);
    case '>':
        return op[1] == '=' ? JT_CMP_GE : JT_CMP_GT;
    default:
        return -1;
    }
}

/* left <op> right, when t is a comparison operator; else left. */
static jt_expr *parse_comparison(parser *p, jt_expr *left, const token *t) {
    int cmp = comparison_of(t->text);
    jt_expr *e;
    if (cmp < 0)
        return left;
    e = jt_p_new_expr(p, JT_E_CMP, t->pos);
    if (!e)
        return NULL;
    p->i++;
    e->op = (uint8_t)cmp;
    e->a = left;
    e->b = parse_unary(p);
    return e->b ? e : NULL;
}

/* The list of x IN (a, b, …), after its '('. */
static int parse_in_list(parser *p, jt_expr *e) {
    size_t cap = 0;
    do {
        jt_expr *item = jt_p_expr(p);
        if (!item)
            return p->rc ? p->rc : JT_EPARSE;
        if (e->nlist >= JT_LIMIT_ROWS) {
            jt_sqlerr_set(p->e, "54000", "IN list too long (more than %d items)", JT_LIMIT_ROWS);
            return p->rc = JT_ELIMIT;
        }
        if (e->nlist == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            jt_expr **grown = jt_arena_alloc(p->a, ncap * sizeof *grown);
            if (!grown)
                return jt_p_oom(p);
            if (e->nlist)
                memcpy(grown, e->list, e->nlist * sizeof *grown);
            e->list = grown;
            cap = ncap;
        }
        e->list[e->nlist++] = item;
    } while (accept_punct(p, ","));
    return expect_punct(p, ")");
}

/* left [NOT] IN (list or subquery), at IN. */
static jt_expr *parse_in(parser *p, jt_expr *left, const token *t, int negate) {
    jt_expr *e = jt_p_new_expr(p, JT_E_IN, t->pos);
    if (!e)
        return NULL;
    p->i++;
    e->negate = (uint8_t)negate;
    e->a = left;
    if (!is_punct(peek(p), "(")) {
        jt_p_syntax_error(p);
        return NULL;
    }
    if (starts_subquery(p)) {
        e->sub = jt_p_select_stmt(p);
        return e->sub ? e : NULL;
    }
    p->i++;
    return parse_in_list(p, e) ? NULL : e;
}

/* left IS [NOT] NULL (at IS), left [NOT] LIKE right (at LIKE). */
static jt_expr *parse_is_like(parser *p, jt_expr *left, const token *t, int negate) {
    int is = is_kw(t, KW_IS);
    jt_expr *e = jt_p_new_expr(p, is ? JT_E_ISNULL : JT_E_LIKE, t->pos);
    if (!e)
        return NULL;
    p->i++;
    e->a = left;
    if (is) {
        e->negate = (uint8_t)accept_kw(p, KW_NOT);
        return expect_kw(p, KW_NULL) ? NULL : e;
    }
    e->negate = (uint8_t)negate;
    e->b = parse_unary(p);
    return e->b ? e : NULL;
}

static jt_expr *parse_predicate(parser *p) {
    int start = peek(p)->pos, negate = 0;
    jt_expr *left = parse_unary(p), *e;
    token *t;
    if (!left)
        return NULL;
    t = peek(p);
    if (t->kind == T_PUNCT)
        e = parse_comparison(p, left, t);
    else if (is_kw(t, KW_IS))
        e = parse_is_like(p, left, t, 0);
    else {
        if (is_kw(t, KW_NOT) && (is_kw(peek_at(p, 1), KW_IN) || is_kw(peek_at(p, 1), KW_LIKE))) {
            negate = 1;
            p->i++;
            t = peek(p);
        }
        if (is_kw(t, KW_LIKE))
            e = parse_is_like(p, left, t, negate);
        else if (is_kw(t, KW_IN))
            e = parse_in(p, left, t, negate);
        else
            return left;
    }
    if (e && e != left)
        set_text(p, e, start);
    return e;
}

static jt_expr *parse_not(parser *p) {
    token *t = peek(p);
    if (is_kw(t, KW_NOT)) {
        int start = t->pos;
        jt_expr *e = jt_p_new_expr(p, JT_E_NOT, t->pos);
        if (!e)
            return NULL;
        p->i++;
        if (jt_p_enter(p))
            return NULL;
        e->a = parse_not(p);
        p->depth--;
        if (!e->a)
            return NULL;
        set_text(p, e, start);
        return e;
    }
    return parse_predicate(p);
}

static jt_expr *parse_and(parser *p) {
    int start = peek(p)->pos, links = 0;
    jt_expr *left = parse_not(p);
    while (left && is_kw(peek(p), KW_AND)) {
        jt_expr *e = NULL;
        if (!jt_p_enter(p) && (e = jt_p_new_expr(p, JT_E_AND, peek(p)->pos)) != NULL) {
            p->i++;
            e->a = left;
            e->b = parse_not(p);
        }
        links++;
        if (!e || !e->b) {
            left = NULL;
            break;
        }
        set_text(p, e, start);
        left = e;
    }
    p->depth -= links;
    return left;
}

jt_expr *jt_p_expr(parser *p) {
    int start = peek(p)->pos, links = 0;
    jt_expr *left;
    if (jt_p_enter(p))
        return NULL;
    left = parse_and(p);
    while (left && is_kw(peek(p), KW_OR)) {
        jt_expr *e = NULL;
        if (!jt_p_enter(p) && (e = jt_p_new_expr(p, JT_E_OR, peek(p)->pos)) != NULL) {
            p->i++;
            e->a = left;
            e->b = parse_and(p);
        }
        links++;
        if (!e || !e->b) {
            left = NULL;
            break;
        }
        set_text(p, e, start);
        left = e;
    }
    p->depth -= 1 + links;
    return left;
}

/* Appends x to an arena array (doubling). */
int jt_p_arena_push(parser *p, void ***arr, size_t *n, size_t *cap, void *x, size_t limit) {
    if (*n >= limit) { /* on every push, not only when growing: the limit is exact */
        jt_sqlerr_set(p->e, "54000", "too many items in one statement (limit %zu)", limit);
        return p->rc = JT_ELIMIT;
    }
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        void **grown;
        grown = jt_arena_alloc(p->a, ncap * sizeof *grown);
        if (!grown)
            return jt_p_oom(p);
        if (*n)
            memcpy(grown, *arr, *n * sizeof *grown);
        *arr = grown;
        *cap = ncap;
    }
    (*arr)[(*n)++] = x;
    return 0;
}

static jt_select *parse_values(parser *p, jt_select *s) {
    size_t rcap = 0;
    s->source = JT_SRC_VALUES;
    do {
        jt_expr **row = NULL;
        size_t n = 0, cap = 0;
        if (expect_punct(p, "("))
            return NULL;
        do {
            jt_expr *e = jt_p_expr(p);
            if (!e || jt_p_arena_push(p, (void ***)&row, &n, &cap, e, JT_LIMIT_ROWS))
                return NULL;
        } while (accept_punct(p, ","));
        if (expect_punct(p, ")"))
            return NULL;
        if (s->nrows && n != s->nvalcols) {
            jt_sqlerr_set(p->e, "42601",
                          "VALUES lists must all be the same length, expected %zu "
                          "columns, found %zu",
                          s->nvalcols, n);
            p->rc = JT_EPARSE;
            return NULL;
        }
        s->nvalcols = n;
        if (jt_p_arena_push(p, (void ***)&s->rows, &s->nrows, &rcap, row, JT_LIMIT_ROWS))
            return NULL;
    } while (accept_punct(p, ","));
    return s;
}

/* a b c concatenated in the arena */
static char *concat3(jt_arena *a, const char *x, const char *y, const char *z) {
    size_t lx = strlen(x), ly = strlen(y), lz = strlen(z);
    char *d = jt_arena_alloc(a, lx + ly + lz + 1);
    if (d) {
        memcpy(d, x, lx);
        memcpy(d + lx, y, ly);
        memcpy(d + lx + ly, z, lz + 1);
    }
    return d;
}

/* After SHOW in a source ([SHOW …], WITH x AS (SHOW …)): the jobs forms, into s. */
static int parse_show_source(parser *p, jt_select *s) {
    unsigned g = p->grammar;
    s->source = JT_SRC_SHOW_JOBS;
    s->star = 1;
    if ((g & JT_G_SHOW_JOB) && accept_kw(p, KW_AUTOMATIC)) {
        s->source = JT_SRC_SHOW_AUTOMATIC;
        return expect_kw(p, KW_JOBS);
    }
    if ((g & JT_G_X_SHOW_CHANGEFEED) && accept_kw(p, KW_CHANGEFEED)) {
        s->source = JT_SRC_CHANGEFEED;
        return expect_kw(p, KW_JOBS);
    }
    if ((g & JT_G_SHOW_JOB) && accept_kw(p, KW_JOB)) {
        jt_expr *e = jt_p_expr(p);
        if (!e || !(s->ids = jt_p_values_of(p, e)))
            return p->rc;
        s->source = JT_SRC_SHOW_JOB_IDS;
        return 0;
    }
    if (expect_kw(p, KW_JOBS))
        return p->rc;
    if ((g & JT_G_FOR_SCHEDULES) && is_kw(peek(p), KW_FOR)) {
        p->i++;
        s->schedules = 1;
        s->source = JT_SRC_SHOW_JOB_IDS;
        if (accept_kw(p, KW_SCHEDULE)) {
            jt_expr *e = jt_p_expr(p);
            return !e || !(s->ids = jt_p_values_of(p, e)) ? p->rc : 0;
        }
        if (expect_kw(p, KW_SCHEDULES))
            return p->rc;
        return (s->ids = jt_p_select_stmt(p)) ? 0 : p->rc;
    }
    if ((g & JT_G_SHOW_JOB) && !is_punct(peek(p), "]") && !is_punct(peek(p), ")")) {
        if (!(s->ids = jt_p_select_stmt(p)))
            return p->rc;
        s->source = JT_SRC_SHOW_JOB_IDS;
    }
    return 0;
}

/* The common table expression of that name in scope, or NULL. */
static jt_cte *find_cte(parser *p, const char *name) {
    size_t k;
    for (k = p->nctes; k-- > 0;)
        if (strcmp(p->ctes[k].name, name) == 0)
            return &p->ctes[k];
    return NULL;
}

/* A named table: system.jobs, crdb_internal.jobs, crdb_internal.feature_usage, a WITH name, or
   one looked up when the statement runs (after its privilege check). */
static int parse_table_source(parser *p, jt_select *s) {
    token *t = peek(p);
    const char *schema = t->text, *table = NULL;
    jt_cte *cte;
    p->i++;
    if (accept_punct(p, ".")) {
        t = peek(p);
        if (t->kind != T_IDENT && t->kind != T_QIDENT)
            return jt_p_syntax_error(p);
        table = t->text;
        p->i++;
    }
    /* a WITH name, once its body is parsed (inside its own body it names no relation, as in a
       non-recursive WITH: relation "x" does not exist) */
    if (!table && (cte = find_cte(p, schema)) != NULL && cte->body) {
        s->source = JT_SRC_DERIVED;
        s->derived = cte->body;
    } else if (table && strcmp(schema, "system") == 0 && strcmp(table, "jobs") == 0) {
        s->source = JT_SRC_SYSTEM_JOBS;
    } else if (table && strcmp(schema, "crdb_internal") == 0 && strcmp(table, "jobs") == 0) {
        s->source = JT_SRC_CRDB_JOBS;
    } else if (table && strcmp(schema, "crdb_internal") == 0 &&
               strcmp(table, "feature_usage") == 0 && (p->grammar & JT_G_FEATURE_USAGE)) {
        s->source = JT_SRC_FEATURE_USAGE;
    } else {
        s->source = JT_SRC_UNKNOWN;
        s->table = table ? concat3(p->a, schema, ".", table) : schema;
        if (!s->table)
            return jt_p_oom(p);
    }
    return 0;
}

static int parse_source(parser *p, jt_select *s) {
    token *t = peek(p);
    if (accept_punct(p, "[")) {
        uint8_t star = s->star; /* the selection's own, not the SHOW's */
        if (expect_kw(p, KW_SHOW) || parse_show_source(p, s) || expect_punct(p, "]"))
            return p->rc;
        s->star = star;
    } else if (is_punct(t, "(") && starts_subquery(p)) {
        s->source = JT_SRC_DERIVED;
        if (!(s->derived = jt_p_select_stmt(p)))
            return p->rc;
    } else if (t->kind == T_IDENT || t->kind == T_QIDENT) {
        if (parse_table_source(p, s))
            return p->rc;
    } else {
        return jt_p_syntax_error(p);
    }
    /* optional alias */
    if (accept_kw(p, KW_AS)) {
        if (peek(p)->kind != T_IDENT && peek(p)->kind != T_QIDENT)
            return jt_p_syntax_error(p);
        p->i++;
    } else if (peek(p)->kind == T_IDENT && !is_reserved(peek(p))) {
        p->i++;
    }
    return 0;
}

/* The select list: * or expressions, each with its alias (AS name) or NULL. */
static int parse_items(parser *p, jt_select *s) {
    size_t cap = 0, acap = 0;
    if (accept_punct(p, "*")) {
        s->star = 1;
        return 0;
    }
    do {
        jt_expr *e = jt_p_expr(p);
        const char *alias = NULL;
        size_t na;
        if (!e)
            return p->rc ? p->rc : JT_EPARSE;
        if (accept_kw(p, KW_AS)) {
            token *t = peek(p);
            if (t->kind != T_IDENT && t->kind != T_QIDENT)
                return jt_p_syntax_error(p);
            alias = t->text;
            p->i++;
        }
        if (jt_p_arena_push(p, (void ***)&s->items, &s->nitems, &cap, e, JT_LIMIT_ROWS))
            return p->rc;
        na = s->nitems - 1;
        if (jt_p_arena_push(p, (void ***)&s->aliases, &na, &acap, (void *)alias, JT_LIMIT_ROWS))
            return p->rc;
    } while (accept_punct(p, ","));
    return 0;
}

/* ORDER BY's terms, after BY: expressions, each ASC (the default) or DESC. */
static int parse_order_by(parser *p, jt_select *s) {
    size_t ocap = 0;
    do {
        jt_expr *e = jt_p_expr(p);
        if (!e)
            return p->rc ? p->rc : JT_EPARSE;
        if (s->norder == ocap) {
            size_t ncap = ocap ? ocap * 2 : 4;
            jt_order *grown = jt_arena_alloc(p->a, ncap * sizeof *grown);
            if (!grown)
                return jt_p_oom(p);
            if (s->norder)
                memcpy(grown, s->order, s->norder * sizeof *grown);
            s->order = grown;
            ocap = ncap;
        }
        s->order[s->norder].expr = e;
        s->order[s->norder].desc = 0;
        if (accept_kw(p, KW_DESC))
            s->order[s->norder].desc = 1;
        else
            accept_kw(p, KW_ASC);
        s->norder++;
    } while (accept_punct(p, ","));
    return 0;
}

/* The expression after keyword kw (WHERE, LIMIT, OFFSET), when it is there, into *out. */
static int parse_clause(parser *p, int kw, jt_expr **out) {
    if (!accept_kw(p, kw))
        return 0;
    *out = jt_p_expr(p);
    return *out ? 0 : (p->rc ? p->rc : JT_EPARSE);
}

/* GROUP BY's terms, after BY: expressions, or a parenthesized list of them. */
static int parse_group_by(parser *p, jt_select *s) {
    size_t cap = 0;
    s->grouped = 1;
    do {
        int tuple = is_punct(peek(p), "(") && !starts_subquery(p);
        if (tuple)
            p->i++;
        do {
            jt_expr *e = jt_p_expr(p);
            if (!e || jt_p_arena_push(p, (void ***)&s->group, &s->ngroup, &cap, e, JT_LIMIT_ROWS))
                return p->rc ? p->rc : JT_EPARSE;
        } while (tuple && accept_punct(p, ","));
        if (tuple && expect_punct(p, ")"))
            return p->rc;
    } while (accept_punct(p, ","));
    return 0;
}

static jt_select *parse_select_body(parser *p) {
    jt_select *s = jt_arena_alloc(p->a, sizeof *s);
    if (!s) {
        jt_p_oom(p);
        return NULL;
    }
    s->pos = peek(p)->pos;
    if (accept_kw(p, KW_VALUES))
        return parse_values(p, s);
    if (expect_kw(p, KW_SELECT) || parse_items(p, s))
        return NULL;
    s->source = JT_SRC_NONE;
    if (accept_kw(p, KW_FROM) && parse_source(p, s))
        return NULL;
    if (parse_clause(p, KW_WHERE, &s->where))
        return NULL;
    if (accept_kw(p, KW_GROUP) && (expect_kw(p, KW_BY) || parse_group_by(p, s)))
        return NULL;
    if (parse_clause(p, KW_HAVING, &s->having))
        return NULL;
    if (accept_kw(p, KW_ORDER) && (expect_kw(p, KW_BY) || parse_order_by(p, s)))
        return NULL;
    if (parse_clause(p, KW_LIMIT, &s->limit) || parse_clause(p, KW_OFFSET, &s->offset))
        return NULL;
    return s;
}

/* The body of WITH x AS (…): a selection, or a SHOW of the jobs forms. */
static jt_select *parse_cte_body(parser *p) {
    jt_select *s;
    if (!is_kw(peek(p), KW_SHOW))
        return jt_p_select_stmt(p);
    s = jt_arena_alloc(p->a, sizeof *s);
    if (!s) {
        jt_p_oom(p);
        return NULL;
    }
    s->pos = peek(p)->pos;
    p->i++;
    return parse_show_source(p, s) ? NULL : s;
}

/* WITH name AS (body) [, …]: the names stay in scope for the selection that follows. */
static int parse_with(parser *p) {
    do {
        jt_cte *grown;
        const char *name = jt_p_name(p);
        if (!name || expect_kw(p, KW_AS) || expect_punct(p, "("))
            return p->rc;
        grown = jt_arena_alloc(p->a, (p->nctes + 1) * sizeof *grown);
        if (!grown)
            return jt_p_oom(p);
        if (p->nctes)
            memcpy(grown, p->ctes, p->nctes * sizeof *grown);
        grown[p->nctes].name = name;
        if (!(grown[p->nctes].body = parse_cte_body(p)) || expect_punct(p, ")"))
            return p->rc ? p->rc : JT_EPARSE;
        p->ctes = grown;
        p->nctes++;
    } while (accept_punct(p, ","));
    return 0;
}

jt_select *jt_p_select_stmt(parser *p) {
    jt_select *s;
    size_t scope = p->nctes;
    if (jt_p_enter(p))
        return NULL;
    if (accept_kw(p, KW_WITH) && parse_with(p)) {
        s = NULL;
    } else if (accept_punct(p, "(")) {
        s = jt_p_select_stmt(p);
        if (s && expect_punct(p, ")"))
            s = NULL;
    } else {
        s = parse_select_body(p);
    }
    p->nctes = scope; /* the names of a WITH end with its selection */
    p->depth--;
    return s;
}

/* JOB e means JOBS VALUES (e). */
jt_select *jt_p_values_of(parser *p, jt_expr *e) {
    jt_select *s = jt_arena_alloc(p->a, sizeof *s);
    jt_expr ***rows = jt_arena_alloc(p->a, sizeof *rows);
    jt_expr **row = jt_arena_alloc(p->a, sizeof *row);
    if (!s || !rows || !row) {
        jt_p_oom(p);
        return NULL;
    }
    row[0] = e;
    rows[0] = row;
    s->source = JT_SRC_VALUES;
    s->pos = e->pos;
    s->rows = rows;
    s->nrows = 1;
    s->nvalcols = 1;
    return s;
}

static jt_stmt *parse_stmt(parser *p, int nested);

jt_stmt *jt_p_new_stmt(parser *p, int kind) {
    jt_stmt *st = jt_arena_alloc(p->a, sizeof *st);
    if (!st) {
        jt_p_oom(p);
        return NULL;
    }
    st->kind = (uint8_t)kind;
    return st;
}

/* A string literal or a placeholder (WITH REASON = …). */
static jt_expr *parse_string_or_placeholder(parser *p) {
    token *t = peek(p);
    if (t->kind != T_STRING && t->kind != T_PARAM) {
        jt_p_syntax_error(p);
        return NULL;
    }
    return parse_primary(p);
}

static jt_stmt *parse_control(parser *p, int op) {
    jt_stmt *st = jt_p_new_stmt(p, JT_S_CONTROL);
    if (!st)
        return NULL;
    st->op = (uint8_t)op;
    if ((p->grammar & JT_G_ALL_TYPE) && accept_kw(p, KW_ALL)) {
        /* X ALL <type> JOBS: the type is a name */
        token *t = peek(p);
        if (t->kind != T_IDENT && t->kind != T_QIDENT) {
            jt_p_syntax_error(p);
            return NULL;
        }
        st->all_type = t->text;
        st->all_type_pos = t->pos;
        p->i++;
        return expect_kw(p, KW_JOBS) ? NULL : st;
    }
    if (accept_kw(p, KW_JOB)) {
        jt_expr *e = jt_p_expr(p);
        if (!e)
            return NULL;
        st->sel = jt_p_values_of(p, e);
    } else if (!(p->grammar & JT_G_NO_JOBS_SELECT) && accept_kw(p, KW_JOBS)) {
        if ((p->grammar & JT_G_FOR_SCHEDULES) && accept_kw(p, KW_FOR)) {
            st->schedules = 1;
            if (accept_kw(p, KW_SCHEDULE)) {
                jt_expr *e = jt_p_expr(p);
                if (!e)
                    return NULL;
                st->sel = jt_p_values_of(p, e);
            } else if (accept_kw(p, KW_SCHEDULES)) {
                st->sel = jt_p_select_stmt(p);
            } else {
                jt_p_syntax_error(p);
                return NULL;
            }
            return st->sel ? st : NULL; /* no REASON with FOR SCHEDULES */
        }
        st->sel = jt_p_select_stmt(p);
    } else {
        jt_p_syntax_error(p);
        return NULL;
    }
    if (st->sel && op == JT_OP_PAUSE && (p->grammar & JT_G_REASON) && accept_kw(p, KW_WITH)) {
        if (expect_kw(p, KW_REASON) || expect_punct(p, "="))
            return NULL;
        st->reason = parse_string_or_placeholder(p);
        if (!st->reason)
            return NULL;
    }
    return st->sel ? st : NULL;
}

static jt_stmt *parse_cancel_other(parser *p, int sessions, int plural) {
    jt_stmt *st = jt_p_new_stmt(p, JT_S_CANCEL_OTHER);
    if (!st)
        return NULL;
    st->op = JT_OP_CANCEL;
    st->sessions = (uint8_t)sessions;
    if (!plural && (p->grammar & JT_G_SHOW_JOB) && is_kw(peek(p), KW_IF) &&
        is_kw(peek_at(p, 1), KW_EXISTS)) {
        p->i += 2;
        st->if_exists = 1;
    }
    if (plural) {
        st->sel = jt_p_select_stmt(p);
    } else {
        jt_expr *e = jt_p_expr(p);
        if (!e)
            return NULL;
        st->sel = jt_p_values_of(p, e);
    }
    return st->sel ? st : NULL;
}

const char *jt_p_name(parser *p) {
    token *t = peek(p);
    if ((t->kind == T_IDENT && !is_reserved(t)) || t->kind == T_QIDENT) {
        p->i++;
        return t->text;
    }
    jt_p_syntax_error(p);
    return NULL;
}

/* After CANCEL: JOB(S) and ALL <type> JOBS, or QUERY/QUERIES/SESSION/SESSIONS. */
static jt_stmt *parse_cancel(parser *p) {
    if (is_kw(peek(p), KW_JOB) || is_kw(peek(p), KW_JOBS) ||
        ((p->grammar & JT_G_ALL_TYPE) && is_kw(peek(p), KW_ALL)))
        return parse_control(p, JT_OP_CANCEL);
    if (accept_kw(p, KW_QUERY))
        return parse_cancel_other(p, 0, 0);
    if (accept_kw(p, KW_QUERIES))
        return parse_cancel_other(p, 0, 1);
    if (accept_kw(p, KW_SESSION))
        return parse_cancel_other(p, 1, 0);
    if (accept_kw(p, KW_SESSIONS))
        return parse_cancel_other(p, 1, 1);
    jt_p_syntax_error(p);
    return NULL;
}

/* After SHOW JOBS: FOR SCHEDULE x, FOR SCHEDULES <select> (v20.2). */
static jt_stmt *parse_show_for_schedules(parser *p, jt_stmt *st) {
    st->schedules = 1;
    if (accept_kw(p, KW_SCHEDULE)) {
        jt_expr *e = jt_p_expr(p);
        st->sel = e ? jt_p_values_of(p, e) : NULL;
    } else if (!expect_kw(p, KW_SCHEDULES)) {
        st->sel = jt_p_select_stmt(p);
    }
    return st->sel ? st : NULL;
}

/* After SHOW JOB: [WHEN COMPLETE] x. */
static jt_stmt *parse_show_job(parser *p, jt_stmt *st) {
    jt_expr *e;
    if ((p->grammar & JT_G_SHOW_JOB) && is_kw(peek(p), KW_WHEN)) {
        p->i++;
        if (expect_kw(p, KW_COMPLETE))
            return NULL;
        st->when_complete = 1;
    }
    if (!(e = jt_p_expr(p)))
        return NULL;
    st->sel = jt_p_values_of(p, e);
    return st->sel ? st : NULL;
}

/* After SHOW JOBS: nothing, or (v19.2) [WHEN COMPLETE] <select>, or FOR SCHEDULE(S). */
static jt_stmt *parse_show_jobs(parser *p, jt_stmt *st) {
    unsigned g = p->grammar;
    if (at_end(p) || !(g & JT_G_SHOW_JOB))
        return st;
    if ((g & JT_G_FOR_SCHEDULES) && accept_kw(p, KW_FOR))
        return parse_show_for_schedules(p, st);
    if (is_kw(peek(p), KW_WHEN)) {
        p->i++;
        if (expect_kw(p, KW_COMPLETE))
            return NULL;
        st->when_complete = 1;
    }
    st->sel = jt_p_select_stmt(p);
    return st->sel ? st : NULL;
}

/* At SHOW: SHOW JOBS; v19.2 on: SHOW JOBS <select>, SHOW JOB x, SHOW AUTOMATIC JOBS, WHEN
   COMPLETE; v20.2: SHOW CHANGEFEED JOBS, FOR SCHEDULES. Other SHOW statements: sql_stmt.c. */
static jt_stmt *parse_show(parser *p) {
    unsigned g = p->grammar;
    int later = (g & JT_G_SHOW_JOB) != 0, kind = JT_S_SHOW_JOBS;
    jt_stmt *st;
    if (is_kw(peek_at(p, 1), KW_JOBS)) {
        p->i += 2;
        st = jt_p_new_stmt(p, kind);
        return st ? parse_show_jobs(p, st) : NULL;
    }
    if (later && is_kw(peek_at(p, 1), KW_JOB)) {
        p->i += 2;
        st = jt_p_new_stmt(p, kind);
        return st ? parse_show_job(p, st) : NULL;
    }
    if ((later && is_kw(peek_at(p, 1), KW_AUTOMATIC) && is_kw(peek_at(p, 2), KW_JOBS)) ||
        ((g & JT_G_X_SHOW_CHANGEFEED) && is_kw(peek_at(p, 1), KW_CHANGEFEED) &&
         (is_kw(peek_at(p, 2), KW_JOBS) || is_kw(peek_at(p, 2), KW_JOB)))) {
        int changefeed = is_kw(peek_at(p, 1), KW_CHANGEFEED), one = is_kw(peek_at(p, 2), KW_JOB);
        p->i += 3;
        if (!(st = jt_p_new_stmt(p, kind)))
            return NULL;
        st->automatic = (uint8_t)!changefeed;
        st->changefeed = (uint8_t)changefeed;
        if (one)
            return parse_show_job(p, st);
        return changefeed && !at_end(p) ? parse_show_jobs(p, st) : st;
    }
    return jt_p_show_other(p);
}

/* After PREPARE: name [(types)] AS statement. */
static jt_stmt *parse_prepare(parser *p) {
    jt_stmt *st = jt_p_new_stmt(p, JT_S_PREPARE);
    if (!st || !(st->name = jt_p_name(p)))
        return NULL;
    if (accept_punct(p, "(")) {
        /* declared parameter types: accepted, the uses decide */
        do {
            uint8_t ty;
            if (jt_p_parse_type(p, &ty))
                return NULL;
        } while (accept_punct(p, ","));
        if (expect_punct(p, ")"))
            return NULL;
    }
    if (expect_kw(p, KW_AS))
        return NULL;
    st->inner = parse_stmt(p, 1);
    if (!st->inner)
        return NULL;
    st->nparams = p->nparams;
    return st;
}

/* After EXECUTE: name [(arguments)]. */
static jt_stmt *parse_execute(parser *p) {
    jt_stmt *st = jt_p_new_stmt(p, JT_S_EXECUTE);
    size_t cap = 0;
    if (!st || !(st->name = jt_p_name(p)))
        return NULL;
    if (!accept_punct(p, "("))
        return st;
    if (!is_punct(peek(p), ")")) {
        do {
            jt_expr *e = jt_p_expr(p);
            if (!e ||
                jt_p_arena_push(p, (void ***)&st->args, &st->nargs, &cap, e, JT_LIMIT_PLACEHOLDERS))
                return NULL;
        } while (accept_punct(p, ","));
    }
    return expect_punct(p, ")") ? NULL : st;
}

/* After DEALLOCATE: [PREPARE] name, or ALL. */
static jt_stmt *parse_deallocate(parser *p) {
    jt_stmt *st = jt_p_new_stmt(p, JT_S_DEALLOCATE);
    if (!st)
        return NULL;
    accept_kw(p, KW_PREPARE);
    if (accept_kw(p, KW_ALL)) {
        st->all = 1;
        return st;
    }
    st->name = jt_p_name(p);
    return st->name ? st : NULL;
}

/* At '(' that starts no selection: CockroachDB's grammar reads '(' as the start of one, so the
   error is at the first token after the parentheses. */
static jt_stmt *paren_error(parser *p) {
    while (is_punct(peek(p), "("))
        p->i++;
    jt_p_syntax_error(p);
    return NULL;
}

/* One statement; nested: the statement of a PREPARE (no PREPARE, EXECUTE, DEALLOCATE). */
static jt_stmt *parse_stmt(parser *p, int nested) {
    token *t = peek(p);
    jt_stmt *st;
    if (accept_kw(p, KW_PAUSE))
        return parse_control(p, JT_OP_PAUSE);
    if (accept_kw(p, KW_RESUME))
        return parse_control(p, JT_OP_RESUME);
    if (accept_kw(p, KW_CANCEL))
        return parse_cancel(p);
    if (is_kw(t, KW_SHOW))
        return parse_show(p);
    if (is_kw(t, KW_SELECT) || is_kw(t, KW_VALUES) || is_kw(t, KW_WITH) ||
        (is_punct(t, "(") && starts_subquery(p))) {
        st = jt_p_new_stmt(p, JT_S_SELECT);
        if (!st)
            return NULL;
        st->sel = jt_p_select_stmt(p);
        return st->sel ? st : NULL;
    }
    if (is_punct(t, "("))
        return paren_error(p);
    if (!nested && accept_kw(p, KW_PREPARE))
        return parse_prepare(p);
    if (!nested && accept_kw(p, KW_EXECUTE))
        return parse_execute(p);
    if (!nested && accept_kw(p, KW_DEALLOCATE))
        return parse_deallocate(p);
    st = jt_p_other_stmt(p, nested);
    if (!st && !p->rc)
        jt_p_syntax_error(p);
    return st;
}

/* The statements of a batch, from the current token: each ends at ';' or the end. */
static jt_stmt *parse_batch(parser *p) {
    jt_stmt *first = NULL, **link = &first;
    for (;;) {
        int start = peek(p)->pos;
        jt_stmt *st;
        p->nparams = 0;
        if (!(st = parse_stmt(p, 0)))
            return NULL;
        if (!at_end(p)) {
            jt_p_syntax_error(p);
            return NULL;
        }
        st->start = start;
        st->end = p->i > 0 ? p->toks[p->i - 1].end : start;
        shape_bounds(p, st);
        if (st->kind != JT_S_PREPARE)
            st->nparams = p->nparams;
        *link = st;
        link = &st->next;
        accept_punct(p, ";");
        if (peek(p)->kind == T_EOF)
            return first;
    }
}

int jt_sql_parse_shaped(jt_stmt **out, jt_arena *a, const char *sql, unsigned grammar, jt_sqlerr *e,
                        jt_sql_shape *shape) {
    parser p;
    jt_stmt *st;
    memset(&p, 0, sizeof p);
    p.a = a;
    p.grammar = grammar;
    p.shaped = shape != NULL;
    p.sql = sql;
    p.e = e;
    *out = NULL;
    p.len = strlen(sql);
    if (p.len > JT_LIMIT_SQL) {
        jt_sqlerr_set(e, "54000", "statement too long (more than %d bytes)", JT_LIMIT_SQL);
        return JT_EPARSE;
    }
    /* The expressions' texts are slices of this copy, which lives as long as the tree. */
    p.sql = jt_arena_strndup(a, sql, p.len);
    if (!p.sql) {
        jt_p_oom(&p);
        goto out;
    }
    if (lex(&p))
        goto out;
    st = parse_batch(&p);
    if (st)
        *out = st;
out:
    free(p.toks);
    if (shape && p.rc == JT_OK) {
        memset(shape, 0, sizeof *shape);
        shape->src = (char *)p.sql;
        shape->len = p.len;
        shape->cap = p.len + 1;
        shape->ints = p.ints; /* the caller's to free, with strs, slices and bounds */
        shape->nints = p.nints;
        shape->strs = p.strs;
        shape->nstrs = p.nstrs;
        shape->slices = p.slices;
        shape->nslices = p.nslices;
        shape->bounds = p.bounds;
        shape->nbounds = p.nbounds;
        shape->reusable = !p.printed && p.nints == p.nint_toks && p.nstrs == p.nstr_toks;
    } else {
        free(p.ints);
        free(p.strs);
        free(p.slices);
        free(p.bounds);
    }
    if (p.rc == JT_ENOMEM)
        jt_sqlerr_set(e, "53200", "out of memory");
    return p.rc;
}

int jt_sql_parse(jt_stmt **out, jt_arena *a, const char *sql, unsigned grammar, jt_sqlerr *e) {
    return jt_sql_parse_shaped(out, a, sql, grammar, e, NULL);
}
