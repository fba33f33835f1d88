/* What a statement is, and the statements serve answers itself (see stmt.h). */
#include "sim/serve/stmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/serve/lex.h"
#include "sim/serve/pgsql.h"
#include "sim/serve/sres.h"
#include "sim/serve/vars.h"

/* ---- kinds ----------------------------------------------------------------------------- */

static int first_of(const jt_lexer *lx, const char *const *words) {
    for (; *words; words++)
        if (jt_lex_is(lx, *words))
            return 1;
    return 0;
}

/* Session functions serve answers: name, whether it is called with (), its column. */
typedef struct func_def {
    const char *name;
    int parens; /* 1: name(), 0: a bare word (current_user), 2: either */
} func_def;

static const func_def funcs[] = {
    {"VERSION", 1},        {"CURRENT_USER", 0},     {"SESSION_USER", 0},
    {"USER", 0},           {"CURRENT_DATABASE", 1}, {"CURRENT_CATALOG", 0},
    {"CURRENT_SCHEMA", 2}, {"PG_BACKEND_PID", 1},   {"CURRENT_SETTING", 1},
};
#define NFUNCS (sizeof funcs / sizeof funcs[0])

/* One session function call at lx ([pg_catalog.]name[()] or current_setting('x')), then an
   optional alias: its index and argument; the lexer moves past it. -1 when it is not one. */
static int read_func(jt_lexer *lx, char *arg, size_t argsize) {
    size_t k;
    if (jt_lex_is(lx, "PG_CATALOG")) {
        jt_lex_next(lx);
        if (!jt_lex_punct(lx, '.'))
            return -1;
        jt_lex_next(lx);
    }
    for (k = 0; k < NFUNCS && !jt_lex_is(lx, funcs[k].name); k++)
        ;
    if (k == NFUNCS)
        return -1;
    jt_lex_next(lx);
    arg[0] = '\0';
    if (jt_lex_punct(lx, '(')) {
        if (funcs[k].parens == 0)
            return -1;
        jt_lex_next(lx);
        if (strcmp(funcs[k].name, "CURRENT_SETTING") == 0) {
            if (lx->kind != JT_TK_STR)
                return -1;
            snprintf(arg, argsize, "%s", lx->str);
            jt_lex_next(lx);
        }
        if (!jt_lex_punct(lx, ')'))
            return -1;
        jt_lex_next(lx);
    } else if (funcs[k].parens == 1) {
        return -1;
    }
    return (int)k;
}

/* An alias after an item: AS name, or a bare name; into alias (empty: none). */
static void read_alias(jt_lexer *lx, char *alias, size_t size) {
    int as = jt_lex_is(lx, "AS");
    alias[0] = '\0';
    if (as)
        jt_lex_next(lx);
    if (lx->kind == JT_TK_QIDENT) {
        snprintf(alias, size, "%s", lx->str);
        jt_lex_next(lx);
    } else if (lx->kind == JT_TK_WORD && (as || !jt_lex_is(lx, "FROM"))) {
        size_t k, n = lx->len < size - 1 ? lx->len : size - 1;
        for (k = 0; k < n; k++) {
            char ch = lx->s[lx->start + k];
            alias[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        }
        alias[n] = '\0';
        jt_lex_next(lx);
    }
}

/* Calls f for each item of SELECT <session function> [, ...]; the number of items, or -1
   when sql is not of that form. */
static int each_func(const char *sql, void (*f)(void *, int, const char *, const char *),
                     void *ctx) {
    jt_lexer lx;
    char arg[JT_LIMIT_NAME + 8], alias[JT_LIMIT_NAME + 8];
    int n = 0, k;
    jt_lex_start(&lx, sql);
    if (!jt_lex_is(&lx, "SELECT"))
        goto fail;
    jt_lex_next(&lx);
    for (;;) {
        if ((k = read_func(&lx, arg, sizeof arg)) < 0)
            goto fail;
        read_alias(&lx, alias, sizeof alias);
        if (f)
            f(ctx, k, arg, alias);
        n++;
        if (!jt_lex_punct(&lx, ','))
            break;
        jt_lex_next(&lx);
    }
    if (lx.kind == JT_TK_SEMI)
        jt_lex_next(&lx);
    if (lx.kind != JT_TK_END)
        goto fail;
    jt_lex_end(&lx);
    return n;
fail:
    jt_lex_end(&lx);
    return -1;
}

int jt_stmt_kind(const char *sql) {
    static const char *const txn[] = {"BEGIN", "START",     "COMMIT",  "END", "ROLLBACK",
                                      "ABORT", "SAVEPOINT", "RELEASE", NULL};
    static const char *const var[] = {"SET", "RESET", "DISCARD", NULL};
    static const char *const model_show[] = {"JOB", "JOBS", "AUTOMATIC", NULL};
    jt_lexer lx;
    int kind = JT_ST_MODEL;
    if (jt_lex_empty_query(sql))
        return JT_ST_EMPTY;
    jt_lex_start(&lx, sql);
    if (jt_lex_is(&lx, "JOBTCK"))
        kind = JT_ST_JOBTCK;
    else if (first_of(&lx, txn))
        kind = JT_ST_TXN;
    else if (first_of(&lx, var))
        kind = JT_ST_VAR;
    else if (jt_lex_is(&lx, "DEALLOCATE"))
        kind = JT_ST_DEALLOC;
    else if (jt_lex_is(&lx, "SHOW")) {
        jt_lex_next(&lx);
        kind = first_of(&lx, model_show) ? JT_ST_MODEL : JT_ST_VAR;
    } else if (jt_lex_is(&lx, "SELECT") && each_func(sql, NULL, NULL) > 0)
        kind = JT_ST_FUNC;
    jt_lex_end(&lx);
    return kind;
}

int jt_stmt_ends_block(const char *sql) {
    static const char *const ends[] = {"COMMIT", "ROLLBACK", "ABORT", "END", NULL};
    jt_lexer lx;
    int yes;
    jt_lex_start(&lx, sql);
    yes = first_of(&lx, ends);
    jt_lex_end(&lx);
    return yes;
}

int jt_stmt_reads(const char *sql) {
    static const char *const reads[] = {"SELECT", "SHOW", "VALUES", NULL};
    jt_lexer lx;
    int yes;
    jt_lex_start(&lx, sql);
    yes = first_of(&lx, reads);
    jt_lex_end(&lx);
    return yes;
}

int jt_stmt_pure(int kind, const char *sql) {
    return kind == JT_ST_FUNC || (kind == JT_ST_VAR && jt_lex_first_is(sql, "SHOW"));
}

/* ---- session functions ----------------------------------------------------------------- */

typedef struct func_ctx {
    jt_serve *s;
    jt_conn *c;
    const char *names[64];
    char namebuf[64][JT_LIMIT_NAME + 8];
    const char *values[64];
    char valbuf[64][256];
    char types[65];
    int n, unknown_setting;
} func_ctx;

/* One item's column and value. */
static void func_item(void *p, int k, const char *arg, const char *alias) {
    func_ctx *fc = p;
    const char *name = funcs[k].name, *setting;
    char *v;
    size_t i;
    if (fc->n >= 64)
        return;
    v = fc->valbuf[fc->n];
    fc->types[fc->n] = 'T';
    if (strcmp(name, "VERSION") == 0)
        jt_serve_version_text(fc->s, v, sizeof fc->valbuf[0]);
    else if (strcmp(name, "CURRENT_DATABASE") == 0 || strcmp(name, "CURRENT_CATALOG") == 0)
        snprintf(v, sizeof fc->valbuf[0], "%s", fc->c->database ? fc->c->database : "");
    else if (strcmp(name, "CURRENT_SCHEMA") == 0)
        snprintf(v, sizeof fc->valbuf[0], "public");
    else if (strcmp(name, "PG_BACKEND_PID") == 0) {
        snprintf(v, sizeof fc->valbuf[0], "%u", fc->c->id);
        fc->types[fc->n] = 'I';
    } else if (strcmp(name, "CURRENT_SETTING") == 0) {
        setting = jt_var_get(fc->s, fc->c, arg);
        fc->unknown_setting |= !setting;
        snprintf(v, sizeof fc->valbuf[0], "%s", setting ? setting : arg);
    } else /* the users */
        snprintf(v, sizeof fc->valbuf[0], "%s", fc->c->user ? fc->c->user : "");
    /* The column: the alias, else the function's name in lower case. */
    snprintf(fc->namebuf[fc->n], sizeof fc->namebuf[0], "%s", alias[0] ? alias : name);
    for (i = 0; !alias[0] && fc->namebuf[fc->n][i]; i++)
        if (fc->namebuf[fc->n][i] >= 'A' && fc->namebuf[fc->n][i] <= 'Z')
            fc->namebuf[fc->n][i] = (char)(fc->namebuf[fc->n][i] - 'A' + 'a');
    fc->names[fc->n] = fc->namebuf[fc->n];
    fc->values[fc->n] = v;
    fc->n++;
}

static int answer_funcs(jt_serve *s, jt_conn *c, const char *sql, jt_result *out) {
    func_ctx *fc = jt_calloc(1, sizeof *fc);
    int rc = JT_OK;
    if (!fc)
        return JT_ENOMEM;
    fc->s = s;
    fc->c = c;
    if (each_func(sql, func_item, fc) < 0 || fc->n >= 64)
        rc = jt_sres_error(out, "0A000", "jobtck serve does not implement this query");
    else if (fc->unknown_setting)
        rc = jt_sres_error(out, "42704", "unrecognized configuration parameter \"%s\"",
                           fc->values[0]);
    else if (jt_sres_columns(out, (size_t)fc->n, fc->names, fc->types) ||
             jt_sres_row(out, fc->values))
        rc = JT_ENOMEM;
    else
        jt_sres_tag(out, "SELECT 1");
    free(fc);
    return rc;
}

/* ---- DEALLOCATE -------------------------------------------------------------------------- */

/* Forgets the extended protocol's statement name (serve's side); 1 when there was one. */
static int drop_pstmt(jt_conn *c, const char *name) {
    jt_pstmt **pp;
    for (pp = &c->pstmts; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->name, name) == 0) {
            jt_pstmt *p = *pp;
            *pp = p->next;
            free(p->name);
            free(p->sql);
            free(p->oids);
            free(p);
            return 1;
        }
    }
    return 0;
}

void jt_stmt_drop_all(jt_conn *c) {
    while (c->pstmts)
        drop_pstmt(c, c->pstmts->name);
}

int jt_stmt_drop(jt_conn *c, const char *name) {
    int a = drop_pstmt(c, name), b = jt_model_deallocate(c->ss, name);
    return a || b;
}

/* DEALLOCATE [PREPARE] name | ALL: a statement of either protocol, in both of its places. */
static int answer_deallocate(jt_conn *c, const char *sql, jt_result *out) {
    jt_lexer lx;
    char name[JT_LIMIT_NAME + 1];
    size_t k;
    int all = 0, rc = JT_OK;
    jt_lex_start(&lx, sql);
    jt_lex_next(&lx);
    if (jt_lex_is(&lx, "PREPARE"))
        jt_lex_next(&lx);
    name[0] = '\0';
    if (jt_lex_is(&lx, "ALL")) {
        all = 1;
    } else if (lx.kind == JT_TK_QIDENT) {
        snprintf(name, sizeof name, "%s", lx.str);
    } else if (lx.kind == JT_TK_WORD) {
        for (k = 0; k < lx.len && k < JT_LIMIT_NAME; k++) {
            char ch = lx.s[lx.start + k];
            name[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        }
        name[k] = '\0';
    } else {
        rc = 1;
    }
    jt_lex_next(&lx);
    if (lx.kind == JT_TK_SEMI)
        jt_lex_next(&lx);
    if (rc == 0 && lx.kind != JT_TK_END)
        rc = 1;
    jt_lex_end(&lx);
    if (rc)
        return jt_sres_error(out, "42601", "syntax error at or near \"DEALLOCATE\"");
    if (all) {
        jt_stmt_drop_all(c);
        jt_model_session_clear(c->ss);
    } else if (!jt_stmt_drop(c, name)) {
        return jt_sres_error(out, "26000", "prepared statement \"%s\" does not exist", name);
    }
    jt_sres_tag(out, all ? "DEALLOCATE ALL" : "DEALLOCATE");
    return JT_OK;
}

int jt_stmt_answer(jt_serve *s, jt_conn *c, int kind, const char *sql, jt_result *out) {
    int rc;
    jt_sres_init(out);
    if (kind == JT_ST_FUNC)
        return answer_funcs(s, c, sql, out);
    if (kind == JT_ST_DEALLOC)
        rc = answer_deallocate(c, sql, out);
    else
        rc = jt_vars_run(s, c, sql, out);
    if (rc == 1) { /* not a form serve reads: valid PostgreSQL, or not SQL */
        rc = jt_sres_error(out, "42601", "syntax error");
        if (rc == JT_OK)
            jt_stmt_not_supported(s, out, sql);
    }
    return rc;
}

/* ---- not SQL, or not served ------------------------------------------------------------ */

void jt_stmt_not_supported(const jt_serve *s, jt_result *r, const char *sql) {
    char msg[JT_MESSAGE_MAX];
    char *copy;
    if (!r->failed || strcmp(r->sqlstate, "42601") != 0 || !jt_pgsql_valid(sql))
        return;
    if (jt_pgsql_catalog(sql))
        snprintf(msg, sizeof msg,
                 "jobtck serve has no system catalogs: this query of PostgreSQL's catalogs (psql's "
                 "\\d and the like) is valid SQL that it does not implement");
    else
        snprintf(msg, sizeof msg,
                 "valid SQL that jobtck serve does not implement: it answers CockroachDB's job "
                 "control (profile %s), and SET, SHOW, BEGIN, COMMIT, ROLLBACK, PREPARE, "
                 "EXECUTE, DEALLOCATE, version(), current_user, current_database()",
                 jt_profile_name(s->profile));
    copy = jt_strdup(msg);
    if (!copy)
        return;
    free(r->message);
    r->message = copy;
    memcpy(r->sqlstate, "0A000", 6);
    r->position = 0;
}
