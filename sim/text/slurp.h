/* A whole file read into memory, with a limit: the pages jobtck doc reads, the expect files. */
#ifndef JT_TEXT_SLURP_H
#define JT_TEXT_SLURP_H

#include <stddef.h>

#include "model/common.h"

/*
 * Reads the file at path into *buf (allocated, NUL-terminated; *len bytes before the NUL).
 * A file longer than max bytes is JT_ELIMIT "PATH: larger than MAX bytes"; JT_EIO "PATH:
 * cannot open: …" or "PATH: cannot read: …"; JT_ENOMEM. On error *buf is NULL.
 */
int jt_slurp(const char *path, size_t max, char **buf, size_t *len, jt_error *err);

#endif
