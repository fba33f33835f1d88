/* Results of the statements serve answers itself (see sres.h). */
#include "sim/serve/sres.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jt_sres_init(jt_result *r) {
    memset(r, 0, sizeof *r);
    r->count = -1;
}

int jt_sres_columns(jt_result *r, size_t n, const char *const *names, const char *types) {
    size_t k;
    r->columns = jt_calloc(n ? n : 1, sizeof *r->columns);
    r->types = jt_malloc(n + 1);
    if (!r->columns || !r->types)
        return JT_ENOMEM;
    r->ncols = n;
    for (k = 0; k < n; k++) {
        r->types[k] = types ? types[k] : 'T';
        if (!(r->columns[k] = jt_strdup(names[k])))
            return JT_ENOMEM;
    }
    r->types[n] = '\0';
    return JT_OK;
}

int jt_sres_row(jt_result *r, const char *const *values) {
    size_t k, at = r->nrows * r->ncols;
    char **grown = jt_realloc(r->values, (at + r->ncols + 1) * sizeof *grown);
    if (!grown)
        return JT_ENOMEM;
    r->values = grown;
    for (k = 0; k < r->ncols; k++)
        grown[at + k] = NULL;
    r->nrows++; /* its values are freed with it, even those not copied yet */
    for (k = 0; k < r->ncols; k++)
        if (values[k] && !(grown[at + k] = jt_strdup(values[k])))
            return JT_ENOMEM;
    return JT_OK;
}

void jt_sres_tag(jt_result *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->tag, sizeof r->tag, fmt, ap);
    va_end(ap);
}

int jt_sres_error(jt_result *r, const char *sqlstate, const char *fmt, ...) {
    char msg[JT_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jt_sres_dispose(r);
    r->failed = 1;
    snprintf(r->sqlstate, sizeof r->sqlstate, "%s", sqlstate);
    r->message = jt_strdup(msg);
    return r->message ? JT_OK : JT_ENOMEM;
}

void jt_sres_dispose(jt_result *r) {
    size_t k;
    for (k = 0; r->columns && k < r->ncols; k++)
        free(r->columns[k]);
    for (k = 0; r->values && k < r->nrows * r->ncols; k++)
        free(r->values[k]);
    free(r->columns);
    free(r->values);
    free(r->types);
    free(r->message);
    free(r->priv);
    jt_sres_init(r);
}
