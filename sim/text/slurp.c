/* A whole file read into memory, with a limit (see slurp.h). */
#include "sim/text/slurp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the rest of fp into *buf; JT_ELIMIT past max bytes, JT_EIO, JT_ENOMEM. */
static int read_all(FILE *fp, size_t max, char **buf, size_t *len) {
    size_t cap = 0;
    for (;;) {
        size_t got;
        if (*len + 4096 + 1 > cap) {
            size_t want = cap ? cap * 2 : 8192;
            char *grown;
            if (want < *len + 4096 + 1)
                want = *len + 4096 + 1;
            if (want > max + 4096 + 2)
                want = max + 4096 + 2; /* enough to see a file pass the limit */
            grown = jt_realloc(*buf, want);
            if (!grown)
                return JT_ENOMEM;
            *buf = grown;
            cap = want;
        }
        got = fread(*buf + *len, 1, cap - *len - 1, fp);
        *len += got;
        if (*len > max)
            return JT_ELIMIT;
        if (got == 0)
            return ferror(fp) ? JT_EIO : JT_OK;
    }
}

int jt_slurp(const char *path, size_t max, char **buf, size_t *len, jt_error *err) {
    FILE *fp = fopen(path, "rb");
    int rc;
    *buf = NULL;
    *len = 0;
    if (!fp)
        return jt_error_set(err, JT_EIO, 0, "%s: cannot open: %s", path, strerror(errno));
    rc = read_all(fp, max, buf, len);
    if (rc == JT_OK && !*buf)
        rc = (*buf = jt_malloc(1)) != NULL ? JT_OK : JT_ENOMEM;
    if (rc == JT_OK)
        (*buf)[*len] = '\0';
    else if (rc == JT_ELIMIT)
        jt_error_set(err, rc, 0, "%s: larger than %zu bytes", path, max);
    else if (rc == JT_EIO)
        jt_error_set(err, rc, 0, "%s: cannot read: %s", path, strerror(errno));
    else
        jt_error_set(err, rc, 0, "out of memory");
    fclose(fp);
    if (rc != JT_OK) {
        free(*buf);
        *buf = NULL;
    }
    return rc;
}
