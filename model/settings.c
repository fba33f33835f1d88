/*
 * Settings (model/internal/stmt.h): SET and RESET of a session's variables, SET CLUSTER
 * SETTING, SHOW of a variable. Accepted and kept; honoured where they change what the model
 * does: use_declarative_schema_changer and the cluster's
 * sql.defaults.use_declarative_schema_changer (which schema changer's jobs DDL makes, ddl.c),
 * database (USE). A variable the model does not know the default of is outside the kit when
 * SHOW reads it before a SET.
 */
#include <stdio.h>
#include <string.h>

#include "model/internal/stmt.h"

/* The text of a setting's value expression (placeholders of EXECUTE too), in *out. */
static int value_text(jt_eval *ev, jt_expr *e, const char **out) {
    jt_select one;
    jt_rows rows;
    jt_expr *items[1];
    items[0] = e;
    memset(&one, 0, sizeof one);
    one.source = JT_SRC_NONE;
    one.items = items;
    one.nitems = 1;
    if (jt_eval_select(ev, &one, JT_T_STRING, &rows))
        return ev->rc;
    return jt_eval_text(ev, &rows.values[0], out);
}

static int set_var(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    const jt_ddl *d = st->ddl;
    const char *value = NULL;
    if (d->value && value_text(ev, d->value, &value))
        return jt_exec_eval_error(ev, out);
    if (jt_catalog_set(ev->m, ev->user, d->var, value))
        return JT_ENOMEM;
    snprintf(out->tag, sizeof out->tag, "SET");
    return JT_OK;
}

/* SET CLUSTER SETTING (RESET CLUSTER SETTING: value NULL): for admin members, as v19.2's
   RequireAdminRole("SET CLUSTER SETTING"). */
static int set_cluster(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    const jt_ddl *d = st->ddl;
    const char *value = NULL;
    if (!jt_store_is_admin(ev->m, ev->user))
        return jt_exec_fail(ev, out, "42501",
                            "only users with the admin role are allowed to SET CLUSTER SETTING");
    if (d->value && value_text(ev, d->value, &value))
        return jt_exec_eval_error(ev, out);
    if (jt_catalog_set(ev->m, NULL, d->var, value))
        return JT_ENOMEM;
    snprintf(out->tag, sizeof out->tag, "SET CLUSTER SETTING");
    return JT_OK;
}

/* SHOW var: its value in one column named after it. */
static int show_var(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    const char *name = st->ddl->var, *value = jt_catalog_setting(ev->m, ev->user, name);
    jt_rows rows;
    jt_value v;
    uint8_t type = JT_T_STRING;
    if (!value && strcmp(name, "database") == 0)
        value = jt_ddl_current_db(ev->m, ev->user);
    else if (!value && (strcmp(name, "session_user") == 0 || strcmp(name, "current_user") == 0))
        value = ev->user;
    else if (!value && strcmp(name, "application_name") == 0)
        value = "";
    if (!value)
        return jt_exec_outside(ev, out, "SHOW of a variable the model does not know");
    memset(&rows, 0, sizeof rows);
    memset(&v, 0, sizeof v);
    v.type = JT_T_STRING;
    v.s = value;
    rows.ncols = rows.nrows = rows.cap = 1;
    rows.names = &name;
    rows.types = &type;
    rows.values = &v;
    return jt_exec_rows(ev, out, &rows);
}

int jt_run_setting(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    if (!jt_catalog_of(ev->m))
        return JT_ENOMEM;
    switch (st->kind) {
    case JT_S_SET_CLUSTER:
        return set_cluster(ev, st, out);
    case JT_S_SHOW_VAR:
        return show_var(ev, st, out);
    case JT_S_RESET:
        if (jt_catalog_set(ev->m, ev->user, st->ddl->var, NULL))
            return JT_ENOMEM;
        snprintf(out->tag, sizeof out->tag, "RESET");
        return JT_OK;
    default:
        return set_var(ev, st, out);
    }
}
