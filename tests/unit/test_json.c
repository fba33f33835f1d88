/* sim/text/json: JSON of the exec protocol with jansson, strict and bounded. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/text/json.h"

static json_t *load(const char *s, size_t len, int want) {
    json_t *v = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(jt_json_load(&v, s, len, &err) == want, "'%s': %s", s, err.message);
    if (want != JT_OK)
        ck_assert_ptr_null(v);
    return v;
}

START_TEST(loads_a_reply) {
    const char *s = " {\"ok\":true,\"tag\":\"SELECT 2\",\"columns\":[\"job_id\",\"error\"],"
                    "\"rows\":[[\"27536791415282\",null],[\"2\",\"a \\\"b\\\"\\n\"]],"
                    "\"abi\":1,\"x\":-0.5e+3,\"f\":false,\"e\":{}} \r\n";
    json_t *root = load(s, strlen(s), JT_OK), *rows, *row;
    ck_assert(json_is_object(root));
    ck_assert_uint_eq(json_object_size(root), 8);
    ck_assert(json_is_true(json_object_get(root, "ok")));
    ck_assert(json_is_false(json_object_get(root, "f")));
    ck_assert_str_eq(json_string_value(json_object_get(root, "tag")), "SELECT 2");
    ck_assert_int_eq(json_integer_value(json_object_get(root, "abi")), 1);
    ck_assert(json_real_value(json_object_get(root, "x")) == -500.0);
    ck_assert_uint_eq(json_object_size(json_object_get(root, "e")), 0);
    ck_assert_ptr_null(json_object_get(root, "missing"));
    rows = json_object_get(root, "rows");
    ck_assert_uint_eq(json_array_size(rows), 2);
    row = json_array_get(rows, 0);
    ck_assert_str_eq(json_string_value(json_array_get(row, 0)), "27536791415282");
    ck_assert(json_is_null(json_array_get(row, 1)));
    row = json_array_get(rows, 1);
    ck_assert_str_eq(json_string_value(json_array_get(row, 1)), "a \"b\"\n");
    ck_assert_uint_eq(json_string_length(json_array_get(row, 1)), 6);
    ck_assert_str_eq(jt_json_kind(root), "object");
    ck_assert_str_eq(jt_json_kind(rows), "array");
    ck_assert_str_eq(jt_json_kind(json_object_get(root, "x")), "number");
    ck_assert_str_eq(jt_json_kind(json_object_get(root, "abi")), "number");
    ck_assert_str_eq(jt_json_kind(json_object_get(root, "f")), "boolean");
    ck_assert_str_eq(jt_json_kind(json_array_get(json_array_get(rows, 0), 1)), "null");
    ck_assert_str_eq(jt_json_kind(json_object_get(root, "tag")), "string");
    json_decref(root);
}
END_TEST

START_TEST(loads_escapes_and_utf8) {
    const char *s = "[\"\\u00e9\\u20ac\\ud83d\\ude00\\/\\b\\f\\r\\t\\\\\", \"é€😀\"]";
    json_t *v = load(s, strlen(s), JT_OK);
    ck_assert_str_eq(json_string_value(json_array_get(v, 0)), "é€😀/\b\f\r\t\\");
    ck_assert_str_eq(json_string_value(json_array_get(v, 1)), "é€😀");
    json_decref(v);
    v = load("\"\"", 2, JT_OK); /* any value, not only objects and arrays */
    ck_assert_str_eq(json_string_value(v), "");
    json_decref(v);
}
END_TEST

/* Every one of these is refused with JT_EPARSE and a "byte N: ..." message (jansson's). */
static const struct {
    const char *text;
    const char *message;
} refused[] = {
    {"", "byte 1: unexpected token near end of file"},
    {"   ", "byte 3: unexpected token near end of file"},
    {"this is not JSON", "byte 4: invalid token near 'this'"},
    {"{\"ok\":tr", "byte 8: invalid token near 'tr'"},
    {"{\"ok\":true}x", "byte 12: end of file expected near 'x'"},
    {"{\"ok\":true}\n{\"ok\":true}", "byte 13: end of file expected near '{'"},
    {"{\"ok\":true,}", "byte 12: string or '}' expected near '}'"},
    {"[1,]", "byte 4: unexpected token near ']'"},
    {"[1 2]", "byte 4: ']' expected near '2'"},
    {"{\"a\" 1}", "byte 6: ':' expected near '1'"},
    {"{a:1}", "byte 2: string or '}' expected near 'a'"},
    {"{\"a\":1,\"a\":2}", "byte 10: duplicate object key near '\"a\"'"},
    {"'single'", "byte 1: invalid token near '''"},
    {"\"unterminated", "byte 13: premature end of input near '\"unterminated'"},
    {"\"tab\there\"", "byte 4: control character 0x9 near '\"tab'"},
    {"\"\\x\"", "byte 3: invalid escape near '\"\\x'"},
    {"\"\\u0000\"", "byte 8: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"\\u0000\"'"},
    {"\"\\ud800\"", "byte 8: invalid Unicode '\\uD800' near '\"\\ud800\"'"},
    {"\"\\udc00\"", "byte 8: invalid Unicode '\\uDC00' near '\"\\udc00\"'"},
    {"\"\xff\"", "byte 1: unable to decode byte 0xff near '\"'"},
    {"\"\xc0\xaf\"", "byte 1: unable to decode byte 0xc0 near '\"'"},         /* overlong '/' */
    {"\"\xed\xa0\x80\"", "byte 1: unable to decode byte 0xed near '\"'"},     /* a surrogate */
    {"\"\xf4\x90\x80\x80\"", "byte 1: unable to decode byte 0xf4 near '\"'"}, /* past U+10FFFF */
    {"\"\xe2\x82\"", "byte 1: unable to decode byte 0xe2 near '\"'"},         /* cut short */
    {"\xff", "byte 1: unable to decode byte 0xff"},
    {"[\"\xc3\xa9\" \x01]", "byte 7: ']' expected near '?'"}, /* quoted input: ASCII only */
    {"01", "byte 1: invalid token near '0'"},
    {"-", "byte 1: invalid token near '-'"},
    {"1.", "byte 2: invalid token near '1.'"},
    {"NaN", "byte 3: invalid token near 'NaN'"},
    {"[1] // comment", "byte 5: end of file expected near '/'"},
    {"99999999999999999999", "byte 20: too big integer near '99999999999999999999'"},
};

START_TEST(refuses_what_is_not_strict_json) {
    json_t *v = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_json_load(&v, refused[_i].text, strlen(refused[_i].text), &err), JT_EPARSE);
    ck_assert_ptr_null(v);
    ck_assert_str_eq(err.message, refused[_i].message);
}
END_TEST

/* n times open, then n times close: "[[[...]]]" */
static char *nested(size_t n, char open, char close) {
    char *s = malloc(2 * n + 1);
    ck_assert_ptr_nonnull(s);
    memset(s, open, n);
    memset(s + n, close, n);
    s[2 * n] = '\0';
    return s;
}

/* {"k0":[1,2],"k1":[1,2],...} with n members */
static char *members(size_t n) {
    char *s = malloc(16 * (n + 2));
    size_t i, len = 0;
    ck_assert_ptr_nonnull(s);
    s[len++] = '{';
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(s + len, "%s\"k%zu\":[1,2]", i ? "," : "", i);
    s[len++] = '}';
    s[len] = '\0';
    return s;
}

START_TEST(bounds_nesting_and_members) {
    json_t *v = NULL;
    jt_error err;
    char *s = nested(JT_JSON_MAX_DEPTH, '[', ']');
    json_decref(load(s, strlen(s), JT_OK));
    free(s);
    s = nested(JT_JSON_MAX_DEPTH + 1, '[', ']'); /* past it: refused where it goes past */
    ck_assert_int_eq(jt_json_load(&v, s, strlen(s), &err), JT_ELIMIT);
    ck_assert_str_eq(err.message, "byte 33: nested deeper than 32");
    free(s);
    s = members(JT_JSON_MAX_MEMBERS);
    v = load(s, strlen(s), JT_OK);
    ck_assert_uint_eq(json_object_size(v), JT_JSON_MAX_MEMBERS);
    json_decref(v);
    free(s);
    s = members(JT_JSON_MAX_MEMBERS + 1);
    ck_assert_int_eq(jt_json_load(&v, s, strlen(s), &err), JT_ELIMIT);
    ck_assert_ptr_null(v);
    ck_assert_ptr_nonnull(strstr(err.message, ": more than 1024 members"));
    free(s);
}
END_TEST

/* The bounds count the brackets and commas of the JSON, not those in its strings; an error
   before the place past a bound is the one reported, as a reader that stops at the first. */
START_TEST(bounds_where_they_are) {
    json_t *v = NULL;
    jt_error err;
    char s[256];
    snprintf(s, sizeof s, "[\"%s\", \"\\\"%s\"]", ",,,,,,,,{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    json_decref(load(s, strlen(s), JT_OK));
    snprintf(s, sizeof s, "[1,]%s", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    ck_assert_int_eq(jt_json_load(&v, s, strlen(s), &err), JT_EPARSE);
    ck_assert_str_eq(err.message, "byte 4: unexpected token near ']'");
    snprintf(s, sizeof s, "%s1.x", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    ck_assert_int_eq(jt_json_load(&v, s, strlen(s), &err), JT_ELIMIT);
    ck_assert_str_eq(err.message, "byte 33: nested deeper than 32");
}
END_TEST

START_TEST(loads_with_an_embedded_nul_in_the_input) {
    json_t *v = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_json_load(&v, "[1]\0[2]", 7, &err), JT_EPARSE);
    ck_assert_str_eq(err.message, "byte 4: end of file expected near end of file");
}
END_TEST

START_TEST(writes_strings) {
    const char *s = "a\"b\\c\nd\te\r\x01\x1f\x7f é";
    json_t *obj = json_object(), *back;
    jt_strbuf sb;
    jt_strbuf_init(&sb, 1000);
    ck_assert_int_eq(jt_json_set_string(obj, "s", s), JT_OK);
    ck_assert_int_eq(jt_json_set_string(obj, "n", NULL), JT_OK);
    ck_assert_int_eq(jt_json_dump(&sb, obj), JT_OK);
    ck_assert_str_eq(sb.data, "{\"s\":\"a\\\"b\\\\c\\nd\\te\\r\\u0001\\u001F\x7f é\",\"n\":null}");
    /* what the writer writes, the reader reads back */
    back = load(sb.data, sb.len, JT_OK);
    ck_assert(json_equal(back, obj));
    json_decref(back);
    /* not UTF-8: refused, the object unchanged */
    ck_assert_int_eq(jt_json_set_string(obj, "bad", "bad \xff"), JT_EINVAL);
    ck_assert_uint_eq(json_object_size(obj), 2);
    json_decref(obj);
    jt_strbuf_dispose(&sb);
    /* the buffer's cap: refused, nothing half written */
    jt_strbuf_init(&sb, 6);
    obj = json_string("abc");
    ck_assert_int_eq(jt_json_dump(&sb, obj), JT_OK);
    json_decref(obj);
    obj = json_string("x");
    ck_assert_int_eq(jt_json_dump(&sb, obj), JT_ELIMIT);
    ck_assert_str_eq(sb.data, "\"abc\"");
    json_decref(obj);
    jt_strbuf_dispose(&sb);
}
END_TEST

int main(void) {
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("json");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, loads_a_reply);
    tcase_add_test(tc, loads_escapes_and_utf8);
    tcase_add_loop_test(tc, refuses_what_is_not_strict_json, 0,
                        (int)(sizeof refused / sizeof refused[0]));
    tcase_add_test(tc, bounds_nesting_and_members);
    tcase_add_test(tc, bounds_where_they_are);
    tcase_add_test(tc, loads_with_an_embedded_nul_in_the_input);
    tcase_add_test(tc, writes_strings);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
