/* Shapes of statements for the plan cache (model/internal/sql.h, jt_sql_key and
   jt_sql_shape): the key that masks a text's integer and string literals, and a cached parse
   made that of another text of the same key. */
#include <stdlib.h>
#include <string.h>

#include "model/internal/parse.h"

static int is_ident_char(unsigned char c) {
    return jt_p_char_class[c] & C_IDENT;
}

static int is_digit(unsigned char c) {
    return jt_p_char_class[c] & C_DIGIT;
}

/* The value of the n digits at d into *v: 1 when it fits an INT, as parse_int_text finds. */
static int digits_fit(const char *d, size_t n, int64_t *v) {
    uint64_t x = 0;
    size_t k;
    for (k = 0; k < n && k < 18; k++) /* 18 digits always fit */
        x = x * 10 + (unsigned)(d[k] - '0');
    for (; k < n; k++) {
        unsigned dig = (unsigned)(d[k] - '0');
        if (x > ((uint64_t)INT64_MAX - dig) / 10)
            return 0;
        x = x * 10 + dig;
    }
    *v = (int64_t)x;
    return 1;
}

static size_t skip_digits(const char *s, size_t i) {
    while (is_digit((unsigned char)s[i]))
        i++;
    return i;
}

/* The end of the string or quoted name whose quote is s[i] (a doubled quote inside it is
   one), or 0 when it has none. */
static size_t quoted_end(const char *s, size_t i, size_t len) {
    char q = s[i];
    for (i++; i < len; i++)
        if (s[i] == q && !(i + 1 < len && s[i + 1] == q && ++i))
            return i + 1;
    return 0;
}

/* The end of the string, quoted name or comment that starts at s[i], or i when none does. */
static size_t shape_skip(const char *s, size_t i, size_t len) {
    char q = s[i];
    if (q == '\'' || q == '"') {
        size_t end = quoted_end(s, i, len);
        return end ? end : len;
    }
    if (q == '-' && s[i + 1] == '-') {
        const char *nl = memchr(s + i, '\n', len - i);
        return nl ? (size_t)(nl - s) : len;
    }
    if (q == '/' && s[i + 1] == '*') {
        const char *end = strstr(s + i + 2, "*/");
        return end ? (size_t)(end - s) + 2 : len;
    }
    return i;
}

/* The end of the digits at s[i] as the lexer reads them (lex_number): a word's digits
   (after an identifier's byte: u7, $1), or a number: its fraction and exponent too. *masked:
   an integer literal that fits an INT, followed by no identifier byte. */
static size_t shape_number(const char *s, size_t i, int *masked) {
    unsigned char prev = i ? (unsigned char)s[i - 1] : ' ';
    size_t k = skip_digits(s, i);
    int whole = prev != '.'; /* .5: the lexer's number starts at the point */
    int64_t v;
    *masked = 0;
    if (is_ident_char(prev))
        return k;
    if (s[k] == '.') {
        whole = 0;
        k = skip_digits(s, k + 1);
    }
    if (s[k] == 'e' || s[k] == 'E') {
        size_t j = k + 1 + (s[k + 1] == '+' || s[k + 1] == '-');
        if (is_digit((unsigned char)s[j])) {
            whole = 0;
            k = skip_digits(s, j);
        }
    }
    *masked = whole && !is_ident_char((unsigned char)s[k]) && digits_fit(s + i, k - i, &v);
    return k;
}

/* Appends a run to k's runs. */
static int key_run(jt_sql_key *k, size_t pos, size_t len) {
    if (k->nruns == k->runs_cap &&
        jt_grow((void **)&k->runs, &k->runs_cap, k->nruns + 1, sizeof *k->runs, SIZE_MAX) != JT_OK)
        return JT_ENOMEM;
    k->runs[k->nruns++] = (jt_sql_run){(uint32_t)pos, (uint32_t)len};
    return JT_OK;
}

/* The literal sql[i..j) masked in k (mlen bytes of mask): the text before it copied from
 *from, then the mask. */
static int key_mask(jt_sql_key *k, const char *sql, size_t *from, size_t i, size_t j,
                    const char *mask, size_t mlen) {
    char *t = k->text + k->len;
    if (key_run(k, i, j - i) != JT_OK)
        return JT_ENOMEM;
    if (i - *from <= 16) { /* short: no call */
        for (size_t c = *from; c < i; c++)
            *t++ = sql[c];
    } else {
        memcpy(t, sql + *from, i - *from);
        t += i - *from;
    }
    memcpy(t, mask, mlen);
    k->len = (size_t)(t - k->text) + mlen;
    *from = j;
    return JT_OK;
}

int jt_sql_shape_key(jt_sql_key *k, const char *sql, size_t len) {
    size_t i = 0, from = 0;
    if (jt_grow((void **)&k->text, &k->cap, len + 1, 1, SIZE_MAX) != JT_OK)
        return JT_ENOMEM;
    k->nruns = 0;
    k->len = 0; /* a literal masks to at most its own length: len + 1 bytes suffice */
    while (i < len) {
        size_t j;
        int masked;
        i += strcspn(sql + i, "0123456789'\"-/"); /* plain bytes, many at a time */
        if (i >= len)
            break;
        if (sql[i] == '\'' && (j = quoted_end(sql, i, len)) != 0) {
            if (key_mask(k, sql, &from, i, j, "''", 2) != JT_OK)
                return JT_ENOMEM;
        } else if (!is_digit((unsigned char)sql[i])) {
            j = shape_skip(sql, i, len);
            j = j > i ? j : i + 1;
        } else {
            j = shape_number(sql, i, &masked);
            if (masked && key_mask(k, sql, &from, i, j, "0", 1) != JT_OK)
                return JT_ENOMEM;
        }
        i = j;
    }
    memcpy(k->text + k->len, sql + from, len - from);
    k->len += len - from;
    k->text[k->len] = '\0';
    k->hash = jt_hash_bytes(JT_HASH_START, k->text, k->len);
    return JT_OK;
}

void jt_sql_key_dispose(jt_sql_key *k) {
    free(k->text);
    free(k->runs);
    memset(k, 0, sizeof *k);
}

/* n bytes of src in a (NULL for none). */
static void *arena_copy(jt_arena *a, const void *src, size_t n) {
    void *d = n ? jt_arena_alloc(a, n) : NULL;
    if (d)
        memcpy(d, src, n);
    return d;
}

static int cmp_ref(const void *x, const void *y) {
    int a = **(int *const *)x, b = **(int *const *)y;
    return (a > b) - (a < b);
}

/* shape's refs: its offsets, by value (they keep that order as they move). */
static int shape_refs(jt_sql_shape *sh, jt_arena *a, int **bounds, size_t nbounds) {
    size_t n = 2 * sh->nslices + nbounds + sh->nints + sh->nstrs, i, r = 0;
    sh->refs = n ? jt_arena_alloc(a, n * sizeof *sh->refs) : NULL;
    if (n && !sh->refs)
        return JT_ENOMEM;
    for (i = 0; i < sh->nslices; i++) {
        sh->refs[r++] = &sh->slices[i].start;
        sh->refs[r++] = &sh->slices[i].end;
    }
    for (i = 0; i < nbounds; i++)
        sh->refs[r++] = bounds[i];
    for (i = 0; i < sh->nints; i++)
        sh->refs[r++] = &sh->ints[i]->pos;
    for (i = 0; i < sh->nstrs; i++)
        sh->refs[r++] = &sh->strs[i]->pos;
    sh->nrefs = n;
    if (n > 1)
        qsort(sh->refs, n, sizeof *sh->refs, cmp_ref);
    return JT_OK;
}

int jt_sql_shape_keep(jt_sql_shape *sh, const jt_sql_key *k, jt_arena *a) {
    jt_expr **ints = sh->ints, **strs = sh->strs;
    jt_sql_slice *slices = sh->slices;
    int **bounds = sh->bounds, rc = JT_OK;
    sh->ints = arena_copy(a, ints, sh->nints * sizeof *ints);
    sh->strs = arena_copy(a, strs, sh->nstrs * sizeof *strs);
    sh->slices = arena_copy(a, slices, sh->nslices * sizeof *slices);
    sh->bounds = NULL; /* among the refs */
    sh->runs = arena_copy(a, k->runs, k->nruns * sizeof *k->runs);
    sh->nruns = k->nruns;
    if ((sh->nints && !sh->ints) || (sh->nstrs && !sh->strs) || (sh->nslices && !sh->slices) ||
        (sh->nruns && !sh->runs) || shape_refs(sh, a, bounds, sh->nbounds) != JT_OK)
        rc = JT_ENOMEM;
    sh->nbounds = 0;
    free(ints);
    free(strs);
    free(slices);
    free(bounds);
    return rc;
}

/* The offsets of shape moved from its runs to k's, in order of value: each by the change of
   length of the runs that end at or before it (an offset never falls inside a run). */
static void shape_move_all(jt_sql_shape *sh, const jt_sql_key *k) {
    const jt_sql_run *was = sh->runs, *now = k->runs;
    size_t n = k->nruns, r = 0, i;
    int shift = 0;
    for (i = 0; i < sh->nrefs; i++) {
        int *x = sh->refs[i];
        for (; r < n && (int)(was[r].pos + was[r].len) <= *x; r++)
            shift = (int)(now[r].pos + now[r].len) - (int)(was[r].pos + was[r].len);
        *x += shift;
    }
    for (i = 0; i < sh->nslices; i++) { /* in order: a later slice of an expression wins */
        const jt_sql_slice *s = &sh->slices[i];
        s->e->text = sh->src + s->start;
        s->e->textlen = (size_t)(s->end - s->start);
    }
    memcpy(sh->runs, now, n * sizeof *now);
}

/* The strings' values from their literals in src, into values: each shorter than its
   literal, so the text's length and a NUL suffice for them all. Each is an untyped STRING
   again, as the parse made it. */
static void shape_strings(jt_sql_shape *sh) {
    size_t at = 0, i;
    for (i = 0; i < sh->nstrs; i++) {
        const char *q = sh->src + sh->strs[i]->pos + 1; /* after the opening quote */
        jt_value *v = &sh->strs[i]->value;
        /* untyped again: planning settles it to a column's type in the tree (eval.c,
           settle_constant) */
        v->type = JT_T_STRING;
        v->untyped = 1;
        v->s = sh->values + at;
        for (; !(q[0] == '\'' && q[1] != '\''); q++) { /* '' is a quote */
            q += q[0] == '\'';
            sh->values[at++] = *q;
        }
        sh->values[at++] = '\0';
    }
}

/* A buffer of at least need bytes: *buf when it has them, else one from a (doubled). */
static char *room(char *buf, size_t cap, size_t need, jt_arena *a, size_t *cap_out) {
    *cap_out = cap;
    if (need <= cap)
        return buf;
    *cap_out = need > 2 * cap ? need : 2 * cap;
    return jt_arena_alloc_raw(a, *cap_out); /* written before it is read */
}

int jt_sql_shape_grows(const jt_sql_shape *sh, size_t len) {
    return len + 1 > sh->cap || (sh->nstrs && len + 1 > sh->values_cap);
}

int jt_sql_shape_apply(jt_sql_shape *sh, const char *sql, size_t len, const jt_sql_key *k,
                       jt_arena *a) {
    int moved = len != sh->len;
    size_t i, cap, values_cap = sh->values_cap;
    char *src = room(sh->src, sh->cap, len + 1, a, &cap), *values = sh->values;
    if (sh->nstrs)
        values = room(sh->values, sh->values_cap, len + 1, a, &values_cap);
    if (!src || (sh->nstrs && !values))
        return JT_ENOMEM; /* before any change */
    for (i = 0; !moved && i < k->nruns; i++)
        moved = sh->runs[i].len != k->runs[i].len;
    sh->src = src;
    sh->cap = cap;
    sh->values = values;
    sh->values_cap = values_cap;
    memcpy(sh->src, sql, len);
    sh->src[len] = '\0';
    sh->len = len;
    if (moved)
        shape_move_all(sh, k);
    for (i = 0; i < sh->nints; i++) {
        jt_expr *e = sh->ints[i];
        const char *d = sh->src + e->pos;
        int64_t v;
        /* a masked literal: its new value; one beyond INT is in the key as written */
        if (digits_fit(d, skip_digits(d, 0), &v))
            e->value.i = v;
    }
    if (sh->nstrs)
        shape_strings(sh);
    return JT_OK;
}
