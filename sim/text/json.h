/*
 * JSON for the exec protocol (docs/drivers.md), with jansson (libjansson): an adapter's
 * replies are read with jt_json_load, requests written with jt_json_dump.
 *
 * jt_json_load is jansson's reader, which is strict RFC 8259 (no comments, trailing commas,
 * NaN, leading zeros or raw control characters; valid UTF-8 only, no overlong forms or
 * surrogates; nothing after the value) and refuses \u0000 (a C string cannot carry it), with
 * duplicate keys refused too (JSON_REJECT_DUPLICATES) and the kit's bounds: nesting at most
 * JT_JSON_MAX_DEPTH deep, an object of at most JT_JSON_MAX_MEMBERS members. Its work and memory
 * grow with the length of its input (jansson's objects are hash tables).
 */
#ifndef JT_JSON_H
#define JT_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "model/common.h"
#include "sim/text/strbuf.h"

#define JT_JSON_MAX_DEPTH 32     /* nested arrays and objects */
#define JT_JSON_MAX_MEMBERS 1024 /* members of one object (arrays are bounded by the input) */

/*
 * Reads s[0 .. len) as exactly one JSON value, with white space around it or not: *out (free
 * it with json_decref) or NULL. JT_EPARSE with err "byte N: what" (N: where reading stopped,
 * 1-based; what: jansson's reason, its bytes outside printable ASCII shown as '?'), JT_ELIMIT
 * past a bound ("byte N: nested deeper than 32"), JT_ENOMEM.
 */
int jt_json_load(json_t **out, const char *s, size_t len, jt_error *err);
/* "null", "boolean", "number", "string", "array" or "object", for messages. */
const char *jt_json_kind(const json_t *v);
/* obj[key] = the string s, or null for NULL. JT_EINVAL when s is not UTF-8 (obj unchanged),
   JT_ENOMEM. */
int jt_json_set_string(json_t *obj, const char *key, const char *s);
/* Appends v as compact JSON (one line, no newline). JT_ELIMIT or JT_ENOMEM from the buffer:
   nothing is appended then. */
int jt_json_dump(jt_strbuf *sb, const json_t *v);

/* ---- the hand-written reader and writer, until sim/drivers/driver_exec.c reads with
   jt_json_load (then they go) --------------------------------------------------------------- */

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
