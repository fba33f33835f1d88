/* Check suite of sim/cases/casewrite.c: case files written by the kit (shrunk cases of sim,
   counterexamples of doc and explore) are written atomically, as normal files are made. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/cases/casewrite.h"

/* The mode of a case file written under umask mask, and its text. */
static mode_t written_mode(mode_t mask, char *text, size_t size) {
    char dir[] = "/tmp/jt_casewrite_XXXXXX", path[128];
    struct stat sb;
    jt_error err;
    mode_t old;
    FILE *fp;
    size_t n;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/c.test", dir);
    old = umask(mask);
    ck_assert_int_eq(jt_casewrite_atomic(path, "statement ok\nSHOW JOBS\n", 23, &err), 0);
    umask(old);
    ck_assert_int_eq(stat(path, &sb), 0);
    fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    n = fread(text, 1, size - 1, fp);
    text[n] = '\0';
    fclose(fp);
    unlink(path);
    rmdir(dir);
    return sb.st_mode & 07777;
}

START_TEST(a_case_file_is_made_as_a_normal_file) {
    char text[64];
    ck_assert_uint_eq(written_mode(022, text, sizeof text), 0644);
    ck_assert_str_eq(text, "statement ok\nSHOW JOBS\n");
    ck_assert_uint_eq(written_mode(027, text, sizeof text), 0640);
    ck_assert_uint_eq(written_mode(002, text, sizeof text), 0664);
    ck_assert_uint_eq(written_mode(077, text, sizeof text), 0600);
}
END_TEST

int main(void) {
    Suite *s = suite_create("casewrite");
    TCase *tc = tcase_create("atomic");
    SRunner *sr;
    int failed;
    tcase_add_test(tc, a_case_file_is_made_as_a_normal_file);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
