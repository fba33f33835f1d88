/* The case files a path names, in the order they run (a folder's *.test files and subfolders,
   in byte order of their names), and the shards of a CI matrix. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/run/internal.h"
#include "sim/text/strbuf.h"

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *join_path(const char *dir, const char *name) {
    jt_strbuf sb;
    size_t n = strlen(dir);
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    if (jt_strbuf_adds(&sb, dir) < 0 ||
        (n > 0 && dir[n - 1] != '/' && jt_strbuf_add(&sb, "/", 1) < 0) ||
        jt_strbuf_adds(&sb, name) < 0) {
        jt_strbuf_dispose(&sb);
        return NULL;
    }
    return jt_strbuf_take(&sb);
}

/* Whether the next case file met belongs to this runner's shard (see jt_runner_config). */
static int in_shard(jt_runner *r) {
    size_t i = r->seen++;
    return r->cfg.shard_count <= 1 || i % r->cfg.shard_count == r->cfg.shard_index - 1;
}

/* The *.test files under dir, and its subfolders, in order; *found counts the files. */
static int run_dir(jt_runner *r, const char *dir, int depth, size_t *found, jt_error *err) {
    DIR *dp;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = JT_OK;
    dp = opendir(dir);
    if (!dp) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s: cannot open: %s", dir, strerror(errno));
        return jt_run_input_error(r, dir, msg, err);
    }
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        rc = jt_grow((void **)&names, &cap, n + 1, sizeof *names, JT_LIMIT_FILES);
        if (rc < 0) {
            rc = rc == JT_ELIMIT
                     ? jt_error_set(err, rc, 0, "%s: more than %d entries", dir, JT_LIMIT_FILES)
                     : jt_run_nomem(err);
            goto out;
        }
        names[n] = jt_strdup(de->d_name);
        if (!names[n]) {
            rc = jt_run_nomem(err);
            goto out;
        }
        n++;
    }
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (i = 0; i < n && rc == JT_OK; i++) {
        struct stat sbuf;
        char *full = join_path(dir, names[i]);
        if (!full) {
            rc = jt_run_nomem(err);
            break;
        }
        if (stat(full, &sbuf) == 0 && S_ISDIR(sbuf.st_mode)) {
            if (depth < JT_LIMIT_DEPTH)
                rc = run_dir(r, full, depth + 1, found, err);
        } else if (ends_with(names[i], ".test")) {
            (*found)++;
            if (in_shard(r))
                rc = jt_runner_run_file(r, full, err);
        }
        free(full);
    }
out:
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(dp);
    return rc;
}

int jt_runner_run_path(jt_runner *r, const char *path, jt_error *err) {
    struct stat sbuf;
    size_t found = 0, before = r->run.nfiles;
    int rc;
    if (stat(path, &sbuf) != 0)
        return jt_runner_run_file(r, path, err); /* its input error, in every shard */
    if (!S_ISDIR(sbuf.st_mode))
        return in_shard(r) ? jt_runner_run_file(r, path, err) : JT_OK;
    rc = run_dir(r, path, 0, &found, err);
    if (rc == JT_OK && found == 0 && r->run.nfiles == before) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s: no .test files in the folder", path);
        rc = jt_run_input_error(r, path, msg, err);
    }
    return rc;
}
