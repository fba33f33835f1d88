/*
 * Roles and privileges (model/internal/stmt.h): CREATE|DROP|ALTER ROLE|USER, GRANT|REVOKE
 * role TO|FROM member, GRANT|REVOKE SYSTEM CONTROLJOB|VIEWJOB (v22.2 on), GRANT|REVOKE … ON
 * DATABASE|TABLE. Each changes the model's users as a user fixture would, and makes the jobs
 * its release makes (era.h: the version bumps of the role tables, "updating privileges for
 * database N"). Texts: pkg/sql/create_role.go ("a role/user named %s already exists", 42710),
 * alter_role.go and drop_role.go ("role/user %s does not exist", uncategorized), grant_role.go
 * and revoke_role.go ("role/user %s does not exist", 42704); the privilege errors follow
 * CockroachDB's "user %s does not have %s privilege" (docs/profiles.md says which were not
 * found in the stored sources). The names CREATE, DROP and ALTER give are normalised and
 * checked as the release does (rolename.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/rolename.h"
#include "model/internal/stmt.h"

/* The index of the role or user of that name that exists (not dropped), or -1. */
static int role_of(const jt_model *m, const char *name) {
    int u = jt_store_user(m, name);
    return u >= 0 && !m->users[u].dropped ? u : -1;
}

/* Whether the session user may manage roles: admin members (CockroachDB's CREATEROLE option
   is not modelled). */
static int may_manage_roles(const jt_eval *ev) {
    return jt_store_is_admin(ev->m, ev->user);
}

/* The uncategorized SQLSTATE of the profile (XX000 in v2.x, XXUUU from v19.1). */
static const char *uncategorized(const jt_model *m) {
    return m->profile->errors[JT_ERR_NOT_FOUND].sqlstate;
}

/* The refusal of name into out: 2, or JT_ENOMEM. */
static int name_refused(jt_eval *ev, int refusal, const char *name, jt_result *out) {
    char *msg = jt_arena_alloc(ev->a, JT_LIMIT_MESSAGE);
    const char *state;
    if (!msg)
        return JT_ENOMEM;
    state = jt_role_name_error(ev->m->era->role_names, refusal, name, uncategorized(ev->m), msg,
                               JT_LIMIT_MESSAGE);
    return jt_exec_fail(ev, out, state, "%s", msg) ? JT_ENOMEM : 2;
}

/* The names raw[0 .. n) as the statement means them (normalised: rolename.h) into *names,
   checked by the release's rules for their use as CockroachDB checks a list: every name's
   form, then reserved names. JT_OK; 2 refused (the error in out); JT_ENOMEM. */
static int role_names(jt_eval *ev, const char *const *raw, size_t n, int use, jt_result *out,
                      const char ***names) {
    int rules = ev->m->era->role_names, refusal, pass;
    const char **v = jt_arena_alloc(ev->a, (n + 1) * sizeof *v);
    size_t k;
    if (!v)
        return JT_ENOMEM;
    for (k = 0; k < n; k++)
        if (!(v[k] = jt_role_name_normal(ev->a, raw[k])))
            return JT_ENOMEM;
    *names = v;
    for (pass = 0; pass < 2; pass++)
        for (k = 0; k < n; k++) {
            refusal = pass ? jt_role_name_reserved(rules, use, v[k])
                           : jt_role_name_form(rules, use, v[k]);
            if (refusal != JT_NAME_OK)
                return name_refused(ev, refusal, v[k], out);
        }
    return JT_OK;
}

static int no_createrole(jt_eval *ev, jt_result *out) {
    return jt_exec_fail(ev, out, "42501", "user %s does not have CREATEROLE privilege", ev->user);
}

/* The time of the statement's changes (the jobs it makes). */
static int32_t now_of(const jt_model *m) {
    return jt_store_next_time(m);
}

static int tag(jt_result *out, const char *words) {
    snprintf(out->tag, sizeof out->tag, "%s", words);
    return JT_OK;
}

/* A user with exactly these options and roles (the store's user_set), JT_ENOMEM. */
static int user_set(jt_model *m, int u, int admin, unsigned options, uint32_t *roles, size_t nroles,
                    int *cycle) {
    int rc = jt_store_user_set(m, u, admin, (int)options, roles, nroles, cycle);
    return rc == JT_ENOMEM ? JT_ENOMEM : rc;
}

/* A copy of user u's roles (to change and give back to user_set). */
static uint32_t *roles_copy(const jt_user *x, size_t extra) {
    uint32_t *r = jt_malloc((x->nroles + extra + 1) * sizeof *r);
    if (r && x->nroles)
        memcpy(r, x->roles, x->nroles * sizeof *r);
    return r;
}

/* User u with this admin membership and these options, its roles kept. */
static int set_options(jt_model *m, int u, int admin, unsigned options) {
    jt_user *x = &m->users[u];
    uint32_t *roles = roles_copy(x, 0);
    int cycle;
    if (!roles)
        return JT_ENOMEM;
    return user_set(m, u, admin, options, roles, x->nroles, &cycle);
}

/* ---- CREATE, DROP, ALTER ---- */

/* Whether role u (-1: none; admin is none) is a user, not a role: up to v19.2 the statements
   tell them apart (system.users' "isRole"); the model's user may log in, a role not. */
static int is_a_user(const jt_model *m, int u) {
    return u >= 0 && m->users[u].login;
}

/* CREATE of a name taken: up to v19.2 "a user named …" or "a role named …", as the one that
   exists is (v2.0.0 … v19.2.0 create_user.go; 42710 from v2.1, v2.0's without a code), later
   "a role/user named …" (v20.1 create_role.go). */
static int exists(jt_eval *ev, jt_result *out, const char *name) {
    const jt_model *m = ev->m;
    int rules = m->era->role_names, u = role_of(m, name);
    if (rules >= JT_NAMES_V201)
        return jt_exec_fail(ev, out, "42710", "a role/user named %s already exists", name);
    return jt_exec_fail(ev, out, rules == JT_NAMES_V20 ? uncategorized(m) : "42710",
                        "a %s named %s already exists", is_a_user(m, u) ? "user" : "role", name);
}

/* Whether CREATE … IF NOT EXISTS of a taken name does nothing: up to v19.2 only when the one
   that exists is of the kind created (create_user.go: isRole == n.isRole), later always. */
static int skips(const jt_model *m, const char *name, int is_user) {
    int u = role_of(m, name);
    return m->era->role_names >= JT_NAMES_V201 || is_user == is_a_user(m, u);
}

static int create_role(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    const char **names, *name;
    int u, cycle, rc;
    if (!may_manage_roles(ev))
        return no_createrole(ev, out);
    if ((rc = role_names(ev, d->names, 1, JT_NAME_CREATE, out, &names)) != JT_OK)
        return rc == 2 ? JT_OK : rc;
    name = names[0];
    if (role_of(m, name) >= 0 || strcmp(name, "admin") == 0) {
        if (d->if_not_exists && skips(m, name, d->is_user))
            return tag(out, d->is_user ? "CREATE USER" : "CREATE ROLE");
        return exists(ev, out, name);
    }
    if ((rc = jt_store_user_add(m, name, 0, &u)) == JT_ELIMIT) /* the kit's limits: 54000 */
        return jt_exec_fail(ev, out, "54000",
                            "role name longer than %d bytes, or more than %d users", JT_LIMIT_NAME,
                            JT_LIMIT_USERS);
    if (rc != JT_OK)
        return rc;
    m->users[u].dropped = 0;
    /* CREATE USER may log in, CREATE ROLE may not (their default LOGIN/NOLOGIN): whether a
       real server opens a session as it (docs/profiles.md "Users") */
    m->users[u].login = d->is_user ? 1 : 0;
    rc = user_set(m, u, 0, d->opt_set & ~d->opt_clear, NULL, 0, &cycle);
    if (rc == JT_OK)
        rc = jt_newjob_bumps(m, m->era->create_bumps, ev->user, now_of(m));
    return rc ? rc : tag(out, d->is_user ? "CREATE USER" : "CREATE ROLE");
}

/* Takes role r out of every user's roles; *n counts the memberships removed. */
static int forget_memberships(jt_model *m, uint32_t r, size_t *n) {
    size_t i, k;
    for (i = 0; i < m->nusers; i++) {
        jt_user *x = &m->users[i];
        uint32_t *roles;
        int cycle, rc;
        for (k = 0; k < x->nroles && x->roles[k] != r; k++)
            ;
        if (k == x->nroles)
            continue;
        if (!(roles = roles_copy(x, 0)))
            return JT_ENOMEM;
        roles[k] = roles[x->nroles - 1];
        rc = user_set(m, (int)i, x->admin, x->options, roles, x->nroles - 1, &cycle);
        if (rc)
            return rc;
        (*n)++;
    }
    return JT_OK;
}

/* ---- DROP ---- */

/* A refusal into out: 2, or JT_ENOMEM. */
static int refused(int rc) {
    return rc ? rc : 2;
}

static int is_special(const char *name) {
    return strcmp(name, "root") == 0 || strcmp(name, "admin") == 0;
}

/* Appends a name to list (size bytes) after ", " when list has one, as CockroachDB's
   FormatName writes it: bare when a plain lower-case identifier, else double-quoted; as it is
   with as_is (a table's name of several parts). */
static void list_name(char *list, size_t size, const char *name, int as_is) {
    size_t n = strlen(list), k;
    int bare = name[0] != '\0' && !(name[0] >= '0' && name[0] <= '9');
    for (k = 0; name[k]; k++)
        bare &= (name[k] >= 'a' && name[k] <= 'z') || (name[k] >= '0' && name[k] <= '9') ||
                name[k] == '_';
    if (n + 2 < size && n)
        n += (size_t)snprintf(list + n, size - n, ", ");
    if (as_is || bare || n + 1 >= size) {
        snprintf(list + n, size - n, "%s", name);
        return;
    }
    list[n++] = '"';
    for (k = 0; name[k] && n + 3 < size; k++) /* a quote doubled */
        n += (size_t)snprintf(list + n, size - n, name[k] == '"' ? "\"\"" : "%c", name[k]);
    snprintf(list + n, size - n, "\"");
}

/* Whether one of names[0 .. n) holds a privilege on database db (-1: system): root and admin
   on every one (CockroachDB grants both ALL on each database and on system), others where a
   GRANT gave them one. */
static int holds(const jt_model *m, const char **names, size_t n, int db) {
    size_t k;
    int u;
    for (k = 0; k < n; k++)
        if (is_special(names[k]) ||
            (db >= 0 && (u = role_of(m, names[k])) >= 0 && jt_catalog_db_privs(m, db, (uint32_t)u)))
            return 1;
    return 0;
}

/* DROP's first check, over all its names (v2.0.0 … v19.2.0 drop_user.go, drop_role.go after):
   the objects where one of them still holds a privilege, databases in order of id (system's
   first), then tables (public's SELECT on system.comments where the release has it). When
   any: "cannot drop user[s] or role[s] …" up to v19.2, "role[s]/user[s] …" after; 42803 up to
   v20.1, 2BP01 after. 0 none, 2 refused (the error in out), JT_ENOMEM. */
static int grants_exist(jt_eval *ev, const char **names, size_t n, jt_result *out) {
    const jt_model *m = ev->m;
    char *on = jt_arena_alloc(ev->a, 2 * JT_LIMIT_MESSAGE), *who;
    const char *s = n == 1 ? "" : "s";
    size_t k;
    if (!on)
        return JT_ENOMEM;
    who = on + JT_LIMIT_MESSAGE;
    on[0] = who[0] = '\0';
    if (holds(m, names, n, -1))
        list_name(on, JT_LIMIT_MESSAGE, "system", 0);
    for (k = 0; m->catalog && k < m->catalog->ndbs; k++)
        if (holds(m, names, n, (int)k))
            list_name(on, JT_LIMIT_MESSAGE, m->catalog->dbs[k].name, 0);
    for (k = 0; m->era->public_comments && k < n; k++)
        if (strcmp(names[k], "public") == 0) {
            list_name(on, JT_LIMIT_MESSAGE, "system.public.comments", 1);
            break;
        }
    if (on[0] == '\0')
        return JT_OK;
    for (k = 0; k < n; k++)
        list_name(who, JT_LIMIT_MESSAGE, names[k], 0);
    return refused(m->era->role_names <= JT_NAMES_V21
                       ? jt_exec_fail(ev, out, "42803",
                                      "cannot drop user%s or role%s %s: grants still exist on %s",
                                      s, s, who, on)
                       : jt_exec_fail(ev, out, m->era->grants_2bp01 ? "2BP01" : "42803",
                                      "cannot drop role%s/user%s %s: grants still exist on %s", s,
                                      s, who, on));
}

/* Whether the role u is gone for this DROP: up to v19.2 DROP USER deletes only users and DROP
   ROLE only roles (drop_user.go: "isRole" = $2), later either. */
static int missing(const jt_model *m, int u, int is_user) {
    if (u < 0)
        return 1;
    return m->era->role_names <= JT_NAMES_V21 && is_user != is_a_user(m, u);
}

/* One role of DROP ROLE, once no privileges are held: JT_OK to drop (*u), 1 skipped (IF
   EXISTS), 2 refused (the error in out), or JT_ENOMEM. Texts: drop_user.go (v2.0.0: "role
   admin cannot be dropped", "user root cannot be dropped"; v2.1.0 … v19.2.0 "cannot drop
   special role|user", 22023; "user|role x does not exist", no code), drop_role.go ("role/user
   x does not exist", no code). */
static int drop_one(jt_eval *ev, const jt_stmt *st, const char *name, jt_result *out, int *u) {
    jt_model *m = ev->m;
    int rc, rules = m->era->role_names;
    *u = role_of(m, name);
    if (rules == JT_NAMES_V20 && is_special(name))
        rc = jt_exec_fail(ev, out, uncategorized(m), "%s %s cannot be dropped",
                          strcmp(name, "root") == 0 ? "user" : "role", name);
    else if (strcmp(name, "root") == 0)
        rc = jt_exec_fail(ev, out, "22023", "cannot drop special user %s", name);
    else if (strcmp(name, "admin") == 0 || (strcmp(name, "public") == 0 && rules != JT_NAMES_V20))
        rc = jt_exec_fail(ev, out, "22023", "cannot drop special role %s", name);
    else if (missing(m, *u, st->ddl->is_user) && st->ddl->if_exists)
        return 1;
    else if (missing(m, *u, st->ddl->is_user) && rules <= JT_NAMES_V21)
        rc = jt_exec_fail(ev, out, uncategorized(m), "%s %s does not exist",
                          st->ddl->is_user ? "user" : "role", name);
    else if (missing(m, *u, st->ddl->is_user))
        rc = jt_exec_fail(ev, out, uncategorized(m), "role/user %s does not exist", name);
    else
        return JT_OK;
    return rc ? rc : 2;
}

/* Drops user u: out of every role, no roles or options of its own. */
static int drop_user(jt_model *m, int u, size_t *memberships) {
    int cycle, rc = forget_memberships(m, (uint32_t)u, memberships);
    if (rc != JT_OK)
        return rc;
    *memberships += m->users[u].nroles;
    if ((rc = user_set(m, u, 0, 0, NULL, 0, &cycle)) != JT_OK)
        return rc;
    m->users[u].dropped = 1;
    return JT_OK;
}

static int drop_role(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_era *era = m->era;
    size_t k, memberships = 0, dropped = 0;
    int *users, rc = JT_OK;
    const char **names;
    if (!may_manage_roles(ev))
        return no_createrole(ev, out);
    if ((rc = role_names(ev, st->ddl->names, st->ddl->nnames, JT_NAME_DROP, out, &names)) !=
            JT_OK ||
        (rc = grants_exist(ev, names, st->ddl->nnames, out)) != JT_OK)
        return rc == 2 ? JT_OK : rc;
    if (!(users = jt_arena_alloc(ev->a, (st->ddl->nnames + 1) * sizeof *users)))
        return JT_ENOMEM;
    for (k = 0; k < st->ddl->nnames; k++) { /* every check first: all or nothing */
        rc = drop_one(ev, st, names[k], out, &users[k]);
        if (rc == 1)
            users[k] = -1;
        else if (rc != JT_OK)
            return rc < 0 ? rc : JT_OK; /* JT_ENOMEM, or the error is in out */
    }
    for (k = 0; k < st->ddl->nnames; k++) {
        if (users[k] < 0 || m->users[users[k]].dropped) /* skipped, or named twice */
            continue;
        if ((rc = drop_user(m, users[k], &memberships)) != JT_OK)
            return rc;
        dropped++;
    }
    if (dropped) {
        unsigned bumps = era->create_bumps | (memberships ? era->grant_bumps : 0u);
        if ((rc = jt_newjob_bumps(m, bumps, ev->user, now_of(m))) != JT_OK)
            return rc;
    }
    return tag(out, st->ddl->is_user ? "DROP USER" : "DROP ROLE");
}

static int alter_role(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    const char **names, *name;
    int u, rc;
    jt_user *x;
    if (!may_manage_roles(ev))
        return no_createrole(ev, out);
    if ((rc = role_names(ev, d->names, 1, JT_NAME_ALTER, out, &names)) != JT_OK)
        return rc == 2 ? JT_OK : rc;
    name = names[0];
    if (m->era->role_names == JT_NAMES_V212 && name[0] == '\0') /* alter_role.go: Undefined */
        return jt_exec_fail(ev, out, "22023", "no username specified");
    if (m->era->role_names >= JT_NAMES_V201 && strcmp(name, "admin") == 0) /* v20.1 on */
        return jt_exec_fail(ev, out, "42501", "cannot edit admin role");
    if ((u = role_of(m, name)) < 0) {
        if (d->if_exists)
            return tag(out, "ALTER ROLE");
        return jt_exec_fail(ev, out, uncategorized(m), "role/user %s does not exist", name);
    }
    x = &m->users[u];
    rc = set_options(m, u, x->admin, (x->options | d->opt_set) & ~d->opt_clear);
    if (rc == JT_OK && (d->opt_set | d->opt_clear))
        rc = jt_newjob_bumps(m, m->era->alter_bumps, ev->user, now_of(m));
    return rc ? rc : tag(out, "ALTER ROLE");
}

/* ---- GRANT and REVOKE role ---- */

/* Whether every name of the list is a role that exists ("admin" is one): JT_OK, 2 (the error
   in out), JT_ENOMEM. */
static int roles_exist(jt_eval *ev, const char **names, size_t n, jt_result *out) {
    size_t k;
    for (k = 0; k < n; k++)
        if (strcmp(names[k], "admin") != 0 && role_of(ev->m, names[k]) < 0)
            return refused(jt_exec_fail(ev, out, "42704", "role/user %s does not exist", names[k]));
    return JT_OK;
}

/* Member u in the admin role or not: 1 when that changed, 0 when not, 2 refused, JT_ENOMEM. */
static int admin_membership(jt_eval *ev, int u, int revoke, jt_result *out) {
    jt_user *x = &ev->m->users[u];
    int rc;
    if (revoke && strcmp(x->name, "root") == 0)
        return refused(
            jt_exec_fail(ev, out, "42501",
                         "user root cannot be removed from role admin or lose the ADMIN OPTION"));
    if (x->admin == !revoke)
        return 0;
    rc = set_options(ev->m, u, !revoke, x->options);
    return rc ? rc : 1;
}

/* Member u in role (or not, revoke): 1 when that changed, 0 when not, 2 refused (a cycle),
   JT_ENOMEM. */
static int membership(jt_eval *ev, int u, const char *role, int revoke, jt_result *out) {
    jt_model *m = ev->m;
    jt_user *x = &m->users[u];
    int r = role_of(m, role), cycle, rc;
    size_t k, n;
    uint32_t *roles;
    if (strcmp(role, "admin") == 0)
        return admin_membership(ev, u, revoke, out);
    for (k = 0; k < x->nroles && x->roles[k] != (uint32_t)r; k++)
        ;
    if ((k < x->nroles) != revoke)
        return 0;
    if (!(roles = roles_copy(x, 1)))
        return JT_ENOMEM;
    n = x->nroles;
    if (revoke)
        roles[k] = roles[--n];
    else
        roles[n++] = (uint32_t)r;
    rc = user_set(m, u, x->admin, x->options, roles, n, &cycle);
    if (rc == JT_EINVAL)
        return refused(jt_exec_fail(
            ev, out, "0LP01", "making %s a member of %s would create a cycle", x->name, role));
    return rc ? rc : 1;
}

/* The roles and members of GRANT|REVOKE role as the release reads them: from v21.2 folded
   (decodeusername.FromNameList and FromRoleSpecList with PurposeValidation: ALTER's use, which
   refuses nothing there), before as the lexer gives them (grant_role.go up to v20.2). */
static int grant_names(jt_eval *ev, const jt_ddl *d, jt_result *out, const char ***names,
                       const char ***members) {
    int rc;
    *names = d->names;
    *members = d->members;
    if (ev->m->era->role_names != JT_NAMES_V212)
        return JT_OK;
    if ((rc = role_names(ev, d->names, d->nnames, JT_NAME_ALTER, out, names)) != JT_OK)
        return rc;
    return role_names(ev, d->members, d->nmembers, JT_NAME_ALTER, out, members);
}

/* The pairs of GRANT|REVOKE role before any change: a role granted to itself is "x cannot be a
   member of itself" (0LP01; v2.1.0 roleccl/role.go, v20.1.0 grant_role.go); the admin role as
   a member is outside the kit (it keeps admin apart from its users). JT_OK, 2 refused (the
   answer in out), JT_ENOMEM. */
static int pairs_allowed(jt_eval *ev, const char **names, size_t n, const char **members,
                         size_t nmembers, int revoke, jt_result *out) {
    size_t i, k;
    for (i = 0; i < nmembers; i++)
        for (k = 0; k < n && !revoke; k++)
            if (strcmp(names[k], members[i]) == 0)
                return refused(
                    jt_exec_fail(ev, out, "0LP01", "%s cannot be a member of itself", members[i]));
    for (i = 0; i < nmembers; i++)
        if (strcmp(members[i], "admin") == 0)
            return refused(jt_exec_outside(ev, out, "the admin role as a member of a role"));
    return JT_OK;
}

static int grant_role(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    const jt_ddl *d = st->ddl;
    int revoke = st->kind == JT_S_REVOKE_ROLE, rc, changed = 0;
    size_t i, k;
    const char **names, **members;
    if (!may_manage_roles(ev))
        return jt_exec_fail(ev, out, "42501", "%s is not a superuser or role admin for role %s",
                            ev->user, d->names[0]);
    if ((rc = grant_names(ev, d, out, &names, &members)) != JT_OK ||
        (rc = roles_exist(ev, names, d->nnames, out)) != JT_OK ||
        (rc = roles_exist(ev, members, d->nmembers, out)) != JT_OK ||
        (rc = pairs_allowed(ev, names, d->nnames, members, d->nmembers, revoke, out)) != JT_OK)
        return rc < 0 ? rc : JT_OK;
    for (i = 0; i < d->nmembers; i++) {
        for (k = 0; k < d->nnames; k++) {
            rc = membership(ev, role_of(ev->m, members[i]), names[k], revoke, out);
            if (rc < 0 || rc == 2)
                return rc < 0 ? rc : JT_OK;
            changed |= rc;
        }
    }
    if (changed &&
        (rc = jt_newjob_bumps(ev->m, ev->m->era->grant_bumps, ev->user, now_of(ev->m))) != JT_OK)
        return rc;
    return tag(out, revoke ? "REVOKE" : "GRANT");
}

/* GRANT|REVOKE SYSTEM CONTROLJOB|VIEWJOB TO|FROM roles (v22.2 on): held as the role's option,
   as the user fixtures hold them. */
static int grant_system(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    int revoke = st->kind == JT_S_REVOKE_SYSTEM, rc;
    size_t k;
    if (!jt_store_is_admin(m, ev->user))
        return jt_exec_fail(ev, out, "42501", "user %s does not have GRANT privilege on system",
                            ev->user);
    if ((rc = roles_exist(ev, d->names, d->nnames, out)) != JT_OK)
        return rc < 0 ? rc : JT_OK;
    for (k = 0; k < d->nnames; k++) {
        int u = role_of(m, d->names[k]);
        jt_user *x;
        if (u < 0)
            continue; /* admin: it has every privilege */
        x = &m->users[u];
        rc = set_options(m, u, x->admin, revoke ? x->options & ~d->privs : x->options | d->privs);
        if (rc)
            return rc;
    }
    return tag(out, revoke ? "REVOKE" : "GRANT");
}

/* ---- GRANT … ON DATABASE|TABLE ---- */

/* The job "updating privileges for database N" (from v20.2; from v23.1 only when they
   changed). */
static int privileges_job(jt_eval *ev, int db, int changed) {
    jt_model *m = ev->m;
    const jt_era *era = m->era;
    char desc[64];
    int rc;
    if (!era->grant_db_job || (era->grant_db_changed_only && !changed))
        return JT_OK;
    snprintf(desc, sizeof desc, "updating privileges for database %lld",
             (long long)m->catalog->dbs[db].id);
    rc = jt_newjob(m, "SCHEMA CHANGE", JT_ST_SUCCEEDED, ev->user, desc, now_of(m), NULL);
    if (rc == JT_OK)
        m->catalog->schema_change_successful++;
    return rc < 0 ? rc : JT_OK;
}

/* GRANT|REVOKE privileges ON DATABASE x TO|FROM users: kept per database (a role with grants
   cannot be dropped); ON TABLE: accepted once the table is found. */
static int grant_on(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    const char *db = d->obj.db ? d->obj.db : jt_ddl_current_db(m, ev->user);
    int dbi = jt_catalog_db(m, db), rc, changed = 0;
    size_t k;
    if (dbi < 0)
        return jt_exec_fail(ev, out, "3D000", "database \"%s\" does not exist", db);
    if (!d->on_database && jt_catalog_table(m, db, d->obj.name) < 0)
        return jt_exec_fail(ev, out, "42P01", "relation \"%s\" does not exist", d->obj.name);
    if (!jt_store_is_admin(m, ev->user))
        return jt_exec_fail(ev, out, "42501", "user %s does not have GRANT privilege on %s %s",
                            ev->user, d->on_database ? "database" : "relation",
                            d->on_database ? db : d->obj.name);
    if ((rc = roles_exist(ev, d->names, d->nnames, out)) != JT_OK)
        return rc < 0 ? rc : JT_OK;
    for (k = 0; d->on_database && k < d->nnames; k++) {
        int u = role_of(m, d->names[k]);
        if (u < 0)
            continue;
        rc = jt_catalog_db_grant(m, dbi, (uint32_t)u, d->privs, d->revoke);
        if (rc < 0)
            return rc;
        changed |= rc;
    }
    if (d->on_database && (rc = privileges_job(ev, dbi, changed)) != JT_OK)
        return rc;
    return tag(out, d->revoke ? "REVOKE" : "GRANT");
}

int jt_run_role(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    switch (st->kind) {
    case JT_S_CREATE_ROLE:
        return create_role(ev, st, out);
    case JT_S_DROP_ROLE:
        return drop_role(ev, st, out);
    case JT_S_ALTER_ROLE:
        return alter_role(ev, st, out);
    case JT_S_GRANT_ROLE:
    case JT_S_REVOKE_ROLE:
        return grant_role(ev, st, out);
    case JT_S_GRANT_SYSTEM:
    case JT_S_REVOKE_SYSTEM:
        return grant_system(ev, st, out);
    default:
        return grant_on(ev, st, out);
    }
}
