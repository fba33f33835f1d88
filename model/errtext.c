/* The error texts of a profile: its templates filled in, job errors quoted as Go's %q. */
#include <stdio.h>
#include <string.h>

#include "profile.h"

#include "common.h"
#include "internal/goquote.h"

/* The value of the placeholder at t ("{id}", "{status}" …; not {errq}/{errc}), its length in
 *skip; NULL and *skip 0 when t holds none. num is room for a number or a statement's name. */
static const char *placeholder(const struct jt_profile *p, const jt_errargs *a, const char *t,
                               char num[32], size_t *skip) {
    static const char *const names[] = {"{id}",  "{status}", "{err}",  "{stmt}", "{want}",
                                        "{col}", "{op}",     "{user}", "{arg}"};
    const char *const vals[] = {
        num,
        a->status ? a->status : "",
        a->error ? a->error : "",
        a->stmt ? a->stmt : num,
        a->want ? a->want : "int",
        a->col ? a->col : "job_id",
        p->op_words[a->op],
        a->user ? a->user : "",
        a->arg ? a->arg : "",
    };
    size_t k;
    for (k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t len = strlen(names[k]);
        if (strncmp(t, names[k], len) != 0)
            continue;
        *skip = len;
        if (k == 0) /* without printf: a control statement's error is on a hot path */
            return jt_decimal(num, a->id);
        if (k == 3 && !a->stmt)
            jt_join3(num, 32, p->op_words[a->op], " JOBS", "");
        return vals[k];
    }
    *skip = 0;
    return NULL;
}

/* The job's own error as {errq} (' "text"') or {errc} (', err: "text"') write it, at msg + n;
   the new length. */
static size_t quoted_error(char *msg, size_t n, size_t size, int q, const char *error) {
    const char *lead = q ? " " : ", err: ";
    size_t l = strlen(lead);
    if (!error || !*error || n + l >= size)
        return n;
    memcpy(msg + n, lead, l);
    n += l;
    n += jt_go_quote(msg + n, size - n, error);
    return n >= size ? size - 1 : n;
}

const char *jt_profile_error(const struct jt_profile *p, int kind, const jt_errargs *a, char *msg,
                             size_t size) {
    const jt_errtext *et = &p->errors[kind];
    const char *t;
    size_t n = 0;
    if (!et->tmpl) /* an error the release never gave (v2.0: no selection of ids): the seed's */
        et = &jt_profile_find(JT_PROFILE_DEFAULT)->errors[kind];
    t = et->tmpl;
    JT_ASSERT(t && et->sqlstate && size > 0);
    while (*t && n + 1 < size) {
        const char *val;
        char num[32];
        size_t skip, w;
        if (*t == '{' && (strncmp(t, "{errq}", 6) == 0 || strncmp(t, "{errc}", 6) == 0)) {
            n = quoted_error(msg, n, size, t[4] == 'q', a->error);
            t += 6;
            continue;
        }
        val = *t == '{' ? placeholder(p, a, t, num, &skip) : NULL;
        if (!val) {
            msg[n++] = *t++;
            continue;
        }
        w = strlen(val); /* cut as snprintf cuts */
        memcpy(msg + n, val, w < size - n ? w : size - n - 1);
        n = n + w >= size ? size - 1 : n + w;
        t += skip;
    }
    msg[n] = '\0';
    return et->sqlstate;
}
