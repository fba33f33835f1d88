/* The checker: compares a jt_result with a record's expectation. */
#include "sim/cases/check.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/common.h"
#include "model/model.h"
#include "sim/text/strbuf.h"

#define DIFF_CONTEXT 2 /* unchanged lines shown around a change */

char *jt_check_outside(const jt_result *res, int *oom) {
    size_t n = strlen(JT_OUTSIDE_PREFIX);
    char *reason;
    *oom = 0;
    if (!res->failed || strcmp(res->sqlstate, JT_OUTSIDE_SQLSTATE) != 0 || !res->message ||
        strncmp(res->message, JT_OUTSIDE_PREFIX, n) != 0)
        return NULL;
    reason = jt_malloc(strlen(res->message + n) + 18);
    if (!reason) {
        *oom = 1;
        return NULL;
    }
    sprintf(reason, "not job control: %s", res->message + n);
    return reason;
}

const char *jt_check_render(const char *value) {
    if (!value)
        return "NULL";
    if (!*value)
        return "\xc2\xb7"; /* U+00B7 MIDDLE DOT */
    return value;
}

/* ---- lines of text ------------------------------------------------------------------- */

/* Lines kept in one buffer: each push appends a line (and its NUL) to text and its offset to
   off; lines_seal then points v at them. One allocation per few lines, not one per line. */
typedef struct lines {
    char **v; /* after lines_seal */
    size_t *off;
    size_t n, cap;
    jt_strbuf text;
} lines;

static void lines_init(lines *l) {
    memset(l, 0, sizeof *l);
    jt_strbuf_init(&l->text, SIZE_MAX / 4); /* rows are bounded by JT_LIMIT_ROWS, memory */
}

static void lines_dispose(lines *l) {
    free(l->v);
    free(l->off);
    jt_strbuf_dispose(&l->text);
    memset(l, 0, sizeof *l);
}

/* Starts a line: the text appended to l->text from here on is its. */
static int lines_begin(lines *l) {
    int rc = jt_grow((void **)&l->off, &l->cap, l->n + 1, sizeof *l->off, JT_LIMIT_ROWS + 1);
    if (rc < 0)
        return rc;
    l->off[l->n] = l->text.len;
    return JT_OK;
}

/* Ends the line begun last. */
static int lines_end(lines *l) {
    int rc = jt_strbuf_add(&l->text, "", 1); /* its NUL: the next line starts after it */
    if (rc < 0)
        return rc;
    l->n++;
    return JT_OK;
}

static int lines_push_n(lines *l, const char *s, size_t n) {
    int rc = lines_begin(l);
    if (rc == JT_OK)
        rc = jt_strbuf_add(&l->text, s, n);
    return rc == JT_OK ? lines_end(l) : rc;
}

/* Points v at the lines: after the last push. */
static int lines_seal(lines *l) {
    size_t i;
    l->v = jt_malloc((l->n ? l->n : 1) * sizeof *l->v);
    if (!l->v)
        return JT_ENOMEM;
    for (i = 0; i < l->n; i++)
        l->v[i] = l->text.data + l->off[i];
    return JT_OK;
}

/* The bytes that separate tokens (those of the reader's, sim/cases/caseread.c): a table, as
   every byte of every value checked goes through it. */
static const unsigned char space_byte[256] = {
    [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1};

static int is_space(char c) {
    return space_byte[(unsigned char)c];
}

/* The whitespace-separated tokens of s, appended to sb with one space between tokens (and
   before the first when sb has text after start). */
static int add_tokens(jt_strbuf *sb, size_t start, const char *s) {
    int rc = JT_OK;
    for (;;) {
        size_t n = 0;
        while (*s && is_space(*s))
            s++;
        if (!*s)
            return rc;
        while (s[n] && !is_space(s[n]))
            n++;
        if (sb->len > start)
            rc = jt_strbuf_add(sb, " ", 1);
        if (rc == JT_OK)
            rc = jt_strbuf_add(sb, s, n);
        if (rc < 0)
            return rc;
        s += n;
    }
}

/* Each token of s as a line of its own. */
static int push_each_token(lines *l, const char *s) {
    for (;;) {
        size_t n = 0;
        int rc;
        while (*s && is_space(*s))
            s++;
        if (!*s)
            return JT_OK;
        while (s[n] && !is_space(s[n]))
            n++;
        rc = lines_push_n(l, s, n);
        if (rc < 0)
            return rc;
        s += n;
    }
}

static int push_normalized(lines *l, const char *s) {
    int rc = lines_begin(l);
    if (rc == JT_OK)
        rc = add_tokens(&l->text, l->text.len, s);
    return rc == JT_OK ? lines_end(l) : rc;
}

/* A value of res (a column name for row == SIZE_MAX); NULL also where a driver gave none. */
static const char *value_at(const jt_result *res, size_t row, size_t col) {
    if (row == SIZE_MAX)
        return res->columns ? res->columns[col] : NULL;
    return res->values ? res->values[row * res->ncols + col] : NULL;
}

/* One row of res (or its column names, row == SIZE_MAX) rendered as one line of tokens. */
static int push_row(lines *l, const jt_result *res, size_t row) {
    size_t c, start = l->text.len;
    int rc = lines_begin(l);
    for (c = 0; c < res->ncols && rc == JT_OK; c++)
        rc = add_tokens(&l->text, start, jt_check_render(value_at(res, row, c)));
    return rc == JT_OK ? lines_end(l) : rc;
}

static int cmp_lines(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tokens of two sets of lines are the same, in the same order. */
static int same_tokens(const lines *a, const lines *b) {
    size_t ia = 0, ib = 0;
    const char *pa = "", *pb = "";
    for (;;) {
        size_t na = 0, nb = 0;
        while (*pa == ' ' || (!*pa && ia < a->n)) {
            if (*pa)
                pa++;
            else
                pa = a->v[ia++];
        }
        while (*pb == ' ' || (!*pb && ib < b->n)) {
            if (*pb)
                pb++;
            else
                pb = b->v[ib++];
        }
        if (!*pa || !*pb)
            return !*pa && !*pb;
        while (pa[na] && pa[na] != ' ')
            na++;
        while (pb[nb] && pb[nb] != ' ')
            nb++;
        if (na != nb || memcmp(pa, pb, na) != 0)
            return 0;
        pa += na;
        pb += nb;
    }
}

/* ---- the diff ------------------------------------------------------------------------ */

/* ops: for each line of the diff, ' ' (in both), '-' (expected only) or '+' (got only);
   ia/ib index into a and b. */
typedef struct diffop {
    char op;
    size_t i;
} diffop;

static int make_diff(diffop **out, size_t *nout, const lines *a, const lines *b) {
    size_t n = a->n, m = b->n, i, j, k = 0;
    uint32_t *t = NULL;
    diffop *ops = jt_calloc(n + m + 1, sizeof *ops);
    *out = NULL;
    *nout = 0;
    if (!ops)
        return JT_ENOMEM;
    if (n > 0 && m > 0 && n <= JT_LIMIT_DIFF_CELLS / m && n < UINT32_MAX && m < UINT32_MAX) {
        /* t[i][j]: the longest common subsequence of a[i..] and b[j..] */
        t = jt_calloc((n + 1) * (m + 1), sizeof *t);
        if (!t) {
            free(ops);
            return JT_ENOMEM;
        }
        for (i = n; i-- > 0;)
            for (j = m; j-- > 0;)
                t[i * (m + 1) + j] = strcmp(a->v[i], b->v[j]) == 0
                                         ? t[(i + 1) * (m + 1) + j + 1] + 1
                                         : (t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]
                                                ? t[(i + 1) * (m + 1) + j]
                                                : t[i * (m + 1) + j + 1]);
    }
    i = j = 0;
    while (i < n || j < m) {
        if (t && i < n && j < m && strcmp(a->v[i], b->v[j]) == 0) {
            ops[k].op = ' ';
            ops[k++].i = i;
            i++;
            j++;
        } else if (i < n && (j == m || !t || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) {
            ops[k].op = '-';
            ops[k++].i = i++;
        } else {
            ops[k].op = '+';
            ops[k++].i = j++;
        }
    }
    free(t);
    *out = ops;
    *nout = k;
    return JT_OK;
}

/* Appends the diff of a (expected) and b (got) to sb: changed lines with DIFF_CONTEXT lines
   around them ("..." for the others), at most JT_LIMIT_DIFF_LINES lines, within sb's limit. */
static int add_diff(jt_strbuf *sb, const lines *a, const lines *b) {
    diffop *ops = NULL;
    size_t nops = 0, k, shown = 0, next = 0;
    unsigned char *show = NULL;
    int rc = make_diff(&ops, &nops, a, b);
    if (rc < 0)
        return rc;
    show = jt_calloc(nops + 1, 1);
    if (!show) {
        rc = JT_ENOMEM;
        goto out;
    }
    for (k = 0; k < nops; k++) {
        if (ops[k].op != ' ') {
            size_t lo = k >= DIFF_CONTEXT ? k - DIFF_CONTEXT : 0, x;
            for (x = lo; x <= k + DIFF_CONTEXT && x < nops; x++)
                show[x] = 1;
        }
    }
    /* next: the first line not yet accounted for */
    for (k = 0; k < nops && rc == JT_OK; k++) {
        const char *text;
        if (!show[k])
            continue;
        if (k > next)
            rc = jt_strbuf_adds(sb, "\n    ...");
        text = ops[k].op == '+' ? b->v[ops[k].i] : a->v[ops[k].i];
        if (rc == JT_OK &&
            (shown == JT_LIMIT_DIFF_LINES || strlen(text) + 64 > sb->limit - sb->len)) {
            size_t more = 0, x;
            for (x = k; x < nops; x++)
                more += show[x];
            rc = jt_strbuf_addf(sb, "\n    ... (%zu more line%s)", more, more == 1 ? "" : "s");
            next = nops;
            break;
        }
        if (rc == JT_OK)
            rc = jt_strbuf_addf(sb, "\n    %c%s", ops[k].op, text);
        shown++;
        next = k + 1;
    }
    if (rc == JT_OK && next < nops)
        rc = jt_strbuf_adds(sb, "\n    ...");
out:
    free(show);
    free(ops);
    return rc == JT_ELIMIT ? JT_OK : rc;
}

/* ---- expectations -------------------------------------------------------------------- */

static void describe_error(jt_strbuf *sb, const jt_result *res) {
    if (res->sqlstate[0])
        jt_strbuf_addf(sb, "error %s: %s", res->sqlstate, res->message ? res->message : "");
    else
        jt_strbuf_addf(sb, "error: %s", res->message ? res->message : "");
}

static void describe_success(jt_strbuf *sb, const jt_result *res) {
    if (res->tag[0])
        jt_strbuf_addf(sb, "success (%s)", res->tag);
    else
        jt_strbuf_adds(sb, "success");
}

static void describe_expected_error(jt_strbuf *sb, const jt_case_record *rec) {
    jt_strbuf_adds(sb, "expected an error");
    if (rec->sqlstate[0])
        jt_strbuf_addf(sb, " with SQLSTATE %s", rec->sqlstate);
    if (rec->error_regex)
        jt_strbuf_addf(sb, " matching \"%s\"", rec->error_regex);
}

static int error_matches(int *out, const jt_case_record *rec, const jt_result *res) {
    const char *msg = res->message ? res->message : "";
    char small[256], *pq; /* "pq: " + msg */
    size_t n;
    int m;
    *out = 0;
    if (rec->sqlstate[0] && strcmp(rec->sqlstate, res->sqlstate) != 0)
        return JT_OK;
    if (!rec->error_re) {
        *out = 1;
        return JT_OK;
    }
    m = jt_case_regex_match(rec->error_re, msg);
    if (m != 0) {
        *out = m > 0;
        return m < 0 ? m : JT_OK;
    }
    n = strlen(msg);
    pq = n + 5 <= sizeof small ? small : jt_malloc(n + 5);
    if (!pq)
        return JT_ENOMEM;
    memcpy(pq, "pq: ", 4);
    memcpy(pq + 4, msg, n + 1);
    m = jt_case_regex_match(rec->error_re, pq);
    if (pq != small)
        free(pq);
    *out = m > 0;
    return m < 0 ? m : JT_OK;
}

static const char *plural(size_t n, const char *one, const char *many) {
    return n == 1 ? one : many;
}

/* The bytes that end a token: a space or the NUL after the text (one look-up a byte). */
static const unsigned char token_end[256] = {
    [0] = 1, [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1};

/* The next whitespace-separated token at *p: its start, *n its length; NULL when none left. */
static const char *next_token(const char **p, size_t *n) {
    const unsigned char *s = (const unsigned char *)*p, *t;
    while (space_byte[*s])
        s++;
    t = s;
    while (!token_end[*s])
        s++;
    *p = (const char *)s;
    *n = (size_t)(s - t);
    return *n ? (const char *)t : NULL;
}

/* ---- rows against the tokens of the expected lines ----------------------------------- */

/* Most results are checked here, against the tokens the reader split the expected lines into
   (rec->tokens), without a line made, sorted or allocated. What is found here is a pass for
   certain; anything else goes to check_rows's exact comparison, which also says what
   differs. */

/* The tokens of one row of res (SIZE_MAX: its column names), as rendered, one by one. */
typedef struct row_tokens {
    const jt_result *res;
    size_t row, col;
    const char *p; /* the rest of the value of col */
} row_tokens;

static void row_tokens_init(row_tokens *c, const jt_result *res, size_t row) {
    c->res = res;
    c->row = row;
    c->col = 0;
    c->p = res->ncols ? jt_check_render(value_at(res, row, 0)) : "";
}

/* The next token of the row (*n its length), or NULL after its last. */
static const char *row_tokens_next(row_tokens *c, size_t *n) {
    while (c->col < c->res->ncols) {
        const char *t = next_token(&c->p, n);
        if (t)
            return t;
        if (++c->col < c->res->ncols)
            c->p = jt_check_render(value_at(c->res, c->row, c->col));
    }
    return NULL;
}

/* Whether a[0 .. n) and b[0 .. n) are the same bytes. Tokens are short: up to 16 bytes are
   compared as two words that overlap (or as their first, middle and last bytes), without a
   call. */
static int same_bytes(const char *a, const char *b, size_t n) {
    uint64_t x, y;
    uint32_t u, v;
    if (n > 16)
        return memcmp(a, b, n) == 0;
    if (n >= 8) {
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return 0;
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        if (u != v)
            return 0;
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return u == v;
    }
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

/* Whether token k of rec is s[0 .. n), k being a token of expected line i. */
static int token_is(const jt_case_record *rec, size_t i, size_t k, const char *s, size_t n) {
    const jt_case_token *t = &rec->tokens[k];
    return n == t->len && same_bytes(rec->results[i] + t->off, s, n);
}

/* Whether expected line i has the tokens of row row of res (SIZE_MAX: the column names). */
static int line_is_row(const jt_case_record *rec, size_t i, const jt_result *res, size_t row) {
    row_tokens c;
    const char *t;
    size_t k, n;
    row_tokens_init(&c, res, row);
    for (k = rec->first_token[i]; k < rec->first_token[i + 1]; k++)
        if (!(t = row_tokens_next(&c, &n)) || !token_is(rec, i, k, t, n))
            return 0;
    return row_tokens_next(&c, &n) == NULL;
}

/* The tokens of the expected lines from line first on and those of res's rows are the same,
   in the same order (rows and lines may split them differently): what nosort compares. */
static int same_flat(const jt_case_record *rec, size_t first, const jt_result *res) {
    size_t i = first, k = rec->first_token[first], end = rec->first_token[rec->nresults], r, n;
    for (r = 0; r < res->nrows; r++) {
        row_tokens c;
        const char *t;
        row_tokens_init(&c, res, r);
        while ((t = row_tokens_next(&c, &n)) != NULL) {
            if (k == end)
                return 0;
            while (rec->first_token[i + 1] <= k)
                i++;
            if (!token_is(rec, i, k++, t, n))
                return 0;
        }
    }
    return k == end;
}

/* res has no token at all (no rows, or no columns). */
static int no_tokens(const jt_result *res) {
    size_t r, n;
    for (r = 0; r < res->nrows; r++) {
        row_tokens c;
        row_tokens_init(&c, res, r);
        if (row_tokens_next(&c, &n))
            return 0;
    }
    return 1;
}

/* A hash of a sequence of tokens, one token at a time (model/common.h); an empty one adds
   nothing, as an empty value is mere blanks on an expected line. */
static uint64_t hash_token(uint64_t h, const char *s, size_t n) {
    return n ? jt_hash_bytes(h, s, n) : h;
}

/* An expected token (valuesort) by its hash; which = SIZE_MAX once matched. */
typedef struct keyed {
    uint64_t hash;
    size_t which;
} keyed;

enum { KEYED_ON_STACK = 256 }; /* more expected tokens than that: their keys are allocated */

/* Heapsort by hash: in place, without the allocation qsort may make. */
static void sift_down(keyed *v, size_t i, size_t n) {
    for (;;) {
        size_t c = 2 * i + 1;
        keyed t;
        if (c >= n)
            return;
        if (c + 1 < n && v[c + 1].hash > v[c].hash)
            c++;
        if (v[i].hash >= v[c].hash)
            return;
        t = v[i];
        v[i] = v[c];
        v[c] = t;
        i = c;
    }
}

static void sort_keyed(keyed *v, size_t n) {
    size_t i;
    keyed t;
    for (i = n / 2; i-- > 0;)
        sift_down(v, i, n);
    for (i = n; i-- > 1;) {
        t = v[0];
        v[0] = v[i];
        v[i] = t;
        sift_down(v, 0, i);
    }
}

/* The first of v[0 .. n) with that hash, or n. */
static size_t find_keyed(const keyed *v, size_t n, uint64_t hash) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].hash < hash)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The tokens of a row, one by one: where each is. */
typedef struct span {
    const char *s;
    size_t n;
} span;

enum { SPANS = 64 }; /* the tokens of a row kept to compare; a row of more is walked again */

/* The tokens of row row of res as rendered (hash_token's hash of them all in *hash, as
   line_hash makes it): the first SPANS of them into v. Returns their number. */
static size_t row_spans(const jt_result *res, size_t row, span *v, uint64_t *hash) {
    uint64_t h = JT_HASH_START;
    size_t c, k = 0;
    for (c = 0; c < res->ncols; c++) {
        const unsigned char *s = (const unsigned char *)jt_check_render(value_at(res, row, c));
        for (;;) {
            const unsigned char *t;
            while (space_byte[*s])
                s++;
            if (!*s)
                break;
            for (t = s; !token_end[*s]; s++)
                ;
            h = jt_hash_bytes(h, (const char *)t, (size_t)(s - t));
            if (k < SPANS) {
                v[k].s = (const char *)t;
                v[k].n = (size_t)(s - t);
            }
            k++;
        }
    }
    *hash = h;
    return k;
}

/* The hash of the tokens of expected line i (row_spans's of a row of the same tokens): the
   reader's, or made here for a record that has none. */
static uint64_t line_hash(const jt_case_record *rec, size_t i) {
    uint64_t h = JT_HASH_START;
    size_t k;
    if (rec->line_hash)
        return rec->line_hash[i];
    for (k = rec->first_token[i]; k < rec->first_token[i + 1]; k++)
        h = hash_token(h, rec->results[i] + rec->tokens[k].off, rec->tokens[k].len);
    return h;
}

/* Whether expected line i has the ntok tokens of a row, the first SPANS of them in v (a
   row of more: row row of res, walked again). */
static int line_is_spans(const jt_case_record *rec, size_t i, const span *v, size_t ntok,
                         const jt_result *res, size_t row) {
    size_t k = rec->first_token[i], j;
    if (rec->first_token[i + 1] - k != ntok)
        return 0;
    if (ntok > SPANS)
        return line_is_row(rec, i, res, row);
    for (j = 0; j < ntok; j++)
        if (!token_is(rec, i, k + j, v[j].s, v[j].n))
            return 0;
    return 1;
}

/* An expected line in the table of rows_any_order: line + 1 (0: an empty slot), taken once a
   row matched it. */
typedef struct slot {
    uint64_t hash;
    uint32_t line, taken;
} slot;

enum { SLOTS_ON_STACK = 512 }; /* a table of more slots is allocated */

/* Takes the line of t (mask + 1 slots) that has the tokens of row row of res: 0 when none. */
static int take_row(slot *t, size_t mask, const jt_case_record *rec, const jt_result *res,
                    size_t row) {
    span v[SPANS];
    uint64_t h;
    size_t ntok = row_spans(res, row, v, &h), i;
    for (i = (size_t)h & mask; t[i].line; i = (i + 1) & mask) {
        if (t[i].hash == h && !t[i].taken && line_is_spans(rec, t[i].line - 1, v, ntok, res, row)) {
            t[i].taken = 1;
            return 1;
        }
    }
    return 0;
}

/* rowsort: rows row0 on of res are the expected lines from line first on (as many), in another
   order. The lines go into a hash table by the hash of their tokens; each row takes a line of
   its hash whose tokens it has. */
static int rows_any_order(const jt_case_record *rec, size_t first, const jt_result *res,
                          size_t row0) {
    size_t n = rec->nresults - first, size = 8, i, r;
    slot small[SLOTS_ON_STACK], *t = small;
    while (size < 2 * n)
        size *= 2;
    if (n >= UINT32_MAX || (size > SLOTS_ON_STACK && !(t = jt_malloc(size * sizeof *t))))
        return 0; /* check_rows tells */
    memset(t, 0, size * sizeof *t);
    for (i = 0; i < n; i++) {
        uint64_t h = line_hash(rec, first + i);
        size_t k;
        for (k = (size_t)h & (size - 1); t[k].line; k = (k + 1) & (size - 1))
            ;
        t[k].hash = h;
        t[k].line = (uint32_t)(first + i + 1);
    }
    for (r = row0; r < res->nrows && take_row(t, size - 1, rec, res, r); r++)
        ;
    if (t != small)
        free(t);
    return r == res->nrows;
}

/* The line of expected token k (lines from first on). */
static size_t line_of(const jt_case_record *rec, size_t first, size_t k) {
    size_t lo = first, hi = rec->nresults - 1; /* the last line whose first token <= k */
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (rec->first_token[mid] <= k)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* valuesort: the tokens of res's rows are those of the expected lines from line first on, in
   another order. */
static int values_any_order(const jt_case_record *rec, size_t first, const jt_result *res,
                            keyed *v) {
    size_t k0 = rec->first_token[first], n = rec->first_token[rec->nresults] - k0, i, r, len;
    size_t seen = 0;
    for (i = 0; i < n; i++) {
        size_t line = line_of(rec, first, k0 + i);
        v[i].hash = hash_token(JT_HASH_START, rec->results[line] + rec->tokens[k0 + i].off,
                               rec->tokens[k0 + i].len);
        v[i].which = k0 + i;
    }
    sort_keyed(v, n);
    for (r = 0; r < res->nrows; r++) {
        row_tokens c;
        const char *t;
        row_tokens_init(&c, res, r);
        while ((t = row_tokens_next(&c, &len)) != NULL) {
            uint64_t h = hash_token(JT_HASH_START, t, len);
            for (i = find_keyed(v, n, h); i < n && v[i].hash == h; i++)
                if (v[i].which != SIZE_MAX &&
                    token_is(rec, line_of(rec, first, v[i].which), v[i].which, t, len))
                    break;
            if (i == n || v[i].hash != h || ++seen > n)
                return 0;
            v[i].which = SIZE_MAX;
        }
    }
    return seen == n;
}

/* valuesort: the tokens of the expected lines from line first on, compared in any order. */
static int any_order(const jt_case_record *rec, size_t first, const jt_result *res) {
    size_t n = rec->first_token[rec->nresults] - rec->first_token[first];
    keyed small[KEYED_ON_STACK], *v = small;
    int same;
    if (n > KEYED_ON_STACK && !(v = jt_malloc(n * sizeof *v)))
        return 0; /* check_rows tells */
    same = values_any_order(rec, first, res, v);
    if (v != small)
        free(v);
    return same;
}

/* 1 when the rows of res are those rec expects for certain (a pass); 0 when check_rows must
   tell. */
static int rows_match(const jt_case_record *rec, const jt_result *res) {
    size_t first = (rec->flags & JT_QUERY_COLNAMES) ? 1 : 0, i;
    if (res->ncols != strlen(rec->types))
        return 0;
    if (rec->nresults == 0)
        return first == 0 && no_tokens(res);
    if (!rec->first_token || (first && !line_is_row(rec, 0, res, SIZE_MAX)))
        return 0;
    if (rec->flags & JT_QUERY_VALUESORT)
        return any_order(rec, first, res);
    if (!(rec->flags & JT_QUERY_ROWSORT))
        return same_flat(rec, first, res);
    if (rec->nresults - first != res->nrows)
        return 0;
    /* the rows that come in the expected order (all of them, often), then the others */
    for (i = 0; i < res->nrows && line_is_row(rec, first + i, res, i); i++)
        ;
    return i == res->nrows || rows_any_order(rec, first + i, res, i);
}

static int check_rows(jt_strbuf *sb, const char *label, const jt_case_record *rec,
                      const jt_result *res) {
    lines exp, got;
    size_t first = 0, i, nexp, ngot, ntypes = strlen(rec->types);
    int header = (rec->flags & JT_QUERY_COLNAMES) != 0, rc = JT_OK;
    int valuesort = (rec->flags & JT_QUERY_VALUESORT) != 0, same;
    if (rows_match(rec, res))
        return JT_OK;
    lines_init(&exp);
    lines_init(&got);
    if (header) {
        JT_ASSERT(rec->nresults > 0);
        rc = push_normalized(&exp, rec->results[0]);
        if (rc == JT_OK)
            rc = push_row(&got, res, SIZE_MAX);
        first = 1;
    }
    for (i = first; i < rec->nresults && rc == JT_OK; i++)
        rc = valuesort ? push_each_token(&exp, rec->results[i])
                       : push_normalized(&exp, rec->results[i]);
    for (i = 0; i < res->nrows && rc == JT_OK; i++) {
        if (!valuesort) {
            rc = push_row(&got, res, i);
            continue;
        }
        for (size_t c = 0; c < res->ncols && rc == JT_OK; c++)
            rc = push_each_token(&got, jt_check_render(value_at(res, i, c)));
    }
    if (rc == JT_OK)
        rc = lines_seal(&exp);
    if (rc == JT_OK)
        rc = lines_seal(&got);
    if (rc < 0)
        goto out;
    if (rec->flags & (JT_QUERY_ROWSORT | JT_QUERY_VALUESORT)) {
        if (exp.n > (size_t)header + 1)
            qsort(exp.v + header, exp.n - (size_t)header, sizeof *exp.v, cmp_lines);
        if (got.n > (size_t)header + 1)
            qsort(got.v + header, got.n - (size_t)header, sizeof *got.v, cmp_lines);
    }
    nexp = exp.n - (size_t)header;
    ngot = got.n - (size_t)header;
    same = same_tokens(&exp, &got);
    if (res->ncols != ntypes) {
        jt_strbuf_addf(sb, "%s: expected %zu %s, got %zu", label, ntypes,
                       plural(ntypes, "column", "columns"), res->ncols);
        if (same)
            goto out;
    } else if (same) {
        goto out;
    } else if (nexp != ngot) {
        const char *unit = valuesort ? "value" : "row";
        jt_strbuf_addf(sb, "%s: expected %zu %s%s, got %zu", label, nexp, unit,
                       plural(nexp, "", "s"), ngot);
    } else if (header && !same_tokens(&(lines){.v = exp.v, .n = 1}, &(lines){.v = got.v, .n = 1})) {
        jt_strbuf_addf(sb, "%s: column names differ", label);
    } else {
        jt_strbuf_addf(sb, "%s: results differ", label);
    }
    rc = add_diff(sb, &exp, &got);
out:
    lines_dispose(&exp);
    lines_dispose(&got);
    return rc;
}

/* Each of the three kinds of expectation against res: 1 when it fails (what differs said in
   sb after label), 0 when it holds, or an error. */
static int differs_error(jt_strbuf *sb, const char *label, const jt_case_record *rec,
                         const jt_result *res) {
    int ok, rc;
    if (res->failed) {
        rc = error_matches(&ok, rec, res);
        if (rc < 0 || ok)
            return rc < 0 ? rc : 0;
    }
    jt_strbuf_addf(sb, "%s: ", label);
    describe_expected_error(sb, rec);
    jt_strbuf_adds(sb, ", got ");
    if (res->failed)
        describe_error(sb, res);
    else
        describe_success(sb, res);
    return 1;
}

static int differs_ok(jt_strbuf *sb, const char *label, const jt_case_record *rec,
                      const jt_result *res) {
    if (res->failed) {
        jt_strbuf_addf(sb, "%s: expected success, got ", label);
        describe_error(sb, res);
        return 1;
    }
    if (!rec->has_count || res->count == rec->count)
        return 0;
    jt_strbuf_addf(sb, "%s: expected count %" PRId64 ", got ", label, rec->count);
    if (res->count < 0)
        jt_strbuf_adds(sb, "no count");
    else
        jt_strbuf_addf(sb, "%" PRId64, res->count);
    if (res->tag[0])
        jt_strbuf_addf(sb, " (%s)", res->tag);
    return 1;
}

static int differs_rows(jt_strbuf *sb, const char *label, const jt_case_record *rec,
                        const jt_result *res) {
    if (res->failed) {
        if (!rec->types) {
            jt_strbuf_addf(sb, "%s: expected 1 value, got ", label);
        } else {
            size_t nexp = rec->nresults - ((rec->flags & JT_QUERY_COLNAMES) ? 1 : 0);
            jt_strbuf_addf(sb, "%s: expected %zu %s, got ", label, nexp,
                           plural(nexp, "row", "rows"));
        }
        describe_error(sb, res);
        return 1;
    }
    if (rec->types) {
        size_t before = sb->len;
        int rc = check_rows(sb, label, rec, res);
        if (rc < 0 || sb->len > before)
            return rc < 0 ? rc : 1;
    }
    if (rec->let && (res->nrows != 1 || res->ncols != 1)) {
        jt_strbuf_addf(sb, "%s: expected 1 value, got %zu %s of %zu %s", label, res->nrows,
                       plural(res->nrows, "row", "rows"), res->ncols,
                       plural(res->ncols, "column", "columns"));
        return 1;
    }
    return 0;
}

/* The message of a failure: "path:line: " + what sb says. */
static int failure(char **out, const char *path, const char *num, const jt_strbuf *sb) {
    jt_strbuf msg;
    if (sb->nomem)
        return JT_ENOMEM;
    jt_strbuf_init(&msg, strlen(path) + strlen(num) + 3 + sb->len);
    jt_strbuf_adds(&msg, path);
    jt_strbuf_adds(&msg, ":");
    jt_strbuf_adds(&msg, num);
    jt_strbuf_adds(&msg, ": ");
    if (sb->len)
        jt_strbuf_add(&msg, sb->data, sb->len);
    *out = jt_strbuf_take(&msg);
    return *out ? JT_OK : JT_ENOMEM;
}

int jt_check_result(char **out, const char *path, const jt_case_record *rec, const jt_result *res,
                    jt_error *err) {
    jt_strbuf sb;
    char let[JT_LIMIT_NAME + 64], buf[24];
    const char *num, *label = jt_case_kind_name(rec); /* a short constant */
    size_t prefix;
    int rc;
    *out = NULL;
    JT_ASSERT(rec->kind == JT_CASE_STATEMENT || rec->kind == JT_CASE_QUERY);
    if (rec->let) {
        snprintf(let, sizeof let, "let $%s", rec->let);
        label = let;
    }
    /* The message is made only when the check fails, "path:line: " before what differs: what
       differs has the room the whole message would leave it (never less than half of it, so
       that an absurdly long path cannot leave a failure without the room to say so, which
       differs_rows would take for a pass). */
    num = jt_decimal(buf, rec->line);
    prefix = strlen(path) + strlen(num) + 3;
    jt_strbuf_init(&sb, prefix < JT_LIMIT_MESSAGE / 2 ? JT_LIMIT_MESSAGE - prefix
                                                      : JT_LIMIT_MESSAGE / 2);
    rc = rec->expect == JT_EXPECT_ERROR ? differs_error(&sb, label, rec, res)
         : rec->expect == JT_EXPECT_OK  ? differs_ok(&sb, label, rec, res)
                                        : differs_rows(&sb, label, rec, res);
    if (rc == 1)
        rc = failure(out, path, num, &sb);
    jt_strbuf_dispose(&sb);
    if (rc < 0)
        jt_error_set(err, rc, rec->line, "%s:%d: checking the result: %s", path, rec->line,
                     jt_strerror(rc));
    return rc;
}

char *jt_result_key(const jt_result *res) {
    jt_strbuf sb;
    size_t i;
    jt_strbuf_init(&sb, JT_LIMIT_SQL * 16);
    if (res->failed) {
        jt_strbuf_addf(&sb, "E%s\x1f%s", res->sqlstate, res->message ? res->message : "");
    } else {
        jt_strbuf_addf(&sb, "R%s", res->tag);
        for (i = 0; i < res->ncols; i++)
            jt_strbuf_addf(&sb, "\x1f%s", res->columns[i]);
        for (i = 0; i < res->nrows * res->ncols; i++)
            jt_strbuf_addf(&sb, "\x1e%s", res->values[i] ? res->values[i] : "\x1d");
    }
    return jt_strbuf_take(&sb);
}
