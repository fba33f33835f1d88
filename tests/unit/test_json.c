/* sim/json: the strict reader and the writer of the exec protocol. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/text/json.h"

static jt_json_doc doc;

static void setup(void) {
    jt_json_init(&doc);
}

static void teardown(void) {
    jt_json_dispose(&doc);
}

static int parse(const char *s, jt_error *err) {
    memset(err, 0, sizeof *err);
    return jt_json_parse(&doc, s, strlen(s), err);
}

START_TEST(reads_a_reply) {
    jt_error err;
    const jt_json *root, *rows, *row, *v;
    ck_assert_int_eq(parse(" {\"ok\":true,\"tag\":\"SELECT 2\",\"columns\":[\"job_id\",\"error\"],"
                           "\"rows\":[[\"27536791415282\",null],[\"2\",\"a \\\"b\\\"\\n\"]],"
                           "\"abi\":1,\"x\":-0.5e+3,\"f\":false,\"e\":{}} \r\n",
                           &err),
                     0);
    root = jt_json_root(&doc);
    ck_assert_int_eq(root->type, JT_JSON_OBJECT);
    ck_assert_uint_eq(root->n, 8);
    ck_assert_int_eq(jt_json_member(&doc, root, "ok")->type, JT_JSON_TRUE);
    ck_assert_int_eq(jt_json_member(&doc, root, "f")->type, JT_JSON_FALSE);
    ck_assert_str_eq(jt_json_text(&doc, jt_json_member(&doc, root, "tag")), "SELECT 2");
    ck_assert_str_eq(jt_json_text(&doc, jt_json_member(&doc, root, "abi")), "1");
    ck_assert_str_eq(jt_json_text(&doc, jt_json_member(&doc, root, "x")), "-0.5e+3");
    ck_assert_int_eq(jt_json_member(&doc, root, "e")->type, JT_JSON_OBJECT);
    ck_assert_ptr_null(jt_json_first(&doc, jt_json_member(&doc, root, "e")));
    ck_assert_ptr_null(jt_json_member(&doc, root, "missing"));
    rows = jt_json_member(&doc, root, "rows");
    ck_assert_uint_eq(rows->n, 2);
    row = jt_json_first(&doc, rows);
    v = jt_json_first(&doc, row);
    ck_assert_str_eq(jt_json_text(&doc, v), "27536791415282");
    ck_assert_int_eq(jt_json_next(&doc, v)->type, JT_JSON_NULL);
    ck_assert_ptr_null(jt_json_next(&doc, jt_json_next(&doc, v)));
    row = jt_json_next(&doc, row);
    v = jt_json_next(&doc, jt_json_first(&doc, row));
    ck_assert_str_eq(jt_json_text(&doc, v), "a \"b\"\n");
    ck_assert_uint_eq(v->n, 6);
    ck_assert_str_eq(jt_json_key(&doc, jt_json_first(&doc, root)), "ok");
}
END_TEST

START_TEST(decodes_escapes_and_utf8) {
    jt_error err;
    ck_assert_int_eq(parse("[\"\\u00e9\\u20ac\\ud83d\\ude00\\/\\b\\f\\r\\t\\\\\", \"é€😀\"]", &err),
                     0);
    ck_assert_str_eq(jt_json_text(&doc, jt_json_first(&doc, jt_json_root(&doc))), "é€😀/\b\f\r\t\\");
    ck_assert_str_eq(
        jt_json_text(&doc, jt_json_next(&doc, jt_json_first(&doc, jt_json_root(&doc)))), "é€😀");
    ck_assert_int_eq(parse("\"\"", &err), 0);
    ck_assert_str_eq(jt_json_text(&doc, jt_json_root(&doc)), "");
}
END_TEST

/* Every one of these is refused with JT_EPARSE and a "byte N: ..." message. */
static const struct {
    const char *text;
    const char *message;
} bad[] = {
    {"", "byte 1: a value is missing"},
    {"   ", "byte 4: a value is missing"},
    {"this is not JSON", "byte 1: unexpected character (not a JSON value)"},
    {"{\"ok\":tr", "byte 7: unexpected character (not a JSON value)"},
    {"{\"ok\":true}x", "byte 12: more after the value"},
    {"{\"ok\":true}\n{\"ok\":true}", "byte 13: more after the value"},
    {"{\"ok\":true,}", "byte 12: expected a string key"},
    {"[1,]", "byte 4: unexpected character (not a JSON value)"},
    {"[1 2]", "byte 4: expected ',' or ']'"},
    {"{\"a\" 1}", "byte 6: expected ':' after a key"},
    {"{\"a\":1 \"b\":2}", "byte 8: expected ',' or '}'"},
    {"{a:1}", "byte 2: expected a string key"},
    {"{\"a\":1,\"a\":2}", "byte 11: duplicate key in an object"},
    {"'single'", "byte 1: unexpected character (not a JSON value)"},
    {"\"unterminated", "byte 14: unterminated string"},
    {"\"tab\there\"", "byte 5: control character in a string (escape it)"},
    {"\"\\x\"", "byte 2: unknown escape in a string"},
    {"\"\\u12\"", "byte 4: \\u needs four hex digits"},
    {"\"\\u0000\"", "byte 8: \\u0000 in a string is not supported"},
    {"\"\\ud800\"", "byte 8: high surrogate without its low surrogate"},
    {"\"\\udc00\"", "byte 8: lone low surrogate in \\u escape"},
    {"\"\xff\"", "byte 2: invalid UTF-8 in a string"},
    {"\"\xc0\xaf\"", "byte 2: invalid UTF-8 in a string"},         /* overlong '/' */
    {"\"\xed\xa0\x80\"", "byte 2: invalid UTF-8 in a string"},     /* a surrogate */
    {"\"\xf4\x90\x80\x80\"", "byte 2: invalid UTF-8 in a string"}, /* past U+10FFFF */
    {"\"\xe2\x82\"", "byte 2: invalid UTF-8 in a string"},         /* cut short */
    {"01", "byte 2: a number may not start with 0"},
    {"-", "byte 2: a number needs digits"},
    {"1.", "byte 3: digits expected after '.'"},
    {"1e", "byte 3: digits expected in an exponent"},
    {"NaN", "byte 1: unexpected character (not a JSON value)"},
    {"nul", "byte 1: unexpected character (not a JSON value)"},
    {"[1] // comment", "byte 5: more after the value"},
};

START_TEST(refuses_what_is_not_strict_json) {
    jt_error err;
    int rc = parse(bad[_i].text, &err);
    ck_assert_msg(rc == JT_EPARSE, "'%s': rc %d", bad[_i].text, rc);
    ck_assert_str_eq(err.message, bad[_i].message);
    ck_assert_ptr_null(jt_json_root(&doc));
}
END_TEST

START_TEST(bounds_nesting_and_members) {
    jt_error err;
    char deep[JT_JSON_MAX_DEPTH * 2 + 8], *members;
    size_t i, n = 0;
    for (i = 0; i < JT_JSON_MAX_DEPTH; i++)
        deep[n++] = '[';
    for (i = 0; i < JT_JSON_MAX_DEPTH; i++)
        deep[n++] = ']';
    deep[n] = '\0';
    ck_assert_int_eq(parse(deep, &err), 0);
    memmove(deep + 1, deep, n + 1);
    deep[0] = '[';
    deep[n + 1] = ']';
    deep[n + 2] = '\0';
    ck_assert_int_eq(parse(deep, &err), JT_ELIMIT);
    ck_assert_str_eq(err.message, "byte 33: nested deeper than 32");
    members = malloc(16 * (JT_JSON_MAX_MEMBERS + 2));
    ck_assert_ptr_nonnull(members);
    n = 0;
    members[n++] = '{';
    for (i = 0; i <= JT_JSON_MAX_MEMBERS; i++)
        n += (size_t)sprintf(members + n, "%s\"k%zu\":0", i ? "," : "", i);
    members[n++] = '}';
    members[n] = '\0';
    ck_assert_int_eq(parse(members, &err), JT_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.message, "more than 1024 members"));
    free(members);
}
END_TEST

START_TEST(parses_with_an_embedded_nul_in_the_input) {
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_json_parse(&doc, "[1]\0[2]", 7, &err), JT_EPARSE);
    ck_assert_str_eq(err.message, "byte 4: more after the value");
}
END_TEST

START_TEST(writes_strings) {
    jt_strbuf sb;
    jt_error err;
    const char *s = "a\"b\\c\nd\te\r\x01\x1f\x7f é";
    jt_strbuf_init(&sb, 1000);
    ck_assert_int_eq(jt_json_add_string(&sb, s), 0);
    ck_assert_str_eq(sb.data, "\"a\\\"b\\\\c\\nd\\te\\r\\u0001\\u001f\\u007f é\"");
    /* what the writer writes, the reader reads back */
    ck_assert_int_eq(parse(sb.data, &err), 0);
    ck_assert_str_eq(jt_json_text(&doc, jt_json_root(&doc)), s);
    ck_assert_int_eq(jt_json_add_string_or_null(&sb, NULL), 0);
    ck_assert_str_eq(sb.data + sb.len - 4, "null");
    jt_strbuf_dispose(&sb);
    /* invalid UTF-8: refused, nothing written */
    ck_assert_int_eq(jt_json_add_string(&sb, "ok"), 0);
    ck_assert_int_eq(jt_json_add_string(&sb, "bad \xff"), JT_EINVAL);
    ck_assert_str_eq(sb.data, "\"ok\"");
    jt_strbuf_dispose(&sb);
    /* the buffer's cap: refused, nothing half written */
    jt_strbuf_init(&sb, 6);
    ck_assert_int_eq(jt_json_add_string(&sb, "abc"), 0);
    ck_assert_int_eq(jt_json_add_string(&sb, "x"), JT_ELIMIT);
    ck_assert_str_eq(sb.data, "\"abc\"");
    jt_strbuf_dispose(&sb);
}
END_TEST

START_TEST(validates_utf8) {
    ck_assert(jt_utf8_valid("", 0));
    ck_assert(jt_utf8_valid("plain", 5));
    ck_assert(jt_utf8_valid("\xf0\x9f\x98\x80", 4));
    ck_assert(!jt_utf8_valid("\xf0\x9f\x98", 3));
    ck_assert(!jt_utf8_valid("\x80", 1));
    ck_assert(!jt_utf8_valid("\xe0\x80\x80", 3)); /* overlong */
}
END_TEST

int main(void) {
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("json");
    SRunner *sr;
    int failed;
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reads_a_reply);
    tcase_add_test(tc, decodes_escapes_and_utf8);
    tcase_add_loop_test(tc, refuses_what_is_not_strict_json, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, bounds_nesting_and_members);
    tcase_add_test(tc, parses_with_an_embedded_nul_in_the_input);
    tcase_add_test(tc, writes_strings);
    tcase_add_test(tc, validates_utf8);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
