/* Files written atomically: a temporary file beside the target, then rename. */
#include "sim/text/atomic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_SUFFIX ".tmp-XXXXXX"

static int io_error(jt_error *err, const char *path, int errnum) {
    return jt_error_set(err, JT_EIO, 0, "%s: %s", path, strerror(errnum));
}

/* The process's umask (read by setting it back at once: the kit has one thread). */
static mode_t file_mask(void) {
    mode_t mask = umask(022);
    umask(mask);
    return mask;
}

int jt_atomic_open(jt_atomic_file *af, const char *path, jt_error *err) {
    struct stat sb;
    size_t len;
    int fd;
    memset(af, 0, sizeof *af);
    af->path = jt_strdup(path);
    if (!af->path)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        jt_atomic_abort(af);
        return io_error(err, path, EISDIR);
    }
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* A device or a pipe: written in place. */
        af->fp = fopen(path, "wb");
        if (!af->fp) {
            int e = errno;
            jt_atomic_abort(af);
            return io_error(err, path, e);
        }
        return JT_OK;
    }
    len = strlen(path) + sizeof TMP_SUFFIX;
    af->tmp = jt_malloc(len);
    if (!af->tmp) {
        jt_atomic_abort(af);
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    }
    snprintf(af->tmp, len, "%s%s", path, TMP_SUFFIX);
    fd = mkstemp(af->tmp);
    if (fd < 0) {
        int e = errno;
        free(af->tmp);
        af->tmp = NULL;
        jt_atomic_abort(af);
        return io_error(err, path, e);
    }
    /* mkstemp makes it 0600: a report is made as fopen makes a file, 0666 less the umask. */
    (void)fchmod(fd, 0666 & ~file_mask());
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        int e = errno;
        close(fd);
        jt_atomic_abort(af);
        return io_error(err, path, e);
    }
    return JT_OK;
}

void jt_atomic_abort(jt_atomic_file *af) {
    if (af->fp)
        fclose(af->fp);
    if (af->tmp)
        unlink(af->tmp);
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
}

int jt_atomic_commit(jt_atomic_file *af, jt_error *err) {
    int e = 0;
    JT_ASSERT(af->fp != NULL);
    if (fflush(af->fp) != 0 || ferror(af->fp))
        e = errno ? errno : EIO;
    if (!e && af->tmp && fsync(fileno(af->fp)) != 0)
        e = errno;
    if (fclose(af->fp) != 0 && !e)
        e = errno ? errno : EIO;
    af->fp = NULL;
    if (!e && af->tmp && rename(af->tmp, af->path) != 0)
        e = errno;
    if (e) {
        int rc = io_error(err, af->path, e);
        jt_atomic_abort(af);
        return rc;
    }
    free(af->tmp);
    af->tmp = NULL; /* renamed: nothing to remove */
    jt_atomic_abort(af);
    return JT_OK;
}

int jt_atomic_write(const char *path, const char *data, size_t len, jt_error *err) {
    jt_atomic_file af;
    int rc = jt_atomic_open(&af, path, err);
    if (rc < 0)
        return rc;
    if (len && fwrite(data, 1, len, af.fp) != len) {
        int e = errno ? errno : EIO;
        jt_atomic_abort(&af);
        return io_error(err, path, e);
    }
    return jt_atomic_commit(&af, err);
}
