/*
 * libFuzzer target: the exec driver's protocol reader (sim/text/json.c, which reads every reply
 * of an adapter, and sim/drivers/driver_exec.c's command-line splitter). The input is a reply line:
 * it either parses as one JSON value or gives one error, "byte N: what", with a code of its
 * table; a document that parses is walked as driver_exec.c reads a reply (members, arrays of
 * rows, texts), and every string it holds must be valid UTF-8 without a NUL, as the reader
 * promises. Then the input, as text, is split as a command line (--driver exec:COMMAND).
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

/* Walks v and its children (depth-first, bounded by JT_JSON_MAX_DEPTH), checking texts. */
static size_t walk(const jt_json_doc *d, const jt_json *v, int depth) {
    size_t n = 1;
    const jt_json *c;
    if (depth > JT_JSON_MAX_DEPTH + 1)
        die("deeper than JT_JSON_MAX_DEPTH");
    if (v->type == JT_JSON_STRING || v->type == JT_JSON_NUMBER) {
        const char *t = jt_json_text(d, v);
        if (!t || strlen(t) != v->n || !jt_utf8_valid(t, v->n))
            die("a text that is not n bytes of UTF-8");
    }
    if (v->has_key && !jt_utf8_valid(jt_json_key(d, v), strlen(jt_json_key(d, v))))
        die("a key that is not UTF-8");
    for (c = jt_json_first(d, v); c; c = jt_json_next(d, c))
        n += walk(d, c, depth + 1);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    jt_json_doc doc;
    jt_error err;
    char *text;
    int rc;
    memset(&err, 0, sizeof err);
    jt_json_init(&doc);
    rc = jt_json_parse(&doc, (const char *)data, size, &err);
    if (rc == JT_OK) {
        const jt_json *root = jt_json_root(&doc), *rows, *row;
        walk(&doc, root, 0);
        /* as driver_exec.c reads an exec reply */
        if (root->type == JT_JSON_OBJECT) {
            jt_json_member(&doc, root, "ok");
            jt_json_member(&doc, root, "tag");
            rows = jt_json_member(&doc, root, "rows");
            if (rows && rows->type == JT_JSON_ARRAY)
                for (row = jt_json_first(&doc, rows); row; row = jt_json_next(&doc, row))
                    jt_json_first(&doc, row);
        }
    } else if (rc != JT_EPARSE && rc != JT_ELIMIT && rc != JT_ENOMEM) {
        die("an unexpected return code");
    } else if (rc != JT_ENOMEM && strncmp(err.message, "byte ", 5) != 0) {
        die(err.message);
    }
    jt_json_dispose(&doc);
    /* the command line of --driver exec:COMMAND */
    text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    {
        char **argv = NULL;
        size_t argc = 0, i;
        if (jt_exec_split(&argv, &argc, text, &err) == JT_OK) {
            for (i = 0; i < argc; i++)
                free(argv[i]);
            free(argv);
        }
    }
    free(text);
    return 0;
}
