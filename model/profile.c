#include "profile.h"

#include "model.h"

#define TO(s)                                                                                      \
    { JT_ACT_TO, JT_ST_##s, JT_ERR_NONE }
#define NOOP                                                                                       \
    { JT_ACT_NOOP, 0, JT_ERR_NONE }
#define ERR(e)                                                                                     \
    { JT_ACT_ERROR, 0, JT_ERR_##e }

/* v2.1: SPEC.md sections 2 to 6. */
static const struct jt_profile v21 = {
    .name = "v2.1",
    .status_names = {"pending", "running", "paused", "succeeded", "failed", "canceled"},
    .type_names = {"IMPORT", "BACKUP", "RESTORE", "CHANGEFEED", "SCHEMA CHANGE"},
    .terminal = {0, 0, 0, 1, 1, 1},
    .table =
        {
            /*               PAUSE                 RESUME                CANCEL */
            [JT_ST_PENDING] = {TO(PAUSED), ERR(RESUME_STATUS), TO(CANCELED)},
            [JT_ST_RUNNING] = {TO(PAUSED), NOOP, TO(CANCELED)},
            [JT_ST_PAUSED] = {NOOP, TO(RUNNING), TO(CANCELED)},
            [JT_ST_SUCCEEDED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), ERR(CANCEL_STATUS)},
            [JT_ST_FAILED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), ERR(CANCEL_STATUS)},
            [JT_ST_CANCELED] = {ERR(PAUSE_STATUS), ERR(RESUME_STATUS), NOOP},
        },
    .schema_refuses = {1, 1, 0},
    .rollback_refuses = {1, 1, 1},
    .control_admin_only = 1,
    .show_admin_only = 1,
    .errors =
        {
            [JT_ERR_NONE] = {"", ""},
            [JT_ERR_NOT_FOUND] = {"job with ID {id} does not exist", "XX000"},
            [JT_ERR_PAUSE_STATUS] = {"cannot pause {status} job (id {id}{errc})", "XX000"},
            [JT_ERR_RESUME_STATUS] = {"job with status {status}{errq} cannot be resumed", "XX000"},
            [JT_ERR_CANCEL_STATUS] = {"job with status {status}{errq} cannot be canceled", "XX000"},
            [JT_ERR_NOT_CONTROLLABLE] = {"job {id} is not controllable", "XX000"},
            [JT_ERR_PRIVILEGE] = {"only users with the admin role are allowed to {op} JOBS",
                                  "42501"},
            [JT_ERR_SHOW_PRIVILEGE] =
                {"user {user} does not have SELECT privilege on relation jobs", "XX000"},
            [JT_ERR_SHAPE] = {"{op} JOBS expects a single column source, got {arg} columns",
                              "XX000"},
            [JT_ERR_TYPE] = {"{op} JOBS requires int values, not type {arg}", "XX000"},
        },
    .op_words = {"PAUSE", "RESUME", "CANCEL"},
};

const struct jt_profile *const jt_profiles[] = {&v21, NULL};

const jt_profile *jt_profile_find(const char *name) {
    size_t i;
    if (!name)
        name = JT_PROFILE_DEFAULT;
    for (i = 0; jt_profiles[i]; i++)
        if (jt_strcaseeq(jt_profiles[i]->name, name))
            return jt_profiles[i];
    return NULL;
}

const char *jt_profile_name(const jt_profile *p) {
    return p->name;
}

int jt_profile_status(const struct jt_profile *p, const char *name) {
    int i;
    for (i = 0; i < JT_ST_COUNT; i++)
        if (p->status_names[i] && jt_strcaseeq(p->status_names[i], name))
            return i;
    return -1;
}

int jt_profile_type(const struct jt_profile *p, const char *name) {
    int i;
    for (i = 0; i < JT_TY_COUNT; i++)
        if (p->type_names[i] && jt_strcaseeq(p->type_names[i], name))
            return i;
    return -1;
}
