/* The case-language reader: a case file into a jt_case_file. */
#include "sim/cases/case.h"

#include "model/model.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "model/common.h"
#include "sim/cases/arena.h"
#include "sim/text/strbuf.h"

/*
 * The file's text is read whole into one buffer (cf->text) and its lines are cut in place: the
 * current line is NUL-terminated where its end of line was. The SQL of a record and the
 * expected lines of a query point into that buffer; the words, tags and names the records keep
 * are copied into the file's arena (cf->arena). Nothing is allocated per line or per string.
 */
typedef struct reader {
    const char *path;
    char *text; /* the whole file (cf->text), a NUL after it */
    size_t textlen, pos;
    int read_errno;       /* the file could be read only up to textlen: that error after it */
    const char *bad_utf8; /* the first byte of text that is not UTF-8 (text + textlen: none) */
    const char *nul;      /* the first NUL byte of text (text + textlen: none) */
    const char *trouble;  /* the first of those two */
    char *buf;            /* the current line, NUL-terminated in place */
    size_t len;
    int lineno; /* of the current line */
    int eof;    /* no current line */
    jt_error *err;
    jt_case_file *cf;
    const char *subtest;
    char *const *covers;
    size_t ncovers;
    /* The covers ids met so far (the first 64), each kept once: the records of a file name the
       same few ids again and again, and one string an id lets a reader of the results (the
       requirement matrix) know an id by its address. */
    char *ids[64];
    size_t idlen[64]; /* their lengths */
    size_t nids;
    /* Vectors reused from record to record; a record's part is copied into the arena. */
    char **words; /* covers ids, profiles, tags, expected lines */
    size_t nwords, wcap;
    jt_case_cond *conds; /* the skipif/onlyif lines before the next record */
    size_t nconds, ccap;
    jt_case_token *toks; /* the tokens of a query's expected lines */
    size_t ntoks, tcap;
    uint32_t *first; /* the first token of each expected line */
    size_t fcap;
    uint64_t *hashes; /* the hashes of a rowsort query's expected lines */
    size_t hcap;
    jt_strbuf sql; /* SQL whose lines are not next to each other in text (CRLF) */
    /* The error regexes compiled so far (cf->regexes) by the hash of their text, an open
       addressing table of re_size slots (a power of two): a file writes the same few again
       and again, and each is compiled once. */
    struct re_slot *re_slots;
    size_t re_size;
} reader;

/* A regex of the table: its text as kept in the file's arena (NULL: an empty slot). */
typedef struct re_slot {
    uint64_t hash;
    char *src;
    jt_regex *re;
} re_slot;

/* ---- errors and lines ---------------------------------------------------------------- */

/* Characters (UTF-8 sequences) in s[0 .. n): a column is 1 + the characters before it. */
static int columns(const char *s, size_t n) {
    size_t i;
    int c = 0;
    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

__attribute__((format(printf, 5, 0))) static int vfail(reader *rd, int code, int line, int col,
                                                       const char *fmt, va_list ap) {
    char what[JT_MESSAGE_MAX];
    vsnprintf(what, sizeof what, fmt, ap);
    return jt_error_set(rd->err, code, line, "%s:%d:%d: %s", rd->path, line, col, what);
}

/* An error at line:col: "path:line:col: message". */
__attribute__((format(printf, 5, 6))) static int fail_col(reader *rd, int code, int line, int col,
                                                          const char *fmt, ...) {
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = vfail(rd, code, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

/* An error at line; at points into the current line (rd->buf) where the trouble is, or is
   NULL for the start of the line. */
__attribute__((format(printf, 5, 6))) static int fail(reader *rd, int code, int line,
                                                      const char *at, const char *fmt, ...) {
    va_list ap;
    int rc, col = 1;
    if (at && line == rd->lineno && at >= rd->buf && at <= rd->buf + rd->len)
        col = columns(rd->buf, (size_t)(at - rd->buf)) + 1;
    va_start(ap, fmt);
    rc = vfail(rd, code, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

/* The length of the longest prefix of s[0 .. n) that is valid UTF-8 (no overlong forms, no
   surrogates, nothing past U+10FFFF): n when all of it is. */
static size_t utf8_prefix(const char *text, size_t n) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned c;
        size_t len, k;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        uint64_t w[4];
        if (i + 32 <= n) { /* 32 ASCII bytes at a time */
            memcpy(w, s + i, 32);
            if (((w[0] | w[1] | w[2] | w[3]) & UINT64_C(0x8080808080808080)) == 0) {
                i += 32;
                continue;
            }
        }
        if (i + 8 <= n) { /* eight */
            memcpy(w, s + i, 8);
            if ((w[0] & UINT64_C(0x8080808080808080)) == 0) {
                i += 8;
                continue;
            }
        }
        c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        else
            return i;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
        else if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
        if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (k = 2; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += len;
    }
    return n;
}

/* The error of the line of take bytes at s (without its '\n'), if it has one: a NUL, too many
   bytes, a byte that is not UTF-8. Not inlined: next_line, which every line goes through, stays
   small. */
__attribute__((noinline)) static int bad_line(reader *rd, const char *s, size_t take) {
    /* the bytes up to the first one too many are checked for NUL first (the first NUL of the
       whole text was found once) */
    size_t scan = take < (size_t)JT_LIMIT_LINE + 1 ? take : (size_t)JT_LIMIT_LINE + 1, n;
    const char *nul = rd->nul < s + scan ? rd->nul : NULL;
    if (nul)
        return fail_col(rd, JT_EPARSE, rd->lineno + 1, columns(s, (size_t)(nul - s)) + 1,
                        "NUL byte in the line: expected text");
    if (take > JT_LIMIT_LINE)
        return fail_col(rd, JT_EPARSE, rd->lineno + 1,
                        /* the character the first byte too many belongs to */
                        columns(s, JT_LIMIT_LINE) +
                            (((unsigned char)s[JT_LIMIT_LINE] & 0xC0) == 0x80 ? 0 : 1),
                        "line longer than %d bytes", JT_LIMIT_LINE);
    n = take > 0 && s[take - 1] == '\r' ? take - 1 : take;
    /* the whole text was checked once: the first byte that is not UTF-8 is in this line, or
       in none before it */
    if (rd->bad_utf8 < s + n)
        return fail_col(rd, JT_EPARSE, rd->lineno + 1, columns(s, (size_t)(rd->bad_utf8 - s)) + 1,
                        "invalid UTF-8 (byte 0x%02x): expected UTF-8 text",
                        (unsigned char)*rd->bad_utf8);
    return JT_OK;
}

/* The next line of the text into rd->buf (cut in place), or rd->eof at the end. */
static int next_line(reader *rd) {
    char *s = rd->text + rd->pos, *nl;
    size_t avail = rd->textlen - rd->pos, take, n;
    int rc;
    if (rd->eof)
        return JT_OK;
    nl = memchr(s, '\n', avail);
    if (!nl && rd->read_errno) /* the line goes on past what could be read */
        return fail(rd, JT_EIO, rd->lineno + 1, NULL, "cannot read: %s", strerror(rd->read_errno));
    if (avail == 0) {
        rd->eof = 1;
        rd->len = 0;
        rd->buf = rd->text + rd->textlen; /* "" */
        return JT_OK;
    }
    take = nl ? (size_t)(nl - s) : avail;
    /* most lines are not too long and have no byte of trouble: no more to check */
    if ((take > JT_LIMIT_LINE || rd->trouble < s + take) && (rc = bad_line(rd, s, take)) < 0)
        return rc;
    n = take > 0 && s[take - 1] == '\r' ? take - 1 : take;
    s[n] = '\0';
    rd->buf = s;
    rd->len = n;
    rd->lineno++;
    rd->pos += take + (nl ? 1 : 0);
    return JT_OK;
}

/* The bytes that separate words: a table, as every byte of a line goes through it. */
static const unsigned char space_byte[256] = {
    [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1};

/* The bytes that end a word: a space or the NUL after the line (one look-up a byte). */
static const unsigned char word_end[256] = {
    [0] = 1, [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1};

static int is_space(char c) {
    return space_byte[(unsigned char)c];
}

static const char *skip_space(const char *s) {
    while (space_byte[(unsigned char)*s])
        s++;
    return s;
}

static int is_blank(const char *s) {
    return *skip_space(s) == '\0';
}

/* The word at s (no leading space), its length. */
static size_t word_len(const char *s) {
    size_t n = 0;
    while (!word_end[(unsigned char)s[n]])
        n++;
    return n;
}

/* Whether the word s[0 .. n) is w, a string literal: a compare of a known length (no call). */
#define WORD_IS(s, n, w) ((n) == sizeof(w) - 1 && memcmp((s), (w), sizeof(w) - 1) == 0)

/* Whether the line starts with the word w of n bytes (then a space or its end). */
static int starts_word(const char *line, const char *w, size_t n) {
    return strncmp(line, w, n) == 0 && (line[n] == '\0' || is_space(line[n]));
}
#define STARTS(line, w) starts_word((line), (w), sizeof(w) - 1)

/* A line that starts a record where only SQL or results belong: a missing blank line. Most
   SQL and result lines start with a byte that starts no record. */
static int looks_like_record(const char *line) {
    switch (line[0]) {
    case 's':
        return STARTS(line, "statement") || STARTS(line, "skipif") || STARTS(line, "subtest");
    case 'q':
        return STARTS(line, "query");
    case 'o':
        return STARTS(line, "onlyif");
    case 'f':
        return STARTS(line, "fixture");
    case 'c':
        return STARTS(line, "covers");
    case 'l':
        return strncmp(line, "let $", 5) == 0;
    case 'h':
        return strcmp(line, "halt") == 0;
    default:
        return 0;
    }
}

/* Whether the line is `----`. */
static int is_separator(const char *line) {
    return line[0] == '-' && strcmp(line, "----") == 0;
}

/* ---- records ------------------------------------------------------------------------- */

void jt_case_free(jt_case_file *cf) {
    size_t i;
    if (!cf)
        return;
    for (i = 0; i < cf->nregexes; i++)
        jt_case_regex_free(cf->regexes[i]);
    free(cf->regexes);
    free(cf->records);
    jt_case_arena_dispose(&cf->arena);
    free(cf->text);
    free(cf);
}

const char *jt_case_kind_name(const jt_case_record *rec) {
    switch (rec->kind) {
    case JT_CASE_SUBTEST:
        return "subtest";
    case JT_CASE_COVERS:
        return "covers";
    case JT_CASE_USER:
        return "user";
    case JT_CASE_FIXTURE:
        return "fixture";
    case JT_CASE_STATEMENT:
        return rec->expect == JT_EXPECT_ERROR ? "statement error" : "statement ok";
    case JT_CASE_QUERY:
        if (rec->expect == JT_EXPECT_ERROR)
            return "query error";
        return rec->let && !rec->types ? "let" : "query";
    case JT_CASE_HALT:
        return "halt";
    default:
        return "record";
    }
}

int jt_case_counted(const jt_case_record *rec) {
    return rec->kind == JT_CASE_STATEMENT || rec->kind == JT_CASE_QUERY;
}

static int nomem(reader *rd) {
    return jt_error_set(rd->err, JT_ENOMEM, rd->lineno, "%s: out of memory", rd->path);
}

/* A copy of s[0 .. n) in the file's arena. */
static char *keep(reader *rd, const char *s, size_t n) {
    return jt_case_arena_strndup(&rd->cf->arena, s, n);
}

/* A copy of s without its trailing space, in the file's arena. */
static char *keep_trimmed(reader *rd, const char *s) {
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    return keep(rd, s, n);
}

/* jt_grow of the vector v (of room cap) to need elements: no call when it has the room. */
#define GROW(v, cap, need, limit)                                                                  \
    ((need) <= (cap) ? JT_OK : jt_grow((void **)&(v), &(cap), (need), sizeof *(v), (limit)))

/* Appends w to rd->words (NULL: memory ran out making it); at most limit of them. */
static int push_word(reader *rd, char *w, size_t limit, const char *what) {
    int rc;
    if (!w)
        return nomem(rd);
    rc = rd->nwords + 1 > limit ? JT_ELIMIT : GROW(rd->words, rd->wcap, rd->nwords + 1, limit);
    if (rc == JT_ELIMIT)
        return fail(rd, JT_ELIMIT, rd->lineno, NULL, "more than %zu %s", limit, what);
    if (rc < 0)
        return nomem(rd);
    rd->words[rd->nwords++] = w;
    return JT_OK;
}

/* The words pushed since rd->nwords was 0, moved into the arena: *v, *n. */
static int take_words(reader *rd, char ***v, size_t *n) {
    *n = rd->nwords;
    *v = NULL;
    rd->nwords = 0;
    if (*n == 0)
        return JT_OK;
    *v = jt_case_arena_memdup(&rd->cf->arena, rd->words, *n, sizeof **v);
    return *v ? JT_OK : nomem(rd);
}

/* Adds rec to the file and gives it its context: it was made in place (record_slot), or is
   copied. */
static int push_record(reader *rd, jt_case_record *rec) {
    jt_case_file *cf = rd->cf;
    int rc, in_place = rec == cf->records + cf->nrecords;
    if (!in_place) {
        rc = jt_grow((void **)&cf->records, &cf->cap, cf->nrecords + 1, sizeof *cf->records,
                     JT_LIMIT_RECORDS);
        if (rc == JT_ELIMIT)
            return fail(rd, JT_ELIMIT, rec->line, NULL, "more than %d records in the file",
                        JT_LIMIT_RECORDS);
        if (rc < 0)
            return nomem(rd);
    }
    if (rec->kind == JT_CASE_SUBTEST)
        rd->subtest = rec->arg;
    if (rec->kind == JT_CASE_COVERS) {
        rd->covers = rec->words;
        rd->ncovers = rec->nwords;
    }
    rec->subtest = rd->subtest;
    rec->covers = rd->covers;
    rec->ncovers = rd->ncovers;
    if (!in_place)
        cf->records[cf->nrecords] = *rec;
    cf->nrecords++;
    return JT_OK;
}

/* An empty record to parse the next one into: the file's next one when it has room for it
   (reserve_records), else spare. */
static jt_case_record *record_slot(reader *rd, jt_case_record *spare) {
    jt_case_file *cf = rd->cf;
    jt_case_record *rec = cf->nrecords < cf->cap ? cf->records + cf->nrecords : spare;
    memset(rec, 0, sizeof *rec);
    return rec;
}

/* ---- directives ---------------------------------------------------------------------- */

static int parse_sqlstate(char out[6], reader *rd, const char *s, size_t n) {
    size_t i;
    if (n != 5)
        goto bad;
    for (i = 0; i < 5; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
            goto bad;
    memcpy(out, s, 5);
    out[5] = '\0';
    return JT_OK;
bad:
    return fail(rd, JT_EPARSE, rd->lineno, s,
                "expected a SQLSTATE of 5 digits or capital letters, got '%.*s'", (int)n, s);
}

/* A decimal integer 0 .. INT64_MAX; -1 when it is not one. */
static int parse_int64(int64_t *out, const char *s, size_t n) {
    uint64_t v = 0;
    size_t i;
    if (n == 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (v > ((uint64_t)INT64_MAX - (uint64_t)(s[i] - '0')) / 10)
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = (int64_t)v;
    return 0;
}

/* The slot of the text s[0 .. n) (hash h) in rd->re_slots: its regex's, or the empty one
   where it goes. */
static re_slot *re_slot_of(reader *rd, const char *s, size_t n, uint64_t h) {
    size_t i = (size_t)h & (rd->re_size - 1);
    for (; rd->re_slots[i].src; i = (i + 1) & (rd->re_size - 1)) {
        const re_slot *e = &rd->re_slots[i];
        if (e->hash == h && strncmp(e->src, s, n) == 0 && e->src[n] == '\0')
            break;
    }
    return &rd->re_slots[i];
}

/* Room in rd->re_slots for one regex more (at most half of the slots taken). */
static int re_room(reader *rd) {
    re_slot *old = rd->re_slots;
    size_t size = rd->re_size ? rd->re_size * 2 : 16, i, oldsize = rd->re_size;
    if (2 * (rd->cf->nregexes + 1) <= rd->re_size)
        return JT_OK;
    if (!(rd->re_slots = jt_calloc(size, sizeof *rd->re_slots))) {
        rd->re_slots = old;
        return JT_ENOMEM;
    }
    rd->re_size = size;
    for (i = 0; i < oldsize; i++)
        if (old[i].src)
            *re_slot_of(rd, old[i].src, strlen(old[i].src), old[i].hash) = old[i];
    free(old);
    return JT_OK;
}

/* The error regex of rec: the rest of the line at s, without its trailing space. Compiled once
   in a file: a record whose regex is written as one before shares that one's (and its text). */
static int error_regex(reader *rd, jt_case_record *rec, const char *s) {
    jt_case_file *cf = rd->cf;
    jt_error rerr;
    size_t n = strlen(s);
    uint64_t h = JT_HASH_START;
    re_slot *e;
    int rc;
    while (n > 0 && is_space(s[n - 1]))
        n--;
    if (n > 0)
        h = jt_hash_bytes(h, s, n);
    if (re_room(rd) < 0 || jt_grow((void **)&cf->regexes, &cf->regexes_cap, cf->nregexes + 1,
                                   sizeof *cf->regexes, SIZE_MAX) < 0)
        return nomem(rd);
    e = re_slot_of(rd, s, n, h);
    if (e->src) {
        rec->error_regex = e->src;
        rec->error_re = e->re;
        return JT_OK;
    }
    if (!(rec->error_regex = keep(rd, s, n)))
        return nomem(rd);
    rc = jt_case_regex_compile(&rec->error_re, rec->error_regex, &rerr);
    if (rc == JT_ENOMEM)
        return nomem(rd);
    if (rc < 0)
        return fail(rd, JT_EPARSE, rd->lineno, s, "bad regex '%s': %s", rec->error_regex,
                    rerr.message);
    cf->regexes[cf->nregexes++] = rec->error_re;
    e->hash = h;
    e->src = rec->error_regex;
    e->re = rec->error_re;
    return JT_OK;
}

/* The expectation after `statement error` / `query error` (rest: after "error"). */
static int parse_error_expect(reader *rd, jt_case_record *rec, const char *rest, int codeform,
                              const char *directive) {
    const char *s = skip_space(rest);
    size_t n;
    int rc;
    rec->expect = JT_EXPECT_ERROR;
    if (codeform || (WORD_IS(s, word_len(s), "pgcode"))) {
        if (!codeform)
            s = skip_space(s + 6);
        n = word_len(s);
        if (n == 0)
            return fail(rd, JT_EPARSE, rd->lineno, s, "expected a SQLSTATE after '%s'", directive);
        rc = parse_sqlstate(rec->sqlstate, rd, s, n);
        if (rc < 0)
            return rc;
        s = skip_space(s + n);
    } else if (*s == '\0') {
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected a regex or 'pgcode XXXXX' after '%s'",
                    directive);
    }
    return *s == '\0' ? JT_OK : error_regex(rd, rec, s);
}

static int parse_statement_header(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + strlen("statement"));
    size_t n = word_len(s);
    rec->kind = JT_CASE_STATEMENT;
    /* `statement` alone and `statement ok;` mean ok, as CockroachDB's reader takes them (a
       directive that is neither error, count nor notice expects success: logic.go) */
    if (n == 0 || WORD_IS(s, n, "ok;")) {
        rec->expect = JT_EXPECT_OK;
        return *skip_space(s + n) == '\0' ? JT_OK
                                          : fail(rd, JT_EPARSE, rd->lineno, s,
                                                 "expected the end of the line, got '%s'", s);
    }
    if (WORD_IS(s, n, "ok")) {
        rec->expect = JT_EXPECT_OK;
        s = skip_space(s + n);
        if (*s == '\0')
            return JT_OK;
        n = word_len(s);
        if (!WORD_IS(s, n, "count"))
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "expected 'count <n>' or the end of the line after 'statement ok', "
                        "got '%s'",
                        s);
        s = skip_space(s + n);
    } else if (WORD_IS(s, n, "count")) {
        rec->expect = JT_EXPECT_OK;
        s = skip_space(s + n);
    } else if (WORD_IS(s, n, "error")) {
        return parse_error_expect(rd, rec, s + n, 0, "statement error");
    } else if (WORD_IS(s, n, "error-code")) {
        return parse_error_expect(rd, rec, s + n, 1, "statement error-code");
    } else {
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected 'statement ok', 'statement count <n>', 'statement error <regex>' "
                    "or 'statement error-code <SQLSTATE>', got '%s'",
                    rd->buf);
    }
    /* count <n> */
    n = word_len(s);
    if (parse_int64(&rec->count, s, n) < 0 || *skip_space(s + n) != '\0')
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected a non-negative row count after 'count', got '%s'", s);
    rec->has_count = 1;
    return JT_OK;
}

/* One option of a query, n bytes at s. */
static int query_option(reader *rd, jt_case_record *rec, const char *s, size_t n) {
    static const struct {
        const char *name;
        size_t len;
        unsigned flag;
    } options[] = {{"colnames", 8, JT_QUERY_COLNAMES},
                   {"rowsort", 7, JT_QUERY_ROWSORT},
                   {"valuesort", 9, JT_QUERY_VALUESORT},
                   {"nosort", 6, JT_QUERY_NOSORT},
                   {"retry", 5, JT_QUERY_RETRY}};
    size_t k;
    for (k = 0; k < sizeof options / sizeof options[0]; k++) {
        if (options[k].len == n && memcmp(s, options[k].name, n) == 0) {
            rec->flags |= options[k].flag;
            return JT_OK;
        }
    }
    return fail(rd, JT_EPARSE, rd->lineno, s,
                "unknown query option '%.*s': expected colnames, rowsort, valuesort, nosort or "
                "retry",
                (int)n, s);
}

static int parse_query_header(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + strlen("query"));
    size_t n = word_len(s), i;
    rec->kind = JT_CASE_QUERY;
    if (WORD_IS(s, n, "error"))
        return parse_error_expect(rd, rec, s + n, 0, "query error");
    rec->expect = JT_EXPECT_ROWS;
    for (i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            break;
    if (n == 0 || i < n)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected column types (capital letters such as IT) after 'query', got "
                    "'%.*s'",
                    (int)n, s);
    rec->types = keep(rd, s, n);
    if (!rec->types)
        return nomem(rd);
    /* options, separated by spaces or (as CockroachDB writes them) commas */
    for (s = skip_space(s + n); *s; s = skip_space(s + n)) {
        for (n = 0; s[n] && !is_space(s[n]) && s[n] != ','; n++)
            ;
        if (query_option(rd, rec, s, n) < 0)
            return JT_EPARSE;
        if (s[n] == ',')
            n++;
    }
    i = 0;
    if (rec->flags & JT_QUERY_ROWSORT)
        i++;
    if (rec->flags & JT_QUERY_VALUESORT)
        i++;
    if (rec->flags & JT_QUERY_NOSORT)
        i++;
    if (i > 1)
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "expected at most one of rowsort, valuesort and nosort");
    return JT_OK;
}

enum sql_mode {
    SQL_STATEMENT, /* `----` is an error */
    SQL_QUERY,     /* `----` ends the SQL and stays the current line */
    SQL_LET        /* the current line is the first line of the SQL; `----` is an error */
};

/* Adds the current line to the SQL of a record, whose first line starts at *sql (NULL before
   the first): in place when the line follows the one before it after a lone '\n' (the NUL that
   ended that line is made a '\n' again), else copied into rd->sql. *len: its length so far. */
static int add_sql_line(reader *rd, char **sql, size_t *len, char **prev_end) {
    int rc = JT_OK;
    size_t need = *len + (*len > 0) + rd->len;
    if (need > JT_LIMIT_SQL)
        return fail(rd, JT_ELIMIT, rd->lineno, NULL, "SQL longer than %d bytes", JT_LIMIT_SQL);
    if (!*sql) {
        *sql = rd->buf;
    } else if (rd->sql.len == 0 && *prev_end + 1 == rd->buf) {
        **prev_end = '\n';
    } else {
        if (rd->sql.len == 0) /* the lines in place so far, first */
            rc = jt_strbuf_add(&rd->sql, *sql, *len);
        if (rc == JT_OK)
            rc = jt_strbuf_add(&rd->sql, "\n", 1);
        if (rc == JT_OK)
            rc = jt_strbuf_add(&rd->sql, rd->buf, rd->len);
        if (rc < 0)
            return nomem(rd);
    }
    *len = need;
    *prev_end = rd->buf + rd->len;
    return JT_OK;
}

/* The SQL lines of a statement or query, after its directive (the current line, except in
   SQL_LET mode). Stops at a blank line or the end of the file (or `----`, in SQL_QUERY mode). */
static int read_sql(reader *rd, jt_case_record *rec, int mode) {
    int rc = JT_OK, directive_line = mode == SQL_LET ? rd->lineno - 1 : rd->lineno;
    const char *directive = rd->buf; /* in SQL_LET mode only for lines after it */
    char *sql = NULL, *prev_end = NULL;
    size_t len = 0;
    rd->sql.len = 0;
    if (mode != SQL_LET)
        rc = next_line(rd);
    while (rc == JT_OK && !rd->eof && !is_blank(rd->buf)) {
        if (is_separator(rd->buf)) {
            if (mode == SQL_QUERY)
                break;
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "unexpected '----': only 'query <types>' has results");
        }
        if (looks_like_record(rd->buf))
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "expected a blank line before this record (the record of line %d "
                        "has no end)",
                        directive_line);
        rc = add_sql_line(rd, &sql, &len, &prev_end);
        if (rc == JT_OK)
            rc = next_line(rd);
    }
    if (rc < 0)
        return rc;
    if (!sql)
        return fail(rd, JT_EPARSE, directive_line, NULL, "expected SQL on the line after '%.63s'",
                    directive);
    rec->sql = rd->sql.len ? keep(rd, rd->sql.data, rd->sql.len) : sql;
    return rec->sql ? JT_OK : nomem(rd);
}

/* The current line's tokens onto rd->toks, their offsets from the start of the line; with
   hash (rowsort), the hash of its tokens onto rd->hashes. */
static int push_tokens(reader *rd, int hash) {
    const unsigned char *line = (const unsigned char *)rd->buf, *s = line;
    size_t at = rd->nwords - 1; /* the line's index */
    uint64_t h = JT_HASH_START;
    jt_case_token *tok;
    int rc = GROW(rd->first, rd->fcap, rd->nwords + 1, (size_t)JT_LIMIT_ROWS + 1);
    if (rc == JT_OK && hash)
        rc = GROW(rd->hashes, rd->hcap, rd->nwords, (size_t)JT_LIMIT_ROWS + 1);
    if (rc == JT_OK && rd->ntoks > UINT32_MAX - rd->len)
        rc = JT_ELIMIT; /* more than 4 G tokens in one query */
    if (rc < 0)
        return rc == JT_ELIMIT ? fail(rd, JT_ELIMIT, rd->lineno, NULL, "too many result tokens")
                               : nomem(rd);
    /* room for as many tokens as the line can have, at once */
    if (GROW(rd->toks, rd->tcap, rd->ntoks + rd->len / 2 + 1, SIZE_MAX) < 0)
        return nomem(rd);
    rd->first[at] = (uint32_t)rd->ntoks;
    for (tok = rd->toks + rd->ntoks;; tok++) {
        const unsigned char *t;
        while (space_byte[*s])
            s++;
        if (!*s)
            break;
        t = s;
        while (!word_end[*s])
            s++;
        if (hash)
            h = jt_hash_bytes(h, (const char *)t, (size_t)(s - t));
        tok->off = (uint32_t)(t - line);
        tok->len = (uint32_t)(s - t);
    }
    rd->ntoks = (size_t)(tok - rd->toks);
    if (hash)
        rd->hashes[at] = h;
    return JT_OK;
}

/* The expected lines pushed onto rd->words and their tokens (and with rowsort their hashes),
   moved into rec and the arena. */
static int take_results(reader *rd, jt_case_record *rec) {
    jt_case_arena *a = &rd->cf->arena;
    size_t n = rd->nwords;
    uint32_t *first;
    int rc = take_words(rd, &rec->results, &rec->nresults);
    if (rc < 0 || n == 0)
        return rc;
    rd->first[n] = (uint32_t)rd->ntoks;
    first = jt_case_arena_memdup(a, rd->first, n + 1, sizeof *rd->first);
    rec->first_token = first;
    if (!first)
        return nomem(rd);
    if (rd->ntoks > 0) {
        rec->tokens = jt_case_arena_memdup(a, rd->toks, rd->ntoks, sizeof *rd->toks);
        if (!rec->tokens)
            return nomem(rd);
    }
    if (rec->flags & JT_QUERY_ROWSORT) {
        rec->line_hash = jt_case_arena_memdup(a, rd->hashes, n, sizeof *rd->hashes);
        if (!rec->line_hash)
            return nomem(rd);
    }
    return JT_OK;
}

/* The rest of a query after its SQL: `----` and the expected lines. */
static int read_results(reader *rd, jt_case_record *rec) {
    int rc = JT_OK, sep_line;
    rd->nwords = rd->ntoks = 0;
    if (rd->eof || !is_separator(rd->buf))
        goto done;
    rec->has_separator = 1;
    sep_line = rd->lineno;
    rc = next_line(rd);
    while (rc == JT_OK && !rd->eof && !is_blank(rd->buf)) {
        if (is_separator(rd->buf))
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "a second '----' in the query of line %d: expected a blank line "
                        "after its results",
                        rec->line);
        if (looks_like_record(rd->buf))
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "expected a blank line before this record (the results after "
                        "line %d have no end)",
                        sep_line);
        rc = push_word(rd, rd->buf, JT_LIMIT_ROWS, "result lines");
        if (rc == JT_OK)
            rc = push_tokens(rd, (rec->flags & JT_QUERY_ROWSORT) != 0);
        if (rc == JT_OK)
            rc = next_line(rd);
    }
    if (rc == JT_OK)
        rc = take_results(rd, rec);
    if (rc < 0)
        return rc;
done:
    if ((rec->flags & JT_QUERY_COLNAMES) && rec->nresults == 0)
        return fail(rd, JT_EPARSE, rec->line, NULL,
                    "colnames: expected the column names as the first line after '----'");
    return JT_OK;
}

/* ---- fixtures ------------------------------------------------------------------------ */

/* The statuses of every profile: which ones a profile has, its model says. */
static const char *const job_statuses[] = {
    "pending",  "running",         "paused",           "succeeded", "failed",
    "canceled", "pause-requested", "cancel-requested", "reverting", "revert-failed"};

static const char *find_name(const char *const *names, size_t n, const char *v) {
    size_t i;
    for (i = 0; i < n && (!names[i] || strcmp(names[i], v) != 0); i++)
        ;
    return i < n ? names[i] : NULL;
}

/* The job type of that name in any profile (docs/profiles.md "Job types"): which ones a
   profile has, its model says. */
static const char *find_job_type(const char *v) {
    const char *t = NULL;
    size_t i;
    for (i = 0; jt_profiles[i] && !t; i++)
        t = find_name(jt_profiles[i]->type_names, JT_TY_COUNT, v);
    return t;
}

/* One value of a fixture at *sp: bare (up to the next space) or SQL-quoted ('' for a quote).
 *out is in the file's arena. */
static int fixture_value(char **out, reader *rd, const char **sp, const char *key) {
    const char *s = *sp, *q;
    size_t n = 0, i;
    *out = NULL;
    if (*s == '\'') {
        for (s++;; s++, n++) { /* n: the bytes of the value */
            if (*s == '\0')
                return fail(rd, JT_EPARSE, rd->lineno, *sp,
                            "unterminated quoted value of %s=", key);
            if (*s == '\'') {
                if (s[1] != '\'')
                    break;
                s++;
            }
        }
        s++;
        if (*s && !is_space(*s))
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "expected a space after the quoted value of %s=, got '%c'", key, *s);
        if (!(*out = keep(rd, *sp + 1, n)))
            return nomem(rd);
        for (i = 0, q = *sp + 1; i < n; i++, q++) { /* '' into ' */
            (*out)[i] = *q;
            q += *q == '\'';
        }
    } else {
        n = word_len(s);
        if (n == 0)
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "expected a value after %s= (quote an empty one: %s='')", key, key);
        if (memchr(s, '\'', n))
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "expected the value of %s= quoted, as '…' with '' for a quote", key);
        if (!(*out = keep(rd, s, n)))
            return nomem(rd);
        s += n;
    }
    *sp = s;
    return JT_OK;
}

static int check_user_name(reader *rd, const char *name, const char *at, const char *what) {
    size_t n = strlen(name);
    if (n == 0)
        return fail(rd, JT_EPARSE, rd->lineno, at, "expected a user name for %s", what);
    if (n > JT_LIMIT_NAME)
        return fail(rd, JT_EPARSE, rd->lineno, at, "%s: user name longer than %d bytes", what,
                    JT_LIMIT_NAME);
    return JT_OK;
}

static int parse_fixture_user(reader *rd, jt_case_record *rec, const char *s) {
    const char *name_at = s;
    char *name;
    int rc;
    size_t n;
    rec->fixture.kind = JT_FIXTURE_USER;
    if (*s == '\0')
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected 'fixture user <name> [admin]'");
    rc = fixture_value(&name, rd, &s, "user");
    if (rc < 0)
        return rc;
    rc = check_user_name(rd, name, name_at, "fixture user");
    if (rc < 0)
        return rc;
    rec->fixture.name = name;
    for (s = skip_space(s); *s; s = skip_space(s)) {
        const char *at = s;
        n = word_len(s);
        if (WORD_IS(s, n, "admin") && !rec->fixture.admin) {
            rec->fixture.admin = 1;
        } else if (WORD_IS(s, n, "controljob") && !(rec->fixture.options & JT_USER_CONTROLJOB)) {
            rec->fixture.options |= JT_USER_CONTROLJOB;
        } else if (WORD_IS(s, n, "viewjob") && !(rec->fixture.options & JT_USER_VIEWJOB)) {
            rec->fixture.options |= JT_USER_VIEWJOB;
        } else if (n > 10 && strncmp(s, "member-of=", 10) == 0 && !rec->fixture.member_of) {
            const char *v = s + 10, *r;
            char *roles;
            s = v;
            rc = fixture_value(&roles, rd, &s, "member-of");
            if (rc < 0)
                return rc;
            for (r = roles; *r; r++)
                if (*r == ' ')
                    return fail(rd, JT_EPARSE, rd->lineno, v,
                                "expected member-of=<role>[,<role>…] without spaces");
            rec->fixture.member_of = roles;
            continue;
        } else {
            return fail(rd, JT_EPARSE, rd->lineno, at,
                        "expected admin, controljob, viewjob or member-of=<role>[,<role>…] "
                        "(each once) after the user name, got '%.*s'",
                        (int)n, at);
        }
        s += n;
    }
    return JT_OK;
}

/* A duration: N, Ns, Nm, Nh or Nd (N decimal); seconds in *out. -1 when malformed. */
static int parse_duration(const char *v, int64_t *out) {
    size_t n = strlen(v);
    int64_t unit = 1, x;
    if (n == 0)
        return -1;
    switch (v[n - 1]) {
    case 's':
        n--;
        break;
    case 'm':
        unit = 60;
        n--;
        break;
    case 'h':
        unit = 3600;
        n--;
        break;
    case 'd':
        unit = 86400;
        n--;
        break;
    default:
        break;
    }
    if (n == 0 || n > 9 || parse_int64(&x, v, n) < 0 || x < 0)
        return -1;
    *out = x * unit;
    return 0;
}

/* key=value, a job fixture's value that is an integer 1 .. 2^63-1 (an id). */
static int positive_int64(reader *rd, int64_t *out, const char *value, const char *key_at,
                          const char *key) {
    if (parse_int64(out, value, strlen(value)) == 0 && *out >= 1)
        return JT_OK;
    return fail(rd, JT_EPARSE, rd->lineno, key_at,
                "expected %s=<integer between 1 and 9223372036854775807>, got %s=%s", key, key,
                value);
}

static const char *const job_keys[] = {"id",          "type",  "status",   "user",
                                       "description", "error", "schedule", "age"};
#define JOB_KEYS (sizeof job_keys / sizeof job_keys[0])
static const unsigned char job_key_len[JOB_KEYS] = {2, 4, 6, 4, 11, 5, 8, 3}; /* their lengths */

/* The key of a fixture job's key=value at *sp, as its index in job_keys (*out); *sp moves past
   its '='. seen: the keys already given (none may come twice). */
static int fixture_job_key(reader *rd, const char **sp, unsigned *seen, size_t *out) {
    const char *s = *sp;
    size_t n = 0, k;
    while (!word_end[(unsigned char)s[n]] && s[n] != '=')
        n++;
    if (s[n] != '=' || n == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected key=value in fixture job, got '%.*s'",
                    (int)word_len(s), s);
    for (k = 0; k < JOB_KEYS; k++)
        if (job_key_len[k] == n && memcmp(s, job_keys[k], n) == 0)
            break;
    if (k == JOB_KEYS)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "unknown key '%.*s' in fixture job: expected id, type, status, user, "
                    "description, error, schedule or age",
                    (int)n, s);
    if (*seen & (1u << k))
        return fail(rd, JT_EPARSE, rd->lineno, s, "repeated key '%s' in fixture job", job_keys[k]);
    *seen |= 1u << k;
    *sp = s + n + 1;
    *out = k;
    return JT_OK;
}

/* Sets job_keys[k] of rec's job fixture to v (in the file's arena). key_at: where the key
   is, for messages. */
static int fixture_job_set(reader *rd, jt_case_record *rec, size_t k, const char *v,
                           const char *key_at) {
    jt_fixture *fx = &rec->fixture;
    int rc;
    switch (k) {
    case 0:
        return positive_int64(rd, &fx->id, v, key_at, "id");
    case 1:
        fx->type = find_job_type(v);
        return fx->type ? JT_OK
                        : fail(rd, JT_EPARSE, rd->lineno, key_at,
                               "unknown job type '%s': expected one as SHOW JOBS prints it "
                               "(IMPORT, 'SCHEMA CHANGE', 'ROW LEVEL TTL'…: jobtck profiles NAME "
                               "lists a profile's)",
                               v);
    case 2:
        fx->status = find_name(job_statuses, sizeof job_statuses / sizeof job_statuses[0], v);
        return fx->status ? JT_OK
                          : fail(rd, JT_EPARSE, rd->lineno, key_at,
                                 "unknown job status '%s': expected pending, running, paused, "
                                 "succeeded, failed, canceled, pause-requested, "
                                 "cancel-requested, reverting or revert-failed",
                                 v);
    case 3:
        if ((rc = check_user_name(rd, v, key_at, "user=")) < 0)
            return rc;
        fx->user = v;
        break;
    case 4:
        fx->description = v;
        break;
    case 5:
        fx->error = v;
        break;
    case 6:
        return positive_int64(rd, &fx->schedule, v, key_at, "schedule");
    default:
        if (parse_duration(v, &fx->age_s) < 0)
            return fail(rd, JT_EPARSE, rd->lineno, key_at,
                        "expected age=<duration> (such as 90s, 30m, 13h or 2d), got age=%s", v);
        return JT_OK;
    }
    return JT_OK;
}

static int parse_fixture_job(reader *rd, jt_case_record *rec, const char *s) {
    unsigned seen = 0;
    char *value = NULL;
    size_t i, k = 0;
    int rc;
    rec->fixture.kind = JT_FIXTURE_JOB;
    for (; *s; s = skip_space(s)) {
        const char *key_at = s;
        if ((rc = fixture_job_key(rd, &s, &seen, &k)) < 0 ||
            (rc = fixture_value(&value, rd, &s, job_keys[k])) < 0 ||
            (rc = fixture_job_set(rd, rec, k, value, key_at)) < 0)
            return rc;
    }
    for (i = 0; i < 3; i++)
        if (!(seen & (1u << i)))
            return fail(rd, JT_EPARSE, rd->lineno, s, "fixture job: missing %s=", job_keys[i]);
    return JT_OK;
}

static int parse_fixture(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + strlen("fixture"));
    size_t n = word_len(s);
    rec->kind = JT_CASE_FIXTURE;
    if (WORD_IS(s, n, "user"))
        return parse_fixture_user(rd, rec, skip_space(s + n));
    if (WORD_IS(s, n, "job"))
        return parse_fixture_job(rd, rec, skip_space(s + n));
    return fail(rd, JT_EPARSE, rd->lineno, s,
                "expected 'fixture user <name> [admin]' or 'fixture job id=… type=… "
                "status=…', got '%s'",
                rd->buf);
}

/* `profile NAME…`: the profiles the file is written for (once, before its statements). */
static int parse_profile(reader *rd) {
    jt_case_file *cf = rd->cf;
    const char *s = skip_space(rd->buf + strlen("profile"));
    size_t n, i;
    int rc;
    if (cf->profile_line)
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "a second 'profile' record (the first is at line %d)", cf->profile_line);
    for (i = 0; i < cf->nrecords; i++)
        if (jt_case_counted(&cf->records[i]) || cf->records[i].kind == JT_CASE_FIXTURE)
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "'profile' must come before the first statement, query or fixture "
                        "(line %d)",
                        cf->records[i].line);
    cf->profile_line = rd->lineno;
    rd->nwords = 0;
    for (; *s; s = skip_space(s + n)) {
        n = word_len(s);
        rc = push_word(rd, keep(rd, s, n), 64, "profiles");
        if (rc < 0)
            return rc;
        if (!jt_profile_find(rd->words[rd->nwords - 1]))
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "unknown profile '%.*s' (jobtck profiles "
                        "lists them)",
                        (int)n, s);
    }
    if ((rc = take_words(rd, &cf->profiles, &cf->nprofiles)) < 0)
        return rc;
    if (cf->nprofiles == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected profile names after 'profile' "
                    "(such as v2.1)");
    return JT_OK;
}

/* ---- the file ------------------------------------------------------------------------ */

/* skipif/onlyif <tag>… (also CockroachDB's `skipif config <tag>…`); a trailing # comment
   is dropped. */
static int parse_cond(reader *rd, int skip) {
    jt_case_cond *c;
    size_t n;
    const char *s = skip_space(rd->buf + 6);
    int rc = rd->nconds + 1 > JT_LIMIT_RECORDS
                 ? JT_ELIMIT
                 : jt_grow((void **)&rd->conds, &rd->ccap, rd->nconds + 1, sizeof *rd->conds,
                           JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc == JT_ELIMIT ? fail(rd, JT_ELIMIT, rd->lineno, NULL, "too many conditions")
                               : nomem(rd);
    c = &rd->conds[rd->nconds++];
    memset(c, 0, sizeof *c);
    c->skip = skip;
    n = word_len(s);
    if (WORD_IS(s, n, "config"))
        s = skip_space(s + n);
    rd->nwords = 0;
    for (; *s && *s != '#'; s = skip_space(s + n)) {
        n = word_len(s);
        rc = push_word(rd, keep(rd, s, n), JT_LIMIT_RECORDS, "tags");
        if (rc < 0)
            return rc;
    }
    if ((rc = take_words(rd, &c->tags, &c->ntags)) < 0)
        return rc;
    if (c->ntags == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected a tag (a driver or profile name) after '%s'",
                    skip ? "skipif" : "onlyif");
    return JT_OK;
}

/* let $name: then a query record, or (CockroachDB) the SQL of a query of one value. */
static int parse_let(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + 3);
    size_t n = word_len(s), i;
    int rc, let_line = rd->lineno;
    int ok = n >= 2 && s[0] == '$' &&
             ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z') || s[1] == '_');
    for (i = 2; ok && i < n; i++)
        ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
             (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
    if (!ok || *skip_space(s + n) != '\0' || n - 1 > JT_LIMIT_NAME)
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected 'let $<name>', got '%s'", rd->buf);
    rec->let = keep(rd, s + 1, n - 1);
    if (!rec->let)
        return nomem(rd);
    rec->line = rd->lineno;
    rc = next_line(rd);
    if (rc < 0)
        return rc;
    if (rd->eof || is_blank(rd->buf))
        return fail(rd, JT_EPARSE, let_line, NULL, "expected a query on the line after 'let $%s'",
                    rec->let);
    if (STARTS(rd->buf, "query")) {
        rec->line = rd->lineno;
        rc = parse_query_header(rd, rec);
        if (rc < 0)
            return rc;
        if (rec->expect == JT_EXPECT_ERROR)
            return fail(rd, JT_EPARSE, rd->lineno, NULL,
                        "'let $%s' needs a query that returns a value, not 'query error'",
                        rec->let);
        rc = read_sql(rd, rec, SQL_QUERY);
        return rc < 0 ? rc : read_results(rd, rec);
    }
    if (looks_like_record(rd->buf))
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "expected a query or its SQL after 'let $%s' of line %d", rec->let, let_line);
    /* CockroachDB's form: the SQL of a query of one value follows `let` directly. */
    rec->kind = JT_CASE_QUERY;
    rec->expect = JT_EXPECT_ROWS;
    return read_sql(rd, rec, SQL_LET);
}

static int parse_user(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + 4);
    size_t n = word_len(s);
    int rc;
    rec->kind = JT_CASE_USER;
    if (n == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected 'user <name>'");
    rec->arg = keep(rd, s, n);
    if (!rec->arg)
        return nomem(rd);
    rc = check_user_name(rd, rec->arg, s, "user");
    if (rc < 0)
        return rc;
    /* CockroachDB's `user testuser nodeidx=1` picks a node: nothing to do here. */
    for (s = skip_space(s + n); *s; s = skip_space(s + n)) {
        n = word_len(s);
        if (strncmp(s, "nodeidx=", 8) != 0)
            return fail(rd, JT_EPARSE, rd->lineno, s,
                        "expected the end of the line after 'user %s', got '%.*s'", rec->arg,
                        (int)n, s);
    }
    return JT_OK;
}

/* The id s[0 .. n) of a covers line: the string of the same id met before, or a new one. */
static char *intern_id(reader *rd, const char *s, size_t n) {
    size_t k;
    char *id;
    for (k = 0; k < rd->nids; k++)
        if (rd->idlen[k] == n && memcmp(rd->ids[k], s, n) == 0)
            return rd->ids[k];
    id = keep(rd, s, n);
    if (id && rd->nids < sizeof rd->ids / sizeof rd->ids[0]) {
        rd->idlen[rd->nids] = n;
        rd->ids[rd->nids++] = id;
    }
    return id;
}

static int parse_covers(reader *rd, jt_case_record *rec) {
    const char *s = skip_space(rd->buf + 6);
    size_t n;
    int rc;
    rec->kind = JT_CASE_COVERS;
    rd->nwords = 0;
    for (; *s; s = skip_space(s + n)) {
        n = word_len(s);
        rc = push_word(rd, intern_id(rd, s, n), JT_LIMIT_RECORDS, "ids");
        if (rc < 0)
            return rc;
    }
    if ((rc = take_words(rd, &rec->words, &rec->nwords)) < 0)
        return rc;
    if (rec->nwords == 0)
        return fail(rd, JT_EPARSE, rd->lineno, s,
                    "expected requirement ids after 'covers' (such as PJ-STATES)");
    return JT_OK;
}

/* `subtest <name>`, or `subtest end`; s: after the word. */
static int parse_subtest(reader *rd, jt_case_record *rec, const char *s) {
    rec->kind = JT_CASE_SUBTEST;
    s = skip_space(s);
    if (*s == '\0')
        return fail(rd, JT_EPARSE, rd->lineno, s, "expected 'subtest <name>'");
    rec->arg = keep_trimmed(rd, s);
    if (!rec->arg)
        return nomem(rd);
    if (strcmp(rec->arg, "end") == 0)
        rec->arg = NULL; /* `subtest end`: no subtest from here on */
    return JT_OK;
}

/* The first word of a line, as a directive. */
enum directive {
    D_UNKNOWN,
    D_STATEMENT,
    D_QUERY,
    D_LET,
    D_USER,
    D_FIXTURE,
    D_HALT,
    D_SUBTEST,
    D_COVERS,
    D_PROFILE,
    D_SKIPIF,
    D_ONLYIF
};

/* The directive of the word s[0 .. n): a switch on its first byte, then one compare. */
static enum directive directive_of(const char *s, size_t n) {
    switch (s[0]) {
    case 's':
        return WORD_IS(s, n, "statement") ? D_STATEMENT
               : WORD_IS(s, n, "skipif")  ? D_SKIPIF
               : WORD_IS(s, n, "subtest") ? D_SUBTEST
                                          : D_UNKNOWN;
    case 'q':
        return WORD_IS(s, n, "query") ? D_QUERY : D_UNKNOWN;
    case 'l':
        return WORD_IS(s, n, "let") ? D_LET : D_UNKNOWN;
    case 'u':
        return WORD_IS(s, n, "user") ? D_USER : D_UNKNOWN;
    case 'f':
        return WORD_IS(s, n, "fixture") ? D_FIXTURE : D_UNKNOWN;
    case 'h':
        return WORD_IS(s, n, "halt") ? D_HALT : D_UNKNOWN;
    case 'c':
        return WORD_IS(s, n, "covers") ? D_COVERS : D_UNKNOWN;
    case 'p':
        return WORD_IS(s, n, "profile") ? D_PROFILE : D_UNKNOWN;
    case 'o':
        return WORD_IS(s, n, "onlyif") ? D_ONLYIF : D_UNKNOWN;
    default:
        return D_UNKNOWN;
    }
}

/* The record whose directive d (its first n bytes) is the current line, into rec. *single: it
   is one line, and the caller reads the next; else its parser has read past its last line. */
static int parse_record(reader *rd, jt_case_record *rec, enum directive d, size_t n, int *single) {
    const char *s = rd->buf;
    int rc = JT_OK;
    *single = d != D_STATEMENT && d != D_QUERY && d != D_LET;
    switch (d) {
    case D_STATEMENT:
        rc = parse_statement_header(rd, rec);
        return rc < 0 ? rc : read_sql(rd, rec, SQL_STATEMENT);
    case D_QUERY:
        rc = parse_query_header(rd, rec);
        if (rc == JT_OK)
            rc = read_sql(rd, rec, rec->expect == JT_EXPECT_ROWS ? SQL_QUERY : SQL_STATEMENT);
        if (rc == JT_OK && rec->expect == JT_EXPECT_ROWS)
            rc = read_results(rd, rec);
        return rc;
    case D_LET:
        return parse_let(rd, rec);
    case D_USER:
        return parse_user(rd, rec);
    case D_FIXTURE:
        return parse_fixture(rd, rec);
    case D_HALT:
        rec->kind = JT_CASE_HALT;
        if (*skip_space(s + n))
            return fail(rd, JT_EPARSE, rd->lineno, skip_space(s + n),
                        "expected nothing after 'halt'");
        return JT_OK;
    case D_SUBTEST:
        return parse_subtest(rd, rec, s + n);
    case D_COVERS:
        return parse_covers(rd, rec);
    default:
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "unknown record '%.*s': expected statement, query, let, user, fixture, "
                    "subtest, covers, profile, skipif, onlyif or halt",
                    (int)n, s);
    }
}

/* The skipif/onlyif lines before rec, moved into it. */
static int take_conds(reader *rd, jt_case_record *rec) {
    rec->nconds = rd->nconds;
    rd->nconds = 0;
    if (rec->nconds == 0)
        return JT_OK;
    rec->conds = jt_case_arena_memdup(&rd->cf->arena, rd->conds, rec->nconds, sizeof *rd->conds);
    return rec->conds ? JT_OK : nomem(rd);
}

/* One line of the file where a record may start (the current line, not blank): a comment, a
   skipif/onlyif, a profile or a record (made in place, or in spare). */
static int parse_line(reader *rd, jt_case_record *spare, int *cond_line) {
    const char *s = rd->buf;
    size_t n = word_len(s);
    enum directive d = directive_of(s, n);
    jt_case_record *rec;
    int rc, single;
    if (s[0] == '#')
        return next_line(rd);
    if (is_space(s[0]))
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "expected a record at the start of the line, got indented text");
    if (d == D_SKIPIF || d == D_ONLYIF) {
        rc = parse_cond(rd, d == D_SKIPIF);
        *cond_line = rd->lineno;
        return rc < 0 ? rc : next_line(rd);
    }
    if (rd->nconds && (d == D_SUBTEST || d == D_COVERS))
        return fail(rd, JT_EPARSE, rd->lineno, NULL,
                    "expected a statement, query, let, user, fixture or halt after "
                    "skipif/onlyif, got '%.*s'",
                    (int)n, s);
    if (d == D_PROFILE && !rd->nconds) {
        rc = parse_profile(rd);
        return rc < 0 ? rc : next_line(rd);
    }
    rec = record_slot(rd, spare);
    rec->line = rd->lineno;
    if ((rc = parse_record(rd, rec, d, n, &single)) < 0 || (rc = take_conds(rd, rec)) < 0 ||
        (rc = push_record(rd, rec)) < 0)
        return rc;
    return single ? next_line(rd) : JT_OK;
}

static int parse_file(reader *rd) {
    jt_case_record spare;
    int rc, cond_line = 0;
    rc = next_line(rd);
    while (rc == JT_OK && !rd->eof) {
        if (!is_blank(rd->buf))
            rc = parse_line(rd, &spare, &cond_line);
        else if (rd->nconds)
            rc = fail(rd, JT_EPARSE, cond_line, NULL,
                      "expected a record on the line after skipif/onlyif, got a blank line");
        else
            rc = next_line(rd);
    }
    if (rc == JT_OK && rd->nconds)
        rc = fail(rd, JT_EPARSE, cond_line, NULL,
                  "expected a record on the line after skipif/onlyif, got the end of the file");
    return rc;
}

/* Room for the records a file of that size has, reserved at once: grown by doubling, the
   array was copied at each step, and those copies were a third of a run's page faults. A
   record takes a line at least, and a file has a record every 100 bytes or so (the bundled
   ones); room for one every 32 bytes is seldom outgrown (then it grows), and the lines are not
   counted for it. The room no record takes is never touched, and fit_records gives it back. */
static int reserve_records(reader *rd) {
    size_t n = rd->textlen / 32 + 16;
    if (n > JT_LIMIT_RECORDS)
        n = JT_LIMIT_RECORDS;
    if (jt_grow((void **)&rd->cf->records, &rd->cf->cap, n, sizeof *rd->cf->records,
                JT_LIMIT_RECORDS) < 0)
        return nomem(rd);
    return JT_OK;
}

/* The records' array cut to their number: a file is kept while its results live (a run of a
   whole corpus keeps them all). */
static void fit_records(jt_case_file *cf) {
    jt_case_record *fit;
    if (!cf->nrecords || cf->cap == cf->nrecords)
        return;
    if ((fit = jt_realloc(cf->records, cf->nrecords * sizeof *fit)) != NULL) {
        cf->records = fit;
        cf->cap = cf->nrecords;
    }
}

/* Parses rd->text (rd->textlen bytes, a NUL after them, allocated): *out takes it. */
static int parse(jt_case_file **out, reader *rd) {
    jt_case_file *cf = jt_calloc(1, sizeof *cf);
    int rc;
    if (!cf) {
        free(rd->text);
        return nomem(rd);
    }
    cf->text = rd->text;
    jt_case_arena_init(&cf->arena, rd->textlen / 2);
    rd->cf = cf;
    rd->buf = rd->text + rd->textlen;
    rd->bad_utf8 = rd->text + utf8_prefix(rd->text, rd->textlen);
    rd->nul = memchr(rd->text, '\0', rd->textlen);
    if (!rd->nul)
        rd->nul = rd->text + rd->textlen;
    rd->trouble = rd->nul < rd->bad_utf8 ? rd->nul : rd->bad_utf8;
    jt_strbuf_init(&rd->sql, JT_LIMIT_SQL);
    if (!(cf->path = keep(rd, rd->path, strlen(rd->path)))) {
        rc = nomem(rd);
        goto out;
    }
    if ((rc = reserve_records(rd)) < 0)
        goto out;
    rc = parse_file(rd);
    if (rc < 0)
        goto out;
    fit_records(cf);
    *out = cf;
    cf = NULL;
out:
    jt_case_free(cf);
    free(rd->words);
    free(rd->conds);
    free(rd->toks);
    free(rd->first);
    free(rd->hashes);
    free(rd->re_slots);
    jt_strbuf_dispose(&rd->sql);
    return rc;
}

int jt_case_parse(jt_case_file **out, const char *path, const char *text, size_t len,
                  jt_error *err) {
    reader rd;
    *out = NULL;
    memset(&rd, 0, sizeof rd);
    rd.path = path;
    rd.err = err;
    rd.textlen = len;
    rd.text = len < SIZE_MAX ? jt_malloc(len + 1) : NULL;
    if (!rd.text)
        return nomem(&rd);
    if (len)
        memcpy(rd.text, text, len);
    rd.text[len] = '\0';
    return parse(out, &rd);
}

/* The whole file fp into rd->text; what could be read before an error, with rd->read_errno. */
static int read_text(reader *rd, FILE *fp) {
    struct stat st;
    size_t cap = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
                         (uintmax_t)st.st_size < SIZE_MAX / 2
                     ? (size_t)st.st_size + 2 /* room to see the end without growing */
                     : 4096;
    for (;;) {
        size_t got;
        if (rd->textlen + 1 >= cap || !rd->text) {
            char *t;
            if (rd->text)
                cap = cap < SIZE_MAX / 2 ? cap * 2 : SIZE_MAX;
            t = jt_realloc(rd->text, cap);
            if (!t)
                return nomem(rd);
            rd->text = t;
        }
        errno = 0;
        got = fread(rd->text + rd->textlen, 1, cap - 1 - rd->textlen, fp);
        rd->textlen += got;
        if (got == 0) {
            if (ferror(fp))
                rd->read_errno = errno ? errno : EIO;
            break;
        }
    }
    rd->text[rd->textlen] = '\0';
    return JT_OK;
}

int jt_case_read(jt_case_file **out, const char *path, jt_error *err) {
    reader rd;
    FILE *fp;
    int rc;
    *out = NULL;
    memset(&rd, 0, sizeof rd);
    rd.path = path;
    rd.err = err;
    fp = fopen(path, "rb");
    if (!fp)
        return jt_error_set(err, JT_EIO, 0, "%s: cannot open: %s", path, strerror(errno));
    rc = read_text(&rd, fp);
    fclose(fp);
    if (rc < 0) {
        free(rd.text);
        return rc;
    }
    return parse(out, &rd);
}
