/* Check suite of role names (model/rolename.c): the normal form CockroachDB makes of a name
   typed in CREATE|DROP|ALTER ROLE|USER, and the refusals of each release's rules, with their
   texts as Go's %q quotes the name. Expectations from CockroachDB's sources, cited in
   model/rolename.c and docs/profiles.md "Role names". */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/common.h"
#include "model/internal/arena.h"
#include "model/internal/era.h"
#include "model/internal/rolename.h"
#include "model/model.h"

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

/* The refusal of the normal name under rules for use (its form, then reserved names, as a
   statement checks one name): its SQLSTATE and text, or NULL. */
static const char *refusal(int rules, int use, const char *name, char *msg, size_t size) {
    int r = jt_role_name_form(rules, use, name);
    if (r == JT_NAME_OK)
        r = jt_role_name_reserved(rules, use, name);
    return r == JT_NAME_OK ? NULL : jt_role_name_error(rules, r, name, "XXUNC", msg, size);
}

static void refused_as(int rules, int use, const char *name, const char *state, const char *text) {
    char msg[512];
    const char *got = refusal(rules, use, name, msg, sizeof msg);
    ck_assert_msg(got != NULL, "rules %d use %d: \"%s\" accepted, want %s %s", rules, use, name,
                  state, text);
    ck_assert_str_eq(got, state);
    ck_assert_str_eq(msg, text);
}

static void accepted(int rules, int use, const char *name) {
    char msg[512];
    const char *got = refusal(rules, use, name, msg, sizeof msg);
    ck_assert_msg(got == NULL, "rules %d use %d: \"%s\" refused: %s %s", rules, use, name, got,
                  msg);
}

/* The normal form of typed under rules: refused for CREATE (want_state) or not (NULL). */
static void normal_refused(int rules, const char *typed, const char *want_state) {
    jt_arena a;
    char msg[512];
    const char *got;
    jt_arena_init(&a, SIZE_MAX);
    got = refusal(rules, JT_NAME_CREATE, jt_role_name_normal(&a, typed), msg, sizeof msg);
    ck_assert_msg(want_state ? got && strcmp(got, want_state) == 0 : got == NULL,
                  "rules %d: \"%s\": got %s %s, want %s", rules, typed, got ? got : "(accepted)",
                  got ? msg : "", want_state ? want_state : "(accepted)");
    jt_arena_dispose(&a);
}

static char *repeat(const char *s, size_t n) {
    size_t len = strlen(s), k;
    char *out = malloc(len * n + 1);
    ck_assert_ptr_nonnull(out);
    for (k = 0; k < n; k++)
        memcpy(out + k * len, s, len);
    out[len * n] = '\0';
    return out;
}

START_TEST(normal_form_folds_and_composes) {
    normal_is("UsEr1", "user1");
    normal_is("Foo-Bar.baz", "foo-bar.baz");
    normal_is("Ομηρος", "ομηρος");
    normal_is("ΟΜΗΡΟΣ", "ομηροσ");            /* simple mapping per letter: no final sigma */
    normal_is("\xC4\xB0stanbul", "istanbul"); /* U+0130 folds to ASCII i (Go's unicode.ToLower) */
    normal_is("Ca\xCC\x81", "c\xC3\xA1");     /* C a U+0301: lower-cased, then composed to U+00E1 */
    normal_is("\xC4\xB1", "i");          /* U+0131 too: Go's special case, not Unicode's mapping */
    normal_is("a\xFF", "a\xEF\xBF\xBD"); /* a byte that is not UTF-8: U+FFFD */
    normal_is("\xE2\x82"
              "a",
              "\xEF\xBF\xBD\xEF\xBF\xBD"
              "a"); /* one U+FFFD a byte, as Go reads */
    /* U+1D160, a composition exclusion: NFC makes three characters of it (12 bytes of 4) */
    normal_is("\xF0\x9D\x85\xA0", "\xF0\x9D\x85\x98\xF0\x9D\x85\xA5\xF0\x9D\x85\xAE");
    normal_is("", "");
}
END_TEST

START_TEST(old_rules_count_characters) {
    /* v2.0 … v19.2: ^[\p{Ll}_][\p{Ll}0-9_-]{0,62}$ */
    char *name;
    accepted(JT_NAMES_V21, JT_NAME_CREATE, "_a-9");
    accepted(JT_NAMES_V21, JT_NAME_CREATE, "ομηρος");
    refused_as(JT_NAMES_V21, JT_NAME_CREATE, "0foo", "XXUNC",
               "username \"0foo\" invalid; usernames are case insensitive, must start with a "
               "letter or underscore, may contain letters, digits, dashes, or underscores, and "
               "must not exceed 63 characters");
    refused_as(JT_NAMES_V201, JT_NAME_CREATE, "a.b!", "42602", "username \"a.b!\" invalid");
    accepted(JT_NAMES_V201, JT_NAME_CREATE, "a.b");
    ck_assert_int_eq(jt_role_name_form(JT_NAMES_V21, JT_NAME_CREATE, "a.b"), JT_NAME_INVALID);
    name = repeat("\xCF\x89", 63); /* ω: 63 characters, 126 bytes */
    accepted(JT_NAMES_V21, JT_NAME_CREATE, name);
    ck_assert_int_eq(jt_role_name_form(JT_NAMES_V201, JT_NAME_CREATE, name), JT_NAME_TOO_LONG);
    free(name);
    name = repeat("\xCF\x89", 64);
    ck_assert_int_eq(jt_role_name_form(JT_NAMES_V21, JT_NAME_CREATE, name), JT_NAME_INVALID);
    free(name);
    refused_as(JT_NAMES_V21, JT_NAME_CREATE, "node", "XXUNC", "username \"node\" reserved");
    refused_as(JT_NAMES_V21, JT_NAME_DROP, "node", "XXUNC", "username \"node\" reserved");
    refused_as(JT_NAMES_V21, JT_NAME_CREATE, "public", "42939", "role name \"public\" is reserved");
    accepted(JT_NAMES_V20, JT_NAME_CREATE, "public"); /* v2.0: no public role yet */
    accepted(JT_NAMES_V21, JT_NAME_DROP, "public");
    refused_as(JT_NAMES_V21, JT_NAME_CREATE, "", "XXUNC", "no username specified");
    refused_as(JT_NAMES_V21, JT_NAME_ALTER, "", "XXUNC", "no username specified");
    refused_as(JT_NAMES_V21, JT_NAME_DROP, "", "XXUNC",
               "username \"\" invalid; usernames are case insensitive, must start with a letter "
               "or underscore, may contain letters, digits, dashes, or underscores, and must not "
               "exceed 63 characters");
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
    ck_assert_str_eq(refusal(JT_NAMES_V201, JT_NAME_CREATE, name, msg, sizeof msg), "42602");
    refused_as(JT_NAMES_V201, JT_NAME_CREATE, "*.wildcard", "42602",
               "username \"*.wildcard\" invalid");
    refused_as(JT_NAMES_V201, JT_NAME_CREATE, "node", "42939", "username \"node\" reserved");
    refused_as(JT_NAMES_V201, JT_NAME_CREATE, "", "XXUNC", "no username specified");
    refused_as(JT_NAMES_V201, JT_NAME_ALTER, "", "XXUNC", "no username specified");
    refused_as(JT_NAMES_V201, JT_NAME_ALTER, "-abc", "42602", "username \"-abc\" invalid");
    accepted(JT_NAMES_V201, JT_NAME_CREATE, "pg_otan");
}
END_TEST

START_TEST(v212_rules_and_reserved_names) {
    char name[80], msg[512];
    memset(name, '-', 64); /* too long comes before invalid */
    name[64] = '\0';
    ck_assert_str_eq(refusal(JT_NAMES_V212, JT_NAME_CREATE, name, msg, sizeof msg), "42622");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "", "42602", "\"\": username is empty");
    refused_as(JT_NAMES_V212, JT_NAME_DROP, "", "42602", "\"\": username is empty");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "-abc", "42602", "\"-abc\": username is invalid");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "none", "42939", "role name \"none\" is reserved");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "node", "42939", "role name \"node\" is reserved");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "crdb_internal_x", "42939",
               "role name \"crdb_internal_x\" is reserved");
    refused_as(JT_NAMES_V212, JT_NAME_DROP, "pg_x", "42939", "role name \"pg_x\" is reserved");
    accepted(JT_NAMES_V212, JT_NAME_CREATE, "crdb_internal"); /* the prefix has its underscore */
    accepted(JT_NAMES_V212, JT_NAME_ALTER, "-abc");           /* ALTER only folds */
    accepted(JT_NAMES_V212, JT_NAME_ALTER, "public");
}
END_TEST

/* The checks see the normal form: lower-casing may lengthen or shorten a name's bytes. */
START_TEST(rules_see_the_normal_form) {
    char *grows = repeat("\xC8\xBA", 32), *shrinks = repeat("\xE2\xB1\xAF", 21), *exclusions;
    normal_refused(JT_NAMES_V212, grows, "42622"); /* Ⱥ, 2 bytes, is ⱥ, 3: 96 bytes */
    normal_refused(JT_NAMES_V21, grows, NULL);     /* … and 32 characters */
    normal_refused(JT_NAMES_V212, shrinks, NULL);  /* Ɐ, 3 bytes, is ɐ, 2: 42 bytes */
    exclusions = repeat("\xF0\x9D\x85\xA0", 15);   /* 60 bytes, 180 once composed */
    normal_refused(JT_NAMES_V212, exclusions, "42622");
    normal_refused(JT_NAMES_V212, "FOO", NULL);
    normal_refused(JT_NAMES_V212, "\xC4\xB0Stanbul", NULL);
    free(grows);
    free(shrinks);
    free(exclusions);
}
END_TEST

/* Every profile's era has rules of its own (0 is no era's). */
START_TEST(every_profile_has_rules) {
    size_t k;
    for (k = 0; jt_profiles[k]; k++) {
        int rules = jt_era_of(jt_profiles[k])->role_names;
        ck_assert_msg(rules >= JT_NAMES_V20 && rules <= JT_NAMES_V212, "%s: rules %d",
                      jt_profile_name(jt_profiles[k]), rules);
    }
}
END_TEST

START_TEST(names_quoted_as_go_quotes_them) {
    char msg[48];
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "a\"b\\c", "42602",
               "\"a\\\"b\\\\c\": username is invalid");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "a\tb\x01\x7f", "42602",
               "\"a\\tb\\x01\\x7f\": username is invalid");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "a\xE2\x80\x8B", "42602", /* U+200B: Cf */
               "\"a\\u200b\": username is invalid");
    refused_as(JT_NAMES_V212, JT_NAME_CREATE, "foo\xE2\x98\x82", "42602", /* ☂: printable */
               "\"foo\xE2\x98\x82\": username is invalid");
    /* a message too small for the name: cut short, as snprintf cuts */
    ck_assert_str_eq(jt_role_name_error(JT_NAMES_V212, JT_NAME_INVALID,
                                        "-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                        "XXUNC", msg, sizeof msg),
                     "42602");
    ck_assert_str_eq(msg, "\"-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}
END_TEST

/* Many names in one DROP: the checks take no room of their own per name. */
START_TEST(a_drop_of_many_names) {
    jt_model *m = NULL;
    jt_error err;
    jt_result r;
    size_t k, n = 20000;
    char *sql = malloc(32 + n * 8), *w = sql;
    memset(&err, 0, sizeof err);
    ck_assert_ptr_nonnull(sql);
    ck_assert_int_eq(jt_model_new(&m, jt_profile_find("v25.3"), &err), 0);
    w += sprintf(w, "DROP ROLE IF EXISTS r0");
    for (k = 1; k < n; k++)
        w += sprintf(w, ", r%zu", k);
    ck_assert_int_eq(jt_model_exec(m, "root", sql, &r, &err), 0);
    ck_assert_msg(!r.failed, "%s %s", r.sqlstate, r.message ? r.message : "");
    ck_assert_str_eq(r.tag, "DROP ROLE");
    jt_result_dispose(&r);
    jt_model_free(m);
    free(sql);
}
END_TEST

/* GRANT and REVOKE of a role with the admin role as a member: a role granted to itself is
   refused; admin as the member of another role is outside the kit. Both once crashed the
   model (users[-1]). */
START_TEST(admin_as_a_member) {
    static const struct {
        const char *sql, *state;
    } steps[] = {{"GRANT admin TO admin", "0LP01"},
                 {"CREATE ROLE r", NULL},
                 {"GRANT r TO r", "0LP01"},
                 {"GRANT r TO admin", JT_OUTSIDE_SQLSTATE},
                 {"REVOKE r FROM admin", JT_OUTSIDE_SQLSTATE},
                 {"GRANT r TO testuser", NULL}};
    size_t k, p;
    for (p = 0; jt_profiles[p]; p++) {
        jt_model *m = NULL;
        jt_error err;
        memset(&err, 0, sizeof err);
        ck_assert_int_eq(jt_model_new(&m, jt_profiles[p], &err), 0);
        for (k = 0; k < sizeof steps / sizeof steps[0]; k++) {
            jt_result r;
            ck_assert_int_eq(jt_model_exec(m, "root", steps[k].sql, &r, &err), 0);
            ck_assert_msg(steps[k].state ? r.failed && strcmp(r.sqlstate, steps[k].state) == 0
                                         : !r.failed,
                          "%s: %s: got %s %s", jt_profile_name(jt_profiles[p]), steps[k].sql,
                          r.failed ? r.sqlstate : "success", r.message ? r.message : "");
            jt_result_dispose(&r);
        }
        jt_model_free(m);
    }
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("rolename");
    TCase *tc = tcase_create("rolename");
    tcase_add_test(tc, normal_form_folds_and_composes);
    tcase_add_test(tc, old_rules_count_characters);
    tcase_add_test(tc, v201_rules_count_bytes);
    tcase_add_test(tc, v212_rules_and_reserved_names);
    tcase_add_test(tc, rules_see_the_normal_form);
    tcase_add_test(tc, every_profile_has_rules);
    tcase_add_test(tc, names_quoted_as_go_quotes_them);
    tcase_add_test(tc, a_drop_of_many_names);
    tcase_add_test(tc, admin_as_a_member);
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
