/* Spec coverage: the model's counts on the profile's table (see reports/speccov.h). */
#include "reports/speccov.h"

#include <string.h>

void jt_speccov_init(jt_speccov *out, const jt_coverage *counts, const char *profile) {
    int st, op, ty, pv;
    memset(out, 0, sizeof *out);
    out->profile = jt_profile_find(profile ? profile : JT_PROFILE_DEFAULT);
    if (!out->profile)
        return;
    memcpy(out->hits, counts->hits, sizeof out->hits);
    out->statements = (size_t)counts->statements;
    for (st = 0; st <= JT_COVER_MISSING; st++)
        for (ty = 0; ty < JT_TY_COUNT; ty++) {
            if (!jt_speccov_is_cell(out, st, ty))
                continue;
            out->cells += (size_t)JT_OP_COUNT * JT_PRIV_COUNT;
            for (op = 0; op < JT_OP_COUNT; op++)
                for (pv = 0; pv < JT_PRIV_COUNT; pv++)
                    out->exercised += out->hits[st][op][ty][pv] != 0;
        }
}

int jt_speccov_is_cell(const jt_speccov *c, int status, int type) {
    if (!c->profile || status < 0 || status > JT_COVER_MISSING || type < 0 || type >= JT_TY_COUNT)
        return 0;
    if (status == JT_COVER_MISSING)
        return type == 0;
    return c->profile->status_names[status] != NULL && c->profile->type_names[type] != NULL;
}

const char *jt_speccov_status_name(const jt_speccov *c, int status) {
    if (status == JT_COVER_MISSING)
        return "(no such id)";
    JT_ASSERT(c->profile && status >= 0 && status < JT_ST_COUNT);
    return c->profile->status_names[status];
}

const char *jt_speccov_type_name(const jt_speccov *c, int status, int type) {
    if (status == JT_COVER_MISSING)
        return "-";
    JT_ASSERT(c->profile && type >= 0 && type < JT_TY_COUNT);
    return c->profile->type_names[type];
}

const char *jt_speccov_op_name(int op) {
    static const char *const names[JT_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
    JT_ASSERT(op >= 0 && op < JT_OP_COUNT);
    return names[op];
}

const char *jt_speccov_priv_name(int priv) {
    JT_ASSERT(priv == JT_PRIV_ADMIN || priv == JT_PRIV_OTHER);
    return priv == JT_PRIV_ADMIN ? "admin" : "non-admin";
}
