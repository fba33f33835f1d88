/* The command tag's words against the profile's: see tag.h. */
#include "sim/run/tag.h"

#include <stdio.h>
#include <string.h>

#include "model/model.h"

int jt_tag_check(char **out, jt_tag_memo **memo, const char *path, const jt_case_record *rec,
                 const jt_profile *p, const char *sql, const jt_result *res) {
    char want[sizeof res->tag];
    size_t size;
    int64_t count = rec->has_count ? rec->count : res->count;
    int rc;
    *out = NULL;
    if (rec->kind != JT_CASE_STATEMENT || rec->expect != JT_EXPECT_OK || res->failed || !p)
        return JT_OK;
    rc = jt_profile_expected_tag_memo(memo, p, sql, count < 0 ? 0 : count, want, sizeof want);
    if (rc <= 0 || strcmp(want, res->tag) == 0)
        return rc < 0 ? JT_ENOMEM : JT_OK;
    size = strlen(path) + strlen(want) + strlen(res->tag) + 64;
    *out = jt_malloc(size);
    if (!*out)
        return JT_ENOMEM;
    snprintf(*out, size, "%s:%d: statement: expected tag \"%s\", got \"%s\"", path, rec->line, want,
             res->tag);
    return JT_OK;
}
