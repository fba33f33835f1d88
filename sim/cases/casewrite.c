/* Writing case files that sim/cases/caseread.c reads back. See sim/cases/casewrite.h. */
#include "sim/cases/casewrite.h"
#include "sim/text/atomic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/cases/check.h"

/* A fixture value, SQL-quoted when it needs to be. */
static int add_value(jt_strbuf *sb, const char *key, const char *v) {
    int rc = jt_strbuf_addf(sb, " %s=", key);
    if (rc < 0)
        return rc;
    if (!strpbrk(v, " '\"\t") && *v)
        return jt_strbuf_adds(sb, v);
    rc = jt_strbuf_add(sb, "'", 1);
    for (; rc == JT_OK && *v; v++)
        rc = *v == '\'' ? jt_strbuf_add(sb, "''", 2) : jt_strbuf_add(sb, v, 1);
    return rc == JT_OK ? jt_strbuf_add(sb, "'", 1) : rc;
}

int jt_casewrite_fixture(jt_strbuf *sb, const jt_fixture *fx) {
    int rc;
    if (fx->kind == JT_FIXTURE_USER) {
        rc = jt_strbuf_addf(sb, "fixture user %s%s%s%s", fx->name, fx->admin ? " admin" : "",
                            (fx->options & JT_USER_CONTROLJOB) ? " controljob" : "",
                            (fx->options & JT_USER_VIEWJOB) ? " viewjob" : "");
        if (rc == JT_OK && fx->member_of)
            rc = add_value(sb, "member-of", fx->member_of);
        return rc == JT_OK ? jt_strbuf_add(sb, "\n", 1) : rc;
    }
    rc = jt_strbuf_addf(sb, "fixture job id=%lld", (long long)fx->id);
    if (rc == JT_OK && fx->type)
        rc = add_value(sb, "type", fx->type);
    if (rc == JT_OK)
        rc = add_value(sb, "status", fx->status);
    if (rc == JT_OK && fx->user)
        rc = add_value(sb, "user", fx->user);
    if (rc == JT_OK && fx->description)
        rc = add_value(sb, "description", fx->description);
    if (rc == JT_OK && fx->error)
        rc = add_value(sb, "error", fx->error);
    if (rc == JT_OK && fx->schedule)
        rc = jt_strbuf_addf(sb, " schedule=%lld", (long long)fx->schedule);
    if (rc == JT_OK && fx->age_s)
        rc = jt_strbuf_addf(sb, " age=%llds", (long long)fx->age_s);
    return rc == JT_OK ? jt_strbuf_add(sb, "\n", 1) : rc;
}

int jt_casewrite_regex(jt_strbuf *sb, const char *msg) {
    int rc = jt_strbuf_add(sb, "^", 1);
    for (; rc == JT_OK && *msg && *msg != '\n'; msg++) {
        if (strchr("\\.[](){}*+?|^$", *msg))
            rc = jt_strbuf_add(sb, "\\", 1);
        if (rc == JT_OK)
            rc = jt_strbuf_add(sb, msg, 1);
    }
    if (rc == JT_OK && *msg != '\n')
        rc = jt_strbuf_add(sb, "$", 1);
    return rc;
}

int jt_casewrite_expect(jt_strbuf *sb, const char *sql, const jt_result *res) {
    size_t r, c;
    int rc;
    if (res->failed) {
        rc = jt_strbuf_adds(sb, "statement error ");
        if (rc == JT_OK && res->sqlstate[0])
            rc = jt_strbuf_addf(sb, "pgcode %s ", res->sqlstate);
        if (rc == JT_OK)
            rc = jt_casewrite_regex(sb, res->message ? res->message : "");
        return rc == JT_OK ? jt_strbuf_addf(sb, "\n%s\n", sql) : rc;
    }
    if (res->ncols == 0) {
        if (res->count >= 0)
            return jt_strbuf_addf(sb, "statement ok count %lld\n%s\n", (long long)res->count, sql);
        return jt_strbuf_addf(sb, "statement ok\n%s\n", sql);
    }
    rc = jt_strbuf_adds(sb, "query ");
    for (c = 0; c < res->ncols && rc == JT_OK; c++)
        rc = jt_strbuf_add(sb, res->types && res->types[c] ? &res->types[c] : "T", 1);
    if (rc == JT_OK)
        rc = jt_strbuf_addf(sb, " colnames\n%s\n----\n", sql);
    for (c = 0; c < res->ncols && rc == JT_OK; c++)
        rc = jt_strbuf_addf(sb, "%s%s", c ? " " : "", res->columns[c]);
    if (rc == JT_OK)
        rc = jt_strbuf_add(sb, "\n", 1);
    for (r = 0; r < res->nrows && rc == JT_OK; r++) {
        for (c = 0; c < res->ncols && rc == JT_OK; c++)
            rc = jt_strbuf_addf(sb, "%s%s", c ? " " : "",
                                jt_check_render(res->values[r * res->ncols + c]));
        if (rc == JT_OK)
            rc = jt_strbuf_add(sb, "\n", 1);
    }
    return rc;
}

int jt_casewrite_atomic(const char *path, const char *text, size_t len, jt_error *err) {
    return jt_atomic_write(path, text, len, err);
}
