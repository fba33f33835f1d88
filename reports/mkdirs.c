/* Report folders, made with their parents. */
#include "reports/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int io_error(jt_error *err, const char *path, int errnum) {
    return jt_error_set(err, JT_EIO, 0, "%s: %s", path, strerror(errnum));
}

int jt_report_mkdirs(const char *dir, jt_error *err) {
    char *p = jt_strdup(dir), *s;
    struct stat sb;
    int rc = JT_OK;
    if (!p)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (!*p) {
        free(p);
        return io_error(err, dir, ENOENT);
    }
    for (s = p + 1;; s++) {
        char c = *s;
        if (c != '/' && c != '\0')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            rc = io_error(err, p, errno);
            break;
        }
        if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            rc = io_error(err, p, ENOTDIR);
            break;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return rc;
}
