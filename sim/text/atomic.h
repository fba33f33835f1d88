/* Files written atomically: whole or not at all, as normal files are made. */
#ifndef JT_TEXT_ATOMIC_H
#define JT_TEXT_ATOMIC_H

#include <stddef.h>
#include <stdio.h>

#include "model/common.h"

/* A file written atomically. A target that exists and is not a regular file (a device,
   a pipe: /dev/stdout, /dev/full) is written in place, as nothing can be renamed over it. */
typedef struct jt_atomic_file {
    FILE *fp;
    char *path;
    char *tmp; /* the temporary file, or NULL when written in place */
} jt_atomic_file;

/* Opens a temporary file beside path (mode 0666 less the umask, as fopen makes a file). JT_EIO with
 * "PATH: reason" in err. */
int jt_atomic_open(jt_atomic_file *af, const char *path, jt_error *err);
/* Flushes, syncs, closes and renames; on any failure removes the temporary file and gives
   JT_EIO with the reason in err. af is closed in every case. */
int jt_atomic_commit(jt_atomic_file *af, jt_error *err);
/* Closes and removes the temporary file. */
void jt_atomic_abort(jt_atomic_file *af);
/* The len bytes of data written to path through jt_atomic_open and jt_atomic_commit: every
   file the kit writes (reports, case files, completed files, traces) goes this way, so that a
   device or a pipe given as the target (/dev/null, /dev/stdout) is written, never replaced. */
int jt_atomic_write(const char *path, const char *data, size_t len, jt_error *err);

#endif
