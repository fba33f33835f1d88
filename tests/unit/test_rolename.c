/* Check suite of role names (model/rolename.c): the normal form CockroachDB makes of a name
   typed in CREATE|DROP|ALTER ROLE|USER, and the refusals of each release's rules, with their
   texts as Go's %q quotes the name. Expectations from CockroachDB's sources, cited in
   model/rolename.c and docs/profiles.md "Role names". */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/common.h"
#include "model/internal/arena.h"
#include "model/internal/rolename.h"

static void normal_is(const char *typed, const char *want) {
    jt_arena a;
    const char *got;
    jt_arena_init(&a, SIZE_MAX);
    got = jt_role_name_normal(&a, typed);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(strcmp(got, want) == 0, "normal form of \"%s\": got \"%s\", want \"%s\"", typed,
                  got, want);
    jt_arena_dispose(&a);
}

/* The refusal of name (typed as raw) under rules for use: its SQLSTATE and text, or NULL. */
static const char *refusal(int rules, int use, const char *raw, const char *name, char *msg,
                           size_t size) {
    return jt_role_name_refusal(rules, use, raw, name, "XXUNC", msg, size);
}

static void refused_as(int rules, int use, const char *name, const char *state, const char *text) {
    char msg[512];
    const char *got = refusal(rules, use, name, name, msg, sizeof msg);
    ck_assert_msg(got != NULL, "rules %d use %d: \"%s\" accepted, want %s %s", rules, use, name,
                  state, text);
    ck_assert_str_eq(got, state);
    ck_assert_str_eq(msg, text);
}

static void accepted(int rules, int use, const char *name) {
    char msg[512];
    const char *got = refusal(rules, use, name, name, msg, sizeof msg);
    ck_assert_msg(got == NULL, "rules %d use %d: \"%s\" refused: %s %s", rules, use, name, got,
                  msg);
}

START_TEST(normal_form_folds_and_composes) {
    normal_is("UsEr1", "user1");
    normal_is("Foo-Bar.baz", "foo-bar.baz");
    normal_is("Ομηρος", "ομηρος");
    normal_is("ΟΜΗΡΟΣ", "ομηροσ");            /* simple mapping per letter: no final sigma */
    normal_is("\xC4\xB0stanbul", "istanbul"); /* U+0130 folds to ASCII i (Go's unicode.ToLower) */
    normal_is("Ca\xCC\x81", "c\xC3\xA1");     /* C a U+0301: lower-cased, then composed to U+00E1 */
    normal_is("a\xFF", "a\xEF\xBF\xBD");      /* a byte that is not UTF-8: U+FFFD */
    normal_is("", "");
}
END_TEST

START_TEST(old_rules_count_characters) {
    /* v2.0 … v19.2: ^[\p{Ll}_][\p{Ll}0-9_-]{0,62}$ */
    char name[64 * 2 + 1], msg[512];
    size_t k;
    accepted(JT_NAMES_V21, JT_NAME_CREATE, "_a-9");
    accepted(JT_NAMES_V21, JT_NAME_CREATE, "ομηρος");
    refused_as(JT_NAMES_V21, JT_NAME_CREATE, "0foo", "XXUNC",
               "username \"0foo\" invalid; usernames are case insensitive, must start with a "
               "letter or underscore, may contain letters, digits, dashes, or underscores, and "
               "must not exceed 63 characters");
    ck_assert_ptr_nonnull(refusal(JT_NAMES_V21, JT_NAME_CREATE, "a.b", "a.b", msg, sizeof msg));
    for (k = 0; k < 63; k++) /* 63 two-byte letters: 126 bytes, 63 characters */
        memcpy(name + 2 * k, "\xCF\x89", 2);
    name[126] = '\0';
    accepted(JT_NAMES_V21, JT_NAME_CREATE, name);
    memcpy(name + 126, "\xCF\x89", 3);
    ck_assert_ptr_nonnull(refusal(JT_NAMES_V21, JT_NAME_CREATE, name, name, msg, sizeof msg));
    refused_as(JT_NAMES_V21, JT_NAME_CREATE, "node", "XXUNC", "username \"node\" reserved");
    refused_as(JT_NAMES_V21, JT_NAME_CREATE, "public", "42939", "role name \"public\" is reserved");
    accepted(JT_NAMES_V20, JT_NAME_CREATE, "public"); /* v2.0: no public role yet */
    accepted(JT_NAMES_V21, JT_NAME_DROP, "public");
    refused_as(JT_NAMES_V21, JT_NAME_CREATE, "", "XXUNC", "no username specified");
    ck_assert_ptr_nonnull(refusal(JT_NAMES_V21, JT_NAME_DROP, "", "", msg, sizeof msg));
}
END_TEST

START_TEST(v201_rules_count_bytes) {
    char name[80], msg[512];
    memset(name, 'a', 63);
    name[63] = '\0';
    accepted(JT_NAMES_V201, JT_NAME_CREATE, name);
    accepted(JT_NAMES_V201, JT_NAME_CREATE, "0123121132");
    accepted(JT_NAMES_V201, JT_NAME_CREATE, "www.bigsite.net");
    name[63] = 'a';
    name[64] = '\0';
    refused_as(
        JT_NAMES_V201, JT_NAME_CREATE, name, "42622",
        "username \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is too "
        "long");
    name[0] = '-'; /* the pattern first: invalid, not too long */
    ck_assert_str_eq(refusal(JT_NAMES_V201, JT_NAME_CREATE, name, name, msg, sizeof msg), "42602");
    refused_as(JT_NAMES_V201, JT_NAME_CREATE, "*.wildcard", "42602",
               "username \"*.wildcard\" invalid");
    refused_as(JT_NAMES_V201, JT_NAME_CREATE, "node", "42939", "username \"node\" reserved");
    refused_as(JT_NAMES_V201, JT_NAME_CREATE, "", "XXUNC", "no username specified");
    accepted(JT_NAMES_V201, JT_NAME_CREATE, "pg_otan");
}
END_TEST

START_TEST(v212_rules_and_reserved_names) {
    char name[80], msg[512];
    memset(name, '-', 64); /* too long comes before invalid */
    name[64] = '\0';
    ck_assert_str_eq(refusal(JT_NAMES_V212, JT_NAME_CREATE, name, name, msg, sizeof msg), "42622");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "", "42602", "\"\": username is empty");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "-abc", "42602", "\"-abc\": username is invalid");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "none", "42939", "role name \"none\" is reserved");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "crdb_internal_x", "42939",
               "role name \"crdb_internal_x\" is reserved");
    refused_as(JT_NAMES_V212, JT_NAME_DROP, "pg_x", "42939", "role name \"pg_x\" is reserved");
    accepted(JT_NAMES_V212, JT_NAME_CREATE, "crdb_internal"); /* the prefix has its underscore */
    accepted(JT_NAMES_V212, JT_NAME_ALTER, "-abc");           /* ALTER only folds */
    refused_as(JT_NAMES_V201, JT_NAME_ALTER, "-abc", "42602", "username \"-abc\" invalid");
}
END_TEST

START_TEST(names_quoted_as_go_quotes_them) {
    char msg[64];
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "a\"b\\c", "42602",
               "\"a\\\"b\\\\c\": username is invalid");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "a\tb\x01\x7f", "42602",
               "\"a\\tb\\x01\\x7f\": username is invalid");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "a\xE2\x80\x8B", "42602", /* U+200B: Cf */
               "\"a\\u200b\": username is invalid");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "foo\xE2\x98\x82", "42602", /* ☂: printable */
               "\"foo\xE2\x98\x82\": username is invalid");
    /* a message too small for the name: cut short, still closed by its quote and words */
    ck_assert_ptr_nonnull(refusal(JT_NAMES_V212, JT_NAME_CREATE,
                                  "-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                  "-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                  msg, sizeof msg));
    ck_assert_uint_lt(strlen(msg), sizeof msg);
    ck_assert_msg(strstr(msg, "\": username is invalid") != NULL, "%s", msg);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("rolename");
    TCase *tc = tcase_create("rolename");
    tcase_add_test(tc, normal_form_folds_and_composes);
    tcase_add_test(tc, old_rules_count_characters);
    tcase_add_test(tc, v201_rules_count_bytes);
    tcase_add_test(tc, v212_rules_and_reserved_names);
    tcase_add_test(tc, names_quoted_as_go_quotes_them);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
