/*
 * libFuzzer target: the exec driver's protocol reader (sim/text/json.c, jansson with the kit's
 * bounds, which reads every reply of an adapter, and sim/drivers/driver_exec.c's command-line
 * splitter). The input is a reply line: it either loads as one JSON value or gives one error,
 * "byte N: what" in printable ASCII, with a code of its table. A value that loads is walked as
 * driver_exec.c reads a reply (members, arrays of rows, texts): it is within the bounds, and
 * every string and key it holds is valid UTF-8 of its stated length without a NUL, as the
 * reader promises; written again (jt_json_dump), it loads back equal. Then the input, as text,
 * is split as a command line (--driver exec:COMMAND).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/drivers/drivers.h"
#include "sim/text/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what) {
    fprintf(stderr, "fuzz_exec: %s\n", what);
    abort();
}

/* The oracle, apart from jansson's own check: s[0 .. n) is UTF-8 of the shortest forms, with
   no surrogate, nothing past U+10FFFF and no NUL. */
static int utf8_without_nul(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, len, k;
    while (i < n) {
        unsigned cp = u[i];
        if (cp == 0)
            return 0;
        len = cp < 0x80                  ? 1
              : cp >= 0xc2 && cp <= 0xdf ? 2
              : cp >= 0xe0 && cp <= 0xef ? 3
              : cp >= 0xf0 && cp <= 0xf4 ? 4
                                         : 0;
        if (len == 0 || n - i < len)
            return 0;
        cp &= len == 1 ? 0x7fu : 0x3fu >> (len - 1);
        for (k = 1; k < len; k++) {
            if ((u[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (u[i + k] & 0x3fu);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

/* Walks v and its children (depth-first), checking bounds and texts. */
static void walk(json_t *v, int depth) {
    const char *key;
    json_t *c;
    size_t i;
    if (depth > JT_JSON_MAX_DEPTH)
        die("deeper than JT_JSON_MAX_DEPTH");
    if (json_is_string(v) && (strlen(json_string_value(v)) != json_string_length(v) ||
                              !utf8_without_nul(json_string_value(v), json_string_length(v))))
        die("a string that is not its length of UTF-8");
    if (json_object_size(v) > JT_JSON_MAX_MEMBERS)
        die("more than JT_JSON_MAX_MEMBERS members");
    json_object_foreach(v, key, c) {
        if (!utf8_without_nul(key, strlen(key)))
            die("a key that is not UTF-8");
        walk(c, depth + 1);
    }
    json_array_foreach(v, i, c) walk(c, depth + 1);
}

/* Written again, it loads back equal. */
static void round_trip(const json_t *v) {
    jt_strbuf sb;
    jt_error err;
    json_t *back = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_EXEC_REPLY);
    if (jt_json_dump(&sb, v) == JT_OK) {
        if (jt_json_load(&back, sb.data, sb.len, &err) != JT_OK || !json_equal(back, v))
            die("what jt_json_dump wrote does not load back equal");
        json_decref(back);
    }
    jt_strbuf_dispose(&sb);
}

static void check_error(int rc, const jt_error *err) {
    const char *m;
    if (rc != JT_EPARSE && rc != JT_ELIMIT && rc != JT_ENOMEM)
        die("an unexpected return code");
    if (rc == JT_ENOMEM)
        return;
    if (strncmp(err->message, "byte ", 5) != 0)
        die(err->message);
    for (m = err->message; *m; m++)
        if (*m < 0x20 || *m >= 0x7f)
            die("a message that is not printable ASCII");
}

static void split(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1), **argv = NULL;
    size_t argc = 0, i;
    jt_error err;
    if (!text)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    if (jt_exec_split(&argv, &argc, text, &err) == JT_OK) {
        for (i = 0; i < argc; i++)
            free(argv[i]);
        free(argv);
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    json_t *root = NULL, *rows, *row;
    jt_error err;
    size_t i;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_json_load(&root, (const char *)data, size, &err);
    if (rc == JT_OK) {
        walk(root, 0);
        /* as driver_exec.c reads an exec reply */
        json_is_true(json_object_get(root, "ok"));
        json_string_value(json_object_get(root, "tag"));
        rows = json_object_get(root, "rows");
        json_array_foreach(rows, i, row) json_array_size(row);
        round_trip(root);
        json_decref(root);
    } else {
        check_error(rc, &err);
    }
    split(data, size); /* the command line of --driver exec:COMMAND */
    return 0;
}
