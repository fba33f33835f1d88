/* Check suite of sim/text/slurp.c: a whole file read with a limit (doc pages, expect files). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/text/slurp.h"

static char path[64];

static void write_bytes(size_t n) {
    FILE *fp;
    size_t i;
    int fd;
    strcpy(path, "/tmp/jt_slurp_XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fp = fdopen(fd, "wb");
    ck_assert_ptr_nonnull(fp);
    for (i = 0; i < n; i++)
        fputc('a' + (int)(i % 26), fp);
    ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(reads_up_to_the_limit) {
    char *buf;
    size_t len;
    jt_error err;
    write_bytes(20000); /* several reads */
    ck_assert_int_eq(jt_slurp(path, 20000, &buf, &len, &err), JT_OK);
    ck_assert_uint_eq(len, 20000);
    ck_assert_int_eq(buf[19999], 'a' + 19999 % 26);
    ck_assert_int_eq(buf[20000], '\0');
    free(buf);
    ck_assert_int_eq(jt_slurp(path, 19999, &buf, &len, &err), JT_ELIMIT);
    ck_assert_ptr_null(buf);
    ck_assert_ptr_nonnull(strstr(err.message, ": larger than 19999 bytes"));
    unlink(path);
}
END_TEST

START_TEST(empty_and_missing_files) {
    char *buf;
    size_t len;
    jt_error err;
    write_bytes(0);
    ck_assert_int_eq(jt_slurp(path, 10, &buf, &len, &err), JT_OK);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(buf, "");
    free(buf);
    unlink(path);
    ck_assert_int_eq(jt_slurp(path, 10, &buf, &len, &err), JT_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, ": cannot open: "));
}
END_TEST

int main(void) {
    Suite *s = suite_create("slurp");
    TCase *tc = tcase_create("slurp");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, reads_up_to_the_limit);
    tcase_add_test(tc, empty_and_missing_files);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
