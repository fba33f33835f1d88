/* Check suite of the shards of sim/run/runner.c and `jobtck run --shard K/N` (sim/cli/cli_run.c):
   the N shards of a run together run every case file exactly once, round-robin over the files
   in the order the whole run meets them. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/cli/cli.h"
#include "sim/drivers/drivers.h"
#include "reports/term.h"
#include "sim/run/expect.h"
#include "sim/run/paths.h"
#include "sim/run/runner.h"
#include "sessions.h"

/* The exit status of `jobtck run` for the run: its tally's (sim/run/expect.h). */
static int run_status(const jt_run_result *run) {
    jt_expect_tally t;
    int status;
    ck_assert_int_eq(jt_expect_tally_init(&t, run), 0);
    status = jt_expect_exit_status(&t);
    jt_expect_tally_dispose(&t);
    return status;
}

#define MAX_FILES 64

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct tmp {
    char dir[64];
} tmp;

static void rm_tree(const char *path) {
    DIR *dp = opendir(path);
    struct dirent *de;
    if (!dp) {
        unlink(path);
        return;
    }
    while ((de = readdir(dp)) != NULL) {
        char sub[1024];
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        rm_tree(sub);
    }
    closedir(dp);
    rmdir(path);
}

static void put(const tmp *t, const char *name, const char *text) {
    char path[1024];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s", t->dir, name);
    fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

static void sub(const tmp *t, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", t->dir, name);
    ck_assert_int_eq(mkdir(path, 0700), 0);
}

/* A tree of 23 case files in nested folders (and files that are not cases). */
static void make_tree(tmp *t) {
    static const char *const files[] = {
        "a.test",       "b.test",        "c.test",        "d1/x.test",  "d1/y.test",
        "d1/z.test",    "d1/e/one.test", "d1/e/two.test", "d2/01.test", "d2/02.test",
        "d2/03.test",   "d2/04.test",    "d2/05.test",    "d2/06.test", "d2/07.test",
        "d2/08.test",   "d2/09.test",    "d2/10.test",    "e.test",     "f.test",
        "Z-upper.test", "d3/only.test",  "g.test",
    };
    size_t i;
    strcpy(t->dir, "/tmp/jt_shard_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(t->dir));
    sub(t, "d1");
    sub(t, "d1/e");
    sub(t, "d2");
    sub(t, "d3");
    sub(t, "d4"); /* an empty folder */
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "query T\nSELECT '%s'\n----\n%s\n", files[i], files[i]);
        put(t, files[i], text);
    }
    put(t, "notes.md", "not a case\n");
    put(t, ".hidden.test", "statement ok\nPAUSE JOB 1\n");
}

/* The files a run met, in order. */
typedef struct seen {
    char *paths[MAX_FILES];
    size_t n;
} seen;

static void on_file(void *ctx, const jt_file_result *fr) {
    seen *s = ctx;
    ck_assert_uint_lt(s->n, MAX_FILES);
    s->paths[s->n] = strdup(fr->path);
    ck_assert_ptr_nonnull(s->paths[s->n]);
    s->n++;
}

static void seen_dispose(seen *s) {
    size_t i;
    for (i = 0; i < s->n; i++)
        free(s->paths[i]);
    s->n = 0;
}

/* Runs the paths (shard k of n; n = 0: no shards) and records the files that ran. */
static void run(seen *out, const char *const *paths, size_t npaths, unsigned k, unsigned n) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    size_t i;
    memset(out, 0, sizeof *out);
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    cfg.on_file = on_file;
    cfg.ctx = out;
    cfg.shard_index = k;
    cfg.shard_count = n;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    for (i = 0; i < npaths; i++)
        ck_assert_int_eq(jt_runner_run_path(r, paths[i], &err), 0);
    ck_assert_uint_eq(jt_runner_result(r)->failed, 0);
    jt_runner_free(r);
}

/* For every N, the shards K = 1 .. N partition the full run, round-robin in its order. */
static void ck_partition(const char *const *paths, size_t npaths, size_t want_files) {
    seen full, part;
    unsigned n, k;
    size_t i;
    run(&full, paths, npaths, 0, 0);
    ck_assert_uint_eq(full.n, want_files);
    for (n = 1; n <= want_files + 3; n++) {
        unsigned char hits[MAX_FILES];
        size_t smallest = MAX_FILES, largest = 0;
        memset(hits, 0, sizeof hits);
        for (k = 1; k <= n; k++) {
            size_t next = k - 1; /* the full run's index of the shard's next file */
            run(&part, paths, npaths, k, n);
            for (i = 0; i < part.n; i++, next += n) {
                ck_assert_uint_lt(next, full.n);
                ck_assert_msg(strcmp(part.paths[i], full.paths[next]) == 0,
                              "shard %u/%u: file %zu is %s, expected %s", k, n, i, part.paths[i],
                              full.paths[next]);
                hits[next]++;
            }
            ck_assert_msg(next >= full.n, "shard %u/%u: stops before its last file", k, n);
            if (part.n < smallest)
                smallest = part.n;
            if (part.n > largest)
                largest = part.n;
            seen_dispose(&part);
        }
        for (i = 0; i < full.n; i++)
            ck_assert_msg(hits[i] == 1, "N=%u: %s ran %d times", n, full.paths[i], hits[i]);
        ck_assert_uint_le(largest - smallest, 1);
    }
    seen_dispose(&full);
}

/* ---- tests --------------------------------------------------------------------------- */

START_TEST(shards_partition_a_folder) {
    tmp t;
    const char *paths[1];
    make_tree(&t);
    paths[0] = t.dir;
    ck_partition(paths, 1, 23);
    rm_tree(t.dir);
}
END_TEST

/* The walk's files as their paths under the folder walked (each checked against its path). */
typedef struct walked {
    const char *dir;
    seen rel;
} walked;

static int walk_found(void *ctx, const char *path, const char *rel, jt_error *err) {
    walked *wk = ctx;
    char want[1024];
    (void)err;
    snprintf(want, sizeof want, "%s/%s", wk->dir, rel);
    ck_assert_str_eq(path, want);
    ck_assert_uint_lt(wk->rel.n, MAX_FILES);
    wk->rel.paths[wk->rel.n] = strdup(rel);
    ck_assert_ptr_nonnull(wk->rel.paths[wk->rel.n]);
    wk->rel.n++;
    return JT_OK;
}

static int walk_unreadable(void *ctx, const char *dir, const char *message, jt_error *err) {
    (void)ctx;
    (void)dir;
    return jt_error_set(err, JT_EIO, 0, "%s", message);
}

/* One walk for every command: `jobtck run` (run_path), `jobtck complete` (the relative paths
   it mirrors under --out) and the progress bar's count meet the same files in the same
   order. */
START_TEST(one_walk_for_every_command) {
    tmp t;
    walked wk;
    seen ran;
    const char *paths[1];
    char *argv[1], missing[512], want[1024];
    const jt_case_walk w = {walk_found, walk_unreadable, &wk};
    jt_error err;
    size_t i;
    make_tree(&t);
    memset(&wk, 0, sizeof wk);
    wk.dir = t.dir;
    ck_assert_int_eq(jt_case_walk_folder(t.dir, &w, &err), 0);
    ck_assert_uint_eq(wk.rel.n, 23);
    ck_assert_str_eq(wk.rel.paths[0], "Z-upper.test"); /* byte order: capitals first */
    ck_assert_str_eq(wk.rel.paths[4], "d1/e/one.test");
    paths[0] = t.dir;
    run(&ran, paths, 1, 0, 0);
    ck_assert_uint_eq(ran.n, wk.rel.n);
    for (i = 0; i < ran.n; i++) {
        snprintf(want, sizeof want, "%s/%s", t.dir, wk.rel.paths[i]);
        ck_assert_str_eq(ran.paths[i], want);
    }
    argv[0] = t.dir;
    ck_assert_uint_eq(jt_term_count_cases(argv, 1), 23);
    snprintf(missing, sizeof missing, "%s/none", t.dir);
    ck_assert_int_eq(jt_case_walk_folder(missing, &w, &err), JT_EIO);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", missing);
    ck_assert_str_eq(err.message, want);
    seen_dispose(&wk.rel);
    seen_dispose(&ran);
    rm_tree(t.dir);
}
END_TEST

START_TEST(shards_partition_several_paths) {
    tmp t;
    char d1[512], a[512], d2[512];
    const char *paths[4];
    make_tree(&t);
    snprintf(d1, sizeof d1, "%s/d1", t.dir);
    snprintf(a, sizeof a, "%s/a.test", t.dir);
    snprintf(d2, sizeof d2, "%s/d2", t.dir);
    paths[0] = d1;
    paths[1] = a;
    paths[2] = d2;
    paths[3] = a; /* given twice: runs twice, in two places of the order */
    ck_partition(paths, 4, 5 + 1 + 10 + 1);
    rm_tree(t.dir);
}
END_TEST

START_TEST(shards_of_the_bundled_cases) {
    const char *src = getenv("JT_SOURCE_DIR");
    char cases[1024];
    const char *paths[1];
    seen full;
    DIR *dp;
    struct dirent *de;
    size_t top = 0;
    /* the hand-written files of cases/ (not its subfolders: the run stays short) */
    snprintf(cases, sizeof cases, "%s/cases", src ? src : ".");
    dp = opendir(cases);
    ck_assert_ptr_nonnull(dp);
    while ((de = readdir(dp)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] != '.' && len > 5 && strcmp(de->d_name + len - 5, ".test") == 0)
            top++;
    }
    closedir(dp);
    ck_assert_uint_gt(top, 10);
    ck_assert_uint_le(top, MAX_FILES);
    {
        tmp t;
        strcpy(t.dir, "/tmp/jt_shard_XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(t.dir));
        dp = opendir(cases);
        while ((de = readdir(dp)) != NULL) {
            size_t len = strlen(de->d_name);
            char from[2048], to[1024];
            if (de->d_name[0] == '.' || len <= 5 || strcmp(de->d_name + len - 5, ".test") != 0)
                continue;
            snprintf(from, sizeof from, "%s/%s", cases, de->d_name);
            snprintf(to, sizeof to, "%s/%s", t.dir, de->d_name);
            ck_assert_int_eq(symlink(from, to), 0);
        }
        closedir(dp);
        paths[0] = t.dir;
        run(&full, paths, 1, 0, 0);
        ck_assert_uint_eq(full.n, top);
        seen_dispose(&full);
        ck_partition(paths, 1, top);
        rm_tree(t.dir);
    }
}
END_TEST

START_TEST(bad_shards_are_refused) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    cfg.shard_index = 0;
    cfg.shard_count = 3;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "shard 0/3: expected K/N with 1 <= K <= N");
    cfg.session = test_session("model"); /* the runner closed the first */
    cfg.shard_index = 4;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), JT_EINVAL);
    ck_assert_ptr_null(r);
}
END_TEST

/* A path that does not exist is an input error of every shard, never lost. */
START_TEST(missing_path_in_every_shard) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    unsigned k;
    for (k = 1; k <= 3; k++) {
        memset(&cfg, 0, sizeof cfg);
        cfg.session = test_session("model");
        cfg.shard_index = k;
        cfg.shard_count = 3;
        ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
        ck_assert_int_eq(jt_runner_run_path(r, "/nonexistent/x.test", &err), 0);
        ck_assert_uint_eq(jt_runner_result(r)->errors, 1);
        ck_assert_int_eq(run_status(jt_runner_result(r)), 2);
        jt_runner_free(r);
    }
}
END_TEST

static int cli(char *out, size_t outsize, char *errbuf, size_t errsize, int argc, char **argv) {
    FILE *o = tmpfile(), *e = tmpfile();
    size_t n;
    int status;
    ck_assert_ptr_nonnull(o);
    ck_assert_ptr_nonnull(e);
    status = jt_cli_run(argc, argv, o, e);
    rewind(o);
    rewind(e);
    n = fread(out, 1, outsize - 1, o);
    out[n] = '\0';
    n = fread(errbuf, 1, errsize - 1, e);
    errbuf[n] = '\0';
    fclose(o);
    fclose(e);
    return status;
}

START_TEST(cli_shard_option) {
    static const char *const bad[] = {"0/3", "4/3", "3",    "1/0",  "/3",
                                      "1/",  "a/b", "1/3x", "-1/3", "1/2000000"};
    char out[16384], errbuf[16384], want[1024];
    char *argv[5];
    size_t i;
    tmp t;
    make_tree(&t);
    argv[0] = "run";
    argv[1] = "--shard";
    argv[3] = t.dir;
    argv[4] = NULL;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        argv[2] = (char *)bad[i];
        ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 4, argv), 2);
        ck_assert_msg(strstr(errbuf, "jobtck run: --shard expects K/N with 1 <= K <= N") != NULL,
                      "--shard %s: %s", bad[i], errbuf);
    }
    /* 23 files in byte order (Z-upper.test, a.test, b.test, c.test, d1/e/one.test, ...);
       shard 2 of 4 runs the 2nd, 6th, 10th, 14th, 18th and 22nd: a.test first */
    argv[2] = "2/4";
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 4, argv), 0);
    snprintf(want, sizeof want, "%s/a.test: 1 passed, 0 failed, 0 skipped\n", t.dir);
    ck_assert_msg(strncmp(out, want, strlen(want)) == 0, "got %s", out);
    ck_assert_ptr_nonnull(strstr(out, "\n6 passed, 0 failed, 0 skipped\n"));
    argv[2] = "1/1";
    ck_assert_int_eq(cli(out, sizeof out, errbuf, sizeof errbuf, 4, argv), 0);
    ck_assert_ptr_nonnull(strstr(out, "\n23 passed, 0 failed, 0 skipped\n"));
    rm_tree(t.dir);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("shard");
    TCase *tc = tcase_create("shard");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, shards_partition_a_folder);
    tcase_add_test(tc, shards_partition_several_paths);
    tcase_add_test(tc, one_walk_for_every_command);
    tcase_add_test(tc, shards_of_the_bundled_cases);
    tcase_add_test(tc, bad_shards_are_refused);
    tcase_add_test(tc, missing_path_in_every_shard);
    tcase_add_test(tc, cli_shard_option);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
