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

#endif
