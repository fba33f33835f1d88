/* `let` and $name: the variables of one file, bound and substituted here only (verifying and
   completing alike). */
#include <stdlib.h>
#include <string.h>

#include "sim/run/internal.h"
#include "sim/text/strbuf.h"

void jt_run_vars_dispose(jt_run_vars *vars) {
    size_t i;
    for (i = 0; i < vars->n; i++) {
        free(vars->v[i].name);
        free(vars->v[i].value);
    }
    free(vars->v);
    memset(vars, 0, sizeof *vars);
}

static jt_run_var *find(const jt_run_vars *vars, const char *name, size_t n) {
    size_t i;
    for (i = 0; i < vars->n; i++)
        if (strlen(vars->v[i].name) == n && strncmp(vars->v[i].name, name, n) == 0)
            return &vars->v[i];
    return NULL;
}

int jt_run_vars_set(jt_run_vars *vars, const char *name, const char *value) {
    jt_run_var *v = find(vars, name, strlen(name));
    char *copy = NULL;
    int rc;
    if (value && !(copy = jt_strdup(value)))
        return JT_ENOMEM;
    if (!v) {
        rc = jt_grow((void **)&vars->v, &vars->cap, vars->n + 1, sizeof *vars->v, JT_LIMIT_RECORDS);
        if (rc < 0) {
            free(copy);
            return rc;
        }
        v = &vars->v[vars->n];
        v->name = jt_strdup(name);
        if (!v->name) {
            free(copy);
            return JT_ENOMEM;
        }
        v->value = NULL;
        vars->n++;
    }
    free(v->value);
    v->value = copy;
    return JT_OK;
}

static int is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}

int jt_run_vars_substitute(char **out, const char **unbound_out, const jt_run_vars *vars,
                           const char *sql) {
    jt_strbuf sb;
    const char *s = sql;
    int rc = JT_OK;
    *out = NULL;
    *unbound_out = NULL;
    if (!vars->n || !strchr(sql, '$')) /* nothing to substitute: sql as it is */
        return strlen(sql) > JT_LIMIT_SQL ? JT_ELIMIT : JT_OK;
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    while (*s && rc == JT_OK) {
        const char *dollar = vars->n ? strchr(s, '$') : NULL;
        size_t n = 0;
        jt_run_var *v;
        if (!dollar) {
            rc = jt_strbuf_adds(&sb, s);
            break;
        }
        rc = jt_strbuf_add(&sb, s, (size_t)(dollar - s));
        s = dollar + 1;
        if (is_name_start(*s))
            while (is_name_char(s[n]))
                n++;
        v = n ? find(vars, s, n) : NULL;
        if (rc < 0)
            break;
        if (!v) {
            rc = jt_strbuf_add(&sb, "$", 1);
            continue;
        }
        if (!v->value) {
            *unbound_out = v->name;
            goto out;
        }
        rc = jt_strbuf_adds(&sb, v->value);
        s += n;
    }
    if (rc == JT_OK && !(*out = jt_strbuf_take(&sb)))
        rc = JT_ENOMEM;
out:
    jt_strbuf_dispose(&sb);
    return rc;
}
