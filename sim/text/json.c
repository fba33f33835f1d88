/* JSON for the exec protocol with jansson, strict and bounded; see sim/text/json.h. */
#include "sim/text/json.h"

#include <string.h>

/*
 * The first byte (1-based) where s[0 .. len) goes past the kit's bounds, as far as it is JSON,
 * with *members_past 1 when it is an object's members, 0 its nesting; 0 when it stays within
 * them. jansson has no such bounds (it nests up to 2048 deep), hence this look at the brackets
 * and commas outside strings before it reads: up to where jansson finds the text wrong, the text
 * is JSON, and what this sees there is right.
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
