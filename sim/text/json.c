/* JSON for the exec protocol with jansson, strict and bounded; see sim/text/json.h. */
#include "sim/text/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The first byte (1-based) where s[0 .. len) goes past the kit's bounds, as far as it is JSON,
 * with *members 1 when it is an object's members, 0 its nesting; 0 when it stays within them.
 * jansson has no such bounds (it nests up to 2048 deep), hence this look at the brackets and commas
 * outside strings before it reads: up to where jansson finds the text wrong, it is JSON, and what
 * this sees is right.
 */
static size_t past_bounds(const char *s, size_t len, int *members_past) {
    unsigned char object[JT_JSON_MAX_DEPTH];
    size_t members[JT_JSON_MAX_DEPTH], i;
    int depth = 0, in_string = 0;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (depth == JT_JSON_MAX_DEPTH) {
                *members_past = 0;
                return i + 1;
            }
            object[depth] = c == '{';
            members[depth++] = 1;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        } else if (c == ',' && depth > 0 && object[depth - 1] &&
                   ++members[depth - 1] > JT_JSON_MAX_MEMBERS) {
            *members_past = 1;
            return i + 1;
        }
    }
    return 0;
}

int jt_json_load(json_t **out, const char *s, size_t len, jt_error *err) {
    json_error_t je;
    int members_past = 0;
    size_t bound = past_bounds(s, len, &members_past), k;
    char what[sizeof je.text];
    json_t *v = json_loadb(s, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    *out = NULL;
    if (v && !bound) {
        *out = v;
        return JT_OK;
    }
    json_decref(v);
    if (bound && (v || bound <= (size_t)je.position))
        return members_past ? jt_error_set(err, JT_ELIMIT, 0, "byte %zu: more than %d members",
                                           bound, JT_JSON_MAX_MEMBERS)
                            : jt_error_set(err, JT_ELIMIT, 0, "byte %zu: nested deeper than %d",
                                           bound, JT_JSON_MAX_DEPTH);
    if (json_error_code(&je) == json_error_out_of_memory)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    /* jansson quotes up to 20 bytes of the input ("invalid token near 'tru'"): any bytes */
    for (k = 0; je.text[k] && k + 1 < sizeof what; k++)
        what[k] = (unsigned char)je.text[k] >= 0x20 && (unsigned char)je.text[k] < 0x7f ? je.text[k]
                                                                                        : '?';
    what[k] = '\0';
    return jt_error_set(err, JT_EPARSE, 0, "byte %d: %s", je.position > 0 ? je.position : 1, what);
}

const char *jt_json_kind(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

int jt_json_set_string(json_t *obj, const char *key, const char *s) {
    json_t *v = s ? json_string(s) : json_null();
    if (!v) {
        /* json_string refuses text that is not UTF-8, and fails when memory is out: without
           the check, only the latter fails */
        int invalid;
        v = json_stringn_nocheck(s, strlen(s));
        invalid = v != NULL;
        json_decref(v);
        return invalid ? JT_EINVAL : JT_ENOMEM;
    }
    return json_object_set_new(obj, key, v) == 0 ? JT_OK : JT_ENOMEM;
}

typedef struct dump_to {
    jt_strbuf *sb;
    int rc;
} dump_to;

static int dump_add(const char *buffer, size_t size, void *data) {
    dump_to *to = data;
    to->rc = jt_strbuf_add(to->sb, buffer, size);
    return to->rc < 0 ? -1 : 0;
}

int jt_json_dump(jt_strbuf *sb, const json_t *v) {
    dump_to to = {sb, JT_OK};
    size_t start = sb->len;
    if (json_dump_callback(v, dump_add, &to, JSON_COMPACT | JSON_ENCODE_ANY) == 0)
        return JT_OK;
    if (sb->data) {
        sb->len = start; /* nothing half-written stays */
        sb->data[start] = '\0';
    }
    return to.rc < 0 ? to.rc : JT_ENOMEM;
}

/* ---- the hand-written reader and writer, until sim/drivers/driver_exec.c reads with
   jt_json_load (then they go) --------------------------------------------------------------- */

typedef struct parser {
    jt_json_doc *d;
    const unsigned char *s;
    size_t len, i;
    int depth;
    jt_error *err;
} parser;

void jt_json_init(jt_json_doc *d) {
    memset(d, 0, sizeof *d);
}

void jt_json_dispose(jt_json_doc *d) {
    free(d->nodes);
    free(d->text);
    jt_json_init(d);
}

const char *jt_json_type_name(int type) {
    switch (type) {
    case JT_JSON_NULL:
        return "null";
    case JT_JSON_FALSE:
    case JT_JSON_TRUE:
        return "boolean";
    case JT_JSON_NUMBER:
        return "number";
    case JT_JSON_STRING:
        return "string";
    case JT_JSON_ARRAY:
        return "array";
    case JT_JSON_OBJECT:
        return "object";
    default:
        return "?";
    }
}

/* The length of the valid UTF-8 sequence at s (avail bytes there), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t avail) {
    unsigned c = s[0];
    size_t n, k;
    unsigned cp, min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (k = 1; k < n; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

int jt_utf8_valid(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq(u + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

/* ---- reader -------------------------------------------------------------------------- */

static int fail(parser *p, const char *what) {
    return jt_error_set(p->err, JT_EPARSE, 0, "byte %zu: %s", p->i + 1, what);
}

static void skip_ws(parser *p) {
    while (p->i < p->len &&
           (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

static int new_node(parser *p, size_t *out, int type) {
    jt_json_doc *d = p->d;
    /* Every node but the root takes at least one byte of input: bounded by len. */
    int rc = jt_grow((void **)&d->nodes, &d->cap, d->nnodes + 1, sizeof *d->nodes, p->len + 2);
    if (rc < 0)
        return jt_error_set(p->err, rc, 0, "out of memory");
    memset(&d->nodes[d->nnodes], 0, sizeof *d->nodes);
    d->nodes[d->nnodes].type = (uint8_t)type;
    *out = d->nnodes++;
    return JT_OK;
}

static int add_text(parser *p, const void *bytes, size_t n) {
    jt_json_doc *d = p->d;
    /* Decoded text is never longer than its source, plus a NUL per value. */
    int rc = jt_grow((void **)&d->text, &d->tcap, d->tlen + n, 1, 2 * p->len + 2);
    if (rc < 0)
        return jt_error_set(p->err, rc, 0, "out of memory");
    memcpy(d->text + d->tlen, bytes, n);
    d->tlen += n;
    return JT_OK;
}

static int hex4(parser *p, unsigned *out) {
    unsigned v = 0;
    size_t k;
    if (p->len - p->i < 4)
        return fail(p, "\\u needs four hex digits");
    for (k = 0; k < 4; k++) {
        unsigned c = p->s[p->i + k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return fail(p, "\\u needs four hex digits");
    }
    p->i += 4;
    *out = v;
    return JT_OK;
}

static int add_codepoint(parser *p, unsigned cp) {
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xc0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xe0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        b[2] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xf0 | cp >> 18);
        b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
        b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        b[3] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    return add_text(p, b, n);
}

/* A string at p->i (its opening quote); its decoded text goes to the document's text, NUL
   terminated; *off_out is its offset, *len_out its length. */
static int parse_string(parser *p, size_t *off_out, size_t *len_out) {
    size_t start = p->d->tlen;
    int rc;
    p->i++; /* the quote */
    for (;;) {
        unsigned c;
        if (p->i >= p->len)
            return fail(p, "unterminated string");
        c = p->s[p->i];
        if (c == '"') {
            p->i++;
            break;
        }
        if (c < 0x20)
            return fail(p, "control character in a string (escape it)");
        if (c == '\\') {
            unsigned cp;
            char e;
            if (p->i + 1 >= p->len)
                return fail(p, "unterminated string");
            c = p->s[p->i + 1];
            p->i += 2;
            switch (c) {
            case '"':
            case '\\':
            case '/':
                e = (char)c;
                break;
            case 'b':
                e = '\b';
                break;
            case 'f':
                e = '\f';
                break;
            case 'n':
                e = '\n';
                break;
            case 'r':
                e = '\r';
                break;
            case 't':
                e = '\t';
                break;
            case 'u':
                if ((rc = hex4(p, &cp)) < 0)
                    return rc;
                if (cp >= 0xdc00 && cp <= 0xdfff)
                    return fail(p, "lone low surrogate in \\u escape");
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    unsigned lo;
                    if (p->len - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
                        return fail(p, "high surrogate without its low surrogate");
                    p->i += 2;
                    if ((rc = hex4(p, &lo)) < 0)
                        return rc;
                    if (lo < 0xdc00 || lo > 0xdfff)
                        return fail(p, "high surrogate without its low surrogate");
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                }
                if (cp == 0)
                    return fail(p, "\\u0000 in a string is not supported");
                if ((rc = add_codepoint(p, cp)) < 0)
                    return rc;
                continue;
            default:
                p->i -= 2;
                return fail(p, "unknown escape in a string");
            }
            if ((rc = add_text(p, &e, 1)) < 0)
                return rc;
            continue;
        } else {
            size_t n = utf8_seq(p->s + p->i, p->len - p->i);
            if (!n)
                return fail(p, "invalid UTF-8 in a string");
            if ((rc = add_text(p, p->s + p->i, n)) < 0)
                return rc;
            p->i += n;
        }
    }
    *len_out = p->d->tlen - start;
    *off_out = start;
    return add_text(p, "", 1);
}

static int is_digit(int c) {
    return c >= '0' && c <= '9';
}

static int parse_number(parser *p, size_t idx) {
    size_t start = p->i;
    int rc;
    if (p->s[p->i] == '-')
        p->i++;
    if (p->i >= p->len || !is_digit(p->s[p->i]))
        return fail(p, "a number needs digits");
    if (p->s[p->i] == '0') {
        p->i++;
        if (p->i < p->len && is_digit(p->s[p->i]))
            return fail(p, "a number may not start with 0");
    } else {
        while (p->i < p->len && is_digit(p->s[p->i]))
            p->i++;
    }
    if (p->i < p->len && p->s[p->i] == '.') {
        p->i++;
        if (p->i >= p->len || !is_digit(p->s[p->i]))
            return fail(p, "digits expected after '.'");
        while (p->i < p->len && is_digit(p->s[p->i]))
            p->i++;
    }
    if (p->i < p->len && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->len && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (p->i >= p->len || !is_digit(p->s[p->i]))
            return fail(p, "digits expected in an exponent");
        while (p->i < p->len && is_digit(p->s[p->i]))
            p->i++;
    }
    p->d->nodes[idx].text = p->d->tlen;
    p->d->nodes[idx].n = p->i - start;
    if ((rc = add_text(p, p->s + start, p->i - start)) < 0)
        return rc;
    return add_text(p, "", 1);
}

static int parse_value(parser *p, size_t *out);

static int parse_literal(parser *p, const char *word, int type, size_t *out) {
    size_t n = strlen(word);
    if (p->len - p->i < n || memcmp(p->s + p->i, word, n) != 0)
        return fail(p, "unexpected character (not a JSON value)");
    p->i += n;
    return new_node(p, out, type);
}

/* The members of an object (after '{') or the elements of an array (after '['). */
static int parse_children(parser *p, size_t idx, int object) {
    size_t last = 0, count = 0;
    int rc;
    skip_ws(p);
    if (p->i < p->len && p->s[p->i] == (object ? '}' : ']')) {
        p->i++;
        return JT_OK;
    }
    for (;;) {
        size_t child, key = 0, keylen = 0, k;
        skip_ws(p);
        if (object) {
            if (p->i >= p->len || p->s[p->i] != '"')
                return fail(p, "expected a string key");
            if ((rc = parse_string(p, &key, &keylen)) < 0)
                return rc;
            for (k = p->d->nodes[idx].first; k; k = p->d->nodes[k].next)
                if (strcmp(p->d->text + p->d->nodes[k].key, p->d->text + key) == 0)
                    return fail(p, "duplicate key in an object");
            if (count >= JT_JSON_MAX_MEMBERS)
                return jt_error_set(p->err, JT_ELIMIT, 0, "byte %zu: more than %d members",
                                    p->i + 1, JT_JSON_MAX_MEMBERS);
            skip_ws(p);
            if (p->i >= p->len || p->s[p->i] != ':')
                return fail(p, "expected ':' after a key");
            p->i++;
        }
        if ((rc = parse_value(p, &child)) < 0)
            return rc;
        if (object) {
            p->d->nodes[child].key = key;
            p->d->nodes[child].has_key = 1;
        }
        if (last)
            p->d->nodes[last].next = child;
        else
            p->d->nodes[idx].first = child;
        last = child;
        count++;
        skip_ws(p);
        if (p->i < p->len && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->len && p->s[p->i] == (object ? '}' : ']')) {
            p->i++;
            break;
        }
        return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
    p->d->nodes[idx].n = count;
    return JT_OK;
}

static int parse_value(parser *p, size_t *out) {
    size_t idx;
    int rc, c;
    skip_ws(p);
    if (p->i >= p->len)
        return fail(p, "a value is missing");
    c = p->s[p->i];
    if (c == '{' || c == '[') {
        if (p->depth >= JT_JSON_MAX_DEPTH)
            return jt_error_set(p->err, JT_ELIMIT, 0, "byte %zu: nested deeper than %d", p->i + 1,
                                JT_JSON_MAX_DEPTH);
        if ((rc = new_node(p, &idx, c == '{' ? JT_JSON_OBJECT : JT_JSON_ARRAY)) < 0)
            return rc;
        p->i++;
        p->depth++;
        rc = parse_children(p, idx, c == '{');
        p->depth--;
        if (rc < 0)
            return rc;
    } else if (c == '"') {
        size_t off, n;
        if ((rc = new_node(p, &idx, JT_JSON_STRING)) < 0)
            return rc;
        if ((rc = parse_string(p, &off, &n)) < 0)
            return rc;
        p->d->nodes[idx].text = off;
        p->d->nodes[idx].n = n;
    } else if (c == '-' || is_digit(c)) {
        if ((rc = new_node(p, &idx, JT_JSON_NUMBER)) < 0)
            return rc;
        if ((rc = parse_number(p, idx)) < 0)
            return rc;
    } else if (c == 't') {
        if ((rc = parse_literal(p, "true", JT_JSON_TRUE, &idx)) < 0)
            return rc;
    } else if (c == 'f') {
        if ((rc = parse_literal(p, "false", JT_JSON_FALSE, &idx)) < 0)
            return rc;
    } else if (c == 'n') {
        if ((rc = parse_literal(p, "null", JT_JSON_NULL, &idx)) < 0)
            return rc;
    } else {
        return fail(p, "unexpected character (not a JSON value)");
    }
    *out = idx;
    return JT_OK;
}

int jt_json_parse(jt_json_doc *d, const char *s, size_t len, jt_error *err) {
    parser p;
    size_t root;
    int rc;
    d->nnodes = 0;
    d->tlen = 0;
    memset(&p, 0, sizeof p);
    p.d = d;
    p.s = (const unsigned char *)s;
    p.len = len;
    p.err = err;
    /* Offset 0 of the text is an empty string: a node's key 0 reads as "". */
    if ((rc = add_text(&p, "", 1)) < 0)
        goto out;
    if ((rc = parse_value(&p, &root)) < 0)
        goto out;
    skip_ws(&p);
    if (p.i < len)
        rc = fail(&p, "more after the value");
out:
    if (rc < 0)
        d->nnodes = 0;
    return rc;
}

/* ---- access -------------------------------------------------------------------------- */

const jt_json *jt_json_root(const jt_json_doc *d) {
    return d->nnodes ? &d->nodes[0] : NULL;
}

const jt_json *jt_json_first(const jt_json_doc *d, const jt_json *v) {
    if (!v || (v->type != JT_JSON_ARRAY && v->type != JT_JSON_OBJECT) || !v->first)
        return NULL;
    return &d->nodes[v->first];
}

const jt_json *jt_json_next(const jt_json_doc *d, const jt_json *v) {
    return v && v->next ? &d->nodes[v->next] : NULL;
}

const jt_json *jt_json_member(const jt_json_doc *d, const jt_json *obj, const char *key) {
    const jt_json *m;
    if (!obj || obj->type != JT_JSON_OBJECT)
        return NULL;
    for (m = jt_json_first(d, obj); m; m = jt_json_next(d, m))
        if (strcmp(d->text + m->key, key) == 0)
            return m;
    return NULL;
}

const char *jt_json_text(const jt_json_doc *d, const jt_json *v) {
    JT_ASSERT(v->type == JT_JSON_STRING || v->type == JT_JSON_NUMBER);
    return d->text + v->text;
}

const char *jt_json_key(const jt_json_doc *d, const jt_json *v) {
    return d->text + v->key;
}

/* ---- writer -------------------------------------------------------------------------- */

int jt_json_add_string(jt_strbuf *sb, const char *s) {
    size_t n = strlen(s), i, run = 0, start = sb->len;
    int rc;
    if (!jt_utf8_valid(s, n))
        return JT_EINVAL;
    if ((rc = jt_strbuf_add(sb, "\"", 1)) < 0)
        goto out;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        const char *e = NULL;
        if (c == '"')
            e = "\\\"";
        else if (c == '\\')
            e = "\\\\";
        else if (c == '\n')
            e = "\\n";
        else if (c == '\r')
            e = "\\r";
        else if (c == '\t')
            e = "\\t";
        else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            e = esc;
        }
        if (!e) {
            run++;
            continue;
        }
        if ((rc = jt_strbuf_add(sb, s + i - run, run)) < 0 || (rc = jt_strbuf_adds(sb, e)) < 0)
            goto out;
        run = 0;
    }
    if ((rc = jt_strbuf_add(sb, s + n - run, run)) < 0 || (rc = jt_strbuf_add(sb, "\"", 1)) < 0)
        goto out;
out:
    if (rc < 0 && sb->data) {
        sb->len = start; /* nothing half-written stays */
        sb->data[start] = '\0';
    }
    return rc;
}

int jt_json_add_string_or_null(jt_strbuf *sb, const char *s) {
    return s ? jt_json_add_string(sb, s) : jt_strbuf_add(sb, "null", 4);
}
