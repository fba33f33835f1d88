/*
 * The case files of a folder, in the order every command meets them: `jobtck run` (and its
 * shards), `jobtck complete`, and the progress bar that counts them first.
 */
#ifndef JT_RUN_PATHS_H
#define JT_RUN_PATHS_H

#include "model/common.h"

typedef struct jt_case_walk {
    /* A case file: path to open it, rel its path under the folder walked. 0 to go on, or an
       error (err set) that ends the walk. */
    int (*file)(void *ctx, const char *path, const char *rel, jt_error *err);
    /* A folder that cannot be opened; message is "DIR: cannot open: reason". 0 to go on, or an
       error that ends the walk. */
    int (*unreadable)(void *ctx, const char *dir, const char *message, jt_error *err);
    void *ctx;
} jt_case_walk;

/*
 * Walks dir: its *.test files and its subfolders (recursively, JT_LIMIT_DEPTH deep, hidden
 * entries left out), in byte order of their names. Returns 0, or the first error: a
 * callback's, JT_ELIMIT ("DIR: more than N entries"), JT_ENOMEM.
 */
int jt_case_walk_folder(const char *dir, const jt_case_walk *w, jt_error *err);

#endif
