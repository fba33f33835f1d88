/* Check suite of sim/cases/casewrite.c: case files written by the kit (shrunk cases of sim,
   counterexamples of doc and explore) are written atomically, as normal files are made. */
#include <check.h>
#include <fcntl.h>
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

/* A trace or a shrunk case sent to a FIFO (or /dev/null, /dev/stdout) is written into it:
   nothing is renamed over the path, which stays what it was. */
START_TEST(a_fifo_is_written_in_place) {
    char dir[] = "/tmp/jt_casewrite_XXXXXX", path[128], got[32];
    struct stat sb;
    jt_error err;
    int rfd;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/trace", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    rfd = open(path, O_RDONLY | O_NONBLOCK);
    ck_assert_int_ge(rfd, 0);
    ck_assert_int_eq(jt_casewrite_atomic(path, "statement ok\nSHOW JOBS\n", 23, &err), 0);
    ck_assert_int_eq((int)read(rfd, got, sizeof got), 23);
    ck_assert_int_eq(memcmp(got, "statement ok\nSHOW JOBS\n", 23), 0);
    close(rfd);
    ck_assert_int_eq(lstat(path, &sb), 0);
    ck_assert(S_ISFIFO(sb.st_mode));
    unlink(path);
    ck_assert_int_eq(rmdir(dir), 0); /* no temporary left beside it */
}
END_TEST

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
    tcase_add_test(tc, a_fifo_is_written_in_place);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
