/*
 * A small, strict, bounded JSON reader and writer for the exec protocol (docs/drivers.md).
 *
 * Hand-written because the build has no JSON library and the protocol needs very little:
 * one object per line, strings, arrays, null, booleans and the odd small number. The reader
 * follows RFC 8259 strictly (no comments, no trailing commas, no NaN, no leading zeros, no
 * raw control characters, valid UTF-8 only, no duplicate keys, nothing after the value) and
 * refuses what a C string cannot carry (\u0000). Its work and memory are bounded by the
 * length of its input, its nesting by JT_JSON_MAX_DEPTH, an object's members by
 * JT_JSON_MAX_MEMBERS.
 */
#ifndef JT_JSON_H
#define JT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "model/common.h"
#include "sim/text/strbuf.h"

#define JT_JSON_MAX_DEPTH 32     /* nested arrays and objects */
#define JT_JSON_MAX_MEMBERS 1024 /* members of one object (arrays are bounded by the input) */

enum jt_json_type {
    JT_JSON_NULL,
    JT_JSON_FALSE,
    JT_JSON_TRUE,
    JT_JSON_NUMBER,
    JT_JSON_STRING,
    JT_JSON_ARRAY,
    JT_JSON_OBJECT
};

/* A value of a parsed document. Read it through the functions below. */
typedef struct jt_json {
    uint8_t type; /* enum jt_json_type */
    size_t n;     /* ARRAY, OBJECT: children; STRING, NUMBER: bytes of its text */
    size_t text;  /* STRING, NUMBER: offset of its NUL-terminated text in the document */
    size_t key;   /* a member of an OBJECT: offset of its NUL-terminated key, else 0 */
    size_t first; /* ARRAY, OBJECT: index of its first child, or 0 */
    size_t next;  /* index of the next child of its parent, or 0 */
    int has_key;  /* it is a member of an object */
} jt_json;

typedef struct jt_json_doc {
    jt_json *nodes; /* nodes[0] is the root */
    size_t nnodes, cap;
    char *text; /* decoded strings, keys and numbers */
    size_t tlen, tcap;
} jt_json_doc;

void jt_json_init(jt_json_doc *d);
void jt_json_dispose(jt_json_doc *d);

/*
 * Parses s[0 .. len) as exactly one JSON value with optional white space around it; a
 * previous document in d is replaced. Returns 0, JT_EPARSE (err: "byte N: what"),
 * JT_ELIMIT (too deep, too many members) or JT_ENOMEM.
 */
int jt_json_parse(jt_json_doc *d, const char *s, size_t len, jt_error *err);

const jt_json *jt_json_root(const jt_json_doc *d);
/* The member key of an object, or NULL (also when obj is not an object). */
const jt_json *jt_json_member(const jt_json_doc *d, const jt_json *obj, const char *key);
/* The first child of an array or object, or NULL; then the next one, or NULL. */
const jt_json *jt_json_first(const jt_json_doc *d, const jt_json *v);
const jt_json *jt_json_next(const jt_json_doc *d, const jt_json *v);
/* The text of a STRING or NUMBER (a string has no NUL inside: \u0000 is refused). */
const char *jt_json_text(const jt_json_doc *d, const jt_json *v);
/* The key of an object's member. */
const char *jt_json_key(const jt_json_doc *d, const jt_json *v);
/* "null", "string"... for messages. */
const char *jt_json_type_name(int type);

/* Whether s[0 .. n) is valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF). */
int jt_utf8_valid(const char *s, size_t n);

/* Appends s as a JSON string, quoted and escaped. JT_EINVAL when s is not valid UTF-8
   (nothing is appended then), JT_ELIMIT or JT_ENOMEM from the buffer. */
int jt_json_add_string(jt_strbuf *sb, const char *s);
/* Appends "null" for NULL, else as jt_json_add_string. */
int jt_json_add_string_or_null(jt_strbuf *sb, const char *s);

#endif
