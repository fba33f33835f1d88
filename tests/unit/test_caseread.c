/* Check suite of sim/cases/caseread.c: the case-language reader. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/common.h"
#include "sim/cases/case.h"

static jt_case_file *parse_ok(const char *text) {
    jt_case_file *cf = NULL;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_case_parse(&cf, "t.test", text, strlen(text), &err);
    ck_assert_msg(rc == 0, "parse failed (%d): %s", rc, err.message);
    ck_assert_ptr_nonnull(cf);
    return cf;
}

/* Parses text, expecting an error with that code, line and message. */
static void parse_fails(const char *text, int code, int line, const char *message) {
    jt_case_file *cf = NULL;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_case_parse(&cf, "t.test", text, strlen(text), &err);
    ck_assert_ptr_null(cf);
    ck_assert_int_eq(rc, code);
    ck_assert_int_eq(err.code, code);
    ck_assert_int_eq(err.line, line);
    ck_assert_str_eq(err.message, message);
}

#define EPARSE(text, line, message) parse_fails(text, JT_EPARSE, line, message)

/* ---- records ------------------------------------------------------------------------- */

START_TEST(empty_and_comments) {
    jt_case_file *cf = parse_ok("");
    ck_assert_uint_eq(cf->nrecords, 0);
    ck_assert_str_eq(cf->path, "t.test");
    jt_case_free(cf);
    cf = parse_ok("# LogicTest: local\n\n# a comment\n   \n\t\n# another\n");
    ck_assert_uint_eq(cf->nrecords, 0);
    jt_case_free(cf);
}
END_TEST

START_TEST(statement_ok) {
    jt_case_file *cf = parse_ok("# LogicTest: local\n"
                                "\n"
                                "statement ok\n"
                                "PAUSE JOB 1\n"
                                "\n"
                                "statement ok count 2\n"
                                "PAUSE JOBS\n"
                                "  VALUES (1), (2);\n"
                                "\n"
                                "statement count 0\n"
                                "PAUSE JOBS SELECT 1 WHERE false\n");
    const jt_case_record *r = cf->records;
    ck_assert_uint_eq(cf->nrecords, 3);
    ck_assert_int_eq(r[0].kind, JT_CASE_STATEMENT);
    ck_assert_int_eq(r[0].line, 3);
    ck_assert_int_eq(r[0].expect, JT_EXPECT_OK);
    ck_assert_int_eq(r[0].has_count, 0);
    ck_assert_str_eq(r[0].sql, "PAUSE JOB 1");
    ck_assert_str_eq(jt_case_kind_name(&r[0]), "statement ok");
    ck_assert_int_eq(jt_case_counted(&r[0]), 1);
    ck_assert_int_eq(r[1].line, 6);
    ck_assert_int_eq(r[1].has_count, 1);
    ck_assert_int_eq(r[1].count, 2);
    ck_assert_str_eq(r[1].sql, "PAUSE JOBS\n  VALUES (1), (2);");
    ck_assert_int_eq(r[2].line, 10);
    ck_assert_int_eq(r[2].expect, JT_EXPECT_OK);
    ck_assert_int_eq(r[2].has_count, 1);
    ck_assert_int_eq(r[2].count, 0);
    ck_assert_str_eq(jt_case_kind_name(&r[2]), "statement ok");
    jt_case_free(cf);
}
END_TEST

START_TEST(statement_error_forms) {
    jt_case_file *cf = parse_ok("statement error job with ID \\d+ does not exist  \n"
                                "PAUSE JOB 9\n"
                                "\n"
                                "statement error pgcode 42501 ^only users with the admin role\n"
                                "PAUSE JOB 1\n"
                                "\n"
                                "statement error pgcode XX000\n"
                                "PAUSE JOB 2\n"
                                "\n"
                                "statement error-code 22P02\n"
                                "PAUSE JOB 'foo'\n"
                                "\n"
                                "statement error-code XXUUU can(not)? pause\n"
                                "PAUSE JOB 3\n"
                                "\n"
                                "query error pgcode 42501 only users\n"
                                "SHOW JOBS\n"
                                "\n"
                                "query error does not have SELECT privilege\n"
                                "SHOW JOBS\n");
    const jt_case_record *r = cf->records;
    ck_assert_uint_eq(cf->nrecords, 7);
    ck_assert_int_eq(r[0].expect, JT_EXPECT_ERROR);
    ck_assert_str_eq(r[0].error_regex, "job with ID \\d+ does not exist");
    ck_assert_ptr_nonnull(r[0].error_re);
    ck_assert_str_eq(r[0].sqlstate, "");
    ck_assert(jt_case_regex_match(r[0].error_re, "job with ID 42 does not exist"));
    ck_assert(!jt_case_regex_match(r[0].error_re, "job with ID x does not exist"));
    ck_assert_str_eq(jt_case_kind_name(&r[0]), "statement error");
    ck_assert_str_eq(r[1].sqlstate, "42501");
    ck_assert_str_eq(r[1].error_regex, "^only users with the admin role");
    ck_assert_str_eq(r[2].sqlstate, "XX000");
    ck_assert_ptr_null(r[2].error_regex);
    ck_assert_ptr_null(r[2].error_re);
    ck_assert_str_eq(r[3].sqlstate, "22P02");
    ck_assert_ptr_null(r[3].error_regex);
    ck_assert_str_eq(r[4].sqlstate, "XXUUU");
    ck_assert_str_eq(r[4].error_regex, "can(not)? pause");
    ck_assert_int_eq(r[5].kind, JT_CASE_QUERY);
    ck_assert_int_eq(r[5].expect, JT_EXPECT_ERROR);
    ck_assert_str_eq(r[5].sqlstate, "42501");
    ck_assert_str_eq(r[5].sql, "SHOW JOBS");
    ck_assert_str_eq(jt_case_kind_name(&r[5]), "query error");
    ck_assert_str_eq(r[6].error_regex, "does not have SELECT privilege");
    ck_assert_ptr_null(r[6].types);
    jt_case_free(cf);
}
END_TEST

START_TEST(query_forms) {
    jt_case_file *cf = parse_ok("query IT\n"
                                "SELECT job_id, status\n"
                                "FROM [SHOW JOBS]\n"
                                "----\n"
                                "1 running\n"
                                "2  paused\n"
                                "\n"
                                "query IT colnames rowsort retry\n"
                                "SELECT job_id, status FROM [SHOW JOBS]\n"
                                "----\n"
                                "job_id status\n"
                                "\n"
                                "query I valuesort\n"
                                "SELECT job_id FROM [SHOW JOBS]\n"
                                "\n"
                                "query T nosort\n"
                                "SELECT status FROM [SHOW JOBS]\n"
                                "----\n");
    const jt_case_record *r = cf->records;
    ck_assert_uint_eq(cf->nrecords, 4);
    ck_assert_int_eq(r[0].kind, JT_CASE_QUERY);
    ck_assert_int_eq(r[0].expect, JT_EXPECT_ROWS);
    ck_assert_str_eq(r[0].types, "IT");
    ck_assert_uint_eq(r[0].flags, 0);
    ck_assert_str_eq(r[0].sql, "SELECT job_id, status\nFROM [SHOW JOBS]");
    ck_assert_int_eq(r[0].has_separator, 1);
    ck_assert_uint_eq(r[0].nresults, 2);
    ck_assert_str_eq(r[0].results[0], "1 running");
    ck_assert_str_eq(r[0].results[1], "2  paused");
    ck_assert_str_eq(jt_case_kind_name(&r[0]), "query");
    ck_assert_int_eq(r[1].line, 8);
    ck_assert_uint_eq(r[1].flags, JT_QUERY_COLNAMES | JT_QUERY_ROWSORT | JT_QUERY_RETRY);
    ck_assert_uint_eq(r[1].nresults, 1);
    ck_assert_uint_eq(r[2].flags, JT_QUERY_VALUESORT);
    ck_assert_int_eq(r[2].has_separator, 0);
    ck_assert_uint_eq(r[2].nresults, 0);
    ck_assert_uint_eq(r[3].flags, JT_QUERY_NOSORT);
    ck_assert_int_eq(r[3].has_separator, 1);
    ck_assert_uint_eq(r[3].nresults, 0);
    jt_case_free(cf);
}
END_TEST

/* Multi-line SQL points into the file's text where its lines are next to each other, and is a
   copy where they are not (CRLF); either way its lines are joined by '\n' alone. */
START_TEST(multiline_sql_in_place_and_copied) {
    jt_case_file *cf = parse_ok("statement ok\nPAUSE JOBS\n  VALUES (1),\n  (2)\n\n"
                                "statement ok\r\nRESUME JOBS\r\nVALUES (3)\n  , (4)\r\n\r\n"
                                "statement ok\nCANCEL JOBS\nVALUES (5)\r\n(6)\n\n"
                                "query T rowsort\nSELECT 'a  b'\n----\n  a\tb  c \n");
    ck_assert_uint_eq(cf->nrecords, 4);
    ck_assert_str_eq(cf->records[0].sql, "PAUSE JOBS\n  VALUES (1),\n  (2)");
    ck_assert_ptr_eq(cf->records[0].sql, cf->text + strlen("statement ok\n"));
    ck_assert_str_eq(cf->records[1].sql, "RESUME JOBS\nVALUES (3)\n  , (4)");
    ck_assert_str_eq(cf->records[2].sql, "CANCEL JOBS\nVALUES (5)\n(6)");
    /* the expected lines as written, and their tokens */
    ck_assert_uint_eq(cf->records[3].nresults, 1);
    ck_assert_str_eq(cf->records[3].results[0], "  a\tb  c ");
    ck_assert_uint_eq(cf->records[3].first_token[0], 0);
    ck_assert_uint_eq(cf->records[3].first_token[1], 3);
    ck_assert_uint_eq(cf->records[3].tokens[0].off, 2);
    ck_assert_uint_eq(cf->records[3].tokens[0].len, 1);
    ck_assert_uint_eq(cf->records[3].tokens[1].off, 4);
    ck_assert_uint_eq(cf->records[3].tokens[2].off, 7);
    ck_assert_ptr_null(cf->records[0].tokens);
    jt_case_free(cf);
}
END_TEST

START_TEST(crlf_and_no_final_newline) {
    jt_case_file *cf =
        parse_ok("statement ok\r\nPAUSE JOB 1\r\n\r\nquery I\r\nSELECT 1\r\n----\r\n1");
    ck_assert_uint_eq(cf->nrecords, 2);
    ck_assert_str_eq(cf->records[0].sql, "PAUSE JOB 1");
    ck_assert_uint_eq(cf->records[1].nresults, 1);
    ck_assert_str_eq(cf->records[1].results[0], "1");
    jt_case_free(cf);
}
END_TEST

START_TEST(subtest_covers_user_halt) {
    jt_case_file *cf = parse_ok("covers PJ-A\n"
                                "subtest first\n"
                                "user testuser\n"
                                "statement ok\n"
                                "SHOW JOBS\n"
                                "\n"
                                "covers PJ-B PJ-C\n"
                                "\n"
                                "user root nodeidx=1\n"
                                "\n"
                                "statement ok\n"
                                "SHOW JOBS\n"
                                "\n"
                                "subtest end\n"
                                "halt\n"
                                "statement ok\n"
                                "SHOW JOBS\n");
    const jt_case_record *r = cf->records;
    ck_assert_uint_eq(cf->nrecords, 10);
    ck_assert_int_eq(r[0].kind, JT_CASE_COVERS);
    ck_assert_uint_eq(r[0].nwords, 1);
    ck_assert_str_eq(r[0].words[0], "PJ-A");
    ck_assert_int_eq(r[1].kind, JT_CASE_SUBTEST);
    ck_assert_str_eq(r[1].arg, "first");
    ck_assert_int_eq(r[2].kind, JT_CASE_USER);
    ck_assert_str_eq(r[2].arg, "testuser");
    ck_assert_int_eq(r[2].line, 3);
    ck_assert_int_eq(jt_case_counted(&r[2]), 0);
    ck_assert_int_eq(r[3].kind, JT_CASE_STATEMENT);
    ck_assert_str_eq(r[3].subtest, "first");
    ck_assert_uint_eq(r[3].ncovers, 1);
    ck_assert_str_eq(r[3].covers[0], "PJ-A");
    ck_assert_int_eq(r[4].kind, JT_CASE_COVERS);
    ck_assert_str_eq(r[5].arg, "root");
    ck_assert_str_eq(r[6].subtest, "first");
    ck_assert_uint_eq(r[6].ncovers, 2);
    ck_assert_str_eq(r[6].covers[1], "PJ-C");
    ck_assert_int_eq(r[7].kind, JT_CASE_SUBTEST);
    ck_assert_ptr_null(r[7].arg);
    ck_assert_int_eq(r[8].kind, JT_CASE_HALT);
    ck_assert_int_eq(r[8].line, 15);
    ck_assert_ptr_null(r[8].subtest);
    ck_assert_ptr_null(r[9].subtest);
    ck_assert_uint_eq(r[9].ncovers, 2);
    jt_case_free(cf);
}
END_TEST

/* An id named again by a later covers line is the same string (readers of the results know
   an id by its address); a new id is its own. */
START_TEST(covers_ids_kept_once) {
    jt_case_file *cf = parse_ok("covers PJ-A PJ-B\n"
                                "statement ok\nPAUSE JOB 1\n\n"
                                "covers PJ-B PJ-AB PJ-A\n"
                                "statement ok\nPAUSE JOB 2\n");
    const jt_case_record *r = cf->records;
    ck_assert_uint_eq(cf->nrecords, 4);
    ck_assert_uint_eq(r[3].ncovers, 3);
    ck_assert_str_eq(r[3].covers[1], "PJ-AB");
    ck_assert_ptr_eq(r[3].covers[0], r[1].covers[1]); /* PJ-B */
    ck_assert_ptr_eq(r[3].covers[2], r[1].covers[0]); /* PJ-A */
    ck_assert_ptr_ne(r[3].covers[1], r[1].covers[0]);
    jt_case_free(cf);
}
END_TEST

/* A regex written again in a file (trailing space aside) is the one compiled before: the same
   jt_regex and text, compiled once; another one is another. More than the table's first
   slots, so that it grows and still finds them all. */
START_TEST(error_regexes_compiled_once) {
    char text[8192] = "", line[128];
    jt_case_file *cf;
    size_t i;
    for (i = 0; i < 40; i++) {
        snprintf(line, sizeof line,
                 "statement error pgcode XX000 ^job %zu is not controllable$\n"
                 "PAUSE JOB %zu\n\n",
                 i, i);
        strcat(text, line);
    }
    for (i = 0; i < 40; i++) {
        snprintf(line, sizeof line,
                 "statement error ^job %zu is not controllable$ %s\nPAUSE JOB 1\n\n", i,
                 i % 2 ? "\t" : "");
        strcat(text, line);
    }
    strcat(text, "query error ^job 1 is not controllable\nSHOW JOBS\n");
    cf = parse_ok(text);
    ck_assert_uint_eq(cf->nrecords, 81);
    ck_assert_uint_eq(cf->nregexes, 41);
    for (i = 0; i < 40; i++) {
        const jt_case_record *a = &cf->records[i], *b = &cf->records[40 + i];
        snprintf(line, sizeof line, "^job %zu is not controllable$", i);
        ck_assert_str_eq(a->error_regex, line);
        ck_assert_ptr_eq(a->error_regex, b->error_regex);
        ck_assert_ptr_eq(a->error_re, b->error_re);
        ck_assert_str_eq(a->sqlstate, "XX000");
        ck_assert_str_eq(b->sqlstate, "");
        snprintf(line, sizeof line, "job %zu is not controllable", i);
        ck_assert_int_eq(jt_case_regex_match(a->error_re, line), 1);
        ck_assert_ptr_ne(a->error_re, cf->records[(i + 1) % 40].error_re);
    }
    ck_assert_str_eq(cf->records[80].error_regex, "^job 1 is not controllable");
    ck_assert_ptr_ne(cf->records[80].error_re, cf->records[1].error_re);
    jt_case_free(cf);
}
END_TEST

/* The expected lines of a rowsort query have the hashes of their tokens: the same for the same
   tokens however spaced, others for other tokens; other queries have none. */
START_TEST(rowsort_line_hashes) {
    jt_case_file *cf = parse_ok("query IT rowsort\nSELECT 1\n----\n1 a\n  1\ta  \n1a\na 1\n1 a b\n"
                                "1 a\n\n"
                                "query IT\nSELECT 1\n----\n1 a\n");
    const jt_case_record *r = cf->records;
    ck_assert_ptr_nonnull(r[0].line_hash);
    ck_assert_uint_eq(r[0].nresults, 6);
    ck_assert(r[0].line_hash[0] == r[0].line_hash[1]);
    ck_assert(r[0].line_hash[0] == r[0].line_hash[5]);
    ck_assert(r[0].line_hash[0] != r[0].line_hash[2]);
    ck_assert(r[0].line_hash[0] != r[0].line_hash[3]);
    ck_assert(r[0].line_hash[0] != r[0].line_hash[4]);
    ck_assert(r[0].line_hash[2] != r[0].line_hash[3]);
    ck_assert_ptr_null(r[1].line_hash);
    jt_case_free(cf);
}
END_TEST

/* The hash of byte strings (model/common.h), which hashes tokens here and shape keys in the
   model, takes every byte of a string of any length into account, and its length: strings
   one byte apart, or a byte longer, hash apart; the empty string too. */
START_TEST(hash_tells_strings_apart) {
    char a[40], b[40];
    for (size_t n = 1; n <= 33; n++) {
        uint64_t h;
        memset(a, 'a', n);
        memcpy(b, a, n);
        h = jt_hash_bytes(JT_HASH_START, a, n);
        ck_assert(h == jt_hash_bytes(JT_HASH_START, b, n));
        for (size_t i = 0; i < n; i++) {
            b[i] = 'b';
            ck_assert_msg(h != jt_hash_bytes(JT_HASH_START, b, n), "length %zu, byte %zu", n, i);
            b[i] = 'a';
        }
        b[n] = 'a';
        ck_assert(h != jt_hash_bytes(JT_HASH_START, b, n + 1));
    }
    /* "ab" and "abb" have the same first, middle and last bytes */
    ck_assert(jt_hash_bytes(JT_HASH_START, "ab", 2) != jt_hash_bytes(JT_HASH_START, "abb", 3));
    ck_assert(jt_hash_bytes(JT_HASH_START, "", 0) != JT_HASH_START);
    ck_assert(jt_hash_bytes(JT_HASH_START, "", 0) != jt_hash_bytes(JT_HASH_START, "\0", 1));
}
END_TEST

/* Records are made in the room reserved for them, and past it (a file of many short records
   outgrows it) in a spare one, copied: all of them are there either way. */
START_TEST(many_short_records) {
    char text[4096] = "";
    jt_case_file *cf;
    size_t i;
    for (i = 0; i < 400; i++)
        strcat(text, i % 2 ? "user bob\n" : "halt\n");
    cf = parse_ok(text);
    ck_assert_uint_eq(cf->nrecords, 400);
    for (i = 0; i < 400; i++) {
        ck_assert_int_eq(cf->records[i].line, (int)i + 1);
        ck_assert_int_eq(cf->records[i].kind, i % 2 ? JT_CASE_USER : JT_CASE_HALT);
        if (i % 2)
            ck_assert_str_eq(cf->records[i].arg, "bob");
    }
    jt_case_free(cf);
}
END_TEST

START_TEST(fixtures) {
    jt_case_file *cf =
        parse_ok("fixture user maxroach\n"
                 "fixture user 'Big Boss' admin\n"
                 "fixture job id=27536791415282 type=RESTORE status=running user=maxroach "
                 "description='RESTORE db.* FROM ''azure://b''' error=''\n"
                 "fixture job status=failed type='SCHEMA CHANGE' id='9223372036854775807' "
                 "error='it''s \"broken\"'\n"
                 "\n"
                 "fixture job id=1 type=IMPORT status=pending\n");
    const jt_case_record *r = cf->records;
    ck_assert_uint_eq(cf->nrecords, 5);
    ck_assert_int_eq(r[0].kind, JT_CASE_FIXTURE);
    ck_assert_int_eq(r[0].fixture.kind, JT_FIXTURE_USER);
    ck_assert_str_eq(r[0].fixture.name, "maxroach");
    ck_assert_int_eq(r[0].fixture.admin, 0);
    ck_assert_str_eq(r[1].fixture.name, "Big Boss");
    ck_assert_int_eq(r[1].fixture.admin, 1);
    ck_assert_int_eq(r[2].fixture.kind, JT_FIXTURE_JOB);
    ck_assert(r[2].fixture.id == INT64_C(27536791415282));
    ck_assert_str_eq(r[2].fixture.type, "RESTORE");
    ck_assert_str_eq(r[2].fixture.status, "running");
    ck_assert_str_eq(r[2].fixture.user, "maxroach");
    ck_assert_str_eq(r[2].fixture.description, "RESTORE db.* FROM 'azure://b'");
    ck_assert_str_eq(r[2].fixture.error, "");
    ck_assert(r[3].fixture.id == INT64_MAX);
    ck_assert_str_eq(r[3].fixture.type, "SCHEMA CHANGE");
    ck_assert_str_eq(r[3].fixture.status, "failed");
    ck_assert_str_eq(r[3].fixture.error, "it's \"broken\"");
    ck_assert_ptr_null(r[3].fixture.user);
    ck_assert_ptr_null(r[3].fixture.description);
    ck_assert_int_eq(r[4].line, 6);
    ck_assert(r[4].fixture.id == 1);
    ck_assert_ptr_null(r[4].fixture.error);
    jt_case_free(cf);
}
END_TEST

START_TEST(let_forms) {
    jt_case_file *cf = parse_ok("let $job_id\n"
                                "SELECT job_id FROM [SHOW JOBS]\n"
                                "  WHERE status = 'running'\n"
                                "\n"
                                "let $n\n"
                                "query I\n"
                                "SELECT count(*) FROM [SHOW JOBS]\n"
                                "----\n"
                                "2\n"
                                "\n"
                                "statement ok\n"
                                "PAUSE JOB $job_id\n");
    const jt_case_record *r = cf->records;
    ck_assert_uint_eq(cf->nrecords, 3);
    ck_assert_int_eq(r[0].kind, JT_CASE_QUERY);
    ck_assert_int_eq(r[0].line, 1);
    ck_assert_str_eq(r[0].let, "job_id");
    ck_assert_ptr_null(r[0].types);
    ck_assert_int_eq(r[0].expect, JT_EXPECT_ROWS);
    ck_assert_str_eq(r[0].sql, "SELECT job_id FROM [SHOW JOBS]\n  WHERE status = 'running'");
    ck_assert_str_eq(jt_case_kind_name(&r[0]), "let");
    ck_assert_int_eq(jt_case_counted(&r[0]), 1);
    ck_assert_int_eq(r[1].line, 6);
    ck_assert_str_eq(r[1].let, "n");
    ck_assert_str_eq(r[1].types, "I");
    ck_assert_uint_eq(r[1].nresults, 1);
    ck_assert_str_eq(jt_case_kind_name(&r[1]), "query");
    ck_assert_ptr_null(r[2].let);
    jt_case_free(cf);
}
END_TEST

START_TEST(conditions) {
    jt_case_file *cf = parse_ok("skipif model\n"
                                "onlyif config local fakedist # a comment\n"
                                "statement ok\n"
                                "SHOW JOBS\n"
                                "\n"
                                "onlyif v2.1\n"
                                "# comments may come between\n"
                                "halt\n"
                                "skipif postgresql\n"
                                "user testuser\n");
    const jt_case_record *r = cf->records;
    ck_assert_uint_eq(cf->nrecords, 3);
    ck_assert_uint_eq(r[0].nconds, 2);
    ck_assert_int_eq(r[0].line, 3);
    ck_assert_int_eq(r[0].conds[0].skip, 1);
    ck_assert_uint_eq(r[0].conds[0].ntags, 1);
    ck_assert_str_eq(r[0].conds[0].tags[0], "model");
    ck_assert_int_eq(r[0].conds[1].skip, 0);
    ck_assert_uint_eq(r[0].conds[1].ntags, 2);
    ck_assert_str_eq(r[0].conds[1].tags[0], "local");
    ck_assert_str_eq(r[0].conds[1].tags[1], "fakedist");
    ck_assert_int_eq(r[1].kind, JT_CASE_HALT);
    ck_assert_uint_eq(r[1].nconds, 1);
    ck_assert_str_eq(r[1].conds[0].tags[0], "v2.1");
    ck_assert_int_eq(r[2].kind, JT_CASE_USER);
    ck_assert_uint_eq(r[2].nconds, 1);
    jt_case_free(cf);
}
END_TEST

/* ---- malformed input ----------------------------------------------------------------- */

START_TEST(unknown_record) {
    EPARSE("\n\nfrobnicate 1\n", 3,
           "t.test:3:1: unknown record 'frobnicate': expected statement, query, let, user, "
           "fixture, subtest, covers, profile, skipif, onlyif or halt");
    EPARSE("statement ok\nSHOW JOBS\n\nstatement maybe\nSHOW JOBS\n", 4,
           "t.test:4:11: expected 'statement ok', 'statement count <n>', 'statement error "
           "<regex>' or 'statement error-code <SQLSTATE>', got 'statement maybe'");
    EPARSE("  statement ok\nSHOW JOBS\n", 1,
           "t.test:1:1: expected a record at the start of the line, got indented text");
}
END_TEST

START_TEST(statement_without_sql) {
    EPARSE("statement ok\n\nSHOW JOBS\n", 1,
           "t.test:1:1: expected SQL on the line after 'statement ok'");
    EPARSE("# end\nstatement error pgcode 42501\n", 2,
           "t.test:2:1: expected SQL on the line after 'statement error pgcode 42501'");
    EPARSE("query IT\n----\n1 a\n", 1, "t.test:1:1: expected SQL on the line after 'query IT'");
    EPARSE("query I", 1, "t.test:1:1: expected SQL on the line after 'query I'");
}
END_TEST

START_TEST(missing_blank_line) {
    EPARSE("statement ok\nPAUSE JOB 1\nstatement ok\nPAUSE JOB 2\n", 3,
           "t.test:3:1: expected a blank line before this record (the record of line 1 has no "
           "end)");
    EPARSE("query I\nSELECT 1\n----\n1\nquery I\nSELECT 2\n", 5,
           "t.test:5:1: expected a blank line before this record (the results after line 3 have "
           "no end)");
    EPARSE("query I\nSELECT 1\n----\n1\nsubtest next\n", 5,
           "t.test:5:1: expected a blank line before this record (the results after line 3 have "
           "no end)");
    EPARSE("query I\nSELECT 1\n----\n1\n----\n2\n", 5,
           "t.test:5:1: a second '----' in the query of line 1: expected a blank line after its "
           "results");
    EPARSE("statement ok\nSHOW JOBS\n----\n", 3,
           "t.test:3:1: unexpected '----': only 'query <types>' has results");
    EPARSE("query error foo\nSHOW JOBS\n----\n", 3,
           "t.test:3:1: unexpected '----': only 'query <types>' has results");
}
END_TEST

START_TEST(bad_fixtures) {
    EPARSE("fixture job type=IMPORT status=running\n", 1, "t.test:1:39: fixture job: missing id=");
    EPARSE("\nfixture job id=1 status=running\n", 2, "t.test:2:32: fixture job: missing type=");
    EPARSE("fixture job id=1 type=IMPORT\n", 1, "t.test:1:29: fixture job: missing status=");
    EPARSE("fixture job id=1 id=2 type=IMPORT status=running\n", 1,
           "t.test:1:18: repeated key 'id' in fixture job");
    EPARSE("fixture job id=1 type=IMPORT status=running owner=x\n", 1,
           "t.test:1:45: unknown key 'owner' in fixture job: expected id, type, status, user, "
           "description, error, schedule or age");
    EPARSE("fixture job id=1 type=import status=running\n", 1,
           "t.test:1:18: unknown job type 'import': expected one as SHOW JOBS prints it (IMPORT, "
           "'SCHEMA CHANGE', 'ROW LEVEL TTL'…: jobtck profiles NAME lists a profile's)");
    EPARSE("fixture job id=1 type=SCHEMA CHANGE status=running\n", 1,
           "t.test:1:18: unknown job type 'SCHEMA': expected one as SHOW JOBS prints it (IMPORT, "
           "'SCHEMA CHANGE', 'ROW LEVEL TTL'…: jobtck profiles NAME lists a profile's)");
    EPARSE("fixture job id=1 type=IMPORT status=done\n", 1,
           "t.test:1:30: unknown job status 'done': expected pending, running, paused, succeeded, "
           "failed, canceled, pause-requested, cancel-requested, reverting or revert-failed");
    EPARSE("fixture job id=9223372036854775808 type=IMPORT status=running\n", 1,
           "t.test:1:13: expected id=<integer between 1 and 9223372036854775807>, got "
           "id=9223372036854775808");
    EPARSE("fixture job id=-5 type=IMPORT status=running\n", 1,
           "t.test:1:13: expected id=<integer between 1 and 9223372036854775807>, got id=-5");
    EPARSE("fixture job id=0 type=IMPORT status=running\n", 1,
           "t.test:1:13: expected id=<integer between 1 and 9223372036854775807>, got id=0");
    EPARSE("fixture job id=12x type=IMPORT status=running\n", 1,
           "t.test:1:13: expected id=<integer between 1 and 9223372036854775807>, got id=12x");
    EPARSE("fixture job id=1 type=IMPORT status=running description='open\n", 1,
           "t.test:1:57: unterminated quoted value of description=");
    EPARSE("fixture job id=1 type=IMPORT status=running description=it's\n", 1,
           "t.test:1:57: expected the value of description= quoted, as '…' with '' for a quote");
    EPARSE("fixture job id=1 type=IMPORT status=running description='a'b\n", 1,
           "t.test:1:60: expected a space after the quoted value of description=, got 'b'");
    EPARSE("fixture job id=1 type=IMPORT status=running user=\n", 1,
           "t.test:1:50: expected a value after user= (quote an empty one: user='')");
    EPARSE("fixture job id=1 type=IMPORT status=running user=''\n", 1,
           "t.test:1:45: expected a user name for user=");
    EPARSE("fixture job id=1 type=IMPORT status=running junk\n", 1,
           "t.test:1:45: expected key=value in fixture job, got 'junk'");
    EPARSE("fixture thing\n", 1,
           "t.test:1:9: expected 'fixture user <name> [admin]' or 'fixture job id=… type=… "
           "status=…', got 'fixture thing'");
    EPARSE("fixture user\n", 1, "t.test:1:13: expected 'fixture user <name> [admin]'");
    EPARSE(
        "fixture user bob superuser\n", 1,
        "t.test:1:18: expected admin, controljob, viewjob or member-of=<role>[,<role>\xe2\x80\xa6] "
        "(each once) after the user name, got 'superuser'");
    EPARSE(
        "fixture user bob admin admin\n", 1,
        "t.test:1:24: expected admin, controljob, viewjob or member-of=<role>[,<role>\xe2\x80\xa6] "
        "(each once) after the user name, got 'admin'");
    EPARSE("fixture user bob member-of='a, b'\n", 1,
           "t.test:1:28: expected member-of=<role>[,<role>\xe2\x80\xa6] without spaces");
    EPARSE("fixture job id=1 type=IMPORT status=running age=13x\n", 1,
           "t.test:1:45: expected age=<duration> (such as 90s, 30m, 13h or 2d), got age=13x");
    EPARSE("fixture job id=1 type=IMPORT status=running schedule=0\n", 1,
           "t.test:1:45: expected schedule=<integer between 1 and 9223372036854775807>, got "
           "schedule=0");
    EPARSE("profile v2.1\nprofile v20.1\n", 2,
           "t.test:2:1: a second 'profile' record (the first is at line 1)");
    EPARSE("profile v9.9\n", 1, "t.test:1:9: unknown profile 'v9.9' (jobtck profiles lists them)");
    EPARSE("statement ok\nSHOW JOBS\n\nprofile v2.1\n", 4,
           "t.test:4:1: 'profile' must come before the first statement, query or fixture (line 1)");
}
END_TEST

/* The fixtures and the profile record of later versions. */
START_TEST(profiles_and_role_fixtures) {
    jt_case_file *cf = parse_ok("# a comment first\nprofile v20.2 v22.2\n"
                                "fixture user ops controljob viewjob\n"
                                "fixture user alice member-of='ops,dev'\n"
                                "fixture job id=7 type='AUTO CREATE STATS' status=pause-requested "
                                "schedule=42 age=13h\n"
                                "fixture job id=8 type=IMPORT status=reverting age=90\n");
    ck_assert_uint_eq(cf->nprofiles, 2);
    ck_assert_str_eq(cf->profiles[0], "v20.2");
    ck_assert_str_eq(cf->profiles[1], "v22.2");
    ck_assert_int_eq(cf->profile_line, 2);
    ck_assert_uint_eq(cf->records[0].fixture.options, JT_USER_CONTROLJOB | JT_USER_VIEWJOB);
    ck_assert_ptr_null(cf->records[0].fixture.member_of);
    ck_assert_str_eq(cf->records[1].fixture.member_of, "ops,dev");
    ck_assert_str_eq(cf->records[2].fixture.type, "AUTO CREATE STATS");
    ck_assert_str_eq(cf->records[2].fixture.status, "pause-requested");
    ck_assert_int_eq(cf->records[2].fixture.schedule, 42);
    ck_assert_int_eq(cf->records[2].fixture.age_s, 13 * 3600);
    ck_assert_int_eq(cf->records[3].fixture.age_s, 90);
    jt_case_free(cf);
}
END_TEST

START_TEST(bad_regex) {
    jt_case_file *cf = NULL;
    jt_error err;
    const char *text = "\nstatement error (abc\nSHOW JOBS\n";
    int rc = jt_case_parse(&cf, "t.test", text, strlen(text), &err);
    ck_assert_int_eq(rc, JT_EPARSE);
    ck_assert_int_eq(err.line, 2);
    ck_assert_str_eq(err.message, "t.test:2:17: bad regex '(abc': missing )");
    ck_assert_ptr_null(cf);
    /* the column is the regex's, after pgcode too; RE2's reason names the part it refuses */
    EPARSE("statement error pgcode 42501 ([a-z\nSHOW JOBS\n", 1,
           "t.test:1:30: bad regex '([a-z': missing ]: [a-z");
    EPARSE("query error é(?<x>a)\nSHOW JOBS\n", 1,
           "t.test:1:13: bad regex 'é(?<x>a)': invalid perl operator: (?<");
    EPARSE("statement error job \\1\nSHOW JOBS\n", 1,
           "t.test:1:17: bad regex 'job \\1': invalid escape sequence: \\1");
}
END_TEST

/* Case files are UTF-8: columns count characters, and a byte that is not UTF-8 is refused
   where it is. */
START_TEST(utf8_and_columns) {
    jt_case_file *cf = parse_ok("# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"
                                "fixture job id=1 type=RESTORE status=running "
                                "description='r\xc3\xa9sum\xc3\xa9'\n");
    ck_assert_str_eq(cf->records[0].fixture.description, "r\xc3\xa9sum\xc3\xa9");
    jt_case_free(cf);
    EPARSE("# \xc3\xa9\xff\n", 1, "t.test:1:4: invalid UTF-8 (byte 0xff): expected UTF-8 text");
    EPARSE("\n\xc0\xaf\n", 2, "t.test:2:1: invalid UTF-8 (byte 0xc0): expected UTF-8 text");
    EPARSE("# \xed\xa0\x80\n", 1, "t.test:1:3: invalid UTF-8 (byte 0xed): expected UTF-8 text");
    EPARSE("# \xf4\x90\x80\x80\n", 1, "t.test:1:3: invalid UTF-8 (byte 0xf4): expected UTF-8 text");
    EPARSE("# \xe2\x82", 1, "t.test:1:3: invalid UTF-8 (byte 0xe2): expected UTF-8 text");
    EPARSE("statement ok count \xc3\xa9\xc3\xa9 x\nPAUSE JOB 1\n", 1,
           "t.test:1:20: expected a non-negative row count after 'count', got "
           "'\xc3\xa9\xc3\xa9 x'");
    EPARSE("fixture job id=1 type=\xc3\xa9 status=running\n", 1,
           "t.test:1:18: unknown job type '\xc3\xa9': expected one as SHOW JOBS prints it (IMPORT, "
           "'SCHEMA CHANGE', 'ROW LEVEL TTL'…: jobtck profiles NAME lists a profile's)");
}
END_TEST

/* A byte that is not UTF-8 anywhere in a long line, before and after the bytes the reader
   checks 32 and 8 at a time: found, at its column. */
START_TEST(utf8_bad_byte_anywhere) {
    char text[160], want[128];
    size_t k;
    for (k = 2; k < 120; k++) {
        memset(text, 'x', sizeof text);
        text[0] = '#';
        text[1] = ' ';
        text[k] = (char)0xff;
        text[140] = '\n';
        text[141] = '\0';
        snprintf(want, sizeof want, "t.test:1:%zu: invalid UTF-8 (byte 0xff): expected UTF-8 text",
                 k + 1);
        EPARSE(text, 1, want);
    }
}
END_TEST

START_TEST(long_line_and_nul) {
    size_t n = JT_LIMIT_LINE + 64, i;
    char *text = malloc(n + 1);
    jt_case_file *cf = NULL;
    jt_error err;
    int rc;
    ck_assert_ptr_nonnull(text);
    /* exactly JT_LIMIT_LINE bytes is fine */
    strcpy(text, "statement ok\n");
    for (i = strlen(text); i < 13 + JT_LIMIT_LINE; i++)
        text[i] = 'x';
    text[i] = '\0';
    rc = jt_case_parse(&cf, "t.test", text, strlen(text), &err);
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(strlen(cf->records[0].sql), JT_LIMIT_LINE);
    jt_case_free(cf);
    /* one more is not */
    text[i] = 'x';
    text[i + 1] = '\n';
    text[i + 2] = '\0';
    rc = jt_case_parse(&cf, "t.test", text, strlen(text), &err);
    ck_assert_int_eq(rc, JT_EPARSE);
    ck_assert_int_eq(err.line, 2);
    ck_assert_str_eq(err.message, "t.test:2:65537: line longer than 65536 bytes");
    free(text);

    rc = jt_case_parse(&cf, "t.test", "statement ok\nSHOW\0 JOBS\n", 24, &err);
    ck_assert_int_eq(rc, JT_EPARSE);
    ck_assert_int_eq(err.line, 2);
    ck_assert_str_eq(err.message, "t.test:2:5: NUL byte in the line: expected text");
    ck_assert_ptr_null(cf);
}
END_TEST

START_TEST(bad_conditions) {
    EPARSE("skipif model\n\nstatement ok\nSHOW JOBS\n", 1,
           "t.test:1:1: expected a record on the line after skipif/onlyif, got a blank line");
    EPARSE("statement ok\nSHOW JOBS\n\nonlyif model\n", 4,
           "t.test:4:1: expected a record on the line after skipif/onlyif, got the end of the "
           "file");
    EPARSE("onlyif model\n# only a comment\n", 1,
           "t.test:1:1: expected a record on the line after skipif/onlyif, got the end of the "
           "file");
    EPARSE("skipif model\nsubtest x\n", 2,
           "t.test:2:1: expected a statement, query, let, user, fixture or halt after "
           "skipif/onlyif, got 'subtest'");
    EPARSE("skipif\nstatement ok\nSHOW JOBS\n", 1,
           "t.test:1:7: expected a tag (a driver or profile name) after 'skipif'");
    EPARSE("onlyif config\nstatement ok\nSHOW JOBS\n", 1,
           "t.test:1:14: expected a tag (a driver or profile name) after 'onlyif'");
}
END_TEST

START_TEST(bad_headers) {
    EPARSE("query rowsort\nSELECT 1\n", 1,
           "t.test:1:7: expected column types (capital letters such as IT) after 'query', got "
           "'rowsort'");
    EPARSE("query\nSELECT 1\n", 1,
           "t.test:1:6: expected column types (capital letters such as IT) after 'query', got "
           "''");
    EPARSE("query I sorted\nSELECT 1\n", 1,
           "t.test:1:9: unknown query option 'sorted': expected colnames, rowsort, valuesort, "
           "nosort or retry");
    EPARSE("query I rowsort valuesort\nSELECT 1\n", 1,
           "t.test:1:1: expected at most one of rowsort, valuesort and nosort");
    EPARSE("query IT colnames\nSELECT 1\n", 1,
           "t.test:1:1: colnames: expected the column names as the first line after '----'");
    EPARSE("statement ok count x\nSHOW JOBS\n", 1,
           "t.test:1:20: expected a non-negative row count after 'count', got 'x'");
    EPARSE("statement count -1\nSHOW JOBS\n", 1,
           "t.test:1:17: expected a non-negative row count after 'count', got '-1'");
    EPARSE("statement ok 3\nSHOW JOBS\n", 1,
           "t.test:1:14: expected 'count <n>' or the end of the line after 'statement ok', got "
           "'3'");
    EPARSE("statement error\nSHOW JOBS\n", 1,
           "t.test:1:16: expected a regex or 'pgcode XXXXX' after 'statement error'");
    EPARSE("query error   \nSHOW JOBS\n", 1,
           "t.test:1:15: expected a regex or 'pgcode XXXXX' after 'query error'");
    EPARSE("statement error pgcode 4250 x\nSHOW JOBS\n", 1,
           "t.test:1:24: expected a SQLSTATE of 5 digits or capital letters, got '4250'");
    EPARSE("statement error-code\nSHOW JOBS\n", 1,
           "t.test:1:21: expected a SQLSTATE after 'statement error-code'");
    EPARSE("statement error-code 42p01\nSHOW JOBS\n", 1,
           "t.test:1:22: expected a SQLSTATE of 5 digits or capital letters, got '42p01'");
}
END_TEST

START_TEST(bad_let_and_others) {
    EPARSE("let x\nSELECT 1\n", 1, "t.test:1:5: expected 'let $<name>', got 'let x'");
    EPARSE("let $1\nSELECT 1\n", 1, "t.test:1:5: expected 'let $<name>', got 'let $1'");
    EPARSE("let $x y\nSELECT 1\n", 1, "t.test:1:5: expected 'let $<name>', got 'let $x y'");
    EPARSE("let $x\n\nSELECT 1\n", 1, "t.test:1:1: expected a query on the line after 'let $x'");
    EPARSE("let $x", 1, "t.test:1:1: expected a query on the line after 'let $x'");
    EPARSE("let $x\nquery error foo\nSELECT 1\n", 2,
           "t.test:2:1: 'let $x' needs a query that returns a value, not 'query error'");
    EPARSE("let $x\nstatement ok\nSHOW JOBS\n", 2,
           "t.test:2:1: expected a query or its SQL after 'let $x' of line 1");
    EPARSE("let $x\nSELECT 1\n----\n1\n", 3,
           "t.test:3:1: unexpected '----': only 'query <types>' has results");
    EPARSE("halt now\n", 1, "t.test:1:6: expected nothing after 'halt'");
    EPARSE("covers\n", 1,
           "t.test:1:7: expected requirement ids after 'covers' (such as PJ-STATES)");
    EPARSE("subtest  \n", 1, "t.test:1:10: expected 'subtest <name>'");
    EPARSE("user\n", 1, "t.test:1:5: expected 'user <name>'");
    EPARSE("user bob extra\n", 1,
           "t.test:1:10: expected the end of the line after 'user bob', got 'extra'");
}
END_TEST

/* ---- files --------------------------------------------------------------------------- */

START_TEST(read_files) {
    char dir[] = "/tmp/jt_caseread_XXXXXX", path[256];
    jt_case_file *cf = NULL;
    jt_error err;
    FILE *fp;
    int rc;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.test", dir);
    fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs("statement ok\nPAUSE JOB 1\n\nquery I\nSELECT 1\n----\n1\n", fp);
    fclose(fp);
    rc = jt_case_read(&cf, path, &err);
    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(cf->path, path);
    ck_assert_uint_eq(cf->nrecords, 2);
    ck_assert_int_eq(cf->records[1].line, 4);
    jt_case_free(cf);

    fp = fopen(path, "wb");
    fwrite("statement ok\n\0\n", 1, 15, fp);
    fclose(fp);
    rc = jt_case_read(&cf, path, &err);
    ck_assert_int_eq(rc, JT_EPARSE);
    ck_assert_int_eq(err.line, 2);
    ck_assert_ptr_null(cf);

    unlink(path);
    rc = jt_case_read(&cf, path, &err);
    ck_assert_int_eq(rc, JT_EIO);
    ck_assert_int_eq(err.line, 0);
    snprintf(path + strlen(path), sizeof path - strlen(path), ": cannot open: %s",
             "No such file or directory");
    ck_assert_str_eq(err.message, path);
    ck_assert_ptr_null(cf);
    rmdir(dir);
}
END_TEST

/* A file is read a block (64 KiB) at a time: lines that straddle blocks, a line of the
   largest length straddling one, and the errors after the first block keep their places. */
static void write_file(const char *path, const char *text, size_t len) {
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(read_blocks) {
    char dir[] = "/tmp/jt_caseread_XXXXXX", path[256];
    size_t cap = 4 * 65536 + 2 * JT_LIMIT_LINE, n = 0, k;
    char *text = malloc(cap);
    jt_case_file *cf = NULL, *mem = NULL;
    jt_error err;
    int rc, records = 0;
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/b.test", dir);
    /* statements of 7 to 999 bytes of SQL until past two blocks, so that lines straddle */
    while (n < 2 * 65536 + 100) {
        n += (size_t)sprintf(text + n, "statement ok\nPAUSE JOB %d\n\n", records * 7919 % 997);
        records++;
    }
    /* a line of exactly the largest length across the next block boundary */
    n += (size_t)sprintf(text + n, "query T\n");
    for (k = 0; k < JT_LIMIT_LINE; k++)
        text[n++] = 'x';
    n += (size_t)sprintf(text + n, "\n----\nx\n");
    records++;
    write_file(path, text, n);
    rc = jt_case_read(&cf, path, &err);
    ck_assert_msg(rc == 0, "%s", err.message);
    rc = jt_case_parse(&mem, path, text, n, &err);
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(cf->nrecords, (size_t)records);
    ck_assert_uint_eq(mem->nrecords, cf->nrecords);
    for (k = 0; k < cf->nrecords; k++) {
        ck_assert_int_eq(cf->records[k].line, mem->records[k].line);
        ck_assert_str_eq(cf->records[k].sql, mem->records[k].sql);
    }
    ck_assert_uint_eq(strlen(cf->records[cf->nrecords - 1].sql), JT_LIMIT_LINE);
    jt_case_free(cf);
    jt_case_free(mem);
    unlink(path);
    rmdir(dir);
    free(text);
}
END_TEST

START_TEST(read_block_errors) {
    char dir[] = "/tmp/jt_caseread_XXXXXX", path[256];
    size_t cap = 4 * 65536 + 2 * JT_LIMIT_LINE, n = 0, k;
    char *text = malloc(cap);
    jt_case_file *cf = NULL;
    jt_error err;
    int rc;
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/b.test", dir);
    /* a NUL in the third block, at its line and column */
    for (k = 0; k < 3 * 65536 / 16; k++)
        n += (size_t)sprintf(text + n, "# fifteen bytes\n");
    memcpy(text + n, "statement ok\nPAUSE\0 JOB 1\n", 27);
    write_file(path, text, n + 27);
    rc = jt_case_read(&cf, path, &err);
    ck_assert_int_eq(rc, JT_EPARSE);
    ck_assert_int_eq(err.line, (int)k + 2);
    ck_assert_ptr_null(cf);
    snprintf(text, cap, "%s:%d:6: NUL byte in the line: expected text", path, (int)k + 2);
    ck_assert_str_eq(err.message, text);

    /* a line one byte too long, which begins at the end of a block */
    n = 0;
    for (k = 0; k < 65536 / 16 - 1; k++)
        n += (size_t)sprintf(text + n, "# fifteen bytes\n");
    n += (size_t)sprintf(text + n, "statement ok\n");
    for (k = 0; k <= JT_LIMIT_LINE; k++)
        text[n++] = 'y';
    text[n++] = '\n';
    write_file(path, text, n);
    rc = jt_case_read(&cf, path, &err);
    ck_assert_int_eq(rc, JT_EPARSE);
    ck_assert_int_eq(err.line, 65536 / 16 + 1);
    snprintf(text, cap, "%s:%d:%d: line longer than %d bytes", path, 65536 / 16 + 1,
             JT_LIMIT_LINE + 1, JT_LIMIT_LINE);
    ck_assert_str_eq(err.message, text);
    unlink(path);

    /* a folder opens but cannot be read */
    rc = jt_case_read(&cf, dir, &err);
    ck_assert_int_eq(rc, JT_EIO);
    ck_assert_int_eq(err.line, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot read: Is a directory"));
    ck_assert_ptr_null(cf);
    rmdir(dir);
    free(text);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("caseread");
    TCase *tc = tcase_create("records");
    tcase_add_test(tc, empty_and_comments);
    tcase_add_test(tc, statement_ok);
    tcase_add_test(tc, statement_error_forms);
    tcase_add_test(tc, query_forms);
    tcase_add_test(tc, crlf_and_no_final_newline);
    tcase_add_test(tc, multiline_sql_in_place_and_copied);
    tcase_add_test(tc, subtest_covers_user_halt);
    tcase_add_test(tc, covers_ids_kept_once);
    tcase_add_test(tc, error_regexes_compiled_once);
    tcase_add_test(tc, rowsort_line_hashes);
    tcase_add_test(tc, hash_tells_strings_apart);
    tcase_add_test(tc, many_short_records);
    tcase_add_test(tc, fixtures);
    tcase_add_test(tc, let_forms);
    tcase_add_test(tc, conditions);
    suite_add_tcase(s, tc);
    tc = tcase_create("malformed");
    tcase_add_test(tc, unknown_record);
    tcase_add_test(tc, statement_without_sql);
    tcase_add_test(tc, missing_blank_line);
    tcase_add_test(tc, bad_fixtures);
    tcase_add_test(tc, bad_regex);
    tcase_add_test(tc, profiles_and_role_fixtures);
    tcase_add_test(tc, long_line_and_nul);
    tcase_add_test(tc, utf8_and_columns);
    tcase_add_test(tc, utf8_bad_byte_anywhere);
    tcase_add_test(tc, bad_conditions);
    tcase_add_test(tc, bad_headers);
    tcase_add_test(tc, bad_let_and_others);
    tcase_add_test(tc, read_files);
    tcase_add_test(tc, read_blocks);
    tcase_add_test(tc, read_block_errors);
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
