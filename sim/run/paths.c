/* The case files a path names, in the order they run (a folder's *.test files and subfolders,
   in byte order of their names), and the shards of a CI matrix. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/run/internal.h"
#include "sim/run/paths.h"
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

/* The entries of dir (hidden ones left out), sorted, in *names (*n of them). */
static int list_folder(char ***names, size_t *n, DIR *dp, const char *dir, jt_error *err) {
    struct dirent *de;
    size_t cap = 0;
    int rc;
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        rc = jt_grow((void **)names, &cap, *n + 1, sizeof **names, JT_LIMIT_FILES);
        if (rc == JT_ELIMIT)
            return jt_error_set(err, rc, 0, "%s: more than %d entries", dir, JT_LIMIT_FILES);
        if (rc < 0 || !((*names)[*n] = jt_strdup(de->d_name)))
            return jt_run_nomem(err);
        (*n)++;
    }
    if (*n > 1)
        qsort(*names, *n, sizeof **names, cmp_names);
    return JT_OK;
}

/* dir, which is rel under the folder walked (NULL: the folder itself), depth deep. */
static int walk(const jt_case_walk *w, const char *dir, const char *rel, int depth, jt_error *err) {
    DIR *dp = opendir(dir);
    char **names = NULL;
    size_t n = 0, i;
    int rc;
    if (!dp) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s: cannot open: %s", dir, strerror(errno));
        return w->unreadable(w->ctx, dir, msg, err);
    }
    rc = list_folder(&names, &n, dp, dir, err);
    closedir(dp);
    for (i = 0; i < n && rc == JT_OK; i++) {
        struct stat sbuf;
        char *full = join_path(dir, names[i]);
        char *sub = rel ? join_path(rel, names[i]) : jt_strdup(names[i]);
        if (!full || !sub)
            rc = jt_run_nomem(err);
        else if (stat(full, &sbuf) == 0 && S_ISDIR(sbuf.st_mode))
            rc = depth < JT_LIMIT_DEPTH ? walk(w, full, sub, depth + 1, err) : JT_OK;
        else if (ends_with(names[i], ".test"))
            rc = w->file(w->ctx, full, sub, err);
        free(full);
        free(sub);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int jt_case_walk_folder(const char *dir, const jt_case_walk *w, jt_error *err) {
    return walk(w, dir, NULL, 0, err);
}

/* ---- the runner's paths and shards --------------------------------------------------- */

/* Whether the next case file met belongs to this runner's shard (see jt_runner_config). */
static int in_shard(jt_runner *r) {
    size_t i = r->seen++;
    return r->cfg.shard_count <= 1 || i % r->cfg.shard_count == r->cfg.shard_index - 1;
}

/* A runner and the case files its walk has met. */
typedef struct run_walk {
    jt_runner *r;
    size_t found;
} run_walk;

static int run_found(void *ctx, const char *path, const char *rel, jt_error *err) {
    run_walk *rw = ctx;
    (void)rel;
    rw->found++;
    return in_shard(rw->r) ? jt_runner_run_file(rw->r, path, err) : JT_OK;
}

static int run_unreadable(void *ctx, const char *dir, const char *message, jt_error *err) {
    return jt_run_input_error(((run_walk *)ctx)->r, dir, message, err);
}

int jt_runner_run_path(jt_runner *r, const char *path, jt_error *err) {
    run_walk rw = {r, 0};
    const jt_case_walk w = {run_found, run_unreadable, &rw};
    struct stat sbuf;
    size_t before = r->run.nfiles;
    int rc;
    if (stat(path, &sbuf) != 0)
        return jt_runner_run_file(r, path, err); /* its input error, in every shard */
    if (!S_ISDIR(sbuf.st_mode))
        return in_shard(r) ? jt_runner_run_file(r, path, err) : JT_OK;
    rc = jt_case_walk_folder(path, &w, err);
    if (rc == JT_OK && rw.found == 0 && r->run.nfiles == before) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s: no .test files in the folder", path);
        rc = jt_run_input_error(r, path, msg, err);
    }
    return rc;
}
